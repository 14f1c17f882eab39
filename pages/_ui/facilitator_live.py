"""The live part of the facilitator's desk, redrawn when the gathering changes: who has joined and
written what (with hide/restore per entry), or, in an ambition round, who has answered and the
answers themselves, which the facilitator sees before deciding to reveal them to the room."""

from __future__ import annotations

import streamlit as st

from core import entries, framework, gatherings, settings
from core.access import Actor
from pages._ui import ambition_view, bootstrap, frame, keys
from pages._ui.text import language, t


def draw_overview(db, actor: Actor, gathering_id: int, revision: int) -> None:
    snap = bootstrap.snapshot(gathering_id, revision)
    if snap.activity is None:
        st.caption(t("facilitate.nothing_open"))
        return
    st.header(t("facilitate.live", activity=t(f"activity.{snap.activity.kind}")))
    if snap.activity.is_ambition:
        _ambition_overview(actor, gathering_id, snap.activity.id, revision)
    else:
        _joined_table(snap)
    _entry_list(db, actor, gathering_id, snap.activity.id, revision)


def _joined_table(snap) -> None:
    st.dataframe(
        [
            {
                t("live.group"): g.label,
                t("live.joined"): t("live.yes") if g.joined else t("live.no"),
                t("live.entries"): g.entries,
            }
            for g in snap.groups
        ],
        hide_index=True,
        width="stretch",
    )


def _ambition_overview(actor: Actor, gathering_id: int, activity_id: int, revision: int) -> None:
    overview, figures = ambition_view.preview(
        actor, gathering_id, activity_id, revision, language()
    )
    st.markdown(t("facilitate.answered_count", answered=overview.answered, total=overview.groups))
    st.caption(t("facilitate.revealed_state" if overview.revealed else "facilitate.hidden_state"))
    if not overview.answers:
        return
    with st.expander(t("facilitate.preview"), expanded=not overview.revealed):
        ambition_view.draw(figures, t)


@st.cache_data(show_spinner=False, max_entries=64)
def _entries(url: str, actor: Actor, gathering_id: int, activity_id: int, revision: int):
    """Read once per revision, not on every rerun: hiding, restoring and every new
    entry bump the revision, so nothing goes stale."""
    del url, revision  # cache key only
    return entries.gathering_entries(bootstrap.database(), actor, gathering_id, activity_id)


def _entry_list(db, actor: Actor, gathering_id: int, activity_id: int, revision: int) -> None:
    themes = {theme.key: theme.name for theme in framework.themes()}
    url = settings.database_url()
    for entry in _entries(url, actor, gathering_id, activity_id, revision):
        with st.container(border=True):
            text_col, button_col = st.columns([5, 1], vertical_alignment="center")
            what = (
                t(f"ambition.horizon.{entry.horizon}")
                if entry.horizon
                else themes.get(entry.theme_key, t("theme.none"))
            )
            text_col.caption(
                f"{entry.group_label} · {what}"
                + (f" · {t('facilitate.hidden_marker')}" if entry.hidden else "")
            )
            text_col.text(entry.text)
            label = t("facilitate.restore") if entry.hidden else t("facilitate.hide")
            # A callback runs before the (fragment or full) rerun that the click causes, so the
            # list below is already drawn with the new state; no st.rerun needed.
            button_col.button(
                label,
                key=f"hide_{entry.id}",
                on_click=frame.act,
                args=(entries.set_hidden, db, actor, gathering_id, entry.id, not entry.hidden),
            )


def ambition_controls(db, actor: Actor, gathering_id: int, activity) -> None:
    """Reveal or hide the round's answers, and switch the capability self-rating on or off."""

    toggle_col, reveal_col = st.columns([3, 2], vertical_alignment="center")
    key = keys.capability_ratings(activity.id)
    toggle_col.toggle(
        t("facilitate.capabilities_toggle"),
        value=activity.rates_capabilities,
        key=key,
        on_change=frame.act,
        args=(
            lambda: gatherings.ask_capability_ratings(
                db, actor, gathering_id, activity.id, st.session_state[key]
            ),
        ),
    )
    label = "facilitate.hide_results" if activity.revealed else "facilitate.reveal"
    reveal_col.button(
        t(label),
        key=f"reveal_{activity.id}",
        type="secondary" if activity.revealed else "primary",
        icon=":material/visibility_off:" if activity.revealed else ":material/visibility:",
        on_click=frame.act,
        args=(
            gatherings.reveal_results,
            db,
            actor,
            gathering_id,
            activity.id,
            not activity.revealed,
        ),
    )
