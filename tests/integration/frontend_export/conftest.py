"""Fixtures for the export's integration tests: the demo content, the bundled
job feeds served over local HTTP and synced through the real connectors, and an
export folder of the test's own."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from django.core.management import call_command
from werkzeug import Response

ROOT = Path(__file__).resolve().parents[3]
FEEDS = ROOT / "jobs" / "demo_feeds"


@pytest.fixture
def export_dir(settings, tmp_path) -> Path:
    settings.EXPORT_DIR = tmp_path / "site"
    return settings.EXPORT_DIR


@pytest.fixture
def demo_content(db):
    call_command("load_demo_content", verbosity=0)


def _lever_handler(postings: list):
    def handler(request):
        query = parse_qs(request.query_string.decode())
        skip = int(query.get("skip", ["0"])[0])
        limit = int(query.get("limit", [str(len(postings) or 1)])[0])
        return Response(json.dumps(postings[skip: skip + limit]), content_type="application/json")

    return handler


class FeedBoard:
    """The bundled feeds on a local HTTP server; `greenhouse` can be replaced per test."""

    def __init__(self, httpserver):
        self.server = httpserver
        self.greenhouse = json.loads((FEEDS / "greenhouse_jobs.json").read_text())
        httpserver.expect_request("/v1/boards/acme/jobs").respond_with_handler(
            lambda request: Response(json.dumps(self.greenhouse), content_type="application/json"))
        httpserver.expect_request("/v0/postings/globex").respond_with_handler(
            _lever_handler(json.loads((FEEDS / "lever_postings.json").read_text())))
        httpserver.expect_request("/posting-api/job-board/initech").respond_with_data(
            (FEEDS / "ashby_job_board.json").read_bytes(), content_type="application/json")
        httpserver.expect_request("/careers/jobs.html").respond_with_data(
            (FEEDS / "jobposting_jsonld.html").read_bytes(), content_type="text/html")
        self.base_url = httpserver.url_for("").rstrip("/")

    def sources(self):
        from jobs.models import JobSource

        specs = [("Acme AI", "acme-ai", "greenhouse", "acme", self.base_url),
                 ("Globex Labs", "globex-labs", "lever", "globex", self.base_url),
                 ("Initech AI", "initech-ai", "ashby", "initech", self.base_url),
                 ("Acme AI careers page", "acme-ai-careers", "jsonld", f"{self.base_url}/careers/jobs.html", "")]
        return [JobSource.objects.get_or_create(slug=slug, defaults={"name": name, "kind": kind, "board": board,
                                                                     "base_url": base})[0]
                for name, slug, kind, board, base in specs]

    def sync(self, slug: str | None = None) -> None:
        from jobs.models import JobSource
        from jobs.services import source_sync

        for source in JobSource.objects.filter(**({"slug": slug} if slug else {})):
            run = source_sync(source_id=source.id)
            assert run.status in ("ok", "partial"), (source.slug, run.reason)


@pytest.fixture
def feeds(httpserver) -> FeedBoard:
    return FeedBoard(httpserver)


@pytest.fixture
def demo_site(demo_content, feeds, export_dir):
    """The demo pipeline: demo content, the bundled feeds synced, then a full export."""
    from frontend_export.services import export_site

    feeds.sources()
    feeds.sync()
    report = export_site(full=True)
    return report
