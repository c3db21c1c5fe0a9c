"""Celery task: export the site (thin; the work is in `services.export_site`)."""

from __future__ import annotations

import logging

from celery import shared_task

from frontend_export import services

logger = logging.getLogger(__name__)

# A change committed while an export runs is exported right after it: the retry is short,
# and there are enough of them to outlast the longest export (its soft time limit).
BUSY_RETRY_SECONDS = 1


@shared_task(
    name="frontend_export.export_site",
    bind=True,
    soft_time_limit=900,
    time_limit=960,
    acks_late=True,
    max_retries=900,
)
def export_site_task(self, full: bool = False, reason: str = "") -> dict:
    """Export the site. Safe to run twice (an export with nothing new writes nothing),
    hence `acks_late`. If another export is running, retry shortly instead of waiting:
    the change that triggered this one must still reach the site."""
    # Requests arriving from now on need an export after this one.
    services.clear_pending_request()
    try:
        report = services.export_site(full=full, trigger=reason or ("nightly full" if full else "task"))
    except services.ExportBusy:
        raise self.retry(countdown=BUSY_RETRY_SECONDS)
    logger.info("export (%s): %s", reason or ("full" if full else "incremental"), report.summary())
    return report.summary()
