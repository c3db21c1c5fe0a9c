"""Benchmark the job sync on a generated 10,000-listing Greenhouse board.

Generates a board in the Greenhouse Job Board API format (escaped HTML
content, pay ranges in metadata, posts sharing an internal job id), serves it
over local HTTP with `jobs.feedserver`, and measures, end to end through
`jobs.services.source_sync` (fetch, parse, normalise, sanitise, classify,
upsert, de-duplicate):

- the first sync (target: at least 1,000 listings/s);
- a re-sync of the unchanged board (target: under 3 s and zero writes to
  listings; every INSERT/UPDATE/DELETE is counted).

Usage: DEBUG=1 .venv/bin/python bench/jobs_sync.py [--listings 10000] [--runs 3]
Uses DATABASE_URL when set (a separate test database is created and dropped),
otherwise an SQLite file in a temporary folder.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="bench-jobs-"))
os.environ.setdefault("DEBUG", "1")
os.environ["VAR_DIR"] = str(WORKDIR / "var")
os.environ["JOBS_ALLOW_PRIVATE_FEEDS"] = "1"
# Hand-offs to search and the export go to a queue of their own, purged at the end.
os.environ["CELERY_TASK_DEFAULT_QUEUE"] = f"bench-jobs-{os.getpid()}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["LOG_LEVEL"] = "WARNING"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

TITLES = [
    "Machine Learning Engineer",
    "Senior Machine Learning Engineer",
    "Staff ML Engineer",
    "Data Engineer",
    "Senior Data Engineer",
    "Analytics Engineer",
    "Data Scientist",
    "Senior Data Scientist",
    "Principal Data Scientist",
    "Data Analyst",
    "Product Analyst",
    "BI Analyst",
    "MLOps Engineer",
    "ML Platform Engineer",
    "LLM Engineer",
    "Generative AI Engineer",
    "RAG Engineer",
    "AI Engineer",
    "Applied AI Engineer",
    "LLMOps Engineer",
    "AI Research Scientist",
    "Research Scientist, NLP",
    "Computer Vision Engineer",
    "Head of Data",
    "Software Engineer, Search",
    "Solutions Architect",
]
PLACES = [
    ("San Francisco, CA", "USD", 2080, (55, 110)),
    ("New York, NY", "USD", 1, (140_000, 260_000)),
    ("Berlin, Germany", "EUR", 1, (65_000, 120_000)),
    ("London, United Kingdom", "GBP", 1, (60_000, 130_000)),
    ("Toronto, ON, Canada", "CAD", 1, (110_000, 190_000)),
    ("Remote", "USD", 1, (120_000, 220_000)),
    ("Paris, France; Amsterdam, Netherlands", "EUR", 12, (5_000, 9_000)),
]
BODY = (
    "<div class='content-intro'><p><strong>About us</strong></p><p>We build data products for {n} customers."
    "</p></div><h3>The role</h3><p>You will design, ship and run {title} work end to end &amp; own its "
    "evaluation.</p><ul><li>Build pipelines in Python and SQL</li><li>Monitor quality in production</li>"
    "<li>Mentor engineers</li></ul><p>Apply at <a href='https://example.org/jobs/{n}'>our site</a>.</p>"
    "<script>alert({n})</script>"
)


def generate_board(count: int, seed: int = 7) -> dict:
    """A Greenhouse board of `count` posts; about 3% share an internal job id with another post."""
    rng = random.Random(seed)
    start = datetime(2026, 6, 1, tzinfo=UTC)
    jobs = []
    for n in range(count):
        title = rng.choice(TITLES)
        place, currency, multiplier, (low, high) = rng.choice(PLACES)
        posted = start + timedelta(minutes=rng.randrange(0, 200_000))
        metadata = [
            {
                "id": 1,
                "name": "Workplace Type",
                "value": rng.choice(["Hybrid", "Remote", "On-site"]),
                "value_type": "single_select",
            }
        ]
        if rng.random() < 0.7:
            amount = rng.randrange(low, high)
            period = {1: "Annual", 12: "Monthly", 2080: "Hourly"}[multiplier]
            metadata += [
                {"id": 2, "name": "Pay Frequency", "value": period, "value_type": "single_select"},
                {
                    "id": 3,
                    "name": "Pay Transparency Range",
                    "value_type": "currency_range",
                    "value": {
                        "unit": currency,
                        "min_value": f"{amount}.0",
                        "max_value": f"{int(amount * rng.uniform(1.1, 1.35))}.0",
                    },
                },
            ]
        group = 50_000_000 + (n - 1 if n and rng.random() < 0.03 else n)
        jobs.append(
            {
                "id": 40_000_000 + n,
                "internal_job_id": group,
                "title": title,
                "company_name": "Benchmark Data Co",
                "location": {"name": place},
                "absolute_url": f"https://boards.example/bench/jobs/{40_000_000 + n}",
                "updated_at": posted.astimezone().isoformat(),
                "first_published": posted.isoformat(),
                "requisition_id": f"REQ-{n:06d}",
                "language": "en",
                "metadata": metadata,
                "content": html.escape(BODY.format(n=n, title=title)),
                "departments": [{"id": 1, "name": "Data"}],
                "offices": [],
            }
        )
    return {"jobs": jobs, "meta": {"total": len(jobs)}}


def create_paths() -> None:
    """The ten career paths with the demo title patterns, as the classifier reads them."""
    from wagtail.models import Page

    from cms import demo_data
    from cms.models import CareerPathPage, CareersHubPage, HomePage

    home = Page.get_first_root_node().add_child(instance=HomePage(title="Home", slug="bench-home"))
    hub = home.add_child(instance=CareersHubPage(title="Careers", slug="careers"))
    for spec in demo_data.PATHS:
        hub.add_child(
            instance=CareerPathPage(
                title=spec["title"],
                slug=spec["slug"],
                role_name=spec["role_name"],
                summary=spec["summary"],
                title_patterns="\n".join(spec["patterns"]),
                live=True,
            )
        )


def is_write(sql: str, table: str | None = None) -> bool:
    head = sql.lstrip().upper()
    if not head.startswith(("INSERT", "UPDATE", "DELETE")):
        return False
    return table is None or table in sql.split(" SET ")[0].split(" VALUES")[0].split(" WHERE ")[0]


def machine() -> str:
    cores = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            cursor.execute("select sqlite_version()")
            database = f"SQLite {cursor.fetchone()[0]}"
    return (
        f"{platform.node()} | {platform.platform()} | Python {platform.python_version()} | "
        f"{cores} cores ({usable} usable) | {database}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=10_000, help="posts on the generated board")
    parser.add_argument("--runs", type=int, default=3, help="re-syncs of the unchanged board to time")
    args = parser.parse_args()

    # Imported up front, as in a worker process (its tasks import them at start):
    # the sync's hand-offs to search and the export would otherwise pay the
    # one-off import of the search client inside the first timing.
    import frontend_export.services  # noqa: F401
    import search.services  # noqa: F401
    from jobs import services
    from jobs.feedserver import start_feed_server
    from jobs.models import JobListing, JobSource

    board = generate_board(args.listings)
    feed_file = WORKDIR / "greenhouse_bench.json"
    feed_file.write_text(json.dumps(board))
    base_url, stop = start_feed_server(feeds={("greenhouse", "bench"): feed_file})
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        create_paths()
        source = JobSource.objects.create(
            name="Bench", slug="bench", kind="greenhouse", board="bench", base_url=base_url
        )

        stages: dict[str, float] = {}

        def timed_sync():
            """Run one sync; note when it started fetching and writing (the rest is bookkeeping)."""
            stages.clear()
            stages["start"] = time.perf_counter()
            run = services.source_sync(
                source_id=source.pk, progress=lambda name: stages.__setitem__(name, time.perf_counter())
            )
            stages["end"] = time.perf_counter()
            return run, stages["writing"] - stages["fetching"], stages["end"] - stages["writing"]

        first, first_fetch, first_write = timed_sync()
        first_seconds = stages["end"] - stages["start"]
        assert first.status == "ok", first.reason
        stored = JobListing.objects.count()

        resync_seconds, resync_fetch, resync_write, listing_writes, other_writes = [], [], [], 0, 0
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                run, fetch_seconds, write_seconds = timed_sync()
            resync_seconds.append(stages["end"] - stages["start"])
            resync_fetch.append(fetch_seconds)
            resync_write.append(write_seconds)
            assert run.status == "ok", run.reason
            assert (run.new, run.updated, run.closed) == (0, 0, 0)
            writes = [q["sql"] for q in queries.captured_queries if is_write(q["sql"])]
            listing_writes += sum(is_write(sql, "jobs_listing") for sql in writes)
            other_writes += sum(not is_write(sql, "jobs_listing") for sql in writes)

        rate = args.listings / first_seconds
        print(f"jobs sync benchmark  {datetime.now(UTC):%Y-%m-%d %H:%M UTC}")
        print(f"machine: {machine()}")
        print(f"board: {args.listings} Greenhouse posts, {feed_file.stat().st_size / 1e6:.1f} MB over {base_url}")
        print(
            f"first sync:  {first_seconds:6.2f} s  {rate:8.0f} listings/s  "
            f"(new {first.new}, duplicates {first.duplicates}, invalid {first.invalid}, stored {stored})"
            f"  target >= 1000/s: {'PASS' if rate >= 1000 else 'FAIL'}"
        )
        print(
            f"             fetch + parse + normalise (connector) {first_fetch:.2f} s, "
            f"classify + upsert + de-duplicate + commit {first_write:.2f} s"
        )
        median = statistics.median(resync_seconds)
        print(
            f"re-sync:     {median:6.2f} s median of {args.runs} "
            f"(min {min(resync_seconds):.2f}, max {max(resync_seconds):.2f}); "
            f"listing writes {listing_writes}, run bookkeeping writes {other_writes}"
            f"  target < 3 s, 0 writes: {'PASS' if median < 3 and listing_writes == 0 else 'FAIL'}"
        )
        print(
            f"             fetch + parse + normalise (connector) {statistics.median(resync_fetch):.2f} s, "
            f"compare + de-duplicate + commit {statistics.median(resync_write):.2f} s"
        )
        if hasattr(os, "getloadavg"):
            print("load average after the runs (1, 5, 15 min): " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    finally:
        stop()
        connection.creation.destroy_test_db(test_db, verbosity=0)
        _purge_queue()
        shutil.rmtree(WORKDIR, ignore_errors=True)
    return 0


def _purge_queue() -> None:
    from config.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(os.environ["CELERY_TASK_DEFAULT_QUEUE"])
    except Exception as exc:  # the queue may not exist when nothing was handed off
        print(f"(queue not purged: {exc})", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
