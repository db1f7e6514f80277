"""Markdown once: the HTML our templates make is set aside whole before Markdown runs (mkdocs_adapter.GeneratedHtml),
never parsed again, and every page comes out exactly as Python-Markdown alone would make it. The blocks the search
leaves out are not handed to the search plugin at all, nor are the cards, whose entries get their text from the cards'
data; the search index is the one the plugin makes from whole pages."""
from __future__ import annotations

import markdown
import pytest
from mkdocs.config import load_config

from compendium import check
from compendium.mkdocs_adapter import GeneratedHtml, whole_content
from compendium.render import render_pages
from compendium.settings import load_settings
from conftest import FIXTURE, PROJECT
from test_hostile import hostile_content  # noqa: F401 - the fixture: a card per hostile payload

SETTINGS = load_settings(PROJECT / "settings.yaml")


def converted(text: str, set_aside: bool) -> str:
    config = load_config(str(SETTINGS.site_config))
    extensions = [*config.markdown_extensions, *([GeneratedHtml()] if set_aside else [])]
    return markdown.Markdown(extensions=extensions, extension_configs=config.mdx_configs).convert(text)


def differing_pages(content) -> list[str]:
    pages = render_pages(check(content), edit_base=SETTINGS.edit_base)
    return [page for page, text in pages.items() if whole_content(converted(text, True)) != converted(text, False)]


@pytest.mark.parametrize("content", [PROJECT / "content", FIXTURE, PROJECT / "tests/fixtures/fire/content"],
                         ids=["shipped", "fixture", "fire"])
def test_every_page_is_the_html_markdown_alone_would_make(content):
    assert differing_pages(content) == []


def test_pages_with_a_hostile_payload_in_every_card_field_are_the_html_markdown_alone_would_make(hostile_content):
    assert differing_pages(hostile_content) == []


def test_the_generated_blocks_are_set_aside_not_parsed():
    md = markdown.Markdown(extensions=[GeneratedHtml()])
    md.convert('# Title\n\n<div class="card">\n<p>One</p>\n</div>\n\n<span>inline</span>\n')
    assert md.htmlStash.rawHtmlBlocks == ['<div class="card">\n<p>One</p>\n</div>\n',
                                          "<span>", "</span>"]  # the span is left to Markdown: inline, in a <p>


@pytest.mark.parametrize("content", [PROJECT / "content", FIXTURE], ids=["shipped", "fixture"])
def test_the_search_index_and_pages_are_those_made_from_whole_pages(content, tmp_path, monkeypatch):
    import compendium.mkdocs_adapter as adapter

    compendium = check(content)
    adapter.build_site(SETTINGS, tmp_path / "site", compendium)
    monkeypatch.setattr(adapter, "searched_content", adapter.whole_content)  # the search plugin parses it all
    monkeypatch.setattr(adapter.Renderer, "card_search_texts", lambda renderer, page: {})  # cards included
    adapter.build_site(SETTINGS, tmp_path / "whole", compendium)
    site, whole = files_of(tmp_path / "site"), files_of(tmp_path / "whole")
    assert sorted(name for name in site.keys() | whole.keys() if site.get(name) != whole.get(name)) == []
    assert len(site["search/search_index.json"]) > 10_000


def files_of(folder) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_a_block_the_search_leaves_out_is_marked_so_the_search_plugin_never_sees_it():
    from compendium.mkdocs_adapter import searched_content

    md = markdown.Markdown(extensions=[GeneratedHtml()])
    page = md.convert('<table data-search-exclude>\n<tr><td>1</td></tr>\n</table>\n\n<p>Kept</p>\n')
    assert md.htmlStash.rawHtmlBlocks[0] == ("<!--\x12--><table data-search-exclude>\n<tr><td>1</td></tr>\n</table>"
                                             "<!--\x13-->\n")
    assert searched_content(page) == "\n\n<p>Kept</p>"
    assert whole_content(page) == "<table data-search-exclude>\n<tr><td>1</td></tr>\n</table>\n\n<p>Kept</p>"


def test_the_search_index_with_a_hostile_payload_in_every_card_field_is_the_one_made_from_whole_pages(
        hostile_content, tmp_path, monkeypatch):
    test_the_search_index_and_pages_are_those_made_from_whole_pages(hostile_content, tmp_path, monkeypatch)


def test_a_card_block_is_not_handed_to_the_search_plugin():
    from compendium.mkdocs_adapter import searched_content

    md = markdown.Markdown(extensions=[GeneratedHtml()])
    page = md.convert('### Title\n\n<div class="card" data-card="x">\n<p>One</p>\n</div>\n\n<p>Kept</p>\n')
    assert searched_content(page).split() == ['<h3>Title</h3>', '<p>Kept</p>']


def test_the_search_plugin_never_parses_a_cards_text(tmp_path, monkeypatch):
    import compendium.mkdocs_adapter as adapter
    from material.plugins.search.plugin import Parser

    fed: list[str] = []
    monkeypatch.setattr(Parser, "feed", lambda parser, data: fed.append(data))
    compendium = check(FIXTURE)
    adapter.build_site(SETTINGS, tmp_path / "site", compendium)
    assert fed and not [card.id for card in compendium.cards if any(card.objective in page for page in fed)]
