"""SQLAlchemy 2.x models: the scope chain network > cohort > module > gathering > group > entry."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false as sa_false


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    pass


class Network(Base):
    __tablename__ = "networks"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    official_name: Mapped[str] = mapped_column(String(200))
    county: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(40))


class Cohort(Base):
    __tablename__ = "cohorts"
    __table_args__ = (UniqueConstraint("network_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))

    network: Mapped[Network] = relationship()


class Module(Base):
    __tablename__ = "modules"
    __table_args__ = (UniqueConstraint("cohort_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    theme_key: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))

    cohort: Mapped[Cohort] = relationship()


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # admin | facilitator | coordinator
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    # The network a facilitator or coordinator works in; None for administrators (all).
    network_id: Mapped[int | None] = mapped_column(ForeignKey("networks.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Login hardening, kept in the database so it holds across processes and restarts.
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    first_failed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # A login (or login cookie) from before this moment is no longer valid: set when the
    # password changes or the account is deactivated.
    valid_after: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Set when an administrator resets the password: the user picks a new one at next login.
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=sa_false()
    )


class Gathering(Base):
    __tablename__ = "gatherings"
    __table_args__ = (Index("ix_gatherings_module", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"))
    held_on: Mapped[dt.date] = mapped_column(Date)
    # None means the gathering is held digitally.
    place: Mapped[str | None] = mapped_column(String(200))
    join_code: Mapped[str] = mapped_column(String(6), unique=True)
    projector_token: Mapped[str] = mapped_column(String(64), unique=True)
    # Bumped in the same transaction as every write, so live views can poll one integer.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The projector shows "Gruppe A, B..." instead of organisation names: for rooms where
    # being named would stop honest answers.
    neutral_labels: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())

    module: Mapped[Module] = relationship()
    groups: Mapped[list[Group]] = relationship(
        back_populates="gathering", order_by="Group.label", cascade="all, delete-orphan"
    )
    activities: Mapped[list[Activity]] = relationship(
        back_populates="gathering", order_by="Activity.position", cascade="all, delete-orphan"
    )


class Group(Base):
    """One organisation's leadership group in one gathering; it acts through its token."""

    __tablename__ = "groups"
    __table_args__ = (UniqueConstraint("gathering_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    gathering_id: Mapped[int] = mapped_column(ForeignKey("gatherings.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    label: Mapped[str] = mapped_column(String(200))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    joined_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    gathering: Mapped[Gathering] = relationship(back_populates="groups")
    organisation: Mapped[Organisation] = relationship()


class Activity(Base):
    __tablename__ = "activities"
    __table_args__ = (UniqueConstraint("gathering_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    gathering_id: Mapped[int] = mapped_column(ForeignKey("gatherings.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))  # barriers | opportunities | ambition
    prompt: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(10), default="pending")  # pending | open | closed
    opened_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Ambition rounds: answers are hidden from the projector until the facilitator reveals them
    # (groups must not anchor on each other). A round's framework version is that of its first
    # answer (each answer stores its own), so later edits of the framework never change what
    # the answers meant.
    revealed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    rates_capabilities: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=sa_false()
    )

    gathering: Mapped[Gathering] = relationship(back_populates="activities")


class Entry(Base):
    __tablename__ = "entries"
    __table_args__ = (
        # The client's idempotency key makes a double click or a retry land once.
        UniqueConstraint("group_id", "idempotency_key"),
        Index("ix_entries_gathering_activity", "gathering_id", "activity_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Denormalised from the group so every read can start from the gathering.
    gathering_id: Mapped[int] = mapped_column(ForeignKey("gatherings.id", ondelete="CASCADE"))
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    theme_key: Mapped[str | None] = mapped_column(String(40))
    # Initiatives (innsatser) in an ambition round: "short" (about 1 year) or "long" (about 3).
    horizon: Mapped[str | None] = mapped_column(String(10))
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    idempotency_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    group: Mapped[Group] = relationship()


class FrameworkVersion(Base):
    """One published state of the editable framework (generations, capabilities). Rows are
    never changed: an edit publishes the next version."""

    __tablename__ = "framework_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    # [{"number": 1, "name": ..., "description": ...}, ...]
    generations: Mapped[list] = mapped_column(JSON)
    capabilities: Mapped[list] = mapped_column(JSON)  # [name, ...]
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80))


class Ambition(Base):
    """One group's answer in an ambition round: where the organisation stands on the module's
    theme now, where it aims to be in about 1 and 3 years, and why."""

    __tablename__ = "ambitions"
    __table_args__ = (
        UniqueConstraint("activity_id", "group_id"),
        # The baseline and the coordinator's view read one organisation across modules.
        Index("ix_ambitions_organisation", "organisation_id", "module_id"),
        Index("ix_ambitions_module", "module_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    gathering_id: Mapped[int] = mapped_column(ForeignKey("gatherings.id", ondelete="CASCADE"))
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    # Denormalised so a read across modules needs no walk through gatherings and groups.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"))
    theme_key: Mapped[str] = mapped_column(String(40))
    framework_version_id: Mapped[int] = mapped_column(
        ForeignKey("framework_versions.id", ondelete="RESTRICT")
    )
    now_generation: Mapped[int] = mapped_column(Integer)
    one_year_generation: Mapped[int] = mapped_column(Integer)
    three_year_generation: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    capability_ratings: Mapped[dict] = mapped_column(JSON, default=dict)  # {name: 1..5}
    # Counts saves, so a laptop saving over an answer it has not seen is told instead.
    edits: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditEvent(Base):
    """Who did what, when: running the room, moderating, managing users, exporting."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Kept as text too, so the log still reads right after a user is deleted.
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_username: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(200))
