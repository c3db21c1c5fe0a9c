"""The admin cockpit in a real browser: the dashboard panels, the sync runs and the unclassified
titles queue, screenshotted at 1280 and 390 px wide into `test-artifacts/`."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.e2e.test_site import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, exported_site  # noqa: F401 - a fixture
from tests.integration.jobs.conftest import greenhouse_board, greenhouse_job

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = (1280, 390)
# A board whose titles match no demo path: the queue has something to show.
UNCLASSIFIED = ["Data Wrangler"] * 4 + ["Knowledge Gardener"] * 2 + ["Prompt Librarian", "Chief Vibes Officer"]


def _shoot(page, name: str) -> None:
    """A screenshot of the whole page: the admin scrolls inside its layout, so the viewport grows to fit."""
    width = page.viewport_size["width"]
    height = page.evaluate(
        "() => Math.max(document.documentElement.scrollHeight,"
        " ...[...document.querySelectorAll('main, .content-wrapper, #main')].map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": width, "height": max(900, min(int(height) + 40, 6000))})
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
    page.set_viewport_size({"width": width, "height": 900})


@pytest.fixture
def cockpit(exported_site, httpserver):  # noqa: F811 - the fixture imported above
    """The demo pipeline, plus a board of unclassified titles, a source whose board answers 500
    (its sync fails) and an admin user."""
    from jobs import services
    from jobs.models import JobSource

    httpserver.expect_request("/v1/boards/wranglers/jobs").respond_with_json(
        greenhouse_board([greenhouse_job(900 + n, title=title) for n, title in enumerate(UNCLASSIFIED)]))
    wranglers = JobSource.objects.create(name="Wrangle Co", slug="wranglers", kind="greenhouse", board="wranglers",
                                         base_url=httpserver.url_for("/").rstrip("/"))
    services.source_sync(source_id=wranglers.pk)
    broken = JobSource.objects.create(name="Globex Labs", slug="globex-broken", kind="greenhouse",
                                      board="globex-broken", base_url=httpserver.url_for("/").rstrip("/"))
    for _ in range(2):
        services.source_sync(source_id=broken.pk)
        JobSource.objects.filter(pk=broken.pk).update(next_sync_at=None)
    get_user_model().objects.create_superuser("chief", "chief@example.org", "cockpit-pass")
    return exported_site


def test_dashboard_runs_and_unclassified_queue_in_a_browser(cockpit):
    from playwright.sync_api import sync_playwright

    from jobs import unclassified

    ARTIFACTS.mkdir(exist_ok=True)
    base = cockpit["url"]
    queue, _ = unclassified.unclassified_titles()
    assert queue, "the bundled feeds must leave some titles unclassified"
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.on("response", lambda response: problems.append(f"HTTP {response.status} {response.url}")
                    if response.status >= 500 and response.url.startswith(base) else None)
            page.goto(f"{base}/admin/login/")
            page.fill("input[name=username]", "chief")
            page.fill("input[name=password]", "cockpit-pass")
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/admin/")

            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(f"{base}/admin/")
                failing = page.locator("[data-failing-sources]")
                assert "Greenhouse: globex-broken" in failing.inner_text()
                assert failing.locator(".cc-status--failed").first.inner_text() == "2 in a row"
                assert page.locator("[data-last-export]").is_visible()
                assert page.locator("[data-search-index]").is_visible()
                assert page.get_by_role("button", name="Export now").is_visible()
                assert page.get_by_role("button", name="Update index").is_visible()
                _shoot(page, f"admin-dashboard-{width}.png")

                page.goto(f"{base}/admin/jobs/runs/")
                badge = page.locator(".cc-status--failed").first
                assert badge.inner_text() == "Failed"
                assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(185, 28, 28)"
                _shoot(page, f"admin-sync-runs-{width}.png")

                page.goto(f"{base}/admin/jobs/unclassified/")
                assert page.locator("[data-unclassified-queue] tbody tr").count() == len(queue)
                _shoot(page, f"admin-unclassified-{width}.png")

            # "Add as a title pattern" in the browser: the listings are reclassified and leave the queue.
            row = page.locator('[data-title-key="data wrangler"]')
            row.locator("select[name=path]").select_option(label="Data Engineer")
            row.get_by_role("button", name="Add pattern").click()
            page.wait_for_load_state()
            assert "4 open listings reclassified" in page.locator(".messages").inner_text()
            assert page.locator('[data-title-key="data wrangler"]').count() == 0
            # "Not a career path": the title leaves the queue.
            page.locator('[data-title-key="chief vibes officer"]').get_by_role(
                "button", name="Not a career path").click()
            page.wait_for_load_state()
            assert page.locator('[data-title-key="chief vibes officer"]').count() == 0
            assert "marked not a career path" in page.locator(".messages").inner_text()
            _shoot(page, "admin-unclassified-after-390.png")
        finally:
            browser.close()
    assert not problems, problems
