"""Rendering: card text stays text, and links between pages are right in both URL styles."""
import pytest

from compendium.render import markdown_prose, markdown_text, prose, relative_url


def test_card_markdown_becomes_a_small_safe_subset():
    assert prose("Some *emphasis* and a [link](https://example.org).") == (
        '<p>Some <em>emphasis</em> and a <a href="https://example.org" rel="noopener noreferrer">link</a>.</p>')


def test_raw_html_in_card_text_is_shown_as_text():
    assert prose('<script>alert(1)</script>') == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


@pytest.mark.parametrize("scheme", ["javascript:alert(1)", "vbscript:msgbox(1)", "data:text/html,<b>x</b>"])
def test_links_with_dangerous_schemes_lose_their_target(scheme):
    assert "href" not in prose(f"[click]({scheme})")


def test_template_syntax_in_card_text_is_left_as_text():
    assert prose("{{ 7 * 7 }} {% if x %}") == "<p>{{ 7 * 7 }} {% if x %}</p>"


def test_a_title_cannot_inject_markdown_or_html_into_a_heading():
    assert markdown_text("<b>[x](javascript:1)</b> # {: .evil}") == (
        "&lt;b&gt;\\[x\\]\\(javascript:1\\)&lt;/b&gt; \\# \\{: \\.evil\\}")


@pytest.mark.parametrize("from_page, to_page, directory_urls, expected", [
    ("peel-2023-25/police-powers.md", "forces/kent.md", True, "../../forces/kent/"),
    ("peel-2023-25/police-powers.md", "forces/kent.md", False, "../forces/kent.html"),
    ("index.md", "forces/index.md", True, "forces/"),
    ("index.md", "forces/index.md", False, "forces/index.html"),
    ("forces/kent.md", "index.md", True, "../../"),
    ("forces/kent.md", "index.md", False, "../index.html"),
    ("forces/index.md", "forces/kent.md", True, "kent/"),
    ("forces/kent.md", "forces/kent.md", True, "./"),
])
def test_relative_links_match_the_url_style(from_page, to_page, directory_urls, expected):
    assert relative_url(from_page, to_page, directory_urls) == expected


TRICKY = ["Plain words.", "AT&T and &amp; and &#169;", "5 < 6 > 4", "1. a list", "- a list", "# heading",
          "    code", "a *b* c", "a_b_c", "[x](https://e.org)", "line one\nline two", "  padded  ", "x | y",
          "Quotes \"double\" and 'single'", "£45,000 per year; 43.5% said yes", "==="]


@pytest.mark.parametrize("text", TRICKY)
def test_plain_text_skips_markdown_but_renders_exactly_as_markdown_would(text):
    assert prose(text) == markdown_prose(text)


def test_every_shipped_card_text_renders_exactly_as_markdown_would():
    from compendium import PROJECT, check

    for card in check(PROJECT / "content").cards:
        for text in (card.objective, card.detail, card.outcome, card.notes):
            if text:
                assert prose(text) == markdown_prose(text), card.id
