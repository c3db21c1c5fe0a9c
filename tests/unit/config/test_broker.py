"""The embedded broker publishes whole messages: a consumer never reads one half-written."""

from __future__ import annotations

import os
from queue import Empty

import pytest
from kombu import Connection

from config import broker


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


def test_the_embedded_settings_use_it(settings):
    from config.celery import app

    if settings.REDIS_URL:
        pytest.skip("Redis is the broker here")
    assert app.conf.broker_transport == "config.broker:Transport"
