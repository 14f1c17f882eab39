"""A group's ambition round: its answers from earlier modules, the one-screen form (now, about 1
year, about 3 years, why, and optionally the capability self-rating), then its initiatives.
Every choice is a radio group, so the form works with Tab, arrow keys and Enter alone."""

from __future__ import annotations

import streamlit as st

from core import ambitions, entries, framework
from core.errors import ActivityClosed, Conflict, NeedsConfirmation, SamlingError
from pages._ui import entry_forms, keys
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
        st.dataframe(answer_rows(earlier), hide_index=True, width="stretch")
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


def answer_rows(answers: list[ambitions.AmbitionInfo]) -> list[dict]:
    """Earlier or stored answers as table rows, each generation with its number and name (and
    the capability self-ratings, where any were given)."""
    rated = any(a.capability_ratings for a in answers)
    rows = []
    for a in answers:
        row = {
            t("ambition.module"): a.module_name,
            t("ambition.date"): a.held_on.strftime("%d.%m.%Y"),
            t("ambition.now"): f"{a.now} – {a.now_name}",
            t("ambition.one_year"): f"{a.one_year} – {a.one_year_name}",
            t("ambition.three_year"): f"{a.three_year} – {a.three_year_name}",
            t("ambition.reason_column"): a.reason,
        }
        if rated:
            row[t("ambition.capabilities_column")] = ", ".join(
                f"{name}: {value}" for name, value in a.capability_ratings.items()
            )
        rows.append(row)
    return rows


def closed_while_saving(activity_id: int) -> None:
    """ "Lagre" pressed just after the facilitator closed the round: the form is gone, but what it
    sent is still here for this run. Say it was not saved and hand the choices back."""
    if not st.session_state.get(keys.ambition_save(activity_id)):
        return
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

    if warning := st.session_state.pop(keys.AMBITION_WARNING, None):
        show_error(warning)
    with st.form(f"ambition_{activity.id}"):
        chosen = _horizon_radios(activity, version, prefill)
        reason = st.text_area(
            t("ambition.reason"),
            value=prefill.reason if prefill else "",
            help=t("ambition.reason_help"),
            key=keys.ambition_reason(activity.id),
        )
        ratings = _capability_ratings(activity, version, current)
        confirmed = False
        if st.session_state.get(confirm_key):
            confirmed = st.checkbox(t("ambition.confirm_lower"), key=f"{confirm_key}_box")
        saved = st.form_submit_button(
            t("ambition.save"), type="primary", key=keys.ambition_save(activity.id)
        )
    if saved:
        _save(db, token, activity, chosen, reason, ratings, confirmed, seen_key, confirm_key)
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


def _save(db, token, activity, chosen, reason, ratings, confirmed, seen_key, confirm_key) -> None:
    try:
        saved = ambitions.save(
            db,
            token,
            activity_id=activity.id,
            now=chosen["now"],
            one_year=chosen["one_year"],
            three_year=chosen["three_year"],
            reason=reason,
            capability_ratings=ratings,
            confirm_lower=confirmed,
            seen_edits=st.session_state[seen_key],
        )
    except NeedsConfirmation as error:
        # Ask once more, with a box to tick; the choices stay in the form.
        if not st.session_state.get(confirm_key):
            st.session_state[confirm_key] = True
            st.session_state[keys.AMBITION_WARNING] = error
            st.rerun()
        show_error(error)
    except Conflict as error:
        show_error(error)
        # The next save knowingly replaces what the other laptop stored.
        latest = ambitions.own_answer(db, token, activity.id)
        st.session_state[seen_key] = latest.edits if latest else 0
    except SamlingError as error:
        show_error(error)
    else:
        st.session_state[seen_key] = saved.edits
        st.session_state.pop(confirm_key, None)
        st.session_state[keys.flash(f"ambition_{activity.id}")] = t("ambition.saved")
        st.rerun()
