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

from . import selectors
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
    median: float


class CurrencyStatsOut(Schema):
    currency: str
    count: int
    share_disclosing: float
    min: float
    p25: float
    median: float
    p75: float
    max: float
    by_workplace: dict[str, BreakdownOut]
    by_country: dict[str, BreakdownOut]
    by_seniority: dict[str, BreakdownOut]
    by_pay_source: dict[str, BreakdownOut]  # "stated" and "description"


class SalaryStatsOut(Schema):
    path: str
    as_of: date | None
    open_jobs: int
    disclosed: int
    share_disclosing: float
    main_currency: str | None
    currencies: list[CurrencyStatsOut]


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
    """Per currency: count, share disclosing pay, min/p25/median/p75/max of annual midpoints, and
    breakdowns by workplace, country, seniority and pay source, over the path's open canonical
    listings. `pay_source` (`stated` or `description`) counts only pay from there."""
    if not selectors.path_exists(path):
        raise HttpError(404, f"no career path {path!r}")
    return selectors.salary_distribution(path, pay_source=params.pay_source)
