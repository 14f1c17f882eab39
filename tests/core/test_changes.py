"""The one construct for a write to a gathering (core.changes), on SQLite and PostgreSQL: the
revision moves by exactly one per write that changed something, and listeners hear of it only
after the commit."""

from __future__ import annotations

import logging

import pytest

from core import ambitions, changes, entries, gatherings
from core.errors import NotFound
from core.models import Entry
from tests.conftest import add_entry


@pytest.fixture
def heard():
    """What a listener is told, as (gathering id, new revision) pairs."""
    calls: list[tuple[int, int]] = []
    remove = changes.on_change(lambda gathering, revision: calls.append((gathering, revision)))
    yield calls
    remove()


def test_a_write_that_changes_something_bumps_once_and_notifies_after_commit(
    db, gathering, groups, open_barriers
):
    seen_by_others = []

    def listener(gathering_id, revision):
        # Called after the commit: a fresh connection already reads the new revision.
        seen_by_others.append((gathering_id, revision, gatherings.revision(db, gathering_id)))

    remove = changes.on_change(listener)
    try:
        before = gatherings.revision(db, gathering.id)
        with changes.write_gathering(db, gathering.id) as change:
            change.gathering.neutral_labels = not change.gathering.neutral_labels
            change.gathering.place = "Alta"  # two changes in one block: still one bump
        assert gatherings.revision(db, gathering.id) == before + 1
        assert seen_by_others == [(gathering.id, before + 1, before + 1)]
    finally:
        remove()


def test_a_write_that_changes_nothing_neither_bumps_nor_notifies(db, gathering, heard):
    before = gatherings.revision(db, gathering.id)
    with changes.write_gathering(db, gathering.id) as change:
        change.gathering.neutral_labels = change.gathering.neutral_labels  # the same value
    assert gatherings.revision(db, gathering.id) == before
    assert heard == []


def test_a_block_that_raises_is_rolled_back_without_bump_or_notice(
    db, gathering, groups, open_barriers, heard
):
    before = gatherings.revision(db, gathering.id)
    with pytest.raises(RuntimeError), changes.write_for_group(db, groups[0].token) as change:
        change.session.add(
            Entry(
                gathering_id=gathering.id,
                activity_id=open_barriers.id,
                group_id=change.group.id,
                text="Aldri lagret",
                hidden=False,
                idempotency_key="rolled-back",
            )
        )
        change.session.flush()  # written to the transaction, then undone
        raise RuntimeError("the block fails")
    assert gatherings.revision(db, gathering.id) == before
    assert entries.own_entries(db, groups[0].token) == []
    assert heard == []


def test_group_writes_resolve_the_group_and_lock_its_gathering(db, gathering, groups):
    with changes.write_for_group(db, groups[1].token) as change:
        assert change.group.id == groups[1].id
        assert change.gathering.id == gathering.id
    with pytest.raises(NotFound, match="group_token_unknown"), changes.write_for_group(db, "x"):
        pass
    unknown = gathering.id + 999
    with pytest.raises(NotFound, match="gathering_unknown"), changes.write_gathering(db, unknown):
        pass


def test_every_service_write_is_heard_once_and_no_ops_are_not(
    db, facilitator, gathering, groups, open_barriers, heard
):
    token = groups[0].token
    start = gatherings.revision(db, gathering.id)
    entry = add_entry(db, token, open_barriers.id, "Siloer", key="same")
    add_entry(db, token, open_barriers.id, "Siloer", key="same")  # the key again: no-op
    gatherings.close_activity(db, facilitator, gathering.id, open_barriers.id)
    gatherings.close_activity(db, facilitator, gathering.id, open_barriers.id)  # already closed
    gatherings.join(db, gathering.join_code, groups[0].organisation_id)  # already joined
    gatherings.use_neutral_labels(db, facilitator, gathering.id, True)
    gatherings.use_neutral_labels(db, facilitator, gathering.id, True)  # the same again
    entries.set_hidden(db, facilitator, gathering.id, entry.id, True)
    entries.set_hidden(db, facilitator, gathering.id, entry.id, True)  # the same again
    assert heard == [(gathering.id, start + n) for n in (1, 2, 3, 4)]
    assert gatherings.revision(db, gathering.id) == start + 4


def test_an_ambition_answer_saved_twice_is_heard_once(db, facilitator, gathering, groups, heard):
    round_ = next(a for a in gatherings.activities(db, gathering.id) if a.kind == "ambition")
    gatherings.open_activity(db, facilitator, gathering.id, round_.id)
    heard.clear()
    answer = dict(activity_id=round_.id, now=2, one_year=3, three_year=4)
    saved = ambitions.save(db, groups[0].token, **answer)
    ambitions.save(db, groups[0].token, **answer, seen_edits=saved.edits)  # a double click
    assert heard == [(gathering.id, gatherings.revision(db, gathering.id))]


def test_a_failing_listener_is_logged_and_breaks_nothing(
    db, gathering, groups, open_barriers, heard, caplog
):
    def broken(_gathering_id, _revision):
        raise ValueError("listener bug")

    remove = changes.on_change(broken)
    try:
        before = gatherings.revision(db, gathering.id)
        with caplog.at_level(logging.ERROR, logger="core.changes"):
            entry = add_entry(db, groups[0].token, open_barriers.id, "Bredbånd", key="b1")
        assert entry.text == "Bredbånd"
        assert [e.text for e in entries.own_entries(db, groups[0].token)] == ["Bredbånd"]
        assert gatherings.revision(db, gathering.id) == before + 1
        assert heard == [(gathering.id, before + 1)]  # the other listener still heard it
        assert "listener bug" in caplog.text
    finally:
        remove()


def test_a_removed_listener_hears_nothing_more(db, gathering, groups):
    calls = []
    remove = changes.on_change(lambda *args: calls.append(args))
    remove()
    remove()  # removing twice is harmless
    with changes.write_gathering(db, gathering.id) as change:
        change.gathering.place = "Bodø"
    assert calls == []
