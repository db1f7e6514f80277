"""The editor's loop: save a card, see it in `python build.py serve`.

Starts the development server on a free loopback port, waits until it answers, then for each run
rewrites one card's title and polls the card's area page over HTTP until the new title is served.
The delay runs from the moment the file is written to the first response that contains the title;
MkDocs's server holds requests while it rebuilds, so this is the rebuild as a reader of the preview sees it.
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
POLL_INTERVAL = 0.05
TITLE_LINE = re.compile(r"^title: .*$", re.MULTILINE)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def dev_server(content: Path, log_path: Path, start_timeout: float):
    """`build.py serve` on a free port, as http://127.0.0.1:PORT/; the server is stopped on the way out."""
    port = free_port()
    root = f"http://127.0.0.1:{port}/"
    environment = {**os.environ, "SITE_URL": root, "NO_MKDOCS_2_WARNING": "1"}  # serve at /, not /compendium/
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [sys.executable, str(PROJECT / "build.py"), "serve", "--content", str(content),
             "--address", f"127.0.0.1:{port}"],
            cwd=PROJECT, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_until_served(server, root, start_timeout)
            yield root
        finally:
            stop(server)


def wait_until_served(server: subprocess.Popen, url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the development server exited with code {server.returncode}")
        if fetch(url) is not None:
            return
        time.sleep(0.2)
    raise TimeoutError(f"the development server did not answer within {timeout:.0f} s")


def stop(server: subprocess.Popen) -> None:
    """Stop the server and the processes it started (its own process group), by its id."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=15)


def fetch(url: str, timeout: float = 600) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def seconds_until_shown(card: Path, page_url: str, timeout: float) -> float:
    """Give the card a new title, then poll page_url until it shows; the seconds between the two."""
    title = f"Live reload probe {uuid.uuid4().hex[:12]}"
    text = card.read_text(encoding="utf-8")
    card.write_text(TITLE_LINE.sub(f"title: {title}", text, count=1), encoding="utf-8")
    saved = time.perf_counter()
    deadline = saved + timeout
    while time.perf_counter() < deadline:
        body = fetch(page_url, timeout=max(1.0, deadline - time.perf_counter()))
        if body is not None and title in body:
            return time.perf_counter() - saved
        time.sleep(POLL_INTERVAL)
    raise TimeoutError(f"the new title did not appear on {page_url} within {timeout:.0f} s")


def reload_delays(content: Path, card: Path, page_path: str, runs: int, timeout: float, log_path: Path) -> list[float]:
    """Seconds from saving a card to seeing it on its area page, once per run; the card is restored after."""
    original = card.read_text(encoding="utf-8")
    try:
        with dev_server(content, log_path, start_timeout=timeout) as root:
            return [seconds_until_shown(card, root + page_path, timeout) for _ in range(runs)]
    finally:
        card.write_text(original, encoding="utf-8")
