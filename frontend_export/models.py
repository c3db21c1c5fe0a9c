"""The record of each export, shown on the admin dashboard."""

from __future__ import annotations

from datetime import timedelta

from django.db import models


class ExportRun(models.Model):
    """One export of the static site: what it rendered and wrote, or why it failed."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        OK = "ok", "OK"
        FAILED = "failed", "Failed"
        INTERRUPTED = "interrupted", "Interrupted"

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    full = models.BooleanField(default=False, help_text="Every page rendered, not only what changed.")
    trigger = models.CharField(max_length=300, blank=True, help_text="What asked for the export.")
    pages = models.PositiveIntegerField(default=0, help_text="Pages in the site plan.")
    rendered = models.PositiveIntegerField(default=0)
    written = models.PositiveIntegerField(default=0, help_text="Files whose bytes changed.")
    removed = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(null=True, blank=True)
    release = models.CharField(max_length=100, blank=True, help_text="The release published, if any.")
    reason = models.TextField(blank=True, help_text="Why the export failed.")

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"export {self.started_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def duration(self) -> timedelta | None:
        return self.finished_at - self.started_at if self.finished_at else None
