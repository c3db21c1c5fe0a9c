"""The sync pipeline and the other writes of the jobs part.

`source_sync` fetches one source's feed (outside any transaction: the network
is slow), then, in one transaction, upserts the listings in a few bulk
queries, advances the lifecycle of missing listings, de-duplicates open
listings across sources and records the run. A listing whose normalised
content and classification did not change is not written at all, so running
the same feed twice leaves the database exactly as it was. (One exception that
is bookkeeping, not content: when the feed changed a field the listing ignores,
the listing's new raw hash is stored so later runs skip mapping it again.)

Re-syncs are cheap: the sync hands the connector the raw hashes of the open
listings, and records whose raw form is unchanged come back as
`FeedResult.unchanged_ids` without being mapped; only their classification is
checked again (patterns may have changed) and they count as seen.

After the transaction commits, `jobs.signals.listings_changed` tells its
subscribers (search, the export) which listings changed or closed and which
paths they belong to.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from config.locks import LockNotAcquired, hold

from .bulk import WRITE_LOCK, chunks, insert_listings, update_listings
from .classification import PathIndex, path_index
from .connectors import FeedError, FeedResult, ListingPayload, fetch_feed
from .dedupe import dedupe_around, match_key
from .hand_offs import hand_off_on_commit, refresh_skills_on_commit
from .models import JobListing, JobSource, SyncRun

logger = logging.getLogger(__name__)

# A listing closes after this many consecutive well-formed runs without it.
CLOSE_AFTER_MISSING_RUNS = 3
# A run that would close more than this share of a source's open listings closes none.
MAX_CLOSE_SHARE = 0.5
# Failed sources are retried after 5 min, 10 min, 20 min, ... at most a day.
RETRY_BASE = timedelta(minutes=5)
RETRY_MAX = timedelta(days=1)

# The payload-derived columns, written on insert and on update.
PAYLOAD_FIELDS = [
    "title",
    "company",
    "locations",
    "country_codes",
    "workplace",
    "employment_type",
    "seniority",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "salary_annual_min",
    "salary_annual_max",
    "pay_source",
    "description_html",
    "description_text",
    "url",
    "apply_url",
    "posted_at",
    "valid_through",
    "group_key",
    "identifier",
    "match_key",
    "content_hash",
    "raw_hash",
]
UPDATE_FIELDS = [
    *PAYLOAD_FIELDS,
    "career_path",
    "path_rule",
    "status",
    "closed_at",
    "missing_runs",
    "last_seen_at",
    "updated_at",
    "search_pending",
]
# Written for an unchanged record whose path changed (the connector did not map it).
RECLASSIFY_FIELDS = ["career_path", "path_rule", "missing_runs", "last_seen_at", "updated_at", "search_pending"]


class SyncBusy(Exception):
    """Another sync of the same source is running."""


def _number(value) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def payload_fields(payload: ListingPayload, *, content_hash: str | None = None) -> dict:
    """The JobListing columns a payload fills (without lifecycle and classification)."""
    salary = payload.salary or {}
    currency = (salary.get("currency") or "").upper()[:3] if salary else ""
    return {
        "title": (payload.title or "")[:500],
        "company": (payload.company or "")[:300],
        "locations": list(payload.locations or []),
        "country_codes": list(payload.country_codes or []),
        "workplace": payload.workplace or JobListing.Workplace.UNSPECIFIED,
        "employment_type": payload.employment_type or "",
        "seniority": payload.seniority or "",
        "salary_min": _number(salary.get("min")) if currency else None,
        "salary_max": _number(salary.get("max")) if currency else None,
        "salary_currency": currency,
        "salary_period": (salary.get("period") or "") if currency else "",
        "salary_annual_min": _number(salary.get("annual_min")) if currency else None,
        "salary_annual_max": _number(salary.get("annual_max")) if currency else None,
        "pay_source": (salary.get("source") or JobListing.PaySource.STATED) if currency else "",
        "description_html": payload.description_html or "",
        "description_text": payload.description_text or "",
        "url": (payload.url or "")[:2000],
        "apply_url": (payload.apply_url or "")[:2000],
        "posted_at": payload.posted_at,
        "valid_through": payload.valid_through,
        "group_key": (payload.group_key or "")[:200],
        "identifier": (payload.identifier or "")[:200],
        "match_key": match_key(
            company=payload.company,
            title=payload.title,
            locations=payload.locations or [],
            workplace=payload.workplace,
        ),
        "content_hash": content_hash or payload.content_hash(),
        "raw_hash": payload.raw_hash or "",
    }


# -- the sync -----------------------------------------------------------------------------


@dataclass
class _Existing:
    pk: int
    content_hash: str
    status: str
    missing_runs: int
    career_path_id: int | None
    path_rule: str
    path_override_id: int | None
    raw_hash: str
    title: str


@dataclass
class _Plan:
    """What one run will write, computed before any write."""

    new: list[dict] = field(default_factory=list)  # column values (attname -> value) of new listings
    updated: list[JobListing] = field(default_factory=list)
    # Unchanged records the connector did not map whose path must change (patterns edited).
    reclassified: list[JobListing] = field(default_factory=list)
    reseen: list[int] = field(default_factory=list)  # unchanged but had missing_runs > 0
    # Unchanged content, new raw hash (the feed changed a field the payload ignores).
    rehashed: list[JobListing] = field(default_factory=list)
    unchanged: int = 0
    repeated: int = 0
    missing: list[_Existing] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changed_paths: set[int | None] = field(default_factory=set)


def _backoff(failures: int) -> timedelta:
    # The exponent is capped: RETRY_BASE * 2**16 is already far past RETRY_MAX.
    delay = min(RETRY_BASE * (2 ** min(max(failures - 1, 0), 16)), RETRY_MAX)
    # Jitter spreads retries of sources that failed together (one host down).
    return delay * random.uniform(1.0, 1.1)


def source_sync(
    *, source_id: int, progress: Callable[[str], None] | None = None, as_of: datetime | None = None
) -> SyncRun:
    """Sync one source and return its run (ok, partial or failed).

    Raises `JobSource.DoesNotExist` if the source is gone and `SyncBusy` if
    another sync of the same source holds its lock. A feed failure is not an
    exception: the run is `failed` with its reason and nothing stored changes.

    `as_of` replays history (the demo market only): the run, and the listings'
    first-seen, last-seen, updated and closed times, are dated as if the run
    had started then.
    """
    source = JobSource.objects.get(pk=source_id)
    try:
        with hold(_sync_lock_name(source), timeout=settings.JOBS_SYNC_LOCK_TIMEOUT):
            return _sync_locked(source, progress or (lambda stage: None), _clock(as_of))
    except LockNotAcquired:
        raise SyncBusy(source.slug) from None


def _sync_lock_name(source: JobSource) -> str:
    return f"sync-{source.slug}"


INTERRUPTED_REASON = "interrupted: the worker stopped before the run finished"


def _mark_interrupted(source: JobSource, now: datetime) -> int:
    """Close the source's runs still marked running; the caller holds the source's lock, so none is live."""
    return SyncRun.objects.filter(source=source, status=SyncRun.Status.RUNNING).update(
        status=SyncRun.Status.INTERRUPTED, finished_at=now, reason=INTERRUPTED_REASON
    )


def sync_runs_sweep_interrupted(*, now: datetime | None = None) -> list[int]:
    """Mark runs left `running` by a dead worker as `interrupted` and return their sources' ids.

    A run is only judged dead once it has been running longer than the sync
    lock's timeout (which outlives the sync task's hard time limit) and its
    source's lock is free: a live sync always holds it. The caller queues the
    returned sources again. The embedded broker loses a task whose worker was
    killed, and Redis redelivers it only after the visibility timeout; the
    sweep bounds both to one lock timeout.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.JOBS_SYNC_LOCK_TIMEOUT)
    stale = (
        SyncRun.objects.filter(status=SyncRun.Status.RUNNING, started_at__lt=cutoff)
        .values_list("source_id", flat=True)
        .distinct()
    )
    swept: list[int] = []
    for source in JobSource.objects.filter(pk__in=list(stale)).order_by("pk"):
        try:
            with hold(_sync_lock_name(source), timeout=settings.JOBS_SYNC_LOCK_TIMEOUT):
                count = _mark_interrupted(source, now)
        except LockNotAcquired:
            continue  # a sync of this source is running now and will close the old run itself
        if count:
            logger.warning("sync of %s was interrupted (%d run(s)); queued again", source.slug, count)
            swept.append(source.pk)
    return swept


def _clock(as_of: datetime | None) -> Callable[[], datetime]:
    """The time a run records: now, or `as_of` advancing with the real clock (so durations stay true)."""
    if as_of is None:
        return timezone.now
    offset = as_of - timezone.now()
    return lambda: timezone.now() + offset


def _sync_locked(source: JobSource, progress: Callable[[str], None], clock: Callable[[], datetime]) -> SyncRun:
    started = clock()
    # We hold the source's lock, so a run still marked running was cut short.
    _mark_interrupted(source, started)
    run = SyncRun.objects.create(source=source, started_at=started)
    # Raw hashes of the open listings: the connector skips mapping records whose
    # raw record is as last stored. Only this source's sync (we hold its lock)
    # writes these hashes or closes listings, so they still hold when we write.
    known_raw_hashes = dict(
        JobListing.objects.filter(source=source, status=JobListing.Status.OPEN)
        .exclude(raw_hash="")
        .values_list("external_id", "raw_hash")
    )
    progress("fetching")
    try:
        result = fetch_feed(
            kind=source.kind,
            board=source.board,
            base_url=source.base_url or None,
            company=source.name,
            known_raw_hashes=known_raw_hashes,
            options=source.options or None,
        )
    except FeedError as exc:
        return _record_failure(source, run, str(exc) or type(exc).__name__, clock)
    except Exception as exc:
        # A bug or a time limit: the run is recorded as failed, and the error still surfaces.
        _record_failure(source, run, f"{type(exc).__name__}: {exc}", clock)
        raise
    progress("writing")
    try:
        with hold(WRITE_LOCK, timeout=settings.JOBS_SYNC_LOCK_TIMEOUT, blocking=True), transaction.atomic():
            _apply(source, run, result, known_raw_hashes, clock)
    except Exception as exc:
        _record_failure(source, run, f"{type(exc).__name__}: {exc}", clock)
        raise
    return run


def _record_failure(source: JobSource, run: SyncRun, reason: str, clock: Callable[[], datetime]) -> SyncRun:
    now = clock()
    run.status = SyncRun.Status.FAILED
    run.reason = reason.splitlines()[0][:2000] if reason else "failed"
    run.finished_at = now
    run.save(update_fields=["status", "reason", "finished_at"])
    failures = source.consecutive_failures + 1
    JobSource.objects.filter(pk=source.pk).update(
        consecutive_failures=failures, last_failure_at=now, next_sync_at=now + _backoff(failures)
    )
    logger.warning("sync of %s failed: %s", source.slug, run.reason)
    return run


def _apply(
    source: JobSource,
    run: SyncRun,
    result: FeedResult,
    known_raw_hashes: dict[str, str],
    clock: Callable[[], datetime] = timezone.now,
) -> None:
    now = clock()
    paths = path_index()
    existing = {
        row[1]: _Existing(row[0], *row[2:])
        for row in JobListing.objects.filter(source=source).values_list(
            "pk",
            "external_id",
            "content_hash",
            "status",
            "missing_runs",
            "career_path_id",
            "path_rule",
            "path_override_id",
            "raw_hash",
            "title",
        )
    }
    open_before = sum(1 for row in existing.values() if row.status == JobListing.Status.OPEN)
    plan = _plan(source, result, existing, paths, now, known_raw_hashes)

    new_ids = insert_listings(source, plan.new)
    update_listings(plan.updated, UPDATE_FIELDS)
    update_listings(plan.reclassified, RECLASSIFY_FIELDS)
    update_listings(plan.rehashed, ["raw_hash"])
    for chunk in chunks(plan.reseen):
        JobListing.objects.filter(pk__in=chunk).update(missing_runs=0, last_seen_at=now)

    status, reason, closed_ids = _advance_missing(plan, result, open_before, now)
    changed_ids = new_ids + [obj.pk for obj in plan.updated + plan.reclassified] + closed_ids
    closed_set = set(closed_ids)
    plan.changed_paths.update(row.career_path_id for row in plan.missing if row.pk in closed_set)

    # Skills of the listings whose text may have changed are re-read by a task after commit,
    # so that reading descriptions never slows the sync itself.
    refresh_skills_on_commit(new_ids + [obj.pk for obj in plan.updated])

    # Every write to listings runs the de-duplication in its own transaction
    # (under the write lock), so a run that changed no listing leaves it as is.
    if changed_ids:
        dedupe_changed, dedupe_paths = dedupe_around(changed_ids, now=now)
        changed_ids.extend(dedupe_changed)
        plan.changed_paths.update(dedupe_paths)

    run.status = status
    run.reason = reason
    run.finished_at = clock()
    run.fetched = result.fetched
    run.new = len(plan.new)
    run.updated = len(plan.updated) + len(plan.reclassified)
    run.unchanged = plan.unchanged + len(plan.reseen)
    run.closed = len(closed_ids)
    run.invalid = len(result.invalid)
    run.duplicates = (
        plan.repeated
        + JobListing.objects.filter(source=source, status=JobListing.Status.OPEN, duplicate_of__isnull=False).count()
    )
    run.warnings = [*result.warnings, *plan.warnings, *(f"{raw}: {why}" for raw, why in result.invalid)]
    run.save()
    JobSource.objects.filter(pk=source.pk).update(
        last_success_at=now, consecutive_failures=0, next_sync_at=now + source.sync_interval
    )
    hand_off_on_commit(changed_ids, plan.changed_paths)


def _plan(
    source: JobSource,
    result: FeedResult,
    existing: dict[str, _Existing],
    paths: PathIndex,
    now: datetime,
    known_raw_hashes: dict[str, str] | None = None,
) -> _Plan:
    plan = _Plan()
    seen: set[str] = set()
    known_raw_hashes = known_raw_hashes or {}
    for external_id in result.unchanged_ids:
        # The raw record is as stored, so its payload would be too: only the
        # classification (patterns may have changed) and lifecycle need a look.
        if external_id in seen:
            continue
        seen.add(external_id)
        row = existing.get(external_id)
        if (
            row is None
            or row.status != JobListing.Status.OPEN
            or not row.raw_hash
            or row.raw_hash != known_raw_hashes.get(external_id)
        ):
            # Changed by hand while we fetched (the source's lock keeps syncs
            # out): left as it is, and mapped in full on the next run.
            plan.warnings.append(f"{external_id}: changed while the feed was read; refreshed on the next run")
            continue
        career_path_id, path_rule = paths.classify(row.title, row.path_override_id)
        if (career_path_id, path_rule) != (row.career_path_id, row.path_rule):
            plan.reclassified.append(
                JobListing(
                    pk=row.pk,
                    career_path_id=career_path_id,
                    path_rule=path_rule,
                    missing_runs=0,
                    last_seen_at=now,
                    updated_at=now,
                    search_pending=True,
                )
            )
            plan.changed_paths.update({row.career_path_id, career_path_id})
        elif row.missing_runs:
            plan.reseen.append(row.pk)
        else:
            plan.unchanged += 1
    for payload in result.payloads:
        external_id = (payload.external_id or "")[:200]
        if external_id in seen:
            plan.repeated += 1
            plan.warnings.append(f"{external_id}: id repeated in the feed; kept the first")
            continue
        seen.add(external_id)
        row = existing.get(external_id)
        content_hash = payload.content_hash()
        career_path_id, path_rule = paths.classify((payload.title or "")[:500], row.path_override_id if row else None)
        # Unchanged listings (the common case) skip building their columns altogether.
        if (
            row is not None
            and row.content_hash == content_hash
            and row.status == JobListing.Status.OPEN
            and row.career_path_id == career_path_id
            and row.path_rule == path_rule
        ):
            if row.raw_hash != payload.raw_hash:
                # Bookkeeping only (not content): lets the next run skip mapping it.
                plan.rehashed.append(JobListing(pk=row.pk, raw_hash=payload.raw_hash))
            if row.missing_runs:
                plan.reseen.append(row.pk)
            else:
                plan.unchanged += 1
            continue
        values = payload_fields(payload, content_hash=content_hash)
        if row is None:
            plan.new.append(
                {
                    "source_id": source.pk,
                    "external_id": external_id,
                    "career_path_id": career_path_id,
                    "path_rule": path_rule,
                    "path_override_id": None,
                    "first_seen_at": now,
                    "last_seen_at": now,
                    "updated_at": now,
                    "closed_at": None,
                    "status": JobListing.Status.OPEN,
                    "missing_runs": 0,
                    "duplicate_of_id": None,
                    "search_pending": True,
                    **values,
                }
            )
            plan.changed_paths.add(career_path_id)
            continue
        plan.updated.append(
            JobListing(
                pk=row.pk,
                source=source,
                external_id=external_id,
                career_path_id=career_path_id,
                path_rule=path_rule,
                last_seen_at=now,
                updated_at=now,
                status=JobListing.Status.OPEN,
                closed_at=None,
                missing_runs=0,
                search_pending=True,
                **values,
            )
        )
        plan.changed_paths.update({row.career_path_id, career_path_id})
    # A record that failed validation is still on the board: it is not missing.
    present = seen | {str(raw) for raw, _ in result.invalid}
    plan.missing = [
        row
        for external_id, row in existing.items()
        if row.status == JobListing.Status.OPEN and external_id not in present
    ]
    return plan


def _advance_missing(plan: _Plan, result: FeedResult, open_before: int, now: datetime) -> tuple[str, str, list[int]]:
    """Count a run without them against missing listings; close those missing 3 runs in a row.

    Returns (run status, reason, closed ids).
    """
    if not result.payloads and not result.unchanged_ids:
        # A well-formed empty board is not proof that every job closed.
        if open_before:
            return (
                SyncRun.Status.PARTIAL,
                f"the feed listed no valid jobs; kept all {open_before} open listings",
                [],
            )
        return SyncRun.Status.OK, "", []
    if not plan.missing:
        return SyncRun.Status.OK, "", []
    to_close = [row for row in plan.missing if row.missing_runs + 1 >= CLOSE_AFTER_MISSING_RUNS]
    closing = {row.pk for row in to_close}
    keep_counting = [row.pk for row in plan.missing if row.pk not in closing]
    status, reason = SyncRun.Status.OK, ""
    if to_close and len(to_close) > open_before * MAX_CLOSE_SHARE:
        status = SyncRun.Status.PARTIAL
        reason = f"would close {len(to_close)} of {open_before} open listings (more than half); closed none"
        keep_counting += [row.pk for row in to_close]
        to_close = []
    for chunk in chunks(keep_counting):
        JobListing.objects.filter(pk__in=chunk).update(missing_runs=F("missing_runs") + 1)
    closed_ids = [row.pk for row in to_close]
    for chunk in chunks(closed_ids):
        JobListing.objects.filter(pk__in=chunk).update(
            status=JobListing.Status.CLOSED,
            closed_at=now,
            missing_runs=F("missing_runs") + 1,
            updated_at=now,
            search_pending=True,
        )
    return status, reason, closed_ids


def source_mark_due(*, source_id: int) -> None:
    """Make a source due now (the admin's "sync now" also enqueues it directly)."""
    JobSource.objects.filter(pk=source_id).update(next_sync_at=timezone.now())
