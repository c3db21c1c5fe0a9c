"""Wagtail admin views of the jobs part: job sources, sync runs, listings and unclassified titles.

Registered in `jobs.wagtail_hooks`. Sources are edited freely; runs are
read-only records; listings come from feeds, so editors only set a listing's
path override (through `listing_set_path_override`, which keeps the effective
path and search in step). The unclassified-titles queue turns frequent titles
that match no path into title patterns (`jobs.unclassified`).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import EditView, IndexView, InspectView, SnippetViewSet, SnippetViewSetGroup

from cms.admin_ui import NoWrapColumn, ReasonColumn, StatusBadgeColumn, name_with_detail

from . import services, unclassified
from .models import JobListing, JobSource, Skill, SyncRun

SOURCES_NAMESPACE = "jobs_sources"


class SourcesPermissionPolicy(ModelPermissionPolicy):
    """Sources: the usual model permissions; "sync now" needs change permission."""


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Records the sync writes: nobody adds or deletes them by hand."""

    def user_has_permission(self, user, action):
        if action in {"add", "delete"}:
            return False
        return super().user_has_permission(user, action)


class SyncRunPermissionPolicy(ReadOnlyPermissionPolicy):
    def user_has_permission(self, user, action):
        if action == "change":
            return False
        return super().user_has_permission(user, action)


# -- sources --------------------------------------------------------------------------


class SourceIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission("change"):
            buttons.append(
                ListingButton(
                    "Sync now",
                    url=reverse(f"{SOURCES_NAMESPACE}:sync", args=[instance.pk]),
                    icon_name="resubmit",
                    priority=15,
                )
            )
        return buttons


class SourceSyncNowView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then enqueue a sync of one source (the worker runs it)."""

    permission_policy = SourcesPermissionPolicy(JobSource)
    permission_required = "change"
    template_name = "jobs/admin/confirm_sync.html"
    header_icon = "resubmit"
    page_title = "Sync now"

    def dispatch(self, request, *args, **kwargs):
        self.source = get_object_or_404(JobSource, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.source)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            source=self.source,
            index_url=reverse(f"{SOURCES_NAMESPACE}:list"),
            runs_url=reverse(f"{RUNS_NAMESPACE}:list") + f"?source={self.source.pk}",
        )
        return context

    def post(self, request, *args, **kwargs):
        from .tasks import sync_source

        source_id = self.source.pk
        services.source_mark_due(source_id=source_id)
        transaction.on_commit(lambda: sync_source.delay(source_id))
        messages.success(request, f"A sync of {self.source} is queued; its run appears under Sync runs.")
        return redirect(f"{SOURCES_NAMESPACE}:list")


class JobSourceViewSet(SnippetViewSet):
    model = JobSource
    icon = "globe"
    menu_label = "Job sources"
    admin_url_namespace = SOURCES_NAMESPACE
    base_url_path = "jobs/sources"
    index_view_class = SourceIndexView
    list_display = [
        "name",
        NoWrapColumn("slug", label="Slug"),
        NoWrapColumn("kind", label="Kind", accessor="get_kind_display"),
        NoWrapColumn("board_label", label="Board"),
        "enabled",
        NoWrapColumn("next_sync_at", label="Next sync"),
        NoWrapColumn("last_success_at", label="Last success"),
        NoWrapColumn("last_failure_at", label="Last failure"),
        Column("consecutive_failures", label="Failures in a row"),
    ]
    list_filter = ["kind", "enabled"]
    search_fields = ["name", "slug", "board"]
    copy_view_enabled = False
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        MultiFieldPanel([FieldPanel("kind"), FieldPanel("board"), FieldPanel("base_url")], heading="Feed"),
        FieldPanel("enabled"),
        FieldPanel("sync_interval"),
    ]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("sync/<int:pk>/", SourceSyncNowView.as_view(), name="sync")]


# -- sync runs ------------------------------------------------------------------------

RUNS_NAMESPACE = "jobs_runs"


class SyncRunInspectView(InspectView):
    """A run's page: every count, the full reason and warnings, the status as its badge."""

    def get_status_display_value(self):
        return render_to_string(
            "cms/admin/status_badge.html", {"status": self.object.status, "label": self.object.get_status_display()}
        )


class SyncRunViewSet(SnippetViewSet):
    model = SyncRun
    icon = "history"
    menu_label = "Sync runs"
    admin_url_namespace = RUNS_NAMESPACE
    base_url_path = "jobs/runs"
    inspect_view_enabled = True
    inspect_view_class = SyncRunInspectView
    copy_view_enabled = False
    # Wide enough for a 1280 px screen without wrapping a word: the other counts
    # (unchanged, invalid, duplicates) and the full reason are on the run's page.
    list_display = [
        TitleColumn(
            "source",
            label="Source",
            accessor=lambda run: name_with_detail(
                run.source.name, f"{run.source.get_kind_display()}: {run.source.board_label}"
            ),
            get_url=lambda run: reverse(f"{RUNS_NAMESPACE}:inspect", args=[run.pk]),
        ),
        NoWrapColumn("started_at", label="Started", sort_key="started_at"),
        StatusBadgeColumn("status", label="Status"),
        "fetched",
        "new",
        "updated",
        "closed",
        ReasonColumn("reason", label="Reason", get_url=lambda run: reverse(f"{RUNS_NAMESPACE}:inspect", args=[run.pk])),
    ]
    list_filter = ["source", "status"]
    ordering = ["-started_at", "-id"]
    inspect_view_fields = [
        "source",
        "status",
        "started_at",
        "finished_at",
        "fetched",
        "new",
        "updated",
        "unchanged",
        "closed",
        "invalid",
        "duplicates",
        "reason",
        "warnings",
    ]


# -- listings -------------------------------------------------------------------------


class ListingEditView(EditView):
    """Only the path override is editable; the service recomputes the effective path."""

    def save_instance(self):
        override = self.form.cleaned_data.get("path_override")
        self.new_revision = None
        return services.listing_set_path_override(
            listing_id=self.object.pk, path_page_id=override.pk if override else None
        )


class JobListingViewSet(SnippetViewSet):
    model = JobListing
    icon = "list-ul"
    menu_label = "Listings"
    admin_url_namespace = "jobs_listings"
    base_url_path = "jobs/listings"
    edit_view_class = ListingEditView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "title",
        "company",
        Column(
            "source",
            label="Source",
            accessor=lambda listing: name_with_detail(
                listing.source.name, f"{listing.source.get_kind_display()}: {listing.source.board_label}"
            ),
        ),
        Column("career_path", label="Path"),
        Column("path_rule", label="Classified by"),
        Column("path_override", label="Override"),
        "workplace",
        StatusTagColumn("status", primary=lambda listing: listing.status == "open"),
        Column("duplicate_of", label="Duplicate of"),
        Column("posted_at", label="Posted", sort_key="posted_at"),
    ]
    list_filter = ["source", "career_path", "status", "workplace"]
    search_fields = ["title", "company", "external_id"]
    ordering = ["-posted_at", "-id"]
    panels = [FieldPanel("path_override", heading="Career path override")]
    inspect_view_fields = [
        "title",
        "company",
        "source",
        "external_id",
        "status",
        "career_path",
        "path_rule",
        "path_override",
        "locations",
        "country_codes",
        "workplace",
        "employment_type",
        "seniority",
        "salary_min",
        "salary_max",
        "salary_currency",
        "salary_period",
        "salary_annual_min",
        "salary_annual_max",
        "posted_at",
        "first_seen_at",
        "last_seen_at",
        "closed_at",
        "missing_runs",
        "duplicate_of",
        "url",
        "apply_url",
        "description_text",
    ]


# -- unclassified titles ----------------------------------------------------------------


def _editable_paths(user) -> list:
    """Live career paths the user may edit, in hub order (only live patterns classify)."""
    from cms.models import CareerPathPage

    return [
        page
        for page in CareerPathPage.objects.live().order_by("path")
        if page.permissions_for_user(user).can_edit()
    ]


class UnclassifiedTitlesView(WagtailAdminTemplateMixin, TemplateView):
    """The most frequent titles of open listings that match no career path, and the two answers:
    "add as a title pattern of path X" or "not a career path"."""

    template_name = "jobs/admin/unclassified.html"
    page_title = "Unclassified titles"
    header_icon = "help"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        from .models import DismissedTitle

        context = super().get_context_data(**kwargs)
        queue, distinct = unclassified.unclassified_titles()
        paths = _editable_paths(self.request.user)
        context.update(
            queue=queue,
            distinct=distinct,
            listings=sum(item.count for item in queue),
            paths=paths,
            dismissed=DismissedTitle.objects.all()[:50],
            dismissed_count=DismissedTitle.objects.count(),
            listings_url=reverse("jobs_listings:list"),
        )
        return context

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        action = request.POST.get("action", "")
        title = request.POST.get("title", "").strip()
        if action == "add":
            self._add(request, title)
        elif action == "dismiss":
            self._dismiss(request, title)
        elif action == "restore":
            self._restore(request)
        else:
            messages.error(request, "Unknown action.")
        return redirect("jobs_unclassified:index")

    def _add(self, request: HttpRequest, title: str) -> None:
        try:
            path_id = int(request.POST.get("path", ""))
        except ValueError:
            messages.error(request, "Choose the career path the title belongs to.")
            return
        try:
            added = unclassified.title_pattern_add(
                user=request.user, path_page_id=path_id, pattern=request.POST.get("pattern", title), title=title
            )
        except unclassified.PatternRefused as refusal:
            messages.error(request, f"Not added: {refusal}.")
            return
        if added.published:
            moved = len(added.reclassified)
            messages.success(
                request,
                f"Added {added.pattern!r} to {added.path_title} and published it; "
                f"{moved} open listing{'s' if moved != 1 else ''} reclassified.",
            )
        elif added.other_draft:
            messages.warning(
                request,
                f"Added {added.pattern!r} to the draft of {added.path_title}, which has other unpublished "
                "changes; listings are reclassified when that draft is published.",
            )
        else:
            messages.warning(
                request,
                f"Added {added.pattern!r} to {added.path_title} as a draft for a publisher to review; "
                "listings are reclassified once it is published.",
            )

    def _dismiss(self, request: HttpRequest, title: str) -> None:
        if not _editable_paths(request.user):
            raise PermissionDenied
        try:
            unclassified.title_dismiss(user=request.user, title=title)
        except ValidationError:
            messages.error(request, "No title given.")
            return
        messages.success(request, f"{title!r} is marked not a career path and left the queue.")

    def _restore(self, request: HttpRequest) -> None:
        if not _editable_paths(request.user):
            raise PermissionDenied
        try:
            restored = unclassified.title_restore(dismissed_id=int(request.POST.get("dismissed", "")))
        except ValueError:
            restored = None
        if restored is None:
            messages.error(request, "That title was not marked.")
        else:
            messages.success(request, f"{restored!r} is back in the queue.")


class UnclassifiedTitlesViewSet(ViewSet):
    name = "jobs_unclassified"
    url_prefix = "jobs/unclassified"
    icon = "help"
    menu_label = "Unclassified titles"

    def get_urlpatterns(self):
        return [path("", UnclassifiedTitlesView.as_view(), name="index")]


# -- skill vocabulary -----------------------------------------------------------------


class SkillViewSet(SnippetViewSet):
    """The skills listings are read against; saving or deleting one re-counts every open listing."""

    model = Skill
    icon = "tag"
    menu_label = "Skills"
    admin_url_namespace = "jobs_skills"
    base_url_path = "jobs/skills"
    list_display = ["name", "category", "aliases"]
    list_filter = ["category"]
    search_fields = ["name", "aliases"]
    panels = [FieldPanel("name"), FieldPanel("aliases"), FieldPanel("category")]


class JobsViewSetGroup(SnippetViewSetGroup):
    items = (JobSourceViewSet, SyncRunViewSet, JobListingViewSet, UnclassifiedTitlesViewSet, SkillViewSet)
    menu_label = "Jobs"
    menu_icon = "doc-full-inverse"
    menu_order = 300
