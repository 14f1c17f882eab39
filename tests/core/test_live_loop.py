"""The live loop through core, on SQLite and PostgreSQL: create, join, enter, moderate, project."""

from __future__ import annotations

import pytest

from core import codes, entries, gatherings, live
from core.errors import ActivityClosed, NotAllowed, NotFound
from tests.conftest import add_entry


def test_new_gathering_has_code_groups_and_pending_activities(db, gathering):
    assert len(gathering.join_code) == 6
    assert set(gathering.join_code) <= set(codes.JOIN_CODE_ALPHABET)
    assert not set(gathering.join_code) & set("O0I1L")
    _info, options = gatherings.join_options(db, gathering.join_code.lower())
    assert len(options) == 3
    kinds = [(a.kind, a.state) for a in gatherings.activities(db, gathering.id)]
    assert kinds == [
        ("barriers", "pending"),
        ("opportunities", "pending"),
        ("ambition", "pending"),
    ]
    prompts = [a.prompt for a in gatherings.activities(db, gathering.id)]
    assert all("organisasjon" in prompt for prompt in prompts)


def test_two_laptops_of_one_organisation_get_the_same_group(db, gathering):
    _info, options = gatherings.join_options(db, gathering.join_code)
    first = gatherings.join(db, gathering.join_code, options[0].organisation_id)
    second = gatherings.join(db, gathering.join_code, options[0].organisation_id)
    assert first.token == second.token
    assert len(first.token) >= 32  # 24 random bytes, base64url
    assert gatherings.group_by_token(db, first.token).label == options[0].label


def test_group_enters_edits_and_deletes_only_while_open(
    db, facilitator, gathering, groups, open_barriers
):
    token = groups[0].token
    entry = add_entry(
        db, token, open_barriers.id, "  Mange siloer  ", key="k1", theme="organisasjon"
    )
    assert entry.text == "Mange siloer"
    changed = entries.update(db, token, entry.id, text="Mange siloer i tjenestene", theme_key=None)
    assert changed.text == "Mange siloer i tjenestene" and changed.theme_key is None
    second = add_entry(db, token, open_barriers.id, "Gamle fagsystemer", key="k2")
    entries.delete(db, token, second.id)
    entries.delete(db, token, second.id)  # a double click on "Slett" is harmless
    assert [e.text for e in entries.own_entries(db, token)] == ["Mange siloer i tjenestene"]

    gatherings.close_activity(db, facilitator, gathering.id, open_barriers.id)
    with pytest.raises(ActivityClosed):
        add_entry(db, token, open_barriers.id, "For sent", key="k3")
    with pytest.raises(ActivityClosed):
        entries.update(db, token, entry.id, text="Endret etter lukking", theme_key=None)
    with pytest.raises(ActivityClosed):
        entries.delete(db, token, entry.id)
    assert [e.text for e in entries.own_entries(db, token)] == ["Mange siloer i tjenestene"]


def test_same_idempotency_key_twice_makes_one_entry(db, groups, open_barriers):
    first = add_entry(db, groups[0].token, open_barriers.id, "Dobbeltklikk", key="same")
    again = add_entry(db, groups[0].token, open_barriers.id, "Dobbeltklikk", key="same")
    assert again.id == first.id
    assert len(entries.own_entries(db, groups[0].token)) == 1


def test_opening_one_activity_closes_the_other(db, facilitator, gathering, open_barriers):
    other = next(a for a in gatherings.activities(db, gathering.id) if a.kind == "opportunities")
    gatherings.open_activity(db, facilitator, gathering.id, other.id)
    states = {a.kind: a.state for a in gatherings.activities(db, gathering.id)}
    assert states == {"barriers": "closed", "opportunities": "open", "ambition": "pending"}
    assert gatherings.open_activity_of(db, gathering.id).id == other.id


def test_a_group_cannot_touch_another_groups_entry(db, groups, open_barriers):
    entry = add_entry(db, groups[0].token, open_barriers.id, "Vår tekst", key="a")
    with pytest.raises(NotFound):
        entries.update(db, groups[1].token, entry.id, text="Kapret", theme_key=None)
    entries.delete(db, groups[1].token, entry.id)  # silently nothing: not theirs
    assert entries.own_entries(db, groups[0].token)[0].text == "Vår tekst"


def test_an_activity_of_another_gathering_is_refused(db, facilitator, groups, open_barriers):
    from tests.conftest import make_gathering

    other = make_gathering(db, facilitator)
    foreign = gatherings.activities(db, other.id)[0]
    gatherings.open_activity(db, facilitator, other.id, foreign.id)
    with pytest.raises(NotFound):
        add_entry(db, groups[0].token, foreign.id, "Feil samling", key="x")
    with pytest.raises(NotFound):
        gatherings.open_activity(db, facilitator, groups[0].gathering.id, foreign.id)


def test_every_write_bumps_the_revision(db, facilitator, gathering, groups, open_barriers):
    before = gatherings.revision(db, gathering.id)
    entry = add_entry(db, groups[0].token, open_barriers.id, "Ny barriere", key="r1")
    after_submit = gatherings.revision(db, gathering.id)
    entries.set_hidden(db, facilitator, gathering.id, entry.id, True)
    after_hide = gatherings.revision(db, gathering.id)
    assert before < after_submit < after_hide


def test_snapshot_counts_and_hidden_entries_leave_the_projector(
    db, facilitator, gathering, groups, open_barriers
):
    texts = [("Siloer", "organisasjon"), ("Bredbånd", "teknologi"), ("<b>Uhøflig</b>", None)]
    made = [
        add_entry(db, groups[i].token, open_barriers.id, text, key=f"s{i}", theme=theme)
        for i, (text, theme) in enumerate(texts)
    ]
    entries.set_hidden(db, facilitator, gathering.id, made[2].id, True)
    snap = live.snapshot(db, gathering.id)
    assert snap.activity.id == open_barriers.id
    assert snap.total == 2
    assert {t.theme: t.entries for t in snap.themes} == {
        "Organisasjon": 1,
        "Ledelse": 0,
        "Strategi": 0,
        "Teknologi": 1,
    }
    assert [e.text for e in snap.latest] == ["Bredbånd", "Siloer"]
    assert snap.joined == 3
    # The facilitator still sees it, marked hidden, and can restore it.
    mine = entries.gathering_entries(db, facilitator, gathering.id, open_barriers.id)
    assert [e.hidden for e in mine if e.id == made[2].id] == [True]
    entries.set_hidden(db, facilitator, gathering.id, made[2].id, False)
    assert live.snapshot(db, gathering.id).total == 3


def test_projector_keeps_showing_the_closed_activity(
    db, facilitator, gathering, groups, open_barriers
):
    add_entry(db, groups[0].token, open_barriers.id, "Fortsatt synlig", key="c")
    gatherings.close_activity(db, facilitator, gathering.id, open_barriers.id)
    snap = live.snapshot(db, gathering.id)
    assert snap.activity.state == "closed" and snap.total == 1


def test_projector_token_finds_only_its_gathering(db, gathering):
    assert gatherings.gathering_by_projector_token(db, gathering.projector_token).id == gathering.id
    with pytest.raises(NotFound):
        gatherings.gathering_by_projector_token(db, gathering.projector_token[:-2] + "xx")


def test_only_facilitators_run_the_room(db, gathering, open_barriers):
    from core import users

    coordinator = users.create_user(
        db,
        username="koordinator",
        name="Kari Koordinator",
        password="koordinator-passord-1",
        role="coordinator",
    )
    with pytest.raises(NotAllowed):
        gatherings.close_activity(db, coordinator, gathering.id, open_barriers.id)
    with pytest.raises(NotAllowed):
        entries.gathering_entries(db, coordinator, gathering.id)
    with pytest.raises(NotAllowed):
        gatherings.list_gatherings(db, None)


def test_starting_twice_at_once_migrates_and_seeds_once(db):
    """Two app processes starting together on one database (a restart, a second replica)."""
    from concurrent.futures import ThreadPoolExecutor

    from core import framework

    def start(_):
        db.upgrade()
        framework.ensure_seeded(db)

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(start, range(4)))
    assert len(gatherings.list_modules(db)) == 4
    assert len(gatherings.list_organisations(db)) == 41


def test_running_the_room_is_written_to_the_audit_log(db, facilitator, gathering, groups):
    from core import audit, users

    barriers = gatherings.activities(db, gathering.id)[0]
    gatherings.open_activity(db, facilitator, gathering.id, barriers.id)
    entry = add_entry(db, groups[0].token, barriers.id, "Må skjules", key="audit")
    entries.set_hidden(db, facilitator, gathering.id, entry.id, True)
    gatherings.close_activity(db, facilitator, gathering.id, barriers.id)
    admin = users.create_user(
        db, username="admin", name="Ada", password="et-langt-passord-99", role="admin"
    )
    events = audit.events(db, admin)
    assert [(e.username, e.action) for e in events[:5]] == [
        ("admin", "user_created"),
        ("prosessleder", "activity_closed"),
        ("prosessleder", "entry_hidden"),
        ("prosessleder", "activity_opened"),
        ("prosessleder", "gathering_created"),
    ]
    assert events[1].target == f"{gathering.join_code}: barriers"
    with pytest.raises(NotAllowed):
        audit.events(db, facilitator)
