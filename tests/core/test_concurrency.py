"""Many laptops at once: 50 threads x 20 submissions into one gathering land exactly once each."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from core import entries, gatherings, live
from core.models import Entry
from tests.conftest import add_entry

THREADS = 50
PER_THREAD = 20


def test_fifty_threads_twenty_entries_each(db, groups, open_barriers, gathering):
    revision_before = gatherings.revision(db, gathering.id)

    def laptop(number: int) -> list[int]:
        token = groups[number % len(groups)].token
        return [
            add_entry(
                db, token, open_barriers.id, f"Innspill {number}-{i}", key=f"laptop{number}-{i}"
            ).id
            for i in range(PER_THREAD)
        ]

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        ids = [entry_id for batch in pool.map(laptop, range(THREADS)) for entry_id in batch]

    assert len(ids) == len(set(ids)) == THREADS * PER_THREAD
    with db.read() as session:
        stored = session.scalar(
            select(func.count()).select_from(Entry).where(Entry.gathering_id == gathering.id)
        )
    assert stored == THREADS * PER_THREAD
    assert live.snapshot(db, gathering.id).total == THREADS * PER_THREAD
    # Every submission bumped the revision exactly once: no lost updates.
    assert gatherings.revision(db, gathering.id) == revision_before + THREADS * PER_THREAD


def test_two_laptops_of_one_group_double_submitting_at_once(db, groups, open_barriers):
    """Both laptops resend the same five keys concurrently: five entries, not ten."""
    token = groups[0].token

    def laptop(_number: int) -> None:
        for i in range(5):
            add_entry(db, token, open_barriers.id, f"Samme {i}", key=f"shared-{i}")

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(laptop, range(2)))
    assert sorted(e.text for e in entries.own_entries(db, token)) == [
        f"Samme {i}" for i in range(5)
    ]
