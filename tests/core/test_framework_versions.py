"""The versioned framework, on SQLite and PostgreSQL: what the first run seeds, publishing a new
version (administrators only, checked, never twice for the same content), and answers keeping
the generation names of the version they were given under."""

from __future__ import annotations

import pytest

from core import ambitions, audit, framework, gatherings, users
from core.access import Actor
from core.errors import InvalidInput, NotAllowed
from tests.conftest import TEST_PASSWORD, make_gathering

SEEDED = framework.load()


@pytest.fixture
def admin(db) -> Actor:
    return users.create_user(
        db, username="admin", name="Ada Admin", password=TEST_PASSWORD, role="admin"
    )


def _generations(version: framework.Version) -> list[tuple[str, str]]:
    return [(g.name, g.description) for g in version.generations]


def _renamed_third(version: framework.Version) -> list[tuple[str, str]]:
    generations = _generations(version)
    generations[2] = ("Nytenkning og relevans", generations[2][1])
    return generations


def _ambition(db, gathering_id):
    return next(a for a in gatherings.activities(db, gathering_id) if a.kind == "ambition")


def _open_round(db, actor, gathering):
    activity = _ambition(db, gathering.id)
    gatherings.open_activity(db, actor, gathering.id, activity.id)
    return activity


def _first_group(db, gathering):
    _info, options = gatherings.join_options(db, gathering.join_code)
    return gatherings.join(db, gathering.join_code, options[0].organisation_id)


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


# ---- seeding -----------------------------------------------------------------------------------


def test_the_first_run_seeds_version_1_from_the_framework_file(db):
    version = framework.current(db)
    assert version.number == 1
    assert [g.number for g in version.generations] == [1, 2, 3, 4, 5]
    assert version.highest == 5
    assert [(g.name, g.description) for g in version.generations] == [
        (g["name"], g["description"]) for g in SEEDED["generations"]
    ]
    assert version.generation(3).name == "Problemløsning og relevans"
    assert version.generation(3).label == "3 – Problemløsning og relevans"
    assert version.generation(6) is None
    assert version.capabilities == (
        "Digitalt visjonær",
        "Sluttkundefokus",
        "Økosystem-tankesett",
        "Teknologisk fremsyn",
    )
    assert framework.version(db, version.id) == version
    [(number, _at, by)] = framework.history(db)
    assert (number, by) == (1, "data/framework.yaml")


def test_seeding_again_adds_no_version(db):
    framework.ensure_seeded(db)
    framework.ensure_seeded(db)
    assert [number for number, _at, _by in framework.history(db)] == [1]


# ---- publishing --------------------------------------------------------------------------------


def test_an_administrator_publishes_version_2(db, admin):
    first = framework.current(db)
    published = framework.publish(
        db,
        admin,
        generations=_renamed_third(first),
        capabilities=[*first.capabilities, "Endringsledelse"],
    )
    assert published.number == 2
    assert published.id != first.id
    assert published.generation(3).name == "Nytenkning og relevans"
    assert published.generation(2).name == first.generation(2).name
    assert published.capabilities[-1] == "Endringsledelse"
    assert framework.current(db) == published
    # Version 1 is still there, unchanged.
    assert framework.version(db, first.id) == first
    history = framework.history(db)
    assert [(number, by) for number, _at, by in history] == [
        (2, "admin"),
        (1, "data/framework.yaml"),
    ]


@pytest.mark.parametrize("role", ["facilitator", "coordinator"])
def test_only_an_administrator_publishes(db, facilitator, role):
    actor = (
        facilitator
        if role == "facilitator"
        else users.create_user(
            db,
            username="koordinator",
            name="Kari Koordinator",
            password=TEST_PASSWORD,
            role="coordinator",
        )
    )
    first = framework.current(db)
    with pytest.raises(NotAllowed) as caught:
        framework.publish(
            db, actor, generations=_renamed_third(first), capabilities=list(first.capabilities)
        )
    assert caught.value.code == "admin_only"
    assert framework.current(db) == first
    with pytest.raises(NotAllowed):
        framework.publish(
            db, None, generations=_renamed_third(first), capabilities=list(first.capabilities)
        )


def test_publishing_the_same_content_again_makes_no_new_version(db, admin):
    first = framework.current(db)
    same = framework.publish(
        db, admin, generations=_generations(first), capabilities=list(first.capabilities)
    )
    assert same == first
    # Surrounding spaces and an empty capability line are not a change either.
    padded = framework.publish(
        db,
        admin,
        generations=[
            (f"  {name} ", f"{description}\n") for name, description in _generations(first)
        ],
        capabilities=[f" {name}" for name in first.capabilities] + ["   "],
    )
    assert padded == first
    assert [number for number, _at, _by in framework.history(db)] == [1]
    second = framework.publish(
        db, admin, generations=_renamed_third(first), capabilities=list(first.capabilities)
    )
    again = framework.publish(
        db, admin, generations=_renamed_third(first), capabilities=list(first.capabilities)
    )
    assert second.number == 2 and again == second
    assert [number for number, _at, _by in framework.history(db)] == [2, 1]


def test_six_generations_are_allowed(db, admin):
    first = framework.current(db)
    six = framework.publish(
        db,
        admin,
        generations=[*_generations(first), ("Autonom og selvlærende", "Lagt til i 2024.")],
        capabilities=list(first.capabilities),
    )
    assert six.number == 2
    assert [g.number for g in six.generations] == [1, 2, 3, 4, 5, 6]
    assert six.highest == 6
    assert six.generation(6).name == "Autonom og selvlærende"


@pytest.mark.parametrize("count", [0, 4, 7])
def test_too_few_or_too_many_generations_are_refused(db, admin, count):
    first = framework.current(db)
    generations = [(f"Generasjon {n}", f"Beskrivelse {n}") for n in range(1, count + 1)]
    with pytest.raises(InvalidInput) as caught:
        framework.publish(db, admin, generations=generations, capabilities=["Digitalt visjonær"])
    assert caught.value.code == "generations_count"
    assert caught.value.params == {"count": count}
    assert framework.current(db) == first


@pytest.mark.parametrize("capabilities", [[], [""], ["  ", "\n"]])
def test_an_empty_capability_list_is_refused(db, admin, capabilities):
    first = framework.current(db)
    with pytest.raises(InvalidInput) as caught:
        framework.publish(db, admin, generations=_generations(first), capabilities=capabilities)
    assert caught.value.code == "capabilities_none"
    assert framework.current(db) == first


def test_a_duplicate_capability_is_refused(db, admin):
    first = framework.current(db)
    with pytest.raises(InvalidInput) as caught:
        framework.publish(
            db,
            admin,
            generations=_generations(first),
            capabilities=["Sluttkundefokus", "Digitalt visjonær", " Sluttkundefokus "],
        )
    assert caught.value.code == "capabilities_duplicate"
    assert caught.value.params == {"name": "Sluttkundefokus"}
    assert framework.current(db) == first


def test_more_than_thirty_capabilities_are_refused(db, admin):
    first = framework.current(db)
    with pytest.raises(InvalidInput) as caught:
        framework.publish(
            db,
            admin,
            generations=_generations(first),
            capabilities=[f"Kapabilitet {n}" for n in range(31)],
        )
    assert caught.value.code == "capabilities_too_many"


@pytest.mark.parametrize(
    ("generation", "code"),
    [
        (("", "Beskrivelse"), "generation_name_empty"),
        (("X", "Beskrivelse"), "generation_name_too_short"),
        (("Navn", "x" * 301), "generation_description_too_long"),
        (("Na\x00vn", "Beskrivelse"), "generation_name_control_chars"),
    ],
)
def test_a_generation_that_cannot_be_stored_is_refused(db, admin, generation, code):
    first = framework.current(db)
    generations = _generations(first)
    generations[1] = generation
    with pytest.raises(InvalidInput) as caught:
        framework.publish(db, admin, generations=generations, capabilities=list(first.capabilities))
    assert caught.value.code == code
    assert framework.current(db) == first


def test_publishing_is_written_to_the_audit_log(db, admin):
    first = framework.current(db)
    framework.publish(
        db, admin, generations=_renamed_third(first), capabilities=list(first.capabilities)
    )
    # Publishing the same content again logs nothing.
    framework.publish(
        db, admin, generations=_renamed_third(first), capabilities=list(first.capabilities)
    )
    logged = [
        (e.username, e.target) for e in audit.events(db, admin) if e.action == "framework_published"
    ]
    assert logged == [("admin", "versjon 2")]


# ---- answers keep their version ------------------------------------------------------------------


def test_an_answer_keeps_the_names_of_the_version_it_was_given_under(db, admin, facilitator):
    first = framework.current(db)
    old_name = first.generation(3).name
    before = make_gathering(db, facilitator)
    group = _first_group(db, before)
    old_round = _open_round(db, facilitator, before)
    assert ambitions.round_version(db, old_round.id) == first
    given = _answer(db, group.token, old_round.id, 3, 3, 4)
    assert given.now_name == old_name

    second = framework.publish(
        db, admin, generations=_renamed_third(first), capabilities=list(first.capabilities)
    )
    assert second.generation(3).name == "Nytenkning og relevans"
    read_back = ambitions.own_answer(db, group.token, old_round.id)
    assert (read_back.now_name, read_back.one_year_name) == (old_name, old_name)
    assert read_back.framework_version_id == first.id
    assert ambitions.round_version(db, old_round.id) == first
    [by_organisation] = ambitions.organisation_answers(db, admin, group.organisation_id)
    assert by_organisation.now_name == old_name

    # A round opened after the edit answers, and reads, under version 2.
    after = make_gathering(db, facilitator)
    new_round = _open_round(db, facilitator, after)
    assert ambitions.round_version(db, new_round.id) == second
    new_group = _first_group(db, after)
    fresh = _answer(db, new_group.token, new_round.id, 3, 4, 5)
    assert fresh.framework_version_id == second.id
    assert fresh.now_name == "Nytenkning og relevans"
    # The old round's overview still draws its answers on version 1's scale.
    overview = ambitions.round_overview(db, before.id, old_round.id, actor=facilitator)
    assert overview.version == first


def test_a_round_created_before_an_edit_but_opened_after_it_uses_the_new_version(
    db, admin, facilitator
):
    first = framework.current(db)
    gathering = make_gathering(db, facilitator)  # its ambition round is still pending
    second = framework.publish(
        db, admin, generations=_renamed_third(first), capabilities=list(first.capabilities)
    )
    activity = _open_round(db, facilitator, gathering)
    assert ambitions.round_version(db, activity.id) == second
    saved = _answer(db, _first_group(db, gathering).token, activity.id, 3, 3, 3)
    assert saved.now_name == "Nytenkning og relevans"


def test_a_round_without_answers_follows_a_correction_when_reopened(db, admin, facilitator):
    first = framework.current(db)
    gathering = make_gathering(db, facilitator)
    activity = _open_round(db, facilitator, gathering)
    assert ambitions.round_version(db, activity.id) == first
    second = framework.publish(
        db, admin, generations=_renamed_third(first), capabilities=list(first.capabilities)
    )
    gatherings.close_activity(db, facilitator, gathering.id, activity.id)
    gatherings.open_activity(db, facilitator, gathering.id, activity.id)
    assert ambitions.round_version(db, activity.id) == second


def test_a_round_with_answers_keeps_its_version_when_reopened(db, admin, facilitator):
    first = framework.current(db)
    gathering = make_gathering(db, facilitator)
    _info, options = gatherings.join_options(db, gathering.join_code)
    early, late = (gatherings.join(db, gathering.join_code, o.organisation_id) for o in options[:2])
    activity = _open_round(db, facilitator, gathering)
    _answer(db, early.token, activity.id, 3, 4, 5)

    framework.publish(
        db,
        admin,
        generations=[*_renamed_third(first), ("Autonom og selvlærende", "Lagt til i 2024.")],
        capabilities=list(first.capabilities),
    )
    assert ambitions.round_version(db, activity.id) == first
    gatherings.close_activity(db, facilitator, gathering.id, activity.id)
    gatherings.open_activity(db, facilitator, gathering.id, activity.id)
    assert ambitions.round_version(db, activity.id) == first

    # A group answering late answers on the same scale as the rest of the room.
    with pytest.raises(InvalidInput) as caught:
        _answer(db, late.token, activity.id, 5, 6, 6)
    assert caught.value.code == "generation_out_of_range"
    late_answer = _answer(db, late.token, activity.id, 3, 3, 5)
    assert late_answer.framework_version_id == first.id
    assert late_answer.now_name == first.generation(3).name
    overview = ambitions.round_overview(db, gathering.id, activity.id, actor=facilitator)
    assert overview.version == first and overview.answered == 2
