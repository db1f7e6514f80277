"""The downloads page gives each file's format and size, measured on the bytes the build writes."""
from __future__ import annotations

import re
import zipfile

import pytest

from compendium import PROJECT, check
from compendium.context import human_size
from compendium.render import render_pages

REAL = check(PROJECT / "content")
FILES = {"grades.csv": "downloads/grades.csv", "practice.csv": "downloads/practice.csv",
         "forces.csv": "downloads/forces.csv", "areas.csv": "downloads/areas.csv",
         "compendium.json": "downloads/compendium.json", "compendium-handout.html": "downloads/compendium-handout.html",
         "compendium-site.zip": "downloads/compendium-site.zip", "feed.xml": "feed.xml"}


def shown(page: str, name: str) -> str:
    """What the page says beside a file: 'CSV, 227 KB'."""
    match = re.search(rf">{re.escape(name)}</a> \(([^)]*)\)|</a>, {re.escape(name)} \(([^)]*)\)", page)
    return match.group(1) or match.group(2)


@pytest.fixture(scope="module")
def downloads_page(real_site) -> str:
    return (real_site / "downloads/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("size, text", [(0, "0 bytes"), (1, "1 byte"), (1023, "1023 bytes"), (1024, "1 KB"),
                                        (41_984, "41 KB"), (42_500, "42 KB"), (1_048_063, "1023 KB"),
                                        (1_048_064, "1.0 MB"), (3_250_000, "3.1 MB"), (27_019_855, "25.8 MB")])
def test_sizes_read_in_bytes_whole_kilobytes_or_megabytes_to_one_decimal(size, text):
    assert human_size(size) == text


def test_the_size_shown_for_grades_csv_is_that_of_the_file_on_the_site(real_site, downloads_page):
    size = (real_site / "downloads/grades.csv").stat().st_size
    kind, kilobytes = re.fullmatch(r"(\w+), (\d+) KB", shown(downloads_page, "grades.csv")).groups()
    assert kind == "CSV" and abs(int(kilobytes) - size / 1024) <= 0.5


@pytest.mark.parametrize("name, kind", [("grades.csv", "CSV"), ("practice.csv", "CSV"), ("forces.csv", "CSV"),
                                        ("areas.csv", "CSV"), ("compendium.json", "JSON"),
                                        ("compendium-handout.html", "HTML"), ("compendium-site.zip", "ZIP"),
                                        ("feed.xml", "Atom feed")])
def test_every_file_is_shown_with_its_format_and_its_size_on_the_site(real_site, downloads_page, name, kind):
    assert shown(downloads_page, name) == f"{kind}, {human_size((real_site / FILES[name]).stat().st_size)}"


def test_the_offline_copy_gives_the_same_sizes_and_needs_none_for_the_zip_it_came_from(real_site, downloads_page):
    with zipfile.ZipFile(real_site / "downloads/compendium-site.zip") as archive:
        offline = archive.read("compendium-site/downloads/index.html").decode("utf-8")
    for name in ("grades.csv", "practice.csv", "compendium.json", "compendium-handout.html", "feed.xml"):
        assert shown(offline, name) == shown(downloads_page, name), name
    assert "compendium-site.zip (" not in offline


def test_pages_rendered_outside_a_build_give_formats_and_no_guessed_size():
    page = render_pages(check(PROJECT / "content"))["downloads/"]
    assert ">grades.csv</a> (CSV)" in page and "compendium-site.zip (ZIP)" in page
    assert not re.search(r"\d (bytes|KB|MB)\)", page)
