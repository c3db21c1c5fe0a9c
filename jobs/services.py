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

After the transaction commits, the listings that changed or closed are handed
to search (one batch) and the export is told which paths changed.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import random
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone

from config.locks import LockNotAcquired, hold

from . import skills
from .connectors import FeedError, FeedResult, ListingPayload, fetch_feed
from .models import JobListing, JobSource, SyncRun

logger = logging.getLogger(__name__)

# A listing closes after this many consecutive well-formed runs without it.
CLOSE_AFTER_MISSING_RUNS = 3
# A run that would close more than this share of a source's open listings closes none.
MAX_CLOSE_SHARE = 0.5
# Failed sources are retried after 5 min, 10 min, 20 min, ... at most a day.
RETRY_BASE = timedelta(minutes=5)
RETRY_MAX = timedelta(days=1)
# Serialises the write phase of all syncs, so the cross-source de-duplication
# always sees every committed listing.
WRITE_LOCK = "jobs-write"
BATCH_SIZE = 1000
IN_CHUNK = 500

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


# -- classification -------------------------------------------------------------------


@dataclass
class PathIndex:
    """The classifier built from live path pages, and their ids by slug."""

    classifier: Any  # jobs.classify.Classifier
    page_ids: dict[str, int]

    def classify(self, title: str, override_id: int | None) -> tuple[int | None, str]:
        """(effective career_path id, matched pattern): the editor's override wins over the rule."""
        rule = self.classifier.classify(title)
        rule_page = self.page_ids.get(rule.path_slug) if rule else None
        return (override_id or rule_page), (rule.pattern if rule and rule_page else "")


def path_index() -> PathIndex:
    """Rules from the title patterns editors keep on the live career-path pages."""
    from cms.models import CareerPathPage

    from .classify import compile_rules

    rules: list[tuple[str, str]] = []
    page_ids: dict[str, int] = {}
    # Tree order: stable, so ties between equally specific patterns resolve the same way every run.
    for page in CareerPathPage.objects.live().order_by("path"):
        page_ids[page.slug] = page.pk
        rules.extend((page.slug, pattern) for pattern in page.title_pattern_list())
    return PathIndex(classifier=compile_rules(rules), page_ids=page_ids)


# -- de-duplication keys ------------------------------------------------------------------

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_COMPANY_SUFFIXES = {
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "gmbh",
    "sa",
    "sas",
    "bv",
    "plc",
    "corp",
    "co",
}


@functools.lru_cache(maxsize=65536)
def normalise_text(value: str) -> str:
    """Case- and accent-insensitive words joined by single spaces."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", stripped.casefold()).split())


@functools.lru_cache(maxsize=16384)
def normalise_company(value: str) -> str:
    words = normalise_text(value).split()
    while words and words[-1] in _COMPANY_SUFFIXES:
        words.pop()
    return " ".join(words)


def match_key(*, company: str, title: str, locations: Iterable[str], workplace: str) -> str:
    """Hash of company + normalised title + places, equal for the same job seen on two sources.

    Places are compared by their first part ("San Francisco, CA" and
    "San Francisco, CA, US" are one place), remote jobs by "remote".
    """
    company_key = normalise_company(company)
    title_key = normalise_text(title)
    if not company_key or not title_key:
        return ""
    places = {normalise_text(place.split(",")[0]) for place in locations if place and place.strip()}
    places.discard("")
    if workplace == JobListing.Workplace.REMOTE:
        places = {"remote"}
    raw = "|".join([company_key, title_key, ",".join(sorted(places))])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


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


# -- hand-offs to search and the export --------------------------------------------------


def _paths_slugs(page_ids: Iterable[int | None]) -> list[str]:
    from cms.models import CareerPathPage

    ids = {pk for pk in page_ids if pk}
    if not ids:
        return []
    return sorted(CareerPathPage.objects.filter(pk__in=ids).values_list("slug", flat=True))


def _hand_off_on_commit(listing_ids: list[int], path_page_ids: Iterable[int | None]) -> None:
    """After commit: changed and closed listings to search (one batch), changed paths to the export."""
    ids = sorted(set(listing_ids))
    if not ids:
        return
    slugs = _paths_slugs(path_page_ids)

    def hand_off() -> None:
        try:
            from search.services import listings_changed
        except ImportError:
            logger.info("search is not installed; %d changed listings not handed off", len(ids))
        else:
            listings_changed(ids)
        try:
            from frontend_export.services import request_export
        except ImportError:
            logger.info("the export is not installed; jobs change not handed off")
        else:
            request_export(reason="jobs", path_slugs=slugs)

    # robust: a failing hand-off is logged; the committed sync stands and
    # search catches up through its pending flag.
    transaction.on_commit(hand_off, robust=True)


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


def _chunks(items: list, size: int = IN_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _backoff(failures: int) -> timedelta:
    # The exponent is capped: RETRY_BASE * 2**16 is already far past RETRY_MAX.
    delay = min(RETRY_BASE * (2 ** min(max(failures - 1, 0), 16)), RETRY_MAX)
    # Jitter spreads retries of sources that failed together (one host down).
    return delay * random.uniform(1.0, 1.1)


def source_sync(*, source_id: int, progress: Callable[[str], None] | None = None) -> SyncRun:
    """Sync one source and return its run (ok, partial or failed).

    Raises `JobSource.DoesNotExist` if the source is gone and `SyncBusy` if
    another sync of the same source holds its lock. A feed failure is not an
    exception: the run is `failed` with its reason and nothing stored changes.
    """
    source = JobSource.objects.get(pk=source_id)
    try:
        with hold(f"sync-{source.slug}", timeout=settings.JOBS_SYNC_LOCK_TIMEOUT):
            return _sync_locked(source, progress or (lambda stage: None))
    except LockNotAcquired:
        raise SyncBusy(source.slug) from None


def _sync_locked(source: JobSource, progress: Callable[[str], None]) -> SyncRun:
    started = timezone.now()
    # We hold the source's lock, so a run still marked running was cut short.
    SyncRun.objects.filter(source=source, status=SyncRun.Status.RUNNING).update(
        status=SyncRun.Status.FAILED,
        finished_at=started,
        reason="interrupted: the worker stopped before the run finished",
    )
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
        )
    except FeedError as exc:
        return _record_failure(source, run, str(exc) or type(exc).__name__)
    except Exception as exc:
        # A bug or a time limit: the run is recorded as failed, and the error still surfaces.
        _record_failure(source, run, f"{type(exc).__name__}: {exc}")
        raise
    progress("writing")
    try:
        with hold(WRITE_LOCK, timeout=settings.JOBS_SYNC_LOCK_TIMEOUT, blocking=True), transaction.atomic():
            _apply(source, run, result, known_raw_hashes)
    except Exception as exc:
        _record_failure(source, run, f"{type(exc).__name__}: {exc}")
        raise
    return run


def _record_failure(source: JobSource, run: SyncRun, reason: str) -> SyncRun:
    now = timezone.now()
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


def _apply(source: JobSource, run: SyncRun, result: FeedResult, known_raw_hashes: dict[str, str]) -> None:
    now = timezone.now()
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

    new_ids = _insert_listings(source, plan.new)
    _update_listings(plan.updated, UPDATE_FIELDS)
    _update_listings(plan.reclassified, RECLASSIFY_FIELDS)
    _update_listings(plan.rehashed, ["raw_hash"])
    for chunk in _chunks(plan.reseen):
        JobListing.objects.filter(pk__in=chunk).update(missing_runs=0, last_seen_at=now)

    status, reason, closed_ids = _advance_missing(plan, result, open_before, now)
    changed_ids = new_ids + [obj.pk for obj in plan.updated + plan.reclassified] + closed_ids
    closed_set = set(closed_ids)
    plan.changed_paths.update(row.career_path_id for row in plan.missing if row.pk in closed_set)

    # Skills of the listings whose text may have changed are re-read by a task after commit,
    # so that reading descriptions never slows the sync itself.
    _refresh_skills_on_commit(new_ids + [obj.pk for obj in plan.updated])

    # Every write to listings runs the de-duplication in its own transaction
    # (under the write lock), so a run that changed no listing leaves it as is.
    if changed_ids:
        dedupe_changed, dedupe_paths = dedupe_open_listings(now=now)
        changed_ids.extend(dedupe_changed)
        plan.changed_paths.update(dedupe_paths)

    run.status = status
    run.reason = reason
    run.finished_at = timezone.now()
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
    _hand_off_on_commit(changed_ids, plan.changed_paths)


def _copy(cursor, table: str, fields: list, rows: Iterable[list]) -> None:
    """COPY rows (values in `fields` order) into a PostgreSQL table."""
    from psycopg.types.json import Jsonb

    json_at = [index for index, f in enumerate(fields) if isinstance(f, models.JSONField)]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for values in rows:
            for index in json_at:
                values[index] = Jsonb(values[index])
            copy.write_row(values)


def _insert_listings(source: JobSource, rows: list[dict]) -> list[int]:
    """Insert new listings and return their ids.

    On PostgreSQL through COPY: building 10,000 model instances and binding
    their parameters costs more than the database's own work.
    """
    if not rows:
        return []
    if connection.vendor != "postgresql":
        objs = JobListing.objects.bulk_create([JobListing(**row) for row in rows], batch_size=BATCH_SIZE)
        return [obj.pk for obj in objs]
    fields = [f for f in JobListing._meta.concrete_fields if not f.primary_key]
    table = connection.ops.quote_name(JobListing._meta.db_table)
    with connection.cursor() as cursor:
        _copy(cursor, table, fields, ([row[f.attname] for f in fields] for row in rows))
    wanted = {row["external_id"] for row in rows}
    return [
        pk
        for pk, external_id in JobListing.objects.filter(source=source).values_list("pk", "external_id")
        if external_id in wanted
    ]


def _update_listings(objs: list[JobListing], field_names: list[str]) -> None:
    """Write `field_names` of many listings at once.

    On PostgreSQL: COPY into a temporary table and one UPDATE ... FROM it
    (Django's bulk_update builds a CASE per field over every row of a batch).
    """
    if not objs:
        return
    if connection.vendor != "postgresql":
        JobListing.objects.bulk_update(objs, field_names, batch_size=BATCH_SIZE // 4)
        return
    meta = JobListing._meta
    fields = [meta.pk, *(meta.get_field(name) for name in field_names)]
    quote = connection.ops.quote_name
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    columns = ", ".join(quote(f.column) for f in fields)
    assignments = ", ".join(f"{quote(f.column)} = changes.{quote(f.column)}" for f in fields[1:])
    # Every identifier below comes from the model's metadata, quoted; values go through COPY.
    create = f"CREATE TEMPORARY TABLE jobs_listing_changes AS SELECT {columns} FROM {table} WITH NO DATA"  # noqa: S608
    update = f"UPDATE {table} SET {assignments} FROM jobs_listing_changes AS changes WHERE {table}.{pk} = changes.{pk}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS jobs_listing_changes")
        cursor.execute(create)
        _copy(cursor, "jobs_listing_changes", fields, ([getattr(obj, f.attname) for f in fields] for obj in objs))
        cursor.execute(update)
        cursor.execute("DROP TABLE jobs_listing_changes")


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
    for chunk in _chunks(keep_counting):
        JobListing.objects.filter(pk__in=chunk).update(missing_runs=F("missing_runs") + 1)
    closed_ids = [row.pk for row in to_close]
    for chunk in _chunks(closed_ids):
        JobListing.objects.filter(pk__in=chunk).update(
            status=JobListing.Status.CLOSED,
            closed_at=now,
            missing_runs=F("missing_runs") + 1,
            updated_at=now,
            search_pending=True,
        )
    return status, reason, closed_ids


# -- de-duplication -----------------------------------------------------------------------


def dedupe_open_listings(*, now: datetime | None = None) -> tuple[list[int], set[int | None]]:
    """Link every open duplicate to its canonical listing; return (changed ids, their paths).

    One job, many rows: posts sharing a Greenhouse `internal_job_id` inside a
    source, and across sources the same identifier (or a post id another feed
    names as its identifier) of the same company, or the same company +
    normalised title + places. Each group's canonical listing is the ATS post
    (JSON-LD pages last) first stored; the choice is stable across runs.
    """
    now = now or timezone.now()
    rows = list(
        JobListing.objects.filter(status=JobListing.Status.OPEN).values_list(
            "pk",
            "source_id",
            "source__kind",
            "company",
            "external_id",
            "identifier",
            "group_key",
            "match_key",
            "duplicate_of_id",
            "career_path_id",
        )
    )
    parent: dict[int, int] = {row[0]: row[0] for row in rows}

    def find(pk: int) -> int:
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    def union_all(members: list[int]) -> None:
        root = find(members[0])
        for other in members[1:]:
            other_root = find(other)
            if other_root != root:
                parent[other_root] = root

    groups: dict[tuple, list[int]] = defaultdict(list)
    cross: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    for pk, source_id, _kind, company, external_id, identifier, group_key, key, _dup, _path in rows:
        if group_key:
            groups[(source_id, group_key)].append(pk)
        company_key = normalise_company(company)
        if company_key:
            cross[("id", company_key, external_id)].append((pk, source_id))
            if identifier and identifier != external_id:
                cross[("id", company_key, identifier)].append((pk, source_id))
        if key:
            cross[("match", key)].append((pk, source_id))
    involved: set[int] = set()
    for members in groups.values():
        if len(members) > 1:
            union_all(members)
            involved.update(members)
    for members in cross.values():
        # Identifiers and titles only join listings of different sources.
        if len(members) > 1 and len({source_id for _, source_id in members}) > 1:
            union_all([pk for pk, _ in members])
            involved.update(pk for pk, _ in members)

    # Most listings stand alone; only those in a group need a canonical choice.
    kind_of = {row[0]: row[2] for row in rows if row[0] in involved}
    clusters: dict[int, list[int]] = defaultdict(list)
    for pk in involved:
        clusters[find(pk)].append(pk)
    canonical: dict[int, int] = {}
    for members in clusters.values():
        head = min(members, key=lambda pk: (kind_of[pk] == JobSource.Kind.JSONLD, pk))
        canonical.update((pk, head) for pk in members if pk != head)

    changed = [
        JobListing(pk=row[0], duplicate_of_id=canonical.get(row[0]), updated_at=now, search_pending=True)
        for row in rows
        if row[8] != canonical.get(row[0])
    ]
    _update_listings(changed, ["duplicate_of", "updated_at", "search_pending"])
    path_of = {row[0]: row[9] for row in rows}
    return [obj.pk for obj in changed], {path_of[obj.pk] for obj in changed}


# -- editors' writes ----------------------------------------------------------------------


def listing_set_path_override(*, listing_id: int, path_page_id: int | None) -> JobListing:
    """Set (or clear, with None) an editor's path for a listing; later syncs keep it."""
    paths = path_index()
    with transaction.atomic():
        listing = JobListing.objects.select_for_update().get(pk=listing_id)
        old_path = listing.career_path_id
        listing.path_override_id = path_page_id
        listing.career_path_id, listing.path_rule = paths.classify(listing.title, path_page_id)
        listing.updated_at = timezone.now()
        listing.search_pending = True
        listing.save(update_fields=["path_override", "career_path", "path_rule", "updated_at", "search_pending"])
        _hand_off_on_commit([listing.pk], {old_path, listing.career_path_id})
    return listing


def reclassify_open_listings() -> list[int]:
    """Classify open listings again with the current patterns; write only those whose path changed."""
    paths = path_index()
    now = timezone.now()
    with hold(WRITE_LOCK, timeout=settings.JOBS_SYNC_LOCK_TIMEOUT, blocking=True), transaction.atomic():
        changed: list[JobListing] = []
        touched_paths: set[int | None] = set()
        for pk, title, career_path_id, path_rule, override_id in (
            JobListing.objects.filter(status=JobListing.Status.OPEN)
            .values_list("pk", "title", "career_path_id", "path_rule", "path_override_id")
            .iterator(chunk_size=2000)
        ):
            new_path, new_rule = paths.classify(title, override_id)
            if (new_path, new_rule) != (career_path_id, path_rule):
                changed.append(
                    JobListing(
                        pk=pk,
                        career_path_id=new_path,
                        path_rule=new_rule,
                        updated_at=now,
                        search_pending=True,
                    )
                )
                touched_paths.update({career_path_id, new_path})
        _update_listings(changed, ["career_path", "path_rule", "updated_at", "search_pending"])
        _hand_off_on_commit([obj.pk for obj in changed], touched_paths)
    return [obj.pk for obj in changed]


def source_mark_due(*, source_id: int) -> None:
    """Make a source due now (the admin's "sync now" also enqueues it directly)."""
    JobSource.objects.filter(pk=source_id).update(next_sync_at=timezone.now())


RECLASSIFY_PENDING_KEY = "jobs:reclassify-pending"


def path_patterns_changed() -> None:
    """Called when a career path is published, unpublished or deleted: reclassify open listings.

    The task is enqueued after commit, at most once a minute (a burst of
    publishes, such as loading the demo content, needs one pass).
    """
    from django.core.cache import cache

    def enqueue() -> None:
        from .tasks import reclassify_open_listings as task

        if cache.add(RECLASSIFY_PENDING_KEY, 1, timeout=60):
            task.apply_async(countdown=5)

    transaction.on_commit(enqueue, robust=True)


SKILLS_RECOUNT_PENDING_KEY = "jobs:skills-recount-pending"
# Listing ids per skills task: one task reads about this many descriptions in well under a minute.
SKILLS_TASK_CHUNK = 5000


def _export_paths_on_commit(path_ids: Iterable[int | None]) -> None:
    slugs = _paths_slugs(path_ids)
    if not slugs:
        return

    def hand_off() -> None:
        try:
            from frontend_export.services import request_export
        except ImportError:
            logger.info("the export is not installed; skills change not handed off")
        else:
            request_export(reason="jobs", path_slugs=slugs)

    transaction.on_commit(hand_off, robust=True)


def _refresh_skills_on_commit(listing_ids: list[int]) -> None:
    """After commit: one `jobs.refresh_listing_skills` task per chunk of these listings.

    If the broker is down the refresh is lost, and the nightly `jobs.recount_skills`
    catches up.
    """
    ids = sorted(set(listing_ids))
    if not ids:
        return

    def enqueue() -> None:
        from .tasks import refresh_listing_skills as task

        for start in range(0, len(ids), SKILLS_TASK_CHUNK):
            task.delay(ids[start : start + SKILLS_TASK_CHUNK])

    transaction.on_commit(enqueue, robust=True)


def listing_skills_refresh(*, listing_ids: list[int]) -> int:
    """Re-read these listings' skills (under the write lock) and hand their paths to the export."""
    with hold(WRITE_LOCK, timeout=settings.JOBS_SYNC_LOCK_TIMEOUT, blocking=True), transaction.atomic():
        stored = skills.listing_skills_refresh(listing_ids=listing_ids)
        _export_paths_on_commit(
            JobListing.objects.filter(pk__in=listing_ids).values_list("career_path_id", flat=True).distinct()
        )
    return stored


def skill_vocabulary_changed() -> None:
    """Called when an editor adds, edits or deletes a skill: re-count after commit, once per burst."""
    from django.core.cache import cache

    def enqueue() -> None:
        from .tasks import recount_skills as task

        if cache.add(SKILLS_RECOUNT_PENDING_KEY, 1, timeout=60):
            task.apply_async(countdown=2)

    transaction.on_commit(enqueue, robust=True)


def skills_recount() -> int:
    """Re-read every open listing's skills (under the write lock) and hand the paths to the export."""
    with hold(WRITE_LOCK, timeout=settings.JOBS_SYNC_LOCK_TIMEOUT, blocking=True), transaction.atomic():
        stored, path_ids = skills.skills_recount()
        _export_paths_on_commit(path_ids)
    return stored
