"""JobPosting structured data carries the fields Google requires."""

from __future__ import annotations

import pytest

from frontend_export.jsonld import article, breadcrumb_list, job_posting, postal_address

REQUIRED = {"title", "description", "datePosted", "hiringOrganization"}


def _listing(**overrides):
    listing = {
        "id": 7, "title": "ML Engineer", "company": "Acme AI", "locations": ["Berlin"], "country_codes": ["DE"],
        "workplace": "onsite", "employment_type": "full_time", "seniority": "senior", "path": "ml-engineer",
        "salary": {"min": 70000, "max": 90000, "currency": "EUR", "period": "year",
                   "annual_min": 70000, "annual_max": 90000},
        "description_html": "<p>Build models</p>", "url": "https://jobs.example/7", "apply_url": "",
        "posted_at": "2026-11-01T09:00:00+00:00", "valid_through": "2026-12-31T00:00:00+00:00",
        "first_seen_at": "2026-11-02T00:00:00+00:00", "external_id": "gh-7", "identifier": "",
        "source_name": "Acme",
    }
    listing.update(overrides)
    return listing


def test_onsite_job_has_a_job_location_and_salary_with_unit_text(settings):
    data = job_posting(_listing(), description_html="<p>Build models</p>", url="/jobs/ml-engineer/7/")
    assert set(data) >= REQUIRED
    assert data["jobLocation"][0]["address"] == {"@type": "PostalAddress", "addressLocality": "Berlin",
                                                 "addressCountry": "DE"}
    assert data["baseSalary"]["value"]["unitText"] == "YEAR"
    assert data["baseSalary"]["currency"] == "EUR"
    assert data["employmentType"] == "FULL_TIME"
    assert data["validThrough"].startswith("2026-12-31")
    assert data["identifier"]["value"] == "gh-7"
    assert data["url"] == f"{settings.SITE_URL}/jobs/ml-engineer/7/"


def test_remote_job_is_telecommute_with_applicant_location_requirements():
    data = job_posting(_listing(workplace="remote", locations=["Remote - US"], country_codes=["US"]),
                       description_html="x", url="/jobs/ml-engineer/7/")
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == [{"@type": "Country", "name": "US"}]
    assert "jobLocation" not in data


def test_remote_job_without_countries_still_states_where_applicants_may_be():
    data = job_posting(_listing(workplace="remote", locations=["Remote"], country_codes=[]),
                       description_html="x", url="/x/")
    assert data["applicantLocationRequirements"]


def test_hourly_pay_keeps_its_unit_and_missing_pay_has_no_salary():
    hourly = job_posting(_listing(salary={"min": 60, "max": 80, "currency": "EUR", "period": "hour",
                                          "annual_min": 124800, "annual_max": 166400}),
                         description_html="x", url="/x/")
    assert hourly["baseSalary"]["value"] == {"@type": "QuantitativeValue", "unitText": "HOUR",
                                             "minValue": 60, "maxValue": 80}
    assert "baseSalary" not in job_posting(_listing(salary=None), description_html="x", url="/x/")


def test_job_without_posting_date_uses_first_seen():
    data = job_posting(_listing(posted_at=None), description_html="x", url="/x/")
    assert data["datePosted"] == "2026-11-02T00:00:00+00:00"


def test_content_pages_use_article_and_breadcrumbs_not_faq(settings):
    crumbs = breadcrumb_list([("Home", "/"), ("Careers", "/careers/")])
    assert [item["item"] for item in crumbs["itemListElement"]] == [f"{settings.SITE_URL}/",
                                                                     f"{settings.SITE_URL}/careers/"]
    data = article(headline="AI Engineer", description="d", url="/careers/ai-engineer/", published=None,
                   modified="2026-11-01")
    assert data["@type"] == "Article" and data["dateModified"] == "2026-11-01"


def test_an_address_names_its_locality_without_the_country_or_a_stray_space():
    data = job_posting(_listing(locations=["Paris , France"], country_codes=["FR"]), description_html="x", url="/x/")
    assert data["jobLocation"][0]["address"] == {"@type": "PostalAddress", "addressLocality": "Paris",
                                                 "addressCountry": "FR"}


@pytest.mark.parametrize(
    ("place", "country", "address"),
    [
        ("Paris, France", "FR", {"addressLocality": "Paris", "addressCountry": "FR"}),
        ("Austin, TX", "US", {"addressLocality": "Austin", "addressRegion": "TX", "addressCountry": "US"}),
        ("Paris,  IDF ,France", "FR", {"addressLocality": "Paris", "addressRegion": "IDF", "addressCountry": "FR"}),
        ("Berlin", "DE", {"addressLocality": "Berlin", "addressCountry": "DE"}),
        ("London, United Kingdom", None, {"addressLocality": "London", "addressCountry": "GB"}),
        ("Toronto, ON", "CA", {"addressLocality": "Toronto", "addressRegion": "ON", "addressCountry": "CA"}),
        ("", None, {"addressLocality": "Not specified"}),
    ],
)
def test_postal_addresses_from_places_as_feeds_write_them(place, country, address):
    assert postal_address(place, country) == {"@type": "PostalAddress", **address}
    assert not any(" ," in str(value) or value != value.strip() for value in address.values())
