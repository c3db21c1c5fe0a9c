"""Where the signing key comes from: the environment, or a random file for development.

Preview tokens, sessions and password resets are signed with SECRET_KEY, so a
key anyone can read is a key anyone can sign with. None is written here.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

KEY_FILE_NAME = "secret_key"

# Values published in this repository's history and examples: never accepted.
KNOWN_PLACEHOLDERS = frozenset(
    {
        "change-me-to-a-long-random-string",
        "insecure-development-key-only-used-with-debug-on",
        "change-me",
        "changeme",
        "secret",
        "dev",
    }
)
MIN_LENGTH = 32


def key_problem(key: str | None) -> str | None:
    """Why `key` must not sign anything in production, or None if it may."""
    if not key:
        return "SECRET_KEY must be set when DEBUG is off"
    if _is_placeholder(key):
        return "SECRET_KEY is a published placeholder; set a long random value"
    if len(key) < MIN_LENGTH:
        return f"SECRET_KEY is shorter than {MIN_LENGTH} characters; set a long random value"
    return None


def development_key(var_dir: Path) -> str:
    """The random key in `var_dir`, generated on first use, readable by its owner only.

    Written to a private temporary file and linked into place, so processes
    starting together (web, worker, beat) all read the one complete key.
    """
    path = var_dir / KEY_FILE_NAME
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        temporary = var_dir / f".{KEY_FILE_NAME}.{os.getpid()}"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(64) + "\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process won the race: use its key
        finally:
            temporary.unlink()
    key = path.read_text().strip()
    if key_problem(key):
        sys.exit(f"ImproperlyConfigured: {path} holds no usable key; delete it to generate a new one")
    return key


def secret_key(value: str | None, *, debug: bool, var_dir: Path) -> str:
    """SECRET_KEY for these settings; exits with one line on stderr when there is no usable key.

    With DEBUG on and no value, the generated development key; a published
    placeholder is refused even then, since it would make tokens forgeable.
    """
    if not value and debug:
        return development_key(var_dir)
    problem = key_problem(value)
    if problem and (not debug or not value or _is_placeholder(value)):
        sys.exit(f"ImproperlyConfigured: {problem}")
    return value  # type: ignore[return-value]


def _is_placeholder(value: str) -> bool:
    return value.strip().lower() in KNOWN_PLACEHOLDERS or value.startswith("django-insecure-")
