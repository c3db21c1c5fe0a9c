"""The sync pipeline against feeds served over local HTTP and the real database.

These call `source_sync` in this process; `test_worker.py` runs the same
pipeline through a real Celery worker.
"""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs import services
from jobs.models import JobListing, JobSource, SyncRun

from .conftest import dump_listings, greenhouse_job

pytestmark = pytest.mark.integration

TOKEN = "northwind"
FEED_PATH = f"/v1/boards/{TOKEN}/jobs"


def sync(source: JobSource) -> SyncRun:
    return services.source_sync(source_id=source.pk)


@pytest.fixture
def board(feeds, make_source, career_paths):
    """A Greenhouse board of nine posts and its source, synced once."""
    jobs = [greenhouse_job(n, salary=(100_000 + n * 5_000, 140_000 + n * 5_000, "USD")) for n in range(9)]
    feeds.greenhouse(TOKEN, jobs)
    source = make_source()
    first = sync(source)
    assert first.status == SyncRun.Status.OK, first.reason
    return source, jobs


def open_ids(source: JobSource) -> set[str]:
    return set(source.listings.filter(status=JobListing.Status.OPEN).values_list("external_id", flat=True))


def test_first_sync_stores_every_post_classified(board, career_paths):
    source, jobs = board
    run = source.runs.get()
    assert (run.fetched, run.new, run.updated, run.unchanged, run.closed, run.invalid) == (9, 9, 0, 0, 0, 0)
    assert open_ids(source) == {str(job["id"]) for job in jobs}
    listing = source.listings.get(external_id=str(jobs[4]["id"]))  # "LLM Engineer"
    assert listing.career_path == career_paths["llm-engineer"]
    assert listing.path_rule
    assert listing.salary_currency == "USD" and listing.salary_period == "year"
    assert listing.salary_annual_min == 120_000 and listing.salary_annual_max == 160_000
    assert listing.first_seen_at == listing.last_seen_at == listing.updated_at
    source.refresh_from_db()
    assert source.last_success_at is not None and source.next_sync_at > timezone.now()


def test_resync_of_the_same_feed_writes_nothing(board):
    source, _ = board
    before = dump_listings()
    with CaptureQueriesContext(connection) as queries:
        run = sync(source)
    assert (run.new, run.updated, run.unchanged, run.closed) == (0, 0, 9, 0)
    assert dump_listings() == before
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "jobs_listing" in q["sql"].split("SET")[0].split("VALUES")[0]
    ]
    assert writes == []


def test_a_changed_post_is_updated_and_marked_for_search(board, feeds):
    source, jobs = board
    JobListing.objects.update(search_pending=False)
    jobs[2]["title"] = "Principal Data Scientist"
    feeds.greenhouse(TOKEN, jobs)
    run = sync(source)
    assert (run.new, run.updated, run.unchanged) == (0, 1, 8)
    changed = source.listings.get(external_id=str(jobs[2]["id"]))
    assert changed.title == "Principal Data Scientist" and changed.search_pending
    assert JobListing.objects.filter(search_pending=True).count() == 1


def test_a_listing_closes_after_three_runs_without_it(board, feeds):
    source, jobs = board
    gone = str(jobs[0]["id"])
    feeds.greenhouse(TOKEN, jobs[1:])
    for expected_missing in (1, 2):
        run = sync(source)
        listing = source.listings.get(external_id=gone)
        assert (listing.status, listing.missing_runs, run.closed) == ("open", expected_missing, 0)
    run = sync(source)
    listing = source.listings.get(external_id=gone)
    assert (listing.status, run.closed, run.status) == ("closed", 1, "ok")
    assert listing.closed_at is not None
    assert open_ids(source) == {str(job["id"]) for job in jobs[1:]}


def test_a_listing_seen_again_before_closing_starts_counting_afresh(board, feeds):
    source, jobs = board
    feeds.greenhouse(TOKEN, jobs[1:])
    sync(source)
    sync(source)
    feeds.greenhouse(TOKEN, jobs)
    run = sync(source)
    assert run.updated == 0 and run.new == 0
    assert source.listings.get(external_id=str(jobs[0]["id"])).missing_runs == 0
    feeds.greenhouse(TOKEN, jobs[1:])
    sync(source)
    sync(source)
    assert source.listings.get(external_id=str(jobs[0]["id"])).status == "open"


def test_a_closed_listing_that_returns_is_reopened(board, feeds):
    source, jobs = board
    feeds.greenhouse(TOKEN, jobs[1:])
    for _ in range(3):
        sync(source)
    feeds.greenhouse(TOKEN, jobs)
    run = sync(source)
    listing = source.listings.get(external_id=str(jobs[0]["id"]))
    assert (listing.status, listing.closed_at, listing.missing_runs, run.updated) == ("open", None, 0, 1)


def test_an_empty_board_closes_nothing(board, feeds):
    source, _ = board
    before = dump_listings()
    feeds.greenhouse(TOKEN, [])
    for _ in range(4):
        run = sync(source)
        assert run.status == SyncRun.Status.PARTIAL
        assert "no valid jobs" in run.reason
    assert dump_listings() == before


def test_a_run_that_would_close_more_than_half_closes_none(board, feeds):
    source, jobs = board
    feeds.greenhouse(TOKEN, jobs[:3])
    sync(source)
    sync(source)
    run = sync(source)
    assert run.status == SyncRun.Status.PARTIAL
    assert run.closed == 0
    assert "would close 6 of 9" in run.reason
    assert len(open_ids(source)) == 9


def test_closing_up_to_half_is_allowed(board, feeds):
    source, jobs = board
    feeds.greenhouse(TOKEN, jobs[:5])  # 4 of 9 go missing
    for _ in range(3):
        run = sync(source)
    assert (run.status, run.closed) == ("ok", 4)


def test_a_malformed_feed_fails_the_run_and_changes_nothing(board, feeds):
    source, _ = board
    source.refresh_from_db()
    last_success = source.last_success_at
    before = dump_listings()
    feeds.raw(FEED_PATH, '{"jobs": [{"id": 1, "title": "Data Eng')
    run = sync(source)
    assert run.status == SyncRun.Status.FAILED
    assert run.reason and "\n" not in run.reason
    assert dump_listings() == before
    source.refresh_from_db()
    assert source.last_success_at == last_success
    assert source.consecutive_failures == 1 and source.last_failure_at is not None
    assert source.next_sync_at > timezone.now()


def test_failed_sources_back_off_exponentially(feeds, make_source, career_paths):
    feeds.json(FEED_PATH, {"error": "no such board"}, status=404)
    source = make_source()
    delays = []
    for _ in range(4):
        run = sync(source)
        assert run.status == SyncRun.Status.FAILED
        source.refresh_from_db()
        delays.append((source.next_sync_at - source.last_failure_at).total_seconds())
    assert source.consecutive_failures == 4
    assert all(later > earlier * 1.7 for earlier, later in itertools.pairwise(delays))
    feeds.greenhouse(TOKEN, [greenhouse_job(1)])
    assert sync(source).status == SyncRun.Status.OK
    source.refresh_from_db()
    assert source.consecutive_failures == 0


def test_an_unreachable_feed_fails_with_a_reason(make_source, career_paths):
    source = make_source(base_url="http://127.0.0.1:9")
    before = dump_listings()
    run = sync(source)
    assert run.status == SyncRun.Status.FAILED and run.reason
    assert dump_listings() == before


def test_posts_sharing_an_internal_job_id_become_one_canonical_listing(feeds, make_source, career_paths):
    jobs = [
        greenhouse_job(1, group=42, location="New York, NY"),
        greenhouse_job(2, group=42, location="London, United Kingdom"),
        greenhouse_job(3),
    ]
    feeds.greenhouse(TOKEN, jobs)
    source = make_source()
    run = sync(source)
    assert (run.new, run.duplicates) == (3, 1)
    first, second = (source.listings.get(external_id=str(job["id"])) for job in jobs[:2])
    assert first.duplicate_of is None and second.duplicate_of == first
    from jobs.selectors import open_canonical_listings

    assert open_canonical_listings().count() == 2
    # Stable: the next run does not swap the canonical listing.
    before = dump_listings()
    sync(source)
    assert dump_listings() == before


def test_the_same_job_on_two_sources_is_counted_once(feeds, make_source, career_paths):
    job = greenhouse_job(5, title="Data Engineer", location="Berlin, Germany")
    feeds.greenhouse(TOKEN, [job])
    feeds.greenhouse("mirror", [{**job, "id": 8_888_001, "internal_job_id": 1}])
    ats = make_source()
    mirror = make_source(slug="mirror", board="mirror")
    sync(ats)
    run = sync(mirror)
    assert run.duplicates == 1
    copy = mirror.listings.get()
    assert copy.duplicate_of == ats.listings.get()
    # When the canonical one closes, the copy takes over.
    feeds.greenhouse(TOKEN, [greenhouse_job(6), greenhouse_job(7)])
    for _ in range(3):
        sync(ats)
    copy.refresh_from_db()
    assert copy.duplicate_of is None


def test_path_override_survives_syncs_and_wins_over_the_rule(board, feeds, career_paths):
    source, jobs = board
    listing = source.listings.get(external_id=str(jobs[1]["id"]))  # "Data Engineer"
    assert listing.career_path == career_paths["data-engineer"]
    services.listing_set_path_override(listing_id=listing.pk, path_page_id=career_paths["mlops-engineer"].pk)
    listing.refresh_from_db()
    assert listing.career_path == career_paths["mlops-engineer"]
    jobs[1]["content"] = "&lt;p&gt;Now with more pipelines.&lt;/p&gt;"
    feeds.greenhouse(TOKEN, jobs)
    run = sync(source)
    assert run.updated == 1
    listing.refresh_from_db()
    assert listing.career_path == career_paths["mlops-engineer"]
    assert listing.path_override == career_paths["mlops-engineer"]
    services.listing_set_path_override(listing_id=listing.pk, path_page_id=None)
    listing.refresh_from_db()
    assert listing.career_path == career_paths["data-engineer"]


def test_changed_patterns_reclassify_open_listings(board, career_paths):
    source, jobs = board
    analyst = career_paths["data-analyst"]
    listing = source.listings.get(external_id=str(jobs[6]["id"]))  # "Data Analyst"
    assert listing.career_path == analyst
    scientist = career_paths["data-scientist"]
    scientist.title_patterns += "\nData Analyst"
    scientist.save_revision().publish()
    analyst.title_patterns = "\n".join(p for p in analyst.title_pattern_list() if "analyst" not in p.lower())
    analyst.save_revision().publish()
    changed = services.reclassify_open_listings()
    listing.refresh_from_db()
    assert listing.pk in changed
    assert listing.career_path == scientist
    assert services.reclassify_open_listings() == []


def test_sync_queries_do_not_grow_with_the_feed(feeds, make_source, career_paths):
    def queries_for(count: int, slug: str) -> int:
        feeds.greenhouse(slug, [greenhouse_job(n + (0 if slug == "small" else 1000)) for n in range(count)])
        source = make_source(slug=slug, board=slug)
        with CaptureQueriesContext(connection) as captured:
            sync(source)
        return len(captured.captured_queries)

    # Bulk writes: a few more insert batches (SQLite caps parameters per query), never a query per listing.
    assert queries_for(120, "large") < queries_for(10, "small") + 10


def test_hand_offs_run_after_commit_with_changed_and_closed_ids(board, feeds, django_capture_on_commit_callbacks):
    source, jobs = board
    jobs[3]["title"] = "Senior MLOps Engineer"
    feeds.greenhouse(TOKEN, jobs)
    with django_capture_on_commit_callbacks() as callbacks:
        sync(source)
    assert len(callbacks) == 2  # search and the export in one hand-off; the skills refresh of the changed post
    with django_capture_on_commit_callbacks() as callbacks:
        sync(source)
    assert callbacks == []


def test_a_board_where_every_post_changed_is_rewritten_in_bulk(board, feeds):
    source, jobs = board
    for job in jobs:
        job["location"] = {"name": "Lisbon, Portugal; Porto, Portugal"}
    feeds.greenhouse(TOKEN, jobs)
    run = sync(source)
    assert (run.new, run.updated, run.unchanged) == (0, 9, 0)
    for listing in source.listings.all():
        assert listing.locations == ["Lisbon, Portugal", "Porto, Portugal"]
        assert listing.country_codes == ["PT"]
    before = dump_listings()
    assert sync(source).unchanged == 9
    assert dump_listings() == before
