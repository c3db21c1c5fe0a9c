"""Market figures read from job listings: every pay statistic, skill share and trend point
that the API and the static site show is computed here.

Rules (see issue "live market data a visitor can trust"):

- Bases are never mixed. `annual`: full-time or unspecified employment and not an
  internship (by employment type or by seniority `intern`), on the annualised
  midpoint. `contract`: contract or temporary, in the period as stated (per hour,
  per day, ...), never annualised. `internship`: as stated (usually per month).
  Part-time listings are counted in `other`, outside all three.
- One currency per figure, no conversion. Hub cards and comparisons use
  `settings.MARKET_REFERENCE_CURRENCY`; a path also reports its most-listed
  currency when that differs.
- A median needs `MARKET_MIN_SAMPLE` listings in one currency and one basis,
  p25/p75 `MARKET_MIN_SAMPLE_QUARTILES`, p10/p90 `MARKET_MIN_SAMPLE_DECILES`;
  below that the figure is None. Count, min and max are always given.
- Each figure carries its provenance: count, source slugs, posting-date range and
  how many values were stated by the employer or read from the description.

Only open canonical listings count (a job seen on two boards counts once).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from django.conf import settings
from django.db.models import Count

from .models import JobListing, ListingSkill, MarketSnapshot, Skill

Basis = Literal["annual", "contract", "internship", "other"]
BASES: tuple[Basis, ...] = ("annual", "contract", "internship")
PaySourceFilter = Literal["stated", "description"] | None

_CONTRACT_TYPES = {JobListing.EmploymentType.CONTRACT, JobListing.EmploymentType.TEMPORARY}


@dataclass(frozen=True)
class Thresholds:
    median: int
    quartiles: int
    deciles: int

    @classmethod
    def from_settings(cls) -> Thresholds:
        return cls(
            median=settings.MARKET_MIN_SAMPLE,
            quartiles=settings.MARKET_MIN_SAMPLE_QUARTILES,
            deciles=settings.MARKET_MIN_SAMPLE_DECILES,
        )


def reference_currency() -> str:
    return settings.MARKET_REFERENCE_CURRENCY


# -- the rules, as pure functions -------------------------------------------------------------


def pay_basis(*, employment_type: str | None, seniority: str | None) -> Basis:
    """Which basis a listing's pay belongs to (see the module docstring)."""
    if employment_type == JobListing.EmploymentType.INTERNSHIP or seniority == JobListing.Seniority.INTERN:
        return "internship"
    if employment_type in _CONTRACT_TYPES:
        return "contract"
    if employment_type == JobListing.EmploymentType.PART_TIME:
        return "other"
    return "annual"


def midpoint(low: float | None, high: float | None) -> float | None:
    """The mean of a range, or whichever end is known."""
    if low is not None and high is not None:
        return (low + high) / 2
    return low if low is not None else high


def percentile(sorted_values: list[float], share: float) -> float:
    """Linear interpolation between closest ranks (numpy's default), on sorted values."""
    if not sorted_values:
        raise ValueError("percentile of no values")
    position = (len(sorted_values) - 1) * share
    low, high = math.floor(position), math.ceil(position)
    if low == high:
        return float(sorted_values[low])
    return float(sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low))


def median_or_none(values: Iterable[float], thresholds: Thresholds | None = None) -> float | None:
    """The median, or None when there are fewer values than the minimum sample."""
    ordered = sorted(values)
    minimum = (thresholds or Thresholds.from_settings()).median
    if len(ordered) < max(minimum, 1):
        return None
    return round(percentile(ordered, 0.5), 2)


def summary(values: Iterable[float], thresholds: Thresholds | None = None) -> dict:
    """{count, min, max, p10, p25, median, p75, p90} with None for figures under their threshold."""
    limits = thresholds or Thresholds.from_settings()
    ordered = sorted(values)
    n = len(ordered)

    def figure(share: float, needed: int) -> float | None:
        return round(percentile(ordered, share), 2) if n and n >= needed else None

    return {
        "count": n,
        "min": ordered[0] if n else None,
        "max": ordered[-1] if n else None,
        "p10": figure(0.10, limits.deciles),
        "p25": figure(0.25, limits.quartiles),
        "median": figure(0.50, limits.median),
        "p75": figure(0.75, limits.quartiles),
        "p90": figure(0.90, limits.deciles),
    }


def most_listed(counts: Counter) -> str | None:
    """The key with the highest count (ties: alphabetical, so the choice is stable)."""
    if not counts:
        return None
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0][0]


# -- reading listings -------------------------------------------------------------------------


@dataclass(frozen=True)
class PayPoint:
    """One open canonical listing with pay, on its basis."""

    path: str
    basis: Basis
    currency: str
    period: str  # "year" for the annual basis; as stated otherwise
    value: float
    seniority: str
    workplace: str
    countries: tuple[str, ...]
    source: str
    posted: date | None
    pay_source: str


# The listing columns `pay_point` reads; every reader of pay rows asks for at least these.
PAY_POINT_FIELDS = (
    "career_path__slug",
    "employment_type",
    "seniority",
    "salary_currency",
    "salary_period",
    "salary_min",
    "salary_max",
    "salary_annual_min",
    "salary_annual_max",
    "pay_source",
    "workplace",
    "country_codes",
    "source__slug",
    "posted_at",
    "first_seen_at",
)
_ROW_FIELDS = (*PAY_POINT_FIELDS, "status", "duplicate_of_id", "updated_at")


def pay_point(row: dict) -> PayPoint | None:
    """A listing row (the `PAY_POINT_FIELDS` values) as a pay point, or None when it states no usable pay."""
    currency = row["salary_currency"]
    if not currency:
        return None
    basis = pay_basis(employment_type=row["employment_type"], seniority=row["seniority"])
    if basis == "annual":
        value, period = midpoint(row["salary_annual_min"], row["salary_annual_max"]), "year"
    else:
        value, period = midpoint(row["salary_min"], row["salary_max"]), row["salary_period"] or ""
        if basis != "other" and not period:
            # A rate without a period cannot be compared with anything.
            return None
    if value is None:
        return None
    posted = row["posted_at"] or row["first_seen_at"]
    return PayPoint(
        path=row["career_path__slug"],
        basis=basis,
        currency=currency,
        period=period,
        value=float(value),
        seniority=row["seniority"] or "unspecified",
        workplace=row["workplace"] or "unspecified",
        countries=tuple(row["country_codes"] or ()),
        source=row["source__slug"],
        posted=posted.date() if posted else None,
        pay_source=row["pay_source"] or "",
    )


@dataclass
class _PathRows:
    open_jobs: int = 0
    last_change: object = None
    points: list[PayPoint] | None = None


def _read_paths(slugs: list[str], *, with_closed: bool = True) -> dict[str, _PathRows]:
    """One query: the listings of the live paths asked for. Closed and duplicate listings
    only move `as_of` (the day of the latest change), so callers without it skip them."""
    rows: dict[str, _PathRows] = {slug: _PathRows(points=[]) for slug in slugs}
    if not slugs:
        return rows
    queryset = JobListing.objects.filter(career_path__slug__in=list(rows), career_path__live=True)
    if not with_closed:
        queryset = queryset.filter(status=JobListing.Status.OPEN, duplicate_of__isnull=True)
    queryset = queryset.values(*_ROW_FIELDS).order_by()
    for row in queryset.iterator(chunk_size=5000):
        entry = rows[row["career_path__slug"]]
        if entry.last_change is None or row["updated_at"] > entry.last_change:
            entry.last_change = row["updated_at"]
        if row["status"] != JobListing.Status.OPEN or row["duplicate_of_id"] is not None:
            continue
        entry.open_jobs += 1
        point = pay_point(row)
        if point is not None:
            entry.points.append(point)
    return rows


# -- figures ----------------------------------------------------------------------------------


def _breakdown(pairs: Iterable[tuple[str, float]], thresholds: Thresholds) -> dict[str, dict]:
    groups: dict[str, list[float]] = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return {
        key: {"count": len(values), "median": median_or_none(values, thresholds)}
        for key, values in sorted(groups.items())
    }


def figure_entry(points: list[PayPoint], thresholds: Thresholds | None = None) -> dict:
    """The figure of one currency on one basis (one period), with provenance and breakdowns.

    Shape: {currency, period, count, min, max, p10, p25, median, p75, p90,
    by_seniority: {seniority: {count, median}}, by_workplace, by_country (same shape),
    sources: [slug], posted_from, posted_to (ISO dates or None),
    pay_source: {"stated": n, "description": n}}.
    """
    limits = thresholds or Thresholds.from_settings()
    posted = [point.posted for point in points if point.posted]
    pay_sources = Counter(point.pay_source or "stated" for point in points)
    return {
        "currency": points[0].currency,
        "period": points[0].period,
        **summary((point.value for point in points), limits),
        "by_seniority": _breakdown(((p.seniority, p.value) for p in points), limits),
        "by_workplace": _breakdown(((p.workplace, p.value) for p in points), limits),
        "by_country": _breakdown(((c, p.value) for p in points for c in p.countries), limits),
        "sources": sorted({point.source for point in points}),
        "posted_from": min(posted).isoformat() if posted else None,
        "posted_to": max(posted).isoformat() if posted else None,
        "pay_source": {"stated": pay_sources.get("stated", 0), "description": pay_sources.get("description", 0)},
    }


def basis_figures(points: Iterable[PayPoint], thresholds: Thresholds | None = None) -> dict[str, list[dict]]:
    """{basis: [figure_entry per (currency, period)], most listings first} for the three bases."""
    limits = thresholds or Thresholds.from_settings()
    groups: dict[tuple[str, str, str], list[PayPoint]] = defaultdict(list)
    for point in points:
        if point.basis in BASES:
            groups[(point.basis, point.currency, point.period)].append(point)
    out: dict[str, list[dict]] = {basis: [] for basis in BASES}
    for (basis, _currency, _period), items in sorted(
        groups.items(), key=lambda kv: (kv[0][0], -len(kv[1]), kv[0][1], kv[0][2])
    ):
        out[basis].append(figure_entry(items, limits))
    return out


def _filter_pay_source(points: list[PayPoint], pay_source: PaySourceFilter) -> list[PayPoint]:
    if not pay_source:
        return points
    return [point for point in points if (point.pay_source or "stated") == pay_source]


def path_pay(slugs: list[str], *, pay_source: PaySourceFilter = None) -> dict[str, dict]:
    """Per path slug, the pay statistics on every basis. One query however many paths.

    Shape per slug::

        {"path": slug, "as_of": "YYYY-MM-DD" | None, "open_jobs": int,
         "reference_currency": "USD", "main_currency": str | None,   # most-listed annual currency
         "pay": {"annual": [entry], "contract": [entry], "internship": [entry]},
         "other": {"count": int},                                     # part-time listings with pay
         "with_pay": int}                                             # listings with pay on any basis

    Each entry is `figure_entry`'s shape. `pay_source` keeps only values stated by
    the employer ("stated") or read from the description ("description").
    """
    limits = Thresholds.from_settings()
    out = {}
    for slug, rows in _read_paths(slugs).items():
        points = _filter_pay_source(rows.points or [], pay_source)
        annual_counts = Counter(point.currency for point in points if point.basis == "annual")
        out[slug] = {
            "path": slug,
            "as_of": rows.last_change.date().isoformat() if rows.last_change else None,
            "open_jobs": rows.open_jobs,
            "reference_currency": reference_currency(),
            "main_currency": most_listed(annual_counts),
            "pay": basis_figures(points, limits),
            "other": {"count": sum(1 for point in points if point.basis == "other")},
            "with_pay": len(points),
        }
    return out


def path_cards(slugs: list[str] | None = None) -> dict[str, dict]:
    """Per path slug, the figures a hub card, a path or a comparison side carries. One query.

    Shape::

        {"open_jobs": int, "median_annual": float | None, "currency": reference currency,
         "sample_size": int,          # annual listings with pay in the reference currency
         "main_currency": {"currency", "median_annual", "sample_size"} | None}

    `median_annual` is in the reference currency and None under the minimum sample.
    `main_currency` is the most-listed annual currency, given only when it is not the
    reference currency.
    """
    from cms.models import CareerPathPage

    if slugs is None:
        slugs = list(CareerPathPage.objects.live().values_list("slug", flat=True))
    limits = Thresholds.from_settings()
    reference = reference_currency()
    cards = {}
    for slug, rows in _read_paths(slugs, with_closed=False).items():
        by_currency: dict[str, list[float]] = defaultdict(list)
        for point in rows.points or []:
            if point.basis == "annual":
                by_currency[point.currency].append(point.value)
        main = most_listed(Counter({currency: len(values) for currency, values in by_currency.items()}))
        reference_values = by_currency.get(reference, [])
        cards[slug] = {
            "open_jobs": rows.open_jobs,
            "median_annual": median_or_none(reference_values, limits),
            "currency": reference,
            "sample_size": len(reference_values),
            "main_currency": (
                {
                    "currency": main,
                    "median_annual": median_or_none(by_currency[main], limits),
                    "sample_size": len(by_currency[main]),
                }
                if main and main != reference
                else None
            ),
        }
    return cards


def salary_distributions(slugs: list[str], *, pay_source: PaySourceFilter = None) -> dict[str, dict]:
    """The salary page's figures of many paths, in one query however many paths.

    Annual basis only (contract, internship and part-time pay are left out and
    counted in `excluded`), per currency, with the sample-size rules. Shape::

        {"path", "as_of", "open_jobs", "disclosed", "share_disclosing", "main_currency",
         "reference_currency",
         "excluded": {"contract": n, "internship": n, "other": n},
         "currencies": [figure_entry + "share_disclosing"]}
    """
    limits = Thresholds.from_settings()
    out = {}
    for slug, rows in _read_paths(slugs).items():
        points = _filter_pay_source(rows.points or [], pay_source)
        annual = [point for point in points if point.basis == "annual"]
        total = rows.open_jobs
        entries = basis_figures(annual, limits)["annual"]
        for entry in entries:
            entry["share_disclosing"] = round(entry["count"] / total, 4) if total else 0.0
        excluded = Counter(point.basis for point in points if point.basis != "annual")
        out[slug] = {
            "path": slug,
            "as_of": rows.last_change.date().isoformat() if rows.last_change else None,
            "open_jobs": total,
            "disclosed": len(annual),
            "share_disclosing": round(len(annual) / total, 4) if total else 0.0,
            "main_currency": entries[0]["currency"] if entries else None,
            "reference_currency": reference_currency(),
            "excluded": {basis: excluded.get(basis, 0) for basis in ("contract", "internship", "other")},
            "currencies": entries,
        }
    return out


# -- skills -----------------------------------------------------------------------------------


def path_skills(slugs: list[str], *, limit: int = 15) -> dict[str, list[dict]]:
    """Per path slug, the skills its open canonical listings mention most, with counts and shares.

    Shape: {slug: [{"skill": name, "category": str, "count": int, "share": float 0..1}]},
    at most `limit` per path, most mentioned first (ties by name). Three queries.
    """
    from cms.models import CareerPathPage

    out: dict[str, list[dict]] = {slug: [] for slug in slugs}
    if not slugs:
        return out
    slug_of = dict(CareerPathPage.objects.filter(slug__in=slugs).values_list("pk", "slug"))
    open_filter = {"status": JobListing.Status.OPEN, "duplicate_of__isnull": True}
    totals = dict(
        JobListing.objects.filter(career_path_id__in=list(slug_of), **open_filter)
        .values_list("career_path_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # Grouped on the listing's path id and the skill id only: names are joined in Python.
    rows = list(
        ListingSkill.objects.filter(
            listing__career_path_id__in=list(slug_of),
            **{f"listing__{key}": value for key, value in open_filter.items()},
        )
        .values_list("listing__career_path_id", "skill_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    names = {pk: (name, category) for pk, name, category in Skill.objects.values_list("pk", "name", "category")}
    grouped: dict[int, list[tuple]] = defaultdict(list)
    for path_id, skill_id, n in rows:
        name, category = names[skill_id]
        grouped[path_id].append((name, category, n))
    for path_id, items in grouped.items():
        total = totals.get(path_id) or 0
        items.sort(key=lambda item: (-item[2], item[0]))
        out[slug_of[path_id]] = [
            {"skill": name, "category": category, "count": n, "share": round(n / total, 4) if total else 0.0}
            for name, category, n in items[:limit]
        ]
    return out


def comparison_skills(left: str, right: str, *, limit: int = 15, apart: int = 5) -> dict:
    """Both paths' skills side by side, and the skills that set them apart.

    Shape::

        {"left": path, "right": path,
         "rows": [{"skill", "category", "left_count", "left_share", "right_count", "right_share"}],
         "apart": [same row + "difference": left_share - right_share]}   # largest |difference| first

    `rows` covers the union of both paths' top `limit` skills, ordered by the larger share.
    """
    both = path_skills([left, right], limit=10_000)
    by_name: dict[str, dict] = {}
    tops = {item["skill"] for side in (left, right) for item in both[side][:limit]}
    for side, key in ((left, "left"), (right, "right")):
        for item in both[side]:
            if item["skill"] not in tops:
                continue
            row = by_name.setdefault(
                item["skill"],
                {"skill": item["skill"], "category": item["category"], "left_count": 0, "left_share": 0.0,
                 "right_count": 0, "right_share": 0.0},
            )
            row[f"{key}_count"] = item["count"]
            row[f"{key}_share"] = item["share"]
    rows = sorted(by_name.values(), key=lambda r: (-max(r["left_share"], r["right_share"]), r["skill"]))
    differences = [{**row, "difference": round(row["left_share"] - row["right_share"], 4)} for row in rows]
    differences.sort(key=lambda r: (-abs(r["difference"]), r["skill"]))
    return {"left": left, "right": right, "rows": rows, "apart": [r for r in differences if r["difference"]][:apart]}


# -- trends -----------------------------------------------------------------------------------


def path_trends(slugs: list[str], *, days: int = 90, today: date | None = None) -> dict[str, list[dict]]:
    """Per path slug, its daily snapshots of the last `days` days, oldest first. One query.

    Shape: {slug: [{"date": "YYYY-MM-DD", "open_jobs", "new_jobs", "closed_jobs": int,
    "partial": bool, "pay": {currency: {"count": n, "median": float | None}}}]}
    (one point per day at most; days without a snapshot are absent).
    """
    from django.utils import timezone

    out: dict[str, list[dict]] = {slug: [] for slug in slugs}
    if not slugs:
        return out
    last = today or timezone.localdate()
    rows = (
        MarketSnapshot.objects.filter(path__slug__in=slugs, date__gt=last - timedelta(days=days), date__lte=last)
        .values_list("path__slug", "date", "open_jobs", "new_jobs", "closed_jobs", "partial", "pay")
        .order_by("date")
    )
    for slug, day, open_jobs, new_jobs, closed_jobs, partial, pay in rows:
        out[slug].append(
            {
                "date": day.isoformat(),
                "open_jobs": open_jobs,
                "new_jobs": new_jobs,
                "closed_jobs": closed_jobs,
                "partial": partial,
                "pay": pay or {},
            }
        )
    return out


# -- the market of one path, as the API serves it ---------------------------------------------


def path_market(slug: str, *, pay_source: PaySourceFilter = None, trend_days: int = 90) -> dict:
    """Everything `/api/market/{path}/` returns for one live path.

    Shape: `path_pay`'s entry plus {"skills": path_skills entry, "trend": path_trends entry}.
    """
    market = path_pay([slug], pay_source=pay_source)[slug]
    market["skills"] = path_skills([slug])[slug]
    market["trend"] = path_trends([slug], days=trend_days)[slug]
    return market
