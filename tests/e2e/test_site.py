"""The exported site in a real browser (Playwright driving Debian's chromium, headless).

The live server serves the exported folder at `/` and the search API at
`/api/search/`, as the demo does. The test fails on any console error or
failed same-origin request and saves screenshots to `test-artifacts/`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from config import public_urls
from tests.integration.frontend_export.helpers import FeedBoard

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _require_chromium() -> None:
    if CHROMIUM.is_file():
        return
    reason = f"chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def exported_site(live_server, search_engine_url, httpserver, settings, tmp_path) -> dict:
    """The demo pipeline against the live server: content, synced feeds, search indices, export."""
    _require_chromium()
    from frontend_export.services import export_site
    from jobs.selectors import open_canonical_listings

    settings.SITE_URL = live_server.url
    settings.SEARCH_API_URL = f"{live_server.url}/api/search/"
    settings.EXPORT_DIR = tmp_path / "site"
    call_command("load_demo_content", verbosity=0)
    feeds = FeedBoard(httpserver)
    feeds.sources()
    feeds.sync()
    call_command("search_index", "rebuild")
    export_site(full=True)
    listings = open_canonical_listings().filter(career_path__isnull=False)
    slug = listings.values_list("career_path__slug", flat=True).order_by("career_path__slug").first()
    assert slug, "the bundled feeds must give at least one path some jobs"
    return {"url": live_server.url, "slug": slug, "jobs": listings.filter(career_path__slug=slug).count()}


def test_hub_to_a_job_and_a_search_in_a_browser(exported_site):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    base, slug = exported_site["url"], exported_site["slug"]
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}")
                    if msg.type == "error" else None)
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.on("response", lambda response: problems.append(f"HTTP {response.status} {response.url}")
                    if response.status >= 400 and response.url.startswith(base) else None)

            page.goto(f"{base}{public_urls.hub_url()}")
            assert page.locator("ul.cards > li.card").count() == 10
            page.screenshot(path=str(ARTIFACTS / "01-hub.png"), full_page=True)

            page.click(f"#path-{slug} h3 a")
            page.wait_for_url(f"**{public_urls.path_url(slug)}")
            assert page.locator("h1").inner_text()
            page.screenshot(path=str(ARTIFACTS / "02-path.png"), full_page=True)

            page.locator(f'.live a[href="{public_urls.jobs_url(slug)}"]').first.click()
            page.wait_for_url(f"**{public_urls.jobs_url(slug)}")
            assert page.locator("li.job").count() == min(exported_site["jobs"], 50)
            page.screenshot(path=str(ARTIFACTS / "03-jobs.png"), full_page=True)

            page.locator(".job-title a").first.click()
            page.wait_for_load_state()
            assert f"/jobs/{slug}/" in page.url
            assert page.locator('script[type="application/ld+json"]').count() >= 1
            assert page.locator(".description").count() == 1
            page.screenshot(path=str(ARTIFACTS / "04-job.png"), full_page=True)

            page.goto(f"{base}{public_urls.search_url()}")
            page.fill("#q", "llm")
            page.press("#q", "Enter")
            page.wait_for_selector("#search-results li")
            assert "llm" in page.locator("#search-results").inner_text().lower()
            assert "result" in page.locator("#search-status").inner_text()
            facet = page.locator("#search-facets button").first
            facet.click()
            page.wait_for_selector('#search-facets button[aria-pressed="true"]')
            page.screenshot(path=str(ARTIFACTS / "05-search.png"), full_page=True)

            phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
            mobile = phone.new_page()
            mobile.on("pageerror", lambda error: problems.append(f"page error (phone): {error}"))
            mobile.goto(f"{base}{public_urls.hub_url()}")
            width = mobile.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"the hub scrolls sideways on a phone ({width}px)"
            mobile.screenshot(path=str(ARTIFACTS / "06-hub-phone.png"), full_page=True)
        finally:
            browser.close()
    assert problems == []
