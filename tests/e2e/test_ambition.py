"""The ambition round in real Chromium: three groups answering at the same time while the
projector shows nothing but the count, the facilitator revealing (and hiding) the answers, and a
group in module 2 finding its module-1 answer as the baseline and as the form's starting point."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Iterator

from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from core import ambitions, framework, gatherings, i18n, users
from core.db import Database
from tests.e2e.conftest import CHROMIUM_ARGS
from tests.e2e.test_live_loop import LOAD_TIMEOUT_MS, PASSWORD, prepare

REVEAL_BUDGET_S = 3.0
QUESTIONS = {
    "now": "ambition.now_question",
    "one_year": "ambition.one_year_question",
    "three_year": "ambition.three_year_question",
}


def t(key: str, **params) -> str:
    return i18n.t(key, **params)


# ---- shared helpers (also used by test_keyboard_ambition) -----------------------------------


@contextlib.contextmanager
def chromium(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Browser) -> Page:
    """A page in its own context: its own cookies and Streamlit session, like its own laptop."""
    return browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()


def wait_loaded(page: Page) -> None:
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator("[data-testid='stApp']")).to_be_visible(timeout=LOAD_TIMEOUT_MS)


def press_and_wait(button: Locator, result: Locator) -> None:
    """Press once and wait for the effect. Never press again: a press the app loses is a defect
    a facilitator would hit, not something for a test to paper over."""
    button.click()
    expect(result).to_be_visible(timeout=LOAD_TIMEOUT_MS)


def log_in(page: Page, base: str, username: str = "pal", password: str = PASSWORD) -> None:
    page.goto(f"{base}/fasilitator")
    wait_loaded(page)
    page.get_by_role("textbox", name=t("login.username")).fill(username)
    page.get_by_role("textbox", name=t("login.password")).fill(password)
    press_and_wait(
        page.get_by_role("button", name=t("login.submit")),
        page.get_by_role("heading", name=t("facilitate.title")),
    )


def ambition_activity(db: Database, gathering_id: int):
    return next(a for a in gatherings.activities(db, gathering_id) if a.is_ambition)


def open_ambition_round(db: Database, gathering) -> gatherings.ActivityInfo:
    activity = ambition_activity(db, gathering.id)
    gatherings.open_activity(db, users.actor_for(db, "pal"), gathering.id, activity.id)
    return activity


def join_all(db: Database, gathering) -> dict[str, gatherings.GroupInfo]:
    """Every organisation of the gathering joins (through core); label -> group."""
    _info, options = gatherings.join_options(db, gathering.join_code)
    joined = [gatherings.join(db, gathering.join_code, o.organisation_id) for o in options]
    return {group.label: group for group in joined}


def open_group_page(page: Page, base: str, group: gatherings.GroupInfo) -> None:
    page.goto(f"{base}/gruppe?gruppe={group.token}")
    wait_loaded(page)
    expect(page.get_by_role("heading", name=group.label)).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    expect(page.get_by_role("button", name=t("ambition.save"))).to_be_visible(
        timeout=LOAD_TIMEOUT_MS
    )


def option_label(version: framework.Version, number: int) -> str:
    return t("ambition.generation_option", number=number, name=version.generation(number).name)


def stored_caption(version: framework.Version, levels: tuple[int, int, int]) -> str:
    now, one_year, three_year = (f"{n} {version.generation(n).name}" for n in levels)
    return t("ambition.stored", now=now, one_year=one_year, three_year=three_year)


def radio(page: Page, horizon: str, version: framework.Version, number: int) -> Locator:
    group = page.get_by_role("radiogroup", name=t(QUESTIONS[horizon]))
    return group.get_by_role("radio", name=option_label(version, number), exact=True)


def choose(page: Page, horizon: str, version: framework.Version, number: int) -> None:
    """Pick an option with the mouse: on its text, as a person would (the input itself is
    visually hidden)."""
    group = page.get_by_role("radiogroup", name=t(QUESTIONS[horizon]))
    group.get_by_text(option_label(version, number), exact=True).click()
    expect(radio(page, horizon, version, number)).to_be_checked()


def wait_revealed(db: Database, gathering_id: int, revealed: bool, within_s: float) -> bool:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if ambition_activity(db, gathering_id).revealed == revealed:
            return True
        time.sleep(0.05)
    return False


# ---- 1. three groups at once, hidden until the facilitator reveals --------------------------

ANSWERS = [(1, 2, 4), (2, 3, 3), (3, 4, 5)]  # one per group, in the groups' label order


def test_three_groups_answer_at_once_and_the_projector_waits_for_the_reveal(
    tmp_path, chromium_path, serve
):
    url = f"sqlite:///{tmp_path / 'ambition.db'}"
    db, gathering, _labels = prepare(url)
    activity = open_ambition_round(db, gathering)
    groups = join_all(db, gathering)
    labels = sorted(groups)
    answers = dict(zip(labels, ANSWERS, strict=True))
    reasons = {label: f"{label} vil videre: æøå «sitat»" for label in labels}
    version = ambitions.round_version(db, activity.id)
    base = serve(url).url

    with chromium(chromium_path) as browser:
        projector, facilitator = new_page(browser), new_page(browser)
        pages = {label: new_page(browser) for label in labels}

        projector.goto(f"{base}/projektor?t={gathering.projector_token}")
        log_in(facilitator, base)
        for label in labels:
            open_group_page(pages[label], base, groups[label])
        waiting = projector.get_by_text(t("ambition.waiting_reveal", answered=0, total=3))
        expect(waiting).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        assert_nothing_revealed(projector, labels)

        # Interleaved, as three tables in one room would: each horizon on every laptop in turn,
        # then the reasons, then "Lagre" on all three back to back.
        for horizon_index, horizon in enumerate(ambitions.HORIZONS):
            for label in labels:
                choose(pages[label], horizon, version, answers[label][horizon_index])
        for label in labels:
            pages[label].get_by_role("textbox", name=t("ambition.reason")).fill(reasons[label])
        save_buttons = {
            label: pages[label].get_by_role("button", name=t("ambition.save")) for label in labels
        }
        for label in labels:
            save_buttons[label].click()
        for label in labels:
            stored = pages[label].get_by_text(stored_caption(version, answers[label]), exact=True)
            expect(stored).to_be_visible(timeout=LOAD_TIMEOUT_MS)
            expect(pages[label].get_by_text(t("ambition.saved"))).to_be_visible()

        for label in labels:
            answer = ambitions.own_answer(db, groups[label].token, activity.id)
            assert (answer.now, answer.one_year, answer.three_year) == answers[label]
            assert answer.reason == reasons[label]

        # The projector knows that all three have answered, and nothing else.
        expect(
            projector.get_by_text(t("ambition.waiting_reveal", answered=3, total=3))
        ).to_be_visible(timeout=5_000)
        assert_nothing_revealed(projector, labels)

        summary = t(
            "ambition.arrows_summary",
            items="; ".join(
                f"{label}: {now} → {one} → {three}" for label, (now, one, three) in answers.items()
            ),
        )
        summary_caption = projector.get_by_test_id("stCaptionContainer").filter(has_text=summary)

        # The facilitator reveals from their desk; the projector follows within 3 seconds.
        clicked = click_reveal(facilitator, db, gathering.id, reveal=True)
        expect(summary_caption).to_be_visible(timeout=3_000)
        elapsed = time.monotonic() - clicked
        assert elapsed < REVEAL_BUDGET_S, f"revealed on the projector after {elapsed:.2f} s"
        print(f"reveal → projector: {elapsed:.2f} s")

        for title in ("arrows_title", "spread_title", "gap_chart_title"):
            expect(projector.get_by_text(t(f"ambition.{title}"), exact=True)).to_be_visible()
        expect(projector.get_by_test_id("stVegaLiteChart")).to_have_count(3)
        gaps = "; ".join(
            f"{label}: {one - now:+d} / {three - now:+d}"
            for label, (now, one, three) in answers.items()
        )
        expect(
            projector.get_by_test_id("stCaptionContainer").filter(
                has_text=t("ambition.gap_summary", items=gaps)
            )
        ).to_be_visible()
        # The reasons are the groups' own: they never reach the big screen.
        for label in labels:
            expect(projector.locator("[data-testid='stMain']")).not_to_contain_text(reasons[label])

        # Hiding again takes everything off the screen but the count.
        clicked = click_reveal(facilitator, db, gathering.id, reveal=False)
        expect(summary_caption).to_have_count(0, timeout=3_000)
        elapsed = time.monotonic() - clicked
        assert elapsed < REVEAL_BUDGET_S, f"hidden on the projector after {elapsed:.2f} s"
        print(f"hide → projector: {elapsed:.2f} s")
        expect(
            projector.get_by_text(t("ambition.waiting_reveal", answered=3, total=3))
        ).to_be_visible()
        assert_nothing_revealed(projector, labels)


def assert_nothing_revealed(projector: Page, labels: list[str]) -> None:
    main = projector.locator("[data-testid='stMain']")
    for label in labels:
        expect(main).not_to_contain_text(label)
    expect(projector.get_by_test_id("stVegaLiteChart")).to_have_count(0)
    expect(main).not_to_contain_text(t("ambition.arrows_title"))
    expect(main).not_to_contain_text("→")


def click_reveal(facilitator: Page, db: Database, gathering_id: int, *, reveal: bool) -> float:
    """Press "Vis svarene på skjermen" (or "Skjul svarene") once and wait until the database
    holds the new state; returns the monotonic time of the press."""
    name = t("facilitate.reveal") if reveal else t("facilitate.hide_results")
    button = facilitator.get_by_role("button", name=name)
    expect(button).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    pressed = time.monotonic()
    button.click()
    assert wait_revealed(db, gathering_id, reveal, within_s=30.0), f"{name!r} changed nothing"
    return pressed


# ---- 2. module 2 starts from module 1 ----------------------------------------------------------


def test_a_group_in_module_two_sees_and_starts_from_its_module_one_answer(
    tmp_path, chromium_path, serve
):
    url = f"sqlite:///{tmp_path / 'baseline.db'}"
    db, first, _labels = prepare(url)
    actor = users.actor_for(db, "pal")
    modules = gatherings.list_modules(db)
    assert modules[0].id == first.module_id and modules[0].name.startswith("Modul 1 ")
    assert modules[1].name.startswith("Modul 2 ")

    # Module 1: one organisation answers (through core) and the round is closed.
    first_round = open_ambition_round(db, first)
    first_groups = join_all(db, first)
    label = sorted(first_groups)[0]
    organisation_id = first_groups[label].organisation_id
    reason = "Vi har fått på plass felles løsninger"
    earlier = ambitions.save(
        db,
        first_groups[label].token,
        activity_id=first_round.id,
        now=2,
        one_year=3,
        three_year=4,
        reason=reason,
    )
    gatherings.close_activity(db, actor, first.id, first_round.id)

    # Module 2, some weeks later, with the same organisation.
    second = gatherings.create_gathering(
        db,
        actor,
        module_id=modules[1].id,
        held_on=dt.date.today() + dt.timedelta(days=42),
        place="Vadsø",
        organisation_ids=[organisation_id],
    )
    second_round = open_ambition_round(db, second)
    group = gatherings.join(db, second.join_code, organisation_id)
    version = ambitions.round_version(db, second_round.id)
    base = serve(url).url

    with chromium(chromium_path) as browser:
        page = new_page(browser)
        open_group_page(page, base, group)

        expect(page.get_by_role("heading", name=t("ambition.baseline_heading"))).to_be_visible()
        # st.dataframe draws on a canvas; its accessible table carries the same cells.
        table = page.get_by_test_id("stDataFrame").locator("table")
        for cell in (
            modules[0].name,
            f"2 – {earlier.now_name}",
            f"3 – {earlier.one_year_name}",
            f"4 – {earlier.three_year_name}",
            reason,
        ):
            expect(table).to_contain_text(cell, timeout=LOAD_TIMEOUT_MS)
        expect(
            page.get_by_text(t("ambition.baseline_prefilled", module=modules[0].name))
        ).to_be_visible()

        # The form starts from that answer: one checked radio per question, the earlier one.
        for horizon, number in zip(ambitions.HORIZONS, (2, 3, 4), strict=True):
            expect(radio(page, horizon, version, number)).to_be_checked()
            checked = page.get_by_role("radiogroup", name=t(QUESTIONS[horizon])).locator(
                "input[type='radio']:checked"
            )
            expect(checked).to_have_count(1)
        expect(page.get_by_role("textbox", name=t("ambition.reason"))).to_have_value(reason)
        assert ambitions.own_answer(db, group.token, second_round.id) is None

        # Keeping it and saving stores exactly that answer for module 2.
        press_and_wait(
            page.get_by_role("button", name=t("ambition.save")),
            page.get_by_text(stored_caption(version, (2, 3, 4)), exact=True),
        )
        kept = ambitions.own_answer(db, group.token, second_round.id)
        assert (kept.now, kept.one_year, kept.three_year, kept.reason) == (2, 3, 4, reason)
        assert kept.module_name == modules[1].name
