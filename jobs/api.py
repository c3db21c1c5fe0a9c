"""Job listings and salary statistics over HTTP: `/api/jobs/`, `/api/jobs/{id}/`, `/api/salaries/{path}/`.

Query parameters are read as text and validated here, so that a bad value is
a 400 with a message naming the parameter (never a 422 or a 500).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Literal

from django.db.models import F, QuerySet, TextField
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from . import market, selectors
from .models import JobListing, JobSource

router = Router(tags=["jobs"])

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
ORDERINGS = {
    "-posted_at": [F("posted_at").desc(nulls_last=True), "-id"],
    "posted_at": [F("posted_at").asc(nulls_last=True), "id"],
    "-salary": [F("annual_sort").desc(nulls_last=True), "-id"],
    "salary": [F("annual_sort").asc(nulls_last=True), "id"],
    "title": ["title", "id"],
    "-title": ["-title", "-id"],
    "company": ["company", "id"],
}


class SalaryOut(Schema):
    min: float | None
    max: float | None
    currency: str
    period: str | None
    annual_min: float | None
    annual_max: float | None


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
    url: str
    apply_url: str
    source: str


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
        "url": listing.url,
        "apply_url": listing.apply_url,
        "source": listing.source.slug,
    }


def _choice(name: str, value: str | None, choices) -> str | None:
    if value is None or value == "":
        return None
    allowed = [choice.value for choice in choices]
    if value not in allowed:
        raise HttpError(400, f"{name}: expected one of {', '.join(allowed)}")
    return value


def _positive_int(name: str, value: str | None, default: int, maximum: int | None = None) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise HttpError(400, f"{name}: expected a whole number, got {value!r}") from None
    if number < 1 or (maximum is not None and number > maximum):
        bound = f" between 1 and {maximum}" if maximum else " of at least 1"
        raise HttpError(400, f"{name}: expected a number{bound}")
    return number


def _since(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = datetime.combine(day, time.min) if day else None
    except ValueError:
        moment = None
    if moment is None:
        raise HttpError(400, "posted_since: expected an ISO 8601 date or date-time")
    return timezone.make_aware(moment, UTC) if timezone.is_naive(moment) else moment


def filter_listings(
    *,
    path: str | None = None,
    source: str | None = None,
    workplace: str | None = None,
    country: str | None = None,
    employment_type: str | None = None,
    seniority: str | None = None,
    currency: str | None = None,
    salary_min: str | None = None,
    posted_since: str | None = None,
) -> QuerySet[JobListing]:
    """Open canonical listings narrowed by the API's filters; raises HttpError(400) on a bad value."""
    listings = selectors.open_canonical_listings()
    if path:
        from cms.models import CareerPathPage

        if not CareerPathPage.objects.live().filter(slug=path).exists():
            raise HttpError(400, f"path: unknown career path {path!r}")
        listings = listings.filter(career_path__slug=path)
    if source:
        if not JobSource.objects.filter(slug=source).exists():
            raise HttpError(400, f"source: unknown job source {source!r}")
        listings = listings.filter(source__slug=source)
    if workplace := _choice("workplace", workplace, JobListing.Workplace):
        listings = listings.filter(workplace=workplace)
    if employment_type := _choice("employment_type", employment_type, JobListing.EmploymentType):
        listings = listings.filter(employment_type=employment_type)
    if seniority := _choice("seniority", seniority, JobListing.Seniority):
        listings = listings.filter(seniority=seniority)
    if country:
        code = country.strip().upper()
        if len(code) != 2 or not code.isalpha():
            raise HttpError(400, "country: expected an ISO 3166-1 alpha-2 code such as US")
        # Portable "list contains": the JSON text holds the quoted code.
        listings = listings.annotate(countries_text=Cast("country_codes", TextField())).filter(
            countries_text__contains=f'"{code}"'
        )
    if currency:
        code = currency.strip().upper()
        if len(code) != 3 or not code.isalpha():
            raise HttpError(400, "currency: expected an ISO 4217 code such as USD")
        listings = listings.filter(salary_currency=code)
    if salary_min not in (None, ""):
        try:
            floor = float(salary_min)
        except ValueError:
            raise HttpError(400, f"salary_min: expected a number, got {salary_min!r}") from None
        if floor < 0 or floor != floor:
            raise HttpError(400, "salary_min: expected a number of at least 0")
        # A range reaching the floor qualifies.
        listings = listings.annotate(annual_top=Coalesce("salary_annual_max", "salary_annual_min")).filter(
            annual_top__gte=floor
        )
    if since := _since(posted_since):
        listings = listings.filter(posted_at__gte=since)
    return listings


@router.get("/jobs/", response={200: JobPageOut, 400: ErrorOut}, summary="Open job listings")
def list_jobs(
    request,
    path: str | None = None,
    source: str | None = None,
    workplace: str | None = None,
    country: str | None = None,
    employment_type: str | None = None,
    seniority: str | None = None,
    currency: str | None = None,
    salary_min: str | None = None,
    posted_since: str | None = None,
    ordering: str | None = None,
    page: str | None = None,
    size: str | None = None,
):
    """Open canonical listings (a job seen on several boards appears once).

    Filters: `path` (career path slug), `source` (source slug), `workplace`, `country` (ISO alpha-2),
    `employment_type`, `seniority`, `currency` (ISO 4217), `salary_min` (annual, in the listing's
    currency), `posted_since` (ISO date or date-time). `ordering`: one of
    `-posted_at` (default), `posted_at`, `-salary`, `salary`, `title`, `-title`, `company`.
    `page` from 1, `size` up to 100 (default 20).
    """
    order = ordering or "-posted_at"
    if order not in ORDERINGS:
        raise HttpError(400, f"ordering: expected one of {', '.join(ORDERINGS)}")
    page_number = _positive_int("page", page, 1)
    page_size = _positive_int("size", size, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    listings = filter_listings(
        path=path,
        source=source,
        workplace=workplace,
        country=country,
        employment_type=employment_type,
        seniority=seniority,
        currency=currency,
        salary_min=salary_min,
        posted_since=posted_since,
    )
    if order.endswith("salary"):
        listings = listings.annotate(annual_sort=Coalesce("salary_annual_min", "salary_annual_max"))
    count = listings.count()
    pages = max(1, -(-count // page_size))
    if page_number > pages:
        raise HttpError(400, f"page: there are {pages} pages")
    start = (page_number - 1) * page_size
    results = [
        listing_out(listing) for listing in listings.order_by(*ORDERINGS[order])[start : start + page_size]
    ]
    return {"count": count, "page": page_number, "size": page_size, "pages": pages, "results": results}


@router.get(
    "/jobs/{listing_id}/", response={200: JobDetailOut, 404: ErrorOut}, summary="One open job listing"
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
    "/salaries/{path}/", response={200: SalaryStatsOut, 404: ErrorOut}, summary="Salary figures of a path"
)
def get_salaries(request, path: str):
    """Annual pay of the path's open canonical listings, per currency: count, share disclosing pay,
    min/max, p10/p25/median/p75/p90 of annual midpoints (null under the minimum samples), breakdowns
    by workplace, country and seniority, and provenance. Contract, internship and part-time pay are
    left out (counted in `excluded`)."""
    from cms.models import CareerPathPage

    if not CareerPathPage.objects.live().filter(slug=path).exists():
        raise HttpError(404, f"no career path {path!r}")
    return selectors.salary_distribution(path)


@router.get(
    "/market/{path}/",
    response={200: MarketOut, 400: ErrorOut, 404: ErrorOut},
    summary="Market figures of a path",
)
def get_market(
    request,
    path: str,
    pay_source: Literal["stated", "description"] | None = Query(
        None, description="Only pay stated by the employer, or only pay read from descriptions."
    ),
    days: int = Query(90, ge=1, le=365, description="Days of trend to return, 1 to 365."),
):
    """The numbers the site draws for a path: pay on each basis (annual, contract, internship) per
    currency with the sample-size rules and provenance, the top skills of its open listings, and the
    daily trend of open, new and closed listings."""
    from cms.models import CareerPathPage

    if not CareerPathPage.objects.live().filter(slug=path).exists():
        raise HttpError(404, f"no career path {path!r}")
    return market.path_market(path, pay_source=pay_source, trend_days=days)
