"""Lever Postings API: `GET /v0/postings/{site}?mode=json&skip=N&limit=N`.

Pages are read until one comes back shorter than the limit. `createdAt` is
epoch milliseconds; `salaryRange.interval` names the period
(`per-year-salary`, `per-hour-wage`, ...). The feed does not name the
employer, so the source's name is used. The same id twice keeps the first.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
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

DEFAULT_BASE_URL = "https://api.lever.co"
PAGE_SIZE = 100
MAX_PAGES = 500  # 50,000 postings: far beyond any real board, stops a server that never ends


def feed_url(board: str, base_url: str | None = None) -> str:
    return api_url(base_url, DEFAULT_BASE_URL, "/v0/postings/{}", board)


def read_pages(get_page: Callable[[int, int], Any], *, board: str, page_size: int = PAGE_SIZE) -> list[Any]:
    """All records from `get_page(skip, limit)`, stopping at the first short page."""
    records: list[Any] = []
    first_ids: list[Any] | None = None
    for page_number in range(MAX_PAGES):
        page = get_page(page_number * page_size, page_size)
        if isinstance(page, dict):
            error = page.get("error") or page.get("message") or "unexpected object"
            raise FeedError(f"Lever site {board!r} answered with an error: {error}")
        if not isinstance(page, list):
            raise FeedError(f"unexpected Lever response for site {board!r}: expected a list of postings")
        ids = [item.get("id") if isinstance(item, dict) else None for item in page]
        if page_number == 0:
            first_ids = ids
        elif page and ids == first_ids:
            # A server that ignores `skip` would otherwise be read MAX_PAGES times.
            raise FeedError(f"Lever site {board!r} returned the first page again: paging not honoured")
        records.extend(page)
        if len(page) < page_size:
            return records
    raise FeedError(f"Lever site {board!r} has more than {MAX_PAGES * page_size} postings, stopped paging")


def fetch(
    *,
    board: str,
    base_url: str | None = None,
    company: str | None = None,
    known_raw_hashes: Mapping[str, str] | None = None,
    options: Mapping[str, Any] | None = None,
) -> FeedResult:
    url = feed_url(board, base_url)

    def get_page(skip: int, limit: int) -> Any:
        params = {"mode": "json", "skip": skip, "limit": limit}
        return http.get_json(url, params=params, what="Lever postings")

    records = read_pages(get_page, board=board, page_size=PAGE_SIZE)
    return parse(records, board=board, company=company, known_raw_hashes=known_raw_hashes)


def parse(
    data: Any, *, board: str, company: str | None = None, known_raw_hashes: Mapping[str, str] | None = None
) -> FeedResult:
    if not isinstance(data, list):
        raise FeedError(f"unexpected Lever response for site {board!r}: expected a list of postings")
    employer = company or company_fallback(board)
    return map_records(
        data,
        lambda posting, warnings: map_posting(posting, board=board, company=employer, warnings=warnings),
        result=FeedResult(),
        id_of=lambda posting: normalise.as_id(posting.get("id")),
        context=raw_context(__name__, board=board, company=company),
        known_raw_hashes=known_raw_hashes,
    )


def _description(posting: dict) -> str:
    parts = [posting.get("description") or ""]
    if not parts[0]:
        parts = [posting.get("opening") or "", posting.get("descriptionBody") or ""]
    for section in posting.get("lists") or []:
        if not isinstance(section, dict):
            continue
        heading = html.escape(normalise.clean_title(section.get("text")))
        content = section.get("content") or ""
        if heading:
            parts.append(f"<h3>{heading}</h3>")
        if content:
            # Lever sends list items without their <ul>.
            parts.append(f"<ul>{content}</ul>" if "<li" in content and "<ul" not in content else content)
    parts.append(posting.get("additional") or "")
    return "".join(part for part in parts if isinstance(part, str))


def map_posting(posting: dict, *, board: str, company: str, warnings: list[str]) -> ListingPayload:
    raw_id = normalise.as_id(posting.get("id"))
    if not raw_id:
        raise RecordError("missing id")
    categories = posting.get("categories") if isinstance(posting.get("categories"), dict) else {}
    places: list[str] = []
    all_locations = categories.get("allLocations")
    for value in [categories.get("location")] + (all_locations if isinstance(all_locations, list) else []):
        for place in normalise.split_locations(value):
            if place not in places:
                places.append(place)
    countries = normalise.countries_for(places, extra=[posting.get("country")])

    description_html, description_text = normalise.description(_description(posting))
    title = posting.get("text")
    workplace = normalise.resolve_workplace(
        posting.get("workplaceType"),
        short_texts=[*places, title],
        description_text=description_text,
    )

    salary = None
    salary_range = posting.get("salaryRange")
    if isinstance(salary_range, dict):
        salary = normalise.make_salary(
            minimum=salary_range.get("min"),
            maximum=salary_range.get("max"),
            currency=salary_range.get("currency"),
            period=salary_range.get("interval"),
            listing=raw_id,
            warnings=warnings,
        )

    url = safe_url(posting.get("hostedUrl")) or f"https://jobs.lever.co/{board}/{raw_id}"
    return build_payload(
        raw_id=raw_id,
        title=title,
        company=company,
        places=places,
        country_codes=countries,
        workplace=workplace,
        employment_type=normalise.employment_type_from_value(categories.get("commitment")),
        salary=salary,
        description_html=description_html,
        description_text=description_text,
        url=url,
        apply_url=safe_url(posting.get("applyUrl")) or f"{url}/apply",
        posted_at=normalise.parse_datetime(posting.get("createdAt")),
        identifier=normalise.as_id(posting.get("requisitionCode")) or None,
    )
