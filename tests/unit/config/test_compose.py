"""docker-compose.yml, checked without a Docker engine."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_the_expected_services_exist():
    assert set(SERVICES) >= {"postgres", "redis", "elasticsearch", "web", "worker", "beat", "static"}


def test_every_service_has_a_healthcheck():
    for name, service in SERVICES.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"


def test_dependencies_wait_for_health():
    for name, service in SERVICES.items():
        for dependency, rule in (service.get("depends_on") or {}).items():
            assert rule == {"condition": "service_healthy"}, f"{name} -> {dependency}"


def test_images_are_pinned_to_a_major_version():
    for name, service in SERVICES.items():
        image = service.get("image")
        assert image, f"{name} has no image"
        tag = image.rsplit(":", 1)[-1] if ":" in image.split("/")[-1] else ""
        assert re.match(r"\d+", tag), f"{name}: {image} is not pinned to a major version"
    assert SERVICES["postgres"]["image"] == "postgres:17"
    assert SERVICES["redis"]["image"].startswith("redis:7")
    assert SERVICES["elasticsearch"]["image"].split(":")[-1].startswith("9.")


def test_web_worker_and_beat_share_one_image_and_get_every_setting_variable():
    names = set(re.findall(r"env(?:_bool|_list)?\(\s*\"([A-Z0-9_]+)\"", (ROOT / "config/settings.py").read_text()))
    images = {SERVICES[name]["image"] for name in ("web", "worker", "beat")}
    assert len(images) == 1
    for name in ("web", "worker", "beat"):
        provided = set(SERVICES[name]["environment"])
        assert names <= provided, f"{name} lacks {sorted(names - provided)}"


def test_volumes_keep_database_redis_and_export():
    assert {"postgres", "redis", "export"} <= set(COMPOSE["volumes"])
    assert any(v.startswith("postgres:") for v in SERVICES["postgres"]["volumes"])
    assert any(v.startswith("redis:") for v in SERVICES["redis"]["volumes"])
    assert any(v.startswith("export:") for v in SERVICES["static"]["volumes"])
    assert "--appendonly" in SERVICES["redis"]["command"]


def test_web_migrates_on_start_and_loads_demo_content_when_asked():
    command = SERVICES["web"]["command"]
    assert "migrate" in command
    assert "LOAD_DEMO_CONTENT" in command and "load_demo_content" in command
