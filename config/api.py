"""The one HTTP API: each part contributes a router; the schema is at /api/openapi.json."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.errors import ValidationError

from cms.api import router as cms_router
from config.params import error_message, reject_unknown_parameters, validation_error
from jobs.api import router as jobs_router
from search.api import router as search_router


class API(NinjaAPI):
    def validation_error_from_error_contexts(self, error_contexts) -> ValidationError:
        # An error inside a list parameter is named after the parameter ("country.1"), as any other.
        return validation_error(error_contexts)


api = API(
    title="Data & AI Careers Hub API",
    version="1.0.0",
    description="Career paths, comparisons, job listings, salaries and search.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/search/", search_router)
api.add_router("/", jobs_router)
api.add_router("/", cms_router)


# Every operation: an undeclared or repeated query parameter is a 400 before validation.
api.add_decorator(reject_unknown_parameters, mode="view")


@api.exception_handler(ValidationError)
def invalid_input(request, exc: ValidationError):
    """Bad query strings and bodies are a 400 with a message ("page: must be at least 1"), never a 422 or a 500."""
    messages = [error_message(error) for error in exc.errors]
    return api.create_response(
        request,
        {
            "detail": "; ".join(messages) or "invalid input",
            "errors": [{"loc": list(e.get("loc", ())), "msg": error_message(e)} for e in exc.errors],
        },
        status=400,
    )
