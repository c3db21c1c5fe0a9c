"""Celery task of the cms part: Wagtail's scheduled publishing, run from beat.

Pages (and snippets) with a go-live time that has come are published and those
past their expiry are unpublished, exactly as Wagtail's `publish_scheduled`
command does, so Wagtail's page signals fire and search and the export follow
as after any publish.
"""

from __future__ import annotations

from io import StringIO

from celery import shared_task
from django.core.management import call_command


def publish_scheduled() -> str:
    """Publish what is due and unpublish what expired; returns the command's report."""
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()


# Safe to run twice: a second run finds nothing due.
@shared_task(name="cms.publish_scheduled", soft_time_limit=120, time_limit=180, acks_late=True)
def publish_scheduled_task() -> str:
    return publish_scheduled()
