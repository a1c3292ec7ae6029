"""Figure builders of the Softmax & entropy page: the data in the figure is exactly the data passed in."""

from __future__ import annotations

import math

import numpy as np

from explainer import theme
from explainer.figures import softmax_entropy as figs
from nncore.lessons import softmax_entropy as lab
from tests.helpers import array, figure_dict, trace


def test_probability_bars_values_and_text():
    p = np.array([0.659, 0.242, 0.099])
    d = figure_dict(figs.probability_bars(["a", "b", "c"], [("probs", "P", p), ("t", "T", [1, 0, 0])], title="X"))
    bars = trace(d, meta="probs")
    np.testing.assert_array_equal(array(bars["y"]), p)
    assert list(bars["text"]) == ["0.659", "0.242", "0.099"]
    assert bars["marker"]["color"] == theme.color(0) and trace(d, meta="t")["marker"]["color"] == theme.color(1)
    assert d["layout"]["barmode"] == "group" and d["layout"]["title"]["text"] == "X"


def test_temperature_paths_and_current_marker():
    path = lab.temperature_path([2.0, 1.0, 0.0], [0.1, 1.0, 10.0])
    d = figure_dict(figs.temperature_paths(path.temperatures, path.probs, ["a", "b", "c"], 1.0, 1 / 3))
    for k in range(3):
        np.testing.assert_array_equal(array(trace(d, meta=f"path:{k}")["y"]), path.probs[:, k])
    np.testing.assert_array_equal(array(trace(d, meta="uniform")["y"]), [1 / 3, 1 / 3])
    assert d["layout"]["xaxis"]["type"] == "log"
    assert [s["x0"] for s in d["layout"]["shapes"]] == [1.0]


def test_naive_vs_stable_draws_nan_as_labelled_zero():
    steps = lab.softmax_steps([2.0, 1.0, 0.1], offset=1000.0)
    d = figure_dict(figs.naive_vs_stable(["a", "b", "c"], steps.naive, ["NaN"] * 3, steps.probs, titles=("N", "S")))
    naive = trace(d, meta="naive")
    np.testing.assert_array_equal(array(naive["y"]), [0, 0, 0])
    assert list(naive["text"]) == ["NaN"] * 3
    np.testing.assert_array_equal(array(trace(d, meta="stable")["y"]), steps.probs)
    assert trace(d, meta="stable")["xaxis"] == "x2"


def test_nll_curve_and_points():
    p, nll = lab.nll_curve(20)
    d = figure_dict(figs.nll_curve(p, nll, [("point:0", "A", 0.5, math.log(2))]))
    np.testing.assert_array_equal(array(trace(d, meta="nll")["y"]), nll)
    assert trace(d, meta="point:0")["x"] == [0.5]


def test_gradient_bars_colour_by_sign():
    g = np.array([-0.3, 0.2, 0.1])
    d = figure_dict(figs.gradient_bars(["a", "b", "c"], g))
    bars = trace(d, meta="grad")
    np.testing.assert_array_equal(array(bars["y"]), g)
    assert list(bars["marker"]["color"]) == [theme.NEGATIVE, theme.POSITIVE, theme.POSITIVE]


def test_sigmoid_loss_curves_rows_and_shading():
    z = np.linspace(-10, 10, 41)
    s = lab.sigmoid_losses(z, 1.0)
    d = figure_dict(figs.sigmoid_loss_curves(z, s.mse, s.mse_grad, s.ce, s.ce_grad, -8.0, [(-10.0, -4.0)],
                                             labels=("MSE", "CE")))
    np.testing.assert_array_equal(array(trace(d, meta="loss:ce")["y"]), s.ce)
    np.testing.assert_array_equal(array(trace(d, meta="grad:mse")["y"]), s.mse_grad)
    assert trace(d, meta="grad:mse")["yaxis"] == "y2"
    rects = [sh for sh in d["layout"]["shapes"] if sh.get("name") == "wrong_saturated"]
    assert len(rects) == 2 and all((r["x0"], r["x1"]) == (-10.0, -4.0) for r in rects)
    assert [sh["x0"] for sh in d["layout"]["shapes"] if sh.get("name") == "probe"] == [-8.0, -8.0]


def test_distributions_and_infinite_self_information():
    info = lab.information([1, 1, 1], [1, 1, 0], 2)
    d = figure_dict(figs.distributions(["x1", "x2", "x3"], info.p, info.q, info.info_p, info.info_q, unit="bits"))
    np.testing.assert_array_equal(array(trace(d, meta="prob:q")["y"]), info.q)
    iq = trace(d, meta="info:q")
    np.testing.assert_array_equal(array(iq["y"])[:2], info.info_q[:2])
    assert array(iq["y"])[2] == 0 and iq["text"][2] == "∞ bits"


def test_decomposition_stack_adds_up_to_the_cross_entropy():
    info = lab.information([4, 2, 1, 1], [1, 1, 1, 1], 2)
    rows = [("pq", "p‖q", info.h_p, info.kl_pq, info.ce_pq), ("qp", "q‖p", info.h_q, info.kl_qp, info.ce_qp)]
    d = figure_dict(figs.decomposition(rows, labels=("H", "KL", "CE")))
    h, kl = array(trace(d, meta="part:entropy")["x"]), array(trace(d, meta="part:kl")["x"])
    ce = array(trace(d, meta="total:ce")["x"])
    np.testing.assert_allclose(h + kl, ce, rtol=1e-12)
    assert d["layout"]["barmode"] == "stack"
    assert list(trace(d, meta="part:kl")["text"]) == [f"{info.kl_pq:.3f}", f"{info.kl_qp:.3f}"]


def test_decomposition_with_infinite_kl():
    info = lab.information([1, 1], [1, 0], 2)
    d = figure_dict(figs.decomposition([("pq", "p‖q", info.h_p, info.kl_pq, info.ce_pq)], labels=("H", "KL", "CE")))
    kl = trace(d, meta="part:kl")
    assert kl["text"] == ["∞"] and kl["marker"]["pattern"]["shape"] == ["/"]
    x_end = d["layout"]["xaxis"]["range"][1]
    assert array(kl["x"])[0] + 1.0 == x_end  # H(p) = 1 bit, the infinite part runs to the end of the axis
    assert trace(d, meta="total:ce")["text"] == ["= ∞"] and array(trace(d, meta="total:ce")["x"])[0] == x_end


def test_decision_regions_carry_probabilities():
    clf = lab.train_classifier("blobs", 3, 0.0, 0, 50, 0.05, resolution=12)
    d = figure_dict(figs.decision_regions(clf.xs, clf.ys, clf.regions, clf.probs, clf.X, clf.y, ["a", "b", "c"]))
    hm = trace(d, meta="regions")
    np.testing.assert_array_equal(array(hm["z"]), clf.regions)
    np.testing.assert_allclose(array(hm["customdata"]), clf.probs, atol=1e-6)
    assert hm["zmin"] == -0.5 and hm["zmax"] == 2.5
    for c in range(3):
        np.testing.assert_array_equal(array(trace(d, meta=f"points:{c}")["x"]), clf.X[clf.y == c, 0])
    assert "customdata[2]" in hm["hovertemplate"]


def test_training_curves():
    d = figure_dict(figs.training_curves(np.array([10, 20]), np.array([1.0, 0.5]), np.array([0.5, 0.9]),
                                         labels=("L", "A")))
    np.testing.assert_array_equal(array(trace(d, meta="accuracy")["y"]), [0.5, 0.9])
    assert trace(d, meta="accuracy")["yaxis"] == "y2"
