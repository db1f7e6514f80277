"""Light pages (issue 15): a page loads without the search index, which comes the first time a reader starts to search.

docs/assets/lazy-search.js holds back the theme's request for search/search_index.json until then."""
from playwright.sync_api import expect

from bench.browser import page_downloads

INDEX = "search/search_index.json"
FIRST_PAGE_BYTES = 400_000
RESULTS_TIMEOUT_MS = 15_000  # the index is fetched and built in the worker only once the reader starts


def index_requests(page) -> list[str]:
    """The URLs of the search index this page asks for, as they happen."""
    requested = []
    page.on("request", lambda request: requested.append(request.url) if request.url.endswith(INDEX) else None)
    return requested


def expect_result(page, text: str) -> None:
    expect(page.locator(".md-search-result__link", has_text=text).first).to_be_visible(timeout=RESULTS_TIMEOUT_MS)


def test_the_home_page_loads_without_the_search_index_and_within_the_byte_budget(browser, served_site, real_site):
    downloads = page_downloads(browser, served_site, real_site, "")
    assert INDEX not in downloads["files"]
    assert downloads["bytes"] <= FIRST_PAGE_BYTES, downloads["files"]


def test_focusing_the_search_box_fetches_the_index_once_and_finds_a_force(page, served_site):
    page.set_viewport_size({"width": 1280, "height": 900})
    requested = index_requests(page)
    page.goto(served_site)
    page.wait_for_timeout(500)
    assert requested == []
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("Kent")
    expect_result(page, "Kent Police")
    assert requested == [served_site + INDEX]


def test_words_typed_before_the_index_arrives_are_searched_when_it_does(page, served_site):
    page.set_viewport_size({"width": 1280, "height": 900})
    held = []
    page.route("**/" + INDEX, lambda route: held.append(route))  # the index stays on its way until the words are typed
    page.goto(served_site)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("Kent")
    expect(page.locator(".md-search-result__link")).to_have_count(0)
    assert len(held) == 1
    held[0].continue_()
    expect_result(page, "Kent Police")


def test_the_slash_shortcut_opens_search_and_typing_finds_a_force(page, served_site):
    page.set_viewport_size({"width": 1280, "height": 900})
    requested = index_requests(page)
    page.goto(served_site)
    page.keyboard.press("/")
    expect(page.locator("input.md-search__input")).to_be_focused()
    page.keyboard.type("Kent")
    expect_result(page, "Kent Police")
    assert len(requested) == 1


def test_the_search_button_on_a_phone_fetches_the_index_and_finds_a_force(page, served_site):
    page.set_viewport_size({"width": 390, "height": 844})
    requested = index_requests(page)
    page.goto(served_site)
    page.locator('label.md-header__button[for="__search"]').click()
    page.locator("input.md-search__input").press_sequentially("Kent")
    expect_result(page, "Kent Police")
    assert len(requested) == 1


def test_an_address_with_a_search_query_shows_its_results_without_a_key_pressed(page, served_site):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(served_site + "?q=Kent")
    expect_result(page, "Kent Police")
