"""XSS payloads pushed through a real feed never reach an exported file as markup that runs."""

from __future__ import annotations

import copy
import html
import re

import pytest

from frontend_export.services import export_site
from tests.integration.frontend_export.helpers import parse

pytestmark = pytest.mark.integration

SCRIPT = "<script>alert('title')</script>"
CONTENT = (
    "<p>Intro</p><script>alert('content')</script>"
    '<a href="javascript:alert(2)">apply here</a>'
    '<img src="x" onerror="alert(3)">'
    '<p onclick="alert(4)" style="color:red">styled</p>'
    '<iframe src="https://evil.example/"></iframe>'
    "<svg><animate onbegin=alert(5) attributeName=x dur=1s></svg>"
    '<a href="https://jobs.example/ok">a real link</a>'
)
ALLOWED_SCRIPTS = re.compile(
    r'<script(?: type="application/ld\+json"| src="/assets/(?:search|combobox)\.[0-9a-f]+\.js" defer)>'
)


def _hostile_jobs(template: dict) -> list[dict]:
    jobs = []
    for n, (title, company, location) in enumerate([
        (f"Machine Learning Engineer {SCRIPT}", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>'),
        ("Senior Data Scientist\" onmouseover=\"alert(1)", "Evil & Co </title><script>alert(1)</script>",
         "javascript:alert(1)"),
    ]):
        job = copy.deepcopy(template)
        job.update(id=990000 + n, internal_job_id=880000 + n, title=title, company_name=company,
                   location={"name": location}, content=html.escape(CONTENT),
                   absolute_url="javascript:alert('apply')", requisition_id=f"XSS-{n}")
        jobs.append(job)
    return jobs


def test_xss_payloads_from_a_feed_appear_nowhere_as_live_markup(demo_content, feeds, export_dir):
    from jobs.models import JobListing

    feeds.greenhouse = {"jobs": _hostile_jobs(feeds.greenhouse["jobs"][0]), "meta": {"total": 2}}
    feeds.sources()
    feeds.sync("acme-ai")
    hostile = JobListing.objects.filter(source__slug="acme-ai", career_path__isnull=False)
    assert hostile.count() == 2, "the hostile listings must be classified so that they get pages"
    export_site(full=True)

    files = [p for p in export_dir.rglob("*") if p.is_file()]
    job_pages = [p for p in files if "/jobs/" in p.as_posix() and p.name == "index.html"]
    assert len(job_pages) >= 4  # two job pages and their paths' list pages
    for path in files:
        text = path.read_text(errors="replace")
        lowered = text.lower()
        # As text (an escaped location, say) the word is harmless; as a URL it must never appear.
        assert not re.search(r"(href|src|action|formaction|content)\s*=\s*[\"']?\s*javascript:", lowered), path
        assert not re.search(r'"(url|sameas|applyurl)"\s*:\s*"\s*javascript:', lowered), path
        if path.suffix != ".html":
            assert "<script" not in lowered, path
            continue
        assert [m for m in re.findall(r"<script[^>]*>", text) if not ALLOWED_SCRIPTS.fullmatch(m)] == [], path
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", lowered), path
        assert "<iframe" not in lowered and "<svg" not in lowered and "<img" not in lowered, path
        for tag, name, value in parse(path).attributes:
            assert not name.startswith("on"), (path, tag, name)
            assert not (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")), (path, tag)
    listing = hostile.first()
    page = export_dir / "jobs" / listing.career_path.slug / str(listing.id) / "index.html"
    assert 'href="https://jobs.example/ok"' in page.read_text()
