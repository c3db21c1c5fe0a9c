"""Normalisation shared by every connector: titles, sanitised descriptions,
UTC datetimes, salaries, locations and countries, workplace, employment type
and seniority.

Everything here is a pure function of its input (no network, no database), so
the connectors stay thin and the rules are tested in one place.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import nh3
from dateutil import parser as date_parser

from .text import fold

# ---------------------------------------------------------------------------
# Text helpers


# Precompiled: these run for every record of every feed.
_EPOCH_TEXT = re.compile(r"-?\d{10,13}(\.\d+)?")
_BARE_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CAMEL_CASE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_MTS = re.compile(r"\bmember of (?:the )?technical staff\b")


def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


# Any "&" that does not start one of the entities nh3 and feeds write most.
_UNCOMMON_ENTITY = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|#39|#x27|#34);)")


def unescape(text: str) -> str:
    """Exactly `html.unescape`, fast when the text holds only the common entities.

    `html.unescape` calls back into Python for every entity; descriptions hold
    dozens. When every "&" starts &amp; &lt; &gt; &quot; &apos; &#39; &#x27; or
    &#34;, chained replacements give the same single pass: none of them creates
    a new "&" except &amp;, which is replaced last ("&amp;lt;" stays "&lt;").
    """
    if "&" not in text:
        return text
    if _UNCOMMON_ENTITY.search(text):
        return html.unescape(text)
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&#34;", '"')
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
    )


# Built once: nh3.clean would rebuild the sanitiser's configuration on every call.
_TAG_STRIPPER = nh3.Cleaner(tags=set(), clean_content_tags={"script", "style"})


def _strip_tags(text: str) -> str:
    # nh3 with no allowed tags drops markup (and script/style with their
    # content) and returns escaped text; unescape it back to plain text.
    return unescape(_TAG_STRIPPER.clean(text))


def clean_title(raw: Any) -> str:
    """Plain-text title: entities unescaped, tags stripped, whitespace collapsed.

    Repeated a few times so a title escaped twice ("&amp;lt;b&amp;gt;") cannot
    smuggle markup through as text.
    """
    if raw is None:
        return ""
    text = str(raw)
    if "<" not in text and ">" not in text and "&" not in text:
        return collapse_whitespace(text)
    for _ in range(3):
        cleaned = collapse_whitespace(_strip_tags(unescape(text)))
        if cleaned == text:
            break
        text = cleaned
    # Stray angle brackets left over from broken markup are never part of a title.
    return collapse_whitespace(text.replace("<", " ").replace(">", " "))


# ---------------------------------------------------------------------------
# Descriptions

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "b",
        "i",
        "a",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "code",
        "pre",
    }
)
ALLOWED_URL_PREFIXES = ("http://", "https://", "mailto:")
_BLOCK_RENAME = re.compile(r"<(/?)(div|h1|h5|h6)\b[^>]*>", re.I)
_RENAMED = {"div": "p", "h1": "h2", "h5": "h4", "h6": "h4"}
_EMPTY_BLOCK = re.compile(r"<(p|li|h2|h3|h4|strong|em|b|i)>(?:\s|&nbsp;|\u00a0|<br>)*</\1>")
# "<p> <p>" -> "<p>" and "</p> </p>" -> "</p>".
_NESTED_P = re.compile(r"(</?p>)\s*\1")


def _href_filter(tag: str, attribute: str, value: str) -> str | None:
    # Only absolute http(s) and mailto links survive: relative links would
    # point into our own site, and every other scheme is a script risk.
    if tag == "a" and attribute == "href":
        stripped = value.strip()
        return stripped if stripped.lower().startswith(ALLOWED_URL_PREFIXES) else None
    return value


# Built once: nh3.clean would rebuild this configuration on every call.
_SANITISER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "noscript",
        "template",
        "svg",
        "math",
    },
    attributes={"a": {"href"}},
    attribute_filter=_href_filter,
    url_schemes={"http", "https", "mailto"},
    link_rel="nofollow noopener",
    strip_comments=True,
)


def _rename_block(match: re.Match[str]) -> str:
    return f"<{match.group(1)}{_RENAMED[match.group(2).lower()]}>"


def sanitise_html(raw: str | None) -> str:
    """Allowlisted formatting HTML: no scripts, styles, iframes, handlers or javascript: URLs."""
    if not raw:
        return ""
    text = str(raw)
    # Job boards wrap paragraphs in <div>s and use <h1>/<h5>: keep their structure
    # as allowed tags instead of flattening the text together.
    text = _BLOCK_RENAME.sub(_rename_block, text)
    cleaned = _SANITISER.clean(text)
    previous = None
    while previous != cleaned:
        previous = cleaned
        cleaned = _EMPTY_BLOCK.sub("", cleaned)
        cleaned = _NESTED_P.sub(r"\1", cleaned)
    return cleaned.strip()


_TEXT_BLOCK = re.compile(r"</?(?:p|div|ul|ol|h[1-6]|blockquote|pre|table|tr)\b[^>]*>", re.I)
_TEXT_ITEM = re.compile(r"<li\b[^>]*>", re.I)
_TEXT_BREAK = re.compile(r"<br\b[^>]*>", re.I)
_TEXT_TAG = re.compile(r"<[^>]*>")
_BLANK_LINES = re.compile(r"\n{3,}")


def html_to_text(sanitised_html: str) -> str:
    """Readable plain text: paragraphs separated by a blank line, list items as "- item".

    Works on sanitised HTML (well-formed, allowlisted tags), so tags can be
    replaced by pattern instead of a full parse.
    """
    if not sanitised_html:
        return ""
    text = _TEXT_BLOCK.sub("\n\n", sanitised_html)
    text = _TEXT_ITEM.sub("\n- ", text)
    text = _TEXT_BREAK.sub("\n", text)
    text = unescape(_TEXT_TAG.sub("", text))
    lines = [" ".join(line.split()) for line in text.replace("\u00a0", " ").split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def description(raw_html: str | None) -> tuple[str, str]:
    """(sanitised HTML, plain text) for a description given as HTML."""
    cleaned = sanitise_html(raw_html)
    return cleaned, html_to_text(cleaned)


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


# ---------------------------------------------------------------------------
# Locations and countries

_SEPARATORS = re.compile(r"\s*(?:;|\||\s/\s|(?<=[a-z\)])/(?=[A-Z])|\s+or\s+|\n)\s*", re.I)

ISO_ALPHA2 = frozenset(
    re.findall(
        r"[A-Z]{2}",
        """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV
    BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES
    ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE
    IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY
    MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU
    NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM
    SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE
    VG VI VN VU WF WS YE YT ZA ZM ZW
""",
    )
)

COUNTRY_NAMES = {
    "united states": "US",
    "united states of america": "US",
    "usa": "US",
    "us": "US",
    "u s": "US",
    "u s a": "US",
    "america": "US",
    "united kingdom": "GB",
    "uk": "GB",
    "u k": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "gb": "GB",
    "canada": "CA",
    "germany": "DE",
    "deutschland": "DE",
    "france": "FR",
    "netherlands": "NL",
    "the netherlands": "NL",
    "holland": "NL",
    "spain": "ES",
    "espana": "ES",
    "portugal": "PT",
    "italy": "IT",
    "italia": "IT",
    "ireland": "IE",
    "belgium": "BE",
    "switzerland": "CH",
    "schweiz": "CH",
    "suisse": "CH",
    "austria": "AT",
    "osterreich": "AT",
    "sweden": "SE",
    "norway": "NO",
    "denmark": "DK",
    "finland": "FI",
    "iceland": "IS",
    "poland": "PL",
    "czech republic": "CZ",
    "czechia": "CZ",
    "slovakia": "SK",
    "hungary": "HU",
    "romania": "RO",
    "bulgaria": "BG",
    "greece": "GR",
    "croatia": "HR",
    "serbia": "RS",
    "slovenia": "SI",
    "estonia": "EE",
    "latvia": "LV",
    "lithuania": "LT",
    "ukraine": "UA",
    "turkey": "TR",
    "turkiye": "TR",
    "israel": "IL",
    "luxembourg": "LU",
    "malta": "MT",
    "cyprus": "CY",
    "india": "IN",
    "china": "CN",
    "japan": "JP",
    "south korea": "KR",
    "korea": "KR",
    "republic of korea": "KR",
    "singapore": "SG",
    "hong kong": "HK",
    "taiwan": "TW",
    "vietnam": "VN",
    "viet nam": "VN",
    "thailand": "TH",
    "malaysia": "MY",
    "indonesia": "ID",
    "philippines": "PH",
    "pakistan": "PK",
    "bangladesh": "BD",
    "sri lanka": "LK",
    "australia": "AU",
    "new zealand": "NZ",
    "brazil": "BR",
    "brasil": "BR",
    "mexico": "MX",
    "argentina": "AR",
    "chile": "CL",
    "colombia": "CO",
    "peru": "PE",
    "uruguay": "UY",
    "costa rica": "CR",
    "south africa": "ZA",
    "nigeria": "NG",
    "kenya": "KE",
    "egypt": "EG",
    "morocco": "MA",
    "ghana": "GH",
    "united arab emirates": "AE",
    "uae": "AE",
    "u a e": "AE",
    "saudi arabia": "SA",
    "ksa": "SA",
    "qatar": "QA",
    "bahrain": "BH",
    "kuwait": "KW",
    "oman": "OM",
    "jordan": "JO",
    "lebanon": "LB",
    "russia": "RU",
    "russian federation": "RU",
    "belarus": "BY",
    "georgia": "GE",
    "armenia": "AM",
    "kazakhstan": "KZ",
    "puerto rico": "PR",
}

US_STATES = {
    "AL": "alabama",
    "AK": "alaska",
    "AZ": "arizona",
    "AR": "arkansas",
    "CA": "california",
    "CO": "colorado",
    "CT": "connecticut",
    "DE": "delaware",
    "FL": "florida",
    "GA": "georgia",
    "HI": "hawaii",
    "ID": "idaho",
    "IL": "illinois",
    "IN": "indiana",
    "IA": "iowa",
    "KS": "kansas",
    "KY": "kentucky",
    "LA": "louisiana",
    "ME": "maine",
    "MD": "maryland",
    "MA": "massachusetts",
    "MI": "michigan",
    "MN": "minnesota",
    "MS": "mississippi",
    "MO": "missouri",
    "MT": "montana",
    "NE": "nebraska",
    "NV": "nevada",
    "NH": "new hampshire",
    "NJ": "new jersey",
    "NM": "new mexico",
    "NY": "new york",
    "NC": "north carolina",
    "ND": "north dakota",
    "OH": "ohio",
    "OK": "oklahoma",
    "OR": "oregon",
    "PA": "pennsylvania",
    "RI": "rhode island",
    "SC": "south carolina",
    "SD": "south dakota",
    "TN": "tennessee",
    "TX": "texas",
    "UT": "utah",
    "VT": "vermont",
    "VA": "virginia",
    "WA": "washington",
    "WV": "west virginia",
    "WI": "wisconsin",
    "WY": "wyoming",
    "DC": "district of columbia",
}
CA_PROVINCES = {
    "AB": "alberta",
    "BC": "british columbia",
    "MB": "manitoba",
    "NB": "new brunswick",
    "NL": "newfoundland and labrador",
    "NS": "nova scotia",
    "NT": "northwest territories",
    "NU": "nunavut",
    "ON": "ontario",
    "PE": "prince edward island",
    "QC": "quebec",
    "SK": "saskatchewan",
    "YT": "yukon",
}
_REGION_NAMES = {name: "US" for name in US_STATES.values() if name not in ("georgia", "new york", "washington")}
_REGION_NAMES.update({name: "CA" for name in CA_PROVINCES.values()})

CITIES = {
    # United States
    "san francisco": "US",
    "sf": "US",
    "bay area": "US",
    "san francisco bay area": "US",
    "new york": "US",
    "new york city": "US",
    "nyc": "US",
    "brooklyn": "US",
    "seattle": "US",
    "austin": "US",
    "boston": "US",
    "cambridge ma": "US",
    "chicago": "US",
    "los angeles": "US",
    "la": "US",
    "san diego": "US",
    "san jose": "US",
    "palo alto": "US",
    "mountain view": "US",
    "menlo park": "US",
    "sunnyvale": "US",
    "redwood city": "US",
    "santa clara": "US",
    "oakland": "US",
    "berkeley": "US",
    "denver": "US",
    "boulder": "US",
    "atlanta": "US",
    "miami": "US",
    "dallas": "US",
    "houston": "US",
    "phoenix": "US",
    "portland": "US",
    "pittsburgh": "US",
    "philadelphia": "US",
    "washington dc": "US",
    "washington d c": "US",
    "salt lake city": "US",
    "minneapolis": "US",
    "detroit": "US",
    "raleigh": "US",
    "durham": "US",
    "nashville": "US",
    "baltimore": "US",
    "st louis": "US",
    "kirkland": "US",
    "bellevue": "US",
    "redmond": "US",
    # Canada
    "toronto": "CA",
    "montreal": "CA",
    "vancouver": "CA",
    "ottawa": "CA",
    "calgary": "CA",
    "waterloo": "CA",
    "edmonton": "CA",
    "quebec city": "CA",
    # Europe
    "london": "GB",
    "manchester": "GB",
    "edinburgh": "GB",
    "cambridge uk": "GB",
    "oxford": "GB",
    "bristol": "GB",
    "glasgow": "GB",
    "leeds": "GB",
    "birmingham": "GB",
    "belfast": "GB",
    "berlin": "DE",
    "munich": "DE",
    "munchen": "DE",
    "hamburg": "DE",
    "frankfurt": "DE",
    "cologne": "DE",
    "koln": "DE",
    "stuttgart": "DE",
    "dusseldorf": "DE",
    "paris": "FR",
    "lyon": "FR",
    "toulouse": "FR",
    "amsterdam": "NL",
    "rotterdam": "NL",
    "utrecht": "NL",
    "eindhoven": "NL",
    "the hague": "NL",
    "madrid": "ES",
    "barcelona": "ES",
    "valencia": "ES",
    "lisbon": "PT",
    "lisboa": "PT",
    "porto": "PT",
    "dublin": "IE",
    "zurich": "CH",
    "geneva": "CH",
    "lausanne": "CH",
    "vienna": "AT",
    "wien": "AT",
    "stockholm": "SE",
    "gothenburg": "SE",
    "oslo": "NO",
    "copenhagen": "DK",
    "helsinki": "FI",
    "warsaw": "PL",
    "krakow": "PL",
    "wroclaw": "PL",
    "prague": "CZ",
    "budapest": "HU",
    "bucharest": "RO",
    "sofia": "BG",
    "athens": "GR",
    "milan": "IT",
    "milano": "IT",
    "rome": "IT",
    "brussels": "BE",
    "antwerp": "BE",
    "luxembourg city": "LU",
    "tallinn": "EE",
    "riga": "LV",
    "vilnius": "LT",
    "kyiv": "UA",
    "kiev": "UA",
    "istanbul": "TR",
    "tel aviv": "IL",
    "jerusalem": "IL",
    "belgrade": "RS",
    "zagreb": "HR",
    # Asia-Pacific, Middle East, Africa, Latin America
    "tokyo": "JP",
    "osaka": "JP",
    "東京": "JP",
    "東京都": "JP",
    "大阪": "JP",
    "大阪府": "JP",
    "kyoto": "JP",
    "seoul": "KR",
    "beijing": "CN",
    "shanghai": "CN",
    "shenzhen": "CN",
    "hangzhou": "CN",
    "taipei": "TW",
    "bangalore": "IN",
    "bengaluru": "IN",
    "hyderabad": "IN",
    "pune": "IN",
    "mumbai": "IN",
    "chennai": "IN",
    "new delhi": "IN",
    "delhi": "IN",
    "gurgaon": "IN",
    "gurugram": "IN",
    "noida": "IN",
    "kuala lumpur": "MY",
    "jakarta": "ID",
    "manila": "PH",
    "bangkok": "TH",
    "ho chi minh city": "VN",
    "hanoi": "VN",
    "sydney": "AU",
    "melbourne": "AU",
    "brisbane": "AU",
    "perth": "AU",
    "auckland": "NZ",
    "wellington": "NZ",
    "dubai": "AE",
    "abu dhabi": "AE",
    "riyadh": "SA",
    "doha": "QA",
    "cairo": "EG",
    "lagos": "NG",
    "nairobi": "KE",
    "cape town": "ZA",
    "johannesburg": "ZA",
    "sao paulo": "BR",
    "rio de janeiro": "BR",
    "mexico city": "MX",
    "ciudad de mexico": "MX",
    "guadalajara": "MX",
    "buenos aires": "AR",
    "santiago": "CL",
    "bogota": "CO",
    "medellin": "CO",
    "lima": "PE",
    "montevideo": "UY",
}


def _words_pattern(names: Iterable[str]) -> re.Pattern[str]:
    # Longest names first, so "new york city" wins over "york".
    ordered = sorted((n for n in names if len(n) > 3), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in ordered) + r")\b")


_COUNTRY_WORDS_RE = _words_pattern(COUNTRY_NAMES)
_CITY_WORDS_RE = _words_pattern(CITIES)

_REMOTE_WORDS = re.compile(
    r"\b(?:remote|anywhere|work from home|work from anywhere|wfh|telecommute|telecommuting|distributed|"
    r"home[- ]based|fully remote|remote[- ]first|teletravail|teletrabajo|homeoffice)\b"
)
_HYBRID_WORDS = re.compile(r"\bhybrid\b")
_ONSITE_WORDS = re.compile(r"\b(?:on[- ]?site|in[- ]office|in office|office[- ]based)\b")


def _key(text: str) -> str:
    """Matching key: folded, punctuation to spaces, whitespace collapsed."""
    return fold(text, words=True)


def _mask_parentheses(text: str) -> str:
    """The text with everything inside (...) or [...] replaced, so separators there are ignored."""
    masked: list[str] = []
    depth = 0
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
            masked.append(ch)
            continue
        masked.append("\x00" if depth else ch)
    return "".join(masked)


def split_locations(raw: Any) -> list[str]:
    """Split a multi-place string ("Berlin, Germany; Amsterdam, Netherlands") into places.

    Separators inside parentheses do not split: "Remote (US or Canada)" is one place.
    """
    if raw is None:
        return []
    text = clean_title(raw)
    places: list[str] = []
    start = 0
    pieces: list[str] = []
    for match in _SEPARATORS.finditer(_mask_parentheses(text)):
        pieces.append(text[start : match.start()])
        start = match.end()
    pieces.append(text[start:])
    for part in pieces:
        part = part.strip(" ,-–—")
        if part and part not in places:
            places.append(part)
    return places


def country_from_name(value: Any) -> str | None:
    """ISO alpha-2 for a country name or code ("United States", "USA", "DE", "Deutschland")."""
    if not value:
        return None
    if isinstance(value, dict):
        value = value.get("name") or value.get("addressCountry") or value.get("@id")
        if not isinstance(value, str):
            return None
    text = str(value).strip()
    if len(text) == 2 and text.upper() in ISO_ALPHA2:
        return "GB" if text.upper() == "UK" else text.upper()
    if text.upper() == "UK":
        return "GB"
    return COUNTRY_NAMES.get(_key(text))


_PREFERRED_NAMES = {
    "US": "United States",
    "GB": "United Kingdom",
    "AE": "United Arab Emirates",
    "KR": "South Korea",
}


def country_name(code: str) -> str:
    """A display name for an ISO code ("DE" -> "Germany"); the code itself if unknown."""
    code = code.upper()
    if code in _PREFERRED_NAMES:
        return _PREFERRED_NAMES[code]
    for name, value in COUNTRY_NAMES.items():
        if value == code and len(name) > 3:
            return name.title()
    return code


def _code_from_component(component: str, *, after_city: bool) -> str | None:
    raw = component.strip()
    key = _key(raw)
    if not key:
        return None
    if key in COUNTRY_NAMES:
        return COUNTRY_NAMES[key]
    upper = raw.upper().replace(".", "")
    if len(upper) == 2 and upper.isalpha():
        # "Austin, TX" and "Toronto, ON" name a state or province; a bare
        # two-letter component otherwise is an ISO country code ("Berlin, DE").
        if after_city and upper in US_STATES:
            return "US"
        if after_city and upper in CA_PROVINCES:
            return "CA"
        if upper in ISO_ALPHA2:
            return upper
    if key in _REGION_NAMES:
        return _REGION_NAMES[key]
    if key in CITIES:
        return CITIES[key]
    return None


@lru_cache(maxsize=8192)
def place_country(place: str) -> str | None:
    """The country of one place string, or None for regions ("Remote (EMEA)") and unknown places."""
    if not place:
        return None
    text = clean_title(place)
    # "Remote - US", "Remote (Canada)", "US - Remote", "Berlin, Germany"
    components = [c for c in re.split(r"\s*[,()\[\]]\s*|\s+[-–—]\s+|\s*:\s*", text) if c and c.strip()]
    components = [c for c in components if not _REMOTE_WORDS.fullmatch(_key(c) or "-")]
    if not components:
        return None
    # The most general part comes last: the country, then the state or province.
    for index in range(len(components) - 1, -1, -1):
        code = _code_from_component(components[index], after_city=index > 0)
        if code:
            # "Paris, TX" stays in the US; "Berlin, DE" is Germany (not Delaware)
            # when the city is a known non-US city.
            if index > 0 and code == "US" and len(components[index].strip()) == 2:
                city_code = CITIES.get(_key(components[0]))
                if city_code and city_code != "US" and components[index].strip().upper() == city_code:
                    return city_code
            return code
    # Free text such as "Greater London Area" or "Sydney NSW": look for a
    # country, then a well-known city, as whole words.
    key = _key(text)
    for pattern, table in ((_COUNTRY_WORDS_RE, COUNTRY_NAMES), (_CITY_WORDS_RE, CITIES)):
        found = pattern.search(key)
        if found:
            return table[found.group(0)]
    return None


def countries_for(places: Iterable[str], extra: Iterable[Any] = ()) -> list[str]:
    """Ordered unique ISO codes from explicit feed fields (`extra`) then the place strings."""
    codes: list[str] = []
    for value in extra:
        code = country_from_name(value)
        if code and code not in codes:
            codes.append(code)
    for place in places:
        for code in place_countries(place):
            if code not in codes:
                codes.append(code)
    return codes


_ALTERNATIVES = re.compile(r"\s*/\s*|\s+or\s+|\s*\|\s*", re.I)


def place_countries(place: str) -> list[str]:
    """Every country one place names: "Remote (US or Canada)" and "Remote - US/Canada" give US and CA."""
    pieces = [piece for piece in _ALTERNATIVES.split(place) if piece.strip()]
    codes: list[str] = []
    if len(pieces) > 1:
        for piece in pieces:
            code = place_country(piece)
            if code and code not in codes:
                codes.append(code)
    if not codes:
        code = place_country(place)
        codes = [code] if code else []
    return codes


# ---------------------------------------------------------------------------
# Workplace

_WORKPLACE_VALUES = {
    "remote": "remote",
    "fully remote": "remote",
    "telecommute": "remote",
    "remote only": "remote",
    "hybrid": "hybrid",
    "flexible": "hybrid",
    "onsite": "onsite",
    "on site": "onsite",
    "on-site": "onsite",
    "in office": "onsite",
    "office": "onsite",
    "in person": "onsite",
    "in-office": "onsite",
    "office based": "onsite",
}
# Phrases in a description that state the arrangement of this job (not
# "hybrid search", "remote sensing" or "our remote-friendly culture").
_DESCRIPTION_HYBRID = re.compile(
    r"\bhybrid\s*(?::|\(|-|role\b|position\b|working\b|work\b|schedule\b|model\b|arrangement\b|set ?up\b|"
    r"policy\b|job\b|opportunity\b)|\b(?:\d|one|two|three|four)\s+(?:office\s+)?days?\s+(?:a|per|each)\s+"
    r"week\s+(?:in|at)\s+(?:the|our)\b|\b(?:one|two|three|four|\d)\s+office\s+days?\s+(?:a|per)\s+week\b"
)
_DESCRIPTION_REMOTE = re.compile(
    r"\b(?:fully|100%|100 %|completely|entirely)\s+remote\b|\bthis (?:is a |role is |position is )(?:fully )?"
    r"remote\b|\bremote (?:role|position|job)\b|\bwork from anywhere\b"
)


def workplace_from_value(value: Any) -> str | None:
    """Map a feed's workplace field ("OnSite", "on-site", "Remote"); None if absent or unspecified."""
    if value is None:
        return None
    text = collapse_whitespace(_CAMEL_CASE.sub(" ", str(value)).replace("_", " ")).lower()
    return _WORKPLACE_VALUES.get(text) or _WORKPLACE_VALUES.get(text.replace(" ", ""))


def workplace_from_text(*texts: Any) -> str | None:
    """Remote/hybrid/onsite cues in short texts such as locations and titles."""
    joined = _key(" ".join(str(t) for t in texts if t))
    if not joined:
        return None
    if _HYBRID_WORDS.search(joined):
        return "hybrid"
    if _REMOTE_WORDS.search(joined):
        return "remote"
    if _ONSITE_WORDS.search(joined):
        return "onsite"
    return None


def workplace_from_description(text: str) -> str | None:
    lowered = text.casefold()  # the phrases are ASCII: no need to strip accents
    if _DESCRIPTION_HYBRID.search(lowered):
        return "hybrid"
    if _DESCRIPTION_REMOTE.search(lowered):
        return "remote"
    return None


def resolve_workplace(
    field_value: Any = None,
    *,
    short_texts: Iterable[Any] = (),
    description_text: str = "",
    physical_location: bool = False,
) -> str:
    """The feed's field wins; then cues in locations/title; then clear phrases in the
    description; then "onsite" when the feed names a physical workplace only; else unspecified."""
    return (
        workplace_from_value(field_value)
        or workplace_from_text(*short_texts)
        or workplace_from_description(description_text)
        or ("onsite" if physical_location else "unspecified")
    )


# ---------------------------------------------------------------------------
# Employment type

_EMPLOYMENT_VALUES = {
    "full time": "full_time",
    "fulltime": "full_time",
    "full-time": "full_time",
    "permanent": "full_time",
    "regular": "full_time",
    "salaried": "full_time",
    "cdi": "full_time",
    "vollzeit": "full_time",
    "festanstellung": "full_time",
    "tiempo completo": "full_time",
    "jornada completa": "full_time",
    "temps plein": "full_time",
    "正社員": "full_time",
    "fte": "full_time",
    "part time": "part_time",
    "parttime": "part_time",
    "part-time": "part_time",
    "teilzeit": "part_time",
    "temps partiel": "part_time",
    "medio tiempo": "part_time",
    "パート": "part_time",
    "アルバイト": "part_time",
    "contract": "contract",
    "contractor": "contract",
    "contract to hire": "contract",
    "freelance": "contract",
    "freelancer": "contract",
    "consultant": "contract",
    "consulting": "contract",
    "independent contractor": "contract",
    "c2h": "contract",
    "契約社員": "contract",
    "freiberuflich": "contract",
    "b2b": "contract",
    "temporary": "temporary",
    "temp": "temporary",
    "fixed term": "temporary",
    "fixed-term": "temporary",
    "seasonal": "temporary",
    "per diem": "temporary",
    "cdd": "temporary",
    "befristet": "temporary",
    "interim": "temporary",
    "maternity cover": "temporary",
    "intern": "internship",
    "internship": "internship",
    "co op": "internship",
    "co-op": "internship",
    "apprentice": "internship",
    "apprenticeship": "internship",
    "stage": "internship",
    "alternance": "internship",
    "praktikum": "internship",
    "werkstudent": "internship",
    "working student": "internship",
    "trainee": "internship",
    "インターン": "internship",
    "graduate internship": "internship",
}


def employment_type_from_value(value: Any) -> str | None:
    """Map a feed's employment type (string or list: first that maps) to the interface values."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        for item in value:
            mapped = employment_type_from_value(item)
            if mapped:
                return mapped
        return None
    raw = str(value).strip()
    text = collapse_whitespace(_CAMEL_CASE.sub(" ", raw).replace("_", " ")).lower()
    text = fold(text)
    if raw in _EMPLOYMENT_VALUES:
        return _EMPLOYMENT_VALUES[raw]
    return (
        _EMPLOYMENT_VALUES.get(text)
        or _EMPLOYMENT_VALUES.get(text.replace(" ", ""))
        or (_EMPLOYMENT_VALUES.get(text.replace("-", " ")))
    )


_TITLE_EMPLOYMENT = (
    (
        re.compile(
            r"\b(?:intern|internship|co-?op|stagiaire|praktikant(?:in)?|werkstudent(?:in)?|working student|"
            r"apprentice(?:ship)?)\b"
        ),
        "internship",
    ),
    (re.compile(r"\b(?:contract|contractor|freelance|freelancer|1099|c2h)\b"), "contract"),
    (re.compile(r"\b(?:temporary|temp|fixed[- ]term|maternity cover|parental leave cover)\b"), "temporary"),
    (re.compile(r"\b(?:part[- ]time|teilzeit)\b"), "part_time"),
    (re.compile(r"\b(?:full[- ]time|vollzeit)\b"), "full_time"),
)


def employment_type_from_title(title: str) -> str | None:
    """Cues like "(Contract)" or "Intern" in a title, for feeds without the field."""
    text = fold(title)
    for pattern, value in _TITLE_EMPLOYMENT:
        if pattern.search(text):
            return value
    return None


# ---------------------------------------------------------------------------
# Seniority

_ROLE_WORD = r"(?:engineer|scientist|analyst|developer|researcher|specialist|consultant|architect|programmer)"
_SENIORITY_RULES = (
    (
        "intern",
        re.compile(
            r"\b(?:intern|interns|internship|co-?op|stagiaire|praktikant(?:in)?|praktikum|werkstudent(?:in)?|"
            r"working student|apprentice|apprenticeship|alternant(?:e)?|alternance|trainee|summer student|"
            r"student researcher|インターン)\b|^stage\b|\bstage (?:de|en|d)\b"
        ),
    ),
    (
        "manager",
        re.compile(
            r"\b(?:head of|head|director|directeur|directrice|directora?|vp|svp|evp|avp|vice president|chief|"
            r"cto|cdo|cdao|caio|manager|managing director|gerente|jefe|jefa|chef de projet|chef d equipe|"
            r"responsable)\b|leiter(?:in)?\b"
        ),
    ),
    (
        "lead",
        re.compile(r"\b(?:staff|principal|lead|leader|tech lead|team lead|distinguished|senior fellow)\b"),
    ),
    (
        "senior",
        re.compile(
            rf"\b(?:senior|sr|snr|experienced|confirme|confirmee|{_ROLE_WORD} (?:iii|iv|v|3|4|5)|"
            r"level (?:3|4|5))\b"
        ),
    ),
    (
        "junior",
        re.compile(
            rf"\b(?:junior|jr|associate|entry level|graduate|grad|new grad|early career|debutant|debutante|"
            r"postdoc|postdoctoral|post doctoral|"
            rf"{_ROLE_WORD} (?:i|1)|level 1)\b"
        ),
    ),
)
_ASSOCIATE_MANAGER = re.compile(r"\bassociate (?:director|manager|vice president|vp|head)\b")


def seniority_from_title(title: str) -> str:
    """intern > manager > lead > senior > junior > mid (the default), from cues in a title.

    "Associate Director" is a manager, "Senior Staff" a lead, "Senior Manager"
    a manager, "Engineer III" senior, "Engineer I" junior, a bare title mid.
    """
    text = fold(title, words=True)
    # "Member of Technical Staff" is the everyday engineering title at many AI
    # labs, not a staff-level one; "Chief of Staff" is still a manager.
    text = _MTS.sub("mts", text)
    if _ASSOCIATE_MANAGER.search(text):
        return "manager"
    for value, pattern in _SENIORITY_RULES:
        if pattern.search(text):
            return value
    return "mid"


# ---------------------------------------------------------------------------
# Misc


def first_text(*values: Any) -> str:
    for value in values:
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def as_id(value: Any) -> str:
    """A feed id as a string ("4012345007", not "4012345007.0")."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
