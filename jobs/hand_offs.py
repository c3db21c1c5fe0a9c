"""Hand-offs after commit: to search and the export (`listings_changed`), and to the skills tasks."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from .models import JobListing
from .signals import listings_changed

logger = logging.getLogger(__name__)

# Listing ids per skills task: one task reads about this many descriptions in well under a minute.
SKILLS_TASK_CHUNK = 5000


def _paths_slugs(page_ids: Iterable[int | None]) -> list[str]:
    from cms.models import CareerPathPage

    ids = {pk for pk in page_ids if pk}
    if not ids:
        return []
    return sorted(CareerPathPage.objects.filter(pk__in=ids).values_list("slug", flat=True))


# While `hand_offs_batched()` is active: the changes the syncs would have handed off.
_batched: ContextVar[tuple[set[int], set[int | None]] | None] = ContextVar("jobs_hand_offs_batched", default=None)


@contextmanager
def hand_offs_batched() -> Iterator[None]:
    """Syncs inside the block hand their changes to search and the export once, when it ends.

    For many syncs in a row in one process (the demo market's replay), which
    would otherwise queue one indexing task per run.
    """
    batch: tuple[set[int], set[int | None]] = (set(), set())
    token = _batched.set(batch)
    try:
        yield
    finally:
        _batched.reset(token)
        if batch[0]:
            hand_off_on_commit(sorted(batch[0]), batch[1])


def hand_off_on_commit(listing_ids: list[int], path_page_ids: Iterable[int | None]) -> None:
    """After commit: tell subscribers (search, the export) which listings and paths changed."""
    ids = sorted(set(listing_ids))
    if not ids:
        return
    batch = _batched.get()
    if batch is not None:
        # Still handed off only if this transaction commits.
        paths = set(path_page_ids)
        transaction.on_commit(lambda: (batch[0].update(ids), batch[1].update(paths)), robust=True)
        return
    slugs = _paths_slugs(path_page_ids)

    def hand_off() -> None:
        for receiver, error in listings_changed.send_robust(sender=JobListing, listing_ids=ids, path_slugs=slugs):
            if error is not None:
                logger.error("listings_changed receiver %r failed: %s", receiver, error, exc_info=error)

    # robust: a failing hand-off is logged; the committed sync stands and
    # search catches up through its pending flag.
    transaction.on_commit(hand_off, robust=True)


def export_paths_on_commit(path_ids: Iterable[int | None]) -> None:
    slugs = _paths_slugs(path_ids)
    if not slugs:
        return

    def hand_off() -> None:
        try:
            from frontend_export.services import request_export
        except ImportError:
            logger.info("the export is not installed; skills change not handed off")
        else:
            request_export(reason="jobs", path_slugs=slugs)

    transaction.on_commit(hand_off, robust=True)


def refresh_skills_on_commit(listing_ids: list[int]) -> None:
    """After commit: one `jobs.refresh_listing_skills` task per chunk of these listings.

    If the broker is down the refresh is lost, and the nightly `jobs.recount_skills`
    catches up.
    """
    ids = sorted(set(listing_ids))
    if not ids:
        return

    def enqueue() -> None:
        from .tasks import refresh_listing_skills as task

        for start in range(0, len(ids), SKILLS_TASK_CHUNK):
            task.delay(ids[start : start + SKILLS_TASK_CHUNK])

    transaction.on_commit(enqueue, robust=True)
