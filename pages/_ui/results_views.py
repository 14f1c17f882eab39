"""The results page's views, one function each: the modules side by side, one organisation
against the cohort, what the room said, all entries, and exports. Every chart comes with a
one-line summary and a table; what core withholds (too few organisations) is said in words.
Core reads are cached for a minute per reader and scope: results change rarely after a
gathering, and a facilitator's cohort-wide view is the heaviest read in the app."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from core import access, ambitions, charts, exports, framework, report, results, settings
from pages._ui import ambition_form, ambition_view, bootstrap
from pages._ui.projector_view import figure, figures_table
from pages._ui.text import language, t

CACHE_SECONDS = 60
TABLE_ROWS = 2000


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False, max_entries=256)
def _read(name: str, url: str, actor, scope: results.Scope, *args):
    del url  # cache key only
    return getattr(results, name)(bootstrap.database(), actor, scope, *args)


def read(name: str, actor, scope: results.Scope, *args):
    return _read(name, settings.database_url(), actor, scope, *args)


def kind_titles() -> tuple[str, str]:
    return t("activity.barriers"), t("activity.opportunities")


# ---- the modules side by side ----------------------------------------------------------------


def modules_view(actor, scope: results.Scope, organisation: str | None) -> None:
    counts = read("entry_counts", actor, scope)
    if organisation:
        _counts_figure(counts.own, t("results.counts_own", organisation=organisation))
    _counts_figure(counts.cohort, t("results.counts_cohort"), withheld=bool(counts.withheld))
    _withheld([w.module_name for w in counts.withheld], [w.organisations for w in counts.withheld])

    by_module = read("ambition_by_module", actor, scope)
    version = _version()
    if organisation:
        own = [(m.module_name, *m.own) for m in by_module if m.own]
        st.markdown(f"## {t('results.ambition_heading', organisation=organisation)}")
        if own:
            ambition_view.draw(
                (
                    ambition_view.arrows_figure(
                        own, version, t, row_title=t("ambition.module"), big=False
                    ),
                ),
                t,
                heading=False,
            )
            answers = ambitions.organisation_answers(
                bootstrap.database(), actor, scope.organisation_id
            )
            st.dataframe(ambition_form.answer_rows(answers), hide_index=True, width="stretch")
        else:
            st.info(t("results.no_ambitions", organisation=organisation))
    medians = [
        (m.module_name, *(m.cohort[h].median for h in ambitions.HORIZONS))
        for m in by_module
        if m.cohort
    ]
    st.markdown(f"## {t('results.ambition_cohort')}")
    if medians:
        ambition_view.draw(
            (
                ambition_view.arrows_figure(
                    medians, version, t, row_title=t("ambition.module"), big=False
                ),
            ),
            t,
            heading=False,
        )
    _withheld(
        [m.module_name for m in by_module if m.withheld],
        [m.other_organisations for m in by_module if m.withheld],
    )


def _counts_figure(
    rows: tuple[results.CountRow, ...], title: str, *, withheld: bool = False
) -> None:
    st.markdown(f"## {title}")
    if not rows:
        if not withheld:  # withheld figures are explained below, not called empty
            st.caption(t("results.counts_none"))
        return
    totals: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row.module_name, t(f"activity.{row.kind}"))
        totals[key] = totals.get(key, 0) + row.count
    items = "; ".join(f"{module}, {kind}: {count}" for (module, kind), count in totals.items())
    summary = t("results.counts_summary", items=items)
    chart = charts.module_counts(
        [(module, kind, count) for (module, kind), count in totals.items()],
        kind_titles=kind_titles(),
        count_title=t("results.count_title"),
    )
    themes = {theme.key: theme.name for theme in framework.themes()}
    table = figures_table(
        [t("ambition.module"), t("export.kind"), t("export.theme"), t("results.count_title")],
        [
            [
                r.module_name,
                t(f"activity.{r.kind}"),
                themes.get(r.theme_key, t("theme.none")),
                str(r.count),
            ]
            for r in rows
        ],
        summary,
    )
    ambition_view.draw((figure(title, summary, chart, table),), t, heading=False)


def _withheld(modules: list[str], organisations: list[int]) -> None:
    if modules:
        st.info(
            t(
                "results.withheld",
                modules=", ".join(modules),
                organisations=max(organisations),
                minimum=access.MIN_ORGANISATIONS,
            ),
            icon=":material/lock:",
        )


# ---- one organisation against the cohort -------------------------------------------------------


def compare_view(actor, scope: results.Scope, organisation: str | None) -> None:
    if not organisation:
        st.info(t("results.pick_organisation"))
        return
    by_module = read("ambition_by_module", actor, scope)
    titles = ambition_view.horizon_titles(t)
    number = charts.format_number
    rows, items = [], []
    for m in by_module:
        if not m.cohort:
            continue
        for index, horizon in enumerate(ambitions.HORIZONS):
            own = m.own[index] if m.own else None
            s = m.cohort[horizon]
            rows.append((m.module_name, titles[index], own, s.median, s.q1, s.q3))
            items.append(
                t(
                    "results.compare_item",
                    module=m.module_name,
                    horizon=titles[index],
                    organisation=organisation,
                    own="–" if own is None else own,
                    median=number(s.median),
                    q1=number(s.q1),
                    q3=number(s.q3),
                )
            )
    title = t("results.compare_heading", organisation=organisation)
    st.markdown(f"## {title}")
    if rows:
        summary = t("results.compare_summary", items="; ".join(items))
        chart = charts.organisation_vs_cohort(
            rows,
            _version().generations,
            organisation_title=organisation,
            median_title=t("results.cohort_median"),
            axis_title=t("ambition.scale_title"),
        )
        table = figures_table(
            [
                t("ambition.module"),
                "",
                organisation,
                t("ambition.median"),
                t("ambition.q1"),
                t("ambition.q3"),
            ],
            [
                [
                    module,
                    horizon,
                    "–" if own is None else str(own),
                    number(med),
                    number(q1),
                    number(q3),
                ]
                for module, horizon, own, med, q1, q3 in rows
            ],
            summary,
        )
        ambition_view.draw((figure(title, summary, chart, table),), t, heading=False)
        st.dataframe(
            [
                {
                    t("ambition.module"): m.module_name,
                    t("results.gap_own", organisation=organisation): m.own_gap,
                    t("results.gap_cohort"): m.cohort_gap.median if m.cohort_gap else None,
                }
                for m in by_module
                if m.cohort
            ],
            hide_index=True,
            width="stretch",
        )
    _withheld(
        [m.module_name for m in by_module if m.withheld],
        [m.other_organisations for m in by_module if m.withheld],
    )


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
    columns = st.columns(2, gap="large")
    for column, kind in zip(columns, results.ENTRY_KINDS, strict=True):
        with column:
            st.markdown(f"## {t('results.words_heading', kind=t(f'activity.{kind}'))}")
            if organisation:
                _words(actor, scope, kind, organisation)
            _words(
                actor,
                dataclasses.replace(scope, organisation_id=None),
                kind,
                t("results.whole_cohort"),
            )


def _words(actor, scope: results.Scope, kind: str, whose: str) -> None:
    view = read("frequent_words", actor, scope, kind)
    st.markdown(f"### {whose}")
    if view.withheld:
        _withheld([whose], [view.organisations])
        return
    if not view.terms:
        st.caption(t("results.words_none"))
        return
    rows = [(term.text, term.count) for term in view.terms]
    items = ", ".join(f"{word} ({count})" for word, count in rows)
    summary = t("results.words_summary", items=items)
    chart = charts.count_bars(rows, category_title=t("results.word"), count_title=t("live.entries"))
    table = figures_table(
        [t("results.word"), t("live.entries")], [[w, str(c)] for w, c in rows], summary
    )
    title = f"{t(f'activity.{kind}')} · {whose}"
    ambition_view.draw((figure(title, summary, chart, table),), t, heading=False)
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
    rows = read("entry_table", actor, scope, search, tuple(kinds))
    st.caption(t("results.entries_count", count=len(rows)))
    if len(rows) > TABLE_ROWS:
        st.caption(t("results.entries_capped", shown=TABLE_ROWS))
    themes = {theme.key: theme.name for theme in framework.themes()}
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
    if not organisation:
        st.caption(t("results.export_pdf_needs"))
        return
    choices = list(scope.module_ids or modules)
    # Start from the latest module the organisation has answered in.
    answered = [m.module_id for m in read("ambition_by_module", actor, scope) if m.own]
    latest = next((m for m in reversed(choices) if m in answered), choices[-1])
    module_id = st.selectbox(
        t("results.report_module"),
        choices,
        index=choices.index(latest),
        format_func=modules.get,
        key="report_module",
    )
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


def _version() -> framework.Version:
    return framework.current(bootstrap.database())
