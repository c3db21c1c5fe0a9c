"""Serves the exported static site from EXPORT_DIR at `/` (the demo and small installs;
production serves the same folder with nginx)."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils._os import safe_join

from config import csp


def _within_export(path: str) -> Path | None:
    try:
        return Path(safe_join(Path(settings.EXPORT_DIR), path))
    except Exception:  # SuspiciousFileOperation for paths leaving the export folder
        return None


def _not_found() -> HttpResponse:
    page = _within_export("404.html")
    if page is None or not page.is_file():
        raise Http404("Not in the exported site. Run `manage.py export_site`.")
    response = HttpResponse(page.read_bytes(), status=404, content_type="text/html; charset=utf-8")
    # django-csp leaves 404s alone with DEBUG on (for Django's debug page); this one is the site's own.
    response["Content-Security-Policy"] = csp.header_value(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
    return response


def exported_site(request, path: str = ""):
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    target = _within_export(path)
    if target is None:
        return _not_found()
    if target.is_dir():
        if path and not path.endswith("/"):
            return HttpResponse(status=301, headers={"Location": f"/{path}/"})
        target = target / "index.html"
    if not target.is_file():
        return _not_found()
    content_type, _ = mimetypes.guess_type(target.name)
    response = FileResponse(target.open("rb"), content_type=content_type or "application/octet-stream")
    response["Cache-Control"] = "public, max-age=60"
    return response
