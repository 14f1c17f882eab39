"""The administration page: accounts and the audit log, for administrators only."""

from __future__ import annotations

import pytest

from core import audit, gatherings, users
from tests.conftest import TEST_PASSWORD
from tests.pages.conftest import by_label, log_in, t, values

ADMIN = "pages/admin.py"


def _add(at, *, name, username, password, role, organisation=None):
    by_label(at.text_input, t("admin.name")).input(name)
    by_label(at.text_input, t("admin.username")).input(username)
    by_label(at.text_input, t("admin.password")).input(password)
    by_label(at.selectbox, t("admin.role")).select(role)
    if organisation is not None:
        by_label(at.selectbox, t("admin.organisation_for_coordinator")).select(organisation)
    return by_label(at.button, t("admin.add")).click().run()


def test_only_administrators_get_in(facilitator, open_page):
    at = log_in(open_page(ADMIN), facilitator.username)
    assert values(at.error) == [t("error.admin_only")]
    assert t("admin.title") not in values(at.title)


def test_administrator_adds_a_coordinator_for_one_organisation(db, admin, open_page):
    at = log_in(open_page(ADMIN), admin.username)
    assert values(at.title) == [t("admin.title")]

    at = _add(
        at, name="Kari Koordinator", username="kari", password=TEST_PASSWORD, role="coordinator"
    )
    assert values(at.error) == [t("error.coordinator_needs_organisation")]
    assert users.actor_for(db, "kari") is None

    porsanger = next(o for o in gatherings.list_organisations(db) if o.number == "5622")
    at = _add(
        at,
        name="Kari Koordinator",
        username="kari",
        password=TEST_PASSWORD,
        role="coordinator",
        organisation=porsanger.id,
    )
    assert values(at.success) == [t("admin.added", username="kari")]
    kari = users.actor_for(db, "kari")
    assert kari.role == "coordinator" and kari.organisation_id == porsanger.id
    assert ("user_created", "kari (coordinator)") in [
        (e.action, e.target) for e in audit.events(db, admin)
    ]


def test_markup_in_a_name_is_stored_as_typed(db, admin, open_page):
    at = log_in(open_page(ADMIN), admin.username)
    at = _add(
        at,
        name="<script>Ánde</script>",
        username="ánde.áilu",
        password=TEST_PASSWORD,
        role="facilitator",
    )
    assert not at.error
    assert users.actor_for(db, "ánde.áilu").name == "<script>Ánde</script>"


def test_deactivating_logs_the_user_out_and_is_audited(db, admin, facilitator, open_page):
    at = log_in(open_page(ADMIN), admin.username)
    label = f"{facilitator.name} ({facilitator.username})"
    at.selectbox(key="deactivate_user").select(facilitator.user_id)
    at = by_label(at.button, t("admin.deactivate")).click().run()

    assert values(at.success) == [t("admin.deactivated", user=label)]
    assert users.session_actor(db, facilitator.username, 0) is None
    events = audit.events(db, admin)
    assert events[0].action == "user_deactivated" and events[0].target == facilitator.username


def test_deleting_a_cohort_needs_its_name_typed(db, admin, gathering, open_page):
    at = log_in(open_page(ADMIN), admin.username)
    [cohort] = [c for c in at.text_input if c.label.startswith("Skriv")]
    cohort.input("feil navn")
    at = by_label(at.button, t("admin.delete_cohort_button")).click().run()
    assert values(at.error) == [
        t("error.cohort_confirmation_mismatch", name="Pulje 1 – toppledelse")
    ]
    assert gatherings.list_gatherings(db, admin)

    by_label(at.text_input, t("admin.delete_cohort_confirm", name="Pulje 1 – toppledelse")).input(
        "Pulje 1 – toppledelse"
    )
    at = by_label(at.button, t("admin.delete_cohort_button")).click().run()
    assert values(at.success) == [
        t("admin.delete_cohort_done", name="Pulje 1 – toppledelse", entries=0)
    ]
    assert gatherings.list_gatherings(db, admin) == []


def test_reset_password_then_the_user_must_choose_a_new_one(db, admin, facilitator, open_page):
    at = log_in(open_page(ADMIN), admin.username)
    at.selectbox(key="reset_user").select(facilitator.user_id)
    by_label(at.text_input, t("admin.temporary_password")).input("midlertidig-passord-1")
    at = by_label(at.button, t("admin.reset")).click().run()
    assert not at.error

    # The facilitator signs in with the temporary password and must choose a new one first.
    fac = log_in(open_page("pages/facilitate.py"), facilitator.username, "midlertidig-passord-1")
    assert t("login.change_title") in values(fac.subheader)
    assert t("facilitate.title") not in values(fac.title)
    by_label(fac.text_input, t("login.current_password")).input("midlertidig-passord-1")
    by_label(fac.text_input, t("login.new_password")).input("mitt-eget-passord-22")
    by_label(fac.text_input, t("login.new_password_again")).input("mitt-eget-passord-22")
    fac = by_label(fac.button, t("login.change_submit")).click().run()
    assert values(fac.success) == [t("login.changed")]
    assert t("facilitate.title") in values(fac.title)
    assert users.authenticate(db, facilitator.username, "mitt-eget-passord-22")


@pytest.mark.parametrize(
    ("name", "username", "error"),
    [
        ("", "tom", "error.name_empty"),
        ("N" * 201, "lang", "error.name_too_long"),
        ("Skjult\x07navn", "kontroll", "error.name_control_chars"),
        ("Robert Tables", "'; DROP TABLE users; --", "error.username_invalid"),
        ("Navn Navnesen", "", "error.username_invalid"),
    ],
)
def test_bad_input_in_the_add_user_form(db, admin, open_page, name, username, error):
    at = log_in(open_page(ADMIN), admin.username)
    at = _add(at, name=name, username=username, password=TEST_PASSWORD, role="facilitator")
    assert len(at.error) == 1
    assert at.error[0].value == t(error, max=200) if "too_long" in error else t(error)
    assert [u.username for u in users.list_users(db, admin)] == ["admin"]


def test_sql_looking_username_at_login_is_just_a_wrong_login(admin, open_page):
    at = log_in(open_page("pages/facilitate.py"), "' OR '1'='1", "' OR '1'='1' --")
    assert values(at.error) == [t("error.login_failed")]
