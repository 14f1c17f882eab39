"""A group's ambition round: its answers from earlier modules, the one-screen form (now, about 1
year, about 3 years, why, and optionally the capability self-rating), then its initiatives.
Every choice is a radio group, so the form works with Tab, arrow keys and Enter alone."""

from __future__ import annotations

import streamlit as st

from core import ambitions, entries, framework
from core.errors import ActivityClosed, Conflict, NeedsConfirmation, SamlingError
from pages._ui import ambition_view, entry_forms, keys
from pages._ui.text import show_error, t

QUESTIONS = {
    "now": "ambition.now_question",
    "one_year": "ambition.one_year_question",
    "three_year": "ambition.three_year_question",
}


def show(db, token: str, activity) -> None:
    version = ambitions.round_version(db, activity.id)
    earlier = ambitions.baseline(db, token)
    current = ambitions.own_answer(db, token, activity.id)
    if earlier:
        st.markdown(f"### {t('ambition.baseline_heading')}")
        st.dataframe(ambition_view.answer_rows(earlier), hide_index=True, width="stretch")
    st.caption(t("ambition.hidden_note"))
    prefill = current or (earlier[-1] if earlier else None)
    if current is None and prefill is not None:
        st.info(t("ambition.baseline_prefilled", module=prefill.module_name))
    _form(db, token, activity, version, current, prefill)
    if said := st.session_state.pop(keys.flash(f"ambition_{activity.id}"), None):
        st.success(said, icon=":material/check_circle:")

    st.markdown(f"### {t('ambition.initiatives_heading')}")
    st.caption(t("ambition.initiatives_intro"))
    own = entries.own_entries(db, token, activity.id)
    for horizon in ("short", "long"):
        st.markdown(f"#### {t(f'ambition.horizon.{horizon}')}")
        entry_forms.new_entry_form(
            db, token, activity, label=t(f"ambition.new_initiative.{horizon}"), horizon=horizon
        )
        entry_forms.confirmation(activity.id, horizon)
        entry_forms.entry_list(db, token, [e for e in own if e.horizon == horizon], editable=True)


def closed_while_saving(activity_id: int) -> None:
    """ "Lagre" pressed just after the facilitator closed the round: the form is gone, but what it
    sent is still here for this run. Say it was not saved and hand the choices back."""
    if not st.session_state.get(keys.ambition_save(activity_id)):
        return
    st.session_state.pop(keys.ambition_warning(activity_id), None)  # said here instead
    show_error(ActivityClosed("activity_closed"))
    levels = [st.session_state.get(keys.ambition_level(h, activity_id)) for h in ambitions.HORIZONS]
    reason = (st.session_state.get(keys.ambition_reason(activity_id)) or "").strip()
    chosen = " → ".join("–" if level is None else str(level) for level in levels)
    st.code(f"{chosen}\n{reason}".strip(), language=None, wrap_lines=True)


def _form(db, token, activity, version: framework.Version, current, prefill) -> None:
    # What this laptop last saw of the stored answer: a save from another laptop in between
    # is a conflict, not a silent overwrite.
    seen_key = keys.ambition_seen(activity.id)
    if seen_key not in st.session_state:
        st.session_state[seen_key] = current.edits if current else 0
    confirm_key = keys.ambition_confirm(activity.id)

    if warning := st.session_state.pop(keys.ambition_warning(activity.id), None):
        show_error(warning)
    with st.form(f"ambition_{activity.id}"):
        _horizon_radios(activity, version, prefill)
        st.text_area(
            t("ambition.reason"),
            value=prefill.reason if prefill else "",
            help=t("ambition.reason_help"),
            key=keys.ambition_reason(activity.id),
        )
        _capability_ratings(activity, version, current)
        if st.session_state.get(confirm_key):
            st.checkbox(t("ambition.confirm_lower"), key=keys.ambition_confirmed(activity.id))
        # A callback, not `if saved:`: it runs before the page does, so a press that lands while
        # the page is rerunning is not lost (a pressed button's value is, in the rerun).
        st.form_submit_button(
            t("ambition.save"),
            type="primary",
            key=keys.ambition_save(activity.id),
            on_click=_save,
            args=(db, token, activity, version),
        )
    _stored_caption(db, token, activity)


def _horizon_radios(activity, version: framework.Version, prefill) -> dict:
    """The three horizons side by side, one radio group of generations each."""
    numbers = [g.number for g in version.generations]
    names = {g.number: g.name for g in version.generations}
    columns = st.columns(3, gap="medium")
    chosen = {}
    for column, horizon in zip(columns, ambitions.HORIZONS, strict=True):
        level = getattr(prefill, horizon) if prefill else None
        chosen[horizon] = column.radio(
            t(QUESTIONS[horizon]),
            numbers,
            index=numbers.index(level) if level in numbers else None,
            format_func=lambda n: t("ambition.generation_option", number=n, name=names[n]),
            captions=[g.description for g in version.generations],
            key=keys.ambition_level(horizon, activity.id),
        )
    return chosen


def _capability_ratings(activity, version: framework.Version, current) -> dict:
    """The capability self-rating, when this round asks for it: one horizontal radio each."""
    ratings = {}
    if activity.rates_capabilities:
        st.markdown(f"**{t('ambition.capabilities_heading')}**")
        stored = current.capability_ratings if current else {}
        for index, name in enumerate(version.capabilities):
            ratings[name] = st.radio(
                name,
                framework.RATING_SCALE,
                index=framework.RATING_SCALE.index(stored[name]) if name in stored else None,
                horizontal=True,
                key=keys.ambition_rating(activity.id, index),
            )
    return ratings


def _stored_caption(db, token, activity) -> None:
    """The answer stored now, read after this run's save (if any)."""
    stored = ambitions.own_answer(db, token, activity.id)
    if stored is not None:
        st.caption(
            t(
                "ambition.stored",
                now=f"{stored.now} {stored.now_name}",
                one_year=f"{stored.one_year} {stored.one_year_name}",
                three_year=f"{stored.three_year} {stored.three_year_name}",
            )
        )


def _save(db, token, activity, version: framework.Version) -> None:
    """Store what the form holds. What it says (saved, a question, a refusal) is kept for the
    run that follows."""
    state = st.session_state
    seen_key, confirm_key = keys.ambition_seen(activity.id), keys.ambition_confirm(activity.id)
    ratings = {}
    if activity.rates_capabilities:
        ratings = {
            name: state.get(keys.ambition_rating(activity.id, index))
            for index, name in enumerate(version.capabilities)
        }
    levels = {h: state.get(keys.ambition_level(h, activity.id)) for h in ambitions.HORIZONS}
    try:
        saved = ambitions.save(
            db,
            token,
            activity_id=activity.id,
            **levels,
            reason=state.get(keys.ambition_reason(activity.id)) or "",
            capability_ratings=ratings,
            confirm_lower=bool(state.get(keys.ambition_confirmed(activity.id))),
            seen_edits=state.get(seen_key, 0),
        )
    except NeedsConfirmation as error:
        # Ask, with a box to tick; the choices stay in the form.
        state[confirm_key] = True
        state[keys.ambition_warning(activity.id)] = error
    except Conflict as error:
        state[keys.ambition_warning(activity.id)] = error
        # The next save knowingly replaces what the other laptop stored.
        latest = ambitions.own_answer(db, token, activity.id)
        state[seen_key] = latest.edits if latest else 0
    except SamlingError as error:
        state[keys.ambition_warning(activity.id)] = error
    else:
        state[seen_key] = saved.edits
        state.pop(confirm_key, None)
        state[keys.flash(f"ambition_{activity.id}")] = t("ambition.saved")
