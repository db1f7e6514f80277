"""Looking for needless work in the build: what runs how often, and what the cheaper way would save.

    python bench/profiling.py [--k 10] [--profile]

1. Counts and times, during one `build.py build`, the steps that could run more often than needed:
   content loads, YAML files parsed, page and handout renders, Jinja environments, template reads,
   Markdown instances, MkDocs builds. (Wrappers installed in this process only; no code is changed.)
2. Measures the cheaper alternatives: libyaml's C parser for the content, one reused Markdown
   instance for card prose.
3. With --profile, cProfile of one online MkDocs build, its largest cumulative entries.
"""
from __future__ import annotations

import argparse
import cProfile
import functools
import io
import pstats
import sys
import tempfile
import time
import types
from collections import defaultdict
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

import jinja2  # noqa: E402
import markdown  # noqa: E402
import yaml  # noqa: E402

import build  # noqa: E402
import compendium.load  # noqa: E402
import compendium.mkdocs_adapter  # noqa: E402
import compendium.publish  # noqa: E402
import compendium.render  # noqa: E402
import compendium.settings  # noqa: E402
from bench.synthetic import write_synthetic  # noqa: E402
from compendium import check  # noqa: E402

# (module, attribute, what it is): the calls counted during one build.
WATCHED = [
    (compendium.load, "load_content", "content folder loaded (every YAML file read)"),
    (compendium.load, "read_document", "YAML file read and parsed"),
    (compendium.render, "render_pages", "site pages rendered (render_pages)"),  # MkDocs re-imports the hook per build
    (compendium.publish, "render_handout", "handout rendered (render_handout)"),
    (compendium.publish, "export", "open data exported (CSV + JSON)"),
    (compendium.render, "environment", "Jinja environment created"),
    (jinja2.FileSystemLoader, "get_source", "template file read from disk"),
    (jinja2.Environment, "compile", "template compiled"),
    (markdown.core.Markdown, "__init__", "Markdown instance created"),
    (compendium.mkdocs_adapter, "mkdocs_build", "MkDocs build run"),
    (compendium.mkdocs_adapter, "build_site", "build_site called"),
]


class Tally:
    """Calls and cumulative seconds per watched function (nested calls counted in both)."""

    def __init__(self):
        self.calls = defaultdict(int)
        self.seconds = defaultdict(float)

    def wrap(self, function, label: str):
        @functools.wraps(function)
        def counted(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.calls[label] += 1
                self.seconds[label] += time.perf_counter() - started
        return counted


def count_build(content: Path, out: Path) -> Tally:
    """Run `build.py build` once with every WATCHED function counted; the originals are put back after."""
    tally, originals = Tally(), []
    for owner, name, label in WATCHED:
        if hasattr(owner, name):
            originals.append((owner, name, getattr(owner, name)))
            setattr(owner, name, tally.wrap(getattr(owner, name), label))
    started = time.perf_counter()
    try:
        assert build.main(["build", "--content", str(content), "--out", str(out)]) == 0
    finally:
        for owner, name, function in originals:
            setattr(owner, name, function)
    tally.seconds["(whole build)"] = time.perf_counter() - started
    return tally


def yaml_files(content: Path) -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(content.rglob("*.yaml"))]


def yaml_pass_seconds(texts: list[str]) -> dict[str, float]:
    """The two passes the loader makes over every file (events, then nodes), pure Python and libyaml."""
    def timed(work) -> float:
        started = time.perf_counter()
        for text in texts:
            work(text)
        return time.perf_counter() - started

    return {"event pass, pure Python": timed(lambda text: list(yaml.parse(text, Loader=yaml.SafeLoader))),
            "event pass, libyaml": timed(lambda text: list(yaml.parse(text, Loader=yaml.CSafeLoader))),
            "compose pass, pure Python": timed(lambda text: yaml.compose(text, Loader=yaml.SafeLoader)),
            "compose pass, libyaml": timed(lambda text: yaml.compose(text, Loader=yaml.CSafeLoader))}


def load_with_libyaml(content: Path) -> tuple[float, float, bool]:
    """load_content as it is and with yaml.SafeLoader swapped for libyaml's CSafeLoader: seconds, and same result."""
    started = time.perf_counter()
    as_is = compendium.load.load_content(content)
    pure_seconds = time.perf_counter() - started
    real_yaml = compendium.load.yaml
    compendium.load.yaml = types.SimpleNamespace(**{**vars(yaml), "SafeLoader": yaml.CSafeLoader})
    try:
        started = time.perf_counter()
        swapped = compendium.load.load_content(content)
        c_seconds = time.perf_counter() - started
    finally:
        compendium.load.yaml = real_yaml
    same = all((a.data, a.positions, a.key_positions) == (b.data, b.positions, b.key_positions)
               for a, b in zip(as_is.cards + as_is.forces, swapped.cards + swapped.forces))
    return pure_seconds, c_seconds, same


def prose_with_one_markdown(texts: list[str]) -> tuple[float, float, bool]:
    """markdown.markdown per text (as prose() does) against one Markdown instance reset between texts."""
    started = time.perf_counter()
    fresh = [markdown.markdown(text) for text in texts]
    fresh_seconds = time.perf_counter() - started
    converter = markdown.Markdown()
    started = time.perf_counter()
    reused = [converter.reset().convert(text) for text in texts]
    return fresh_seconds, time.perf_counter() - started, fresh == reused


def card_texts(content: Path) -> list[str]:
    cards = check(content).cards
    return [getattr(card, field) for card in cards for field in ("objective", "detail", "outcome")]


def profile_mkdocs(content: Path, out: Path, top: int = 40) -> str:
    checked = check(content)
    compendium.render.prose.cache_clear()  # as in a fresh process: the counted build above filled it
    profiler = cProfile.Profile()
    settings = compendium.settings.load_settings(PROJECT / "settings.yaml")
    profiler.runcall(compendium.mkdocs_adapter.build_site, settings, out, checked)
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(top)
    return stream.getvalue()


def report(k: int, work: Path, with_profile: bool) -> None:
    content = write_synthetic(k, work / "content")
    tally = count_build(content, work / "site")
    print(f"## One `build.py build` at {k}x\n")
    for label in sorted(tally.calls, key=lambda label: -tally.seconds[label]):
        print(f"- {label}: {tally.calls[label]} times, {tally.seconds[label]:.2f} s in all")
    print(f"- whole build: {tally.seconds['(whole build)']:.2f} s\n\n## YAML\n")
    for name, seconds in yaml_pass_seconds(yaml_files(content)).items():
        print(f"- {name}: {seconds:.2f} s")
    pure, c, same = load_with_libyaml(content)
    print(f"- load_content as it is {pure:.2f} s; with CSafeLoader {c:.2f} s; same documents and positions: {same}")
    fresh, reused, same = prose_with_one_markdown(card_texts(content))
    print(f"\n## Card prose\n\n- markdown.markdown per text {fresh:.2f} s; one Markdown reused {reused:.2f} s; "
          f"same HTML: {same}")
    if with_profile:
        print("\n## cProfile of one online MkDocs build\n\n" + profile_mkdocs(content, work / "profiled-site"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--k", type=int, default=10, help="scale of the synthetic content (default: 10)")
    parser.add_argument("--profile", action="store_true", help="also cProfile one online MkDocs build")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="compendium-profile-") as work:
        report(args.k, Path(work), args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
