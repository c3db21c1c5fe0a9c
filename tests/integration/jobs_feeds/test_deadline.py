"""The total deadline of a feed download holds against a server that drips bytes.

A raw socket server of its own frames the body each way (declared length,
chunked, read until close) and sends one byte every tenth of a second, which
keeps the read timeout from ever firing.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from jobs import http
from jobs.connectors import FeedError

pytestmark = pytest.mark.integration

LIMIT = 2.0
DRIP_INTERVAL = 0.1


class DripServer:
    """Answers every request with headers for `framing`, then one byte per interval until the client leaves."""

    def __init__(self, framing: str) -> None:
        self.framing = framing
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.client_gone = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/feed.json"

    def _serve(self) -> None:
        self.listener.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        try:
            conn.recv(65536)
            if self.framing == "headers":
                # Even the status line arrives a byte at a time.
                payload = b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10_000
                for byte in payload:
                    conn.sendall(bytes([byte]))
                    time.sleep(DRIP_INTERVAL)
                return
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            if self.framing == "length":
                head += b"Content-Length: 100000\r\n"
            elif self.framing == "chunked":
                head += b"Transfer-Encoding: chunked\r\n"
            else:
                head += b"Connection: close\r\n"
            conn.sendall(head + b"\r\n")
            while not self._stop.is_set():
                conn.sendall(b"1\r\n \r\n" if self.framing == "chunked" else b" ")
                time.sleep(DRIP_INTERVAL)
        except OSError:
            self.client_gone.set()
        finally:
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.listener.close()


@pytest.fixture
def drip_settings(settings):
    settings.JOBS_ALLOW_PRIVATE_FEEDS = True
    settings.JOBS_HTTP_TOTAL_TIMEOUT = LIMIT
    settings.JOBS_HTTP_READ_TIMEOUT = 30
    settings.JOBS_HTTP_RETRIES = 2
    return settings


@pytest.fixture(params=["length", "chunked", "until-close", "headers"])
def drip_server(request) -> Iterator[DripServer]:
    server = DripServer(request.param)
    yield server
    server.close()


def test_a_dripping_feed_is_cut_within_a_second_of_the_total_deadline(drip_server, drip_settings):
    started = time.monotonic()
    with pytest.raises(FeedError, match=rf"^download from {drip_server.url} took longer than 2 s, cut off$"):
        http.get(drip_server.url)
    elapsed = time.monotonic() - started
    assert LIMIT <= elapsed < LIMIT + 1, f"cut after {elapsed:.1f} s"
    # The server saw its connection end: no download is left running behind the error.
    assert drip_server.client_gone.wait(timeout=2)


def test_a_download_inside_the_deadline_is_whole(httpserver, drip_settings):
    httpserver.expect_request("/feed.json").respond_with_json({"jobs": [1, 2, 3]})
    assert http.get_json(httpserver.url_for("/feed.json")) == {"jobs": [1, 2, 3]}
