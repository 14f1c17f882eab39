"""Letting a visitor into a page, by the audience app.py's table gives it: anyone, a leadership
group by its link, a projector by its link or a facilitator, or someone signed in with the right
role. A visitor who may not come in gets a calm message saying why (and the way back), never a
traceback; the page itself then does not run."""

from __future__ import annotations

import streamlit as st

from core import gatherings
from core.errors import SamlingError
from pages._ui import auth, bootstrap, guessing, keys, links
from pages._ui.text import show_error, t
from pages._ui.visitor import Audience, Page, Visitor


def admit(page: Page) -> Visitor | None:
    """The visitor this page is for, or None (after saying why) for anyone else."""
    db = bootstrap.database()
    visitor = Visitor(db, page)
    if page.audience is Audience.PUBLIC:
        return visitor
    if page.audience is Audience.GROUP:
        return _group(visitor)
    if page.audience is Audience.PROJECTOR and st.query_params.get("t"):
        return _projector_link(visitor, st.query_params["t"])
    actor = auth.signed_in()
    if actor is None:
        return None
    facilitators = (Audience.FACILITATOR, Audience.PROJECTOR, Audience.ADMIN)
    if page.audience in facilitators and not actor.can_facilitate:
        auth.refuse("error.facilitator_only")
        return None
    if page.audience is Audience.ADMIN and actor.role != "admin":
        auth.refuse("error.admin_only")
        return None
    if page.audience is Audience.RESULTS and not (
        actor.can_facilitate or actor.organisation_id is not None
    ):
        st.warning(t("results.no_organisation"))
        return None
    return Visitor(db, page, actor=actor)


def _group(visitor: Visitor) -> Visitor | None:
    """A leadership group, by the token in its link (?gruppe=)."""
    token = st.query_params.get("gruppe", "")
    if guessing.blocked():
        return None
    try:
        group = gatherings.group_by_token(visitor.db, token)
    except SamlingError as error:
        guessing.failed(token)
        show_error(error)
        links.link("bli-med", t("group.back_to_join"))
        return None
    return Visitor(visitor.db, visitor.page, group=group)


def _projector_link(visitor: Visitor, token: str) -> Visitor | None:
    """A venue PC with the projector link (?t=): looked up once per browser session, not on
    every rerun."""
    cached = st.session_state.get(keys.PROJECTOR_GATHERING)
    if cached is None or cached[0] != token:
        if guessing.blocked():
            return None
        try:
            cached = (token, gatherings.gathering_by_projector_token(visitor.db, token))
        except SamlingError as error:
            guessing.failed(token)
            show_error(error)
            return None
        st.session_state[keys.PROJECTOR_GATHERING] = cached
    return Visitor(visitor.db, visitor.page, gathering=cached[1])
