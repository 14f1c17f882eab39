"""Ambition answers: where an organisation stands on the module's theme now and where it aims to
be in about 1 and 3 years, read against the framework version of the round's first answer; the
baseline from earlier modules; and the round's overview, which stays hidden until revealed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import statistics
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import changes, framework
from core.access import Actor, may_read_organisation
from core.db import Database
from core.errors import Conflict, InvalidInput, NeedsConfirmation, NotFound
from core.gatherings import ActivityInfo, activity_in, activity_info, modules_of, network_of
from core.models import (
    Activity,
    Ambition,
    FrameworkVersion,
    Gathering,
    Group,
    Module,
    Organisation,
    utcnow,
)
from core.validation import clean_text

REASON_MAX_CHARS = 500
HORIZONS = ("now", "one_year", "three_year")


@dataclass(frozen=True)
class AmbitionInfo:
    id: int
    group_id: int
    organisation_id: int
    organisation_name: str
    module_id: int
    module_name: str
    module_position: int
    held_on: dt.date
    framework_version_id: int
    now: int
    one_year: int
    three_year: int
    # The generations' names as the framework version of the answer had them.
    now_name: str
    one_year_name: str
    three_year_name: str
    reason: str
    capability_ratings: dict[str, int]
    edits: int

    @property
    def gap(self) -> int:
        """How many generations the group aims to climb in about 3 years."""
        return self.three_year - self.now


@dataclass(frozen=True)
class Spread:
    """Median and spread of one horizon's answers (generation numbers)."""

    count: int
    median: float
    low: int
    q1: float
    q3: float
    high: int


@dataclass(frozen=True)
class GroupAnswer:
    label: str  # the organisation's name, or a neutral letter when the gathering asks for that
    now: int
    one_year: int
    three_year: int

    @property
    def gap(self) -> int:
        return self.three_year - self.now


@dataclass(frozen=True)
class RoundOverview:
    """What the projector and the facilitator's desk draw for one ambition round. Until the
    facilitator reveals the round, `answers` and `spreads` are empty for everyone who is not the
    gathering's facilitator: only how many groups have answered is known."""

    activity: ActivityInfo
    version: framework.Version
    revealed: bool
    neutral_labels: bool
    groups: int
    answered: int
    answers: tuple[GroupAnswer, ...] = ()
    spreads: dict[str, Spread] = field(default_factory=dict)


# ---- writes ----------------------------------------------------------------------------------


def save(
    db: Database,
    group_token: str,
    *,
    activity_id: int,
    now: int | None,
    one_year: int | None,
    three_year: int | None,
    reason: str = "",
    capability_ratings: dict[str, int] | None = None,
    confirm_lower: bool = False,
    seen_edits: int = 0,
) -> AmbitionInfo:
    """Store or change the group's answer. `seen_edits` is the answer's `edits` as the group's
    form showed it (0: no answer yet); if another laptop of the group saved in between, the
    save is refused so that neither laptop overwrites what it has not seen. Saving exactly what
    is already stored (a double click) is not a conflict."""
    reason = _clean_reason(reason)
    ratings = {name: value for name, value in (capability_ratings or {}).items() if value}
    with changes.write_for_group(db, group_token) as change:
        session, group = change.session, change.group
        activity = activity_in(
            session, change.gathering.id, activity_id, ambition=True, must_be_open=True
        )
        version = _version_of(session, activity)
        levels = _check_levels(version, now, one_year, three_year)
        answer = session.scalar(
            select(Ambition).where(
                Ambition.activity_id == activity.id, Ambition.group_id == group.id
            )
        )
        values = {
            "now_generation": levels[0],
            "one_year_generation": levels[1],
            "three_year_generation": levels[2],
            "reason": reason,
            "capability_ratings": _ratings_to_store(version, activity, answer, ratings),
        }
        if answer is not None and all(getattr(answer, k) == v for k, v in values.items()):
            return _read_one(session, answer.id)
        # Another laptop's save comes first: confirming a lower ambition on top of an answer
        # one has not seen would be confirming the wrong thing.
        if (answer.edits if answer else 0) != seen_edits:
            raise Conflict("ambition_changed_elsewhere")
        if (levels[1] < levels[0] or levels[2] < levels[0]) and not confirm_lower:
            raise NeedsConfirmation("ambition_below_now")
        if answer is None:
            answer = _new_answer(change, activity, version)
        for key, value in values.items():
            setattr(answer, key, value)
        answer.edits += 1
        answer.updated_at = utcnow()
        session.flush()
        return _read_one(session, answer.id)


def _ratings_to_store(
    version: framework.Version,
    activity: Activity,
    answer: Ambition | None,
    ratings: dict[str, int],
) -> dict[str, int]:
    stored = dict(answer.capability_ratings or {}) if answer else {}
    if activity.rates_capabilities:
        _check_ratings(version, ratings)
        return ratings
    if ratings and ratings != stored:
        raise InvalidInput("capabilities_not_asked")
    # Not asked (any more): ratings given while they were asked for are kept.
    return stored


def _new_answer(change: changes.Change, activity: Activity, version: framework.Version) -> Ambition:
    """The group's first answer in the round; the first answer of the round fixes its version
    (see _version_of)."""
    gathering, group = change.gathering, change.group
    answer = Ambition(
        gathering_id=gathering.id,
        activity_id=activity.id,
        group_id=group.id,
        organisation_id=group.organisation_id,
        module_id=gathering.module_id,
        theme_key=gathering.module.theme_key,
        framework_version_id=version.id,
        edits=0,
        created_at=utcnow(),
    )
    change.session.add(answer)
    return answer


# ---- reads -----------------------------------------------------------------------------------


def own_answer(db: Database, group_token: str, activity_id: int) -> AmbitionInfo | None:
    with db.read() as session:
        group = changes.group_for_token(session, group_token)
        answer_id = session.scalar(
            select(Ambition.id).where(
                Ambition.activity_id == activity_id, Ambition.group_id == group.id
            )
        )
        return _read_one(session, answer_id) if answer_id else None


def round_version(db: Database, activity_id: int) -> framework.Version:
    """The framework version an ambition round's answers are given and read under."""
    with db.read() as session:
        activity = session.get(Activity, activity_id)
        if activity is None or activity.kind != "ambition":
            raise NotFound("activity_unknown")
        return _version_of(session, activity)


def baseline(db: Database, group_token: str) -> list[AmbitionInfo]:
    """The group's organisation's answers from earlier modules of the same cohort, oldest module
    first (one per module: the latest given). What a year-long programme builds on."""
    with db.read() as session:
        group = changes.group_for_token(session, group_token)
        module = group.gathering.module
        earlier = select(Module.id).where(
            Module.cohort_id == module.cohort_id, Module.position < module.position
        )
        rows = answers(
            session,
            Ambition.organisation_id == group.organisation_id,
            Ambition.module_id.in_(earlier),
        )
        latest_per_module: dict[int, AmbitionInfo] = {}
        for row in rows:  # ordered by module, then oldest gathering first: the last one wins
            latest_per_module[row.module_id] = row
        return list(latest_per_module.values())


def organisation_answers(db: Database, actor: Actor, organisation_id: int) -> list[AmbitionInfo]:
    """Every ambition answer of one organisation, by module. A coordinator reads their own
    organisation only; a facilitator the answers given in their network's gatherings."""
    network_id = may_read_organisation(actor, organisation_id)
    with db.read() as session:
        conditions = [Ambition.organisation_id == organisation_id]
        if network_id is not None:
            conditions.append(Ambition.module_id.in_(modules_of(network_id)))
        return answers(session, *conditions)


def round_overview(
    db: Database, gathering_id: int, activity_id: int, *, actor: Actor | None = None
) -> RoundOverview:
    """The round's answers for the big screen once revealed; before that, only the count. The
    gathering's own facilitator (passed as `actor`) sees the answers before revealing them."""
    with db.read() as session:
        activity = activity_in(session, gathering_id, activity_id, ambition=True)
        gathering = activity.gathering
        group_ids = list(
            session.scalars(
                select(Group.id).where(Group.gathering_id == gathering_id).order_by(Group.id)
            )
        )
        rows = session.execute(
            select(Ambition, Group.label)
            .join(Group, Group.id == Ambition.group_id)
            .where(Ambition.activity_id == activity.id)
            .order_by(Group.label)
        ).all()
        overview = RoundOverview(
            activity=activity_info(activity),
            version=_version_of(session, activity),
            revealed=activity.revealed,
            neutral_labels=gathering.neutral_labels,
            groups=len(group_ids),
            answered=len(rows),
        )
        if not (activity.revealed or _may_preview(actor, gathering)):
            return overview
        answers = _group_answers(rows, gathering, group_ids)
        spreads = {
            horizon: spread([getattr(a, horizon) for a in answers])
            for horizon in HORIZONS
            if answers
        }
        return dataclasses.replace(overview, answers=tuple(answers), spreads=spreads)


def _may_preview(actor: Actor | None, gathering: Gathering) -> bool:
    """The gathering's own facilitators see a round's answers before they reveal them."""
    return (
        actor is not None
        and actor.can_facilitate
        and actor.network_id in (None, network_of(gathering))
    )


def _group_answers(rows, gathering: Gathering, group_ids: list[int]) -> list[GroupAnswer]:
    """Each group's answer under the name the projector may show, sorted by that name."""
    letters = neutral_letters(group_ids, gathering.projector_token)
    answers = [
        GroupAnswer(
            letters[a.group_id] if gathering.neutral_labels else label,
            a.now_generation,
            a.one_year_generation,
            a.three_year_generation,
        )
        for a, label in rows
    ]
    answers.sort(key=lambda answer: answer.label)
    return answers


# ---- pure helpers --------------------------------------------------------------------------------


def spread(values: list[int]) -> Spread:
    """Median, quartiles and range of a horizon's generation numbers.

    >>> spread([2, 3, 3, 4, 5])
    Spread(count=5, median=3, low=2, q1=3.0, q3=4.0, high=5)
    >>> spread([3])
    Spread(count=1, median=3, low=3, q1=3, q3=3, high=3)
    """
    ordered = sorted(values)
    if len(ordered) == 1:
        only = ordered[0]
        return Spread(1, only, only, only, only, only)
    q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    return Spread(len(ordered), statistics.median(ordered), ordered[0], q1, q3, ordered[-1])


def neutral_letters(group_ids: list[int], seed: str) -> dict[int, str]:
    """A letter per group, in an order drawn from the gathering's own secret, so that "Gruppe A"
    is not simply the first organisation in the alphabet.

    >>> sorted(neutral_letters([7, 8, 9], "abc").values())
    ['A', 'B', 'C']
    >>> neutral_letters([7, 8, 9], "abc") == neutral_letters([9, 8, 7], "abc")
    True
    """

    def shuffled(group_id: int) -> str:
        return hashlib.sha256(f"{seed}|{group_id}".encode()).hexdigest()

    order = sorted(group_ids, key=shuffled)
    return {group_id: _letter(index) for index, group_id in enumerate(order)}


def _letter(index: int) -> str:
    """A, B, ... Z, AA, AB ...

    >>> [_letter(i) for i in (0, 25, 26)]
    ['A', 'Z', 'AA']
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# ---- internals -----------------------------------------------------------------------------------


def _clean_reason(reason: str | None) -> str:
    if not (reason or "").strip():
        return ""  # the reason is asked for, not required: a room must be able to move on
    return clean_text(reason, min_chars=2, max_chars=REASON_MAX_CHARS, field="reason")


def _version_of(session: Session, activity: Activity) -> framework.Version:
    """Until its first answer a round follows the newest framework version, so an
    administrator's correction reaches a room that is still reading the question; from the
    first answer on, the round keeps the version that answer was given under."""
    first_answer_version = session.scalar(
        select(Ambition.framework_version_id)
        .where(Ambition.activity_id == activity.id)
        .order_by(Ambition.id)
        .limit(1)
    )
    if first_answer_version is not None:
        row = session.get(FrameworkVersion, first_answer_version)
    else:
        row = framework.newest(session)
    if row is None:
        raise NotFound("framework_missing")
    return framework.version_from_row(row)


def _check_levels(version: framework.Version, *levels: int | None) -> tuple[int, int, int]:
    checked = []
    for level in levels:
        if level is None or level == "":
            raise InvalidInput("generation_missing")
        # Whole numbers only: no True for 1, no 2.7 quietly becoming 2.
        number = level if isinstance(level, int) and not isinstance(level, bool) else None
        if isinstance(level, str) and level.strip().isdigit():
            number = int(level)
        if number is None or version.generation(number) is None:
            raise InvalidInput("generation_out_of_range", highest=version.highest)
        checked.append(number)
    return checked[0], checked[1], checked[2]


def _check_ratings(version: framework.Version, ratings: dict[str, int]) -> None:
    for name, value in ratings.items():
        if name not in version.capabilities:
            raise InvalidInput("capability_unknown")
        if isinstance(value, bool) or value not in framework.RATING_SCALE:
            raise InvalidInput("rating_out_of_range")


def answers(session: Session, *conditions) -> list[AmbitionInfo]:
    rows = session.execute(
        select(Ambition, Organisation.official_name, Module, Gathering.held_on, FrameworkVersion)
        .join(Organisation, Organisation.id == Ambition.organisation_id)
        .join(Module, Module.id == Ambition.module_id)
        .join(Gathering, Gathering.id == Ambition.gathering_id)
        .join(FrameworkVersion, FrameworkVersion.id == Ambition.framework_version_id)
        .where(*conditions)
        .order_by(Module.position, Gathering.held_on, Ambition.id)
    ).all()
    return [_info(*row) for row in rows]


def _read_one(session: Session, answer_id: int) -> AmbitionInfo:
    [answer] = answers(session, Ambition.id == answer_id)
    return answer


def _info(
    answer: Ambition,
    organisation_name: str,
    module: Module,
    held_on: dt.date,
    version_row: FrameworkVersion,
) -> AmbitionInfo:
    version = framework.version_from_row(version_row)

    def name(number: int) -> str:
        generation = version.generation(number)
        return generation.name if generation else str(number)

    return AmbitionInfo(
        id=answer.id,
        group_id=answer.group_id,
        organisation_id=answer.organisation_id,
        organisation_name=organisation_name,
        module_id=module.id,
        module_name=module.name,
        module_position=module.position,
        held_on=held_on,
        framework_version_id=version.id,
        now=answer.now_generation,
        one_year=answer.one_year_generation,
        three_year=answer.three_year_generation,
        now_name=name(answer.now_generation),
        one_year_name=name(answer.one_year_generation),
        three_year_name=name(answer.three_year_generation),
        reason=answer.reason,
        capability_ratings=dict(answer.capability_ratings or {}),
        edits=answer.edits,
    )
