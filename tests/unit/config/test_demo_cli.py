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
