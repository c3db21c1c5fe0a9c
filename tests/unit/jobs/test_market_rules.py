"""The rules of the market figures: pay bases, sample-size thresholds, currencies, skill matching."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from jobs.market import Thresholds, basis_figures, median_or_none, pay_basis, pay_point, summary
from jobs.skills import compile_vocabulary

DEFAULT = Thresholds(median=5, quartiles=10, deciles=20)


def row(**overrides) -> dict:
    """A listing row as `jobs.market` reads it: full-time USD 100k-120k a year unless overridden."""
    values = {
        "career_path__slug": "data-engineer",
        "status": "open",
        "duplicate_of_id": None,
        "employment_type": "full_time",
        "seniority": "mid",
        "salary_currency": "USD",
        "salary_period": "year",
        "salary_min": 100_000.0,
        "salary_max": 120_000.0,
        "salary_annual_min": 100_000.0,
        "salary_annual_max": 120_000.0,
        "pay_source": "stated",
        "workplace": "remote",
        "country_codes": ["US"],
        "source__slug": "northwind",
        "posted_at": datetime(2026, 9, 1, tzinfo=UTC),
        "first_seen_at": datetime(2026, 9, 2, tzinfo=UTC),
        "updated_at": datetime(2026, 9, 2, tzinfo=UTC),
    }
    values.update(overrides)
    return values


@pytest.mark.parametrize(
    ("employment_type", "seniority", "basis"),
    [
        ("full_time", "senior", "annual"),
        ("", "", "annual"),
        (None, None, "annual"),
        ("full_time", "intern", "internship"),
        ("", "intern", "internship"),
        ("internship", "", "internship"),
        ("part_time", "intern", "internship"),
        ("contract", "senior", "contract"),
        ("temporary", "", "contract"),
        ("part_time", "mid", "other"),
    ],
)
def test_each_listing_has_one_pay_basis(employment_type, seniority, basis):
    assert pay_basis(employment_type=employment_type, seniority=seniority) == basis


def test_a_median_needs_the_minimum_sample():
    assert median_or_none([1, 2, 3, 4], DEFAULT) is None
    assert median_or_none([1, 2, 3, 4, 5], DEFAULT) == 3


@pytest.mark.parametrize(
    ("n", "present"),
    [
        (1, {"min", "max"}),
        (4, {"min", "max"}),
        (5, {"min", "max", "median"}),
        (9, {"min", "max", "median"}),
        (10, {"min", "max", "median", "p25", "p75"}),
        (19, {"min", "max", "median", "p25", "p75"}),
        (20, {"min", "max", "median", "p25", "p75", "p10", "p90"}),
    ],
)
def test_each_figure_is_null_under_its_threshold(n, present):
    figures = summary([float(value) for value in range(1, n + 1)], DEFAULT)
    assert figures["count"] == n
    shown = {key for key in ("min", "max", "p10", "p25", "median", "p75", "p90") if figures[key] is not None}
    assert shown == present


def test_no_values_give_a_zero_count_and_no_figures():
    assert summary([], DEFAULT) == {
        "count": 0, "min": None, "max": None, "p10": None, "p25": None, "median": None, "p75": None, "p90": None
    }


def test_percentile_figures_interpolate():
    figures = summary([float(value) for value in range(1, 21)], DEFAULT)
    assert (figures["p10"], figures["p25"], figures["median"], figures["p75"], figures["p90"]) == (
        2.9, 5.75, 10.5, 15.25, 18.1,
    )


def test_annual_pay_is_the_annualised_midpoint():
    point = pay_point(row(salary_period="month", salary_min=8_000.0, salary_max=10_000.0,
                          salary_annual_min=96_000.0, salary_annual_max=120_000.0))
    assert (point.basis, point.period, point.value) == ("annual", "year", 108_000.0)


def test_contract_rates_stay_as_stated_and_are_never_annualised():
    point = pay_point(row(employment_type="contract", salary_period="hour", salary_min=80.0, salary_max=100.0,
                          salary_annual_min=166_400.0, salary_annual_max=208_000.0))
    assert (point.basis, point.period, point.value) == ("contract", "hour", 90.0)


def test_an_intern_by_seniority_is_paid_per_month_as_stated_not_annualised():
    point = pay_point(row(seniority="intern", salary_currency="EUR", salary_period="month", salary_min=2_000.0,
                          salary_max=2_000.0, salary_annual_min=24_000.0, salary_annual_max=24_000.0))
    assert (point.basis, point.period, point.value) == ("internship", "month", 2_000.0)


def test_listings_without_pay_or_period_are_no_point():
    assert pay_point(row(salary_currency="")) is None
    assert pay_point(row(salary_annual_min=None, salary_annual_max=None)) is None
    assert pay_point(row(employment_type="contract", salary_period="")) is None


def test_bases_currencies_and_periods_are_never_mixed():
    rows = (
        [row(salary_annual_min=v, salary_annual_max=v) for v in (100_000.0, 110_000.0, 120_000.0, 130_000.0,
                                                               140_000.0)]
        + [row(salary_currency="EUR", salary_annual_min=90_000.0, salary_annual_max=90_000.0)]
        + [row(employment_type="contract", salary_period="hour", salary_min=90.0, salary_max=90.0)] * 5
        + [row(employment_type="contract", salary_period="day", salary_min=700.0, salary_max=700.0)]
        + [row(employment_type="internship", salary_period="month", salary_min=3_000.0, salary_max=3_000.0)]
        + [row(employment_type="part_time", salary_annual_min=1e6, salary_annual_max=1e6)]
    )
    figures = basis_figures([pay_point(item) for item in rows], DEFAULT)
    annual = {(entry["currency"], entry["period"]): entry for entry in figures["annual"]}
    assert set(annual) == {("USD", "year"), ("EUR", "year")}
    assert (annual["USD", "year"]["count"], annual["USD", "year"]["median"]) == (5, 120_000.0)
    assert (annual["EUR", "year"]["count"], annual["EUR", "year"]["median"]) == (1, None)
    assert annual["USD", "year"]["max"] == 140_000.0  # the part-time million is in no basis
    contract = {(entry["currency"], entry["period"]): entry for entry in figures["contract"]}
    assert (contract["USD", "hour"]["count"], contract["USD", "hour"]["median"]) == (5, 90.0)
    assert (contract["USD", "day"]["count"], contract["USD", "day"]["median"]) == (1, None)
    assert [(e["period"], e["count"], e["min"]) for e in figures["internship"]] == [("month", 1, 3_000.0)]
    assert [entry["currency"] for entry in figures["annual"]] == ["USD", "EUR"]  # most listings first


def test_each_figure_carries_its_provenance():
    rows = [row(source__slug="b", pay_source="description", posted_at=datetime(2026, 9, 9, tzinfo=UTC)),
            row(source__slug="a", posted_at=None, first_seen_at=datetime(2026, 8, 1, tzinfo=UTC))]
    entry = basis_figures([pay_point(item) for item in rows], DEFAULT)["annual"][0]
    assert entry["sources"] == ["a", "b"]
    assert (entry["posted_from"], entry["posted_to"]) == ("2026-08-01", "2026-09-09")
    assert entry["pay_source"] == {"stated": 1, "description": 1}


def test_breakdowns_follow_the_median_threshold():
    rows = [row(seniority="senior")] * 5 + [row(seniority="junior")]
    entry = basis_figures([pay_point(item) for item in rows], DEFAULT)["annual"][0]
    assert entry["by_seniority"] == {"junior": {"count": 1, "median": None},
                                     "senior": {"count": 5, "median": 110_000.0}}


VOCAB = compile_vocabulary(
    [
        (1, ["Kubernetes", "k8s"]),
        (2, ["Feature stores", "feature store"]),
        (3, ["Spark", "Apache Spark"]),
        (4, ["C++"]),
        (5, ["R (language)", "R programming"]),
        (6, ["Vector databases", "vector store*"]),
        (7, ["nothing-ever-says-this"]),
        (8, ["", "   "]),
    ]
)


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        ("Deploy on K8S and Kubernetes", {1}),
        ("Build feature-stores; a Feature Store team", {2}),
        ("APACHE SPARK, sparkling water", {3}),
        ("Modern C++ and C", {4}),
        ("R&D lab, research roles", set()),
        ("Strong R programming", {5}),
        ("vector stores and vectorstore", {6}),
        ("Ingénieur Kubernetes", {1}),
        ("", set()),
    ],
)
def test_skills_match_whole_words_after_folding(text, skills):
    assert VOCAB.skills_in(text) == skills


def test_an_empty_vocabulary_matches_nothing():
    assert compile_vocabulary([]).skills_in("Kubernetes") == set()


def test_a_spelling_two_skills_share_counts_for_both():
    vocab = compile_vocabulary([(1, ["Airflow", "Dagster"]), (2, ["Dagster"])])
    assert vocab.skills_in("Dagster pipelines") == {1, 2}
