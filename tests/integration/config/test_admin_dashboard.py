"""The admin dashboard: job sources, the last export and the search index, with their actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from frontend_export.models import ExportRun
from frontend_export.services import PENDING_KEY, export_site
from jobs.models import JobSource, SyncRun
from search import services as search_services

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("ed", "ed@example.org", "pass")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(editor, client):
    client.force_login(editor)
    return client


@pytest.fixture
def sources(db):
    now = timezone.now()
    ok = JobSource.objects.create(name="Globex Labs", slug="globex-gh", kind="greenhouse", board="globex",
                                  last_success_at=now - timedelta(hours=2))
    failing = JobSource.objects.create(name="Globex Labs", slug="globex-lever", kind="lever", board="globexlabs",
                                       consecutive_failures=3, last_failure_at=now,
                                       last_success_at=now - timedelta(days=2))
    SyncRun.objects.create(source=ok, started_at=now - timedelta(hours=2), finished_at=now, status="ok", fetched=5)
    SyncRun.objects.create(source=failing, started_at=now, finished_at=now, status="failed",
                           reason="HTTP 503 from https://api.lever.co/v0/postings/globexlabs after 3 retries")
    return ok, failing


@pytest.fixture
def exported(tmp_path, settings):
    settings.EXPORT_DIR = tmp_path / "site"
    call_command("load_demo_content", verbosity=0)
    return export_site(trigger="test")


def test_two_sources_with_one_name_are_told_apart_by_kind_and_board(sources):
    ok, failing = sources
    assert str(ok) == "Globex Labs (Greenhouse: globex)"
    assert str(failing) == "Globex Labs (Lever: globexlabs)"
    assert str(JobSource(name="Acme", kind="jsonld", board="https://acme.example/careers/")) == (
        "Acme (JSON-LD page: acme.example/careers)"
    )


def test_the_dashboard_shows_failing_sources_the_last_export_and_the_index(editor_client, sources, exported,
                                                                          search_engine_url):
    search_services.rebuild()
    response = editor_client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    # Job sources: the failing one with its reason and failures in a row; last success per source.
    failing = html.split("data-failing-sources", 1)[1].split("</ul>", 1)[0]
    assert "Lever: globexlabs" in failing and "Greenhouse: globex<" not in failing
    assert "3 in a row" in failing and "HTTP 503 from https://api.lever.co" in failing
    assert html.count("cc-status--failed") >= 2 and "cc-status--ok" in html
    # The last export: status, pages rendered and written, duration, release, and the action.
    run = ExportRun.objects.get()
    assert run.status == "ok" and run.rendered == exported.pages > 0 and run.written > 0
    assert run.release == exported.release
    panel = html.split("data-last-export", 1)[1].split("</dl>", 1)[0]
    assert f"{run.rendered} rendered of {run.pages}" in panel and f"{run.written} files written" in panel
    assert run.release in panel and f"{run.seconds:.2f} s" in panel
    assert 'action="/admin/export/now/"' in html and "Export now" in html
    # The search index: database against indexed, pending, and the action.
    index = html.split("data-search-index", 1)[1].split("</table>", 1)[0]
    for status in search_services.index_status():
        assert f"<td class=\"cc-num\">{status.database}</td>" in index
    assert 'action="/admin/search-index/update/"' in html and "Update index" in html


def test_the_dashboard_says_when_the_search_engine_is_unreachable(editor_client, settings):
    from search import engine

    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    engine.reset_client()
    try:
        html = editor_client.get("/admin/").content.decode()
    finally:
        engine.reset_client()
    assert "Engine unreachable" in html and "stays pending" in html


def test_a_failed_export_is_recorded_with_its_reason(tmp_path, settings, monkeypatch):
    from frontend_export import services

    settings.EXPORT_DIR = tmp_path / "site"

    def broken():
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "load_site_data", broken)
    with pytest.raises(services.ExportError):
        export_site(trigger="test")
    run = ExportRun.objects.get()
    assert run.status == "failed" and "database gone" in run.reason and run.finished_at


def test_actions_are_posts_with_csrf_and_say_what_they_did(editor, django_capture_on_commit_callbacks):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post("/admin/export/now/").status_code == 403  # no CSRF token
    assert strict.get("/admin/export/now/").status_code == 405
    client = Client()
    client.force_login(editor)
    cache.delete(PENDING_KEY)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post("/admin/export/now/")
    assert response.status_code == 302 and len(callbacks) == 1
    assert "An export is queued" in str(next(iter(get_messages(response.wsgi_request))))
    assert strict.post("/admin/search-index/update/").status_code == 403
    assert strict.get("/admin/search-index/update/").status_code == 405


def test_runs_table_shows_badges_by_meaning_and_keeps_names_whole(editor, sources, client):
    editor.is_superuser = True
    editor.save()
    client.force_login(editor)
    _, failing = sources
    SyncRun.objects.create(source=failing, started_at=timezone.now(), status="interrupted",
                           reason="the worker stopped; " + "x" * 200)
    html = client.get("/admin/jobs/runs/").content.decode()
    assert '<span class="cc-status cc-status--failed">Failed</span>' in html
    assert '<span class="cc-status cc-status--ok">OK</span>' in html
    assert '<span class="cc-status cc-status--interrupted">Interrupted</span>' in html
    assert ('<span class="cc-nowrap">Globex Labs</span><br>'
            '<span class="cc-muted cc-board">Lever: globexlabs</span>') in html
    assert f'href="/admin/jobs/runs/inspect/{failing.runs.first().pk}/"' in html
    assert "full reason</a>" in html
    run = SyncRun.objects.get(status="interrupted")
    page = client.get(f"/admin/jobs/runs/inspect/{run.pk}/").content.decode()
    assert run.reason in page  # the full reason, not cut
    assert '<span class="cc-status cc-status--interrupted">Interrupted</span>' in page


def test_menu_labels_tell_the_two_kinds_of_sources_apart(editor, client):
    editor.is_superuser = True
    editor.save()
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "Citation sources" in html and "Job sources" in html
    assert '"label": "Sources"' not in html and '"label":"Sources"' not in html
