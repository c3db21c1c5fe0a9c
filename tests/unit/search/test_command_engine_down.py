"""`search_index` with the engine down: one line of reason, a non-zero exit."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_status_with_an_unreachable_engine_is_one_line_and_a_non_zero_exit(tmp_path):
    """The engine is asked before the database, so an unmigrated database in `tmp_path` is never read."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DATABASE_URL"))}
    env.update(DEBUG="1", VAR_DIR=str(tmp_path), ELASTICSEARCH_URL=f"http://127.0.0.1:{_closed_port()}",
               ELASTICSEARCH_PLAIN_JSON="1", LOG_LEVEL="INFO")
    result = subprocess.run([sys.executable, "manage.py", "search_index", "status"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["CommandError: the search engine is unreachable (ConnectionError)"]
