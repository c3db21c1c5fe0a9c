"""Synonyms are edited in the Wagtail admin, as a snippet."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
