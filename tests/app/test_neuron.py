"""The Neuron page: both languages, the lesson's numbers (AND = weights (1, 1) with θ = 2; the perceptron converges
on AND after 18 updates and on OR after 9, cycles on XOR; XOR solved by a 2-2-1 net), buttons, URL state."""
from __future__ import annotations

import numpy as np
import pytest

from explainer.i18n import LANGS, translate
from explainer.views import neuron as view
from nncore.lessons import neuron as nl
from nncore.datasets import logic_gate, to_pm1
from nncore.perceptron import mp_neuron
from tests.helpers import array, chart_specs, charts, run_page, trace, traces


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def url(at, key):
    value = at.query_params[key]
    return value[0] if isinstance(value, list) else value


def spec_with(at, meta):
    return [s for s in chart_specs(at) if traces(s, meta=meta)][0]


def gate_replay(gate, eta=1.0):
    d = logic_gate(gate)
    return nl.perceptron_replay(d.X, to_pm1(d.y), eta, view.MAX_STEPS)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("section", view.SECTIONS)
def test_page_runs(lang, section):
    at = run_page("neuron", lang=lang, params={"view": section})
    assert not at.exception
    assert at.title[0].value == translate(lang, "neuron.title")
    assert len(charts(at)) >= 1
    assert at.radio(key="neuron.view").value == section


# ------------------------------------------------------------------------------------------ M-P neuron
@pytest.mark.parametrize("lang", LANGS)
def test_mp_default_is_and_with_weights_1_1_threshold_2(lang):
    at = run_page("neuron", lang=lang)
    m = metrics(at)
    assert m[translate(lang, "neuron.mp.sum")] == "2"
    assert m[translate(lang, "neuron.mp.output")] == "1"
    body = trace(spec_with(at, "body"), meta="body")
    assert array(body["customdata"]).tolist() == [[2.0, 2.0]]
    table = at.table[0].value
    np.testing.assert_array_equal(table["y"].to_numpy(), mp_neuron(nl.MP_INPUTS, [1, 1], 2)[1])
    assert table["y"].tolist() == [0, 0, 0, 1]
    assert at.success[0].value == translate(lang, "neuron.mp.is_gate", gate=translate(lang, "neuron.data.and"))
    assert any(r"1 \times 1 + 1 \times 1 = 2" in el.value for el in at.latex)


def test_mp_sliders_drive_the_neuron():
    at = run_page("neuron")
    at.slider(key="neuron.theta").set_value(1.0).run()
    assert at.table[0].value["y"].tolist() == [0, 1, 1, 1]
    assert translate("en", "neuron.data.or") in at.success[0].value
    at.slider(key="neuron.x2").set_value(0).run()
    at.slider(key="neuron.w1").set_value(-1.5).run()
    s, out = mp_neuron([1, 0], [-1.5, 1.0], 1.0)
    assert metrics(at)[translate("en", "neuron.mp.sum")] == "-1.5" and out == 0 and s == -1.5
    assert metrics(at)[translate("en", "neuron.mp.output")] == "0"
    assert url(at, "w1") == "-1.5" and url(at, "theta") == "1"
    assert at.info[0].value == translate("en", "neuron.mp.no_gate")


# ------------------------------------------------------------------------------------------ perceptron
def plane(at):
    return spec_with(at, "points:1")


def assert_line_is_nncore(at, w, b, bounds=view.GATE_BOUNDS):
    tr = trace(plane(at), meta="line")
    x, y = array(tr["x"]), array(tr["y"])
    if w[1] == 0:  # vertical: x1 = −b/w1
        np.testing.assert_allclose(x, -b / w[0])
        np.testing.assert_array_equal(y, bounds)
        return
    np.testing.assert_array_equal(x, bounds)
    np.testing.assert_allclose(y, -(w[0] * x + b) / w[1], rtol=1e-12)


@pytest.mark.parametrize("lang", LANGS)
def test_perceptron_buttons_step_run_reset_on_and(lang):
    replay = gate_replay("and")
    assert replay.n_updates == 18
    at = run_page("neuron", lang=lang, params={"view": "perceptron", "data": "and"})
    upd = translate(lang, "neuron.perceptron.updates")
    assert metrics(at)[upd] == "0"
    assert not traces(plane(at), meta="line")  # w = 0: no line yet
    at.button(key="neuron.btn_step").click().run()
    assert metrics(at)[upd] == "1" and url(at, "step") == "1"
    first = replay.updates[0]
    assert array(trace(plane(at), meta="used")["customdata"]).tolist() == [first.index]
    assert any(r"\leftarrow \mathbf{w} + \eta\,y\,\mathbf{x} = (0, 0) + 1 \times (-1) \times (0, 0) = (0, 0)" in el.value
               for el in at.latex)
    assert any(r"b \leftarrow b + \eta\,y = 0 + 1 \times (-1) = -1" in el.value for el in at.latex)
    at.button(key="neuron.btn_run").click().run()  # run 10
    assert metrics(at)[upd] == "11" and url(at, "step") == "11"
    w, b = replay.history[11]
    assert_line_is_nncore(at, w, b)
    assert metrics(at)[translate(lang, "neuron.perceptron.errors")] == str(replay.errors[11])
    at.button(key="neuron.btn_run").click().run()  # capped at convergence
    assert metrics(at)[upd] == "18" and url(at, "step") == "18"
    assert at.success[0].value == translate(lang, "neuron.perceptron.converged", n=18,
                                            passes=replay.updates[-1].epoch)
    assert at.button(key="neuron.btn_step").disabled
    assert not traces(plane(at), meta="misclassified")
    at.button(key="neuron.btn_reset").click().run()
    assert metrics(at)[upd] == "0" and url(at, "step") == "0"


def test_perceptron_or_converges_after_9_updates():
    replay = gate_replay("or")
    assert replay.n_updates == 9 and replay.converged
    at = run_page("neuron", params={"view": "perceptron", "data": "or"})
    at.button(key="neuron.btn_run").click().run()
    assert metrics(at)[translate("en", "neuron.perceptron.updates")] == "9"
    assert at.success[0].value == translate("en", "neuron.perceptron.converged", n=9,
                                            passes=replay.updates[-1].epoch)
    w, b = replay.history[9]
    assert_line_is_nncore(at, w, b)


@pytest.mark.parametrize("lang", LANGS)
def test_perceptron_cycles_on_xor(lang):
    replay = gate_replay("xor")
    assert not replay.converged and replay.n_updates == view.MAX_STEPS
    assert (replay.cycle_start, replay.cycle_length) == (0, 4)
    at = run_page("neuron", lang=lang, params={"view": "perceptron", "data": "xor", "n": "5"})
    at.button(key="neuron.btn_run").click().run()
    assert metrics(at)[translate(lang, "neuron.perceptron.updates")] == "5"
    assert at.warning[0].value == translate(lang, "neuron.perceptron.cycling_start", end=4, length=4)
    errors = trace(spec_with(at, "errors"), meta="errors")
    np.testing.assert_array_equal(array(errors["y"]), replay.errors[:6])
    assert not at.success
    # the cap: a link to the last step shows it, still not converged
    at = run_page("neuron", lang=lang, params={"view": "perceptron", "data": "xor", "step": str(view.MAX_STEPS)})
    assert metrics(at)[translate(lang, "neuron.perceptron.updates")] == str(view.MAX_STEPS)
    assert at.button(key="neuron.btn_run").disabled and not at.success


def test_url_restores_dataset_and_step():
    replay = gate_replay("and", eta=0.5)
    at = run_page("neuron", lang="zh", params={"view": "perceptron", "data": "and", "eta": "0.5", "step": "7"})
    assert at.selectbox(key="neuron.data").value == "and"
    assert at.select_slider(key="neuron.eta").value == 0.5
    assert metrics(at)[translate("zh", "neuron.perceptron.updates")] == "7"
    w, b = replay.history[7]
    assert_line_is_nncore(at, w, b)
    assert array(trace(plane(at), meta="used")["customdata"]).tolist() == [replay.updates[6].index]
    # a step past convergence is clamped to the last state
    at = run_page("neuron", params={"view": "perceptron", "data": "or", "step": "150"})
    assert metrics(at)[translate("en", "neuron.perceptron.updates")] == "9" and url(at, "step") == "9"


def test_random_separable_set_converges_and_line_matches():
    at = run_page("neuron", params={"view": "perceptron", "data": "separable", "pseed": "3", "step": "200"})
    ds, replay = view.perceptron_run("separable", 3, 1.0)
    assert replay.converged
    assert metrics(at)[translate("en", "neuron.perceptron.updates")] == str(replay.n_updates)
    w, b = replay.history[-1]
    assert_line_is_nncore(at, w, b, view.SEPARABLE_BOUNDS)
    assert translate("en", "neuron.perceptron.converged", n=replay.n_updates,
                     passes=replay.updates[-1].epoch) == at.success[0].value


def test_changing_the_dataset_starts_again():
    at = run_page("neuron", params={"view": "perceptron", "data": "and", "step": "5"})
    assert metrics(at)[translate("en", "neuron.perceptron.updates")] == "5"
    at.selectbox(key="neuron.data").set_value("or").run()
    assert metrics(at)[translate("en", "neuron.perceptron.updates")] == "0" and url(at, "step") == "0"


# ------------------------------------------------------------------------------------------ XOR network
@pytest.mark.parametrize("lang", LANGS)
def test_xor_network_reaches_100_percent_and_hidden_plane_is_nncore(lang):
    at = run_page("neuron", lang=lang, params={"view": "xor"})
    run = nl.train_xor("tanh", 0)
    assert metrics(at)[translate(lang, "neuron.xor.accuracy")] == "100 %"
    assert at.success[0].value == translate(lang, "neuron.xor.solved")
    net = run.net(1000)
    hidden = net.forward(run.X).A[1]
    spec = spec_with(at, "hidden:1")
    for label in (0, 1):
        tr = trace(spec, meta=f"hidden:{label}")
        np.testing.assert_array_equal(np.column_stack([array(tr["x"]), array(tr["y"])]), hidden[run.y == label])
    table = at.table[0].value
    np.testing.assert_allclose(table[["h₁", "h₂"]].to_numpy(), hidden)


def test_xor_seed_and_epoch_controls():
    at = run_page("neuron", params={"view": "xor", "xseed": "1"})
    snap = nl.train_xor("tanh", 1).snapshot(1000)
    assert at.warning[0].value == translate("en", "neuron.xor.flat", epochs=1000, loss=f"{snap.loss:.4f}",
                                            grad=f"{snap.grad_norm:.4f}", flat="0.01")
    at.select_slider(key="neuron.epoch").set_value(100).run()
    at.selectbox(key="neuron.xseed").set_value(0).run()
    snap = nl.train_xor("tanh", 0).snapshot(100)
    assert metrics(at)[translate("en", "neuron.xor.loss")] == f"{snap.loss:.4f}"
    assert metrics(at)[translate("en", "neuron.xor.grad_norm")] == f"{snap.grad_norm:.4f}"
    assert url(at, "epoch") == "100" and url(at, "xseed") == "0"
    at.selectbox(key="neuron.hidden").set_value("sigmoid").run()
    assert not at.exception
    spec = spec_with(at, "hidden:1")
    hidden = nl.train_xor("sigmoid", 0).net(100).forward(logic_gate("xor").X).A[1]
    tr = trace(spec, meta="hidden:1")
    np.testing.assert_array_equal(array(tr["x"]), hidden[logic_gate("xor").y == 1, 0])


@pytest.mark.parametrize("lang", LANGS)
def test_failed_run_says_flat_region_with_its_cost_and_gradient(lang):
    """Seed 1 (tanh) ends at cost ≈ 0.348 with ‖∇J‖ ≈ 0.0013: the page says so, with nncore's numbers, and names the
    two inputs that collide in the hidden plane."""
    at = run_page("neuron", lang=lang, params={"view": "xor", "xseed": "1"})
    snap = nl.train_xor("tanh", 1).snapshot(1000)
    assert snap.loss == pytest.approx(0.348, abs=0.001) and 1e-3 < snap.grad_norm < 2e-3
    m = metrics(at)
    assert m[translate(lang, "neuron.xor.loss")] == "0.3481"
    assert m[translate(lang, "neuron.xor.grad_norm")] == "0.0013"
    assert m[translate(lang, "neuron.xor.accuracy")] == "50 %"
    assert "0.3481" in at.warning[0].value and "0.0013" in at.warning[0].value
    assert ("flat region" if lang == "en" else "平坦区域") in at.warning[0].value
    caption = at.caption[0].value
    assert translate(lang, "neuron.xor.coincide_mixed", a="(0, 1)", b="(1, 1)", pa="(0.9993, -1)",
                     pb="(1, -0.9993)") in caption
    assert not at.success


@pytest.mark.parametrize("lang", LANGS)
def test_hidden_plane_names_the_two_points_that_coincide(lang):
    """Seed 0 (tanh): (0, 0) and (1, 1) land on almost the same point; the chart rings and names both, the caption
    gives both coordinates from nncore."""
    at = run_page("neuron", lang=lang, params={"view": "xor"})
    run = nl.train_xor("tanh", 0)
    xv = nl.xor_view(run.net(1000))
    H = xv.trace.A[1]
    assert xv.coinciding == ((0, 3),)
    spec = spec_with(at, "coincide")
    assert "(0, 0) + (1, 1)" in trace(spec, meta="hidden_names")["text"]
    np.testing.assert_allclose(array(trace(spec, meta="coincide")["x"]), [(H[0, 0] + H[3, 0]) / 2])
    expected = translate(lang, "neuron.xor.coincide_same", a="(0, 0)", b="(1, 1)", pa=view.vec(H[0]), pb=view.vec(H[3]))
    assert expected in at.caption[0].value
    assert "(0.9446, -0.9338)" in expected and "(0.9549, -0.9485)" in expected


# ------------------------------------------------------------------------------------------ single neuron
@pytest.mark.parametrize("lang", LANGS)
def test_linear_then_logistic_neuron(lang):
    at = run_page("neuron", lang=lang, params={"view": "regression"})
    d = nl.single_neuron_data("regression", noise=0.5, seed=0)
    fit = nl.fit_single_neuron(d.X, d.y, "linear", curve_x=view.CURVE_X)
    m = metrics(at)
    assert m["w"] == f"{fit.w:.4f}" == f"{fit.least_squares[0]:.4f}"
    assert m["b"] == f"{fit.b:.4f}"
    np.testing.assert_array_equal(array(trace(spec_with(at, "fit"), meta="fit")["y"]), fit.curve_y)
    at.toggle(key="neuron.logistic").set_value(True).run()
    d = nl.single_neuron_data("classification", noise=0.5, seed=0)
    fit = nl.fit_single_neuron(d.X, d.y, "sigmoid", curve_x=view.CURVE_X)
    spec = spec_with(at, "fit")
    np.testing.assert_array_equal(array(trace(spec, meta="fit")["y"]), fit.curve_y)
    np.testing.assert_array_equal(array(trace(spec, meta="data")["y"]), d.y)
    assert array(trace(spec, meta="boundary")["x"]).tolist() == [fit.boundary]
    assert url(at, "logistic") == "1"


# ------------------------------------------------------------------------------------------ bad params
GARBAGE = [
    {"view": "nope", "x1": "7", "w1": "nan", "theta": "inf"},
    {"view": "mp", "x2": "0.5", "w2": "abc", "theta": "-99"},
    {"view": "perceptron", "data": "nor", "eta": "3", "n": "7", "step": "abc"},
    {"view": "perceptron", "data": "xor", "step": "-4", "pseed": "x"},
    {"view": "perceptron", "data": "and", "step": "1e9"},
    {"view": "xor", "hidden": "relu", "xseed": "-1", "epoch": "33"},
    {"view": "regression", "logistic": "maybe", "noise": "9", "rseed": "1.5"},
]


@pytest.mark.parametrize("params", GARBAGE)
def test_garbage_params_fall_back_to_defaults(params):
    at = run_page("neuron", params=params)
    assert not at.exception
    section = params["view"] if params["view"] in view.SECTIONS else "mp"
    assert at.radio(key="neuron.view").value == section
    if section == "mp":
        assert at.slider(key="neuron.x1").value == 1
        assert at.slider(key="neuron.w1").value == 1.0 and at.slider(key="neuron.w2").value == 1.0
        assert at.slider(key="neuron.theta").value == 2.0
    elif section == "perceptron":
        assert metrics(at)[translate("en", "neuron.perceptron.updates")] == "0"
        assert url(at, "step") == "0"
        if params["data"] == "nor":
            assert at.selectbox(key="neuron.data").value == "and"
            assert at.select_slider(key="neuron.eta").value == 1.0
            assert at.select_slider(key="neuron.n").value == 10
    elif section == "xor":
        assert at.selectbox(key="neuron.hidden").value == "tanh"
        assert at.selectbox(key="neuron.xseed").value == 0
        assert at.select_slider(key="neuron.epoch").value == 1000
    else:
        assert at.toggle(key="neuron.logistic").value is False
        assert at.slider(key="neuron.noise").value == 0.5
        assert at.number_input(key="neuron.rseed").value == 0


# ------------------------------------------------------------------------------------------ try this, links, reset
def try_links(at) -> dict:
    out = {}
    for el in at.main.get("page_link"):
        query = dict(part.split("=", 1) for part in el.proto.query_string.split("&"))
        out[el.proto.label] = query
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_try_this_numbers_come_from_nncore(lang):
    """The XOR try-this opens the step where the weights are back at the start: 4 updates (not 8); AND's opens the
    converged step, 18. The texts carry no count: the page's own message gives it."""
    at = run_page("neuron", lang=lang)
    links = try_links(at)
    xor = links[translate(lang, "neuron.try.xor_cycles")]
    assert xor["view"] == "perceptron" and xor["data"] == "xor" and xor["step"] == "4" and xor["task"] == "1"
    assert links[translate(lang, "neuron.try.and_converges")]["step"] == "18"
    assert links[translate(lang, "neuron.try.eta")]["step"] == "18"
    for key in ("xor_cycles", "and_converges", "eta"):
        assert "8" not in translate(lang, f"neuron.try.{key}")  # neither the wrong 8 nor a typed 18
    at = run_page("neuron", lang=lang, params={k: v for k, v in xor.items()})
    assert metrics(at)[translate(lang, "neuron.perceptron.updates")] == "4"
    assert at.warning[0].value == translate(lang, "neuron.perceptron.cycling_start", end=4, length=4)


def test_sections_rerun_alone_but_link_and_reset_follow():
    """Each section is a fragment: a control change reruns it, the URL and the "copy link" box follow, and "reset
    this page" brings every control back."""
    at = run_page("neuron", params={"view": "xor"})
    at.selectbox(key="neuron.xseed").set_value(3).run()
    assert url(at, "xseed") == "3"
    shown = [el.value for el in at.sidebar.get("code")]
    assert any("xseed=3" in text and "view=xor" in text for text in shown), shown
    assert at.warning and "0.348" in at.warning[0].value
    at.select_slider(key="neuron.epoch").set_value(200).run()
    assert metrics(at)[translate("en", "neuron.xor.epochs")] == "200" and url(at, "epoch") == "200"
    reset = [b for b in at.sidebar.button if b.label == translate("en", "common.reset_page")][0]
    reset.click().run()
    assert not at.exception
    assert at.radio(key="neuron.view").value == "xor"  # the section on screen stays, its controls start again
    assert url(at, "view") == "xor" and url(at, "xseed") == "0"
    assert at.selectbox(key="neuron.xseed").value == 0
    assert at.select_slider(key="neuron.epoch").value == 1000


def test_mp_silent_and_minsky_texts():
    at = run_page("neuron", lang="zh", params={"theta": "3"})
    out = trace(spec_with(at, "output"), meta="output")
    assert "静息" in out["text"][0] and "抑制" not in out["text"][0]
    assert "十多年" in translate("zh", "neuron.lesson.minsky")
    assert "more than a decade" in translate("en", "neuron.lesson.minsky")
