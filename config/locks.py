"""Named, expiring locks shared by every process of one installation.

Redis locks when a Redis URL is configured; otherwise `fcntl` locks on files
under `var/locks/`, which work across the processes of one machine (the
embedded default).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
from collections.abc import Iterator

from django.conf import settings

# A blocked waiter polls Redis this often (seconds). redis-py's default, 0.1 s, cost each
# sync that waited for the jobs write lock up to a tenth of a second more than the wait.
POLL_INTERVAL = 0.005


class LockNotAcquired(Exception):
    """Another process holds the lock."""


@functools.lru_cache(maxsize=4)
def _redis(url: str):
    """One client (and connection pool) per process and URL; redis-py re-opens its
    connections in a forked child."""
    import redis

    return redis.Redis.from_url(url)


@contextlib.contextmanager
def hold(name: str, *, timeout: int = 600, blocking: bool = False) -> Iterator[None]:
    """Hold the lock `name` for the duration of the block, or raise LockNotAcquired.

    `timeout` bounds how long a Redis lock outlives a crashed holder; file
    locks are released by the kernel when their holder dies.
    """
    if settings.REDIS_URL:
        lock = _redis(settings.REDIS_URL).lock(
            f"{settings.CACHE_KEY_PREFIX}:lock:{name}", timeout=timeout, sleep=POLL_INTERVAL)
        if not lock.acquire(blocking=blocking):
            raise LockNotAcquired(name)
        try:
            yield
        finally:
            with contextlib.suppress(Exception):
                lock.release()
        return
    settings.LOCK_DIR.mkdir(parents=True, exist_ok=True)
    fd = os.open(settings.LOCK_DIR / f"{name}.lock", os.O_CREAT | os.O_RDWR, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            raise LockNotAcquired(name) from None
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
