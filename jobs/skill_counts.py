"""Keeping listings' skills current: re-reads under the write lock, and the re-count when the vocabulary changes."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from config.locks import hold

from . import skills
from .bulk import WRITE_LOCK
from .hand_offs import export_paths_on_commit
from .models import JobListing

SKILLS_RECOUNT_PENDING_KEY = "jobs:skills-recount-pending"


def listing_skills_refresh(*, listing_ids: list[int]) -> int:
    """Re-read these listings' skills (under the write lock) and hand their paths to the export."""
    with hold(WRITE_LOCK, timeout=settings.JOBS_SYNC_LOCK_TIMEOUT, blocking=True), transaction.atomic():
        stored = skills.listing_skills_refresh(listing_ids=listing_ids)
        export_paths_on_commit(
            JobListing.objects.filter(pk__in=listing_ids).values_list("career_path_id", flat=True).distinct()
        )
    return stored


def skill_vocabulary_changed() -> None:
    """Called when an editor adds, edits or deletes a skill: re-count after commit, once per burst."""
    from django.core.cache import cache

    def enqueue() -> None:
        from .tasks import recount_skills as task

        if cache.add(SKILLS_RECOUNT_PENDING_KEY, 1, timeout=60):
            task.apply_async(countdown=2)

    transaction.on_commit(enqueue, robust=True)


def skills_recount() -> int:
    """Re-read every open listing's skills (under the write lock) and hand the paths to the export."""
    with hold(WRITE_LOCK, timeout=settings.JOBS_SYNC_LOCK_TIMEOUT, blocking=True), transaction.atomic():
        stored, path_ids = skills.skills_recount()
        export_paths_on_commit(path_ids)
    return stored
