"""The pull request's report: the job summary (`check --format summary`) and the card preview (`handout --cards`).

The summary is GitHub-flavoured Markdown for $GITHUB_STEP_SUMMARY: what was checked, every problem with its
file, line and column, and each card the pull request adds or changes as readers will see it. The card preview
is the handout of those cards alone, one file that opens from disk.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt

from compendium import check
from compendium.summary import RESERVE, github_text, summary
from conftest import PROJECT, replace
from hostile import load_payloads, parse_html

CARD = "content/practice/peel-2023-25/investigating-crime/kent-video-calls.yaml"
GITHUB_MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])  # GitHub's, less its autolinks


def test_the_summary_of_valid_content_says_what_was_checked_and_that_there_is_no_problem(cli, content):
    code, out, err = cli("check", "--content", content, "--format", "summary")
    assert code == 0
    assert out == ("## Content check\n"
                   "\n"
                   "Checked 2 practice examples, 2 forces, 1 framework and 2 themes.\n"
                   "\n"
                   "No problems found.\n")
    assert err == "Content is valid: 2 practice examples, 2 forces, 1 frameworks, 2 themes.\n"


def test_the_summary_lists_each_problem_with_its_file_line_and_column_and_the_check_still_fails(cli, content):
    replace(content.parent / CARD, "forces: [kent]", "forces: [kentt]")
    code, out, err = cli("check", "--content", content, "--format", "summary", "--cards", CARD)
    assert code == 1
    assert out.splitlines()[:9] == [
        "## Content check",
        "",
        "Checked every file in content.",
        "",
        "**1 problem found**, so nothing was built. Each is also shown on its line under **Files changed**. "
        "Fix them, commit again, and the check runs again.",
        "",
        "| File | Line | Column | Problem |",
        "| --- | ---: | ---: | --- |",
        "| content/practice/peel-2023-25/investigating-crime/kent-video-calls.yaml | 3 | 10 | "
        "unknown force 'kentt'; did you mean 'kent'? |"]
    assert out.splitlines()[-3:] == ["Files changed that are shown once the problems are fixed:", "",
                                     f"- {CARD}"]
    assert "kent-video-calls.yaml:3:10: unknown force 'kentt'; did you mean 'kent'?" in err


def test_the_summary_shows_a_changed_card_as_readers_will_see_it_and_where(cli, content):
    code, out, _ = cli("check", "--content", content, "--format", "summary", "--cards", CARD)
    assert code == 0
    assert out.split("## How this card will read\n")[1].splitlines()[3:] == [
        "### Video calls for domestic abuse callers",
        "",
        f"File: {CARD}",
        "",
        "| Field | How readers will see it |",
        "| --- | --- |",
        "| Force | Kent Police: Requires improvement |",
        "| Area | Investigating crime, PEEL 2023–25 |",
        "| Practice type | Innovative practice |",
        "| Evaluation | Results reported by the force |",
        "| Themes | Domestic abuse, Technology and data |",
        "| Objective | To answer domestic abuse callers sooner. |",
        "| What the force does | Callers get a video link to a specialist officer. |",
        "| Outcome | 350 calls answered in under two hours, against 100 before. |",
        r"| On the site | the page of Investigating crime \(peel-2023-25/investigating-crime/\#kent-video-calls\); "
        r"the page of Kent Police \(forces/kent/\); the theme page Domestic abuse \(themes/domestic-abuse/\); "
        r"the theme page Technology and data \(themes/technology-data/\) |"]


def test_a_changed_file_that_is_no_card_is_named_as_such(cli, content):
    code, out, _ = cli("check", "--content", content, "--format", "summary", "--cards", "content/themes.yaml")
    assert code == 0
    assert out.endswith("Files changed that are not practice cards of the checked content:\n\n"
                        "- content/themes.yaml\n")


def test_the_summary_stays_within_its_limit_and_says_what_it_left_out(content):
    compendium = check(content)
    cards = [content / "practice/peel-2023-25/investigating-crime" / name
             for name in ("gwent-case-files.yaml", "kent-video-calls.yaml")]
    whole = summary(content, cards, compendium)
    limit = len(whole.encode()) + RESERVE - 200  # room for the first card but not the second
    cut = summary(content, cards, compendium, limit=limit)
    assert len(cut.encode()) <= limit
    assert cut.count("\n### ") == 1
    assert cut.endswith("1 more card not shown: a summary holds at most 1 MiB. "
                        "Run `python build.py check` to see everything.\n")


# --- untrusted text --------------------------------------------------------------------------------

def test_text_shows_as_written_in_githubs_markdown():
    text = "<b>[x](https://e.example) ![i](https://e.example/p.png) | @octocat # *a* ~b~ $m$ & `c`"
    rendered = GITHUB_MARKDOWN.render(f"| a |\n| --- |\n| {github_text(text)} |\n")
    cell = re.search(r"<td>(.*)</td>", rendered).group(1)
    assert cell.replace("\u200b", "") == text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_a_mention_a_bare_address_and_line_breaks_do_nothing():
    assert github_text("ask @octocat at mail@example.com") == "ask @\u200boctocat at mail@\u200bexample.com"
    assert github_text("see https://e.example or www.e.example") == "see https:\u200b//e.example or www.\u200be.example"
    assert github_text("one\ntwo\r\n\n# three\u2028four") == r"one two \# three four"


def test_every_hostile_payload_stays_one_inert_table_cell():
    for payload in load_payloads():
        escaped = github_text(payload)
        assert "\n" not in escaped and "<" not in escaped and ">" not in escaped, payload
        assert "![" not in escaped and "](" not in escaped and "<!--" not in escaped, payload
        assert not re.search(r"@\w", escaped) and not re.search(r"(?<!\\)\|", escaped), payload
        assert not re.search(r"&(?!amp;|lt;|gt;)", escaped), payload
        rendered = GITHUB_MARKDOWN.render(f"| a | b |\n| --- | --- |\n| a | {escaped} |\n")
        tree = parse_html(rendered)
        assert [element.tag for element in tree.iter()][1:] == ["table", "thead", "tr", "th", "th", "tbody",
                                                                "tr", "td", "td"], payload


# --- the card preview ------------------------------------------------------------------------------

def test_the_card_preview_is_the_handout_of_the_chosen_cards_alone(cli, content, tmp_path):
    out = tmp_path / "card-preview.html"
    code, _, _ = cli("handout", "--content", content, "--cards", CARD, "--out", out)
    assert code == 0
    page = parse_html(out.read_text(encoding="utf-8"))
    assert [article.find_all("h2")[0].get("id") for article in page.find_all("article", "handout-card")] == \
        ["card--kent-video-calls"]


def test_the_card_preview_refuses_a_file_that_is_no_card(cli, content, tmp_path):
    code, _, err = cli("handout", "--content", content, "--cards", "content/themes.yaml", "--out",
                       tmp_path / "card-preview.html")
    assert code == 1
    assert err == "content/themes.yaml: is not a practice card of the content\n"
    assert not (tmp_path / "card-preview.html").exists()


def test_the_card_preview_shows_the_cards_alone_without_the_rest_of_the_handout(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(PROJECT)
    card = "content/practice/peel-2021-22/responding-to-the-public/national-kent-vulnerable-repeat-callers.yaml"
    out = tmp_path / "card-preview.html"
    assert cli("handout", "--cards", card, "--out", out)[0] == 0
    page = parse_html(out.read_text(encoding="utf-8"))
    assert [article.find_all("h2")[0].get("id") for article in page.find_all("article", "handout-card")] == \
        ["card--national-kent-vulnerable-repeat-callers"]
    assert page.find_all("h1")[0].text() == "Preview of 1 practice example"
    assert page.find_all("table") == [] and page.find_all("section") == []


def test_the_card_preview_opens_from_disk_with_no_request_and_fits_a_phone(page, cli, content, tmp_path):
    out = tmp_path / "card-preview.html"
    assert cli("handout", "--content", content, "--cards", CARD, "--out", out)[0] == 0
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(out.as_uri())
    assert page.locator("article.handout-card h2").all_inner_texts() == ["Video calls for domestic abuse callers"]
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    assert requested == [out.as_uri()]
