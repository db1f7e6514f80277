"""Bad files get clear errors: end to end through the command line.

For each kind of bad file, `check` and `build` print exactly `path:line:column: message` (or
`path: message` where a file has no position), exit 1 without a traceback, answer within a bounded
time, and leave the site built before untouched. Files that are only unusual (a byte order mark,
Windows line ends) are accepted.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import time

import pytest

import compendium.load
from conftest import FIXTURE, replace, write

CARD = "practice/peel-2023-25/investigating-crime/kent-video-calls.yaml"
SHOWN = f"content/{CARD}"
ONE_PROBLEM = "1 problem found; nothing was built.\n"


class TookTooLong(BaseException):
    """Raised by an alarm; a BaseException, so no `except Exception` on the way can swallow it."""


@contextlib.contextmanager
def at_most(seconds: float):
    def ring(signum, frame):
        raise TookTooLong(f"took more than {seconds} s")
    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def tree(folder):
    return {path.relative_to(folder): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def built_before(tmp_path_factory):
    """The fixture content built once: each test starts from a copy of this site."""
    import build
    out = tmp_path_factory.mktemp("before") / "site"
    assert build.main(["build", "--content", str(FIXTURE), "--out", str(out)]) == 0
    return out


@pytest.fixture
def refused(cli, content, built_before, tmp_path):
    """Run check, then build over a previously built site, on the broken content; return what both print.

    Both must exit 1 with nothing on stdout, the same problems on stderr and no traceback, each within
    `seconds`; the previous site must be byte for byte as it was, and no temporary folder left behind."""
    site = tmp_path / "site"
    shutil.copytree(built_before, site)
    before = tree(site)

    def run(seconds: float = 5.0) -> str:
        siblings = sorted(path.name for path in tmp_path.iterdir())
        printed = []
        for command in (["check"], ["build", "--out", site]):
            with at_most(seconds):
                code, out, err = cli(*command, "--content", content)
            assert (code, out) == (1, ""), err
            assert "Traceback" not in err
            printed.append(err)
        assert printed[0] == printed[1]
        assert tree(site) == before
        assert sorted(path.name for path in tmp_path.iterdir()) == siblings
        return printed[0]
    return run


def accepted(cli, content) -> None:
    assert cli("check", "--content", content) == (
        0, "Content is valid: 2 practice examples, 2 forces, 1 frameworks, 2 themes.\n", "")


# --- YAML that cannot be read ---------------------------------------------------------------------

def test_malformed_yaml_is_reported_where_the_parser_stopped_and_where_the_list_began(content, refused):
    replace(content / CARD, "themes: [domestic-abuse, technology-data]", "themes: [domestic-abuse, technology-data")
    assert refused() == (f"{SHOWN}:15:7: YAML syntax: expected ',' or ']', but got ':' "
                         "(while parsing a flow sequence that starts at line 14, column 9)\n" + ONE_PROBLEM)


def test_a_key_without_a_space_after_its_colon_is_reported_with_its_line(content, refused):
    replace(content / CARD, "forces: [kent]", "forces:[kent]")
    assert refused() == (f"{SHOWN}:4:1: YAML syntax: could not find expected ':' "
                         "(while scanning a simple key that starts at line 3, column 1)\n" + ONE_PROBLEM)


def test_an_empty_file_is_refused(content, refused):
    write(content, CARD, "")
    assert refused() == f"{SHOWN}:1:1: file is empty\n" + ONE_PROBLEM


def test_a_file_of_only_comments_is_refused_as_empty(content, refused):
    write(content, CARD, "# a card, one day\n")
    assert refused() == f"{SHOWN}:1:1: file is empty\n" + ONE_PROBLEM


def test_tabs_for_indentation_are_refused_with_advice(content, refused):
    replace(content / CARD, "  publisher: HMICFRS", "\tpublisher: HMICFRS")
    assert refused() == f"{SHOWN}:17:1: YAML syntax: a tab character; indent with spaces, not tabs\n" + ONE_PROBLEM


def test_invalid_utf8_is_refused_at_the_offending_byte(content, refused):
    path = content / CARD
    path.write_bytes(path.read_bytes().replace(b"callers\n", b"caf\xe9 callers\n", 1))
    assert refused() == f"{SHOWN}:2:42: file is not valid UTF-8 text; save it as UTF-8\n" + ONE_PROBLEM


def test_a_control_character_is_refused_at_its_position(content, refused):
    replace(content / CARD, "title: Video calls", "title: Video\x00calls")
    assert refused() == f"{SHOWN}:2:13: an unprintable character (U+0000) is not allowed; delete it\n" + ONE_PROBLEM


def test_duplicate_keys_are_refused_naming_the_first(content, refused):
    replace(content / CARD, "forces: [kent]\n", "forces: [kent]\ntitle: Another title\n")
    assert refused() == f"{SHOWN}:4:1: duplicate key 'title' (first given on line 2)\n" + ONE_PROBLEM


def test_an_alias_bomb_is_refused_quickly_at_its_first_anchor(content, refused):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{chr(ord('a') + n)}: &{chr(ord('a') + n)} [{','.join(['*' + chr(ord('a') + n - 1)] * 9)}]"
              for n in range(1, 9)]
    write(content, CARD, "\n".join(lines) + "\n")  # 9**9 "lol"s if expanded
    assert refused(seconds=2) == (
        f"{SHOWN}:1:4: YAML anchors and aliases (&, *) are not allowed in content\n" + ONE_PROBLEM)


def test_deep_nesting_is_refused_instead_of_exhausting_the_parser(content, refused):
    replace(content / CARD, "themes: [domestic-abuse, technology-data]", "themes: " + "[" * 1000 + "]" * 1000)
    assert refused(seconds=2) == f"{SHOWN}:14:28: values are nested more than 20 levels deep\n" + ONE_PROBLEM


def test_an_impossible_date_is_reported_at_the_value(content, refused):
    replace(content / "compendium.yaml", "date: 2025-07-21", "date: 2025-02-30")
    assert refused() == ("content/compendium.yaml:4:7: '2025-02-30' is not a real date (YYYY-MM-DD); "
                         "put it in quotes if it is meant as text\n" + ONE_PROBLEM)


def test_a_20_mb_file_is_refused_quickly_without_being_parsed(content, refused, monkeypatch):
    parsed_sizes = []
    parse_yaml = compendium.load.parse_yaml
    monkeypatch.setattr(compendium.load, "parse_yaml",
                        lambda text, shown: parsed_sizes.append(len(text)) or parse_yaml(text, shown))
    with open(content / CARD, "a", encoding="utf-8") as card:
        card.write("notes: " + "x" * 20_000_000 + "\n")
    assert refused(seconds=2) == f"{SHOWN}: file is larger than 1,000,000 bytes\n" + ONE_PROBLEM
    assert parsed_sizes and max(parsed_sizes) < compendium.load.MAX_FILE_BYTES


# --- YAML of the wrong shape ----------------------------------------------------------------------

def test_wrong_types_say_what_was_expected(content, refused):
    replace(content / CARD, "title: Video calls for domestic abuse callers", "title: 42")
    replace(content / CARD, "  publisher: HMICFRS", '  publisher: HMICFRS\n  year: "2025"')
    assert refused() == (f'{SHOWN}:2:8: title: should be text; put the value in quotes, e.g. "42"\n'
                         f"{SHOWN}:18:9: source.year: should be a whole number, not text\n"
                         "2 problems found; nothing was built.\n")


def test_a_list_where_text_belongs_is_explained(content, refused):
    replace(content / CARD, "objective: >-\n  To answer domestic abuse callers sooner.",
            "objective:\n  - To answer callers sooner.\n  - To answer them better.")
    assert refused() == f"{SHOWN}:8:3: objective: should be text, not a list\n" + ONE_PROBLEM


# --- byte order marks and line ends: accepted -----------------------------------------------------

def test_a_utf8_byte_order_mark_is_accepted(cli, content):
    path = content / CARD
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    accepted(cli, content)


def test_windows_line_ends_are_accepted(cli, content):
    for path in content.rglob("*.yaml"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    accepted(cli, content)


def test_a_problem_in_a_file_with_windows_line_ends_is_reported_at_its_line(content, refused):
    replace(content / CARD, "forces: [kent]", "forces: [kentt]")
    path = content / CARD
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert refused() == f"{SHOWN}:3:10: unknown force 'kentt'; did you mean 'kent'?\n" + ONE_PROBLEM


# --- files in the wrong place or under the wrong name ---------------------------------------------

def test_a_link_to_a_file_outside_the_content_folder_is_refused(content, refused, tmp_path_factory):
    secret = tmp_path_factory.mktemp("elsewhere") / "secret.yaml"
    secret.write_text("id: secret\n", encoding="utf-8")
    os.symlink(secret, content / "forces/leak.yaml")
    assert refused() == "content/forces/leak.yaml: is a link to a file outside the content folder\n" + ONE_PROBLEM


def test_a_link_to_nothing_is_refused(content, refused):
    os.symlink("kent-video-calls-draft.yaml", (content / CARD).with_name("kent-draft.yaml"))
    assert refused() == (
        f"content/{CARD.rsplit('/', 1)[0]}/kent-draft.yaml: is a link to a file that does not exist\n" + ONE_PROBLEM)


def test_a_folder_named_like_a_content_file_is_refused(content, refused):
    (content / "forces/old.yaml").mkdir()
    assert refused() == "content/forces/old.yaml: is not a file; content files are plain '.yaml' files\n" + ONE_PROBLEM


@pytest.mark.parametrize("name, example", [("Kent Card.yaml", "kent-card.yaml"),
                                           ("Kent-Video-Calls.yaml", "kent-video-calls.yaml"),
                                           ("kent_video_calls.yaml", "kent-video-calls.yaml")])
def test_a_file_name_with_spaces_capitals_or_underscores_is_refused(content, refused, name, example):
    (content / CARD).rename((content / CARD).with_name(name))
    shown = f"content/{CARD.rsplit('/', 1)[0]}/{name}"
    assert refused() == (f"{shown}: file name '{name}' must be lowercase letters, digits and hyphens "
                         f"(e.g. '{example}')\n" + ONE_PROBLEM)


def test_a_capitalised_extension_is_refused_not_skipped(content, refused):
    (content / CARD).rename((content / CARD).with_suffix(".YAML"))
    assert refused() == (f"{SHOWN.removesuffix('.yaml')}.YAML: content files must end in '.yaml'; rename it to "
                         "'kent-video-calls.yaml'\n" + ONE_PROBLEM)


def test_two_cards_with_one_id_are_refused_naming_both_files(content, refused):
    copy = "practice/peel-2023-25/leadership/kent-video-calls.yaml"
    write(content, copy, (content / CARD).read_text(encoding="utf-8").replace(
        "area: investigating-crime", "area: leadership"))
    assert refused() == (f"content/{copy}:1:5: duplicate card id 'kent-video-calls' (also used by {SHOWN})\n"
                         + ONE_PROBLEM)


def test_a_card_in_the_wrong_folder_says_where_it_belongs(content, refused):
    moved = "practice/peel-2023-25/leadership/kent-video-calls.yaml"
    (content / moved).parent.mkdir(parents=True)
    (content / CARD).rename(content / moved)
    assert refused() == (f"content/{moved}:5:7: card is in folder 'content/practice/peel-2023-25/leadership' but "
                         "its framework and area say 'practice/peel-2023-25/investigating-crime'; move the file there\n"
                         + ONE_PROBLEM)


def test_a_value_with_a_line_break_is_reported_on_one_line(content, refused):
    replace(content / CARD, "forces: [kent]", 'forces: ["kent\\nfake.yaml:1:1: all is well"]')
    assert refused() == (f"{SHOWN}:3:10: forces (item 1): 'kent\\nfake.yaml:1:1: all is well' is not a valid id: use lowercase "
                         "letters, digits and hyphens (e.g. 'west-midlands')\n" + ONE_PROBLEM)


@pytest.mark.parametrize("file, old, new, problem", [
    (CARD, "framework: peel-2023-25", "framework: kent", "4:12: unknown framework 'kent'"),
    (CARD, "forces: [kent]", "forces: [peel-2023-25]", "3:10: unknown force 'peel-2023-25'"),
    ("source-notes.yaml", "cards: [kent-video-calls]", "cards: [kent]", "4:11: unknown card 'kent'"),
    ("compendium.yaml", "forces: [kent]", "forces: [kent-video-calls]", "11:14: unknown force 'kent-video-calls'"),
], ids=["framework-given-a-force", "force-given-a-framework", "card-given-a-force", "force-given-a-card"])
def test_an_id_of_another_kind_is_reported_as_unknown(content, refused, file, old, new, problem):
    replace(content / file, old, new)
    assert refused() == f"content/{file}:{problem}\n" + ONE_PROBLEM


# --- markup and invisible characters in names and titles (hostile review) ---------------------------------

NAME_FIELDS = [("forces/kent.yaml", "name: Kent Police", "name: {}", "2:7", "name"),
               ("themes.yaml", "title: Domestic abuse", "title: {}", "2:10", "title"),
               ("frameworks/peel-2023-25.yaml", "title: PEEL 2023–25", "title: {}", "2:8", "title"),
               ("frameworks/peel-2023-25.yaml", "    title: Investigating crime", "    title: {}", "13:12",
                "areas (item 1).title"),
               ("compendium.yaml", "title: Test Compendium\npublisher", "title: {}\npublisher", "1:8", "title")]


@pytest.mark.parametrize("file, old, new, position, field", NAME_FIELDS, ids=[case[4] for case in NAME_FIELDS])
def test_a_name_holding_markup_is_refused_saying_which_character(content, refused, file, old, new, position, field):
    replace(content / file, old, new.format('"Kent Police <img src=x onerror=alert(1)>"'))
    assert refused() == (f"content/{file}:{position}: {field}: 'Kent Police <img src=x onerror=alert(1)>' holds '<', "
                         "which no name needs; write the name without '<', '>' or '`'\n" + ONE_PROBLEM)


@pytest.mark.parametrize("written, named", [
    ("\\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)"), ("\\u2066", "U+2066 (LEFT-TO-RIGHT ISOLATE)"),
    ("\\u200b", "U+200B (ZERO WIDTH SPACE)"), ("\\e", "U+001B (a control character)"),
    ("\\a", "U+0007 (a control character)")])
def test_an_invisible_character_in_a_name_is_refused_naming_it(content, refused, written, named):
    replace(content / "forces/kent.yaml", "name: Kent Police", f'name: "Kent {written}Police"')
    assert refused() == (f"content/forces/kent.yaml:2:7: name: holds the invisible character {named} at character 6; "
                         "delete it (it can hide or reorder text)\n" + ONE_PROBLEM)


def test_a_version_in_other_digits_is_refused(content, refused):
    replace(content / "compendium.yaml", 'version: "1.1"\ndate', 'version: "١.١"\ndate')
    assert refused() == "content/compendium.yaml:3:10: version: '١.١' must be a version number such as \"1.6\"\n" \
        + ONE_PROBLEM


def test_a_title_on_two_lines_is_refused(content, refused):
    replace(content / CARD, "title: Video calls for domestic abuse callers", 'title: "Video calls\\nfor callers"')
    assert refused() == f"{SHOWN}:2:8: title: must be one line of text; remove the line break or tab\n" + ONE_PROBLEM


def test_a_title_of_spaces_is_refused(content, refused):
    replace(content / CARD, "title: Video calls for domestic abuse callers", 'title: "   "')
    assert refused() == f"{SHOWN}:2:8: title: must not be only spaces\n" + ONE_PROBLEM


def test_a_field_longer_than_its_limit_gives_the_limit(content, refused):
    replace(content / CARD, "  To answer domestic abuse callers sooner.", "  " + "x" * 3001)
    assert refused() == f"{SHOWN}:7:12: objective: is too long (3001 characters; at most 3000)\n" + ONE_PROBLEM


# --- YAML that means something other than it shows -------------------------------------------------

@pytest.mark.parametrize("old, new, position, tag", [
    ("source:\n", "source: !!python/object:os.system\n", "15:9", "!!python/object:os.system"),
    ("themes: [domestic-abuse", "themes: !!python/object/apply:os.system [domestic-abuse", "14:9",
     "!!python/object/apply:os.system"),
    ("source:\n", "source: !!map\n", "15:9", "!!map"),
    ("title: Video calls", "title: !!str Video calls", "2:8", "!!str"),
    ("title: Video calls", "title: !custom Video calls", "2:8", "!custom"),
], ids=["on-a-mapping", "on-a-list", "a-standard-tag-on-a-mapping", "a-standard-tag-on-text", "a-local-tag"])
def test_every_explicit_yaml_tag_is_refused(content, refused, old, new, position, tag):
    replace(content / CARD, old, new)
    assert refused() == (f"{SHOWN}:{position}: YAML tags such as '{tag}' are not allowed in content; write the value "
                         "plainly (in quotes if it is text)\n" + ONE_PROBLEM)


def test_keys_such_as_yes_and_null_are_reported_as_written_at_their_own_line(content, refused):
    with open(content / CARD, "a", encoding="utf-8") as card:
        card.write("yes: 1\nnull: 2\n")
    assert refused() == (f"{SHOWN}:21:1: unknown field 'yes'\n{SHOWN}:22:1: unknown field 'null'\n"
                         "2 problems found; nothing was built.\n")


def test_a_date_where_text_belongs_says_it_is_a_date(content, refused):
    replace(content / CARD, "title: Video calls for domestic abuse callers", "title: 2025-07-21")
    assert refused() == f"{SHOWN}:2:8: title: should be text, not a date\n" + ONE_PROBLEM


# --- nothing is silently left out ------------------------------------------------------------------------

def test_a_missing_practice_folder_is_an_error_not_zero_cards(content, refused):
    shutil.rmtree(content / "practice")
    assert refused() == ("content/practice: folder not found: the content needs a 'practice/' folder (it may be empty "
                         "only if it has no files yet)\n" + ONE_PROBLEM)


@pytest.mark.parametrize("name, stem", [("kent-copy.yml", "kent-copy"), ("kent-copy.yaml.txt", "kent-copy"),
                                        ("kent-copy.yaml~", "kent-copy")])
def test_a_file_named_almost_like_a_content_file_is_an_error(content, refused, name, stem):
    shutil.copy(content / "forces/kent.yaml", content / "forces" / name)
    assert refused() == (f"content/forces/{name}: content files must end in '.yaml'; rename it to '{stem}.yaml'\n"
                         + ONE_PROBLEM)


def test_a_stray_file_is_named_in_a_warning_and_the_check_passes(cli, content):
    (content / "practice/README.md").write_text("notes\n", encoding="utf-8")
    assert cli("check", "--content", content) == (
        0, "Content is valid: 2 practice examples, 2 forces, 1 frameworks, 2 themes.\n",
        "warning: content/practice/README.md: is not a content file (content files end in '.yaml') and was "
        "left out\n")


def test_a_card_nested_in_a_folder_that_only_ends_like_its_own_is_refused(content, refused):
    nested = f"practice/zz/{CARD}"
    (content / nested).parent.mkdir(parents=True)
    (content / CARD).rename(content / nested)
    assert refused() == (f"content/{nested}:5:7: card is in folder 'content/{nested.rsplit('/', 1)[0]}' but its "
                         "framework and area say 'practice/peel-2023-25/investigating-crime'; move the file there\n"
                         + ONE_PROBLEM)


def test_a_folder_that_links_back_into_the_content_is_refused_not_followed(content, refused):
    os.symlink("..", content / "practice/peel-2023-25/loop")
    assert refused() == ("content/practice/peel-2023-25/loop: is a link to a folder; content folders must be real "
                         "folders\n" + ONE_PROBLEM)


# --- the terminal and GitHub annotations show paths as written, forging nothing ---------------------------

def test_a_file_name_cannot_forge_lines_or_workflow_commands(cli, content):
    forged = content / "forces" / "x\n::error file=fake.yaml,line=1::all is well.yaml"
    shutil.copy(content / "forces/kent.yaml", forged)
    code, out, err = cli("check", "--format", "github", "--content", content)
    shown = "content/forces/x\\n::error file=fake.yaml,line=1::all is well.yaml"
    message = "file name 'x\\n::error file=fake.yaml,line=1::all is well.yaml' must be lowercase letters, digits and " \
              "hyphens (e.g. 'x-error-file-fake-yaml-line-1-all-is-well.yaml')"
    assert (code, err) == (1, f"{shown}: {message}\n" + ONE_PROBLEM)
    # a line break shown as \n, as on the terminal; then GitHub's own escapes of ':' and ',' in a property
    assert out == ("::error file=content/forces/x\\n%3A%3Aerror file=fake.yaml%2Cline=1%3A%3Aall is well.yaml::"
                   f"{message}\n")


# --- the mistakes editors make, in words they understand, all in one round ---------------------------------

def test_an_empty_list_of_themes_asks_for_one(content, refused):
    replace(content / CARD, "themes: [domestic-abuse, technology-data]", "themes: []")
    assert refused() == f"{SHOWN}:14:9: themes: give at least 1; the list is empty\n" + ONE_PROBLEM


def test_a_grade_on_a_card_says_where_grades_live(content, refused):
    replace(content / CARD, "forces: [kent]\n", "forces: [kent]\ngrade: Good\n")
    assert refused() == (f"{SHOWN}:4:1: unknown field 'grade': a card holds no grade: it is looked up in the grade "
                         "table (content/forces/), so it can never disagree; delete this line\n" + ONE_PROBLEM)


def test_a_field_moved_out_from_under_its_block_says_where_it_belongs(content, refused):
    replace(content / CARD, "  publisher: HMICFRS", "publisher: HMICFRS")
    assert refused() == (f"{SHOWN}:17:1: unknown field 'publisher' here: it belongs under 'source:'; indent it by "
                         "two spaces under that line\n" + ONE_PROBLEM)


def test_a_field_indented_too_far_says_to_line_it_up(content, refused):
    replace(content / CARD, "  publisher: HMICFRS", "     publisher: HMICFRS")
    assert refused() == (f"{SHOWN}:17:6: this line is indented more than the field above it (the fields from line "
                         "16 on are lined up further left); line it up with them\n" + ONE_PROBLEM)


def test_a_colon_in_a_title_asks_for_quotes_showing_the_line_quoted(content, refused):
    replace(content / CARD, "title: Video calls for domestic abuse callers", "title: Video calls: a faster answer")
    assert refused() == (f"{SHOWN}:2:19: YAML syntax: a colon followed by a space inside a value starts a new field; "
                         'put the whole value in quotes, e.g. title: "Video calls: a faster answer"\n' + ONE_PROBLEM)


def test_a_card_that_fails_its_fields_is_cross_checked_in_the_same_round(content, refused):
    replace(content / CARD, "forces: [kent]\n", "forces: [kentt]\ngrade: Good\n")
    replace(content / CARD, "themes: [domestic-abuse, technology-data]", "themes: [domestic-abus]")
    assert refused() == (
        f"{SHOWN}:3:10: unknown force 'kentt'; did you mean 'kent'?\n"
        f"{SHOWN}:4:1: unknown field 'grade': a card holds no grade: it is looked up in the grade table "
        "(content/forces/), so it can never disagree; delete this line\n"
        f"{SHOWN}:15:10: unknown theme 'domestic-abus'; did you mean 'domestic-abuse'?\n"
        "3 problems found; nothing was built.\n")


def test_an_untouched_skeleton_is_refused_field_by_field(cli, content):
    assert cli("new-card", "--content", content, "--force", "kent", "--area", "leadership")[0] == 0
    shown = "content/practice/peel-2023-25/leadership/kent-new-practice.yaml"
    code, out, err = cli("check", "--content", content)
    assert (code, out) == (1, "")
    assert err == (f"{shown}:8:8: title: still the skeleton's placeholder 'Short name of the practice'; write the "
                   "card's own title\n"
                   f"{shown}:24:12: objective: still the skeleton's placeholder 'To ...'; write the card's own "
                   "objective\n"
                   f"{shown}:27:9: detail: still the skeleton's placeholder 'The force ...'; write the card's own "
                   "detail\n"
                   f"{shown}:30:10: outcome: still the skeleton's placeholder '...'; write the card's own outcome\n"
                   f"{shown}:42:9: themes: give at least 1; the list is empty\n"
                   "5 problems found; nothing was built.\n")
