"""Signed, expiring tokens that let a headless client read an unpublished revision.

The token names a page and one of its revisions and is signed with the
project's SECRET_KEY (django.core.signing), so it cannot be forged or pointed
at another page. It expires after PREVIEW_TOKEN_MAX_AGE seconds (an hour at
most).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from wagtail.models import Page, Revision

PREVIEW_TOKEN_MAX_AGE = 3600
_SALT = "cms.preview"


@dataclass(frozen=True)
class PreviewGrant:
    page_id: int
    revision_id: int


def make_preview_token(page: Page, revision: Revision | None = None) -> str:
    """A token for `revision` (by default the page's latest revision)."""
    revision = revision or page.get_latest_revision()
    if revision is None:
        revision = page.save_revision()
    return signing.dumps({"p": page.pk, "r": revision.pk}, salt=_SALT, compress=True)


def read_preview_token(token: str, *, max_age: int = PREVIEW_TOKEN_MAX_AGE) -> PreviewGrant | None:
    """The grant in `token`, or None if it is forged, malformed or older than `max_age` seconds."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=min(max_age, PREVIEW_TOKEN_MAX_AGE))
        return PreviewGrant(page_id=int(data["p"]), revision_id=int(data["r"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        # SignatureExpired is a BadSignature.
        return None


def preview_object(grant: PreviewGrant) -> Page | None:
    """The page as saved in the granted revision, or None if either is gone."""
    revision = (
        Revision.page_revisions.filter(pk=grant.revision_id, object_id=str(grant.page_id))
        .select_related("content_type")
        .first()
    )
    if revision is None:
        return None
    return revision.as_object()
