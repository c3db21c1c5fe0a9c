"""Wagtail's views of a page (serve, preview) show the public site's page.

The public site is rendered by the part that registers a page renderer here
(the static export does, in its `AppConfig.ready()`), so cms depends on no
renderer. A preview is the page exactly as it would be published, plus one
banner element marked `data-preview-banner`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from wagtail.models import Page

# (page instance as it stands, banner HTML or "") -> the page's HTML
PageRenderer = Callable[[Page, str], str]

_renderers: list[PageRenderer] = []


def register_page_renderer(renderer: PageRenderer) -> None:
    """Make `renderer` the one that renders pages for Wagtail's serve and preview."""
    _renderers[:] = [renderer]


def render_page(page: Page, *, banner: str = "") -> str:
    if not _renderers:
        raise ImproperlyConfigured("no page renderer is registered (the static export registers one)")
    return _renderers[0](page, banner)


def preview_banner(page: Page) -> str:
    """The element a preview adds to the page: what it is, and where headless clients read the draft."""
    from .preview import PREVIEW_TOKEN_MAX_AGE, make_preview_token
    from .views import preview_api_url

    api_url = None
    revision = page.get_latest_revision() if page.pk else None
    if revision is not None:
        api_url = preview_api_url(page, make_preview_token(page, revision))
    return render_to_string(
        "cms/preview_banner.html", {"api_url": api_url, "minutes": PREVIEW_TOKEN_MAX_AGE // 60}
    ).strip()
