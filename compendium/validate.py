"""Step 2 of the pipeline: check the raw content against the models and against itself.

Every problem is collected, each pointing at the offending value, before anything is raised,
so an editor fixes a whole pull request in one round.
"""
from __future__ import annotations

import datetime
import difflib
from pathlib import PurePosixPath
from types import SimpleNamespace

from pydantic import BaseModel, ValidationError

from .context import Compendium
from .errors import ContentError, Problem
from .load import Document, RawContent
from .model import CARD_PLACEHOLDERS, Card, Force, Framework, Judgment, Meta, Report, SourceNote, Theme


def validate(raw: RawContent) -> Compendium:
    """Turn raw content into a Compendium, or raise ContentError listing every problem."""
    problems: list[Problem] = []
    meta = _one(raw.meta, Meta, problems)
    themes = _many(raw.themes, Theme, problems)
    notes = _many(raw.source_notes, SourceNote, problems)
    frameworks = _each(raw.frameworks, Framework, problems)
    forces = _each(raw.forces, Force, problems)
    cards = _each(raw.cards, Card, problems)
    reports = _each(raw.reports, Report, problems)
    # Cross-references are checked even when some files failed above, so an editor sees everything
    # at once; ids of files that failed still count as known, so one mistake does not echo. Only those:
    # a force's id is no framework, and what is known must exist when the compendium is built.
    checker = _CrossChecker(meta, themes, frameworks, forces, problems,
                            also_known=_failed_ids(raw.frameworks, frameworks) | _failed_ids(raw.forces, forces)
                            | _failed_ids(raw.cards, cards) | _failed_entries(raw.themes, themes))
    checker.check_frameworks(frameworks)
    checker.check_forces(forces)
    checker.check_cards([*cards, *_partial(raw.cards, cards, Card)],
                        {model.id for _, model in cards} | _failed_ids(raw.cards, cards))
    checker.check_reports(reports)
    for files, what in ((frameworks, "framework"), (forces, checker.organisation), (cards, "card"),
                        (reports, "report")):
        checker.check_unique_files(files, what)
    if raw.themes is not None:
        checker.check_unique(raw.themes, (), [theme.id for theme in themes], "theme")
    checker.check_meta(raw.meta, meta)
    checker.check_notes(raw.source_notes, notes, cards)
    if problems:
        raise ContentError(problems)
    return Compendium(
        meta=meta,
        themes=themes,
        notes=notes,
        frameworks=[model for _, model in frameworks],
        forces=[model for _, model in forces],
        cards=[model for _, model in cards],
        reports=[model for _, model in reports],
        card_paths={model.id: document.relative for document, model in cards},
        warnings=raw.warnings,
    )


# --- from documents to models -------------------------------------------------------------------

def _one(document: Document | None, model: type[BaseModel], problems: list[Problem]):
    return _convert(document, document.data, (), model, problems) if document else None


def _many(document: Document | None, model: type[BaseModel], problems: list[Problem]) -> list:
    if document is None:
        return []
    if not isinstance(document.data, list):
        problems.append(document.problem((), "this file should be a list of entries, each starting with '- '"))
        return []
    converted = [_convert(document, item, (index,), model, problems) for index, item in enumerate(document.data)]
    return [item for item in converted if item is not None]


def _each(documents: list[Document], model: type[BaseModel], problems: list[Problem]) -> list[tuple]:
    pairs = [(document, _convert(document, document.data, (), model, problems)) for document in documents]
    return [(document, item) for document, item in pairs if item is not None]


def _failed_ids(documents: list[Document], converted: list[tuple]) -> set:
    """The ids written in files that failed to convert (a problem is reported for each of them)."""
    loaded = {id(document) for document, _ in converted}
    return {document.data["id"] for document in documents if id(document) not in loaded
            and isinstance(document.data, dict) and isinstance(document.data.get("id"), str)}


def _partial(documents: list[Document], converted: list[tuple], model: type[BaseModel]) -> list[tuple]:
    """The files that failed their model, each with only the fields that passed it (the others None, and named in
    `failed`): these are cross-checked too, so an editor sees every problem of a file in one round."""
    loaded = {id(document) for document, _ in converted}
    partial = []
    for document in documents:
        if id(document) in loaded or not isinstance(document.data, dict):
            continue
        try:
            model.model_validate(document.data)
            continue
        except ValidationError as error:
            failed = {detail["loc"][0] for detail in error.errors() if detail["loc"]}
        fields = {name: document.data.get(name) if name not in failed else None for name in model.model_fields}
        partial.append((document, SimpleNamespace(**fields, failed=failed)))
    return partial


def convert_one(document: Document, model: type[BaseModel]):
    """One document as a model (a settings file, say), or ContentError listing its every problem."""
    problems: list[Problem] = []
    converted = _convert(document, document.data, (), model, problems)
    if problems:
        raise ContentError(problems)
    return converted


def _failed_entries(document: Document | None, converted: list) -> set:
    """The ids written in a list file's entries (themes.yaml) that failed to convert."""
    if document is None or not isinstance(document.data, list):
        return set()
    written = {entry["id"] for entry in document.data if isinstance(entry, dict) and isinstance(entry.get("id"), str)}
    return written - {item.id for item in converted}


def _convert(document: Document, data, prefix: tuple, model: type[BaseModel], problems: list[Problem]):
    if not isinstance(data, dict):
        problems.append(document.problem(prefix, "expected 'field: value' lines here"))
        return None
    made = document.models.get((model, prefix))
    if made is not None:
        return made
    try:
        made = document.models[(model, prefix)] = model.model_validate(data)
        return made
    except ValidationError as error:
        for detail in error.errors():
            location = (*prefix, *detail["loc"])
            at_key = detail["type"] == "extra_forbidden"
            problems.append(document.problem(location, _explain(detail, model), at_key))
        return None


def _explain(detail: dict, model: type[BaseModel]) -> str:
    """A pydantic error in words an editor understands."""
    location = detail["loc"]
    field = _field_label(location)
    value = detail.get("input")
    kind = detail["type"]
    if kind == "missing":
        return f"missing required field '{field}'"
    if kind == "extra_forbidden":
        return _explain_unknown_field(model, location)
    if kind == "too_short":
        return f"{field}: give at least {detail['ctx']['min_length']}; the list is empty"
    if kind == "too_long" and isinstance(value, list):
        return f"{field}: give at most {detail['ctx']['max_length']} ({len(value)} given)"
    if kind == "literal_error":
        allowed = [choice.strip("'") for choice in detail["ctx"]["expected"].replace(" or ", ", ").split(", ")]
        return f"{field}: '{value}' is not one of: {', '.join(allowed)}" + suggest(str(value), allowed)
    if kind == "string_pattern_mismatch":
        return _explain_pattern(field, value, detail["ctx"]["pattern"])
    if kind in ("string_type", "int_type", "bool_type", "date_type", "list_type", "dict_type"):
        return f"{field}: {_explain_type(kind, value)}"
    if kind == "invisible_character":
        return (f"{field}: holds the invisible character {detail['ctx']['character']} at character "
                f"{detail['ctx']['position']}; delete it (it can hide or reorder text)")
    if kind == "not_one_line":
        return f"{field}: must be one line of text; remove the line break or tab"
    if kind == "blank":
        return f"{field}: must not be only spaces"
    if kind == "markup_character":
        return (f"{field}: '{value}' holds '{detail['ctx']['character']}', which no name needs; "
                "write the name without '<', '>' or '`'")
    if kind == "string_too_short":
        return f"{field}: must not be empty"
    if kind == "string_too_long":
        return f"{field}: is too long ({len(value)} characters; at most {detail['ctx']['max_length']})"
    return f"{field}: {detail['msg']}"


def _field_label(location: tuple) -> str:
    """A field's place in words: 'forces (item 2)', 'source.url', 'file' for the whole file."""
    label = ""
    for part in location:
        label += f" (item {part + 1})" if isinstance(part, int) else f".{part}" if label else str(part)
    return label or "file"


def _explain_unknown_field(model: type[BaseModel], location: tuple) -> str:
    """An unknown field, with what the editor most likely meant: a field that lives elsewhere (a grade on a card),
    one that belongs indented under another, or a misspelling."""
    name, allowed = str(location[-1]), _field_names(model, location[:-1])
    misplaced = getattr(model, "MISPLACED", {}) if len(location) == 1 else {}
    if name in misplaced:
        return f"unknown field '{name}': {misplaced[name]}"
    owners = [field for field in allowed if name in _field_names(model, (*location[:-1], field))]
    if owners:
        return f"unknown field '{name}' here: it belongs under '{owners[0]}:'; indent it by two spaces under that line"
    return f"unknown field '{name}'" + suggest(name, allowed)


def _explain_type(kind: str, value) -> str:
    wanted = {"string_type": "text", "int_type": "a whole number", "bool_type": "true or false",
              "date_type": "a date (YYYY-MM-DD)", "list_type": "a list", "dict_type": "'name: value' lines"}[kind]
    if kind == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"should be text; put the value in quotes, e.g. \"{value}\""
    return f"should be {wanted}, not {_describe(value)}"


def _describe(value) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "'name: value' lines"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "a date"
    return "text"


def _explain_pattern(field: str, value, pattern: str) -> str:
    if pattern.startswith("^https"):
        return f"{field}: '{value}' must be a web address starting with https://"
    if pattern.startswith("^[0-9]+"):
        return f"{field}: '{value}' must be a version number such as \"1.6\""
    return f"{field}: '{value}' is not a valid id: use lowercase letters, digits and hyphens (e.g. 'west-midlands')"


def _field_names(model: type[BaseModel], location: tuple) -> list[str]:
    for part in location:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[part].annotation
        nested = [arg for arg in getattr(annotation, "__args__", (annotation,)) if isinstance(arg, type)]
        nested_models = [arg for arg in nested if issubclass(arg, BaseModel)]
        if not nested_models:
            return []
        model = nested_models[0]
    return list(model.model_fields)


def suggest(value: str, candidates, names: dict[str, str] | None = None) -> str:
    """'; did you mean 'x'?' for the closest candidate id, or for the id whose name was typed."""
    if names and value.strip().lower() in names:
        return f"; did you mean '{names[value.strip().lower()]}'?"
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


# --- cross-references ---------------------------------------------------------------------------

def _stem(path: str) -> str:
    """PurePosixPath(path).stem, without building the path: the name, less its last suffix."""
    name = path.rpartition("/")[2]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


class _CrossChecker:
    """Checks that ids point at things that exist, and that each file sits where its id says."""

    def __init__(self, meta, themes, frameworks, forces, problems, also_known: set):
        self.problems = problems
        self.frameworks = {model.id: model for _, model in frameworks}
        self.forces = {model.id: model for _, model in forces}
        self.known = also_known
        self.themes = {theme.id for theme in themes}
        self.versions = {release.version for release in meta.history} if meta else None
        self.documents = {reference.id for reference in meta.documents} if meta else None
        self.organisation = meta.vocabulary.organisation if meta else "organisation"
        self.regions = meta.vocabulary.regions if meta else None
        self.region = meta.vocabulary.region.lower() if meta else "region"
        self.force_names = {name.lower(): model.id for _, model in forces for name in (model.name, *model.aliases)}

    def report(self, document: Document, key_path: tuple, message: str, at_key: bool = False) -> None:
        self.problems.append(document.problem(key_path, message, at_key))

    def check_id(self, document, key_path, value, known, what, names=None, at_key=False) -> bool:
        if value in known:
            return True
        if value in self.known:  # its own file failed to load; that file's problem is reported already
            return False
        self.report(document, key_path, f"unknown {what} '{value}'" + suggest(value, known, names), at_key)
        return False

    def check_file_name(self, document: Document, model_id: str) -> None:
        stem = _stem(document.path)
        if stem != model_id:
            self.report(document, ("id",), f"id '{model_id}' does not match the file name '{stem}.yaml'; "
                                           f"rename the file to '{model_id}.yaml' or change the id")

    def check_frameworks(self, frameworks) -> None:
        for document, framework in frameworks:
            self.check_file_name(document, framework.id)
            self.check_unique(document, ("areas",), [area.id for area in framework.areas], "area")
            if framework.read_from is not None and self.documents is not None:
                self.check_id(document, ("read_from",), framework.read_from, self.documents, "document")
            tops = [area.id for area in framework.areas if area.within is None]
            for index, area in enumerate(framework.areas):
                if area.within is not None:
                    self.check_id(document, ("areas", index, "within"), area.within, tops,
                                  f"top-level area of {framework.id}")
                for other_id, other_area in area.maps_to.items():
                    self.check_mapping(document, ("areas", index, "maps_to", other_id), framework, other_id,
                                       other_area)

    def check_mapping(self, document, where, framework, other_id, other_area) -> None:
        """maps_to names an area of another framework that exists."""
        if other_id == framework.id:
            self.report(document, where, f"maps_to names this area's own framework '{other_id}'; name an older "
                                         "framework", at_key=True)
        elif self.check_id(document, where, other_id, self.frameworks, "framework", at_key=True):
            areas = [area.id for area in self.frameworks[other_id].areas]
            self.check_id(document, where, other_area, areas, f"area of {other_id}")

    def check_unique(self, document, list_path: tuple, ids, what) -> None:
        """Ids within one file's list must differ."""
        seen = set()
        for index, item in enumerate(ids):
            if item in seen:
                self.report(document, (*list_path, index, "id"), f"duplicate {what} id '{item}'")
            seen.add(item)

    def check_unique_files(self, files, what) -> None:
        """Ids across files must differ (two files of one name can sit in different folders)."""
        first_path: dict[str, str] = {}
        for document, model in files:
            if model.id in first_path:
                self.report(document, ("id",),
                            f"duplicate {what} id '{model.id}' (also used by {first_path[model.id]})")
            first_path.setdefault(model.id, document.path)

    def check_forces(self, forces) -> None:
        for document, force in forces:
            self.check_file_name(document, force.id)
            if self.regions is not None and force.country not in self.regions:
                self.report(document, ("country",), f"country: '{force.country}' is not a {self.region} of this "
                                                    f"compendium ({', '.join(self.regions)})"
                            + suggest(force.country, self.regions))
            for framework_id, grades in force.grades.items():
                if self.check_id(document, ("grades", framework_id), framework_id, self.frameworks, "framework",
                                 at_key=True):
                    self.check_grades(document, framework_id, grades)
            for framework in self.frameworks.values():
                if framework.graded and framework.id not in force.grades:
                    self.report(document, ("grades",), f"no grades for framework '{framework.id}'; give a grade "
                                                       f"or a status ({', '.join(framework.statuses)}) per area")

    def check_grades(self, document, framework_id, grades) -> None:
        framework = self.frameworks[framework_id]
        area_ids = [area.id for area in framework.areas]
        allowed = [*framework.grade_scale, *framework.statuses]
        for area_id, value in grades.items():
            where = ("grades", framework_id, area_id)
            known_area = self.check_id(document, where, area_id, area_ids, f"area of {framework_id}", at_key=True)
            grade = value.grade if isinstance(value, Judgment) else value  # a grade alone is a valid Line already
            if isinstance(value, Judgment):
                where = (*where, "grade")
            if known_area and grade not in allowed:
                self.report(document, where, f"'{grade}' is not a grade or status of {framework_id} "
                                             f"({', '.join(allowed)})" + suggest(grade, allowed))
            if known_area and isinstance(value, Judgment):
                self.check_judgment(document, where[:-1], framework, value)
        for area_id in area_ids:
            if area_id not in grades:
                self.report(document, ("grades", framework_id), f"no grade or status for area '{area_id}'")

    def check_judgment(self, document, where, framework, judgment: Judgment) -> None:
        """A trend is one of the framework's trend words (or a status); a document it was read from exists."""
        trends = [*framework.trends, *framework.statuses]
        if judgment.trend is not None and judgment.trend not in trends:
            self.report(document, (*where, "trend"), f"trend: '{judgment.trend}' is not a trend of {framework.id} "
                                                     f"({', '.join(trends) or 'it has none'})"
                        + suggest(judgment.trend, trends))
        if judgment.read_from is not None and self.documents is not None:
            self.check_id(document, (*where, "read_from"), judgment.read_from, self.documents, "document")

    def check_reports(self, reports) -> None:
        """A report is of a known organisation, has its document entry, and names areas of its framework."""
        for document, report in reports:
            self.check_file_name(document, report.id)
            self.check_id(document, ("force",), report.force, self.forces, self.organisation, self.force_names)
            if self.documents is not None:
                self.check_id(document, ("id",), report.id, self.documents,
                              "document (a report's id is its entry in documents: in compendium.yaml)")
            if not self.check_id(document, ("framework",), report.framework, self.frameworks, "framework"):
                continue
            areas = [area.id for area in self.frameworks[report.framework].areas]
            for field in ("judgments", "findings"):
                for index, item in enumerate(getattr(report, field)):
                    if item.area is not None:
                        self.check_id(document, (field, index, "area"), item.area, areas,
                                      f"area of {report.framework}")

    def check_cards(self, cards, card_ids: set) -> None:
        """Cards as models, or (from a file that failed its model) with None for each field that failed."""
        for document, card in cards:
            if card.id is not None:
                self.check_file_name(document, card.id)
            for index, other in enumerate(card.same_as or []):
                if other == card.id:
                    self.report(document, ("same_as", index), "same_as names this card itself; name the other card")
                else:
                    self.check_id(document, ("same_as", index), other, card_ids, "card")
            self.check_placeholders(document, card)
            self.check_attribution(document, card)
            for index, theme in enumerate(card.themes or []):
                self.check_id(document, ("themes", index), theme, self.themes, "theme")
            if self.documents is not None and card.read_from is not None:
                self.check_id(document, ("read_from",), card.read_from, self.documents, "document")
            if card.added_in is not None and self.versions is not None:
                self.check_id(document, ("added_in",), card.added_in, self.versions, "compendium version")
            if card.framework is not None and self.check_id(document, ("framework",), card.framework,
                                                            self.frameworks, "framework"):
                areas = [area.id for area in self.frameworks[card.framework].areas]
                if card.area is not None and self.check_id(document, ("area",), card.area, areas,
                                                           f"area of {card.framework}"):
                    self.check_folder(document, card)

    def check_placeholders(self, document: Document, card: Card) -> None:
        """A text still holding the skeleton's placeholder: the editor has not written it yet."""
        for field, placeholder in CARD_PLACEHOLDERS.items():
            placeholder = placeholder.format(organisation=self.organisation)
            if (getattr(card, field) or "").strip() == placeholder:
                self.report(document, (field,), f"{field}: still the skeleton's placeholder '{placeholder}'; "
                                                f"write the card's own {field}")

    def check_attribution(self, document: Document, card: Card) -> None:
        """A card names its forces unless the source does not ('unknown'); a guess ('inferred') explains itself."""
        forces = card.forces or []
        if card.attribution == "unknown":
            if forces:
                self.report(document, ("forces",), f"a card whose attribution is 'unknown' names no "
                                                   f"{self.organisation}; write 'forces: []' or change the "
                                                   "attribution")
            return
        if not forces:
            if card.attribution is not None and not {"forces", "force"} & set(getattr(card, "failed", ())):
                self.report(document, ("attribution",), f"no {self.organisation} named (attribution is "
                                                        f"'{card.attribution}'): add 'forces: [id]', or use "
                                                        "'unknown' if the source names none")
        for index, force in enumerate(forces):
            self.check_id(document, ("forces", index), force, self.forces, self.organisation, self.force_names)
        if card.attribution == "inferred" and not card.notes:
            self.report(document, ("attribution",), "an 'inferred' attribution needs a 'notes:' field saying how "
                                                    f"the {self.organisation} was worked out and which others fit")

    def check_folder(self, document: Document, card: Card) -> None:
        expected = f"practice/{card.framework}/{card.area}"
        if (document.relative.rpartition("/")[0] or ".") != expected:  # the folder, as PurePosixPath's parent
            folder = PurePosixPath(document.path).parent
            self.report(document, ("area",), f"card is in folder '{folder}' but its framework and area say "
                                             f"'{expected}'; move the file there")

    def check_meta(self, document, meta) -> None:
        if meta is None:
            return
        for index, release in enumerate(meta.history):
            for field in ("forces", "innovative"):
                for position, force in enumerate(getattr(release, field)):
                    self.check_id(document, ("history", index, field, position), force, self.forces,
                                  self.organisation)
        if meta.version != meta.history[-1].version:
            self.report(document, ("version",), f"version {meta.version} is not the last entry of the history "
                                                f"({meta.history[-1].version})")

    def check_notes(self, document, notes, cards) -> None:
        card_ids = {card.id for _, card in cards}
        for index, note in enumerate(notes):
            if self.check_id(document, (index, "framework"), note.framework, self.frameworks, "framework"):
                areas = [area.id for area in self.frameworks[note.framework].areas]
                if note.area is not None:
                    self.check_id(document, (index, "area"), note.area, areas, f"area of {note.framework}")
            for position, card_id in enumerate(note.cards):
                self.check_id(document, (index, "cards", position), card_id, card_ids, "card")
            for position, force_id in enumerate(note.forces):
                self.check_id(document, (index, "forces", position), force_id, self.forces, self.organisation)
