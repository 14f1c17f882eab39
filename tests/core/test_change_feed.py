"""Across processes, on a real PostgreSQL server: a change committed through one engine is heard
by a change feed listening on a connection of its own, with the gathering id and the new
revision, within a second; a rolled-back write is never heard. Each test listens on a channel of
its own, since NOTIFY channels are database-wide and other test runs may share the server."""

from __future__ import annotations

import queue
import threading
import time
import uuid

import pytest
from sqlalchemy import text

from core import change_feed, changes, gatherings
from core.models import Entry
from tests.conftest import POSTGRES_URL, _fresh_database, add_entry

HEARD_WITHIN_S = 1.0


@pytest.fixture
def db(tmp_path):
    """PostgreSQL only (overrides the suite's SQLite-and-PostgreSQL `db`): SQLite has no NOTIFY."""
    database, cleanup = _fresh_database("postgresql", tmp_path)
    database.change_channel = f"samling_test_{uuid.uuid4().hex[:12]}"
    yield database
    cleanup()


@pytest.fixture
def heard(db, groups, open_barriers):
    """What a feed on another connection hears, as (gathering id, revision, thread name); it
    starts after the fixtures' own writes, so it hears only the test's."""
    calls: queue.Queue = queue.Queue()

    def deliver(gathering_id: int, revision: int) -> None:
        calls.put((gathering_id, revision, threading.current_thread().name))

    feed = change_feed.ChangeFeed(POSTGRES_URL, db.change_channel, deliver=deliver).start()
    assert feed.listening.wait(5), "the change feed never reached LISTEN"
    yield calls
    feed.stop()


def test_a_committed_write_is_heard_by_another_connection(
    db, gathering, groups, open_barriers, heard
):
    add_entry(db, groups[0].token, open_barriers.id, "For lite tid", key="k1")
    revision = gatherings.revision(db, gathering.id)

    assert heard.get(timeout=HEARD_WITHIN_S) == (gathering.id, revision, "samling-change-feed")
    with pytest.raises(queue.Empty):  # one notification per change
        heard.get(timeout=0.2)


def test_a_rolled_back_write_is_not_heard(db, gathering, groups, open_barriers, heard):
    before = gatherings.revision(db, gathering.id)
    # A block that fails after writing: the notification was never sent.
    with pytest.raises(RuntimeError), changes.write_for_group(db, groups[0].token) as change:
        change.session.add(_entry(change, open_barriers.id))
        change.session.flush()
        raise RuntimeError("the block fails after writing")
    # A transaction that did send it, then rolled back: PostgreSQL drops the notification.
    with pytest.raises(RuntimeError), db.write() as session:
        changes._notify_other_processes(session, db.change_channel, gathering.id, before + 1)
        raise RuntimeError("rolled back after NOTIFY")
    assert gatherings.revision(db, gathering.id) == before
    with pytest.raises(queue.Empty):
        heard.get(timeout=HEARD_WITHIN_S)

    # The feed still listens: the next committed write is heard, as the next revision.
    add_entry(db, groups[0].token, open_barriers.id, "Etterpå", key="k2")
    assert heard.get(timeout=HEARD_WITHIN_S)[:2] == (gathering.id, before + 1)


def test_the_feed_reconnects_after_losing_its_connection(db, gathering, groups, open_barriers):
    calls: queue.Queue = queue.Queue()
    feed = change_feed.ChangeFeed(POSTGRES_URL, db.change_channel, deliver=lambda *a: calls.put(a))
    feed.start()
    try:
        assert feed.listening.wait(5)
        first = feed.backend_pid
        with db.engine.connect() as connection:  # as a database restart or a network cut would
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        deadline = time.monotonic() + 10
        while not (feed.listening.is_set() and feed.backend_pid != first):
            assert time.monotonic() < deadline, "the feed did not reconnect"
            time.sleep(0.05)
        add_entry(db, groups[0].token, open_barriers.id, "Etter brudd", key="k4")
        assert calls.get(timeout=HEARD_WITHIN_S) == (
            gathering.id,
            gatherings.revision(db, gathering.id),
        )
    finally:
        feed.stop()


def test_the_feed_hands_changes_to_the_on_change_listeners(db, gathering, groups, open_barriers):
    """The process-wide feed (as the app starts it) calls on_change listeners for a write it
    did not make itself; started twice, it is still one feed."""
    calls: queue.Queue = queue.Queue()
    remove = changes.on_change(lambda *args: calls.put(args))
    feed = change_feed.ensure_started(POSTGRES_URL, db.change_channel)
    try:
        assert change_feed.ensure_started(POSTGRES_URL, db.change_channel) is feed
        assert feed.listening.wait(5)
        add_entry(db, groups[0].token, open_barriers.id, "To ganger", key="k3")
        revision = gatherings.revision(db, gathering.id)
        # Heard twice in the writing process: once in-process, once echoed by the feed.
        assert calls.get(timeout=HEARD_WITHIN_S) == (gathering.id, revision)
        assert calls.get(timeout=HEARD_WITHIN_S) == (gathering.id, revision)
    finally:
        remove()
        feed.stop()


def _entry(change: changes.Change, activity_id: int) -> Entry:
    return Entry(
        gathering_id=change.gathering.id,
        group_id=change.group.id,
        activity_id=activity_id,
        text="Rulles tilbake",
        hidden=False,
        idempotency_key="rolled-back",
    )
