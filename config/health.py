"""`/healthz`: one line per component, 200 only when all are ok."""

from __future__ import annotations

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _broker() -> str:
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


def _search() -> str:
    from search.engine import get_client

    if not get_client().ping():
        return "search engine did not answer"
    return "ok"


def component_status() -> dict[str, str]:
    status = {}
    for name, check in (("database", _database), ("broker", _broker), ("search", _search)):
        try:
            status[name] = check()
        except Exception as exc:  # any failure is reported, not raised
            status[name] = f"{type(exc).__name__}: {exc}"[:300]
    return status


@never_cache
@require_GET
def healthz(request):
    status = component_status()
    healthy = all(value == "ok" for value in status.values())
    return JsonResponse(status, status=200 if healthy else 503)
