"""Results after the gatherings, on SQLite and PostgreSQL, against a small fixed cohort whose
figures are worked out by hand below: entry counts per module, kind and theme; the ambition
spread per module; the words the room used most; the table of entries; and who sees what (a
coordinator their own organisation in full and other organisations only as aggregates over at
least MIN_ORGANISATIONS of them, never another network's cohort)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from core import ambitions, entries, gatherings, results, users
from core.access import Actor
from core.ambitions import Spread
from core.errors import NotAllowed
from core.results import CountRow, Scope, Withheld
from tests.conftest import TEST_PASSWORD, make_network

M1 = "Modul 1 – Organisasjon"
M2 = "Modul 2 – Ledelse"
M3 = "Modul 3 – Strategi"
M4 = "Modul 4 – Teknologi"

# Seven organisations: A is the coordinator's own. Module 1 has A–F in one gathering (and F once
# more in a later retake); module 2 has A–E and G. The entries, by key:
# (organisation, kind, theme, text). Hidden entries are marked in HIDDEN.
MODULE_1_ENTRIES = {
    "b1": ("A", "barriers", "organisasjon", "Mangel på kompetanse"),
    "b2": ("A", "barriers", None, "Gamle løsninger og gamle løsninger"),
    "b3": ("B", "barriers", "organisasjon", "Kompetansen mangler i ledelsen"),
    "b4": ("C", "barriers", "ledelse", "Løsningen er for dyr"),
    "b5": ("C", "barriers", "organisasjon", "Hemmelig løsning for budsjett"),
    "b6": ("D", "barriers", None, "Ingen felles løsning"),
    "b7": ("E", "barriers", "organisasjon", "Kompetanse og kapasitet"),
    "b8": ("F", "barriers", None, "Lite tid til opplæring"),
    "o1": ("A", "opportunities", "teknologi", "Felles plattform for innbyggerne"),
    "o2": ("B", "opportunities", "teknologi", "Deling av data"),
    "o3": ("E", "opportunities", None, "Felles tjenester"),
}
MODULE_2_ENTRIES = {
    "b9": ("A", "barriers", "ledelse", "Ledelsen mangler tid"),
    "b10": ("B", "barriers", "ledelse", "For lite tid"),
    "b11": ("D", "barriers", None, "Uklare roller"),
    "b12": ("D", "barriers", None, "Filnavn som rapport_2026"),
    "b13": ("G", "barriers", "ledelse", "Skjult innspill om en person"),
    "o4": ("C", "opportunities", "strategi", "Felles strategi"),
    "o5": ("E", "opportunities", "ledelse", "Ledere som lærer"),
    "o6": ("D", "opportunities", None, "Nå 50% digitale skjema"),
}
HIDDEN = ("b5", "b13")
TEXT = {key: spec[3] for key, spec in {**MODULE_1_ENTRIES, **MODULE_2_ENTRIES}.items()}
INITIATIVE = "Digital førstelinje"  # an ambition round's initiative, module 1, organisation A

# Ambition answers (now, 1 year, 3 years). F answers (1, 1, 1) in the module-1 gathering and
# (4, 5, 5) in the retake held a month later, saved first: its latest is the retake's.
MODULE_1_AMBITIONS = {
    "A": (2, 3, 4),
    "B": (1, 2, 3),
    "C": (3, 3, 5),
    "D": (2, 4, 5),
    "E": (1, 1, 2),
    "F": (1, 1, 1),
}
RETAKE_AMBITION = (4, 5, 5)
MODULE_2_AMBITIONS = {
    "A": (3, 4, 5),
    "B": (2, 2, 3),
    "C": (2, 3, 3),
    "D": (1, 2, 4),
    "E": (3, 3, 4),
}

# Module 1 over A–F with F's retake: now 1 1 2 2 3 4, 1 year 1 2 3 3 4 5, 3 years 2 3 4 5 5 5,
# gap 1 1 2 2 2 3. Six values: median halfway between the 3rd and 4th, quartiles at positions
# 1.25 and 3.75 (counting from 0) of the sorted values.
MODULE_1_SPREAD = {
    "now": Spread(count=6, median=2.0, low=1, q1=1.25, q3=2.75, high=4),
    "one_year": Spread(count=6, median=3.0, low=1, q1=2.25, q3=3.75, high=5),
    "three_year": Spread(count=6, median=4.5, low=2, q1=3.25, q3=5.0, high=5),
}
MODULE_1_GAP = Spread(count=6, median=2.0, low=1, q1=1.25, q3=2.0, high=3)
# Module 2 over A–E: now 1 2 2 3 3, 1 year 2 2 3 3 4, 3 years 3 3 4 4 5, gap 1 1 1 2 3. Five
# values: median the 3rd, quartiles the 2nd and 4th.
MODULE_2_SPREAD = {
    "now": Spread(count=5, median=2, low=1, q1=2.0, q3=3.0, high=3),
    "one_year": Spread(count=5, median=3, low=2, q1=2.0, q3=3.0, high=4),
    "three_year": Spread(count=5, median=4, low=3, q1=3.0, q3=4.0, high=5),
}
MODULE_2_GAP = Spread(count=5, median=1, low=1, q1=1.0, q3=2.0, high=3)

MODULE_1_COUNTS = {
    (1, M1, "barriers", "organisasjon", 3),  # b1 b3 b7 (b5 hidden)
    (1, M1, "barriers", None, 3),  # b2 b6 b8
    (1, M1, "barriers", "ledelse", 1),  # b4
    (1, M1, "opportunities", "teknologi", 2),  # o1 o2
    (1, M1, "opportunities", None, 1),  # o3
}
MODULE_2_COUNTS = {
    (2, M2, "barriers", "ledelse", 2),  # b9 b10 (b13 hidden)
    (2, M2, "barriers", None, 2),  # b11 b12
    (2, M2, "opportunities", "strategi", 1),  # o4
    (2, M2, "opportunities", "ledelse", 1),  # o5
    (2, M2, "opportunities", None, 1),  # o6
}
OWN_COUNTS = [
    (1, M1, "barriers", "organisasjon", 1),
    (1, M1, "barriers", None, 1),
    (1, M1, "opportunities", "teknologi", 1),
    (2, M2, "barriers", "ledelse", 1),
]


@dataclass
class World:
    cohort_id: int
    module_ids: list[int]
    org: dict[str, int]  # key -> organisation id
    name: dict[str, str]  # key -> organisation name
    g1: gatherings.GatheringInfo
    retake: gatherings.GatheringInfo
    g2: gatherings.GatheringInfo
    entry: dict[str, int]  # key -> entry id
    tokens: dict[tuple[int, str], str]  # (gathering id, organisation key) -> group token


def _activity(db, gathering, kind):
    return next(a for a in gatherings.activities(db, gathering.id) if a.kind == kind)


def _join(db, gathering, org_ids, keys):
    return {
        (gathering.id, key): gatherings.join(db, gathering.join_code, org_ids[key]).token
        for key in keys
    }


def _write_entries(db, facilitator, gathering, tokens, specs, ids):
    for kind in ("barriers", "opportunities"):
        activity = _activity(db, gathering, kind)
        gatherings.open_activity(db, facilitator, gathering.id, activity.id)
        for key, (org, entry_kind, theme, text) in specs.items():
            if entry_kind == kind:
                ids[key] = entries.submit(
                    db,
                    tokens[(gathering.id, org)],
                    activity_id=activity.id,
                    text=text,
                    theme_key=theme,
                    idempotency_key=key,
                ).id


def _answer_round(db, facilitator, gathering, tokens, answers):
    activity = _activity(db, gathering, "ambition")
    gatherings.open_activity(db, facilitator, gathering.id, activity.id)
    for key, (now, one_year, three_year) in answers.items():
        ambitions.save(
            db,
            tokens[(gathering.id, key)],
            activity_id=activity.id,
            now=now,
            one_year=one_year,
            three_year=three_year,
        )
    return activity


def _gathering(db, facilitator, module_id, held_on, org_ids, place="Tromsø"):
    return gatherings.create_gathering(
        db,
        facilitator,
        module_id=module_id,
        held_on=held_on,
        place=place,
        organisation_ids=org_ids,
    )


@pytest.fixture
def world(db, facilitator) -> World:
    organisations = gatherings.list_organisations(db)[:7]
    org = {key: o.id for key, o in zip("ABCDEFG", organisations, strict=True)}
    name = {key: o.label for key, o in zip("ABCDEFG", organisations, strict=True)}
    modules = gatherings.list_modules(db)
    assert [m.name for m in modules] == [M1, M2, M3, M4]
    [cohort] = results.cohorts_for(db, facilitator)

    # The retake is created (and answered) first, but held after the module-1 gathering.
    retake = _gathering(db, facilitator, modules[0].id, dt.date(2026, 10, 15), [org["F"]], None)
    g1 = _gathering(
        db, facilitator, modules[0].id, dt.date(2026, 9, 10), [org[k] for k in "ABCDEF"]
    )
    g2 = _gathering(
        db, facilitator, modules[1].id, dt.date(2026, 11, 26), [org[k] for k in "ABCDEG"]
    )
    tokens = {
        **_join(db, retake, org, "F"),
        **_join(db, g1, org, "ABCDEF"),
        **_join(db, g2, org, "ABCDEG"),
    }
    _answer_round(db, facilitator, retake, tokens, {"F": RETAKE_AMBITION})

    ids: dict[str, int] = {}
    _write_entries(db, facilitator, g1, tokens, MODULE_1_ENTRIES, ids)
    round_1 = _answer_round(db, facilitator, g1, tokens, MODULE_1_AMBITIONS)
    ids["i1"] = entries.submit(
        db,
        tokens[(g1.id, "A")],
        activity_id=round_1.id,
        text=INITIATIVE,
        theme_key=None,
        idempotency_key="i1",
        horizon="long",
    ).id
    _write_entries(db, facilitator, g2, tokens, MODULE_2_ENTRIES, ids)
    _answer_round(db, facilitator, g2, tokens, MODULE_2_AMBITIONS)

    entries.set_hidden(db, facilitator, g1.id, ids["b5"], True)
    entries.set_hidden(db, facilitator, g2.id, ids["b13"], True)
    return World(cohort.id, [m.id for m in modules], org, name, g1, retake, g2, ids, tokens)


@pytest.fixture
def coordinator(db, world) -> Actor:
    """The coordinator of organisation A."""
    return users.create_user(
        db,
        username="koordinator",
        name="Kari Koordinator",
        password=TEST_PASSWORD,
        role="coordinator",
        organisation_id=world.org["A"],
    )


def _rows(counts) -> set[tuple]:
    return {(r.module_position, r.module_name, r.kind, r.theme_key, r.count) for r in counts}


def _sorted(rows) -> list[tuple]:
    """Rows in a fixed order with "no theme" first (databases order NULL differently)."""
    return sorted(rows, key=lambda r: (r[0], r[2], r[3] or ""))


def _texts(rows) -> list[str]:
    return [r.text for r in rows]


# ---- choosing the scope ----------------------------------------------------------------------


def test_the_scope_pickers_list_the_cohort_its_modules_gatherings_and_organisations(
    db, facilitator, world, coordinator
):
    assert results.cohorts_for(db, facilitator) == [
        results.Option(world.cohort_id, "Pulje 1 – toppledelse (Digi Troms og Finnmark)")
    ]
    assert results.cohorts_for(db, coordinator) == results.cohorts_for(db, facilitator)
    assert [o.name for o in results.modules_of(db, coordinator, world.cohort_id)] == [
        M1,
        M2,
        M3,
        M4,
    ]
    assert results.gatherings_of(db, facilitator, Scope(world.cohort_id)) == [
        results.GatheringOption(world.g1.id, M1, dt.date(2026, 9, 10), "Tromsø"),
        results.GatheringOption(world.retake.id, M1, dt.date(2026, 10, 15), None),
        results.GatheringOption(world.g2.id, M2, dt.date(2026, 11, 26), "Tromsø"),
    ]
    only_module_2 = Scope(world.cohort_id, module_ids=(world.module_ids[1],))
    assert [o.id for o in results.gatherings_of(db, facilitator, only_module_2)] == [world.g2.id]
    assert results.organisations_of(db, facilitator, world.cohort_id) == sorted(
        (results.Option(world.org[k], world.name[k]) for k in "ABCDEFG"),
        key=lambda option: option.name,
    )
    assert results.organisations_of(db, coordinator, world.cohort_id) == [
        results.Option(world.org["A"], world.name["A"])
    ]


# ---- entry counts ------------------------------------------------------------------------------


def test_a_facilitator_gets_every_count_per_module_kind_and_theme(db, facilitator, world):
    counts = results.entry_counts(db, facilitator, Scope(world.cohort_id))
    assert counts.own == ()
    assert _rows(counts.cohort) == MODULE_1_COUNTS | MODULE_2_COUNTS
    assert len(counts.cohort) == len(MODULE_1_COUNTS | MODULE_2_COUNTS)
    assert all(isinstance(r, CountRow) for r in counts.cohort)
    # Facilitators are never masked, however few organisations a module has.
    assert counts.withheld == ()

    own = results.entry_counts(
        db, facilitator, Scope(world.cohort_id, organisation_id=world.org["A"])
    )
    assert _sorted(_rows(own.own)) == _sorted(OWN_COUNTS)
    assert _rows(own.cohort) == MODULE_1_COUNTS | MODULE_2_COUNTS


def test_a_coordinator_gets_module_1_of_the_cohort_and_module_2_withheld(db, world, coordinator):
    # Module 1: B, C, D, E and F wrote visible entries: 5 other organisations. Module 2: B, C, D
    # and E; G's only entry is hidden, so it does not count: 4 other organisations.
    counts = results.entry_counts(
        db, coordinator, Scope(world.cohort_id, organisation_id=world.org["A"])
    )
    assert _sorted(_rows(counts.own)) == _sorted(OWN_COUNTS)
    assert _rows(counts.cohort) == MODULE_1_COUNTS
    assert counts.withheld == (Withheld(M2, 4),)

    # Without an organisation in the scope, the same masking, and no "own" rows.
    whole = results.entry_counts(db, coordinator, Scope(world.cohort_id))
    assert whole.own == ()
    assert _rows(whole.cohort) == MODULE_1_COUNTS
    assert whole.withheld == (Withheld(M2, 4),)


def test_a_fifth_other_organisation_shows_the_coordinator_the_cohort_counts(
    db, facilitator, world, coordinator
):
    entries.set_hidden(db, facilitator, world.g2.id, world.entry["b13"], False)
    counts = results.entry_counts(db, coordinator, Scope(world.cohort_id))
    assert counts.withheld == ()
    assert _rows(counts.cohort) == MODULE_1_COUNTS | (
        MODULE_2_COUNTS - {(2, M2, "barriers", "ledelse", 2)} | {(2, M2, "barriers", "ledelse", 3)}
    )


def test_hiding_an_entry_takes_it_out_of_the_counts_and_can_withhold_a_module(
    db, facilitator, world, coordinator
):
    # F's only module-1 entry hidden: module 1 now covers 4 other organisations for A.
    entries.set_hidden(db, facilitator, world.g1.id, world.entry["b8"], True)
    counts = results.entry_counts(db, coordinator, Scope(world.cohort_id))
    assert counts.cohort == ()
    assert counts.withheld == (Withheld(M1, 4), Withheld(M2, 4))
    as_facilitator = results.entry_counts(db, facilitator, Scope(world.cohort_id))
    assert (1, M1, "barriers", None, 2) in _rows(as_facilitator.cohort)
    assert (1, M1, "barriers", None, 3) not in _rows(as_facilitator.cohort)


def test_entry_counts_follow_the_theme_gathering_and_module_filters(db, facilitator, world):
    by_theme = results.entry_counts(db, facilitator, Scope(world.cohort_id, theme_key="ledelse"))
    assert _rows(by_theme.cohort) == {
        (1, M1, "barriers", "ledelse", 1),
        (2, M2, "barriers", "ledelse", 2),
        (2, M2, "opportunities", "ledelse", 1),
    }
    by_gathering = results.entry_counts(
        db, facilitator, Scope(world.cohort_id, gathering_id=world.g2.id)
    )
    assert _rows(by_gathering.cohort) == MODULE_2_COUNTS
    # The retake had no entries at all.
    retake = results.entry_counts(
        db, facilitator, Scope(world.cohort_id, gathering_id=world.retake.id)
    )
    assert (retake.own, retake.cohort, retake.withheld) == ((), (), ())
    by_module = results.entry_counts(
        db, facilitator, Scope(world.cohort_id, module_ids=(world.module_ids[0],))
    )
    assert _rows(by_module.cohort) == MODULE_1_COUNTS


# ---- ambition by module ------------------------------------------------------------------------


def test_a_facilitator_gets_every_modules_spread_and_the_latest_answer_per_organisation(
    db, facilitator, world
):
    modules = results.ambition_by_module(
        db, facilitator, Scope(world.cohort_id, organisation_id=world.org["F"])
    )
    assert [(m.module_position, m.module_name) for m in modules] == [
        (1, M1),
        (2, M2),
        (3, M3),
        (4, M4),
    ]
    first, second, third, fourth = modules
    # F's latest module-1 answer is the retake's (held later), though saved first.
    assert first.own == RETAKE_AMBITION
    assert first.own_gap == 1
    assert first.cohort == MODULE_1_SPREAD
    assert first.cohort_gap == MODULE_1_GAP
    assert (first.organisations, first.withheld) == (6, False)
    # F is not in module 2; facilitators are never masked.
    assert second.own is None and second.own_gap is None
    assert second.cohort == MODULE_2_SPREAD
    assert second.cohort_gap == MODULE_2_GAP
    assert (second.organisations, second.withheld) == (5, False)
    for empty in (third, fourth):
        assert (empty.own, empty.cohort, empty.cohort_gap) == (None, None, None)
        assert (empty.organisations, empty.withheld) == (0, False)


def test_ambition_by_module_follows_the_gathering_filter(db, facilitator, world):
    in_g1 = results.ambition_by_module(
        db,
        facilitator,
        Scope(world.cohort_id, gathering_id=world.g1.id, organisation_id=world.org["F"]),
    )
    assert in_g1[0].own == MODULE_1_AMBITIONS["F"]
    # now 1 1 1 2 2 3, 1 year 1 1 2 3 3 4, 3 years 1 2 3 4 5 5, gap 0 1 2 2 2 3
    assert in_g1[0].cohort == {
        "now": Spread(count=6, median=1.5, low=1, q1=1.0, q3=2.0, high=3),
        "one_year": Spread(count=6, median=2.5, low=1, q1=1.25, q3=3.0, high=4),
        "three_year": Spread(count=6, median=3.5, low=1, q1=2.25, q3=4.75, high=5),
    }
    assert in_g1[0].cohort_gap == Spread(count=6, median=2.0, low=0, q1=1.25, q3=2.0, high=3)
    assert in_g1[1].organisations == 0 and in_g1[1].cohort is None

    in_retake = results.ambition_by_module(
        db, facilitator, Scope(world.cohort_id, gathering_id=world.retake.id)
    )
    assert in_retake[0].organisations == 1
    assert in_retake[0].cohort["now"] == Spread(1, 4, 4, 4, 4, 4)


def test_a_coordinator_gets_module_1_of_the_cohort_and_module_2_withheld_for_ambitions(
    db, world, coordinator
):
    modules = results.ambition_by_module(
        db, coordinator, Scope(world.cohort_id, organisation_id=world.org["A"])
    )
    first, second, third, _fourth = modules
    # Module 1: A and five others answered.
    assert first.own == MODULE_1_AMBITIONS["A"]
    assert first.own_gap == 2
    assert first.cohort == MODULE_1_SPREAD
    assert first.cohort_gap == MODULE_1_GAP
    assert (first.organisations, first.withheld) == (6, False)
    # Module 2: A and four others: withheld, A's own answer still shown.
    assert second.own == MODULE_2_AMBITIONS["A"]
    assert (second.cohort, second.cohort_gap) == (None, None)
    assert (second.organisations, second.withheld) == (5, True)
    # No answers at all is not "withheld".
    assert (third.cohort, third.withheld, third.organisations) == (None, False, 0)


def test_a_fifth_other_organisation_shows_the_coordinator_the_cohort_ambition(
    db, facilitator, world, coordinator
):
    activity = _activity(db, world.g2, "ambition")
    ambitions.save(
        db,
        world.tokens[(world.g2.id, "G")],
        activity_id=activity.id,
        now=2,
        one_year=3,
        three_year=4,
    )
    second = results.ambition_by_module(db, coordinator, Scope(world.cohort_id))[1]
    assert (second.organisations, second.withheld) == (6, False)
    assert second.own is None  # no organisation in the scope
    # now 1 2 2 2 3 3, gap 1 1 1 2 2 3
    assert second.cohort["now"] == Spread(count=6, median=2.0, low=1, q1=2.0, q3=2.75, high=3)
    assert second.cohort_gap == Spread(count=6, median=1.5, low=1, q1=1.0, q3=2.0, high=3)


# ---- what the room said ------------------------------------------------------------------------


def _terms(view) -> list[tuple[str, int, tuple[int, ...]]]:
    return [(t.text, t.count, t.entry_ids) for t in view.terms]


def test_frequent_words_merge_word_forms_count_entries_once_and_drop_stop_words(
    db, facilitator, world
):
    e = world.entry
    module_1 = Scope(world.cohort_id, module_ids=(world.module_ids[0],))
    view = results.frequent_words(db, facilitator, module_1, "barriers", top=20)
    # "løsninger" (twice in b2), "løsningen" (b4), "løsning" (b6) are one term in 3 entries; the
    # hidden b5 ("Hemmelig løsning for budsjett") is left out. Stop words (på, og, i, er, for,
    # ingen, lite, til) never appear; no two-word phrase occurs in two entries.
    assert _terms(view) == [
        ("kompetanse", 3, tuple(sorted((e["b1"], e["b3"], e["b7"])))),
        ("løsninger", 3, tuple(sorted((e["b2"], e["b4"], e["b6"])))),
        ("dyr", 1, (e["b4"],)),
        ("felles", 1, (e["b6"],)),
        ("gamle", 1, (e["b2"],)),
        ("kapasitet", 1, (e["b7"],)),
        ("ledelsen", 1, (e["b3"],)),
        ("mangel", 1, (e["b1"],)),
        ("mangler", 1, (e["b3"],)),
        ("opplæring", 1, (e["b8"],)),
        ("tid", 1, (e["b8"],)),
    ]
    assert view.withheld is False
    assert view.organisations == 6  # A–F; a facilitator has no "own"
    visible_barriers = {"b1", "b2", "b3", "b4", "b6", "b7", "b8"}
    assert set(view.entries) == {e[k] for k in visible_barriers}
    assert {r.text for r in view.entries.values()} == {TEXT[k] for k in visible_barriers}

    top_two = results.frequent_words(db, facilitator, module_1, "barriers", top=2)
    assert [t.text for t in top_two.terms] == ["kompetanse", "løsninger"]


def test_frequent_words_count_only_the_kind_asked_for(db, facilitator, world):
    e = world.entry
    view = results.frequent_words(db, facilitator, Scope(world.cohort_id), "opportunities", top=50)
    # "felles" in o1, o3 and o4; the initiative and every barrier are left out.
    assert view.terms[0].text == "felles"
    assert view.terms[0].entry_ids == tuple(sorted((e["o1"], e["o3"], e["o4"])))
    assert [t.count for t in view.terms[1:]] == [1] * 10
    texts = {t.text for t in view.terms}
    assert "førstelinje" not in texts and "kompetanse" not in texts
    assert set(view.entries) == {e[k] for k in ("o1", "o2", "o3", "o4", "o5", "o6")}


def test_a_coordinator_sees_a_word_only_when_5_other_organisations_used_it(
    db, facilitator, world, coordinator
):
    e = world.entry
    module_1 = Scope(world.cohort_id, module_ids=(world.module_ids[0],))
    # Module 1 covers 5 other organisations, so the view is not withheld; but "kompetanse" is
    # used by B and E besides A, "løsninger" by C and D: no term of the cohort is shown.
    view = results.frequent_words(db, coordinator, module_1, "barriers")
    assert (view.withheld, view.organisations) == (False, 5)
    assert view.terms == ()
    # What the coordinator may read is their own organisation's entries only.
    assert set(view.entries) == {e["b1"], e["b2"]}
    assert {r.text for r in view.entries.values()} == {TEXT["b1"], TEXT["b2"]}

    # C, D and then F write "kompetanse" too: with C and D it is 4 other organisations.
    barriers = _activity(db, world.g1, "barriers")
    gatherings.open_activity(db, facilitator, world.g1.id, barriers.id)
    more = {}
    for key, text in (("C", "Kompetansen er spredt"), ("D", "Kompetanse mangler")):
        more[key] = entries.submit(
            db,
            world.tokens[(world.g1.id, key)],
            activity_id=barriers.id,
            text=text,
            theme_key=None,
            idempotency_key=f"more-{key}",
        ).id
    assert results.frequent_words(db, coordinator, module_1, "barriers").terms == ()
    more["F"] = entries.submit(
        db,
        world.tokens[(world.g1.id, "F")],
        activity_id=barriers.id,
        text="For lite kompetanse",
        theme_key=None,
        idempotency_key="more-F",
    ).id
    view = results.frequent_words(db, coordinator, module_1, "barriers")
    # Six entries of A–F: the forms "kompetanse" (4 times) and "kompetansen" (twice) merged.
    assert _terms(view) == [
        ("kompetanse", 6, tuple(sorted((e["b1"], e["b3"], e["b7"], *more.values())))),
    ]
    # Behind the term, the coordinator reads only their own organisation's entries.
    assert set(view.entries) == {e["b1"], e["b2"]}
    assert {r.organisation_id for r in view.entries.values()} == {world.org["A"]}
    # The facilitator sees every term and every entry behind it.
    everything = results.frequent_words(db, facilitator, module_1, "barriers", top=3)
    assert [(t.text, t.count) for t in everything.terms[:2]] == [
        ("kompetanse", 6),
        ("løsninger", 3),
    ]
    # "Kompetansen mangler" (b3) and "Kompetanse mangler" (D): one phrase in two entries.
    phrase = everything.terms[2]
    assert phrase.text in ("kompetansen mangler", "kompetanse mangler")
    assert phrase.entry_ids == tuple(sorted((e["b3"], more["D"])))
    assert set(everything.entries) >= {e["b3"], e["b7"], *more.values()}


def test_a_coordinator_gets_no_words_over_fewer_than_5_other_organisations(
    db, facilitator, world, coordinator
):
    module_1 = Scope(world.cohort_id, module_ids=(world.module_ids[0],))
    # Module-1 opportunities: B and E besides A.
    opportunities = results.frequent_words(db, coordinator, module_1, "opportunities")
    assert (opportunities.terms, opportunities.entries) == ((), {})
    assert (opportunities.withheld, opportunities.organisations) == (True, 2)
    # Module-2 barriers: B and D (G's entry is hidden).
    module_2 = Scope(world.cohort_id, module_ids=(world.module_ids[1],))
    barriers_2 = results.frequent_words(db, coordinator, module_2, "barriers")
    assert (barriers_2.terms, barriers_2.withheld, barriers_2.organisations) == ((), True, 2)
    # Hiding F's only module-1 barrier leaves 4 other organisations: withheld.
    entries.set_hidden(db, facilitator, world.g1.id, world.entry["b8"], True)
    barriers_1 = results.frequent_words(db, coordinator, module_1, "barriers")
    assert (barriers_1.terms, barriers_1.entries) == ((), {})
    assert (barriers_1.withheld, barriers_1.organisations) == (True, 4)
    # The facilitator still sees them.
    assert results.frequent_words(db, facilitator, module_1, "barriers").terms


def test_a_coordinator_asking_for_their_own_organisations_words_gets_them(db, world, coordinator):
    e = world.entry
    own = Scope(world.cohort_id, organisation_id=world.org["A"])
    view = results.frequent_words(db, coordinator, own, "barriers")
    assert view.withheld is False
    # b1 "Mangel på kompetanse", b2 "Gamle løsninger og gamle løsninger", b9 "Ledelsen mangler
    # tid": "gamle løsninger" occurs twice but in one entry, so it is no phrase.
    assert _terms(view) == [
        ("gamle", 1, (e["b2"],)),
        ("kompetanse", 1, (e["b1"],)),
        ("ledelsen", 1, (e["b9"],)),
        ("løsninger", 1, (e["b2"],)),
        ("mangel", 1, (e["b1"],)),
        ("mangler", 1, (e["b9"],)),
        ("tid", 1, (e["b9"],)),
    ]
    assert set(view.entries) == {e["b1"], e["b2"], e["b9"]}
    with pytest.raises(NotAllowed) as caught:
        results.frequent_words(
            db, coordinator, Scope(world.cohort_id, organisation_id=world.org["B"]), "barriers"
        )
    assert caught.value.code == "own_organisation_only"


# ---- the table of entries ----------------------------------------------------------------------

# Newest module first, then the latest gathering, then the newest entry; hidden ones left out.
ALL_VISIBLE = [
    TEXT["o6"],
    TEXT["o5"],
    TEXT["o4"],
    TEXT["b12"],
    TEXT["b11"],
    TEXT["b10"],
    TEXT["b9"],
    INITIATIVE,
    TEXT["o3"],
    TEXT["o2"],
    TEXT["o1"],
    TEXT["b8"],
    TEXT["b7"],
    TEXT["b6"],
    TEXT["b4"],
    TEXT["b3"],
    TEXT["b2"],
    TEXT["b1"],
]
OWN_VISIBLE = [TEXT["b9"], INITIATIVE, TEXT["o1"], TEXT["b2"], TEXT["b1"]]


def test_a_facilitator_reads_every_visible_entry_newest_module_first(db, facilitator, world):
    rows = results.entry_table(db, facilitator, Scope(world.cohort_id))
    assert _texts(rows) == ALL_VISIBLE
    assert _texts(results.iter_entry_rows(db, facilitator, Scope(world.cohort_id))) == ALL_VISIBLE
    b4 = next(r for r in rows if r.id == world.entry["b4"])
    assert b4 == results.EntryRow(
        id=world.entry["b4"],
        module_position=1,
        module_name=M1,
        held_on=dt.date(2026, 9, 10),
        organisation_id=world.org["C"],
        organisation=world.name["C"],
        kind="barriers",
        theme_key="ledelse",
        horizon=None,
        text=TEXT["b4"],
    )
    initiative = next(r for r in rows if r.text == INITIATIVE)
    assert (initiative.kind, initiative.horizon) == ("ambition", "long")
    hidden = {world.entry[k] for k in HIDDEN}
    assert not hidden & {r.id for r in rows}

    just_b = results.entry_table(
        db, facilitator, Scope(world.cohort_id, organisation_id=world.org["B"])
    )
    assert _texts(just_b) == [TEXT["b10"], TEXT["o2"], TEXT["b3"]]


def test_a_coordinators_table_holds_only_their_own_organisation(db, world, coordinator):
    for scope in (
        Scope(world.cohort_id),
        Scope(world.cohort_id, organisation_id=world.org["A"]),
    ):
        rows = results.entry_table(db, coordinator, scope)
        assert _texts(rows) == OWN_VISIBLE
        assert {r.organisation_id for r in rows} == {world.org["A"]}
        streamed = list(results.iter_entry_rows(db, coordinator, scope))
        assert streamed == rows
    # Even a search that matches other organisations' entries finds only A's.
    assert _texts(results.entry_table(db, coordinator, Scope(world.cohort_id), "tid")) == [
        TEXT["b9"]
    ]


def test_a_coordinator_asking_for_another_organisation_is_refused(db, world, coordinator):
    other = Scope(world.cohort_id, organisation_id=world.org["B"])
    calls = {
        "entry_table": lambda: results.entry_table(db, coordinator, other),
        "iter_entry_rows": lambda: list(results.iter_entry_rows(db, coordinator, other)),
        "entry_counts": lambda: results.entry_counts(db, coordinator, other),
        "ambition_by_module": lambda: results.ambition_by_module(db, coordinator, other),
        "frequent_words": lambda: results.frequent_words(db, coordinator, other, "barriers"),
    }
    for name, call in calls.items():
        with pytest.raises(NotAllowed) as caught:
            call()
        assert caught.value.code == "own_organisation_only", name


def test_searching_the_table_ignores_case(db, facilitator, world):
    scope = Scope(world.cohort_id)
    search = results.entry_table
    expected = [TEXT["b7"], TEXT["b3"], TEXT["b1"]]
    assert _texts(search(db, facilitator, scope, "KOMPETANSE")) == expected
    assert _texts(search(db, facilitator, scope, "  kompetanse  ")) == expected
    assert _texts(search(db, facilitator, scope, "Tid")) == [
        TEXT["b10"],
        TEXT["b9"],
        TEXT["b8"],
    ]
    # The hidden b5 "Hemmelig løsning for budsjett" is not found.
    assert search(db, facilitator, scope, "hemmelig") == []


def test_searching_the_table_ignores_the_case_of_norwegian_letters(db, facilitator, world):
    scope = Scope(world.cohort_id)
    expected = [TEXT["b6"], TEXT["b4"], TEXT["b2"]]
    assert _texts(results.entry_table(db, facilitator, scope, "løsning")) == expected
    assert _texts(results.entry_table(db, facilitator, scope, "LØSNING")) == expected


def test_searching_the_table_takes_percent_and_underscore_literally(db, facilitator, world):
    scope = Scope(world.cohort_id)
    search = results.entry_table
    assert _texts(search(db, facilitator, scope, "%")) == [TEXT["o6"]]
    assert _texts(search(db, facilitator, scope, "50%")) == [TEXT["o6"]]
    assert _texts(search(db, facilitator, scope, "_")) == [TEXT["b12"]]
    assert _texts(search(db, facilitator, scope, "rapport_2026")) == [TEXT["b12"]]
    # As wildcards these would match "tid" and "mangler"; taken literally, nothing.
    assert search(db, facilitator, scope, "t_d") == []
    assert search(db, facilitator, scope, "mang%r") == []
    assert search(db, facilitator, scope, "\\") == []


def test_the_table_follows_the_theme_gathering_and_kind_filters(db, facilitator, world):
    by_theme = results.entry_table(
        db, facilitator, Scope(world.cohort_id, theme_key="organisasjon")
    )
    assert _texts(by_theme) == [TEXT["b7"], TEXT["b3"], TEXT["b1"]]  # b5 is hidden
    by_gathering = results.entry_table(
        db, facilitator, Scope(world.cohort_id, gathering_id=world.g2.id)
    )
    assert _texts(by_gathering) == ALL_VISIBLE[:7]
    by_kind = results.entry_table(db, facilitator, Scope(world.cohort_id), kinds=("opportunities",))
    assert _texts(by_kind) == [
        TEXT["o6"],
        TEXT["o5"],
        TEXT["o4"],
        TEXT["o3"],
        TEXT["o2"],
        TEXT["o1"],
    ]
    by_module_and_theme = results.entry_table(
        db,
        facilitator,
        Scope(world.cohort_id, module_ids=(world.module_ids[1],), theme_key="ledelse"),
    )
    assert _texts(by_module_and_theme) == [TEXT["o5"], TEXT["b10"], TEXT["b9"]]
    assert (
        results.entry_table(db, facilitator, Scope(world.cohort_id, gathering_id=world.retake.id))
        == []
    )


def test_restoring_a_hidden_entry_brings_it_back_everywhere(db, facilitator, world):
    entries.set_hidden(db, facilitator, world.g1.id, world.entry["b5"], False)
    scope = Scope(world.cohort_id, module_ids=(world.module_ids[0],))
    assert TEXT["b5"] in _texts(results.entry_table(db, facilitator, scope))
    counts = results.entry_counts(db, facilitator, scope)
    assert (1, M1, "barriers", "organisasjon", 4) in _rows(counts.cohort)
    words = results.frequent_words(db, facilitator, scope, "barriers", top=1)
    top = words.terms[0]
    assert top.count == 4 and world.entry["b5"] in top.entry_ids
    assert top.text in ("løsning", "løsninger")  # the two forms used twice each


# ---- other networks ----------------------------------------------------------------------------


def _second_network(db, world):
    north_id, cohort_id = make_network(db)
    strangers = [
        users.create_user(
            db,
            username="fremmed-prosessleder",
            name="Frida Fremmed",
            password=TEST_PASSWORD,
            role="facilitator",
            network_id=north_id,
        ),
        users.create_user(
            db,
            username="fremmed-koordinator",
            name="Kjell Fremmed",
            password=TEST_PASSWORD,
            role="coordinator",
            organisation_id=world.org["A"],
            network_id=north_id,
        ),
    ]
    return cohort_id, strangers


def test_nobody_from_another_network_reads_this_cohort(db, world):
    their_cohort, strangers = _second_network(db, world)
    scope = Scope(world.cohort_id)
    for stranger in strangers:
        assert [c.id for c in results.cohorts_for(db, stranger)] == [their_cohort]
        calls = [
            lambda a: results.modules_of(db, a, world.cohort_id),
            lambda a: results.gatherings_of(db, a, scope),
            lambda a: results.organisations_of(db, a, world.cohort_id),
            lambda a: results.entry_counts(db, a, scope),
            lambda a: results.ambition_by_module(db, a, scope),
            lambda a: results.frequent_words(db, a, scope, "barriers"),
            lambda a: results.entry_table(db, a, scope),
            lambda a: list(results.iter_entry_rows(db, a, scope)),
        ]
        for call in calls:
            with pytest.raises(NotAllowed) as caught:
                call(stranger)
            assert caught.value.code == "other_network", stranger.role
        # Their own (empty) cohort they may open.
        assert [m.name for m in results.modules_of(db, stranger, their_cohort)] == ["Modul 1"]


def test_only_facilitators_and_coordinators_of_an_organisation_read_results(db, world):
    scope = Scope(world.cohort_id)
    loose = users.create_user(
        db,
        username="uten-organisasjon",
        name="Uno Uten",
        password=TEST_PASSWORD,
        role="coordinator",
    )
    for actor in (None, loose):
        with pytest.raises(NotAllowed):
            results.entry_table(db, actor, scope)
        with pytest.raises(NotAllowed):
            results.cohorts_for(db, actor)
    admin = users.create_user(
        db, username="admin", name="Ada Admin", password=TEST_PASSWORD, role="admin"
    )
    assert _texts(results.entry_table(db, admin, scope)) == ALL_VISIBLE
