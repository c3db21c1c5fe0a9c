"""Signals the jobs part sends; search and the export subscribe in their own apps' `ready()`."""

from django.dispatch import Signal

# Sent after a sync's transaction commits, with `listing_ids` (listings created, changed or
# closed) and `path_slugs` (the career paths whose listings changed).
listings_changed = Signal()
