"""Paths that try to leave the static or export folders are a 404, never a 500.

The demo server hands /static/ to the app (WhiteNoise, then the URL routes),
so the test client sees what a visitor sees; `http.client` sends each path
exactly as written (like `curl --path-as-is`) to a server that serves the app.
"""

from __future__ import annotations

import http.client
import threading
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest

from config.wsgi import application

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

TRAVERSALS = [
    "/static/../../etc/passwd",
    "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2f..%2f..%2fetc/passwd",
    "/static/wagtailadmin/../../../../../etc/passwd",
    "/static/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/careers/../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/static/..\\..\\etc\\passwd",
]


class _Quiet(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def app_server(settings, tmp_path):
    settings.EXPORT_DIR = tmp_path / "site"
    settings.EXPORT_DIR.mkdir()
    (settings.EXPORT_DIR / "404.html").write_text("<h1>Page not found</h1>")
    server = make_server("127.0.0.1", 0, application, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path", TRAVERSALS)
def test_a_path_leaving_the_static_folders_is_a_404(app_server, path):
    connection = http.client.HTTPConnection("127.0.0.1", app_server, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    assert response.status == 404, body[:300]
    assert b"root:" not in body


def test_a_real_static_file_is_still_served(client):
    response = client.get("/static/frontend_export/site.css")
    assert response.status_code == 200
