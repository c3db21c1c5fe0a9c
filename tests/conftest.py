"""Shared fixtures: one search engine per test run, a per-run broker queue,
and a real Celery worker for integration tests.

Settings are imported before this file, so what a run changes it changes
both in `settings` (this process) and in `os.environ` (the worker it starts).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
RUN_ID = uuid.uuid4().hex[:8]


def _isolate_run() -> None:
    """Give this run its own queue, broker folder, cache prefix and lock names."""
    queue = f"test-{RUN_ID}"
    prefix = f"test-{RUN_ID}"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    settings.CACHE_KEY_PREFIX = prefix
    settings.CACHES["default"]["KEY_PREFIX"] = prefix
    settings.LOCK_DIR = Path(settings.VAR_DIR) / f"locks-{RUN_ID}"
    os.environ["LOCK_DIR"] = str(settings.LOCK_DIR)
    os.environ["CELERY_TASK_DEFAULT_QUEUE"] = queue
    os.environ["CACHE_KEY_PREFIX"] = prefix
    from config.celery import app

    app.conf.task_default_queue = queue
    if not settings.REDIS_URL:
        broker_dir = Path(settings.VAR_DIR) / f"celery-{RUN_ID}"
        for sub in ("out", "processed", "results", "control"):
            (broker_dir / sub).mkdir(parents=True, exist_ok=True)
        os.environ["CELERY_BROKER_DIR"] = str(broker_dir)
        options = dict(settings.CELERY_BROKER_TRANSPORT_OPTIONS)
        options.update(data_folder_in=str(broker_dir / "out"), data_folder_out=str(broker_dir / "out"),
                       processed_folder=str(broker_dir / "processed"), control_folder=str(broker_dir / "control"))
        app.conf.broker_transport_options = options
        app.conf.result_backend = f"file://{broker_dir / 'results'}"


def pytest_unconfigure(config):
    """Remove this run's broker folder and locks; worker logs stay in var/ for reading."""
    import shutil

    for folder in (Path(settings.VAR_DIR) / f"celery-{RUN_ID}", Path(settings.VAR_DIR) / f"locks-{RUN_ID}"):
        shutil.rmtree(folder, ignore_errors=True)


def pytest_configure(config):
    _isolate_run()
    os.environ["JOBS_ALLOW_PRIVATE_FEEDS"] = "1"
    settings.JOBS_ALLOW_PRIVATE_FEEDS = True


@pytest.fixture(scope="session")
def search_engine_url():
    """The engine of this run: ELASTICSEARCH_URL, or an embedded engine started now."""
    from search import engine

    if settings.ELASTICSEARCH_URL:
        yield settings.ELASTICSEARCH_URL
        return
    url = engine.start_embedded()
    settings.ELASTICSEARCH_URL = url
    settings.ELASTICSEARCH_PLAIN_JSON = True
    os.environ["ELASTICSEARCH_URL"] = url
    os.environ["ELASTICSEARCH_PLAIN_JSON"] = "1"
    engine.reset_client()
    yield url
    engine.stop_embedded()
    settings.ELASTICSEARCH_URL = None
    os.environ.pop("ELASTICSEARCH_URL", None)
    engine.reset_client()


@pytest.fixture(autouse=True)
def _search_prefix(request, settings):
    """Each test writes to indices of its own, so tests never see each other's documents."""
    settings.SEARCH_INDEX_PREFIX = f"t{RUN_ID}-{uuid.uuid4().hex[:6]}"


def _database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    auth = db["USER"] or ""
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}{port}/{db['NAME']}"


class Worker:
    """A real `celery worker` process consuming this run's queue."""

    def __init__(self, env: dict[str, str]):
        self.env = env
        self.process: subprocess.Popen | None = None
        self.log = Path(settings.VAR_DIR) / f"worker-{RUN_ID}.log"

    def start(self) -> None:
        queue = settings.CELERY_TASK_DEFAULT_QUEUE
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue, "-c", "2",
             "--pool", "prefork", "--without-heartbeat", "--without-mingle", "--without-gossip",
             "-l", "INFO", "-n", f"test-{RUN_ID}-{uuid.uuid4().hex[:4]}@%h"],
            cwd=ROOT, env=self.env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so that kill() reaches every child
        )
        from config.celery import ping

        result = ping.delay()
        try:
            assert result.get(timeout=60) == "pong"
        except Exception:
            self.stop()
            raise RuntimeError(f"the Celery worker did not answer; see {self.log}") from None

    def kill(self) -> None:
        """Kill the worker's whole process group at once (SIGKILL), as a crash or an OOM kill would."""
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def celery_worker(transactional_db, django_db_serialized_rollback, search_engine_url, settings):
    """A real worker process on this run's queue, sharing the test database and engine.

    Tests that use it see committed data only (`transactional_db`). The rollback
    is serialized so that the flush after the test restores what the migrations
    made (content types, Wagtail's root page) for the tests that follow.
    """
    env = dict(os.environ)
    env.update(DATABASE_URL=_database_url(), SEARCH_INDEX_PREFIX=settings.SEARCH_INDEX_PREFIX,
               DEBUG="1", PYTHONUNBUFFERED="1")
    worker = Worker(env)
    worker.start()
    yield worker
    worker.stop()
