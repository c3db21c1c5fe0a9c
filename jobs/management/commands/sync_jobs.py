"""`manage.py sync_jobs [--source SLUG]`: sync job sources now, in this process."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from jobs import services
from jobs.models import JobSource, SyncRun

STATUS_STYLE = {"ok": "green", "partial": "yellow", "failed": "red", "busy": "cyan"}


class Command(BaseCommand):
    help = (
        "Sync job sources synchronously: every enabled source, or the one named with --source. "
        "Prints a summary table; exits non-zero if any source failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", metavar="SLUG", help="Sync only this source (even if disabled).")

    def handle(self, *args, **options):
        slug = options.get("source")
        if slug:
            sources = list(JobSource.objects.filter(slug=slug))
            if not sources:
                raise CommandError(f"no job source with slug {slug!r}")
        else:
            sources = list(JobSource.objects.filter(enabled=True).order_by("name"))
            if not sources:
                raise CommandError("no enabled job sources; load some with load_job_sources")

        # Piped output (logs, CI) gets a wide table instead of rich's 80-column default.
        console = Console(file=self.stdout, width=None if self.stdout.isatty() else 200)
        outcomes: list[tuple[JobSource, SyncRun | None]] = []
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        ) as progress:
            overall = progress.add_task("Syncing sources", total=len(sources))
            for source in sources:

                def stage(name: str, source=source) -> None:
                    progress.update(overall, description=f"{source.slug}: {name}")

                stage("starting")
                try:
                    run = services.source_sync(source_id=source.pk, progress=stage)
                except services.SyncBusy:
                    run = None
                outcomes.append((source, run))
                progress.advance(overall)
            progress.update(overall, description="Synced")

        console.print(self._table(outcomes))
        failed = [source.slug for source, run in outcomes if run is not None and run.status == SyncRun.Status.FAILED]
        if failed:
            raise CommandError(f"{len(failed)} of {len(outcomes)} sources failed: {', '.join(failed)}")

    @staticmethod
    def _table(outcomes: list[tuple[JobSource, SyncRun | None]]) -> Table:
        table = Table(title="Job sync")
        for column in (
            "source",
            "status",
            "fetched",
            "new",
            "updated",
            "unchanged",
            "closed",
            "invalid",
            "duplicates",
            "reason",
        ):
            table.add_column(
                column,
                justify="left" if column in {"source", "status", "reason"} else "right",
                no_wrap=column != "reason",
            )
        for source, run in outcomes:
            if run is None:
                table.add_row(source.slug, "[cyan]busy[/]", *[""] * 7, "another sync of this source is running")
                continue
            style = STATUS_STYLE.get(run.status, "white")
            table.add_row(
                source.slug,
                f"[{style}]{run.status}[/]",
                *(
                    str(getattr(run, name))
                    for name in ("fetched", "new", "updated", "unchanged", "closed", "invalid", "duplicates")
                ),
                run.reason,
            )
        return table
