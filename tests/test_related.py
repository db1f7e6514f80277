"""Related practice: each card names up to three cards of other organisations on the same themes and area.

The rule (Compendium.related_cards): cards sharing no organisation with the card; first those of the same
framework and area that share themes with it, most themes shared first; then the rest of that area; then cards
elsewhere that share themes, most shared first; ties in card order; never the card itself or a card that reports
the same practice. The fixture's kent-video-calls (Kent; Investigating crime; domestic abuse, technology and data)
is the card under test; each test adds the cards it needs to a copy of the fixture.
"""
from __future__ import annotations

import json
import re

import pytest
import yaml

from compendium import PROJECT, check
from compendium.context import RELATED_PRACTICE
from compendium.render import render_handout
from conftest import FIXTURE, write

REAL = check(PROJECT / "content")
CARD = "practice/peel-2023-25/investigating-crime/kent-video-calls.yaml"
TEMPLATE = yaml.safe_load((FIXTURE / CARD).read_text(encoding="utf-8"))
BOTH = ["domestic-abuse", "technology-data"]


def add_card(content, card_id: str, forces: list[str], themes: list[str], area: str = "investigating-crime",
             **fields) -> None:
    card = {**TEMPLATE, "id": card_id, "title": f"Title of {card_id}", "forces": forces, "area": area,
            "themes": themes, "attribution": "printed" if forces else "unknown", **fields}
    write(content, f"practice/peel-2023-25/{area}/{card_id}.yaml", yaml.safe_dump(card, sort_keys=False))


def add_theme(content, theme_id: str) -> None:
    with open(content / "themes.yaml", "a", encoding="utf-8") as themes:
        themes.write(f"- id: {theme_id}\n  title: Theme {theme_id}\n  description: A theme for the tests.\n")


def related(content, card_id: str = "kent-video-calls") -> list[str]:
    return [card.id for card in check(content).related_cards[card_id]]


# --- the rule, on the fixture ---------------------------------------------------------------------

def test_cards_of_the_same_area_sharing_more_themes_come_first(content):
    add_card(content, "gwent-victim-video", ["gwent"], BOTH)  # after gwent-case-files in card order
    assert related(content) == ["gwent-victim-video", "gwent-case-files"]


def test_the_rest_of_the_area_comes_before_cards_elsewhere_that_share_themes(content):
    add_theme(content, "youth")
    add_card(content, "gwent-leadership-video", ["gwent"], BOTH, area="leadership")
    add_card(content, "gwent-youth-panel", ["gwent"], ["youth"])
    assert related(content) == ["gwent-case-files", "gwent-youth-panel", "gwent-leadership-video"]


def test_cards_elsewhere_come_by_the_number_of_themes_shared(content):
    add_card(content, "gwent-leadership-one", ["gwent"], ["domestic-abuse"], area="leadership")
    add_card(content, "gwent-leadership-two", ["gwent"], BOTH, area="leadership")
    assert related(content) == ["gwent-case-files", "gwent-leadership-two", "gwent-leadership-one"]


def test_cards_elsewhere_sharing_no_theme_are_not_related(content):
    add_theme(content, "youth")
    add_card(content, "gwent-leadership-youth", ["gwent"], ["youth"], area="leadership")
    assert related(content) == ["gwent-case-files"]


def test_ties_keep_the_order_of_the_cards(content):
    for card_id in ("gwent-c-third", "gwent-a-first", "gwent-b-second"):
        add_card(content, card_id, ["gwent"], ["domestic-abuse"])
    assert related(content) == ["gwent-a-first", "gwent-b-second", "gwent-c-third"]


def test_a_card_names_at_most_three(content):
    for card_id in ("gwent-one", "gwent-two", "gwent-three", "gwent-four"):
        add_card(content, card_id, ["gwent"], BOTH)
    assert RELATED_PRACTICE == 3
    assert related(content) == ["gwent-four", "gwent-one", "gwent-three"]


def test_no_card_of_an_organisation_the_card_names_is_related(content):
    add_card(content, "kent-second-video", ["kent"], BOTH)
    add_card(content, "gwent-and-kent-video", ["gwent", "kent"], BOTH)
    assert related(content) == ["gwent-case-files"]
    assert related(content, "gwent-and-kent-video") == []


def test_a_card_is_never_related_to_itself_or_to_the_same_practice_reported_elsewhere(content):
    add_card(content, "gwent-same-video", ["gwent"], BOTH, same_as=["kent-video-calls"])
    assert related(content) == ["gwent-case-files"]
    assert related(content, "gwent-same-video") == []


def test_a_card_whose_organisation_the_source_does_not_name_shares_none(content):
    add_card(content, "unnamed-video", [], BOTH)
    assert related(content) == ["unnamed-video", "gwent-case-files"]


def test_the_fixtures_two_cards_of_two_forces_in_one_area_name_each_other():
    assert {card_id: [other.id for other in cards] for card_id, cards in check(FIXTURE).related_cards.items()} == {
        "gwent-case-files": ["kent-video-calls"], "kent-video-calls": ["gwent-case-files"]}


# --- the rule, on the real content ----------------------------------------------------------------

def test_a_real_card_names_the_closest_practice_of_other_forces():
    """Kent's video calls for domestic abuse (Responding to the public; domestic abuse, call handling and contact,
    technology and data): Greater Manchester's online reports share two themes; Durham's and Greater Manchester's
    call handling one, ahead of South Wales and West Midlands (one each) in card order. No Kent card is named."""
    card = REAL.card_by_id["kent-domestic-abuse-video-call-response"]
    assert [other.id for other in REAL.related_cards[card.id]] == [
        "greater-manchester-online-report-pdf-automation", "durham-control-room-demand-reduction",
        "greater-manchester-call-handler-recruitment"]
    assert all("kent" not in other.forces for other in REAL.related_cards[card.id])


def brute_force(compendium, card) -> list[str]:
    """The rule written plainly, for comparison: rank every other card, keep the first three."""
    order = {other.id: index for index, other in enumerate(compendium.cards)}
    same = {other.id for other in compendium.same_practice.get(card.id, [])}
    ranked = []
    for other in compendium.cards:
        if other.id == card.id or other.id in same or set(other.forces) & set(card.forces):
            continue
        shared = len(set(other.themes) & set(card.themes))
        in_area = (other.framework, other.area) == (card.framework, card.area)
        if in_area or shared:
            ranked.append(((0 if shared else 1) if in_area else 2, -shared, order[other.id], other.id))
    return [item[-1] for item in sorted(ranked)[:3]]


def test_every_real_card_follows_the_rule_as_written_plainly():
    assert {card.id: [other.id for other in REAL.related_cards[card.id]] for card in REAL.cards} == \
        {card.id: brute_force(REAL, card) for card in REAL.cards}


def test_every_real_card_names_three_related_cards():
    assert {len(cards) for cards in REAL.related_cards.values()} == {3}


# --- on the page --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def area_page(real_site):
    return (real_site / "peel-2023-25/responding-to-the-public/index.html").read_text(encoding="utf-8")


def test_a_card_shows_its_related_practice_with_links_and_forces(area_page):
    body = area_page.split('id="kent-domestic-abuse-video-call-response"', 1)[1].split('<p class="card__links">')[0]
    assert ('<dt data-search-exclude>Related practice</dt>\n<dd class="card__related" data-search-exclude>'
            '<a href="./#greater-manchester-online-report-pdf-automation">Online crime reports converted '
            'automatically into incident logs</a> (Greater Manchester Police); '
            '<a href="./#durham-control-room-demand-reduction">Reducing demand on the control room</a> '
            '(Durham Constabulary); ') in body


def test_a_card_alone_in_its_area_links_related_practice_on_other_pages(real_site):
    """Suffolk's call queue is the only card of PEEL 2021/22's victim service: its related practice comes from
    Responding to the public, which shares its themes, and each link points at its card there."""
    page = (real_site / "peel-2021-22/victim-service/index.html").read_text(encoding="utf-8")
    block = page.split("Related practice</dt>", 1)[1].split("</dd>", 1)[0]
    assert re.findall(r'href="([^"]*)"', block) == [
        "../responding-to-the-public/#cleveland-repeat-caller-software",
        "../responding-to-the-public/#dyfed-powys-pegasus-scheme",
        "../responding-to-the-public/#hampshire-and-isle-of-wight-rapid-video-response"]


def test_related_practice_is_left_out_of_the_search_index(real_site):
    index = json.loads((real_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert not [doc["location"] for doc in index["docs"] if "Related practice" in doc["text"]]


def test_the_handout_links_related_practice_within_itself():
    handout = render_handout(REAL).split('id="card--kent-domestic-abuse-video-call-response"', 1)[1]
    block = handout.split("Related practice</dt>", 1)[1].split("</dd>", 1)[0]
    assert re.findall(r'href="([^"]*)"', block) == ["#card--greater-manchester-online-report-pdf-automation",
                                                   "#card--durham-control-room-demand-reduction",
                                                   "#card--greater-manchester-call-handler-recruitment"]
