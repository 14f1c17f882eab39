"""Live push: a server-sent-events stream per gathering, and the invisible listener that turns
its events into a rerun of the live view it is mounted in.

Server side: `ROUTE` (added to the `st.App` in app.py) serves `GET /api/live/{gathering}/{tag}`
as `text/event-stream`. On connect it sends the gathering's current revision, then one event per
committed change (`id: N` / `data: N`), and a comment (`: ping`) every `HEARTBEAT_SECONDS` so
proxies keep the connection open. Changes come from `core.changes.on_change`: after the commit
in the writing thread, and on PostgreSQL also from `core.change_feed`'s thread for writes in any
process (so this process's own writes arrive twice; a stream sends only newer revisions).
`HUB` hands each one to every open stream of that gathering on the stream's own event loop
(`call_soon_threadsafe` into a per-connection queue).

Browser side: `listen(gathering_id, revision)` mounts a `st.components.v2` component that keeps
one `EventSource` per mounted listener and calls `setTriggerValue("changed", revision)` when the
stream reports a revision newer than the one the view was drawn at. A trigger from a component
inside a fragment carries the fragment's id, so Streamlit reruns that fragment only.

Who may listen: the stream says only "gathering G is at revision N" — no entries, no names, no
counts; a page that learns of a change still reads through its own admitted session. That is
not secret content, so the stream asks for no join code or login (an `EventSource` cannot send
headers anyway). But a bare sequential id would let anyone watch when every gathering is busy,
so the address carries `tag`, an HMAC of the gathering id under the app's cookie key: only a page
the router let in is handed the address, ids cannot be enumerated, and every process that shares
the key (and the database) can check a tag without any lookup or per-process state.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import streamlit as st
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from core import changes, gatherings
from core.errors import NotFound
from pages._ui import bootstrap, keys

PATH = "/api/live"
HEARTBEAT_SECONDS = 15.0
RETRY_MS = 3000  # how soon a browser reconnects after the stream drops (e.g. a server restart)


class Hub:
    """Open streams per gathering. `publish` may be called from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._streams: dict[int, set[tuple[asyncio.AbstractEventLoop, asyncio.Queue]]] = {}

    def subscribe(self, gathering_id: int) -> asyncio.Queue:
        """A queue on the running loop that receives every new revision of the gathering."""
        queue: asyncio.Queue = asyncio.Queue()
        with self._lock:
            self._streams.setdefault(gathering_id, set()).add((asyncio.get_running_loop(), queue))
        return queue

    def unsubscribe(self, gathering_id: int, queue: asyncio.Queue) -> None:
        with self._lock:
            streams = self._streams.get(gathering_id, set())
            streams -= {entry for entry in streams if entry[1] is queue}
            if not streams:
                self._streams.pop(gathering_id, None)

    def publish(self, gathering_id: int, revision: int) -> None:
        with self._lock:
            targets = tuple(self._streams.get(gathering_id, ()))
        for loop, queue in targets:
            # RuntimeError: that stream's loop has closed; its own `finally` unsubscribes it.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(queue.put_nowait, revision)

    def count(self, gathering_id: int) -> int:
        with self._lock:
            return len(self._streams.get(gathering_id, ()))


HUB = Hub()
changes.on_change(HUB.publish)


def tag(gathering_id: int, key: str | None = None) -> str:
    """The unguessable part of a gathering's stream address."""
    secret = (key or bootstrap.cookie_key()).encode()
    digest = hmac.new(secret, f"live-stream:{gathering_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def stream_path(gathering_id: int) -> str:
    return f"{PATH}/{gathering_id}/{tag(gathering_id)}"


def _event(revision: int) -> str:
    return f"id: {revision}\ndata: {revision}\n\n"


async def events(gathering_id: int, queue: asyncio.Queue, current: int) -> AsyncIterator[str]:
    """The stream's body: the current revision, then each newer one, with heartbeats."""
    yield f"retry: {RETRY_MS}\n" + _event(current)
    sent = current
    while True:
        try:
            revision = await asyncio.wait_for(queue.get(), HEARTBEAT_SECONDS)
        except TimeoutError:
            yield ": ping\n\n"
            continue
        while not queue.empty():  # a burst of writes is one event: the latest revision
            revision = max(revision, queue.get_nowait())
        if revision > sent:
            sent = revision
            yield _event(revision)


async def stream(request: Request) -> Response:
    gathering_id = request.path_params["gathering_id"]
    if not hmac.compare_digest(request.path_params["tag"], tag(gathering_id)):
        return PlainTextResponse("not found", status_code=404)
    queue = HUB.subscribe(gathering_id)  # before reading, so no change falls in between
    try:
        current = await asyncio.to_thread(gatherings.revision, bootstrap.database(), gathering_id)
    except NotFound:
        HUB.unsubscribe(gathering_id, queue)
        return PlainTextResponse("not found", status_code=404)
    except BaseException:
        HUB.unsubscribe(gathering_id, queue)
        raise

    async def body() -> AsyncIterator[str]:
        try:
            async for chunk in events(gathering_id, queue, current):
                yield chunk
        finally:
            HUB.unsubscribe(gathering_id, queue)

    return StreamingResponse(
        body(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


ROUTE = Route(PATH + "/{gathering_id:int}/{tag:str}", stream, methods=["GET"])

# The browser half: opens the stream, and on a newer revision sets a trigger value, which reruns
# the fragment the listener is mounted in. Our own static file, never anything typed.
_JS = (Path(__file__).resolve().parents[2] / "assets" / "live_listener.js").read_text(
    encoding="utf-8"
)
_listener = st.components.v2.component("samling_live_listener", js=_JS)


def listen(gathering_id: int, revision: int, *, settle_ms: int = 0) -> None:
    """Mount the listener for a gathering in the running fragment; it draws nothing (the base
    stylesheet hides its container, which also keeps it out of the accessibility tree). With
    `settle_ms`, a page with a form waits that long before asking for a rerun, and does not ask
    if a run with the new revision arrived meanwhile (its own save's, say)."""
    _listener(
        key=keys.LIVE_LISTENER,
        data={"url": stream_path(gathering_id), "revision": revision, "settle_ms": settle_ms},
        on_changed_change=_ignore,
    )


def _ignore() -> None:
    """The trigger's only job is the rerun it causes."""
