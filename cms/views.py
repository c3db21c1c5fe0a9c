"""Admin views for headless preview: a signed token for a page's latest draft, and the page
that shows an editor the link to hand to a headless client, the rendered draft and its JSON."""

from __future__ import annotations

import json
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from wagtail.models import Page

from config import public_urls

from . import representations as rep
from .models import CareerPathPage, ComparisonPage
from .preview import PREVIEW_TOKEN_MAX_AGE, make_preview_token, preview_object, read_preview_token
from .rendering import preview_banner, render_page

HEADLESS_PAGE_TYPES = (CareerPathPage, ComparisonPage)


def preview_api_url(page: Page, token: str) -> str | None:
    """The content API URL that shows `page`'s draft with `token`, or None for other page types."""
    if isinstance(page, CareerPathPage):
        return public_urls.absolute(f"/api/paths/{page.slug}/?preview_token={token}")
    if isinstance(page, ComparisonPage):
        return public_urls.absolute(f"/api/comparisons/{page.slug}/?preview_token={token}")
    return None


def _editable_page(request: HttpRequest, page_id: int) -> Page:
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


@never_cache
def preview_token_view(request: HttpRequest, page_id: int) -> JsonResponse:
    """JSON with a signed token for the latest revision and the API URL that reads it."""
    page = _editable_page(request, page_id)
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


@never_cache
def headless_preview_index(request: HttpRequest) -> TemplateResponse:
    """The career paths and comparisons an editor can preview headlessly, drafts included."""
    pages = [
        page
        for model in HEADLESS_PAGE_TYPES
        for page in model.objects.order_by("title")
        if page.permissions_for_user(request.user).can_edit()
    ]
    return TemplateResponse(request, "cms/admin/headless_preview_index.html", {"pages": pages})


@never_cache
def headless_preview_view(request: HttpRequest, page_id: int) -> TemplateResponse:
    """A copyable preview link (token included, expiry shown), the rendered draft and its JSON."""
    page = _editable_page(request, page_id)
    if not isinstance(page, HEADLESS_PAGE_TYPES):
        raise Http404("headless preview is for career paths and comparisons")
    revision = page.get_latest_revision() or page.save_revision(user=request.user)
    token = make_preview_token(page, revision)
    draft = revision.as_object()
    detail = rep.path_detail(draft) if isinstance(draft, CareerPathPage) else rep.comparison_detail(draft)
    context = {
        "page": page,
        "revision": revision,
        "api_url": preview_api_url(page, token),
        "render_url": reverse("cms_headless_preview_render", args=[token]),
        "expires_at": timezone.now() + timedelta(seconds=PREVIEW_TOKEN_MAX_AGE),
        "minutes": PREVIEW_TOKEN_MAX_AGE // 60,
        "draft_json": json.dumps(detail, indent=2, ensure_ascii=False, default=str),
    }
    return TemplateResponse(request, "cms/admin/headless_preview.html", context)


@never_cache
@xframe_options_sameorigin
def headless_preview_render(request: HttpRequest, token: str) -> HttpResponse:
    """The draft a preview token grants, rendered as the site will show it (with the preview banner)."""
    grant = read_preview_token(token)
    draft = preview_object(grant) if grant else None
    if draft is None:
        raise Http404("preview token is invalid or has expired")
    if not draft.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return HttpResponse(render_page(draft, banner=preview_banner(draft)))
