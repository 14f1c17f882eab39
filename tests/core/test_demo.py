"""The demo programme: the shape the README promises, the same content on every load, and a
reset that starts over without touching anything else."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from core import demo, gatherings, live, results, users
from core.models import Activity, Ambition, Entry, Gathering, Group, Module, Organisation
from tests.conftest import make_gathering

TODAY = dt.date(2026, 11, 26)


def fingerprint(db) -> tuple:
    """Everything that makes the demo what it is, minus random codes and ids."""
    with db.read() as session:
        said = session.execute(
            select(
                Module.position,
                Gathering.place,
                Gathering.held_on,
                Organisation.number,
                Activity.kind,
                Entry.text,
                Entry.theme_key,
                Entry.horizon,
                Entry.hidden,
            )
            .join(Gathering, Gathering.id == Entry.gathering_id)
            .join(Module, Module.id == Gathering.module_id)
            .join(Group, Group.id == Entry.group_id)
            .join(Organisation, Organisation.id == Group.organisation_id)
            .join(Activity, Activity.id == Entry.activity_id)
        ).all()
        aimed = session.execute(
            select(
                Module.position,
                Organisation.number,
                Ambition.now_generation,
                Ambition.one_year_generation,
                Ambition.three_year_generation,
                Ambition.reason,
            )
            .join(Module, Module.id == Ambition.module_id)
            .join(Organisation, Organisation.id == Ambition.organisation_id)
        ).all()
    return tuple(sorted(said, key=repr)), tuple(sorted(aimed, key=repr))


def test_the_demo_is_a_programme_three_modules_in_and_live_today(db):
    info = demo.load(db, today=TODAY)

    with db.read() as session:
        per_module = dict(
            session.execute(
                select(Module.position, func.count(Gathering.id))
                .join(Gathering, Gathering.module_id == Module.id)
                .group_by(Module.position)
            ).all()
        )
        groups_per_gathering = set(
            session.scalars(select(func.count(Group.id)).group_by(Group.gathering_id))
        )
        organisations = session.scalar(select(func.count(Group.organisation_id.distinct())))
    assert per_module == {1: 3, 2: 3, 3: 3, 4: 3}
    assert groups_per_gathering == {demo.PER_GATHERING}
    assert organisations == 33  # 32 member municipalities and the county municipality

    # Module 4 is live today: barriers open, entries coming in.
    assert info.gathering.held_on == TODAY
    snapshot = live.snapshot(db, info.gathering.id)
    assert snapshot.activity.kind == "barriers" and snapshot.activity.is_open
    assert snapshot.total > 0 and snapshot.joined == demo.PER_GATHERING

    # The cohort's ambition climbs over the modules, and each module's entries are mostly
    # about its own theme.
    facilitator = users.actor_for(db, demo.DEMO_USERNAME)
    cohort_id = results.cohorts_for(db, facilitator)[0].id
    by_module = results.ambition_by_module(db, facilitator, results.Scope(cohort_id))
    medians_now = [m.cohort["now"].median for m in by_module[:3]]
    assert medians_now == sorted(medians_now) and medians_now[0] < medians_now[2]
    assert by_module[3].cohort is None  # module 4 has no answers yet
    counts = results.entry_counts(db, facilitator, results.Scope(cohort_id))
    for position, theme in ((1, "organisasjon"), (2, "ledelse"), (3, "strategi")):
        rows = [r for r in counts.cohort if r.module_position == position]
        on_theme = sum(r.count for r in rows if r.theme_key == theme)
        assert on_theme > sum(r.count for r in rows) / 2


def test_the_coordinator_login_works_and_sees_their_own_organisation(db):
    info = demo.load(db, today=TODAY)

    coordinator = users.authenticate(db, info.coordinator_username, info.coordinator_password)
    assert coordinator.role == "coordinator"
    cohort_id = results.cohorts_for(db, coordinator)[0].id
    table = results.entry_table(db, coordinator, results.Scope(cohort_id))
    assert table and {row.organisation for row in table} == {info.coordinator_organisation}


def test_loading_again_changes_nothing_and_reset_rebuilds_the_same(db, facilitator):
    demo.load(db, today=TODAY)
    first = fingerprint(db)
    # Someone else's gathering in the same database survives a reset.
    own = make_gathering(db, facilitator)

    again = demo.load(db, today=TODAY)
    assert fingerprint(db) == first

    rebuilt = demo.load(db, reset=True, today=TODAY)
    assert fingerprint(db) == first
    assert rebuilt.gathering.id != again.gathering.id
    assert gatherings.gathering_for_facilitator(db, facilitator, own.id).id == own.id
