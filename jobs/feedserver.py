"""A local HTTP server that serves job feeds at the real API paths.

Used by the demo and the tests so the connectors fetch over HTTP exactly as
they would from the job boards:

- Greenhouse `/v1/boards/<token>/jobs`, and one job at `/v1/boards/<token>/jobs/<id>`
- Lever `/v0/postings/<site>` (honours `skip` and `limit`)
- Ashby `/posting-api/job-board/<board>`
- Workable `/api/v1/widget/accounts/<account>`
- SmartRecruiters `/v1/companies/<company>/postings` (honours `offset` and
  `limit`) and `/v1/companies/<company>/postings/<id>`
- Recruitee `/<company>/api/offers/` and Personio `/<company>/xml` (the
  company, in the host of the real API, is the first path segment)
- JSON-LD pages at their own paths (`/careers/jobs.html`)

By default it serves the bundled files in `jobs/demo_feeds/`; `feeds`,
`details` and `pages` add or replace entries (the sync benchmark serves a
generated feed). A details file is one JSON object keyed by job id; an id it
lacks answers 404.
"""

from __future__ import annotations

import argparse
import json
import re
import threading
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

DEMO_FEEDS_DIR = Path(__file__).resolve().parent / "demo_feeds"

# (kind, board) -> file in DEMO_FEEDS_DIR; keep in step with demo_feeds/sources.yaml.
DEMO_FEEDS: dict[tuple[str, str], str] = {
    ("greenhouse", "acme"): "greenhouse_jobs.json",
    ("greenhouse", "acme-broken"): "greenhouse_malformed.json",
    ("greenhouse", "hooli"): "greenhouse_pay_board.json",
    ("lever", "globex"): "lever_postings.json",
    ("lever", "globex-edge"): "lever_edge.json",
    ("ashby", "initech"): "ashby_job_board.json",
    ("ashby", "initech-empty"): "ashby_empty.json",
    ("workable", "hooli"): "workable_jobs.json",
    ("workable", "hooli-legacy"): "workable_empty.json",
    ("smartrecruiters", "SoylentCorp"): "smartrecruiters_postings.json",
    ("recruitee", "vandelaydata"): "recruitee_offers.json",
    ("recruitee", "vandelaydata-empty"): "recruitee_empty.json",
    ("personio", "piedpiper"): "personio_positions.xml",
    ("personio", "piedpiper-empty"): "personio_empty.xml",
}
# (kind, board) -> file of per-job details, keyed by job id.
DEMO_DETAILS: dict[tuple[str, str], str] = {
    ("greenhouse", "hooli"): "greenhouse_job_pay.json",
    ("smartrecruiters", "SoylentCorp"): "smartrecruiters_posting_details.json",
}
DEMO_PAGES: dict[str, str] = {"/careers/jobs.html": "jobposting_jsonld.html"}

_ROUTES = (
    (re.compile(r"^/v1/boards/([^/]+)/jobs/?$"), "greenhouse"),
    (re.compile(r"^/v0/postings/([^/]+)/?$"), "lever"),
    (re.compile(r"^/posting-api/job-board/([^/]+)/?$"), "ashby"),
    (re.compile(r"^/api/v1/widget/accounts/([^/]+)/?$"), "workable"),
    (re.compile(r"^/v1/companies/([^/]+)/postings/?$"), "smartrecruiters"),
    (re.compile(r"^/([^/]+)/api/offers/?$"), "recruitee"),
    (re.compile(r"^/([^/]+)/xml/?$"), "personio"),
)
_DETAIL_ROUTES = (
    (re.compile(r"^/v1/boards/([^/]+)/jobs/([^/]+)/?$"), "greenhouse"),
    (re.compile(r"^/v1/companies/([^/]+)/postings/([^/]+)/?$"), "smartrecruiters"),
)
# What each real API answers for an unknown board.
_NOT_FOUND = {
    "greenhouse": {"status": 404, "error": "Job not found"},
    "lever": {"ok": False, "error": "Document not found"},
    "ashby": {"success": False, "errors": ["Job board not found"]},
    "workable": {"error": "Not found"},
    "recruitee": {"error": "Not Found"},
}
# SmartRecruiters answers an unknown company like one without openings.
_EMPTY_POSTINGS = {"offset": 0, "limit": 100, "totalFound": 0, "content": []}


class _FeedStore:
    def __init__(
        self,
        feeds: Mapping[tuple[str, str], Path],
        pages: Mapping[str, Path],
        details: Mapping[tuple[str, str], Path] | None = None,
    ) -> None:
        self.feeds = dict(feeds)
        self.pages = dict(pages)
        self.details = dict(details or {})
        self._lever_cache: dict[Path, tuple[float, list | None]] = {}
        self._json_cache: dict[Path, tuple[float, object]] = {}
        self._lock = threading.Lock()

    def parsed(self, path: Path) -> object:
        """The decoded JSON of a file (cached per file version), or None if it is not valid JSON."""
        mtime = path.stat().st_mtime
        with self._lock:
            cached = self._json_cache.get(path)
            if cached and cached[0] == mtime:
                return cached[1]
        try:
            data = json.loads(path.read_bytes())
        except ValueError:
            data = None
        with self._lock:
            self._json_cache[path] = (mtime, data)
        return data

    def lever_postings(self, path: Path) -> list | None:
        """The parsed postings list (cached per file version), or None if the file is not a JSON list."""
        mtime = path.stat().st_mtime
        with self._lock:
            cached = self._lever_cache.get(path)
            if cached and cached[0] == mtime:
                return cached[1]
        try:
            data = json.loads(path.read_bytes())
        except ValueError:
            data = None
        postings = data if isinstance(data, list) else None
        with self._lock:
            self._lever_cache[path] = (mtime, postings)
        return postings


def _make_handler(store: _FeedStore) -> type[BaseHTTPRequestHandler]:
    class FeedHandler(BaseHTTPRequestHandler):
        server_version = "careershub-feeds/1.0"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args) -> None:
            return  # quiet: the demo and tests print their own progress

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _json(self, status: int, data) -> None:
            self._send(status, json.dumps(data).encode(), "application/json; charset=utf-8")

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            path = unquote(parts.path)
            query = parse_qs(parts.query)
            if path in store.pages:
                self._send(200, store.pages[path].read_bytes(), "text/html; charset=utf-8")
                return
            for pattern, kind in _DETAIL_ROUTES:
                match = pattern.match(path)
                if match:
                    self._detail(kind, match.group(1), match.group(2))
                    return
            for pattern, kind in _ROUTES:
                match = pattern.match(path)
                if not match:
                    continue
                file = store.feeds.get((kind, match.group(1)))
                if file is None and kind == "smartrecruiters":
                    self._json(200, _EMPTY_POSTINGS)
                elif file is None and kind == "personio":
                    self._send(404, b"<html><body><h1>Page not found</h1></body></html>", "text/html; charset=utf-8")
                elif file is None:
                    self._json(404, _NOT_FOUND[kind])
                elif kind == "lever":
                    self._lever(file, query)
                elif kind == "smartrecruiters":
                    self._smartrecruiters(file, query)
                elif kind == "personio":
                    self._send(200, file.read_bytes(), "application/xml; charset=utf-8")
                else:
                    # Served byte for byte: a truncated file stays truncated.
                    self._send(200, file.read_bytes(), "application/json; charset=utf-8")
                return
            self._json(404, {"error": f"nothing served at {path}"})

        def _detail(self, kind: str, board: str, job_id: str) -> None:
            file = store.details.get((kind, board))
            data = store.parsed(file) if file is not None else None
            detail = data.get(job_id) if isinstance(data, dict) else None
            if detail is None:
                self._json(404, {"message": f"Job {job_id} not found", "error": "Not found"})
            else:
                self._json(200, detail)

        def _smartrecruiters(self, file: Path, query: dict[str, list[str]]) -> None:
            data = store.parsed(file)
            if not isinstance(data, dict) or not isinstance(data.get("content"), list):
                self._send(200, file.read_bytes(), "application/json; charset=utf-8")
                return
            try:
                offset = max(0, int(query.get("offset", ["0"])[0]))
                limit = min(100, max(1, int(query.get("limit", ["10"])[0])))
            except ValueError:
                self._json(400, {"message": "offset and limit must be integers"})
                return
            content = data["content"]
            page = {"offset": offset, "limit": limit, "totalFound": len(content)}
            self._json(200, {**page, "content": content[offset : offset + limit]})

        def _lever(self, file: Path, query: dict[str, list[str]]) -> None:
            postings = store.lever_postings(file)
            if postings is None:
                self._send(200, file.read_bytes(), "application/json; charset=utf-8")
                return
            try:
                skip = max(0, int(query.get("skip", ["0"])[0]))
                limit = int(query["limit"][0]) if "limit" in query else None
            except ValueError:
                self._json(400, {"ok": False, "error": "skip and limit must be integers"})
                return
            page = postings[skip:] if limit is None else postings[skip : skip + max(0, limit)]
            self._json(200, page)

    return FeedHandler


def start_feed_server(
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    feeds: Mapping[tuple[str, str], str | Path] | None = None,
    pages: Mapping[str, str | Path] | None = None,
    details: Mapping[tuple[str, str], str | Path] | None = None,
) -> tuple[str, Callable[[], None]]:
    """Serve the bundled feeds (plus `feeds`/`details`/`pages`) in a background thread.

    Returns the base URL (e.g. "http://127.0.0.1:49152") and a function that
    stops the server. `feeds` maps (kind, board) to a file; `details` maps
    (kind, board) to a JSON object of per-job details keyed by id; `pages`
    maps a path to an HTML file; relative file names resolve in
    `jobs/demo_feeds/`.
    """
    all_feeds = {key: DEMO_FEEDS_DIR / name for key, name in DEMO_FEEDS.items()}
    all_feeds.update({key: DEMO_FEEDS_DIR / Path(value) for key, value in (feeds or {}).items()})
    all_details = {key: DEMO_FEEDS_DIR / name for key, name in DEMO_DETAILS.items()}
    all_details.update({key: DEMO_FEEDS_DIR / Path(value) for key, value in (details or {}).items()})
    all_pages = {path: DEMO_FEEDS_DIR / name for path, name in DEMO_PAGES.items()}
    all_pages.update({path: DEMO_FEEDS_DIR / Path(value) for path, value in (pages or {}).items()})
    server = ThreadingHTTPServer((host, port), _make_handler(_FeedStore(all_feeds, all_pages, all_details)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="feed-server", daemon=True)
    thread.start()
    bound_host, bound_port = server.server_address[:2]
    display_host = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
    stopped = threading.Event()

    def stop() -> None:
        if stopped.is_set():
            return
        stopped.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    return f"http://{display_host}:{bound_port}", stop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the bundled demo job feeds at the real API paths.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    args = parser.parse_args(argv)
    base_url, stop = start_feed_server(args.host, args.port)
    print(f"serving demo job feeds at {base_url} (Ctrl-C to stop)")
    for (kind, board), name in DEMO_FEEDS.items():
        print(f"  {kind:<16} {board:<20} {name}")
    for path, name in DEMO_PAGES.items():
        print(f"  {'jsonld':<10} {base_url}{path}  {name}")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
