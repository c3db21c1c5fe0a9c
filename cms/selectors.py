"""Read functions over career content that other parts (jobs, search, export) use.

Only live pages are returned: drafts never leave the CMS except through a
signed preview token (see `cms.api`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils.html import escape
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing

from config import public_urls

from .models import (
    CareerPathPage,
    CareersHubPage,
    ComparisonIndexPage,
    ComparisonPage,
    HubFeaturedPath,
)
from .streams import References, collect, keywords, resolve, search_text, stream_data


def hub_page() -> CareersHubPage | None:
    """The live hub (there is at most one)."""
    return CareersHubPage.objects.live().first()


def path_pages() -> QuerySet[CareerPathPage]:
    """Live career paths in hub order: the hub's featured order first, then the rest in tree order."""
    featured_order = HubFeaturedPath.objects.filter(path=OuterRef("pk")).order_by("sort_order").values("sort_order")
    return (
        CareerPathPage.objects.live()
        .annotate(hub_order=Subquery(featured_order[:1]))
        .order_by(F("hub_order").asc(nulls_last=True), "path")
    )


def path_page(slug: str) -> CareerPathPage | None:
    return path_pages().filter(slug=slug).first()


def comparison_pages() -> QuerySet[ComparisonPage]:
    """Live comparisons in tree order, with both sides loaded."""
    return ComparisonPage.objects.live().select_related("left_path", "right_path").order_by("path")


def comparison_page(slug: str) -> ComparisonPage | None:
    return comparison_pages().filter(slug=slug).first()


def page_public_url(page: Page) -> str:
    """The site-relative URL where the exported site shows `page`."""
    specific_class = page.specific_class
    if specific_class is not None and issubclass(specific_class, CareerPathPage):
        return public_urls.path_url(page.slug)
    if specific_class is not None and issubclass(specific_class, ComparisonPage):
        return public_urls.comparison_url(page.slug)
    if specific_class is not None and issubclass(specific_class, CareersHubPage | ComparisonIndexPage):
        return public_urls.hub_url()
    return "/"


# Rich text ----------------------------------------------------------------------------------

_PAGE_LINK_RE = re.compile(r'<a\b(?=[^>]*\blinktype="page")[^>]*\bid="(\d+)"[^>]*>', re.IGNORECASE)
_OTHER_LINK_RE = re.compile(r'<a\b[^>]*\blinktype="[^"]*"[^>]*>', re.IGNORECASE)
_EMBED_RE = re.compile(r"<embed\b[^>]*/?>", re.IGNORECASE)


def page_link_targets(html_fragments: Iterable[str]) -> dict[int, str]:
    """Public URLs of every live page linked from the fragments, in one query."""
    ids = {int(match) for html in html_fragments for match in _PAGE_LINK_RE.findall(html)}
    if not ids:
        return {}
    pages = Page.objects.live().filter(id__in=ids).select_related("content_type")
    return {page.id: page_public_url(page) for page in pages}


def rich_text_html(source: str, link_targets: dict[int, str] | None = None) -> str:
    """Editor HTML with internal page links turned into public URLs.

    Links to pages that are not live lose their anchor (the text stays), so a
    draft or deleted page never leaks into a public response.
    """
    if link_targets is None:
        link_targets = page_link_targets([source])

    def replace_page_link(match: re.Match[str]) -> str:
        url = link_targets.get(int(match.group(1)))
        return f'<a href="{escape(url)}">' if url else "<a>"

    html = _PAGE_LINK_RE.sub(replace_page_link, source)
    # Documents and other link types have no public address in the export.
    html = _OTHER_LINK_RE.sub("<a>", html)
    return _EMBED_RE.sub("", html)


# Plain text for search -----------------------------------------------------------------------


def _stream_text(page: Page, *names: str) -> list[str]:
    """The readable text of the page's streams, each block giving its own (`ContentBlock.search_text`)."""
    streams = [(type(page)._meta.get_field(name).stream_block, stream_data(getattr(page, name))) for name in names]
    refs = References()
    for stream_block, blocks in streams:
        collect(stream_block, blocks, refs)
    resolved = resolve(refs)
    return [part for stream_block, blocks in streams for part in search_text(stream_block, blocks, resolved)]


def page_keywords(page: Page) -> list[str]:
    """Skill and tool names a career path's body lists."""
    if not isinstance(page, CareerPathPage):
        return []
    return keywords(type(page)._meta.get_field("body").stream_block, stream_data(page.body))


def page_search_text(page: Page) -> str:
    """Plain text of a career path's or comparison's content, for the search index."""
    page = page.specific
    parts: list[str] = []
    if isinstance(page, CareerPathPage):
        parts += [page.role_name, page.summary]
        parts += _stream_text(page, "body", "salary_notes")
    elif isinstance(page, ComparisonPage):
        parts += [page.summary, page.intro, page.short_version, page.choose_left_if, page.choose_right_if]
        parts += _stream_text(page, "body", "faq")
    elif isinstance(page, CareersHubPage):
        parts.append(get_text_for_indexing(page.intro))
    return " ".join(" ".join(part.split()) for part in parts if part and part.strip())
