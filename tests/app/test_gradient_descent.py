"""The Gradient-descent page: both languages, the numbers equal nncore's, every regime from a link, URL state."""
from __future__ import annotations

import numpy as np
import pytest

import nncore
from explainer.i18n import LANGS, translate
from explainer.views import gradient_descent as view
from nncore import datasets
from nncore.lessons import gradient_descent as lab
from nncore import surfaces as sf
from tests.helpers import array, chart_specs, run_page, trace

PAGE = "gradient_descent"


def spec_with(at, meta):
    for spec in chart_specs(at):
        if any(tr.get("meta") == meta for tr in spec["data"]):
            return spec
    raise AssertionError(f"no chart with a trace {meta!r}")


def button(at, label):
    return [b for b in at.button if b.label == label][0]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("section", view.SECTIONS)
def test_page_runs(lang, section):
    at = run_page(PAGE, lang=lang, params={"view": section})
    assert not at.exception
    assert at.title[0].value == translate(lang, "gradient_descent.title")
    assert len(at.get("plotly_chart")) >= 1


def test_one_d_update_numbers():
    # a² from 2.5 with α = 0.1: a₁ = 2.0, a₂ = 1.6, a₃ = 1.28; f′(a₃) = 2.56; a₄ = 1.28 − 0.1 × 2.56 = 1.024
    at = run_page(PAGE, params={"fn": "square", "a0_square": "2.5", "lr": "0.1", "k": "3"})
    assert [m.value for m in at.metric] == ["3", "1.2800", "2.5600", "1.6384"]
    assert any(r"a_{4} = a_{3} - \alpha\, f'(a_{3}) = 1.2800 - 0.1000 \times 2.5600 = 1.0240" in el.value
               for el in at.latex)
    spec = spec_with(at, "path")
    run = sf.descend_1d("square", 2.5, 0.1, n_steps=view.FULL_STEPS, tol=view.TOL_1D)
    np.testing.assert_array_equal(array(trace(spec, meta="path")["x"]), run.a[:4])
    assert trace(spec, meta="next")["x"][0] == lab.update_1d("square", 1.28, 0.1).a_next
    assert len(spec["frames"]) == view.PLAY_STEPS + 1  # ▶ Play replays precomputed steps in the browser
    assert [s.value for s in at.success][0].startswith(translate("en", "gradient_descent.regime.converged",
                                                                 r="0.200", steps=90)[:30])


def test_step_run_and_reset_buttons_move_the_counter():
    at = run_page(PAGE, params={"fn": "square", "a0_square": "2.5", "lr": "0.1"})
    assert at.metric[0].value == "0"
    button(at, translate("en", "gradient_descent.one.step")).click().run()
    assert at.metric[0].value == "1" and at.metric[1].value == "2.0000"
    button(at, translate("en", "gradient_descent.one.run", n=view.RUN_N)).click().run()
    assert at.metric[0].value == "11"
    assert at.query_params["k"] in ("11", ["11"])
    button(at, translate("en", "gradient_descent.one.reset")).click().run()
    assert at.metric[0].value == "0" and at.metric[1].value == "2.5000"


@pytest.mark.parametrize("lang", LANGS)
def test_divergence_is_explained_not_drawn_as_nan(lang):
    at = run_page(PAGE, lang=lang, params={"fn": "square", "a0_square": "2.5", "lr": "1.1", "k": "200"})
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "2.200 > 2" in errors[0]  # α·f″ = 1.1 × 2
    spec = spec_with(at, "path")
    for tr in spec["data"]:
        for axis in ("x", "y"):
            if axis in tr:
                assert np.all(np.isfinite(array(tr[axis])))
    for fr in spec["frames"]:
        for d in fr["data"]:
            assert np.all(np.isfinite(array(d["x"]))) and np.all(np.isfinite(array(d["y"])))


def test_regimes_from_links():
    slow = run_page(PAGE, params={"fn": "square", "a0_square": "2.5", "lr": "0.001"})
    run = sf.descend_1d("square", 2.5, 0.001, n_steps=view.FULL_STEPS, tol=view.TOL_1D)
    assert run.status == "running" and run.estimated_steps_to_tol > view.FULL_STEPS
    assert f"{run.estimated_steps_to_tol:,}" in slow.warning[0].value
    osc = run_page(PAGE, params={"fn": "square", "a0_square": "2.5", "lr": "0.9"})
    assert "1.800" in osc.warning[0].value and not osc.error
    log = run_page(PAGE, lang="zh", params={"fn": "log", "a0_log": "2", "lr": "0.5"})
    assert "ln a" in log.error[0].value
    lin = run_page(PAGE, params={"fn": "linear", "lr": "0.1"})
    assert lin.info[0].value.startswith("3a has no minimum")


def test_optimizer_paths_equal_nncore_step_for_step():
    params = {"view": "2d", "surf": "rosenbrock", "lr_rosenbrock": "0.002", "opts": "sgd,momentum,nesterov,rmsprop,adam",
              "beta": "0.8", "n2": "100", "start_rosenbrock": "-1.2,1"}
    at = run_page(PAGE, params=params)
    assert not at.exception
    spec = spec_with(at, "contour")
    s = sf.rosenbrock()
    for name in lab.OPTIMIZER_NAMES:
        hyper = {"beta": 0.8} if name in ("momentum", "nesterov") else {}
        path = nncore.optimize(s.grad, (-1.2, 1.0), nncore.make_optimizer(name, 0.002, **hyper), 100, f=s.f)
        tr = trace(spec, meta=f"path:{name}")
        np.testing.assert_array_equal(array(tr["x"]), path.points[:, 0])
        np.testing.assert_array_equal(array(tr["y"]), path.points[:, 1])
    loss = spec_with(at, "loss:adam")
    adam = nncore.optimize(s.grad, (-1.2, 1.0), nncore.make_optimizer("adam", 0.002), 100, f=s.f)
    np.testing.assert_allclose(array(trace(loss, meta="loss:adam")["y"]), lab.loss_gap(adam.values, 0.0))
    table = at.dataframe[0].value
    assert len(table) == 5


def test_bowl_buttons_use_the_hessian_steps_and_divergence_matches_prediction():
    at = run_page(PAGE, params={"view": "2d", "surf": "quadratic_bowl", "kappa": "50", "opts": "sgd", "n2": "200"})
    s = sf.quadratic_bowl(50)
    rates = lab.bowl_rates(s)
    assert rates["optimal"] == pytest.approx(2 / 51) and rates["max_stable"] == pytest.approx(2 / 50)
    key = "gradient_descent.lr_quadratic_bowl"
    at.button(key="gradient_descent._btn_optimal").click().run()
    assert at.select_slider(key=key).value == rates["optimal"]
    assert not at.error
    at.button(key="gradient_descent._btn_unstable").click().run()
    assert at.select_slider(key=key).value == rates["unstable"]
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "2.200 > 2" in errors[0]  # α·λmax = 1.1 × 2 > 2
    assert any(r"> 2" in el.value for el in at.latex)


def test_link_restores_surface_start_lr_and_optimizers():
    params = {"view": "2d", "surf": "himmelblau", "start_himmelblau": "-1,-1.5", "lr_himmelblau": "0.005",
              "opts": "nesterov,adam", "beta": "0.95", "n2": "80", "tol": "0.001", "s3d": "1"}
    at = run_page(PAGE, lang="zh", params=params)
    assert not at.exception
    assert at.selectbox(key="gradient_descent.surf").value == "himmelblau"
    assert at.select_slider(key="gradient_descent.lr_himmelblau").value == 0.005
    assert at.multiselect(key="gradient_descent.opts").value == ["nesterov", "adam"]
    assert at.select_slider(key="gradient_descent.beta").value == 0.95
    assert at.slider(key="gradient_descent.n2").value == 80
    assert at.toggle(key="gradient_descent.s3d").value is True
    spec = spec_with(at, "contour")
    assert list(trace(spec, meta="start")["x"]) == [-1.0] and list(trace(spec, meta="start")["y"]) == [-1.5]
    assert array(trace(spec, meta="path:adam")["x"])[0] == -1.0
    assert at.query_params["start_himmelblau"] in ("-1,-1.5", ["-1,-1.5"])
    assert len(at.get("plotly_chart")) == 3  # contour, 3-D surface, loss curves


def test_start_state_moves_every_path():
    """What a click stores (controls.set of start_<surface>, see the browser test) moves the start and the paths."""
    at = run_page(PAGE, params={"view": "2d", "surf": "saddle", "opts": "sgd,adam"})
    at.session_state["gradient_descent.start_saddle"] = [1.0, -2.0]
    at.run()
    spec = spec_with(at, "contour")
    assert list(trace(spec, meta="start")["x"]) == [1.0]
    for name in ("sgd", "adam"):
        tr = trace(spec, meta=f"path:{name}")
        assert (array(tr["x"])[0], array(tr["y"])[0]) == (1.0, -2.0)
    assert at.query_params["start_saddle"] in ("1,-2", ["1,-2"])


def test_batch_section_numbers():
    at = run_page(PAGE, params={"view": "batch", "bs": "10", "lr3": "0.1", "ep": "5"})
    assert not at.exception
    d = datasets.two_gaussians(**view.GAUSS)
    mini = lab.minibatch_descent(d.X, d.y, 10, 0.1, 5, view.BATCH_START, seed=0)
    paths = spec_with(at, "path:minibatch")
    np.testing.assert_array_equal(array(trace(paths, meta="path:minibatch")["x"]), mini.points[:, 0])
    loss = spec_with(at, "loss:stochastic")
    np.testing.assert_array_equal(array(trace(loss, meta="loss:minibatch")["y"]), mini.epoch_loss)
    sgd = array(trace(loss, meta="loss:stochastic")["y"])
    batch = array(trace(loss, meta="loss:batch")["y"])
    assert sgd[1] < batch[1]  # 100 small steps in epoch 1 beat one full step
    assert len(array(trace(paths, meta="path:stochastic")["x"])) == 5 * 100 + 1


def test_scaling_section_normalized_needs_fewer_steps():
    at = run_page(PAGE, lang="zh", params={"view": "scaling", "spread": "20"})
    assert not at.exception
    values = [m.value for m in at.metric]
    raw_steps, norm_steps = values[2], values[5]
    X, y = lab.scaling_data(100, 20.0, seed=0)
    runs = lab.scaling_comparison(X, y, tol=view.SCALING_TOL, max_steps=view.SCALING_MAX_STEPS)
    assert norm_steps == str(runs["normalized"].steps_to_tol)
    assert raw_steps == str(runs["raw"].steps_to_tol)
    assert int(raw_steps) > 10 * int(norm_steps)
    spec = spec_with(at, "path:sgd")
    assert spec["layout"]["yaxis"]["scaleanchor"] == "x"  # equal scales: the ellipse's true shape


GARBAGE = [
    {"view": "nope", "fn": "exp", "lr": "7", "k": "-3"},
    {"fn": "square", "a0_square": "nan", "lr": "0.15", "k": "1e9"},
    {"fn": "log", "a0_log": "-1", "k": "abc"},
    {"view": "2d", "surf": "banana", "opts": "sgd,sgd", "beta": "1", "n2": "0", "lr_quadratic_bowl": "0.123"},
    {"view": "2d", "surf": "rosenbrock", "start_rosenbrock": "99,99", "tol": "0", "kappa": "7"},
    {"view": "2d", "surf": "himmelblau", "start_himmelblau": "1,nan", "s3d": "maybe"},
    {"view": "batch", "bs": "3", "lr3": "-1", "ep": "1000"},
    {"view": "scaling", "spread": "1e6"},
]


@pytest.mark.parametrize("params", GARBAGE)
def test_garbage_params_fall_back_to_defaults(params):
    at = run_page(PAGE, params=params)
    assert not at.exception
    view_ = params.get("view")
    if view_ in (None, "nope"):
        assert at.radio(key="gradient_descent.view").value == "1d"
        fn = at.selectbox(key="gradient_descent.fn").value
        assert fn == params.get("fn", "square") if params.get("fn") != "exp" else fn == "square"
        assert at.select_slider(key="gradient_descent.lr").value == 0.1
        assert at.slider(key=f"gradient_descent.a0_{fn}").value == sf.FUNCTIONS_1D[fn].default_start
        assert at.metric[0].value == "0"
    elif view_ == "2d":
        surf = at.selectbox(key="gradient_descent.surf").value
        assert surf == (params["surf"] if params["surf"] != "banana" else "quadratic_bowl")
        assert at.multiselect(key="gradient_descent.opts").value == list(view.DEFAULT_OPTIMIZERS)
        assert at.select_slider(key=f"gradient_descent.lr_{surf}").value == view.DEFAULT_LR[surf]
        spec = spec_with(at, "contour")
        start = view.build_surface(surf).default_start
        assert tuple(trace(spec, meta="start")["x"]) + tuple(trace(spec, meta="start")["y"]) == start
    elif view_ == "batch":
        assert at.select_slider(key="gradient_descent.bs").value == 10
        assert at.slider(key="gradient_descent.ep").value == 10
    else:
        assert at.select_slider(key="gradient_descent.spread").value == 10
