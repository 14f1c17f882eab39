"""The first visit after a server start lands on the page its address names, with no "Page not
found" dialog over it. Streamlit routes the first run of a process by the legacy pages/-folder
rules when the main script has a pages/ folder beside it; app.py's st.App runs
pages/_ui/main.py instead, so there is no such folder and no such run."""

from __future__ import annotations

from playwright.sync_api import expect, sync_playwright

from core import i18n
from tests.e2e.conftest import CHROMIUM_ARGS

LOAD_TIMEOUT_MS = 30_000
# Notes any dialog that appears at any moment, even one a script closes again at once.
WATCH_FOR_DIALOGS = """
window.__dialogs = 0;
new MutationObserver(() => {
  if (document.querySelector('[data-testid="stDialog"]')) window.__dialogs += 1;
}).observe(document, {childList: true, subtree: true});
"""


def test_first_visits_after_a_start_find_their_page_and_no_dialog(tmp_path, chromium_path, serve):
    server = serve(f"sqlite:///{tmp_path / 'fresh.db'}")
    visits = {"bli-med": "join.title", "personvern": "privacy.title"}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        for number, (address, title) in enumerate(visits.items()):
            if number:
                server.restart()  # every visit is the first one of its server process
            page = browser.new_page()
            page.add_init_script(WATCH_FOR_DIALOGS)
            page.goto(f"{server.url}/{address}")
            heading = page.get_by_role("heading", name=i18n.t(title), level=1)
            expect(heading).to_be_visible(timeout=LOAD_TIMEOUT_MS)
            # The dialog, when it came, came with the first run's messages, before the page.
            page.wait_for_timeout(1500)
            assert page.evaluate("window.__dialogs") == 0, address
            assert page.url.endswith(f"/{address}")
            page.close()
        browser.close()
