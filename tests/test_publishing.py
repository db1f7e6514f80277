"""Publishing and editing: the workflows, the schemas and the card template stay true to the code."""
import json
import os
import re
import shutil
import subprocess
import sys

import yaml

from compendium import PROJECT, check
from compendium.cards import ISSUE_FORM, card_template, editor_schemas, issue_form, known_ids
from compendium.model import SCHEMA_FILES
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


def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version_in_a_comment():
    for name in ("pages.yml", "check.yml"):
        lines = [line.strip() for line in (WORKFLOWS / name).read_text().splitlines() if "uses:" in line]
        assert lines and all(re.fullmatch(r"(- )?uses: actions/[a-z-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+", line)
                             for line in lines), name


def test_only_the_deploy_job_may_write_pages_and_mint_tokens():
    pages = workflow("pages.yml")
    assert pages["permissions"] == {}
    assert pages["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert pages["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow("check.yml")["permissions"] == {"contents": "read"}


def test_checkouts_keep_no_credentials_and_checks_of_one_pull_request_do_not_pile_up():
    for name in ("pages.yml", "check.yml"):
        for job in workflow(name)["jobs"].values():
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, name
    assert workflow("check.yml")["concurrency"]["cancel-in-progress"] is True


def test_dependabot_updates_actions_pip_and_npm():
    config = yaml.safe_load((PROJECT / ".github/dependabot.yml").read_text())
    assert {update["package-ecosystem"] for update in config["updates"]} == {"github-actions", "pip", "npm"}


def test_the_workflow_security_linter_finds_nothing():
    result = subprocess.run([str(PROJECT / ".venv/bin/zizmor"), "--offline", "--no-progress", str(WORKFLOWS)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_the_pull_request_checks_pass_on_a_fresh_checkout_of_the_shipped_content(tmp_path):
    """The lines the check workflow runs, read from the workflow file, on a copy of the committed files."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT, capture_output=True, text=True,
                           check=True).stdout.split("\0")
    checkout = tmp_path / "checkout"
    for name in filter(None, files):
        if (PROJECT / name).is_file():
            (checkout / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT / name, checkout / name)
    (checkout / ".venv").symlink_to(PROJECT / ".venv")
    steps = {step.get("name"): step["run"] for step in workflow("check.yml")["jobs"]["check"]["steps"] if "run" in step}
    for name in ("Check the content", "Validate the content against the JSON Schemas"):
        result = subprocess.run(["bash", "-e", "-c", steps[name]], cwd=checkout, capture_output=True, text=True,
                                env={**os.environ, "MAKEFLAGS": ""})
        assert result.returncode == 0, f"{name}: {result.stdout}{result.stderr}"


def without_ids(name: str, schema: dict) -> dict:
    """A schema less its lists of known ids: those follow the content, which a pull request may extend."""
    if name == "card":
        schema = json.loads(json.dumps(schema))
        for field in known_ids(check(PROJECT / "content")):
            (schema["properties"][field]["items"] if field in ("themes", "forces") else schema["properties"][field]).pop("enum")
    return schema


def test_the_committed_schemas_are_generated_from_the_model():
    """The ids in them may lag behind a pull request that adds a theme (the check workflow validates against
    schemas made from the pull request's content); everything else must be as `build.py schema` writes it."""
    for name, schema in editor_schemas(check(PROJECT / "content")).items():
        committed = json.loads((PROJECT / "schemas" / f"{name}.schema.json").read_text())
        assert without_ids(name, committed) == without_ids(name, schema), \
            f"schemas/{name}.schema.json is stale: run python build.py schema"


def test_the_card_schema_describes_every_field_and_lists_the_ids_an_editor_may_use():
    compendium = check(PROJECT / "content")
    card = editor_schemas(compendium)["card"]["properties"]
    assert set(card) == set(SCHEMA_FILES["card"].model_fields)
    assert all(card[field]["description"] for field in card)
    assert card["themes"]["items"]["enum"] == [theme.id for theme in compendium.themes]
    assert card["forces"]["items"]["enum"] == [force.id for force in compendium.forces]


def test_the_card_schema_rejects_a_misspelt_theme(content):
    card = content / "practice/peel-2023-25/investigating-crime/kent-video-calls.yaml"
    replace(card, "themes: [domestic-abuse, technology-data]", "themes: [domestic-abus]")
    result = check_jsonschema("card.schema.json", card)
    assert result.returncode == 1 and "'domestic-abus' is not one of" in result.stdout


def test_the_editor_is_offered_the_yaml_extension_that_reads_the_schemas():
    assert "redhat.vscode-yaml" in json.loads((PROJECT / ".vscode/extensions.json").read_text())["recommendations"]


def test_the_committed_card_template_is_generated_from_the_same_skeleton_as_new_card():
    compendium = check(PROJECT / "content")
    assert (PROJECT / "content/card-template.yaml").read_text() == card_template(compendium), \
        "content/card-template.yaml is stale: run python build.py schema"


def test_the_committed_issue_form_is_generated_from_the_same_help_and_content():
    compendium = check(PROJECT / "content")
    assert (PROJECT / ISSUE_FORM).read_text() == issue_form(compendium), \
        f"{ISSUE_FORM} is stale: run python build.py schema"


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
