"""SmartRecruiters mapping of the bundled postings and details."""

import pytest

from jobs.connectors import FeedError, smartrecruiters

from .conftest import by_id


@pytest.fixture
def postings(feed_file):
    return feed_file("smartrecruiters_postings.json")["content"]


@pytest.fixture
def details(feed_file):
    found = feed_file("smartrecruiters_posting_details.json")
    # 744000151234505 has no detail: the server answers 404.
    return {**found, "744000151234505": FeedError("HTTP 404 from http://x/postings/744000151234505")}


@pytest.fixture
def result(postings, details):
    return smartrecruiters.parse(postings, board="SoylentCorp", company="Soylent Corp", details=details)


def test_every_posting_maps_even_without_its_detail(result):
    assert result.fetched == 8 and len(result.payloads) == 8 and result.invalid == []
    job = by_id(result)["744000151234505"]
    assert job.description_html == "" and job.title == "Frontend Contractor (React)"
    assert (
        "744000151234505: posting details not available (HTTP 404 from http://x/postings/744000151234505); "
        "kept without its description"
    ) in result.warnings


def test_an_inactive_detail_keeps_the_posting_and_warns(result):
    assert "744000151234508" in by_id(result)
    assert any(w.startswith("744000151234508: the posting detail says it is no longer active") for w in result.warnings)


def test_a_salary_custom_field_is_the_employers_statement(result):
    assert by_id(result)["744000151234501"].salary == {
        "min": 95000, "max": 115000, "currency": "GBP", "period": "year",
        "annual_min": 95000, "annual_max": 115000, "source": "stated",
    }  # fmt: skip


def test_pay_in_additional_information_is_read(result):
    jobs = by_id(result)
    assert (jobs["744000151234502"].salary["min"], jobs["744000151234502"].salary["source"]) == (132000, "description")
    assert (jobs["744000151234503"].salary["min"], jobs["744000151234503"].salary["currency"]) == (58000, "EUR")
    assert (jobs["744000151234504"].salary["min"], jobs["744000151234504"].salary["max"]) == (19.5, 22)
    assert (jobs["744000151234507"].salary["currency"], jobs["744000151234507"].salary["period"]) == ("CAD", "hour")


def test_locations_with_lower_case_countries_and_a_missing_region(result):
    jobs = by_id(result)
    assert jobs["744000151234501"].country_codes == ["GB"]
    assert jobs["744000151234505"].locations == ["Kraków, Poland"]
    assert jobs["744000151234505"].workplace == "remote"
    assert jobs["744000151234501"].workplace == "hybrid"


def test_employment_types(result):
    jobs = by_id(result)
    assert jobs["744000151234504"].employment_type == "part_time"
    assert jobs["744000151234505"].employment_type == "contract"
    assert jobs["744000151234507"].employment_type == "internship"


def test_urls_come_from_the_detail_and_xss_is_removed(result):
    job = by_id(result)["744000151234508"]
    assert job.url == "https://jobs.smartrecruiters.com/SoylentCorp/744000151234508-office-coordinator"
    assert "onerror" not in job.description_html and "javascript:" not in job.description_html
    assert "<h3>Job Description</h3>" in job.description_html


def test_pages_are_read_until_total_found():
    pages = {0: ["1", "2"], 2: ["3", "4"], 4: ["5"]}
    calls = []

    def get_page(offset, limit):
        calls.append(offset)
        return {"offset": offset, "limit": limit, "totalFound": 5, "content": [{"id": i} for i in pages[offset]]}

    records = smartrecruiters.read_pages(get_page, board="x", page_size=2)
    assert [r["id"] for r in records] == ["1", "2", "3", "4", "5"] and calls == [0, 2, 4]


def test_a_server_that_ignores_offset_fails_the_feed():
    def get_page(offset, limit):
        return {"offset": 0, "limit": limit, "totalFound": 9, "content": [{"id": "1"}, {"id": "2"}]}

    with pytest.raises(FeedError, match="returned the same page again at offset 2: paging not honoured"):
        smartrecruiters.read_pages(get_page, board="x", page_size=2)


@pytest.mark.parametrize("page", [[], {"content": []}, {"totalFound": 1}, {"totalFound": "1", "content": []}])
def test_a_malformed_page_fails_the_feed(page):
    with pytest.raises(FeedError, match=r"^unexpected SmartRecruiters response for company 'x'"):
        smartrecruiters.read_pages(lambda offset, limit: page, board="x")


def test_no_postings_is_reported_as_possibly_an_unknown_company():
    result = smartrecruiters.parse([], board="NoSuchCo", company="No Such Co")
    assert result.payloads == [] and "an unknown company identifier answers the same" in result.warnings[0]


def test_another_companys_postings_are_reported(postings, details):
    result = smartrecruiters.parse(postings, board="SoylentCorp", company="Soylent Green", details=details)
    assert any("reports the company 'Soylent Corp', not 'Soylent Green'" in w for w in result.warnings)
