"""Results after the gatherings: what one organisation and the whole cohort said and aimed for,
module by module. Every read starts from a cohort the reader may see. A coordinator reads their
own organisation in full and everything else only as aggregates, and an aggregate over other
organisations is withheld unless it covers at least access.MIN_ORGANISATIONS of them. Besides
the building blocks (counts, ambition per module, words, entries), one read model per view
(modules_view, comparison, report_view), each read in one transaction."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from core import access, ambitions, framework, gatherings, words
from core.access import Access, Actor, cohort_access
from core.ambitions import HORIZONS, Spread, spread
from core.db import Database
from core.errors import NotFound
from core.models import (
    Activity,
    Ambition,
    Cohort,
    Entry,
    FrameworkVersion,
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
            .where(Gathering.module_id.in_(module_ids(scope)))
            .order_by(Module.position, Gathering.held_on, Gathering.id)
        )
        return [
            GatheringOption(gid, module, held_on, place) for gid, held_on, place, module in rows
        ]


def organisations_of(db: Database, actor: Actor, cohort_id: int) -> list[Option]:
    """Organisations that took part in the cohort: for a coordinator, only their own."""
    with db.read() as session:
        return _organisations(session, cohort_access(session, actor, cohort_id))


def _organisations(session: Session, reader: Access) -> list[Option]:
    query = (
        select(Organisation.id, Organisation.official_name)
        .join(Group, Group.organisation_id == Organisation.id)
        .join(Gathering, Gathering.id == Group.gathering_id)
        .join(Module, Module.id == Gathering.module_id)
        .where(Module.cohort_id == reader.cohort.id)
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
        return _entry_counts(session, reader, scope)


def _entry_counts(session: Session, reader: Access, scope: Scope) -> EntryCounts:
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
        return _ambition_by_module(session, reader, scope)


def _ambition_by_module(session: Session, reader: Access, scope: Scope) -> list[ModuleAmbition]:
    modules = session.execute(
        select(Module.id, Module.position, Module.name)
        .where(Module.id.in_(module_ids(scope)))
        .order_by(Module.position)
    ).all()
    latest = _latest_answers(session, scope)
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


def _latest_answers(session: Session, scope: Scope) -> dict[int, dict[int, tuple[int, int, int]]]:
    """Per module, per organisation: its latest (now, 1 year, 3 years) in scope."""
    query = (
        select(
            Ambition.module_id,
            Ambition.organisation_id,
            Ambition.now_generation,
            Ambition.one_year_generation,
            Ambition.three_year_generation,
        )
        .join(Gathering, Gathering.id == Ambition.gathering_id)
        .where(Ambition.module_id.in_(module_ids(scope)))
        # Oldest first, so a later answer of the same organisation replaces an earlier one.
        .order_by(Gathering.held_on, Ambition.updated_at, Ambition.id)
    )
    if scope.gathering_id is not None:
        query = query.where(Ambition.gathering_id == scope.gathering_id)
    latest: dict[int, dict[int, tuple[int, int, int]]] = defaultdict(dict)
    for module_id, organisation_id, now, one_year, three_year in session.execute(query):
        latest[module_id][organisation_id] = (now, one_year, three_year)
    return latest


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


# ---- what each view draws, read in one transaction ---------------------------------------------


def cohort_revision(db: Database, actor: Actor, cohort_id: int) -> tuple[int, int]:
    """Changes whenever anything in the cohort does: the sum of its gatherings' revisions (every
    write to a gathering bumps one, hiding an entry too) and how many gatherings it has (a
    deleted one lowers the sum). Cached results views are keyed by it."""
    with db.read() as session:
        cohort_access(session, actor, cohort_id)
        total, count = session.execute(
            select(func.coalesce(func.sum(Gathering.revision), 0), func.count(Gathering.id))
            .join(Module, Module.id == Gathering.module_id)
            .where(Module.cohort_id == cohort_id)
        ).one()
        return int(total), int(count)


@dataclass(frozen=True)
class CountTotal:
    module_name: str
    kind: str
    count: int


@dataclass(frozen=True)
class Counts:
    """Count rows per module, kind and theme (for the table) and their totals per module and
    kind (for the chart), in module order."""

    rows: tuple[CountRow, ...]
    totals: tuple[CountTotal, ...]

    @classmethod
    def of(cls, rows: tuple[CountRow, ...]) -> Counts:
        totals: dict[tuple[str, str], int] = {}
        for row in rows:
            key = (row.module_name, row.kind)
            totals[key] = totals.get(key, 0) + row.count
        return cls(rows, tuple(CountTotal(m, k, c) for (m, k), c in totals.items()))


@dataclass(frozen=True)
class ModulesView:
    """The modules side by side: entry counts, the organisation's ambition per module with its
    answers, the cohort's medians, and what is withheld (module names, other organisations)."""

    own: Counts
    cohort: Counts
    counts_withheld: tuple[Withheld, ...]
    own_ambitions: tuple[tuple[str, int, int, int], ...]  # module, now, 1 year, 3 years
    own_answers: tuple[ambitions.AmbitionInfo, ...]
    cohort_medians: tuple[tuple[str, float, float, float], ...]
    ambitions_withheld: tuple[Withheld, ...]
    report_module_id: int | None  # the latest module the organisation answered in


def modules_view(db: Database, actor: Actor, scope: Scope) -> ModulesView:
    with db.read() as session:
        reader = cohort_access(session, actor, scope.cohort_id, scope.organisation_id)
        counts = _entry_counts(session, reader, scope)
        by_module = _ambition_by_module(session, reader, scope)
        answers = ()
        if scope.organisation_id is not None:
            answers = _organisation_answers(session, actor, scope.organisation_id)
    answered = [m.module_id for m in by_module if m.own]
    return ModulesView(
        own=Counts.of(counts.own),
        cohort=Counts.of(counts.cohort),
        counts_withheld=counts.withheld,
        own_ambitions=tuple((m.module_name, *m.own) for m in by_module if m.own),
        own_answers=tuple(answers),
        cohort_medians=tuple(
            (m.module_name, *(m.cohort[h].median for h in HORIZONS)) for m in by_module if m.cohort
        ),
        ambitions_withheld=_ambitions_withheld(by_module),
        report_module_id=answered[-1] if answered else None,
    )


@dataclass(frozen=True)
class CompareRow:
    module_name: str
    horizon: int  # index into ambitions.HORIZONS
    own: int | None
    median: float
    q1: float
    q3: float


@dataclass(frozen=True)
class GapRow:
    module_name: str
    own: int | None
    cohort_median: float | None


@dataclass(frozen=True)
class Comparison:
    """One organisation against the cohort, per module and horizon, and the gaps."""

    rows: tuple[CompareRow, ...]
    gaps: tuple[GapRow, ...]
    withheld: tuple[Withheld, ...]


def comparison(db: Database, actor: Actor, scope: Scope) -> Comparison:
    with db.read() as session:
        reader = cohort_access(session, actor, scope.cohort_id, scope.organisation_id)
        by_module = _ambition_by_module(session, reader, scope)
    return Comparison(
        rows=tuple(row for m in by_module for row in _compare_rows(m)),
        gaps=tuple(
            GapRow(m.module_name, m.own_gap, m.cohort_gap.median if m.cohort_gap else None)
            for m in by_module
            if m.cohort
        ),
        withheld=_ambitions_withheld(by_module),
    )


@dataclass(frozen=True)
class ReportView:
    """Everything the PDF report on one organisation in one module shows."""

    organisation: str
    module: ModuleAmbition  # with the cohort's spread, or why it is withheld
    answer: ambitions.AmbitionInfo | None  # this module's
    answers: tuple[ambitions.AmbitionInfo, ...]  # over the cohort's modules up to this one
    version: framework.Version  # of the latest answer: the one to draw them with
    compared: tuple[CompareRow, ...]  # empty when withheld or unanswered
    entries: dict[str, tuple[EntryRow, ...]]  # by kind: barriers, opportunities, ambition


def report_view(
    db: Database, actor: Actor, cohort_id: int, module_id: int, organisation_id: int
) -> ReportView:
    with db.read() as session:
        reader = cohort_access(session, actor, cohort_id, organisation_id)
        scope = Scope(cohort_id=cohort_id, organisation_id=organisation_id)
        module = next(
            (m for m in _ambition_by_module(session, reader, scope) if m.module_id == module_id),
            None,
        )
        if module is None:
            raise NotFound("module_unknown")
        names = {o.id: o.name for o in _organisations(session, reader)}
        if organisation_id not in names:
            raise NotFound("organisation_unknown")
        so_far = select(Module.id).where(
            Module.cohort_id == cohort_id, Module.position <= module.module_position
        )
        answers = ambitions.answers(
            session, Ambition.organisation_id == organisation_id, Ambition.module_id.in_(so_far)
        )
        latest = max((a.framework_version_id for a in answers), default=None)
        version_row = session.get(FrameworkVersion, latest) if latest else framework.newest(session)
        in_module = Scope(cohort_id, (module_id,), None, organisation_id)
        rows = list(_entry_rows(session, reader, in_module, search="", kinds=()))
        by_kind = {
            kind: tuple(r for r in rows if r.kind == kind) for kind in (*ENTRY_KINDS, "ambition")
        }
    return ReportView(
        organisation=names[organisation_id],
        module=module,
        answer=next((a for a in reversed(answers) if a.module_id == module_id), None),
        answers=tuple(answers),
        version=framework.version_from_row(version_row),
        compared=_compare_rows(module),
        entries=by_kind,
    )


def _organisation_answers(session: Session, actor: Actor, organisation_id: int):
    """The organisation's answers as ambitions.organisation_answers reads them (in every cohort
    of the reader's network), here inside the view's own transaction."""
    network_id = access.may_read_organisation(actor, organisation_id)
    conditions = [Ambition.organisation_id == organisation_id]
    if network_id is not None:
        conditions.append(Ambition.module_id.in_(gatherings.modules_of(network_id)))
    return ambitions.answers(session, *conditions)


def _compare_rows(module: ModuleAmbition) -> tuple[CompareRow, ...]:
    if not module.cohort:
        return ()
    return tuple(
        CompareRow(
            module.module_name,
            index,
            module.own[index] if module.own else None,
            module.cohort[horizon].median,
            module.cohort[horizon].q1,
            module.cohort[horizon].q3,
        )
        for index, horizon in enumerate(HORIZONS)
    )


def _ambitions_withheld(by_module: list[ModuleAmbition]) -> tuple[Withheld, ...]:
    return tuple(Withheld(m.module_name, m.other_organisations) for m in by_module if m.withheld)


# ---- access and helpers ---------------------------------------------------------------------


def module_ids(scope: Scope):
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
        .where(Gathering.module_id.in_(module_ids(scope)), Entry.hidden.is_(False))
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
