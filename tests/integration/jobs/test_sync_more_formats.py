"""Syncing the newer formats into the database: pay provenance stored, a failing detail
recorded in the run's warnings, and a failed run that changes nothing."""

from __future__ import annotations

import json

import pytest

from jobs import services
from jobs.feedserver import DEMO_FEEDS_DIR
from jobs.models import JobListing, SyncRun

from .conftest import dump_listings

pytestmark = pytest.mark.integration


def demo_text(name: str) -> str:
    return (DEMO_FEEDS_DIR / name).read_text(encoding="utf-8")


def serve_smartrecruiters(feeds, *, failing: str | None = None) -> None:
    listing = json.loads(demo_text("smartrecruiters_postings.json"))
    details = json.loads(demo_text("smartrecruiters_posting_details.json"))
    feeds.json("/v1/companies/SoylentCorp/postings", listing)
    for posting in listing["content"]:
        detail = details.get(posting["id"])
        path = f"/v1/companies/SoylentCorp/postings/{posting['id']}"
        if detail is None or posting["id"] == failing:
            feeds.json(path, {"message": "Not found"}, status=404)
        else:
            feeds.json(path, detail)


FEEDS = {
    "workable": ("hooli", "/api/v1/widget/accounts/hooli", "workable_jobs.json", "application/json"),
    "recruitee": ("vandelaydata", "/vandelaydata/api/offers/", "recruitee_offers.json", "application/json"),
    "personio": ("piedpiper", "/piedpiper/xml", "personio_positions.xml", "application/xml"),
}


@pytest.mark.parametrize("kind", [*FEEDS, "smartrecruiters"])
def test_a_malformed_feed_after_a_good_sync_fails_the_run_and_changes_nothing(kind, feeds, make_source, career_paths):
    if kind == "smartrecruiters":
        board, path = "SoylentCorp", "/v1/companies/SoylentCorp/postings"
        serve_smartrecruiters(feeds)
        broken, content_type = '{"offset": 0, "limit": 100, "totalFound": 8, "content": [{"id"', "application/json"
    else:
        board, path, name, content_type = FEEDS[kind]
        feeds.raw(path, demo_text(name), content_type=content_type)
        broken = demo_text(name)[:1500]
    source = make_source(slug=f"{kind}-co", kind=kind, board=board)
    first = services.source_sync(source_id=source.pk)
    assert first.status in (SyncRun.Status.OK, SyncRun.Status.PARTIAL), first.reason
    assert first.new == 8
    before = dump_listings()
    feeds.raw(path, broken, content_type=content_type)
    run = services.source_sync(source_id=source.pk)
    assert run.status == SyncRun.Status.FAILED
    assert run.reason.startswith("malformed ")
    assert dump_listings() == before


def test_a_failing_smartrecruiters_detail_is_in_the_run_warnings(feeds, make_source, career_paths):
    serve_smartrecruiters(feeds, failing="744000151234502")
    source = make_source(slug="soylent-corp", kind="smartrecruiters", board="SoylentCorp")
    run = services.source_sync(source_id=source.pk)
    assert run.status == SyncRun.Status.OK and run.new == 8
    assert any(
        w.startswith("744000151234502: posting details not available (HTTP 404") and "without its description" in w
        for w in run.warnings
    )
    listing = JobListing.objects.get(source=source, external_id="744000151234502")
    assert listing.description_html == "" and listing.status == JobListing.Status.OPEN
    # The detail answers again: the next run fetches it (no raw hash was kept) and fills the description.
    serve_smartrecruiters(feeds)
    again = services.source_sync(source_id=source.pk)
    listing.refresh_from_db()
    assert "Payments" in listing.title and listing.description_html
    assert listing.pay_source == JobListing.PaySource.DESCRIPTION and listing.salary_min == 132000
    assert again.updated >= 1


def test_pay_provenance_is_stored(feeds, make_source, career_paths):
    board, path, name, content_type = FEEDS["recruitee"]
    feeds.raw(path, demo_text(name), content_type=content_type)
    source = make_source(slug="vandelay-data", kind="recruitee", board=board)
    services.source_sync(source_id=source.pk)
    stated = JobListing.objects.get(source=source, external_id="3104711")
    assert (stated.pay_source, stated.salary_period, stated.salary_annual_min) == ("stated", "month", 66000)
    unpaid = JobListing.objects.get(source=source, external_id="3105377")
    assert (unpaid.pay_source, unpaid.salary_currency) == ("", "")


def test_greenhouse_pay_transparency_source_option(feeds, make_source, career_paths):
    board = json.loads(demo_text("greenhouse_pay_board.json"))
    feeds.json("/v1/boards/hooli/jobs", board)
    for job_id, detail in json.loads(demo_text("greenhouse_job_pay.json")).items():
        feeds.json(f"/v1/boards/hooli/jobs/{job_id}", detail)
    source = make_source(slug="hooli", board="hooli", options={"pay_transparency": True})
    run = services.source_sync(source_id=source.pk)
    assert run.status == SyncRun.Status.OK and run.warnings == []
    listing = JobListing.objects.get(source=source, external_id="4102233008")
    assert (listing.salary_min, listing.salary_max, listing.salary_currency, listing.salary_period) == (
        34.5, 41, "CAD", "hour",
    )  # fmt: skip
    assert listing.pay_source == "stated"
    hits = dict(feeds.hits)
    again = services.source_sync(source_id=source.pk)
    assert again.unchanged == 3
    assert {path: feeds.hits[path] - hits.get(path, 0) for path in feeds.hits} == {
        "/v1/boards/hooli/jobs": 1,
        "/v1/boards/hooli/jobs/4102233007": 0,
        "/v1/boards/hooli/jobs/4102233008": 0,
        "/v1/boards/hooli/jobs/4102233009": 0,
    }


def test_statistics_and_the_api_keep_both_pay_sources_and_filter_by_them(client, feeds, make_source, career_paths):
    from .conftest import greenhouse_job

    feeds.greenhouse(
        "northwind",
        [
            greenhouse_job(1, title="Data Engineer", location="Austin, TX", salary=(100_000, 120_000, "USD")),
            greenhouse_job(
                2,
                title="Data Engineer",
                location="Austin, TX",
                content="&lt;p&gt;The base salary range is $140,000 – $160,000 USD per year.&lt;/p&gt;",
            ),
            greenhouse_job(3, title="Data Engineer", location="Austin, TX"),
        ],
    )
    source = make_source()
    assert services.source_sync(source_id=source.pk).status == SyncRun.Status.OK
    body = client.get("/api/salaries/data-engineer/").json()
    (usd,) = body["currencies"]
    assert usd["count"] == 2
    assert usd["pay_source"] == {"stated": 1, "description": 1}
    only_text = client.get("/api/salaries/data-engineer/", {"pay_source": "description"}).json()
    assert only_text["disclosed"] == 1 and only_text["open_jobs"] == 3
    (text_usd,) = only_text["currencies"]
    assert (text_usd["count"], text_usd["pay_source"]) == (1, {"stated": 0, "description": 1})
    assert text_usd["median"] is None  # one listing is under the minimum sample
    assert client.get("/api/salaries/data-engineer/", {"pay_source": "guess"}).status_code == 400
    jobs = client.get("/api/jobs/", {"pay_source": "description"}).json()
    assert [(item["pay_source"], item["source_kind"], item["salary"]["min"]) for item in jobs["results"]] == [
        ("description", "greenhouse", 140_000)
    ]
    assert client.get("/api/jobs/", {"pay_source": "x"}).json()["detail"] == (
        "pay_source: must be one of stated or description"
    )
    everything = client.get("/api/jobs/").json()["results"]
    assert sorted(str(item["pay_source"]) for item in everything) == ["None", "description", "stated"]
