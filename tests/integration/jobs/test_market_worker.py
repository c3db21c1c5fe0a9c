"""Market tasks run by a real Celery worker: the daily snapshot, the skills refresh a sync
enqueues after commit, and the re-count after an edit of the skill vocabulary (enqueued on
commit by the Skill signals, as an admin save does)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jobs import market, services
from jobs.models import ListingSkill, MarketSnapshot, Skill
from jobs.tasks import market_snapshot

from .conftest import greenhouse_job
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


def _skill_counts() -> dict[str, int]:
    return {item["skill"]: item["count"] for item in market.path_skills(["data-engineer"])["data-engineer"]}


def test_a_sync_refreshes_the_skills_of_the_listings_it_writes(
    django_db_serialized_rollback, career_paths, feeds, make_source, celery_worker
):
    posts = [
        greenhouse_job(1, title="Data Engineer", content="&lt;p&gt;Airflow, dbt and SQL&lt;/p&gt;"),
        greenhouse_job(2, title="Data Engineer", content="&lt;p&gt;Spark on k8s&lt;/p&gt;"),
        greenhouse_job(3, title="Data Engineer", content="&lt;p&gt;SQL only&lt;/p&gt;"),
        greenhouse_job(4, title="Data Engineer", content="&lt;p&gt;Nothing in the vocabulary&lt;/p&gt;"),
    ]
    feeds.greenhouse("northwind", posts)
    source = make_source()
    assert services.source_sync(source_id=source.pk).status == "ok"
    expected = {"SQL": 2, "Airflow": 1, "dbt": 1, "Spark": 1, "Kubernetes": 1}
    wait_for(lambda: _skill_counts() == expected, what="the worker to read the new listings' skills")
    assert market.path_skills(["data-engineer"])["data-engineer"][0] == {
        "skill": "SQL", "category": "language", "count": 2, "share": 0.5
    }
    # The second job drops Spark for PyTorch; only it is re-read.
    posts[1] = greenhouse_job(2, title="Data Engineer", content="&lt;p&gt;PyTorch on k8s&lt;/p&gt;")
    feeds.greenhouse("northwind", posts)
    unchanged = set(ListingSkill.objects.exclude(listing__external_id="7000002").values_list("pk", flat=True))
    assert services.source_sync(source_id=source.pk).status == "ok"
    wait_for(lambda: "Spark" not in _skill_counts() and _skill_counts().get("PyTorch") == 1,
             what="the worker to re-read the changed listing")
    assert unchanged <= set(ListingSkill.objects.values_list("pk", flat=True))
