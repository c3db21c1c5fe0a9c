"""The "Search index" panel of the admin dashboard, and its "Update index" action."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail.admin.ui.components import Component

from . import services


class SearchIndexPanel(Component):
    name = "search_index"
    template_name = "search/admin/dashboard_index.html"
    order = 130

    def get_context_data(self, parent_context: dict) -> dict:
        context = {"update_url": reverse("search_update_index"), "csrf_token": parent_context.get("csrf_token"),
                   "request": parent_context.get("request")}
        try:
            context["statuses"] = services.index_status()
        except services.EngineUnavailable as error:
            context["error"] = str(error)
        return context


@require_POST
def update_index_view(request: HttpRequest) -> HttpResponse:
    """Enqueue `search.update_pending`: what is pending is written, a lost index rebuilt."""
    from .tasks import update_pending_task

    try:
        update_pending_task.delay()
    except Exception as error:  # the broker is down: say so rather than fail the page
        messages.error(request, f"The index update could not be queued: {type(error).__name__}: {error}")
    else:
        messages.success(request, "An index update is queued: pending listings and pages are written "
                                  "(and an index the engine lost is rebuilt). Reload to see the counts.")
    return redirect("wagtailadmin_home")
