"""Wagtail's preview of a comparison in a real browser: the editor's draft, rendered as the exported page.

An editor logs in, changes a comparison in the edit form and opens the preview
panel: the panel's iframe shows the site's page with the draft text and the
preview banner, at Wagtail's mobile, tablet and desktop sizes. The preview is
then opened on its own at 1280 and 390 px for screenshots in `test-artifacts/`.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from cms.models import ComparisonPage
from tests.e2e.test_site import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, exported_site  # noqa: F401 - the fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SLUG = "ai-engineer-vs-machine-learning-engineer"
DRAFT_TEXT = "Pick the path whose day-to-day work you want (draft)."


def test_comparison_preview_in_the_admin_is_the_site_page(exported_site):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    base = exported_site["url"]
    get_user_model().objects.create_superuser("editor", "editor@example.com", "pw-for-tests-only")
    comparison = ComparisonPage.objects.get(slug=SLUG)
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1440, "height": 1000})
            page = context.new_page()
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.goto(f"{base}/admin/login/")
            page.fill("input[name=username]", "editor")
            page.fill("input[name=password]", "pw-for-tests-only")
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/admin/")

            page.goto(f"{base}/admin/pages/{comparison.id}/edit/")
            page.fill("textarea[name=short_version]", DRAFT_TEXT)
            page.click("[data-side-panel-toggle='preview']")
            frame = page.frame_locator("#w-preview-iframe")
            expect(frame.locator("[data-preview-banner]")).to_be_visible(timeout=20_000)
            expect(frame.locator("main h1")).to_have_text(comparison.title)
            expect(frame.locator("section.short")).to_contain_text(DRAFT_TEXT)
            # Wagtail's preview sizes resize the iframe to the device width; the page reflows to it.
            for size, width in (("mobile", 375), ("tablet", 768), ("desktop", 1280)):
                page.click(f"input[name='preview-size'][value='{size}']", force=True)
                page.wait_for_function(
                    """width => {
                        const doc = document.getElementById("w-preview-iframe").contentDocument;
                        return doc && Math.abs(doc.documentElement.clientWidth - width) <= 20;
                    }""",
                    arg=width,
                    timeout=5_000,
                )
            page.screenshot(path=str(ARTIFACTS / "preview-admin-panel.png"))

            # The preview on its own (Wagtail's "preview in new tab" address), at desktop and phone widths.
            preview_url = f"{base}/admin/pages/{comparison.id}/edit/preview/?mode="
            for width, name in ((1280, "preview-comparison-1280.png"), (390, "preview-comparison-390.png")):
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(preview_url)
                expect(page.locator("[data-preview-banner]")).to_be_visible()
                expect(page.locator("section.short")).to_contain_text(DRAFT_TEXT)
                assert page.locator("section.comparison table").count() >= 1
                stylesheet = page.evaluate("getComputedStyle(document.body).fontFamily")
                assert stylesheet, "the site's stylesheet is loaded"
                overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                assert overflow <= 0, f"the page scrolls sideways at {width} px"
                page.screenshot(path=str(ARTIFACTS / name), full_page=True)
        finally:
            browser.close()
    assert problems == []
