"""Shared fixtures: a small content folder to break, the CLI, and the real content built once."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "content"
sys.path.insert(0, str(PROJECT))

import build  # noqa: E402
from compendium.mkdocs_adapter import build_site  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture
def content(tmp_path, monkeypatch) -> Path:
    """A copy of the small fixture content, safe to break; the working folder is its parent."""
    folder = tmp_path / "content"
    shutil.copytree(FIXTURE, folder)
    monkeypatch.chdir(tmp_path)
    return folder


def write(folder: Path, relative: str, text: str) -> Path:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def cli(capsys):
    """Run build.py in-process: returns (exit code, stdout, stderr)."""
    def run(*args: str):
        code = build.main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err
    return run


def run_script(*args, cwd=PROJECT) -> subprocess.CompletedProcess:
    """Run build.py as a user would, in a fresh process."""
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The shipped content built once with mkdocs --strict, as the site is published."""
    out = tmp_path_factory.mktemp("real") / "site"
    assert build.main(["build", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fixture") / "site"
    assert build.main(["build", "--content", str(FIXTURE), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def served_site(real_site):
    """The real site over http://127.0.0.1, as GitHub Pages would serve it (under /compendium/)."""
    root = real_site.parent / "root"
    root.mkdir(exist_ok=True)
    if not (root / "compendium").exists():
        (root / "compendium").symlink_to(real_site)
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/compendium/"
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
