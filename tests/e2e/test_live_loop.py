"""The live loop in real Chromium: a facilitator, a projector and three groups, each in its own
browser context, at the same time, against `streamlit run app.py` — including a server restart."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import re
import time
from urllib.parse import urlsplit

from playwright.async_api import Page, async_playwright, expect
from playwright.async_api import TimeoutError as PlaywrightTimeoutError
from sqlalchemy import func, select

from core import framework, gatherings, i18n, users
from core.db import Database
from core.models import Entry
from pages._ui.login_cookie import COOKIE_NAME
from tests.e2e.conftest import CHROMIUM_ARGS, AppServer

PASSWORD = "fasilitator-passord-2026"
ENTRIES_PER_GROUP = 5
LOAD_TIMEOUT_MS = 30_000


def t(key: str, **params) -> str:
    return i18n.t(key, **params)


def open_barriers(db: Database, gathering):
    """The facilitator ("pal", made by `prepare`) opens the gathering's *Barrierer*."""
    activity = next(a for a in gatherings.activities(db, gathering.id) if a.kind == "barriers")
    gatherings.open_activity(db, users.actor_for(db, "pal"), gathering.id, activity.id)
    return activity


def prepare(url: str):
    db = Database(url)
    db.upgrade()
    framework.ensure_seeded(db)
    users.create_first_admin(db, username="admin", name="Ada Admin", password=PASSWORD)
    actor = users.create_user(
        db, username="pal", name="Pål Prosessleder", password=PASSWORD, role="facilitator"
    )
    wanted = {"5501", "5622", "5612"}  # Tromsø, Porsáŋgu, Guovdageaidnu: Sami letters on screen
    organisations = [o for o in gatherings.list_organisations(db) if o.number in wanted]
    gathering = gatherings.create_gathering(
        db,
        actor,
        module_id=gatherings.list_modules(db)[0].id,
        held_on=dt.date.today(),
        place="Alta",
        organisation_ids=[o.id for o in organisations],
    )
    return db, gathering, [o.label for o in organisations]


async def wait_loaded(page: Page) -> None:
    await page.wait_for_load_state("domcontentloaded")
    await expect(page.locator("[data-testid='stApp']")).to_be_visible(timeout=LOAD_TIMEOUT_MS)


async def log_in(page: Page, base: str, username: str = "pal", password: str = PASSWORD):
    await page.goto(f"{base}/fasilitator")
    await wait_loaded(page)
    await page.get_by_role("textbox", name=t("login.username")).fill(username)
    await page.get_by_role("textbox", name=t("login.password")).fill(password)
    await press_and_wait(
        page,
        page.get_by_role("button", name=t("login.submit")),
        page.get_by_role("heading", name=t("facilitate.title")),
    )


async def press_and_wait(page: Page, button, result) -> None:
    """Press once and wait for the effect. Never press again: a press the app loses is a defect
    a facilitator would hit, not something for a test to paper over."""
    await button.click()
    await expect(result).to_be_visible(timeout=LOAD_TIMEOUT_MS)


async def join(page: Page, base: str, code: str, label: str) -> str:
    await page.goto(f"{base}/bli-med?kode={code.lower()}")
    await wait_loaded(page)
    await page.get_by_role("combobox", name=t("join.organisation_label")).click()
    await page.get_by_role("option", name=label, exact=True).click()
    await page.get_by_role("button", name=t("join.submit")).click()
    await expect(page.get_by_role("heading", name=label)).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    await page.wait_for_url(re.compile(r"/gruppe\?gruppe="), timeout=LOAD_TIMEOUT_MS)
    return page.url


async def press_until(page: Page, label: str, *, opened: int, index: int = 0):
    """Press an open/close button (the `index`-th with that label) once and wait until the
    facilitator's page shows the new state. Pressed once only: the buttons are callbacks, and a
    press they lose is a defect, not something to press again for."""
    state = page.get_by_text(t("activity.state.open"), exact=True)
    await page.get_by_role("button", name=label, exact=True).nth(index).click()
    await expect(state).to_have_count(opened, timeout=LOAD_TIMEOUT_MS)


async def submit_entry(page: Page, label: str, text: str) -> None:
    box = page.get_by_role("textbox", name=label)
    await box.fill(text)
    await page.get_by_role("button", name=t("group.save"), exact=True).click()
    # The saved entry shows up in the group's own list as plain text.
    await expect(page.get_by_test_id("stText").filter(has_text=text)).to_be_visible(
        timeout=LOAD_TIMEOUT_MS
    )
    await expect(box).to_have_value("", timeout=LOAD_TIMEOUT_MS)


async def login_cookie(page: Page, wait_s: float = 10.0) -> bool:
    """Whether the browser holds the login cookie (set by a component, so allow it a moment)."""
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if any(c["name"] == COOKIE_NAME for c in await page.context.cookies()):
            return True
        await page.wait_for_timeout(200)
    return False


def stored_entries(db: Database, gathering_id: int) -> int:
    with db.read() as session:
        return session.scalar(
            select(func.count()).select_from(Entry).where(Entry.gathering_id == gathering_id)
        )


def test_a_whole_round_with_three_groups_and_a_restart(tmp_path, chromium_path, serve):
    url = f"sqlite:///{tmp_path / 'e2e.db'}"
    db, gathering, labels = prepare(url)
    asyncio.run(_round(serve(url), db, gathering, labels, chromium_path))


async def _round(server: AppServer, db: Database, gathering, labels, chromium_path) -> None:
    base = server.url
    requested_hosts: set[str] = set()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS
        )
        people = {}
        for role in ("facilitator", "projector", *labels):
            context = await browser.new_context(viewport={"width": 1400, "height": 1000})
            # A blob: URL (the live listener's script, made in the page) names its page's origin.
            context.on(
                "request",
                lambda r: requested_hosts.add(urlsplit(r.url.removeprefix("blob:")).hostname or ""),
            )
            people[role] = await context.new_page()
        facilitator, projector = people["facilitator"], people["projector"]
        groups = [people[label] for label in labels]

        # Everyone arrives at once: the facilitator logs in, the projector shows the join code,
        # and the three groups join by link.
        await projector.goto(f"{base}/projektor?t={gathering.projector_token}")
        await asyncio.gather(
            log_in(facilitator, base),
            *(
                join(page, base, gathering.join_code, label)
                for page, label in zip(groups, labels, strict=True)
            ),
        )
        await expect(projector.get_by_text(gathering.join_code).first).to_be_visible()
        await expect(projector.get_by_text(t("projector.joined", joined=3, total=3))).to_be_visible(
            timeout=5_000
        )

        # The facilitator opens "Barrierer"; the groups' pages follow without a reload.
        barriers = t("group.new_label.barriers")
        await press_until(facilitator, t("facilitate.open"), opened=1)
        for page in groups:
            await expect(page.get_by_role("textbox", name=barriers)).to_be_visible(timeout=8_000)

        # Three groups type five entries each, concurrently.
        async def type_five(page: Page, label: str) -> None:
            for i in range(ENTRIES_PER_GROUP):
                await submit_entry(page, barriers, f"{label}: barriere {i + 1} <b>ikke fet</b>")

        await asyncio.gather(
            *(type_five(page, label) for page, label in zip(groups, labels, strict=True))
        )
        last_saved = time.monotonic()
        total = 3 * ENTRIES_PER_GROUP
        await expect(projector.get_by_text(t("projector.open", total=total))).to_be_visible(
            timeout=3_000
        )
        assert time.monotonic() - last_saved < 3.5
        # Entries show as typed: the tag is text, not bold markup.
        await expect(projector.get_by_text("barriere 5 <b>ikke fet</b>").first).to_be_visible()
        assert await projector.locator(".latest b").count() == 0
        assert await projector.locator(".latest li").count() == 12  # the latest dozen
        assert stored_entries(db, gathering.id) == total

        # The facilitator closes the activity while one group is still typing.
        straggler = groups[0]
        await straggler.get_by_role("textbox", name=barriers).fill("Kom for sent")
        await press_until(facilitator, t("facilitate.close"), opened=0)
        await expect(facilitator.get_by_text(t("activity.state.closed")).first).to_be_visible()
        if await straggler.get_by_role("textbox", name=barriers).count():
            # The page may follow the close while we click; then the button is simply gone.
            with contextlib.suppress(PlaywrightTimeoutError):
                await straggler.get_by_role("button", name=t("group.save"), exact=True).click(
                    timeout=2_000
                )
        # Either the refusal (it clicked in time) or the page already following the close.
        await expect(straggler.get_by_text(re.compile("lukket")).first).to_be_visible(timeout=8_000)
        assert stored_entries(db, gathering.id) == total
        await expect(straggler.get_by_role("textbox", name=barriers)).to_have_count(
            0, timeout=8_000
        )

        # A reload brings the group back to itself, with its entries.
        group_url = straggler.url
        await straggler.reload()
        await wait_loaded(straggler)
        await expect(straggler.get_by_role("heading", name=labels[0])).to_be_visible(
            timeout=LOAD_TIMEOUT_MS
        )
        await expect(
            straggler.get_by_text(t("group.earlier_entries", count=ENTRIES_PER_GROUP))
        ).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        assert straggler.url == group_url

        # The server restarts mid-gathering. Nothing is lost and everyone carries on.
        assert await login_cookie(facilitator), "the login cookie was never set"
        server.restart()
        assert stored_entries(db, gathering.id) == total
        await facilitator.reload()
        await wait_loaded(facilitator)
        # The login cookie brings the facilitator back without typing the password again.
        await expect(facilitator.get_by_role("heading", name=t("facilitate.title"))).to_be_visible(
            timeout=LOAD_TIMEOUT_MS
        )
        # "Åpne" of barriers (closed now), opportunities, ambition: the second opens the next round.
        await press_until(facilitator, t("facilitate.open"), opened=1, index=1)
        opportunities = t("group.new_label.opportunities")
        for page, label in zip(groups, labels, strict=True):
            # No reload: the open pages reconnect by themselves and follow the facilitator.
            await expect(page.get_by_role("textbox", name=opportunities)).to_be_visible(
                timeout=30_000
            )
            await expect(page.get_by_role("heading", name=label)).to_be_visible()
            await submit_entry(page, opportunities, f"{label}: mulighet etter omstart")
        await expect(projector.get_by_text(t("projector.open", total=3))).to_be_visible(
            timeout=30_000
        )
        assert stored_entries(db, gathering.id) == total + 3
        await browser.close()

    # Nothing left this machine: every request went to the app itself.
    assert requested_hosts <= {"127.0.0.1", "localhost"}, requested_hosts
