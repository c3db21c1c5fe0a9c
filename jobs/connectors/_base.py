"""Pieces every connector shares: turning records into payloads one at a time,
so a bad record is reported instead of failing the feed."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import dateutil
import nh3
from django.conf import settings

from jobs import http, normalise, pay_text
from jobs.connectors import FeedError, FeedResult, ListingPayload

# Part of every raw hash. The source of the mapping code and the versions of
# the libraries it relies on are hashed too, so any change to them maps every
# record again; bump this for a change they would not show.
MAPPING_VERSION = 1


class RecordError(ValueError):
    """One record cannot be mapped; its message is the reason stored in `FeedResult.invalid`."""


def api_url(base_url: str | None, default: str, path: str, *segments: str) -> str:
    base = (base_url or default).rstrip("/")
    quoted = [quote(segment, safe="") for segment in segments]
    return base + path.format(*quoted)


def company_fallback(board: str) -> str:
    """A readable employer name from a board token ("globex-labs" -> "Globex Labs")."""
    words = re.split(r"[-_\s]+", board.strip())
    return " ".join(word[:1].upper() + word[1:] for word in words if word) or board


# Packages whose every module a connector's payloads depend on.
_WHOLE_PACKAGES = frozenset({"jobs.normalise"})


@functools.lru_cache(maxsize=8)
def _code_digest(connector_module: str) -> str:
    """Digest of the code a connector's payloads depend on, and of nh3's and dateutil's versions."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{MAPPING_VERSION}|{nh3.__version__}|{dateutil.__version__}".encode())
    for name in ("jobs.normalise", "jobs.pay_text", "jobs.connectors", __name__, connector_module):
        module = sys.modules.get(name)
        try:
            for path in _code_files(name, Path(module.__file__)):  # type: ignore[union-attr, arg-type]
                digest.update(path.read_bytes())
        except (AttributeError, TypeError, OSError):
            digest.update(name.encode())  # no source to read: MAPPING_VERSION alone tells versions apart
    return digest.hexdigest()


def _code_files(name: str, path: Path) -> list[Path]:
    """The source files of a module; for the normalising package, every module in it."""
    if name in _WHOLE_PACKAGES and path.name == "__init__.py":
        return sorted(path.parent.glob("*.py"))
    return [path]


def raw_context(connector_module: str, *, board: str, company: str | None, extra: str = "") -> str:
    """What, besides the raw record, a connector's mapping depends on: its code, board and company
    (and `extra`, e.g. the source options that change what is fetched per record)."""
    return f"{_code_digest(connector_module)}\x00{board}\x00{company or ''}\x00{extra}\x00"


# One encoder for every record: json.dumps with options builds a new one per call.
_RAW_ENCODER = json.JSONEncoder(separators=(",", ":"), default=str)


def raw_hash(context: str, record: dict) -> str:
    """Digest of one raw record in its mapping context.

    Key order is kept as the feed sent it (no sorting): a feed that reorders
    keys only costs one more mapping, and hashing stays cheap.
    """
    encoded = _RAW_ENCODER.encode(record)
    return hashlib.blake2b((context + encoded).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def records_to_map(
    records: Iterable[Any],
    *,
    id_of: Callable[[Any], str],
    context: str,
    known_raw_hashes: Mapping[str, str] | None,
) -> list[str]:
    """Ids of the records `map_records` will map (new or changed), in feed order: the ones
    whose per-job details are worth fetching."""
    known = known_raw_hashes or {}
    wanted: list[str] = []
    for record in records:
        if not isinstance(record, dict):
            continue
        record_id = id_of(record)
        if record_id and known.get(record_id) != raw_hash(context, record):
            wanted.append(record_id)
    return wanted


def fetch_details(ids: Iterable[str], get_one: Callable[[str], Any]) -> dict[str, Any]:
    """`{id: get_one(id)}` for each id, or `{id: FeedError}` where that request failed.

    At most `JOBS_DETAIL_CONCURRENCY` requests run at once, and they start at
    most `JOBS_DETAIL_RATE` per second: job boards throttle (or block) clients
    that fetch a whole board's details in a burst.
    """
    unique = list(dict.fromkeys(ids))
    if not unique:
        return {}
    rate = float(settings.JOBS_DETAIL_RATE)
    interval = 1.0 / rate if rate > 0 else 0.0
    lock = threading.Lock()
    next_start = [time.monotonic()]

    def one(record_id: str) -> tuple[str, Any]:
        if interval:
            with lock:
                now = time.monotonic()
                start = max(now, next_start[0])
                next_start[0] = start + interval
            if start > now:
                http.sleep(start - now)
        try:
            return record_id, get_one(record_id)
        except FeedError as exc:
            return record_id, exc

    workers = min(int(settings.JOBS_DETAIL_CONCURRENCY), len(unique))
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="feed-detail") as pool:
        return dict(pool.map(one, unique))


def company_warning(reported: Any, expected: str | None, *, what: str) -> list[str]:
    """A warning when the employer a feed reports is not the source's company (an identifier
    that looks like a famous firm can belong to another one)."""
    if not expected or not isinstance(reported, str) or not reported.strip():
        return []

    def key(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", "", normalise.fold(text))

    got, want = key(reported), key(expected)
    if not got or not want or got in want or want in got:
        return []
    return [f"{what} reports the company {reported.strip()!r}, not {expected!r}: check the identifier"]


def map_records(
    records: Iterable[Any],
    mapper: Callable[[Any, list[str]], ListingPayload | None],
    *,
    result: FeedResult,
    id_of: Callable[[Any], str],
    context: str | None = None,
    known_raw_hashes: Mapping[str, str] | None = None,
) -> FeedResult:
    """Map each record; `mapper` returns None to skip a record on purpose (e.g. unlisted).

    A record that raises goes to `invalid` with its reason; the same external id
    twice keeps the first and warns.

    With a `context` (from `raw_context`; only for formats whose external id is
    `id_of(record)`), each payload gets its raw hash, and a record whose id and
    raw hash are in `known_raw_hashes` is listed in `result.unchanged_ids`
    instead of being mapped.
    """
    seen: set[str] = set()
    known = known_raw_hashes or {}
    for index, record in enumerate(records):
        result.fetched += 1
        record_id = id_of(record) if isinstance(record, dict) else ""
        label = record_id or f"#{index}"
        if not isinstance(record, dict):
            result.invalid.append((label, f"record is a {type(record).__name__}, not an object"))
            continue
        digest = raw_hash(context, record) if context is not None else ""
        if digest and record_id and label not in seen and known.get(label) == digest:
            seen.add(label)
            result.unchanged_ids.append(label)
            continue
        warnings_before = len(result.warnings)
        try:
            payload = mapper(record, result.warnings)
        except (RecordError, KeyError, TypeError, ValueError, AttributeError) as exc:
            reason = str(exc) if isinstance(exc, RecordError) else f"{type(exc).__name__}: {exc}"
            result.invalid.append((label, reason.splitlines()[0] if reason else type(exc).__name__))
            continue
        if payload is None:
            continue
        if payload.external_id in seen:
            result.warnings.append(f"{payload.external_id}: duplicate id in the feed, later copy ignored")
            continue
        seen.add(payload.external_id)
        # A record whose mapping warned keeps no raw hash: it is mapped (and warns) on every run.
        if len(result.warnings) == warnings_before:
            payload.raw_hash = digest
        result.payloads.append(payload)
    return result


def build_payload(
    *,
    raw_id: str,
    title: Any,
    company: str,
    places: list[str],
    country_codes: list[str],
    workplace: str,
    employment_type: str | None,
    salary: dict | None,
    description_html: str,
    description_text: str,
    url: str,
    apply_url: str,
    posted_at: datetime | None,
    valid_through: datetime | None = None,
    group_key: str | None = None,
    identifier: str | None = None,
    external_id: str | None = None,
) -> ListingPayload:
    """Final checks and derived fields (seniority, employment type from the title as a fallback,
    pay read from the description text when the feed states none)."""
    if not raw_id:
        raise RecordError("missing id")
    clean = normalise.clean_title(title)
    if not clean:
        raise RecordError("missing title")
    if salary is None:
        salary = pay_text.salary_from_text(description_text, countries=country_codes, listing=raw_id)
    return ListingPayload(
        external_id=external_id or raw_id,
        title=clean,
        company=normalise.clean_title(company),
        locations=places,
        country_codes=country_codes,
        workplace=workplace,
        employment_type=employment_type or normalise.employment_type_from_title(clean),
        seniority=normalise.seniority_from_title(clean),
        salary=salary,
        description_html=description_html,
        description_text=description_text,
        url=url,
        apply_url=apply_url or url,
        posted_at=posted_at,
        valid_through=valid_through,
        group_key=group_key or None,
        identifier=identifier or None,
        raw_id=raw_id,
    )


_HTTP_URL = re.compile(r"https?://[^\s<>\"']+$", re.I)


def safe_url(value: Any) -> str:
    """An http(s) URL from the feed, or "" (never a javascript: or relative link)."""
    if not isinstance(value, str):
        return ""
    text = value.strip()
    return text if _HTTP_URL.match(text) else ""
