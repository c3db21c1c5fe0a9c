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
    assert body["total"]["all"] == body["total"]["job"] + body["total"]["role"] + body["total"]["comparison"]
    first = body["results"][0]
    assert first["type"] == "role" and first["path"] == "llm-engineer" and first["url"] == "/careers/llm-engineer/"
    job = next(result for result in body["results"] if result["type"] == "job")
    assert set(job) >= {"id", "title", "url", "snippet", "path", "company", "locations", "salary", "posted_at"}
    assert job["url"] == f"/jobs/llm-engineer/{job['id']}/"
    # As in /api/jobs/: `url` is the listing's page here, `source_url` and `apply_url` the employer's.
    listing = next(row for row in listings.values() if row.pk == job["id"])
    assert (job["source_url"], job["apply_url"]) == (listing.url, listing.apply_url)
    assert job["source_url"].startswith("https://")
    assert {bucket["value"] for bucket in body["facets"]["type"]} == {"role", "comparison", "job"}
    assert body["currency"] == "USD" and body["understood"] == []
    assert body["suggestion"] is None
    remote_us = next(r for r in body["results"] if r["type"] == "job" and r["id"] == listings["llm_remote_us"].pk)
    assert remote_us["salary"]["annual_max"] == 190_000 and remote_us["salary"]["currency"] == "USD"


def test_a_job_without_a_career_path_has_no_page_here_but_keeps_the_employers_urls(api, make_listing):
    listing = make_listing("Quantum Annealing Specialist")
    services.rebuild()
    body = api.get("/api/search/", {"q": "quantum annealing", "type": "job"}).json()
    (job,) = body["results"]
    assert job["id"] == listing.pk and job["path"] is None and job["url"] is None
    assert (job["source_url"], job["apply_url"]) == (listing.url, listing.apply_url)


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
    assert body["currency"] == "USD"
    # The pay steps count listings in the currency the filter reads (the GBP one is not among them).
    salary = {b["value"]: b["count"] for b in body["facets"]["salary"]}
    assert salary == {"50000": 1, "100000": 1, "150000": 1, "200000": 0}
    body = api.get("/api/search/", {"type": "job", "salary_min": "100000", "currency": "GBP"}).json()
    assert [result["id"] for result in body["results"]] == [listings["llm_hybrid_gb"].pk]
    assert body["currency"] == "GBP"
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
    ("params", "message"),
    [
        ({"size": "51"}, "size: must be at most 50"),
        ({"unknown": "1"}, "unknown: unknown query parameter (expected: country, currency, employment_type"),
        ({"workplace": "moon"}, "workplace.0: must be one of remote, hybrid, onsite or unspecified"),
        ({"workplace": ""}, "workplace.0: must be one of"),
        ({"q": "x" * 201}, "q: must be at most 200 characters"),
        ({"q": ["a", "b"]}, "q: give the parameter once"),
        ({"size": ["10", "20"]}, "size: give the parameter once"),
        ({"page": "0"}, "page: must be at least 1"),
        ({"page": "-1"}, "page: must be at least 1"),
        ({"page": "201"}, "page: must be at most 200"),
        ({"type": "people"}, "type: must be one of all, role, comparison or job"),
        ({"understand": "maybe"}, "understand: must be one of 0 or 1"),
        ({"country": "<"}, "country.0: must match ^[A-Za-z]{2}$"),
        ({"country": ["GB", "Germany"]}, "country.1: must match"),
        ({"salary_min": "inf"}, "salary_min: must be"),
        ({"salary_min": "1e400"}, "salary_min: must be"),
    ],
)
def test_bad_input_is_a_400_with_a_message(api, career_paths, params, message):
    response = api.get("/api/search/", params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"].startswith(message), response.json()


def test_an_unknown_career_path_is_a_404(api, career_paths):
    response = api.get("/api/search/", {"path": ["llm-engineer", "no-such-path"]})
    assert response.status_code == 404
    assert response.json()["detail"] == "path: no career path 'no-such-path'"


def test_lists_are_repeated_parameters(api, listings):
    body = api.get("/api/search/", {"type": "job", "country": ["US", "gb"], "workplace": ["remote", "hybrid"]}).json()
    expected = {listings[name].pk for name in ("llm_remote_us", "llm_hybrid_gb", "analyst_remote_gb")}
    assert {result["id"] for result in body["results"]} == expected


def test_salary_min_with_several_currencies_reads_the_first(api, listings):
    body = api.get("/api/search/", {"type": "job", "salary_min": "100000", "currency": ["GBP", "USD"]}).json()
    assert body["currency"] == "GBP"
    assert [result["id"] for result in body["results"]] == [listings["llm_hybrid_gb"].pk]


def test_the_last_page_of_the_window_is_served(api, listings):
    response = api.get("/api/search/", {"q": "engineer", "page": "200", "size": "50"})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_suggest_rejects_unknown_parameters_and_long_input(api):
    response = api.get("/api/search/suggest/", {"q": "ll", "size": "3"})
    assert response.status_code == 400
    assert response.json()["detail"] == "size: unknown query parameter (expected: q)"
    response = api.get("/api/search/suggest/", {"q": "x" * 201})
    assert response.status_code == 400
    assert response.json()["detail"] == "q: must be at most 200 characters"
    assert api.get("/api/search/suggest/", {"q": ""}).json()["suggestions"] == []


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
    assert set(schema["paths"]["/api/search/"]["get"]["responses"]) >= {"200", "400", "404", "503"}
    declared = {p["name"]: p["schema"] for p in schema["paths"]["/api/search/"]["get"]["parameters"]}
    assert declared["country"]["type"] == "array" and declared["country"]["items"]["pattern"] == "^[A-Za-z]{2}$"
    assert declared["workplace"]["items"]["enum"] == ["remote", "hybrid", "onsite", "unspecified"]
    assert (declared["page"]["type"], declared["page"]["minimum"], declared["page"]["maximum"]) == ("integer", 1, 200)
    assert declared["size"]["maximum"] == 50 and declared["q"]["maxLength"] == 200
    assert declared["understand"]["enum"] == ["0", "1"]
    assert all("anyOf" not in body for body in declared.values())  # no null alternative


def test_workplace_and_seniority_words_in_q_become_filters_every_job_obeys(api, listings):
    body = api.get("/api/search/", {"q": "remote llm jobs", "type": "job"}).json()
    assert [result["id"] for result in body["results"]] == [listings["llm_remote_us"].pk]
    assert {(u["field"], u["value"], u["applied"]) for u in body["understood"]} == {
        ("workplace", "remote", True),
        ("intent", "jobs", True),
    }
    assert body["text"] == "llm"
    senior = api.get("/api/search/", {"q": "sr llm engineer", "type": "job"}).json()
    assert senior["results"] and all(result["seniority"] == "senior" for result in senior["results"])
    assert {"field": "seniority", "value": "senior", "text": "sr", "applied": True, "note": None} in senior[
        "understood"
    ]


def test_an_explicit_parameter_wins_over_q_and_says_so(api, listings):
    body = api.get("/api/search/", {"q": "remote llm", "type": "job", "workplace": "hybrid"}).json()
    assert [result["id"] for result in body["results"]] == [listings["llm_hybrid_gb"].pk]
    entry = next(u for u in body["understood"] if u["field"] == "workplace")
    assert entry["applied"] is False and "workplace=hybrid" in entry["note"]


def test_understand_0_matches_q_as_typed(api, listings):
    body = api.get("/api/search/", {"q": "remote llm", "type": "job", "understand": "0"}).json()
    assert body["understood"] == [] and body["text"] == "remote llm"
    # "remote" is now a word to match: only the listing whose text says it.
    assert [result["id"] for result in body["results"]] == [listings["llm_remote_us"].pk]


def test_a_query_of_modifiers_only_filters_and_lists(api, listings):
    body = api.get("/api/search/", {"q": "remote"}).json()
    jobs = [result for result in body["results"] if result["type"] == "job"]
    assert body["total"]["job"] == 2 and {job["workplace"] for job in jobs} == {"remote"}
    assert body["total"]["role"] == 10


def test_pay_in_q_reads_its_currency(api, listings):
    body = api.get("/api/search/", {"q": "llm engineer £80k", "type": "job"}).json()
    assert body["currency"] == "GBP"
    assert [result["id"] for result in body["results"]] == [listings["llm_hybrid_gb"].pk]
    dollars = api.get("/api/search/", {"q": "llm over 100k", "type": "job"}).json()
    assert dollars["currency"] == "USD"
    assert [result["id"] for result in dollars["results"]] == [listings["llm_remote_us"].pk]


def test_places_in_q_filter_by_city_or_country(api, listings):
    body = api.get("/api/search/", {"q": "llm engineer in london", "type": "job"}).json()
    assert [result["id"] for result in body["results"]] == [listings["llm_hybrid_gb"].pk]
    uk = api.get("/api/search/", {"q": "uk jobs", "type": "job"}).json()
    assert uk["results"] and all("GB" in result["countries"] for result in uk["results"])


def test_comparisons_are_labelled_and_counted_as_comparisons(api, listings):
    body = api.get("/api/search/", {"q": "llm vs ml engineer"}).json()
    first = body["results"][0]
    assert first["type"] == "comparison" and first["url"] == "/compare/llm-engineer-vs-machine-learning-engineer/"
    assert body["total"]["comparison"] >= 1
    assert all(r["type"] == "comparison" for r in api.get("/api/search/", {"type": "comparison"}).json()["results"])


def test_a_salary_word_leads_to_the_paths_salary_page(api, listings):
    first = api.get("/api/search/", {"q": "llm engineer salary"}).json()["results"][0]
    assert (first["type"], first["url"]) == ("role", "/salaries/llm-engineer/")


@pytest.mark.parametrize("search_type", ["all", "role", "comparison", "job"])
def test_paging_walks_every_result_once_and_past_the_end_is_empty(api, listings, search_type):
    first = api.get("/api/search/", {"q": "engineer", "type": search_type, "size": 3}).json()
    totals = first["total"]
    seen: list[tuple[str, int]] = []
    page = 1
    while True:
        body = api.get("/api/search/", {"q": "engineer", "type": search_type, "size": 3, "page": page}).json()
        assert body["total"] == totals
        if not body["results"]:
            break
        seen += [(result["type"], result["id"]) for result in body["results"]]
        page += 1
    assert len(seen) == len(set(seen)) == totals["all"]
    for kind in ("role", "comparison", "job"):
        if search_type in ("all", kind):
            assert sum(1 for seen_kind, _ in seen if seen_kind == kind) == totals[kind]


def test_job_snippets_come_from_the_title_or_description_only(api, listings):
    body = api.get("/api/search/", {"q": "northwind llm", "type": "job"}).json()
    import html
    import re

    for result in body["results"]:
        listing = next(row for row in listings.values() if row.pk == result["id"])
        shown = html.unescape(re.sub(r"</?mark>", "", result["snippet"])).rstrip("…")
        assert shown.strip() in listing.description_text + " " + listing.title


def test_suggest_groups_roles_comparisons_and_job_titles(api, listings):
    body = api.get("/api/search/suggest/", {"q": "llm"}).json()
    assert body["groups"]["roles"][0] == {"title": "LLM Engineer", "url": "/careers/llm-engineer/", "count": None}
    assert any(entry["title"].startswith("LLM Engineer vs") for entry in body["groups"]["comparisons"])
    # Job titles that repeat a role's title are left out of the jobs group.
    assert [entry["title"] for entry in body["groups"]["jobs"]] == ["Senior LLM Engineer"]
    assert body["suggestions"][0] == "LLM Engineer"
