"""Light pages: the navigation a page carries and what the search index holds (issue 15).

Sizes are reported by the benchmark (BENCHMARKS.md); these tests pin the behaviours that make pages light."""
import json
import re
from collections import Counter
from html import unescape

from compendium import PROJECT, check
from conftest import FIXTURE
from hostile import parse_html

COMPENDIUM = check(PROJECT / "content")


def nav_links(site, page: str) -> set[str]:
    tree = parse_html((site / page / "index.html").read_text(encoding="utf-8"))
    return {link.text().strip() for link in tree.find_all("a", class_="md-nav__link")}


def search_documents(site) -> list[dict]:
    return json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]


def test_a_page_outside_the_organisations_section_carries_no_organisation_in_its_navigation(real_site):
    links = nav_links(real_site, "")
    assert "Home" in links and "All forces" not in links
    assert not {force.name for force in COMPENDIUM.forces} & links
    assert not {theme.title for theme in COMPENDIUM.themes} & links


def test_an_organisation_page_carries_every_organisation_of_its_section_in_its_navigation(real_site):
    assert {force.name for force in COMPENDIUM.forces} <= nav_links(real_site, "forces/kent")


def test_an_area_page_carries_its_own_frameworks_areas_and_only_the_names_of_the_others(real_site):
    links = nav_links(real_site, "peel-2023-25/investigating-crime")
    areas = {framework.id: {area.title for area in framework.areas
                            if COMPENDIUM.cards_by_area.get((framework.id, area.id))}  # an area with a page
             for framework in COMPENDIUM.frameworks}
    assert areas["peel-2023-25"] <= links
    assert not (areas["peel-2021-22"] - areas["peel-2023-25"]) & links
    assert {framework.title for framework in COMPENDIUM.frameworks if framework.id != "peel-2023-25"} <= links


def test_a_page_writes_its_contents_once_in_its_navigation(real_site):
    tree = parse_html((real_site / "forces/kent/index.html").read_text(encoding="utf-8"))
    [contents] = tree.find_all("nav", class_="md-nav--secondary")
    assert [link.text().strip() for link in contents.find_all("a")][:2] == ["Record across inspections", "Grades"]
    assert tree.find_all(class_="md-sidebar--secondary") == []


def test_each_card_is_in_the_search_index_once_on_its_area_page(real_site):
    sections = Counter(doc["location"].split("#", 1)[1] for doc in search_documents(real_site)
                       if "#" in doc["location"])
    assert {card.id: sections[card.id] for card in COMPENDIUM.cards} == {card.id: 1 for card in COMPENDIUM.cards}


def test_the_finder_rows_are_left_out_of_the_search_index(real_site):
    finder_text = " ".join(doc["text"] for doc in search_documents(real_site) if doc["location"].startswith("find/"))
    assert not [card.title for card in COMPENDIUM.cards if card.title in finder_text]


def test_grade_tables_are_left_out_of_the_search_index_but_their_pages_are_found(real_site):
    documents = search_documents(real_site)
    kent = [doc for doc in documents if doc["location"].startswith("forces/kent/")]
    assert kent and kent[0]["title"] == "Kent Police"
    captions = ("grades in each inspection cycle", "Grades of the 43 forces for", "Grade or statusPractice examples")
    assert not [doc["location"] for doc in documents if any(caption in doc["text"] for caption in captions)]


def test_a_card_in_the_search_index_leaves_out_its_source_line_and_its_links(real_site):
    [hit] = [doc for doc in search_documents(real_site)
             if doc["location"].endswith("#kent-mental-health-practitioner-advice")]
    assert "Outcome" in hit["text"] and "Themes Mental health" in hit["text"]
    assert "Read from" not in hit["text"] and "Permalink" not in hit["text"] and "Edit this card" not in hit["text"]


def test_the_footer_links_the_accessibility_statement_though_the_navigation_is_pruned(real_site):
    import zipfile
    online = (real_site / "forces/kent/index.html").read_text(encoding="utf-8")
    offline = zipfile.ZipFile(real_site / "downloads/compendium-site.zip").read(
        "compendium-site/forces/kent/index.html").decode("utf-8")
    assert '<a href="../../accessibility/">Accessibility statement</a>' in online
    assert '<a href="../../accessibility/index.html">Accessibility statement</a>' in offline


def test_the_theme_leaves_out_its_templates_blank_lines_and_indentation_and_nothing_a_reader_sees(tmp_path, monkeypatch):
    import compendium.mkdocs_adapter as adapter
    from compendium.settings import load_settings

    settings, fixture = load_settings(PROJECT / "settings.yaml"), check(FIXTURE)
    adapter.build_site(settings, tmp_path / "trimmed", fixture)
    monkeypatch.setattr(adapter, "trim_whitespace", lambda env: None)
    adapter.build_site(settings, tmp_path / "untrimmed", fixture)
    pages = sorted(path.relative_to(tmp_path / "trimmed") for path in (tmp_path / "trimmed").rglob("*.html"))
    trimmed, whole = ({page: (tmp_path / copy / page).read_text(encoding="utf-8") for page in pages}
                      for copy in ("trimmed", "untrimmed"))
    assert [page for page in pages if what_a_reader_gets(trimmed[page]) != what_a_reader_gets(whole[page])] == []
    assert sum(map(len, trimmed.values())) < 0.8 * sum(map(len, whole.values()))  # without the indentation cut: 0.84


KEPT_AS_WRITTEN = re.compile(r"<(?:script|style|pre|textarea)\b.*?</(?:script|style|pre|textarea)>", re.S)
PICTURE = re.compile(r"<svg\b.*?</svg>|<img\b[^>]*>", re.S)  # shown like a word: the space beside it counts
PICTURES = re.compile(r"\x00(?:\s*\x00)+")  # icons side by side (the theme shows one of them at a time)


def what_a_reader_gets(page: str) -> tuple[list[str], list[str]]:
    """A page's words in order (tags dropped, entities read, a picture a word of its own) and its scripts, styles
    and preformatted text."""
    text = unescape(re.sub(r"<[^>]+>", "", PICTURE.sub("\x00", KEPT_AS_WRITTEN.sub(" ", page))))
    return PICTURES.sub("\x00", text).split(), KEPT_AS_WRITTEN.findall(page)


def test_a_theme_template_loses_its_indentation_to_one_space_but_preformatted_text_keeps_it():
    import jinja2

    from compendium.mkdocs_adapter import UnindentedLoader

    loader = UnindentedLoader(jinja2.DictLoader({"nav.html": "<ul>\n    <li>\n\t\tHome\n    </li>\n</ul>",
                                                 "code.html": "<pre>\n    indented\n</pre>"}))
    env = jinja2.Environment(loader=loader)
    assert env.get_template("nav.html").render() == "<ul>\n <li>\n Home\n </li>\n</ul>"
    assert env.get_template("code.html").render() == "<pre>\n    indented\n</pre>"
