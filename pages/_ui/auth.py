"""Signing in, for the pages the router keeps for signed-in people: the login form, the forced
password change after a reset, logging out, and the login cookie that lets a reload or a server
restart skip the password. The password check, failure counting and lockout are core's
(users.authenticate); every run checks with core that the login is still valid, so a password
change or a deactivation ends other browsers' logins on their next click."""

from __future__ import annotations

import dataclasses
import time

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from core import users
from core.access import Actor
from core.errors import SamlingError
from pages._ui import bootstrap, keys
from pages._ui.login_cookie import LoginCookie
from pages._ui.text import show_error, t


def signed_in() -> Actor | None:
    """The signed-in person, or None while the login form (or the password change) is shown.

    No st.rerun() after logging in or out: the cookie is written and deleted through a browser
    component, and a rerun would remove that component before it has run.

    Everything drawn here goes into one container with fixed slots. Streamlit tells elements
    apart by their position on the page, so a form or cookie component drawn in one run and not
    the next would shift the page below it: a tab chosen on the results page would jump back to
    the first, and a message would show twice for a moment."""
    with st.container():
        return _signed_in(_Slots())


def login_ended() -> bool:
    """Whether this session was signed in and no longer is (password changed, account closed)
    by core's account, checked now."""
    login = st.session_state.get(keys.SIGNED_IN)
    return login is not None and users.session_actor(bootstrap.database(), *login) is None


def refuse(message_key: str) -> None:
    """Someone signed in who may not open this page: say so, and offer to log out."""
    st.error(t(message_key))
    logout_button()


def logout_button() -> None:
    st.button(t("login.logout"), key=keys.LOGOUT_BUTTON)


@dataclasses.dataclass
class _Slots:
    """Made in this order on every run (the cookie reader, then three slots), so each keeps its
    place whatever it holds."""

    cookie: LoginCookie = dataclasses.field(
        default_factory=lambda: LoginCookie(bootstrap.cookie_key())
    )
    message: DeltaGenerator = dataclasses.field(default_factory=st.empty)
    form: DeltaGenerator = dataclasses.field(default_factory=st.empty)
    # A container, not an empty: two cookie writes in one run must both reach the browser.
    cookies: DeltaGenerator = dataclasses.field(default_factory=st.container)


def _signed_in(slots: _Slots) -> Actor | None:
    if st.session_state.get(keys.LOGOUT_BUTTON):
        _log_out(slots)
    actor = _still_valid(slots)
    if actor is None:
        _keep_logged_out(slots)
        if st.session_state.get(keys.SESSION_ENDED):
            slots.message.warning(t("login.session_ended"))
        actor = _login_form(slots)
        if actor is None:
            return None
    if actor.must_change_password:
        actor = _change_password_form(slots, actor)
        if actor is None:
            return None
    _keep_login_cookie(slots, actor)
    return actor


def _still_valid(slots: _Slots) -> Actor | None:
    """This session's login, or the cookie's, if core says it is still valid."""
    login = st.session_state.get(keys.SIGNED_IN)
    if login is None and (cookie := slots.cookie.read()) is not None:
        login = st.session_state[keys.SIGNED_IN] = (cookie.username, cookie.issued_at)
    if login is None:
        return None
    actor = users.session_actor(bootstrap.database(), *login)
    if actor is None:  # password changed, account closed: this login is over
        _log_out(slots)
        st.session_state[keys.SESSION_ENDED] = True
    return actor


def _login_form(slots: _Slots) -> Actor | None:
    """The login form; the signed-in Actor once a correct password is given."""
    with slots.form.container(), st.form("login"):
        st.subheader(t("login.title"))
        username = st.text_input(t("login.username"), max_chars=80, autocomplete="username")
        password = st.text_input(
            t("login.password"), type="password", autocomplete="current-password"
        )
        submitted = st.form_submit_button(t("login.submit"), type="primary")
    if not submitted:
        return None
    try:
        actor = users.authenticate(bootstrap.database(), username, password)
    except SamlingError as error:
        with slots.message:
            show_error(error)
        return None
    slots.form.empty()
    slots.message.empty()
    st.session_state.pop(keys.SESSION_ENDED, None)
    _start_login(slots, actor)
    return actor


def _change_password_form(slots: _Slots, actor: Actor) -> Actor | None:
    """After an administrator's reset: the user chooses their own password before going on."""
    with slots.form.container(), st.form("change_password"):
        st.subheader(t("login.change_title"))
        st.write(t("login.change_intro"))
        current = st.text_input(t("login.current_password"), type="password")
        new = st.text_input(
            t("login.new_password"), type="password", help=t("first_run.password_help")
        )
        repeated = st.text_input(t("login.new_password_again"), type="password")
        submitted = st.form_submit_button(t("login.change_submit"), type="primary")
    if not submitted:
        return None
    if new != repeated:
        slots.message.error(t("error.password_mismatch"))
        return None
    try:
        users.change_password(bootstrap.database(), actor, current, new)
    except SamlingError as error:
        with slots.message:
            show_error(error)
        return None
    slots.form.empty()
    slots.message.success(t("login.changed"))
    # The change ended every earlier login, this one's too: start a fresh one, with a new cookie.
    _start_login(slots, actor)
    return dataclasses.replace(actor, must_change_password=False)


def _start_login(slots: _Slots, actor: Actor) -> None:
    st.session_state[keys.SIGNED_IN] = (actor.username, time.time())
    with slots.cookies:
        slots.cookie.write(actor.username)


def _log_out(slots: _Slots) -> None:
    with slots.cookies:
        slots.cookie.delete()
    st.session_state.pop(keys.SIGNED_IN, None)


def _keep_logged_out(slots: _Slots) -> None:
    """The same for logging out: the rerun that follows a logout can remove the component that
    deletes the cookie before it has run, and a reload would sign the person in again. Until the
    browser no longer reports the cookie, delete it again on each run."""
    if slots.cookie.deleted and slots.cookie.reported_back():
        with slots.cookies:
            slots.cookie.delete()


def _keep_login_cookie(slots: _Slots, actor: Actor) -> None:
    """The cookie is written through a browser component that the very next rerun may remove
    before it has run (a busy venue PC, a quick click), and then a reload or a server restart
    asks for the password again. Until the browser reports the cookie back, write it again on
    each run."""
    if not slots.cookie.reported_back():
        with slots.cookies:
            slots.cookie.write(actor.username)
