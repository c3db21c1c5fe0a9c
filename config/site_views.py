"""Serves the exported static site from EXPORT_DIR at `/` (the demo and small installs;
production serves the same folder with nginx)."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils._os import safe_join


def _resolve(path: str) -> Path | None:
    root = Path(settings.EXPORT_DIR)
    try:
        candidate = Path(safe_join(root, path))
    except Exception:  # SuspiciousFileOperation for paths leaving the root
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def exported_site(request, path: str = ""):
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    if path and not path.endswith("/") and _resolve(path) is None and _resolve(path + "/") is not None:
        return HttpResponse(status=301, headers={"Location": f"/{path}/"})
    found = _resolve(path)
    if found is None:
        not_found = _resolve("404.html")
        if not_found is None:
            raise Http404("Not in the exported site. Run `manage.py export_site`.")
        return HttpResponse(not_found.read_bytes(), status=404, content_type="text/html; charset=utf-8")
    content_type, _ = mimetypes.guess_type(found.name)
    response = FileResponse(found.open("rb"), content_type=content_type or "application/octet-stream")
    response["Cache-Control"] = "public, max-age=60"
    return response
