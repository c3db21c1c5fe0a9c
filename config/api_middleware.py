"""HTTP behaviour shared by everything under /api/: JSON errors, HEAD and OPTIONS.

Ninja answers a wrong method with Django's plain 405 and an unknown route falls
through to the site's HTML 404; an API client expects JSON from every response,
so both are rewritten here. HEAD is answered as GET without a body, and OPTIONS
with the methods a route allows (CORS preflight requests are answered earlier
by django-cors-headers).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve

API_PREFIX = "/api/"
ALLOWED = "GET, HEAD, OPTIONS"
_MESSAGES = {404: "no such API route", 405: "method not allowed; this API is read-only ({allowed})"}


def _is_api_route(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name != "exported-site"


class ApiHttpMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS":
            if not _is_api_route(request.path_info):
                return JsonResponse({"detail": _MESSAGES[404]}, status=404)
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED
            return response
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        response = self.get_response(request)
        if response.status_code in _MESSAGES and not response.get("Content-Type", "").startswith("application/json"):
            allowed = response.get("Allow", ALLOWED)
            response = JsonResponse({"detail": _MESSAGES[response.status_code].format(allowed=allowed)},
                                    status=response.status_code)
            if response.status_code == 405:
                response["Allow"] = allowed
        if head:
            request.method = "HEAD"
            if not response.streaming:
                length = len(response.content)
                response.content = b""
                response["Content-Length"] = str(length)
        return response
