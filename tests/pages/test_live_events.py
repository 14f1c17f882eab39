"""Live push, server side (pages/_ui/live_events.py): a change committed through core.changes
reaches every open stream of its gathering, and the route speaks server-sent events."""

from __future__ import annotations

import asyncio

from starlette.requests import Request

from core import gatherings
from pages._ui import live_events
from tests.pages.conftest import activity_of, submit_entry


def _open_barriers(db, facilitator, gathering):
    activity = activity_of(db, gathering)
    gatherings.open_activity(db, facilitator, gathering.id, activity.id)
    return activity


def test_a_committed_change_reaches_the_subscribers_of_its_gathering_only(
    db, facilitator, gathering, group
):
    activity = _open_barriers(db, facilitator, gathering)
    other = gatherings.create_gathering(
        db,
        facilitator,
        module_id=gatherings.list_modules(db)[0].id,
        held_on=gathering.held_on,
        place="Alta",
        organisation_ids=[o.id for o in gatherings.list_organisations(db)[:5]],
    )

    async def scenario() -> tuple[int, bool]:
        mine = live_events.HUB.subscribe(gathering.id)
        theirs = live_events.HUB.subscribe(other.id)
        try:
            # Written in another thread, as a script run writes: the hub hops onto this loop.
            await asyncio.to_thread(submit_entry, db, group.token, activity.id, "Lite tid")
            revision = await asyncio.wait_for(mine.get(), 5)
            return revision, theirs.empty()
        finally:
            live_events.HUB.unsubscribe(gathering.id, mine)
            live_events.HUB.unsubscribe(other.id, theirs)

    revision, others_quiet = asyncio.run(scenario())
    assert revision == gatherings.revision(db, gathering.id)
    assert others_quiet
    assert live_events.HUB.count(gathering.id) == 0


def _request(path: str, gathering_id: int, tag: str) -> Request:
    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "headers": [],
        "query_string": b"",
        "path_params": {"gathering_id": gathering_id, "tag": tag},
    }
    return Request(scope)


def test_the_stream_sends_the_current_revision_then_each_change(db, facilitator, gathering, group):
    activity = _open_barriers(db, facilitator, gathering)
    before = gatherings.revision(db, gathering.id)

    async def scenario() -> list[str]:
        path = live_events.stream_path(gathering.id)
        response = await live_events.stream(
            _request(path, gathering.id, live_events.tag(gathering.id))
        )
        assert response.media_type == "text/event-stream"
        chunks = response.body_iterator
        first = await anext(chunks)
        await asyncio.to_thread(submit_entry, db, group.token, activity.id, "Lite tid")
        second = await asyncio.wait_for(anext(chunks), 5)
        await chunks.aclose()
        return [first, second]

    first, second = asyncio.run(scenario())
    assert first == f"retry: {live_events.RETRY_MS}\nid: {before}\ndata: {before}\n\n"
    assert second == f"id: {before + 1}\ndata: {before + 1}\n\n"
    assert live_events.HUB.count(gathering.id) == 0  # closing the stream unsubscribed it


def test_a_wrong_tag_or_an_unknown_gathering_is_not_found(db, gathering):
    # Called directly: starlette's TestClient needs httpx2, which the project does not ship.
    def answer(gathering_id: int, tag: str) -> int:
        request = _request(live_events.stream_path(gathering_id), gathering_id, tag)
        return asyncio.run(live_events.stream(request)).status_code

    assert answer(gathering.id, "0" * 32) == 404
    unknown = gathering.id + 999
    assert answer(unknown, live_events.tag(unknown)) == 404
    assert live_events.HUB.count(unknown) == 0
    assert live_events.ROUTE.path == "/api/live/{gathering_id:int}/{tag:str}"


def test_tags_differ_per_gathering_and_key():
    assert live_events.tag(1, "key-a") != live_events.tag(2, "key-a")
    assert live_events.tag(1, "key-a") != live_events.tag(1, "key-b")
    assert len(live_events.tag(1, "key-a")) == 32


def test_a_revision_heard_twice_is_sent_once():
    """On PostgreSQL a writing process hears its own change twice (in-process after the commit,
    then echoed by core.change_feed): the stream forwards only revisions newer than it sent."""

    async def scenario() -> list[str]:
        queue: asyncio.Queue = asyncio.Queue()
        chunks = live_events.events(1, queue, 4)
        sent = [await anext(chunks)]
        queue.put_nowait(5)
        sent.append(await asyncio.wait_for(anext(chunks), 5))
        waiting = asyncio.ensure_future(anext(chunks))
        queue.put_nowait(5)  # the echo: taken and dropped
        await asyncio.sleep(0.05)
        queue.put_nowait(4)  # an older one, late: dropped too
        await asyncio.sleep(0.05)
        queue.put_nowait(6)
        sent.append(await asyncio.wait_for(waiting, 5))
        await chunks.aclose()
        return sent

    sent = asyncio.run(scenario())
    assert sent[1:] == ["id: 5\ndata: 5\n\n", "id: 6\ndata: 6\n\n"]
