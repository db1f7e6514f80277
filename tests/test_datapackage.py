"""The open data's Frictionless Data Package (datapackage.json), written by export beside the files it describes."""
import csv
import json
import shutil
from pathlib import Path

import frictionless
import pytest

import build
from compendium.opendata import GRADE_COLUMNS, PRACTICE_COLUMNS


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


@pytest.mark.parametrize("path, columns", [("grades.csv", GRADE_COLUMNS), ("practice.csv", PRACTICE_COLUMNS)])
def test_each_csv_column_is_described_in_order(package, path, columns):
    fields = schema(package, path)["fields"]
    assert [field["name"] for field in fields] == list(columns)
    assert all(field["description"] for field in fields)


def test_the_keys_identify_a_row(package):
    assert schema(package, "grades.csv")["primaryKey"] == ["framework", "force_id", "area_id"]
    assert schema(package, "practice.csv")["primaryKey"] == ["id"]


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
    package["resources"] = [resource for resource in package["resources"] if resource["path"] == "grades.csv"]
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
