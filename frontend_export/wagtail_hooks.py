"""The static export's panel on the admin dashboard and its "Export now" action."""

from django.urls import path
from wagtail import hooks

from .dashboard import LastExportPanel, export_now_view


@hooks.register("register_admin_urls")
def register_export_urls():
    return [path("export/now/", export_now_view, name="frontend_export_now")]


@hooks.register("construct_homepage_panels")
def add_export_panel(request, panels) -> None:
    panels.append(LastExportPanel())
