"""Login hardening in core, on SQLite and PostgreSQL: counted failures, lockout, and logins that
stop being valid when the password changes."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import select

from core import audit, i18n, users
from core.errors import InvalidInput, NotAllowed
from core.models import User
from tests.conftest import TEST_PASSWORD

T0 = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)


def _refusal(db, password, *, at, username="prosessleder") -> NotAllowed:
    with pytest.raises(NotAllowed) as caught:
        users.authenticate(db, username, password, now=at)
    return caught.value


def test_right_password_signs_in_and_records_the_time(db, facilitator):
    actor = users.authenticate(db, "Prosessleder", TEST_PASSWORD, now=T0)
    assert actor.username == "prosessleder" and actor.can_facilitate


def test_unknown_user_and_wrong_password_get_the_same_answer(db, facilitator):
    unknown = _refusal(db, TEST_PASSWORD, at=T0, username="finnes.ikke")
    wrong = _refusal(db, "feil-passord-123", at=T0)
    assert unknown.code == wrong.code == "login_failed"
    assert i18n.t(wrong.message_key) == "Feil brukernavn eller passord."


def test_five_failures_in_fifteen_minutes_lock_the_account_for_fifteen_minutes(db, facilitator):
    for minute in range(4):
        assert _refusal(db, "feil", at=T0 + dt.timedelta(minutes=minute)).code == "login_failed"
    locked = _refusal(db, "feil", at=T0 + dt.timedelta(minutes=4))
    assert locked.code == "login_locked" and locked.params == {"minutes": 15}
    assert "15 minutter" in i18n.t(locked.message_key, **locked.params)
    # Even the right password waits, and the message says how long is left.
    still = _refusal(db, TEST_PASSWORD, at=T0 + dt.timedelta(minutes=10))
    assert still.code == "login_locked" and still.params == {"minutes": 9}
    # After the wait, the right password works again.
    assert users.authenticate(db, "prosessleder", TEST_PASSWORD, now=T0 + dt.timedelta(minutes=20))


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(db, facilitator):
    for minute in (0, 5, 10, 14):
        _refusal(db, "feil", at=T0 + dt.timedelta(minutes=minute))
    # The window started at 0; at 16 a new window starts, so this is failure one, not five.
    assert _refusal(db, "feil", at=T0 + dt.timedelta(minutes=16)).code == "login_failed"


def test_a_success_resets_the_count(db, facilitator):
    for minute in range(4):
        _refusal(db, "feil", at=T0 + dt.timedelta(minutes=minute))
    users.authenticate(db, "prosessleder", TEST_PASSWORD, now=T0 + dt.timedelta(minutes=5))
    assert _refusal(db, "feil", at=T0 + dt.timedelta(minutes=6)).code == "login_failed"


def test_lockout_is_counted_in_the_database_not_the_process(sqlite_db):
    """A second engine on the same file (another process, a restarted server) sees the count."""
    from core.db import Database

    users.create_user(
        sqlite_db, username="prosessleder", name="Pål", password=TEST_PASSWORD, role="facilitator"
    )
    for minute in range(4):
        _refusal(sqlite_db, "feil", at=T0 + dt.timedelta(minutes=minute))
    other = Database(sqlite_db.engine.url.render_as_string(hide_password=False))
    try:
        assert _refusal(other, "feil", at=T0 + dt.timedelta(minutes=4)).code == "login_locked"
    finally:
        other.dispose()


def test_changing_the_password_ends_earlier_logins(db, facilitator):
    logged_in_at = time.time() - 1
    assert users.session_actor(db, "prosessleder", logged_in_at) == facilitator
    users.change_password(db, facilitator, TEST_PASSWORD, "et-helt-nytt-passord-9")
    assert users.session_actor(db, "prosessleder", logged_in_at) is None
    assert users.session_actor(db, "prosessleder", time.time() + 1) == facilitator
    with pytest.raises(NotAllowed):
        users.authenticate(db, "prosessleder", TEST_PASSWORD)
    assert users.authenticate(db, "prosessleder", "et-helt-nytt-passord-9")


def test_changing_the_password_checks_the_current_one_and_the_rules(db, facilitator):
    with pytest.raises(InvalidInput) as caught:
        users.change_password(db, facilitator, "feil-passord-123", "et-helt-nytt-passord-9")
    assert caught.value.code == "password_current_wrong"
    with pytest.raises(InvalidInput) as caught:
        users.change_password(db, facilitator, TEST_PASSWORD, "kort")
    assert caught.value.code == "password_too_short"
    assert users.authenticate(db, "prosessleder", TEST_PASSWORD)


def test_an_administrators_reset_forces_a_new_password_at_next_login(db, facilitator):
    admin = users.create_user(
        db, username="admin", name="Ada", password="et-langt-passord-99", role="admin"
    )
    before = time.time() - 1
    users.reset_password(db, admin, facilitator.user_id, "midlertidig-passord-1")
    assert users.session_actor(db, "prosessleder", before) is None  # logged out at once
    actor = users.authenticate(db, "prosessleder", "midlertidig-passord-1")
    assert actor.must_change_password
    users.change_password(db, actor, "midlertidig-passord-1", "mitt-eget-passord-22")
    assert not users.authenticate(db, "prosessleder", "mitt-eget-passord-22").must_change_password
    with pytest.raises(NotAllowed):
        users.reset_password(db, facilitator, admin.user_id, "midlertidig-passord-1")


def test_passwords_are_hashed_at_bcrypt_cost_12_unless_told_otherwise(db, facilitator, monkeypatch):
    monkeypatch.delenv("SAMLING_BCRYPT_ROUNDS")
    users.create_user(
        db, username="ny.bruker", name="Ny Bruker", password=TEST_PASSWORD, role="facilitator"
    )
    with db.read() as session:
        stored = session.scalar(select(User.password_hash).where(User.username == "ny.bruker"))
    assert stored.startswith("$2b$12$")
    assert users.authenticate(db, "ny.bruker", TEST_PASSWORD, now=T0)
    # A hash made at the tests' lower cost still checks: the cost is read from the hash.
    assert users.authenticate(db, "prosessleder", TEST_PASSWORD, now=T0)


def test_an_administrator_adding_an_account_is_recorded_once_as_the_administrator(db):
    admin = users.create_user(
        db, username="admin", name="Ada", password=TEST_PASSWORD, role="admin"
    )
    users.add_user(
        db,
        admin,
        username="ny.prosessleder",
        name="Nina",
        password=TEST_PASSWORD,
        role="facilitator",
    )

    recorded = [
        (e.username, e.target)
        for e in audit.events(db, admin)
        if e.action == "user_created" and e.target.startswith("ny.prosessleder ")
    ]
    # One event, by the administrator (written with the account, in its transaction).
    assert recorded == [(admin.username, "ny.prosessleder (facilitator)")]
