"""Results afterwards: a coordinator signs in and sees their own organisation's ambition answers
across the modules, with no way to look at another organisation; facilitators choose one."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from core import ambitions, framework, gatherings, users
from tests.conftest import TEST_PASSWORD
from tests.pages.conftest import activity_of, by_label, log_in, t, values

RESULTS = "pages/results.py"


def answer(db, facilitator, gathering, organisation_id: int, levels, reason: str = ""):
    """The organisation's group in `gathering` answers its ambition round."""
    group = gatherings.join(db, gathering.join_code, organisation_id)
    round_ = activity_of(db, gathering, "ambition")
    gatherings.open_activity(db, facilitator, gathering.id, round_.id)
    now, one_year, three_year = levels
    return ambitions.save(
        db,
        group.token,
        activity_id=round_.id,
        now=now,
        one_year=one_year,
        three_year=three_year,
        reason=reason,
    )


@pytest.fixture
def organisations(db, gathering):
    """The gathering's three organisations as (id, label): one answers in modules 1 and 2,
    one in module 1 only, one never."""
    _info, options = gatherings.join_options(db, gathering.join_code)
    return [(g.organisation_id, g.label) for g in options]


@pytest.fixture
def modules(db):
    return gatherings.list_modules(db)


@pytest.fixture
def answered(db, facilitator, gathering, organisations, modules):
    (two_modules, _), (one_module, _), _silent = organisations
    later = gatherings.create_gathering(
        db,
        facilitator,
        module_id=modules[1].id,
        held_on=dt.date(2027, 2, 4),
        place="Alta",
        organisation_ids=[two_modules, one_module],
    )
    answer(db, facilitator, gathering, two_modules, (2, 3, 4), "Første modul")
    answer(db, facilitator, gathering, one_module, (5, 5, 5), "Den andre svarer")
    answer(db, facilitator, later, two_modules, (3, 4, 5), "Andre modul")
    return later


def coordinator_of(db, organisation_id: int, username: str = "koordinator"):
    return users.create_user(
        db,
        username=username,
        name="Kari Koordinator",
        password=TEST_PASSWORD,
        role="coordinator",
        organisation_id=organisation_id,
    )


def rows(at) -> list[dict]:
    """The table's rows; the gathering's date (dd.mm.yyyy) is checked here and left out."""
    [table] = at.dataframe
    records = table.value.to_dict("records")
    for record in records:
        assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", record.pop(t("ambition.date")))
    return records


def expected_row(db, module: str, levels, reason: str) -> dict:
    names = {g.number: g.name for g in framework.current(db).generations}
    now, one_year, three_year = levels
    return {
        t("ambition.module"): module,
        t("ambition.now"): f"{now} – {names[now]}",
        t("ambition.one_year"): f"{one_year} – {names[one_year]}",
        t("ambition.three_year"): f"{three_year} – {names[three_year]}",
        t("ambition.reason_column"): reason,
    }


def charts(at) -> list:
    return list(at.get("vega_lite_chart"))


def test_not_signed_in_shows_only_the_login_form(answered, open_page):
    at = open_page(RESULTS)

    assert [w.label for w in at.text_input] == [t("login.username"), t("login.password")]
    assert not at.dataframe
    assert t("results.title") not in values(at.title)


def test_coordinator_sees_their_own_organisation_across_modules(
    db, organisations, modules, answered, open_page
):
    organisation_id, label = organisations[0]
    coordinator = coordinator_of(db, organisation_id)

    at = log_in(open_page(RESULTS), coordinator.username)

    assert not at.exception
    assert not at.error
    assert values(at.title) == [t("results.title")]
    assert values(at.subheader) == [t("results.ambition_heading", organisation=label)]
    assert rows(at) == [
        expected_row(db, modules[0].name, (2, 3, 4), "Første modul"),
        expected_row(db, modules[1].name, (3, 4, 5), "Andre modul"),
    ]
    # No picker, and nothing of the other organisation that answered.
    assert not at.selectbox
    assert t("results.organisation") not in [w.label for w in at.selectbox]
    assert "Den andre svarer" not in str(rows(at))
    # The same answers on the generation scale, with a text summary.
    assert len(charts(at)) == 1
    items = f"{modules[0].name}: 2 → 3 → 4; {modules[1].name}: 3 → 4 → 5"
    assert t("ambition.arrows_summary", items=items) in values(at.caption)


def test_coordinator_without_answers_is_told_so(db, organisations, answered, open_page):
    organisation_id, label = organisations[2]
    coordinator = coordinator_of(db, organisation_id)

    at = log_in(open_page(RESULTS), coordinator.username)

    assert not at.exception
    assert not at.error
    assert values(at.info) == [t("results.no_ambitions", organisation=label)]
    assert not at.dataframe
    assert not charts(at)
    assert not at.selectbox


def test_coordinator_without_an_organisation_is_asked_to_get_one(db, admin, open_page):
    coordinator = users.create_user(
        db,
        username="koordinator",
        name="Kari Koordinator",
        password=TEST_PASSWORD,
        role="coordinator",
    )

    at = log_in(open_page(RESULTS), coordinator.username)

    assert not at.exception
    assert values(at.warning) == [t("results.no_organisation")]
    assert not at.dataframe
    assert not at.selectbox


def test_facilitator_picks_an_organisation(
    db, facilitator, organisations, modules, answered, open_page
):
    at = log_in(open_page(RESULTS), facilitator.username)

    assert not at.exception
    assert not at.error
    picker = by_label(at.selectbox, t("results.organisation"))
    listed = gatherings.list_organisations(db)
    assert picker.options == [o.label for o in listed]
    # The first organisation in the list is shown first.
    assert values(at.subheader) == [t("results.ambition_heading", organisation=listed[0].label)]

    organisation_id, label = organisations[0]
    at = picker.set_value(organisation_id).run()

    assert not at.error
    assert values(at.subheader) == [t("results.ambition_heading", organisation=label)]
    assert rows(at) == [
        expected_row(db, modules[0].name, (2, 3, 4), "Første modul"),
        expected_row(db, modules[1].name, (3, 4, 5), "Andre modul"),
    ]

    organisation_id, label = organisations[2]
    at = by_label(at.selectbox, t("results.organisation")).set_value(organisation_id).run()

    assert values(at.info) == [t("results.no_ambitions", organisation=label)]
    assert not at.dataframe
