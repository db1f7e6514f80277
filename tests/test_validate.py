"""Validation: each rule, with the exact message and position an editor sees."""
import pytest

from compendium import check
from compendium.errors import ContentError
from conftest import replace, write

CARD = "practice/peel-2023-25/investigating-crime/kent-video-calls.yaml"


def problems(content) -> list[str]:
    with pytest.raises(ContentError) as caught:
        check(content)
    return [str(problem) for problem in caught.value.problems]


def test_the_fixture_content_is_valid(content):
    compendium = check(content)
    assert [card.id for card in compendium.cards] == ["gwent-case-files", "kent-video-calls"]


def test_an_unknown_field_suggests_the_right_name(content):
    replace(content / CARD, "\ntitle:", "\ntitel:")
    assert problems(content) == [
        f"content/{CARD}:1:1: missing required field 'title'",
        f"content/{CARD}:2:1: unknown field 'titel'; did you mean 'title'?"]


def test_a_mistyped_force_suggests_the_closest_id(content):
    replace(content / CARD, "forces: [kent]", "forces: [kentt]")
    assert problems(content) == [f"content/{CARD}:3:10: unknown force 'kentt'; did you mean 'kent'?"]


def test_a_force_given_by_name_suggests_its_id(content):
    replace(content / CARD, "forces: [kent]", "forces: [Kent Police]")
    assert problems(content) == [
        f"content/{CARD}:3:10: forces (item 1): 'Kent Police' is not a valid id: use lowercase letters, digits and "
        "hyphens (e.g. 'west-midlands')"]


def test_the_old_single_force_field_says_to_write_a_list(content):
    replace(content / CARD, "forces: [kent]", "force: kent")
    assert problems(content) == [
        f"content/{CARD}:3:1: unknown field 'force': a card names them as a list, even when there is one: write "
        "'forces: [id]' in its place"]


def test_a_list_where_text_belongs_is_explained(content):
    replace(content / CARD, "title: Video calls for domestic abuse callers", "title: [a, b]")
    assert problems(content) == [f"content/{CARD}:2:8: title: should be text, not a list"]


def test_an_unquoted_version_number_asks_for_quotes(content):
    replace(content / CARD, 'added_in: "1.0"', "added_in: 1.0")
    assert problems(content) == [f'content/{CARD}:18:11: added_in: should be text; put the value in quotes, e.g. "1.0"']


def test_an_unknown_choice_lists_the_allowed_values(content):
    replace(content / CARD, "evaluation: self-reported", "evaluation: self-report")
    assert problems(content) == [
        f"content/{CARD}:13:13: evaluation: 'self-report' is not one of: not-evaluated, self-reported, "
        "evaluation-pending, evaluated-locally, independently-evaluated; did you mean 'self-reported'?"]


def test_an_unknown_theme_points_at_the_list_item(content):
    replace(content / CARD, "themes: [domestic-abuse, technology-data]", "themes: [domestic-abuse, tech]")
    assert problems(content) == [f"content/{CARD}:14:26: unknown theme 'tech'"]


def test_an_area_of_another_framework_is_refused(content):
    replace(content / CARD, "area: investigating-crime", "area: investigating")
    assert problems(content) == [
        f"content/{CARD}:5:7: unknown area of peel-2023-25 'investigating'; did you mean 'investigating-crime'?"]


def test_the_file_name_must_equal_the_id(content):
    replace(content / CARD, "id: kent-video-calls", "id: kent-video")
    assert problems(content) == [
        f"content/{CARD}:1:5: id 'kent-video' does not match the file name 'kent-video-calls.yaml'; "
        "rename the file to 'kent-video.yaml' or change the id",
        "content/source-notes.yaml:4:11: unknown card 'kent-video-calls'; did you mean 'kent-video'?"]


def test_a_card_in_the_wrong_folder_says_where_it_belongs(content):
    moved = content / "practice/peel-2023-25/leadership/kent-video-calls.yaml"
    moved.parent.mkdir(parents=True)
    (content / CARD).rename(moved)
    assert problems(content) == [
        "content/practice/peel-2023-25/leadership/kent-video-calls.yaml:5:7: card is in folder "
        "'content/practice/peel-2023-25/leadership' but its framework and area say "
        "'practice/peel-2023-25/investigating-crime'; move the file there"]


def test_two_cards_with_one_id_are_refused(content):
    copy = content / "practice/peel-2023-25/leadership/kent-video-calls.yaml"
    write(content, "practice/peel-2023-25/leadership/kent-video-calls.yaml",
          (content / CARD).read_text().replace("area: investigating-crime", "area: leadership"))
    assert problems(content) == [
        f"{copy.relative_to(content.parent)}:1:5: duplicate card id 'kent-video-calls' (also used by content/{CARD})"]


def test_source_urls_must_use_https(content):
    path = content / "practice/peel-2023-25/investigating-crime/gwent-case-files.yaml"
    replace(path, "https://example.org/gwent", "http://example.org/gwent")
    assert problems(content) == [
        f"{path.relative_to(content.parent)}:15:8: source.url: 'http://example.org/gwent' must be a web address "
        "starting with https://"]


def test_a_grade_off_the_scale_suggests_the_nearest(content):
    replace(content / "forces/kent.yaml", "leadership: Good", "leadership: Goood")
    assert problems(content) == [
        "content/forces/kent.yaml:8:17: 'Goood' is not a grade or status of peel-2023-25 (Outstanding, Good, "
        "Adequate, Requires improvement, Inadequate, Not inspected, N/A); did you mean 'Good'?"]


def test_every_area_of_a_graded_framework_needs_a_grade_or_status(content):
    replace(content / "forces/kent.yaml", "    leadership: Good\n", "")
    assert problems(content) == ["content/forces/kent.yaml:7:5: no grade or status for area 'leadership'"]


def test_a_force_needs_grades_for_every_graded_framework(content):
    replace(content / "forces/kent.yaml", "peel-2023-25", "peel-2021-22")
    assert problems(content) == [
        "content/forces/kent.yaml:6:3: no grades for framework 'peel-2023-25'; give a grade or a status "
        "(Not inspected, N/A) per area",
        "content/forces/kent.yaml:6:3: unknown framework 'peel-2021-22'; did you mean 'peel-2023-25'?"]


def test_added_in_must_be_a_version_in_the_history(content):
    replace(content / CARD, 'added_in: "1.0"', 'added_in: "2.0"')
    assert problems(content) == [f"content/{CARD}:18:11: unknown compendium version '2.0'; did you mean '1.0'?"]


def test_source_notes_must_name_existing_cards(content):
    replace(content / "source-notes.yaml", "cards: [kent-video-calls]", "cards: [kent-video-call]")
    assert problems(content) == [
        "content/source-notes.yaml:4:11: unknown card 'kent-video-call'; did you mean 'kent-video-calls'?"]


def test_every_problem_in_every_file_is_reported_in_one_run(content):
    replace(content / CARD, "forces: [kent]", "forces: [kentt]")
    replace(content / CARD, "themes: [domestic-abuse, technology-data]", "themes: [nope]")
    replace(content / "forces/gwent.yaml", "country: Wales", "country: Cymru")
    assert len(problems(content)) == 3


def test_two_force_files_with_one_id_are_refused(content):
    write(content, "forces/wales/gwent.yaml", (content / "forces/gwent.yaml").read_text())
    assert problems(content) == [
        "content/forces/wales/gwent.yaml:1:5: duplicate force id 'gwent' (also used by content/forces/gwent.yaml)"]


def test_two_themes_with_one_id_are_refused(content):
    themes = content / "themes.yaml"
    themes.write_text(themes.read_text() + "- id: domestic-abuse\n  title: Again\n  description: Twice.\n")
    assert problems(content) == ["content/themes.yaml:7:7: duplicate theme id 'domestic-abuse'"]


def test_a_source_url_with_a_control_character_is_refused(content):
    path = content / "practice/peel-2023-25/investigating-crime/gwent-case-files.yaml"
    replace(path, "https://example.org/gwent", '"https://example.org/\\x1bgwent"')
    assert problems(content) == [
        f"{path.relative_to(content.parent)}:15:8: source.url: 'https://example.org/\\x1bgwent' must be a web address "
        "starting with https://"]
