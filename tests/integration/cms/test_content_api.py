"""The headless content API against the real database, after `load_demo_content`."""

from __future__ import annotations

import time

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openapi_spec_validator import validate

from cms.models import PATH_SLUGS, CareerPathPage, CareersHubPage, ComparisonPage
from cms.preview import PREVIEW_TOKEN_MAX_AGE, make_preview_token

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SEED = "ai-engineer-vs-machine-learning-engineer"


@pytest.fixture
def demo(_demo_for_module, db):
    """Overrides the package fixture: the module's demo content, seen from this test's savepoint."""


def test_hub_lists_the_ten_paths_in_order_with_jobs_and_salary_links(client, demo):
    response = client.get("/api/hub/")
    assert response.status_code == 200
    data = response.json()
    assert [p["slug"] for p in data["paths"]] == list(PATH_SLUGS)
    first = data["paths"][0]
    assert first["url"] == "/careers/ai-engineer/"
    assert first["jobs_url"] == "/jobs/ai-engineer/"
    assert first["salaries_url"] == "/salaries/ai-engineer/"
    for key in ("open_jobs", "median_annual", "currency", "sample_size"):
        assert key in first
    assert SEED in {c["slug"] for c in data["comparisons"]}


def test_seed_comparison_has_the_article_structure(client, demo):
    response = client.get(f"/api/comparisons/{SEED}/")
    assert response.status_code == 200
    data = response.json()
    assert data["left"]["slug"] == "ai-engineer" and data["right"]["slug"] == "ml-engineer"
    assert data["left"]["summary"] and data["right"]["summary"]
    assert data["short_version"]["summary"]
    assert "LLM applications" in data["short_version"]["choose_left_if"]
    assert "deploy" in data["short_version"]["choose_right_if"]
    topics = [block["value"]["topic"] for block in data["body"] if block["type"] == "comparison"]
    assert {"responsibilities", "skills", "salary", "genai_fit"} <= set(topics)
    for block in data["body"]:
        assert block["value"]["rows"], block["value"]["topic"]
    figures = {(s["figure"], s["source"]["publisher"]) for s in data["statistics"]}
    assert figures == {
        ("25%", "U.S. Bureau of Labor Statistics"),
        ("#1", "World Economic Forum"),
        ("16%", "Forrester"),
    }
    assert all(s["source"]["url"].startswith("https://") for s in data["statistics"])
    assert len(data["faq"]) >= 3 and all(q["question"] and q["answer_html"] for q in data["faq"])
    assert {"llm-engineer", "rag-engineer", "llmops-engineer"} <= {r["slug"] for r in data["related_paths"]}


def test_rich_text_internal_links_point_at_public_urls(client, demo):
    data = client.get(f"/api/comparisons/{SEED}/").json()
    salary = next(b for b in data["body"] if b["type"] == "comparison" and b["value"]["topic"] == "salary")
    assert 'href="/careers/ai-engineer/"' in salary["value"]["intro_html"]
    assert "linktype" not in str(data)


def test_path_detail_has_typed_blocks_related_paths_and_cited_figures(client, demo):
    response = client.get("/api/paths/ml-engineer/")
    assert response.status_code == 200
    data = response.json()
    types = [block["type"] for block in data["body"]]
    assert types[:4] == ["section", "responsibilities", "skills", "tools"]
    skills = next(b for b in data["body"] if b["type"] == "skills")["value"]
    assert {"kind", "label", "skills"} <= set(skills["groups"][0])
    assert 'href="/careers/data-scientist/"' in data["body"][0]["value"]["html"]
    assert [r["slug"] for r in data["related_paths"]] == ["mlops-engineer", "data-scientist", "ai-engineer"]
    assert data["related_paths"][0]["reason"]
    assert data["salary_notes"][0]["source"]["publisher"] == "U.S. Bureau of Labor Statistics"
    assert data["statistics"] and data["statistics"][0]["source"]["title"]
    assert "title_patterns" not in data  # editor-only


def test_lists_paginate(client, demo):
    data = client.get("/api/paths/?size=3&page=2").json()
    assert data["count"] == 10 and data["pages"] == 4 and data["page"] == 2
    assert [p["slug"] for p in data["results"]] == list(PATH_SLUGS[3:6])
    comparisons = client.get("/api/comparisons/").json()
    seed = next(c for c in comparisons["results"] if c["slug"] == SEED)
    assert seed["left"]["summary"] and seed["right"]["role_name"] == "Machine Learning Engineer"


@pytest.mark.parametrize(
    "url",
    [
        "/api/paths/?size=0",
        "/api/paths/?size=101",
        "/api/paths/?size=ten",
        "/api/paths/?page=-1",
        "/api/paths/?colour=blue",
        "/api/paths/?size=1&size=2",
        "/api/comparisons/?limit=5",
        "/api/hub/?x=1",
        "/api/paths/ml-engineer/?fields=body",
    ],
)
def test_bad_query_parameters_are_a_400_with_a_message(client, demo, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


@pytest.mark.parametrize("url", ["/api/paths/no-such-path/", "/api/comparisons/no-such-comparison/"])
def test_unknown_slugs_are_a_404_json(client, demo, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "no published" in response.json()["detail"]


def test_a_comparison_slug_is_not_a_path(client, demo):
    assert client.get(f"/api/paths/{SEED}/").status_code == 404


def test_drafts_are_never_served_publicly(client, demo):
    page = CareerPathPage.objects.get(slug="data-analyst")
    page.summary = "Draft summary"
    page.save_revision()
    assert client.get("/api/paths/data-analyst/").json()["summary"] != "Draft summary"
    page.unpublish()
    assert client.get("/api/paths/data-analyst/").status_code == 404
    assert "data-analyst" not in {p["slug"] for p in client.get("/api/hub/").json()["paths"]}
    assert "data-analyst" not in {p["slug"] for p in client.get("/api/paths/").json()["results"]}


def test_preview_token_serves_the_draft_privately(client, demo):
    page = CareerPathPage.objects.get(slug="data-analyst")
    page.summary = "Draft summary"
    revision = page.save_revision()
    token = make_preview_token(page, revision)
    response = client.get(f"/api/paths/data-analyst/?preview_token={token}")
    assert response.status_code == 200
    assert response.json()["summary"] == "Draft summary"
    assert "private" in response["Cache-Control"]


def test_preview_token_works_for_a_never_published_comparison(client, demo):
    index = ComparisonPage.objects.first().get_parent()
    draft = ComparisonPage(
        title="RAG Engineer vs LLM Engineer",
        slug="rag-engineer-vs-llm-engineer",
        left_path=CareerPathPage.objects.get(slug="rag-engineer"),
        right_path=CareerPathPage.objects.get(slug="llm-engineer"),
        summary="s",
        short_version="v",
        choose_left_if="a",
        choose_right_if="b",
        live=False,
    )
    index.add_child(instance=draft)
    revision = draft.save_revision()
    assert client.get("/api/comparisons/rag-engineer-vs-llm-engineer/").status_code == 404
    token = make_preview_token(draft, revision)
    response = client.get(f"/api/comparisons/rag-engineer-vs-llm-engineer/?preview_token={token}")
    assert response.status_code == 200
    assert response.json()["left"]["slug"] == "rag-engineer"


def test_expired_preview_token_is_a_404(client, demo, monkeypatch):
    page = CareerPathPage.objects.get(slug="data-analyst")
    token = make_preview_token(page, page.save_revision())
    later = time.time() + PREVIEW_TOKEN_MAX_AGE + 1
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert client.get(f"/api/paths/data-analyst/?preview_token={token}").status_code == 404


def test_forged_preview_token_is_a_404(client, demo):
    page = CareerPathPage.objects.get(slug="data-analyst")
    revision = page.save_revision()
    forged = signing.dumps({"p": page.pk, "r": revision.pk}, salt="cms.preview", key="guessed", compress=True)
    assert client.get(f"/api/paths/data-analyst/?preview_token={forged}").status_code == 404
    assert client.get("/api/paths/data-analyst/?preview_token=abc").status_code == 404


def test_preview_token_signed_with_the_old_development_fallback_key_is_a_404(client, demo):
    """Before keys were generated, DEBUG runs signed with a key printed in the settings."""
    page = CareerPathPage.objects.get(slug="data-analyst")
    page.summary = "Unpublished draft"
    revision = page.save_revision()
    grant = {"p": page.pk, "r": revision.pk}
    forged = signing.dumps(grant, salt="cms.preview", key="insecure-development-key-only-used-with-debug-on",
                           compress=True)
    assert client.get(f"/api/paths/data-analyst/?preview_token={forged}").status_code == 404
    genuine = signing.dumps(grant, salt="cms.preview", compress=True)
    assert client.get(f"/api/paths/data-analyst/?preview_token={genuine}").json()["summary"] == "Unpublished draft"


def test_preview_token_for_one_page_does_not_open_another(client, demo):
    page = CareerPathPage.objects.get(slug="data-analyst")
    token = make_preview_token(page, page.save_revision())
    assert client.get(f"/api/paths/data-engineer/?preview_token={token}").status_code == 404
    assert client.get(f"/api/comparisons/{SEED}/?preview_token={token}").status_code == 404


@pytest.mark.parametrize("url", ["/api/hub/", "/api/paths/", f"/api/comparisons/{SEED}/", "/api/jobs/"])
def test_responses_carry_etag_and_cache_control_and_revalidate_with_304(client, demo, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"]
    assert "max-age" in response["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == response["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_error_responses_carry_etag_and_cache_control_too(client, demo):
    response = client.get("/api/paths/?size=0")
    assert response.status_code == 400
    assert response["ETag"] and response["Cache-Control"] == "no-cache"


def test_etag_changes_when_content_is_published(client, demo):
    etag = client.get("/api/paths/rag-engineer/")["ETag"]
    page = CareerPathPage.objects.get(slug="rag-engineer")
    page.summary = "New summary"
    page.save_revision().publish()
    assert client.get("/api/paths/rag-engineer/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_cors_only_for_allowed_origins(client, demo, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://frontend.example"]
    allowed = client.get("/api/hub/", HTTP_ORIGIN="https://frontend.example")
    assert allowed["Access-Control-Allow-Origin"] == "https://frontend.example"
    other = client.get("/api/hub/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other


def test_openapi_schema_validates_and_lists_every_content_endpoint(client, demo):
    schema = client.get("/api/openapi.json").json()
    validate(schema)
    for path in ("/api/hub/", "/api/paths/", "/api/paths/{slug}/", "/api/comparisons/", "/api/comparisons/{slug}/"):
        assert "get" in schema["paths"][path], path
    detail = schema["paths"]["/api/paths/{slug}/"]["get"]
    assert {"200", "404"} <= set(detail["responses"])
    assert client.get("/api/docs").status_code == 200


def test_wagtail_pages_api_walks_the_tree(client, demo):
    response = client.get("/api/v2/pages/?type=cms.CareerPathPage&fields=summary,related_paths&limit=20")
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] == 10
    assert all(item["summary"] and item["related_paths"] for item in data["items"])
    assert response["ETag"] and response["Cache-Control"]
    page = CareerPathPage.objects.get(slug="data-analyst")
    page.unpublish()
    assert client.get("/api/v2/pages/?type=cms.CareerPathPage").json()["meta"]["total_count"] == 9


def _make_paths(count: int) -> None:
    hub = CareersHubPage.objects.get()
    index = ComparisonPage.objects.first().get_parent()
    first = CareerPathPage.objects.get(slug="ai-engineer")
    for n in range(count):
        page = hub.add_child(
            instance=CareerPathPage(title=f"Extra {n}", slug=f"extra-{n}", role_name=f"Extra {n}", summary="x")
        )
        index.add_child(
            instance=ComparisonPage(
                title=f"Extra {n} vs AI",
                slug=f"extra-{n}-vs-ai",
                left_path=page,
                right_path=first,
                summary="s",
                short_version="v",
                choose_left_if="a",
                choose_right_if="b",
            )
        )


@pytest.mark.parametrize("url", ["/api/paths/?size={n}", "/api/comparisons/?size={n}", "/api/hub/"])
def test_list_query_count_does_not_grow_with_length(client, demo, url):
    def queries(n: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url.format(n=n)).status_code == 200
        return len(captured.captured_queries)

    small = queries(1)
    _make_paths(45)
    large = queries(50)
    assert client.get(url.format(n=50)).json()  # the large list really is long
    assert large == small
