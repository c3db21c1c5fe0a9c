"""The query builder, read as plain JSON, and how answers become the API's response."""

from __future__ import annotations

import json

from search import queries
from search.queries import SearchRequest

ROLES, JOBS = "p-roles", "p-jobs"


def build(**kwargs):
    return queries.build_search(SearchRequest(**kwargs), roles_index=ROLES, jobs_index=JOBS)


def test_one_multi_search_with_roles_jobs_and_a_suggestion_probe():
    plan = build(q="llm engineer")
    headers = plan.body[0::2]
    assert headers == [{"index": ROLES}, {"index": JOBS}, {"index": f"{ROLES},{JOBS}"}]
    json.dumps(plan.body)  # plain JSON all the way down


def test_no_suggestion_probe_without_text():
    plan = build(q="")
    assert len(plan.body) == 4
    roles, jobs = plan.body[1], plan.body[3]
    assert roles["query"] == {"match_all": {}} and roles["sort"] == [{"order": "asc"}]
    assert jobs["sort"] == [{"posted_at": {"order": "desc"}}]


def _job_bool(jobs: dict) -> dict:
    return jobs["query"]["bool"]


def test_text_query_tolerates_typos_and_boosts_titles_and_phrases():
    bool_query = _job_bool(build(q="machine lerning engineer").body[3])
    required = bool_query["filter"][0]["match"]["all_text"]
    assert required["fuzziness"] == queries.FUZZINESS and required["minimum_should_match"] == "3<75%"
    fuzzy, exact, phrase = bool_query["should"][:3]
    assert fuzzy["multi_match"]["fuzziness"] == queries.FUZZINESS
    assert fuzzy["multi_match"]["fields"][0] == "title^6"
    assert "fuzziness" not in exact["multi_match"]
    assert phrase["multi_match"]["type"] == "phrase" and phrase["multi_match"]["boost"] > 1


def test_fresher_jobs_rank_higher_through_a_stepped_decay_on_posting_date():
    should = _job_bool(build(q="llm").body[3])["should"]
    steps = [clause["range"]["posted_at"] for clause in should if "range" in clause]
    expected = ["now-7d/d", "now-30d/d", "now-90d/d"]
    assert steps == [{"gte": since, "boost": queries.FRESHNESS_STEP} for since in expected]


def test_a_query_naming_a_role_gets_the_exact_name_boost():
    roles = build(q="LLM").body[1]
    should = roles["query"]["bool"]["should"]
    assert {"term": {"names.exact": {"value": "llm", "boost": 30}}} in should
    should = _job_bool(build(q="ML Engineer").body[3])["should"]
    assert {"term": {"path_keys": {"value": "ml engineer", "boost": 4}}} in should


def test_noise_and_workplace_words_rank_but_are_not_required():
    request = SearchRequest(q="data analyst jobs remote")
    assert request.text == "data analyst"
    assert request.workplace_hint == "remote"
    jobs = queries.build_search(request, roles_index=ROLES, jobs_index=JOBS).body[3]
    bool_query = _job_bool(jobs)
    assert bool_query["filter"][0]["match"]["all_text"]["query"] == "data analyst"
    assert {"term": {"workplace": {"value": "remote", "boost": 3}}} in bool_query["should"]
    assert SearchRequest(q="remote jobs").text == "remote jobs"  # nothing else left: keep the words


def test_filters_go_in_post_filter_and_each_facet_ignores_only_its_own_filter():
    jobs = build(q="", workplace=("remote",), country=("GB", "DE"), salary_min=100_000).body[3]
    post = jobs["post_filter"]["bool"]["filter"]
    assert {"terms": {"workplace": ["remote"]}} in post
    assert {"terms": {"countries": ["GB", "DE"]}} in post
    workplace_facet = jobs["aggs"]["workplace"]["filter"]["bool"]["filter"]
    assert {"terms": {"countries": ["GB", "DE"]}} in workplace_facet
    assert {"terms": {"workplace": ["remote"]}} not in workplace_facet
    country_facet = jobs["aggs"]["country"]["filter"]["bool"]["filter"]
    assert {"terms": {"workplace": ["remote"]}} in country_facet
    assert all("countries" not in json.dumps(clause) for clause in country_facet)
    assert {"range": {"salary_annual_top": {"gte": 100_000}}} in post
    salary_facet = jobs["aggs"]["salary"]
    assert "salary_annual" not in json.dumps(salary_facet["filter"])
    ranges = salary_facet["aggs"]["values"]["range"]["ranges"]
    assert [r["key"] for r in ranges] == ["50000", "100000", "150000", "200000"]


def test_without_filters_facets_are_plain_aggregations():
    jobs = build(q="").body[3]
    assert "post_filter" not in jobs
    assert jobs["aggs"]["path"] == {"terms": {"field": "path", "size": 50}}
    assert jobs["aggs"]["posted_within"]["date_range"]["ranges"][1] == {"key": "7d", "from": "now-7d/d"}


def test_path_filter_applies_to_roles_and_jobs():
    plan = build(q="", path=("llm-engineer",))
    assert plan.body[1]["post_filter"] == {"terms": {"paths": ["llm-engineer"]}}
    assert {"terms": {"path": ["llm-engineer"]}} in plan.body[3]["post_filter"]["bool"]["filter"]


def test_posted_within_is_a_date_range():
    jobs = build(q="", posted_within="7d").body[3]
    assert {"range": {"posted_at": {"gte": "now-7d/d"}}} in jobs["post_filter"]["bool"]["filter"]


def test_paging_by_type():
    role = build(q="x", type="role", page=3, size=10)
    assert (role.body[1]["from"], role.body[1]["size"], role.body[3]["size"]) == (20, 10, 0)
    job = build(q="x", type="job", page=2, size=10)
    assert (job.body[3]["from"], job.body[3]["size"], job.body[1]["size"]) == (10, 10, 0)
    first = build(q="x", page=1, size=10)
    assert (first.body[1]["size"], first.body[3]["from"], first.body[3]["size"]) == (3, 0, 13)
    second = build(q="x", page=2, size=10)
    assert (second.body[1]["size"], second.body[3]["from"], second.body[3]["size"]) == (0, 7, 13)


def _hits(prefix: str, start: int, count: int, total: int) -> dict:
    hits = [
        {"_id": str(start + i), "_source": {"title": f"{prefix}{start + i}", "kind": "path", "slug": "s"}}
        for i in range(count)
    ]
    return {"hits": {"total": {"value": total}, "hits": hits}, "aggregations": {}}


def _mixed_page(page: int, size: int, role_total: int, job_total: int) -> list[str]:
    plan = build(q="x", page=page, size=size)
    role_size = plan.body[1]["size"]
    roles = _hits("r", 0, min(role_size, role_total), role_total)
    job_from, job_size = plan.body[3]["from"], plan.body[3]["size"]
    jobs = _hits("j", job_from, max(0, min(job_size, job_total - job_from)), job_total)
    answer = queries.parse_search(plan, [roles, jobs, {"hits": {"hits": []}}])
    return [item["title"] for item in answer["results"]]


def test_mixed_results_page_through_roles_then_jobs_without_gaps_or_repeats():
    for role_total in (0, 1, 3, 7):
        pages = [_mixed_page(page, 5, role_total, 12) for page in (1, 2, 3, 4)]
        flat = [title for page in pages for title in page]
        shown_roles = min(3, role_total)
        assert flat == [f"r{i}" for i in range(shown_roles)] + [f"j{i}" for i in range(12)]
        assert all(len(page) <= 5 for page in pages)


def test_totals_and_facets_from_the_answers():
    plan = build(q="llm", type="job")
    roles = {
        "hits": {"total": {"value": 2}, "hits": []},
        "aggregations": {"path": {"values": {"buckets": [{"key": "llm-engineer", "doc_count": 1}]}}},
    }
    jobs = {
        "hits": {"total": {"value": 5}, "hits": []},
        "aggregations": {
            "path": {"buckets": [{"key": "llm-engineer", "doc_count": 4}]},
            "salary": {"values": {"buckets": [{"key": "100000", "doc_count": 2}, {"key": "50000", "doc_count": 3}]}},
        },
    }
    answer = queries.parse_search(plan, [roles, jobs, {"hits": {"hits": []}}])
    assert answer["total"] == {"all": 5, "role": 2, "job": 5}
    assert answer["facets"]["type"] == [{"value": "role", "count": 2}, {"value": "job", "count": 5}]
    # type=job: the path facet counts jobs only.
    assert answer["facets"]["path"] == [{"value": "llm-engineer", "count": 4}]
    assert [b["value"] for b in answer["facets"]["salary"]] == ["50000", "100000"]
    assert answer["suggestion"] is None


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
    body = queries.build_suggest("mach lea", roles_index=ROLES, jobs_index=JOBS)
    assert body[0] == {"index": ROLES} and body[2] == {"index": JOBS}
    assert body[1]["query"] == {"match": {"title.ac": {"query": "mach lea", "operator": "and"}}}
    assert body[3]["aggs"]["titles"]["terms"]["field"] == "title.raw"


def test_suggestions_put_roles_first_without_duplicates_and_stop_at_ten():
    roles = {"hits": {"hits": [{"_source": {"title": "Machine Learning Engineer"}}]}}
    buckets = [{"key": "machine learning engineer"}] + [{"key": f"Machine Title {i}"} for i in range(20)]
    jobs = {"hits": {"hits": []}, "aggregations": {"titles": {"buckets": buckets}}}
    suggestions = queries.parse_suggest([roles, jobs])
    assert suggestions[0] == "Machine Learning Engineer"
    assert len(suggestions) == 10
    assert "machine learning engineer" not in suggestions


def test_a_failed_search_in_the_multi_search_raises():
    plan = build(q="x")
    error = {"error": {"type": "index_not_found_exception", "reason": "no such index [p-roles]"}, "status": 404}
    try:
        queries.parse_search(plan, [error, error, error])
    except queries.EngineResponseError as exc:
        assert "no such index" in str(exc)
    else:
        raise AssertionError("expected EngineResponseError")
