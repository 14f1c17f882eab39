"""Results after the gatherings: what one organisation and the whole cohort said and aimed for,
module by module. Every read starts from a cohort the reader may see. A coordinator reads their
own organisation in full and everything else only as aggregates, and an aggregate over other
organisations is withheld unless it covers at least MIN_ORGANISATIONS of them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from core import access, words
from core.access import Access, Actor, cohort_access
from core.ambitions import HORIZONS, Spread, spread
from core.db import Database
from core.models import (
    Activity,
    Ambition,
    Cohort,
    Entry,
    Gathering,
    Group,
    Module,
    Organisation,
)

ENTRY_KINDS = ("barriers", "opportunities")
SEARCH_MAX_CHARS = 100


@dataclass(frozen=True)
class Scope:
    """What a results view covers. Empty `module_ids` means every module of the cohort."""

    cohort_id: int
    module_ids: tuple[int, ...] = ()
    gathering_id: int | None = None
    organisation_id: int | None = None
    theme_key: str | None = None


@dataclass(frozen=True)
class Option:
    id: int
    name: str


@dataclass(frozen=True)
class CountRow:
    module_position: int
    module_name: str
    kind: str
    theme_key: str | None
    count: int


@dataclass(frozen=True)
class EntryCounts:
    """Entries per module, kind and theme: the organisation's own (if one is chosen) and the
    cohort's. `withheld` names the modules whose cohort figures are not shown, and why."""

    own: tuple[CountRow, ...]
    cohort: tuple[CountRow, ...]
    withheld: tuple[Withheld, ...] = ()


@dataclass(frozen=True)
class Withheld:
    module_name: str
    organisations: int  # how many organisations the aggregate would have covered


@dataclass(frozen=True)
class ModuleAmbition:
    """One module's ambition: the organisation's answer (if any) and the cohort's spread per
    horizon and of the gap (3 years minus now), or None where withheld or unanswered."""

    module_id: int
    module_position: int
    module_name: str
    own: tuple[int, int, int] | None
    cohort: dict[str, Spread] | None
    cohort_gap: Spread | None
    organisations: int  # how many organisations answered here
    other_organisations: int  # of them, how many besides the reader's own
    withheld: bool

    @property
    def own_gap(self) -> int | None:
        return None if self.own is None else self.own[2] - self.own[0]


@dataclass(frozen=True)
class EntryRow:
    id: int
    module_position: int
    module_name: str
    held_on: dt.date
    organisation_id: int
    organisation: str
    kind: str
    theme_key: str | None
    horizon: str | None
    text: str


# ---- choosing the scope --------------------------------------------------------------------------


def cohorts_for(db: Database, actor: Actor) -> list[Option]:
    """The cohorts the reader may open: a facilitator's network's, a coordinator's own network's
    (administrators: all)."""
    access.require_results_reader(actor)
    with db.read() as session:
        query = select(Cohort).order_by(Cohort.network_id, Cohort.id)
        if actor.network_id is not None:
            query = query.where(Cohort.network_id == actor.network_id)
        return [Option(c.id, f"{c.name} ({c.network.name})") for c in session.scalars(query)]


def modules_of(db: Database, actor: Actor, cohort_id: int) -> list[Option]:
    with db.read() as session:
        cohort_access(session, actor, cohort_id)
        rows = session.scalars(
            select(Module).where(Module.cohort_id == cohort_id).order_by(Module.position)
        )
        return [Option(m.id, m.name) for m in rows]


@dataclass(frozen=True)
class GatheringOption:
    id: int
    module_name: str
    held_on: dt.date
    place: str | None  # None: digital


def gatherings_of(db: Database, actor: Actor, scope: Scope) -> list[GatheringOption]:
    with db.read() as session:
        cohort_access(session, actor, scope.cohort_id)
        rows = session.execute(
            select(Gathering.id, Gathering.held_on, Gathering.place, Module.name)
            .join(Module, Module.id == Gathering.module_id)
            .where(Gathering.module_id.in_(_module_ids(scope)))
            .order_by(Module.position, Gathering.held_on, Gathering.id)
        )
        return [
            GatheringOption(gid, module, held_on, place) for gid, held_on, place, module in rows
        ]


def organisations_of(db: Database, actor: Actor, cohort_id: int) -> list[Option]:
    """Organisations that took part in the cohort: for a coordinator, only their own."""
    with db.read() as session:
        reader = cohort_access(session, actor, cohort_id)
        query = (
            select(Organisation.id, Organisation.official_name)
            .join(Group, Group.organisation_id == Organisation.id)
            .join(Gathering, Gathering.id == Group.gathering_id)
            .join(Module, Module.id == Gathering.module_id)
            .where(Module.cohort_id == cohort_id)
            .distinct()
            .order_by(Organisation.official_name)
        )
        if not reader.sees_everything:
            query = query.where(Organisation.id == reader.own_organisation_id)
        return [Option(oid, name) for oid, name in session.execute(query)]


# ---- views ------------------------------------------------------------------------------------


def entry_counts(db: Database, actor: Actor, scope: Scope) -> EntryCounts:
    """Barriers and opportunities per module and theme (hidden entries left out)."""
    with db.read() as session:
        reader = cohort_access(session, actor, scope.cohort_id, scope.organisation_id)
        base = _visible_entries(scope).where(Activity.kind.in_(ENTRY_KINDS))
        columns = (Module.position, Module.name, Activity.kind, Entry.theme_key)
        own: list[CountRow] = []
        if scope.organisation_id is not None:
            own = [
                CountRow(*row)
                for row in session.execute(
                    base.with_only_columns(*columns, func.count())
                    .where(Group.organisation_id == scope.organisation_id)
                    .group_by(*columns)
                    .order_by(*columns)
                )
            ]
        cohort_rows = session.execute(
            base.with_only_columns(*columns, func.count()).group_by(*columns).order_by(*columns)
        ).all()
        coverage = _coverage(session, base, reader)
        withheld = {name for name, count in coverage.items() if access.withheld(reader, count)}
        return EntryCounts(
            own=tuple(own),
            cohort=tuple(CountRow(*row) for row in cohort_rows if row[1] not in withheld),
            withheld=tuple(Withheld(name, coverage[name]) for name in sorted(withheld)),
        )


def ambition_by_module(db: Database, actor: Actor, scope: Scope) -> list[ModuleAmbition]:
    """Per module: the organisation's now / 1 year / 3 years (its latest answer there) next to
    the cohort's median and spread, and the gap. Each organisation counts once per module."""
    with db.read() as session:
        reader = cohort_access(session, actor, scope.cohort_id, scope.organisation_id)
        modules = session.execute(
            select(Module.id, Module.position, Module.name)
            .where(Module.id.in_(_module_ids(scope)))
            .order_by(Module.position)
        ).all()
        query = (
            select(
                Ambition.module_id,
                Ambition.organisation_id,
                Ambition.now_generation,
                Ambition.one_year_generation,
                Ambition.three_year_generation,
            )
            .join(Gathering, Gathering.id == Ambition.gathering_id)
            .where(Ambition.module_id.in_(_module_ids(scope)))
            # Oldest first, so a later answer of the same organisation replaces an earlier one.
            .order_by(Gathering.held_on, Ambition.updated_at, Ambition.id)
        )
        if scope.gathering_id is not None:
            query = query.where(Ambition.gathering_id == scope.gathering_id)
        latest: dict[int, dict[int, tuple[int, int, int]]] = defaultdict(dict)
        for module_id, organisation_id, now, one_year, three_year in session.execute(query):
            latest[module_id][organisation_id] = (now, one_year, three_year)
        result = []
        for module_id, position, name in modules:
            answers = latest.get(module_id, {})
            others = len(answers) - (reader.own_organisation_id in answers)
            withheld = bool(answers) and access.withheld(reader, others)
            cohort = cohort_gap = None
            if answers and not withheld:
                values = list(answers.values())
                cohort = {
                    horizon: spread([v[index] for v in values])
                    for index, horizon in enumerate(HORIZONS)
                }
                cohort_gap = spread([v[2] - v[0] for v in values])
            result.append(
                ModuleAmbition(
                    module_id=module_id,
                    module_position=position,
                    module_name=name,
                    own=answers.get(scope.organisation_id) if scope.organisation_id else None,
                    cohort=cohort,
                    cohort_gap=cohort_gap,
                    organisations=len(answers),
                    other_organisations=others,
                    withheld=withheld,
                )
            )
        return result


@dataclass(frozen=True)
class WordView:
    """The most frequent terms in one kind of entry. `entries` holds, per term, the entries the
    reader may read behind it (a coordinator: their own organisation's only)."""

    terms: tuple[words.Term, ...]
    entries: dict[int, EntryRow]
    organisations: int
    withheld: bool


def frequent_words(
    db: Database, actor: Actor, scope: Scope, kind: str, *, top: int = 10
) -> WordView:
    """What the room said most, per kind ("barriers" or "opportunities"). Counting words over
    other organisations' entries is an aggregate like any other: withheld from a coordinator
    below MIN_ORGANISATIONS."""
    with db.read() as session:
        reader = cohort_access(session, actor, scope.cohort_id, scope.organisation_id)
        rows = list(
            _entry_rows(session, access.everything(reader), scope, search="", kinds=(kind,))
        )
        others = {r.organisation_id for r in rows} - {reader.own_organisation_id}
        withheld = scope.organisation_id is None and access.withheld(reader, len(others))
        if withheld:
            rows = []
        terms = words.frequent_terms([(r.id, r.text) for r in rows], top=None)
        if not reader.sees_everything and scope.organisation_id is None:
            # A word is itself a piece of what one organisation wrote: a coordinator sees a term
            # from the cohort only when as many other organisations used it as an aggregate
            # needs, so no single organisation's phrasing shows through.
            organisation_of = {r.id: r.organisation_id for r in rows}
            terms = [
                term
                for term in terms
                if len({organisation_of[i] for i in term.entry_ids} - {reader.own_organisation_id})
                >= access.MIN_ORGANISATIONS
            ]
        terms = tuple(terms[:top])
        readable = {r.id: r for r in rows if reader.may_see_entries_of(r.organisation_id)}
        return WordView(terms, readable, len(others), withheld)


def entry_table(
    db: Database, actor: Actor, scope: Scope, search: str = "", kinds: tuple[str, ...] = ()
) -> list[EntryRow]:
    """Every visible entry in scope, newest module first. A coordinator's table holds their own
    organisation's entries only, whatever the scope says."""
    with db.read() as session:
        reader = cohort_access(session, actor, scope.cohort_id, scope.organisation_id)
        return list(_entry_rows(session, reader, scope, search=search, kinds=kinds))


def iter_entry_rows(db: Database, actor: Actor, scope: Scope, *, kinds: tuple[str, ...] = ()):
    """The same rows as entry_table, streamed (for exports)."""
    with db.read() as session:
        reader = cohort_access(session, actor, scope.cohort_id, scope.organisation_id)
        yield from _entry_rows(session, reader, scope, search="", kinds=kinds)


# ---- access and helpers ---------------------------------------------------------------------


def _module_ids(scope: Scope):
    query = select(Module.id).where(Module.cohort_id == scope.cohort_id)
    if scope.module_ids:
        query = query.where(Module.id.in_(scope.module_ids))
    return query


def _visible_entries(scope: Scope):
    """Entries in scope that the facilitator did not hide, joined to what views group by."""
    query = (
        select(Entry.id)
        .join(Activity, Activity.id == Entry.activity_id)
        .join(Group, Group.id == Entry.group_id)
        .join(Gathering, Gathering.id == Entry.gathering_id)
        .join(Module, Module.id == Gathering.module_id)
        .where(Gathering.module_id.in_(_module_ids(scope)), Entry.hidden.is_(False))
    )
    if scope.gathering_id is not None:
        query = query.where(Entry.gathering_id == scope.gathering_id)
    if scope.theme_key:
        query = query.where(Entry.theme_key == scope.theme_key)
    return query


def _coverage(session: Session, base, reader: Access) -> dict[str, int]:
    """Per module name: how many organisations (other than the reader's own) an aggregate
    would cover."""
    query = base.with_only_columns(
        Module.name, func.count(Group.organisation_id.distinct())
    ).group_by(Module.name)
    if reader.own_organisation_id is not None:
        query = query.where(Group.organisation_id != reader.own_organisation_id)
    counts = dict(session.execute(query).all())
    names = session.scalars(base.with_only_columns(Module.name).distinct()).all()
    return {name: counts.get(name, 0) for name in names}


def _entry_rows(session: Session, reader: Access, scope: Scope, *, search: str, kinds):
    query = (
        _visible_entries(scope)
        .with_only_columns(
            Entry.id,
            Module.position,
            Module.name,
            Gathering.held_on,
            Group.organisation_id,
            Organisation.official_name,
            Activity.kind,
            Entry.theme_key,
            Entry.horizon,
            Entry.text,
        )
        .join(Organisation, Organisation.id == Group.organisation_id)
    )
    organisation_id = reader.organisation_filter(scope.organisation_id)
    if organisation_id is not None:
        query = query.where(Group.organisation_id == organisation_id)
    if kinds:
        query = query.where(Activity.kind.in_(kinds))
    needle = (search or "").strip()[:SEARCH_MAX_CHARS]
    if needle:
        pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(
                Entry.text.ilike(pattern, escape="\\"),
                Organisation.official_name.ilike(pattern, escape="\\"),
            )
        )
    query = query.order_by(Module.position.desc(), Gathering.held_on.desc(), Entry.id.desc())
    for row in session.execute(query):
        yield EntryRow(*row)
