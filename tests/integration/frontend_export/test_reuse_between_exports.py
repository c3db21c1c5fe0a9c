"""What an export keeps from the one before in the same process is read again when its input changes:
the paths' pay figures, the parsed comparison streams and the manifests."""

from __future__ import annotations

import itertools
import os
from datetime import timedelta

import pytest
from django.utils import timezone

from cms.models import CareerPathPage, CareersHubPage, HomePage
from frontend_export import data as export_data
from frontend_export.manifest import FileEntry, Manifest
from frontend_export.storage import LocalFolderStorage
from jobs.models import JobListing, JobSource

_numbers = itertools.count(1)


@pytest.fixture
def path(db):
    from wagtail.models import Page

    home = Page.get_first_root_node().add_child(instance=HomePage(title="Home", slug="reuse-home"))
    hub = home.add_child(instance=CareersHubPage(title="Careers", slug="careers"))
    return hub.add_child(instance=CareerPathPage(title="Data Engineer", slug="data-engineer",
                                                 role_name="Data Engineer", summary="Pipelines.", live=True))


def _listing(source, path, salary: float) -> JobListing:
    number = next(_numbers)
    now = timezone.now() - timedelta(days=1)
    return JobListing.objects.create(
        source=source, external_id=f"r{number}", title="Data Engineer", company="Acme", career_path=path,
        employment_type="full_time", seniority="mid", salary_currency="USD", salary_period="year",
        salary_min=salary, salary_max=salary, salary_annual_min=salary, salary_annual_max=salary,
        pay_source="stated", posted_at=now, first_seen_at=now, last_seen_at=now, updated_at=now,
        content_hash=f"hash-{number}",
    )


def _median(site) -> float | None:
    figures = site.market["data-engineer"]["pay"]["annual"]
    return figures[0]["median"] if figures else None


@pytest.mark.django_db
def test_pay_figures_follow_every_listing_write_and_the_settings(path, settings):
    source = JobSource.objects.create(name="Board", slug="board", kind="greenhouse", board="board")
    listings = [_listing(source, path, 100_000.0) for _ in range(5)]
    assert _median(export_data.load_site_data()) == 100_000.0
    assert _median(export_data.load_site_data()) == 100_000.0  # reused, same figure

    # A sync rewrites a listing's pay: new content hash, new last write.
    JobListing.objects.filter(pk__in=[obj.pk for obj in listings[:3]]).update(
        salary_min=200_000.0, salary_max=200_000.0, salary_annual_min=200_000.0, salary_annual_max=200_000.0,
        content_hash="changed", updated_at=timezone.now())
    assert _median(export_data.load_site_data()) == 200_000.0

    # Closing one leaves four: under the minimum sample, no median.
    JobListing.objects.filter(pk=listings[0].pk).update(status="closed", updated_at=timezone.now())
    assert _median(export_data.load_site_data()) is None

    settings.MARKET_MIN_SAMPLE = 4
    assert _median(export_data.load_site_data()) is not None


@pytest.mark.django_db
def test_reused_figures_are_copies(path):
    source = JobSource.objects.create(name="Board", slug="board", kind="greenhouse", board="board")
    for _ in range(5):
        _listing(source, path, 90_000.0)
    first = export_data.load_site_data()
    first.market["data-engineer"]["pay"]["annual"].clear()
    assert _median(export_data.load_site_data()) == 90_000.0


def test_a_manifest_replaced_on_disk_is_read_again(tmp_path):
    storage = LocalFolderStorage(tmp_path / "site")
    storage.releases.mkdir(parents=True)
    tree = storage.releases / "a"
    tree.mkdir()
    one = Manifest(files={"a/index.html": FileEntry(sha256="1", signature="s", lastmod="t")})
    storage.write_manifest(tree, one)
    assert storage.read_manifest(tree) is one  # the one this process wrote

    # Another process replaces it (a new file, as every writer does).
    other = Manifest(files={"b/index.html": FileEntry(sha256="2", signature="s", lastmod="t")})
    path = storage.manifest_path(tree)
    temporary = path.with_name("elsewhere.tmp")
    temporary.write_bytes(other.to_bytes())
    os.replace(temporary, path)
    assert set(storage.read_manifest(tree).files) == {"b/index.html"}

    path.unlink()
    assert storage.read_manifest(tree).files == {}
