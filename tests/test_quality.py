"""Quality gates on what we publish: valid HTML, WCAG 2.2 AA, keyboard use, reproducible builds."""
import os
import random
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from compendium import PROJECT, check
from compendium.load import load_content
from compendium.validate import validate

NODE_MODULES = PROJECT / "node_modules"
VNU = NODE_MODULES / "vnu-jar/build/dist/vnu.jar"
AXE = NODE_MODULES / "axe-core/axe.min.js"
PAGE_KINDS = {
    "home": "index.html", "framework": "peel-2023-25/index.html", "area": "peel-2023-25/police-powers/index.html",
    "force": "forces/kent/index.html", "forces index": "forces/index.html",
    "grades matrix": "peel-2023-25/grades/index.html", "theme": "themes/domestic-abuse/index.html",
    "themes index": "themes/index.html", "what's new": "whats-new/1.6/index.html",
    "source notes": "source-notes/index.html", "downloads": "downloads/index.html",
    "accessibility": "accessibility/index.html", "handout": "downloads/compendium-handout.html",
    "finder": "find/index.html", "finder filtered": "find/index.html?theme=custody&grade=good",
    "grades one area at a time": "peel-2023-25/grades/by-area/index.html",
    "grade view": "peel-2023-25/grades/requires-improvement-or-inadequate/index.html",
}
# Errors the Nu checker finds in mkdocs-material's own markup (base.html and partials/nav-item.html),
# not in ours: the theme puts autocomplete="off" on its menu checkboxes and tabindex="" on the labels
# of navigation sections. Neither changes how a browser or assistive technology reads the page.
THEME_MARKUP_ERRORS = [
    "Attribute “autocomplete” is only allowed when the input type is",
    "Bad value “” for attribute “tabindex” on element “label”",
]


def needed(path):
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: run make (npm ci) so CI can run this check")
        pytest.skip(f"{path} is not installed (npm ci)")


def test_every_page_kind_and_the_handout_pass_the_nu_html_checker(real_site):
    needed(VNU)
    if not shutil.which("java"):
        pytest.fail("java is needed to run the Nu HTML Checker") if os.environ.get("CI") else pytest.skip("no java")
    pages = sorted({str(real_site / page.split("?")[0]) for page in PAGE_KINDS.values()})
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", *pages],
                            capture_output=True, text=True, timeout=300)
    errors = [line for line in result.stderr.splitlines()
              if line.strip() and not any(known in line for known in THEME_MARKUP_ERRORS)]
    assert errors == []


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_finds_no_wcag_2_2_aa_violation(page, served_site, kind):
    needed(AXE)
    page.goto(served_site + PAGE_KINDS[kind])
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: "
                           "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})")
    assert [(violation["id"], [node["target"] for node in violation["nodes"]])
            for violation in result["violations"]] == []


def test_the_sort_buttons_are_reached_by_tab_and_show_their_focus(page, served_site):
    page.goto(served_site + PAGE_KINDS["grades matrix"])
    first_button = page.get_by_role("button", name="Force", exact=True)
    for _ in range(500):  # past the skip link, header and the whole navigation
        page.keyboard.press("Tab")
        if first_button.evaluate("button => button === document.activeElement"):
            break
    else:
        pytest.fail("the first sort button was not reached with Tab")
    outline = first_button.evaluate("button => getComputedStyle(button).outlineStyle")
    assert outline not in ("none", "")
    page.keyboard.press("Space")
    expect(page.locator("th", has=first_button)).to_have_attribute("aria-sort", "descending")


@pytest.mark.parametrize("kind", ["area", "handout"])
def test_the_first_tab_stop_is_a_skip_link(page, served_site, kind):
    page.goto(served_site + PAGE_KINDS[kind])
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused.lower().startswith("skip to")


def test_the_accessibility_statement_is_linked_from_every_page(real_site):
    assert "accessibility/" in (real_site / "forces/kent/index.html").read_text()


def test_two_builds_of_the_same_content_are_byte_identical(real_site, tmp_path):
    import build

    assert build.main(["build", "--out", str(tmp_path / "again")]) == 0
    first = {path.relative_to(real_site): path.read_bytes() for path in real_site.rglob("*") if path.is_file()}
    second = {path.relative_to(tmp_path / "again"): path.read_bytes()
              for path in (tmp_path / "again").rglob("*") if path.is_file()}
    assert first.keys() == second.keys()
    assert [str(path) for path in first if first[path] != second[path]] == []


def test_card_and_force_order_does_not_depend_on_file_order():
    raw = load_content(PROJECT / "content")
    expected = check(PROJECT / "content")
    random.Random(1).shuffle(raw.cards)
    random.Random(2).shuffle(raw.forces)
    shuffled = validate(raw)
    assert [card.id for card in shuffled.cards] == [card.id for card in expected.cards]
    assert [force.id for force in shuffled.forces] == [force.id for force in expected.forces]
    assert [force.name for force in expected.forces] == sorted(force.name for force in expected.forces)
