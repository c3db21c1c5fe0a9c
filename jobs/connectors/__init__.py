"""Job-board connectors: fetch one feed over HTTP and map its records to payloads.

Connectors never touch the database. Each format lives in its own module
(`greenhouse`, `lever`, `ashby`, `jsonld`, `workable`, `smartrecruiters`,
`recruitee`, `personio`) exposing
`fetch(board: str, base_url: str | None, company: str | None, known_raw_hashes,
options: Mapping | None) -> FeedResult`; `fetch_feed` picks the module by
`kind` and checks `options` against `OPTIONS`. A failure of the whole feed
raises `FeedError`; a single bad record lands in `FeedResult.invalid` with its
reason. Formats whose list lacks what a job needs fetch per-job details (only
for records that are new or changed) with bounded concurrency and rate; a
detail that fails keeps the job from the list and says so in the warnings.

Raw hashes: every payload carries `raw_hash`, a digest of the raw record as the
feed sent it plus everything else its mapping depends on (the board, the
company name, the mapping code and the sanitiser's version). A caller that
passes the raw hashes it stored (`{external_id: raw_hash}`) gets records whose
hash is unchanged back as `FeedResult.unchanged_ids` without mapping them
again: same input, same code, so the same payload.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

KINDS = ("greenhouse", "lever", "ashby", "jsonld", "workable", "smartrecruiters", "recruitee", "personio")
# Source options each format understands, with their type.
OPTIONS: dict[str, dict[str, type]] = {"greenhouse": {"pay_transparency": bool}}


class FeedError(Exception):
    """The whole feed failed (unreachable, HTTP error, malformed, too big, timeout).

    str(e) is the one-line reason recorded on the sync run.
    """


@dataclass
class ListingPayload:
    external_id: str
    title: str
    company: str
    locations: list[str]
    country_codes: list[str]  # ISO alpha-2, upper case
    workplace: str  # remote|hybrid|onsite|unspecified
    employment_type: str | None  # full_time|part_time|contract|temporary|internship
    seniority: str | None  # intern|junior|mid|senior|lead|manager
    salary: dict | None  # {"min","max","currency","period","annual_min","annual_max"}
    description_html: str  # sanitised
    description_text: str
    url: str
    apply_url: str
    posted_at: datetime | None  # aware, UTC
    valid_through: datetime | None
    group_key: str | None = None  # shared by posts of one job inside a source (Greenhouse internal_job_id)
    identifier: str | None = None  # cross-source identifier (JSON-LD identifier / requisition id)
    raw_id: str = ""  # id as in the feed
    # Digest of the raw record and its mapping context ("" when mapping it warned,
    # so the record is mapped again, and warns again, on every run).
    raw_hash: str = ""

    def content_hash(self) -> str:
        """Stable sha256 of the normalised content (key order and datetimes fixed)."""
        # Shallow on purpose: every field is a str, list, flat dict, datetime or None.
        data = {name: getattr(self, name) for name in _CONTENT_FIELDS}
        for key in ("posted_at", "valid_through"):
            value = data[key]
            data[key] = value.isoformat() if value is not None else None
        return hashlib.sha256(_CONTENT_ENCODER.encode(data).encode("utf-8")).hexdigest()


# The raw hash describes the input, not the content, so it is left out.
_CONTENT_FIELDS = tuple(item.name for item in fields(ListingPayload) if item.name != "raw_hash")
# Same output as json.dumps with these options, without building an encoder per call.
_CONTENT_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@dataclass
class FeedResult:
    payloads: list[ListingPayload] = field(default_factory=list)
    invalid: list[tuple[str, str]] = field(default_factory=list)  # (raw id or index, reason)
    warnings: list[str] = field(default_factory=list)  # e.g. dropped salary ranges, with the listing id
    fetched: int = 0  # raw records seen (incl. invalid and skipped unlisted)
    # External ids of records on the board whose raw hash matched the caller's
    # `known_raw_hashes`: present and unchanged, not mapped again (no payload).
    unchanged_ids: list[str] = field(default_factory=list)


def options_error(kind: str, options: Any) -> str | None:
    """Why `options` are not valid for `kind`, or None when they are."""
    if options in (None, {}):
        return None
    if not isinstance(options, Mapping):
        return "options must be a mapping"
    known = OPTIONS.get(kind, {})
    for name, value in options.items():
        if name not in known:
            allowed = ", ".join(sorted(known)) or "none"
            return f"unknown option {name!r} for {kind} sources (allowed: {allowed})"
        if not isinstance(value, known[name]):
            return f"option {name!r} must be a {known[name].__name__}"
    return None


def fetch_feed(
    *,
    kind: str,
    board: str,
    base_url: str | None = None,
    company: str | None = None,
    known_raw_hashes: Mapping[str, str] | None = None,
    options: Mapping[str, Any] | None = None,
) -> FeedResult:
    """Fetch and map one feed. Raises FeedError when the whole feed fails.

    `company` names the employer for formats whose feed does not (Lever, Ashby);
    pass the source's name. Without it the board name stands in.
    `known_raw_hashes` (`{external_id: raw_hash}` from the last runs) lets
    unchanged records skip mapping; they are listed in `unchanged_ids`.
    """
    if kind not in KINDS:
        raise FeedError(f"unknown feed kind {kind!r} (expected one of {', '.join(KINDS)})")
    if not board or not str(board).strip():
        raise FeedError(f"{kind} source has no board configured")
    problem = options_error(kind, options)
    if problem:
        raise FeedError(problem)
    module = importlib.import_module(f"jobs.connectors.{kind}")
    return module.fetch(
        board=str(board).strip(),
        base_url=base_url or None,
        company=company or None,
        known_raw_hashes=known_raw_hashes or None,
        options=dict(options or {}),
    )


__all__ = ["KINDS", "OPTIONS", "FeedError", "FeedResult", "ListingPayload", "fetch_feed", "options_error"]
