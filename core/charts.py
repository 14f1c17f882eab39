"""Altair chart builders. They return charts and never render them, so tests read
`chart.to_dict()`. Bars carry their count as a text label, so colour never carries meaning alone."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

BAR_COLOUR = "#1F4E79"  # 9.6:1 against white
TEXT_COLOUR = "#111111"


def count_bars(
    rows: list[tuple[str, int]], *, category_title: str, count_title: str, big: bool = False
) -> alt.Chart:
    """Horizontal bars, one per category in the order given, each labelled with its count.
    The category axis has no title: the page's heading and text summary name it."""
    frame = pd.DataFrame(rows, columns=["category", "count"])
    font_size = 22 if big else 14
    axis_style = {
        "labelFontSize": font_size,
        "titleFontSize": font_size,
        "labelColor": TEXT_COLOUR,
        "titleColor": TEXT_COLOUR,
    }
    base = alt.Chart(frame).encode(
        y=alt.Y(
            "category:N",
            title=None,
            sort=[row[0] for row in rows],
            axis=alt.Axis(labelLimit=420, **axis_style),
        ),
        x=alt.X("count:Q", title=count_title, axis=alt.Axis(tickMinStep=1, **axis_style)),
        tooltip=[
            alt.Tooltip("category:N", title=category_title),
            alt.Tooltip("count:Q", title=count_title),
        ],
    )
    bars = base.mark_bar(color=BAR_COLOUR)
    labels = base.mark_text(align="left", dx=6, fontSize=font_size, color=TEXT_COLOUR).encode(
        text="count:Q"
    )
    return (bars + labels).properties(height={"step": 44 if big else 26})


# ---- ambition rounds: the generation scale -------------------------------------------------------

# Three horizons, each with its own colour *and* its own marker shape (colour never alone);
# the blues are 4.5:1 or better against white.
HORIZON_COLOURS = ("#6B7B8C", "#2E6DA4", "#0B2F52")
HORIZON_SHAPES = ("circle", "square", "triangle-right")


def generation_axis(
    generations, *, font_size: int, title: str | None, names: bool = True
) -> alt.Axis:
    """The generation scale's axis: one tick per generation, labelled with its number and (on
    charts wide enough for them) its name wrapped over a few lines."""
    expression = "datum.label"
    if names:
        expression = "''"
        for generation in reversed(list(generations)):
            lines = _lines(f"{generation.number} {generation.name}")
            expression = (
                f"datum.value == {generation.number} ? "
                f"{json.dumps(lines, ensure_ascii=False)} : {expression}"
            )
    return alt.Axis(
        values=[g.number for g in generations],
        labelExpr=expression,
        labelFontSize=font_size,
        labelColor=TEXT_COLOUR,
        titleFontSize=font_size,
        titleColor=TEXT_COLOUR,
        labelLimit=260,
        labelAngle=0,
        # Every generation keeps its label; the labels wrap instead of being dropped.
        labelOverlap=False,
        title=title,
        grid=True,
    )


def generation_scale(generations) -> alt.Scale:
    numbers = [g.number for g in generations]
    return alt.Scale(domain=[min(numbers), max(numbers)], nice=False, padding=24)


def _arrow_frame(rows: list[tuple[str, int, int, int]], horizon_titles) -> pd.DataFrame:
    """One record per row and horizon, with the angle its marker is drawn at."""
    records = []
    for label, *levels in rows:
        falling = levels[2] < levels[0]
        for index, level in enumerate(levels):
            records.append(
                {
                    "row": label,
                    "step": index,
                    "horizon": horizon_titles[index],
                    "generation": level,
                    # The 3-year marker is the arrow head: turned round when the ambition falls.
                    "angle": 180 if index == 2 and falling else 0,
                }
            )
    return pd.DataFrame(records, columns=["row", "step", "horizon", "generation", "angle"])


def _horizon_markers(base: alt.Chart, horizon_titles, *, font_size: int, big: bool) -> alt.Chart:
    """The markers of an arrow chart: one per horizon, the last one the arrow head."""
    legend = alt.Legend(
        title=None, orient="top", labelFontSize=font_size, symbolSize=240 if big else 110
    )
    return base.mark_point(filled=True, size=420 if big else 160, opacity=1).encode(
        # Colour and shape both name the horizon (one legend for the two), so the chart reads
        # without colour vision too.
        shape=alt.Shape(
            "horizon:N",
            scale=alt.Scale(domain=list(horizon_titles), range=list(HORIZON_SHAPES)),
            legend=legend,
        ),
        color=alt.Color(
            "horizon:N",
            scale=alt.Scale(domain=list(horizon_titles), range=list(HORIZON_COLOURS)),
            legend=legend,
        ),
        angle=alt.Angle("angle:Q", scale=None),
    )


def ambition_arrows(
    rows: list[tuple[str, int, int, int]],
    generations,
    *,
    horizon_titles: tuple[str, str, str],
    row_title: str,
    axis_title: str | None = None,
    big: bool = False,
) -> alt.LayerChart:
    """One line per row (a group, or a module for one organisation): now -> about 1 year ->
    about 3 years as markers joined by a line, the last marker an arrow head pointing the way
    the ambition goes. Rows keep the order given."""
    frame = _arrow_frame(rows, horizon_titles)
    font_size = 20 if big else 13
    order = [row[0] for row in rows]
    base = alt.Chart(frame).encode(
        x=alt.X(
            "generation:Q",
            scale=generation_scale(generations),
            axis=generation_axis(generations, font_size=font_size, title=axis_title),
        ),
        y=alt.Y(
            "row:N",
            sort=order,
            title=None,
            axis=alt.Axis(labelFontSize=font_size, labelColor=TEXT_COLOUR, labelLimit=360),
        ),
        tooltip=[
            alt.Tooltip("row:N", title=row_title),
            alt.Tooltip("horizon:N"),
            alt.Tooltip("generation:Q"),
        ],
    )
    line = base.mark_line(color="#4A4A4A", strokeWidth=3 if big else 2).encode(
        detail="row:N", order="step:Q"
    )
    markers = _horizon_markers(base, horizon_titles, font_size=font_size, big=big)
    return (line + markers).properties(height={"step": 56 if big else 34})


def ambition_spread(
    spreads: list[tuple[str, float, int, float, float, int]],
    generations,
    *,
    median_title: str,
    axis_title: str | None = None,
    big: bool = False,
) -> alt.LayerChart:
    """The cohort per horizon: full range as a thin line, the middle half as a thick bar, the
    median as a labelled tick. Rows are (horizon, median, low, q1, q3, high), in order."""
    frame = pd.DataFrame(spreads, columns=["horizon", "median", "low", "q1", "q3", "high"])
    frame["median_text"] = [f"{median_title} {format_number(value)}" for value in frame["median"]]
    font_size = 20 if big else 13
    order = [row[0] for row in spreads]
    x_scale = generation_scale(generations)
    # A narrow chart beside the main one: numbers only; the main chart and the table name them.
    axis = generation_axis(generations, font_size=font_size, title=axis_title, names=False)
    y = alt.Y(
        "horizon:N",
        sort=order,
        title=None,
        axis=alt.Axis(labelFontSize=font_size, labelColor=TEXT_COLOUR),
    )
    base = alt.Chart(frame).encode(y=y)
    whole_range = base.mark_rule(color="#4A4A4A", strokeWidth=2).encode(
        x=alt.X("low:Q", scale=x_scale, axis=axis), x2="high:Q"
    )
    middle_half = base.mark_bar(color=HORIZON_COLOURS[1], height=18 if big else 12).encode(
        x=alt.X("q1:Q", scale=x_scale, axis=axis), x2="q3:Q"
    )
    median = base.mark_tick(color=TEXT_COLOUR, thickness=4, size=36 if big else 24).encode(
        x=alt.X("median:Q", scale=x_scale, axis=axis)
    )
    label = base.mark_text(dy=-26 if big else -18, fontSize=font_size, color=TEXT_COLOUR).encode(
        x=alt.X("median:Q", scale=x_scale, axis=axis), text="median_text:N"
    )
    return (whole_range + middle_half + median + label).properties(
        height={"step": 70 if big else 48}
    )


def gap_bars(
    rows: list[tuple[str, int, int]],
    *,
    horizon_titles: tuple[str, str],
    gap_title: str,
    big: bool = False,
) -> alt.LayerChart:
    """How many generations each row aims to climb in about 1 and about 3 years: two bars per
    row, each labelled with its horizon and the signed number, so neither colour nor position
    alone carries the meaning. Rows are (label, gap at 1 year, gap at 3 years)."""
    records = []
    for label, one_year, three_year in rows:
        for title, gap in zip(horizon_titles, (one_year, three_year), strict=True):
            records.append(
                {"row": label, "horizon": title, "gap": gap, "text": f"{title}: {gap:+d}"}
            )
    frame = pd.DataFrame(records, columns=["row", "horizon", "gap", "text"])
    font_size = 20 if big else 13
    order = [row[0] for row in rows]
    base = alt.Chart(frame).encode(
        y=alt.Y(
            "row:N",
            sort=order,
            title=None,
            axis=alt.Axis(labelFontSize=font_size, labelColor=TEXT_COLOUR, labelLimit=360),
        ),
        yOffset=alt.YOffset("horizon:N", sort=list(horizon_titles)),
        x=alt.X(
            "gap:Q",
            title=gap_title,
            axis=alt.Axis(
                tickMinStep=1,
                labelFontSize=font_size,
                titleFontSize=font_size,
                labelColor=TEXT_COLOUR,
                titleColor=TEXT_COLOUR,
            ),
        ),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "horizon:N",
            scale=alt.Scale(domain=list(horizon_titles), range=list(HORIZON_COLOURS[1:])),
            legend=None,
        )
    )
    labels = base.mark_text(align="left", dx=6, fontSize=font_size - 2, color=TEXT_COLOUR).encode(
        text="text:N"
    )
    return (bars + labels).properties(height={"step": 30 if big else 20})


def format_number(value: float) -> str:
    """Norwegian decimal comma, no trailing zero.

    >>> format_number(3.0), format_number(2.5)
    ('3', '2,5')
    """
    return f"{value:g}".replace(".", ",")


def _lines(text: str, width: int = 14) -> list[str]:
    """Wrap an axis label at spaces into lines of about `width` characters.

    >>> _lines("3 Problemløsning og relevans")
    ['3 Problemløsning', 'og relevans']
    >>> _lines("4 Forretningsperspektiv og økosystemer")
    ['4 Forretningsperspektiv', 'og økosystemer']
    >>> _lines("2 Kort")
    ['2 Kort']
    """
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    # A lone number reads badly on its own line: keep it with the first word.
    if len(lines) > 1 and lines[0].isdigit():
        lines[1] = f"{lines[0]} {lines[1]}"
        lines.pop(0)
    return lines


# ---- results across modules ---------------------------------------------------------------------

KIND_COLOURS = ("#8A3B12", "#1F4E79")  # barriers, opportunities: 7:1 and 9.6:1 against white


def module_counts(
    rows: list[tuple[str, str, int]], *, kind_titles: tuple[str, str], count_title: str
) -> alt.LayerChart:
    """Barriers and opportunities per module: two bars per module (modules in the order given),
    each labelled "<kind>: <count>", so the kind is named in words as well as by colour.
    Rows are (module, kind title, count)."""
    frame = pd.DataFrame(rows, columns=["module", "kind", "count"])
    frame["text"] = [f"{kind}: {count}" for _m, kind, count in rows]
    order = list(dict.fromkeys(row[0] for row in rows))
    base = alt.Chart(frame).encode(
        y=alt.Y(
            "module:N",
            sort=order,
            title=None,
            axis=alt.Axis(labelFontSize=13, labelColor=TEXT_COLOUR, labelLimit=260),
        ),
        yOffset=alt.YOffset("kind:N", sort=list(kind_titles)),
        x=alt.X(
            "count:Q",
            title=count_title,
            axis=alt.Axis(tickMinStep=1, labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR),
        ),
        tooltip=["module:N", "kind:N", "count:Q"],
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "kind:N",
            scale=alt.Scale(domain=list(kind_titles), range=list(KIND_COLOURS)),
            legend=alt.Legend(title=None, orient="top"),
        )
    )
    labels = base.mark_text(align="left", dx=5, fontSize=12, color=TEXT_COLOUR).encode(
        text="text:N"
    )
    return (bars + labels).properties(height={"step": 22})


def organisation_vs_cohort(
    rows: list[tuple[str, str, float | None, float, float, float]],
    generations,
    *,
    organisation_title: str,
    median_title: str,
    axis_title: str | None = None,
) -> alt.LayerChart:
    """Per module and horizon (one row each, "<module> · <horizon>", in the order given): the
    cohort's middle half as a light bar, its median as a dark tick, and the organisation's own
    answer as a large diamond. Rows are (module, horizon title, organisation's level or None,
    median, q1, q3)."""
    records = [
        {"row": f"{module} · {horizon}", "own": own, "median": median, "q1": q1, "q3": q3}
        for module, horizon, own, median, q1, q3 in rows
    ]
    frame = pd.DataFrame(records, columns=["row", "own", "median", "q1", "q3"])
    frame["who_own"] = organisation_title
    frame["who_median"] = median_title
    scale = generation_scale(generations)
    axis = generation_axis(generations, font_size=12, title=axis_title)
    base = alt.Chart(frame).encode(
        y=alt.Y(
            "row:N",
            sort=[record["row"] for record in records],
            title=None,
            axis=alt.Axis(labelFontSize=12, labelColor=TEXT_COLOUR, labelLimit=320),
        )
    )
    middle = base.mark_bar(color="#C9D6E3", height=12).encode(
        x=alt.X("q1:Q", scale=scale, axis=axis), x2="q3:Q"
    )
    median = base.mark_tick(thickness=3, size=20).encode(
        x=alt.X("median:Q", scale=scale, axis=axis),
        color=alt.Color(
            "who_median:N",
            scale=alt.Scale(range=["#4A4A4A"]),
            legend=alt.Legend(title=None, orient="top", symbolType="stroke"),
        ),
    )
    own = (
        base.transform_filter("isValid(datum.own)")
        .mark_point(shape="diamond", filled=True, size=160, opacity=1)
        .encode(
            x=alt.X("own:Q", scale=scale, axis=axis),
            fill=alt.Fill(
                "who_own:N",
                scale=alt.Scale(range=[HORIZON_COLOURS[2]]),
                legend=alt.Legend(title=None, orient="top", symbolType="diamond"),
            ),
            tooltip=[
                alt.Tooltip("row:N", title=None),
                alt.Tooltip("own:Q", title=organisation_title),
                alt.Tooltip("median:Q", title=median_title),
            ],
        )
    )
    return (middle + median + own).properties(height={"step": 26})
