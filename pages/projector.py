"""The projector: big type for the back of the room. Join code and QR code while groups join,
then the open activity's results, refreshed within about a second of each new entry."""

import html

import streamlit as st

from core import charts, gatherings, qr
from core.errors import SamlingError
from pages._ui import auth, bootstrap, frame, links
from pages._ui.text import show_error, t

REFRESH_SECONDS = 1

db = bootstrap.database()
frame.style("projector.css")

token = st.query_params.get("t", "")
try:
    if token:
        gathering = gatherings.gathering_by_projector_token(db, token)
    else:
        # Without a projector link, a signed-in facilitator may project any gathering.
        actor = auth.require_facilitator()
        requested = st.query_params.get("samling", "")
        known = {g.id: g for g in gatherings.list_gatherings(db, actor)}
        if not known:
            st.info(t("facilitate.no_gatherings"))
            st.stop()
        gathering = known.get(int(requested) if requested.isdigit() else -1) or next(
            iter(known.values())
        )
except SamlingError as error:
    show_error(error)
    st.stop()

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


@st.fragment(run_every=REFRESH_SECONDS)
def live_results() -> None:
    # A fragment tick runs outside app.py's guard: a database hiccup shows a calm message for
    # one second and the next tick tries again.
    with frame.friendly_errors():
        draw_results()


def draw_results() -> None:
    snap = bootstrap.snapshot(gathering.id, gatherings.revision(db, gathering.id))
    if snap.activity is None:
        join_panel(big=True)
        st.markdown(t("projector.joined", joined=snap.joined, total=len(snap.groups)))
        return
    join_panel(big=False)
    st.markdown(f"## {t(f'activity.{snap.activity.kind}')}")
    prompt = html.escape(snap.activity.prompt)
    st.markdown(f"<p class='prompt'>{prompt}</p>", unsafe_allow_html=True)
    state = "projector.open" if snap.activity.is_open else "projector.closed"
    st.markdown(f"### {t(state, total=snap.total)}")
    charts_col, latest_col = st.columns([3, 2], gap="large")
    with charts_col:
        count_chart([(g.label, g.entries) for g in snap.groups], t("live.group"))
        count_chart(
            [(t("theme.none") if r.theme is None else r.theme, r.entries) for r in snap.themes],
            t("live.theme"),
        )
    with latest_col:
        st.markdown(f"### {t('projector.latest')}")
        if not snap.latest:
            st.markdown(t("projector.no_entries"))
        for item in snap.latest:
            with st.container(border=True):
                st.caption(item.group_label + (f" · {item.theme}" if item.theme else ""))
                st.text(item.text)


def count_chart(rows: list[tuple[str, int]], title: str) -> None:
    """A bar chart with its text alternative: a one-line summary and the same figures as a table."""
    items = ", ".join(f"{label}: {count}" for label, count in rows) or "–"
    summary = t("live.summary", what=title.lower(), items=items)
    chart = charts.count_bars(rows, category_title=title, count_title=t("live.entries"), big=True)
    st.altair_chart(chart, width="stretch", alt=summary)
    with st.expander(t("projector.as_table", what=title)):
        st.caption(summary)
        st.table({title: [r[0] for r in rows], t("live.entries"): [r[1] for r in rows]})


st.caption(f"{gathering.module_name} · {gathering.held_on.strftime('%d.%m.%Y')}")
live_results()
frame.footer()
