"""BENCHMARKS.md from the figures bench/run.py measured: the targets first, then every figure behind them."""
from __future__ import annotations

import math
import statistics

from compendium.model import MAX_TEXT

MB, GB = 1_000_000, 1_000_000_000  # file sizes
MIB, GIB = 2 ** 20, 2 ** 30  # memory
CHECK_LIMIT_SECONDS = 0.3
OURS_SHARE_LIMIT = 0.10
EXPONENT_LIMIT, EXPONENT_NOISE = 1.0, 0.1
BUILD_10X_LIMIT_SECONDS = 60
MEMORY_LIMIT_BYTES = 24 * GIB
HANDOUT_LIMIT_BYTES = 2 * MB
HANDOUT_RENDER_LIMIT_SECONDS = 1.0
HOSTILE_FIELD_LIMIT_SECONDS = 0.1  # the worst field allowed; fields are bounded, so a build stays linear in fields
PAGE_KINDS = ["home", "area", "force", "grades", "theme"]

# The label each target row starts with (tests/test_bench.py checks every one is in the report).
CHECK_LABEL = "`check` on the real content"
SHARE_LABEL = "load + validate + generate"
EXPONENT_LABEL = "total build time vs cards"
BUILD_10X_LABEL = "10× build"
MEMORY_LABEL = "100× build peak memory"
HANDOUT_SIZE_LABEL = "handout size at 1×"
HANDOUT_RENDER_LABEL = "handout rendered by Chromium at 1×"
PAGE_BYTES_LABELS = {kind: f"bytes per page: {kind}" for kind in PAGE_KINDS}
RELOAD_LABEL = "live-reload delay"
HOSTILE_LABEL = "one card field of hostile Markdown"
TARGET_LABELS = [CHECK_LABEL, SHARE_LABEL, EXPONENT_LABEL, BUILD_10X_LABEL, MEMORY_LABEL, HANDOUT_SIZE_LABEL,
                 HANDOUT_RENDER_LABEL, *PAGE_BYTES_LABELS.values(), RELOAD_LABEL, HOSTILE_LABEL]
PHASE_NAMES = {"check": "`check` (load + validate)", "pages": "page generation (`render_pages`)",
               "handout": "handout (`render_handout`)", "mkdocs": "MkDocs build, online (`build_site`, mkdocs.yml)",
               "mkdocs-offline": "MkDocs build, offline (mkdocs-offline.yml)",
               "build": "`build.py build` (everything `make site` does)"}


# --- figures ---------------------------------------------------------------------------------------

def median(values) -> float:
    return statistics.median(values)


def phase_seconds(scale: dict, phase: str, field: str = "seconds") -> float | None:
    runs = scale["phases"].get(phase)
    return median([run[field] for run in runs]) if runs else None


def build_seconds(scale: dict) -> float | None:
    """The whole `build.py build`, from process start to exit."""
    return phase_seconds(scale, "build", "process_seconds")


def fitted_exponent(points: list[tuple[float, float]]) -> float | None:
    """The slope of log(seconds) against log(cards) by least squares: seconds grow as cards ** slope."""
    if len({cards for cards, _ in points}) < 2:
        return None
    return statistics.linear_regression([math.log(cards) for cards, _ in points],
                                        [math.log(seconds) for _, seconds in points]).slope


def build_points(scales: dict) -> list[tuple[float, float]]:
    return [(scale["cards"], build_seconds(scale)) for scale in scales.values() if build_seconds(scale)]


def peak_memory(scale: dict) -> tuple[int, str]:
    """The largest peak RSS of any phase at this scale, and that phase."""
    return max((max(run["peak_rss_bytes"] for run in runs), phase) for phase, runs in scale["phases"].items())


# --- formatting ------------------------------------------------------------------------------------

def seconds_text(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


def bytes_text(size: float) -> str:
    if size >= GB:
        return f"{size / GB:.2f} GB"
    return f"{size / MB:.2f} MB" if size >= 100_000 else f"{size / 1000:.1f} kB"


def memory_text(size: int) -> str:
    return f"{size / GIB:.2f} GiB" if size >= GIB else f"{size / MIB:.0f} MiB"


def spread_text(values: list[float]) -> str:
    return f"{seconds_text(min(values))} – {seconds_text(max(values))}" if len(values) > 1 else "one run"


def verdict(passed: bool) -> str:
    return "**PASS**" if passed else "**FAIL**"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


# --- the targets -----------------------------------------------------------------------------------

NOT_MEASURED = "not measured"


def target_rows(results: dict) -> list[list[str]]:
    scales = results["scales"]
    return [check_row(scales), *share_rows(scales), exponent_row(scales), *local_exponent_rows(scales),
            build_10x_row(scales), memory_row(scales), handout_size_row(scales), handout_render_row(scales),
            *page_bytes_rows(scales), *reload_rows(scales), *hostile_rows(results.get("pathological_markdown"))]


def check_row(scales: dict) -> list[str]:
    label, target = CHECK_LABEL + " (1×)", f"< {CHECK_LIMIT_SECONDS} s"
    if 1 not in scales:
        return [label, target, NOT_MEASURED, NOT_MEASURED]
    seconds = phase_seconds(scales[1], "check")
    process = phase_seconds(scales[1], "check", "process_seconds")
    return [label, target, f"{seconds_text(seconds)} (whole process with Python start-up and imports: "
            f"{seconds_text(process)})", verdict(seconds < CHECK_LIMIT_SECONDS)]


def share_rows(scales: dict) -> list[list[str]]:
    target = f"< {OURS_SHARE_LIMIT:.0%} of the MkDocs build"
    rows = []
    for k, scale in scales.items():
        ours = phase_seconds(scale, "check") + phase_seconds(scale, "pages")
        mkdocs_own = phase_seconds(scale, "mkdocs") - phase_seconds(scale, "pages")
        rows.append([f"{SHARE_LABEL}, {k}×", target,
                     f"{seconds_text(ours)} against MkDocs's own {seconds_text(mkdocs_own)} = "
                     f"{ours / mkdocs_own:.0%}", verdict(ours / mkdocs_own < OURS_SHARE_LIMIT)])
    return rows or [[SHARE_LABEL, target, NOT_MEASURED, NOT_MEASURED]]


def exponent_row(scales: dict) -> list[str]:
    label = EXPONENT_LABEL
    target = f"exponent ≤ {EXPONENT_LIMIT} (+ {EXPONENT_NOISE} for noise)"
    points = build_points(scales)
    exponent = fitted_exponent(points)
    if exponent is None:
        return [label, target, f"{NOT_MEASURED} (needs two scales or more)", NOT_MEASURED]
    fitted_over = ", ".join(f"{k}×" for k in scales)
    return [label, target, f"time ∝ cards^{exponent:.2f} (least squares on log–log over {fitted_over})",
            verdict(exponent <= EXPONENT_LIMIT + EXPONENT_NOISE)]


def local_exponent_rows(scales: dict) -> list[list[str]]:
    """The slope between each pair of neighbouring scales: fixed costs flatten a fit over all of them."""
    points = build_points(scales)
    labels = [f"{k}×" for k, scale in scales.items() if build_seconds(scale)]
    return [[f"{EXPONENT_LABEL}, {labels[i]} → {labels[i + 1]} only", "report",
             f"time ∝ cards^{fitted_exponent(points[i:i + 2]):.2f}", "report"] for i in range(len(points) - 1)]


def build_10x_row(scales: dict) -> list[str]:
    label, target = BUILD_10X_LABEL + " (`build.py build`)", f"< {BUILD_10X_LIMIT_SECONDS} s"
    if 10 not in scales or build_seconds(scales[10]) is None:
        return [label, target, NOT_MEASURED, NOT_MEASURED]
    seconds = build_seconds(scales[10])
    return [label, target, seconds_text(seconds), verdict(seconds < BUILD_10X_LIMIT_SECONDS)]


def memory_row(scales: dict) -> list[str]:
    label, target = MEMORY_LABEL, f"< {MEMORY_LIMIT_BYTES // GIB} GiB"
    if 100 not in scales:
        return [label, target, NOT_MEASURED, NOT_MEASURED]
    peak, phase = peak_memory(scales[100])
    return [label, target, f"{memory_text(peak)} (peak RSS, {PHASE_NAMES[phase]})", verdict(peak < MEMORY_LIMIT_BYTES)]


def handout_size_row(scales: dict) -> list[str]:
    label, target = HANDOUT_SIZE_LABEL, f"< {HANDOUT_LIMIT_BYTES // MB} MB"
    if 1 not in scales:
        return [label, target, NOT_MEASURED, NOT_MEASURED]
    size = scales[1]["phases"]["handout"][-1]["bytes"]
    return [label, target, f"{size:,} bytes", verdict(size < HANDOUT_LIMIT_BYTES)]


def handout_render_row(scales: dict) -> list[str]:
    label, target = HANDOUT_RENDER_LABEL, f"< {HANDOUT_RENDER_LIMIT_SECONDS:.0f} s"
    if 1 not in scales:
        return [label, target, NOT_MEASURED, NOT_MEASURED]
    seconds = median(scales[1]["handout_render_seconds"])
    return [label, target, f"{seconds_text(seconds)} (page.goto on file:// until load)",
            verdict(seconds < HANDOUT_RENDER_LIMIT_SECONDS)]


def page_bytes_rows(scales: dict) -> list[list[str]]:
    rows = []
    for kind, label in PAGE_BYTES_LABELS.items():
        figures = [f"{k}×: {bytes_text(scale['page_bytes'][kind]['bytes'])}" for k, scale in scales.items()]
        rows.append([label, "report", "; ".join(figures) or NOT_MEASURED, "report"])
    return rows


def reload_rows(scales: dict) -> list[list[str]]:
    rows = [[f"{RELOAD_LABEL}, {k}×", "report", f"{seconds_text(median(scale['reload_seconds']))} "
             f"({spread_text(scale['reload_seconds'])})", "report"] for k, scale in scales.items()]
    return rows or [[RELOAD_LABEL, "report", NOT_MEASURED, NOT_MEASURED]]


def hostile_rows(timings: dict | None) -> list[list[str]]:
    """The slowest pattern at the longest field allowed, and how its time grows from half that length."""
    if not timings:
        return [[HOSTILE_LABEL, "report", NOT_MEASURED, NOT_MEASURED]]
    pattern, worst = max(timings.items(), key=lambda item: item[1]["full"])
    growth = {name: timing["full"] / max(timing["half"], 1e-6) for name, timing in timings.items()}
    steepest = max(growth, key=growth.get)
    return [[f"{HOSTILE_LABEL}, slowest of {len(timings)} patterns ({pattern!r}, {MAX_TEXT:,} characters)",
             f"< {HOSTILE_FIELD_LIMIT_SECONDS} s", seconds_text(worst["full"]),
             verdict(worst["full"] < HOSTILE_FIELD_LIMIT_SECONDS)],
            [f"{HOSTILE_LABEL}: time at {MAX_TEXT:,} ÷ time at {MAX_TEXT // 2:,} characters (2 is linear)",
             "report", f"{growth[steepest]:.1f} at most ({steepest!r}); median "
                       f"{statistics.median(growth.values()):.1f}", "report"]]


# --- the sections ----------------------------------------------------------------------------------

def markdown(results: dict) -> str:
    sections = [header(results), machine_section(results), targets_section(results), phases_section(results),
                reload_section(results), page_bytes_section(results), search_index_section(results),
                method_section(results)]
    return "\n\n".join(sections) + "\n"


def header(results: dict) -> str:
    scales = results["scales"]
    runs = ", ".join(f"{scale['runs']} run{'s' if scale['runs'] != 1 else ''} at {k}× "
                     f"({scale['cards']:,} cards, {scale['minutes']:.1f} min in all)" for k, scale in scales.items())
    fewer = [k for k, scale in scales.items() if scale["runs"] < max(other["runs"] for other in scales.values())]
    note = "".join(f" Fewer runs at {k}×: every measurement there takes minutes ({scales[k]['minutes']:.0f} min "
                   f"for one run of everything), so three would take over half an hour." for k in fewer)
    if results["quick"]:
        note += " **Quick mode** (`--quick`): one run at 1×, for the tests; not figures to quote."
    return (f"# Benchmarks\n\nWritten by `bench/run.py` (`make bench`) on {results['started']}: {runs}. "
            f"Figures are medians of the runs.{note}\n\n"
            "**Timing caveat** (`/work/shared/TOOLCHAIN.md`): identical runs on these machines vary by 15–40 %. "
            "Compare figures from the same run only; ratios, counts and bytes are the figures to gate on.")


def machine_section(results: dict) -> str:
    machine = results["machine"]
    packages = ", ".join(f"{name} {number}" for name, number in machine["packages"].items())
    chromium = results["scales"].get(1, {}).get("chromium") or next(
        (scale["chromium"] for scale in results["scales"].values() if "chromium" in scale), "unknown")
    loads = " → ".join(f"{load[0]:.1f}" for load in (machine["load_average_start"], machine["load_average_end"]))
    return (f"## Machine\n\n- {machine['cores']} cores ({machine['cpu']}), "
            f"{memory_text(machine['memory_bytes'] or 0)} of memory; {machine['system']}\n"
            f"- Python {machine['python']}; {packages}; Chromium {chromium}\n"
            f"- One-minute load average at the start and the end of the run: {loads} (other work on the machine "
            f"shares its {machine['cores']} cores and inflates the timings)")


def targets_section(results: dict) -> str:
    return ("## Targets\n\n" + table(["figure", "target", "measured", "result"], target_rows(results)) + "\n\n"
            "Load + validate + generate is `check` plus `render_pages`, each timed in its own process. MkDocs's own "
            "part is the online `build_site` (handed checked content, it generates the pages in its hook) less "
            "`render_pages`. The build-time exponent is fitted to the "
            "whole `build.py build` (two MkDocs builds, the downloads and the zip), process start to exit; "
            "the fit over all scales is flattened by fixed costs (start-up, theme assets), so the slope between the "
            "two largest scales is given too.")


def phases_section(results: dict) -> str:
    rows = []
    for k, scale in results["scales"].items():
        for phase, runs in scale["phases"].items():
            seconds = [run["seconds"] for run in runs]
            extra = phase_extra(phase, runs[-1])
            rows.append([f"{k}×", PHASE_NAMES[phase], seconds_text(median(seconds)), spread_text(seconds),
                         seconds_text(median([run["process_seconds"] for run in runs])),
                         memory_text(max(run["peak_rss_bytes"] for run in runs)), extra])
    return ("## Every phase\n\n" + table(["scale", "phase", "median", "range", "whole process", "peak RSS", "output"],
                                          rows) + "\n\n"
            "*median* is the phase alone, its imports done before the clock starts; *whole process* is the same "
            "process from start to exit, as a command line would feel it. *Peak RSS* is "
            "`getrusage(RUSAGE_SELF).ru_maxrss` of the fresh process that ran the phase, read when it ends "
            "(interpreter and imports included, about 40 MiB). Sizes of files are in MB (10⁶ bytes), memory in "
            "MiB and GiB (2²⁰, 2³⁰ bytes).")


def phase_extra(phase: str, run: dict) -> str:
    if phase == "pages":
        return f"{run['pages']} pages, {bytes_text(run['markdown_bytes'])} of Markdown"
    if phase == "handout":
        return f"{run['bytes']:,} bytes"
    if phase in ("mkdocs", "mkdocs-offline"):
        return f"{run['html_pages']} HTML pages"
    return f"{run['cards']:,} cards" if phase == "check" else ""


def reload_section(results: dict) -> str:
    rows = [[f"{k}×", seconds_text(median(scale["reload_seconds"])),
             ", ".join(seconds_text(value) for value in scale["reload_seconds"])]
            for k, scale in results["scales"].items()]
    return ("## The editor's loop: live reload\n\n"
            "`python build.py serve --content DIR --address 127.0.0.1:PORT`; one card of the "
            f"`{results['pages']['area']}` page gets a new title, and the page is polled over HTTP (every 50 ms) "
            "until the title is served. MkDocs rebuilds the whole site, content check included, on every save.\n\n"
            + table(["scale", "median", "runs"], rows))


def page_bytes_section(results: dict) -> str:
    rows = []
    for k, scale in results["scales"].items():
        for kind in PAGE_KINDS:
            figures = scale["page_bytes"][kind]
            largest = sorted(figures["files"].items(), key=lambda item: -item[1])[:3]
            rows.append([f"{k}×", kind, f"`/{results['pages'][kind]}`", bytes_text(figures["bytes"]),
                         str(figures["requests"]),
                         "; ".join(f"`{path or '(page)'}` {bytes_text(size)}" for path, size in largest)])
    return ("## What a reader downloads\n\n"
            "One page of each kind (the area, force and theme with the most cards) loaded in Chromium from "
            "http://127.0.0.1 with a cold cache, until the load event has fired and no request has started or "
            "ended for 2 s (the search worker fetches the index after the load event); every file fetched (HTML, "
            "CSS, JS, the search index, images), uncompressed as the test server sends them. GitHub Pages compresses "
            "HTML, CSS, JS and JSON, so the wire is smaller; the proportions hold.\n\n"
            + table(["scale", "kind", "page", "bytes", "requests", "largest files"], rows))


def search_index_section(results: dict) -> str:
    rows = []
    for k, scale in results["scales"].items():
        index = scale["search_index"]
        kinds = "; ".join(f"{kind} {bytes_text(figures['text_bytes'])} ({figures['entries']:,})"
                          for kind, figures in list(index["by_kind"].items())[:5])
        rows.append([f"{k}×", bytes_text(index["bytes"]), f"{index['entries']:,} ({index['sections']:,} sections)",
                     kinds, bytes_text(scale["site_bytes"])])
    return ("## The search index\n\n`search/search_index.json` of the online build, which every reader's browser "
            "downloads on the first page it opens.\n\n"
            + table(["scale", "index", "entries", "text by kind of page (entries)", "whole site"], rows))


def method_section(results: dict) -> str:
    return ("## Method\n\n"
            "- Content: `bench/synthetic.py` copies `compendium.yaml`, `themes.yaml`, `source-notes.yaml`, "
            "`frameworks/` and `forces/` as they are and writes each real card plus k − 1 copies of it with a new id "
            "and a lightly varied title and text (so no cache makes copies free). Forces, frameworks and areas do "
            "not change, so the number of pages does not grow with k: cards land on the area, force and theme pages.\n"
            "- Each phase runs in a fresh process (`bench/phases.py`); runs of the phases are interleaved. "
            f"Phases timed: {', '.join(PHASE_NAMES[phase] for phase in results['phases'])}.\n"
            "- Chromium: Debian's `/usr/bin/chromium` through Playwright, a new browser context per load.\n"
            "- Needless work (what runs how often in one build, and what cheaper ways save): "
            "`.venv/bin/python bench/profiling.py --k 10 [--profile]`.\n"
            "- Reproduce: `make bench` (`.venv/bin/python bench/run.py`: `--k 1 10 100 --runs 3 --large-runs 1`).")
