"""The one place that knows the public (exported) URLs of the site.

The content API, the search index and the static export all link to these.
Paths are site-relative; `absolute()` prefixes SITE_URL.
"""

from __future__ import annotations

from django.conf import settings


def hub_url() -> str:
    return "/careers/"


def path_url(slug: str) -> str:
    return f"/careers/{slug}/"


def comparison_url(slug: str) -> str:
    return f"/compare/{slug}/"


def jobs_url(path_slug: str, page: int = 1) -> str:
    return f"/jobs/{path_slug}/" if page <= 1 else f"/jobs/{path_slug}/page/{page}/"


def jobs_data_url(path_slug: str) -> str:
    """The open jobs of a path as JSON: what the job list's filters run over in the browser."""
    return f"/jobs/{path_slug}/jobs.json"


def job_url(path_slug: str, listing_id: int) -> str:
    return f"/jobs/{path_slug}/{listing_id}/"


def salaries_url(path_slug: str) -> str:
    return f"/salaries/{path_slug}/"


def search_url() -> str:
    return "/search/"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"
