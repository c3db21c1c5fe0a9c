"""`manage.py demo_market {generate,replay}`: the demo's generated job market."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from jobs import demo_market
from jobs.connectors import KINDS


class Command(BaseCommand):
    help = (
        "The demo's generated job market: about 60 invented companies with about 2,500 open listings in "
        "eight feed formats. `generate` writes the boards (reusing a market already generated); `replay` "
        "syncs its 90 days of history, week by week, through the real connectors and pipeline from the "
        "feeds served at --base-url (a second replay only re-points the sources)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["generate", "replay"], help="what to do")
        parser.add_argument("--folder", type=Path, help="where the market lives (default: VAR_DIR/demo_market)")
        parser.add_argument("--seed", type=int, default=demo_market.SEED, help="generator seed (generate)")
        parser.add_argument(
            "--end", help="ISO time of the last day, with its offset (generate; default: now, to the hour)"
        )
        parser.add_argument("--fresh", action="store_true", help="generate a new market even if one exists")
        parser.add_argument("--base-url", metavar="URL", help="the feed server serving the market (replay)")

    def handle(self, *args, **options):
        folder: Path = options["folder"] or demo_market.market_folder()
        console = Console(file=self.stdout, width=None if self.stdout.isatty() else 160)
        if options["action"] == "generate":
            self._generate(folder, options, console)
        else:
            self._replay(folder, options, console)

    def _generate(self, folder: Path, options: dict, console: Console) -> None:
        end = None
        if options["end"]:
            try:
                end = datetime.fromisoformat(options["end"])
            except ValueError:
                raise CommandError(f"--end must be an ISO date-time, not {options['end']!r}") from None
            if end.tzinfo is None:
                raise CommandError("--end needs a UTC offset, e.g. 2026-12-01T09:00:00+00:00")
        started = time.monotonic()
        market, reused = demo_market.generate(folder=folder, seed=options["seed"], end=end, fresh=options["fresh"])
        kinds = sorted({company.kind for company in market.companies})
        verb = "reusing" if reused else "generated"
        console.print(
            f"{verb} the demo market in {folder}: {len(market.companies)} companies ({', '.join(kinds)}), "
            f"{len(market.postings)} postings over {demo_market.DAYS} days, "
            f"{len(market.open_postings(market.end))} open at {market.end:%Y-%m-%d %H:%M} UTC "
            f"({time.monotonic() - started:.1f} s)"
        )

    def _replay(self, folder: Path, options: dict, console: Console) -> None:
        base_url = (options["base_url"] or "").rstrip("/")
        if not base_url:
            raise CommandError("replay needs --base-url: the feed server that serves the market's folder")
        try:
            market = demo_market.load_market(folder)
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from None
        skipped = sorted({c.kind for c in market.companies} - set(KINDS))
        if skipped:
            console.print(f"feeds written but not synced (no connector yet): {', '.join(skipped)}")
        steps = market.steps()
        with Progress(
            TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total} weeks"),
            TimeElapsedColumn(), console=console,
        ) as progress:
            task = progress.add_task("Replaying", total=len(steps))

            def on_run(slug: str) -> None:
                progress.update(task, description=f"Replaying: {slug}")

            reports = demo_market.replay(
                market, folder, base_url=base_url, kinds=KINDS, on_step=lambda report: progress.advance(task),
                on_run=on_run,
            )
            progress.update(task, completed=len(steps), description="Replayed")
        if not reports:
            console.print("the market's history is already synced; sources re-pointed at " + base_url)
            return
        table = Table(title="Demo market replay")
        for column in ("step", "open in feeds", "runs", "failed", "new", "closed", "open listings"):
            table.add_column(column, justify="left" if column == "step" else "right")
        for report in reports:
            table.add_row(f"{report.when:%Y-%m-%d}", *(str(value) for value in (
                report.open_in_feeds, report.runs, report.failed, report.new, report.closed, report.open_listings)))
        console.print(table)
        failed = sum(report.failed for report in reports)
        if failed:
            raise CommandError(f"{failed} sync runs of the replay failed; see Jobs > Sync runs")
