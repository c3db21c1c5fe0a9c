"""SmartRecruiters Posting API: `GET /v1/companies/{company}/postings?limit=100&offset=N`,
then `GET /v1/companies/{company}/postings/{id}` for each new or changed posting.

The list is paged until `offset >= totalFound` or a short page; a page that
repeats one already read (a server ignoring `offset`) fails the feed. The list
has no description and no public URL: the detail adds `jobAd.sections`
(company, job, qualifications, additional information), `postingUrl` and
`applyUrl`. A detail that fails (404 for a posting the list still shows) or
says `active: false` keeps the list's record, with a warning. Country codes
come in lower case; `region` can be missing. Pay has no field: a custom field
whose label names salary or pay is read as the employer's statement, else the
description text. An unknown company answers exactly like a company with no
openings (200, `totalFound: 0`), which the warnings point out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from typing import Any

from jobs import http, normalise, pay_text
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

DEFAULT_BASE_URL = "https://api.smartrecruiters.com"
PAGE_SIZE = 100  # the API's cap
MAX_PAGES = 200  # 20,000 postings: far beyond any real board, stops a server that never ends
_SECTIONS = ("companyDescription", "jobDescription", "qualifications", "additionalInformation")
_PAY_FIELD = re.compile(r"salar|\bpay\b|compensation|wage|gehalt|remuneration")


def feed_url(company_id: str, base_url: str | None = None) -> str:
    return api_url(base_url, DEFAULT_BASE_URL, "/v1/companies/{}/postings", company_id)


def detail_url(company_id: str, posting_id: str, base_url: str | None = None) -> str:
    return api_url(base_url, DEFAULT_BASE_URL, "/v1/companies/{}/postings/{}", company_id, posting_id)


def _posting_id(posting: dict) -> str:
    return normalise.as_id(posting.get("id"))


def read_pages(get_page: Callable[[int, int], Any], *, board: str, page_size: int | None = None) -> list[Any]:
    """Every posting from `get_page(offset, limit)`, until totalFound or a short page."""
    page_size = page_size or PAGE_SIZE
    records: list[Any] = []
    seen_pages: set[tuple[str, ...]] = set()
    offset = 0
    for _ in range(MAX_PAGES):
        page = get_page(offset, page_size)
        if not isinstance(page, dict) or not isinstance(page.get("content"), list):
            raise FeedError(f'unexpected SmartRecruiters response for company {board!r}: no "content" list')
        content = page["content"]
        total = page.get("totalFound")
        if not isinstance(total, int) or isinstance(total, bool) or total < 0:
            raise FeedError(f"unexpected SmartRecruiters response for company {board!r}: no totalFound")
        ids = tuple(_posting_id(item) if isinstance(item, dict) else "" for item in content)
        if content and ids in seen_pages:
            raise FeedError(
                f"SmartRecruiters company {board!r} returned the same page again at offset {offset}: "
                "paging not honoured"
            )
        seen_pages.add(ids)
        records.extend(content)
        offset += len(content)
        if not content or len(content) < page_size or offset >= total:
            return records
    raise FeedError(f"SmartRecruiters company {board!r} has more than {MAX_PAGES * page_size} postings, stopped paging")


def fetch(
    *,
    board: str,
    base_url: str | None = None,
    company: str | None = None,
    known_raw_hashes: Mapping[str, str] | None = None,
    options: Mapping[str, Any] | None = None,
) -> FeedResult:
    url = feed_url(board, base_url)

    def get_page(offset: int, limit: int) -> Any:
        return http.get_json(url, params={"limit": limit, "offset": offset}, what="SmartRecruiters postings")

    records = read_pages(get_page, board=board)
    context = raw_context(__name__, board=board, company=company)
    wanted = records_to_map(records, id_of=_posting_id, context=context, known_raw_hashes=known_raw_hashes)
    details = fetch_details(
        wanted,
        lambda posting_id: http.get_json(detail_url(board, posting_id, base_url), what="SmartRecruiters posting"),
    )
    return parse(records, board=board, company=company, known_raw_hashes=known_raw_hashes, details=details)


def parse(
    data: Any,
    *,
    board: str,
    company: str | None = None,
    known_raw_hashes: Mapping[str, str] | None = None,
    details: Mapping[str, Any] | None = None,
) -> FeedResult:
    """Map the postings of every page; `details` is `{id: posting detail or FeedError}`."""
    if not isinstance(data, list):
        raise FeedError(f"unexpected SmartRecruiters postings for company {board!r}: expected a list")
    result = map_records(
        data,
        lambda posting, warnings: map_posting(
            posting, board=board, company=company, detail=(details or {}).get(_posting_id(posting)), warnings=warnings
        ),
        result=FeedResult(),
        id_of=_posting_id,
        context=raw_context(__name__, board=board, company=company),
        known_raw_hashes=known_raw_hashes,
    )
    first = next((item for item in data if isinstance(item, dict)), None)
    if first is None:
        result.warnings.append(
            f"SmartRecruiters company {board!r} lists no postings "
            "(an unknown company identifier answers the same: check it)"
        )
    else:
        reported = first.get("company", {}).get("name") if isinstance(first.get("company"), dict) else None
        result.warnings.extend(company_warning(reported, company, what=f"SmartRecruiters company {board!r}"))
    return result


def _location(posting: dict) -> tuple[list[str], list[str], dict]:
    location = posting.get("location") if isinstance(posting.get("location"), dict) else {}
    code = str(location.get("country") or "").strip().upper()
    code = code if len(code) == 2 and code.isalpha() else ""
    country = normalise.country_name(code) if code else ""
    parts = [normalise.clean_title(location.get(key)) for key in ("city", "region")]
    name = ", ".join(part for part in [*parts, country] if part)
    if not name:
        # "Kraków, , Poland": the empty slot of a missing region is dropped.
        full = str(location.get("fullLocation") or "")
        name = ", ".join(part.strip() for part in full.split(",") if part.strip())
    places = [name] if name else []
    codes = [code] if code else normalise.countries_for(places)
    return places, codes, location


def _description(posting: dict, detail: Any, warnings: list[str]) -> tuple[str, dict]:
    posting_id = _posting_id(posting)
    if isinstance(detail, FeedError) or not isinstance(detail, dict):
        reason = str(detail) if isinstance(detail, FeedError) else "no posting detail"
        warnings.append(f"{posting_id}: posting details not available ({reason}); kept without its description")
        return "", {}
    if detail.get("active") is False:
        warnings.append(f"{posting_id}: the posting detail says it is no longer active; kept while the list shows it")
    sections = detail.get("jobAd", {}).get("sections") if isinstance(detail.get("jobAd"), dict) else None
    parts: list[str] = []
    if isinstance(sections, dict):
        for key in _SECTIONS:
            section = sections.get(key)
            if not isinstance(section, dict) or not isinstance(section.get("text"), str):
                continue
            heading = normalise.clean_title(section.get("title"))
            if heading:
                parts.append(f"<h3>{html.escape(heading)}</h3>")
            parts.append(section["text"])
    return "".join(parts), detail


def _custom_salary(posting: dict, listing: str, countries: list[str]) -> dict | None:
    fields = posting.get("customField") if isinstance(posting.get("customField"), list) else []
    for field in fields:
        if not isinstance(field, dict) or not _PAY_FIELD.search(normalise.fold(str(field.get("fieldLabel") or ""))):
            continue
        salary = pay_text.salary_from_text(str(field.get("valueLabel") or ""), countries=countries, listing=listing)
        if salary:
            return {**salary, "source": "stated"}  # the employer's own field, though written as text
    return None


def _work_flexibility(posting: dict) -> str | None:
    fields = posting.get("customField") if isinstance(posting.get("customField"), list) else []
    for field in fields:
        if isinstance(field, dict) and "flexib" in normalise.fold(str(field.get("fieldLabel") or "")):
            return normalise.workplace_from_value(field.get("valueLabel"))
    return None


def map_posting(posting: dict, *, board: str, company: str | None, detail: Any, warnings: list[str]) -> ListingPayload:
    raw_id = _posting_id(posting)
    if not raw_id:
        raise RecordError("missing id")
    places, codes, location = _location(posting)
    description, detail_fields = _description(posting, detail, warnings)
    description_html, description_text = normalise.description(description)
    title = posting.get("name")
    if location.get("remote") is True:
        flag = "remote"
    elif location.get("hybrid") is True:
        flag = "hybrid"
    else:
        flag = _work_flexibility(posting)
    workplace = normalise.resolve_workplace(
        flag, short_texts=[*places, title, location.get("hybridDescription")], description_text=description_text
    )
    employment = posting.get("typeOfEmployment") if isinstance(posting.get("typeOfEmployment"), dict) else {}
    employment_type = normalise.employment_type_from_value(
        employment.get("id")
    ) or normalise.employment_type_from_value(employment.get("label"))
    reported = posting.get("company") if isinstance(posting.get("company"), dict) else {}
    employer = normalise.clean_title(reported.get("name")) or company or company_fallback(board)
    url = safe_url(detail_fields.get("postingUrl")) or f"https://jobs.smartrecruiters.com/{board}/{raw_id}"
    return build_payload(
        raw_id=raw_id,
        title=title,
        company=employer,
        places=places,
        country_codes=codes,
        workplace=workplace,
        employment_type=employment_type,
        salary=_custom_salary(posting, raw_id, codes),
        description_html=description_html,
        description_text=description_text,
        url=url,
        apply_url=safe_url(detail_fields.get("applyUrl")) or url,
        posted_at=normalise.parse_datetime(posting.get("releasedDate")),
        identifier=normalise.as_id(posting.get("refNumber")) or None,
    )
