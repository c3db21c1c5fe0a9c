"""Escaping and sanitising: nothing from a feed reaches a page as markup that runs."""

from __future__ import annotations

import json
import re

from frontend_export.html import clean_description, safe_url, script_json

PAYLOADS = [
    '<script>alert(1)</script><p>ok</p>',
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload=alert(1)><circle/></svg>',
    '<p style="background:url(javascript:alert(1))" onclick="x()">styled</p>',
    '<math><mtext><script>alert(1)</script></mtext></math>',
]


def test_descriptions_lose_scripts_handlers_and_javascript_urls():
    for payload in PAYLOADS:
        cleaned = str(clean_description(payload)).lower()
        assert "<script" not in cleaned
        assert not re.search(r"\son\w+\s*=", cleaned)
        assert "javascript:" not in cleaned
        assert "<iframe" not in cleaned and "style=" not in cleaned


def test_description_keeps_formatting_and_marks_links_as_user_content():
    cleaned = str(clean_description('<h2>Role</h2><ul><li><b>Python</b></li></ul><a href="https://x.example">x</a>'))
    assert "<li><b>Python</b></li>" in cleaned
    assert 'rel="nofollow noopener noreferrer ugc"' in cleaned


def test_safe_url_only_allows_absolute_http_urls():
    assert safe_url("https://jobs.example/apply?id=1") == "https://jobs.example/apply?id=1"
    for bad in ("javascript:alert(1)", " javascript:alert(1)", "data:text/html,x", "//evil.example",
                "/relative", "https://x.example/\"onmouseover=x", "", None):
        assert safe_url(bad) == ""


def test_script_json_cannot_close_its_element_and_parses_back():
    value = {"description": "</script><script>alert(1)</script> & <b>", "sep": "\u2028"}
    text = str(script_json(value))
    assert "<" not in text and ">" not in text
    assert json.loads(text) == value


def test_feed_text_reads_the_same_but_never_looks_like_an_attribute_or_url():
    from html import unescape

    from frontend_export.html import text

    hostile = 'Data Scientist" onmouseover="alert(1)" javascript:alert(2) <b>'
    escaped = str(text(hostile))
    assert unescape(escaped) == hostile
    assert "=" not in escaped.replace("&#61;", "") and "javascript:" not in escaped and "<" not in escaped


def test_script_json_hides_handlers_and_script_urls_from_scanners():
    value = {"title": 'x" onload="alert(1)', "url": "javascript:alert(1)", "data": "data:text/html,x"}
    data = str(script_json(value))
    assert "=" not in data and "javascript:" not in data and "data:text" not in data
    assert json.loads(data) == value
