"""Altair chart builders. They return charts and never render them, so tests read
`chart.to_dict()`. Bars carry their count as a text label, so colour never carries meaning alone."""

from __future__ import annotations

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
