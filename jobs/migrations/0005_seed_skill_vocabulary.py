"""Seed the skill vocabulary with the skills the path pages and the seed article name."""

from django.db import migrations

# (name, aliases, category). Aliases are matched as whole words after folding.
SKILLS = [
    ("Python", [], "language"),
    ("SQL", ["PostgreSQL", "MySQL", "T-SQL"], "language"),
    ("TypeScript", ["JavaScript", "Node.js"], "language"),
    ("Scala", [], "language"),
    ("Java", [], "language"),
    ("Go (language)", ["Golang", "Go language"], "language"),
    ("Rust", [], "language"),
    ("R (language)", ["R programming", "RStudio", "tidyverse"], "language"),
    ("Bash", ["shell scripting"], "language"),
    ("Prompt engineering", ["prompt design", "prompting", "prompts"], "genai"),
    ("Retrieval-augmented generation", ["RAG", "retrieval augmented generation", "retrieval"], "genai"),
    ("LLM evaluation", ["evals", "LLM evals", "eval harness*", "Ragas"], "genai"),
    ("Embeddings", ["embedding models", "sentence transformers", "embedding"], "genai"),
    ("Vector databases", ["vector database", "vector store*", "pgvector", "Qdrant", "Weaviate", "Pinecone"], "genai"),
    ("Fine-tuning", ["fine tuning", "LoRA", "PEFT", "QLoRA"], "genai"),
    ("Agents and tool calling", ["agents", "agentic", "tool calling", "function calling"], "genai"),
    ("Guardrails", [], "genai"),
    ("LangChain", ["LangGraph"], "genai"),
    ("LlamaIndex", [], "genai"),
    ("Hugging Face", ["HuggingFace", "Hugging Face Transformers"], "genai"),
    ("vLLM", ["TGI", "text generation inference"], "genai"),
    ("Reranking", ["rerankers", "cross-encoder*"], "genai"),
    ("Hosted LLM APIs", ["OpenAI", "Anthropic", "Gemini", "Azure OpenAI", "Bedrock"], "genai"),
    ("Large language models", ["LLM", "LLMs", "large language model"], "genai"),
    ("PyTorch", ["torch"], "ml"),
    ("TensorFlow", ["Keras"], "ml"),
    ("JAX", [], "ml"),
    ("scikit-learn", ["sklearn", "scikit learn"], "ml"),
    ("XGBoost", ["LightGBM", "gradient boosting"], "ml"),
    ("Deep learning", ["neural networks", "neural network"], "ml"),
    ("Transformers", ["transformer models", "transformer architecture"], "ml"),
    ("Reinforcement learning", ["RLHF", "RL"], "ml"),
    ("Computer vision", ["CV models", "image recognition"], "ml"),
    ("Natural language processing", ["NLP"], "ml"),
    ("Feature engineering", [], "ml"),
    ("Feature stores", ["feature store", "Feast", "Tecton"], "ml"),
    ("Experiment tracking", ["MLflow", "Weights & Biases", "W&B", "wandb"], "ml"),
    ("Model serving", ["model deployment", "inference serving", "KServe", "Seldon", "BentoML"], "ml"),
    ("Model monitoring", ["drift detection", "data drift", "Evidently"], "ml"),
    ("Statistics", ["statistical modelling", "statistical modeling", "statistical analysis"], "data"),
    ("A/B testing", ["AB testing", "experiment design", "experimentation"], "data"),
    ("Causal inference", [], "data"),
    ("Forecasting", ["time series"], "data"),
    ("pandas", ["NumPy"], "data"),
    ("Spark", ["Apache Spark", "PySpark", "Databricks"], "data"),
    ("Airflow", ["Apache Airflow", "Dagster", "Prefect"], "data"),
    ("dbt", ["data build tool"], "data"),
    ("Kafka", ["Apache Kafka", "Flink", "stream processing"], "data"),
    ("Snowflake", [], "data"),
    ("BigQuery", [], "data"),
    ("Data modelling", ["data modeling", "dimensional modelling", "dimensional modeling"], "data"),
    ("Data quality", ["data quality testing", "Great Expectations"], "data"),
    ("ETL pipelines", ["ETL", "ELT", "data pipelines", "data pipeline"], "data"),
    ("Dashboards", ["Tableau", "Looker", "Power BI", "PowerBI"], "data"),
    ("Excel", ["Google Sheets", "spreadsheets"], "data"),
    ("Elasticsearch", ["OpenSearch"], "data"),
    ("Kubernetes", ["k8s", "Kubeflow"], "infrastructure"),
    ("Docker", ["containers", "containerisation", "containerization"], "infrastructure"),
    ("Terraform", ["infrastructure as code", "IaC", "Pulumi"], "infrastructure"),
    ("AWS", ["Amazon Web Services", "SageMaker"], "infrastructure"),
    ("Google Cloud", ["GCP", "Vertex AI"], "infrastructure"),
    ("Azure", ["Microsoft Azure"], "infrastructure"),
    ("CI/CD", ["continuous integration", "GitHub Actions"], "infrastructure"),
    ("GPU computing", ["CUDA", "GPUs", "GPU"], "infrastructure"),
    ("Observability", ["Prometheus", "Grafana", "Langfuse", "OpenTelemetry"], "infrastructure"),
    ("FastAPI", ["Flask", "Django"], "infrastructure"),
    ("API design", ["REST APIs", "REST API", "gRPC"], "practice"),
    ("Distributed systems", ["distributed computing", "Ray"], "practice"),
    ("Testing", ["unit tests", "test automation"], "practice"),
    ("Stakeholder management", ["stakeholder communication", "stakeholders"], "practice"),
]


def seed(apps, schema_editor):
    Skill = apps.get_model("jobs", "Skill")
    for name, aliases, category in SKILLS:
        Skill.objects.get_or_create(name=name, defaults={"aliases": "\n".join(aliases), "category": category})


def unseed(apps, schema_editor):
    apps.get_model("jobs", "Skill").objects.filter(name__in=[name for name, _aliases, _category in SKILLS]).delete()


class Migration(migrations.Migration):
    dependencies = [("jobs", "0004_market_skills_snapshots")]

    operations = [migrations.RunPython(seed, unseed)]
