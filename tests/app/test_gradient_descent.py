"""The Gradient-descent page: both languages, the numbers equal nncore's, one step control that the metrics, formula
and chart follow, η everywhere, every regime from a link, URL state, task links, copy link / reset."""
from __future__ import annotations

import json
from urllib.parse import parse_qsl

import numpy as np
import pytest

import nncore
from explainer import fmt
from explainer.i18n import LANGS, all_keys, translate
from explainer.views import gradient_descent as view
from nncore import datasets
from nncore.lessons import gradient_descent as lab
from nncore import surfaces as sf
from tests.helpers import array, chart_specs, chart_texts, charts, click_chart, run_page, trace

PAGE = "gradient_descent"


def spec_with(at, meta):
    for spec in chart_specs(at):
        if any(tr.get("meta") == meta for tr in spec["data"]):
            return spec
    raise AssertionError(f"no chart with a trace {meta!r}")


def button(at, label):
    return [b for b in at.button if b.label == label][0]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("section", view.SECTIONS)
def test_page_runs(lang, section):
    at = run_page(PAGE, lang=lang, params={"view": section})
    assert not at.exception
    assert at.title[0].value == translate(lang, "gradient_descent.title")
    assert len(charts(at)) >= 1


def test_one_d_update_numbers():
    # a² from 2.5 with η = 0.1: a₁ = 2.0, a₂ = 1.6, a₃ = 1.28; f′(a₃) = 2.56; a₄ = 1.28 − 0.1 × 2.56 = 1.024
    at = run_page(PAGE, params={"fn": "square", "a0_square": "2.5", "lr": "0.1", "k": "3"})
    assert [m.value for m in at.metric] == ["3", "1.2800", "2.5600", "1.6384"]
    assert any(r"a_{4} = a_{3} - \eta\, f'(a_{3}) = 1.2800 - 0.1000 \times 2.5600 = 1.0240" in el.value
               for el in at.latex)
    spec = spec_with(at, "path")
    run = sf.descend_1d("square", 2.5, 0.1, n_steps=view.FULL_STEPS, tol=view.TOL_1D)
    np.testing.assert_array_equal(array(trace(spec, meta="path")["x"]), run.a[:4])
    assert trace(spec, meta="next")["x"][0] == lab.update_1d("square", 1.28, 0.1).a_next
    assert "frames" not in spec and "updatemenus" not in spec["layout"]  # no second step control in the chart
    assert [s.value for s in at.success][0].startswith(translate("en", "gradient_descent.regime.converged",
                                                                 r="0.200", steps=90)[:30])


def current_point(at) -> tuple[float, float]:
    tr = trace(spec_with(at, "current"), meta="current")
    return float(array(tr["x"])[0]), float(array(tr["y"])[0])


def test_one_step_control_moves_metrics_formula_and_chart_together():
    at = run_page(PAGE, params={"fn": "square", "a0_square": "2.5", "lr": "0.1"})
    run = sf.descend_1d("square", 2.5, 0.1, n_steps=view.FULL_STEPS, tol=view.TOL_1D)
    for name, k in (("step", 1), ("run", 11), ("back", 10), ("reset", 0), ("step", 1)):
        at.button(key=f"gradient_descent._btn_{name}").click().run()
        assert not at.exception
        m = [mt.value for mt in at.metric]
        assert m[0] == str(k) and m[1] == fmt.num(run.a[k]) and m[3] == fmt.num(run.f[k])
        assert current_point(at) == (run.a[k], run.f[k])  # the chart's dot is the metric's a_k
        assert len(array(trace(spec_with(at, "path"), meta="path")["x"])) == k + 1
        assert any(f"a_{{{k + 1}}} = a_{{{k}}}" in el.value for el in at.latex)
        assert at.query_params["k"] in (str(k), [str(k)])
    assert at.button(key="gradient_descent._btn_back").disabled is False
    at.button(key="gradient_descent._btn_reset").click().run()
    assert at.button(key="gradient_descent._btn_back").disabled is True


@pytest.mark.parametrize("lang", LANGS)
def test_divergence_is_explained_not_drawn_as_nan(lang):
    at = run_page(PAGE, lang=lang, params={"fn": "square", "a0_square": "2.5", "lr": "1.1", "k": "200"})
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "2.200 > 2" in errors[0]  # η·f″ = 1.1 × 2
    spec = spec_with(at, "path")
    for tr in spec["data"]:
        for axis in ("x", "y"):
            if axis in tr:
                assert np.all(np.isfinite(array(tr[axis])))


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
    table = at.table[0].value
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
    assert len(errors) == 1 and "2.200 > 2" in errors[0]  # η·λmax = 1.1 × 2 > 2
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
    assert len(charts(at)) == 3  # contour, 3-D surface, loss curves


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


def assert_paths_start_at(at, x: float, y: float, url: str) -> None:
    """Himmelblau's contour: the start marker and the sgd and adam paths begin at (x, y); the URL holds it."""
    spec = spec_with(at, "contour")
    assert list(trace(spec, meta="start")["x"]) == [x] and list(trace(spec, meta="start")["y"]) == [y]
    for name in ("sgd", "adam"):
        tr = trace(spec, meta=f"path:{name}")
        assert (array(tr["x"])[0], array(tr["y"])[0]) == (x, y)
    assert at.query_params["start_himmelblau"] in (url, [url])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_typed_start_point_moves_every_path_and_a_click_shows_in_the_inputs(lang):
    """The keyboard's way to the start (the contour's click is the mouse's): typing a coordinate moves the start and
    every path, and the URL follows; a click shows its point in the inputs."""
    at = run_page(PAGE, lang=lang, params={"view": "2d", "surf": "himmelblau", "opts": "sgd,adam"})
    x_in = at.number_input(key="gradient_descent.start_himmelblau.0")
    assert x_in.label == translate(lang, "gradient_descent.two.start_coord", name="x")  # Himmelblau: f(x, y)
    x_in.set_value(1.5).run()
    at.number_input(key="gradient_descent.start_himmelblau.1").set_value(-2.25).run()
    assert not at.exception
    assert_paths_start_at(at, 1.5, -2.25, "1.5,-2.25")
    click_chart(at, "gradient_descent.chart.contour", 2.0, -3.0)
    assert at.number_input(key="gradient_descent.start_himmelblau.0").value == 2.0
    assert at.number_input(key="gradient_descent.start_himmelblau.1").value == -3.0


def test_a_click_on_the_contour_moves_the_start_and_every_path():
    """The chart reports the clicked point (see explainer.charts); inside the surface's bounds it becomes the start,
    outside them (or not a number) nothing changes."""
    at = run_page(PAGE, params={"view": "2d", "surf": "himmelblau", "opts": "sgd,adam"})
    click_chart(at, "gradient_descent.chart.contour", 2.0, -3.0)
    assert not at.exception
    assert_paths_start_at(at, 2.0, -3.0, "2,-3")
    for x, y in ((99.0, 0.0), ("2", -3.0), (None, 1.0)):
        click_chart(at, "gradient_descent.chart.contour", x, y)
        assert not at.exception
        assert list(trace(spec_with(at, "contour"), meta="start")["x"]) == [2.0]


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


# ------------------------------------------------------------------------------------------ η, terms, links
@pytest.mark.parametrize("lang", LANGS)
def test_the_learning_rate_is_eta_everywhere(lang):
    texts = {k: v for k, v in all_keys(lang).items() if k.startswith("gradient_descent.")}
    assert not [k for k, v in texts.items() if "α" in v]
    assert "η" in texts["gradient_descent.lr"] and "η" in texts["gradient_descent.lesson.intro"]
    for section in view.SECTIONS:
        at = run_page(PAGE, lang=lang, params={"view": section})
        assert not [el.value for el in at.latex if "alpha" in el.value]
        for text in chart_texts(at):
            assert "α" not in text


def test_chinese_terms():
    assert translate("zh", "gradient_descent.surf.quadratic_bowl") == "碗状二次函数"
    assert "豆豆" in translate("zh", "gradient_descent.surf.logistic_loss")
    assert translate("zh", "gradient_descent.batch.epochs") == "轮数"
    at = run_page(PAGE, lang="zh", params={"view": "2d"})
    assert "碗状二次函数" in [o for o in at.selectbox(key="gradient_descent.surf").options]


def test_copy_link_qr_and_reset_follow_the_section_controls():
    at = run_page(PAGE, params={"view": "batch", "lecture": "1"})
    at.select_slider(key="gradient_descent.bs").set_value(50).run()
    shown = [el.value for el in at.sidebar.get("code")]
    assert any("bs=50" in text and "view=batch" in text for text in shown), shown
    qr = [img.caption for el in at.image for img in el.proto.imgs]
    assert len(qr) == 1 and "bs=50" in qr[0]
    at = run_page(PAGE, params={"fn": "quartic", "lr": "0.01", "k": "4"})
    at.button(key="gradient_descent._btn_step").click().run()
    assert any("k=5" in el.value for el in at.sidebar.get("code"))
    reset = [b for b in at.sidebar.button if b.label == translate("en", "common.reset_page")][0]
    reset.click().run()
    assert not at.exception
    assert at.selectbox(key="gradient_descent.fn").value == "square" and at.metric[0].value == "0"
    assert "k" not in at.query_params or at.query_params["k"] in ("0", ["0"])


def query_of(link) -> dict[str, str]:
    return dict(parse_qsl(link.proto.query_string))


def test_try_this_links_open_their_section_with_only_their_params():
    at = run_page(PAGE)
    bowl50 = lab.bowl_rates(sf.quadratic_bowl(50))
    expected = {
        "converges": ("1d", {"fn": "square", "a0_square": "2.5", "lr": "0.1"}),
        "diverges": ("1d", {"fn": "square", "a0_square": "2.5", "lr": "1.1", "k": "10"}),
        "bowl_diverges": ("2d", {"surf": "quadratic_bowl", "kappa": "50", "lr_quadratic_bowl":
                                 repr(bowl50["unstable"]), "opts": "sgd"}),
        "sgd_noise": ("batch", {"bs": "2"}),
        "scaling": ("scaling", {"spread": "50"}),
    }
    links = {el.proto.label: el for el in at.main.get("page_link")}
    for key, (section, params) in expected.items():
        assert query_of(links[translate("en", f"gradient_descent.try.{key}")]) == \
            {"lang": "en", "view": section, "task": "1", **params}, key


def test_scaling_task_text_is_true():
    """"Spread 50: the raw inputs do not reach the tolerance within the step limit, normalized ones need a handful"."""
    sv = lab.scaling_view(50.0, tol=view.SCALING_TOL, max_steps=view.SCALING_MAX_STEPS)
    assert sv.runs["raw"].steps_to_tol is None and sv.runs["normalized"].steps_to_tol <= 10
    at = run_page(PAGE, params={"view": "scaling", "spread": "50"})
    assert f"> {view.SCALING_MAX_STEPS}" in [m.value for m in at.metric]


def test_show_me_links_show_each_answer():
    qs = {q.id: q for q in view.checks()}
    q = qs["bowl_diverges"]
    assert q.answer == "c"  # η = 0.3 > 2/λmax = 0.2; η = 0.2 bounces, 0.1 converges
    at = run_page(PAGE, params={**{k: str(v) for k, v in q.show_me.items()}, "task": "1"})
    assert at.error and "3.000 > 2" in at.error[0].value
    q = qs["loss_after_step"]
    assert q.answer == pytest.approx(0.36)  # a₁ = 1.5 − 0.3 × 3 = 0.6
    at = run_page(PAGE, params={**{k: str(v) for k, v in q.show_me.items()}, "task": "1"})
    assert current_point(at)[1] == pytest.approx(q.answer, rel=1e-12)  # the dot is at step 1: (a₁, f(a₁))
    assert [m.value for m in at.metric][3] == fmt.num(q.answer)
    q = qs["fewest_steps"]
    assert q.answer == "b"  # η = 0.5: one step
    at = run_page(PAGE, params={**{k: str(v) for k, v in q.show_me.items()}, "task": "1"})
    assert at.success and translate("en", "gradient_descent.regime.converged_one", r="1.000") in at.success[0].value


@pytest.mark.parametrize("lang", LANGS)
def test_chart_titles_are_page_text(lang):
    at = run_page(PAGE, lang=lang, params={"view": "batch"})
    assert f"**{fmt.md_escape(translate(lang, 'gradient_descent.batch.paths_title'))}**" in [m.value for m in at.markdown]
    for text in chart_texts(at):
        assert "title" not in json.loads(text)["layout"]


def test_every_control_changes_what_it_should():
    at = run_page(PAGE, params={"fn": "square"})
    at.slider(key="gradient_descent.a0_square").set_value(-1.0).run()
    assert [m.value for m in at.metric][1] == "-1.0000" and at.query_params["a0_square"] in ("-1", ["-1"])
    at.select_slider(key="gradient_descent.lr").set_value(0.5).run()
    assert at.success and translate("en", "gradient_descent.regime.converged_one", r="1.000") in at.success[0].value
    at.session_state["gradient_descent.fn"] = "cube"  # a selectbox with a format_func: set through its state
    at.run()
    assert at.query_params["fn"] in ("cube", ["cube"]) and array(trace(spec_with(at, "curve"), meta="curve")["y"])[0] < 0

    at = run_page(PAGE, params={"view": "2d", "opts": "sgd,momentum", "n2": "50"})
    before = array(trace(spec_with(at, "path:momentum"), meta="path:momentum")["x"])
    at.select_slider(key="gradient_descent.beta").set_value(0.5).run()
    after = array(trace(spec_with(at, "path:momentum"), meta="path:momentum")["x"])
    assert len(after) == len(before) and not np.array_equal(after, before)
    at.slider(key="gradient_descent.n2").set_value(20).run()
    assert len(array(trace(spec_with(at, "path:sgd"), meta="path:sgd")["x"])) <= 21
    at.select_slider(key="gradient_descent.tol").set_value(0.01).run()
    assert list(trace(spec_with(at, "tol"), meta="tol")["y"]) == [0.01, 0.01]
    at.select_slider(key="gradient_descent.kappa").set_value(50).run()
    assert any(r"\lambda_{\max} = 50" in el.value for el in at.latex)
    at.multiselect(key="gradient_descent.opts").set_value(["adam"]).run()
    assert [tr["meta"] for tr in spec_with(at, "contour")["data"] if tr["meta"].startswith("path:")] == ["path:adam"]
    at.toggle(key="gradient_descent.s3d").set_value(True).run()
    assert len(charts(at)) == 3

    at = run_page(PAGE, params={"view": "batch", "ep": "3"})
    at.select_slider(key="gradient_descent.bs").set_value(50).run()
    assert len(array(trace(spec_with(at, "path:minibatch"), meta="path:minibatch")["x"])) == 3 * 2 + 1
    at.select_slider(key="gradient_descent.lr3").set_value(0.5).run()
    at.slider(key="gradient_descent.ep").set_value(5).run()
    d = datasets.two_gaussians(**view.GAUSS)
    batch = lab.minibatch_descent(d.X, d.y, 100, 0.5, 5, view.BATCH_START)
    np.testing.assert_array_equal(array(trace(spec_with(at, "loss:batch"), meta="loss:batch")["y"]), batch.epoch_loss)

    at = run_page(PAGE, params={"view": "scaling"})
    at.select_slider(key="gradient_descent.spread").set_value(2).run()
    sv = lab.scaling_view(2.0, tol=view.SCALING_TOL, max_steps=view.SCALING_MAX_STEPS)
    assert [m.value for m in at.metric][2] == str(sv.runs["raw"].steps_to_tol)


def _try_paths(key: str, n_steps: int | None = None) -> tuple[sf.Surface, dict]:
    """The optimizers' paths a 2-D task link opens (its surface, start, optimizers, rate and steps)."""
    params = dict(view.bowl_tries())[f"gradient_descent.try.{key}"]
    name = params["surf"]
    surface = view.build_surface(name)
    start = tuple(float(v) for v in params[f"start_{name}"].split(",")) if f"start_{name}" in params else tuple(
        surface.default_start)
    lr = params.get(view.lr_key(name), view.DEFAULT_LR[name])
    paths = lab.run_optimizers(surface, start, tuple(params["opts"].split(",")), lr, beta=0.9,
                               n_steps=n_steps or params["n2"])
    return surface, paths


def test_saddle_task_gradient_descent_lingers_then_overtakes_adam():
    """The saddle task: after its 40 steps gradient descent sits near the saddle (f ≈ 0) while Adam is far below;
    with 100 steps gradient descent, its steps growing by 1 + 2η = 1.1 along y, is below Adam."""
    surface, paths = _try_paths("saddle")
    f = {n: surface.f(p.points[-1]) for n, p in paths.items()}
    assert abs(f["sgd"]) < 0.5 and f["adam"] < f["sgd"] - 3
    surface, paths = _try_paths("saddle", 100)
    y = paths["sgd"].points[60:, 1]
    np.testing.assert_allclose(y[1:] / y[:-1], 1 + 2 * view.DEFAULT_LR["saddle"], rtol=1e-3)
    assert surface.f(paths["sgd"].points[-1]) < surface.f(paths["adam"].points[-1])


def test_rosenbrock_task_momentum_reaches_the_minimum_and_adam_is_slowest():
    """The Rosenbrock task (η = 0.002, 500 steps): momentum ends at (1, 1); gradient descent is still in the valley;
    Adam, whose steps are about η long, ends highest."""
    surface, paths = _try_paths("rosenbrock")
    f = {n: surface.f(p.points[-1]) for n, p in paths.items()}
    np.testing.assert_allclose(paths["momentum"].points[-1], [1.0, 1.0], atol=0.05)
    assert f["momentum"] < 1e-3 < f["sgd"] < f["adam"]
    steps = np.linalg.norm(np.diff(paths["adam"].points, axis=0), axis=1)
    assert steps.max() < 3 * 0.002  # Adam's step is about η whatever the gradient
