"""Workable, SmartRecruiters, Recruitee, Personio and Greenhouse pay transparency over real
local HTTP (pytest-httpserver): bad bodies, unknown companies, paging that loops, failing
detail requests, hostile text, and the URL shapes under a `base_url`."""

import json
import threading
import time

import pytest
from werkzeug import Response

from jobs.connectors import FeedError, fetch_feed, smartrecruiters
from jobs.feedserver import DEMO_FEEDS_DIR, start_feed_server

pytestmark = pytest.mark.integration

XSS = '<img src=x onerror=alert(1)><script>alert("x")</script>'
JS_URL = "javascript:alert(document.cookie)"


def demo(name: str):
    return json.loads((DEMO_FEEDS_DIR / name).read_text(encoding="utf-8"))


def base(httpserver) -> str:
    return httpserver.url_for("/").rstrip("/")


@pytest.fixture(scope="module")
def feed_server():
    base_url, stop = start_feed_server()
    yield base_url
    stop()


# -- the bundled feeds through the feed server --------------------------------------------


@pytest.mark.parametrize(
    ("kind", "board", "payloads", "options"),
    [
        ("workable", "hooli", 8, None),
        ("smartrecruiters", "SoylentCorp", 8, None),
        ("recruitee", "vandelaydata", 8, None),
        ("personio", "piedpiper", 8, None),
        ("greenhouse", "hooli", 3, {"pay_transparency": True}),
    ],
)
def test_bundled_feeds_sync_through_the_feed_server(feed_server, kind, board, payloads, options):
    result = fetch_feed(kind=kind, board=board, base_url=feed_server, options=options)
    assert len(result.payloads) == payloads and result.invalid == []
    assert all(p.workplace in {"remote", "hybrid", "onsite", "unspecified"} for p in result.payloads)


def test_the_requested_paths_are_the_real_api_paths(httpserver):
    httpserver.expect_request("/api/v1/widget/accounts/hooli", query_string="details=true").respond_with_json(
        {"name": "Hooli", "jobs": []}
    )
    httpserver.expect_request("/v1/companies/Soylent/postings", query_string="limit=100&offset=0").respond_with_json(
        {"offset": 0, "limit": 100, "totalFound": 0, "content": []}
    )
    httpserver.expect_request("/vandelay/api/offers/").respond_with_json({"offers": []})
    httpserver.expect_request("/piedpiper/xml", query_string="language=en").respond_with_data(
        "<workzag-jobs/>", content_type="application/xml"
    )
    for kind, board in [("workable", "hooli"), ("smartrecruiters", "Soylent"), ("recruitee", "vandelay"),
                        ("personio", "piedpiper")]:  # fmt: skip
        assert fetch_feed(kind=kind, board=board, base_url=base(httpserver)).payloads == []
    assert len(httpserver.log) == 4
    httpserver.check_assertions()


# -- malformed and truncated bodies -------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "path", "body"),
    [
        ("workable", "/api/v1/widget/accounts/acct", '{"name": "Hooli", "jobs": [{"title": "Eng'),
        ("smartrecruiters", "/v1/companies/acct/postings", '{"offset": 0, "content": [{"id": "1"'),
        ("recruitee", "/acct/api/offers/", '{"offers": [{"id": 1, "title": "Data'),
    ],
)
def test_a_truncated_json_body_fails_the_feed_with_the_place(httpserver, kind, path, body):
    httpserver.expect_request(path).respond_with_data(body, content_type="application/json")
    with pytest.raises(FeedError, match=r"^malformed JSON from .* at line 1 column \d+"):
        fetch_feed(kind=kind, board="acct", base_url=base(httpserver))


def test_a_truncated_personio_feed_fails_with_the_place(httpserver):
    body = (DEMO_FEEDS_DIR / "personio_positions.xml").read_bytes()[:2500]
    httpserver.expect_request("/acct/xml").respond_with_data(body, content_type="application/xml")
    with pytest.raises(FeedError, match=r"^malformed XML from Personio feed .*/acct/xml.* at line \d+ column \d+"):
        fetch_feed(kind="personio", board="acct", base_url=base(httpserver))


@pytest.mark.parametrize(
    ("kind", "path", "data", "reason"),
    [
        ("workable", "/api/v1/widget/accounts/acct", {"name": "x"}, 'no "jobs" list'),
        ("smartrecruiters", "/v1/companies/acct/postings", {"content": []}, "no totalFound"),
        ("recruitee", "/acct/api/offers/", [], 'no "offers" list'),
    ],
)
def test_a_well_formed_body_of_the_wrong_shape_fails_the_feed(httpserver, kind, path, data, reason):
    httpserver.expect_request(path).respond_with_json(data)
    with pytest.raises(FeedError, match=reason):
        fetch_feed(kind=kind, board="acct", base_url=base(httpserver))


# -- unknown companies --------------------------------------------------------------------


def test_unknown_workable_account_is_a_404(feed_server):
    with pytest.raises(FeedError, match=r"^HTTP 404 from .*/api/v1/widget/accounts/nobody"):
        fetch_feed(kind="workable", board="nobody", base_url=feed_server)


def test_unknown_recruitee_company_is_a_404(feed_server):
    with pytest.raises(FeedError, match=r"^HTTP 404 from .*/nobody/api/offers/.*: Not Found$"):
        fetch_feed(kind="recruitee", board="nobody", base_url=feed_server)


def test_unknown_personio_company_is_a_404(feed_server):
    with pytest.raises(FeedError, match=r"^HTTP 404 from .*/nobody/xml"):
        fetch_feed(kind="personio", board="nobody", base_url=feed_server)


def test_a_personio_redirect_means_no_such_company_and_is_not_followed(httpserver):
    httpserver.expect_request("/acct/xml").respond_with_data(
        "", status=307, headers={"Location": "https://www.personio.com/"}
    )
    with pytest.raises(FeedError, match=r"^HTTP 307 from .*/acct/xml: redirects to https://www.personio.com/$"):
        fetch_feed(kind="personio", board="acct", base_url=base(httpserver))
    assert len(httpserver.log) == 1


def test_unknown_smartrecruiters_company_is_an_empty_board_with_a_warning(feed_server):
    result = fetch_feed(kind="smartrecruiters", board="NoSuchCo", base_url=feed_server, company="No Such Co")
    assert result.payloads == [] and result.fetched == 0
    assert result.warnings == [
        "SmartRecruiters company 'NoSuchCo' lists no postings "
        "(an unknown company identifier answers the same: check it)"
    ]


# -- paging -------------------------------------------------------------------------------


def test_smartrecruiters_pages_follow_offset_until_total_found(feed_server, monkeypatch):
    whole = fetch_feed(kind="smartrecruiters", board="SoylentCorp", base_url=feed_server)
    monkeypatch.setattr(smartrecruiters, "PAGE_SIZE", 3)
    paged = fetch_feed(kind="smartrecruiters", board="SoylentCorp", base_url=feed_server)
    assert [p.content_hash() for p in paged.payloads] == [p.content_hash() for p in whole.payloads]


def test_smartrecruiters_server_repeating_a_page_fails_the_feed(httpserver, monkeypatch):
    monkeypatch.setattr(smartrecruiters, "PAGE_SIZE", 2)
    page = {"offset": 0, "limit": 2, "totalFound": 50, "content": [{"id": "1", "name": "A"}, {"id": "2", "name": "B"}]}
    httpserver.expect_request("/v1/companies/acct/postings").respond_with_json(page)
    with pytest.raises(FeedError, match="returned the same page again at offset 2: paging not honoured"):
        fetch_feed(kind="smartrecruiters", board="acct", base_url=base(httpserver))
    assert len(httpserver.log) == 2


def test_smartrecruiters_pages_without_end_stop_at_the_page_cap(httpserver, monkeypatch):
    monkeypatch.setattr(smartrecruiters, "PAGE_SIZE", 1)
    monkeypatch.setattr(smartrecruiters, "MAX_PAGES", 5)

    def endless(request):
        offset = int(request.args["offset"])
        body = {"offset": offset, "limit": 1, "totalFound": 10**6, "content": [{"id": str(offset), "name": "A"}]}
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request("/v1/companies/acct/postings").respond_with_handler(endless)
    with pytest.raises(FeedError, match="has more than 5 postings, stopped paging"):
        fetch_feed(kind="smartrecruiters", board="acct", base_url=base(httpserver))


@pytest.mark.parametrize(
    ("kind", "path", "make_body"),
    [
        ("recruitee", "/acct/api/offers/", lambda: {"offers": demo("recruitee_offers.json")["offers"] * 2}),
        ("workable", "/api/v1/widget/accounts/acct", lambda: {"name": "Hooli", "jobs": demo("workable_jobs.json")["jobs"] * 2}),  # noqa: E501
    ],
)
def test_formats_without_paging_that_repeat_their_records_keep_each_once(httpserver, kind, path, make_body):
    httpserver.expect_request(path).respond_with_json(make_body())
    result = fetch_feed(kind=kind, board="acct", base_url=base(httpserver), company="Vandelay Data")
    assert len(result.payloads) == 8 and len({p.external_id for p in result.payloads}) == 8


def test_personio_repeating_its_positions_keeps_each_once(httpserver):
    xml = (DEMO_FEEDS_DIR / "personio_positions.xml").read_text(encoding="utf-8")
    head, _, rest = xml.partition("<position>")
    positions = "<position>" + rest.rsplit("</workzag-jobs>", 1)[0]
    httpserver.expect_request("/acct/xml").respond_with_data(
        head + positions + positions + "</workzag-jobs>", content_type="application/xml"
    )
    result = fetch_feed(kind="personio", board="acct", base_url=base(httpserver))
    assert len(result.payloads) == 8
    assert sum("duplicate id in the feed" in w for w in result.warnings) == 8


# -- detail requests ----------------------------------------------------------------------


def _smartrecruiters_board(httpserver, failing: str, status: int = 500):
    listing = demo("smartrecruiters_postings.json")
    details = demo("smartrecruiters_posting_details.json")
    httpserver.expect_request("/v1/companies/SoylentCorp/postings").respond_with_json(listing)
    for posting in listing["content"]:
        path = f"/v1/companies/SoylentCorp/postings/{posting['id']}"
        if posting["id"] == failing:
            httpserver.expect_request(path).respond_with_json({"message": "boom"}, status=status)
        elif posting["id"] not in details:
            httpserver.expect_request(path).respond_with_json({"message": "Not found"}, status=404)
        else:
            httpserver.expect_request(path).respond_with_json(details[posting["id"]])


def test_a_failing_smartrecruiters_detail_keeps_the_job_without_description(httpserver, settings):
    settings.JOBS_HTTP_RETRIES = 0
    _smartrecruiters_board(httpserver, failing="744000151234502")
    result = fetch_feed(kind="smartrecruiters", board="SoylentCorp", base_url=base(httpserver), company="Soylent Corp")
    jobs = {p.external_id: p for p in result.payloads}
    assert len(jobs) == 8
    assert jobs["744000151234502"].description_html == "" and jobs["744000151234502"].title
    assert jobs["744000151234502"].raw_hash == ""  # fetched again on the next run
    assert any(
        w.startswith("744000151234502: posting details not available (HTTP 500 from ") and w.endswith(
            "kept without its description"
        )
        for w in result.warnings
    )
    assert jobs["744000151234501"].description_html and jobs["744000151234501"].raw_hash


def test_details_are_fetched_only_for_new_or_changed_postings(httpserver):
    _smartrecruiters_board(httpserver, failing="")
    first = fetch_feed(kind="smartrecruiters", board="SoylentCorp", base_url=base(httpserver))
    known = {p.external_id: p.raw_hash for p in first.payloads if p.raw_hash}
    assert len(known) == 6  # 505 (404) and 508 (inactive) warned, so they are read again
    httpserver.clear_log()
    again = fetch_feed(kind="smartrecruiters", board="SoylentCorp", base_url=base(httpserver), known_raw_hashes=known)
    detail_paths = sorted(r.path.rsplit("/", 1)[1] for r, _ in httpserver.log if r.path.count("/") == 5)
    assert detail_paths == ["744000151234505", "744000151234508"]
    assert sorted(again.unchanged_ids) == sorted(known)


def test_detail_requests_are_bounded_in_concurrency(httpserver, settings):
    settings.JOBS_DETAIL_CONCURRENCY = 2
    settings.JOBS_DETAIL_RATE = 0
    listing = {"offset": 0, "limit": 100, "totalFound": 8,
               "content": [{"id": str(n), "name": f"Data Engineer {n}"} for n in range(8)]}  # fmt: skip
    httpserver.expect_request("/v1/companies/acct/postings").respond_with_json(listing)
    lock = threading.Lock()
    state = {"now": 0, "max": 0}

    def detail(request):
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.05)
        with lock:
            state["now"] -= 1
        return Response(json.dumps({"active": True, "jobAd": {"sections": {}}}), content_type="application/json")

    for n in range(8):
        httpserver.expect_request(f"/v1/companies/acct/postings/{n}").respond_with_handler(detail)
    result = fetch_feed(kind="smartrecruiters", board="acct", base_url=base(httpserver))
    assert len(result.payloads) == 8
    assert state["max"] <= 2


def test_detail_requests_are_spaced_by_the_rate(httpserver, settings, monkeypatch):
    from jobs import http

    settings.JOBS_DETAIL_CONCURRENCY = 1
    settings.JOBS_DETAIL_RATE = 4
    waits: list[float] = []
    monkeypatch.setattr(http, "sleep", lambda seconds: waits.append(seconds) or time.sleep(seconds))
    listing = {"offset": 0, "limit": 100, "totalFound": 3, "content": [{"id": str(n), "name": "DE"} for n in range(3)]}
    httpserver.expect_request("/v1/companies/acct/postings").respond_with_json(listing)
    for n in range(3):
        httpserver.expect_request(f"/v1/companies/acct/postings/{n}").respond_with_json({"active": True})
    fetch_feed(kind="smartrecruiters", board="acct", base_url=base(httpserver))
    # The first request starts at once; each later one waits for its slot a quarter second on.
    assert len(waits) == 2 and all(0 < wait <= 0.25 for wait in waits)


def test_a_failing_workable_detail_keeps_the_job_without_description(httpserver, settings):
    settings.JOBS_HTTP_RETRIES = 0
    data = demo("workable_jobs.json")
    for job in data["jobs"]:
        job.pop("description")
    httpserver.expect_request("/api/v1/widget/accounts/hooli").respond_with_json(data)
    httpserver.expect_request("/api/v2/accounts/hooli/jobs/8E41C0D2A7").respond_with_json(
        {"description": "<p>Ranking.</p>", "requirements": "<p>ML</p>", "benefits": "<p>Salary: £90k–£110k</p>"}
    )
    httpserver.expect_request("/api/v2/accounts/hooli/jobs/3B9F27E1C4").respond_with_data("oops", status=503)
    for job in data["jobs"][2:]:
        httpserver.expect_request(f"/api/v2/accounts/hooli/jobs/{job['shortcode']}").respond_with_json({})
    result = fetch_feed(kind="workable", board="hooli", base_url=base(httpserver), company="Hooli")
    jobs = {p.external_id: p for p in result.payloads}
    assert len(jobs) == 8
    assert jobs["8E41C0D2A7"].salary["max"] == 110000 and "Ranking." in jobs["8E41C0D2A7"].description_text
    assert jobs["3B9F27E1C4"].description_html == ""
    assert any(w.startswith("3B9F27E1C4: job details not available (HTTP 503") for w in result.warnings)


def test_greenhouse_pay_transparency_reads_cents_per_job(feed_server):
    result = fetch_feed(kind="greenhouse", board="hooli", base_url=feed_server, options={"pay_transparency": True})
    jobs = {p.external_id: p for p in result.payloads}
    assert jobs["4102233007"].salary == {
        "min": 180000, "max": 265000, "currency": "USD", "period": "year",
        "annual_min": 180000, "annual_max": 265000, "source": "stated",
    }  # fmt: skip
    assert (jobs["4102233008"].salary["min"], jobs["4102233008"].salary["period"]) == (34.5, "hour")
    assert jobs["4102233008"].salary["currency"] == "CAD"
    # No range for this post: the pay is read from its prose.
    assert jobs["4102233009"].salary["source"] == "description"
    assert (jobs["4102233009"].salary["min"], jobs["4102233009"].salary["max"]) == (165000, 190000)


def test_greenhouse_pay_transparency_is_fetched_only_for_new_or_changed_posts(httpserver):
    board = demo("greenhouse_pay_board.json")
    details = demo("greenhouse_job_pay.json")
    httpserver.expect_request("/v1/boards/hooli/jobs").respond_with_json(board)
    for job_id, detail in details.items():
        httpserver.expect_request(f"/v1/boards/hooli/jobs/{job_id}", query_string="pay_transparency=true").respond_with_json(detail)  # noqa: E501
    options = {"pay_transparency": True}
    first = fetch_feed(kind="greenhouse", board="hooli", base_url=base(httpserver), options=options)
    assert len(httpserver.log) == 4
    known = {p.external_id: p.raw_hash for p in first.payloads}
    board["jobs"][0]["title"] = "Engineering Manager, Search"
    httpserver.clear()
    httpserver.expect_request("/v1/boards/hooli/jobs").respond_with_json(board)
    job_id = str(board["jobs"][0]["id"])
    httpserver.expect_request(f"/v1/boards/hooli/jobs/{job_id}").respond_with_json(details[job_id])
    again = fetch_feed(kind="greenhouse", board="hooli", base_url=base(httpserver), options=options, known_raw_hashes=known)  # noqa: E501
    assert [r.path for r, _ in httpserver.log] == ["/v1/boards/hooli/jobs", f"/v1/boards/hooli/jobs/{job_id}"]
    assert len(again.payloads) == 1 and len(again.unchanged_ids) == 2


def test_a_failing_greenhouse_pay_detail_keeps_the_board_data(httpserver, settings):
    settings.JOBS_HTTP_RETRIES = 0
    board = demo("greenhouse_pay_board.json")
    httpserver.expect_request("/v1/boards/hooli/jobs").respond_with_json(board)
    httpserver.expect_request("/v1/boards/hooli/jobs/4102233007").respond_with_data("no", status=500)
    for job_id, detail in demo("greenhouse_job_pay.json").items():
        if job_id != "4102233007":
            httpserver.expect_request(f"/v1/boards/hooli/jobs/{job_id}").respond_with_json(detail)
    result = fetch_feed(kind="greenhouse", board="hooli", base_url=base(httpserver), options={"pay_transparency": True})
    jobs = {p.external_id: p for p in result.payloads}
    assert len(jobs) == 3
    assert any(w.startswith("4102233007: pay ranges not read (HTTP 500") for w in result.warnings)
    # The ranges rendered into the content still give the pay, read as text.
    assert jobs["4102233007"].salary["source"] == "description"


def test_unknown_options_fail_the_feed_before_any_request(httpserver):
    with pytest.raises(FeedError, match=r"^unknown option 'pay_transparency' for lever sources \(allowed: none\)$"):
        fetch_feed(kind="lever", board="x", base_url=base(httpserver), options={"pay_transparency": True})
    assert httpserver.log == []


# -- hostile text -------------------------------------------------------------------------


def _assert_clean(payload):
    for text in [payload.title, payload.company, *payload.locations, payload.description_text]:
        assert "<script" not in text and "<img" not in text and "onerror=" not in text
    assert "onerror" not in payload.description_html and "<script" not in payload.description_html
    assert "javascript:" not in payload.description_html
    assert not payload.url.startswith("javascript:") and not payload.apply_url.startswith("javascript:")


def test_xss_in_every_workable_field(httpserver):
    job = {key: f"{XSS}Value" for key in ("title", "department", "country", "city", "state", "employment_type")}
    job.update(shortcode="ABCDEF0123", description=f"<p>{XSS}Body</p>", url=JS_URL, application_url=JS_URL,
               locations=[{"city": XSS + "London", "country": XSS, "countryCode": "GB"}])  # fmt: skip
    httpserver.expect_request("/api/v1/widget/accounts/acct").respond_with_json({"name": XSS + "Hooli", "jobs": [job]})
    (payload,) = fetch_feed(kind="workable", board="acct", base_url=base(httpserver)).payloads
    _assert_clean(payload)
    assert payload.url == "https://apply.workable.com/j/ABCDEF0123"


def test_xss_in_every_smartrecruiters_field(httpserver):
    posting = {"id": "1", "name": XSS + "Engineer", "company": {"name": XSS + "Soylent"},
               "location": {"city": XSS, "region": XSS, "country": "us", "fullLocation": XSS},
               "department": {"label": XSS}, "typeOfEmployment": {"id": XSS, "label": XSS}}  # fmt: skip
    sections = {key: {"title": XSS, "text": f"<p>{XSS}text</p>"} for key in smartrecruiters._SECTIONS}
    detail = {"active": True, "postingUrl": JS_URL, "applyUrl": JS_URL, "jobAd": {"sections": sections}}
    httpserver.expect_request("/v1/companies/acct/postings").respond_with_json(
        {"offset": 0, "limit": 100, "totalFound": 1, "content": [posting]}
    )
    httpserver.expect_request("/v1/companies/acct/postings/1").respond_with_json(detail)
    (payload,) = fetch_feed(kind="smartrecruiters", board="acct", base_url=base(httpserver)).payloads
    _assert_clean(payload)
    assert payload.title == "Engineer"


def test_xss_in_every_recruitee_field(httpserver):
    offer = {key: XSS + "x" for key in ("title", "company_name", "department", "location", "city", "country")}
    offer.update(id=7, highlight=f"<p>{XSS}</p>", description=f"<p>{XSS}d</p>", requirements=f"<p>{XSS}r</p>",
                 careers_url=JS_URL, careers_apply_url=JS_URL, locations=[{"city": XSS, "country": XSS}])  # fmt: skip
    httpserver.expect_request("/acct/api/offers/").respond_with_json({"offers": [offer]})
    (payload,) = fetch_feed(kind="recruitee", board="acct", base_url=base(httpserver)).payloads
    _assert_clean(payload)


def test_xss_in_every_personio_field(httpserver):
    escaped = XSS.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    xml = (
        "<workzag-jobs><position><id>1</id>"
        f"<subcompany>{escaped}</subcompany><office>{escaped}Berlin</office>"
        f"<additionalOffices><office>{escaped}</office></additionalOffices>"
        f"<department>{escaped}</department><name>{escaped}Data Engineer</name>"
        f"<jobDescriptions><jobDescription><name>{escaped}</name>"
        f'<value><![CDATA[<p>{XSS}<a href="{JS_URL}">x</a></p>]]></value></jobDescription></jobDescriptions>'
        f"<employmentType>{escaped}</employmentType></position></workzag-jobs>"
    )
    httpserver.expect_request("/acct/xml").respond_with_data(xml, content_type="application/xml")
    (payload,) = fetch_feed(kind="personio", board="acct", base_url=base(httpserver)).payloads
    _assert_clean(payload)
    assert payload.title == "Data Engineer"
