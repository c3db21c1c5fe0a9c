"""The jobs part's market figures shaped for the pages: charts with the tables beside them.

Every function takes plain numbers (what `jobs.market` returns) and gives what a
template shows: an inline SVG chart (`frontend_export.charts`, None when there
is nothing to draw) and the rows of the table that carries the same numbers.
A figure under the sample-size minimum is None in the data; the pages say
"not enough listings with pay yet (n)" instead of a number.

Charts that a path shows in several places (the hub's sparkline, the path's
trend and skills, the pay by seniority in the reference currency beside the
other side of a comparison) are built from the path's numbers alone, so each is
drawn once per export and reused: a comparison shows the two paths' charts side
by side, on one shared scale.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.safestring import SafeString

from frontend_export import charts
from frontend_export.charts import nice_ceiling

PERIOD_WORDS = {"year": "a year", "month": "a month", "week": "a week", "day": "a day", "hour": "an hour"}
BASIS_HEADINGS = {
    "annual": "Annual salaries",
    "contract": "Contract rates",
    "internship": "Internship pay",
}
BASIS_NOTES = {
    "annual": "Full-time (or unstated) jobs that are not internships, each listing's range midpoint per year.",
    "contract": "Contract and temporary jobs, per hour or per day as stated: never turned into a year.",
    "internship": "Internships, per month as stated.",
}
SENIORITY_ORDER = ("intern", "junior", "mid", "senior", "lead", "manager", "unspecified")
FIGURE_ROWS = (
    ("min", "Lowest"),
    ("p10", "10th percentile"),
    ("p25", "25th percentile"),
    ("median", "Median"),
    ("p75", "75th percentile"),
    ("p90", "90th percentile"),
    ("max", "Highest"),
)
# Which threshold each figure needs (settings MARKET_MIN_SAMPLE*), for the "not enough" text.
NEEDS = {"p10": "deciles", "p90": "deciles", "p25": "quartiles", "p75": "quartiles", "median": "median"}


def money(amount: float | None, currency: str | None) -> str | None:
    if amount is None or not currency:
        return None
    return f"{currency} {amount:,.0f}"


def not_enough(count: int) -> str:
    return f"not enough listings with pay yet ({count})"


def day_label(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%b}"


def long_day(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


# -- trends ---------------------------------------------------------------------------------------
def trend_figure(role_name: str, trend: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A path's open jobs over the last 90 days: a line, a sparkline and the daily table."""
    if not trend:
        return None
    values = [point["open_jobs"] for point in trend]
    first, last = trend[0], trend[-1]
    low, high = min(values), max(values)
    partial = sum(1 for point in trend if point.get("partial"))
    summary = (
        f"Open {role_name} jobs on {len(trend)} day{'s' if len(trend) != 1 else ''}: "
        f"{first['open_jobs']:,} on {long_day(first['date'])}, {last['open_jobs']:,} on {long_day(last['date'])}; "
        f"lowest {low:,}, highest {high:,}."
    )
    if partial:
        summary += f" {partial} day{'s' if partial != 1 else ''} had a failed sync and may undercount."
    title = f"Open {role_name} jobs, last 90 days"
    return {
        "title": title,
        "summary": summary,
        "chart": charts.line_chart(
            title=title, desc=summary, labels=[day_label(point["date"]) for point in trend], values=values
        ),
        "spark": charts.sparkline(title=f"Open {role_name} jobs over 90 days", desc=summary, values=values),
        "rows": [
            {
                "date": point["date"],
                "label": long_day(point["date"]),
                "open": point["open_jobs"],
                "new": point["new_jobs"],
                "closed": point["closed_jobs"],
                "partial": point.get("partial", False),
            }
            for point in reversed(trend)
        ],
        "first": first["open_jobs"],
        "first_date": long_day(first["date"]),
        "last": last["open_jobs"],
        "last_date": long_day(last["date"]),
        "low": low,
        "high": high,
        "days": len(trend),
    }


# -- skills ---------------------------------------------------------------------------------------
def skills_figure(role_name: str, skills: list[dict[str, Any]], *, limit: int, open_jobs: int) -> dict[str, Any] | None:
    """The skills a path's open listings mention most, as shares of its open listings."""
    top = [item for item in skills[:limit] if item["count"]]
    if not top:
        return None
    title = f"Skills in demand: share of open {role_name} listings"
    summary = "; ".join(f"{item['skill']} {item['share'] * 100:.0f}% ({item['count']})" for item in top)
    desc = f"Of {open_jobs:,} open listings: {summary}."
    return {
        "title": title,
        "chart": charts.bar_chart(
            title=title,
            desc=desc,
            labels=[item["skill"] for item in top],
            series=[(role_name, [round(item["share"] * 100, 1) for item in top])],
            unit="percent",
            max_value=100,
        ),
        "rows": [
            {"skill": item["skill"], "count": item["count"], "share": f"{item['share'] * 100:.0f}%"} for item in top
        ],
        "open_jobs": open_jobs,
    }


def comparison_skills(
    left: list[dict[str, Any]], right: list[dict[str, Any]], *, limit: int, apart: int = 5
) -> dict[str, list[dict[str, Any]]]:
    """Both sides' shares of every skill either side ranks in its top `limit`, and the skills
    that set them apart (largest difference in share first)."""
    left_by, right_by = {i["skill"]: i for i in left}, {i["skill"]: i for i in right}
    names = {i["skill"] for i in left[:limit] if i["count"]} | {i["skill"] for i in right[:limit] if i["count"]}
    rows = []
    for name in names:
        a, b = left_by.get(name) or {}, right_by.get(name) or {}
        rows.append(
            {
                "skill": name,
                "left_count": a.get("count", 0),
                "left_share": a.get("share", 0.0),
                "right_count": b.get("count", 0),
                "right_share": b.get("share", 0.0),
            }
        )
    rows.sort(key=lambda r: (-max(r["left_share"], r["right_share"]), r["skill"]))
    for row in rows:
        row["difference"] = row["left_share"] - row["right_share"]
        row["left_pct"] = f"{row['left_share'] * 100:.0f}%"
        row["right_pct"] = f"{row['right_share'] * 100:.0f}%"
        row["gap"] = f"{abs(row['difference']) * 100:.0f} points"
    apart_rows = sorted(
        (r for r in rows if round(r["difference"], 2)), key=lambda r: (-abs(r["difference"]), r["skill"])
    )
    return {"rows": rows, "apart": apart_rows[:apart]}


# -- pay ------------------------------------------------------------------------------------------
def seniority_label(key: str, labels: dict[str, str]) -> str:
    return "Not stated" if key == "unspecified" else labels.get(key) or key.capitalize()


def _seniority_order(key: str) -> int:
    return SENIORITY_ORDER.index(key) if key in SENIORITY_ORDER else len(SENIORITY_ORDER)


def seniority_figure(
    role_name: str,
    entry: dict[str, Any],
    labels: dict[str, str],
    *,
    max_value: float | None = None,
    draw: bool = True,
) -> dict[str, Any]:
    """Median pay per seniority in one currency, on one basis: the chart (None when no group
    reaches the minimum sample, or with `draw=False`) and every group's row, with its count."""
    currency, period = entry["currency"], entry.get("period") or "year"
    groups = sorted((entry.get("by_seniority") or {}).items(), key=lambda kv: _seniority_order(kv[0]))
    rows = [
        {
            "label": seniority_label(key, labels),
            "count": group["count"],
            "median": money(group.get("median"), currency),
            "missing": not_enough(group["count"]) if group.get("median") is None else None,
        }
        for key, group in groups
    ]
    drawn = [(seniority_label(key, labels), group) for key, group in groups if group.get("median") is not None]
    per = PERIOD_WORDS.get(period, f"per {period}")
    title = f"{role_name}: median pay by seniority, {currency} {per}"
    chart: SafeString | None = None
    if drawn and draw:
        desc = "; ".join(
            f"{label} {money(group['median'], currency)} ({group['count']} listings)" for label, group in drawn
        )
        chart = charts.bar_chart(
            title=title,
            desc=f"Median {currency} pay {per} of open {role_name} listings by seniority: {desc}.",
            labels=[f"{label} ({group['count']})" for label, group in drawn],
            series=[(role_name, [round(group["median"]) for _, group in drawn])],
            unit="money",
            max_value=max_value,
        )
    return {"title": title, "chart": chart, "table_only": not draw, "rows": rows, "currency": currency,
            "period": period}


def figure_rows(entry: dict[str, Any]) -> list[tuple[str, str]]:
    """Lowest to highest of one currency, each figure or why it is absent."""
    currency, count = entry["currency"], entry["count"]
    rows = []
    for key, label in FIGURE_ROWS:
        value = money(entry.get(key), currency)
        rows.append((label, value if value is not None else not_enough(count)))
    return rows


def breakdown_rows(groups: dict[str, dict[str, Any]], currency: str, name) -> list[dict[str, Any]]:
    return [
        {
            "label": name(key),
            "count": group["count"],
            "median": money(group.get("median"), currency),
            "missing": not_enough(group["count"]) if group.get("median") is None else None,
        }
        for key, group in sorted(groups.items(), key=lambda kv: (-kv[1]["count"], kv[0]))
    ]


def reference_scale(market: dict[str, dict[str, Any]], currency: str) -> float | None:
    """One scale for every path's median-by-seniority chart in the reference currency, so that
    two paths' charts set side by side on a comparison compare at a glance."""
    medians = [
        group["median"]
        for entry in market.values()
        for figure in (entry.get("pay") or {}).get("annual") or []
        if figure["currency"] == currency
        for group in (figure.get("by_seniority") or {}).values()
        if group.get("median") is not None
    ]
    return nice_ceiling(max(medians)) if medians else None


def reference_entry(entry: dict[str, Any] | None, currency: str) -> dict[str, Any] | None:
    for figure in ((entry or {}).get("pay") or {}).get("annual") or []:
        if figure["currency"] == currency:
            return figure
    return None


def job_pay_comparison(
    listing: dict[str, Any], entry: dict[str, Any] | None, basis: str, labels: dict[str, str]
) -> dict[str, Any] | None:
    """A job's annual pay against its path's median for the same seniority and currency, when
    that median exists (enough listings) and the job's pay is on the annual basis."""
    salary = listing.get("salary") or {}
    if basis != "annual" or not salary.get("currency"):
        return None
    values = [v for v in (salary.get("annual_min"), salary.get("annual_max")) if v is not None]
    if not values:
        return None
    level = listing.get("seniority") or "unspecified"
    figure = reference_entry(entry, salary["currency"])
    group = ((figure or {}).get("by_seniority") or {}).get(level)
    if not group or group.get("median") is None:
        return None
    mid = sum(values) / len(values)
    median = group["median"]
    change = (mid - median) / median * 100 if median else 0
    direction = "above" if change > 0 else "below"
    relation = "about the same as" if abs(change) < 2 else f"{abs(change):.0f}% {direction}"
    return {
        "median": money(median, salary["currency"]),
        "count": group["count"],
        "seniority": seniority_label(level, labels),
        "midpoint": money(mid, salary["currency"]),
        "relation": relation,
    }
