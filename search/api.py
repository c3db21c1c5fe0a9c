"""The search API, mounted at /api/search/: one multi-search round trip per request.

Query parameters are typed schemas of `config.params` (`SearchParams`,
`SuggestParams`), validated by ninja: a bad value, an unknown parameter or a
single-valued one given twice is a 400 with a message naming it ("page: must
be at least 1"), and every request the schema allows is answered. The
schema becomes a `SearchRequest` in `search_request`; `search.selectors`
reads the filters and intents of `q` into it and runs it; an unknown career
path is a 404, an engine that cannot be reached a 503, never a 500.
"""

from __future__ import annotations

import logging
import re
from typing import Annotated, Literal, get_origin

import pydantic
from django.http import HttpRequest, QueryDict
from elasticsearch import ApiError, TransportError
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError, ValidationError

from config.params import Amount, CountryCode, CurrencyCode, Slug
from jobs.models import JobListing

from . import queries, selectors
from .queries import SearchRequest

logger = logging.getLogger(__name__)

router = Router(tags=["search"])

_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
# Every page lies within the engine's result window: page × size never exceeds MAX_WINDOW.
MAX_PAGE = queries.MAX_WINDOW // queries.MAX_SIZE


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
    url: str | None = Field(
        ..., description="The result's page on this site (site-relative); null for a job without a career path."
    )
    source_url: str | None = Field(None, description="Jobs: the posting on the employer's job board.")
    apply_url: str | None = Field(None, description="Jobs: where to apply, on the employer's side.")
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


# Parameters ----------------------------------------------------------------------------------------------
# Optional parameters default without a null in their schema: a query string has no null (an empty value is
# a bad value, not a missing one). Lists are arrays: repeat the parameter (`?country=DE&country=FR`).

QueryText = Annotated[
    str,
    Field(
        max_length=queries.MAX_QUERY_LENGTH,
        description=f"Words to search for, at most {queries.MAX_QUERY_LENGTH} characters.",
    ),
]
SearchType = Literal[queries.TYPES]
PostedWithin = Literal[tuple(queries.POSTED_WITHIN)]


class SearchParams(Schema):
    q: QueryText = ""
    type: SearchType = Field("all", description="What to search: all (career paths, comparisons, then jobs), or one.")
    path: list[Slug] = Field(None, description="Career path slugs (repeat the parameter for several).")
    workplace: list[JobListing.Workplace] = Field(None, description="Repeat the parameter for several.")
    country: list[CountryCode] = Field(None, description="ISO 3166-1 alpha-2 codes (repeat for several).")
    seniority: list[JobListing.Seniority] = Field(None, description="Repeat the parameter for several.")
    employment_type: list[JobListing.EmploymentType] = Field(None, description="Repeat the parameter for several.")
    currency: list[CurrencyCode] = Field(
        None,
        description=(
            "ISO 4217 codes of the listings' pay (repeat for several). `salary_min` is read in the first one "
            "given, else in a currency named in `q`, else in the site's reference currency."
        ),
    )
    salary_min: Amount = Field(None, description="Annual amount the listing's pay range reaches, in one currency.")
    posted_within: PostedWithin = Field(None, description="Listings posted within the last day, 7, 30 or 90 days.")
    page: int = Field(
        1,
        ge=1,
        le=MAX_PAGE,
        description=f"Page number, 1 to {MAX_PAGE}: a page lies within the first {queries.MAX_WINDOW:,} results.",
    )
    size: int = Field(
        queries.DEFAULT_SIZE,
        ge=1,
        le=queries.MAX_SIZE,
        description=f"Results per page, 1 to {queries.MAX_SIZE} (default {queries.DEFAULT_SIZE}).",
    )
    understand: Literal["0", "1"] = Field(
        "1", description="1 (default): read filters and intents from q; 0: match q as typed."
    )


class SuggestParams(Schema):
    q: Annotated[
        str,
        Field(
            max_length=queries.MAX_QUERY_LENGTH,
            description=f"What the visitor has typed so far, at most {queries.MAX_QUERY_LENGTH} characters.",
        ),
    ] = ""


LIST_PARAMS = frozenset(
    name for name, field in SearchParams.model_fields.items() if get_origin(field.annotation) is list
)


def _text(value: str) -> str:
    """`q` as matched: control characters as spaces, runs of white space as one."""
    return " ".join(_CONTROL_RE.sub(" ", value).split())


def _unique(values: list | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(str(getattr(value, "value", value)) for value in values or ()))


def known_path_slugs(slugs: tuple[str, ...]) -> set[str]:
    """Which of `slugs` are live career paths."""
    from cms.models import CareerPathPage

    return set(CareerPathPage.objects.live().filter(slug__in=slugs).values_list("slug", flat=True))


def search_request(params: SearchParams) -> SearchRequest:
    """The `SearchRequest` of validated parameters; a path that is no live career path is a 404."""
    paths = _unique(params.path)
    if paths:
        known = known_path_slugs(paths)
        unknown = [slug for slug in paths if slug not in known]
        if unknown:
            raise HttpError(404, f"path: no career path {unknown[0]!r}")
    salary_min = params.salary_min
    return SearchRequest(
        q=_text(params.q),
        type=params.type,
        path=paths,
        workplace=_unique(params.workplace),
        country=_unique(params.country),
        seniority=_unique(params.seniority),
        employment_type=_unique(params.employment_type),
        currency=_unique(params.currency),
        salary_min=int(salary_min) if salary_min is not None and salary_min.is_integer() else salary_min,
        posted_within=params.posted_within,
        page=params.page,
        size=params.size,
        understand=params.understand == "1",
    )


def parse_search_params(params: QueryDict) -> SearchRequest:
    """The `SearchRequest` of a query string outside a request (tests, the benchmark), through the same schema.

    A bad value raises ninja's ValidationError with the errors the API turns into its 400 (unknown and
    repeated parameters are the API's own check, before validation).
    """
    data = {name: params.getlist(name) if name in LIST_PARAMS else params.get(name) for name in params}
    try:
        validated = SearchParams.model_validate(data)
    except pydantic.ValidationError as error:
        raise ValidationError([{**e, "loc": ("query", *e["loc"])} for e in error.errors()]) from None
    return search_request(validated)


# Endpoints -------------------------------------------------------------------------------------------------

ENGINE_DOWN = "the search engine is unavailable; try again shortly"
ENGINE_ERRORS = (TransportError, ApiError, queries.EngineResponseError, OSError)


@router.get(
    "/",
    response={200: SearchOut, 400: ErrorOut, 404: ErrorOut, 503: ErrorOut},
    summary="Search career paths, comparisons and job listings",
    url_name="search",
)
def search(request: HttpRequest, params: Query[SearchParams]):
    """One list of career paths, then comparisons (first when `q` compares two roles), then job listings.

    Unless `understand=0`, words of `q` that name a workplace, seniority, place, pay or currency become
    filters (`understood` says which; an explicit parameter wins over `q`). Filters apply to jobs; `path`
    narrows roles too. A page past the last one is empty and carries the same totals.

    A bad value, an unknown parameter or a single-valued one given twice is a 400 with a message naming
    it. A `path` that is no live career path is a 404; an unreachable search engine is a 503.
    """
    wanted = search_request(params)
    try:
        return Status(200, selectors.run_search(selectors.understood_request(wanted)))
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
    """Up to ten completions of `q`, grouped into roles, comparisons and job titles.

    A `q` over the length limit, or any other parameter, is a 400; an unreachable search engine is a 503.
    """
    q = _text(params.q)
    if not q:
        return Status(200, {"query": q, "suggestions": [], "groups": {"roles": [], "comparisons": [], "jobs": []}})
    try:
        return Status(200, selectors.run_suggest(q))
    except ENGINE_ERRORS as error:
        logger.warning("suggest failed: %s", error)
        return Status(503, {"detail": ENGINE_DOWN})
