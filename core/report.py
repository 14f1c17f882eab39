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

from core import access, ambitions, audit, charts, framework, i18n, results
from core.access import Actor
from core.db import Database
from core.errors import NotFound
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

    scope = results.Scope(cohort_id=cohort_id, organisation_id=organisation_id)
    # Each of these checks that the reader may see this organisation in this cohort.
    modules = results.ambition_by_module(db, actor, scope)
    module = next((m for m in modules if m.module_id == module_id), None)
    if module is None:
        raise NotFound("module_unknown")
    organisation = next(
        (o.name for o in results.organisations_of(db, actor, cohort_id) if o.id == organisation_id),
        None,
    )
    if organisation is None:
        raise NotFound("organisation_unknown")
    in_cohort = {m.module_id for m in modules}
    answers = [
        a
        for a in ambitions.organisation_answers(db, actor, organisation_id)
        if a.module_id in in_cohort and a.module_position <= module.module_position
    ]
    rows = results.entry_table(
        db, actor, results.Scope(cohort_id, (module_id,), None, organisation_id)
    )
    version = (
        framework.version(db, max(a.framework_version_id for a in answers))
        if answers
        else framework.current(db)
    )

    pdf = _Document(t("report.title", organisation=organisation, module=module.module_name))
    pdf.heading(t("report.title", organisation=organisation, module=module.module_name), 16)
    pdf.paragraph(t("report.made", date=dt.date.today().strftime("%d.%m.%Y")))

    pdf.heading(t("report.ambition_heading"), 13)
    this_module = next((a for a in reversed(answers) if a.module_id == module_id), None)
    if this_module is None:
        pdf.paragraph(t("report.no_ambition"))
    else:
        pdf.table(
            [t("ambition.now"), t("ambition.one_year"), t("ambition.three_year")],
            [
                [
                    f"{this_module.now} {this_module.now_name}",
                    f"{this_module.one_year} {this_module.one_year_name}",
                    f"{this_module.three_year} {this_module.three_year_name}",
                ]
            ],
        )
        if this_module.reason:
            pdf.paragraph(f"{t('ambition.reason_column')}: {this_module.reason}")
    if answers:
        titles = (t("ambition.now"), t("ambition.one_year"), t("ambition.three_year"))
        chart = charts.ambition_arrows(
            [(a.module_name, a.now, a.one_year, a.three_year) for a in answers],
            version.generations,
            horizon_titles=titles,
            row_title=t("ambition.module"),
            axis_title=t("ambition.scale_title"),
        )
        summary = t(
            "ambition.arrows_summary",
            items="; ".join(
                f"{a.module_name}: {a.now} → {a.one_year} → {a.three_year}" for a in answers
            ),
        )
        pdf.chart(chart, summary)

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
    elif module.cohort is None:
        pdf.paragraph(t("ambition.no_answers"))
    else:
        horizon_names = dict(
            zip(
                ambitions.HORIZONS,
                (t("ambition.now"), t("ambition.one_year"), t("ambition.three_year")),
                strict=True,
            )
        )
        number = charts.format_number
        pdf.table(
            ["", organisation, t("ambition.median"), t("report.range")],
            [
                [
                    horizon_names[h],
                    str(module.own[i]) if module.own else "–",
                    number(module.cohort[h].median),
                    f"{module.cohort[h].low}–{module.cohort[h].high}",
                ]
                for i, h in enumerate(ambitions.HORIZONS)
            ],
        )
        pdf.paragraph(t("report.cohort_note", organisations=module.organisations))
        compared = [
            (
                module.module_name,
                horizon_names[h],
                module.own[i] if module.own else None,
                module.cohort[h].median,
                module.cohort[h].q1,
                module.cohort[h].q3,
            )
            for i, h in enumerate(ambitions.HORIZONS)
        ]
        pdf.chart(
            charts.organisation_vs_cohort(
                compared,
                version.generations,
                organisation_title=organisation,
                median_title=t("results.cohort_median"),
                axis_title=t("ambition.scale_title"),
            ),
            t(
                "results.compare_summary",
                items="; ".join(
                    t(
                        "results.compare_item",
                        module=name,
                        horizon=horizon,
                        organisation=organisation,
                        own="–" if own is None else own,
                        median=number(median),
                        q1=number(q1),
                        q3=number(q3),
                    )
                    for name, horizon, own, median, q1, q3 in compared
                ),
            ),
        )

    for kind in ("barriers", "opportunities", "ambition"):
        items = [r for r in rows if r.kind == kind]
        title = t(f"activity.{kind}") if kind != "ambition" else t("ambition.initiatives_heading")
        pdf.heading(f"{title} ({len(items)})", 13)
        if not items:
            pdf.paragraph("–")
        for item in items:
            detail = t(f"ambition.horizon.{item.horizon}") if item.horizon else ""
            pdf.bullet(item.text + (f" ({detail})" if detail else ""))

    data = bytes(pdf.output())
    with db.write() as session:
        audit.record(
            session,
            actor,
            "export_downloaded",
            f"pdf · {organisation} · {module.module_name}",
        )
    return data


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

    def chart(self, chart, summary: str) -> None:
        """The chart as an image with its text summary as alternative text and as a caption."""
        # Wide enough that every generation's name fits under its tick.
        png = vl_convert.vegalite_to_png(chart.properties(width=620).to_dict(), scale=2)
        self.image(io.BytesIO(png), w=CHART_WIDTH_MM, alt_text=summary)
        self.set_font("DejaVu", "", 9)
        self.multi_cell(0, 4.5, summary, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("DejaVu", "", 11)
        self.ln(2)
