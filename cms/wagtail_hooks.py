"""Admin wiring: citation snippets, headless preview (menu item, page button, views),
and the admin's shared styles.

The snippets are searched through their `search_fields` (Wagtail's search backend);
viewset-level field lists are left out because the SQLite backend cannot limit
a search to named fields.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import CareerPathPage, ComparisonPage, Source, Statistic
from .views import headless_preview_index, headless_preview_render, headless_preview_view, preview_token_view


class SourceViewSet(SnippetViewSet):
    model = Source
    icon = "link"
    menu_label = "Citation sources"
    list_display = ["publisher", "title", "published_date", "retrieved_date"]
    list_filter = ["publisher"]


class StatisticViewSet(SnippetViewSet):
    model = Statistic
    icon = "pick"
    menu_label = "Statistics"
    list_display = ["figure", "statement", "source"]
    list_filter = ["source"]


class CitationsGroup(SnippetViewSetGroup):
    items = (StatisticViewSet, SourceViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = "Citations"
    menu_name = "citations"
    menu_order = 300


register_snippet(CitationsGroup)


@hooks.register("register_admin_urls")
def register_preview_urls():
    return [
        path("cms/preview-token/<int:page_id>/", preview_token_view, name="cms_preview_token"),
        path("cms/headless-preview/", headless_preview_index, name="cms_headless_preview_index"),
        path("cms/headless-preview/<int:page_id>/", headless_preview_view, name="cms_headless_preview"),
        path("cms/headless-preview/render/<str:token>/", headless_preview_render, name="cms_headless_preview_render"),
    ]


@hooks.register("register_admin_menu_item")
def headless_preview_menu_item():
    return MenuItem("Headless preview", reverse("cms_headless_preview_index"), icon_name="view", order=350)


@hooks.register("register_page_header_buttons")
def headless_preview_button(page, user, view_name, next_url=None):
    if page.specific_class in (CareerPathPage, ComparisonPage):
        yield Button(
            "Headless preview",
            url=reverse("cms_headless_preview", args=[page.pk]),
            icon_name="view",
            priority=80,
        )


@hooks.register("insert_global_admin_css")
def admin_styles() -> str:
    """Status badges and readable tables (see `cms.admin_ui`)."""
    return render_to_string("cms/admin/styles.html")
