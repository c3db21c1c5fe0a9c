"""The settings, the Celery rules and the production configuration."""

from __future__ import annotations

import os
import re
import secrets
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from config.celery import app
from config.secret_key import KNOWN_PLACEHOLDERS, key_problem

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


def _setup(env_changes: dict[str, str], drop: tuple[str, ...] = ("SECRET_KEY", "DEBUG")) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_changes)
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup();"
            "from django.conf import settings; print(settings.SECRET_KEY)")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)


def test_secret_key_is_required_when_debug_is_off(tmp_path):
    result = _setup({"DEBUG": "0", "VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert result.stderr.strip() == "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off"
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(("placeholder", "debug"), [("change-me-to-a-long-random-string", "0"),
                                                     ("insecure-development-key-only-used-with-debug-on", "1")])
def test_a_published_placeholder_key_stops_start_up_with_one_line(tmp_path, placeholder, debug):
    result = _setup({"DEBUG": debug, "SECRET_KEY": placeholder, "VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "ImproperlyConfigured: SECRET_KEY is a published placeholder; set a long random value"]


def test_the_env_example_key_is_a_refused_placeholder():
    example = dict(line.split("=", 1) for line in (ROOT / ".env.example").read_text().splitlines()
                   if "=" in line and not line.startswith("#"))
    assert key_problem(example["SECRET_KEY"]) is not None


def test_with_debug_and_no_key_a_random_key_is_generated_once_and_reused(tmp_path):
    first = _setup({"DEBUG": "1", "VAR_DIR": str(tmp_path)})
    second = _setup({"DEBUG": "1", "VAR_DIR": str(tmp_path)})
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text().strip()
    assert first.stdout.strip() == second.stdout.strip() == key
    assert len(key) >= 64 and key_problem(key) is None
    other = tmp_path / "other"
    assert _setup({"DEBUG": "1", "VAR_DIR": str(other)}).stdout.strip() != key


def test_no_signing_key_is_written_in_the_code():
    """The only place the old fallback appears is the list of keys that are refused."""
    old_fallback = "insecure-development-key-only-used-with-debug-on"
    holders = [path.relative_to(ROOT).as_posix() for part in OUR_PARTS for path in (ROOT / part).rglob("*.py")
               if old_fallback in path.read_text()]
    assert holders == ["config/secret_key.py"]
    assert old_fallback in KNOWN_PLACEHOLDERS
    assert settings.SECRET_KEY not in KNOWN_PLACEHOLDERS


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
