"""Synonyms that editors manage, and the pages still waiting to be indexed.

Listings carry their own pending flag (`JobListing.search_pending`); pages
are Wagtail's, so the page ids that could not be indexed are kept here.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

_TERM_RE = re.compile(r"^[\w][\w .+#/&'-]*$")


class Synonym(index.Indexed, models.Model):
    """One group of words that mean the same thing to searchers, e.g. "LLM, large language model"."""

    terms = models.CharField(
        max_length=500,
        help_text=(
            "Equivalent terms separated by commas, e.g. 'LLM, large language model'. A search for any of "
            "them finds the others. Saving rebuilds the search indices in the background."
        ),
    )
    enabled = models.BooleanField(default=True, help_text="Untick to stop using this group without deleting it.")
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("terms"), FieldPanel("enabled")]
    search_fields = [index.SearchField("terms"), index.AutocompleteField("terms")]

    class Meta:
        ordering = ["terms"]
        verbose_name = "search synonym"

    def __str__(self) -> str:
        return self.terms

    def term_list(self) -> list[str]:
        """The terms, stripped and de-duplicated (case-insensitively), in the editor's order."""
        seen: set[str] = set()
        terms: list[str] = []
        for raw in self.terms.split(","):
            term = " ".join(raw.split())
            if term and term.casefold() not in seen:
                seen.add(term.casefold())
                terms.append(term)
        return terms

    def clean(self) -> None:
        super().clean()
        terms = self.term_list()
        if len(terms) < 2:
            raise ValidationError({"terms": "Give at least two terms separated by commas."})
        bad = [term for term in terms if not _TERM_RE.match(term)]
        if bad:
            raise ValidationError({"terms": f"Use words, digits and simple punctuation only: {bad[0]!r}"})


class PendingPage(models.Model):
    """A page whose search document could not be written yet (engine down, or a rebuild running)."""

    page_id = models.PositiveIntegerField(unique=True)
    requested_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "page pending indexing"

    def __str__(self) -> str:
        return f"page {self.page_id}"


def synonym_groups() -> list[list[str]]:
    """The enabled synonym groups, each a list of at least two terms."""
    groups = (synonym.term_list() for synonym in Synonym.objects.filter(enabled=True))
    return [group for group in groups if len(group) >= 2]
