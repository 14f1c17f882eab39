"""A group's ambition round: three radio groups on the framework's generations, a reason, the
optional capability self-rating, initiatives by horizon, the baseline from earlier modules, and
the guards a group notices (a lower aim must be confirmed, a save from another laptop in between
is not overwritten, nothing chosen is refused)."""

from __future__ import annotations

import datetime as dt

import pytest

from core import ambitions, entries, framework, gatherings
from tests.pages.conftest import activity_of, by_label, markdown_values, t, values

WORKSPACE = "pages/group_workspace.py"
MARKUP = "<script>alert(1)</script>"
QUESTIONS = {
    "now": "ambition.now_question",
    "one_year": "ambition.one_year_question",
    "three_year": "ambition.three_year_question",
}


@pytest.fixture
def ambition(db, facilitator, gathering):
    activity = activity_of(db, gathering, "ambition")
    gatherings.open_activity(db, facilitator, gathering.id, activity.id)
    return activity


@pytest.fixture
def workspace(group, ambition, open_page):
    def _open():
        return open_page(WORKSPACE, gruppe=group.token)

    return _open


def radio(at, horizon: str):
    return by_label(at.radio, t(QUESTIONS[horizon]))


def choose(at, now=None, one_year=None, three_year=None, reason=None):
    for horizon, level in (("now", now), ("one_year", one_year), ("three_year", three_year)):
        if level is not None:
            radio(at, horizon).set_value(level)
    if reason is not None:
        by_label(at.text_area, t("ambition.reason")).input(reason)
    return at


def save_ambition(at):
    return by_label(at.button, t("ambition.save")).click().run()


def levels(answer) -> tuple[int, int, int]:
    return answer.now, answer.one_year, answer.three_year


def submit_button(at, form_id: str):
    [button] = [b for b in at.button if b.form_id == form_id]
    return button


def test_the_form_offers_each_generation_with_its_description(db, workspace):
    version = framework.current(db)

    at = workspace()

    assert not at.exception
    assert not at.error
    assert t("activity.ambition") in values(at.header)
    assert t("ambition.hidden_note") in values(at.caption)
    assert [r.label for r in at.radio] == [t(key) for key in QUESTIONS.values()]
    expected = [f"{g.number} – {g.name}" for g in version.generations]
    assert len(expected) == 5
    for horizon in QUESTIONS:
        choice = radio(at, horizon)
        assert choice.options == expected
        assert list(choice.proto.captions) == [g.description for g in version.generations]
        assert choice.value is None  # nothing chosen for the group
    assert by_label(at.button, t("ambition.save"))
    # No capability self-rating until the facilitator asks for it.
    assert t("ambition.capabilities_heading") not in " ".join(values(at.markdown))


def test_saving_an_ambition_stores_it_and_says_so(db, group, ambition, workspace):
    at = save_ambition(choose(workspace(), 2, 3, 4, "Vi har standardisert, nå skal vi videre."))

    assert not at.exception
    assert not at.error
    answer = ambitions.own_answer(db, group.token, ambition.id)
    assert levels(answer) == (2, 3, 4)
    assert answer.reason == "Vi har standardisert, nå skal vi videre."
    assert values(at.success) == [t("ambition.saved")]
    version = framework.current(db)
    names = {g.number: g.name for g in version.generations}
    assert t(
        "ambition.stored",
        now=f"2 {names[2]}",
        one_year=f"3 {names[3]}",
        three_year=f"4 {names[4]}",
    ) in values(at.caption)
    # The form keeps the stored answer.
    assert [radio(at, h).value for h in QUESTIONS] == [2, 3, 4]


def test_markup_in_the_reason_is_stored_as_typed_and_never_rendered(db, group, ambition, workspace):
    at = save_ambition(choose(workspace(), 2, 3, 4, MARKUP))

    assert not at.error
    assert ambitions.own_answer(db, group.token, ambition.id).reason == MARKUP
    assert by_label(at.text_area, t("ambition.reason")).value == MARKUP
    assert not [value for value in markdown_values(at) if "alert(1)" in value]
    assert not [h.value for h in at.html if "alert(1)" in h.value]


def test_aiming_below_today_must_be_confirmed(db, group, ambition, workspace):
    at = save_ambition(choose(workspace(), 3, 2, 4))

    assert not at.exception
    assert values(at.error) == [t("error.ambition_below_now")]
    assert ambitions.own_answer(db, group.token, ambition.id) is None
    box = by_label(at.checkbox, t("ambition.confirm_lower"))
    assert box.value is False
    # The choices are still in the form.
    assert [radio(at, h).value for h in QUESTIONS] == [3, 2, 4]

    box.check()
    at = save_ambition(at)

    assert not at.error
    assert levels(ambitions.own_answer(db, group.token, ambition.id)) == (3, 2, 4)
    assert values(at.success) == [t("ambition.saved")]
    # Confirmed once; the box is gone until the next lower aim.
    assert not at.checkbox


def test_saving_without_choosing_is_refused(db, group, ambition, workspace):
    at = save_ambition(workspace())

    assert values(at.error) == [t("error.generation_missing")]
    assert ambitions.own_answer(db, group.token, ambition.id) is None
    assert not at.success

    # One horizon missing is refused the same way.
    at = save_ambition(choose(at, 2, 3))

    assert values(at.error) == [t("error.generation_missing")]
    assert ambitions.own_answer(db, group.token, ambition.id) is None


def test_capability_rating_appears_when_the_facilitator_asks_for_it(
    db, facilitator, gathering, group, ambition, workspace
):
    at = workspace()
    version = framework.current(db)
    assert not [r for r in at.radio if r.label in version.capabilities]

    gatherings.ask_capability_ratings(db, facilitator, gathering.id, ambition.id, True)
    at.run()

    assert f"**{t('ambition.capabilities_heading')}**" in values(at.markdown)
    rating_radios = [r for r in at.radio if r.label in version.capabilities]
    assert [r.label for r in rating_radios] == list(version.capabilities)
    assert len(rating_radios) == 4
    assert all(r.options == ["1", "2", "3", "4", "5"] for r in rating_radios)
    ratings = dict(zip(version.capabilities, (2, 5, 3, 1), strict=True))
    for name, value in ratings.items():
        by_label(at.radio, name).set_value(value)

    at = save_ambition(choose(at, 2, 3, 4))

    assert not at.error
    answer = ambitions.own_answer(db, group.token, ambition.id)
    assert answer.capability_ratings == ratings
    assert values(at.success) == [t("ambition.saved")]
    assert [by_label(at.radio, name).value for name in ratings] == list(ratings.values())


def test_a_save_from_another_laptop_is_not_overwritten(db, group, ambition, workspace):
    first = choose(workspace(), 2, 3, 4, "Fra første maskin")
    second = save_ambition(choose(workspace(), 1, 2, 3, "Fra andre maskin"))
    assert values(second.success) == [t("ambition.saved")]

    first = save_ambition(first)

    assert values(first.error) == [t("error.ambition_changed_elsewhere")]
    answer = ambitions.own_answer(db, group.token, ambition.id)
    assert (levels(answer), answer.reason) == ((1, 2, 3), "Fra andre maskin")
    # The other laptop's answer is shown; this laptop's choices are still in its form.
    names = {g.number: g.name for g in framework.current(db).generations}
    stored = t(
        "ambition.stored",
        now=f"1 {names[1]}",
        one_year=f"2 {names[2]}",
        three_year=f"3 {names[3]}",
    )
    assert stored in values(first.caption)
    assert [radio(first, h).value for h in QUESTIONS] == [2, 3, 4]
    assert not first.success

    # Saving again knowingly replaces it.
    first = save_ambition(first)

    assert not first.error
    assert values(first.success) == [t("ambition.saved")]
    answer = ambitions.own_answer(db, group.token, ambition.id)
    assert (levels(answer), answer.reason) == ((2, 3, 4), "Fra første maskin")


def test_short_and_long_term_initiatives_are_stored_with_their_horizon(
    db, group, ambition, workspace
):
    at = workspace()
    assert [w.label for w in at.text_area] == [
        t("ambition.reason"),
        t("ambition.new_initiative.short"),
        t("ambition.new_initiative.long"),
    ]

    by_label(at.text_area, t("ambition.new_initiative.short")).input("Felles saksbehandling")
    at = submit_button(at, f"new_entry_{ambition.id}_short").click().run()

    assert not at.error
    assert values(at.success) == [t("group.saved")]

    by_label(at.text_area, t("ambition.new_initiative.long")).input("<b>Ny tjenestemodell</b>")
    at = submit_button(at, f"new_entry_{ambition.id}_long").click().run()

    assert not at.error
    stored = entries.own_entries(db, group.token, ambition.id)
    assert sorted((e.text, e.horizon) for e in stored) == [
        ("<b>Ny tjenestemodell</b>", "long"),
        ("Felles saksbehandling", "short"),
    ]
    assert values(at.text) == ["Felles saksbehandling", "<b>Ny tjenestemodell</b>"]
    assert not [value for value in markdown_values(at) if "tjenestemodell" in value]
    # Both forms are empty again, and no ambition was stored by the way.
    assert by_label(at.text_area, t("ambition.new_initiative.short")).value == ""
    assert by_label(at.text_area, t("ambition.new_initiative.long")).value == ""
    assert ambitions.own_answer(db, group.token, ambition.id) is None


def test_changing_and_deleting_an_initiative_keeps_its_horizon(db, group, ambition, workspace):
    entries.submit(
        db,
        group.token,
        activity_id=ambition.id,
        text="Kompetanseløft",
        theme_key=None,
        horizon="long",
        idempotency_key="initiative-1",
    )
    at = workspace()
    assert values(at.text) == ["Kompetanseløft"]

    by_label(at.text_area, t("group.edit_label")).input("Kompetanseløft for alle ledere")
    at = by_label(at.button, t("group.save_change")).click().run()

    assert not at.error
    assert values(at.success) == [t("group.changed")]
    [entry] = entries.own_entries(db, group.token, ambition.id)
    assert (entry.text, entry.horizon) == ("Kompetanseløft for alle ledere", "long")
    assert values(at.text) == ["Kompetanseløft for alle ledere"]

    at = at.button(key=f"delete_{entry.id}").click().run()

    assert values(at.success) == [t("group.deleted")]
    assert entries.own_entries(db, group.token, ambition.id) == []
    assert not at.text


@pytest.fixture
def module_two(db, facilitator, gathering, group, ambition):
    """The same organisation's group in a module-2 gathering, after answering in module 1."""
    ambitions.save(
        db, group.token, activity_id=ambition.id, now=2, one_year=3, three_year=4, reason="Start"
    )
    modules = gatherings.list_modules(db)
    assert modules[0].id == gathering.module_id
    later = gatherings.create_gathering(
        db,
        facilitator,
        module_id=modules[1].id,
        held_on=dt.date(2027, 2, 4),
        place="Alta",
        organisation_ids=[group.organisation_id],
    )
    joined = gatherings.join(db, later.join_code, group.organisation_id)
    round_two = activity_of(db, later, "ambition")
    gatherings.open_activity(db, facilitator, later.id, round_two.id)
    return joined, round_two, modules


def test_module_two_shows_the_baseline_and_starts_from_it(db, module_two, gathering, open_page):
    joined, round_two, modules = module_two
    module_one_day = gathering.held_on
    version = framework.current(db)
    names = {g.number: g.name for g in version.generations}

    at = open_page(WORKSPACE, gruppe=joined.token)

    assert not at.exception
    assert not at.error
    assert f"### {t('ambition.baseline_heading')}" in values(at.markdown)
    [table] = at.dataframe
    [row] = table.value.to_dict("records")
    assert row.pop(t("ambition.date")) == module_one_day.strftime("%d.%m.%Y")
    assert [row] == [
        {
            t("ambition.module"): modules[0].name,
            t("ambition.now"): f"2 – {names[2]}",
            t("ambition.one_year"): f"3 – {names[3]}",
            t("ambition.three_year"): f"4 – {names[4]}",
            t("ambition.reason_column"): "Start",
        }
    ]
    assert values(at.info) == [t("ambition.baseline_prefilled", module=modules[0].name)]
    assert [radio(at, h).value for h in QUESTIONS] == [2, 3, 4]
    assert by_label(at.text_area, t("ambition.reason")).value == "Start"
    # Nothing is stored for module 2 until the group saves.
    assert ambitions.own_answer(db, joined.token, round_two.id) is None

    at = save_ambition(choose(at, now=3))

    assert not at.error
    answer = ambitions.own_answer(db, joined.token, round_two.id)
    assert (levels(answer), answer.module_name) == ((3, 3, 4), modules[1].name)
    # Once answered, the form shows this module's answer and no prefill notice.
    assert not at.info


def test_a_closed_round_shows_the_answer_read_only(
    db, facilitator, gathering, group, ambition, workspace
):
    at = save_ambition(choose(workspace(), 2, 3, 4, MARKUP))
    assert values(at.success) == [t("ambition.saved")]
    gatherings.close_activity(db, facilitator, gathering.id, ambition.id)

    at.run()

    assert not at.exception
    assert not at.error
    assert values(at.info) == [t("group.closed", activity=t("activity.ambition"))]
    assert not at.radio
    assert not at.text_area
    assert not at.button
    [table] = at.dataframe
    [row] = table.value.to_dict("records")
    assert row[t("ambition.now")].startswith("2 – ")
    assert row[t("ambition.one_year")].startswith("3 – ")
    assert row[t("ambition.three_year")].startswith("4 – ")
    assert row[t("ambition.reason_column")] == MARKUP
    assert not [value for value in markdown_values(at) if "alert(1)" in value]


def test_too_long_reason_is_refused_and_kept_in_the_field(db, group, ambition, workspace):
    reason = "a" * ambitions.REASON_MAX_CHARS + "SLUTT"

    at = save_ambition(choose(workspace(), 2, 3, 4, reason))

    assert values(at.error) == [
        t("error.reason_too_long", max=ambitions.REASON_MAX_CHARS, length=len(reason))
    ]
    assert ambitions.own_answer(db, group.token, ambition.id) is None
    assert by_label(at.text_area, t("ambition.reason")).value == reason
    assert [radio(at, h).value for h in QUESTIONS] == [2, 3, 4]


def test_saving_just_after_the_close_says_so_and_hands_the_reason_back(
    db, facilitator, gathering, group, ambition, workspace
):
    at = choose(workspace(), 2, 3, 4, "Begrunnelse skrevet mens runden ble lukket")
    gatherings.close_activity(db, facilitator, gathering.id, ambition.id)

    at = save_ambition(at)

    assert ambitions.own_answer(db, group.token, ambition.id) is None
    # As for barriers and opportunities: refused clearly, with the typed text handed back.
    assert values(at.error) == [t("error.activity_closed")]
    assert [c.value for c in at.code] == ["2 → 3 → 4\nBegrunnelse skrevet mens runden ble lukket"]


def test_a_new_framework_version_reaches_the_next_round_and_leaves_old_answers_alone(
    db, admin, facilitator, group, ambition, open_page
):
    ambitions.save(db, group.token, activity_id=ambition.id, now=2, one_year=2, three_year=3)
    first = framework.current(db)
    generations = [(g.name, g.description) for g in first.generations]
    generations[1] = ("Standardisering", generations[1][1])
    generations.append(("Bærekraftig og ansvarlig", "Teknologi for bærekraft og tillit."))
    framework.publish(db, admin, generations=generations, capabilities=list(first.capabilities))
    modules = gatherings.list_modules(db)
    later = gatherings.create_gathering(
        db,
        facilitator,
        module_id=modules[1].id,
        held_on=dt.date(2027, 2, 4),
        place="Alta",
        organisation_ids=[group.organisation_id],
    )
    joined = gatherings.join(db, later.join_code, group.organisation_id)
    gatherings.open_activity(db, facilitator, later.id, activity_of(db, later, "ambition").id)

    at = open_page(WORKSPACE, gruppe=joined.token)

    assert not at.error
    assert radio(at, "now").options == [
        "1 – " + first.generation(1).name,
        "2 – Standardisering",
        *(f"{g.number} – {g.name}" for g in first.generations[2:]),
        "6 – Bærekraftig og ansvarlig",
    ]
    # The module-1 answer still reads with the names it was given under.
    [row] = at.dataframe[0].value.to_dict("records")
    assert row[t("ambition.now")] == f"2 – {first.generation(2).name}"


def _in_page_order(node):
    """(element type, value) of every element on the page, top to bottom."""
    children = getattr(node, "children", None)
    if children is None:
        yield node.type, getattr(node, "value", None)
        return
    for key in sorted(children):
        yield from _in_page_order(children[key])


def test_an_initiatives_confirmation_shows_in_its_own_section(group, ambition, workspace):
    """One shared confirmation slot showed "Lagret" for a new initiative up under the ambition
    form; it belongs under the initiative's own horizon."""
    at = workspace()
    by_label(at.text_area, t("ambition.new_initiative.long")).input("Ny tjenestemodell")
    at = submit_button(at, f"new_entry_{ambition.id}_long").click().run()

    order = [value for _type, value in _in_page_order(at.main)]
    saved = order.index(t("group.saved"))
    assert order.index(f"#### {t('ambition.horizon.long')}") < saved
    assert order.index(f"#### {t('ambition.horizon.short')}") < saved
    assert order.index(f"### {t('ambition.initiatives_heading')}") < saved
