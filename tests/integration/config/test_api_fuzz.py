"""The API against its own OpenAPI schema: schemathesis generates requests from every operation and runs
all its checks (no 5xx, status codes and bodies as documented, content types, ...) with a bounded number
of examples per operation, so the suite keeps its time."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings

from cms.demo_content import load_demo_content

pytestmark = pytest.mark.integration



class _TestApp:
    """Django's WSGI handler that keeps the test's database connection open, as Django's test client does."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            body = b"".join(response)
            response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return [body]


schema = schemathesis.openapi.from_wsgi("/api/openapi.json", _TestApp())


@pytest.fixture(scope="module")
def _content_and_index(django_db_setup, django_db_blocker, search_engine_url):
    """Demo content for the whole module, rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo_content()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def content(_content_and_index, db, settings):
    """The content, indexed under this test's index prefix."""
    from search import services as search_services

    settings.ALLOWED_HOSTS = ["*"]
    search_services.rebuild()


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_conforms_to_its_schema(case, content):
    case.call_and_validate()
