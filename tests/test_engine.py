"""One engine for any compendium: a fictional fire-service digest (tests/fixtures/fire/) checks and builds
from its own folder, with its own words, scale, regions, routes and edit links, and no code of its own."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import build
from conftest import replace
from hostile import parse_html

FIRE = Path(__file__).resolve().parent / "fixtures" / "fire"
DOMAIN_WORDS = re.compile(r"\b(police|policing|peel|hmicfrs|forces?|constabular\w*)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def fire_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fire") / "site"
    assert build.main(["build", "--config", str(FIRE / "settings.yaml"), "--out", str(out)]) == 0
    return out


@pytest.fixture
def fire(tmp_path, monkeypatch) -> Path:
    """A copy of the digest, safe to break; the working folder is its folder."""
    folder = tmp_path / "fire"
    shutil.copytree(FIRE, folder)
    # its site configuration points at the engine's own files by paths relative to tests/fixtures/fire/
    replace(folder / "mkdocs.yml", "../../../", str(Path(build.__file__).parent) + "/")
    monkeypatch.chdir(folder)
    return folder


def test_the_digest_checks_in_its_own_words(cli):
    assert cli("check", "--config", FIRE / "settings.yaml") == (
        0, "Content is valid: 3 practice examples, 3 services, 1 frameworks, 2 themes.\n", "")


def test_no_page_of_the_digest_carries_a_word_of_the_policing_compendium(fire_site):
    pages = sorted(fire_site.rglob("*.html"))
    assert len(pages) > 15
    found = {page.relative_to(fire_site).as_posix(): DOMAIN_WORDS.findall(parse_html(page.read_text()).text())
             for page in pages}
    assert {page: words for page, words in found.items() if words} == {}


def test_the_digest_names_its_organisations_in_its_own_word_in_the_navigation_and_the_urls(fire_site):
    assert (fire_site / "services/northshire/index.html").is_file() and not (fire_site / "forces").exists()
    tree = parse_html((fire_site / "services/northshire/index.html").read_text())  # the pruned navigation
    assert "All services" in {link.text() for link in tree.find_all("a", class_="md-nav__link")}
    assert "Services" in {label.text() for label in tree.find_all("label", class_="md-nav__link")}


def test_the_digest_grades_are_coloured_by_their_place_on_its_three_grade_scale(fire_site):
    page = (fire_site / "frs-2024/grades/index.html").read_text()
    for shown in ('grade--tone-0">Strong<', 'grade--tone-2">Fair<', 'grade--tone-4">Weak<',
                  'grade--status">Not assessed<'):
        assert shown in page


def test_the_digest_edit_links_point_at_its_repository_branch_and_content_path(fire_site):
    page = (fire_site / "frs-2024/prevention/index.html").read_text()
    assert 'href="https://github.com/example/fire-digest/edit/trunk/digest/content/practice/frs-2024/prevention/' \
           'northshire-smoke-alarm-fitting.yaml"' in page


def test_a_region_the_digest_does_not_have_is_refused_with_its_own(cli, fire):
    replace(fire / "content/forces/eastdale.yaml", "country: North", "country: Norht")
    assert cli("check", "--config", fire / "settings.yaml") == (
        1, "", "content/forces/eastdale.yaml:3:10: country: 'Norht' is not a region of this compendium (North, South); "
               "did you mean 'North'?\n1 problem found; nothing was built.\n")


def test_an_unknown_service_is_called_a_service(cli, fire):
    replace(fire / "content/practice/frs-2024/prevention/northshire-smoke-alarm-fitting.yaml",
            "forces: [northshire]", "forces: [northshir]")
    assert cli("check", "--config", fire / "settings.yaml")[2].startswith(
        "content/practice/frs-2024/prevention/northshire-smoke-alarm-fitting.yaml:3:10: unknown service 'northshir'; "
        "did you mean 'northshire'?")


def test_new_card_takes_the_digests_newest_graded_framework(cli, fire):
    code, out, _ = cli("new-card", "--config", fire / "settings.yaml", "--force", "eastdale", "--area", "prevention")
    assert code == 0 and (fire / "content/practice/frs-2024/prevention/eastdale-new-practice.yaml").is_file()


def test_a_template_in_the_override_folder_replaces_the_default(cli, fire, tmp_path):
    (fire / "overrides").mkdir()
    (fire / "overrides/themes.md.j2").write_text("# Themes\n\n<p>Our own theme index: {{ c.themes|length }}.</p>\n")
    with open(fire / "settings.yaml", "a") as settings:
        settings.write("templates: overrides\n")
    assert cli("build", "--config", fire / "settings.yaml", "--out", tmp_path / "site")[0] == 0
    assert "Our own theme index: 2." in (tmp_path / "site/themes/index.html").read_text()


def test_a_mistake_in_the_settings_file_is_reported_at_its_line(cli, fire):
    with open(fire / "settings.yaml", "a") as settings:
        settings.write("templtes: overrides\n")
    assert cli("check", "--config", fire / "settings.yaml") == (
        1, "", "settings.yaml:8:1: unknown field 'templtes'; did you mean 'templates'?\n"
               "1 problem found; nothing was built.\n")


# --- a second engine builds the same pages ---------------------------------------------------------------

def test_zensical_builds_the_pages_written_for_any_engine_and_every_link_resolves(cli, tmp_path):
    """The move off MkDocs is one file: the pages on disk, with links that hold whichever way an engine resolves
    them. Only the offline zip is missing: `build.py build` derives it from its own build."""
    import subprocess
    import sys

    from conftest import FIXTURE
    from sitecheck import broken_links

    out = tmp_path / "pages"
    code, stdout, _ = cli("pages", "--content", FIXTURE, "--out", out)
    assert code == 0 and stdout == (f"Wrote the pages into {out / 'docs'} and their configuration, for any engine, "
                                    f"into {out / 'mkdocs.yml'}\n")
    zensical = Path(sys.executable).parent / "zensical"
    result = subprocess.run([str(zensical), "build", "--strict", "-f", "mkdocs.yml"], cwd=out, capture_output=True,
                            text=True, timeout=300, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    site = out / "site"
    assert {path.relative_to(site).as_posix() for path in site.rglob("index.html")} >= {
        "index.html", "forces/kent/index.html", "peel-2023-25/investigating-crime/index.html",
        "themes/domestic-abuse/index.html", "whats-new/1.0/index.html", "accessibility/index.html"}
    assert broken_links(site, base="/compendium/") == ["downloads/index.html -> compendium-site.zip"]
