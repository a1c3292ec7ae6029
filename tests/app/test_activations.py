"""The Activations page: runs in both languages; the charts show exactly nncore's numbers; URL state."""

from __future__ import annotations

import numpy as np
import pytest

import nncore
from explainer import fmt
from explainer.i18n import LANGS, translate
from explainer.views import activations as view
from nncore.lessons import activations as lesson
from tests.helpers import array, chart_specs, charts, run_page, trace, traces


def curves_spec(at):
    return chart_specs(at)[0]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("section", view.SECTIONS)
def test_page_runs(lang, section):
    at = run_page("activations", lang=lang, params={"view": section})
    assert not at.exception
    assert at.title[0].value == translate(lang, "activations.title")
    assert len(charts(at)) >= 1


def test_default_curves_equal_nncore():
    at = run_page("activations")
    spec = curves_spec(at)
    for name in view.DEFAULT_FUNCTIONS:
        act = nncore.get_activation(name)
        f, df = trace(spec, meta=f"f:{name}"), trace(spec, meta=f"df:{name}")
        np.testing.assert_array_equal(array(f["x"]), view.Z_GRID)
        np.testing.assert_array_equal(array(f["y"]), act.f(view.Z_GRID))
        np.testing.assert_array_equal(array(df["y"]), act.df(view.Z_GRID))


def test_choosing_a_function_changes_the_chart():
    at = run_page("activations")
    at.multiselect(key="activations.fns").set_value(["gelu", "swish"]).run()
    spec = curves_spec(at)
    assert sorted(tr["meta"] for tr in traces(spec, type="scatter") if tr["meta"].startswith("f:")) == ["f:gelu", "f:swish"]
    np.testing.assert_array_equal(array(trace(spec, meta="f:gelu")["y"]), nncore.ACTIVATIONS["gelu"].f(view.Z_GRID))
    assert at.query_params["fns"] in ("gelu,swish", ["gelu,swish"])


@pytest.mark.parametrize("lang", LANGS)
def test_the_function_chooser_speaks_the_page_language(lang):
    """Emptied, the chooser says "Choose…" in the page's language, and it offers no "Select all" (Streamlit writes
    that in English only)."""
    at = run_page("activations", lang)
    box = at.multiselect(key="activations.fns")
    assert box.proto.placeholder == translate(lang, "common.choose")
    assert box.proto.select_all == 0  # Streamlit's threshold of options for "Select all": 0, never shown


def test_leaky_slope_changes_derivative_left_of_zero():
    at = run_page("activations", params={"fns": "leaky_relu"})
    left = view.Z_GRID <= 0
    df = array(trace(curves_spec(at), meta="df:leaky_relu")["y"])
    np.testing.assert_array_equal(df[left], 0.01)
    at.select_slider(key="activations.slope").set_value(0.2).run()
    df = array(trace(curves_spec(at), meta="df:leaky_relu")["y"])
    expected = nncore.get_activation("leaky_relu", slope=0.2).df(view.Z_GRID)
    np.testing.assert_array_equal(df, expected)
    np.testing.assert_array_equal(df[left], 0.2)
    np.testing.assert_array_equal(df[~left], 1.0)


def test_saturation_shading_follows_nncore_mask():
    at = run_page("activations", params={"fns": "relu"})
    shapes = [s for s in curves_spec(at)["layout"]["shapes"] if s.get("name") == "saturated:relu"]
    mask = nncore.ACTIVATIONS["relu"].saturation_mask(view.Z_GRID)
    z_sat = view.Z_GRID[mask]
    assert shapes and all(s["x0"] == z_sat.min() and s["x1"] == z_sat.max() for s in shapes)


def test_probe_metrics_show_nncore_values():
    at = run_page("activations", params={"fns": "sigmoid", "z": "2"})
    values = [m.value for m in at.metric]
    assert values == ["0.8808", "0.1050"]  # σ(2) = 0.8808, σ′(2) = σ(2)(1 − σ(2)) = 0.1050
    assert any("0.8808 \\times (1 - 0.8808) = 0.1050" in el.value for el in at.latex)


def test_tanh_formula_puts_negative_values_in_parentheses():
    at = run_page("activations", params={"fns": "tanh", "z": "-1"})
    assert any("1 - (-0.7616)^2 = 0.4200" in el.value for el in at.latex)


def test_collapse_outputs_equal_for_linear_and_differ_for_tanh():
    at = run_page("activations", params={"view": "nonlinear", "seed": "3"})
    spec = chart_specs(at)[0]
    deep = array(trace(spec, meta="deep_linear")["y"])
    collapsed = array(trace(spec, meta="collapsed")["y"])
    tanh = array(trace(spec, meta="deep_tanh")["y"])
    np.testing.assert_allclose(deep, collapsed, rtol=1e-12, atol=1e-12)
    assert not np.allclose(tanh, collapsed)


def test_depth_section_gradient_norms_equal_nncore():
    params = {"view": "depth", "act": "sigmoid", "depth": "10", "init": "normal", "scale": "1", "width": "30"}
    at = run_page("activations", params=params)
    assert not at.exception
    net = nncore.MLP([30] * 11 + [1], hidden="sigmoid", output="sigmoid", init="normal", init_scale=1.0, seed=0)
    X, Y = lesson.probe_batch(0, view.N_SAMPLES, 30)
    tr = net.forward(X)
    stats = nncore.layer_stats(net, tr, net.backward(tr, Y, loss="bce"))
    specs = chart_specs(at)
    grad = [s for s in specs if s["data"][0].get("meta") == "grad_norm"][0]
    np.testing.assert_array_equal(array(grad["data"][0]["y"]), [s.grad_norm for s in stats])
    assert grad["layout"]["yaxis"]["type"] == "log"
    # sigmoid with large init: the gradient vanishes towards the first layer
    assert stats[0].grad_norm < stats[-1].grad_norm / 10
    hist = [s for s in specs if s["data"][0].get("meta") == "hist"][0]
    np.testing.assert_allclose(array(hist["data"][0]["z"]).sum(axis=1), 1.0)


def test_url_params_restore_the_view():
    params = {"view": "depth", "depth": "3", "width": "20", "act": "relu", "init": "he", "scale": "0.5", "dseed": "7"}
    at = run_page("activations", lang="zh", params=params)
    assert at.radio(key="activations.view").value == "depth"
    assert at.slider(key="activations.depth").value == 3
    assert at.slider(key="activations.width").value == 20
    assert at.selectbox(key="activations.act").value == "relu"
    assert at.selectbox(key="activations.init").value == "he"
    assert at.select_slider(key="activations.scale").value == 0.5
    assert at.number_input(key="activations.dseed").value == 7
    at2 = run_page("activations", params={"fns": "tanh,elu", "slope": "0.3", "z": "-1.25"})
    assert at2.multiselect(key="activations.fns").value == ["tanh", "elu"]
    assert at2.select_slider(key="activations.slope").value == 0.3
    assert at2.slider(key="activations.z").value == -1.25


GARBAGE = [
    {"fns": "foo,,bar", "depth": "-5", "scale": "nan"},
    {"fns": "sigmoid,sigmoid", "z": "inf", "slope": "0.011"},
    {"fns": "relu,tanh,sigmoid,elu", "z": "99", "view": "nope"},
    {"depth": "3.5", "width": "1e9", "act": "softmax", "init": "zeros", "dseed": "abc", "view": "depth"},
    {"z": "", "fns": "%", "seed": "-1", "view": "nonlinear"},
]


@pytest.mark.parametrize("params", GARBAGE)
def test_garbage_params_fall_back_to_defaults(params):
    at = run_page("activations", params=params)
    assert not at.exception
    assert not at.warning
    if params.get("view") == "depth":
        assert at.slider(key="activations.depth").value == 6
        assert at.slider(key="activations.width").value == 50
        assert at.selectbox(key="activations.act").value == "tanh"
        assert at.selectbox(key="activations.init").value == "xavier"
        assert at.number_input(key="activations.dseed").value == 0
    elif params.get("view") == "nonlinear":
        assert at.number_input(key="activations.seed").value == 0
    else:
        assert at.radio(key="activations.view").value == "compare"
        assert at.multiselect(key="activations.fns").value == list(view.DEFAULT_FUNCTIONS)
        assert at.slider(key="activations.z").value == 2.0
        assert at.select_slider(key="activations.slope").value == 0.01
    # what the URL now says is the valid state
    if "fns" in params and params.get("view") not in ("depth", "nonlinear"):
        assert at.query_params["fns"] in ("sigmoid,tanh,relu", ["sigmoid,tanh,relu"])


def test_empty_selection_shows_a_hint_not_an_error():
    at = run_page("activations", params={"fns": ""})
    assert not at.exception
    assert [i.value for i in at.info] == [translate("en", "common.no_selection")]


# ------------------------------------------------------------------------------------------ the issue items
@pytest.mark.parametrize("lang", LANGS)
def test_relu_derivative_at_zero_shown_as_a_convention_from_nncore(lang):
    at = run_page("activations", lang=lang, params={"fns": "relu,leaky_relu,sigmoid", "slope": "0.1"})
    captions = [c.value for c in at.caption]
    relu = translate(lang, "activations.compare.kink", fn=translate(lang, "activations.fn.relu"),
                     value=format(nncore.ACTIVATIONS["relu"].df(0.0), "g"))
    leaky = translate(lang, "activations.compare.kink", fn=translate(lang, "activations.fn.leaky_relu"), value="0.1")
    assert relu in captions and leaky in captions
    assert "ReLU′(0) = 0" in relu  # the value nncore uses, filled in
    assert not any(translate(lang, "activations.fn.sigmoid") + "′(0)" in c for c in captions)  # sigmoid has no kink
    article = {"en": "Article 3", "zh": "文章 3"}[lang]
    assert article in relu and article in translate(lang, "activations.lesson.compare")


@pytest.mark.parametrize("lang", LANGS)
def test_sigmoid_vs_tanh_claim_comes_with_its_measurement(lang):
    at = run_page("activations", lang=lang)
    race = lesson.hidden_race()
    spec = [s for s in chart_specs(at) if any(tr.get("meta") == "race:tanh" for tr in s["data"])][0]
    np.testing.assert_array_equal(array(trace(spec, meta="race:sigmoid")["y"]), race.loss["sigmoid"])
    np.testing.assert_array_equal(array(trace(spec, meta="race:tanh")["y"]), race.loss["tanh"])
    caption = [c.value for c in at.caption if "0.072" in c.value]
    assert len(caption) == 1 and "0.390" in caption[0]
    # the lesson no longer asserts "easier to learn" without the number
    assert "easier" not in translate("en", "activations.lesson.compare")


def test_lesson_texts_state_sigmoid_collapses_to_one_half_and_step_derivative_where_it_exists():
    assert "0.5 for sigmoid" in translate("en", "activations.lesson.depth")
    assert "sigmoid 输出 0.5" in translate("zh", "activations.lesson.depth")
    assert "wherever it exists" in translate("en", "activations.lesson.requirements")
    assert "在存在的地方" in translate("zh", "activations.lesson.requirements")
    params = {"view": "depth", "act": "sigmoid", "depth": "10", "init": "normal", "scale": "0.01"}
    at = run_page("activations", params=params)
    run = lesson.depth_run("sigmoid", 10, 50, "normal", 0.01, 0)
    summary = translate("en", "activations.depth.summary", first=fmt.num(run.stats[0].grad_norm),
                        last=fmt.num(run.stats[-1].grad_norm), sat=fmt.percent(run.stats[-2].saturated_share),
                        n=10, mean=fmt.num(run.stats[-2].mean), signal=fmt.num(run.signal[-1]))
    assert summary in [c.value for c in at.caption]
    assert "average 0.50" in summary


def test_chinese_terms_on_the_page():
    at = run_page("activations", lang="zh")
    assert at.slider(key="activations.z").label == "观察点：z 的取值"
    at = run_page("activations", lang="zh", params={"view": "nonlinear"})
    title = fmt.md_escape(translate("zh", "activations.nonlinear.chart_title"))
    assert f"**{title}**" in [m.value for m in at.markdown] and "计算方式" in title


def test_no_dead_unit_chart_for_tanh_but_a_caption():
    at = run_page("activations", params={"view": "depth", "act": "tanh"})
    assert not [s for s in chart_specs(at) if s["data"][0].get("meta") == "dead_share"]
    assert translate("en", "activations.depth.no_dead", fn="tanh") in [c.value for c in at.caption]
    at = run_page("activations", params={"view": "depth", "act": "relu"})
    assert [s for s in chart_specs(at) if s["data"][0].get("meta") == "dead_share"]


def test_saturation_lanes_one_per_function_with_a_legend_entry_each():
    at = run_page("activations")  # sigmoid, tanh, relu
    spec = curves_spec(at)
    lanes = {s["name"]: s["y0"] for s in spec["layout"]["shapes"] if s.get("name", "").startswith("saturated:")}
    assert set(lanes) == {"saturated:sigmoid", "saturated:tanh", "saturated:relu"} and len(set(lanes.values())) == 3
    for i, name in enumerate(view.DEFAULT_FUNCTIONS):
        entry = trace(spec, meta=f"legend:saturated:{name}")
        assert entry["marker"]["color"] == trace(spec, meta=f"f:{name}")["line"]["color"]
