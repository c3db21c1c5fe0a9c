"""The one module that knows index names, analysis and aliases.

Each logical index (`roles`, `jobs`) is a versioned concrete index
`<SEARCH_INDEX_PREFIX>-<name>-<version>` behind the alias
`<SEARCH_INDEX_PREFIX>-<name>`. Searches and incremental writes go through the
alias. While a rebuild loads a new version, the second alias
`<SEARCH_INDEX_PREFIX>-<name>-next` points at it, so that incremental writes
reach both versions and nothing written during the rebuild is lost.

Synonyms are applied twice, on purpose: as a `synonym_graph` filter in the
search analyzer (what Elasticsearch uses), and as an extra `synonyms` field
filled in at index time from the same rules, because the embedded engine
ignores synonym filters. Either way a change to the rules needs a rebuild.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from elasticsearch import Elasticsearch, NotFoundError

from jobs.text import fold

ROLES = "roles"
JOBS = "jobs"
INDEX_NAMES = (ROLES, JOBS)

# Analyzer names the document mappings refer to.
TEXT_ANALYZER = "text_en"
TEXT_SEARCH_ANALYZER = "text_en_search"
AUTOCOMPLETE_ANALYZER = "autocomplete"
AUTOCOMPLETE_SEARCH_ANALYZER = "autocomplete_search"
JOINED_ANALYZER = "joined"
JOINED_SEARCH_ANALYZER = "joined_search"
FOLDED_NORMALIZER = "folded"


def alias_name(name: str) -> str:
    """The alias searches and writes use, e.g. `careershub-jobs`."""
    _check(name)
    return f"{settings.SEARCH_INDEX_PREFIX}-{name}"


def next_alias_name(name: str) -> str:
    """The alias that points at the version a running rebuild is loading."""
    return f"{alias_name(name)}-next"


def new_index_name(name: str) -> str:
    """A fresh concrete index name; versions sort by creation time."""
    return f"{alias_name(name)}-v{time.time_ns()}"


def _version_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(alias_name(name))}-v\d+$")


def _check(name: str) -> None:
    if name not in INDEX_NAMES:
        raise ValueError(f"unknown index {name!r}; expected one of {', '.join(INDEX_NAMES)}")


# Analysis ---------------------------------------------------------------------------------


def synonym_rules(groups: Iterable[list[str]]) -> list[str]:
    """Solr-format equivalence rules ("llm, large language model"), folded like the analyzer folds."""
    rules = []
    for group in groups:
        terms = [fold(term, spaces=True) for term in group if fold(term, spaces=True)]
        if len(terms) >= 2:
            rules.append(", ".join(dict.fromkeys(terms)))
    return rules


def analysis_settings(groups: Iterable[list[str]]) -> dict:
    """Analyzers: English stemming, ASCII folding, synonyms at search time, edge n-grams for autocomplete,
    and run-together word pairs ("datascientist") for the `joined` title sub-field.

    The synonyms are the editors' groups and the abbreviation dictionary that
    classification shares (`jobs.vocabulary`). The embedded engine ignores the
    synonym filter and indexes no shingles; there, the same recall comes from
    the query side (`search.understanding`: compounds split, abbreviations
    spelt out) and from synonyms indexed with each document. What differs:
    Elasticsearch also joins words the parser's vocabulary does not know.
    The possessive stemmer is left out: the embedded engine mis-handles it.
    """
    from jobs.vocabulary import synonym_rules as abbreviation_rules

    rules = list(dict.fromkeys([*synonym_rules(groups), *abbreviation_rules()]))
    search_filters = ["lowercase", "asciifolding"]
    filters: dict = {
        "english_stop": {"type": "stop", "stopwords": "_english_"},
        "english_stemmer": {"type": "stemmer", "language": "english"},
        "autocomplete_ngrams": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20},
        "joined_words": {
            "type": "shingle",
            "min_shingle_size": 2,
            "max_shingle_size": 3,
            "output_unigrams": True,
            "token_separator": "",
        },
    }
    if rules:
        filters["editor_synonyms"] = {"type": "synonym_graph", "synonyms": rules, "lenient": True}
        search_filters.append("editor_synonyms")
    return {
        "analysis": {
            "normalizer": {FOLDED_NORMALIZER: {"type": "custom", "filter": ["lowercase", "asciifolding"]}},
            "filter": filters,
            "analyzer": {
                TEXT_ANALYZER: {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "asciifolding", "english_stop", "english_stemmer"],
                },
                TEXT_SEARCH_ANALYZER: {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": [*search_filters, "english_stop", "english_stemmer"],
                },
                AUTOCOMPLETE_ANALYZER: {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "asciifolding", "autocomplete_ngrams"],
                },
                AUTOCOMPLETE_SEARCH_ANALYZER: {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "asciifolding"],
                },
                JOINED_ANALYZER: {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "asciifolding", "joined_words"],
                },
                JOINED_SEARCH_ANALYZER: {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "asciifolding"],
                },
            },
        }
    }


_WORD_RE = re.compile(r"[a-z0-9]+(?:[+#][a-z0-9+#]*)?")


def words(text: str) -> list[str]:
    """The words of `text` after folding, with a plural 's' removed so that 'LLMs' matches 'LLM'."""
    result = []
    for word in _WORD_RE.findall(fold(text)):
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        result.append(word)
    return result


@dataclass(frozen=True)
class SynonymExpander:
    """Finds which synonym groups a text mentions, to index the other terms of each group with it."""

    groups: tuple[tuple[str, ...], ...]
    # Each group's terms as word lists, and the first words to look for (computed once, used per document).
    phrases: tuple[tuple[tuple[str, ...], ...], ...] = ()
    first_words: frozenset[str] = frozenset()

    @classmethod
    def from_groups(cls, groups: Iterable[list[str]]) -> SynonymExpander:
        kept = tuple(tuple(group) for group in groups if len(group) >= 2)
        phrases = tuple(tuple(tuple(words(term)) for term in group) for group in kept)
        first = frozenset(phrase[0] for group in phrases for phrase in group if phrase)
        return cls(kept, phrases, first)

    def expand(self, *texts: str) -> list[str]:
        """The terms of every group that any of `texts` mentions (whole words), in group order."""
        token_lists = [words(text) for text in texts if text]
        present = {token for tokens in token_lists for token in tokens} & self.first_words
        found: list[str] = []
        if not present:
            return found
        for group, phrases in zip(self.groups, self.phrases, strict=True):
            candidates = [phrase for phrase in phrases if phrase and phrase[0] in present]
            if any(_contains(tokens, list(phrase)) for phrase in candidates for tokens in token_lists):
                found.extend(term for term in group if term not in found)
        return found


def _contains(tokens: list[str], phrase: list[str]) -> bool:
    if not phrase:
        return False
    n = len(phrase)
    return any(tokens[i : i + n] == phrase for i in range(len(tokens) - n + 1))


# Index lifecycle ------------------------------------------------------------------------------


def index_body(name: str, groups: Iterable[list[str]]) -> dict:
    """Settings and mappings of a new version of index `name`."""
    from .documents import document_class

    mapping = document_class(name)._doc_type.mapping.to_dict()
    mapping["dynamic"] = "strict"
    index_settings = {"number_of_shards": 1, "number_of_replicas": 0, **analysis_settings(groups)}
    return {"settings": index_settings, "mappings": mapping}


def create_version(client: Elasticsearch, name: str, groups: Iterable[list[str]]) -> str:
    """Create a new, empty version of index `name` (not yet behind the alias) and return its name."""
    index = new_index_name(name)
    body = index_body(name, groups)
    client.indices.create(index=index, settings=body["settings"], mappings=body["mappings"])
    return index


def live_index(client: Elasticsearch, name: str) -> str | None:
    """The concrete index behind the alias, or None when there is none yet."""
    return _alias_target(client, alias_name(name))


def loading_index(client: Elasticsearch, name: str) -> str | None:
    """The version a running rebuild is loading, or None."""
    return _alias_target(client, next_alias_name(name))


def _alias_target(client: Elasticsearch, alias: str) -> str | None:
    try:
        targets = list(client.indices.get_alias(name=alias).body)
    except NotFoundError:
        return None
    return sorted(targets)[-1] if targets else None


def mark_loading(client: Elasticsearch, name: str, index: str) -> None:
    """Point the `-next` alias at `index`, so incremental writes reach it too while it loads."""
    actions: list[dict] = [{"add": {"index": index, "alias": next_alias_name(name)}}]
    previous = loading_index(client, name)
    if previous and previous != index:
        actions.insert(0, {"remove": {"index": previous, "alias": next_alias_name(name)}})
    client.indices.update_aliases(actions=actions)


def unmark_loading(client: Elasticsearch, name: str, index: str) -> None:
    with contextlib.suppress(NotFoundError):
        client.indices.update_aliases(actions=[{"remove": {"index": index, "alias": next_alias_name(name)}}])


def swap_alias(client: Elasticsearch, name: str, index: str) -> str | None:
    """Atomically point the alias at `index` (and drop the `-next` marker); return the old index."""
    old = live_index(client, name)
    actions: list[dict] = []
    if old and old != index:
        actions.append({"remove": {"index": old, "alias": alias_name(name)}})
    actions.append({"add": {"index": index, "alias": alias_name(name)}})
    if loading_index(client, name) == index:
        actions.append({"remove": {"index": index, "alias": next_alias_name(name)}})
    client.indices.update_aliases(actions=actions)
    return old if old != index else None


def ensure_live(client: Elasticsearch, name: str, groups: Iterable[list[str]]) -> str:
    """The live index of `name`, creating an empty version behind the alias if there is none."""
    index = live_index(client, name)
    if index:
        return index
    index = create_version(client, name, groups)
    swap_alias(client, name, index)
    return index


def stale_versions(client: Elasticsearch, name: str) -> list[str]:
    """Versions of `name` that neither the alias nor a running rebuild uses."""
    pattern = _version_pattern(name)
    try:
        existing = [index for index in client.indices.get(index=f"{alias_name(name)}-v*").body if pattern.match(index)]
    except NotFoundError:
        return []
    in_use = {live_index(client, name), loading_index(client, name)}
    return sorted(index for index in existing if index not in in_use)


def delete_indices(client: Elasticsearch, indices: Iterable[str]) -> None:
    for index in indices:
        with contextlib.suppress(NotFoundError):
            client.indices.delete(index=index)


def delete_all(client: Elasticsearch) -> None:
    """Remove every version of every index of this prefix (tests and resets)."""
    for name in INDEX_NAMES:
        indices = set(stale_versions(client, name))
        indices.update(filter(None, [live_index(client, name), loading_index(client, name)]))
        delete_indices(client, indices)
