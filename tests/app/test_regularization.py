"""The Regularization page: runs in both languages; charts and metrics show nncore's numbers; URL state."""

from __future__ import annotations

import numpy as np
import pytest

import nncore
from explainer import fmt
from explainer.i18n import LANGS, translate
from explainer.views import regularization as view
from nncore.lessons import regularization as gen
from tests.helpers import array, chart_specs, run_page, trace

TIMEOUT = 90


def page(lang="en", **params):
    return run_page("regularization", lang=lang, params=params, timeout=TIMEOUT)


def spec(at, meta):
    found = [s for s in chart_specs(at) if any(tr.get("meta") == meta for tr in s["data"])]
    assert found, f"no chart with a trace {meta!r}"
    return found[0]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("section", view.SECTIONS)
def test_page_runs(lang, section):
    at = page(lang, view=section)
    assert not at.exception
    assert at.title[0].value == translate(lang, "regularization.title")
    assert len(at.get("plotly_chart")) >= 1


def test_overfit_curves_and_early_stopping_equal_nncore():
    at = page(view="overfit", n=10, epochs=500, width=16, layers=2)
    fit = gen.fit_curve("sin", 10, 0.3, (16, 16), 500, view.LEARNING_RATE, snapshot_every=5, seed=0)
    run = fit.run
    s = spec(at, "loss:test:plain")
    np.testing.assert_allclose(array(trace(s, meta="loss:test:plain")["y"]), run.test_loss[0], rtol=1e-12)
    np.testing.assert_allclose(array(trace(s, meta="loss:train:plain")["y"]), run.train_loss[0], rtol=1e-12)
    best = int(np.argmin(run.test_loss[0])) + 1                # early stopping = argmin of the test loss
    assert list(trace(s, meta="best:plain")["x"]) == [best]
    np.testing.assert_allclose(array(trace(s, meta="noise_floor")["y"]), [0.09, 0.09])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[translate("en", "regularization.overfit.best_epoch")] == str(best)
    assert metrics[translate("en", "regularization.overfit.test_loss", epoch=500)] == fmt.num(run.test_loss[0, -1])
    f = spec(at, "fit:plain")
    np.testing.assert_allclose(array(trace(f, meta="fit:plain")["y"]), run.final[0], rtol=1e-12)
    np.testing.assert_allclose(array(trace(f, meta="fit:best")["y"]), run.best[0], rtol=1e-12)
    np.testing.assert_array_equal(array(trace(f, meta="train")["y"]), fit.y_train)


def test_epoch_slider_moves_through_the_run_without_retraining():
    at = page(view="overfit", n=10, epochs=500, width=16, layers=2)
    at.slider(key="regularization.at").set_value(100).run()
    assert not at.exception
    run = gen.fit_curve("sin", 10, 0.3, (16, 16), 500, view.LEARNING_RATE, snapshot_every=5, seed=0).run
    np.testing.assert_allclose(array(trace(spec(at, "fit:plain"), meta="fit:plain")["y"]), run.snapshots[0, 19],
                               rtol=1e-12)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[translate("en", "regularization.overfit.train_loss", epoch=100)] == fmt.num(run.train_loss[0, 99])
    assert at.query_params["at"] in ("100", ["100"])


def test_l2_adds_a_regularized_network_with_lower_test_loss_and_the_objective():
    at = page("zh", view="overfit", l2=0.003)
    assert not at.exception
    s = spec(at, "loss:test:reg")
    reg = array(trace(s, meta="loss:test:reg")["y"])
    plain = array(trace(s, meta="loss:test:plain")["y"])
    assert reg[-1] < plain[-1]
    assert any("J =" in el.value for el in at.latex)
    # "new data" draws another training set and keeps it in the URL
    at.button[0].click().run()
    assert at.query_params["seed"] in ("1", ["1"])


def test_bias_variance_numbers_add_up():
    at = page(view="bias_variance", k=5, bn=15, bnoise=0.3, simple=1, complex=8)
    assert not at.exception
    bv = gen.bias_variance("sin", 15, 0.3, 5, (1,), view.BV_EPOCHS, view.LEARNING_RATE, seed=0)
    values = [m.value for m in at.metric]
    assert values[:4] == [fmt.num(bv.bias2), fmt.num(bv.variance), fmt.num(bv.noise), fmt.num(bv.expected_error)]
    assert abs(bv.expected_error - bv.total) < 4 * bv.error_stderr + 1e-3
    assert any(fmt.latex_num(bv.total) in el.value for el in at.latex)
    bars = spec(at, "bar:bias2")
    assert array(trace(bars, meta="bar:bias2")["y"])[0] == pytest.approx(bv.bias2)
    fits = spec(at, "mean_fit")
    np.testing.assert_allclose(array(trace(fits, meta="mean_fit")["y"]), bv.mean_fit, rtol=1e-12)


def test_l1_zeros_and_l2_none_and_geometry():
    at = page(view="l1_l2", lam=1, t=1, corr=0.5)
    assert not at.exception
    data = gen.sparse_regression()
    w1 = gen.lasso(data.X, data.y, 1.0)
    zeros = int(np.sum(w1 == 0.0))
    assert zeros >= 4
    values = [m.value for m in at.metric]
    assert values[0] == f"{zeros} / 8" and values[1] == "0 / 8"
    np.testing.assert_allclose(array(trace(spec(at, "at:l1"), meta="at:l1")["y"]), w1)
    geo = spec(at, "sol:l1")
    assert list(trace(geo, meta="sol:l1")["x"]) == [1.0] and list(trace(geo, meta="sol:l1")["y"]) == [0.0]
    assert any("w_{L1} = (1.0000,\\ 0.0000)" in el.value for el in at.latex)
    at.slider(key="regularization.t").set_value(3.0).run()
    s = nncore.surfaces.linear_mse(*(lambda d: (d.X, d.y))(gen.sparse_regression(60, view.GEO_W_TRUE, 0.5, 0.5, 1)))
    np.testing.assert_allclose([trace(spec(at, "sol:l1"), meta="sol:l1")["x"][0]], [s.minima[0][0]])


def test_weight_decay_numbers():
    at = page(view="weight_decay", lr=1, wd=0.1)
    assert not at.exception
    d = gen.weight_decay_demo(1.0, 0.1)
    assert any(fmt.latex_num(d.decay[0], 6) in el.value and "0.900000" in el.value for el in at.latex)
    table = at.dataframe[0].value
    assert list(table.iloc[:, 2]) == list(table.iloc[:, 3]) == list(table.iloc[:, 4])
    assert list(table.iloc[:, 2]) == [fmt.num(v, 6) for v in d.decay]


def test_dropout_mask_follows_the_step_counter():
    at = page(view="dropout", p=0.5, mode="inverted", step=3)
    assert not at.exception
    net = nncore.MLP(list(view.DROP_SIZES), hidden="tanh", output="linear", seed=0, dropout=0.5)
    tr = net.forward([[view.DROP_X]], train=True, rng=3)
    dropped = int(np.sum(~tr.masks[1][0]))
    s = spec(at, "nodes:1")
    assert len(trace(s, meta="nodes:1")["y"]) == 8 - dropped
    assert [m.value for m in at.metric][2] == fmt.num(tr.output[0, 0])
    at.button[0].click().run()                      # next training step: a new mask, written to the URL
    assert at.query_params["step"] in ("4", ["4"])
    exp = spec(at, "exp:inv_train")
    a = nncore.MLP(list(view.DROP_SIZES), hidden="tanh", output="linear", seed=0).forward([[view.DROP_X]]).A[1][0]
    np.testing.assert_allclose(array(trace(exp, meta="exp:inv_train")["y"]), a, atol=0.05)
    np.testing.assert_allclose(array(trace(exp, meta="exp:cla_test")["y"]), 0.5 * a)


def test_url_params_restore_the_view():
    at = page("zh", view="overfit", curve="cubic", n=20, noise=0.1, width=8, layers=1, epochs=200, l2=0.001,
              keep=0.9, patience=25, at=100, seed=4)
    assert at.selectbox(key="regularization.curve").value == "cubic"
    assert at.select_slider(key="regularization.n").value == 20
    assert at.select_slider(key="regularization.noise").value == 0.1
    assert at.select_slider(key="regularization.width").value == 8
    assert at.radio(key="regularization.layers").value == 1
    assert at.select_slider(key="regularization.epochs").value == 200
    assert at.select_slider(key="regularization.l2").value == 0.001
    assert at.select_slider(key="regularization.keep").value == 0.9
    assert at.slider(key="regularization.at").value == 100
    assert at.query_params["seed"] in ("4", ["4"])
    at2 = page(view="dropout", p=0.8, mode="classic", step=7)
    assert at2.select_slider(key="regularization.p").value == 0.8
    assert at2.radio(key="regularization.mode").value == "classic"
    assert [m.value for m in at2.metric][0] == "7"


GARBAGE = [
    {"view": "nope", "n": "7", "noise": "nan", "width": "1e9", "at": "-5", "seed": "abc"},
    {"view": "overfit", "epochs": "300", "at": "99999", "l2": "0.5", "keep": "0", "layers": "3"},
    {"view": "bias_variance", "k": "1000", "simple": "-1", "complex": "x", "bseed": "1e99"},
    {"view": "l1_l2", "lam": "inf", "t": "99", "corr": "2"},
    {"view": "dropout", "p": "0", "mode": "evil", "step": "-3"},
    {"view": "weight_decay", "lr": "1e9", "wd": "%"},
]


@pytest.mark.parametrize("params", GARBAGE)
def test_garbage_params_fall_back_to_defaults(params):
    at = page(**params)
    assert not at.exception
    v = params["view"] if params["view"] in view.SECTIONS else "overfit"
    assert at.radio(key="regularization.view").value == v
    if v == "overfit":
        assert at.select_slider(key="regularization.n").value == 15
        assert at.select_slider(key="regularization.noise").value == 0.3
        assert at.select_slider(key="regularization.keep").value == 1.0
        assert at.radio(key="regularization.layers").value == 2
        assert at.slider(key="regularization.at").value == at.select_slider(key="regularization.epochs").value
        assert at.query_params["seed"] in ("0", ["0"])
    elif v == "bias_variance":
        assert at.select_slider(key="regularization.k").value == 10
        assert at.select_slider(key="regularization.simple").value == 1
        assert at.select_slider(key="regularization.complex").value == 16
    elif v == "l1_l2":
        assert at.select_slider(key="regularization.lam").value == 0.3
        assert at.slider(key="regularization.t").value == 1.0
        assert at.select_slider(key="regularization.corr").value == 0.5
    elif v == "dropout":
        assert at.select_slider(key="regularization.p").value == 0.5
        assert at.radio(key="regularization.mode").value == "inverted"
        assert at.query_params["step"] in ("0", ["0"])
    else:
        assert at.select_slider(key="regularization.lr").value == 0.1
        assert at.select_slider(key="regularization.wd").value == 0.1
