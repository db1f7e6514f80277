"""The compendium: content as data, checked, rendered and published.

The pipeline, one module a step: load -> validate -> render -> publish.
"""
import os
from pathlib import Path

# pydantic looks up plugins of other installed packages (their entry points) the first time a model is built:
# about 30 ms of every command, and the compendium uses none. A user who does want plugins sets the variable.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from .errors import ContentError, Problem  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent


def check(content_dir: Path, parsed: dict | None = None):
    """Load and validate the content folder: the Compendium, or ContentError listing every problem. parsed keeps
    the files read between calls, so an unchanged file is not parsed again (load_content)."""
    from .load import collector_paused, load_content
    from .validate import validate

    with collector_paused():
        return validate(load_content(content_dir, parsed))


__all__ = ["PROJECT", "ContentError", "Problem", "check"]
