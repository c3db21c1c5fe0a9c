"""The search API, mounted at /api/search/: one multi-search round trip per request.

Query strings are parsed here, in `parse_search_params` (the one place that
knows the parameters; unknown parameters and values are a 400 with a
message), into a `SearchRequest`; `search.selectors` reads the filters and
intents of `q` into it and runs it; an engine that cannot be reached is a
503, never a 500.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from django.http import HttpRequest, QueryDict
from elasticsearch import ApiError, TransportError
from ninja import Field, Query, Router, Schema, Status

from . import queries, selectors
from .queries import SearchRequest

logger = logging.getLogger(__name__)

router = Router(tags=["search"])

SEARCH_PARAMS = frozenset(
    {
        "q",
        "type",
        "path",
        "workplace",
        "country",
        "seniority",
        "employment_type",
        "currency",
        "salary_min",
        "posted_within",
        "page",
        "size",
        "understand",
    }
)
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
MAX_SALARY = 100_000_000


class BadRequest(ValueError):
    """The query string is not valid; str(e) is the message for the client."""


# Schemas (for the OpenAPI document and the response shape) ------------------------------------------


class ErrorOut(Schema):
    detail: str


class FacetBucket(Schema):
    value: str
    count: int


class Salary(Schema):
    min: float | None = None
    max: float | None = None
    currency: str | None = None
    period: str | None = None
    annual_min: float | None = None
    annual_max: float | None = None


class SearchResult(Schema):
    type: str = Field(..., description="'role' (a career path), 'comparison' or 'job'.")
    id: int
    title: str
    url: str = Field(..., description="Site-relative URL of the page, or the original posting for unclassified jobs.")
    snippet: str = Field(..., description="HTML-escaped text with matches in <mark> tags.")
    title_highlighted: str
    path: str | None = Field(None, description="The career path's slug.")
    kind: str | None = Field(None, description="Roles and comparisons: 'path' or 'comparison'.")
    salary_url: str | None = Field(None, description="Career paths: the path's salary page.")
    paths: list[str] | None = None
    open_jobs: int | None = None
    company: str | None = None
    locations: list[str] | None = None
    countries: list[str] | None = None
    workplace: str | None = None
    employment_type: str | None = None
    seniority: str | None = None
    salary: Salary | None = None
    posted_at: str | None = None


class Totals(Schema):
    all: int = Field(..., description="The sum over the types this search returns.")
    role: int
    comparison: int
    job: int


class UnderstoodOut(Schema):
    field: str = Field(
        ...,
        description="workplace, seniority, country, location, salary_min, currency or intent (jobs, salary, compare).",
    )
    value: str | int
    text: str = Field(..., description="The words of q it was read from.")
    applied: bool = Field(True, description="False when an explicit parameter says otherwise.")
    note: str | None = None


class Facets(Schema):
    type: list[FacetBucket]
    path: list[FacetBucket]
    workplace: list[FacetBucket]
    country: list[FacetBucket]
    seniority: list[FacetBucket]
    employment_type: list[FacetBucket]
    currency: list[FacetBucket]
    salary: list[FacetBucket] = Field(..., description="Listings whose annual range reaches each amount.")
    posted_within: list[FacetBucket]


class SearchOut(Schema):
    query: str
    text: str = Field(..., description="The words matched: q without what was understood from it.")
    understood: list[UnderstoodOut]
    currency: str = Field(..., description="The currency salary_min (and the salary facet) is read in.")
    total: Totals
    page: int
    size: int
    results: list[SearchResult]
    facets: Facets
    suggestion: str | None = Field(None, description="A corrected query, when nothing matched.")


class SuggestEntry(Schema):
    title: str
    url: str = Field(..., description="The page of a role or comparison; empty for a job title (search for it).")
    count: int | None = Field(None, description="Job titles: how many open listings carry it.")


class SuggestGroups(Schema):
    roles: list[SuggestEntry]
    comparisons: list[SuggestEntry]
    jobs: list[SuggestEntry]


class SuggestOut(Schema):
    query: str
    suggestions: list[str] = Field(..., description="Up to ten titles: roles, then comparisons, then job titles.")
    groups: SuggestGroups


class SearchParams(Schema):
    """Documented here for the schema; `parse_search_params` does the validation."""

    q: str | None = Field(None, description=f"Words to search for, at most {queries.MAX_QUERY_LENGTH} characters.")
    type: str | None = Field(None, description="all (default), role, comparison or job.")
    path: str | None = Field(None, description="Career path slug(s), comma-separated.")
    workplace: str | None = Field(None, description=f"One or more of {', '.join(queries.WORKPLACES)}.")
    country: str | None = Field(None, description="ISO 3166 alpha-2 code(s), comma-separated.")
    seniority: str | None = Field(None, description=f"One or more of {', '.join(queries.SENIORITIES)}.")
    employment_type: str | None = Field(None, description=f"One or more of {', '.join(queries.EMPLOYMENT_TYPES)}.")
    currency: str | None = Field(
        None,
        description=(
            "ISO 4217 code(s), comma-separated; with salary_min, one code (default: the site's reference currency)."
        ),
    )
    salary_min: str | None = Field(
        None, description="Annual amount the listing's salary range must reach, in `currency`."
    )
    posted_within: str | None = Field(None, description=f"One of {', '.join(queries.POSTED_WITHIN)}.")
    page: str | None = Field(None, description="Page number, from 1.")
    size: str | None = Field(
        None, description=f"Results per page, 1 to {queries.MAX_SIZE} (default {queries.DEFAULT_SIZE})."
    )
    understand: str | None = Field(
        None, description="1 (default): read filters and intents from q; 0: match q as typed."
    )


class SuggestParams(Schema):
    q: str | None = Field(None, description="What the visitor has typed so far.")


# Parsing -------------------------------------------------------------------------------------------------


def _values(params: QueryDict | Mapping, name: str) -> list[str]:
    raw = params.getlist(name) if isinstance(params, QueryDict) else [params[name]] if name in params else []
    return [value.strip() for item in raw for value in str(item).split(",") if value.strip()]


def _one(params: QueryDict | Mapping, name: str) -> str | None:
    values = _values(params, name)
    if len(values) > 1:
        raise BadRequest(f"'{name}' takes one value")
    return values[0] if values else None


def _choices(params: QueryDict | Mapping, name: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    values = tuple(dict.fromkeys(value.lower() for value in _values(params, name)))
    bad = [value for value in values if value not in allowed]
    if bad:
        raise BadRequest(f"unknown {name} {bad[0]!r}; expected one of {', '.join(allowed)}")
    return values


def _integer(params: QueryDict | Mapping, name: str, default: int | None, low: int, high: int) -> int | None:
    value = _one(params, name)
    if value is None:
        return default
    if not value.isdigit():
        raise BadRequest(f"'{name}' must be a whole number")
    number = int(value)
    if not low <= number <= high:
        raise BadRequest(f"'{name}' must be between {low} and {high}")
    return number


def _query_text(params: QueryDict | Mapping, name: str = "q") -> str:
    raw = params.getlist(name) if isinstance(params, QueryDict) else [params.get(name, "")]
    if len(raw) > 1:
        raise BadRequest(f"'{name}' takes one value")
    text = raw[0] if raw else ""
    if len(text) > queries.MAX_QUERY_LENGTH:
        raise BadRequest(f"'{name}' is longer than {queries.MAX_QUERY_LENGTH} characters")
    return " ".join(_CONTROL_RE.sub(" ", text).split())


def _reject_unknown(params: QueryDict | Mapping, allowed: frozenset[str]) -> None:
    unknown = sorted(set(params.keys()) - allowed)
    if unknown:
        raise BadRequest(f"unknown parameter {unknown[0]!r}; expected {', '.join(sorted(allowed))}")


def known_path_slugs(slugs: tuple[str, ...]) -> set[str]:
    """Which of `slugs` are live career paths."""
    from cms.models import CareerPathPage

    return set(CareerPathPage.objects.live().filter(slug__in=slugs).values_list("slug", flat=True))


def parse_search_params(params: QueryDict | Mapping) -> SearchRequest:
    """A validated `SearchRequest`, or BadRequest with a message for the client."""
    _reject_unknown(params, SEARCH_PARAMS)
    q = _query_text(params)
    search_type = (_one(params, "type") or "all").lower()
    if search_type not in queries.TYPES:
        raise BadRequest(f"unknown type {search_type!r}; expected one of {', '.join(queries.TYPES)}")
    paths = tuple(dict.fromkeys(value.lower() for value in _values(params, "path")))
    if paths:
        bad = [slug for slug in paths if not _SLUG_RE.match(slug)]
        if not bad:
            known = known_path_slugs(paths)
            bad = [slug for slug in paths if slug not in known]
        if bad:
            raise BadRequest(f"unknown path {bad[0]!r}")
    countries = tuple(dict.fromkeys(value.upper() for value in _values(params, "country")))
    bad = [code for code in countries if not _COUNTRY_RE.match(code)]
    if bad:
        raise BadRequest(f"country {bad[0]!r} is not an ISO 3166 alpha-2 code")
    currencies = tuple(dict.fromkeys(value.upper() for value in _values(params, "currency")))
    bad = [code for code in currencies if not _CURRENCY_RE.match(code)]
    if bad:
        raise BadRequest(f"currency {bad[0]!r} is not an ISO 4217 code")
    posted_within = _one(params, "posted_within")
    if posted_within is not None and posted_within.lower() not in queries.POSTED_WITHIN:
        raise BadRequest(f"unknown posted_within {posted_within!r}; expected one of {', '.join(queries.POSTED_WITHIN)}")
    page = _integer(params, "page", 1, 1, queries.MAX_WINDOW)
    size = _integer(params, "size", queries.DEFAULT_SIZE, 1, queries.MAX_SIZE)
    assert page is not None and size is not None
    if page * size > queries.MAX_WINDOW:
        raise BadRequest(f"page × size may not exceed {queries.MAX_WINDOW}; narrow the search instead")
    salary_min = _integer(params, "salary_min", None, 0, MAX_SALARY)
    if salary_min is not None and len(currencies) > 1:
        raise BadRequest("salary_min applies within one currency; give one currency code")
    understand = _one(params, "understand")
    if understand is not None and understand not in ("0", "1"):
        raise BadRequest("'understand' must be 0 or 1")
    return SearchRequest(
        q=q,
        type=search_type,
        path=paths,
        workplace=_choices(params, "workplace", queries.WORKPLACES),
        country=countries,
        seniority=_choices(params, "seniority", queries.SENIORITIES),
        employment_type=_choices(params, "employment_type", queries.EMPLOYMENT_TYPES),
        currency=currencies,
        salary_min=salary_min,
        posted_within=posted_within.lower() if posted_within else None,
        page=page,
        size=size,
        understand=understand != "0",
    )


# Endpoints -------------------------------------------------------------------------------------------------

ENGINE_DOWN = "the search engine is unavailable; try again shortly"
ENGINE_ERRORS = (TransportError, ApiError, queries.EngineResponseError, OSError)


@router.get(
    "/",
    response={200: SearchOut, 400: ErrorOut, 503: ErrorOut},
    summary="Search career paths, comparisons and job listings",
    url_name="search",
)
def search(request: HttpRequest, params: Query[SearchParams]):
    try:
        search_request = parse_search_params(request.GET)
    except BadRequest as error:
        return Status(400, {"detail": str(error)})
    try:
        return Status(200, selectors.run_search(selectors.understood_request(search_request)))
    except ENGINE_ERRORS as error:
        logger.warning("search failed: %s", error)
        return Status(503, {"detail": ENGINE_DOWN})


@router.get(
    "/suggest/",
    response={200: SuggestOut, 400: ErrorOut, 503: ErrorOut},
    summary="Complete what a visitor is typing from role names and job titles",
    url_name="search_suggest",
)
def suggest(request: HttpRequest, params: Query[SuggestParams]):
    try:
        _reject_unknown(request.GET, frozenset({"q"}))
        q = _query_text(request.GET)
    except BadRequest as error:
        return Status(400, {"detail": str(error)})
    if not q:
        return Status(200, {"query": q, "suggestions": [], "groups": {"roles": [], "comparisons": [], "jobs": []}})
    try:
        return Status(200, selectors.run_suggest(q))
    except ENGINE_ERRORS as error:
        logger.warning("suggest failed: %s", error)
        return Status(503, {"detail": ENGINE_DOWN})
