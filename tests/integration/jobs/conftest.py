"""Fixtures for the jobs sync tests: career paths, feeds served over local HTTP, table dumps."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from werkzeug import Request, Response

from jobs.models import JobListing, JobSource

COMPANY = "Northwind Analytics"
TITLES = [
    "Senior Machine Learning Engineer",
    "Data Engineer",
    "Data Scientist",
    "MLOps Engineer",
    "LLM Engineer",
    "RAG Engineer",
    "Data Analyst",
    "AI Research Scientist",
    "AI Engineer",
    "Staff Data Engineer",
]
CITIES = ["Berlin, Germany", "London, United Kingdom", "New York, NY", "Toronto, ON, Canada", "Remote"]


def greenhouse_job(
    number: int,
    *,
    title: str | None = None,
    salary: tuple[int, int, str] | None = None,
    location: str | None = None,
    group: int | None = None,
    content: str | None = None,
) -> dict:
    """One post in the shape of the Greenhouse Job Board API (`?content=true`)."""
    posted = datetime(2026, 9, 1, 9, 0, tzinfo=UTC) + timedelta(hours=number)
    metadata = []
    if salary:
        low, high, currency = salary
        metadata = [
            {"id": 1, "name": "Pay Frequency", "value": "Annual", "value_type": "single_select"},
            {
                "id": 2,
                "name": "Pay Transparency Range",
                "value_type": "currency_range",
                "value": {"unit": currency, "min_value": f"{low}.0", "max_value": f"{high}.0"},
            },
        ]
    return {
        "id": 7_000_000 + number,
        "internal_job_id": group if group is not None else 9_000_000 + number,
        "title": title or TITLES[number % len(TITLES)],
        "company_name": COMPANY,
        "location": {"name": location or CITIES[number % len(CITIES)]},
        "absolute_url": f"https://boards.example/northwind/jobs/{7_000_000 + number}",
        "updated_at": posted.isoformat(),
        "first_published": posted.isoformat(),
        "requisition_id": None,
        "language": "en",
        "metadata": metadata,
        "content": content or f"&lt;p&gt;Job number {number}: build &amp;amp; ship data systems.&lt;/p&gt;",
        "departments": [],
        "offices": [],
    }


def greenhouse_board(jobs: list[dict]) -> dict:
    return {"jobs": jobs, "meta": {"total": len(jobs)}}


class FeedServer:
    """Serves feeds over local HTTP; what a path answers can change between runs."""

    def __init__(self, httpserver):
        self.server = httpserver
        self.routes: dict[str, Callable[[Request], Response]] = {}
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()

    @property
    def base_url(self) -> str:
        return self.server.url_for("/").rstrip("/")

    def _register(self, path: str, respond: Callable[[Request], Response]) -> None:
        new = path not in self.routes
        self.routes[path] = respond
        if new:
            self.server.expect_request(path).respond_with_handler(
                lambda request, path=path: self._answer(path, request)
            )

    def _answer(self, path: str, request: Request) -> Response:
        with self.lock:
            self.hits[path] = self.hits.get(path, 0) + 1
        return self.routes[path](request)

    def json(self, path: str, data, *, status: int = 200) -> None:
        body = json.dumps(data)
        self._register(path, lambda request: Response(body, status=status, content_type="application/json"))

    def raw(self, path: str, body: bytes | str, *, content_type: str = "application/json") -> None:
        self._register(path, lambda request: Response(body, status=200, content_type=content_type))

    def greenhouse(self, token: str, jobs: list[dict]) -> None:
        self.json(f"/v1/boards/{token}/jobs", greenhouse_board(jobs))

    def slow(self, path: str, release: threading.Event, body) -> None:
        """Answer only once `release` is set (or after 60 s): a sync stays in its fetch until then."""

        def respond(request: Request) -> Response:
            release.wait(timeout=60)
            return Response(json.dumps(body), status=200, content_type="application/json")

        self._register(path, respond)


@pytest.fixture
def feeds(httpserver) -> FeedServer:
    return FeedServer(httpserver)


@pytest.fixture
def career_paths(db) -> dict:
    """The ten career paths with the demo title patterns, live under a hub (without the articles)."""
    from wagtail.models import Page

    from cms import demo_data
    from cms.models import CareerPathPage, CareersHubPage, HomePage

    home = Page.get_first_root_node().add_child(instance=HomePage(title="Home", slug="jobs-test-home"))
    hub = home.add_child(instance=CareersHubPage(title="Careers", slug="careers"))
    paths = {}
    for spec in demo_data.PATHS:
        page = hub.add_child(
            instance=CareerPathPage(
                title=spec["title"],
                slug=spec["slug"],
                role_name=spec["role_name"],
                summary=spec["summary"],
                title_patterns="\n".join(spec["patterns"]),
                live=True,
            )
        )
        paths[page.slug] = page
    return paths


@pytest.fixture
def demo_career_paths(db) -> dict:
    """The full demo content, loaded through the CMS command, as `make demo` does."""
    from cms.models import CareerPathPage

    call_command("load_demo_content", verbosity=0)
    return {page.slug: page for page in CareerPathPage.objects.live()}


@pytest.fixture
def make_source(feeds) -> Callable[..., JobSource]:
    def make(slug: str = "northwind", kind: str = "greenhouse", board: str = "northwind", **extra) -> JobSource:
        extra.setdefault("base_url", feeds.base_url)
        return JobSource.objects.create(name=slug.title(), slug=slug, kind=kind, board=board, **extra)

    return make


def dump_listings() -> list[dict]:
    """Every column of every listing, in id order: two dumps are equal iff nothing was written.

    Except `search_pending`: the search part's worker clears it whenever it has
    indexed a listing, which can happen between two dumps.
    """
    rows = list(JobListing.objects.order_by("pk").values())
    for row in rows:
        row.pop("search_pending")
    return rows
