"""Step 4 of the pipeline: write the open data and the built site.

A build writes into a staging folder beside the output and swaps it in only when everything
succeeded, so a failed or killed build leaves the previous site exactly as it was. No command writes
over a folder or file it did not make.
"""
from __future__ import annotations

import csv
import ctypes
import errno
import io
import json
import os
import re
import shutil
import uuid
import zipfile
from pathlib import Path

from . import PROJECT
from .context import Compendium
from .copies import fill_sizes
from .errors import TargetRefused
from .model import ATTRIBUTIONS, EVALUATION_STAGES, PRACTICE_TYPES
from .opendata import AREA_COLUMNS, AREAS_CSV, FORCE_COLUMNS, GRADE_COLUMNS, PACKAGE, PRACTICE_COLUMNS
from .render import Renderer, plain_text, render_handout

HANDOUT = "compendium-handout.html"
FEED = "feed.xml"  # the Atom feed of the practice each version added, at the site's root
SITE_ZIP = "compendium-site.zip"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # a fixed time, so two builds of the same content give identical zips
HANDOUT_MARK = '<meta name="generator" content="compendium handout">'
STAMP = ".compendium-build"  # in every site this tool built: only such a folder may be replaced
STAMP_TEXT = "This folder was built by the compendium's build.py; the next build replaces it whole.\n"
STAGING, RETIRED = "-build-", "-retired"  # .site-build-PID while building; .site-retired during a fallback swap
AT_FDCWD, RENAME_EXCHANGE = -100, 2
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def card_url(compendium: Compendium, card) -> str:
    """A card's permalink: absolute where the site's address is known, otherwise relative to the site root."""
    return compendium.address(compendium.card_page(card), card.id)


def grade_rows(compendium: Compendium) -> list[dict]:
    """One row per organisation, framework and area, every cycle; a judgment's trend and year where printed."""
    rows = []
    for framework in compendium.frameworks:
        for force in compendium.forces:
            if framework.id not in force.grades:
                continue
            for area in framework.areas:
                judgment = compendium.judgment(force.id, framework.id, area.id)
                change = compendium.change(force.id, area) if framework == compendium.current_framework else None
                rows.append({"framework": framework.id, "force_id": force.id, "force_name": force.name,
                             "area_id": area.id, "area_title": area.title, "grade": judgment.grade,
                             "trend": judgment.trend or "", "last_inspected": judgment.last_inspected or "",
                             "change": change or "",
                             "read_from": judgment.read_from or framework.read_from or compendium.own_document.id})
    return rows


def practice_rows(compendium: Compendium) -> list[dict]:
    return [practice_row(compendium, card) for card in compendium.cards]


def practice_row(compendium: Compendium, card) -> dict:
    forces, source = compendium.card_forces(card), card.source
    return {"id": card.id, "framework": card.framework, "area_id": card.area,
            "area_title": compendium.area(card.framework, card.area).title,
            "force_id": ";".join(force.id for force in forces), "force_name": ";".join(force.name for force in forces),
            "attribution": card.attribution, "grade": compendium.card_grade(card) or "",
            "practice_type": card.practice_type, "evaluation": card.evaluation, "title": card.title,
            "objective": card.objective, "detail": card.detail, "outcome": card.outcome,
            "themes": ";".join(card.themes), "read_from": card.read_from, "read_from_text": compendium.read_from(card),
            "same_as": ";".join(card.id for card in compendium.same_practice.get(card.id, [])),
            "source_title": compendium.inspection(card), "source_year": (source and source.year) or "",
            "source_url": (source and source.url) or "", "added_in": card.added_in or "",
            "url": card_url(compendium, card)}


def force_rows(compendium: Compendium) -> list[dict]:
    """The table of organisations (forces.csv): one row per organisation, the table grades.csv's force_id refers to."""
    return [{"id": force.id, "name": force.name, "country": force.country,
             "url": compendium.address(compendium.pages.force(force.id))} for force in compendium.forces]


def area_rows(compendium: Compendium) -> list[dict]:
    """areas.csv: one row per framework and area, the table the area_id of grades.csv and practice.csv refers to."""
    return [{"framework": framework.id, "area_id": area.id, "area_title": area.title, "within": area.within or "",
             "url": compendium.address(compendium.pages.area(framework.id, area.id))}
            for framework in compendium.frameworks for area in framework.areas]


def open_data(compendium: Compendium) -> dict:
    """The whole compendium as one JSON-ready document: every cycle, the areas' correspondence and the reports."""
    return {
        "version": compendium.meta.version,
        "date": compendium.meta.date.isoformat(),
        "documents": [document.model_dump(mode="json") for document in compendium.meta.documents],
        "frameworks": [{**framework.model_dump(mode="json", exclude={"areas", "summary"}),
                        "areas": [{"id": area.id, "title": area.title, "within": area.within,
                                   "maps_to": area.maps_to,
                                   "url": compendium.address(compendium.pages.area(framework.id, area.id))}
                                  for area in framework.areas]}
                       for framework in compendium.frameworks],
        "forces": [{"id": force.id, "name": force.name, "url": compendium.address(compendium.pages.force(force.id)),
                    "grades": force.model_dump(mode="json", exclude_none=True)["grades"],
                    "changes": {row.area.id: row.change for row in compendium.force_history(force.id)}
                    if compendium.compared_framework else {}}
                   for force in compendium.forces],
        "practice": [{**card.model_dump(mode="json"), "grade": compendium.card_grade(card),
                      "same_practice": [other.id for other in compendium.same_practice.get(card.id, [])],
                      "read_from_text": compendium.read_from(card), "inspection": compendium.inspection(card),
                      "url": card_url(compendium, card)} for card in compendium.cards],
        "reports": [report.model_dump(mode="json", exclude_none=True) for report in compendium.reports],
    }


def data_files(compendium: Compendium) -> dict[str, str]:
    """The open data: grades.csv, practice.csv, the lookup tables forces.csv and areas.csv, compendium.json and the
    ready answers' CSVs (the rows of grades.csv a grade view holds), as {file name: text}."""
    grades = grade_rows(compendium)
    files = {"grades.csv": _csv(GRADE_COLUMNS, grades),
             "practice.csv": _csv(PRACTICE_COLUMNS, practice_rows(compendium)),
             compendium.organisations_csv: _csv(FORCE_COLUMNS, force_rows(compendium)),
             AREAS_CSV: _csv(AREA_COLUMNS, area_rows(compendium)),
             "compendium.json": json.dumps(open_data(compendium), indent=2, ensure_ascii=False) + "\n",
             **{view.csv_name: _csv(GRADE_COLUMNS, [row for row in grades if row["framework"] == view.framework.id
                                                    and row["grade"] in view.labels])
                for view in compendium.all_grade_views}}
    return {**files, PACKAGE: json.dumps(datapackage(compendium, files), indent=2, ensure_ascii=False) + "\n"}


# Columns that are not text, and each enumerated column's allowed values (computed from the content).
INTEGER_COLUMNS = {"source_year"}


def column_enums(compendium: Compendium) -> dict[str, list[str]]:
    grades = list(dict.fromkeys(value for framework in compendium.frameworks
                                for value in [*framework.grade_scale, *framework.statuses]))
    return {"framework": [framework.id for framework in compendium.frameworks], "grade": grades,
            "practice_type": list(PRACTICE_TYPES), "evaluation": list(EVALUATION_STAGES),
            "attribution": list(ATTRIBUTIONS), "country": list(compendium.meta.vocabulary.regions)}


def table_schema(compendium: Compendium, descriptions: dict[str, str], primary_key: list[str],
                 foreign_keys: list[dict] = ()) -> dict:
    """A Frictionless Table Schema of a CSV: each column's type, description and, where enumerated, its values;
    its primary key and the foreign keys that tie it to the lookup tables."""
    enums = column_enums(compendium)
    fields = []
    for column, description in descriptions.items():
        field = {"name": column, "type": "integer" if column in INTEGER_COLUMNS else "string",
                 "description": description}
        if column in enums:
            field["constraints"] = {"enum": enums[column]}
        fields.append(field)
    schema = {"fields": fields, "primaryKey": primary_key}
    if foreign_keys:
        schema["foreignKeys"] = list(foreign_keys)
    return schema


def foreign_key(fields: list[str], file_name: str, reference: list[str]) -> dict:
    """A Table Schema foreign key: these columns hold a row's key in another resource of the package (named for its
    file's stem, as datapackage() names resources)."""
    return {"fields": fields, "reference": {"resource": file_name.rsplit(".", 1)[0], "fields": reference}}


def datapackage(compendium: Compendium, files: dict[str, str]) -> dict:
    """The Frictionless Data Package describing the open data files: one resource per file, a Table Schema per CSV.
    'created' is the compendium's release date (not the build time), so two builds of the same content match."""
    meta, labels = compendium.meta, compendium.labels
    area_key = foreign_key(["framework", "area_id"], AREAS_CSV, ["framework", "area_id"])
    grades = table_schema(compendium, labels.grade_columns, ["framework", "force_id", "area_id"],
                          [foreign_key(["force_id"], compendium.organisations_csv, ["id"]), area_key])
    # practice.csv's force_id may hold several ids separated by ';': not a foreign key (its resource says so)
    practice = table_schema(compendium, labels.practice_columns, ["id"], [area_key])
    schemas = {"practice.csv": practice,
               compendium.organisations_csv: table_schema(compendium, labels.force_columns, ["id"]),
               AREAS_CSV: table_schema(compendium, labels.area_columns, ["framework", "area_id"])}

    def resource(name: str) -> dict:
        stem, kind = name.rsplit(".", 1)
        entry = {"name": stem, "path": name, "profile": "tabular-data-resource" if kind == "csv" else "data-resource",
                 "format": kind, "mediatype": "text/csv" if kind == "csv" else "application/json",
                 "encoding": "utf-8", "bytes": len(files[name].encode("utf-8"))}
        if kind == "csv":
            entry["dialect"] = {"delimiter": ",", "lineTerminator": "\r\n", "header": True}
            entry["schema"] = schemas.get(name, grades)
        if name == "practice.csv":
            entry["description"] = labels.practice_force_key_note
        return entry

    return {"profile": "data-package", "name": "compendium", "title": meta.title, "version": meta.version,
            "created": f"{meta.date.isoformat()}T00:00:00Z",
            "description": f"{meta.title}, version {meta.version}. 'created' is the date of that version's release.",
            "licenses": [meta.data_licence.model_dump(mode="json")] if meta.data_licence else [],
            "sources": [{"title": document.title, **({"path": str(document.url)} if getattr(document, "url", None)
                                                    else {})} for document in meta.documents],
            "resources": [resource(name) for name in files]}


def downloads(compendium: Compendium, templates: Path | None = None) -> dict[str, str]:
    """The files of the downloads page but the offline zip: the open data and the handout."""
    return {**data_files(compendium), HANDOUT: render_handout(compendium, templates)}


def site_files(compendium: Compendium, templates: Path | None = None) -> dict[str, str]:
    """The files a build writes at the site's root beside the pages: the Atom feed."""
    return {FEED: feed(compendium, templates)}


# What XML 1.0 cannot hold at all, even escaped: C0 controls but tab and newlines, surrogates, U+FFFE and U+FFFF.
# Validation refuses the controls; a YAML escape can still spell U+FFFE, which would make the feed unreadable.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def feed(compendium: Compendium, templates: Path | None = None) -> str:
    """The Atom feed (RFC 4287) of the cards each version added, newest version first: one entry per card with
    added_in, dated by its version's release, linking to the card on its area page, its outcome as the summary.

    Links are absolute where the build knows the address the site is published at ($SITE_URL), otherwise relative
    to the feed (it sits at the site's root). Ids are name-based UUIDs (urn:uuid, RFC 4122 version 5) of the
    compendium's title and the card's id, so an entry keeps its id from build to build wherever the site is served."""
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, "compendium:" + compendium.meta.title)
    return Renderer(compendium, templates=templates).page(
        "feed.xml.j2", compendium.pages.home(), feed_id=f"urn:uuid:{namespace}",
        entry_id=lambda card: f"urn:uuid:{uuid.uuid5(namespace, card.id)}",
        atom_date=lambda date: f"{date.isoformat()}T00:00:00Z", text=xml_text, plain=plain_xml_text)


def xml_text(text: str) -> str:
    """Text with the characters XML cannot hold removed (the template escapes the rest)."""
    return NOT_XML.sub("", text)


def plain_xml_text(text: str) -> str:
    """Card text as the plain text it reads as, with what XML cannot hold removed."""
    return xml_text(plain_text(text))


def record_sizes(compendium: Compendium, files: dict[str, str]) -> None:
    """Note the size of each file as it will be written (UTF-8, newlines as they are), for the downloads page."""
    compendium.file_sizes.update({name: len(text.encode("utf-8")) for name, text in files.items()})


def export(compendium: Compendium, out_dir: Path, protected: list[Path] = (), templates: Path | None = None
           ) -> list[Path]:
    """Write grades.csv, practice.csv, compendium.json (and the other open data) and the feed into out_dir (a new or
    existing folder)."""
    out_dir = Path(out_dir)
    refuse_unsafe_target(out_dir, protected)
    if out_dir.exists() and not out_dir.is_dir():
        raise TargetRefused(f"{out_dir}: is a file; give a folder to write the open data into")
    return write_files({**data_files(compendium), **site_files(compendium, templates)}, out_dir)


def write_files(files: dict[str, str], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        _write(out_dir / name, text)
    return [out_dir / name for name in files]


def _write(path: Path, text: str) -> None:
    """Write a file; a failure names the file (a write error alone does not say where)."""
    try:
        path.write_text(text, encoding="utf-8", newline="")  # as written: the CSVs keep their CRLF
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(path)) from None


def _csv(columns, rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    writer.writerows({column: spreadsheet_safe(value) for column, value in row.items()} for row in rows)
    return buffer.getvalue()


def spreadsheet_safe(value):
    """A cell a spreadsheet will not run as a formula (OWASP's advice): text starting with =, +, -, @, a tab or a
    carriage return gets a leading apostrophe, which spreadsheets hide and treat as 'this is text'."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def write_handout(compendium: Compendium, path: Path, protected: list[Path] = (),
                  templates: Path | None = None, cards: list | None = None) -> Path:
    """Write the handout (or the preview of some cards) to path: a new file, or a handout written before (it carries
    our generator mark)."""
    path = Path(path)
    if path.is_dir():
        raise TargetRefused(f"{path}: is a folder; give the handout's file name, e.g. {path / HANDOUT}")
    refuse_unsafe_target(path, protected)
    if path.exists() and HANDOUT_MARK not in path.read_text(encoding="utf-8", errors="replace")[:2000]:
        raise TargetRefused(f"{path}: exists and is not a handout written by this tool; choose a new file name")
    path.parent.mkdir(parents=True, exist_ok=True)
    _write(path, render_handout(compendium, templates, cards))
    return path


def refuse_unsafe_target(target: Path, protected: list[Path] = ()) -> None:
    """No command writes over the filesystem root, the home folder, the project or a folder holding it, or a
    protected folder (the content) or anything inside one."""
    resolved = Path(target).resolve()
    if resolved == Path(resolved.anchor):
        raise TargetRefused(f"{target}: is the root of the filesystem; choose a folder of its own, e.g. site/")
    if resolved == Path.home().resolve():
        raise TargetRefused(f"{target}: is your home folder; choose a folder of its own, e.g. site/")
    for folder in (PROJECT, *protected):
        folder = Path(folder).resolve()
        if folder.is_relative_to(resolved):
            raise TargetRefused(f"{target}: holds {folder}, which the build must not replace; choose another folder")
        if resolved.is_relative_to(folder) and folder != PROJECT:
            raise TargetRefused(f"{target}: is inside {folder}, which the build must not change; choose another folder")


def refuse_site_target(out_dir: Path, protected: list[Path] = ()) -> None:
    """The site folder is new, empty or a site this tool built (it holds the stamp); anything else is refused."""
    refuse_unsafe_target(out_dir, protected)
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise TargetRefused(f"{out_dir}: is a file, not a folder; choose a folder for the site")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not _built_by_us(out_dir):
        raise TargetRefused(f"{out_dir}: is a folder this tool did not build (it has no {STAMP} file) and is not "
                            "empty; choose a new or empty folder")


def _built_by_us(folder: Path) -> bool:
    """A site with our stamp, or one built before stamps existed (version 1.6 of this tool: it has the offline zip)."""
    return (folder / STAMP).is_file() or (folder / "downloads" / SITE_ZIP).is_file() and \
        (folder / "search" / "search_index.json").is_file()


def publish(compendium: Compendium, out_dir: Path, build_into, protected: list[Path] = (),
            templates: Path | None = None) -> None:
    """Build the site and its offline copy with build_into(folder, offline_folder), add the downloads, then swap the
    site in for out_dir.

    Everything is built in a staging folder beside out_dir, which replaces it in one atomic step: a reader sees
    the old site or the new one, never neither. A crash at any moment is tidied up by the next build.
    The offline copy (browsable from file://) is published zipped in the site's downloads. The downloads and the
    feed are made first, so the downloads page gives every file's size as measured on the bytes written; the zip's
    own size is filled in once it is zipped (build_into returns the pages waiting for it)."""
    out_dir = Path(out_dir).absolute()
    refuse_site_target(out_dir, protected)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    if not os.access(out_dir.parent, os.W_OK | os.X_OK):
        raise TargetRefused(f"{out_dir}: cannot be written, because you may not write in {out_dir.parent}")
    recover(out_dir)
    staging = out_dir.parent / f".{out_dir.name}{STAGING}{os.getpid()}"
    remove_tree(staging)
    staging.mkdir()
    try:
        online, offline = staging / "online", staging / "compendium-site"
        files = downloads(compendium, templates)  # made once, written twice
        root = site_files(compendium, templates)
        record_sizes(compendium, {**files, **root})
        waiting = build_into(online, offline)
        for folder in (offline, online):
            write_files(files, folder / "downloads")
            write_files(root, folder)
        site_zip = online / "downloads" / SITE_ZIP
        zip_folder(offline, site_zip)
        compendium.file_sizes[SITE_ZIP] = site_zip.stat().st_size
        for page in waiting:
            _write(page, fill_sizes(page.read_text(encoding="utf-8"), compendium.file_label))
        (online / STAMP).write_text(STAMP_TEXT, encoding="utf-8")
        swap(online, out_dir)
    finally:
        remove_tree(staging)


def remove_tree(folder: Path) -> None:
    """Delete a folder of ours, even one whose folders were made read-only (a site copied off a read-only disk)."""
    def writable_then_retry(function, path, error):
        os.chmod(os.path.dirname(path), 0o700)
        if os.path.isdir(path) and not os.path.islink(path):
            os.chmod(path, 0o700)
        function(path)
    if folder.exists():
        shutil.rmtree(folder, onerror=writable_then_retry)


def recover(out_dir: Path) -> None:
    """Finish what a killed build left: put back a site moved aside, remove staging folders of dead builds."""
    retired = out_dir.parent / f".{out_dir.name}{RETIRED}"
    if retired.is_dir() and (retired / STAMP).is_file():
        if out_dir.exists():
            remove_tree(retired)
        else:
            retired.rename(out_dir)
    for staging in out_dir.parent.glob(f".{out_dir.name}{STAGING}*"):
        pid = staging.name.rsplit("-", 1)[-1]
        if staging.is_dir() and pid.isdigit() and not _running(int(pid)):
            remove_tree(staging)


def swap(new: Path, old: Path) -> None:
    """Put the folder new in place of old in one atomic step (Linux renameat2 RENAME_EXCHANGE); old ends up at
    new's path. Where the system cannot exchange, old is moved aside first and recover() undoes a crash."""
    if not old.exists():
        new.rename(old)
        return
    if not os.access(old, os.W_OK):  # moving a folder to another parent rewrites its '..': it must be writable
        old.chmod(old.stat().st_mode | 0o700)
    if not _exchange(new, old):
        retired = old.parent / f".{old.name}{RETIRED}"
        old.rename(retired)
        new.rename(old)
        retired.rename(new)


def _exchange(first: Path, second: Path) -> bool:
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(error, os.strerror(error), str(second))


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != os.getpid()


def zip_folder(folder: Path, zip_path: Path) -> None:
    """Zip a folder under its own name, byte for byte the same for the same files."""
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", ZIP_TIME)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
