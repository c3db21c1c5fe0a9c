"""JSON-LD JobPosting extraction (jobposting_jsonld.html and shapes seen on real pages)."""

import json
from datetime import UTC, datetime

import pytest

from jobs.connectors import jsonld

from .conftest import by_id

PAGE_URL = "https://acme-ai.example/careers/jobs.html"


@pytest.fixture
def result(feed_file):
    return jsonld.parse(feed_file("jobposting_jsonld.html"), board=PAGE_URL)


def test_every_posting_on_the_page(result):
    assert result.fetched == 3 and len(result.payloads) == 3
    assert result.invalid == [] and result.warnings == []
    assert {p.company for p in result.payloads} == {"Acme AI"}


def test_onsite_yearly_usd_with_identifier(result):
    job = by_id(result)["4012345007"]
    assert job.identifier == "4012345007"
    assert job.salary == {"min": 185000, "max": 245000, "currency": "USD", "period": "year",
                          "annual_min": 185000, "annual_max": 245000, "source": "stated"}  # fmt: skip
    assert job.workplace == "onsite"
    assert job.locations == ["San Francisco, CA"] and job.country_codes == ["US"]
    assert job.employment_type == "full_time"
    assert job.posted_at == datetime(2026, 9, 22, tzinfo=UTC)
    assert job.valid_through == datetime(2027, 1, 1, 4, 59, tzinfo=UTC)
    assert job.url == "https://acme-ai.example/careers/senior-ai-engineer?gh_jid=4012345007"


def test_telecommute_with_applicant_location(result):
    job = by_id(result)["4012347007"]
    assert job.workplace == "remote"
    assert job.country_codes == ["US"]
    assert job.locations == ["Remote - USA"]
    assert job.posted_at == datetime(2026, 10, 20, 17, 47, 30, tzinfo=UTC)
    assert job.url == PAGE_URL  # no url of its own


def test_eu_contract_paid_hourly(result):
    job = by_id(result)["ACME-DS-EU-07"]
    assert job.salary == {"min": 75, "max": 95, "currency": "EUR", "period": "hour",
                          "annual_min": 156000, "annual_max": 197600, "source": "stated"}  # fmt: skip
    assert job.employment_type == "contract"
    assert job.locations == ["Berlin, Germany", "Amsterdam, Netherlands"]
    assert job.country_codes == ["DE", "NL"]
    assert job.valid_through == datetime(2026, 12, 15, 23, 59, 59, tzinfo=UTC)
    assert job.workplace == "hybrid"  # "Hybrid: two office days per week." in the description


def page(*blocks):
    scripts = "".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    return f"<html><head>{scripts}</head><body></body></html>"


def posting(**extra):
    return {"@context": "https://schema.org", "@type": "JobPosting", "title": "Data Engineer",
            "datePosted": "2026-11-01", "hiringOrganization": {"name": "Hooli"}, **extra}  # fmt: skip


def test_graph_lists_and_nesting_are_searched():
    graph = {"@context": "https://schema.org", "@graph": [{"@type": "Organization", "name": "Hooli"},
                                                          posting(identifier="g1")]}  # fmt: skip
    listed = [posting(identifier="l1"), posting(identifier="l2", title="Data Analyst")]
    nested = {"@type": "ItemList", "itemListElement": [{"@type": "ListItem", "item": posting(identifier="n1")}]}
    typed_list = posting(identifier="t1")
    typed_list["@type"] = ["JobPosting"]
    result = jsonld.parse(page(json.dumps(graph), json.dumps(listed), json.dumps(nested), json.dumps(typed_list)),
                          board="https://hooli.example/jobs")  # fmt: skip
    assert [p.raw_id for p in result.payloads] == ["g1", "l1", "l2", "n1", "t1"]


def test_a_broken_block_is_one_invalid_record():
    result = jsonld.parse(page("{not json", json.dumps(posting(identifier="ok"))), board="https://h.example/")
    assert [p.raw_id for p in result.payloads] == ["ok"]
    assert result.invalid[0][0] == "block 1" and "malformed JSON-LD" in result.invalid[0][1]


def test_other_script_types_are_ignored():
    html = ('<script>var x = {"@type": "JobPosting"}</script>'
            '<script type="application/json">{"@type": "JobPosting", "title": "x"}</script>')  # fmt: skip
    assert jsonld.parse(html, board="https://h.example/").payloads == []


def test_salary_shapes():
    single = posting(identifier="a", baseSalary={"@type": "MonetaryAmount", "currency": "GBP",
                                                 "value": {"@type": "QuantitativeValue", "value": 550,
                                                           "unitText": "DAY"}})  # fmt: skip
    no_unit = posting(identifier="b", baseSalary={"currency": "USD", "value": {"minValue": 1, "maxValue": 2}})
    result = jsonld.parse(page(json.dumps([single, no_unit])), board="https://h.example/")
    jobs = by_id(result)
    assert jobs["a"].salary == {"min": 550, "max": 550, "currency": "GBP", "period": "day",
                                "annual_min": 143000, "annual_max": 143000, "source": "stated"}  # fmt: skip
    assert jobs["b"].salary is None
    assert any(w.startswith("b: salary dropped") for w in result.warnings)


def test_escaped_description_and_relative_url():
    item = posting(identifier="e", description="&lt;p&gt;Build &lt;b&gt;pipelines&lt;/b&gt;&lt;/p&gt;",
                   url="/jobs/e")  # fmt: skip
    job = jsonld.parse(page(json.dumps(item)), board="https://hooli.example/careers").payloads[0]
    assert job.description_html == "<p>Build <b>pipelines</b></p>"
    assert job.url == "https://hooli.example/jobs/e"


def test_page_url_with_a_local_base_url():
    assert jsonld.page_url("https://acme-ai.example/careers/jobs.html", "http://127.0.0.1:9000") == (
        "http://127.0.0.1:9000/careers/jobs.html"
    )
    assert jsonld.page_url("/careers/jobs.html", "http://127.0.0.1:9000/") == "http://127.0.0.1:9000/careers/jobs.html"
    assert jsonld.page_url("https://a.example/x", None) == "https://a.example/x"


def test_page_without_postings_is_empty():
    assert jsonld.parse("<html><body>No jobs</body></html>", board="https://h.example/").payloads == []


def test_references_inside_a_graph_are_followed():
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "@id": "https://hooli.example/#org", "name": "Hooli XYZ"},
            {"@type": "Place", "@id": "#berlin", "address": {"addressLocality": "Berlin", "addressCountry": "DE"}},
            posting(identifier="r1", hiringOrganization={"@id": "https://hooli.example/#org"},
                    jobLocation=[{"@id": "#berlin"}]),
        ],
    }  # fmt: skip
    job = jsonld.parse(page(json.dumps(graph)), board="https://hooli.example/jobs").payloads[0]
    assert job.company == "Hooli XYZ"
    assert job.locations == ["Berlin, Germany"] and job.country_codes == ["DE"]
