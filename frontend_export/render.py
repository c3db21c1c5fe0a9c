"""Render planned pages into a release, on every core when there are many.

Rendering is pure CPU over data already in memory (no database access), so a
cold export forks one child per extra core after planning: each child renders
an interleaved share of the pages, writes the ones whose bytes changed into the
(unpublished) release folder, and reports back each page's content hash. The
parent renders its own share meanwhile, then collects the results. Plain
`os.fork` is used, not multiprocessing, because Celery's pool processes may not
start multiprocessing children; children leave with `os._exit` so that they
never close the parent's database connection.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Callable, Sequence

from django.template.loader import get_template

from frontend_export.manifest import Manifest, content_hash
from frontend_export.pages import PlannedPage
from frontend_export.storage import Release

# Below this many pages, forking costs more than it saves.
PARALLEL_MIN_PAGES = 100
# Charts cost far more than pages: a dozen is worth a fork.
PARALLEL_MIN_ITEMS = 12
MAX_PROCESSES = 8

Result = tuple[int, str, bool]  # (index in the batch given, content hash, bytes changed)


class RenderError(Exception):
    """A page failed to render; str(e) names the page and the reason."""


def available_cores() -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, MAX_PROCESSES))


def _render_share(
    items: Sequence[tuple[int, PlannedPage]],
    templates: dict,
    previous: Manifest,
    release: Release,
    progress: Callable[[int], None] | None = None,
) -> list[Result]:
    results: list[Result] = []
    for done, (index, page) in enumerate(items, start=1):
        try:
            html = templates[page.template].render(page.context()).encode()
        except Exception as exc:
            raise RenderError(f"rendering {page.url} failed: {type(exc).__name__}: {exc}") from exc
        digest = content_hash(html)
        old = previous.files.get(page.relpath)
        changed = old is None or old.sha256 != digest
        if changed:
            release.write(page.relpath, html)
        results.append((index, digest, changed))
        if progress is not None and done % 100 == 0:
            progress(done)
    return results


def render_pages(
    pages: Sequence[PlannedPage],
    *,
    previous: Manifest,
    release: Release,
    processes: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[tuple[str, bool]]:
    """Render `pages` into `release`; return (content hash, changed) per page, in order.

    `progress(n)` is called with an estimate of the pages done so far.
    """
    templates = {name: get_template(name) for name in {page.template for page in pages}}
    processes = processes or available_cores()
    if processes < 2 or len(pages) < PARALLEL_MIN_PAGES or not hasattr(os, "fork"):
        results = _render_share(list(enumerate(pages)), templates, previous, release, progress)
        return [(digest, changed) for _, digest, changed in results]

    shares = [[(i, pages[i]) for i in range(n, len(pages), processes)] for n in range(processes)]
    children: list[tuple[int, int]] = []
    try:
        for share in shares[1:]:
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: render, report, leave without running any cleanup
                os.close(read_end)
                try:
                    payload = ("ok", _render_share(share, templates, previous, release))
                except BaseException as exc:
                    payload = ("error", str(exc) if isinstance(exc, RenderError) else f"{type(exc).__name__}: {exc}")
                try:
                    with os.fdopen(write_end, "wb") as pipe:
                        pickle.dump(payload, pipe)
                finally:
                    os._exit(0)
            os.close(write_end)
            children.append((pid, read_end))
        mine = _render_share(
            shares[0], templates, previous, release, (lambda n: progress(n * processes)) if progress else None
        )
    except BaseException:
        _reap(children)
        raise
    results: dict[int, tuple[str, bool]] = {index: (digest, changed) for index, digest, changed in mine}
    errors: list[str] = []
    for pid, read_end in children:
        try:
            with os.fdopen(read_end, "rb") as pipe:
                status, payload = pickle.load(pipe)  # noqa: S301 - our own child, over our own pipe
        except EOFError:
            status, payload = "error", "a render process died"
        os.waitpid(pid, 0)
        if status == "ok":
            results.update({index: (digest, changed) for index, digest, changed in payload})
        else:
            errors.append(payload)
    if errors:
        raise RenderError(errors[0])
    return [results[i] for i in range(len(pages))]


def run_in_processes(func: Callable[[list], list], items: Sequence, *, processes: int | None = None) -> list:
    """`func` over `items` split into one share per core (forked like the page render); the
    results of every share, concatenated in share order. Small batches run in this process."""
    processes = processes or available_cores()
    if processes < 2 or len(items) < PARALLEL_MIN_ITEMS or not hasattr(os, "fork"):
        return func(list(items))
    shares = [list(items[n::processes]) for n in range(processes)]
    children: list[tuple[int, int]] = []
    try:
        for share in shares[1:]:
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read_end)
                try:
                    payload = ("ok", func(share))
                except BaseException as exc:
                    payload = ("error", f"{type(exc).__name__}: {exc}")
                try:
                    with os.fdopen(write_end, "wb") as pipe:
                        pickle.dump(payload, pipe)
                finally:
                    os._exit(0)
            os.close(write_end)
            children.append((pid, read_end))
        results = list(func(shares[0]))
    except BaseException:
        _reap(children)
        raise
    errors = []
    for pid, read_end in children:
        try:
            with os.fdopen(read_end, "rb") as pipe:
                status, payload = pickle.load(pipe)  # noqa: S301 - our own child, over our own pipe
        except EOFError:
            status, payload = "error", "a process died"
        os.waitpid(pid, 0)
        if status == "ok":
            results.extend(payload)
        else:
            errors.append(payload)
    if errors:
        raise RenderError(errors[0])
    return results


def _reap(children: list[tuple[int, int]]) -> None:
    for pid, read_end in children:
        with contextlib.suppress(OSError):
            os.close(read_end)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
