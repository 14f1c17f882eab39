"""Cohorts (puljer) and deleting a cohort's data for good: every gathering of its modules, with
their groups, activities, entries and ambition answers. The cohort and its modules stay, empty."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select

from core import audit
from core.access import Actor, require_admin
from core.db import Database
from core.errors import InvalidInput, NotFound
from core.models import Activity, Ambition, Cohort, Entry, Gathering, Group, Module


@dataclass(frozen=True)
class CohortData:
    """What deleting a cohort's data would remove, for the confirmation to name."""

    cohort_id: int
    name: str
    network: str
    gatherings: int
    groups: int
    entries: int


def list_cohorts(db: Database, admin: Actor) -> list[CohortData]:
    require_admin(admin)
    with db.read() as session:
        cohorts = session.scalars(select(Cohort).order_by(Cohort.id)).all()
        return [_summary(session, cohort) for cohort in cohorts]


def delete_cohort_data(db: Database, admin: Actor, cohort_id: int, confirmation: str) -> CohortData:
    """Delete every gathering of the cohort and all that belongs to them. `confirmation` must
    be the cohort's name, typed out, so a slip of the mouse deletes nothing."""
    require_admin(admin)
    with db.write() as session:
        cohort = session.get(Cohort, cohort_id)
        if cohort is None:
            raise NotFound("cohort_unknown")
        if (confirmation or "").strip() != cohort.name:
            raise InvalidInput("cohort_confirmation_mismatch", name=cohort.name)
        removed = _summary(session, cohort)
        gathering_ids = select(Gathering.id).join(Module).where(Module.cohort_id == cohort_id)
        # Children first, so the deletion does not depend on the database's cascade support.
        session.execute(delete(Entry).where(Entry.gathering_id.in_(gathering_ids)))
        session.execute(delete(Ambition).where(Ambition.gathering_id.in_(gathering_ids)))
        session.execute(delete(Activity).where(Activity.gathering_id.in_(gathering_ids)))
        session.execute(delete(Group).where(Group.gathering_id.in_(gathering_ids)))
        session.execute(delete(Gathering).where(Gathering.id.in_(gathering_ids)))
        audit.record(
            session,
            admin,
            "cohort_deleted",
            f"{cohort.name}: {removed.gatherings} gatherings, {removed.entries} entries",
        )
        return removed


def _summary(session, cohort: Cohort) -> CohortData:
    gathering_ids = select(Gathering.id).join(Module).where(Module.cohort_id == cohort.id)

    def count(model, column) -> int:
        return session.scalar(
            select(func.count()).select_from(model).where(column.in_(gathering_ids))
        )

    return CohortData(
        cohort_id=cohort.id,
        name=cohort.name,
        network=cohort.network.name,
        gatherings=count(Gathering, Gathering.id),
        groups=count(Group, Group.gathering_id),
        entries=count(Entry, Entry.gathering_id),
    )
