"""Signing in, for the pages the router keeps for signed-in people: the login form, the forced
password change after a reset, logging out, and the login cookie that lets a reload or a server
restart skip the password. The password check, failure counting and lockout are core's
(users.authenticate); every run checks with core that the login is still valid, so a password
change or a deactivation ends other browsers' logins on their next click."""

from __future__ import annotations

import dataclasses

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from core import users
from core.access import Actor
from pages._ui import bootstrap, keys, login_forms
from pages._ui.login_cookie import LoginCookie
from pages._ui.text import t


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
        login_forms.login_form(slots.message, slots.form)
        return None
    if actor.must_change_password:
        login_forms.change_password_form(slots.message, slots.form, actor)
        return None
    if st.session_state.pop(keys.PASSWORD_CHANGED, False):
        slots.message.success(t("login.changed"))
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


def _log_out(slots: _Slots) -> None:
    with slots.cookies:
        slots.cookie.delete()
    st.session_state.pop(keys.SIGNED_IN, None)


def _keep_logged_out(slots: _Slots) -> None:
    """The same for logging out: the rerun that follows a logout can remove the component that
    deletes the cookie before it has run, and a reload would sign the person in again. Until the
    browser no longer reports the cookie, delete it again on each run."""
    if slots.cookie.deleted and slots.cookie.reported() is not None:
        with slots.cookies:
            slots.cookie.delete()


def _keep_login_cookie(slots: _Slots, actor: Actor) -> None:
    """The cookie is written through a browser component that the very next rerun may remove
    before it has run (a busy venue PC, a quick click), and then a reload or a server restart
    asks for the password again. Until the browser reports a cookie for this login (not an
    older one, from before a password change), write it again on each run."""
    _username, signed_in_at = st.session_state[keys.SIGNED_IN]
    reported = slots.cookie.reported()
    if (
        reported is None
        or reported.username != actor.username
        or (reported.issued_at < signed_in_at - 1)
    ):
        with slots.cookies:
            slots.cookie.write(actor.username)
