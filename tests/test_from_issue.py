"""`build.py new-card --from-issue FILE`: an issue filed with the "Propose a practice example" form becomes a card."""
from __future__ import annotations

import yaml
from conftest import PROJECT

from compendium import check
from compendium.cards import issue_form
from hostile import load_payloads

CARD_FOLDER = "practice/peel-2023-25/investigating-crime"
FIELDS = {
    "Title": "Video triage for repeat callers",
    "Forces": "Kent Police",
    "Framework and area": "PEEL 2023–25: Investigating crime",
    "Practice type": "Promising practice",
    "Evaluation": "Evaluated locally: The source names an evaluation with a method, carried out by the force or its "
                  "partners.",
    "Themes": "Domestic abuse, Technology and data",
    "Objective": "To answer repeat callers sooner.",
    "Detail": "Callers get a video link to a specialist officer.\n\nThe scheme runs at night.",
    "Outcome": "350 calls answered in under two hours, against 100 before.",
    "Source document": "Test Compendium",
    "Where in the document": "_No response_",
    "Inspection report title": "PEEL 2023–25: An inspection of Kent Police",
    "Inspection report year": "2025",
    "Inspection report address (https://)": "https://example.org/kent",
    "Notes": "_No response_",
}


def body(**changes: str) -> str:
    """An issue's body as GitHub renders an issue form: '### Label', a blank line, the value."""
    fields = FIELDS | {label.replace("_", " "): value for label, value in changes.items()}
    return "\n\n".join(f"### {label}\n\n{value}" for label, value in fields.items()) + "\n"


def propose(cli, content, text: str):
    issue = content.parent / "issue.md"
    issue.write_text(text, encoding="utf-8")
    return cli("new-card", "--content", content, "--from-issue", issue)


def written(content, card_id: str) -> dict:
    return yaml.safe_load((content / CARD_FOLDER / f"{card_id}.yaml").read_text(encoding="utf-8"))


def test_a_proposal_becomes_a_card_that_passes_check(cli, content):
    code, out, err = propose(cli, content, body())
    assert (code, err) == (0, "")
    assert out.startswith(f"Wrote {content / CARD_FOLDER / 'kent-video-triage-for-repeat-callers.yaml'}")
    assert written(content, "kent-video-triage-for-repeat-callers") == {
        "id": "kent-video-triage-for-repeat-callers", "title": "Video triage for repeat callers",
        "forces": ["kent"], "attribution": "printed", "framework": "peel-2023-25", "area": "investigating-crime",
        "practice_type": "promising", "objective": "To answer repeat callers sooner.",
        "detail": "Callers get a video link to a specialist officer.\n\nThe scheme runs at night.",
        "outcome": "350 calls answered in under two hours, against 100 before.", "evaluation": "evaluated-locally",
        "themes": ["domestic-abuse", "technology-data"], "read_from": "test-compendium",
        "source": {"title": "PEEL 2023–25: An inspection of Kent Police", "year": 2025,
                   "url": "https://example.org/kent"}}
    assert cli("check", "--content", content)[0] == 0


def test_several_forces_are_listed_in_the_order_chosen(cli, content):
    assert propose(cli, content, body(Forces="Kent Police, Gwent Police"))[0] == 0
    assert written(content, "kent-video-triage-for-repeat-callers")["forces"] == ["kent", "gwent"]


def test_a_source_naming_no_force_gives_no_forces_and_an_unknown_attribution(cli, content):
    assert propose(cli, content, body(Forces="The source names no force"))[0] == 0
    card = written(content, "video-triage-for-repeat-callers")
    assert (card["forces"], card["attribution"]) == ([], "unknown")


def test_a_taken_id_is_numbered(cli, content):
    propose(cli, content, body())
    assert propose(cli, content, body())[0] == 0
    assert written(content, "kent-video-triage-for-repeat-callers-2")["title"] == "Video triage for repeat callers"


def test_an_unknown_force_is_refused_with_its_heading_and_a_suggestion(cli, content):
    code, out, err = propose(cli, content, body(Forces="Kent Polise"))
    assert code == 1
    assert err.splitlines()[0] == "### Forces: unknown option 'Kent Polise'; did you mean 'Kent Police'?"
    assert not (content / CARD_FOLDER / "kent-video-triage-for-repeat-callers.yaml").exists()


def test_an_unknown_theme_is_refused(cli, content):
    code, _, err = propose(cli, content, body(Themes="Domestic abuse, Technology and date"))
    assert err.splitlines()[0] == ("### Themes: unknown option 'Technology and date'; "
                                   "did you mean 'Technology and data'?")


def test_an_unknown_area_is_refused(cli, content):
    _, _, err = propose(cli, content, body(Framework_and_area="PEEL 2023–25: Investigating crimes"))
    assert err.splitlines()[0] == ("### Framework and area: unknown option 'PEEL 2023–25: Investigating crimes'; "
                                   "did you mean 'PEEL 2023–25: Investigating crime'?")


def test_an_empty_required_field_is_refused(cli, content):
    _, _, err = propose(cli, content, body(Outcome="_No response_"))
    assert err.splitlines()[0] == "### Outcome: is missing or empty: the form requires it"


def test_a_year_that_is_not_a_year_is_refused(cli, content):
    _, _, err = propose(cli, content, body(Inspection_report_year="last year"))
    assert err.splitlines()[0] == "### Inspection report year: 'last year' is not a year: write four digits, e.g. 2025"


def test_a_body_that_is_not_an_issue_form_is_refused_without_a_traceback(cli, content):
    code, _, err = propose(cli, content, "Please add our scheme!\n")
    assert code == 1
    assert err.splitlines()[0] == ("issue: not an issue form's body: it has none of the form's '### Label' "
                                   "headings, such as '### Title'")


def test_a_heading_typed_into_a_field_stays_in_its_value(cli, content):
    propose(cli, content, body(Detail="Callers get a link.\n\n### Results\n\nnone"))
    card = written(content, "kent-video-triage-for-repeat-callers")
    assert card["detail"] == "Callers get a link.\n\n### Results\n\nnone"


def test_a_form_heading_typed_into_a_field_is_refused_as_ambiguous(cli, content):
    _, _, err = propose(cli, content, body(Detail="Callers get a link.\n\n### Outcome\n\nnone"))
    assert err.splitlines()[0] == "### Outcome: appears twice in the issue"


def test_hostile_values_stay_exact_text_in_the_written_yaml(cli, content):
    payloads = ["a: b # c", "---\n!!python/object/apply:os.system ['id']", "&anchor *alias", "'\"quotes\"'",
                *load_payloads()[:40]]
    for number, payload in enumerate(payloads, start=1):
        code, _, _ = propose(cli, content, body(Title=f"Hostile {number}", Detail=payload, Notes=payload))
        card = written(content, f"kent-hostile-{number}")
        assert (card["detail"], card["notes"]) == (payload.strip(), payload.strip()), payload


def test_the_form_lists_every_force_theme_and_document_of_the_shipped_content():
    compendium = check(PROJECT / "content")
    body = {field.get("id"): field for field in yaml.safe_load(issue_form(compendium))["body"]}
    assert body["forces"]["attributes"]["options"] == [force.name for force in compendium.forces] + [
        "The source names no force"]
    assert body["themes"]["attributes"]["options"] == [theme.title for theme in compendium.themes]
    assert body["read_from"]["attributes"]["options"] == [doc.title for doc in compendium.meta.documents]
    assert body["title"]["attributes"]["description"] == ("A short name for the practice: one line, at most 120 "
                                                          "characters.")


def test_a_missing_issue_file_is_one_plain_line(cli, tmp_path):
    code, _, err = cli("new-card", "--from-issue", tmp_path / "issue.md")
    assert code == 1
    assert err == f"{tmp_path / 'issue.md'}: cannot read the issue's body: no such file or directory\n" \
                  "1 problem found; nothing was built.\n"
