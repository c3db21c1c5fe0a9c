"""Ashby posting API: `GET /posting-api/job-board/{board}?includeCompensation=true`.

Unlisted jobs (`isListed: false`) are counted as fetched and skipped. Only
`Salary` compensation components count (never equity, bonus or commission),
read from the numbers (`minValue`/`maxValue`, `interval` "1 YEAR"), not the
summary strings.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from jobs import http, normalise
from jobs.connectors import FeedError, FeedResult, ListingPayload
from jobs.connectors._base import (
    RecordError,
    api_url,
    build_payload,
    company_fallback,
    map_records,
    raw_context,
    safe_url,
)

DEFAULT_BASE_URL = "https://api.ashbyhq.com"


def feed_url(board: str, base_url: str | None = None) -> str:
    return api_url(base_url, DEFAULT_BASE_URL, "/posting-api/job-board/{}", board)


def fetch(
    *,
    board: str,
    base_url: str | None = None,
    company: str | None = None,
    known_raw_hashes: Mapping[str, str] | None = None,
    options: Mapping[str, Any] | None = None,
) -> FeedResult:
    params = {"includeCompensation": "true"}
    data = http.get_json(feed_url(board, base_url), params=params, what="Ashby job board")
    return parse(data, board=board, company=company, known_raw_hashes=known_raw_hashes)


def parse(
    data: Any, *, board: str, company: str | None = None, known_raw_hashes: Mapping[str, str] | None = None
) -> FeedResult:
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise FeedError(f'unexpected Ashby response for board {board!r}: no "jobs" list')
    employer = company or company_fallback(board)
    return map_records(
        data["jobs"],
        lambda job, warnings: map_job(job, board=board, company=employer, warnings=warnings),
        result=FeedResult(),
        id_of=lambda job: normalise.as_id(job.get("id")),
        context=raw_context(__name__, board=board, company=company),
        known_raw_hashes=known_raw_hashes,
    )


def _salary_components(compensation: dict) -> list[dict]:
    """Salary components: the summary if it has any, else every tier's (zones of one job)."""
    summary = [c for c in compensation.get("summaryComponents") or [] if isinstance(c, dict)]
    salary = [c for c in summary if str(c.get("compensationType") or "").lower() == "salary"]
    if salary:
        return salary
    tiers = [t for t in compensation.get("compensationTiers") or [] if isinstance(t, dict)]
    return [
        c
        for tier in tiers
        for c in tier.get("components") or []
        if isinstance(c, dict) and str(c.get("compensationType") or "").lower() == "salary"
    ]


def _salary(job: dict, listing: str, warnings: list[str]) -> dict | None:
    compensation = job.get("compensation")
    if not isinstance(compensation, dict):
        return None
    components = [
        c
        for c in _salary_components(compensation)
        if c.get("minValue") is not None or c.get("maxValue") is not None
    ]
    if not components:
        return None
    first = components[0]
    # Tiers of one job in the same currency and interval are one range from the
    # lowest minimum to the highest maximum.
    same = [
        c
        for c in components
        if c.get("currencyCode") == first.get("currencyCode") and c.get("interval") == first.get("interval")
    ]
    lows = [normalise.parse_amount(c.get("minValue")) for c in same if c.get("minValue") is not None]
    highs = [normalise.parse_amount(c.get("maxValue")) for c in same if c.get("maxValue") is not None]
    if any(v is None for v in lows + highs):
        return normalise.make_salary(
            minimum=first.get("minValue"),
            maximum=first.get("maxValue"),
            currency=first.get("currencyCode"),
            period=first.get("interval"),
            listing=listing,
            warnings=warnings,
        )
    return normalise.make_salary(
        minimum=min(lows) if lows else None,
        maximum=max(highs) if highs else None,
        currency=first.get("currencyCode"),
        period=first.get("interval"),
        listing=listing,
        warnings=warnings,
    )


def _address_country(value: Any) -> Any:
    if not isinstance(value, dict):
        return None
    postal = value.get("postalAddress") if isinstance(value.get("postalAddress"), dict) else value
    return postal.get("addressCountry")


def map_job(job: dict, *, board: str, company: str, warnings: list[str]) -> ListingPayload | None:
    if job.get("isListed") is False:
        return None  # unlisted: shared by link only, not part of the public board
    raw_id = normalise.as_id(job.get("id"))
    if not raw_id:
        raise RecordError("missing id")
    places = normalise.split_locations(job.get("location"))
    country_fields = [_address_country(job.get("address"))]
    for secondary in job.get("secondaryLocations") or []:
        name = secondary.get("location") if isinstance(secondary, dict) else secondary
        for place in normalise.split_locations(name):
            if place not in places:
                places.append(place)
        if isinstance(secondary, dict):
            country_fields.append(_address_country(secondary.get("address")))
    countries = normalise.countries_for(places, extra=[c for c in country_fields if c])

    raw_html = job.get("descriptionHtml")
    if not raw_html and job.get("descriptionPlain"):
        raw_html = "".join(
            f"<p>{html.escape(line)}</p>" for line in str(job["descriptionPlain"]).splitlines()
        )
    description_html, description_text = normalise.description(raw_html)

    title = job.get("title")
    field = job.get("workplaceType")
    if not normalise.workplace_from_value(field) and job.get("isRemote") is True:
        field = "remote"
    is_remote_false = job.get("isRemote") is False
    workplace = normalise.resolve_workplace(
        field,
        short_texts=[*places, title],
        description_text=description_text,
        # Older boards only say isRemote: false; with a named place that is on-site.
        physical_location=is_remote_false and bool(places),
    )

    url = safe_url(job.get("jobUrl")) or f"https://jobs.ashbyhq.com/{board}/{raw_id}"
    return build_payload(
        raw_id=raw_id,
        title=title,
        company=company,
        places=places,
        country_codes=countries,
        workplace=workplace,
        employment_type=normalise.employment_type_from_value(job.get("employmentType")),
        salary=_salary(job, raw_id, warnings),
        description_html=description_html,
        description_text=description_text,
        url=url,
        apply_url=safe_url(job.get("applyUrl")) or f"{url}/application",
        posted_at=normalise.parse_datetime(job.get("publishedAt")),
        identifier=normalise.as_id(job.get("requisitionId")) or None,
    )
