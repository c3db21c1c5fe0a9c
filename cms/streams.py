"""The one reader of StreamField data as stored (the raw JSON).

Pages keep their blocks as JSON: `[{"type": ..., "value": ..., "id": ...}]`.
Each block type in `cms.blocks` knows how to turn its stored value into a
template context, API JSON and search text; this module walks a stream and
hands each stored block to the block type that owns it. Working from the
stored JSON, not from Wagtail's block values, lets the export render thousands
of pages with every statistic, source and linked page read once for the whole
site (`resolve`), instead of once per block.

Stored data may be older than the block definitions: a block type that no
longer exists is left out, missing fields read as empty, and a value of the
wrong shape renders as an empty block (logged), never an error.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.template import Context
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from wagtail import blocks as wagtail_blocks

from config.safe_html import clean_rich_text, safe_url

if TYPE_CHECKING:
    from cms.blocks import ContentBlock

logger = logging.getLogger(__name__)

# Errors a block of an old or damaged shape can raise while it is read.
BAD_DATA = (AttributeError, KeyError, IndexError, TypeError, ValueError)
_PAGE_LINK_ID_RE = re.compile(r'<a\b(?=[^>]*\blinktype="page")[^>]*\bid="(\d+)"', re.IGNORECASE)


def stream_data(value: Any) -> list[dict]:
    """The stored blocks of a StreamField value (a StreamValue, its JSON text, or a list)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            logger.warning("a stream that is not JSON was read as empty")
            return []
    raw = getattr(value, "raw_data", value)
    if not isinstance(raw, Iterable):
        return []
    return [dict(block) for block in raw if isinstance(block, dict) or hasattr(block, "get")]


def list_items(value: Any) -> list[Any]:
    """Items of a ListBlock's stored value, in either of Wagtail's two storage formats."""
    if not isinstance(value, list | tuple):
        return []
    items = []
    for item in value:
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            items.append(item["value"])
        else:
            items.append(item)
    return items


def struct(value: Any) -> dict:
    """A StructBlock's stored value; anything else (an old scalar format) reads as empty."""
    return value if isinstance(value, dict) else {}


def page_link_ids(fragments: Iterable[str]) -> list[int]:
    """Ids of the pages linked from stored rich text."""
    return sorted({int(match) for html in fragments for match in _PAGE_LINK_ID_RE.findall(html or "")})


# What blocks refer to -----------------------------------------------------------------------


@dataclass
class References:
    """Snippets and linked pages that stored blocks refer to, collected before one bulk read."""

    statistic_ids: set[int] = field(default_factory=set)
    source_ids: set[int] = field(default_factory=set)
    rich_text: list[str] = field(default_factory=list)

    def add_snippet(self, model_name: str, value: Any) -> None:
        try:
            snippet_id = int(value)
        except (TypeError, ValueError):
            return
        if model_name == "statistic":
            self.statistic_ids.add(snippet_id)
        elif model_name == "source":
            self.source_ids.add(snippet_id)


@dataclass
class Resolved:
    """What blocks refer to, as plain dicts: statistics (with their source's id), sources, page URLs."""

    statistics: dict[int, dict[str, Any]] = field(default_factory=dict)
    sources: dict[int, dict[str, Any]] = field(default_factory=dict)
    link_targets: dict[int, str] = field(default_factory=dict)

    def rich_text(self, html: Any) -> SafeString:
        """Stored rich text with page links resolved, cleaned for a page."""
        from cms.selectors import rich_text_html

        if not isinstance(html, str) or not html:
            return mark_safe("")
        return clean_rich_text(rich_text_html(html, self.link_targets))

    def api_html(self, html: Any) -> str:
        """Stored rich text with page links resolved, as the API returns it."""
        from cms.selectors import rich_text_html

        return rich_text_html(html, self.link_targets) if isinstance(html, str) and html else ""

    def source(self, source_id: Any) -> dict[str, Any] | None:
        """A source as blocks show it (its URL only if it is a safe link), or None if it is gone."""
        try:
            source = self.sources.get(int(source_id))
        except (TypeError, ValueError):
            return None
        return {**source, "url": safe_url(source["url"])} if source else None

    def statistic(self, statistic_id: Any) -> dict[str, Any] | None:
        """A statistic with its source, or None if it is gone."""
        try:
            stat = self.statistics.get(int(statistic_id))
        except (TypeError, ValueError):
            return None
        return {**stat, "source": self.source(stat["source"])} if stat else None

    def source_json(self, source_id: Any) -> dict[str, Any] | None:
        try:
            source = self.sources.get(int(source_id))
        except (TypeError, ValueError):
            return None
        return {"id": int(source_id), **source} if source else None

    def statistic_json(self, statistic_id: Any) -> dict[str, Any] | None:
        try:
            stat = self.statistics.get(int(statistic_id))
        except (TypeError, ValueError):
            return None
        if stat is None:
            return None
        return {
            "id": int(statistic_id),
            "figure": stat["figure"],
            "statement": stat["statement"],
            "source": self.source_json(stat["source"]),
        }


def resolve(refs: References) -> Resolved:
    """Read everything in `refs` in at most three queries (statistics, sources, linked pages)."""
    from cms.models import Source, Statistic
    from cms.selectors import page_link_targets

    resolved = Resolved()
    source_ids = set(refs.source_ids)
    if refs.statistic_ids:
        for stat in Statistic.objects.filter(id__in=refs.statistic_ids):
            resolved.statistics[stat.id] = {
                "figure": stat.figure,
                "statement": stat.statement,
                "source": stat.source_id,
            }
            source_ids.add(stat.source_id)
    if source_ids:
        for source in Source.objects.filter(id__in=source_ids):
            resolved.sources[source.id] = {
                "publisher": source.publisher,
                "title": source.title,
                "url": source.url,
                "published_date": source.published_date.isoformat() if source.published_date else None,
                "retrieved_date": source.retrieved_date.isoformat() if source.retrieved_date else None,
            }
    if page_link_ids(refs.rich_text):
        resolved.link_targets = page_link_targets(refs.rich_text)
    return resolved


# Walking a stream ---------------------------------------------------------------------------


def _children(stream_block: wagtail_blocks.StreamBlock, blocks: list[dict]) -> Iterator[tuple[ContentBlock, dict]]:
    """(block type, stored block) for each block whose type the stream still has."""
    for block in blocks:
        child = stream_block.child_blocks.get(block.get("type"))
        if child is None:
            logger.debug("stored block of unknown type %r left out", block.get("type"))
            continue
        yield child, block


def collect(stream_block: wagtail_blocks.StreamBlock, blocks: list[dict], refs: References) -> References:
    """Add what the stored `blocks` refer to into `refs`."""
    for child, block in _children(stream_block, blocks):
        try:
            child.references(block.get("value"), refs)
        except BAD_DATA:
            logger.warning("stored %r block of an old shape: its references are skipped", block.get("type"))
    return refs


def references(stream_block: wagtail_blocks.StreamBlock, value: Any) -> References:
    return collect(stream_block, stream_data(value), References())


class StreamRenderer:
    """Renders stored blocks through their own templates (each compiled once per renderer)."""

    def __init__(self, resolved: Resolved):
        self.resolved = resolved
        self._templates: dict[str, Any] = {}

    def _template(self, name: str) -> Any:
        template = self._templates.get(name)
        if template is None:
            # The engine's own compiled Template: rendering it with a ready Context skips the
            # backend wrapper's per-call context building (the export renders it ~20,000 times).
            template = self._templates[name] = get_template(name).template
        return template

    def block(self, child: ContentBlock, value: Any, page: dict[str, Any] | None = None) -> SafeString:
        """One stored block value as HTML; an unreadable value renders as an empty block."""
        try:
            context = child.render_context(value, self.resolved, page or {})
            if context is None:
                return mark_safe("")
            return mark_safe(self._template(child.meta.template).render(Context(context)))  # noqa: S308
        except BAD_DATA as exc:
            logger.warning("stored %s block of an old shape rendered empty: %s", child.name or "?", exc)
            return mark_safe("")

    def render(
        self, stream_block: wagtail_blocks.StreamBlock, blocks: list[dict], page: dict[str, Any] | None = None
    ) -> SafeString:
        """A stream's stored blocks in order, as HTML; `page` is the page-level context (e.g. the sides)."""
        page = page or {}
        parts = [self.block(child, block.get("value"), page) for child, block in _children(stream_block, blocks)]
        return mark_safe("".join(parts))  # noqa: S308 - each part is a rendered template

    def rich_text(self, html: Any) -> SafeString:
        return self.resolved.rich_text(html)


def api_json(stream_block: wagtail_blocks.StreamBlock, blocks: list[dict], resolved: Resolved) -> list[dict]:
    """A stream as typed API JSON: `[{"type", "id", "value"}]`; unreadable or dangling blocks are left out."""
    out = []
    for child, block in _children(stream_block, blocks):
        try:
            value = child.api_json(block.get("value"), resolved)
        except BAD_DATA as exc:
            logger.warning("stored %r block of an old shape left out of the API: %s", block.get("type"), exc)
            continue
        if value is not None:
            out.append({"type": block.get("type"), "id": block.get("id") or "", "value": value})
    return out


def search_text(stream_block: wagtail_blocks.StreamBlock, blocks: list[dict], resolved: Resolved) -> list[str]:
    """The readable text of a stream, for the search index."""
    parts: list[str] = []
    for child, block in _children(stream_block, blocks):
        try:
            parts.extend(child.search_text(block.get("value"), resolved))
        except BAD_DATA:
            logger.warning("stored %r block of an old shape left out of the search text", block.get("type"))
    return parts


def keywords(stream_block: wagtail_blocks.StreamBlock, blocks: list[dict]) -> list[str]:
    """Short names a stream lists (skills, tools), for search facets and boosts."""
    names: list[str] = []
    for child, block in _children(stream_block, blocks):
        try:
            names.extend(child.keywords(block.get("value")))
        except BAD_DATA:
            continue
    return names
