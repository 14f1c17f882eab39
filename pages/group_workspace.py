"""A leadership group's workspace: the open activity's question, the group's own entries, and
following the facilitator to the next activity without a reload. The group token in the URL is
the group's identity, so a reload, a second laptop or a server restart lands in the same group."""

import streamlit as st

from core import ambitions, entries, gatherings, live
from core.errors import ActivityClosed
from pages._ui import ambition_form, ambition_view, entry_forms, keys, router, visitor
from pages._ui.text import show_error, t

here = visitor.current()
db, group = here.db, here.group
token = group.token
activity = gatherings.open_activity_of(db, group.gathering.id)


def own_entries(activity_id: int | None) -> tuple:
    """What this page shows of the group's own entries in the open activity, to compare."""
    if activity_id is None:
        return ()
    return tuple((e.id, e.text, e.theme_key) for e in entries.own_entries(db, token, activity_id))


@router.live_view(group.gathering.id)
def follow_gathering(shown_activity_id: int | None, shown_entries: tuple) -> None:
    """Runs when the gathering changes (pushed). It draws nothing: when the facilitator opened
    or closed an activity, or another of the group's laptops saved, changed or deleted an entry,
    it reruns the page. A rerun keeps every widget's state, so text being typed in the form is
    not disturbed; any other change (another group's entry) costs only this check."""
    current = gatherings.open_activity_of(db, group.gathering.id)
    current_id = current.id if current else None
    if current_id != shown_activity_id or own_entries(current_id) != shown_entries:
        st.rerun(scope="app")


st.title(group.label)
st.caption(t("group.caption", module=group.gathering.module_name, code=group.gathering.join_code))
follow_gathering(activity.id if activity else None, own_entries(activity and activity.id))

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
        st.dataframe(ambition_view.answer_rows([answer]), hide_index=True, width="stretch")
    done = entries.own_entries(db, token, last.id)
    if done:
        st.header(t("group.earlier_entries", count=len(done)))
        entry_forms.entry_list(db, token, done, editable=False)
