"""A job page whose pay was read from the description says so, in a real browser at 1280 and 390 px."""

from __future__ import annotations

import pytest

from config import public_urls
from tests.e2e.test_site import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, exported_site  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_job_pages_tell_where_the_pay_came_from(exported_site):  # noqa: F811
    from playwright.sync_api import sync_playwright

    from jobs.models import JobListing
    from jobs.selectors import open_canonical_listings

    listings = open_canonical_listings().filter(career_path__isnull=False)
    from_text = listings.filter(pay_source=JobListing.PaySource.DESCRIPTION).select_related("career_path").first()
    stated = listings.filter(pay_source=JobListing.PaySource.STATED).select_related("career_path").first()
    assert from_text is not None and stated is not None
    ARTIFACTS.mkdir(exist_ok=True)
    base = exported_site["url"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            for width in (1280, 390):
                page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
                page.goto(f"{base}{public_urls.job_url(from_text.career_path.slug, from_text.pk)}")
                pay = page.locator("dl.facts dd").first
                assert "(from the job description)" in pay.inner_text()
                assert "USD 170,000–210,000" in pay.inner_text()
                page.screenshot(path=str(ARTIFACTS / f"pay-from-description-{width}.png"), full_page=True)
                page.goto(f"{base}{public_urls.job_url(stated.career_path.slug, stated.pk)}")
                assert "(as stated by the employer)" in page.locator("dl.facts dd").first.inner_text()
                page.goto(f"{base}{public_urls.jobs_url(from_text.career_path.slug)}")
                page.screenshot(path=str(ARTIFACTS / f"pay-from-description-list-{width}.png"), full_page=True)
        finally:
            browser.close()
