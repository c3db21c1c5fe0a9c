"""The one dialect for API input: typed query parameters, validated by ninja, explained in plain words.

Every endpoint declares its query parameters as a ninja `Schema` (or typed
arguments) built from the types here, so the OpenAPI schema states each
parameter's real type, bounds and enum values, and ninja's validation rejects
bad input. `config.api` turns validation errors into a 400 whose message says
what is wrong ("page: must be at least 1"), and `reject_unknown_parameters`,
applied to every operation, makes an undeclared or repeated parameter a 400 too.

Enums come from the models' `TextChoices`, so the API accepts exactly the
values the database stores.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Annotated

from django.http import HttpRequest, JsonResponse
from ninja import Schema
from ninja.errors import ValidationError
from pydantic import AfterValidator, BeforeValidator, Field

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
MAX_PAGE = 10_000
MAX_AMOUNT = 100_000_000


def _upper(value: str) -> str:
    return value.upper()


PageNumber = Annotated[int, Field(ge=1, le=MAX_PAGE, description="Page number, from 1.")]
PageSize = Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE, description=f"Items per page, 1 to {MAX_PAGE_SIZE}.")]
Amount = Annotated[
    float,
    Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False, description="An amount of money, at least 0 (no inf or nan)."),
]
CountryCode = Annotated[
    str,
    Field(pattern=r"^[A-Za-z]{2}$", description="An ISO 3166-1 alpha-2 country code, such as US."),
    AfterValidator(_upper),
]
CurrencyCode = Annotated[
    str,
    Field(pattern=r"^[A-Za-z]{3}$", description="An ISO 4217 currency code, such as USD."),
    AfterValidator(_upper),
]
def _iso_text(value: object) -> object:
    # Pydantic would also read numbers as Unix timestamps; the schema promises ISO 8601 text.
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError("must be an ISO 8601 date or date-time, such as 2026-01-31")
    return value


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$")
IsoDateTime = Annotated[
    datetime,
    Field(description="An ISO 8601 date or date-time; a date means its midnight, UTC."),
    BeforeValidator(_iso_text),
]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,99}$", max_length=100)]


class PageParams(Schema):
    page: PageNumber = 1
    size: PageSize = DEFAULT_PAGE_SIZE


def _declared_query(operation) -> tuple[set[str], set[str]]:
    """(every declared query parameter, the ones that take several values) of a ninja operation."""
    names: set[str] = set()
    lists: set[str] = set()
    for model in operation.models:
        if getattr(model, "__ninja_param_source__", None) != "query":
            continue
        names.update(getattr(model, "__ninja_flatten_map__", {}) or model.model_fields)
        lists.update(getattr(model, "__ninja_collection_fields__", []))
    return names, lists


def _bad_request(detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=400)


def reject_unknown_parameters(run: Callable) -> Callable:
    """A ninja view decorator: an undeclared query parameter, or a single-valued one given twice, is a 400."""
    operation = run.__self__
    declared, lists = _declared_query(operation)
    expected = ", ".join(sorted(declared)) or "none"

    @wraps(run)
    def checked(request: HttpRequest, *args, **kwargs):
        unknown = sorted(set(request.GET) - declared)
        if unknown:
            return _bad_request(f"{unknown[0]}: unknown query parameter (expected: {expected})")
        repeated = sorted(name for name in request.GET if name not in lists and len(request.GET.getlist(name)) > 1)
        if repeated:
            return _bad_request(f"{repeated[0]}: give the parameter once")
        return run(request, *args, **kwargs)

    return checked


def flat_loc(model: type, loc: tuple) -> tuple:
    """A pydantic error location inside a `Query[Schema]` argument, as the parameter's own name.

    Ninja maps a location that is exactly a field ("params", "page") to its parameter ("page"), but not
    one inside it, such as an item of a list ("params", "country", 1); the longest mapped prefix is used.
    """
    reverse = getattr(model, "__ninja_flatten_map_reverse__", None) or {}
    for end in range(len(loc), 0, -1):
        if loc[:end] in reverse:
            return (*reverse[loc[:end]], *loc[end:])
    return loc


def validation_error(error_contexts: list) -> ValidationError:
    """Ninja's ValidationError of failed parameter models, each location named by its parameter."""
    errors = []
    for context in error_contexts:
        model = context.model
        for error in context.pydantic_validation_error.errors(include_url=False):
            error["loc"] = (model.__ninja_param_source__, *flat_loc(model, tuple(error["loc"])))
            error.pop("input", None)
            if isinstance((error.get("ctx") or {}).get("error"), Exception):
                error["ctx"]["error"] = str(error["ctx"]["error"])
            errors.append(dict(error))
    return ValidationError(errors)


def _expected(ctx: dict) -> str:
    raw = str(ctx.get("expected", ""))
    return raw.replace("'", "")


def error_message(error: dict) -> str:
    """One validation error of pydantic as "name: what is wrong", in words a client can act on."""
    loc = tuple(error.get("loc", ()))
    if loc and loc[0] in ("query", "path", "body"):
        loc = loc[1:]  # the source, not a name (a parameter may itself be called "path")
    where = ".".join(str(part) for part in loc)
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "greater_than_equal":
        text = f"must be at least {ctx.get('ge')}"
    elif kind == "greater_than":
        text = f"must be more than {ctx.get('gt')}"
    elif kind == "less_than_equal":
        text = f"must be at most {ctx.get('le')}"
    elif kind == "less_than":
        text = f"must be less than {ctx.get('lt')}"
    elif kind in ("int_parsing", "int_from_float"):
        text = "must be a whole number"
    elif kind == "float_parsing":
        text = "must be a number"
    elif kind == "finite_number":
        text = "must be a finite number"
    elif kind in ("enum", "literal_error"):
        text = f"must be one of {_expected(ctx)}"
    elif kind == "string_pattern_mismatch":
        text = f"must match {ctx.get('pattern')}"
    elif kind == "string_too_long":
        text = f"must be at most {ctx.get('max_length')} characters"
    elif kind == "value_error":
        text = str(ctx.get("error", "is not valid"))
    elif kind == "missing":
        text = "is required"
    else:
        text = str(error.get("msg", "is not valid")).rstrip(".")
        text = text[0].lower() + text[1:] if text else "is not valid"
    return f"{where}: {text}" if where else text
