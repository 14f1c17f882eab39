"""The programme's framework (data/framework.yaml) and the organisation list, putting the
network, cohort and modules they describe into the database on first run, and the versioned,
administrator-edited part of it: the generations of digital maturity and the capabilities."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core import audit
from core.access import Actor, require_admin
from core.db import Database
from core.errors import InvalidInput, NotFound
from core.models import Cohort, FrameworkVersion, Module, Network, Organisation
from core.settings import DATA_DIR, local_time
from core.validation import clean_text

FRAMEWORK_FILE = DATA_DIR / "framework.yaml"
ORGANISATIONS_FILE = DATA_DIR / "organisations.csv"


@dataclass(frozen=True)
class Theme:
    key: str
    name: str


@dataclass(frozen=True)
class Generation:
    number: int
    name: str
    description: str

    @property
    def label(self) -> str:
        return f"{self.number} – {self.name}"


@dataclass(frozen=True)
class Version:
    """One published framework version; immutable, so pages may cache it by id forever."""

    id: int
    number: int
    generations: tuple[Generation, ...]
    capabilities: tuple[str, ...]

    @property
    def highest(self) -> int:
        return self.generations[-1].number

    def generation(self, number: int) -> Generation | None:
        return next((g for g in self.generations if g.number == number), None)


# The programme material speaks of five generations; a sixth was added in 2024.
GENERATION_COUNTS = (5, 6)
CAPABILITIES_MAX = 30
RATING_SCALE = (1, 2, 3, 4, 5)


@functools.cache
def load(path: Path = FRAMEWORK_FILE) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def themes() -> list[Theme]:
    return [Theme(item["key"], item["name"]) for item in load()["themes"]]


def theme_name(key: str | None) -> str | None:
    return next((theme.name for theme in themes() if theme.key == key), None)


def activity_templates() -> list[dict]:
    return list(load()["activities"])


def read_organisations(path: Path = ORGANISATIONS_FILE) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# ---- the versioned part ----------------------------------------------------------------------


def current(db: Database) -> Version:
    """The newest version: what an ambition round follows until its first answer."""
    with db.read() as session:
        row = newest(session)
        if row is None:
            raise NotFound("framework_missing")
        return version_from_row(row)


def version(db: Database, version_id: int) -> Version:
    with db.read() as session:
        row = session.get(FrameworkVersion, version_id)
        if row is None:
            raise NotFound("framework_missing")
        return version_from_row(row)


def newest(session: Session) -> FrameworkVersion | None:
    """The newest published version's row, in the caller's transaction (None before seeding)."""
    return session.scalar(
        select(FrameworkVersion).order_by(FrameworkVersion.number.desc()).limit(1)
    )


def history(db: Database) -> list[tuple[int, str, str]]:
    """(number, published at, by whom) for every version, newest first."""
    with db.read() as session:
        rows = session.scalars(select(FrameworkVersion).order_by(FrameworkVersion.number.desc()))
        return [
            (r.number, f"{local_time(r.created_at):%d.%m.%Y %H:%M}", r.created_by) for r in rows
        ]


def publish(
    db: Database,
    actor: Actor,
    *,
    generations: list[tuple[str, str]],
    capabilities: list[str],
) -> Version:
    """Publish the next version: generations as (name, description) in order (numbered from 1),
    and the capability catalogue. Nothing given earlier changes meaning: earlier answers keep the
    version they point to."""
    require_admin(actor)
    cleaned_generations = _check_generations(generations)
    cleaned_capabilities = _check_capabilities(capabilities)
    with db.write() as session:
        latest = newest(session)
        if latest is not None and (
            latest.generations == cleaned_generations
            and latest.capabilities == cleaned_capabilities
        ):
            return version_from_row(latest)  # nothing changed: no new version
        row = FrameworkVersion(
            number=(latest.number + 1) if latest else 1,
            generations=cleaned_generations,
            capabilities=cleaned_capabilities,
            created_by=actor.username,
        )
        session.add(row)
        session.flush()
        audit.record(session, actor, "framework_published", f"versjon {row.number}")
        return version_from_row(row)


def _check_generations(generations: list[tuple[str, str]]) -> list[dict]:
    if len(generations) not in GENERATION_COUNTS:
        raise InvalidInput("generations_count", count=len(generations))
    cleaned = []
    for number, (name, description) in enumerate(generations, start=1):
        cleaned.append(
            {
                "number": number,
                "name": clean_text(name, min_chars=2, max_chars=80, field="generation_name"),
                "description": clean_text(
                    description, min_chars=2, max_chars=300, field="generation_description"
                ),
            }
        )
    return cleaned


def _check_capabilities(capabilities: list[str]) -> list[str]:
    cleaned = [
        clean_text(name, min_chars=2, max_chars=80, field="capability_name")
        for name in capabilities
        if (name or "").strip()
    ]
    if not cleaned:
        raise InvalidInput("capabilities_none")
    if len(cleaned) > CAPABILITIES_MAX:
        raise InvalidInput("capabilities_too_many", max=CAPABILITIES_MAX)
    duplicates = sorted({name for name in cleaned if cleaned.count(name) > 1})
    if duplicates:
        raise InvalidInput("capabilities_duplicate", name=duplicates[0])
    return cleaned


def version_from_row(row: FrameworkVersion) -> Version:
    return Version(
        id=row.id,
        number=row.number,
        generations=tuple(
            Generation(g["number"], g["name"], g["description"]) for g in row.generations
        ),
        capabilities=tuple(row.capabilities),
    )


# ---- first run ---------------------------------------------------------------------------------


def ensure_seeded(db: Database) -> None:
    """Create what the framework file and organisation list describe, if it is not there yet.
    Idempotent: runs on every start, and only adds what is missing."""
    try:
        _seed(db, load())
    except IntegrityError:
        # Another process (a second replica starting at the same moment) seeded first.
        _seed(db, load())


def _seed(db: Database, framework: dict) -> None:
    with db.write() as session:
        network = session.scalar(
            select(Network).where(Network.slug == framework["network"]["slug"])
        )
        if network is None:
            network = Network(**framework["network"])
            session.add(network)
            session.flush()
        cohort = session.scalar(
            select(Cohort).where(
                Cohort.network_id == network.id, Cohort.slug == framework["cohort"]["slug"]
            )
        )
        if cohort is None:
            cohort = Cohort(network_id=network.id, **framework["cohort"])
            session.add(cohort)
            session.flush()
        existing_positions = set(
            session.scalars(select(Module.position).where(Module.cohort_id == cohort.id))
        )
        for item in framework["modules"]:
            if item["position"] not in existing_positions:
                session.add(
                    Module(
                        cohort_id=cohort.id,
                        position=item["position"],
                        theme_key=item["theme"],
                        name=item["name"],
                    )
                )
        if session.scalar(select(FrameworkVersion.id).limit(1)) is None:
            session.add(
                FrameworkVersion(
                    number=1,
                    generations=[
                        {
                            "number": int(g["number"]),
                            "name": g["name"],
                            "description": g["description"],
                        }
                        for g in framework["generations"]
                    ],
                    capabilities=list(framework["capabilities"]),
                    created_by="data/framework.yaml",
                )
            )
        known_numbers = set(session.scalars(select(Organisation.number)))
        for row in read_organisations():
            if row["number"] not in known_numbers:
                session.add(
                    Organisation(
                        number=row["number"],
                        name=row["name"],
                        official_name=row["official_name"],
                        county=row["county"],
                        kind=row["kind"],
                    )
                )
