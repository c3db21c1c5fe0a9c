"""Job listings and salary statistics over HTTP: `/api/jobs/`, `/api/jobs/{id}/`, `/api/salaries/{path}/`.

Query parameters are read as text and validated here, so that a bad value is
a 400 with a message naming the parameter (never a 422 or a 500).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from config import public_urls
from config.params import Amount, CountryCode, CurrencyCode, IsoDateTime, PageParams, Slug

from . import market, selectors
from .models import JobListing, JobSource

router = Router(tags=["jobs"])

Ordering = Literal[tuple(selectors.LISTING_ORDERINGS)]
SourceSlug = Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]{1,50}$")]


class SalaryOut(Schema):
    min: float | None
    max: float | None
    currency: str
    period: str | None
    annual_min: float | None
    annual_max: float | None
    pay_source: str | None  # "stated" (the employer's pay fields) or "description" (read from the text)


class JobOut(Schema):
    id: int
    title: str
    company: str
    path: str | None
    locations: list[str]
    countries: list[str]
    workplace: str
    employment_type: str | None
    seniority: str | None
    salary: SalaryOut | None
    posted_at: datetime | None
    url: str | None = Field(description="The listing's page on this site; null while it has no career path.")
    source_url: str = Field(description="The posting on the employer's job board.")
    apply_url: str = Field(description="Where to apply, on the employer's side.")
    source: str
    source_kind: str  # the job board format: greenhouse, lever, ashby, jsonld, workable, ...
    pay_source: str | None  # where the salary came from: "stated", "description", or None without pay


class JobDetailOut(JobOut):
    description_html: str
    description_text: str
    valid_through: datetime | None
    first_seen_at: datetime


class JobPageOut(Schema):
    count: int
    page: int
    size: int
    pages: int
    results: list[JobOut]


class BreakdownOut(Schema):
    count: int
    median: float | None = Field(description="Null under the minimum sample (MARKET_MIN_SAMPLE).")


class PaySourceCountsOut(Schema):
    stated: int = Field(description="Values stated by the employer in structured fields.")
    description: int = Field(description="Values read from the job description text.")


class PayFigureOut(Schema):
    currency: str = Field(description="ISO 4217; figures are never converted between currencies.")
    period: str = Field(description="'year' on the annual basis; as stated (hour, day, month...) otherwise.")
    count: int = Field(description="Listings behind the figure.")
    min: float | None
    max: float | None
    p10: float | None = Field(description="Null under MARKET_MIN_SAMPLE_DECILES listings.")
    p25: float | None = Field(description="Null under MARKET_MIN_SAMPLE_QUARTILES listings.")
    median: float | None = Field(description="Null under MARKET_MIN_SAMPLE listings.")
    p75: float | None = Field(description="Null under MARKET_MIN_SAMPLE_QUARTILES listings.")
    p90: float | None = Field(description="Null under MARKET_MIN_SAMPLE_DECILES listings.")
    by_seniority: dict[str, BreakdownOut]
    sources: list[str] = Field(description="Slugs of the job sources the listings came from.")
    posted_from: date | None
    posted_to: date | None
    pay_source: PaySourceCountsOut


class CurrencyStatsOut(PayFigureOut):
    share_disclosing: float
    by_workplace: dict[str, BreakdownOut]
    by_country: dict[str, BreakdownOut]


class ExcludedOut(Schema):
    contract: int
    internship: int
    other: int = Field(description="Part-time listings with pay.")


class SalaryStatsOut(Schema):
    path: str
    as_of: date | None
    open_jobs: int
    disclosed: int = Field(description="Open listings with annual pay (full-time or unspecified, not intern).")
    share_disclosing: float
    main_currency: str | None
    reference_currency: str
    excluded: ExcludedOut = Field(description="Listings with pay on another basis, left out of these figures.")
    currencies: list[CurrencyStatsOut]


class PayBasesOut(Schema):
    annual: list[PayFigureOut] = Field(description="Full-time or unspecified, not intern; annualised.")
    contract: list[PayFigureOut] = Field(description="Contract or temporary, per period as stated.")
    internship: list[PayFigureOut] = Field(description="Internships, per period as stated (usually month).")


class OtherPayOut(Schema):
    count: int = Field(description="Part-time listings with pay, counted in none of the bases.")


class SkillShareOut(Schema):
    skill: str
    category: str
    count: int = Field(description="Open listings mentioning the skill.")
    share: float = Field(description="count / open_jobs, 0 to 1.")


class CurrencyMedianOut(Schema):
    count: int
    median: float | None


class TrendPointOut(Schema):
    date: date
    open_jobs: int
    new_jobs: int
    closed_jobs: int
    partial: bool = Field(description="A sync failed that day: a dip may be missing data.")
    pay: dict[str, CurrencyMedianOut] = Field(description="Median annual pay per currency that day.")


class MarketOut(Schema):
    path: str
    as_of: date | None
    open_jobs: int
    reference_currency: str
    main_currency: str | None = Field(description="The currency most annual listings state.")
    pay: PayBasesOut
    other: OtherPayOut
    with_pay: int
    skills: list[SkillShareOut] = Field(description="Top skills of the open listings, most mentioned first.")
    trend: list[TrendPointOut] = Field(description="Daily snapshots, oldest first, at most one per day.")


class ErrorOut(Schema):
    detail: str


def listing_out(listing: JobListing) -> dict:
    return {
        "id": listing.pk,
        "title": listing.title,
        "company": listing.company,
        "path": listing.career_path.slug if listing.career_path_id else None,
        "locations": listing.locations,
        "countries": listing.country_codes,
        "workplace": listing.workplace,
        "employment_type": listing.employment_type or None,
        "seniority": listing.seniority or None,
        "salary": listing.salary,
        "posted_at": listing.posted_at,
        "url": public_urls.job_url(listing.career_path.slug, listing.pk) if listing.career_path_id else None,
        "source_url": listing.url,
        "apply_url": listing.apply_url,
        "source": listing.source.slug,
        "source_kind": listing.source.kind,
        "pay_source": (listing.pay_source or None) if listing.salary_currency else None,
    }


class JobFilters(Schema):
    # Optional filters default to None without a null in their schema: a query string has no null
    # (an empty value is a bad value, not a missing one).
    path: Slug = Field(None, description="A career path's slug.")
    source: SourceSlug = Field(None, description="A job source's slug.")
    workplace: JobListing.Workplace = None
    country: CountryCode = None
    employment_type: JobListing.EmploymentType = None
    seniority: JobListing.Seniority = None
    currency: CurrencyCode = None
    salary_min: Amount = Field(None, description="Annual pay the range reaches, in the listing's currency.")
    posted_since: IsoDateTime = None
    pay_source: JobListing.PaySource = Field(None, description="Only listings whose pay came from there.")


class PaySourceParams(Schema):
    pay_source: JobListing.PaySource = Field(None, description="Count only pay that came from there.")


class JobListParams(JobFilters, PageParams):
    ordering: Ordering = "-posted_at"


def _listing_filters(params: JobFilters) -> selectors.ListingFilters:
    # Well-formed but unknown: the thing filtered by does not exist (a 404, as for its own URL).
    if params.path and not selectors.path_exists(params.path):
        raise HttpError(404, f"path: no career path {params.path!r}")
    if params.source and not JobSource.objects.filter(slug=params.source).exists():
        raise HttpError(404, f"source: no job source {params.source!r}")
    since = params.posted_since
    if since is not None and timezone.is_naive(since):
        since = timezone.make_aware(since, UTC)
    return selectors.ListingFilters(
        path=params.path,
        source=params.source,
        workplace=params.workplace,
        country=params.country,
        employment_type=params.employment_type,
        seniority=params.seniority,
        currency=params.currency,
        salary_min=params.salary_min,
        posted_since=since,
        pay_source=params.pay_source,
    )


@router.get("/jobs/", response={200: JobPageOut, 400: ErrorOut, 404: ErrorOut}, summary="Open job listings")
def list_jobs(request, params: Query[JobListParams]):
    """Open canonical listings (a job seen on several boards appears once), filtered, ordered and paginated.

    `salary_min` is annual, in the listing's currency; `ordering` defaults to the newest first.
    A page past the last one is empty and carries the same totals. An unknown `path` or `source` is a 404.
    """
    listings = selectors.listing_list(filters=_listing_filters(params), ordering=params.ordering)
    count = listings.count()
    pages = max(1, -(-count // params.size))
    start = (params.page - 1) * params.size
    results = [listing_out(listing) for listing in listings[start : start + params.size]]
    return {"count": count, "page": params.page, "size": params.size, "pages": pages, "results": results}


@router.get(
    "/jobs/{listing_id}/", response={200: JobDetailOut, 400: ErrorOut, 404: ErrorOut}, summary="One open job listing"
)
def get_job(request, listing_id: int):
    """One open canonical listing with its sanitised description."""
    listing = selectors.open_canonical_listings().filter(pk=listing_id).first()
    if listing is None:
        raise HttpError(404, "no open job listing with this id")
    return {
        **listing_out(listing),
        "description_html": listing.description_html,
        "description_text": listing.description_text,
        "valid_through": listing.valid_through,
        "first_seen_at": listing.first_seen_at,
    }


@router.get(
    "/salaries/{path}/",
    response={200: SalaryStatsOut, 400: ErrorOut, 404: ErrorOut},
    summary="Salary figures of a path",
)
def get_salaries(request, path: str, params: Query[PaySourceParams]):
    """Annual pay of the path's open canonical listings, per currency: count, share disclosing pay,
    min/max, p10/p25/median/p75/p90 of annual midpoints (null under the minimum samples), breakdowns
    by workplace, country and seniority, and provenance. Contract, internship and part-time pay are
    left out (counted in `excluded`). `pay_source` (`stated` or `description`) counts only pay from there."""
    if not selectors.path_exists(path):
        raise HttpError(404, f"no career path {path!r}")
    return selectors.salary_distribution(path, pay_source=params.pay_source)


class MarketParams(Schema):
    pay_source: JobListing.PaySource = Field(
        None, description="Only pay stated by the employer, or only pay read from descriptions."
    )
    days: int = Field(90, ge=1, le=365, description="Days of trend to return, 1 to 365.")


@router.get(
    "/market/{path}/",
    response={200: MarketOut, 400: ErrorOut, 404: ErrorOut},
    summary="Market figures of a path",
)
def get_market(request, path: str, params: Query[MarketParams]):
    """The numbers the site draws for a path: pay on each basis (annual, contract, internship) per
    currency with the sample-size rules and provenance, the top skills of its open listings, and the
    daily trend of open, new and closed listings."""
    if not selectors.path_exists(path):
        raise HttpError(404, f"no career path {path!r}")
    return market.path_market(path, pay_source=params.pay_source, trend_days=params.days)
