"""Results afterwards: one organisation's ambition answers across the modules answered so far,
as a table and on the generation scale. A coordinator sees their own organisation; facilitators
and administrators choose one (core keeps facilitators to their own network's gatherings)."""

import streamlit as st

from core import ambitions, framework, gatherings
from core.errors import SamlingError
from pages._ui import ambition_form, ambition_view, auth, bootstrap, frame
from pages._ui.text import show_error, t

db = bootstrap.database()
actor = auth.require_signed_in()
st.title(t("results.title"))

organisations = {o.id: o.label for o in gatherings.list_organisations(db)}
if actor.can_facilitate:
    organisation_id = st.selectbox(
        t("results.organisation"),
        list(organisations),
        format_func=organisations.get,
        key="results_organisation",
    )
else:
    # A coordinator has no choice to make, and so no filter or address that leads elsewhere.
    organisation_id = actor.organisation_id
    if organisation_id is None:
        st.warning(t("results.no_organisation"))
        frame.stop()
name = organisations.get(organisation_id, "")

try:
    answers = ambitions.organisation_answers(db, actor, organisation_id)
except SamlingError as error:
    show_error(error)
    frame.stop()

st.subheader(t("results.ambition_heading", organisation=name))
if not answers:
    st.info(t("results.no_ambitions", organisation=name))
    frame.stop()

st.dataframe(ambition_form.answer_rows(answers), hide_index=True, width="stretch")
# Answers are drawn on the scale of the newest framework version among them; each answer's own
# generation names are in the table above, as given.
version = framework.version(db, max(a.framework_version_id for a in answers))
rows = [(a.module_name, a.now, a.one_year, a.three_year) for a in answers]
ambition_view.draw(
    (ambition_view.arrows_figure(rows, version, t, row_title=t("ambition.module"), big=False),),
    t,
)
frame.footer()
