"""The query parser: a pure function from `q` and a vocabulary to text, filters and intents."""

from __future__ import annotations

import pytest

from search.understanding import (
    Place,
    Vocabulary,
    rewrite_compounds,
    understand,
    vocabulary_from_locations,
)

KNOWN = ["data", "scientist", "machine", "learning", "engineer", "analyst", "llm", "ai", "senior"]
VOCABULARY = vocabulary_from_locations(["Berlin, Germany", "London, UK", "New York, NY", "Remote - US"], KNOWN)


def found(q: str) -> set[tuple]:
    return {(u.field, u.value, u.text) for u in understand(q, VOCABULARY).understood}


def text(q: str) -> str:
    return understand(q, VOCABULARY).text


@pytest.mark.parametrize(
    ("q", "value", "words"),
    [
        ("remote llm engineer", "remote", "remote"),
        ("hybrid data analyst", "hybrid", "hybrid"),
        ("on-site ml engineer", "onsite", "on-site"),
        ("onsite ml engineer", "onsite", "onsite"),
        ("data scientist in office", "onsite", "in office"),
    ],
)
def test_workplace_words_become_a_filter(q, value, words):
    assert ("workplace", value, words) in found(q)
    assert words not in text(q)


def test_words_the_normaliser_reads_otherwise_are_left_alone():
    # "distributed" is a remote cue in feeds but a topic in a query; "office" alone says nothing.
    assert text("distributed systems engineer") == "distributed systems engineer"
    assert not found("office manager data") & {("workplace", "onsite", "office")}


@pytest.mark.parametrize(
    ("q", "level", "words", "rest"),
    [
        ("senior ml engineer", "senior", "senior", "ml engineer"),
        ("sr data scientist", "senior", "sr", "data scientist"),
        ("snr data analyst", "senior", "snr", "data analyst"),
        ("internship machine learning", "intern", "internship", "machine learning"),
        ("intern data analyst", "intern", "intern", "data analyst"),
        ("jr data engineer", "junior", "jr", "data engineer"),
        ("entry level data analyst", "junior", "entry level", "data analyst"),
        ("staff ml engineer", "lead", "staff", "ml engineer"),
        ("principal data scientist", "lead", "principal", "data scientist"),
        ("lead data engineer", "lead", "lead", "data engineer"),
        ("head of data", "manager", "head", "data"),
        ("director machine learning", "manager", "director", "machine learning"),
    ],
)
def test_seniority_words_become_a_filter(q, level, words, rest):
    understanding = understand(q, VOCABULARY)
    assert ("seniority", level, words) in found(q)
    assert understanding.text == rest


def test_seniority_follows_the_normalisers_precedence():
    assert ("seniority", "manager", "manager") in found("senior engineering manager")
    assert text("senior engineering manager") == "engineering"
    # The everyday title at AI labs is no level at all.
    assert not any(field == "seniority" for field, _, _ in found("member of technical staff"))


@pytest.mark.parametrize(
    ("q", "entry"),
    [
        ("data scientist in berlin", ("location", "Berlin", "in berlin")),
        ("london llm engineer", ("location", "London", "london")),
        ("ml jobs new york", ("location", "New York", "new york")),
        ("uk data analyst", ("country", "GB", "uk")),
        ("usa ml engineer", ("country", "US", "usa")),
        ("data engineer germany", ("country", "DE", "germany")),
    ],
)
def test_places_from_the_listings_vocabulary_become_filters(q, entry):
    assert entry in found(q)
    assert entry[2] not in text(q)


def test_places_that_are_abbreviations_mean_the_role():
    vocabulary = vocabulary_from_locations(["Berlin, DE"], KNOWN)
    assert "de" not in vocabulary.places and "ai" not in vocabulary.places
    assert vocabulary.places["germany"] == Place("country", "Germany", "DE")


@pytest.mark.parametrize(
    ("q", "amount", "currency"),
    [
        ("ml engineer over 150k", 150_000, None),
        ("data scientist 150k+", 150_000, None),
        ("$200k llm", 200_000, None),
        ("€80k data analyst", 80_000, "EUR"),
        ("£90k data engineer", 90_000, "GBP"),
        ("ml engineer 120,000 usd", 120_000, "USD"),
        ("at least 1.5m jpy", 1_500_000, "JPY"),
    ],
)
def test_pay_becomes_salary_min_and_a_named_currency(q, amount, currency):
    fields = {field: value for field, value, _ in found(q)}
    assert fields["salary_min"] == amount
    assert fields.get("currency") == currency
    assert not any(ch.isdigit() for ch in text(q))


@pytest.mark.parametrize("q", ["gpt 4 engineer", "top 10 data jobs", "web3 engineer", "python 3"])
def test_numbers_that_are_not_pay_stay_in_the_text(q):
    assert not any(field == "salary_min" for field, _, _ in found(q))


def test_intent_words_are_understood_and_never_need_to_match():
    assert ("intent", "jobs", "jobs") in found("remote llm jobs")
    assert ("intent", "salary", "salary") in found("ml engineer salary")
    assert ("intent", "salary", "salaries") in found("data scientist salaries")
    assert text("ml engineer salary") == "ml engineer"


def test_x_vs_y_names_both_sides_of_a_comparison():
    understanding = understand("ai engineer vs machine learning engineer", VOCABULARY)
    assert understanding.comparison == ("ai engineer", "machine learning engineer")
    assert ("intent", "compare", "versus") in found("llm versus ml engineer")
    assert understand("llm versus ml engineer", VOCABULARY).comparison == ("llm", "ml engineer")


def test_a_query_of_modifiers_only_leaves_no_text():
    assert understand("remote", VOCABULARY).text == ""
    assert understand("senior", VOCABULARY).text == ""
    assert understand("remote senior jobs in london", VOCABULARY).text == ""


def test_everything_at_once():
    understanding = understand("Senior remote LLM engineer jobs in Berlin over €120k", VOCABULARY)
    assert understanding.text == "llm engineer"
    assert {(u.field, u.value) for u in understanding.understood} == {
        ("seniority", "senior"),
        ("workplace", "remote"),
        ("intent", "jobs"),
        ("location", "Berlin"),
        ("salary_min", 120_000),
        ("currency", "EUR"),
    }


@pytest.mark.parametrize(
    ("typed", "split"),
    [
        ("datascientist", "data scientist"),
        ("machinelearning engineer", "machine learning engineer"),
        ("machinelearningengineer", "machine learning engineer"),
        ("data scientist", "data scientist"),
        ("llmengineer", "llm engineer"),
    ],
)
def test_run_together_words_are_split_into_known_words(typed, split):
    assert text(typed) == split


def test_unknown_or_short_words_are_not_split():
    assert rewrite_compounds(["kubernetes", "dbt"], frozenset(KNOWN)) == ["kubernetes", "dbt"]
    assert rewrite_compounds(["datascientist"], frozenset()) == ["datascientist"]


def test_the_parser_is_pure():
    vocabulary = Vocabulary()
    assert understand("remote llm", vocabulary) == understand("remote llm", vocabulary)
    assert understand("", vocabulary).text == "" and understand("", vocabulary).understood == ()
