"""Every write to a gathering: lock it, write, bump its revision if something changed, announce
it to other processes (PostgreSQL NOTIFY, in the same transaction), commit, then tell the
in-process listeners. Also the one lookup of a group by its token, since a group's
own writes start there. Sits just above core.db and core.models (and imports nothing that
imports it), so gatherings, entries and ambitions can all build on it without an import cycle."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from core import codes
from core.db import Database
from core.errors import NotFound
from core.models import Gathering, Group

log = logging.getLogger(__name__)

Listener = Callable[[int, int], None]
_listeners: list[Listener] = []


@dataclass(frozen=True)
class Change:
    """What a write block works with: its session, the locked gathering and, for a group's own
    writes, the group."""

    session: Session
    gathering: Gathering
    group: Group | None = None


def on_change(listener: Listener) -> Callable[[], None]:
    """Call `listener(gathering_id, new_revision)` after every committed write that changed a
    gathering. Returns a function that removes the listener.

    A write in this process calls it in the writing thread, right after the commit. On
    PostgreSQL, once `core.change_feed` runs in this process, a write in any process (another
    replica, `core.cli`) calls it too, from the feed's thread, so a write made here is heard
    twice: listeners must treat a revision no newer than one they have seen as nothing new.

    Listeners run after the commit, so what they read is what others will read; a listener that
    raises is logged and never undoes or breaks the write."""
    _listeners.append(listener)

    def remove() -> None:
        if listener in _listeners:
            _listeners.remove(listener)

    return remove


@contextmanager
def write_gathering(db: Database, gathering_id: int) -> Iterator[Change]:
    """A facilitator's write: `with write_gathering(db, id) as change: ...`."""
    with _write(db, lambda session: Change(session, _lock(session, gathering_id))) as change:
        yield change


@contextmanager
def write_for_group(db: Database, token: str | None) -> Iterator[Change]:
    """A group's own write, by its token: resolves the group, then locks its gathering."""

    def start(session: Session) -> Change:
        group = group_for_token(session, token)
        return Change(session, _lock(session, group.gathering_id), group)

    with _write(db, start) as change:
        yield change


def group_for_token(session: Session, token: str | None) -> Group:
    """The group a token belongs to; an unknown or malformed token is `group_token_unknown`."""
    if not codes.looks_like_token(token):
        raise NotFound("group_token_unknown")
    group = session.scalar(select(Group).where(Group.token == token))
    if group is None:
        raise NotFound("group_token_unknown")
    return group


@contextmanager
def _write(db: Database, start: Callable[[Session], Change]) -> Iterator[Change]:
    with db.write() as session:
        watch = _Watch(session)
        change = start(session)
        yield change
        session.flush()  # whatever the block left unflushed is seen by the watch too
        revision = _bump(session, change.gathering) if watch.wrote else None
        if revision is not None:
            _notify_other_processes(session, db.change_channel, change.gathering.id, revision)
    # The transaction is committed here: only now may anyone hear of the change.
    if revision is not None:
        announce(change.gathering.id, revision)


class _Watch:
    """Turns `wrote` true once a flush writes a row: something added, deleted or really changed
    (setting an attribute to the value it already has is no change). Bulk statements passed to
    `session.execute` are not seen; no write block uses them."""

    def __init__(self, session: Session) -> None:
        self.wrote = False
        event.listen(session, "before_flush", self._before_flush)

    def _before_flush(self, session: Session, _context, _instances) -> None:
        if session.new or session.deleted or any(map(session.is_modified, session.dirty)):
            self.wrote = True


def _lock(session: Session, gathering_id: int) -> Gathering:
    """Serialise writers of one gathering (row lock on PostgreSQL; SQLite's write lock is
    already held, see core.db). Fresh from the database, so the revision read is current."""
    gathering = session.scalar(
        select(Gathering)
        .where(Gathering.id == gathering_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if gathering is None:
        raise NotFound("gathering_unknown")
    return gathering


def _bump(session: Session, gathering: Gathering) -> int:
    # Safe in Python: the row is locked, so no other writer can have moved it on meanwhile.
    gathering.revision += 1
    session.flush()
    return gathering.revision


def payload(gathering_id: int, revision: int) -> str:
    """What a NOTIFY carries: `"<gathering_id>:<revision>"`."""
    return f"{gathering_id}:{revision}"


def parse_payload(value: str) -> tuple[int, int] | None:
    """The `(gathering_id, revision)` of a NOTIFY payload, or None for anything else.

    >>> parse_payload("12:7"), parse_payload("x:1"), parse_payload("12")
    ((12, 7), None, None)
    """
    gathering_id, _, revision = value.partition(":")
    if not (gathering_id.isdigit() and revision.isdigit()):
        return None
    return int(gathering_id), int(revision)


def _notify_other_processes(session: Session, channel: str, gathering_id: int, rev: int) -> None:
    # In the write's own transaction: PostgreSQL delivers a notification when (and only if) the
    # transaction commits, so no process hears of a change it cannot read yet, or of a rollback.
    # SQLite is one process; the in-process announce after the commit is all there is.
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": channel, "payload": payload(gathering_id, rev)},
        )


def announce(gathering_id: int, revision: int) -> None:
    """Tell every `on_change` listener of this process that a gathering reached `revision`
    (after a committed write here, or from core.change_feed for a write elsewhere)."""
    for listener in tuple(_listeners):
        try:
            listener(gathering_id, revision)
        except Exception:
            log.exception("change listener %r failed for gathering %s", listener, gathering_id)
