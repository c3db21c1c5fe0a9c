"""`make demo`: the whole product on embedded defaults, in one command.

Migrates, loads the demo content, creates an admin user, serves the bundled
job feeds over local HTTP and syncs them through the real connectors, builds
the search indices, exports the static site, starts a Celery worker and beat,
and serves everything on http://127.0.0.1:8000, restarting a worker or beat
that dies. With DEMO_SERVE=0 it does all of that, prints a summary and exits.
Ctrl-C stops every process it started.

The job data is the generated demo market (`manage.py demo_market`: about 60
invented companies, 90 days of history replayed through the connectors); a
second run reuses the market it built. DEMO_MARKET=small syncs the small set
of bundled sample feeds instead.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Seconds between two restarts of a worker or beat that keeps dying.
RESTART_INTERVAL = 5.0


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m config.demo", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-serve", action="store_true", default=os.environ.get("DEMO_SERVE", "1") == "0",
                        help="build everything, print a summary and exit (DEMO_SERVE=0)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("DEMO_PORT", "8000")),
                        help="port to serve on (default 8000)")
    return parser.parse_args(argv)


class Demo:
    def __init__(self, port: int):
        self.port = port
        self.children: list[tuple[str, subprocess.Popen]] = []
        self.stoppers: list = []
        self.summary: list[tuple[str, str]] = []
        self.started = time.monotonic()
        self.commands: dict[str, list[str]] = {}
        self.started_at: dict[str, float] = {}

    # -- environment -----------------------------------------------------------------
    def prepare_environment(self) -> None:
        os.environ.setdefault("DEBUG", "1")
        os.environ.setdefault("SITE_URL", f"http://127.0.0.1:{self.port}")
        os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
        # The demo feeds are served on 127.0.0.1, which production refuses.
        os.environ["JOBS_ALLOW_PRIVATE_FEEDS"] = "1"
        # The local feed server needs no politeness delay between detail requests (concurrency stays bounded).
        os.environ.setdefault("JOBS_DETAIL_RATE", "0")
        if not os.environ.get("ELASTICSEARCH_URL"):
            from osmem_server import OsmemServer

            server = OsmemServer.start(japanese=False)
            self.stoppers.append(server.close)
            os.environ["ELASTICSEARCH_URL"] = server.url
            os.environ["ELASTICSEARCH_PLAIN_JSON"] = "1"
            self.summary.append(("search engine", f"embedded osmem-server at {server.url}"))
        else:
            self.summary.append(("search engine", os.environ["ELASTICSEARCH_URL"]))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from django.conf import settings

        self.summary.append(("database", settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
                             + f" {settings.DATABASES['default']['NAME']}"))
        self.summary.append(("broker", "redis" if settings.REDIS_URL else "embedded (filesystem transport)"))

    # -- steps -----------------------------------------------------------------------
    def step(self, title: str, *command: str) -> None:
        from django.core.management import call_command

        print(f"\n==> {title}", flush=True)
        call_command(*command)

    def create_admin(self) -> None:
        from django.contrib.auth import get_user_model

        user_model = get_user_model()
        if user_model.objects.filter(username="admin").exists():
            self.summary.append(("admin user", "admin (exists; `manage.py changepassword admin` to reset)"))
            return
        password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser("admin", "admin@example.com", password)
        self.summary.append(("admin user", f"admin / {password}  (shown once)"))

    def start_feeds(self, feeds: dict | None = None, pages: dict | None = None, details: dict | None = None) -> str:
        from jobs.feedserver import start_feed_server

        base_url, stop = start_feed_server(host="127.0.0.1", port=0, feeds=feeds, pages=pages, details=details)
        self.stoppers.append(stop)
        self.summary.append(("demo job feeds", base_url))
        return base_url

    @property
    def log_dir(self) -> Path:
        from django.conf import settings

        return Path(settings.VAR_DIR) / "log"

    def spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        self.commands[name] = args
        process = self._popen(name)
        self.children.append((name, process))
        return process

    def _popen(self, name: str) -> subprocess.Popen:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = (self.log_dir / f"{name}.log").open("ab")
        self.started_at[name] = time.monotonic()
        return subprocess.Popen(self.commands[name], cwd=ROOT, env=os.environ.copy(), stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)

    def supervise(self) -> list[str]:
        """Start again every worker or beat that died (killed, out of memory), say so, and go on.

        A child that keeps dying is restarted at most every RESTART_INTERVAL
        seconds. Returns the names restarted now.
        """
        restarted = []
        for index, (name, process) in enumerate(self.children):
            if name == "web" or process.poll() is None:
                continue
            if time.monotonic() - self.started_at.get(name, 0.0) < RESTART_INTERVAL:
                continue
            message = f"{name} exited with status {process.returncode}; restarting it"
            print(f"demo: {message} (log: {self.log_dir / f'{name}.log'})", file=sys.stderr, flush=True)
            with (self.log_dir / f"{name}.log").open("a") as log:
                log.write(f"\n==> demo: {message}\n")
            self.children[index] = (name, self._popen(name))
            restarted.append(name)
        return restarted

    def start_workers(self) -> None:
        from django.conf import settings

        python = sys.executable
        self.spawn("worker", [python, "-m", "celery", "-A", "config", "worker", "-l", "INFO", "-c", "2",
                              "-Q", settings.CELERY_TASK_DEFAULT_QUEUE])
        self.spawn("beat", [python, "-m", "celery", "-A", "config", "beat", "-l", "INFO",
                            "-s", str(settings.CELERY_BEAT_SCHEDULE_FILENAME)])
        from config.celery import ping

        answer = ping.delay().get(timeout=60)
        self.summary.append(("celery worker + beat", f"running (worker answered {answer!r}); logs in {self.log_dir}"))

    def counts(self) -> None:
        from django.apps import apps

        for label, model in (("career paths", "cms.CareerPathPage"), ("comparisons", "cms.ComparisonPage"),
                             ("job sources", "jobs.JobSource"), ("job listings", "jobs.JobListing")):
            try:
                self.summary.append((label, str(apps.get_model(model).objects.count())))
            except LookupError:
                continue
        from django.conf import settings

        export_dir = Path(settings.EXPORT_DIR)
        if export_dir.exists():
            pages = sum(1 for _ in export_dir.rglob("*.html"))
            self.summary.append(("exported site", f"{pages} HTML pages in {export_dir}"))
        from config.health import component_status

        self.summary.append(("health", ", ".join(f"{k}={v}" for k, v in component_status().items())))

    # -- job data: the generated market, or the small bundled set ----------------------
    def load_jobs(self, market: bool) -> None:
        if not market:
            base_url = self.start_feeds()
            self.step("Loading job sources", "load_job_sources", str(ROOT / "jobs/demo_feeds/sources.yaml"),
                      "--base-url", base_url)
            self.step("Syncing job feeds through the connectors", "sync_jobs")
            return
        from jobs import demo_market

        self.step("Generating the demo market", "demo_market", "generate")
        folder = demo_market.market_folder()
        feeds, pages, details = demo_market.feed_routes(demo_market.load_market(folder), folder / "feeds")
        base_url = self.start_feeds(feeds=feeds, pages=pages, details=details)
        self.step("Replaying 90 days of the demo market through the connectors", "demo_market", "replay",
                  "--base-url", base_url)
        from jobs.selectors import open_canonical_listings

        listings = open_canonical_listings().filter(source__slug__startswith=demo_market.SOURCE_PREFIX)
        companies = listings.values("company").distinct().count()
        kinds = sorted(set(listings.values_list("source__kind", flat=True).distinct()))
        self.summary.append(("demo market", f"{listings.count()} open listings from {companies} companies "
                                            f"({', '.join(kinds)}); feeds in {folder}"))

    def print_summary(self, serving: bool) -> None:
        base = f"http://127.0.0.1:{self.port}"
        urls = [("site", f"{base}/careers/"), ("admin", f"{base}/admin/"), ("API docs", f"{base}/api/docs"),
                ("search API", f"{base}/api/search/?q=llm"), ("health", f"{base}/healthz")]
        print("\n" + "=" * 72)
        print("Careers hub demo" + ("" if serving else " (built; not serving: DEMO_SERVE=0)"))
        print(f"  {'built in':<22} {time.monotonic() - self.started:.0f} s")
        for key, value in self.summary + (urls if serving else []):
            print(f"  {key:<22} {value}")
        print("=" * 72, flush=True)

    def serve(self) -> None:
        # --nostatic: static files go through WhiteNoise and the URL routes, which answer a
        # path that leaves the static folders with a 404 (runserver's own handler gives a 500).
        server = self.spawn("web", [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}",
                                    "--noreload", "--nostatic"])
        print(f"Serving on http://127.0.0.1:{self.port} (Ctrl-C stops everything; logs in {self.log_dir})", flush=True)
        while True:
            if server.poll() is not None:
                return
            self.supervise()
            time.sleep(1)

    def stop(self) -> None:
        for _name, process in reversed(self.children):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for _name, process in self.children:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        for stop in reversed(self.stoppers):
            stop()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    # Explicit handlers: a shell that starts the demo in the background hands it
    # SIGINT ignored, and SIGTERM would otherwise skip stopping the children.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    demo = Demo(args.port)
    try:
        demo.prepare_environment()
        demo.step("Migrating the database", "migrate", "--noinput", "-v", "0")
        demo.step("Loading demo content", "load_demo_content")
        demo.create_admin()
        demo.load_jobs(market=os.environ.get("DEMO_MARKET", "market") != "small")
        demo.step("Counting skills in the listings", "count_skills")
        demo.step("Writing the daily market snapshots", "market_snapshot", "--days", "91")
        demo.step("Building the search indices", "search_index", "rebuild")
        demo.step("Exporting the static site", "export_site", "--full")
        demo.start_workers()
        demo.counts()
        demo.print_summary(serving=not args.no_serve)
        if not args.no_serve:
            demo.serve()
        return 0
    except KeyboardInterrupt:
        print("\nStopping…", flush=True)
        return 0
    except Exception as exc:
        print(f"demo failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        demo.stop()


if __name__ == "__main__":
    sys.exit(main())
