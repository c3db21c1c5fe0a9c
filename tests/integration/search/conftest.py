"""Fixtures for the search tests: career paths, listings made through the ORM, a private engine."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from jobs.models import JobListing, JobSource
from search import engine, indices


@pytest.fixture
def career_paths(db) -> dict:
    """The ten demo career paths (and the demo comparisons), loaded through the CMS command."""
    from cms.models import CareerPathPage

    call_command("load_demo_content", verbosity=0)
    return {page.slug: page for page in CareerPathPage.objects.live()}


@pytest.fixture
def job_source(db) -> JobSource:
    return JobSource.objects.create(
        name="Northwind", slug=f"northwind-{uuid.uuid4().hex[:6]}", kind="greenhouse", board="northwind"
    )


@pytest.fixture
def make_listing(job_source) -> Callable[..., JobListing]:
    """A listing row as a sync would write it (pending for search)."""

    def make(title: str = "Machine Learning Engineer", **fields) -> JobListing:
        now = timezone.now()
        fields.setdefault("external_id", uuid.uuid4().hex)
        fields.setdefault("url", f"https://boards.example.com/northwind/jobs/{fields['external_id']}")
        fields.setdefault("apply_url", f"https://boards.example.com/northwind/jobs/{fields['external_id']}/apply")
        fields.setdefault("company", "Northwind")
        fields.setdefault("locations", ["Berlin, Germany"])
        fields.setdefault("country_codes", ["DE"])
        fields.setdefault("workplace", "hybrid")
        fields.setdefault("description_text", f"We are hiring a {title}.")
        fields.setdefault("posted_at", now - timedelta(days=3))
        fields.setdefault("first_seen_at", now)
        fields.setdefault("last_seen_at", now)
        fields.setdefault("updated_at", now)
        fields.setdefault("content_hash", uuid.uuid4().hex)
        return JobListing.objects.create(source=job_source, title=title, **fields)

    return make


def bulk_listings(source: JobSource, count: int, *, title: str = "Data Engineer") -> list[int]:
    now = timezone.now()
    rows = [
        JobListing(
            source=source,
            external_id=f"bulk-{i}",
            title=f"{title} {i}",
            company="Northwind",
            locations=["Remote"],
            country_codes=["US"],
            workplace="remote",
            description_text="pipelines",
            posted_at=now - timedelta(hours=i),
            first_seen_at=now,
            last_seen_at=now,
            updated_at=now,
            content_hash=str(i),
        )
        for i in range(count)
    ]
    JobListing.objects.bulk_create(rows, batch_size=500)
    return list(JobListing.objects.filter(source=source).order_by("pk").values_list("pk", flat=True))


def indexed_ids(name: str) -> set[int]:
    """Every document id in the live version of `name`."""
    client = engine.get_client()
    client.indices.refresh(index=indices.alias_name(name))
    response = client.search(index=indices.alias_name(name), query={"match_all": {}}, size=10_000, source=False)
    return {int(hit["_id"]) for hit in response["hits"]["hits"]}


def indexed_source(name: str, pk: int) -> dict | None:
    client = engine.get_client()
    response = client.mget(index=indices.alias_name(name), ids=[str(pk)])
    doc = response["docs"][0]
    return doc["_source"] if doc.get("found") else None


@pytest.fixture
def clean_indices(search_engine_url) -> Iterator[None]:
    """Indices of this test's prefix are removed afterwards, so the shared engine stays small."""
    yield
    indices.delete_all(engine.get_client())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateEngine:
    """An embedded engine of one test, on a fixed port, that can be stopped and started again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        from osmem_server import OsmemServer

        self.server = OsmemServer.start(japanese=False, addr=f"127.0.0.1:{self.port}")
        engine.reset_client()

    def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server.process.wait(timeout=10)
            self.server = None
        engine.reset_client()


@pytest.fixture
def private_engine(search_engine_url, monkeypatch) -> Iterator[PrivateEngine]:
    """Points this process (and any worker started after it) at an engine of its own."""
    private = PrivateEngine()
    private.start()
    monkeypatch.setattr(settings, "ELASTICSEARCH_URL", private.url)
    monkeypatch.setenv("ELASTICSEARCH_URL", private.url)
    engine.reset_client()
    yield private
    private.stop()
    monkeypatch.undo()
    engine.reset_client()
