"""Pieces every connector shares: turning records into payloads one at a time,
so a bad record is reported instead of failing the feed."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any
from urllib.parse import quote

from jobs import normalise
from jobs.connectors import FeedResult, ListingPayload


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


def map_records(
    records: Iterable[Any],
    mapper: Callable[[Any, list[str]], ListingPayload | None],
    *,
    result: FeedResult,
    id_of: Callable[[Any], str],
) -> FeedResult:
    """Map each record; `mapper` returns None to skip a record on purpose (e.g. unlisted).

    A record that raises goes to `invalid` with its reason; the same external id
    twice keeps the first and warns.
    """
    seen: set[str] = set()
    for index, record in enumerate(records):
        result.fetched += 1
        label = id_of(record) if isinstance(record, dict) else ""
        label = label or f"#{index}"
        if not isinstance(record, dict):
            result.invalid.append((label, f"record is a {type(record).__name__}, not an object"))
            continue
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
    """Final checks and derived fields (seniority, employment type from the title as a fallback)."""
    if not raw_id:
        raise RecordError("missing id")
    clean = normalise.clean_title(title)
    if not clean:
        raise RecordError("missing title")
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


def safe_url(value: Any) -> str:
    """An http(s) URL from the feed, or "" (never a javascript: or relative link)."""
    if not isinstance(value, str):
        return ""
    text = value.strip()
    return text if re.match(r"https?://[^\s<>\"']+$", text, re.I) else ""
