"""The demo market's history replayed through the feed server, the connectors and the sync pipeline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jobs import demo_market
from jobs.feedserver import start_feed_server
from jobs.models import JobListing, JobSource, SyncRun
from jobs.selectors import generated_listings_present

pytestmark = pytest.mark.integration

END = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_replay_dates_runs_and_lifecycles_by_the_market_and_a_second_replay_changes_nothing(
    tmp_path, career_paths
):
    market = demo_market.build_market(end=END, open_target=300)
    folder = tmp_path / "market"
    demo_market.write_feeds(market, folder / "feeds", when=market.steps()[0])
    feeds, pages, details = demo_market.feed_routes(market, folder / "feeds")
    base_url, stop = start_feed_server(feeds=feeds, pages=pages, details=details)
    try:
        reports = demo_market.replay(market, folder, base_url=base_url, kinds=["ashby"])
        assert len(reports) == len(market.steps()) >= 12
        assert not any(report.failed for report in reports)
        sources = JobSource.objects.filter(kind="ashby", generated=True)
        assert sources.count() == sum(1 for c in market.companies if c.kind == "ashby")

        run_days = set(SyncRun.objects.values_list("started_at__date", flat=True))
        assert run_days == {step.date() for step in market.steps()}
        listings = JobListing.objects.all()
        assert all(market.start - timedelta(minutes=1) <= row.first_seen_at <= END + timedelta(hours=3)
                   for row in listings)
        closed = listings.filter(status=JobListing.Status.CLOSED)
        assert closed.exists() and all(market.start < row.closed_at <= END + timedelta(hours=3) for row in closed)
        # At the end every posting open in the feeds is open (unlisted Ashby jobs are skipped). The only
        # others still open are those the safety rules kept: a run never closes more than half a board,
        # and a board that lists nothing closes nothing (its run is partial).
        ashby = {i for i, c in enumerate(market.companies) if c.kind == "ashby"}
        expected = [p for p in market.open_postings(END) if p.company in ashby and p.edge != "unlisted"]
        expected_ids = {demo_market._uuid(market.companies[p.company], p) for p in expected}
        open_rows = listings.filter(status=JobListing.Status.OPEN)
        assert expected_ids <= set(open_rows.values_list("external_id", flat=True))
        kept = open_rows.exclude(external_id__in=expected_ids)
        last_runs = {source.pk: source.runs.order_by("-started_at").first() for source in sources}
        for row in kept:
            assert row.missing_runs > 0 or last_runs[row.source_id].status == SyncRun.Status.PARTIAL, row.title
        assert kept.count() <= 0.1 * len(expected)
        assert generated_listings_present()

        before = list(JobListing.objects.order_by("pk").values_list("pk", "status", "updated_at"))
        assert demo_market.replay(market, folder, base_url=base_url, kinds=["ashby"]) == []
        assert list(JobListing.objects.order_by("pk").values_list("pk", "status", "updated_at")) == before
    finally:
        stop()


NEW_KINDS = ("workable", "smartrecruiters", "recruitee", "personio")


def test_the_four_newer_formats_are_served_where_their_connectors_ask_and_sync_with_descriptions(
    tmp_path, career_paths, settings, monkeypatch
):
    # One board of each newer format (the others are covered above and in the unit tests).
    monkeypatch.setattr(demo_market, "COMPANIES_PER_KIND",
                        {kind: int(kind in NEW_KINDS) for kind in demo_market.KINDS_ORDER})
    settings.JOBS_DETAIL_RATE = 0
    market = demo_market.build_market(end=END, open_target=120)
    assert sorted(company.kind for company in market.companies) == sorted(NEW_KINDS)
    folder = tmp_path / "market"
    demo_market.write_feeds(market, folder / "feeds", when=market.steps()[0])
    feeds, pages, details = demo_market.feed_routes(market, folder / "feeds")
    base_url, stop = start_feed_server(feeds=feeds, pages=pages, details=details)
    try:
        reports = demo_market.replay(market, folder, base_url=base_url, kinds=NEW_KINDS)
    finally:
        stop()
    assert reports and not any(report.failed for report in reports)
    runs = SyncRun.objects.all()
    assert runs.exists() and not runs.exclude(status=SyncRun.Status.OK).exists()
    open_rows = JobListing.objects.filter(status=JobListing.Status.OPEN, duplicate_of__isnull=True)
    for kind in NEW_KINDS:
        index = next(i for i, c in enumerate(market.companies) if c.kind == kind)
        expected = [p for p in market.open_postings(END) if p.company == index]
        stored = open_rows.filter(source__kind=kind)
        assert stored.count() >= len(expected) - 2 > 0, kind
        # Every format's listings carry their descriptions; SmartRecruiters' come from the detail
        # endpoint, which answers 404 only for the posting generated without one.
        assert stored.filter(description_text="").count() <= 1, kind
    last = SyncRun.objects.filter(source__kind="smartrecruiters").order_by("-started_at").first()
    assert sum("posting details not available" in warning for warning in last.warnings) <= 1
