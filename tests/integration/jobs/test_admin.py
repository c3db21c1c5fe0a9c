"""The Jobs admin: sources with "sync now", sync runs, listings filtered and given a path override."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from jobs import services
from jobs.models import JobListing, JobSource, SyncRun

from .conftest import greenhouse_job

pytestmark = pytest.mark.integration


@pytest.fixture
def editor(db, client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pass")
    client.force_login(user)
    return client


@pytest.fixture
def synced(feeds, make_source, career_paths):
    feeds.greenhouse("northwind", [greenhouse_job(n) for n in range(8)])
    source = make_source()
    services.source_sync(source_id=source.pk)
    return source


def test_sources_list_and_sync_now(editor, synced, django_capture_on_commit_callbacks):
    index = editor.get(reverse("jobs_sources:list"))
    assert index.status_code == 200
    sync_url = reverse("jobs_sources:sync", args=[synced.pk])
    assert sync_url in index.content.decode()
    confirm = editor.get(sync_url)
    assert confirm.status_code == 200 and b"Yes, sync now" in confirm.content
    with django_capture_on_commit_callbacks() as callbacks:
        response = editor.post(sync_url)
    assert response.status_code == 302
    assert len(callbacks) == 1  # the task is enqueued once the request commits
    synced.refresh_from_db()
    assert synced.is_due()


def test_sources_can_be_created_in_the_admin(editor):
    response = editor.post(
        reverse("jobs_sources:add"),
        {
            "name": "Globex Labs",
            "slug": "globex",
            "kind": "lever",
            "board": "globex",
            "base_url": "",
            "enabled": "on",
            "sync_interval": "01:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert JobSource.objects.get(slug="globex").kind == "lever"


def test_sync_runs_show_counts_and_reasons(editor, synced, feeds):
    feeds.raw("/v1/boards/northwind/jobs", "{not json")
    services.source_sync(source_id=synced.pk)
    failed = SyncRun.objects.get(status="failed")
    page = editor.get(reverse("jobs_runs:list")).content.decode()
    assert failed.reason[:30] in page
    assert editor.get(reverse("jobs_runs:inspect", args=[failed.pk])).status_code == 200
    filtered = editor.get(reverse("jobs_runs:list"), {"status": "ok"}).content.decode()
    assert failed.reason[:30] not in filtered


def test_listings_filter_by_path_status_and_workplace(editor, synced, career_paths):
    url = reverse("jobs_listings:list")
    everything = editor.get(url)
    assert everything.status_code == 200
    engineer = career_paths["data-engineer"]
    page = editor.get(url, {"career_path": engineer.pk, "status": "open"}).content.decode()

    def shown(listing) -> bool:
        return reverse("jobs_listings:edit", args=[listing.pk]) in page

    inside = JobListing.objects.filter(career_path=engineer)
    assert inside.exists() and all(shown(listing) for listing in inside)
    assert not any(shown(listing) for listing in JobListing.objects.exclude(career_path=engineer))
    assert editor.get(url, {"workplace": "remote", "source": synced.pk}).status_code == 200


def test_an_editor_overrides_a_listings_path(editor, synced, career_paths):
    listing = JobListing.objects.get(title="Data Analyst")
    target = career_paths["data-scientist"]
    response = editor.post(reverse("jobs_listings:edit", args=[listing.pk]), {"path_override": target.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    listing.refresh_from_db()
    assert listing.path_override == target and listing.career_path == target
    assert listing.title == "Data Analyst"  # nothing else is editable


def test_listings_cannot_be_added_or_deleted_by_hand(editor, synced):
    listing = JobListing.objects.first()
    assert editor.get(reverse("jobs_listings:delete", args=[listing.pk])).status_code in {302, 403}
    assert JobListing.objects.filter(pk=listing.pk).exists()
    assert editor.get(reverse("jobs_listings:add")).status_code in {302, 403}


def test_sync_jobs_prints_a_summary_and_fails_if_a_source_failed(synced, make_source, feeds):
    out = StringIO()
    call_command("sync_jobs", stdout=out)
    text = out.getvalue()
    assert "northwind" in text and "unchanged" in text
    make_source(slug="broken", board="broken")
    feeds.raw("/v1/boards/broken/jobs", '{"jobs": [')
    out = StringIO()
    with pytest.raises(CommandError, match="1 of 2 sources failed: broken"):
        call_command("sync_jobs", stdout=out)
    assert "failed" in out.getvalue()
    out = StringIO()
    call_command("sync_jobs", "--source", "northwind", stdout=out)
    assert "broken" not in out.getvalue()


def test_skills_are_listed_and_an_edit_enqueues_a_recount(editor, django_capture_on_commit_callbacks):
    from jobs.models import Skill

    index = editor.get(reverse("jobs_skills:list"))
    assert index.status_code == 200 and b"Airflow" in index.content
    skill = Skill.objects.get(name="Kubernetes")
    with django_capture_on_commit_callbacks() as callbacks:
        response = editor.post(
            reverse("jobs_skills:edit", args=[skill.pk]),
            {"name": "Kubernetes", "aliases": "k8s\nkube", "category": "infrastructure"},
        )
    assert response.status_code == 302, response.content[:2000]
    assert Skill.objects.get(pk=skill.pk).spellings() == ["Kubernetes", "k8s", "kube"]
    assert len(callbacks) == 1  # the re-count is enqueued once the edit commits
