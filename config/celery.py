"""The Celery app, its beat schedule and the rules every task follows.

Task names are explicit and stable (`<part>.<action>`), payloads are JSON,
every task has soft and hard time limits, and `acks_late` is only set on
tasks that are safe to run twice.
"""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("careershub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The one beat schedule. Each entry names a task by its stable name.
app.conf.beat_schedule = {
    "jobs-sync-due-sources": {"task": "jobs.sync_due_sources", "schedule": 300.0},
    "search-catch-up": {"task": "search.update_pending", "schedule": 120.0},
    # After the day's syncs (every five minutes until then): today's row, rewritten if it exists.
    "jobs-market-snapshot": {"task": "jobs.market_snapshot", "schedule": crontab(minute=55, hour=23)},
    # The sweep behind the per-sync skills tasks (a lost task, a broker outage), before the full export.
    "jobs-recount-skills-nightly": {"task": "jobs.recount_skills", "schedule": crontab(minute=0, hour=3)},
    "export-nightly-full": {"task": "frontend_export.export_site", "schedule": crontab(minute=15, hour=3),
                            "kwargs": {"full": True}},
}


@app.task(name="config.ping", soft_time_limit=5, time_limit=10, acks_late=True)
def ping() -> str:
    """Answers "pong": used to check that a worker is consuming the queue."""
    return "pong"
