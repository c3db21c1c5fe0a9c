"""Job-board connectors: fetch one feed over HTTP and map its records to payloads.

Connectors never touch the database. Each format lives in its own module
(`greenhouse`, `lever`, `ashby`, `jsonld`) exposing
`fetch(board: str, base_url: str | None) -> FeedResult`; `fetch_feed` picks the
module by `kind`. A failure of the whole feed raises `FeedError`; a single bad
record lands in `FeedResult.invalid` with its reason.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from dataclasses import dataclass, field, fields
from datetime import datetime

KINDS = ("greenhouse", "lever", "ashby", "jsonld")


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

    def content_hash(self) -> str:
        """Stable sha256 of the normalised content (key order and datetimes fixed)."""
        # Shallow on purpose: every field is a str, list, flat dict, datetime or None.
        data = {item.name: getattr(self, item.name) for item in fields(self)}
        for key in ("posted_at", "valid_through"):
            value = data[key]
            data[key] = value.isoformat() if value is not None else None
        encoded = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


@dataclass
class FeedResult:
    payloads: list[ListingPayload] = field(default_factory=list)
    invalid: list[tuple[str, str]] = field(default_factory=list)  # (raw id or index, reason)
    warnings: list[str] = field(default_factory=list)  # e.g. dropped salary ranges, with the listing id
    fetched: int = 0  # raw records seen (incl. invalid and skipped unlisted)


def fetch_feed(
    *, kind: str, board: str, base_url: str | None = None, company: str | None = None
) -> FeedResult:
    """Fetch and map one feed. Raises FeedError when the whole feed fails.

    `company` names the employer for formats whose feed does not (Lever, Ashby);
    pass the source's name. Without it the board name stands in.
    """
    if kind not in KINDS:
        raise FeedError(f"unknown feed kind {kind!r} (expected one of {', '.join(KINDS)})")
    if not board or not str(board).strip():
        raise FeedError(f"{kind} source has no board configured")
    module = importlib.import_module(f"jobs.connectors.{kind}")
    return module.fetch(board=str(board).strip(), base_url=base_url or None, company=company or None)


__all__ = ["KINDS", "FeedError", "FeedResult", "ListingPayload", "fetch_feed"]
