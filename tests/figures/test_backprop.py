"""Figure builders of the Backprop page: plain dicts (valid Plotly) that hold exactly the data passed in, with texts
sized for lecture mode."""

from __future__ import annotations

import numpy as np

from explainer import theme
from explainer.figures import backprop as figs
from nncore.lessons import backprop as G
from tests.helpers import array, figure_dict, trace, traces


def _graph():
    p = G.mlp_problem(3, 3, "tanh", 2, 0)
    return G.build_graph(p.net, p.X, p.Y, p.loss)


def test_layout_puts_layers_left_to_right_and_separates_nodes():
    g = _graph()
    specs = [figs.NodeSpec(n, nd.kind, nd.layer, nd.unit, nd.source, nd.parents) for n, nd in g.nodes.items()]
    pos = figs.graph_layout(specs, g.layer_sizes)
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


def test_vertical_layout_for_phones_turns_the_graph_a_quarter():
    g = _graph()
    specs = [figs.NodeSpec(n, nd.kind, nd.layer, nd.unit, nd.source, nd.parents) for n, nd in g.nodes.items()]
    across = figs.graph_layout(specs, g.layer_sizes)
    down = figs.graph_layout(specs, g.layer_sizes, vertical=True)
    assert all(down[n] == (across[n][1], across[n][0]) for n in g.nodes)
    for name, nd in g.nodes.items():  # every edge goes top to bottom
        for p in nd.parents:
            assert down[p][1] < down[name][1], (p, name)
    boxes = [figs.NodeBox(n, *down[n], n, "", "given") for n in g.nodes]
    fig = figs.computational_graph(boxes, [], compact=True)
    assert {a["font"]["size"] for a in fig["layout"]["annotations"]} == {12}  # the smallest allowed


def test_graph_figure_carries_values_and_gradients():
    boxes = [figs.NodeBox("a", 0, 0, "<b>a</b>", "hover a", "given", value=1.5),
             figs.NodeBox("b", 1, 0, "<b>b</b>", "hover b", "grad", current=True, value=2.0, grad=-0.25),
             figs.NodeBox("c", 2, 1, "<b>c</b>", "hover c", "pending")]
    fig = figs.computational_graph(boxes, [("a", "b"), ("b", "c")], [("b", "c")], title="T",
                                   legend={"grad": "gradient known"})
    assert isinstance(fig, dict)
    d = figure_dict(fig)
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
    assert d["layout"]["title"]["text"] == "T"


def test_node_labels_have_an_explicit_size_that_lecture_mode_lifts_to_18px_with_room_to_spare():
    """Lecture mode scales explicit fonts ×18/13 to ≥ 18 px and heights ×1.25: three lines of 18 px text (~70 px
    with the box's padding) must still fit between two rows."""
    g = _graph()
    specs = [figs.NodeSpec(n, nd.kind, nd.layer, nd.unit, nd.source, nd.parents) for n, nd in g.nodes.items()]
    pos = figs.graph_layout(specs, g.layer_sizes)
    boxes = [figs.NodeBox(n, *pos[n], f"<b>{n}</b><br>1.0000<br>∂ -0.1234", "", "grad") for n in g.nodes]
    fig = figs.computational_graph(boxes, [])
    assert {a["font"]["size"] for a in fig["layout"]["annotations"]} == {figs.NODE_FONT}
    lecture = theme.for_lecture({"data": fig["data"], "layout": dict(fig["layout"])})
    assert {a["font"]["size"] for a in lecture["layout"]["annotations"]} == {18}
    rows = max(y for _, y in pos.values()) - min(y for _, y in pos.values()) + 1
    plot_px = lecture["layout"]["height"] - 2 * theme.MARGIN_TOP  # the legend row above, a little below
    assert plot_px / (rows + 0.5) >= 3 * 18 * 1.25 + 8  # px per row ≥ three lines of text + the box's padding


def test_relative_errors_log_axis_colours_and_tolerance():
    d = figure_dict(figs.relative_errors(["w", "b"], np.array([1e-10, 0.5]), np.array([True, False]), 1e-6,
                                         tol_label="tolerance"))
    bars = trace(d, meta="rel_error")
    np.testing.assert_allclose(array(bars["y"]), [1e-10, 0.5])
    assert list(bars["marker"]["color"]) == [theme.POSITIVE, theme.NEGATIVE]
    assert d["layout"]["yaxis"]["type"] == "log"
    tol = trace(d, meta="tol")
    assert list(tol["y"]) == [1e-6, 1e-6] and tol["name"] == "tolerance"


def test_training_run_frames_hold_every_snapshot():
    grid = np.linspace(0, 2, 5)
    fits = np.array([[0.1] * 5, [0.2] * 5, [0.3] * 5])
    fig = figs.training_run(np.array([0.5, 1.5]), np.array([0, 1]), grid, np.array([0, 100, 200]),
                            np.array([0.3, 0.2, 0.1]), fits, epoch_prefix="epoch ")
    assert isinstance(fig, dict)
    d = figure_dict(fig)
    np.testing.assert_array_equal(array(trace(d, meta="fit")["y"]), fits[-1])
    np.testing.assert_array_equal(array(trace(d, meta="cost")["y"]), [0.3, 0.2, 0.1])
    assert trace(d, meta="cost")["yaxis"] == "y2"  # the cost below the fit: both as wide as a phone
    assert [f["name"] for f in d["frames"]] == ["0", "100", "200"]
    np.testing.assert_array_equal(array(d["frames"][1]["data"][0]["y"]), fits[1])
    np.testing.assert_array_equal(array(d["frames"][1]["data"][1]["y"]), [0.2])
    slider = d["layout"]["sliders"][0]
    assert slider["active"] == 2 and slider["currentvalue"]["prefix"] == "epoch "
    assert [s["label"] for s in slider["steps"]] == ["0", "100", "200"]


def test_init_histogram_bands_and_shares():
    edges = np.linspace(-0.04, 0.04, 9)
    shares = np.array([0.01, 0.05, 0.14, 0.3, 0.3, 0.14, 0.05, 0.01])
    d = figure_dict(figs.init_histogram(edges, shares, shares * 0.9, 0.01, (0.683, 0.954, 0.997),
                                        band_label="±{k}σ: {share}"))
    np.testing.assert_array_equal(array(trace(d, meta="hist")["y"]), shares)
    np.testing.assert_allclose(array(trace(d, meta="hist")["x"]), (edges[:-1] + edges[1:]) / 2)
    np.testing.assert_array_equal(array(trace(d, meta="normal")["y"]), shares * 0.9)
    bands = {s["name"]: (s["x0"], s["x1"]) for s in d["layout"]["shapes"]}
    assert bands == {"band:1": (-0.01, 0.01), "band:2": (-0.02, 0.02), "band:3": (-0.03, 0.03)}
    assert trace(d, meta="legend:band:3")["name"] == "±3σ: 99.70 %"


def test_symmetry_grid_one_line_per_unit():
    w = np.array([[0.0, 0.0], [0.5, 0.5], [0.7, 0.7]])
    g = np.array([[0.1, 0.1], [0.2, 0.2]])
    d = figure_dict(figs.symmetry(np.arange(3), [("same", "S", w, g), ("random", "R", w * [1, 2], g * [1, 3])],
                                  weight_axis="w", grad_axis="g"))
    np.testing.assert_array_equal(array(trace(d, meta="same:1")["y"]), w[:, 1])
    np.testing.assert_array_equal(array(trace(d, meta="random:1")["y"]), w[:, 1] * 2)
    np.testing.assert_array_equal(array(trace(d, meta="random:grad:1")["y"]), g[:, 1] * 3)
    assert trace(d, meta="random:0")["xaxis"] == "x2" and trace(d, meta="random:grad:0")["yaxis"] == "y4"
    assert len(array(trace(d, meta="same:grad:0")["x"])) == 2
    labels = [a["text"] for a in d["layout"]["annotations"] if a["name"] == "panel_label"]
    assert labels == ["<b>S</b>", "<b>R</b>"]


def test_symmetry_on_a_phone_stacks_the_panels_in_one_column():
    """On a phone the two starts stood side by side, 520 px in a 358 px column: the random start was cut off, and a
    swipe panned its data instead of scrolling. Stacked: each start's weights above its gradients, one column, no
    minimum width, the same data."""
    w = np.array([[0.0, 0.0], [0.5, 0.5], [0.7, 0.7]])
    g = np.array([[0.1, 0.1], [0.2, 0.2]])
    panels = [("same", "S", w, g), ("random", "R", w * [1, 2], g * [1, 3])]
    side = figure_dict(figs.symmetry(np.arange(3), panels, weight_axis="w", grad_axis="g"))
    d = figure_dict(figs.symmetry(np.arange(3), panels, weight_axis="w", grad_axis="g", stacked=True))
    assert "min_width" in side["layout"]["meta"] and "min_width" not in (d["layout"].get("meta") or {})
    where = {t["meta"]: (t["xaxis"], t["yaxis"]) for t in d["data"]}
    assert where["same:0"] == ("x", "y") and where["same:grad:0"] == ("x2", "y2")
    assert where["random:0"] == ("x3", "y3") and where["random:grad:1"] == ("x4", "y4")
    for t in d["data"]:  # the same lines as side by side
        np.testing.assert_array_equal(array(t["y"]), array(trace(side, meta=t["meta"])["y"]))
    lay = d["layout"]
    assert all(lay[f"xaxis{n}"]["domain"] == [0.0, 1.0] for n in ("", "2", "3", "4"))  # one column
    tops = [lay[f"yaxis{n}"]["domain"][1] for n in ("", "2", "3", "4")]
    assert tops == sorted(tops, reverse=True)  # S weights, S gradients, R weights, R gradients, top to bottom
    assert [lay[f"yaxis{n}"]["title"]["text"] for n in ("", "2", "3", "4")] == ["w", "g", "w", "g"]
    labels = {a["text"]: a["yref"] for a in lay["annotations"] if a["name"] == "panel_label"}
    assert labels == {"<b>S</b>": "y domain", "<b>R</b>": "y3 domain"}


def test_the_graph_asks_for_the_width_its_boxes_need():
    """``layout.meta.min_width``: COLUMN_PX per node spacing across (the compact phone layout less), and lecture mode
    widens it (explainer.charts keeps a chart at least that wide, scrolling sideways)."""
    boxes = [figs.NodeBox(n, x, 0.0, n, "", "given", False, None, None) for n, x in (("a", 0.0), ("b", 4.0))]
    wide = figure_dict(figs.computational_graph(boxes, []))
    assert wide["layout"]["meta"]["min_width"] == round(figs.COLUMN_PX * 5.2)
    compact = figure_dict(figs.computational_graph(boxes, [], compact=True))
    assert compact["layout"]["meta"]["min_width"] == round(figs.COMPACT_COLUMN_PX * 5.2)
    lecture, _ = theme.spec(figs.computational_graph(boxes, []), lecture=True)
    expected = round(round(figs.COLUMN_PX * 5.2) * theme.LECTURE_MIN_WIDTH)
    assert lecture.to_dict()["layout"]["meta"]["min_width"] == expected
