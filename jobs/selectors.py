"""Read functions over job listings that the API, the CMS API, search and the export share.

Counts and salary figures only ever include open canonical listings: a job
seen on two boards, or posted twice, counts once. Every pay figure comes from
`jobs.market`, which holds the rules (bases never mixed, one currency per
figure, minimum sample sizes); the functions here keep their names for callers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Max, Q, QuerySet, TextField
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from . import market
from .models import JobListing, JobSource, SyncRun


def open_canonical_listings() -> QuerySet[JobListing]:
    """Open listings that are not duplicates of another listing."""
    return JobListing.objects.filter(status=JobListing.Status.OPEN, duplicate_of__isnull=True).select_related(
        "source", "career_path"
    )


# The orderings of `listing_list`, by name (a leading "-" for descending).
LISTING_ORDERINGS = {
    "-posted_at": [F("posted_at").desc(nulls_last=True), "-id"],
    "posted_at": [F("posted_at").asc(nulls_last=True), "id"],
    "-salary": [F("annual_sort").desc(nulls_last=True), "-id"],
    "salary": [F("annual_sort").asc(nulls_last=True), "id"],
    "title": ["title", "id"],
    "-title": ["-title", "-id"],
    "company": ["company", "id"],
}


@dataclass(frozen=True)
class ListingFilters:
    """What `listing_list` narrows by; None leaves a filter out. Values are already validated."""

    path: str | None = None
    source: str | None = None
    workplace: str | None = None
    country: str | None = None
    employment_type: str | None = None
    seniority: str | None = None
    currency: str | None = None
    salary_min: float | None = None
    posted_since: datetime | None = None
    pay_source: str | None = None


def path_exists(slug: str) -> bool:
    """Whether `slug` names a live career path."""
    from cms.models import CareerPathPage

    return CareerPathPage.objects.live().filter(slug=slug).exists()


def listing_list(*, filters: ListingFilters, ordering: str = "-posted_at") -> QuerySet[JobListing]:
    """Open canonical listings narrowed by `filters`, in one of `LISTING_ORDERINGS`."""
    listings = open_canonical_listings()
    if filters.path:
        listings = listings.filter(career_path__slug=filters.path)
    if filters.source:
        listings = listings.filter(source__slug=filters.source)
    if filters.workplace:
        listings = listings.filter(workplace=filters.workplace)
    if filters.employment_type:
        listings = listings.filter(employment_type=filters.employment_type)
    if filters.seniority:
        listings = listings.filter(seniority=filters.seniority)
    if filters.country:
        # Portable "list contains": the JSON text holds the quoted code.
        listings = listings.annotate(countries_text=Cast("country_codes", TextField())).filter(
            countries_text__contains=f'"{filters.country}"'
        )
    if filters.currency:
        listings = listings.filter(salary_currency=filters.currency)
    if filters.salary_min is not None:
        # A range reaching the floor qualifies.
        listings = listings.annotate(annual_top=Coalesce("salary_annual_max", "salary_annual_min")).filter(
            annual_top__gte=filters.salary_min
        )
    if filters.posted_since is not None:
        listings = listings.filter(posted_at__gte=filters.posted_since)
    if filters.pay_source:
        listings = listings.exclude(salary_currency="").filter(pay_source=filters.pay_source)
    if ordering.endswith("salary"):
        listings = listings.annotate(annual_sort=Coalesce("salary_annual_min", "salary_annual_max"))
    return listings.order_by(*LISTING_ORDERINGS[ordering])


def generated_listings_present() -> bool:
    """Whether any open listing comes from a generated (demo) source: the exported site then says so."""
    return open_canonical_listings().filter(source__generated=True).exists()


def path_job_stats(slugs: list[str] | None = None) -> dict[str, dict]:
    """Per path slug: open job count and the reference-currency median annual pay (`market.path_cards`).

    Every requested slug (or every live path when None) is present. The median
    is None under `MARKET_MIN_SAMPLE`; `main_currency` reports the most-listed
    currency when it is not the reference currency. One query.
    """
    return market.path_cards(slugs)


def salary_distribution(path_slug: str, *, pay_source: str | None = None) -> dict:
    """The salary distribution of one path's open canonical listings (`market.salary_distributions`)."""
    return salary_distributions([path_slug], pay_source=pay_source)[path_slug]


def salary_distributions(slugs: list[str], *, pay_source: str | None = None) -> dict[str, dict]:
    """`salary_distribution` for many paths at once, in one query however many paths.

    With `pay_source` ("stated" or "description") only pay from there counts."""
    if not slugs:
        return {}
    return market.salary_distributions(slugs, pay_source=pay_source)


def due_source_ids(*, now: datetime | None = None) -> list[int]:
    """Enabled sources whose next sync time has come (never-synced sources are due)."""
    now = now or timezone.now()
    return list(
        JobSource.objects.filter(enabled=True)
        .filter(Q(next_sync_at__isnull=True) | Q(next_sync_at__lte=now))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def source_last_runs(source_ids: Iterable[int]) -> dict[int, SyncRun]:
    """The latest run of each source, in one query."""
    latest = (
        SyncRun.objects.filter(source_id__in=list(source_ids))
        .values("source_id")
        .annotate(last=Max("pk"))
        .values_list("last", flat=True)
    )
    return {run.source_id: run for run in SyncRun.objects.filter(pk__in=list(latest))}
