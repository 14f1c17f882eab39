"""The results page's views, one function each: the modules side by side, one organisation
against the cohort, what the room said, and all entries (the downloads are results_exports').
Core shapes each view's data and its figures (chart, one-line summary, table); what core
withholds (too few organisations) is said in words. Reads go through results_reads' caches."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from core import access, figures, framework, results
from pages._ui import ambition_view, bootstrap, results_reads
from pages._ui.projector_view import drawable
from pages._ui.text import t

TABLE_ROWS = 2000


def _draw(figure: figures.Figure) -> None:
    ambition_view.draw((drawable(figure),), t, heading=False)


def _withheld(items: tuple[results.Withheld, ...]) -> None:
    if items:
        st.info(
            t(
                "results.withheld",
                modules=", ".join(w.module_name for w in items),
                organisations=max(w.organisations for w in items),
                minimum=access.MIN_ORGANISATIONS,
            ),
            icon=":material/lock:",
        )


def _themes() -> dict[str, str]:
    return {theme.key: theme.name for theme in framework.themes()}


def _version() -> framework.Version:
    return framework.current(bootstrap.database())


# ---- the modules side by side ----------------------------------------------------------------


def modules_view(actor, scope: results.Scope, organisation: str | None) -> None:
    view = results_reads.modules_view(actor, scope)
    if organisation:
        _counts(view.own, t("results.counts_own", organisation=organisation))
    _counts(view.cohort, t("results.counts_cohort"), withheld=bool(view.counts_withheld))
    _withheld(view.counts_withheld)

    version, row_title = _version(), t("ambition.module")
    if organisation:
        st.markdown(f"## {t('results.ambition_heading', organisation=organisation)}")
        if view.own_ambitions:
            _draw(figures.arrows_figure(view.own_ambitions, version, t, row_title=row_title))
            answers = ambition_view.answer_rows(list(view.own_answers))
            st.dataframe(answers, hide_index=True, width="stretch")
        else:
            st.info(t("results.no_ambitions", organisation=organisation))
    st.markdown(f"## {t('results.ambition_cohort')}")
    if view.cohort_medians:
        _draw(figures.arrows_figure(view.cohort_medians, version, t, row_title=row_title))
    _withheld(view.ambitions_withheld)


def _counts(counts: results.Counts, title: str, *, withheld: bool = False) -> None:
    st.markdown(f"## {title}")
    if counts.rows:
        _draw(figures.counts_figure(counts, title, t, _themes()))
    elif not withheld:  # withheld figures are explained below, not called empty
        st.caption(t("results.counts_none"))


# ---- one organisation against the cohort -------------------------------------------------------


def compare_view(actor, scope: results.Scope, organisation: str | None) -> None:
    if not organisation:
        st.info(t("results.pick_organisation"))
        return
    view = results_reads.comparison(actor, scope)
    st.markdown(f"## {t('results.compare_heading', organisation=organisation)}")
    if view.rows:
        _draw(figures.compare_figure(view.rows, _version(), organisation, t))
        gaps = [
            {
                t("ambition.module"): gap.module_name,
                t("results.gap_own", organisation=organisation): gap.own,
                t("results.gap_cohort"): gap.cohort_median,
            }
            for gap in view.gaps
        ]
        st.dataframe(gaps, hide_index=True, width="stretch")
    _withheld(view.withheld)


# ---- what the room said ----------------------------------------------------------------


def words_view(actor, scope: results.Scope, organisation: str | None, modules: dict) -> None:
    """Per module (or all chosen modules together) and kind: the chosen organisation's words,
    then the whole cohort's (an aggregate, which a coordinator sees only over enough
    organisations, with only their own entries behind)."""
    chosen = list(scope.module_ids or modules)
    module_id = st.selectbox(
        t("results.words_module"),
        [0, *chosen],
        format_func=lambda mid: modules.get(mid, t("results.all_chosen_modules")),
        key="words_module",
    )
    if module_id:
        scope = dataclasses.replace(scope, module_ids=(module_id,))
    whole = dataclasses.replace(scope, organisation_id=None)
    columns = st.columns(2, gap="large")
    for column, kind in zip(columns, results.ENTRY_KINDS, strict=True):
        with column:
            st.markdown(f"## {t('results.words_heading', kind=t(f'activity.{kind}'))}")
            if organisation:
                _words(results_reads.frequent_words(actor, scope, kind), kind, organisation)
            _words(
                results_reads.frequent_words(actor, whole, kind), kind, t("results.whole_cohort")
            )


def _words(view: results.WordView, kind: str, whose: str) -> None:
    st.markdown(f"### {whose}")
    if view.withheld:
        _withheld((results.Withheld(whose, view.organisations),))
        return
    if not view.terms:
        st.caption(t("results.words_none"))
        return
    rows = [(term.text, term.count) for term in view.terms]
    _draw(figures.words_figure(rows, f"{t(f'activity.{kind}')} · {whose}", t))
    for term in view.terms:
        readable = [view.entries[i] for i in term.entry_ids if i in view.entries]
        with st.expander(t("results.word_entries", word=term.text, count=term.count)):
            for row in readable:
                st.caption(f"{row.organisation} · {row.module_name}")
                st.text(row.text)
            if len(readable) < term.count:
                st.caption(t("results.word_entries_elsewhere", count=term.count - len(readable)))


# ---- all entries ----------------------------------------------------------------


def entries_view(actor, scope: results.Scope) -> None:
    search_col, kinds_col = st.columns([2, 1])
    search = search_col.text_input(t("results.search"), max_chars=results.SEARCH_MAX_CHARS)
    kinds = kinds_col.multiselect(
        t("results.kinds"),
        [*results.ENTRY_KINDS, "ambition"],
        format_func=lambda kind: (
            t("ambition.initiatives_heading") if kind == "ambition" else t(f"activity.{kind}")
        ),
    )
    rows = results_reads.entry_table(actor, scope, search, tuple(kinds))
    st.caption(t("results.entries_count", count=len(rows)))
    if len(rows) > TABLE_ROWS:
        st.caption(t("results.entries_capped", shown=TABLE_ROWS))
    themes = _themes()
    columns = [
        t("export.module"),
        t("export.date"),
        t("export.organisation"),
        t("export.kind"),
        t("export.theme"),
        t("export.text"),
    ]
    table = pd.DataFrame(
        [
            [
                r.module_name,
                r.held_on.strftime("%d.%m.%Y"),
                r.organisation,
                t(f"activity.{r.kind}"),
                t(f"ambition.horizon.{r.horizon}") if r.horizon else themes.get(r.theme_key, ""),
                r.text,
            ]
            for r in rows[:TABLE_ROWS]
        ],
        columns=columns,  # headers even when nothing matches
    )
    st.dataframe(table, hide_index=True, width="stretch")
