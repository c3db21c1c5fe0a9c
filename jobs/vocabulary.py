"""The words people abbreviate in job titles and search queries, in one place.

Classification (reading "Sr. MLE" as "senior machine learning engineer") and
search (query expansion and the synonym rules of the index) both read this
table, so a new abbreviation is added here once and both understand it.

Keys and values are folded (lower case, no accents, punctuation as spaces).
An abbreviation expands to one phrase; a phrase of several words replaces the
abbreviation as a whole ("ml" -> "machine learning").
"""

from __future__ import annotations

import re
import unicodedata

from .text import fold

# Abbreviation -> what it stands for. Role words ("mle") expand to the full
# role; modifier words ("sr") to the word the seniority rules know.
ABBREVIATIONS: dict[str, str] = {
    # roles
    "mle": "machine learning engineer",
    "mles": "machine learning engineers",
    "swe": "software engineer",
    "sde": "software engineer",
    "ds": "data scientist",
    "de": "data engineer",
    "da": "data analyst",
    "ae": "analytics engineer",
    "rs": "research scientist",
    "mts": "member of technical staff",
    # fields
    "ml": "machine learning",
    "ai": "artificial intelligence",
    "genai": "generative ai",
    "gen ai": "generative ai",
    "llm": "large language model",
    "llms": "large language models",
    "nlp": "natural language processing",
    "cv": "computer vision",
    "rl": "reinforcement learning",
    "dl": "deep learning",
    "rag": "retrieval augmented generation",
    "bi": "business intelligence",
    # title words
    "eng": "engineer",
    "engr": "engineer",
    "sci": "scientist",
    "dev": "developer",
    "mgr": "manager",
    "assoc": "associate",
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "jnr": "junior",
    "vp": "vice president",
    "princ": "principal",
    "sw": "software",
}

# Abbreviations too ambiguous to expand inside running text (descriptions,
# free queries): "de" is German/French/Spanish for "of", "cv" a résumé, "ai"
# and "ml" are better matched as they are. Titles and query terms still expand them.
TITLE_ONLY = frozenset({"de", "da", "ds", "cv", "ae", "rs", "dev", "ai", "sci", "assoc"})


# In titles, these are abbreviations only when written in capitals ("Senior DE",
# "Sr. DS"): lower case they are words ("Ingeniero de Datos", "Analista da ...").
CAPITALS_ONLY_IN_TITLES = frozenset({"de", "da", "ds", "rs", "mts"})
# Never expanded in titles: "AE" there is nearly always an account executive.
NOT_IN_TITLES = frozenset({"ae"})

_TITLE_WORD = re.compile(r"[\w+#]+")


def expand_title(title: str) -> str:
    """A job title's words folded and with abbreviations written out ("Sr. DS" -> "senior data scientist").

    Unlike `expand_abbreviations`, it reads the title as written, so that the
    words of `CAPITALS_ONLY_IN_TITLES` expand only in capitals. "&" reads as "and".
    """
    # NFC first: a decomposed accent would split a word in two.
    words = _TITLE_WORD.findall(unicodedata.normalize("NFC", title.replace("&", " and ")))
    out: list[str] = []
    index = 0
    while index < len(words):
        pair = fold(f"{words[index]} {words[index + 1]}") if index + 1 < len(words) else ""
        if pair in ABBREVIATIONS:
            out.extend(_expand_again(ABBREVIATIONS[pair]))
            index += 2
            continue
        word = words[index]
        key = fold(word, words=True)
        if key in ABBREVIATIONS and key not in NOT_IN_TITLES and (key not in CAPITALS_ONLY_IN_TITLES or word.isupper()):
            out.extend(_expand_again(ABBREVIATIONS[key]))
        else:
            out.append(key)
        index += 1
    return " ".join(out)


def _expand_again(expansion: str) -> list[str]:
    """Abbreviations inside an expansion, written out too ("genai" -> "generative ai" -> "... intelligence")."""
    words: list[str] = []
    for word in expansion.split():
        words.extend(ABBREVIATIONS[word].split() if word in ABBREVIATIONS else [word])
    return words


def expand_abbreviations(folded: str) -> str:
    """`folded` text with each abbreviation word replaced by its expansion ("sr mle" -> "senior machine ...")."""
    words = folded.split()
    out: list[str] = []
    index = 0
    while index < len(words):
        pair = " ".join(words[index : index + 2])
        if len(words) - index >= 2 and pair in ABBREVIATIONS:
            out.append(ABBREVIATIONS[pair])
            index += 2
            continue
        out.append(ABBREVIATIONS.get(words[index], words[index]))
        index += 1
    return " ".join(out)


def synonym_rules() -> list[str]:
    """Solr-format equivalence rules for the search index ("mle, machine learning engineer")."""
    return [f"{short}, {long}" for short, long in ABBREVIATIONS.items()]
