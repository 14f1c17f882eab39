"""Fixtures for driving the Streamlit pages with AppTest against a fresh SQLite file per test.

The app finds its database through SAMLING_DATABASE_URL (pages/_ui/bootstrap caches one engine
per URL), so every test points that variable at its own file and prepares data through core on
the very same file. The fixture names shadow the root conftest's (`db`, `facilitator`,
`gathering`) so that nothing here ever reaches the PostgreSQL parametrisation."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit_authenticator
from streamlit.testing.v1 import AppTest

from core import entries, framework, gatherings, i18n, users
from core.access import Actor
from core.db import Database
from tests.conftest import TEST_PASSWORD, make_gathering

ROOT = Path(__file__).resolve().parents[2]
# What Streamlit runs for each browser (app.py's st.App points there).
APP = ROOT / "pages" / "_ui" / "main.py"
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
def db(_app_environment) -> Iterator[Database]:
    """The app's own database, migrated and seeded, for preparing and checking data via core."""
    database = Database(_app_environment)
    database.upgrade()
    framework.ensure_seeded(database)
    yield database
    database.dispose()


@pytest.fixture
def admin(db) -> Actor:
    # Any administrator takes the app past first run.
    return users.create_user(
        db, username="admin", name="Ada Administrator", password=TEST_PASSWORD, role="admin"
    )


@pytest.fixture
def facilitator(db, admin) -> Actor:
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
    """Open the app as a visitor following a link would. Without `page`: the bare address with
    the given query parameters. With `page`: the router runs once so st.navigation registers its
    pages, then AppTest switches to `page` with the query parameters and runs it."""

    def _open(page: str | None = None, **query: str) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        if page is None:
            at.query_params.update(query)
            return at.run()
        at.run()
        at.query_params.clear()
        at.query_params.update(query)
        return at.switch_page(str(ROOT / page)).run()

    return _open


def by_label(widgets, label: str):
    """The one widget with this label (AppTest looks widgets up by key or position only)."""
    matches = [widget for widget in widgets if widget.label == label]
    assert len(matches) == 1, f"{len(matches)} widgets labelled {label!r}: {list(widgets)}"
    return matches[0]


def values(elements) -> list[str]:
    return [element.value for element in elements]


def markdown_values(at: AppTest) -> list[str]:
    """Every text the page put through Markdown (st.write, st.markdown, titles, captions,
    alerts). Text a group typed must never be in here: it is shown with st.text only."""
    parts: list[str] = []
    for kind in ("markdown", "caption", "title", "header", "subheader"):
        parts += values(getattr(at, kind))
    for kind in ("info", "success", "warning", "error"):
        parts += values(getattr(at, kind))
    return parts


def log_in(at: AppTest, username: str, password: str = TEST_PASSWORD) -> AppTest:
    """Sign in through the login form the page shows, as a facilitator would."""
    by_label(at.text_input, t("login.username")).input(username)
    by_label(at.text_input, t("login.password")).input(password)
    # The run that signs in draws the page at once (the form's slot is emptied).
    return by_label(at.button, t("login.submit")).click().run()
