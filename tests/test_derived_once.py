"""Facts the pages ask for again and again are worked out once, and what is kept stays right (issue 15)."""
from pathlib import Path

import pytest

from compendium import charts, check
from compendium.render import environment

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "content"


@pytest.fixture(scope="module")
def c():
    return check(FIXTURE)


def render(c, source: str) -> str:
    return environment().from_string(source).render(c=c)


def test_the_grade_filter_writes_the_grade_as_text_in_its_tone(c):
    framework = c.current_framework
    best = framework.grade_scale[0]
    assert render(c, "{{ label|grade(framework_id) }}".replace("label", repr(best)).replace(
        "framework_id", repr(framework.id))) == f'<span class="grade grade--tone-0">{best}</span>'


def test_the_grade_filter_escapes_the_label(c):
    framework_id = c.current_framework.id
    assert render(c, "{{ '<b onclick=x>\"&'|grade('%s') }}" % framework_id) == (
        '<span class="grade grade--status">&lt;b onclick=x&gt;&#34;&amp;</span>')


def test_the_grade_macro_writes_what_the_filter_writes(c):
    framework = c.current_framework
    label = framework.grade_scale[-1]
    macro = render(c, '{%% from "_macros.j2" import grade with context %%}{{ grade(%r, %r) }}' % (label, framework.id))
    assert macro == render(c, "{{ %r|grade(%r) }}" % (label, framework.id))


def test_a_judgment_and_a_record_are_worked_out_once(c):
    force, framework = c.forces[0], c.current_framework
    area = framework.areas[0]
    assert c.judgment(force.id, framework.id, area.id) is c.judgment(force.id, framework.id, area.id)
    assert c.force_history(force.id) is c.force_history(force.id)


def test_a_grade_cell_holds_the_judgment_its_rank_and_the_force_s_cards(c):
    framework = c.current_framework
    for force in c.forces:
        for area in framework.areas:
            cell = c.grade_cell(force, framework, area)
            judgment = c.judgment(force.id, framework.id, area.id)
            assert (cell.judgment, cell.rank, cell.cards) == (
                judgment, c.grade_rank(framework.id, judgment.grade),
                c.force_cards_in_area(force.id, framework.id, area.id))


def test_a_force_s_practice_lists_each_area_holding_its_cards_in_order(c):
    for force in c.forces:
        expected = [(framework.id, area.id, [card.id for card in c.cards if force.id in card.forces
                                             and (card.framework, card.area) == (framework.id, area.id)])
                    for framework in c.frameworks for area in framework.areas]
        assert [(framework.id, area.id, [card.id for card in cards])
                for framework, area, cards in c.force_practice(force.id)] == [row for row in expected if row[2]]


def test_a_wrapped_label_is_a_new_list_each_time():
    lines = charts.wrap("Requires improvement", 40, 11)
    lines.append("changed by a caller")
    assert charts.wrap("Requires improvement", 40, 11) == lines[:-1]


def test_a_record_chart_is_drawn_once(c):
    force_id = c.forces[0].id
    assert charts.history_chart(c, force_id) is charts.history_chart(c, force_id)
