"""The open data's Frictionless Data Package (datapackage.json), written by export beside the files it describes."""
import csv
import json
import shutil
from pathlib import Path

import frictionless
import pytest

import build
from compendium import PROJECT, check
from compendium.opendata import AREA_COLUMNS, FORCE_COLUMNS, GRADE_COLUMNS, PRACTICE_COLUMNS
from conftest import replace

REAL = check(PROJECT / "content")


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """The shipped content's open data, written by `build.py export`."""
    out = tmp_path_factory.mktemp("export") / "data"
    assert build.main(["export", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def package(exported) -> dict:
    return json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))


def schema(package: dict, path: str) -> dict:
    return next(resource["schema"] for resource in package["resources"] if resource["path"] == path)


def test_the_shipped_open_data_is_a_valid_data_package(exported):
    report = frictionless.validate(str(exported / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_every_data_file_written_is_a_resource_of_the_package(exported, package):
    written = {path.name for path in exported.iterdir()} - {"datapackage.json", "feed.xml"}
    assert {resource["path"] for resource in package["resources"]} == written


def test_the_version_stays_a_string(package):
    assert package["version"] == "1.6"


def test_created_is_the_release_date_of_the_version(package):
    assert package["created"] == "2025-07-21T00:00:00Z"


def test_added_in_is_typed_as_text_so_1_10_stays_1_10(package):
    added_in = next(field for field in schema(package, "practice.csv")["fields"] if field["name"] == "added_in")
    assert added_in["type"] == "string"


@pytest.mark.parametrize("path, columns", [("grades.csv", GRADE_COLUMNS), ("practice.csv", PRACTICE_COLUMNS),
                                           ("forces.csv", FORCE_COLUMNS), ("areas.csv", AREA_COLUMNS)])
def test_each_csv_column_is_described_in_order(package, path, columns):
    fields = schema(package, path)["fields"]
    assert [field["name"] for field in fields] == list(columns)
    assert all(field["description"] for field in fields)


def test_the_keys_identify_a_row(package):
    assert schema(package, "grades.csv")["primaryKey"] == ["framework", "force_id", "area_id"]
    assert schema(package, "practice.csv")["primaryKey"] == ["id"]


def test_the_lookup_tables_are_keyed_by_their_ids(package):
    assert schema(package, "forces.csv")["primaryKey"] == ["id"]
    assert schema(package, "areas.csv")["primaryKey"] == ["framework", "area_id"]


AREA_KEY = {"fields": ["framework", "area_id"], "reference": {"resource": "areas", "fields": ["framework", "area_id"]}}
FORCE_KEY = {"fields": ["force_id"], "reference": {"resource": "forces", "fields": ["id"]}}


def test_grades_and_every_ready_answer_refer_to_forces_and_areas(package):
    grade_files = [resource["path"] for resource in package["resources"] if resource["path"].startswith("grades")]
    assert len(grade_files) == 13
    for path in grade_files:
        assert schema(package, path)["foreignKeys"] == [FORCE_KEY, AREA_KEY], path


def test_practice_refers_to_areas_and_says_why_its_force_ids_are_no_foreign_key(package):
    assert schema(package, "practice.csv")["foreignKeys"] == [AREA_KEY]
    practice = next(resource for resource in package["resources"] if resource["path"] == "practice.csv")
    assert practice["description"] == ("force_id may hold several force ids separated by ';', so it is not a "
                                       "foreign key: split it on ';' to look each id up in forces.csv.")


def test_the_package_checks_its_foreign_keys_and_they_hold_over_the_real_content(exported):
    report = frictionless.validate(str(exported / "datapackage.json"))
    assert report.valid, report.flatten(["taskName", "rowNumber", "type", "note"])[:10]
    assert report.stats["tasks"] == 17
    read = frictionless.Package(str(exported / "datapackage.json"))  # as frictionless reads the keys it checks
    assert read.get_resource("grades").schema.foreign_keys == [FORCE_KEY, AREA_KEY]
    assert read.get_resource("practice").schema.foreign_keys == [AREA_KEY]


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_forces_csv_holds_each_force_of_the_content_once(exported):
    forces = rows(exported / "forces.csv")
    assert [row["id"] for row in forces] == [force.id for force in REAL.forces] and len(forces) == 43
    assert forces[0] == {"id": "avon-and-somerset", "name": "Avon and Somerset Constabulary", "country": "England",
                         "url": "forces/avon-and-somerset/"}


def test_areas_csv_holds_each_area_of_every_framework_once(exported):
    areas = rows(exported / "areas.csv")
    assert [(row["framework"], row["area_id"]) for row in areas] == [
        (framework.id, area.id) for framework in REAL.frameworks for area in framework.areas]
    assert len(areas) == 45
    assert areas[0] == {"framework": "peel-2023-25", "area_id": "police-powers",
                        "area_title": "Police powers and treating the public fairly and respectfully", "within": "",
                        "url": "peel-2023-25/police-powers/"}


def test_areas_csv_names_the_pillar_a_question_sits_within(exported):
    within = {(row["framework"], row["area_id"]): row["within"] for row in rows(exported / "areas.csv")}
    assert within == {(framework.id, area.id): area.within or "" for framework in REAL.frameworks
                      for area in framework.areas}
    assert any(within.values())


def test_a_grade_of_a_force_missing_from_forces_csv_is_reported_as_a_foreign_key_error(exported, tmp_path):
    broken = tmp_path / "data"
    shutil.copytree(exported, broken)
    grades = rows(broken / "grades.csv")
    grades[0]["force_id"] = "nowhere"
    with (broken / "grades.csv").open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(GRADE_COLUMNS), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(grades)
    package = json.loads((broken / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"] = [resource for resource in package["resources"]
                            if resource["path"] in ("grades.csv", "forces.csv", "areas.csv")]
    del package["resources"][0]["bytes"]  # the size changed with the row; the key is what is tested
    (broken / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    report = frictionless.validate(str(broken / "datapackage.json"))
    assert not report.valid
    assert [(task.name, error.row_number, error.type) for task in report.tasks for error in task.errors] == [
        ("grades", 2, "foreign-key")]


def test_the_licence_is_the_one_the_content_names_for_its_own_data(package):
    assert package["licenses"] == [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
                                    "path": "https://creativecommons.org/licenses/by/4.0/"}]


def test_a_grade_outside_the_scale_is_reported_invalid(exported, tmp_path):
    broken = tmp_path / "data"
    shutil.copytree(exported, broken)
    with (broken / "grades.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    rows[0]["grade"] = "Brilliant"
    with (broken / "grades.csv").open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(GRADE_COLUMNS), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    package = json.loads((broken / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"] = [resource for resource in package["resources"]  # grades.csv and the tables it refers to
                            if resource["path"] in ("grades.csv", "forces.csv", "areas.csv")]
    del package["resources"][0]["bytes"]  # the size changed with the row; the grade is what is tested
    (broken / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    report = frictionless.validate(str(broken / "datapackage.json"))
    assert not report.valid
    assert [error[1:] for error in report.flatten(["rowNumber", "fieldName", "type"])] == [
        ["grade", "constraint-error"]]


def test_two_exports_of_the_same_content_are_byte_identical(exported, tmp_path):
    assert build.main(["export", "--out", str(tmp_path / "again")]) == 0
    assert (tmp_path / "again" / "datapackage.json").read_bytes() == (exported / "datapackage.json").read_bytes()


def test_compendium_json_carries_the_version_and_its_release_date(exported):
    data = json.loads((exported / "compendium.json").read_text(encoding="utf-8"))
    assert (data["version"], data["date"]) == ("1.6", "2025-07-21")


def test_a_lookup_cell_a_spreadsheet_would_run_as_a_formula_starts_with_an_apostrophe(cli, content, tmp_path):
    replace(content / "forces/kent.yaml", "name: Kent Police", 'name: "=HYPERLINK(\\"https://x.example\\")"')
    assert cli("export", "--content", content, "--out", tmp_path / "data")[0] == 0
    names = {row["id"]: row["name"] for row in rows(tmp_path / "data/forces.csv")}
    assert names["kent"] == "'=HYPERLINK(\"https://x.example\")"
    assert frictionless.validate(str(tmp_path / "data/datapackage.json")).valid  # the keys (ids) are untouched
