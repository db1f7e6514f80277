"""No command destroys what it did not make: output targets, the atomic swap, kills and write errors.

Every refusal is one plain sentence naming the path, exit 1, and the target and the content left as they were.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from compendium.publish import STAMP
from conftest import FIXTURE, PROJECT

BUILD = [sys.executable, str(PROJECT / "build.py")]


def tree(folder: Path) -> dict:
    return {path.relative_to(folder): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def site_of_ours(tmp_path_factory) -> Path:
    """The fixture built once; tests copy it."""
    import build
    out = tmp_path_factory.mktemp("ours") / "site"
    assert build.main(["build", "--content", str(FIXTURE), "--out", str(out)]) == 0
    return out


# --- targets that are refused ------------------------------------------------------------------------------

@pytest.mark.parametrize("target, message", [
    (".", "holds {project}, which the build must not replace; choose another folder"),
    ("..", "holds {project}, which the build must not replace; choose another folder"),
    ("/", "is the root of the filesystem; choose a folder of its own, e.g. site/"),
    ("~", "is your home folder; choose a folder of its own, e.g. site/"),
])
def test_build_refuses_the_project_a_folder_above_it_the_root_and_home(cli, content, target, message):
    out = PROJECT if target == "." else PROJECT.parent if target == ".." else Path(target).expanduser()
    before = sorted(path.name for path in PROJECT.iterdir())
    assert cli("build", "--content", content, "--out", out) == (
        1, "", f"{out}: {message.format(project=PROJECT)}\n")
    assert sorted(path.name for path in PROJECT.iterdir()) == before


@pytest.mark.parametrize("inside", ["", "practice", "practice/peel-2023-25"])
def test_build_refuses_the_content_folder_and_anything_inside_it(cli, content, inside):
    before = tree(content)
    out = content / inside if inside else content
    message = (f"holds {content.resolve()}, which the build must not replace" if not inside
               else f"is inside {content.resolve()}, which the build must not change")
    assert cli("build", "--content", content, "--out", out) == (1, "", f"{out}: {message}; choose another folder\n")
    assert tree(content) == before


def test_build_refuses_an_existing_file(cli, content, tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("mine\n")
    assert cli("build", "--content", content, "--out", target) == (
        1, "", f"{target}: is a file, not a folder; choose a folder for the site\n")
    assert target.read_text() == "mine\n"


def test_build_refuses_a_folder_it_did_not_build(cli, content, tmp_path):
    target = tmp_path / "photos"
    target.mkdir()
    (target / "holiday.jpg").write_bytes(b"\xff\xd8")
    assert cli("build", "--content", content, "--out", target) == (
        1, "", f"{target}: is a folder this tool did not build (it has no {STAMP} file) and is not empty; "
               "choose a new or empty folder\n")
    assert tree(target) == {Path("holiday.jpg"): b"\xff\xd8"}


def test_build_replaces_a_site_it_built_and_stamps_the_new_one(cli, content, tmp_path, site_of_ours):
    target = tmp_path / "site"
    shutil.copytree(site_of_ours, target)
    (target / "left-over.html").write_text("old")
    assert cli("build", "--content", content, "--out", target)[0] == 0
    assert (target / STAMP).is_file() and not (target / "left-over.html").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["content", "site"]


def test_build_fills_an_empty_folder(cli, content, tmp_path):
    (tmp_path / "empty").mkdir()
    assert cli("build", "--content", content, "--out", tmp_path / "empty")[0] == 0
    assert (tmp_path / "empty/index.html").is_file()


def test_export_refuses_a_file(cli, content, tmp_path):
    target = tmp_path / "data.csv"
    target.write_text("mine\n")
    assert cli("export", "--content", content, "--out", target) == (
        1, "", f"{target}: is a file; give a folder to write the open data into\n")
    assert target.read_text() == "mine\n"


def test_handout_refuses_a_folder(cli, content, tmp_path):
    assert cli("handout", "--content", content, "--out", tmp_path) == (
        1, "", f"{tmp_path}: is a folder; give the handout's file name, e.g. {tmp_path}/compendium-handout.html\n")


def test_handout_refuses_a_file_it_did_not_write_but_replaces_its_own(cli, content, tmp_path):
    target = tmp_path / "report.html"
    target.write_text("<p>my report</p>")
    assert cli("handout", "--content", content, "--out", target) == (
        1, "", f"{target}: exists and is not a handout written by this tool; choose a new file name\n")
    assert target.read_text() == "<p>my report</p>"
    target.unlink()
    assert cli("handout", "--content", content, "--out", target)[0] == 0
    assert cli("handout", "--content", content, "--out", target)[0] == 0


@pytest.mark.parametrize("card_id, shown", [("../../../escaped", "../../../escaped"), ("/tmp/escaped", "/tmp/escaped"),
                                            ("Kent Card", "Kent Card")])
def test_new_card_refuses_an_id_that_is_not_a_slug_before_writing_anything(cli, content, card_id, shown):
    before = tree(content)
    assert cli("new-card", "--content", content, "--force", "kent", "--area", "leadership", "--id", card_id) == (
        1, "", f"--id: '{shown}' is not a valid id: use lowercase letters, digits and hyphens (e.g. "
               "'kent-video-calls')\n1 problem found; nothing was built.\n")
    assert tree(content) == before and not Path("/tmp/escaped.yaml").exists()


# --- errors of the system, not of the content ---------------------------------------------------------------

def test_a_full_disk_is_one_plain_sentence(cli, content, tmp_path):
    out = tmp_path / "data"
    out.mkdir()
    (out / "grades.csv").symlink_to("/dev/full")  # every write to /dev/full fails: no space left on device
    assert cli("export", "--content", content, "--out", out) == (
        1, "", f"{out}/grades.csv: no space left on device\n")


def unprivileged(*command: str) -> list[str]:
    """The command as a user without write access to other people's folders (nobody, when the tests run as root)."""
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command] if os.geteuid() == 0 \
        else list(command)


@pytest.fixture
def shared_tmp(tmp_path_factory):
    """A folder any user may read (pytest's own are private to their owner)."""
    folder = Path(tmp_path_factory.mktemp("shared"))
    for path in [folder, *folder.parents]:
        if path == Path(tempfile_root()):
            break
        path.chmod(path.stat().st_mode | 0o755)
    shutil.copytree(FIXTURE, folder / "content")
    return folder


def tempfile_root() -> str:
    import tempfile
    return tempfile.gettempdir()


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "HOME": "/tmp"}, **kwargs)


def test_an_output_folder_the_user_cannot_write_is_one_plain_sentence(shared_tmp):
    locked = shared_tmp / "locked"
    locked.mkdir(mode=0o755)
    result = run(unprivileged(*BUILD, "build", "--content", str(shared_tmp / "content"), "--out",
                              str(locked / "site")), cwd=shared_tmp)
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "", f"{locked}/site: cannot be written, because you may not write in {locked}\n")
    assert list(locked.iterdir()) == []


def test_an_unreadable_card_and_an_unreadable_folder_are_named(shared_tmp):
    card = shared_tmp / "content/practice/peel-2023-25/investigating-crime/kent-video-calls.yaml"
    card.chmod(0o600)
    (shared_tmp / "content/forces").chmod(0o700)
    result = run(unprivileged(*BUILD, "check", "--content", "content"), cwd=shared_tmp)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "content/forces: folder cannot be read (permission denied)\n"
        "content/practice/peel-2023-25/investigating-crime/kent-video-calls.yaml: file cannot be read "
        "(permission denied)\n2 problems found; nothing was built.\n")


# --- interrupted and killed builds ----------------------------------------------------------------------------

def start_build(content: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([*BUILD, "build", "--content", str(content), "--out", str(out)], cwd=content.parent,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_staging(out: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while not list(out.parent.glob(f".{out.name}-build-*/online")) and time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        time.sleep(0.02)


def test_ctrl_c_during_a_build_says_interrupted_and_leaves_the_site_and_no_staging_folder(content, tmp_path,
                                                                                        site_of_ours):
    out = tmp_path / "site"
    shutil.copytree(site_of_ours, out)
    before = tree(out)
    process = start_build(content, out)
    wait_for_staging(out, process)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert (process.returncode, stdout, stderr) == (1, "", "interrupted.\n")
    assert tree(out) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["content", "site"]


def test_a_build_killed_at_any_moment_leaves_a_whole_site_and_the_next_build_tidies_up(content, tmp_path,
                                                                                      site_of_ours):
    out = tmp_path / "site"
    shutil.copytree(site_of_ours, out)
    for delay in (0.0, 0.3, 0.6, 0.9, 1.2, 1.5, 2.0, 2.5):
        process = start_build(content, out)
        time.sleep(delay)
        process.kill()
        process.communicate()
        assert (out / STAMP).is_file() and (out / "index.html").is_file(), f"no whole site after a kill at {delay} s"
    assert run([*BUILD, "build", "--content", str(content), "--out", str(out)], cwd=tmp_path).returncode == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == ["content", "site"]


def test_a_read_only_site_of_ours_is_replaced_and_nothing_is_left_behind(shared_tmp):
    out = shared_tmp / "public" / "site"
    out.parent.mkdir()
    if os.geteuid() == 0:
        shutil.chown(out.parent, "nobody", "nogroup")
    command = unprivileged(*BUILD, "build", "--content", str(shared_tmp / "content"), "--out", str(out))
    assert run(command, cwd=shared_tmp).returncode == 0
    for path in [out, *out.rglob("*")]:
        if path.is_dir():
            path.chmod(0o555)
    result = run(command, cwd=shared_tmp)
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in out.parent.iterdir()) == ["site"]
