"""Index names, analysis settings and index-time synonym expansion."""

from __future__ import annotations

import pytest

from search import indices
from search.indices import SynonymExpander


def test_alias_and_versions_carry_the_prefix(settings):
    settings.SEARCH_INDEX_PREFIX = "hub"
    assert indices.alias_name("jobs") == "hub-jobs"
    assert indices.next_alias_name("roles") == "hub-roles-next"
    first, second = indices.new_index_name("jobs"), indices.new_index_name("jobs")
    assert first.startswith("hub-jobs-v") and first != second
    assert second > first


def test_unknown_index_name_is_refused():
    with pytest.raises(ValueError, match="unknown index"):
        indices.alias_name("pages")


def test_analysis_folds_stems_and_applies_synonyms_at_search_time_only():
    analysis = indices.analysis_settings([["LLM", "Large Language Model"], ["Café", "coffee"]])["analysis"]
    rules = analysis["filter"]["editor_synonyms"]
    assert (rules["type"], rules["lenient"]) == ("synonym_graph", True)
    # The editors' groups first, then the abbreviation dictionary shared with classification.
    assert rules["synonyms"][:2] == ["llm, large language model", "cafe, coffee"]
    assert "mle, machine learning engineer" in rules["synonyms"]
    assert len(rules["synonyms"]) == len(set(rules["synonyms"]))
    index_chain = analysis["analyzer"]["text_en"]["filter"]
    search_chain = analysis["analyzer"]["text_en_search"]["filter"]
    assert "asciifolding" in index_chain and "english_stemmer" in index_chain
    assert "editor_synonyms" not in index_chain
    assert search_chain.index("editor_synonyms") < search_chain.index("english_stemmer")
    # The embedded engine matches everything with the possessive stemmer, so it is never used.
    assert all(f.get("language") != "possessive_english" for f in analysis["filter"].values())
    assert analysis["filter"]["autocomplete_ngrams"]["type"] == "edge_ngram"


def test_titles_have_a_run_together_words_analyzer():
    analysis = indices.analysis_settings([])["analysis"]
    shingles = analysis["filter"]["joined_words"]
    assert (shingles["type"], shingles["token_separator"], shingles["output_unigrams"]) == ("shingle", "", True)
    assert "joined_words" in analysis["analyzer"]["joined"]["filter"]
    assert "joined_words" not in analysis["analyzer"]["joined_search"]["filter"]
    mapping = indices.index_body("roles", [])["mappings"]["properties"]["title"]["fields"]["joined"]
    assert mapping == {"type": "text", "analyzer": "joined", "search_analyzer": "joined_search"}


def test_index_body_is_strict_and_has_the_autocomplete_and_exact_fields():
    body = indices.index_body("jobs", [])
    mappings = body["mappings"]
    assert mappings["dynamic"] == "strict"
    title = mappings["properties"]["title"]
    assert title["analyzer"] == "text_en" and title["search_analyzer"] == "text_en_search"
    assert title["fields"]["ac"]["analyzer"] == "autocomplete"
    assert mappings["properties"]["path_keys"] == {"type": "keyword", "normalizer": "folded"}
    assert mappings["properties"]["salary"] == {"type": "object", "enabled": False}
    roles = indices.index_body("roles", [])["mappings"]["properties"]
    assert roles["names"]["fields"]["exact"] == {"type": "keyword", "normalizer": "folded"}


def test_expander_finds_whole_words_and_phrases_in_either_direction():
    expander = SynonymExpander.from_groups([["LLM", "large language model"], ["AI", "artificial intelligence"]])
    assert expander.expand("Senior LLM Engineer") == ["LLM", "large language model"]
    assert expander.expand("Large Language Models in production") == ["LLM", "large language model"]
    assert expander.expand("Maintain the pipelines") == []  # "ai" inside a word is not AI
    assert expander.expand("Artificial-Intelligence lead") == ["AI", "artificial intelligence"]


def test_expander_folds_accents_and_plurals():
    expander = SynonymExpander.from_groups([["résumé", "CV"], ["LLM", "large language model"]])
    assert expander.expand("Send your resumes") == ["résumé", "CV"]
    assert expander.expand("Fine-tuning LLMs") == ["LLM", "large language model"]
    assert expander.expand("Glass") == []  # "ss" is not a plural


def test_words_keep_programming_language_names():
    assert indices.words("C++ and C# developers") == ["c++", "and", "c#", "developer"]
