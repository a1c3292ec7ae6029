"""Figure builders of the Regularization page: plain dicts that carry exactly the numbers passed in (and are valid
Plotly)."""

from __future__ import annotations

import numpy as np

from explainer import theme
from explainer.figures import regularization as figs
from tests.helpers import array, figure_dict, trace

X = np.linspace(-1, 1, 9)
LEGEND = {"truth": "T", "train": "tr", "val": "va", "test": "te"}


def test_builders_return_plain_dicts():
    fig = figs.norm_curves(np.arange(1, 4), [figs.Series("norm:sgd:l2", "r", [3.0, 2.0, 1.5], 2)], title="t")
    assert isinstance(fig, dict) and set(fig) == {"data", "layout"} and fig["layout"]["title"] == {"text": "t"}
    assert all("type" in tr for tr in fig["data"])


def test_fitted_curves_data():
    truth, fit = np.sin(np.pi * X), X ** 3
    d = figure_dict(figs.fitted_curves(X, truth, [figs.Series("fit:plain", "net", fit, 0)],
                                       [("train", [0.1, 0.5], [1.0, -1.0]), ("val", [0.2], [0.4]),
                                        ("test", [0.3], [0.3])], labels=LEGEND))
    np.testing.assert_array_equal(array(trace(d, meta="truth")["y"]), truth)
    np.testing.assert_array_equal(array(trace(d, meta="fit:plain")["y"]), fit)
    np.testing.assert_array_equal(array(trace(d, meta="train")["x"]), [0.1, 0.5])
    np.testing.assert_array_equal(array(trace(d, meta="val")["y"]), [0.4])
    np.testing.assert_array_equal(array(trace(d, meta="test")["y"]), [0.3])
    assert trace(d, meta="val")["marker"]["symbol"] == "diamond"
    legend = d["layout"]["legend"]  # at the bottom of the chart, below the axis titles: never over the curves
    assert (legend["yref"], legend["yanchor"], legend["y"], legend["orientation"]) == ("container", "bottom", 0, "h")


def test_loss_curves_mark_kept_epoch_stop_noise_floor_and_current_epoch():
    epochs = np.arange(1, 6)
    val = np.array([0.5, 0.3, 0.2, 0.25, 0.4])
    test_x, test_y = np.array([2, 4]), np.array([0.35, 0.3])
    d = figure_dict(figs.loss_curves(
        epochs, [figs.Series("loss:val:plain", "val", val, 0), figs.Series("loss:test:plain", "test", test_y, 0, "dot",
                                                                            x=test_x)],
        markers=[figs.Marker("kept:plain", "kept: 3", 3, 0.2, 0), figs.Marker("kept_test:plain", None, 3, 0.28, 0,
                                                                              "diamond")],
        stops=[("stop:plain", 5, 0)], noise_floor=0.09, current=4))
    np.testing.assert_array_equal(array(trace(d, meta="loss:val:plain")["y"]), val)
    np.testing.assert_array_equal(array(trace(d, meta="loss:test:plain")["x"]), test_x)
    assert trace(d, meta="loss:test:plain")["line"]["dash"] == "dot"
    star = trace(d, meta="kept:plain")
    assert list(star["x"]) == [3] and list(star["y"]) == [0.2] and star["showlegend"]
    diamond = trace(d, meta="kept_test:plain")
    assert list(diamond["y"]) == [0.28] and not diamond["showlegend"]
    metas = [tr["meta"] for tr in d["data"]]
    assert metas.index("kept:plain") > metas.index("kept_test:plain")  # the star is drawn on top
    np.testing.assert_array_equal(array(trace(d, meta="noise_floor")["y"]), [0.09, 0.09])
    assert trace(d, meta="noise_floor")["line"]["dash"] not in figs.SPLIT_DASH.values()  # not mistaken for a set
    assert d["layout"]["yaxis"]["type"] == "log"
    assert [s["x0"] for s in d["layout"]["shapes"] if s.get("name") == "current"] == [4]
    assert [s["x0"] for s in d["layout"]["shapes"] if s.get("name") == "stop:plain"] == [5]


def test_resampled_fits_one_trace_with_gaps_and_the_mean():
    fits = np.array([X, 2 * X, 3 * X])
    d = figure_dict(figs.resampled_fits(X, X, fits, 2 * X, labels={"fits": "f", "truth": "t", "mean": "m"}))
    ys = array(trace(d, meta="fits")["y"])
    assert ys.size == 3 * (X.size + 1) and np.isnan(ys[X.size])
    np.testing.assert_array_equal(ys[~np.isnan(ys)], fits.ravel())
    np.testing.assert_array_equal(array(trace(d, meta="mean_fit")["y"]), 2 * X)


def test_decomposition_stacks_the_three_parts():
    labels = {k: k for k in ("bias2", "variance", "noise", "measured")}
    d = figure_dict(figs.decomposition(["s", "c"], [0.1, 0.01], [0.05, 0.2], [0.09, 0.09], [0.24, 0.3],
                                       [0.002, 0.003], labels=labels))
    assert d["layout"]["barmode"] == "stack"
    np.testing.assert_array_equal(array(trace(d, meta="bar:bias2")["y"]), [0.1, 0.01])
    np.testing.assert_array_equal(array(trace(d, meta="bar:variance")["y"]), [0.05, 0.2])
    np.testing.assert_array_equal(array(trace(d, meta="measured")["error_y"]["array"]), [0.004, 0.006])


def test_weight_paths_every_weight_labelled_with_its_own_colour_and_dash():
    lams = np.geomspace(0.01, 1, 4)
    W = np.random.default_rng(0).normal(size=(4, 8))
    names = [f"w{j + 1}" for j in range(8)]
    d = figure_dict(figs.weight_paths(lams, W, kind="l1", names=names, lam_now=0.1))
    for j in range(8):
        np.testing.assert_array_equal(array(trace(d, meta=f"path:l1:{j}")["y"]), W[:, j])
    paths = [trace(d, meta=f"path:l1:{j}") for j in range(8)]
    assert [p["name"] for p in paths] == names
    assert all(p.get("showlegend", True) for p in paths) and d["layout"].get("showlegend", True)
    styles = {(p["line"]["color"], p["line"]["dash"]) for p in paths}
    assert len(styles) == 8  # no two weights look alike
    assert d["layout"]["xaxis"]["type"] == "log"
    assert d["layout"]["shapes"][0]["x0"] == 0.1


def test_constraint_geometry_regions_and_solutions():
    xs = ys = np.linspace(-2, 2, 5)
    Z = np.add.outer(ys, xs) ** 2
    labels = {k: k for k in ("l1", "l2", "w_star", "sol_l1", "sol_l2")}
    d = figure_dict(figs.constraint_geometry(xs, ys, Z, 1.5, (2, 1), (1.5, 0.0), (1.2, 0.9), (1.0, 2.0),
                                             labels=labels))
    np.testing.assert_array_equal(array(trace(d, meta="l1_region")["x"]), [1.5, 0, -1.5, 0, 1.5])
    l2 = trace(d, meta="l2_region")
    np.testing.assert_allclose(np.hypot(array(l2["x"]), array(l2["y"])), 1.5)
    assert list(trace(d, meta="sol:l1")["y"]) == [0.0]
    assert trace(d, meta="touch:l2")["contours"]["start"] == 2.0
    assert d["layout"]["yaxis"]["scaleanchor"] == "x"


def test_dropout_network_hides_dropped_units_and_their_edges():
    kept = [None, np.array([1, 0, 1]), None]
    d = figure_dict(figs.dropout_network((1, 3, 1), kept, labels={"kept": "k", "dropped": "d"}))
    assert len(array(trace(d, meta="nodes:1")["y"])) == 2
    assert len(array(trace(d, meta="dropped:1")["y"])) == 1
    edges = [v for v in trace(d, meta="edges")["x"] if v is not None]
    assert len(edges) == 2 * 2 * 2  # 2 kept units × (1 edge in + 1 edge out) × 2 endpoints


def test_expectation_bars_effect_bars_and_norm_curves():
    a = np.array([0.2, -0.1])
    d = figure_dict(figs.expectation_bars(["h1", "h2"], [("exp:a", "a", a, 0, ""),
                                                         ("exp:cla_test", "pa", a / 2, 1, "/")]))
    np.testing.assert_array_equal(array(trace(d, meta="exp:cla_test")["y"]), a / 2)
    assert trace(d, meta="exp:cla_test")["marker"]["pattern"]["shape"] == "/"
    d = figure_dict(figs.effect_bars(["0", "0.1", "0.5"], [0.2, 0.18, 0.3], highlight=1))
    bar = trace(d, meta="effect")
    np.testing.assert_array_equal(array(bar["y"]), [0.2, 0.18, 0.3])
    assert bar["marker"]["color"][1] == theme.color(2) and bar["marker"]["color"][0] == theme.NEUTRAL
    d = figure_dict(figs.norm_curves(np.arange(1, 4), [figs.Series("norm:sgd:l2", "r", [3.0, 2.0, 1.5], 2)]))
    assert trace(d, meta="norm:sgd:l2")["line"]["color"] == theme.color(2)


def test_workflow_figures():
    Xd = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0]])
    y = np.array([0, 1, 1])
    d = figure_dict(figs.class_scatter(Xd, y, labels=["c0", "c1"]))
    np.testing.assert_array_equal(array(trace(d, meta="class:1")["x"]), [1.0, 2.0])
    d = figure_dict(figs.grouped_counts(["train", "val", "test"], np.array([[3, 4], [1, 1], [2, 0]]),
                                        labels=["c0", "c1"], meta="split"))
    np.testing.assert_array_equal(array(trace(d, meta="split:0")["y"]), [3, 1, 2])
    assert d["layout"]["barmode"] == "stack"
    g = np.linspace(-1, 1, 3)
    prob = np.array([[0.1, 0.5, 0.9]] * 3)
    d = figure_dict(figs.probability_map(g, g, prob, Xd, y, labels=["c0", "c1"], new=np.array([[0.5, 0.5]])))
    np.testing.assert_array_equal(array(trace(d, meta="prob")["z"]), prob)
    assert trace(d, meta="boundary")["contours"]["start"] == 0.5 and not trace(d, meta="boundary")["showlegend"]
    assert list(trace(d, meta="new")["text"]) == ["1"]
    maps = np.stack([prob - 0.5, 0.5 - prob, prob])
    d = figure_dict(figs.unit_maps(g, g, maps, names=["u1", "u2", "u3"], cols=2))
    for j in range(3):
        np.testing.assert_array_equal(array(trace(d, meta=f"unit:{j}")["z"]), maps[j])
    assert trace(d, meta="unit:2")["xaxis"] == "x3"
    assert [a["text"] for a in d["layout"]["annotations"]] == ["u1", "u2", "u3"]
    d = figure_dict(figs.learning_curves(np.arange(1, 4), [figs.Series("curve:a:val", "v", [0.7, 0.5, 0.4], 0)]))
    np.testing.assert_array_equal(array(trace(d, meta="curve:a:val")["y"]), [0.7, 0.5, 0.4])


def test_font_sizes_are_at_least_12():
    g = np.linspace(-1, 1, 3)
    figsets = [figs.unit_maps(g, g, np.zeros((2, 3, 3)), names=["a", "b"]),
               figs.probability_map(g, g, np.zeros((3, 3)), np.zeros((1, 2)), np.zeros(1), labels=["a", "b"],
                                    new=np.zeros((1, 2)))]

    def sizes(obj):
        if isinstance(obj, dict):
            for k, v in obj.items():
                if k.endswith("font") and isinstance(v, dict) and "size" in v:
                    yield v["size"]
                yield from sizes(v)
        elif isinstance(obj, list):
            for v in obj:
                yield from sizes(v)

    assert all(s >= 12 for fig in figsets for s in sizes(fig))


def test_compact_legend_key_colour_for_the_network_dash_for_the_set():
    key = figs.Key((("plain", "plain", 0), ("reg", "regularized", 2)), (("dash", "train"), ("solid", "validation")))
    curves = [figs.Series(f"loss:{s}:{w}", f"{s} · {w}", [0.3, 0.2], c, figs.SPLIT_DASH[s], group=w)
              for w, c in (("plain", 0), ("reg", 2)) for s in ("train", "val")]
    d = figure_dict(figs.loss_curves(np.arange(1, 3), curves, key=key))
    assert all(trace(d, meta=c.meta)["showlegend"] is False for c in curves)
    assert trace(d, meta="loss:train:reg")["name"] == "train · reg"  # the full name stays for the hover
    assert trace(d, meta="key:reg")["line"]["color"] == theme.color(2) and trace(d, meta="key:reg")["legendgroup"] == "reg"
    assert trace(d, meta="key:dash")["line"]["dash"] == "dash" and trace(d, meta="key:dash")["name"] == "train"
    legend = [tr["name"] for tr in d["data"] if tr.get("showlegend", True)]
    assert legend == ["plain", "regularized", "train", "validation"]
