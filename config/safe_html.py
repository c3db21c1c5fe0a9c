"""Safe HTML shared by the content blocks and the export: the editor rich-text
sanitiser, the tags it and the job-description sanitiser allow, and the URL check
for links."""

from __future__ import annotations

from urllib.parse import urlsplit

import nh3
from django.utils.safestring import SafeString, mark_safe

# Dropped with everything inside them by every sanitiser (editor text, job descriptions).
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"}
)

FORMATTING_TAGS = {
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "code",
    "pre",
    "a",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
# Editor rich text: site-relative links (already resolved from page ids) are allowed too.
_RICH_TEXT = nh3.Cleaner(
    tags=FORMATTING_TAGS | {"h2"},
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={"a": {"href"}},
    url_schemes={"http", "https", "mailto"},
    link_rel=None,
    strip_comments=True,
)


def clean_rich_text(html: str) -> SafeString:
    """Editor rich text (internal links already resolved), cleaned with the editor allowlist."""
    return mark_safe(_RICH_TEXT.clean(html or ""))  # noqa: S308 - output of the sanitiser


def safe_url(url: str | None) -> str:
    """`url` if it is an absolute http(s) URL, else "" (so `javascript:` and the like never become links)."""
    if not url:
        return ""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return ""
    if any(ch in url for ch in "\x00\n\r\t<>\"'` "):
        return ""
    return url
