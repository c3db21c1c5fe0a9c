"""Benchmark the job sync on a generated 10,000-listing Greenhouse board.

Generates a board in the Greenhouse Job Board API format (escaped HTML
content, pay ranges in metadata, posts sharing an internal job id), serves it
over local HTTP with `jobs.feedserver`, and measures, end to end through
`jobs.services.source_sync` (fetch, parse, normalise, sanitise, classify,
upsert, de-duplicate):

- the first sync (target: at least 2,000 listings/s);
- a re-sync of the unchanged board (target: under 1 s and zero writes to
  listings; every INSERT/UPDATE/DELETE is counted).

Then, on PostgreSQL and Redis, many sources: 500 boards of 40 listings in the
eight formats (written by the demo market's feed writers), each synced by one
`jobs.sync_source` task through a real Celery worker with 2 processes. It
prints the wall time from the first task sent to the last result, listings/s
(target: at least 1,000) and the per-task overhead: the wall time the worker
spends per task beyond the sync itself, and the round trip of a no-op task.

Usage: DEBUG=1 .venv/bin/python bench/jobs_sync.py [--listings 10000] [--runs 3]
       [--sources 500] [--per-source 40] [--part all|single|many]
Uses DATABASE_URL when set (a separate test database is created and dropped),
otherwise an SQLite file in a temporary folder; the many-sources part needs
DATABASE_URL (PostgreSQL) and REDIS_URL and is skipped, saying so, without them.
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="bench-jobs-"))
os.environ.setdefault("DEBUG", "1")
os.environ["VAR_DIR"] = str(WORKDIR / "var")
os.environ["JOBS_ALLOW_PRIVATE_FEEDS"] = "1"
# Hand-offs to search, the export and the skills tasks go to a queue of their own, which no
# worker consumes and which is purged at the end: their cost is timed by the other benchmarks.
HAND_OFF_QUEUE = f"bench-jobs-{os.getpid()}"
SYNC_QUEUE = f"bench-jobs-sync-{os.getpid()}"
os.environ["CELERY_TASK_DEFAULT_QUEUE"] = HAND_OFF_QUEUE
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
    parser.add_argument("--sources", type=int, default=500, help="boards in the many-sources run")
    parser.add_argument("--per-source", type=int, default=40, help="listings on each of those boards")
    parser.add_argument(
        "--detail-rate", type=float, default=0.0,
        help="JOBS_DETAIL_RATE for the worker: per-job detail requests per second per source (0: no limit). "
        "The production default, 10, is politeness toward a remote board; against the local feed server it "
        "only adds waiting (4 s per 40-post SmartRecruiters board)")
    parser.add_argument("--part", choices=("all", "single", "many"), default="all", help="which runs to make")
    args = parser.parse_args()
    if args.listings < 1 or args.runs < 1 or args.sources < 1 or args.per_source < 1:
        parser.error("--listings, --runs, --sources and --per-source must be at least 1")

    from django.conf import settings

    many_ready = connection.vendor == "postgresql" and bool(settings.REDIS_URL)
    if args.part == "many" and not many_ready:
        print("jobs sync benchmark: the many-sources run needs DATABASE_URL (PostgreSQL) and REDIS_URL",
              file=sys.stderr)
        return 2

    # Imported up front, as in a worker process (its tasks import them at start):
    # the sync's hand-offs to search and the export would otherwise pay the
    # one-off import of the search client inside the first timing.
    import frontend_export.services  # noqa: F401
    import search.services  # noqa: F401

    print(f"jobs sync benchmark  {datetime.now(UTC):%Y-%m-%d %H:%M UTC}")
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    stops = []
    try:
        print(f"machine: {machine()}")
        create_paths()
        if args.part in ("all", "single"):
            single_board(args, stops)
        if args.part in ("all", "many"):
            if many_ready:
                many_sources(args, stops)
            else:
                print("many sources: skipped (needs DATABASE_URL on PostgreSQL and REDIS_URL)")
        if hasattr(os, "getloadavg"):
            print("load average after the runs (1, 5, 15 min): " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    finally:
        for stop in reversed(stops):
            stop()
        connection.close()
        connection.creation.destroy_test_db(test_db, verbosity=0)
        _purge_queue()
        shutil.rmtree(WORKDIR, ignore_errors=True)
    return 0


def single_board(args, stops: list) -> None:
    from jobs import services
    from jobs.feedserver import start_feed_server
    from jobs.models import JobListing, JobSource

    board = generate_board(args.listings)
    feed_file = WORKDIR / "greenhouse_bench.json"
    feed_file.write_text(json.dumps(board))
    base_url, stop = start_feed_server(feeds={("greenhouse", "bench"): feed_file})
    stops.append(stop)
    source = JobSource.objects.create(name="Bench", slug="bench", kind="greenhouse", board="bench", base_url=base_url)

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
    stored = JobListing.objects.filter(source=source).count()

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
    print(f"board: {args.listings} Greenhouse posts, {feed_file.stat().st_size / 1e6:.1f} MB over {base_url}")
    print(
        f"first sync:  {first_seconds:6.2f} s  {rate:8.0f} listings/s  "
        f"(new {first.new}, duplicates {first.duplicates}, invalid {first.invalid}, stored {stored})"
        f"  target >= 2000/s: {'PASS' if rate >= 2000 else 'FAIL'}"
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
        f"  target < 1 s, 0 writes: {'PASS' if median < 1 and listing_writes == 0 else 'FAIL'}"
    )
    print(
        f"             fetch + parse + normalise (connector) {statistics.median(resync_fetch):.2f} s, "
        f"compare + de-duplicate + commit {statistics.median(resync_write):.2f} s"
    )


def many_sources_market(sources: int, per_source: int):
    """`sources` boards of `per_source` open postings each, round-robin over the eight formats.

    Postings are the demo market's (titles, pay, places and skills as plausible as
    there), renumbered so that every board's are its own, without the format edge
    cases that drop or merge records, so every board holds exactly `per_source`.
    """
    from jobs import demo_market

    end = datetime(2026, 12, 1, tzinfo=UTC)
    template = demo_market.build_market(end=end)
    pool = [posting for posting in template.open_postings(end) if not posting.edge]
    companies, postings = [], []
    for index in range(sources):
        model = template.companies[index % len(template.companies)]
        kind = demo_market.KINDS_ORDER[index % len(demo_market.KINDS_ORDER)]
        name = f"Bench Board {index + 1:03d}"
        slug = f"bench-board-{index + 1:03d}"
        companies.append(dataclasses.replace(model, name=name, slug=slug, kind=kind, board=slug.replace("-", "")))
        for offset in range(per_source):
            number = index * per_source + offset + 1
            posting = pool[(number * 7919) % len(pool)]
            postings.append(dataclasses.replace(
                posting, number=number, company=index, opened=end - timedelta(days=1 + number % 60), closes=None))
    return demo_market.Market(seed=demo_market.SEED, end=end, companies=companies, postings=postings)


def _database_url() -> str:
    db = connection.settings_dict
    port = f":{db['PORT']}" if db.get("PORT") else ""
    auth = db["USER"] or ""
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}{port}/{db['NAME']}"


def start_worker(log: Path, detail_rate: float) -> subprocess.Popen:
    """A `celery worker` with 2 processes on the sync queue and the test database; waits until it answers."""
    from config.celery import ping

    env = dict(os.environ, DATABASE_URL=_database_url(), PYTHONUNBUFFERED="1", JOBS_DETAIL_RATE=str(detail_rate))
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", SYNC_QUEUE, "-c", "2",
         "--pool", "prefork", "--without-heartbeat", "--without-mingle", "--without-gossip",
         "-l", "WARNING", "-n", f"bench-{uuid.uuid4().hex[:6]}@%h"],
        cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        # Both processes answer before the clock starts: each has imported the tasks.
        results = [ping.apply_async(queue=SYNC_QUEUE) for _ in range(8)]
        for result in results:
            result.get(timeout=90)
    except Exception:
        process.kill()
        raise SystemExit(f"jobs sync benchmark: the Celery worker did not answer; see {log}") from None
    return process


def many_sources(args, stops: list) -> None:
    from config.celery import ping
    from jobs import demo_market
    from jobs.feedserver import start_feed_server
    from jobs.models import JobListing, JobSource, SyncRun
    from jobs.tasks import sync_source

    built = time.perf_counter()
    market = many_sources_market(args.sources, args.per_source)
    folder = WORKDIR / "many"
    written = demo_market.write_feeds(market, folder / "feeds", when=market.end)
    feeds, pages, details = demo_market.feed_routes(market, folder / "feeds")
    base_url, stop = start_feed_server(feeds=feeds, pages=pages, details=details)
    stops.append(stop)
    specs = demo_market.source_specs(market, base_url, demo_market.KINDS_ORDER)
    sources = JobSource.objects.bulk_create(JobSource(**spec) for spec in specs)
    kinds = sorted({spec["kind"] for spec in specs})
    print(
        f"many sources: {len(sources)} boards x {args.per_source} listings ({written} in all), "
        f"{len(kinds)} formats ({', '.join(kinds)}), feeds written in {time.perf_counter() - built:.1f} s; "
        f"worker: 2 processes, detail requests {args.detail_rate:g}/s per source (0: unlimited)"
    )

    log = WORKDIR / "worker.log"
    process = start_worker(log, args.detail_rate)

    def stop_worker() -> None:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()

    stops.append(stop_worker)

    # The round trip of a task that does nothing, through the same broker and worker.
    noops = 200
    started = time.perf_counter()
    for result in [ping.apply_async(queue=SYNC_QUEUE) for _ in range(noops)]:
        result.get(timeout=60)
    noop_ms = (time.perf_counter() - started) / noops * 1000

    started = time.perf_counter()
    results = [sync_source.apply_async((source.pk,), queue=SYNC_QUEUE) for source in sources]
    failed, last_report = [], started
    for done, result in enumerate(results, start=1):
        summary = result.get(timeout=600)
        if not summary or summary["status"] != "ok":
            failed.append(summary)
        now = time.perf_counter()
        if now - last_report > 5:
            print(f"  {done}/{len(results)} syncs done after {now - started:.1f} s", flush=True)
            last_report = now
    wall = time.perf_counter() - started

    stored = JobListing.objects.filter(source__in=sources).count()
    runs = list(SyncRun.objects.filter(source__in=sources).values_list("source__kind", "started_at", "finished_at"))
    durations: dict[str, list[float]] = {}
    for kind, begun, finished in runs:
        if begun and finished:
            durations.setdefault(kind, []).append((finished - begun).total_seconds())
    in_sync = sum(sum(values) for values in durations.values())
    rate = stored / wall
    overhead_ms = max(0.0, wall * 2 - in_sync) / len(sources) * 1000
    print(
        f"many sources: {wall:6.2f} s wall for {len(sources)} syncs, {stored} listings stored, "
        f"{rate:8.0f} listings/s  target >= 1000/s: {'PASS' if rate >= 1000 and not failed else 'FAIL'}"
    )
    print(
        f"             per task: sync {in_sync / len(runs) * 1000:.0f} ms (run started to finished), "
        f"worker overhead beyond it {overhead_ms:.0f} ms (2 processes); no-op task round trip {noop_ms:.1f} ms"
    )
    print("             sync median per format: " + ", ".join(
        f"{kind} {statistics.median(values) * 1000:.0f} ms" for kind, values in sorted(durations.items())))
    if failed:
        print(f"             {len(failed)} syncs did not finish ok, first: {failed[0]}")


def _purge_queue() -> None:
    from config.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(os.environ["CELERY_TASK_DEFAULT_QUEUE"])
    except Exception as exc:  # the queue may not exist when nothing was handed off
        print(f"(queue not purged: {exc})", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
