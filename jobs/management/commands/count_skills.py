"""`manage.py count_skills`: read every open listing against the skill vocabulary now."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from jobs import services
from jobs.models import JobListing, Skill


class Command(BaseCommand):
    help = (
        "Re-count the skills every open listing's title and description mention, with the vocabulary "
        "as editors keep it (Jobs > Skills). Syncs and vocabulary edits do this by themselves through "
        "the worker; this runs it in the foreground (the demo, after restoring a backup)."
    )

    def handle(self, *args, **options):
        if not Skill.objects.exists():
            raise CommandError("the skill vocabulary is empty; add skills under Jobs > Skills")
        listings = JobListing.objects.filter(status=JobListing.Status.OPEN).count()
        self.stdout.write(f"reading {listings} open listings against {Skill.objects.count()} skills…")
        stored = services.skills_recount()
        self.stdout.write(f"stored {stored} skill mentions")
