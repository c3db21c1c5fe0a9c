"""Query strings become a validated SearchRequest, or a 400 message."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from search.api import BadRequest, parse_search_params
from search.models import Synonym


def parse(query: str):
    return parse_search_params(QueryDict(query))


def test_defaults():
    request = parse("")
    assert (request.q, request.type, request.page, request.size) == ("", "all", 1, 20)


def test_values_are_normalised_and_lists_accept_commas_and_repeats():
    request = parse("q=%20LLM%0A%20engineer&country=gb,de&country=FR&workplace=Remote&currency=eur&size=50")
    assert request.q == "LLM engineer"
    assert request.country == ("GB", "DE", "FR")
    assert request.workplace == ("remote",)
    assert request.currency == ("EUR",)
    assert request.size == 50


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("qq=llm", "unknown parameter 'qq'"),
        ("type=people", "unknown type 'people'"),
        ("workplace=moon", "unknown workplace 'moon'"),
        ("seniority=ceo", "unknown seniority 'ceo'"),
        ("employment_type=gig", "unknown employment_type 'gig'"),
        ("country=GBR", "not an ISO 3166"),
        ("currency=EURO", "not an ISO 4217"),
        ("posted_within=2w", "unknown posted_within"),
        ("size=51", "'size' must be between 1 and 50"),
        ("size=0", "'size' must be between 1 and 50"),
        ("page=abc", "'page' must be a whole number"),
        ("page=-1", "'page' must be a whole number"),
        ("salary_min=lots", "'salary_min' must be a whole number"),
        ("page=300&size=50", "may not exceed"),
        ("size=10&size=20", "'size' takes one value"),
        ("q=a&q=b", "'q' takes one value"),
        ("q=" + "x" * 201, "longer than 200"),
        ("path=Not%20A%20Slug", "unknown path"),
        ("understand=yes", "'understand' must be 0 or 1"),
        ("salary_min=100000&currency=USD,EUR", "within one currency"),
    ],
)
def test_bad_input_is_refused_with_a_message(query, message):
    with pytest.raises(BadRequest, match=message):
        parse(query)


def test_understanding_is_on_unless_turned_off_and_comparisons_are_a_type():
    assert parse("q=remote").understand is True
    assert parse("q=remote&understand=0").understand is False
    assert parse("type=comparison").type == "comparison"


def test_salary_min_is_read_in_the_reference_currency_unless_one_is_named(settings):
    from search.selectors import understood_request

    settings.MARKET_REFERENCE_CURRENCY = "EUR"
    assert understood_request(parse("salary_min=100000&understand=0")).pay_currency == "EUR"
    assert understood_request(parse("salary_min=100000&currency=gbp&understand=0")).pay_currency == "GBP"


def test_a_query_of_exactly_200_characters_is_fine():
    assert len(parse("q=" + "x" * 200).q) == 200


def test_synonym_terms_are_split_stripped_and_deduplicated():
    synonym = Synonym(terms=" LLM ,large  language model, llm,")
    assert synonym.term_list() == ["LLM", "large language model"]


def test_a_synonym_needs_two_plain_terms():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="at least two"):
        Synonym(terms="LLM").clean()
    with pytest.raises(ValidationError, match="simple punctuation"):
        Synonym(terms="LLM, <script>").clean()
    Synonym(terms="C++, C plus plus").clean()


def test_explicit_parameters_win_over_q_and_the_entry_says_so():
    from search.selectors import understood_request
    from search.understanding import Vocabulary

    request = understood_request(parse("q=remote+sr+llm&workplace=onsite"), Vocabulary())
    workplace, seniority = request.understood
    assert (workplace.field, workplace.applied) == ("workplace", False) and "workplace=onsite" in workplace.note
    assert (seniority.field, seniority.value, seniority.applied) == ("seniority", "senior", True)
    assert (request.workplace, request.seniority, request.text) == (("onsite",), ("senior",), "llm")
