"""The Playground page under AppTest, both languages: controls, step, reset, divergence, URL restore, hidden controls."""

from __future__ import annotations

import json

import numpy as np
import pytest

from explainer import fmt
from explainer.i18n import LANGS, translate
from nncore.lessons import playground as P
from tests.helpers import array, chart_specs, decode, run_page, trace

TIMEOUT = 60


def run(lang="en", params=None):
    return run_page("playground", lang=lang, params=params, timeout=TIMEOUT)


def metrics(at):
    return [m.value for m in at.metric]


def spec(at, meta):
    for s in chart_specs(at):
        if any(tr.get("meta") == meta for tr in s["data"]):
            return s
    raise AssertionError(f"no chart with a {meta} trace")


@pytest.mark.parametrize("lang", LANGS)
def test_page_runs_and_shows_the_default_problem(lang):
    at = run(lang)
    assert not at.exception
    assert at.title[0].value == translate(lang, "playground.title")
    pg = P.Playground(P.Config())
    frame = pg.frame()
    assert metrics(at)[:3] == ["0", fmt.num(frame.train_loss, 3), fmt.num(frame.test_loss, 3)]
    hm = trace(spec(at, "map"), meta="map")
    np.testing.assert_array_equal(array(hm["z"]), pg.shade_map(100).astype(np.float32))  # sent as float32
    net = spec(at, "links")
    np.testing.assert_array_equal(array(trace(net, meta="links")["customdata"]),
                                  np.concatenate([W.ravel() for W in pg.net.weights]))
    assert at.session_state["playground._playing"] is False


@pytest.mark.parametrize("lang", LANGS)
def test_step_and_reset(lang):
    at = run(lang)
    at.button(key="playground._step").click().run()
    pg = P.Playground(P.Config())
    pg.step(1)
    assert metrics(at)[:2] == ["1", fmt.num(pg.frame().train_loss, 3)]
    at.button(key="playground._step").click().run()
    assert metrics(at)[0] == "2"
    at.button(key="playground._reset").click().run()
    assert metrics(at)[0] == "0"
    np.testing.assert_array_equal(array(trace(spec(at, "map"), meta="map")["z"]), P.Playground(P.Config()).shade_map(100).astype(np.float32))


def test_play_trains_a_frame_and_pause_stops():
    at = run()
    at.button(key="playground._play").click().run()
    assert at.session_state["playground._playing"] is True
    epoch = int(metrics(at)[0].replace(",", ""))
    assert epoch >= 30  # the full run that starts playing trains the first frame (default speed 30)
    assert at.button(key="playground._play").label == translate("en", "playground.pause")
    at.button(key="playground._play").click().run()
    assert at.session_state["playground._playing"] is False
    assert metrics(at)[0] == f"{epoch:,}"
    at.run()
    assert metrics(at)[0] == f"{epoch:,}"  # paused: nothing trains


def test_learning_rate_change_does_not_reset_training():
    at = run()
    at.button(key="playground._step").click().run()
    at.button(key="playground._step").click().run()
    at.select_slider(key="playground.lr").set_value(0.3).run()
    assert metrics(at)[0] == "2"
    assert at.session_state["playground._run"].trainer.optimizer.learning_rate == 0.3
    assert at.query_params["lr"] in ("0.3", ["0.3"])
    at.slider(key="playground.noise").set_value(20).run()  # a new data set: TF resets
    assert metrics(at)[0] == "0"


@pytest.mark.parametrize("lang", LANGS)
def test_divergence_message_with_a_huge_learning_rate(lang):
    at = run(lang, {"prob": "regression", "data": "regress_plane", "lr": "10", "speed": "20"})
    at.button(key="playground._play").click().run()
    assert not at.exception
    pg = at.session_state["playground._run"]
    assert pg.status == "diverged"
    d = pg.divergence
    expected = translate(lang, f"playground.diverged.{d.reason}", epoch=d.epoch, lr="10")
    assert [e.value for e in at.error] == [expected]
    assert translate(lang, "playground.diverged.try") in [i.value for i in at.info]
    assert at.session_state["playground._playing"] is False
    if lang == "zh":
        assert d.message not in expected  # nncore's English message is not shown
    hm = array(trace(spec(at, "map"), meta="map")["z"])
    assert np.all(np.isfinite(hm))  # the last good weights, never a NaN map
    # a smaller rate continues from the kept weights
    at.select_slider(key="playground.lr").set_value(0.03).run()
    assert not at.error
    at.button(key="playground._step").click().run()
    assert at.session_state["playground._run"].running


def test_layers_plus_minus_and_activation_per_layer():
    at = run()
    at.button(key="playground._add_layer").click().run()
    assert at.query_params["net"] in ("4,2,2", ["4,2,2"])
    at.button(key="playground._plus0").click().run()
    at.button(key="playground._minus1").click().run()
    at.selectbox(key="playground.a3").set_value("relu").run()
    pg = at.session_state["playground._run"]
    assert pg.net.layer_sizes == [2, 5, 1, 2, 1] and pg.net.hidden_names == ["tanh", "tanh", "relu"]
    for _ in range(3):
        at.button(key="playground._remove_layer").click().run()
    assert at.session_state["playground._run"].net.layer_sizes == [2, 1]
    assert at.button(key="playground._remove_layer").disabled


def test_url_restores_the_whole_configuration():
    params = {"prob": "classification", "data": "spiral_k", "k": "4", "noise": "20", "ratio": "30", "batch": "5",
              "seed": "7", "x1": "1", "x2": "0", "sinx2": "1", "net": "3,5", "a1": "relu", "a2": "sigmoid",
              "lr": "0.1", "reg": "l2", "rr": "0.003", "opt": "adam", "loss": "mse", "init": "he", "drop": "0.2",
              "wseed": "3", "stop": "500", "pat": "100", "test": "1", "disc": "1", "grad": "1", "speed": "50"}
    at = run("zh", params)
    assert not at.exception
    cfg = at.session_state["playground._run"].config
    assert cfg == P.Config(dataset="spiral_k", n_classes=4, noise=0.2, train_ratio=0.3, batch_size=5, seed=7,
                           features=("x1", "sinx2"), hidden=(3, 5), activations=("relu", "sigmoid"),
                           learning_rate=0.1, regularization="l2", reg_rate=0.003, optimizer="adam", loss="mse",
                           init="he", dropout=0.2, weight_seed=3, max_epochs=500, patience=100)
    assert at.select_slider(key="playground.speed").value == 50
    assert at.toggle(key="playground.test").value is True
    assert trace(spec(at, "map"), meta="test")  # test points shown
    assert spec(at, "links")["layout"]["title"]["text"] == translate("zh", "playground.network_title_grad")


def test_hidden_controls_keep_their_url_values():
    at = run("en", {"hide": "noise,features,reg,bogus", "noise": "30", "x1sq": "1", "reg": "l1", "rr": "0.01"})
    assert not at.exception
    keys = {w.key for kind in ("slider", "checkbox", "selectbox", "select_slider") for w in at.get(kind)}
    assert "playground.noise" not in keys and "playground.x1" not in keys and "playground.reg" not in keys
    assert "playground.lr" in keys and "playground.batch" in keys
    cfg = at.session_state["playground._run"].config
    assert cfg.noise == 0.3 and cfg.features == ("x1", "x2", "x1sq") and (cfg.regularization, cfg.reg_rate) == ("l1", 0.01)
    assert at.query_params["hide"] in ("noise,features,reg", ["noise,features,reg"])


GARBAGE = [
    {"prob": "nope", "data": "moons", "noise": "-5", "lr": "7", "net": "9,9", "speed": "0"},
    {"net": "1,2,3,4,5,6,7", "a1": "softmax", "ratio": "95", "batch": "0", "seed": "-1", "k": "9"},
    {"rr": "nan", "reg": "l3", "opt": "sgd,adam", "drop": "0.9", "wseed": "x", "hide": "%%", "show": "9:9"},
    {"prob": "regression", "data": "circle", "loss": "log", "stop": "1e9", "pat": "abc", "x1": "maybe"},
]


@pytest.mark.parametrize("params", GARBAGE)
def test_garbage_params_fall_back_to_defaults(params):
    at = run("en", params)
    assert not at.exception
    cfg = at.session_state["playground._run"].config
    assert cfg.hidden == (4, 2) and cfg.learning_rate == 0.03 and cfg.batch_size == 10
    assert cfg.dataset in ("circle", "regress_plane") and cfg.noise == 0.0


def test_multiclass_confusion_matrices_equal_nncore():
    at = run("en", {"data": "blobs", "k": "3", "net": "5", "a1": "relu", "lr": "0.1"})
    at.button(key="playground._step").click().run()
    pg = at.session_state["playground._run"]
    for which in ("train", "test"):
        hm = trace(spec(at, f"confusion:{which}"), meta=f"confusion:{which}")
        np.testing.assert_array_equal(array(hm["z"]), pg.confusion(which))
    assert trace(spec(at, "map"), meta="map")["zmax"] == 3.0


def test_choosing_a_neuron_shows_its_map_large():
    at = run()
    at.selectbox(key="playground.show").set_value("1:2").run()
    pg = at.session_state["playground._run"]
    np.testing.assert_array_equal(array(trace(spec(at, "map"), meta="map")["z"]), pg.unit_map(1, 2, 100).astype(np.float32))
    assert at.query_params["show"] in ("1:2", ["1:2"])


def test_python_snippet_and_model_equation_shown():
    at = run()
    code = [c.value for c in at.code if "nncore.MLP" in c.value]
    assert code and "trainer.run(0)" in code[0]
    assert any("W_{1}" in el.value and r"\tanh" in el.value for el in at.latex)


# ------------------------------------------------------------------------------------------ data-set thumbnails
def thumbnail_chart(at):
    for el in at.get("plotly_chart"):
        s = decode(json.loads(el.proto.spec))
        if any(str(tr.get("meta", "")).startswith("pick:") for tr in s["data"]):
            return el, s
    raise AssertionError("no thumbnails chart")


def click_thumbnail(at, name):
    """What the browser sends when a student clicks a thumbnail: the chart's selection, the clicked picture's
    square marker with the data set's name as customdata (checked in Chromium by tests/browser)."""
    el, s = thumbnail_chart(at)
    curve = next(i for i, tr in enumerate(s["data"]) if tr.get("meta") == f"pick:{name}")
    ws = at._tree.get_widget_states()
    w = ws.widgets.add()
    w.id = el.proto.id
    point = {"curve_number": curve, "point_number": 0, "point_index": 0, "x": 0.0, "y": 0.0, "customdata": name}
    w.string_value = json.dumps({"selection": {"points": [point], "point_indices": [0], "box": [], "lasso": []}})
    return at._run(ws)


@pytest.mark.parametrize("lang", LANGS)
def test_thumbnails_show_the_offered_data_sets_as_nncore_draws_them(lang):
    at = run(lang, {"data": "blobs", "k": "4", "noise": "20", "seed": "3"})
    _, s = thumbnail_chart(at)
    expected = P.previews("classification", noise=0.2, seed=3, n_classes=4)
    assert [tr["meta"] for tr in s["data"][::2]] == [f"thumb:{name}" for name, *_ in expected]
    for name, data, k in expected:
        pts = trace(s, meta=f"thumb:{name}")
        np.testing.assert_array_equal(array(pts["x"]), data.X[:, 0])
        np.testing.assert_array_equal(array(pts["y"]), data.X[:, 1])
    titles = [a["text"] for a in s["layout"]["annotations"]]
    assert titles == [translate(lang, f"playground.datasets.{n}") if n != "blobs"
                      else f"<b>{translate(lang, 'playground.datasets.blobs')}</b>" for n, *_ in expected]
    at.radio(key="playground.prob").set_value("regression").run()
    _, s = thumbnail_chart(at)
    assert [tr["meta"] for tr in s["data"] if tr["meta"].startswith("pick:")] == [
        "pick:regress_plane", "pick:regress_gaussian"]  # only the data sets of the problem type


@pytest.mark.parametrize("lang", LANGS)
def test_clicking_a_thumbnail_selects_that_data_set(lang):
    at = run(lang)
    at = click_thumbnail(at, "xor")
    assert not at.exception
    assert at.session_state["playground._run"].config.dataset == "xor"
    assert at.query_params["data"] in ("xor", ["xor"])
    assert at.selectbox(key="playground.data").value == "xor"  # the keyboard control follows
    _, s = thumbnail_chart(at)
    frames = {sh["name"]: sh["line"]["width"] for sh in s["layout"]["shapes"]}
    assert frames.pop("frame:xor") > max(frames.values())
    np.testing.assert_array_equal(array(trace(spec(at, "train"), meta="train")["x"]),
                                  P.Playground(P.Config(dataset="xor")).X_train[:, 0])
    # the keyboard way back, then the same picture again: selected again (never a "deselect" click)
    at.selectbox(key="playground.data").set_value("circle").run()
    assert at.session_state["playground._run"].config.dataset == "circle"
    at = click_thumbnail(at, "xor")
    assert at.session_state["playground._run"].config.dataset == "xor"
    assert at.query_params["data"] in ("xor", ["xor"])


def test_thumbnails_hidden_with_the_data_group():
    at = run("en", {"hide": "data", "data": "spiral"})
    assert not [el for el in at.get("plotly_chart")
                if any(str(tr.get("meta", "")).startswith("pick:") for tr in json.loads(el.proto.spec)["data"])]
    assert at.session_state["playground._run"].config.dataset == "spiral"
