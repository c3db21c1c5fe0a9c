"""Title -> career path, from the title patterns editors keep on each path page.

Patterns and titles are compared after folding (`jobs.text.fold`: case,
accents, width) and turning punctuation into spaces, so "Machine-Learning
Engineer" matches the pattern "machine learning engineer" and "Ingénieur IA"
matches "ingenieur ia". A pattern matches whole words only. A `*` at the end
of a pattern word matches any ending ("scien*"). Slash alternatives in a title
are tried one by one ("ML/AI Engineer" is also read as "ML Engineer" and "AI
Engineer"), and "ML Ops" is also read as "MLOps". Gender markers ("(m/w/d)",
"(h/f)", "Entwickler*in") are dropped.

Abbreviations: when a title as written matches nothing, it is read again with
the abbreviations of `jobs.vocabulary` written out ("Sr. MLE" -> "senior machine
learning engineer"), against the patterns written out the same way.

The head of the title decides. A title is cut into parts at commas, brackets,
colons and spaced dashes; the first part that matches anything decides
("Recruiter, Machine Learning" is decided by "Recruiter"). Later parts only
qualify a head that names no role ("Software Engineer, Machine Learning").

Exclusions are patterns that refuse a title ("recruiter", "sales"). When an
exclusion and a path pattern both match the deciding part, the one that ends
later wins, as the last word of an English job title names the job: "Machine
Learning Recruiter" is a recruiter, "Marketing Data Analyst" a data analyst.

When several path patterns match, the most specific wins: the one covering the
most words of the title, then the most characters, then the one found
earliest, then the one spelled as the title writes it, then the rule listed
first. So "RAG Engineer" beats "Engineer", and "MLOps Engineer" never matches
"ML Engineer" at all. Every outcome names the pattern behind it
(`Classification.explanation`), so the admin can show why.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .text import fold
from .vocabulary import expand_title

_CACHE_SIZE = 8192
_MAX_VARIANTS = 8

EXCLUDED_PREFIX = "excluded: "

# The exclusions a new site starts with (editors manage them in Settings > Job classification):
# the usual heads of titles that name a job around AI and data without being one.
DEFAULT_EXCLUSIONS: tuple[str, ...] = (
    "recruit*",
    "sourcer",
    "talent acquisition",
    "sales",
    "account executive",
    "account manager",
    "business development",
    "product manager",
    "product owner",
    "program manager",
    "project manager",
    "marketing",
    "legal",
    "counsel",
    "attorney",
    "paralegal",
    "teacher",
    "tutor",
    "data entry",
    "data center",
    "datacenter",
    "store associate",
    "store manager",
    "store assistant",
    "customer success",
)


@dataclass(frozen=True)
class PathRule:
    path_slug: str
    pattern: str


@dataclass(frozen=True)
class Classification:
    """The outcome for one title: the path rule that matched, or the exclusion that refused it, or neither."""

    rule: PathRule | None = None
    excluded_by: str = ""

    @property
    def path_slug(self) -> str | None:
        return self.rule.path_slug if self.rule else None

    @property
    def explanation(self) -> str:
        """What the listing records: the matched pattern, "excluded: <pattern>", or ""."""
        if self.rule:
            return self.rule.pattern
        return f"{EXCLUDED_PREFIX}{self.excluded_by}" if self.excluded_by else ""


NOTHING = Classification()


def fold_for_match(text: str) -> str:
    """Lower case, no accents, "&" as "and", punctuation as single spaces ("+" and "#" kept for C++/C#)."""
    return fold(text.replace("&", " and "), words=True, keep="+#")


# Gender markers: "(m/w/d)", "(f/m/x)", "(h/f)", "(m/f/div.)", "(all genders)", "(gn)", or bare "m/w/d".
_GENDER_MARKERS = re.compile(
    r"""
    [(\[]\s*(?:
        [mwfdhx](?:\s*[/|,]\s*(?:[mwfdhx]|div(?:ers|erse)?\.?|inter|nb)){1,3}\*?
      | all\s+genders?
      | gn\*?
    )\s*[)\]]
    | (?<![\w/])[mwfdhx](?:\s*/\s*[mwfdhx]){1,3}(?![\w/])
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Gender-inclusive spellings: "Ingénieur·e", "Ingénieur(e)", "Entwickler*in", "Engineer:in".
_INCLUSIVE_DOT = re.compile(r"(?<=\w)[·•.](?:e|ne|le|se|euse|rice|trice)(?:[·•.]s)?\b", re.IGNORECASE)
_INCLUSIVE_BRACKET = re.compile(r"(?<=\w)\((?:e|ne|le|se|euse|rice|trice|in|innen)\)", re.IGNORECASE)
_INCLUSIVE_STAR = re.compile(r"(?<=\w)[*:_](?:in|innen)\b", re.IGNORECASE)
# Where a title's parts meet: "Recruiter, ML", "Data Scientist (Contract)", "AI Engineer - RAG".
_PART_BREAK = re.compile(r"[,;:|()\[\]]|\s[-–—]+\s|\s[-–—]+$")
_SLASH_GROUP = re.compile(r"[\w+#]+(?:\s*/\s*[\w+#]+)+")
_GLUED_OPS = re.compile(r"\b(ml|llm|ai|dev|data|model|sec|fin|gen)\s+(ops)\b")


def _clean(title: str) -> str:
    """The title without gender markers, NFKC (full-width brackets become ASCII ones)."""
    text = unicodedata.normalize("NFKC", title)
    text = _GENDER_MARKERS.sub(" ", text)
    text = _INCLUSIVE_DOT.sub("", text)
    text = _INCLUSIVE_BRACKET.sub("", text)
    return _INCLUSIVE_STAR.sub("", text)


def _parts(text: str) -> list[str]:
    return [part for part in _PART_BREAK.split(text) if part.strip()]


def _readings(text: str) -> list[str]:
    """The text plus its readings with slash alternatives ("ML/AI Engineer" -> "ML Engineer", "AI Engineer")."""
    readings = [text]
    for group in list(_SLASH_GROUP.finditer(text))[:2]:
        options = [part.strip() for part in group.group(0).split("/")]
        for reading in list(readings):
            for option in options:
                readings.append(reading.replace(group.group(0), option, 1))
    return readings


def _variants(text: str, *, expanded: bool) -> list[str]:
    """Folded readings of `text`, each also with glued "ops"; with `expanded`, abbreviations written out."""
    folded: list[str] = []
    for reading in _readings(text):
        base = expand_title(reading) if expanded else fold_for_match(reading)
        glued = _GLUED_OPS.sub(r"\1\2", base)
        for candidate in (base, glued):
            if candidate and candidate not in folded:
                folded.append(candidate)
    return folded[:_MAX_VARIANTS]


@dataclass(frozen=True)
class _CompiledRule:
    rule: PathRule | None  # None: an exclusion
    pattern: str
    regex: re.Pattern[str]
    folded: str
    # The longest literal word the pattern needs: a cheap substring check before the regex.
    anchor: str
    order: int
    expanded: bool  # the pattern's abbreviations written out


def _compile_pattern(pattern: str) -> tuple[re.Pattern[str], tuple[str, ...]] | None:
    wildcard_words = pattern.replace("*", " __star__ ").split()
    # Re-attach "*" to the word it followed ("scien*" -> token "scien" + wildcard).
    tokens: list[tuple[str, bool]] = []
    for word in wildcard_words:
        if word == "__star__":
            if tokens:
                tokens[-1] = (tokens[-1][0], True)
            continue
        for part in fold_for_match(word).split():
            tokens.append((part, False))
    if not tokens:
        return None
    pieces = [re.escape(token) + (r"[\w+#]*" if wildcard else "") for token, wildcard in tokens]
    # Words may be written apart or together ("machine learning" / "machinelearning").
    body = r" ?".join(pieces)
    return re.compile(rf"(?<![\w+#]){body}(?![\w+#])"), tuple(token for token, _ in tokens)


def _compiled_forms(rule: PathRule | None, pattern: str, order: int) -> list[_CompiledRule]:
    """The pattern as written and with its abbreviations written out (when that differs)."""
    literal = fold_for_match(pattern.replace("*", " "))
    forms: list[_CompiledRule] = []
    written_out = expand_title(pattern.replace("*", " __star__ ")).replace(" __star__", "*")
    for text, expanded in ((pattern, False), (written_out, True)):
        compiled = _compile_pattern(text)
        if compiled is None:
            continue
        regex, needs = compiled
        folded = literal if not expanded else fold_for_match(text.replace("*", " "))
        if expanded and any(form.folded == folded for form in forms):
            continue
        forms.append(_CompiledRule(rule, pattern, regex, folded, max(needs, key=len), order, expanded))
    return forms


@dataclass(frozen=True)
class _Hit:
    key: tuple
    end: int
    item: _CompiledRule


class Classifier:
    """Compiled rules and exclusions; `explain(title)` gives the outcome, `classify(title)` its path rule."""

    def __init__(self, compiled: list[_CompiledRule], exclusions: list[_CompiledRule] | None = None) -> None:
        self._compiled = compiled
        self._exclusions = exclusions or []
        self._rules = {item.order: item.rule for item in compiled}
        self._cache: dict[str, Classification] = {}

    @property
    def rules(self) -> list[PathRule]:
        return list(self._rules.values())

    @property
    def exclusions(self) -> list[str]:
        return list(dict.fromkeys(item.pattern for item in self._exclusions))

    def __len__(self) -> int:
        return len(self._rules)

    @staticmethod
    def _hits(text: str, items: list[_CompiledRule], variant_index: int, *, expanded: bool) -> dict[int, _Hit]:
        """Best hit per rule in one folded variant."""
        best: dict[int, _Hit] = {}
        for item in items:
            if item.expanded and not expanded:
                continue
            if item.anchor not in text:
                continue
            found = item.regex.search(text)
            if found is None:
                continue
            # Specificity is measured on the words the pattern covered in the title, so
            # "ML Ops engineer" and "MLOps engineer" both covering "mlops engineer" tie,
            # and the pattern spelled as the title is written wins the tie.
            matched = found.group(0)
            words = len(matched.split())
            chars = len(matched) - matched.count(" ")
            key = (-words, -chars, found.start(), matched != item.folded, variant_index, item.order)
            if item.order not in best or key < best[item.order].key:
                best[item.order] = _Hit(key, found.end(), item)
        return best

    def _decide(self, text: str) -> tuple[list[_Hit], Classification | None]:
        """Path hits (most specific first) of one part-prefix, or the exclusion that refuses it."""
        for expanded in (False, True):
            paths: dict[int, _Hit] = {}
            refusals: list[tuple[int, _Hit]] = []
            for variant_index, variant in enumerate(_variants(text, expanded=expanded)):
                for order, hit in self._hits(variant, self._compiled, variant_index, expanded=expanded).items():
                    if order not in paths or hit.key < paths[order].key:
                        paths[order] = hit
                refusals.extend(
                    (variant_index, hit)
                    for hit in self._hits(variant, self._exclusions, variant_index, expanded=expanded).values()
                )
            ranked = sorted(paths.values(), key=lambda hit: hit.key)
            if ranked:
                best = ranked[0]
                variant_of_best = best.key[4]
                # An exclusion ending at or after the best path pattern (in the same reading) refuses the title.
                against = [hit for index, hit in refusals if index == variant_of_best and hit.end >= best.end]
                if against:
                    return [], Classification(excluded_by=_last_ending(against).item.pattern)
                return ranked, None
            if refusals:
                return [], Classification(excluded_by=_last_ending([hit for _, hit in refusals]).item.pattern)
        return [], None

    def _run(self, title: str) -> tuple[list[_Hit], Classification]:
        parts = _parts(_clean(title))
        for end in range(1, len(parts) + 1):
            ranked, refusal = self._decide(" ".join(parts[:end]))
            if refusal is not None:
                return [], refusal
            if ranked:
                top = ranked[0].item.rule
                return ranked, Classification(rule=top)
        return [], NOTHING

    def explain(self, title: str) -> Classification:
        """The outcome for `title` (cached: the same titles come back on every sync)."""
        if not title or not (self._compiled or self._exclusions):
            return NOTHING
        cached = self._cache.get(title)
        if cached is not None:
            return cached
        result = self._run(title)[1]
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[title] = result
        return result

    def classify(self, title: str) -> PathRule | None:
        """The matching path rule, or None (no pattern matched, or an exclusion refused the title)."""
        return self.explain(title).rule

    def matches(self, title: str) -> list[PathRule]:
        """Every path rule matching the part of the title that decides, most specific first."""
        if not title or not self._compiled:
            return []
        ranked, _ = self._run(title)
        rules: list[PathRule] = []
        for hit in ranked:
            if hit.item.rule not in rules:
                rules.append(hit.item.rule)
        return rules


def _last_ending(hits: list[_Hit]) -> _Hit:
    return min(hits, key=lambda hit: (-hit.end, hit.key))


def compile_rules(rules: Iterable[tuple[str, str]], exclusions: Iterable[str] = ()) -> Classifier:
    """Compile (path_slug, pattern) pairs and exclusion patterns; blank and "#" comment lines are ignored.

    The same rules give the same classifier object, with the titles it already
    classified: a sync compiles the rules once per run, and most runs' rules and
    titles are the last run's.
    """
    return _compile(tuple(rules), tuple(exclusions))


@functools.lru_cache(maxsize=4)
def _compile(rules: tuple[tuple[str, str], ...], exclusions: tuple[str, ...]) -> Classifier:
    compiled: list[_CompiledRule] = []
    seen: set[tuple[str, str]] = set()
    order = 0
    for path_slug, pattern in rules:
        pattern = (pattern or "").strip()
        if not pattern or pattern.startswith("#") or not path_slug:
            continue
        key = (path_slug, fold_for_match(pattern))
        if key in seen:
            continue
        seen.add(key)
        forms = _compiled_forms(PathRule(path_slug, pattern), pattern, order)
        if forms:
            compiled.extend(forms)
            order += 1
    refusing: list[_CompiledRule] = []
    seen_exclusions: set[str] = set()
    for pattern in exclusions:
        pattern = (pattern or "").strip()
        folded = fold_for_match(pattern)
        if not pattern or pattern.startswith("#") or not folded or folded in seen_exclusions:
            continue
        seen_exclusions.add(folded)
        refusing.extend(_compiled_forms(None, pattern, len(seen_exclusions)))
    return Classifier(compiled, refusing)
