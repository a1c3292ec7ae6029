"""The Playground page under AppTest, both languages: controls, step, reset, play / pause through the live view's
component, divergence, URL restore, hidden controls, confusion matrices, early stopping, check-yourself.

The live view is a custom component: its data (what the browser paints) is read back from the element's JSON and
its buttons are driven by the trigger values the browser sends (``cmd``, ``tick``, ``pick``)."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from explainer import charts, fmt, tab
from explainer.i18n import LANGS, translate
import nncore
from nncore.lessons import playground as P
from tests.helpers import _raw, array, charts as chart_elements, decode, run_page, trace

TIMEOUT = 60


def run(lang="en", params=None):
    return run_page("playground", lang=lang, params=params, timeout=TIMEOUT)


def component(at):
    found = [el for el in at.get("bidi_component") if el.proto.component_name not in (tab.NAME, charts.NAME)]
    assert len(found) == 1, "one live view"
    return found[0]


def batch(at) -> dict:
    """The live view's data of the last run: shared fields and ``frames`` (painted one after the other)."""
    return json.loads(component(at).proto.json)


def data(at) -> dict:
    """The newest frame of the last run with the shared fields (what the browser shows when it has painted it)."""
    d = batch(at)
    return {**d, **d["frames"][-1]}


def u8(text):
    return np.frombuffer(base64.b64decode(text), dtype=np.uint8)


def f4(text):
    return np.frombuffer(base64.b64decode(text), dtype="<f4")


def send(at, event, value):
    """What the browser sends when the component calls ``setTriggerValue(event, value)``."""
    el = component(at)
    ws = at._tree.get_widget_states()
    w = ws.widgets.add()
    w.id = f"$$STREAMLIT_INTERNAL_KEY_{el.proto.id}__events"
    w.json_trigger_value = json.dumps([{"event": event, "value": value}])
    return at._run(ws)


def cmd(app_test, what, n=[0], **more):
    n[0] += 1
    return send(app_test, "cmd", {"do": what, "n": n[0], **more})


def run_of(at) -> P.Playground:
    return at.session_state["playground._run"]


@pytest.mark.parametrize("lang", LANGS)
def test_page_runs_and_shows_the_default_problem(lang):
    at = run(lang)
    assert not at.exception
    assert at.title[0].value == translate(lang, "playground.title")
    pg = P.Playground(P.Config())
    frame = pg.frame()
    d = data(at)
    assert d["m"] == {"epoch": "0", "train": fmt.num(frame.train_loss, 3), "test": fmt.num(frame.test_loss, 3),
                      "val": None}
    assert d["playing"] is False and d["running"] is True and d["k"] == 2
    np.testing.assert_array_equal(u8(d["map"]["q"]).reshape(100, 100), P.quantize(pg.shade_map(100), 0.0, 1.0))
    np.testing.assert_array_equal(f4(d["map"]["exact"]).reshape(100, 100), pg.shade_map(100).astype(np.float32))
    np.testing.assert_array_equal(f4(d["net"]["w"]), np.concatenate([W.ravel() for W in pg.net.weights]).astype("f4"))
    np.testing.assert_array_equal(f4(d["net"]["b"]), np.concatenate([b.ravel() for b in pg.net.biases]).astype("f4"))
    assert d["net"]["sizes"] == [2, 4, 2, 1]
    maps = np.concatenate([P.quantize(m, -1, 1).ravel() for m in pg.neuron_maps(25)])
    np.testing.assert_array_equal(u8(d["net"]["maps"]), maps)
    np.testing.assert_array_equal(f4(d["pts"]["train"]).reshape(-1, 2), pg.X_train.astype("f4"))
    assert d["pts"]["test"] is None and d["pts"]["val"] is None
    assert d["t"]["play"] == translate(lang, "playground.play")
    assert d["t"]["layers"][0] == translate(lang, "playground.inputs")
    # the loss curve starts at epoch 0 (not an empty chart with made-up axes)
    np.testing.assert_array_equal(f4(d["loss"]["epoch"]), [0.0])
    assert f4(d["loss"]["train"])[0] == np.float32(frame.train_loss)
    assert at.session_state["playground._playing"] is False


@pytest.mark.parametrize("lang", LANGS)
def test_step_reset_and_new_weights(lang):
    at = run(lang)
    at = cmd(at, "step")
    pg = P.Playground(P.Config())
    pg.step(1)
    d = data(at)
    assert d["m"]["epoch"] == "1" and d["m"]["train"] == fmt.num(pg.frame().train_loss, 3)
    at = cmd(at, "step")
    assert data(at)["m"]["epoch"] == "2"
    at = cmd(at, "reset")
    assert data(at)["m"]["epoch"] == "0"
    np.testing.assert_array_equal(u8(data(at)["map"]["q"]).reshape(100, 100),
                                  P.quantize(P.Playground(P.Config()).shade_map(100), 0, 1))
    at = cmd(at, "new_weights")
    assert at.query_params["wseed"] in ("1", ["1"])
    np.testing.assert_array_equal(run_of(at).net.weights[0], P.Playground(P.Config(weight_seed=1)).net.weights[0])


def test_play_trains_speed_epochs_per_frame_and_pause_stops():
    at = run("en", {"speed": "10"})
    at = cmd(at, "play")
    assert at.session_state["playground._playing"] is True
    d = data(at)
    assert d["playing"] is True and d["m"]["epoch"] == "10"  # the run that starts playing trains the first frame
    at = send(at, "tick", {"s": 1, "n": 1})
    d = data(at)
    assert d["m"]["epoch"] == "20" and d["ack"] == 1 and d["cost"]["epochs"] == 10
    assert d["map"]["exact"] is None  # while playing the map goes as bytes only
    # a browser whose round trip is long asks for several frames at once: each is `speed` epochs further
    at = send(at, "tick", {"s": 2, "n": 3})
    frames = batch(at)["frames"]
    assert [f["m"]["epoch"] for f in frames] == ["30", "40", "50"]
    ref = P.Playground(P.Config())
    ref.step(40)
    np.testing.assert_array_equal(u8(frames[1]["map"]["q"]).reshape(100, 100), P.quantize(ref.shade_map(100), 0, 1))
    at = send(at, "tick", {"s": 3, "n": 99})  # more than allowed: one frame
    assert len(batch(at)["frames"]) == 1 and data(at)["m"]["epoch"] == "60"
    pg = P.Playground(P.Config())
    for _ in range(6):
        pg.step(10)
    np.testing.assert_array_equal(run_of(at).net.weights[0], pg.net.weights[0])
    at = cmd(at, "pause")
    assert at.session_state["playground._playing"] is False and data(at)["playing"] is False
    at = send(at, "tick", {"s": 4, "n": 2})  # a request still on its way when the pause arrived: nothing trains
    assert data(at)["m"]["epoch"] == "60" and data(at)["ack"] == 4
    at.run()
    assert data(at)["m"]["epoch"] == "60"


@pytest.mark.parametrize("what, shown", [("pause", 30), ("step", 31)])
def test_pause_goes_back_to_the_frame_on_screen(what, shown):
    # the browser paints frame 30 while the server has trained up to 60 (frames waiting, a batch in flight); the
    # Pause (or Step) says which frame is on screen: the run goes back to it, the same weights as 30 epochs exactly
    at = run("en", {"speed": "10"})
    at = cmd(at, "play")
    at = send(at, "tick", {"s": 1, "n": 2})
    at = send(at, "tick", {"s": 2, "n": 3})
    assert data(at)["m"]["epoch"] == "60" and [f["e"] for f in batch(at)["frames"]] == [40, 50, 60]
    at = cmd(at, what, at=30)
    d = data(at)
    assert d["playing"] is False and d["e"] == shown and d["m"]["epoch"] == str(shown)
    ref = P.Playground(P.Config())
    for _ in range(3):
        ref.step(10)
    ref.step(shown - 30)
    np.testing.assert_array_equal(run_of(at).net.weights[0], ref.net.weights[0])
    assert d["m"]["train"] == fmt.num(ref.frame().train_loss, 3)
    assert len(f4(d["loss"]["epoch"])) == len(ref.live().history["epoch"])  # the loss curve ends there too
    np.testing.assert_array_equal(u8(d["map"]["q"]).reshape(100, 100), P.quantize(ref.shade_map(100), 0, 1))
    at = cmd(at, "play")  # and play goes on from there
    assert data(at)["m"]["epoch"] == str(shown + 10)


def test_a_pause_whose_frame_is_not_kept_stays_where_the_run_is():
    at = run("en", {"speed": "10"})
    at = cmd(at, "play")
    at = send(at, "tick", {"s": 1, "n": 1})
    at = cmd(at, "pause", at=5)  # no frame at epoch 5 was sent: nothing to go back to
    assert data(at)["m"]["epoch"] == "20"
    at = cmd(at, "play")
    at = cmd(at, "pause", at=True)  # not an epoch
    assert data(at)["m"]["epoch"] == "30" and not at.exception


def test_learning_rate_change_does_not_reset_training():
    at = run()
    at = cmd(at, "step")
    at = cmd(at, "step")
    at.select_slider(key="playground.lr").set_value(0.3).run()
    assert data(at)["m"]["epoch"] == "2"
    assert run_of(at).trainer.optimizer.learning_rate == 0.3
    assert at.query_params["lr"] in ("0.3", ["0.3"])
    at.slider(key="playground.noise").set_value(20).run()  # a new data set: TF resets
    assert data(at)["m"]["epoch"] == "0"


def test_a_plain_rerun_keeps_the_run():
    at = run()
    at = cmd(at, "play")
    pg = run_of(at)
    at.run()
    assert run_of(at) is pg and at.session_state["playground._playing"] is True


@pytest.mark.parametrize("lang", LANGS)
def test_divergence_shows_the_epochs_that_ran(lang):
    at = run(lang, {"prob": "regression", "data": "regress_plane", "lr": "1", "batch": "30", "speed": "20"})
    at = cmd(at, "play")
    for i in range(1, 20):
        if not at.session_state["playground._playing"]:
            break
        at = send(at, "tick", {"s": i, "n": 1})
    assert not at.exception
    pg = run_of(at)
    assert pg.status == "diverged"
    d = pg.divergence
    expected = translate(lang, f"playground.diverged.{d.reason}", epoch=d.epoch, last=d.epoch - 1, lr="1",
                         limit=fmt.sci(d.limit))
    assert [e.value for e in at.error] == [expected]
    assert translate(lang, "playground.diverged.try") in [i.value for i in at.info]
    assert at.session_state["playground._playing"] is False
    if lang == "zh":
        assert d.message not in expected  # nncore's English message is not shown
    live = data(at)
    # one number per fact: the counter shows the last finite epoch, the curve runs up to it, the mark is the next
    assert live["m"]["epoch"] == f"{d.epoch - 1:,}" and live["running"] is False and live["playing"] is False
    epochs = f4(live["loss"]["epoch"])
    assert epochs[-1] == d.epoch - 1 and live["loss"]["diverged"] == d.epoch
    assert np.all(np.diff(epochs[-5:]) == 1)  # the last frame was replayed epoch by epoch
    assert np.all(np.isfinite(u8(live["map"]["q"])))
    # a smaller rate continues from the kept weights
    at.select_slider(key="playground.lr").set_value(0.03).run()
    assert not at.error
    at = cmd(at, "step")
    assert run_of(at).running and data(at)["m"]["epoch"] == f"{d.epoch:,}"


def test_layers_plus_minus_and_activation_per_layer():
    at = run()
    add = at.button(key="playground._add_layer")
    assert add.label == translate("en", "playground.layers.add_short") and add.help
    assert at.button(key="playground._plus0").help == translate("en", "playground.layers.more", i=1)
    add.click().run()
    assert at.query_params["net"] in ("4,2,2", ["4,2,2"])
    at.button(key="playground._plus0").click().run()
    at.button(key="playground._minus1").click().run()
    at.selectbox(key="playground.a3").set_value("relu").run()
    pg = run_of(at)
    assert pg.net.layer_sizes == [2, 5, 1, 2, 1] and pg.net.hidden_names == ["tanh", "tanh", "relu"]
    assert data(at)["net"]["sizes"] == [2, 5, 1, 2, 1]
    for _ in range(3):
        at.button(key="playground._remove_layer").click().run()
    assert run_of(at).net.layer_sizes == [2, 1]
    assert at.button(key="playground._remove_layer").disabled


def test_url_restores_the_whole_configuration():
    params = {"prob": "classification", "data": "spiral_k", "k": "4", "noise": "20", "ratio": "30", "batch": "5",
              "seed": "7", "x1": "1", "x2": "0", "sinx2": "1", "net": "3,5", "a1": "relu", "a2": "sigmoid",
              "lr": "0.1", "reg": "l2", "rr": "0.003", "opt": "adam", "loss": "mse", "init": "he", "drop": "0.2",
              "wseed": "3", "stop": "500", "pat": "100", "test": "1", "disc": "1", "grad": "1", "speed": "50",
              "show": "1:2"}
    at = run("zh", params)
    assert not at.exception
    cfg = run_of(at).config
    assert cfg == P.Config(dataset="spiral_k", n_classes=4, noise=0.2, train_ratio=0.3, batch_size=5, seed=7,
                           features=("x1", "sinx2"), hidden=(3, 5), activations=("relu", "sigmoid"),
                           learning_rate=0.1, regularization="l2", reg_rate=0.003, optimizer="adam", loss="mse",
                           init="he", dropout=0.2, weight_seed=3, max_epochs=500, patience=100)
    assert at.select_slider(key="playground.speed").value == 50
    assert at.toggle(key="playground.test").value is True
    d = data(at)
    assert d["pts"]["test"] is not None and d["pts"]["val"] is not None  # test points shown; validation held out
    assert d["t"]["network_title"] == translate("zh", "playground.network_title_grad")
    assert d["net"]["mode"] == "gradient" and d["net"]["sel"] == [1, 2]
    pg = run_of(at)
    np.testing.assert_array_equal(f4(d["net"]["links"]), np.concatenate([g.ravel() for g in pg.gradients()]).astype("f4"))


def test_hidden_controls_keep_their_url_values():
    at = run("en", {"hide": "noise,features,reg,bogus", "noise": "30", "x1sq": "1", "reg": "l1", "rr": "0.01"})
    assert not at.exception
    keys = {w.key for kind in ("slider", "checkbox", "selectbox", "select_slider") for w in at.get(kind)}
    assert "playground.noise" not in keys and "playground.x1" not in keys and "playground.reg" not in keys
    assert "playground.lr" in keys and "playground.batch" in keys
    cfg = run_of(at).config
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
    cfg = run_of(at).config
    assert cfg.hidden == (4, 2) and cfg.learning_rate == 0.03 and cfg.batch_size == 10
    assert cfg.dataset in ("circle", "regress_plane") and cfg.noise == 0.0
    assert data(at)["net"]["sel"] is None


@pytest.mark.parametrize("lang", LANGS)
def test_multiclass_confusion_matrices_equal_nncore(lang):
    at = run(lang, {"data": "blobs", "k": "3", "net": "5", "a1": "relu", "lr": "0.1"})
    at = cmd(at, "step")
    pg = run_of(at)
    d = data(at)
    assert [c["which"] for c in d["cm"]] == ["train", "test"]
    frame = pg.frame()
    for c, acc in zip(d["cm"], (frame.train_acc, frame.test_acc)):
        C = pg.confusion(c["which"])
        assert c["n"] == 3 and c["c"] == C.ravel().tolist()
        np.testing.assert_allclose(c["s"], P.confusion_shares(C).ravel(), atol=1e-4)  # coloured by row share
        assert c["title"] == translate(lang, f"playground.confusion_{c['which']}", acc=fmt.percent(acc))
    assert d["map"]["kind"] == "classes" and d["k"] == 3
    probs = pg.output_map(100).reshape(-1, 3)
    np.testing.assert_array_equal(u8(d["map"]["cls"]), np.argmax(probs, axis=1))


def test_choosing_a_neuron_shows_its_map_large():
    at = run()
    at = send(at, "pick", "1:2")  # a click on the neuron in the network drawing
    pg = run_of(at)
    d = data(at)
    np.testing.assert_array_equal(u8(d["map"]["q"]).reshape(100, 100), P.quantize(pg.unit_map(1, 2, 100), -1, 1))
    assert d["net"]["sel"] == [1, 2] and at.query_params["show"] in ("1:2", ["1:2"])
    assert at.selectbox(key="playground.show").value == "1:2"  # the keyboard way follows
    at.selectbox(key="playground.show").set_value("out").run()
    assert data(at)["net"]["sel"] is None
    at = send(at, "pick", "7:7")  # not a neuron of this network: ignored
    assert data(at)["net"]["sel"] is None and not at.exception


@pytest.mark.parametrize("lang", LANGS)
def test_early_stopping_on_validation_data(lang):
    at = run(lang, {"data": "spiral", "noise": "50", "ratio": "50", "net": "8,8,8", "a1": "relu", "a2": "relu",
                    "a3": "relu", "pat": "50", "speed": "50"})
    pg = run_of(at)
    assert len(pg.X_val) == round(P.VAL_SHARE * 250)
    assert translate(lang, "playground.val_caption", n=len(pg.X_val)) in data(at)["t"]["map_caption"]
    at = cmd(at, "play")
    for i in range(1, 40):
        if not at.session_state["playground._playing"]:
            break
        at = send(at, "tick", {"s": i, "n": 1})
    pg = run_of(at)
    assert pg.status == "plateau"
    loss, epoch = pg.best[0], pg.best[1]
    text = translate(lang, "playground.stopped.plateau", n=50, epoch=epoch, now=pg.epoch, val=fmt.num(loss, 3),
                     test=fmt.num(pg.frame().test_loss, 3))
    assert text in [i.value for i in at.info]
    d = data(at)
    assert d["m"]["val"] == fmt.num(loss, 3)  # the best weights are back
    # the line under Play names both epochs: the counter's (where it stopped) and the weights' (the best one)
    assert epoch < pg.epoch
    assert d["t"]["stopped"] == translate(lang, "playground.stopped.line_plateau", epoch=pg.epoch, best=epoch)
    np.testing.assert_array_equal(f4(d["loss"]["val"])[1:], np.asarray(pg.val_history["loss"], dtype="f4"))


def test_python_snippet_and_model_equation_shown_when_their_expanders_are_opened():
    from explainer.views.playground import UPLOAD_OPEN
    from explainer.views.playground_model import EXPANDERS

    at = run()
    # closed (the default), the model section sends nothing: a setting change costs the browser nothing there
    assert not [c for c in at.code if "trainer.run(" in c.value]
    assert not any("W_{1}" in el.value for el in at.latex)
    assert not at.get("download_button")
    assert not at.get("file_uploader")  # nor the CSV upload's expander
    for key in (*EXPANDERS.values(), UPLOAD_OPEN):
        at.session_state[key] = True  # what a click on the expander's header does
    at.run(timeout=TIMEOUT)
    assert len(at.get("file_uploader")) == 2  # the student's CSV, a model file
    code = [c.value for c in at.code if "trainer.run(" in c.value]
    assert code and "trainer.run(0)" in code[0] and "nncore.MLP" in code[0]
    assert any("W_{1}" in el.value and r"\tanh" in el.value for el in at.latex)
    total = translate("en", "playground.model.total", n=run_of(at).net.n_params())
    assert total in [c.value for c in at.caption]
    assert len(at.get("download_button")) == 2  # the model as JSON, the data as CSV
    assert not at.exception


def test_check_yourself_questions_are_there():
    at = run()
    from explainer.views import playground as view

    ids = [q.id for q in view.checks()]
    assert ids == ["params", "xor_feature", "stop_on", "recall"]
    assert view.checks()[0].answer == run_of(at).net.n_params() == 25


# ------------------------------------------------------------------------------------------ data-set thumbnails
def thumbnail_chart(at):
    for el in chart_elements(at):
        s = decode(json.loads(_raw(el)[0]))
        if any(str(tr.get("meta", "")).startswith("pick:") for tr in s["data"]):
            return el, s
    raise AssertionError("no thumbnails chart")


def click_thumbnail(at, name):
    """What the browser sends when a student clicks a thumbnail: the clicked picture's square marker (at 0, 0 of its
    axes) with the data set's name as its customdata — the chart component's click (checked in Chromium by
    tests/browser); with Streamlit's own chart (no Plotly.js to serve), its selection of that marker."""
    el, s = thumbnail_chart(at)
    ws = at._tree.get_widget_states()
    w = ws.widgets.add()
    if el.type == "bidi_component":
        w.id = f"$$STREAMLIT_INTERNAL_KEY_{el.proto.id}__events"
        w.json_trigger_value = json.dumps([{"event": "click", "value": {"x": 0.0, "y": 0.0, "n": 1, "pick": name}}])
        return at._run(ws)
    curve = next(i for i, tr in enumerate(s["data"]) if tr.get("meta") == f"pick:{name}")
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
    at.selectbox(key="playground.prob").set_value("regression").run()
    _, s = thumbnail_chart(at)
    assert [tr["meta"] for tr in s["data"] if tr["meta"].startswith("pick:")] == [
        "pick:regress_plane", "pick:regress_gaussian"]  # only the data sets of the problem type


@pytest.fixture(params=["component", "st.plotly_chart"])
def drawn_by(request, monkeypatch):
    """The thumbnails as the app draws them (the chart component) and as it falls back to when it has no Plotly.js
    of its own to serve (``st.plotly_chart``, Streamlit's selection events)."""
    if request.param == "st.plotly_chart":
        monkeypatch.setenv("EXPLAINER_CHARTS", "plotly_chart")
    charts.ready.clear()
    yield request.param
    monkeypatch.delenv("EXPLAINER_CHARTS", raising=False)
    charts.ready.clear()


@pytest.mark.parametrize("lang", LANGS)
def test_clicking_a_thumbnail_selects_that_data_set(lang, drawn_by):
    at = run(lang)
    el, _ = thumbnail_chart(at)
    assert el.type == ("bidi_component" if drawn_by == "component" else "plotly_chart")
    at = click_thumbnail(at, "xor")
    assert not at.exception
    assert at.session_state["playground._run"].config.dataset == "xor"
    assert at.query_params["data"] in ("xor", ["xor"])
    assert at.selectbox(key="playground.data").value == "xor"  # the keyboard control follows
    _, s = thumbnail_chart(at)
    frames = {sh["name"]: sh["line"]["width"] for sh in s["layout"]["shapes"]}
    assert frames.pop("frame:xor") > max(frames.values())
    np.testing.assert_array_equal(f4(data(at)["pts"]["train"]).reshape(-1, 2),
                                  P.Playground(P.Config(dataset="xor")).X_train.astype("f4"))
    # the keyboard way back, then the same picture again: selected again (never a "deselect" click)
    at.selectbox(key="playground.data").set_value("circle").run()
    assert at.session_state["playground._run"].config.dataset == "circle"
    at = click_thumbnail(at, "xor")
    assert at.session_state["playground._run"].config.dataset == "xor"
    assert at.query_params["data"] in ("xor", ["xor"])


def test_thumbnails_hidden_with_the_data_group():
    at = run("en", {"hide": "data", "data": "spiral"})
    assert not [el for el in chart_elements(at)
                if any(str(tr.get("meta", "")).startswith("pick:") for tr in json.loads(_raw(el)[0])["data"])]
    assert at.session_state["playground._run"].config.dataset == "spiral"


def test_classroom_link_is_the_students_view_with_the_chosen_controls_hidden(monkeypatch):
    """The classroom link is built like the QR code's: the public address, no lecture mode (students get the normal
    page), the controls at their default left out — plus the groups the lecturer hides."""
    monkeypatch.setenv("EXPLAINER_PUBLIC_URL", "https://nn.example.edu/app")
    from explainer.views.playground_model import EXPANDERS

    at = run_page("playground", params={"lecture": "1", "lr": "0.1"})
    assert not at.multiselect and not [c for c in at.main.code if "/playground?" in c.value]  # folded: nothing sent
    at.session_state[EXPANDERS["classroom"]] = True  # what a click on the expander's header does
    at.run(timeout=TIMEOUT)
    at.multiselect(key="playground._hide_pick").set_value(["features", "data"]).run()
    assert not at.exception
    (link,) = [c.value for c in at.main.code if "hide=" in c.value]
    assert link.startswith("https://nn.example.edu/app/playground?")
    query = dict(part.split("=", 1) for part in link.split("?", 1)[1].split("&"))
    assert query["lr"] == "0.1" and query["lang"] == "en" and query["hide"] == "features%2Cdata"
    assert "lecture" not in query and "opt" not in query  # no lecture mode; a default is left out
    # folded and opened again, the pick is still there (a widget's own state would be gone)
    at.session_state[EXPANDERS["classroom"]] = False
    at.run(timeout=TIMEOUT)
    assert not at.multiselect
    at.session_state[EXPANDERS["classroom"]] = True
    at.run(timeout=TIMEOUT)
    assert at.multiselect(key="playground._hide_pick").value == ["features", "data"]
    assert [c.value for c in at.main.code if "hide=" in c.value] == [link]
    assert not at.exception


@pytest.mark.parametrize("lang", LANGS)
def test_lecture_mode_lesson_notes_have_labels_of_their_own(lang):
    """In lecture mode the lessons fold into expanders: the playground's two are told apart by their labels."""
    at = run_page("playground", lang=lang, params={"lecture": "1"})
    notes = translate(lang, "common.lesson_notes")
    labels = [e.label for e in at.expander if e.label.startswith(notes)]
    assert len(labels) == 2 and len(set(labels)) == 2, labels
    assert any(translate(lang, "playground.reading_topic") in label for label in labels)


@pytest.mark.parametrize("lang", LANGS)
def test_one_layer_of_one_neuron_is_singular_and_the_caption_names_only_drawn_points(lang):
    """"1 hidden layers" and "1 neurons" read wrong; the map caption spoke of outlined test points while they were
    hidden (the default): now it names them only when they are drawn."""
    at = run(lang, {"net": "1"})
    assert translate(lang, "playground.layers.title_one") in [m.value.strip("*") for m in at.markdown]
    assert translate(lang, "playground.layers.layer_one", i=1) in [c.value for c in at.caption]
    pg = run_of(at)
    assert translate(lang, "playground.test_caption", n=len(pg.X_test)) not in data(at)["t"]["map_caption"]
    at = run(lang, {"net": "1", "test": "1"})
    assert translate(lang, "playground.test_caption", n=len(pg.X_test)) in data(at)["t"]["map_caption"]


def test_a_file_s_class_labels_name_the_classes():
    """Labels 10 / 20 / 30 in a file are trained as classes 0 / 1 / 2; the painted class names keep 10 / 20 / 30."""
    from explainer.views import playground_live as live

    X = np.random.default_rng(0).uniform(-1, 1, (30, 2))
    data = nncore.datasets.validate_xy(X, np.repeat([10, 20, 30], 10), "classification")
    pg = P.Playground(P.Config(dataset="user", n_classes=3), data=data)
    assert live.class_labels(pg) == [10, 20, 30]
    assert live.class_labels(P.Playground(P.Config(dataset="blobs", n_classes=3))) == [0, 1, 2]
