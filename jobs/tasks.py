"""Celery tasks of the jobs part: thin wrappers over `jobs.services`.

Beat runs `jobs.sync_due_sources` every few minutes; it enqueues one
`jobs.sync_source` per enabled source that is due. A sync is idempotent (the
same feed leaves the database as it was), so it is acknowledged late and a
crashed worker's sync simply runs again.
"""

from __future__ import annotations

import logging

from celery import shared_task

from . import selectors, services
from .models import JobSource

logger = logging.getLogger(__name__)


@shared_task(name="jobs.sync_due_sources", soft_time_limit=60, time_limit=90, acks_late=True)
def sync_due_sources() -> list[int]:
    """Fan out: one sync task per enabled source that is due. Returns the source ids enqueued."""
    source_ids = selectors.due_source_ids()
    for source_id in source_ids:
        sync_source.delay(source_id)
    return source_ids


# Soft limit above the HTTP client's total download budget plus retries.
@shared_task(name="jobs.sync_source", soft_time_limit=600, time_limit=660, acks_late=True)
def sync_source(source_id: int) -> dict | None:
    """Sync one source. Returns a summary of the run, or None if the source is gone or already syncing."""
    try:
        run = services.source_sync(source_id=source_id)
    except JobSource.DoesNotExist:
        logger.info("job source %s is gone; nothing to sync", source_id)
        return None
    except services.SyncBusy:
        logger.info("job source %s is already syncing; skipped", source_id)
        return None
    return {
        "run": run.pk,
        "status": run.status,
        "reason": run.reason,
        "fetched": run.fetched,
        "new": run.new,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "closed": run.closed,
        "invalid": run.invalid,
        "duplicates": run.duplicates,
    }


@shared_task(name="jobs.reclassify_open_listings", soft_time_limit=300, time_limit=360, acks_late=True)
def reclassify_open_listings() -> int:
    """Classify open listings with the current title patterns. Returns how many changed path."""
    from django.core.cache import cache

    # Publishes from now on enqueue a new pass; earlier ones are covered by this one.
    cache.delete(services.RECLASSIFY_PENDING_KEY)
    return len(services.reclassify_open_listings())


@shared_task(name="jobs.market_snapshot", soft_time_limit=120, time_limit=180, acks_late=True)
def market_snapshot(day: str | None = None) -> int:
    """Write every live path's market snapshot of `day` (ISO date; default today). Idempotent."""
    from datetime import date

    from django.utils import timezone

    from .snapshots import snapshot_write

    return len(snapshot_write(day=date.fromisoformat(day) if day else timezone.localdate()))


@shared_task(name="jobs.recount_skills", soft_time_limit=600, time_limit=660, acks_late=True)
def recount_skills() -> int:
    """Read every open listing against the current skill vocabulary. Returns the mentions stored."""
    from django.core.cache import cache

    cache.delete(services.SKILLS_RECOUNT_PENDING_KEY)
    return services.skills_recount()


@shared_task(name="jobs.refresh_listing_skills", soft_time_limit=300, time_limit=360, acks_late=True)
def refresh_listing_skills(listing_ids: list[int]) -> int:
    """Re-read the skills of listings a sync wrote. Returns the mentions stored."""
    return services.listing_skills_refresh(listing_ids=[int(pk) for pk in listing_ids])
