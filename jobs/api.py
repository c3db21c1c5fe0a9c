"""Job listings and salary statistics over HTTP: `/api/jobs/`, `/api/jobs/{id}/`, `/api/salaries/{path}/`.

Query parameters are read as text and validated here, so that a bad value is
a 400 with a message naming the parameter (never a 422 or a 500).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from django.db.models import F, QuerySet, TextField
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from ninja import Router, Schema
from ninja.errors import HttpError

from . import selectors
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
    url: str
    apply_url: str
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
        "url": listing.url,
        "apply_url": listing.apply_url,
        "source": listing.source.slug,
        "source_kind": listing.source.kind,
        "pay_source": (listing.pay_source or None) if listing.salary_currency else None,
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
    pay_source: str | None = None,
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
    if source_of_pay := _choice("pay_source", pay_source, JobListing.PaySource):
        listings = listings.exclude(salary_currency="").filter(pay_source=source_of_pay)
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
    pay_source: str | None = None,
    ordering: str | None = None,
    page: str | None = None,
    size: str | None = None,
):
    """Open canonical listings (a job seen on several boards appears once).

    Filters: `path` (career path slug), `source` (source slug), `workplace`, `country` (ISO alpha-2),
    `employment_type`, `seniority`, `currency` (ISO 4217), `salary_min` (annual, in the listing's
    currency), `posted_since` (ISO date or date-time), `pay_source` (`stated` or `description`: only
    listings whose pay came from there). `ordering`: one of
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
        pay_source=pay_source,
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
    "/salaries/{path}/",
    response={200: SalaryStatsOut, 400: ErrorOut, 404: ErrorOut},
    summary="Salary figures of a path",
)
def get_salaries(request, path: str, pay_source: str | None = None):
    """Per currency: count, share disclosing pay, min/p25/median/p75/max of annual midpoints, and
    breakdowns by workplace, country, seniority and pay source, over the path's open canonical
    listings. `pay_source` (`stated` or `description`) counts only pay from there."""
    from cms.models import CareerPathPage

    source_of_pay = _choice("pay_source", pay_source, JobListing.PaySource)
    if not CareerPathPage.objects.live().filter(slug=path).exists():
        raise HttpError(404, f"no career path {path!r}")
    return selectors.salary_distribution(path, pay_source=source_of_pay)
