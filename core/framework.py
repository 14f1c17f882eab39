"""The programme's framework (data/framework.yaml) and the organisation list, and putting the
network, cohort and modules they describe into the database on first run."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.db import Database
from core.models import Cohort, Module, Network, Organisation
from core.settings import DATA_DIR

FRAMEWORK_FILE = DATA_DIR / "framework.yaml"
ORGANISATIONS_FILE = DATA_DIR / "organisations.csv"


@dataclass(frozen=True)
class Theme:
    key: str
    name: str


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
