"""Celery tasks of the search part: thin wrappers over `search.services`.

Indexing tasks are idempotent (they re-read the rows and write what the
database says), so they are acknowledged late. When the engine is down the
items stay pending and `search.update_pending` (beat) catches up.
"""

from __future__ import annotations

import logging

from celery import shared_task

from config.locks import LockNotAcquired

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="search.index_listings", soft_time_limit=240, time_limit=300, acks_late=True)
def index_listings_task(listing_ids: list[int]) -> dict:
    """Upsert or delete these listings in the jobs index."""
    try:
        report = services.index_listings(listing_ids)
    except services.EngineUnavailable as error:
        logger.warning("%d listings stay pending: %s", len(listing_ids), error)
        return {"pending": len(listing_ids)}
    return {"indexed": report.indexed, "deleted": report.deleted, "failed": len(report.failed)}


@shared_task(name="search.index_pages", soft_time_limit=120, time_limit=180, acks_late=True)
def index_pages_task(page_ids: list[int]) -> dict:
    """Upsert or delete these pages in the roles index."""
    try:
        report = services.index_pages(page_ids)
    except services.EngineUnavailable as error:
        logger.warning("pages %s stay pending: %s", page_ids, error)
        return {"pending": len(page_ids)}
    return {"indexed": report.indexed, "deleted": report.deleted, "failed": len(report.failed)}


@shared_task(name="search.update_pending", soft_time_limit=900, time_limit=960, acks_late=True)
def update_pending_task() -> dict:
    """Catch up: write what is pending, rebuild an index the engine lost."""
    try:
        report = services.update_pending()
    except services.EngineUnavailable as error:
        logger.warning("search catch-up skipped: %s", error)
        return {"skipped": str(error)}
    except LockNotAcquired:
        return {"skipped": "a rebuild is running; it replays what is pending"}
    return {"indexed": report.indexed, "deleted": report.deleted, "failed": len(report.failed)}


@shared_task(bind=True, name="search.rebuild", soft_time_limit=1700, time_limit=1800, acks_late=True)
def rebuild_task(self) -> dict:
    """Rebuild every index with an alias swap."""
    try:
        reports = services.rebuild()
    except LockNotAcquired:
        # Another rebuild is running; retry once it is likely done, so this change is not lost.
        raise self.retry(countdown=60, max_retries=10) from None
    except services.EngineUnavailable as error:
        raise self.retry(countdown=120, max_retries=5, exc=error) from None
    return {report.name: {"indexed": report.indexed, "failed": len(report.failed)} for report in reports}
