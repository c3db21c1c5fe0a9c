"""The demo runner's command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_demo_help_describes_the_command_and_exits_zero():
    result = subprocess.run([sys.executable, "-m", "config.demo", "--help"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0
    assert "--no-serve" in result.stdout
    assert "DEMO_SERVE=0" in result.stdout


def test_demo_rejects_unknown_options_with_a_reason():
    result = subprocess.run([sys.executable, "-m", "config.demo", "--bogus"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode != 0
    assert "unrecognized arguments: --bogus" in result.stderr


def test_a_worker_that_died_is_restarted_logged_and_the_demo_goes_on(settings, tmp_path, capsys, monkeypatch):
    import os
    import signal

    from config import demo as demo_module

    settings.VAR_DIR = tmp_path
    monkeypatch.setattr(demo_module, "RESTART_INTERVAL", 0.0)
    demo = demo_module.Demo(port=0)
    sleeper = [sys.executable, "-c", "import time; time.sleep(120)"]
    try:
        first = demo.spawn("worker", sleeper)
        demo.spawn("beat", sleeper)
        assert demo.supervise() == []
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        assert demo.supervise() == ["worker"]
        (name, second), (_, beat) = demo.children
        assert name == "worker" and second.pid != first.pid and second.poll() is None
        assert beat.poll() is None
        assert "worker exited with status -9; restarting it" in capsys.readouterr().err
        assert "worker exited with status -9; restarting it" in (tmp_path / "log" / "worker.log").read_text()
    finally:
        demo.stop()
    assert all(process.poll() is not None for _, process in demo.children)


def test_a_worker_that_keeps_dying_is_restarted_at_most_every_interval(settings, tmp_path, capsys):
    from config import demo as demo_module

    settings.VAR_DIR = tmp_path
    demo = demo_module.Demo(port=0)
    try:
        crashing = demo.spawn("worker", [sys.executable, "-c", "raise SystemExit(3)"])
        crashing.wait(timeout=30)
        # It has only just started: not restarted on this tick.
        assert demo_module.RESTART_INTERVAL > 1 and demo.supervise() == []
    finally:
        demo.stop()

