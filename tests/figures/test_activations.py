"""Figure builders of the Activations page: the data in the figure is exactly the data passed in."""

from __future__ import annotations

import numpy as np

import nncore

from explainer import theme
from explainer.figures import activations as figs
from tests.helpers import array, figure_dict, trace

Z = np.linspace(-3, 3, 13)


def _curve(name, f, df, sat):
    return figs.Curve(name, name.title(), np.asarray(f, float), np.asarray(df, float), np.asarray(sat, bool))


def test_activation_curves_data_equals_inputs():
    f1, df1 = np.tanh(Z), 1 - np.tanh(Z) ** 2
    f2, df2 = np.maximum(Z, 0), (Z > 0).astype(float)
    sat1 = np.abs(df1) < 0.05
    sat2 = df2 < 0.05
    fig = figs.activation_curves(Z, [_curve("tanh", f1, df1, sat1), _curve("relu", f2, df2, sat2)], probe=1.5,
                                 title="T")
    assert isinstance(fig, dict)
    d = figure_dict(fig)
    for name, f, df in (("tanh", f1, df1), ("relu", f2, df2)):
        np.testing.assert_array_equal(array(trace(d, meta=f"f:{name}")["x"]), Z)
        np.testing.assert_array_equal(array(trace(d, meta=f"f:{name}")["y"]), f)
        np.testing.assert_array_equal(array(trace(d, meta=f"df:{name}")["y"]), df)
        assert trace(d, meta=f"df:{name}")["yaxis"] == "y2"  # derivative in the bottom row
    assert d["layout"]["hovermode"] == "x unified"
    assert d["layout"]["xaxis2"]["matches"] == "x"  # one zoom for both rows
    lanes = {s["y0"] for s in d["layout"]["shapes"] if s.get("name", "").startswith("saturated:")}
    assert len(lanes) == 2  # one lane per function: overlapping tints never mix
    assert trace(d, meta="legend:saturated:tanh")["marker"]["color"] == theme.color(0)
    probe = [s for s in d["layout"]["shapes"] if s.get("name") == "probe"]
    assert len(probe) == 2 and all(s["x0"] == 1.5 for s in probe)
    # colours: series i gets palette colour i
    assert trace(d, meta="f:tanh")["line"]["color"] == theme.color(0)
    assert trace(d, meta="f:relu")["line"]["color"] == theme.color(1)


def test_saturation_shapes_cover_mask_runs():
    mask = np.array([1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1], bool)
    assert figs.mask_runs(Z, mask) == [(Z[0], Z[1]), (Z[4], Z[6]), (Z[12], Z[12])]
    assert figs.mask_runs(Z, np.zeros_like(mask)) == []
    fig = figs.activation_curves(Z, [_curve("x", Z, Z, mask)])
    rects = [s for s in figure_dict(fig)["layout"]["shapes"] if s.get("name") == "saturated:x"]
    assert len(rects) == 3  # one lane in the derivative panel per run
    assert sorted({(r["x0"], r["x1"]) for r in rects}) == figs.mask_runs(Z, mask)


def test_output_comparison_bars():
    a, b = np.array([[1.0, -2.0, 0.5]]), np.array([[1.0, -2.0, 0.25]])
    d = figure_dict(figs.output_comparison(["o1", "o2", "o3"], [("a", "A", a), ("b", "B", b)]))
    np.testing.assert_array_equal(array(trace(d, meta="a")["y"]), a.ravel())
    np.testing.assert_array_equal(array(trace(d, meta="b")["y"]), b.ravel())
    assert d["layout"]["barmode"] == "group"


def test_layer_histograms_rows_are_shares_of_the_values():
    rng = np.random.default_rng(0)
    layers = [rng.uniform(-1, 1, size=(20, 5)), rng.uniform(0, 1, size=(20, 5))]
    centers, shares = nncore.histogram_shares(layers, bins=10)
    d = figure_dict(figs.layer_histograms(centers, shares, ["L1", "L2"]))
    hm = trace(d, meta="hist")
    z = array(hm["z"])
    assert z.shape == (2, 10)
    np.testing.assert_allclose(z.sum(axis=1), 1.0)
    edges = np.linspace(min(v.min() for v in layers), max(v.max() for v in layers), 11)
    np.testing.assert_allclose(z[1], np.histogram(layers[1], bins=edges)[0] / 100)
    assert list(hm["y"]) == ["L1", "L2"]


def test_layer_bars_log_and_percent():
    d = figure_dict(figs.layer_bars(["a", "b"], [1e-6, 0.5], meta="g", log_y=True))
    np.testing.assert_array_equal(array(trace(d, meta="g")["y"]), [1e-6, 0.5])
    assert d["layout"]["yaxis"]["type"] == "log"
    d = figure_dict(figs.layer_bars(["a"], [0.25], meta="dead", percent=True))
    assert d["layout"]["yaxis"]["tickformat"] == ".0%"


def test_training_race_lines_carry_the_losses():
    epochs = np.arange(1, 4, dtype=float)
    fig = figs.training_race(epochs, [("sigmoid", "Sigmoid", [0.7, 0.6, 0.5]), ("tanh", "tanh", [0.7, 0.4, 0.2])],
                             title="T", x_axis="epoch", y_axis="loss")
    assert isinstance(fig, dict)
    d = figure_dict(fig)
    np.testing.assert_array_equal(array(trace(d, meta="race:tanh")["y"]), [0.7, 0.4, 0.2])
    np.testing.assert_array_equal(array(trace(d, meta="race:sigmoid")["x"]), epochs)
    assert trace(d, meta="race:sigmoid")["line"]["color"] == theme.color(0)
    assert trace(d, meta="race:tanh")["line"]["color"] == theme.color(1)
    assert d["layout"]["xaxis"]["title"]["text"] == "epoch"


def test_every_figure_names_both_axes():
    """The browser replaces layout.template with Streamlit's: an axis the layout does not name gets 12 px ticks."""
    figures = [
        figs.activation_curves(Z, [_curve("x", Z, Z, Z > 0)]),
        figs.output_comparison(["o1"], [("a", "A", np.array([1.0]))]),
        figs.layer_histograms(np.array([0.0, 1.0]), np.array([[0.5, 0.5]]), ["L1"]),
        figs.layer_bars(["a"], [0.5], meta="g"),
        figs.training_race(np.array([1.0]), [("tanh", "tanh", [0.5])]),
    ]
    for fig in figures:
        layout = figure_dict(fig)["layout"]
        assert "xaxis" in layout and "yaxis" in layout
