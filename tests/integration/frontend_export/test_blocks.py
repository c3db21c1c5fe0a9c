"""Block types own their HTML, API JSON and search text, and stored data of an old shape never breaks a page.

A block type added in one class and one template shows up in Wagtail's
preview, the static export, the content API and search without any other
change; stored blocks with missing or legacy fields render as empty blocks in
all three of preview, export and API.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.db.models import JSONField, Value
from django.test import Client, RequestFactory
from wagtail import blocks

from cms.blocks import ContentBlock
from cms.models import CareerPathPage, Statistic
from cms.selectors import page_search_text
from frontend_export.services import export_site
from search import engine, indices, services

pytestmark = pytest.mark.integration

SLUG = "rag-engineer"


def store_body(page: CareerPathPage, body: list[dict]) -> None:
    """Write stored stream JSON as it is, the way an older version of the code left it."""
    CareerPathPage.objects.filter(pk=page.pk).update(body=Value(body, output_field=JSONField()))


def preview_html(page: CareerPathPage) -> str:
    request = RequestFactory().get("/")
    request.user = get_user_model()(is_superuser=True)
    response = page.serve_preview(request, page.default_preview_mode)
    assert response.status_code == 200
    return response.content.decode()


def api_body(slug: str) -> list[dict]:
    response = Client().get(f"/api/paths/{slug}/")
    assert response.status_code == 200, response.content
    return response.json()["body"]


class CalloutBlock(ContentBlock):
    """A block type added the way the README describes: one class and one template."""

    title = blocks.CharBlock()
    text = blocks.RichTextBlock()

    class Meta:
        template = "test_blocks/callout.html"


@pytest.fixture
def callout_block(settings, tmp_path):
    (tmp_path / "test_blocks").mkdir()
    (tmp_path / "test_blocks" / "callout.html").write_text(
        '<aside class="callout"><h2>{{ value.title }}</h2>{{ value.text }}</aside>'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    stream_block = CareerPathPage._meta.get_field("body").stream_block
    block = CalloutBlock()
    block.set_name("callout")
    stream_block.child_blocks["callout"] = block
    yield block
    del stream_block.child_blocks["callout"]


@pytest.fixture
def search_indices(search_engine_url):
    yield
    indices.delete_all(engine.get_client())


def test_a_new_block_type_shows_in_preview_export_api_and_search(demo_site, export_dir, callout_block, search_indices):
    page = CareerPathPage.objects.get(slug=SLUG)
    value = {"title": "Zanzibar checklist", "text": "<p>Read <b>this</b></p>"}
    callout = {"type": "callout", "id": "c-1", "value": value}
    store_body(page, [*page.body.raw_data, callout])
    page = CareerPathPage.objects.get(pk=page.pk)

    expected_html = '<aside class="callout"><h2>Zanzibar checklist</h2><p>Read <b>this</b></p></aside>'
    assert expected_html in preview_html(page)
    export_site()
    assert expected_html in (export_dir / "careers" / SLUG / "index.html").read_text()
    assert {"type": "callout", "id": "c-1", "value": value} in api_body(SLUG)
    assert "Zanzibar checklist Read this" in page_search_text(page)

    services.rebuild()
    response = Client().get("/api/search/", {"q": "zanzibar", "type": "role"})
    assert response.status_code == 200, response.content
    assert [(hit["type"], hit["path"]) for hit in response.json()["results"]] == [("role", SLUG)]


LEGACY_BODY = [
    # The old scalar format of a text section: just the HTML.
    {"type": "section", "id": "l-1", "value": "<p>Once a plain string</p>"},
    # Fields missing altogether.
    {"type": "responsibilities", "id": "l-2", "value": {}},
    # ListBlock items in the old plain-list format, a group without its kind, a skill of the wrong type.
    {"type": "skills", "id": "l-3", "value": {"heading": "Legacy skills", "groups": [{"skills": ["Python", 7, None]}]}},
    # Tools stored as bare names, before tools had a category.
    {"type": "tools", "id": "l-4", "value": {"tools": ["PyTorch", {"name": "JAX"}]}},
    # A statistic that was deleted, and one stored by a name instead of an id.
    {"type": "statistic", "id": "l-5", "value": {"statistic": 999_999}},
    {"type": "statistic", "id": "l-6", "value": {"statistic": "forrester"}},
    # FAQ items missing their answers; a value that is not a struct at all.
    {"type": "faq", "id": "l-7", "value": {"items": [{"question": "Still here?"}, "loose text"]}},
    {"type": "faq", "id": "l-8", "value": None},
    # A block type that no longer exists.
    {"type": "pull_quote", "id": "l-9", "value": {"quote": "Gone"}},
]


def test_legacy_stream_data_renders_empty_blocks_in_preview_export_and_api(demo_site, export_dir):
    page = CareerPathPage.objects.get(slug=SLUG)
    assert not Statistic.objects.filter(pk=999_999).exists()
    store_body(page, LEGACY_BODY)
    page = CareerPathPage.objects.get(pk=page.pk)

    preview = preview_html(page)
    export_site()
    exported = (export_dir / "careers" / SLUG / "index.html").read_text()
    for html in (preview, exported):
        assert page.title in html
        assert "Once a plain string" not in html and "Gone" not in html
        assert '<section class="block"><h2>What the role does</h2><ul></ul></section>' in html
        assert "<h3>Skills</h3><ul class=\"tags\"><li>Python</li><li>7</li></ul>" in html
        assert "<li><strong>JAX</strong></li>" in html
        assert '<h3 class="question">Still here?</h3><div class="answer"></div>' in html

    body = api_body(SLUG)
    by_id = {block["id"]: block for block in body}
    # Dangling statistics and unknown types are left out.
    assert set(by_id) == {"l-1", "l-2", "l-3", "l-4", "l-7", "l-8"}
    assert by_id["l-1"]["value"] == {"heading": "", "html": ""}
    assert by_id["l-2"]["value"] == {"heading": "", "intro": "", "items": []}
    assert by_id["l-3"]["value"]["groups"] == [{"kind": "", "label": "", "skills": ["Python", "7", ""]}]
    assert by_id["l-7"]["value"]["items"][0] == {"question": "Still here?", "answer_html": ""}
    assert json.dumps(body)
    assert "Still here?" in page_search_text(page)
