"""Benchmark the editor's loop and the publishing build at k times the real content; write BENCHMARKS.md.

    python bench/run.py                       1x and 10x three runs each, 100x once (make bench, ~18 min)
    python bench/run.py --k 1 10 --runs 5     choose the scales and the runs
    python bench/run.py --large-runs 3        three runs at 100x too (about 35 min more)
    python bench/run.py --quick --out FILE    one run of every phase and one save at 1x (for the tests)

For each scale it writes synthetic content (bench/synthetic.py) into a temporary folder and times,
each in a fresh process (bench/phases.py), `check` (in the process, and `build.py check` as a whole
process), page generation, the handout, the online MkDocs build (with the hook), the peer (the pages
`build.py pages` writes, through a plain one-pass `mkdocs build`), the same pages built as issue 15 found
the build (its "before") and the whole `build.py build`, with the shares of the MkDocs build's time in
Markdown and in the search plugin, before and after. Then the
live-reload delay of `build.py serve` (bench/reload.py; at least five saves at the scales with a
preview target), the search index, the HTML bytes of every page, and the bytes Chromium downloads for
one page of each kind (bench/browser.py). The handout is also opened in Chromium at 1x. Before the
scales, one card field of each kind of hostile Markdown is timed at the longest length allowed and at
half of it (bench/pathological.py).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench import browser, machine, pathological, reload, report, site_stats  # noqa: E402
from bench.phases import PHASES  # noqa: E402
from bench.synthetic import write_synthetic  # noqa: E402
from compendium import check  # noqa: E402

PHASE_SCRIPT = PROJECT / "bench" / "phases.py"
PHASE_TIMEOUT = 3 * 3600
RELOAD_TIMEOUT = 1800
QUICK_PHASES = PHASES  # one run of each at 1x: every row of the report is exercised
PHASE_OUTPUT = {"handout": "handout.html", "mkdocs": "site", "peer": "peer", "as-filed": "as-filed", "build": "built"}
RELOAD_RUNS_AT_LEAST = 5  # saves at the scales with a preview target (report.PREVIEW_LIMIT_SECONDS), whatever
# --runs is (but one under --quick, which only shows the report works)
COMMANDS = {"check-cli": lambda content: ["build.py", "check", "--content", str(content)]}  # timed as whole processes
# A command of a quarter of a second is timed five times back to back in each run (every timing counts toward its
# median), so one slow start-up is not the figure; a phase of seconds once a run.
TIMINGS_PER_RUN = {"check-cli": 5}


def run_phase(phase: str, content: Path, work: Path) -> dict:
    """One phase in a fresh process: its JSON report, plus the process's wall time seen from here."""
    if phase in COMMANDS:
        return run_command(phase, COMMANDS[phase](content), work)
    out = work / PHASE_OUTPUT[phase] if phase in PHASE_OUTPUT else None
    if out is not None:
        remove(out)
    command = [sys.executable, str(PHASE_SCRIPT), phase, str(content), *([str(out)] if out else [])]
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=PROJECT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                               capture_output=True, text=True, timeout=PHASE_TIMEOUT)
    process_seconds = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"phase {phase} failed:\n{completed.stderr[-3000:]}")
    return {**json.loads(completed.stdout.strip().splitlines()[-1]), "process_seconds": process_seconds}


def run_command(phase: str, arguments: list[str], work: Path) -> dict:
    """A command of build.py as a user runs it, start to exit (Python start-up and every import included);
    its peak memory from the child's own rusage (os.wait4)."""
    errors = work / f"{phase}.stderr"
    with open(errors, "wb") as stderr:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, *arguments], cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=stderr,
                                 env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"phase {phase} failed:\n{errors.read_text(encoding='utf-8', errors='replace')[-3000:]}")
    return {"phase": phase, "seconds": seconds, "process_seconds": seconds, "peak_rss_bytes": usage.ru_maxrss * 1024}


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def probe_pages(compendium) -> dict[str, str]:
    """One page of each kind (its address): the area, force and theme with the most cards."""
    area = max(((framework, area) for framework in compendium.frameworks for area in framework.areas),
               key=lambda pair: len(compendium.cards_by_area.get((pair[0].id, pair[1].id), [])))
    force = max(compendium.forces, key=lambda force: len(compendium.cards_by_force.get(force.id, [])))
    theme = max(compendium.themes, key=lambda theme: len(compendium.cards_by_theme.get(theme.id, [])))
    pages = compendium.pages
    return {"home": pages.home(), "area": pages.area(area[0].id, area[1].id), "force": pages.force(force.id),
            "grades": pages.grades(compendium.current_framework.id), "theme": pages.theme(theme.id)}


def reload_card(content: Path, compendium, area_page: str) -> Path:
    """The real card edited in the live-reload runs: the first card of the probed area page."""
    card = next(card for card in compendium.cards if compendium.card_page(card) == area_page)
    return content.joinpath(*Path(compendium.card_paths[card.id]).parts[-4:])  # practice/FRAMEWORK/AREA/ID.yaml


def measure_scale(k: int, runs: int, phases: list[str], work: Path, pages: dict[str, str], compendium,
                  saves_at_least: int = RELOAD_RUNS_AT_LEAST) -> dict:
    """Every figure at k times the content; pages are the probed pages' source paths."""
    urls = dict(pages)  # a page's address is its URL relative to the site's root
    content = write_synthetic(k, work / "content")
    results: dict = {"k": k, "runs": runs, "cards": sum(1 for _ in (content / "practice").rglob("*.yaml")),
                     "load_average_before": os.getloadavg(), "phases": {phase: [] for phase in phases}}
    for run in range(runs):  # phases interleaved, so a slow spell on the machine spreads over all of them
        for phase in phases:
            timings = [run_phase(phase, content, work) for _ in range(TIMINGS_PER_RUN.get(phase, 1))]
            results["phases"][phase] += timings
            log(f"{k}x run {run + 1}/{runs} {phase}: " + ", ".join(f"{timing['seconds']:.2f} s" for timing in timings))
    site = work / PHASE_OUTPUT["mkdocs"]
    results["search_index"] = site_stats.search_index_stats(site)
    results["site_bytes"] = site_stats.site_bytes(site)
    results["html"] = site_stats.html_stats(site, urls)
    if "build" in phases:
        results["build_bytes"] = site_stats.site_bytes(work / PHASE_OUTPUT["build"])
    card = reload_card(content, compendium, pages["area"])
    saves = max(runs, saves_at_least) if k in report.PREVIEW_LIMIT_SECONDS else runs
    results["reload_seconds"] = reload.reload_delays(content, card, urls["area"], saves, RELOAD_TIMEOUT,
                                                     work / "serve.log")
    log(f"{k}x live reload: {results['reload_seconds']}")
    with browser.chromium() as chromium:
        results["page_bytes"] = browser.bytes_per_page_kind(chromium, site, urls)
        if k == 1:
            results["handout_render_seconds"] = browser.handout_render_seconds(
                chromium, work / PHASE_OUTPUT["handout"], runs)
            results["chromium"] = chromium.version
    results["load_average_after"] = os.getloadavg()
    return results


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--k", type=int, nargs="+", default=[1, 10, 100], help="scales (default: 1 10 100)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement (default: 3)")
    parser.add_argument("--large-runs", type=int, default=1,
                        help="runs at 100x and above (default: 1; one run of everything there takes ~12 min)")
    parser.add_argument("--out", type=Path, default=PROJECT / "BENCHMARKS.md", help="report (default: BENCHMARKS.md)")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this JSON file")
    parser.add_argument("--quick", action="store_true", help="one run of every phase at 1x (for the tests)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (printed)")
    parser.add_argument("--from-json", type=Path, help="measure nothing: rewrite the report from a --json file")
    args = parser.parse_args(argv)
    if args.quick:
        args.k, args.runs, args.large_runs = [1], 1, 1
    return args


def runs_at(k: int, args) -> int:
    return args.large_runs if k >= 100 else args.runs


def measure(args) -> dict:
    phases = QUICK_PHASES if args.quick else PHASES
    cache_bytecode()
    real = check(PROJECT / "content")
    pages = probe_pages(real)
    work_root = Path(tempfile.mkdtemp(prefix="compendium-bench-"))
    results = {"started": time.strftime("%Y-%m-%d %H:%M %Z"), "quick": args.quick, "phases": phases,
               "pages": dict(pages), "machine": machine.describe(),
               "scales": {}}
    results["pathological_markdown"] = pathological.measure(args.runs)
    log("hostile Markdown: " + ", ".join(f"{pattern!r} {timing['full']:.3f} s" for pattern, timing
                                         in results["pathological_markdown"].items()))
    try:
        for k in sorted(args.k):
            started = time.perf_counter()
            results["scales"][k] = measure_scale(k, runs_at(k, args), phases, work_root / f"{k}x", pages, real,
                                                 1 if args.quick else RELOAD_RUNS_AT_LEAST)
            results["scales"][k]["minutes"] = (time.perf_counter() - started) / 60
            results["machine"]["load_average_end"] = os.getloadavg()
            if args.json:  # after every scale, so a failure at 100x keeps what 1x and 10x measured
                args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
            if not args.keep:
                shutil.rmtree(work_root / f"{k}x")
    finally:
        if args.keep:
            log(f"kept {work_root}")
        else:
            shutil.rmtree(work_root, ignore_errors=True)
    return results


def cache_bytecode() -> None:
    """Time the commands as a user's second run of them: Python keeps the compiled modules (__pycache__) unless
    told not to, as some sandboxes and CI images do (PYTHONDONTWRITEBYTECODE), which would add compiling every
    module of the project to every timed process. The children keep the cache; it is written once, here."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", "compendium", "bench", "build.py"], cwd=PROJECT,
                   check=True)


def read_results(path: Path) -> dict:
    results = json.loads(path.read_text(encoding="utf-8"))
    results["scales"] = {int(k): scale for k, scale in results["scales"].items()}
    return results


# Sections measured by hand (the install) follow this heading level in BENCHMARKS.md and are kept by every run.
BY_HAND = "\n## Install\n"


def by_hand(old_report: str) -> str:
    """The hand-measured sections at the end of a report, kept as they are when the report is written again."""
    return old_report[old_report.index(BY_HAND):] if BY_HAND in old_report else ""


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results = read_results(args.from_json) if args.from_json else measure(args)
    kept = by_hand(args.out.read_text(encoding="utf-8")) if args.out.is_file() else ""
    args.out.write_text(report.markdown(results).rstrip("\n") + "\n" + kept, encoding="utf-8")
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
