"""The headless content API: the hub, career paths and comparisons as typed JSON.

Only live pages are served. A detail request may carry `preview_token` (made
by an editor's preview, see `cms.preview`) to read that unpublished revision
instead; a forged or expired token is a 404, like an unknown slug.

Query parameters are read as text and checked here, so that any bad value or
unknown parameter is a 400 with a message naming it, never a 422 or a 500.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from wagtail.models import Page

from . import representations as rep
from . import selectors
from .models import CareerPathPage, ComparisonPage
from .preview import preview_object, read_preview_token

router = Router(tags=["content"])

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 50


# Schemas ----------------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str


class SourceOut(Schema):
    id: int
    publisher: str
    title: str
    url: str
    published_date: date | None
    retrieved_date: date


class StatisticOut(Schema):
    id: int
    figure: str = Field(description="The figure as displayed, e.g. '25%' or '#1'.")
    statement: str
    source: SourceOut


class MainCurrencyOut(Schema):
    currency: str
    median_annual: float | None = Field(description="Null under the minimum sample.")
    sample_size: int


class PathCardOut(Schema):
    id: int
    slug: str = Field(description="The path's stable id, e.g. 'ml-engineer'.")
    title: str
    role_name: str
    summary: str
    url: str = Field(description="Public URL of the path page.")
    jobs_url: str = Field(description="Public URL of the path's open jobs.")
    salaries_url: str = Field(description="Public URL of the path's salary figures.")
    open_jobs: int | None = Field(description="Open job listings for the path; null when job data is unavailable.")
    median_annual: float | None = Field(
        description="Median annual pay midpoint in `currency` (the reference currency) of open full-time or "
        "unspecified, non-intern listings; null when `sample_size` is under the minimum (MARKET_MIN_SAMPLE)."
    )
    currency: str | None = Field(description="The reference currency (MARKET_REFERENCE_CURRENCY, ISO 4217).")
    sample_size: int | None = Field(description="Listings with annual pay in `currency` behind the median.")
    main_currency: MainCurrencyOut | None = Field(
        None, description="The currency most of the path's annual listings state, when not the reference currency."
    )


class RelatedPathOut(Schema):
    slug: str
    title: str
    role_name: str
    summary: str
    url: str
    jobs_url: str
    salaries_url: str
    reason: str = Field(description="One line on why the path is related.")


class SectionValue(Schema):
    heading: str
    html: str = Field(description="Rich text HTML; internal links point at public URLs.")


class ResponsibilitiesValue(Schema):
    heading: str
    intro: str
    items: list[str]


class SkillGroupOut(Schema):
    kind: str
    label: str
    skills: list[str]


class SkillsValue(Schema):
    heading: str
    groups: list[SkillGroupOut]


class ToolOut(Schema):
    name: str
    category: str


class ToolsValue(Schema):
    heading: str
    tools: list[ToolOut]


class FAQItemOut(Schema):
    question: str
    answer_html: str


class FAQValue(Schema):
    heading: str
    items: list[FAQItemOut]


class ComparisonRowOut(Schema):
    aspect: str
    left: str
    right: str


class ComparisonTableValue(Schema):
    topic: str = Field(description="responsibilities, collaborators, skills, salary, genai_fit or other.")
    topic_label: str
    heading: str
    intro_html: str
    rows: list[ComparisonRowOut]


class SectionBlockOut(Schema):
    type: Literal["section"]
    id: str
    value: SectionValue


class ResponsibilitiesBlockOut(Schema):
    type: Literal["responsibilities"]
    id: str
    value: ResponsibilitiesValue


class SkillsBlockOut(Schema):
    type: Literal["skills"]
    id: str
    value: SkillsValue


class ToolsBlockOut(Schema):
    type: Literal["tools"]
    id: str
    value: ToolsValue


class StatisticBlockOut(Schema):
    type: Literal["statistic"]
    id: str
    value: StatisticOut


class FAQBlockOut(Schema):
    type: Literal["faq"]
    id: str
    value: FAQValue


class ComparisonBlockOut(Schema):
    type: Literal["comparison"]
    id: str
    value: ComparisonTableValue


PathBlock = Annotated[
    SectionBlockOut | ResponsibilitiesBlockOut | SkillsBlockOut | ToolsBlockOut | StatisticBlockOut | FAQBlockOut,
    Field(discriminator="type"),
]
ComparisonBlock = Annotated[
    ComparisonBlockOut | SectionBlockOut | StatisticBlockOut,
    Field(discriminator="type"),
]


class SalaryNoteOut(Schema):
    title: str
    figure: str
    note: str
    source: SourceOut


class PathDetailOut(Schema):
    id: int
    slug: str
    title: str
    seo_title: str
    search_description: str
    last_published_at: datetime | None
    role_name: str
    summary: str
    url: str
    jobs_url: str
    salaries_url: str
    open_jobs: int | None
    median_annual: float | None = Field(description="As on the path card: reference currency, null under the minimum.")
    currency: str | None
    sample_size: int | None
    main_currency: MainCurrencyOut | None = None
    body: list[PathBlock]
    related_paths: list[RelatedPathOut]
    salary_notes: list[SalaryNoteOut] = Field(description="Curated salary figures with their cited sources.")
    statistics: list[StatisticOut] = Field(description="The statistics quoted in the body, with their sources.")
    title_patterns: list[str] = Field(description="Job-title patterns that classify listings into this path.")


class PathPageOut(Schema):
    count: int
    page: int
    size: int
    pages: int
    results: list[PathCardOut]


class ComparisonCardOut(Schema):
    id: int
    slug: str
    title: str
    summary: str
    url: str
    left: PathCardOut | None
    right: PathCardOut | None


class ComparisonPageOut(Schema):
    count: int
    page: int
    size: int
    pages: int
    results: list[ComparisonCardOut]


class ShortVersionOut(Schema):
    summary: str
    choose_left_if: str
    choose_right_if: str


class ComparisonDetailOut(Schema):
    id: int
    slug: str
    title: str
    seo_title: str
    search_description: str
    last_published_at: datetime | None
    summary: str
    intro: str
    url: str
    left: PathCardOut | None
    right: PathCardOut | None
    short_version: ShortVersionOut
    body: list[ComparisonBlock]
    statistics: list[StatisticOut] = Field(description="Cited statistics (trust figures) with their sources.")
    faq: list[FAQItemOut]
    related_paths: list[RelatedPathOut]


class HubOut(Schema):
    id: int | None
    title: str
    intro_html: str
    url: str
    search_url: str
    paths: list[PathCardOut] = Field(description="Career paths in hub order.")
    comparisons: list[ComparisonCardOut]


# Input checks -----------------------------------------------------------------------------------


def _allow_params(request: HttpRequest, allowed: set[str]) -> None:
    unknown = sorted(set(request.GET) - allowed)
    if unknown:
        expected = ", ".join(sorted(allowed)) or "none"
        raise HttpError(400, f"unknown query parameter {unknown[0]!r} (expected: {expected})")
    repeated = sorted(name for name in request.GET if len(request.GET.getlist(name)) > 1)
    if repeated:
        raise HttpError(400, f"{repeated[0]}: give the parameter once")


def _positive_int(name: str, value: str | None, default: int, maximum: int | None = None) -> int:
    if value is None or value == "":
        return default
    if not value.isdigit():
        raise HttpError(400, f"{name}: expected a whole number, got {value[:40]!r}")
    number = int(value)
    if number < 1 or (maximum is not None and number > maximum):
        bound = f"between 1 and {maximum}" if maximum else "of at least 1"
        raise HttpError(400, f"{name}: expected a number {bound}")
    return number


def _paginate(queryset, page_param: str | None, size_param: str | None) -> tuple[list, dict]:
    page = _positive_int("page", page_param, 1)
    size = _positive_int("size", size_param, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    count = queryset.count()
    pages = max(1, math.ceil(count / size))
    if page > pages:
        raise HttpError(400, f"page: there are {pages} page(s) of {size}")
    items = list(queryset[(page - 1) * size : page * size])
    return items, {"count": count, "page": page, "size": size, "pages": pages}


def _preview_or_live(request: HttpRequest, slug: str, model: type[Page], live_lookup) -> Page:
    token = request.GET.get("preview_token")
    if token is None:
        page = live_lookup(slug)
        if page is None:
            raise HttpError(404, f"no published {model._meta.verbose_name} with slug {slug!r}")
        return page
    grant = read_preview_token(token)
    page = preview_object(grant) if grant else None
    if page is None or not isinstance(page, model):
        raise HttpError(404, "preview token is invalid or has expired")
    live_slug = Page.objects.filter(pk=page.pk).values_list("slug", flat=True).first()
    if slug not in (page.slug, live_slug):
        raise HttpError(404, "preview token is for another page")
    # Responses to preview requests must never be cached by shared caches.
    request.cms_preview = True
    return page


# Endpoints --------------------------------------------------------------------------------------

_PAGINATION_DOC = {"page": "Page number, from 1.", "size": f"Items per page, 1 to {MAX_PAGE_SIZE}."}
_PREVIEW_DOC = "A signed preview token from the editor's preview (valid for an hour) to read the draft."


@router.get("/hub/", response={200: HubOut}, summary="The careers hub with its ordered paths")
def hub(request: HttpRequest):
    """The hub: intro, every live path in hub order with job and salary links, and the comparisons."""
    _allow_params(request, set())
    return rep.hub_json(selectors.hub_page(), list(selectors.path_pages()), list(selectors.comparison_pages()))


@router.get("/paths/", response={200: PathPageOut, 400: ErrorOut}, summary="List career paths")
def list_paths(
    request: HttpRequest,
    page: str | None = Query(None, description=_PAGINATION_DOC["page"]),
    size: str | None = Query(None, description=_PAGINATION_DOC["size"]),
):
    """Live career paths in hub order, paginated."""
    _allow_params(request, {"page", "size"})
    items, meta = _paginate(selectors.path_pages(), page, size)
    stats = rep.job_stats([item.slug for item in items])
    return {**meta, "results": [rep.path_card(item, stats) for item in items]}


@router.get("/paths/{slug}/", response={200: PathDetailOut, 400: ErrorOut, 404: ErrorOut}, summary="One career path")
def get_path(
    request: HttpRequest,
    slug: str,
    preview_token: str | None = Query(None, description=_PREVIEW_DOC),
):
    """A career path with its typed body blocks, related paths, salary notes and statistics."""
    _allow_params(request, {"preview_token"})
    page = _preview_or_live(request, slug, CareerPathPage, selectors.path_page)
    return rep.path_detail(page)


@router.get("/comparisons/", response={200: ComparisonPageOut, 400: ErrorOut}, summary="List comparisons")
def list_comparisons(
    request: HttpRequest,
    page: str | None = Query(None, description=_PAGINATION_DOC["page"]),
    size: str | None = Query(None, description=_PAGINATION_DOC["size"]),
):
    """Live comparisons with both sides' summaries, paginated."""
    _allow_params(request, {"page", "size"})
    items, meta = _paginate(selectors.comparison_pages(), page, size)
    slugs = sorted({side.slug for item in items for side in (item.left_path, item.right_path) if side})
    stats = rep.job_stats(slugs)
    return {**meta, "results": [rep.comparison_card(item, stats) for item in items]}


@router.get(
    "/comparisons/{slug}/",
    response={200: ComparisonDetailOut, 400: ErrorOut, 404: ErrorOut},
    summary="One comparison",
)
def get_comparison(
    request: HttpRequest,
    slug: str,
    preview_token: str | None = Query(None, description=_PREVIEW_DOC),
):
    """A comparison: both sides, short version, side-by-side blocks, cited statistics, FAQ, related paths."""
    _allow_params(request, {"preview_token"})
    page = _preview_or_live(request, slug, ComparisonPage, selectors.comparison_page)
    return rep.comparison_detail(page)
