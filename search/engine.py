"""The connection to the search engine, and the embedded engine.

With `ELASTICSEARCH_URL` set, the stock Elasticsearch client talks to it.
Without it, an in-memory engine (`osmem-server`) is started as a child
process on a free loopback port and shared through `var/osmem.json` by the
processes of one run; it exits with the process that started it.

The embedded engine speaks the REST API but answers 406 to the client's
`compatible-with=8` media types, so for it the client sends plain
`application/json` through `PlainJsonNode`.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import urllib.request
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from elastic_transport import Urllib3HttpNode
from elasticsearch import Elasticsearch

_COMPAT_MIMETYPE = re.compile(r"application/vnd\.elasticsearch\+([\w-]+)(?:\s*;\s*compatible-with=\d+)?")
_embedded_server = None


class PlainJsonNode(Urllib3HttpNode):
    """Sends `application/json` where the client would send its versioned media type."""

    def perform_request(self, method, target, body=None, headers=None, **kwargs):  # type: ignore[override]
        if headers:
            headers = headers.copy()
            for name in ("accept", "content-type"):
                if headers.get(name):
                    headers[name] = _COMPAT_MIMETYPE.sub(r"application/\1", headers[name])
        return super().perform_request(method, target, body=body, headers=headers, **kwargs)


def _state_file() -> Path:
    return Path(settings.VAR_DIR) / "osmem.json"


def _alive(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback URL we wrote
            return response.status == 200
    except OSError:
        return False


def start_embedded() -> str:
    """Start an embedded engine owned by this process and return its URL."""
    global _embedded_server
    from osmem_server import OsmemServer

    _embedded_server = OsmemServer.start(japanese=False)
    return _embedded_server.url


def stop_embedded() -> None:
    global _embedded_server
    if _embedded_server is not None:
        _embedded_server.close()
        _embedded_server = None


def engine_url() -> str:
    """The URL of the engine this process should use, starting the embedded one if needed."""
    if settings.ELASTICSEARCH_URL:
        return settings.ELASTICSEARCH_URL
    state = _state_file()
    state.parent.mkdir(parents=True, exist_ok=True)
    with open(state.with_suffix(".lock"), "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with contextlib.suppress(OSError, ValueError, KeyError):
            url = json.loads(state.read_text())["url"]
            if _alive(url):
                return url
        url = start_embedded()
        state.write_text(json.dumps({"url": url, "pid": os.getpid()}))
        return url


def speaks_plain_json() -> bool:
    """True for the embedded engine, however this process found its URL."""
    return not settings.ELASTICSEARCH_URL or settings.ELASTICSEARCH_PLAIN_JSON


@lru_cache(maxsize=1)
def _client_for(url: str, plain_json: bool) -> Elasticsearch:
    options: dict = {"request_timeout": 10, "retry_on_timeout": True, "max_retries": 2}
    if plain_json:
        options["node_class"] = PlainJsonNode
    return Elasticsearch(url, **options)


def get_client() -> Elasticsearch:
    """The shared client for this process."""
    url = engine_url()
    return _client_for(url, speaks_plain_json())


def reset_client() -> None:
    _client_for.cache_clear()
