"""Wiring in one place: the database (migrated and seeded once per process, with the feed that
hears other processes' changes) and cached reads keyed by a gathering's revision, so every live
view shares one aggregation per change."""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from core import change_feed, framework, live, settings, users
from core.db import Database


def database() -> Database:
    return _database(settings.database_url())


@st.cache_resource(show_spinner=False)
def _database(url: str) -> Database:
    # Keyed by URL, so tests that point SAMLING_DATABASE_URL elsewhere get their own engine.
    db = Database(url, change_channel=settings.change_channel())
    db.upgrade()
    framework.ensure_seeded(db)
    # On PostgreSQL, changes written by other replicas reach this process's on_change listeners
    # (the live push's hub among them); the first page or event stream to open the database
    # starts it, once per process.
    change_feed.ensure_started(url, db.change_channel)
    return db


# Databases (by URL) known to have an administrator. Once one exists, first run is over for
# good, so every later page run skips the query.
_ADMIN_SEEN: set[str] = set()


def admin_exists() -> bool:
    url = settings.database_url()
    if url not in _ADMIN_SEEN and users.has_admin(_database(url)):
        _ADMIN_SEEN.add(url)
    return url in _ADMIN_SEEN


def snapshot(gathering_id: int, revision: int) -> live.Snapshot:
    """The projector's aggregate. `revision` is only the cache key: a new revision means a new
    read, an unchanged one is served from memory to every screen that asks."""
    return _snapshot(settings.database_url(), gathering_id, revision)


@st.cache_data(show_spinner=False, max_entries=256)
def _snapshot(url: str, gathering_id: int, revision: int) -> live.Snapshot:
    del revision
    return live.snapshot(_database(url), gathering_id)


def cookie_key() -> str:
    configured = None
    try:
        configured = st.secrets.get("cookie_key")
    except StreamlitSecretNotFoundError:  # no secrets.toml: st.secrets raises, not returns {}
        configured = None
    return settings.cookie_key(configured)
