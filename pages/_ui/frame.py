"""The frame around every page: local CSS (no fonts or scripts from elsewhere) and the footer."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from pages._ui.text import t

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
