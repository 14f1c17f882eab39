"""A leadership group's workspace: the open activity's question, the group's own entries, and
following the facilitator to the next activity without a reload. The group token in the URL is
the group's identity, so a reload, a second laptop or a server restart lands in the same group."""

import hashlib
import secrets

import streamlit as st

from core import entries, framework, gatherings, live
from core.errors import ActivityClosed, SamlingError
from pages._ui import frame, guessing
from pages._ui.bootstrap import database
from pages._ui.text import show_error, t

FOLLOW_SECONDS = 3

db = database()
token = st.query_params.get("gruppe", "")
if guessing.blocked():
    frame.stop()
try:
    group = gatherings.group_by_token(db, token)
except SamlingError as error:
    guessing.failed(token)
    show_error(error)
    st.page_link("pages/join.py", label=t("group.back_to_join"))
    frame.stop()

activity = gatherings.open_activity_of(db, group.gathering.id)
THEMES = {theme.key: theme.name for theme in framework.themes()}
theme_options = [""] + list(THEMES)


def theme_label(key: str) -> str:
    return THEMES.get(key, t("theme.none"))


@st.fragment(run_every=FOLLOW_SECONDS)
def follow_facilitator(shown_activity_id: int | None) -> None:
    """Rerun the page when the facilitator opens or closes an activity. Only this tiny check
    runs on the timer, so text being typed in the form below is never disturbed."""
    with frame.friendly_errors():
        current = gatherings.open_activity_of(db, group.gathering.id)
        if (current.id if current else None) != shown_activity_id:
            st.rerun(scope="app")


def idempotency_key(activity_id: int, text: str, theme: str) -> str:
    # One key per browser session, activity and text: a double click or a resent form lands
    # once, and a group cannot add the very same text twice from one laptop by accident.
    nonce = st.session_state.setdefault("entry_nonce", secrets.token_hex(16))
    return hashlib.sha256(f"{nonce}|{activity_id}|{text.strip()}|{theme}".encode()).hexdigest()


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
        unsaved = (st.session_state.get(f"new_text_{last.id}") or "").strip()
        if unsaved:
            show_error(ActivityClosed("activity_closed"))
            st.code(unsaved, language=None, wrap_lines=True)
else:
    st.subheader(t(f"activity.{activity.kind}"))
    st.write(activity.prompt)
    text_key = f"new_text_{activity.id}"
    if st.session_state.pop("_clear_new_text", False):
        st.session_state[text_key] = ""
    with st.form(f"new_entry_{activity.id}"):
        text = st.text_area(
            t(f"group.new_label.{activity.kind}"),
            key=text_key,
            # No max_chars: the browser would cut a pasted text silently; core says how long it is.
            help=t("group.new_help"),
        )
        theme = st.selectbox(t("group.theme_label"), theme_options, format_func=theme_label)
        saved = st.form_submit_button(t("group.save"), type="primary")
    if saved:
        try:
            entries.submit(
                db,
                token,
                activity_id=activity.id,
                text=text,
                theme_key=theme or None,
                idempotency_key=idempotency_key(activity.id, text, theme),
            )
        except SamlingError as error:
            show_error(error)
        else:
            st.session_state["_clear_new_text"] = True
            st.session_state["_flash"] = t("group.saved")
            st.rerun()
    if flash := st.session_state.pop("_flash", None):
        st.success(flash, icon=":material/check_circle:")

    own = entries.own_entries(db, token, activity.id)
    st.subheader(t("group.own_entries", count=len(own)))
    if not own:
        st.caption(t("group.no_entries"))
    for entry in own:
        with st.container(border=True):
            st.text(entry.text)
            st.caption(theme_label(entry.theme_key or ""))
            with st.expander(t("group.change")):
                with st.form(f"edit_{entry.id}"):
                    new_text = st.text_area(t("group.edit_label"), value=entry.text)
                    new_theme = st.selectbox(
                        t("group.theme_label"),
                        theme_options,
                        index=theme_options.index(entry.theme_key or ""),
                        format_func=theme_label,
                    )
                    if st.form_submit_button(t("group.save_change")):
                        try:
                            entries.update(
                                db, token, entry.id, text=new_text, theme_key=new_theme or None
                            )
                        except SamlingError as error:
                            show_error(error)
                        else:
                            st.session_state["_flash"] = t("group.changed")
                            st.rerun()
                if st.button(t("group.delete"), key=f"delete_{entry.id}"):
                    try:
                        entries.delete(db, token, entry.id)
                    except SamlingError as error:
                        show_error(error)
                    else:
                        st.session_state["_flash"] = t("group.deleted")
                        st.rerun()

if activity is None and last is not None:
    # Between activities the group can still read what it wrote, but not change it.
    done = entries.own_entries(db, token, last.id)
    if done:
        st.subheader(t("group.earlier_entries", count=len(done)))
        for entry in done:
            with st.container(border=True):
                st.text(entry.text)
                st.caption(theme_label(entry.theme_key or ""))

frame.footer()
