"""Samling's router: which pages exist for this visitor, and the frame around them."""

from pathlib import Path

import streamlit as st

from pages._ui import bootstrap, frame
from pages._ui.text import t

ROOT = Path(__file__).resolve().parent
PAGES = ROOT / "pages"


def page_registry(first_run: bool) -> list[st.Page]:
    """Every page, always: groups and projectors need no account, so a demo gathering (or a
    gathering made from the command line) works before anyone has used the web setup. What
    first run changes is where the bare address leads: to creating the first administrator."""
    return [
        st.Page(PAGES / "start.py", title=t("join.title"), url_path="start", default=not first_run),
        st.Page(
            PAGES / "first_run.py",
            title=t("first_run.title"),
            url_path="oppsett",
            default=first_run,
        ),
        st.Page(PAGES / "join.py", title=t("join.title"), url_path="bli-med"),
        st.Page(PAGES / "group_workspace.py", title=t("group.title"), url_path="gruppe"),
        st.Page(PAGES / "facilitate.py", title=t("facilitate.title"), url_path="fasilitator"),
        st.Page(PAGES / "projector.py", title=t("projector.title"), url_path="projektor"),
        st.Page(PAGES / "results.py", title=t("results.title"), url_path="resultater"),
        st.Page(PAGES / "admin.py", title=t("admin.title"), url_path="admin"),
        st.Page(
            PAGES / "framework_editor.py",
            title=t("framework_admin.title"),
            url_path="rammeverk",
        ),
        st.Page(PAGES / "privacy.py", title=t("privacy.title"), url_path="personvern"),
    ]


st.set_page_config(
    page_title="Samling", page_icon=str(ROOT / "assets" / "favicon.png"), layout="wide"
)
frame.base_style()
with frame.friendly_errors():
    first_run = not bootstrap.admin_exists()
    st.navigation(page_registry(first_run), position="hidden").run()
