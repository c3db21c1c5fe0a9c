"""Writes to the search indices: rebuilds, incremental updates and catching up.

- `rebuild()` loads a new version of each index beside the live one
  (`elasticsearch.helpers.streaming_bulk`, in chunks bounded by bytes, failed
  items retried once and then reported),
  refreshes it, swaps the alias atomically and deletes the old version.
  While it loads, the `-next` alias points at the new version: incremental
  writes go to both versions and leave their items pending, and the rebuild
  replays what is pending after the swap, so nothing written meanwhile is lost.
- `listings_changed()` / `pages_changed()` are the hooks the jobs and cms parts
  call after they commit; they enqueue one task and never raise.
- What could not be indexed stays pending (`JobListing.search_pending`,
  `PendingPage`) until `update_pending()` (beat, `search_index update`)
  writes it. An index missing altogether (a fresh engine) is rebuilt.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from queue import Empty, Full, Queue

from django.db import transaction
from django.utils import timezone
from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError
from elasticsearch.helpers import streaming_bulk

from config.locks import LockNotAcquired, hold

from . import indices
from .documents import JobDocument, RoleDocument, path_terms
from .engine import get_client
from .indices import JOBS, ROLES, SynonymExpander
from .models import PendingPage, synonym_groups

logger = logging.getLogger(__name__)

# Bulk requests stay under a few megabytes whatever the size of descriptions.
# Up to BULK_QUEUE_CHUNKS chunks wait prepared while one is sent (see `_stream`).
CHUNK_DOCS = 500
CHUNK_BYTES = 4 * 1024 * 1024
BULK_QUEUE_CHUNKS = 2
# A bulk request of a few megabytes may take longer than a search on a busy engine.
BULK_TIMEOUT = 60
READ_CHUNK = 1000
REBUILD_LOCK = "search-rebuild"
REBUILD_LOCK_TIMEOUT = 1800

Progress = Callable[[str, int, int], None]
"""Called as progress(index name, done, total)."""

EngineErrors = (TransportError, ApiError)


class EngineUnavailable(Exception):
    """The search engine could not be reached or refused the request; str(e) is the reason."""


@dataclass
class IndexReport:
    indexed: int = 0
    deleted: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (document id, reason)

    def merge(self, other: IndexReport) -> IndexReport:
        self.indexed += other.indexed
        self.deleted += other.deleted
        self.failed += other.failed
        return self


@dataclass
class RebuildReport:
    name: str
    index: str
    old_index: str | None
    indexed: int
    failed: list[tuple[str, str]]
    replayed: int
    seconds: float


@dataclass
class IndexStatus:
    name: str
    alias: str
    live_index: str | None
    loading_index: str | None
    database: int
    indexed: int | None
    pending: int

    @property
    def drift(self) -> bool:
        return self.indexed != self.database or self.pending > 0


# Hooks for the other parts --------------------------------------------------------------------


def listings_changed(listing_ids: list[int]) -> None:
    """Changed and closed listings after a sync committed: one batch task. Never raises.

    The listings keep `search_pending` set (the jobs part sets it on every
    write) until the task has written them, so nothing is lost if the task
    or the engine fails.
    """
    ids = sorted({int(pk) for pk in listing_ids})
    if not ids:
        return

    def enqueue() -> None:
        try:
            from .tasks import index_listings_task

            index_listings_task.delay(ids)
        except Exception:
            logger.exception("could not enqueue indexing of %d listings; they stay pending", len(ids))

    transaction.on_commit(enqueue)


def pages_changed(page_ids: list[int]) -> None:
    """Pages published, unpublished, moved or deleted: mark them pending and enqueue a task. Never raises."""
    ids = sorted({int(pk) for pk in page_ids})
    if not ids:
        return
    try:
        _mark_pages_pending(ids)
    except Exception:
        logger.exception("could not record %d pages as pending for search", len(ids))

    def enqueue() -> None:
        try:
            from .tasks import index_pages_task

            index_pages_task.delay(ids)
        except Exception:
            logger.exception("could not enqueue indexing of pages %s; they stay pending", ids)

    transaction.on_commit(enqueue)


def request_rebuild(*, reason: str) -> None:
    """Enqueue a full rebuild (e.g. after the synonyms changed). Never raises."""
    try:
        from .tasks import rebuild_task

        # A short delay lets a burst of edits end in one rebuild.
        rebuild_task.apply_async(countdown=5)
        logger.info("search rebuild requested: %s", reason)
    except Exception:
        logger.exception("could not enqueue a search rebuild (%s)", reason)


def _mark_pages_pending(page_ids: list[int]) -> None:
    now = timezone.now()
    PendingPage.objects.bulk_create(
        [PendingPage(page_id=pk, requested_at=now) for pk in page_ids],
        update_conflicts=True,
        unique_fields=["page_id"],
        update_fields=["requested_at"],
    )


# What the database says should be indexed ------------------------------------------------------


def _open_listings():
    from jobs.selectors import open_canonical_listings

    return open_canonical_listings()


def _listing_rows():
    """Open canonical listings as the documents need them: the source joined, the
    path page not (a Wagtail page per row cost over a millisecond a listing; the
    documents take what they need of a path from `path_terms()`), and without the
    HTML description nobody indexes."""
    return _open_listings().select_related(None).select_related("source").defer("description_html")


def _role_pages() -> list:
    """Live career paths (hub order) then live comparisons, as specific pages."""
    from cms.selectors import comparison_pages, path_pages

    return [*path_pages().specific(), *comparison_pages()]


def _open_job_counts(slugs: list[str] | None = None) -> dict[str, int]:
    from jobs.selectors import path_job_stats

    return {slug: stats["open_jobs"] for slug, stats in path_job_stats(slugs).items()}


def _role_documents(pages: list, expander: SynonymExpander) -> Iterator[RoleDocument]:
    from cms.models import CareerPathPage

    counts = _open_job_counts([page.slug for page in pages if isinstance(page, CareerPathPage)])
    for order, page in enumerate(pages):
        yield RoleDocument.from_page(page, expander=expander, open_jobs=counts.get(page.slug, 0), order=order)


def _database_count(name: str) -> int:
    if name == JOBS:
        return _open_listings().count()
    from cms.selectors import comparison_pages, path_pages

    return path_pages().count() + comparison_pages().count()


# Bulk writing -------------------------------------------------------------------------------------


def _bulk(
    client: Elasticsearch,
    actions: Iterable[dict],
    *,
    require_alias: bool = False,
    on_item: Callable[[], None] | None = None,
) -> tuple[list[dict], list[tuple[dict, str]]]:
    """Send `actions` with `streaming_bulk` in byte-bounded chunks, retrying failed items once;
    return (succeeded, failed).

    Transport errors (engine down) raise; per-item errors are collected. A
    delete of a document that is not there counts as done.
    """
    kwargs = {"require_alias": True} if require_alias else {}
    succeeded: list[dict] = []
    failed: list[tuple[dict, str]] = []
    pending = actions
    for attempt in range(2):
        retry: list[dict] = []
        for action, ok, item in _stream(client, pending, kwargs):
            result = next(iter(item.values()))
            if ok or (action.get("_op_type") == "delete" and result.get("status") == 404):
                succeeded.append(action)
                if on_item:
                    on_item()
            elif attempt == 0 and result.get("status", 500) not in (400, 404):
                retry.append(action)
            else:
                failed.append((action, _reason(result)))
        if not retry:
            break
        time.sleep(1.0)  # e.g. after 429 Too Many Requests
        pending = retry
    return succeeded, failed


_DONE = object()


def _stream(client: Elasticsearch, actions: Iterable[dict], kwargs: dict) -> Iterator[tuple[dict, bool, dict]]:
    """Each action with its result (ok, {op: item}), in the order of `actions`.

    `streaming_bulk` (chunks of CHUNK_DOCS documents and at most CHUNK_BYTES,
    no retries of its own, so answers come in order) runs in a sending
    thread, while this thread goes on reading the database and preparing
    documents into a bounded queue: the engine analyses one chunk while the
    next is prepared. (Measured on the embedded engine, 2 cores: the rebuild
    ran at 510 docs/s this way against 309 docs/s one step after the other.)
    The reading stays in the calling thread because a database connection
    belongs to the thread that opened it. Transport and whole-request errors raise.
    """
    queue: Queue = Queue(maxsize=CHUNK_DOCS * BULK_QUEUE_CHUNKS)
    results: Queue = Queue()
    sent: deque[dict] = deque()

    def queued() -> Iterator[dict]:
        while (action := queue.get()) is not _DONE:
            sent.append(action)
            yield action

    def send() -> None:
        try:
            for ok, item in streaming_bulk(
                client.options(request_timeout=BULK_TIMEOUT),
                queued(),
                chunk_size=CHUNK_DOCS,
                max_chunk_bytes=CHUNK_BYTES,
                raise_on_error=False,
                raise_on_exception=True,
                max_retries=0,
                **kwargs,
            ):
                results.put((sent.popleft(), ok, item))
        except BaseException as error:  # handed to the reading thread, which raises it
            results.put(error)
        finally:
            results.put(_DONE)

    sender = threading.Thread(target=send, name="search-bulk", daemon=True)
    sender.start()
    finished = False
    try:
        for action in actions:
            while True:
                try:
                    queue.put(action, timeout=0.5)
                    break
                except Full:
                    if not sender.is_alive():
                        finished = True
                        break
            if finished:
                break
            yield from _drain(results, block=False)
        if not finished:
            queue.put(_DONE)
        yield from _drain(results, block=True)
    finally:
        if sender.is_alive():
            with contextlib.suppress(Full):
                queue.put_nowait(_DONE)
        sender.join(timeout=30)


def _drain(results: Queue, *, block: bool) -> Iterator[tuple[dict, bool, dict]]:
    while True:
        try:
            entry = results.get(block=block)
        except Empty:
            return
        if entry is _DONE:
            return
        if isinstance(entry, BaseException):
            raise entry
        yield entry


def _reason(result: dict) -> str:
    error = result.get("error")
    if isinstance(error, dict):
        return f"{error.get('type', 'error')}: {error.get('reason', '')}".strip()
    return str(error or f"status {result.get('status')}")


def _write_targets(client: Elasticsearch, name: str) -> tuple[list[str], bool]:
    """Where incremental writes go: the alias, plus the `-next` alias while a rebuild loads."""
    indices.ensure_live(client, name, synonym_groups())
    targets = [indices.alias_name(name)]
    loading = indices.loading_index(client, name) is not None
    if loading:
        targets.append(indices.next_alias_name(name))
    return targets, loading


def _upserts_and_deletes(targets: list[str], docs: dict[int, dict], ids: list[int]) -> Iterator[dict]:
    for pk in ids:
        for target in targets:
            if pk in docs:
                yield {"_op_type": "index", "_index": target, "_id": str(pk), "_source": docs[pk]}
            else:
                yield {"_op_type": "delete", "_index": target, "_id": str(pk)}


def _summarise(succeeded: list[dict], failed: list[tuple[dict, str]]) -> tuple[IndexReport, set[int]]:
    """Counts per document (not per target), and the ids written to every target."""
    report = IndexReport()
    failed_ids = {int(action["_id"]) for action, _ in failed}
    done: dict[int, str] = {}
    for action in succeeded:
        done[int(action["_id"])] = action["_op_type"]
    for pk, op in done.items():
        if pk in failed_ids:
            continue
        if op == "delete":
            report.deleted += 1
        else:
            report.indexed += 1
    seen: set[int] = set()
    for action, reason in failed:
        if int(action["_id"]) not in seen:
            seen.add(int(action["_id"]))
            report.failed.append((action["_id"], reason))
    return report, set(done) - failed_ids


# Incremental updates -----------------------------------------------------------------------------------


def index_listings(listing_ids: Iterable[int]) -> IndexReport:
    """Upsert the open canonical listings among `listing_ids` and delete the rest; clear their pending flags.

    Raises EngineUnavailable when the engine cannot be reached (the flags stay set).
    """

    ids = sorted({int(pk) for pk in listing_ids})
    report = IndexReport()
    if not ids:
        return report
    try:
        client = get_client()
        targets, loading = _write_targets(client, JOBS)
        expander = SynonymExpander.from_groups(synonym_groups())
        paths = path_terms(expander)
        for start in range(0, len(ids), READ_CHUNK):
            chunk = ids[start : start + READ_CHUNK]
            read_at = timezone.now()
            rows = _listing_rows().filter(pk__in=chunk)
            docs = {row.pk: JobDocument.from_listing(row, expander=expander, paths=paths).to_dict() for row in rows}
            succeeded, failed = _bulk(client, _upserts_and_deletes(targets, docs, chunk), require_alias=True)
            part, written = _summarise(succeeded, failed)
            report.merge(part)
            # During a rebuild the flags stay set: the rebuild replays them after its swap.
            if written and not loading:
                _clear_listing_flags(written, read_at)
        _refresh_role_job_counts(client, ids)
    except EngineErrors as error:
        raise EngineUnavailable(_engine_reason(error)) from error
    for pk, reason in report.failed:
        logger.warning("listing %s was not indexed: %s", pk, reason)
    return report


def _clear_listing_flags(ids: Iterable[int], read_at: datetime) -> None:
    """Clear the flag of listings written as read, not of those changed since (they need another write)."""
    from jobs.models import JobListing

    ids = list(ids)
    for start in range(0, len(ids), READ_CHUNK):
        JobListing.objects.filter(
            pk__in=ids[start : start + READ_CHUNK], search_pending=True, updated_at__lte=read_at
        ).update(search_pending=False)


def _refresh_role_job_counts(client: Elasticsearch, listing_ids: list[int]) -> None:
    """Keep the open job count on the role documents of the paths these listings belong to."""
    from jobs.models import JobListing

    slugs = sorted(
        set(
            JobListing.objects.filter(pk__in=listing_ids[: READ_CHUNK * 5], career_path__isnull=False)
            .values_list("career_path__slug", flat=True)
            .distinct()
        )
    )
    if not slugs:
        return
    from cms.selectors import path_pages

    page_ids = dict(path_pages().filter(slug__in=slugs).values_list("slug", "pk"))
    counts = _open_job_counts(slugs)
    targets, _ = _write_targets(client, ROLES)
    actions = [
        {
            "_op_type": "update",
            "_index": target,
            "_id": str(page_ids[slug]),
            "doc": {"open_jobs": counts[slug]},
        }
        for slug in slugs
        if slug in page_ids
        for target in targets
    ]
    # A role not indexed yet is not an error here: the pages' own indexing writes it in full.
    _bulk(client, actions, require_alias=True)


def index_pages(page_ids: Iterable[int]) -> IndexReport:
    """Upsert the live paths and comparisons among `page_ids`, delete the rest; clear them from pending."""
    ids = sorted({int(pk) for pk in page_ids})
    report = IndexReport()
    if not ids:
        return report
    try:
        client = get_client()
        targets, loading = _write_targets(client, ROLES)
        read_at = timezone.now()
        expander = SynonymExpander.from_groups(synonym_groups())
        pages = [page for page in _role_pages() if page.pk in set(ids)]
        docs = {doc.meta.id: doc.to_dict() for doc in _role_documents(pages, expander)}
        succeeded, failed = _bulk(client, _upserts_and_deletes(targets, docs, ids), require_alias=True)
        report, written = _summarise(succeeded, failed)
        if written and not loading:
            PendingPage.objects.filter(page_id__in=written, requested_at__lte=read_at).delete()
    except EngineErrors as error:
        raise EngineUnavailable(_engine_reason(error)) from error
    return report


def update_pending(progress: Progress | None = None) -> IndexReport:
    """Write everything pending; rebuild an index that is missing altogether (e.g. a restarted engine).

    Raises EngineUnavailable when the engine is still down, LockNotAcquired
    when a rebuild is running (it replays what is pending when it ends).
    """
    report = IndexReport()
    try:
        client = get_client()
        missing = [name for name in indices.INDEX_NAMES if indices.live_index(client, name) is None]
    except EngineErrors as error:
        raise EngineUnavailable(_engine_reason(error)) from error
    if missing:
        for rebuilt in rebuild(missing, progress=progress):
            report.indexed += rebuilt.indexed
            report.failed += rebuilt.failed
    with hold(REBUILD_LOCK, timeout=REBUILD_LOCK_TIMEOUT):
        report.merge(_replay_pending(progress))
    return report


def _replay_pending(progress: Progress | None = None) -> IndexReport:
    from jobs.models import JobListing

    report = IndexReport()
    listing_ids = list(JobListing.objects.filter(search_pending=True).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(listing_ids), READ_CHUNK):
        report.merge(index_listings(listing_ids[start : start + READ_CHUNK]))
        if progress:
            progress(JOBS, min(start + READ_CHUNK, len(listing_ids)), len(listing_ids))
    page_ids = list(PendingPage.objects.order_by("page_id").values_list("page_id", flat=True))
    if page_ids:
        report.merge(index_pages(page_ids))
    if progress:
        progress(ROLES, len(page_ids), len(page_ids))
    return report


# Rebuild ---------------------------------------------------------------------------------------------


def rebuild(names: Iterable[str] = indices.INDEX_NAMES, *, progress: Progress | None = None) -> list[RebuildReport]:
    """Rebuild each named index with zero downtime (see the module docstring).

    Raises LockNotAcquired if another rebuild is running, EngineUnavailable if
    the engine cannot be reached (the live indices are left as they were).
    """
    names = list(names)
    for name in names:
        indices.alias_name(name)  # validates the name
    with hold(REBUILD_LOCK, timeout=REBUILD_LOCK_TIMEOUT):
        try:
            client = get_client()
            groups = synonym_groups()
            reports = [_rebuild_one(client, name, groups, progress) for name in names]
        except EngineErrors as error:
            raise EngineUnavailable(_engine_reason(error)) from error
        return reports


def _rebuild_one(client: Elasticsearch, name: str, groups: list[list[str]], progress: Progress | None) -> RebuildReport:
    from jobs.models import JobListing

    started = time.monotonic()
    started_at = timezone.now()
    expander = SynonymExpander.from_groups(groups)
    index = indices.create_version(client, name, groups)
    try:
        indices.mark_loading(client, name, index)
        if name == JOBS:
            queryset = _listing_rows().order_by("pk")
            total = queryset.count()
            paths = path_terms(expander)
            docs: Iterable = (
                JobDocument.from_listing(row, expander=expander, paths=paths)
                for row in queryset.iterator(chunk_size=READ_CHUNK)
            )
        else:
            pages = _role_pages()
            total = len(pages)
            docs = _role_documents(pages, expander)
        done = 0

        def advance() -> None:
            nonlocal done
            done += 1
            if progress and (done % 200 == 0 or done == total):
                progress(name, done, total)

        if progress:
            progress(name, 0, total)
        actions = ({"_index": index, "_id": str(doc.meta.id), "_source": doc.to_dict()} for doc in docs)
        succeeded, failed = _bulk(client, actions, on_item=advance)
        client.indices.refresh(index=index)
        old = indices.swap_alias(client, name, index)
    except BaseException:
        indices.unmark_loading(client, name, index)
        indices.delete_indices(client, [index])
        raise
    failed_ids = [int(action["_id"]) for action, _ in failed]
    # What the load read is in the new version; what changed since, or failed, is replayed below.
    if name == JOBS:
        JobListing.objects.filter(search_pending=True, updated_at__lte=started_at).exclude(pk__in=failed_ids).update(
            search_pending=False
        )
        JobListing.objects.filter(pk__in=failed_ids).update(search_pending=True)
        replay = _replay_listings()
    else:
        PendingPage.objects.filter(requested_at__lte=started_at).exclude(page_id__in=failed_ids).delete()
        if failed_ids:
            _mark_pages_pending(failed_ids)
        replay = _replay_pages()
    indices.delete_indices(client, [*([old] if old else []), *indices.stale_versions(client, name)])
    for pk, reason in ((action["_id"], reason) for action, reason in failed):
        logger.warning("%s document %s failed to index during rebuild: %s", name, pk, reason)
    return RebuildReport(
        name=name,
        index=index,
        old_index=old,
        indexed=len(succeeded),
        failed=[(action["_id"], reason) for action, reason in failed],
        replayed=replay,
        seconds=time.monotonic() - started,
    )


def _replay_listings() -> int:
    from jobs.models import JobListing

    ids = list(JobListing.objects.filter(search_pending=True).values_list("pk", flat=True))
    if not ids:
        return 0
    report = IndexReport()
    for start in range(0, len(ids), READ_CHUNK):
        report.merge(index_listings(ids[start : start + READ_CHUNK]))
    return report.indexed + report.deleted


def _replay_pages() -> int:
    ids = list(PendingPage.objects.values_list("page_id", flat=True))
    if not ids:
        return 0
    report = index_pages(ids)
    return report.indexed + report.deleted


# Status ------------------------------------------------------------------------------------------------


def index_status() -> list[IndexStatus]:
    """Per index: documents in the database and in the engine, and what is pending.

    Raises EngineUnavailable when the engine cannot be reached.
    """
    from jobs.models import JobListing

    try:
        client = get_client()
        statuses = []
        for name in indices.INDEX_NAMES:
            live = indices.live_index(client, name)
            indexed = client.count(index=live)["count"] if live else None
            pending = (
                JobListing.objects.filter(search_pending=True).count() if name == JOBS else PendingPage.objects.count()
            )
            statuses.append(
                IndexStatus(
                    name=name,
                    alias=indices.alias_name(name),
                    live_index=live,
                    loading_index=indices.loading_index(client, name),
                    database=_database_count(name),
                    indexed=indexed,
                    pending=pending,
                )
            )
        return statuses
    except EngineErrors as error:
        raise EngineUnavailable(_engine_reason(error)) from error


def _engine_reason(error: Exception) -> str:
    if isinstance(error, ApiError):
        return f"the search engine refused the request ({error.meta.status}: {error.message})"
    return f"the search engine is unreachable ({type(error).__name__})"


__all__ = [
    "EngineUnavailable",
    "IndexReport",
    "IndexStatus",
    "LockNotAcquired",
    "NotFoundError",
    "RebuildReport",
    "index_listings",
    "index_pages",
    "index_status",
    "listings_changed",
    "pages_changed",
    "rebuild",
    "request_rebuild",
    "update_pending",
]
