"""Reading built pages back: the links, ids and card anchors each page holds (stdlib HTML parser)."""
from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.cards: list[str] = []
        self._in_heading = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag in ("a", "link") and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag in ("script", "img") and attributes.get("src"):
            self.links.append(attributes["src"])
        if tag == "h3" and "id" in attributes:
            self._in_heading = attributes["id"]
        if tag == "div" and attributes.get("class") == "card" and self._in_heading:
            self.cards.append(self._in_heading)

    def handle_endtag(self, tag):
        if tag == "div":
            self._in_heading = None if self._in_heading in self.cards else self._in_heading


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(site: Path, base: str = "/") -> list[str]:
    """Every internal link or anchor in the site that points nowhere, as 'page -> link'.

    base is the path the site is served under (MkDocs writes absolute links on the 404 page)."""
    pages = {path: parse(path) for path in site.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//") or link.startswith("mailto:"):
                continue
            path = unquote(parts.path)
            if path.startswith("/"):
                assert path.startswith(base), f"{page}: {link} is outside the site's base path {base}"
                path, page_dir = path.removeprefix(base), site / "index.html"
            else:
                page_dir = page
            target = page if not parts.path else _resolve(page_dir, path)
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {link}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in pages[target].ids:
                broken.append(f"{page.relative_to(site)} -> {link} (no such anchor)")
    return broken


def _resolve(page: Path, path: str) -> Path:
    target = Path(posixpath.normpath(str(page.parent / path)))
    return target / "index.html" if path.endswith("/") or target.is_dir() else target
