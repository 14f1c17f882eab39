"""A demo gathering anyone can try without setting anything up: a facilitator login, a few
organisations with entries, and one activity open."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from core import entries, framework, gatherings, users
from core.db import Database
from core.models import Gathering, Module, Organisation

DEMO_USERNAME = "demo.prosessleder"
DEMO_PASSWORD = "demo-samling-2026"
DEMO_PLACE = "Tromsø (demo)"
DEMO_ORGANISATIONS = ("5501", "5503", "5601", "5622", "5612", "5610", "5540", "56")
DEMO_ENTRIES = {
    "barriers": [
        ("5501", "Mange fagsystemer som ikke snakker sammen", "teknologi"),
        ("5501", "Lite tid i ledergruppen til å prioritere digitalisering", "ledelse"),
        ("5503", "Uklart hvem som eier de digitale prosjektene", "organisasjon"),
        ("5622", "Porsáŋgu: få fagfolk på IKT, sårbart når én slutter", "organisasjon"),
        ("5612", "Dårlig bredbånd i deler av kommunen", "teknologi"),
        ("5610", "Tjenestene er organisert i siloer", "organisasjon"),
    ],
    "opportunities": [
        ("5501", "Felles innbyggerdialog med nabokommunene", "strategi"),
    ],
}


@dataclass(frozen=True)
class DemoInfo:
    gathering: gatherings.GatheringInfo
    username: str
    password: str


def load(db: Database) -> DemoInfo:
    """Create the demo once; running it again finds and returns the same gathering."""
    framework.ensure_seeded(db)
    actor = users.actor_for(db, DEMO_USERNAME) or users.create_user(
        db,
        username=DEMO_USERNAME,
        name="Demo Prosessleder",
        password=DEMO_PASSWORD,
        role="facilitator",
    )
    with db.read() as session:
        existing = session.scalar(select(Gathering.id).where(Gathering.place == DEMO_PLACE))
        module_id = session.scalar(select(Module.id).order_by(Module.cohort_id, Module.position))
        organisations = dict(
            session.execute(
                select(Organisation.number, Organisation.id).where(
                    Organisation.number.in_(DEMO_ORGANISATIONS)
                )
            ).all()
        )

    if existing is not None:
        return DemoInfo(
            gatherings.gathering_for_facilitator(db, actor, existing), DEMO_USERNAME, DEMO_PASSWORD
        )
    gathering = gatherings.create_gathering(
        db,
        actor,
        module_id=module_id,
        held_on=dt.date.today(),
        place=DEMO_PLACE,
        organisation_ids=[organisations[number] for number in DEMO_ORGANISATIONS],
    )
    tokens = {}
    for number in DEMO_ORGANISATIONS[:6]:
        tokens[number] = gatherings.join(db, gathering.join_code, organisations[number]).token
    by_kind = {a.kind: a for a in gatherings.activities(db, gathering.id)}
    for kind in ("opportunities", "barriers"):  # barriers end up open: the room starts there
        activity = by_kind[kind]
        gatherings.open_activity(db, actor, gathering.id, activity.id)
        for index, (number, text, theme) in enumerate(DEMO_ENTRIES[kind]):
            entries.submit(
                db,
                tokens[number],
                activity_id=activity.id,
                text=text,
                theme_key=theme,
                idempotency_key=f"demo-{kind}-{index}",
            )
    return DemoInfo(
        gatherings.gathering_for_facilitator(db, actor, gathering.id), DEMO_USERNAME, DEMO_PASSWORD
    )
