"""Skills in demand: which vocabulary skills each listing's title and description mention.

Text and spellings are folded as classification folds titles
(`jobs.classify.fold_for_match`: case, accents, punctuation as spaces, "+" and
"#" kept) and a spelling matches whole words only, written apart or together
("feature store" / "featurestore"); a trailing `*` matches any ending. All
spellings are compiled into one alternation, so a listing is scanned once
whatever the size of the vocabulary.

The matches are stored per listing (`ListingSkill`): a sync re-reads only the
listings it wrote, and an edit of the vocabulary re-reads every open listing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from .classify import fold_for_match
from .models import JobListing, ListingSkill, Skill

CHUNK = 2000


def _spelling_pattern(spelling: str) -> str | None:
    """A spelling as a regex body: folded words joined by an optional space, `*` as any ending."""
    pieces = []
    for word in spelling.replace("*", " * ").split():
        if word == "*":
            if pieces:
                pieces[-1] += r"[\w+#]*"
            continue
        pieces.extend(re.escape(part) for part in fold_for_match(word).split())
    return r" ?".join(pieces) if pieces else None


@dataclass
class Vocabulary:
    """The compiled skill vocabulary: `skills_in(text)` gives the ids of the skills a text mentions."""

    regex: re.Pattern[str] | None
    skill_of_group: dict[str, int]

    def skills_in(self, text: str) -> set[int]:
        if self.regex is None or not text:
            return set()
        return {self.skill_of_group[match.lastgroup] for match in self.regex.finditer(fold_for_match(text))}


def compile_vocabulary(skills: Iterable[tuple[int, list[str]]]) -> Vocabulary:
    """Compile (skill id, spellings) pairs. Longer spellings are tried first, so "Apache Spark"
    wins over "Spark" at the same place; a spelling that folds to nothing is ignored."""
    bodies: list[tuple[str, int]] = []
    seen: set[str] = set()
    for skill_id, spellings in skills:
        for spelling in spellings:
            body = _spelling_pattern(spelling)
            if body and body not in seen:
                seen.add(body)
                bodies.append((body, skill_id))
    if not bodies:
        return Vocabulary(regex=None, skill_of_group={})
    bodies.sort(key=lambda item: -len(item[0]))
    groups = {f"s{index}": skill_id for index, (_body, skill_id) in enumerate(bodies)}
    alternation = "|".join(f"(?P<s{index}>{body})" for index, (body, _id) in enumerate(bodies))
    return Vocabulary(regex=re.compile(rf"(?<![\w+#])(?:{alternation})(?![\w+#])"), skill_of_group=groups)


def vocabulary() -> Vocabulary:
    """The vocabulary as editors keep it now."""
    return compile_vocabulary((skill.pk, skill.spellings()) for skill in Skill.objects.all())


def listing_text(title: str, description: str) -> str:
    return f"{title}\n{description}"


def listing_skills_refresh(*, listing_ids: Iterable[int], vocab: Vocabulary | None = None) -> int:
    """Re-read the skills of these listings and store them. Returns how many mentions are stored.

    Called inside the sync's transaction for the listings it wrote, so the
    export that runs after commit already sees their skills.
    """
    ids = sorted(set(listing_ids))
    if not ids:
        return 0
    vocab = vocab or vocabulary()
    stored = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = JobListing.objects.filter(pk__in=chunk).values_list("pk", "title", "description_text")
        mentions = [
            ListingSkill(listing_id=pk, skill_id=skill_id)
            for pk, title, description in rows
            for skill_id in vocab.skills_in(listing_text(title, description))
        ]
        ListingSkill.objects.filter(listing_id__in=chunk).delete()
        ListingSkill.objects.bulk_create(mentions, batch_size=5000)
        stored += len(mentions)
    return stored


def skills_recount() -> tuple[int, set[int]]:
    """Re-read every open listing against the current vocabulary (after an editor's change).

    Returns (mentions stored, ids of the paths whose listings were read). Closed
    listings keep no mentions: skill shares are over open listings only.
    """
    vocab = vocabulary()
    with transaction.atomic():
        ListingSkill.objects.exclude(listing__status=JobListing.Status.OPEN).delete()
        open_ids = list(JobListing.objects.filter(status=JobListing.Status.OPEN).values_list("pk", flat=True))
        stored = listing_skills_refresh(listing_ids=open_ids, vocab=vocab)
        path_ids = set(
            JobListing.objects.filter(status=JobListing.Status.OPEN)
            .exclude(career_path__isnull=True)
            .values_list("career_path_id", flat=True)
            .distinct()
        )
    return stored, path_ids
