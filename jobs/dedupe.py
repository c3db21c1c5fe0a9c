"""De-duplication: one job seen on many rows (within a source or across sources) has one canonical listing."""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from .bulk import update_listings
from .models import JobListing, JobSource
from .text import fold

# -- de-duplication keys ------------------------------------------------------------------

_COMPANY_SUFFIXES = {
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "gmbh",
    "sa",
    "sas",
    "bv",
    "plc",
    "corp",
    "co",
}


@functools.lru_cache(maxsize=65536)
def normalise_text(value: str) -> str:
    """Case- and accent-insensitive words joined by single spaces."""
    return fold(value or "", words=True)


@functools.lru_cache(maxsize=16384)
def normalise_company(value: str) -> str:
    words = normalise_text(value).split()
    while words and words[-1] in _COMPANY_SUFFIXES:
        words.pop()
    return " ".join(words)


def match_key(*, company: str, title: str, locations: Iterable[str], workplace: str) -> str:
    """Hash of company + normalised title + places, equal for the same job seen on two sources.

    Places are compared by their first part ("San Francisco, CA" and
    "San Francisco, CA, US" are one place), remote jobs by "remote".
    """
    company_key = normalise_company(company)
    title_key = normalise_text(title)
    if not company_key or not title_key:
        return ""
    places = {normalise_text(place.split(",")[0]) for place in locations if place and place.strip()}
    places.discard("")
    if workplace == JobListing.Workplace.REMOTE:
        places = {"remote"}
    raw = "|".join([company_key, title_key, ",".join(sorted(places))])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


# -- de-duplication -----------------------------------------------------------------------


def dedupe_open_listings(*, now: datetime | None = None) -> tuple[list[int], set[int | None]]:
    """Link every open duplicate to its canonical listing; return (changed ids, their paths).

    One job, many rows: posts sharing a Greenhouse `internal_job_id` inside a
    source, and across sources the same identifier (or a post id another feed
    names as its identifier) of the same company, or the same company +
    normalised title + places. Each group's canonical listing is the ATS post
    (JSON-LD pages last) first stored; the choice is stable across runs.
    """
    now = now or timezone.now()
    rows = list(
        JobListing.objects.filter(status=JobListing.Status.OPEN).values_list(
            "pk",
            "source_id",
            "source__kind",
            "company",
            "external_id",
            "identifier",
            "group_key",
            "match_key",
            "duplicate_of_id",
            "career_path_id",
        )
    )
    parent: dict[int, int] = {row[0]: row[0] for row in rows}

    def find(pk: int) -> int:
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    def union_all(members: list[int]) -> None:
        root = find(members[0])
        for other in members[1:]:
            other_root = find(other)
            if other_root != root:
                parent[other_root] = root

    groups: dict[tuple, list[int]] = defaultdict(list)
    cross: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    for pk, source_id, _kind, company, external_id, identifier, group_key, key, _dup, _path in rows:
        if group_key:
            groups[(source_id, group_key)].append(pk)
        company_key = normalise_company(company)
        if company_key:
            cross[("id", company_key, external_id)].append((pk, source_id))
            if identifier and identifier != external_id:
                cross[("id", company_key, identifier)].append((pk, source_id))
        if key:
            cross[("match", key)].append((pk, source_id))
    involved: set[int] = set()
    for members in groups.values():
        if len(members) > 1:
            union_all(members)
            involved.update(members)
    for members in cross.values():
        # Identifiers and titles only join listings of different sources.
        if len(members) > 1 and len({source_id for _, source_id in members}) > 1:
            union_all([pk for pk, _ in members])
            involved.update(pk for pk, _ in members)

    # Most listings stand alone; only those in a group need a canonical choice.
    kind_of = {row[0]: row[2] for row in rows if row[0] in involved}
    clusters: dict[int, list[int]] = defaultdict(list)
    for pk in involved:
        clusters[find(pk)].append(pk)
    canonical: dict[int, int] = {}
    for members in clusters.values():
        head = min(members, key=lambda pk: (kind_of[pk] == JobSource.Kind.JSONLD, pk))
        canonical.update((pk, head) for pk in members if pk != head)

    changed = [
        JobListing(pk=row[0], duplicate_of_id=canonical.get(row[0]), updated_at=now, search_pending=True)
        for row in rows
        if row[8] != canonical.get(row[0])
    ]
    update_listings(changed, ["duplicate_of", "updated_at", "search_pending"])
    path_of = {row[0]: row[9] for row in rows}
    return [obj.pk for obj in changed], {path_of[obj.pk] for obj in changed}
