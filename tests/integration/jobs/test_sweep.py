"""The sweep that finds syncs a dead worker left `running`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from config.locks import hold
from jobs.models import JobSource, SyncRun
from jobs.services import sync_runs_sweep_interrupted

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def source(settings):
    settings.JOBS_SYNC_LOCK_TIMEOUT = 900
    return JobSource.objects.create(name="Northwind", slug="northwind", kind="greenhouse", board="northwind")


def running_run(source: JobSource, *, age: timedelta) -> SyncRun:
    return SyncRun.objects.create(source=source, started_at=timezone.now() - age)


def test_a_run_younger_than_the_lock_timeout_is_left_alone(source):
    run = running_run(source, age=timedelta(seconds=899))
    assert sync_runs_sweep_interrupted() == []
    run.refresh_from_db()
    assert run.status == SyncRun.Status.RUNNING


def test_a_run_older_than_the_lock_timeout_is_interrupted_and_its_source_returned(source):
    run = running_run(source, age=timedelta(seconds=901))
    finished = SyncRun.objects.create(source=source, started_at=timezone.now() - timedelta(hours=2),
                                      status=SyncRun.Status.OK, finished_at=timezone.now() - timedelta(hours=1))
    assert sync_runs_sweep_interrupted() == [source.pk]
    run.refresh_from_db()
    assert run.status == SyncRun.Status.INTERRUPTED
    assert run.finished_at is not None and run.reason.startswith("interrupted")
    finished.refresh_from_db()
    assert finished.status == SyncRun.Status.OK
    assert sync_runs_sweep_interrupted() == []


def test_a_run_whose_source_lock_is_held_is_live_and_left_alone(source):
    run = running_run(source, age=timedelta(hours=1))
    with hold("sync-northwind", timeout=900):
        assert sync_runs_sweep_interrupted() == []
    run.refresh_from_db()
    assert run.status == SyncRun.Status.RUNNING


def test_two_stale_runs_of_one_source_queue_it_once(source):
    running_run(source, age=timedelta(hours=2))
    running_run(source, age=timedelta(hours=1))
    assert sync_runs_sweep_interrupted() == [source.pk]
    assert source.runs.filter(status=SyncRun.Status.INTERRUPTED).count() == 2
