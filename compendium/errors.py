"""The pipeline's exceptions: bad content (with its one-line messages), and a build the generator refused."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Characters a terminal or a log would act on or hide: controls, line breaks, bidi overrides, zero-width marks.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def printable(text: str) -> str:
    """Text shown on one line exactly as written, every invisible or control character as an escape (\\n, \\u202e)."""
    def escape(match: re.Match) -> str:
        character = match.group()
        shown = repr(character)[1:-1]
        return shown if shown != character else f"\\u{ord(character):04x}"
    return _UNPRINTABLE.sub(escape, text)


def character_name(character: str) -> str:
    """'U+202E (RIGHT-TO-LEFT OVERRIDE)': how a message names a character an editor cannot see."""
    return f"U+{ord(character):04X} ({unicodedata.name(character, 'a control character')})"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, pointing at the offending value."""

    path: str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        where = printable(self.path) if self.line is None else f"{printable(self.path)}:{self.line}:{self.column}"
        return f"{where}: {printable(self.message)}"

    def github(self, command: str = "error") -> str:
        """The same problem as a GitHub Actions workflow command, shown on the changed line of a pull request.

        Control characters are shown as escapes, as on the terminal; then properties escape %, ':' and ',' and the
        message escapes % (GitHub's own rules, which also cover CR and LF)."""
        where = f"file={_property(printable(self.path))}"
        if self.line is not None:
            where += f",line={self.line},col={self.column}"
        return f"::{command} {where}::{_data(printable(self.message))}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class ContentError(Exception):
    """Raised with every problem found, so an editor sees them all at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(map(str, self.problems)))


class BuildFailed(Exception):
    """The site generator refused to build (MkDocs: a warning under --strict), or a page could not be rendered."""


class TargetRefused(Exception):
    """An output path the command will not write to: it would replace something the build did not make."""
