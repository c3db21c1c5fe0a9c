"""/healthz against the real database, broker and search engine."""

from __future__ import annotations

import socket

import pytest

from search import engine

pytestmark = pytest.mark.integration


def test_healthz_is_200_when_every_component_is_ok(client, db, search_engine_url):
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    assert response.json() == {"database": "ok", "broker": "ok", "search": "ok"}


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_is_503_and_names_the_search_engine_when_it_is_down(client, db, settings):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{_closed_port()}"
    settings.ELASTICSEARCH_PLAIN_JSON = True
    engine.reset_client()
    try:
        response = client.get("/healthz")
    finally:
        engine.reset_client()
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] == "ok"
    assert body["search"] != "ok"
