"""Career content as plain, typed JSON-ready dicts (the shapes `cms.api` publishes).

Blocks are read from the StreamField's stored JSON, and everything they refer
to (statistics with their sources, linked pages) is fetched in one query per
kind, so a page costs a fixed number of queries whatever its length.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from wagtail.models import Page

from config import public_urls

from .blocks import COMPARISON_TOPICS, SKILL_KINDS
from .models import CareerPathPage, CareersHubPage, ComparisonPage, Source, Statistic
from .selectors import page_link_targets, rich_text_html

logger = logging.getLogger(__name__)

_SKILL_LABELS = dict(SKILL_KINDS)
_TOPIC_LABELS = dict(COMPARISON_TOPICS)


# Live job figures -----------------------------------------------------------------------------


def job_stats(slugs: list[str]) -> dict[str, dict]:
    """Open job counts and median salaries per path from the jobs part; empty when it is not installed."""
    if not slugs:
        return {}
    try:
        from jobs.selectors import path_job_stats
    except ImportError:
        logger.warning("jobs.selectors.path_job_stats is not available; job figures are left empty")
        return {}
    return path_job_stats(slugs)


def path_card(page: CareerPathPage, stats: dict[str, dict]) -> dict:
    """A path as the hub and lists show it: summary, links, live job figures (None when unknown)."""
    figures = stats.get(page.slug) or {}
    return {
        "id": page.id,
        "slug": page.slug,
        "title": page.title,
        "role_name": page.role_name,
        "summary": page.summary,
        "url": public_urls.path_url(page.slug),
        "jobs_url": public_urls.jobs_url(page.slug),
        "salaries_url": public_urls.salaries_url(page.slug),
        "open_jobs": figures.get("open_jobs"),
        "median_annual": figures.get("median_annual"),
        "currency": figures.get("currency"),
        "sample_size": figures.get("sample_size"),
        "main_currency": figures.get("main_currency"),
    }


def comparison_card(page: ComparisonPage, stats: dict[str, dict]) -> dict:
    """A comparison as lists show it; a side whose path is not live is null."""
    left = page.left_path if page.left_path and page.left_path.live else None
    right = page.right_path if page.right_path and page.right_path.live else None
    return {
        "id": page.id,
        "slug": page.slug,
        "title": page.title,
        "summary": page.summary,
        "url": public_urls.comparison_url(page.slug),
        "left": path_card(left, stats) if left else None,
        "right": path_card(right, stats) if right else None,
    }


# Raw StreamField data -------------------------------------------------------------------------


def _raw_blocks(stream: Any) -> list[dict]:
    """The stored JSON of a StreamField value: [{"type", "value", "id"}, ...]."""
    raw = getattr(stream, "raw_data", stream) or []
    return [dict(block) for block in raw if isinstance(block, dict)]


def _raw_list(value: Any) -> list[Any]:
    """ListBlock items in either storage format (plain list, or [{"type": "item", "value": ...}])."""
    items = []
    for item in value or []:
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            items.append(item["value"])
        else:
            items.append(item)
    return items


def _rich_sources(blocks: Iterable[dict]) -> Iterator[str]:
    for block in blocks:
        value = block.get("value") or {}
        kind = block.get("type")
        if kind == "section":
            yield value.get("body") or ""
        elif kind == "faq":
            for item in _raw_list(value.get("items")):
                yield item.get("answer") or ""
        elif kind == "question":
            yield value.get("answer") or ""
        elif kind == "comparison":
            yield value.get("intro") or ""


def _statistic_ids(blocks: Iterable[dict]) -> list[int]:
    return [
        int(block["value"]["statistic"])
        for block in blocks
        if block.get("type") == "statistic" and (block.get("value") or {}).get("statistic")
    ]


def source_json(source: Source) -> dict:
    return {
        "id": source.id,
        "publisher": source.publisher,
        "title": source.title,
        "url": source.url,
        "published_date": source.published_date,
        "retrieved_date": source.retrieved_date,
    }


def statistic_json(statistic: Statistic) -> dict:
    return {
        "id": statistic.id,
        "figure": statistic.figure,
        "statement": statistic.statement,
        "source": source_json(statistic.source),
    }


class _Context:
    """Everything a page's blocks refer to, loaded in bulk."""

    def __init__(self, streams: list[list[dict]], statistic_ids: Iterable[int] = (), source_ids: Iterable[int] = ()):
        self.links = page_link_targets(source for blocks in streams for source in _rich_sources(blocks))
        ids = {*statistic_ids, *(i for blocks in streams for i in _statistic_ids(blocks))}
        self.statistics = Statistic.objects.select_related("source").in_bulk(ids) if ids else {}
        source_ids = set(source_ids)
        self.sources = Source.objects.in_bulk(source_ids) if source_ids else {}

    def html(self, source: str | None) -> str:
        return rich_text_html(source or "", self.links)


def _block_json(block: dict, ctx: _Context) -> dict | None:
    kind = block.get("type")
    value = block.get("value") or {}
    block_id = block.get("id") or ""
    if kind == "section":
        out = {"heading": value.get("heading") or "", "html": ctx.html(value.get("body"))}
    elif kind == "responsibilities":
        out = {
            "heading": value.get("heading") or "",
            "intro": value.get("intro") or "",
            "items": [str(item) for item in _raw_list(value.get("items"))],
        }
    elif kind == "skills":
        out = {
            "heading": value.get("heading") or "",
            "groups": [
                {
                    "kind": group.get("kind") or "",
                    "label": _SKILL_LABELS.get(group.get("kind"), group.get("kind") or ""),
                    "skills": [str(skill) for skill in _raw_list(group.get("skills"))],
                }
                for group in _raw_list(value.get("groups"))
            ],
        }
    elif kind == "tools":
        out = {
            "heading": value.get("heading") or "",
            "tools": [
                {"name": tool.get("name") or "", "category": tool.get("category") or ""}
                for tool in _raw_list(value.get("tools"))
            ],
        }
    elif kind == "statistic":
        statistic = ctx.statistics.get(int(value.get("statistic") or 0))
        if statistic is None:
            # The snippet was deleted after the page was published: drop the pull quote.
            return None
        out = statistic_json(statistic)
    elif kind == "faq":
        out = {
            "heading": value.get("heading") or "",
            "items": [
                {"question": item.get("question") or "", "answer_html": ctx.html(item.get("answer"))}
                for item in _raw_list(value.get("items"))
            ],
        }
    elif kind == "comparison":
        topic = value.get("topic") or "other"
        out = {
            "topic": topic,
            "topic_label": _TOPIC_LABELS.get(topic, topic),
            "heading": value.get("heading") or "",
            "intro_html": ctx.html(value.get("intro")),
            "rows": [
                {
                    "aspect": row.get("aspect") or "",
                    "left": row.get("left") or "",
                    "right": row.get("right") or "",
                }
                for row in _raw_list(value.get("rows"))
            ],
        }
    else:
        logger.warning("unknown block type %r skipped in the API", kind)
        return None
    return {"type": kind, "id": block_id, "value": out}


def blocks_json(blocks: list[dict], ctx: _Context) -> list[dict]:
    return [out for block in blocks if (out := _block_json(block, ctx)) is not None]


def _related_json(page: Page) -> list[dict]:
    """Related paths that are live, in editor order, each with its reason."""
    items = list(page.related_paths.all())
    targets = CareerPathPage.objects.live().in_bulk([item.target_id for item in items])
    related = []
    for item in sorted(items, key=lambda item: (item.sort_order is None, item.sort_order or 0)):
        target = targets.get(item.target_id)
        if target is not None:
            related.append(
                {
                    "slug": target.slug,
                    "title": target.title,
                    "role_name": target.role_name,
                    "summary": target.summary,
                    "url": public_urls.path_url(target.slug),
                    "jobs_url": public_urls.jobs_url(target.slug),
                    "salaries_url": public_urls.salaries_url(target.slug),
                    "reason": item.reason,
                }
            )
    return related


def _common(page: Page) -> dict:
    return {
        "id": page.id,
        "slug": page.slug,
        "title": page.title,
        "seo_title": page.seo_title or page.title,
        "search_description": page.search_description or "",
        "last_published_at": page.last_published_at,
    }


# Pages ------------------------------------------------------------------------------------------


def path_detail(page: CareerPathPage) -> dict:
    body = _raw_blocks(page.body)
    notes = _raw_blocks(page.salary_notes)
    source_ids = [int(n["value"]["source"]) for n in notes if (n.get("value") or {}).get("source")]
    ctx = _Context([body], source_ids=source_ids)
    stats = job_stats([page.slug])
    card = path_card(page, stats)
    salary_notes = []
    for note in notes:
        value = note.get("value") or {}
        source = ctx.sources.get(int(value.get("source") or 0))
        if source is not None:
            salary_notes.append(
                {
                    "title": value.get("title") or "",
                    "figure": value.get("figure") or "",
                    "note": value.get("note") or "",
                    "source": source_json(source),
                }
            )
    statistics = [statistic_json(ctx.statistics[i]) for i in _statistic_ids(body) if i in ctx.statistics]
    return {
        **_common(page),
        **{key: card[key] for key in card if key not in ("id", "slug", "title")},
        "body": blocks_json(body, ctx),
        "related_paths": _related_json(page),
        "salary_notes": salary_notes,
        "statistics": statistics,
        "title_patterns": page.title_pattern_list(),
    }


def comparison_detail(page: ComparisonPage) -> dict:
    body = _raw_blocks(page.body)
    faq = _raw_blocks(page.faq)
    links = list(page.statistic_links.all())
    ctx = _Context([body, faq], statistic_ids=[link.statistic_id for link in links])
    sides = CareerPathPage.objects.live().in_bulk([i for i in (page.left_path_id, page.right_path_id) if i])
    left, right = sides.get(page.left_path_id), sides.get(page.right_path_id)
    stats = job_stats([side.slug for side in (left, right) if side is not None])
    ordered = sorted(links, key=lambda link: (link.sort_order is None, link.sort_order or 0))
    return {
        **_common(page),
        "summary": page.summary,
        "intro": page.intro,
        "url": public_urls.comparison_url(page.slug),
        "left": path_card(left, stats) if left else None,
        "right": path_card(right, stats) if right else None,
        "short_version": {
            "summary": page.short_version,
            "choose_left_if": page.choose_left_if,
            "choose_right_if": page.choose_right_if,
        },
        "body": blocks_json(body, ctx),
        "statistics": [
            statistic_json(ctx.statistics[link.statistic_id]) for link in ordered if link.statistic_id in ctx.statistics
        ],
        "faq": [
            {
                "question": (b.get("value") or {}).get("question") or "",
                "answer_html": ctx.html(b["value"].get("answer")),
            }
            for b in faq
            if b.get("type") == "question" and b.get("value")
        ],
        "related_paths": _related_json(page),
    }


def hub_json(hub: CareersHubPage | None, paths: list[CareerPathPage], comparisons: list[ComparisonPage]) -> dict:
    stats = job_stats([page.slug for page in paths])
    intro = hub.intro if hub else ""
    return {
        "id": hub.id if hub else None,
        "title": hub.title if hub else "",
        "intro_html": rich_text_html(intro) if intro else "",
        "url": public_urls.hub_url(),
        "search_url": public_urls.search_url(),
        "paths": [path_card(page, stats) for page in paths],
        "comparisons": [comparison_card(page, stats) for page in comparisons],
    }
