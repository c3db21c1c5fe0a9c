"""Ashby mapping of the bundled board (ashby_job_board.json, ashby_empty.json)."""

from datetime import UTC, datetime

import pytest

from jobs.connectors import FeedError, ashby

from .conftest import by_id


@pytest.fixture
def result(feed_file):
    return ashby.parse(feed_file("ashby_job_board.json"), board="initech", company="Initech AI")


def test_unlisted_job_is_skipped_but_counted(result):
    assert result.fetched == 8
    assert len(result.payloads) == 7
    assert "3bcf881c-6f52-562e-9596-30d1cf6a763e" not in by_id(result)
    assert result.invalid == [] and result.warnings == []


def test_only_salary_components_count(result):
    jobs = by_id(result)
    # salary plus equity percentage: equity ignored
    assert jobs["4f0c59af-8b1b-5198-9b64-a989eb1e08a0"].salary == {
        "min": 200000, "max": 260000, "currency": "USD", "period": "year",
        "annual_min": 200000, "annual_max": 260000, "source": "stated",
    }  # fmt: skip
    # salary plus a bonus with no numbers
    assert jobs["0f09b207-bdd4-5aba-ac79-5912bd4e71af"].salary["annual_max"] == 185000
    # empty compensation
    assert jobs["1d53c371-265f-5255-8afe-5ff83cade52a"].salary is None


def test_hourly_cad(result):
    job = by_id(result)["534d2892-8de6-54b4-bc55-3f5eca92b4c4"]
    assert job.salary == {"min": 90, "max": 115, "currency": "CAD", "period": "hour",
                          "annual_min": 187200, "annual_max": 239200, "source": "stated"}  # fmt: skip
    assert job.employment_type == "contract"
    assert job.workplace == "remote"


def test_zone_tiers_use_the_summary_range(result):
    job = by_id(result)["40f6e35b-8bd3-5d8d-8463-0428d067d6cc"]
    assert (job.salary["min"], job.salary["max"], job.salary["currency"]) == (70000, 115000, "EUR")


def test_workplace_and_places(result):
    jobs = by_id(result)
    first = jobs["4f0c59af-8b1b-5198-9b64-a989eb1e08a0"]
    assert first.workplace == "hybrid"
    assert first.locations == ["San Francisco, CA", "New York, NY"] and first.country_codes == ["US"]
    assert jobs["1d53c371-265f-5255-8afe-5ff83cade52a"].workplace == "onsite"
    assert jobs["14e3c92e-3daf-5a96-981b-d0b2530748ca"].workplace == "remote"
    assert jobs["787c224e-e848-55a8-8e2d-877a3ac9102c"].country_codes == ["GB"]


def test_dates_types_and_urls(result):
    job = by_id(result)["4f0c59af-8b1b-5198-9b64-a989eb1e08a0"]
    assert job.posted_at == datetime(2026, 10, 7, 17, 21, 44, 615000, tzinfo=UTC)
    assert job.employment_type == "full_time" and job.seniority == "senior"
    assert job.url == "https://jobs.ashbyhq.com/initech/4f0c59af-8b1b-5198-9b64-a989eb1e08a0"
    assert job.apply_url.endswith("/application")
    assert job.company == "Initech AI"


def test_tier_components_are_used_when_the_summary_has_no_salary():
    job = {"id": "1", "title": "Data Engineer", "compensation": {"summaryComponents": [], "compensationTiers": [
        {"components": [{"compensationType": "Salary", "interval": "1 MONTH", "currencyCode": "EUR",
                         "minValue": 4000, "maxValue": 5000}]},
        {"components": [{"compensationType": "Salary", "interval": "1 MONTH", "currencyCode": "EUR",
                         "minValue": 3500, "maxValue": 4200}]},
    ]}}  # fmt: skip
    salary = ashby.parse({"jobs": [job]}, board="x").payloads[0].salary
    assert (salary["min"], salary["max"], salary["period"], salary["annual_min"]) == (3500, 5000, "month", 42000)


def test_is_remote_without_workplace_type():
    job = {"id": "1", "title": "Data Engineer", "isRemote": True, "location": "Lisbon"}
    assert ashby.parse({"jobs": [job]}, board="x").payloads[0].workplace == "remote"


def test_empty_board(feed_file):
    result = ashby.parse(feed_file("ashby_empty.json"), board="initech")
    assert result.payloads == [] and result.fetched == 0 and result.invalid == []


def test_wrong_shape_fails_the_feed():
    with pytest.raises(FeedError):
        ashby.parse([], board="x")
