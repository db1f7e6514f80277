"""Untrusted text stays text: card text comes from pull requests by strangers.

Every payload of tests/payloads.txt goes into every text field of a card (one copy of the fixture's
kent-video-calls card per payload, all in one build), and the built site is read back: no payload may
become a script, an event handler, a dangerous link, a frame or a style, and each must still be shown,
as text, where it was written. Ids and URLs are not free text: `check` refuses a payload there.
"""
from __future__ import annotations

import contextlib
import functools
import io
import http.server
import json
import re
import shutil
import threading
from pathlib import Path

import pytest
import yaml

import build
from compendium.model import INVISIBLE
from conftest import FIXTURE, replace
from hostile import (dangerous_urls, embedded_or_styled, event_handlers, foreign_scripts, load_payloads, normalise,
                     page_problems, parse_html, scripts_of, shown_as_markdown)

CARD = "practice/peel-2023-25/investigating-crime/kent-video-calls.yaml"
AREA_PAGE = "peel-2023-25/investigating-crime/index.html"
PAYLOADS = load_payloads()
# A payload holding a character no reader can see (NUL) is refused by `check`; every other one is built.
SHOWN = {index: payload for index, payload in enumerate(PAYLOADS) if not INVISIBLE.search(payload)}
REFUSED = {index: payload for index, payload in enumerate(PAYLOADS) if index not in SHOWN}
PROSE_FIELDS = {"objective": "Objective", "detail": "What the force does", "outcome": "Outcome",
                "notes": "Note on the source"}
# Pages that list a card by its title: its force, each of its themes, the version that added it.
LISTING_PAGES = ["forces/kent/index.html", "themes/domestic-abuse/index.html", "themes/technology-data/index.html",
                 "whats-new/1.0/index.html"]



def card_id(index: int) -> str:
    return f"kent-hostile-{index:03d}"


def payload_cases():
    """One case per payload, named by its number (payloads make poor test names)."""
    return [pytest.param(index, payload, id=f"payload-{index:03d}") for index, payload in SHOWN.items()]




# --- the hostile build ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_content(tmp_path_factory) -> Path:
    """The fixture content plus one copy of kent-video-calls per payload, the payload in every text field."""
    content = tmp_path_factory.mktemp("hostile") / "content"
    shutil.copytree(FIXTURE, content)
    template = yaml.safe_load((content / CARD).read_text(encoding="utf-8"))
    for index, payload in SHOWN.items():
        line = payload.replace("\t", " ")  # titles are one line; prose keeps the tab
        card = {**template, "id": card_id(index), "title": line, **dict.fromkeys(PROSE_FIELDS, payload),
                "source": {**template["source"], "title": line}}
        text = yaml.safe_dump(card, allow_unicode=True, sort_keys=False, width=10_000)
        assert yaml.safe_load(text) == card, "the card file must carry the payload unchanged"
        (content / CARD).with_name(f"{card_id(index)}.yaml").write_text(text, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def hostile_site(hostile_content) -> Path:
    out = hostile_content.parent / "site"
    assert build.main(["build", "--content", str(hostile_content), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def hostile_pages(hostile_site) -> dict[str, object]:
    """Every built HTML page, parsed once: {path relative to the site: tree}."""
    return {path.relative_to(hostile_site).as_posix(): parse_html(path.read_text(encoding="utf-8"))
            for path in sorted(hostile_site.rglob("*.html"))}


@pytest.fixture(scope="module")
def theme_scripts(fixture_site) -> set[str]:
    """Every script a clean build of the fixture carries: the theme's and the site's own."""
    return set().union(*(scripts_of(path.read_text(encoding="utf-8")) for path in fixture_site.rglob("*.html")))


@pytest.fixture(scope="module")
def area_cards(hostile_pages) -> dict[str, dict[str, str]]:
    """Each hostile card on the area page as {field label: text shown}, with 'title' for its heading."""
    tree = hostile_pages[AREA_PAGE]
    cards = {}
    for index in SHOWN:
        heading = tree.find_all("h3", id=card_id(index))[0]
        siblings = [node for node in heading.parent.children if not isinstance(node, str)]
        body = siblings[siblings.index(heading) + 1]
        assert "card" in body.classes
        labels = [element.text() for element in body.find_all("dt")]
        values = [element.text(skip=lambda element: element.tag == "summary")  # a folded note's "open me" line
                  for element in body.find_all("dd")]
        cards[card_id(index)] = {"title": heading.text(skip=lambda element: "headerlink" in element.classes),
                                 **dict(zip(labels, values))}
    return cards


def test_the_hostile_build_shows_one_card_per_payload(area_cards):
    assert len(area_cards) == len(SHOWN) == len(PAYLOADS) - 3


# --- the corpus -----------------------------------------------------------------------------------

def test_the_corpus_holds_at_least_40_distinct_payloads_short_enough_for_a_card_title():
    assert len(PAYLOADS) >= 40
    assert len(set(PAYLOADS)) == len(PAYLOADS)
    assert [payload for payload in PAYLOADS if len(payload) > 120] == []


def test_the_corpus_can_hold_characters_a_text_file_cannot():
    assert "<scr\x00ipt>alert(1)</scr\x00ipt>" in PAYLOADS
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in PAYLOADS  # other backslashes stay literal


# --- the checker finds what it looks for ------------------------------------------------------------

@pytest.mark.parametrize("html, problem", [
    ('<script>alert(1)</script>', "script not from the theme: 'inline:alert(1)'"),
    ('<script src="https://xss.example/x.js"></script>', "script not from the theme: 'src:https://xss.example/x.js'"),
    ('<p><img src=x onerror=alert(1)></p>', "<img onerror='alert(1)'>"),
    ('<a href=" JaVa&#x0A;Script:alert(1)">x</a>', "<a href=' JaVa\\nScript:alert(1)'>"),
    ('<a href="vbscript:msgbox(1)">x</a>', "<a href='vbscript:msgbox(1)'>"),
    ('<a href="//xss.example/x">x</a>', "<a href='//xss.example/x'>"),
    ('<a href="/\\xss.example/x">x</a>', "<a href='/\\\\xss.example/x'>"),
    ('<iframe src="data:text/html,x"></iframe>', "<iframe src='data:text/html,x'>"),
    ('<form><button formaction="javascript:alert(1)">x</button></form>', "<button formaction='javascript:alert(1)'>"),
    ('<article><iframe></iframe></article>', "<iframe> inside the content"),
    ('<article><object></object></article>', "<object> inside the content"),
    ('<article><embed></article>', "<embed> inside the content"),
    ('<div class="md-content"><style>*{}</style></div>', "<style> inside the content"),
    ('<article><p style="width: expression(alert(1))">x</p></article>',
     "<p style='width: expression(alert(1))'> inside the content"),
])
def test_the_checker_finds_each_kind_of_injection(html, problem):
    assert problem in page_problems(f"<html><body>{html}</body></html>")


def test_the_checker_finds_nothing_on_a_clean_build(fixture_site, theme_scripts):
    for path in fixture_site.rglob("*.html"):
        assert page_problems(path.read_text(encoding="utf-8"), theme_scripts) == [], path


# --- nothing runs ---------------------------------------------------------------------------------

def test_no_payload_becomes_a_script(hostile_pages, theme_scripts):
    found = {page: foreign_scripts(tree, theme_scripts) for page, tree in hostile_pages.items()}
    assert {page: scripts for page, scripts in found.items() if scripts} == {}


def test_no_payload_becomes_an_event_handler_anywhere_on_a_page(hostile_pages):
    assert {page: found for page, tree in hostile_pages.items() if (found := event_handlers(tree))} == {}


def test_no_payload_becomes_a_javascript_vbscript_data_or_protocol_relative_link(hostile_pages):
    assert {page: found for page, tree in hostile_pages.items() if (found := dangerous_urls(tree))} == {}


def test_no_payload_becomes_a_frame_object_embed_or_style_in_the_content(hostile_pages):
    assert {page: found for page, tree in hostile_pages.items() if (found := embedded_or_styled(tree))} == {}


def test_the_search_index_holds_payloads_only_as_text(hostile_site):
    """The theme renders search results from the index as HTML: its fragments must be as clean as a page."""
    documents = json.loads((hostile_site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    hostile = [document for document in documents if "#kent-hostile-" in document["location"]]
    assert len(hostile) == len(SHOWN)
    for document in hostile:
        for fragment in (document["title"], document["text"]):
            assert page_problems(fragment, content=()) == [], document["location"]
            assert parse_html(fragment).find_all("script") == []


# --- everything is shown, as text, where it was written ---------------------------------------------

@pytest.mark.parametrize("index, payload", payload_cases())
def test_a_title_is_shown_as_text_in_its_heading(area_cards, index, payload):
    assert area_cards[card_id(index)]["title"] == normalise(payload)


@pytest.mark.parametrize("index, payload", payload_cases())
def test_card_prose_is_shown_as_text_in_every_field(area_cards, index, payload):
    """HTML is shown as text; Markdown's formatting applies; a link loses only a dangerous target."""
    shown = {field: area_cards[card_id(index)][label] for field, label in PROSE_FIELDS.items()}
    assert shown == dict.fromkeys(PROSE_FIELDS, shown_as_markdown(payload))


@pytest.mark.parametrize("index, payload", payload_cases())
def test_a_source_title_is_shown_as_text(area_cards, index, payload):
    assert area_cards[card_id(index)]["Source"] == normalise(
        f"Read from Test Compendium, Version 1.1 (Test Authority): PEEL 2023–25, Investigating crime. "
        f"Reports the {payload}, HMICFRS.")


@pytest.mark.parametrize("index, payload", payload_cases())
def test_every_page_listing_a_card_shows_its_title_as_text(hostile_pages, index, payload):
    for page in LISTING_PAGES:
        links = [link for link in hostile_pages[page].find_all("a")
                 if (link.get("href") or "").endswith(f"#{card_id(index)}")]
        assert [link.text() for link in links] == [normalise(payload)], page


@pytest.mark.parametrize("index, payload", payload_cases())
def test_the_table_of_contents_shows_each_title_as_text(hostile_pages, index, payload):
    links = hostile_pages[AREA_PAGE].find_all("a", class_="md-nav__link", href=f"#{card_id(index)}")
    assert links and {link.text() for link in links} == {normalise(payload)}


# --- ids and URLs are not text: check refuses payloads there -------------------------------------------

def yaml_string(value: str) -> str:
    """A YAML double-quoted scalar for any string (JSON's escapes are YAML's)."""
    return json.dumps(value)


def printable(value: str) -> str:
    """A value as a message quotes it: on one line, control characters written as escapes (\\t, \\x00)."""
    return re.sub(r"[\x00-\x1f\x7f]", lambda match: repr(match.group())[1:-1], value)


def slug_message(field: str, value: str) -> str:
    if len(value) > 80:
        return f"{field}: is too long ({len(value)} characters; at most 80)"
    return (f"{field}: '{printable(value)}' is not a valid id: use lowercase letters, digits and hyphens "
            "(e.g. 'west-midlands')")


# field: (text replaced in the card, its replacement given the payload's YAML, position, message)
ID_AND_URL_FIELDS = {
    "id": ("id: kent-video-calls", "id: {}", "1:5", lambda value: slug_message("id", value)),
    "forces": ("forces: [kent]", "forces: [{}]", "3:10", lambda value: slug_message("forces (item 1)", value)),
    "framework": ("framework: peel-2023-25", "framework: {}", "4:12", lambda value: slug_message("framework", value)),
    "area": ("area: investigating-crime", "area: {}", "5:7", lambda value: slug_message("area", value)),
    "themes": ("themes: [domestic-abuse, technology-data]", "themes: [{}]", "14:10",
               lambda value: slug_message("themes (item 1)", value)),
    "source.url": ("  publisher: HMICFRS\n", "  publisher: HMICFRS\n  url: {}\n", "18:8",
                   lambda value: f"source.url: '{printable(value)}' must be a web address starting with https://"),
}


@pytest.mark.parametrize("field", ID_AND_URL_FIELDS)
def test_check_refuses_a_payload_in_an_id_or_url_with_a_clear_message(cli, content, field):
    old, new, position, message = ID_AND_URL_FIELDS[field]
    expected = []
    for index, payload in enumerate(PAYLOADS):
        path = (content / CARD).with_name(f"{card_id(index)}.yaml")
        shutil.copy(content / CARD, path)
        replace(path, old, new.format(yaml_string(payload)))
        if field != "id":
            replace(path, "id: kent-video-calls", f"id: {card_id(index)}")
        expected.append(f"{path.relative_to(content.parent)}:{position}: {message(payload)}\n")
    code, out, err = cli("check", "--content", content)
    assert (code, out) == (1, "")
    assert err == "".join(expected) + f"{len(PAYLOADS)} problems found; nothing was built.\n"


def test_check_refuses_each_payload_holding_an_invisible_character_naming_it(cli, content):
    expected = []
    for index, payload in REFUSED.items():
        path = (content / CARD).with_name(f"{card_id(index)}.yaml")
        shutil.copy(content / CARD, path)
        replace(path, "id: kent-video-calls", f"id: {card_id(index)}")
        replace(path, "title: Video calls for domestic abuse callers", f"title: {yaml_string(payload)}")
        position = payload.index("\x00") + 1
        expected.append(f"{path.relative_to(content.parent)}:2:8: title: holds the invisible character U+0000 "
                        f"(a control character) at character {position}; delete it (it can hide or reorder text)\n")
    code, out, err = cli("check", "--content", content)
    assert (code, out) == (1, "")
    assert err == "".join(expected) + f"{len(REFUSED)} problems found; nothing was built.\n"


@pytest.mark.parametrize("mark", ["\x0e", "\x10", "\x12", "\x1c", "\x1e"])
def test_a_card_cannot_forge_a_mark_of_the_offline_copy(cli, content, mark):
    """The build marks what differs offline, and what the search leaves out, with control characters (compendium/copies.py,
    mkdocs_adapter.py); content never holds one,
    written as it is (YAML refuses it) or as a YAML escape."""
    replace(content / CARD, "title: Video calls for domestic abuse callers", f'title: "Video\\x{ord(mark):02x}calls"')
    code, out, err = cli("check", "--content", content)
    assert (code, out) == (1, "")
    assert err == (f"content/{CARD}:2:8: title: holds the invisible character U+{ord(mark):04X} (a control character) at "
                   "character 6; delete it (it can hide or reorder text)\n1 problem found; nothing was built.\n")


# --- in a real browser ----------------------------------------------------------------------------

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served_hostile_site(hostile_site):
    handler = functools.partial(QuietHandler, directory=str(hostile_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


# Run in the page: event handlers and dangerous URLs as the browser itself parsed the page; then every
# element of the content and its sidebars is sent the events inline handlers listen for.
BROWSER_SCAN = """() => {
    const found = [];
    for (const element of document.querySelectorAll('*')) {
        for (const attribute of element.attributes) {
            if (attribute.name.startsWith('on')) found.push(`<${element.localName} ${attribute.name}>`);
        }
        for (const name of ['href', 'src', 'action', 'formaction', 'data']) {
            const value = element.getAttribute(name);
            if (value === null) continue;
            let scheme;
            try { scheme = new URL(value, document.baseURI).protocol; } catch (error) { continue; }
            if (['javascript:', 'vbscript:', 'data:'].includes(scheme)) {
                found.push(`<${element.localName} ${name}=${value}>`);
            }
        }
    }
    for (const element of document.querySelectorAll('.md-main *')) {
        for (const type of ['mouseover', 'mouseenter', 'focus', 'click', 'error', 'load', 'toggle', 'animationstart']) {
            element.dispatchEvent(new Event(type, {bubbles: false, cancelable: true}));
        }
    }
    return found;
}"""


def test_pages_full_of_payloads_open_no_dialog_raise_no_error_and_fetch_nothing_elsewhere(page, served_hostile_site):
    dialogs, errors, elsewhere = [], [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))

    def only_this_site(route):
        if route.request.url.startswith(served_hostile_site):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()
    page.route("**/*", only_this_site)

    for path in [AREA_PAGE, *LISTING_PAGES]:
        page.goto(served_hostile_site + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate(BROWSER_SCAN) == [], path
    # The theme renders search results from the index as HTML: search for the hostile cards and open them all.
    page.goto(served_hostile_site + AREA_PAGE)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("Kent")
    page.locator(".md-search-result__item").first.wait_for()
    page.evaluate("() => document.querySelectorAll('details.md-search-result__more').forEach(d => { d.open = true; })")
    assert page.locator(".md-search-result__item", has_text="alert(1)").count() > 0
    assert page.evaluate(BROWSER_SCAN) == []
    assert (dialogs, errors, elsewhere) == ([], [], [])


def test_the_handout_full_of_payloads_has_no_script_handler_or_dangerous_url(hostile_site):
    handout = (hostile_site / "downloads/compendium-handout.html").read_text(encoding="utf-8")
    assert page_problems(handout, allowed_scripts=(), content=("main",)) == []


def test_the_handout_shows_each_payload_title_as_text(hostile_pages):
    handout = hostile_pages["downloads/compendium-handout.html"]
    for index, payload in SHOWN.items():
        [heading] = handout.find_all("h4", id=f"card--{card_id(index)}")
        assert normalise(heading.text()) == normalise(payload)


# --- the pull request's job summary: GitHub's Markdown ------------------------------------------------

# What the summary's own Markdown makes; a payload may add none of its own (no link, image, HTML, heading).
SUMMARY_ELEMENTS = {"h2", "h3", "p", "strong", "table", "thead", "tbody", "tr", "th", "td"}


@pytest.fixture(scope="module")
def hostile_summary(hostile_content) -> str:
    """The job summary of the hostile content, every hostile card passed as changed by the pull request."""
    cards = sorted(str(path) for path in hostile_content.glob("practice/*/*/kent-hostile-*.yaml"))
    output = io.StringIO()
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(io.StringIO()):
        assert build.main(["check", "--content", str(hostile_content), "--format", "summary", "--cards", *cards]) == 0
    return output.getvalue()


@pytest.fixture(scope="module")
def hostile_summary_page(hostile_summary):
    """The summary as GitHub's Markdown renders it (CommonMark with tables and strike-through; raw HTML on)."""
    from markdown_it import MarkdownIt
    return parse_html(MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(hostile_summary))


def test_the_job_summary_full_of_payloads_makes_only_its_own_elements(hostile_summary_page):
    assert {element.tag for element in hostile_summary_page.iter()} - {hostile_summary_page.tag} <= SUMMARY_ELEMENTS


def test_the_job_summary_holds_no_raw_html_image_link_or_mention(hostile_summary):
    assert "<" not in hostile_summary and "![" not in hostile_summary and "](" not in hostile_summary
    assert not re.search(r"@\w", hostile_summary) and not re.search(r"https?://", hostile_summary)


def test_every_row_of_the_job_summary_keeps_its_two_cells(hostile_summary_page):
    rows = hostile_summary_page.find_all("tr")
    assert len(rows) == 10 * len(SHOWN)  # a header and nine fields a card
    assert all(len([cell for cell in row.children if not isinstance(cell, str)]) == 2 for row in rows)


def test_the_job_summary_shows_each_payload_title_as_its_heading(hostile_summary_page):
    titles = [heading.text().replace("\u200b", "") for heading in hostile_summary_page.find_all("h3")]
    assert sorted(titles) == sorted(normalise(payload) for payload in SHOWN.values())


# --- titles reach the theme escaped, even where validation would let markup through --------------------------

NAV_PAYLOAD = "Kent Police <img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def site_with_markup_in_titles(tmp_path_factory) -> Path:
    """The fixture compendium with a payload in a force name, a theme, an area and a framework title. `check`
    refuses such names, so they are put in after it: the escaping must hold on its own."""
    from compendium import check
    from compendium.mkdocs_adapter import build_site
    from compendium.publish import publish
    from compendium.settings import load_settings
    compendium = check(FIXTURE)
    compendium.forces = [force.model_copy(update={"name": NAV_PAYLOAD}) if force.id == "kent" else force
                         for force in compendium.forces]
    compendium.themes = [theme.model_copy(update={"title": f"Theme {NAV_PAYLOAD}"}) for theme in compendium.themes]
    framework = compendium.frameworks[0]
    areas = [area.model_copy(update={"title": f"Area {NAV_PAYLOAD}"}) for area in framework.areas]
    compendium.frameworks = [framework.model_copy(update={"title": f"Framework {NAV_PAYLOAD}", "areas": areas})]
    for cached in ("force_by_id", "theme_by_id", "framework_by_id"):
        compendium.__dict__.pop(cached, None)
    out = tmp_path_factory.mktemp("markup-titles") / "site"
    settings = load_settings(Path(build.__file__).parent / "settings.yaml")
    publish(compendium, out, lambda folder, offline: build_site(settings, folder, compendium, offline))
    return out


def test_titles_with_markup_become_no_element_on_any_page_online_or_offline(site_with_markup_in_titles,
                                                                            theme_scripts):
    import zipfile
    offline = site_with_markup_in_titles.parent / "offline"
    zipfile.ZipFile(site_with_markup_in_titles / "downloads/compendium-site.zip").extractall(offline)
    pages = [*site_with_markup_in_titles.rglob("*.html"), *offline.rglob("*.html")]
    assert len(pages) > 30
    for path in pages:
        tree = parse_html(path.read_text(encoding="utf-8"))
        assert event_handlers(tree) == [] and tree.find_all("img") == [], path


def test_a_title_with_markup_is_shown_as_written_in_the_navigation_and_the_page_title(site_with_markup_in_titles):
    tree = parse_html((site_with_markup_in_titles / "forces/kent/index.html").read_text(encoding="utf-8"))
    assert tree.find_all("title")[0].text() == f"{NAV_PAYLOAD} - UK Policing Compendium of Operational Practice"
    # The navigation is pruned (navigation.prune): a page carries the main sections and its own section's pages.
    theme_page = sorted(site_with_markup_in_titles.glob("themes/*/index.html"))[0]
    area_page = site_with_markup_in_titles / "peel-2023-25/investigating-crime/index.html"
    nav_texts = {link.text() for path in (site_with_markup_in_titles / "forces/kent/index.html", theme_page, area_page)
                 for link in parse_html(path.read_text(encoding="utf-8")).find_all("a", class_="md-nav__link")}
    assert {NAV_PAYLOAD, f"Theme {NAV_PAYLOAD}", f"Area {NAV_PAYLOAD}"} <= nav_texts
