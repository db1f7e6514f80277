"""The Atom feed (RFC 4287) of the practice each version added: feed.xml at the site's root, announced on every page.

Read back with xml.etree: one entry per card with added_in, newest version first, each dated by its version's
release and linking to its card; card text stays text (the hostile payloads); the site, the offline zip and the
export carry the same file.
"""
from __future__ import annotations

import datetime
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile

import pytest
import yaml

from compendium import PROJECT, check
from compendium.publish import FEED, feed, plain_text
from conftest import FIXTURE, replace
from hostile import load_payloads, normalise, shown_as_markdown
from compendium.model import INVISIBLE
from sitecheck import parse

REAL = check(PROJECT / "content")
ATOM = "{http://www.w3.org/2005/Atom}"
CARD = "practice/peel-2023-25/investigating-crime/kent-video-calls.yaml"
ADDED = [card for release in REAL.releases_newest_first for card in REAL.cards_by_version.get(release.version, [])]


@pytest.fixture(scope="module")
def built_feed(real_site) -> ET.Element:
    return ET.fromstring((real_site / FEED).read_bytes())


def entries(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{ATOM}entry")


def field(element: ET.Element, name: str) -> str:
    return element.find(f"{ATOM}{name}").text


# --- the feed itself --------------------------------------------------------------------------------

def test_the_feed_is_atom_at_the_site_root(built_feed):
    assert built_feed.tag == f"{ATOM}feed"


def test_the_feed_has_one_entry_per_card_with_a_version(built_feed):
    assert len(entries(built_feed)) == sum(1 for card in REAL.cards if card.added_in) == 33


def test_entries_come_newest_version_first_then_in_card_order(built_feed):
    assert [field(entry, "title") for entry in entries(built_feed)] == [card.title for card in ADDED]
    assert [card.added_in for card in ADDED[:9]] == ["1.6"] * 9


def test_the_feed_names_itself_its_publisher_and_the_compendiums_date(built_feed):
    assert field(built_feed, "title") == "UK Policing Compendium of Operational Practice: practice examples added " \
                                         "in each version"
    assert field(built_feed, "updated") == "2025-07-21T00:00:00Z"
    assert built_feed.find(f"{ATOM}author/{ATOM}name").text == "Scottish Police Authority"
    assert re.fullmatch(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
                        field(built_feed, "id"))
    assert [(link.get("rel"), link.get("type"), link.get("href")) for link in built_feed.findall(f"{ATOM}link")] == [
        ("self", "application/atom+xml", "feed.xml"), ("alternate", "text/html", "whats-new/")]


def test_every_entry_has_what_atom_requires(built_feed):
    for entry in entries(built_feed):
        assert [child.tag.removeprefix(ATOM) for child in entry][:5] == ["id", "title", "updated", "link", "summary"]


def test_entry_ids_are_distinct_name_based_uuids(built_feed):
    ids = [field(entry, "id") for entry in entries(built_feed)]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", each) for each in ids)


def test_an_entry_keeps_its_id_when_its_card_is_edited(content):
    before = field(entries(ET.fromstring(feed(check(content))))[0], "id")
    replace(content / CARD, "Video calls for domestic abuse callers", "Video calls, renamed")
    replace(content / CARD, "350 calls answered", "360 calls answered")
    assert field(entries(ET.fromstring(feed(check(content))))[0], "id") == before


def test_each_entry_is_dated_by_its_versions_release(built_feed):
    dates = {card.title: card.added_in for card in ADDED}
    assert {(dates[field(entry, "title")], field(entry, "updated")) for entry in entries(built_feed)} == {
        ("1.6", "2025-07-21T00:00:00Z"), ("1.5", "2025-02-01T00:00:00Z")}


def test_a_version_the_history_dates_by_month_is_dated_the_first_of_that_month():
    assert REAL.release_dates == {"1.5": datetime.date(2025, 2, 1), "1.6": datetime.date(2025, 7, 21)}


def test_each_entry_links_to_its_card_on_its_area_page(real_site, built_feed):
    for entry, card in zip(entries(built_feed), ADDED):
        href = entry.find(f"{ATOM}link").get("href")
        assert href == f"{card.framework}/{card.area}/#{card.id}"
        page, anchor = href.split("#")
        assert anchor in parse(real_site / page / "index.html").ids


def test_each_entrys_summary_is_its_outcome_as_plain_text(built_feed):
    for entry, card in zip(entries(built_feed), ADDED):
        assert entry.find(f"{ATOM}summary").get("type") == "text"
        assert field(entry, "summary") == plain_text(card.outcome)
    assert plain_text("Cut *waiting* by [half](https://example.org/a) &amp; more.\n\n- one\n- two") == \
        "Cut waiting by half &amp; more. one two"


def test_each_entry_carries_its_themes_as_categories(built_feed):
    first = entries(built_feed)[0]
    assert [(category.get("term"), category.get("label")) for category in first.findall(f"{ATOM}category")] == [
        (theme, REAL.theme_by_id[theme].title) for theme in ADDED[0].themes]


def test_the_built_feed_is_the_feed_of_the_content(real_site):
    assert (real_site / FEED).read_text(encoding="utf-8") == feed(REAL)


# --- where it is published and announced --------------------------------------------------------------

def test_every_page_announces_the_feed_by_a_link_that_resolves_to_it(real_site):
    for path in real_site.rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        hrefs = re.findall(r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)"', html)
        assert len(hrefs) == 1, path
        assert (path.parent / hrefs[0]).resolve() == (real_site / FEED).resolve(), path


@pytest.mark.parametrize("page", ["whats-new/index.html", "downloads/index.html"])
def test_whats_new_and_downloads_link_the_feed_visibly(real_site, page):
    html = (real_site / page).read_text(encoding="utf-8")
    assert '<a href="../feed.xml" type="application/atom+xml">Subscribe (Atom feed)</a>' in html


def test_the_offline_zip_holds_the_same_feed(real_site):
    with zipfile.ZipFile(real_site / "downloads/compendium-site.zip") as archive:
        assert archive.read(f"compendium-site/{FEED}") == (real_site / FEED).read_bytes()


def test_the_export_writes_the_feed_beside_the_data(cli, content, tmp_path):
    assert cli("export", "--content", content, "--out", tmp_path / "data")[0] == 0
    assert (tmp_path / "data" / FEED).read_text(encoding="utf-8") == feed(check(content))


# --- untrusted text stays text ------------------------------------------------------------------------

PAYLOADS = {index: payload for index, payload in enumerate(load_payloads()) if not INVISIBLE.search(payload)}


@pytest.fixture(scope="module")
def hostile_feed(tmp_path_factory) -> ET.Element:
    """The fixture plus one card per payload, the payload as its title and outcome, all added in version 1.1."""
    content = tmp_path_factory.mktemp("hostile-feed") / "content"
    shutil.copytree(FIXTURE, content)
    template = yaml.safe_load((content / CARD).read_text(encoding="utf-8"))
    for index, payload in PAYLOADS.items():
        card = {**template, "id": f"kent-hostile-{index:03d}", "title": payload.replace("\t", " "),
                "outcome": payload, "added_in": "1.1"}
        (content / CARD).with_name(f"kent-hostile-{index:03d}.yaml").write_text(
            yaml.safe_dump(card, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    return ET.fromstring(feed(check(content)))


def test_every_hostile_title_is_the_text_of_its_entry_title(hostile_feed):
    titles = {field(entry, "id"): field(entry, "title") for entry in entries(hostile_feed)}
    assert sorted(titles.values()) == sorted([payload.replace("\t", " ") for payload in PAYLOADS.values()]
                                             + ["Video calls for domestic abuse callers"])


def test_every_hostile_outcome_is_the_text_of_its_summary(hostile_feed):
    summaries = {field(entry, "title"): field(entry, "summary") or "" for entry in entries(hostile_feed)}
    for payload in PAYLOADS.values():
        assert normalise(summaries[payload.replace("\t", " ")]) == normalise(shown_as_markdown(payload)), payload


def test_no_hostile_text_adds_an_element_or_attribute_to_the_feed(hostile_feed):
    allowed = {"feed": set(), "title": {"type"}, "subtitle": set(), "id": set(), "updated": set(),
               "link": {"rel", "type", "href"}, "author": set(), "name": set(), "rights": set(), "entry": set(),
               "summary": {"type"}, "category": {"term", "label"}}
    for element in hostile_feed.iter():
        assert element.tag.removeprefix(ATOM) in allowed and set(element.attrib) <= allowed[
            element.tag.removeprefix(ATOM)], element.tag
    assert {link.get("href") for entry in entries(hostile_feed) for link in entry.findall(f"{ATOM}link")} == {
        f"peel-2023-25/investigating-crime/#{card_id}" for card_id in
        ["kent-video-calls", *(f"kent-hostile-{index:03d}" for index in PAYLOADS)]}


def test_a_character_xml_cannot_hold_is_dropped_and_the_feed_stays_readable(content):
    replace(content / CARD, "title: Video calls for domestic abuse callers",
            'title: "Video calls \\uFFFE for domestic abuse callers"')
    root = ET.fromstring(feed(check(content)))
    assert field(entries(root)[0], "title") == "Video calls  for domestic abuse callers"

