"""Reading an exported site the way a crawler would, and the bundled feeds on a local HTTP server."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from werkzeug import Response

ROOT = Path(__file__).resolve().parents[3]
FEEDS = ROOT / "jobs" / "demo_feeds"


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.jsonld: list[str] = []
        self._in_jsonld = False
        self.attributes: list[tuple[str, str, str | None]] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        for name, value in attrs:
            self.attributes.append((tag, name, value))
            if name in ("href", "src", "action") and value:
                self.links.append(value)
        self._in_jsonld = tag == "script" and dict(attrs).get("type") == "application/ld+json"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_jsonld = False

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(data)


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text())
    return parser


def html_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.html"))


def url_of(root: Path, path: Path) -> str:
    rel = path.relative_to(root).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def resolve(root: Path, url: str) -> Path | None:
    """The exported file a site-relative URL serves, or None."""
    path = urlsplit(url).path
    candidate = root / path.lstrip("/")
    if path.endswith("/"):
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def jsonld_blocks(path: Path) -> list[dict]:
    return [json.loads(block) for block in parse(path).jsonld]


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
