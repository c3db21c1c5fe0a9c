"""The classification index: career-path rules from the live path pages, and the writes that re-apply them.

A sync classifies its listings through `path_index()`; an editor's override
(`listing_set_path_override`) wins over the rules; publishing or unpublishing a
path (`path_patterns_changed`) re-classifies the open listings in a task.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from config.locks import hold

from .bulk import WRITE_LOCK, update_listings
from .hand_offs import hand_off_on_commit
from .models import JobListing


@dataclass
class PathIndex:
    """The classifier built from live path pages, and their ids by slug."""

    classifier: Any  # jobs.classify.Classifier
    page_ids: dict[str, int]

    def classify(self, title: str, override_id: int | None) -> tuple[int | None, str]:
        """(effective career_path id, explanation): the editor's override wins over the rule.

        The explanation is the matched pattern, or "excluded: <pattern>" when an exclusion refused the title.
        """
        result = self.classifier.explain(title)
        rule_page = self.page_ids.get(result.rule.path_slug) if result.rule else None
        explanation = result.explanation if (rule_page or result.excluded_by) else ""
        return (override_id or rule_page), explanation


def path_index() -> PathIndex:
    """Rules from the title patterns editors keep on the live career-path pages, and the exclusions."""
    from cms.models import CareerPathPage

    from .classify import compile_rules
    from .models import ClassificationSettings

    rules: list[tuple[str, str]] = []
    page_ids: dict[str, int] = {}
    # Tree order: stable, so ties between equally specific patterns resolve the same way every run.
    for page in CareerPathPage.objects.live().order_by("path"):
        page_ids[page.slug] = page.pk
        rules.extend((page.slug, pattern) for pattern in page.title_pattern_list())
    exclusions = ClassificationSettings.load().exclusion_pattern_list()
    return PathIndex(classifier=compile_rules(rules, exclusions), page_ids=page_ids)


# -- editors' writes ----------------------------------------------------------------------


def listing_set_path_override(*, listing_id: int, path_page_id: int | None) -> JobListing:
    """Set (or clear, with None) an editor's path for a listing; later syncs keep it."""
    paths = path_index()
    with transaction.atomic():
        listing = JobListing.objects.select_for_update().get(pk=listing_id)
        old_path = listing.career_path_id
        listing.path_override_id = path_page_id
        listing.career_path_id, listing.path_rule = paths.classify(listing.title, path_page_id)
        listing.updated_at = timezone.now()
        listing.search_pending = True
        listing.save(update_fields=["path_override", "career_path", "path_rule", "updated_at", "search_pending"])
        hand_off_on_commit([listing.pk], {old_path, listing.career_path_id})
    return listing


def reclassify_open_listings() -> list[int]:
    """Classify open listings again with the current patterns; write only those whose path changed."""
    paths = path_index()
    now = timezone.now()
    with hold(WRITE_LOCK, timeout=settings.JOBS_SYNC_LOCK_TIMEOUT, blocking=True), transaction.atomic():
        changed: list[JobListing] = []
        touched_paths: set[int | None] = set()
        for pk, title, career_path_id, path_rule, override_id in (
            JobListing.objects.filter(status=JobListing.Status.OPEN)
            .values_list("pk", "title", "career_path_id", "path_rule", "path_override_id")
            .iterator(chunk_size=2000)
        ):
            new_path, new_rule = paths.classify(title, override_id)
            if (new_path, new_rule) != (career_path_id, path_rule):
                changed.append(
                    JobListing(
                        pk=pk,
                        career_path_id=new_path,
                        path_rule=new_rule,
                        updated_at=now,
                        search_pending=True,
                    )
                )
                touched_paths.update({career_path_id, new_path})
        update_listings(changed, ["career_path", "path_rule", "updated_at", "search_pending"])
        hand_off_on_commit([obj.pk for obj in changed], touched_paths)
    return [obj.pk for obj in changed]


RECLASSIFY_PENDING_KEY = "jobs:reclassify-pending"


def path_patterns_changed() -> None:
    """Called when a career path is published, unpublished or deleted: reclassify open listings.

    The task is enqueued after commit, at most once a minute (a burst of
    publishes, such as loading the demo content, needs one pass).
    """
    from django.core.cache import cache

    def enqueue() -> None:
        from .tasks import reclassify_open_listings as task

        if cache.add(RECLASSIFY_PENDING_KEY, 1, timeout=60):
            task.apply_async(countdown=5)

    transaction.on_commit(enqueue, robust=True)
