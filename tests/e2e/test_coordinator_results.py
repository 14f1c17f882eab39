"""A coordinator's results in real Chromium, on the demo programme: Tromsø's own figures across
the three finished modules, the PDF report for one module (and its line in the audit log), and
no way to another organisation's entries through a filter, the search box or an address."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from core import ambitions, audit, demo, i18n, results, users
from core.access import Actor
from core.db import Database
from pages._ui.login_cookie import COOKIE_NAME
from tests.e2e.test_ambition import chromium, new_page, press_and_wait, wait_loaded
from tests.e2e.test_live_loop import LOAD_TIMEOUT_MS

ADMIN_USERNAME = "revisor"
ADMIN_PASSWORD = "revisor-passord-2026"
REPORT_MODULE_POSITION = 3  # the last finished module; module 4 is live today, unanswered


def t(key: str, **params) -> str:
    return i18n.t(key, **params)


@dataclass(frozen=True)
class Demo:
    db: Database
    coordinator: Actor
    admin: Actor
    organisation: str  # the coordinator's own, Tromsø
    answers: list[ambitions.AmbitionInfo]
    own_rows: int  # entries in the table with every module chosen
    report_module: str
    other_id: int  # another organisation of the cohort
    other_name: str
    other_text: str  # an entry only other organisations wrote
    other_names: tuple[str, ...]  # every other organisation of the cohort


def prepare(url: str) -> Demo:
    db = Database(url)
    db.upgrade()
    info = demo.load(db)
    admin = users.create_user(
        db, username=ADMIN_USERNAME, name="Rita Revisor", password=ADMIN_PASSWORD, role="admin"
    )
    coordinator = users.actor_for(db, info.coordinator_username)
    facilitator = users.actor_for(db, info.username)
    (cohort,) = results.cohorts_for(db, coordinator)
    module_ids = tuple(m.id for m in results.modules_of(db, coordinator, cohort.id))
    own_id = coordinator.organisation_id
    (own,) = results.organisations_of(db, coordinator, cohort.id)
    assert (own.id, own.name) == (own_id, info.coordinator_organisation) == (own_id, "Tromsø")

    answers = ambitions.organisation_answers(db, coordinator, own_id)
    assert [a.module_position for a in answers] == [1, 2, 3]
    assert [a.module_name.split(" – ")[0] for a in answers] == ["Modul 1", "Modul 2", "Modul 3"]

    # What the page's table holds: the default scope is every module of the cohort.
    own_scope = results.Scope(cohort.id, module_ids, None, own_id)
    own_rows = results.entry_table(db, coordinator, own_scope)
    assert own_rows and {r.organisation_id for r in own_rows} == {own_id}

    # An entry that only other organisations wrote: the facilitator finds it, the coordinator
    # (whose search also covers organisation names) does not.
    everything = results.entry_table(db, facilitator, results.Scope(cohort.id))
    other = next(
        r
        for r in everything
        if r.organisation_id != own_id
        and len(r.text) <= results.SEARCH_MAX_CHARS
        and not results.entry_table(db, coordinator, own_scope, r.text)
    )
    assert results.entry_table(db, facilitator, results.Scope(cohort.id), other.text)
    assert results.entry_table(db, facilitator, results.Scope(cohort.id), other.organisation)
    assert not results.entry_table(db, coordinator, own_scope, other.organisation)
    other_names = tuple(
        o.name for o in results.organisations_of(db, facilitator, cohort.id) if o.id != own_id
    )
    assert len(other_names) == demo.MEMBERS  # 32 others besides Tromsø
    report_module = answers[REPORT_MODULE_POSITION - 1].module_name
    return Demo(
        db,
        coordinator,
        admin,
        own.name,
        answers,
        len(own_rows),
        report_module,
        other.organisation_id,
        other.organisation,
        other.text,
        other_names,
    )


# ---- helpers ------------------------------------------------------------------------------------


# The time of the last change of Streamlit's run state, kept by the page from its first moment.
RUN_STATE_WATCH = """
window.__runStateAt = performance.now();
new MutationObserver(() => { window.__runStateAt = performance.now(); }).observe(document, {
  attributes: true, subtree: true, attributeFilter: ["data-test-script-state"],
});
"""
QUIET_MS = 1_500


def watch_runs(page: Page) -> None:
    page.context.add_init_script(RUN_STATE_WATCH)


def settled(page: Page) -> None:
    """Wait until the script run has finished."""
    expect(page.get_by_test_id("stApp")).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=LOAD_TIMEOUT_MS
    )


def quiet(page: Page) -> None:
    """Wait until no run has started for QUIET_MS. After a login (or a fresh load) a second run
    follows the first a few hundred milliseconds after it ends, when the cookie component reports
    back; a check made before it could see the first run's page, or a click land mid-run."""
    page.wait_for_function(
        """quietMs => {
            const app = document.querySelector("[data-testid='stApp']");
            return app !== null && app.getAttribute("data-test-script-state") === "notRunning"
                && performance.now() - window.__runStateAt > quietMs;
        }""",
        arg=QUIET_MS,
        timeout=LOAD_TIMEOUT_MS,
    )


def wait_for_login_cookie(page: Page, wait_s: float = 10.0) -> None:
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if any(c["name"] == COOKIE_NAME for c in page.context.cookies()):
            return
        page.wait_for_timeout(200)
    raise AssertionError("the login cookie was never written")


def log_in_at_results(page: Page, base: str) -> None:
    page.goto(f"{base}/resultater")
    wait_loaded(page)
    page.get_by_role("textbox", name=t("login.username")).fill(demo.COORDINATOR_USERNAME)
    page.get_by_role("textbox", name=t("login.password")).fill(demo.COORDINATOR_PASSWORD)
    press_and_wait(
        page.get_by_role("button", name=t("login.submit")),
        page.get_by_role("heading", name=t("results.title"), level=1),
    )


def open_results(page: Page, url: str) -> None:
    page.goto(url)
    wait_loaded(page)
    expect(page.get_by_role("heading", name=t("results.title"), level=1)).to_be_visible(
        timeout=LOAD_TIMEOUT_MS
    )
    quiet(page)


def open_tab(page: Page, name: str) -> Locator:
    """Select a tab (once) and return its panel; it must still be selected after the page has
    settled (a rerun that put the first tab back would be a defect)."""
    tab = page.get_by_role("tab", name=name, exact=True)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true", timeout=LOAD_TIMEOUT_MS)
    settled(page)
    expect(tab).to_have_attribute("aria-selected", "true")
    return page.get_by_role("tabpanel", name=name, exact=True)


def search_entries(page: Page, panel: Locator, text: str) -> None:
    box = panel.get_by_role("textbox", name=t("results.search"))
    box.fill(text)
    box.press("Enter")
    expect(box).to_have_value(text)
    settled(page)


def expect_entries(panel: Locator, count: int) -> None:
    """The count under the search box, and the rows of the table's accessible twin (st.dataframe
    draws on a canvas; the hidden table counts every row, header included, and carries the
    cells of those on screen). An empty table keeps its six column headers; its cells are blank."""
    expect(panel.get_by_text(t("results.entries_count", count=count), exact=True)).to_be_visible(
        timeout=LOAD_TIMEOUT_MS
    )
    table = panel.get_by_test_id("stDataFrame").locator("table")
    if count:
        expect(table).to_have_attribute("aria-rowcount", str(count + 1), timeout=LOAD_TIMEOUT_MS)
        expect(table).to_have_attribute("aria-colcount", "6")
    else:
        expect(table).to_have_attribute("aria-colcount", "6", timeout=LOAD_TIMEOUT_MS)
        expect(table.locator("td").filter(has_text=re.compile(r"\S"))).to_have_count(0)


def expect_own_organisation_only(page: Page, data: Demo) -> None:
    """The organisation is a disabled text field holding the coordinator's own: nothing to pick."""
    field = page.get_by_role("textbox", name=t("results.organisation"), exact=True)
    expect(field).to_be_disabled()
    expect(field).to_have_value(data.organisation)
    expect(page.get_by_role("combobox", name=t("results.organisation"))).to_have_count(0)


def expect_no_other_organisation(page: Page, data: Demo) -> None:
    """No other organisation's name anywhere on the page, hidden tabs and closed expanders
    included (their text is in the document)."""
    main = page.locator("[data-testid='stMain']")
    expect(main).not_to_have_count(0)
    text = main.text_content() or ""
    named = [name for name in data.other_names if name in text]
    assert not named, f"other organisations on the page: {named}"


def expect_facilitators_only(page: Page, base: str, path: str, data: Demo) -> None:
    page.goto(f"{base}/{path}")
    wait_loaded(page)
    expect(page.get_by_text(t("error.facilitator_only"), exact=True)).to_be_visible(
        timeout=LOAD_TIMEOUT_MS
    )
    quiet(page)
    main = page.locator("[data-testid='stMain']")
    expect(main.get_by_role("heading")).to_have_count(0)
    expect(main.get_by_test_id("stDataFrame")).to_have_count(0)
    expect(main.get_by_role("combobox")).to_have_count(0)
    expect(main.get_by_role("button", name=t("login.logout"))).to_be_visible()
    expect_no_other_organisation(page, data)


def pdf_text(path) -> str:
    reader = PdfReader(path)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


# ---- the test -----------------------------------------------------------------------------------


def test_a_coordinator_sees_and_exports_their_own_results_and_nothing_of_others(
    tmp_path, chromium_path, serve
):
    started = time.monotonic()
    url = f"sqlite:///{tmp_path / 'coordinator.db'}"
    data = prepare(url)
    base = serve(url).url
    prepared = time.monotonic()

    with chromium(chromium_path) as browser:
        page = new_page(browser)
        watch_runs(page)
        log_in_at_results(page, base)
        # A tab chosen straight after logging in stays chosen through the runs that follow a
        # login (the cookie component reporting back): the page below the login keeps its place,
        # so Streamlit keeps the same tabs rather than drawing new ones on the first tab.
        tab = page.get_by_role("tab", name=t("results.tab_entries"), exact=True)
        chosen = tab.element_handle()
        chosen.click()
        wait_for_login_cookie(page)
        quiet(page)
        assert chosen.evaluate("tab => tab.isConnected"), "the tabs were drawn anew"
        expect(tab).to_have_attribute("aria-selected", "true")
        logged_in = time.monotonic()
        expect_own_organisation_only(page, data)

        # ---- Tromsø's ambition across the three finished modules
        panel = open_tab(page, t("results.tab_modules"))
        expect(
            panel.get_by_role(
                "heading", name=t("results.ambition_heading", organisation=data.organisation)
            )
        ).to_be_visible()
        summary = t(
            "ambition.arrows_summary",
            items="; ".join(
                f"{a.module_name}: {a.now} → {a.one_year} → {a.three_year}" for a in data.answers
            ),
        )
        expect(panel.get_by_test_id("stCaptionContainer").filter(has_text=summary)).to_be_visible()
        answers_table = panel.get_by_test_id("stDataFrame").first.locator("table")
        expect(answers_table).to_have_attribute("aria-rowcount", str(len(data.answers) + 1))
        for answer in data.answers:
            expect(answers_table).to_contain_text(answer.module_name)
            expect(answers_table).to_contain_text(f"{answer.now} – {answer.now_name}")
        expect_no_other_organisation(page, data)

        # ---- "Alle innspill": Tromsø's rows only, whatever the search
        panel = open_tab(page, t("results.tab_entries"))
        expect_entries(panel, data.own_rows)
        table = panel.get_by_test_id("stDataFrame").locator("table")
        expect(table.locator("th[aria-colindex='3']")).to_have_text(t("export.organisation"))
        organisation_cells = table.locator("td[aria-colindex='3']")
        expect(organisation_cells.first).to_have_text(data.organisation)
        cells = organisation_cells.all_text_contents()
        assert cells and set(cells) == {data.organisation}, cells
        for needle in (data.other_text, data.other_name):
            search_entries(page, panel, needle)
            expect_entries(panel, 0)
        search_entries(page, panel, "")
        expect_entries(panel, data.own_rows)

        # ---- "Eksport": the PDF report for module 3
        panel = open_tab(page, t("results.tab_export"))
        module_box = panel.get_by_role("combobox", name=t("results.report_module"))
        module_box.click()
        page.get_by_role("option", name=data.report_module, exact=True).click()
        expect(module_box).to_have_value(data.report_module)
        settled(page)
        button = panel.get_by_role(
            "button",
            name=t("results.export_pdf", organisation=data.organisation, module=data.report_module),
        )
        with page.expect_download(timeout=LOAD_TIMEOUT_MS) as download_info:
            button.click()
        download = download_info.value
        saved = tmp_path / (download.suggested_filename or "rapport.pdf")
        download.save_as(saved)
        assert saved.read_bytes().startswith(b"%PDF-")
        text = pdf_text(saved)
        assert data.organisation in text, text[:500]
        assert data.report_module in text, text[:500]
        assert data.answers[REPORT_MODULE_POSITION - 1].reason in text, text[:500]
        assert not [name for name in data.other_names if name in text]
        exported = [
            e
            for e in audit.events(data.db, data.admin)
            if e.action == "export_downloaded" and e.username == data.coordinator.username
        ]
        assert [e.target for e in exported] == [
            f"pdf · {data.organisation} · {data.report_module}"
        ], exported
        downloaded = time.monotonic()

        # ---- no address gives another organisation
        for query in (
            f"organisasjon={data.other_id}",
            f"organisation={data.other_id}",
            f"organisation_id={data.other_id}&results_organisation={data.other_id}",
        ):
            open_results(page, f"{base}/resultater?{query}")
            expect_own_organisation_only(page, data)
            expect(
                page.get_by_role(
                    "heading", name=t("results.ambition_heading", organisation=data.organisation)
                )
            ).to_be_visible()
            expect_no_other_organisation(page, data)
            panel = open_tab(page, t("results.tab_entries"))
            expect_entries(panel, data.own_rows)
            search_entries(page, panel, data.other_name)
            expect_entries(panel, 0)

        # The facilitator's desk and the administration are closed to a coordinator.
        expect_facilitators_only(page, base, "fasilitator", data)
        expect_facilitators_only(page, base, "admin", data)
        expect(page.get_by_text(t("error.admin_only"))).to_have_count(0)

    finished = time.monotonic()
    print(
        f"prepare+serve {prepared - started:.1f} s, log in {logged_in - prepared:.1f} s, "
        f"views+PDF {downloaded - logged_in:.1f} s, addresses {finished - downloaded:.1f} s, "
        f"total {finished - started:.1f} s"
    )
