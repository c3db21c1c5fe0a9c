"""The writes of the jobs part, in one place for its callers (tasks, views, commands, other apps).

The code lives in modules by responsibility:

- `jobs.sync`: syncing one source: fetch, plan, apply, the listings'
  lifecycle, retries after failures and the sweep of interrupted runs;
- `jobs.bulk`: bulk writes to listings (COPY on PostgreSQL) and the write lock;
- `jobs.dedupe`: the de-duplication keys and the linking of duplicates;
- `jobs.classification`: the classification index from the path pages, the
  editors' overrides and the re-classification when patterns change;
- `jobs.hand_offs`: what is handed to search, the export and the skills tasks after commit;
- `jobs.skill_counts`: re-reading listings' skills when descriptions or the vocabulary change.
"""

from .bulk import WRITE_LOCK
from .classification import (
    RECLASSIFY_PENDING_KEY,
    PathIndex,
    listing_set_path_override,
    path_index,
    path_patterns_changed,
    reclassify_open_listings,
)
from .dedupe import dedupe_around, dedupe_open_listings, match_key, normalise_company, normalise_text
from .hand_offs import hand_offs_batched
from .skill_counts import (
    SKILLS_RECOUNT_PENDING_KEY,
    listing_skills_refresh,
    skill_vocabulary_changed,
    skills_recount,
)
from .sync import (
    CLOSE_AFTER_MISSING_RUNS,
    INTERRUPTED_REASON,
    MAX_CLOSE_SHARE,
    RETRY_BASE,
    RETRY_MAX,
    SyncBusy,
    payload_fields,
    source_mark_due,
    source_sync,
    sync_runs_sweep_interrupted,
)

__all__ = [
    "CLOSE_AFTER_MISSING_RUNS",
    "INTERRUPTED_REASON",
    "MAX_CLOSE_SHARE",
    "RECLASSIFY_PENDING_KEY",
    "RETRY_BASE",
    "RETRY_MAX",
    "SKILLS_RECOUNT_PENDING_KEY",
    "WRITE_LOCK",
    "PathIndex",
    "SyncBusy",
    "dedupe_around",
    "dedupe_open_listings",
    "hand_offs_batched",
    "listing_set_path_override",
    "listing_skills_refresh",
    "match_key",
    "normalise_company",
    "normalise_text",
    "path_index",
    "path_patterns_changed",
    "payload_fields",
    "reclassify_open_listings",
    "skill_vocabulary_changed",
    "skills_recount",
    "source_mark_due",
    "source_sync",
    "sync_runs_sweep_interrupted",
]
