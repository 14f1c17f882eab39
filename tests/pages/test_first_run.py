"""First run: before any administrator exists, the app is only the "create the first
administrator" form, and that form refuses what core refuses, in Norwegian."""

from __future__ import annotations

import pytest

from core import users
from tests.pages.conftest import by_label, t, values

GOOD_PASSWORD = "lavvo-i-vinden-2026"


@pytest.fixture
def setup_page(db, open_page):
    """The bare address of a freshly installed app (migrated, seeded, no users)."""
    at = open_page()
    assert values(at.title) == [t("first_run.title")]
    return at


def fill(at, *, name="Ánde Áilu", username="ande", password=GOOD_PASSWORD, repeated=None):
    by_label(at.text_input, t("first_run.name")).input(name)
    by_label(at.text_input, t("first_run.username")).input(username)
    by_label(at.text_input, t("first_run.password")).input(password)
    by_label(at.text_input, t("first_run.password_again")).input(
        password if repeated is None else repeated
    )
    return by_label(at.button, t("first_run.submit")).click().run()


def test_empty_database_shows_only_the_first_admin_form(setup_page):
    at = setup_page
    labels = [w.label for w in at.text_input]
    assert labels == [
        t("first_run.name"),
        t("first_run.username"),
        t("first_run.password"),
        t("first_run.password_again"),
    ]
    assert t("first_run.intro") in values(at.markdown)
    assert not at.error


def test_too_short_password_is_refused_and_creates_no_user(db, setup_page):
    at = fill(setup_page, password="kort-pass")

    assert values(at.error) == [t("error.password_too_short", min=users.PASSWORD_MIN_CHARS)]
    assert not users.has_admin(db)
    assert users.actor_for(db, "ande") is None
    # Still the form, not the "done" message.
    assert t("first_run.done") not in values(at.success)
    assert at.text_input


def test_mismatched_passwords_are_refused_and_create_no_user(db, setup_page):
    at = fill(setup_page, repeated=GOOD_PASSWORD + "x")

    assert values(at.error) == [t("error.password_mismatch")]
    assert not users.has_admin(db)
    assert users.actor_for(db, "ande") is None


def test_valid_input_creates_the_administrator_and_says_so(db, setup_page):
    at = fill(setup_page)

    assert not at.exception
    assert not at.error
    assert users.has_admin(db)
    admin = users.actor_for(db, "ande")
    assert admin is not None
    assert (admin.name, admin.role) == ("Ánde Áilu", "admin")
    assert values(at.success) == [t("first_run.done")]
    assert not at.text_input  # the form is gone


def test_after_first_run_the_bare_address_leads_to_joining(setup_page, open_page):
    fill(setup_page)

    at = open_page()  # a new visitor

    assert values(at.title) == [t("join.title")]
    assert [w.label for w in at.text_input] == [t("join.code_label")]
