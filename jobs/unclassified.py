"""The queue of unclassified job titles, and the editors' two answers to it.

An open listing whose title matches no career path's pattern (and has no
editor's override) is unclassified. The queue groups those titles as the
classifier folds them ("Data Wrangler", "data-wrangler"), most frequent first.
An editor either adds a title pattern to a path, which saves a new revision of
the path page (published if the editor may publish) and reclassifies the open
listings at once, or marks the title "not a career path", which takes it out of
the queue.

A new pattern is refused when it would take listings away from another path
that matches them today: the classifier's "most specific pattern wins" would
otherwise quietly move them. The refusal names the path, its pattern and an
example title.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from .classify import compile_rules, fold_for_match
from .models import DismissedTitle, JobListing

QUEUE_LIMIT = 100


@dataclass(frozen=True)
class UnclassifiedTitle:
    key: str  # the folded title
    title: str  # its most common spelling
    count: int  # open listings with this title and no path


@dataclass(frozen=True)
class Steal:
    """Listings the new pattern would move from another path."""

    path_slug: str
    path_title: str
    pattern: str
    listings: int
    example: str


class PatternRefused(Exception):
    """The pattern cannot be added; str(e) says why, in one line."""


@dataclass
class PatternAdded:
    path_title: str
    pattern: str
    published: bool
    # The page had unpublished edits, so the pattern waits in that draft.
    other_draft: bool = False
    reclassified: list[int] = field(default_factory=list)


def unclassified_titles(*, limit: int = QUEUE_LIMIT) -> tuple[list[UnclassifiedTitle], int]:
    """The most frequent unclassified titles of open listings (dismissed ones left out), and how
    many distinct titles there are in all."""
    dismissed = set(DismissedTitle.objects.values_list("title_key", flat=True))
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    titles = JobListing.objects.filter(status=JobListing.Status.OPEN, career_path__isnull=True).values_list(
        "title", flat=True
    )
    for title in titles.iterator(chunk_size=2000):
        key = fold_for_match(title)
        if not key or key in dismissed:
            continue
        counts[key] += 1
        spellings.setdefault(key, Counter())[title] += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    queue = [
        UnclassifiedTitle(key=key, title=spellings[key].most_common(1)[0][0], count=count)
        for key, count in ranked[:limit]
    ]
    return queue, len(counts)


def listings_with_title(key: str) -> int:
    """Open unclassified listings whose folded title is `key`."""
    titles = JobListing.objects.filter(status=JobListing.Status.OPEN, career_path__isnull=True).values_list(
        "title", flat=True
    )
    return sum(1 for title in titles.iterator(chunk_size=2000) if fold_for_match(title) == key)


def _live_rules(replace_slug: str | None = None, extra: list[str] | None = None) -> list[tuple[str, str]]:
    """(slug, pattern) of the live career paths in tree order, as `jobs.classification.path_index` builds
    them; `extra` patterns are added to the path `replace_slug`."""
    from cms.models import CareerPathPage

    rules: list[tuple[str, str]] = []
    for page in CareerPathPage.objects.live().order_by("path"):
        patterns = page.title_pattern_list()
        if page.slug == replace_slug and extra:
            patterns = [*patterns, *extra]
        rules.extend((page.slug, pattern) for pattern in patterns)
    return rules


def pattern_steals(*, path_slug: str, pattern: str) -> list[Steal]:
    """Which other paths' listings `pattern` on `path_slug` would take, one entry per (path, pattern).

    Compares the classification of every distinct open title (editors' overrides aside,
    which no pattern changes) with and without the new pattern.
    """
    from cms.models import CareerPathPage

    before = compile_rules(_live_rules())
    after = compile_rules(_live_rules(path_slug, [pattern]))
    titles = Counter(
        JobListing.objects.filter(status=JobListing.Status.OPEN, path_override__isnull=True).values_list(
            "title", flat=True
        )
    )
    found: dict[tuple[str, str], list] = {}
    for title, count in titles.items():
        old = before.classify(title)
        if old is None or old.path_slug == path_slug:
            continue
        new = after.classify(title)
        if new is not None and new.path_slug == path_slug:
            entry = found.setdefault((old.path_slug, old.pattern), [0, title])
            entry[0] += count
    names = dict(CareerPathPage.objects.filter(slug__in={slug for slug, _ in found}).values_list("slug", "title"))
    steals = [
        Steal(path_slug=slug, path_title=names.get(slug, slug), pattern=old_pattern, listings=n, example=example)
        for (slug, old_pattern), (n, example) in found.items()
    ]
    return sorted(steals, key=lambda steal: (-steal.listings, steal.path_slug, steal.pattern))


def title_pattern_add(*, user, path_page_id: int, pattern: str, title: str) -> PatternAdded:
    """Add `pattern` to a career path for the queue's `title`: a new revision of the page, published
    when `user` may publish it, then the open listings are reclassified (live patterns only).

    Raises PatternRefused with a one-line reason; nothing is saved then.
    """
    from cms.models import CareerPathPage

    from . import services

    pattern = " ".join((pattern or "").split())
    if not pattern:
        raise PatternRefused("the pattern is empty")
    try:
        stored = CareerPathPage.objects.get(pk=path_page_id)
    except CareerPathPage.DoesNotExist:
        raise PatternRefused("that career path no longer exists") from None
    other_draft = stored.has_unpublished_changes and stored.live
    page = stored.get_latest_revision_as_object()
    if not page.permissions_for_user(user).can_edit():
        raise PatternRefused(f"you may not edit {page.title}")
    if title and not compile_rules([(page.slug, pattern)]).classify(title):
        raise PatternRefused(f"{pattern!r} does not match the title {title!r}")
    if pattern.casefold() in {existing.casefold() for existing in page.title_pattern_list()}:
        raise PatternRefused(f"{page.title} already has the pattern {pattern!r}")
    steals = pattern_steals(path_slug=page.slug, pattern=pattern)
    if steals:
        first = steals[0]
        more = f" (and {len(steals) - 1} more)" if len(steals) > 1 else ""
        raise PatternRefused(
            f"{pattern!r} would take {first.listings} open listing{'s' if first.listings != 1 else ''} "
            f"from {first.path_title}, which its pattern {first.pattern!r} matches today "
            f"(e.g. {first.example!r}){more}; use a narrower pattern"
        )
    page.title_patterns = "\n".join([*page.title_pattern_list(), pattern])
    try:
        page.clean()
    except ValidationError as error:
        messages = error.message_dict.get("title_patterns") if hasattr(error, "error_dict") else None
        raise PatternRefused((messages or error.messages)[0]) from None
    # A draft with other unpublished edits is not published behind the editor's back.
    may_publish = page.permissions_for_user(user).can_publish() and not other_draft
    with transaction.atomic():
        revision = page.save_revision(user=user, log_action=True)
        if may_publish:
            revision.publish(user=user)
    added = PatternAdded(
        path_title=page.title, pattern=pattern, published=may_publish, other_draft=other_draft
    )
    if may_publish:
        # At once, not in the background: the editor's next look at the queue shows the result.
        added.reclassified = services.reclassify_open_listings()
    return added


def title_dismiss(*, user, title: str) -> DismissedTitle:
    """Mark a title "not a career path" (idempotent)."""
    key = fold_for_match(title)
    if not key:
        raise ValidationError("the title is empty")
    dismissed, _ = DismissedTitle.objects.get_or_create(
        title_key=key[:500], defaults={"title": title[:500], "dismissed_by": user if user.pk else None}
    )
    return dismissed


def title_restore(*, dismissed_id: int) -> str | None:
    """Put a dismissed title back in the queue; returns its title, or None if it was not dismissed."""
    dismissed = DismissedTitle.objects.filter(pk=dismissed_id).first()
    if dismissed is None:
        return None
    dismissed.delete()
    return dismissed.title
