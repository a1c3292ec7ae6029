"""Figure builders of the Backprop page: the figures hold exactly the data passed in."""

from __future__ import annotations

import numpy as np

import nncore
from explainer.figures import backprop as figs
from nncore.lessons import backprop as G
from tests.helpers import array, figure_dict, trace, traces


def _graph():
    net = nncore.MLP([1, 2, 1], hidden="sigmoid", output="sigmoid", init="uniform", seed=0)
    return G.build_graph(net, [[1.0]], [[1.0]], "mse")


def test_layout_puts_layers_left_to_right_and_separates_nodes():
    g = _graph()
    specs = [figs.NodeSpec(n, nd.kind, nd.layer, nd.unit, nd.source, nd.parents) for n, nd in g.nodes.items()]
    pos = figs.graph_layout(specs, [1, 2, 1])
    assert set(pos) == set(g.nodes)
    for name, nd in g.nodes.items():  # every edge goes left to right
        for p in nd.parents:
            assert pos[p][0] < pos[name][0], (p, name)
    columns = {}
    for x, y in pos.values():
        columns.setdefault(x, []).append(y)
    for ys in columns.values():  # no two boxes of a column overlap
        ys = sorted(ys)
        assert all(b - a >= figs.GAP - 1e-9 for a, b in zip(ys, ys[1:]))


def test_graph_figure_carries_values_and_gradients():
    boxes = [figs.NodeBox("a", 0, 0, "<b>a</b>", "hover a", "given", value=1.5),
             figs.NodeBox("b", 1, 0, "<b>b</b>", "hover b", "grad", current=True, value=2.0, grad=-0.25),
             figs.NodeBox("c", 2, 1, "<b>c</b>", "hover c", "pending")]
    d = figure_dict(figs.computational_graph(boxes, [("a", "b"), ("b", "c")], [("b", "c")], title="T",
                                             legend={"grad": "gradient known"}))
    nodes = trace(d, meta="nodes")
    custom = array(nodes["customdata"])
    np.testing.assert_array_equal(custom[:2], [[1.5, np.nan], [2.0, -0.25]])
    assert np.isnan(custom[2]).all()
    assert list(nodes["hovertext"]) == ["hover a", "hover b", "hover c"]
    assert list(array(trace(d, meta="edges")["x"][:2])) == [0, 1]
    assert list(trace(d, meta="edges:path")["x"][:2]) == [1, 2]
    notes = {a["name"]: a for a in d["layout"]["annotations"]}
    assert notes["node:b"]["borderwidth"] == 3 and notes["node:a"]["bgcolor"] == figs.BOX["given"]
    assert d["layout"]["yaxis"]["autorange"] == "reversed"
    assert traces(d, meta="legend:grad")


def test_training_run_frames_hold_every_snapshot():
    grid = np.linspace(0, 2, 5)
    fits = np.array([[0.1] * 5, [0.2] * 5, [0.3] * 5])
    fig = figs.training_run(np.array([0.5, 1.5]), np.array([0, 1]), grid, np.array([0, 100, 200]),
                            np.array([0.3, 0.2, 0.1]), fits)
    d = figure_dict(fig)
    np.testing.assert_array_equal(array(trace(d, meta="fit")["y"]), fits[-1])
    np.testing.assert_array_equal(array(trace(d, meta="cost")["y"]), [0.3, 0.2, 0.1])
    assert [f["name"] for f in d["frames"]] == ["0", "100", "200"]
    np.testing.assert_array_equal(array(d["frames"][1]["data"][0]["y"]), fits[1])
    np.testing.assert_array_equal(array(d["frames"][1]["data"][1]["y"]), [0.2])


def test_symmetry_panels_one_line_per_unit():
    vals = np.array([[0.0, 0.0], [0.5, 0.5], [0.7, 0.7]])
    d = figure_dict(figs.symmetry(np.arange(3), [("same", "S", vals), ("random", "R", vals * [1, 2])]))
    np.testing.assert_array_equal(array(trace(d, meta="same:1")["y"]), vals[:, 1])
    np.testing.assert_array_equal(array(trace(d, meta="random:1")["y"]), vals[:, 1] * 2)
    assert trace(d, meta="random:0")["xaxis"] == "x2"


def test_relative_errors_log_axis_and_colours():
    d = figure_dict(figs.relative_errors(["w", "b"], np.array([1e-10, 0.5]), np.array([True, False]), 1e-6))
    bars = trace(d, meta="rel_error")
    np.testing.assert_allclose(array(bars["y"]), [1e-10, 0.5])
    assert list(bars["marker"]["color"]) == [figs.theme.POSITIVE, figs.theme.NEGATIVE]
    assert d["layout"]["yaxis"]["type"] == "log"
