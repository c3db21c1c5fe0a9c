"""Normalisation shared by every connector: titles, sanitised descriptions,
UTC datetimes, salaries, locations and countries, workplace, employment type
and seniority.

Everything here is a pure function of its input (no network, no database), so
the connectors stay thin and the rules are tested in one place. The modules:

- `text`: titles, entities and tags, sanitised description HTML and its plain text, feed ids;
- `dates`: datetimes as aware UTC;
- `pay`: salary periods, currencies, amounts and `make_salary`;
- `places`: locations, their countries, and the workplace;
- `employment`: employment type and seniority;
- `data`: the place-name tables (country codes and names, US states, Canadian provinces, cities).

Callers import from `jobs.normalise`, which re-exports the public names.
"""

from ..text import fold
from .data import CA_PROVINCES, CITIES, COUNTRY_NAMES, ISO_ALPHA2, US_STATES
from .dates import parse_datetime
from .employment import employment_type_from_title, employment_type_from_value, seniority_from_title
from .pay import PERIOD_FACTORS, make_salary, normalise_currency, normalise_period, parse_amount
from .places import (
    countries_for,
    country_from_name,
    country_name,
    place_countries,
    place_country,
    resolve_workplace,
    split_locations,
    workplace_from_description,
    workplace_from_text,
    workplace_from_value,
)
from .text import (
    ALLOWED_TAGS,
    ALLOWED_URL_PREFIXES,
    as_id,
    clean_title,
    collapse_whitespace,
    description,
    first_text,
    html_to_text,
    sanitise_html,
    unescape,
)

__all__ = [
    "ALLOWED_TAGS",
    "ALLOWED_URL_PREFIXES",
    "CA_PROVINCES",
    "CITIES",
    "COUNTRY_NAMES",
    "ISO_ALPHA2",
    "PERIOD_FACTORS",
    "US_STATES",
    "as_id",
    "clean_title",
    "collapse_whitespace",
    "countries_for",
    "country_from_name",
    "country_name",
    "description",
    "employment_type_from_title",
    "employment_type_from_value",
    "first_text",
    "fold",
    "html_to_text",
    "make_salary",
    "normalise_currency",
    "normalise_period",
    "parse_amount",
    "parse_datetime",
    "place_countries",
    "place_country",
    "resolve_workplace",
    "sanitise_html",
    "seniority_from_title",
    "split_locations",
    "unescape",
    "workplace_from_description",
    "workplace_from_text",
    "workplace_from_value",
]
