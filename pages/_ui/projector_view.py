"""What a projector draws for one revision of a gathering, built once and shared by every screen
that shows it: the chart specs, their text alternatives, and the latest entries. Rebuilding two
Altair charts on every once-a-second tick was most of a tick's cost (docs/performance.md)."""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass

import streamlit as st
from streamlit import dataframe_util

from core import charts, i18n, live, settings
from pages._ui import bootstrap


@dataclass(frozen=True)
class Figure:
    title: str
    summary: str  # the chart's one-line text alternative
    spec: dict  # Vega-Lite, from core.charts via Altair, validated once
    table_html: str  # the same figures as an accessible table


@dataclass(frozen=True)
class ProjectorView:
    header_html: str  # the activity's name, its question and the count so far, in one block
    groups: Figure
    themes: Figure
    latest_html: str


def build(gathering_id: int, revision: int, language: str) -> ProjectorView:
    """An unchanged gathering costs a cache lookup; every projector of a gathering (in one
    language) shares one build per revision."""
    return _build(settings.database_url(), gathering_id, revision, language)


@st.cache_data(show_spinner=False, max_entries=256)
def _build(url: str, gathering_id: int, revision: int, language: str) -> ProjectorView:
    del url  # part of the key only: tests point the app at several databases in one process
    snapshot = bootstrap.snapshot(gathering_id, revision)

    def t(key: str, **params: object) -> str:
        return i18n.t(key, language, **params)

    activity = snapshot.activity
    assert activity is not None
    state = "projector.open" if activity.is_open else "projector.closed"
    themes = [
        (t("theme.none") if row.theme is None else row.theme, row.entries)
        for row in snapshot.themes
    ]

    def name(label: str, letter: str) -> str:
        return t("live.neutral_label", letter=letter) if snapshot.neutral_labels else label

    groups = sorted((name(g.label, g.letter), g.entries) for g in snapshot.groups)
    latest = tuple(
        dataclasses.replace(entry, group_label=name(entry.group_label, entry.letter))
        for entry in snapshot.latest
    )
    return ProjectorView(
        header_html=(
            f"<h2>{html.escape(t(f'activity.{activity.kind}'))}</h2>"
            f"<p class='prompt'>{html.escape(activity.prompt)}</p>"
            f"<h3>{html.escape(t(state, total=snapshot.total))}</h3>"
        ),
        groups=_count_view(groups, t("live.group"), t),
        themes=_count_view(themes, t("live.theme"), t),
        latest_html=latest_html(latest, t("projector.latest"), t("projector.no_entries")),
    )


def _count_view(rows: list[tuple[str, int]], title: str, t) -> Figure:
    items = ", ".join(f"{label}: {count}" for label, count in rows) or "–"
    summary = t("live.summary", what=title.lower(), items=items)
    chart = charts.count_bars(rows, category_title=title, count_title=t("live.entries"), big=True)
    return figure(title, summary, chart, table_html(rows, title, t("live.entries"), summary))


def figure(title: str, summary: str, chart, table: str) -> Figure:
    spec = chart.to_dict()
    # Streamlit turns chart data into Arrow on every draw unless it already is Arrow; do it once.
    spec["datasets"] = {
        name: dataframe_util.convert_anything_to_arrow_bytes(values)
        for name, values in spec.get("datasets", {}).items()
    }
    return Figure(title, summary, spec, table)


def table_html(rows: list[tuple[str, int]], title: str, count_title: str, summary: str) -> str:
    """A plain table captioned with the chart's summary; every value escaped, since group names
    and themes are data.

    >>> table_html([("<b>A</b>", 2)], "Gruppe", "Innspill", "A: 2")
    '<table class="figures"><caption>A: 2</caption><thead><tr><th scope="col">Gruppe</th><th \
scope="col">Innspill</th></tr></thead><tbody><tr><th scope="row">&lt;b&gt;A&lt;/b&gt;</th><td>2\
</td></tr></tbody></table>'
    """
    return figures_table(
        [title, count_title], [[label, str(count)] for label, count in rows], summary
    )


def figures_table(columns: list[str], rows: list[list[str]], summary: str) -> str:
    """A table whose first column names each row; every value escaped."""
    head = "".join(f'<th scope="col">{html.escape(column)}</th>' for column in columns)
    body = "".join(
        f'<tr><th scope="row">{html.escape(row[0])}</th>'
        + "".join(f"<td>{html.escape(value)}</td>" for value in row[1:])
        + "</tr>"
        for row in rows
    )
    return (
        f'<table class="figures"><caption>{html.escape(summary)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def latest_html(latest: tuple[live.LatestEntry, ...], heading: str, empty: str) -> str:
    """The latest entries as one block of text. Entries are escaped: what a group typed is shown
    exactly as typed, never as markup.

    >>> latest_html((live.LatestEntry("Alta", "<script>x</script>", None),), "Siste", "Ingen")
    '<section class="latest" aria-label="Siste"><ul><li><span class="who">Alta</span><span \
class="what">&lt;script&gt;x&lt;/script&gt;</span></li></ul></section>'
    """
    if not latest:
        items = f'<p class="what">{html.escape(empty)}</p>'
    else:
        lines = []
        for entry in latest:
            who = entry.group_label + (f" · {entry.theme}" if entry.theme else "")
            lines.append(
                f'<li><span class="who">{html.escape(who)}</span>'
                f'<span class="what">{html.escape(entry.text)}</span></li>'
            )
        items = f"<ul>{''.join(lines)}</ul>"
    return f'<section class="latest" aria-label="{html.escape(heading)}">{items}</section>'
