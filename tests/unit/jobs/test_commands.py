"""`load_job_sources` and `sync_jobs` argument handling (no network)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jobs.models import JobSource

pytestmark = pytest.mark.django_db

YAML = """
sources:
  - name: Acme AI
    slug: acme-ai
    kind: greenhouse
    board: acme
    base_url: "{base_url}"
    sync_interval: 2h
  - name: Acme careers page
    slug: acme-careers
    kind: jsonld
    board: "{base_url}/careers/jobs.html"
    enabled: false
    sync_interval: 30
"""


def load(path, *args) -> str:
    out = StringIO()
    call_command("load_job_sources", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def sources_file(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(YAML)
    return path


def test_sources_load_with_the_base_url_filled_in(sources_file):
    assert "2 created" in load(sources_file, "--base-url", "http://127.0.0.1:8001/")
    acme = JobSource.objects.get(slug="acme-ai")
    assert (acme.kind, acme.board, acme.base_url, acme.enabled) == ("greenhouse", "acme", "http://127.0.0.1:8001", True)
    assert acme.sync_interval == timedelta(hours=2)
    page = JobSource.objects.get(slug="acme-careers")
    assert page.board == "http://127.0.0.1:8001/careers/jobs.html"
    assert page.enabled is False and page.sync_interval == timedelta(minutes=30)


def test_loading_twice_changes_nothing(sources_file):
    load(sources_file, "--base-url", "http://127.0.0.1:8001")
    before = list(JobSource.objects.order_by("pk").values())
    assert "0 created, 0 updated, 2 unchanged" in load(sources_file, "--base-url", "http://127.0.0.1:8001")
    assert list(JobSource.objects.order_by("pk").values()) == before


def test_a_changed_file_updates_by_slug(sources_file):
    load(sources_file, "--base-url", "http://127.0.0.1:8001")
    assert "0 created, 2 updated" in load(sources_file, "--base-url", "http://127.0.0.1:9000")
    assert JobSource.objects.get(slug="acme-ai").base_url == "http://127.0.0.1:9000"
    assert JobSource.objects.count() == 2


def test_json_files_load_too(tmp_path):
    path = tmp_path / "sources.json"
    path.write_text(json.dumps([{"name": "Globex", "slug": "globex", "kind": "lever", "board": "globex"}]))
    load(path)
    assert JobSource.objects.get(slug="globex").base_url == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (YAML, "pass --base-url"),
        ("sources: [{name: X, slug: x, kind: workday, board: b}]", "kind must be one of"),
        ("sources: [{name: X, kind: lever, board: b}]", "missing slug"),
        ("sources: [{name: X, slug: x, kind: lever, board: b, colour: red}]", "unknown field"),
        ("sources: [{name: X, slug: x, kind: lever, board: b, sync_interval: often}]", "sync_interval"),
        ("sources: [{name: X, slug: x, kind: lever, board: b, base_url: 'ftp://x'}]", "base_url"),
        ("sources: [{name: X, slug: x, kind: lever, board: b, options: {pay_transparency: true}}]", "unknown option"),
        ("sources: [{name: X, slug: x, kind: greenhouse, board: b, options: {pay_transparency: 'yes'}}]", "bool"),
        ("sources: {oops", "not valid YAML"),
        ("just text", "expected a list of sources"),
    ],
)
def test_bad_files_fail_with_one_line_and_load_nothing(tmp_path, content, message):
    path = tmp_path / "sources.yaml"
    path.write_text(content)
    with pytest.raises(CommandError) as error:
        load(path)
    assert message in str(error.value) and "\n" not in str(error.value)
    assert not JobSource.objects.exists()


def test_the_new_kinds_and_source_options_load(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(
        "sources:\n"
        "  - {name: Hooli, slug: hooli, kind: greenhouse, board: hooli, options: {pay_transparency: true}}\n"
        "  - {name: Hooli, slug: hooli-w, kind: workable, board: hooli}\n"
        "  - {name: Soylent, slug: soylent, kind: smartrecruiters, board: SoylentCorp}\n"
        "  - {name: Vandelay, slug: vandelay, kind: recruitee, board: vandelaydata}\n"
        "  - {name: Pied Piper, slug: piedpiper, kind: personio, board: piedpiper}\n"
    )
    assert "5 created" in load(path)
    assert JobSource.objects.get(slug="hooli").options == {"pay_transparency": True}
    assert JobSource.objects.get(slug="piedpiper").options == {}
    assert "0 created, 0 updated, 5 unchanged" in load(path)


def test_the_demo_sources_file_loads():
    from jobs.feedserver import DEMO_FEEDS_DIR

    load(DEMO_FEEDS_DIR / "sources.yaml", "--base-url", "http://127.0.0.1:8001")
    assert set(JobSource.objects.values_list("kind", flat=True)) == set(JobSource.Kind.values)


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        load(tmp_path / "nope.yaml")


def test_sync_jobs_needs_sources():
    with pytest.raises(CommandError, match="no enabled job sources"):
        call_command("sync_jobs", stdout=StringIO())
    with pytest.raises(CommandError, match="no job source with slug 'nope'"):
        call_command("sync_jobs", "--source", "nope", stdout=StringIO())


@pytest.mark.parametrize("command", ["sync_jobs", "load_job_sources"])
def test_commands_have_help(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command(command, "--help")
    assert exit_.value.code == 0
    assert "usage:" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--day", "yesterday"], "--day"),
        (["--day", "2999-01-01"], "future"),
        (["--days", "0"], "--days"),
    ],
)
def test_market_snapshot_rejects_bad_days(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("market_snapshot", *args, stdout=StringIO())


def test_market_snapshot_writes_the_days_asked_for():
    out = StringIO()
    call_command("market_snapshot", "--day", "2026-11-01", "--days", "3", stdout=out)
    assert "for 3 day(s) ending 2026-11-01" in out.getvalue()


def test_count_skills_reports_what_it_stored():
    out = StringIO()
    call_command("count_skills", stdout=out)
    assert "stored 0 skill mentions" in out.getvalue()


def test_count_skills_without_a_vocabulary_fails_with_a_reason():
    from jobs.models import Skill

    Skill.objects.all().delete()
    with pytest.raises(CommandError, match="vocabulary is empty"):
        call_command("count_skills", stdout=StringIO())


def test_market_snapshot_skips_the_days_before_the_first_sync():
    from datetime import datetime

    from django.utils import timezone

    from jobs.models import MarketSnapshot, SyncRun

    source = JobSource.objects.create(name="Acme", slug="acme", kind="greenhouse", board="acme")
    SyncRun.objects.create(source=source, started_at=timezone.make_aware(datetime(2026, 10, 30, 12)))
    out = StringIO()
    call_command("market_snapshot", "--day", "2026-11-01", "--days", "5", stdout=out)
    assert "for 3 day(s) ending 2026-11-01 (2 day(s) before the first sync skipped)" in out.getvalue()
    assert min(MarketSnapshot.objects.values_list("date", flat=True), default=None) in (None, date(2026, 10, 30))
