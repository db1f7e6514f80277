"""Charts drawn at build time as inline SVG: no script, and every mark carries its words.

Each function takes the Compendium and ids and returns safe markup (markupsafe.Markup) in which every text from
content is XML-escaped. Colours come from the grade classes of docs/assets/grades.css (compendium/context.py,
grade_class): marks use `currentColor`, so any scale gets the site's colours; patterns and text tell grades
apart without colour. Grade words come from each framework's scale and statuses, never from here.
"""
from __future__ import annotations

import html
from functools import lru_cache
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from .model import Area

if TYPE_CHECKING:
    from .context import Compendium

# Advance widths of Arial / Liberation Sans (the site's fallback sans-serif), in thousandths of an em; a text's
# width is estimated from them to lay out labels before a browser ever sees them.
_WIDTHS = {**dict.fromkeys("ijl'|", 222), **dict.fromkeys(" ftI.,:;!/", 278), **dict.fromkeys("r()-[]", 333),
           **dict.fromkeys("ckvxyzJsF", 500), **dict.fromkeys("TZ", 611),
           **dict.fromkeys("mM", 833), **dict.fromkeys("W", 944), **dict.fromkeys("ABEKPSVXY&", 667),
           **dict.fromkeys("CDHNRUw", 722), **dict.fromkeys("GOQ", 778), "L": 556, "–": 556, "—": 1000}
_DEFAULT_WIDTH = 600  # any other character; lower-case letters and digits are 556
_SAFETY = 1.08  # estimates err wide: a label must never run into the next


@lru_cache(maxsize=None)  # the same labels are measured on every page, and again at each wrap
def text_width(text: str, size: float, bold: bool = False) -> float:
    """The estimated width of a text at a font size, in the same units."""
    width = sum(_WIDTHS.get(char, 556 if char.isascii() and char.isalnum() else _DEFAULT_WIDTH) for char in text)
    return width / 1000 * size * _SAFETY * (1.07 if bold else 1)


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """The text broken into lines no wider than width: at spaces, and inside a word too long for a line."""
    return list(_wrapped(text, width, size, bold))


@lru_cache(maxsize=None)  # the same titles and grades are wrapped to the same widths on every page
def _wrapped(text: str, width: float, size: float, bold: bool) -> tuple[str, ...]:
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] += f" {word}"
        else:
            lines += _split_word(word, width, size, bold)
    return tuple(lines or [""])


def _split_word(word: str, width: float, size: float, bold: bool) -> list[str]:
    """A word as pieces that each fit the width (the word itself, if it fits)."""
    pieces = [""]
    for char in word:
        if pieces[-1] and text_width(pieces[-1] + char, size, bold) > width:
            pieces.append("")
        pieces[-1] += char
    return pieces


def _e(value) -> str:
    """Any value as text safe in XML/HTML text and in a quoted attribute."""
    return html.escape(str(value), quote=True)


# Charts place marks at the same few coordinates on every page. (Kept by value: 0.0 and -0.0 would share an entry,
# but no layout here yields a negative zero, and 12 and 12.0 read the same.)
@lru_cache(maxsize=None)
def _n(number: float) -> str:
    """A coordinate, short: 12.0 -> '12', 12.345 -> '12.35'."""
    return f"{number:.2f}".rstrip("0").rstrip(".")


# A chart's texts take their size, weight and alignment from the group around them (SVG inherits these), so each
# is written once a group rather than once a text.
def _type(size: float, anchor: str = "start", bold: bool = False) -> str:
    """The attributes of a group whose texts share a size, alignment and weight."""
    align = f' text-anchor="{anchor}"' if anchor != "start" else ""
    weight = ' font-weight="700"' if bold else ""
    return f'font-size="{_n(size)}"{align}{weight}'


@lru_cache(maxsize=None)  # the same labels at the same places, chart after chart
def _text(x: float, y: float, text: str, halo: bool = False) -> str:
    """A line of text in its group's type; its fill is the chart's (currentColor), a halo keeps it legible over a
    pattern."""
    outline = ' stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"' if halo else ""
    return f'<text x="{_n(x)}" y="{_n(y)}"{outline}>{_e(text)}</text>'


# --- fills that tell grades apart without colour: a tint of the grade's colour and a pattern per tone ---

_PATTERNS = {
    "grade--tone-0": "",
    "grade--tone-1": '<path d="M-2 2l4-4M0 8l8-8M6 10l4-4" stroke="currentColor" stroke-width="1.3"/>',
    "grade--tone-2": '<circle cx="4" cy="4" r="1.5" fill="currentColor"/>',
    "grade--tone-3": '<path d="M0 0l8 8M8 0l-8 8" stroke="currentColor" stroke-width="1.1"/>',
    "grade--tone-4": '<path d="M0 2h8M0 6h8" stroke="currentColor" stroke-width="1.5"/>',
    "grade--status": "",
}


TINT = '<rect width="8" height="8" fill-opacity=".16"/>'  # the grade's colour, faint, under its pattern


def _patterns(prefix: str, classes) -> str:
    """The <defs> of a chart: one pattern (over a tint) per grade class it uses, with ids unique to the chart."""
    defs = "".join(f'<pattern id="{_e(prefix)}-{tone}" class="{tone}" width="8" height="8" '
                   f'patternUnits="userSpaceOnUse">{TINT}{_PATTERNS[tone]}</pattern>'
                   for tone in dict.fromkeys(classes) if _PATTERNS[tone])
    return f"<defs>{defs}</defs>" if defs else ""


def _swatch(prefix: str, tone: str, x: float, y: float, width: float, height: float) -> str:
    """A rectangle in a grade's fill: its pattern over a tint, or the tint alone, and an outline (dashed for a
    status) as wide as the chart's stroke-width."""
    fill = f'fill="url(#{_e(prefix)}-{tone})"' if _PATTERNS[tone] else 'fill-opacity=".16"'
    dash = ' stroke-dasharray="3 2"' if tone == "grade--status" else ""
    box = f'x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}"'
    return f'<rect {box} {fill} stroke="currentColor"{dash}/>'


def _svg(ident: str, width: float, height: float, title: str, desc: str, body: str, kind: str,
         shared: str) -> Markup:
    """The chart: its name and description for assistive technology, then its marks; `shared` holds the
    attributes its marks inherit."""
    return Markup(
        f'<svg class="chart__svg chart__svg--{kind}" viewBox="0 0 {_n(width)} {_n(height)}" width="100%" '
        f'role="img" aria-labelledby="{_e(ident)}-title" aria-describedby="{_e(ident)}-desc" fill="currentColor" '
        f'{shared} xmlns="http://www.w3.org/2000/svg"><title id="{_e(ident)}-title">{_e(title)}</title>'
        f'<desc id="{_e(ident)}-desc">{_e(desc)}</desc>{body}</svg>')


# --- how many organisations hold each grade in one area --------------------------------------------------

@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    tone: str  # the grade's CSS class


@dataclass(frozen=True)
class Distribution:
    """One area's tally as a chart shows it: every grade of the scale (zeros too), then each status held."""

    framework_id: str
    area: Area
    bars: list[Bar]
    total: int
    svg: Markup


DISTRIBUTION_WIDTH = 320
SWATCH_STROKE = 'stroke-width="1.2"'
BAR_HEIGHT = 30
COUNT_SIZE = 13  # the counts inside the bar
KEY_SIZE = 12
KEY_LINE = 20


def distribution(c: Compendium, framework_id: str, area_id: str) -> Distribution:
    """The chart of an area's tally (Compendium.forces_by_grade) with the bars it is drawn from."""
    area = c.area(framework_id, area_id)
    bars = [Bar(label, len(holders), c.grade_class(framework_id, label))
            for label, holders in c.forces_by_grade(framework_id, area_id)
            if holders or c.is_grade(framework_id, label)]
    total = sum(bar.count for bar in bars)
    return Distribution(framework_id, area, bars, total, _distribution_svg(c, framework_id, area, bars, total))


def distribution_description(c: Compendium, bars: list[Bar], total: int) -> str:
    """The chart in words: 'Of TOTAL ORGANISATIONS: COUNT GRADE, COUNT GRADE, ...', in the scale's order."""
    noun = c.words["organisation"] if total == 1 else c.words["organisations"]
    return f"Of {total} {noun}: " + ", ".join(f"{bar.count} {bar.label}" for bar in bars) + "."


def _distribution_svg(c: Compendium, framework_id: str, area: Area, bars: list[Bar], total: int) -> Markup:
    ident = f"chart-{framework_id}-{area.id}"
    body = [_patterns(ident, [bar.tone for bar in bars]), _stacked_bar(ident, bars, total)]
    key, key_height = _key(ident, bars, BAR_HEIGHT + 12)
    body.append(key)
    title = f"{area.title}: how many {c.words['organisations']} hold each grade or status"
    return _svg(ident, DISTRIBUTION_WIDTH, BAR_HEIGHT + 12 + key_height, title,
                distribution_description(c, bars, total), "".join(body), "distribution", SWATCH_STROKE)


def _stacked_bar(ident: str, bars: list[Bar], total: int) -> str:
    """One bar across the chart, a segment per grade held, each as wide as its share, its count inside if it fits."""
    parts, x = [], 0.0
    for bar in bars:
        if not bar.count:
            continue
        width = DISTRIBUTION_WIDTH * bar.count / total
        inner = max(width - 2, 1)  # a gap of two units between segments
        parts.append(f'<g class="{bar.tone}">' + _swatch(ident, bar.tone, x + 1, 1, inner, BAR_HEIGHT - 2))
        if text_width(str(bar.count), COUNT_SIZE, bold=True) + 6 <= inner:
            parts.append(_text(x + width / 2, BAR_HEIGHT / 2 + 4.5, str(bar.count), halo=True))
        parts.append("</g>")
        x += width
    return f'<g {_type(COUNT_SIZE, "middle", bold=True)}>{"".join(parts)}</g>'


def _key(ident: str, bars: list[Bar], top: float) -> tuple[str, float]:
    """Every bar's swatch, label and count, in the bar's order, flowing onto as many lines as they need (a label
    too long for one line takes lines of its own)."""
    parts, x, line = [], 0.0, 0
    for bar in bars:
        count = _e(bar.count)
        count_width = text_width(str(bar.count), KEY_SIZE, bold=True)
        lines = wrap(bar.label, DISTRIBUTION_WIDTH - 22 - count_width, KEY_SIZE)
        width = 18 + text_width(f"{lines[0]} ", KEY_SIZE) + count_width if len(lines) == 1 else DISTRIBUTION_WIDTH
        if x and x + width > DISTRIBUTION_WIDTH:
            x, line = 0.0, line + 1
        y = top + line * KEY_LINE
        parts.append(f'<g class="{bar.tone}">{_swatch(ident, bar.tone, x + 1, y, 13, 13)}</g>')
        for index, text in enumerate(lines):
            tail = f' <tspan font-weight="700">{count}</tspan>' if index == len(lines) - 1 else ""
            parts.append(f'<text x="{_n(x + 18)}" y="{_n(y + 11 + index * KEY_LINE)}">{_e(text)}{tail}</text>')
        line += len(lines) - 1
        x += width + 14
    return f'<g {_type(KEY_SIZE)}>{"".join(parts)}</g>', (line + 1) * KEY_LINE


# --- one organisation's grades across inspection cycles ---------------------------------------------------
#
# The record chart is one markup for every width: a row per area, its title as page text and its marks as a small
# SVG of its own, so the page's CSS puts the title above the marks on a phone and beside them on a wider screen
# (docs/assets/extra.css, .record). Every row's SVG has the same width, so the columns line up from row to row.

RECORD_WIDTH = 420  # the marks of a row: a column per cycle
CHIP_SIZE = 13
LEVEL = 9  # the distance between two places on the scale
HEADER_SIZE = 12
LINE = 'fill="none" stroke="currentColor"'


@dataclass(frozen=True)
class Mark:
    label: str
    tone: str  # the grade's CSS class
    level: int | None  # place on the scale, 0 (best) to 4 (worst); None for a status


def scale_place(c: Compendium, framework_id: str, label: str) -> int | None:
    """A grade's height in its row, by its place on its scale as grade_class counts it (so scales of four and
    five grades line up); None for a status, which sits below the scale."""
    if not c.is_grade(framework_id, label):
        return None
    return int(c.grade_class(framework_id, label).rsplit("-", 1)[1])


def history_marks(c: Compendium, force_id: str) -> list[tuple[Area, list[Mark | None]]]:
    """Per current area, the mark of each cycle: None where the cycle has no corresponding area or grade."""
    return [(row.area, [Mark(cell.judgment.grade, c.grade_class(cell.framework.id, cell.judgment.grade),
                             scale_place(c, cell.framework.id, cell.judgment.grade)) if cell.judgment else None
                        for cell in row.cells])
            for row in c.force_history(force_id)]


def history_description(c: Compendium, force_id: str) -> str:
    """The chart in words, area by area: 'AREA: CYCLE GRADE; CYCLE GRADE; ...', oldest cycle first."""
    def cell_text(cell) -> str:
        if cell.judgment:
            return cell.judgment.grade
        return "no corresponding area" if cell.area is None else "not graded"

    return " ".join(f"{row.area.title}: " + "; ".join(f"{cell.framework.title} {cell_text(cell)}"
                                                       for cell in row.cells) + "."
                    for row in c.force_history(force_id))


def history_chart(c: Compendium, force_id: str) -> Markup:
    """A row per area of the current framework, a column per cycle; each grade a labelled chip placed higher the
    better the grade and joined to the next cycle's; a status sits below the scale. One image for assistive
    technology, named and described in words (hidden, as the image itself says it)."""
    return c.remembered(("history_chart", force_id), lambda: _history_chart(c, force_id))


def _history_chart(c: Compendium, force_id: str) -> Markup:
    ident = "history-chart"
    column = RECORD_WIDTH / max(len(c.cycles), 1)
    rows = "".join(_record_row(f'<p class="record__area">{_e(area.title)}</p>', _row_marks(marks, column))
                   for area, marks in history_marks(c, force_id))
    title = f"{c.force_by_id[force_id].name}: grades in each inspection cycle"
    return Markup(
        f'<div class="record" role="img" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc">'
        f'<span id="{ident}-title" hidden="hidden">{_e(title)}</span>'
        f'<span id="{ident}-desc" hidden="hidden">{_e(history_description(c, force_id))}</span>'
        f'{_record_row("<span></span>", _cycle_titles(c, column))}{rows}</div>')


def _record_row(title: str, marks: tuple[str, float, str]) -> str:
    """A row of the record: its title (page text), then its marks, an SVG of the record's width."""
    body, height, shared = marks
    return (f'<div class="record__row">{title}<svg class="chart__svg record__marks" viewBox="0 0 {RECORD_WIDTH} '
            f'{_n(height)}" width="100%" aria-hidden="true" fill="currentColor" {shared} '
            f'xmlns="http://www.w3.org/2000/svg">{body}</svg></div>')


def _cycle_titles(c: Compendium, column: float) -> tuple[str, float, str]:
    """The cycles' titles over their columns."""
    parts, height = [], 0
    for index, framework in enumerate(c.cycles):
        lines = wrap(framework.title, column - 6, HEADER_SIZE, bold=True)
        parts += [_text(column * (index + .5), 13 + number * 14, line) for number, line in enumerate(lines)]
        height = max(height, len(lines) * 14)
    return "".join(parts), height + 6, _type(HEADER_SIZE, "middle", bold=True)


def _row_marks(marks: list[Mark | None], column: float) -> tuple[str, float, str]:
    """One area's marks: a faint line at each place on the scale, a chip per cycle joined by lines."""
    labels = [wrap(mark.label, column - 16, CHIP_SIZE, bold=True) if mark else [] for mark in marks]
    tallest = max([len(lines) for lines in labels] + [1]) * (CHIP_SIZE + 1) + 4
    scale_top = 6 + tallest / 2
    status_y = scale_top + 4 * LEVEL + tallest + 2
    centres = [None if mark is None else (column * (index + .5),
                                          status_y if mark.level is None else scale_top + mark.level * LEVEL)
               for index, mark in enumerate(marks)]
    grid = "".join(f"M4 {_n(scale_top + level * LEVEL)}H{RECORD_WIDTH - 4}" for level in range(5))
    joins = _joins(marks, centres)
    paths = f'<path d="{grid}" {LINE} stroke-opacity=".12"/>' + \
        (f'<path d="{joins}" {LINE} stroke-opacity=".55" stroke-width="1.5"/>' if joins else "")
    drawn = "".join(_chip(mark, centre, lines, column, CHIP_SIZE)
                    for mark, centre, lines in zip(marks, centres, labels) if mark)
    bottom = status_y if any(mark and mark.level is None for mark in marks) else scale_top + 4 * LEVEL
    return paths + drawn, bottom + tallest / 2 + 6, f'{_type(CHIP_SIZE, "middle", bold=True)} {SWATCH_STROKE}'


def _joins(marks: list[Mark | None], centres) -> str:
    """The path data of a line from each grade to the next cycle's grade, where both are on a scale."""
    points = [(mark, centre) for mark, centre in zip(marks, centres)]
    return "".join(f"M{_n(start[0])} {_n(start[1])}L{_n(end[0])} {_n(end[1])}"
                   for (mark, start), (after, end) in zip(points, points[1:])
                   if mark and after and mark.level is not None and after.level is not None)


def _chip(mark: Mark, centre: tuple[float, float], lines: list[str], column: float, size: float) -> str:
    """A grade as the site shows it: its words in its colours on an outlined box (dashed for a status), white
    where the box hides the lines behind it and tinted by the site's CSS (docs/assets/extra.css)."""
    width = min(max(text_width(line, size, bold=True) for line in lines) + 10, column - 6)
    height = len(lines) * (size + 1) + 4
    x, y = centre[0] - width / 2, centre[1] - height / 2
    dash = ' stroke-dasharray="3 2"' if mark.level is None else ""
    text = "".join(_text(centre[0], y + size + 1 + index * (size + 1), line) for index, line in enumerate(lines))
    return (f'<g class="{mark.tone}"><rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" rx="3" '
            f'fill="#fff" stroke="currentColor"{dash}/>{text}</g>')
