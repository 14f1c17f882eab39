"""Accounts for facilitators, coordinators and administrators (groups never have one):
creating them, checking passwords, lockout, and whether a login is still valid."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from dataclasses import dataclass

import bcrypt
from sqlalchemy import func, select

from core import audit, settings
from core.access import Actor, require_admin
from core.db import Database
from core.errors import InvalidInput, NotAllowed, NotFound
from core.models import Network, User, utcnow
from core.validation import clean_text

ROLES = ("admin", "facilitator", "coordinator")
PASSWORD_MIN_CHARS = 12
LOCKOUT_ATTEMPTS = 5
LOCKOUT_WINDOW = dt.timedelta(minutes=15)
LOCKOUT_DURATION = dt.timedelta(minutes=15)
_USERNAME = re.compile(r"^[\w.\-@]{3,80}$")
# The most common passwords of 12+ characters; a short list, the length rule does the rest.
COMMON_PASSWORDS = frozenset(
    {
        "123456789012",
        "1234567890123",
        "password1234",
        "passord12345",
        "qwertyuiopas",
        "qwerty123456",
        "123123123123",
        "111111111111",
        "passwordpassword",
        "iloveyou1234",
        "abcdefghijkl",
        "abc123abc123",
        "sommer2024!!",
        "vinter2024!!",
        "administrator",
        "passord123456",
        "welcome12345",
        "velkommen123",
        "000000000000",
        "qwertyuiop12",
    }
)


def hash_password(password: str) -> str:
    return bcrypt.hashpw(
        password.encode("utf-8"), bcrypt.gensalt(settings.password_hash_rounds())
    ).decode("ascii")


def check_password_rules(password: str, username: str) -> None:
    if len(password) < PASSWORD_MIN_CHARS:
        raise InvalidInput("password_too_short", min=PASSWORD_MIN_CHARS)
    if len(password.encode("utf-8")) > 72:
        # bcrypt only reads 72 bytes; a longer password would silently lose its tail.
        raise InvalidInput("password_too_long")
    if password.casefold() == username.casefold():
        raise InvalidInput("password_is_username")
    if password.casefold() in COMMON_PASSWORDS:
        raise InvalidInput("password_common")


def has_admin(db: Database) -> bool:
    with db.read() as session:
        return bool(
            session.scalar(
                select(func.count()).select_from(User).where(User.role == "admin", User.active)
            )
        )


def create_user(
    db: Database,
    *,
    username: str,
    name: str,
    password: str,
    role: str,
    organisation_id: int | None = None,
    recorded_by: Actor | None = None,
    network_id: int | None = None,
) -> Actor:
    """Create an account (command line, first run, demo, or an administrator via add_user,
    who is then `recorded_by` in the audit log)."""
    username = (username or "").strip()
    if not _USERNAME.match(username):
        raise InvalidInput("username_invalid")
    name = clean_text(name, min_chars=2, max_chars=200, field="name")
    check_password_rules(password, username)
    if role not in ROLES:
        raise InvalidInput("role_invalid")
    with db.write() as session:
        if session.scalar(select(User.id).where(func.lower(User.username) == username.lower())):
            raise InvalidInput("username_taken")
        if role != "admin" and network_id is None:
            # One network is the common case; a second one is chosen explicitly.
            network_id = session.scalar(select(func.min(Network.id)))
        user = User(
            username=username,
            name=name,
            password_hash=hash_password(password),
            role=role,
            organisation_id=organisation_id,
            network_id=None if role == "admin" else network_id,
            active=True,
        )
        session.add(user)
        session.flush()
        created = _actor(user)
        audit.record(session, recorded_by or created, "user_created", f"{username} ({role})")
        return created


def create_first_admin(db: Database, *, username: str, name: str, password: str) -> Actor:
    """The first-run form: allowed only while no administrator exists."""
    if has_admin(db):
        raise NotAllowed("first_admin_exists")
    return create_user(db, username=username, name=name, password=password, role="admin")


def actor_for(db: Database, username: str | None) -> Actor | None:
    """The signed-in user as an Actor, or None if unknown or deactivated."""
    if not username:
        return None
    with db.read() as session:
        user = session.scalar(select(User).where(User.username == username, User.active))
        return _actor(user) if user else None


def authenticate(
    db: Database, username: str, password: str, *, now: dt.datetime | None = None
) -> Actor:
    """Check a password typed into the login form. Failures are counted in the database, so
    the limit holds across processes and restarts: after LOCKOUT_ATTEMPTS failures within
    LOCKOUT_WINDOW the account waits LOCKOUT_DURATION. An unknown or deactivated username gets
    the same answer, in the same time, as a wrong password."""
    now = now or utcnow()
    refusal: NotAllowed | None = None
    with db.write() as session:
        user = session.scalar(
            select(User).where(func.lower(User.username) == (username or "").strip().lower())
        )
        if user is None or not user.active:
            _password_matches(password, _decoy_hash())
            refusal = NotAllowed("login_failed")
        elif user.locked_until is not None and _aware(user.locked_until) > now:
            refusal = _locked(user, now)
        elif not _password_matches(password, user.password_hash):
            window_open = user.first_failed_at is not None and (
                now - _aware(user.first_failed_at) <= LOCKOUT_WINDOW
            )
            user.failed_logins = user.failed_logins + 1 if window_open else 1
            if not window_open:
                user.first_failed_at = now
            if user.failed_logins >= LOCKOUT_ATTEMPTS:
                user.locked_until = now + LOCKOUT_DURATION
                user.failed_logins, user.first_failed_at = 0, None
                refusal = _locked(user, now)
            else:
                refusal = NotAllowed("login_failed")
        else:
            user.failed_logins, user.first_failed_at, user.locked_until = 0, None, None
            user.last_login_at = now
            actor = _actor(user)
    # Raised after the transaction, so the counted failure is committed, not rolled back.
    if refusal is not None:
        raise refusal
    return actor


def session_actor(db: Database, username: str | None, logged_in_at: float) -> Actor | None:
    """The signed-in user, if the login (or login cookie) is still valid: the account is active
    and its password has not changed, nor the account been deactivated, since `logged_in_at`
    (seconds since the epoch). Checked on every run, so a change logs other browsers out."""
    if not username:
        return None
    with db.read() as session:
        user = session.scalar(select(User).where(User.username == username, User.active))
        if user is None:
            return None
        if user.valid_after is not None and _aware(user.valid_after).timestamp() > logged_in_at:
            return None
        return _actor(user)


def change_password(db: Database, actor: Actor, current: str, new: str) -> None:
    """Change one's own password. Every login from before now stops being valid."""
    check_password_rules(new, actor.username)
    with db.write() as session:
        user = session.get(User, actor.user_id)
        if user is None or not user.active:
            raise NotAllowed("login_failed")
        if not _password_matches(current, user.password_hash):
            raise InvalidInput("password_current_wrong")
        user.password_hash = hash_password(new)
        user.valid_after = utcnow()
        user.must_change_password = False
        audit.record(session, actor, "password_changed", actor.username)


def reset_password(db: Database, admin: Actor, user_id: int, temporary: str) -> None:
    """An administrator sets a temporary password; the user must choose a new one at the next
    login, and every existing login of that user ends at once."""
    require_admin(admin)
    with db.write() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("user_unknown")
        check_password_rules(temporary, user.username)
        user.password_hash = hash_password(temporary)
        user.must_change_password = True
        user.valid_after = utcnow()
        user.failed_logins, user.first_failed_at, user.locked_until = 0, None, None
        audit.record(session, admin, "password_reset", user.username)


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    name: str
    role: str
    organisation_id: int | None
    active: bool
    last_login_at: dt.datetime | None


def list_users(db: Database, admin: Actor) -> list[UserInfo]:
    require_admin(admin)
    with db.read() as session:
        rows = session.scalars(select(User).order_by(User.active.desc(), User.username))
        return [
            UserInfo(
                u.id,
                u.username,
                u.name,
                u.role,
                u.organisation_id,
                u.active,
                _aware(u.last_login_at) if u.last_login_at else None,
            )
            for u in rows
        ]


def add_user(
    db: Database,
    admin: Actor,
    *,
    username: str,
    name: str,
    password: str,
    role: str,
    organisation_id: int | None = None,
) -> Actor:
    """An administrator adds an account. A coordinator belongs to exactly one organisation."""
    require_admin(admin)
    if role == "coordinator" and organisation_id is None:
        raise InvalidInput("coordinator_needs_organisation")
    if role != "coordinator":
        organisation_id = None
    return create_user(
        db,
        username=username,
        name=name,
        password=password,
        role=role,
        organisation_id=organisation_id,
        recorded_by=admin,
    )


def deactivate(db: Database, admin: Actor, user_id: int) -> None:
    """Close an account at once: its logins and login cookies stop working on the next run."""
    require_admin(admin)
    if user_id == admin.user_id:
        raise InvalidInput("cannot_deactivate_self")
    with db.write() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("user_unknown")
        if user.active:
            user.active, user.valid_after = False, utcnow()
            audit.record(session, admin, "user_deactivated", user.username)


def _locked(user: User, now: dt.datetime) -> NotAllowed:
    minutes = math.ceil((_aware(user.locked_until) - now).total_seconds() / 60)
    return NotAllowed("login_locked", minutes=max(1, minutes))


def _password_matches(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw((password or "").encode("utf-8"), password_hash.encode("ascii"))
    except ValueError:  # a password longer than bcrypt's 72 bytes, or a damaged hash
        return False


@functools.cache
def _decoy_hash() -> str:
    return hash_password("no account has this password")


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; everything we store is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _actor(user: User) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        name=user.name,
        role=user.role,
        organisation_id=user.organisation_id,
        must_change_password=bool(user.must_change_password),
        network_id=user.network_id,
    )
