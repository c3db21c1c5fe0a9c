"""`/api/jobs/`, `/api/jobs/{id}/` and `/api/salaries/{path}/` over listings synced from a local feed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobs import selectors, services
from jobs.models import JobListing

from .conftest import greenhouse_job

pytestmark = pytest.mark.integration

# Annual midpoints: EUR 70k, 90k; USD 120k, 150k, 180k; one undisclosed; one duplicate post.
POSTS = [
    dict(number=1, title="Data Engineer", location="Berlin, Germany", salary=(60_000, 80_000, "EUR")),
    dict(number=2, title="Data Engineer", location="Berlin, Germany", salary=(80_000, 100_000, "EUR")),
    dict(number=3, title="Data Engineer", location="Remote", salary=(100_000, 140_000, "USD")),
    dict(number=4, title="Senior Data Engineer", location="New York, NY", salary=(140_000, 160_000, "USD"), group=77),
    dict(number=5, title="Data Engineer", location="New York, NY", salary=(160_000, 200_000, "USD")),
    dict(number=6, title="Data Engineer", location="Toronto, ON, Canada"),
    dict(number=7, title="Senior Data Engineer", location="Chicago, IL", salary=(999_000, 999_000, "USD"), group=77),
    dict(
        number=8, title="Machine Learning Engineer", location="London, United Kingdom", salary=(90_000, 110_000, "GBP")
    ),
]


@pytest.fixture
def listings(feeds, make_source, career_paths):
    feeds.greenhouse("northwind", [greenhouse_job(**post) for post in POSTS])
    source = make_source()
    run = services.source_sync(source_id=source.pk)
    assert run.status == "ok", run.reason
    return {int(listing.external_id) - 7_000_000: listing for listing in source.listings.all()}


def get(client, url: str, **params):
    return client.get(url, params)


def ids(response) -> set[int]:
    return {item["id"] for item in response.json()["results"]}


def test_the_list_holds_open_canonical_listings_with_their_fields(client, listings):
    response = get(client, "/api/jobs/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 7  # the second post of job 77 is a duplicate
    assert listings[7].pk not in ids(response)
    item = next(item for item in body["results"] if item["id"] == listings[5].pk)
    assert item["path"] == "data-engineer"
    assert item["salary"] == {
        "min": 160000.0,
        "max": 200000.0,
        "currency": "USD",
        "period": "year",
        "annual_min": 160000.0,
        "annual_max": 200000.0,
        "pay_source": "stated",
    }
    assert item["source"] == "northwind"
    assert item["source_kind"] == "greenhouse"
    assert item["pay_source"] == "stated"
    assert set(item) == {
        "id",
        "title",
        "company",
        "path",
        "locations",
        "countries",
        "workplace",
        "employment_type",
        "seniority",
        "salary",
        "posted_at",
        "url",
        "source_url",
        "apply_url",
        "source",
        "source_kind",
        "pay_source",
    }
    undisclosed = next(item for item in body["results"] if item["id"] == listings[6].pk)
    assert undisclosed["salary"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"path": "data-engineer"}, {1, 2, 3, 4, 5, 6}),
        ({"path": "ml-engineer"}, {8}),
        ({"workplace": "remote"}, {3}),
        ({"currency": "eur"}, {1, 2}),
        ({"salary_min": "150000"}, {4, 5}),
        ({"country": "de"}, {1, 2}),
        ({"seniority": "senior"}, {4}),
        ({"source": "northwind", "path": "data-engineer", "currency": "USD"}, {3, 4, 5}),
        ({"posted_since": "2030-01-01"}, set()),
        ({"posted_since": "2026-09-01T11:30:00Z", "path": "data-engineer"}, {3, 4, 5, 6}),
    ],
)
def test_filters(client, listings, params, expected):
    response = get(client, "/api/jobs/", **params)
    assert response.status_code == 200, response.content
    assert ids(response) == {listings[number].pk for number in expected}


def test_ordering_and_pages(client, listings):
    by_salary = get(client, "/api/jobs/", ordering="-salary", size="3").json()
    assert [item["id"] for item in by_salary["results"]] == [listings[5].pk, listings[4].pk, listings[3].pk]
    assert (by_salary["pages"], by_salary["size"], by_salary["count"]) == (3, 3, 7)
    last = get(client, "/api/jobs/", ordering="-salary", size="3", page="3").json()
    assert len(last["results"]) == 1
    past_the_end = get(client, "/api/jobs/", ordering="-salary", size="3", page="4").json()
    assert past_the_end["results"] == [] and (past_the_end["count"], past_the_end["pages"]) == (7, 3)
    newest_first = get(client, "/api/jobs/").json()["results"]
    posted = [item["posted_at"] for item in newest_first]
    assert posted == sorted(posted, reverse=True)


@pytest.mark.parametrize(
    ("params", "word"),
    [
        ({"workplace": "moon"}, "workplace"),
        ({"employment_type": "gig"}, "employment_type"),
        ({"seniority": "god"}, "seniority"),
        ({"country": "USA"}, "country"),
        ({"currency": "dollars"}, "currency"),
        ({"salary_min": "lots"}, "salary_min"),
        ({"salary_min": "-5"}, "salary_min"),
        ({"posted_since": "yesterday"}, "posted_since"),
        ({"ordering": "random"}, "ordering"),
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"size": "1000"}, "size"),
    ],
)
def test_bad_parameters_are_a_400_with_a_message(client, listings, params, word):
    response = get(client, "/api/jobs/", **params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert word in response.json()["detail"]


def test_the_list_costs_the_same_queries_for_any_page_size(client, listings):
    with CaptureQueriesContext(connection) as small:
        get(client, "/api/jobs/", size="1")
    with CaptureQueriesContext(connection) as large:
        get(client, "/api/jobs/", size="100")
    assert len(small.captured_queries) == len(large.captured_queries)


def test_one_listing_with_its_description(client, listings):
    response = get(client, f"/api/jobs/{listings[1].pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == listings[1].pk and "Job number 1" in body["description_html"]
    assert body["description_text"]
    assert get(client, f"/api/jobs/{listings[7].pk}/").status_code == 404  # a duplicate
    assert get(client, "/api/jobs/999999/").status_code == 404
    JobListing.objects.filter(pk=listings[1].pk).update(status="closed")
    assert get(client, f"/api/jobs/{listings[1].pk}/").status_code == 404


@pytest.fixture
def small_samples(settings):
    """Thresholds low enough for this small feed: median from 2, quartiles from 3, deciles from 4."""
    settings.MARKET_MIN_SAMPLE = 2
    settings.MARKET_MIN_SAMPLE_QUARTILES = 3
    settings.MARKET_MIN_SAMPLE_DECILES = 4


def test_salary_figures_per_currency(client, listings, small_samples):
    response = get(client, "/api/salaries/data-engineer/")
    assert response.status_code == 200
    body = response.json()
    assert (body["path"], body["open_jobs"], body["disclosed"], body["main_currency"]) == ("data-engineer", 6, 5, "USD")
    assert body["share_disclosing"] == pytest.approx(5 / 6, abs=1e-4)
    assert body["as_of"]
    assert body["excluded"] == {"contract": 0, "internship": 0, "other": 0}
    usd, eur = body["currencies"]
    assert {key: usd[key] for key in ("currency", "count", "min", "p25", "median", "p75", "max", "p10", "p90")} == {
        "currency": "USD",
        "count": 3,
        "min": 120_000,
        "p25": 135_000,
        "median": 150_000,
        "p75": 165_000,
        "max": 180_000,
        "p10": None,  # 3 listings: under the decile minimum of 4
        "p90": None,
    }
    assert usd["share_disclosing"] == 0.5
    assert (usd["sources"], usd["pay_source"]) == (["northwind"], {"stated": 3, "description": 0})
    assert usd["posted_from"] <= usd["posted_to"]
    # Two EUR listings: a median, but no quartiles.
    assert {key: eur[key] for key in ("currency", "count", "min", "p25", "median", "p75", "max")} == {
        "currency": "EUR",
        "count": 2,
        "min": 70_000,
        "p25": None,
        "median": 80_000,
        "p75": None,
        "max": 90_000,
    }
    assert usd["by_workplace"]["remote"] == {"count": 1, "median": None}
    assert usd["by_country"]["US"] == {"count": 2, "median": 165_000}
    assert usd["by_seniority"]["senior"] == {"count": 1, "median": None}
    assert sum(group["count"] for group in usd["by_seniority"].values()) == 3
    assert eur["by_country"] == {"DE": {"count": 2, "median": 80_000}}
    assert get(client, "/api/salaries/astronaut/").status_code == 404


def test_salary_figures_under_the_default_minimum_are_null(client, listings):
    body = get(client, "/api/salaries/data-engineer/").json()
    usd = body["currencies"][0]
    assert (usd["count"], usd["min"], usd["max"]) == (3, 120_000, 180_000)  # count and range still show
    assert [usd[key] for key in ("p10", "p25", "median", "p75", "p90")] == [None] * 5


def test_path_stats_come_from_the_same_figures_in_constant_queries(listings, career_paths, small_samples):
    with CaptureQueriesContext(connection) as queries:
        stats = selectors.path_job_stats()
    assert len(queries.captured_queries) <= 3
    assert stats["data-engineer"] == {
        "open_jobs": 6,
        "median_annual": 150_000,
        "currency": "USD",
        "sample_size": 3,
        "main_currency": None,
    }
    # Only GBP pay: the card stays in the reference currency and names the path's own currency apart.
    assert stats["ml-engineer"] == {
        "open_jobs": 1,
        "median_annual": None,
        "currency": "USD",
        "sample_size": 0,
        "main_currency": {"currency": "GBP", "median_annual": None, "sample_size": 1},
    }
    assert stats["rag-engineer"] == {
        "open_jobs": 0,
        "median_annual": None,
        "currency": "USD",
        "sample_size": 0,
        "main_currency": None,
    }
    assert set(stats) == set(career_paths)
    with CaptureQueriesContext(connection) as queries:
        assert set(selectors.path_job_stats(["data-engineer"])) == {"data-engineer"}
    assert len(queries.captured_queries) <= 2


@pytest.mark.parametrize(("params", "word"), [({"path": "astronaut"}, "path"), ({"source": "nowhere"}, "source")])
def test_filtering_by_an_unknown_path_or_source_is_a_404(client, listings, params, word):
    response = get(client, "/api/jobs/", **params)
    assert response.status_code == 404
    assert response.json()["detail"].startswith(f"{word}: no ")
