"""Login for facilitators via streamlit-authenticator, with the credentials read from the
database on each run. Only pages that need a login call this (the library costs time per run)."""

from __future__ import annotations

import streamlit as st
import streamlit_authenticator as stauth

from core import users
from core.users import Actor
from pages._ui import bootstrap
from pages._ui.text import t

COOKIE_NAME = "samling_innlogging"
COOKIE_DAYS = 1.0


def _authenticator() -> stauth.Authenticate:
    # Built once per run: the library renders a cookie component, two would clash on its key.
    return stauth.Authenticate(
        users.authenticator_credentials(bootstrap.database()),
        cookie_name=COOKIE_NAME,
        cookie_key=bootstrap.cookie_key(),
        cookie_expiry_days=COOKIE_DAYS,
        auto_hash=False,
    )


def require_facilitator() -> Actor:
    """Show the login form until a facilitator or administrator is signed in; then return them.
    Stops the page for anyone else."""
    authenticator = _authenticator()
    try:
        authenticator.login(
            location="main",
            fields={
                "Form name": t("login.title"),
                "Username": t("login.username"),
                "Password": t("login.password"),
                "Login": t("login.submit"),
            },
            key="login",
        )
    except stauth.LoginError:
        st.error(t("login.failed"))
    status = st.session_state.get("authentication_status")
    if status is False:
        st.error(t("login.failed"))
    if not status:
        st.stop()
    db = bootstrap.database()
    username = st.session_state.get("username")
    actor = users.actor_for(db, username)
    if actor is None or not actor.can_facilitate:
        st.error(t("error.facilitator_only"))
        authenticator.logout(t("login.logout"), location="main", key="logout_refused")
        st.stop()
    _keep_login_cookie(authenticator)
    if st.session_state.get("_recorded_login") != username:
        users.record_login(db, username)
        st.session_state["_recorded_login"] = username
    with st.sidebar:
        st.write(t("login.signed_in_as", name=actor.name))
        authenticator.logout(t("login.logout"), location="sidebar", key="logout")
    return actor


def _keep_login_cookie(authenticator: stauth.Authenticate) -> None:
    """The library writes its cookie through a browser component that the very next rerun may
    remove before it has run (a busy venue PC, a quick click), and then a reload or a server
    restart asks for the password again. Until the browser reports the cookie back, write it
    again on each run."""
    manager = authenticator.cookie_controller.cookie_model.cookie_manager
    if not manager.get(COOKIE_NAME):
        authenticator.cookie_controller.set_cookie()
