"""The benchmark's tools work: synthetic content is valid, and a quick run writes every target row.

Nothing here is timed: the figures themselves are in BENCHMARKS.md, written by `make bench`.
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.report import TARGET_LABELS
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
                               cwd=PROJECT, capture_output=True, text=True, timeout=300)
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
