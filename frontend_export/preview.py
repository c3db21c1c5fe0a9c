"""Wagtail's serve and preview of a page: the exported page, built from the page as it stands.

`render_page` reads the site as the export does (`data.load_site_data`), with
the given page instance (a draft, or the editor's unsaved form) in place of
its live version, plans it with the same `SitePlanner` and renders it with the
same template. A preview differs from the exported file by its banner alone,
inserted as the first element of <body>.
"""

from __future__ import annotations

from django.http import Http404
from django.template.loader import get_template
from wagtail.models import Page

from cms.selectors import page_public_url
from frontend_export.data import load_site_data
from frontend_export.pages import SitePlanner
from frontend_export.services import load_assets


def render_page(page: Page, banner: str = "") -> str:
    """The HTML the export writes for `page` as it stands, with `banner` first in <body>."""
    page = page.specific if type(page) is Page else page
    data = load_site_data(draft=page)
    planner = SitePlanner(data, assets={key: url for key, (url, _) in load_assets().items()})
    url = page_public_url(page)
    planned = next((item for item in planner.plan() if item.url == url), None)
    if planned is None:
        raise Http404(f"the site has no page at {url}")
    planner.prefetch([planned])
    html = get_template(planned.template).render(planned.context())
    return html.replace("<body>", f"<body>{banner}", 1) if banner else html
