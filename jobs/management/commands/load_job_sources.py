"""`manage.py load_job_sources FILE [--base-url URL]`: create or update job sources from YAML or JSON."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jobs.connectors import options_error
from jobs.models import JobSource

PLACEHOLDER = "{base_url}"
FIELDS = ("name", "kind", "board", "base_url", "enabled", "generated", "sync_interval", "options")


def _interval(value) -> timedelta:
    """Minutes as a number, or a string like '30m', '2h', '1d', '900s'."""
    if isinstance(value, bool):
        raise ValueError("sync_interval must be minutes or a duration like '2h'")
    if isinstance(value, int | float):
        return timedelta(minutes=float(value))
    text = str(value).strip().lower()
    units = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
    if text and text[-1] in units:
        return timedelta(**{units[text[-1]]: float(text[:-1])})
    return timedelta(minutes=float(text))


class Command(BaseCommand):
    help = (
        "Create or update job sources from a YAML or JSON file (a list of sources, or {sources: [...]}); "
        "each has name, slug, kind, board and optionally base_url, enabled, generated (invented demo data), "
        "sync_interval (minutes or '2h') and options (e.g. pay_transparency: true for Greenhouse). "
        "Sources are matched by slug; running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="YAML (.yaml/.yml) or JSON file listing the sources.")
        parser.add_argument(
            "--base-url",
            metavar="URL",
            help=f"Replaces {PLACEHOLDER} in board and base_url (e.g. the local feed server's address).",
        )

    def handle(self, *args, **options):
        entries = self._read(Path(options["file"]))
        base_url = (options.get("base_url") or "").rstrip("/")
        created = updated = unchanged = 0
        with transaction.atomic():
            for index, entry in enumerate(entries, start=1):
                values = self._values(entry, index, base_url)
                slug = values.pop("slug")
                source = JobSource.objects.filter(slug=slug).first()
                if source is None:
                    source = JobSource(slug=slug, **values)
                    self._validate(source, slug)
                    source.save()
                    created += 1
                    continue
                changed = [name for name, value in values.items() if getattr(source, name) != value]
                if not changed:
                    unchanged += 1
                    continue
                for name in changed:
                    setattr(source, name, values[name])
                self._validate(source, slug)
                source.save(update_fields=changed)
                updated += 1
        self.stdout.write(f"job sources: {created} created, {updated} updated, {unchanged} unchanged")

    @staticmethod
    def _read(path: Path) -> list[dict]:
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        text = path.read_text(encoding="utf-8")
        try:
            data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
        except (json.JSONDecodeError, yaml.YAMLError) as exc:
            raise CommandError(
                f"{path}: not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: "
                f"{str(exc).splitlines()[0]}"
            ) from None
        if isinstance(data, dict):
            data = data.get("sources")
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise CommandError(f"{path}: expected a list of sources (or a mapping with a 'sources' list)")
        return data

    @staticmethod
    def _values(entry: dict, index: int, base_url: str) -> dict:
        unknown = set(entry) - {"slug", *FIELDS}
        if unknown:
            raise CommandError(f"source #{index}: unknown field(s) {', '.join(sorted(unknown))}")
        missing = [name for name in ("name", "slug", "kind", "board") if not entry.get(name)]
        if missing:
            raise CommandError(f"source #{index}: missing {', '.join(missing)}")
        if entry["kind"] not in JobSource.Kind.values:
            raise CommandError(
                f"source {entry['slug']}: kind must be one of {', '.join(JobSource.Kind.values)}"
            )
        values = {
            "slug": str(entry["slug"]),
            "name": str(entry["name"]),
            "kind": entry["kind"],
            "board": str(entry["board"]),
            "base_url": str(entry.get("base_url") or ""),
            "enabled": bool(entry.get("enabled", True)),
            "generated": bool(entry.get("generated", False)),
        }
        options = entry.get("options") or {}
        problem = options_error(entry["kind"], options)
        if problem:
            raise CommandError(f"source {entry['slug']}: {problem}")
        values["options"] = dict(options)
        if "sync_interval" in entry:
            try:
                values["sync_interval"] = _interval(entry["sync_interval"])
            except (TypeError, ValueError):
                raise CommandError(
                    f"source {values['slug']}: sync_interval must be minutes or like '2h'"
                ) from None
        for name in ("board", "base_url"):
            if PLACEHOLDER in values[name]:
                if not base_url:
                    raise CommandError(f"source {values['slug']}: {name} uses {PLACEHOLDER}; pass --base-url")
                values[name] = values[name].replace(PLACEHOLDER, base_url)
        return values

    @staticmethod
    def _validate(source: JobSource, slug: str) -> None:
        try:
            source.full_clean(validate_unique=False)
        except ValidationError as exc:
            details = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in exc.message_dict.items())
            raise CommandError(f"source {slug}: {details}") from None
