"""The projector: big type for the back of the room. Join code and QR code while groups join,
then the open activity's results, redrawn within a fraction of a second of each new entry."""

import html

import streamlit as st

from core import gatherings, qr
from pages._ui import ambition_view, bootstrap, frame, links, projector_view, router, visitor
from pages._ui.text import language, t

here = visitor.current()
db, gathering = here.db, here.gathering
frame.style("projector.css")

if gathering is None:
    # No projector link: a signed-in facilitator projects one of their gatherings.
    requested = st.query_params.get("samling", "")
    known = {g.id: g for g in gatherings.list_gatherings(db, here.actor)}
    if not known:
        st.info(t("facilitate.no_gatherings"))
        frame.end_page()
    gathering = known.get(int(requested) if requested.isdigit() else -1) or next(
        iter(known.values())
    )

join_url = links.join_link(gathering.join_code)


def join_panel(big: bool) -> None:
    if big:
        text_col, qr_col = st.columns([3, 2], vertical_alignment="center")
        text_col.markdown(f"# {t('projector.join_heading')}")
        text_col.markdown(t("projector.join_how", url=links.base_url() + "/bli-med"))
        text_col.markdown(f"<p class='join-code'>{gathering.join_code}</p>", unsafe_allow_html=True)
        qr_col.image(qr.png(join_url), caption=t("projector.qr_caption"), width=360)
    else:
        st.markdown(
            f"<p class='join-strip'>{t('projector.join_strip', code=gathering.join_code)}</p>",
            unsafe_allow_html=True,
        )


@router.live_view(gathering.id)
def live_results() -> None:
    """Redrawn when the gathering changes (router.live_view); a database hiccup shows a calm
    message until the next change or the slow fallback tick tries again."""
    revision = gatherings.revision(db, gathering.id)
    snap = bootstrap.snapshot(gathering.id, revision)
    if snap.activity is None:
        join_panel(big=True)
        st.markdown(t("projector.joined", joined=snap.joined, total=len(snap.groups)))
        return
    join_panel(big=False)
    if snap.activity.is_ambition:
        draw_ambition_round(snap, revision)
        return
    view = projector_view.build(gathering.id, revision, language())
    st.html(view.header_html)
    charts_col, latest_col = st.columns([3, 2], gap="large")
    with charts_col:
        for figures in (view.groups, view.themes):
            st.vega_lite_chart(figures.spec, width="stretch", alt=figures.summary)
            with st.expander(t("projector.as_table", what=figures.title)):
                st.html(figures.table_html)
    with latest_col:
        st.markdown(f"### {t('projector.latest')}")
        st.html(view.latest_html)


def draw_ambition_round(snap, revision: int) -> None:
    """Nothing but the count of answers until the facilitator reveals the round: groups must
    not anchor on each other."""
    view = ambition_view.round_view(gathering.id, snap.activity.id, revision, language())
    st.markdown(f"## {t('activity.ambition')}")
    st.html(f"<p class='prompt'>{html.escape(snap.activity.prompt)}</p>")
    if not view.revealed:
        st.markdown(
            f"### {t('ambition.waiting_reveal', answered=view.answered, total=view.groups)}"
        )
        return
    if not view.figures:
        st.markdown(f"### {t('ambition.no_answers')}")
        return
    arrows, spread, gap = view.figures
    ambition_view.draw((arrows,), t)
    left, right = st.columns(2, gap="large")
    with left:
        ambition_view.draw((spread,), t)
    with right:
        ambition_view.draw((gap,), t)
    if snap.latest:
        st.markdown(f"### {t('ambition.initiatives_heading')}")
        st.html(projector_view.build(gathering.id, revision, language()).latest_html)


st.caption(f"{gathering.module_name} · {gathering.held_on.strftime('%d.%m.%Y')}")
live_results()
