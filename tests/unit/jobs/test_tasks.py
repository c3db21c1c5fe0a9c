"""The jobs tasks: fixed names, explicit time limits, late acknowledgement where safe."""

from __future__ import annotations

import pytest

from config.celery import app
from jobs import tasks  # noqa: F401  (registers the tasks)

NAMES = [
    "jobs.sync_due_sources",
    "jobs.sync_source",
    "jobs.reclassify_open_listings",
    "jobs.market_snapshot",
    "jobs.recount_skills",
    "jobs.refresh_listing_skills",
]


@pytest.mark.parametrize("name", NAMES)
def test_each_task_is_registered_with_explicit_limits(name):
    task = app.tasks[name]
    assert task.soft_time_limit and task.time_limit
    assert task.soft_time_limit < task.time_limit <= 1800


@pytest.mark.parametrize("name", NAMES)
def test_tasks_are_idempotent_and_acknowledged_late(name):
    assert app.tasks[name].acks_late is True


def test_a_sync_outlives_the_http_clients_whole_budget():
    from django.conf import settings

    budget = settings.JOBS_HTTP_TOTAL_TIMEOUT + settings.JOBS_HTTP_RETRY_BUDGET
    assert app.tasks["jobs.sync_source"].soft_time_limit > budget
    assert app.tasks["jobs.sync_source"].time_limit < settings.JOBS_SYNC_LOCK_TIMEOUT


def test_beat_names_the_fan_out_task():
    entries = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "jobs.sync_due_sources" in entries


def test_beat_writes_the_market_snapshot_after_the_days_syncs():
    entry = app.conf.beat_schedule["jobs-market-snapshot"]
    assert entry["task"] == "jobs.market_snapshot"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({23}, {55})


def test_beat_sweeps_skill_counts_before_the_nightly_export():
    entry = app.conf.beat_schedule["jobs-recount-skills-nightly"]
    assert entry["task"] == "jobs.recount_skills"
    export = app.conf.beat_schedule["export-nightly-full"]["schedule"]
    assert entry["schedule"].hour == export.hour and min(entry["schedule"].minute) < min(export.minute)
