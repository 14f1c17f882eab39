"""Figures as every screen and the PDF show them: a chart (a Vega-Lite spec from core.charts),
its one-line text summary, and the same numbers as table rows. Built once here, in the reader's
language, so the projector, the results page and the PDF say the same thing in the same words."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from core import ambitions, charts, framework, results

Translate = Callable[..., str]


@dataclass(frozen=True)
class Figure:
    title: str
    summary: str  # the chart's text alternative, shown under it too
    spec: dict  # Vega-Lite, from core.charts via Altair: built once, drawn anywhere
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # the same figures as a table; the first column names a row
    note: str = ""  # said once more under the table (e.g. how to read the arrows)

    @property
    def caption(self) -> str:
        """The table's caption: the summary, and the note where there is one."""
        return f"{self.summary} {self.note}" if self.note else self.summary


def _figure(title, summary, chart, columns, rows, note: str = "") -> Figure:
    # Without Altair's schema validation: it was 40 % of a projector rebuild (30 -> 17 ms per
    # chart). Every chart builder's spec is validated in tests/core (test_charts, whose
    # `to_dict()` validates), and the builders take no free-form structure from outside.
    return Figure(
        title,
        summary,
        chart.to_dict(validate=False),
        tuple(columns),
        tuple(tuple(row) for row in rows),
        note,
    )


def horizon_titles(t: Translate) -> tuple[str, str, str]:
    return t("ambition.now"), t("ambition.one_year"), t("ambition.three_year")


# ---- ambition on the generation scale -----------------------------------------------------------


def arrows_figure(
    rows: Iterable[tuple[str, float, float, float]],
    version: framework.Version,
    t: Translate,
    *,
    row_title: str,
    big: bool = False,
) -> Figure:
    """Each row's (a group's or a module's) now -> 1 year -> 3 years."""
    rows = list(rows)
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
    table = [
        [label, *(generation_label(version, level) for level in levels)] for label, *levels in rows
    ]
    return _figure(
        t("ambition.arrows_title"),
        summary,
        chart,
        [row_title, *titles],
        table,
        t("ambition.legend_note"),
    )


def spread_figure(
    spreads: dict[str, ambitions.Spread], version: framework.Version, t: Translate, *, big: bool
) -> Figure:
    """The median and spread of every group's answer, per horizon."""
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
    columns = ["", t("ambition.median"), t("ambition.lowest"), t("ambition.q1")]
    columns += [t("ambition.q3"), t("ambition.highest")]
    table = [
        [title, number(m), str(lo), number(q1), number(q3), str(hi)]
        for title, m, lo, q1, q3, hi in rows
    ]
    return _figure(t("ambition.spread_title"), summary, chart, columns, table)


def gap_figure(rows: list[tuple[str, int, int]], t: Translate, *, big: bool) -> Figure:
    """How far each group aims to climb in 1 and in 3 years."""
    titles = (t("ambition.one_year"), t("ambition.three_year"))
    items = "; ".join(f"{label}: {one:+d} / {three:+d}" for label, one, three in rows)
    summary = t("ambition.gap_summary", items=items or "–")
    chart = charts.gap_bars(rows, horizon_titles=titles, gap_title=t("ambition.gap_title"), big=big)
    return _figure(
        t("ambition.gap_chart_title"),
        summary,
        chart,
        [t("ambition.group"), t("ambition.gap_one_year"), t("ambition.gap_three_years")],
        [[label, f"{one:+d}", f"{three:+d}"] for label, one, three in rows],
    )


def round_figures(
    overview: ambitions.RoundOverview, t: Translate, *, big: bool
) -> tuple[Figure, ...]:
    """An ambition round's three figures: arrows, spread and gap."""

    def label(answer: ambitions.GroupAnswer) -> str:
        return (
            t("live.neutral_label", letter=answer.label)
            if overview.neutral_labels
            else answer.label
        )

    rows = [(label(a), a.now, a.one_year, a.three_year) for a in overview.answers]
    return (
        arrows_figure(rows, overview.version, t, row_title=t("ambition.group"), big=big),
        spread_figure(overview.spreads, overview.version, t, big=big),
        gap_figure([(r[0], r[2] - r[1], r[3] - r[1]) for r in rows], t, big=big),
    )


def compare_figure(
    rows: Iterable[results.CompareRow], version: framework.Version, organisation: str, t: Translate
) -> Figure:
    """One organisation's answer against the cohort's median and middle half, per module and
    horizon."""
    titles = horizon_titles(t)
    number = charts.format_number
    items = "; ".join(
        t(
            "results.compare_item",
            module=r.module_name,
            horizon=titles[r.horizon],
            organisation=organisation,
            own="–" if r.own is None else r.own,
            median=number(r.median),
            q1=number(r.q1),
            q3=number(r.q3),
        )
        for r in rows
    )
    flat = [(r.module_name, titles[r.horizon], r.own, r.median, r.q1, r.q3) for r in rows]
    chart = charts.organisation_vs_cohort(
        flat,
        version.generations,
        organisation_title=organisation,
        median_title=t("results.cohort_median"),
        axis_title=t("ambition.scale_title"),
    )
    columns = [t("ambition.module"), "", organisation, t("ambition.median")]
    columns += [t("ambition.q1"), t("ambition.q3")]
    table = [
        [module, horizon, "–" if own is None else str(own), number(med), number(q1), number(q3)]
        for module, horizon, own, med, q1, q3 in flat
    ]
    title = t("results.compare_heading", organisation=organisation)
    return _figure(title, t("results.compare_summary", items=items), chart, columns, table)


# ---- counts ------------------------------------------------------------------------------------


def counts_figure(view: results.Counts, title: str, t: Translate, themes: dict[str, str]) -> Figure:
    """Entries per module and kind (the chart) and per theme too (the table)."""
    kind = {k: t(f"activity.{k}") for k in ("barriers", "opportunities")}
    items = "; ".join(f"{x.module_name}, {kind[x.kind]}: {x.count}" for x in view.totals)
    summary = t("results.counts_summary", items=items)
    chart = charts.module_counts(
        [(x.module_name, kind[x.kind], x.count) for x in view.totals],
        kind_titles=(kind["barriers"], kind["opportunities"]),
        count_title=t("results.count_title"),
    )
    columns = [t("ambition.module"), t("export.kind"), t("export.theme"), t("results.count_title")]
    table = [
        [r.module_name, kind[r.kind], themes.get(r.theme_key, t("theme.none")), str(r.count)]
        for r in view.rows
    ]
    return _figure(title, summary, chart, columns, table)


def words_figure(rows: list[tuple[str, int]], title: str, t: Translate) -> Figure:
    """The most frequent words and how many entries used each."""
    items = ", ".join(f"{word} ({count})" for word, count in rows)
    summary = t("results.words_summary", items=items)
    return _bars(rows, title, summary, t("results.word"), t, big=False)


def live_counts_figure(rows: list[tuple[str, int]], title: str, t: Translate) -> Figure:
    """Entries so far per group or theme, for the projector."""
    items = ", ".join(f"{label}: {count}" for label, count in rows) or "–"
    summary = t("live.summary", what=title.lower(), items=items)
    return _bars(rows, title, summary, title, t, big=True)


def _bars(rows, title: str, summary: str, category_title: str, t: Translate, *, big) -> Figure:
    count_title = t("live.entries")
    chart = charts.count_bars(rows, category_title=category_title, count_title=count_title, big=big)
    table = [[label, str(count)] for label, count in rows]
    return _figure(title, summary, chart, [category_title, count_title], table)


def generation_label(version: framework.Version, number: float) -> str:
    """A generation by number and name; a median between two generations by its number."""
    generation = version.generation(number) if float(number).is_integer() else None
    return generation.label if generation else charts.format_number(number)
