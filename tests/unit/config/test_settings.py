"""The settings, the Celery rules and the production configuration."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from config.celery import app

ROOT = Path(__file__).resolve().parents[3]
OUR_PARTS = ("config", "cms", "jobs", "search", "frontend_export")


def our_tasks():
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if name.split(".")[0] in OUR_PARTS}


def test_every_task_has_a_stable_part_dot_action_name():
    tasks = our_tasks()
    assert "config.ping" in tasks
    for name, task in tasks.items():
        assert re.fullmatch(r"[a-z_]+\.[a-z_]+", name), name
        assert task.name == name


def test_every_task_has_soft_and_hard_time_limits():
    for name, task in our_tasks().items():
        assert task.soft_time_limit, f"{name} has no soft time limit"
        assert task.time_limit, f"{name} has no hard time limit"
        assert task.soft_time_limit < task.time_limit, name


def test_visibility_timeout_exceeds_the_longest_hard_time_limit():
    longest = max([settings.CELERY_TASK_TIME_LIMIT] + [t.time_limit for t in our_tasks().values()])
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > longest


def test_celery_speaks_json_only():
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_serializer == "json"
    assert app.conf.result_serializer == "json"


def test_beat_schedule_names_registered_tasks():
    tasks = our_tasks()
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in tasks, f"beat schedules {entry['task']}, which no module registers"


def _settings_env_names() -> set[str]:
    source = (ROOT / "config" / "settings.py").read_text()
    return set(re.findall(r"env(?:_bool|_list)?\(\s*\"([A-Z0-9_]+)\"", source))


def test_every_setting_variable_is_documented_in_env_example_and_readme():
    documented = (ROOT / ".env.example").read_text() + (ROOT / "README.md").read_text()
    missing = sorted(name for name in _settings_env_names() if name not in documented)
    assert not missing, f"undocumented settings variables: {missing}"


def test_production_configuration_passes_the_deploy_check():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="careers.example.org",
               SITE_URL="https://careers.example.org", DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_secret_key_is_required_when_debug_is_off():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env["DEBUG"] = "0"
    result = subprocess.run([sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE']="
                             "'config.settings'; django.setup()"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_database_vendor_follows_database_url(db):
    """With DATABASE_URL set (as in CI) the suite runs on PostgreSQL, never silently on SQLite."""
    from django.db import connection

    url = os.environ.get("DATABASE_URL", "")
    if os.environ.get("CI_REQUIRE_REAL_SERVICES"):
        assert url, "CI must set DATABASE_URL"
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def test_broker_follows_redis_url():
    """With REDIS_URL set (as in CI) the broker and cache are Redis, never the embedded fallbacks."""
    url = os.environ.get("REDIS_URL") or os.environ.get("CELERY_BROKER_URL")
    if os.environ.get("CI_REQUIRE_REAL_SERVICES"):
        assert url, "CI must set REDIS_URL"
    if url:
        assert app.conf.broker_url.startswith("redis://")
        assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    else:
        assert app.conf.broker_url == "filesystem://"
        assert settings.CACHES["default"]["BACKEND"].endswith("FileBasedCache")


def test_embedded_defaults_need_no_server(monkeypatch):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "ELASTICSEARCH_URL")}
    env["DEBUG"] = "1"
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup();"
            "from django.conf import settings as s; from config.celery import app;"
            "print(s.DATABASES['default']['ENGINE'], app.conf.broker_url, s.ELASTICSEARCH_URL)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "filesystem://", "None"]
