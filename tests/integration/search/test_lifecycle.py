"""Rebuilds with an alias swap, incremental updates, and status, against the embedded engine."""

from __future__ import annotations

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connections
from django.utils import timezone

from jobs.models import JobListing
from jobs.selectors import open_canonical_listings
from search import engine, indices, services
from search.models import PendingPage
from search.queries import SearchRequest

from .conftest import bulk_listings, indexed_ids, indexed_source

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("clean_indices")]


def open_ids() -> set[int]:
    return set(open_canonical_listings().values_list("pk", flat=True))


def test_rebuild_loads_a_new_version_swaps_the_alias_and_deletes_the_old(career_paths, make_listing):
    make_listing("LLM Engineer", career_path=career_paths["llm-engineer"])
    make_listing("Data Analyst", career_path=career_paths["data-analyst"])
    first = {report.name: report for report in services.rebuild()}
    client = engine.get_client()
    assert indices.live_index(client, "jobs") == first["jobs"].index
    assert first["jobs"].indexed == 2 and first["roles"].indexed == len(career_paths) + 3

    second = {report.name: report for report in services.rebuild(["jobs"])}
    assert second["jobs"].old_index == first["jobs"].index
    assert indices.live_index(client, "jobs") == second["jobs"].index
    assert not client.indices.exists(index=first["jobs"].index)
    assert indices.loading_index(client, "jobs") is None
    assert indexed_ids("jobs") == open_ids()
    assert not JobListing.objects.filter(search_pending=True).exists()


def test_role_documents_carry_names_patterns_synonyms_and_open_jobs(career_paths, make_listing):
    make_listing("LLM Engineer", career_path=career_paths["llm-engineer"])
    services.rebuild()
    page = career_paths["llm-engineer"]
    doc = indexed_source("roles", page.pk)
    assert doc["kind"] == "path" and doc["url"] == "/careers/llm-engineer/"
    assert "large language model" in [name.lower() for name in doc["names"]]
    assert "large language model" in doc["title_terms"].lower()
    assert doc["open_jobs"] == 1
    assert doc["skills"]


def test_status_exits_non_zero_on_drift_and_zero_when_in_step(career_paths, make_listing, capsys):
    make_listing("LLM Engineer", career_path=career_paths["llm-engineer"])
    with pytest.raises(CommandError, match="index drift"):
        call_command("search_index", "status")
    call_command("search_index", "rebuild")
    call_command("search_index", "status")
    assert "ok" in capsys.readouterr().out
    make_listing("Second LLM Engineer", career_path=career_paths["llm-engineer"])
    with pytest.raises(CommandError, match="jobs: 2 in the database, 1 indexed, 1 pending"):
        call_command("search_index", "status")
    call_command("search_index", "update")
    call_command("search_index", "status")


def test_index_listings_upserts_open_ones_deletes_closed_and_duplicates(career_paths, make_listing):
    keep = make_listing("RAG Engineer", career_path=career_paths["rag-engineer"])
    closed = make_listing("Data Analyst")
    duplicate = make_listing("Data Scientist")
    services.rebuild()
    assert indexed_ids("jobs") == {keep.pk, closed.pk, duplicate.pk}

    now = timezone.now()
    JobListing.objects.filter(pk=closed.pk).update(status="closed", closed_at=now, updated_at=now, search_pending=True)
    JobListing.objects.filter(pk=duplicate.pk).update(duplicate_of=keep, updated_at=now, search_pending=True)
    JobListing.objects.filter(pk=keep.pk).update(title="Senior RAG Engineer", updated_at=now, search_pending=True)
    report = services.index_listings([keep.pk, closed.pk, duplicate.pk])

    assert (report.indexed, report.deleted, report.failed) == (1, 2, [])
    assert indexed_ids("jobs") == {keep.pk}
    assert indexed_source("jobs", keep.pk)["title"] == "Senior RAG Engineer"
    assert not JobListing.objects.filter(search_pending=True).exists()
    # The path's open job count on its role document follows.
    assert indexed_source("roles", career_paths["rag-engineer"].pk)["open_jobs"] == 1


def test_a_listing_changed_after_it_was_read_stays_pending(career_paths, make_listing):
    listing = make_listing("MLOps Engineer")
    services.rebuild()
    later = timezone.now() + timezone.timedelta(minutes=5)
    JobListing.objects.filter(pk=listing.pk).update(updated_at=later, search_pending=True)
    services.index_listings([listing.pk])
    assert JobListing.objects.get(pk=listing.pk).search_pending


def test_unpublished_and_deleted_pages_leave_the_roles_index(career_paths):
    services.rebuild(["roles"])
    page = career_paths["data-analyst"]
    assert page.pk in indexed_ids("roles")
    page.unpublish()
    services.index_pages([page.pk])
    assert page.pk not in indexed_ids("roles")
    page.save_revision().publish()
    services.index_pages([page.pk])
    assert page.pk in indexed_ids("roles")


def test_pages_changed_records_pending_pages_until_indexed(career_paths):
    page = career_paths["rag-engineer"]
    services.pages_changed([page.pk, page.pk])
    assert list(PendingPage.objects.values_list("page_id", flat=True)) == [page.pk]
    services.update_pending()
    assert not PendingPage.objects.exists()
    assert page.pk in indexed_ids("roles")


def test_update_rebuilds_an_index_the_engine_does_not_have(career_paths, make_listing):
    make_listing("AI Engineer", career_path=career_paths["ai-engineer"])
    assert indices.live_index(engine.get_client(), "jobs") is None
    services.update_pending()
    assert indexed_ids("jobs") == open_ids()
    assert len(indexed_ids("roles")) == len(career_paths) + 3


def test_failed_items_are_retried_then_reported(make_listing):
    client = engine.get_client()
    index = indices.ensure_live(client, "jobs", [])
    good = {"_index": index, "_id": "1", "_source": {"title": "fine"}}
    bad = {"_index": index, "_id": "2", "_source": {"no_such_field": "x"}}  # the mapping is strict
    succeeded, failed = services._bulk(client, [good, bad])
    assert [action["_id"] for action in succeeded] == ["1"]
    assert [(action["_id"], "strict_dynamic_mapping" in reason) for action, reason in failed] == [("2", True)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_searches_never_fail_nor_come_back_empty_during_rebuilds(career_paths, job_source):
    from search.selectors import run_search

    bulk_listings(job_source, 1500, title="Data Engineer")
    services.rebuild()
    request = SearchRequest(q="data engineer", size=10)
    baseline = run_search(request)
    assert baseline["total"]["job"] == 1500 and baseline["total"]["role"] > 0

    failures: list[str] = []
    empty: list[dict] = []
    count = 0
    stop = threading.Event()

    def search_continuously() -> None:
        nonlocal count
        while not stop.is_set():
            try:
                answer = run_search(request)
            except Exception as error:  # any failure counts
                failures.append(repr(error))
                continue
            count += 1
            if answer["total"]["job"] == 0 or answer["total"]["role"] == 0 or not answer["results"]:
                empty.append(answer["total"])

    searcher = threading.Thread(target=search_continuously)
    searcher.start()
    try:
        for _ in range(3):
            services.rebuild()
    finally:
        stop.set()
        searcher.join(timeout=60)
        connections.close_all()
    assert failures == []
    assert empty == []
    assert count >= 10


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_writes_during_a_rebuild_are_present_afterwards(career_paths, job_source, make_listing):
    ids = bulk_listings(job_source, 1200, title="Data Engineer")
    services.rebuild()
    loaded_early, loaded_late, closing = ids[10], ids[-10], ids[20]
    written: dict[str, int] = {}

    def concurrent_sync() -> None:
        """What a sync and its indexing task do while the rebuild is loading."""
        now = timezone.now()
        JobListing.objects.filter(pk=loaded_early).update(
            title="Quantum Pipeline Engineer", updated_at=now, search_pending=True
        )
        JobListing.objects.filter(pk=loaded_late).update(
            title="Quantum Lake Engineer", updated_at=now, search_pending=True
        )
        JobListing.objects.filter(pk=closing).update(
            status="closed", closed_at=now, updated_at=now, search_pending=True
        )
        written["new"] = make_listing("Quantum Stream Engineer").pk
        services.index_listings([loaded_early, loaded_late, closing, written["new"]])
        connections.close_all()

    def progress(name: str, done: int, total: int) -> None:
        if name == "jobs" and done >= 400 and not written:
            assert indices.loading_index(engine.get_client(), "jobs") is not None
            worker = threading.Thread(target=concurrent_sync)
            worker.start()
            worker.join()

    services.rebuild(["jobs"], progress=progress)

    assert written, "the concurrent writes did not run during the rebuild"
    assert indexed_ids("jobs") == open_ids()
    assert closing not in indexed_ids("jobs")
    assert indexed_source("jobs", loaded_early)["title"] == "Quantum Pipeline Engineer"
    assert indexed_source("jobs", loaded_late)["title"] == "Quantum Lake Engineer"
    assert indexed_source("jobs", written["new"])["title"] == "Quantum Stream Engineer"
    assert not JobListing.objects.filter(search_pending=True).exists()
    statuses = {status.name: status for status in services.index_status()}
    assert not statuses["jobs"].drift
