"""The command line: each command's exit code and the exact words a user sees."""
import csv
import json
import re
import subprocess
import sys

import pytest

from conftest import PROJECT, replace, run_script

CARD = "practice/peel-2023-25/investigating-crime/kent-video-calls.yaml"
COMMANDS = ["check", "build", "export", "handout", "pages", "schema", "serve", "new-card"]


def test_check_reports_valid_content(cli, content):
    assert cli("check", "--content", content) == (
        0, "Content is valid: 2 practice examples, 2 forces, 1 frameworks, 2 themes.\n", "")


def test_check_lists_every_problem_and_exits_1(cli, content):
    replace(content / CARD, "forces: [kent]", "forces: [kentt]")
    code, out, err = cli("check", "--content", content)
    assert (code, out) == (1, "")
    assert err == (f"content/{CARD}:3:10: unknown force 'kentt'; did you mean 'kent'?\n"
                   "1 problem found; nothing was built.\n")


def test_check_can_print_github_annotations(cli, content):
    replace(content / CARD, "forces: [kent]", "forces: [kentt]")
    code, out, _ = cli("check", "--content", content, "--format", "github")
    assert out == f"::error file=content/{CARD},line=3,col=10::unknown force 'kentt'; did you mean 'kent'?\n"


def test_a_content_error_never_shows_a_traceback(content):
    replace(content / CARD, "themes: [", "themes: [[")
    result = run_script("check", "--content", content, cwd=content.parent)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"content/{CARD}:")


def test_build_writes_the_site_and_the_downloads(cli, content, tmp_path):
    code, out, _ = cli("build", "--content", content, "--out", tmp_path / "out")
    assert code == 0 and re.fullmatch(r"Built \d+ pages from 2 practice examples and 2 forces into .* s\.\n", out)
    assert (tmp_path / "out/peel-2023-25/investigating-crime/index.html").exists()
    assert sorted(p.name for p in (tmp_path / "out/downloads").iterdir()) == [
        "areas.csv", "compendium-handout.html", "compendium-site.zip", "compendium.json", "datapackage.json",
        "forces.csv", "grades-peel-2023-25-inadequate.csv",
        "grades-peel-2023-25-outstanding.csv", "grades-peel-2023-25-requires-improvement-or-inadequate.csv",
        "grades-peel-2023-25-requires-improvement.csv", "grades.csv", "index.html", "practice.csv"]


def test_a_failed_build_leaves_the_previous_site_untouched(cli, content, tmp_path):
    out = tmp_path / "out"
    assert cli("build", "--content", content, "--out", out)[0] == 0
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    replace(content / CARD, "forces: [kent]", "forces: [nowhere]")
    assert cli("build", "--content", content, "--out", out)[0] == 1
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "out"]


def test_export_gives_full_addresses_where_the_site_address_is_known(cli, content, tmp_path, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://example.org/compendium/")
    assert cli("export", "--content", content, "--out", tmp_path / "data")[0] == 0
    with open(tmp_path / "data/practice.csv") as practice:
        cards = list(csv.DictReader(practice))
    assert cards[1]["url"] == "https://example.org/compendium/peel-2023-25/investigating-crime/#kent-video-calls"
    data = json.loads((tmp_path / "data/compendium.json").read_text())
    assert data["forces"][1]["url"] == "https://example.org/compendium/forces/kent/"
    assert '<link rel="alternate" type="text/html" href="https://example.org/compendium/whats-new/"/>' in \
        (tmp_path / "data/feed.xml").read_text()


def test_export_writes_exactly_the_documented_columns(cli, content, tmp_path):
    assert cli("export", "--content", content, "--out", tmp_path / "data")[0] == 0
    with open(tmp_path / "data/grades.csv") as grades:
        rows = list(csv.DictReader(grades))
    assert list(rows[0]) == ["framework", "force_id", "force_name", "area_id", "area_title", "grade", "trend",
                             "last_inspected", "change", "read_from"]
    assert rows[0] == {"framework": "peel-2023-25", "force_id": "gwent", "force_name": "Gwent Police",
                       "area_id": "investigating-crime", "area_title": "Investigating crime", "grade": "Adequate",
                       "trend": "", "last_inspected": "", "change": "", "read_from": "test-compendium"}
    with open(tmp_path / "data/practice.csv") as practice:
        cards = list(csv.DictReader(practice))
    assert list(cards[0]) == ["id", "framework", "area_id", "area_title", "force_id", "force_name", "attribution",
                              "grade", "practice_type", "evaluation", "title", "objective", "detail", "outcome",
                              "themes", "read_from", "read_from_text", "same_as", "source_title", "source_year",
                              "source_url", "added_in", "url"]
    assert cards[1]["read_from_text"] == "Test Compendium, Version 1.1 (Test Authority): PEEL 2023–25, Investigating crime"
    assert cards[1]["source_title"] == "PEEL 2023–25: An inspection of Kent Police"
    assert cards[1]["attribution"] == "printed"
    assert cards[1]["themes"] == "domestic-abuse;technology-data"
    assert cards[1]["grade"] == "Requires improvement"
    assert cards[1]["url"] == "peel-2023-25/investigating-crime/#kent-video-calls"
    data = json.loads((tmp_path / "data/compendium.json").read_text())
    assert list(data) == ["version", "date", "documents", "frameworks", "forces", "practice", "reports"]
    assert data["forces"][1] == {"id": "kent", "name": "Kent Police", "url": "forces/kent/", "grades": {
        "peel-2023-25": {"investigating-crime": "Requires improvement", "leadership": "Good"}}, "changes": {}}
    assert data["practice"][1]["grade"] == "Requires improvement"


def test_new_card_writes_a_commented_skeleton_that_check_explains(cli, content):
    code, out, _ = cli("new-card", "--content", content, "--force", "kent", "--area", "leadership")
    path = content / "practice/peel-2023-25/leadership/kent-new-practice.yaml"
    assert (code, out) == (0, f"Wrote {path}: fill in each field, then run 'python build.py check'.\n")
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../../../schemas/card.schema.json\n")
    assert "forces: [kent]\n" in text and "area: leadership\n" in text
    code, _, err = cli("check", "--content", content)
    assert code == 1 and "themes: give at least 1; the list is empty" in err


def test_new_card_refuses_an_unknown_force_with_a_suggestion(cli, content):
    assert cli("new-card", "--content", content, "--force", "Kent Police", "--area", "leadership") == (
        1, "", "--force: unknown force 'Kent Police'; did you mean 'kent'?\n1 problem found; nothing was built.\n")


def test_new_card_refuses_an_unknown_area_with_a_suggestion(cli, content):
    code, _, err = cli("new-card", "--content", content, "--force", "kent", "--area", "leadership-and-force")
    assert err.startswith("--area: unknown area 'leadership-and-force' of peel-2023-25; did you mean 'leadership'?")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_documented_in_the_readme(command):
    result = subprocess.run([sys.executable, "build.py", command, "--help"], cwd=PROJECT, capture_output=True,
                            text=True)
    assert result.returncode == 0 and result.stdout.startswith(f"usage: build.py {command}")
    assert f"python build.py {command}" in (PROJECT / "README.md").read_text()


def test_handout_writes_one_self_contained_file(cli, content, tmp_path):
    out = tmp_path / "handout.html"
    code, stdout, _ = cli("handout", "--content", content, "--out", out)
    assert code == 0 and stdout == f"Wrote {out} ({out.stat().st_size:,} bytes).\n"
    assert out.read_text().startswith("<!DOCTYPE html>")


def test_a_card_added_as_contributing_describes_appears_on_the_site_and_in_the_handout(cli, content, tmp_path):
    assert cli("new-card", "--content", content, "--force", "gwent", "--area", "leadership")[0] == 0
    skeleton = content / "practice/peel-2023-25/leadership/gwent-new-practice.yaml"
    card = skeleton.with_name("gwent-fleet-telematics.yaml")
    text = (skeleton.read_text().replace("id: gwent-new-practice", "id: gwent-fleet-telematics")
            .replace('title: "Short name of the practice"', "title: Telematics in the fleet")
            .replace("themes: []", "themes: [technology-data]")
            .replace("  To ...", "  To know where the fleet is.")
            .replace("  The force ...", "  Vans report where they are.")
            .replace("outcome: >-\n  ...", "outcome: >-\n  The source gives no outcome."))
    skeleton.unlink()
    card.write_text(text)
    assert cli("check", "--content", content)[0] == 0
    assert cli("build", "--content", content, "--out", tmp_path / "site")[0] == 0
    area_page = (tmp_path / "site/peel-2023-25/leadership/index.html").read_text()
    assert 'id="gwent-fleet-telematics"' in area_page and "Telematics in the fleet" in area_page
    assert "#gwent-fleet-telematics" in (tmp_path / "site/forces/gwent/index.html").read_text()
    assert 'id="card--gwent-fleet-telematics"' in (tmp_path / "site/downloads/compendium-handout.html").read_text()


def test_a_framework_without_grades_builds(cli, content, tmp_path):
    replace(content / "frameworks/peel-2023-25.yaml", "graded: true", "graded: false")
    assert cli("build", "--content", content, "--out", tmp_path / "site")[0] == 0
    assert "grades counted" not in (tmp_path / "site/forces/index.html").read_text()


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_csv_cell_a_spreadsheet_would_run_as_a_formula_starts_with_an_apostrophe(cli, content, tmp_path, start):
    card = content / "practice/peel-2023-25/investigating-crime/kent-video-calls.yaml"
    replace(card, "title: Video calls for domestic abuse callers", f'title: "{start}HYPERLINK(\\"https://x.example\\")"')
    replace(card, "  To answer domestic abuse callers sooner.", f"  {start}1+2")
    assert cli("export", "--content", content, "--out", tmp_path / "data")[0] == 0
    with open(tmp_path / "data/practice.csv", newline="") as practice:
        row = list(csv.DictReader(practice))[1]
    assert (row["title"], row["objective"]) == (f"'{start}HYPERLINK(\"https://x.example\")", f"'{start}1+2")
    data = json.loads((tmp_path / "data/compendium.json").read_text())
    assert data["practice"][1]["title"] == f"{start}HYPERLINK(\"https://x.example\")"  # JSON keeps the value as written


def test_a_tab_at_the_start_of_a_csv_cell_is_neutralised_too(cli, content, tmp_path):
    card = content / "practice/peel-2023-25/investigating-crime/kent-video-calls.yaml"
    replace(card, "objective: >-\n  To answer domestic abuse callers sooner.", 'objective: "\\t=1+2"')
    assert cli("export", "--content", content, "--out", tmp_path / "data")[0] == 0
    with open(tmp_path / "data/practice.csv", newline="") as practice:
        assert list(csv.DictReader(practice))[1]["objective"] == "'\t=1+2"


def test_card_ids_cannot_collide_with_the_handouts_own_ids(cli, content, tmp_path):
    card = content / "practice/peel-2023-25/investigating-crime/kent-video-calls.yaml"
    for card_id in ("contents", "forces-kent", "contents-heading"):
        copy = card.with_name(f"{card_id}.yaml")
        copy.write_text(card.read_text().replace("id: kent-video-calls", f"id: {card_id}"))
    out = tmp_path / "handout.html"
    assert cli("handout", "--content", content, "--out", out)[0] == 0
    ids = re.findall(r'\bid="([^"]+)"', out.read_text())
    assert len(ids) == len(set(ids)) and {"card--contents", "card--forces-kent", "contents"} <= set(ids)


def test_the_handout_stylesheet_holds_no_content(cli, content, tmp_path):
    clean = tmp_path / "clean.html"
    assert cli("handout", "--content", content, "--out", clean)[0] == 0
    replace(content / "compendium.yaml", "title: Test Compendium\npublisher",
            'title: "x\\"; } body { display: none } @import url(https://xss.example/x.css); .y { \\""\npublisher')
    hostile = tmp_path / "hostile.html"
    assert cli("handout", "--content", content, "--out", hostile)[0] == 0

    def style(path):
        return re.search(r"<style>(.*?)</style>", path.read_text(), re.S).group(1)
    assert style(hostile) == style(clean) and "xss.example" not in style(hostile)


def test_the_csv_files_end_their_lines_with_crlf_as_rfc_4180_asks(cli, content, tmp_path):
    assert cli("export", "--content", content, "--out", tmp_path / "data")[0] == 0
    for name in ("grades.csv", "practice.csv", "forces.csv", "areas.csv"):
        data = (tmp_path / "data" / name).read_bytes()
        assert data.count(b"\r\n") == data.count(b"\n") > 1, name
