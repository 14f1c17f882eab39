"""The PDF report a coordinator takes to the leadership group's follow-up work: one organisation
in one module, with its ambition over the modules so far, the cohort comparison (withheld below
the minimum group size, like on screen), and everything the group wrote. Charts are rendered
locally with vl-convert; the font is DejaVu Sans from assets/, which has the Norwegian and the
Sami letters (á č đ ŋ š ŧ ž)."""

from __future__ import annotations

import datetime as dt
import io

import vl_convert
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from core import access, ambitions, audit, charts, figures, i18n, results
from core.access import Actor
from core.db import Database
from core.settings import PROJECT_ROOT

FONTS = PROJECT_ROOT / "assets" / "fonts"
CHART_WIDTH_MM = 180


def organisation_report(
    db: Database,
    actor: Actor,
    *,
    cohort_id: int,
    module_id: int,
    organisation_id: int,
    language: str = "nb",
) -> bytes:
    def t(key: str, **params: object) -> str:
        return i18n.t(key, language, **params)

    # The one read checks that the reader may see this organisation in this cohort.
    view = results.report_view(db, actor, cohort_id, module_id, organisation_id)
    title = t("report.title", organisation=view.organisation, module=view.module.module_name)
    pdf = _Document(title)
    pdf.heading(title, 16)
    pdf.paragraph(t("report.made", date=dt.date.today().strftime("%d.%m.%Y")))
    _ambition(pdf, view, t)
    _cohort(pdf, view, t)
    _entries(pdf, view, t)
    data = bytes(pdf.output())
    with db.write() as session:
        audit.record(
            session,
            actor,
            "export_downloaded",
            f"pdf · {view.organisation} · {view.module.module_name}",
        )
    return data


def _ambition(pdf: _Document, view: results.ReportView, t) -> None:
    """This module's answer in words, and the answers so far as arrows."""
    pdf.heading(t("report.ambition_heading"), 13)
    answer = view.answer
    if answer is None:
        pdf.paragraph(t("report.no_ambition"))
    else:
        pdf.table(
            list(figures.horizon_titles(t)),
            [
                [
                    f"{answer.now} {answer.now_name}",
                    f"{answer.one_year} {answer.one_year_name}",
                    f"{answer.three_year} {answer.three_year_name}",
                ]
            ],
        )
        if answer.reason:
            pdf.paragraph(f"{t('ambition.reason_column')}: {answer.reason}")
    if view.answers:
        rows = [(a.module_name, a.now, a.one_year, a.three_year) for a in view.answers]
        pdf.figure(figures.arrows_figure(rows, view.version, t, row_title=t("ambition.module")))


def _cohort(pdf: _Document, view: results.ReportView, t) -> None:
    """The cohort's spread next to the organisation's answer, unless withheld or unanswered."""
    module = view.module
    pdf.heading(t("report.cohort_heading"), 13)
    if module.withheld:
        pdf.paragraph(
            t(
                "results.withheld",
                modules=module.module_name,
                organisations=module.other_organisations,
                minimum=access.MIN_ORGANISATIONS,
            )
        )
        return
    if module.cohort is None:
        pdf.paragraph(t("ambition.no_answers"))
        return
    titles = figures.horizon_titles(t)
    pdf.table(
        ["", view.organisation, t("ambition.median"), t("report.range")],
        [
            [
                titles[i],
                str(module.own[i]) if module.own else "–",
                charts.format_number(module.cohort[h].median),
                f"{module.cohort[h].low}–{module.cohort[h].high}",
            ]
            for i, h in enumerate(ambitions.HORIZONS)
        ],
    )
    pdf.paragraph(t("report.cohort_note", organisations=module.organisations))
    compared = figures.compare_figure(view.compared, view.version, view.organisation, t)
    pdf.figure(compared, table=False)  # the table above holds its figures


def _entries(pdf: _Document, view: results.ReportView, t) -> None:
    for kind, items in view.entries.items():
        title = t(f"activity.{kind}") if kind != "ambition" else t("ambition.initiatives_heading")
        pdf.heading(f"{title} ({len(items)})", 13)
        if not items:
            pdf.paragraph("–")
        for item in items:
            detail = t(f"ambition.horizon.{item.horizon}") if item.horizon else ""
            pdf.bullet(item.text + (f" ({detail})" if detail else ""))


class _Document(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.set_title(title)
        self.set_lang("nb")
        self.set_creator("Samling")
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=15)
        self.add_page()
        self.set_font("DejaVu", size=11)

    def heading(self, text: str, size: int) -> None:
        self.ln(3)
        self.set_font("DejaVu", "B", size)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("DejaVu", "", 11)
        self.ln(1)

    def paragraph(self, text: str) -> None:
        self.multi_cell(0, 5.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def bullet(self, text: str) -> None:
        self.multi_cell(0, 5.5, f"• {text}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        with super().table(text_align="LEFT", first_row_as_headings=True) as table:
            for values in [header, *rows]:
                row = table.row()
                for value in values:
                    row.cell(value)
        self.ln(2)

    def figure(self, figure: figures.Figure, *, table: bool = True) -> None:
        """The chart as an image with its text summary as alternative text and as a caption,
        then (unless the page already has them) its figures as a table."""
        # Wide enough that every generation's name fits under its tick.
        png = vl_convert.vegalite_to_png({**figure.spec, "width": 620}, scale=2)
        self.image(io.BytesIO(png), w=CHART_WIDTH_MM, alt_text=figure.summary)
        self.set_font("DejaVu", "", 9)
        self.multi_cell(0, 4.5, figure.caption, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("DejaVu", "", 11)
        self.ln(2)
        if table:
            self.table(list(figure.columns), [list(row) for row in figure.rows])
