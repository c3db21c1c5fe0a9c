"""Search-as-you-type and the search page in a real browser, against the exported site.

The header's combobox is driven with the keyboard only: type, arrow down to
an option, Enter. The search page shows what it read from the query as
chips, the totals per type, and pages through jobs with "Load more".
Screenshots go to `test-artifacts/` at 1280 and 390 px.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from config import public_urls
from tests.e2e.test_site import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, exported_site  # noqa: F401 - fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TARGET = "Machine Learning Engineer"


def _watch(page, base: str, problems: list[str], label: str) -> None:
    page.on("console", lambda msg: problems.append(f"{label} console: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"{label} page error: {error}"))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{label} HTTP {response.status} {response.url}")
            if response.status >= 400 and response.url.startswith(base)
            else None
        ),
    )


def _pick_with_keyboard(page, field: str, typed: str, wanted: str, screenshot: str) -> None:
    """Type into the combobox, arrow down to `wanted`, check the ARIA state, press Enter."""
    combobox = page.locator(field)
    combobox.focus()
    combobox.press_sequentially(typed, delay=60)
    listbox_id = combobox.get_attribute("aria-controls")
    option = page.locator(f"#{listbox_id} [role=option]", has_text=re.compile(f"^{wanted}$"))
    option.wait_for()
    assert combobox.get_attribute("aria-expanded") == "true"
    assert page.locator(f"#{listbox_id} [role=group]").count() >= 1
    for _ in range(page.locator(f"#{listbox_id} [role=option]").count()):
        combobox.press("ArrowDown")
        active = combobox.get_attribute("aria-activedescendant")
        assert active, "arrow keys must set aria-activedescendant"
        if page.locator(f"#{active}").inner_text() == wanted:
            break
    assert page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    page.screenshot(path=str(ARTIFACTS / screenshot), full_page=False)
    combobox.press("Enter")


def test_the_header_combobox_completes_mach_and_lands_on_the_role(exported_site):  # noqa: F811
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    base = exported_site["url"]
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            for width, height, label in ((1280, 900, "desktop"), (390, 844, "phone")):
                context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 500)
                page = context.new_page()
                _watch(page, base, problems, label)
                page.goto(f"{base}{public_urls.hub_url()}")
                _pick_with_keyboard(page, "#site-q", "mach", TARGET, f"10-combobox-{width}.png")
                page.wait_for_url(f"**{public_urls.path_url('ml-engineer')}")
                assert TARGET in page.locator("h1").inner_text()

                # Escape closes the list and leaves the field as typed.
                combobox = page.locator("#site-q")
                combobox.focus()
                combobox.press_sequentially("llm", delay=60)
                page.locator("#site-q-listbox [role=option]").first.wait_for()
                combobox.press("Escape")
                assert combobox.get_attribute("aria-expanded") == "false"
                assert page.locator("#site-q-listbox").is_hidden() and combobox.input_value() == "llm"
                context.close()
        finally:
            browser.close()
    assert problems == []


def test_the_search_page_shows_chips_totals_and_loads_more_jobs(exported_site):  # noqa: F811
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    base = exported_site["url"]
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            for width, height in ((1280, 900), (390, 844)):
                context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 500)
                page = context.new_page()
                _watch(page, base, problems, f"search {width}")
                page.goto(f"{base}{public_urls.search_url()}")
                page.fill("#q", "remote engineer jobs")
                page.press("#q", "Enter")
                page.wait_for_selector("#search-understood .chip")
                chips = page.locator("#search-understood .chip").all_inner_texts()
                assert any("Workplace: Remote" in chip for chip in chips), chips
                status = page.locator("#search-status").inner_text()
                assert re.search(r"\d+ roles? · \d+ comparisons? · \d+ jobs?", status), status
                jobs = page.locator("#search-results li.result-job .meta")
                assert jobs.count() >= 1
                # Every job shown is remote: the chip is a filter, not a hint.
                assert page.locator("#search-results li.result-job").count() == jobs.count()
                if width == 1280:
                    more = page.locator("#search-more")
                    if more.is_visible():
                        before = page.locator("#search-results li").count()
                        more.click()
                        page.locator("#search-results li").nth(before).wait_for()  # one more than before
                    page.screenshot(path=str(ARTIFACTS / "11-search-chips-1280.png"), full_page=True)
                    # Removing the chip removes "remote" from the query and searches again.
                    page.locator("#search-understood .chip", has_text="Workplace").locator("button").click()
                    # Locator assertions, not string predicates: the page's CSP forbids eval.
                    expect(page.locator("#q")).not_to_have_value(re.compile("remote"))
                    expect(page.locator("#search-understood .chip", has_text="Workplace")).to_have_count(0)
                else:
                    page.screenshot(path=str(ARTIFACTS / "11-search-chips-390.png"), full_page=True)
                    width_used = page.evaluate("document.documentElement.scrollWidth")
                    assert width_used <= 390, f"the search page scrolls sideways on a phone ({width_used}px)"
                context.close()
        finally:
            browser.close()
    assert problems == []
