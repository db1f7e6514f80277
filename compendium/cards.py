"""Writing a new card skeleton for an editor (used by `build.py new-card`)."""
from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import yaml

from .context import Compendium, slug
from .errors import ContentError, Problem
from .model import CARD_HELP, CARD_PLACEHOLDERS, MAX_THEMES, MAX_TITLE, SCHEMA_FILES, SLUG, json_schema
from .render import environment
from .validate import suggest


def new_card(compendium: Compendium, content_dir: Path, force_id: str, area_id: str, framework_id: str,
             card_id: str | None = None) -> Path:
    """Write content/practice/FRAMEWORK/AREA/ID.yaml with a comment per field; refuse unknown ids."""
    problems = []
    framework_id = framework_id or (compendium.current_framework or compendium.frameworks[0]).id
    names = {name.lower(): force.id for force in compendium.forces for name in (force.name, *force.aliases)}
    if force_id not in compendium.force_by_id:
        problems.append(Problem("--force", None, None, f"unknown {compendium.words['organisation']} '{force_id}'"
                                + suggest(force_id, compendium.force_by_id, names)))
    framework = compendium.framework_by_id.get(framework_id)
    if framework is None:
        problems.append(Problem("--framework", None, None, f"unknown framework '{framework_id}'"
                                + suggest(framework_id, compendium.framework_by_id)))
    elif area_id not in [area.id for area in framework.areas]:
        titles = {area.title.lower(): area.id for area in framework.areas}
        problems.append(Problem("--area", None, None, f"unknown area '{area_id}' of {framework_id}"
                                + suggest(area_id, [area.id for area in framework.areas], titles)))
    if card_id is not None and not SLUG.fullmatch(card_id):
        problems.append(Problem("--id", None, None, f"'{card_id}' is not a valid id: use lowercase letters, digits "
                                                    "and hyphens (e.g. 'kent-video-calls')"))
    if problems:
        raise ContentError(problems)
    card_id = card_id or _free_id(compendium, f"{force_id}-new-practice")
    path = _target(compendium, content_dir, framework_id, area_id, card_id)
    card_id = path.stem
    text = card_skeleton(compendium, card_id, compendium.force_by_id[force_id], framework,
                         compendium.area(framework_id, area_id), _schema_path(path, content_dir))
    path.write_text(text, encoding="utf-8")
    return path


def card_skeleton(compendium: Compendium, card_id: str, force, framework, area, schema: str,
                  themes_placeholder: str = "[]") -> str:
    """A card with a comment per field: the one text behind new-card and content/card-template.yaml."""
    return environment().get_template("new-card.yaml.j2").render(
        id=card_id, force=force, framework=framework, area=area, themes=compendium.themes,
        version=compendium.meta.version, read_from=compendium.own_document.id, schema=schema,
        c=compendium, w=compendium.words, example_id=compendium.forces[0].id, themes_placeholder=themes_placeholder,
        placeholders={field: text.format(**compendium.words) for field, text in CARD_PLACEHOLDERS.items()},
        help=card_help(compendium))


def card_help(compendium: Compendium) -> dict[str, str]:
    """Each card field's one line of help, in the compendium's words."""
    return {field: text.format(**compendium.words, max_title=MAX_TITLE, max_themes=MAX_THEMES)
            for field, text in CARD_HELP.items()}


def editor_schemas(compendium: Compendium) -> dict[str, dict]:
    """The JSON Schemas editors and CI use: the models' schemas, with each card field's help as its description
    and the ids this content knows as the allowed values, so an editor completes them and CI refuses a typo."""
    schemas = {name: json_schema(model) for name, model in SCHEMA_FILES.items()}
    card = schemas["card"]["properties"]
    for field, text in card_help(compendium).items():
        card[field]["description"] = text
    known = known_ids(compendium)
    for field, ids in known.items():
        if field in ("themes", "forces"):
            card[field]["items"]["enum"] = ids
        else:
            card[field]["enum"] = ids + ([None] if "anyOf" in card[field] else [])
    return schemas


def known_ids(compendium: Compendium) -> dict[str, list[str]]:
    """The ids a card field may take in this content: the allowed values of its schema."""
    return {"forces": [force.id for force in compendium.forces],
             "framework": [framework.id for framework in compendium.frameworks],
             "area": sorted({area.id for framework in compendium.frameworks for area in framework.areas}),
             "read_from": [document.id for document in compendium.meta.documents],
            "added_in": [release.version for release in compendium.meta.history],
            "themes": [theme.id for theme in compendium.themes]}


def card_template(compendium: Compendium) -> str:
    """The template an editor copies on GitHub's web editor, with placeholders for force and area."""
    force = SimpleNamespace(id=f"{compendium.words['organisation']}-id", name="NAME")
    area = SimpleNamespace(id="area-id", title="the area id: see content/frameworks/peel-2023-25.yaml")
    return card_skeleton(compendium, "force-id-short-name", force, SimpleNamespace(id="peel-2023-25"), area,
                         "../schemas/card.schema.json", themes_placeholder="[theme-id]")


def _target(compendium: Compendium, content_dir: Path, framework_id: str, area_id: str, card_id: str) -> Path:
    """practice/FRAMEWORK/AREA/ID.yaml, its folder made; refused when a card has the id already."""
    folder = Path(content_dir) / "practice" / framework_id / area_id
    path = folder / f"{card_id}.yaml"
    if path.exists() or card_id in compendium.card_by_id:
        raise ContentError([Problem(str(path), None, None, f"a card with id '{card_id}' already exists")])
    folder.mkdir(parents=True, exist_ok=True)
    return path


def _free_id(compendium: Compendium, stem: str) -> str:
    candidate, number = stem, 1
    while candidate in compendium.card_by_id:
        number += 1
        candidate = f"{stem}-{number}"
    return candidate


def _schema_path(card_path: Path, content_dir: Path) -> str:
    depth = len(card_path.relative_to(content_dir).parts)  # practice/FRAMEWORK/AREA/ID.yaml
    return "../" * depth + "schemas/card.schema.json"


# --- the issue form "Propose a practice example" and its way back into a card -------------------------------------

ISSUE_FORM = ".github/ISSUE_TEMPLATE/propose-practice.yml"
NO_RESPONSE = "_No response_"  # what GitHub writes under the heading of an empty optional field
# Each field of the form: its id, its kind, its label (in the compendium's words), whether it is required, and the
# card field whose help is its description. Labels are the headings of the issue's body, read back by card_from_issue.
ISSUE_FIELDS = [
    ("title", "input", "Title", True, "title"),
    ("forces", "dropdown", "{Organisations}", True, "forces"),
    ("area", "dropdown", "Framework and area", True, "area"),
    ("practice_type", "dropdown", "Practice type", True, "practice_type"),
    ("evaluation", "dropdown", "Evaluation", True, "evaluation"),
    ("themes", "dropdown", "Themes", True, "themes"),
    ("objective", "textarea", "Objective", True, "objective"),
    ("detail", "textarea", "Detail", True, "detail"),
    ("outcome", "textarea", "Outcome", True, "outcome"),
    ("read_from", "dropdown", "Source document", True, "read_from"),
    ("read_at", "input", "Where in the document", False, "read_at"),
    ("source_title", "input", "Inspection report title", False, "source"),
    ("source_year", "input", "Inspection report year", False, "source"),
    ("source_url", "input", "Inspection report address (https://)", False, "source"),
    ("notes", "textarea", "Notes", False, "notes"),
]
MULTIPLE = {"forces", "themes"}
NONE_NAMED = "The source names no {organisation}"
# Where the card template's help speaks of ids and files, the form says it in a proposer's words.
FORM_HELP = {
    "forces": "The {organisation} the source credits with the practice; several where it names several, or "
              "'" + NONE_NAMED + "'.",
    "area": "The framework and area the source lists the practice under.",
    "practice_type": "As the source calls it.",
    "themes": "One to {max_themes} themes a reader looking for this practice would choose.",
    "read_from": "The document you read the practice in.",
    "source": "Only where the source prints it; otherwise leave it empty. Never guess a title, a year or an address.",
}


def issue_options(compendium: Compendium) -> dict[str, dict[str, object]]:
    """Each dropdown's options as the form shows them, mapped to the value a card holds."""
    labels = compendium.labels
    return {
        "forces": {force.name: force.id for force in compendium.forces}
        | {NONE_NAMED.format(**compendium.words): None},
        "area": {f"{framework.title}: {area.title}": (framework.id, area.id)
                 for framework in compendium.frameworks for area in framework.areas},
        "practice_type": {text: key for key, text in labels.practice_types.items()},
        "evaluation": {f"{labels.evaluation_stages[key]}: {text}": key
                       for key, text in labels.evaluation_meanings.items()},
        "themes": {theme.title: theme.id for theme in compendium.themes},
        "read_from": {document.title: document.id for document in compendium.meta.documents}}


def issue_form(compendium: Compendium) -> str:
    """The GitHub issue form for people who never open a YAML file; each field's help is the card template's, or
    FORM_HELP's where that speaks of ids and files."""
    words = {**compendium.words, "max_themes": MAX_THEMES}
    help = card_help(compendium) | {field: text.format(**words) for field, text in FORM_HELP.items()}
    options = issue_options(compendium)
    intro = (f"Propose a practice example recognised by {compendium.words['inspectorate']}. Write every text in "
             "your own words; keep names, dates and figures exactly as the source gives them. A maintainer turns "
             "this issue into a card.")
    body = [{"type": "markdown", "attributes": {"value": intro}}]
    for field_id, kind, label, required, helped_by in ISSUE_FIELDS:
        attributes = {"label": label.format(**compendium.words), "description": help[helped_by]}
        if kind == "dropdown":
            attributes["multiple"] = field_id in MULTIPLE
            attributes["options"] = list(options[field_id])
        body.append({"type": kind, "id": field_id, "attributes": attributes,
                     "validations": {"required": required}})
    form = {"name": "Propose a practice example", "description": intro, "title": "Practice example: ",
            "labels": ["practice proposal"], "body": body}
    return ("# Generated by python build.py schema from compendium/cards.py and the content: do not edit.\n"
            + yaml.safe_dump(form, sort_keys=False, allow_unicode=True, width=120))


def read_issue(compendium: Compendium, text: str) -> dict[str, str | None]:
    """An issue form's rendered body ('### Label' headings, each followed by its value) as {field id: value}.
    Only the form's own labels are headings, so a '###' line typed into a field stays in its value."""
    by_label = {label.format(**compendium.words): field_id for field_id, _, label, _, _ in ISSUE_FIELDS}
    values: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        heading = line[4:].strip() if line.startswith("### ") else None
        if heading in by_label:
            current = by_label[heading]
            if current in values:
                raise _refused(heading, "appears twice in the issue")
            values[current] = []
        elif current is not None:
            values[current].append(line)
    if not values:
        raise ContentError([Problem("issue", None, None, "not an issue form's body: it has none of the form's "
                                                         "'### Label' headings, such as '### Title'")])
    texts = {field_id: "\n".join(lines).strip() for field_id, lines in values.items()}
    return {field_id: None if value in ("", NO_RESPONSE) else value for field_id, value in texts.items()}


def _refused(heading: str, message: str) -> ContentError:
    return ContentError([Problem(f"### {heading}", None, None, message)])


def _label(compendium: Compendium, field_id: str) -> str:
    return next(label for key, _, label, _, _ in ISSUE_FIELDS if key == field_id).format(**compendium.words)


def _chosen(compendium: Compendium, fields: dict, field_id: str) -> list:
    """A dropdown's values: every option picked (GitHub joins several with ', '; an option may hold a comma)."""
    options, heading = issue_options(compendium)[field_id], _label(compendium, field_id)
    value = fields.get(field_id)
    if value is None:
        raise _refused(heading, "is missing or empty: the form requires it")
    parts = value.split(", ") if field_id in MULTIPLE else [value]
    chosen, pending = [], ""
    for part in parts:
        pending = f"{pending}, {part}" if pending else part
        if pending in options:
            chosen.append(options[pending])
            pending = ""
    if pending:
        raise _refused(heading, f"unknown option '{pending}'" + suggest(pending, options))
    return chosen


def _text(compendium: Compendium, fields: dict, field_id: str, required: bool = True) -> str | None:
    value = fields.get(field_id)
    if value is None and required:
        raise _refused(_label(compendium, field_id), "is missing or empty: the form requires it")
    return value


def card_from_issue(compendium: Compendium, content_dir: Path, text: str) -> Path:
    """Write the card an issue proposes at practice/FRAMEWORK/AREA/ID.yaml; every value is dumped by the YAML
    emitter, so text from the issue stays text (no tag, anchor, comment or second document)."""
    card = issue_card(compendium, read_issue(compendium, text))
    stem = "-".join([*card["forces"][:1], "-".join(slug(card["title"]).split("-")[:6]) or "practice"])
    path = _target(compendium, content_dir, card["framework"], card["area"], _free_id(compendium, stem))
    card = {"id": path.stem, **card}
    header = f"# yaml-language-server: $schema={_schema_path(path, content_dir)}\n"
    path.write_text(header + yaml.dump(card, Dumper=_CardDumper, sort_keys=False, allow_unicode=True, width=110),
                    encoding="utf-8")
    return path


def issue_card(compendium: Compendium, fields: dict) -> dict:
    """The card's fields, in the template's order, from the issue's fields."""
    forces = _chosen(compendium, fields, "forces")
    if None in forces and len(forces) > 1:
        raise _refused(_label(compendium, "forces"), f"'{NONE_NAMED.format(**compendium.words)}' cannot be "
                                                     f"chosen with a named {compendium.words['organisation']}")
    (framework_id, area_id), = _chosen(compendium, fields, "area")
    card = {"title": _text(compendium, fields, "title"), "forces": [force for force in forces if force],
            "attribution": "printed" if forces != [None] else "unknown", "framework": framework_id,
            "area": area_id, "practice_type": _chosen(compendium, fields, "practice_type")[0]}
    card |= {field_id: _text(compendium, fields, field_id) for field_id in ("objective", "detail", "outcome")}
    card |= {"evaluation": _chosen(compendium, fields, "evaluation")[0],
             "themes": _chosen(compendium, fields, "themes"), "read_from": _chosen(compendium, fields, "read_from")[0]}
    optional = {"read_at": fields.get("read_at"), "source": _source(compendium, fields),
                "notes": fields.get("notes")}  # no added_in: the version the card will appear in is not yet known
    return card | {key: value for key, value in optional.items() if value is not None}


def _source(compendium: Compendium, fields: dict) -> dict | None:
    year = fields.get("source_year")
    if year is not None and not re.fullmatch(r"[0-9]{4}", year):
        raise _refused(_label(compendium, "source_year"), f"'{year}' is not a year: write four digits, e.g. 2025")
    source = {"title": fields.get("source_title"), "year": int(year) if year else None,
              "url": fields.get("source_url")}
    return {key: value for key, value in source.items() if value is not None} or None


class _CardDumper(yaml.SafeDumper):
    """The safe emitter, writing text of several lines as a block so a card reads as a hand-written one."""


def _represent_text(dumper: yaml.SafeDumper, text: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


_CardDumper.add_representer(str, _represent_text)
