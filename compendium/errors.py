"""The pipeline's exceptions: bad content (with its one-line messages), and a build the generator refused."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, pointing at the offending value."""

    path: str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def github(self) -> str:
        """The same problem as a GitHub Actions annotation, shown on the changed line of a pull request."""
        where = f"file={self.path}"
        if self.line is not None:
            where += f",line={self.line},col={self.column}"
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error {where}::{message}"


class ContentError(Exception):
    """Raised with every problem found, so an editor sees them all at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(map(str, self.problems)))


class BuildFailed(Exception):
    """The site generator refused to build (MkDocs: a warning under --strict)."""
