"""schema.org JobPosting in `<script type="application/ld+json">` blocks of an HTML page.

`board` is the page URL. Every JobPosting counts, wherever it sits: a block
holding one object, a list, an `@graph`, or nested in another object (an
ItemList). A block that is not valid JSON is one invalid record; it does not
fail the page.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from jobs import http, normalise
from jobs.connectors import FeedError, FeedResult, ListingPayload
from jobs.connectors._base import RecordError, build_payload, company_fallback, map_records, safe_url

_EMPLOYMENT_TYPES = {
    "FULL_TIME": "full_time",
    "PART_TIME": "part_time",
    "CONTRACTOR": "contract",
    "TEMPORARY": "temporary",
    "INTERN": "internship",
    "PER_DIEM": "temporary",
}


class _LdJsonScripts(HTMLParser):
    """Collects the text of every `<script type="application/ld+json">` element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.blocks: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        kind = next((value or "" for name, value in attrs if name == "type"), "")
        if kind.split(";")[0].strip().lower() == "application/ld+json":
            self._current = []

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.blocks.append("".join(self._current))
            self._current = None


def script_blocks(page: str) -> list[str]:
    parser = _LdJsonScripts()
    parser.feed(page)
    parser.close()
    return parser.blocks


def _is_job_posting(node: dict) -> bool:
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and t.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == "JobPosting" for t in types)


def find_postings(node: Any) -> list[dict]:
    """Every JobPosting object in a decoded JSON-LD value (lists, @graph, nesting)."""
    found: list[dict] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, list):
            stack.extend(reversed(current))
        elif isinstance(current, dict):
            if _is_job_posting(current):
                found.append(current)
                continue
            stack.extend(reversed([v for v in current.values() if isinstance(v, dict | list)]))
    return found


def page_url(board: str, base_url: str | None = None) -> str:
    """The page to fetch: `board`, with `base_url` (local servers) replacing its scheme and host."""
    if not base_url:
        return board
    parts = urlsplit(board)
    if parts.scheme in ("http", "https"):
        return base_url.rstrip("/") + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return urljoin(base_url.rstrip("/") + "/", board.lstrip("/"))


def _nodes_by_id(data: Any) -> dict[str, dict]:
    """Nodes of one JSON-LD block by "@id", so references such as
    `"hiringOrganization": {"@id": "#org"}` (common in @graph blocks) can be followed."""
    nodes: dict[str, dict] = {}
    stack = [data]
    while stack:
        current = stack.pop()
        if isinstance(current, list):
            stack.extend(current)
        elif isinstance(current, dict):
            if isinstance(current.get("@id"), str) and len(current) > 1:
                nodes.setdefault(current["@id"], current)
            stack.extend(v for v in current.values() if isinstance(v, dict | list))
    return nodes


def _resolve_references(posting: dict, nodes: dict[str, dict]) -> dict:
    def resolve(value: Any) -> Any:
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in nodes:
            return nodes[value["@id"]]
        if isinstance(value, list):
            return [resolve(item) for item in value]
        return value

    keys = ("hiringOrganization", "jobLocation", "baseSalary", "applicantLocationRequirements", "identifier")
    return {**posting, **{key: resolve(posting[key]) for key in keys if key in posting}}


def fetch(
    *,
    board: str,
    base_url: str | None = None,
    company: str | None = None,
    known_raw_hashes: Mapping[str, str] | None = None,
    options: Mapping[str, Any] | None = None,
) -> FeedResult:
    # `known_raw_hashes` is accepted and not used: a JSON-LD posting's external
    # id is not always readable before mapping it (it may fall back to its URL),
    # and career pages are small. Every posting is mapped on every run.
    url = page_url(board, base_url)
    response = http.get_text(url)
    return parse(response.text(), board=url, company=company)


def parse(page: str, *, board: str, company: str | None = None) -> FeedResult:
    """Map every JobPosting on `page`; `board` is the page URL (the base for relative links)."""
    if not isinstance(page, str):
        raise FeedError(f"unexpected response from {board}: not a text page")
    result = FeedResult()
    records: list[Any] = []
    for index, block in enumerate(script_blocks(page)):
        text = block.strip()
        # Some pages wrap the JSON in an HTML comment or CDATA section.
        text = re.sub(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)", "", text)
        text = re.sub(r"(?:-->|//\s*\]\]>|\]\]>)\s*$", "", text).strip()
        if not text:
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            result.fetched += 1
            result.invalid.append(
                (
                    f"block {index + 1}",
                    f"malformed JSON-LD at line {exc.lineno} column {exc.colno}: {exc.msg}",
                )
            )
            continue
        nodes = _nodes_by_id(data)
        records.extend(_resolve_references(posting, nodes) for posting in find_postings(data))
    fallback_company = company or company_fallback(re.sub(r"^https?://(www\.)?|[/?#].*$", "", board))
    return map_records(
        records,
        lambda posting, warnings: map_posting(posting, page_url=board, company=fallback_company, warnings=warnings),
        result=result,
        id_of=_identifier,
    )


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _identifier(posting: dict) -> str:
    value = _first(posting.get("identifier"))
    if isinstance(value, dict):
        value = value.get("value") or value.get("@id") or value.get("name")
    return normalise.as_id(value)


def _text(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    return value.strip() if isinstance(value, str) else ""


def _place(location: Any) -> tuple[str, str | None]:
    """("City, Region" or "City, Country", ISO code or None) for a Place, PostalAddress or string."""
    if isinstance(location, str):
        return normalise.clean_title(location), None
    if not isinstance(location, dict):
        return "", None
    address = location.get("address", location)
    if isinstance(address, str):
        return normalise.clean_title(address), None
    if not isinstance(address, dict):
        return _text(location), None
    locality, region = _text(address.get("addressLocality")), _text(address.get("addressRegion"))
    code = normalise.country_from_name(address.get("addressCountry"))
    # US and Canadian places read "City, ST"; elsewhere region codes ("BE" for
    # Berlin) mean little, so the country name is shown instead.
    parts = [locality, region] if code in (None, "US", "CA") else [locality, normalise.country_name(code)]
    label = ", ".join(p for p in parts if p) or _text(location)
    return normalise.clean_title(label), code


def _salary(posting: dict, listing: str, warnings: list[str]) -> dict | None:
    salary = _first(posting.get("baseSalary"))
    if salary is None:
        return None
    if not isinstance(salary, dict):
        warnings.append(f"{listing}: salary dropped (baseSalary is not a MonetaryAmount)")
        return None
    value = salary.get("value")
    currency = salary.get("currency") or salary.get("salaryCurrency")
    if isinstance(value, dict):  # QuantitativeValue
        minimum = value.get("minValue")
        maximum = value.get("maxValue")
        if minimum is None and maximum is None:
            minimum = maximum = value.get("value")
        unit = value.get("unitText") or salary.get("unitText")
        currency = currency or value.get("currency")
    else:
        minimum = salary.get("minValue", value)
        maximum = salary.get("maxValue", value)
        unit = salary.get("unitText")
    return normalise.make_salary(
        minimum=minimum, maximum=maximum, currency=currency, period=unit, listing=listing, warnings=warnings
    )


def _employment_type(value: Any) -> str | None:
    values = value if isinstance(value, list) else [value]
    for item in values:
        if isinstance(item, str):
            mapped = _EMPLOYMENT_TYPES.get(item.strip().upper().replace("-", "_").replace(" ", "_"))
            mapped = mapped or normalise.employment_type_from_value(item)
            if mapped:
                return mapped
    return None


def _description_html(value: Any) -> str:
    text = value if isinstance(value, str) else ""
    # Some sites HTML-escape the description inside the JSON; unescape that once.
    if "<" not in text and re.search(r"&lt;\s*/?\s*[a-zA-Z]", text):
        text = html.unescape(text)
    if text and "<" not in text:
        text = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return text


def map_posting(posting: dict, *, page_url: str, company: str, warnings: list[str]) -> ListingPayload:
    title = normalise.clean_title(posting.get("title") or posting.get("name"))
    if not title:
        raise RecordError("missing title")
    identifier = _identifier(posting)
    url = safe_url(urljoin(page_url, posting["url"])) if isinstance(posting.get("url"), str) else ""
    date_posted = normalise.parse_datetime(posting.get("datePosted"))
    # Without an identifier or URL the posting is known by its title and date.
    digest = hashlib.sha256(f"{title}|{posting.get('datePosted')}".encode()).hexdigest()[:16]
    raw_id = identifier or url or f"jsonld-{digest}"

    places: list[str] = []
    country_fields: list[Any] = []
    unplaced: list[str] = []  # places whose country the address did not give
    locations = posting.get("jobLocation")
    for location in locations if isinstance(locations, list) else [locations]:
        label, country = _place(location)
        if label and label not in places:
            places.append(label)
        if country:
            country_fields.append(country)
        elif label:
            unplaced.append(label)
    location_type = posting.get("jobLocationType")
    location_types = location_type if isinstance(location_type, list) else [location_type]
    telecommute = any(isinstance(t, str) and t.strip().upper() == "TELECOMMUTE" for t in location_types)
    if telecommute:
        requirements = posting.get("applicantLocationRequirements")
        for requirement in requirements if isinstance(requirements, list) else [requirements]:
            name = _text(requirement)
            if name:
                places.append(f"Remote - {name}")
                country_fields.append(name)
        if not requirements:
            places.append("Remote")
    countries = normalise.countries_for(unplaced, extra=country_fields)

    description_html, description_text = normalise.description(_description_html(posting.get("description")))
    workplace = normalise.resolve_workplace(
        "remote" if telecommute else None,
        short_texts=[title],
        description_text=description_text,
        # schema.org jobLocation is where the employee reports to work.
        physical_location=bool(locations),
    )
    organisation = posting.get("hiringOrganization")
    employer = _text(organisation) if organisation else ""
    apply_url = url
    apply_action = posting.get("potentialAction")
    if isinstance(apply_action, dict):
        target = apply_action.get("target")
        target = target.get("urlTemplate") if isinstance(target, dict) else target
        apply_url = safe_url(urljoin(page_url, target)) if isinstance(target, str) else apply_url
    page = safe_url(page_url)
    return build_payload(
        raw_id=raw_id,
        title=title,
        company=employer or company,
        places=places,
        country_codes=countries,
        workplace=workplace,
        employment_type=_employment_type(posting.get("employmentType")),
        salary=_salary(posting, raw_id, warnings),
        description_html=description_html,
        description_text=description_text,
        url=url or page,
        apply_url=apply_url or url or page,
        posted_at=date_posted,
        valid_through=normalise.parse_datetime(posting.get("validThrough"), end_of_day=True),
        identifier=identifier or None,
    )
