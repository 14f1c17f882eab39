"""The facilitator's page: behind a login, it shows the gathering's join code and opens and
closes activities; other roles are turned away."""

from __future__ import annotations

import datetime as dt

import pytest

from core import gatherings, live, users
from tests.conftest import TEST_PASSWORD
from tests.pages.conftest import activity_of, by_label, log_in, submit_entry, t, values

FACILITATE = "pages/facilitate.py"


def state_of(db, gathering, kind: str) -> str:
    return activity_of(db, gathering, kind).state


def activity_buttons(at) -> list[str]:
    return [b.key for b in at.button if b.key and b.key.startswith(("open_", "close_"))]


def test_not_signed_in_shows_only_the_login_form(gathering, open_page):
    at = open_page(FACILITATE)

    assert [w.label for w in at.text_input] == [t("login.username"), t("login.password")]
    assert [b.label for b in at.button] == [t("login.submit")]
    assert t("facilitate.title") not in values(at.title)
    assert not at.metric
    assert gathering.join_code not in " ".join(values(at.markdown))


def test_wrong_password_is_refused(facilitator, gathering, open_page):
    at = log_in(open_page(FACILITATE), facilitator.username, "feil-passord-123")

    assert t("error.login_failed") in values(at.error)
    assert t("facilitate.title") not in values(at.title)
    assert not at.metric
    assert not activity_buttons(at)


def test_facilitator_sees_the_join_code_and_opens_and_closes_activities(
    db, facilitator, gathering, open_page
):
    at = log_in(open_page(FACILITATE), facilitator.username)

    assert not at.exception
    assert not at.error
    assert values(at.title) == [t("facilitate.title")]
    assert [(m.label, m.value) for m in at.metric] == [
        (t("facilitate.join_code"), gathering.join_code)
    ]
    assert any(
        value == t("login.signed_in_as", name=facilitator.name)
        for value in values(at.sidebar.markdown)
    )
    barriers = activity_of(db, gathering, "barriers")
    opportunities = activity_of(db, gathering, "opportunities")
    ambition = activity_of(db, gathering, "ambition")
    assert activity_buttons(at) == [
        f"open_{barriers.id}",
        f"open_{opportunities.id}",
        f"open_{ambition.id}",
    ]
    assert t("facilitate.nothing_open") in values(at.caption)

    at = at.button(key=f"open_{barriers.id}").click().run()

    assert not at.error
    assert state_of(db, gathering, "barriers") == "open"
    assert activity_buttons(at) == [
        f"close_{barriers.id}",
        f"open_{opportunities.id}",
        f"open_{ambition.id}",
    ]
    assert at.button(key=f"close_{barriers.id}").label == t("facilitate.close")
    assert t("activity.state.open") in values(at.markdown)
    assert t("facilitate.live", activity=t("activity.barriers")) in values(at.header)

    # Opening the next question closes the current one: groups face one question at a time.
    at = at.button(key=f"open_{opportunities.id}").click().run()

    assert not at.error
    assert state_of(db, gathering, "barriers") == "closed"
    assert state_of(db, gathering, "opportunities") == "open"

    at = at.button(key=f"close_{opportunities.id}").click().run()

    assert not at.error
    assert state_of(db, gathering, "opportunities") == "closed"
    assert activity_buttons(at) == [
        f"open_{barriers.id}",
        f"open_{opportunities.id}",
        f"open_{ambition.id}",
    ]


def test_facilitator_sees_entries_as_plain_text(db, facilitator, gathering, group, open_page):
    barriers = activity_of(db, gathering, "barriers")
    gatherings.open_activity(db, facilitator, gathering.id, barriers.id)
    submit_entry(db, group.token, barriers.id, "**ikke fet** <i>heller ikke kursiv</i>")

    at = log_in(open_page(FACILITATE), facilitator.username)

    assert not at.error
    assert values(at.text) == ["**ikke fet** <i>heller ikke kursiv</i>"]
    assert not [v for v in values(at.markdown) if "kursiv" in v]
    assert [b.label for b in at.button if b.key and b.key.startswith("hide_")] == [
        t("facilitate.hide")
    ]


def test_hiding_and_restoring_an_entry(db, facilitator, gathering, group, open_page):
    barriers = activity_of(db, gathering, "barriers")
    gatherings.open_activity(db, facilitator, gathering.id, barriers.id)
    entry = submit_entry(db, group.token, barriers.id, "Noe som ikke skal på skjermen")
    at = log_in(open_page(FACILITATE), facilitator.username)

    at = at.button(key=f"hide_{entry.id}").click().run()

    assert not at.error
    assert live.snapshot(db, gathering.id).total == 0
    assert at.button(key=f"hide_{entry.id}").label == t("facilitate.restore")
    assert any(t("facilitate.hidden_marker") in c for c in values(at.caption))

    at = at.button(key=f"hide_{entry.id}").click().run()

    assert live.snapshot(db, gathering.id).total == 1
    assert at.button(key=f"hide_{entry.id}").label == t("facilitate.hide")


def test_facilitator_creates_a_gathering(db, facilitator, open_page):
    at = log_in(open_page(FACILITATE), facilitator.username)
    assert values(at.info) == [t("facilitate.no_gatherings")]
    organisations = gatherings.list_organisations(db)[:2]

    by_label(at.text_input, t("facilitate.place")).input("Vadsø")
    by_label(at.date_input, t("facilitate.date")).set_value(dt.date(2026, 12, 3))
    by_label(at.multiselect, t("facilitate.organisations")).set_value([o.id for o in organisations])
    at = by_label(at.button, t("facilitate.create")).click().run()

    assert not at.error
    [created] = gatherings.list_gatherings(db, facilitator)
    assert (created.place, created.held_on) == ("Vadsø", dt.date(2026, 12, 3))
    assert at.query_params["samling"] == str(created.id)
    assert [m.value for m in at.metric] == [created.join_code]
    _info, groups = gatherings.join_options(db, created.join_code)
    assert sorted(g.organisation_id for g in groups) == sorted(o.id for o in organisations)


def test_gathering_without_organisations_is_refused(db, facilitator, open_page):
    at = log_in(open_page(FACILITATE), facilitator.username)

    by_label(at.text_input, t("facilitate.place")).input("Vadsø")
    at = by_label(at.button, t("facilitate.create")).click().run()

    assert values(at.error) == [t("error.organisations_none")]
    assert gatherings.list_gatherings(db, facilitator) == []


@pytest.fixture
def coordinator(db, admin):
    return users.create_user(
        db,
        username="koordinator",
        name="Kari Koordinator",
        password=TEST_PASSWORD,
        role="coordinator",
    )


def test_coordinator_is_turned_away(db, coordinator, gathering, open_page):
    at = log_in(open_page(FACILITATE), coordinator.username)

    assert values(at.error) == [t("error.facilitator_only")]
    assert t("facilitate.title") not in values(at.title)
    assert not at.metric
    assert not activity_buttons(at)
    assert [b.label for b in at.button] == [t("login.logout")]
    assert gathering.join_code not in " ".join(values(at.markdown))


def test_five_wrong_passwords_lock_the_account_with_a_clear_message(facilitator, open_page):
    at = open_page(FACILITATE)
    for _ in range(4):
        at = log_in(at, facilitator.username, "feil-passord-123")
        assert values(at.error) == [t("error.login_failed")]
    at = log_in(at, facilitator.username, "feil-passord-123")
    assert values(at.error) == [t("error.login_locked", minutes=15)]
    # The right password waits too; the page stays closed.
    at = log_in(at, facilitator.username, TEST_PASSWORD)
    assert values(at.error) == [t("error.login_locked", minutes=15)]
    assert t("facilitate.title") not in values(at.title)


def test_a_deactivated_users_session_ends_on_the_next_click(db, admin, facilitator, open_page):
    at = log_in(open_page(FACILITATE), facilitator.username)
    assert t("facilitate.title") in values(at.title)
    users.deactivate(db, admin, facilitator.user_id)

    at.run()

    assert t("login.session_ended") in values(at.warning)
    assert t("facilitate.title") not in values(at.title)
    assert not at.exception
    # The cookie component reports back and the page runs again: the reason stays on screen
    # until the next login.
    at.run()
    assert t("login.session_ended") in values(at.warning)
    at = log_in(at, admin.username)
    assert t("login.session_ended") not in values(at.warning)
