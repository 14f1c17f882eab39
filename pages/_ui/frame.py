"""The frame around every page: local CSS (no fonts or scripts from elsewhere) and the footer."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import streamlit as st

from core.errors import SamlingError
from pages._ui.text import language, show_error, t

log = logging.getLogger("samling")

ASSETS = Path(__file__).resolve().parents[2] / "assets"


@functools.cache
def _stylesheet(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def style(name: str) -> None:
    """Inject one of our own static stylesheets. Never called with user-typed text."""
    st.html(f"<style>{_stylesheet(name)}</style>")


# Streamlit's first run after a server start routes by the old pages/-folder rules (our pages
# live in pages/, as the client's layout asks) and reports "Page not found" for /bli-med before
# app.py's st.navigation sets the right page. The page itself is right; only that modal is
# wrong, and we use no dialogs of our own, so the frame closes it. Also WCAG 3.1.1: the
# document language must be Norwegian (Streamlit's shell says "en").
_FRAME_SCRIPT = """
document.documentElement.lang = %s;
(function closeStrayDialog(tries) {
  const close = document.querySelector('[data-testid="stDialog"] button[aria-label="Close"]');
  if (close) { close.click(); return; }
  if (tries > 0) setTimeout(() => closeStrayDialog(tries - 1), 100);
})(20);
"""


def base_style() -> None:
    # One element for both. The only value put into the script is one of our own language
    # codes, never user input.
    st.html(
        f"<style>{_stylesheet('base.css')}</style>"
        f"<script>{_FRAME_SCRIPT % json.dumps(language())}</script>",
        unsafe_allow_javascript=True,
    )


def stop() -> NoReturn:
    """End the page here, footer included (st.stop() alone would leave it out)."""
    footer()
    st.stop()


def footer() -> None:
    st.divider()
    text_col, link_col = st.columns([4, 1], vertical_alignment="center")
    text_col.caption(t("frame.footer"))
    link_col.page_link("pages/privacy.py", label=t("privacy.link"), icon=":material/shield:")


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
