"""Joining with the keyboard alone (WCAG 2.1.1), by typing the code as read off the projector,
and a second laptop opening the group's link landing in the same group."""

from __future__ import annotations

import asyncio
import re

from playwright.async_api import async_playwright, expect

from core import entries, gatherings, i18n, users
from tests.e2e.conftest import CHROMIUM_ARGS
from tests.e2e.test_live_loop import LOAD_TIMEOUT_MS, prepare, wait_loaded


def t(key: str, **params) -> str:
    return i18n.t(key, **params)


def test_join_by_typing_the_code_with_the_keyboard_only(tmp_path, chromium_path, serve):
    url = f"sqlite:///{tmp_path / 'keyboard.db'}"
    db, gathering, labels = prepare(url)
    server = serve(url)
    group_url = asyncio.run(_join_by_keyboard(server.url, gathering, labels[0], chromium_path))
    token = group_url.split("gruppe=", 1)[1]
    assert gatherings.group_by_token(db, token).label == labels[0]
    barriers = gatherings.activities(db, gathering.id)[0]
    gatherings.open_activity(db, users.actor_for(db, "pal"), gathering.id, barriers.id)
    entries.submit(
        db,
        token,
        activity_id=barriers.id,
        text="Skrevet på den første maskinen",
        theme_key=None,
        idempotency_key="first-laptop",
    )
    asyncio.run(_second_laptop(group_url, labels[0], chromium_path))


async def tab_to(page, locator, limit: int = 15) -> None:
    for _ in range(limit):
        await page.keyboard.press("Tab")
        if await locator.evaluate("e => e === document.activeElement"):
            return
    raise AssertionError(f"{locator} cannot be reached with Tab")


async def _join_by_keyboard(base: str, gathering, label: str, chromium_path: str) -> str:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS
        )
        page = await browser.new_page()
        await page.goto(f"{base}/bli-med")
        await wait_loaded(page)
        code_box = page.get_by_role("textbox", name=t("join.code_label"))
        await expect(code_box).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        await tab_to(page, code_box)  # from the top of the page: no mouse at all
        # Typed the way people read it off a screen: lower case, with a space.
        code = gathering.join_code.lower()
        await page.keyboard.type(f"{code[:3]} {code[3:]}")
        await page.keyboard.press("Enter")  # submits the form
        picker = page.get_by_role("combobox", name=t("join.organisation_label"))
        await expect(picker).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        await picker.focus()
        await page.keyboard.type(label[:5])
        await page.keyboard.press("Enter")
        await expect(picker).to_have_value(label, timeout=5_000)
        join_button = page.get_by_role("button", name=t("join.submit"))
        await tab_to(page, join_button)
        await page.keyboard.press("Enter")
        await expect(page.get_by_role("heading", name=label)).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        await page.wait_for_url(re.compile(r"/gruppe\?gruppe="), timeout=LOAD_TIMEOUT_MS)
        group_url = page.url
        await browser.close()
        return group_url


async def _second_laptop(group_url: str, label: str, chromium_path: str) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS
        )
        page = await (await browser.new_context()).new_page()
        await page.goto(group_url)
        await wait_loaded(page)
        await expect(page.get_by_role("heading", name=label)).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        entry = page.get_by_test_id("stText").filter(has_text="Skrevet på den første maskinen")
        await expect(entry).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        # A link with one character changed opens no group at all.
        forged = group_url[:-1] + ("A" if group_url[-1] != "A" else "B")
        await page.goto(forged)
        await wait_loaded(page)
        await expect(page.get_by_text(t("error.group_token_unknown"))).to_be_visible(
            timeout=LOAD_TIMEOUT_MS
        )
        await expect(page.get_by_role("heading", name=label)).to_have_count(0)
        await browser.close()
