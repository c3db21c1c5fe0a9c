"""Skills in demand: which vocabulary skills each listing's title and description mention.

Text and spellings are folded as classification folds titles
(`jobs.classify.fold_for_match`: case, accents, punctuation as spaces, "+" and
"#" kept) and a spelling matches whole words only, written apart or together
("feature store" / "featurestore"); a trailing `*` matches any ending. The
text's words are looked up in tables of spellings, so the cost of a listing
grows with its length, hardly with the size of the vocabulary.

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


@dataclass
class Vocabulary:
    """The compiled skill vocabulary: `skills_in(text)` gives the ids of the skills a text mentions.

    Each spelling of n words is kept in every way of writing it apart or together
    ("feature store", "featurestore"). Forms of one word are found by intersecting
    them with the text's set of words; forms of several words by a search for
    " word word " in the folded text, only when their first word is in the text.
    Spellings ending in `*` go through one small regex.
    """

    single: dict[str, tuple[int, ...]]
    multi: dict[str, list[tuple[str, tuple[int, ...]]]]  # first word -> [(" form ", skill ids)]
    wildcard: re.Pattern[str] | None
    # The text must contain one of these for the wildcard regex to be worth running.
    wildcard_hints: tuple[str, ...]
    skills_of_group: dict[str, tuple[int, ...]]

    def skills_in(self, text: str) -> set[int]:
        if not text:
            return set()
        folded = fold_for_match(text)
        words = set(folded.split(" "))
        found: set[int] = set()
        for word in words.intersection(self.single):
            found.update(self.single[word])
        firsts = words.intersection(self.multi)
        if firsts:
            padded = f" {folded} "
            for first in firsts:
                for form, skill_ids in self.multi[first]:
                    if form in padded:
                        found.update(skill_ids)
        if self.wildcard is not None and any(hint in folded for hint in self.wildcard_hints):
            for match in self.wildcard.finditer(folded):
                found.update(self.skills_of_group[match.lastgroup])
        return found


def _forms(words: tuple[str, ...]) -> list[list[str]]:
    """Every way of writing the words apart or together, e.g. [a, b] -> [[a, b], [ab]]."""
    forms: list[list[str]] = [[words[0]]]
    for word in words[1:]:
        forms = [[*form, word] for form in forms] + [[*form[:-1], form[-1] + word] for form in forms]
    return forms


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
    single: dict[str, set[int]] = {}
    multi: dict[str, dict[str, set[int]]] = {}
    bodies: list[tuple[str, tuple[int, ...]]] = []
    for (words, wildcard), skill_ids in owners.items():
        if wildcard:
            body = r" ?".join(re.escape(word) for word in words) + r"[\w+#]*"
            bodies.append((body, tuple(skill_ids)))
            continue
        # At most four words are expanded (eight forms); longer spellings are kept as written.
        for form in _forms(words) if len(words) <= 4 else [list(words)]:
            if len(form) == 1:
                single.setdefault(form[0], set()).update(skill_ids)
            else:
                multi.setdefault(form[0], {}).setdefault(f" {' '.join(form)} ", set()).update(skill_ids)
    groups = {f"s{index}": skill_ids for index, (_body, skill_ids) in enumerate(bodies)}
    wildcard_regex = None
    if bodies:
        alternation = "|".join(f"(?P<s{index}>{body})" for index, (body, _ids) in enumerate(bodies))
        wildcard_regex = re.compile(rf"(?<![\w+#])(?:{alternation})(?![\w+#])")
    return Vocabulary(
        single={word: tuple(sorted(ids)) for word, ids in single.items()},
        multi={
            first: [(form, tuple(sorted(ids))) for form, ids in forms.items()] for first, forms in multi.items()
        },
        wildcard=wildcard_regex,
        wildcard_hints=tuple(sorted({words[0] for (words, wildcard) in owners if wildcard})),
        skills_of_group=groups,
    )


def vocabulary() -> Vocabulary:
    """The vocabulary as editors keep it now."""
    return compile_vocabulary((skill.pk, skill.spellings()) for skill in Skill.objects.all())


def listing_text(title: str, description: str) -> str:
    return f"{title}\n{description}"


def listing_skills_refresh(*, listing_ids: Iterable[int], vocab: Vocabulary | None = None) -> int:
    """Re-read the skills of these listings and store them. Returns how many mentions are stored.

    Run by `jobs.refresh_listing_skills`, which a sync enqueues after commit for
    the listings it wrote (see `jobs.skill_counts.listing_skills_refresh`).
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
