"""One phase of the build, timed in a fresh process: the child side of bench/run.py.

    python bench/phases.py PHASE CONTENT_DIR [OUT]

prints one JSON object: the phase's wall time (imports excluded, done before the clock starts),
the import time, and the process's peak resident memory read with getrusage(RUSAGE_SELF) once the
phase is over, so it covers the interpreter, the imports and the phase. A fresh process per phase
keeps one phase's caches (prose, templates, imported modules) from flattering the next.
"""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

PHASES = ["check", "pages", "handout", "mkdocs", "mkdocs-offline", "build"]


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


def mkdocs_phase(offline: bool):
    def run(content: Path, out: Path) -> dict:
        from compendium import check
        from compendium.mkdocs_adapter import build_site
        from compendium.settings import load_settings

        compendium = check(content)  # as build.py does: the MkDocs build gets checked content
        settings = load_settings(PROJECT / "settings.yaml")
        started = time.perf_counter()
        build_site(settings, out, compendium, offline)
        return {"seconds": time.perf_counter() - started, "html_pages": sum(1 for _ in out.rglob("*.html"))}
    return run


def run_build(content: Path, out: Path) -> dict:
    """`python build.py build`: check, the online and offline MkDocs builds, the downloads and the zip."""
    import build

    started = time.perf_counter()
    if build.main(["build", "--content", str(content), "--out", str(out)]) != 0:
        raise SystemExit("build.py build failed")
    return {"seconds": time.perf_counter() - started}


RUNNERS = {"check": run_check, "pages": run_pages, "handout": run_handout,
           "mkdocs": mkdocs_phase(offline=False), "mkdocs-offline": mkdocs_phase(offline=True),
           "build": run_build}


def preload(phase: str) -> None:
    """Import what the phase needs before the clock starts."""
    import compendium.render  # noqa: F401
    import compendium.validate  # noqa: F401
    if phase in ("mkdocs", "mkdocs-offline", "build"):
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
