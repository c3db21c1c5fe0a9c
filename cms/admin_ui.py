"""Small pieces the admin screens of every part share: status badges and readable table cells.

The stylesheet (`cms/admin/styles.html`) is added to every admin page by
`cms.wagtail_hooks`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from wagtail.admin.ui.tables import Column


class StatusBadgeColumn(Column):
    """A status as a badge coloured by meaning (failed red, ok green, running blue, interrupted amber),
    always with its text label."""

    cell_template_name = "cms/admin/status_cell.html"

    def get_cell_context_data(self, instance: Any, parent_context: dict) -> dict:
        context = super().get_cell_context_data(instance, parent_context)
        display = getattr(instance, f"get_{self.name}_display", None)
        context["label"] = display() if callable(display) else context["raw_value"]
        return context


class NoWrapColumn(Column):
    """A short value (a name, a date) that must not wrap mid-word."""

    cell_template_name = "cms/admin/nowrap_cell.html"


class ReasonColumn(Column):
    """A long text cut to one readable line; the full text is in a tooltip and on the record's page."""

    cell_template_name = "cms/admin/reason_cell.html"

    def __init__(self, name: str, *, get_url: Callable[[Any], str] | None = None, **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        self.get_url = get_url

    def get_cell_context_data(self, instance: Any, parent_context: dict) -> dict:
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = self.get_url(instance) if self.get_url else ""
        return context


def breakable(text: str) -> SafeString:
    """Escaped text that may wrap after a slash (a URL), so that it never wraps inside a word."""
    return mark_safe(escape(text).replace("/", "/<wbr>"))  # noqa: S308 - escaped just above


def name_with_detail(name: str, detail: str) -> SafeString:
    """A name that never wraps, with a muted second line (a source's kind and board) that wraps
    at spaces and, in a URL, after a slash."""
    return format_html(
        '<span class="cc-nowrap">{}</span><br><span class="cc-muted cc-board">{}</span>', name, breakable(detail)
    )
