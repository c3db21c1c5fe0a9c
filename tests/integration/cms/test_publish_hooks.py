"""Publishing career content tells search and the export, once per transaction, after commit."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import transaction

from cms.models import CareerPathPage, CareersHubPage, ComparisonPage, HomePage
from frontend_export.services import PENDING_KEY
from search.models import PendingPage

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def pages(db):
    root = HomePage.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Home", slug="home-test"))
    hub = home.add_child(instance=CareersHubPage(title="Hub", slug="careers"))
    first = hub.add_child(instance=CareerPathPage(title="RAG", slug="rag-engineer", role_name="RAG", summary="s"))
    second = hub.add_child(instance=CareerPathPage(title="LLM", slug="llm-engineer", role_name="LLM", summary="s"))
    cache.delete(PENDING_KEY)
    PendingPage.objects.all().delete()
    return {"home": home, "hub": hub, "first": first, "second": second}


def pending_ids() -> set[int]:
    return set(PendingPage.objects.values_list("page_id", flat=True))


def test_publish_marks_the_page_for_search_and_requests_an_export(pages, django_capture_on_commit_callbacks):
    page = pages["first"]
    with django_capture_on_commit_callbacks(execute=True):
        page.summary = "changed"
        page.save_revision().publish()
        assert pending_ids() == set(), "nothing may be handed on before the commit"
    assert pending_ids() == {page.id}
    assert f"pages=[{page.id}]" in cache.get(PENDING_KEY)


def test_one_transaction_hands_on_all_its_pages_at_once(pages, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        pages["first"].save_revision().publish()
        pages["second"].save_revision().publish()
        pages["hub"].save_revision().publish()
    assert pending_ids() == {pages["first"].id, pages["second"].id, pages["hub"].id}
    expected = sorted([pages["first"].id, pages["second"].id, pages["hub"].id])
    assert f"pages={expected}" in cache.get(PENDING_KEY)


def test_a_rolled_back_publish_tells_nobody(pages, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        pages["first"].save_revision().publish()
        raise RuntimeError("editor's transaction fails")
    assert pending_ids() == set()
    assert cache.get(PENDING_KEY) is None


def test_unpublish_move_and_delete_are_handed_on(pages, django_capture_on_commit_callbacks):
    first, second = pages["first"], pages["second"]
    with django_capture_on_commit_callbacks(execute=True):
        first.unpublish()
    assert pending_ids() == {first.id}
    with django_capture_on_commit_callbacks(execute=True):
        second.move(pages["hub"], pos="first-child")
    assert second.id in pending_ids()
    PendingPage.objects.all().delete()
    deleted_id = second.id
    with django_capture_on_commit_callbacks(execute=True):
        CareerPathPage.objects.get(pk=deleted_id).delete()
    assert pending_ids() == {deleted_id}


def test_other_page_types_are_not_handed_on(pages, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pages["home"].save_revision().publish()
    assert pending_ids() == set()


def test_comparisons_are_handed_on(pages, django_capture_on_commit_callbacks):
    comparison = ComparisonPage(
        title="RAG vs LLM",
        slug="rag-vs-llm",
        left_path=pages["first"],
        right_path=pages["second"],
        summary="s",
        short_version="v",
        choose_left_if="a",
        choose_right_if="b",
    )
    pages["hub"].add_child(instance=comparison)
    with django_capture_on_commit_callbacks(execute=True):
        comparison.save_revision().publish()
    assert comparison.id in pending_ids()
