from __future__ import annotations

import pytest

from cms.demo_content import load_demo_content


@pytest.fixture
def demo(db):
    """The demo content, loaded into this test's database."""
    return load_demo_content()
