"""A leadership group's workspace: the open activity's question, the group's own entries, and
following the facilitator to the next activity without a reload. The group token in the URL is
the group's identity, so a reload, a second laptop or a server restart lands in the same group."""

import streamlit as st

from core import ambitions, entries, gatherings, live
from core.errors import ActivityClosed
from pages._ui import ambition_form, entry_forms, keys, router, visitor
from pages._ui.text import show_error, t

here = visitor.current()
db, group = here.db, here.group
token = group.token
activity = gatherings.open_activity_of(db, group.gathering.id)


@router.live_view
def follow_facilitator(shown_activity_id: int | None) -> None:
    """Rerun the page when the facilitator opens or closes an activity. Only this tiny check
    runs on the timer, so text being typed in the form below is never disturbed."""
    current = gatherings.open_activity_of(db, group.gathering.id)
    if (current.id if current else None) != shown_activity_id:
        st.rerun(scope="app")


st.title(group.label)
st.caption(t("group.caption", module=group.gathering.module_name, code=group.gathering.join_code))
follow_facilitator(activity.id if activity else None)

if activity is None:
    last = live.showing_activity(db, group.gathering.id)
    if last is None:
        st.info(t("group.waiting"), icon=":material/hourglass_empty:")
    else:
        st.info(t("group.closed", activity=t(f"activity.{last.kind}")), icon=":material/lock:")
        # "Lagre" pressed just after the facilitator closed the round: the form is gone, but
        # the text it sent is still here for this run. Refuse clearly and hand the text back.
        if last.is_ambition:
            ambition_form.closed_while_saving(last.id)
        for horizon in (None, *entries.HORIZONS):
            unsaved = (st.session_state.get(keys.entry_text(last.id, horizon)) or "").strip()
            if unsaved:
                show_error(ActivityClosed("activity_closed"))
                st.code(unsaved, language=None, wrap_lines=True)
else:
    st.header(t(f"activity.{activity.kind}"))
    st.write(activity.prompt)
    if activity.is_ambition:
        ambition_form.show(db, token, activity)
    else:
        entry_forms.new_entry_form(db, token, activity, label=t(f"group.new_label.{activity.kind}"))
        entry_forms.confirmation(activity.id)
        own = entries.own_entries(db, token, activity.id)
        st.subheader(t("group.own_entries", count=len(own)))
        if not own:
            st.caption(t("group.no_entries"))
        entry_forms.entry_list(db, token, own, editable=True)

if activity is None and last is not None:
    # Between activities the group can still read what it wrote, but not change it.
    if last.is_ambition and (answer := ambitions.own_answer(db, token, last.id)):
        st.dataframe(ambition_form.answer_rows([answer]), hide_index=True, width="stretch")
    done = entries.own_entries(db, token, last.id)
    if done:
        st.header(t("group.earlier_entries", count=len(done)))
        entry_forms.entry_list(db, token, done, editable=False)
