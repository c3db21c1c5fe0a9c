"""Classification in the sync: exclusions from the settings, the refusal stored and shown in the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from jobs import services
from jobs.models import ClassificationSettings, JobListing

from .conftest import greenhouse_job

pytestmark = pytest.mark.integration

TITLES = ["Recruiter, Machine Learning", "Sr. MLE, Recommendations", "Sales Engineer, AI Platform"]


@pytest.fixture
def synced(feeds, make_source, career_paths):
    feeds.greenhouse("northwind", [greenhouse_job(n, title=title) for n, title in enumerate(TITLES)])
    source = make_source()
    services.source_sync(source_id=source.pk)
    return source


def _by_title() -> dict[str, JobListing]:
    return {listing.title: listing for listing in JobListing.objects.select_related("career_path")}


def test_the_seeded_exclusions_refuse_titles_and_the_listing_says_which(synced, career_paths):
    listings = _by_title()
    recruiter = listings["Recruiter, Machine Learning"]
    assert recruiter.career_path is None and recruiter.path_rule == "excluded: recruit*"
    assert listings["Sales Engineer, AI Platform"].path_rule == "excluded: sales"
    engineer = listings["Sr. MLE, Recommendations"]
    assert engineer.career_path == career_paths["ml-engineer"]
    assert engineer.path_rule == "machine learning engineer"


def test_editing_the_exclusions_reclassifies_open_listings(synced, career_paths, django_capture_on_commit_callbacks):
    settings = ClassificationSettings.load()
    settings.exclusion_patterns = "sales"
    with django_capture_on_commit_callbacks() as callbacks:
        settings.save()
    assert callbacks, "saving the settings enqueues a reclassification"
    changed = services.reclassify_open_listings()
    recruiter = _by_title()["Recruiter, Machine Learning"]
    assert recruiter.pk in changed
    assert recruiter.career_path == career_paths["ml-engineer"] and recruiter.path_rule == "machine learning"


def test_the_admin_shows_what_classified_a_listing_and_edits_the_exclusions(client, synced):
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.org", "pass"))
    listing = _by_title()["Recruiter, Machine Learning"]
    page = client.get(reverse("jobs_listings:list")).content.decode()
    assert "Classified by" in page and "excluded: recruit*" in page
    inspect = client.get(reverse("jobs_listings:inspect", args=[listing.pk])).content.decode()
    assert "excluded: recruit*" in inspect
    url = reverse("wagtailsettings:edit", args=["jobs", "classificationsettings"])
    form = client.get(url, follow=True)
    url = form.redirect_chain[-1][0] if form.redirect_chain else url
    assert form.status_code == 200 and "recruit*" in form.content.decode()
    refused = client.post(url, {"exclusion_patterns": "sales\n<script>"})
    assert refused.status_code == 200 and "Use plain words" in refused.content.decode()
    assert client.post(url, {"exclusion_patterns": "sales\nrecruiter"}).status_code == 302
    assert ClassificationSettings.load().exclusion_pattern_list() == ["sales", "recruiter"]
