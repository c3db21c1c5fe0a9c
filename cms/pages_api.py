"""Wagtail's generic pages API (v2), for clients that walk the page tree: /api/v2/pages/.

It serves live pages only; the typed content API in `cms.api` is the main one.
"""

from __future__ import annotations

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

pages_api = WagtailAPIRouter("wagtailapi")
pages_api.register_endpoint("pages", PagesAPIViewSet)
