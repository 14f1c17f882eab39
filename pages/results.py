"""Results afterwards, for coordinators and facilitators: choose cohort, modules, gathering,
organisation and theme, then see the modules side by side, one organisation against the cohort,
what the room said, every entry, and download it. A coordinator's organisation is their own and
cannot be changed here; core gives them everything else only as aggregates."""

import streamlit as st

from core import framework, gatherings, results
from core.errors import SamlingError
from pages._ui import frame, results_exports, results_views, visitor
from pages._ui.text import show_error, t

here = visitor.current()
db, actor = here.db, here.actor
st.title(t("results.title"))

try:
    cohorts = {c.id: c.name for c in results.cohorts_for(db, actor)}
    if not cohorts:
        st.info(t("results.no_cohorts"))
        frame.end_page()
    top = st.columns(3)
    cohort_id = top[0].selectbox(t("results.cohort"), list(cohorts), format_func=cohorts.get)
    modules = {m.id: m.name for m in results.modules_of(db, actor, cohort_id)}
    chosen_modules = top[1].multiselect(
        t("results.modules"), list(modules), default=list(modules), format_func=modules.get
    )
    organisations = {o.id: o.name for o in results.organisations_of(db, actor, cohort_id)}
    if not actor.can_facilitate and actor.organisation_id not in organisations:
        # A coordinator whose organisation has not taken part in this cohort yet.
        organisations[actor.organisation_id] = next(
            o.label for o in gatherings.list_organisations(db) if o.id == actor.organisation_id
        )
    if actor.can_facilitate:
        # 0, not None, for "the whole cohort": a keyed selectbox shows None as an empty choice.
        organisation_id = (
            top[2].selectbox(
                t("results.organisation"),
                [0, *organisations],
                format_func=lambda oid: organisations.get(oid, t("results.whole_cohort")),
                key="results_organisation",
            )
            or None
        )
    else:
        # No widget and no address parameter: there is nothing to choose but one's own.
        organisation_id = actor.organisation_id
        top[2].text_input(
            t("results.organisation"), organisations.get(organisation_id, ""), disabled=True
        )
    scope = results.Scope(cohort_id, tuple(chosen_modules))
    bottom = st.columns(2)
    known_gatherings = {
        g.id: f"{g.module_name} · {g.held_on:%d.%m.%Y} · {g.place or t('facilitate.digital_short')}"
        for g in results.gatherings_of(db, actor, scope)
    }
    gathering_id = bottom[0].selectbox(
        t("results.gathering"),
        [None, *known_gatherings],
        format_func=lambda gid: known_gatherings.get(gid, t("results.all_gatherings")),
    )
    themes = {theme.key: theme.name for theme in framework.themes()}
    theme_key = bottom[1].selectbox(
        t("results.theme"),
        [None, *themes],
        format_func=lambda key: themes.get(key, t("results.all_themes")),
    )
    scope = results.Scope(
        cohort_id, tuple(chosen_modules), gathering_id, organisation_id, theme_key
    )
    organisation = organisations.get(organisation_id)

    tabs = st.tabs(
        [
            t("results.tab_modules"),
            t("results.tab_compare"),
            t("results.tab_words"),
            t("results.tab_entries"),
            t("results.tab_export"),
        ]
    )
    with tabs[0]:
        results_views.modules_view(actor, scope, organisation)
    with tabs[1]:
        results_views.compare_view(actor, scope, organisation)
    with tabs[2]:
        results_views.words_view(actor, scope, organisation, modules)
    with tabs[3]:
        results_views.entries_view(actor, scope)
    with tabs[4]:
        results_exports.export_view(actor, scope, organisation, modules)
except SamlingError as error:
    show_error(error)
