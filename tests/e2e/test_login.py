"""Signing in and out in real Chromium, and a password change that logs out another browser."""

from __future__ import annotations

import asyncio

from playwright.async_api import async_playwright, expect

from core import gatherings, i18n, users
from tests.e2e.conftest import CHROMIUM_ARGS
from tests.e2e.test_live_loop import (
    LOAD_TIMEOUT_MS,
    PASSWORD,
    log_in,
    login_cookie,
    prepare,
    wait_loaded,
)

NEW_PASSWORD = "et-helt-nytt-passord-2026"


def t(key: str, **params) -> str:
    return i18n.t(key, **params)


def test_logout_sticks_and_a_password_change_logs_out_the_other_browser(
    tmp_path, chromium_path, serve
):
    url = f"sqlite:///{tmp_path / 'login.db'}"
    db, gathering, _labels = prepare(url)
    server = serve(url)

    def change_password() -> None:
        users.change_password(db, users.actor_for(db, "pal"), PASSWORD, NEW_PASSWORD)

    asyncio.run(_two_browsers(server.url, chromium_path, change_password))
    # The second browser's click after the change did nothing: the activity is still pending.
    assert [a.state for a in gatherings.activities(db, gathering.id)] == ["pending", "pending"]


async def _two_browsers(base: str, chromium_path: str, change_password) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS
        )
        laptop = await (await browser.new_context()).new_page()
        venue_pc = await (await browser.new_context()).new_page()
        await log_in(laptop, base)
        await log_in(venue_pc, base)
        assert await login_cookie(laptop) and await login_cookie(venue_pc)

        # Logging out on the laptop sticks: a reload shows the login form, not the page.
        await laptop.get_by_role("button", name=t("login.logout")).click()
        await expect(laptop.get_by_role("button", name=t("login.submit"))).to_be_visible(
            timeout=LOAD_TIMEOUT_MS
        )
        await laptop.wait_for_timeout(1_000)  # let the cookie component delete the cookie
        await laptop.reload()
        await wait_loaded(laptop)
        await expect(laptop.get_by_role("button", name=t("login.submit"))).to_be_visible(
            timeout=LOAD_TIMEOUT_MS
        )
        await expect(laptop.get_by_role("heading", name=t("facilitate.title"))).to_have_count(0)

        # The password changes (elsewhere). The venue PC's next click logs it out, and the
        # click itself does nothing.
        change_password()
        await venue_pc.get_by_role("button", name=t("facilitate.open")).first.click()
        await expect(venue_pc.get_by_text(t("login.session_ended"))).to_be_visible(
            timeout=LOAD_TIMEOUT_MS
        )
        await expect(venue_pc.get_by_role("button", name=t("login.submit"))).to_be_visible()
        # Its cookie no longer brings it back either.
        await venue_pc.reload()
        await wait_loaded(venue_pc)
        await expect(venue_pc.get_by_role("button", name=t("login.submit"))).to_be_visible(
            timeout=LOAD_TIMEOUT_MS
        )
        await expect(venue_pc.get_by_role("heading", name=t("facilitate.title"))).to_have_count(0)
        # The new password works.
        await log_in(venue_pc, base, password=NEW_PASSWORD)
        await browser.close()
