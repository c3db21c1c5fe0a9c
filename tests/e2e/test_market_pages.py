"""The market figures on the exported site, in a real browser (headless chromium).

Builds on `exported_site` (the demo pipeline against the live server), gives the
synced listings a few weeks of history and writes the daily market snapshots
with the jobs part's own service, exports again, then checks on the hub, a path,
a comparison, a salary page and a job list that

- every chart is an inline `<svg role="img">` with a `<title>` and a `<desc>`,
  next to a table or list of its numbers;
- at 390 px wide no page scrolls sideways;
- the job list's filters (run over the per-path JSON file) narrow the list;

and saves screenshots at 1280 and 390 px to `test-artifacts/`.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from config import public_urls
from tests.e2e.test_site import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, exported_site  # noqa: F401 - the fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HISTORY_DAYS = 21


@pytest.fixture
def market_site(exported_site, settings) -> dict:  # noqa: F811 - the imported fixture
    from cms.models import ComparisonPage
    from frontend_export.services import export_site
    from jobs.models import JobListing
    from jobs.snapshots import snapshot_write

    # The bundled feeds hold a couple of dozen listings: lower the sample-size minimums (settings
    # the market figures read) so that medians, and so the pay charts, exist.
    settings.MARKET_MIN_SAMPLE, settings.MARKET_MIN_SAMPLE_QUARTILES, settings.MARKET_MIN_SAMPLE_DECILES = 1, 2, 3
    # Spread the synced listings over the last three weeks (first seen on different days),
    # so that the daily snapshots, written by the real service, make a trend.
    today = timezone.localdate()
    listings = list(JobListing.objects.order_by("id"))
    for n, listing in enumerate(listings):
        listing.first_seen_at = timezone.now() - timedelta(days=n % HISTORY_DAYS, hours=1)
    JobListing.objects.bulk_update(listings, ["first_seen_at"])
    for back in range(HISTORY_DAYS - 1, -1, -1):
        snapshot_write(day=today - timedelta(days=back))
    export_site()
    comparison = ComparisonPage.objects.live().order_by("id").first()
    assert comparison is not None
    # The path with the most open jobs that state pay: its salary page draws, its list has filters to try.
    open_listings = JobListing.objects.filter(status="open", duplicate_of__isnull=True, career_path__isnull=False)
    counts = Counter(open_listings.values_list("career_path__slug", flat=True))
    paid = Counter(open_listings.exclude(salary_currency="").values_list("career_path__slug", flat=True))
    slug = max(counts, key=lambda s: (paid[s], counts[s], s))
    jobs = counts[slug]
    assert jobs > 1 and paid[slug]
    return {**exported_site, "slug": slug, "jobs": jobs, "comparison": comparison.slug}


def _pages(site: dict) -> list[tuple[str, str, bool]]:
    """(name, url, has charts) of the pages to check."""
    slug = site["slug"]
    return [
        ("hub", public_urls.hub_url(), True),
        ("path", public_urls.path_url(slug), True),
        ("comparison", public_urls.comparison_url(site["comparison"]), True),
        ("salary", public_urls.salaries_url(slug), True),
        ("jobs", public_urls.jobs_url(slug), False),
    ]


CHART_CHECK = """() => Array.from(document.querySelectorAll('svg')).map(svg => ({
  role: svg.getAttribute('role'),
  title: (svg.querySelector(':scope > title') || {}).textContent || '',
  desc: (svg.querySelector(':scope > desc') || {}).textContent || '',
  scripts: svg.querySelectorAll('script').length,
  table: !!(svg.closest('figure, .spark') && svg.closest('figure, .spark').querySelector('table, p')),
}))"""


def test_market_pages_draw_accessible_charts_and_fit_a_phone(market_site):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    base = market_site["url"]
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            for width, height in ((1280, 900), (390, 844)):
                context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 500)
                page = context.new_page()
                page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}")
                        if msg.type == "error" else None)
                page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
                page.on("response", lambda response: problems.append(f"HTTP {response.status} {response.url}")
                        if response.status >= 400 and response.url.startswith(base) else None)
                for name, url, has_charts in _pages(market_site):
                    page.goto(f"{base}{url}")
                    page.wait_for_load_state("networkidle")
                    svgs = [svg for svg in page.evaluate(CHART_CHECK) if svg["role"] == "img"]
                    if has_charts:
                        assert svgs, f"{name} page has no chart"
                    for svg in svgs:
                        assert svg["title"].strip(), f"a chart on the {name} page has no <title>"
                        assert svg["desc"].strip(), f"a chart on the {name} page has no <desc>"
                        assert svg["scripts"] == 0
                        assert svg["table"], f"a chart on the {name} page has no table or text beside it"
                    scroll = page.evaluate("document.documentElement.scrollWidth")
                    inner = page.evaluate("window.innerWidth")
                    assert scroll <= inner, f"the {name} page scrolls sideways at {width}px ({scroll} > {inner})"
                    page.screenshot(path=str(ARTIFACTS / f"market-{name}-{width}.png"), full_page=True)
                context.close()
        finally:
            browser.close()
    assert problems == [], problems


def test_job_list_filters_run_over_the_paths_json(market_site):
    from playwright.sync_api import sync_playwright

    from jobs.models import JobListing

    slug = market_site["slug"]
    listings = JobListing.objects.filter(career_path__slug=slug, status="open", duplicate_of__isnull=True)
    # Counted before the browser starts: Playwright's loop makes database calls an async context.
    with_pay = listings.exclude(salary_currency="").count()
    first_page = min(listings.count(), 50)
    base = market_site["url"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{base}{public_urls.jobs_url(slug)}")
            page.wait_for_selector("#job-filters:not([hidden])")
            page.check('#job-filters input[name="pay"]')
            page.wait_for_function(
                "document.getElementById('job-filters-status').textContent.includes('match')"
            )
            assert page.locator("#job-list li.job").count() == with_pay
            assert page.locator("#job-list li.job .pay").count() == with_pay
            page.uncheck('#job-filters input[name="pay"]')
            page.wait_for_function("document.getElementById('job-filters-status').textContent === ''")
            assert page.locator("#job-list li.job").count() == first_page

            # Without JavaScript the plain list is there and the filters stay hidden.
            plain = browser.new_page(java_script_enabled=False)
            plain.goto(f"{base}{public_urls.jobs_url(slug)}")
            assert plain.locator("#job-list li.job").count() == first_page
            assert not plain.locator("#job-filters").is_visible()
        finally:
            browser.close()
