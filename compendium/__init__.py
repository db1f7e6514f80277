"""The compendium: content as data, checked, rendered and published.

The pipeline, one module a step: load -> validate -> render -> publish.
"""
from pathlib import Path

from .errors import ContentError, Problem

PROJECT = Path(__file__).resolve().parent.parent


def check(content_dir: Path):
    """Load and validate the content folder: the Compendium, or ContentError listing every problem."""
    from .load import load_content
    from .validate import validate

    return validate(load_content(content_dir))


__all__ = ["PROJECT", "ContentError", "Problem", "check"]
