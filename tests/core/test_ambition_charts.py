"""The ambition round's charts on the generation scale, read through `chart.to_dict()`: the scale
runs over the framework version's own generations, rows keep their order, every horizon has its
own colour and marker shape, and numbers are printed so colour never carries meaning alone."""

from __future__ import annotations

import json
import re

import pytest

from core import charts, framework
from core.framework import Generation

HORIZONS = ("I dag", "Om 1 år", "Om 3 år")
GAP_HORIZONS = ("1 år", "3 år")


def _generations(count: int) -> tuple[Generation, ...]:
    return tuple(
        Generation(n, f"Generasjon nummer {n}", f"Beskrivelse {n}") for n in range(1, count + 1)
    )


def _seeded() -> tuple[Generation, ...]:
    return tuple(
        Generation(int(g["number"]), g["name"], g["description"])
        for g in framework.load()["generations"]
    )


def _tick_labels(axis: dict) -> dict[int, str]:
    """Each tick's label as one line of text, read back out of the axis' label expression."""
    pairs = re.findall(r"datum\.value == (\d+) \? (\[[^\]]*\])", axis["labelExpr"])
    return {int(number): " ".join(json.loads(lines)) for number, lines in pairs}


def _layers(spec: dict) -> dict[str, dict]:
    return {layer["mark"]["type"]: layer for layer in spec["layer"]}


def _data(spec: dict) -> list[dict]:
    [values] = spec["datasets"].values()
    return values


def _arrows(rows, generations, **options):
    return charts.ambition_arrows(
        rows, generations, horizon_titles=HORIZONS, row_title="Ledergruppe", **options
    ).to_dict()


# ---- ambition_arrows -------------------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 6])
def test_arrows_run_over_every_generation_of_the_version(count):
    generations = _generations(count)
    spec = _arrows([("Tromsø", 1, 2, 3), ("Alta", 2, 2, 4)], generations)
    layers = _layers(spec)
    assert set(layers) == {"line", "point"}
    for layer in layers.values():
        x = layer["encoding"]["x"]
        assert (x["field"], x["type"]) == ("generation", "quantitative")
        assert x["scale"]["domain"] == [1, count]
        assert x["axis"]["values"] == list(range(1, count + 1))
        # Each tick is labelled with its generation's number and name, and none is dropped.
        assert _tick_labels(x["axis"]) == {g.number: f"{g.number} {g.name}" for g in generations}
        assert x["axis"]["labelOverlap"] is False


def test_arrows_keep_the_row_order_given():
    rows = [("Tromsø", 1, 2, 3), ("Alta", 2, 2, 4), ("Porsáŋgu – Porsanger – Porsanki", 3, 4, 5)]
    spec = _arrows(rows, _seeded())
    for layer in _layers(spec).values():
        y = layer["encoding"]["y"]
        assert (y["field"], y["type"]) == ("row", "nominal")
        assert y["sort"] == ["Tromsø", "Alta", "Porsáŋgu – Porsanger – Porsanki"]


def test_arrows_give_each_horizon_its_own_colour_and_marker():
    spec = _arrows([("Tromsø", 1, 2, 3)], _seeded())
    point = _layers(spec)["point"]["encoding"]
    # Colour and shape both name the horizon, so the chart reads without colour vision too.
    assert point["color"]["field"] == "horizon"
    assert point["color"]["scale"]["domain"] == list(HORIZONS)
    assert len(set(point["color"]["scale"]["range"])) == 3
    assert point["shape"]["field"] == "horizon"
    assert point["shape"]["scale"]["domain"] == list(HORIZONS)
    assert point["shape"]["scale"]["range"] == ["circle", "square", "triangle-right"]
    assert point["shape"]["legend"] == point["color"]["legend"]  # one legend for the two
    # The arrow head's turn is given in degrees as they are, not re-mapped by a scale.
    assert (point["angle"]["field"], point["angle"]["scale"]) == ("angle", None)
    assert [(d["horizon"], d["generation"], d["angle"]) for d in _data(spec)] == [
        ("I dag", 1, 0),
        ("Om 1 år", 2, 0),
        ("Om 3 år", 3, 0),
    ]


def test_the_line_joins_a_rows_markers_in_time_order():
    spec = _arrows([("Tromsø", 1, 2, 3), ("Alta", 4, 4, 5)], _seeded())
    line = _layers(spec)["line"]["encoding"]
    assert line["detail"]["field"] == "row"
    assert line["order"]["field"] == "step"
    assert [(d["row"], d["step"]) for d in _data(spec)] == [
        ("Tromsø", 0),
        ("Tromsø", 1),
        ("Tromsø", 2),
        ("Alta", 0),
        ("Alta", 1),
        ("Alta", 2),
    ]


@pytest.mark.parametrize(
    ("levels", "head"),
    [
        ((4, 3, 2), 180),  # falling: the arrow head is turned round, pointing down the scale
        ((3, 4, 2), 180),
        ((2, 3, 5), 0),
        ((3, 2, 3), 0),  # back where it started: not falling
        ((1, 1, 1), 0),
    ],
)
def test_the_three_year_marker_points_the_way_the_ambition_goes(levels, head):
    spec = _arrows([("Harstad", *levels)], _seeded())
    angles = {d["step"]: d["angle"] for d in _data(spec)}
    assert angles == {0: 0, 1: 0, 2: head}


def test_only_the_falling_rows_arrow_head_is_turned():
    spec = _arrows([("Tromsø", 1, 2, 3), ("Alta", 4, 3, 2)], _seeded())
    turned = [(d["row"], d["horizon"]) for d in _data(spec) if d["angle"] == 180]
    assert turned == [("Alta", "Om 3 år")]


def test_arrows_for_a_projector_are_bigger():
    rows = [("Tromsø", 1, 2, 3)]
    small = _layers(_arrows(rows, _seeded()))
    big = _layers(_arrows(rows, _seeded(), big=True))
    assert big["point"]["mark"]["size"] > small["point"]["mark"]["size"]
    big_axis = big["point"]["encoding"]["x"]["axis"]
    assert (
        big_axis["labelFontSize"] >= 20 > small["point"]["encoding"]["x"]["axis"]["labelFontSize"]
    )


def test_arrows_with_no_rows_still_build():
    spec = _arrows([], _seeded())
    assert _data(spec) == []
    assert _layers(spec)["point"]["encoding"]["x"]["scale"]["domain"] == [1, 5]


# ---- generation_axis / generation_scale -------------------------------------------------------


def test_the_generation_axis_wraps_long_names_over_several_lines():
    axis = charts.generation_axis(_seeded(), font_size=13, title="Generasjon").to_dict()
    assert axis["values"] == [1, 2, 3, 4, 5]
    assert axis["title"] == "Generasjon"
    assert 'datum.value == 3 ? ["3 Problemløsning", "og relevans"]' in axis["labelExpr"]
    assert _tick_labels(axis) == {
        int(g["number"]): f"{g['number']} {g['name']}" for g in framework.load()["generations"]
    }
    numbers_only = charts.generation_axis(_seeded(), font_size=13, title=None, names=False)
    assert numbers_only.to_dict()["labelExpr"] == "datum.label"
    assert charts.generation_scale(_seeded()).to_dict()["domain"] == [1, 5]
    assert charts.generation_scale(_generations(6)).to_dict()["domain"] == [1, 6]


# ---- ambition_spread -----------------------------------------------------------------------------

SPREADS = [
    ("I dag", 2.0, 1, 1.5, 2.5, 3),
    ("Om 1 år", 2.5, 2, 2.0, 3.5, 5),
    ("Om 3 år", 4.0, 3, 3.5, 4.5, 6),
]


def test_the_spread_shows_range_middle_half_and_a_labelled_median():
    generations = _generations(6)
    spec = charts.ambition_spread(SPREADS, generations, median_title="Median").to_dict()
    layers = _layers(spec)
    assert set(layers) == {"rule", "bar", "tick", "text"}
    assert (layers["rule"]["encoding"]["x"]["field"], layers["rule"]["encoding"]["x2"]) == (
        "low",
        {"field": "high"},
    )
    assert (layers["bar"]["encoding"]["x"]["field"], layers["bar"]["encoding"]["x2"]) == (
        "q1",
        {"field": "q3"},
    )
    assert layers["tick"]["encoding"]["x"]["field"] == "median"
    assert layers["text"]["encoding"]["text"]["field"] == "median_text"
    for layer in layers.values():
        x = layer["encoding"]["x"]
        assert x["scale"]["domain"] == [1, 6]
        assert x["axis"]["values"] == [1, 2, 3, 4, 5, 6]
        # A narrow chart beside the arrows: its ticks carry the numbers only.
        assert x["axis"]["labelExpr"] == "datum.label"
        y = layer["encoding"]["y"]
        assert (y["field"], y["sort"]) == ("horizon", ["I dag", "Om 1 år", "Om 3 år"])
    # The median is printed in Norwegian: a decimal comma, no trailing ",0".
    assert [(d["horizon"], d["median_text"]) for d in _data(spec)] == [
        ("I dag", "Median 2"),
        ("Om 1 år", "Median 2,5"),
        ("Om 3 år", "Median 4"),
    ]
    assert [(d["low"], d["q1"], d["q3"], d["high"]) for d in _data(spec)] == [
        (1, 1.5, 2.5, 3),
        (2, 2.0, 3.5, 5),
        (3, 3.5, 4.5, 6),
    ]


def test_the_spread_on_five_generations_ends_at_5():
    spec = charts.ambition_spread(SPREADS[:1], _seeded(), median_title="Median").to_dict()
    assert _layers(spec)["bar"]["encoding"]["x"]["scale"]["domain"] == [1, 5]


# ---- gap_bars ------------------------------------------------------------------------------------


def test_gap_bars_label_each_bar_with_its_horizon_and_signed_gap():
    rows = [("Tromsø", 1, 2), ("Alta", 0, -1), ("Harstad", 2, 3)]
    spec = charts.gap_bars(rows, horizon_titles=GAP_HORIZONS, gap_title="Sprang").to_dict()
    layers = _layers(spec)
    assert set(layers) == {"bar", "text"}
    for layer in layers.values():
        encoding = layer["encoding"]
        assert (encoding["y"]["field"], encoding["y"]["sort"]) == (
            "row",
            ["Tromsø", "Alta", "Harstad"],
        )
        assert encoding["yOffset"]["sort"] == ["1 år", "3 år"]
        assert (encoding["x"]["field"], encoding["x"]["title"]) == ("gap", "Sprang")
    assert layers["bar"]["encoding"]["color"]["scale"]["domain"] == ["1 år", "3 år"]
    assert layers["text"]["encoding"]["text"]["field"] == "text"
    assert [(d["row"], d["gap"], d["text"]) for d in _data(spec)] == [
        ("Tromsø", 1, "1 år: +1"),
        ("Tromsø", 2, "3 år: +2"),
        ("Alta", 0, "1 år: +0"),
        ("Alta", -1, "3 år: -1"),
        ("Harstad", 2, "1 år: +2"),
        ("Harstad", 3, "3 år: +3"),
    ]


def test_gap_bars_with_no_rows_still_build():
    spec = charts.gap_bars([], horizon_titles=GAP_HORIZONS, gap_title="Sprang").to_dict()
    assert _data(spec) == []


def test_every_chart_the_results_page_and_the_pdf_draw_is_valid_vega_lite():
    """The app draws specs without Altair's schema validation (core.figures): this is where
    they are validated, one builder each."""
    specs = [
        charts.module_counts(
            [("Modul 1", "Barrierer", 4), ("Modul 1", "Muligheter", 2)],
            kind_titles=("Barrierer", "Muligheter"),
            count_title="Innspill",
        ),
        charts.organisation_vs_cohort(
            [("Modul 1", "I dag", 2, 2.5, 2.0, 3.0), ("Modul 1", "Om ca. 3 år", None, 4, 3, 4)],
            _seeded(),
            organisation_title="Tromsø",
            median_title="Kullets median",
            axis_title="Digital generasjon",
        ),
        charts.count_bars([("Alta", 3)], category_title="Gruppe", count_title="Innspill", big=True),
        charts.ambition_arrows(
            [("Alta", 2, 3, 4)],
            _seeded(),
            horizon_titles=("I dag", "Om ca. 1 år", "Om ca. 3 år"),
            row_title="Gruppe",
            axis_title="Digital generasjon",
        ),
    ]
    for chart in specs:
        spec = chart.to_dict()  # validates against the Vega-Lite schema, raises if not
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
