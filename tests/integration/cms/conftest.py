from __future__ import annotations

import pytest
from django.db import transaction

from cms.demo_content import load_demo_content


@pytest.fixture
def demo(db):
    """The demo content, loaded into this test's database."""
    return load_demo_content()


@pytest.fixture(scope="module")
def _demo_for_module(django_db_setup, django_db_blocker):
    """Load the demo content once for this module, inside a transaction rolled back at the end.

    Each test runs in a savepoint inside it (pytest-django's `db`), so what a test
    writes is undone before the next one, and nothing outlives the module.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo_content()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
