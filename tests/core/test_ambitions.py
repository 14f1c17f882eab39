"""Ambition rounds through core, on SQLite and PostgreSQL: answering, changing, two laptops of
one group, what is refused, initiatives, revealing on the projector, neutral labels, the spread,
the baseline from earlier modules and who may read an organisation's answers."""

from __future__ import annotations

import datetime as dt

import pytest

from core import ambitions, audit, entries, framework, gatherings, live, users
from core.ambitions import Spread
from core.errors import (
    ActivityClosed,
    Conflict,
    InvalidInput,
    NeedsConfirmation,
    NotAllowed,
    NotFound,
)
from core.models import Ambition
from tests.conftest import TEST_PASSWORD, add_entry, make_gathering

GENERATION_NAMES = [g["name"] for g in framework.load()["generations"]]


def _ambition_activity(db, gathering_id):
    return next(a for a in gatherings.activities(db, gathering_id) if a.kind == "ambition")


def _answer(db, token, activity_id, now, one_year, three_year, **options):
    return ambitions.save(
        db,
        token,
        activity_id=activity_id,
        now=now,
        one_year=one_year,
        three_year=three_year,
        **options,
    )


def _join_all(db, gathering):
    _info, options = gatherings.join_options(db, gathering.join_code)
    return [gatherings.join(db, gathering.join_code, g.organisation_id) for g in options]


def _gathering_in_module(db, actor, position, *, held_on=dt.date(2026, 11, 26)):
    """A gathering of module `position` of the seeded cohort, for the same three organisations
    make_gathering uses."""
    module = gatherings.list_modules(db)[position - 1]
    assert module.name.startswith(f"Modul {position} ")
    orgs = gatherings.list_organisations(db)[:3]
    return gatherings.create_gathering(
        db,
        actor,
        module_id=module.id,
        held_on=held_on,
        place="Alta",
        organisation_ids=[o.id for o in orgs],
    )


def _open_round(db, actor, gathering):
    activity = _ambition_activity(db, gathering.id)
    gatherings.open_activity(db, actor, gathering.id, activity.id)
    return activity


def _admin(db):
    return users.create_user(
        db, username="admin", name="Ada Admin", password=TEST_PASSWORD, role="admin"
    )


@pytest.fixture
def open_ambition(db, facilitator, gathering):
    return _open_round(db, facilitator, gathering)


# ---- storing and changing an answer ----------------------------------------------------------


def test_an_answer_is_stored_and_read_back_with_the_generation_names(
    db, gathering, groups, open_ambition
):
    group = groups[0]
    saved = _answer(db, group.token, open_ambition.id, 2, 3, 4, reason="Vi har startet")
    assert (saved.now, saved.one_year, saved.three_year) == (2, 3, 4)
    assert (saved.now_name, saved.one_year_name, saved.three_year_name) == (
        GENERATION_NAMES[1],
        GENERATION_NAMES[2],
        GENERATION_NAMES[3],
    )
    assert saved.gap == 2
    assert saved.edits == 1
    assert saved.reason == "Vi har startet"
    assert saved.capability_ratings == {}
    assert saved.organisation_id == group.organisation_id
    assert saved.organisation_name == group.label
    assert saved.module_name == gathering.module_name
    with db.read() as session:  # the answer is stored under the module's theme
        assert session.get(Ambition, saved.id).theme_key == "organisasjon"
    assert saved.held_on == gathering.held_on
    assert saved.framework_version_id == framework.current(db).id

    assert ambitions.own_answer(db, group.token, open_ambition.id) == saved
    # The other groups have not answered.
    assert ambitions.own_answer(db, groups[1].token, open_ambition.id) is None


def test_changing_an_answer_counts_the_edit_and_bumps_the_revision(
    db, gathering, groups, open_ambition
):
    token = groups[0].token
    first = _answer(db, token, open_ambition.id, 1, 2, 3)
    before = gatherings.revision(db, gathering.id)
    changed = _answer(
        db, token, open_ambition.id, 1, 3, 5, reason="Mer ambisiøst", seen_edits=first.edits
    )
    assert changed.id == first.id
    assert changed.edits == 2
    assert (changed.one_year, changed.three_year) == (3, 5)
    assert changed.three_year_name == GENERATION_NAMES[4]
    assert gatherings.revision(db, gathering.id) > before
    assert ambitions.own_answer(db, token, open_ambition.id) == changed


def test_saving_the_same_answer_twice_is_not_a_conflict(db, gathering, groups, open_ambition):
    token = groups[0].token
    first = _answer(db, token, open_ambition.id, 2, 2, 3, reason="Dobbeltklikk")
    before = gatherings.revision(db, gathering.id)
    # The form still says seen_edits=0: a double click on "Lagre" sends it again.
    again = _answer(db, token, open_ambition.id, 2, 2, 3, reason="Dobbeltklikk", seen_edits=0)
    assert again == first
    assert again.edits == 1
    assert gatherings.revision(db, gathering.id) == before


def test_a_second_laptop_saving_over_an_answer_it_has_not_seen_is_told(
    db, gathering, groups, open_ambition
):
    organisation_id = groups[0].organisation_id
    laptop_one = gatherings.join(db, gathering.join_code, organisation_id)
    laptop_two = gatherings.join(db, gathering.join_code, organisation_id)
    assert laptop_one.token == laptop_two.token  # one group, two laptops

    # Both laptops open the form (nothing saved yet: seen_edits 0). Laptop one saves first.
    saved = _answer(db, laptop_one.token, open_ambition.id, 2, 3, 4, reason="Fra laptop en")
    with pytest.raises(Conflict) as caught:
        _answer(
            db, laptop_two.token, open_ambition.id, 1, 1, 2, reason="Fra laptop to", seen_edits=0
        )
    assert caught.value.code == "ambition_changed_elsewhere"
    assert ambitions.own_answer(db, laptop_one.token, open_ambition.id) == saved

    # Laptop two reloads, now sees edit 1, and may save.
    changed = _answer(
        db, laptop_two.token, open_ambition.id, 1, 1, 2, reason="Fra laptop to", seen_edits=1
    )
    assert changed.edits == 2 and changed.reason == "Fra laptop to"
    # And laptop one, still showing edit 1, is now the one that is told.
    with pytest.raises(Conflict):
        _answer(db, laptop_one.token, open_ambition.id, 3, 3, 3, seen_edits=1)
    assert ambitions.own_answer(db, laptop_one.token, open_ambition.id) == changed


# ---- what is refused -------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["now", "one_year", "three_year"])
@pytest.mark.parametrize(
    ("value", "code"),
    [
        (None, "generation_missing"),
        ("", "generation_missing"),
        (0, "generation_out_of_range"),
        (6, "generation_out_of_range"),
        (-1, "generation_out_of_range"),
        ("x", "generation_out_of_range"),
    ],
)
def test_a_generation_outside_the_framework_is_refused(
    db, groups, open_ambition, field, value, code
):
    levels = {"now": 1, "one_year": 2, "three_year": 3, field: value}
    with pytest.raises(InvalidInput) as caught:
        ambitions.save(db, groups[0].token, activity_id=open_ambition.id, **levels)
    assert caught.value.code == code
    if code == "generation_out_of_range":
        assert caught.value.params == {"highest": 5}
    assert ambitions.own_answer(db, groups[0].token, open_ambition.id) is None


@pytest.mark.parametrize("levels", [(3, 2, 4), (3, 3, 2), (4, 1, 1)])
def test_an_ambition_below_today_needs_confirmation(db, groups, open_ambition, levels):
    token = groups[0].token
    with pytest.raises(NeedsConfirmation) as caught:
        _answer(db, token, open_ambition.id, *levels)
    assert caught.value.code == "ambition_below_now"
    assert ambitions.own_answer(db, token, open_ambition.id) is None

    saved = _answer(db, token, open_ambition.id, *levels, confirm_lower=True)
    assert (saved.now, saved.one_year, saved.three_year) == levels
    assert saved.gap == levels[2] - levels[0]


def test_staying_at_the_same_generation_needs_no_confirmation(db, groups, open_ambition):
    saved = _answer(db, groups[0].token, open_ambition.id, 3, 3, 3)
    assert saved.gap == 0


@pytest.mark.parametrize(
    ("reason", "code"),
    [
        ("x" * 501, "reason_too_long"),
        ("Vi har\x00 startet", "reason_control_chars"),
        ("Rødt \x1b[31m lys", "reason_control_chars"),
        ("Snudd \u202etekst", "reason_control_chars"),
    ],
)
def test_a_reason_that_cannot_be_stored_is_refused(db, groups, open_ambition, reason, code):
    with pytest.raises(InvalidInput) as caught:
        _answer(db, groups[0].token, open_ambition.id, 1, 2, 3, reason=reason)
    assert caught.value.code == code
    assert ambitions.own_answer(db, groups[0].token, open_ambition.id) is None


def test_a_reason_of_500_characters_and_an_empty_reason_are_accepted(db, groups, open_ambition):
    longest = _answer(db, groups[0].token, open_ambition.id, 1, 2, 3, reason="y" * 500)
    assert longest.reason == "y" * 500
    empty = _answer(db, groups[1].token, open_ambition.id, 1, 2, 3, reason="   ")
    assert empty.reason == ""


def test_markup_in_a_reason_is_stored_exactly_as_typed(db, groups, open_ambition):
    typed = "<script>alert(\"hei\")</script> & <b>fet</b> 'sitat' Porsáŋgu 🚀"
    _answer(db, groups[0].token, open_ambition.id, 1, 2, 3, reason=typed)
    assert ambitions.own_answer(db, groups[0].token, open_ambition.id).reason == typed


def test_capability_ratings_are_taken_only_when_the_facilitator_asks_for_them(
    db, facilitator, gathering, groups, open_ambition
):
    token = groups[0].token
    capabilities = framework.current(db).capabilities
    ratings = {capabilities[0]: 4, capabilities[3]: 2}
    with pytest.raises(InvalidInput) as caught:
        _answer(db, token, open_ambition.id, 1, 2, 3, capability_ratings=ratings)
    assert caught.value.code == "capabilities_not_asked"
    assert ambitions.own_answer(db, token, open_ambition.id) is None

    before = gatherings.revision(db, gathering.id)
    gatherings.ask_capability_ratings(db, facilitator, gathering.id, open_ambition.id, True)
    assert gatherings.revision(db, gathering.id) > before
    assert _ambition_activity(db, gathering.id).rates_capabilities

    saved = _answer(db, token, open_ambition.id, 1, 2, 3, capability_ratings=ratings)
    assert saved.capability_ratings == ratings
    assert ambitions.own_answer(db, token, open_ambition.id).capability_ratings == ratings

    for bad, code in [
        ({"Kaffekoking": 3}, "capability_unknown"),
        ({capabilities[1]: 6}, "rating_out_of_range"),
    ]:
        with pytest.raises(InvalidInput) as caught:
            _answer(db, token, open_ambition.id, 1, 2, 3, capability_ratings=bad, seen_edits=1)
        assert caught.value.code == code
    assert ambitions.own_answer(db, token, open_ambition.id).capability_ratings == ratings


def test_ratings_given_are_kept_when_the_facilitator_stops_asking_for_them(
    db, facilitator, gathering, groups, open_ambition
):
    """gatherings.ask_capability_ratings promises "Ratings already given are kept either way".
    Once the ratings are switched off the form no longer shows them (and core would refuse them
    if it sent them), so a group that then corrects its ambition must not lose its ratings."""
    token = groups[0].token
    capabilities = framework.current(db).capabilities
    ratings = {capabilities[0]: 4, capabilities[2]: 3}
    gatherings.ask_capability_ratings(db, facilitator, gathering.id, open_ambition.id, True)
    rated = _answer(db, token, open_ambition.id, 1, 2, 3, capability_ratings=ratings)
    gatherings.ask_capability_ratings(db, facilitator, gathering.id, open_ambition.id, False)
    assert ambitions.own_answer(db, token, open_ambition.id).capability_ratings == ratings

    corrected = _answer(db, token, open_ambition.id, 1, 2, 4, seen_edits=rated.edits)
    assert corrected.three_year == 4
    assert corrected.capability_ratings == ratings


def test_an_answer_after_the_round_is_closed_is_refused(
    db, facilitator, gathering, groups, open_ambition
):
    token = groups[0].token
    saved = _answer(db, token, open_ambition.id, 1, 2, 3)
    gatherings.close_activity(db, facilitator, gathering.id, open_ambition.id)
    with pytest.raises(ActivityClosed):
        _answer(db, token, open_ambition.id, 2, 3, 4, seen_edits=1)
    with pytest.raises(ActivityClosed):
        _answer(db, groups[1].token, open_ambition.id, 2, 3, 4)
    # The answer given in time is still there, unchanged.
    assert ambitions.own_answer(db, token, open_ambition.id) == saved


def test_a_round_that_was_never_opened_takes_no_answers(db, gathering, groups):
    pending = _ambition_activity(db, gathering.id)
    assert pending.state == "pending"
    with pytest.raises(ActivityClosed):
        _answer(db, groups[0].token, pending.id, 1, 2, 3)


def test_an_ambition_answer_to_a_barriers_activity_is_refused(db, groups, open_barriers):
    with pytest.raises(NotFound) as caught:
        _answer(db, groups[0].token, open_barriers.id, 1, 2, 3)
    assert caught.value.code == "activity_unknown"
    with pytest.raises(NotFound):
        ambitions.round_version(db, open_barriers.id)


def test_an_ambition_round_of_another_gathering_is_refused(db, facilitator, groups):
    other = make_gathering(db, facilitator)
    foreign = _open_round(db, facilitator, other)
    with pytest.raises(NotFound):
        _answer(db, groups[0].token, foreign.id, 1, 2, 3)


def test_an_unknown_group_token_is_refused(db, open_ambition):
    with pytest.raises(NotFound):
        _answer(db, "x" * 32, open_ambition.id, 1, 2, 3)


# ---- initiatives -----------------------------------------------------------------------------


def test_initiatives_are_entries_with_a_short_or_long_horizon(
    db, facilitator, gathering, groups, open_ambition
):
    token = groups[0].token
    short = entries.submit(
        db,
        token,
        activity_id=open_ambition.id,
        text="Felles innbyggerportal",
        theme_key=None,
        idempotency_key="i1",
        horizon="short",
    )
    long = entries.submit(
        db,
        token,
        activity_id=open_ambition.id,
        text="Datadeling med nabokommunene",
        theme_key="teknologi",
        idempotency_key="i2",
        horizon="long",
    )
    assert (short.horizon, long.horizon) == ("short", "long")
    mine = entries.own_entries(db, token, open_ambition.id)
    assert {(e.text, e.horizon) for e in mine} == {
        ("Felles innbyggerportal", "short"),
        ("Datadeling med nabokommunene", "long"),
    }
    seen = entries.gathering_entries(db, facilitator, gathering.id, open_ambition.id)
    assert {e.horizon for e in seen} == {"short", "long"}


@pytest.mark.parametrize("horizon", [None, "", "medium", "now"])
def test_an_initiative_without_a_known_horizon_is_refused(db, groups, open_ambition, horizon):
    with pytest.raises(InvalidInput) as caught:
        entries.submit(
            db,
            groups[0].token,
            activity_id=open_ambition.id,
            text="Uten tidshorisont",
            theme_key=None,
            idempotency_key="h",
            horizon=horizon,
        )
    assert caught.value.code == "horizon_unknown"
    assert entries.own_entries(db, groups[0].token) == []


@pytest.mark.parametrize("horizon", ["short", "long"])
def test_a_barrier_with_a_horizon_is_refused(db, groups, open_barriers, horizon):
    with pytest.raises(InvalidInput) as caught:
        entries.submit(
            db,
            groups[0].token,
            activity_id=open_barriers.id,
            text="Gamle fagsystemer",
            theme_key=None,
            idempotency_key="b",
            horizon=horizon,
        )
    assert caught.value.code == "horizon_unknown"
    assert entries.own_entries(db, groups[0].token) == []
    # Without a horizon, the same barrier is taken.
    taken = add_entry(db, groups[0].token, open_barriers.id, "Gamle fagsystemer", key="b")
    assert taken.horizon is None


# ---- revealing on the projector ----------------------------------------------------------------


def test_answers_stay_hidden_until_the_facilitator_reveals_them(
    db, facilitator, gathering, groups, open_ambition
):
    _answer(db, groups[0].token, open_ambition.id, 1, 2, 3)
    _answer(db, groups[1].token, open_ambition.id, 2, 3, 5)
    coordinator = users.create_user(
        db,
        username="koordinator",
        name="Kari Koordinator",
        password=TEST_PASSWORD,
        role="coordinator",
        organisation_id=groups[0].organisation_id,
    )

    projector = ambitions.round_overview(db, gathering.id, open_ambition.id)
    assert projector.revealed is False
    assert (projector.groups, projector.answered) == (3, 2)
    assert projector.answers == () and projector.spreads == {}
    assert projector.version == framework.current(db)
    as_coordinator = ambitions.round_overview(db, gathering.id, open_ambition.id, actor=coordinator)
    assert as_coordinator.answers == () and as_coordinator.spreads == {}

    # The facilitator previews the answers at the desk before revealing them.
    desk = ambitions.round_overview(db, gathering.id, open_ambition.id, actor=facilitator)
    assert desk.revealed is False
    assert {(a.label, a.now, a.one_year, a.three_year) for a in desk.answers} == {
        (groups[0].label, 1, 2, 3),
        (groups[1].label, 2, 3, 5),
    }
    assert set(desk.spreads) == {"now", "one_year", "three_year"}

    before = gatherings.revision(db, gathering.id)
    gatherings.reveal_results(db, facilitator, gathering.id, open_ambition.id, True)
    after_reveal = gatherings.revision(db, gathering.id)
    assert after_reveal > before
    shown = ambitions.round_overview(db, gathering.id, open_ambition.id)
    assert shown.revealed is True
    assert [a.label for a in shown.answers] == sorted([groups[0].label, groups[1].label])
    assert {(a.label, a.gap) for a in shown.answers} == {
        (groups[0].label, 2),
        (groups[1].label, 3),
    }
    assert shown.spreads["now"].count == 2
    assert ambitions.round_overview(db, gathering.id, open_ambition.id, actor=coordinator).answers

    gatherings.reveal_results(db, facilitator, gathering.id, open_ambition.id, False)
    assert gatherings.revision(db, gathering.id) > after_reveal
    hidden = ambitions.round_overview(db, gathering.id, open_ambition.id)
    assert hidden.revealed is False
    assert hidden.answers == () and hidden.spreads == {}
    assert hidden.answered == 2


def test_revealing_and_hiding_are_written_to_the_audit_log(
    db, facilitator, gathering, groups, open_ambition
):
    _answer(db, groups[0].token, open_ambition.id, 1, 2, 3)
    gatherings.reveal_results(db, facilitator, gathering.id, open_ambition.id, True)
    revision = gatherings.revision(db, gathering.id)
    # Revealing what is already revealed changes nothing and logs nothing.
    gatherings.reveal_results(db, facilitator, gathering.id, open_ambition.id, True)
    assert gatherings.revision(db, gathering.id) == revision
    gatherings.reveal_results(db, facilitator, gathering.id, open_ambition.id, False)

    logged = [
        (e.username, e.action, e.target)
        for e in audit.events(db, _admin(db))
        if e.action in ("results_revealed", "results_hidden")
    ]
    target = f"{gathering.join_code}: ambition"
    assert logged == [
        ("prosessleder", "results_hidden", target),
        ("prosessleder", "results_revealed", target),
    ]


def test_only_a_facilitator_reveals_and_only_ambition_rounds(
    db, facilitator, gathering, groups, open_ambition
):
    coordinator = users.create_user(
        db,
        username="koordinator",
        name="Kari Koordinator",
        password=TEST_PASSWORD,
        role="coordinator",
        organisation_id=groups[0].organisation_id,
    )
    with pytest.raises(NotAllowed):
        gatherings.reveal_results(db, coordinator, gathering.id, open_ambition.id, True)
    with pytest.raises(NotAllowed):
        gatherings.use_neutral_labels(db, coordinator, gathering.id, True)
    with pytest.raises(NotAllowed):
        gatherings.ask_capability_ratings(db, coordinator, gathering.id, open_ambition.id, True)
    barriers = next(a for a in gatherings.activities(db, gathering.id) if a.kind == "barriers")
    with pytest.raises(NotFound):
        gatherings.reveal_results(db, facilitator, gathering.id, barriers.id, True)
    with pytest.raises(NotFound):
        ambitions.round_overview(db, gathering.id, barriers.id)
    assert ambitions.round_overview(db, gathering.id, open_ambition.id).revealed is False


def test_initiatives_stay_off_the_projector_until_the_round_is_revealed(
    db, facilitator, gathering, groups, open_ambition
):
    entries.submit(
        db,
        groups[0].token,
        activity_id=open_ambition.id,
        text="Digital førstelinje",
        theme_key=None,
        idempotency_key="p1",
        horizon="short",
    )
    before = live.snapshot(db, gathering.id)
    assert before.activity.id == open_ambition.id
    assert before.total == 0 and before.latest == ()
    gatherings.reveal_results(db, facilitator, gathering.id, open_ambition.id, True)
    after = live.snapshot(db, gathering.id)
    assert after.total == 1
    assert [e.text for e in after.latest] == ["Digital førstelinje"]


# ---- neutral labels --------------------------------------------------------------------------


def test_neutral_labels_name_groups_by_letter_on_every_projector_view(
    db, facilitator, gathering, groups, open_ambition
):
    organisation_names = {g.label for g in groups}
    now_of = {}
    for level, group in enumerate(groups, start=1):
        _answer(db, group.token, open_ambition.id, level, level, level)
        now_of[group.label] = level
    entries.submit(
        db,
        groups[2].token,
        activity_id=open_ambition.id,
        text="Felles tjenestedesign",
        theme_key=None,
        idempotency_key="n1",
        horizon="long",
    )
    gatherings.use_neutral_labels(db, facilitator, gathering.id, True)
    gatherings.reveal_results(db, facilitator, gathering.id, open_ambition.id, True)

    overview = ambitions.round_overview(db, gathering.id, open_ambition.id)
    assert overview.neutral_labels is True
    assert [a.label for a in overview.answers] == ["A", "B", "C"]
    assert not any(name in repr(overview.answers) for name in organisation_names)
    assert not any(name in repr(overview.spreads) for name in organisation_names)

    snap = live.snapshot(db, gathering.id)
    assert snap.neutral_labels is True
    assert sorted(g.letter for g in snap.groups) == ["A", "B", "C"]
    # The letter a group has on the live view is the one its answer has in the overview.
    letter_of = {g.label: g.letter for g in snap.groups}
    now_by_letter = {a.label: a.now for a in overview.answers}
    assert {letter_of[label]: now for label, now in now_of.items()} == now_by_letter
    assert [e.letter for e in snap.latest] == [letter_of[groups[2].label]]

    # Switched off again, the organisations' names are back.
    gatherings.use_neutral_labels(db, facilitator, gathering.id, False)
    named = ambitions.round_overview(db, gathering.id, open_ambition.id)
    assert named.neutral_labels is False
    assert {a.label for a in named.answers} == organisation_names


def test_neutral_letters_do_not_simply_follow_the_alphabet_of_organisations(db, facilitator):
    """Over a dozen gatherings, "A" is not always the alphabetically first organisation
    (the chance that it is, by luck, is 1 in 3**12)."""
    first_is_a = []
    for _ in range(12):
        gathering = make_gathering(db, facilitator)
        _join_all(db, gathering)
        snap = live.snapshot(db, gathering.id)
        assert sorted(g.letter for g in snap.groups) == ["A", "B", "C"]
        first_is_a.append(snap.groups[0].letter == "A")
    assert not all(first_is_a)


# ---- the spread ------------------------------------------------------------------------------


def test_the_spread_of_three_answers_is_computed_by_hand(
    db, facilitator, gathering, groups, open_ambition
):
    _answer(db, groups[0].token, open_ambition.id, 1, 2, 3)
    _answer(db, groups[1].token, open_ambition.id, 2, 2, 4)
    _answer(db, groups[2].token, open_ambition.id, 3, 5, 5)
    gatherings.reveal_results(db, facilitator, gathering.id, open_ambition.id, True)
    spreads = ambitions.round_overview(db, gathering.id, open_ambition.id).spreads
    # Three sorted values a <= b <= c: median b, quartiles halfway a–b and b–c, range a–c.
    assert spreads == {
        "now": Spread(count=3, median=2, low=1, q1=1.5, q3=2.5, high=3),
        "one_year": Spread(count=3, median=2, low=2, q1=2.0, q3=3.5, high=5),
        "three_year": Spread(count=3, median=4, low=3, q1=3.5, q3=4.5, high=5),
    }


def test_the_spread_of_one_and_of_four_answers():
    assert ambitions.spread([4]) == Spread(1, 4, 4, 4, 4, 4)
    assert ambitions.spread([5, 1, 3, 2]) == Spread(4, 2.5, 1, 1.75, 3.5, 5)


# ---- the baseline from earlier modules --------------------------------------------------------


def test_a_group_in_module_2_sees_its_own_organisations_module_1_answer(db, facilitator):
    module_1 = _gathering_in_module(db, facilitator, 1, held_on=dt.date(2026, 9, 10))
    module_2 = _gathering_in_module(db, facilitator, 2, held_on=dt.date(2026, 11, 26))
    module_3 = _gathering_in_module(db, facilitator, 3, held_on=dt.date(2027, 2, 4))
    first, other, silent = _join_all(db, module_1)
    round_1 = _open_round(db, facilitator, module_1)
    given = _answer(db, first.token, round_1.id, 2, 3, 4, reason="Der vi startet")
    _answer(db, other.token, round_1.id, 5, 5, 5)
    by_org_3 = {g.organisation_id: g for g in _join_all(db, module_3)}
    round_3 = _open_round(db, facilitator, module_3)
    _answer(db, by_org_3[first.organisation_id].token, round_3.id, 4, 4, 5)

    by_org_2 = {g.organisation_id: g for g in _join_all(db, module_2)}
    baseline = ambitions.baseline(db, by_org_2[first.organisation_id].token)
    assert baseline == [given]
    [earlier] = baseline
    assert earlier.module_position == 1
    assert earlier.organisation_id == first.organisation_id
    assert (earlier.now, earlier.three_year, earlier.now_name) == (2, 4, GENERATION_NAMES[1])
    assert earlier.held_on == dt.date(2026, 9, 10)
    # An organisation that did not answer in module 1 has no baseline.
    assert ambitions.baseline(db, by_org_2[silent.organisation_id].token) == []
    # In module 1 itself there is nothing earlier.
    assert ambitions.baseline(db, first.token) == []
    # In module 3, both earlier modules count... but module 2 has no answer yet: only module 1.
    assert [
        b.module_position for b in ambitions.baseline(db, by_org_3[first.organisation_id].token)
    ] == [1]


def test_the_baseline_takes_the_latest_gathering_of_a_module(db, facilitator):
    # The later gathering is created first: "latest" means held last, not created last.
    autumn = _gathering_in_module(db, facilitator, 1, held_on=dt.date(2026, 10, 1))
    spring = _gathering_in_module(db, facilitator, 1, held_on=dt.date(2026, 3, 1))
    module_2 = _gathering_in_module(db, facilitator, 2)
    answers = {}
    for gathering, levels in [(autumn, (3, 4, 5)), (spring, (1, 2, 3))]:
        group = _join_all(db, gathering)[0]
        activity = _open_round(db, facilitator, gathering)
        answers[gathering.id] = _answer(db, group.token, activity.id, *levels)
    organisation_id = answers[autumn.id].organisation_id
    group = next(g for g in _join_all(db, module_2) if g.organisation_id == organisation_id)
    assert ambitions.baseline(db, group.token) == [answers[autumn.id]]


# ---- who reads an organisation's answers -------------------------------------------------------


def test_a_coordinator_reads_only_their_own_organisations_answers(
    db, facilitator, gathering, groups, open_ambition
):
    mine = _answer(db, groups[0].token, open_ambition.id, 1, 2, 3)
    theirs = _answer(db, groups[1].token, open_ambition.id, 2, 3, 4)
    coordinator = users.create_user(
        db,
        username="koordinator",
        name="Kari Koordinator",
        password=TEST_PASSWORD,
        role="coordinator",
        organisation_id=groups[0].organisation_id,
    )
    assert ambitions.organisation_answers(db, coordinator, groups[0].organisation_id) == [mine]
    with pytest.raises(NotAllowed) as caught:
        ambitions.organisation_answers(db, coordinator, groups[1].organisation_id)
    assert caught.value.code == "own_organisation_only"
    assert ambitions.organisation_answers(db, facilitator, groups[1].organisation_id) == [theirs]
    assert ambitions.organisation_answers(db, _admin(db), groups[1].organisation_id) == [theirs]
    with pytest.raises(NotAllowed):
        ambitions.organisation_answers(db, None, groups[0].organisation_id)


def test_an_organisations_answers_come_module_by_module(db, facilitator):
    later = _gathering_in_module(db, facilitator, 2)
    earlier = _gathering_in_module(db, facilitator, 1)
    for gathering, level in [(later, 3), (earlier, 1)]:
        group = _join_all(db, gathering)[0]
        _answer(db, group.token, _open_round(db, facilitator, gathering).id, level, 4, 5)
    organisation_id = group.organisation_id
    read = ambitions.organisation_answers(db, facilitator, organisation_id)
    assert [(a.module_position, a.now) for a in read] == [(1, 1), (2, 3)]
