"""Personio XML mapping of the bundled positions (personio_positions.xml)."""

from datetime import UTC, datetime

import pytest

from jobs.connectors import FeedError, personio
from jobs.feedserver import DEMO_FEEDS_DIR

from .conftest import by_id


def read(name: str) -> list[dict]:
    return personio.read_positions((DEMO_FEEDS_DIR / name).read_bytes(), source="Personio feed test")


@pytest.fixture
def result():
    return personio.parse(read("personio_positions.xml"), board="piedpiper", company="Pied Piper AI")


def test_every_position_maps(result):
    assert result.fetched == 8 and len(result.payloads) == 8 and result.invalid == [] and result.warnings == []


def test_the_title_is_the_positions_own_name_with_entities_decoded(result):
    jobs = by_id(result)
    assert jobs["2417730"].title == "Senior Machine Learning Engineer (m/w/d)"
    assert jobs["2419187"].title == "Office Assistant & Empfang (Teilzeit, 20h)"


def test_offices_and_remote_office_names(result):
    job = by_id(result)["2417730"]
    assert job.locations == ["Berlin", "München", "Remote (Germany)"]
    assert job.country_codes == ["DE"]


def test_pay_from_description_blocks(result):
    jobs = by_id(result)
    assert (jobs["2417730"].salary["min"], jobs["2417730"].salary["max"], jobs["2417730"].salary["period"]) == (
        70000, 90000, "year",
    )  # fmt: skip
    assert (jobs["2418055"].salary["min"], jobs["2418055"].salary["period"]) == (17, "hour")
    assert (jobs["2418402"].salary["min"], jobs["2418402"].salary["period"]) == (1600, "month")
    assert (jobs["2418911"].salary["min"], jobs["2418911"].salary["max"]) == (58000, None)  # "mindestens"
    assert (jobs["2419044"].salary["currency"], jobs["2419044"].salary["max"]) == ("CHF", 130000)
    assert jobs["2419187"].salary is None  # "ein Team von 1.200 Menschen" is a headcount
    assert all(job.salary["source"] == "description" for job in result.payloads if job.salary)


def test_offsets_with_and_without_a_colon(result):
    jobs = by_id(result)
    assert jobs["2417730"].posted_at == datetime(2026, 9, 14, 8, 22, 31, tzinfo=UTC)
    assert jobs["2418402"].posted_at == datetime(2026, 10, 7, 13, 41, 9, tzinfo=UTC)
    assert jobs["2419187"].posted_at == datetime(2026, 10, 29, 15, 18, 27, tzinfo=UTC)


def test_employment_types_outside_the_documented_list(result):
    jobs = by_id(result)
    assert jobs["2418055"].employment_type == "part_time"  # working_student
    assert jobs["2418402"].employment_type == "internship"
    assert jobs["2418803"].employment_type == "contract"
    assert jobs["2418677"].employment_type == "full_time"  # full-or-part-time


def test_cdata_xss_is_removed_and_the_url_is_built(result):
    job = by_id(result)["2419187"]
    assert "onerror" not in job.description_html and "javascript:" not in job.description_html
    assert "<h3>Aufgaben</h3>" in job.description_html
    assert job.url == "https://piedpiper.jobs.personio.de/job/2419187?language=en"


def test_an_empty_feed_is_reported():
    result = personio.parse(read("personio_empty.xml"), board="piedpiper", company="Pied Piper AI")
    assert result.payloads == [] and "switched off" in result.warnings[0]


def test_truncated_xml_fails_with_the_position():
    body = (DEMO_FEEDS_DIR / "personio_positions.xml").read_bytes()[:3000]
    with pytest.raises(FeedError, match=r"^malformed XML from Personio feed test at line \d+ column \d+"):
        personio.read_positions(body, source="Personio feed test")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty response"),
        (b"<html><body>Page not found</body></html>", "root <html>, expected <workzag-jobs>"),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><workzag-jobs>&a;</workzag-jobs>', "refused XML"),
    ],
)
def test_other_bodies_fail_with_a_reason(body, reason):
    with pytest.raises(FeedError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        personio.read_positions(body, source="Personio feed test")


def test_a_position_without_id_is_isolated():
    positions = read("personio_positions.xml")
    del positions[0]["id"]
    result = personio.parse(positions, board="piedpiper", company="Pied Piper AI")
    assert len(result.payloads) == 7 and result.invalid == [("#0", "missing id")]
