"""The embedded broker publishes whole messages: a consumer never reads one half-written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from queue import Empty

import pytest
from kombu import Connection

from config import broker

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def channel(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    options = {"data_folder_in": str(folder), "data_folder_out": str(folder),
               "processed_folder": str(tmp_path), "store_processed": False}
    with Connection("filesystem://", transport=broker.Transport, transport_options=options) as conn:
        yield conn.default_channel, folder


def test_a_consumer_polling_while_a_message_is_written_sees_nothing_until_it_is_whole(channel, monkeypatch):
    chan, folder = channel
    seen_while_writing = []
    real_dumps = broker.dumps

    def dumps_and_poll(payload):
        # The moment kombu's own channel would have had an empty file under its final name.
        try:
            seen_while_writing.append(chan._get("q"))
        except Empty:
            seen_while_writing.append(None)
        return real_dumps(payload)

    monkeypatch.setattr(broker, "dumps", dumps_and_poll)
    chan._put("q", {"body": "x" * 10_000})
    assert seen_while_writing == [None]
    assert chan._get("q") == {"body": "x" * 10_000}
    assert os.listdir(folder) == []


def test_every_message_arrives_once_and_no_temporary_file_is_left(channel):
    chan, folder = channel
    for number in range(5):
        chan._put("q", {"n": number})
    assert all(name.endswith(".q.msg") and not name.startswith(".") for name in os.listdir(folder))
    # kombu orders by the millisecond of publishing; within one, in any order.
    assert sorted(chan._get("q")["n"] for _ in range(5)) == [0, 1, 2, 3, 4]
    with pytest.raises(Empty):
        chan._get("q")


def test_the_embedded_settings_use_it():
    """Without Redis, the app's broker connection is this transport (checked in a process of its own)."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CELERY_BROKER_URL")}
    env["DEBUG"] = "1"
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup();"
            "from config.celery import app; conn = app.connection_for_write();"
            "t = type(conn.transport); print(t.__module__, t.__name__)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["config.broker", "Transport"]
