"""The open data's columns and fields, each with what it holds: one list for the exports and the downloads page.

Descriptions name the compendium's parts with its vocabulary: {organisation}, {organisations}, {inspectorate}
and {Organisation} are filled in from content/compendium.yaml (see context.Compendium.labels)."""
from .model import EVALUATION_MEANINGS

GRADE_COLUMNS = {
    "framework": "Framework id.",
    "force_id": "{Organisation} id.",
    "force_name": "The {organisation}'s official name.",
    "area_id": "Area id within the framework.",
    "area_title": "The area's title.",
    "grade": "The grade on the framework's scale, or one of its statuses (each framework's overview page lists them).",
}
PRACTICE_COLUMNS = {
    "id": "The practice example's id; stable, and the anchor of its permalink.",
    "framework": "Framework id.",
    "area_id": "Area id.",
    "area_title": "The area's title.",
    "force_id": "{Organisation} id; empty where the source names no {organisation}.",
    "force_name": "The {organisation}'s official name; empty where the source names no {organisation}.",
    "attribution": "How the {organisation} is known: printed (the source names it), inferred (worked out; the "
                   "card's note says how) or unknown (the source names no {organisation}).",
    "grade": "The {organisation}'s grade or status in that area, from the grade table (never typed on the card); "
             "empty where the source names no {organisation}.",
    "practice_type": "innovative or promising, as the source calls the practice.",
    "evaluation": "Stage of evidence: " + "; ".join(f"{stage} ({meaning[0].lower()}{meaning[1:-1]})"
                                                   for stage, meaning in EVALUATION_MEANINGS.items()) + ".",
    "title": "A short name for the practice.",
    "objective": "What the {organisation} set out to achieve (light Markdown).",
    "detail": "What the {organisation} does (light Markdown).",
    "outcome": "What came of it, figures as published (light Markdown).",
    "themes": "Theme ids, separated by ';'.",
    "read_from": "The document the example was read from, its edition and date, and its section.",
    "source_title": "The inspection the example reports: its title where a source prints one, otherwise the "
                    "framework and the {organisation}.",
    "source_year": "Year of the report, where known.",
    "source_url": "Address of the report, where known.",
    "added_in": "Compendium version that added the example, where the version history says.",
    "url": "The example's permalink, relative to the site root.",
}
CSV_NOTE = (
    "Both CSV files are UTF-8 with a header row and CRLF line ends (RFC 4180, as the GOV.UK tabular data "
    "standard asks). A cell whose text begins with =, +, -, @, a tab or a carriage "
    "return starts with an apostrophe (') added by this site, so that a spreadsheet shows it as text instead of "
    "running it as a formula (OWASP's advice on CSV injection); remove the apostrophe when you process the files "
    "with a program. compendium.json holds every value exactly as written.")
JSON_FIELDS = {
    "version": "The compendium's version.",
    "frameworks": "Each framework's id and title, and its areas, each with id, title and url.",
    "forces": "Each {organisation}'s id, name, url and grades (by framework, then area).",
    "practice": "Every practice example with all its fields, plus its {organisation}'s grade, where it was read "
                "(read_from_text), the inspection it reports and its url.",
}
