"""The export task on a real Celery worker: bursts coalesce into one export, a lone
request is exported at once, and an export that finds another one running retries
instead of running alongside it."""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from config.locks import hold
from frontend_export.services import LOCK_NAME, PENDING_KEY, ExportBusy, export_site, request_export

# The worker shares committed data; serialized_rollback restores the page tree root the migrations made.
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def shared_export_dir(tmp_path, settings, monkeypatch) -> Path:
    """An export folder the worker sees too (requested before `celery_worker`, which copies the environment)."""
    folder = tmp_path / "site"
    monkeypatch.setenv("EXPORT_DIR", str(folder))
    settings.EXPORT_DIR = folder
    return folder


@pytest.fixture
def committed_content(transactional_db):
    call_command("load_demo_content", verbosity=0)


def _worker_log_since(worker, offset: int) -> str:
    return worker.log.read_bytes()[offset:].decode(errors="replace")


def _wait_for(predicate, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    raise AssertionError("timed out")


@pytest.fixture
def no_export_queued(committed_content):
    """Nothing left from loading the content: its publishes asked for an export, which is
    purged with the pending flag before the worker starts, so the burst is alone."""
    from django.core.cache import cache

    from config.celery import app

    app.control.purge()
    cache.delete(PENDING_KEY)


def test_a_burst_of_export_requests_becomes_one_export(shared_export_dir, no_export_queued, celery_worker, caplog):
    offset = celery_worker.log.stat().st_size
    with caplog.at_level(logging.INFO, logger="frontend_export.services"):
        for n in range(5):
            request_export(reason=f"burst {n}", path_slugs=["ai-engineer"])
    # Each request decided here, synchronously: the first enqueued the task, the others joined it,
    # so no second task can still be on its way.
    messages = [record.getMessage() for record in caplog.records]
    assert len([m for m in messages if m.startswith("export requested: burst 0 ")]) == 1
    assert len([m for m in messages if m.startswith("export already pending; coalesced: burst")]) == 4
    assert not [m for m in messages if m.startswith("export requested") and "burst 0" not in m]
    # And the worker's records: one export task received, for the first request, and it succeeded.
    succeeded = re.compile(r"Task frontend_export\.export_site\[[0-9a-f-]+\] succeeded")
    _wait_for(lambda: succeeded.search(_worker_log_since(celery_worker, offset)))
    received = [line for line in _worker_log_since(celery_worker, offset).splitlines()
                if "frontend_export.export_site[" in line and "received" in line]
    assert len(received) == 1
    assert (shared_export_dir / "careers" / "ai-engineer" / "index.html").is_file()


def test_an_export_never_runs_beside_another(shared_export_dir, committed_content):
    with hold(LOCK_NAME, timeout=60), pytest.raises(ExportBusy):
        export_site()
    assert not shared_export_dir.exists()
    assert export_site().pages > 0


def test_a_requested_export_waits_for_the_running_one_then_runs(shared_export_dir, committed_content,
                                                                 celery_worker, settings):
    from cms.models import CareerPathPage

    # The demo content's own publish request is exported first.
    _wait_for(lambda: (shared_export_dir / "careers" / "index.html").is_file())
    hub = shared_export_dir / "careers" / "index.html"
    offset = celery_worker.log.stat().st_size
    with hold(LOCK_NAME, timeout=120):
        page = CareerPathPage.objects.get(slug="data-analyst")
        page.summary = "Answers questions with data (summary edited while an export ran)."
        page.save_revision().publish()  # the publish hook asks for an export on commit
        request_export(reason="while busy")
        _wait_for(lambda: "Retry in" in _worker_log_since(celery_worker, offset), timeout=60)
        assert "edited while an export ran" not in hub.read_text()
    _wait_for(lambda: "edited while an export ran" in hub.read_text())
