"""Read functions over job listings that the API, the CMS API, search and the export share.

Counts and salary figures only ever include open canonical listings: a job
seen on two boards, or posted twice, counts once. Every pay figure comes from
`jobs.market`, which holds the rules (bases never mixed, one currency per
figure, minimum sample sizes); the functions here keep their names for callers.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from . import market
from .models import JobListing, JobSource, SyncRun


def open_canonical_listings() -> QuerySet[JobListing]:
    """Open listings that are not duplicates of another listing."""
    return JobListing.objects.filter(status=JobListing.Status.OPEN, duplicate_of__isnull=True).select_related(
        "source", "career_path"
    )


def path_job_stats(slugs: list[str] | None = None) -> dict[str, dict]:
    """Per path slug: open job count and the reference-currency median annual pay (`market.path_cards`).

    Every requested slug (or every live path when None) is present. The median
    is None under `MARKET_MIN_SAMPLE`; `main_currency` reports the most-listed
    currency when it is not the reference currency. One query.
    """
    return market.path_cards(slugs)


def salary_distribution(path_slug: str) -> dict:
    """The salary distribution of one path's open canonical listings (`market.salary_distributions`)."""
    return salary_distributions([path_slug])[path_slug]


def salary_distributions(slugs: list[str]) -> dict[str, dict]:
    """`salary_distribution` for many paths at once, in one query however many paths."""
    if not slugs:
        return {}
    return market.salary_distributions(slugs)


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
