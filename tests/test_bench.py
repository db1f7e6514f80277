"""The benchmark's tools work: synthetic content is valid, a quick run writes every target row, and each target of
issue 15 is computed from the right figures (a report written from made-up figures).

Nothing here is timed: the figures themselves are in BENCHMARKS.md, written by `make bench`.
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import report
from bench.phases import Timers
from bench.report import TARGET_LABELS
from bench.site_stats import html_stats
from bench.synthetic import write_synthetic
from compendium import PROJECT, check
from conftest import CHROMIUM

REAL = check(PROJECT / "content")


def test_synthetic_content_at_2x_is_valid_with_twice_the_cards(tmp_path):
    synthetic = check(write_synthetic(2, tmp_path / "content"))
    ids = [card.id for card in synthetic.cards]
    assert len(ids) == 2 * len(REAL.cards)
    assert len(set(ids)) == len(ids)
    assert {card.id for card in REAL.cards} <= set(ids)
    assert (len(synthetic.forces), len(synthetic.frameworks), len(synthetic.themes)) == \
           (len(REAL.forces), len(REAL.frameworks), len(REAL.themes))


def test_a_synthetic_copy_is_not_the_same_text_as_its_card(tmp_path):
    synthetic = check(write_synthetic(2, tmp_path / "content"))
    original = REAL.cards[0]
    copy = synthetic.card_by_id[f"{original.id}-copy-1"]
    assert (copy.forces, copy.framework, copy.area) == (original.forces, original.framework, original.area)
    assert copy.title != original.title and copy.detail != original.detail


def test_a_quick_run_writes_a_report_with_every_target_row(tmp_path):
    if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    report = tmp_path / "report.md"
    completed = subprocess.run([sys.executable, str(PROJECT / "bench" / "run.py"), "--quick", "--out", str(report)],
                               cwd=PROJECT, capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stderr[-3000:]
    text = report.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    for label in TARGET_LABELS:
        assert any(row.startswith(f"| {label}") for row in rows), label
    assert "15–40 %" in text


def test_a_new_report_keeps_the_install_figures_measured_by_hand():
    from bench.run import by_hand
    old = (PROJECT / "BENCHMARKS.md").read_text(encoding="utf-8")
    assert by_hand(old).startswith("\n## Install\n\nMeasured by hand on 2026-12-03")
    assert by_hand("# Benchmarks\n\n## Targets\n") == ""


# --- the report, from made-up figures ----------------------------------------------------------------

KINDS = {kind: f"{kind}/" if kind != "home" else "" for kind in report.PAGE_KINDS}


def run_of(seconds: float, process: float | None = None, **extra) -> dict:
    return {"seconds": seconds, "process_seconds": process or seconds + 0.5, "peak_rss_bytes": 50 * 2 ** 20, **extra}


def scale_of(k: int, build: float = 10.0, peer: float = 9.0, check_process: float = 0.2, saves=(0.5,) * 5,
             build_bytes: int = 10_000_000, phases: dict | None = None) -> dict:
    """One scale's figures as bench/run.py writes them; each phase one run."""
    shares = {name: {"calls": 100, "seconds": 1.0, "share": 0.25} for name in ("markdown", "mkdocs_page_markdown",
                                                                               "search")}
    default = {"check": [run_of(0.1, cards=116 * k)], "check-cli": [run_of(check_process, check_process)],
               "pages": [run_of(0.2, pages=109, markdown_bytes=1_000_000)], "handout": [run_of(0.1, bytes=600_000)],
               "mkdocs": [run_of(4.0, html_pages=111, shares=shares)], "peer": [run_of(peer, html_pages=112)],
               "as-filed": [run_of(8.0, html_pages=112, shares=shares, html={"pages": 100, "bytes": 5_800_000})],
               "build": [run_of(build - 0.5, build)]}
    downloads = {kind: {"bytes": 350_000, "requests": 9, "files": {KINDS[kind]: 30_000, "search.js": 320_000}}
                 for kind in report.PAGE_KINDS}
    return {"k": k, "runs": 1, "cards": 116 * k, "minutes": 1.0, "phases": phases or default,
            "search_index": {"bytes": 100, "entries": 1, "sections": 0, "by_kind": {}}, "site_bytes": 1000,
            "build_bytes": build_bytes, "html": {"pages": 100, "bytes": 2_900_000, "by_kind": {kind: 29_000 for kind
                                                                                                in KINDS}},
            "reload_seconds": list(saves), "page_bytes": downloads, "handout_render_seconds": [0.5],
            "chromium": "156"}


def results_of(*scales: dict) -> dict:
    machine = {"cores": 2, "cpu": "cpu", "memory_bytes": 2 ** 30, "system": "Linux", "python": "3.11",
               "packages": {"mkdocs": "1.6.1"}, "load_average_start": [1, 1, 1], "load_average_end": [1, 1, 1]}
    return {"started": "2026-12-03 12:00 UTC", "quick": False, "phases": list(scales[0]["phases"]),
            "pages": dict(KINDS), "machine": machine, "scales": {scale["k"]: scale for scale in scales},
            "pathological_markdown": {"[<": {"full": 0.05, "half": 0.025}}}


def row(text: str, label: str) -> list[str]:
    """The cells of the report's first table row that starts with label."""
    line = next(line for line in text.splitlines() if line.startswith(f"| {label}"))
    return [cell.strip() for cell in line.strip("|").split(" | ")]


def test_the_peer_row_divides_the_whole_build_process_by_the_peers_mkdocs_build():
    text = report.markdown(results_of(scale_of(1, build=11.5, peer=10.0), scale_of(10, build=24.0, peer=20.0)))
    assert row(text, f"{report.PEER_LABEL}, 1×")[1:] == ["≤ 1.15×", "11.50 s ÷ 10.00 s = 1.15×", "**PASS**"]
    assert row(text, f"{report.PEER_LABEL}, 10×")[1:] == ["≤ 1.15×", "24.00 s ÷ 20.00 s = 1.20×", "**FAIL**"]


def test_the_check_verdict_is_on_the_whole_process_not_the_check_alone():
    cells = row(report.markdown(results_of(scale_of(1, check_process=0.26))), report.CHECK_LABEL)
    assert cells[1:] == ["≤ 0.25 s", "260 ms from start to exit (median of 1 timing; of which `check()` itself "
                                     "100 ms)", "**FAIL**"]


def test_the_check_figure_is_the_median_of_every_timing_of_every_run():
    scale = scale_of(1)
    scale["phases"]["check-cli"] = [run_of(seconds, seconds) for seconds in (0.24, 0.40, 0.23, 0.24, 0.41)]
    cells = row(report.markdown(results_of(scale)), report.CHECK_LABEL)
    assert cells[2:] == ["240 ms from start to exit (median of 5 timings; of which `check()` itself 100 ms)",
                         "**PASS**"]


def test_the_preview_passes_only_on_a_median_of_five_saves_within_its_limit():
    text = report.markdown(results_of(scale_of(1, saves=[0.9, 0.8, 3.0, 0.7, 0.95]),
                                      scale_of(10, saves=[1.0, 1.0, 1.0])))
    assert row(text, f"{report.PREVIEW_LABEL}, 1×")[2:] == ["900 ms (median of 5 saves; 700 ms – 3.00 s)",
                                                            "**PASS**"]
    assert row(text, f"{report.PREVIEW_LABEL}, 10×")[1:] == [
        "≤ 2 s (median of ≥ 5 saves)", "1.00 s (median of 3 saves, too few; 1.00 s – 1.00 s)", "**FAIL**"]


def test_the_slopes_and_the_fixed_cost_come_from_the_two_largest_scales():
    text = report.markdown(results_of(scale_of(1, build=5.0, build_bytes=10_000_000),
                                      scale_of(10, build=10.0, build_bytes=20_000_000),
                                      scale_of(100, build=100.0, build_bytes=200_000_000)))
    assert row(text, f"{report.EXPONENT_LABEL}, {report.TWO_LARGEST}")[:3] == [
        f"{report.EXPONENT_LABEL}, {report.TWO_LARGEST} (10× → 100×)", "slope ≤ 1.0 (+ 0.1 for noise)",
        "time ∝ cards^1.00"]
    assert row(text, f"{report.OUTPUT_EXPONENT_LABEL}, {report.TWO_LARGEST}")[2:] == ["bytes ∝ cards^1.00",
                                                                                      "**PASS**"]
    assert row(text, f"{report.EXPONENT_LABEL}, 1× → 10× only")[2] == "time ∝ cards^0.30"
    # 90 s more for 10,440 more cards: 8.62 ms a card; 5 s at 1× less 116 cards at that cost is 4.00 s fixed
    assert row(text, report.FIXED_COST_LABEL)[2] == "4.00 s fixed + 8.62 ms per card (1×: 5.00 s for 116 cards, " \
                                                    "80% of it fixed)"


def test_the_first_page_is_held_to_the_issues_figure_and_the_html_per_page_shown_beside_the_issues():
    text = report.markdown(results_of(scale_of(1)))
    assert row(text, report.FIRST_PAGE_LABEL)[1:] == [
        "≤ 0.4 MB", "0.35 MB in 9 files (largest `search.js` 0.32 MB)", "**PASS**"]
    assert row(text, report.HTML_PER_PAGE_LABEL)[1:] == [
        "for reference: issue 15 measured 59.0 kB on the content of then; the target is the ratio from the same "
        "run (next row)", "29.0 kB (100 pages, 2.90 MB in all)", "reference"]


def test_the_html_per_page_splits_each_pages_own_text_from_the_theme_around_it():
    scale = scale_of(1)
    scale["html"]["article_bytes"] = 1_000_000
    assert row(report.markdown(results_of(scale)), report.HTML_PER_PAGE_LABEL)[2] == (
        "29.0 kB (100 pages, 2.90 MB in all; each page's own text 10.0 kB, the theme and navigation around it 19.0 kB)")


def test_half_todays_html_per_page_is_also_a_ratio_to_the_same_pages_built_as_the_issue_found_the_build():
    scale = scale_of(1)
    scale["phases"]["as-filed"][0]["html"]["article_bytes"] = 1_000_000
    assert row(report.markdown(results_of(scale)), report.HTML_AS_FILED_LABEL)[1:] == [
        "≤ 0.5×", "29.0 kB ÷ 58.0 kB = 0.50× (as found: every section's pages in every page's navigation, its "
        "contents written twice, the theme's templates untrimmed; each page's own text 10.0 kB, the theme and navigation around it 48.0 kB)",
        "**PASS**"]
    scale["phases"]["as-filed"][0]["html"]["bytes"] = 5_700_000
    assert row(report.markdown(results_of(scale)), report.HTML_AS_FILED_LABEL)[3] == "**FAIL**"


def test_the_shares_of_markdown_and_search_are_reported_after_and_before():
    scale = scale_of(1)
    scale["phases"]["as-filed"][0]["shares"] = {name: {"calls": 143, "seconds": 2.0, "share": 0.5}
                                                for name in ("markdown", "mkdocs_page_markdown", "search")}
    text = report.markdown(results_of(scale))
    assert row(text, f"{report.SEARCH_SHARE_LABEL} (`on_page_context` + `on_post_build`), 1×")[1:] == [
        "report (before and after)", "after 25% (1.00 s, 100 calls); before (the same pages as issue 15 found the "
        "build) 50% (2.00 s, 143 calls)", "report"]
    assert row(text, f"{report.MARKDOWN_SHARE_LABEL} (`Markdown.convert`), 1×")[2] == (
        "after 25% (1.00 s, 100 calls); before (the same pages as issue 15 found the build) 50% (2.00 s, 143 calls); "
        "after, MkDocs's page rendering (`Page.render`, Markdown included) 25% (1.00 s, 100 calls)")


def test_bytes_per_page_kind_are_one_table_with_a_column_per_scale():
    text = report.markdown(results_of(scale_of(1), scale_of(10), scale_of(100)))
    assert "| kind | 1× | 10× | 100× |" in text
    assert row(text, report.PAGE_BYTES_LABELS["area"]) == ["bytes per page: area", *["0.35 MB (HTML 29.0 kB)"] * 3]


def test_a_report_from_old_figures_with_the_offline_build_still_has_every_target_row():
    old = scale_of(1)
    old["phases"] = {phase: runs for phase, runs in old["phases"].items()
                     if phase not in ("check-cli", "peer", "as-filed")}
    old["phases"]["mkdocs-offline"] = [run_of(4.0, html_pages=111)]
    del old["phases"]["mkdocs"][0]["shares"], old["build_bytes"], old["html"]
    text = report.markdown(results_of(old))
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    for label in TARGET_LABELS:
        assert any(line.startswith(f"| {label}") for line in rows), label
    assert row(text, report.PEER_LABEL)[2:] == ["not measured", "not measured"]
    assert "| 1× | MkDocs build, offline (mkdocs-offline.yml) |" in text


def test_the_mkdocs_phase_builds_the_online_site_without_an_offline_argument(monkeypatch, tmp_path):
    import compendium.mkdocs_adapter
    from bench.phases import run_mkdocs

    calls = []
    monkeypatch.setattr(compendium.mkdocs_adapter, "build_site", lambda *args, **kwargs: calls.append((args, kwargs)))
    run_mkdocs(PROJECT / "tests" / "fixtures" / "content", tmp_path / "site")
    (settings, out, checked), kwargs = calls[0]
    assert (out, len(checked.cards), kwargs) == (tmp_path / "site", len(check(PROJECT / "tests" / "fixtures" /
                                                                              "content").cards), {})


class Counted:
    def outer(self, depth):
        return self.outer(depth - 1) if depth else "done"


def test_timers_count_a_call_inside_a_call_of_the_same_group_once_and_put_the_function_back():
    original = Counted.outer
    with Timers({"outer": [(Counted, "outer")]}) as timers:
        assert Counted().outer(3) == "done"
    assert (timers.calls, Counted.outer) == ({"outer": 1}, original)
    assert 0 < timers.shares(1.0)["outer"]["share"] < 1


def test_html_per_page_counts_every_pages_index_html_and_nothing_else(tmp_path):
    for path, size in {"index.html": 10, "forces/kent/index.html": 30, "404.html": 1000,
                       "downloads/compendium-handout.html": 5000}.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(b"x" * size)
    assert html_stats(tmp_path, {"home": "", "force": "forces/kent/"}) == {
        "pages": 2, "bytes": 40, "article_bytes": 0, "by_kind": {"home": 10, "force": 30}}


def test_a_pages_own_text_is_its_article_without_the_theme_around_it(tmp_path):
    (tmp_path / "index.html").write_bytes(b"<nav>menu</nav><article>Text</article><footer>f</footer>")
    assert html_stats(tmp_path, {})["article_bytes"] == len(b"<article>Text</article>")


def test_the_as_filed_phase_builds_the_same_pages_with_every_sections_pages_in_every_navigation(tmp_path):
    from bench.phases import run_as_filed

    fixture = PROJECT / "tests" / "fixtures" / "content"
    forces = check(fixture).forces
    result = run_as_filed(fixture, tmp_path)
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert [force.id for force in forces if f'href="forces/{force.id}/"' not in home] == []
    assert result["html"]["pages"] == sum(1 for _ in (tmp_path / "site").rglob("index.html"))
    assert result["shares"]["markdown"]["calls"] >= result["html"]["pages"]
    force_page = (tmp_path / "site" / "forces" / forces[0].id / "index.html").read_text(encoding="utf-8")
    assert force_page.count('class="md-nav md-nav--secondary"') == 2  # the contents beside the page, and in the menu
