"""Hand-offs to a real Celery worker, and the engine going away during a sync."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command

from jobs.models import JobListing, JobSource
from jobs.selectors import open_canonical_listings
from search import services
from search.models import Synonym

from .conftest import indexed_ids, indexed_source

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("clean_indices"),
]


def wait_for(condition: Callable[[], bool], timeout: float = 60, message: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {message}")


def worker_log_since(worker, offset: int) -> str:
    return worker.log.read_bytes()[offset:].decode(errors="replace")


def open_ids() -> set[int]:
    return set(open_canonical_listings().values_list("pk", flat=True))


def greenhouse_board(jobs: list[tuple[int, str]]) -> dict:
    posted = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    return {
        "jobs": [
            {
                "id": number,
                "internal_job_id": 50_000 + number,
                "title": title,
                "company_name": "Northwind",
                "location": {"name": "Berlin, Germany"},
                "absolute_url": f"https://boards.example/northwind/jobs/{number}",
                "updated_at": (posted + timedelta(hours=number)).isoformat(),
                "first_published": (posted + timedelta(hours=number)).isoformat(),
                "requisition_id": None,
                "metadata": [],
                "departments": [],
                "offices": [],
                "content": f"&lt;p&gt;{title}: build retrieval and language model systems.&lt;/p&gt;",
            }
            for number, title in jobs
        ],
        "meta": {"total": len(jobs)},
    }


def serve_board(httpserver, jobs: list[tuple[int, str]]) -> None:
    httpserver.clear()
    httpserver.expect_request("/v1/boards/northwind/jobs").respond_with_json(greenhouse_board(jobs))


def test_a_sync_hands_its_listings_to_the_worker_which_indexes_them(career_paths, celery_worker, httpserver):
    services.rebuild()
    JobSource.objects.create(
        name="Northwind",
        slug="northwind",
        kind="greenhouse",
        board="northwind",
        base_url=httpserver.url_for("/").rstrip("/"),
    )
    serve_board(httpserver, [(1, "LLM Engineer"), (2, "RAG Engineer"), (3, "Data Analyst")])
    call_command("sync_jobs", verbosity=0)
    wait_for(lambda: indexed_ids("jobs") == open_ids() and len(open_ids()) == 3, message="the listings indexed")
    wait_for(lambda: not JobListing.objects.filter(search_pending=True).exists(), message="pending flags cleared")


def test_publishing_a_page_reindexes_it_through_the_worker(career_paths, celery_worker):
    services.rebuild(["roles"])
    page = career_paths["data-analyst"]
    page.summary = "Turns data into decisions with dashboards and quasar metrics."
    page.save_revision().publish()
    wait_for(lambda: "quasar" in indexed_source("roles", page.pk)["summary"], message="the page reindexed")
    page.unpublish()
    wait_for(lambda: page.pk not in indexed_ids("roles"), message="the unpublished page removed")


def test_editing_synonyms_rebuilds_the_indices_through_the_worker(career_paths, make_listing, celery_worker):
    listing = make_listing("Kubeflow Specialist")
    services.rebuild()
    assert "orchestration" not in indexed_source("jobs", listing.pk)["title_terms"]
    Synonym.objects.create(terms="Kubeflow, ML orchestration")
    wait_for(
        lambda: "ML orchestration" in indexed_source("jobs", listing.pk)["title_terms"],
        timeout=90,
        message="the rebuild with the new synonym",
    )


def test_the_engine_stopped_during_a_sync_catches_up_after_update(
    private_engine, career_paths, celery_worker, httpserver
):
    JobSource.objects.create(
        name="Northwind",
        slug="northwind",
        kind="greenhouse",
        board="northwind",
        base_url=httpserver.url_for("/").rstrip("/"),
    )
    serve_board(httpserver, [(1, "LLM Engineer"), (2, "RAG Engineer"), (3, "Data Analyst")])
    call_command("sync_jobs", verbosity=0)
    call_command("search_index", "rebuild")
    assert indexed_ids("jobs") == open_ids()

    private_engine.stop()
    offset = celery_worker.log.stat().st_size
    serve_board(
        httpserver,
        [
            (1, "Staff LLM Engineer"),
            (2, "RAG Engineer"),
            (3, "Data Analyst"),
            (4, "MLOps Engineer"),
            (5, "Data Scientist"),
        ],
    )
    call_command("sync_jobs", verbosity=0)  # commits although search cannot be reached
    assert JobListing.objects.filter(title="Staff LLM Engineer").exists()
    assert JobListing.objects.filter(search_pending=True).count() == 3
    # The worker's record of the hand-off: it ran the indexing task, could not reach the engine,
    # and reported the three listings as left pending.
    finished = re.compile(r"Task search\.index_listings\[[0-9a-f-]+\] succeeded in [0-9.]+s: (\{.*\})")
    wait_for(lambda: finished.search(worker_log_since(celery_worker, offset)), timeout=90,
             message="the worker to finish the indexing task")
    assert finished.search(worker_log_since(celery_worker, offset)).group(1) == "{'pending': 3}"
    assert JobListing.objects.filter(search_pending=True).count() == 3

    private_engine.start()  # an empty engine, as after a crash of the in-memory one
    call_command("search_index", "update")
    assert indexed_ids("jobs") == open_ids() and len(open_ids()) == 5
    staff = JobListing.objects.get(title="Staff LLM Engineer")
    assert indexed_source("jobs", staff.pk)["title"] == "Staff LLM Engineer"
    assert not JobListing.objects.filter(search_pending=True).exists()
    call_command("search_index", "status")  # exits non-zero on drift
