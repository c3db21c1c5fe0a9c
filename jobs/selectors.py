"""Read functions over job listings that the API, the CMS API, search and the export share.

Counts and salary figures only ever include open canonical listings: a job
seen on two boards, or posted twice, counts once. Salary figures are annual
midpoints (the mean of the annual min and max, or whichever one is known),
kept per currency: there is no conversion between currencies.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Max, Q, QuerySet, TextField
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

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


def annual_midpoint(annual_min: float | None, annual_max: float | None) -> float | None:
    if annual_min is not None and annual_max is not None:
        return (annual_min + annual_max) / 2
    return annual_min if annual_min is not None else annual_max


def percentile(sorted_values: list[float], share: float) -> float:
    """Linear interpolation between closest ranks (numpy's default), on sorted values."""
    if not sorted_values:
        raise ValueError("percentile of no values")
    position = (len(sorted_values) - 1) * share
    low, high = math.floor(position), math.ceil(position)
    if low == high:
        return float(sorted_values[low])
    return float(sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low))


def _summary(values: Iterable[float]) -> dict:
    ordered = sorted(values)
    return {
        "count": len(ordered),
        "min": ordered[0],
        "p25": round(percentile(ordered, 0.25), 2),
        "median": round(percentile(ordered, 0.5), 2),
        "p75": round(percentile(ordered, 0.75), 2),
        "max": ordered[-1],
    }


def _main_currency(counts: Counter) -> str | None:
    """The currency with the most disclosed listings (ties: alphabetical, so the choice is stable)."""
    if not counts:
        return None
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0][0]


def path_job_stats(slugs: list[str] | None = None) -> dict[str, dict]:
    """Per path slug: open job count, main-currency median annual midpoint, currency, sample size.

    Every requested slug (or every live path when None) is present, with zero
    jobs and null figures when it has no listings. Two queries, whatever the
    number of paths.
    """
    from cms.models import CareerPathPage

    if slugs is None:
        slugs = list(CareerPathPage.objects.live().values_list("slug", flat=True))
    stats = {
        slug: {"open_jobs": 0, "median_annual": None, "currency": None, "sample_size": 0} for slug in slugs
    }
    if not slugs:
        return stats
    listings = open_canonical_listings().filter(career_path__slug__in=slugs)
    for row in listings.values("career_path__slug").annotate(n=Count("pk")).order_by():
        stats[row["career_path__slug"]]["open_jobs"] = row["n"]
    midpoints: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    disclosed = listings.exclude(salary_currency="").filter(
        Q(salary_annual_min__isnull=False) | Q(salary_annual_max__isnull=False)
    )
    for slug, currency, low, high in disclosed.values_list(
        "career_path__slug", "salary_currency", "salary_annual_min", "salary_annual_max"
    ).order_by():
        midpoints[slug][currency].append(annual_midpoint(low, high))
    for slug, by_currency in midpoints.items():
        main = _main_currency(Counter({currency: len(values) for currency, values in by_currency.items()}))
        values = sorted(by_currency[main])
        stats[slug].update(
            currency=main, sample_size=len(values), median_annual=round(percentile(values, 0.5), 2)
        )
    return stats


def salary_distribution(path_slug: str, *, pay_source: str | None = None) -> dict:
    """The salary distribution of one path's open canonical listings.

    Shape::

        {"path": slug, "as_of": "YYYY-MM-DD" | None, "open_jobs": int, "disclosed": int,
         "share_disclosing": float,            # 0..1, over all the path's open jobs
         "main_currency": str | None,
         "currencies": [                        # most disclosed first
            {"currency": "USD", "count": int, "share_disclosing": float,
             "min", "p25", "median", "p75", "max": float,
             "by_workplace": {"remote": {"count", "median"}, ...},
             "by_country": {"US": {"count", "median"}, ...},   # a multi-country job counts in each
             "by_seniority": {"senior": {"count", "median"}, "unspecified": ...},
             "by_pay_source": {"stated": {"count", "median"}, "description": ...}}]}

    `as_of` is the day of the latest change to any of the path's listings, so
    that it moves only when the figures can have moved. With `pay_source`
    ("stated" or "description") only pay from there counts as disclosed. One query.
    """
    return salary_distributions([path_slug], pay_source=pay_source)[path_slug]


def _breakdown(pairs: Iterable[tuple[str, float]]) -> dict[str, dict]:
    groups: dict[str, list[float]] = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return {
        key: {"count": len(values), "median": round(percentile(sorted(values), 0.5), 2)}
        for key, values in sorted(groups.items())
    }


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


def salary_distributions(slugs: list[str], *, pay_source: str | None = None) -> dict[str, dict]:
    """`salary_distribution` for many paths at once, in one query however many paths.

    Every slug asked for gets an entry of the same shape as `salary_distribution`
    (a path without listings gets the empty distribution), so callers rendering
    many paths' salary pages never run one query per path.
    """
    rows_by_slug: dict[str, list[tuple]] = {slug: [] for slug in slugs}
    if not slugs:
        return {}
    rows = (
        JobListing.objects.filter(career_path__slug__in=list(rows_by_slug), career_path__live=True)
        .values_list(
            "career_path__slug",
            "status",
            "duplicate_of_id",
            "salary_currency",
            "salary_annual_min",
            "salary_annual_max",
            "workplace",
            "country_codes",
            "seniority",
            "updated_at",
            "pay_source",
        )
        .order_by()
    )
    for slug, *row in rows.iterator(chunk_size=5000):
        rows_by_slug[slug].append(tuple(row))
    return {
        slug: _distribution_of_rows(slug, path_rows, pay_source=pay_source)
        for slug, path_rows in rows_by_slug.items()
    }


def _distribution_of_rows(path_slug: str, rows: list[tuple], *, pay_source: str | None = None) -> dict:
    """The distribution of one path from its listing rows (status, duplicate_of_id,
    currency, annual min, annual max, workplace, country codes, seniority, updated_at,
    pay source), computed exactly as `salary_distribution` does."""
    last_change = max((row[8] for row in rows), default=None)
    open_rows = [row for row in rows if row[0] == JobListing.Status.OPEN and row[1] is None]
    by_currency: dict[str, list[tuple]] = defaultdict(list)
    for _status, _dup, currency, low, high, workplace, countries, seniority, _updated, source in open_rows:
        source = source or JobListing.PaySource.STATED
        if pay_source and source != pay_source:
            continue
        midpoint = annual_midpoint(low, high)
        if currency and midpoint is not None:
            by_currency[currency].append((midpoint, workplace, countries or [], seniority or "unspecified", source))
    total = len(open_rows)
    disclosed = sum(len(items) for items in by_currency.values())
    currencies = []
    for currency, items in sorted(by_currency.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        entry = {"currency": currency, **_summary(item[0] for item in items)}
        entry["share_disclosing"] = round(len(items) / total, 4) if total else 0.0
        entry["by_workplace"] = _breakdown((item[1], item[0]) for item in items)
        entry["by_country"] = _breakdown((country, item[0]) for item in items for country in item[2])
        entry["by_seniority"] = _breakdown((item[3], item[0]) for item in items)
        entry["by_pay_source"] = _breakdown((item[4], item[0]) for item in items)
        currencies.append(entry)
    return {
        "path": path_slug,
        "as_of": last_change.date().isoformat() if last_change else None,
        "open_jobs": total,
        "disclosed": disclosed,
        "share_disclosing": round(disclosed / total, 4) if total else 0.0,
        "main_currency": currencies[0]["currency"] if currencies else None,
        "currencies": currencies,
    }
