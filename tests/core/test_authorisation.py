"""Who may do what, enforced in core (not by which pages are shown): every role against every
core action that exists so far, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from core import (
    ambitions,
    audit,
    cohorts,
    entries,
    exports,
    framework,
    gatherings,
    report,
    results,
    users,
)
from core.errors import NotAllowed, NotFound
from tests.conftest import add_entry

PASSWORD = "et-langt-passord-99"
ROLES = ("admin", "facilitator", "coordinator")


def _actions(db, gathering, groups, activity, own_org, other_org, entry):
    """Each action as a callable taking the acting user."""
    ambition = next(a for a in gatherings.activities(db, gathering.id) if a.is_ambition)
    version = framework.current(db)
    with db.read() as session:
        from core.models import Gathering

        module = session.get(Gathering, gathering.id).module
        cohort_id, module_id, cohort_name = module.cohort_id, module.id, module.cohort.name
    whole = results.Scope(cohort_id)

    def pdf(organisation_id):
        return lambda a: report.organisation_report(
            db, a, cohort_id=cohort_id, module_id=module_id, organisation_id=organisation_id
        )

    return {
        "read the cohort's aggregates": lambda a: results.entry_counts(db, a, whole),
        "read another organisation's results": lambda a: results.entry_counts(
            db, a, results.Scope(cohort_id, organisation_id=other_org)
        ),
        "export the cohort's entries": lambda a: exports.entries_csv(db, a, whole),
        "export the cohort as a workbook": lambda a: exports.workbook(db, a, whole),
        "PDF report of own organisation": pdf(own_org),
        "PDF report of another organisation": pdf(other_org),
        "read ambition answers of own organisation": lambda a: ambitions.organisation_answers(
            db, a, own_org
        ),
        "read ambition answers of another organisation": lambda a: ambitions.organisation_answers(
            db, a, other_org
        ),
        "reveal an ambition round": lambda a: gatherings.reveal_results(
            db, a, gathering.id, ambition.id, True
        ),
        "ask for capability ratings": lambda a: gatherings.ask_capability_ratings(
            db, a, gathering.id, ambition.id, True
        ),
        "use neutral group labels": lambda a: gatherings.use_neutral_labels(
            db, a, gathering.id, True
        ),
        "publish a framework version": lambda a: framework.publish(
            db,
            a,
            generations=[(g.name, g.description) for g in version.generations],
            capabilities=[*version.capabilities, "Ny evne"],
        ),
        "read entries of own organisation": lambda a: results.entry_table(
            db, a, results.Scope(cohort_id, organisation_id=own_org)
        ),
        "read entries of another organisation": lambda a: results.entry_table(
            db, a, results.Scope(cohort_id, organisation_id=other_org)
        ),
        "list gatherings": lambda a: gatherings.list_gatherings(db, a),
        "read a gathering's entries": lambda a: entries.gathering_entries(db, a, gathering.id),
        "open an activity": lambda a: gatherings.open_activity(db, a, gathering.id, activity.id),
        "close an activity": lambda a: gatherings.close_activity(db, a, gathering.id, activity.id),
        "moderate an entry": lambda a: entries.set_hidden(db, a, gathering.id, entry.id, True),
        "manage users": lambda a: users.list_users(db, a),
        "read the audit log": lambda a: audit.events(db, a),
        # Last, since it destroys the world the other rows act on.
        "delete a cohort's data": lambda a: cohorts.delete_cohort_data(
            db, a, cohort_id, cohort_name
        ),
    }


ALLOWED = {
    "admin": "all",
    "facilitator": {
        "read entries of own organisation",
        "read entries of another organisation",
        "list gatherings",
        "read a gathering's entries",
        "open an activity",
        "close an activity",
        "moderate an entry",
        "read ambition answers of own organisation",
        "read ambition answers of another organisation",
        "reveal an ambition round",
        "ask for capability ratings",
        "use neutral group labels",
        "read the cohort's aggregates",
        "read another organisation's results",
        "export the cohort's entries",
        "export the cohort as a workbook",
        "PDF report of own organisation",
        "PDF report of another organisation",
    },
    # A coordinator's cohort export holds their own organisation's rows only (tested in
    # tests/core/test_exports.py); asking for another organisation is refused.
    "coordinator": {
        "read entries of own organisation",
        "read ambition answers of own organisation",
        "read the cohort's aggregates",
        "export the cohort's entries",
        "export the cohort as a workbook",
        "PDF report of own organisation",
    },
}


def own_module_cohort(db) -> int:
    """The first network's cohort (where the shared fixtures' gathering is)."""
    return results.cohorts_for(db, users.actor_for(db, "admin"))[0].id


@pytest.fixture
def world(db, facilitator, gathering, groups, open_barriers):
    entry = add_entry(db, groups[0].token, open_barriers.id, "Vårt innspill", key="w")
    own_org, other_org = groups[0].organisation_id, groups[1].organisation_id
    people = {
        "admin": users.create_user(
            db, username="admin", name="Ada", password=PASSWORD, role="admin"
        ),
        "facilitator": facilitator,
        "coordinator": users.create_user(
            db,
            username="koordinator",
            name="Kari",
            password=PASSWORD,
            role="coordinator",
            organisation_id=own_org,
        ),
    }
    return people, _actions(db, gathering, groups, open_barriers, own_org, other_org, entry)


@pytest.mark.parametrize("role", ROLES)
def test_authorisation_matrix(world, role):
    people, actions = world
    outcomes = {}
    for name, action in actions.items():
        try:
            action(people[role])
        except NotAllowed:
            outcomes[name] = "refused"
        except NotFound:
            outcomes[name] = "not found"  # every row acts on real data: no row expects this
        else:
            outcomes[name] = "allowed"
    allowed = set(actions) if ALLOWED[role] == "all" else ALLOWED[role]
    expected = {name: "allowed" if name in allowed else "refused" for name in actions}
    assert outcomes == expected


def test_a_coordinator_sees_exactly_their_own_organisations_entries(world, db, groups):
    people, _ = world
    cohort_id = own_module_cohort(db)
    mine = results.entry_table(
        db,
        people["coordinator"],
        results.Scope(cohort_id, organisation_id=groups[0].organisation_id),
    )
    assert [e.text for e in mine] == ["Vårt innspill"]
    with pytest.raises(NotAllowed) as caught:
        results.entry_table(
            db,
            people["coordinator"],
            results.Scope(cohort_id, organisation_id=groups[1].organisation_id),
        )
    assert caught.value.code == "own_organisation_only"


def test_a_group_token_reaches_only_its_own_group(db, groups, open_barriers):
    theirs = add_entry(db, groups[1].token, open_barriers.id, "Deres innspill", key="t")
    with pytest.raises(NotFound):
        entries.update(db, groups[0].token, theirs.id, text="Overtatt", theme_key=None)
    assert [e.text for e in entries.own_entries(db, groups[0].token)] == []
    assert [e.text for e in entries.own_entries(db, groups[1].token)] == ["Deres innspill"]


def test_a_facilitator_of_another_network_reaches_nothing_here(db, world, gathering, groups):
    from tests.conftest import make_gathering, make_network

    north_id, north_cohort_id = make_network(db)
    stranger = users.create_user(
        db,
        username="fremmed",
        name="Frida Fremmed",
        password=PASSWORD,
        role="facilitator",
        network_id=north_id,
    )
    activity = gatherings.activities(db, gathering.id)[0]
    ambition = next(a for a in gatherings.activities(db, gathering.id) if a.is_ambition)
    assert gatherings.list_gatherings(db, stranger) == []
    for refused in (
        lambda: gatherings.open_activity(db, stranger, gathering.id, activity.id),
        lambda: gatherings.close_activity(db, stranger, gathering.id, activity.id),
        lambda: entries.gathering_entries(db, stranger, gathering.id),
        lambda: gatherings.gathering_for_facilitator(db, stranger, gathering.id),
        lambda: make_gathering(db, stranger),  # a module of the first network
        lambda: gatherings.reveal_results(db, stranger, gathering.id, ambition.id, True),
        lambda: gatherings.ask_capability_ratings(db, stranger, gathering.id, ambition.id, True),
        lambda: gatherings.use_neutral_labels(db, stranger, gathering.id, True),
        lambda: results.entry_counts(db, stranger, results.Scope(own_module_cohort(db))),
        lambda: exports.entries_csv(db, stranger, results.Scope(own_module_cohort(db))),
    ):
        with pytest.raises(NotAllowed) as caught:
            refused()
        assert caught.value.code == "other_network"
    # Reading that organisation in their own network finds nothing of what it said here.
    assert (
        results.entry_table(
            db, stranger, results.Scope(north_cohort_id, organisation_id=groups[0].organisation_id)
        )
        == []
    )
    assert ambitions.organisation_answers(db, stranger, groups[0].organisation_id) == []
    # The preview before the reveal is for this gathering's own network only.
    overview = ambitions.round_overview(db, gathering.id, ambition.id, actor=stranger)
    assert overview.answers == ()
    # In their own network they work as usual.
    # Their module list offers only their own network's module.
    [own_module] = gatherings.list_modules(db, stranger.network_id)
    assert own_module.network_name == "Et annet nettverk"
    created = gatherings.create_gathering(
        db,
        stranger,
        module_id=own_module.id,
        held_on=gathering.held_on,
        place=None,
        organisation_ids=[groups[0].organisation_id],
    )
    assert [g.id for g in gatherings.list_gatherings(db, stranger)] == [created.id]
    # The administrator sees both networks.
    assert len(gatherings.list_gatherings(db, world[0]["admin"])) == 2
