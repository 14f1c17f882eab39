"""Exports on SQLite and PostgreSQL: the rows behind every format, CSV for Excel set to
Norwegian, the XLSX workbook, the PDF report for one organisation and module, and the audit event
every download leaves. Texts (formula starts, markup, Sami letters) come out exactly as typed,
except that a CSV cell that would start a formula gets a leading apostrophe."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import openpyxl
import pytest
from pypdf import PdfReader

from core import ambitions, audit, entries, exports, framework, gatherings, report, results, users
from core.errors import NotAllowed
from core.results import Scope
from tests.conftest import TEST_PASSWORD

M1 = "Modul 1 – Organisasjon"
M2 = "Modul 2 – Ledelse"
SAMI = "Sámi giella: á č đ ŋ š ŧ ž"
MARKUP = "<script>alert('x')</script> & <b>fet</b>"
FORMULA = "=1+1"
HIDDEN = "Skjult tekst fra oss"
OTHERS_ENTRY = "Deres egen barriere"
INITIATIVE = "Felles innbyggerdialog"
OPPORTUNITY = "Bedre deling av data"

V1 = [g["name"] for g in framework.load()["generations"]]
V2 = ["Lokalt", "Standardisert", "Nytenkende", "Økosystem", "Proaktivt"]

# Module 1 (version 1): A–F answer. Module 2 (version 2): A and B answer.
MODULE_1 = {
    "A": (1, 2, 3, "Vi starter nå"),
    "B": (2, 3, 4, ""),
    "C": (3, 4, 5, ""),
    "D": (1, 1, 2, ""),
    "E": (2, 2, 2, ""),
    "F": (3, 3, 4, ""),
}
MODULE_2 = {"A": (2, 3, 5, "Andre runde"), "B": (1, 1, 2, "")}


@dataclass
class World:
    cohort_id: int
    module_ids: list[int]
    org: dict[str, int]
    name: dict[str, str]
    g1: gatherings.GatheringInfo
    g2: gatherings.GatheringInfo


def _activity(db, gathering, kind):
    return next(a for a in gatherings.activities(db, gathering.id) if a.kind == kind)


def _submit(db, token, activity, text, key, theme=None, horizon=None):
    return entries.submit(
        db,
        token,
        activity_id=activity.id,
        text=text,
        theme_key=theme,
        idempotency_key=key,
        horizon=horizon,
    )


def _answer(db, facilitator, gathering, tokens, answers):
    activity = _activity(db, gathering, "ambition")
    gatherings.open_activity(db, facilitator, gathering.id, activity.id)
    for key, (now, one_year, three_year, reason) in answers.items():
        ambitions.save(
            db,
            tokens[key],
            activity_id=activity.id,
            now=now,
            one_year=one_year,
            three_year=three_year,
            reason=reason,
        )
    return activity


@pytest.fixture
def admin(db):
    return users.create_user(
        db, username="admin", name="Ada Admin", password=TEST_PASSWORD, role="admin"
    )


@pytest.fixture
def world(db, facilitator, admin) -> World:
    organisations = gatherings.list_organisations(db)[:6]
    org = {key: o.id for key, o in zip("ABCDEF", organisations, strict=True)}
    name = {key: o.label for key, o in zip("ABCDEF", organisations, strict=True)}
    modules = gatherings.list_modules(db)
    [cohort] = results.cohorts_for(db, facilitator)

    g1 = gatherings.create_gathering(
        db,
        facilitator,
        module_id=modules[0].id,
        held_on=dt.date(2026, 9, 10),
        place="Tromsø",
        organisation_ids=list(org.values()),
    )
    tokens = {k: gatherings.join(db, g1.join_code, org[k]).token for k in org}
    barriers = _activity(db, g1, "barriers")
    gatherings.open_activity(db, facilitator, g1.id, barriers.id)
    _submit(db, tokens["A"], barriers, FORMULA, "f", theme="organisasjon")
    _submit(db, tokens["A"], barriers, SAMI, "s")
    _submit(db, tokens["A"], barriers, MARKUP, "m")
    hidden = _submit(db, tokens["A"], barriers, HIDDEN, "h")
    _submit(db, tokens["B"], barriers, OTHERS_ENTRY, "o")
    opportunities = _activity(db, g1, "opportunities")
    gatherings.open_activity(db, facilitator, g1.id, opportunities.id)
    _submit(db, tokens["A"], opportunities, OPPORTUNITY, "d", theme="teknologi")
    round_1 = _answer(db, facilitator, g1, tokens, MODULE_1)
    _submit(db, tokens["A"], round_1, INITIATIVE, "i", horizon="short")
    entries.set_hidden(db, facilitator, g1.id, hidden.id, True)

    # The administrator renames the generations; module 2's round follows version 2.
    current = framework.current(db)
    framework.publish(
        db,
        admin,
        generations=[(n, g.description) for n, g in zip(V2, current.generations, strict=True)],
        capabilities=list(current.capabilities),
    )
    g2 = gatherings.create_gathering(
        db,
        facilitator,
        module_id=modules[1].id,
        held_on=dt.date(2026, 11, 26),
        place="Alta",
        organisation_ids=[org["A"], org["B"], org["C"]],
    )
    tokens_2 = {k: gatherings.join(db, g2.join_code, org[k]).token for k in "ABC"}
    _answer(db, facilitator, g2, tokens_2, MODULE_2)
    return World(cohort.id, [m.id for m in modules], org, name, g1, g2)


@pytest.fixture
def coordinator(db, world):
    return users.create_user(
        db,
        username="koordinator",
        name="Kari Koordinator",
        password=TEST_PASSWORD,
        role="coordinator",
        organisation_id=world.org["A"],
    )


ENTRY_HEADER = ["Modul", "Dato", "Organisasjon", "Type", "Tema", "Horisont", "Tekst"]
AMBITION_HEADER = [
    "Modul",
    "Dato",
    "Organisasjon",
    "I dag",
    "",
    "Om ca. 1 år",
    "",
    "Om ca. 3 år",
    "",
    "Sprang 3 år",
    "Begrunnelse",
    "Rammeverksversjon",
]


def _own_entry_rows(world):
    """A's visible entries, newest first (the hidden one left out)."""
    a = world.name["A"]
    return [
        [M1, "2026-09-10", a, "Ambisjonsnivå", "", "Kortsiktige innsatser (ca. 1 år)", INITIATIVE],
        [M1, "2026-09-10", a, "Muligheter", "Teknologi", "", OPPORTUNITY],
        [M1, "2026-09-10", a, "Barrierer", "", "", MARKUP],
        [M1, "2026-09-10", a, "Barrierer", "", "", SAMI],
        [M1, "2026-09-10", a, "Barrierer", "Organisasjon", "", FORMULA],
    ]


def _all_entry_rows(world):
    own = _own_entry_rows(world)
    theirs = [M1, "2026-09-10", world.name["B"], "Barrierer", "", "", OTHERS_ENTRY]
    return [*own[:2], theirs, *own[2:]]


def _ambition_row(module, held_on, organisation, answer, names, version):
    now, one_year, three_year, reason = answer
    return [
        module,
        held_on,
        organisation,
        now,
        names[now - 1],
        one_year,
        names[one_year - 1],
        three_year,
        names[three_year - 1],
        three_year - now,
        reason,
        version,
    ]


def _all_ambition_rows(world, keys_1="ABCDEF", keys_2="AB"):
    rows = []
    for module, held_on, answers, keys, names, version in (
        (M1, "2026-09-10", MODULE_1, keys_1, V1, 1),
        (M2, "2026-11-26", MODULE_2, keys_2, V2, 2),
    ):
        for key in sorted(keys, key=lambda k: world.name[k]):
            rows.append(
                _ambition_row(module, held_on, world.name[key], answers[key], names, version)
            )
    return rows


def _exports_logged(db, admin):
    return [
        (e.username, e.target)
        for e in reversed(audit.events(db, admin))
        if e.action == "export_downloaded"
    ]


def _csv(data: bytes) -> list[str]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
    return data[3:].decode("utf-8").split("\r\n")


# ---- the rows ------------------------------------------------------------------------------------


def test_entry_rows_hold_every_visible_entry_in_scope(db, facilitator, world):
    rows = list(exports.entry_rows(db, facilitator, Scope(world.cohort_id)))
    assert rows[0] == ENTRY_HEADER
    assert rows[1:] == _all_entry_rows(world)
    assert HIDDEN not in {row[-1] for row in rows}
    module_2 = Scope(world.cohort_id, module_ids=(world.module_ids[1],))
    assert list(exports.entry_rows(db, facilitator, module_2)) == [ENTRY_HEADER]


def test_entry_rows_in_english(db, facilitator, world):
    rows = list(exports.entry_rows(db, facilitator, Scope(world.cohort_id), "en"))
    assert rows[0] != ENTRY_HEADER and len(rows[0]) == len(ENTRY_HEADER)
    assert [row[-1] for row in rows[1:]] == [row[-1] for row in _all_entry_rows(world)]


def test_ambition_rows_name_generations_from_the_answers_framework_version(db, facilitator, world):
    rows = list(exports.ambition_rows(db, facilitator, Scope(world.cohort_id)))
    assert rows[0] == AMBITION_HEADER
    assert rows[1:] == _all_ambition_rows(world)
    # Module 1 was answered under version 1, module 2 under version 2, which renamed them all.
    a_module_1 = next(r for r in rows[1:] if r[0] == M1 and r[2] == world.name["A"])
    assert a_module_1[3:9] == [1, V1[0], 2, V1[1], 3, V1[2]]
    a_module_2 = next(r for r in rows[1:] if r[0] == M2 and r[2] == world.name["A"])
    assert a_module_2[3:] == [
        2,
        "Standardisert",
        3,
        "Nytenkende",
        5,
        "Proaktivt",
        3,
        "Andre runde",
        2,
    ]


def test_ambition_rows_follow_the_module_gathering_and_organisation(db, facilitator, world):
    only_module_2 = Scope(world.cohort_id, module_ids=(world.module_ids[1],))
    rows = list(exports.ambition_rows(db, facilitator, only_module_2))
    assert rows[1:] == _all_ambition_rows(world, keys_1="")
    by_gathering = Scope(world.cohort_id, gathering_id=world.g1.id)
    assert list(exports.ambition_rows(db, facilitator, by_gathering))[1:] == _all_ambition_rows(
        world, keys_2=""
    )
    just_b = Scope(world.cohort_id, organisation_id=world.org["B"])
    assert list(exports.ambition_rows(db, facilitator, just_b))[1:] == _all_ambition_rows(
        world, keys_1="B", keys_2="B"
    )


def test_a_coordinators_rows_hold_only_their_own_organisation(db, world, coordinator):
    assert list(exports.entry_rows(db, coordinator, Scope(world.cohort_id)))[1:] == (
        _own_entry_rows(world)
    )
    assert list(exports.ambition_rows(db, coordinator, Scope(world.cohort_id)))[1:] == (
        _all_ambition_rows(world, keys_1="A", keys_2="A")
    )
    other = Scope(world.cohort_id, organisation_id=world.org["B"])
    for rows in (exports.entry_rows, exports.ambition_rows):
        with pytest.raises(NotAllowed) as caught:
            list(rows(db, coordinator, other))
        assert caught.value.code == "own_organisation_only"


# ---- CSV -----------------------------------------------------------------------------------------


def test_the_entries_csv_is_semicolon_separated_utf8_with_a_bom_and_guarded_formulas(
    db, facilitator, world
):
    lines = _csv(exports.entries_csv(db, facilitator, Scope(world.cohort_id)))
    assert lines[0] == ";".join(ENTRY_HEADER)
    a, b = world.name["A"], world.name["B"]
    assert lines[1:] == [
        f"{M1};2026-09-10;{a};Ambisjonsnivå;;Kortsiktige innsatser (ca. 1 år);{INITIATIVE}",
        f"{M1};2026-09-10;{a};Muligheter;Teknologi;;{OPPORTUNITY}",
        f"{M1};2026-09-10;{b};Barrierer;;;{OTHERS_ENTRY}",
        f"{M1};2026-09-10;{a};Barrierer;;;{MARKUP}",
        f"{M1};2026-09-10;{a};Barrierer;;;{SAMI}",
        f"{M1};2026-09-10;{a};Barrierer;Organisasjon;;'{FORMULA}",
        "",
    ]
    assert "á č đ ŋ š ŧ ž" in lines[5]


def test_to_csv_guards_every_formula_start_and_quotes_semicolons():
    data = exports.to_csv(
        [["=SUM(A1)", "+47 123", "-1", "@cmd", "\tx", "a;b", 'si "hei"', 3, "á=č"]]
    )
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == (
        '\'=SUM(A1);\'+47 123;\'-1;\'@cmd;\'\tx;"a;b";"si ""hei""";3;á=č\r\n'
    )


def test_the_ambitions_csv_has_the_numbers_and_the_names(db, facilitator, world):
    lines = _csv(exports.ambitions_csv(db, facilitator, Scope(world.cohort_id)))
    assert lines[0] == "Modul;Dato;Organisasjon;I dag;;Om ca. 1 år;;Om ca. 3 år;;Sprang 3 år;" + (
        "Begrunnelse;Rammeverksversjon"
    )
    expected = [";".join(str(v) for v in row) for row in _all_ambition_rows(world)]
    assert lines[1:] == [*expected, ""]


def test_a_coordinators_csv_holds_only_their_own_organisation(db, world, coordinator):
    lines = _csv(exports.entries_csv(db, coordinator, Scope(world.cohort_id)))
    assert len(lines) == 1 + len(_own_entry_rows(world)) + 1
    assert all(f";{world.name['A']};" in line for line in lines[1:-1])
    assert OTHERS_ENTRY not in "".join(lines)
    ambition_lines = _csv(exports.ambitions_csv(db, coordinator, Scope(world.cohort_id)))
    assert [line.split(";")[2] for line in ambition_lines[1:-1]] == [world.name["A"]] * 2


# ---- XLSX ----------------------------------------------------------------------------------------


def test_the_workbook_has_two_sheets_and_stores_formulas_as_text(db, facilitator, world):
    data = exports.workbook(db, facilitator, Scope(world.cohort_id))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Innspill", "Ambisjoner"]
    entry_sheet, ambition_sheet = book["Innspill"], book["Ambisjoner"]
    values = [
        [c if c is not None else "" for c in row] for row in entry_sheet.iter_rows(values_only=True)
    ]
    assert values == [ENTRY_HEADER, *_all_entry_rows(world)]
    formula = next(c for row in entry_sheet.iter_rows() for c in row if c.value == FORMULA)
    assert formula.data_type == "s"
    sami = next(c for row in entry_sheet.iter_rows() for c in row if c.value == SAMI)
    assert sami.data_type == "s"
    assert any(c.value == MARKUP for row in entry_sheet.iter_rows() for c in row)

    ambition_values = [
        [c if c is not None else "" for c in row]
        for row in ambition_sheet.iter_rows(values_only=True)
    ]
    assert ambition_values == [AMBITION_HEADER, *_all_ambition_rows(world)]
    # Numbers stay numbers.
    assert ambition_sheet.cell(row=2, column=4).data_type == "n"


def test_a_coordinators_workbook_holds_only_their_own_organisation(db, world, coordinator):
    book = openpyxl.load_workbook(
        io.BytesIO(exports.workbook(db, coordinator, Scope(world.cohort_id)))
    )
    organisations = {
        row[2] for sheet in book.worksheets for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert organisations == {world.name["A"]}
    assert book["Innspill"].max_row == 1 + len(_own_entry_rows(world))
    assert book["Ambisjoner"].max_row == 1 + 2


# ---- the audit log -------------------------------------------------------------------------------


def test_every_export_writes_one_audit_event_naming_what_and_the_scope(
    db, facilitator, world, coordinator, admin
):
    before = _exports_logged(db, admin)
    assert before == []
    c, m1 = world.cohort_id, world.module_ids[0]
    exports.entries_csv(db, facilitator, Scope(c))
    exports.ambitions_csv(db, coordinator, Scope(c, module_ids=(m1,)))
    exports.workbook(
        db, facilitator, Scope(c, gathering_id=world.g1.id, organisation_id=world.org["B"])
    )
    exports.workbook(db, coordinator, Scope(c))
    assert _exports_logged(db, admin) == [
        ("prosessleder", f"csv: entries · cohort {c}"),
        (
            "koordinator",
            f"csv: ambitions · cohort {c} · modules {m1} · organisation {world.org['A']}",
        ),
        (
            "prosessleder",
            f"xlsx · cohort {c} · gathering {world.g1.id} · organisation {world.org['B']}",
        ),
        ("koordinator", f"xlsx · cohort {c} · organisation {world.org['A']}"),
    ]
    # Building rows alone (no download) is not logged.
    list(exports.entry_rows(db, facilitator, Scope(c)))
    assert len(_exports_logged(db, admin)) == 4


def test_a_refused_export_is_not_logged(db, world, coordinator, admin):
    other = Scope(world.cohort_id, organisation_id=world.org["B"])
    for export in (exports.entries_csv, exports.ambitions_csv, exports.workbook):
        with pytest.raises(NotAllowed):
            export(db, coordinator, other)
    assert _exports_logged(db, admin) == []


# ---- the PDF report ------------------------------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def test_the_report_holds_the_organisation_its_ambition_the_cohort_and_its_entries(
    db, world, coordinator, admin
):
    data = report.organisation_report(
        db,
        coordinator,
        cohort_id=world.cohort_id,
        module_id=world.module_ids[0],
        organisation_id=world.org["A"],
    )
    text = _pdf_text(data)
    assert f"{world.name['A']} – {M1}" in text
    # A's module-1 answer 1 → 2 → 3, named as version 1 had them.
    for name in V1[:3]:
        assert name in text
    assert "Begrunnelse: Vi starter nå" in text
    # Five other organisations answered: the comparison is shown.
    assert "Sammenlignet med kullet" in text
    assert "Kullet: 6 organisasjoner som svarte i modulen." in text
    assert "tallene ville dekket bare" not in text
    # Everything A wrote in module 1, exactly; nothing hidden, nothing of B's.
    for written in (SAMI, MARKUP, FORMULA, OPPORTUNITY, INITIATIVE):
        assert written in text
    assert "á č đ ŋ š ŧ ž" in text
    assert "<script>alert('x')</script>" in text
    assert "Barrierer (3)" in text and "Muligheter (1)" in text
    assert HIDDEN not in text and OTHERS_ENTRY not in text
    assert _exports_logged(db, admin) == [("koordinator", f"pdf · {world.name['A']} · {M1}")]


def test_the_report_withholds_the_cohort_below_5_other_organisations(db, world, coordinator, admin):
    # Module 2: only B answered besides A.
    data = report.organisation_report(
        db,
        coordinator,
        cohort_id=world.cohort_id,
        module_id=world.module_ids[1],
        organisation_id=world.org["A"],
    )
    text = _pdf_text(data)
    assert f"{world.name['A']} – {M2}" in text
    # A's module-2 answer 2 → 3 → 5, named as version 2 has them.
    for name in ("Standardisert", "Nytenkende", "Proaktivt"):
        assert name in text
    assert "tallene ville dekket bare 1 andre organisasjoner" in text
    assert "minst 5 trengs" in text
    assert "Kullet:" not in text
    assert "Barrierer (0)" in text
    assert _exports_logged(db, admin) == [("koordinator", f"pdf · {world.name['A']} · {M2}")]


def test_a_facilitator_gets_any_organisations_report(db, facilitator, world, admin):
    data = report.organisation_report(
        db,
        facilitator,
        cohort_id=world.cohort_id,
        module_id=world.module_ids[0],
        organisation_id=world.org["B"],
    )
    text = _pdf_text(data)
    assert f"{world.name['B']} – {M1}" in text
    assert OTHERS_ENTRY in text and SAMI not in text
    assert _exports_logged(db, admin) == [("prosessleder", f"pdf · {world.name['B']} · {M1}")]


def test_a_coordinator_gets_no_report_of_another_organisation(db, world, coordinator, admin):
    with pytest.raises(NotAllowed) as caught:
        report.organisation_report(
            db,
            coordinator,
            cohort_id=world.cohort_id,
            module_id=world.module_ids[0],
            organisation_id=world.org["B"],
        )
    assert caught.value.code == "own_organisation_only"
    assert _exports_logged(db, admin) == []
