"""One build, two copies: the site as it is served, and the offline copy read from a folder or a zip.

The pages are rendered and built once. What differs between the two copies is marked while a page is built, with
control characters that validation refuses anywhere in the content (model.INVISIBLE), so no card can forge a mark:
- a link to a page of the site: served, `forces/kent/`; offline, `forces/kent/index.html`, because a browser
  reading from disk opens no index file by itself;
- text that only one copy shows (the downloads page speaks of the zip online, of the unzipped folder offline);
- the size of a file made after the pages (the zip of the offline copy), filled in once it is known; the offline
  copy cannot hold its own zip's size, so there the mark is dropped.
`online()` and `offline()` turn a marked page into each copy's; no mark survives into either but the size marks
`online()` leaves for `fill_sizes()`.
"""
from __future__ import annotations

import re

LINK = "\x1c{}\x1d"
ONLINE_ONLY = "\x0e{}\x0f"
OFFLINE_ONLY = "\x10{}\x11"
SIZE = "\x1e{}\x1f"

LINK_MARK = re.compile("\x1c([^\x1c\x1d]*)\x1d")
ONLINE_TEXT = re.compile("\x0e(.*?)\x0f", re.S)
OFFLINE_TEXT = re.compile("\x10(.*?)\x11", re.S)
SIZE_MARK = re.compile("\x1e([^\x1e\x1f]*)\x1f")
MARKS = "\x0e\x0f\x10\x11\x1c\x1d\x1e\x1f"
UNMARKED_ONLINE = str.maketrans("", "", "\x0e\x0f\x1c\x1d")


def link(url: str) -> str:
    """A link marked where the offline copy spells it differently (a page's folder); any other link as it is."""
    return LINK.format(url) if offline_url(url) != url else url


def online(text: str) -> str:
    """The served copy: offline-only text removed, every other mark but the sizes unwrapped."""
    return OFFLINE_TEXT.sub("", text).translate(UNMARKED_ONLINE)


def offline(text: str) -> str:
    """The offline copy: online-only text and size marks removed, page links spelt out with index.html."""
    text = SIZE_MARK.sub("", ONLINE_TEXT.sub("", text))
    return LINK_MARK.sub(lambda match: offline_url(match.group(1)), text).replace("\x10", "").replace("\x11", "")


def fill_sizes(text: str, label) -> str:
    """The size marks replaced by label(file name)."""
    return SIZE_MARK.sub(lambda match: label(match.group(1)), text)


def offline_url(url: str) -> str:
    """A link to a folder ('../kent/', '..', '/compendium/') with its index.html spelt out; any other link as it is."""
    path, hash_mark, anchor = url.partition("#")
    if path.endswith("/"):
        path += "index.html"
    elif path and set(path.split("/")) <= {".", ".."}:
        path += "/index.html"
    return path + hash_mark + anchor


def offline_location(location: str) -> str:
    """A search result's location (relative to the site's root; '' is the home page) in the offline copy."""
    path, hash_mark, anchor = location.partition("#")
    return offline_url(path or "./").removeprefix("./") + hash_mark + anchor
