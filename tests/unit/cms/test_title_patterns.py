"""Title patterns: how editors' lines become patterns, and where real-world titles land."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cms import demo_data
from cms.models import PATH_SLUGS, CareerPathPage
from jobs.classify import compile_rules

# Building a page instance looks up its content type.
pytestmark = pytest.mark.django_db


def test_pattern_list_strips_collapses_spaces_and_drops_blank_lines():
    page = CareerPathPage(title_patterns="  ML   engineer \n\n machine learning engineer\r\n")
    assert page.title_pattern_list() == ["ML engineer", "machine learning engineer"]


def test_pattern_list_drops_case_insensitive_duplicates_keeping_the_first():
    page = CareerPathPage(title_patterns="LLM engineer\nllm ENGINEER\nLLM")
    assert page.title_pattern_list() == ["LLM engineer", "LLM"]


@pytest.mark.parametrize("bad", ["<script>", "engineer; drop table", "x" * 101])
def test_clean_rejects_patterns_that_are_not_plain_words(bad):
    page = CareerPathPage(title="AI Engineer", slug="ai-engineer", role_name="AI", summary="s", title_patterns=bad)
    with pytest.raises(ValidationError) as error:
        CareerPathPage.clean(page)
    assert "title_patterns" in error.value.message_dict


def test_every_demo_pattern_passes_validation():
    for spec in demo_data.PATHS:
        page = CareerPathPage(title_patterns="\n".join(spec["patterns"]))
        assert page.title_pattern_list(), spec["slug"]
        for pattern in page.title_pattern_list():
            assert len(pattern) <= 100


def test_demo_content_covers_the_ten_path_slugs_in_hub_order():
    assert [spec["slug"] for spec in demo_data.PATHS] == list(PATH_SLUGS)


def _classifier():
    return compile_rules(
        (spec["slug"], pattern)
        for spec in demo_data.PATHS
        for pattern in CareerPathPage(title_patterns="\n".join(spec["patterns"])).title_pattern_list()
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Machine Learning Engineer", "ml-engineer"),
        ("Senior ML Engineer", "ml-engineer"),
        ("Applied ML Engineer", "ml-engineer"),
        ("AI/ML Engineer", "ml-engineer"),
        ("Computer Vision Engineer", "ml-engineer"),
        ("Senior AI Engineer", "ai-engineer"),
        ("Applied AI Engineer, Agents", "ai-engineer"),
        ("Staff Software Engineer, AI", "ai-engineer"),
        ("GenAI Engineer", "llm-engineer"),
        ("Generative AI Engineer", "llm-engineer"),
        ("LLM Engineer", "llm-engineer"),
        ("Prompt Engineer", "llm-engineer"),
        ("RAG Engineer", "rag-engineer"),
        ("Retrieval Engineer", "rag-engineer"),
        ("Search Relevance Engineer", "rag-engineer"),
        ("LLM Ops Engineer", "llmops-engineer"),
        ("LLMOps Engineer", "llmops-engineer"),
        ("LLM Inference Engineer", "llmops-engineer"),
        ("MLOps Engineer", "mlops-engineer"),
        ("ML Platform Engineer", "mlops-engineer"),
        ("Machine Learning Operations Engineer", "mlops-engineer"),
        ("Senior Data Scientist", "data-scientist"),
        ("Product Data Scientist", "data-scientist"),
        ("Analytics Engineer", "data-engineer"),
        ("Senior Data Engineer (Spark)", "data-engineer"),
        ("BI Analyst", "data-analyst"),
        ("Business Intelligence Analyst", "data-analyst"),
        ("Data Analyst", "data-analyst"),
        ("Research Scientist, AI", "ai-research-scientist"),
        ("Machine Learning Researcher", "ai-research-scientist"),
        ("AI Research Engineer", "ai-research-scientist"),
        ("Applied Scientist", "ai-research-scientist"),
        ("Machine Learning Research Intern", "ai-research-scientist"),
        ("Search & Relevance Engineer", "rag-engineer"),
        ("Gen AI Developer", "llm-engineer"),
        ("Marketing Analyst", "data-analyst"),
        ("Software Engineer - ML Infrastructure", "mlops-engineer"),
        ("Ingénieur·e Machine Learning – IA générative", "ml-engineer"),
        ("機械学習エンジニア（LLM）", "ml-engineer"),
        ("مهندس تعلم الآلة (LLM)", "ml-engineer"),
        ("Ingénieur IA", "ai-engineer"),
        ("Analista de Datos", "data-analyst"),
    ],
)
def test_demo_patterns_classify_real_world_titles(title, expected):
    rule = _classifier().classify(title)
    assert rule is not None, title
    assert rule.path_slug == expected


@pytest.mark.parametrize(
    "title",
    [
        "Account Executive",
        "Office Manager",
        "AI Trainer",
        "Frontend Engineer",
        "General Application – AI Talent Community",
    ],
)
def test_demo_patterns_leave_unrelated_titles_unclassified(title):
    assert _classifier().classify(title) is None
