"""Engine, sessions and migrations. SQLite gets WAL, a busy timeout, foreign keys and
write transactions that take the write lock up front; PostgreSQL goes through psycopg 3."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 15_000
MIGRATION_LOCK = 0x5A4D4C47  # any constant; shared by every Samling process on one database
# The PostgreSQL NOTIFY channel every committed change is announced on (core.changes) and every
# process listens to (core.change_feed). Channels are database-wide, not per schema.
CHANGE_CHANNEL = "samling_changes"


def make_engine(url: str, **kwargs) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **kwargs
        )
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not pysqlite, decide when a transaction begins (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # SQLite's own lower() folds A-Z only, so a case-insensitive search (ILIKE) would miss
        # "LØSNING" for "løsning". Python's lower() knows Æ Ø Å and the Sami letters.
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # A deferred transaction that reads and then writes cannot wait for the lock: SQLite
        # fails it at once with "database is locked". Writers take the lock up front instead,
        # so busy_timeout queues them; readers stay deferred and never block under WAL.
        if conn.get_execution_options().get("samling_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def _lower(value):
    """SQLite's lower(), for every alphabet.

    >>> _lower("ÆØÅ ČŊŠ Tromsø"), _lower(None), _lower(3)
    ('æøå čŋš tromsø', None, 3)
    """
    return value.lower() if isinstance(value, str) else value


class Database:
    """The one handle core functions take: `read()` and `write()` give a session each."""

    def __init__(self, url_or_engine: str | Engine, change_channel: str = CHANGE_CHANNEL) -> None:
        self.engine = (
            make_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
        )
        self.change_channel = change_channel
        self._write_engine = self.engine.execution_options(samling_write=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises. A write to
        a gathering goes through core.changes instead, which bumps its revision."""
        with Session(self._write_engine, expire_on_commit=False) as session, session.begin():
            yield session

    def upgrade(self) -> None:
        upgrade(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply every migration not yet applied (safe to call on each start)."""
    config = alembic_config()
    # As a writer, so two processes starting at once on one SQLite file queue, not fail; on
    # PostgreSQL an advisory lock does the same for replicas starting together.
    with engine.execution_options(samling_write=True).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
