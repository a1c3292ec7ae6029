"""Figure builders of the Regularization page: the figures carry exactly the numbers passed in."""

from __future__ import annotations

import numpy as np

from explainer import theme
from explainer.figures import regularization as figs
from tests.helpers import array, figure_dict, trace

X = np.linspace(-1, 1, 9)


def test_fitted_curves_data():
    truth, fit = np.sin(np.pi * X), X ** 3
    d = figure_dict(figs.fitted_curves(X, truth, [figs.Series("fit:plain", "net", fit, 0)], [0.1, 0.5], [1.0, -1.0],
                                       [0.2], [0.3], labels={"truth": "T", "train": "tr", "test": "te"}))
    np.testing.assert_array_equal(array(trace(d, meta="truth")["y"]), truth)
    np.testing.assert_array_equal(array(trace(d, meta="fit:plain")["y"]), fit)
    np.testing.assert_array_equal(array(trace(d, meta="train")["x"]), [0.1, 0.5])
    np.testing.assert_array_equal(array(trace(d, meta="test")["y"]), [0.3])


def test_loss_curves_mark_best_epoch_noise_floor_and_current_epoch():
    epochs = np.arange(1, 6)
    test = np.array([0.5, 0.3, 0.2, 0.25, 0.4])
    d = figure_dict(figs.loss_curves(epochs, [figs.Series("loss:test:plain", "test", test, 1)],
                                     best=[("best:plain", "min", 3, 0.2, 1)], noise_floor=0.09, current=4))
    np.testing.assert_array_equal(array(trace(d, meta="loss:test:plain")["y"]), test)
    star = trace(d, meta="best:plain")
    assert list(star["x"]) == [3] and list(star["y"]) == [0.2]
    np.testing.assert_array_equal(array(trace(d, meta="noise_floor")["y"]), [0.09, 0.09])
    assert d["layout"]["yaxis"]["type"] == "log"
    assert [s["x0"] for s in d["layout"]["shapes"] if s.get("name") == "current"] == [4]


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


def test_weight_paths_one_line_per_weight_log_x():
    lams = np.geomspace(0.01, 1, 4)
    W = np.array([[1.0, 0.5], [0.8, 0.2], [0.5, 0.0], [0.1, 0.0]])
    d = figure_dict(figs.weight_paths(lams, W, kind="l1", names=["w1", "w2"], lam_now=0.1))
    np.testing.assert_array_equal(array(trace(d, meta="path:l1:1")["y"]), W[:, 1])
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


def test_expectation_bars_and_norm_curves():
    a = np.array([0.2, -0.1])
    d = figure_dict(figs.expectation_bars(["h1", "h2"], [("exp:a", "a", a, 0, ""), ("exp:cla_test", "pa", a / 2, 1, "")]))
    np.testing.assert_array_equal(array(trace(d, meta="exp:cla_test")["y"]), a / 2)
    d = figure_dict(figs.norm_curves(np.arange(1, 4), [figs.Series("norm:reg", "r", [3.0, 2.0, 1.5], 2)]))
    assert trace(d, meta="norm:reg")["line"]["color"] == theme.color(2)
