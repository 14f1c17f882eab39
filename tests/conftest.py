"""Shared fixtures: a real database per test, on an SQLite file and on the PostgreSQL server.

PostgreSQL tests skip with a reason when no server answers, unless SAMLING_REQUIRE_POSTGRES=1
(set by .ci/run), which turns that into a failure so CI can never pass without them."""

from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from core import entries, framework, gatherings, users
from core.access import Actor
from core.db import Database, make_engine

POSTGRES_URL = os.environ.get(
    "SAMLING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("SAMLING_REQUIRE_POSTGRES") == "1"
# The suite creates hundreds of users: hash their passwords at bcrypt's lowest cost, not the
# production 12 (tests/core/test_login.py checks that 12 is what the app uses otherwise). The
# browser tests' servers inherit it.
os.environ.setdefault("SAMLING_BCRYPT_ROUNDS", "4")
TEST_PASSWORD = "riktig-hest-batteri-42"


def _postgres_or_skip():
    engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except OperationalError as error:
        engine.dispose()
        reason = f"PostgreSQL at {POSTGRES_URL} is not reachable: {error.orig}"
        if REQUIRE_POSTGRES:
            pytest.fail(reason + " (SAMLING_REQUIRE_POSTGRES=1)")
        pytest.skip(reason)
    return engine


def _fresh_database(kind: str, tmp_path):
    """Yield-style helper: a migrated, seeded Database and its cleanup."""
    if kind == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'samling.db'}")
        cleanup = db.dispose
    else:
        admin = _postgres_or_skip()
        schema = f"test_{uuid.uuid4().hex[:12]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        db = Database(
            make_engine(POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"})
        )

        def cleanup():
            db.dispose()
            with admin.connect() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()

    db.upgrade()
    framework.ensure_seeded(db)
    return db, cleanup


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    database, cleanup = _fresh_database(request.param, tmp_path)
    yield database
    cleanup()


@pytest.fixture
def sqlite_db(tmp_path):
    database, cleanup = _fresh_database("sqlite", tmp_path)
    yield database
    cleanup()


@pytest.fixture
def facilitator(db) -> Actor:
    return users.create_user(
        db,
        username="prosessleder",
        name="Pål Prosessleder",
        password=TEST_PASSWORD,
        role="facilitator",
    )


def make_gathering(db: Database, actor: Actor, organisations: int = 3):
    orgs = gatherings.list_organisations(db)[:organisations]
    module = gatherings.list_modules(db)[0]
    return gatherings.create_gathering(
        db,
        actor,
        module_id=module.id,
        held_on=dt.date(2026, 11, 26),
        place="Tromsø",
        organisation_ids=[o.id for o in orgs],
    )


@pytest.fixture
def gathering(db, facilitator):
    return make_gathering(db, facilitator)


@pytest.fixture
def groups(db, gathering):
    """Every organisation of the gathering joined, as GroupInfo (with its token)."""
    _info, options = gatherings.join_options(db, gathering.join_code)
    return [gatherings.join(db, gathering.join_code, g.organisation_id) for g in options]


@pytest.fixture
def open_barriers(db, facilitator, gathering):
    activity = next(a for a in gatherings.activities(db, gathering.id) if a.kind == "barriers")
    gatherings.open_activity(db, facilitator, gathering.id, activity.id)
    return activity


def make_network(db: Database) -> tuple[int, int]:
    """A second network with one cohort and one module: (network id, cohort id)."""
    from core.models import Cohort, Module, Network

    with db.write() as session:
        north = Network(slug="digi-annet", name="Et annet nettverk")
        session.add(north)
        session.flush()
        cohort = Cohort(network_id=north.id, slug="pulje-1", name="Pulje 1")
        session.add(cohort)
        session.flush()
        session.add(Module(cohort_id=cohort.id, position=1, theme_key="ledelse", name="Modul 1"))
        return north.id, cohort.id


def add_entry(db: Database, token: str, activity_id: int, text: str, *, key: str, theme=None):
    """A group's entry, as the group page would submit it."""
    return entries.submit(
        db, token, activity_id=activity_id, text=text, theme_key=theme, idempotency_key=key
    )
