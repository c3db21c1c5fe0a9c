"""Pay read from description text, table-driven from `data/*.tsv` (text, period, currency, min, max)."""

import csv
from pathlib import Path

import pytest

from jobs.pay_text import period_from_magnitude, salary_from_text

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> list[tuple]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    return [(row[0].replace("\\n", "\n"), *row[1:]) for row in rows]


def _bound(value: str) -> float | None:
    return float(value) if value else None


EXAMPLES = _rows("pay_in_text_examples.tsv") + _rows("pay_in_text_more.tsv")


@pytest.mark.parametrize(("text", "period", "currency", "low", "high"), EXAMPLES, ids=lambda v: str(v)[:40])
def test_pay_read_from_text(text, period, currency, low, high):
    salary = salary_from_text(text)
    if period == "-":
        assert salary is None
        return
    assert salary is not None
    assert (salary["period"], salary["currency"]) == (period, currency)
    assert (salary["min"], salary["max"]) == (_bound(low), _bound(high))
    assert salary["source"] == "description"


def test_the_table_holds_texts_without_pay():
    assert sum(1 for row in EXAMPLES if row[1] == "-") >= 20


def test_annual_figures_follow_the_period():
    salary = salary_from_text("Pay: $45–$60/hr")
    assert (salary["annual_min"], salary["annual_max"]) == (45 * 2080, 60 * 2080)


def test_an_open_bound_has_no_annual_figure_either():
    salary = salary_from_text("Salary up to £85,000 depending on experience")
    assert salary["min"] is None and salary["annual_min"] is None
    assert salary["max"] == 85000 and salary["annual_max"] == 85000


def test_a_dollar_sign_takes_the_currency_of_the_job_country():
    assert salary_from_text("Salary: $120,000 - $140,000", countries=["CA"])["currency"] == "CAD"
    assert salary_from_text("Salary: $120,000 - $140,000", countries=["US"])["currency"] == "USD"


def test_zones_in_one_currency_give_the_envelope():
    text = "Zone 1: $150,000 - $180,000 per year\nZone 2: $135,000 - $162,000 per year"
    salary = salary_from_text(text)
    assert (salary["min"], salary["max"]) == (135000, 180000)


def test_html_looking_text_and_huge_text_without_pay_read_nothing():
    assert salary_from_text("<script>alert('$1')</script> " * 2000) is None
    assert salary_from_text("We ship models. " * 5000) is None


def test_period_from_magnitude_only_when_unambiguous():
    assert period_from_magnitude([212000, 265000], "USD") == "year"
    assert period_from_magnitude([34.5, 41], "CAD") == "hour"
    assert period_from_magnitude([4000, 5000], "EUR") is None
