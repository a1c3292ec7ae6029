"""Figure builders of the Gradient-descent page: the figure holds exactly the data passed in; frames play it."""
from __future__ import annotations

import numpy as np

from explainer import theme
from explainer.figures import gradient_descent as figs
from nncore.lessons import gradient_descent as lab
from nncore import surfaces as sf
from tests.helpers import array, figure_dict, trace, traces


def test_descent_1d_curve_path_tangent_and_no_play_button():
    run = sf.descend_1d("square", 2.5, 0.1, n_steps=20)
    v = lab.step_view("square", run, 3, 200)
    fig = figs.descent_1d(v.curve_a, v.curve_f, v.path_a, v.path_f, tangent_x=v.tangent_x, tangent_y=v.tangent_y,
                          next_point=(v.update.a_next, v.update.f_next), window=v.window)
    assert isinstance(fig, dict)
    d = figure_dict(fig)
    np.testing.assert_array_equal(array(trace(d, meta="curve")["y"]), v.curve_f)
    np.testing.assert_array_equal(array(trace(d, meta="path")["x"]), [2.5, 2.0, 1.6, 1.28])
    np.testing.assert_array_equal(array(trace(d, meta="tangent")["y"]), v.tangent_y)
    assert list(trace(d, meta="current")["x"]) == [1.28]
    assert trace(d, meta="next")["x"][0] == run.a[4]
    # one step control on the page: the chart has no animation of its own that could run ahead of the metrics
    assert "frames" not in d and "updatemenus" not in d["layout"] and "sliders" not in d["layout"]
    assert d["layout"]["xaxis"]["range"] == [-3, 3]


def test_contour_paths_and_heads():
    s = sf.quadratic_bowl(10)
    g = lab.contour_grid(s, 21, "log")
    paths = lab.run_optimizers(s, (-2.5, 1.5), ["sgd", "adam"], 0.1, n_steps=30)
    series = [figs.PathSeries(n, n.upper(), p.points[:, 0], p.points[:, 1], p.values, lab.OPTIMIZER_NAMES.index(n))
              for n, p in paths.items()]
    d = figure_dict(figs.contour(g.xs, g.ys, g.shown, g.values, series, start=(-2.5, 1.5), minima=s.minima,
                                 frame_steps=lab.frame_indices(31, 10), click_hint="click: start here"))
    assert isinstance(figs.contour(g.xs, g.ys, g.shown, g.values, series), dict)
    c = trace(d, meta="contour")
    np.testing.assert_array_equal(array(c["z"]), g.shown)
    np.testing.assert_array_equal(array(c["customdata"]), g.values)
    assert not traces(d, meta="click")  # a click on the contour itself reports its grid point
    assert "click: start here" in c["hovertemplate"]
    for n, p in paths.items():
        tr = trace(d, meta=f"path:{n}")
        np.testing.assert_array_equal(array(tr["x"]), p.points[:, 0])
        np.testing.assert_array_equal(array(tr["y"]), p.points[:, 1])
    assert trace(d, meta="path:adam")["line"]["color"] == theme.color(4)
    assert list(trace(d, meta="start")["x"]) == [-2.5]
    assert len(traces(d, meta="head:sgd")) == 1
    assert len(d["frames"]) == 10
    last = d["frames"][-1]
    assert last["data"][0]["x"] == [paths["sgd"].points[30, 0]]
    assert d["layout"]["clickmode"] == "event"


def test_contour_dots_are_the_paths_own_steps_without_the_pile_at_the_minimum():
    """Each path is one line through every step (hover reports every step) plus one dot per visible step: the steps
    themselves, first and last included, at least 0.4 % of the plot apart — not a hundred dots on one spot."""
    s = sf.quadratic_bowl(10)
    g = lab.contour_grid(s, 21, "log")
    paths = lab.run_optimizers(s, (-2.5, 1.5), ["sgd", "momentum", "adam"], 0.1, n_steps=150)
    series = [figs.PathSeries(n, n, p.points[:, 0], p.points[:, 1], p.values, lab.OPTIMIZER_NAMES.index(n))
              for n, p in paths.items()]
    d = figure_dict(figs.contour(g.xs, g.ys, g.shown, g.values, series))
    spans = np.array([g.xs[-1] - g.xs[0], g.ys[-1] - g.ys[0]])
    total = 0
    for n, p in paths.items():
        line, dots = trace(d, meta=f"path:{n}"), trace(d, meta=f"steps:{n}")
        assert line["mode"] == "lines" and dots["mode"] == "markers"
        entry = trace(d, meta=f"legend:{n}")  # the legend's line-and-dot entry; a click on it hides both
        assert line["legendgroup"] == dots["legendgroup"] == entry["legendgroup"] == n
        assert line["showlegend"] is False and dots["showlegend"] is False and entry["mode"] == "lines+markers"
        assert entry["name"] == n and list(entry["x"]) == [None]
        assert dots["marker"]["color"] == line["line"]["color"]
        xy = np.column_stack([array(dots["x"]), array(dots["y"])])
        rows = [int(np.flatnonzero((p.points == pt).all(axis=1))[0]) for pt in xy]  # each dot is a step of the path
        assert rows == sorted(rows) and rows[0] == 0 and rows[-1] == len(p.points) - 1
        gaps = np.abs(np.diff(xy, axis=0)) / spans
        assert (gaps[:-1].max(axis=1) >= 0.004).all()  # dots never pile up (the last step always has its dot)
        # every step left out sits within 0.4 % of the dot drawn before it
        for i in range(len(p.points)):
            last = max(r for r in rows if r <= i)
            assert (np.abs(p.points[i] - p.points[last]) / spans).max() < 0.004 or i in rows
        total += len(rows)
    assert total < 0.6 * sum(len(p.points) for p in paths.values())  # the converged tails are one dot each
    # paths too long for dots (> 300 steps) are lines only
    long = [figs.PathSeries("sgd", "GD", np.linspace(-2, 0, 400), np.zeros(400), np.ones(400))]
    d = figure_dict(figs.contour(g.xs, g.ys, g.shown, g.values, long))
    assert not traces(d, meta="steps:sgd") and not traces(d, meta="legend:sgd")
    assert trace(d, meta="path:sgd")["showlegend"] is True


def test_surface_3d_and_loss_curves():
    s = sf.himmelblau()
    g = lab.contour_grid(s, 9, "log")
    p = lab.run_optimizers(s, (0, 0), ["sgd"], 0.01, n_steps=10)["sgd"]
    series = [figs.PathSeries("sgd", "GD", p.points[:, 0], p.points[:, 1], p.values)]
    d = figure_dict(figs.surface_3d(g.xs, g.ys, g.shown, series, [g.show(p.values)]))
    np.testing.assert_allclose(array(trace(d, meta="path3d:sgd")["z"]), np.log10(1 + np.maximum(p.values - g.offset, 0)))
    gap = lab.loss_gap(p.values, 0.0)
    d = figure_dict(figs.loss_curves([("sgd", "GD", list(range(len(gap))), gap, 0)], log_y=True, tol=1e-4))
    np.testing.assert_array_equal(array(trace(d, meta="loss:sgd")["y"]), gap)
    assert d["layout"]["yaxis"]["type"] == "log"
    assert list(trace(d, meta="tol")["y"]) == [1e-4, 1e-4]
