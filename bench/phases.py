"""One phase of the build, timed in a fresh process: the child side of bench/run.py.

    python bench/phases.py PHASE CONTENT_DIR [OUT]

prints one JSON object: the phase's wall time (imports excluded, done before the clock starts),
the import time, and the process's peak resident memory read with getrusage(RUSAGE_SELF) once the
phase is over, so it covers the interpreter, the imports and the phase. A fresh process per phase
keeps one phase's caches (prose, templates, imported modules) from flattering the next.

Phases: check, pages (render_pages), handout, mkdocs (build_site: the online MkDocs build with the hook, and
the shares of its time in Markdown and in the search plugin, timed by wrapping those functions), peer (the
pages `build.py pages` writes, built by a plain one-pass MkDocs build of its mkdocs.yml, no hook: only that
`mkdocs build` is timed, as a whole process), as-filed (the same pages built as issue 15 found the build, for its
"before and after": Markdown and search timed as in the mkdocs phase, and the HTML it writes) and build
(`build.py build`). `build.py check` as a whole process is
timed by bench/run.py itself (phase "check-cli"), not here.
"""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

PHASES = ["check", "check-cli", "pages", "handout", "mkdocs", "peer", "as-filed", "build"]


def run_check(content: Path, out: Path | None) -> dict:
    from compendium import check

    started = time.perf_counter()
    compendium = check(content)
    return {"seconds": time.perf_counter() - started, "cards": len(compendium.cards)}


def run_pages(content: Path, out: Path | None) -> dict:
    from compendium import check
    from compendium.render import render_pages

    compendium = check(content)
    started = time.perf_counter()
    pages = render_pages(compendium)
    seconds = time.perf_counter() - started
    markdown_bytes = sum(len(text.encode()) for text in pages.values())
    return {"seconds": seconds, "pages": len(pages), "markdown_bytes": markdown_bytes}


def run_handout(content: Path, out: Path | None) -> dict:
    from compendium import check
    from compendium.render import render_handout

    compendium = check(content)
    started = time.perf_counter()
    handout = render_handout(compendium)
    seconds = time.perf_counter() - started
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(handout, encoding="utf-8")
    return {"seconds": seconds, "bytes": len(handout.encode())}


def run_mkdocs(content: Path, out: Path) -> dict:
    """The online MkDocs build through the hook, as `build.py build` runs it (handed checked content), with the
    time it spends in Markdown and in the search plugin (Timers)."""
    from compendium import check
    from compendium.mkdocs_adapter import build_site
    from compendium.settings import load_settings

    compendium = check(content)  # as build.py does: the MkDocs build gets checked content
    settings = load_settings(PROJECT / "settings.yaml")
    with Timers(timed_functions()) as timers:
        started = time.perf_counter()
        build_site(settings, out, compendium)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "html_pages": sum(1 for _ in out.rglob("*.html")), "shares": timers.shares(seconds)}


def run_peer(content: Path, out: Path) -> dict:
    """The peer line: what `build.py pages` writes (the generated pages, the downloads and the feed beside the
    static ones, and an mkdocs.yml without the hook) into out/pages, untimed; then one plain `mkdocs build` of it
    into out/site (strict), timed as a whole process, as `build.py build` is: the engine alone on the very same
    pages."""
    import subprocess

    pages = engine_pages(content, out / "pages")
    command = [str(Path(sys.executable).parent / "mkdocs"), "build", "--quiet", "--strict",
               "--config-file", str(pages / "mkdocs.yml"), "--site-dir", str(out / "site")]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return {"seconds": time.perf_counter() - started,
            "html_pages": sum(1 for _ in (out / "site").rglob("*.html"))}


# The theme's features in the mkdocs.yml of the build issue 15 was filed against (git show 3304ffe:mkdocs.yml).
AS_FILED_FEATURES = ["navigation.tabs", "navigation.sections", "navigation.top", "search.highlight", "toc.follow"]


def run_as_filed(content: Path, out: Path) -> dict:
    """The "before" of issue 15: the same pages (`build.py pages`, into out/pages, untimed) built in this process
    by one plain MkDocs build as the issue found the build. No hook, so every page goes through Markdown whole (its
    HTML blocks included), the search plugin parses every page and the theme's templates keep their whitespace;
    and the theme's features are those of that build (no navigation.prune, so every page's navigation holds every
    section's pages; navigation.sections; the contents beside the page, not in its navigation). Markdown and
    search are timed as in the mkdocs phase; the HTML it writes is measured as the online build's is."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from bench import site_stats

    pages = engine_pages(content, out / "pages")
    with Timers(timed_functions()) as timers:  # before the config is loaded: it binds the plugins' events
        config = load_config(str(pages / "mkdocs.yml"), site_dir=str(out / "site"), strict=True)
        config.theme["features"] = AS_FILED_FEATURES
        started = time.perf_counter()
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "html_pages": sum(1 for _ in (out / "site").rglob("*.html")),
            "shares": timers.shares(seconds), "html": site_stats.html_stats(out / "site", {})}


def engine_pages(content: Path, pages: Path) -> Path:
    """What `build.py pages` writes for another engine, into pages (untimed)."""
    import build

    if build.main(["pages", "--content", str(content), "--out", str(pages)]) != 0:
        raise SystemExit("build.py pages failed")
    return pages


def timed_functions() -> dict[str, list[tuple[type, str]]]:
    """The functions whose time the mkdocs phase reports as shares of its build: {name: [(owner, attribute)]}.
    Search is whichever plugin answers to `search` (mkdocs-material replaces MkDocs's own with material/search)."""
    from importlib.metadata import entry_points

    import markdown
    from mkdocs.structure.pages import Page

    search = [entry.load() for entry in entry_points(group="mkdocs.plugins") if entry.name in SEARCH_PLUGINS]
    return {"markdown": [(markdown.core.Markdown, "convert")], "mkdocs_page_markdown": [(Page, "render")],
            "search": [(plugin, event) for plugin in search for event in ("on_page_context", "on_post_build")
                       if event in vars(plugin)]}


SEARCH_PLUGINS = ("search", "material/search")


class Timers:
    """Wall time and calls of groups of functions while a build runs, wrapped on their classes (so the plugin
    events MkDocs binds when it loads the config are the wrapped ones). A call inside another call of the same
    group is not counted twice. Costs a perf_counter pair per call, not cProfile's hook on every call."""

    def __init__(self, groups: dict[str, list[tuple[type, str]]]):
        self.groups = groups
        self.seconds = {name: 0.0 for name in groups}
        self.calls = {name: 0 for name in groups}
        self.depth = {name: 0 for name in groups}
        self.originals = []

    def __enter__(self):
        for name, functions in self.groups.items():
            for owner, attribute in functions:
                original = vars(owner)[attribute]
                self.originals.append((owner, attribute, original))
                setattr(owner, attribute, self.wrap(name, original))
        return self

    def __exit__(self, *exc):
        for owner, attribute, original in reversed(self.originals):
            setattr(owner, attribute, original)

    def wrap(self, name: str, function):
        import functools

        @functools.wraps(function)
        def timed(*args, **kwargs):
            self.depth[name] += 1
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.depth[name] -= 1
                if self.depth[name] == 0:
                    self.seconds[name] += time.perf_counter() - started
                    self.calls[name] += 1
        return timed

    def shares(self, total: float) -> dict:
        return {name: {"calls": self.calls[name], "seconds": self.seconds[name],
                       "share": self.seconds[name] / total if total else 0.0} for name in self.groups}


def run_build(content: Path, out: Path) -> dict:
    """`python build.py build`: everything `make site` does (check, the MkDocs build, the offline copy, the
    downloads and the zip)."""
    import build

    started = time.perf_counter()
    if build.main(["build", "--content", str(content), "--out", str(out)]) != 0:
        raise SystemExit("build.py build failed")
    return {"seconds": time.perf_counter() - started}


RUNNERS = {"check": run_check, "pages": run_pages, "handout": run_handout, "mkdocs": run_mkdocs, "peer": run_peer,
           "as-filed": run_as_filed, "build": run_build}


def preload(phase: str) -> None:
    """Import what the phase needs before the clock starts."""
    import compendium.render  # noqa: F401
    import compendium.validate  # noqa: F401
    if phase in ("mkdocs", "peer", "as-filed", "build"):
        import build  # noqa: F401
        import compendium.mkdocs_adapter  # noqa: F401


def peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports kilobytes


def main(argv: list[str]) -> int:
    phase, content = argv[0], Path(argv[1]).resolve()
    out = Path(argv[2]).resolve() if len(argv) > 2 else None
    started = time.perf_counter()
    preload(phase)
    import_seconds = time.perf_counter() - started
    rss_after_imports = peak_rss_bytes()
    result = RUNNERS[phase](content, out)
    result.update(phase=phase, import_seconds=import_seconds, peak_rss_bytes=peak_rss_bytes(),
                  rss_after_imports_bytes=rss_after_imports)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
