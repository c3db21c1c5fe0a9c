"""The one text-folding function: how classification, normalisation, de-duplication and search compare text.

Folding makes two spellings of the same words equal: lower case (Unicode
case folding), no accents ("Ingénieur" -> "ingenieur"), and compatibility
forms unified (full-width letters, ligatures). Callers choose how much of the
text's shape survives:

- `fold(text)`: only case and accents change (offsets of ASCII text are kept);
- `fold(text, spaces=True)`: runs of whitespace also become single spaces;
- `fold(text, words=True)`: punctuation also becomes spaces, leaving words
  separated by single spaces; `keep` names punctuation that stays part of a
  word ("+#" keeps "C++" and "C#").
"""

from __future__ import annotations

import functools
import re
import unicodedata


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=64)
def _non_word(keep: str) -> re.Pattern[str]:
    return re.compile(rf"[^\w{re.escape(keep)}]+" if keep else r"[^\w]+")


def fold(text: str, *, spaces: bool = False, words: bool = False, keep: str = "") -> str:
    """`text` folded for matching only (never for display); see the module docstring for the options."""
    # ASCII text (most titles and descriptions) has no accents to strip.
    folded = text.casefold() if text.isascii() else _strip_accents(text).casefold()
    if words:
        return " ".join(_non_word(keep).sub(" ", folded).split())
    if spaces:
        return " ".join(folded.split())
    return folded
