"""Cache headers for every API response (all parts' routers, and the pages API).

Django's ConditionalGetMiddleware (listed before this one) then adds the ETag
from the body and answers a matching If-None-Match with 304.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ApiCacheControlMiddleware:
    """Public, short-lived caching for successful API reads; revalidation for everything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.has_header("Cache-Control"):
            return response
        max_age = settings.API_CACHE_MAX_AGE
        if getattr(request, "cms_preview", False) or "preview_token" in request.GET:
            # Drafts are for the editor holding the token, never for shared caches.
            response["Cache-Control"] = "private, no-cache"
        elif request.method in ("GET", "HEAD") and response.status_code == 200 and max_age > 0:
            response["Cache-Control"] = f"public, max-age={max_age}"
        else:
            response["Cache-Control"] = "no-cache"
        return response
