"""`manage.py load_demo_content`: the demo site tree, ten career paths and the comparisons."""

from __future__ import annotations

import logging

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn

from cms.demo_content import demo_steps, load_demo_content


class Command(BaseCommand):
    help = (
        "Create the demo content: the home page as site root, the careers hub, the ten career paths, "
        "cited sources and statistics, and the comparisons. Idempotent: existing pages are left alone "
        "unless --update is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Rewrite existing demo pages from the bundled content (publishes only what differs).",
        )

    def handle(self, *args, update: bool = False, **options):
        console = Console(stderr=True)
        # Wagtail logs every page event at INFO; the progress bar and the summary say enough here.
        for name in ("wagtail", "django_tasks"):
            logging.getLogger(name).setLevel(logging.WARNING)
        try:
            with Progress(
                TextColumn("[bold]demo content"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total} {task.description}"),
                console=console,
                transient=True,
            ) as progress:
                task = progress.add_task("", total=demo_steps())
                report = load_demo_content(
                    update=update, progress=lambda label: progress.update(task, advance=1, description=label)
                )
        except Exception as exc:
            raise CommandError(f"could not load the demo content: {exc}") from exc
        self.stdout.write(
            f"demo content: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged"
        )
