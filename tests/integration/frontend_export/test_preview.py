"""Wagtail's preview of a hub, career path or comparison is the page the export writes.

The preview is rendered by Wagtail's own preview entry point (`serve_preview`)
on the page as the editor has it; after the same content is published and
exported, the exported file and the preview are equal once the preview's one
banner element (`data-preview-banner`) is taken out.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from cms.models import CareerPathPage, CareersHubPage, ComparisonPage
from cms.selectors import page_public_url
from frontend_export.pages import url_to_relpath
from frontend_export.services import export_site

pytestmark = pytest.mark.integration

BANNER_RE = re.compile(r"<aside data-preview-banner\b[^>]*>.*?</aside>", re.S)


def preview_html(page) -> str:
    request = RequestFactory().get("/")
    request.user = get_user_model()(is_superuser=True)
    response = page.serve_preview(request, page.default_preview_mode)
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("private")
    return response.content.decode()


def without_banner(html: str) -> str:
    banners = BANNER_RE.findall(html)
    assert len(banners) == 1, "a preview carries exactly one banner"
    return BANNER_RE.sub("", html)


def exported(export_dir, page) -> str:
    return (export_dir / url_to_relpath(page_public_url(page))).read_text()


def edit_and_publish(page, **changes) -> None:
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


KINDS = {
    "career path": (CareerPathPage, "rag-engineer", {"summary": "Retrieval systems, end to end, edited."}),
    "comparison": (ComparisonPage, "ai-engineer-vs-machine-learning-engineer", {"short_version": "Edited <short>."}),
    "hub": (CareersHubPage, "careers", {"title": "Careers in data & AI, edited"}),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_preview_equals_the_exported_file_but_for_the_banner(demo_site, export_dir, kind):
    model, slug, changes = KINDS[kind]
    page = model.objects.get(slug=slug)
    edit_and_publish(page, **changes)
    export_site()
    # Wagtail previews the latest revision's content as the editor has it in the form.
    draft = model.objects.get(pk=page.pk).get_latest_revision_as_object()
    html = preview_html(draft)
    assert 'data-preview-banner' in html
    assert without_banner(html) == exported(export_dir, page)
    assert next(iter(changes.values())).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in html


@pytest.mark.parametrize("kind", list(KINDS))
def test_preview_shows_the_draft_and_the_export_keeps_the_published_page(demo_site, export_dir, kind):
    model, slug, _ = KINDS[kind]
    page = model.objects.get(slug=slug)
    page.seo_title = "Draft title not yet published"
    page.save_revision()
    draft = model.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert "Draft title not yet published" in preview_html(draft)
    export_site()
    assert "Draft title not yet published" not in exported(export_dir, page)


def test_a_path_draft_with_a_new_related_path_shows_it(demo_site):
    page = CareerPathPage.objects.get(slug="rag-engineer")
    html_before = preview_html(page)
    target = CareerPathPage.objects.get(slug="data-analyst")
    page.related_paths.add(page.related_paths.model(target=target, reason="Because drafts count"))
    html = preview_html(page)
    assert "Because drafts count" in html and "Because drafts count" not in html_before
