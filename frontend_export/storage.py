"""Where the exported site goes: a local folder (default) or an S3-compatible bucket.

Local folder (``EXPORT_DIR``, the default)
    ``EXPORT_DIR`` is a symbolic link to one of two trees beside it
    (``.<name>-releases/a/`` and ``.../b/``): the live one and a standby one
    that is one export behind. An export brings the standby tree up to date
    (changed files written as new files, files changed by the previous export
    hard-linked from the live tree, stale files unlinked: work in proportion to
    what changed, not to the size of the site) and then replaces the link with
    one ``rename(2)``, which is atomic: a reader sees the old site or the new one,
    never a mix. Unchanged files are never rewritten and keep their inode. A failed
    render leaves the link alone; the standby tree it touched loses its manifest,
    so the next export rebuilds it from the live one. The tree that just went
    standby is only modified by the next export, seconds later at the earliest,
    so requests that were reading it finish undisturbed. Web servers follow the
    link (nginx ``root /srv/export;``; ``config.site_views`` resolves it on every
    request). Each tree's manifest is stored beside it, outside the public folder.

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
    if not relpath or relpath.startswith("/") or ".." in relpath.split("/"):
        raise ValueError(f"not a relative export path: {relpath!r}")
    return relpath


class LocalRelease:
    """The standby tree being brought up to date; published by swapping the link to it."""

    def __init__(self, storage: LocalFolderStorage, live: Manifest):
        self.storage = storage
        self.live = live
        self.live_dir = storage.current_release()
        self.dir = storage.standby_dir()
        self.name = self.dir.name
        self._root = str(self.dir)
        self.standby = storage.read_manifest(self.dir)
        if not self.standby.files and self.dir.exists():
            # Unknown contents (a failed export, or an older layout): start it over.
            shutil.rmtree(self.dir)
        # From here until commit the standby tree is in flux: forget its manifest first,
        # so that a crash or a failed render can never leave a tree that claims to be complete.
        with contextlib.suppress(FileNotFoundError):
            storage.manifest_path(self.dir).unlink()
        self.dir.mkdir(parents=True, exist_ok=True)
        self._folders: set[str] = {self._root}
        self.touched = False

    def _target(self, relpath: str) -> str:
        self.touched = True
        target = os.path.join(self._root, _check_relpath(relpath))
        folder = os.path.dirname(target)
        if folder not in self._folders:
            self._folders.add(folder)
            # One mkdir for the common case (a job page's own folder under an existing
            # one); makedirs, which checks every level, only when a parent is missing.
            try:
                os.mkdir(folder)
            except FileExistsError:
                pass
            except FileNotFoundError:
                os.makedirs(folder, exist_ok=True)
            else:
                return target  # a folder this export just made holds nothing to replace
        # The file may be a hard link shared with the live tree: unlink it and make a
        # new one, never write through the link.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target)
        return target

    def write(self, relpath: str, data: bytes) -> None:
        with open(self._target(relpath), "xb") as handle:
            handle.write(data)

    def remove(self, relpath: str) -> None:
        self.touched = True
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

    def _catch_up(self, manifest: Manifest) -> None:
        """Bring the files this export did not write to the new state.

        A file whose new hash differs from the live one was written by this export.
        One that equals the live one but not the standby's (changed by the previous
        export) is hard-linked from the live tree: same bytes, no copy. Files the
        standby has but the new state does not are removed.
        """
        for relpath, entry in manifest.files.items():
            standby = self.standby.files.get(relpath)
            if standby is not None and standby.sha256 == entry.sha256:
                continue
            live = self.live.files.get(relpath)
            if live is None or live.sha256 != entry.sha256 or self.live_dir is None:
                continue  # written by this export
            os.link(os.path.join(str(self.live_dir), relpath), self._target(relpath))
        for relpath in set(self.standby.files) - set(manifest.files):
            self.remove(relpath)

    def commit(self, manifest: Manifest) -> None:
        self._catch_up(manifest)
        manifest.release = f"{self.name}-{_release_name()}"
        self.storage.write_manifest(self.dir, manifest)
        self.storage.swap_to(self.dir)
        if self.live_dir is None:
            # The first export: give it a standby twin now (hard links, no copies), so that
            # every later export costs what it changes, never the size of the site.
            self.storage.mirror(self.dir, manifest)

    def abort(self) -> None:
        """Leave the live tree alone. An untouched standby tree keeps its manifest; one this
        export wrote to has none, so the next export rebuilds it from the live one."""
        if not self.touched and self.standby.files:
            self.storage.write_manifest(self.dir, self.standby)


# Manifests this process read or wrote last, by file identity (see `read_manifest`).
_MANIFESTS: dict[tuple, Manifest] = {}
MANIFESTS_KEPT = 4


def _remember_manifest(key: tuple, manifest: Manifest) -> None:
    _MANIFESTS[key] = manifest
    while len(_MANIFESTS) > MANIFESTS_KEPT:
        del _MANIFESTS[next(iter(_MANIFESTS))]


class LocalFolderStorage:
    """EXPORT_DIR as a symlink to one of two trees (see the module docstring)."""

    TREES = ("a", "b")

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self.releases = self.root.parent / f".{self.root.name}-releases"
        self.description = f"folder {self.root}"

    def current_release(self) -> Path | None:
        if not self.root.is_symlink():
            return None
        target = self.root.resolve()
        return target if target.is_dir() else None

    def standby_dir(self) -> Path:
        current = self.current_release()
        name = "b" if current is not None and current.name == "a" else "a"
        return self.releases / name

    def manifest_path(self, tree: Path) -> Path:
        return self.releases / f"{tree.name}{MANIFEST_SUFFIX}"

    def read_manifest(self, tree: Path) -> Manifest:
        """The manifest of `tree`, parsed again only when its file changed.

        An export reads two manifests of ten thousand entries (the live tree's and the
        standby's), which costs more than rendering the pages one edit changes. The
        ones this process last read or wrote are kept, keyed by the file's identity
        (inode, size, modification time), which every rewrite changes: it is replaced,
        never written in place. Callers only read them.
        """
        path = self.manifest_path(tree)
        try:
            info = path.stat()
        except FileNotFoundError:
            return Manifest()
        key = (str(path), info.st_ino, info.st_size, info.st_mtime_ns)
        manifest = _MANIFESTS.get(key)
        if manifest is None:
            manifest = Manifest.from_bytes(path.read_bytes())
            _remember_manifest(key, manifest)
        return manifest

    def write_manifest(self, tree: Path, manifest: Manifest) -> None:
        path = self.manifest_path(tree)
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
        tmp.write_bytes(manifest.to_bytes())
        info = tmp.stat()
        os.replace(tmp, path)
        _remember_manifest((str(path), info.st_ino, info.st_size, info.st_mtime_ns), manifest)

    def load_manifest(self) -> Manifest:
        current = self.current_release()
        return self.read_manifest(current) if current is not None else Manifest()

    def save_manifest(self, manifest: Manifest) -> None:
        """Rewrite the live tree's manifest (same files, newer signatures)."""
        current = self.current_release()
        if current is not None:
            self.write_manifest(current, manifest)

    def mirror(self, tree: Path, manifest: Manifest) -> None:
        """Make the other tree a hard-linked copy of `tree`."""
        other = self.releases / ("b" if tree.name == "a" else "a")
        shutil.rmtree(other, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            self.manifest_path(other).unlink()
        folders: set[str] = set()
        for relpath in manifest.files:
            target = os.path.join(str(other), relpath)
            folder = os.path.dirname(target)
            if folder not in folders:
                os.makedirs(folder, exist_ok=True)
                folders.add(folder)
            os.link(os.path.join(str(tree), relpath), target)
        self.write_manifest(other, manifest)

    def begin(self, previous: Manifest) -> LocalRelease:
        self.releases.mkdir(parents=True, exist_ok=True)
        return LocalRelease(self, previous)

    def swap_to(self, tree: Path) -> None:
        self.root.parent.mkdir(parents=True, exist_ok=True)
        if self.root.exists() and not self.root.is_symlink():
            # A plain folder from an older install: moved aside once (and deleted), after
            # which every swap is a single atomic rename of the link.
            aside = self.releases / f"adopted-{_release_name()}"
            os.rename(self.root, aside)
            shutil.rmtree(aside, ignore_errors=True)
        link = self.root.parent / f".{self.root.name}.link-{uuid.uuid4().hex[:8]}"
        os.symlink(os.path.relpath(tree, self.root.parent), link)
        os.replace(link, self.root)


class S3Release:
    """Collects the changes in a local temporary folder; uploads only on commit."""

    LAST = ("sitemap.xml", "careers/index.html", "robots.txt")

    def __init__(self, storage: S3ExportStorage):
        self.storage = storage
        self.staging = Path(tempfile.mkdtemp(prefix="export-s3-"))
        self.removed: list[str] = []

    def write(self, relpath: str, data: bytes) -> None:
        target = self.staging / _check_relpath(relpath)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def remove(self, relpath: str) -> None:
        self.removed.append(_check_relpath(relpath))

    def commit(self, manifest: Manifest) -> None:
        from django.core.files.base import File

        bucket = self.storage.backend
        # Render processes write into the staging folder too, so upload what is there.
        written = [p.relative_to(self.staging).as_posix() for p in self.staging.rglob("*") if p.is_file()]
        order = sorted(written, key=lambda p: (p in self.LAST, p))
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
