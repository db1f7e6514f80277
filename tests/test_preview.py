"""The preview (`build.py serve`): after a save, only the pages that changed are built again, and the result is the
full build's, byte for byte: the full build is the reference for what is correct."""
from __future__ import annotations

import shutil

import pytest

from compendium.mkdocs_adapter import Preview
from compendium.settings import load_settings
from conftest import PROJECT, replace

SETTINGS = load_settings(PROJECT / "settings.yaml")
SITE_URL = "http://127.0.0.1:8000/compendium/"
CARD = "practice/peel-2023-25/investigating-crime/kent-video-calls.yaml"


@pytest.fixture
def preview(content, tmp_path) -> Preview:
    return Preview(SETTINGS, content, tmp_path / "preview", SITE_URL)


def files_of(folder) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def differences_from_a_full_build(preview: Preview, tmp_path) -> list[str]:
    full = Preview(SETTINGS, preview.content, tmp_path / "full", SITE_URL)
    updated, reference = files_of(preview.site_dir), files_of(full.site_dir)
    return sorted(name for name in updated.keys() | reference.keys() if updated.get(name) != reference.get(name))


def saved(preview: Preview) -> list[str]:
    """What the server does after a save; the pages built again."""
    built = []
    preview.update = (lambda update: lambda compendium: built.extend(update(compendium)) or built)(preview.update)
    preview.rebuild()
    return built


def test_a_changed_title_and_outcome_rebuild_only_the_pages_that_show_the_card(preview, content):
    replace(content / CARD, "title: Video calls for domestic abuse callers", "title: Video calls, renamed")
    replace(content / CARD, "350 calls answered", "360 calls answered")
    assert saved(preview) == ["source-notes/", "find/", "peel-2023-25/investigating-crime/", "forces/kent/",
                              "themes/domestic-abuse/", "themes/technology-data/", "whats-new/1.0/"]


def test_a_changed_card_gives_the_full_builds_site_byte_for_byte(preview, content, tmp_path):
    replace(content / CARD, "title: Video calls for domestic abuse callers", "title: Video calls, renamed")
    replace(content / CARD, "Callers get a *video link*", "Callers get a **video link**")
    replace(content / CARD, "themes: [domestic-abuse, technology-data]", "themes: [domestic-abuse]")
    preview.rebuild()
    assert differences_from_a_full_build(preview, tmp_path) == []


def test_an_added_card_gives_the_full_builds_site_byte_for_byte(preview, content, tmp_path):
    new = (content / CARD).with_name("kent-video-calls-two.yaml")
    shutil.copy(content / CARD, new)
    replace(new, "id: kent-video-calls", "id: kent-video-calls-two")
    replace(new, "title: Video calls for domestic abuse callers", "title: A second video service")
    preview.rebuild()
    assert differences_from_a_full_build(preview, tmp_path) == []


def test_a_removed_card_gives_the_full_builds_site_byte_for_byte(preview, content, tmp_path):
    (content / CARD).with_name("gwent-case-files.yaml").unlink()
    preview.rebuild()
    assert differences_from_a_full_build(preview, tmp_path) == []


def test_a_changed_organisation_rebuilds_the_whole_site(preview, content, tmp_path):
    replace(content / "forces/kent.yaml", "name: Kent Police", "name: Kent Constabulary")
    assert saved(preview) == []  # no page-by-page update: the whole site was built again
    assert "Kent Constabulary" in (preview.site_dir / "forces/kent/index.html").read_text(encoding="utf-8")
    assert differences_from_a_full_build(preview, tmp_path) == []


def test_a_save_with_a_problem_keeps_the_last_good_preview_and_says_what_is_wrong(preview, content, capsys):
    before = files_of(preview.site_dir)
    replace(content / CARD, "practice_type: innovative", "practice_type: inovative")
    preview.rebuild()
    assert files_of(preview.site_dir) == before
    err = capsys.readouterr().err
    assert err.startswith("the content has problems; the preview shows the last good version:\n")
    assert f"{CARD}:6:16: practice_type:" in err


def test_on_the_shipped_content_a_changed_card_gives_the_full_builds_site_byte_for_byte(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(PROJECT / "content", content)
    preview = Preview(SETTINGS, content, tmp_path / "preview", SITE_URL)
    card = content / "practice/peel-2023-25/investigating-crime/kent-support-dogs-victim-interviews.yaml"
    replace(card, "title: Support dogs help vulnerable people during interviews", "title: Support dogs, renamed")
    replace(card, "themes: [", "themes: [neighbourhood-policing, ")
    preview.rebuild()
    assert differences_from_a_full_build(preview, tmp_path) == []


def test_build_py_serve_shows_a_saved_card_having_rebuilt_only_its_pages(content, tmp_path):
    from bench.reload import dev_server, seconds_until_shown

    log = tmp_path / "serve.log"
    with dev_server(content, log, start_timeout=120) as root:
        seconds_until_shown(content / CARD, root + "peel-2023-25/investigating-crime/", timeout=60)
    assert "Rebuilt 7 pages in " in log.read_text(encoding="utf-8")
