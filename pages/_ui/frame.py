"""The frame around every page: local CSS (no fonts or scripts from elsewhere) and the footer."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st

from core.errors import SamlingError
from pages._ui.text import show_error, t

log = logging.getLogger("samling")

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def style(name: str) -> None:
    """Inject one of our own static stylesheets. Never called with user-typed text."""
    css = (ASSETS / name).read_text(encoding="utf-8")
    st.html(f"<style>{css}</style>")


def base_style() -> None:
    style("base.css")


def footer() -> None:
    st.divider()
    st.caption(t("frame.footer"))


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
