"""The content's shape: one pydantic model per kind of file. Also the source of the JSON Schemas."""
from __future__ import annotations

import datetime
import re
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from .errors import character_name

# Characters no content needs and a reader cannot see: controls (a YAML escape such as "\e" writes one), bidi
# overrides and isolates, zero-width marks. Tabs and line breaks are allowed in prose only.
INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
MARKUP_IN_NAMES = re.compile(r"[<>`]")
MAX_TEXT, MAX_LINE, MAX_TITLE = 3000, 200, 120  # characters; CONTRIBUTING.md lists them, the schemas carry them
MAX_THEMES = 5
MAX_FORCES = 50


def visible_text(value: str) -> str:
    """Prose: any characters a reader can see, tabs and line breaks included."""
    found = INVISIBLE.search(value)
    if found:
        raise PydanticCustomError("invisible_character", "holds the invisible character {character}",
                                  {"character": character_name(found.group()), "position": found.start() + 1})
    if not value.strip():
        raise PydanticCustomError("blank", "is only spaces")
    return value


def one_line(value: str) -> str:
    """A title or label: one line of visible text."""
    if "\n" in value or "\r" in value or "\t" in value:
        raise PydanticCustomError("not_one_line", "must be one line")
    return visible_text(value)


def plain_name(value: str) -> str:
    """A name (of an organisation, theme, area, framework or the compendium): one line, no markup characters."""
    found = MARKUP_IN_NAMES.search(one_line(value))
    if found:
        raise PydanticCustomError("markup_character", "holds '{character}'", {"character": found.group()})
    return value


SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
Slug = Annotated[str, StringConstraints(pattern=f"^{SLUG.pattern}$", max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT), AfterValidator(visible_text)]
Line = Annotated[str, StringConstraints(min_length=1, max_length=MAX_LINE), AfterValidator(one_line)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TITLE), AfterValidator(one_line)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=MAX_LINE), AfterValidator(plain_name)]
Version = Annotated[str, StringConstraints(pattern=r"^[0-9]+\.[0-9]+$")]
HttpsUrl = Annotated[str, StringConstraints(pattern="^https://[^\\s<>\"'`\\x00-\\x1f\\x7f]+$", max_length=500)]

# Each stage of evidence, as readers see it, and what it means (CONTRIBUTING.md and the site say the same).
EVALUATION_STAGES = {
    "not-evaluated": "No evaluation reported",
    "self-reported": "Results reported by the {organisation}",
    "evaluation-pending": "Evaluation planned or under way",
    "evaluated-locally": "Evaluated locally",
    "independently-evaluated": "Independently evaluated",
}
EVALUATION_MEANINGS = {
    "not-evaluated": "The source names no evaluation; figures in the outcome alone are not an evaluation.",
    "self-reported": "The {organisation} estimates its results or told the inspectorate of them, and no evaluation "
                     "is named.",
    "evaluation-pending": "The source says an evaluation is planned, awaited or under way.",
    "evaluated-locally": "The source names an evaluation with a method, carried out by the {organisation} or its "
                         "partners.",
    "independently-evaluated": "The source names an evaluation by an independent body, such as a university.",
}
ATTRIBUTION_LABELS = {"printed": "Named in the source", "inferred": "Inferred", "unknown": "Not named in the source"}
ATTRIBUTIONS = {
    "printed": "The source prints the {organisation}'s name on the row.",
    "inferred": "The row names no {organisation}; it was worked out from the row or the section's summary "
                "(the card's note gives the reasoning and every other {organisation} that fits).",
    "unknown": "The row names no {organisation} and no sound inference is possible.",
}
# One line of help per card field: the skeleton's comments and the JSON Schema's descriptions (the editor's
# hover text) both come from here. {organisation} and the limits are filled in from the compendium and above.
CARD_HELP = {
    "id": "The card's id: lowercase words joined by hyphens; it must equal this file's name.",
    "title": "A short name for the practice: one line, at most {max_title} characters.",
    "forces": "The {organisation} ids, each the name of its file in content/forces/: one for most cards, several "
              "where the source names several, [] where it names none.",
    "attribution": "'printed' when the source names the {organisation} on the row; 'inferred' when you worked it "
                   "out (say how in notes, naming every other {organisation} that fits); 'unknown' when it cannot "
                   "be told (then forces: []).",
    "framework": "The framework id: the name of its file in content/frameworks/.",
    "area": "The area id, one of the framework's areas; the card's folder is practice/FRAMEWORK/AREA/.",
    "practice_type": "'innovative' or 'promising', as the source calls it.",
    "objective": "What the {organisation} set out to achieve, in one or two sentences.",
    "detail": "What the {organisation} does: schemes, teams, tools, named as the source names them.",
    "outcome": "What came of it, with figures exactly as reported. Say so if the source gives no outcome.",
    "evaluation": "What the source says about evaluation (figures in the outcome alone are not an evaluation).",
    "themes": "At least one theme and at most {max_themes}, from content/themes.yaml.",
    "read_from": "The document you read the practice in, from documents: in content/compendium.yaml.",
    "read_at": "Where in that document: its part and section headings as printed, if it is not the area's section.",
    "same_as": "The ids of cards that report the same practice from another document (each links to the other).",
    "source": "Only where a source prints it: the inspection report's title, publisher, year and https address.",
    "added_in": "The compendium version this card first appears in (in quotes).",
    "notes": "Anything reconstructed or inferred, or lost from the source; needed for an inferred attribution.",
}
# What the card skeleton (new-card, content/card-template.yaml) puts in each text field: a card still holding one
# is refused, so an untouched skeleton never passes.
CARD_PLACEHOLDERS = {"title": "Short name of the practice", "objective": "To ...", "detail": "The {organisation} ...",
                     "outcome": "..."}
PRACTICE_TYPES = {"innovative": "Innovative practice", "promising": "Promising practice"}
NOTE_KINDS = {
    "grade-mismatch": "Grade printed beside an example differs from the grade table",
    "count-mismatch": "Number of examples claimed differs from the rows listed",
    "spelling": "One name written two ways",
    "repeated-text": "Text repeated from another row",
    "missing-text": "Text lost from the source",
    "force-inferred": "{Organisation} name missing and inferred",
    "force-unknown": "{Organisation} name missing and not inferred",
    "summary-vs-table": "Summary paragraph differs from the grade table",
    "heading-vs-table": "Heading differs from the grade table's column name",
    "version-history": "Version history differs from the examples",
    "other": "Other",
}


class Strict(BaseModel):
    # defer_build: a model's validator is built when first used, so a model only ever met inside another (a card's
    # source) never builds its own; `check` starts sooner. Validation and the JSON Schemas are the same.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Source(Strict):
    """The inspection report a practice example reports, as far as a source names it."""

    title: Line | None = None
    publisher: Line | None = None
    year: Annotated[int, Field(ge=1990, le=2100)] | None = None
    url: HttpsUrl | None = None


class Card(Strict):
    """One practice example (a file in content/practice/FRAMEWORK/AREA/)."""

    id: Slug
    title: Title
    forces: Annotated[list[Slug], Field(max_length=MAX_FORCES)] = []
    attribution: Literal[tuple(ATTRIBUTIONS)]  # type: ignore[valid-type]
    framework: Slug
    area: Slug
    practice_type: Literal["innovative", "promising"]
    objective: Text
    detail: Text
    outcome: Text
    evaluation: Literal[tuple(EVALUATION_STAGES)]  # type: ignore[valid-type]
    themes: Annotated[list[Slug], Field(min_length=1, max_length=MAX_THEMES)]
    read_from: Slug
    read_at: Line | None = None
    same_as: list[Slug] = []
    source: Source | None = None
    added_in: Version | None = None
    notes: Text | None = None

    # Fields editors write on a card that live elsewhere, and where (validate.py names them in the message).
    MISPLACED: ClassVar[dict[str, str]] = {
        "force": "a card names them as a list, even when there is one: write 'forces: [id]' in its place",
        "grade": "a card holds no grade: it is looked up in the grade table (content/forces/), so it can never "
                 "disagree; delete this line",
        "grades": "a card holds no grades: they live in the files of content/forces/; delete these lines",
    }


class Area(Strict):
    id: Slug
    title: Name
    aliases: list[Name] = []
    question: Line
    summary: Text
    all_forces_graded: bool
    within: Slug | None = None  # a question's pillar: another area of the same framework
    maps_to: dict[Slug, Slug] = {}  # {framework id: area id}: the area of an older framework this one continues


class Framework(Strict):
    """An inspection framework, its grade scale and its areas (a file in content/frameworks/)."""

    id: Slug
    title: Name
    period: Line
    order: int
    graded: bool
    grade_scale: Annotated[list[Name], Field(min_length=1)]
    statuses: dict[Name, Text]
    trends: list[Name] = []  # the words a judgment's trend may take ("Improved", ...), where the framework has them
    read_from: Slug | None = None  # the document its grades were read from, where it is not the compendium's own
    summary: Text
    areas: Annotated[list[Area], Field(min_length=1)]


class Judgment(Strict):
    """A grade with what the source says beside it: its trend since the last inspection, the year it was last
    inspected, and the document that settles it where that is not the grade table."""

    grade: Line
    trend: Line | None = None
    last_inspected: Line | None = None
    read_from: Slug | None = None


class Force(Strict):
    """An inspected organisation and its grades per framework and area (a file in content/forces/). A grade is
    its label alone ("Good") or a Judgment ({grade: Good, trend: Improved})."""

    id: Slug
    name: Name
    aliases: list[Name] = []
    country: Name  # one of the compendium's vocabulary.regions
    grades: dict[Slug, dict[Slug, Line | Judgment]]


class Figure(Strict):
    """A figure a report prints about an organisation, exactly as printed, with what the report compares it to."""

    label: Line
    section: Line | None = None  # the report's heading above the figure, where it has several
    value: Line
    unit: Line | None = None
    period: Line | None = None
    compared_with: Line | None = None  # what the comparison figure is of: "England and Wales", an earlier date
    comparison: Line | None = None
    change: Line | None = None  # the change the report prints between the two, as printed


FINDING_KINDS = {"cause-of-concern": "Cause of concern", "area-for-improvement": "Area for improvement"}


class Finding(Strict):
    """An area for improvement or a cause of concern, in the project's own words, with the question it is under."""

    kind: Literal[tuple(FINDING_KINDS)]  # type: ignore[valid-type]
    area: Slug
    text: Text
    recommendations: list[Text] = []


class ReportJudgment(Strict):
    question: Line  # the pillar or question exactly as the report prints it
    area: Slug | None = None  # its area in the framework; none for an item the framework does not grade
    grade: Line
    last_inspected: Line | None = None


class Report(Strict):
    """One inspection report of one organisation, in full (a file in content/reports/); its title, publisher and
    date are those of its entry in the compendium's documents, which has the same id."""

    id: Slug
    force: Slug
    framework: Slug
    summary: Text
    judgments: list[ReportJudgment] = []
    findings: list[Finding] = []
    figures: list[Figure] = []
    notes: list[Text] = []  # what is broken, lost or uncertain in the report's text, one note each


class Theme(Strict):
    id: Slug
    title: Name
    description: Text


class Release(Strict):
    """One version of the compendium and the organisations whose reports it added."""

    version: Version
    published: Line  # month and year, as the source gives them
    forces: list[Slug] = []
    innovative: list[Slug] = []
    summary: Text


class Reference(Strict):
    """A document cards are read from (listed in content/compendium.yaml under `documents`)."""

    id: Slug
    title: Name
    publisher: Name
    subtitle: Line | None = None
    edition: Line | None = None
    date: datetime.date | None = None
    published: Line | None = None  # the month or year as printed, where no full date is
    isbn: Line | None = None
    url: HttpsUrl | None = None


class Vocabulary(Strict):
    """What this compendium calls its parts: every word of its domain that pages and messages use."""

    organisation: Name  # one of the inspected bodies, as in running text: "force"
    organisations: Name  # several: "forces"
    organisations_intro: Text  # the first sentence of the page that lists them all
    inspectorate: Name  # who inspects and grades them: "HMICFRS"
    framework_family: Name  # what the frameworks are together: "PEEL"
    region: Name  # what each organisation's `country` field names: "Country"
    regions: Annotated[list[Name], Field(min_length=1)]  # the values `country` may take
    licence: Text  # the licence and attribution of the open data


class Licence(Strict):
    """A licence, as a data package names it."""

    name: Line  # its SPDX id, e.g. CC-BY-4.0
    title: Line
    path: HttpsUrl  # where its text is


class Meta(Strict):
    """The compendium itself (content/compendium.yaml)."""

    title: Name
    publisher: Name
    version: Version
    date: datetime.date
    description: Text
    is_not: Text
    based_on: Text
    history: Annotated[list[Release], Field(min_length=1)]
    documents: Annotated[list[Reference], Field(min_length=1)]
    vocabulary: Vocabulary
    data_licence: Licence | None = None  # the licence of this compendium's own summaries and open data


class SourceNote(Strict):
    """A contradiction, gap or inference found in the source documents."""

    kind: Literal[tuple(NOTE_KINDS)]  # type: ignore[valid-type]
    framework: Slug
    area: Slug | None = None
    cards: list[Slug] = []
    forces: list[Slug] = []
    note: Text


SCHEMA_FILES = {"card": Card, "force": Force, "framework": Framework, "report": Report}


def json_schema(model: type[BaseModel]) -> dict:
    """A model as a draft-07 JSON Schema, for editors' autocompletion and for check-jsonschema in CI."""
    schema = model.model_json_schema(ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs", None)
    result = {"$schema": "http://json-schema.org/draft-07/schema#", **schema}
    if definitions:
        result["definitions"] = definitions
    return result
