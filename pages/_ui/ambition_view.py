"""Ambition figures on the generation scale: each group's (or module's) now -> 1 year -> 3 years,
the spread of all groups, and the gap, each with a one-line summary and a table. The projector's
set is built once per revision and language and shared by every screen showing the gathering."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core import ambitions, charts, framework, i18n, settings
from pages._ui import bootstrap
from pages._ui.projector_view import Figure, figure, figures_table


@dataclass(frozen=True)
class RoundView:
    revealed: bool
    answered: int
    groups: int
    figures: tuple[Figure, ...]  # empty until revealed


def round_view(gathering_id: int, activity_id: int, revision: int, language: str) -> RoundView:
    return _round_view(settings.database_url(), gathering_id, activity_id, revision, language)


@st.cache_data(show_spinner=False, max_entries=128)
def _round_view(
    url: str, gathering_id: int, activity_id: int, revision: int, language: str
) -> RoundView:
    del url, revision  # cache key only
    overview = ambitions.round_overview(bootstrap.database(), gathering_id, activity_id)
    return RoundView(
        overview.revealed,
        overview.answered,
        overview.groups,
        round_figures(overview, language, big=True) if overview.answers else (),
    )


def preview(
    actor, gathering_id: int, activity_id: int, revision: int, language: str
) -> tuple[ambitions.RoundOverview, tuple[Figure, ...]]:
    """The facilitator's own view of a round (answers visible before the reveal), built once per
    revision rather than on every two-second tick of the facilitator's desk."""
    return _preview(settings.database_url(), actor, gathering_id, activity_id, revision, language)


@st.cache_data(show_spinner=False, max_entries=64)
def _preview(url, actor, gathering_id, activity_id, revision, language):
    del url, revision  # cache key only
    overview = ambitions.round_overview(
        bootstrap.database(), gathering_id, activity_id, actor=actor
    )
    figures = round_figures(overview, language, big=False) if overview.answers else ()
    return overview, figures


def round_figures(
    overview: ambitions.RoundOverview, language: str, *, big: bool
) -> tuple[Figure, ...]:
    def t(key: str, **params: object) -> str:
        return i18n.t(key, language, **params)

    def label(answer: ambitions.GroupAnswer) -> str:
        return (
            t("live.neutral_label", letter=answer.label)
            if overview.neutral_labels
            else (answer.label)
        )

    rows = [(label(a), a.now, a.one_year, a.three_year) for a in overview.answers]
    return (
        arrows_figure(rows, overview.version, t, row_title=t("ambition.group"), big=big),
        spread_figure(overview.spreads, overview.version, t, big=big),
        gap_figure([(r[0], r[2] - r[1], r[3] - r[1]) for r in rows], t, big=big),
    )


def horizon_titles(t) -> tuple[str, str, str]:
    return t("ambition.now"), t("ambition.one_year"), t("ambition.three_year")


def arrows_figure(
    rows: list[tuple[str, int, int, int]],
    version: framework.Version,
    t,
    *,
    row_title: str,
    big: bool,
) -> Figure:
    titles = horizon_titles(t)
    number = charts.format_number
    items = "; ".join(
        f"{label}: {number(now)} → {number(one)} → {number(three)}"
        for label, now, one, three in rows
    )
    summary = t("ambition.arrows_summary", items=items or "–")
    chart = charts.ambition_arrows(
        rows,
        version.generations,
        horizon_titles=titles,
        row_title=row_title,
        axis_title=t("ambition.scale_title"),
        big=big,
    )
    table = figures_table(
        [row_title, *titles],
        [[label, *(_generation(version, level) for level in levels)] for label, *levels in rows],
        f"{summary} {t('ambition.legend_note')}",
    )
    return figure(t("ambition.arrows_title"), summary, chart, table)


def spread_figure(
    spreads: dict[str, ambitions.Spread], version: framework.Version, t, *, big: bool
) -> Figure:
    titles = dict(zip(ambitions.HORIZONS, horizon_titles(t), strict=True))
    rows = [(titles[h], s.median, s.low, s.q1, s.q3, s.high) for h, s in spreads.items()]
    number = charts.format_number
    items = "; ".join(
        t("ambition.spread_item", horizon=title, median=number(median), low=low, high=high)
        for title, median, low, _q1, _q3, high in rows
    )
    count = next(iter(spreads.values())).count if spreads else 0
    summary = t("ambition.spread_summary", count=count, items=items or "–")
    chart = charts.ambition_spread(
        rows,
        version.generations,
        median_title=t("ambition.median"),
        axis_title=t("ambition.scale_title"),
        big=big,
    )
    table = figures_table(
        [
            "",
            t("ambition.median"),
            t("ambition.lowest"),
            t("ambition.q1"),
            t("ambition.q3"),
            t("ambition.highest"),
        ],
        [
            [title, number(m), str(lo), number(q1), number(q3), str(hi)]
            for title, m, lo, q1, q3, hi in rows
        ],
        summary,
    )
    return figure(t("ambition.spread_title"), summary, chart, table)


def gap_figure(rows: list[tuple[str, int, int]], t, *, big: bool) -> Figure:
    titles = (t("ambition.one_year"), t("ambition.three_year"))
    items = "; ".join(f"{label}: {one:+d} / {three:+d}" for label, one, three in rows)
    summary = t("ambition.gap_summary", items=items or "–")
    chart = charts.gap_bars(rows, horizon_titles=titles, gap_title=t("ambition.gap_title"), big=big)
    table = figures_table(
        [t("ambition.group"), t("ambition.gap_one_year"), t("ambition.gap_three_years")],
        [[label, f"{one:+d}", f"{three:+d}"] for label, one, three in rows],
        summary,
    )
    return figure(t("ambition.gap_chart_title"), summary, chart, table)


def draw(figures: tuple[Figure, ...], t, *, heading: bool = True) -> None:
    """Each chart with its summary as visible text right under it and its table one click
    away; the chart's own alt text is the summary too."""
    for item in figures:
        if heading:
            st.markdown(f"### {item.title}")
        st.vega_lite_chart(item.spec, width="stretch", alt=item.summary)
        st.caption(item.summary)
        with st.expander(t("ambition.as_table", what=item.title)):
            st.html(item.table_html)


def _generation(version: framework.Version, number: float) -> str:
    """A generation by number and name; a median between two generations by its number."""
    generation = version.generation(number) if float(number).is_integer() else None
    return generation.label if generation else charts.format_number(number)
