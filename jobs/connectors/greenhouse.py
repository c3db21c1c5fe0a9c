"""Greenhouse Job Board API: `GET /v1/boards/{token}/jobs?content=true`.

The whole board comes in one response. `content` is HTML escaped once, so it
is unescaped exactly once before sanitising. Pay ranges come from `metadata`
(`currency_range` values with string amounts, the period in a separate field)
or from `pay_input_ranges` (amounts in cents) when the response has them.

With the source option `pay_transparency: true`, each new or changed post is
also read from `GET /v1/boards/{token}/jobs/{id}?pay_transparency=true` for its
`pay_input_ranges` (cents, no period field: the period comes from the zone's
title or blurb, or from what the amounts can only be). A post whose detail
fails keeps the list's data, with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jobs import http, normalise, pay_text
from jobs.connectors import FeedError, FeedResult, ListingPayload
from jobs.connectors._base import (
    RecordError,
    api_url,
    build_payload,
    fetch_details,
    map_records,
    raw_context,
    records_to_map,
    safe_url,
)

DEFAULT_BASE_URL = "https://boards-api.greenhouse.io"

_WORKPLACE_FIELD = re.compile(
    r"workplace|work ?place|location type|remote|work (?:arrangement|model|type|style)"
)
_EMPLOYMENT_FIELD = re.compile(r"employment|job type|contract type|commitment|time type|position type")
_PERIOD_FIELD = re.compile(r"frequency|period|interval|pay (?:basis|type|unit)|salary (?:basis|type|unit)")
_NOT_BASE_PAY = re.compile(
    r"bonus|equity|commission|\bote\b|on[- ]target|stock|incentive|sign[- ]?on|variable"
)


def feed_url(board: str, base_url: str | None = None) -> str:
    return api_url(base_url, DEFAULT_BASE_URL, "/v1/boards/{}/jobs", board)


def job_url(board: str, job_id: str, base_url: str | None = None) -> str:
    return api_url(base_url, DEFAULT_BASE_URL, "/v1/boards/{}/jobs/{}", board, job_id)


def _job_id(job: dict) -> str:
    return normalise.as_id(job.get("id"))


def fetch(
    *,
    board: str,
    base_url: str | None = None,
    company: str | None = None,
    known_raw_hashes: Mapping[str, str] | None = None,
    options: Mapping[str, Any] | None = None,
) -> FeedResult:
    data = http.get_json(feed_url(board, base_url), params={"content": "true"}, what="Greenhouse board")
    if not (options or {}).get("pay_transparency"):
        return parse(data, board=board, company=company, known_raw_hashes=known_raw_hashes)
    _check(data, board)
    wanted = records_to_map(
        data["jobs"], id_of=_job_id, context=_context(board, company, True), known_raw_hashes=known_raw_hashes
    )
    details = fetch_details(
        wanted,
        lambda job_id: http.get_json(
            job_url(board, job_id, base_url), params={"pay_transparency": "true"}, what="Greenhouse job"
        ),
    )
    return parse(data, board=board, company=company, known_raw_hashes=known_raw_hashes, pay_details=details)


def _context(board: str, company: str | None, pay_transparency: bool) -> str:
    return raw_context(__name__, board=board, company=company, extra="pay_transparency" if pay_transparency else "")


def _check(data: Any, board: str) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise FeedError(f'unexpected Greenhouse response for board {board!r}: no "jobs" list')


def parse(
    data: Any,
    *,
    board: str,
    company: str | None = None,
    known_raw_hashes: Mapping[str, str] | None = None,
    pay_details: Mapping[str, Any] | None = None,
) -> FeedResult:
    """Map a board; `pay_details` (`{id: job detail or FeedError}`) are the per-job
    pay-transparency answers, when the source reads them."""
    _check(data, board)

    def mapper(job: dict, warnings: list[str]) -> ListingPayload:
        if pay_details is not None:
            job = _with_pay_ranges(job, pay_details.get(_job_id(job)), warnings)
        return map_job(job, board=board, company=company, warnings=warnings)

    return map_records(
        data["jobs"],
        mapper,
        result=FeedResult(),
        id_of=_job_id,
        context=_context(board, company, pay_details is not None),
        known_raw_hashes=known_raw_hashes,
    )


def _with_pay_ranges(job: dict, detail: Any, warnings: list[str]) -> dict:
    job_id = _job_id(job)
    if isinstance(detail, FeedError):
        warnings.append(f"{job_id}: pay ranges not read ({detail}); kept the board's data")
        return job
    if not isinstance(detail, dict) or not isinstance(detail.get("pay_input_ranges", []), list):
        warnings.append(f"{job_id}: pay ranges not read (unexpected job detail); kept the board's data")
        return job
    return {**job, "pay_input_ranges": detail.get("pay_input_ranges") or []}


def _metadata(job: dict) -> list[dict]:
    items = job.get("metadata")
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _field_value(metadata: list[dict], pattern: re.Pattern[str]) -> Any:
    for item in metadata:
        if item.get("value_type") in ("currency_range", "currency"):
            continue
        value = item.get("value")
        if value not in (None, "") and pattern.search(normalise.fold(str(item.get("name") or ""))):
            return value[0] if isinstance(value, list) and value else value
    return None


def _salary(job: dict, metadata: list[dict], listing: str, warnings: list[str]) -> dict | None:
    period_value = _field_value(metadata, _PERIOD_FIELD)
    ranges = job.get("pay_input_ranges")
    if isinstance(ranges, list) and ranges:
        # Several ranges (one per location zone) in one currency: report the span.
        usable = [r for r in ranges if isinstance(r, dict)]
        if usable:
            currency = usable[0].get("currency_type") or usable[0].get("currency")
            same = [r for r in usable if (r.get("currency_type") or r.get("currency")) == currency]
            lows = [normalise.parse_amount(r.get("min_cents")) for r in same]
            highs = [normalise.parse_amount(r.get("max_cents")) for r in same]
            if any(v is None for v in lows + highs):
                warnings.append(f"{listing}: salary dropped (non-numeric pay_input_ranges amount)")
                return None
            blurb = " ".join(str(r.get("blurb") or "") + " " + str(r.get("title") or "") for r in same)
            # No period field: the words of the zone's title or blurb, else what the amounts can only be.
            period = (
                period_value
                or _period_hint(blurb)
                or pay_text.period_from_magnitude([v / 100 for v in lows + highs], str(currency or "").upper())
            )
            if period is None:
                warnings.append(f"{listing}: salary dropped (pay_input_ranges without a pay period)")
                return None
            return normalise.make_salary(
                minimum=min(lows) / 100,
                maximum=max(highs) / 100,
                currency=currency,
                period=period,
                listing=listing,
                warnings=warnings,
            )
    for item in metadata:
        # "currency_range" holds min_value/max_value; a plain "currency" field one amount.
        if item.get("value_type") not in ("currency_range", "currency"):
            continue
        name = normalise.fold(str(item.get("name") or ""))
        if _NOT_BASE_PAY.search(name):
            continue
        value = item.get("value")
        if not isinstance(value, dict):
            continue  # a pay-range field left empty on this post
        period = period_value or _period_hint(name)
        if period is None:
            warnings.append(f"{listing}: salary dropped (pay range without a pay period)")
            return None
        single = value.get("amount", value.get("value"))
        return normalise.make_salary(
            minimum=value.get("min_value", single),
            maximum=value.get("max_value", single),
            currency=value.get("unit") or value.get("currency"),
            period=period,
            listing=listing,
            warnings=warnings,
        )
    return None


def _period_hint(text: str) -> str | None:
    folded = normalise.fold(text)
    for word, period in (
        ("hour", "hour"),
        ("daily", "day"),
        ("day rate", "day"),
        ("week", "week"),
        ("month", "month"),
        ("annual", "year"),
        ("yearly", "year"),
        ("per year", "year"),
        ("salary", None),
    ):
        if re.search(rf"\b{word}", folded):
            return period
    return None


def map_job(job: dict, *, board: str, company: str | None, warnings: list[str]) -> ListingPayload:
    raw_id = normalise.as_id(job.get("id"))
    if not raw_id:
        raise RecordError("missing id")
    metadata = _metadata(job)
    location = job.get("location")
    location_name = location.get("name") if isinstance(location, dict) else location
    places = normalise.split_locations(location_name)
    offices = [o for o in job.get("offices") or [] if isinstance(o, dict)]
    if not places:
        places = [name for o in offices if (name := normalise.clean_title(o.get("name")))]
    office_places = [o.get("location") for o in offices if isinstance(o.get("location"), str)]
    countries = normalise.countries_for(places)
    for code in normalise.countries_for(office_places):
        if code not in countries:
            countries.append(code)

    # Greenhouse escapes the HTML once; unescaping twice would turn text such as
    # "&lt;script&gt;" written by the employer into markup.
    content = normalise.unescape(job.get("content") or "")
    description_html, description_text = normalise.description(content)

    title = job.get("title")
    workplace = normalise.resolve_workplace(
        _field_value(metadata, _WORKPLACE_FIELD),
        short_texts=[location_name, title],
        description_text=description_text,
    )
    url = safe_url(job.get("absolute_url")) or f"https://job-boards.greenhouse.io/{board}/jobs/{raw_id}"
    return build_payload(
        raw_id=raw_id,
        title=title,
        company=job.get("company_name") or company or board,
        places=places,
        country_codes=countries,
        workplace=workplace,
        employment_type=normalise.employment_type_from_value(_field_value(metadata, _EMPLOYMENT_FIELD)),
        salary=_salary(job, metadata, raw_id, warnings),
        description_html=description_html,
        description_text=description_text,
        url=url,
        apply_url=url,
        posted_at=normalise.parse_datetime(job.get("first_published"))
        or normalise.parse_datetime(job.get("updated_at")),
        valid_through=normalise.parse_datetime(job.get("application_deadline"), end_of_day=True),
        group_key=normalise.as_id(job.get("internal_job_id")) or None,
        # Company career pages publish a Greenhouse job's post id (gh_jid) as
        # their JSON-LD identifier, so the post id is what links the two.
        identifier=raw_id,
    )
