"""Slows down guessing of join codes and group/projector links in one browser session: after
10 wrong tries in a minute, the next must wait (core.ratelimit counts)."""

from __future__ import annotations

import time

import streamlit as st

from core.ratelimit import GuessLimiter
from pages._ui import keys
from pages._ui.text import t


def _limiter() -> GuessLimiter:
    return st.session_state.setdefault(keys.GUESS_LIMITER, GuessLimiter())


def blocked() -> bool:
    """True (and says so, in Norwegian) while this session must wait before guessing again."""
    wait = _limiter().wait_seconds(time.monotonic())
    if wait:
        st.error(t("error.too_many_guesses", seconds=wait), icon=":material/timer:")
    return bool(wait)


def failed(guess: str) -> None:
    """Count a wrong code or link; the same wrong guess again (a rerun of the same page) is
    not a new guess."""
    if st.session_state.get(keys.LAST_WRONG_GUESS) != guess:
        st.session_state[keys.LAST_WRONG_GUESS] = guess
        _limiter().failed(time.monotonic())
