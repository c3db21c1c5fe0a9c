"""The "Job sources" panel of the admin dashboard: what is failing now, and when each source last synced."""

from __future__ import annotations

from django.urls import reverse
from wagtail.admin.ui.components import Component

from cms.admin_ui import breakable

from .models import JobSource
from .selectors import source_last_runs


class JobSourcesPanel(Component):
    name = "job_sources"
    template_name = "jobs/admin/dashboard_sources.html"
    order = 110

    def get_context_data(self, parent_context: dict) -> dict:
        sources = list(JobSource.objects.order_by("name", "pk"))
        last_runs = source_last_runs(source.pk for source in sources)
        failing = []
        for source in sources:
            source.detail = breakable(f"{source.get_kind_display()}: {source.board_label}")
            run = last_runs.get(source.pk)
            if source.consecutive_failures:
                failing.append(
                    {
                        "source": source,
                        "run": run,
                        "reason": run.reason if run else "",
                        "run_url": reverse("jobs_runs:inspect", args=[run.pk]) if run else "",
                    }
                )
        return {
            "sources": [{"source": source, "run": last_runs.get(source.pk)} for source in sources],
            "failing": failing,
            "enabled": sum(1 for source in sources if source.enabled),
            "sources_url": reverse("jobs_sources:list"),
            "runs_url": reverse("jobs_runs:list"),
            "unclassified_url": reverse("jobs_unclassified:index"),
        }
