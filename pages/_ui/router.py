"""The router: on every browser run, the page the address asks for, the visitor it is for (let in
or politely refused by pages/_ui/admission.py), and the frame around it: the account menu for
someone signed in, and the footer, always, also when a page stops early. app.py's page table
says which page is for whom; this module carries it out. Core still checks every permission
itself: a page that is not shown is not a permission."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from pathlib import Path

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from core import gatherings
from core.access import Actor
from core.errors import SamlingError
from pages._ui import admission, auth, bootstrap, frame, keys, links, live_events, text
from pages._ui.text import t
from pages._ui.visitor import Audience, Table, current

ASSETS = Path(__file__).resolve().parents[2] / "assets"


# app.py's fallback interval, taken from its table on every run (a page, and so live_view,
# runs inside run()).
_fallback = {"seconds": 20.0}
# How long a page with a form lets a pushed change settle before it asks for a rerun (see
# assets/live_listener.js): longer than its own save's run takes to arrive, short for a person.
FORM_SETTLE_MS = 700


def run(table: Table) -> None:
    """One browser run: page config, navigation, admission, the page, the footer."""
    links.use_table(table)
    _fallback["seconds"] = table.live_fallback_seconds
    st.set_page_config(page_title="Samling", page_icon=str(ASSETS / "favicon.png"), layout="wide")
    text.remember_language()
    frame.base_style()
    try:
        with frame.friendly_errors():
            home = table.home if bootstrap.admin_exists() else table.home_first_run
            pages = {p.url: links.streamlit_page(p, default=p.url == home) for p in table.pages}
            current_page = st.navigation(list(pages.values()), position="hidden")
            spec = next(table.page(url) for url, p in pages.items() if p is current_page)
            visitor = admission.admit(spec)
            if visitor is None:
                return
            st.session_state[keys.VISITOR] = visitor
            frame.said_by_last_action()
            if visitor.actor is not None:
                _account_menu(visitor.actor)
            with contextlib.suppress(frame.PageEnded):
                current_page.run()
    finally:
        footer()


def live_view(gathering_id: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """The live part of a live page, following one gathering: `@router.live_view(id)` on its
    draw function. It reruns (as a fragment, the rest of the page untouched) when the gathering's
    revision moves, pushed by the listener it mounts; on app.py's slow fallback interval should
    a push be lost; and it has its own error guard (a fragment's rerun runs outside the
    router's)."""
    here = current()
    seconds = _fallback["seconds"] if here.page.live else None
    # The projector has nothing to type in; a group's and a facilitator's pages do.
    settle_ms = 0 if here.page.audience is Audience.PROJECTOR else FORM_SETTLE_MS

    def decorate(draw: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(draw)
        def guarded(*args: object) -> None:
            with frame.friendly_errors():
                live_events.listen(
                    gathering_id, _revision(here.db, gathering_id), settle_ms=settle_ms
                )
                draw(*args)

        return st.fragment(run_every=seconds)(guarded)

    return decorate


def _revision(db, gathering_id: int) -> int:
    """Read before drawing: whatever the draw reads is this revision or newer, so every later
    change reruns the view. Unreadable (the database away for a moment): -1 keeps the listener,
    and its stream, mounted; the draw meets the same trouble and says so calmly."""
    try:
        return gatherings.revision(db, gathering_id)
    except (SQLAlchemyError, SamlingError):
        return -1


def footer() -> None:
    st.divider()
    st.caption(t("frame.footer"))
    # The language switch needs room for its three names side by side.
    link_col, language_col = st.columns([1, 3], vertical_alignment="bottom")
    with link_col:
        links.link("personvern", t("privacy.link"), icon=":material/shield:")
    with language_col:
        text.language_switch()


def _account_menu(actor: Actor) -> None:
    with st.sidebar:
        st.write(t("login.signed_in_as", name=actor.name))
        if actor.can_facilitate:
            links.link("fasilitator", t("facilitate.title"), icon=":material/groups:")
        links.link("resultater", t("results.title"), icon=":material/insights:")
        if actor.role == "admin":
            links.link("admin", t("admin.title"), icon=":material/settings:")
            links.link("rammeverk", t("framework_admin.title"), icon=":material/stairs:")
        auth.logout_button()
