"""The two forms of signing in, drawn into the slots pages/_ui/auth.py keeps for them: the login
form and the forced password change after a reset. Both submit through callbacks, which
Streamlit runs before the page: a press that lands while the page is rerunning (for the cookie
component, on a busy venue PC) still counts; the value of a pressed button is gone in the rerun
that interrupts its run. What a callback decides, the next run of auth.py carries out."""

from __future__ import annotations

import time

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from core import users
from core.access import Actor
from core.errors import InvalidInput, SamlingError
from pages._ui import bootstrap, keys
from pages._ui.text import show_error, t


def login_form(message: DeltaGenerator, form: DeltaGenerator) -> None:
    """The login form. Pressing "Logg inn" signs in through `_sign_in`, a callback."""
    if (refused := st.session_state.pop(keys.LOGIN_REFUSED, None)) is not None:
        with message:
            show_error(refused)
    with form.container(), st.form("login"):
        st.subheader(t("login.title"))
        st.text_input(
            t("login.username"), max_chars=80, autocomplete="username", key=keys.LOGIN_USERNAME
        )
        st.text_input(
            t("login.password"),
            type="password",
            autocomplete="current-password",
            key=keys.LOGIN_PASSWORD,
        )
        st.form_submit_button(t("login.submit"), type="primary", on_click=_sign_in)


def _sign_in() -> None:
    """A callback, not `if submitted:`. Streamlit runs it before the page, so a press that lands
    while the page is rerunning (for the cookie component, on a busy venue PC) still signs in;
    the value of a pressed button is gone in the rerun that interrupts it."""
    username = st.session_state.get(keys.LOGIN_USERNAME) or ""
    password = st.session_state.get(keys.LOGIN_PASSWORD) or ""
    st.session_state[keys.LOGIN_PASSWORD] = ""  # not kept in the session beyond the press
    try:
        actor = users.authenticate(bootstrap.database(), username, password)
    except SamlingError as error:
        st.session_state[keys.LOGIN_REFUSED] = error
        return
    st.session_state.pop(keys.SESSION_ENDED, None)
    _start_login(actor)


def change_password_form(message: DeltaGenerator, form: DeltaGenerator, actor: Actor) -> None:
    """After an administrator's reset: the user chooses their own password before going on
    (`_change_password`, a callback like `_sign_in`)."""
    if (refused := st.session_state.pop(keys.LOGIN_REFUSED, None)) is not None:
        with message:
            show_error(refused)
    with form.container(), st.form("change_password"):
        st.subheader(t("login.change_title"))
        st.write(t("login.change_intro"))
        st.text_input(t("login.current_password"), type="password", key=keys.CURRENT_PASSWORD)
        st.text_input(
            t("login.new_password"),
            type="password",
            help=t("first_run.password_help"),
            key=keys.NEW_PASSWORD,
        )
        st.text_input(t("login.new_password_again"), type="password", key=keys.REPEATED_PASSWORD)
        st.form_submit_button(
            t("login.change_submit"), type="primary", on_click=_change_password, args=(actor,)
        )


def _change_password(actor: Actor) -> None:
    typed = [
        st.session_state.get(key) or ""
        for key in (keys.CURRENT_PASSWORD, keys.NEW_PASSWORD, keys.REPEATED_PASSWORD)
    ]
    for key in (keys.CURRENT_PASSWORD, keys.NEW_PASSWORD, keys.REPEATED_PASSWORD):
        st.session_state[key] = ""
    current, new, repeated = typed
    try:
        if new != repeated:
            raise InvalidInput("password_mismatch")
        users.change_password(bootstrap.database(), actor, current, new)
    except SamlingError as error:
        st.session_state[keys.LOGIN_REFUSED] = error
        return
    st.session_state[keys.PASSWORD_CHANGED] = True
    # The change ended every earlier login, this one's too: start a fresh one, with a new cookie.
    _start_login(actor)


def _start_login(actor: Actor) -> None:
    """Signed in from now; the run that follows writes a fresh login cookie."""
    st.session_state[keys.SIGNED_IN] = (actor.username, time.time())
