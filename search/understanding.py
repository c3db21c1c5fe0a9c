"""Query understanding: the filters and intents a visitor typed into `q`, taken out of it.

`understand(q, vocabulary)` is a pure function. It finds

- workplace words ("remote", "hybrid", "on-site", "in office"),
- seniority words ("intern", "jr", "entry level", "sr", "staff", "head of"),
- places ("in berlin", "london", "uk", "usa", "germany"),
- pay ("over 150k", "150k+", "$200k", "€80k"), with the currency a symbol or code names,
- intent words ("jobs", "salary", "vs"),

and returns what is left to match as text, with one `Understood` entry per
finding. It restates none of the vocabularies: workplace and seniority words
are the ones `jobs.normalise` reads in feeds (a word counts when the
normaliser reads it the same way on its own), places come from a
`Vocabulary` built from the listings' own locations and the normaliser's
place tables (`vocabulary_from_locations`), currencies from
`jobs.normalise.normalise_currency`, abbreviations from `jobs.vocabulary`.

Recall for the way people type lives here too, because it must work on every
engine alike: `rewrite_compounds` splits run-together words ("datascientist")
into known words, and `expanded_text` spells abbreviations out ("ml eng" ->
"machine learning engineer"). On Elasticsearch the index analyzers do the same
again (see `search.indices`); the embedded engine ignores those analyzers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jobs.normalise import (
    CITIES,
    COUNTRY_NAMES,
    country_name,
    normalise_currency,
    seniority_from_title,
    workplace_from_text,
    workplace_from_value,
)
from jobs.text import fold
from jobs.vocabulary import ABBREVIATIONS, expand_abbreviations

# Words that say what the searcher wants to see rather than what it is about.
JOB_WORDS = frozenset(
    {
        "job",
        "jobs",
        "role",
        "roles",
        "career",
        "careers",
        "position",
        "positions",
        "vacancy",
        "vacancies",
        "opening",
        "openings",
        "opportunity",
        "opportunities",
        "hiring",
        "work",
    }
)
SALARY_WORDS = frozenset({"salary", "salaries", "pay", "compensation", "wage", "wages", "earnings"})
COMPARE_WORDS = frozenset({"vs", "versus", "compare", "compared", "comparison"})
# Joining words around places and comparisons ("jobs in berlin", "ai or ml engineer").
PLACE_PREPOSITIONS = frozenset({"in", "near", "at", "around", "based"})
FILLER_WORDS = frozenset({"and", "or", "the", "a", "an", "for", "of", "to", "with"})
PAY_PREFIXES = r"(?:over|above|more than|at least|min(?:imum)?|from|starting at|upwards of|>=?|\+)"

# The stop words of the index's English analyzer (Lucene's `_english_` list): analysed, they vanish,
# so a query word among them can never be required to match.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "if",
        "in",
        "into",
        "is",
        "it",
        "no",
        "not",
        "of",
        "on",
        "or",
        "such",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "will",
        "with",
    ]
)

INTENT_JOBS, INTENT_SALARY, INTENT_COMPARE = "jobs", "salary", "compare"
MAX_PLACE_WORDS = 4
MIN_SALARY = 1_000

# Codes read beside an amount ("80k eur"): currencies listings state pay in.
_KNOWN_CURRENCIES = frozenset(
    [
        "USD",
        "EUR",
        "GBP",
        "CAD",
        "AUD",
        "NZD",
        "CHF",
        "JPY",
        "CNY",
        "INR",
        "SGD",
        "HKD",
        "SEK",
        "NOK",
        "DKK",
        "PLN",
        "CZK",
        "BRL",
        "MXN",
        "ZAR",
        "AED",
        "ILS",
        "KRW",
    ]
)
_CODES = "|".join(sorted(_KNOWN_CURRENCIES))
_CURRENCY_SYMBOLS = r"US\$|C\$|CA\$|A\$|\$|€|£|¥"
_AMOUNT = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k|m)?"
_PAY_RE = re.compile(
    rf"(?<![\w$€£¥])(?:{PAY_PREFIXES}\s*)?"
    rf"(?:(?P<code1>{_CODES})\s+)?(?P<symbol>{_CURRENCY_SYMBOLS})?\s*{_AMOUNT}\s*(?P<plus>\+)?"
    rf"(?:\s*(?P<code2>{_CODES})\b)?(?![\w])",
    re.IGNORECASE,
)
_TOKEN_RE = re.compile(r"[\w][\w+#]*(?:[-'][\w]+)*\+*|[+#]")


@dataclass(frozen=True)
class Place:
    """A place the listings name: a city (with its country) or a country."""

    kind: str  # "city" or "country"
    name: str  # display name ("Berlin", "Germany")
    country: str  # ISO alpha-2


@dataclass(frozen=True)
class Vocabulary:
    """What the parser recognises besides the fixed word lists: places and known words."""

    places: Mapping[str, Place] = field(default_factory=dict)  # folded name -> place
    words: frozenset[str] = frozenset()  # words compound splitting may produce ("data", "scientist")


@dataclass(frozen=True)
class Understood:
    """One thing read from the query: `field` set to `value` because of `text` in q.

    `applied` is False when an explicit parameter says otherwise; `note` says which.
    """

    field: str  # workplace | seniority | country | location | salary_min | currency | intent
    value: Any
    text: str
    applied: bool = True
    note: str | None = None

    def as_dict(self) -> dict:
        return {"field": self.field, "value": self.value, "text": self.text, "applied": self.applied, "note": self.note}


@dataclass(frozen=True)
class Understanding:
    """The query with its filters and intents taken out."""

    text: str  # the words left to match, compounds split ("data scientist")
    typed: str = ""  # the same words as typed ("datascientist")
    understood: tuple[Understood, ...] = ()
    comparison: tuple[str, str] | None = None  # the two sides of "X vs Y", as typed

    def values(self, field_name: str) -> tuple[Any, ...]:
        return tuple(dict.fromkeys(u.value for u in self.understood if u.field == field_name))

    def intents(self) -> frozenset[str]:
        return frozenset(self.values("intent"))


def understand(q: str, vocabulary: Vocabulary) -> Understanding:
    """Take workplace, seniority, place, pay and intent words out of `q` (see the module docstring)."""
    found: list[Understood] = []
    q = _take_pay(q, found)
    tokens = [fold(token, spaces=True) for token in _TOKEN_RE.findall(q)]
    raw = _TOKEN_RE.findall(q)
    kept: list[int] = []  # indexes of tokens left as text
    split_at: int | None = None  # the token index of "vs", which divides the two sides
    index = 0
    while index < len(tokens):
        word = tokens[index]
        if word in COMPARE_WORDS:
            if not any(u.field == "intent" and u.value == INTENT_COMPARE for u in found):
                found.append(Understood("intent", INTENT_COMPARE, raw[index]))
            if word != "compare" and split_at is None:
                split_at = index
            index += 1
            continue
        if word in JOB_WORDS:
            _add_intent(found, INTENT_JOBS, raw[index])
            index += 1
            continue
        if word in SALARY_WORDS:
            _add_intent(found, INTENT_SALARY, raw[index])
            index += 1
            continue
        taken = _take_workplace(tokens, raw, index, found) or _take_place(tokens, raw, index, vocabulary, found)
        if taken:
            index += taken
            continue
        kept.append(index)
        index += 1
    kept = _take_seniority(tokens, raw, kept, found)
    words = [tokens[i] for i in kept]
    comparison = None
    if split_at is not None:
        left = _strip_fillers([tokens[i] for i in kept if i < split_at])
        right = _strip_fillers([tokens[i] for i in kept if i > split_at])
        if left and right:
            comparison = (
                " ".join(rewrite_compounds(left, vocabulary.words)),
                " ".join(rewrite_compounds(right, vocabulary.words)),
            )
    text_words = [w for w in words if w not in FILLER_WORDS | PLACE_PREPOSITIONS or len(words) == 1]
    text = " ".join(rewrite_compounds(text_words, vocabulary.words))
    return Understanding(text=text, typed=" ".join(text_words), understood=tuple(found), comparison=comparison)


def _add_intent(found: list[Understood], intent: str, text: str) -> None:
    if not any(u.field == "intent" and u.value == intent for u in found):
        found.append(Understood("intent", intent, text))


def _strip_fillers(words: list[str]) -> list[str]:
    return [w for w in words if w not in FILLER_WORDS]


def _take_pay(q: str, found: list[Understood]) -> str:
    """Take the first amount that reads as pay ("over 150k", "€80k", "150,000+") out of `q`."""
    for match in _PAY_RE.finditer(q):
        number, unit = match.group(3), (match.group(4) or "").lower()
        symbol, plus = match.group("symbol"), match.group("plus")
        code = next((c.upper() for c in (match.group("code1"), match.group("code2")) if c), None)
        prefixed = bool(re.match(PAY_PREFIXES, match.group(0).strip(), re.IGNORECASE))
        grouped = "," in number
        if not (symbol or code or unit or plus or grouped or prefixed):
            continue
        amount = float(number.replace(",", "")) * {"k": 1_000, "m": 1_000_000}.get(unit, 1)
        if amount < MIN_SALARY:
            continue
        text = match.group(0).strip()
        found.append(Understood("salary_min", int(amount), text))
        currency = code or (normalise_currency(symbol) if symbol else None)
        if currency:
            found.append(Understood("currency", currency, text))
        return (q[: match.start()] + " " + q[match.end() :]).strip()
    return q


def _take_workplace(tokens: list[str], raw: list[str], index: int, found: list[Understood]) -> int:
    """Workplace words: those the normaliser reads the same way as a feed's field and as free text."""
    for size in (3, 2, 1):
        phrase = " ".join(tokens[index : index + size])
        if len(tokens) - index < size:
            continue
        value = workplace_from_value(phrase)
        if value and workplace_from_text(phrase) == value:
            found.append(Understood("workplace", value, " ".join(raw[index : index + size])))
            return size
    return 0


def _take_place(tokens: list[str], raw: list[str], index: int, vocabulary: Vocabulary, found: list[Understood]) -> int:
    start = index
    if tokens[index] in PLACE_PREPOSITIONS and index + 1 < len(tokens):
        index += 1
        if tokens[index - 1] == "based" and tokens[index] == "in" and index + 1 < len(tokens):
            index += 1
    for size in range(MAX_PLACE_WORDS, 0, -1):
        if len(tokens) - index < size:
            continue
        place = vocabulary.places.get(" ".join(tokens[index : index + size]))
        if place is None:
            continue
        text = " ".join(raw[start : index + size])
        if place.kind == "city":
            found.append(Understood("location", place.name, text))
        else:
            found.append(Understood("country", place.country, text))
        return index + size - start
    return 0


def _take_seniority(tokens: list[str], raw: list[str], kept: list[int], found: list[Understood]) -> list[int]:
    """The seniority `jobs.normalise` reads in the remaining words, taken out where a word or two say it alone.

    Reading the whole query first keeps the normaliser's precedence: "senior
    engineering manager" is a manager, "member of technical staff" no level at all.
    """
    words = [tokens[i] for i in kept]
    level = seniority_from_title(" ".join(words))
    if level == "mid":
        return kept
    taken: set[int] = set()
    position = 0
    while position < len(kept):
        if seniority_from_title(words[position]) == level:
            taken.add(position)
            position += 1
            continue
        pair = " ".join(words[position : position + 2])
        if (
            position + 1 < len(kept)
            and seniority_from_title(pair) == level
            and all(seniority_from_title(w) == "mid" for w in words[position : position + 2])
            and not _is_role_word(words[position])
        ):
            taken.update((position, position + 1))
            position += 2
            continue
        position += 1
    if not taken:
        return kept
    text = " ".join(raw[kept[p]] for p in sorted(taken))
    found.append(Understood("seniority", level, text))
    # Other level words lose to the normaliser's precedence ("senior" in "senior engineering
    # manager"); they are modifiers all the same and need not match.
    return [i for p, i in enumerate(kept) if p not in taken and seniority_from_title(words[p]) == "mid"]


def _is_role_word(word: str) -> bool:
    # "engineer iii" reads as senior, but the role word stays in the text.
    return seniority_from_title(f"x {word} iii") == "senior" and seniority_from_title(f"x {word}") == "mid"


# Recall -----------------------------------------------------------------------------------------------


def rewrite_compounds(words: list[str], known: frozenset[str]) -> list[str]:
    """Split a run-together word into two or three known words ("datascientist" -> "data scientist").

    A word that is known (or an abbreviation) stays as it is; so does one that splits no way.
    """
    if not known:
        return list(words)
    out: list[str] = []
    for word in words:
        if word in known or word in ABBREVIATIONS or len(word) < 6 or not word.isalpha():
            out.append(word)
            continue
        parts = _split(word, known, 3)
        out.extend(parts or [word])
    return out


def _split(word: str, known: frozenset[str], pieces: int) -> list[str] | None:
    if word in known or word in ABBREVIATIONS:
        return [word]
    if pieces == 1:
        return None
    # The longest known head first: "machinelearning" -> "machine" + "learning".
    for cut in range(len(word) - 2, 1, -1):
        head = word[:cut]
        if head in known or head in ABBREVIATIONS:
            rest = _split(word[cut:], known, pieces - 1)
            if rest:
                return [head, *rest]
    return None


def expanded_text(text: str) -> str:
    """`text` with every abbreviation spelt out ("ml eng" -> "machine learning engineer")."""
    return expand_abbreviations(text)


# Vocabulary -----------------------------------------------------------------------------------------


def vocabulary_from_locations(locations: Iterable[str], words: Iterable[str] = ()) -> Vocabulary:
    """Places from the listings' own location strings ("Berlin, Germany"), plus every country name.

    A city is known when the listings name it and the normaliser's place table
    does too; countries come from the normaliser's table of names. Names that
    are also abbreviations ("de", "ai") are left out: they mean the role there.
    """
    places: dict[str, Place] = {}
    for name, code in COUNTRY_NAMES.items():
        key = fold(name, spaces=True)
        # Not "u s" nor names that are abbreviations; two letters only for "uk" and "us".
        readable = key == name and all(len(part) > 1 for part in key.split()) and key not in ABBREVIATIONS
        if readable and (len(key) > 2 or key in ("uk", "us")):
            places[key] = Place("country", country_name(code), code)
    for location in locations:
        for part in re.split(r"[,;()/|]|\s+-\s+", location or ""):
            key = " ".join(re.sub(r"[^\w\s]", " ", fold(part, spaces=True)).split())
            code = CITIES.get(key)
            if code and len(key) > 2 and key not in ABBREVIATIONS and key not in places:
                places[key] = Place("city", part.strip(), code)
    known = frozenset(w for w in words if w.isalpha() and len(w) > 1)
    return Vocabulary(places=places, words=known)
