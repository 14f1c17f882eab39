"""The facilitator's desk: create a gathering, open and close activities, watch entries arrive
and hide any that must not reach the projector."""

import datetime as dt

import streamlit as st

from core import gatherings
from core.errors import SamlingError
from pages._ui import facilitator_live, frame, keys, links, router, visitor
from pages._ui.text import show_error, t

here = visitor.current()
db, actor = here.db, here.actor
st.title(t("facilitate.title"))

with st.expander(t("facilitate.new_gathering"), expanded=not gatherings.list_gatherings(db, actor)):
    modules = {
        m.id: f"{m.name} ({m.cohort_name})" for m in gatherings.list_modules(db, actor.network_id)
    }
    organisations = {o.id: o.label for o in gatherings.list_organisations(db)}
    with st.form("new_gathering"):
        module_id = st.selectbox(t("facilitate.module"), list(modules), format_func=modules.get)
        held_on = st.date_input(t("facilitate.date"), value=dt.date.today(), format="DD.MM.YYYY")
        digital = st.checkbox(t("facilitate.digital"))
        place = st.text_input(t("facilitate.place"))
        chosen = st.multiselect(
            t("facilitate.organisations"), list(organisations), format_func=organisations.get
        )
        if st.form_submit_button(t("facilitate.create"), type="primary"):
            try:
                created = gatherings.create_gathering(
                    db,
                    actor,
                    module_id=module_id,
                    held_on=held_on,
                    place=None if digital else place,
                    organisation_ids=chosen,
                )
            except SamlingError as error:
                show_error(error)
            else:
                st.query_params["samling"] = str(created.id)
                st.rerun()

known = {g.id: g for g in gatherings.list_gatherings(db, actor)}
if not known:
    st.info(t("facilitate.no_gatherings"))
    frame.end_page()
requested = st.query_params.get("samling", "")
default_id = (
    int(requested) if requested.isdigit() and int(requested) in known else next(iter(known))
)
gathering_id = st.selectbox(
    t("facilitate.choose_gathering"),
    list(known),
    index=list(known).index(default_id),
    format_func=lambda gid: t(
        "facilitate.gathering_option",
        module=known[gid].module_name,
        date=known[gid].held_on.strftime("%d.%m.%Y"),
        place=known[gid].place or t("facilitate.digital_short"),
        code=known[gid].join_code,
    ),
)
st.query_params["samling"] = str(gathering_id)
gathering = known[gathering_id]

code_col, link_col = st.columns([1, 2])
code_col.metric(t("facilitate.join_code"), gathering.join_code)
link_col.write(t("facilitate.join_link"))
link_col.code(links.join_link(gathering.join_code), language=None)
link_col.link_button(
    t("facilitate.open_projector"),
    links.projector_link(gathering.projector_token),
    icon=":material/slideshow:",
)

st.toggle(
    t("facilitate.neutral_labels"),
    value=gathering.neutral_labels,
    help=t("facilitate.neutral_labels_help"),
    key=keys.neutral_labels(gathering_id),
    # Through frame.act, like every button: the login is checked and a refusal is said calmly.
    on_change=frame.act,
    args=(
        lambda: gatherings.use_neutral_labels(
            db, actor, gathering_id, st.session_state[keys.neutral_labels(gathering_id)]
        ),
    ),
)

st.header(t("facilitate.activities"))
for activity in gatherings.activities(db, gathering_id):
    name_col, state_col, action_col = st.columns([3, 1, 1], vertical_alignment="center")
    name_col.write(f"**{t(f'activity.{activity.kind}')}** – {activity.prompt}")
    state_col.write(t(f"activity.state.{activity.state}"))
    # Callbacks that name the state they want (open this, close that), not toggles: a click that
    # lands during another run is not lost, and pressing twice is harmless.
    if activity.is_open:
        action_col.button(
            t("facilitate.close"),
            key=f"close_{activity.id}",
            on_click=frame.act,
            args=(gatherings.close_activity, db, actor, gathering_id, activity.id),
        )
    else:
        action_col.button(
            t("facilitate.open"),
            key=f"open_{activity.id}",
            type="primary",
            on_click=frame.act,
            args=(gatherings.open_activity, db, actor, gathering_id, activity.id),
        )
    if activity.is_ambition:
        facilitator_live.ambition_controls(db, actor, gathering_id, activity)


@router.live_view(gathering_id)
def live_overview() -> None:
    facilitator_live.draw_overview(db, actor, gathering_id, gatherings.revision(db, gathering_id))


live_overview()
