"""Figure builders of the Playground page: the figures hold exactly the numbers passed in."""

from __future__ import annotations

import numpy as np

from explainer import theme
from explainer.figures import playground as figs
from nncore.lessons import playground as P
from tests.helpers import array, figure_dict, trace, traces


def test_output_map_heatmap_and_points():
    pg = P.Playground(P.Config())
    xs, ys = pg.grid_axes(100)
    z = pg.shade_map(100)
    fig = figs.output_map(xs, ys, z, k=2, train=figs.Points(pg.X_train, pg.y_train),
                          test=figs.Points(pg.X_test, pg.y_test), title="T")
    d = figure_dict(fig)
    hm = trace(d, meta="map")
    assert np.asarray(hm["z"]).dtype == np.float32  # half the bytes of every live frame
    np.testing.assert_array_equal(array(hm["z"]), z.astype(np.float32))
    np.testing.assert_array_equal(array(hm["x"]), xs)
    assert (hm["zmin"], hm["zmax"]) == (0.0, 1.0)
    tr = trace(d, meta="train")
    np.testing.assert_array_equal(array(tr["x"]), pg.X_train[:, 0])
    colors = tr["marker"]["color"]
    assert all(c == (theme.POSITIVE if y == 1 else theme.NEGATIVE) for c, y in zip(colors, pg.y_train))
    assert trace(d, meta="test")["marker"]["line"]["color"] != tr["marker"]["line"]["color"]
    assert d["layout"]["yaxis"]["scaleanchor"] == "x"
    # redrawn live: fixed margins (Plotly's automatic margins were the largest share of a frame's browser work)
    assert d["layout"]["margin"]["autoexpand"] is False
    assert d["layout"]["xaxis"]["automargin"] is False and d["layout"]["yaxis"]["automargin"] is False
    no_test = figure_dict(figs.output_map(xs, ys, z, k=2, train=figs.Points(pg.X_train, pg.y_train)))
    assert not traces(no_test, meta="test")


def test_multiclass_map_uses_k_bands():
    z = np.array([[0.2, 1.5], [2.9, 0.0]])
    d = figure_dict(figs.output_map(np.array([0.0, 1.0]), np.array([0.0, 1.0]), z, k=3,
                                    train=figs.Points(np.zeros((1, 2)), np.array([2]))))
    hm = trace(d, meta="map")
    assert (hm["zmin"], hm["zmax"]) == (0.0, 3.0) and len(hm["colorscale"]) == 6
    assert trace(d, meta="train")["marker"]["color"] == [figs.class_colors(3)[2]]


def test_network_links_units_and_biases():
    pg = P.Playground(P.Config())
    maps = pg.neuron_maps(25)
    units = [[figs.Unit(l, j, f"{l}:{j}", maps[l][j], None if l == 0 else float(pg.net.biases[l - 1][j]))
              for j in range(len(maps[l]))] for l in range(len(maps))]
    d = figure_dict(figs.network(units, pg.net.weights, selected=(1, 2), layer_titles=["a", "b", "c", "d"]))
    for l, m in enumerate(maps):
        for j in range(len(m)):
            np.testing.assert_allclose(array(trace(d, meta=f"unit:{l}:{j}")["z"]), m[j], rtol=1e-6, atol=1e-7)
    links = trace(d, meta="links")
    expected = np.concatenate([W.ravel() for W in pg.net.weights])
    np.testing.assert_array_equal(array(links["customdata"]), expected)
    lines = [s for s in d["layout"]["shapes"] if s.get("name", "").startswith("link:")]
    assert len(lines) == expected.size == 8 + 8 + 2
    peak = np.abs(expected).max()
    widest = max(lines, key=lambda s: s["line"]["width"])
    assert abs(float(links["customdata"][lines.index(widest)])) == peak
    for s, w in zip(lines, expected):
        assert s["line"]["color"] == (theme.POSITIVE if w >= 0 else theme.NEGATIVE)
    biases = trace(d, meta="biases")
    np.testing.assert_array_equal(array(biases["customdata"]), np.concatenate(pg.net.biases))
    assert list(trace(d, meta="units")["customdata"])[:3] == ["0:0", "0:1", "1:0"]
    assert [s for s in d["layout"]["shapes"] if s.get("name") == "selected"]


def test_loss_curves_and_confusion():
    d = figure_dict(figs.loss_curves([1, 2, 3], [0.5, 0.4, 0.3], [0.6, 0.5, 0.55]))
    np.testing.assert_array_equal(array(trace(d, meta="test_loss")["y"]), [0.6, 0.5, 0.55])
    np.testing.assert_array_equal(array(trace(d, meta="train_loss")["x"]), [1, 2, 3])
    assert not traces(figure_dict(figs.loss_curves([1], [0.5], None)), meta="test_loss")
    C = np.array([[5, 1], [2, 7]])
    hm = trace(figure_dict(figs.confusion(C, ["a", "b"])), meta="confusion")
    np.testing.assert_array_equal(array(hm["z"]), C)


def test_banded_scale_is_monotone_and_covers_unit_interval():
    for k in (3, 4, 5):
        stops = [s for s, _ in figs.banded_scale(k)]
        assert stops[0] == 0.0 and stops[-1] == 1.0 and stops == sorted(stops)


def test_thumbnails_one_clickable_picture_per_data_set():
    items = [(name, name.upper(), d.X, d.y, k) for name, d, k in P.previews("classification", 0.1, 2, 4)]
    d = figure_dict(figs.thumbnails(items, selected="xor"))
    names = [name for name, *_ in items]
    assert [tr["meta"] for tr in d["data"]] == [m for n in names for m in (f"thumb:{n}", f"pick:{n}")]
    for i, (name, _, X, y, k) in enumerate(items):
        pts, pick = trace(d, meta=f"thumb:{name}"), trace(d, meta=f"pick:{name}")
        np.testing.assert_array_equal(array(pts["x"]), X[:, 0])
        np.testing.assert_array_equal(array(pts["y"]), X[:, 1])
        assert list(pts["marker"]["color"]) == [figs.class_colors(k)[c] for c in y]
        assert pts["hoverinfo"] == "skip"  # a click lands on the picture's square marker, never on a data point
        assert list(pick["customdata"]) == [name] and pick["xaxis"] == pts["xaxis"] == ("x" if i == 0 else f"x{i + 1}")
    assert {len(set(figs.class_colors(k)[c] for c in y)) for name, _, X, y, k in items if name == "blobs"} == {4}
    frames = {s["name"]: s["line"]["width"] for s in d["layout"]["shapes"]}
    assert frames.pop("frame:xor") > max(frames.values())  # the chosen one is framed
    assert [a["text"] for a in d["layout"]["annotations"]] == ["CIRCLE", "<b>XOR</b>", "TWO_GAUSSIANS", "SPIRAL",
                                                                "BLOBS", "SPIRAL_K"]
    # three per row: the fourth picture sits below the first
    assert d["layout"]["xaxis4"]["domain"] == d["layout"]["xaxis"]["domain"]
    assert d["layout"]["yaxis4"]["domain"][1] < d["layout"]["yaxis"]["domain"][0]


def test_regression_thumbnails_colour_points_by_value():
    items = [(name, name, d.X, d.y, k) for name, d, k in P.previews("regression")]
    d = figure_dict(figs.thumbnails(items, selected="regress_plane"))
    pts = trace(d, meta="thumb:regress_gaussian")
    np.testing.assert_array_equal(array(pts["marker"]["color"]), items[1][3])
    assert (pts["marker"]["cmin"], pts["marker"]["cmax"]) == (-1, 1)


def test_titles_are_what_theme_style_sets():
    """The builders put titles straight into the layout (no update_layout pass): the same as theme.style."""
    import plotly.graph_objects as go

    fast = figure_dict(figs.loss_curves([1, 2], [0.5, 0.4], None, title="T", x_axis="X", y_axis="Y"))
    ref = figure_dict(theme.style(go.Figure(layout=dict(yaxis=dict(rangemode="tozero"))), title="T", x="X", y="Y"))
    for path in (("title", "text"), ("xaxis", "title", "text"), ("yaxis", "title", "text")):
        a, b = fast["layout"], ref["layout"]
        for part in path:
            a, b = a[part], b[part]
        assert a == b
    assert fast["layout"]["yaxis"]["rangemode"] == "tozero"
