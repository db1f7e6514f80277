"""Markdown once: the HTML our templates make is set aside whole before Markdown runs (mkdocs_adapter.GeneratedHtml),
never parsed again, and every page comes out exactly as Python-Markdown alone would make it."""
from __future__ import annotations

import markdown
import pytest
from mkdocs.config import load_config

from compendium import check
from compendium.mkdocs_adapter import GeneratedHtml
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
    return [page for page, text in pages.items() if converted(text, True) != converted(text, False)]


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
