"""Wiring in one place: the database (migrated and seeded once per process) and cached reads
keyed by a gathering's revision, so every live view shares one aggregation per change."""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from core import framework, live, settings
from core.db import Database


@st.cache_resource(show_spinner=False)
def database() -> Database:
    db = Database(settings.database_url())
    db.upgrade()
    framework.ensure_seeded(db)
    return db


@st.cache_data(show_spinner=False, max_entries=256)
def snapshot(gathering_id: int, revision: int) -> live.Snapshot:
    """The projector's aggregate. `revision` is only the cache key: a new revision means a new
    read, an unchanged one is served from memory to every screen that asks."""
    del revision
    return live.snapshot(database(), gathering_id)


def cookie_key() -> str:
    configured = None
    try:
        configured = st.secrets.get("cookie_key")
    except StreamlitSecretNotFoundError:  # no secrets.toml: st.secrets raises, not returns {}
        configured = None
    return settings.cookie_key(configured)
