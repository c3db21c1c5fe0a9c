"""A real Celery worker process consumes this run's queue."""

from __future__ import annotations

import os

import pytest

from config.celery import app, ping

pytestmark = pytest.mark.integration


def test_a_task_runs_in_a_separate_worker_process(celery_worker):
    assert ping.delay().get(timeout=30) == "pong"
    stats = celery_worker.process
    assert stats is not None and stats.pid != os.getpid()
    assert app.conf.task_always_eager is False


def test_a_killed_worker_is_replaced_and_the_queue_still_drains(celery_worker):
    celery_worker.kill()
    queued = ping.delay()
    celery_worker.start()
    assert queued.get(timeout=60) == "pong"
