"""A group's own entries: the form for a new one and the list with change and delete. Used for
barriers and opportunities (with a theme) and for an ambition round's initiatives (with a
horizon instead)."""

from __future__ import annotations

import hashlib
import secrets

import streamlit as st

from core import entries, framework
from core.errors import SamlingError
from pages._ui import keys
from pages._ui.text import show_error, t


def theme_names() -> dict[str, str]:
    return {theme.key: theme.name for theme in framework.themes()}


def theme_label(key: str | None) -> str:
    return theme_names().get(key or "", t("theme.none"))


def idempotency_key(activity_id: int, text: str, detail: str) -> str:
    # One key per browser session, activity and text: a double click or a resent form lands
    # once, and a group cannot add the very same text twice from one laptop by accident.
    nonce = st.session_state.setdefault(keys.ENTRY_NONCE, secrets.token_hex(16))
    return hashlib.sha256(f"{nonce}|{activity_id}|{text.strip()}|{detail}".encode()).hexdigest()


def new_entry_form(db, token: str, activity, *, label: str, horizon: str | None = None) -> None:
    """A form for one new entry. With a horizon (an initiative) there is no theme to pick."""
    with st.form(f"new_entry_{activity.id}_{horizon}" if horizon else f"new_entry_{activity.id}"):
        st.text_area(
            label,
            key=keys.entry_text(activity.id, horizon),
            # No max_chars: the browser would cut a pasted text silently; core says how long it is.
            help=t("group.new_help"),
        )
        if horizon is None:
            st.selectbox(
                t("group.theme_label"),
                ["", *theme_names()],
                format_func=theme_label,
                key=keys.entry_theme(activity.id),
            )
        # A callback, not `if saved:`: it runs before the page does, so a press that lands while
        # the page is rerunning (the facilitator opened the next round, say) is not lost.
        st.form_submit_button(
            t("group.save"), type="primary", on_click=_submit, args=(db, token, activity, horizon)
        )


def _submit(db, token: str, activity, horizon: str | None) -> None:
    """Save the new entry; empty the form only once it is saved, so a refused text stays."""
    text_key = keys.entry_text(activity.id, horizon)
    text = st.session_state.get(text_key) or ""
    theme = "" if horizon else st.session_state.get(keys.entry_theme(activity.id)) or ""
    try:
        entries.submit(
            db,
            token,
            activity_id=activity.id,
            text=text,
            theme_key=theme or None,
            horizon=horizon,
            idempotency_key=idempotency_key(activity.id, text, horizon or theme),
        )
    except SamlingError as error:
        _confirm_later(activity.id, horizon, error)
    else:
        st.session_state[text_key] = ""
        _confirm_later(activity.id, horizon, t("group.saved"))


def entry_list(db, token: str, items: list, *, editable: bool) -> None:
    """The group's own entries as plain text (never markup); with change and delete while the
    activity is open."""
    for entry in items:
        with st.container(border=True):
            st.text(entry.text)
            if entry.horizon is None:
                st.caption(theme_label(entry.theme_key))
            if editable:
                _change_or_delete(db, token, entry)


def _change_or_delete(db, token: str, entry) -> None:
    options = ["", *theme_names()]
    with st.expander(t("group.change")):
        with st.form(f"edit_{entry.id}"):
            new_text = st.text_area(t("group.edit_label"), value=entry.text)
            new_theme = entry.theme_key
            if entry.horizon is None:
                new_theme = st.selectbox(
                    t("group.theme_label"),
                    options,
                    index=options.index(entry.theme_key or ""),
                    format_func=theme_label,
                )
            if st.form_submit_button(t("group.save_change")):
                try:
                    entries.update(db, token, entry.id, text=new_text, theme_key=new_theme or None)
                except SamlingError as error:
                    show_error(error)
                else:
                    _confirm_later(entry.activity_id, entry.horizon, t("group.changed"))
                    st.rerun()
        # A callback, not `if st.button(): ...; st.rerun()`: a click that lands while another
        # run is under way is not lost, and deleting twice is harmless (core ignores it).
        st.button(
            t("group.delete"), key=f"delete_{entry.id}", on_click=_delete, args=(db, token, entry)
        )


def confirmation(activity_id: int, horizon: str | None = None) -> None:
    """What the last save, change or delete in this section said, once, after its rerun."""
    said = st.session_state.pop(keys.flash(f"{activity_id}_{horizon}"), None)
    if said is None:
        return
    if isinstance(said, SamlingError):
        show_error(said)
    else:
        st.success(said, icon=":material/check_circle:")


def _confirm_later(activity_id: int, horizon: str | None, said: str | SamlingError) -> None:
    st.session_state[keys.flash(f"{activity_id}_{horizon}")] = said


def _delete(db, token: str, entry) -> None:
    try:
        entries.delete(db, token, entry.id)
    except SamlingError as error:
        _confirm_later(entry.activity_id, entry.horizon, error)
    else:
        _confirm_later(entry.activity_id, entry.horizon, t("group.deleted"))
