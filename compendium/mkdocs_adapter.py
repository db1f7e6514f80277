"""The one module that knows MkDocs: an MkDocs hook (its events, which compendium/hooks.py hands MkDocs) plus a
programmatic build.

`mkdocs build`, `mkdocs serve` and `build.py build` all go through the hook below, so the same
pages are produced however the site is built. Moving to another engine means replacing this file.
`build.py` hands the hook what it checked (the compendium and the settings) on the MkDocs config; run by
MkDocs itself, the hook reads the settings file beside mkdocs.yml ($COMPENDIUM_SETTINGS chooses another,
$COMPENDIUM_CONTENT another content folder: that is how `serve` passes them to each rebuild).
"""
from __future__ import annotations

import datetime
import html
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils.yaml import yaml_load
import yaml

from compendium import ContentError, check, copies
from compendium.errors import BuildFailed
from compendium.context import Compendium
from compendium.render import Renderer, navigation, render_pages
from compendium.settings import Settings, load_settings

CONTENT_VARIABLE, SETTINGS_VARIABLE = "COMPENDIUM_CONTENT", "COMPENDIUM_SETTINGS"
HTML_BLOCK_START = re.compile(r"<([a-z][a-z0-9]*)[\s>]")
# A block the search leaves out (its element says data-search-exclude) is marked, so the search plugin is handed the
# page without it rather than parsing it only to skip it; readers get the whole page. The marks are control
# characters, which no content may hold (model.INVISIBLE).
SEARCH_EXCLUDED = re.compile(r"\sdata-search-exclude(?=[\s>/=]|$)")
# A card's block (data-card) is not handed to the search plugin either: its entry gets the card's text from the card's
# data instead (on_page_context), so the search never parses card text. Other engines index the block as it is.
CARD_BLOCK = re.compile(r"\sdata-card=")
UNSEARCHED = "<!--\x12-->{}<!--\x13-->"  # a comment first, so Markdown still sees a block of HTML
UNSEARCHED_BLOCK = re.compile("<!--\x12-->.*?<!--\x13-->", re.S)
UNSEARCHED_MARK = re.compile("<!--[\x12\x13]-->")
HANDED_OVER = "compendium_build"
log = logging.getLogger("compendium")  # the attribute of the MkDocs config that carries a Build


@dataclass(frozen=True)
class Build:
    """What every hook of one MkDocs build needs: the checked compendium and the settings; where build_site makes
    the offline copy too, its folder, and the pages of the served copy still waiting for a file's size."""

    compendium: Compendium
    settings: Settings
    offline_dir: Path | None = None
    waiting_for_sizes: list[Path] = field(default_factory=list)
    made: dict = field(default_factory=dict)  # the generated pages' Markdown, MkDocs' files, nav and theme: for Preview


def on_config(config):
    """Check the content first (unless build_site hands over content it has checked already);
    a content error stops the build before anything is written."""
    build = getattr(config, HANDED_OVER, None) or _check(config)
    setattr(config, HANDED_OVER, build)
    config.nav = mkdocs_nav(navigation(build.compendium))
    config.markdown_extensions.append(GeneratedHtml())
    return config


# Markdown once: the generated pages are headings between blocks of HTML the templates made (card text in them was
# converted when rendered). Python-Markdown would parse every such block with its HTML parser only to keep it as it
# is; each is set aside whole instead, which gives the same page (tests/test_markdown_once.py) for a fraction.

class _SetAsideHtml(Preprocessor):
    """Keeps each block of lines (between blank lines) that opens a block-level element and closes it on its last
    line as raw HTML, as Python-Markdown's own HTML block preprocessor would, without parsing it."""

    def run(self, lines: list[str]) -> list[str]:
        kept, block = [], []
        for line in [*lines, ""]:
            if line.strip():
                block.append(line)
                continue
            kept.extend(self._set_aside(block) if block else [])
            kept.append(line)
            block = []
        return kept[:-1]

    def _set_aside(self, block: list[str]) -> list[str]:
        opening = HTML_BLOCK_START.match(block[0])
        if opening and self.md.is_block_level(opening.group(1)) and \
                block[-1].rstrip().endswith(f"</{opening.group(1)}>"):
            html_block = "\n".join(block)
            opening_tag = block[0].split(">", 1)[0]
            if SEARCH_EXCLUDED.search(opening_tag) or CARD_BLOCK.search(opening_tag):
                html_block = UNSEARCHED.format(html_block)
            return [self.md.htmlStash.store(html_block + "\n")]  # with its line's end, as Markdown keeps it
        return block


class GeneratedHtml(Extension):
    def extendMarkdown(self, md) -> None:
        md.preprocessors.register(_SetAsideHtml(md), "generated_html", 25)  # before the HTML block preprocessor (20)


def source_path(page: str) -> str:
    """The Markdown file MkDocs builds a page from: an index.md in the page's own folder, so the file's folder is
    the folder it is served from and relative links mean the same to any engine."""
    return f"{page}index.md"


def page_built_from(source: str) -> str:
    """The page a Markdown file (source_path) is built into."""
    return source.removesuffix("index.md")


# MkDocs and mkdocs-material print navigation and page titles without escaping them: every title is HTML text
# by the time it reaches the theme, escaped here (navigation) or by Markdown (a page's first heading).

def mkdocs_nav(nav):
    """A navigation tree ({title: page or [children]}) as MkDocs takes it: titles HTML-escaped, pages as files."""
    if isinstance(nav, list):
        return [mkdocs_nav(item) for item in nav]
    if isinstance(nav, dict):
        return {html.escape(title): mkdocs_nav(value) for title, value in nav.items()}
    return source_path(nav)


def on_page_content(content, page, config, files):
    """A page's title is its first heading as HTML, escaped. mkdocs-material prints it in <title> through Jinja's
    `striptags`, which unescapes it back into markup; given as the page's meta title, it is printed as it is."""
    if page.title:
        page.meta.setdefault("title", page.title)
    getattr(config, HANDED_OVER).made.setdefault("whole_pages", {})[page.file.src_uri] = whole_content(content)
    return searched_content(content)


def whole_content(content: str) -> str:
    """The page as readers get it: every block, unmarked."""
    return UNSEARCHED_MARK.sub("", content)


def searched_content(content: str) -> str:
    """The page as the search plugin indexes it: without the blocks it would leave out."""
    return UNSEARCHED_BLOCK.sub("", content)


@event_priority(-100)  # after the search plugin has indexed the page
def on_page_context(context, page, config, nav):
    """The page readers get: whole again; the search entries of its cards get their text from the cards' data."""
    build = getattr(config, HANDED_OVER)
    page.content = build.made["whole_pages"].pop(page.file.src_uri)
    index = search_index(config)
    if index is not None:
        texts = build.made["renderer"].card_search_texts(page_built_from(page.file.src_uri))
        for entry in reversed(index.entries):  # the page's entries, the last the search plugin added
            if _entry_page(entry) != page.url:
                break
            entry["text"] = texts.get(entry["location"].partition("#")[2], entry["text"])
    return context


def search_index(config):
    """The search plugin's index as this build fills it, or None for a site without search."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    return getattr(search, "search_index", None)


def _check(config) -> Build:
    try:
        settings = load_settings(Path(os.environ.get(SETTINGS_VARIABLE)
                                      or Path(config.config_file_path).parent / "settings.yaml"))
        return Build(check(Path(os.environ.get(CONTENT_VARIABLE) or settings.content)), settings)
    except ContentError as error:  # under `mkdocs serve`, the editor sees the problems, not a traceback
        raise PluginError(f"the content has problems:\n{error}") from None


def on_files(files, config):
    build = getattr(config, HANDED_OVER)
    renderer = Renderer(build.compendium, not config.use_directory_urls, build.settings.edit_base,
                        build.settings.templates, marked=build.offline_dir is not None)
    pages = renderer.all_pages()
    for page, markdown_text in pages.items():
        files.append(File.generated(config, source_path(page), content=markdown_text))
    build.made.update(markdown=pages, files=files, renderer=renderer)
    return files


def on_nav(nav, config, files):
    getattr(config, HANDED_OVER).made["nav"] = nav
    return nav


# The offline copy (compendium/copies.py): every page and theme template is written twice as MkDocs finishes it,
# once as served and once for the offline folder; links the theme makes go through its `url` filter, marked here.

def on_env(env, config, files):
    build = getattr(config, HANDED_OVER)
    trim_whitespace(env)
    if build.offline_dir is not None:
        theme_url = env.filters["url"]
        env.filters["url"] = jinja2.pass_context(lambda context, value: copies.link(theme_url(context, value)))
    build.made["env"] = env
    return env


def trim_whitespace(env) -> None:
    """The theme's templates lose the blank lines and indentation their own tags leave, as ours do (render.py),
    and the indentation of their HTML down to one space: together about a sixth of every page. What a reader gets,
    scripts and styles included, stays as it was (tests/test_page_weight.py): wherever there was white space there
    still is (a line a tag's line break is trimmed into keeps its space), and the theme's templates hold no
    preformatted text. Set before the build compiles any template."""
    env.trim_blocks = env.lstrip_blocks = True
    env.loader = UnindentedLoader(env.loader)


class UnindentedLoader(jinja2.BaseLoader):
    """A template loader handing on each template with its lines' indentation cut to one space; a template holding
    preformatted text (<pre>, <textarea>), whose spaces show, as it is written."""

    INDENTATION = re.compile(r"^[ \t]{2,}|^\t", re.M)
    PREFORMATTED = re.compile(r"<(?:pre|textarea)\b", re.I)

    def __init__(self, loader: jinja2.BaseLoader):
        self.loader = loader

    def get_source(self, environment, template):
        source, filename, uptodate = self.loader.get_source(environment, template)
        return (source if self.PREFORMATTED.search(source) else self.INDENTATION.sub(" ", source)), filename, uptodate

    def list_templates(self):
        return self.loader.list_templates()


def on_post_page(output, page, config):
    return _both_copies(output, page.file.dest_uri, config)


def on_post_template(output_content, template_name, config):
    return _both_copies(output_content, template_name, config)


def _both_copies(output: str, path: str, config) -> str:
    """The served copy of a page; its offline copy is written into the offline folder at the same path."""
    build = getattr(config, HANDED_OVER)
    if build.offline_dir is None:
        return output
    target = build.offline_dir / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(copies.offline(output), encoding="utf-8")
    served = copies.online(output)
    if copies.SIZE_MARK.search(served):
        build.waiting_for_sizes.append(Path(config.site_dir) / path)
    return served


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config):
    """The rest of the offline copy: every other file of the site as it is, and the search index with its pages'
    locations spelt out, also as the script mkdocs-material loads from file:// (search/search_index.js)."""
    build = getattr(config, HANDED_OVER)
    if build.offline_dir is None:
        return
    site = Path(config.site_dir)
    for path in site.rglob("*"):
        copy = build.offline_dir / path.relative_to(site)
        if path.is_file() and not copy.exists():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
    index_file = build.offline_dir / "search" / "search_index.json"
    if index_file.is_file():
        index = json.loads(index_file.read_text(encoding="utf-8"))
        for entry in index.get("docs", []):
            entry["location"] = copies.offline_location(entry["location"])
        text = json.dumps(index, sort_keys=True, separators=(",", ":"))  # as the search plugin writes it
        index_file.write_text(text, encoding="utf-8")
        (index_file.parent / "search_index.js").write_text(f"var __index = {text}", encoding="utf-8")


def build_site(settings: Settings, site_dir: Path, compendium: Compendium, offline_dir: Path | None = None
               ) -> list[Path]:
    """Build the checked compendium with MkDocs in strict mode into site_dir; with offline_dir, the offline copy
    too, from the same build (compendium/copies.py). Returns the served pages still waiting for a file's size.

    MkDocs stamps the sitemap (and its gzip header) with the build time; SOURCE_DATE_EPOCH makes
    that the compendium's release date, so two builds of the same content are byte-identical."""
    midnight = datetime.datetime.combine(compendium.meta.date, datetime.time(), tzinfo=datetime.timezone.utc)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
    config = load_config(str(settings.site_config), site_dir=str(site_dir), strict=True)
    build = Build(compendium, settings, Path(offline_dir) if offline_dir else None)
    setattr(config, HANDED_OVER, build)  # the content is read once per build
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        mkdocs_build(config)
    except Abort as error:
        raise BuildFailed(f"MkDocs refused to build: {error}") from None
    return build.waiting_for_sizes


def serve(settings: Settings, content_dir: Path, address: str) -> None:
    """Preview the site at address with live reload: each save rebuilds only what it changed (Preview)."""
    from mkdocs.livereload import LiveReloadServer, _serve_url

    logging.basicConfig(level=logging.INFO, format="%(message)s")  # where it serves, and each rebuild
    host, port = address.rsplit(":", 1)
    config = load_config(str(settings.site_config))
    site_url = _serve_url(host, int(port), urlsplit(config.site_url or "/").path)
    with tempfile.TemporaryDirectory(prefix="compendium-preview-") as site_dir:
        preview = Preview(settings, Path(content_dir), Path(site_dir), site_url)
        server = LiveReloadServer(builder=preview.rebuild, host=host, port=int(port), root=site_dir,
                                  mount_path=urlsplit(site_url).path, polling_interval=WATCH_INTERVAL)
        for folder in preview.watched:
            server.watch(str(folder))
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()


WATCH_INTERVAL = 0.1  # seconds between looks at the watched folders (MkDocs' own default is 0.5)


class Preview:
    """The preview `build.py serve` shows: one full build kept in memory, then for each save only what changed.

    When only practice cards changed, the content is checked again, the pages that can show those cards are
    rendered again (pages_showing), and only the pages whose Markdown changed go through MkDocs again: Markdown,
    the theme and their entries in the search index. Any other change rebuilds everything. The full build is the
    reference: tests/test_preview.py holds an updated preview to a full build of the same content, byte for byte."""

    def __init__(self, settings: Settings, content: Path, site_dir: Path, site_url: str):
        self.settings, self.content, self.site_dir, self.site_url = settings, content, site_dir, site_url
        self.watched = [content, *([settings.templates] if settings.templates else []),
                        settings.site_config.parent / "templates", settings.site_config.parent / "docs"]
        self.snapshot = self._files()
        self.parsed: dict = {}  # the content files as last read (load_content)
        self.full(check(content, self.parsed))

    def rebuild(self) -> None:
        """Called by the server after a save: the content's problems are printed and the last good preview kept."""
        snapshot = self._files()
        changed = {path for path in snapshot.keys() | self.snapshot.keys()
                   if snapshot.get(path) != self.snapshot.get(path)}
        try:
            compendium = check(self.content, self.parsed)
        except ContentError as error:
            print(f"the content has problems; the preview shows the last good version:\n{error}", file=sys.stderr)
            return
        self.snapshot = snapshot
        practice = self.content / "practice"
        started = time.perf_counter()
        if changed and all(path.is_relative_to(practice) for path in changed):
            redone = self.update(compendium)
            log.info(f"Rebuilt {len(redone)} page{'s' if len(redone) != 1 else ''} in "
                     f"{time.perf_counter() - started:.2f} s")
        else:
            self.full(compendium)
            log.info(f"Rebuilt the whole site in {time.perf_counter() - started:.2f} s")

    def full(self, compendium: Compendium) -> None:
        config = load_config(str(self.settings.site_config), site_dir=str(self.site_dir), strict=True)
        config.site_url = self.site_url
        self.build = Build(compendium, self.settings)
        setattr(config, HANDED_OVER, self.build)
        self.config = config
        mkdocs_build(config, serve_url=self.site_url)

    def update(self, compendium: Compendium) -> list[str]:
        """Rebuild the pages that show the cards that changed; the pages' order, navigation and theme stay."""
        from compendium.render import pages_showing

        config, made, old = self.config, self.build.made, self.build.compendium
        changed = changed_cards(old, compendium)
        compendium.take_card_facts(old)
        renderer = made["renderer"] = Renderer(compendium, not config.use_directory_urls, self.settings.edit_base,
                                               self.settings.templates)
        makers = renderer.page_makers()
        candidates = pages_showing(compendium, changed) | pages_showing(old, changed) | {
            page for page, text in made["markdown"].items() if any(card_id in text for card_id in changed)}
        rendered = {page: makers[page]() for page in made["markdown"] if page in candidates}
        redone = [page for page, text in rendered.items() if text != made["markdown"][page]]
        self.build = Build(compendium, self.settings, made=made)
        setattr(config, HANDED_OVER, self.build)
        made["markdown"].update(rendered)
        self._rebuild_pages(redone)
        return redone

    def _rebuild_pages(self, pages: list[str]) -> None:
        from mkdocs.commands.build import _build_page, _populate_page
        from mkdocs.structure.files import InclusionLevel

        config, made = self.config, self.build.made
        files = made["files"]
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        index = search_index(config)
        for page in pages:
            file = files.get_file_from_path(source_path(page))
            file.content_string = made["markdown"][page]
            _populate_page(file.page, config, files)
            at = [where for where, entry in enumerate(index.entries) if _entry_page(entry) == file.page.url]
            index.entries = [entry for entry in index.entries if _entry_page(entry) != file.page.url]
            count = len(index.entries)
            _build_page(file.page, config, doc_files, made["nav"], made["env"])
            new_entries, index.entries = index.entries[count:], index.entries[:count]
            start = at[0] if at else count
            index.entries[start:start] = new_entries
        index_file = Path(config.site_dir) / "search" / "search_index.json"
        index_file.write_text(index.generate_search_index(None), encoding="utf-8")

    def _files(self) -> dict[Path, tuple[int, int]]:
        """Every watched file with its modification time and size."""
        return {path: (path.stat().st_mtime_ns, path.stat().st_size)
                for folder in self.watched if folder.is_dir() for path in folder.rglob("*") if path.is_file()}


def _entry_page(entry: dict) -> str:
    """The page a search entry belongs to: its location without the section."""
    return entry["location"].partition("#")[0]


def changed_cards(old: Compendium, new: Compendium) -> set[str]:
    """The ids of the cards added, removed or changed between two versions of the content."""
    before = {card.id: card for card in old.cards}
    after = {card.id: card for card in new.cards}
    return {card_id for card_id in before.keys() | after.keys() if before.get(card_id) != after.get(card_id)}


def write_pages(settings: Settings, out_dir: Path, compendium: Compendium) -> Path:
    """The site as files that any engine reading an mkdocs.yml can build (Zensical, ProperDocs, MkDocs without the
    hook): out_dir/docs/ holds the generated pages beside the static ones, and out_dir/mkdocs.yml is this site's
    configuration with the navigation written out and no hook. Returns the configuration's path."""
    with open(settings.site_config, encoding="utf-8") as file:
        config = yaml_load(file)  # !ENV and INHERIT resolved as MkDocs resolves them
    config_folder = settings.site_config.parent
    static = config_folder / config.get("docs_dir", "docs")
    for key in ("hooks", "watch", "site_dir"):
        config.pop(key, None)
    if config.get("theme", {}).get("custom_dir"):
        config["theme"]["custom_dir"] = str((config_folder / config["theme"]["custom_dir"]).resolve())
    config.update(docs_dir="docs", nav=mkdocs_nav(navigation(compendium)))
    docs = out_dir / "docs"
    shutil.copytree(static, docs)
    pages = render_pages(compendium, not config.get("use_directory_urls", True), settings.edit_base,
                         settings.templates)
    for page, markdown_text in pages.items():
        (docs / source_path(page)).parent.mkdir(parents=True, exist_ok=True)
        (docs / source_path(page)).write_text(markdown_text, encoding="utf-8")
    (out_dir / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out_dir / "mkdocs.yml"
