"""The results page's downloads: CSV and Excel of the entries and ambitions in scope, and the PDF
report for one organisation and module. Each file is made when its button is pressed (and written
to the audit log then), not on every page run."""

from __future__ import annotations

import streamlit as st

from core import exports, report, results
from pages._ui import bootstrap, results_reads
from pages._ui.text import language, t


def export_view(actor, scope: results.Scope, organisation: str | None, modules: dict) -> None:
    st.caption(t("results.export_intro"))
    db, lang = bootstrap.database(), language()
    buttons = (
        ("results.export_entries_csv", "innspill.csv", "text/csv", exports.entries_csv),
        ("results.export_ambitions_csv", "ambisjoner.csv", "text/csv", exports.ambitions_csv),
        (
            "results.export_xlsx",
            "samling.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            exports.workbook,
        ),
    )
    for label, file_name, mime, make in buttons:
        st.download_button(
            t(label),
            data=lambda make=make: make(db, actor, scope, lang),
            file_name=file_name,
            mime=mime,
            on_click="ignore",
            icon=":material/download:",
            key=f"download_{file_name}",
        )
    if organisation:
        _report_button(actor, scope, organisation, modules)
    else:
        st.caption(t("results.export_pdf_needs"))


def _report_button(actor, scope: results.Scope, organisation: str, modules: dict) -> None:
    choices = list(scope.module_ids or modules)
    # Start from the latest module the organisation has answered in.
    latest = results_reads.modules_view(actor, scope).report_module_id
    module_id = st.selectbox(
        t("results.report_module"),
        choices,
        index=choices.index(latest if latest in choices else choices[-1]),
        format_func=modules.get,
        key="report_module",
    )
    db, lang = bootstrap.database(), language()
    st.download_button(
        t("results.export_pdf", organisation=organisation, module=modules[module_id]),
        data=lambda: report.organisation_report(
            db,
            actor,
            cohort_id=scope.cohort_id,
            module_id=module_id,
            organisation_id=scope.organisation_id,
            language=lang,
        ),
        file_name="rapport.pdf",
        mime="application/pdf",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        key="download_pdf",
    )
