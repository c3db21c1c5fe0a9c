"""Datetimes from feeds (ISO text, epoch seconds or milliseconds, bare dates), as aware UTC."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, time
from typing import Any

from dateutil import parser as date_parser

# Precompiled: these run for every record of every feed.
_EPOCH_TEXT = re.compile(r"-?\d{10,13}(\.\d+)?")
_BARE_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# ---------------------------------------------------------------------------
# Dates


# Date, time with seconds (and up to 6 fraction digits), optional Z or +hh:mm offset.
_PLAIN_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})?")


def parse_datetime(value: Any, *, end_of_day: bool = False) -> datetime | None:
    """Aware UTC datetime from ISO 8601 (any offset), a bare date, or epoch seconds/milliseconds.

    A bare date means midnight UTC, or the last second of that day with
    `end_of_day` (for "valid through" dates). Unparseable input gives None.
    """
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time.max.replace(microsecond=0) if end_of_day else time.min)
    elif isinstance(value, int | float):
        if not math.isfinite(value):
            return None
        # Lever sends epoch milliseconds; anything past year 5138 in seconds is ms.
        seconds = value / 1000 if abs(value) > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    else:
        text = str(value).strip()
        if _PLAIN_ISO.fullmatch(text):
            # The common full form: the standard library reads it as dateutil
            # does, several times faster. Out-of-range fields (hour 24, month 13)
            # take dateutil's path below.
            try:
                fast = datetime.fromisoformat(text)
            except ValueError:
                pass
            else:
                return (fast if fast.tzinfo is not None else fast.replace(tzinfo=UTC)).astimezone(UTC)
        if _EPOCH_TEXT.fullmatch(text):
            return parse_datetime(float(text), end_of_day=end_of_day)
        try:
            parsed = date_parser.isoparse(text)
        except (ValueError, OverflowError):
            try:
                parsed = date_parser.parse(text)
            except (ValueError, OverflowError, TypeError):
                return None
        if _BARE_DATE.fullmatch(text) and end_of_day:
            parsed = datetime.combine(parsed.date(), time.max.replace(microsecond=0))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
