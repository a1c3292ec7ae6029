"""The Softmax & entropy page: runs in both languages; charts and numbers equal nncore's; URL state; bad params."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

import nncore
from explainer import fmt
from explainer.i18n import LANGS, translate
from explainer.views import softmax_entropy as view
from nncore.lessons import softmax_entropy as lab
from tests.helpers import array, chart_specs, chart_texts, charts, run_page, trace

PAGE = "softmax_entropy"
DEFAULT_Z = np.array(view.DEFAULT_LOGITS[:view.DEFAULT_N])


def spec_with(at, meta):
    """The first chart that has a trace with this meta id."""
    for spec in chart_specs(at):
        if any(tr.get("meta") == meta for tr in spec["data"]):
            return spec
    raise AssertionError(f"no chart with a trace {meta!r}")


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def logits_param(at):
    value = at.query_params["logits"]
    return value[0] if isinstance(value, list) else value


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("section", view.SECTIONS)
def test_page_runs(lang, section):
    at = run_page(PAGE, lang=lang, params={"view": section})
    assert not at.exception
    assert at.title[0].value == translate(lang, "softmax_entropy.title")
    assert len(charts(at)) >= 1
    assert not at.warning


# ------------------------------------------------------------------------------------------ logits
def test_default_bars_are_nncore_softmax():
    at = run_page(PAGE)
    bars = trace(spec_with(at, "probs"), meta="probs")
    np.testing.assert_array_equal(array(bars["y"]), nncore.softmax(DEFAULT_Z))
    logits = [s for s in at.slider if s.key and s.key.startswith("softmax_entropy.logits.")]
    assert [s.value for s in logits] == list(DEFAULT_Z)
    assert [s.label for s in logits] == ["z₁", "z₂", "z₃", "z₄"]  # as the caption and the formulas name them


def test_driving_a_logit_slider_changes_bars_and_url():
    at = run_page(PAGE, lang="zh")
    at.slider(key="softmax_entropy.logits.2").set_value(5.0).run()
    z = np.array([2.0, 1.0, 5.0, -1.0])
    np.testing.assert_array_equal(array(trace(spec_with(at, "probs"), meta="probs")["y"]), nncore.softmax(z))
    assert logits_param(at).startswith("2,1,5,-1")
    at.slider(key="softmax_entropy.n").set_value(2).run()
    np.testing.assert_array_equal(array(trace(spec_with(at, "probs"), meta="probs")["y"]), nncore.softmax(z[:2]))
    at.slider(key="softmax_entropy.n").set_value(4).run()  # the hidden logits come back unchanged
    np.testing.assert_array_equal(array(trace(spec_with(at, "probs"), meta="probs")["y"]), nncore.softmax(z))


def test_temperature_limits_shown():
    at = run_page(PAGE, params={"T": "0.01"})
    bars = array(trace(spec_with(at, "probs"), meta="probs")["y"])
    np.testing.assert_array_equal(bars, nncore.softmax(DEFAULT_Z, temperature=0.01))
    np.testing.assert_allclose(bars, [1, 0, 0, 0], atol=1e-40)  # T → 0: the argmax
    np.testing.assert_array_equal(array(trace(spec_with(at, "probs"), meta="probs_t1")["y"]), nncore.softmax(DEFAULT_Z))
    at.select_slider(key="softmax_entropy.T").set_value(100.0).run()
    bars = array(trace(spec_with(at, "probs"), meta="probs")["y"])
    np.testing.assert_allclose(bars, 0.25, atol=0.01)  # T → ∞: uniform
    path = spec_with(at, "path:0")
    first = np.array([array(trace(path, meta=f"path:{k}")["y"]) for k in range(4)])
    np.testing.assert_allclose(first[:, 0], [1, 0, 0, 0], atol=1e-40)
    np.testing.assert_allclose(first[:, -1], 0.25, atol=0.01)
    np.testing.assert_array_equal(array(trace(path, meta="uniform")["y"]), [0.25, 0.25])
    assert [s["x0"] for s in path["layout"]["shapes"] if s.get("name") == "current"] == [100.0]


def test_adding_a_constant_changes_nothing():
    at = run_page(PAGE, params={"c": "8"})
    spec = spec_with(at, "shift:c")
    a, b = array(trace(spec, meta="shift:0")["y"]), array(trace(spec, meta="shift:c")["y"])
    np.testing.assert_allclose(a, b, atol=1e-15)
    np.testing.assert_array_equal(b, nncore.softmax(DEFAULT_Z + 8.0))
    _, _, diff = lab.shift_check(DEFAULT_Z, 8.0)
    assert diff < 1e-12
    assert metrics(at)[translate("en", "softmax_entropy.logits.max_diff")] == view.rounding_zero(diff) == "≈ 0"
    # its tooltip: every digit of nncore's difference, a power of ten as the lesson writes it (it showed 1.17e-16)
    (m,) = [m for m in at.metric if m.label == translate("en", "softmax_entropy.logits.max_diff")]
    assert m.help == translate("en", "softmax_entropy.exact", x=fmt.exact(diff))
    assert "e-" not in m.help and (diff == 0 or "× 10⁻" in m.help)


# ------------------------------------------------------------------------------------------ stability
@pytest.mark.parametrize("offset", ["1000", "-1000"])
def test_naive_gives_nan_while_shifted_is_right(offset):
    at = run_page(PAGE, params={"view": "stability", "n": "3", "logits": "2,1,0.1", "big": offset})
    spec = spec_with(at, "naive")
    assert list(trace(spec, meta="naive")["text"]) == ["NaN"] * 3
    stable = array(trace(spec, meta="stable")["y"])
    np.testing.assert_allclose(stable, nncore.softmax([2.0, 1.0, 0.1]), rtol=1e-12)
    assert np.isfinite(stable).all()
    assert [e.value for e in at.error] == [translate("en", "softmax_entropy.stability.naive_bad")]
    steps = lab.softmax_steps([2.0, 1.0, 0.1], offset=float(offset))
    assert any(fmt.latex_num(steps.lse) in el.value for el in at.latex)
    naive_table, stable_table = at.table[0].value, at.table[1].value
    assert list(naive_table["p"]) == ["NaN"] * 3
    assert list(stable_table["p"]) == [fmt.num(v) for v in steps.probs]


def test_small_logits_naive_works():
    at = run_page(PAGE, params={"view": "stability", "big": "0"})
    assert not at.error
    spec = spec_with(at, "naive")
    np.testing.assert_allclose(array(trace(spec, meta="naive")["y"]), array(trace(spec, meta="stable")["y"]))


# ------------------------------------------------------------------------------------------ cross-entropy
def test_cross_entropy_loss_and_gradient_equal_nncore():
    at = run_page(PAGE, params={"view": "cross_entropy", "n": "3", "logits": "2,1,0.1"})
    z, y = np.array([2.0, 1.0, 0.1]), np.array([1.0, 0.0, 0.0])
    loss, grad = nncore.cross_entropy_with_logits(z[None], y[None])
    assert metrics(at)[translate("en", "softmax_entropy.ce.loss")] == fmt.num(loss) == "0.4170"
    assert metrics(at)[translate("en", "softmax_entropy.ce.grad_sum")] == "≈ 0"  # the gradients add up to 0
    np.testing.assert_array_equal(array(trace(spec_with(at, "grad"), meta="grad")["y"]), grad[0])
    np.testing.assert_allclose(grad[0], nncore.softmax(z) - y)
    nll = spec_with(at, "nll")
    point = trace(nll, meta="point:0")
    assert point["x"][0] == nncore.softmax(z)[0] and point["y"][0] == pytest.approx(loss)
    # another true class, then a soft target
    at.selectbox(key="softmax_entropy.y").set_value(2).run()
    y = np.array([0.0, 0.0, 1.0])
    loss, grad = nncore.cross_entropy_with_logits(z[None], y[None])
    assert metrics(at)[translate("en", "softmax_entropy.ce.loss")] == fmt.num(loss)
    np.testing.assert_array_equal(array(trace(spec_with(at, "grad"), meta="grad")["y"]), grad[0])
    at.slider(key="softmax_entropy.eps").set_value(0.3).run()
    y = lab.smoothed_target(3, 2, 0.3)
    loss, grad = nncore.cross_entropy_with_logits(z[None], y[None])
    assert metrics(at)[translate("en", "softmax_entropy.ce.loss")] == fmt.num(loss)
    np.testing.assert_allclose(array(trace(spec_with(at, "target"), meta="target")["y"]), y)
    np.testing.assert_array_equal(array(trace(spec_with(at, "grad"), meta="grad")["y"]), grad[0])
    assert len([tr for tr in spec_with(at, "nll")["data"] if tr["meta"].startswith("point:")]) == 3


# ------------------------------------------------------------------------------------------ MSE vs CE
def test_mse_gradient_vanishes_on_the_wrong_saturated_side_ce_does_not():
    at = run_page(PAGE, params={"view": "mse_vs_ce", "label": "1", "z": "-8"})
    m = metrics(at)
    s = lab.sigmoid_losses(np.array([-8.0]), 1.0)
    mse_grad = m[translate("en", "softmax_entropy.mse.mse_grad")]
    ce_grad = m[translate("en", "softmax_entropy.mse.ce_grad")]
    assert mse_grad == fmt.num(s.mse_grad[0]) == "-0.0003"
    assert ce_grad == fmt.num(s.ce_grad[0]) == "-0.9997"
    assert [i.value for i in at.info] == [translate("en", "softmax_entropy.mse.wrong_saturated")]
    spec = spec_with(at, "grad:mse")
    curves = lab.sigmoid_losses(view.Z_GRID, 1.0)
    for name in ("mse", "ce"):
        np.testing.assert_array_equal(array(trace(spec, meta=f"loss:{name}")["y"]), getattr(curves, name))
        np.testing.assert_array_equal(array(trace(spec, meta=f"grad:{name}")["y"]), getattr(curves, f"{name}_grad"))
    shaded = [s for s in spec["layout"]["shapes"] if s.get("name") == "wrong_saturated"]
    assert shaded and all(s["x1"] < 0 for s in shaded)
    # the right side: both small, no warning
    at.slider(key="softmax_entropy.z").set_value(8.0).run()
    assert not at.info


# ------------------------------------------------------------------------------------------ information
def test_information_numbers_equal_nncore_and_bar_adds_up():
    at = run_page(PAGE, params={"view": "information", "k": "2", "p": "1,1", "q": "1,3", "unit": "bits"})
    p, q = np.array([0.5, 0.5]), np.array([0.25, 0.75])
    m = metrics(at)
    unit = translate("en", "softmax_entropy.info.short.bits")
    assert m[f"H(p) [{unit}]"] == fmt.num(nncore.entropy(p, 2)) == "1.0000"
    assert m[f"H(p, q) [{unit}]"] == fmt.num(nncore.cross_entropy_pq(p, q, 2))
    assert m[f"KL(p‖q) [{unit}]"] == fmt.num(nncore.kl_divergence(p, q, 2))
    assert m[f"KL(q‖p) [{unit}]"] == fmt.num(nncore.kl_divergence(q, p, 2))
    assert m[f"KL(p‖q) [{unit}]"] != m[f"KL(q‖p) [{unit}]"]  # asymmetry
    spec = spec_with(at, "part:entropy")
    h, kl = array(trace(spec, meta="part:entropy")["x"]), array(trace(spec, meta="part:kl")["x"])
    ce = array(trace(spec, meta="total:ce")["x"])
    np.testing.assert_allclose(h + kl, ce, rtol=1e-12)  # H(p, q) = H(p) + KL(p‖q), both rows
    assert h[0] == nncore.entropy(p, 2) and kl[0] == nncore.kl_divergence(p, q, 2)
    assert ce[0] == nncore.cross_entropy_pq(p, q, 2) and ce[1] == nncore.cross_entropy_pq(q, p, 2)
    dist = spec_with(at, "info:p")
    np.testing.assert_array_equal(array(trace(dist, meta="info:q")["y"]), nncore.self_information(q, 2))
    # nats
    at.radio(key="softmax_entropy.unit").set_value("nats").run()
    unit = translate("en", "softmax_entropy.info.short.nats")
    assert metrics(at)[f"H(p) [{unit}]"] == fmt.num(math.log(2))


def test_sliders_renormalize_and_presets_apply():
    at = run_page(PAGE, lang="zh", params={"view": "information"})
    at.slider(key="softmax_entropy.p.0").set_value(10.0).run()
    info = lab.information([10, 2, 1, 1], [1, 1, 1, 1], 2)
    np.testing.assert_allclose(array(trace(spec_with(at, "prob:p"), meta="prob:p")["y"]), info.p)
    assert at.query_params["p"] in ("10,2,1,1,1,1", ["10,2,1,1,1,1"])
    missing = translate("zh", "softmax_entropy.info.preset.missing")
    [b for b in at.button if b.label == missing][0].click().run()
    assert not at.exception
    assert at.slider(key="softmax_entropy.q.3").value == 0.0
    assert [i.value for i in at.info] == [translate("zh", "softmax_entropy.info.infinite")]
    swap = translate("zh", "softmax_entropy.info.preset.swap")
    [b for b in at.button if b.label == swap][0].click().run()
    assert at.slider(key="softmax_entropy.p.3").value == 0.0 and at.slider(key="softmax_entropy.q.3").value == 1.0


def test_all_zero_weights_explained():
    at = run_page(PAGE, params={"view": "information", "k": "2", "p": "0,0"})
    assert not at.exception
    assert [w.value for w in at.warning] == [translate("en", "softmax_entropy.info.all_zero")]


def test_kl_formula_says_equal_when_mirror_distributions_give_the_same_divergence():
    """p = (½, ½, 3) against its mirror q = (3, ½, ½): KL(p‖q) = KL(q‖p) in exact maths, and the two floats differ
    in the last bit. The formula must not print "1.6156 ≠ 1.6156"."""
    at = run_page(PAGE, params={"view": "information", "k": "3", "p": "0.5,0.5,3", "q": "3,0.5,0.5"})
    info = lab.information([0.5, 0.5, 3], [3, 0.5, 0.5], 2)
    assert info.kl_pq != info.kl_qp  # the case this test is about (rounding only)
    kl = [f.value for f in at.latex if "D_{KL}(p\\|q) = " in f.value and "H(" not in f.value]
    assert len(kl) == 1 and r"\ne" not in kl[0] and "D_{KL}(q\\|p) = " in kl[0], kl
    at = run_page(PAGE, params={"view": "information", "k": "2", "p": "1,1", "q": "1,3"})
    kl = [f.value for f in at.latex if "D_{KL}(p\\|q) = " in f.value and "H(" not in f.value]
    assert len(kl) == 1 and r"\ne" in kl[0], kl


# ------------------------------------------------------------------------------------------ classifier
def test_classifier_reaches_high_accuracy_on_separable_blobs():
    params = {"view": "classifier", "data": "blobs", "classes": "4", "noise": "0", "model": "softmax",
              "epochs": "200", "lr": "0.03"}
    at = run_page(PAGE, params=params)
    clf = lab.train_classifier("blobs", 4, 0.0, 0, 200, 0.03, resolution=view.RESOLUTION)
    assert clf.final_accuracy >= 0.97
    assert metrics(at)[translate("en", "softmax_entropy.clf.accuracy")] == fmt.percent(clf.final_accuracy)
    spec = spec_with(at, "regions")
    regions = trace(spec, meta="regions")
    np.testing.assert_array_equal(array(regions["z"]), clf.regions)
    probs = array(regions["customdata"])
    assert probs.shape == (view.RESOLUTION, view.RESOLUTION, 4)
    np.testing.assert_allclose(probs, clf.probs, atol=1e-6)  # float32 for the hover
    np.testing.assert_array_equal(np.argmax(probs, axis=2), clf.regions)
    assert [tr["meta"] for tr in spec["data"][1:]] == [f"points:{c}" for c in range(4)]


# ------------------------------------------------------------------------------------------ URL state
def test_url_params_restore_the_view():
    at = run_page(PAGE, lang="zh", params={"view": "logits", "n": "3", "logits": "3,-1,0.5", "T": "0.5", "c": "2.5"})
    assert at.radio(key="softmax_entropy.view").value == "logits"
    assert at.slider(key="softmax_entropy.n").value == 3
    assert [at.slider(key=f"softmax_entropy.logits.{i}").value for i in range(3)] == [3.0, -1.0, 0.5]
    assert at.select_slider(key="softmax_entropy.T").value == 0.5
    assert at.slider(key="softmax_entropy.c").value == 2.5
    np.testing.assert_array_equal(array(trace(spec_with(at, "probs"), meta="probs")["y"]),
                                  nncore.softmax([3.0, -1.0, 0.5], temperature=0.5))
    at = run_page(PAGE, params={"view": "cross_entropy", "n": "5", "y": "4", "eps": "0.1"})
    assert at.selectbox(key="softmax_entropy.y").value == 4 and at.slider(key="softmax_entropy.eps").value == 0.1
    at = run_page(PAGE, params={"view": "mse_vs_ce", "label": "0", "z": "3.5"})
    assert at.radio(key="softmax_entropy.label").value == 0 and at.slider(key="softmax_entropy.z").value == 3.5
    at = run_page(PAGE, params={"view": "information", "k": "3", "p": "1,2,3", "q": "3,2,1", "unit": "nats"})
    assert [at.slider(key=f"softmax_entropy.p.{i}").value for i in range(3)] == [1.0, 2.0, 3.0]
    assert [at.slider(key=f"softmax_entropy.q.{i}").value for i in range(3)] == [3.0, 2.0, 1.0]
    assert at.radio(key="softmax_entropy.unit").value == "nats"
    at = run_page(PAGE, params={"view": "classifier", "data": "spiral_k", "classes": "5", "model": "mlp",
                                "noise": "0.2", "epochs": "50", "lr": "0.1", "seed": "3"})
    assert at.radio(key="softmax_entropy.data").value == "spiral_k"
    assert at.slider(key="softmax_entropy.classes").value == 5
    assert at.radio(key="softmax_entropy.model").value == "mlp"
    assert at.select_slider(key="softmax_entropy.epochs").value == 50
    assert at.select_slider(key="softmax_entropy.lr").value == 0.1
    assert at.number_input(key="softmax_entropy.seed").value == 3


GARBAGE = [
    {"logits": "1,nan,x", "n": "99", "T": "-1", "c": "inf"},
    {"logits": "1,2,3,4,5,6,7", "n": "1", "T": "0", "view": "nope"},
    {"logits": "100,0", "T": "0.3", "c": "11"},
    {"view": "stability", "logits": "", "big": "5", "n": "2.5"},
    {"view": "cross_entropy", "y": "9", "eps": "2", "logits": "%"},
    {"view": "mse_vs_ce", "label": "0.5", "z": "nan"},
    {"view": "information", "k": "0", "p": "-1,2", "q": "1,2,x", "unit": "foo"},
    {"view": "classifier", "data": "x", "classes": "9", "model": "deep", "noise": "-1", "epochs": "7", "lr": "1e9",
     "seed": "abc"},
]


@pytest.mark.parametrize("params", GARBAGE)
def test_garbage_params_fall_back_to_defaults(params):
    at = run_page(PAGE, params=params)
    assert not at.exception
    assert not at.warning
    section = params.get("view") if params.get("view") in view.SECTIONS else "logits"
    assert at.radio(key="softmax_entropy.view").value == section
    if section in ("logits", "stability", "cross_entropy"):
        assert at.slider(key="softmax_entropy.n").value == view.DEFAULT_N
        assert [at.slider(key=f"softmax_entropy.logits.{i}").value for i in range(view.DEFAULT_N)] == list(DEFAULT_Z)
        assert logits_param(at) == ",".join(fmt_list(view.DEFAULT_LOGITS))
    if section == "logits":
        assert at.select_slider(key="softmax_entropy.T").value == 1.0
        assert at.slider(key="softmax_entropy.c").value == 0.0
    elif section == "stability":
        assert at.select_slider(key="softmax_entropy.big").value == 1000.0
    elif section == "cross_entropy":
        assert at.selectbox(key="softmax_entropy.y").value == 0 and at.slider(key="softmax_entropy.eps").value == 0
    elif section == "mse_vs_ce":
        assert at.radio(key="softmax_entropy.label").value == 1 and at.slider(key="softmax_entropy.z").value == -6
    elif section == "information":
        assert at.slider(key="softmax_entropy.k").value == view.DEFAULT_K
        assert at.radio(key="softmax_entropy.unit").value == "bits"
        assert [at.slider(key=f"softmax_entropy.p.{i}").value for i in range(4)] == list(view.DEFAULT_P[:4])
    else:
        assert at.radio(key="softmax_entropy.data").value == "blobs"
        assert at.slider(key="softmax_entropy.classes").value == 3
        assert at.radio(key="softmax_entropy.model").value == "softmax"
        assert at.slider(key="softmax_entropy.noise").value == 0.1
        assert at.select_slider(key="softmax_entropy.epochs").value == 200
        assert at.select_slider(key="softmax_entropy.lr").value == 0.03
        assert at.number_input(key="softmax_entropy.seed").value == 0


def fmt_list(values):
    from explainer.controls import encode
    return [encode(float(v)) for v in values]


def test_logits_outside_the_slider_range_fall_back():
    at = run_page(PAGE, params={"logits": "100,0"})
    assert [at.slider(key=f"softmax_entropy.logits.{i}").value for i in range(4)] == list(DEFAULT_Z)


def test_reset_restores_default_logits():
    at = run_page(PAGE, params={"n": "3", "logits": "5,5,5"})
    reset = [b for b in at.sidebar.button if b.label == translate("en", "common.reset_page")][0]
    reset.click().run()
    assert not at.exception
    assert [at.slider(key=f"softmax_entropy.logits.{i}").value for i in range(4)] == list(DEFAULT_Z)


# ------------------------------------------------------------------------------------------ sections as fragments
def query_of(link) -> dict[str, str]:
    from urllib.parse import parse_qsl
    return dict(parse_qsl(link.proto.query_string))


def test_try_this_links_open_their_section_with_only_their_params():
    at = run_page(PAGE)
    expected = {  # text key → (section, params the text talks about)
        "cold": ("logits", {"T": "0.1"}), "overflow": ("stability", {"big": "1000"}),
        "confident_wrong": ("cross_entropy", {"n": "3", "logits": "8,0,-2", "y": "2"}),
        "saturated": ("mse_vs_ce", {"label": "1", "z": "-8"}),
        "fair_coin": ("information", {"k": "2", "p": "1,1", "q": "1,3", "unit": "bits"}),
        "spiral": ("classifier", {"data": "spiral_k", "classes": "3", "model": "mlp", "noise": "0", "epochs": "1000"}),
    }
    links = {el.proto.label: el for el in at.main.get("page_link")}
    for key, (section, params) in expected.items():
        query = query_of(links[translate("en", f"softmax_entropy.try.{key}")])
        assert query == {"lang": "en", "view": section, "task": "1", **params}, key


def test_following_a_task_resets_the_other_controls():
    at = run_page(PAGE, params={"view": "cross_entropy", "eps": "0.2", "n": "5"})
    assert at.slider(key="softmax_entropy.eps").value == 0.2
    for k in list(at.query_params.keys()):
        del at.query_params[k]
    for k, v in {"lang": "en", "view": "cross_entropy", "n": "3", "logits": "8,0,-2", "y": "2", "task": "1"}.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    assert at.slider(key="softmax_entropy.eps").value == 0.0  # the default, not the 0.2 moved before
    assert at.selectbox(key="softmax_entropy.y").value == 2
    view_ = lab.cross_entropy_view([8.0, 0.0, -2.0], [0.0, 0.0, 1.0])
    assert metrics(at)[translate("en", "softmax_entropy.ce.loss")] == fmt.num(view_.loss)
    assert view_.loss > 10  # a confident wrong answer costs a lot: −log p₃ = 10.0


def test_copy_link_and_qr_follow_a_control_in_a_section():
    at = run_page(PAGE, params={"view": "information", "lecture": "1"})
    at.radio(key="softmax_entropy.unit").set_value("nats").run()
    shown = [el.value for el in at.sidebar.get("code")]
    assert any("unit=nats" in text and "view=information" in text for text in shown), shown
    qr = [img.caption for el in at.image for img in el.proto.imgs]
    assert len(qr) == 1 and "unit=nats" in qr[0]
    at.slider(key="softmax_entropy.k").set_value(3).run()
    assert any("k=3" in el.value for el in at.sidebar.get("code"))


def test_every_logits_control_changes_the_view():
    at = run_page(PAGE)
    before = array(trace(spec_with(at, "probs"), meta="probs")["y"])
    at.select_slider(key="softmax_entropy.T").set_value(2.0).run()
    hot = array(trace(spec_with(at, "probs"), meta="probs")["y"])
    np.testing.assert_array_equal(hot, nncore.softmax(DEFAULT_Z, temperature=2.0))
    assert hot.max() < before.max()
    at.slider(key="softmax_entropy.c").set_value(-4.5).run()
    np.testing.assert_array_equal(array(trace(spec_with(at, "shift:c"), meta="shift:c")["y"]),
                                  nncore.softmax(DEFAULT_Z - 4.5))
    assert any(r"c = -4.5" in el.value for el in at.latex)


def test_stability_offset_and_classifier_controls():
    at = run_page(PAGE, params={"view": "stability"})
    assert at.error  # the default offset 1000 breaks the naive formula
    at.select_slider(key="softmax_entropy.big").set_value(100.0).run()
    assert not at.error
    np.testing.assert_allclose(array(trace(spec_with(at, "naive"), meta="naive")["y"]), nncore.softmax(DEFAULT_Z))
    at = run_page(PAGE, params={"view": "classifier", "data": "spiral_k", "epochs": "100"})
    linear = metrics(at)[translate("en", "softmax_entropy.clf.accuracy")]
    at.radio(key="softmax_entropy.model").set_value("mlp").run()
    clf = lab.train_classifier("spiral_k", 3, 0.1, view.HIDDEN_UNITS, 100, 0.03, resolution=view.RESOLUTION)
    assert metrics(at)[translate("en", "softmax_entropy.clf.accuracy")] == fmt.percent(clf.final_accuracy) != linear
    np.testing.assert_array_equal(array(trace(spec_with(at, "regions"), meta="regions")["z"]), clf.regions)


@pytest.mark.parametrize("lang", LANGS)
def test_chart_titles_are_page_text_above_the_charts(lang):
    """Titles are drawn as wrapping page text (a phone never cuts them), not inside the figure."""
    at = run_page(PAGE, lang=lang, params={"view": "classifier"})
    title = translate(lang, "softmax_entropy.clf.curve_title")
    assert f"**{fmt.md_escape(title)}**" in [m.value for m in at.markdown]
    for text in chart_texts(at):
        assert "title" not in json.loads(text)["layout"]


def test_chinese_terms():
    at = run_page(PAGE, lang="zh", params={"view": "information"})
    assert at.slider(key="softmax_entropy.k").label == "可能结果数"
    at = run_page(PAGE, lang="zh", params={"view": "stability"})
    assert "计算方式" in translate("zh", "softmax_entropy.stability.chart_title")
    title = fmt.md_escape(translate("zh", "softmax_entropy.stability.chart_title"))
    assert f"**{title}**" in [m.value for m in at.markdown]


def test_show_me_links_show_each_answer():
    """Each question's "show me" view puts the answer on screen."""
    qs = {q.id: q for q in view.checks()}
    q = qs["softmax_p"]
    at = run_page(PAGE, params={**{k: str(v) for k, v in q.show_me.items()}, "task": "1"})
    assert array(trace(spec_with(at, "probs"), meta="probs")["y"])[0] == pytest.approx(q.answer, rel=1e-12)
    q = qs["cross_entropy_bits"]
    at = run_page(PAGE, params={**{k: str(v) for k, v in q.show_me.items()}, "task": "1"})
    unit = translate("en", "softmax_entropy.info.short.bits")
    assert metrics(at)[f"H(p, q) [{unit}]"] == fmt.num(q.answer) == "1.2075"
    q = qs["kl_direction"]
    at = run_page(PAGE, params={**{k: str(v) for k, v in q.show_me.items()}, "task": "1"})
    m = metrics(at)
    assert float(m[f"KL(p‖q) [{unit}]"]) > float(m[f"KL(q‖p) [{unit}]"]) and q.answer == "pq"
    q = qs["grad_true_class"]
    at = run_page(PAGE, params={**{k: str(v) for k, v in q.show_me.items()}, "task": "1"})
    assert array(trace(spec_with(at, "grad"), meta="grad")["y"])[0] == pytest.approx(q.answer, rel=1e-12)
    assert q.answer == pytest.approx(-0.7553, abs=5e-5)


def test_weight_sliders_keep_their_order_when_columns_stack():
    """Sliders are laid out row by row, so on a phone (columns stacked) they read x1, x2, x3, x4, not x1, x4, …"""
    at = run_page(PAGE, params={"view": "information", "k": "5"})
    keys = [s.key for s in at.slider if s.key and s.key.startswith("softmax_entropy.q.")]
    assert keys == [f"softmax_entropy.q.{i}" for i in range(5)]
    assert [s.label for s in at.slider if s.key in keys] == ["x1", "x2", "x3", "x4", "x5"]
