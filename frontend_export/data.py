"""Everything the export shows, read from the database in one pass.

The number of queries is fixed: one per kind of row (hub, paths, their related
paths, comparisons, their statistics and related paths, cited snippets, page
links, open listings) plus the jobs part's aggregate selectors, however many
pages and listings there are. Everything is turned into plain dicts and
lists: rendering never touches the ORM again, and each entity gets a
fingerprint (a hash of exactly what the pages show of it) that the planner uses
to find which pages changed.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import orjson
from django.db.models import Count, F, Max, TextField
from django.db.models.functions import Cast

from cms.streams import References, Resolved, collect, page_link_ids, resolve, stream_data

LISTING_FIELDS = (
    "id",
    "title",
    "company",
    "locations",
    "country_codes",
    "workplace",
    "employment_type",
    "seniority",
    "career_path__slug",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "salary_annual_min",
    "salary_annual_max",
    "pay_source",
    "content_hash",
    "description_html",
    "url",
    "apply_url",
    "posted_at",
    "valid_through",
    "first_seen_at",
    "external_id",
    "identifier",
    "source__name",
)

TREND_DAYS = 90
# Skills read per path: enough for a comparison to show both sides' share of every skill either shows.
SKILLS_READ = 200
SKILLS_SHOWN = 10

# Up to this many listings are read by id; beyond, all open listings at once.
LISTING_IDS_PER_QUERY = 500


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def fingerprint(value: Any) -> str:
    """A short hash of `value`'s JSON (keys sorted; dates and other values as text)."""
    try:
        data = orjson.dumps(value, default=_default, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    except TypeError:  # an integer beyond 64 bits, say: the slower encoder takes anything
        data = json.dumps(value, sort_keys=True, default=_default, separators=(",", ":")).encode()
    return hashlib.blake2b(data, digest_size=10).hexdigest()


def _raw(*names: str) -> dict[str, Cast]:
    """StreamFields read as their stored JSON text: Wagtail's own conversion builds a
    field object per value, which costs more than the whole render of small pages."""
    return {f"raw_{name}": Cast(name, output_field=TextField()) for name in names}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


class ListingsChanged(Exception):
    """A listing went away between reading the index and reading the listing."""


@dataclass
class SiteData:
    hub: dict[str, Any]
    paths: list[dict[str, Any]]
    comparisons: list[dict[str, Any]]
    listings_by_path: dict[str, list[dict[str, Any]]]
    stats: dict[str, dict[str, Any]]
    statistics: dict[int, dict[str, Any]]
    sources: dict[int, dict[str, Any]]
    link_targets: dict[int, str]
    fingerprints: dict[str, str] = field(default_factory=dict)
    # Comparison slug -> hash of its stored body and FAQ (what its blocks were parsed from).
    stream_digests: dict[str, str] = field(default_factory=dict)
    # Some listings come from generated (demo) sources: every page's footer says so.
    generated: bool = False
    _salaries: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The jobs part's market figures (jobs.market), per path slug: pay on every basis,
    # every skill its open listings mention (most first), and up to 90 daily snapshots.
    market: dict[str, dict[str, Any]] = field(default_factory=dict)
    skills: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    trends: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def load_listings(self, listing_ids: set[int]) -> None:
        """Read in full the listings that the pages about to be rendered show, in one query:
        by id for a few, every open listing of the live paths for many (a cold export)."""
        from jobs.selectors import open_canonical_listings

        wanted = {listing["id"]: listing for listings in self.listings_by_path.values() for listing in listings
                  if listing["id"] in listing_ids and not listing["loaded"]}
        if not wanted:
            return
        rows = open_canonical_listings().order_by()
        if len(wanted) <= LISTING_IDS_PER_QUERY:
            rows = rows.filter(id__in=list(wanted))
        else:
            rows = rows.filter(career_path__slug__in=[path["slug"] for path in self.paths])
        for row in rows.values(*LISTING_FIELDS).iterator(chunk_size=2000):
            listing = wanted.get(row["id"])
            if listing is not None and listing["path"] == row["career_path__slug"]:
                listing.update(_listing_row(row))
        missing = [listing_id for listing_id, listing in wanted.items() if not listing["loaded"]]
        if missing:
            # Closed or moved between the two reads: the next export renders the site without it.
            raise ListingsChanged(f"listings changed during the export: {missing[:5]}")

    def salary_distribution(self, slug: str) -> dict[str, Any]:
        """One path's pay figures (`jobs.market.path_pay`), read with everything else."""
        return self.market.get(slug) or {}

    @property
    def resolved(self) -> Resolved:
        """The snippets and page links the site's blocks refer to, as the blocks read them."""
        return Resolved(statistics=self.statistics, sources=self.sources, link_targets=self.link_targets)

    @property
    def path_by_slug(self) -> dict[str, dict[str, Any]]:
        return {path["slug"]: path for path in self.paths}


def _listing_row(row: dict[str, Any]) -> dict[str, Any]:
    currency = row["salary_currency"]
    salary = None
    if currency:
        salary = {
            "min": row["salary_min"],
            "max": row["salary_max"],
            "currency": currency,
            "period": row["salary_period"] or None,
            "annual_min": row["salary_annual_min"],
            "annual_max": row["salary_annual_max"],
            "pay_source": row["pay_source"] or "stated",
        }
    return {
        "id": row["id"],
        "title": row["title"],
        "company": row["company"],
        "locations": list(row["locations"] or []),
        "country_codes": list(row["country_codes"] or []),
        "workplace": row["workplace"] or "unspecified",
        "employment_type": row["employment_type"] or None,
        "seniority": row["seniority"] or None,
        "path": row["career_path__slug"],
        "salary": salary,
        "description_html": row["description_html"] or "",
        "content_hash": row["content_hash"],
        "loaded": True,
        "url": row["url"] or "",
        "apply_url": row["apply_url"] or "",
        "posted_at": _iso(row["posted_at"]),
        "valid_through": _iso(row["valid_through"]),
        "first_seen_at": _iso(row["first_seen_at"]),
        "external_id": row["external_id"],
        "identifier": row["identifier"] or "",
        "source_name": row["source__name"],
    }


PAGE_FIELDS = ("id", "slug", "title", "seo_title", "search_description", "first_published_at", "last_published_at")


def _page_fields(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "slug": row["slug"],
        "title": row["title"],
        "seo_title": row["seo_title"],
        "search_description": row["search_description"],
        "first_published_at": _iso(row["first_published_at"]),
        "last_published_at": _iso(row["last_published_at"]),
    }


def _children(model, pages, *fields: str) -> dict[int, list[tuple]]:
    """Ordered inline rows (related paths, cited statistics) of the pages of the queryset
    `pages`, in one query (a subquery, not a list of thousands of ids)."""
    rows: dict[int, list[tuple]] = defaultdict(list)
    # `id` breaks ties: rows saved without a sort order must still come back in one stable order.
    query = model.objects.filter(page_id__in=pages.order_by().values("id")).order_by("page_id", "sort_order", "id")
    for page_id, *values in query.values_list("page_id", *fields):
        rows[page_id].append(tuple(values))
    return rows


def page_streams() -> dict[str, Any]:
    from cms.models import CareerPathPage, ComparisonPage

    return {
        "path_body": CareerPathPage._meta.get_field("body").stream_block,
        "salary_notes": CareerPathPage._meta.get_field("salary_notes").stream_block,
        "comparison_body": ComparisonPage._meta.get_field("body").stream_block,
        "faq": ComparisonPage._meta.get_field("faq").stream_block,
    }


def _draft_row(page: Any, fields: Iterable[str], streams: Iterable[str], live: dict[str, Any] | None) -> dict:
    """A page instance (a draft, or a form's unsaved preview) as the row `.values()` would read.
    Publication dates are the live page's: the preview shows the page as it stands published."""
    row = {name: getattr(page, name, None) for name in fields}
    for name in streams:
        row[f"raw_{name}"] = getattr(page, name, None)
    if live is not None:
        row["first_published_at"], row["last_published_at"] = live["first_published_at"], live["last_published_at"]
    return row


def _ordered(items: Iterable[Any]) -> list[Any]:
    return sorted(items, key=lambda item: (item.sort_order is None, item.sort_order or 0))


def _with_draft(rows: list[dict], draft: Any, fields: Iterable[str], streams: Iterable[str]) -> list[dict]:
    """`rows` with the draft's row in place of its live one (or added, if it was never published)."""
    live = next((row for row in rows if row["id"] == draft.pk), None)
    row = _draft_row(draft, fields, streams, live)
    if live is None:
        return [*rows, row]
    return [row if r["id"] == draft.pk else r for r in rows]


# Between exports in one process: the parsed streams of each comparison, by its stored JSON,
# and the last pay figures, by the state of the listings they were read from.
_PARSED_STREAMS: dict[str, tuple] = {}
_PAY_MEMO: dict[str, dict] = {}


def _path_pay(slugs: list[str], open_listings_state: str) -> dict[str, dict]:
    """`jobs.market.path_pay(slugs)`, read again only when a listing or a setting it depends on changed.

    Reading every listing of the live paths is most of an incremental export's time, and
    most exports (an editor's publish) change no listing. The key covers what the figures
    come from: the open canonical listings (id, path, content hash, last write: the jobs
    part sets `updated_at` on every write), every listing's count and last write per path
    (closed and duplicate ones move `as_of`), the sources' slugs and the market settings.
    """
    from django.conf import settings

    from jobs import market
    from jobs.models import JobListing, JobSource

    every = (
        JobListing.objects.filter(career_path__slug__in=slugs, career_path__live=True)
        .order_by()
        .values_list("career_path__slug")
        .annotate(count=Count("id"), last=Max("updated_at"))
    )
    key = fingerprint([
        sorted(slugs), open_listings_state, sorted((slug, n, str(last)) for slug, n, last in every),
        sorted(JobSource.objects.values_list("pk", "slug")),
        [getattr(settings, name, None) for name in (
            "MARKET_MIN_SAMPLE", "MARKET_MIN_SAMPLE_QUARTILES", "MARKET_MIN_SAMPLE_DECILES",
            "MARKET_REFERENCE_CURRENCY")],
    ])
    if key not in _PAY_MEMO:
        _PAY_MEMO.clear()
        _PAY_MEMO[key] = market.path_pay(slugs)
    return copy.deepcopy(_PAY_MEMO[key])


def load_site_data(*, draft: Any = None) -> SiteData:
    """Read everything the export shows, in a fixed number of queries.

    With `draft` (a hub, career path or comparison page instance, e.g. a
    revision's or the editor's unsaved preview), the site is read as if that
    page were published as it stands: the preview of a page is built here,
    by the same code as its export.
    """
    from cms import selectors as cms_selectors
    from cms.models import (
        CareerPathPage,
        CareerPathRelatedPath,
        CareersHubPage,
        ComparisonPage,
        ComparisonRelatedPath,
        ComparisonStatistic,
    )
    from jobs import selectors as jobs_selectors

    streams = page_streams()
    hub_page = draft if isinstance(draft, CareersHubPage) else cms_selectors.hub_page()
    hub = {
        "id": hub_page.id if hub_page else None,
        "title": hub_page.title if hub_page else "Careers",
        "seo_title": getattr(hub_page, "seo_title", "") if hub_page else "",
        "search_description": getattr(hub_page, "search_description", "") if hub_page else "",
        "intro": hub_page.intro if hub_page else "",
    }

    # Plain rows, not page instances: building thousands of Page objects costs more than the rest.
    path_fields = (*PAGE_FIELDS, "role_name", "summary")
    path_rows = list(cms_selectors.path_pages().values(*path_fields, **_raw("body", "salary_notes")))
    if isinstance(draft, CareerPathPage):
        path_rows = _with_draft(path_rows, draft, path_fields, ("body", "salary_notes"))
    elif isinstance(draft, CareersHubPage):
        # The hub's draft order of featured paths first, then the rest as they are.
        featured = [item.path_id for item in _ordered(draft.featured_paths.all())]
        rank = {path_id: index for index, path_id in enumerate(featured)}
        path_rows.sort(key=lambda row: rank.get(row["id"], len(rank)))
    live_path_ids = {row["id"]: row["slug"] for row in path_rows}
    related = _children(CareerPathRelatedPath, cms_selectors.path_pages(), "target_id", "reason")
    if isinstance(draft, CareerPathPage):
        related[draft.pk] = [(item.target_id, item.reason) for item in _ordered(draft.related_paths.all())]
    refs = References()
    refs.rich_text.append(hub["intro"])

    def related_paths(page_id: int) -> list[dict[str, str]]:
        return [
            {"slug": live_path_ids[target], "reason": reason}
            for target, reason in related.get(page_id, [])
            if target in live_path_ids
        ]

    paths: list[dict[str, Any]] = []
    for row in path_rows:
        body, notes = stream_data(row["raw_body"]), stream_data(row["raw_salary_notes"])
        page_refs = collect(streams["path_body"], body, References())
        note_refs = collect(streams["salary_notes"], notes, References())
        for part in (page_refs, note_refs):
            refs.statistic_ids |= part.statistic_ids
            refs.source_ids |= part.source_ids
            refs.rich_text += part.rich_text
        paths.append(
            {
                **_page_fields(row),
                "role_name": row["role_name"] or row["title"],
                "summary": row["summary"],
                "body": body,
                "salary_notes": notes,
                "related": related_paths(row["id"]),
                "link_ids": page_link_ids(page_refs.rich_text + note_refs.rich_text),
                "statistic_ids": sorted(page_refs.statistic_ids | note_refs.statistic_ids),
                "source_ids": sorted(page_refs.source_ids | note_refs.source_ids),
                "note_source_ids": sorted(note_refs.source_ids),
            }
        )

    comparison_fields = (
        *PAGE_FIELDS, "left_path_id", "right_path_id", "summary", "intro", "short_version",
        "choose_left_if", "choose_right_if",
    )
    comparison_rows = list(cms_selectors.comparison_pages().values(*comparison_fields, **_raw("body", "faq")))
    related = _children(ComparisonRelatedPath, cms_selectors.comparison_pages(), "target_id", "reason")
    cited_statistics = _children(ComparisonStatistic, cms_selectors.comparison_pages(), "statistic_id")
    if isinstance(draft, ComparisonPage):
        comparison_rows = _with_draft(comparison_rows, draft, comparison_fields, ("body", "faq"))
        related[draft.pk] = [(item.target_id, item.reason) for item in _ordered(draft.related_paths.all())]
        cited_statistics[draft.pk] = [(link.statistic_id,) for link in _ordered(draft.statistic_links.all())]
    comparisons: list[dict[str, Any]] = []
    stream_digests: dict[str, str] = {}
    parsed_now: dict[str, tuple] = {}
    for row in comparison_rows:
        raw = None
        if isinstance(row["raw_body"], str) and isinstance(row["raw_faq"], str):
            # The stored JSON as read: hashing it costs far less than hashing the parsed blocks again.
            raw = f"{row['raw_body']}\0{row['raw_faq']}"
            stream_digests[row["slug"]] = hashlib.blake2b(raw.encode(), digest_size=10).hexdigest()
        parsed = _PARSED_STREAMS.get(raw) if raw is not None else None
        if parsed is None:
            body, faq = stream_data(row["raw_body"]), stream_data(row["raw_faq"])
            page_refs = collect(streams["comparison_body"], body, References())
            collect(streams["faq"], faq, page_refs)
            parsed = (body, faq, page_refs)
        if raw is not None:
            parsed_now[raw] = parsed
        body, faq, page_refs = parsed
        cited = [statistic_id for (statistic_id,) in cited_statistics.get(row["id"], []) if statistic_id]
        refs.statistic_ids |= page_refs.statistic_ids | set(cited)
        refs.source_ids |= page_refs.source_ids
        refs.rich_text += page_refs.rich_text
        comparisons.append(
            {
                **_page_fields(row),
                "left": live_path_ids.get(row["left_path_id"]),
                "right": live_path_ids.get(row["right_path_id"]),
                "summary": row["summary"],
                "intro": row["intro"],
                "short_version": row["short_version"],
                "choose_left_if": row["choose_left_if"],
                "choose_right_if": row["choose_right_if"],
                "body": body,
                "faq": faq,
                "statistics": cited,
                "related": related_paths(row["id"]),
                "link_ids": page_link_ids(page_refs.rich_text),
                "statistic_ids": sorted(page_refs.statistic_ids | set(cited)),
                "source_ids": sorted(page_refs.source_ids),
            }
        )

    # Only the comparisons as they stand now are kept for the next export.
    _PARSED_STREAMS.clear()
    _PARSED_STREAMS.update(parsed_now)

    resolved = resolve(refs)

    slugs = [path["slug"] for path in paths]
    listings_by_path: dict[str, list[dict[str, Any]]] = defaultdict(list)
    # Only what finding changes and similar jobs need (id, path, content hash, seniority, currency),
    # newest first; the rest of a listing is read later, and only for the pages being rendered
    # (SiteData.load_listings).
    index = (
        jobs_selectors.open_canonical_listings()
        .filter(career_path__slug__in=slugs)
        .order_by(F("posted_at").desc(nulls_last=True), F("first_seen_at").desc(), "-id")
        # The last write as stored (text): only compared, so never parsed into a datetime.
        .values_list("id", "career_path__slug", "content_hash", "seniority", "salary_currency",
                     Cast("updated_at", TextField()))
    )
    listings_state = hashlib.blake2b(digest_size=16)
    for listing_id, slug, digest, seniority, currency, updated in index.iterator(chunk_size=5000):
        listings_by_path[slug].append(
            {"id": listing_id, "path": slug, "content_hash": digest, "level": seniority or "",
             "currency": currency or "", "loaded": False}
        )
        listings_state.update(f"{listing_id}|{slug}|{digest}|{updated}\n".encode())

    from jobs import market

    # A fixed number of queries for every path together: pay, skills and trends. The cards'
    # figures are read off the same pay figures (one pass over the listings, not two).
    pay = _path_pay(slugs, listings_state.hexdigest()) if slugs else {}
    stats = {slug: card_figures(pay.get(slug) or {}, market.reference_currency()) for slug in slugs}
    skills = market.path_skills(slugs, limit=SKILLS_READ) if slugs else {}
    trends = market.path_trends(slugs, days=TREND_DAYS) if slugs else {}

    data = SiteData(
        hub=hub,
        paths=paths,
        comparisons=comparisons,
        listings_by_path=dict(listings_by_path),
        stats={slug: stats.get(slug) or {} for slug in slugs},
        statistics=resolved.statistics,
        sources=resolved.sources,
        link_targets=resolved.link_targets,
        stream_digests=stream_digests,
        generated=jobs_selectors.generated_listings_present(),
        market=pay,
        skills={slug: skills.get(slug) or [] for slug in slugs},
        trends={slug: trends.get(slug) or [] for slug in slugs},
    )
    data.fingerprints = entity_fingerprints(data)
    return data


def card_figures(entry: dict[str, Any], reference: str) -> dict[str, Any]:
    """What a hub card, a path or a comparison side shows of a path's pay (the shape of
    `jobs.market.path_cards`), from its `path_pay` entry: the median annual pay in the
    reference currency (None under the minimum sample) and the most-listed currency."""
    annual = {figure["currency"]: figure for figure in (entry.get("pay") or {}).get("annual") or []}
    ref = annual.get(reference) or {}
    main = entry.get("main_currency")
    return {
        "open_jobs": entry.get("open_jobs") or 0,
        "median_annual": ref.get("median"),
        "currency": reference,
        "sample_size": ref.get("count") or 0,
        "main_currency": (
            {
                "currency": main,
                "median_annual": annual[main].get("median"),
                "sample_size": annual[main].get("count") or 0,
            }
            if main and main != reference and main in annual
            else None
        ),
    }


def entity_fingerprints(data: SiteData) -> dict[str, str]:
    """One fingerprint per thing a page can be built from (see `pages.plan_site` for who uses which)."""
    fps: dict[str, str] = {
        "hub": fingerprint(data.hub),
        "paths": fingerprint([path["slug"] for path in data.paths]),
        "comparisons": fingerprint([(c["slug"], c["title"], c["summary"]) for c in data.comparisons]),
    }
    comparisons_of: dict[str, list] = defaultdict(list)
    for comparison in data.comparisons:
        slug = comparison["slug"]
        if slug in data.stream_digests:
            shown = {key: value for key, value in comparison.items() if key not in ("body", "faq")}
            fps[f"comparison:{slug}"] = fingerprint((shown, data.stream_digests[slug]))
        else:
            fps[f"comparison:{slug}"] = fingerprint(comparison)
        for side in (comparison["left"], comparison["right"]):
            if side:
                comparisons_of[side].append((comparison["slug"], comparison["title"]))
    for path in data.paths:
        slug = path["slug"]
        fps[f"path:{slug}:name"] = fingerprint((path["title"], path["role_name"]))
        fps[f"path:{slug}:card"] = fingerprint((path["title"], path["role_name"], path["summary"]))
        fps[f"path:{slug}:content"] = fingerprint(
            (
                path["body"],
                path["related"],
                path["seo_title"],
                path["search_description"],
                path["first_published_at"],
                path["last_published_at"],
            )
        )
        fps[f"path:{slug}:salary_notes"] = fingerprint(path["salary_notes"])
        fps[f"comparisons-of:{slug}"] = fingerprint(comparisons_of.get(slug, []))
        fps[f"stats:{slug}"] = fingerprint(data.stats.get(slug))
        entry = data.market.get(slug) or {}
        fps[f"salaries:{slug}"] = fingerprint(entry)
        fps[f"trend:{slug}"] = fingerprint(data.trends.get(slug))
        fps[f"skills:{slug}"] = fingerprint(data.skills.get(slug))
        # What a job page shows of its path's pay: the median for one seniority in one currency.
        for figure in (entry.get("pay") or {}).get("annual") or []:
            for level, group in (figure.get("by_seniority") or {}).items():
                fps[f"pay:{slug}:{figure['currency']}:{level}"] = fingerprint(group)
        listings = data.listings_by_path.get(slug, [])
        fps[f"jobs:{slug}:count"] = fingerprint(len(listings))
        for listing in listings:
            # The jobs part's content hash covers every normalised field of a listing (title,
            # company, places, pay, description, links, dates); a change to it re-renders the
            # job page and the list page it sits on.
            fps[f"listing:{listing['id']}"] = f"{listing['content_hash']}:{slug}"
    from frontend_export.figures import reference_scale
    from jobs.market import reference_currency

    # The one scale of every path's pay-by-seniority chart in the reference currency.
    fps["pay-scale"] = fingerprint(reference_scale(data.market, reference_currency()))
    for stat_id, stat in data.statistics.items():
        fps[f"statistic:{stat_id}"] = fingerprint((stat, data.sources.get(stat["source"])))
    for source_id, source in data.sources.items():
        fps[f"source:{source_id}"] = fingerprint(source)
    for page_id, url in data.link_targets.items():
        fps[f"url:{page_id}"] = fingerprint(url)
    return fps
