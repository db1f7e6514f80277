"""The cost of rendering one card field of hostile Markdown: the longest field allowed, filled with each pattern
that once made Python-Markdown slow or recurse, and half as long, to show the cost grows linearly."""
from __future__ import annotations

import time

from compendium.model import MAX_TEXT
from compendium.render import markdown_prose

# Each pattern repeated to the field's limit: "[<" took 6.7 s at 5,000 characters before stray brackets were
# escaped; "1. " and "- \t" nested a list per marker until Python's recursion limit.
PATTERNS = ["[<", "[", "![", "*[", "[a](", "\\[", "1. ", "- \t", "*a", "_a", "`a", "<a", "&", "- ", "\n- "]


def field_seconds(pattern: str, length: int, runs: int = 3) -> float:
    text = (pattern * (length // len(pattern) + 1))[:length]
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        markdown_prose(text)
        timings.append(time.perf_counter() - started)
    return sorted(timings)[len(timings) // 2]


def measure(runs: int = 3) -> dict:
    """{pattern: {"full": seconds at MAX_TEXT characters, "half": seconds at half of it}}."""
    return {pattern: {"full": field_seconds(pattern, MAX_TEXT, runs),
                      "half": field_seconds(pattern, MAX_TEXT // 2, runs)}
            for pattern in PATTERNS}
