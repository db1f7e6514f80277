"""The content's shape: one pydantic model per kind of file. Also the source of the JSON Schemas."""
from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=5000)]
Line = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Version = Annotated[str, StringConstraints(pattern=r"^\d+\.\d+$")]
HttpsUrl = Annotated[str, StringConstraints(pattern="^https://[^\\s<>\"'`\\x00-\\x1f\\x7f]+$", max_length=500)]

EVALUATION_STAGES = {
    "not-yet-evaluated": "Not yet evaluated",
    "evaluation-under-way": "Evaluation under way",
    "evaluated-by-force": "Evaluated by the force",
    "independently-evaluated": "Independently evaluated",
    "not-stated": "Not stated",
}
PRACTICE_TYPES = {"innovative": "Innovative practice", "promising": "Promising practice"}
NOTE_KINDS = {
    "grade-mismatch": "Grade printed beside an example differs from the grade table",
    "count-mismatch": "Number of examples claimed differs from the rows listed",
    "spelling": "One name written two ways",
    "repeated-text": "Text repeated from another row",
    "missing-text": "Text lost from the source",
    "force-inferred": "Force name missing and inferred",
    "summary-vs-table": "Summary paragraph differs from the grade table",
    "version-history": "Version history differs from the examples",
    "other": "Other",
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Source(Strict):
    """The report a practice example comes from."""

    title: Line
    publisher: Line | None = None
    year: Annotated[int, Field(ge=1990, le=2100)] | None = None
    url: HttpsUrl | None = None


class Card(Strict):
    """One practice example recognised by HMICFRS (a file in content/practice/FRAMEWORK/AREA/)."""

    id: Slug
    title: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    force: Slug
    framework: Slug
    area: Slug
    practice_type: Literal["innovative", "promising"]
    objective: Text
    detail: Text
    outcome: Text
    evaluation: Literal["not-yet-evaluated", "evaluation-under-way", "evaluated-by-force",
                        "independently-evaluated", "not-stated"]
    themes: Annotated[list[Slug], Field(min_length=1, max_length=5)]
    source: Source
    added_in: Version | None = None
    notes: Text | None = None


class Area(Strict):
    id: Slug
    title: Line
    aliases: list[Line] = []
    question: Line
    summary: Text
    all_forces_graded: bool


class Framework(Strict):
    """A PEEL framework, its grade scale and its areas (a file in content/frameworks/)."""

    id: Slug
    title: Line
    period: Line
    order: int
    graded: bool
    grade_scale: Annotated[list[Line], Field(min_length=1)]
    statuses: dict[Line, Text]
    summary: Text
    areas: Annotated[list[Area], Field(min_length=1)]


class Force(Strict):
    """A territorial police force and its grades per framework and area (a file in content/forces/)."""

    id: Slug
    name: Line
    aliases: list[Line] = []
    country: Literal["England", "Wales"]
    grades: dict[Slug, dict[Slug, Line]]


class Theme(Strict):
    id: Slug
    title: Line
    description: Text


class Release(Strict):
    """One version of the compendium and the forces whose reports it added."""

    version: Version
    published: Line  # month and year, as the source gives them
    forces: list[Slug] = []
    innovative: list[Slug] = []
    summary: Text


class Meta(Strict):
    """The compendium itself (content/compendium.yaml)."""

    title: Line
    publisher: Line
    version: Version
    date: datetime.date
    description: Text
    is_not: Text
    based_on: Text
    history: Annotated[list[Release], Field(min_length=1)]


class SourceNote(Strict):
    """A contradiction, gap or inference found in the source documents."""

    kind: Literal[tuple(NOTE_KINDS)]  # type: ignore[valid-type]
    framework: Slug
    area: Slug | None = None
    cards: list[Slug] = []
    forces: list[Slug] = []
    note: Text


SCHEMA_FILES = {"card": Card, "force": Force, "framework": Framework}


def json_schema(model: type[BaseModel]) -> dict:
    """A model as a draft-07 JSON Schema, for editors' autocompletion and for check-jsonschema in CI."""
    schema = model.model_json_schema(ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs", None)
    result = {"$schema": "http://json-schema.org/draft-07/schema#", **schema}
    if definitions:
        result["definitions"] = definitions
    return result
