from django.db import migrations

SEED = [
    "LLM, large language model",
    "ML, machine learning",
    "GenAI, generative AI",
    "RAG, retrieval augmented generation",
    "NLP, natural language processing",
    "MLOps, ML operations",
    "AI, artificial intelligence",
]


def seed(apps, schema_editor):
    Synonym = apps.get_model("careersearch", "Synonym")
    for terms in SEED:
        Synonym.objects.get_or_create(terms=terms)


def unseed(apps, schema_editor):
    Synonym = apps.get_model("careersearch", "Synonym")
    Synonym.objects.filter(terms__in=SEED).delete()


class Migration(migrations.Migration):
    dependencies = [("careersearch", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
