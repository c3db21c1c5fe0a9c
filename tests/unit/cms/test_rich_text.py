"""Rich text in API responses: internal links become public URLs, nothing internal leaks."""

from __future__ import annotations

from cms.selectors import rich_text_html


def test_page_links_become_public_urls():
    html = '<p>See <a linktype="page" id="12">data science</a>.</p>'
    assert rich_text_html(html, {12: "/careers/data-scientist/"}) == (
        '<p>See <a href="/careers/data-scientist/">data science</a>.</p>'
    )


def test_links_to_pages_that_are_not_live_keep_only_their_text_anchor():
    html = '<p><a linktype="page" id="99">draft page</a></p>'
    assert rich_text_html(html, {}) == "<p><a>draft page</a></p>"


def test_document_links_and_embeds_do_not_leak_internal_references():
    html = '<p><a linktype="document" id="3">report</a><embed embedtype="image" id="4" format="left"/></p>'
    out = rich_text_html(html, {})
    assert "linktype" not in out
    assert "embed" not in out
    assert "report" in out


def test_external_links_are_kept():
    html = '<p><a href="https://www.bls.gov/ooh/">BLS</a></p>'
    assert rich_text_html(html, {}) == html
