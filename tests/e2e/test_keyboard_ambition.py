"""The ambition form with the keyboard alone (WCAG 2.1.1): Tab and Shift+Tab between the three
radio groups, arrow keys to choose, typing the reason, Enter on "Lagre ambisjonen"; then one
short-term initiative the same way. No mouse, no click/check/fill: focus is only read."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from core import ambitions, entries, i18n
from tests.e2e.test_ambition import (
    QUESTIONS,
    chromium,
    join_all,
    new_page,
    open_ambition_round,
    open_group_page,
    stored_caption,
)
from tests.e2e.test_live_loop import LOAD_TIMEOUT_MS, prepare

TAB_LIMIT = 40  # the whole page is about 20 stops; a loop this long has wrapped around

# What the focused element is, for deciding where Tab has got to.
FOCUS = """() => {
    const e = document.activeElement;
    const group = e.closest("[role='radiogroup']");
    const form = e.closest("[data-testid='stForm']");
    return {
        tag: e.tagName,
        type: e.type || "",
        label: e.getAttribute("aria-label") || "",
        text: (e.innerText || "").trim(),
        group: group ? group.getAttribute("aria-label") : null,
        index: e.type === "radio" ? Number(e.value) : null,
        checked: !!e.checked,
        areas: form
            ? [...form.querySelectorAll("textarea")].map(a => a.getAttribute("aria-label"))
            : [],
    };
}"""


def t(key: str, **params) -> str:
    return i18n.t(key, **params)


def focus(page: Page) -> dict:
    return page.evaluate(FOCUS)


def tab_until(page: Page, wanted, what: str, key: str = "Tab") -> dict:
    for _ in range(TAB_LIMIT):
        page.keyboard.press(key)
        state = focus(page)
        if wanted(state):
            return state
    raise AssertionError(f"{what} cannot be reached with {key}")


def tab_to_question(page: Page, horizon: str, key: str = "Tab") -> dict:
    question = t(QUESTIONS[horizon])
    return tab_until(
        page,
        lambda s: s["type"] == "radio" and s["group"] == question,
        f"the radio group {question!r}",
        key,
    )


def choose_by_arrows(page: Page, horizon: str, number: int, *, key: str = "Tab") -> None:
    """Tab (or Shift+Tab) into the question's group, then arrows to the wanted generation.
    Arrow keys move and select at once; Space selects the first radio focused in an empty
    group."""
    state = tab_to_question(page, horizon, key)
    wanted = number - 1  # the radios' values are option indexes
    if not state["checked"]:
        page.keyboard.press("Space")
        state = focus(page)
    for _ in range(6):
        if state["index"] == wanted and state["checked"]:
            return
        page.keyboard.press("ArrowDown" if state["index"] < wanted else "ArrowUp")
        state = focus(page)
    raise AssertionError(f"could not choose {number} in {horizon} with the arrow keys: {state}")


def test_the_ambition_form_with_the_keyboard_only(tmp_path, chromium_path, serve):
    url = f"sqlite:///{tmp_path / 'keyboard-ambition.db'}"
    db, gathering, _labels = prepare(url)
    activity = open_ambition_round(db, gathering)
    groups = join_all(db, gathering)
    group = groups[sorted(groups)[0]]
    version = ambitions.round_version(db, activity.id)
    base = serve(url).url
    reason = "Felles plattform først, så tjenester på tvers"
    initiative = "Kartlegge alle fagsystemer innen mars"

    with chromium(chromium_path) as browser:
        page = new_page(browser)
        open_group_page(page, base, group)

        # From the top of the page. A first pass with a slip on "om ca. 1 år" ...
        choose_by_arrows(page, "now", 2)
        choose_by_arrows(page, "one_year", 4)
        choose_by_arrows(page, "three_year", 5)
        # ... corrected by going back with Shift+Tab and one arrow up.
        choose_by_arrows(page, "one_year", 3, key="Shift+Tab")

        tab_until(page, lambda s: s["label"] == t("ambition.reason"), "the reason box")
        page.keyboard.type(reason)
        tab_until(
            page,
            lambda s: s["tag"] == "BUTTON" and s["text"] == t("ambition.save"),
            "the save button",
        )
        page.keyboard.press("Enter")

        stored = page.get_by_text(stored_caption(version, (2, 3, 5)), exact=True)
        expect(stored).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        expect(page.get_by_text(t("ambition.saved"))).to_be_visible()
        answer = ambitions.own_answer(db, group.token, activity.id)
        assert (answer.now, answer.one_year, answer.three_year) == (2, 3, 5)
        assert answer.reason == reason

        # One short-term initiative: Tab on to its box, type, Tab to its own "Lagre", Enter.
        short = t("ambition.new_initiative.short")
        tab_until(page, lambda s: s["label"] == short, "the short-term initiative box")
        page.keyboard.type(initiative)
        tab_until(
            page,
            lambda s: s["tag"] == "BUTTON" and s["text"] == t("group.save") and short in s["areas"],
            "the short-term initiative's save button",
        )
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("stText").filter(has_text=initiative)).to_be_visible(
            timeout=LOAD_TIMEOUT_MS
        )
        expect(page.get_by_role("textbox", name=short)).to_have_value("")

    saved = entries.own_entries(db, group.token, activity.id)
    assert [(e.text, e.horizon) for e in saved] == [(initiative, "short")]
    # The answer is untouched by the initiative.
    again = ambitions.own_answer(db, group.token, activity.id)
    assert (again.now, again.one_year, again.three_year, again.reason) == (2, 3, 5, reason)
