"""Locks, the search client's media types, and serving the exported site."""

from __future__ import annotations

import pytest

from config.locks import LockNotAcquired, hold
from search.engine import PlainJsonNode


def test_a_held_lock_cannot_be_taken_twice():
    with hold("unit-test-lock"), pytest.raises(LockNotAcquired), hold("unit-test-lock"):
        pass
    with hold("unit-test-lock"):
        pass


def test_plain_json_node_rewrites_versioned_media_types(monkeypatch):
    seen = {}

    def fake_perform(self, method, target, body=None, headers=None, **kwargs):
        seen.update(headers)

    monkeypatch.setattr("elastic_transport.Urllib3HttpNode.perform_request", fake_perform)
    from elastic_transport import NodeConfig

    node = PlainJsonNode(NodeConfig("http", "127.0.0.1", 9200))
    node.perform_request("GET", "/", headers={
        "accept": "application/vnd.elasticsearch+json; compatible-with=8",
        "content-type": "application/vnd.elasticsearch+x-ndjson; compatible-with=8"})
    assert seen == {"accept": "application/json", "content-type": "application/x-ndjson"}


@pytest.fixture
def export_dir(tmp_path, settings, db):
    """An export folder; `db` because the redirects middleware looks up every 404."""
    settings.EXPORT_DIR = tmp_path
    (tmp_path / "careers").mkdir()
    (tmp_path / "careers" / "index.html").write_text("<h1>Hub</h1>")
    (tmp_path / "404.html").write_text("<h1>Not found</h1>")
    (tmp_path / "sitemap.xml").write_text("<urlset/>")
    return tmp_path


def test_the_exported_site_is_served_with_index_files(client, export_dir):
    response = client.get("/careers/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"<h1>Hub</h1>"
    assert client.get("/sitemap.xml")["Content-Type"] in ("application/xml", "text/xml")


def test_a_directory_without_slash_redirects(client, export_dir):
    response = client.get("/careers")
    assert response.status_code == 301
    assert response["Location"] == "/careers/"


def test_missing_pages_get_the_exported_404(client, export_dir):
    response = client.get("/nowhere/")
    assert response.status_code == 404
    assert b"Not found" in response.content


def test_paths_outside_the_export_are_refused(client, export_dir):
    assert client.get("/../../etc/passwd").status_code == 404
    assert client.get("/%2e%2e/%2e%2e/etc/passwd").status_code == 404
