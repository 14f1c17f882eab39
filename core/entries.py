"""Entries (barriers, opportunities, and the initiatives of an ambition round): groups write
their own while the activity is open, facilitators hide and restore them. A group acts only
through its token."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, changes, framework
from core.access import Actor, require_facilitator
from core.db import Database
from core.errors import InvalidInput, NotFound
from core.gatherings import activity_in, facilitating, from_row, network_of
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
    with changes.write_for_group(db, group_token) as change:
        session, group = change.session, change.group
        existing = session.scalar(
            select(Entry).where(
                Entry.group_id == group.id, Entry.idempotency_key == idempotency_key
            )
        )
        if existing is not None:
            return _info(existing, group.label)
        activity = activity_in(session, group.gathering_id, activity_id, must_be_open=True)
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
        session.flush()
        return _info(entry, group.label)


def update(
    db: Database, group_token: str, entry_id: int, *, text: str, theme_key: str | None
) -> EntryInfo:
    clean = entry_text(text)
    theme_key = _check_theme(theme_key)
    with changes.write_for_group(db, group_token) as change:
        entry = _own_entry(change.session, change.group, entry_id)
        activity_in(change.session, change.gathering.id, entry.activity_id, must_be_open=True)
        if entry.text != clean or entry.theme_key != theme_key:
            entry.text, entry.theme_key, entry.updated_at = clean, theme_key, utcnow()
        return _info(entry, change.group.label)


def delete(db: Database, group_token: str, entry_id: int) -> None:
    """Delete one of the group's own entries. Deleting one that is already gone is a no-op, so a
    double click on "Slett" is harmless."""
    with changes.write_for_group(db, group_token) as change:
        entry = change.session.scalar(
            select(Entry).where(Entry.id == entry_id, Entry.group_id == change.group.id)
        )
        if entry is None:
            return
        activity_in(change.session, change.gathering.id, entry.activity_id, must_be_open=True)
        change.session.delete(entry)


def own_entries(db: Database, group_token: str, activity_id: int | None = None) -> list[EntryInfo]:
    """The group's own entries, newest first (hidden ones too: hiding is about the projector)."""
    with db.read() as session:
        group = changes.group_for_token(session, group_token)
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
    with facilitating(db, actor, gathering_id) as change:
        entry = change.session.scalar(
            select(Entry).where(Entry.id == entry_id, Entry.gathering_id == gathering_id)
        )
        if entry is None:
            raise NotFound("entry_unknown")
        if entry.hidden != hidden:
            entry.hidden = hidden
            action = "entry_hidden" if hidden else "entry_restored"
            target = f"{change.gathering.join_code}: entry {entry.id}"
            audit.record(change.session, actor, action, target)


def _own_entry(session: Session, group: Group, entry_id: int) -> Entry:
    entry = session.scalar(select(Entry).where(Entry.id == entry_id, Entry.group_id == group.id))
    if entry is None:
        # Someone else's entry looks exactly like a missing one: nothing to learn by probing.
        raise NotFound("entry_unknown")
    return entry


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
    return from_row(EntryInfo, entry, group_label=group_label)
