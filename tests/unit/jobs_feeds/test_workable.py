"""Workable widget mapping of the bundled account (workable_jobs.json)."""

from datetime import UTC, datetime

import pytest

from jobs.connectors import FeedError, workable

from .conftest import by_id


@pytest.fixture
def result(feed_file):
    return workable.parse(feed_file("workable_jobs.json"), board="hooli", company="Hooli")


def test_a_job_listed_once_per_location_is_one_listing_with_both_places(result):
    assert result.fetched == 8 and len(result.payloads) == 8
    assert result.invalid == [] and result.warnings == []
    job = by_id(result)["E6C1F48A20"]
    assert job.locations == ["Berlin, Germany", "Munich, Bavaria, Germany"]
    assert job.country_codes == ["DE"]


def test_hidden_locations_are_not_shown(result):
    job = by_id(result)["3B9F27E1C4"]
    assert job.locations == ["United States"] and job.country_codes == ["US"]
    assert job.workplace == "remote"  # telecommuting: true


def test_pay_comes_from_the_description_text(result):
    jobs = by_id(result)
    assert jobs["8E41C0D2A7"].salary == {
        "min": 95000, "max": 120000, "currency": "GBP", "period": "year",
        "annual_min": 95000, "annual_max": 120000, "source": "description",
    }  # fmt: skip
    assert (jobs["C0A5E9D318"].salary["currency"], jobs["C0A5E9D318"].salary["period"]) == ("EUR", "month")
    assert (jobs["71D2B4F0E6"].salary["min"], jobs["71D2B4F0E6"].salary["period"]) == (45, "hour")
    assert jobs["5F3A8C21B9"].salary["currency"] == "CAD"
    assert jobs["A92E6D07F1"].salary["max"] == 3500  # the CHF 2,000 relocation is not pay


def test_ote_only_and_competitive_salary_give_no_pay(result):
    jobs = by_id(result)
    assert jobs["E6C1F48A20"].salary is None
    assert jobs["0D7B3E95C2"].salary is None


def test_hybrid_is_read_from_the_description_and_interns_from_experience(result):
    jobs = by_id(result)
    assert jobs["8E41C0D2A7"].workplace == "hybrid"
    assert jobs["A92E6D07F1"].employment_type == "internship"


def test_date_only_published_on_is_midnight_utc(result):
    assert by_id(result)["8E41C0D2A7"].posted_at == datetime(2026, 10, 6, tzinfo=UTC)


def test_xss_and_javascript_links_are_removed(result):
    html = by_id(result)["0D7B3E95C2"].description_html
    assert "onerror" not in html and "javascript:" not in html and "<img" not in html
    assert "office handbook" in html


def test_a_greek_title_is_kept(result):
    assert by_id(result)["C0A5E9D318"].title == "Μηχανικός Λογισμικού Backend (Python)"


def test_a_row_without_a_description_uses_the_job_detail_or_says_it_has_none(feed_file):
    data = feed_file("workable_jobs.json")
    for job in data["jobs"][:2]:
        del job["description"]
    first, second = data["jobs"][0]["shortcode"], data["jobs"][1]["shortcode"]
    found = {"description": "<p>Pay: £90,000 – £100,000 per annum</p>", "requirements": "<ul><li>ML</li></ul>"}
    details = {first: found, second: FeedError("HTTP 500 from x")}
    result = workable.parse(data, board="hooli", company="Hooli", details=details)
    jobs = by_id(result)
    assert "<li>ML</li>" in jobs[first].description_html and jobs[first].salary["max"] == 100000
    assert jobs[second].description_html == "" and jobs[second].title
    assert result.warnings == [f"{second}: job details not available (HTTP 500 from x); kept without its description"]


def test_an_empty_account_is_reported(feed_file):
    result = workable.parse(feed_file("workable_empty.json"), board="hooli-legacy", company="Hooli")
    assert result.payloads == [] and "lists no jobs" in result.warnings[0]


def test_an_account_of_another_company_is_reported(feed_file):
    result = workable.parse(feed_file("workable_jobs.json"), board="hooli", company="Globex")
    assert result.warnings[-1] == (
        "Workable account 'hooli' reports the company 'Hooli', not 'Globex': check the identifier"
    )


@pytest.mark.parametrize("data", [[], {"name": "x"}, {"jobs": {}}, None])
def test_a_response_without_a_jobs_list_fails_the_feed(data):
    with pytest.raises(FeedError, match=r'^unexpected Workable response for account .hooli.: no "jobs" list$'):
        workable.parse(data, board="hooli")


def test_a_bad_row_is_isolated(feed_file):
    data = feed_file("workable_jobs.json")
    data["jobs"][0] = {"title": "No shortcode"}
    data["jobs"].insert(1, "not an object")
    result = workable.parse(data, board="hooli", company="Hooli")
    assert len(result.payloads) == 7
    assert [reason for _, reason in result.invalid] == ["missing shortcode", "record is a str, not an object"]
