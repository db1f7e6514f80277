"""What a built site holds: the search index's size and where its text comes from, by kind of page, and the
HTML bytes of its pages."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

SEARCH_INDEX = Path("search") / "search_index.json"


def page_kind(location: str) -> str:
    """The kind of page a search-index location ('forces/kent/#grades') belongs to."""
    parts = [part for part in location.split("#", 1)[0].split("/") if part]
    if not parts:
        return "home"
    if parts[0] in ("forces", "themes"):
        return parts[0].rstrip("s") if len(parts) > 1 else f"all {parts[0]}"
    if parts[0] == "whats-new":
        return "release" if len(parts) > 1 else "what's new"
    if parts[0].startswith("peel-"):
        return {1: "framework", 2: "grades" if parts[-1] == "grades" else "area"}.get(len(parts), "other")
    return parts[0]


def search_index_stats(site: Path) -> dict:
    """Bytes of the index, its entries, and the bytes of entry text by kind of page (largest first)."""
    index_path = site / SEARCH_INDEX
    documents = json.loads(index_path.read_text(encoding="utf-8"))["docs"]
    text_bytes: Counter = Counter()
    entries: Counter = Counter()
    for document in documents:
        kind = page_kind(document["location"])
        text_bytes[kind] += len((document["title"] + document["text"]).encode())
        entries[kind] += 1
    by_kind = {kind: {"text_bytes": size, "entries": entries[kind]} for kind, size in text_bytes.most_common()}
    return {"bytes": index_path.stat().st_size, "entries": len(documents),
            "sections": sum(1 for document in documents if "#" in document["location"]), "by_kind": by_kind}


def site_bytes(site: Path) -> int:
    return sum(path.stat().st_size for path in site.rglob("*") if path.is_file())


def html_stats(site: Path, pages: dict[str, str]) -> dict:
    """The HTML of the site's pages: how many, their bytes in all, and the bytes of one page of each kind.

    A page is an index.html (use_directory_urls): 404.html and HTML files among the downloads (the handout) are
    not pages a reader browses. pages is {kind: URL path relative to the site's root}."""
    texts = [path.read_bytes() for path in site.rglob("index.html")]
    return {"pages": len(texts), "bytes": sum(len(text) for text in texts),
            "article_bytes": sum(article_bytes(text) for text in texts),
            "by_kind": {kind: (site / path / "index.html").stat().st_size for kind, path in pages.items()}}


def article_bytes(page: bytes) -> int:
    """The bytes of a page's own text (its <article>), without the theme and navigation around it."""
    start, end = page.find(b"<article"), page.rfind(b"</article>")
    return end + len(b"</article>") - start if 0 <= start < end else 0
