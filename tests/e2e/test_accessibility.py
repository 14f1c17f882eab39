"""Universal design, checked by machine on every page: axe-core (the engine behind most WCAG
checkers) runs in Chromium on each page as its user sees it, with the demo programme's data,
and must find no violation of WCAG 2.0/2.1 A and AA. A machine check is not the whole of
WCAG (keyboard use has its own tests), but it catches contrast, labels, names and structure."""

from __future__ import annotations

import datetime as dt

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlalchemy import select

from core import demo, gatherings, i18n, users
from core.db import Database
from core.models import Gathering, Module
from tests.e2e.test_ambition import chromium, new_page, press_and_wait, wait_loaded

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ADMIN_PASSWORD = "tilgjengelig-for-alle-2026"
SETTLE_MS = 1_500  # let the page's own reruns (login cookie, fragments) finish before checking


def t(key: str, **params) -> str:
    return i18n.t(key, **params)


def prepare(url: str):
    db = Database(url)
    db.upgrade()
    info = demo.load(db, today=dt.date.today())
    users.create_first_admin(db, username="admin", name="Ada Admin", password=ADMIN_PASSWORD)
    facilitator = users.actor_for(db, demo.DEMO_USERNAME)
    _, groups = gatherings.join_options(db, info.gathering.join_code)
    with db.read() as session:
        # A finished module-3 gathering: its projector shows the revealed ambition round.
        finished = session.scalar(
            select_finished_gathering().where(Gathering.created_by_id == facilitator.user_id)
        )
        # A module-4 gathering that has not started: its groups face the ambition round.
        upcoming = session.scalar(
            select(Gathering.id)
            .join(Module, Module.id == Gathering.module_id)
            .where(
                Module.position == 4,
                Gathering.created_by_id == facilitator.user_id,
                Gathering.id != info.gathering.id,
            )
            .limit(1)
        )
    finished_token = gatherings.gathering_for_facilitator(db, facilitator, finished).projector_token
    ambition = next(a for a in gatherings.activities(db, upcoming) if a.is_ambition)
    gatherings.open_activity(db, facilitator, upcoming, ambition.id)
    code = gatherings.gathering_for_facilitator(db, facilitator, upcoming).join_code
    _, upcoming_groups = gatherings.join_options(db, code)
    ambition_group = gatherings.join(db, code, upcoming_groups[0].organisation_id)
    return db, info, groups[0], ambition_group, finished_token


def select_finished_gathering():
    return (
        select(Gathering.id)
        .join(Module, Module.id == Gathering.module_id)
        .where(Module.position == 3)
        .order_by(Gathering.id)
        .limit(1)
    )


def violations(axe: Axe, page: Page) -> list[str]:
    page.wait_for_timeout(SETTLE_MS)
    result = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result.response["violations"]
    ]


def sign_in(page: Page, base: str, path: str, username: str, password: str, heading: str):
    page.goto(f"{base}{path}")
    wait_loaded(page)
    page.get_by_role("textbox", name=t("login.username")).fill(username)
    page.get_by_role("textbox", name=t("login.password")).fill(password)
    press_and_wait(
        page.get_by_role("button", name=t("login.submit")),
        page.get_by_role("heading", name=heading).first,
    )


def test_every_page_passes_axe_for_wcag_2_1_aa(tmp_path, chromium_path, serve):
    url = f"sqlite:///{tmp_path / 'a11y.db'}"
    _db, info, group, ambition_group, finished_token = prepare(url)
    base = serve(url).url
    axe = Axe()
    found: dict[str, list[str]] = {}

    with chromium(chromium_path) as browser:
        page = new_page(browser)
        public = {
            "join": "/bli-med",
            "join with code": f"/bli-med?kode={info.gathering.join_code}",
            "group, barriers round": f"/gruppe?gruppe={group.token}",
            "group, ambition round with earlier answers": f"/gruppe?gruppe={ambition_group.token}",
            "projector, live round": f"/projektor?t={info.gathering.projector_token}",
            "projector, revealed ambition round": f"/projektor?t={finished_token}",
            "privacy": "/personvern",
        }
        for name, path in public.items():
            page.goto(f"{base}{path}")
            wait_loaded(page)
            expect(page.locator("[data-testid='stMain']")).to_be_visible()
            found[name] = violations(axe, page)

        facilitator = new_page(browser)
        sign_in(
            facilitator,
            base,
            "/fasilitator",
            demo.DEMO_USERNAME,
            demo.DEMO_PASSWORD,
            t("facilitate.title"),
        )
        found["facilitator's desk"] = violations(axe, facilitator)
        facilitator.goto(f"{base}/resultater")
        wait_loaded(facilitator)
        expect(facilitator.get_by_role("heading", name=t("results.title"))).to_be_visible()
        for tab in ("tab_modules", "tab_compare", "tab_words", "tab_entries", "tab_export"):
            facilitator.get_by_role("tab", name=t(f"results.{tab}")).click()
            found[f"results as facilitator: {tab}"] = violations(axe, facilitator)

        coordinator = new_page(browser)
        sign_in(
            coordinator,
            base,
            "/resultater",
            demo.COORDINATOR_USERNAME,
            demo.COORDINATOR_PASSWORD,
            t("results.title"),
        )
        for tab in ("tab_modules", "tab_compare", "tab_export"):
            coordinator.get_by_role("tab", name=t(f"results.{tab}")).click()
            found[f"results as coordinator: {tab}"] = violations(axe, coordinator)

        admin = new_page(browser)
        sign_in(admin, base, "/admin", "admin", ADMIN_PASSWORD, t("admin.title"))
        found["admin"] = violations(axe, admin)
        admin.goto(f"{base}/rammeverk")
        wait_loaded(admin)
        expect(admin.get_by_role("heading", name=t("framework_admin.title"))).to_be_visible()
        found["framework editor"] = violations(axe, admin)

    assert {name: problems for name, problems in found.items() if problems} == {}
    assert len(found) == 18  # every page and tab above was checked
