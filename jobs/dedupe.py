"""De-duplication: one job seen on many rows (within a source or across sources) has one canonical listing."""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime

from django.db.models import Q
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


_ROW_FIELDS = (
    "pk",
    "source_id",
    "company",
    "external_id",
    "identifier",
    "group_key",
    "match_key",
    "duplicate_of_id",
    "career_path_id",
)
# Key values per query: well under SQLite's bound on parameters, for three lists at once.
_KEYS_PER_QUERY = 2000


def _keys(row: tuple) -> set[tuple]:
    """The keys one listing row can be joined on.

    ("group", source, key): posts of one source sharing an internal job id;
    ("id", company, id): an identifier (or a post id) of the company;
    ("match", key): company + normalised title + places.
    The last two join only listings of different sources.
    """
    _pk, source_id, company, external_id, identifier, group_key, key, _dup, _path = row
    keys: set[tuple] = set()
    if group_key:
        keys.add(("group", source_id, group_key))
    company_key = normalise_company(company)
    if company_key:
        keys.add(("id", company_key, external_id))
        if identifier and identifier != external_id:
            keys.add(("id", company_key, identifier))
    if key:
        keys.add(("match", key))
    return keys


def _canonical(rows: Iterable[tuple]) -> dict[int, int]:
    """{listing: its canonical listing} for the duplicates among `rows`, a set of open listings
    that holds every open listing sharing a key with any of them."""
    rows = list(rows)
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

    members_of: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    for row in rows:
        for key in _keys(row):
            members_of[key].append((row[0], row[1]))
    involved: set[int] = set()
    for key, members in members_of.items():
        # Identifiers and titles only join listings of different sources.
        if len(members) > 1 and (key[0] == "group" or len({source_id for _, source_id in members}) > 1):
            union_all([pk for pk, _ in members])
            involved.update(pk for pk, _ in members)

    # Most listings stand alone; only those in a group need a canonical choice.
    source_of = {row[0]: row[1] for row in rows if row[0] in involved}
    kind_of_source = dict(
        JobSource.objects.filter(pk__in=set(source_of.values())).values_list("pk", "kind")) if source_of else {}
    kind_of = {pk: kind_of_source[source_id] for pk, source_id in source_of.items()}
    clusters: dict[int, list[int]] = defaultdict(list)
    for pk in involved:
        clusters[find(pk)].append(pk)
    canonical: dict[int, int] = {}
    for members in clusters.values():
        head = min(members, key=lambda pk: (kind_of[pk] == JobSource.Kind.JSONLD, pk))
        canonical.update((pk, head) for pk in members if pk != head)
    return canonical


def _relink(rows: list[tuple], now: datetime) -> tuple[list[int], set[int | None]]:
    """Write the duplicate links of `rows` (a closed set, see `_canonical`); return (changed ids, their paths)."""
    canonical = _canonical(rows)
    changed = [
        JobListing(pk=row[0], duplicate_of_id=canonical.get(row[0]), updated_at=now, search_pending=True)
        for row in rows
        if row[7] != canonical.get(row[0])
    ]
    update_listings(changed, ["duplicate_of", "updated_at", "search_pending"])
    path_of = {row[0]: row[8] for row in rows}
    return [obj.pk for obj in changed], {path_of[obj.pk] for obj in changed}


def dedupe_open_listings(*, now: datetime | None = None) -> tuple[list[int], set[int | None]]:
    """Link every open duplicate to its canonical listing; return (changed ids, their paths).

    One job, many rows: posts sharing a Greenhouse `internal_job_id` inside a
    source, and across sources the same identifier (or a post id another feed
    names as its identifier) of the same company, or the same company +
    normalised title + places. Each group's canonical listing is the ATS post
    (JSON-LD pages last) first stored; the choice is stable across runs.

    Reads every open listing: the full pass. A sync runs `dedupe_around` on what it changed.
    """
    rows = list(JobListing.objects.filter(status=JobListing.Status.OPEN).values_list(*_ROW_FIELDS))
    return _relink(rows, now or timezone.now())


def dedupe_around(listing_ids: Iterable[int], *, now: datetime | None = None) -> tuple[list[int], set[int | None]]:
    """The same links as `dedupe_open_listings`, rewritten only where `listing_ids` (new, changed
    or closed listings) can have moved them; return (changed ids, their paths).

    Only a listing whose keys or status changed can join or split a group, so the
    groups to redo are those the changed listings were in (their canonical listing
    and everything linked to it) and those they are in now: every open listing
    reachable from them through shared keys, found key by key. The rest keeps its
    links, which are what the full pass would give, as long as every write to
    listings is followed by this (the sync does it under its write lock).
    """
    seeds = sorted({int(pk) for pk in listing_ids})
    if not seeds:
        return [], set()
    heads: set[int] = set(seeds)
    for chunk in _chunks(seeds):
        heads.update(
            dup for dup in JobListing.objects.order_by().filter(pk__in=chunk).values_list("duplicate_of_id", flat=True)
            if dup
        )
    rows: dict[int, tuple] = {}
    for chunk in _chunks(sorted(heads)):
        for row in _open_rows(Q(pk__in=chunk) | Q(duplicate_of_id__in=chunk)):
            rows[row[0]] = row

    queried: set[tuple] = set()
    while True:
        pending = {key for row in rows.values() for key in _keys(row)} - queried
        if not pending:
            break
        queried |= pending
        for condition in _key_conditions(pending):
            for row in _open_rows(condition):
                # Ids are matched across companies by value; only a shared key joins.
                if row[0] not in rows and not _keys(row).isdisjoint(queried):
                    rows[row[0]] = row
    return _relink(list(rows.values()), now or timezone.now())


def _open_rows(condition: Q) -> Iterator[tuple]:
    """The open listings matching `condition`, which names indexed key columns.

    The status is checked here rather than in SQL: with it in the query, a planner
    whose statistics predate a bulk load (hundreds of boards' first syncs) scans every
    open listing instead of looking the keys up.
    """
    fields = (*_ROW_FIELDS, "status")
    for row in JobListing.objects.order_by().filter(condition).values_list(*fields):
        if row[-1] == JobListing.Status.OPEN:
            yield row[:-1]


def _chunks(values: list, size: int = _KEYS_PER_QUERY) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _key_conditions(keys: set[tuple]) -> Iterator[Q]:
    """Filters that together find every listing holding one of `keys` (and maybe a few more)."""
    matches = sorted(key[1] for key in keys if key[0] == "match")
    ids = sorted({key[2] for key in keys if key[0] == "id"})
    groups: dict[int, set[str]] = defaultdict(set)
    for key in keys:
        if key[0] == "group":
            groups[key[1]].add(key[2])
    for chunk in _chunks(matches):
        yield Q(match_key__in=chunk)
    for chunk in _chunks(ids):
        # Two lookups, not one OR: each then reads its own index.
        yield Q(external_id__in=chunk)
        yield Q(identifier__in=chunk)
    for source_id, values in sorted(groups.items()):
        for chunk in _chunks(sorted(values)):
            yield Q(source_id=source_id, group_key__in=chunk)
