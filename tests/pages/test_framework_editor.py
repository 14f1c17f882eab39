"""The framework editor at /rammeverk: administrators only. Publishing saves a new version of the
generations and capabilities; a refused form publishes nothing."""

from __future__ import annotations

import pytest

from core import audit, framework
from tests.pages.conftest import by_label, log_in, t, values

EDITOR = "pages/framework_editor.py"


def name_field(at, number: int):
    return by_label(at.text_input, f"{number}. {t('framework_admin.name')}")


def description_field(at, number: int):
    return by_label(at.text_input, f"{number}. {t('framework_admin.description')}")


def publish(at):
    return by_label(at.button, t("framework_admin.publish")).click().run()


@pytest.fixture
def editor(admin, open_page):
    return log_in(open_page(EDITOR), admin.username)


def test_a_facilitator_is_turned_away(db, facilitator, open_page):
    at = log_in(open_page(EDITOR), facilitator.username)

    assert not at.exception
    assert values(at.error) == [t("error.admin_only")]
    assert t("framework_admin.title") not in values(at.title)
    assert not [w for w in at.text_input if w.label.endswith(t("framework_admin.name"))]
    assert t("framework_admin.publish") not in [b.label for b in at.button]


def test_not_signed_in_shows_only_the_login_form(admin, open_page):
    at = open_page(EDITOR)

    assert [w.label for w in at.text_input] == [t("login.username"), t("login.password")]
    assert t("framework_admin.title") not in values(at.title)


def test_the_form_shows_version_one(db, editor):
    at = editor
    version = framework.current(db)

    assert not at.exception
    assert not at.error
    assert values(at.title) == [t("framework_admin.title")]
    assert t("framework_admin.current", number=1) in values(at.caption)
    assert len(version.generations) == 5
    for generation in version.generations:
        assert name_field(at, generation.number).value == generation.name
        assert description_field(at, generation.number).value == generation.description
    # A sixth row, empty, for the 2024 sixth generation.
    assert (name_field(at, 6).value, description_field(at, 6).value) == ("", "")
    capabilities = by_label(at.text_area, t("framework_admin.capabilities"))
    assert capabilities.value.splitlines() == list(version.capabilities)
    [history] = at.dataframe
    assert history.value[t("framework_admin.version")].tolist() == [1]


def test_renaming_a_generation_publishes_version_two(db, admin, editor):
    before = framework.current(db)
    at = editor
    name_field(at, 3).input("Problemløsning, relevans og samskaping")

    at = publish(at)

    assert not at.exception
    assert not at.error
    current = framework.current(db)
    assert current.number == 2
    assert current.generation(3).name == "Problemløsning, relevans og samskaping"
    assert [g.name for g in current.generations if g.number != 3] == [
        g.name for g in before.generations if g.number != 3
    ]
    assert current.capabilities == before.capabilities
    assert values(at.success) == [t("framework_admin.published", number=2)]
    assert t("framework_admin.current", number=2) in values(at.caption)
    assert name_field(at, 3).value == "Problemløsning, relevans og samskaping"
    [history] = at.dataframe
    assert history.value[t("framework_admin.version")].tolist() == [2, 1]
    assert history.value[t("framework_admin.by")].tolist()[0] == admin.username
    events = [e for e in audit.events(db, admin) if e.action == "framework_published"]
    assert [(e.username, e.target) for e in events] == [(admin.username, "versjon 2")]


def test_filling_the_sixth_row_publishes_six_generations(db, editor):
    at = editor
    name_field(at, 6).input("Bærekraftig og ansvarlig")
    description_field(at, 6).input("Teknologien brukes bevisst for bærekraft og tillit.")

    at = publish(at)

    assert not at.error
    current = framework.current(db)
    assert (current.number, current.highest) == (2, 6)
    assert current.generation(6).name == "Bærekraftig og ansvarlig"
    assert current.generation(6).description == (
        "Teknologien brukes bevisst for bærekraft og tillit."
    )
    assert values(at.success) == [t("framework_admin.published", number=2)]


def test_a_blank_middle_generation_publishes_nothing(db, admin, editor):
    at = editor
    name_field(at, 3).input("")

    at = publish(at)

    assert values(at.error) == [t("error.generation_name_empty")]
    assert framework.current(db).number == 1
    assert not at.success
    # What the administrator typed is still in the form to correct.
    assert name_field(at, 3).value == ""
    assert name_field(at, 2).value == framework.current(db).generation(2).name
    assert not [e for e in audit.events(db, admin) if e.action == "framework_published"]


def test_publishing_without_changes_keeps_the_version(db, admin, editor):
    at = publish(editor)

    assert not at.error
    assert values(at.info) == [t("framework_admin.unchanged", number=1)]
    assert framework.current(db).number == 1
    assert not [e for e in audit.events(db, admin) if e.action == "framework_published"]
