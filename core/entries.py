"""Entries (barriers, opportunities, and the initiatives of an ambition round): groups write
their own while the activity is open, facilitators hide and restore them. A group acts only
through its token."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, codes, framework
from core.access import Actor, require_facilitator
from core.db import Database
from core.errors import ActivityClosed, InvalidInput, NotFound
from core.gatherings import bump_revision, lock_gathering, network_of
from core.models import Activity, Entry, Gathering, Group, utcnow
from core.validation import entry_text

IDEMPOTENCY_KEY_MAX = 64
# An ambition round's initiatives (innsatser) are short-term (about 1 year) or long-term (about 3).
HORIZONS = ("short", "long")


@dataclass(frozen=True)
class EntryInfo:
    id: int
    activity_id: int
    group_id: int
    group_label: str
    text: str
    theme_key: str | None
    hidden: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    horizon: str | None = None


def submit(
    db: Database,
    group_token: str,
    *,
    activity_id: int,
    text: str,
    theme_key: str | None,
    idempotency_key: str,
    horizon: str | None = None,
) -> EntryInfo:
    """Add an entry to the open activity. Sending the same idempotency key again (a double click,
    a retry after a dropped connection) returns the first entry instead of making a second."""
    clean = entry_text(text)
    theme_key = _check_theme(theme_key)
    if not idempotency_key or len(idempotency_key) > IDEMPOTENCY_KEY_MAX:
        raise InvalidInput("idempotency_key_invalid")
    with db.write() as session:
        group = group_for_token(session, group_token)
        lock_gathering(session, group.gathering_id)
        existing = session.scalar(
            select(Entry).where(
                Entry.group_id == group.id, Entry.idempotency_key == idempotency_key
            )
        )
        if existing is not None:
            return _info(existing, group.label)
        activity = _require_open(session, group.gathering_id, activity_id)
        _check_horizon(activity, horizon)
        now = utcnow()
        entry = Entry(
            gathering_id=group.gathering_id,
            activity_id=activity_id,
            group_id=group.id,
            text=clean,
            theme_key=theme_key,
            horizon=horizon,
            hidden=False,
            idempotency_key=idempotency_key,
            created_at=now,
            updated_at=now,
        )
        session.add(entry)
        bump_revision(session, group.gathering_id)
        session.flush()
        return _info(entry, group.label)


def update(
    db: Database, group_token: str, entry_id: int, *, text: str, theme_key: str | None
) -> EntryInfo:
    clean = entry_text(text)
    theme_key = _check_theme(theme_key)
    with db.write() as session:
        group = group_for_token(session, group_token)
        lock_gathering(session, group.gathering_id)
        entry = _own_entry(session, group, entry_id)
        _require_open(session, group.gathering_id, entry.activity_id)
        if entry.text != clean or entry.theme_key != theme_key:
            entry.text, entry.theme_key, entry.updated_at = clean, theme_key, utcnow()
            bump_revision(session, group.gathering_id)
        return _info(entry, group.label)


def delete(db: Database, group_token: str, entry_id: int) -> None:
    """Delete one of the group's own entries. Deleting one that is already gone is a no-op, so a
    double click on "Slett" is harmless."""
    with db.write() as session:
        group = group_for_token(session, group_token)
        lock_gathering(session, group.gathering_id)
        entry = session.scalar(
            select(Entry).where(Entry.id == entry_id, Entry.group_id == group.id)
        )
        if entry is None:
            return
        _require_open(session, group.gathering_id, entry.activity_id)
        session.delete(entry)
        bump_revision(session, group.gathering_id)


def own_entries(db: Database, group_token: str, activity_id: int | None = None) -> list[EntryInfo]:
    """The group's own entries, newest first (hidden ones too: hiding is about the projector)."""
    with db.read() as session:
        group = group_for_token(session, group_token)
        query = select(Entry).where(Entry.group_id == group.id)
        if activity_id is not None:
            query = query.where(Entry.activity_id == activity_id)
        rows = session.scalars(query.order_by(Entry.created_at.desc(), Entry.id.desc()))
        return [_info(e, group.label) for e in rows]


def gathering_entries(
    db: Database, actor: Actor, gathering_id: int, activity_id: int | None = None
) -> list[EntryInfo]:
    """Every entry of a gathering for the facilitator's moderation view, newest first."""
    require_facilitator(actor)
    with db.read() as session:
        gathering = session.get(Gathering, gathering_id)
        if gathering is None:
            raise NotFound("gathering_unknown")
        require_facilitator(actor, network_of(gathering))
        query = (
            select(Entry, Group.label)
            .join(Group, Group.id == Entry.group_id)
            .where(Entry.gathering_id == gathering_id)
        )
        if activity_id is not None:
            query = query.where(Entry.activity_id == activity_id)
        rows = session.execute(query.order_by(Entry.created_at.desc(), Entry.id.desc()))
        return [_info(entry, label) for entry, label in rows]


def set_hidden(db: Database, actor: Actor, gathering_id: int, entry_id: int, hidden: bool) -> None:
    """Take an entry off the projector (or put it back). The group still sees its own text."""
    require_facilitator(actor)
    with db.write() as session:
        gathering = lock_gathering(session, gathering_id)
        require_facilitator(actor, network_of(gathering))
        entry = session.scalar(
            select(Entry).where(Entry.id == entry_id, Entry.gathering_id == gathering_id)
        )
        if entry is None:
            raise NotFound("entry_unknown")
        if entry.hidden != hidden:
            entry.hidden = hidden
            action = "entry_hidden" if hidden else "entry_restored"
            audit.record(session, actor, action, f"{gathering.join_code}: entry {entry.id}")
            bump_revision(session, gathering_id)


def group_for_token(session: Session, token: str) -> Group:
    if not codes.looks_like_token(token):
        raise NotFound("group_token_unknown")
    group = session.scalar(select(Group).where(Group.token == token))
    if group is None:
        raise NotFound("group_token_unknown")
    return group


def _own_entry(session: Session, group: Group, entry_id: int) -> Entry:
    entry = session.scalar(select(Entry).where(Entry.id == entry_id, Entry.group_id == group.id))
    if entry is None:
        # Someone else's entry looks exactly like a missing one: nothing to learn by probing.
        raise NotFound("entry_unknown")
    return entry


def _require_open(session: Session, gathering_id: int, activity_id: int) -> Activity:
    activity = session.scalar(
        select(Activity).where(Activity.id == activity_id, Activity.gathering_id == gathering_id)
    )
    if activity is None:
        raise NotFound("activity_unknown")
    if activity.state != "open":
        raise ActivityClosed("activity_closed")
    return activity


def _check_horizon(activity: Activity, horizon: str | None) -> None:
    if activity.kind == "ambition":
        if horizon not in HORIZONS:
            raise InvalidInput("horizon_unknown")
    elif horizon is not None:
        raise InvalidInput("horizon_unknown")


def _check_theme(theme_key: str | None) -> str | None:
    if theme_key in (None, ""):
        return None
    if theme_key not in {theme.key for theme in framework.themes()}:
        raise InvalidInput("theme_unknown")
    return theme_key


def _info(entry: Entry, group_label: str) -> EntryInfo:
    return EntryInfo(
        id=entry.id,
        activity_id=entry.activity_id,
        group_id=entry.group_id,
        group_label=group_label,
        text=entry.text,
        theme_key=entry.theme_key,
        hidden=entry.hidden,
        created_at=entry.created_at,
        updated_at=entry.updated_at,
        horizon=entry.horizon,
    )
