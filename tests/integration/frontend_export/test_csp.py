"""The exported site under its Content-Security-Policy: Django sends it on every
page it serves from the export (404 included) and on none of its own UIs, and
no exported page carries a script the policy would have to allow inline."""

from __future__ import annotations

import re

import pytest

from config import csp

pytestmark = pytest.mark.integration

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.IGNORECASE | re.DOTALL)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def _expected(settings) -> dict[str, list[str]]:
    return csp.site_directives(search_api_url=settings.SEARCH_API_URL)


def test_no_exported_page_has_an_inline_script_except_json_ld(demo_site, export_dir):
    pages = list(export_dir.rglob("*.html"))
    assert len(pages) > 20
    json_ld = 0
    for page in pages:
        text = page.read_text()
        for attributes, body in SCRIPT_TAG.findall(text):
            if 'type="application/ld+json"' in attributes:
                json_ld += 1
                continue
            assert "src=" in attributes and not body.strip(), f"inline script in {page.relative_to(export_dir)}"
        assert not EVENT_HANDLER.search(text), f"inline event handler in {page.relative_to(export_dir)}"
        assert "javascript:" not in text.lower(), page
    assert json_ld > 0


def test_django_sends_the_policy_on_exported_pages_and_their_404(demo_site, export_dir, client, settings):
    expected = _expected(settings)
    assert expected["script-src"] == ["'self'"]
    for url in ("/careers/", "/search/", "/no/such/page/"):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert csp.parse(response["Content-Security-Policy"]) == expected, url


@pytest.mark.parametrize("url", ["/admin/login/", "/api/hub/", "/healthz"])
def test_djangos_own_pages_keep_their_own_rules(demo_site, client, url):
    assert "Content-Security-Policy" not in client.get(url)
