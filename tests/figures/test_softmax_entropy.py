"""Figure builders of the Softmax & entropy page: plain dicts (valid Plotly) carrying exactly the data passed in;
texts inside a figure placed so that they cannot run off a phone's screen."""

from __future__ import annotations

import math

import numpy as np
import pytest

from explainer import theme
from explainer.figures import softmax_entropy as figs
from nncore.lessons import softmax_entropy as lab
from tests.helpers import array, figure_dict, trace


def test_probability_bars_values_and_text():
    p = np.array([0.659, 0.242, 0.099])
    fig = figs.probability_bars(["a", "b", "c"], [("probs", "P", p), ("t", "T", [1, 0, 0])], title="X")
    assert isinstance(fig, dict)
    d = figure_dict(fig)
    bars = trace(d, meta="probs")
    np.testing.assert_array_equal(array(bars["y"]), p)
    assert list(bars["text"]) == ["0.659", "0.242", "0.099"]
    assert bars["marker"]["color"] == theme.color(0) and trace(d, meta="t")["marker"]["color"] == theme.color(1)
    assert d["layout"]["barmode"] == "group" and d["layout"]["title"]["text"] == "X"
    assert d["layout"]["uniformtext"] == {"minsize": 12, "mode": "hide"}  # labels never shrink below 12 px
    many = figure_dict(figs.probability_bars([str(i) for i in range(6)], [("a", "A", np.ones(6) / 6),
                                                                         ("b", "B", np.ones(6) / 6)]))
    assert "text" not in trace(many, meta="a")  # 12 bars: no labels (they would collide), the hover has them


def test_temperature_paths_and_current_marker():
    path = lab.temperature_path([2.0, 1.0, 0.0], [0.1, 1.0, 10.0])
    d = figure_dict(figs.temperature_paths(path.temperatures, path.probs, ["a", "b", "c"], 1.0, 1 / 3))
    for k in range(3):
        np.testing.assert_array_equal(array(trace(d, meta=f"path:{k}")["y"]), path.probs[:, k])
    np.testing.assert_array_equal(array(trace(d, meta="uniform")["y"]), [1 / 3, 1 / 3])
    assert d["layout"]["xaxis"]["type"] == "log" and d["layout"]["xaxis"]["dtick"] == 1  # decades only
    assert [s["x0"] for s in d["layout"]["shapes"]] == [1.0]


def test_naive_vs_stable_draws_nan_as_labelled_zero():
    steps = lab.softmax_steps([2.0, 1.0, 0.1], offset=1000.0)
    d = figure_dict(figs.naive_vs_stable(["a", "b", "c"], steps.naive, ["NaN"] * 3, steps.probs, titles=("N", "S")))
    naive = trace(d, meta="naive")
    np.testing.assert_array_equal(array(naive["y"]), [0, 0, 0])
    assert list(naive["text"]) == ["NaN"] * 3
    np.testing.assert_array_equal(array(trace(d, meta="stable")["y"]), steps.probs)
    assert trace(d, meta="stable")["xaxis"] == "x2" and trace(d, meta="stable")["yaxis"] == "y2"
    # one panel above the other (each as wide as the chart), labels left-aligned at the top of each panel
    lay = d["layout"]
    assert lay["xaxis"]["domain"] == lay["xaxis2"]["domain"] == [0.0, 1.0]
    assert lay["yaxis"]["domain"][0] > lay["yaxis2"]["domain"][1]
    labels = [a for a in lay["annotations"] if a.get("name") == "panel_label"]
    assert [a["text"] for a in labels] == ["<b>N</b>", "<b>S</b>"]
    assert all(a["x"] == 0 and a["xanchor"] == "left" and a["font"]["size"] >= 12 for a in labels)


def test_nll_curve_and_points():
    p, nll = lab.nll_curve(20)
    d = figure_dict(figs.nll_curve(p, nll, [("point:0", "A", 0.25, math.log(4)), ("point:1", "B", 0.9, 0.105)]))
    np.testing.assert_array_equal(array(trace(d, meta="nll")["y"]), nll)
    assert trace(d, meta="point:0")["x"] == [0.25] and trace(d, meta="point:0")["y"] == [math.log(4)]
    # a label near p = 1 goes to the left of its point, so it stays inside the plot
    assert trace(d, meta="point:0")["textposition"] == "top right"
    assert trace(d, meta="point:1")["textposition"] == "top left"


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
    assert trace(d, meta="grad:mse")["yaxis"] == "y2" and trace(d, meta="loss:mse")["yaxis"] == "y"
    assert d["layout"]["xaxis2"]["matches"] == "x"  # one zoom for both rows
    rects = [sh for sh in d["layout"]["shapes"] if sh.get("name") == "wrong_saturated"]
    assert len(rects) == 2 and all((r["x0"], r["x1"]) == (-10.0, -4.0) for r in rects)
    assert [sh["x0"] for sh in d["layout"]["shapes"] if sh.get("name") == "probe"] == [-8.0, -8.0]


def test_distributions_and_infinite_self_information():
    info = lab.information([1, 1, 1], [1, 1, 0], 2)
    d = figure_dict(figs.distributions(["x1", "x2", "x3"], info.p, info.q, info.info_p, info.info_q, unit="bits"))
    np.testing.assert_array_equal(array(trace(d, meta="prob:q")["y"]), info.q)
    iq = trace(d, meta="info:q")
    np.testing.assert_array_equal(array(iq["y"])[:2], info.info_q[:2])
    assert array(iq["y"])[2] == 0 and iq["text"][2] == "∞"
    assert "bits" in iq["hovertemplate"]
    assert iq["yaxis"] == "y2" and trace(d, meta="prob:p")["yaxis"] == "y"
    # the axis fits the largest finite self-information (log2 3 = 1.585 bits), not the infinite one
    assert d["layout"]["yaxis2"]["range"][1] == pytest.approx(math.log2(3) * 1.2)


def test_decomposition_stack_adds_up_to_the_cross_entropy():
    info = lab.information([4, 2, 1, 1], [1, 1, 1, 1], 2)
    rows = [("pq", "p‖q", info.h_p, info.kl_pq, info.ce_pq), ("qp", "q‖p", info.h_q, info.kl_qp, info.ce_qp)]
    fig = figs.decomposition(rows, labels=("H", "KL", "CE"))
    assert isinstance(fig, dict)
    d = figure_dict(fig)
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
    assert trace(d, meta="total:ce")["textposition"] == ["middle left"]  # at the axis end: written inwards


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
    # the plane stays square and within [−6, 6]² on any screen
    assert d["layout"]["yaxis"]["scaleanchor"] == "x"
    assert d["layout"]["xaxis"]["constrain"] == d["layout"]["yaxis"]["constrain"] == "domain"
    assert d["layout"]["yaxis"]["range"] == [clf.ys[0], clf.ys[-1]]


def test_training_curves():
    d = figure_dict(figs.training_curves(np.array([10, 20]), np.array([1.0, 0.5]), np.array([0.5, 0.9]),
                                         labels=("L", "A")))
    np.testing.assert_array_equal(array(trace(d, meta="accuracy")["y"]), [0.5, 0.9])
    np.testing.assert_array_equal(array(trace(d, meta="loss")["y"]), [1.0, 0.5])
    assert trace(d, meta="accuracy")["yaxis"] == "y2" and d["layout"]["yaxis2"]["overlaying"] == "y"


@pytest.mark.parametrize("builder", ["probability_bars", "temperature_paths", "naive_vs_stable", "nll_curve",
                                     "gradient_bars", "sigmoid_loss_curves", "distributions", "decomposition",
                                     "decision_regions", "training_curves"])
def test_every_builder_returns_a_dict_with_readable_fonts(builder):
    """Dicts (no graph_objects) with every trace tagged by ``meta`` and no explicit font below 12 px."""
    z = np.linspace(-4, 4, 9)
    s = lab.sigmoid_losses(z, 1.0)
    info = lab.information([1, 2], [2, 1], 2)
    clf = lab.train_classifier("blobs", 2, 0.0, 0, 25, 0.05, resolution=8)
    path = lab.temperature_path([1.0, 0.0], [0.1, 1.0])
    args = {
        "probability_bars": lambda: figs.probability_bars(["a", "b"], [("p", "P", [0.5, 0.5])]),
        "temperature_paths": lambda: figs.temperature_paths(path.temperatures, path.probs, ["a", "b"], 1.0, 0.5),
        "naive_vs_stable": lambda: figs.naive_vs_stable(["a", "b"], [0.5, 0.5], ["0.5", "0.5"], [0.5, 0.5]),
        "nll_curve": lambda: figs.nll_curve(*lab.nll_curve(10), []),
        "gradient_bars": lambda: figs.gradient_bars(["a", "b"], [0.1, -0.1]),
        "sigmoid_loss_curves": lambda: figs.sigmoid_loss_curves(z, s.mse, s.mse_grad, s.ce, s.ce_grad, 0.0,
                                                                [(-4.0, -2.0)], labels=("M", "C"), shaded_label="S"),
        "distributions": lambda: figs.distributions(["a", "b"], info.p, info.q, info.info_p, info.info_q),
        "decomposition": lambda: figs.decomposition([("pq", "H(p, q)", info.h_p, info.kl_pq, info.ce_pq)],
                                                    labels=("H", "KL", "CE")),
        "decision_regions": lambda: figs.decision_regions(clf.xs, clf.ys, clf.regions, clf.probs, clf.X, clf.y,
                                                          ["a", "b"]),
        "training_curves": lambda: figs.training_curves(clf.epochs, clf.loss, clf.accuracy, labels=("L", "A")),
    }
    fig = args[builder]()
    assert isinstance(fig, dict) and all("type" in tr for tr in fig["data"])
    assert all(tr.get("meta") for tr in fig["data"])
    d = figure_dict(fig)

    def sizes(obj):
        if isinstance(obj, dict):
            for k, v in obj.items():
                if k.endswith("font") and isinstance(v, dict) and "size" in v:
                    yield v["size"]
                yield from sizes(v)
        elif isinstance(obj, list):
            for v in obj:
                yield from sizes(v)

    assert all(size >= 12 for size in sizes(d))
    # both axes are the figure's own: the browser swaps layout.template for Streamlit's (12 px ticks), so an axis the
    # layout does not name would miss the app's (and lecture mode's) tick fonts
    assert "xaxis" in d["layout"] and "yaxis" in d["layout"]
