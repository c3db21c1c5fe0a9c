"""Title -> career path, from the title patterns editors keep on each path page.

Patterns and titles are compared after folding (case, accents, width) and
turning punctuation into spaces, so "Machine-Learning Engineer" matches the
pattern "machine learning engineer" and "Ingénieur IA" matches "ingenieur ia".
A pattern matches whole words only. A `*` at the end of a pattern word matches
any ending ("scien*"). Slash alternatives in a title are tried one by one
("ML/AI Engineer" is also read as "ML Engineer" and "AI Engineer"), and
"ML Ops" is also read as "MLOps".

When several patterns match, the most specific wins: the one covering the
most words of the title, then the most characters, then the one found
earliest, then the one spelled as the title writes it, then the rule listed
first. So "RAG Engineer" beats "Engineer", and "MLOps Engineer" never matches
"ML Engineer" at all.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_CACHE_SIZE = 4096
_MAX_VARIANTS = 8


@dataclass(frozen=True)
class PathRule:
    path_slug: str
    pattern: str


def fold_for_match(text: str) -> str:
    """Lower case, no accents, "&" as "and", punctuation as single spaces ("+" and "#" kept for C++/C#)."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    stripped = stripped.replace("&", " and ")
    return " ".join(re.sub(r"[^\w+#]+", " ", stripped).split())


def _variants(title: str) -> list[str]:
    """The folded title plus its readings with slash alternatives and glued "ops"."""
    decomposed = unicodedata.normalize("NFKD", title)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    # Gender-inclusive spellings: "Ingénieur·e", "Ingénieur(e)", "Entwickler*in", "Engineer:in".
    base = re.sub(r"(?<=\w)[·•.](?:e|ne|le|se|euse|rice|trice)(?:[·•.]s)?\b", "", base)
    base = re.sub(r"(?<=\w)\((?:e|ne|le|se|euse|rice|trice|in|innen)\)", "", base)
    base = re.sub(r"(?<=\w)[*:_](?:in|innen)\b", "", base)
    readings = [base]
    groups = list(re.finditer(r"[\w+#]+(?:\s*/\s*[\w+#]+)+", base))
    for group in groups[:2]:
        options = [part.strip() for part in group.group(0).split("/")]
        for reading in list(readings):
            for option in options:
                readings.append(reading.replace(group.group(0), option, 1))
    folded: list[str] = []
    for reading in readings:
        text = fold_for_match(reading)
        glued = re.sub(r"\b(ml|llm|ai|dev|data|model|sec|fin|gen)\s+(ops)\b", r"\1\2", text)
        for candidate in (text, glued):
            if candidate and candidate not in folded:
                folded.append(candidate)
    return folded[:_MAX_VARIANTS]


@dataclass(frozen=True)
class _CompiledRule:
    rule: PathRule
    regex: re.Pattern[str]
    folded: str
    order: int


def _compile_pattern(pattern: str) -> re.Pattern[str] | None:
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
    regex = re.compile(rf"(?<![\w+#]){body}(?![\w+#])")
    return regex


class Classifier:
    """Compiled rules; `classify(title)` gives the most specific matching rule or None."""

    def __init__(self, compiled: list[_CompiledRule]) -> None:
        self._compiled = compiled
        self._cache: dict[str, PathRule | None] = {}

    @property
    def rules(self) -> list[PathRule]:
        return [item.rule for item in self._compiled]

    def __len__(self) -> int:
        return len(self._compiled)

    def matches(self, title: str) -> list[PathRule]:
        """Every matching rule, most specific first."""
        if not title or not self._compiled:
            return []
        best: dict[int, tuple] = {}
        for variant_index, text in enumerate(_variants(title)):
            for item in self._compiled:
                found = item.regex.search(text)
                if found is None:
                    continue
                # Specificity is measured on the words the pattern covered in the title, so
                # "ML Ops engineer" and "MLOps engineer" both covering "mlops engineer" tie,
                # and the pattern spelled as the title is written wins the tie.
                matched = found.group(0)
                words = len(matched.split())
                chars = len(matched) - matched.count(" ")
                inexact = matched != item.folded
                key = (-words, -chars, found.start(), inexact, variant_index, item.order)
                if item.order not in best or key < best[item.order]:
                    best[item.order] = key
        ranked = sorted(best.items(), key=lambda entry: entry[1])
        return [self._compiled[order].rule for order, _ in ranked]

    def classify(self, title: str) -> PathRule | None:
        if title in self._cache:
            return self._cache[title]
        found = self.matches(title)
        result = found[0] if found else None
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[title] = result
        return result


def compile_rules(rules: Iterable[tuple[str, str]]) -> Classifier:
    """Compile (path_slug, pattern) pairs; blank patterns and "#" comment lines are ignored."""
    compiled: list[_CompiledRule] = []
    seen: set[tuple[str, str]] = set()
    for path_slug, pattern in rules:
        pattern = (pattern or "").strip()
        if not pattern or pattern.startswith("#") or not path_slug:
            continue
        key = (path_slug, fold_for_match(pattern))
        if key in seen:
            continue
        seen.add(key)
        regex = _compile_pattern(pattern)
        if regex is None:
            continue
        rule = PathRule(path_slug, pattern)
        compiled.append(_CompiledRule(rule=rule, regex=regex, folded=key[1], order=len(compiled)))
    return Classifier(compiled)
