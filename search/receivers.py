"""Search follows changes to the site's pages, job listings and synonyms (connected in `apps.ready`)."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction

from config.on_commit import CommitBatch

from . import services

changed_pages = CommitBatch(services.pages_changed, name="search")


def page_changed(sender: type, instance: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """A hub, path or comparison was published, unpublished, moved or deleted."""
    changed_pages.record(instance.pk, using=using)


def listings_changed(sender: type, listing_ids: list[int], path_slugs: list[str], **kwargs: Any) -> None:
    """A sync committed: index the changed and closed listings in one batch."""
    services.listings_changed(listing_ids)


def synonyms_changed(sender: type, raw: bool = False, **kwargs: Any) -> None:
    """Synonyms live in the index analysis and the indexed documents, so a change rebuilds the indices.

    Rows loaded raw (fixtures, a restored database) are not edits and rebuild nothing.
    """
    if raw:
        return
    transaction.on_commit(lambda: services.request_rebuild(reason="synonyms changed"))
