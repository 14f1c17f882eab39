"""The ambition round from the front of the room: the facilitator reveals or hides the answers,
asks for the capability self-rating and chooses neutral group names; the projector shows only
how many groups have answered until the answers are revealed."""

from __future__ import annotations

import html
import uuid

import pytest

from core import ambitions, entries, gatherings
from core.charts import format_number
from tests.pages.conftest import activity_of, by_label, log_in, markdown_values, t, values

FACILITATE = "pages/facilitate.py"
PROJECTOR = "pages/projector.py"


@pytest.fixture
def ambition(db, gathering):
    return activity_of(db, gathering, "ambition")


@pytest.fixture
def open_round(db, facilitator, gathering, ambition):
    gatherings.open_activity(db, facilitator, gathering.id, ambition.id)
    return ambition


@pytest.fixture
def groups(db, gathering):
    _info, options = gatherings.join_options(db, gathering.join_code)
    return [gatherings.join(db, gathering.join_code, g.organisation_id) for g in options]


@pytest.fixture
def answered(db, groups, open_round):
    """Two of the three groups have answered (the first two by label)."""
    first, second, _third = groups
    for group, levels in ((first, (2, 3, 4)), (second, (1, 2, 3))):
        now, one_year, three_year = levels
        ambitions.save(
            db,
            group.token,
            activity_id=open_round.id,
            now=now,
            one_year=one_year,
            three_year=three_year,
        )
    return first, second


def desk(open_page, facilitator):
    return log_in(open_page(FACILITATE), facilitator.username)


def round_state(db, gathering):
    return activity_of(db, gathering, "ambition")


def charts(at) -> list:
    return list(at.get("vega_lite_chart"))


def everything_shown(at) -> str:
    """All text and HTML the page put on screen, as one string to search."""
    return " ".join(markdown_values(at) + values(at.html))


# ---- the facilitator's desk --------------------------------------------------------------


def test_reveal_button_shows_and_hides_the_answers(db, facilitator, gathering, ambition, open_page):
    at = desk(open_page, facilitator)

    assert not at.exception
    assert not at.error
    button = at.button(key=f"reveal_{ambition.id}")
    assert button.label == t("facilitate.reveal")
    # Only the ambition round has one.
    assert [b.key for b in at.button if b.key and b.key.startswith("reveal_")] == [
        f"reveal_{ambition.id}"
    ]

    at = button.click().run()

    assert not at.error
    assert round_state(db, gathering).revealed is True
    assert at.button(key=f"reveal_{ambition.id}").label == t("facilitate.hide_results")

    at = at.button(key=f"reveal_{ambition.id}").click().run()

    assert round_state(db, gathering).revealed is False
    assert at.button(key=f"reveal_{ambition.id}").label == t("facilitate.reveal")


def test_capability_toggle_switches_the_self_rating(
    db, facilitator, gathering, ambition, open_page
):
    at = desk(open_page, facilitator)
    toggle = by_label(at.toggle, t("facilitate.capabilities_toggle"))
    assert toggle.value is False

    at = toggle.set_value(True).run()

    assert not at.error
    assert round_state(db, gathering).rates_capabilities is True
    assert by_label(at.toggle, t("facilitate.capabilities_toggle")).value is True

    at = by_label(at.toggle, t("facilitate.capabilities_toggle")).set_value(False).run()

    assert round_state(db, gathering).rates_capabilities is False


def test_neutral_labels_toggle_switches_the_gathering(db, facilitator, gathering, open_page):
    at = desk(open_page, facilitator)
    toggle = by_label(at.toggle, t("facilitate.neutral_labels"))
    assert toggle.value is False

    at = toggle.set_value(True).run()

    assert not at.error
    [stored] = gatherings.list_gatherings(db, facilitator)
    assert stored.neutral_labels is True

    at = by_label(at.toggle, t("facilitate.neutral_labels")).set_value(False).run()

    [stored] = gatherings.list_gatherings(db, facilitator)
    assert stored.neutral_labels is False


def test_facilitator_sees_how_many_have_answered_and_the_answers_before_revealing(
    db, facilitator, gathering, answered, open_page
):
    first, second = answered

    at = desk(open_page, facilitator)

    assert not at.exception
    assert not at.error
    assert t("facilitate.live", activity=t("activity.ambition")) in values(at.header)
    assert t("facilitate.answered_count", answered=2, total=3) in values(at.markdown)
    assert t("facilitate.hidden_state") in values(at.caption)
    # The preview is for the facilitator: the answers by name, still hidden from the room.
    items = f"{first.label}: 2 → 3 → 4; {second.label}: 1 → 2 → 3"
    assert t("ambition.arrows_summary", items=items) in values(at.caption)
    assert round_state(db, gathering).revealed is False

    at = at.button(key=f"reveal_{round_state(db, gathering).id}").click().run()

    assert round_state(db, gathering).revealed is True
    assert t("facilitate.revealed_state") in values(at.caption)
    assert t("facilitate.hidden_state") not in values(at.caption)


# ---- the projector -----------------------------------------------------------------------


@pytest.fixture
def project(gathering, open_page):
    def _open():
        return open_page(PROJECTOR, t=gathering.projector_token)

    return _open


def chart_titles() -> list[str]:
    return [
        f"### {t('ambition.arrows_title')}",
        f"### {t('ambition.spread_title')}",
        f"### {t('ambition.gap_chart_title')}",
    ]


def latest_block(at) -> str:
    blocks = [h.value for h in at.html if 'class="latest"' in h.value]
    assert len(blocks) <= 1
    return blocks[0] if blocks else ""


def add_initiative(db, group, activity, text: str, horizon: str = "short"):
    return entries.submit(
        db,
        group.token,
        activity_id=activity.id,
        text=text,
        theme_key=None,
        horizon=horizon,
        idempotency_key=uuid.uuid4().hex,
    )


def test_projector_shows_only_the_count_until_revealed(db, groups, open_round, answered, project):
    add_initiative(db, answered[0], open_round, "Felles innbyggerportal")

    at = project()

    assert not at.exception
    assert not at.error
    markdown = values(at.markdown)
    assert f"## {t('activity.ambition')}" in markdown
    assert f"### {t('ambition.waiting_reveal', answered=2, total=3)}" in markdown
    assert not [title for title in chart_titles() if title in markdown]
    assert not charts(at)
    assert not latest_block(at)
    shown = everything_shown(at)
    assert "innbyggerportal" not in shown
    for group in groups:
        assert group.label not in shown
        assert html.escape(group.label) not in shown


def test_projector_shows_the_charts_and_names_once_revealed(
    db, facilitator, gathering, groups, open_round, answered, project
):
    first, second = answered
    add_initiative(db, first, open_round, "<i>Felles innbyggerportal</i>", "long")
    at = project()
    gatherings.reveal_results(db, facilitator, gathering.id, open_round.id, True)

    at.run()

    assert not at.exception
    assert not at.error
    markdown = values(at.markdown)
    assert [title for title in chart_titles() if title in markdown] == chart_titles()
    assert not [m for m in markdown if t("ambition.waiting_reveal", answered=2, total=3) in m]
    assert len(charts(at)) == 3
    captions = values(at.caption)
    items = f"{first.label}: 2 → 3 → 4; {second.label}: 1 → 2 → 3"
    assert t("ambition.arrows_summary", items=items) in captions
    assert t("ambition.gap_summary", items=f"{first.label}: +1 / +2; {second.label}: +1 / +2") in (
        captions
    )
    spread = "; ".join(
        t("ambition.spread_item", horizon=t(f"ambition.{horizon}"), median=median, low=lo, high=hi)
        for horizon, median, lo, hi in (
            ("now", format_number(1.5), 1, 2),
            ("one_year", format_number(2.5), 2, 3),
            ("three_year", format_number(3.5), 3, 4),
        )
    )
    assert t("ambition.spread_summary", count=2, items=spread) in captions
    # The group that has not answered is not named.
    assert groups[2].label not in everything_shown(at)
    # Initiatives follow the charts, as plain text.
    assert f"### {t('ambition.initiatives_heading')}" in markdown
    block = latest_block(at)
    assert f'<span class="who">{html.escape(first.label)}</span>' in block
    assert "&lt;i&gt;Felles innbyggerportal&lt;/i&gt;" in block


def test_projector_uses_neutral_labels_when_asked(
    db, facilitator, gathering, groups, open_round, answered, project
):
    first, second = answered
    add_initiative(db, second, open_round, "Felles innbyggerportal")
    gatherings.reveal_results(db, facilitator, gathering.id, open_round.id, True)
    at = project()
    assert f"{first.label}: 2 → 3 → 4" in " ".join(values(at.caption))

    gatherings.use_neutral_labels(db, facilitator, gathering.id, True)
    at.run()

    assert not at.exception
    assert not at.error
    letters = ambitions.neutral_letters([g.id for g in groups], gathering.projector_token)
    labelled = sorted(
        [
            (t("live.neutral_label", letter=letters[first.id]), "2 → 3 → 4"),
            (t("live.neutral_label", letter=letters[second.id]), "1 → 2 → 3"),
        ]
    )
    items = "; ".join(f"{label}: {levels}" for label, levels in labelled)
    assert t("ambition.arrows_summary", items=items) in values(at.caption)
    assert {label for label, _levels in labelled} <= {"Gruppe A", "Gruppe B", "Gruppe C"}
    who = html.escape(t("live.neutral_label", letter=letters[second.id]))
    assert f'<span class="who">{who}</span>' in latest_block(at)
    shown = everything_shown(at)
    for group in groups:
        assert group.label not in shown
        assert html.escape(group.label) not in shown
