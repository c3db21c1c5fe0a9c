"""Reading an exported site the way a crawler would."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.jsonld: list[str] = []
        self._in_jsonld = False
        self.attributes: list[tuple[str, str, str | None]] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        for name, value in attrs:
            self.attributes.append((tag, name, value))
            if name in ("href", "src", "action") and value:
                self.links.append(value)
        self._in_jsonld = tag == "script" and dict(attrs).get("type") == "application/ld+json"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_jsonld = False

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(data)


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text())
    return parser


def html_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.html"))


def url_of(root: Path, path: Path) -> str:
    rel = path.relative_to(root).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def resolve(root: Path, url: str) -> Path | None:
    """The exported file a site-relative URL serves, or None."""
    path = urlsplit(url).path
    candidate = root / path.lstrip("/")
    if path.endswith("/"):
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def jsonld_blocks(path: Path) -> list[dict]:
    return [json.loads(block) for block in parse(path).jsonld]
