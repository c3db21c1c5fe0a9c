"""Locations, their countries, and the workplace (remote, hybrid, on-site)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ..text import fold
from .data import CA_PROVINCES, CITIES, COUNTRY_NAMES, ISO_ALPHA2, PREFERRED_NAMES, REGION_NAMES, US_STATES
from .text import CAMEL_CASE, clean_title, collapse_whitespace

# ---------------------------------------------------------------------------
# Locations and countries

_SEPARATORS = re.compile(r"\s*(?:;|\||\s/\s|(?<=[a-z\)])/(?=[A-Z])|\s+or\s+|\n)\s*", re.I)


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


def country_name(code: str) -> str:
    """A display name for an ISO code ("DE" -> "Germany"); the code itself if unknown."""
    code = code.upper()
    if code in PREFERRED_NAMES:
        return PREFERRED_NAMES[code]
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
    if key in REGION_NAMES:
        return REGION_NAMES[key]
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
    text = collapse_whitespace(CAMEL_CASE.sub(" ", str(value)).replace("_", " ")).lower()
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
