"""The demo pipeline exported: every page present, every link resolving,
structured data complete, and incremental exports touching only what changed."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from django.conf import settings

from config import public_urls
from frontend_export.services import ExportError, export_site
from tests.integration.frontend_export.helpers import html_files, jsonld_blocks, parse, resolve, url_of

pytestmark = pytest.mark.integration

PATH_SLUGS = ["ai-engineer", "ml-engineer", "llm-engineer", "rag-engineer", "llmops-engineer", "mlops-engineer",
              "data-scientist", "data-engineer", "data-analyst", "ai-research-scientist"]
SEED_COMPARISON = "ai-engineer-vs-machine-learning-engineer"


def _open_listings():
    from jobs.selectors import open_canonical_listings

    return open_canonical_listings().filter(career_path__isnull=False)


def test_hub_lists_the_ten_paths_with_counts_and_links_that_resolve(demo_site, export_dir):
    hub = export_dir / "careers" / "index.html"
    page = parse(hub)
    html = hub.read_text()
    for slug in PATH_SLUGS:
        card = re.search(rf'<li class="card" id="path-{slug}">(.*?)</li>\s*(?=<li class="card"|</ul>)', html, re.S)
        assert card, slug
        count = _open_listings().filter(career_path__slug=slug).count()
        urls = [public_urls.path_url(slug), public_urls.salaries_url(slug)]
        if count:
            assert card.group(1).count(f"{count} open job") == 1, "a card shows its open jobs once"
            urls.append(public_urls.jobs_url(slug))
        else:
            # No dead "0 open jobs" link: the card says so in plain text.
            assert "No open jobs right now" in card.group(1)
            assert f'href="{public_urls.jobs_url(slug)}"' not in card.group(1)
        for url in urls:
            assert f'href="{url}"' in card.group(1)
            assert resolve(export_dir, url) is not None, url
    assert any(link == public_urls.search_url() for link in page.links)


def test_some_paths_have_jobs_from_the_bundled_feeds(demo_site, export_dir):
    with_jobs = {slug for slug in PATH_SLUGS if _open_listings().filter(career_path__slug=slug).exists()}
    assert len(with_jobs) >= 3
    for listing in _open_listings():
        assert resolve(export_dir, public_urls.job_url(listing.career_path.slug, listing.id)) is not None


def test_seed_comparison_shows_both_sides_live_figures(demo_site, export_dir):
    from cms.models import ComparisonPage
    from jobs.selectors import path_job_stats

    comparison = ComparisonPage.objects.live().get(slug=SEED_COMPARISON)
    html = (export_dir / "compare" / SEED_COMPARISON / "index.html").read_text()
    sides = [comparison.left_path.slug, comparison.right_path.slug]
    stats = path_job_stats(sides)
    for slug in sides:
        assert f'href="{public_urls.salaries_url(slug)}"' in html
        count = _open_listings().filter(career_path__slug=slug).count()
        if count:
            assert f'href="{public_urls.jobs_url(slug)}"' in html
            assert f"{count} open job" in html
        if stats[slug]["median_annual"] is not None:
            assert f"{stats[slug]['currency']} {stats[slug]['median_annual']:,.0f}" in html


def test_every_internal_link_in_the_export_resolves(demo_site, export_dir):
    broken = []
    pages = html_files(export_dir)
    assert len(pages) > 40
    for path in pages:
        for link in parse(path).links:
            if link.startswith("/") and not link.startswith("//") and resolve(export_dir, link) is None:
                broken.append((url_of(export_dir, path), link))
    assert broken == []


def test_every_job_page_carries_a_complete_job_posting(demo_site, export_dir):
    jobs = [p for p in html_files(export_dir) if re.fullmatch(r"/jobs/[\w-]+/\d+/", url_of(export_dir, p))]
    assert len(jobs) == _open_listings().count() > 0
    for path in jobs:
        postings = [b for b in jsonld_blocks(path) if b.get("@type") == "JobPosting"]
        assert len(postings) == 1, path
        posting = postings[0]
        for key in ("title", "description", "datePosted", "hiringOrganization"):
            assert posting.get(key), (path, key)
        if posting.get("jobLocationType") == "TELECOMMUTE":
            assert posting["applicantLocationRequirements"], path
        else:
            assert posting["jobLocation"], path
        if "baseSalary" in posting:
            assert posting["baseSalary"]["value"]["unitText"] in {"HOUR", "DAY", "WEEK", "MONTH", "YEAR"}
        assert "FAQPage" not in path.read_text()


def test_content_pages_carry_article_breadcrumbs_canonical_and_open_graph(demo_site, export_dir):
    path = export_dir / "careers" / "ai-engineer" / "index.html"
    types = {block["@type"] for block in jsonld_blocks(path)}
    assert {"Article", "BreadcrumbList"} <= types
    html = path.read_text()
    assert f'<link rel="canonical" href="{settings.SITE_URL}/careers/ai-engineer/">' in html
    assert 'property="og:title"' in html and 'property="og:url"' in html
    for comparison in (export_dir / "compare").iterdir():
        assert "FAQPage" not in (comparison / "index.html").read_text()


def test_sitemap_lists_exactly_the_exported_pages(demo_site, export_dir):
    tree = ElementTree.parse(export_dir / "sitemap.xml")  # noqa: S314 - our own output
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = tree.getroot().findall("s:url", ns)
    listed = [entry.find("s:loc", ns).text for entry in entries]
    assert all(entry.find("s:lastmod", ns).text for entry in entries)
    exported = {settings.SITE_URL + url_of(export_dir, p) for p in html_files(export_dir)} - {
        f"{settings.SITE_URL}/404.html"}
    assert sorted(listed) == sorted(exported)
    assert "Sitemap: " in (export_dir / "robots.txt").read_text()


def test_salary_page_shows_the_distribution_and_curated_sources(demo_site, export_dir):
    from jobs.selectors import salary_distribution

    slug = next(s for s in PATH_SLUGS if salary_distribution(s)["currencies"])
    html = (export_dir / "salaries" / slug / "index.html").read_text()
    for currency in salary_distribution(slug)["currencies"]:
        assert f"<h4>{currency['currency']} a year " in html
        if currency["median"] is None:
            # Under the minimum sample the figure is absent and the page says why, with the count.
            assert f"not enough listings with pay yet ({currency['count']})" in html
        else:
            assert f"{currency['currency']} {currency['median']:,.0f}" in html


def test_an_export_with_nothing_new_renders_and_writes_nothing(demo_site, export_dir):
    release = (export_dir).resolve()
    report = export_site()
    assert report.rendered == [] and report.written == [] and report.removed == []
    assert export_dir.resolve() == release


def test_editing_a_path_summary_rerenders_only_the_pages_that_show_it(demo_site, export_dir):
    from cms.models import CareerPathPage, ComparisonPage

    page = CareerPathPage.objects.get(slug="data-scientist")
    page.summary = "Turns messy data into decisions with statistics, experiments and models."
    page.save_revision().publish()
    report = export_site()
    naming = ComparisonPage.objects.live().filter(left_path=page) | ComparisonPage.objects.live().filter(
        right_path=page)
    expected = {public_urls.hub_url(), public_urls.path_url("data-scientist"),
                *(public_urls.comparison_url(c.slug) for c in naming)}
    assert naming.exists()
    assert set(report.rendered) == expected
    # The sitemap changes too unless both exports fell within the same second (its lastmod resolution).
    assert expected <= set(report.written) <= expected | {"/sitemap.xml"}
    assert report.removed == []
    assert "Turns messy data into decisions" in (export_dir / "careers" / "index.html").read_text()


def test_a_sync_that_closes_one_job_removes_exactly_that_page(demo_site, export_dir, feeds):
    from jobs.models import JobListing

    listing = next(
        item for item in _open_listings().filter(source__slug="acme-ai")
        if not JobListing.objects.filter(duplicate_of=item).exists()
        and not _open_listings().filter(source__slug="acme-ai", group_key=item.group_key).exclude(pk=item.pk).exists()
    )
    url = public_urls.job_url(listing.career_path.slug, listing.id)
    assert resolve(export_dir, url) is not None
    feeds.greenhouse = {**feeds.greenhouse,
                        "jobs": [job for job in feeds.greenhouse["jobs"] if str(job["id"]) != listing.external_id]}
    for _ in range(3):  # a listing closes after three well-formed runs without it
        feeds.sync("acme-ai")
    listing.refresh_from_db()
    assert listing.status == "closed"
    report = export_site()
    assert report.removed == [url]
    assert resolve(export_dir, url) is None
    assert url not in (export_dir / "sitemap.xml").read_text()
    assert public_urls.hub_url() in report.written  # the count on the hub moved


def test_a_failed_render_leaves_the_live_site_untouched(demo_site, export_dir, settings, tmp_path):
    before = export_dir.resolve()
    hub_before = (export_dir / "careers" / "index.html").read_bytes()
    broken = tmp_path / "templates" / "frontend_export"
    broken.mkdir(parents=True)
    (broken / "hub.html").write_text('{% include "frontend_export/no-such-template.html" %}')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates"]}]
    with pytest.raises(ExportError, match=r"rendering /careers/ failed"):
        export_site(full=True)
    assert export_dir.resolve() == before
    assert (export_dir / "careers" / "index.html").read_bytes() == hub_before
    # With the template fixed, the next export publishes normally.
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": []}]
    report = export_site(full=True)
    assert "/careers/" in report.rendered and report.written == []
    assert (export_dir / "careers" / "index.html").read_bytes() == hub_before


def test_the_command_exports_and_prints_a_summary(demo_content, export_dir, capsys):
    from django.core.management import call_command

    call_command("export_site", "--full")
    out = capsys.readouterr().out
    assert "pages rendered" in out and "files written" in out
    assert (export_dir / "careers" / "index.html").is_file()


def test_the_command_fails_with_a_one_line_reason(demo_content, export_dir, settings, tmp_path):
    from django.core.management import CommandError, call_command

    broken = tmp_path / "templates" / "frontend_export"
    broken.mkdir(parents=True)
    (broken / "search.html").write_text('{% include "frontend_export/no-such-template.html" %}')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates"]}]
    with pytest.raises(CommandError) as failure:
        call_command("export_site")
    assert str(failure.value).startswith("rendering /search/ failed") and "\n" not in str(failure.value)


def test_the_footer_says_the_listings_are_generated_only_while_generated_sources_have_open_listings(
    demo_site, export_dir
):
    from frontend_export.services import export_site
    from jobs.models import JobSource

    note = "the companies and job listings on this site are generated"
    assert note not in (export_dir / "careers/index.html").read_text(encoding="utf-8")
    JobSource.objects.filter(slug="acme-ai").update(generated=True)
    report = export_site()
    assert len(report.rendered) == report.pages, "the note is on every page, so every page is rendered again"
    for page in ("careers/index.html", "404.html"):
        assert note in (export_dir / page).read_text(encoding="utf-8")


def test_job_lists_have_their_data_file_and_job_pages_their_similar_jobs(demo_site, export_dir):
    import json
    from collections import Counter

    counts = Counter(_open_listings().values_list("career_path__slug", flat=True))
    slug = max(counts, key=lambda s: (counts[s], s))
    data = json.loads((export_dir / "jobs" / slug / "jobs.json").read_text())
    listings = {listing.id: listing for listing in _open_listings().filter(career_path__slug=slug)}
    assert {row["id"] for row in data["jobs"]} == set(listings)
    assert data["labels"]["workplace"]["onsite"] == "On-site"
    assert data["labels"]["seniority"]["mid"] == "Mid-level"
    for row in data["jobs"]:
        assert row["pay"] is None or row["currency"] == listings[row["id"]].salary_currency
    jobs_page = (export_dir / "jobs" / slug / "index.html").read_text()
    assert f'data-jobs="{public_urls.jobs_data_url(slug)}"' in jobs_page
    assert "<script>" not in jobs_page and "jobs." in jobs_page

    by_level = Counter(listing.seniority for listing in listings.values())
    for listing in listings.values():
        html = (export_dir / "jobs" / slug / str(listing.id) / "index.html").read_text()
        similar = re.search(r'<ul class="jobs similar">(.*?)</ul>', html, re.S)
        expected = min(by_level[listing.seniority] - 1, 5)
        if expected == 0:
            assert similar is None
            continue
        links = re.findall(r'href="/jobs/[^/]+/(\d+)/"', similar.group(1))
        assert len(links) == expected and str(listing.id) not in links
        assert all(listings[int(other)].seniority == listing.seniority for other in links)
