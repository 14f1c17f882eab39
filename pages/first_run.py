"""First run: create the first administrator (who is also a facilitator). Gone once one exists."""

import streamlit as st

from core import users
from core.errors import SamlingError
from pages._ui import frame, links, visitor
from pages._ui.text import show_error, t

db = visitor.current().db
if users.has_admin(db):
    st.title(t("first_run.done_title"))
    st.success(t("first_run.done"))
    links.link("fasilitator", t("first_run.go_facilitate"), icon=":material/login:")
    frame.end_page()
st.title(t("first_run.title"))
st.write(t("first_run.intro"))

with st.form("first_admin"):
    name = st.text_input(t("first_run.name"))
    username = st.text_input(t("first_run.username"), help=t("first_run.username_help"))
    password = st.text_input(
        t("first_run.password"), type="password", help=t("first_run.password_help")
    )
    repeated = st.text_input(t("first_run.password_again"), type="password")
    submitted = st.form_submit_button(t("first_run.submit"), type="primary")

if submitted:
    if password != repeated:
        st.error(t("error.password_mismatch"))
    else:
        try:
            users.create_first_admin(db, username=username, name=name, password=password)
        except SamlingError as error:
            show_error(error)
        else:
            # This page stays reachable at /oppsett, where it now says "done" and links on.
            links.switch_to("oppsett")
