"""Deleting a cohort's data: only by an administrator, only after typing its name, and for real."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core import ambitions, audit, cohorts, gatherings, users
from core.errors import InvalidInput, NotAllowed
from core.models import Activity, Ambition, Cohort, Entry, Gathering, Group, Module
from tests.conftest import add_entry


def _rows(db) -> dict[str, int]:
    with db.read() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Gathering, Group, Activity, Entry, Ambition, Cohort, Module)
        }


@pytest.fixture
def admin(db):
    return users.create_user(
        db, username="admin", name="Ada Admin", password="et-langt-passord-99", role="admin"
    )


def test_deleting_a_cohort_removes_every_row_of_its_gatherings(
    db, admin, facilitator, gathering, groups, open_barriers
):
    for i, group in enumerate(groups):
        add_entry(db, group.token, open_barriers.id, f"Innspill {i}", key=f"k{i}")
    ambition = next(a for a in gatherings.activities(db, gathering.id) if a.is_ambition)
    gatherings.open_activity(db, facilitator, gathering.id, ambition.id)
    ambitions.save(db, groups[0].token, activity_id=ambition.id, now=2, one_year=3, three_year=4)
    [pulje] = cohorts.list_cohorts(db, admin)
    assert (pulje.gatherings, pulje.groups, pulje.entries) == (1, 3, 3)

    with pytest.raises(InvalidInput) as caught:
        cohorts.delete_cohort_data(db, admin, pulje.cohort_id, "pulje 1")
    assert caught.value.code == "cohort_confirmation_mismatch"
    assert _rows(db)["entries"] == 3  # nothing gone

    with pytest.raises(NotAllowed):
        cohorts.delete_cohort_data(db, facilitator, pulje.cohort_id, pulje.name)

    removed = cohorts.delete_cohort_data(db, admin, pulje.cohort_id, pulje.name)
    assert removed.entries == 3
    left = _rows(db)
    assert {k: left[k] for k in ("gatherings", "groups", "activities", "entries", "ambitions")} == {
        "gatherings": 0,
        "groups": 0,
        "activities": 0,
        "entries": 0,
        "ambitions": 0,
    }
    # The structure stays, ready for the next year; the deletion is in the audit log.
    assert left["cohorts"] == 1 and left["modules"] == 4
    assert audit.events(db, admin)[0].action == "cohort_deleted"
    # The old group links lead nowhere now.
    assert cohorts.list_cohorts(db, admin)[0].entries == 0
