"""Gatherings: creating them, joining them by code, their groups and the activities a
facilitator opens and closes, and the lookups of a gathering's activities that the other core
modules share. Every write to a gathering goes through core.changes (lock, bump, notify)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from core import audit, changes, codes, framework
from core.access import Actor, require_facilitator
from core.db import Database
from core.errors import ActivityClosed, InvalidInput, NotFound
from core.models import (
    Activity,
    Cohort,
    Gathering,
    Group,
    Module,
    Organisation,
    utcnow,
)
from core.validation import clean_text

MAX_GROUPS_PER_GATHERING = 40
T = TypeVar("T")


@dataclass(frozen=True)
class GatheringInfo:
    id: int
    module_id: int
    module_name: str
    theme_key: str
    held_on: dt.date
    place: str | None
    join_code: str
    projector_token: str
    revision: int
    neutral_labels: bool = False


@dataclass(frozen=True)
class ActivityInfo:
    id: int
    kind: str
    prompt: str
    position: int
    state: str
    revealed: bool = False
    rates_capabilities: bool = False

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @property
    def is_ambition(self) -> bool:
        return self.kind == "ambition"


@dataclass(frozen=True)
class GroupInfo:
    id: int
    token: str
    label: str
    organisation_id: int
    gathering: GatheringInfo


@dataclass(frozen=True)
class ModuleInfo:
    id: int
    name: str
    theme_key: str
    cohort_name: str
    network_name: str


@dataclass(frozen=True)
class OrganisationInfo:
    id: int
    number: str
    label: str
    county: str


# ---- reads -------------------------------------------------------------------------------


def list_modules(db: Database, network_id: int | None = None) -> list[ModuleInfo]:
    """Every module, or only those of one network (what a facilitator may create gatherings in)."""
    with db.read() as session:
        query = select(Module).order_by(Module.cohort_id, Module.position)
        if network_id is not None:
            query = query.where(Module.id.in_(modules_of(network_id)))
        modules = session.scalars(query)
        return [
            ModuleInfo(m.id, m.name, m.theme_key, m.cohort.name, m.cohort.network.name)
            for m in modules
        ]


def list_organisations(db: Database) -> list[OrganisationInfo]:
    with db.read() as session:
        rows = session.scalars(select(Organisation).order_by(Organisation.number))
        return [OrganisationInfo(o.id, o.number, o.official_name, o.county) for o in rows]


def list_gatherings(db: Database, actor: Actor) -> list[GatheringInfo]:
    require_facilitator(actor)
    with db.read() as session:
        query = select(Gathering).order_by(Gathering.held_on.desc(), Gathering.id.desc())
        if actor.network_id is not None:
            query = query.where(Gathering.module_id.in_(modules_of(actor.network_id)))
        return [_gathering_info(g) for g in session.scalars(query)]


def gathering_for_facilitator(db: Database, actor: Actor, gathering_id: int) -> GatheringInfo:
    require_facilitator(actor)
    with db.read() as session:
        gathering = _get_gathering(session, gathering_id)
        require_facilitator(actor, network_of(gathering))
        return _gathering_info(gathering)


def gathering_by_code(db: Database, raw_code: str | None) -> GatheringInfo:
    code = codes.normalise_join_code(raw_code)
    with db.read() as session:
        gathering = session.scalar(select(Gathering).where(Gathering.join_code == code))
        if gathering is None:
            raise NotFound("join_code_unknown", code=code)
        return _gathering_info(gathering)


def gathering_by_projector_token(db: Database, token: str | None) -> GatheringInfo:
    if not codes.looks_like_token(token):
        raise NotFound("projector_token_unknown")
    with db.read() as session:
        gathering = session.scalar(
            select(Gathering)
            .options(joinedload(Gathering.module))
            .where(Gathering.projector_token == token)
        )
        if gathering is None:
            raise NotFound("projector_token_unknown")
        return _gathering_info(gathering)


def join_options(db: Database, raw_code: str | None) -> tuple[GatheringInfo, list[GroupInfo]]:
    """The gathering a code leads to and the groups (organisations) one can join as."""
    gathering = gathering_by_code(db, raw_code)
    with db.read() as session:
        groups = session.scalars(
            select(Group).where(Group.gathering_id == gathering.id).order_by(Group.label)
        )
        return gathering, [_group_info(g, gathering) for g in groups]


def group_by_token(db: Database, token: str | None) -> GroupInfo:
    with db.read() as session:
        group = changes.group_for_token(session, token)
        return _group_info(group, _gathering_info(group.gathering))


def activities(db: Database, gathering_id: int) -> list[ActivityInfo]:
    with db.read() as session:
        rows = session.scalars(
            select(Activity)
            .where(Activity.gathering_id == gathering_id)
            .order_by(Activity.position)
        )
        return [activity_info(a) for a in rows]


def open_activity_of(db: Database, gathering_id: int) -> ActivityInfo | None:
    with db.read() as session:
        activity = session.scalar(
            select(Activity).where(Activity.gathering_id == gathering_id, Activity.state == "open")
        )
        return activity_info(activity) if activity else None


def revision(db: Database, gathering_id: int) -> int:
    """The one cheap read every live view polls (once a second per projector): a plain
    connection, no ORM session, one indexed lookup."""
    with db.engine.connect() as connection:
        value = connection.scalar(select(Gathering.revision).where(Gathering.id == gathering_id))
    if value is None:
        raise NotFound("gathering_unknown")
    return value


# ---- writes ------------------------------------------------------------------------------


def create_gathering(
    db: Database,
    actor: Actor,
    *,
    module_id: int,
    held_on: dt.date,
    place: str | None,
    organisation_ids: list[int],
) -> GatheringInfo:
    """A new gathering with its groups and the framework's default activities (all pending).
    `place` None means digital. Its revision starts at 1; nobody watches it yet, so no lock."""
    require_facilitator(actor)
    if place is not None:
        place = clean_text(place, min_chars=2, max_chars=200, field="place")
    unique_ids = list(dict.fromkeys(organisation_ids))
    if not unique_ids:
        raise InvalidInput("organisations_none")
    if len(unique_ids) > MAX_GROUPS_PER_GATHERING:
        raise InvalidInput("organisations_too_many", max=MAX_GROUPS_PER_GATHERING)
    for _attempt in range(5):
        try:
            with db.write() as session:
                module = session.get(Module, module_id)
                if module is None:
                    raise NotFound("module_unknown")
                require_facilitator(actor, module.cohort.network_id)
                gathering = _add_gathering(session, actor, module, held_on, place, unique_ids)
                audit.record(
                    session,
                    actor,
                    "gathering_created",
                    f"{module.name}, {held_on:%d.%m.%Y}, {gathering.join_code}",
                )
                return _gathering_info(gathering)
        except IntegrityError:
            # A join code that is already taken: draw another.
            continue
    raise RuntimeError("could not draw a free join code in 5 attempts")


def join(db: Database, raw_code: str | None, organisation_id: int) -> GroupInfo:
    """Join a gathering as one of its organisations. Every laptop of that organisation gets the
    same group, so two laptops of one leadership group work on one set of entries."""
    gathering = gathering_by_code(db, raw_code)
    with changes.write_gathering(db, gathering.id) as change:
        group = change.session.scalar(
            select(Group).where(
                Group.gathering_id == gathering.id, Group.organisation_id == organisation_id
            )
        )
        if group is None:
            raise NotFound("organisation_not_in_gathering")
        if group.joined_at is None:
            group.joined_at = utcnow()
        return _group_info(group, gathering)


def open_activity(db: Database, actor: Actor, gathering_id: int, activity_id: int) -> None:
    """Open one activity; any other open activity in the gathering closes, so groups always
    face exactly one question."""
    with facilitating(db, actor, gathering_id) as change:
        activity = activity_in(change.session, gathering_id, activity_id)
        now = utcnow()
        for other in change.session.scalars(
            select(Activity).where(
                Activity.gathering_id == gathering_id,
                Activity.state == "open",
                Activity.id != activity.id,
            )
        ):
            other.state, other.closed_at = "closed", now
        if activity.state != "open":
            activity.state, activity.opened_at, activity.closed_at = "open", now, None
            _record(change, actor, "activity_opened", activity)


def close_activity(db: Database, actor: Actor, gathering_id: int, activity_id: int) -> None:
    with facilitating(db, actor, gathering_id) as change:
        activity = activity_in(change.session, gathering_id, activity_id)
        if activity.state == "open":
            activity.state, activity.closed_at = "closed", utcnow()
            _record(change, actor, "activity_closed", activity)


def reveal_results(
    db: Database, actor: Actor, gathering_id: int, activity_id: int, revealed: bool
) -> None:
    """Show an ambition round's answers on the projector, or hide them again."""
    with facilitating(db, actor, gathering_id) as change:
        activity = activity_in(change.session, gathering_id, activity_id, ambition=True)
        if activity.revealed != revealed:
            activity.revealed = revealed
            action = "results_revealed" if revealed else "results_hidden"
            _record(change, actor, action, activity)


def ask_capability_ratings(
    db: Database, actor: Actor, gathering_id: int, activity_id: int, asked: bool
) -> None:
    """Switch the optional 1–5 self-rating of each capability on or off for an ambition round.
    Ratings already given are kept either way."""
    with facilitating(db, actor, gathering_id) as change:
        activity = activity_in(change.session, gathering_id, activity_id, ambition=True)
        activity.rates_capabilities = asked  # the same value again is no change, so no bump


def use_neutral_labels(db: Database, actor: Actor, gathering_id: int, neutral: bool) -> None:
    """Name groups on the projector by organisation, or by neutral letters."""
    with facilitating(db, actor, gathering_id) as change:
        change.gathering.neutral_labels = neutral  # the same value again is no change


# ---- helpers shared by core modules ----------------------------------------------------------


@contextmanager
def facilitating(db: Database, actor: Actor, gathering_id: int) -> Iterator[changes.Change]:
    """A write by a facilitator of the gathering's network (see core.changes for the rest)."""
    require_facilitator(actor)
    with changes.write_gathering(db, gathering_id) as change:
        require_facilitator(actor, network_of(change.gathering))
        yield change


def activity_in(
    session: Session,
    gathering_id: int,
    activity_id: int,
    *,
    ambition: bool = False,
    must_be_open: bool = False,
) -> Activity:
    """One activity of this gathering (`activity_unknown` if it is another's, or not an ambition
    round when `ambition`); `activity_closed` if `must_be_open` and it is not open."""
    activity = session.scalar(
        select(Activity).where(Activity.id == activity_id, Activity.gathering_id == gathering_id)
    )
    if activity is None or (ambition and activity.kind != "ambition"):
        raise NotFound("activity_unknown")
    if must_be_open and activity.state != "open":
        raise ActivityClosed("activity_closed")
    return activity


def from_row(info_class: type[T], row: object, **given) -> T:
    """An info dataclass from an ORM row: each field not `given` is the row's attribute of the
    same name, so adding a column to both needs no third edit.

    >>> from types import SimpleNamespace
    >>> from_row(OrganisationInfo, SimpleNamespace(id=1, number="5501", county="Troms"), label="X")
    OrganisationInfo(id=1, number='5501', label='X', county='Troms')
    """
    names = [f.name for f in dataclasses.fields(info_class) if f.name not in given]
    return info_class(**given, **{name: getattr(row, name) for name in names})


def network_of(gathering: Gathering) -> int:
    return gathering.module.cohort.network_id


def modules_of(network_id: int):
    return select(Module.id).join(Cohort).where(Cohort.network_id == network_id)


def activity_info(a: Activity) -> ActivityInfo:
    return ActivityInfo(
        a.id, a.kind, a.prompt, a.position, a.state, a.revealed, a.rates_capabilities
    )


def _record(change: changes.Change, actor: Actor, action: str, activity: Activity) -> None:
    audit.record(change.session, actor, action, f"{change.gathering.join_code}: {activity.kind}")


def _add_gathering(
    session: Session,
    actor: Actor,
    module: Module,
    held_on: dt.date,
    place: str | None,
    organisation_ids: list[int],
) -> Gathering:
    """The gathering row, a group per organisation and the framework's activities."""
    organisations = session.scalars(
        select(Organisation).where(Organisation.id.in_(organisation_ids))
    ).all()
    if len(organisations) != len(organisation_ids):
        raise NotFound("organisation_unknown")
    gathering = Gathering(
        module_id=module.id,
        held_on=held_on,
        place=place,
        join_code=codes.new_join_code(),
        projector_token=codes.new_token(),
        revision=1,
        created_by_id=actor.user_id,
    )
    session.add(gathering)
    session.flush()
    for organisation in organisations:
        session.add(
            Group(
                gathering_id=gathering.id,
                organisation_id=organisation.id,
                label=organisation.official_name,
                token=codes.new_token(),
            )
        )
    theme = (framework.theme_name(module.theme_key) or module.theme_key).lower()
    for position, template in enumerate(framework.activity_templates(), start=1):
        session.add(
            Activity(
                gathering_id=gathering.id,
                kind=template["kind"],
                prompt=template["prompt"].format(theme=theme),
                position=position,
                state="pending",
            )
        )
    session.flush()
    return gathering


def _get_gathering(session: Session, gathering_id: int) -> Gathering:
    gathering = session.get(Gathering, gathering_id)
    if gathering is None:
        raise NotFound("gathering_unknown")
    return gathering


def _gathering_info(g: Gathering) -> GatheringInfo:
    return from_row(GatheringInfo, g, module_name=g.module.name, theme_key=g.module.theme_key)


def _group_info(group: Group, gathering: GatheringInfo) -> GroupInfo:
    return GroupInfo(group.id, group.token, group.label, group.organisation_id, gathering)
