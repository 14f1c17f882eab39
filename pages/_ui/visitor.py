"""What the router knows about a page and the person on it: the page table's row types (app.py
fills the table) and the visitor the router let in, which the page then reads."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from core.access import Actor
from core.db import Database
from core.gatherings import GatheringInfo, GroupInfo
from pages._ui import keys


class Audience(enum.Enum):
    """Who a page is for; pages/_ui/admission.py lets each in or says why not."""

    PUBLIC = "anyone"
    GROUP = "a leadership group, by its link's token (?gruppe=)"
    PROJECTOR = "the projector link's token (?t=), or a signed-in facilitator"
    FACILITATOR = "a signed-in facilitator or administrator"
    RESULTS = "a signed-in facilitator, administrator, or coordinator of an organisation"
    ADMIN = "a signed-in administrator"


@dataclass(frozen=True)
class Page:
    url: str  # the address after the host: /bli-med
    script: str  # the page script in pages/
    title: str  # translation key of the browser tab's title
    audience: Audience
    # A live page's live part reruns when its gathering changes (pushed, pages/_ui/live_events.py)
    # and, as a fallback should the push be lost, every `Table.live_fallback_seconds`.
    live: bool = False


@dataclass(frozen=True)
class Table:
    """app.py's page table, and where the bare address leads (before and after first run)."""

    pages: Sequence[Page]
    home: str
    home_first_run: str
    live_fallback_seconds: float = 20.0

    def page(self, url: str) -> Page:
        return next(page for page in self.pages if page.url == url)


@dataclass(frozen=True)
class Visitor:
    """Who is looking at this page, as the router let them in."""

    db: Database
    page: Page
    actor: Actor | None = None  # signed in
    group: GroupInfo | None = None  # by the group link
    gathering: GatheringInfo | None = None  # by the projector link


def current() -> Visitor:
    """The visitor the router let into the page being drawn (set on every full run)."""
    return st.session_state[keys.VISITOR]
