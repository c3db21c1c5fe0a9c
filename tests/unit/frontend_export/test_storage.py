"""The local folder storage: releases assembled beside the live one, swapped atomically."""

from __future__ import annotations

import os

import pytest

from frontend_export.manifest import FileEntry, Manifest, content_hash
from frontend_export.storage import LocalFolderStorage


def _entry(data: bytes) -> FileEntry:
    return FileEntry(sha256=content_hash(data), signature="s", lastmod="2026-01-01T00:00:00+00:00")


def _publish(storage: LocalFolderStorage, previous: Manifest, files: dict[str, bytes],
             remove: tuple[str, ...] = ()) -> Manifest:
    release = storage.begin(previous)
    manifest = Manifest(files=dict(previous.files))
    for relpath, data in files.items():
        release.write(relpath, data)
        manifest.files[relpath] = _entry(data)
    for relpath in remove:
        release.remove(relpath)
        manifest.files.pop(relpath)
    release.commit(manifest)
    return storage.load_manifest()


def test_first_publish_makes_export_dir_a_link_to_a_release(tmp_path):
    storage = LocalFolderStorage(tmp_path / "site")
    manifest = _publish(storage, Manifest(), {"careers/index.html": b"hub"})
    assert (tmp_path / "site").is_symlink()
    assert (tmp_path / "site" / "careers" / "index.html").read_bytes() == b"hub"
    assert set(manifest.files) == {"careers/index.html"}
    assert manifest.release.startswith(storage.current_release().name + "-")


def test_manifest_is_kept_outside_the_public_folder(tmp_path):
    storage = LocalFolderStorage(tmp_path / "site")
    _publish(storage, Manifest(), {"index.html": b"home"})
    public = {p.name for p in (tmp_path / "site").iterdir()}
    assert public == {"index.html"}


def test_unchanged_files_keep_their_inode_across_releases(tmp_path):
    storage = LocalFolderStorage(tmp_path / "site")
    first = _publish(storage, Manifest(), {"a/index.html": b"a", "b/index.html": b"b"})
    before = os.stat(tmp_path / "site" / "a" / "index.html")
    _publish(storage, first, {"b/index.html": b"b2"})
    after = os.stat(tmp_path / "site" / "a" / "index.html")
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)
    assert (tmp_path / "site" / "b" / "index.html").read_bytes() == b"b2"


def test_writing_a_changed_file_never_touches_the_live_release(tmp_path):
    storage = LocalFolderStorage(tmp_path / "site")
    first = _publish(storage, Manifest(), {"b/index.html": b"old"})
    live = storage.current_release()
    second = _publish(storage, first, {"c/index.html": b"c"})
    release = storage.begin(second)  # the standby is the first tree again, sharing b's inode
    release.write("b/index.html", b"new")
    # Not committed yet: readers still see the old bytes through the link.
    assert (tmp_path / "site" / "b" / "index.html").read_bytes() == b"old"
    release.abort()
    assert storage.current_release() != live and storage.current_release() != release.dir


def test_removed_file_and_its_empty_folders_disappear(tmp_path):
    storage = LocalFolderStorage(tmp_path / "site")
    first = _publish(storage, Manifest(), {"jobs/x/1/index.html": b"job", "jobs/x/index.html": b"list"})
    _publish(storage, first, {}, remove=("jobs/x/1/index.html",))
    assert not (tmp_path / "site" / "jobs" / "x" / "1").exists()
    assert (tmp_path / "site" / "jobs" / "x" / "index.html").exists()


def test_two_trees_alternate_and_the_standby_catches_up_with_the_previous_export(tmp_path):
    storage = LocalFolderStorage(tmp_path / "site")
    first = _publish(storage, Manifest(), {"x/index.html": b"1", "y/index.html": b"y"})
    second = _publish(storage, first, {"x/index.html": b"2"})
    assert storage.current_release().name != first.release.split("-")[0]
    # The third export changes only z; tree a still holds x=1 and must catch up to x=2.
    _publish(storage, second, {"z/index.html": b"z"})
    site = tmp_path / "site"
    assert (site / "x" / "index.html").read_bytes() == b"2"
    assert (site / "y" / "index.html").read_bytes() == b"y"
    assert (site / "z" / "index.html").read_bytes() == b"z"
    assert sorted(p.name for p in storage.releases.iterdir() if p.is_dir()) == ["a", "b"]


def test_files_removed_by_the_previous_export_leave_the_standby_tree_too(tmp_path):
    storage = LocalFolderStorage(tmp_path / "site")
    first = _publish(storage, Manifest(), {"gone/index.html": b"g", "kept/index.html": b"k"})
    second = _publish(storage, first, {}, remove=("gone/index.html",))
    _publish(storage, second, {"new/index.html": b"n"})
    assert not (tmp_path / "site" / "gone").exists()
    assert (tmp_path / "site" / "kept" / "index.html").read_bytes() == b"k"


def test_an_aborted_export_makes_the_next_one_rebuild_the_standby_tree(tmp_path):
    storage = LocalFolderStorage(tmp_path / "site")
    first = _publish(storage, Manifest(), {"a/index.html": b"a1", "b/index.html": b"b1"})
    second = _publish(storage, first, {"a/index.html": b"a2"})
    release = storage.begin(second)
    release.write("b/index.html", b"half-done")
    release.abort()
    assert (tmp_path / "site" / "b" / "index.html").read_bytes() == b"b1"
    _publish(storage, second, {"c/index.html": b"c"})
    site = tmp_path / "site"
    assert [(site / n / "index.html").read_bytes() for n in "abc"] == [b"a2", b"b1", b"c"]


def test_a_plain_export_folder_is_adopted_then_replaced_by_the_link(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "stale.html").write_bytes(b"old")
    storage = LocalFolderStorage(tmp_path / "site")
    _publish(storage, Manifest(), {"index.html": b"new"})
    assert (tmp_path / "site").is_symlink()
    assert not (tmp_path / "site" / "stale.html").exists()


def test_paths_leaving_the_release_are_refused(tmp_path):
    storage = LocalFolderStorage(tmp_path / "site")
    release = storage.begin(Manifest())
    with pytest.raises(ValueError):
        release.write("../escape.html", b"x")
    with pytest.raises(ValueError):
        release.write("/etc/passwd", b"x")
    release.abort()


def test_unreadable_manifest_means_a_full_export(tmp_path):
    assert Manifest.from_bytes(b"{not json").files == {}
    assert Manifest.from_bytes(b'{"version": 1, "files": {}}').files == {}
    manifest = Manifest(files={"a": _entry(b"a")})
    assert Manifest.from_bytes(manifest.to_bytes()).files == manifest.files
