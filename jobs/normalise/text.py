"""Text of titles and descriptions: entities, tags, whitespace, sanitised HTML and its plain text; feed ids."""

from __future__ import annotations

import html
import re
from typing import Any

import nh3

from config.safe_html import DROPPED_WITH_CONTENT

# ---------------------------------------------------------------------------
# Text helpers


# Precompiled: these run for every record of every feed.
CAMEL_CASE = re.compile(r"(?<=[a-z])(?=[A-Z])")


def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


# Any "&" that does not start one of the entities nh3 and feeds write most.
_UNCOMMON_ENTITY = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|#39|#x27|#34);)")


def unescape(text: str) -> str:
    """Exactly `html.unescape`, fast when the text holds only the common entities.

    `html.unescape` calls back into Python for every entity; descriptions hold
    dozens. When every "&" starts &amp; &lt; &gt; &quot; &apos; &#39; &#x27; or
    &#34;, chained replacements give the same single pass: none of them creates
    a new "&" except &amp;, which is replaced last ("&amp;lt;" stays "&lt;").
    """
    if "&" not in text:
        return text
    if _UNCOMMON_ENTITY.search(text):
        return html.unescape(text)
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&#34;", '"')
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
    )


# Built once: nh3.clean would rebuild the sanitiser's configuration on every call.
_TAG_STRIPPER = nh3.Cleaner(tags=set(), clean_content_tags={"script", "style"})


def _strip_tags(text: str) -> str:
    # nh3 with no allowed tags drops markup (and script/style with their
    # content) and returns escaped text; unescape it back to plain text.
    return unescape(_TAG_STRIPPER.clean(text))


def clean_title(raw: Any) -> str:
    """Plain-text title: entities unescaped, tags stripped, whitespace collapsed.

    Repeated a few times so a title escaped twice ("&amp;lt;b&amp;gt;") cannot
    smuggle markup through as text.
    """
    if raw is None:
        return ""
    text = str(raw)
    if "<" not in text and ">" not in text and "&" not in text:
        return collapse_whitespace(text)
    for _ in range(3):
        cleaned = collapse_whitespace(_strip_tags(unescape(text)))
        if cleaned == text:
            break
        text = cleaned
    # Stray angle brackets left over from broken markup are never part of a title.
    return collapse_whitespace(text.replace("<", " ").replace(">", " "))


# ---------------------------------------------------------------------------
# Descriptions

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "b",
        "i",
        "a",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "code",
        "pre",
    }
)
ALLOWED_URL_PREFIXES = ("http://", "https://", "mailto:")
_BLOCK_RENAME = re.compile(r"<(/?)(div|h1|h5|h6)\b[^>]*>", re.I)
_RENAMED = {"div": "p", "h1": "h2", "h5": "h4", "h6": "h4"}
_EMPTY_BLOCK = re.compile(r"<(p|li|h2|h3|h4|strong|em|b|i)>(?:\s|&nbsp;|\u00a0|<br>)*</\1>")
# "<p> <p>" -> "<p>" and "</p> </p>" -> "</p>".
_NESTED_P = re.compile(r"(</?p>)\s*\1")


def _href_filter(tag: str, attribute: str, value: str) -> str | None:
    # Only absolute http(s) and mailto links survive: relative links would
    # point into our own site, and every other scheme is a script risk.
    if tag == "a" and attribute == "href":
        stripped = value.strip()
        return stripped if stripped.lower().startswith(ALLOWED_URL_PREFIXES) else None
    return value


# Built once: nh3.clean would rebuild this configuration on every call.
_SANITISER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={"a": {"href"}},
    attribute_filter=_href_filter,
    url_schemes={"http", "https", "mailto"},
    link_rel="nofollow noopener",
    strip_comments=True,
)


def _rename_block(match: re.Match[str]) -> str:
    return f"<{match.group(1)}{_RENAMED[match.group(2).lower()]}>"


def sanitise_html(raw: str | None) -> str:
    """Allowlisted formatting HTML: no scripts, styles, iframes, handlers or javascript: URLs."""
    if not raw:
        return ""
    text = str(raw)
    # Job boards wrap paragraphs in <div>s and use <h1>/<h5>: keep their structure
    # as allowed tags instead of flattening the text together.
    text = _BLOCK_RENAME.sub(_rename_block, text)
    cleaned = _SANITISER.clean(text)
    previous = None
    while previous != cleaned:
        previous = cleaned
        cleaned = _EMPTY_BLOCK.sub("", cleaned)
        cleaned = _NESTED_P.sub(r"\1", cleaned)
    return cleaned.strip()


_TEXT_BLOCK = re.compile(r"</?(?:p|div|ul|ol|h[1-6]|blockquote|pre|table|tr)\b[^>]*>", re.I)
_TEXT_ITEM = re.compile(r"<li\b[^>]*>", re.I)
_TEXT_BREAK = re.compile(r"<br\b[^>]*>", re.I)
_TEXT_TAG = re.compile(r"<[^>]*>")
_BLANK_LINES = re.compile(r"\n{3,}")


def html_to_text(sanitised_html: str) -> str:
    """Readable plain text: paragraphs separated by a blank line, list items as "- item".

    Works on sanitised HTML (well-formed, allowlisted tags), so tags can be
    replaced by pattern instead of a full parse.
    """
    if not sanitised_html:
        return ""
    text = _TEXT_BLOCK.sub("\n\n", sanitised_html)
    text = _TEXT_ITEM.sub("\n- ", text)
    text = _TEXT_BREAK.sub("\n", text)
    text = unescape(_TEXT_TAG.sub("", text))
    lines = [" ".join(line.split()) for line in text.replace("\u00a0", " ").split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def description(raw_html: str | None) -> tuple[str, str]:
    """(sanitised HTML, plain text) for a description given as HTML."""
    cleaned = sanitise_html(raw_html)
    return cleaned, html_to_text(cleaned)


# ---------------------------------------------------------------------------
# Misc


def first_text(*values: Any) -> str:
    for value in values:
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def as_id(value: Any) -> str:
    """A feed id as a string ("4012345007", not "4012345007.0")."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
