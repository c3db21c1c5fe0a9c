"""Fixtures for the export's integration tests: the demo content, the bundled
job feeds served over local HTTP and synced through the real connectors, and an
export folder of the test's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from tests.integration.frontend_export.helpers import FeedBoard


@pytest.fixture
def export_dir(settings, tmp_path) -> Path:
    settings.EXPORT_DIR = tmp_path / "site"
    return settings.EXPORT_DIR


@pytest.fixture
def demo_content(db):
    call_command("load_demo_content", verbosity=0)


@pytest.fixture
def feeds(httpserver) -> FeedBoard:
    return FeedBoard(httpserver)


@pytest.fixture
def demo_site(demo_content, feeds, export_dir):
    """The demo pipeline: demo content, the bundled feeds synced, then a full export."""
    from frontend_export.services import export_site

    feeds.sources()
    feeds.sync()
    report = export_site(full=True)
    return report
