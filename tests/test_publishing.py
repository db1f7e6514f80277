"""Publishing and editing: the workflows, the schemas and the card template stay true to the code."""
import json
import subprocess
import sys

import yaml

from compendium import PROJECT, check
from compendium.cards import card_template
from compendium.model import SCHEMA_FILES, json_schema
from conftest import replace

WORKFLOWS = PROJECT / ".github/workflows"


def workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text())


def steps_using(flow: dict) -> list[str]:
    return [step["uses"] for job in flow["jobs"].values() for step in job["steps"] if "uses" in step]


def test_only_main_publishes_with_the_official_pages_actions():
    pages = workflow("pages.yml")
    assert pages[True]["push"] == {"branches": ["main"]}  # PyYAML reads the key 'on' as True
    uses = steps_using(pages)
    assert any(use.startswith("actions/upload-pages-artifact@") for use in uses)
    assert any(use.startswith("actions/deploy-pages@") for use in uses)
    assert "make site" in json.dumps(pages)


def test_pull_requests_are_checked_without_pull_request_target():
    checks = workflow("check.yml")
    assert list(checks[True]) == ["pull_request"]
    text = json.dumps(checks)
    assert "build.py check --format github" in text and "make test" in text and "check-jsonschema" in text


def test_workflows_use_only_official_actions():
    for name in ("pages.yml", "check.yml"):
        assert all(use.startswith("actions/") for use in steps_using(workflow(name))), name


def test_the_committed_schemas_are_generated_from_the_model():
    for name, model in SCHEMA_FILES.items():
        committed = json.loads((PROJECT / "schemas" / f"{name}.schema.json").read_text())
        assert committed == json_schema(model), f"schemas/{name}.schema.json is stale: run python build.py schema"


def test_the_committed_card_template_is_generated_from_the_same_skeleton_as_new_card():
    compendium = check(PROJECT / "content")
    assert (PROJECT / "content/card-template.yaml").read_text() == card_template(compendium), \
        "content/card-template.yaml is stale: run python build.py schema"


def check_jsonschema(schema: str, *files) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile",
                           str(PROJECT / "schemas" / schema), *map(str, files)], capture_output=True, text=True)


def test_the_schemas_accept_every_shipped_file():
    content = PROJECT / "content"
    assert check_jsonschema("card.schema.json", *content.glob("practice/*/*/*.yaml")).returncode == 0
    assert check_jsonschema("force.schema.json", *content.glob("forces/*.yaml")).returncode == 0
    assert check_jsonschema("framework.schema.json", *content.glob("frameworks/*.yaml")).returncode == 0


def test_the_card_schema_rejects_a_broken_card(content):
    card = content / "practice/peel-2023-25/investigating-crime/kent-video-calls.yaml"
    replace(card, "evaluation: self-reported", "evaluation: maybe")
    result = check_jsonschema("card.schema.json", card)
    assert result.returncode == 1 and "'maybe' is not one of" in result.stdout


def test_vscode_maps_each_schema_to_its_content_folder():
    settings = json.loads((PROJECT / ".vscode/settings.json").read_text())["yaml.schemas"]
    assert settings["schemas/card.schema.json"][0] == "content/practice/**/*.yaml"
    assert set(settings) == {f"schemas/{name}.schema.json" for name in SCHEMA_FILES}
