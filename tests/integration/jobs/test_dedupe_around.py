"""The sync's de-duplication around what it changed gives the links of the full pass.

Random listings over four sources share internal ids, identifiers and match keys;
random changes (new, re-keyed, closed, re-opened) follow, each followed by
`dedupe_around(changed)`. After every step the stored links must be exactly what
`_canonical` computes over every open listing, which is what the full pass writes.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from jobs.dedupe import _ROW_FIELDS, _canonical, dedupe_around, dedupe_open_listings
from jobs.models import JobListing, JobSource

NOW = datetime(2026, 11, 1, tzinfo=UTC)
COMPANIES = ["Acme Inc", "ACME", "Globex GmbH", "Initech"]


def _links() -> dict[int, int | None]:
    return dict(JobListing.objects.filter(status="open").values_list("pk", "duplicate_of_id"))


def _expected() -> dict[int, int | None]:
    rows = list(JobListing.objects.filter(status="open").values_list(*_ROW_FIELDS))
    canonical = _canonical(rows)
    return {row[0]: canonical.get(row[0]) for row in rows}


def _random_keys(rng: random.Random) -> dict:
    return {
        "company": rng.choice(COMPANIES),
        "identifier": rng.choice(["", "", "R1", "R2", "R3", "12"]),
        "group_key": rng.choice(["", "", "", "g1", "g2"]),
        "match_key": rng.choice(["", "m1", "m2", "m3", "m4", "m5"]),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_incremental_links_equal_the_full_pass(seed):
    rng = random.Random(seed)
    sources = [
        JobSource.objects.create(name=f"S{n}", slug=f"s{n}", kind=kind, board=f"b{n}")
        for n, kind in enumerate(["greenhouse", "lever", "jsonld", "ashby"])
    ]
    # Post ids 0-9 on each source: the same id on two sources of one company is one job.
    listings = [
        JobListing.objects.create(
            source=sources[number % 4], external_id=str(number // 4), title="Data Engineer",
            first_seen_at=NOW, last_seen_at=NOW, updated_at=NOW, content_hash="h", **_random_keys(rng),
        )
        for number in range(40)
    ]
    dedupe_around([obj.pk for obj in listings], now=NOW)
    assert _links() == _expected()
    assert any(_links().values()), "the random listings hold some duplicates"

    for _step in range(30):
        changed = rng.sample(listings, k=rng.randint(1, 4))
        for obj in changed:
            action = rng.random()
            if action < 0.5:
                fields = _random_keys(rng)
            elif action < 0.8:
                obj.refresh_from_db(fields=["status"])
                fields = {"status": "closed" if obj.status == "open" else "open"}
            else:
                fields = {"title": f"Data Engineer {rng.randint(1, 9)}"}
            # As the sync writes: its fields, never the links.
            JobListing.objects.filter(pk=obj.pk).update(**fields)
        dedupe_around([obj.pk for obj in changed], now=NOW)
        assert _links() == _expected()
    # The full pass agrees and has nothing left to change.
    assert dedupe_open_listings(now=NOW)[0] == []


@pytest.mark.django_db
def test_ids_join_only_within_one_company():
    one = JobSource.objects.create(name="A", slug="a", kind="greenhouse", board="a")
    two = JobSource.objects.create(name="B", slug="b", kind="lever", board="b")
    common = dict(title="Data Engineer", first_seen_at=NOW, last_seen_at=NOW, updated_at=NOW, content_hash="h")
    first = JobListing.objects.create(source=one, external_id="100", company="Acme Inc", **common)
    same = JobListing.objects.create(source=two, external_id="x", identifier="100", company="ACME", **common)
    other = JobListing.objects.create(source=two, external_id="100", company="Globex", **common)
    changed, _paths = dedupe_around([same.pk, other.pk], now=NOW)
    assert changed == [same.pk]
    same.refresh_from_db()
    other.refresh_from_db()
    assert same.duplicate_of_id == first.pk
    assert other.duplicate_of_id is None
