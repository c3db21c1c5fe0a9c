"""Lever mapping of the bundled postings (lever_postings.json, lever_edge.json) and paging."""

from datetime import UTC, datetime

import pytest

from jobs.connectors import FeedError, lever

from .conftest import by_id


@pytest.fixture
def result(feed_file):
    return lever.parse(feed_file("lever_postings.json"), board="globexlabs", company="Globex Labs")


@pytest.fixture
def edge(feed_file):
    return lever.parse(feed_file("lever_edge.json"), board="globexlabs", company="Globex Labs")


def test_every_posting_maps(result):
    assert result.fetched == 8 and len(result.payloads) == 8
    assert result.invalid == [] and result.warnings == []
    assert {p.company for p in result.payloads} == {"Globex Labs"}


def test_salary_intervals(result):
    jobs = by_id(result)
    yearly = jobs["29493092-73b9-5dd9-8509-365c7264d429"].salary
    assert yearly == {"min": 190000, "max": 240000, "currency": "USD", "period": "year",
                      "annual_min": 190000, "annual_max": 240000, "source": "stated"}  # fmt: skip
    assert jobs["2b57082d-5ace-5115-a636-adf367cf857f"].salary["currency"] == "GBP"
    assert jobs["ebb59ac9-2b33-5662-9bde-fad704b64368"].salary["currency"] == "EUR"
    hourly = jobs["95feae16-c5f0-51c5-8919-a3b6a2b5600c"].salary
    assert (hourly["period"], hourly["annual_min"], hourly["annual_max"]) == ("hour", 85 * 2080, 110 * 2080)
    monthly = jobs["4cdffd89-14ea-52f9-b1fc-d9f442a535ff"].salary
    assert (monthly["period"], monthly["annual_min"], monthly["annual_max"]) == ("month", 21600, 26400)
    assert jobs["57a64556-e0a0-55a2-b9fc-d7f661b9ac0b"].salary is None


def test_workplace_types(result):
    jobs = by_id(result)
    assert jobs["29493092-73b9-5dd9-8509-365c7264d429"].workplace == "hybrid"
    assert jobs["8d6afc0b-766f-5f11-8dcb-14a73c6941e2"].workplace == "remote"
    assert jobs["ebb59ac9-2b33-5662-9bde-fad704b64368"].workplace == "onsite"


def test_created_at_epoch_milliseconds_is_utc(result):
    job = by_id(result)["29493092-73b9-5dd9-8509-365c7264d429"]
    assert job.posted_at == datetime(2026, 9, 18, 16, 4, 11, 417000, tzinfo=UTC)


def test_all_locations_and_country(result):
    jobs = by_id(result)
    first = jobs["29493092-73b9-5dd9-8509-365c7264d429"]
    assert first.locations == ["San Francisco, CA", "Seattle, WA"] and first.country_codes == ["US"]
    europe = jobs["57a64556-e0a0-55a2-b9fc-d7f661b9ac0b"]
    assert europe.locations == ["Remote - Europe", "Lisbon, Portugal"] and europe.country_codes == ["PT"]


def test_commitment_and_seniority(result):
    jobs = by_id(result)
    assert jobs["95feae16-c5f0-51c5-8919-a3b6a2b5600c"].employment_type == "contract"
    intern = jobs["4cdffd89-14ea-52f9-b1fc-d9f442a535ff"]
    assert (intern.employment_type, intern.seniority) == ("internship", "intern")
    assert jobs["29493092-73b9-5dd9-8509-365c7264d429"].seniority == "senior"


def test_description_joins_body_lists_and_additional(result):
    job = by_id(result)["29493092-73b9-5dd9-8509-365c7264d429"]
    assert "<h3>What you'll do</h3><ul><li>Design multi-step agent workflows</li>" in job.description_html
    assert job.description_html.endswith("<p>Globex Labs is an equal opportunity employer.</p>")
    assert "<div" not in job.description_html and "<br>" not in job.description_html
    assert "- Design multi-step agent workflows" in job.description_text
    assert job.apply_url.endswith("/apply")


def test_edge_cases(edge):
    jobs = by_id(edge)
    assert edge.fetched == 9 and len(edge.payloads) == 8 and edge.invalid == []
    # the same id twice: one payload (the first) and a warning
    rag = jobs["0d5e871e-97d7-58bb-a1b8-a4e6e1485973"]
    assert rag.salary["max"] == 95000
    assert any("duplicate id" in warning for warning in edge.warnings)
    # only id and title: kept, with the hosted URL Lever would give it
    bare = jobs["1c90dd95-97f2-53df-9566-c22cfc2fb07b"]
    assert bare.title == "Machine Learning Engineer" and bare.posted_at is None and bare.salary is None
    assert bare.url == "https://jobs.lever.co/globexlabs/1c90dd95-97f2-53df-9566-c22cfc2fb07b"
    assert bare.workplace == "unspecified"
    # entities unescaped in titles, non-Latin titles kept
    assert jobs["8d162fc7-c00a-5115-9d6f-c76be94e406a"].title == "Data Scientist & Analyst"
    assert jobs["094b5673-fb45-58e7-adcf-ba32b93ce1c8"].title == "機械学習エンジニア（LLM）"
    assert jobs["4ad00d65-c80a-5e2d-b8de-825067ed3a75"].title == "مهندس تعلم الآلة 🚀 (LLM)"
    # "on-site" as the docs spell it, French title, hourly CAD
    french = jobs["df333efc-5b63-5d42-a11a-4c025ae1e66b"]
    assert french.workplace == "onsite" and french.employment_type == "contract"
    assert french.salary["annual_min"] == 95 * 2080 and french.country_codes == ["CA"]
    # min equal to max, weekly SGD, salaryRange null
    part_time = jobs["8d162fc7-c00a-5115-9d6f-c76be94e406a"]
    assert part_time.salary["min"] == part_time.salary["max"] == 45
    assert part_time.employment_type == "part_time"
    weekly = jobs["ac1b985d-eb27-5831-9882-16baa74320f1"].salary
    assert (weekly["period"], weekly["currency"], weekly["annual_min"], weekly["annual_max"]) == (
        "week", "SGD", 2500 * 52, 3200 * 52,
    )  # fmt: skip
    assert jobs["2c692a74-2b75-5a76-969c-cf93fc8a8105"].salary is None
    assert jobs["094b5673-fb45-58e7-adcf-ba32b93ce1c8"].employment_type == "full_time"


def pages_of(postings):
    calls = []

    def get_page(skip, limit):
        calls.append((skip, limit))
        return postings[skip : skip + limit]

    return get_page, calls


def test_paging_reads_until_a_short_page():
    postings = [{"id": str(i), "text": "Data Engineer"} for i in range(7)]
    get_page, calls = pages_of(postings)
    assert lever.read_pages(get_page, board="x", page_size=3) == postings
    assert calls == [(0, 3), (3, 3), (6, 3)]


def test_paging_an_exact_multiple_ends_with_an_empty_page():
    postings = [{"id": str(i)} for i in range(6)]
    get_page, calls = pages_of(postings)
    assert len(lever.read_pages(get_page, board="x", page_size=3)) == 6
    assert calls[-1] == (6, 3)


def test_a_server_ignoring_skip_fails_instead_of_looping():
    with pytest.raises(FeedError, match="paging not honoured"):
        lever.read_pages(lambda skip, limit: [{"id": "a"}, {"id": "b"}], board="x", page_size=2)


def test_error_object_fails_the_feed():
    with pytest.raises(FeedError, match="Document not found"):
        lever.read_pages(lambda skip, limit: {"ok": False, "error": "Document not found"}, board="x")


def test_empty_site_is_zero_payloads():
    assert lever.parse([], board="x").payloads == []
