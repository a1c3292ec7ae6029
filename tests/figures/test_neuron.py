"""Figure builders of the Neuron page: the data in each figure is exactly what nncore computed."""
from __future__ import annotations

import numpy as np
import pytest

from explainer import theme
from explainer.figures import neuron as figs
from nncore.lessons import neuron as nl
from nncore.datasets import logic_gate, to_pm1
from nncore.perceptron import mp_neuron
from tests.helpers import array, figure_dict, trace, traces

LABELS = figs.MPLabels("dendrites", "body", "axon", "fires", "silent")


def test_mp_diagram_shows_the_and_neuron():
    s, out = mp_neuron([1, 1], [1, 1], 2)
    assert (s, out) == (2.0, 1)  # AND: both inputs on reach the threshold 2
    fig = figs.mp_diagram([1, 1], [1.0, 1.0], 2.0, s, out, LABELS)
    assert isinstance(fig, dict)
    d = figure_dict(fig)
    assert array(trace(d, meta="body")["customdata"]).tolist() == [[2.0, 2.0]]
    assert list(trace(d, meta="output")["customdata"]) == [1]
    assert list(trace(d, meta="inputs")["customdata"]) == [1, 1]
    assert "fires" in trace(d, meta="output")["text"][0]


def test_mp_diagram_edges_coloured_by_sign_and_sized_by_weight():
    s, out = mp_neuron([1, 0], [-1.0, 2.0], 0.5)
    d = figure_dict(figs.mp_diagram([1, 0], [-1.0, 2.0], 0.5, s, out, LABELS))
    e1, e2 = trace(d, meta="edge:1"), trace(d, meta="edge:2")
    assert e1["line"]["color"] == theme.NEGATIVE and e2["line"]["color"] == theme.POSITIVE
    assert e2["line"]["width"] > e1["line"]["width"]
    assert out == 0 and "silent" in trace(d, meta="output")["text"][0]


def test_mp_diagram_weight_labels_sit_off_their_edges():
    """Each "w = …" starts where its edge is and grows away from it: above the edge that falls to the body, below
    the one that rises (centred 0.2 above the edge, the labels lay across the lines on a phone)."""
    d = figure_dict(figs.mp_diagram([1, 1], [1.0, 1.0], 2.0, 2.0, 1, LABELS))
    notes = [a for a in d["layout"]["annotations"] if a["text"].startswith("w<sub>")]
    assert [(a["xanchor"], a["yanchor"]) for a in notes] == [("left", "bottom"), ("left", "top")]
    for a in notes:
        i = int(a["text"][6]) - 1
        edge = trace(d, meta=f"edge:{i + 1}")
        y0, y1 = edge["y"][0], edge["y"][1]
        on_edge = y0 + (y1 - y0) * (a["x"] - edge["x"][0]) / (edge["x"][1] - edge["x"][0])
        assert (a["y"] > on_edge) if a["yanchor"] == "bottom" else (a["y"] < on_edge)


@pytest.mark.parametrize("step", [0, 5, 18])
def test_perceptron_plane_line_is_nncore_decision_line(step):
    d = logic_gate("and")
    replay = nl.perceptron_replay(d.X, to_pm1(d.y))
    state = replay.state(step)
    bounds = (-0.5, 1.5)
    line = nl.decision_line(state.w, state.b, bounds)
    before = nl.decision_line(state.last.w_before, state.last.b_before, bounds) if state.last else None
    fig = figs.perceptron_plane(d.X, d.y, bounds, line=line, previous_line=before,
                                misclassified=state.misclassified, used=state.last.index if state.last else None)
    spec = figure_dict(fig)
    if line is None:
        assert step == 0 and not traces(spec, meta="line")  # w = 0: no line yet
    else:
        tr = trace(spec, meta="line")
        x, y = array(tr["x"]), array(tr["y"])
        np.testing.assert_array_equal(x, bounds)
        np.testing.assert_allclose(y, -(state.w[0] * x + state.b) / state.w[1])
    mis = traces(spec, meta="misclassified")
    assert sorted(array(mis[0]["customdata"]).astype(int).tolist() if mis else []) == \
        np.flatnonzero(state.misclassified).tolist()
    assert (not traces(spec, meta="used")) == (step == 0)
    # points by class, at the data's coordinates
    pos = trace(spec, meta="points:1")
    np.testing.assert_array_equal(np.column_stack([array(pos["x"]), array(pos["y"])]), d.X[d.y == 1])
    assert spec["layout"]["yaxis"]["scaleanchor"] == "x"


def test_error_counts_marks_the_cycle():
    d = logic_gate("xor")
    replay = nl.perceptron_replay(d.X, to_pm1(d.y), max_updates=12)
    spec = figure_dict(figs.error_counts(replay.errors[:9], 8, cycle=(0, 4)))
    np.testing.assert_array_equal(array(trace(spec, meta="errors")["y"]), [4, 2, 3, 2, 4, 2, 3, 2, 4])
    assert array(trace(spec, meta="current")["x"]).tolist() == [8]
    rect = [s for s in spec["layout"]["shapes"] if s.get("name") == "cycle"]
    assert len(rect) == 1 and (rect[0]["x0"], rect[0]["x1"]) == (0, 4)
    assert not figure_dict(figs.error_counts(replay.errors[:3], 2)).get("layout", {}).get("shapes")
    assert not figure_dict(figs.error_counts(replay.errors[:3], 2)).get("layout", {}).get("annotations")


def test_error_counts_axis_counts_updates_from_zero():
    """Update numbers start at 0 (at step 0 the one point sat in the middle of −1…1), with room for the first
    marker, and are whole numbers while there are few of them."""
    one = figure_dict(figs.error_counts(np.array([3]), 0))["layout"]["xaxis"]
    assert -0.5 < one["range"][0] < 0 and one["range"][1] > 1 and one["dtick"] == 1  # ticks 0 and 1 only
    many = figure_dict(figs.error_counts(np.arange(40) % 5, 39))["layout"]["xaxis"]
    assert -1 < many["range"][0] < 0 and 39 < many["range"][1] < 41 and "dtick" not in many


def test_xor_planes_show_nncore_hidden_coordinates():
    run = nl.train_xor("tanh", 0)
    view = nl.xor_view(run.net(1000))
    spec = {"data": figure_dict(figs.xor_input_plane(view, run.y))["data"]
            + figure_dict(figs.xor_hidden_plane(view, run.y))["data"]}
    for label in (0, 1):
        tr = trace(spec, meta=f"hidden:{label}")
        np.testing.assert_array_equal(np.column_stack([array(tr["x"]), array(tr["y"])]), view.trace.A[1][run.y == label])
        inp = trace(spec, meta=f"input:{label}")
        np.testing.assert_array_equal(np.column_stack([array(inp["x"]), array(inp["y"])]), run.X[run.y == label])
    np.testing.assert_array_equal(array(trace(spec, meta="region")["z"]), view.output)
    np.testing.assert_array_equal(array(trace(spec, meta="hidden_region")["z"]), view.hidden_output)
    warped = trace(spec, meta="warped")
    xs = array(warped["x"])
    assert np.isnan(xs).sum() == len(view.warped_lines)  # one break after each line
    np.testing.assert_array_equal(xs[~np.isnan(xs)], view.warped_lines[:, :, 0].ravel())
    np.testing.assert_array_equal(array(trace(spec, meta="hidden_line")["y"]), view.hidden_line.y)


NAMES = ["(0, 0)", "(0, 1)", "(1, 0)", "(1, 1)"]


@pytest.mark.parametrize("seed, pair", [(0, (0, 3)), (1, (1, 3)), (8, (1, 2))])
def test_xor_planes_ring_and_name_points_that_coincide(seed, pair):
    """Two inputs that land on the same spot of the hidden plane are both named and ringed, never moved."""
    run = nl.train_xor("tanh", seed)
    view = nl.xor_view(run.net(1000))
    assert view.coinciding == (pair,)
    spec = figure_dict(figs.xor_hidden_plane(view, run.y, point_names=NAMES))
    H = view.trace.A[1]
    ring = trace(spec, meta="coincide")
    np.testing.assert_allclose([array(ring["x"])[0], array(ring["y"])[0]], (H[pair[0]] + H[pair[1]]) / 2)
    assert ring["marker"]["symbol"] == "circle-open"
    names = trace(spec, meta="hidden_names")
    i, j = pair
    assert f"{NAMES[i]} + {NAMES[j]}" in names["text"]
    assert len(names["text"]) == 3  # four points, one label for the two that coincide
    others = [k for k in range(4) if k != j]
    np.testing.assert_array_equal(array(names["x"]), H[others, 0])
    # every point still drawn exactly where the network puts it
    for label in (0, 1):
        tr = trace(spec, meta=f"hidden:{label}")
        np.testing.assert_array_equal(np.column_stack([array(tr["x"]), array(tr["y"])]), H[run.y == label])


def test_xor_planes_without_names_or_coinciding_points():
    run = nl.train_xor("sigmoid", 1)
    view = nl.xor_view(run.net(1000))
    spec = figure_dict(figs.xor_hidden_plane(view, run.y))
    assert not traces(spec, meta="hidden_names")
    assert len(traces(spec, meta="coincide")) == len(view.coinciding)


def test_single_neuron_fit_draws_the_fitted_curve_and_boundary():
    d = nl.single_neuron_data("classification", 30, 0.5, seed=1)
    fit = nl.fit_single_neuron(d.X, d.y, "sigmoid")
    spec = figure_dict(figs.single_neuron_fit(d.X, d.y, fit.curve_x, fit.curve_y, boundary=fit.boundary))
    np.testing.assert_array_equal(array(trace(spec, meta="fit")["y"]), fit.curve_y)
    np.testing.assert_array_equal(array(trace(spec, meta="data")["y"]), d.y)
    assert array(trace(spec, meta="boundary")["x"]).tolist() == [fit.boundary]
    lin = figure_dict(figs.single_neuron_fit(d.X, d.y, fit.curve_x, fit.curve_y))
    assert not traces(lin, meta="boundary")
