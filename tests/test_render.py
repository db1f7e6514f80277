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


@pytest.mark.parametrize("from_page, to_page, offline, expected", [
    ("peel-2023-25/police-powers/", "forces/kent/", False, "../../forces/kent/"),
    ("peel-2023-25/police-powers/", "forces/kent/", True, "../../forces/kent/index.html"),
    ("", "forces/", False, "forces/"),
    ("", "forces/", True, "forces/index.html"),
    ("forces/kent/", "", False, "../../"),
    ("forces/kent/", "", True, "../../index.html"),
    ("forces/", "forces/kent/", False, "kent/"),
    ("forces/kent/", "forces/kent/", False, "./"),
    ("forces/kent/", "forces/kent/", True, "index.html"),
])
def test_relative_links_match_the_url_style(from_page, to_page, offline, expected):
    assert relative_url(from_page, to_page, offline) == expected


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


# --- links leave the site only over https ------------------------------------------------------------------

@pytest.mark.parametrize("target", ["//xss.example/x", "\\\\xss.example/x", "/\\xss.example/x", " //xss.example/x",
                                    "https:xss.example", "mailto:someone@example.org", "/forces/kent/"])
def test_a_link_that_would_leave_the_site_other_than_by_https_loses_its_target(target):
    assert prose(f"[click]({target})") == '<p><a rel="noopener noreferrer">click</a></p>'


def test_a_relative_link_to_a_page_of_the_site_is_kept():
    assert prose("[Kent](../forces/kent/)") == '<p><a href="../forces/kent/" rel="noopener noreferrer">Kent</a></p>'


# --- the cost of Markdown stays linear in the text -----------------------------------------------------------

def test_brackets_outside_a_link_are_escaped_so_markdown_never_rescans_the_text():
    from compendium.render import _escape_stray_brackets
    assert _escape_stray_brackets("[<[a](https://x) ] \\[ [b]") == "\\[<[a](https://x) \\] \\[ \\[b\\]"


def test_list_markers_chained_on_one_line_open_one_item_not_a_thousand_nested_lists():
    html = prose("1. " * 1000 + "x")
    assert html.count("<li>") == 1 and html.count("<ol>") == 1


def test_markers_chained_with_tabs_open_one_item_too():
    assert prose("- \t" * 1000 + "x").count("<li>") == 1


# --- a rendering failure names the page, never a traceback ------------------------------------------------

def test_a_template_that_fails_on_valid_content_names_the_page(monkeypatch):
    from jinja2 import UndefinedError

    from compendium import check
    from compendium.errors import BuildFailed
    from compendium.render import Renderer
    from conftest import FIXTURE

    renderer = Renderer(check(FIXTURE))

    class Broken:
        def render(self, **values):
            raise UndefinedError("'None' has no attribute 'title'")
    monkeypatch.setattr(renderer.env, "get_template", lambda name: Broken())
    with pytest.raises(BuildFailed) as failure:
        renderer.all_pages()
    assert str(failure.value) == "could not render the home page: 'None' has no attribute 'title'"
