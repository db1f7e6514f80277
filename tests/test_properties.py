"""Whatever a file holds, the loader and the validator answer with content or a ContentError, never a crash.

Random YAML documents (nested mappings, lists and scalars dumped with yaml.safe_dump), random text,
and random values put anywhere in the fixture's files. Each problem is one line an editor can act on.
"""
from __future__ import annotations

import datetime
import shutil

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from compendium import check
from compendium.errors import ContentError
from compendium.load import parse_yaml
from conftest import FIXTURE

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.dates()
           | st.text(max_size=30) | st.sampled_from(["kent", "peel-2023-25", "investigating-crime", "Good", "1.0",
                                                     "https://example.org", "", " ", "~", "null", "yes", "no"]))
keys = st.text(max_size=12) | st.sampled_from(["id", "title", "source", "themes", "grades", "areas"]) | st.integers()
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
                      max_leaves=12)
YAMLISH = st.text(alphabet=st.sampled_from(list("ab1: -[]{},&*!|>'\"#%@?\n\t \\.") + ["\ufeff", "\x00", "é"]),
                  max_size=60)


def yaml_text(value, flow: bool) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow, sort_keys=False)


def assert_explained(error: ContentError) -> None:
    """Every problem names a file and is one line: path:line:column: message, or path: message."""
    assert error.problems
    for problem in error.problems:
        assert problem.path and problem.message, problem
        assert "\n" not in str(problem) and "\r" not in str(problem), problem
        assert (problem.line, problem.column) == (None, None) or (problem.line >= 1 and problem.column >= 1)


# --- the loader -----------------------------------------------------------------------------------

@SETTINGS
@given(values, st.booleans())
def test_any_yaml_document_loads_as_pyyaml_reads_it_or_is_refused_with_a_content_error(value, flow):
    text = yaml_text(value, flow)
    try:
        document = parse_yaml(text, "c.yaml")
    except ContentError as error:
        assert_explained(error)
        return
    assert document.data == yaml.load(text, Loader=KeysAsWritten)


class KeysAsWritten(yaml.SafeLoader):
    """PyYAML's reading, except that a key is the text written in the file ('yes:' is the field 'yes')."""

    def construct_mapping(self, node, deep=False):
        return {key.value: self.construct_object(value, deep=True) for key, value in node.value}


@SETTINGS
@given(st.text(max_size=200) | YAMLISH)
@example("date: 2025-02-30\n")
@example("a: !!int x\n")
@example("a: !!bool maybe\n")
@example("a: !!float x\n")
@example("2025-13-01: a\n")
@example("a: " + "[" * 600 + "]" * 600 + "\n")
@example("a:\n" + "".join("  " * depth + "- \n" for depth in range(600)))
@example("\ufeffid: a\r\ntitle: b\r\n")
@example("a: b\x00\n")
def test_any_text_is_data_or_a_content_error(text):
    try:
        parse_yaml(text, "c.yaml")
    except ContentError as error:
        assert_explained(error)


# --- the validator --------------------------------------------------------------------------------

def key_paths(data, prefix=()):
    """Every place a value stands in a file's data, outermost first."""
    yield prefix
    if isinstance(data, dict):
        for key, item in data.items():
            yield from key_paths(item, (*prefix, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from key_paths(item, (*prefix, index))


FILES = sorted(path.relative_to(FIXTURE).as_posix() for path in FIXTURE.rglob("*.yaml"))
ORIGINAL = {name: yaml.safe_load((FIXTURE / name).read_text(encoding="utf-8")) for name in FILES}
PLACES = [(name, place) for name in FILES for place in key_paths(ORIGINAL[name])]


def changed(data, place, value, delete: bool):
    """A deep copy of data with the value at place replaced, or removed when delete is true."""
    if not place:
        return value
    copy = yaml.safe_load(yaml.safe_dump(data, allow_unicode=True))
    parent = copy
    for step in place[:-1]:
        parent = parent[step]
    if delete:
        del parent[place[-1]]
    else:
        parent[place[-1]] = value
    return copy


@pytest.fixture(scope="module")
def scratch_content(tmp_path_factory):
    folder = tmp_path_factory.mktemp("properties") / "content"
    shutil.copytree(FIXTURE, folder)
    return folder


def assert_checked(content) -> None:
    try:
        check(content)
    except ContentError as error:
        assert_explained(error)


@SETTINGS
@given(st.sampled_from(PLACES), values, st.booleans(), st.booleans())
@example(("practice/peel-2023-25/investigating-crime/kent-video-calls.yaml", ("id",)), ["a", "b"], False, False)
@example(("forces/kent.yaml", ("id",)), {"a": 1}, False, False)
@example(("practice/peel-2023-25/investigating-crime/kent-video-calls.yaml", ("title",)), "a\nb", False, False)
@example(("compendium.yaml", ("date",)), datetime.date(2025, 2, 28), False, False)
@example(("themes.yaml", ()), {"id": "x"}, False, False)
@example(("practice/peel-2023-25/investigating-crime/gwent-case-files.yaml", ("framework",)), "kent", False, False)
@example(("source-notes.yaml", (0, "cards", 0)), "gwent", False, False)
@example(("compendium.yaml", ("history", 0, "forces", 0)), "kent-video-calls", False, False)
def test_any_value_anywhere_in_the_content_is_accepted_or_explained(scratch_content, where, value, delete, flow):
    name, place = where
    path = scratch_content / name
    try:
        path.write_text(yaml_text(changed(ORIGINAL[name], place, value, delete and bool(place)), flow),
                        encoding="utf-8")
        assert_checked(scratch_content)
    finally:
        shutil.copy(FIXTURE / name, path)


@SETTINGS
@given(st.sampled_from(FILES), st.text(max_size=300) | YAMLISH)
def test_any_text_as_a_content_file_is_accepted_or_explained(scratch_content, name, text):
    path = scratch_content / name
    try:
        path.write_text(text, encoding="utf-8")
        assert_checked(scratch_content)
    finally:
        shutil.copy(FIXTURE / name, path)


CARD = "practice/peel-2023-25/investigating-crime/kent-video-calls.yaml"
CARD_LINES = (FIXTURE / CARD).read_text(encoding="utf-8").splitlines(keepends=True)
FIELD_LINES = [index for index, line in enumerate(CARD_LINES) if ":" in line]


@SETTINGS
@given(st.sampled_from(FIELD_LINES), st.text(max_size=80) | YAMLISH)
@example(1, '"an unclosed quote')
@example(13, "[domestic-abuse, [technology-data]")
@example(1, "2025-02-30")
def test_any_text_typed_after_a_field_name_in_a_card_is_accepted_or_explained(scratch_content, line, text):
    """What an editor types: the field name kept, anything at all after it."""
    path = scratch_content / CARD
    lines = list(CARD_LINES)
    lines[line] = lines[line].split(":", 1)[0] + ": " + text + "\n"
    try:
        path.write_text("".join(lines), encoding="utf-8")
        assert_checked(scratch_content)
    finally:
        shutil.copy(FIXTURE / CARD, path)
