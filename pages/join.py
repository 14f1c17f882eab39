"""Join a gathering (leadership groups, no account): code or link, then pick the organisation."""

import streamlit as st

from core import gatherings
from core.errors import SamlingError
from pages._ui import frame, guessing, links, visitor
from pages._ui.text import show_error, t

db = visitor.current().db
st.title(t("join.title"))

code = st.query_params.get("kode", "")
if not code:
    st.write(t("join.intro"))
    with st.form("join_code"):
        typed = st.text_input(t("join.code_label"), max_chars=20, help=t("join.code_help"))
        if st.form_submit_button(t("join.code_submit"), type="primary") and not guessing.blocked():
            try:
                gatherings.gathering_by_code(db, typed)
            except SamlingError as error:
                guessing.failed(typed)
                show_error(error)
            else:
                st.query_params["kode"] = "".join(typed.split()).replace("-", "").upper()
                st.rerun()
    st.divider()
    links.link("fasilitator", t("join.facilitator_link"), icon=":material/login:")
    links.link("resultater", t("join.results_link"), icon=":material/insights:")
    frame.end_page()

if guessing.blocked():
    frame.end_page()
try:
    gathering, groups = gatherings.join_options(db, code)
except SamlingError as error:
    guessing.failed(code)
    show_error(error)
    st.button(t("join.try_another_code"), on_click=lambda: st.query_params.pop("kode", None))
    frame.end_page()

st.header(gathering.module_name)
st.write(t("join.pick_intro"))
labels = {group.organisation_id: group.label for group in groups}
with st.form("join_group"):
    organisation_id = st.selectbox(
        t("join.organisation_label"),
        options=list(labels),
        format_func=labels.get,
        index=None,
        placeholder=t("join.organisation_placeholder"),
    )
    if st.form_submit_button(t("join.submit"), type="primary"):
        if organisation_id is None:
            st.error(t("error.organisation_not_chosen"))
        else:
            try:
                group = gatherings.join(db, code, organisation_id)
            except SamlingError as error:
                show_error(error)
            else:
                links.switch_to("gruppe", gruppe=group.token)
