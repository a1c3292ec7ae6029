"""The playground's figures carry exactly the data passed in: the thumbnails (a plain Plotly dict, validated here) and
the live view's frame (what the canvas component paints: nncore's LiveFrame packed as bytes)."""

from __future__ import annotations

import base64
import json

import numpy as np

from explainer.figures import playground as figs
from explainer.views import playground_canvas as canvas
from nncore.lessons import playground as P
from tests.helpers import array, figure_dict, trace


def u8(text):
    return np.frombuffer(base64.b64decode(text), dtype=np.uint8)


def f4(text):
    return np.frombuffer(base64.b64decode(text), dtype="<f4")


def test_thumbnails_are_plain_dicts():
    items = [(name, name, d.X, d.y, k) for name, d, k in P.previews("classification")]
    fig = figs.thumbnails(items, selected="circle")
    assert isinstance(fig, dict) and all(isinstance(tr, dict) and "type" in tr for tr in fig["data"])


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




def frame_payload(pg, **kw):
    live = pg.live(40, 10, **kw)
    pts = canvas.points(pg.X_train, pg.y_train, pg.X_val, pg.y_val, pg.X_test, pg.y_test, True)
    f = canvas.frame(live, metrics={"epoch": "1"}, cm=[], selected=None, link_mode="weight", exact=True)
    d = canvas.payload([f], live, seq=3, ack=2, playing=False, wait_ms=0, lecture=False, texts={"x": "y"}, points=pts)
    return live, {**d, **d["frames"][0]}


def test_payload_carries_the_live_frame_exactly():
    pg = P.Playground(P.Config(patience=20))
    pg.step(3)
    live, d = frame_payload(pg)
    json.dumps(d)  # JSON as it is sent
    assert (d["seq"], d["ack"], d["playing"], d["running"], d["k"]) == (3, 2, False, True, 2)
    assert d["bounds"] == [-6.0, 6.0, -6.0, 6.0]
    np.testing.assert_array_equal(u8(d["map"]["q"]), live.map_q.ravel())
    np.testing.assert_array_equal(f4(d["map"]["exact"]), live.map_exact.ravel().astype("f4"))
    assert d["map"]["cls"] is None and (d["map"]["lo"], d["map"]["hi"], d["map"]["res"]) == (0.0, 1.0, 40)
    np.testing.assert_array_equal(u8(d["net"]["maps"]), np.concatenate([u.ravel() for u in live.units]))
    assert d["net"]["sizes"] == [2, 4, 2, 1] and d["net"]["res"] == 10
    np.testing.assert_array_equal(f4(d["net"]["w"]), np.concatenate([W.ravel() for W in pg.net.weights]).astype("f4"))
    np.testing.assert_array_equal(f4(d["net"]["links"]), f4(d["net"]["w"]))
    np.testing.assert_array_equal(f4(d["net"]["b"]), np.concatenate([b.ravel() for b in pg.net.biases]).astype("f4"))
    np.testing.assert_array_equal(f4(d["pts"]["train"]).reshape(-1, 2), pg.X_train.astype("f4"))
    np.testing.assert_array_equal(f4(d["pts"]["val"]).reshape(-1, 2), pg.X_val.astype("f4"))
    np.testing.assert_array_equal(f4(d["pts"]["ytest"]), pg.y_test.astype("f4"))
    np.testing.assert_array_equal(f4(d["loss"]["epoch"]), np.asarray(live.history["epoch"], dtype="f4"))
    np.testing.assert_array_equal(f4(d["loss"]["val"]), np.asarray(live.history["val"], dtype="f4"))
    assert d["t"] == {"x": "y"} and d["m"] == {"epoch": "1"} and d["wait"] == 0


def test_payload_while_playing_is_small():
    pg = P.Playground(P.Config())
    live = pg.live(100, 25)
    pts = canvas.points(pg.X_train, pg.y_train, pg.X_val, pg.y_val, pg.X_test, pg.y_test, False)
    f = canvas.frame(live, metrics={}, cm=[], selected=None, link_mode="weight", exact=False)
    d = canvas.payload([f], live, seq=1, ack=0, playing=True, wait_ms=20, lecture=False, texts={}, points=pts)
    assert f["map"]["exact"] is None and d["pts"]["test"] is None and d["wait"] == 20
    assert canvas.frame_payload_size(d) < 30_000  # bytes per frame for the default problem


def test_component_code_is_constant_and_data_goes_through_data():
    """The HTML, CSS and JS are module constants; texts reach the page with textContent, never innerHTML."""
    assert isinstance(canvas.HTML, str) and isinstance(canvas.CSS, str) and isinstance(canvas.JS, str)
    assert "innerHTML" not in canvas.JS and "insertAdjacentHTML" not in canvas.JS and "eval(" not in canvas.JS
    assert 'data-v="epoch"' in canvas.HTML  # the epoch counter stays readable text
    # the numbers are read after their labels (translated) — no English aria-label over them on a zh page
    assert "aria-label=" not in canvas.HTML and "aria-pressed" not in canvas.JS


def test_load_stretches_the_pause_between_frames_only_when_busy():
    load = canvas.Load()
    waits = []
    for busy in (0.0, 0.5, 0.6, 0.8, 1.0, 1.5):
        load.sample = lambda b=busy: b  # the share of a core this process used
        waits.append(load.wait_ms())
    assert waits[:3] == [0, 0, 0] and waits[3] == 30 and waits[4] == 60 and waits[5] == 60
    assert waits == sorted(waits)
    real = canvas.Load()
    assert 0.0 <= real.sample() and real.wait_ms() >= 0
