"""A sync dated in the past (the demo market's replay): runs and listing lifecycles carry that date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jobs import services
from jobs.models import JobListing, SyncRun

from .conftest import greenhouse_job

pytestmark = pytest.mark.integration

START = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
WEEK = timedelta(days=7)


def test_a_replayed_history_dates_runs_first_sightings_and_closings(feeds, make_source, career_paths):
    feeds.greenhouse("northwind", [greenhouse_job(n) for n in range(6)])
    source = make_source()
    first = services.source_sync(source_id=source.pk, as_of=START)
    assert first.status == SyncRun.Status.OK and first.new == 6
    assert START <= first.started_at <= first.finished_at < START + timedelta(minutes=5)
    seen = set(JobListing.objects.values_list("first_seen_at", flat=True))
    assert len(seen) == 1 and START <= seen.pop() <= first.finished_at

    # One job leaves the board; it closes on the third run without it, dated that run.
    feeds.greenhouse("northwind", [greenhouse_job(n) for n in range(5)] + [greenhouse_job(9)])
    for week in (1, 2, 3):
        services.source_sync(source_id=source.pk, as_of=START + week * WEEK)
    gone = JobListing.objects.get(external_id=str(greenhouse_job(5)["id"]))
    assert gone.status == JobListing.Status.CLOSED
    assert START + 3 * WEEK <= gone.closed_at < START + 3 * WEEK + timedelta(minutes=5)
    newcomer = JobListing.objects.get(external_id=str(greenhouse_job(9)["id"]))
    assert START + WEEK <= newcomer.first_seen_at < START + WEEK + timedelta(minutes=5)
    assert list(SyncRun.objects.order_by("started_at").values_list("started_at__date", flat=True)) == [
        (START + week * WEEK).date() for week in range(4)
    ]
    source.refresh_from_db()
    assert START + 3 * WEEK <= source.last_success_at < START + 3 * WEEK + timedelta(minutes=5)


def test_without_as_of_a_run_is_dated_now(feeds, make_source, career_paths):
    feeds.greenhouse("northwind", [greenhouse_job(0)])
    before = datetime.now(UTC)
    run = services.source_sync(source_id=make_source().pk)
    assert before <= run.started_at <= datetime.now(UTC)
    assert JobListing.objects.get().first_seen_at >= before
