"""Loads the demo content (`cms.demo_data`) into the page tree, idempotently.

Pages that already exist are left as editors left them, so running the loader
twice changes nothing; `update=True` rewrites the demo pages from the bundled
data, publishing a new revision only where the content differs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from wagtail.models import Page, Site

from cms import demo_data
from cms.models import (
    CareerPathPage,
    CareerPathRelatedPath,
    CareersHubPage,
    ComparisonIndexPage,
    ComparisonPage,
    ComparisonRelatedPath,
    ComparisonStatistic,
    HomePage,
    HubFeaturedPath,
    Source,
    Statistic,
)

_PATH_LINK_RE = re.compile(r"\{\{path:([a-z0-9-]+)\}\}(.*?)\{\{/path\}\}", re.DOTALL)

Progress = Callable[[str], None]


@dataclass
class DemoReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def record(self, label: str, outcome: str) -> None:
        getattr(self, outcome).append(label)


def demo_steps() -> int:
    """How many progress steps `load_demo_content` reports (for a progress bar)."""
    return 3 + len(demo_data.PATHS) * 2 + len(demo_data.COMPARISONS)


def _link_paths(html: str, ids: dict[str, int]) -> str:
    def replace(match: re.Match[str]) -> str:
        slug, text = match.group(1), match.group(2)
        if slug not in ids:
            return text
        return f'<a linktype="page" id="{ids[slug]}">{text}</a>'

    return _PATH_LINK_RE.sub(replace, html)


def _paragraph(text: str) -> str:
    return text if text.lstrip().startswith("<") else f"<p>{text}</p>"


def _without_ids(value):
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def _fingerprint(page: Page) -> str:
    """A comparable form of a page's content, without block ids or tree fields."""
    specific = page.specific
    data: dict = {"title": specific.title}
    for fld in type(specific)._meta.get_fields():
        if fld.concrete and fld.model not in (Page,) and not fld.primary_key and fld.name != "page_ptr":
            value = getattr(specific, fld.attname)
            if hasattr(value, "stream_block"):
                value = _without_ids(value.stream_block.get_api_representation(value))
            data[fld.name] = value
    for relation in ("related_paths", "statistic_links", "featured_paths"):
        if hasattr(specific, relation):
            data[relation] = [
                {k: v for k, v in vars(item).items() if k not in ("_state", "id", "page_id", "sort_order")}
                for item in getattr(specific, relation).all()
            ]
    return json.dumps(data, sort_keys=True, default=str)


def _publish(page: Page, report: DemoReport, label: str, outcome: str) -> None:
    page.save_revision().publish()
    report.record(label, outcome)


def _ensure_site_root() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's install creates a plain "Welcome" page as the site root; the HomePage replaces it.
        for default in root.get_children().filter(content_type__model="page", content_type__app_label="wagtailcore"):
            if default.slug == demo_data.HOME["slug"] and default.numchild == 0:
                default.delete()
        home = root.add_child(
            instance=HomePage(title=demo_data.HOME["title"], slug=demo_data.HOME["slug"], intro=demo_data.HOME["intro"])
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Careers")
    elif site.root_page_id != home.id:
        site.root_page = home
        site.is_default_site = True
        site.save()
    return home


def _ensure_child(parent: Page, model: type[Page], slug: str, **fields) -> tuple[Page, bool]:
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    page = parent.add_child(instance=model(slug=slug, **fields))
    return page, True


def _path_body(spec: dict, ids: dict[str, int], statistics: dict[str, Statistic]) -> list[tuple[str, dict]]:
    body: list[tuple[str, dict]] = [
        ("section", {"heading": "", "body": _link_paths(spec["intro"], ids)}),
        (
            "responsibilities",
            {"heading": "What the role does", "intro": "", "items": spec["responsibilities"]},
        ),
        (
            "skills",
            {
                "heading": "Skills",
                "groups": [{"kind": kind, "skills": skills} for kind, skills in spec["skills"].items()],
            },
        ),
        ("tools", {"heading": "Tools", "tools": [{"name": n, "category": c} for n, c in spec["tools"]]}),
    ]
    if spec.get("statistic"):
        body.append(("statistic", {"statistic": statistics[spec["statistic"]]}))
    body.append(
        (
            "faq",
            {
                "heading": "Frequently asked questions",
                "items": [{"question": q, "answer": _paragraph(a)} for q, a in spec["faq"]],
            },
        )
    )
    return body


def _apply_path(page: CareerPathPage, spec: dict, ids, statistics, sources, paths) -> None:
    page.title = spec["title"]
    page.role_name = spec["role_name"]
    page.summary = spec["summary"]
    page.title_patterns = "\n".join(spec["patterns"])
    page.body = _path_body(spec, ids, statistics)
    page.salary_notes = [
        (
            "figure",
            {"title": s["title"], "figure": s["figure"], "note": s["note"], "source": sources[s["source"]]},
        )
        for s in spec["salary"]
    ]
    page.related_paths = [
        CareerPathRelatedPath(target=paths[slug], reason=reason) for slug, reason in spec["related"] if slug in paths
    ]


def _apply_comparison(page: ComparisonPage, spec: dict, ids, statistics, paths) -> None:
    page.title = spec["title"]
    page.left_path = paths[spec["left"]]
    page.right_path = paths[spec["right"]]
    page.summary = spec["summary"]
    page.intro = spec["intro"]
    page.short_version = spec["short_version"]
    page.choose_left_if = spec["choose_left_if"]
    page.choose_right_if = spec["choose_right_if"]
    page.body = [
        (
            "comparison",
            {
                "topic": table["topic"],
                "heading": table["heading"],
                "intro": _link_paths(table["intro"], ids),
                "rows": table["rows"],
            },
        )
        for table in spec["tables"]
    ]
    page.faq = [("question", {"question": q, "answer": _paragraph(a)}) for q, a in spec["faq"]]
    page.statistic_links = [ComparisonStatistic(statistic=statistics[key]) for key in spec["statistics"]]
    page.related_paths = [ComparisonRelatedPath(target=paths[slug], reason=reason) for slug, reason in spec["related"]]


def _save_snippets() -> tuple[dict[str, Source], dict[str, Statistic]]:
    sources: dict[str, Source] = {}
    for key, spec in demo_data.SOURCES.items():
        sources[key], _ = Source.objects.get_or_create(url=spec["url"], defaults=spec)
    statistics: dict[str, Statistic] = {}
    for key, spec in demo_data.STATISTICS.items():
        source = sources[spec["source"]]
        statistic = Statistic.objects.filter(figure=spec["figure"], source=source).first()
        if statistic is None:
            statistic = Statistic.objects.create(figure=spec["figure"], statement=spec["statement"], source=source)
        statistics[key] = statistic
    return sources, statistics


def _update_page(page: Page, apply: Callable[[Page], None], update: bool, created: bool, report, label) -> None:
    if created:
        apply(page)
        _publish(page, report, label, "created")
        return
    if not update:
        report.record(label, "unchanged")
        return
    before = _fingerprint(page)
    apply(page)
    if _fingerprint(page) == before and not page.has_unpublished_changes:
        report.record(label, "unchanged")
    else:
        _publish(page, report, label, "updated")


@transaction.atomic
def load_demo_content(*, update: bool = False, progress: Progress | None = None) -> DemoReport:
    """Create the demo site tree, paths, comparisons, sources and statistics."""
    report = DemoReport()
    step = progress or (lambda label: None)

    home = _ensure_site_root()
    sources, statistics = _save_snippets()
    step("site and snippets")

    hub, hub_created = _ensure_child(home, CareersHubPage, demo_data.HUB["slug"], title=demo_data.HUB["title"])
    index, index_created = _ensure_child(
        hub,
        ComparisonIndexPage,
        demo_data.COMPARISON_INDEX["slug"],
        title=demo_data.COMPARISON_INDEX["title"],
    )
    step("hub")

    # Pass 1: every path exists (as a live page) so that related paths and links can point at it.
    paths: dict[str, CareerPathPage] = {}
    created_paths: set[str] = set()
    for spec in demo_data.PATHS:
        page, created = _ensure_child(
            hub,
            CareerPathPage,
            spec["slug"],
            title=spec["title"],
            role_name=spec["role_name"],
            summary=spec["summary"],
        )
        paths[spec["slug"]] = page
        if created:
            created_paths.add(spec["slug"])
        step(f"path {spec['slug']}")
    ids = {slug: page.id for slug, page in paths.items()}

    # Pass 2: content, related paths and patterns, then publish.
    for spec in demo_data.PATHS:
        page = paths[spec["slug"]]
        _update_page(
            page,
            lambda p, spec=spec: _apply_path(p, spec, ids, statistics, sources, paths),
            update,
            spec["slug"] in created_paths,
            report,
            f"path {spec['slug']}",
        )
        step(f"content {spec['slug']}")

    def apply_hub(page: CareersHubPage) -> None:
        page.title = demo_data.HUB["title"]
        page.intro = demo_data.HUB["intro"]
        page.featured_paths = [HubFeaturedPath(path=paths[spec["slug"]]) for spec in demo_data.PATHS]

    _update_page(hub, apply_hub, update, hub_created, report, "hub")

    def apply_index(page: ComparisonIndexPage) -> None:
        page.title = demo_data.COMPARISON_INDEX["title"]
        page.intro = demo_data.COMPARISON_INDEX["intro"]

    _update_page(index, apply_index, update, index_created, report, "comparison index")
    step("hub content")

    for spec in demo_data.COMPARISONS:
        page, created = _ensure_child(
            index,
            ComparisonPage,
            spec["slug"],
            title=spec["title"],
            left_path=paths[spec["left"]],
            right_path=paths[spec["right"]],
            summary=spec["summary"],
            short_version=spec["short_version"],
            choose_left_if=spec["choose_left_if"],
            choose_right_if=spec["choose_right_if"],
        )
        _update_page(
            page,
            lambda p, spec=spec: _apply_comparison(p, spec, ids, statistics, paths),
            update,
            created,
            report,
            f"comparison {spec['slug']}",
        )
        step(f"comparison {spec['slug']}")
    return report
