"""The plan of the site: every page, the template that renders it, and the
keys of what it is built from.

A page's `deps` name exactly what it shows (see `data.entity_fingerprints`):
the hub shows each path's card and live figures, so editing a path's summary
re-renders the hub, that path, and the comparisons naming it, and nothing else;
a job page shows one listing and its path's name, so a sync that changes one
listing re-renders that job page and the list page it sits on. URLs come only
from `config.public_urls`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from config import public_urls
from frontend_export import jsonld
from frontend_export.blocks import BlockRenderer, skill_names
from frontend_export.data import SiteData
from frontend_export.html import attr, clean_description, safe_url, script_json, text

JOBS_PER_PAGE = 50
WORKPLACE_LABELS = {"remote": "Remote", "hybrid": "Hybrid", "onsite": "On-site", "unspecified": ""}
EMPLOYMENT_LABELS = {
    "full_time": "Full time",
    "part_time": "Part time",
    "contract": "Contract",
    "temporary": "Temporary",
    "internship": "Internship",
}
PERIOD_LABELS = {"hour": "an hour", "day": "a day", "week": "a week", "month": "a month", "year": "a year"}


def url_to_relpath(url: str) -> str:
    """`/careers/` -> `careers/index.html`; `/sitemap.xml` -> `sitemap.xml`."""
    path = url.lstrip("/")
    return f"{path}index.html" if url.endswith("/") else path


def relpath_to_url(relpath: str) -> str:
    if relpath == "index.html":
        return "/"
    if relpath.endswith("/index.html"):
        return "/" + relpath[: -len("index.html")]
    return "/" + relpath


@dataclass
class PlannedPage:
    url: str
    template: str
    deps: list[str]
    context: Callable[[], dict[str, Any]]
    sitemap: bool = True
    listing_ids: tuple[int, ...] = ()  # the listings it shows, read in full before rendering
    relpath: str = field(init=False)

    def __post_init__(self) -> None:
        self.relpath = url_to_relpath(self.url)


def money(amount: float | None, currency: str | None) -> str | None:
    if amount is None or not currency:
        return None
    return f"{currency} {amount:,.0f}"


def salary_text(salary: dict[str, Any] | None) -> str | None:
    """A listing's pay as the source stated it, e.g. 'USD 120,000–150,000 a year'."""
    if not salary:
        return None
    low, high, currency = salary.get("min"), salary.get("max"), salary["currency"]
    period = PERIOD_LABELS.get(salary.get("period") or "", "")
    if low is not None and high is not None and low != high:
        figure = f"{currency} {low:,.0f}–{high:,.0f}"
    else:
        figure = money(low if low is not None else high, currency)
    return f"{figure} {period}".strip() if figure else None


class SitePlanner:
    """Builds the plan and, lazily, each page's template context."""

    def __init__(self, data: SiteData, *, assets: dict[str, str]):
        self.data = data
        self.assets = assets
        self.paths = data.path_by_slug
        self.site_name = settings.WAGTAIL_SITE_NAME
        self.site_name_html = text(self.site_name)
        self.asset_urls = {key: attr(url) for key, url in assets.items()}
        chrome = {
            "site_name": self.site_name,
            "hub_url": public_urls.hub_url(),
            "search_url": public_urls.search_url(),
            "suggest_url": search_api_url() + "suggest/",
        }
        self.header = render_to_string("frontend_export/_header.html", chrome)
        self.footer = render_to_string("frontend_export/_footer.html", chrome)

    @staticmethod
    def breadcrumbs(crumbs: list[tuple[str, str]]) -> SafeString:
        if not crumbs:
            return mark_safe("")
        *links, (current, _) = crumbs
        # Plain concatenation of escaped parts: this runs once per page, ten thousand times.
        items = "".join(f'<li><a href="{attr(link)}">{text(name)}</a></li>' for name, link in links)
        items += f'<li><span aria-current="page">{text(current)}</span></li>'
        return mark_safe(f'<nav class="crumbs" aria-label="Breadcrumb"><ol>{items}</ol></nav>')  # noqa: S308

    def base(
        self,
        *,
        url: str,
        title: str,
        description: str,
        crumbs: list[tuple[str, str]] | None = None,
        structured: list[dict] | None = None,
        og_type: str = "website",
        robots: str = "",
    ) -> dict[str, Any]:
        blocks = [*(structured or [])]
        if crumbs:
            blocks.append(jsonld.breadcrumb_list(crumbs))
        # Every value is escaped here (quickly, once) so that the template has nothing left to escape.
        site_name = self.site_name_html
        canonical = attr(public_urls.absolute(url))
        title_html = text(title)
        description_html = text(" ".join((description or "").split())[:300])
        # The head is one string built here: as template variables, its dozen values cost more
        # to render than the rest of a job page.
        head = [f"<title>{site_name if url == '/' else f'{title_html} | {site_name}'}</title>"]
        head.append(f'<meta name="description" content="{description_html}">' if description_html else "")
        head.append(f'<meta name="robots" content="{attr(robots)}">' if robots else "")
        head += [
            f'<link rel="canonical" href="{canonical}">\n<meta property="og:url" content="{canonical}">',
            f'<meta property="og:type" content="{attr(og_type)}">',
            f'<meta property="og:title" content="{title_html}">',
            f'<meta property="og:description" content="{description_html}">' if description_html else "",
            f'<meta property="og:site_name" content="{site_name}">',
            '<meta property="og:locale" content="en">',
            '<meta name="twitter:card" content="summary">',
            f'<link rel="stylesheet" href="{self.asset_urls["css"]}">',
            f'<link rel="icon" href="{self.asset_urls.get("icon", "")}" type="image/svg+xml">',
            # Search-as-you-type in the header, on every page (an external script: no inline code).
            f'<script src="{self.asset_urls["combobox"]}" defer></script>' if "combobox" in self.asset_urls else "",
            '<link rel="sitemap" type="application/xml" href="/sitemap.xml">',
        ]
        structured_html = "".join(
            f'<script type="application/ld+json">{script_json(block)}</script>\n' for block in blocks
        )
        return {
            "site_name": site_name,
            "url": url,
            "canonical": canonical,
            "title": title_html,
            "description": description_html,
            "head": mark_safe("\n".join(head)),  # noqa: S308 - every value in it is escaped above
            "structured_data": mark_safe(structured_html),  # noqa: S308 - script_json escapes for <script>
            "header": self.header,
            "footer": self.footer,
            "breadcrumbs": self.breadcrumbs(crumbs or []),
            "css_url": self.asset_urls["css"],
            "js_url": self.asset_urls.get("js"),
            "icon_url": self.asset_urls.get("icon"),
            "hub_url": public_urls.hub_url(),
            "search_url": public_urls.search_url(),
        }

    def crumbs(self, *extra: tuple[str, str]) -> list[tuple[str, str]]:
        return [("Home", "/"), (self.data.hub["title"], public_urls.hub_url()), *extra]

    def renderer(self, left: str = "", right: str = "") -> BlockRenderer:
        return BlockRenderer(
            statistics=self.data.statistics,
            sources=self.data.sources,
            link_targets=self.data.link_targets,
            left_label=left,
            right_label=right,
        )

    def live(self, slug: str) -> dict[str, Any]:
        """A path's live figures and links, as the hub, path and comparison pages show them."""
        stats = self.data.stats.get(slug) or {}
        return {
            "open_jobs": len(self.data.listings_by_path.get(slug, [])),
            "median": money(stats.get("median_annual"), stats.get("currency")),
            "sample_size": stats.get("sample_size") or 0,
            "jobs_url": public_urls.jobs_url(slug),
            "salaries_url": public_urls.salaries_url(slug),
        }

    def card(self, slug: str) -> dict[str, Any]:
        path = self.paths[slug]
        return {
            "slug": slug,
            "title": path["title"],
            "role_name": path["role_name"],
            "summary": path["summary"],
            "url": public_urls.path_url(slug),
            **self.live(slug),
        }

    @staticmethod
    def live_deps(slug: str) -> list[str]:
        return [f"stats:{slug}", f"jobs:{slug}:count"]

    @staticmethod
    def block_deps(item: dict[str, Any], statistic_ids: list[int], source_ids: list[int]) -> list[str]:
        return (
            [f"statistic:{i}" for i in statistic_ids]
            + [f"source:{i}" for i in source_ids]
            + [f"url:{i}" for i in item["link_ids"]]
        )

    # -- the plan -------------------------------------------------------------------------------
    def plan(self) -> list[PlannedPage]:
        data = self.data
        slugs = [path["slug"] for path in data.paths]
        pages = [
            PlannedPage("/", "frontend_export/home.html", ["hub", "comparisons"], self.home),
            PlannedPage(
                public_urls.hub_url(),
                "frontend_export/hub.html",
                [
                    "hub",
                    "paths",
                    "comparisons",
                    *(dep for s in slugs for dep in (f"path:{s}:card", *self.live_deps(s))),
                ],
                self.hub,
            ),
            PlannedPage(
                public_urls.search_url(),
                "frontend_export/search.html",
                ["paths", *(f"path:{s}:name" for s in slugs)],
                self.search,
            ),
            PlannedPage("/404.html", "frontend_export/404.html", [], self.not_found, sitemap=False),
        ]
        for path in data.paths:
            slug = path["slug"]
            stat_ids, source_ids = self.refs(path["body"] + path["salary_notes"])
            pages.append(
                PlannedPage(
                    public_urls.path_url(slug),
                    "frontend_export/path.html",
                    [
                        f"path:{slug}:card",
                        f"path:{slug}:content",
                        f"path:{slug}:salary_notes",
                        f"comparisons-of:{slug}",
                        *self.live_deps(slug),
                        *(f"path:{rel['slug']}:name" for rel in path["related"]),
                        *self.block_deps(path, stat_ids, source_ids),
                    ],
                    lambda path=path: self.path(path),
                )
            )
            _, note_sources = self.refs(path["salary_notes"])
            pages.append(
                PlannedPage(
                    public_urls.salaries_url(slug),
                    "frontend_export/salaries.html",
                    [
                        f"path:{slug}:name",
                        f"path:{slug}:salary_notes",
                        f"salaries:{slug}",
                        *self.live_deps(slug),
                        *(f"source:{i}" for i in note_sources),
                    ],
                    lambda path=path: self.salaries(path),
                )
            )
            listings = data.listings_by_path.get(slug, [])
            page_count = max(1, math.ceil(len(listings) / JOBS_PER_PAGE))
            for number in range(1, page_count + 1):
                chunk = listings[(number - 1) * JOBS_PER_PAGE : number * JOBS_PER_PAGE]
                pages.append(
                    PlannedPage(
                        public_urls.jobs_url(slug, number),
                        "frontend_export/jobs.html",
                        [
                            f"path:{slug}:name",
                            f"jobs:{slug}:count",
                            *(f"listing:{job['id']}" for job in chunk),
                        ],
                        lambda path=path, chunk=chunk, number=number, page_count=page_count: self.jobs(
                            path, chunk, number, page_count
                        ),
                        listing_ids=tuple(job["id"] for job in chunk),
                    )
                )
            for listing in listings:
                pages.append(
                    PlannedPage(
                        public_urls.job_url(slug, listing["id"]),
                        "frontend_export/job.html",
                        [f"path:{slug}:name", f"listing:{listing['id']}"],
                        lambda path=path, listing=listing: self.job(path, listing),
                        listing_ids=(listing["id"],),
                    )
                )
        for comparison in data.comparisons:
            sides = [s for s in (comparison["left"], comparison["right"]) if s]
            stat_ids, source_ids = self.refs(comparison["body"] + comparison["faq"])
            stat_ids = sorted(set(stat_ids) | set(comparison["statistics"]))
            pages.append(
                PlannedPage(
                    public_urls.comparison_url(comparison["slug"]),
                    "frontend_export/comparison.html",
                    [
                        f"comparison:{comparison['slug']}",
                        *(dep for s in sides for dep in (f"path:{s}:card", *self.live_deps(s))),
                        *(f"path:{rel['slug']}:name" for rel in comparison["related"]),
                        *self.block_deps(comparison, stat_ids, source_ids),
                    ],
                    lambda comparison=comparison: self.comparison(comparison),
                )
            )
        return pages

    def prefetch(self, pages: list[PlannedPage]) -> None:
        """Read now what rendering these pages will need from the database (rendering may fork)."""
        listing_ids: set[int] = set()
        salary_slugs: list[str] = []
        for page in pages:
            if page.template == "frontend_export/salaries.html":
                salary_slugs.append(page.url.strip("/").split("/")[-1])
            listing_ids.update(page.listing_ids)
        self.data.load_salaries(salary_slugs)
        self.data.load_listings(listing_ids)

    @staticmethod
    def refs(blocks: list[dict]) -> tuple[list[int], list[int]]:
        from frontend_export.data import _walk_refs

        statistic_ids: set[int] = set()
        source_ids: set[int] = set()
        _walk_refs(blocks, statistic_ids, source_ids, [])
        return sorted(statistic_ids), sorted(source_ids)

    # -- page contexts -------------------------------------------------------------------------
    def home(self) -> dict[str, Any]:
        hub = self.data.hub
        context = self.base(
            url="/",
            title=self.site_name,
            description=hub["search_description"]
            or "Career paths, comparisons, live jobs and salaries for data and AI professionals.",
        )
        context.update(comparisons=self.comparison_links(), intro=self.renderer().rich_text(hub["intro"]))
        return context

    def comparison_links(self) -> list[dict[str, str]]:
        return [
            {"title": c["title"], "summary": c["summary"], "url": public_urls.comparison_url(c["slug"])}
            for c in self.data.comparisons
        ]

    def hub(self) -> dict[str, Any]:
        hub = self.data.hub
        url = public_urls.hub_url()
        context = self.base(
            url=url,
            title=hub["seo_title"] or hub["title"],
            description=hub["search_description"]
            or "Explore related career paths in data and AI: what each "
            "role does, live open jobs and salaries.",
            crumbs=[("Home", "/"), (hub["title"], url)],
        )
        context.update(
            heading=hub["title"],
            intro=self.renderer().rich_text(hub["intro"]),
            paths=[self.card(path["slug"]) for path in self.data.paths],
            comparisons=self.comparison_links(),
        )
        return context

    def article_base(self, page: dict[str, Any], url: str) -> dict[str, Any]:
        """The head of a content page (path or comparison): SEO title, crumbs and its Article JSON-LD."""
        description = page["search_description"] or page["summary"]
        return self.base(
            url=url,
            title=page["seo_title"] or page["title"],
            description=description,
            crumbs=self.crumbs((page["title"], url)),
            og_type="article",
            structured=[
                jsonld.article(
                    headline=page["title"],
                    description=description,
                    url=url,
                    published=page["first_published_at"],
                    modified=page["last_published_at"],
                )
            ],
        )

    def path(self, path: dict[str, Any]) -> dict[str, Any]:
        slug = path["slug"]
        context = self.article_base(path, public_urls.path_url(slug))
        renderer = self.renderer()
        context.update(
            path=self.card(slug),
            body=renderer.render(path["body"]),
            salary_notes=renderer.render(path["salary_notes"]),
            related=[
                {
                    "title": self.paths[rel["slug"]]["title"],
                    "reason": rel["reason"],
                    "url": public_urls.path_url(rel["slug"]),
                }
                for rel in path["related"]
            ],
            comparisons=[
                {"title": c["title"], "url": public_urls.comparison_url(c["slug"])}
                for c in self.data.comparisons
                if slug in (c["left"], c["right"])
            ],
            skills=skill_names(path["body"]),
        )
        return context

    def comparison(self, comparison: dict[str, Any]) -> dict[str, Any]:
        context = self.article_base(comparison, public_urls.comparison_url(comparison["slug"]))
        left = self.card(comparison["left"]) if comparison["left"] else None
        right = self.card(comparison["right"]) if comparison["right"] else None
        renderer = self.renderer(left["role_name"] if left else "", right["role_name"] if right else "")
        context.update(
            comparison=comparison,
            left=left,
            right=right,
            sides=[side for side in (left, right) if side],
            body=renderer.render(comparison["body"]),
            faq=renderer.render(comparison["faq"]),
            statistics=[renderer.statistic(i) for i in comparison["statistics"]],
            related=[
                {
                    "title": self.paths[rel["slug"]]["title"],
                    "reason": rel["reason"],
                    "url": public_urls.path_url(rel["slug"]),
                }
                for rel in comparison["related"]
            ],
        )
        return context

    def jobs(self, path: dict[str, Any], chunk: list[dict], number: int, page_count: int) -> dict[str, Any]:
        slug = path["slug"]
        url = public_urls.jobs_url(slug, number)
        total = len(self.data.listings_by_path.get(slug, []))
        title = f"{path['role_name']} jobs" + (f" (page {number} of {page_count})" if number > 1 else "")
        crumbs = self.crumbs((path["title"], public_urls.path_url(slug)), (f"{path['role_name']} jobs", url))
        context = self.base(
            url=url,
            title=title,
            crumbs=crumbs,
            description=f"{total} open {path['role_name']} jobs, with pay where the employer states it.",
        )
        context.update(
            heading=title,
            path=path,
            path_url=public_urls.path_url(slug),
            total=total,
            salaries_url=public_urls.salaries_url(slug),
            jobs=[self.job_row(slug, listing) for listing in chunk],
            number=number,
            page_count=page_count,
            previous_url=public_urls.jobs_url(slug, number - 1) if number > 1 else None,
            next_url=public_urls.jobs_url(slug, number + 1) if number < page_count else None,
            first=(number - 1) * JOBS_PER_PAGE + 1,
            last=(number - 1) * JOBS_PER_PAGE + len(chunk),
        )
        return context

    @staticmethod
    def job_row(slug: str, listing: dict[str, Any]) -> dict[str, Any]:
        return {
            "title": text(listing["title"]),
            "company": text(listing["company"]),
            "url": public_urls.job_url(slug, listing["id"]),
            "locations": text(", ".join(listing["locations"])),
            "workplace": WORKPLACE_LABELS.get(listing["workplace"], ""),
            "employment_type": EMPLOYMENT_LABELS.get(listing["employment_type"] or "", ""),
            "salary": salary_text(listing["salary"]),
            "posted": (listing["posted_at"] or "")[:10],
        }

    def job(self, path: dict[str, Any], listing: dict[str, Any]) -> dict[str, Any]:
        slug = path["slug"]
        url = public_urls.job_url(slug, listing["id"])
        description_html = clean_description(listing["description_html"])
        crumbs = self.crumbs(
            (path["title"], public_urls.path_url(slug)),
            (f"{path['role_name']} jobs", public_urls.jobs_url(slug)),
            (listing["title"], url),
        )
        at = f" at {listing['company']}" if listing["company"] else ""
        context = self.base(
            url=url,
            title=f"{listing['title']}{at}",
            crumbs=crumbs,
            description=f"{listing['title']}{at}. {', '.join(listing['locations'])}",
            structured=[jsonld.job_posting(listing, description_html=str(description_html), url=url)],
        )
        context.update(
            job=self.job_row(slug, listing),
            listing=listing,
            description=description_html,
            seniority=(listing["seniority"] or "").capitalize(),
            apply_url=safe_url(listing["apply_url"]) or safe_url(listing["url"]),
            original_url=safe_url(listing["url"]),
            path=path,
            path_url=public_urls.path_url(slug),
            jobs_url=public_urls.jobs_url(slug),
            salaries_url=public_urls.salaries_url(slug),
        )
        return context

    def salaries(self, path: dict[str, Any]) -> dict[str, Any]:
        slug = path["slug"]
        url = public_urls.salaries_url(slug)
        crumbs = self.crumbs(
            (path["title"], public_urls.path_url(slug)), (f"{path['role_name']} salaries", url)
        )
        context = self.base(
            url=url,
            title=f"{path['role_name']} salaries",
            crumbs=crumbs,
            description=f"What {path['role_name']} jobs pay: the distribution from open listings, "
            "per currency, beside curated figures with their sources.",
        )
        context.update(
            path=path,
            path_url=public_urls.path_url(slug),
            jobs_url=public_urls.jobs_url(slug),
            live=self.live(slug),
            distribution=salary_tables(self.data.salary_distribution(slug)),
            salary_notes=self.renderer().render(path["salary_notes"]),
        )
        return context

    def search(self) -> dict[str, Any]:
        context = self.base(
            url=public_urls.search_url(),
            title="Search roles and jobs",
            description="Search career paths, comparisons and open jobs in data and AI.",
        )
        context.update(
            api_url=search_api_url(),
            suggest_url=search_api_url() + "suggest/",
            path_names=json.dumps({p["slug"]: p["title"] for p in self.data.paths}),
            paths=[
                {
                    "title": p["title"],
                    "url": public_urls.path_url(p["slug"]),
                    "jobs_url": public_urls.jobs_url(p["slug"]),
                }
                for p in self.data.paths
            ],
        )
        return context

    def not_found(self) -> dict[str, Any]:
        context = self.base(url="/404.html", title="Page not found", description="", robots="noindex")
        context["canonical"] = ""
        return context


def search_api_url() -> str:
    """The search API as the page should call it: site-relative when it is on the
    site's own origin, so the export works on any host name that serves both."""
    url = settings.SEARCH_API_URL or "/api/search/"
    if url.startswith(settings.SITE_URL + "/"):
        return url[len(settings.SITE_URL) :]
    return url


def salary_tables(distribution: dict[str, Any]) -> dict[str, Any]:
    """The jobs part's salary distribution, shaped for the template."""
    currencies = []
    for entry in distribution.get("currencies") or []:
        currency = entry.get("currency")
        row = {
            "currency": currency,
            "count": entry.get("count") or 0,
            "share": entry.get("share_disclosing"),
            "figures": [
                (label, money(entry.get(key), currency))
                for key, label in (
                    ("min", "Lowest"),
                    ("p25", "25th percentile"),
                    ("median", "Median"),
                    ("p75", "75th percentile"),
                    ("max", "Highest"),
                )
            ],
            "breakdowns": [],
        }
        for key, label in (
            ("by_workplace", "By workplace"),
            ("by_country", "By country"),
            ("by_seniority", "By seniority"),
        ):
            groups = entry.get(key) or []
            if isinstance(groups, dict):
                groups = [{"key": name, **value} for name, value in groups.items()]
            row["breakdowns"].append(
                {
                    "label": label,
                    "rows": [
                        {
                            "key": group.get("key") or "—",
                            "count": group.get("count") or 0,
                            "median": money(group.get("median"), currency),
                        }
                        for group in groups
                    ],
                }
            )
        currencies.append(row)
    return {
        "currencies": currencies,
        "as_of": distribution.get("as_of"),
        "open_jobs": distribution.get("open_jobs"),
        "disclosing": distribution.get("disclosing"),
    }
