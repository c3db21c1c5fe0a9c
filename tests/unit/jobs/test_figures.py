"""Salary figures and de-duplication keys: pure functions, no database."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from jobs.dedupe import match_key, normalise_company
from jobs.market import midpoint as annual_midpoint
from jobs.market import most_listed as _main_currency
from jobs.market import percentile
from jobs.sync import RETRY_BASE, RETRY_MAX, _backoff


def test_percentiles_interpolate_between_ranks():
    values = [120_000, 150_000, 180_000]
    assert percentile(values, 0.25) == 135_000
    assert percentile(values, 0.5) == 150_000
    assert percentile(values, 0.75) == 165_000
    assert percentile([10, 20, 30, 40], 0.5) == 25
    assert percentile([42], 0.25) == 42


def test_percentile_of_nothing_is_an_error():
    with pytest.raises(ValueError):
        percentile([], 0.5)


def test_annual_midpoint_uses_whichever_bound_is_known():
    assert annual_midpoint(100_000, 140_000) == 120_000
    assert annual_midpoint(100_000, None) == 100_000
    assert annual_midpoint(None, 90_000) == 90_000
    assert annual_midpoint(None, None) is None


def test_main_currency_is_the_most_disclosed_with_a_stable_tie_break():
    assert _main_currency(Counter({"EUR": 2, "USD": 5})) == "USD"
    assert _main_currency(Counter({"USD": 3, "EUR": 3})) == "EUR"
    assert _main_currency(Counter()) is None


def key(company="Acme AI", title="Senior AI Engineer", locations=("San Francisco, CA",), workplace="onsite"):
    return match_key(company=company, title=title, locations=list(locations), workplace=workplace)


def test_the_same_job_written_two_ways_has_one_match_key():
    assert key() == key(company="ACME AI, Inc.", title="senior ai engineer", locations=["San Francisco, CA, US"])
    assert key(title="Ingénieur IA") == key(title="Ingenieur  IA")


def test_different_jobs_have_different_match_keys():
    assert key() != key(title="AI Engineer")
    assert key() != key(locations=["Austin, TX"])
    assert key() != key(company="Globex")


def test_remote_jobs_match_whatever_their_region_says():
    assert key(locations=["Remote - US"], workplace="remote") == key(locations=["Remote (US)"], workplace="remote")


def test_no_company_or_title_means_no_match_key():
    assert key(company="") == ""
    assert key(title="  ") == ""


def test_company_suffixes_are_ignored():
    assert normalise_company("Globex Labs GmbH") == normalise_company("globex labs") == "globex labs"


def test_retries_back_off_exponentially_up_to_a_day():
    delays = [_backoff(n) for n in range(1, 6)]
    for failures, delay in enumerate(delays, start=1):
        expected = RETRY_BASE * 2 ** (failures - 1)
        assert expected <= delay <= expected * 1.1
    assert RETRY_MAX <= _backoff(40) <= RETRY_MAX * 1.1
    assert _backoff(1) >= timedelta(minutes=5)
