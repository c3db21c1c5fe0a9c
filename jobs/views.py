"""Wagtail admin views of the jobs part: job sources, sync runs and listings.

Registered as snippet view sets in `jobs.wagtail_hooks`. Sources are edited
freely; runs are read-only records; listings come from feeds, so editors only
set a listing's path override (through `listing_set_path_override`, which
keeps the effective path and search in step).
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet, SnippetViewSetGroup

from . import services
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
        return self.source.name

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
        messages.success(request, f"A sync of {self.source.name} is queued; its run appears under Sync runs.")
        return redirect(f"{SOURCES_NAMESPACE}:list")


class JobSourceViewSet(SnippetViewSet):
    model = JobSource
    icon = "globe"
    menu_label = "Sources"
    admin_url_namespace = SOURCES_NAMESPACE
    base_url_path = "jobs/sources"
    index_view_class = SourceIndexView
    list_display = [
        "name",
        "slug",
        "kind",
        "enabled",
        Column("next_sync_at", label="Next sync"),
        Column("last_success_at", label="Last success"),
        Column("last_failure_at", label="Last failure"),
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


class SyncRunViewSet(SnippetViewSet):
    model = SyncRun
    icon = "history"
    menu_label = "Sync runs"
    admin_url_namespace = RUNS_NAMESPACE
    base_url_path = "jobs/runs"
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "source",
        Column("started_at", label="Started", sort_key="started_at"),
        StatusTagColumn("status", primary=lambda run: run.status in {"ok", "running"}),
        "fetched",
        "new",
        "updated",
        "unchanged",
        "closed",
        "invalid",
        "duplicates",
        Column("reason", label="Reason"),
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
        "source",
        Column("career_path", label="Path"),
        Column("path_rule", label="Matched pattern"),
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
    items = (JobSourceViewSet, SyncRunViewSet, JobListingViewSet, SkillViewSet)
    menu_label = "Jobs"
    menu_icon = "doc-full-inverse"
    menu_order = 300
