"""Listens for other processes' changes and hands them to the `core.changes.on_change` listeners.

Every committed write on PostgreSQL sends `NOTIFY <channel>, '<gathering_id>:<revision>'` inside
its own transaction (core.changes). One `ChangeFeed` per process keeps its own psycopg connection
(autocommit, outside the engine's pool) in `LISTEN <channel>` on a daemon thread, and calls
`changes.announce(gathering_id, revision)` for each notification, so every replica's live views
hear of a change made through another replica or by `core.cli`. The writing process hears its own
change twice (in-process and echoed back); listeners take a revision no newer than one they have
seen as nothing new.

If the connection drops (database restart, network), the thread reconnects with a backoff of
0.5 s doubling to 30 s. A change committed while it was not listening is not replayed: pages see
it on their next change or their fallback poll. SQLite is one process, so there is nothing to
listen to (`ensure_started` returns None).
"""

from __future__ import annotations

import logging
import threading

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from core import changes
from core.changes import Listener
from core.db import CHANGE_CHANNEL

log = logging.getLogger(__name__)

POLL_SECONDS = 5.0  # how often the thread checks that it should stop and the connection lives
MIN_BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 30.0


def libpq_url(url: str) -> str:
    """A SQLAlchemy URL (`postgresql+psycopg://...`) as libpq takes it, query options kept.

    >>> libpq_url("postgresql+psycopg://postgres@127.0.0.1:5432/test?options=-csearch_path%3Dx")
    'postgresql://postgres@127.0.0.1:5432/test?options=-csearch_path%3Dx'
    """
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class ChangeFeed:
    """One LISTEN connection on a daemon thread. `listening` is set while it is in LISTEN."""

    def __init__(
        self, url: str, channel: str = CHANGE_CHANNEL, deliver: Listener = changes.announce
    ) -> None:
        self.url = libpq_url(url)
        self.channel = channel
        self.deliver = deliver
        self.listening = threading.Event()
        self.backend_pid: int | None = None  # the LISTEN connection's server process, while up
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> ChangeFeed:
        self._thread = threading.Thread(target=self._run, name="samling-change-feed", daemon=True)
        self._thread.start()
        return self

    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self, timeout: float = POLL_SECONDS + 1) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        backoff = MIN_BACKOFF_SECONDS
        while not self._stop.is_set():
            try:
                self._listen()
            except (psycopg.Error, OSError) as error:  # the database went away: connect again
                log.warning("change feed on %r lost its connection: %s", self.channel, error)
            except Exception:  # never let the thread die: the next attempt may do better
                log.exception("change feed on %r failed", self.channel)
            if self.listening.is_set():  # it did listen: the next failure starts over
                backoff = MIN_BACKOFF_SECONDS
            self.listening.clear()
            self._stop.wait(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)

    def _listen(self) -> None:
        with psycopg.connect(self.url, autocommit=True, connect_timeout=10) as connection:
            connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
            self.backend_pid = connection.info.backend_pid
            self.listening.set()
            while not self._stop.is_set():
                for notification in connection.notifies(timeout=POLL_SECONDS):
                    self._hand_on(notification.payload)
                connection.execute("SELECT 1")  # a dead connection raises here, not silently

    def _hand_on(self, payload: str) -> None:
        parsed = changes.parse_payload(payload)
        if parsed is None:
            log.warning("change feed on %r ignored payload %r", self.channel, payload)
            return
        try:
            self.deliver(*parsed)
        except Exception:
            log.exception("change feed on %r could not deliver %r", self.channel, payload)


_feeds: dict[tuple[str, str], ChangeFeed] = {}
_feeds_lock = threading.Lock()


def ensure_started(url: str, channel: str = CHANGE_CHANNEL) -> ChangeFeed | None:
    """This process's feed for a database and channel, started on the first call; None on
    SQLite. Safe to call from any thread, as often as you like (a stopped feed is replaced).
    Keyed by server and database, not by options such as search_path: a channel is
    database-wide."""
    if not url.startswith("postgresql"):
        return None
    key = (make_url(url).set(query={}).render_as_string(hide_password=False), channel)
    with _feeds_lock:
        feed = _feeds.get(key)
        if feed is None or not feed.alive():
            feed = _feeds[key] = ChangeFeed(url, channel).start()
    return feed
