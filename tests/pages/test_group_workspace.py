"""A leadership group's workspace: reached by its token, it shows the open question, takes
entries exactly as typed (and shows them as plain text), and refuses what core refuses."""

from __future__ import annotations

import pytest

from core import entries, gatherings, validation
from tests.pages.conftest import activity_of, by_label, markdown_values, submit_entry, t, values

WORKSPACE = "pages/group_workspace.py"
MARKUP = "<script>alert(1)</script>"


@pytest.fixture
def barriers(db, facilitator, gathering):
    activity = activity_of(db, gathering, "barriers")
    gatherings.open_activity(db, facilitator, gathering.id, activity.id)
    return activity


@pytest.fixture
def workspace(group, open_page):
    def _open():
        return open_page(WORKSPACE, gruppe=group.token)

    return _open


def save(at, text: str, *, kind: str = "barriers"):
    by_label(at.text_area, t(f"group.new_label.{kind}")).input(text)
    return by_label(at.button, t("group.save")).click().run()


@pytest.mark.parametrize("token", ["x" * 32, "<script>", ""])
def test_forged_or_missing_token_is_refused(gathering, open_page, token):
    at = open_page(WORKSPACE, gruppe=token)

    assert values(at.error) == [t("error.group_token_unknown")]
    assert not at.title
    assert not at.text_area


def test_before_any_activity_the_group_waits(group, workspace):
    at = workspace()

    assert not at.error
    assert values(at.title) == [group.label]
    assert values(at.info) == [t("group.waiting")]
    assert group.gathering.join_code in " ".join(values(at.caption))
    assert not at.text_area


def test_open_activity_shows_its_question_and_a_text_area(barriers, workspace):
    at = workspace()

    assert not at.error
    assert t("activity.barriers") in values(at.header)
    assert barriers.prompt in values(at.markdown)
    area = by_label(at.text_area, t("group.new_label.barriers"))
    # No browser-side limit: it would cut a pasted text silently instead of saying why.
    assert not area.max_chars
    assert values(at.caption).count(t("group.no_entries")) == 1


def test_markup_is_stored_and_shown_exactly_as_typed(db, group, barriers, workspace):
    at = save(workspace(), MARKUP)

    assert not at.exception
    assert not at.error
    assert [e.text for e in entries.own_entries(db, group.token, barriers.id)] == [MARKUP]
    assert values(at.success) == [t("group.saved")]
    assert values(at.text) == [MARKUP]
    assert not [value for value in markdown_values(at) if "alert(1)" in value]
    assert t("group.own_entries", count=1) in values(at.subheader)
    # The field is empty again, ready for the next entry.
    assert by_label(at.text_area, t("group.new_label.barriers")).value == ""


@pytest.mark.parametrize("blank", ["", "   \n\t "])
def test_empty_entry_is_refused_and_nothing_stored(db, group, barriers, workspace, blank):
    at = save(workspace(), blank)

    assert values(at.error) == [t("error.entry_empty")]
    assert entries.own_entries(db, group.token) == []
    assert not at.success


def test_too_short_entry_is_refused_and_kept_in_the_field(db, group, barriers, workspace):
    at = save(workspace(), "ab")

    assert values(at.error) == [t("error.entry_too_short", min=validation.ENTRY_MIN_CHARS)]
    assert entries.own_entries(db, group.token) == []
    assert by_label(at.text_area, t("group.new_label.barriers")).value == "ab"


def test_too_long_entry_is_refused_with_its_length_and_kept(db, group, barriers, workspace):
    long_text = "a" * validation.ENTRY_MAX_CHARS + "SLUTT"
    at = save(workspace(), long_text)

    assert values(at.error) == [
        t("error.entry_too_long", max=validation.ENTRY_MAX_CHARS, length=len(long_text))
    ]
    assert entries.own_entries(db, group.token) == []
    assert by_label(at.text_area, t("group.new_label.barriers")).value == long_text


def test_saving_just_after_the_close_hands_the_text_back(
    db, facilitator, gathering, group, barriers, workspace
):
    at = workspace()
    by_label(at.text_area, t("group.new_label.barriers")).input("Skrevet mens det ble lukket")
    gatherings.close_activity(db, facilitator, gathering.id, barriers.id)

    at = by_label(at.button, t("group.save")).click().run()

    assert values(at.error) == [t("error.activity_closed")]
    assert [c.value for c in at.code] == ["Skrevet mens det ble lukket"]
    assert entries.own_entries(db, group.token) == []


def test_closing_the_activity_locks_the_workspace(
    db, facilitator, gathering, group, barriers, workspace
):
    at = save(workspace(), MARKUP)
    gatherings.close_activity(db, facilitator, gathering.id, barriers.id)

    at.run()

    assert not at.error
    assert values(at.info) == [t("group.closed", activity=t("activity.barriers"))]
    assert not at.text_area
    assert not at.button
    # What the group wrote is still there to read, as plain text.
    assert t("group.earlier_entries", count=1) in values(at.header)
    assert values(at.text) == [MARKUP]


def test_the_next_question_replaces_the_closed_one(
    db, facilitator, gathering, group, barriers, workspace
):
    submit_entry(db, group.token, barriers.id, "Gammel barriere")
    at = workspace()
    opportunities = activity_of(db, gathering, "opportunities")
    gatherings.open_activity(db, facilitator, gathering.id, opportunities.id)

    at.run()

    assert not at.error
    assert t("activity.opportunities") in values(at.header)
    assert opportunities.prompt in values(at.markdown)
    assert [w.label for w in at.text_area] == [t("group.new_label.opportunities")]
    assert values(at.text) == []  # the new question starts empty


def test_editing_and_deleting_own_entries(db, group, barriers, workspace):
    entry = submit_entry(db, group.token, barriers.id, "Første utkast")
    at = workspace()

    by_label(at.text_area, t("group.edit_label")).input("Andre utkast")
    at = by_label(at.button, t("group.save_change")).click().run()

    assert values(at.success) == [t("group.changed")]
    assert [e.text for e in entries.own_entries(db, group.token)] == ["Andre utkast"]
    assert values(at.text) == ["Andre utkast"]

    at = at.button(key=f"delete_{entry.id}").click().run()

    assert values(at.success) == [t("group.deleted")]
    assert entries.own_entries(db, group.token) == []
    assert not at.text
