"""What a reader's browser pays: Chromium opening the handout, and the bytes of one page of each kind.

Chromium is Debian's (/usr/bin/chromium), driven by Playwright with the test suite's arguments.
Each page is loaded in a fresh browser context, so nothing comes from the cache.
"""
from __future__ import annotations

import functools
import http.server
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # as tests/conftest.py
LOAD_TIMEOUT_MS = 300_000
QUIET_SECONDS = 2.0


@contextmanager
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def handout_render_seconds(browser, handout: Path, runs: int) -> list[float]:
    """Seconds from page.goto on the handout's file:// URL until the load event, once per run."""
    return [_load_seconds(browser, handout.resolve().as_uri()) for _ in range(runs)]


def _load_seconds(browser, url: str) -> float:
    context = browser.new_context()
    try:
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url, wait_until="load", timeout=LOAD_TIMEOUT_MS)
        return time.perf_counter() - started
    finally:
        context.close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature http.server calls
        pass


@contextmanager
def served(folder: Path):
    """The folder over http://127.0.0.1 on a free port, as a static host serves it (no compression)."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def page_downloads(browser, root: str, site: Path, path: str) -> dict:
    """Every file a cold-cache load of one page fetches, and their bytes.

    The load is over when the load event has fired and no request has started or ended for QUIET_SECONDS:
    the search worker fetches the index after the load event, and while the main thread parses a large page
    the network looks idle too early for Playwright's "networkidle". The server sends files as they are
    (no compression), so a file's bytes are its size on disk (Chromium reports no body size for the worker)."""
    context = browser.new_context()
    requests = RequestLog()
    context.on("request", requests.started)
    context.on("requestfinished", requests.ended)
    context.on("requestfailed", requests.ended)
    try:
        page = context.new_page()
        page.goto(root + path, wait_until="load", timeout=LOAD_TIMEOUT_MS)
        deadline = time.monotonic() + LOAD_TIMEOUT_MS / 1000
        while not requests.quiet() and time.monotonic() < deadline:
            page.wait_for_timeout(250)  # lets Playwright deliver the request events
    finally:
        context.close()
    fetched = [url.removeprefix(root) for url in requests.urls]
    files = {url: served_size(site, url) for url in fetched}
    return {"bytes": sum(files.values()), "requests": len(files), "files": files}


class RequestLog:
    """The URLs a page requested, how many are still in flight, and when the last one started or ended."""

    def __init__(self):
        self.urls: dict[str, None] = {}
        self.in_flight = 0
        self.last_change = time.monotonic()

    def started(self, request) -> None:
        self.urls[request.url] = None
        self.in_flight += 1
        self.last_change = time.monotonic()

    def ended(self, request) -> None:
        self.in_flight -= 1
        self.last_change = time.monotonic()

    def quiet(self) -> bool:
        return self.in_flight <= 0 and time.monotonic() - self.last_change >= QUIET_SECONDS


def served_size(site: Path, path: str) -> int:
    """The bytes the static server sends for a site-relative URL path (a folder means its index.html)."""
    local = site / path.split("#", 1)[0].split("?", 1)[0]
    return (local / "index.html").stat().st_size if local.is_dir() else local.stat().st_size


def bytes_per_page_kind(browser, site: Path, pages: dict[str, str]) -> dict[str, dict]:
    """{kind: page_downloads(...)} for {kind: URL path relative to the site root}."""
    with served(site) as root:
        return {kind: page_downloads(browser, root, site, path) for kind, path in pages.items()}
