"""End to end over the real content: the shipped site built with mkdocs --strict, read back."""
from collections import Counter
import csv
import re

import pytest

from compendium import PROJECT, check
from sitecheck import broken_links, parse

COMPENDIUM = check(PROJECT / "content")


def test_every_area_and_force_has_a_page(real_site):
    for framework in COMPENDIUM.frameworks:
        assert (real_site / framework.id / "index.html").exists()
        for area in framework.areas:
            assert (real_site / framework.id / area.id / "index.html").exists(), area.id
    for force in COMPENDIUM.forces:
        assert (real_site / "forces" / force.id / "index.html").exists(), force.id


def test_every_page_kind_is_built(real_site):
    for page in ["index.html", "forces/index.html", "peel-2023-25/grades/index.html", "themes/index.html",
                 "whats-new/index.html", "whats-new/1.6/index.html", "source-notes/index.html"]:
        assert (real_site / page).exists(), page


def test_every_internal_link_and_anchor_resolves(real_site):
    assert broken_links(real_site, base="/compendium/") == []


@pytest.mark.parametrize("framework, area", [(f.id, a.id) for f in COMPENDIUM.frameworks for a in f.areas])
def test_each_area_page_lists_exactly_the_cards_of_that_area(real_site, framework, area):
    page = parse(real_site / framework / area / "index.html")
    expected = [card.id for card in COMPENDIUM.cards if (card.framework, card.area) == (framework, area)]
    assert page.cards == expected


def test_each_force_page_links_every_card_of_that_force(real_site):
    for force in COMPENDIUM.forces:
        links = parse(real_site / "forces" / force.id / "index.html").links
        for card in COMPENDIUM.cards_by_force.get(force.id, []):
            assert f"../../{card.framework}/{card.area}/#{card.id}" in links, card.id


def test_every_card_of_section_one_is_shipped():
    counts = {area: len(cards) for (framework, area), cards in COMPENDIUM.cards_by_area.items()
              if framework == "peel-2023-25"}
    assert counts == {"police-powers": 12, "preventing-crime": 34, "responding-to-the-public": 8,
                      "investigating-crime": 10, "protecting-vulnerable-people": 15, "managing-offenders": 11,
                      "workforce": 16, "leadership": 10}


def test_every_card_of_section_two_is_shipped():
    counts = Counter(card.area for card in COMPENDIUM.cards
                     if card.framework == "peel-2021-22" and card.read_from == "spa-compendium")
    assert counts == {"victim-service": 1, "treating-public-fairly": 29, "preventing-crime": 25,
                      "responding-to-the-public": 12, "investigating-crime": 14, "protecting-vulnerable-people": 18,
                      "managing-offenders": 11, "serious-organised-crime": 13, "workforce": 23, "leadership": 15}


def test_each_area_page_states_the_number_of_cards_it_lists(real_site):
    for (framework, area), cards in COMPENDIUM.cards_by_area.items():
        text = (real_site / framework / area / "index.html").read_text(encoding="utf-8")
        assert f"{len(cards)} practice examples</p>" in text, (framework, area)


def test_the_notes_page_lists_every_note_of_every_framework(real_site):
    text = (real_site / "source-notes/index.html").read_text(encoding="utf-8")
    for framework in COMPENDIUM.frameworks:
        notes = COMPENDIUM.notes_in_framework(framework.id)
        if notes:
            table = text.split(f"Notes on the source for {framework.title}</caption>", 1)[1].split("</table>", 1)[0]
            assert table.count("<tr>") == len(notes) + 1, framework.id  # the header row, then one per note


def test_a_card_whose_force_is_unknown_says_so_on_its_area_page(real_site):
    card = next(card for card in COMPENDIUM.cards if card.attribution == "unknown")
    text = (real_site / card.framework / card.area / "index.html").read_text(encoding="utf-8")
    body = text.split(f'id="{card.id}"', 1)[1].split('class="card__links"', 1)[0]
    assert "Force not named in the source" in body and "grade--" not in body


def test_every_attributed_card_force_has_a_grade_or_status_for_the_card_area():
    for card in COMPENDIUM.cards:
        framework = COMPENDIUM.framework_by_id[card.framework]
        if card.attribution != "unknown":
            for force, grade in COMPENDIUM.card_force_grades(card):
                assert grade in [*framework.grade_scale, *framework.statuses], (card.id, force.id)


def test_a_card_whose_force_is_unknown_names_none_and_is_on_no_force_page():
    unknown = [card for card in COMPENDIUM.cards if card.attribution == "unknown"]
    assert unknown and all(not card.forces and COMPENDIUM.card_grade(card) is None for card in unknown)
    listed = {card.id for cards in COMPENDIUM.cards_by_force.values() for card in cards}
    assert not listed & {card.id for card in unknown}


def test_every_inferred_attribution_is_explained_in_a_note():
    assert all(card.notes for card in COMPENDIUM.cards if card.attribution == "inferred")


def test_every_theme_used_is_declared_and_every_declared_theme_is_used():
    used = {theme for card in COMPENDIUM.cards for theme in card.themes}
    assert used == set(COMPENDIUM.theme_by_id)


def test_every_force_of_england_and_wales_has_a_file_with_its_peel_2023_25_grades():
    assert len(COMPENDIUM.forces) == 43
    inspected = [f for f in COMPENDIUM.forces if f.grades["peel-2023-25"]["police-powers"] != "Not inspected"]
    assert len(inspected) == 39


def test_whats_new_pages_list_exactly_the_cards_added_in_that_version(real_site):
    for release in COMPENDIUM.meta.history:
        links = parse(real_site / "whats-new" / release.version / "index.html").links
        listed = [link.split("#")[1] for link in links if "#" in link and link.startswith("../../peel")]
        assert listed == [card.id for card in COMPENDIUM.cards if card.added_in == release.version]


def test_a_grade_is_always_written_as_text(real_site):
    html = (real_site / "peel-2023-25/grades/index.html").read_text()
    assert html.count('class="grade grade--') == 43 * 12
    assert '<span class="grade grade--tone-3">Requires improvement</span>' in html


def test_the_published_practice_data_matches_the_cards(real_site):
    with open(real_site / "downloads/practice.csv") as practice:
        assert [row["id"] for row in csv.DictReader(practice)] == [card.id for card in COMPENDIUM.cards]


def test_the_site_publishes_the_handout_the_zip_and_the_data(real_site):
    names = sorted(path.name for path in (real_site / "downloads").iterdir())
    ready_answers = [f"grades-{framework}-{view}.csv" for framework in ("peel-2018-19", "peel-2021-22", "peel-2023-25")
                     for view in ("inadequate", "outstanding", "requires-improvement-or-inadequate",
                                  "requires-improvement")]
    assert names == ["areas.csv", "compendium-handout.html", "compendium-site.zip", "compendium.json",
                     "datapackage.json", "forces.csv", *ready_answers,
                     "grades.csv", "index.html", "practice.csv"]


def test_the_handout_needs_no_other_file(real_site):
    handout = parse(real_site / "downloads/compendium-handout.html")
    html = (real_site / "downloads/compendium-handout.html").read_text()
    assert "<script" not in html and "<link" not in html and "<img" not in html and "url(" not in html
    assert all(link.startswith("#") or link.startswith("https://") for link in handout.links)


def test_every_link_in_the_handout_lands_on_an_anchor_in_it(real_site, tmp_path):
    (tmp_path / "handout.html").write_bytes((real_site / "downloads/compendium-handout.html").read_bytes())
    assert broken_links(tmp_path) == []


def test_the_handout_holds_every_card_and_every_force(real_site):
    ids = parse(real_site / "downloads/compendium-handout.html").ids
    assert {f"card--{card.id}" for card in COMPENDIUM.cards} <= ids
    assert {f"page--forces--{force.id}" for force in COMPENDIUM.forces} <= ids


def test_the_offline_zip_holds_a_site_that_links_without_a_server(real_site, tmp_path):
    import zipfile
    zipfile.ZipFile(real_site / "downloads/compendium-site.zip").extractall(tmp_path)
    offline = tmp_path / "compendium-site"
    assert (offline / "search/search_index.js").exists()
    assert (offline / "forces/kent/index.html").exists()  # the same folders as online, index.html spelt out
    assert broken_links(offline, base="/compendium/") == []


def test_the_home_page_lists_areas_with_practice_first_and_names_the_empty_ones_once(real_site):
    text = (real_site / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"\b0 examples", text)
    framework = COMPENDIUM.framework_by_id["peel-2023-25"]
    empty = [area.title for area in COMPENDIUM.areas_without_practice(framework)]
    assert empty and "No practice examples are recorded for " in text
    counts = [len(COMPENDIUM.cards_by_area[(framework.id, area.id)])
              for area in COMPENDIUM.areas_with_practice(framework)]
    assert counts == sorted(counts, reverse=True)


def test_a_search_hit_on_a_card_shows_its_force_area_framework_and_grade(real_site):
    import json
    documents = json.loads((real_site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    [hit] = [doc for doc in documents if doc["location"].endswith("#kent-mental-health-practitioner-advice")]
    assert hit["text"].startswith("<p>Kent Police, graded Good: Preventing and deterring crime and antisocial "
                                  "behaviour, and reducing vulnerability, PEEL 2023–25 Innovative practice</p>")
