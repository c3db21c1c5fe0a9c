"""The Content-Security-Policy of the exported site, in one place.

Django sends it (django-csp) on the pages it serves from the export, and
`deploy/nginx.conf` sends the same policy in production. The site runs only
its own external scripts and calls only its own origin and the search API;
JSON-LD blocks are data, which the policy does not execute.
"""

from __future__ import annotations

from urllib.parse import urlsplit

SELF = "'self'"
NONE = "'none'"


def origin(url: str | None) -> str | None:
    """`scheme://host[:port]` of an absolute URL, or None for a relative or empty one."""
    if not url:
        return None
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def site_directives(*, search_api_url: str | None) -> dict[str, list[str]]:
    """Directives of the exported site: its own scripts, styles and images, and the search API."""
    connect = [SELF]
    search_origin = origin(search_api_url)
    if search_origin:
        connect.append(search_origin)
    return {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": connect,
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }


def header_value(directives: dict[str, list[str]]) -> str:
    """The directives as one header value, in the order given."""
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def parse(header: str) -> dict[str, list[str]]:
    """A policy header back as directives (django-csp writes them in no fixed order)."""
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


# Django's own pages (the Wagtail admin with its inline scripts, the API and its
# docs, Wagtail's page views) keep their own rules: the policy is the export's.
NOT_THE_EXPORT = ("/admin/", "/django-admin/", "/api/", "/pages/", "/documents/", "/healthz")
