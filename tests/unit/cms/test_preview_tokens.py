"""Headless preview tokens: signed, bound to one revision, expiring within an hour."""

from __future__ import annotations

import time
from types import SimpleNamespace

from django.core import signing

from cms.preview import PREVIEW_TOKEN_MAX_AGE, PreviewGrant, make_preview_token, read_preview_token

PAGE = SimpleNamespace(pk=7)
REVISION = SimpleNamespace(pk=42)


def test_token_round_trips_page_and_revision():
    token = make_preview_token(PAGE, REVISION)
    assert read_preview_token(token) == PreviewGrant(page_id=7, revision_id=42)


def test_tokens_expire_within_an_hour():
    assert PREVIEW_TOKEN_MAX_AGE <= 3600


def test_expired_token_is_refused(monkeypatch):
    token = make_preview_token(PAGE, REVISION)
    later = time.time() + PREVIEW_TOKEN_MAX_AGE + 5
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert read_preview_token(token) is None


def test_longer_max_age_is_capped_at_an_hour(monkeypatch):
    token = make_preview_token(PAGE, REVISION)
    later = time.time() + PREVIEW_TOKEN_MAX_AGE + 5
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert read_preview_token(token, max_age=10 * PREVIEW_TOKEN_MAX_AGE) is None


def test_tampered_token_is_refused():
    token = make_preview_token(PAGE, REVISION)
    forged = signing.dumps({"p": 8, "r": 42}, salt="cms.preview", key="not-the-secret-key")
    assert read_preview_token(forged) is None
    assert read_preview_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB")) is None


def test_token_signed_for_another_purpose_is_refused():
    other = signing.dumps({"p": 7, "r": 42}, salt="something-else")
    assert read_preview_token(other) is None


def test_garbage_is_refused():
    assert read_preview_token("") is None
    assert read_preview_token("not a token") is None
