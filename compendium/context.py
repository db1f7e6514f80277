"""The validated compendium and every fact derived from it, computed once for all pages and exports."""
from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from itertools import islice
from dataclasses import dataclass, field
from functools import cached_property
from types import SimpleNamespace

from . import opendata
from .model import (ATTRIBUTION_LABELS, ATTRIBUTIONS, EVALUATION_MEANINGS, EVALUATION_STAGES, FINDING_KINDS,
                    NOTE_KINDS, PRACTICE_TYPES, Area, Card, Force, Framework, Judgment, Meta, Report, SourceNote,
                    Theme)

# How a grade moved between two cycles whose areas correspond and whose scales are the same.
CHANGES = {"improved": "Improved", "unchanged": "Unchanged", "declined": "Declined"}

RELATED_PRACTICE = 3  # at most this many cards of other organisations under "Related practice" on each card

# The format readers see beside a download, by the file name's ending.
FILE_FORMATS = {"csv": "CSV", "json": "JSON", "html": "HTML", "zip": "ZIP", "xml": "Atom feed"}


# Every kind of page and its address relative to the site's root, with the ids it is made of: adding a page kind
# is one entry here and one template. {organisations} is the compendium's own word as a folder name. An engine
# writes each page as an index file in that folder (see mkdocs_adapter.py); nothing else knows file names.
ROUTES = {
    "home": "",
    "framework": "{framework}/",
    "changes": "{framework}/changes/",
    "area": "{framework}/{area}/",
    "grades": "{framework}/grades/",
    "grades_by_area": "{framework}/grades/by-area/",
    "grade_view": "{framework}/grades/{view}/",
    "find": "find/",
    "forces": "{organisations}/",
    "force": "{organisations}/{force}/",
    "themes": "themes/",
    "theme": "themes/{theme}/",
    "whats_new": "whats-new/",
    "release": "whats-new/{version}/",
    "source_notes": "source-notes/",
    "downloads": "downloads/",
    "accessibility": "accessibility/",  # a static page, written by hand in docs/
}


def _route(kind: str, *id_names: str):
    """A method of Pages: the source path of one kind of page, given its ids in order (each worked out once: a
    page links to the same pages again and again)."""
    known: dict = {}

    def path(self, *ids: str) -> str:
        try:
            return known[(self, ids)]
        except KeyError:
            found = known[(self, ids)] = self.path(kind, **dict(zip(id_names, ids)))
            return found
    path.__name__ = kind
    return path


@dataclass(frozen=True)
class Pages:
    """Where each kind of page lives (ROUTES filled in):
    pages.area("peel-2023-25", "investigating-crime") is "peel-2023-25/investigating-crime/"."""

    organisations: str = "forces"

    def path(self, kind: str, **ids: str) -> str:
        return ROUTES[kind].format(organisations=self.organisations, **ids)

    home = _route("home")
    framework = _route("framework", "framework")
    changes = _route("changes", "framework")
    area = _route("area", "framework", "area")
    grades = _route("grades", "framework")
    grades_by_area = _route("grades_by_area", "framework")
    grade_view = _route("grade_view", "framework", "view")
    find = _route("find")
    forces = _route("forces")
    force = _route("force", "force")
    themes = _route("themes")
    theme = _route("theme", "theme")
    whats_new = _route("whats_new")
    release = _route("release", "version")
    source_notes = _route("source_notes")
    downloads = _route("downloads")
    accessibility = _route("accessibility")


@dataclass
class Compendium:
    """Everything the pages, the handout and the exports need; nothing is typed twice in content."""

    meta: Meta
    themes: list[Theme]
    notes: list[SourceNote]
    frameworks: list[Framework]
    forces: list[Force]
    cards: list[Card]
    reports: list[Report] = field(default_factory=list)
    card_paths: dict[str, str] = field(default_factory=dict)
    warnings: list = field(default_factory=list)  # Problems that do not stop a build (a stray file)
    # The size in bytes of each file a build publishes beside its pages, by file name, as publish.py measured the
    # bytes it writes, before rendering the pages that list them; empty where pages are rendered on their own.
    file_sizes: dict[str, int] = field(default_factory=dict)
    # The address the site is published at, where the build knows it (settings.site_url): the open data and the feed
    # then give absolute addresses; otherwise addresses relative to the site root.
    site_url: str | None = None

    def address(self, page: str, anchor: str | None = None) -> str:
        """A page's address in the open data and the feed: absolute under site_url where known, otherwise relative
        to the site root ('forces/kent/')."""
        where = f"{page}#{anchor}" if anchor else page
        return f"{self.site_url.rstrip('/')}/{where}" if self.site_url else where

    def __post_init__(self) -> None:
        self.frameworks = sorted(self.frameworks, key=lambda framework: framework.order)
        self.forces = sorted(self.forces, key=lambda force: force.name)
        self.themes = sorted(self.themes, key=lambda theme: theme.title)
        self.cards = sorted(self.cards, key=self._card_order)

    @cached_property
    def pages(self) -> Pages:
        """The routes of this compendium's pages: its organisations get a folder named in its own word."""
        return Pages(slug(self.meta.vocabulary.organisations))

    @cached_property
    def words(self) -> dict[str, str]:
        """The compendium's own words for its parts, as the labels below and the templates use them."""
        vocabulary = self.meta.vocabulary
        return {"organisation": vocabulary.organisation, "organisations": vocabulary.organisations,
                "Organisation": _capital(vocabulary.organisation), "Organisations": _capital(vocabulary.organisations),
                "inspectorate": vocabulary.inspectorate, "framework_family": vocabulary.framework_family}

    @cached_property
    def labels(self) -> SimpleNamespace:
        """Every fixed label and description readers see, in this compendium's words."""
        def worded(texts: dict[str, str], **more: str) -> dict[str, str]:
            return {key: text.format(**self.words, **more) for key, text in texts.items()}
        vocabulary = self.meta.vocabulary
        regions = {"region": vocabulary.region.lower(), "regions": " or ".join(vocabulary.regions)}
        return SimpleNamespace(
            evaluation_stages=worded(EVALUATION_STAGES), evaluation_meanings=worded(EVALUATION_MEANINGS),
            attributions=worded(ATTRIBUTIONS), attribution_labels=worded(ATTRIBUTION_LABELS),
            practice_types=worded(PRACTICE_TYPES), note_kinds=worded(NOTE_KINDS), changes=CHANGES,
            finding_kinds=FINDING_KINDS,
            grade_columns=worded(opendata.GRADE_COLUMNS), practice_columns=worded(opendata.PRACTICE_COLUMNS),
            force_columns=worded(opendata.FORCE_COLUMNS, **regions), area_columns=worded(opendata.AREA_COLUMNS),
            forces_csv=self.organisations_csv, areas_csv=opendata.AREAS_CSV,
            practice_force_key_note=opendata.PRACTICE_FORCE_KEY_NOTE.format(**self.words,
                                                                            organisations_csv=self.organisations_csv),
            json_fields=worded(opendata.JSON_FIELDS), csv_note=opendata.CSV_NOTE)

    @cached_property
    def framework_by_id(self) -> dict[str, Framework]:
        return {framework.id: framework for framework in self.frameworks}

    @cached_property
    def force_by_id(self) -> dict[str, Force]:
        return {force.id: force for force in self.forces}

    @cached_property
    def theme_by_id(self) -> dict[str, Theme]:
        return {theme.id: theme for theme in self.themes}

    def area(self, framework_id: str, area_id: str) -> Area:
        found = self._area_by_ids.get((framework_id, area_id))
        if found is None:  # not an area of the framework: fails as a search of its areas does
            return next(area for area in self.framework_by_id[framework_id].areas if area.id == area_id)
        return found

    @cached_property
    def _area_by_ids(self) -> dict[tuple[str, str], Area]:
        """Every area by (framework id, area id): a page looks areas up thousands of times."""
        return {(framework.id, area.id): area for framework in self.frameworks for area in framework.areas}

    @cached_property
    def _memo(self) -> dict[tuple, object]:
        """Derived facts asked for with arguments (a judgment, a force's record), each worked out the first time
        it is asked for and kept: every page, the handout and the open data ask for the same ones again."""
        return {}

    def _card_fact(self, compute, card: Card):
        """compute(card), worked out once for each card of the compendium (a card is known by its id, and only the
        card itself gets the value kept for it)."""
        key = ("card", compute.__name__, card.id)
        kept = self._memo.get(key)
        if kept is None or kept[0] is not card:
            kept = self._memo[key] = (card, compute(card))
        return kept[1]

    def take_card_facts(self, earlier: Compendium) -> None:
        """Take over the facts an earlier version of the content worked out for its cards, for a preview after a
        save that changed cards only. A card's facts depend on the card and the rest of the content, never on other
        cards; an unchanged card is the very same object (validate converts an unchanged file once), and a changed
        one is a new object, which gets its facts worked out again."""
        self._memo.update((key, kept) for key, kept in earlier._memo.items() if key[0] == "card")

    def remembered(self, key: tuple, compute):
        """The value compute() gives, worked out the first time this key is asked for and kept with the
        compendium (as a cached_property is): for what other modules derive from it, such as a chart."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    def _card_order(self, card: Card):
        """Framework, area, then the first force's name; cards whose force the source does not name come last."""
        framework = self.framework_by_id[card.framework]
        area_index = [area.id for area in framework.areas].index(card.area)
        forces = self.card_forces(card)
        return (framework.order, area_index, not forces, forces[0].name if forces else "", card.id)

    @cached_property
    def document_by_id(self) -> dict:
        return {document.id: document for document in self.meta.documents}

    @cached_property
    def organisations_csv(self) -> str:
        """The open data's table of organisations, named in the compendium's word for them: 'forces.csv'."""
        return opendata.FORCES_CSV.format(organisations=slug(self.words["organisations"]))

    @cached_property
    def own_document(self):
        """The compendium's own document, the first in compendium.yaml: grades are read from it unless their
        framework or the judgment names another, and a new card is read from it unless the editor says otherwise."""
        return self.meta.documents[0]

    def card_forces(self, card: Card) -> list[Force]:
        """The card's forces, in the order the source names them; none where it names none ('unknown')."""
        return [self.force_by_id[force_id] for force_id in card.forces]

    # --- derived facts ---

    def judgment(self, force_id: str, framework_id: str, area_id: str) -> Judgment:
        """A force's grade or status in one area, with its trend and year where the source gives them."""
        def read() -> Judgment:
            value = self.force_by_id[force_id].grades[framework_id][area_id]
            return value if isinstance(value, Judgment) else Judgment(grade=value)
        return self.remembered(("judgment", force_id, framework_id, area_id), read)

    def grade(self, force_id: str, framework_id: str, area_id: str) -> str:
        """A force's grade or status in one area: the one place a card's grade comes from."""
        return self.judgment(force_id, framework_id, area_id).grade

    def card_grade(self, card: Card) -> str | None:
        """The grade of the card's force in its area; None where it names no force or several (each its own)."""
        return self.grade(card.forces[0], card.framework, card.area) if len(card.forces) == 1 else None

    def card_force_grades(self, card: Card) -> list[tuple[Force, str]]:
        """Each force the card names with its grade in the card's area."""
        return self._card_fact(self._card_force_grades, card)

    def _card_force_grades(self, card: Card) -> list[tuple[Force, str]]:
        return [(force, self.grade(force.id, card.framework, card.area)) for force in self.card_forces(card)]

    def other_forces(self, card: Card, force_id: str) -> list[Force]:
        """The card's forces but one: who else a several-force card names, on that one's page."""
        return [force for force in self.card_forces(card) if force.id != force_id]

    @cached_property
    def same_practice(self) -> dict[str, list[Card]]:
        """For each card, the cards that report the same practice from another document: a link written on
        either card shows on both."""
        linked: dict[str, set[str]] = defaultdict(set)
        for card in self.cards:
            for other in card.same_as:
                linked[card.id].add(other)
                linked[other].add(card.id)
        return {card_id: [self.card_by_id[other] for other in sorted(others)] for card_id, others in linked.items()}

    @cached_property
    def related_cards(self) -> dict[str, list[Card]]:
        """For each card, up to RELATED_PRACTICE cards of other organisations (none named on both) that a reader
        of it may want next: first those of the same framework and area that share themes with it, most themes
        shared first; then the rest of that area; then those elsewhere that share themes, most shared first; ties
        in card order. Never the card itself or a card reporting the same practice (same_practice).

        Cards are grouped by area and by their set of themes, and each group is looked into only as far as the
        ranking needs, so the work grows with the cards times the theme sets of an area, not the cards squared."""
        order = {card.id: index for index, card in enumerate(self.cards)}
        in_area: dict = defaultdict(lambda: defaultdict(list))  # (framework, area) -> themes -> cards in order
        anywhere: dict = defaultdict(list)  # themes -> cards in order
        for card in self.cards:
            in_area[(card.framework, card.area)][frozenset(card.themes)].append(card)
            anywhere[frozenset(card.themes)].append(card)

        def pick(ranked_groups: dict, wanted, limit: int) -> list[Card]:
            """The first `limit` wanted cards, by rank, then card order, from {rank: [group of cards in order]}."""
            picked: list[Card] = []
            for rank in sorted(ranked_groups):
                left = limit - len(picked)
                firsts = [other for group in ranked_groups[rank] for other in islice(filter(wanted, group), left)]
                picked += sorted(firsts, key=lambda other: order[other.id])[:left]
                if len(picked) == limit:
                    break
            return picked

        related = {}
        for card in self.cards:
            area, themes = (card.framework, card.area), set(card.themes)
            unwanted = {card.id, *(other.id for other in self.same_practice.get(card.id, []))}

            def wanted(other: Card, forces=frozenset(card.forces), unwanted=unwanted) -> bool:
                return other.id not in unwanted and forces.isdisjoint(other.forces)

            same_area: dict = defaultdict(list)
            for key, group in in_area[area].items():
                shared = len(themes & key)
                same_area[(0, -shared) if shared else (1, 0)].append(group)
            chosen = pick(same_area, wanted, RELATED_PRACTICE)
            if len(chosen) < RELATED_PRACTICE:
                elsewhere: dict = defaultdict(list)
                for key, group in anywhere.items():
                    if themes & key:
                        elsewhere[-len(themes & key)].append(group)
                chosen += pick(elsewhere, lambda other, area=area, wanted=wanted: (other.framework, other.area) != area
                               and wanted(other), RELATED_PRACTICE - len(chosen))
            related[card.id] = chosen
        return related

    def read_from(self, card: Card) -> str:
        """Where the card's text was read: the document, its edition and date, and the card's section."""
        return self._card_fact(self._read_from, card)

    def _read_from(self, card: Card) -> str:
        section = card.read_at or (f"{self.framework_by_id[card.framework].title}, "
                                   f"{self.area(card.framework, card.area).title}")
        return f"{self.document_text(card.read_from)}: {section}"

    def document_text(self, document_id: str) -> str:
        """A document as a reference: its title, edition, publisher and date."""
        return self.remembered(("document_text", document_id), lambda: self._document_text(document_id))

    def _document_text(self, document_id: str) -> str:
        document = self.document_by_id[document_id]
        when = _long_date(document.date) if document.date else document.published
        details = ", ".join(part for part in (document.publisher, when) if part)
        subtitle = f": {document.subtitle}" if document.subtitle else ""
        edition = f", {document.edition}" if document.edition else ""
        return f"{document.title}{subtitle}{edition} ({details})"

    def inspection(self, card: Card) -> str:
        """The inspection the card reports: its title where a source prints one, else framework and force."""
        return self._card_fact(self._inspection, card)

    def _inspection(self, card: Card) -> str:
        if card.source and card.source.title:
            return card.source.title
        names = [force.name for force in self.card_forces(card)]
        framework = self.framework_by_id[card.framework].title
        if not names:
            return f"{framework} inspection of a {self.words['organisation']} the source does not name"
        if len(names) == 1:
            return f"{framework} inspection of {names[0]}"
        return f"{framework} inspections of {', '.join(names[:-1])} and {names[-1]}"

    @cached_property
    def cards_by_area(self) -> dict[tuple[str, str], list[Card]]:
        return _group(self.cards, lambda card: (card.framework, card.area))

    @cached_property
    def cards_by_page(self) -> dict[str, list[Card]]:
        """The cards each page shows in full (card_page), in card order."""
        return _group(self.cards, self.card_page)

    @cached_property
    def cards_by_force(self) -> dict[str, list[Card]]:
        grouped: dict[str, list[Card]] = defaultdict(list)
        for card in self.cards:
            for force_id in card.forces:
                grouped[force_id].append(card)
        return dict(grouped)

    @cached_property
    def cards_by_theme(self) -> dict[str, list[Card]]:
        grouped: dict[str, list[Card]] = defaultdict(list)
        for card in self.cards:
            for theme in card.themes:
                grouped[theme].append(card)
        return dict(grouped)

    @cached_property
    def cards_by_evaluation(self) -> dict[str, list[Card]]:
        return _group(self.cards, lambda card: card.evaluation)

    @cached_property
    def cards_by_attribution(self) -> dict[str, list[Card]]:
        return _group(self.cards, lambda card: card.attribution)

    @cached_property
    def cards_by_version(self) -> dict[str, list[Card]]:
        return _group([card for card in self.cards if card.added_in], lambda card: card.added_in)

    def forces_by_grade(self, framework_id: str, area_id: str) -> list[tuple[str, list[Force]]]:
        """Each grade and status of an area, in scale order, with the organisations that hold it."""
        return self._forces_by_grade[(framework_id, area_id)]

    @cached_property
    def _forces_by_grade(self) -> dict[tuple[str, str], list[tuple[str, list[Force]]]]:
        """Every area's tally, made once for every page and the handout that show it."""
        tallies = {}
        for framework in self.frameworks:
            labels = [*framework.grade_scale, *framework.statuses]
            graded = [force for force in self.forces if framework.id in force.grades]
            for area in framework.areas:
                holders = {label: [] for label in labels}
                for force in graded:
                    holders[self.grade(force.id, framework.id, area.id)].append(force)
                tallies[(framework.id, area.id)] = list(holders.items())
        return tallies

    def areas_with_practice(self, framework: Framework) -> list[Area]:
        """The framework's areas that hold practice examples, most examples first (ties in the framework's order)."""
        counted = [area for area in framework.areas if self.cards_by_area.get((framework.id, area.id))]
        return sorted(counted, key=lambda area: -len(self.cards_by_area[(framework.id, area.id)]))

    def areas_without_practice(self, framework: Framework) -> list[Area]:
        return [area for area in framework.areas if not self.cards_by_area.get((framework.id, area.id))]

    @cached_property
    def releases_newest_first(self) -> list:
        return list(reversed(self.meta.history))

    @cached_property
    def release_dates(self) -> dict[str, datetime.date]:
        """The day each version came out, for what needs a full date (the feed): the compendium's date for the
        current version. The history gives earlier ones a month and year ("February 2025"), so they get the first
        day of that month (of the year, where it gives a year alone); never later than the compendium's date,
        which a version whose date cannot be read at all takes too."""
        def first_day(published: str) -> datetime.date:
            for form in ("%B %Y", "%b %Y", "%Y"):
                try:
                    return min(datetime.datetime.strptime(published.strip(), form).date(), self.meta.date)
                except ValueError:
                    continue
            return self.meta.date
        return {release.version: self.meta.date if release.version == self.meta.version
                else first_day(release.published) for release in self.meta.history}

    def file_label(self, name: str) -> str:
        """A download's format and, where the build measured it, its size: 'CSV, 41 KB'; 'ZIP' with no size."""
        kind = FILE_FORMATS.get(name.rsplit(".", 1)[-1].lower(), name.rsplit(".", 1)[-1].upper())
        size = self.file_sizes.get(name)
        return f"{kind}, {human_size(size)}" if size is not None else kind

    def grade_rank(self, framework_id: str, label: str) -> int:
        """A grade's place for sorting: the scale in order, then the statuses."""
        def rank() -> int:
            framework = self.framework_by_id[framework_id]
            return [*framework.grade_scale, *framework.statuses].index(label)
        return self.remembered(("grade_rank", framework_id, label), rank)

    def grade_class(self, framework_id: str, label: str) -> str:
        """The CSS class of a grade, by its place on the scale, not its words, so any scale gets the same colours:
        the best grade tone 0, the worst tone 4, the rest spread between; every status one neutral class."""
        def css_class() -> str:
            scale = self.framework_by_id[framework_id].grade_scale
            if label not in scale:
                return "grade--status"
            return f"grade--tone-{round(4 * scale.index(label) / max(len(scale) - 1, 1))}"
        return self.remembered(("grade_class", framework_id, label), css_class)

    def labels_in_use(self, framework: Framework) -> list[str]:
        """The grades and statuses some organisation holds under the framework, in scale order."""
        held = {self.grade(force.id, framework.id, area.id) for force in self.forces if framework.id in force.grades
                for area in framework.areas}
        return [label for label in [*framework.grade_scale, *framework.statuses] if label in held]

    def is_grade(self, framework_id: str, label: str) -> bool:
        return label in self.framework_by_id[framework_id].grade_scale

    @cached_property
    def graded_frameworks(self) -> list[Framework]:
        return [framework for framework in self.frameworks if framework.graded]

    @cached_property
    def current_framework(self) -> Framework | None:
        """The newest framework under which grades were given (frameworks are in order, newest first), if any."""
        return next(iter(self.graded_frameworks), None)

    def force_grade_counts(self, force_id: str, framework_id: str) -> list[tuple[str, int]]:
        """How many of a force's areas hold each grade or status, in scale order, zeros left out."""
        framework = self.framework_by_id[framework_id]
        counts = Counter(self.grade(force_id, framework_id, area.id) for area in framework.areas)
        return [(label, counts[label]) for label in [*framework.grade_scale, *framework.statuses] if counts[label]]

    def force_cards_in_area(self, force_id: str, framework_id: str, area_id: str) -> list[Card]:
        return self._force_cards_by_area.get((force_id, framework_id, area_id), [])

    def force_practice(self, force_id: str) -> list[tuple[Framework, Area, list[Card]]]:
        """The areas in which a force has practice examples, frameworks and areas in order, each with those cards."""
        return [(framework, area, self._force_cards_by_area[(force_id, framework.id, area.id)])
                for framework in self.frameworks for area in framework.areas
                if (force_id, framework.id, area.id) in self._force_cards_by_area]

    @cached_property
    def _force_cards_by_area(self) -> dict[tuple[str, str, str], list[Card]]:
        """Each force's cards in each area, in card order: a force's page and the handout ask for every area."""
        grouped: dict = defaultdict(list)
        for card in self.cards:
            for force_id in dict.fromkeys(card.forces):
                grouped[(force_id, card.framework, card.area)].append(card)
        return dict(grouped)

    # --- each organisation's record across inspection cycles ---

    @cached_property
    def cycles(self) -> list[Framework]:
        """The graded frameworks, oldest first: the columns of every record across cycles."""
        return list(reversed(self.graded_frameworks))

    @cached_property
    def earlier_cycles(self) -> list[Framework]:
        """The graded frameworks before the current one, oldest first."""
        return self.cycles[:-1]

    @cached_property
    def compared_framework(self) -> Framework | None:
        """The newest older framework on the current one's scale: the cycle a change is counted from. A change
        between scales of different grades (one with 'Adequate', one without) would be false, so none is shown."""
        current = self.current_framework
        return next((framework for framework in self.graded_frameworks[1:]
                     if current and framework.grade_scale == current.grade_scale), None)

    def corresponding_area(self, area: Area, framework_id: str) -> Area | None:
        """The area of another framework that a current area continues, as its maps_to says; None if none."""
        if framework_id == self.current_framework.id:
            return area
        target = area.maps_to.get(framework_id)
        return self.area(framework_id, target) if target else None

    def change(self, force_id: str, area: Area) -> str | None:
        """How a force's grade in a current area moved since the compared cycle: a key of CHANGES, or None where
        the areas do not correspond or either side is a status rather than a grade."""
        current = self.current_framework
        if current is None or self._area_by_ids.get((current.id, area.id)) is not area:
            return self._change(force_id, area)  # not an area of the current framework as the compendium holds it
        return self.remembered(("change", force_id, area.id), lambda: self._change(force_id, area))

    def _change(self, force_id: str, area: Area) -> str | None:
        older = self.compared_framework
        earlier_area = older and self.corresponding_area(area, older.id)
        if earlier_area is None or older.id not in self.force_by_id[force_id].grades:
            return None
        scale = self.current_framework.grade_scale
        before = self.grade(force_id, older.id, earlier_area.id)
        now = self.grade(force_id, self.current_framework.id, area.id)
        if before not in scale or now not in scale:
            return None
        step = scale.index(before) - scale.index(now)
        return "improved" if step > 0 else "declined" if step < 0 else "unchanged"

    def force_history(self, force_id: str) -> list[HistoryRow]:
        """One row per area of the current framework: its corresponding area and judgment in every cycle, and
        the change since the compared cycle."""
        return self.remembered(("force_history", force_id), lambda: self._force_history(force_id))

    def _force_history(self, force_id: str) -> list[HistoryRow]:
        force = self.force_by_id[force_id]
        rows = []
        for area in self.current_framework.areas:
            cells = []
            for framework in self.cycles:
                earlier = self.corresponding_area(area, framework.id)
                judgment = self.judgment(force_id, framework.id, earlier.id) \
                    if earlier and framework.id in force.grades else None
                cells.append(HistoryCell(framework, earlier, judgment))
            rows.append(HistoryRow(area, cells, self.change(force_id, area)))
        return rows

    @cached_property
    def changes_by_area(self) -> list[tuple[Area, dict[str, list[Force]]]]:
        """Per current area, the forces whose grade improved, held or declined since the compared cycle, and
        (under None) those for which no change can be told."""
        table = []
        for area in self.current_framework.areas if self.compared_framework else []:
            moved: dict = {key: [] for key in (*CHANGES, None)}
            for force in self.forces:
                moved[self.change(force.id, area)].append(force)
            table.append((area, moved))
        return table

    def judgment_details(self, framework: Framework) -> list[tuple[str, str]]:
        """The fields beside a grade ('trend', 'last_inspected') that some judgment of this framework gives, with
        their column labels: the columns a grade table of the framework needs."""
        def details() -> list[tuple[str, str]]:
            labels = {"trend": "Trend", "last_inspected": "Last inspected"}
            present = {name for force in self.forces for value in force.grades.get(framework.id, {}).values()
                       if isinstance(value, Judgment) for name in labels if getattr(value, name)}
            return [(name, label) for name, label in labels.items() if name in present]
        return self.remembered(("judgment_details", framework.id), details)

    def grade_cell(self, force: Force, framework: Framework, area: Area) -> GradeCell:
        """A force's judgment in one area with what a grade table prints beside it (see GradeCell)."""
        key = ("grade_cell", force.id, framework.id, area.id)
        cell = self._memo.get(key)
        if cell is None or cell.force is not force or cell.area is not area:
            judgment = self.judgment(force.id, framework.id, area.id)
            compared = framework == self.current_framework and self.compared_framework
            cell = self._memo[key] = GradeCell(
                force, area, judgment, self.grade_rank(framework.id, judgment.grade),
                tuple(getattr(judgment, name) or "" for name, _ in self.judgment_details(framework)),
                self.change(force.id, area) if compared else None,
                self.force_cards_in_area(force.id, framework.id, area.id))
        return cell

    def grade_table(self, framework: Framework) -> list[tuple[Force, list[GradeCell]]]:
        """Every force (a row) with its cell in every area of the framework (the columns)."""
        key = ("grade_table", framework.id)
        kept = self._memo.get(key)
        if kept is None or kept[0] is not framework:
            kept = self._memo[key] = (framework, [
                (force, [self.grade_cell(force, framework, area) for area in framework.areas])
                for force in self.forces])
        return kept[1]

    def area_grade_cells(self, framework: Framework, area: Area) -> list[GradeCell]:
        """Every force's cell in one area, in the order of the forces."""
        return [self.grade_cell(force, framework, area) for force in self.forces]

    def force_grade_cells(self, force: Force, framework: Framework) -> list[GradeCell]:
        """One force's cell in every area of the framework."""
        return [self.grade_cell(force, framework, area) for area in framework.areas]

    def framework_outline(self, framework: Framework) -> list[tuple[Area, list[Area]]]:
        """The framework's top-level areas (pillars, where it has them), each with the questions within it."""
        return [(area, [question for question in framework.areas if question.within == area.id])
                for area in framework.areas if area.within is None]

    @cached_property
    def reports_by_force(self) -> dict[str, list[Report]]:
        return _group(self.reports, lambda report: report.force)

    def findings_by_question(self, report: Report) -> list[tuple[Area, list]]:
        """A report's findings grouped under the question each belongs to, causes of concern first."""
        order = list(FINDING_KINDS)
        grouped = _group(sorted(report.findings, key=lambda finding: order.index(finding.kind)),
                         lambda finding: finding.area)
        return [(self.area(report.framework, area_id), findings) for area_id, findings in grouped.items()]

    @cached_property
    def card_by_id(self) -> dict[str, Card]:
        return {card.id: card for card in self.cards}

    def notes_in_framework(self, framework_id: str) -> list[SourceNote]:
        return [note for note in self.notes if note.framework == framework_id]

    def notes_for(self, framework_id: str, area_id: str | None = None) -> list[SourceNote]:
        return [note for note in self.notes if note.framework == framework_id and note.area == area_id]

    def card_page(self, card: Card) -> str:
        return self.pages.area(card.framework, card.area)

    # --- ready answers: who holds the grades readers ask about ---

    def grade_views(self, framework: Framework) -> list[GradeView]:
        """The lowest two grades of the scale together (the ones that call for improvement) and the highest."""
        scale = tuple(framework.grade_scale)
        if not framework.graded or len(scale) < 3:
            return []
        return [GradeView(framework, scale[-2:]), GradeView(framework, scale[:1])]

    @cached_property
    def all_grade_views(self) -> list[GradeView]:
        """Every view of every graded framework and each of their parts: one CSV file each."""
        views = [view for framework in self.graded_frameworks for view in self.grade_views(framework)]
        return [each for view in views for each in (view, *view.parts)]

    def view_by_area(self, view: GradeView) -> list[tuple[Area, list[tuple[str, list[Force]]]]]:
        """Per area, each grade of the view with the organisations that hold it."""
        return [(area, [(label, forces) for label, forces in self.forces_by_grade(view.framework.id, area.id)
                        if label in view.labels])
                for area in view.framework.areas]

    def view_by_force(self, view: GradeView) -> list[tuple[Force, list[tuple[Area, str]]]]:
        """Each organisation holding a grade of the view in some area, with those areas: most areas first."""
        held = []
        for force in self.forces:
            if view.framework.id not in force.grades:
                continue
            areas = [(area, self.grade(force.id, view.framework.id, area.id)) for area in view.framework.areas]
            areas = [(area, label) for area, label in areas if label in view.labels]
            if areas:
                held.append((force, areas))
        return sorted(held, key=lambda item: (-len(item[1]), item[0].name))

    # --- the practice finder: every card's values for each filter, and the filters' options ---

    @cached_property
    def facets(self) -> list[Facet]:
        """The finder's filters, each option with the number of cards it holds; options no card holds are left out."""
        def options(values_of, label_of, order=None) -> list[tuple[str, str, int]]:
            counts = Counter(value for card in self.cards for value in values_of(card))
            values = order if order is not None else sorted(counts, key=lambda value: label_of(value).lower())
            return [(value, label_of(value), counts[value]) for value in values if counts[value]]

        labels = self.labels
        grade_words = {slug(label): label for framework in self.frameworks
                       for label in [*framework.grade_scale, *framework.statuses]}
        area_words = {slug(area.title): area.title for framework in self.frameworks for area in framework.areas}
        return [
            Facet("framework", "Framework", options(lambda card: [card.framework],
                                                    lambda value: self.framework_by_id[value].title,
                                                    [framework.id for framework in self.frameworks])),
            Facet("area", "Area", options(lambda card: [slug(self.area(card.framework, card.area).title)],
                                          area_words.__getitem__)),
            Facet("force", self.words["Organisation"], options(lambda card: card.forces,
                                                               lambda value: self.force_by_id[value].name)),
            Facet("grade", "Grade in that area", options(self._card_grade_values, grade_words.__getitem__,
                                                         list(grade_words))),
            Facet("type", "Practice type", options(lambda card: [card.practice_type],
                                                   labels.practice_types.__getitem__, list(labels.practice_types))),
            Facet("evaluation", "Evaluation", options(lambda card: [card.evaluation],
                                                      labels.evaluation_stages.__getitem__,
                                                      list(labels.evaluation_stages))),
            Facet("attribution", "Attribution", options(lambda card: [card.attribution],
                                                        labels.attribution_labels.__getitem__,
                                                        list(labels.attribution_labels))),
            Facet("theme", "Theme", options(lambda card: card.themes, lambda value: self.theme_by_id[value].title)),
            Facet("version", "Version added", options(lambda card: [card.added_in] if card.added_in else [],
                                                      lambda value: f"Version {value}",
                                                      [release.version for release in self.releases_newest_first])),
        ]

    def _card_grade_values(self, card: Card) -> list[str]:
        return [slug(label) for _, label in self.card_force_grades(card)]

    def facet_values(self, card: Card) -> dict[str, str]:
        """A card's values for each filter, space-separated as the finder's data attributes hold them."""
        return self._card_fact(self._facet_values, card)

    def _facet_values(self, card: Card) -> dict[str, str]:
        values = {"framework": [card.framework], "area": [slug(self.area(card.framework, card.area).title)],
                  "force": card.forces, "grade": self._card_grade_values(card), "type": [card.practice_type],
                  "evaluation": [card.evaluation], "attribution": [card.attribution], "theme": card.themes,
                  "version": [card.added_in] if card.added_in else []}
        return {name: " ".join(dict.fromkeys(items)) for name, items in values.items()}


@dataclass(frozen=True)
class GradeView:
    """A ready answer: the organisations holding some grades of one framework, with its own CSV file.
    A view of several grades has a part for each of them."""

    framework: Framework
    labels: tuple[str, ...]

    @property
    def id(self) -> str:
        return slug(" or ".join(self.labels))

    @property
    def title(self) -> str:
        return "Graded " + " or ".join(self.labels)

    @property
    def csv_name(self) -> str:
        return f"grades-{self.framework.id}-{self.id}.csv"

    @property
    def parts(self) -> list[GradeView]:
        return [GradeView(self.framework, (label,)) for label in self.labels] if len(self.labels) > 1 else []


@dataclass(frozen=True)
class Facet:
    """One filter of the practice finder: its name (the URL parameter), its label and its options as
    (value, label, number of cards)."""

    name: str
    label: str
    options: list[tuple[str, str, int]]


@dataclass(frozen=True)
class HistoryCell:
    """One cycle of a record: the framework, its area that corresponds (None if none) and the judgment there."""

    framework: Framework
    area: Area | None
    judgment: Judgment | None


@dataclass(frozen=True)
class GradeCell:
    """A force's judgment in one area as a grade table shows it: its rank for sorting (Compendium.grade_rank), the
    values of the framework's judgment details (Compendium.judgment_details; '' where not given), the change since
    the compared cycle (for the current framework only) and the force's practice examples in the area."""

    force: Force
    area: Area
    judgment: Judgment
    rank: int
    details: tuple[str, ...]
    change: str | None
    cards: list[Card]


@dataclass(frozen=True)
class HistoryRow:
    area: Area
    cells: list[HistoryCell]
    change: str | None


def slug(text: str) -> str:
    """Text as a URL and file name part: 'Requires improvement' -> 'requires-improvement'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def human_size(size: int) -> str:
    """A file's size as readers read it: bytes under 1 KB, whole KB under 1 MB, MB to one decimal place
    (1 KB = 1,024 bytes): 41,984 -> '41 KB', 3,250,000 -> '3.1 MB'."""
    if size < 1024:
        return f"{size} byte{'' if size == 1 else 's'}"
    if round(size / 1024) < 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / 1024 ** 2:.1f} MB"


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


def _long_date(date) -> str:
    return f"{date.day} {date:%B %Y}"


def _group(items, key) -> dict:
    grouped: dict = defaultdict(list)
    for item in items:
        grouped[key(item)].append(item)
    return dict(grouped)
