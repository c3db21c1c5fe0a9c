"""`manage.py search_index {rebuild,update,status}`: build, catch up and check the search indices."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from config.locks import LockNotAcquired
from search import indices, services


@contextlib.contextmanager
def _quiet_client_logs() -> Iterator[None]:
    """The command reports an unreachable engine in one line; the client's warning and
    traceback for every retry would bury it (the worker keeps them)."""
    loggers = [logging.getLogger(name) for name in ("elastic_transport", "elasticsearch")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "rebuild: load new versions of the indices and swap them in with no downtime; "
        "update: index what is pending (and rebuild an index the engine lost); "
        "status: compare indexed documents with the database (exit 1 on drift)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{rebuild,update,status}")
        rebuild = sub.add_parser("rebuild", help="Rebuild indices with an atomic alias swap.")
        rebuild.add_argument(
            "--index", choices=indices.INDEX_NAMES, action="append", help="Only this index (repeatable)."
        )
        sub.add_parser("update", help="Index pending listings and pages.")
        sub.add_parser("status", help="Document counts in the engine and the database; exit 1 on drift.")

    def handle(self, *args, action: str, **options) -> None:
        console = Console(stderr=False, force_terminal=False)
        with _quiet_client_logs():
            self._run(console, action, options)

    def _run(self, console: Console, action: str, options: dict) -> None:
        try:
            if action == "rebuild":
                self._rebuild(console, options.get("index") or list(indices.INDEX_NAMES))
            elif action == "update":
                self._update(console)
            else:
                self._status(console)
        except services.EngineUnavailable as error:
            raise CommandError(str(error)) from None
        except LockNotAcquired:
            raise CommandError("another rebuild is running; try again when it has finished") from None

    def _progress(self) -> Progress:
        return Progress(
            TextColumn("{task.description:>6}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            transient=False,
        )

    def _rebuild(self, console: Console, names: list[str]) -> None:
        with self._progress() as progress:
            tasks: dict[str, int] = {}

            def report(name: str, done: int, total: int) -> None:
                if name not in tasks:
                    tasks[name] = progress.add_task(name, total=total)
                progress.update(tasks[name], completed=done, total=total)

            reports = services.rebuild(names, progress=report)
        table = Table("index", "version", "documents", "failed", "replayed", "seconds")
        for item in reports:
            table.add_row(
                item.name,
                item.index,
                str(item.indexed),
                str(len(item.failed)),
                str(item.replayed),
                f"{item.seconds:.1f}",
            )
        console.print(table)
        failed = [(item.name, pk, reason) for item in reports for pk, reason in item.failed]
        for name, pk, reason in failed[:10]:
            console.print(f"{name} {pk}: {reason}")
        if failed:
            raise CommandError(
                f"{len(failed)} documents failed to index; they are pending for `search_index update`"
            )

    def _update(self, console: Console) -> None:
        with self._progress() as progress:
            tasks: dict[str, int] = {}

            def report(name: str, done: int, total: int) -> None:
                if name not in tasks:
                    tasks[name] = progress.add_task(name, total=total)
                progress.update(tasks[name], completed=done, total=total)

            result = services.update_pending(progress=report)
        console.print(f"indexed {result.indexed}, deleted {result.deleted}, failed {len(result.failed)}")
        if result.failed:
            raise CommandError(f"{len(result.failed)} documents failed to index; they stay pending")

    def _status(self, console: Console) -> None:
        statuses = services.index_status()
        table = Table("index", "alias", "live version", "database", "indexed", "pending", "state")
        for status in statuses:
            state = "drift" if status.drift else "ok"
            if status.loading_index:
                state += " (rebuilding)"
            table.add_row(
                status.name,
                status.alias,
                status.live_index or "-",
                str(status.database),
                "-" if status.indexed is None else str(status.indexed),
                str(status.pending),
                state,
            )
        console.print(table)
        drifted = [status for status in statuses if status.drift]
        if drifted:
            parts = [
                f"{s.name}: {s.database} in the database, "
                f"{'no index' if s.indexed is None else s.indexed} indexed, {s.pending} pending"
                for s in drifted
            ]
            raise CommandError("index drift: " + "; ".join(parts))
