"""Admin view that hands an editor a headless preview token for a page's latest draft."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from wagtail.models import Page

from config import public_urls

from .models import CareerPathPage, ComparisonPage
from .preview import PREVIEW_TOKEN_MAX_AGE, make_preview_token


def preview_api_url(page: Page, token: str) -> str | None:
    """The content API URL that shows `page`'s draft with `token`, or None for other page types."""
    if isinstance(page, CareerPathPage):
        return public_urls.absolute(f"/api/paths/{page.slug}/?preview_token={token}")
    if isinstance(page, ComparisonPage):
        return public_urls.absolute(f"/api/comparisons/{page.slug}/?preview_token={token}")
    return None


@never_cache
def preview_token_view(request: HttpRequest, page_id: int) -> JsonResponse:
    """JSON with a signed token for the latest revision and the API URL that reads it."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    revision = page.get_latest_revision() or page.save_revision(user=request.user)
    token = make_preview_token(page, revision)
    return JsonResponse(
        {
            "page_id": page.pk,
            "revision_id": revision.pk,
            "token": token,
            "expires_in": PREVIEW_TOKEN_MAX_AGE,
            "api_url": preview_api_url(page, token),
        }
    )
