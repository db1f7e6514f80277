"""The offline copy is made from the site's one build (compendium/copies.py): the same pages, the same search entries,
the same files, with exactly these differences: links to a page's folder spell out index.html, the search index is
also a script, and the downloads page speaks of the unzipped folder instead of the zip."""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from compendium.copies import offline_location, offline_url

MARK_CHARACTERS = re.compile("[\x0e\x0f\x10\x11\x1c-\x1f]|\\\\u00(0e|0f|10|11|1c|1d|1e|1f)", re.IGNORECASE)
ATTRIBUTE_URL = re.compile(r'(href|src)="([^"]*)"')


@pytest.fixture(scope="module")
def offline(real_site, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("unzipped")
    zipfile.ZipFile(real_site / "downloads/compendium-site.zip").extractall(folder)
    return folder / "compendium-site"


def folder_links_as_served(html: str) -> str:
    """A page with every link to a page's index.html written as the folder link the served site uses."""
    def served(match: re.Match) -> str:
        path, hash_mark, anchor = match.group(2).partition("#")
        if not re.match(r"[a-z]+:", path) and (path == "index.html" or path.endswith("/index.html")):
            path = path.removesuffix("index.html") or "./"
        elif path and set(path.split("/")) <= {".", ".."}:
            path += "/"
        return f'{match.group(1)}="{path}{hash_mark}{anchor}"'
    return ATTRIBUTE_URL.sub(served, html)


def pages(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8") for path in site.rglob("*.html")}


def test_the_offline_copy_holds_every_file_of_the_site_and_its_index_as_a_script(real_site, offline):
    served = {path.relative_to(real_site).as_posix() for path in real_site.rglob("*") if path.is_file()}
    copied = {path.relative_to(offline).as_posix() for path in offline.rglob("*") if path.is_file()}
    assert served - copied == {".compendium-build", "downloads/compendium-site.zip"}
    assert copied - served == {"search/search_index.js"}


def test_every_page_offline_is_the_served_page_with_only_its_folder_links_spelt_out(real_site, offline):
    served, copied = pages(real_site), pages(offline)
    differing = [name for name in served if name != "downloads/index.html"
                 and folder_links_as_served(copied[name]) != folder_links_as_served(served[name])]
    assert differing == []


def test_no_offline_page_links_to_a_folder(offline):
    folder_links = [f"{name}: {url}" for name, html in pages(offline).items() if name != "404.html"
                    for _, url in ATTRIBUTE_URL.findall(html)
                    if not re.match(r"[a-z]+:|#", url) and (url.split("#")[0].endswith("/")
                                                            or set(url.split("#")[0].split("/")) <= {".", ".."})]
    assert folder_links == []


def test_the_downloads_page_offline_speaks_of_the_folder_and_online_of_the_zip(real_site, offline):
    served = (real_site / "downloads/index.html").read_text(encoding="utf-8")
    copied = (offline / "downloads/index.html").read_text(encoding="utf-8")
    zip_size = (real_site / "downloads/compendium-site.zip").stat().st_size
    assert "You are reading the offline copy" in copied and "compendium-site.zip</a>" not in copied
    assert "You are reading the offline copy" not in served
    assert f"compendium-site.zip (ZIP, {zip_size / 1024 ** 2:.1f} MB)" in served


def test_the_offline_search_index_has_the_same_entries_at_index_html_locations(real_site, offline):
    served = json.loads((real_site / "search/search_index.json").read_text(encoding="utf-8"))
    copied = json.loads((offline / "search/search_index.json").read_text(encoding="utf-8"))
    script = (offline / "search/search_index.js").read_text(encoding="utf-8")
    assert script.startswith("var __index = ") and json.loads(script.removeprefix("var __index = ")) == copied
    assert copied["config"] == served["config"]
    assert [{**entry, "location": offline_location(entry["location"])} for entry in served["docs"]] == copied["docs"]
    assert {"forces/kent/index.html", "index.html"} <= {entry["location"] for entry in copied["docs"]}


def test_no_mark_of_the_build_is_left_in_any_file_of_either_copy(real_site, offline):
    marked = [str(path) for site in (real_site, offline) for path in site.rglob("*")
              if path.suffix in (".html", ".json", ".js", ".xml") and MARK_CHARACTERS.search(path.read_text("utf-8"))]
    assert marked == []


@pytest.mark.parametrize("url, expected", [
    ("../forces/kent/", "../forces/kent/index.html"),
    ("../forces/kent/#kent-support-dogs", "../forces/kent/index.html#kent-support-dogs"),
    ("./", "./index.html"),
    ("..", "../index.html"),
    ("../..", "../../index.html"),
    ("/compendium/", "/compendium/index.html"),
    ("#top", "#top"),
    ("../assets/grades.css", "../assets/grades.css"),
    ("feed.xml", "feed.xml"),
])
def test_offline_links_to_a_folder_spell_out_its_index_and_leave_files_as_they_are(url, expected):
    assert offline_url(url) == expected


@pytest.mark.parametrize("location, expected", [
    ("", "index.html"), ("#about", "index.html#about"), ("forces/kent/", "forces/kent/index.html"),
    ("forces/kent/#grades", "forces/kent/index.html#grades")])
def test_search_locations_offline_name_the_index_file(location, expected):
    assert offline_location(location) == expected
