"""Export the public site: plan, render, write, publish.

`export_site()` reads everything in one pass (`data.load_site_data`), plans
every page with the keys of what it is built from (`pages.SitePlanner`),
renders only pages whose inputs changed since the live release (or all with
`full=True`), writes only files whose bytes changed, removes pages that left
the plan (closed jobs, unpublished pages), regenerates the sitemap, and
publishes the result in one atomic step (`storage`). Exports never run two at
once (a named lock); `request_export()` coalesces bursts of changes into one
export task after the transaction commits, without delaying a lone change.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from config import public_urls
from config.locks import LockNotAcquired, hold
from frontend_export.data import load_site_data
from frontend_export.manifest import FileEntry, Manifest, content_hash
from frontend_export.pages import PlannedPage, SitePlanner, relpath_to_url
from frontend_export.render import RenderError, render_pages
from frontend_export.storage import ExportStorage, Release, get_storage

logger = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "static" / "frontend_export"
TEMPLATE_DIR = PACKAGE_DIR / "templates" / "frontend_export"
# The content blocks render themselves into every content page: their code and templates shape pages too.
CMS_DIR = PACKAGE_DIR.parent / "cms"
BLOCK_SOURCES = (CMS_DIR / "blocks.py", CMS_DIR / "streams.py", PACKAGE_DIR.parent / "config" / "safe_html.py")
BLOCK_TEMPLATE_DIR = CMS_DIR / "templates" / "cms" / "blocks"
LOCK_NAME = "frontend-export"
LOCK_TIMEOUT = 1800
PENDING_KEY = "frontend_export:pending"
PENDING_TIMEOUT = 300

Progress = Callable[[int, int], None]


class ExportError(Exception):
    """The export failed; the live site is untouched. str(e) is the one-line reason."""


class ExportBusy(ExportError):
    """Another export is running."""


@dataclass
class ExportReport:
    """What one export did. Lists hold site URLs (`/careers/`, `/sitemap.xml`)."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    full: bool = False
    pages: int = 0
    files: int = 0
    queries: int = 0
    seconds: float = 0.0
    storage: str = ""
    release: str | None = None

    @property
    def published(self) -> bool:
        return bool(self.written or self.removed)

    def summary(self) -> dict:
        return {
            "written": len(self.written),
            "unchanged": len(self.unchanged),
            "removed": len(self.removed),
            "rendered": len(self.rendered),
            "pages": self.pages,
            "files": self.files,
            "queries": self.queries,
            "seconds": round(self.seconds, 3),
            "full": self.full,
            "storage": self.storage,
            "release": self.release,
        }

    def as_dict(self) -> dict:
        return asdict(self)


def _digest(*parts: str) -> str:
    # One string, one encode, one update: this runs for every page of every export.
    return hashlib.blake2b(("\0".join(parts) + "\0").encode(), digest_size=16).hexdigest()


def load_assets() -> dict[str, tuple[str, bytes]]:
    """The stylesheet and the scripts (search, suggestions, job filters) under content-hashed names (cache forever)."""
    assets = {}
    for key, name in (("css", "site.css"), ("js", "search.js"), ("jobs_js", "jobs.js"), ("combobox", "combobox.js"),
                      ("icon", "favicon.svg")):
        data = (STATIC_DIR / name).read_bytes()
        stem, ext = name.rsplit(".", 1)
        assets[key] = (f"/assets/{stem}.{content_hash(data)[:12]}.{ext}", data)
    return assets


def site_version(assets: dict[str, tuple[str, bytes]], *, generated: bool = False) -> str:
    """Changes whenever anything that shapes every page changes: templates, the
    export code, the assets' names, the settings that appear in pages, or the
    footer's note that the listings are generated."""
    parts: list[str | bytes] = [settings.SITE_URL, settings.SEARCH_API_URL or "", settings.WAGTAIL_SITE_NAME]
    parts.append("generated" if generated else "")
    sources = sorted(TEMPLATE_DIR.rglob("*.html")) + sorted(BLOCK_TEMPLATE_DIR.glob("*.html"))
    sources += sorted(PACKAGE_DIR.glob("*.py")) + list(BLOCK_SOURCES)
    for path in sources:
        parts += [path.name, path.read_bytes()]
    parts += [url for url, _ in assets.values()]
    data = b"\0".join(part if isinstance(part, bytes) else part.encode() for part in parts)
    return hashlib.blake2b(data + b"\0", digest_size=16).hexdigest()


def robots_txt() -> bytes:
    return (
        f"User-agent: *\nAllow: /\nDisallow: /404.html\n\nSitemap: {public_urls.absolute('/sitemap.xml')}\n"
    ).encode()


def sitemap_xml(manifest: Manifest) -> bytes:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for relpath, entry in sorted(manifest.files.items()):
        if entry.sitemap:
            loc = xml_escape(public_urls.absolute(relpath_to_url(relpath)))
            lines.append(f"<url><loc>{loc}</loc><lastmod>{entry.lastmod}</lastmod></url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode()


class _QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class _Writer:
    """Records every file of the new site in the manifest and the report; opens a
    release only when something needs writing or removing, and publishes it only
    if something did change."""

    def __init__(self, storage: ExportStorage, previous: Manifest, report: ExportReport, now: str):
        self.storage = storage
        self.previous = previous
        self.report = report
        self.now = now
        self.release: Release | None = None
        self.manifest = Manifest(built_at=now)

    def open_release(self) -> Release:
        if self.release is None:
            self.release = self.storage.begin(self.previous)
        return self.release

    def record(self, relpath: str, digest: str, changed: bool, *, signature: str, deps: list[str],
               sitemap: bool) -> None:
        """A file rendered (and, if `changed`, already written to the release)."""
        old = self.previous.files.get(relpath)
        url = relpath_to_url(relpath)
        if changed or old is None:
            self.report.written.append(url)
            lastmod = self.now
        else:
            self.report.unchanged.append(url)
            lastmod = old.lastmod
        self.manifest.files[relpath] = FileEntry(
            sha256=digest, signature=signature, lastmod=lastmod, deps=deps, sitemap=sitemap
        )

    def put(self, relpath: str, data: bytes, *, signature: str, deps: list[str], sitemap: bool) -> None:
        digest = content_hash(data)
        old = self.previous.files.get(relpath)
        changed = old is None or old.sha256 != digest
        if changed:
            self.open_release().write(relpath, data)
        self.record(relpath, digest, changed, signature=signature, deps=deps, sitemap=sitemap)

    def keep(self, relpath: str, entry: FileEntry) -> None:
        self.report.unchanged.append(relpath_to_url(relpath))
        self.manifest.files[relpath] = entry

    def remove_missing(self) -> None:
        for relpath in sorted(set(self.previous.files) - set(self.manifest.files)):
            self.open_release().remove(relpath)
            self.report.removed.append(relpath_to_url(relpath))

    def abort(self) -> None:
        if self.release is not None:
            self.release.abort()
            self.release = None

    def commit(self) -> None:
        if self.release is not None and (self.report.written or self.report.removed):
            self.release.commit(self.manifest)
            self.report.release = self.manifest.release
            return
        # Nothing to publish (pages rendered to the same bytes): keep the live release,
        # but record the new signatures so that the next run can skip these pages.
        self.abort()
        if any(self.previous.files[p].signature != e.signature for p, e in self.manifest.files.items()):
            self.manifest.release = self.previous.release
            self.storage.save_manifest(self.manifest)


def export_site(
    *, full: bool = False, progress: Progress | None = None, wait: bool = False, trigger: str = ""
) -> ExportReport:
    """Export the site; return what was written, left unchanged and removed.

    Raises ExportBusy if another export holds the lock (unless `wait`), and
    ExportError if a page fails to render; in both cases the live site is untouched.
    Each export that gets the lock leaves an `ExportRun` record (the dashboard shows the last).
    """
    try:
        with hold(LOCK_NAME, timeout=LOCK_TIMEOUT, blocking=wait):
            run = _run_started(full=full, trigger=trigger)
            counter = _QueryCounter()
            # The export builds hundreds of thousands of small objects that live until it
            # ends and form no reference cycles worth collecting; the cyclic collector,
            # which would walk them all again and again, costs a third of an incremental run.
            gc_was_enabled = gc.isenabled()
            gc.disable()
            try:
                with connection.execute_wrapper(counter):
                    report = _export(full=full, progress=progress)
            except BaseException as exc:
                _run_finished(run, reason=str(exc) or type(exc).__name__)
                raise
            finally:
                if gc_was_enabled:
                    gc.enable()
            report.queries = counter.count
            _run_finished(run, report=report)
            logger.info("export: %s", report.summary())
            return report
    except LockNotAcquired:
        raise ExportBusy("another export is running") from None


# Export records older than the newest RUNS_KEPT are deleted as new ones finish.
RUNS_KEPT = 200


def _run_started(*, full: bool, trigger: str):
    from frontend_export.models import ExportRun

    # An export that held the lock ended without finishing its record: its worker died.
    ExportRun.objects.filter(status=ExportRun.Status.RUNNING).update(
        status=ExportRun.Status.INTERRUPTED, reason="the export stopped before it finished (worker lost)"
    )
    return ExportRun.objects.create(started_at=datetime.now(UTC), full=full, trigger=trigger[:300])


def _run_finished(run, *, report: ExportReport | None = None, reason: str = "") -> None:
    from frontend_export.models import ExportRun

    run.finished_at = datetime.now(UTC)
    if report is None:
        run.status, run.reason = ExportRun.Status.FAILED, reason
    else:
        run.status = ExportRun.Status.OK
        run.full = report.full
        run.pages, run.rendered = report.pages, len(report.rendered)
        run.written, run.removed = len(report.written), len(report.removed)
        run.seconds, run.release = round(report.seconds, 3), report.release or ""
    try:
        run.save()
        stale = ExportRun.objects.order_by("-started_at", "-id").values_list("pk", flat=True)[RUNS_KEPT:]
        ExportRun.objects.filter(pk__in=list(stale)).delete()
    except Exception:
        # The record is for the dashboard; it never fails an export that published.
        logger.exception("could not record the export run")


def _export(*, full: bool, progress: Progress | None) -> ExportReport:
    started = time.perf_counter()
    storage = get_storage()
    report = ExportReport(full=full, storage=storage.description)
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    try:
        previous = storage.load_manifest()
        data = load_site_data()
    except Exception as exc:
        raise ExportError(f"reading the site's content failed: {type(exc).__name__}: {exc}") from exc
    if not previous.files:
        report.full = full = True

    assets = load_assets()
    version = site_version(assets, generated=data.generated)
    planner = SitePlanner(data, assets={key: url for key, (url, _) in assets.items()})
    planned = planner.plan()
    fingerprints = data.fingerprints
    writer = _Writer(storage, previous, report, now)
    report.pages = len(planned)
    total = len(planned) + len(assets) + 2
    try:
        for url, content in assets.values():
            writer.put(url.lstrip("/"), content, signature=content_hash(content), deps=[], sitemap=False)
        writer.put("robots.txt", robots_txt(), signature=version, deps=[], sitemap=False)
        dirty: list[tuple[PlannedPage, str]] = []
        for page in planned:
            signature = _digest(
                version, page.url, page.template, *(f"{dep}={fingerprints.get(dep, '-')}" for dep in page.deps)
            )
            old = previous.files.get(page.relpath)
            if not full and old is not None and old.signature == signature:
                writer.keep(page.relpath, old)
            else:
                dirty.append((page, signature))
        if dirty:
            # Database reads happen here, before rendering (which may fork).
            planner.prefetch([page for page, _ in dirty])
            kept = len(planned) - len(dirty)
            results = render_pages(
                [page for page, _ in dirty],
                previous=previous,
                release=writer.open_release(),
                progress=(lambda n: progress(min(kept + n, total), total)) if progress else None,
            )
            for (page, signature), (digest, changed) in zip(dirty, results, strict=True):
                report.rendered.append(page.url)
                writer.record(page.relpath, digest, changed, signature=signature, deps=page.deps,
                              sitemap=page.sitemap)
        sitemap = sitemap_xml(writer.manifest)
        writer.put("sitemap.xml", sitemap, signature=content_hash(sitemap), deps=[], sitemap=False)
        writer.remove_missing()
        writer.commit()
    except RenderError as exc:
        writer.abort()
        raise ExportError(str(exc)) from exc
    except Exception as exc:
        writer.abort()
        raise ExportError(f"export failed: {type(exc).__name__}: {exc}") from exc
    if progress is not None:
        progress(total, total)
    report.files = len(writer.manifest.files)
    report.seconds = time.perf_counter() - started
    return report


def request_export(
    *, reason: str, page_ids: list[int] | None = None, path_slugs: list[str] | None = None
) -> None:
    """Ask for an export after the current transaction commits.

    The export task is enqueued at once. A burst of requests (a sync touching
    every path, an editor publishing a few pages) becomes one export task: while
    a task waits in the queue, later requests join it; once it starts, the next
    request enqueues a new one, which retries each second while the running export
    holds the lock and then picks up everything committed meanwhile. The planner finds what changed
    by comparing fingerprints, so `page_ids` and `path_slugs` are only recorded
    for the log: a missed hint can never leave a stale page. Never raises: if the
    broker is down, the nightly full export catches up.
    """

    def enqueue() -> None:
        from frontend_export.tasks import export_site_task

        detail = f"{reason} pages={page_ids or []} paths={path_slugs or []}"
        try:
            if not cache.add(PENDING_KEY, detail, timeout=PENDING_TIMEOUT):
                logger.info("export already pending; coalesced: %s", detail)
                return
            # No countdown: a fixed coalescing window (it was 3 s) cost every lone publish its
            # length, 3 of the 3.4 s measured from publish to live (bench/publish_latency.py).
            export_site_task.apply_async(kwargs={"reason": detail})
            logger.info("export requested: %s", detail)
        except Exception:
            logger.exception("could not enqueue the export (%s); the next export will catch up", detail)
            try:
                cache.delete(PENDING_KEY)
            except Exception:
                logger.warning("could not clear the pending export flag")

    transaction.on_commit(enqueue)


def clear_pending_request() -> None:
    """Called when an export task starts: later requests must schedule a new export."""
    cache.delete(PENDING_KEY)
