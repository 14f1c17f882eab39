"""Fixtures for driving the Streamlit pages with AppTest against a fresh SQLite file per test.

The app finds its database through SAMLING_DATABASE_URL (pages/_ui/bootstrap caches one engine
per URL), so every test points that variable at its own file and prepares data through core on
the very same file. The fixture names shadow the root conftest's (`db`, `facilitator`,
`gathering`) so that nothing here ever reaches the PostgreSQL parametrisation."""

from __future__ import annotations

from collections.abc import Callable
import uuid
from pathlib import Path

import pytest
import streamlit_authenticator
from streamlit.testing.v1 import AppTest

from core import entries, framework, gatherings, i18n, users
from core.db import Database
from tests.conftest import TEST_PASSWORD, make_gathering

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
TIMEOUT = 30


def t(key: str, **params: object) -> str:
    """The bokmål text a visitor sees (the app's default language)."""
    return i18n.t(key, "nb", **params)


@pytest.fixture(autouse=True)
def _app_environment(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("SAMLING_DATABASE_URL", url)
    # Never let a test read or create data/.cookie_key in the working tree.
    monkeypatch.setenv("SAMLING_COOKIE_KEY", "pages-test-cookie-key-" + "k" * 24)
    monkeypatch.delenv("SAMLING_PUBLIC_URL", raising=False)
    # streamlit-authenticator sleeps 0.7 s before every login form; no behaviour depends on it.
    monkeypatch.setattr(streamlit_authenticator.params, "PRE_LOGIN_SLEEP_TIME", 0.0)
    return url


@pytest.fixture
def db(_app_environment) -> Database:
    """The app's own database, migrated and seeded, for preparing and checking data via core."""
    database = Database(_app_environment)
    database.upgrade()
    framework.ensure_seeded(database)
    yield database
    database.dispose()


@pytest.fixture
def admin(db) -> users.Actor:
    # Any administrator takes the app past first run.
    return users.create_user(
        db, username="admin", name="Ada Administrator", password=TEST_PASSWORD, role="admin"
    )


@pytest.fixture
def facilitator(db, admin) -> users.Actor:
    return users.create_user(
        db,
        username="prosessleder",
        name="Pål Prosessleder",
        password=TEST_PASSWORD,
        role="facilitator",
    )


@pytest.fixture
def gathering(db, facilitator) -> gatherings.GatheringInfo:
    return make_gathering(db, facilitator)


@pytest.fixture
def group(db, gathering) -> gatherings.GroupInfo:
    """The gathering's first organisation, joined."""
    _info, options = gatherings.join_options(db, gathering.join_code)
    return gatherings.join(db, gathering.join_code, options[0].organisation_id)


def activity_of(db: Database, gathering: gatherings.GatheringInfo, kind: str = "barriers"):
    return next(a for a in gatherings.activities(db, gathering.id) if a.kind == kind)


def submit_entry(db: Database, token: str, activity_id: int, text: str) -> entries.EntryInfo:
    return entries.submit(
        db,
        token,
        activity_id=activity_id,
        text=text,
        theme_key=None,
        idempotency_key=uuid.uuid4().hex,
    )


@pytest.fixture
def open_page() -> Callable[..., AppTest]:
    """Run app.py (so st.navigation registers its pages), then switch to `page` with the given
    query parameters and run again, as a visitor following a link would arrive."""

    def _open(
        page: str | None = None,
        query: dict[str, str] | None = None,
        session: dict[str, object] | None = None,
    ) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        at.run()
        if page is None and not query and not session:
            return at
        for key, value in (session or {}).items():
            at.session_state[key] = value
        at.query_params.clear()
        at.query_params.update(query or {})
        if page is not None:
            at.switch_page(page)
        return at.run()

    return _open


def texts(elements) -> list[str]:
    return [element.value for element in elements]


def all_markdown(at: AppTest) -> str:
    """Everything rendered as Markdown or HTML-in-Markdown (titles, captions, st.write...)."""
    parts = [m.value for m in at.markdown]
    parts += [c.value for c in at.caption]
    parts += [x.value for x in at.title] + [x.value for x in at.header]
    parts += [x.value for x in at.subheader]
    return "\n".join(parts)
