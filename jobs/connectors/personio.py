"""Personio XML feed: `GET https://{company}.jobs.personio.de/xml?language=en`.

With a `base_url` the company is the first path segment:
`{base_url}/{company}/xml?language=en`. One `<position>` per published job
under `<workzag-jobs>`; no pagination. Only a position's direct children are
read (each description block has a `<name>` of its own). The XML is parsed
with `defusedxml` (no entities from outside, no entity expansion bombs). There
is no job URL (it is built from the id), no remote flag (only office names
such as "Remote (Spain)") and no pay field (pay comes from the description
blocks). `createdAt` offsets come as `+0200` or `+02:00`. An unknown company
is a 404 or a redirect, so redirects are not followed; a feed with no
positions can also mean the company switched the feed off.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from jobs import http, normalise
from jobs.connectors import FeedError, FeedResult, ListingPayload
from jobs.connectors._base import RecordError, build_payload, company_fallback, map_records, raw_context

LANGUAGE = "en"
_FIELDS = (
    "id",
    "subcompany",
    "office",
    "department",
    "recruitingCategory",
    "name",
    "employmentType",
    "seniority",
    "schedule",
    "yearsOfExperience",
    "keywords",
    "occupation",
    "occupationCategory",
    "createdAt",
)
_EMPLOYMENT = {
    "intern": "internship",
    "trainee": "internship",
    "working_student": "part_time",
    "freelance": "contract",
    "temporary": "temporary",
}


def feed_url(company: str, base_url: str | None = None) -> str:
    segment = quote(company, safe="")
    if base_url:
        return f"{base_url.rstrip('/')}/{segment}/xml"
    return f"https://{segment}.jobs.personio.de/xml"


def fetch(
    *,
    board: str,
    base_url: str | None = None,
    company: str | None = None,
    known_raw_hashes: Mapping[str, str] | None = None,
    options: Mapping[str, Any] | None = None,
) -> FeedResult:
    url = feed_url(board, base_url)
    response = http.get(url, params={"language": LANGUAGE}, accept="application/xml,text/xml", follow_redirects=False)
    positions = read_positions(response.body, source=f"Personio feed {response.url}")
    return parse(positions, board=board, company=company, known_raw_hashes=known_raw_hashes)


def _text(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def position_record(position: Element) -> dict:
    """A position's direct children as a plain dict (what the raw hash covers)."""
    record: dict[str, Any] = {}
    for name in _FIELDS:
        child = position.find(name)
        if child is not None:
            record[name] = _text(child)
    offices = position.find("additionalOffices")
    if offices is not None:
        record["additionalOffices"] = [_text(office) for office in offices.findall("office")]
    blocks = position.find("jobDescriptions")
    if blocks is not None:
        record["jobDescriptions"] = [
            {"name": _text(block.find("name")), "value": _text(block.find("value"))}
            for block in blocks.findall("jobDescription")
        ]
    return record


def read_positions(body: bytes | str, *, source: str) -> list[dict]:
    data = body.encode("utf-8") if isinstance(body, str) else body
    if not data.strip():
        raise FeedError(f"empty response from {source}")
    try:
        root = fromstring(data)
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        message = str(exc).split(":")[0]
        raise FeedError(f"malformed XML from {source} at line {line} column {column}: {message}") from None
    except DefusedXmlException as exc:
        raise FeedError(f"refused XML from {source}: {type(exc).__name__}") from None
    if root.tag != "workzag-jobs":
        raise FeedError(f"unexpected XML from {source}: root <{root.tag}>, expected <workzag-jobs>")
    return [position_record(position) for position in root.findall("position")]


def parse(
    data: Any, *, board: str, company: str | None = None, known_raw_hashes: Mapping[str, str] | None = None
) -> FeedResult:
    if not isinstance(data, list):
        raise FeedError(f"unexpected Personio positions for company {board!r}: expected a list")
    employer = company or company_fallback(board)
    result = map_records(
        data,
        lambda position, warnings: map_position(position, board=board, company=employer),
        result=FeedResult(),
        id_of=lambda position: normalise.as_id(position.get("id")),
        context=raw_context(__name__, board=board, company=company),
        known_raw_hashes=known_raw_hashes,
    )
    if not data:
        result.warnings.append(f"Personio company {board!r} lists no positions (the feed may also be switched off)")
    return result


def _employment(position: dict) -> str | None:
    kind = normalise.fold(position.get("employmentType") or "")
    schedule = normalise.fold(position.get("schedule") or "")
    if kind in _EMPLOYMENT:
        return _EMPLOYMENT[kind]
    if schedule == "part-time":
        return "part_time"
    if kind == "permanent" or schedule in ("full-time", "full-or-part-time"):
        return "full_time"
    return normalise.employment_type_from_value(kind)


def map_position(position: dict, *, board: str, company: str) -> ListingPayload:
    raw_id = normalise.as_id(position.get("id"))
    if not raw_id:
        raise RecordError("missing id")
    offices = [position.get("office") or "", *(position.get("additionalOffices") or [])]
    places: list[str] = []
    for office in offices:
        name = normalise.clean_title(office)
        if name and name not in places:
            places.append(name)
    parts = []
    for block in position.get("jobDescriptions") or []:
        heading = normalise.clean_title(block.get("name"))
        if heading:
            parts.append(f"<h3>{html.escape(heading)}</h3>")
        parts.append(block.get("value") or "")
    description_html, description_text = normalise.description("".join(parts))
    title = position.get("name")
    workplace = normalise.resolve_workplace(None, short_texts=[*places, title], description_text=description_text)
    url = f"https://{quote(board, safe='')}.jobs.personio.de/job/{quote(raw_id, safe='')}?language={LANGUAGE}"
    return build_payload(
        raw_id=raw_id,
        title=title,
        company=company,
        places=places,
        country_codes=normalise.countries_for(places),
        workplace=workplace,
        employment_type=_employment(position),
        salary=None,
        description_html=description_html,
        description_text=description_text,
        url=url,
        apply_url=url,
        posted_at=normalise.parse_datetime(position.get("createdAt")),
    )
