"""Where the exported site goes: a local folder (default) or an S3-compatible bucket.

Local folder (``EXPORT_DIR``, the default)
    ``EXPORT_DIR`` is a symbolic link to a release folder beside it
    (``.<name>-releases/<release>/``). An export assembles a new release next to
    the live one: every file of the previous release is hard-linked in (so
    unchanged files keep their inode and modification time and are never
    rewritten), changed files are written to a temporary name and renamed over
    their link, stale files are unlinked. The link is then replaced with one
    ``rename(2)``, which is atomic: a reader sees the old site or the new one,
    never a mix. A failed render deletes the half-built release and leaves the
    link alone. The previous release is kept so that requests already reading
    it finish; older ones are pruned. Web servers follow the link (nginx
    ``root /srv/export;``; ``config.site_views`` resolves it on every request).
    The manifest of each release is stored beside it, outside the public folder.

S3-compatible bucket (``EXPORT_S3_BUCKET``, optional)
    Set ``EXPORT_S3_BUCKET`` (and ``EXPORT_S3_ENDPOINT_URL`` for MinIO, Ceph,
    R2 and the like). Credentials come from the usual AWS variables
    (``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``, an instance role, or
    ``~/.aws``), read by boto3 through ``django-storages``. Changed files are
    rendered completely before anything is uploaded (a failed render uploads
    nothing); then new and changed pages are uploaded, the sitemap and hub last,
    and stale objects are deleted at the end, so no published link ever points at
    a missing object. A bucket has no atomic multi-object swap: for a strictly
    atomic switch put a CDN in front and purge after the export. The manifest
    lives at ``_export/manifest.json`` in the bucket; keep that prefix private.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from django.conf import settings

from frontend_export.manifest import Manifest

MANIFEST_SUFFIX = ".manifest.json"
KEEP_PREVIOUS_RELEASES = 1


class Release(Protocol):
    def write(self, relpath: str, data: bytes) -> None: ...
    def remove(self, relpath: str) -> None: ...
    def commit(self, manifest: Manifest) -> None: ...
    def abort(self) -> None: ...


class ExportStorage(Protocol):
    description: str

    def load_manifest(self) -> Manifest: ...
    def save_manifest(self, manifest: Manifest) -> None: ...
    def begin(self, previous: Manifest) -> Release: ...


def _release_name() -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:6]}"


def _check_relpath(relpath: str) -> str:
    parts = Path(relpath).parts
    if not parts or relpath.startswith("/") or ".." in parts:
        raise ValueError(f"not a relative export path: {relpath!r}")
    return relpath


class LocalRelease:
    def __init__(self, storage: LocalFolderStorage, previous: Manifest):
        self.storage = storage
        self.name = _release_name()
        self.dir = storage.releases / self.name
        self.dir.mkdir(parents=True)
        self._link_previous(previous)

    def _link_previous(self, previous: Manifest) -> None:
        current = self.storage.current_release()
        if current is None:
            return
        made: set[Path] = set()
        for relpath in previous.files:
            source = current / relpath
            target = self.dir / relpath
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            try:
                os.link(source, target)
            except FileNotFoundError:
                # Missing from the live release: the writer will produce it again.
                continue
            except OSError:
                shutil.copy2(source, target)

    def write(self, relpath: str, data: bytes) -> None:
        target = self.dir / _check_relpath(relpath)
        target.parent.mkdir(parents=True, exist_ok=True)
        # A new inode renamed over the hard link: the live release keeps its bytes.
        tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)

    def remove(self, relpath: str) -> None:
        target = self.dir / _check_relpath(relpath)
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        parent = target.parent
        while parent != self.dir:
            try:
                parent.rmdir()
            except OSError:
                break
            parent = parent.parent

    def commit(self, manifest: Manifest) -> None:
        manifest.release = self.name
        (self.storage.releases / f"{self.name}{MANIFEST_SUFFIX}").write_bytes(manifest.to_bytes())
        self.storage.swap_to(self.dir)
        self.storage.prune()

    def abort(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            (self.storage.releases / f"{self.name}{MANIFEST_SUFFIX}").unlink()


class LocalFolderStorage:
    """EXPORT_DIR as a symlink to the live release folder (see the module docstring)."""

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self.releases = self.root.parent / f".{self.root.name}-releases"
        self.description = f"folder {self.root}"

    def current_release(self) -> Path | None:
        if not self.root.is_symlink():
            return None
        target = self.root.resolve()
        return target if target.is_dir() else None

    def load_manifest(self) -> Manifest:
        current = self.current_release()
        if current is None:
            return Manifest()
        path = self.releases / f"{current.name}{MANIFEST_SUFFIX}"
        return Manifest.from_bytes(path.read_bytes() if path.is_file() else None)

    def save_manifest(self, manifest: Manifest) -> None:
        """Rewrite the live release's manifest (same files, newer signatures)."""
        current = self.current_release()
        if current is None:
            return
        path = self.releases / f"{current.name}{MANIFEST_SUFFIX}"
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
        tmp.write_bytes(manifest.to_bytes())
        os.replace(tmp, path)

    def begin(self, previous: Manifest) -> LocalRelease:
        self.releases.mkdir(parents=True, exist_ok=True)
        return LocalRelease(self, previous)

    def swap_to(self, release_dir: Path) -> None:
        self.root.parent.mkdir(parents=True, exist_ok=True)
        if self.root.exists() and not self.root.is_symlink():
            # A plain folder from an older install: move it aside once, after which
            # every swap is a single atomic rename of the link.
            os.rename(self.root, self.releases / f"adopted-{_release_name()}")
        link = self.root.parent / f".{self.root.name}.link-{uuid.uuid4().hex[:8]}"
        os.symlink(os.path.relpath(release_dir, self.root.parent), link)
        os.replace(link, self.root)

    def prune(self) -> None:
        """Delete every release but the live one and the newest one before it.

        Exports never run two at once (see `services.export_site`), so any other
        folder is an old release or the remains of a crashed export.
        """
        current = self.current_release()
        if current is None:
            return
        folders = [p for p in self.releases.iterdir() if p.is_dir()]
        older = sorted(
            (p for p in folders if p.name < current.name and not p.name.startswith("adopted-")),
            key=lambda p: p.name,
        )
        keep = {current.name, *(p.name for p in older[-KEEP_PREVIOUS_RELEASES:])}
        for folder in folders:
            if folder.name not in keep:
                shutil.rmtree(folder, ignore_errors=True)
                with contextlib.suppress(FileNotFoundError):
                    (self.releases / f"{folder.name}{MANIFEST_SUFFIX}").unlink()


class S3Release:
    """Collects the changes in a local temporary folder; uploads only on commit."""

    LAST = ("sitemap.xml", "careers/index.html", "robots.txt")

    def __init__(self, storage: S3ExportStorage):
        self.storage = storage
        self.staging = Path(tempfile.mkdtemp(prefix="export-s3-"))
        self.written: list[str] = []
        self.removed: list[str] = []

    def write(self, relpath: str, data: bytes) -> None:
        target = self.staging / _check_relpath(relpath)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.written.append(relpath)

    def remove(self, relpath: str) -> None:
        self.removed.append(_check_relpath(relpath))

    def commit(self, manifest: Manifest) -> None:
        from django.core.files.base import File

        bucket = self.storage.backend
        order = sorted(self.written, key=lambda p: (p in self.LAST, p))
        try:
            for relpath in order:
                with (self.staging / relpath).open("rb") as handle:
                    if bucket.exists(relpath):
                        bucket.delete(relpath)
                    bucket.save(relpath, File(handle))
            for relpath in self.removed:
                bucket.delete(relpath)
            manifest.release = _release_name()
            self.storage.save_manifest(manifest)
        finally:
            self.abort()

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


class S3ExportStorage:
    """An S3-compatible bucket through django-storages (see the module docstring)."""

    MANIFEST_KEY = "_export/manifest.json"

    def __init__(self, bucket: str, endpoint_url: str | None = None):
        from storages.backends.s3 import S3Storage

        self.backend = S3Storage(
            bucket_name=bucket,
            endpoint_url=endpoint_url,
            file_overwrite=True,
            querystring_auth=False,
            object_parameters={"CacheControl": "public, max-age=60"},
        )
        self.description = f"bucket s3://{bucket}" + (f" at {endpoint_url}" if endpoint_url else "")

    def load_manifest(self) -> Manifest:
        if not self.backend.exists(self.MANIFEST_KEY):
            return Manifest()
        with self.backend.open(self.MANIFEST_KEY, "rb") as handle:
            return Manifest.from_bytes(handle.read())

    def save_manifest(self, manifest: Manifest) -> None:
        from django.core.files.base import ContentFile

        if self.backend.exists(self.MANIFEST_KEY):
            self.backend.delete(self.MANIFEST_KEY)
        self.backend.save(self.MANIFEST_KEY, ContentFile(manifest.to_bytes()))

    def begin(self, previous: Manifest) -> S3Release:
        return S3Release(self)


def get_storage() -> ExportStorage:
    """The configured export storage: the bucket when EXPORT_S3_BUCKET is set, else EXPORT_DIR."""
    bucket = getattr(settings, "EXPORT_S3_BUCKET", None)
    if bucket:
        return S3ExportStorage(bucket, getattr(settings, "EXPORT_S3_ENDPOINT_URL", None))
    return LocalFolderStorage(settings.EXPORT_DIR)
