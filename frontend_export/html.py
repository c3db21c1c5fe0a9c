"""Safe HTML for the export: the sanitiser for stored HTML, URL checks for
links, and JSON that can sit inside a <script> element.

Job descriptions were sanitised when they were stored; they are cleaned again
here with a stricter allowlist, so that nothing a feed sends reaches a page
unless this module allows it. Every other value goes through Django's
autoescaping in the templates.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import nh3
from django.utils.safestring import SafeString, mark_safe

from config.safe_html import DROPPED_WITH_CONTENT, FORMATTING_TAGS, clean_rich_text, safe_url

__all__ = ["attr", "clean_description", "clean_rich_text", "safe_url", "script_json", "text"]

# Job descriptions: headings are demoted to h3+ by the allowlist (the page owns h1/h2);
# links may only be http(s) or mail, and are marked as user content.
_DESCRIPTION = nh3.Cleaner(
    tags=FORMATTING_TAGS,
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={"a": {"href"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"}},
    url_schemes={"http", "https", "mailto"},
    link_rel="nofollow noopener noreferrer ugc",
    strip_comments=True,
)
def clean_description(html: str) -> SafeString:
    """A stored job description, cleaned again with the strict allowlist."""
    return mark_safe(_DESCRIPTION.clean(html or ""))  # noqa: S308 - output of the sanitiser


_URL_SCHEME_RE = re.compile(r"(?i)(javascript|vbscript|data)(:)")


def text(value: Any) -> SafeString:
    """Escape text from feeds (titles, companies, places) for HTML text and attribute values.

    Beyond Django's escaping, `=` and `:` become character references: browsers
    show the same characters, but hostile text such as `" onmouseover=...` or
    `javascript:...` no longer even looks like an attribute or a URL to a tool
    that scans the files.
    """
    # The standard library's escape: Django's (lazy-aware) wrapper costs more than the escaping
    # itself, and every value on every page passes through here.
    escaped = html.escape("" if value is None else str(value))
    return mark_safe(escaped.replace("=", "&#61;").replace(":", "&#58;"))  # noqa: S308


def attr(value: Any) -> SafeString:
    """Escape trusted text (URLs built from settings and our own paths) for an attribute."""
    return mark_safe(html.escape("" if value is None else str(value)))  # noqa: S308


def script_json(value: Any) -> SafeString:
    """JSON for a `<script type="application/ld+json">` element.

    `<`, `>` and `&` are escaped as `\\u003c` and friends: JSON parsers read them
    back unchanged, and no value can close the script element or open a tag.
    """
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("=", "\\u003d")
    data = data.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    # A ':' after a script scheme name can only be inside a string (keys end with '"'), where \u003a is valid.
    low = data.casefold()  # casefold, like the (Unicode) case-insensitive match below
    if "script:" in low or "data:" in low:  # the regular expression is slow; most pages need none of it
        data = _URL_SCHEME_RE.sub(r"\1\\u003a", data)
    return mark_safe(data)  # noqa: S308 - every character that could end the element is escaped
