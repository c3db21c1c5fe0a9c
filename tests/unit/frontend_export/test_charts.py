"""Charts and the figures around them: plain numbers in, accessible inline SVG and tables out."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

import pytest

from frontend_export import charts, figures
from frontend_export.pages import SENIORITY_LABELS, similar_jobs


@pytest.fixture(autouse=True)
def _fresh_charts():
    charts._DRAWN.clear()
    yield
    charts._DRAWN.clear()


def _bars(**overrides):
    options = {
        "title": "Skills in demand",
        "desc": "Python 60% (12); SQL 40% (8).",
        "labels": ["Python", "SQL"],
        "series": [("Data Engineer", [60, 40])],
        "unit": "percent",
        "max_value": 100,
    }
    return charts.bar_chart(**{**options, **overrides})


def test_a_chart_is_one_image_with_a_title_and_a_description():
    svg = ET.fromstring(str(_bars()))  # noqa: S314 - our own output
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{ns}title"), svg.find(f"{ns}desc")
    assert title.text == "Skills in demand"
    assert desc.text == "Python 60% (12); SQL 40% (8)."
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    # Only the chart's own title and description: pygal's per-point tooltips are gone.
    assert len(svg.findall(f".//{ns}title")) == 1


def test_a_chart_carries_no_script_style_or_repeated_ids():
    svg = str(_bars())
    assert "<script" not in svg and "<style" not in svg and "style=" not in svg
    assert "<!--" not in svg
    ids = re.findall(r'\sid="([^"]+)"', svg)
    assert len(ids) == len(set(ids)) == 3  # the root, its title and its description


def test_the_same_numbers_draw_the_same_bytes():
    first = str(_bars())
    charts._DRAWN.clear()
    assert str(_bars()) == first
    assert str(_bars(series=[("Data Engineer", [61, 40])])) != first


def test_no_chart_without_a_point():
    assert _bars(series=[("Data Engineer", [None, None])]) is None
    assert _bars(labels=[], series=[("Data Engineer", [])]) is None
    assert charts.line_chart(title="t", desc="d", labels=[], values=[]) is None
    assert charts.sparkline(title="t", desc="d", values=[None]) is None


def test_charts_not_drawn_yet_are_collected_then_drawn_once():
    with charts.collect_missing() as missing:
        assert str(_bars()) == ""
    assert len(missing) == 1
    charts.remember(charts.draw(missing))
    assert 'role="img"' in str(_bars())


def test_axis_ticks_are_round():
    assert charts._ticks(100) == [0, 20, 40, 60, 80, 100]
    assert charts._ticks(250_000) == [0, 50_000, 100_000, 150_000, 200_000, 250_000]
    assert charts.nice_ceiling(212_000) == 250_000
    assert charts.nice_ceiling(0.7) == 0.8


def test_trend_figure_keeps_every_day_in_its_table():
    trend = [
        {"date": "2026-11-01", "open_jobs": 10, "new_jobs": 2, "closed_jobs": 0, "partial": False},
        {"date": "2026-11-02", "open_jobs": 12, "new_jobs": 3, "closed_jobs": 1, "partial": True},
    ]
    figure = figures.trend_figure("Data Engineer", trend)
    assert [row["open"] for row in figure["rows"]] == [12, 10]  # newest first
    assert figure["chart"] and figure["spark"]
    assert "1 day had a failed sync" in figure["summary"]
    assert figures.trend_figure("Data Engineer", []) is None


def test_seniority_groups_under_the_minimum_say_so_and_are_not_drawn():
    entry = {
        "currency": "USD",
        "period": "year",
        "by_seniority": {"senior": {"count": 7, "median": 180_000.0}, "mid": {"count": 3, "median": None}},
    }
    figure = figures.seniority_figure("Data Engineer", entry, SENIORITY_LABELS)
    assert [row["label"] for row in figure["rows"]] == ["Mid-level", "Senior"]
    assert figure["rows"][0]["missing"] == "not enough listings with pay yet (3)"
    assert "Senior (7)" in str(figure["chart"]) and "Mid-level" not in str(figure["chart"])
    entry["by_seniority"]["senior"]["median"] = None
    assert figures.seniority_figure("Data Engineer", entry, SENIORITY_LABELS)["chart"] is None


def test_a_job_is_compared_with_the_median_of_its_seniority_and_currency_only():
    market = {"pay": {"annual": [{"currency": "USD", "by_seniority": {"senior": {"count": 9, "median": 100_000}}}]}}
    listing = {"seniority": "senior", "salary": {"currency": "USD", "annual_min": 110_000, "annual_max": 130_000}}
    against = figures.job_pay_comparison(listing, market, "annual", SENIORITY_LABELS)
    assert against["relation"] == "20% above" and against["count"] == 9
    assert figures.job_pay_comparison(listing, market, "contract", SENIORITY_LABELS) is None
    euro = {**listing, "salary": {**listing["salary"], "currency": "EUR"}}
    assert figures.job_pay_comparison(euro, market, "annual", SENIORITY_LABELS) is None


def test_skills_that_set_two_paths_apart_come_largest_difference_first():
    left = [{"skill": "Python", "count": 8, "share": 0.8}, {"skill": "Spark", "count": 1, "share": 0.1}]
    right = [{"skill": "Spark", "count": 6, "share": 0.6}, {"skill": "Python", "count": 7, "share": 0.7}]
    skills = figures.comparison_skills(left, right, limit=10)
    assert [row["skill"] for row in skills["apart"]] == ["Spark", "Python"]
    assert skills["apart"][0]["gap"] == "50 points"


def test_similar_jobs_share_the_seniority_and_stop_at_five():
    listings = [{"id": n, "level": "senior" if n % 2 else "junior"} for n in range(20)]
    similar = similar_jobs(listings)
    assert len(similar[1]) == 5
    assert all(other["level"] == "senior" and other["id"] != 1 for other in similar[1])
    assert similar_jobs([{"id": 1, "level": ""}]) == {1: []}
