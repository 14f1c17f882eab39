"""A group's laptops agree (issue 10, item 5): two laptops on the same group's page. Laptop B types
slowly into the new barrier while laptop A saves three entries; B's text and its focus survive
B's page following A's saves, B shows A's entries by push (the fallback poll is 20 s), and then
A shows what B saved."""

from __future__ import annotations

import asyncio
import time

from playwright.async_api import Page, async_playwright, expect

from tests.e2e.conftest import CHROMIUM_ARGS
from tests.e2e.test_ambition import join_all
from tests.e2e.test_live_loop import (
    LOAD_TIMEOUT_MS,
    open_barriers,
    prepare,
    submit_entry,
    t,
    wait_loaded,
)

PUSH_BOUND_S = 5.0  # well under the 20 s fallback poll: only a pushed change arrives this soon
B_TYPES = ("Laptop B skriver ", "sakte, bokstav for bokstav, ", "mens laptop A lagrer ", "tre.")
A_SAVES = tuple(f"Laptop A sitt innspill {i}" for i in (1, 2, 3))


def test_a_groups_second_laptop_keeps_its_text_and_shows_the_firsts_entries(
    tmp_path, chromium_path, serve
):
    url = f"sqlite:///{tmp_path / 'e2e.db'}"
    db, gathering, _labels = prepare(url)
    group = next(iter(join_all(db, gathering).values()))
    open_barriers(db, gathering)
    server = serve(url)
    asyncio.run(_two_laptops(f"{server.url}/gruppe?gruppe={group.token}", chromium_path))


def _listed(page: Page, text: str):
    """An entry in the group's own list (plain text), not the text being typed."""
    return page.get_by_test_id("stText").filter(has_text=text)


async def _two_laptops(group_url: str, chromium_path: str) -> None:
    label = t("group.new_label.barriers")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS
        )
        a, b = [
            await (await browser.new_context(viewport={"width": 1400, "height": 1000})).new_page()
            for _ in range(2)
        ]
        for page in (a, b):
            await page.goto(group_url)
            await wait_loaded(page)
            await expect(page.get_by_role("textbox", name=label)).to_be_visible(
                timeout=LOAD_TIMEOUT_MS
            )
        box = b.get_by_role("textbox", name=label)
        await box.click()
        started = time.monotonic()
        saved_at: list[float] = []

        async def a_saves() -> None:
            for text in A_SAVES:
                await submit_entry(a, label, text)  # until A's own list shows it
                saved_at.append(time.monotonic())

        async def b_types() -> None:
            for chunk in B_TYPES:
                await b.keyboard.type(chunk, delay=120)
            typing_done.append(time.monotonic())

        seen_at: list[float] = []
        typing_done: list[float] = []

        async def b_follows() -> None:
            for text in A_SAVES:
                await expect(_listed(b, text)).to_be_visible(timeout=LOAD_TIMEOUT_MS)
                seen_at.append(time.monotonic())

        await asyncio.gather(a_saves(), b_types(), b_follows())
        lags = [seen - saved for seen, saved in zip(seen_at, saved_at, strict=True)]
        print(
            "B showed A's entries "
            + ", ".join(f"{lag:.2f} s" for lag in lags)
            + " after A's own list did (negative: B first);"
            + f" B typed for {typing_done[0] - started:.1f} s"
        )
        # B's page followed A's saves while B was still typing: the updates did happen then.
        assert seen_at[0] < typing_done[0]
        assert max(lags) < PUSH_BOUND_S
        typed = "".join(B_TYPES)
        await expect(box).to_have_value(typed)
        await expect(box).to_be_focused()

        await b.get_by_role("button", name=t("group.save"), exact=True).click()
        await expect(_listed(b, typed)).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        own_list = time.monotonic()
        await expect(box).to_have_value("", timeout=LOAD_TIMEOUT_MS)
        await expect(_listed(a, typed)).to_be_visible(timeout=PUSH_BOUND_S * 1000)
        print(f"A showed B's entry {time.monotonic() - own_list:.2f} s after B's own list did")
        await browser.close()
