"""schema.org structured data: `JobPosting` on job pages, `Article` and
`BreadcrumbList` on content pages.

Only types search engines still use: no `FAQPage` (FAQ rich results are
retired) and no estimated-salary markup.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings

from config import public_urls
from jobs.normalise import country_from_name

UNIT_TEXT = {"hour": "HOUR", "day": "DAY", "week": "WEEK", "month": "MONTH", "year": "YEAR"}
EMPLOYMENT_TYPE = {
    "full_time": "FULL_TIME",
    "part_time": "PART_TIME",
    "contract": "CONTRACTOR",
    "temporary": "TEMPORARY",
    "internship": "INTERN",
}
_REMOTE_WORDS = {"remote", "anywhere", "worldwide", "global"}


_COMMA = re.compile(r"\s*,\s*")


def postal_address(place: str, country: str | None) -> dict[str, Any]:
    """A PostalAddress for a place as feeds write it ("Paris, France", "Austin, TX", "Berlin").

    The locality is the first part; a last part naming the listing's country (or
    any country, when the listing has none) is that country, not part of the
    locality; what lies between is the region.
    Commas are rejoined as ", ", so no part keeps a space from the feed.
    """
    address: dict[str, Any] = {"@type": "PostalAddress"}
    parts = [part for part in _COMMA.split(" ".join(place.split())) if part]
    named = country_from_name(parts[-1]) if len(parts) > 1 else None
    if named and named == (country or named):
        country, parts = named, parts[:-1]
    if parts:
        address["addressLocality"] = parts[0]
    if len(parts) > 1:
        address["addressRegion"] = ", ".join(parts[1:])
    if country:
        address["addressCountry"] = country
    if len(address) == 1:
        address["addressLocality"] = "Not specified"
    return address


def _organisation() -> dict[str, Any]:
    return {"@type": "Organization", "name": settings.WAGTAIL_SITE_NAME, "url": public_urls.absolute("/")}


def breadcrumb_list(crumbs: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": index, "name": name, "item": public_urls.absolute(url)}
            for index, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def article(
    *, headline: str, description: str, url: str, published: str | None, modified: str | None
) -> dict:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": headline[:110],
        "description": description,
        "url": public_urls.absolute(url),
        "mainEntityOfPage": public_urls.absolute(url),
        "author": _organisation(),
        "publisher": _organisation(),
    }
    if published:
        data["datePublished"] = published
    if modified:
        data["dateModified"] = modified
    return data


def _places(listing: dict[str, Any]) -> list[str]:
    return [place for place in listing["locations"] if place and place.strip().lower() not in _REMOTE_WORDS]


def job_posting(listing: dict[str, Any], *, description_html: str, url: str) -> dict[str, Any]:
    """JobPosting with the fields Google requires (title, description, datePosted,
    hiringOrganization, jobLocation or TELECOMMUTE + applicantLocationRequirements)
    and the recommended ones the listing has."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": listing["title"],
        "description": description_html or listing["title"],
        "datePosted": listing["posted_at"] or listing["first_seen_at"],
        "hiringOrganization": {"@type": "Organization", "name": listing["company"] or listing["source_name"]},
        "url": public_urls.absolute(url),
        "identifier": {
            "@type": "PropertyValue",
            "name": listing["company"] or listing["source_name"],
            "value": listing["identifier"] or listing["external_id"],
        },
        "directApply": False,
    }
    if listing["valid_through"]:
        data["validThrough"] = listing["valid_through"]
    if listing["employment_type"] in EMPLOYMENT_TYPE:
        data["employmentType"] = EMPLOYMENT_TYPE[listing["employment_type"]]
    countries = listing["country_codes"]
    places = _places(listing)
    if listing["workplace"] == "remote":
        data["jobLocationType"] = "TELECOMMUTE"
        if countries:
            requirements = [{"@type": "Country", "name": code} for code in countries]
        elif places:
            requirements = [{"@type": "AdministrativeArea", "name": place} for place in places]
        else:
            # Open to applicants anywhere: Google reads a missing restriction as worldwide,
            # but the property is required for remote jobs, so say it explicitly.
            requirements = [{"@type": "AdministrativeArea", "name": "Worldwide"}]
        data["applicantLocationRequirements"] = requirements
    else:
        locations = []
        for index, place in enumerate(places or [""]):
            country = countries[index] if index < len(countries) else (countries[0] if countries else None)
            locations.append({"@type": "Place", "address": postal_address(place, country)})
        data["jobLocation"] = locations
    salary = listing["salary"]
    if salary and salary.get("period") in UNIT_TEXT and (salary.get("min") or salary.get("max")):
        value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": UNIT_TEXT[salary["period"]]}
        if salary.get("min") is not None:
            value["minValue"] = salary["min"]
        if salary.get("max") is not None:
            value["maxValue"] = salary["max"]
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": salary["currency"], "value": value}
    return data
