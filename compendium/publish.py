"""Step 4 of the pipeline: write the open data and the built site.

A build writes into a temporary folder beside the output and swaps it in only when everything
succeeded, so a failed build leaves the previous site exactly as it was.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

from .context import Compendium, Pages, site_url
from .opendata import GRADE_COLUMNS, PRACTICE_COLUMNS
from .render import render_handout

HANDOUT = "compendium-handout.html"
SITE_ZIP = "compendium-site.zip"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # a fixed time, so two builds of the same content give identical zips


def card_url(card) -> str:
    """A card's permalink relative to the site root."""
    return f"{site_url(Pages.area(card.framework, card.area))}#{card.id}"


def grade_rows(compendium: Compendium) -> list[dict]:
    return [{"framework": framework.id, "force_id": force.id, "force_name": force.name, "area_id": area.id,
             "area_title": area.title, "grade": compendium.grade(force.id, framework.id, area.id)}
            for framework in compendium.frameworks for force in compendium.forces
            if framework.id in force.grades for area in framework.areas]


def practice_rows(compendium: Compendium) -> list[dict]:
    return [practice_row(compendium, card) for card in compendium.cards]


def practice_row(compendium: Compendium, card) -> dict:
    force, source = compendium.card_force(card), card.source
    return {"id": card.id, "framework": card.framework, "area_id": card.area,
            "area_title": compendium.area(card.framework, card.area).title, "force_id": card.force or "",
            "force_name": force.name if force else "", "attribution": card.attribution,
            "grade": compendium.card_grade(card) or "", "practice_type": card.practice_type,
            "evaluation": card.evaluation, "title": card.title, "objective": card.objective, "detail": card.detail,
            "outcome": card.outcome, "themes": ";".join(card.themes), "read_from": compendium.read_from(card),
            "source_title": compendium.inspection(card), "source_year": (source and source.year) or "",
            "source_url": (source and source.url) or "", "added_in": card.added_in or "", "url": card_url(card)}


def open_data(compendium: Compendium) -> dict:
    """The whole compendium as one JSON-ready document."""
    return {
        "version": compendium.meta.version,
        "frameworks": [{"id": framework.id, "title": framework.title,
                        "areas": [{"id": area.id, "title": area.title,
                                   "url": site_url(Pages.area(framework.id, area.id))} for area in framework.areas]}
                       for framework in compendium.frameworks],
        "forces": [{"id": force.id, "name": force.name, "url": site_url(Pages.force(force.id)),
                    "grades": force.grades} for force in compendium.forces],
        "practice": [{**card.model_dump(mode="json"), "grade": compendium.card_grade(card),
                      "read_from_text": compendium.read_from(card), "inspection": compendium.inspection(card),
                      "url": card_url(card)} for card in compendium.cards],
    }


def data_files(compendium: Compendium) -> dict[str, str]:
    """The open data: grades.csv, practice.csv and compendium.json, as {file name: text}."""
    return {"grades.csv": _csv(GRADE_COLUMNS, grade_rows(compendium)),
            "practice.csv": _csv(PRACTICE_COLUMNS, practice_rows(compendium)),
            "compendium.json": json.dumps(open_data(compendium), indent=2, ensure_ascii=False) + "\n"}


def export(compendium: Compendium, out_dir: Path) -> list[Path]:
    """Write grades.csv, practice.csv and compendium.json into out_dir."""
    return write_files(data_files(compendium), out_dir)


def write_files(files: dict[str, str], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out_dir / name).write_text(text, encoding="utf-8")
    return [out_dir / name for name in files]


def _csv(columns, rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_handout(compendium: Compendium, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_handout(compendium), encoding="utf-8")
    return path


def publish(compendium: Compendium, out_dir: Path, build_into) -> None:
    """Build the site with build_into(folder, offline), add the downloads, then swap it in for out_dir.

    The offline build (browsable from file://) is published zipped in the online site's downloads."""
    out_dir = Path(out_dir).resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        online, offline = staging / "online", staging / "compendium-site"
        build_into(online, offline=False)
        build_into(offline, offline=True)
        downloads = {**data_files(compendium), HANDOUT: render_handout(compendium)}  # made once, written twice
        write_files(downloads, online / "downloads")
        write_files(downloads, offline / "downloads")
        zip_folder(offline, online / "downloads" / SITE_ZIP)
        _swap(online, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def zip_folder(folder: Path, zip_path: Path) -> None:
    """Zip a folder under its own name, byte for byte the same for the same files."""
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", ZIP_TIME)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())


def _swap(new: Path, old: Path) -> None:
    retired = old.with_name(f".{old.name}-old")
    shutil.rmtree(retired, ignore_errors=True)
    if old.exists():
        old.rename(retired)
    new.rename(old)
    shutil.rmtree(retired, ignore_errors=True)
