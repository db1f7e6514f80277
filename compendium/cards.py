"""Writing a new card skeleton for an editor (used by `build.py new-card`)."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from .context import Compendium
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
    path = _target(compendium, content_dir, framework_id, area_id, card_id or _free_id(compendium, f"{force_id}-new-practice"))
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
