"""`manage.py market_snapshot [--day DATE] [--days N]`: write daily market snapshots (idempotent)."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from jobs.models import SyncRun
from jobs.snapshots import snapshot_write


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--day: expected a date such as 2026-11-30, got {value!r}") from None


class Command(BaseCommand):
    help = (
        "Write every live path's market snapshot (open, new and closed listings, median annual pay) "
        "for one day, or for the N days ending on that day, from the listings' timestamps. A day "
        "written again is updated, never duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument("--day", metavar="YYYY-MM-DD", help="The (last) day to write; default today.")
        parser.add_argument(
            "--days", type=int, default=1, metavar="N", help="Write the N days ending on --day (default 1)."
        )

    def handle(self, *args, **options):
        last = _day(options["day"]) if options.get("day") else timezone.localdate()
        days = options["days"]
        if days < 1 or days > 3660:
            raise CommandError("--days: expected a number between 1 and 3660")
        if last > timezone.localdate():
            raise CommandError(f"--day: {last} is in the future")
        # Days before the first sync hold no data: a snapshot of them would draw a false 0 at the trend's start.
        first_run = SyncRun.objects.order_by("started_at").values_list("started_at", flat=True).first()
        skipped = 0
        if first_run is not None:
            skipped = max(0, min(days, (timezone.localdate(first_run) - last).days + days - 1))
        days -= skipped
        written = 0
        with Progress(
            TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(), disable=options["verbosity"] == 0,
            console=Console(file=self.stdout, width=None if self.stdout.isatty() else 200),
        ) as progress:
            task = progress.add_task("Writing snapshots", total=days)
            for back in range(days - 1, -1, -1):
                day = last - timedelta(days=back)
                progress.update(task, description=f"Snapshot {day}")
                written += len(snapshot_write(day=day))
                progress.advance(task)
        self.stdout.write(f"wrote {written} snapshot rows for {days} day(s) ending {last}"
                          + (f" ({skipped} day(s) before the first sync skipped)" if skipped else ""))
