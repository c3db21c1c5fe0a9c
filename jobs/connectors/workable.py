"""Workable jobs widget: `GET /api/v1/widget/accounts/{account}?details=true`.

Public but undocumented, so every response is checked for shape. The whole
board comes in one response (no pagination); `details=true` adds each job's
HTML `description`. A job listed once per location under one `shortcode` is
merged into one record with all its places; `locations[]` entries marked
`hidden` are not shown. `telecommuting` is the only remote signal (there is no
hybrid flag), so anything else is left to the description. There is no pay
field: pay comes from the description text. A row without a description (the
widget ignored `details=true`) is completed from
`GET /api/v2/accounts/{account}/jobs/{shortcode}`; when that fails the job is
kept without its description and the warnings say so. An unknown account is a
404; an empty board proves little (Workable has answered empty for accounts
that were hiring), so it is reported in the warnings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jobs import http, normalise
from jobs.connectors import FeedError, FeedResult, ListingPayload
from jobs.connectors._base import (
    RecordError,
    api_url,
    build_payload,
    company_fallback,
    company_warning,
    fetch_details,
    map_records,
    raw_context,
    records_to_map,
    safe_url,
)

DEFAULT_BASE_URL = "https://apply.workable.com"


def feed_url(account: str, base_url: str | None = None) -> str:
    return api_url(base_url, DEFAULT_BASE_URL, "/api/v1/widget/accounts/{}", account)


def detail_url(account: str, shortcode: str, base_url: str | None = None) -> str:
    return api_url(base_url, DEFAULT_BASE_URL, "/api/v2/accounts/{}/jobs/{}", account, shortcode)


def _shortcode(job: dict) -> str:
    return normalise.as_id(job.get("shortcode"))


def fetch(
    *,
    board: str,
    base_url: str | None = None,
    company: str | None = None,
    known_raw_hashes: Mapping[str, str] | None = None,
    options: Mapping[str, Any] | None = None,
) -> FeedResult:
    data = http.get_json(feed_url(board, base_url), params={"details": "true"}, what="Workable account")
    jobs = _jobs(data, board)
    context = raw_context(__name__, board=board, company=company)
    missing = {_shortcode(job) for job in jobs if isinstance(job, dict) and not isinstance(job.get("description"), str)}
    wanted = [
        code
        for code in records_to_map(jobs, id_of=_shortcode, context=context, known_raw_hashes=known_raw_hashes)
        if code in missing
    ]
    details = fetch_details(wanted, lambda code: http.get_json(detail_url(board, code, base_url), what="Workable job"))
    return parse(data, board=board, company=company, known_raw_hashes=known_raw_hashes, details=details)


def _jobs(data: Any, board: str) -> list[Any]:
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise FeedError(f'unexpected Workable response for account {board!r}: no "jobs" list')
    return merge_locations(data["jobs"])


def merge_locations(jobs: list[Any]) -> list[Any]:
    """One record per shortcode: later rows of the same job add their places to the first."""
    merged: dict[str, dict] = {}
    out: list[Any] = []
    for job in jobs:
        code = _shortcode(job) if isinstance(job, dict) else ""
        if not code:
            out.append(job)
            continue
        if code not in merged:
            merged[code] = dict(job)
            out.append(merged[code])
            continue
        first = merged[code]
        places = list(first.get("locations") or []) if isinstance(first.get("locations"), list) else []
        extra = job.get("locations") if isinstance(job.get("locations"), list) else []
        row_place = {
            "country": job.get("country"),
            "countryCode": None,
            "city": job.get("city"),
            "region": job.get("state"),
            "hidden": False,
        }
        for place in [*extra, row_place]:
            if isinstance(place, dict) and _place_key(place) not in {_place_key(p) for p in places}:
                places.append(place)
        first["locations"] = places
    return out


def _place_key(place: Any) -> tuple[str, str]:
    if not isinstance(place, dict):
        return ("", "")
    return (normalise.fold(str(place.get("city") or "")), normalise.fold(str(place.get("country") or "")))


def parse(
    data: Any,
    *,
    board: str,
    company: str | None = None,
    known_raw_hashes: Mapping[str, str] | None = None,
    details: Mapping[str, Any] | None = None,
) -> FeedResult:
    jobs = _jobs(data, board)
    employer = normalise.clean_title(data.get("name")) or company or company_fallback(board)
    result = map_records(
        jobs,
        lambda job, warnings: map_job(job, board=board, company=employer, details=details, warnings=warnings),
        result=FeedResult(),
        id_of=_shortcode,
        context=raw_context(__name__, board=board, company=company),
        known_raw_hashes=known_raw_hashes,
    )
    result.warnings.extend(company_warning(data.get("name"), company, what=f"Workable account {board!r}"))
    if not jobs:
        result.warnings.append(
            f"Workable account {board!r} lists no jobs (Workable has answered empty for accounts that were hiring)"
        )
    return result


def _places(job: dict) -> tuple[list[str], list[str]]:
    places: list[str] = []
    codes: list[str] = []
    locations = job.get("locations") if isinstance(job.get("locations"), list) else []
    for place in locations:
        if not isinstance(place, dict) or place.get("hidden") is True:
            continue
        parts = [normalise.clean_title(place.get(key)) for key in ("city", "region", "country")]
        name = ", ".join(part for part in dict.fromkeys(parts) if part)
        if name and name not in places:
            places.append(name)
        code = str(place.get("countryCode") or "").strip().upper()
        if len(code) == 2 and code.isalpha() and code not in codes:
            codes.append(code)
    if not places:
        parts = [normalise.clean_title(job.get(key)) for key in ("city", "state", "country")]
        name = ", ".join(part for part in dict.fromkeys(parts) if part)
        if name:
            places.append(name)
    for code in normalise.countries_for(places):
        if code not in codes:
            codes.append(code)
    return places, codes


def _description(job: dict, details: Mapping[str, Any] | None, warnings: list[str]) -> str:
    description = job.get("description")
    if isinstance(description, str):
        return description
    code = _shortcode(job)
    detail = (details or {}).get(code)
    if isinstance(detail, dict):
        parts = [detail.get(key) for key in ("description", "requirements", "benefits")]
        return "".join(part for part in parts if isinstance(part, str))
    reason = str(detail) if isinstance(detail, FeedError) else "no description in the widget"
    warnings.append(f"{code}: job details not available ({reason}); kept without its description")
    return ""


def map_job(
    job: dict, *, board: str, company: str, details: Mapping[str, Any] | None, warnings: list[str]
) -> ListingPayload:
    raw_id = _shortcode(job)
    if not raw_id:
        raise RecordError("missing shortcode")
    places, codes = _places(job)
    description_html, description_text = normalise.description(_description(job, details, warnings))
    title = job.get("title")
    telecommuting = job.get("telecommuting")
    workplace = normalise.resolve_workplace(
        "remote" if telecommuting is True else None,
        short_texts=[*places, title],
        description_text=description_text,
    )
    employment = normalise.employment_type_from_value(job.get("employment_type"))
    if normalise.fold(str(job.get("experience") or "")) == "internship":
        employment = "internship"
    url = (
        safe_url(job.get("url")) or safe_url(job.get("shortlink")) or f"https://apply.workable.com/j/{raw_id}"
    )
    return build_payload(
        raw_id=raw_id,
        title=title,
        company=company,
        places=places,
        country_codes=codes,
        workplace=workplace,
        employment_type=employment,
        salary=None,
        description_html=description_html,
        description_text=description_text,
        url=url,
        apply_url=safe_url(job.get("application_url")) or url,
        posted_at=normalise.parse_datetime(job.get("published_on")) or normalise.parse_datetime(job.get("created_at")),
        identifier=normalise.as_id(job.get("code")) or None,
    )
