"""Several sources and several cycles: national cards naming several forces, the PEEL 2018/19 judgments with
their trends and years, full force reports, and each force's record across cycles."""
import csv
import io
from collections import Counter

import pytest
from markupsafe import escape

from compendium import PROJECT, check
from compendium.context import Compendium
from compendium.publish import data_files
from compendium.render import render_pages
from conftest import replace, write
from test_validate import CARD, problems

REAL = check(PROJECT / "content")
NATIONAL = "hmicfrs-peel-2021-22-national"
NOT_DETERMINABLE = "Not determinable from the source"


# --- the real content against what the sources print ------------------------------------------------

def test_every_national_box_is_one_card_of_its_type():
    # The national report prints 38 boxes headed "Promising practice:" and 10 "Innovative practice:".
    national = [card for card in REAL.cards if card.read_from == NATIONAL]
    assert Counter(card.practice_type for card in national) == {"promising": 38, "innovative": 10}


def test_every_force_named_on_a_national_card_lists_it_on_its_page():
    pages = render_pages(REAL)
    several = [card for card in REAL.cards if card.read_from == NATIONAL and len(card.forces) > 1]
    assert several
    for card in [card for card in REAL.cards if card.read_from == NATIONAL]:
        for force_id in card.forces:
            assert f'#{card.id}">' in pages[REAL.pages.force(force_id)], (card.id, force_id)


def test_a_national_card_naming_no_force_is_on_no_force_page():
    unnamed = [card for card in REAL.cards if card.read_from == NATIONAL and not card.forces]
    assert unnamed and all(card.attribution == "unknown" for card in unnamed)
    assert not any(card in cards for card in unnamed for cards in REAL.cards_by_force.values())


PRINTED_2018_19 = {  # State of Policing 2019, part 2: the totals rows and the summary sentences
    "effectiveness": ({"Outstanding": 1, "Good": 35, "Requires improvement": 6, "Inadequate": 1},
                      {"Unchanged": 32, "Improved": 8, "Declined": 3}),
    "efficiency": ({"Outstanding": 6, "Good": 25, "Requires improvement": 10, "Inadequate": 2},
                   {"Unchanged": 21, "Improved": 12, "Declined": 10}),
    "legitimacy": ({"Outstanding": 1, "Good": 35, "Requires improvement": 6, "Inadequate": 1},
                   {"Unchanged": 37, "Improved": 2, "Declined": 4}),
}


@pytest.mark.parametrize("pillar", PRINTED_2018_19)
def test_the_2018_19_pillar_counts_equal_the_printed_totals(pillar):
    judgments = [REAL.judgment(force.id, "peel-2018-19", pillar) for force in REAL.forces]
    grades, trends = PRINTED_2018_19[pillar]
    assert Counter(judgment.grade for judgment in judgments) == grades
    assert Counter(judgment.trend for judgment in judgments) == trends


def test_the_2018_19_preventing_crime_counts_equal_the_second_totals_column():
    judgments = [REAL.grade(force.id, "peel-2018-19", "effectiveness-preventing-crime") for force in REAL.forces]
    assert Counter(judgments) == {"Outstanding": 2, "Good": 34, "Requires improvement": 6, "Inadequate": 1}


def test_a_value_the_broken_table_cannot_settle_is_a_status_shown_as_text():
    assert REAL.grade("norfolk", "peel-2018-19", "legitimacy-treating-public-fairly") == NOT_DETERMINABLE
    assert REAL.grade_class("peel-2018-19", NOT_DETERMINABLE) == "grade--status"
    page = render_pages(REAL)[REAL.pages.force("norfolk")]
    assert f'<span class="grade grade--status">{NOT_DETERMINABLE}</span>' in page


def test_a_framework_page_says_what_each_status_in_its_tables_means():
    page = render_pages(REAL)[REAL.pages.framework("peel-2018-19")]
    meaning = escape(REAL.framework_by_id["peel-2018-19"].statuses[NOT_DETERMINABLE])  # as HTML writes it
    assert f"<p>Where a table gives no grade, it gives one of these instead:</p>\n<dl class=\"statuses\">\n" \
           f"<dt>{NOT_DETERMINABLE}</dt>\n<dd>{meaning}</dd>" in page


def test_the_kent_report_settles_kents_values_and_is_cited():
    judgment = REAL.judgment("kent", "peel-2018-19", "legitimacy-treating-public-fairly")
    assert (judgment.grade, judgment.last_inspected, judgment.read_from) == \
        ("Outstanding", "2017/18", "kent-peel-2018-19")
    assert "(from the PEEL Police effectiveness, efficiency and legitimacy 2018/19)" in \
        render_pages(REAL)[REAL.pages.force("kent")]


def test_a_full_report_shows_on_its_forces_page():
    kent = render_pages(REAL)[REAL.pages.force("kent")]
    assert "### Kent Police in numbers" in kent
    assert "<td>175</td><td>England and Wales: 171</td><td>12 months ending 30 September 2018</td>" in kent


def test_the_2018_19_grades_csv_rows_carry_trend_and_year():
    rows = [row for row in csv.DictReader(io.StringIO(data_files(REAL)["grades.csv"]))
            if row["framework"] == "peel-2018-19" and row["force_id"] == "kent"]
    assert len(rows) == 12
    assert rows[0] == {"framework": "peel-2018-19", "force_id": "kent", "force_name": "Kent Police",
                       "area_id": "effectiveness", "area_title": "Effectiveness", "grade": "Good",
                       "trend": "Unchanged", "last_inspected": "", "change": "",
                       "read_from": "hmicfrs-state-of-policing-2019"}


def test_a_card_with_several_forces_lists_them_in_practice_csv_and_leaves_the_grade_empty():
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(data_files(REAL)["practice.csv"]))}
    row = rows["national-humberside-right-care-right-person"]
    assert (row["force_id"], row["force_name"], row["grade"]) == \
        ("humberside;lancashire", "Humberside Police;Lancashire Constabulary", "")
    assert row["read_from"] == NATIONAL


def test_a_same_as_link_shows_on_both_cards():
    assert [card.id for card in REAL.same_practice["cambridgeshire-pause-point-policy"]] == \
        ["national-cambridgeshire-pause-points"]


def test_no_change_is_counted_across_scales_of_different_grades():
    assert REAL.compared_framework.id == "peel-2021-22"  # PEEL 2018/19 has no 'Adequate'


# --- the engine's rules on a small content ------------------------------------------------------------

OLDER = """id: peel-2021-22
title: PEEL 2021–22
period: 2021 to 2022
order: 2
graded: true
grade_scale: [Outstanding, Good, Adequate, Requires improvement, Inadequate]
statuses:
  Not inspected: Not inspected.
summary: The previous framework.
areas:
  - id: investigating-crime
    title: Investigating crime
    question: How good is the force at investigating crime?
    all_forces_graded: true
    summary: Investigations.
  - id: leadership
    title: Leadership
    question: How good is the force at leading?
    all_forces_graded: false
    summary: Leadership.
"""


def with_older_cycle(content, kent="Good", gwent="Not inspected"):
    write(content, "frameworks/peel-2021-22.yaml", OLDER)
    replace(content / "frameworks/peel-2023-25.yaml", "    summary: The quality of investigations.\n",
            "    summary: The quality of investigations.\n    maps_to: {peel-2021-22: investigating-crime}\n")
    for force, grade in (("kent", kent), ("gwent", gwent)):
        path = content / f"forces/{force}.yaml"
        path.write_text(path.read_text() + f"  peel-2021-22:\n    investigating-crime: {grade}\n"
                                            "    leadership: Good\n")
    return check(content)


def test_a_change_is_computed_between_mapped_areas(content):
    compendium = with_older_cycle(content, kent="Good")  # Kent: Requires improvement in 2023-25
    investigating, leadership = compendium.current_framework.areas
    assert compendium.change("kent", investigating) == "declined"


def test_no_change_is_shown_for_an_area_that_maps_to_nothing(content):
    compendium = with_older_cycle(content)
    leadership = compendium.current_framework.areas[1]
    assert compendium.change("kent", leadership) is None
    assert [cell.area for cell in compendium.force_history("kent")[1].cells] == [None, leadership]


def test_a_status_is_never_counted_as_a_change(content):
    compendium = with_older_cycle(content, gwent="Not inspected")
    assert compendium.change("gwent", compendium.current_framework.areas[0]) is None


def test_the_national_change_view_counts_forces_per_area(content):
    compendium = with_older_cycle(content, kent="Inadequate")
    area, moved = compendium.changes_by_area[0]
    assert {key: [force.id for force in forces] for key, forces in moved.items()} == \
        {"improved": ["kent"], "unchanged": [], "declined": [], None: ["gwent"]}


def test_a_card_may_name_several_forces_and_shows_each_forces_grade(content):
    replace(content / CARD, "forces: [kent]", "forces: [kent, gwent]")
    compendium = check(content)
    card = compendium.card_by_id["kent-video-calls"]
    assert [(force.id, grade) for force, grade in compendium.card_force_grades(card)] == \
        [("kent", "Requires improvement"), ("gwent", "Adequate")]
    assert compendium.card_grade(card) is None
    assert card in compendium.cards_by_force["gwent"]


def test_a_trend_off_the_frameworks_list_is_refused(content):
    replace(content / "forces/kent.yaml", "investigating-crime: Requires improvement",
            "investigating-crime: {grade: Requires improvement, trend: Better}")
    assert problems(content) == ["content/forces/kent.yaml:7:63: trend: 'Better' is not a trend of peel-2023-25 "
                                 "(Not inspected, N/A)"]


def test_maps_to_an_unknown_area_is_refused(content):
    write(content, "frameworks/peel-2021-22.yaml", OLDER)
    for force in ("kent", "gwent"):
        path = content / f"forces/{force}.yaml"
        path.write_text(path.read_text() + "  peel-2021-22:\n    investigating-crime: Good\n    leadership: Good\n")
    replace(content / "frameworks/peel-2023-25.yaml", "    summary: The quality of investigations.\n",
            "    summary: The quality of investigations.\n    maps_to: {peel-2021-22: investigation}\n")
    assert problems(content) == ["content/frameworks/peel-2023-25.yaml:17:29: unknown area of peel-2021-22 "
                                 "'investigation'; did you mean 'investigating-crime'?"]


def test_a_question_within_an_unknown_pillar_is_refused(content):
    replace(content / "frameworks/peel-2023-25.yaml", "    summary: Planning and value for money.\n",
            "    summary: Planning and value for money.\n    within: effectivenes\n")
    assert problems(content) == ["content/frameworks/peel-2023-25.yaml:23:13: unknown top-level area of "
                                 "peel-2023-25 'effectivenes'"]


def test_a_same_as_naming_no_card_is_refused(content):
    replace(content / CARD, "read_from: test-compendium", "read_from: test-compendium\nsame_as: [kent-vidoe-calls]")
    assert problems(content) == [f"content/{CARD}:21:11: unknown card 'kent-vidoe-calls'; did you mean "
                                 "'kent-video-calls'?"]


REPORT = """id: kent-report
force: kent
framework: peel-2023-25
summary: A report.
judgments:
  - question: Investigating crime
    area: investigating-crime
    grade: Requires improvement
"""


def test_a_report_needs_its_entry_in_documents(content):
    write(content, "reports/kent-report.yaml", REPORT)
    assert problems(content) == ["content/reports/kent-report.yaml:1:5: unknown document (a report's id is its "
                                 "entry in documents: in compendium.yaml) 'kent-report'"]


def test_a_report_of_an_unknown_force_is_refused(content):
    write(content, "reports/kent-report.yaml", REPORT.replace("force: kent", "force: kentt"))
    assert problems(content)[-1] == ("content/reports/kent-report.yaml:2:8: unknown force 'kentt'; did you mean "
                                     "'kent'?")
