"""`manage.py export_site [--full]`: export the static site now."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from frontend_export.services import ExportError, export_site


class Command(BaseCommand):
    help = (
        "Export the public site (hub, career paths, comparisons, job and salary pages, search page, sitemap) "
        "to EXPORT_DIR or the configured bucket. Incremental by default: only pages whose content "
        "changed are rendered and only changed files are written; the new site replaces the live one "
        "atomically."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--full",
            action="store_true",
            help="render every page again (files whose bytes did not change are still not rewritten)",
        )
        parser.add_argument(
            "--no-wait",
            action="store_true",
            help="fail at once if another export is running (default: wait for it)",
        )

    def handle(self, *args, full: bool = False, no_wait: bool = False, **options) -> None:
        console = Console(stderr=True)
        columns = [TextColumn("[bold]Exporting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("export", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            try:
                report = export_site(full=full, progress=progress, wait=not no_wait, trigger="export_site command")
            except ExportError as exc:
                raise CommandError(str(exc)) from None

        table = Table(title="Static export", show_header=False)
        table.add_row("storage", report.storage)
        table.add_row("mode", "full" if report.full else "incremental")
        table.add_row("pages in site", str(report.pages))
        table.add_row("pages rendered", str(len(report.rendered)))
        table.add_row("files written", str(len(report.written)))
        table.add_row("files unchanged", str(len(report.unchanged)))
        table.add_row("files removed", str(len(report.removed)))
        table.add_row("database queries", str(report.queries))
        table.add_row("time", f"{report.seconds:.2f} s")
        table.add_row("release", report.release or "(nothing changed, live site kept)")
        Console().print(table)
