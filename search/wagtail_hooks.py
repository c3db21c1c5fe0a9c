"""Synonyms are edited in the Wagtail admin, as a snippet; the dashboard shows the index's state."""

from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .dashboard import SearchIndexPanel, update_index_view
from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = "Search synonyms"
    list_display = ["terms", "enabled", "updated_at"]
    list_filter = ["enabled"]
    search_fields = ["terms"]
    add_to_admin_menu = True
    menu_order = 900


register_snippet(SynonymViewSet)


@hooks.register("register_admin_urls")
def register_index_urls():
    return [path("search-index/update/", update_index_view, name="search_update_index")]


@hooks.register("construct_homepage_panels")
def add_search_index_panel(request, panels) -> None:
    panels.append(SearchIndexPanel())
