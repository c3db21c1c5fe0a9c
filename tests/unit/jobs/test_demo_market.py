"""The generated demo market: deterministic, plausible, and readable by the connectors in every format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from jobs import demo_market
from jobs.connectors import ashby, greenhouse, jsonld, lever

END = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def market():
    return demo_market.build_market(end=END)


@pytest.fixture(scope="module")
def feeds(market, tmp_path_factory):
    folder = tmp_path_factory.mktemp("market")
    demo_market.write_feeds(market, folder, when=market.end)
    return folder


def test_the_same_seed_and_end_give_the_same_market_byte_for_byte(market, feeds, tmp_path):
    again = demo_market.build_market(end=END)
    demo_market.write_feeds(again, tmp_path, when=END)
    names = sorted(path.relative_to(feeds) for path in feeds.rglob("*") if path.is_file())
    assert names == sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*") if path.is_file())
    assert all((feeds / name).read_bytes() == (tmp_path / name).read_bytes() for name in names)
    assert demo_market.build_market(seed=7, end=END).digest() != market.digest()


def test_sixty_companies_in_all_eight_formats_and_about_2500_open_listings(market):
    assert len(market.companies) == 60
    assert {company.kind for company in market.companies} == set(demo_market.KINDS_ORDER)
    open_now = market.open_postings(market.end)
    assert 2200 <= len(open_now) <= 2800
    assert len({posting.company for posting in open_now}) == 60
    assert len({company.name for company in market.companies}) == 60


def test_history_spans_90_days_in_at_least_12_weekly_steps_with_openings_and_closings(market):
    steps = market.steps()
    assert len(steps) >= 12 and steps[-1] == END and END - steps[0] <= timedelta(days=demo_market.DAYS)
    closed_inside = [p for p in market.postings if p.closes and market.start < p.closes <= END]
    opened_inside = [p for p in market.postings if p.opened > market.start]
    assert len(closed_inside) > 1000 and len(opened_inside) > 2000


def test_distributions_cover_every_path_seniority_employment_type_and_pay_mode(market):
    open_now = market.open_postings(market.end)
    paths = Counter(posting.path for posting in open_now)
    assert set(paths) == {*demo_market.PATH_SHARE, None}
    assert all(count >= 50 for path, count in paths.items() if path)
    assert set(Counter(p.seniority for p in open_now)) == set(demo_market.SENIORITY_MIX)
    employment = Counter(p.employment_type for p in open_now)
    assert {"full_time", "contract", "part_time", "internship"} <= set(employment)
    assert employment["full_time"] > 0.8 * len(open_now)
    modes = Counter(p.pay_mode for p in open_now)
    assert all(modes[mode] > 0.15 * len(open_now) for mode in ("stated", "text", "none"))
    assert len({p.country for p in open_now}) >= 10
    assert set(Counter(p.workplace for p in open_now)) == {"remote", "hybrid", "onsite"}


def test_pay_rises_with_seniority_and_follows_the_country(market):
    def median(values):
        values = sorted(values)
        return values[len(values) // 2]

    yearly = [p for p in market.postings if p.pay and p.pay["period"] == "year" and p.path == "ml-engineer"]
    us = {s: median([p.pay["min"] for p in yearly if p.country == "US" and p.seniority == s]) for s in
          ("junior", "mid", "senior", "lead")}
    assert us["junior"] < us["mid"] < us["senior"] < us["lead"]
    assert median([p.pay["min"] for p in yearly if p.country == "GB"]) < median(
        [p.pay["min"] for p in yearly if p.country == "US"]
    )
    assert all(p.pay["period"] == "hour" for p in market.postings if p.pay and p.seniority == "intern")


def test_pay_in_text_is_written_the_way_each_language_writes_it():
    pay = {"min": 70000, "max": 90000, "currency": "EUR", "period": "year"}
    assert demo_market.pay_sentence(pay, "de") == "Gehalt: 70.000 € – 90.000 € brutto/Jahr."
    assert demo_market.pay_sentence(pay, "fr") == "Rémunération : 70\u202f000 € – 90\u202f000 € par an."
    usd = {"min": 150000, "max": 180000, "currency": "USD", "period": "year"}
    assert demo_market.pay_sentence(usd, "en") == "The base pay range for this role is $150,000 - $180,000 per year."


def _by_kind(market, kind):
    return [company for company in market.companies if company.kind == kind]


def test_the_existing_connectors_read_every_generated_board(market, feeds):
    counts = Counter(p.company for p in market.open_postings(market.end))
    index = {company.slug: i for i, company in enumerate(market.companies)}
    for kind, module in (("greenhouse", greenhouse), ("lever", lever), ("ashby", ashby)):
        for company in _by_kind(market, kind):
            data = json.loads((feeds / f"{kind}/{company.board}.json").read_bytes())
            result = module.parse(data, board=company.board, company=company.name)
            assert not result.invalid, (company.slug, result.invalid[:2])
            # Greenhouse may list one job twice (a second post); Ashby skips unlisted jobs.
            assert abs(len(result.payloads) - counts[index[company.slug]]) <= 1, company.slug
    for company in _by_kind(market, "jsonld"):
        page = (feeds / f"jsonld/{company.board}.html").read_text(encoding="utf-8")
        result = jsonld.parse(page, board=f"https://example.test{demo_market.jsonld_page_path(company)}",
                              company=company.name)
        assert len(result.payloads) == counts[index[company.slug]] and not result.invalid


def test_structured_pay_reaches_the_payload_and_hostile_markup_does_not(market, feeds):
    payloads = []
    for company in _by_kind(market, "lever"):
        data = json.loads((feeds / f"lever/{company.board}.json").read_bytes())
        payloads += lever.parse(data, board=company.board, company=company.name).payloads
    assert sum(1 for p in payloads if p.salary) > 0.2 * len(payloads)
    hostile = [p for p in market.postings if p.hostile]
    assert hostile, "the market carries a few hostile records"
    for payload in payloads:
        lowered = payload.description_html.lower()
        assert "<script" not in lowered and "onerror" not in lowered and "javascript:" not in lowered
        assert "<img" not in payload.title.lower()


def test_the_new_formats_are_written_in_their_real_shapes(market, feeds):
    for company in _by_kind(market, "workable"):
        data = json.loads((feeds / f"workable/{company.board}.json").read_bytes())
        assert data["name"] == company.name and all(len(job["shortcode"]) == 10 for job in data["jobs"])
    for company in _by_kind(market, "smartrecruiters"):
        listing = json.loads((feeds / f"smartrecruiters/{company.board}_postings.json").read_bytes())
        details = json.loads((feeds / f"smartrecruiters/{company.board}_posting_details.json").read_bytes())
        assert listing["totalFound"] == len(listing["content"])
        assert all(row["location"]["country"].islower() for row in listing["content"])
        assert set(details) <= {row["id"] for row in listing["content"]}
    for company in _by_kind(market, "recruitee"):
        offers = json.loads((feeds / f"recruitee/{company.board}.json").read_bytes())["offers"]
        assert all(offer["published_at"].endswith(" UTC") for offer in offers)
        assert all(offer["salary"]["min"] is None or isinstance(offer["salary"]["min"], str) for offer in offers)
    for company in _by_kind(market, "personio"):
        # The XML was written by the generator a moment ago, not received from outside.
        root = ET.fromstring((feeds / f"personio/{company.board}.xml").read_bytes())  # noqa: S314
        assert root.tag == "workzag-jobs" and all(p.find("name") is not None for p in root.iter("position"))


def test_feed_routes_and_sources_cover_the_connectable_kinds(market, feeds):
    routes, pages, details = demo_market.feed_routes(market, feeds)
    assert all(path.is_file() for path in [*routes.values(), *pages.values(), *details.values()])
    # SmartRecruiters lists postings without their ads: each board's details are served too.
    assert set(details) == {(c.kind, c.board) for c in market.companies if c.kind == "smartrecruiters"}
    specs = demo_market.source_specs(market, "http://127.0.0.1:9", ["greenhouse", "jsonld"])
    assert {spec["kind"] for spec in specs} == {"greenhouse", "jsonld"}
    assert all(spec["slug"].startswith(demo_market.SOURCE_PREFIX) for spec in specs)
    page = next(spec for spec in specs if spec["kind"] == "jsonld")
    assert page["board"].startswith("http://127.0.0.1:9/careers/") and page["base_url"] == ""


def test_every_generated_title_lands_in_the_path_it_was_written_for(market):
    from cms.demo_data import PATHS
    from jobs.classify import DEFAULT_EXCLUSIONS, compile_rules

    classifier = compile_rules(
        [(path["slug"], pattern) for path in PATHS for pattern in path["patterns"]], DEFAULT_EXCLUSIONS
    )
    open_now = market.open_postings(market.end)
    wrong = [(p.title, p.path) for p in open_now if classifier.explain(p.title).path_slug != p.path]
    assert not wrong, wrong[:10]
