"""The charts (compendium/charts.py): inline SVG that says in words what it draws, escapes every name, and reads on a
phone. Unit tests over the small fixture, one look at the real built site, and one in Chromium."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from playwright.sync_api import expect

from compendium import PROJECT, check, charts
from compendium.context import Compendium
from compendium.model import INVISIBLE
from compendium.render import Renderer
from conftest import FIXTURE, replace
from hostile import event_handlers, load_payloads, parse_html

SVG = "{http://www.w3.org/2000/svg}"
SVG_ELEMENTS = {"svg", "title", "desc", "defs", "pattern", "path", "circle", "rect", "g", "text", "tspan"}
RECORD_ELEMENTS = {"div", "p", "span"}  # a record chart's rows and titles are page text around its SVGs
FIXTURE_COMPENDIUM = check(FIXTURE)
REAL = check(PROJECT / "content")
# Names may not hold control or invisible characters (check refuses them, and XML cannot carry some of them).
PAYLOADS = [payload for payload in load_payloads() if not INVISIBLE.search(payload)]


def svg_tree(markup) -> ET.Element:
    """The chart parsed as strict XML: it must be well formed whatever its names hold."""
    return ET.fromstring(str(markup))


def local(element: ET.Element) -> str:
    return element.tag.removeprefix(SVG)


def marks(tree: ET.Element) -> list[ET.Element]:
    """Every group that draws one grade (a bar's segment, a key's swatch, a record's chip): it carries the grade's
    class."""
    return [group for group in tree.iter(SVG + "g") if group.get("class")]


def inherited(tree: ET.Element, element: ET.Element, attribute: str) -> str | None:
    """An attribute as SVG applies it: the element's own, or else that of the nearest group around it."""
    parents = {child: parent for parent in tree.iter() for child in parent}
    while element is not None and element.get(attribute) is None:
        element = parents.get(element)
    return None if element is None else element.get(attribute)


def texts(tree: ET.Element) -> list[str]:
    """Every <text> of a chart as it reads, its <tspan>s included."""
    return ["".join(element.itertext()) for element in tree.iter(SVG + "text")]


def described(tree: ET.Element) -> tuple[str, str]:
    """The chart's accessible name and description, found through its aria references."""
    by_id = {element.get("id"): "".join(element.itertext()) for element in tree.iter() if element.get("id")}
    return by_id[tree.get("aria-labelledby")], by_id[tree.get("aria-describedby")]


def counts_in(description: str, labels: list[str]) -> dict[str, int]:
    """'Of 43 forces: 1 A, 13 B.' -> {A: 1, B: 13}, for labels known in advance (a label may hold commas)."""
    found = {}
    for label in sorted(labels, key=len, reverse=True):
        match = re.search(rf"(?:: |, )(\d+) {re.escape(label)}(?=, |\.$)", description)
        if match:
            found[label] = int(match.group(1))
    return found


def with_names(compendium: Compendium, force_name: str | None = None, area_title: str | None = None,
               framework_title: str | None = None) -> Compendium:
    """A fresh compendium (no cached facts) whose Kent, every area and every framework carry the given names.
    `check` refuses markup in names, so names are put in after it: the charts' escaping must hold on its own."""
    forces = [force.model_copy(update={"name": force_name}) if force_name and force.id == "kent" else force
              for force in compendium.forces]
    frameworks = [framework.model_copy(update={"areas": [
        area.model_copy(update={"title": area_title}) if area_title else area for area in framework.areas],
        **({"title": framework_title} if framework_title else {})})
        for framework in compendium.frameworks]
    return Compendium(meta=compendium.meta, themes=compendium.themes, notes=compendium.notes, frameworks=frameworks,
                      forces=forces, cards=compendium.cards, reports=compendium.reports)


# --- how many organisations hold each grade ---------------------------------------------------------

def test_an_area_chart_says_in_words_how_many_organisations_hold_each_grade():
    chart = charts.distribution(FIXTURE_COMPENDIUM, "peel-2023-25", "leadership")
    name, description = described(svg_tree(chart.svg))
    assert name == ("Strategic planning, organisational management and value for money: "
                    "how many forces hold each grade or status")
    assert description == "Of 2 forces: 0 Outstanding, 1 Good, 0 Adequate, 0 Requires improvement, 0 Inadequate, 1 N/A."


@pytest.mark.parametrize("framework", [framework.id for framework in REAL.graded_frameworks])
def test_every_area_chart_states_the_tally_of_its_area(framework):
    for area in REAL.framework_by_id[framework].areas:
        tally = {label: len(forces) for label, forces in REAL.forces_by_grade(framework, area.id)}
        chart = charts.distribution(REAL, framework, area.id)
        description = described(svg_tree(chart.svg))[1]
        shown = {label: count for label, count in tally.items() if count or REAL.is_grade(framework, label)}
        assert counts_in(description, list(tally)) == shown, area.id
        assert description.startswith(f"Of {sum(tally.values())} forces: ")
        assert {bar.label: bar.count for bar in chart.bars} == shown


def test_an_area_chart_writes_out_every_grade_of_the_scale_and_each_status_held_with_its_count():
    tree = svg_tree(charts.distribution(FIXTURE_COMPENDIUM, "peel-2023-25", "leadership").svg)
    key = [text for text in texts(tree) if not text.isdigit()]
    assert key == ["Outstanding 0", "Good 1", "Adequate 0", "Requires improvement 0", "Inadequate 0", "N/A 1"]


def test_each_grade_held_is_a_segment_as_wide_as_its_share_with_its_count_inside():
    tree = svg_tree(charts.distribution(REAL, "peel-2023-25", "police-powers").svg)
    segments = [group for group in marks(tree) if group.find(SVG + "text") is not None]
    widths = [float(group.find(SVG + "rect").get("width")) + 2 for group in segments]
    counts = [int(group.find(SVG + "text").text) for group in segments]
    assert counts == [13, 22, 3, 4]  # Outstanding (1) is too narrow for its count: the key below gives it
    assert [round(width / charts.DISTRIBUTION_WIDTH * 43, 1) for width in widths] == counts  # to 0.01 unit


def test_a_grade_segment_carries_its_tone_class_and_a_pattern_so_colour_is_not_needed():
    tree = svg_tree(charts.distribution(REAL, "peel-2023-25", "police-powers").svg)
    patterns = {pattern.get("id"): pattern.get("class") for pattern in tree.iter(SVG + "pattern")}
    assert sorted(patterns.values()) == ["grade--tone-1", "grade--tone-2", "grade--tone-3", "grade--tone-4"]
    assert len({(pattern[-1].tag, pattern[-1].get("d")) for pattern in tree.iter(SVG + "pattern")}) == 4
    patterned = [group for group in marks(tree) if group.get("class") in patterns.values()]
    assert patterned and all(group.find(SVG + "rect").get("fill") == f"url(#{pattern_id})"
                             for group in patterned for pattern_id, tone in patterns.items()
                             if tone == group.get("class"))


# --- one organisation's grades across cycles -------------------------------------------------------------

def test_a_record_chart_says_in_words_the_grade_of_each_area_in_each_cycle():
    name, description = described(svg_tree(charts.history_chart(REAL, "kent")))
    assert name == "Kent Police: grades in each inspection cycle"
    assert description.startswith(
        "Police powers and treating the public fairly and respectfully: PEEL 2018/19 Outstanding; PEEL 2021–22 Good; "
        "PEEL 2023–25 Good. ")
    assert "Responding to the public: PEEL 2018/19 no corresponding area; PEEL 2021–22 Requires improvement; " \
           "PEEL 2023–25 Requires improvement." in description
    assert description.count(". ") + 1 == len(REAL.current_framework.areas) and description.endswith(".")


def chips(tree: ET.Element) -> list[tuple[str, float]]:
    """Every grade chip of a record chart: its words (over one or more lines) and the height of its centre."""
    found = []
    for group in marks(tree):
        box = group.find(SVG + "rect")
        found.append((" ".join(texts(group)), float(box.get("y")) + float(box.get("height")) / 2))
    return found


def test_a_record_chart_writes_out_every_grade_and_status_it_shows():
    shown = [chip for chip, _ in chips(svg_tree(charts.history_chart(REAL, "kent")))]
    expected = [cell.judgment.grade for row in REAL.force_history("kent") for cell in row.cells if cell.judgment]
    assert shown == expected


def test_a_record_chart_places_a_better_grade_higher():
    first_row = chips(svg_tree(charts.history_chart(REAL, "kent")))[:3]
    assert [label for label, _ in first_row] == ["Outstanding", "Good", "Good"]
    assert first_row[0][1] < first_row[1][1] == first_row[2][1]


def test_scales_of_four_and_five_grades_line_up_by_place_and_a_status_sits_below_the_scale():
    def places(framework: str) -> list[int | None]:
        return [charts.scale_place(REAL, framework, label) for label in REAL.framework_by_id[framework].grade_scale]

    assert places("peel-2018-19") == [0, 1, 3, 4]
    assert places("peel-2023-25") == [0, 1, 2, 3, 4]
    assert charts.scale_place(REAL, "peel-2023-25", "N/A") is None


def test_the_chart_code_holds_no_grade_word():
    source = Path(charts.__file__).read_text(encoding="utf-8")
    words = {label for framework in REAL.frameworks for label in [*framework.grade_scale, *framework.statuses]}
    assert [word for word in words if re.search(rf"\b{re.escape(word)}\b", source)] == []


# --- hostile names ---------------------------------------------------------------------------------------

def only_chart_markup(tree: ET.Element) -> list[str]:
    """What a chart holds beyond drawing: foreign elements and attributes that run code or fetch."""
    return [f"<{local(element)}>" for element in tree.iter()
            if local(element) not in SVG_ELEMENTS | RECORD_ELEMENTS] + \
           [name for element in tree.iter() for name in element.attrib
            if name.lower().startswith("on") or name.endswith("href")]


@pytest.mark.parametrize("payload", PAYLOADS, ids=[f"payload-{index:03d}" for index in range(len(PAYLOADS))])
def test_a_hostile_area_title_or_force_name_stays_text_in_every_chart(payload):
    compendium = with_names(FIXTURE_COMPENDIUM, force_name=payload, area_title=payload)
    area_chart = svg_tree(charts.distribution(compendium, "peel-2023-25", "leadership").svg)
    assert described(area_chart)[0] == f"{payload}: how many forces hold each grade or status"
    record = svg_tree(charts.history_chart(compendium, "kent"))
    assert described(record) == (f"{payload}: grades in each inspection cycle",
                                 f"{payload}: PEEL 2023–25 Requires improvement. {payload}: PEEL 2023–25 Good.")
    assert [area.text for area in record.iter("p")] == [payload, payload]  # each row's title
    assert only_chart_markup(record) == []
    assert only_chart_markup(area_chart) == []


QUOTING = "\" onmouseover=\"alert(1)\" x=\"&amp; ' onfocus='alert(1)'"


def test_a_name_with_quotes_and_ampersands_from_a_content_file_stays_text_on_the_pages(content):
    replace(content / "forces/kent.yaml", "name: Kent Police", f"name: {json.dumps(QUOTING)}")
    replace(content / "frameworks/peel-2023-25.yaml", "title: Investigating crime",
            f"title: {json.dumps('Area ' + QUOTING)}")
    compendium = check(content)
    renderer, pages = Renderer(compendium), compendium.pages
    framework = compendium.framework_by_id["peel-2023-25"]
    grades = parse_html(renderer.page("grades.md.j2", pages.grades(framework.id), framework=framework))
    force = parse_html(renderer.page("force.md.j2", pages.force("kent"), force=compendium.force_by_id["kent"]))
    for tree in (grades, force):
        assert event_handlers(tree) == []
    assert f"Area {QUOTING}: how many forces hold each grade or status" in \
        [title.text() for title in grades.find_all("title")]
    assert [title.text() for title in force.find_all(id="history-chart-title")] == \
        [f"{QUOTING}: grades in each inspection cycle"]


def overflowing(tree: ET.Element) -> list[str]:
    """Every text of a chart that, by the charts' own estimate of its width, runs past the edge of its SVG."""
    found = []
    for svg in tree.iter(SVG + "svg"):
        width = float(svg.get("viewBox").split()[2])
        for element in svg.iter(SVG + "text"):
            text, x = "".join(element.itertext()), float(element.get("x"))
            extent = charts.text_width(text, float(inherited(svg, element, "font-size")),
                                       inherited(svg, element, "font-weight") == "700")
            left = {"middle": x - extent / 2, None: x}[inherited(svg, element, "text-anchor")]
            if left < 0 or left + extent > width + 0.01:
                found.append(text)
    return found


def test_a_name_too_long_for_a_line_is_broken_and_never_runs_past_the_edge_of_a_chart():
    long_name = "W" * 60 + " " + "Überlänge" * 8
    compendium = with_names(FIXTURE_COMPENDIUM, force_name=long_name, area_title=long_name,
                            framework_title=long_name)  # a cycle's title, over its column
    area_chart = svg_tree(charts.distribution(compendium, "peel-2023-25", "leadership").svg)
    record = svg_tree(charts.history_chart(compendium, "kent"))
    assert overflowing(area_chart) == [] and overflowing(record) == []
    assert "".join(texts(record)).startswith("W" * 16)  # the cycle's title, in lines over its column


# --- the real site ---------------------------------------------------------------------------------------

def test_the_grades_page_of_the_current_framework_has_one_chart_and_its_table_per_area(real_site):
    framework = REAL.current_framework
    tree = parse_html((real_site / framework.id / "grades/index.html").read_text(encoding="utf-8"))
    figures = tree.find_all("figure", class_="chart")
    assert len(figures) == len(framework.areas)
    for figure, area in zip(figures, framework.areas):
        tally = {label: len(forces) for label, forces in REAL.forces_by_grade(framework.id, area.id)}
        [svg] = figure.find_all("svg")
        assert svg.get("role") == "img"
        assert figure.find_all("figcaption")[0].text().startswith(area.title)
        rows = {row.find_all("th")[0].text(): int(row.find_all("td")[0].text())
                for row in figure.find_all("table")[0].find_all("tbody")[0].find_all("tr")}
        assert rows == {label: count for label, count in tally.items() if count or REAL.is_grade(framework.id, label)}
        [desc] = figure.find_all("desc")
        assert counts_in(desc.text(), list(rows)) == rows


def test_a_force_page_has_one_record_chart_with_a_row_per_area_titled_in_page_text(real_site):
    tree = parse_html((real_site / "forces/kent/index.html").read_text(encoding="utf-8"))
    [figure] = tree.find_all("figure", class_="chart--history")
    [record] = figure.find_all("div", class_="record")
    assert record.get("role") == "img"
    assert [title.text() for title in record.find_all("p", class_="record__area")] == \
        [row.area.title for row in REAL.force_history("kent")]
    assert len(record.find_all("svg")) == len(REAL.force_history("kent")) + 1  # the cycles' titles, then a row each
    [desc] = record.find_all(id="history-chart-desc")
    assert desc.text() == charts.history_description(REAL, "kent")


# --- in Chromium -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("width", [390, 1280])
def test_the_charts_fit_the_width_and_are_named_for_assistive_technology(page, served_site, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(served_site + f"{REAL.current_framework.id}/grades/")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    for area in REAL.current_framework.areas:
        expect(page.get_by_role("img", name=f"{area.title}: how many forces hold each grade or status",
                                exact=True)).to_be_visible()
    page.goto(served_site + "forces/kent/")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    record = page.get_by_role("img", name="Kent Police: grades in each inspection cycle", exact=True)
    expect(record).to_have_count(1)  # one layout shown, and read out, at each width
    expect(record).to_have_accessible_description(charts.history_description(REAL, "kent"))
    assert record.bounding_box()["width"] <= width
    for path in (f"{REAL.current_framework.id}/grades/", "forces/kent/"):
        page.goto(served_site + path)
        assert page.evaluate(TEXT_PAST_THE_EDGE) == [], path


# Every text of every chart shown whose box, as the browser lays it out, runs past the chart's viewBox.
TEXT_PAST_THE_EDGE = """() => [...document.querySelectorAll("svg.chart__svg")]
  .filter(svg => svg.getBoundingClientRect().width > 0)
  .flatMap(svg => [...svg.querySelectorAll("text")]
    .filter(text => { const box = text.getBBox(); return box.x < -0.5 || box.x + box.width > svg.viewBox.baseVal.width + 0.5; })
    .map(text => text.textContent))"""
