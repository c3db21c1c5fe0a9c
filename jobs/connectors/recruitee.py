"""Recruitee Careers Site API: `GET https://{company}.recruitee.com/api/offers/`.

With a `base_url` the company is the first path segment:
`{base_url}/{company}/api/offers/`. No pagination: the whole board in one
response, `{"offers": [...]}`. Offers are keyed on `id` (not `slug`). The only
structured pay among the newer formats: `salary{min, max, period, currency}`
with amounts as strings (or null); a figure implausible for its period (a
"month" of 18.50) is stored as the employer stated it, with a warning. The
description is split across `highlight`, `description` and `requirements`.
`location` can read "Remote job" with the places only in `locations[]`;
`remote`, `hybrid` and `on_site` are not exclusive. Dates read
"2026-10-01 07:30:02 UTC". An unknown company is a 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from jobs import http, normalise, pay_text
from jobs.connectors import FeedError, FeedResult, ListingPayload
from jobs.connectors._base import (
    RecordError,
    build_payload,
    company_fallback,
    company_warning,
    map_records,
    raw_context,
    safe_url,
)

_EMPLOYMENT = {
    "fulltime": "full_time",
    "fulltime_permanent": "full_time",
    "fulltime_fixed_term": "temporary",
    "parttime": "part_time",
    "parttime_permanent": "part_time",
    "parttime_fixed_term": "part_time",
    "internship": "internship",
    "traineeship": "internship",
    "apprenticeship": "internship",
    "contract": "contract",
    "freelance": "contract",
    "temporary": "temporary",
    "seasonal": "temporary",
}


def feed_url(company: str, base_url: str | None = None) -> str:
    segment = quote(company, safe="")
    if base_url:
        return f"{base_url.rstrip('/')}/{segment}/api/offers/"
    return f"https://{segment}.recruitee.com/api/offers/"


def fetch(
    *,
    board: str,
    base_url: str | None = None,
    company: str | None = None,
    known_raw_hashes: Mapping[str, str] | None = None,
    options: Mapping[str, Any] | None = None,
) -> FeedResult:
    data = http.get_json(feed_url(board, base_url), what="Recruitee offers")
    return parse(data, board=board, company=company, known_raw_hashes=known_raw_hashes)


def parse(
    data: Any, *, board: str, company: str | None = None, known_raw_hashes: Mapping[str, str] | None = None
) -> FeedResult:
    if not isinstance(data, dict) or not isinstance(data.get("offers"), list):
        raise FeedError(f'unexpected Recruitee response for company {board!r}: no "offers" list')
    offers = data["offers"]
    result = map_records(
        offers,
        lambda offer, warnings: map_offer(offer, board=board, company=company, warnings=warnings),
        result=FeedResult(),
        id_of=lambda offer: normalise.as_id(offer.get("id")),
        context=raw_context(__name__, board=board, company=company),
        known_raw_hashes=known_raw_hashes,
    )
    first = next((offer for offer in offers if isinstance(offer, dict)), None)
    if first is not None:
        result.warnings.extend(company_warning(first.get("company_name"), company, what=f"Recruitee company {board!r}"))
    return result


def _places(offer: dict) -> tuple[list[str], list[str]]:
    places: list[str] = []
    codes: list[str] = []
    locations = offer.get("locations") if isinstance(offer.get("locations"), list) else []
    for place in locations:
        if not isinstance(place, dict):
            continue
        parts = [normalise.clean_title(place.get(key)) for key in ("city", "state", "country")]
        name = ", ".join(part for part in dict.fromkeys(parts) if part)
        if name and name not in places:
            places.append(name)
        code = str(place.get("country_code") or "").strip().upper()
        if len(code) == 2 and code.isalpha() and code not in codes:
            codes.append(code)
    if not places:
        text = normalise.clean_title(offer.get("location"))
        if text and normalise.workplace_from_text(text) != "remote":
            places = normalise.split_locations(text)
    code = str(offer.get("country_code") or "").strip().upper()
    if not codes and len(code) == 2 and code.isalpha():
        codes.append(code)
    for extra in normalise.countries_for(places):
        if extra not in codes:
            codes.append(extra)
    return places, codes


def _workplace_flag(offer: dict) -> str | None:
    remote, hybrid, on_site = (offer.get(key) is True for key in ("remote", "hybrid", "on_site"))
    if hybrid or (remote and on_site):
        return "hybrid"
    if remote:
        return "remote"
    if on_site:
        return "onsite"
    return None


def _salary(offer: dict, listing: str, warnings: list[str]) -> dict | None:
    salary = offer.get("salary")
    if not isinstance(salary, dict):
        return None
    stated = normalise.make_salary(
        minimum=salary.get("min"),
        maximum=salary.get("max"),
        currency=salary.get("currency"),
        period=salary.get("period"),
        listing=listing,
        warnings=warnings,
    )
    if stated and not all(
        pay_text.plausible(stated[key], stated["currency"], stated["period"]) for key in ("min", "max")
    ):
        # Stored as stated (the employer's word), but flagged for an editor to look at.
        warnings.append(
            f"{listing}: salary {stated['min']}-{stated['max']} {stated['currency']} a {stated['period']} "
            "looks implausible for its period; stored as stated"
        )
    return stated


def map_offer(offer: dict, *, board: str, company: str | None, warnings: list[str]) -> ListingPayload:
    raw_id = normalise.as_id(offer.get("id"))
    if not raw_id:
        raise RecordError("missing id")
    places, codes = _places(offer)
    parts = [offer.get(key) for key in ("highlight", "description", "requirements")]
    description_html, description_text = normalise.description("".join(p for p in parts if isinstance(p, str)))
    title = offer.get("title")
    workplace = normalise.resolve_workplace(
        _workplace_flag(offer),
        short_texts=[offer.get("location"), *places, title],
        description_text=description_text,
    )
    code = normalise.fold(str(offer.get("employment_type_code") or ""))
    employment = _EMPLOYMENT.get(code) or normalise.employment_type_from_value(code.replace("_", " "))
    employer = normalise.clean_title(offer.get("company_name")) or company or company_fallback(board)
    url = safe_url(offer.get("careers_url")) or f"https://{quote(board, safe='')}.recruitee.com/o/{raw_id}"
    return build_payload(
        raw_id=raw_id,
        title=title,
        company=employer,
        places=places,
        country_codes=codes,
        workplace=workplace,
        employment_type=employment,
        salary=_salary(offer, raw_id, warnings),
        description_html=description_html,
        description_text=description_text,
        url=url,
        apply_url=safe_url(offer.get("careers_apply_url")) or url,
        posted_at=normalise.parse_datetime(offer.get("published_at"))
        or normalise.parse_datetime(offer.get("created_at")),
        valid_through=normalise.parse_datetime(offer.get("close_at")),
    )
