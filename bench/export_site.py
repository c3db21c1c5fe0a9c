"""Benchmark the static export at about 10,000 pages.

Generates career paths, comparisons (about 2,000 content pages) and 8,000 open
job listings in a throw-away database, then measures:

- a cold full export with every chart drawn (each path has 90 days of market
  snapshots and skills read from its listings by the jobs part's own
  service): target at least 1,500 pages/s on 2 cores;
- the database queries of a whole export at two sizes (a quarter of the
  paths, comparisons and listings, then all of them): they must not grow with
  pages or paths;
- an incremental export after editing one path's summary (target: under 0.5 s),
  and one with nothing changed.

Usage: DEBUG=1 .venv/bin/python bench/export_site.py [--paths 50] [--comparisons 1950] [--jobs 8000]
Uses DATABASE_URL when set (a separate test database is created and dropped),
otherwise an SQLite file in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="bench-export-"))
os.environ.setdefault("DEBUG", "1")
os.environ["VAR_DIR"] = str(WORKDIR / "var")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["LOG_LEVEL"] = "WARNING"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

SKILLS = [
    "Python",
    "SQL",
    "PyTorch",
    "Statistics",
    "Docker",
    "Kubernetes",
    "Prompt design",
    "Evaluation",
    "Spark",
    "dbt",
    "Airflow",
    "Feature stores",
    "Vector search",
    "A/B testing",
    "Communication",
]
WORKPLACES = ["remote", "hybrid", "onsite", "unspecified"]
COUNTRIES = [
    ("San Francisco, CA", "US"),
    ("London, UK", "GB"),
    ("Berlin", "DE"),
    ("Toronto", "CA"),
    ("Remote - US", "US"),
    ("Paris", "FR"),
    ("Singapore", "SG"),
]
CURRENCY = {"US": "USD", "GB": "GBP", "DE": "EUR", "CA": "CAD", "FR": "EUR", "SG": "SGD"}
DESCRIPTION = (
    "<h3>The role</h3><p>You will build and run {what} for a team of {n} people, working closely with product "
    "and platform engineers. You will own the evaluation harness and the data pipelines behind it.</p>"
    "<h3>What you will do</h3><ul><li>Design and ship {what} end to end</li><li>Write evaluation suites and "
    "monitor quality in production</li><li>Review code and mentor engineers</li><li>Work with data owners on "
    "access, privacy and retention</li></ul><h3>What you bring</h3><ul><li>Strong Python and SQL</li><li>"
    "Experience with {skill} in production</li><li>Clear writing</li></ul><p>We offer a salary range stated "
    'below, equity, and a learning budget. <a href="https://jobs.example.org/{n}">Read more</a>.</p>'
)


def section(text: str) -> tuple[str, dict]:
    return ("section", {"heading": "Overview", "body": f"<p>{text}</p>"})


def build_tree(paths: int, statistic):
    from wagtail.models import Page

    from cms.models import CareersHubPage, ComparisonIndexPage, HomePage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Home", slug="bench-home", intro="Careers."))
    hub = home.add_child(
        instance=CareersHubPage(title="Career paths", slug="careers", intro="<p>Explore related career paths.</p>")
    )
    index = hub.add_child(instance=ComparisonIndexPage(title="Compare", slug="compare"))
    return hub, index, add_paths(hub, 0, paths, statistic)


def add_paths(hub, start: int, stop: int, statistic) -> list:
    from cms.models import CareerPathPage

    created = []
    for n in range(start, stop):
        rng = random.Random(n)
        body = [
            section(
                f"Path {n} turns models and data into products; this paragraph stands in for a few hundred "
                "words of editorial content about the role, its history and where it is going."
            ),
            (
                "responsibilities",
                {
                    "heading": "What the role does",
                    "intro": "Day to day:",
                    "items": [f"Responsibility {k} of path {n}" for k in range(6)],
                },
            ),
            (
                "skills",
                {
                    "heading": "Skills",
                    "groups": [
                        {"kind": kind, "skills": rng.sample(SKILLS, 5)} for kind in ("programming", "ml", "data")
                    ],
                },
            ),
            ("tools", {"heading": "Tools", "tools": [{"name": f"Tool {k}", "category": "Serving"} for k in range(5)]}),
            ("statistic", {"statistic": statistic}),
            (
                "faq",
                {
                    "heading": "Frequently asked questions",
                    "items": [
                        {"question": f"Question {k} about path {n}?", "answer": f"<p>Answer {k}.</p>"} for k in range(4)
                    ],
                },
            ),
        ]
        page = CareerPathPage(
            title=f"Path {n} Engineer",
            slug=f"path-{n}",
            role_name=f"Path {n} Engineer",
            summary=f"Builds the things path {n} is known for.",
            body=body,
            salary_notes=[
                ("figure", {"title": "US median", "figure": "$120,000", "note": "2024", "source": statistic.source})
            ],
            title_patterns=f"path {n} engineer",
        )
        created.append(hub.add_child(instance=page))
    return created


def add_related(paths) -> None:
    from cms.models import CareerPathRelatedPath

    rows = []
    for n, page in enumerate(paths):
        for k, offset in enumerate((1, 2, 3)):
            rows.append(
                CareerPathRelatedPath(
                    page=page,
                    target=paths[(n + offset) % len(paths)],
                    reason=f"Shares skills with path {n}.",
                    sort_order=k,
                )
            )
    CareerPathRelatedPath.objects.bulk_create(rows)


def add_comparisons(index, paths, start: int, stop: int, statistic) -> None:
    from cms.models import ComparisonPage, ComparisonStatistic

    links = []
    for n in range(start, stop):
        left, right = paths[n % len(paths)], paths[(n * 7 + 1) % len(paths)]
        if left.id == right.id:
            right = paths[(n + 1) % len(paths)]
        page = ComparisonPage(
            title=f"{left.title} vs {right.title} ({n})",
            slug=f"comparison-{n}",
            left_path=left,
            right_path=right,
            summary=f"How {left.title} and {right.title} differ.",
            intro="Two roles, one team.",
            short_version="Pick the one whose daily work you enjoy.",
            choose_left_if="you like shipping.",
            choose_right_if="you like modelling.",
            body=[
                (
                    "comparison",
                    {
                        "topic": "responsibilities",
                        "heading": "Responsibilities",
                        "intro": "",
                        "rows": [
                            {"aspect": f"Aspect {k}", "left": "Ships features", "right": "Trains models"}
                            for k in range(6)
                        ],
                    },
                ),
                section("A free section comparing the two paths in a few sentences."),
                ("statistic", {"statistic": statistic}),
            ],
            faq=[("question", {"question": f"Question {k}?", "answer": "<p>Answer.</p>"}) for k in range(3)],
        )
        page = index.add_child(instance=page)
        links.append(ComparisonStatistic(page=page, statistic=statistic, sort_order=0))
    ComparisonStatistic.objects.bulk_create(links)


def add_listings(paths, start: int, stop: int) -> None:
    from jobs.models import JobListing, JobSource

    source, _ = JobSource.objects.get_or_create(
        slug="bench", defaults={"name": "Bench board", "kind": "greenhouse", "board": "bench"}
    )
    now = datetime.now(UTC)
    rows = []
    for n in range(start, stop):
        rng = random.Random(n)
        place, country = rng.choice(COUNTRIES)
        disclosed = rng.random() < 0.7
        low = rng.randrange(60, 200) * 1000
        rows.append(
            JobListing(
                source=source,
                external_id=str(n),
                title=f"Senior Path Engineer {n}",
                company=f"Company {n % 300}",
                locations=[place],
                country_codes=[country],
                workplace=rng.choice(WORKPLACES),
                employment_type="full_time",
                seniority=rng.choice(["junior", "mid", "senior", "lead"]),
                career_path=paths[n % len(paths)],
                salary_min=low if disclosed else None,
                salary_max=low + 30000 if disclosed else None,
                salary_currency=CURRENCY[country] if disclosed else "",
                salary_period="year" if disclosed else "",
                salary_annual_min=low if disclosed else None,
                salary_annual_max=low + 30000 if disclosed else None,
                description_html=DESCRIPTION.format(what="retrieval systems", n=n, skill=rng.choice(SKILLS)),
                description_text="",
                url=f"https://jobs.example.org/{n}",
                apply_url=f"https://jobs.example.org/{n}/apply",
                posted_at=now - timedelta(hours=n),
                first_seen_at=now,
                last_seen_at=now,
                updated_at=now,
                status="open",
                content_hash=f"{n:064x}",
            )
        )
    JobListing.objects.bulk_create(rows, batch_size=1000)


def add_market(paths, days: int = 90) -> None:
    """Skills read from the listings (the jobs part's own recount) and 90 daily snapshots per path."""
    from jobs.models import MarketSnapshot
    from jobs.skills import skills_recount

    skills_recount()
    today = datetime.now(UTC).date()
    rows = []
    for page in paths:
        rng = random.Random(page.id)
        open_jobs = rng.randrange(80, 200)
        for back in range(days - 1, -1, -1):
            new, closed = rng.randrange(0, 12), rng.randrange(0, 10)
            open_jobs = max(0, open_jobs + new - closed)
            rows.append(MarketSnapshot(path=page, date=today - timedelta(days=back), open_jobs=open_jobs,
                                       new_jobs=new, closed_jobs=closed,
                                       pay={"USD": {"count": 40, "median": 150000.0}}))
    MarketSnapshot.objects.bulk_create(rows, update_conflicts=True, unique_fields=["path", "date"],
                                       update_fields=["open_jobs", "new_jobs", "closed_jobs", "pay"])


def export(label: str, *, full: bool = False, fresh: bool = False, profile: bool = False) -> dict:
    from frontend_export.services import export_site

    if fresh:
        settings.EXPORT_DIR = WORKDIR / f"site-{label.replace(' ', '-')}"
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started, cpu_started = time.perf_counter(), os.times()
    report = export_site(full=full)
    seconds, cpu_done = time.perf_counter() - started, os.times()
    cpu = sum(cpu_done[:4]) - sum(cpu_started[:4])  # user + system, this process and its render children
    if profile:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(20)
    return {
        "label": label,
        "pages": report.pages,
        "rendered": len(report.rendered),
        "written": len(report.written),
        "removed": len(report.removed),
        "queries": report.queries,
        "seconds": seconds,
        "cpu": cpu,
    }


def count_charts(slug: str) -> dict:
    """How many `<svg role="img">` charts the exported hub, a path, its salary page and a comparison carry."""
    from config import public_urls
    from frontend_export.pages import url_to_relpath

    site = Path(settings.EXPORT_DIR)
    found = {}
    pages = (("hub", public_urls.hub_url()), ("path", public_urls.path_url(slug)),
             ("salary", public_urls.salaries_url(slug)), ("comparison", public_urls.comparison_url("comparison-0")))
    for name, url in pages:
        found[name] = (site / url_to_relpath(url)).read_text().count('role="img"')
    found["svg"] = sum(found.values())
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paths", type=int, default=50)
    parser.add_argument("--comparisons", type=int, default=1950)
    parser.add_argument("--jobs", type=int, default=8000)
    parser.add_argument(
        "--profile", choices=["cold", "unchanged", "edited"], help="print where that export spends its time"
    )
    args = parser.parse_args()
    from cms.models import Source, Statistic

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        t0 = time.perf_counter()
        source = Source.objects.create(
            publisher="Bench Bureau",
            title="Figures",
            url="https://stats.example.org/",
            retrieved_date=datetime(2026, 1, 1, tzinfo=UTC).date(),
        )
        statistic = Statistic.objects.create(figure="25%", statement="A figure worth quoting.", source=source)
        # A quarter of everything (paths too: per-path reads must not add queries), then all of it.
        quarter_p = max(2, args.paths // 4)
        hub, index, paths = build_tree(quarter_p, statistic)
        add_related(paths)
        quarter_c, quarter_j = args.comparisons // 4, args.jobs // 4
        add_comparisons(index, paths, 0, quarter_c, statistic)
        add_listings(paths, 0, quarter_j)
        add_market(paths)
        generated = time.perf_counter() - t0
        small = export("cold small", full=True, fresh=True)

        t0 = time.perf_counter()
        more = add_paths(hub, quarter_p, args.paths, statistic)
        add_related(more)
        paths += more
        add_comparisons(index, paths, quarter_c, args.comparisons, statistic)
        add_listings(paths, quarter_j, args.jobs)
        add_market(paths)
        generated += time.perf_counter() - t0
        cold = export("cold full", full=True, fresh=True, profile=args.profile == "cold")
        cold_charts = count_charts(paths[0].slug)
        unchanged = export("incremental, nothing changed", profile=args.profile == "unchanged")
        page = paths[0]
        page.summary = "Edited summary for the benchmark."
        page.save_revision().publish()
        edited = export("incremental, one summary edited", profile=args.profile == "edited")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(WORKDIR, ignore_errors=True)

    content_pages = args.paths + args.comparisons
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"export_site benchmark  {datetime.now(UTC):%Y-%m-%d %H:%M} UTC  cores={cores}  load average={load}  "
        f"python={platform.python_version()}  db={connection.vendor}"
    )
    print(
        f"data: {args.paths} paths ({quarter_p} in the small run), {args.comparisons} comparisons "
        f"({content_pages} content pages), "
        f"{args.jobs} open listings; generated in {generated:.1f} s"
    )
    print(
        f"{'run':34} {'pages':>7} {'rendered':>9} {'written':>8} {'queries':>8} {'seconds':>8} {'pages/s':>8} "
        f"{'cpu s':>7}"
    )
    for row in (small, cold, unchanged, edited):
        rate = row["rendered"] / row["seconds"] if row["rendered"] else 0
        print(f"{row['label']:34} {row['pages']:>7} {row['rendered']:>9} {row['written']:>8} {row['queries']:>8} "
              f"{row['seconds']:>8.2f} {rate:>8.0f} {row['cpu']:>7.2f}")
    charts = sum(1 for name in ("hub", "path", "salary", "comparison") if cold_charts.get(name))
    print(f"charts: {cold_charts.get('svg', 0)} inline SVG charts in the hub, path, salary and comparison pages "
          f"checked ({charts} of 4 kinds of page carry them)")
    checks = [
        ("every kind of page that has charts carries them", charts == 4),
        ("at least 1500 pages/s", cold["rendered"] / cold["seconds"] >= 1500),
        (f"queries do not grow with pages or paths ({small['queries']} at {small['pages']} pages, "
         f"{cold['queries']} at {cold['pages']})", cold["queries"] <= small["queries"]),
        ("incremental export after one edit under 0.5 s", edited["seconds"] < 0.5),
    ]
    for label, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
