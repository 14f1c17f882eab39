"""The frame around every page: local CSS (no fonts or scripts from elsewhere), the document's
language, and the guard that turns any error into a calm Norwegian message. The router
(pages/_ui/router.py) draws the footer."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import streamlit as st

from core.errors import SamlingError
from pages._ui import auth, keys
from pages._ui.text import language, show_error, t

log = logging.getLogger("samling")

ASSETS = Path(__file__).resolve().parents[2] / "assets"


@functools.cache
def _stylesheet(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def style(name: str) -> None:
    """Inject one of our own static stylesheets. Never called with user-typed text."""
    st.html(f"<style>{_stylesheet(name)}</style>")


# WCAG 3.1.1: the document language is the visitor's (Streamlit's shell says "en").
_FRAME_SCRIPT = "document.documentElement.lang = %s;"


def base_style() -> None:
    # One element for both. The only value put into the script is one of our own language
    # codes, never user input.
    st.html(
        f"<style>{_stylesheet('base.css')}</style>"
        f"<script>{_FRAME_SCRIPT % json.dumps(language())}</script>",
        unsafe_allow_javascript=True,
    )


class PageEnded(BaseException):
    """Raised by `end_page`; the router catches it. A BaseException, like Streamlit's own stop,
    so that no `except Exception` on the way mistakes it for an error."""


def end_page() -> NoReturn:
    """End the page here. Unlike st.stop(), the router still draws the footer after it:
    st.stop() stops every element after it in the run, a `finally` included."""
    raise PageEnded


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Whatever goes wrong, a person sees a calm Norwegian message, never a traceback, and the
    details go to the server log. st.rerun/st.stop are BaseExceptions and pass through."""
    try:
        yield
    except SamlingError as error:
        show_error(error)
    except Exception:  # noqa: BLE001 - last line of defence on a projector or a group's laptop
        log.exception("Unexpected error while rendering a page")
        st.error(t("error.generic"), icon=":material/error:")


def act(write: Callable[..., object], *args: object) -> None:
    """A button's on_click: one core write. A callback runs before the page does, so before the
    router has checked that a login is still valid: check it here, or a browser whose password
    was changed elsewhere would still act with the Actor its last run saw (the run that follows
    shows why it is signed out). Outside the page's guard too, so a refusal is kept and said at
    the top of the page by `said_by_last_action`, in the visitor's language."""
    try:
        if auth.login_ended():
            return
        write(*args)
    except SamlingError as error:
        st.session_state[keys.ACTION_REFUSED] = error
    except Exception:  # noqa: BLE001 - same last line of defence as friendly_errors
        log.exception("Unexpected error in a button's action")
        st.session_state[keys.ACTION_REFUSED] = SamlingError("generic")


def said_by_last_action() -> None:
    if (error := st.session_state.pop(keys.ACTION_REFUSED, None)) is not None:
        show_error(error)
