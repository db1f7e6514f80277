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
    "trend": "Whether the judgment improved, was unchanged or declined since the previous inspection, where the source "
             "prints it (pillar judgments of frameworks that have them); otherwise empty.",
    "last_inspected": "The year the judgment was last inspected, exactly as printed, where the source prints it; "
                      "otherwise empty.",
    "change": "For the current framework: improved, unchanged or declined since the previous framework on the same "
              "scale, where the two areas correspond (the areas' maps_to) and both are grades; otherwise empty.",
    "read_from": "The id of the document the judgment was read from (compendium.json lists the documents).",
}
PRACTICE_COLUMNS = {
    "id": "The practice example's id; stable, and the anchor of its permalink.",
    "framework": "Framework id.",
    "area_id": "Area id.",
    "area_title": "The area's title.",
    "force_id": "{Organisation} ids, separated by ';' where the example names several; empty where the source "
                "names no {organisation}.",
    "force_name": "The {organisations}' official names, separated by ';' like force_id; empty where the source "
                  "names no {organisation}.",
    "attribution": "How the {organisation} is known: printed (the source names it), inferred (worked out; the "
                   "card's note says how) or unknown (the source names no {organisation}).",
    "grade": "The {organisation}'s grade or status in that area, from the grade table (never typed on the card); "
             "empty where the source names no {organisation} or several (each has its own grade in grades.csv).",
    "practice_type": "innovative or promising, as the source calls the practice.",
    "evaluation": "Stage of evidence: " + "; ".join(f"{stage} ({meaning[0].lower()}{meaning[1:-1]})"
                                                   for stage, meaning in EVALUATION_MEANINGS.items()) + ".",
    "title": "A short name for the practice.",
    "objective": "What the {organisation} set out to achieve (light Markdown).",
    "detail": "What the {organisation} does (light Markdown).",
    "outcome": "What came of it, figures as published (light Markdown).",
    "themes": "Theme ids, separated by ';'.",
    "read_from": "The id of the document the example was read from (compendium.json lists the documents).",
    "read_from_text": "That document's title, edition and date, and the part or section the example sits in.",
    "same_as": "Ids of examples that report the same practice from another document, separated by ';'.",
    "source_title": "The inspection the example reports: its title where a source prints one, otherwise the "
                    "framework and the {organisation}.",
    "source_year": "Year of the report, where known.",
    "source_url": "Address of the report, where known.",
    "added_in": "Compendium version that added the example, where the version history says.",
    "url": "The example's permalink: a full address where the build knew the site's address, otherwise relative "
           "to the site root (as every url in these files).",
}
# The lookup tables grades.csv and practice.csv refer to; the first is named for the organisations ("forces.csv").
FORCES_CSV, AREAS_CSV = "{organisations}.csv", "areas.csv"
FORCE_COLUMNS = {
    "id": "{Organisation} id: the force_id of grades.csv and practice.csv.",
    "name": "The {organisation}'s official name.",
    "country": "The {region} the {organisation} is in: {regions}.",
    "url": "The {organisation}'s page: a full address where the build knew the site's address, otherwise relative "
           "to the site root (as every url in these files).",
}
AREA_COLUMNS = {
    "framework": "Framework id.",
    "area_id": "Area id within the framework: with framework, the area_id of grades.csv and practice.csv.",
    "area_title": "The area's title.",
    "within": "The area_id of the pillar the area sits within (an area of the same framework), where it is a "
              "question within a pillar; otherwise empty.",
    "url": "The area's page: a full address where the build knew the site's address, otherwise relative to the "
           "site root (as every url in these files).",
}
PRACTICE_FORCE_KEY_NOTE = (
    "force_id may hold several {organisation} ids separated by ';', so it is not a foreign key: split it on ';' "
    "to look each id up in {organisations_csv}.")
CSV_NOTE = (
    "Every CSV file is UTF-8 with a header row and CRLF line ends (RFC 4180, as the GOV.UK tabular data "
    "standard asks). A cell whose text begins with =, +, -, @, a tab or a carriage "
    "return starts with an apostrophe (') added by this site, so that a spreadsheet shows it as text instead of "
    "running it as a formula (OWASP's advice on CSV injection); remove the apostrophe when you process the files "
    "with a program. compendium.json holds every value exactly as written.")
JSON_FIELDS = {
    "version": "The compendium's version.",
    "date": "The date that version of the compendium was released (not the date this file was built).",
    "documents": "The documents practice and grades were read from: id, title, publisher, edition, date.",
    "frameworks": "Each framework's id, title, scale, statuses and trends, and its areas, each with id, title, "
                  "the pillar it sits within, maps_to (the area of each older framework it continues) and url.",
    "forces": "Each {organisation}'s id, name, url, grades (by framework, then area; a grade or an object with "
              "grade, trend, last_inspected and read_from) and changes (per current area, since the previous "
              "framework on the same scale).",
    "practice": "Every practice example with all its fields, plus its {organisation}'s grade, where it was read "
                "(read_from_text), the inspection it reports, the examples of the same practice and its url.",
    "reports": "Full inspection reports of single {organisations}: judgments, findings (areas for improvement and "
               "causes of concern) and figures exactly as printed.",
}
PACKAGE = "datapackage.json"  # the Frictionless Data Package that describes the files above
