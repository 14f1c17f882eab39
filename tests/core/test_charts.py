"""Chart builders, read through `chart.to_dict()` (charts are never rendered in tests)."""

from __future__ import annotations

from core import charts

ROWS = [("Tromsø", 3), ("Porsáŋgu – Porsanger – Porsanki", 0), ("Alta", 7)]


def _layers(spec: dict) -> dict[str, dict]:
    return {layer["mark"]["type"]: layer for layer in spec["layer"]}


def test_count_bars_keep_the_given_order_and_label_every_bar_with_its_count():
    spec = charts.count_bars(ROWS, category_title="Ledergruppe", count_title="Innspill").to_dict()
    layers = _layers(spec)
    assert set(layers) == {"bar", "text"}
    bar, text = layers["bar"], layers["text"]
    assert bar["encoding"]["y"]["field"] == "category"
    assert bar["encoding"]["y"]["sort"] == [label for label, _ in ROWS]
    assert bar["encoding"]["x"]["field"] == "count"
    assert bar["encoding"]["x"]["title"] == "Innspill"
    # The number is printed beside each bar: the colour carries no meaning of its own.
    assert text["encoding"]["text"]["field"] == "count"
    assert bar["mark"]["color"] == charts.BAR_COLOUR
    values = next(iter(spec["datasets"].values()))
    assert values == [{"category": label, "count": count} for label, count in ROWS]


def test_big_charts_use_projector_sized_type():
    small = _layers(charts.count_bars(ROWS, category_title="x", count_title="y").to_dict())
    big = _layers(charts.count_bars(ROWS, category_title="x", count_title="y", big=True).to_dict())
    assert big["text"]["mark"]["fontSize"] > small["text"]["mark"]["fontSize"] >= 13
    assert big["bar"]["encoding"]["y"]["axis"]["labelFontSize"] >= 20


def test_an_empty_chart_still_builds():
    spec = charts.count_bars([], category_title="x", count_title="y").to_dict()
    assert next(iter(spec["datasets"].values())) == []
