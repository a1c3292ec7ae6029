"""Figure builders of the Forward-pass page: the data in each figure is exactly the data passed in."""

from __future__ import annotations

import numpy as np
import pytest

import nncore
from explainer import theme
from explainer.figures import forward_pass as figs
from nncore.lessons import forward_pass as lab
from tests.helpers import array, figure_dict, trace, traces

W1 = np.array([[1.0, -1.0], [1.0, 1.0]])
W2 = np.array([[2.0], [-1.0]])


def _nodes(values):
    return [[figs.NodeState(f"n{l}{i}", v, f"h{l}{i}", lit=(l == 1)) for i, v in enumerate(layer)]
            for l, layer in enumerate(values)]


def test_network_diagram_edges_follow_the_weights():
    fig = figs.network_diagram([2, 2, 1], [W1, W2], _nodes([["2", "3"], ["z = 5", "z = 1"], [""]]),
                               active_layer=1, reached_layer=1, layer_names=["in", "hid", "out"], title="T")
    assert isinstance(fig, dict)
    d = figure_dict(fig)
    pos = figs.node_positions([2, 2, 1])
    for l, W in ((1, W1), (2, W2)):
        for i in range(W.shape[0]):
            for j in range(W.shape[1]):
                e = trace(d, meta=f"edge:{l}:{i}:{j}")
                np.testing.assert_array_equal(array(e["x"]), [pos[l - 1][i][0], pos[l][j][0]])
                np.testing.assert_array_equal(array(e["y"]), [pos[l - 1][i][1], pos[l][j][1]])
                assert e["line"]["color"] == (theme.POSITIVE if W[i, j] > 0 else theme.NEGATIVE)
                assert array(e["customdata"])[0] == W[i, j]
    # width grows with |w|: the weight 2 is the widest; edges into the active layer are drawn thicker
    widths = {m: trace(d, meta=m)["line"]["width"] for m in ("edge:2:0:0", "edge:2:1:0")}
    assert widths["edge:2:0:0"] > widths["edge:2:1:0"]
    assert trace(d, meta="edge:1:0:0")["opacity"] == 1.0
    assert trace(d, meta="edge:2:0:0")["opacity"] == figs.DIM  # not reached yet
    # exact weights in the hover data of the labels
    np.testing.assert_array_equal(array(trace(d, meta="weights:1")["customdata"]), W1.ravel())
    np.testing.assert_array_equal(array(trace(d, meta="weights:2")["customdata"]), W2.ravel())
    hidden = trace(d, meta="nodes:1")
    assert hidden["text"] == ["<b>n10</b><br>z = 5", "<b>n11</b><br>z = 1"]
    assert hidden["marker"]["line"]["color"] == [figs.HIGHLIGHT, figs.HIGHLIGHT]  # lit
    assert trace(d, meta="nodes:2")["marker"]["line"]["color"] == [theme.NEUTRAL]
    assert [a["text"] for a in d["layout"]["annotations"]] == ["in", "hid", "out"]
    assert d["layout"]["title"]["text"] == "T"


def test_network_diagram_formats_weights_with_the_given_function():
    d = figure_dict(figs.network_diagram([2, 2, 1], [W1, W2], _nodes([["", ""], ["", ""], [""]]),
                                         number_text=lambda v: f"<{v:g}>"))
    assert trace(d, meta="weights:2")["text"] == ["<b><2></b>", "<b><-1></b>"]


def test_timing_bars_log_axis():
    d = figure_dict(figs.timing_bars(["loop", "vector"], [0.02, 0.0002], title="T", x_axis="s"))
    bars = trace(d, meta="timing")
    np.testing.assert_array_equal(array(bars["x"]), [0.02, 0.0002])
    assert list(bars["y"]) == ["loop", "vector"]
    assert d["layout"]["xaxis"]["type"] == "log"


def test_output_comparison():
    a, b = np.array([[1.0, -2.0, 0.5]]), np.array([[1.0, -2.0, 0.25]])
    d = figure_dict(figs.output_comparison(["o1", "o2", "o3"], [("deep", "D", a), ("single", "S", b)]))
    np.testing.assert_array_equal(array(trace(d, meta="deep")["y"]), a.ravel())
    np.testing.assert_array_equal(array(trace(d, meta="single")["y"]), b.ravel())


def _beans_state(params, grid):
    net = lab.beans_net(params)
    tr = net.forward(grid)
    return net, tr


def test_beans_network_shows_the_hidden_curves_the_sum_and_the_hill():
    grid = np.linspace(0, 2, 21)[:, None]
    net, tr = _beans_state((10.0, -4.3, 10.0, -12.9, 10.0, -10.0, -5.0), grid)
    terms = lab.contributions(net, tr, 2)
    data = nncore.datasets.beans(30, seed=0)
    d = figure_dict(figs.beans_network(grid, tr.A[1], tr.Z[2][:, 0], tr.A[2][:, 0], terms, data.X, data.y))
    np.testing.assert_array_equal(array(trace(d, meta="h1")["y"]), tr.A[1][:, 0])
    np.testing.assert_array_equal(array(trace(d, meta="h2")["y"]), tr.A[1][:, 1])
    np.testing.assert_array_equal(array(trace(d, meta="term1")["y"]), terms[:, 0])
    np.testing.assert_array_equal(array(trace(d, meta="term2")["y"]), terms[:, 1])
    np.testing.assert_array_equal(array(trace(d, meta="z_out")["y"]), tr.Z[2][:, 0])
    np.testing.assert_array_equal(array(trace(d, meta="output")["y"]), tr.A[2][:, 0])
    np.testing.assert_array_equal(array(trace(d, meta="beans")["x"]), data.X[:, 0])
    assert trace(d, meta="h1")["yaxis"] == "y" and trace(d, meta="z_out")["yaxis"] == "y2"
    assert trace(d, meta="output")["yaxis"] == "y3" and trace(d, meta="output")["xaxis"] == "x3"
    assert d["layout"]["xaxis3"]["matches"] == "x"  # one zoom for the three panels
    assert not traces(d, meta="single")
    # the hill: the middle of the grid is high, both ends are low
    y = tr.A[2][:, 0]
    assert y[10] > 0.5 > max(y[0], y[-1])


def test_beans_network_draws_the_single_neuron_when_given():
    grid = np.linspace(0, 2, 21)[:, None]
    net, tr = _beans_state((10.0, -4.3, 10.0, -12.9, 10.0, -10.0, -5.0), grid)
    single = np.linspace(0.6, 0.3, 21)
    d = figure_dict(figs.beans_network(grid, tr.A[1], tr.Z[2][:, 0], tr.A[2][:, 0], lab.contributions(net, tr, 2),
                                       grid, np.zeros(21), single=single))
    tr_single = trace(d, meta="single")
    np.testing.assert_array_equal(array(tr_single["y"]), single)
    assert tr_single["yaxis"] == "y3" and tr_single["line"]["dash"] == "dash"


def test_beans_animation_frames_are_the_recorded_snapshots():
    grid = np.linspace(0, 2, 11)[:, None]
    data = nncore.datasets.beans(40, seed=1)
    rec = lab.fit_snapshots(lab.beans_net(lab.beans_random_start(0)), data.X, data.y, grid, epochs=300, every=100)
    notes = [f"epoch {e}: {v:.4f}" for e, v in zip(rec.epochs, rec.losses)]
    d = figure_dict(figs.beans_animation(grid, rec.hidden, rec.terms, rec.pre_output, rec.output, rec.epochs,
                                         data.X, data.y, notes, single=np.zeros(11)))
    assert [f["name"] for f in d["frames"]] == ["0", "100", "200", "300"]
    metas = [tr["meta"] for tr in d["data"]]
    for k, frame in enumerate(d["frames"]):
        assert [metas[i] for i in frame["traces"]] == ["h1", "h2", "term1", "term2", "z_out", "output"]
        ys = [array(tr["y"]) for tr in frame["data"]]
        np.testing.assert_array_equal(ys[0], rec.hidden[k][:, 0])
        np.testing.assert_array_equal(ys[1], rec.hidden[k][:, 1])
        np.testing.assert_array_equal(ys[2], rec.terms[k][:, 0])
        np.testing.assert_array_equal(ys[3], rec.terms[k][:, 1])
        np.testing.assert_array_equal(ys[4], rec.pre_output[k])
        np.testing.assert_array_equal(ys[5], rec.output[k])
        assert [a["text"] for a in frame["layout"]["annotations"]] == [notes[k]]  # its own epoch and error
        assert "title" not in frame["layout"]  # the title above the chart never changes with the frame
    # the figure opens on the last frame, with the last note; play button and epoch slider animate in the browser
    np.testing.assert_array_equal(array(trace(d, meta="output")["y"]), rec.output[-1])
    assert [a["text"] for a in d["layout"]["annotations"]] == [notes[-1]]
    assert d["layout"]["updatemenus"][0]["buttons"][0]["method"] == "animate"
    assert [s["label"] for s in d["layout"]["sliders"][0]["steps"]] == ["0", "100", "200", "300"]
    assert d["layout"]["sliders"][0]["currentvalue"]["visible"] is False  # the note says the epoch
    assert len(traces(d, meta="beans")) == 1 and len(traces(d, meta="single")) == 1


def test_approximation_figures():
    x = np.linspace(-1, 1, 11)
    f, fit = np.sin(x), np.tanh(x)
    terms = np.column_stack([x, -x, 2 * x])
    d = figure_dict(figs.approximation(x, f, fit, terms, title="T"))
    np.testing.assert_array_equal(array(trace(d, meta="target")["y"]), f)
    np.testing.assert_array_equal(array(trace(d, meta="fit")["y"]), fit)
    for k in range(3):
        np.testing.assert_array_equal(array(trace(d, meta=f"term:{k + 1}")["y"]), terms[:, k])
    assert [tr.get("showlegend") for tr in traces(d, legendgroup="terms")] == [True, False, False]
    assert not traces(figure_dict(figs.approximation(x, f, fit)), legendgroup="terms")
    e = figure_dict(figs.approximation_errors([1, 2, 4], [0.4, 0.2, 0.01], 2))
    bars = trace(e, meta="mse")
    np.testing.assert_array_equal(array(bars["y"]), [0.4, 0.2, 0.01])
    assert bars["marker"]["color"] == [theme.color(0), figs.HIGHLIGHT, theme.color(0)]
    assert e["layout"]["yaxis"]["type"] == "log"


@pytest.mark.parametrize("builder", ["timing", "collapse"])
def test_small_figures_are_dicts(builder):
    fig = (figs.timing_bars(["a", "b"], [1e-3, 1e-5]) if builder == "timing"
           else figs.output_comparison(["o"], [("deep", "D", np.ones(1))]))
    assert isinstance(fig, dict) and all("type" in tr for tr in fig["data"])
