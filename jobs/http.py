"""The one HTTP client every job feed goes through.

It refuses URLs that are not http(s) or that resolve to loopback, private,
link-local or reserved addresses (unless `JOBS_ALLOW_PRIVATE_FEEDS`), follows
redirects itself so every hop is checked, applies connect and read timeouts,
ends any attempt that outlives `JOBS_HTTP_TOTAL_TIMEOUT` (a watchdog shuts its
socket, so a server dripping one byte at a time is cut at the limit however the
body is framed), streams the body and cuts it off at `JOBS_HTTP_MAX_BYTES`, and retries 429
(honouring Retry-After, as on 503), 5xx, connection errors and timeouts with jittered
exponential backoff inside a bounded sleep budget. Every failure is a
`FeedError` whose message is one line.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from jobs.connectors import FeedError

logger = logging.getLogger(__name__)

USER_AGENT = "careershub-jobs/1.0 (+job feed sync)"
MAX_REDIRECTS = 5
CHUNK_SIZE = 64 * 1024
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})

# Tests replace this to observe backoff without waiting; production sleeps.
sleep: Callable[[float], None] = time.sleep


@dataclass(frozen=True)
class Response:
    url: str  # final URL after redirects
    status: int
    headers: Mapping[str, str]
    body: bytes

    def text(self) -> str:
        charset = _charset(self.headers.get("Content-Type", "")) or "utf-8"
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


def human_bytes(size: int) -> str:
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


# NAT64 prefixes (RFC 6052 well-known and RFC 8215 local-use): the last 32 bits are an IPv4 address.
_NAT64_NETWORKS = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 form carries: IPv4-mapped or -compatible, 6to4, Teredo, NAT64."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]  # the client's address; the server half is public by construction
    if any(ip in network for network in _NAT64_NETWORKS):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in _IPV4_COMPATIBLE and int(ip) > 1:  # not :: or ::1, which are judged as IPv6
        return ipaddress.IPv4Address(int(ip))
    return None


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            # Judged by the IPv4 address it reaches: 2002:a9fe:a9fe:: is 169.254.169.254.
            return _is_public_ip(embedded)
    return _is_public_ip(ip)


def _is_public_ip(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        or not ip.is_global
    )


def check_url(url: str) -> None:
    """Raise FeedError unless `url` is http(s) with a host that resolves to public addresses."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FeedError(f"invalid feed URL {url!r}: {exc}") from None
    if parts.scheme not in ("http", "https"):
        raise FeedError(f"refused feed URL {url!r}: only http and https are allowed")
    host = parts.hostname
    if not host:
        raise FeedError(f"refused feed URL {url!r}: no host")
    if parts.username or parts.password:
        raise FeedError(f"refused feed URL {url!r}: credentials in the URL are not allowed")
    if settings.JOBS_ALLOW_PRIVATE_FEEDS:
        return
    try:
        addresses = _resolve(host, port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError) as exc:
        raise FeedError(f"cannot resolve host {host!r}: {exc}") from None
    # Every address must be public: a name resolving to both kinds could be
    # connected to either.
    for address in addresses:
        if not _is_public(address):
            raise FeedError(f"refused feed URL {url!r}: {host} resolves to non-public address {address}")


def _resolve(host: str, port: int) -> list[str]:
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)]


def _check_peer(sock: socket.socket, host: str) -> None:
    """Refuse a connection whose peer is not public, whatever DNS said a moment earlier
    (a name can resolve to a public address for the check and a private one for the connect)."""
    if settings.JOBS_ALLOW_PRIVATE_FEEDS:
        return
    address = str(sock.getpeername()[0])
    if not _is_public(address):
        sock.close()
        raise FeedError(f"refused connection to {host}: connected to non-public address {address}")


class _Deadline:
    """Shuts the sockets of an attempt's connections when its total time is up.

    The read timeout restarts with every byte and a blocking read waits to fill
    its whole buffer, so checking the clock between reads cannot bound a drip;
    shutting the socket from a timer thread ends the blocked read at once.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def start(self) -> None:
        self._timer.start()

    def cancel(self) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if all(known is not sock for known in self._sockets):
                self._sockets.append(sock)
            expired = self.expired
        if expired:
            _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    # The socket object, not the connection: a response read until close keeps
    # reading from it after the connection has let go of it.
    with suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


# The deadline of the attempt running in this thread, seen by its connections.
_deadline: ContextVar[_Deadline | None] = ContextVar("jobs_http_deadline", default=None)


@contextmanager
def _total_deadline(seconds: float) -> Iterator[_Deadline]:
    deadline = _Deadline(seconds)
    token = _deadline.set(deadline)
    deadline.start()
    try:
        yield deadline
    finally:
        deadline.cancel()
        _deadline.reset(token)


class _DeadlineMixin:
    """Connections hand their socket to the current attempt's deadline when they connect or send."""

    sock: socket.socket | None

    def _watch(self) -> None:
        deadline = _deadline.get()
        if deadline is not None and self.sock is not None:
            deadline.watch(self.sock)

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        self._watch()  # shuts the socket at once if the time ran out while connecting

    def request(self, *args: Any, **kwargs: Any) -> None:
        self._watch()  # a connection reused from the pool
        super().request(*args, **kwargs)  # type: ignore[misc]


class _CheckedHTTPConnection(_DeadlineMixin, HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_peer(sock, self.host)
        return sock


class _CheckedHTTPSConnection(_DeadlineMixin, HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_peer(sock, self.host)
        return sock


class _CheckedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _CheckedHTTPConnection


class _CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPSConnection


class _CheckedAdapter(HTTPAdapter):
    """A requests adapter whose connections check the address they actually reached."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _CheckedHTTPPool, "https": _CheckedHTTPSPool}


def _session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxies or .netrc from the environment: feeds are fetched directly
    adapter = _CheckedAdapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _backoff(attempt: int) -> float:
    """Full-jitter exponential backoff: uniform in [base/2, base * 2**attempt]."""
    base = float(settings.JOBS_HTTP_BACKOFF)
    ceiling = base * (2**attempt)
    return random.uniform(base / 2, ceiling) if ceiling > 0 else 0.0


def _read_capped(response: requests.Response, url: str, max_bytes: int) -> bytes:
    declared = response.headers.get("Content-Length")
    if max_bytes and declared and declared.isdigit() and int(declared) > max_bytes:
        declared_size = human_bytes(int(declared))
        raise FeedError(f"response larger than {human_bytes(max_bytes)} from {url} (declared {declared_size})")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(chunk_size=CHUNK_SIZE):
        size += len(chunk)
        if max_bytes and size > max_bytes:
            raise FeedError(f"response larger than {human_bytes(max_bytes)} from {url}, cut off")
        chunks.append(chunk)
    return b"".join(chunks)


def _one_request(
    session: requests.Session,
    url: str,
    params: Mapping[str, Any] | None,
    headers: Mapping[str, str],
    follow_redirects: bool = True,
) -> Response:
    """One GET including redirects (each hop checked) within the total deadline; no retries here."""
    limit = float(settings.JOBS_HTTP_TOTAL_TIMEOUT)
    with _total_deadline(limit) as deadline:
        try:
            response = _request_hops(session, url, params, headers, follow_redirects)
        except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError):
            if deadline.expired:
                raise FeedError(f"download from {url} took longer than {limit:g} s, cut off") from None
            raise
        # A body read until the connection closes ends quietly when the socket is
        # shut: only the deadline tells a cut-off body from a whole one.
        if deadline.expired:
            raise FeedError(f"download from {url} took longer than {limit:g} s, cut off")
        return response


def _request_hops(
    session: requests.Session,
    url: str,
    params: Mapping[str, Any] | None,
    headers: Mapping[str, str],
    follow_redirects: bool = True,
) -> Response:
    timeout = (float(settings.JOBS_HTTP_CONNECT_TIMEOUT), float(settings.JOBS_HTTP_READ_TIMEOUT))
    max_bytes = int(settings.JOBS_HTTP_MAX_BYTES)
    current, current_params = url, params
    for _hop in range(MAX_REDIRECTS + 1):
        check_url(current)
        with session.get(
            current,
            params=current_params,
            headers=dict(headers),
            timeout=timeout,
            stream=True,
            allow_redirects=False,
        ) as response:
            if response.is_redirect and not follow_redirects:
                location = response.headers.get("Location") or "nowhere"
                raise FeedError(f"HTTP {response.status_code} from {url}: redirects to {location[:200]}")
            if response.is_redirect and response.headers.get("Location"):
                current = urljoin(response.url, response.headers["Location"])
                current_params = None  # the Location already carries its query
                continue
            if response.status_code >= 300:
                # Keep a short error body for the reason line; never read a big one.
                body = next(response.iter_content(chunk_size=512), b"")[:512]
            else:
                body = _read_capped(response, url, max_bytes)
            return Response(url=response.url, status=response.status_code, headers=dict(response.headers), body=body)
    raise FeedError(f"too many redirects from {url}")


def get(
    url: str,
    *,
    params: Mapping[str, Any] | None = None,
    accept: str = "application/json",
    follow_redirects: bool = True,
) -> Response:
    """GET `url` with the checks, caps and retries described above; 2xx or FeedError.

    With `follow_redirects=False` a redirect is a FeedError (for feeds whose
    redirect means "no such company").
    """
    headers = {"User-Agent": USER_AGENT, "Accept": accept}
    with _session() as session:
        return _get_with_retries(session, url, params, headers, follow_redirects)


def _get_with_retries(
    session: requests.Session,
    url: str,
    params: Mapping[str, Any] | None,
    headers: Mapping[str, str],
    follow_redirects: bool = True,
) -> Response:
    retries = max(0, int(settings.JOBS_HTTP_RETRIES))
    budget = float(settings.JOBS_HTTP_RETRY_BUDGET)
    slept = 0.0
    attempt = 0
    while True:
        reason: str
        wait: float | None = None
        try:
            response = _one_request(session, url, params, headers, follow_redirects)
        except requests.exceptions.ConnectTimeout:
            reason = f"connect timeout after {settings.JOBS_HTTP_CONNECT_TIMEOUT:g} s to {url}"
        except requests.exceptions.ReadTimeout:
            reason = f"read timeout after {settings.JOBS_HTTP_READ_TIMEOUT:g} s from {url}"
        except requests.exceptions.ConnectionError as exc:
            if "Read timed out" in str(exc):
                reason = f"read timeout after {settings.JOBS_HTTP_READ_TIMEOUT:g} s from {url}"
            else:
                reason = f"cannot connect to {url}: {_first_line(exc)}"
        except requests.exceptions.ChunkedEncodingError as exc:
            reason = f"connection broken while reading {url}: {_first_line(exc)}"
        except requests.exceptions.RequestException as exc:
            # Invalid URL, too many headers, broken chunked encoding: not worth retrying.
            raise FeedError(f"request to {url} failed: {_first_line(exc)}") from None
        else:
            if 200 <= response.status < 300:
                return response
            reason = f"HTTP {response.status} from {url}{_error_hint(response.body)}"
            if response.status not in RETRY_STATUSES:
                raise FeedError(reason)
            if response.status in (429, 503):
                wait = _retry_after_seconds(response.headers.get("Retry-After"))
        if attempt >= retries:
            raise FeedError(f"{reason} (gave up after {attempt + 1} attempts)" if attempt else reason)
        delay = wait if wait is not None else _backoff(attempt)
        if slept + delay > budget:
            raise FeedError(f"{reason} (retry in {delay:.0f} s exceeds the {budget:g} s retry budget)")
        logger.info("retrying %s in %.1f s: %s", url, delay, reason)
        sleep(delay)
        slept += delay
        attempt += 1


def get_json(url: str, *, params: Mapping[str, Any] | None = None, what: str = "feed") -> Any:
    """GET and decode JSON; a malformed or truncated body is a FeedError naming the line."""
    response = get(url, params=params, accept="application/json")
    return parse_json(response.body, source=f"{what} {response.url}")


def get_text(url: str, *, accept: str = "text/html,application/xhtml+xml") -> Response:
    return get(url, accept=accept)


def parse_json(body: bytes | str, *, source: str) -> Any:
    text = body.decode("utf-8-sig", errors="replace") if isinstance(body, bytes) else body
    # isspace, not strip(): no copy of a multi-megabyte body just to test it.
    if not text or text.isspace():
        raise FeedError(f"empty response from {source}")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        reason = f"malformed JSON from {source} at line {exc.lineno} column {exc.colno}: {exc.msg}"
        raise FeedError(reason) from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else exc.__class__.__name__


def _error_hint(body: bytes) -> str:
    """A short, single-line excerpt of an error body (JSON `error`/`message` if present)."""
    if not body:
        return ""
    text = body.decode("utf-8", errors="replace")
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        for key in ("error", "message", "detail"):
            if isinstance(data.get(key), str):
                text = data[key]
                break
    text = " ".join(text.split())[:160]
    return f": {text}" if text else ""
