"""Every page kind of the exported site, the search page with results and the
admin dashboard, checked by axe-core in a real browser (axe-playwright-python).

Zero serious or critical violations. Each exported page is loaded under the
site's Content-Security-Policy: a violation reported by the browser (in the
console or as a `securitypolicyviolation` event) fails the test as well.
Screenshots at 1280 and 390 px go to `test-artifacts/a11y-*.png`.
"""

from __future__ import annotations

import pytest

from config import csp, public_urls
from tests.e2e.test_site import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, exported_site  # noqa: F401 - a fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BLOCKING = {"serious", "critical"}
# Collects CSP violations before any page script runs (an init script is not subject to the policy).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def _blocking(results) -> list[str]:
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation.get("impact") in BLOCKING
    ]


def _pages(site: dict) -> list[tuple[str, str]]:
    from cms.models import ComparisonPage
    from jobs.selectors import open_canonical_listings

    slug = site["slug"]
    listing = open_canonical_listings().filter(career_path__slug=slug).order_by("pk").first()
    comparison = ComparisonPage.objects.live().order_by("pk").first()
    return [
        ("hub", public_urls.hub_url()),
        ("path", public_urls.path_url(slug)),
        ("comparison", public_urls.comparison_url(comparison.slug)),
        ("jobs", public_urls.jobs_url(slug)),
        ("job", public_urls.job_url(slug, listing.pk)),
        ("salaries", public_urls.salaries_url(slug)),
    ]


def test_every_page_kind_has_no_serious_accessibility_violation_and_obeys_the_csp(exported_site, settings):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe
    from django.contrib.auth import get_user_model
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    base = exported_site["url"]
    get_user_model().objects.create_superuser("a11y", "a11y@example.com", "a11y-password-1")
    axe = Axe()
    found: dict[str, list[str]] = {}
    problems: list[str] = []
    # The fixture points SEARCH_API_URL at the live server after settings were read; the policy follows it,
    # as it would from the environment.
    expected_policy = csp.site_directives(search_api_url=settings.SEARCH_API_URL)
    settings.CONTENT_SECURITY_POLICY = {**settings.CONTENT_SECURITY_POLICY, "DIRECTIVES": expected_policy}
    pages = _pages(exported_site)  # the database is read before Playwright's event loop starts
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            for width, height in ((1280, 900), (390, 844)):
                context = browser.new_context(viewport={"width": width, "height": height})
                context.add_init_script(RECORD_VIOLATIONS)
                page = context.new_page()
                page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}")
                        if msg.type == "error" else None)
                page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

                for name, url in pages:
                    response = page.goto(f"{base}{url}")
                    assert response.status == 200, url
                    assert csp.parse(response.headers["content-security-policy"]) == expected_policy, url
                    page.screenshot(path=str(ARTIFACTS / f"a11y-{name}-{width}.png"), full_page=True)
                    found[f"{name} {width}"] = _blocking(axe.run(page))
                    problems.extend(f"CSP on {url}: {v}" for v in page.evaluate("window.__cspViolations"))

                page.goto(f"{base}{public_urls.search_url()}")
                page.fill("#q", "llm")
                page.press("#q", "Enter")
                page.wait_for_selector("#search-results li")
                page.screenshot(path=str(ARTIFACTS / f"a11y-search-{width}.png"), full_page=True)
                found[f"search with results {width}"] = _blocking(axe.run(page))
                problems.extend(f"CSP on search: {v}" for v in page.evaluate("window.__cspViolations"))
                context.close()

            admin = browser.new_context(viewport={"width": 1280, "height": 900})
            page = admin.new_page()
            page.goto(f"{base}/admin/login/")
            page.fill("#id_username", "a11y")
            page.fill("#id_password", "a11y-password-1")
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/admin/")
            page.screenshot(path=str(ARTIFACTS / "a11y-admin-1280.png"), full_page=True)
            found["admin dashboard"] = _blocking(axe.run(page))
            admin.close()
        finally:
            browser.close()
    assert {name: issues for name, issues in found.items() if issues} == {}
    assert problems == []
