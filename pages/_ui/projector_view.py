"""What a projector draws for one revision of a gathering, built once and shared by every screen
that shows it: the chart specs, their text alternatives, and the latest entries. Rebuilding two
Altair charts on every once-a-second tick was most of a tick's cost (docs/performance.md)."""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass

import pyarrow as pa
import streamlit as st

from core import figures, i18n, live, settings
from pages._ui import bootstrap


@dataclass(frozen=True)
class Drawable:
    """A core figure as a page draws it (see ambition_view.draw)."""

    title: str
    summary: str  # the chart's one-line text alternative
    spec: dict  # Vega-Lite, from core.figures: the plain dict, handed to st.vega_lite_chart
    table_html: str  # the same figures as an accessible table


def drawable(figure: figures.Figure) -> Drawable:
    table = figures_table(list(figure.columns), [list(row) for row in figure.rows], figure.caption)
    return Drawable(figure.title, figure.summary, _with_arrow_data(figure.spec), table)


def _with_arrow_data(spec: dict) -> dict:
    """The chart's rows as Arrow tables, made once per build: st.vega_lite_chart turns each
    dataset into Arrow on every draw, through pandas for a list of rows (4 ms of an unchanged
    projector rerun), and copies an Arrow table as it is."""
    datasets = {}
    for name, rows in spec.get("datasets", {}).items():
        try:
            datasets[name] = pa.Table.from_pylist(rows)
        except (pa.ArrowException, TypeError, ValueError):
            datasets[name] = rows  # Streamlit converts it itself, as before
    return {**spec, "datasets": datasets} if datasets else spec


@dataclass(frozen=True)
class ProjectorView:
    header_html: str  # the activity's name, its question and the count so far, in one block
    groups: Drawable
    themes: Drawable
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
        groups=drawable(figures.live_counts_figure(groups, t("live.group"), t)),
        themes=drawable(figures.live_counts_figure(themes, t("live.theme"), t)),
        latest_html=latest_html(latest, t("projector.latest"), t("projector.no_entries")),
    )


def figures_table(columns: list[str], rows: list[list[str]], summary: str) -> str:
    """A table captioned with the chart's summary, whose first column names each row; every
    value escaped, since group names and themes are data.

    >>> figures_table(["Gruppe", "Innspill"], [["<b>A</b>", "2"]], "A: 2")
    '<table class="figures"><caption>A: 2</caption><thead><tr><th scope="col">Gruppe</th><th \
scope="col">Innspill</th></tr></thead><tbody><tr><th scope="row">&lt;b&gt;A&lt;/b&gt;</th><td>2\
</td></tr></tbody></table>'
    """
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
