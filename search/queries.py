"""The one query builder: every request body sent to the engine is built here, as plain JSON.

A search is one multi-search round trip: the roles search, the jobs search
and, when there is query text, a lenient fuzzy search whose highlighted
words propose a corrected query if nothing matched.

Ranking, in order of weight: titles (with the synonyms of their words) and
role names, then the role's job-title patterns, then summaries and skills,
then body text. An exact phrase adds to the score of scattered words; typos
are tolerated (fuzzy matching: none in words of up to three letters, one edit
up to six, two beyond); fresher jobs win among equals (a stepped decay on
the posting date adds a bounded boost); a query that is exactly a
role's name or one of its title patterns puts that role first.
Filters go in `post_filter`, and each facet is computed under every active
filter except its own, so facet counts answer "how many if I picked this".
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from jobs.text import fold

TYPES = ("all", "role", "job")
WORKPLACES = ("remote", "hybrid", "onsite", "unspecified")
EMPLOYMENT_TYPES = ("full_time", "part_time", "contract", "temporary", "internship")
SENIORITIES = ("intern", "junior", "mid", "senior", "lead", "manager")
POSTED_WITHIN = {"1d": "now-1d", "7d": "now-7d/d", "30d": "now-30d/d", "90d": "now-90d/d"}
SALARY_STEPS = (50_000, 100_000, 150_000, 200_000)
MAX_SIZE = 50
DEFAULT_SIZE = 20
MAX_QUERY_LENGTH = 200
MAX_WINDOW = 10_000
# Roles shown at the top of the first page of a mixed search.
ROLE_SLOTS = 3
SUGGEST_LIMIT = 10
# Listings posted within each period get FRESHNESS_STEP more: up to 3 × 0.7 in all.
FRESHNESS_STEPS = ("now-7d/d", "now-30d/d", "now-90d/d")
FRESHNESS_STEP = 0.7

FUZZINESS = "AUTO:4,7"  # no edits up to 3 letters ("rag", "llm"), one up to 7, two beyond
MARK_PRE, MARK_POST = "<mark>", "</mark>"

# Words people add to a search that say what they want, not what it is about.
NOISE_WORDS = frozenset(
    {
        "job",
        "jobs",
        "role",
        "roles",
        "career",
        "careers",
        "position",
        "positions",
        "vacancy",
        "vacancies",
        "opening",
        "openings",
        "opportunity",
        "opportunities",
        "hiring",
    }
)

ROLE_FIELDS = ["title^8", "title_terms^7", "names^3", "summary^2", "skills^1.5", "body^0.5"]
ROLE_PHRASE_FIELDS = ["title^4", "title_terms^4", "names^3", "summary^2", "body"]
JOB_FIELDS = ["title^6", "title_terms^5", "path_names^1.5", "company^2", "locations", "all_text^0.5"]
JOB_PHRASE_FIELDS = ["title^4", "title_terms^4"]
ROLE_SOURCE = ["kind", "slug", "title", "summary", "paths", "url", "open_jobs"]
JOB_SOURCE = [
    "title",
    "company",
    "path",
    "workplace",
    "locations",
    "countries",
    "employment_type",
    "seniority",
    "salary",
    "posted_at",
    "url",
    "excerpt",
]


@dataclass(frozen=True)
class SearchRequest:
    """A validated search (see `search.api` for how query strings become one)."""

    q: str = ""
    type: str = "all"
    path: tuple[str, ...] = ()
    workplace: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    seniority: tuple[str, ...] = ()
    employment_type: tuple[str, ...] = ()
    currency: tuple[str, ...] = ()
    salary_min: int | None = None
    posted_within: str | None = None
    page: int = 1
    size: int = DEFAULT_SIZE

    @property
    def text(self) -> str:
        """The words to match: without "jobs" and the like, nor "remote"/"hybrid"/"onsite",
        which rank listings (see `workplace_hint`) rather than being required, unless nothing else is left."""
        words = self.q.split()
        kept = [word for word in words if fold(word, spaces=True) not in NOISE_WORDS and _workplace(word) is None]
        return " ".join(kept or words)

    @property
    def workplace_hint(self) -> str | None:
        """The workplace the query asks for in words ("data analyst remote"), if any."""
        return next((w for w in map(_workplace, self.q.split()) if w), None)


_WORKPLACE_WORDS = {"remote": "remote", "hybrid": "hybrid", "onsite": "onsite", "on-site": "onsite"}


def _workplace(word: str) -> str | None:
    return _WORKPLACE_WORDS.get(fold(word, spaces=True).strip(".,;:!?()"))


@dataclass
class Plan:
    """What a search sends (`body`: msearch header/body pairs) and what it needs to read the answers."""

    request: SearchRequest
    body: list[dict]
    role_from: int
    job_from: int
    has_suggestion: bool
    extras: dict[str, Any] = field(default_factory=dict)


# Building ---------------------------------------------------------------------------------------


def build_search(request: SearchRequest, *, roles_index: str, jobs_index: str) -> Plan:
    """The multi-search body for `request`: roles, jobs, and (with text) the suggestion probe."""
    start = (request.page - 1) * request.size
    slots = min(ROLE_SLOTS, request.size)
    if request.type == "role":
        role_from, role_size, job_from, job_size = start, request.size, 0, 0
    elif request.type == "job":
        role_from, role_size, job_from, job_size = 0, 0, start, request.size
    else:
        role_from, role_size = 0, (slots if request.page == 1 else 0)
        # Roles take up to `slots` places at the head of the list; fetch enough jobs
        # to fill the page whatever the number of roles turns out to be.
        job_from, job_size = max(0, start - slots), request.size + slots
    text = request.text
    body: list[dict] = [
        {"index": roles_index},
        _roles_body(request, text, role_from, role_size),
        {"index": jobs_index},
        _jobs_body(request, text, job_from, job_size),
    ]
    if text:
        body += [{"index": f"{roles_index},{jobs_index}"}, suggestion_body(text)]
    return Plan(request=request, body=body, role_from=role_from, job_from=job_from, has_suggestion=bool(text))


def _text_query(text: str, fields: list[str], phrase_fields: list[str], body_field: str) -> dict:
    """Most of the words must be present (fuzzily) somewhere; the fields decide the score.

    The long `body_field` counts for exact words only: fuzzy matching over it costs
    most of a query's time on the embedded engine and adds little to the ranking.
    """
    return {
        "bool": {
            "filter": [
                {
                    "match": {
                        "all_text": {
                            "query": text,
                            "fuzziness": FUZZINESS,
                            "prefix_length": 1,
                            "max_expansions": 30,
                            # Up to three words: all of them; longer queries: three in four.
                            "minimum_should_match": "3<75%",
                        }
                    }
                }
            ],
            "should": [
                {
                    "multi_match": {
                        "query": text,
                        "type": "best_fields",
                        "fields": [f for f in fields if not f.startswith(body_field)],
                        "fuzziness": FUZZINESS,
                        "prefix_length": 1,
                        "max_expansions": 30,
                        "tie_breaker": 0.3,
                    }
                },
                # The same words without typo tolerance: the exact spelling beats a near miss.
                {"multi_match": {"query": text, "type": "best_fields", "fields": fields, "tie_breaker": 0.3}},
                {
                    "multi_match": {
                        "query": text,
                        "type": "phrase",
                        "fields": phrase_fields,
                        "slop": 1,
                        "boost": 2,
                    }
                },
            ],
        }
    }


def _roles_body(request: SearchRequest, text: str, start: int, size: int) -> dict:
    if text:
        query = _text_query(text, ROLE_FIELDS, ROLE_PHRASE_FIELDS, "body")
        # "llm", "ML engineer", "data analyst": the query names a role.
        query["bool"]["should"].append({"term": {"names.exact": {"value": fold(text, spaces=True), "boost": 30}}})
        query["bool"]["should"].append({"match_phrase": {"names": {"query": text, "boost": 4}}})
        sort: list = ["_score", {"order": "asc"}]
    else:
        query = {"match_all": {}}
        sort = [{"order": "asc"}]
    body: dict = {
        "query": query,
        "from": start,
        "size": size,
        "sort": sort,
        "track_total_hits": True,
        "_source": ROLE_SOURCE,
        "aggs": {"path": _facet([_role_filter(request)], {"terms": {"field": "paths", "size": 50}})},
    }
    role_filter = _role_filter(request)
    if role_filter:
        body["post_filter"] = role_filter
    if text and size:
        body["highlight"] = _highlight({"title": 0, "summary": 0, "body": 1})
    return body


def _role_filter(request: SearchRequest) -> dict | None:
    return {"terms": {"paths": list(request.path)}} if request.path else None


def _jobs_body(request: SearchRequest, text: str, start: int, size: int) -> dict:
    if text:
        query = _text_query(text, JOB_FIELDS, JOB_PHRASE_FIELDS, "all_text")
        should = query["bool"]["should"]
        # The query is exactly a path's name or title pattern ("llm", "ml engineer").
        should.append({"term": {"path_keys": {"value": fold(text, spaces=True), "boost": 4}}})
        if request.workplace_hint:
            should.append({"term": {"workplace": {"value": request.workplace_hint, "boost": 3}}})
        # Freshness: a stepped decay on the posting date (each step a constant boost, so
        # the total is bounded), enough to order equals without burying a better match.
        # (function_score or distance_feature would be smoother, but the embedded engine
        # runs them many times slower.)
        should.extend({"range": {"posted_at": {"gte": since, "boost": FRESHNESS_STEP}}} for since in FRESHNESS_STEPS)
        sort: list = ["_score", {"posted_at": {"order": "desc"}}]
    else:
        query = {"match_all": {}}
        sort = [{"posted_at": {"order": "desc"}}]
    filters = _job_filters(request)
    body: dict = {
        "query": query,
        "from": start,
        "size": size,
        "sort": sort,
        "track_total_hits": True,
        "_source": JOB_SOURCE,
        "aggs": _job_facets(filters),
    }
    active = [clause for clause in filters.values() if clause]
    if active:
        body["post_filter"] = {"bool": {"filter": active}}
    if text and size:
        body["highlight"] = _highlight({"title": 0, "all_text": 1})
    return body


def _salary_at_least(amount: int) -> dict:
    """The listing's annual range reaches `amount` (the top of its range, or its only figure)."""
    return {"range": {"salary_annual_top": {"gte": amount}}}


def _job_filters(request: SearchRequest) -> dict[str, dict | None]:
    """One clause per filterable facet (None when that filter is not set)."""

    def terms(field_name: str, values: Sequence[str]) -> dict | None:
        return {"terms": {field_name: list(values)}} if values else None

    return {
        "path": terms("path", request.path),
        "workplace": terms("workplace", request.workplace),
        "country": terms("countries", request.country),
        "seniority": terms("seniority", request.seniority),
        "employment_type": terms("employment_type", request.employment_type),
        "currency": terms("salary_currency", request.currency),
        "salary": _salary_at_least(request.salary_min) if request.salary_min is not None else None,
        "posted_within": (
            {"range": {"posted_at": {"gte": POSTED_WITHIN[request.posted_within]}}} if request.posted_within else None
        ),
    }


def _facet(filters: list[dict | None], inner: dict) -> dict:
    """`inner` under the given filters; without any, plain (a match-all wrapper costs a full pass)."""
    active = [clause for clause in filters if clause]
    if not active:
        return inner
    return {"filter": {"bool": {"filter": active}}, "aggs": {"values": inner}}


def _job_facets(filters: dict[str, dict | None]) -> dict:
    def others(name: str) -> list[dict | None]:
        return [clause for key, clause in filters.items() if key != name]

    terms_fields = {
        "path": ("path", 50),
        "workplace": ("workplace", 10),
        "country": ("countries", 100),
        "seniority": ("seniority", 10),
        "employment_type": ("employment_type", 10),
        "currency": ("salary_currency", 50),
    }
    aggs = {
        name: _facet(others(name), {"terms": {"field": field_name, "size": size}})
        for name, (field_name, size) in terms_fields.items()
    }
    salary_ranges = [{"key": str(step), "from": step} for step in SALARY_STEPS]
    aggs["salary"] = _facet(others("salary"), {"range": {"field": "salary_annual_top", "ranges": salary_ranges}})
    posted_ranges = [{"key": key, "from": gte} for key, gte in POSTED_WITHIN.items()]
    aggs["posted_within"] = _facet(
        others("posted_within"), {"date_range": {"field": "posted_at", "ranges": posted_ranges}}
    )
    return aggs


def _highlight(fields: dict[str, int]) -> dict:
    return {
        "pre_tags": [MARK_PRE],
        "post_tags": [MARK_POST],
        "require_field_match": False,
        "fields": {
            name: ({"number_of_fragments": 0} if fragments == 0 else {"fragment_size": 160, "number_of_fragments": 1})
            for name, fragments in fields.items()
        },
    }


def suggestion_body(text: str) -> dict:
    """Each word on its own, fuzzily, against titles and role names; the highlights show the words found."""
    return {
        "size": 10,
        "_source": False,
        "query": {
            "multi_match": {
                "query": text,
                "type": "best_fields",
                # The autocomplete field holds every word unstemmed (and its prefixes), so a typo
                # is compared with "learning", not with the stem "learn".
                "fields": ["title.ac", "names"],
                "fuzziness": 2,  # the most the engines allow; the closest word is picked afterwards
                "prefix_length": 0,
                "max_expansions": 50,
            }
        },
        "highlight": _highlight({"title.ac": 0, "names": 0}),
    }


def build_suggest(q: str, *, roles_index: str, jobs_index: str) -> list[dict]:
    """Autocomplete: role titles whose words start with the typed words, then the commonest job titles."""
    match = {"match": {"title.ac": {"query": q, "operator": "and"}}}
    return [
        {"index": roles_index},
        {"query": match, "size": SUGGEST_LIMIT, "_source": ["title"], "sort": ["_score", {"order": "asc"}]},
        {"index": jobs_index},
        {
            "query": match,
            "size": 0,
            "aggs": {"titles": {"terms": {"field": "title.raw", "size": SUGGEST_LIMIT * 2}}},
        },
    ]


# Reading the answers ------------------------------------------------------------------------------------


class EngineResponseError(Exception):
    """One of the searches in a multi-search failed; str(e) is the engine's reason."""


def _check(response: dict) -> dict:
    if "error" in response:
        error = response["error"]
        reason = error.get("reason") if isinstance(error, dict) else str(error)
        raise EngineResponseError(reason or "search failed")
    return response


def parse_search(plan: Plan, responses: list[dict]) -> dict:
    """The API's answer from the engine's multi-search responses."""
    request = plan.request
    roles, jobs = _check(responses[0]), _check(responses[1])
    role_total = roles["hits"]["total"]["value"]
    job_total = jobs["hits"]["total"]["value"]
    role_hits = [_role_result(hit) for hit in roles["hits"]["hits"]]
    job_hits = [_job_result(hit) for hit in jobs["hits"]["hits"]]
    if request.type == "role":
        results = role_hits
    elif request.type == "job":
        results = job_hits
    else:
        start = (request.page - 1) * request.size
        shown_roles = min(ROLE_SLOTS, request.size, role_total)
        head = role_hits[start:shown_roles] if start < shown_roles else []
        first_job = max(0, start - shown_roles) - plan.job_from
        results = head + job_hits[first_job : first_job + request.size - len(head)]
    suggestion = None
    if plan.has_suggestion and role_total == 0 and job_total == 0:
        suggestion = corrected_query(request.text, _check(responses[2]))
    totals = {"role": role_total, "job": job_total}
    return {
        "query": request.q,
        "total": {
            "all": (role_total if request.type != "job" else 0) + (job_total if request.type != "role" else 0),
            **totals,
        },
        "page": request.page,
        "size": request.size,
        "results": results,
        "facets": _facets(request, roles.get("aggregations", {}), jobs.get("aggregations", {}), totals),
        "suggestion": suggestion,
    }


def _buckets(agg: dict) -> list[dict]:
    values = agg.get("values", agg)  # filtered facets nest their buckets one level down
    buckets = values.get("buckets", [])
    if isinstance(buckets, dict):  # keyed buckets
        return [{"value": key, "count": bucket["doc_count"]} for key, bucket in buckets.items()]
    return [{"value": str(bucket["key"]), "count": bucket["doc_count"]} for bucket in buckets]


def _facets(request: SearchRequest, role_aggs: dict, job_aggs: dict, totals: dict[str, int]) -> dict:
    facets: dict[str, list[dict]] = {
        "type": [{"value": "role", "count": totals["role"]}, {"value": "job", "count": totals["job"]}]
    }
    path_counts: dict[str, int] = {}
    if request.type in ("all", "role"):
        for bucket in _buckets(role_aggs.get("path", {})):
            path_counts[bucket["value"]] = path_counts.get(bucket["value"], 0) + bucket["count"]
    if request.type in ("all", "job"):
        for bucket in _buckets(job_aggs.get("path", {})):
            path_counts[bucket["value"]] = path_counts.get(bucket["value"], 0) + bucket["count"]
    facets["path"] = [
        {"value": value, "count": count}
        for value, count in sorted(path_counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    for name in ("workplace", "country", "seniority", "employment_type", "currency"):
        facets[name] = _buckets(job_aggs.get(name, {}))
    order = {str(step): i for i, step in enumerate(SALARY_STEPS)}
    facets["salary"] = sorted(_buckets(job_aggs.get("salary", {})), key=lambda b: order.get(b["value"], 99))
    order = {key: i for i, key in enumerate(POSTED_WITHIN)}
    facets["posted_within"] = sorted(
        _buckets(job_aggs.get("posted_within", {})), key=lambda b: order.get(b["value"], 99)
    )
    return facets


def _role_result(hit: dict) -> dict:
    source = hit["_source"]
    highlight = hit.get("highlight", {})
    return {
        "type": "role",
        "id": int(hit["_id"]),
        "kind": source.get("kind"),
        "title": source.get("title", ""),
        "url": source.get("url", ""),
        "snippet": _snippet(highlight, ["body", "summary"], source.get("summary", "")),
        "title_highlighted": _snippet(highlight, ["title"], source.get("title", "")),
        "path": source["slug"] if source.get("kind") == "path" else None,
        "paths": source.get("paths") or [],
        "open_jobs": source.get("open_jobs"),
    }


def _job_result(hit: dict) -> dict:
    source = hit["_source"]
    highlight = hit.get("highlight", {})
    return {
        "type": "job",
        "id": int(hit["_id"]),
        "title": source.get("title", ""),
        "url": source.get("url", ""),
        "snippet": _snippet(highlight, ["all_text"], source.get("excerpt", "")),
        "title_highlighted": _snippet(highlight, ["title"], source.get("title", "")),
        "path": source.get("path"),
        "company": source.get("company") or "",
        "locations": source.get("locations") or [],
        "countries": source.get("countries") or [],
        "workplace": source.get("workplace"),
        "employment_type": source.get("employment_type"),
        "seniority": source.get("seniority"),
        "salary": source.get("salary"),
        "posted_at": source.get("posted_at"),
    }


_MARK_SPLIT = re.compile(f"({re.escape(MARK_PRE)}|{re.escape(MARK_POST)})")


def safe_highlight(fragment: str) -> str:
    """Escape a highlighted fragment, keeping only our own <mark> tags (balanced)."""
    out: list[str] = []
    open_mark = False
    for part in _MARK_SPLIT.split(fragment):
        if part == MARK_PRE and not open_mark:
            out.append(MARK_PRE)
            open_mark = True
        elif part == MARK_POST and open_mark:
            out.append(MARK_POST)
            open_mark = False
        elif part not in (MARK_PRE, MARK_POST):
            out.append(html.escape(part, quote=False))
    if open_mark:
        out.append(MARK_POST)
    return "".join(out)


def _snippet(highlight: dict, fields: list[str], fallback: str) -> str:
    for name in fields:
        fragments = highlight.get(name)
        if fragments:
            return safe_highlight(fragments[0])
    text = " ".join(fallback.split())
    if len(text) > 200:
        text = text[:200].rsplit(" ", 1)[0] + "…"
    return html.escape(text, quote=False)


_MARKED = re.compile(f"{re.escape(MARK_PRE)}(.*?){re.escape(MARK_POST)}")


def corrected_query(text: str, response: dict) -> str | None:
    """A query made of the indexed words closest to the searcher's, or None if it would not differ.

    Words with no close indexed word are left out, so "quantum data analist"
    becomes "data analyst" when nothing mentions quantum.
    """
    found: list[str] = []
    for hit in response.get("hits", {}).get("hits", []):
        for fragments in hit.get("highlight", {}).values():
            for fragment in fragments:
                found += [fold(word, spaces=True) for word in _MARKED.findall(fragment)]
    candidates = sorted(set(found))
    corrected = []
    for word in fold(text, spaces=True).split():
        best = min(candidates, key=lambda c: (edit_distance(word, c), c), default=None)
        if best is not None and edit_distance(word, best) <= max(1, min(2, len(word) // 3)):
            corrected.append(best)
    suggestion = " ".join(corrected)
    return suggestion if suggestion and suggestion != fold(text, spaces=True) else None


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count one), as fuzzy matching counts edits."""
    if a == b:
        return 0
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def parse_suggest(responses: list[dict]) -> list[str]:
    """Up to ten completions: role titles first, then job titles by how many listings carry them."""
    roles, jobs = _check(responses[0]), _check(responses[1])
    seen: set[str] = set()
    completions: list[str] = []
    titles = [hit["_source"]["title"] for hit in roles["hits"]["hits"]]
    titles += [bucket["key"] for bucket in jobs.get("aggregations", {}).get("titles", {}).get("buckets", [])]
    for title in titles:
        key = fold(title, spaces=True)
        if key not in seen:
            seen.add(key)
            completions.append(title)
        if len(completions) == SUGGEST_LIMIT:
            break
    return completions
