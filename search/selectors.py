"""Reads for the search API: the parser's vocabulary, understood requests, searches and suggestions.

The API module validates parameters and shapes errors; everything it asks of
the engine goes through here.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db.models import Count, Max

from jobs.text import fold

from . import indices, queries
from .engine import get_client
from .indices import words
from .queries import SearchRequest
from .understanding import Understanding, Understood, Vocabulary, understand, vocabulary_from_locations

# The vocabulary is read from the database at most this often (and again when listings or paths change).
VOCABULARY_CHECK_SECONDS = 5.0
# How long the size of the roles index is trusted as a bound on matching paths and comparisons.
ROLE_BOUND_SECONDS = 30.0


@dataclass
class _Cached:
    key: tuple | None = None
    checked: float = 0.0
    value: Vocabulary | None = None


_vocabulary = _Cached()
_role_bounds: dict[str, tuple[float, int]] = {}
_lock = threading.Lock()


def _vocabulary_key() -> tuple:
    from cms.models import CareerPathPage
    from jobs.selectors import open_canonical_listings

    listings = open_canonical_listings().select_related(None).aggregate(n=Count("pk"), at=Max("updated_at"))
    pages = CareerPathPage.objects.live().aggregate(n=Count("pk"), at=Max("last_published_at"))
    return (listings["n"], listings["at"], pages["n"], pages["at"])


def search_vocabulary() -> Vocabulary:
    """Places the open listings name, and the words of role names, title patterns and job titles."""
    now = time.monotonic()
    with _lock:
        if _vocabulary.value is not None and now - _vocabulary.checked < VOCABULARY_CHECK_SECONDS:
            return _vocabulary.value
    key = _vocabulary_key()
    with _lock:
        if _vocabulary.value is not None and key == _vocabulary.key:
            _vocabulary.checked = now
            return _vocabulary.value
    vocabulary = _load_vocabulary()
    with _lock:
        _vocabulary.key, _vocabulary.checked, _vocabulary.value = key, now, vocabulary
    return vocabulary


def _load_vocabulary() -> Vocabulary:
    from cms.models import CareerPathPage
    from jobs.selectors import open_canonical_listings
    from jobs.vocabulary import ABBREVIATIONS

    listings = open_canonical_listings().select_related(None)
    locations: set[str] = set()
    known: set[str] = set()
    for place_list, title in listings.values_list("locations", "title").iterator(chunk_size=2000):
        locations.update(place for place in place_list or [] if isinstance(place, str))
        known.update(fold(title, spaces=True).split())
    for page in CareerPathPage.objects.live():
        for name in (page.title, page.role_name, *page.title_pattern_list()):
            known.update(words(name or ""))
            known.update(fold(name or "", spaces=True).split())
    for phrase in ABBREVIATIONS.values():
        known.update(phrase.split())
    return vocabulary_from_locations(sorted(locations), known)


def reset_caches() -> None:
    """Forget the cached vocabulary and role bounds (tests that swap the data under a running process)."""
    with _lock:
        _vocabulary.key, _vocabulary.checked, _vocabulary.value = None, 0.0, None
        _role_bounds.clear()


# Understanding -------------------------------------------------------------------------------------------

# Parameters an understood field fills, and how a value reads as that parameter.
_PARAM_OF = {"workplace": "workplace", "seniority": "seniority", "country": "country", "currency": "currency"}


def understood_request(request: SearchRequest, vocabulary: Vocabulary | None = None) -> SearchRequest:
    """`request` with the filters and intents of its `q` applied, unless explicit parameters say otherwise.

    An explicit parameter wins: the understood entry stays in the answer with
    `applied: false` and a note naming the parameter. With `understand=0` the
    query is matched as typed and nothing is read from it.
    """
    reference = settings.MARKET_REFERENCE_CURRENCY
    if not request.understand or not request.q:
        return _with_currency(request, reference)
    understanding: Understanding = understand(request.q, vocabulary or search_vocabulary())
    changes: dict = {}
    entries: list[Understood] = []
    for entry in understanding.understood:
        if entry.field == "intent":
            entries.append(entry)
            continue
        if entry.field == "location":
            explicit = request.country
            if explicit and _city_country(entry, vocabulary) not in explicit:
                entries.append(_overruled(entry, "country", explicit))
                continue
            changes["location"] = (*changes.get("location", ()), entry.value)
            entries.append(entry)
            continue
        if entry.field == "salary_min":
            if request.salary_min is not None and request.salary_min != entry.value:
                entries.append(_overruled(entry, "salary_min", (str(request.salary_min),)))
                continue
            changes["salary_min"] = entry.value
            entries.append(entry)
            continue
        param = _PARAM_OF[entry.field]
        explicit = getattr(request, param)
        if explicit:
            entries.append(entry if entry.value in explicit else _overruled(entry, param, explicit))
            continue
        changes[param] = (*changes.get(param, ()), entry.value)
        entries.append(entry)
    resolved = request.with_understanding(
        **changes,
        text=understanding.text,
        typed=understanding.typed,
        understood=tuple(entries),
        intents=understanding.intents(),
        comparison=understanding.comparison,
    )
    return _with_currency(resolved, reference)


def _city_country(entry: Understood, vocabulary: Vocabulary | None) -> str | None:
    places = (vocabulary or search_vocabulary()).places
    return next((place.country for place in places.values() if place.name == entry.value), None)


def _overruled(entry: Understood, param: str, explicit: tuple[str, ...]) -> Understood:
    given = "&".join(f"{param}={value}" for value in explicit)  # as a query string says it
    return Understood(entry.field, entry.value, entry.text, applied=False, note=f"{given} was given")


def _with_currency(request: SearchRequest, reference: str) -> SearchRequest:
    """The currency `salary_min` applies in: the one asked for (explicitly or in q), else the reference."""
    return request.with_understanding(pay_currency=request.currency[0] if request.currency else reference)


# Searching -----------------------------------------------------------------------------------------------


def _role_bound(roles_index: str) -> int:
    """How many documents the roles index holds (cached): no more paths and comparisons can match."""
    now = time.monotonic()
    cached = _role_bounds.get(roles_index)
    if cached and now - cached[0] < ROLE_BOUND_SECONDS:
        return cached[1]
    count = int(get_client().count(index=roles_index)["count"])
    _role_bounds[roles_index] = (now, count)
    return count


# Building a request with elasticsearch.dsl costs several milliseconds (a few hundred small objects,
# cloned at each step, then serialised); the same search asked again reuses its plan. Plans hold no
# clock time (date ranges are relative, "now-7d/d"), so a cached one is as right as a new one.
@lru_cache(maxsize=512)
def _plan(request: SearchRequest, roles_index: str, jobs_index: str, role_bound: int) -> tuple[queries.Plan, list]:
    plan = queries.build_search(request, roles_index=roles_index, jobs_index=jobs_index, role_bound=role_bound)
    return plan, plan.body


@lru_cache(maxsize=512)
def _suggest_body(q: str, roles_index: str, jobs_index: str) -> list:
    return queries.build_suggest(q, roles_index=roles_index, jobs_index=jobs_index).to_dict()


def run_search(request: SearchRequest) -> dict:
    """Run a resolved search: one multi-search request (two if the roles index grew meanwhile).

    Engine failures propagate (see `search.api.ENGINE_ERRORS`).
    """
    roles_index, jobs_index = indices.alias_name(indices.ROLES), indices.alias_name(indices.JOBS)
    bound = _role_bound(roles_index) if request.type == "all" and request.page > 1 else 0
    plan, body = _plan(request, roles_index, jobs_index, bound)
    responses = get_client().msearch(searches=body)["responses"]
    matched = queries.role_count(responses)
    if request.type == "all" and request.page > 1 and matched > bound:
        _role_bounds[roles_index] = (time.monotonic(), matched)
        plan, body = _plan(request, roles_index, jobs_index, matched)
        responses = get_client().msearch(searches=body)["responses"]
    return queries.parse_search(plan, responses)


def run_suggest(q: str) -> dict:
    """Completions for what a visitor has typed, grouped into roles, comparisons and job titles."""
    body = _suggest_body(q, indices.alias_name(indices.ROLES), indices.alias_name(indices.JOBS))
    responses = get_client().msearch(searches=body)["responses"]
    groups = queries.parse_suggest(responses)
    return {"query": q, "suggestions": queries.flat_suggestions(groups), "groups": groups}
