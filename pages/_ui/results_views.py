"""The results page's views, one function each: the modules side by side, one organisation
against the cohort, what the room said, all entries, and exports. Core shapes each view's data
and its figures (chart, one-line summary, table); what core withholds (too few organisations) is
said in words. Reads are cached per reader, scope and the cohort's revision, so an unchanged
cohort costs a lookup and any change (an entry hidden, say) shows on the next run."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from core import access, exports, figures, framework, report, results, settings
from pages._ui import ambition_form, ambition_view, bootstrap
from pages._ui.projector_view import drawable
from pages._ui.text import language, t

TABLE_ROWS = 2000


# ---- cached reads, keyed by the cohort's revision --------------------------------------------


def _key(actor, scope: results.Scope) -> tuple[str, tuple[int, int]]:
    """The database and the cohort's revision: part of every cached read's key."""
    revision = results.cohort_revision(bootstrap.database(), actor, scope.cohort_id)
    return settings.database_url(), revision


@st.cache_data(show_spinner=False, max_entries=256)
def _modules_view(url, revision, actor, scope: results.Scope) -> results.ModulesView:
    del url, revision  # cache key only
    return results.modules_view(bootstrap.database(), actor, scope)


@st.cache_data(show_spinner=False, max_entries=256)
def _comparison(url, revision, actor, scope: results.Scope) -> results.Comparison:
    del url, revision  # cache key only
    return results.comparison(bootstrap.database(), actor, scope)


@st.cache_data(show_spinner=False, max_entries=256)
def _frequent_words(url, revision, actor, scope: results.Scope, kind: str) -> results.WordView:
    del url, revision  # cache key only
    return results.frequent_words(bootstrap.database(), actor, scope, kind)


@st.cache_data(show_spinner=False, max_entries=256)
def _entry_table(url, revision, actor, scope: results.Scope, search: str, kinds: tuple[str, ...]):
    del url, revision  # cache key only
    return results.entry_table(bootstrap.database(), actor, scope, search, kinds)


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
    view = _modules_view(*_key(actor, scope), actor, scope)
    if organisation:
        _counts(view.own, t("results.counts_own", organisation=organisation))
    _counts(view.cohort, t("results.counts_cohort"), withheld=bool(view.counts_withheld))
    _withheld(view.counts_withheld)

    version, row_title = _version(), t("ambition.module")
    if organisation:
        st.markdown(f"## {t('results.ambition_heading', organisation=organisation)}")
        if view.own_ambitions:
            _draw(figures.arrows_figure(view.own_ambitions, version, t, row_title=row_title))
            answers = ambition_form.answer_rows(list(view.own_answers))
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
    view = _comparison(*_key(actor, scope), actor, scope)
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
    key = _key(actor, scope)
    whole = dataclasses.replace(scope, organisation_id=None)
    columns = st.columns(2, gap="large")
    for column, kind in zip(columns, results.ENTRY_KINDS, strict=True):
        with column:
            st.markdown(f"## {t('results.words_heading', kind=t(f'activity.{kind}'))}")
            if organisation:
                _words(_frequent_words(*key, actor, scope, kind), kind, organisation)
            _words(_frequent_words(*key, actor, whole, kind), kind, t("results.whole_cohort"))


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
    rows = _entry_table(*_key(actor, scope), actor, scope, search, tuple(kinds))
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


# ---- exports ----------------------------------------------------------------


def export_view(actor, scope: results.Scope, organisation: str | None, modules: dict) -> None:
    st.caption(t("results.export_intro"))
    db, lang = bootstrap.database(), language()
    # The files are made when the button is pressed (and logged then), not on every page run.
    buttons = (
        ("results.export_entries_csv", "innspill.csv", "text/csv", exports.entries_csv),
        ("results.export_ambitions_csv", "ambisjoner.csv", "text/csv", exports.ambitions_csv),
        (
            "results.export_xlsx",
            "samling.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            exports.workbook,
        ),
    )
    for label, file_name, mime, make in buttons:
        st.download_button(
            t(label),
            data=lambda make=make: make(db, actor, scope, lang),
            file_name=file_name,
            mime=mime,
            on_click="ignore",
            icon=":material/download:",
            key=f"download_{file_name}",
        )
    if organisation:
        _report_button(actor, scope, organisation, modules)
    else:
        st.caption(t("results.export_pdf_needs"))


def _report_button(actor, scope: results.Scope, organisation: str, modules: dict) -> None:
    choices = list(scope.module_ids or modules)
    # Start from the latest module the organisation has answered in.
    latest = _modules_view(*_key(actor, scope), actor, scope).report_module_id
    module_id = st.selectbox(
        t("results.report_module"),
        choices,
        index=choices.index(latest if latest in choices else choices[-1]),
        format_func=modules.get,
        key="report_module",
    )
    db, lang = bootstrap.database(), language()
    st.download_button(
        t("results.export_pdf", organisation=organisation, module=modules[module_id]),
        data=lambda: report.organisation_report(
            db,
            actor,
            cohort_id=scope.cohort_id,
            module_id=module_id,
            organisation_id=scope.organisation_id,
            language=lang,
        ),
        file_name="rapport.pdf",
        mime="application/pdf",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        key="download_pdf",
    )
