"""Hand on what a transaction changed, once, after it commits.

Signal receivers record items (page ids, say) while a transaction runs;
`flush` gets all of them in one call after the commit, and nothing if it
rolls back. Each record queues a small holder with Django's
`transaction.on_commit`, which drops the holders of a rolled-back transaction
or savepoint. The first holder to run after the commit flushes the items of
every holder still alive (only the committed ones are); the others find their
items already handed on.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable, Hashable

from django.db import DEFAULT_DB_ALIAS, transaction

logger = logging.getLogger(__name__)


class _Holder:
    __slots__ = ("__weakref__", "batch", "done", "item")

    def __init__(self, batch: CommitBatch, item: Hashable):
        self.batch = batch
        self.item = item
        self.done = False

    def __call__(self) -> None:
        if not self.done:
            self.batch._flush_alive()


class CommitBatch:
    """Collects items recorded during a transaction; `flush(sorted items)` runs once after it commits."""

    def __init__(self, flush: Callable[[list], None], *, name: str):
        self.flush = flush
        self.name = name
        self._local = threading.local()

    def _alive(self) -> weakref.WeakSet[_Holder]:
        alive = getattr(self._local, "holders", None)
        if alive is None:
            alive = self._local.holders = weakref.WeakSet()
        return alive

    def record(self, item: Hashable, *, using: str = DEFAULT_DB_ALIAS) -> None:
        """Hand `item` on after the current transaction commits (at once outside a transaction)."""
        holder = _Holder(self, item)
        self._alive().add(holder)
        # The holder lives only in Django's on-commit queue: a rollback discards it, and
        # the weak set forgets it with it.
        transaction.on_commit(holder, using=using, robust=True)

    def _flush_alive(self) -> None:
        alive = self._alive()
        holders = list(alive)
        alive.clear()
        for holder in holders:
            holder.done = True
        items = sorted({holder.item for holder in holders})
        if not items:
            return
        try:
            self.flush(items)
        except Exception:
            # The commit stands; the receiver's own catch-up (pending flags, the nightly export) follows.
            logger.exception("%s could not take %s", self.name, items)
