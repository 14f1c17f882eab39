"""The demo programme: Digi Troms og Finnmark's Pulje 1 with modules 1–3 finished (three
gatherings each, 11 organisations per gathering: barriers, opportunities, ambitions and
initiatives that differ by theme and drift over the modules) and module 4 live today. Built
through the same core functions the app uses, from a fixed seed, so every load is the same.
Texts come from data/demo.yaml."""

from __future__ import annotations

import datetime as dt
import functools
import random
from dataclasses import dataclass

import yaml
from sqlalchemy import delete, select, update

from core import ambitions, entries, framework, gatherings, users
from core.db import Database
from core.models import (
    Activity,
    Ambition,
    Entry,
    Gathering,
    Group,
    Module,
    Organisation,
)
from core.settings import DATA_DIR

SEED = 2026
DEMO_USERNAME = "demo.prosessleder"
DEMO_PASSWORD = "demo-samling-2026"
COORDINATOR_USERNAME = "demo.koordinator"
COORDINATOR_PASSWORD = "demo-koordinator-2026"
COORDINATOR_ORGANISATION = "5501"  # Tromsø
PLACES = ("Tromsø (demo)", "Finnsnes (demo)", "Alta (demo)")
MEMBERS = 32  # municipalities in the network, plus the county municipality
PER_GATHERING = 11
DAYS_BETWEEN_MODULES = 91
DAYS_INTO_MODULE = (0, 2, 7)  # the three gatherings of a module


@dataclass(frozen=True)
class DemoInfo:
    gathering: gatherings.GatheringInfo  # the live one, today
    username: str
    password: str
    coordinator_username: str
    coordinator_password: str
    coordinator_organisation: str


@functools.cache
def texts() -> dict:
    with open(DATA_DIR / "demo.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load(db: Database, *, reset: bool = False, today: dt.date | None = None) -> DemoInfo:
    """Create the demo programme once; loading again finds it. With `reset`, remove what an
    earlier load made (only that) and build it anew."""
    framework.ensure_seeded(db)
    today = today or dt.date.today()
    facilitator = users.actor_for(db, DEMO_USERNAME) or users.create_user(
        db,
        username=DEMO_USERNAME,
        name="Demo Prosessleder",
        password=DEMO_PASSWORD,
        role="facilitator",
    )
    numbers = _organisations(db)
    coordinator_org = numbers[COORDINATOR_ORGANISATION]
    users.actor_for(db, COORDINATOR_USERNAME) or users.create_user(
        db,
        username=COORDINATOR_USERNAME,
        name="Demo Koordinator",
        password=COORDINATOR_PASSWORD,
        role="coordinator",
        organisation_id=coordinator_org.id,
    )
    if reset:
        _remove(db, facilitator.user_id)
    live = _live_gathering(db, facilitator.user_id)
    if live is None:
        live = _build(db, facilitator, numbers, today)
    return DemoInfo(
        gatherings.gathering_for_facilitator(db, facilitator, live),
        DEMO_USERNAME,
        DEMO_PASSWORD,
        COORDINATOR_USERNAME,
        COORDINATOR_PASSWORD,
        coordinator_org.official_name,
    )


# ---- building ---------------------------------------------------------------------------------


def _build(db: Database, facilitator, numbers: dict, today: dt.date) -> int:
    rng = random.Random(SEED)
    bank = texts()
    members = _members(rng, numbers)
    regions = [members[i : i + PER_GATHERING] for i in range(0, len(members), PER_GATHERING)]
    # Where each organisation stands at the start, and how fast it climbs module by module.
    start = {org.id: rng.choice((1, 1, 2, 2, 2, 3)) for org in members}
    pace = {org.id: rng.choice((0.0, 0.3, 0.5, 0.7)) for org in members}
    modules = gatherings.list_modules(db, facilitator.network_id)[:4]
    live_id = None
    for module_index, module in enumerate(modules):
        first_day = today - dt.timedelta(days=DAYS_BETWEEN_MODULES * (3 - module_index))
        for region_index, region in enumerate(regions):
            held_on = first_day + dt.timedelta(days=DAYS_INTO_MODULE[region_index])
            gathering = gatherings.create_gathering(
                db,
                facilitator,
                module_id=module.id,
                held_on=held_on,
                place=PLACES[region_index],
                organisation_ids=[org.id for org in region],
            )
            if module_index < 3:
                _finished(
                    db, rng, bank, facilitator, gathering, module, module_index, region, start, pace
                )
            elif region_index == 0:
                _live(db, rng, bank, facilitator, gathering, module, region)
                live_id = gathering.id
    return live_id


def _finished(db, rng, bank, facilitator, gathering, module, module_index, region, start, pace):
    """A gathering that took place: every round run, closed, and the ambitions revealed."""
    tokens = {org.id: gatherings.join(db, gathering.join_code, org.id).token for org in region}
    rounds = {a.kind: a for a in gatherings.activities(db, gathering.id)}
    for kind in ("barriers", "opportunities"):
        activity = rounds[kind]
        gatherings.open_activity(db, facilitator, gathering.id, activity.id)
        for org in region:
            _entries(db, rng, bank, tokens[org.id], activity, kind, module.theme_key)
        gatherings.close_activity(db, facilitator, gathering.id, activity.id)
    ambition = rounds["ambition"]
    rates = module_index == 2  # the facilitator asked for the capability rating in module 3
    gatherings.open_activity(db, facilitator, gathering.id, ambition.id)
    if rates:
        gatherings.ask_capability_ratings(db, facilitator, gathering.id, ambition.id, True)
    capabilities = framework.current(db).capabilities
    for org in region:
        now = min(5, start[org.id] + int(pace[org.id] * module_index + rng.random() * 0.6))
        one_year = min(5, now + rng.choice((0, 1, 1)))
        three_year = min(5, one_year + rng.choice((0, 1, 1, 2)))
        ambitions.save(
            db,
            tokens[org.id],
            activity_id=ambition.id,
            now=now,
            one_year=one_year,
            three_year=three_year,
            reason=rng.choice(bank["reasons"]),
            capability_ratings=(
                {name: rng.randint(1, 5) for name in capabilities} if rates else None
            ),
        )
        for horizon, count in (("short", rng.randint(1, 2)), ("long", 1)):
            for text in rng.sample(bank["initiatives"][horizon], count):
                entries.submit(
                    db,
                    tokens[org.id],
                    activity_id=ambition.id,
                    text=text,
                    theme_key=None,
                    horizon=horizon,
                    idempotency_key=f"demo-{gathering.id}-{org.id}-{horizon}-{text[:20]}",
                )
    gatherings.reveal_results(db, facilitator, gathering.id, ambition.id, True)
    gatherings.close_activity(db, facilitator, gathering.id, ambition.id)
    # One entry taken off the projector, as a facilitator would.
    some = entries.gathering_entries(db, facilitator, gathering.id, rounds["barriers"].id)
    entries.set_hidden(db, facilitator, gathering.id, rng.choice(some).id, True)
    _date(db, gathering)


def _live(db, rng, bank, facilitator, gathering, module, region) -> None:
    """Today's gathering: everyone has joined and the barriers round is open, half-way."""
    tokens = {org.id: gatherings.join(db, gathering.join_code, org.id).token for org in region}
    barriers = next(a for a in gatherings.activities(db, gathering.id) if a.kind == "barriers")
    gatherings.open_activity(db, facilitator, gathering.id, barriers.id)
    for org in region[:7]:
        _entries(db, rng, bank, tokens[org.id], barriers, "barriers", module.theme_key, most=2)


def _entries(db, rng, bank, token, activity, kind, theme, most=4) -> None:
    for index in range(rng.randint(2, most)):
        # Mostly about the module's theme; now and then about another one.
        about = theme if rng.random() < 0.8 else rng.choice(list(bank[kind]))
        text = rng.choice(bank[kind][about])
        entries.submit(
            db,
            token,
            activity_id=activity.id,
            text=text,
            theme_key=about if rng.random() < 0.85 else None,
            idempotency_key=f"demo-{activity.id}-{index}-{text[:30]}",
        )


def _date(db: Database, gathering: gatherings.GatheringInfo) -> None:
    """Entries and answers carry the gathering's day, not the day the demo was loaded."""
    at = dt.datetime.combine(gathering.held_on, dt.time(10, 0), tzinfo=dt.UTC)
    with db.write() as session:
        for model in (Entry, Ambition):
            session.execute(
                update(model)
                .where(model.gathering_id == gathering.id)
                .values(created_at=at, updated_at=at)
            )


# ---- finding and removing ---------------------------------------------------------------------


def _organisations(db: Database) -> dict[str, Organisation]:
    with db.read() as session:
        rows = session.scalars(select(Organisation).order_by(Organisation.number)).all()
        session.expunge_all()
        return {org.number: org for org in rows}


def _members(rng: random.Random, numbers: dict[str, Organisation]) -> list[Organisation]:
    municipalities = [org for org in numbers.values() if org.kind == "kommune"]
    coordinator = numbers[COORDINATOR_ORGANISATION]
    others = [org for org in municipalities if org is not coordinator]
    chosen = [coordinator, *rng.sample(others, MEMBERS - 1)]
    county = next(org for org in numbers.values() if org.kind == "fylkeskommune")
    # By municipality number: the three gatherings of a module are roughly by region.
    return sorted([*chosen, county], key=lambda org: org.number.ljust(4, "0"))


def _live_gathering(db: Database, facilitator_id: int) -> int | None:
    with db.read() as session:
        return session.scalar(
            select(Gathering.id)
            .join(Module, Module.id == Gathering.module_id)
            .where(Gathering.created_by_id == facilitator_id)
            .order_by(Module.position.desc(), Gathering.held_on, Gathering.id)
            .limit(1)
        )


def _remove(db: Database, facilitator_id: int) -> None:
    """Everything the demo facilitator's gatherings hold, and those gatherings."""
    with db.write() as session:
        ids = select(Gathering.id).where(Gathering.created_by_id == facilitator_id)
        for model in (Entry, Ambition):
            session.execute(delete(model).where(model.gathering_id.in_(ids)))
        session.execute(delete(Activity).where(Activity.gathering_id.in_(ids)))
        session.execute(delete(Group).where(Group.gathering_id.in_(ids)))
        session.execute(delete(Gathering).where(Gathering.created_by_id == facilitator_id))
