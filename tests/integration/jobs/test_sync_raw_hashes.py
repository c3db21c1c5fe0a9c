"""Re-syncs skip mapping records whose raw form is as stored, with the lifecycle intact."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobs import services
from jobs.connectors import fetch_feed
from jobs.models import JobListing, JobSource, SyncRun

from .conftest import dump_listings, greenhouse_job

pytestmark = pytest.mark.integration

TOKEN = "northwind"


def sync(source: JobSource) -> SyncRun:
    return services.source_sync(source_id=source.pk)


def listing_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "jobs_listing" in q["sql"].split("SET")[0].split("VALUES")[0]
    ]


@pytest.fixture
def board(feeds, make_source, career_paths):
    jobs = [greenhouse_job(n, salary=(100_000 + n * 5_000, 140_000 + n * 5_000, "USD")) for n in range(6)]
    feeds.greenhouse(TOKEN, jobs)
    source = make_source()
    assert sync(source).status == SyncRun.Status.OK
    return source, jobs


def stored_hashes(source: JobSource) -> dict[str, str]:
    return dict(source.listings.values_list("external_id", "raw_hash"))


def test_stored_raw_hashes_let_the_connector_skip_every_unchanged_post(board, feeds):
    source, _ = board
    hashes = stored_hashes(source)
    assert all(hashes.values())
    result = fetch_feed(kind="greenhouse", board=TOKEN, base_url=feeds.base_url, company=source.name,
                        known_raw_hashes=hashes)
    assert result.payloads == [] and sorted(result.unchanged_ids) == sorted(hashes)
    run = sync(source)
    assert (run.fetched, run.new, run.updated, run.unchanged, run.closed) == (6, 0, 0, 6, 0)


def test_a_field_the_listing_ignores_refreshes_only_the_raw_hash(board, feeds):
    source, jobs = board
    before = dump_listings()
    jobs[2]["language"] = "de"  # not part of the normalised listing
    feeds.greenhouse(TOKEN, jobs)
    run = sync(source)
    assert (run.new, run.updated, run.unchanged) == (0, 0, 6)
    after = dump_listings()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert len(changed) == 1
    old, new = changed[0]
    assert {key for key in old if old[key] != new[key]} == {"raw_hash"}
    with CaptureQueriesContext(connection) as queries:
        assert sync(source).unchanged == 6
    assert listing_writes(queries) == []
    assert dump_listings() == after


def test_an_unchanged_post_follows_edited_patterns(board, career_paths):
    source, jobs = board
    listing = source.listings.get(external_id=str(jobs[2]["id"]))  # "Data Scientist"
    assert listing.career_path == career_paths["data-scientist"]
    analyst = career_paths["data-analyst"]
    analyst.title_patterns += "\nData Scientist"
    analyst.save_revision().publish()
    scientist = career_paths["data-scientist"]
    scientist.title_patterns = "\n".join(
        p for p in scientist.title_pattern_list() if p.lower().strip() not in {"data scientist", "data scien*"}
    )
    scientist.save_revision().publish()
    run = sync(source)
    listing.refresh_from_db()
    assert listing.career_path == analyst and listing.path_rule.lower() == "data scientist"
    assert (run.updated, run.unchanged) == (1, 5)
    before = dump_listings()
    assert sync(source).updated == 0
    assert dump_listings() == before


def test_an_editor_override_holds_for_skipped_posts(board, career_paths):
    source, jobs = board
    listing = source.listings.get(external_id=str(jobs[1]["id"]))
    services.listing_set_path_override(listing_id=listing.pk, path_page_id=career_paths["ai-engineer"].pk)
    before = dump_listings()
    run = sync(source)
    assert (run.updated, run.unchanged) == (0, 6)
    assert dump_listings() == before
    listing.refresh_from_db()
    assert listing.career_path == career_paths["ai-engineer"]


def test_skipped_posts_count_as_seen_and_missing_ones_still_close(board, feeds):
    source, jobs = board
    feeds.greenhouse(TOKEN, jobs[1:])
    for _ in range(2):
        run = sync(source)
        assert run.unchanged == 5 and run.closed == 0
    feeds.greenhouse(TOKEN, jobs)
    run = sync(source)
    assert (run.unchanged, run.updated) == (6, 0)
    assert source.listings.get(external_id=str(jobs[0]["id"])).missing_runs == 0
    feeds.greenhouse(TOKEN, jobs[1:])
    for _ in range(3):
        run = sync(source)
    assert run.closed == 1
    assert set(source.listings.filter(status=JobListing.Status.OPEN).values_list("external_id", flat=True)) == {
        str(job["id"]) for job in jobs[1:]
    }
    # A closed listing is never skipped: it comes back through a full mapping and reopens.
    feeds.greenhouse(TOKEN, jobs)
    run = sync(source)
    assert (run.updated, run.unchanged) == (1, 5)
    assert source.listings.get(external_id=str(jobs[0]["id"])).status == JobListing.Status.OPEN


def test_a_post_whose_mapping_warns_is_mapped_and_warns_on_every_run(feeds, make_source, career_paths):
    job = greenhouse_job(1)
    job["metadata"] = [
        {"name": "Pay Range", "value_type": "currency_range", "value": {"unit": "EUR", "min_value": "90000.0"}}
    ]
    feeds.greenhouse(TOKEN, [job, greenhouse_job(2)])
    source = make_source()
    first = sync(source)
    assert any("salary dropped" in warning for warning in first.warnings)
    assert source.listings.get(external_id=str(job["id"])).raw_hash == ""
    again = sync(source)
    assert again.warnings == first.warnings
    assert (again.updated, again.unchanged) == (0, 2)
