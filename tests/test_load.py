"""The loader: every file readable, or a message naming the file, line and column."""
import os

import pytest
import yaml

import compendium.load
from compendium.errors import ContentError
from compendium.load import load_content, parse_yaml, read_document
from conftest import FIXTURE, write


def problems_of(call) -> list[str]:
    with pytest.raises(ContentError) as caught:
        call()
    return [str(problem) for problem in caught.value.problems]


def test_values_remember_their_line_and_column():
    document = parse_yaml("id: kent\ngrades:\n  peel: {a: Good}\n", "f.yaml")
    assert document.position(("grades", "peel", "a")) == (3, 13)


def test_duplicate_keys_are_refused_with_both_lines():
    assert problems_of(lambda: parse_yaml("id: a\ntitle: x\nid: b\n", "c.yaml")) == [
        "c.yaml:3:1: duplicate key 'id' (first given on line 1)"]


def test_aliases_are_refused():
    text = "a: &x [1, 2]\nb: *x\n"
    assert problems_of(lambda: parse_yaml(text, "c.yaml")) == [
        "c.yaml:1:4: YAML anchors and aliases (&, *) are not allowed in content"]


def test_each_file_is_parsed_once_with_no_separate_event_pass(monkeypatch):
    composed, event_passes = [], []
    get_single_node, parse = compendium.load.FAST_LOADER.get_single_node, yaml.parse
    monkeypatch.setattr(compendium.load.FAST_LOADER, "get_single_node",
                        lambda loader: composed.append(loader) or get_single_node(loader))
    monkeypatch.setattr(yaml, "parse", lambda *args, **kwargs: event_passes.append(args) or parse(*args, **kwargs))
    raw = load_content(FIXTURE)
    files = [raw.meta, raw.themes, raw.source_notes, *raw.frameworks, *raw.forces, *raw.cards, *raw.reports]
    assert (len(composed), len(event_passes)) == (len(files), 0)


def test_prose_with_ampersands_asterisks_and_exclamation_marks_is_text():
    assert parse_yaml("title: R & D, *not* an alias!\n", "c.yaml").data == {"title": "R & D, *not* an alias!"}


def test_an_anchor_inside_a_flow_mapping_is_refused_at_the_anchor():
    assert problems_of(lambda: parse_yaml("a: {b: 1, c: &x 2}\n", "c.yaml")) == [
        "c.yaml:1:14: YAML anchors and aliases (&, *) are not allowed in content"]


def test_too_deep_nesting_is_reported_even_below_a_duplicate_key():
    text = "a: 1\na: 2\nz: " + "[" * 21 + "]" * 21 + "\n"
    assert problems_of(lambda: parse_yaml(text, "c.yaml")) == [
        "c.yaml:3:23: values are nested more than 20 levels deep"]


def test_an_empty_file_is_an_error():
    assert problems_of(lambda: parse_yaml("# only a comment\n", "c.yaml")) == ["c.yaml:1:1: file is empty"]


def test_a_syntax_error_points_at_the_problem():
    assert problems_of(lambda: parse_yaml("id: a\n  title: x\n", "c.yaml")) == [
        "c.yaml:2:8: YAML syntax: this line is indented under the line above, so it reads as part of that value; "
        "line the field up with the fields above it"]


def test_tabs_for_indentation_are_a_syntax_error():
    assert problems_of(lambda: parse_yaml("source:\n\ttitle: x\n", "c.yaml")) == [
        "c.yaml:2:1: YAML syntax: a tab character; indent with spaces, not tabs"]


def test_invalid_utf8_names_line_and_column(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_bytes(b"id: a\ntitle: caf\xe9\n")
    assert problems_of(lambda: read_document(path)) == [
        f"{path}:2:11: file is not valid UTF-8 text; save it as UTF-8"]


def test_a_byte_order_mark_and_windows_line_ends_are_accepted(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_bytes(b"\xef\xbb\xbfid: a\r\ntitle: b\r\n")
    assert read_document(path).data == {"id": "a", "title": "b"}


def test_a_huge_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("a: " + "x" * 2_000_000)
    assert problems_of(lambda: read_document(path)) == [f"{path}: file is larger than 1,000,000 bytes"]


def test_a_link_to_a_file_outside_the_content_folder_is_refused(content, tmp_path):
    secret = write(tmp_path, "secret.yaml", "id: x\n")
    os.symlink(secret, content / "forces" / "leak.yaml")
    assert problems_of(lambda: load_content(content)) == [
        "content/forces/leak.yaml: is a link to a file outside the content folder"]


def test_every_unreadable_file_is_reported_at_once(content):
    write(content, "forces/a.yaml", "id: [\n")
    write(content, "forces/b.yaml", "")
    messages = problems_of(lambda: load_content(content))
    assert [message.split(":")[0] for message in messages] == ["content/forces/a.yaml", "content/forces/b.yaml"]


def test_a_missing_required_file_is_named(content):
    (content / "themes.yaml").unlink()
    assert problems_of(lambda: load_content(content)) == ["content/themes.yaml: required file is missing"]


def test_a_file_with_another_extension_is_refused(content):
    write(content, "forces/kent.yml", "id: kent\n")
    assert problems_of(lambda: load_content(content)) == ["content/forces/kent.yml: content files must end in '.yaml'; rename it to 'kent.yaml'"]


def test_a_file_unchanged_since_the_last_read_is_not_parsed_again(content, monkeypatch):
    import compendium.load as load

    parsed: dict = {}
    load.load_content(content, parsed)
    card = content / "practice/peel-2023-25/investigating-crime/kent-video-calls.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace("Video calls for", "Video calls to"), encoding="utf-8")
    read = []
    monkeypatch.setattr(load, "read_document", lambda path, *args: read.append(path) or read_document(path, *args))
    raw = load.load_content(content, parsed)
    assert read == [card]
    assert any(document.data["title"] == "Video calls to domestic abuse callers" for document in raw.cards)
