"""Market tasks run by a real Celery worker: the daily snapshot and the re-count after an edit of
the skill vocabulary (enqueued on commit by the Skill signals, as an admin save does)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jobs.models import ListingSkill, MarketSnapshot, Skill
from jobs.tasks import market_snapshot

from .test_market import listing
from .test_worker import TASK_TIMEOUT, wait_for

pytestmark = pytest.mark.integration


@pytest.fixture
def board(transactional_db):
    from jobs.models import JobSource

    return JobSource.objects.create(name="Board", slug="board", kind="greenhouse", board="board")


def test_the_snapshot_task_writes_today_once(django_db_serialized_rollback, career_paths, board, celery_worker):
    listing(board, career_paths["data-engineer"])
    assert market_snapshot.delay().get(timeout=TASK_TIMEOUT) == len(career_paths)
    assert market_snapshot.delay().get(timeout=TASK_TIMEOUT) == len(career_paths)
    today = timezone.localdate()
    assert MarketSnapshot.objects.filter(date=today).count() == len(career_paths)
    assert MarketSnapshot.objects.get(path=career_paths["data-engineer"], date=today).open_jobs == 1


def test_adding_a_skill_recounts_open_listings(django_db_serialized_rollback, career_paths, board, celery_worker):
    mentioned = listing(board, career_paths["data-engineer"], description="Dataframes in Polars")
    skill = Skill.objects.create(name="Polars", category="data")
    wait_for(lambda: ListingSkill.objects.filter(skill=skill, listing=mentioned).exists(),
             what="the worker to count the new skill")
