"""Login for facilitators via streamlit-authenticator, with the credentials read from the
database on each run. Only pages that need a login call this (the library costs time per run)."""

from __future__ import annotations

import dataclasses
import time

import streamlit as st
import streamlit_authenticator as stauth
from streamlit.delta_generator import DeltaGenerator

from core import users
from core.access import Actor
from core.errors import SamlingError
from pages._ui import bootstrap, frame
from pages._ui.text import show_error, t

COOKIE_NAME = "samling_innlogging"
COOKIE_DAYS = 1.0
LOGOUT_BUTTON = "_logout_clicked"
# Kept in the session until the next login: deleting the cookie makes the browser component
# report back and rerun the page, and a warning shown only once would vanish with that rerun.
SESSION_ENDED = "_session_ended"


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
    return require_signed_in(facilitators_only=True)


def require_signed_in(facilitators_only: bool = False) -> Actor:
    """Show the login form until someone is signed in (with `facilitators_only`, a facilitator
    or administrator); then return them. The password check, failure counting and lockout are core's
    (users.authenticate); the library keeps the login cookie, so a reload or a server restart
    does not ask for the password again. Every run checks that the login is still valid.

    No st.rerun() after logging in or out: the library writes and deletes its cookie through a
    browser component, and a rerun would remove that component before it has run.

    Everything login draws goes into one container with fixed slots. Streamlit tells elements
    apart by their position on the page, so a form or cookie component drawn in one run and not
    the next would shift the page below it: a tab chosen on the results page would jump back to
    the first, and a message would show twice for a moment."""
    with st.container():
        return _require_signed_in(_Slots(), facilitators_only)


@dataclasses.dataclass
class _Slots:
    """Made in this order on every run (the library's cookie reader, then three slots), so each
    keeps its place whatever it holds."""

    authenticator: stauth.Authenticate = dataclasses.field(default_factory=_authenticator)
    message: DeltaGenerator = dataclasses.field(default_factory=st.empty)
    form: DeltaGenerator = dataclasses.field(default_factory=st.empty)
    # A container, not an empty: two cookie writes in one run must both reach the browser.
    cookies: DeltaGenerator = dataclasses.field(default_factory=st.container)


def _require_signed_in(slots: _Slots, facilitators_only: bool) -> Actor:
    authenticator = slots.authenticator
    db = bootstrap.database()
    if st.session_state.get(LOGOUT_BUTTON):
        _log_out(slots)
    try:
        authenticator.login(location="unrendered")  # picks up a valid login cookie; draws nothing
    except stauth.LoginError:
        # A cookie for an account that is no longer active: the library refuses it loudly.
        _log_out(slots)
        st.session_state[SESSION_ENDED] = True
    actor = None
    if st.session_state.get("authentication_status"):
        if "_logged_in_at" not in st.session_state:
            token = authenticator.cookie_controller.get_cookie() or {}
            # The cookie says when it expires; it was issued COOKIE_DAYS before that.
            st.session_state["_logged_in_at"] = token.get("exp_date", 0) - COOKIE_DAYS * 86_400
        actor = users.session_actor(
            db, st.session_state.get("username"), st.session_state["_logged_in_at"]
        )
        if actor is None:
            _log_out(slots)
            st.session_state[SESSION_ENDED] = True
    if actor is None:
        if st.session_state.get(SESSION_ENDED):
            slots.message.warning(t("login.session_ended"))
        actor = _login_form(slots)
        if actor is None:
            frame.stop()
    if actor.must_change_password:
        actor = _change_password_form(slots, actor)
        if actor is None:
            frame.stop()
    # Before the role check: a coordinator who opens a facilitator's page stays signed in too.
    _keep_login_cookie(slots)
    if facilitators_only and not actor.can_facilitate:
        slots.message.error(t("error.facilitator_only"))
        st.button(t("login.logout"), key=LOGOUT_BUTTON)
        frame.stop()
    with st.sidebar:
        st.write(t("login.signed_in_as", name=actor.name))
        if actor.can_facilitate:
            st.page_link(
                "pages/facilitate.py", label=t("facilitate.title"), icon=":material/groups:"
            )
        st.page_link("pages/results.py", label=t("results.title"), icon=":material/insights:")
        if actor.role == "admin":
            st.page_link("pages/admin.py", label=t("admin.title"), icon=":material/settings:")
            st.page_link(
                "pages/framework_editor.py",
                label=t("framework_admin.title"),
                icon=":material/stairs:",
            )
        st.button(t("login.logout"), key=LOGOUT_BUTTON)
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
    st.session_state.pop(SESSION_ENDED, None)
    st.session_state.update(
        authentication_status=True,
        username=actor.username,
        name=actor.name,
        roles=[actor.role],
        logout=False,  # the library's own flag: cookie logins are allowed again
        _logged_in_at=time.time(),
    )
    with slots.cookies:
        slots.authenticator.cookie_controller.set_cookie()
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
    st.session_state["_logged_in_at"] = time.time()
    with slots.cookies:
        slots.authenticator.cookie_controller.set_cookie()
    return dataclasses.replace(actor, must_change_password=False)


def _log_out(slots: _Slots) -> None:
    with slots.cookies:
        if st.session_state.get("authentication_status"):
            slots.authenticator.logout(location="unrendered")
        else:
            # The library only logs out a signed-in session; a refused cookie just goes.
            slots.authenticator.cookie_controller.delete_cookie()
            st.session_state["logout"] = True  # and is not read again in this session
    st.session_state.pop("_logged_in_at", None)


def _keep_login_cookie(slots: _Slots) -> None:
    """The library writes its cookie through a browser component that the very next rerun may
    remove before it has run (a busy venue PC, a quick click), and then a reload or a server
    restart asks for the password again. Until the browser reports the cookie back, write it
    again on each run."""
    manager = slots.authenticator.cookie_controller.cookie_model.cookie_manager
    if not manager.get(COOKIE_NAME):
        with slots.cookies:
            slots.authenticator.cookie_controller.set_cookie()
