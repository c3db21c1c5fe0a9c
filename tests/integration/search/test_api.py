"""The search API over HTTP (Django's test client) against the embedded engine."""

from __future__ import annotations

import pytest
from django.test import Client
from elasticsearch import Elasticsearch

from search import engine, services

from .conftest import free_port

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("clean_indices")]


@pytest.fixture
def api() -> Client:
    return Client()


@pytest.fixture
def listings(career_paths, make_listing) -> dict:
    made = {
        "llm_remote_us": make_listing(
            "LLM Engineer",
            career_path=career_paths["llm-engineer"],
            workplace="remote",
            country_codes=["US"],
            locations=["Remote - US"],
            salary_currency="USD",
            salary_annual_min=150_000,
            salary_annual_max=190_000,
            seniority="senior",
        ),
        "llm_hybrid_gb": make_listing(
            "Senior LLM Engineer",
            career_path=career_paths["llm-engineer"],
            workplace="hybrid",
            country_codes=["GB"],
            locations=["London, UK"],
            salary_currency="GBP",
            salary_annual_min=90_000,
            salary_annual_max=110_000,
        ),
        "analyst_remote_gb": make_listing(
            "Data Analyst",
            career_path=career_paths["data-analyst"],
            workplace="remote",
            country_codes=["GB"],
            locations=["Remote - UK"],
        ),
        "xss": make_listing(
            '<script>alert("x")</script> RAG Engineer',
            career_path=career_paths["rag-engineer"],
            description_text='Build retrieval. <img src=x onerror="alert(1)"> RAG pipelines.',
        ),
    }
    services.rebuild()
    return made


def test_search_answers_with_totals_results_facets_and_no_suggestion(api, listings):
    response = api.get("/api/search/", {"q": "llm"})
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "llm"
    assert body["total"]["job"] == 2 and body["total"]["role"] >= 1
    assert body["total"]["all"] == body["total"]["job"] + body["total"]["role"]
    first = body["results"][0]
    assert first["type"] == "role" and first["path"] == "llm-engineer" and first["url"] == "/careers/llm-engineer/"
    job = next(result for result in body["results"] if result["type"] == "job")
    assert set(job) >= {"id", "title", "url", "snippet", "path", "company", "locations", "salary", "posted_at"}
    assert job["url"] == f"/jobs/llm-engineer/{job['id']}/"
    assert {bucket["value"] for bucket in body["facets"]["type"]} == {"role", "job"}
    assert body["suggestion"] is None
    remote_us = next(r for r in body["results"] if r["type"] == "job" and r["id"] == listings["llm_remote_us"].pk)
    assert remote_us["salary"]["annual_max"] == 190_000 and remote_us["salary"]["currency"] == "USD"


def test_facet_counts_respect_the_other_filters_but_not_their_own(api, listings):
    body = api.get("/api/search/", {"type": "job", "workplace": "remote", "country": "GB"}).json()
    assert [result["id"] for result in body["results"]] == [listings["analyst_remote_gb"].pk]
    facets = {name: {b["value"]: b["count"] for b in buckets} for name, buckets in body["facets"].items()}
    # Workplace counts ignore the workplace filter but keep country=GB: one remote, one hybrid in GB.
    assert facets["workplace"] == {"remote": 1, "hybrid": 1}
    # Country counts keep workplace=remote: one remote job in GB, one in the US.
    assert facets["country"] == {"GB": 1, "US": 1}
    assert facets["path"] == {"data-analyst": 1}


def test_salary_and_currency_filters(api, listings):
    body = api.get("/api/search/", {"type": "job", "salary_min": "120000"}).json()
    assert [result["id"] for result in body["results"]] == [listings["llm_remote_us"].pk]
    salary = {b["value"]: b["count"] for b in body["facets"]["salary"]}
    assert salary == {"50000": 2, "100000": 2, "150000": 1, "200000": 0}
    body = api.get("/api/search/", {"type": "job", "currency": "gbp"}).json()
    assert [result["id"] for result in body["results"]] == [listings["llm_hybrid_gb"].pk]


def test_path_filter_narrows_roles_and_jobs(api, listings):
    body = api.get("/api/search/", {"q": "engineer", "path": "llm-engineer"}).json()
    assert {result["path"] for result in body["results"] if result["type"] == "job"} == {"llm-engineer"}
    roles = [result for result in body["results"] if result["type"] == "role"]
    assert roles and all("llm-engineer" in role["paths"] for role in roles)


def test_untrusted_text_comes_back_escaped(api, listings):
    body = api.get("/api/search/", {"q": "rag engineer", "type": "job"}).json()
    result = next(r for r in body["results"] if r["id"] == listings["xss"].pk)
    assert "<script>" not in result["title_highlighted"] and "&lt;script&gt;" in result["title_highlighted"]
    assert "<img" not in result["snippet"] and "<mark>" in result["snippet"]


def test_each_request_is_one_round_trip(api, listings, monkeypatch):
    calls: list[str] = []
    for name in ("search", "msearch", "count", "mget"):
        original = getattr(Elasticsearch, name)

        def counted(self, *args, _name=name, _original=original, **kwargs):
            calls.append(_name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Elasticsearch, name, counted)
    assert api.get("/api/search/", {"q": "llm", "workplace": "remote"}).status_code == 200
    assert api.get("/api/search/suggest/", {"q": "ll"}).status_code == 200
    assert calls == ["msearch", "msearch"]


@pytest.mark.parametrize(
    "params",
    [
        {"size": "51"},
        {"unknown": "1"},
        {"workplace": "moon"},
        {"q": "x" * 201},
        {"path": "no-such-path"},
        {"page": "0"},
        {"type": "people"},
    ],
)
def test_bad_input_is_a_400_with_a_message(api, career_paths, params):
    response = api.get("/api/search/", params)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_suggest_rejects_unknown_parameters_and_long_input(api):
    assert api.get("/api/search/suggest/", {"q": "ll", "size": "3"}).status_code == 400
    assert api.get("/api/search/suggest/", {"q": "x" * 201}).status_code == 400
    assert api.get("/api/search/suggest/", {"q": ""}).json() == {"query": "", "suggestions": []}


def test_an_unreachable_engine_is_a_503_never_a_500(api, career_paths, settings):
    running = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"
    engine.reset_client()
    try:
        for path in ("/api/search/", "/api/search/suggest/"):
            response = api.get(path, {"q": "llm"})
            assert response.status_code == 503
            assert "unavailable" in response.json()["detail"]
    finally:
        settings.ELASTICSEARCH_URL = running
        engine.reset_client()


def test_missing_indices_are_a_503(api, db, search_engine_url):
    response = api.get("/api/search/", {"q": "llm"})
    assert response.status_code == 503


def test_the_endpoints_are_in_the_openapi_schema(api):
    schema = api.get("/api/openapi.json").json()
    assert "/api/search/" in schema["paths"] and "/api/search/suggest/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/search/"]["get"]["parameters"]}
    assert parameters >= {"q", "type", "path", "workplace", "country", "salary_min", "posted_within", "size"}
    assert set(schema["paths"]["/api/search/"]["get"]["responses"]) >= {"200", "400", "503"}
