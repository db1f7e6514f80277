"""The check's report for a pull request, as GitHub-flavoured Markdown (a job summary, $GITHUB_STEP_SUMMARY).

It says what was checked, every problem with its file, line and column, and how each card the pull request adds or
changes will read. Card text and file names come from strangers' pull requests: every one of them passes through
github_text(), so it can only ever show as the text it is, never as a link, an image, a heading, HTML, a table
cell of its own or a mention that notifies someone.
"""
from __future__ import annotations

import re
from pathlib import Path

from .context import Compendium
from .errors import Problem, printable
from .load import _display as as_typed  # relative to the working folder, as the problems' paths are
from .render import plain_text

LIMIT = 1024 * 1024  # GitHub refuses a step's summary over 1 MiB
RESERVE = 1024  # room kept for the line that says what was left out

ZERO_WIDTH_SPACE = "\u200b"
# What GitHub's Markdown would act on in running text: HTML and entities, emphasis, code, links and images,
# headings, table cells, strike-through, maths; an @mention and a bare address (autolinked) are broken by an
# invisible space, so they show as written but neither notify nor link.
_ACTIVE = re.compile(r"[\\`*_\[\]()!#|~$<>&]|@|:(?=//)|(?<=www)\.", re.IGNORECASE)
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def github_text(text: str) -> str:
    """Untrusted text as one line of GitHub-flavoured Markdown that shows exactly that text and does nothing else;
    safe in running text, a heading, a list item and a table cell. Control and invisible characters are shown
    as escapes (\\u202e), as on the terminal."""
    line = printable(" ".join(str(text).split()))

    def escape(match: re.Match) -> str:
        character = match.group()
        if character in _ENTITIES:
            return _ENTITIES[character]
        if character in "@:.":
            return character + ZERO_WIDTH_SPACE
        return "\\" + character
    return _ACTIVE.sub(escape, line)


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def _fit(head: list[str], parts: list[str], what: str, limit: int) -> list[str]:
    """As many of parts as fit in limit bytes after head, then a line saying how many were left out."""
    used = sum(len(line.encode("utf-8")) + 1 for line in head) + RESERVE
    kept = []
    for part in parts:
        size = len(part.encode("utf-8")) + 1
        if used + size > limit:
            left = len(parts) - len(kept)
            kept.append(f"\n{_plural(left, what)} not shown: a summary holds at most 1 MiB. "
                        "Run `python build.py check` to see everything.")
            break
        kept.append(part)
        used += size
    return kept


def _problem_table(problems: list[Problem]) -> list[str]:
    rows = []
    for problem in problems:
        line = "" if problem.line is None else str(problem.line)
        column = "" if problem.column is None else str(problem.column)
        rows.append(f"| {github_text(problem.path)} | {line} | {column} | {github_text(problem.message)} |")
    return rows


TABLE_HEAD = ["| File | Line | Column | Problem |", "| --- | ---: | ---: | --- |"]


def _card_section(c: Compendium, card, content_dir: Path) -> str:
    """One card as a reader will see it, and where it will be on the site."""
    w = c.words
    area = c.area(card.framework, card.area)
    framework = c.framework_by_id[card.framework]
    graded = c.card_force_grades(card)
    if graded:
        forces = "; ".join(f"{force.name}: {grade}" for force, grade in graded)
    else:
        forces = f"{w['organisation']} not named in the source"
    themes = ", ".join(c.theme_by_id[theme_id].title for theme_id in card.themes)
    address = f"{c.card_page(card)}#{card.id}"
    places = [f"the page of {area.title} ({address})"]
    places += [f"the page of {force.name} ({c.pages.force(force.id)})" for force, _ in graded]
    places += [f"the theme page {c.theme_by_id[theme_id].title} ({c.pages.theme(theme_id)})"
               for theme_id in card.themes]
    fields = [(w["Organisations"] if len(graded) > 1 else w["Organisation"], forces),
              ("Area", f"{area.title}, {framework.title}"),
              ("Practice type", c.labels.practice_types[card.practice_type]),
              ("Evaluation", c.labels.evaluation_stages[card.evaluation]),
              ("Themes", themes),
              ("Objective", plain_text(card.objective)),
              (f"What the {w['organisation']} does", plain_text(card.detail)),
              ("Outcome", plain_text(card.outcome)),
              ("On the site", "; ".join(places))]
    lines = [f"### {github_text(card.title)}", "",
             f"File: {github_text(as_typed(Path(content_dir) / c.card_paths[card.id]))}", "",
             "| Field | How readers will see it |", "| --- | --- |"]
    lines += [f"| {github_text(label)} | {github_text(value)} |" for label, value in fields]
    return "\n".join(lines) + "\n"


def cards_at(paths: list[Path], content_dir: Path, c: Compendium | None):
    """The given files that are cards of the checked content, and the rest."""
    by_path = {} if c is None else {(content_dir / relative).resolve(): c.card_by_id[card_id]
                                    for card_id, relative in c.card_paths.items()}
    cards, others = [], []
    for path in paths:
        card = by_path.get(Path(path).resolve())
        if card is None:
            others.append(str(path))
        elif card not in cards:
            cards.append(card)
    return cards, others


def summary(content_dir: Path, changed: list[Path] = (), compendium: Compendium | None = None,
            problems: list[Problem] = (), warnings: list[Problem] = (), limit: int = LIMIT) -> str:
    """The job summary: what was checked, every problem (or none), and each changed card as it will read."""
    c = compendium
    lines = ["## Content check", ""]
    if c is not None:
        lines.append(f"Checked {_plural(len(c.cards), 'practice example')}, "
                     f"{_plural(len(c.forces), c.words['organisation'], c.words['organisations'])}, "
                     f"{_plural(len(c.frameworks), 'framework')} and {_plural(len(c.themes), 'theme')}.")
    else:
        lines.append(f"Checked every file in {github_text(as_typed(content_dir))}.")
    lines.append("")
    if problems:
        lines += [f"**{_plural(len(problems), 'problem')} found**, so nothing was built. Each is also shown on its "
                  "line under **Files changed**. Fix them, commit again, and the check runs again.", ""]
        lines += TABLE_HEAD
        lines += _fit(lines, _problem_table(list(problems)), "more problem", limit)
    else:
        lines.append("No problems found.")
    if warnings:
        lines += ["", "Warnings (they do not stop the build):", ""] + TABLE_HEAD
        lines += _fit(lines, _problem_table(list(warnings)), "more warning", limit)
    cards, others = cards_at(list(changed), content_dir, c)
    if cards:
        lines += ["", f"## How {'this card' if len(cards) == 1 else 'these cards'} will read", "",
                  "The card preview (card-preview.html) and the handout (compendium-handout.html) open by clicking "
                  "them under **Artifacts** below.", ""]
        lines += _fit(lines, [_card_section(c, card, content_dir) for card in cards], "more card", limit)
    if others:
        reason = ("shown once the problems are fixed" if problems
                  else "not practice cards of the checked content")
        lines += ["", f"Files changed that are {reason}:", ""]
        lines += _fit(lines, [f"- {github_text(path)}" for path in others], "more file", limit)
    return "\n".join(lines).rstrip("\n") + "\n"
