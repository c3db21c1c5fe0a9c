"""The unclassified-titles queue: frequent titles that match no path, turned into patterns or dismissed."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages

from cms.models import CareerPathPage
from jobs import services, unclassified
from jobs.models import DismissedTitle, JobListing

from .conftest import greenhouse_job

pytestmark = pytest.mark.integration

TITLES = [
    "Data Wrangler", "Data Wrangler", "data-wrangler", "Data Wrangler",
    "Knowledge Gardener", "Knowledge Gardener",
    "Head of Data Wrangling",
    "Head of Data Engineering",
    "Senior Machine Learning Engineer",
]
URL = "/admin/jobs/unclassified/"


@pytest.fixture
def synced(feeds, make_source, career_paths):
    feeds.greenhouse("northwind", [greenhouse_job(n, title=title) for n, title in enumerate(TITLES)])
    source = make_source()
    services.source_sync(source_id=source.pk)
    return source


@pytest.fixture
def admin_client(db, client):
    user = get_user_model().objects.create_superuser("chief", "chief@example.org", "pass")
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(db, client):
    """A member of Wagtail's "Editors" group: may edit pages, not publish them."""
    user = get_user_model().objects.create_user("ed", "ed@example.org", "pass")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def queue_counts() -> dict[str, int]:
    return {item.title: item.count for item in unclassified.unclassified_titles()[0]}


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_queue_lists_unclassified_titles_by_frequency_folding_spellings(synced):
    queue, distinct = unclassified.unclassified_titles()
    assert [(item.title, item.count) for item in queue] == [
        ("Data Wrangler", 4), ("Knowledge Gardener", 2), ("Head of Data Wrangling", 1)
    ]
    assert distinct == 3


def test_the_queue_renders_for_an_editor(synced, editor_client):
    response = editor_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Data Wrangler" in html and "Knowledge Gardener" in html
    assert "Senior Machine Learning Engineer" not in html  # classified: not in the queue
    assert "Add pattern" in html and "Not a career path" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_adding_a_pattern_publishes_it_reclassifies_and_the_titles_leave_the_queue(synced, admin_client):
    path = CareerPathPage.objects.get(slug="data-engineer")
    revisions = path.revisions.count()
    response = admin_client.post(URL, {"action": "add", "title": "Data Wrangler", "pattern": "data wrangler",
                                       "path": path.pk})
    assert response.status_code == 302
    assert any("4 open listings reclassified" in text for text in messages_of(response))
    path.refresh_from_db()
    assert "data wrangler" in path.title_pattern_list()
    assert path.revisions.count() == revisions + 1 and path.live and not path.has_unpublished_changes
    wranglers = JobListing.objects.filter(title__iregex=r"^data.wrangler$")
    assert wranglers.count() == 4
    assert set(wranglers.values_list("career_path__slug", "path_rule")) == {("data-engineer", "data wrangler")}
    assert "Data Wrangler" not in queue_counts()
    assert "Data Wrangler" not in admin_client.get(URL).content.decode()


def test_an_editor_who_may_not_publish_leaves_a_draft_and_nothing_moves(synced, editor_client):
    path = CareerPathPage.objects.get(slug="data-engineer")
    response = editor_client.post(URL, {"action": "add", "title": "Data Wrangler", "pattern": "data wrangler",
                                        "path": path.pk})
    assert response.status_code == 302
    assert any("draft for a publisher to review" in text for text in messages_of(response))
    path.refresh_from_db()
    assert "data wrangler" not in path.title_pattern_list()  # the live page is unchanged
    assert "data wrangler" in path.get_latest_revision_as_object().title_pattern_list()
    assert queue_counts()["Data Wrangler"] == 4


def test_a_pattern_that_would_take_another_paths_listings_is_refused_naming_it(synced, admin_client):
    analyst = CareerPathPage.objects.get(slug="data-analyst")
    before = list(JobListing.objects.order_by("pk").values_list("career_path_id", "path_rule"))
    response = admin_client.post(URL, {"action": "add", "title": "Head of Data Wrangling", "pattern": "head of data",
                                       "path": analyst.pk})
    assert response.status_code == 302
    [text] = messages_of(response)
    assert text.startswith("Not added: 'head of data' would take 1 open listing from Data Engineer")
    assert "'data engineering'" in text and "'Head of Data Engineering'" in text
    analyst.refresh_from_db()
    assert "head of data" not in analyst.get_latest_revision_as_object().title_pattern_list()
    assert list(JobListing.objects.order_by("pk").values_list("career_path_id", "path_rule")) == before


def test_a_pattern_must_match_the_title_and_be_plain_words(synced, admin_client):
    path = CareerPathPage.objects.get(slug="data-engineer")
    with pytest.raises(unclassified.PatternRefused, match="does not match the title"):
        unclassified.title_pattern_add(user=get_user_model().objects.get(username="chief"), path_page_id=path.pk,
                                       pattern="gardener of data", title="Data Wrangler")
    response = admin_client.post(URL, {"action": "add", "title": "Data Wrangler", "pattern": "data <wrangler>",
                                       "path": path.pk})
    assert any(text.startswith("Not added: Use plain words") for text in messages_of(response))


def test_not_a_career_path_takes_the_title_out_of_the_queue_and_back(synced, admin_client):
    response = admin_client.post(URL, {"action": "dismiss", "title": "Knowledge Gardener"})
    assert response.status_code == 302
    assert "Knowledge Gardener" not in queue_counts()
    dismissed = DismissedTitle.objects.get()
    assert dismissed.title_key == "knowledge gardener" and dismissed.dismissed_by.username == "chief"
    page = admin_client.get(URL).content.decode()
    assert "Marked not a career path (1)" in page
    admin_client.post(URL, {"action": "restore", "dismissed": dismissed.pk})
    assert queue_counts()["Knowledge Gardener"] == 2
