"""The practice finder in a real Chromium: every filter, the address that keeps a choice, no JavaScript, the
offline zip from disk, the keyboard and the printed list. Expected rows are worked out from the content."""
import re
import zipfile

import pytest
from playwright.sync_api import expect

from test_site import COMPENDIUM

FIND = "find/"
TOTAL = len(COMPENDIUM.cards)


def expected_titles(**wanted: list[str]) -> list[str]:
    """Titles of the cards matching every filter given (any of its values), in the finder's order."""
    def matches(card) -> bool:
        values = COMPENDIUM.facet_values(card)
        return all(set(values[name].split()) & set(options) for name, options in wanted.items())
    return [card.title for card in COMPENDIUM.cards if matches(card)]


def shown_titles(page) -> list[str]:
    return page.locator(".finder__row:not([hidden]) .finder__title").all_inner_texts()


def tick(page, facet: str, value: str) -> None:
    group = page.locator(f"details[data-facet='{facet}']")
    if not group.evaluate("element => element.open"):
        group.locator("summary").click()
    group.locator(f"input[value='{value}']").check()


def first_option(facet_name: str) -> str:
    facet = next(facet for facet in COMPENDIUM.facets if facet.name == facet_name)
    return facet.options[0][0]


@pytest.mark.parametrize("facet", [facet.name for facet in COMPENDIUM.facets])
def test_each_filter_alone_shows_exactly_the_cards_holding_its_option(page, served_site, facet):
    page.goto(served_site + FIND)
    value = first_option(facet)
    tick(page, facet, value)
    expected = expected_titles(**{facet: [value]})
    assert shown_titles(page) == expected
    expect(page.locator("#finder-status")).to_have_text(f"Showing {len(expected)} of {TOTAL} practice examples")


def test_filters_combine_with_and_across_and_or_within(page, served_site):
    page.goto(served_site + FIND)
    tick(page, "theme", "domestic-abuse")
    tick(page, "grade", "good")
    tick(page, "grade", "outstanding")
    expected = expected_titles(theme=["domestic-abuse"], grade=["good", "outstanding"])
    assert 0 < len(expected) < len(expected_titles(theme=["domestic-abuse"]))
    assert shown_titles(page) == expected


def test_an_option_counts_the_cards_it_would_show_given_the_other_filters(page, served_site):
    page.goto(served_site + FIND)
    tick(page, "theme", "stalking-harassment")
    met_count = len(expected_titles(theme=["stalking-harassment"], force=["metropolitan"]))
    assert met_count == 1
    option = page.locator("details[data-facet='force'] label", has=page.locator("input[value='metropolitan']"))
    expect(option.locator(".finder__count")).to_have_text(f"({met_count})")


def test_words_narrow_the_list_to_rows_that_contain_them(page, served_site):
    page.goto(served_site + FIND)
    page.locator("#finder-words").fill("stalking")
    titles = shown_titles(page)
    assert len(titles) >= len(expected_titles(theme=["stalking-harassment"]))
    for row in page.locator(".finder__row:not([hidden])").all():
        assert "stalking" in (row.inner_text() + row.get_attribute("data-words")).lower()
    expect(page.locator("#finder-status")).to_have_text(f"Showing {len(titles)} of {TOTAL} practice examples")


def test_the_address_keeps_the_choice_and_opening_it_restores_the_same_list(page, served_site):
    page.goto(served_site + FIND)
    tick(page, "theme", "stalking-harassment")
    tick(page, "type", "innovative")
    page.locator("#finder-words").fill("video")
    address = served_site + FIND + "?q=video&type=innovative&theme=stalking-harassment"
    expect(page).to_have_url(address)
    shown = shown_titles(page)
    page.goto("about:blank")
    page.goto(address)
    assert shown_titles(page) == shown
    expect(page.locator("details[data-facet='theme'] input[value='stalking-harassment']")).to_be_checked()
    expect(page.locator("#finder-words")).to_have_value("video")
    expect(page.locator("#finder-selection")).to_have_text(
        "Filters: Words: video; Practice type: Innovative practice; Theme: Stalking and harassment")


def test_clearing_the_filters_shows_every_card_and_empties_the_address(page, served_site):
    page.goto(served_site + FIND + "?theme=custody")
    page.get_by_role("button", name="Clear all filters").click()
    expect(page.locator("#finder-status")).to_have_text(f"All {TOTAL} practice examples")
    expect(page).to_have_url(served_site + FIND)


def test_without_javascript_the_page_lists_every_card_and_shows_no_dead_filters(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + FIND + "?theme=custody")
    assert len(shown_titles(page)) == TOTAL
    expect(page.locator("#finder-filters")).to_be_hidden()
    context.close()


def test_the_finder_works_from_the_offline_zip_on_disk_with_no_network(page, real_site, tmp_path):
    zipfile.ZipFile(real_site / "downloads/compendium-site.zip").extractall(tmp_path)
    finder = (tmp_path / "compendium-site/find/index.html").as_uri()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(finder + "?theme=stalking-harassment")
    assert shown_titles(page) == expected_titles(theme=["stalking-harassment"])
    tick(page, "force", "durham")
    expect(page).to_have_url(finder + "?force=durham&theme=stalking-harassment")
    page.locator(".finder__row:not([hidden]) .finder__title").first.click()
    assert page.url.startswith((tmp_path / "compendium-site/peel-2023-25/investigating-crime/index.html").as_uri())
    assert all(url.startswith("file://") for url in requested), [url for url in requested if "file:" not in url]


def test_the_filters_work_from_the_keyboard_and_the_count_is_announced(page, served_site):
    page.goto(served_site + FIND)
    page.locator("details[data-facet='evaluation'] summary").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    stage = first_option("evaluation")
    expect(page.locator(f"input[value='{stage}']")).to_be_checked()
    status = page.get_by_role("status").filter(has_text="practice examples")
    expect(status).to_have_text(f"Showing {len(expected_titles(evaluation=[stage]))} of {TOTAL} practice examples")
    assert status.get_attribute("aria-live") == "polite"


def test_printing_shows_the_chosen_rows_and_the_filters_but_not_the_controls(page, served_site):
    page.goto(served_site + FIND + "?theme=custody")
    page.emulate_media(media="print")
    expect(page.locator("#finder-filters")).to_be_hidden()
    expect(page.locator(".md-header")).to_be_hidden()
    expect(page.locator("#finder-selection")).to_have_text("Filters: Theme: Custody")
    assert len(page.locator(".finder__row").filter(visible=True).all()) == len(expected_titles(theme=["custody"]))
    assert page.pdf(format="A4").startswith(b"%PDF")


def test_each_row_links_to_its_card_and_names_force_grade_area_and_framework(real_site):
    text = (real_site / "find/index.html").read_text(encoding="utf-8")
    card = COMPENDIUM.card_by_id["cheshire-youth-stop-search-scrutiny"]
    row = re.search(r'<li class="finder__row"[^>]*>\s*<a class="finder__title" href="../peel-2023-25/police-powers/'
                    r'#cheshire-youth-stop-search-scrutiny">(.*?)</li>', text, re.S)
    assert row, "the row links to the card's permalink"
    facts = re.sub(r"<[^>]+>", "", row.group(1))
    assert card.title in facts and "Cheshire Constabulary, graded Good · Police powers" in facts
    assert "PEEL 2023–25 · Innovative practice" in facts


def test_a_ready_answer_csv_holds_exactly_the_rows_of_grades_csv_at_its_grades(real_site):
    import csv
    with open(real_site / "downloads/grades.csv", encoding="utf-8", newline="") as file:
        every = [row for row in csv.DictReader(file)]
    with open(real_site / "downloads/grades-peel-2023-25-inadequate.csv", encoding="utf-8", newline="") as file:
        inadequate = [row for row in csv.DictReader(file)]
    assert inadequate == [row for row in every if row["framework"] == "peel-2023-25" and row["grade"] == "Inadequate"]
    assert len(inadequate) > 10


def test_the_ready_answer_page_counts_the_forces_holding_its_grades(real_site):
    text = (real_site / "peel-2023-25/grades/requires-improvement-or-inadequate/index.html").read_text("utf-8")
    holders = {force.id for force in COMPENDIUM.forces for area in COMPENDIUM.framework_by_id["peel-2023-25"].areas
               if COMPENDIUM.grade(force.id, "peel-2023-25", area.id) in ("Requires improvement", "Inadequate")}
    assert f"{len(holders)} of 43 forces hold one of these grades in at least one area of PEEL 2023–25." in text


@pytest.mark.parametrize("where", ["online", "offline"])
def test_the_three_reader_tasks_take_two_clicks_from_home_and_one_filter_choice(page, served_site, real_site,
                                                                                 tmp_path, where):
    if where == "online":
        home = served_site
    else:
        zipfile.ZipFile(real_site / "downloads/compendium-site.zip").extractall(tmp_path)
        home = (tmp_path / "compendium-site/index.html").as_uri()
    page.set_viewport_size({"width": 1280, "height": 900})
    # Stalking practice: Find practice, open the Theme filter, tick one theme.
    page.goto(home)
    page.get_by_role("link", name="Find practice").first.click()
    tick(page, "theme", "stalking-harassment")
    assert shown_titles(page) == expected_titles(theme=["stalking-harassment"])
    # Kent between cycles: the Forces tab, then Kent; its record shows the change in each area.
    page.goto(home)
    page.locator(".md-tabs").get_by_role("link", name="Forces").click()
    page.locator("article").get_by_role("link", name="Kent Police", exact=True).click()
    expect(page.get_by_role("table", name="Kent Police: grades in each inspection cycle")).to_contain_text(
        "Change since PEEL 2021–22")
    # The Inadequate forces as a spreadsheet: the ready answer, then its CSV of Inadequate only.
    page.goto(home)
    page.get_by_role("link", name="Forces graded Requires improvement or Inadequate").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="grades-peel-2023-25-inadequate.csv").click()
    rows = download.value.path().read_text(encoding="utf-8").splitlines()[1:]
    assert rows and all(",Inadequate," in row for row in rows)
