"""Samling's entry point and page table.

`streamlit run app.py` serves `app` below. The table says, for every page: its address, its
script in pages/, its title, who may open it, and whether it is live: a live page's live part
reruns when its gathering changes (pushed over the event stream below, pages/_ui/live_events.py),
and every `LIVE_FALLBACK_SECONDS` should a push be lost. The router (pages/_ui/router.py) carries
the table out on every browser run: it resolves the visitor, refuses politely who may not come
in, and draws the frame and footer.
Core checks every permission again: the table decides what is shown, not what is allowed.
"""

from pathlib import Path

import streamlit as st

from pages._ui import live_events
from pages._ui.server_start import lifespan
from pages._ui.visitor import Audience, Page, Table

ROOT = Path(__file__).resolve().parent
# A live view's slow poll, only for the case that its event stream lost an event.
LIVE_FALLBACK_SECONDS = 20.0

PAGES = Table(
    pages=(
        # The bare address: groups, mostly. Sends them on to /bli-med.
        Page("start", "start.py", "join.title", Audience.PUBLIC),
        Page("oppsett", "first_run.py", "first_run.title", Audience.PUBLIC),
        Page("bli-med", "join.py", "join.title", Audience.PUBLIC),
        Page("gruppe", "group_workspace.py", "group.title", Audience.GROUP, live=True),
        Page("fasilitator", "facilitate.py", "facilitate.title", Audience.FACILITATOR, live=True),
        Page("projektor", "projector.py", "projector.title", Audience.PROJECTOR, live=True),
        Page("resultater", "results.py", "results.title", Audience.RESULTS),
        Page("admin", "admin.py", "admin.title", Audience.ADMIN),
        Page("rammeverk", "framework_editor.py", "framework_admin.title", Audience.ADMIN),
        Page("personvern", "privacy.py", "privacy.title", Audience.PUBLIC),
    ),
    home="start",
    # Until an administrator exists, the bare address leads to creating the first one.
    home_first_run="oppsett",
    live_fallback_seconds=LIVE_FALLBACK_SECONDS,
)

# Each browser's script is pages/_ui/main.py, not this file: Streamlit treats an app whose main
# script has a pages/ folder beside it as a legacy folder-routed app on the first run after a
# start, and answers that run's address (/bli-med) with a "Page not found" dialog.
SESSION_SCRIPT = ROOT / "pages" / "_ui" / "main.py"
# The one custom route: /api/live/..., the live views' server-sent events. `lifespan` imports
# what the first session would otherwise wait for, then freezes that heap (pages/_ui/server_start).
app = st.App(SESSION_SCRIPT, routes=[live_events.ROUTE], lifespan=lifespan)
