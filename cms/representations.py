"""Career content as plain, typed JSON-ready dicts (the shapes `cms.api` publishes).

Blocks give their own API JSON (`cms.blocks`), read from the StreamField's
stored data by `cms.streams`, and everything they refer to (statistics with
their sources, linked pages) is fetched in one query per kind, so a page costs
a fixed number of queries whatever its length.
"""

from __future__ import annotations

import logging

from wagtail.blocks import StreamBlock
from wagtail.models import Page

from config import public_urls

from .models import CareerPathPage, CareersHubPage, ComparisonPage
from .selectors import rich_text_html
from .streams import References, api_json, collect, resolve, stream_data

logger = logging.getLogger(__name__)



# Live job figures -----------------------------------------------------------------------------


def job_stats(slugs: list[str]) -> dict[str, dict]:
    """Open job counts and median salaries per path from the jobs part."""
    from jobs.selectors import path_job_stats

    return path_job_stats(slugs) if slugs else {}


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


def _streams(page: Page, *names: str) -> tuple[dict[str, tuple[StreamBlock, list[dict]]], References]:
    """The page's stored streams by field name, with what their blocks refer to."""
    refs = References()
    streams = {}
    for name in names:
        stream_block = type(page)._meta.get_field(name).stream_block
        blocks = stream_data(getattr(page, name))
        collect(stream_block, blocks, refs)
        streams[name] = (stream_block, blocks)
    return streams, refs


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
    streams, refs = _streams(page, "body", "salary_notes")
    resolved = resolve(refs)
    body_block, body = streams["body"]
    stats = job_stats([page.slug])
    card = path_card(page, stats)
    body_json = api_json(body_block, body, resolved)
    return {
        **_common(page),
        **{key: card[key] for key in card if key not in ("id", "slug", "title")},
        "body": body_json,
        "related_paths": _related_json(page),
        "salary_notes": [block["value"] for block in api_json(*streams["salary_notes"], resolved)],
        "statistics": [block["value"] for block in body_json if block["type"] == "statistic"],
    }


def comparison_detail(page: ComparisonPage) -> dict:
    streams, refs = _streams(page, "body", "faq")
    links = list(page.statistic_links.all())
    refs.statistic_ids.update(link.statistic_id for link in links if link.statistic_id)
    resolved = resolve(refs)
    sides = CareerPathPage.objects.live().in_bulk([i for i in (page.left_path_id, page.right_path_id) if i])
    left, right = sides.get(page.left_path_id), sides.get(page.right_path_id)
    stats = job_stats([side.slug for side in (left, right) if side is not None])
    ordered = sorted(links, key=lambda link: (link.sort_order is None, link.sort_order or 0))
    statistics = [resolved.statistic_json(link.statistic_id) for link in ordered]
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
        "body": api_json(*streams["body"], resolved),
        "statistics": [stat for stat in statistics if stat is not None],
        "faq": [block["value"] for block in api_json(*streams["faq"], resolved)],
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
