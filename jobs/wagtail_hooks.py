"""The "Jobs" admin menu (job sources with "sync now", sync runs, listings, unclassified titles)
and the job sources panel of the dashboard."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .dashboard import JobSourcesPanel
from .models import JobListing, JobSource, SyncRun
from .views import (
    JobsViewSetGroup,
    ReadOnlyPermissionPolicy,
    SourcesPermissionPolicy,
    SyncRunPermissionPolicy,
)

register_permission_policy(JobSource, SourcesPermissionPolicy(JobSource))
register_permission_policy(SyncRun, SyncRunPermissionPolicy(SyncRun))
register_permission_policy(JobListing, ReadOnlyPermissionPolicy(JobListing))
register_snippet(JobsViewSetGroup)


@hooks.register("construct_homepage_panels")
def add_job_sources_panel(request, panels) -> None:
    panels.append(JobSourcesPanel())
