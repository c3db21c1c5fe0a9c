"""Syncs run by a real Celery worker against feeds served over local HTTP.

The worker shares this test's database (committed data only) and the run's
broker: Redis when REDIS_URL is set, the embedded filesystem broker otherwise.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from jobs.feedserver import start_feed_server
from jobs.models import JobListing, JobSource, SyncRun
from jobs.tasks import sweep_interrupted_runs, sync_due_sources, sync_source

from .conftest import dump_listings, greenhouse_board, greenhouse_job

pytestmark = pytest.mark.integration

SOURCES_FILE = Path(__file__).resolve().parents[3] / "jobs" / "demo_feeds" / "sources.yaml"
TASK_TIMEOUT = 120


def wait_for(condition, *, timeout: float = TASK_TIMEOUT, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def run_sync(source: JobSource) -> dict:
    summary = sync_source.delay(source.pk).get(timeout=TASK_TIMEOUT)
    assert summary is not None, "the sync was skipped"
    return summary


@pytest.fixture
def demo_server():
    base_url, stop = start_feed_server()
    yield base_url
    stop()


@pytest.fixture
def short_sync_lock(monkeypatch):
    """A Redis sync lock left by a killed worker expires in seconds, not minutes (file locks die with it)."""
    monkeypatch.setenv("JOBS_SYNC_LOCK_TIMEOUT", "5")
    monkeypatch.setattr(settings, "JOBS_SYNC_LOCK_TIMEOUT", 5)


def test_every_bundled_feed_syncs_through_the_worker(
    django_db_serialized_rollback, career_paths, demo_server, celery_worker
):
    call_command("load_job_sources", str(SOURCES_FILE), base_url=demo_server, verbosity=0)
    enabled = set(JobSource.objects.filter(enabled=True).values_list("pk", flat=True))
    assert set(sync_due_sources.delay().get(timeout=TASK_TIMEOUT)) == enabled
    runs = wait_for(
        lambda: (
            list(SyncRun.objects.exclude(status=SyncRun.Status.RUNNING))
            if SyncRun.objects.exclude(status=SyncRun.Status.RUNNING).count() == len(enabled)
            else None
        ),
        what="one finished run per enabled source",
    )
    by_slug = {run.source.slug: run for run in runs}
    assert {slug: run.status for slug, run in by_slug.items()} == {slug: "ok" for slug in by_slug}, {
        slug: run.reason for slug, run in by_slug.items()
    }

    greenhouse = by_slug["acme-ai"]
    assert (greenhouse.fetched, greenhouse.new, greenhouse.invalid) == (9, 9, 0)
    ashby = by_slug["initech-ai"]
    assert (ashby.fetched, ashby.new) == (8, 7)  # the unlisted job is skipped
    assert not JobListing.objects.filter(title__startswith="Applied Scientist").exists()
    assert by_slug["initech-ai-empty"].new == 0

    listings = {
        (listing.source.slug, listing.external_id): listing
        for listing in JobListing.objects.select_related("source", "duplicate_of")
    }
    # Two posts of one Greenhouse job: one canonical listing.
    new_york, london = listings[("acme-ai", "4012346007")], listings[("acme-ai", "4012346008")]
    assert new_york.duplicate_of is None and london.duplicate_of == new_york
    # The careers page repeats two Greenhouse posts as JSON-LD: linked, not counted twice.
    careers = [listing for (slug, _), listing in listings.items() if slug == "acme-ai-careers"]
    linked = {listing.title: listing.duplicate_of for listing in careers}
    assert linked["Senior AI Engineer"] == listings[("acme-ai", "4012345007")]
    assert linked["LLM Engineer"] == listings[("acme-ai", "4012347007")]
    assert linked["Data Scientist (Contract)"] is None  # Berlin/Amsterdam, not the Austin post
    # Two workers sync the two sources in either order; whichever run comes second links them,
    # so the state is what holds, not which run counted it.
    assert sum(1 for listing in careers if listing.duplicate_of_id) == 2

    hourly = listings[("acme-ai", "4012350007")]
    assert (hourly.salary_period, hourly.salary_currency) == ("hour", "USD")
    assert hourly.salary_annual_min == hourly.salary_min * 2080 == 68 * 2080
    for listing in listings.values():
        assert listing.posted_at is None or listing.posted_at.utcoffset() == UTC.utcoffset(None)
        assert "<script" not in listing.description_html.lower()
    assert listings[("acme-ai", "4012348007")].career_path.slug == "rag-engineer"
    assert listings[("acme-ai", "4012351007")].career_path.slug == "mlops-engineer"

    # Re-syncing every feed writes nothing.
    before = dump_listings()
    for source in JobSource.objects.filter(pk__in=enabled):
        summary = run_sync(source)
        assert (summary["new"], summary["updated"], summary["closed"]) == (0, 0, 0), source.slug
    assert dump_listings() == before

    # The malformed feed fails its run with a reason and changes nothing.
    broken = JobSource.objects.get(slug="acme-ai-broken")
    summary = run_sync(broken)
    assert summary["status"] == "failed" and summary["reason"]
    assert dump_listings() == before


def test_three_runs_without_a_listing_close_it(
    django_db_serialized_rollback, career_paths, feeds, make_source, celery_worker
):
    jobs = [greenhouse_job(n) for n in range(6)]
    feeds.greenhouse("northwind", jobs)
    source = make_source()
    assert run_sync(source)["new"] == 6
    feeds.greenhouse("northwind", jobs[1:])
    closed = [run_sync(source)["closed"] for _ in range(3)]
    assert closed == [0, 0, 1]
    assert source.listings.get(external_id=str(jobs[0]["id"])).status == JobListing.Status.CLOSED
    # An empty board afterwards closes nothing.
    feeds.greenhouse("northwind", [])
    for _ in range(3):
        summary = run_sync(source)
        assert (summary["status"], summary["closed"]) == ("partial", 0)
    assert source.listings.filter(status=JobListing.Status.OPEN).count() == 5


def test_a_sync_killed_with_its_worker_is_rerun_by_the_sweep_without_duplicates(
    django_db_serialized_rollback, short_sync_lock, career_paths, feeds, make_source, celery_worker
):
    """SIGKILL to the worker's whole process group mid-sync: the embedded broker loses the task,
    Redis holds it until the visibility timeout. The beat sweep re-runs it either way."""
    jobs = [greenhouse_job(n) for n in range(40)]
    release = threading.Event()
    path = "/v1/boards/northwind/jobs"
    feeds.slow(path, release, greenhouse_board(jobs))
    source = make_source()
    sync_source.delay(source.pk)
    wait_for(lambda: feeds.hits.get(path), what="the worker to start fetching")
    killed = source.runs.get()
    assert killed.status == SyncRun.Status.RUNNING
    celery_worker.kill()
    release.set()
    assert not source.listings.exists()

    celery_worker.start()
    # Past the lock timeout (and with the killed worker's Redis lock expired), the sweep marks it and queues the source.
    swept = wait_for(
        lambda: sweep_interrupted_runs.delay().get(timeout=TASK_TIMEOUT), timeout=60, what="the sweep to find the run"
    )
    assert swept == [source.pk]
    killed.refresh_from_db()
    assert killed.status == SyncRun.Status.INTERRUPTED and killed.reason.startswith("interrupted")
    rerun = wait_for(
        lambda: source.runs.exclude(pk=killed.pk).exclude(status=SyncRun.Status.RUNNING).first(),
        what="the re-queued sync to finish",
    )
    assert (rerun.status, rerun.new) == (SyncRun.Status.OK, 40), rerun.reason
    stored = list(source.listings.values_list("external_id", flat=True))
    assert sorted(stored) == sorted(str(job["id"]) for job in jobs)
    assert len(stored) == len(set(stored))
    # Nothing is left to sweep, and a second sweep queues nothing.
    assert sweep_interrupted_runs.delay().get(timeout=TASK_TIMEOUT) == []

    # And once more: idempotent.
    before = dump_listings()
    assert run_sync(source)["unchanged"] == 40
    assert dump_listings() == before
