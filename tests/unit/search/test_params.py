"""Query strings become a validated SearchRequest through the API's schema, or a message in the shared dialect."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from ninja.errors import ValidationError

from config.params import error_message
from search.api import parse_search_params
from search.models import Synonym


def parse(query: str):
    return parse_search_params(QueryDict(query))


def test_defaults():
    request = parse("")
    assert (request.q, request.type, request.page, request.size) == ("", "all", 1, 20)
    assert (request.country, request.salary_min, request.understand) == ((), None, True)


def test_values_are_normalised_and_lists_are_repeated_parameters():
    request = parse("q=%20LLM%0A%20engineer&country=gb&country=DE&country=gb&workplace=remote&currency=eur&size=50")
    assert request.q == "LLM engineer"
    assert request.country == ("GB", "DE")
    assert request.workplace == ("remote",)
    assert request.currency == ("EUR",)
    assert request.size == 50


def test_a_whole_salary_min_stays_a_whole_number():
    assert parse("salary_min=120000").salary_min == 120_000
    assert isinstance(parse("salary_min=120000.0").salary_min, int)
    assert parse("salary_min=99999.5").salary_min == 99_999.5


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("type=people", "type: must be one of all, role, comparison or job"),
        ("workplace=moon", "workplace.0: must be one of remote, hybrid, onsite or unspecified"),
        ("seniority=ceo", "seniority.0: must be one of"),
        ("employment_type=gig", "employment_type.0: must be one of"),
        ("workplace=remote,hybrid", "workplace.0: must be one of"),
        ("country=GBR", "country.0: must match ^[A-Za-z]{2}$"),
        ("country=gb,de", "country.0: must match"),
        ("currency=EURO", "currency.0: must match ^[A-Za-z]{3}$"),
        ("posted_within=2w", "posted_within: must be one of 1d, 7d, 30d or 90d"),
        ("size=51", "size: must be at most 50"),
        ("size=0", "size: must be at least 1"),
        ("page=abc", "page: must be a whole number"),
        ("page=-1", "page: must be at least 1"),
        ("page=201", "page: must be at most 200"),
        ("salary_min=lots", "salary_min: must be a number"),
        ("salary_min=-1", "salary_min: must be at least 0"),
        ("salary_min=inf", "salary_min: must be"),
        ("salary_min=nan", "salary_min: must be"),
        ("q=" + "x" * 201, "q: must be at most 200 characters"),
        ("path=Not%20A%20Slug", "path.0: must match"),
        ("understand=yes", "understand: must be one of 0 or 1"),
    ],
)
def test_bad_input_is_refused_with_a_message(query, message):
    with pytest.raises(ValidationError) as caught:
        parse(query)
    assert error_message(caught.value.errors[0]).startswith(message)


def test_every_page_lies_within_the_engine_window():
    from search import api, queries

    assert api.MAX_PAGE * queries.MAX_SIZE <= queries.MAX_WINDOW
    assert parse("page=200&size=50").page == 200


def test_salary_min_with_several_currencies_is_read_in_the_first(settings):
    from search.selectors import understood_request

    request = understood_request(parse("salary_min=100000&currency=EUR&currency=USD&understand=0"))
    assert (request.pay_currency, request.currency) == ("EUR", ("EUR", "USD"))


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
