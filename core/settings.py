"""Where settings come from: the environment, with defaults that make a fresh checkout just run."""

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"


def database_url() -> str:
    """`SAMLING_DATABASE_URL`, or an SQLite file under data/ (created on first use)."""
    url = os.environ.get("SAMLING_DATABASE_URL", "").strip()
    if url:
        if url.startswith("postgresql://") or url.startswith("postgres://"):
            # psycopg 3 is the driver we ship; plain URLs would ask for psycopg2.
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
        return url
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DATA_DIR / 'samling.db'}"


def change_channel() -> str:
    """The PostgreSQL NOTIFY channel for changes: `SAMLING_CHANGE_CHANNEL`, else
    `samling_changes`. Every replica of one installation must use the same one; two
    installations sharing one database (in separate schemas) should not."""
    return os.environ.get("SAMLING_CHANGE_CHANNEL", "").strip() or "samling_changes"


def public_base_url() -> str | None:
    """The address groups reach the app at, when it differs from what the browser shows."""
    url = os.environ.get("SAMLING_PUBLIC_URL", "").strip().rstrip("/")
    return url or None


def cookie_key(configured: str | None = None) -> str:
    """The login cookie's signing key: given (st.secrets), from the environment, or generated once
    into a git-ignored file under data/. Never a constant in the code."""
    import secrets

    key = (configured or os.environ.get("SAMLING_COOKIE_KEY", "")).strip()
    if key:
        return key
    path = DATA_DIR / ".cookie_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    # O_EXCL: two processes starting at once keep the one that won.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


PASSWORD_HASH_ROUNDS = 12  # bcrypt's cost: about a quarter of a second per hash on a 2-core machine


def password_hash_rounds() -> int:
    """bcrypt's cost factor for new password hashes: `SAMLING_BCRYPT_ROUNDS` (4–16), else 12.
    The test suite lowers it, since it creates hundreds of users; checking a password reads the
    cost from its stored hash, so hashes made at either cost keep working.

    >>> password_hash_rounds() >= 4
    True
    """
    value = os.environ.get("SAMLING_BCRYPT_ROUNDS", "").strip()
    if value.isdigit() and 4 <= int(value) <= 16:
        return int(value)
    return PASSWORD_HASH_ROUNDS


# Times are stored in UTC and shown in Norwegian time.
LOCAL_TIMEZONE = ZoneInfo("Europe/Oslo")


def local_time(value: dt.datetime) -> dt.datetime:
    """A stored time as Norwegian local time (SQLite hands stored UTC times back without a zone).

    >>> local_time(dt.datetime(2026, 11, 26, 19, 30)).strftime("%H:%M")
    '20:30'
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(LOCAL_TIMEZONE)
