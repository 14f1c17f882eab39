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
    press_and_wait,
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

    def deactivate() -> None:
        pal = users.actor_for(db, "pal")
        users.deactivate(db, users.actor_for(db, "admin"), pal.user_id)

    asyncio.run(_two_browsers(server.url, chromium_path, change_password, deactivate))
    # The second browser's click after the change did nothing: the activity is still pending.
    assert {a.state for a in gatherings.activities(db, gathering.id)} == {"pending"}


async def _two_browsers(base: str, chromium_path: str, change_password, deactivate) -> None:
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
        assert await login_cookie(venue_pc)

        # Deactivated: the login cookie is refused on the next visit, calmly.
        deactivate()
        await venue_pc.reload()
        await wait_loaded(venue_pc)
        await expect(venue_pc.get_by_text(t("login.session_ended"))).to_be_visible(
            timeout=LOAD_TIMEOUT_MS
        )
        await expect(venue_pc.get_by_text(t("error.generic"))).to_have_count(0)
        await expect(venue_pc.get_by_role("heading", name=t("facilitate.title"))).to_have_count(0)
        await browser.close()


def test_a_coordinator_is_turned_away_and_guessing_a_password_locks_the_account(
    tmp_path, chromium_path, serve
):
    url = f"sqlite:///{tmp_path / 'roles.db'}"
    db, _gathering, _labels = prepare(url)
    users.create_user(
        db,
        username="kari",
        name="Kari Koordinator",
        password=PASSWORD,
        role="coordinator",
        organisation_id=gatherings.list_organisations(db)[0].id,
    )
    server = serve(url)
    asyncio.run(_coordinator_and_guesser(server.url, chromium_path))


async def _coordinator_and_guesser(base: str, chromium_path: str) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS
        )
        coordinator = await (await browser.new_context()).new_page()
        await coordinator.goto(f"{base}/fasilitator")
        await wait_loaded(coordinator)
        await coordinator.get_by_role("textbox", name=t("login.username")).fill("kari")
        await coordinator.get_by_role("textbox", name=t("login.password")).fill(PASSWORD)
        await press_and_wait(
            coordinator,
            coordinator.get_by_role("button", name=t("login.submit")),
            coordinator.get_by_text(t("error.facilitator_only")),
        )
        await expect(coordinator.get_by_role("button", name=t("facilitate.open"))).to_have_count(0)
        # Turned away, but still signed in: the login cookie is written all the same.
        assert await login_cookie(coordinator)
        # Typing the administration page's address gets the same answer, not the controls.
        await coordinator.goto(f"{base}/admin")
        await wait_loaded(coordinator)
        await expect(coordinator.get_by_text(t("error.facilitator_only"))).to_be_visible(
            timeout=LOAD_TIMEOUT_MS
        )
        await expect(coordinator.get_by_role("heading", name=t("admin.title"))).to_have_count(0)

        guesser = await (await browser.new_context()).new_page()
        await guesser.goto(f"{base}/fasilitator")
        await wait_loaded(guesser)
        await guesser.get_by_role("textbox", name=t("login.username")).fill("pal")
        locked = guesser.get_by_text(t("error.login_locked", minutes=15))
        await guesser.get_by_role("textbox", name=t("login.password")).fill("gjett-0")
        await guesser.get_by_role("button", name=t("login.submit")).click()
        await expect(guesser.get_by_text(t("error.login_failed"))).to_be_visible(
            timeout=LOAD_TIMEOUT_MS
        )
        # Each press is answered (the password field is emptied) before the next; the fifth
        # wrong password locks the account.
        password = guesser.get_by_role("textbox", name=t("login.password"))
        await expect(password).to_have_value("", timeout=LOAD_TIMEOUT_MS)
        for attempt in range(1, 5):
            await expect(locked).to_have_count(0)
            await password.fill(f"gjett-{attempt}")
            await guesser.get_by_role("button", name=t("login.submit")).click()
            await expect(password).to_have_value("", timeout=LOAD_TIMEOUT_MS)
        await expect(locked).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        # Locked: even the right password waits, in any browser.
        await log_in_refused(browser, base)
        await browser.close()


async def log_in_refused(browser, base: str) -> None:
    page = await (await browser.new_context()).new_page()
    await page.goto(f"{base}/fasilitator")
    await wait_loaded(page)
    await page.get_by_role("textbox", name=t("login.username")).fill("pal")
    await page.get_by_role("textbox", name=t("login.password")).fill(PASSWORD)
    await page.get_by_role("button", name=t("login.submit")).click()
    await expect(page.get_by_text(t("error.login_locked", minutes=15))).to_be_visible(
        timeout=LOAD_TIMEOUT_MS
    )
    await expect(page.get_by_role("heading", name=t("facilitate.title"))).to_have_count(0)
