"""Skills in demand: which vocabulary skills each listing's title and description mention.

Text and spellings are folded as classification folds titles
(`jobs.classify.fold_for_match`: case, accents, punctuation as spaces, "+" and
"#" kept) and a spelling matches whole words only, written apart or together
("feature store" / "featurestore"); a trailing `*` matches any ending. The
text's words are looked up in a table of spellings, so the cost of a listing
grows with its length, not with the size of the vocabulary.

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


def _spelling_words(spelling: str) -> tuple[list[str], bool]:
    """A spelling's folded words, and whether it ends in `*` (any ending of its last word)."""
    spelling = spelling.strip()
    wildcard = spelling.endswith("*")
    return fold_for_match(spelling.rstrip("*").replace("*", " ")).split(), wildcard


def _joins(words: Iterable[str]) -> frozenset[int]:
    """Where word boundaries fall in the words written together ("feature store" -> {7})."""
    offsets, total = [], 0
    for word in list(words)[:-1]:
        total += len(word)
        offsets.append(total)
    return frozenset(offsets)


@dataclass
class Vocabulary:
    """The compiled skill vocabulary: `skills_in(text)` gives the ids of the skills a text mentions.

    Exact spellings are looked up by the words of the text written together, one to
    `longest` words at a time: the text's word boundaries must fall where the
    spelling's do (so "featurestore" matches "feature store", "feat urestore" does
    not). Spellings ending in `*` go through one small regex.
    """

    exact: dict[str, list[tuple[frozenset[int], tuple[int, ...]]]]
    # Every leading part of an exact key: the words are joined only while they can still match.
    prefixes: frozenset[str]
    longest: int
    wildcard: re.Pattern[str] | None
    # The text must contain one of these for the wildcard regex to be worth running.
    wildcard_hints: tuple[str, ...]
    skills_of_group: dict[str, tuple[int, ...]]

    def skills_in(self, text: str) -> set[int]:
        if not text or (not self.exact and self.wildcard is None):
            return set()
        folded = fold_for_match(text)
        words = folded.split(" ")
        found: set[int] = set()
        exact, prefixes, longest = self.exact, self.prefixes, self.longest
        for start in range(len(words)):
            joined, joins, length = "", [], 0
            for word in words[start : start + longest]:
                if joined:
                    joins.append(length)
                joined += word
                length += len(word)
                if joined not in prefixes:
                    break
                candidates = exact.get(joined)
                if candidates:
                    text_joins = frozenset(joins)
                    for allowed, skill_ids in candidates:
                        if text_joins <= allowed:
                            found.update(skill_ids)
        if self.wildcard is not None and any(hint in folded for hint in self.wildcard_hints):
            for match in self.wildcard.finditer(folded):
                found.update(self.skills_of_group[match.lastgroup])
        return found


def compile_vocabulary(skills: Iterable[tuple[int, list[str]]]) -> Vocabulary:
    """Compile (skill id, spellings) pairs. Every spelling found counts ("Hugging Face
    Transformers" also mentions "Transformers"); a spelling two skills share counts for
    both; a spelling that folds to nothing is ignored."""
    owners: dict[tuple[tuple[str, ...], bool], list[int]] = {}
    for skill_id, spellings in skills:
        for spelling in spellings:
            words, wildcard = _spelling_words(spelling)
            if words and skill_id not in owners.setdefault((tuple(words), wildcard), []):
                owners[(tuple(words), wildcard)].append(skill_id)
    exact: dict[str, list[tuple[frozenset[int], tuple[int, ...]]]] = {}
    bodies: list[tuple[str, tuple[int, ...]]] = []
    longest = 1
    for (words, wildcard), skill_ids in owners.items():
        if wildcard:
            body = r" ?".join(re.escape(word) for word in words) + r"[\w+#]*"
            bodies.append((body, tuple(skill_ids)))
            continue
        exact.setdefault("".join(words), []).append((_joins(words), tuple(skill_ids)))
        # Written apart, a spelling of n words spans n words of the text, and never more.
        longest = max(longest, len(words))
    groups = {f"s{index}": skill_ids for index, (_body, skill_ids) in enumerate(bodies)}
    wildcard_regex = None
    if bodies:
        alternation = "|".join(f"(?P<s{index}>{body})" for index, (body, _ids) in enumerate(bodies))
        wildcard_regex = re.compile(rf"(?<![\w+#])(?:{alternation})(?![\w+#])")
    prefixes = frozenset(key[:end] for key in exact for end in range(1, len(key) + 1))
    hints = tuple(sorted({words[0] for (words, wildcard) in owners if wildcard}))
    return Vocabulary(
        exact=exact,
        prefixes=prefixes,
        longest=longest,
        wildcard=wildcard_regex,
        wildcard_hints=hints,
        skills_of_group=groups,
    )


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
