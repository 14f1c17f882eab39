"""The login cookie: the one place Samling touches streamlit-authenticator. The library (pinned
to LIBRARY_VERSION in requirements.txt, held to this contract by tests/e2e/test_login_cookie.py)
signs a token (a JWT: username and expiry) with our key and writes it to, and deletes it from,
the browser through its cookie component. It never sees a password or a hash: who may sign in,
lockout and whether a login is still valid are core's (core.users)."""

from __future__ import annotations

from dataclasses import dataclass

import jwt
import streamlit as st
from streamlit_authenticator.controllers import CookieController

LIBRARY_VERSION = "0.4.2"
COOKIE_NAME = "samling_innlogging"
COOKIE_DAYS = 1.0
# The library's own session keys: it reads "logout" before reading the cookie (true: do not)
# and signs whatever "username" holds when it writes one.
_LIBRARY_LOGGED_OUT = "logout"
_LIBRARY_USERNAME = "username"


@dataclass(frozen=True)
class CookieLogin:
    username: str
    issued_at: float  # seconds since the epoch


class LoginCookie:
    """Made once per run, before anything else on a page that needs a login: making it draws
    the library's cookie component, which reports the browser's cookies back."""

    def __init__(self, key: str) -> None:
        self._key = key
        self._controller = CookieController(COOKIE_NAME, key, COOKIE_DAYS)

    def read(self) -> CookieLogin | None:
        """The login the browser brought with it, if its cookie is valid and was not deleted in
        this session (the request's cookies stay the same for the whole session)."""
        st.session_state.setdefault(_LIBRARY_LOGGED_OUT, False)
        token = self._controller.get_cookie()
        if not token:
            return None
        # The token holds the username and when it expires; it was written COOKIE_DAYS before.
        return CookieLogin(token["username"], token["exp_date"] - COOKIE_DAYS * 86_400)

    def write(self, username: str) -> None:
        """Write a fresh cookie for `username`, valid for COOKIE_DAYS from now."""
        st.session_state[_LIBRARY_USERNAME] = username
        st.session_state[_LIBRARY_LOGGED_OUT] = False
        self._controller.set_cookie()

    def delete(self) -> None:
        """Delete the cookie, and never read this session's copy of it again."""
        st.session_state[_LIBRARY_LOGGED_OUT] = True
        self._controller.delete_cookie()

    @property
    def deleted(self) -> bool:
        """Whether this session has deleted the cookie (and not written a new one since)."""
        return bool(st.session_state.get(_LIBRARY_LOGGED_OUT))

    def reported(self) -> CookieLogin | None:
        """The login cookie as the browser last reported it to the cookie component (which can
        lag behind a write or a delete by a run or two), if its signature holds."""
        token = self._controller.cookie_model.cookie_manager.get(COOKIE_NAME)
        if not token:
            return None
        try:
            claims = jwt.decode(token, self._key, algorithms=["HS256"])
        except jwt.PyJWTError:
            return None
        return CookieLogin(claims["username"], claims["exp_date"] - COOKIE_DAYS * 86_400)
