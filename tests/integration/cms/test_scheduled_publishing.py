"""Wagtail's scheduled go-live and expiry, run by the `cms.publish_scheduled` beat task on a real
worker: a page that goes live is exported and indexed, one that expires leaves both."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from cms.models import CareerPathPage, ComparisonPage
from cms.tasks import publish_scheduled_task
from config.celery import app
from frontend_export.models import ExportRun
from search import engine, indices, services

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def shared_export_dir(tmp_path, settings, monkeypatch) -> Path:
    folder = tmp_path / "site"
    monkeypatch.setenv("EXPORT_DIR", str(folder))
    settings.EXPORT_DIR = folder
    return folder


@pytest.fixture
def committed_content(transactional_db, search_engine_url):
    call_command("load_demo_content", verbosity=0)
    services.rebuild()
    yield
    indices.delete_all(engine.get_client())


def _wait_for(predicate, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def _role_summary(page_id: int) -> str | None:
    client = engine.get_client()
    doc = client.mget(index=indices.alias_name("roles"), ids=[str(page_id)])["docs"][0]
    return doc["_source"]["summary"] if doc.get("found") else None


def _role_indexed(page_id: int) -> bool:
    client = engine.get_client()
    return client.mget(index=indices.alias_name("roles"), ids=[str(page_id)])["docs"][0].get("found", False)


def test_beat_runs_the_scheduled_publishing_task_by_its_stable_name():
    entry = next(e for e in app.conf.beat_schedule.values() if e["task"] == "cms.publish_scheduled")
    assert entry["schedule"] <= 60
    task = app.tasks["cms.publish_scheduled"]
    assert task.soft_time_limit and task.time_limit > task.soft_time_limit


def test_a_scheduled_page_goes_live_and_is_exported_and_indexed(shared_export_dir, committed_content,
                                                                celery_worker):
    _wait_for(lambda: ExportRun.objects.filter(status="ok").exists())  # the demo content's own export
    exported = shared_export_dir / "careers" / "data-analyst" / "index.html"
    page = CareerPathPage.objects.get(slug="data-analyst")
    go_live = timezone.now() + timedelta(seconds=2)
    page.summary = "Scheduled summary: answers questions with data."
    page.go_live_at = go_live
    revision = page.save_revision()
    revision.publish()  # scheduled, not live yet
    revision.refresh_from_db()
    assert revision.approved_go_live_at == go_live
    assert "Scheduled summary" not in CareerPathPage.objects.get(pk=page.pk).summary

    comparison = ComparisonPage.objects.live().first()
    comparison_file = shared_export_dir / f"compare/{comparison.slug}/index.html"
    comparison.expire_at = go_live
    comparison.save_revision().publish()
    _wait_for(lambda: exported.is_file() and comparison_file.is_file())

    _wait_for(lambda: timezone.now() > go_live, timeout=10)
    publish_scheduled_task.delay().get(timeout=60)
    page.refresh_from_db()
    comparison.refresh_from_db()
    assert page.summary.startswith("Scheduled summary") and not comparison.live and comparison.expired
    _wait_for(lambda: "Scheduled summary" in exported.read_text())
    _wait_for(lambda: (_role_summary(page.pk) or "").startswith("Scheduled summary"))
    _wait_for(lambda: not comparison_file.exists())
    _wait_for(lambda: not _role_indexed(comparison.pk))
