"""Every bundled feed, served at its real API path by the feed server, through `fetch_feed`."""

import json

import pytest
import yaml
from werkzeug import Response

from jobs.connectors import FeedError, fetch_feed, lever
from jobs.feedserver import DEMO_FEEDS, DEMO_FEEDS_DIR, DEMO_PAGES, start_feed_server

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def feed_server():
    base_url, stop = start_feed_server()
    yield base_url
    stop()


@pytest.mark.parametrize(
    ("kind", "board", "fetched", "payloads"),
    [
        ("greenhouse", "acme", 9, 9),
        ("lever", "globex", 8, 8),
        ("lever", "globex-edge", 9, 8),
        ("ashby", "initech", 8, 7),
        ("ashby", "initech-empty", 0, 0),
    ],
)
def test_feeds_sync_through_their_connectors(feed_server, kind, board, fetched, payloads):
    result = fetch_feed(kind=kind, board=board, base_url=feed_server)
    assert (result.fetched, len(result.payloads)) == (fetched, payloads)
    assert result.invalid == []
    for payload in result.payloads:
        assert payload.external_id and payload.title
        assert payload.workplace in {"remote", "hybrid", "onsite", "unspecified"}
        assert payload.posted_at is None or payload.posted_at.utcoffset().total_seconds() == 0


def test_jsonld_page(feed_server):
    result = fetch_feed(kind="jsonld", board="https://acme-ai.example/careers/jobs.html", base_url=feed_server)
    assert sorted(p.raw_id for p in result.payloads) == ["4012345007", "4012347007", "ACME-DS-EU-07"]
    same = fetch_feed(kind="jsonld", board=f"{feed_server}/careers/jobs.html")
    assert [p.content_hash() for p in same.payloads] == [p.content_hash() for p in result.payloads]


def test_malformed_feed_fails_with_the_line(feed_server):
    with pytest.raises(
        FeedError, match=r"malformed JSON from Greenhouse board .*/v1/boards/acme-broken/jobs.* at line 93"
    ):
        fetch_feed(kind="greenhouse", board="acme-broken", base_url=feed_server)


@pytest.mark.parametrize("kind", ["greenhouse", "lever", "ashby"])
def test_unknown_board_is_a_404_feed_error(feed_server, kind):
    with pytest.raises(FeedError, match="HTTP 404"):
        fetch_feed(kind=kind, board="no-such-board", base_url=feed_server)


def test_lever_paging_through_the_feed_server(feed_server, monkeypatch):
    whole = fetch_feed(kind="lever", board="globex", base_url=feed_server)
    monkeypatch.setattr(lever, "PAGE_SIZE", 3)
    paged = fetch_feed(kind="lever", board="globex", base_url=feed_server)
    assert [p.content_hash() for p in paged.payloads] == [p.content_hash() for p in whole.payloads]


def test_lever_pages_are_requested_until_a_short_page(httpserver, monkeypatch):
    postings = json.loads((DEMO_FEEDS_DIR / "lever_postings.json").read_text())
    requests = []

    def handler(request):
        skip, limit = int(request.args["skip"]), int(request.args["limit"])
        requests.append((request.args["mode"], skip, limit))
        return Response(json.dumps(postings[skip : skip + limit]), content_type="application/json")

    httpserver.expect_request("/v0/postings/globex").respond_with_handler(handler)
    monkeypatch.setattr(lever, "PAGE_SIZE", 3)
    result = fetch_feed(kind="lever", board="globex", base_url=httpserver.url_for("/"))
    assert len(result.payloads) == 8
    assert requests == [("json", 0, 3), ("json", 3, 3), ("json", 6, 3)]


def test_results_are_identical_on_every_fetch(feed_server):
    first = fetch_feed(kind="greenhouse", board="acme", base_url=feed_server)
    second = fetch_feed(kind="greenhouse", board="acme", base_url=feed_server)
    assert [p.content_hash() for p in first.payloads] == [p.content_hash() for p in second.payloads]


def test_sources_yaml_names_only_boards_the_server_serves(feed_server):
    sources = yaml.safe_load((DEMO_FEEDS_DIR / "sources.yaml").read_text())["sources"]
    assert len({s["slug"] for s in sources}) == len(sources)
    served = set(DEMO_FEEDS) | {("jsonld", "{base_url}" + path) for path in DEMO_PAGES}
    assert {(s["kind"], s["board"]) for s in sources} == served
    for source in sources:
        if not source.get("enabled", True):
            continue
        board = source["board"].replace("{base_url}", feed_server)
        base_url = (source.get("base_url") or "").replace("{base_url}", feed_server) or None
        fetch_feed(kind=source["kind"], board=board, base_url=base_url)  # enabled sources never fail
