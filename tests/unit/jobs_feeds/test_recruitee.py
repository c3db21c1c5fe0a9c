"""Recruitee mapping of the bundled offers (recruitee_offers.json)."""

from datetime import UTC, datetime

import pytest

from jobs.connectors import FeedError, recruitee

from .conftest import by_id


@pytest.fixture
def result(feed_file):
    return recruitee.parse(feed_file("recruitee_offers.json"), board="vandelaydata", company="Vandelay Data")


def test_every_offer_maps(result):
    assert result.fetched == 8 and len(result.payloads) == 8 and result.invalid == []


def test_string_amounts_per_period_are_stated_pay(result):
    jobs = by_id(result)
    assert jobs["3104711"].salary == {
        "min": 5500, "max": 7000, "currency": "EUR", "period": "month",
        "annual_min": 66000, "annual_max": 84000, "source": "stated",
    }  # fmt: skip
    assert (jobs["3105020"].salary["min"], jobs["3105020"].salary["period"]) == (16.5, "hour")
    assert (jobs["3105290"].salary["currency"], jobs["3105290"].salary["period"]) == ("GBP", "day")
    assert jobs["3105502"].salary["min"] == jobs["3105502"].salary["max"] == 1200


def test_null_amounts_give_no_salary(result):
    assert by_id(result)["3105377"].salary is None


def test_an_implausible_figure_is_stored_as_stated_and_flagged(result):
    job = by_id(result)["3105133"]
    assert (job.salary["min"], job.salary["period"]) == (18.5, "month")
    assert result.warnings == [
        "3105133: salary 18.5-18.5 EUR a month looks implausible for its period; stored as stated"
    ]


def test_remote_job_location_gives_the_places_of_locations(result):
    job = by_id(result)["3104788"]
    assert job.locations == ["Berlin, Germany", "Lisbon, Portugal"]
    assert job.country_codes == ["DE", "PT"] and job.workplace == "remote"


def test_workplace_flags(result):
    jobs = by_id(result)
    assert jobs["3105133"].workplace == "hybrid"  # hybrid and on_site both true
    assert jobs["3105290"].workplace == "onsite"


def test_dates_with_a_literal_utc(result):
    assert by_id(result)["3104711"].posted_at == datetime(2026, 10, 1, 7, 30, 2, tzinfo=UTC)
    assert by_id(result)["3105290"].valid_through == datetime(2026, 11, 30, 23, 0, tzinfo=UTC)


def test_description_joins_highlight_description_and_requirements_without_xss(result):
    job = by_id(result)["3105611"]
    assert "javascript:" not in job.description_html and "onerror" not in job.description_html
    assert "our analytics culture" in job.description_text and "8+ years in analytics" in job.description_text


def test_employment_type_codes(result):
    jobs = by_id(result)
    assert jobs["3104711"].employment_type == "full_time"
    assert jobs["3105020"].employment_type == "part_time"
    assert jobs["3105290"].employment_type == "contract"
    assert jobs["3105502"].employment_type == "internship"


def test_a_sandbox_tenant_is_reported(feed_file):
    result = recruitee.parse(feed_file("recruitee_offers.json"), board="personio", company="Personio")
    assert result.warnings[-1].startswith("Recruitee company 'personio' reports the company 'Vandelay Data'")


def test_urls_put_the_company_in_the_host_or_first_segment():
    assert recruitee.feed_url("vandelaydata") == "https://vandelaydata.recruitee.com/api/offers/"
    assert recruitee.feed_url("vandelaydata", "http://127.0.0.1:9/") == "http://127.0.0.1:9/vandelaydata/api/offers/"


@pytest.mark.parametrize("data", [[], {"offer": {}}, {"offers": None}])
def test_a_response_without_offers_fails_the_feed(data):
    with pytest.raises(FeedError, match=r'^unexpected Recruitee response for company .x.: no "offers" list$'):
        recruitee.parse(data, board="x")


def test_the_same_offer_twice_keeps_the_first(feed_file):
    data = feed_file("recruitee_offers.json")
    data["offers"] = data["offers"] + data["offers"]
    result = recruitee.parse(data, board="vandelaydata", company="Vandelay Data")
    assert len(result.payloads) == 8
    assert sum("duplicate id in the feed" in w for w in result.warnings) == 8
