"""Administration: accounts (add, deactivate, last logins) and the audit log."""

import streamlit as st

from core import audit, cohorts, gatherings, users
from core.errors import SamlingError
from core.settings import local_time
from pages._ui import visitor
from pages._ui.text import show_error, t

here = visitor.current()
db, actor = here.db, here.actor

st.title(t("admin.title"))
organisations = {o.id: o.label for o in gatherings.list_organisations(db)}
accounts = users.list_users(db, actor)

st.header(t("admin.users"))
st.dataframe(
    [
        {
            t("admin.username"): u.username,
            t("admin.name"): u.name,
            t("admin.role"): t(f"role.{u.role}"),
            t("admin.organisation"): organisations.get(u.organisation_id, ""),
            t("admin.active"): t("live.yes") if u.active else t("live.no"),
            t("admin.last_login"): local_time(u.last_login_at).strftime("%d.%m.%Y %H:%M")
            if u.last_login_at
            else t("admin.never"),
        }
        for u in accounts
    ],
    hide_index=True,
    width="stretch",
)

with st.expander(t("admin.add_user")), st.form("add_user", clear_on_submit=False):
    name = st.text_input(t("admin.name"))
    username = st.text_input(t("admin.username"))
    password = st.text_input(
        t("admin.password"), type="password", help=t("first_run.password_help")
    )
    role = st.selectbox(t("admin.role"), users.ROLES, format_func=lambda r: t(f"role.{r}"))
    organisation = st.selectbox(
        t("admin.organisation_for_coordinator"),
        list(organisations),
        index=None,
        format_func=organisations.get,
        placeholder=t("join.organisation_placeholder"),
    )
    if st.form_submit_button(t("admin.add"), type="primary"):
        try:
            users.add_user(
                db,
                actor,
                username=username,
                name=name,
                password=password,
                role=role,
                organisation_id=organisation,
            )
        except SamlingError as error:
            show_error(error)
        else:
            st.success(t("admin.added", username=username.strip()))

active = {u.id: f"{u.name} ({u.username})" for u in accounts if u.active and u.id != actor.user_id}


def pick_user(key: str) -> int | None:
    return st.selectbox(
        t("admin.user"),
        list(active),
        index=None,
        format_func=active.get,
        placeholder=t("admin.choose_user"),
        key=key,
    )


def attempt(action, user_id: int | None, done: str) -> None:
    """Run one account change for the chosen user; say what happened."""
    try:
        if user_id is None:
            raise SamlingError("user_unknown")
        action(user_id)
    except SamlingError as error:
        show_error(error)
    else:
        st.success(done.format(user=active[user_id]))


with st.expander(t("admin.deactivate_user")), st.form("deactivate"):
    chosen = pick_user("deactivate_user")
    if st.form_submit_button(t("admin.deactivate")):
        attempt(lambda uid: users.deactivate(db, actor, uid), chosen, t("admin.deactivated"))

with st.expander(t("admin.reset_password")), st.form("reset_password"):
    chosen = pick_user("reset_user")
    temporary = st.text_input(
        t("admin.temporary_password"), type="password", help=t("admin.temporary_help")
    )
    if st.form_submit_button(t("admin.reset")):
        attempt(
            lambda uid: users.reset_password(db, actor, uid, temporary),
            chosen,
            t("admin.reset_done"),
        )

st.header(t("admin.delete_cohort"))
for cohort in cohorts.list_cohorts(db, actor):
    with st.expander(cohort.name), st.form(f"delete_cohort_{cohort.cohort_id}"):
        st.warning(
            t(
                "admin.delete_cohort_warning",
                name=cohort.name,
                network=cohort.network,
                gatherings=cohort.gatherings,
                groups=cohort.groups,
                entries=cohort.entries,
            )
        )
        typed = st.text_input(t("admin.delete_cohort_confirm", name=cohort.name))
        if st.form_submit_button(t("admin.delete_cohort_button")):
            try:
                removed = cohorts.delete_cohort_data(db, actor, cohort.cohort_id, typed)
            except SamlingError as error:
                show_error(error)
            else:
                st.success(
                    t("admin.delete_cohort_done", name=removed.name, entries=removed.entries)
                )

st.header(t("admin.audit"))
st.dataframe(
    [
        {
            t("admin.when"): local_time(e.at).strftime("%d.%m.%Y %H:%M:%S"),
            t("admin.username"): e.username,
            t("admin.what"): t(f"audit.{e.action}"),
            t("admin.target"): e.target,
        }
        for e in audit.events(db, actor)
    ],
    hide_index=True,
    width="stretch",
)
