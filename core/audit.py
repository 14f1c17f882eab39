"""The audit log: who opened and closed activities, hid entries, changed users or exported
data, and when. Written in the same transaction as the change it records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.access import Actor, require_admin
from core.db import Database
from core.models import AuditEvent, utcnow

ACTIONS = (
    "gathering_created",
    "activity_opened",
    "activity_closed",
    "entry_hidden",
    "entry_restored",
    "user_created",
    "user_deactivated",
    "password_changed",
    "cohort_deleted",
    "password_reset",
    "results_revealed",
    "results_hidden",
    "framework_published",
    "export_downloaded",
)


@dataclass(frozen=True)
class Event:
    at: dt.datetime
    username: str
    action: str
    target: str


def record(session: Session, actor: Actor, action: str, target: str) -> None:
    """Add one event to the caller's transaction (so it commits, or rolls back, with it)."""
    assert action in ACTIONS, action
    session.add(
        AuditEvent(
            at=utcnow(),
            actor_user_id=actor.user_id,
            actor_username=actor.username,
            action=action,
            target=target[:200],
        )
    )


def events(db: Database, actor: Actor, limit: int = 500) -> list[Event]:
    """The newest events first; administrators only."""
    require_admin(actor)
    with db.read() as session:
        rows = session.scalars(
            select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
        )
        return [Event(e.at, e.actor_username, e.action, e.target) for e in rows]
