"""The "Static export" panel of the admin dashboard, and its "Export now" action."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail.admin.ui.components import Component

from .models import ExportRun
from .services import request_export


class LastExportPanel(Component):
    name = "last_export"
    template_name = "frontend_export/admin/dashboard_export.html"
    order = 120

    def get_context_data(self, parent_context: dict) -> dict:
        runs = list(ExportRun.objects.order_by("-started_at", "-id")[:2])
        last = runs[0] if runs else None
        last_ok = last if last and last.status == ExportRun.Status.OK else (
            ExportRun.objects.filter(status=ExportRun.Status.OK).order_by("-started_at", "-id").first()
        )
        return {
            "last": last,
            "last_ok": last_ok if last_ok is not last else None,
            "export_url": reverse("frontend_export_now"),
            "csrf_token": parent_context.get("csrf_token"),
            "request": parent_context.get("request"),
        }


@require_POST
def export_now_view(request: HttpRequest) -> HttpResponse:
    """Enqueue an export (incremental, or every page with `full`); the panel shows its record."""
    full = request.POST.get("full") == "1"
    who = request.user.get_username()
    if full:
        from .tasks import export_site_task

        export_site_task.delay(full=True, reason=f"admin: full export by {who}")
        messages.success(request, "A full export is queued: every page is rendered again. "
                                  "The dashboard shows it under Static export when it finishes.")
    else:
        request_export(reason=f"admin: export now by {who}")
        messages.success(request, "An export is queued; it re-renders what changed since the live release. "
                                  "The dashboard shows it under Static export when it finishes.")
    return redirect("wagtailadmin_home")
