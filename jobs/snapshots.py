"""Daily market snapshots: one row per live path and day, written from listing timestamps.

A listing is open at the end of a day when it was first seen before the day
ended and was not closed by then; it is new on the day it was first seen and
closed on the day of `closed_at`. So any past day can be written again from
the listings (a backfill after replaying history), and writing a day twice
updates its row. A day on which any sync failed (or was partial) is marked
`partial`, so a reader can tell missing data from a real dip.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from .market import PAY_POINT_FIELDS, Thresholds, median_or_none, pay_point
from .models import JobListing, MarketSnapshot, SyncRun

_FIELDS = ("career_path_id", "closed_at", *PAY_POINT_FIELDS)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The start of `day` and of the next day, in the project's time zone."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def snapshot_write(*, day: date) -> list[MarketSnapshot]:
    """Write (or rewrite) every live path's snapshot of `day`. Two reads and one upsert."""
    from cms.models import CareerPathPage

    start, end = day_bounds(day)
    paths = dict(CareerPathPage.objects.live().values_list("pk", "slug"))
    counts: dict[int, Counter] = {pk: Counter() for pk in paths}
    pay: dict[int, dict[str, list[float]]] = {pk: defaultdict(list) for pk in paths}
    rows = (
        JobListing.objects.filter(career_path_id__in=list(paths), duplicate_of__isnull=True, first_seen_at__lt=end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=start))
        .values(*_FIELDS)
        .order_by()
    )
    for row in rows.iterator(chunk_size=5000):
        path_id = row["career_path_id"]
        if row["first_seen_at"] >= start:
            counts[path_id]["new"] += 1
        closed_at = row["closed_at"]
        if closed_at is not None and closed_at < end:
            counts[path_id]["closed"] += 1
            continue
        counts[path_id]["open"] += 1
        point = pay_point(row)
        if point is not None and point.basis == "annual":
            pay[path_id][point.currency].append(point.value)

    partial = SyncRun.objects.filter(
        started_at__gte=start,
        started_at__lt=end,
        status__in=[SyncRun.Status.FAILED, SyncRun.Status.PARTIAL],
    ).exists()
    limits = Thresholds.from_settings()
    now = timezone.now()
    snapshots = [
        MarketSnapshot(
            path_id=path_id,
            date=day,
            open_jobs=counts[path_id]["open"],
            new_jobs=counts[path_id]["new"],
            closed_jobs=counts[path_id]["closed"],
            pay={
                currency: {"count": len(values), "median": median_or_none(values, limits)}
                for currency, values in sorted(pay[path_id].items())
            },
            partial=partial,
            written_at=now,
        )
        for path_id in sorted(paths)
    ]
    MarketSnapshot.objects.bulk_create(
        snapshots,
        update_conflicts=True,
        unique_fields=["path", "date"],
        update_fields=["open_jobs", "new_jobs", "closed_jobs", "pay", "partial", "written_at"],
    )
    return snapshots
