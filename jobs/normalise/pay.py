"""Salaries from structured pay fields: periods, currencies, amounts and `make_salary`."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from ..text import fold
from .text import collapse_whitespace

# ---------------------------------------------------------------------------
# Salary

PERIOD_FACTORS = {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}

_PERIOD_WORDS = {
    "hour": "hour",
    "hours": "hour",
    "hourly": "hour",
    "hr": "hour",
    "h": "hour",
    "per hour": "hour",
    "per-hour-wage": "hour",
    "hour wage": "hour",
    "hourly wage": "hour",
    "hourly rate": "hour",
    "day": "day",
    "days": "day",
    "daily": "day",
    "per day": "day",
    "per-day-wage": "day",
    "day rate": "day",
    "daily rate": "day",
    "week": "week",
    "weeks": "week",
    "weekly": "week",
    "per week": "week",
    "per-week-salary": "week",
    "wk": "week",
    "month": "month",
    "months": "month",
    "monthly": "month",
    "per month": "month",
    "per-month-salary": "month",
    "mo": "month",
    "year": "year",
    "years": "year",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
    "annum": "year",
    "per annum": "year",
    "per year": "year",
    "per-year-salary": "year",
    "yr": "year",
    "salary": "year",
    "annual salary": "year",
    "p a": "year",
    "pa": "year",
}


def normalise_period(value: Any) -> str | None:
    """Map a feed's pay period ("per-hour-wage", "1 YEAR", "Annual", "HOUR", ...) to hour|day|week|month|year.

    Anything that is not exactly one such unit (biweekly, "2 WEEK", "NONE") is None:
    it cannot be annualised without guessing.
    """
    if value is None:
        return None
    text = collapse_whitespace(re.sub(r"[^a-z0-9-]+", " ", fold(str(value)))).strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d+)\s*([a-z-]+)", text)
    if match:  # Ashby: "1 YEAR", "1 HOUR"
        if match.group(1) != "1":
            return None
        text = match.group(2)
    if text in _PERIOD_WORDS:
        return _PERIOD_WORDS[text]
    text = text.replace("-", " ")
    return _PERIOD_WORDS.get(text) or _PERIOD_WORDS.get(text.removeprefix("per ").strip())


_CURRENCY_ALIASES = {
    "US$": "USD",
    "$": None,
    "€": "EUR",
    "£": "GBP",
    "¥": None,
    "C$": "CAD",
    "CA$": "CAD",
    "A$": "AUD",
}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def parse_amount(value: Any) -> Decimal | None:
    """A finite number from an int/float/numeric string ("185000.0", "185,000"); None otherwise."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            return None
        return amount if amount.is_finite() else None
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    negative = text.startswith("-")
    digits = text[1:] if negative else text
    if _GROUPED_NUMBER.fullmatch(digits):
        digits = digits.replace(",", "")
    elif not _NUMBER.fullmatch(digits):
        return None
    amount = Decimal(digits)
    return -amount if negative else amount


def normalise_currency(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if text in _CURRENCY_ALIASES:
        return _CURRENCY_ALIASES[text]
    text = text.upper()
    return text if re.fullmatch(r"[A-Z]{3}", text) else None


def _plain_number(value: Decimal) -> int | float:
    value = value.quantize(Decimal("0.01")) if value != value.to_integral_value() else value
    return int(value) if value == value.to_integral_value() else float(value)


def make_salary(
    *,
    minimum: Any,
    maximum: Any,
    currency: Any,
    period: Any,
    listing: str,
    warnings: list[str],
    source: str = "stated",
) -> dict | None:
    """The salary dict of the interface, or None (with a warning when a range was given but is unusable).

    `source` is where the figures came from: "stated" (the employer's structured
    fields) or "description" (read from the job's text).

    A single figure (only min or only max) is a range of one value. Nothing is
    converted between currencies; annual figures stay in the source currency.
    """
    if minimum in (None, "") and maximum in (None, ""):
        return None

    def drop(reason: str) -> None:
        warnings.append(f"{listing}: salary dropped ({reason})")

    low, high = parse_amount(minimum), parse_amount(maximum)
    if (minimum not in (None, "") and low is None) or (maximum not in (None, "") and high is None):
        drop(f"non-numeric amount {minimum!r}-{maximum!r}")
        return None
    low = high if low is None else low
    high = low if high is None else high
    assert low is not None and high is not None
    if low < 0 or high < 0:
        drop(f"negative amount {low}-{high}")
        return None
    if high == 0:
        drop("zero amount")
        return None
    if low > high:
        drop(f"minimum {low} above maximum {high}")
        return None
    code = normalise_currency(currency)
    if code is None:
        drop(f"unknown currency {currency!r}")
        return None
    unit = normalise_period(period)
    if unit is None:
        drop(f"unknown pay period {period!r}")
        return None
    factor = PERIOD_FACTORS[unit]
    return {
        "min": _plain_number(low),
        "max": _plain_number(high),
        "currency": code,
        "period": unit,
        "annual_min": _plain_number(low * factor),
        "annual_max": _plain_number(high * factor),
        "source": source,
    }
