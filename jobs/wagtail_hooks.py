"""The "Jobs" admin menu: sources (with "sync now"), sync runs and listings."""

from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

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
