"""Greenhouse mapping of the bundled board (greenhouse_jobs.json)."""

from datetime import UTC, datetime

import pytest

from jobs.connectors import FeedError, greenhouse
from jobs.feedserver import DEMO_FEEDS_DIR
from jobs.http import parse_json

from .conftest import by_id


@pytest.fixture
def result(feed_file):
    return greenhouse.parse(feed_file("greenhouse_jobs.json"), board="acme")


def test_every_post_maps(result):
    assert result.fetched == 9
    assert len(result.payloads) == 9
    assert result.invalid == [] and result.warnings == []


def test_annual_pay_range_from_metadata_string_amounts(result):
    job = by_id(result)["4012345007"]
    assert job.title == "Senior AI Engineer"
    assert job.company == "Acme AI"
    assert job.salary == {
        "min": 185000, "max": 245000, "currency": "USD", "period": "year",
        "annual_min": 185000, "annual_max": 245000, "source": "stated",
    }  # fmt: skip
    assert job.seniority == "senior"
    assert job.workplace == "hybrid"
    assert job.locations == ["San Francisco, CA"] and job.country_codes == ["US"]


def test_hourly_pay_range_is_annualised_by_2080(result):
    job = by_id(result)["4012350007"]
    assert job.salary["period"] == "hour"
    assert (job.salary["min"], job.salary["max"]) == (68, 82)
    assert (job.salary["annual_min"], job.salary["annual_max"]) == (68 * 2080, 82 * 2080)
    assert job.employment_type == "contract"
    assert job.workplace == "onsite"


def test_eur_and_cad_ranges_keep_their_currency(result):
    jobs = by_id(result)
    assert jobs["4012348007"].salary["currency"] == "EUR"
    assert jobs["4012348007"].salary["annual_max"] == 110000
    assert jobs["4012351007"].salary["currency"] == "CAD"


def test_null_pay_range_and_missing_metadata_give_no_stated_salary(result):
    jobs = by_id(result)
    assert jobs["4012349007"].salary is None
    # No pay field, but the description says "New York pay range: $170,000 – $210,000 + equity."
    assert jobs["4012346007"].salary == {
        "min": 170000, "max": 210000, "currency": "USD", "period": "year",
        "annual_min": 170000, "annual_max": 210000, "source": "description",
    }  # fmt: skip


def test_first_published_is_the_posting_date_in_utc(result):
    jobs = by_id(result)
    # first_published -04:00, updated_at -05:00: the posting date is first_published
    assert jobs["4012346007"].posted_at == datetime(2026, 10, 1, 12, 15, 9, tzinfo=UTC)
    assert jobs["4012351007"].posted_at == datetime(2026, 11, 12, 15, 31, 6, tzinfo=UTC)
    assert all(job.posted_at.tzinfo is UTC for job in result.payloads)


def test_content_is_unescaped_exactly_once_and_sanitised(result):
    job = by_id(result)["4012345007"]
    html = job.description_html
    assert html.startswith("<p><strong>About Acme AI</strong></p>")
    assert "&lt;" not in html and "class=" not in html and "<div" not in html
    assert "R&amp;D hubs" in html  # "R&amp;amp;D" in the feed: one level of escaping removed
    assert "<ul><li>Design tool-calling pipelines over our internal APIs</li>" in html
    assert "&nbsp;" in html or "\u00a0" in html
    assert "$185,000 – $245,000 USD" in job.description_text
    assert "What you'll do" in job.description_text
    assert "R&D hubs" in job.description_text


def test_posts_of_one_job_share_a_group_key(result):
    jobs = by_id(result)
    assert jobs["4012346007"].group_key == jobs["4012346008"].group_key == "4001113007"
    assert jobs["4012346008"].country_codes == ["GB"]
    assert jobs["4012399007"].group_key is None  # prospect post


def test_multi_city_location_is_split(result):
    job = by_id(result)["4012348007"]
    assert job.locations == ["Berlin, Germany", "Amsterdam, Netherlands"]
    assert job.country_codes == ["DE", "NL"]


def test_remote_posts(result):
    jobs = by_id(result)
    assert jobs["4012347007"].workplace == "remote" and jobs["4012347007"].country_codes == ["US"]
    assert jobs["4012349007"].workplace == "remote" and jobs["4012349007"].country_codes == []
    assert jobs["4012399007"].workplace == "remote"


def test_identifier_is_the_post_id_used_on_career_pages(result):
    job = by_id(result)["4012345007"]
    assert job.identifier == "4012345007"
    assert job.url == "https://job-boards.greenhouse.io/acmeai/jobs/4012345007"


def test_pay_input_ranges_in_cents():
    data = {"jobs": [{
        "id": 1, "title": "ML Engineer", "company_name": "X", "absolute_url": "https://x.example/1",
        "location": {"name": "Remote - US"}, "content": "",
        "pay_input_ranges": [
            {"min_cents": 15000000, "max_cents": 19000000, "currency_type": "USD", "title": "Zone B"},
            {"min_cents": 17000000, "max_cents": 21000000, "currency_type": "USD", "title": "Zone A"},
        ],
    }]}  # fmt: skip
    job = greenhouse.parse(data, board="x").payloads[0]
    assert job.salary == {
        "min": 150000, "max": 210000, "currency": "USD", "period": "year",
        "annual_min": 150000, "annual_max": 210000, "source": "stated",
    }  # fmt: skip


def test_bonus_ranges_are_not_salary_and_a_range_without_period_is_dropped():
    def job(metadata):
        return {"id": 2, "title": "Data Scientist", "location": {"name": "NYC"}, "metadata": metadata}

    bonus = [{"name": "Bonus Range", "value_type": "currency_range",
              "value": {"unit": "USD", "min_value": "10000", "max_value": "20000"}}]  # fmt: skip
    assert greenhouse.parse({"jobs": [job(bonus)]}, board="x").payloads[0].salary is None
    no_period = [{"name": "Pay Range", "value_type": "currency_range",
                  "value": {"unit": "USD", "min_value": "100", "max_value": "200"}}]  # fmt: skip
    result = greenhouse.parse({"jobs": [job(no_period)]}, board="x")
    assert result.payloads[0].salary is None
    assert "2: salary dropped (pay range without a pay period)" in result.warnings


def test_a_bad_record_is_invalid_not_the_whole_feed():
    data = {"jobs": [{"id": 1, "title": "Data Engineer"}, {"id": 2, "title": ""}, "oops", {"title": "No id"}]}
    result = greenhouse.parse(data, board="x")
    assert [p.raw_id for p in result.payloads] == ["1"]
    assert result.fetched == 4
    assert [reason for _, reason in result.invalid] == [
        "missing title", "record is a str, not an object", "missing id",
    ]  # fmt: skip


def test_wrong_shape_fails_the_feed():
    with pytest.raises(FeedError, match='no "jobs" list'):
        greenhouse.parse({"error": "nope"}, board="x")


def test_truncated_file_is_malformed_json_with_a_line_number():
    body = (DEMO_FEEDS_DIR / "greenhouse_malformed.json").read_bytes()
    with pytest.raises(FeedError, match=r"^malformed JSON from Greenhouse board x at line 93 column \d+"):
        parse_json(body, source="Greenhouse board x")


def test_empty_board_is_zero_payloads():
    result = greenhouse.parse({"jobs": [], "meta": {"total": 0}}, board="x")
    assert result.payloads == [] and result.fetched == 0


def test_single_amount_currency_field_with_hourly_frequency():
    metadata = [
        {"name": "Pay Frequency", "value": "Hourly", "value_type": "single_select"},
        {"name": "Hourly Rate", "value": {"unit": "usd", "amount": "55.5"}, "value_type": "currency"},
    ]
    job = {"id": 3, "title": "Data Analyst", "metadata": metadata}
    salary = greenhouse.parse({"jobs": [job]}, board="x").payloads[0].salary
    assert salary == {"min": 55.5, "max": 55.5, "currency": "USD", "period": "hour",
                      "annual_min": 115440, "annual_max": 115440, "source": "stated"}  # fmt: skip
