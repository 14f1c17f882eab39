"""Exports: the entries and ambition answers in scope as rows (one generator each, for every
format), written as CSV or XLSX, and a PDF report for one organisation and module. Every export
is recorded in the audit log when it is made, which is when the person downloads it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from sqlalchemy import select

from core import audit, framework, i18n, results
from core.access import Actor, cohort_access
from core.db import Database
from core.models import Ambition, FrameworkVersion, Gathering, Module, Organisation

# A cell that begins with one of these is a formula to a spreadsheet program.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def entry_rows(
    db: Database, actor: Actor, scope: results.Scope, language: str = "nb"
) -> Iterator[list]:
    """A header, then one row per visible entry in scope (a coordinator: own organisation)."""
    yield _header(language, "export.kind", "export.theme", "export.horizon", "export.text")
    themes = {theme.key: theme.name for theme in framework.themes()}
    for row in results.iter_entry_rows(db, actor, scope):
        yield [
            row.module_name,
            row.held_on.isoformat(),
            row.organisation,
            i18n.t(f"activity.{row.kind}", language),
            themes.get(row.theme_key, ""),
            i18n.t(f"ambition.horizon.{row.horizon}", language) if row.horizon else "",
            row.text,
        ]


def ambition_rows(
    db: Database, actor: Actor, scope: results.Scope, language: str = "nb"
) -> Iterator[list]:
    """A header, then one row per ambition answer in scope, each generation as its number and
    its name in the framework version the answer was given under."""
    yield _header(
        language,
        "ambition.now",
        "",
        "ambition.one_year",
        "",
        "ambition.three_year",
        "",
        "ambition.gap_three_years",
        "ambition.reason_column",
        "export.framework_version",
    )
    with db.read() as session:
        reader = cohort_access(session, actor, scope.cohort_id, scope.organisation_id)
        query = (
            select(Ambition, Module.name, Gathering.held_on, Organisation.official_name)
            .join(Module, Module.id == Ambition.module_id)
            .join(Gathering, Gathering.id == Ambition.gathering_id)
            .join(Organisation, Organisation.id == Ambition.organisation_id)
            .where(Ambition.module_id.in_(results.module_ids(scope)))
            .order_by(Module.position, Gathering.held_on, Organisation.official_name)
        )
        organisation_id = reader.organisation_filter(scope.organisation_id)
        if organisation_id is not None:
            query = query.where(Ambition.organisation_id == organisation_id)
        if scope.gathering_id is not None:
            query = query.where(Ambition.gathering_id == scope.gathering_id)
        versions: dict[int, framework.Version] = {}
        for answer, module, held_on, organisation in session.execute(query):
            if answer.framework_version_id not in versions:
                versions[answer.framework_version_id] = framework.version_from_row(
                    session.get(FrameworkVersion, answer.framework_version_id)
                )
            yield [
                module,
                held_on.isoformat(),
                organisation,
                *_answer_cells(answer, versions[answer.framework_version_id]),
            ]


def _header(language: str, *keys: str) -> list[str]:
    """The column titles in `language`: module, date and organisation, which every export
    starts with, then `keys`. An empty key is a column without a title (a generation's name,
    beside its number).

    >>> _header("en", "export.text", "")
    ['Module', 'Date', 'Organisation', 'Text', '']
    """
    leading = ("export.module", "export.date", "export.organisation")
    return [i18n.t(key, language) if key else "" for key in (*leading, *keys)]


def _answer_cells(answer: Ambition, version: framework.Version) -> list:
    """Each generation as its number and its name, then the gap, the reason and the version."""
    levels = (answer.now_generation, answer.one_year_generation, answer.three_year_generation)
    named = []
    for level in levels:
        generation = version.generation(level)
        named += [level, generation.name if generation else ""]
    return [*named, levels[2] - levels[0], answer.reason, version.number]


def to_csv(rows) -> bytes:
    """Semicolon-separated UTF-8 with a byte-order mark: what Excel set to Norwegian opens
    correctly. A text that would start a formula gets a leading apostrophe (the usual guard
    against formula injection); everything else is exactly as typed.

    >>> to_csv([["a", "=1+1"], ["æøå", 2]]).decode("utf-8-sig")
    "a;'=1+1\\r\\næøå;2\\r\\n"
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for row in rows:
        writer.writerow([_csv_safe(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(sheets: dict[str, Iterator[list]]) -> bytes:
    """One sheet per named row source. Text cells are typed as text, so nothing a group wrote is
    ever evaluated as a formula."""
    workbook = Workbook(write_only=True)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(title=name[:31])
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def entries_csv(db: Database, actor: Actor, scope: results.Scope, language: str = "nb") -> bytes:
    _check(db, actor, scope)
    data = to_csv(entry_rows(db, actor, scope, language))
    _log(db, actor, scope, "csv: entries")
    return data


def ambitions_csv(db: Database, actor: Actor, scope: results.Scope, language: str = "nb") -> bytes:
    _check(db, actor, scope)
    data = to_csv(ambition_rows(db, actor, scope, language))
    _log(db, actor, scope, "csv: ambitions")
    return data


def workbook(db: Database, actor: Actor, scope: results.Scope, language: str = "nb") -> bytes:
    _check(db, actor, scope)
    data = to_xlsx(
        {
            i18n.t("export.entries_sheet", language): entry_rows(db, actor, scope, language),
            i18n.t("export.ambitions_sheet", language): ambition_rows(db, actor, scope, language),
        }
    )
    _log(db, actor, scope, "xlsx")
    return data


def _check(db: Database, actor: Actor, scope: results.Scope) -> None:
    """Refuse before anything is written, not half-way through a file."""
    with db.read() as session:
        cohort_access(session, actor, scope.cohort_id, scope.organisation_id)


def _log(db: Database, actor: Actor, scope: results.Scope, what: str) -> None:
    parts = [f"cohort {scope.cohort_id}"]
    if scope.module_ids:
        parts.append("modules " + ",".join(str(m) for m in scope.module_ids))
    if scope.gathering_id:
        parts.append(f"gathering {scope.gathering_id}")
    if scope.organisation_id or actor.role == "coordinator":
        parts.append(f"organisation {scope.organisation_id or actor.organisation_id}")
    with db.write() as session:
        audit.record(session, actor, "export_downloaded", f"{what} · {' · '.join(parts)}")


def _csv_safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
