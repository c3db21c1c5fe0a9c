"""`load_demo_content`: the tree, the ten paths with substance, idempotence."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from cms import selectors
from cms.models import PATH_SLUGS, CareerPathPage, CareersHubPage, ComparisonPage, HomePage, Statistic

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_site_root_is_the_home_page_with_the_hub_under_it(demo):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    hub = CareersHubPage.objects.get()
    assert hub.slug == "careers"
    assert hub.get_parent().id == site.root_page_id
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


def test_the_ten_paths_are_published_with_substance(demo):
    pages = {page.slug: page for page in CareerPathPage.objects.live()}
    assert sorted(pages) == sorted(PATH_SLUGS)
    for slug, page in pages.items():
        blocks = {block.block_type: block.value for block in page.body}
        assert page.summary and page.role_name, slug
        assert blocks["skills"]["groups"] and all(g["skills"] for g in blocks["skills"]["groups"]), slug
        assert len(blocks["responsibilities"]["items"]) >= 4, slug
        assert blocks["tools"]["tools"], slug
        assert page.related_paths.count() >= 2, slug
        assert len(page.title_pattern_list()) >= 5, slug
        assert page.salary_notes, slug
        assert not page.has_unpublished_changes, slug


def test_path_pages_follow_the_hub_order(demo):
    assert [page.slug for page in selectors.path_pages()] == list(PATH_SLUGS)


def test_seed_comparison_and_two_more_exist(demo):
    slugs = set(selectors.comparison_pages().values_list("slug", flat=True))
    assert "ai-engineer-vs-machine-learning-engineer" in slugs
    assert len(slugs) >= 3
    seed = ComparisonPage.objects.get(slug="ai-engineer-vs-machine-learning-engineer")
    publishers = {link.statistic.source.publisher for link in seed.statistic_links.all()}
    assert publishers == {"U.S. Bureau of Labor Statistics", "World Economic Forum", "Forrester"}


def test_running_it_twice_changes_nothing(demo):
    before = (Page.objects.count(), Revision.objects.count(), Statistic.objects.count())
    report = load_again()
    assert report.created == [] and report.updated == []
    assert (Page.objects.count(), Revision.objects.count(), Statistic.objects.count()) == before


def test_update_restores_edited_demo_pages_with_one_new_revision(demo):
    page = CareerPathPage.objects.get(slug="rag-engineer")
    page.summary = "Edited by an editor"
    page.save_revision().publish()
    revisions = Revision.objects.count()
    report = load_again(update=True)
    assert report.updated == ["path rag-engineer"]
    assert Revision.objects.count() == revisions + 1
    assert CareerPathPage.objects.get(slug="rag-engineer").summary.startswith("Builds retrieval-augmented")


def test_page_search_text_carries_the_body_words(demo):
    text = selectors.page_search_text(CareerPathPage.objects.get(slug="mlops-engineer"))
    assert "Kubeflow" in text and "model registries" in text.lower()
    assert "<" not in text
    comparison = ComparisonPage.objects.get(slug="ai-engineer-vs-machine-learning-engineer")
    assert "Who they work with" in selectors.page_search_text(comparison)


def test_command_reports_and_is_idempotent(capsys):
    call_command("load_demo_content")
    call_command("load_demo_content")
    out = capsys.readouterr().out.strip().splitlines()
    assert out[0].startswith("demo content: 15 created")
    assert out[1] == "demo content: 0 created, 0 updated, 15 unchanged"


def load_again(**kwargs):
    from cms.demo_content import load_demo_content

    return load_demo_content(**kwargs)


def test_a_published_paths_slug_cannot_change(demo):
    from django.core.exceptions import ValidationError

    page = CareerPathPage.objects.get(slug="ml-engineer")
    page.slug = "machine-learning-engineer"
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "slug" in error.value.message_dict
