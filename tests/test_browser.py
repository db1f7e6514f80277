"""In a real Chromium: the built site works as a reader uses it."""
import re

import pytest
from playwright.sync_api import expect

from test_quality import PAGE_KINDS
from test_site import COMPENDIUM


def test_the_grades_matrix_sorts_from_the_keyboard(page, served_site):
    page.goto(served_site + "peel-2023-25/grades/")
    button = page.get_by_role("button", name="Investigating crime")
    button.focus()
    page.keyboard.press("Enter")
    header = page.locator("th", has=button)
    expect(header).to_have_attribute("aria-sort", "ascending")
    column = page.locator("table.grades-matrix tbody tr td:nth-child(5)")
    ranks = [COMPENDIUM.grade_rank("peel-2023-25", label) for label in column.all_inner_texts()]
    assert ranks == sorted(ranks) and len(ranks) == 43
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "descending")
    ranks = [COMPENDIUM.grade_rank("peel-2023-25", label) for label in column.all_inner_texts()]
    assert ranks == sorted(ranks, reverse=True)


def search_and_open(page, home: str, words: str, result_text: str) -> None:
    """Type into the theme's search box as a reader does (key by key) and open the first matching result."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(home)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially(words)
    result = page.locator(".md-search-result__link", has_text=result_text).first
    expect(result).to_be_visible()
    result.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(result_text)


def test_search_finds_a_force_by_name_and_opens_its_page(page, served_site):
    search_and_open(page, served_site, "Humberside", "Humberside Police")
    expect(page).to_have_url(re.compile(re.escape(served_site + "forces/humberside/")))


def test_a_card_permalink_lands_on_the_card(page, served_site):
    page.goto(served_site + "peel-2023-25/police-powers/#cheshire-youth-stop-search-scrutiny")
    heading = page.locator("h3#cheshire-youth-stop-search-scrutiny")
    expect(heading).to_be_in_viewport()


def test_the_online_site_requests_nothing_from_another_host(page, served_site):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(served_site + "peel-2023-25/investigating-crime/")
    page.wait_for_load_state("networkidle")
    assert requested and all(url.startswith(served_site.rsplit("/compendium/", 1)[0]) for url in requested), requested


def test_the_handout_from_disk_makes_no_request_and_its_links_work(page, real_site):
    handout = (real_site / "downloads/compendium-handout.html").as_uri()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(handout)
    page.get_by_role("navigation", name="Contents").get_by_role("link", name="Investigating crime").first.click()
    expect(page.locator("#page--peel-2023-25--investigating-crime")).to_be_in_viewport()
    page.locator("section.force", has=page.locator("#page--forces--kent")).locator("td a").first.click()
    assert page.url.startswith(handout + "#card--kent-")
    expect(page.locator(f"[id='{page.url.split('#')[1]}']")).to_be_in_viewport()
    assert requested == [handout]


def test_the_handout_reads_on_a_phone(page, real_site):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto((real_site / "downloads/compendium-handout.html").as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_handout_prints_to_a4_pdf(page, real_site):
    page.goto((real_site / "downloads/compendium-handout.html").as_uri())
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page\r") + \
        pdf.count(b"/Type/Page") > 30


def test_the_offline_site_searches_from_disk_with_no_network(page, real_site, tmp_path):
    import zipfile
    zipfile.ZipFile(real_site / "downloads/compendium-site.zip").extractall(tmp_path)
    home = (tmp_path / "compendium-site/index.html").as_uri()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    search_and_open(page, home, "Merseyside", "Merseyside Police")
    assert page.url.startswith((tmp_path / "compendium-site/forces/merseyside/index.html").as_uri())
    assert all(url.startswith("file://") for url in requested), [u for u in requested if "file:" not in u]


def test_a_very_long_word_wraps_in_the_handout_on_a_phone(page, cli, content, tmp_path):
    card = content / "practice/peel-2023-25/investigating-crime/kent-video-calls.yaml"
    text = card.read_text().replace("Callers get a *video link* to a specialist officer.", "x" * 3000)
    card.write_text(text.replace("title: Video calls for domestic abuse callers", "title: " + "y" * 120))
    handout = tmp_path / "handout.html"
    assert cli("handout", "--content", content, "--out", handout)[0] == 0
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(handout.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_grades_matrix_keeps_force_names_on_two_lines_and_in_view_while_it_scrolls(page, served_site):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(served_site + "peel-2023-25/grades/")
    lines = page.evaluate("""() => [...document.querySelectorAll('.grades-matrix th[scope=row] a')].map(link => {
        const height = parseFloat(getComputedStyle(link).lineHeight);
        return [link.textContent, Math.round(link.getBoundingClientRect().height / height)]; })""")
    assert len(lines) == 43 and [name for name, count in lines if count > 2] == []
    page.evaluate("() => { const wrap = document.querySelector('.table-wrap'); wrap.scrollLeft = wrap.scrollWidth; }")
    wrap_left, header_left = page.evaluate("""() => [document.querySelector('.table-wrap').getBoundingClientRect().left,
        document.querySelector('.grades-matrix tbody th').getBoundingClientRect().left]""")
    assert abs(header_left - wrap_left) < 2


# Every comma after a name in a cell of names that starts a line: its top lies below that of the name before it.
COMMAS_STARTING_A_LINE = """() => [...document.querySelectorAll('td.names a')].flatMap(link => {
    const after = link.nextSibling;
    if (!after || !after.textContent.startsWith(',')) return [];
    const comma = document.createRange(); comma.setStart(after, 0); comma.setEnd(after, 1);
    const name = [...link.getClientRects()].at(-1);
    return comma.getBoundingClientRect().top > name.top + 1 ? [link.textContent] : []; })"""


@pytest.mark.parametrize("kind", ["area", "grade view"])
def test_a_names_comma_stays_on_its_line_on_a_phone(page, served_site, kind):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(served_site + PAGE_KINDS[kind])
    assert page.locator("td.names a").count() > 40
    assert page.evaluate(COMMAS_STARTING_A_LINE) == []


@pytest.mark.parametrize("kind", [kind for kind in PAGE_KINDS if kind != "handout"])
def test_no_page_scrolls_sideways_on_a_phone(page, served_site, kind):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(served_site + PAGE_KINDS[kind])
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390


def test_the_grades_matrix_force_column_holds_its_longest_word_at_desktop_width(page, served_site):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(served_site + "peel-2023-25/grades/")
    column, longest_word = page.evaluate("""() => {
        const cell = document.querySelector('.grades-matrix tbody th');
        const context = document.createElement('canvas').getContext('2d');
        context.font = getComputedStyle(cell.querySelector('a')).font;
        const words = [...document.querySelectorAll('.grades-matrix tbody th a')]
            .flatMap(link => link.textContent.split(/\\s+/));
        const style = getComputedStyle(cell);
        return [cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
                Math.max(...words.map(word => context.measureText(word).width))]; }""")
    assert column >= longest_word > 50


def test_the_grades_matrix_filters_by_a_grade(page, served_site):
    page.goto(served_site + "peel-2023-25/grades/")
    page.get_by_label("Show the forces graded").select_option("Inadequate")
    holders = [force.name for force in COMPENDIUM.forces
               if any(COMPENDIUM.grade(force.id, "peel-2023-25", area.id) == "Inadequate"
                      for area in COMPENDIUM.framework_by_id["peel-2023-25"].areas)]
    expect(page.locator(".grade-filter__status")).to_have_text(f"{len(holders)} of 43 shown")
    assert page.locator(".grades-matrix tbody tr:not([hidden]) th").all_inner_texts() == holders
