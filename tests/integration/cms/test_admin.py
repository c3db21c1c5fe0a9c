"""The editor's side: admin forms, citation snippets with admin search, preview and preview tokens."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory

from cms.models import CareerPathPage, ComparisonPage, Source

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def demo(_demo_for_module, db):
    """The module's demo content (loaded once), seen from this test's savepoint."""


@pytest.fixture
def editor_client(client, demo):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw-for-tests-only")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", [CareerPathPage, ComparisonPage])
def test_edit_forms_render_with_every_block(editor_client, model):
    page = model.objects.first()
    response = editor_client.get(f"/admin/pages/{page.id}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Responsibilities", "Skills by kind", "FAQ") if model is CareerPathPage else ("Side-by-side",):
        assert label in html


def test_citation_snippets_are_searchable_in_the_admin(editor_client):
    response = editor_client.get("/admin/snippets/cms/source/?q=Forrester")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Forrester" in html and "World Economic Forum" not in html
    assert editor_client.get("/admin/snippets/cms/statistic/").status_code == 200


def test_admin_page_search_finds_paths(editor_client, django_capture_on_commit_callbacks):
    # Wagtail indexes a page after the commit; run those callbacks inside the test transaction.
    with django_capture_on_commit_callbacks(execute=True):
        CareerPathPage.objects.get(slug="rag-engineer").save_revision().publish()
    response = editor_client.get("/admin/pages/search/?q=RAG")
    assert response.status_code == 200
    assert "RAG Engineer" in response.content.decode()


def test_preview_shows_the_headless_preview_url(demo):
    page = CareerPathPage.objects.get(slug="rag-engineer")
    page.summary = "Draft only"
    page.save_revision()
    request = RequestFactory().get("/")
    request.user = get_user_model()(is_superuser=True)
    response = page.serve_preview(request, page.default_preview_mode)
    html = response.content.decode()
    assert "/api/paths/rag-engineer/?preview_token=" in html
    assert "Draft only" in html


def test_preview_token_view_hands_out_a_working_token(editor_client, client):
    page = CareerPathPage.objects.get(slug="rag-engineer")
    page.summary = "Draft only"
    page.save_revision()
    data = editor_client.get(f"/admin/cms/preview-token/{page.id}/").json()
    assert data["expires_in"] <= 3600
    path = data["api_url"].split("://", 1)[1].split("/", 1)[1]
    response = client.get(f"/{path}")
    assert response.status_code == 200
    assert response.json()["summary"] == "Draft only"


def test_preview_token_view_needs_edit_permission(client, demo):
    user = get_user_model().objects.create_user("visitor", password="pw-for-tests-only")
    client.force_login(user)
    page = CareerPathPage.objects.get(slug="rag-engineer")
    response = client.get(f"/admin/cms/preview-token/{page.id}/")
    assert response.status_code in (302, 403)


def test_sources_are_unique_by_url(demo):
    assert Source.objects.values("url").distinct().count() == Source.objects.count()


def test_headless_preview_menu_item_lists_paths_and_comparisons(editor_client):
    dashboard = editor_client.get("/admin/").content.decode()
    # The sidebar menu is rendered from JSON props.
    assert '"/admin/cms/headless-preview/"' in dashboard and "Headless preview" in dashboard
    html = editor_client.get("/admin/cms/headless-preview/").content.decode()
    for page in (CareerPathPage.objects.get(slug="rag-engineer"), ComparisonPage.objects.first()):
        assert f'href="/admin/cms/headless-preview/{page.id}/"' in html


def test_headless_preview_page_shows_link_expiry_rendered_draft_and_json(editor_client):
    page = CareerPathPage.objects.get(slug="rag-engineer")
    page.summary = "Draft only"
    page.save_revision()
    response = editor_client.get(f"/admin/cms/headless-preview/{page.id}/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    context = response.context
    assert context["api_url"] in response.content.decode()
    assert "?preview_token=" in context["api_url"]
    html = response.content.decode()
    assert 'id="headless-copy"' in html and "expires" in html and context["expires_at"].isoformat()[:16] in html
    assert '"summary": "Draft only"' in html.replace("&quot;", '"')
    # The iframe shows the draft rendered as the site will show it, for editors only.
    render = editor_client.get(context["render_url"])
    assert render.status_code == 200 and "Draft only" in render.content.decode()
    assert "data-preview-banner" in render.content.decode()
    assert Client().get(context["render_url"]).status_code in (302, 403)
    assert editor_client.get("/admin/cms/headless-preview/render/forged/").status_code == 404
    # The page's header button leads here rather than to raw JSON.
    edit = editor_client.get(f"/admin/pages/{page.id}/edit/").content.decode()
    assert f"/admin/cms/headless-preview/{page.id}/" in edit
