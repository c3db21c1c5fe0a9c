"""Career content: the hub of related paths, career paths, comparisons, and
the cited sources and statistics they share.

Page tree: HomePage (site root) -> CareersHubPage (slug "careers") ->
CareerPathPage (slug = the path's stable id) and ComparisonIndexPage
(slug "compare") -> ComparisonPage.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import (
    RICH_TEXT_FEATURES,
    CareerPathBodyBlock,
    ComparisonBodyBlock,
    FAQStreamBlock,
    SalaryNotesBlock,
)

# Stable ids of the path taxonomy; other parts and tests rely on them.
PATH_SLUGS = (
    "ai-engineer",
    "ml-engineer",
    "llm-engineer",
    "rag-engineer",
    "llmops-engineer",
    "mlops-engineer",
    "data-scientist",
    "data-engineer",
    "data-analyst",
    "ai-research-scientist",
)

MAX_PATTERN_LENGTH = 100
# Letters (any script), digits, spaces and the punctuation job titles use ("C++", "R&D", "Gen-AI", "A/B").
_PATTERN_RE = re.compile(r"^[\w .+#&/\-']+$", re.UNICODE)


# Snippets ---------------------------------------------------------------------------------


class Source(index.Indexed, models.Model):
    """A publication that figures are cited from."""

    publisher = models.CharField(max_length=200, help_text="Who published it, e.g. 'U.S. Bureau of Labor Statistics'.")
    title = models.CharField(max_length=300, help_text="Title of the publication or page.")
    url = models.URLField(max_length=500, help_text="Where readers can check the figure.")
    published_date = models.DateField(null=True, blank=True, help_text="When the source was published (if known).")
    retrieved_date = models.DateField(help_text="When the figure was last checked against the source.")

    panels = [
        FieldPanel("publisher"),
        FieldPanel("title"),
        FieldPanel("url"),
        FieldPanel("published_date"),
        FieldPanel("retrieved_date"),
    ]
    search_fields = [
        index.SearchField("publisher"),
        index.SearchField("title"),
        index.AutocompleteField("title"),
    ]

    class Meta:
        ordering = ["publisher", "title"]
        constraints = [models.UniqueConstraint(fields=["url"], name="cms_source_unique_url")]

    def __str__(self) -> str:
        return f"{self.publisher}: {self.title}"


class Statistic(index.Indexed, models.Model):
    """A figure with its statement and cited source, reused as pull quotes and trust figures."""

    figure = models.CharField(max_length=30, help_text="The figure as displayed, e.g. '25%' or '#1'.")
    statement = models.TextField(help_text="One sentence saying what the figure means.")
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="statistics", help_text="Where the figure comes from."
    )

    panels = [FieldPanel("figure"), FieldPanel("statement"), FieldPanel("source")]
    search_fields = [
        index.SearchField("figure"),
        index.SearchField("statement"),
        index.AutocompleteField("statement"),
        index.RelatedFields("source", [index.SearchField("publisher"), index.SearchField("title")]),
    ]

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.figure}: {self.statement[:80]}"


# Pages ------------------------------------------------------------------------------------


class SitePageMixin:
    """Wagtail serves and previews the page as the public site shows it (see `cms.rendering`).

    The preview renders the page as it stands in the editor, through the same
    templates and context as the export, with a banner on top. Wagtail's
    mobile, tablet and desktop preview sizes show the site's own responsive page.
    """

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from .rendering import render_page

        return HttpResponse(render_page(self))

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        from .rendering import preview_banner, render_page

        request.is_preview = True
        request.preview_mode = mode_name
        response = HttpResponse(render_page(self, banner=preview_banner(self)))
        patch_cache_control(response, private=True)
        return response


class HomePage(SitePageMixin, Page):
    """The site root; the hub lives under it."""

    intro = models.TextField(blank=True, help_text="A sentence or two introducing the site.")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.CareersHubPage"]
    max_count = 1

    class Meta:
        verbose_name = "home page"


class CareersHubPage(SitePageMixin, Page):
    """The hub of related career paths: an intro and the paths in editor-chosen order."""

    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True, help_text="Introduction shown above the paths.")

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel(
            "featured_paths",
            label="Featured paths",
            help_text="The order paths appear in on the hub. Paths not listed follow in page-tree order.",
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro"), APIField("featured_paths")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CareerPathPage", "cms.ComparisonIndexPage", "cms.ComparisonPage"]
    max_count = 1

    class Meta:
        verbose_name = "careers hub"


class HubFeaturedPath(Orderable):
    page = ParentalKey(CareersHubPage, on_delete=models.CASCADE, related_name="featured_paths")
    path = models.ForeignKey(
        "cms.CareerPathPage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A career path to feature.",
    )

    panels = [FieldPanel("path")]
    api_fields = [APIField("path")]

    class Meta(Orderable.Meta):
        verbose_name = "featured path"
        constraints = [models.UniqueConstraint(fields=["page", "path"], name="cms_hub_featured_path_unique")]


class CareerPathPage(SitePageMixin, Page):
    """One career path. Its slug is the path's stable id (e.g. 'ml-engineer')."""

    role_name = models.CharField(
        max_length=120, help_text="The role as people say it, e.g. 'Machine Learning Engineer'."
    )
    summary = models.CharField(max_length=300, help_text="One line that says what the role is about.")
    body = StreamField(CareerPathBodyBlock(), blank=True, help_text="The body of the path page.")
    salary_notes = StreamField(
        SalaryNotesBlock(), blank=True, help_text="Curated salary figures, each with its cited source."
    )
    title_patterns = models.TextField(
        blank=True,
        help_text=(
            "Job titles that belong to this path, one pattern per line (e.g. 'machine learning engineer', "
            "'ML engineer'). Matching ignores case and accents and uses whole words; the longest matching "
            "pattern across all paths wins. Changing them reclassifies open job listings after publishing."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("role_name"),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("related_paths", label="Related paths", help_text="Paths readers of this one should also see."),
        FieldPanel("salary_notes"),
        FieldPanel("title_patterns", heading="Job-title patterns"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("role_name"),
        index.AutocompleteField("role_name"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("title_patterns"),
    ]
    api_fields = [
        APIField("role_name"),
        APIField("summary"),
        APIField("body"),
        APIField("salary_notes"),
        APIField("related_paths"),
    ]
    parent_page_types = ["cms.CareersHubPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "career path"

    def title_pattern_list(self) -> list[str]:
        """The patterns, one per non-empty line, stripped, without case-insensitive duplicates."""
        seen: set[str] = set()
        patterns: list[str] = []
        for line in self.title_patterns.splitlines():
            pattern = " ".join(line.split())
            if pattern and pattern.casefold() not in seen:
                seen.add(pattern.casefold())
                patterns.append(pattern)
        return patterns

    def clean(self) -> None:
        super().clean()
        if self.pk and self.first_published_at:
            published_slug = Page.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
            if published_slug and published_slug != self.slug:
                # Job listings, search documents and public URLs all key on it.
                raise ValidationError(
                    {"slug": f"The slug is this path's stable id; it stays {published_slug!r} once published."}
                )
        bad = [p for p in self.title_pattern_list() if len(p) > MAX_PATTERN_LENGTH or not _PATTERN_RE.match(p)]
        if bad:
            raise ValidationError(
                {"title_patterns": f"Use plain words, at most {MAX_PATTERN_LENGTH} characters: {bad[0]!r}"}
            )


class CareerPathRelatedPath(Orderable):
    page = ParentalKey(CareerPathPage, on_delete=models.CASCADE, related_name="related_paths")
    target = models.ForeignKey(
        CareerPathPage, on_delete=models.CASCADE, related_name="+", help_text="The related career path."
    )
    reason = models.CharField(max_length=200, help_text="One line on why it is related.")

    panels = [FieldPanel("target"), FieldPanel("reason")]
    api_fields = [APIField("target"), APIField("reason")]

    class Meta(Orderable.Meta):
        verbose_name = "related path"

    def clean(self) -> None:
        super().clean()
        if self.page_id and self.target_id == self.page_id:
            raise ValidationError({"target": "A path cannot be related to itself."})


class ComparisonIndexPage(SitePageMixin, Page):
    """Groups the comparisons under the hub (slug 'compare')."""

    intro = models.TextField(blank=True, help_text="A sentence or two introducing the comparisons.")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.CareersHubPage"]
    subpage_types = ["cms.ComparisonPage"]
    max_count = 1

    class Meta:
        verbose_name = "comparison index"


class ComparisonPage(SitePageMixin, Page):
    """Two career paths side by side, e.g. 'AI Engineer vs Machine Learning Engineer'."""

    left_path = models.ForeignKey(
        CareerPathPage,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The path shown on the left.",
    )
    right_path = models.ForeignKey(
        CareerPathPage,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The path shown on the right.",
    )
    summary = models.CharField(max_length=300, help_text="One line under the title: what the comparison covers.")
    intro = models.TextField(blank=True, help_text="The opening paragraph: how the two roles overlap and differ.")
    short_version = models.TextField(help_text="'The short version': one paragraph a hurried reader can act on.")
    choose_left_if = models.TextField(help_text="Complete 'Choose the left path if ...'.")
    choose_right_if = models.TextField(help_text="Complete 'Choose the right path if ...'.")
    body = StreamField(ComparisonBodyBlock(), blank=True, help_text="Side-by-side tables, sections and pull quotes.")
    faq = StreamField(FAQStreamBlock(), blank=True, help_text="Frequently asked questions.")

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("left_path"), FieldPanel("right_path")], heading="The two paths"),
        FieldPanel("summary"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("short_version"), FieldPanel("choose_left_if"), FieldPanel("choose_right_if")],
            heading="The short version",
        ),
        FieldPanel("body"),
        InlinePanel("statistic_links", label="Cited statistics", help_text="Trust figures shown with their sources."),
        FieldPanel("faq"),
        InlinePanel("related_paths", label="Related paths", help_text="Paths to explore next."),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("intro"),
        index.SearchField("short_version"),
        index.SearchField("body"),
    ]
    api_fields = [
        APIField("left_path"),
        APIField("right_path"),
        APIField("summary"),
        APIField("intro"),
        APIField("short_version"),
        APIField("choose_left_if"),
        APIField("choose_right_if"),
        APIField("body"),
        APIField("faq"),
        APIField("statistic_links"),
        APIField("related_paths"),
    ]
    parent_page_types = ["cms.CareersHubPage", "cms.ComparisonIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "comparison"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.left_path_id is None:
            errors["left_path"] = "Choose the left-hand path."
        if self.right_path_id is None:
            errors["right_path"] = "Choose the right-hand path."
        if self.left_path_id and self.left_path_id == self.right_path_id:
            errors["right_path"] = "Compare two different paths."
        if errors:
            raise ValidationError(errors)


class ComparisonStatistic(Orderable):
    page = ParentalKey(ComparisonPage, on_delete=models.CASCADE, related_name="statistic_links")
    statistic = models.ForeignKey(
        Statistic, on_delete=models.PROTECT, related_name="+", help_text="A cited statistic snippet."
    )

    panels = [FieldPanel("statistic")]
    api_fields = [APIField("statistic")]

    class Meta(Orderable.Meta):
        verbose_name = "cited statistic"


class ComparisonRelatedPath(Orderable):
    page = ParentalKey(ComparisonPage, on_delete=models.CASCADE, related_name="related_paths")
    target = models.ForeignKey(
        CareerPathPage, on_delete=models.CASCADE, related_name="+", help_text="A path to explore next."
    )
    reason = models.CharField(max_length=200, help_text="One line on why readers might look at it.")

    panels = [FieldPanel("target"), FieldPanel("reason")]
    api_fields = [APIField("target"), APIField("reason")]

    class Meta(Orderable.Meta):
        verbose_name = "related path"


# The pages the public site shows: publishing, unpublishing, moving or deleting one changes the site.
SITE_PAGE_TYPES = (CareersHubPage, ComparisonIndexPage, CareerPathPage, ComparisonPage)
