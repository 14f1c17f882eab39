"""A fresh install in a real browser: the first visit creates the database, applies the
migrations and leads to creating the first administrator, who can then sign in."""

from __future__ import annotations

import asyncio

from playwright.async_api import async_playwright, expect

from core import i18n, users
from core.db import Database
from tests.e2e.conftest import CHROMIUM_ARGS
from tests.e2e.test_live_loop import LOAD_TIMEOUT_MS, press_and_wait, wait_loaded

PASSWORD = "guolle-ja-bohccot-1"


def t(key: str, **params) -> str:
    return i18n.t(key, **params)


def test_first_visit_creates_the_first_administrator(tmp_path, chromium_path, serve):
    database_file = tmp_path / "fresh" / "samling.db"
    database_file.parent.mkdir()
    url = f"sqlite:///{database_file}"
    assert not database_file.exists()
    server = serve(url)
    asyncio.run(_first_visit(server.url, chromium_path))
    actor = users.actor_for(Database(url), "ande")
    assert actor is not None and actor.role == "admin" and actor.name == "Ánde Áilu"


async def _first_visit(base: str, chromium_path: str) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS
        )
        page = await browser.new_page()
        await page.goto(base)
        await wait_loaded(page)
        await expect(page.get_by_role("heading", name=t("first_run.title"))).to_be_visible(
            timeout=LOAD_TIMEOUT_MS
        )
        await page.get_by_role("textbox", name=t("first_run.name")).fill("Ánde Áilu")
        await page.get_by_role("textbox", name=t("first_run.username")).fill("ande")
        # Too short first: a clear Norwegian message, nothing created.
        await page.get_by_role("textbox", name=t("first_run.password"), exact=True).fill("kort")
        await page.get_by_role("textbox", name=t("first_run.password_again")).fill("kort")
        await page.get_by_role("button", name=t("first_run.submit")).click()
        await expect(page.get_by_text(t("error.password_too_short", min=12))).to_be_visible(
            timeout=LOAD_TIMEOUT_MS
        )
        await page.get_by_role("textbox", name=t("first_run.password"), exact=True).fill(PASSWORD)
        await page.get_by_role("textbox", name=t("first_run.password_again")).fill(PASSWORD)
        await page.get_by_role("button", name=t("first_run.submit")).click()
        await expect(page.get_by_text(t("first_run.done"))).to_be_visible(timeout=LOAD_TIMEOUT_MS)

        await page.get_by_role("link", name=t("first_run.go_facilitate")).click()
        await page.get_by_role("textbox", name=t("login.username")).fill("ande")
        await page.get_by_role("textbox", name=t("login.password")).fill(PASSWORD)
        await press_and_wait(
            page,
            page.get_by_role("button", name=t("login.submit")),
            page.get_by_role("heading", name=t("facilitate.title")),
        )
        # The form is gone for good: the bare address now leads groups to "Bli med".
        await page.goto(base)
        await expect(page.get_by_role("heading", name=t("join.title"))).to_be_visible(
            timeout=LOAD_TIMEOUT_MS
        )
        await browser.close()
