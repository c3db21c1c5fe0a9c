"""Market figures on a real database: `/api/market/{path}/`, the cards of the content API,
daily snapshots and skill mentions kept current by the sync."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs import market, services
from jobs.models import JobListing, JobSource, ListingSkill, MarketSnapshot, Skill, SyncRun
from jobs.snapshots import day_bounds, snapshot_write

from .conftest import greenhouse_job

pytestmark = pytest.mark.integration

_counter = iter(range(1, 1_000_000))


@pytest.fixture
def source(db) -> JobSource:
    return JobSource.objects.create(name="Board", slug="board", kind="greenhouse", board="board")


def listing(source, path, *, currency="USD", low=100_000.0, high=None, period="year", annual=None,
            employment_type="full_time", seniority="mid", status="open", first_seen=None, closed_at=None,
            pay_source="stated", title="Data Engineer", description="") -> JobListing:
    """A listing stored as the sync stores it; `annual` defaults to the stated pay for a yearly period."""
    number = next(_counter)
    high = low if high is None else high
    factor = {"year": 1, "month": 12, "day": 260, "hour": 2080}[period] if period else 1
    annual = (low * factor, high * factor) if annual is None else annual
    seen = first_seen or timezone.now() - timedelta(days=3)
    return JobListing.objects.create(
        source=source, external_id=str(number), title=title, company="Acme", career_path=path,
        employment_type=employment_type, seniority=seniority,
        salary_currency=currency or "", salary_period=period if currency else "",
        salary_min=low if currency else None, salary_max=high if currency else None,
        salary_annual_min=annual[0] if currency else None, salary_annual_max=annual[1] if currency else None,
        pay_source=pay_source if currency else "", description_text=description,
        posted_at=seen, first_seen_at=seen, last_seen_at=seen, updated_at=seen,
        status=status, closed_at=closed_at, content_hash=f"h{number}",
    )


@pytest.fixture
def market_listings(source, career_paths):
    """Data engineer: 12 USD and 3 EUR full-time salaries, 6 hourly contracts, 5 monthly intern
    stipends (interns by seniority or type), 2 part-time, one closed and one without pay."""
    path = career_paths["data-engineer"]
    for value in range(100_000, 220_000, 10_000):  # 12 values
        listing(source, path, low=value, seniority="senior" if value >= 160_000 else "mid")
    for value in (70_000, 80_000, 90_000):
        listing(source, path, currency="EUR", low=value, pay_source="description")
    for rate in (80, 90, 100, 110, 120, 130):
        listing(source, path, employment_type="contract", low=rate, period="hour")
    for stipend in (2_000, 2_100, 2_200):
        listing(source, path, currency="EUR", seniority="intern", low=stipend, period="month")
    for stipend in (1_900, 2_300):
        listing(source, path, currency="EUR", employment_type="internship", seniority="", low=stipend, period="month")
    for _ in range(2):
        listing(source, path, employment_type="part_time", low=900_000)
    listing(source, path, low=5_000_000, status="closed", closed_at=timezone.now())
    listing(source, path, currency="")
    # Machine learning: GBP only.
    for value in (60_000, 70_000, 80_000, 90_000, 100_000):
        listing(source, career_paths["ml-engineer"], currency="GBP", low=value)
    return path


def test_market_api_gives_each_basis_per_currency_with_thresholds(client, market_listings):
    response = client.get("/api/market/data-engineer/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["path"], body["open_jobs"], body["reference_currency"], body["main_currency"]) == (
        "data-engineer", 29, "USD", "USD"
    )
    annual = {(entry["currency"], entry["period"]): entry for entry in body["pay"]["annual"]}
    usd = annual["USD", "year"]
    assert (usd["count"], usd["min"], usd["max"]) == (12, 100_000, 210_000)  # no part-time, contract or closed
    assert (usd["median"], usd["p25"], usd["p75"], usd["p10"], usd["p90"]) == (155_000, 127_500, 182_500, None, None)
    assert usd["by_seniority"] == {"mid": {"count": 6, "median": 125_000}, "senior": {"count": 6, "median": 185_000}}
    assert (usd["sources"], usd["pay_source"]) == (["board"], {"stated": 12, "description": 0})
    eur = annual["EUR", "year"]
    assert (eur["count"], eur["median"], eur["min"], eur["max"]) == (3, None, 70_000, 90_000)
    assert [(e["currency"], e["period"], e["count"], e["median"], e["max"]) for e in body["pay"]["contract"]] == [
        ("USD", "hour", 6, 105, 130)
    ]
    assert [(e["currency"], e["period"], e["count"], e["median"]) for e in body["pay"]["internship"]] == [
        ("EUR", "month", 5, 2_100)
    ]
    assert body["other"] == {"count": 2}
    assert body["skills"] == [] and body["trend"] == []


def test_market_api_filters_by_pay_source(client, market_listings):
    body = client.get("/api/market/data-engineer/", {"pay_source": "description"}).json()
    assert [(e["currency"], e["count"]) for e in body["pay"]["annual"]] == [("EUR", 3)]
    assert body["pay"]["contract"] == []


@pytest.mark.parametrize(
    ("url", "params", "status", "word"),
    [
        ("/api/market/astronaut/", {}, 404, "astronaut"),
        ("/api/market/data-engineer/", {"pay_source": "guess"}, 400, "pay_source"),
        ("/api/market/data-engineer/", {"days": "0"}, 400, "days"),
        ("/api/market/data-engineer/", {"days": "many"}, 400, "days"),
    ],
)
def test_market_api_bad_input_is_json(client, career_paths, url, params, status, word):
    response = client.get(url, params)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert word in response.json()["detail"]


def test_market_api_is_in_the_schema_with_its_statuses(client, db):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/market/{path}/"]["get"]
    assert {"200", "400", "404"} <= set(operation["responses"])
    params = {param["name"]: param for param in operation["parameters"]}
    pay_source = params["pay_source"]["schema"]
    assert pay_source.get("allOf", [pay_source])[0]["enum"] == ["stated", "description"]
    assert params["days"]["schema"]["type"] == "integer"


def test_no_api_gives_a_median_under_the_minimum(client, market_listings, career_paths):
    for slug in career_paths:
        market_body = client.get(f"/api/market/{slug}/").json()
        for entries in market_body["pay"].values():
            for entry in entries:
                assert entry["median"] is None or entry["count"] >= 5
                assert entry["p25"] is None or entry["count"] >= 10
                assert entry["p10"] is None or entry["count"] >= 20
        for entry in client.get(f"/api/salaries/{slug}/").json()["currencies"]:
            assert entry["median"] is None or entry["count"] >= 5
            assert entry["p75"] is None or entry["count"] >= 10


def test_salaries_api_counts_only_annual_listings(client, market_listings):
    body = client.get("/api/salaries/data-engineer/").json()
    assert (body["disclosed"], body["excluded"]) == (15, {"contract": 6, "internship": 5, "other": 2})
    assert [(entry["currency"], entry["count"], entry["max"]) for entry in body["currencies"]] == [
        ("USD", 12, 210_000), ("EUR", 3, 90_000)
    ]


def test_hub_cards_are_in_the_reference_currency_or_null(client, market_listings, settings):
    paths = {card["slug"]: card for card in client.get("/api/paths/", {"size": "50"}).json()["results"]}
    assert {card["currency"] for card in paths.values()} == {"USD"}
    data = paths["data-engineer"]
    assert (data["median_annual"], data["sample_size"], data["main_currency"]) == (155_000, 12, None)
    ml = paths["ml-engineer"]
    assert (ml["median_annual"], ml["sample_size"]) == (None, 0)
    assert ml["main_currency"] == {"currency": "GBP", "median_annual": 80_000, "sample_size": 5}
    settings.MARKET_REFERENCE_CURRENCY = "GBP"
    ml = next(card for card in client.get("/api/paths/").json()["results"] if card["slug"] == "ml-engineer")
    assert (ml["currency"], ml["median_annual"], ml["main_currency"]) == ("GBP", 80_000, None)


def test_path_and_comparison_details_carry_the_same_card(client, market_listings):
    detail = client.get("/api/paths/data-engineer/").json()
    assert (detail["median_annual"], detail["currency"], detail["sample_size"]) == (155_000, "USD", 12)


def test_figures_of_many_paths_cost_the_same_queries(market_listings, career_paths):
    slugs = list(career_paths)
    with CaptureQueriesContext(connection) as one:
        market.path_pay(slugs[:1])
        market.path_cards(slugs[:1])
        market.salary_distributions(slugs[:1])
        market.path_skills(slugs[:1])
        market.path_trends(slugs[:1])
    with CaptureQueriesContext(connection) as all_paths:
        market.path_pay(slugs)
        market.path_cards(slugs)
        market.salary_distributions(slugs)
        market.path_skills(slugs)
        market.path_trends(slugs)
    assert len(one.captured_queries) == len(all_paths.captured_queries) <= 8


# -- snapshots --------------------------------------------------------------------------------


def test_a_snapshot_is_one_row_per_path_and_day_and_rewriting_it_updates_it(source, career_paths):
    path = career_paths["data-engineer"]
    today = timezone.localdate()
    start, _end = day_bounds(today)
    for value in range(100_000, 150_000, 10_000):
        listing(source, path, low=value, first_seen=start - timedelta(days=2))
    snapshot_write(day=today)
    listing(source, path, low=200_000, first_seen=start + timedelta(hours=1))
    written = snapshot_write(day=today)
    assert len(written) == len(career_paths)
    rows = MarketSnapshot.objects.filter(path=path)
    assert rows.count() == 1
    row = rows.get()
    assert (row.date, row.open_jobs, row.new_jobs, row.closed_jobs, row.partial) == (today, 6, 1, 0, False)
    assert row.pay == {"USD": {"count": 6, "median": 125_000}}
    assert MarketSnapshot.objects.filter(date=today).count() == len(career_paths)


def test_past_days_are_backfilled_from_listing_timestamps(source, career_paths):
    path = career_paths["data-engineer"]
    today = timezone.localdate()
    start, _ = day_bounds(today)
    listing(source, path, first_seen=start - timedelta(days=10))
    listing(source, path, first_seen=start - timedelta(days=5, hours=-2),
            status="closed", closed_at=start - timedelta(days=3, hours=-1))
    listing(source, path, first_seen=start - timedelta(days=1))
    counts = {}
    for back in range(11, -1, -1):
        day = today - timedelta(days=back)
        snapshot_write(day=day)
        snapshot_write(day=day)
    for row in MarketSnapshot.objects.filter(path=path):
        counts[(today - row.date).days] = (row.open_jobs, row.new_jobs, row.closed_jobs)
    assert counts[11] == (0, 0, 0)
    assert counts[10] == (1, 1, 0)
    assert counts[5] == (2, 1, 0)
    assert counts[3] == (1, 0, 1)
    assert counts[1] == (2, 1, 0)
    assert counts[0] == (2, 0, 0)
    trend = market.path_trends(["data-engineer"], days=90)["data-engineer"]
    assert len(trend) == 12
    assert len({point["date"] for point in trend}) == len(trend)
    assert [point["date"] for point in trend] == sorted(point["date"] for point in trend)


def test_a_day_with_a_failed_sync_is_written_and_marked_partial(source, career_paths):
    today = timezone.localdate()
    start, _ = day_bounds(today)
    yesterday = today - timedelta(days=1)
    SyncRun.objects.create(source=source, started_at=start + timedelta(hours=2), status=SyncRun.Status.FAILED,
                           reason="feed unreachable")
    snapshot_write(day=today)
    snapshot_write(day=yesterday)
    path = career_paths["data-engineer"]
    assert MarketSnapshot.objects.get(path=path, date=today).partial is True
    assert MarketSnapshot.objects.get(path=path, date=yesterday).partial is False


def test_the_trend_is_in_the_market_api(client, source, career_paths):
    path = career_paths["data-engineer"]
    listing(source, path, first_seen=datetime(2020, 1, 1, tzinfo=UTC))
    today = timezone.localdate()
    for back in (2, 1, 0, 0):
        snapshot_write(day=today - timedelta(days=back))
    trend = client.get("/api/market/data-engineer/").json()["trend"]
    assert [point["date"] for point in trend] == [(today - timedelta(days=back)).isoformat() for back in (2, 1, 0)]
    assert trend[-1]["open_jobs"] == 1
    assert client.get("/api/market/data-engineer/", {"days": "1"}).json()["trend"][0]["date"] == today.isoformat()
    assert date.fromisoformat(trend[0]["date"]) < today


# -- skills -----------------------------------------------------------------------------------


def test_the_seeded_vocabulary_is_there(db):
    names = set(Skill.objects.values_list("name", flat=True))
    assert len(names) >= 60
    assert {"PyTorch", "Kubernetes", "dbt", "Airflow", "Spark", "SQL", "Feature stores", "Embeddings"} <= names
    assert "k8s" in Skill.objects.get(name="Kubernetes").aliases.splitlines()


def test_a_sync_enqueues_a_skills_refresh_of_the_listings_it_wrote(
    feeds, make_source, career_paths, django_capture_on_commit_callbacks
):
    feeds.greenhouse("northwind", [greenhouse_job(n, title="Data Engineer") for n in range(3)])
    source = make_source()
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.source_sync(source_id=source.pk).status == "ok"
    assert callbacks  # search, the export and the skills refresh are handed off after commit
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.source_sync(source_id=source.pk).status == "ok"
    assert not callbacks  # an unchanged feed hands nothing off


def test_refreshing_listings_rereads_only_them(source, career_paths):
    path = career_paths["data-engineer"]
    first = listing(source, path, description="Spark on k8s")
    second = listing(source, path, description="SQL and dbt")
    services.listing_skills_refresh(listing_ids=[first.pk, second.pk])
    kept = set(ListingSkill.objects.filter(listing=second).values_list("pk", flat=True))
    JobListing.objects.filter(pk=first.pk).update(description_text="PyTorch on k8s")
    services.listing_skills_refresh(listing_ids=[first.pk])
    counts = {item["skill"]: item["count"] for item in market.path_skills(["data-engineer"])["data-engineer"]}
    assert counts == {"Kubernetes": 1, "PyTorch": 1, "SQL": 1, "dbt": 1}
    assert set(ListingSkill.objects.filter(listing=second).values_list("pk", flat=True)) == kept


def test_an_edit_of_the_vocabulary_recounts(source, career_paths):
    path = career_paths["data-engineer"]
    listing(source, path, description="We run Dagster pipelines")
    listing(source, path, description="Great Expectations for quality", status="closed", closed_at=timezone.now())
    services.skills_recount()
    assert market.path_skills(["data-engineer"])["data-engineer"][0]["skill"] == "Airflow"  # Dagster is an alias
    skill = Skill.objects.create(name="Dagster", aliases="", category="data")
    services.skills_recount()
    names = {item["skill"] for item in market.path_skills(["data-engineer"])["data-engineer"]}
    assert names == {"Airflow", "Dagster"}
    skill.delete()
    Skill.objects.filter(name="Airflow").update(aliases="")
    services.skills_recount()
    assert market.path_skills(["data-engineer"])["data-engineer"] == []
    assert not ListingSkill.objects.filter(listing__status="closed").exists()


def test_comparison_skills_side_by_side_and_apart(source, career_paths):
    for text in ("SQL and dbt", "SQL", "SQL and Airflow", "Tableau"):
        listing(source, career_paths["data-engineer"], description=text)
    for text in ("SQL and PyTorch", "PyTorch"):
        listing(source, career_paths["ml-engineer"], description=text)
    services.skills_recount()
    result = market.comparison_skills("data-engineer", "ml-engineer")
    rows = {row["skill"]: row for row in result["rows"]}
    assert (rows["SQL"]["left_share"], rows["SQL"]["right_share"]) == (0.75, 0.5)
    assert (rows["PyTorch"]["left_count"], rows["PyTorch"]["right_count"]) == (0, 2)
    assert result["apart"][0] == {**rows["PyTorch"], "difference": -1.0}
    assert all(row["difference"] for row in result["apart"])
