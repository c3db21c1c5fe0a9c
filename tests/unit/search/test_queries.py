"""The query builder, read as plain JSON through `.to_dict()`, and how answers become the API's response."""

from __future__ import annotations

import json

import pytest

from search import queries
from search.queries import SearchRequest
from search.understanding import Understood

ROLES, JOBS = "p-roles", "p-jobs"
PATHS, COMPARISONS, JOB_SEARCH, PROBE = 1, 3, 5, 7  # bodies in the multi-search


def build(**kwargs):
    return queries.build_search(SearchRequest(**kwargs), roles_index=ROLES, jobs_index=JOBS)


def _filters(body: dict) -> list[dict]:
    return body["query"]["bool"]["filter"]


def test_one_multi_search_with_paths_comparisons_jobs_and_a_suggestion_probe():
    plan = build(q="llm engineer")
    headers = plan.body[0::2]
    assert headers == [{"index": [ROLES]}, {"index": [ROLES]}, {"index": [JOBS]}, {"index": [f"{ROLES},{JOBS}"]}]
    assert {"term": {"kind": "path"}} in _filters(plan.body[PATHS])
    assert {"term": {"kind": "comparison"}} in _filters(plan.body[COMPARISONS])
    json.dumps(plan.body)  # plain JSON all the way down


def test_no_suggestion_probe_without_text():
    plan = build(q="")
    assert len(plan.body) == 6
    assert plan.body[PATHS]["query"] == {"bool": {"filter": [{"term": {"kind": "path"}}]}}
    assert plan.body[PATHS]["sort"] == [{"order": "asc"}]
    assert "query" not in plan.body[JOB_SEARCH] and plan.body[JOB_SEARCH]["sort"] == [{"posted_at": {"order": "desc"}}]


def test_each_word_is_required_fuzzily_or_as_its_expansion():
    request = SearchRequest(q="ml eng", text="ml eng", typed="ml eng")
    jobs = queries.build_search(request, roles_index=ROLES, jobs_index=JOBS).body[JOB_SEARCH]
    required = _filters(jobs)[0]["bool"]["should"]
    words = required[0]["bool"]
    assert words["minimum_should_match"] == "3<75%"
    first = words["should"][0]["bool"]["should"]
    assert first[0]["match"]["all_text"]["query"] == "ml"
    assert first[0]["match"]["all_text"]["fuzziness"] == queries.FUZZINESS
    assert first[1] == {"match": {"all_text": {"query": "machine learning", "operator": "and"}}}
    # The run-together title field is the other way in ("datascientist" on Elasticsearch).
    assert required[1] == {"match": {"title.joined": {"query": "ml eng", "operator": "and"}}}


def test_scoring_tries_the_words_as_typed_and_spelt_out():
    jobs = build(q="mle").body[JOB_SEARCH]
    queries_scored = {c["multi_match"]["query"] for c in jobs["query"]["bool"]["should"] if "multi_match" in c}
    assert queries_scored == {"mle", "machine learning engineer"}
    fuzzy = jobs["query"]["bool"]["should"][0]["multi_match"]
    assert fuzzy["fuzziness"] == queries.FUZZINESS and fuzzy["fields"][0] == "title^6"


def test_fresher_jobs_rank_higher_through_a_stepped_boost_on_posting_date():
    should = build(q="llm").body[JOB_SEARCH]["query"]["bool"]["should"]
    steps = [clause["range"]["posted_at"] for clause in should if "range" in clause]
    expected = ["now-7d/d", "now-30d/d", "now-90d/d"]
    assert steps == [{"gte": since, "boost": queries.FRESHNESS_STEP} for since in expected]


def test_a_query_naming_a_role_gets_the_exact_name_boost():
    should = build(q="LLM").body[PATHS]["query"]["bool"]["should"]
    assert {"term": {"names.exact": {"value": "llm", "boost": 30}}} in should
    should = build(q="ML Engineer").body[JOB_SEARCH]["query"]["bool"]["should"]
    assert {"term": {"path_keys": {"value": "ml engineer", "boost": 4}}} in should


def test_a_comparison_naming_both_sides_is_boosted():
    request = SearchRequest(
        q="llm vs ml engineer",
        text="llm ml engineer",
        comparison=("llm", "ml engineer"),
        intents=frozenset({"compare"}),
    )
    plan = queries.build_search(request, roles_index=ROLES, jobs_index=JOBS)
    boosted = [c for c in plan.body[COMPARISONS]["query"]["bool"]["should"] if c.get("bool", {}).get("boost") == 50]
    assert len(boosted) == 1 and len(boosted[0]["bool"]["must"]) == 2
    assert queries.segment_order(request)[0] == "comparison"


def test_filters_go_in_post_filter_and_each_facet_ignores_only_its_own_filter():
    jobs = build(q="", workplace=("remote",), country=("GB", "DE"), salary_min=100_000, pay_currency="EUR").body[
        JOB_SEARCH
    ]
    post = jobs["post_filter"]["bool"]["filter"]
    assert {"terms": {"workplace": ["remote"]}} in post
    assert {"terms": {"countries": ["GB", "DE"]}} in post
    workplace_facet = jobs["aggs"]["workplace"]["filter"]["bool"]["filter"]
    assert {"terms": {"countries": ["GB", "DE"]}} in workplace_facet
    assert {"terms": {"workplace": ["remote"]}} not in workplace_facet


def test_salary_min_holds_within_one_currency():
    jobs = build(q="", salary_min=100_000, pay_currency="EUR").body[JOB_SEARCH]
    salary = {
        "bool": {"filter": [{"term": {"salary_currency": "EUR"}}, {"range": {"salary_annual_top": {"gte": 100_000}}}]}
    }
    assert salary in jobs["post_filter"]["bool"]["filter"]
    # The pay steps count listings in that currency, under the other filters.
    assert {"term": {"salary_currency": "EUR"}} in jobs["aggs"]["salary"]["filter"]["bool"]["filter"]


def test_places_filter_by_phrase_in_the_locations():
    jobs = build(q="", location=("New York",)).body[JOB_SEARCH]
    place = {"bool": {"should": [{"match_phrase": {"locations": "New York"}}], "minimum_should_match": 1}}
    assert place in jobs["post_filter"]["bool"]["filter"]


def test_without_filters_facets_are_plain_aggregations():
    jobs = build(q="llm").body[JOB_SEARCH]
    assert jobs["aggs"]["workplace"] == {"terms": {"field": "workplace", "size": 10}}
    assert "post_filter" not in jobs


def test_snippets_are_highlighted_from_visible_text_only():
    plan = build(q="llm")
    assert set(plan.body[JOB_SEARCH]["highlight"]["fields"]) == {"title", "description"}
    assert set(plan.body[PATHS]["highlight"]["fields"]) == {"title", "summary"}


def test_paging_by_type():
    role = build(q="x", type="role", page=3, size=10)
    assert (role.body[PATHS]["from"], role.body[PATHS]["size"], role.body[JOB_SEARCH]["size"]) == (20, 10, 0)
    job = build(q="x", type="job", page=2, size=10)
    assert (job.body[JOB_SEARCH]["from"], job.body[JOB_SEARCH]["size"], job.body[COMPARISONS]["size"]) == (10, 10, 0)


def _hits(prefix: str, start: int, count: int, total: int, kind: str = "path") -> dict:
    hits = [
        {"_id": str(start + i), "_source": {"title": f"{prefix}{start + i}", "kind": kind, "slug": "s"}}
        for i in range(count)
    ]
    return {"hits": {"total": {"value": total}, "hits": hits}, "aggregations": {}}


def _window(body: dict, prefix: str, total: int, kind: str = "path") -> dict:
    start, size = body["from"], body["size"]
    return _hits(prefix, start, max(0, min(size, total - start)), total, kind)


def _mixed_page(page: int, size: int, roles: int, comparisons: int, jobs: int) -> list[str]:
    plan = queries.build_search(
        SearchRequest(q="x", page=page, size=size), roles_index=ROLES, jobs_index=JOBS, role_bound=roles + comparisons
    )
    answers = [
        _window(plan.body[PATHS], "r", roles),
        _window(plan.body[COMPARISONS], "c", comparisons, "comparison"),
        _window(plan.body[JOB_SEARCH], "j", jobs),
        {"hits": {"hits": []}},
    ]
    answer = queries.parse_search(plan, answers)
    return [item["title"] for item in answer["results"]]


@pytest.mark.parametrize(("roles", "comparisons"), [(0, 0), (1, 0), (3, 2), (7, 1), (12, 3)])
def test_mixed_results_page_through_paths_comparisons_then_jobs_exactly_once(roles, comparisons):
    pages = [_mixed_page(page, 5, roles, comparisons, 12) for page in range(1, 8)]
    flat = [title for page in pages for title in page]
    expected = [f"r{i}" for i in range(roles)] + [f"c{i}" for i in range(comparisons)] + [f"j{i}" for i in range(12)]
    assert flat == expected
    assert all(len(page) <= 5 for page in pages)


def test_totals_and_facets_from_the_answers():
    plan = build(q="llm", type="job")
    roles = {
        "hits": {"total": {"value": 2}, "hits": []},
        "aggregations": {"path": {"values": {"buckets": [{"key": "llm-engineer", "doc_count": 1}]}}},
    }
    comparisons = {"hits": {"total": {"value": 1}, "hits": []}}
    jobs = {
        "hits": {"total": {"value": 5}, "hits": []},
        "aggregations": {
            "path": {"buckets": [{"key": "llm-engineer", "doc_count": 4}]},
            "salary": {"values": {"buckets": [{"key": "100000", "doc_count": 2}, {"key": "50000", "doc_count": 3}]}},
        },
    }
    answer = queries.parse_search(plan, [roles, comparisons, jobs, {"hits": {"hits": []}}])
    assert answer["total"] == {"all": 5, "role": 2, "comparison": 1, "job": 5}
    assert answer["facets"]["type"] == [
        {"value": "role", "count": 2},
        {"value": "comparison", "count": 1},
        {"value": "job", "count": 5},
    ]
    # type=job: the path facet counts jobs only.
    assert answer["facets"]["path"] == [{"value": "llm-engineer", "count": 4}]
    assert [b["value"] for b in answer["facets"]["salary"]] == ["50000", "100000"]
    assert answer["suggestion"] is None and answer["currency"] == "USD"


def test_results_carry_their_real_type_and_what_was_understood():
    request = SearchRequest(
        q="llm salary",
        text="llm",
        intents=frozenset({"salary"}),
        understood=(Understood("intent", "salary", "salary"),),
    )
    plan = queries.build_search(request, roles_index=ROLES, jobs_index=JOBS)
    path = {
        "_id": "1",
        "_source": {"kind": "path", "slug": "llm-engineer", "title": "LLM", "url": "/careers/llm-engineer/"},
    }
    comparison = {
        "_id": "2",
        "_source": {"kind": "comparison", "slug": "a-vs-b", "title": "A vs B", "url": "/compare/a-vs-b/"},
    }
    answers = [
        {"hits": {"total": {"value": 1}, "hits": [path]}},
        {"hits": {"total": {"value": 1}, "hits": [comparison]}},
        {"hits": {"total": {"value": 0}, "hits": []}},
        {"hits": {"hits": []}},
    ]
    answer = queries.parse_search(plan, answers)
    assert [(r["type"], r["url"]) for r in answer["results"]] == [
        ("role", "/salaries/llm-engineer/"),
        ("comparison", "/compare/a-vs-b/"),
    ]
    assert answer["understood"] == [
        {"field": "intent", "value": "salary", "text": "salary", "applied": True, "note": None}
    ]


def test_highlights_are_escaped_except_our_marks():
    assert queries.safe_highlight('<script>x</script> <mark>LLM</mark> & "q"') == (
        '&lt;script&gt;x&lt;/script&gt; <mark>LLM</mark> &amp; "q"'
    )
    assert queries.safe_highlight("<mark>open") == "<mark>open</mark>"
    assert queries.safe_highlight("</mark>stray") == "stray"


def test_corrected_query_uses_the_closest_indexed_words_and_drops_unknown_ones():
    response = {
        "hits": {
            "hits": [
                {"highlight": {"title": ["<mark>Machine</mark> <mark>Learning</mark> Engineer"]}},
                {"highlight": {"names": ["<mark>data</mark> <mark>analyst</mark>"]}},
            ]
        }
    }
    assert queries.corrected_query("machne lernin", response) == "machine learning"
    assert queries.corrected_query("quantum data analist", response) == "data analyst"
    assert queries.corrected_query("data analyst", response) is None
    assert queries.corrected_query("zzz", {"hits": {"hits": []}}) is None


def test_edit_distance_counts_transpositions_as_one():
    assert queries.edit_distance("lerning", "learning") == 1
    assert queries.edit_distance("enigneer", "engineer") == 1
    assert queries.edit_distance("abc", "abc") == 0


def test_suggest_is_one_multi_search_over_autocomplete_fields():
    body = queries.build_suggest("mach lea", roles_index=ROLES, jobs_index=JOBS).to_dict()
    assert body[0] == {"index": [ROLES]} and body[2] == {"index": [JOBS]}
    assert body[1]["query"] == {"match": {"title.ac": {"query": "mach lea", "operator": "and"}}}
    assert body[3]["aggs"]["titles"]["terms"]["field"] == "title.raw"


def test_suggestions_are_grouped_without_duplicates():
    roles = {
        "hits": {
            "hits": [
                {"_source": {"title": "Machine Learning Engineer", "kind": "path", "url": "/careers/ml-engineer/"}},
                {"_source": {"title": "AI vs Machine Learning", "kind": "comparison", "url": "/compare/ai-vs-ml/"}},
            ]
        }
    }
    buckets = [{"key": "machine learning engineer", "doc_count": 9}] + [
        {"key": f"Machine Title {i}", "doc_count": 1} for i in range(20)
    ]
    jobs = {"hits": {"hits": []}, "aggregations": {"titles": {"buckets": buckets}}}
    groups = queries.parse_suggest([roles, jobs])
    assert groups["roles"] == [{"title": "Machine Learning Engineer", "url": "/careers/ml-engineer/"}]
    assert groups["comparisons"][0]["url"] == "/compare/ai-vs-ml/"
    assert len(groups["jobs"]) == queries.SUGGEST_GROUP_LIMIT
    assert "machine learning engineer" not in [entry["title"] for entry in groups["jobs"]]
    flat = queries.flat_suggestions(groups)
    assert flat[0] == "Machine Learning Engineer" and len(flat) <= queries.SUGGEST_LIMIT


def test_a_failed_search_in_the_multi_search_raises():
    plan = build(q="x")
    error = {"error": {"type": "index_not_found_exception", "reason": "no such index [p-roles]"}, "status": 404}
    with pytest.raises(queries.EngineResponseError, match="no such index"):
        queries.parse_search(plan, [error, error, error, error])


def test_stop_words_are_never_required():
    request = SearchRequest(q="engineer in tokyo", text="engineer in tokyo")
    jobs = queries.build_search(request, roles_index=ROLES, jobs_index=JOBS).body[JOB_SEARCH]
    words = _filters(jobs)[0]["bool"]["should"][0]["bool"]["should"]
    assert [clause["match"]["all_text"]["query"] for clause in words] == ["engineer", "tokyo"]
