"""Tell search and the static export when published career content changes.

Publishing, unpublishing, moving or deleting a hub, career path or comparison
calls `search.services.pages_changed` and `frontend_export.services.request_export`
once per transaction, after it commits, with every page id it touched. A
rolled-back transaction tells nobody. A failure in one callee is logged and
never undoes the publish or stops the other callee.
"""

from __future__ import annotations

import logging

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import CareerPathPage, CareersHubPage, ComparisonIndexPage, ComparisonPage

logger = logging.getLogger(__name__)

TRACKED_PAGE_TYPES = (CareersHubPage, ComparisonIndexPage, CareerPathPage, ComparisonPage)


class _PendingPages:
    """Page ids changed in the current transaction, flushed by one on-commit callback."""

    def __init__(self) -> None:
        self.page_ids: set[int] = set()
        self.flushed = False

    def __call__(self) -> None:
        self.flushed = True
        notify_pages_changed(sorted(self.page_ids))


def notify_pages_changed(page_ids: list[int]) -> None:
    """Hand the changed pages to search and to the export (each failure logged, never raised)."""
    if not page_ids:
        return
    try:
        from search.services import pages_changed
    except ImportError:
        logger.warning("search.services.pages_changed is not available; pages %s not reindexed", page_ids)
    else:
        try:
            pages_changed(page_ids)
        except Exception:
            logger.exception("search could not take changed pages %s", page_ids)
    try:
        from frontend_export.services import request_export
    except ImportError:
        logger.warning("frontend_export.services.request_export is not available; pages %s not exported", page_ids)
    else:
        try:
            request_export(reason="publish", page_ids=page_ids)
        except Exception:
            logger.exception("the export could not take changed pages %s", page_ids)


def schedule_page_change(page_id: int, using: str = DEFAULT_DB_ALIAS) -> None:
    """Record `page_id` as changed; notify once the outermost transaction commits."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        notify_pages_changed([page_id])
        return
    # Reuse the callback already queued in this transaction (a rolled-back one
    # is dropped from run_on_commit with everything it recorded).
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _PendingPages) and not callback.flushed:
            callback.page_ids.add(page_id)
            return
    pending = _PendingPages()
    pending.page_ids.add(page_id)
    transaction.on_commit(pending, using=using, robust=True)


def _tracked(instance: object) -> bool:
    return isinstance(instance, TRACKED_PAGE_TYPES)


def _on_publish_change(sender, instance: Page, **kwargs) -> None:
    if _tracked(instance):
        schedule_page_change(instance.pk)


def _on_move(sender, instance: Page, **kwargs) -> None:
    # The sender is the page's specific class; the instance may be a plain Page.
    if isinstance(sender, type) and issubclass(sender, TRACKED_PAGE_TYPES):
        schedule_page_change(instance.pk)


def _on_delete(sender, instance: Page, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    if _tracked(instance):
        schedule_page_change(instance.pk, using=using)


def connect() -> None:
    for model in TRACKED_PAGE_TYPES:
        page_published.connect(_on_publish_change, sender=model, dispatch_uid=f"cms-published-{model.__name__}")
        page_unpublished.connect(_on_publish_change, sender=model, dispatch_uid=f"cms-unpublished-{model.__name__}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"cms-deleted-{model.__name__}")
    post_page_move.connect(_on_move, dispatch_uid="cms-moved")
