"""The headless content API: the hub, career paths and comparisons as typed JSON.

Only live pages are served. A detail request may carry `preview_token` (made
by an editor's preview, see `cms.preview`) to read that unpublished revision
instead; a forged or expired token is a 404, like an unknown slug.

Query parameters are typed schemas of `config.params`: a bad value or an
unknown parameter is a 400 with a message naming it, never a 422 or a 500.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from wagtail.models import Page

from config.params import PageParams

from . import representations as rep
from . import selectors
from .models import CareerPathPage, ComparisonPage
from .preview import preview_object, read_preview_token

router = Router(tags=["content"])


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


class OtherBlockOut(Schema):
    """A block type this schema does not describe yet: its own JSON (`ContentBlock.api_json`) as it is."""

    type: str
    id: str
    value: dict[str, Any]


# Tried in order: a block of a described type gets its typed schema, any other block type (one
# added since, see the README on adding a block type) comes through as OtherBlockOut.
PathBlock = Annotated[
    SectionBlockOut
    | ResponsibilitiesBlockOut
    | SkillsBlockOut
    | ToolsBlockOut
    | StatisticBlockOut
    | FAQBlockOut
    | OtherBlockOut,
    Field(union_mode="left_to_right"),
]
ComparisonBlock = Annotated[
    ComparisonBlockOut | SectionBlockOut | StatisticBlockOut | OtherBlockOut,
    Field(union_mode="left_to_right"),
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


class PreviewParams(Schema):
    # None when absent, with no null in the schema: a query string has no null.
    preview_token: str = Field(
        None,
        max_length=2000,
        description="A signed preview token from the editor's preview (valid for an hour) to read the draft.",
    )


def _paginate(queryset, params: PageParams) -> tuple[list, dict]:
    count = queryset.count()
    pages = max(1, math.ceil(count / params.size))
    # A page past the last one is empty and carries the same totals.
    items = list(queryset[(params.page - 1) * params.size : params.page * params.size])
    return items, {"count": count, "page": params.page, "size": params.size, "pages": pages}


def _preview_or_live(request: HttpRequest, slug: str, model: type[Page], live_lookup, token: str | None) -> Page:
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

@router.get("/hub/", response={200: HubOut, 400: ErrorOut}, summary="The careers hub with its ordered paths")
def hub(request: HttpRequest):
    """The hub: intro, every live path in hub order with job and salary links, and the comparisons."""
    return rep.hub_json(selectors.hub_page(), list(selectors.path_pages()), list(selectors.comparison_pages()))


@router.get("/paths/", response={200: PathPageOut, 400: ErrorOut}, summary="List career paths")
def list_paths(request: HttpRequest, params: Query[PageParams]):
    """Live career paths in hub order, paginated."""
    items, meta = _paginate(selectors.path_pages(), params)
    stats = rep.job_stats([item.slug for item in items])
    return {**meta, "results": [rep.path_card(item, stats) for item in items]}


@router.get("/paths/{slug}/", response={200: PathDetailOut, 400: ErrorOut, 404: ErrorOut}, summary="One career path")
def get_path(request: HttpRequest, slug: str, params: Query[PreviewParams]):
    """A career path with its typed body blocks, related paths, salary notes and statistics."""
    page = _preview_or_live(request, slug, CareerPathPage, selectors.path_page, params.preview_token)
    return rep.path_detail(page)


@router.get("/comparisons/", response={200: ComparisonPageOut, 400: ErrorOut}, summary="List comparisons")
def list_comparisons(request: HttpRequest, params: Query[PageParams]):
    """Live comparisons with both sides' summaries, paginated."""
    items, meta = _paginate(selectors.comparison_pages(), params)
    slugs = sorted({side.slug for item in items for side in (item.left_path, item.right_path) if side})
    stats = rep.job_stats(slugs)
    return {**meta, "results": [rep.comparison_card(item, stats) for item in items]}


@router.get(
    "/comparisons/{slug}/",
    response={200: ComparisonDetailOut, 400: ErrorOut, 404: ErrorOut},
    summary="One comparison",
)
def get_comparison(request: HttpRequest, slug: str, params: Query[PreviewParams]):
    """A comparison: both sides, short version, side-by-side blocks, cited statistics, FAQ, related paths."""
    page = _preview_or_live(request, slug, ComparisonPage, selectors.comparison_page, params.preview_token)
    return rep.comparison_detail(page)
