"""The export follows changes to the site's pages and to job listings (connected in `apps.ready`)."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS

from config.on_commit import CommitBatch
from frontend_export.services import request_export

changed_pages = CommitBatch(lambda page_ids: request_export(reason="publish", page_ids=page_ids), name="the export")


def page_changed(sender: type, instance: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """A hub, path or comparison was published, unpublished, moved or deleted."""
    changed_pages.record(instance.pk, using=using)


def listings_changed(sender: type, listing_ids: list[int], path_slugs: list[str], **kwargs: Any) -> None:
    """A sync committed: the export re-renders what the changed listings show on."""
    request_export(reason="jobs", path_slugs=path_slugs)
