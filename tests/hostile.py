"""Hostile text: a corpus of XSS payloads, and a checker that an HTML page stayed clean of them.

Nothing here knows the compendium or MkDocs, so the same corpus and checks serve the website, the
offline handout or any other HTML the project writes:

    payloads = load_payloads()
    problems = page_problems(html, allowed_scripts=scripts_of(clean_html))

The corpus (tests/payloads.txt) holds one payload per line, written as an attacker would type it.
A line may not hold every character plainly (NUL cannot be typed into a text file), so `\\xNN`
stands for the character with hex code NN; every other backslash is literal.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import markdown

CORPUS = Path(__file__).resolve().parent / "payloads.txt"

DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
# Attributes whose value a browser fetches, follows or runs as a URL.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
                  "lowsrc", "dynsrc", "longdesc", "cite", "codebase", "manifest", "ping", "icon"}
# Elements that carry code, styles, frames or forms: none of them may come out of content. (Buttons may:
# the templates put sorting buttons in tables; what a button or form would do is checked by URL and on*.)
FORBIDDEN_IN_CONTENT = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "link",
                        "meta", "base", "form", "math", "template", "noscript", "isindex"}
CONTENT = ("article", ".md-content")  # where a mkdocs-material page keeps its content
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                 "track", "wbr"}
# Elements whose open instance a new sibling closes (enough of HTML's optional end tags for generated pages).
CLOSED_BY = {"p": {"p", "div", "ul", "ol", "dl", "table", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote"},
             "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr"}, "td": {"td", "th", "tr"},
             "th": {"td", "th", "tr"}, "option": {"option"}}


# --- the corpus -----------------------------------------------------------------------------------

def load_payloads(path: Path = CORPUS) -> list[str]:
    """Every payload in the corpus, in file order; blank lines are skipped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [re.sub(r"\\x([0-9a-fA-F]{2})", lambda match: chr(int(match.group(1), 16)), line)
            for line in lines if line.strip()]


# --- a small tolerant HTML tree -------------------------------------------------------------------

@dataclass(eq=False)
class Element:
    tag: str
    attrs: list[tuple[str, str | None]] = field(default_factory=list)
    children: list[Element | str] = field(default_factory=list, repr=False)
    parent: Element | None = field(default=None, repr=False)

    def get(self, name: str, default: str | None = None) -> str | None:
        return next((value for key, value in self.attrs if key == name), default)

    @property
    def classes(self) -> list[str]:
        return (self.get("class") or "").split()

    def iter(self) -> Iterator[Element]:
        """This element and every element below it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, class_: str | None = None, **attributes: str) -> list[Element]:
        return [element for element in self.iter()
                if (tag is None or element.tag == tag) and (class_ is None or class_ in element.classes)
                and all(element.get(name) == value for name, value in attributes.items())]

    def text(self, skip=lambda element: False) -> str:
        """The text a reader sees, whitespace collapsed; elements for which skip() is true are left out."""
        parts: list[str] = []

        def collect(node: Element) -> None:
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                elif child.tag not in ("script", "style") and not skip(child):
                    collect(child)
        collect(self)
        return normalise("".join(parts))

    def ancestors(self) -> Iterator[Element]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        while self.stack[-1].tag in CLOSED_BY and tag in CLOSED_BY[self.stack[-1].tag]:
            self.stack.pop()
        element = Element(tag, attrs, parent=self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Element:
    """The document as a tree; end tags without a start are ignored, unclosed elements end with their parent."""
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def normalise(text: str) -> str:
    """Text as compared: NUL removed (browsers and sanitisers drop or replace it), whitespace collapsed."""
    return " ".join(text.replace("\x00", "").split())


def shown_as_markdown(text: str) -> str:
    """What a reader should see of card text written in Markdown: its HTML shown as text, Markdown's
    formatting applied, images shown as their alt text, link targets hidden; every word kept."""
    tree = parse_html(markdown.markdown(html.escape(text, quote=False)))
    for image in tree.find_all("img"):
        image.children = [image.get("alt") or ""]
    return tree.text()


# --- the checks -----------------------------------------------------------------------------------

def scripts_of(page: Element | str) -> set[str]:
    """Each <script> of a page, as 'src:URL' or 'inline:TEXT': what a clean page is allowed to carry."""
    tree = parse_html(page) if isinstance(page, str) else page
    return {_script_identity(script) for script in tree.find_all("script")}


def _script_identity(script: Element) -> str:
    src = script.get("src")
    return f"src:{src}" if src is not None else "inline:" + "".join(
        child for child in script.children if isinstance(child, str)).strip()


def foreign_scripts(tree: Element, allowed_scripts: Iterable[str]) -> list[str]:
    """Every <script> anywhere on the page that a clean build does not carry (see scripts_of)."""
    allowed = set(allowed_scripts)
    identities = [_script_identity(script) for script in tree.find_all("script")]
    return [f"script not from the theme: {identity[:120]!r}" for identity in identities if identity not in allowed]


def event_handlers(tree: Element) -> list[str]:
    """Any on* attribute anywhere on the page (the theme uses none, so none may come from content)."""
    return [f"<{element.tag} {name}={value!r}>" for element in tree.iter() for name, value in element.attrs
            if name.startswith("on")]


def dangerous_urls(tree: Element) -> list[str]:
    """href, src and every other URL attribute whose scheme a browser would run or render inline."""
    found = []
    for element in tree.iter():
        for name, value in element.attrs:
            if name == "srcset":  # "URL 1x, URL 2x"
                urls = [candidate.split()[0] for candidate in (value or "").split(",") if candidate.split()]
            elif name == "content" and element.tag == "meta" and "url=" in (value or "").lower():  # a refresh
                urls = [value.lower().split("url=", 1)[1].strip("'\"")]
            else:
                urls = [value or ""] if name in URL_ATTRIBUTES else []
            if any(map(_runs, urls)):
                found.append(f"<{element.tag} {name}={value!r}>")
    return found


def _runs(url: str) -> bool:
    """As a browser reads a URL: surrounding spaces and control characters, tabs and newlines ignored. Dangerous:
    a scheme that runs or renders inline, or a protocol-relative address (//host, \\host, /\\host: another site)."""
    cleaned = re.sub(r"[\t\n\r\x00]", "", url).strip("".join(map(chr, range(0x21)))).lower()
    return cleaned.startswith(DANGEROUS_SCHEMES) or re.match(r"[/\\]{2}", cleaned) is not None


def content_elements(tree: Element, content: Iterable[str] = CONTENT) -> list[Element]:
    """Every element inside the page's content: inside an element matching one of content's tag names or
    .class names. With content=() the whole <body> (or document) is content."""
    markers = list(content)

    def is_marker(element: Element) -> bool:
        return any(element.tag == marker or (marker.startswith(".") and marker[1:] in element.classes)
                   for marker in markers)

    if not markers:
        body = tree.find_all("body")
        return list((body[0] if body else tree).iter())[1:]
    return [element for element in tree.iter() if any(is_marker(parent) for parent in element.ancestors())]


def embedded_or_styled(tree: Element, content: Iterable[str] = CONTENT) -> list[str]:
    """Inside the content: no frames, objects, scripts, styles, forms or style attributes."""
    found = []
    for element in content_elements(tree, content):
        if element.tag in FORBIDDEN_IN_CONTENT:
            found.append(f"<{element.tag}> inside the content")
        if element.get("style") is not None:
            found.append(f"<{element.tag} style={element.get('style')!r}> inside the content")
    return found


def page_problems(page: str, allowed_scripts: Iterable[str] = (),
                  content: Iterable[str] = CONTENT) -> list[str]:
    """Everything that shows a page is not clean; [] for a clean page."""
    tree = parse_html(page)
    return [*foreign_scripts(tree, allowed_scripts), *event_handlers(tree), *dangerous_urls(tree),
            *embedded_or_styled(tree, content)]
