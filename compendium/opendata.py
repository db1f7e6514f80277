"""The open data's columns and fields, each with what it holds: one list for the exports and the downloads page."""
from .model import EVALUATION_MEANINGS

GRADE_COLUMNS = {
    "framework": "Framework id, e.g. peel-2023-25.",
    "force_id": "Force id, e.g. kent.",
    "force_name": "The force's official name.",
    "area_id": "Area id within the framework.",
    "area_title": "The area's title.",
    "grade": "The grade on the framework's scale, or one of its statuses (each framework's overview page lists them).",
}
PRACTICE_COLUMNS = {
    "id": "The practice example's id; stable, and the anchor of its permalink.",
    "framework": "Framework id.",
    "area_id": "Area id.",
    "area_title": "The area's title.",
    "force_id": "Force id; empty where the source names no force.",
    "force_name": "The force's official name; empty where the source names no force.",
    "attribution": "How the force is known: printed (the source names it), inferred (worked out; the card's "
                   "note says how) or unknown (the source names no force).",
    "grade": "The force's grade or status in that area, from the grade table (never typed on the card); "
             "empty where the source names no force.",
    "practice_type": "innovative or promising, as HMICFRS and the College of Policing practice bank use the words.",
    "evaluation": "Stage of evidence: " + "; ".join(f"{stage} ({meaning[0].lower()}{meaning[1:-1]})"
                                                   for stage, meaning in EVALUATION_MEANINGS.items()) + ".",
    "title": "A short name for the practice.",
    "objective": "What the force set out to achieve (light Markdown).",
    "detail": "What the force does (light Markdown).",
    "outcome": "What came of it, figures as published (light Markdown).",
    "themes": "Theme ids, separated by ';'.",
    "read_from": "The document the example was read from, its edition and date, and its section.",
    "source_title": "The inspection the example reports: its title where a source prints one, otherwise the "
                    "framework and the force.",
    "source_year": "Year of the report, where known.",
    "source_url": "Address of the report, where known.",
    "added_in": "Compendium version that added the example, where the version history says.",
    "url": "The example's permalink, relative to the site root.",
}
CSV_NOTE = (
    "Both CSV files are UTF-8 with a header row. A cell whose text begins with =, +, -, @, a tab or a carriage "
    "return starts with an apostrophe (') added by this site, so that a spreadsheet shows it as text instead of "
    "running it as a formula (OWASP's advice on CSV injection); remove the apostrophe when you process the files "
    "with a program. compendium.json holds every value exactly as written.")
JSON_FIELDS = {
    "version": "The compendium's version.",
    "frameworks": "Each framework's id and title, and its areas, each with id, title and url.",
    "forces": "Each force's id, name, url and grades (by framework, then area).",
    "practice": "Every practice example with all its fields, plus its force's grade, where it was read "
                "(read_from_text), the inspection it reports and its url.",
}
LICENCE = (
    "The grades and practice examples come from reports of His Majesty's Inspectorate of Constabulary and "
    "Fire & Rescue Services (HMICFRS), published under the Open Government Licence v3.0, and from the Scottish "
    "Police Authority's *UK Policing Compendium of Operational Practice* (version 1.6, 21 July 2025). The "
    "practice examples are summarised in this project's own words. When you reuse the data, attribute it: "
    "*Contains public sector information from HMICFRS and the Scottish Police Authority.* Check each "
    "example against its source report before relying on it.")
