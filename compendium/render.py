"""Step 3 of the pipeline: turn the compendium into Markdown pages with Jinja2 templates.

Card text is untrusted (it arrives by pull request): it is HTML-escaped, converted from a small
Markdown subset, then cleaned with nh3, so it can only ever become paragraphs, emphasis, lists
and https links. Everything else in the templates is autoescaped.
"""
from __future__ import annotations

import html
import posixpath
import re
from functools import lru_cache
from pathlib import Path

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from jinja2 import (Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, TemplateError,
                    pass_context)
from markupsafe import Markup

from . import charts, copies
from .context import Compendium
from .errors import BuildFailed, printable

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
ASSETS = TEMPLATES.parent / "docs" / "assets"  # the site's CSS; the handout inlines grades.css from here
ALLOWED_TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "br", "code"}
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()>#+\-.!|])")


class _ImagesAsText(Treeprocessor):
    """Cards carry no images: an image written in Markdown is shown as its alt text."""

    def run(self, root) -> None:
        for parent in root.iter():
            for index, child in reversed(list(enumerate(parent))):
                if child.tag == "img":
                    text = (child.get("alt") or "") + (child.tail or "")
                    if index:
                        parent[index - 1].tail = (parent[index - 1].tail or "") + text
                    else:
                        parent.text = (parent.text or "") + text
                    parent.remove(child)


class _NoImages(Extension):
    def extendMarkdown(self, md) -> None:
        md.treeprocessors.register(_ImagesAsText(md), "images_as_text", 0)


_MARKDOWN = markdown.Markdown(extensions=[_NoImages()])  # built once: building one costs more than a card


# Anything Markdown or HTML could act on; text without any of it is one plain paragraph, as almost
# every card's text is, and skips the Markdown converter (the build's largest cost of our own).
MARKUP = re.compile(r"[\\`*_\[\]!<>#\n|~&]|^\s*([-+*]|\d+[.)])\s|^\s{4}")


@lru_cache(maxsize=None)
def prose(text: str) -> Markup:
    """Card text (a small Markdown subset) as safe HTML, rendered once however often it is shown."""
    if text and text == text.strip() and not MARKUP.search(text):
        return Markup(f"<p>{html.escape(text, quote=False)}</p>")
    return markdown_prose(text)


# A link as cards may write it, [text](address "title"), with bounded parts. Python-Markdown's link patterns rescan the
# rest of the text at every "[" (6.7 s for 5,000 characters of "[<"); brackets outside such a link are escaped
# first, so they are shown as written and the conversion stays linear in the length of the text.
MARKDOWN_TOKEN = re.compile(r"(?P<link>\[[^\[\]\n]{0,300}\]\((?:[^()\n]|\([^()\n]{0,100}\)){0,500}\))"
                            r"|(?P<escape>\\.)|(?P<bracket>[\[\]])", re.S)


# A list marker right after another ("1. 1. 1. ...") nests a list a level deeper each time, and Python-Markdown
# recurses once a level: the second marker on a line is escaped, so a line opens one list item at most.
CHAINED_LIST_MARKER = re.compile(r"^([ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]+)(\d{1,9})?([-+*.)])(?=[ \t])", re.M)


def markdown_prose(text: str) -> Markup:
    """Card text through Markdown, then nh3: raw HTML is escaped first, so it can only ever show as text.
    Brackets outside links and chained list markers are escaped first, so the cost stays linear."""
    safe = CHAINED_LIST_MARKER.sub(r"\1\2\\\3", _escape_stray_brackets(html.escape(text, quote=False)))
    try:
        converted = _MARKDOWN.reset().convert(safe)
    except RecursionError:  # a nesting the escapes above did not foresee: show the text as it was written
        return Markup("<p>" + html.escape(text, quote=False).replace("\n", "<br>\n") + "</p>")
    cleaned = nh3.clean(converted, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, url_schemes={"https"},
                        attribute_filter=_only_safe_links, link_rel="noopener noreferrer")
    return Markup(cleaned.replace("\n\n", "\n"))


def _escape_stray_brackets(text: str) -> str:
    """Escape every bracket that is not part of a link or already escaped."""
    return MARKDOWN_TOKEN.sub(lambda match: "\\" + match.group() if match.lastgroup == "bracket" else match.group(),
                              text)


def _only_safe_links(element: str, attribute: str, value: str) -> str | None:
    """A link survives only to an https address or to a page of this site (a relative path, never //host)."""
    if attribute != "href":
        return value
    address = value.strip()
    if address.lower().startswith("https://") or not re.match(r"[a-z][a-z0-9+.-]*:|[/\\]", address, re.IGNORECASE):
        return value
    return None


ONE_LINE = 160  # characters of a card's summary line in the finder


@lru_cache(maxsize=None)  # the feed and the finder show the same card texts
def plain_text(text: str) -> str:
    """Card text (light Markdown) as the plain text it reads as: no markup, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(nh3.clean(str(prose(text)), tags=set())).split())


@lru_cache(maxsize=None)
def one_line(text: str) -> str:
    """Card text as plain text for one line: its first sentence, cut at a word near ONE_LINE characters."""
    plain = plain_text(text)
    sentence = re.match(r"(.+?[.!?])(\s|$)", plain)
    line = sentence.group(1) if sentence else plain
    if len(line) <= ONE_LINE:
        return line
    return line[:ONE_LINE].rsplit(" ", 1)[0].rstrip(",;:") + "…"


SEARCH_KEEPS = {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"}  # the tags the search index keeps (mkdocs-material)


def searchable(html_text: str) -> str:
    """HTML as the search index holds it: only the tags it keeps, text escaped, on one line."""
    return nh3.clean(html_text, tags=SEARCH_KEEPS, attributes={}).replace("\n", " ")


def markdown_text(text: str) -> Markup:
    """Plain text made safe inside a Markdown heading: HTML-escaped and Markdown-escaped."""
    return Markup(MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text, quote=False)))


def _escapes_html(template_name: str | None) -> bool:
    """Pages and the handout are HTML-escaped; the card skeleton is YAML, whose values are one-line names."""
    return not (template_name or "").endswith(".yaml.j2")


def yaml_comment(text: str, width: int = 110) -> str:
    """Text as '# ' comment lines of a YAML file."""
    import textwrap
    return "\n".join("# " + line for line in textwrap.wrap(text, width - 2))


@lru_cache(maxsize=None)
def environment(override: Path | None = None) -> Environment:
    """One template environment per process (and override folder), so each template is compiled once; compiled
    templates are also kept in Jinja's bytecode cache (keyed by each template's source) for the next process.
    Templates in the override folder are found first."""
    folders = [*([override] if override else []), TEMPLATES, ASSETS]
    env = Environment(loader=FileSystemLoader(folders), autoescape=_escapes_html, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      bytecode_cache=FileSystemBytecodeCache())
    @lru_cache(maxsize=None, typed=True)  # a few grades, shown in thousands of table cells: each made once
    def grade_span(tone: str, label: str) -> Markup:
        return Markup('<span class="grade %s">%s</span>') % (tone, label)

    @pass_context
    def grade(context, label: str, framework_id: str) -> Markup:
        """{{ label|grade(framework.id) }}: a grade as text, in its tone's colours (Compendium.grade_class). A
        filter, not a macro: a table cell calls it without the cost of a macro call."""
        return grade_span(context["c"].grade_class(framework_id, label), label)

    env.filters.update(prose=prose, md=markdown_text, comment=yaml_comment, one_line=one_line, grade=grade)
    env.globals["charts"] = charts  # the SVG charts (compendium/charts.py)
    return env


class Renderer:
    """Renders every page of the site from one compendium and one template environment."""

    def __init__(self, compendium: Compendium, offline: bool = False, edit_base: str | None = None,
                 templates: Path | None = None, marked: bool = False):
        self.compendium = compendium
        self.offline = offline  # links spell out index.html (a site built without folder URLs)
        self.marked = marked  # what differs in the offline copy is marked (compendium/copies.py)
        self.edit_base = edit_base
        self.env = environment(templates)

    def page(self, template: str, page: str, **values) -> str:
        def url(target: str, anchor: str | None = None) -> str:
            link = relative_url(page, target, self.offline) + (f"#{anchor}" if anchor else "")
            return copies.link(link) if self.marked else link

        def file_url(path: str) -> str:
            """A file of the site (a download), relative to this page."""
            return posixpath.relpath(path, page or ".")

        what = f"the page {page}" if page else "the home page"
        return _rendered(what, lambda: self.env.get_template(template).render(
            c=self.compendium, w=self.compendium.words, pages=self.compendium.pages, page=page, url=url,
            edit_url=self.edit_url, file_url=file_url, file_label=self.file_label,
            online_only=self.only(copies.ONLINE_ONLY, shown=True),
            offline_only=self.only(copies.OFFLINE_ONLY, shown=False), **values))

    def file_label(self, name: str) -> str:
        """A download's format and size; where the size is not known until after the pages (the site's zip), a mark
        the build fills in."""
        if self.marked and name not in self.compendium.file_sizes:
            return copies.SIZE.format(name)
        return self.compendium.file_label(name)

    def only(self, mark: str, shown: bool):
        """A call block ({% call online_only() %}...{% endcall %}) for text one copy of the site shows; unmarked,
        the served site's."""
        def block(caller) -> Markup:
            return Markup(mark.format(caller())) if self.marked else (caller() if shown else Markup(""))
        return block

    def handout(self, cards: list | None = None) -> str:
        """The whole compendium as one self-contained HTML file: every site link becomes an in-page link.
        With cards given, those cards alone (a pull request's preview), in the same layout."""
        def url(target: str, anchor: str | None = None) -> str:
            return f"#{CARD_ANCHOR.format(anchor) if anchor else anchor_id(target)}"

        template = "handout.html.j2" if cards is None else "card_preview.html.j2"
        return _rendered("the handout", lambda: self.env.get_template(template).render(
            c=self.compendium, w=self.compendium.words, pages=self.compendium.pages, url=url, anchor_id=anchor_id,
            card_anchor=lambda card: CARD_ANCHOR.format(card.id), cards=cards,
            edit_url=lambda card: None))

    def card_search_texts(self, page: str) -> dict[str, str]:
        """The text of each card the page shows in full, as its entry in the search index holds it, by card id."""
        macros = self.env.get_template("_macros.j2").make_module(
            {"c": self.compendium, "w": self.compendium.words, "pages": self.compendium.pages, "page": page})
        return {card.id: searchable(str(macros.card_search_text(card)))
                for card in self.compendium.cards_by_page.get(page, [])}

    def edit_url(self, card) -> str | None:
        if not self.edit_base:
            return None
        return self.edit_base + self.compendium.card_paths[card.id]

    def all_pages(self) -> dict[str, str]:
        return {page: make() for page, make in self.page_makers().items()}

    def page_makers(self) -> dict:
        """Every page of the site as {address: a function rendering it}, in the site's order, so a preview can
        render some pages only."""
        c, P = self.compendium, self.compendium.pages

        def maker(template: str, page: str, **values):
            return lambda: self.page(template, page, **values)

        pages = {P.home(): maker("home.md.j2", P.home()),
                 P.forces(): maker("forces.md.j2", P.forces()),
                 P.themes(): maker("themes.md.j2", P.themes()),
                 P.whats_new(): maker("whats_new.md.j2", P.whats_new()),
                 P.source_notes(): maker("source_notes.md.j2", P.source_notes()),
                 P.find(): maker("find.md.j2", P.find()),
                 P.downloads(): maker("downloads.md.j2", P.downloads())}
        for framework in c.frameworks:
            pages[P.framework(framework.id)] = maker("framework.md.j2", P.framework(framework.id), framework=framework)
            if framework.graded:
                pages[P.grades(framework.id)] = maker("grades.md.j2", P.grades(framework.id), framework=framework)
                pages[P.grades_by_area(framework.id)] = maker(
                    "grades_by_area.md.j2", P.grades_by_area(framework.id), framework=framework)
            for view in c.grade_views(framework):
                pages[P.grade_view(framework.id, view.id)] = maker(
                    "grade_view.md.j2", P.grade_view(framework.id, view.id), view=view)
            if framework == c.current_framework and c.compared_framework:
                pages[P.changes(framework.id)] = maker("changes.md.j2", P.changes(framework.id), framework=framework)
            for area in framework.areas:
                pages[P.area(framework.id, area.id)] = maker(
                    "area.md.j2", P.area(framework.id, area.id), framework=framework, area=area)
        for force in c.forces:
            pages[P.force(force.id)] = maker("force.md.j2", P.force(force.id), force=force)
        for theme in c.themes:
            pages[P.theme(theme.id)] = maker("theme.md.j2", P.theme(theme.id), theme=theme)
        for release in c.meta.history:
            pages[P.release(release.version)] = maker("release.md.j2", P.release(release.version), release=release)
        return pages


def pages_showing(compendium: Compendium, card_ids: set[str]) -> set[str]:
    """The pages that can show these cards (those of them the compendium holds): each card's area page, its
    organisations' and themes' pages, the page of the version that added it, the pages of the cards that link to it,
    and the pages that list or count every card. A preview renders these again when the cards change."""
    P = compendium.pages
    pages = {P.home(), P.forces(), P.themes(), P.whats_new(), P.source_notes(), P.find(), P.downloads()}
    cards = [card for card in compendium.cards if card.id in card_ids]
    linking = [other for other in compendium.cards if card_ids & {linked.id for linked in [
        *compendium.related_cards.get(other.id, []), *compendium.same_practice.get(other.id, [])]}]
    for card in [*cards, *linking]:
        pages |= {compendium.card_page(card), P.framework(card.framework),
                  *(P.force(force.id) for force in compendium.card_forces(card)),
                  *(P.theme(theme) for theme in card.themes),
                  *([P.release(card.added_in)] if card.added_in else [])}
    return pages


def _rendered(what: str, render) -> str:
    """A template's output; any failure becomes a BuildFailed naming the page, never a traceback."""
    try:
        return render()
    except (TemplateError, LookupError, TypeError, ValueError, AttributeError, ZeroDivisionError) as error:
        raise BuildFailed(f"could not render {what}: {printable(str(error))}") from None


def render_pages(compendium: Compendium, offline: bool = False, edit_base: str | None = None,
                 templates: Path | None = None, marked: bool = False) -> dict[str, str]:
    """Every generated page as {address: Markdown text}, its links for a site served (or, offline, read from disk);
    marked, with what the offline copy changes marked (compendium/copies.py)."""
    return Renderer(compendium, offline, edit_base, templates, marked).all_pages()


def render_handout(compendium: Compendium, templates: Path | None = None, cards: list | None = None) -> str:
    """The handout, or with cards given, a preview of those cards alone in the handout's layout."""
    return Renderer(compendium, templates=templates).handout(cards)


# In the handout every site page is a section and every card an article of one file, so their ids share one
# namespace. Ids are slugs, which never hold "--": joining with it keeps cards, pages and fixed ids apart.
CARD_ANCHOR = "card--{}"


def anchor_id(page: str) -> str:
    """The id a site page's section has in the handout: 'forces/kent/' -> 'page--forces--kent'."""
    return "page--" + (page.strip("/").replace("/", "--") or "index")


@lru_cache(maxsize=None)
def relative_url(from_page: str, to_page: str, offline: bool = False) -> str:
    """The link from one page to another: a relative folder link, or its index.html spelt out for a site read
    from disk (offline), where a browser opens no index file by itself."""
    relative = posixpath.relpath(to_page or ".", from_page or ".")
    if relative == ".":
        return "index.html" if offline else "./"
    return relative + ("/index.html" if offline else "/")


def navigation(compendium: Compendium) -> list:
    """The site's navigation as tabs: practice, the organisations, grades, themes, and pages about the compendium.
    Frameworks come newest first; areas without practice examples are left to each framework's overview."""
    words, pages = compendium.words, compendium.pages
    practice: list = [{"Find practice": pages.find()}]
    for framework in compendium.frameworks:
        practice.append({framework.title: [{"Overview": pages.framework(framework.id)},
                                           *({area.title: pages.area(framework.id, area.id)}
                                             for area in compendium.areas_with_practice(framework))]})
    grades: list = []
    for framework in compendium.graded_frameworks:
        section: list = [{f"Every {words['organisation']}, every area": pages.grades(framework.id)},
                         {"One area at a time": pages.grades_by_area(framework.id)}]
        if framework == compendium.current_framework and compendium.compared_framework:
            section.append({f"Change since {compendium.compared_framework.title}": pages.changes(framework.id)})
        section += [{view.title: pages.grade_view(framework.id, view.id)} for view in compendium.grade_views(framework)]
        grades.append({framework.title: section})
    return [
        {"Home": pages.home()},
        {"Practice": practice},
        {words["Organisations"]: [{f"All {words['organisations']}": pages.forces()},
                                  *({force.name: pages.force(force.id)} for force in compendium.forces)]},
        {"Grades": grades},
        {"Themes": [{"All themes": pages.themes()},
                    *({theme.title: pages.theme(theme.id)} for theme in compendium.themes)]},
        {"About": [{"What's new": [{"All versions": pages.whats_new()},
                                   *({f"Version {r.version}": pages.release(r.version)}
                                     for r in compendium.releases_newest_first)]},
                   {"Notes on the source": pages.source_notes()},
                   {"Downloads": pages.downloads()},
                   {"Accessibility": pages.accessibility()}]},
    ]
