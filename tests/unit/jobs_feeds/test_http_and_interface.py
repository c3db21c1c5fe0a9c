"""URL checks and helpers of the HTTP client; the connector interface itself."""

import ipaddress
from datetime import UTC, datetime

import pytest

from jobs import http
from jobs.connectors import FeedError, ListingPayload, fetch_feed


@pytest.fixture
def public_only(settings):
    settings.JOBS_ALLOW_PRIVATE_FEEDS = False


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/jobs",
        "http://localhost:8000/jobs",
        "http://10.1.2.3/jobs",
        "http://192.168.0.10/jobs",
        "http://172.16.5.4/jobs",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/jobs",
        "http://[fe80::1]/jobs",
        "http://0.0.0.0/jobs",
        "http://100.64.0.1/jobs",
        "http://[::ffff:127.0.0.1]/jobs",
        "http://240.0.0.1/jobs",
    ],
)
def test_private_and_reserved_addresses_are_refused(public_only, url):
    with pytest.raises(FeedError, match="non-public address"):
        http.check_url(url)


@pytest.mark.parametrize(
    ("address", "embedded"),
    [
        ("2002:a9fe:a9fe::", "169.254.169.254"),  # 6to4
        ("2002:7f00:1::", "127.0.0.1"),  # 6to4
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "10.0.0.1"),  # Teredo (client address inverted)
        ("64:ff9b::a9fe:a9fe", "169.254.169.254"),  # NAT64 well-known prefix
        ("64:ff9b:1::c0a8:1", "192.168.0.1"),  # NAT64 local-use prefix
        ("::ffff:a9fe:a9fe", "169.254.169.254"),  # IPv4-mapped
        ("::10.0.0.1", "10.0.0.1"),  # IPv4-compatible
        ("::127.0.0.1", "127.0.0.1"),  # IPv4-compatible
    ],
)
def test_ipv6_forms_that_embed_a_private_ipv4_are_refused_by_it(public_only, address, embedded):
    assert http._embedded_ipv4(ipaddress.IPv6Address(address)) == ipaddress.IPv4Address(embedded)
    with pytest.raises(FeedError, match="non-public address"):
        http.check_url(f"http://[{address}]/jobs")


@pytest.mark.parametrize(
    "address",
    ["2002:808:808::", "2001:0:4136:e378:8000:63bf:f7f7:f7f7", "64:ff9b::808:808", "::ffff:8.8.8.8", "2606:4700::1111"],
)
def test_ipv6_forms_that_embed_a_public_ipv4_are_public(address):
    assert http._is_public(address)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "only http and https"),
        ("ftp://example.com/jobs", "only http and https"),
        ("gopher://example.com/", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("http:///jobs", "no host"),
        ("http://user:pw@example.com/", "credentials"),
    ],
)
def test_bad_urls_are_refused_even_when_private_feeds_are_allowed(settings, url, reason):
    settings.JOBS_ALLOW_PRIVATE_FEEDS = True
    with pytest.raises(FeedError, match=reason):
        http.check_url(url)


def test_private_addresses_pass_when_allowed(settings):
    settings.JOBS_ALLOW_PRIVATE_FEEDS = True
    http.check_url("http://127.0.0.1:8001/v1/boards/acme/jobs")


def test_retry_after_seconds_and_http_dates():
    assert http._retry_after_seconds("3") == 3.0
    assert http._retry_after_seconds("  0 ") == 0.0
    assert http._retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert http._retry_after_seconds("soon") is None
    assert http._retry_after_seconds(None) is None


def test_backoff_is_jittered_within_exponential_bounds(settings):
    settings.JOBS_HTTP_BACKOFF = 1.0
    for attempt in range(4):
        delays = {http._backoff(attempt) for _ in range(50)}
        assert all(0.5 <= d <= 2**attempt for d in delays)
        assert len(delays) > 1


def test_human_sizes():
    assert http.human_bytes(50 * 1024 * 1024) == "50 MB"
    assert http.human_bytes(1536) == "1.5 KB"
    assert http.human_bytes(12) == "12 bytes"


def test_unknown_kind_and_missing_board_fail_without_a_request():
    with pytest.raises(FeedError, match="unknown feed kind 'workday'"):
        fetch_feed(kind="workday", board="x")
    with pytest.raises(FeedError, match="no board"):
        fetch_feed(kind="lever", board="  ")


def make_payload(**changes):
    values = dict(
        external_id="1", title="Data Engineer", company="Acme AI", locations=["Berlin, Germany"],
        country_codes=["DE"], workplace="hybrid", employment_type="full_time", seniority="mid",
        salary={"min": 1, "max": 2, "currency": "EUR", "period": "year", "annual_min": 1, "annual_max": 2},
        description_html="<p>x</p>", description_text="x", url="https://a.example/1",
        apply_url="https://a.example/1/apply", posted_at=datetime(2026, 1, 1, tzinfo=UTC), valid_through=None,
        group_key=None, identifier=None, raw_id="1",
    )  # fmt: skip
    values.update(changes)
    return ListingPayload(**values)


def test_content_hash_is_stable_and_sensitive_to_every_field():
    base = make_payload()
    assert base.content_hash() == make_payload().content_hash()
    assert len(base.content_hash()) == 64
    reordered = make_payload(salary={"annual_max": 2, "annual_min": 1, "period": "year", "currency": "EUR",
                                     "max": 2, "min": 1})  # fmt: skip
    assert reordered.content_hash() == base.content_hash()
    for change in (
        {"title": "Data Engineer II"},
        {"salary": None},
        {"locations": ["Berlin, Germany", "Paris, France"]},
        {"posted_at": datetime(2026, 1, 2, tzinfo=UTC)},
        {"description_html": "<p>y</p>"},
        {"workplace": "remote"},
    ):
        assert make_payload(**change).content_hash() != base.content_hash(), change
