"""Ambition answers on the screen: an ambition round's figures (built in core.figures) cached
once per revision and language and shared by every screen showing the gathering, drawing any
figure with its one-line summary and its table, and stored answers as table rows."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core import ambitions, figures, i18n, settings
from pages._ui import bootstrap
from pages._ui.projector_view import Drawable, drawable
from pages._ui.text import t


@dataclass(frozen=True)
class RoundView:
    revealed: bool
    answered: int
    groups: int
    figures: tuple[Drawable, ...]  # empty until revealed


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
        _figures(overview, language, big=True) if overview.answers else (),
    )


def preview(
    actor, gathering_id: int, activity_id: int, revision: int, language: str
) -> tuple[ambitions.RoundOverview, tuple[Drawable, ...]]:
    """The facilitator's own view of a round (answers visible before the reveal), built once per
    revision rather than on every rerun of the facilitator's desk."""
    return _preview(settings.database_url(), actor, gathering_id, activity_id, revision, language)


@st.cache_data(show_spinner=False, max_entries=64)
def _preview(url, actor, gathering_id, activity_id, revision, language):
    del url, revision  # cache key only
    overview = ambitions.round_overview(
        bootstrap.database(), gathering_id, activity_id, actor=actor
    )
    return overview, _figures(overview, language, big=False) if overview.answers else ()


def _figures(overview: ambitions.RoundOverview, language: str, *, big: bool):
    def t(key: str, **params: object) -> str:
        return i18n.t(key, language, **params)

    return tuple(drawable(f) for f in figures.round_figures(overview, t, big=big))


def draw(items: tuple[Drawable, ...], t, *, heading: bool = True) -> None:
    """Each chart with its summary as visible text right under it and its table one click
    away; the chart's own alt text is the summary too."""
    for item in items:
        if heading:
            st.markdown(f"### {item.title}")
        st.vega_lite_chart(item.spec, width="stretch", alt=item.summary)
        st.caption(item.summary)
        with st.expander(t("ambition.as_table", what=item.title)):
            st.html(item.table_html)


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
