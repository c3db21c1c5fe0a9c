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

from cms.streams import StreamRenderer
from config import public_urls
from frontend_export import charts, figures, jsonld
from frontend_export.data import SKILLS_SHOWN, SiteData, page_streams
from frontend_export.figures import money
from frontend_export.html import attr, clean_description, safe_url, script_json, text
from jobs import market
from jobs.models import JobListing
from jobs.normalise import country_name

JOBS_PER_PAGE = 50
SIMILAR_JOBS = 5


def _labels(choices: type) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


# Human labels come from the jobs part's own choices ("On-site", "Mid-level"), never raw values.
WORKPLACE_LABELS = {**_labels(JobListing.Workplace), "unspecified": ""}
EMPLOYMENT_LABELS = _labels(JobListing.EmploymentType)
SENIORITY_LABELS = _labels(JobListing.Seniority)
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
    charts: tuple[str, ...] = ()  # the paths whose charts it shows, drawn before rendering
    relpath: str = field(init=False)

    def __post_init__(self) -> None:
        self.relpath = url_to_relpath(self.url)


def salary_text(salary: dict[str, Any] | None) -> str | None:
    """A listing's pay as the source stated it, e.g. 'USD 120,000–150,000 a year'."""
    if not salary:
        return None
    low, high, currency = salary.get("min"), salary.get("max"), salary["currency"]
    period = PERIOD_LABELS.get(salary.get("period") or "", "")
    if low is not None and high is not None and low != high:
        figure = f"{currency} {low:,.0f}–{high:,.0f}"
    elif low is None and high is not None:
        figure = f"up to {money(high, currency)}"  # an open bound read from the description
    elif high is None and low is not None:
        figure = f"from {money(low, currency)}"
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
            "generated": data.generated,
            "suggest_url": search_api_url() + "suggest/",
        }
        self.streams = page_streams()
        self.blocks = StreamRenderer(data.resolved)
        self.header = render_to_string("frontend_export/_header.html", chrome)
        self.footer = render_to_string("frontend_export/_footer.html", chrome)
        self.reference_currency = market.reference_currency()
        self.reference_scale = figures.reference_scale(data.market, self.reference_currency)
        self._trends: dict[str, dict[str, Any] | None] = {}
        self._skills: dict[str, dict[str, Any] | None] = {}
        self._reference_pay: dict[str, dict[str, Any] | None] = {}
        self._similar_rows: dict[int, str] = {}

    # -- a path's figures, each built once per export (their charts are drawn by `draw_charts`) --
    def trend(self, slug: str) -> dict[str, Any] | None:
        if slug not in self._trends:
            self._trends[slug] = figures.trend_figure(self.paths[slug]["role_name"], self.data.trends.get(slug) or [])
        return self._trends[slug]

    def skills(self, slug: str) -> dict[str, Any] | None:
        if slug not in self._skills:
            self._skills[slug] = figures.skills_figure(
                self.paths[slug]["role_name"],
                self.data.skills.get(slug) or [],
                limit=SKILLS_SHOWN,
                open_jobs=len(self.data.listings_by_path.get(slug, [])),
            )
        return self._skills[slug]

    def reference_pay(self, slug: str) -> dict[str, Any] | None:
        """Median annual pay by seniority in the reference currency, on the scale all paths share."""
        if slug not in self._reference_pay:
            entry = figures.reference_entry(self.data.market.get(slug), self.reference_currency)
            self._reference_pay[slug] = (
                figures.seniority_figure(
                    self.paths[slug]["role_name"], entry, SENIORITY_LABELS, max_value=self.reference_scale
                )
                if entry
                else None
            )
        return self._reference_pay[slug]

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
            "jobs_js_url": self.asset_urls.get("jobs_js"),
            "icon_url": self.asset_urls.get("icon"),
            "hub_url": public_urls.hub_url(),
            "search_url": public_urls.search_url(),
        }

    def crumbs(self, *extra: tuple[str, str]) -> list[tuple[str, str]]:
        return [("Home", "/"), (self.data.hub["title"], public_urls.hub_url()), *extra]

    def render_blocks(self, stream: str, blocks: list[dict], **page: Any) -> SafeString:
        """Stored blocks of one of the page streams (`data.page_streams`), through their own templates."""
        return self.blocks.render(self.streams[stream], blocks, page)

    def live(self, slug: str) -> dict[str, Any]:
        """A path's live figures and links, as the hub, path and comparison pages show them."""
        stats = self.data.stats.get(slug) or {}
        open_jobs = len(self.data.listings_by_path.get(slug, []))
        return {
            "open_jobs": open_jobs,
            "median": money(stats.get("median_annual"), stats.get("currency")),
            "currency": stats.get("currency") or self.reference_currency,
            "sample_size": stats.get("sample_size") or 0,
            "main_currency": (
                {
                    "currency": main["currency"],
                    "median": money(main.get("median_annual"), main["currency"]),
                    "sample_size": main.get("sample_size") or 0,
                }
                if (main := stats.get("main_currency"))
                else None
            ),
            # No link to an empty list: a path without open jobs says so in plain text.
            "jobs_url": public_urls.jobs_url(slug) if open_jobs else None,
            "salaries_url": public_urls.salaries_url(slug),
            "trend": self.trend(slug),
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
        return [f"stats:{slug}", f"jobs:{slug}:count", f"trend:{slug}"]

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
                charts=tuple(slugs),
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
            stat_ids, source_ids = path["statistic_ids"], path["source_ids"]
            pages.append(
                PlannedPage(
                    public_urls.path_url(slug),
                    "frontend_export/path.html",
                    [
                        f"path:{slug}:card",
                        f"path:{slug}:content",
                        f"path:{slug}:salary_notes",
                        f"comparisons-of:{slug}",
                        f"skills:{slug}",
                        *self.live_deps(slug),
                        *(f"path:{rel['slug']}:name" for rel in path["related"]),
                        *self.block_deps(path, stat_ids, source_ids),
                    ],
                    lambda path=path: self.path(path),
                    charts=(slug,),
                )
            )
            note_sources = path["note_source_ids"]
            pages.append(
                PlannedPage(
                    public_urls.salaries_url(slug),
                    "frontend_export/salaries.html",
                    [
                        f"path:{slug}:name",
                        f"path:{slug}:salary_notes",
                        f"salaries:{slug}",
                        "pay-scale",
                        *self.live_deps(slug),
                        *(f"source:{i}" for i in note_sources),
                    ],
                    lambda path=path: self.salaries(path),
                    charts=(slug,),
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
            pages.append(
                PlannedPage(
                    public_urls.jobs_data_url(slug),
                    "frontend_export/jobs.json",
                    [f"jobs:{slug}:count", *(f"listing:{job['id']}" for job in listings)],
                    lambda path=path: self.jobs_data(path),
                    sitemap=False,
                    listing_ids=tuple(job["id"] for job in listings),
                )
            )
            similar = similar_jobs(listings)
            for listing in listings:
                others = similar.get(listing["id"], [])
                pages.append(
                    PlannedPage(
                        public_urls.job_url(slug, listing["id"]),
                        "frontend_export/job.html",
                        [
                            f"path:{slug}:name",
                            f"listing:{listing['id']}",
                            f"pay:{slug}:{listing['currency']}:{listing['level'] or 'unspecified'}",
                            *(f"listing:{other['id']}" for other in others),
                        ],
                        lambda path=path, listing=listing, others=others: self.job(path, listing, others),
                        listing_ids=(listing["id"], *(other["id"] for other in others)),
                    )
                )
        for comparison in data.comparisons:
            sides = [s for s in (comparison["left"], comparison["right"]) if s]
            stat_ids, source_ids = comparison["statistic_ids"], comparison["source_ids"]
            pages.append(
                PlannedPage(
                    public_urls.comparison_url(comparison["slug"]),
                    "frontend_export/comparison.html",
                    [
                        f"comparison:{comparison['slug']}",
                        "pay-scale",
                        *(
                            dep
                            for s in sides
                            for dep in (f"path:{s}:card", f"skills:{s}", f"salaries:{s}", *self.live_deps(s))
                        ),
                        *(f"path:{rel['slug']}:name" for rel in comparison["related"]),
                        *self.block_deps(comparison, stat_ids, source_ids),
                    ],
                    lambda comparison=comparison: self.comparison(comparison),
                    charts=tuple(sides),
                )
            )
        return pages

    def prefetch(self, pages: list[PlannedPage]) -> None:
        """Read now what rendering these pages will need from the database (rendering may fork)."""
        listing_ids: set[int] = set()
        for page in pages:
            listing_ids.update(page.listing_ids)
        self.data.load_listings(listing_ids)
        self.draw_charts(sorted({slug for page in pages for slug in page.charts}))

    def draw_charts(self, slugs: list[str]) -> None:
        """Draw, on every core, the charts of these paths that are not drawn yet: the hub, the
        path, its salary page and every comparison naming it share them, and the page render
        (which forks) would otherwise draw each of them once per process."""
        from frontend_export.render import run_in_processes

        with charts.collect_missing() as missing:
            for slug in slugs:
                self.trend(slug)
                self.skills(slug)
                self.reference_pay(slug)
        # Built with blank charts while collecting: build them again, from the drawn charts.
        self._trends.clear()
        self._skills.clear()
        self._reference_pay.clear()
        if missing:
            charts.remember(run_in_processes(charts.draw, missing))

    # -- page contexts -------------------------------------------------------------------------
    def home(self) -> dict[str, Any]:
        hub = self.data.hub
        context = self.base(
            url="/",
            title=self.site_name,
            description=hub["search_description"]
            or "Career paths, comparisons, live jobs and salaries for data and AI professionals.",
        )
        context.update(comparisons=self.comparison_links(), intro=self.blocks.rich_text(hub["intro"]))
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
            intro=self.blocks.rich_text(hub["intro"]),
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
        context.update(
            path=self.card(slug),
            body=self.render_blocks("path_body", path["body"]),
            salary_notes=self.render_blocks("salary_notes", path["salary_notes"]),
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
            trend=self.trend(slug),
            demand=self.skills(slug),
        )
        return context

    def comparison(self, comparison: dict[str, Any]) -> dict[str, Any]:
        context = self.article_base(comparison, public_urls.comparison_url(comparison["slug"]))
        left = self.card(comparison["left"]) if comparison["left"] else None
        right = self.card(comparison["right"]) if comparison["right"] else None
        sides = {"left_label": left["role_name"] if left else "", "right_label": right["role_name"] if right else ""}
        statistic_block = self.streams["comparison_body"].child_blocks["statistic"]
        context.update(
            comparison=comparison,
            left=left,
            right=right,
            sides=[side for side in (left, right) if side],
            market=self.comparison_market(comparison["left"], comparison["right"]),
            body=self.render_blocks("comparison_body", comparison["body"], **sides),
            faq=self.render_blocks("faq", comparison["faq"]),
            statistics=[self.blocks.block(statistic_block, {"statistic": i}) for i in comparison["statistics"]],
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

    def comparison_market(self, left: str | None, right: str | None) -> dict[str, Any] | None:
        """Both sides' pay by seniority (reference currency, one scale) and skills, side by side."""
        if not left or not right:
            return None
        names = (self.paths[left]["role_name"], self.paths[right]["role_name"])
        skills = figures.comparison_skills(
            self.data.skills.get(left) or [], self.data.skills.get(right) or [], limit=SKILLS_SHOWN
        )
        pay = [self.reference_pay(left), self.reference_pay(right)]
        demand = [self.skills(left), self.skills(right)]
        return {
            "currency": self.reference_currency,
            "names": names,
            "pay": [{"name": name, "figure": figure} for name, figure in zip(names, pay, strict=True)],
            "has_pay": any(figure and figure["chart"] for figure in pay),
            "demand": [{"name": name, "figure": figure} for name, figure in zip(names, demand, strict=True)],
            "skills": skills,
        }

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
            data_url=public_urls.jobs_data_url(slug),
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
            "seniority": SENIORITY_LABELS.get(listing["seniority"] or "", ""),
            "salary": salary_text(listing["salary"]),
            "pay_source": (listing["salary"] or {}).get("pay_source") or "",
            "posted": (listing["posted_at"] or "")[:10],
        }

    def similar_html(self, slug: str, others: list[dict[str, Any]]) -> SafeString:
        """The similar jobs of a job page, as one string: each listing is among the similar jobs of
        about five pages, so its row is built once, in Python (a template loop costs more than the
        rest of a job page)."""
        rows = []
        for other in others:
            row = self._similar_rows.get(other["id"])
            if row is None:
                job = self.job_row(slug, other)
                meta = "".join(
                    f"<span>{value}</span>"
                    for value in (job["company"], job["locations"], job["seniority"])
                    if value
                )
                if job["salary"]:
                    meta += f'<span class="pay">{text(job["salary"])}</span>'
                row = self._similar_rows[other["id"]] = (
                    f'<li class="job"><h3 class="job-title"><a href="{attr(job["url"])}">{job["title"]}</a></h3>'
                    f'<p class="meta">{meta}</p></li>'
                )
            rows.append(row)
        return mark_safe("".join(rows))  # noqa: S308 - every value in it is escaped above

    def jobs_data(self, path: dict[str, Any]) -> dict[str, Any]:
        """The path's open jobs as compact JSON for the list page's filters (newest first)."""
        slug = path["slug"]
        listings = self.data.listings_by_path.get(slug, [])
        countries = sorted({code for job in listings for code in job["country_codes"]})
        rows = []
        for job in listings:
            salary = job["salary"] or {}
            annual = [v for v in (salary.get("annual_min"), salary.get("annual_max")) if v is not None]
            rows.append(
                {
                    "id": job["id"],
                    "title": job["title"],
                    "company": job["company"],
                    "url": public_urls.job_url(slug, job["id"]),
                    "locations": ", ".join(job["locations"]),
                    "countries": job["country_codes"],
                    "workplace": job["workplace"],
                    "seniority": job["seniority"] or "",
                    "employment": EMPLOYMENT_LABELS.get(job["employment_type"] or "", ""),
                    "pay": salary_text(job["salary"]),
                    "currency": salary.get("currency") or "",
                    # For sorting by pay within a currency: the midpoint of the range, per year.
                    "annual": round(sum(annual) / len(annual)) if annual else None,
                    "posted": (job["posted_at"] or "")[:10],
                }
            )
        body = {
            "path": slug,
            "labels": {
                "workplace": {k: v for k, v in WORKPLACE_LABELS.items() if v},
                "seniority": SENIORITY_LABELS,
                "country": {code: country_name(code) or code for code in countries},
            },
            "jobs": rows,
        }
        return {"body": mark_safe(json.dumps(body, ensure_ascii=False, separators=(",", ":")))}  # noqa: S308

    def job(self, path: dict[str, Any], listing: dict[str, Any], others: list[dict] | None = None) -> dict[str, Any]:
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
            seniority=SENIORITY_LABELS.get(listing["seniority"] or "", ""),
            similar=self.similar_html(slug, others or []),
            pay_against=figures.job_pay_comparison(
                listing,
                self.data.market.get(slug),
                market.pay_basis(employment_type=listing["employment_type"], seniority=listing["seniority"]),
                SENIORITY_LABELS,
            ),
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
            distribution=self.salary_tables(slug),
            salary_notes=self.render_blocks("salary_notes", path["salary_notes"]),
        )
        return context

    def salary_tables(self, slug: str) -> dict[str, Any]:
        """A path's pay on each basis, per currency: figures, a chart per seniority, breakdowns."""
        entry = self.data.salary_distribution(slug)
        role_name = self.paths[slug]["role_name"]
        workplaces = {**WORKPLACE_LABELS, "unspecified": "Not stated"}
        bases = []
        for basis in ("annual", "contract", "internship"):
            currencies = []
            for rank, figure in enumerate((entry.get("pay") or {}).get(basis) or []):
                currency = figure["currency"]
                if basis == "annual" and currency == self.reference_currency:
                    by_seniority = self.reference_pay(slug)
                else:
                    # Drawn for the currency with the most listings (entries come most first); the
                    # table beside every currency carries the same numbers for the others.
                    by_seniority = figures.seniority_figure(role_name, figure, SENIORITY_LABELS, draw=rank == 0)
                currencies.append(
                    {
                        "currency": currency,
                        "period": figures.PERIOD_WORDS.get(figure.get("period") or "year", ""),
                        "count": figure["count"],
                        "figures": figures.figure_rows(figure),
                        "seniority": by_seniority,
                        "workplace": figures.breakdown_rows(
                            figure.get("by_workplace") or {}, currency, lambda k: group_label(k, workplaces)
                        ),
                        "country": figures.breakdown_rows(
                            figure.get("by_country") or {}, currency, lambda k: group_label(k, None)
                        ),
                        "sources": len(figure.get("sources") or []),
                        "posted_from": figure.get("posted_from"),
                        "posted_to": figure.get("posted_to"),
                        "stated": (figure.get("pay_source") or {}).get("stated", 0),
                        "described": (figure.get("pay_source") or {}).get("description", 0),
                    }
                )
            if currencies:
                bases.append(
                    {
                        "key": basis,
                        "heading": figures.BASIS_HEADINGS[basis],
                        "note": figures.BASIS_NOTES[basis],
                        "currencies": currencies,
                    }
                )
        return {
            "bases": bases,
            "as_of": entry.get("as_of"),
            "open_jobs": entry.get("open_jobs") or 0,
            "with_pay": entry.get("with_pay") or 0,
            "other": (entry.get("other") or {}).get("count", 0),
            "min_sample": settings.MARKET_MIN_SAMPLE,
            "min_quartiles": settings.MARKET_MIN_SAMPLE_QUARTILES,
            "min_deciles": settings.MARKET_MIN_SAMPLE_DECILES,
        }

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


def similar_jobs(listings: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Up to SIMILAR_JOBS open jobs of the same path and seniority for each listing: its nearest
    neighbours in the newest-first list, so that a new listing changes the picks of a few pages only."""
    by_level: dict[str, list[dict[str, Any]]] = {}
    for listing in listings:
        by_level.setdefault(listing.get("level") or "", []).append(listing)
    similar: dict[int, list[dict[str, Any]]] = {}
    for group in by_level.values():
        for k, listing in enumerate(group):
            picks: list[dict[str, Any]] = []
            before, after = k - 1, k + 1
            while len(picks) < SIMILAR_JOBS and (before >= 0 or after < len(group)):
                if before >= 0:
                    picks.append(group[before])
                    before -= 1
                if len(picks) < SIMILAR_JOBS and after < len(group):
                    picks.append(group[after])
                    after += 1
            similar[listing["id"]] = picks
    return similar


def search_api_url() -> str:
    """The search API as the page should call it: site-relative when it is on the
    site's own origin, so the export works on any host name that serves both."""
    url = settings.SEARCH_API_URL or "/api/search/"
    if url.startswith(settings.SITE_URL + "/"):
        return url[len(settings.SITE_URL) :]
    return url


def group_label(key: str | None, names: dict[str, str] | None) -> str:
    """A breakdown group as visitors read it: "On-site", "Mid-level", "Germany"."""
    if not key:
        return "Not stated"
    if names is None:
        return country_name(key) or key
    return names.get(key) or key.replace("_", " ").capitalize()


