import json

import pytest

from jobs.feedserver import DEMO_FEEDS_DIR


@pytest.fixture
def feed_file():
    """Read a bundled demo feed: JSON decoded, HTML as text."""

    def read(name: str):
        path = DEMO_FEEDS_DIR / name
        text = path.read_text(encoding="utf-8")
        return json.loads(text) if name.endswith(".json") else text

    return read


def by_id(result):
    return {payload.raw_id: payload for payload in result.payloads}
