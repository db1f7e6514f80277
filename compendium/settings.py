"""Where a build finds its parts: one settings file (settings.yaml beside build.py; `--config` chooses another).

Paths in the file are relative to the file's own folder. The repository of the "Edit this card" links may be
set by $REPOSITORY_URL too (the Pages workflow sets it from the repository it runs in), and $SITE_URL gives the
address the site is published at.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from .errors import ContentError
from .load import read_document
from .validate import convert_one

REPOSITORY_VARIABLE = "REPOSITORY_URL"
SITE_VARIABLE = "SITE_URL"  # the address the site is published at; mkdocs.yml reads the same variable


class SettingsFile(BaseModel):
    """The settings file as written."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    content: str = "content"  # the content folder
    site_config: str = "mkdocs.yml"  # the site generator's configuration (the offline copy is made from its build)
    templates: str | None = None  # a folder of templates loaded in front of the defaults
    site: str = "site"  # where `build` writes by default
    repository: str | None = None  # https address of the repository, for edit links
    branch: str = "main"
    content_path: str = "content/"  # where the content folder sits in the repository


@dataclass(frozen=True)
class Settings:
    """The settings with every path resolved."""

    file: Path
    content: Path
    site_config: Path
    templates: Path | None
    site: Path
    edit_base: str | None  # REPOSITORY/edit/BRANCH/CONTENT_PATH, or None: no edit links
    site_url: str | None = None  # $SITE_URL where set: the open data and the feed then link absolutely

    @property
    def folder(self) -> Path:
        return self.file.parent


def load_settings(path: Path) -> Settings:
    """Read a settings file; a problem in it is a ContentError with its position, like any content file."""
    path = Path(path)
    document = read_document(path)
    written = convert_one(document, SettingsFile)
    folder = path.resolve().parent
    repository = os.environ.get(REPOSITORY_VARIABLE) or written.repository
    edit_base = (f"{repository.rstrip('/')}/edit/{written.branch}/{written.content_path.strip('/')}/"
                 if repository else None)
    return Settings(file=path.resolve(), content=folder / written.content, site_config=folder / written.site_config,
                    templates=folder / written.templates if written.templates else None,
                    site=folder / written.site, edit_base=edit_base,
                    site_url=os.environ.get(SITE_VARIABLE) or None)


__all__ = ["ContentError", "Settings", "load_settings"]
