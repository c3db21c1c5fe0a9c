"""The one query builder: every request sent to the engine is built here with `elasticsearch.dsl`.

A search is one multi-search round trip (`MultiSearch`): career paths,
comparisons and jobs, each a `Search` of its own with its own total, and,
when there is query text, a lenient fuzzy probe whose highlighted words
propose a corrected query if nothing matched. Unit tests read the requests
as plain JSON through `.to_dict()`.

Ranking, in order of weight: titles (with the synonyms of their words) and
role names, then the role's job-title patterns, then summaries and skills,
then body text. The typed words and their spelt-out abbreviations ("ml eng"
and "machine learning engineer") are alternatives: either may satisfy the
search. An exact phrase adds to the score of scattered words; typos are
tolerated (none in words of up to three letters, one edit up to seven, two
beyond); fresher jobs win among equals (a stepped boost on the posting
date); a query that is exactly a role's name puts that role first; "X vs Y"
puts the comparison of X and Y first.

Filters go in `post_filter`, and each facet is computed under every active
filter except its own, so facet counts answer "how many if I picked this".
(`FacetedSearch` builds the same shape, but wraps every facet in a match-all
filter when no other filter is active, which costs the embedded engine a
full pass per facet, and knows no pay filter that holds within a currency;
the facets are built here with `A` instead.)

A mixed search (`type=all`) is one list: career paths, then comparisons
(comparisons first when the query compares), then jobs. Page `n` is a window
on that list, so walking the pages shows every result exactly once.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from typing import Any

from elasticsearch.dsl import A, MultiSearch, Q, Search
from elasticsearch.dsl.query import Query

from config import public_urls
from jobs.text import fold

from .understanding import INTENT_COMPARE, INTENT_SALARY, STOP_WORDS, Understood, expanded_text

TYPES = ("all", "role", "comparison", "job")
RESULT_TYPES = ("role", "comparison", "job")
WORKPLACES = ("remote", "hybrid", "onsite", "unspecified")
EMPLOYMENT_TYPES = ("full_time", "part_time", "contract", "temporary", "internship")
SENIORITIES = ("intern", "junior", "mid", "senior", "lead", "manager")
POSTED_WITHIN = {"1d": "now-1d", "7d": "now-7d/d", "30d": "now-30d/d", "90d": "now-90d/d"}
SALARY_STEPS = (50_000, 100_000, 150_000, 200_000)
MAX_SIZE = 50
DEFAULT_SIZE = 20
MAX_QUERY_LENGTH = 200
MAX_WINDOW = 10_000
SUGGEST_LIMIT = 10
SUGGEST_GROUP_LIMIT = 5
# Listings posted within each period get FRESHNESS_STEP more: up to 3 × 0.7 in all.
FRESHNESS_STEPS = ("now-7d/d", "now-30d/d", "now-90d/d")
FRESHNESS_STEP = 0.7

FUZZINESS = "AUTO:4,7"  # no edits up to 3 letters ("rag", "llm"), one up to 7, two beyond
MARK_PRE, MARK_POST = "<mark>", "</mark>"

ROLE_FIELDS = ["title^8", "title_terms^7", "names^3", "summary^2", "skills^1.5", "body^0.5"]
ROLE_PHRASE_FIELDS = ["title^4", "title_terms^4", "names^3", "summary^2", "body"]
JOB_FIELDS = ["title^6", "title_terms^5", "path_names^1.5", "company^2", "locations", "all_text^0.5"]
JOB_PHRASE_FIELDS = ["title^4", "title_terms^4"]
# On Elasticsearch `title.joined` holds adjacent title words run together ("datascientist").
JOINED_FIELD = "title.joined"
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
    "source_url",
    "apply_url",
    "excerpt",
]


@dataclass(frozen=True)
class SearchRequest:
    """A validated search (see `search.api` for how query strings become one).

    `text` is what must match: `q` itself, or with understanding on, what is
    left of it once the filters and intents it names are taken out
    (`search.services.understood_request`).
    """

    q: str = ""
    type: str = "all"
    path: tuple[str, ...] = ()
    workplace: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    location: tuple[str, ...] = ()
    seniority: tuple[str, ...] = ()
    employment_type: tuple[str, ...] = ()
    currency: tuple[str, ...] = ()
    salary_min: float | None = None  # a whole amount is an int
    posted_within: str | None = None
    page: int = 1
    size: int = DEFAULT_SIZE
    understand: bool = True
    # The currency `salary_min` is read in: the one asked for, else the reference currency.
    pay_currency: str = "USD"
    text: str | None = None
    typed: str = ""  # the words left as typed, before compound words were split
    understood: tuple[Understood, ...] = ()
    intents: frozenset[str] = frozenset()
    comparison: tuple[str, str] | None = None

    @property
    def match_text(self) -> str:
        return self.q if self.text is None else self.text

    def with_understanding(self, **changes: Any) -> SearchRequest:
        return replace(self, **changes)


@dataclass
class Plan:
    """What a search sends and what it needs to read the answers."""

    request: SearchRequest
    search: MultiSearch
    windows: dict[str, tuple[int, int]]  # type -> (from, size) asked of the engine
    has_suggestion: bool
    role_bound: int  # at most this many paths and comparisons exist (a mixed search's job offset relies on it)
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def body(self) -> list[dict]:
        """The msearch body as plain JSON (header/body pairs)."""
        return self.search.to_dict()


# Building ---------------------------------------------------------------------------------------


def segment_order(request: SearchRequest) -> tuple[str, ...]:
    """The order of the types in a mixed list."""
    if INTENT_COMPARE in request.intents:
        return ("comparison", "role", "job")
    return ("role", "comparison", "job")


def build_search(request: SearchRequest, *, roles_index: str, jobs_index: str, role_bound: int = 50) -> Plan:
    """The multi-search for `request`: paths, comparisons, jobs and (with text) the suggestion probe.

    `role_bound` is an upper bound on how many paths and comparisons match
    (the size of the roles index): in a mixed search the jobs of a page start
    after them, so enough jobs are fetched to fill the page however many there are.
    """
    start = (request.page - 1) * request.size
    end = start + request.size
    windows: dict[str, tuple[int, int]] = {}
    for kind in RESULT_TYPES:
        if request.type == kind:
            windows[kind] = (start, request.size)
        elif request.type != "all":
            windows[kind] = (0, 0)
        elif kind == "job":
            job_from = max(0, start - role_bound)
            windows[kind] = (job_from, end - job_from)
        else:
            windows[kind] = (0, min(end, MAX_WINDOW))
    text = request.match_text
    search = MultiSearch()
    search = search.add(_roles_search(request, "path", text, windows["role"], roles_index))
    search = search.add(_roles_search(request, "comparison", text, windows["comparison"], roles_index))
    search = search.add(_jobs_search(request, text, windows["job"], jobs_index))
    if text:
        search = search.add(suggestion_search(text, f"{roles_index},{jobs_index}"))
    return Plan(request=request, search=search, windows=windows, has_suggestion=bool(text), role_bound=role_bound)


def _alternatives(request: SearchRequest, text: str) -> list[str]:
    """The typed words and the same with abbreviations spelt out, when that differs."""
    expanded = expanded_text(fold(text, spaces=True))
    return [text] if expanded == fold(text, spaces=True) else [text, expanded]


def _required(request: SearchRequest, text: str) -> Query:
    """Most of the words must be present (fuzzily) somewhere, each as typed or spelt out.

    Up to three words: all of them; longer queries: three in four. A word and
    its expansion count as one word ("ml" or "machine learning"), so spelling
    an abbreviation out never lowers the bar for the other words. On
    Elasticsearch the words as typed may also meet run-together title words
    (`title.joined`); the embedded engine indexes no shingles, so there the
    parser's compound splitting alone finds "datascientist".
    """
    clauses = []
    # Stop words are analysed away: required, they could never match ("engineer in tokyo").
    required_words = [word for word in text.split() if fold(word, spaces=True) not in STOP_WORDS] or text.split()
    for word in required_words:
        fuzzy = Q(
            "match",
            all_text={"query": word, "fuzziness": FUZZINESS, "prefix_length": 1, "max_expansions": 30},
        )
        expansion = expanded_text(fold(word, spaces=True))
        if expansion != fold(word, spaces=True):
            fuzzy = Q("bool", should=[fuzzy, Q("match", all_text={"query": expansion, "operator": "and"})])
        clauses.append(fuzzy)
    words = Q("bool", should=clauses, minimum_should_match="3<75%")
    typed = request.typed or text
    joined = Q("match", **{JOINED_FIELD: {"query": typed, "operator": "and"}})
    return Q("bool", should=[words, joined], minimum_should_match=1)


def _scoring(request: SearchRequest, text: str, fields: list[str], phrase_fields: list[str], body: str) -> list[Query]:
    """The clauses that decide the score. The long `body` field counts for exact words only:
    fuzzy matching over it costs most of a query's time on the embedded engine and adds little."""
    clauses: list[Query] = []
    for alternative in _alternatives(request, text):
        clauses += [
            Q(
                "multi_match",
                query=alternative,
                type="best_fields",
                fields=[f for f in fields if not f.startswith(body)],
                fuzziness=FUZZINESS,
                prefix_length=1,
                max_expansions=30,
                tie_breaker=0.3,
            ),
            # The same words without typo tolerance: the exact spelling beats a near miss.
            Q("multi_match", query=alternative, type="best_fields", fields=fields, tie_breaker=0.3),
            Q("multi_match", query=alternative, type="phrase", fields=phrase_fields, slop=1, boost=2),
        ]
    return clauses


def _roles_search(request: SearchRequest, kind: str, text: str, window: tuple[int, int], index: str) -> Search:
    start, size = window
    search = Search(index=index)
    of_kind = Q("term", kind=kind)
    if text:
        should = _scoring(request, text, ROLE_FIELDS, ROLE_PHRASE_FIELDS, "body")
        for alternative in _alternatives(request, text):
            # "llm", "ML engineer", "data analyst": the query names a role.
            should.append(Q("term", **{"names.exact": {"value": fold(alternative, spaces=True), "boost": 30}}))
            should.append(Q("match_phrase", names={"query": alternative, "boost": 4}))
        if kind == "comparison" and request.comparison:
            should.append(_compares(request, *request.comparison))
        search = search.query(Q("bool", filter=[of_kind, _required(request, text)], should=should))
        search = search.sort("_score", {"order": "asc"})
    else:
        search = search.query(Q("bool", filter=[of_kind])).sort({"order": "asc"})
    search = search.extra(from_=start, size=size, track_total_hits=True).source(ROLE_SOURCE)
    role_filter = _role_filter(request)
    if kind == "path":
        _facet(search, "path", [role_filter], A("terms", field="paths", size=50))
    if role_filter is not None:
        search = search.post_filter(role_filter)
    if text and size:
        search = _highlight(search, {"title": 0, "summary": 0})
    return search


def _compares(request: SearchRequest, left: str, right: str) -> Query:
    """A comparison whose title names both sides ("llm" and "ml engineer"), spelt out or not."""

    def side(words: str) -> Query:
        options = [
            Q("multi_match", query=alternative, fields=["title", "title_terms"], operator="and")
            for alternative in _alternatives(request, words)
        ]
        return Q("bool", should=options, minimum_should_match=1)

    return Q("bool", must=[side(left), side(right)], boost=50)


def _role_filter(request: SearchRequest) -> Query | None:
    return Q("terms", paths=list(request.path)) if request.path else None


def _jobs_search(request: SearchRequest, text: str, window: tuple[int, int], index: str) -> Search:
    start, size = window
    search = Search(index=index)
    if text:
        should = _scoring(request, text, JOB_FIELDS, JOB_PHRASE_FIELDS, "all_text")
        for alternative in _alternatives(request, text):
            # The query is exactly a path's name or title pattern ("llm", "ml engineer").
            should.append(Q("term", path_keys={"value": fold(alternative, spaces=True), "boost": 4}))
        # Freshness: a stepped boost on the posting date (each step a constant, so the
        # total is bounded), enough to order equals without burying a better match.
        # (function_score or distance_feature would be smoother, but the embedded engine
        # runs them many times slower.)
        should += [Q("range", posted_at={"gte": since, "boost": FRESHNESS_STEP}) for since in FRESHNESS_STEPS]
        search = search.query(Q("bool", filter=[_required(request, text)], should=should))
        search = search.sort("_score", {"posted_at": {"order": "desc"}})
    else:
        search = search.sort({"posted_at": {"order": "desc"}})
    filters = job_filters(request)
    search = search.extra(from_=start, size=size, track_total_hits=True).source(JOB_SOURCE)
    _job_facets(search, request, filters)
    active = [clause for clause in filters.values() if clause is not None]
    if active:
        search = search.post_filter(Q("bool", filter=active))
    if text and size:
        # Snippets come from what a visitor sees of a listing: its title and description.
        search = _highlight(search, {"title": 0, "description": 1})
    return search


def salary_filter(amount: int, currency: str) -> Query:
    """Pay in `currency` whose annual range reaches `amount` (the top of its range, or its only figure)."""
    return Q("bool", filter=[Q("term", salary_currency=currency), Q("range", salary_annual_top={"gte": amount})])


def job_filters(request: SearchRequest) -> dict[str, Query | None]:
    """One clause per filterable facet (None when that filter is not set)."""

    def terms(field_name: str, values: tuple[str, ...]) -> Query | None:
        return Q("terms", **{field_name: list(values)}) if values else None

    location = None
    if request.location:
        location = Q(
            "bool", should=[Q("match_phrase", locations=name) for name in request.location], minimum_should_match=1
        )
    return {
        "path": terms("path", request.path),
        "workplace": terms("workplace", request.workplace),
        "country": terms("countries", request.country),
        "location": location,
        "seniority": terms("seniority", request.seniority),
        "employment_type": terms("employment_type", request.employment_type),
        "currency": terms("salary_currency", request.currency),
        "salary": salary_filter(request.salary_min, request.pay_currency) if request.salary_min is not None else None,
        "posted_within": (
            Q("range", posted_at={"gte": POSTED_WITHIN[request.posted_within]}) if request.posted_within else None
        ),
    }


def _facet(search: Search, name: str, filters: list[Query | None], inner: A) -> None:
    """`inner` under the given filters; without any, plain (a match-all wrapper costs a full pass)."""
    active = [clause for clause in filters if clause is not None]
    if not active:
        search.aggs.bucket(name, inner)
        return
    search.aggs.bucket(name, "filter", filter=Q("bool", filter=active)).bucket("values", inner)


def _job_facets(search: Search, request: SearchRequest, filters: dict[str, Query | None]) -> None:
    def others(name: str) -> list[Query | None]:
        return [clause for key, clause in filters.items() if key != name]

    terms_fields = {
        "path": ("path", 50),
        "workplace": ("workplace", 10),
        "country": ("countries", 100),
        "seniority": ("seniority", 10),
        "employment_type": ("employment_type", 10),
        "currency": ("salary_currency", 50),
    }
    for name, (field_name, size) in terms_fields.items():
        _facet(search, name, others(name), A("terms", field=field_name, size=size))
    # Pay steps count listings in the currency the pay filter applies in.
    salary_ranges = [{"key": str(step), "from": step} for step in SALARY_STEPS]
    _facet(
        search,
        "salary",
        [*others("salary"), Q("term", salary_currency=request.pay_currency)],
        A("range", field="salary_annual_top", ranges=salary_ranges),
    )
    posted_ranges = [{"key": key, "from": gte} for key, gte in POSTED_WITHIN.items()]
    _facet(search, "posted_within", others("posted_within"), A("date_range", field="posted_at", ranges=posted_ranges))


def _highlight(search: Search, fields: dict[str, int]) -> Search:
    search = search.highlight_options(pre_tags=[MARK_PRE], post_tags=[MARK_POST], require_field_match=False)
    for name, fragments in fields.items():
        options = {"number_of_fragments": 0} if fragments == 0 else {"fragment_size": 160, "number_of_fragments": 1}
        search = search.highlight(name, **options)
    return search


def suggestion_search(text: str, index: str) -> Search:
    """Each word on its own, fuzzily, against titles and role names; the highlights show the words found."""
    search = Search(index=index).query(
        "multi_match",
        query=text,
        type="best_fields",
        # The autocomplete field holds every word unstemmed (and its prefixes), so a typo
        # is compared with "learning", not with the stem "learn".
        fields=["title.ac", "names"],
        fuzziness=2,  # the most the engines allow; the closest word is picked afterwards
        prefix_length=0,
        max_expansions=50,
    )
    search = search.extra(size=10).source(False)
    return _highlight(search, {"title.ac": 0, "names": 0})


def build_suggest(q: str, *, roles_index: str, jobs_index: str) -> MultiSearch:
    """Autocomplete: paths and comparisons whose title words start with the typed words, then job titles."""
    match = Q("match", **{"title.ac": {"query": q, "operator": "and"}})
    roles = (
        Search(index=roles_index)
        .query(match)
        .extra(size=SUGGEST_LIMIT * 2)
        .source(["title", "kind", "url"])
        .sort("_score", {"order": "asc"})
    )
    jobs = Search(index=jobs_index).query(match).extra(size=0)
    jobs.aggs.bucket("titles", "terms", field="title.raw", size=SUGGEST_LIMIT * 2)
    return MultiSearch().add(roles).add(jobs)


# Reading the answers ------------------------------------------------------------------------------------


class EngineResponseError(Exception):
    """One of the searches in a multi-search failed; str(e) is the engine's reason."""


def _check(response: dict) -> dict:
    if "error" in response:
        error = response["error"]
        reason = error.get("reason") if isinstance(error, dict) else str(error)
        raise EngineResponseError(reason or "search failed")
    return response


def role_count(responses: list[dict]) -> int:
    """How many paths and comparisons matched (to check a mixed search's `role_bound`)."""
    return sum(_check(response)["hits"]["total"]["value"] for response in responses[:2])


def parse_search(plan: Plan, responses: list[dict]) -> dict:
    """The API's answer from the engine's multi-search responses."""
    request = plan.request
    paths, comparisons, jobs = (_check(response) for response in responses[:3])
    totals = {
        "role": paths["hits"]["total"]["value"],
        "comparison": comparisons["hits"]["total"]["value"],
        "job": jobs["hits"]["total"]["value"],
    }
    hits = {
        "role": [_role_result(hit, request) for hit in paths["hits"]["hits"]],
        "comparison": [_role_result(hit, request) for hit in comparisons["hits"]["hits"]],
        "job": [_job_result(hit) for hit in jobs["hits"]["hits"]],
    }
    start = (request.page - 1) * request.size
    if request.type != "all":
        results = hits[request.type]
    else:
        # Each type is a segment of one list; the page is a window on it.
        results, offset = [], 0
        for kind in segment_order(request):
            window_from = plan.windows[kind][0]
            low, high = max(start, offset), min(start + request.size, offset + totals[kind])
            if low < high:
                results += hits[kind][low - offset - window_from : high - offset - window_from]
            offset += totals[kind]
    suggestion = None
    if plan.has_suggestion and not any(totals.values()):
        suggestion = corrected_query(request.match_text, _check(responses[3]))
    shown = RESULT_TYPES if request.type == "all" else (request.type,)
    return {
        "query": request.q,
        "text": request.match_text,
        "understood": [entry.as_dict() for entry in request.understood],
        "currency": request.pay_currency,
        "total": {"all": sum(totals[kind] for kind in shown), **totals},
        "page": request.page,
        "size": request.size,
        "results": results,
        "facets": _facets(request, paths.get("aggregations", {}), jobs.get("aggregations", {}), totals),
        "suggestion": suggestion,
    }


def _buckets(agg: dict) -> list[dict]:
    values = agg.get("values", agg)  # filtered facets nest their buckets one level down
    buckets = values.get("buckets", [])
    if isinstance(buckets, dict):  # keyed buckets
        return [{"value": key, "count": bucket["doc_count"]} for key, bucket in buckets.items()]
    return [{"value": str(bucket["key"]), "count": bucket["doc_count"]} for bucket in buckets]


def _facets(request: SearchRequest, role_aggs: dict, job_aggs: dict, totals: dict[str, int]) -> dict:
    facets: dict[str, list[dict]] = {"type": [{"value": kind, "count": totals[kind]} for kind in RESULT_TYPES]}
    path_counts: dict[str, int] = {}
    sources = []
    if request.type in ("all", "role"):
        sources.append(role_aggs)
    if request.type in ("all", "job"):
        sources.append(job_aggs)
    for aggs in sources:
        for bucket in _buckets(aggs.get("path", {})):
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


def _role_result(hit: dict, request: SearchRequest) -> dict:
    source = hit["_source"]
    highlight = hit.get("highlight", {})
    is_path = source.get("kind") == "path"
    salary_url = public_urls.salaries_url(source["slug"]) if is_path else None
    return {
        "type": "role" if is_path else "comparison",
        "id": int(hit["_id"]),
        "kind": source.get("kind"),
        "title": source.get("title", ""),
        # A query about pay ("ml engineer salary") leads to the path's salary page.
        "url": salary_url if salary_url and INTENT_SALARY in request.intents else source.get("url", ""),
        "salary_url": salary_url,
        "snippet": _snippet(highlight, ["summary"], source.get("summary", "")),
        "title_highlighted": _snippet(highlight, ["title"], source.get("title", "")),
        "path": source["slug"] if is_path else None,
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
        "url": source.get("url") or None,
        "source_url": source.get("source_url") or "",
        "apply_url": source.get("apply_url") or "",
        "snippet": _snippet(highlight, ["description"], source.get("excerpt", "")),
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


def parse_suggest(responses: list[dict]) -> dict[str, list[dict]]:
    """Completions grouped: career paths, comparisons, then job titles by how many listings carry them.

    Each entry is {title, url}; a job title's url is empty (it is searched for, not visited).
    """
    roles, jobs = _check(responses[0]), _check(responses[1])
    groups: dict[str, list[dict]] = {"roles": [], "comparisons": [], "jobs": []}
    seen: set[str] = set()
    for hit in roles["hits"]["hits"]:
        source = hit["_source"]
        group = groups["roles" if source.get("kind") == "path" else "comparisons"]
        key = fold(source.get("title", ""), spaces=True)
        if key and key not in seen and len(group) < SUGGEST_GROUP_LIMIT:
            seen.add(key)
            group.append({"title": source["title"], "url": source.get("url", "")})
    for bucket in jobs.get("aggregations", {}).get("titles", {}).get("buckets", []):
        key = fold(bucket["key"], spaces=True)
        if key not in seen and len(groups["jobs"]) < SUGGEST_GROUP_LIMIT:
            seen.add(key)
            groups["jobs"].append({"title": bucket["key"], "url": "", "count": bucket["doc_count"]})
    return groups


def flat_suggestions(groups: dict[str, list[dict]]) -> list[str]:
    """Up to ten titles in group order: what the `suggestions` list of the suggest answer holds."""
    titles = [entry["title"] for name in ("roles", "comparisons", "jobs") for entry in groups[name]]
    return titles[:SUGGEST_LIMIT]
