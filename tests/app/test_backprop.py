"""The Backprop page: both languages, steps driven to the end, every shown number equal to nncore's backward pass
and the numeric check, the sum over children, training and initialisation from the lesson, URL state, task links,
copy link / reset, bad params."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

import numpy as np
import pytest

import nncore
from explainer import fmt
from explainer.i18n import LANGS, translate
from explainer.views import backprop as view
from nncore.lessons import backprop as G
from tests.helpers import array, chart_specs, chart_texts, run_page, trace

PAGE = "backprop"


def beans():
    return G.beans_problem(view.BEANS_X, 1, *view.BEANS_DEFAULT)


def logreg():
    return G.logreg_problem(*view.LOGREG_DEFAULT, 1)


def mlp(n0=2, n1=2, act="tanh", m=3, seed=0):
    return G.mlp_problem(n0, n1, act, m, seed)


def graph_of(prob):
    return G.build_graph(prob.net, prob.X, prob.Y, prob.loss)


def spec_with(at, meta):
    for spec in chart_specs(at):
        if any(tr.get("meta") == meta for tr in spec["data"]):
            return spec
    raise AssertionError(f"no chart with a trace {meta!r}")


def graph_nodes(at):
    nodes = trace(spec_with(at, "nodes"), meta="nodes")
    return list(nodes["ids"]), array(nodes["customdata"])


def latex(at) -> list[str]:
    return [el.value.strip("$\n") for el in at.latex]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def click(at, name):
    at.button(key=f"backprop.btn_{name}").click().run()
    assert not at.exception
    return at


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("section", view.SECTIONS)
def test_every_section_runs(lang, section):
    at = run_page(PAGE, lang=lang, params={"view": section})
    assert not at.exception
    assert at.title[0].value == translate(lang, "backprop.title")
    assert at.radio(key="backprop.view").value == section


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("net", view.NETWORKS)
def test_steps_driven_to_the_end_show_nncore_gradients(lang, net):
    at = run_page(PAGE, lang=lang, params={"net": net})
    assert not at.exception
    ids, custom = graph_nodes(at)
    assert np.isnan(custom[:, 1]).all()  # step 0: no gradient yet
    click(at, "step")
    assert at.query_params["step"] in ("1", ["1"])
    click(at, "all")
    ids, custom = graph_nodes(at)
    prob = {"beans": beans, "logreg": logreg, "mlp": mlp}[net]()
    g = graph_of(prob)
    assert at.query_params["step"] in (str(g.n_steps), [str(g.n_steps)])
    grads = prob.net.backward(prob.net.forward(prob.X), prob.Y, prob.loss)
    check = nncore.gradient_check(prob.net, prob.X, prob.Y, prob.loss)
    shown = {name: custom[i] for i, name in enumerate(ids)}
    expected = np.concatenate([np.ravel(v) for v in grads.params()])
    np.testing.assert_allclose([shown[p][1] for p in g.params()], expected, rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose([shown[p][1] for p in g.params()], check.numeric, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(shown["x1"][1], grads.dA[0][0, 0], rtol=1e-10)  # the input, reached last
    np.testing.assert_allclose(shown[f"a{prob.net.n_layers}_1"][0], prob.net.forward(prob.X).A[-1][0, 0], rtol=1e-13)
    assert [s.value for s in at.success] == [translate(lang, "backprop.graph.done", cost=fmt.num(g.cost))]
    click(at, "back")
    assert at.query_params["step"] in (str(g.n_steps - 1), [str(g.n_steps - 1)])
    click(at, "reset")
    assert at.query_params["step"] in ("0", ["0"])


def test_logistic_regression_step_shows_dz_equals_a_minus_y():
    at = run_page(PAGE, params={"net": "logreg", "step": view.LOGREG_DZ_STEP})
    latex = [el.value for el in at.latex]
    assert any(r"\frac{\partial L}{\partial z}" in v and "= -0.2689" in v for v in latex)
    assert any("(a - y) = (0.7311 - 1.0000) = -0.2689" in v for v in latex)


def test_forward_step_shows_the_sum_with_numbers():
    at = run_page(PAGE, params={"net": "logreg", "step": 2})
    assert any(r"z = w_{1}x_{1} + w_{2}x_{2} + b = 0.5000 + 0.5000 + 0.0000 = 1.0000" in el.value for el in at.latex)


@pytest.mark.parametrize("lang", LANGS)
def test_the_last_backward_step_sums_over_the_two_children_of_x(lang):
    """The general rule ∂L/∂node = Σ over children, at the node with two children: the beans network's input x."""
    at = run_page(PAGE, lang=lang, params={"net": "beans", "step": "end"})
    g = graph_of(beans())
    assert g.backward_order[-1] == "x1" and g.children["x1"] == ("p1_1_1", "p1_1_2")
    shown = latex(at)
    assert any(r"\sum_{c\,\in\,\mathrm{children}}" in v for v in shown)
    terms = " + ".join(f"{fmt.latex_num(g.grad(c), paren_negative=True)} \\times "
                       f"{fmt.latex_num(g.local(c, 'x1'), paren_negative=True)}" for c in g.children["x1"])
    assert any(v.startswith(f"= {terms} = {fmt.latex_num(g.grad('x1'))}") for v in shown), shown
    assert [i.value for i in at.info] == [translate(lang, "backprop.graph.sum_rule", node="x₁", n=2,
                                                    children="w⁽¹⁾₁₁·x₁, w⁽¹⁾₁₂·x₁")]


def test_chain_rule_explorer_product_equals_the_gradient():
    at = run_page(PAGE, lang="zh", params={"net": "beans", "view": "chain", "wsel": "w1_1_1"})
    assert not at.exception
    prob = beans()
    g = graph_of(prob)
    path = g.chain("w1_1_1")
    grad = prob.net.backward(prob.net.forward(prob.X), prob.Y, "mse").dW[0][0, 0]
    shown = latex(at)
    last = [v for v in shown if v.startswith("= ") and r"\times" in v][-1]
    assert last.endswith(f"= {grad:.4f}") and last.count(r"\times") == len(path.factors) - 1
    assert r"\frac{\partial L}{\partial w^{[1]}_{11}} = \frac{\partial L}{\partial a^{[2]}}" in shown[0]
    spec = spec_with(at, "edges:path")
    assert len(trace(spec, meta="edges:path")["x"]) == 3 * (len(path.nodes) - 1)


def test_chain_rule_for_the_input_adds_its_two_paths():
    at = run_page(PAGE, params={"net": "beans", "view": "chain", "wsel": "x1"})
    g = graph_of(beans())
    paths = g.paths("x1")
    shown = latex(at)
    total = " + ".join(fmt.latex_num(p.products[0], paren_negative=True) for p in paths)
    assert any(v.endswith(f"= {total} = {fmt.latex_num(g.grad('x1'))}") for v in shown), shown
    assert [i.value for i in at.info] == [translate("en", "backprop.chain.several", node="x₁", n=2)]
    spec = spec_with(at, "edges:path")
    assert len(trace(spec, meta="edges:path")["x"]) == 3 * sum(len(p.nodes) - 1 for p in paths)


def test_six_equations_tables_match_the_engine():
    at = run_page(PAGE, params={"net": "mlp", "view": "equations", "n0": 2, "n1": 3, "m": 4})
    assert not at.exception
    prob = mlp(2, 3, "tanh", 4)
    eq = G.six_equations(prob.net, prob.X, prob.Y)
    frames = [df.value for df in at.table]
    assert len(frames) == 12
    for k, key in enumerate(("dZ2", "dW2", "db2", "dZ1", "dW1", "db1")):
        course, engine = frames[2 * k], frames[2 * k + 1]
        np.testing.assert_allclose(course.to_numpy(dtype=float), eq.course[key], atol=5e-5)
        np.testing.assert_allclose(engine.to_numpy(dtype=float), np.atleast_2d(eq.engine[key]), atol=5e-5)
    at2 = run_page(PAGE, params={"net": "beans", "view": "equations"})
    assert [i.value for i in at2.info] == [translate("en", "backprop.equations.need_mlp")]


@pytest.mark.parametrize("net", ["beans", "mlp"])
def test_gradient_check_passes_and_the_broken_derivative_fails(net):
    at = run_page(PAGE, params={"net": net, "view": "check"})
    assert at.success and not at.error
    table = at.table[0].value
    assert set(table.iloc[:, 4]) == {"✓"}
    at.toggle(key="backprop.broken").set_value(True).run()
    assert at.error and not at.success
    table = at.table[0].value
    prob = beans() if net == "beans" else mlp()
    n_first = prob.net.weights[0].size + prob.net.biases[0].size
    marks = list(table.iloc[:, 4])
    assert "✗" in marks[:n_first] and set(marks[n_first:]) == {"✓"}  # only the first layer's gradients break
    assert at.query_params["broken"] in ("1", ["1"])


@pytest.mark.parametrize("lang", LANGS)
def test_gradient_check_quotes_the_measured_error_not_a_typed_one(lang):
    at = run_page(PAGE, lang=lang, params={"net": "beans", "view": "check"})
    largest = G.largest_relative_error(G.check_gradients(beans()))
    assert 1e-13 < largest < 1e-10  # measured: 4.4e-12 for the beans network's defaults
    err = fmt.sci(largest, 1)
    assert [s.value for s in at.success] == [translate(lang, "backprop.check.passed", err=err, tol="10⁻⁶")]
    assert translate(lang, "backprop.check.caption", err=err) in [c.value for c in at.caption]
    # the broken derivative: the caption quotes the failing check's largest relative error (0.67 here: this
    # relative error is at most 1, so "near 1" was not what the table showed)
    broken = G.check_gradients(beans(), True)
    worst = G.largest_relative_error(broken)
    assert 0.1 < worst <= 1 and max(broken.rel_error) == worst
    at.toggle(key="backprop.broken").set_value(True).run()
    assert translate(lang, "backprop.check.caption_failed", err=fmt.num(worst, 2), tol="10⁻⁶") in [
        c.value for c in at.caption]
    for key in ("lesson.check", "check.caption", "check.passed"):  # no size typed into the catalog
        text = translate(lang, f"backprop.{key}", err="{err}", tol="{tol}")
        assert "10⁻⁸" not in text and "10⁻⁹" not in text and "1e-" not in text


def test_one_update_table_and_new_cost_equal_nncore():
    at = run_page(PAGE, params={"net": "beans", "view": "update", "lr": 0.5})
    prob = beans()
    upd = G.gradient_step(prob.net, prob.X, prob.Y, "mse", 0.5)
    table = at.table[0].value
    np.testing.assert_allclose(table.iloc[:, 4].astype(float), upd.new, atol=5e-5)
    assert at.metric[1].value == f"{upd.cost_after:.6f}"
    assert at.success
    at2 = run_page(PAGE, params={"net": "mlp", "view": "update", "lr": 100})
    assert at2.warning and not at2.exception


def test_training_section_shows_the_lesson_run_and_each_control_changes_it():
    at = run_page(PAGE, lang="zh", params={"view": "train", "epochs": 1000, "tlr": 3})
    assert not at.exception
    spec = spec_with(at, "fit")
    assert len(spec["frames"]) == 11  # epochs 0, 100, …, 1000
    run = G.beans_training(0, view.TRAIN_RATES, 5000, view.TRAIN_SNAPSHOTS, view.TRAIN_GRID)
    rec = run.record(3.0, 1000)
    np.testing.assert_array_equal(array(trace(spec, meta="cost")["y"]), rec.costs)
    np.testing.assert_array_equal(array(trace(spec, meta="fit")["y"]), rec.fits[-1])
    assert spec["layout"]["sliders"][0]["currentvalue"]["prefix"] == "轮数："
    at.select_slider(key="backprop.tlr").set_value(0.3).run()
    spec = spec_with(at, "fit")
    np.testing.assert_array_equal(array(trace(spec, meta="cost")["y"]), run.record(0.3, 1000).costs)
    at.select_slider(key="backprop.epochs").set_value(100).run()
    spec = spec_with(at, "fit")
    assert [f["name"] for f in spec["frames"]][:3] == ["0", "2", "4"] and len(spec["frames"]) == 51
    at.number_input(key="backprop.tseed").set_value(4).run()
    other = G.beans_training(4, view.TRAIN_RATES, 5000, view.TRAIN_SNAPSHOTS, view.TRAIN_GRID).record(0.3, 100)
    np.testing.assert_array_equal(array(trace(spec_with(at, "fit"), meta="cost")["y"]), other.costs)
    assert at.query_params["tseed"] in ("4", ["4"]) and at.query_params["tlr"] in ("0.3", ["0.3"])


def test_initialisation_histogram_and_shares_come_from_nncore():
    at = run_page(PAGE, params={"view": "symmetry"})
    gi = G.gaussian_init("normal", 0)
    spec = spec_with(at, "hist")
    np.testing.assert_array_equal(array(trace(spec, meta="hist")["y"]), gi.shares)
    np.testing.assert_array_equal(array(trace(spec, meta="normal")["y"]), gi.expected)
    bands = {s["name"]: (s["x0"], s["x1"]) for s in spec["layout"]["shapes"]}
    assert bands["band:3"] == pytest.approx((-0.03, 0.03))  # σ = 0.01: Article 3's randn × 0.01
    m = metrics(at)
    assert [m[translate("en", "backprop.init.within", k=k)] for k in (1, 2, 3)] == \
        [fmt.percent(s, 2) for s in gi.within]
    assert trace(spec, meta="legend:band:3")["name"] == translate("en", "backprop.init.band", k=3,
                                                                  share=fmt.percent(gi.within[2], 2))
    at.radio(key="backprop.ginit").set_value("he").run()
    he = G.gaussian_init("he", 0)
    spec = spec_with(at, "hist")
    assert spec["layout"]["shapes"][0]["x1"] == pytest.approx(3 * he.sigma)
    np.testing.assert_array_equal(array(trace(spec, meta="hist")["y"]), he.shares)
    at.number_input(key="backprop.gseed").set_value(5).run()
    np.testing.assert_array_equal(array(trace(spec_with(at, "hist"), meta="hist")["y"]),
                                  G.gaussian_init("he", 5).shares)


def test_symmetry_section_units_stay_identical_and_random_ones_do_not():
    at = run_page(PAGE, params={"view": "symmetry", "sinit": "zeros", "sunits": 3})
    assert not at.exception
    spec = spec_with(at, "same:0")
    lines = [array(trace(spec, meta=f"same:{j}")["y"]) for j in range(3)]
    assert all(np.array_equal(lines[0], l) for l in lines[1:])
    rand = [array(trace(spec, meta=f"random:{j}")["y"]) for j in range(3)]
    assert not np.array_equal(rand[0], rand[1])
    rec = G.beans_symmetry("normal", 3, view.SYMMETRY_STEPS)
    drawn = np.arange(0, view.SYMMETRY_STEPS + 1, view.SYMMETRY_DRAW_EVERY)
    assert drawn[-1] == view.SYMMETRY_STEPS
    np.testing.assert_array_equal(rand[1], rec.W1[drawn, 0, 1])
    np.testing.assert_array_equal(array(trace(spec, meta="random:grad:1")["y"]), rec.dW1[drawn[:-1], 0, 1])
    m = metrics(at)
    assert m[translate("en", "backprop.symmetry.spread_same")] == "0.0000"
    assert m[translate("en", "backprop.symmetry.spread_random")] == fmt.num(rec.max_spread)
    at.slider(key="backprop.sunits").set_value(2).run()
    assert len([tr for tr in spec_with(at, "same:0")["data"] if tr["meta"].startswith("same:")
                and "grad" not in tr["meta"]]) == 2


def test_shared_link_restores_network_inputs_and_step():
    params = {"net": "logreg", "x1": 1.5, "x2": -0.5, "w1": 2, "w2": 1, "b": -0.25, "y": 0, "step": 9}
    at = run_page(PAGE, lang="zh", params=params)
    assert at.radio(key="backprop.net").value == "logreg"
    assert at.slider(key="backprop.x1").value == 1.5
    assert at.slider(key="backprop.b").value == -0.25
    assert at.radio(key="backprop.y").value == 0
    assert at.query_params["step"] in ("9", ["9"])
    g = graph_of(G.logreg_problem(1.5, -0.5, 2.0, 1.0, -0.25, 0))
    ids, custom = graph_nodes(at)
    shown = dict(zip(ids, custom))
    reached = g.backward_order[:9 - len(g.forward_stages)]
    for name in reached:
        np.testing.assert_allclose(shown[name][1], g.grad(name), rtol=1e-12)
    assert all(np.isnan(shown[n][1]) for n in g.backward_order[len(reached):])
    at2 = run_page(PAGE, params={"net": "mlp", "n0": 3, "n1": 3, "m": 5, "act": "relu", "seed": 7,
                                 "step": "end", "ex": 2})
    assert at2.slider(key="backprop.n0").value == 3 and at2.selectbox(key="backprop.act").value == "relu"
    assert at2.slider(key="backprop.ex").value == 2
    g = graph_of(mlp(3, 3, "relu", 5, 7))
    ids, custom = graph_nodes(at2)
    shown = dict(zip(ids, custom))
    np.testing.assert_allclose(shown["z1_1"], [g.value("z1_1", 1), g.grad("z1_1", 1)], rtol=1e-12)


def test_network_controls_change_the_graph_inside_the_section():
    """The network chooser and its sliders live in the section's fragment: each change redraws the graph."""
    at = run_page(PAGE, params={"step": "end"})
    at.slider(key="backprop.w11_1").set_value(0.5).run()
    g = graph_of(G.beans_problem(view.BEANS_X, 1, 0.5, *view.BEANS_DEFAULT[1:]))
    ids, custom = graph_nodes(at)
    np.testing.assert_allclose(dict(zip(ids, custom))["w1_1_1"], [0.5, g.grad("w1_1_1")], rtol=1e-12)
    assert at.query_params["w11_1"] in ("0.5", ["0.5"])
    at.radio(key="backprop.net").set_value("logreg").run()
    ids, _ = graph_nodes(at)
    assert "x2" in ids and "a2_1" not in ids
    at.radio(key="backprop.net").set_value("mlp").run()
    at.slider(key="backprop.m").set_value(5).run()
    assert at.slider(key="backprop.ex").max == 5


def test_copy_link_qr_and_reset_follow_the_section_controls():
    at = run_page(PAGE, params={"view": "update", "lecture": "1"})
    at.select_slider(key="backprop.lr").set_value(3.0).run()
    shown = [el.value for el in at.sidebar.get("code")]
    assert any("lr=3" in text and "view=update" in text for text in shown), shown
    qr = [img.caption for el in at.image for img in el.proto.imgs]
    assert len(qr) == 1 and "lr=3" in qr[0]
    reset = [b for b in at.sidebar.button if b.label == translate("en", "common.reset_page")][0]
    reset.click().run()
    assert not at.exception
    assert at.radio(key="backprop.view").value == "update"  # the section stays, its rate back to the default
    assert at.query_params["lr"] in ("0.5", ["0.5"])


def query_of(link) -> dict[str, str]:
    return dict(parse_qsl(link.proto.query_string))


def test_try_this_links_open_their_section_with_only_their_params():
    at = run_page(PAGE)
    expected = {
        "logreg_dz": ("graph", {"net": "logreg", "step": str(view.LOGREG_DZ_STEP)}),
        "beans_end": ("graph", {"net": "beans", "step": "end"}),
        "input_paths": ("chain", {"net": "beans", "wsel": "x1"}),
        "broken": ("check", {"net": "beans", "broken": "1"}),
        "big_rate": ("update", {"net": "mlp", "lr": "100"}),
        "train": ("train", {"tlr": "3", "epochs": "5000"}),
        "train_slow": ("train", {"tlr": "0.3", "epochs": "5000"}),
        "symmetry": ("symmetry", {"sinit": "zeros", "sunits": "3"}),
    }
    links = {el.proto.label: el for el in at.main.get("page_link")}
    for key, (section, params) in expected.items():
        assert query_of(links[translate("en", f"backprop.try.{key}")]) == \
            {"lang": "en", "view": section, "task": "1", **params}, key


def test_following_a_task_resets_the_other_controls():
    at = run_page(PAGE, params={"view": "train", "tseed": "9", "epochs": "500"})
    for k in list(at.query_params.keys()):
        del at.query_params[k]
    for k, v in {"lang": "en", "view": "train", "tlr": "0.3", "epochs": "5000", "task": "1"}.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    assert at.number_input(key="backprop.tseed").value == 0  # the default, not the 9 set before
    assert at.select_slider(key="backprop.tlr").value == 0.3


def test_show_me_links_show_each_answer():
    qs = {q.id: q for q in view.checks()}
    q = qs["dz"]
    assert q.answer == pytest.approx(-0.2689, abs=5e-5)
    at = run_page(PAGE, params={**{k: str(v) for k, v in q.show_me.items()}, "task": "1"})
    assert any(f"= {fmt.latex_num(q.answer)}" in el.value for el in at.latex)
    q = qs["chain"]
    at = run_page(PAGE, params={**{k: str(v) for k, v in q.show_me.items()}, "task": "1"})
    assert any(v.endswith(f"= {fmt.latex_num(q.answer)}") for v in latex(at))
    q = qs["count"]
    assert q.answer == 9
    at = run_page(PAGE, params={**{k: str(v) for k, v in q.show_me.items()}, "task": "1"})
    assert len(at.table[0].value) == 9
    q = qs["three_sigma"]
    at = run_page(PAGE, params={**{k: str(v) for k, v in q.show_me.items()}, "task": "1"})
    assert metrics(at)[translate("en", "backprop.init.within", k=3)] == f"{q.answer:.2f} %"


@pytest.mark.parametrize("lang", LANGS)
def test_chart_titles_are_page_text_and_the_graph_labels_have_an_explicit_size(lang):
    at = run_page(PAGE, lang=lang, params={"step": "end"})
    assert f"**{fmt.md_escape(translate(lang, 'backprop.graph.chart_title'))}**" in [m.value for m in at.markdown]
    for text in chart_texts(at):
        spec = json.loads(text)
        assert "title" not in spec["layout"]
        notes = [a for a in spec["layout"]["annotations"] if a.get("name", "").startswith("node:")]
        assert notes and all(a["font"]["size"] >= 12 for a in notes)


def test_lecture_mode_enlarges_the_node_labels_to_18px():
    at = run_page(PAGE, params={"lecture": "1", "step": "end"})
    spec = json.loads(chart_texts(at)[0])
    notes = [a for a in spec["layout"]["annotations"] if a.get("name", "").startswith("node:")]
    assert {a["font"]["size"] for a in notes} == {18}


def test_chinese_terms():
    assert "轮数" in translate("zh", "backprop.train.epoch_prefix")
    assert translate("zh", "backprop.kinds.weight") == "权重"
    assert "文章 4《深度学习隐藏层神经网络工作》" in translate("zh", "backprop.lesson.net_beans")


GARBAGE = [
    {"net": "resnet", "step": "-3", "view": "nope"},
    {"net": "beans", "step": "9999", "x": "nan", "w11_1": "1e9", "y": "2"},
    {"net": "mlp", "n0": "0", "n1": "abc", "m": "100", "act": "softmax", "seed": "-1", "step": "1.5", "ex": "9"},
    {"net": "logreg", "x1": "inf", "lr": "7", "view": "update", "wsel": "zzz"},
    {"view": "chain", "wsel": "w9_9_9", "step": ""},
    {"view": "train", "tlr": "1e9", "epochs": "12", "tseed": "x"},
    {"view": "symmetry", "sinit": "he", "sunits": "40", "ginit": "lecun", "gseed": "-4"},
]


@pytest.mark.parametrize("params", GARBAGE)
def test_bad_params_fall_back_to_defaults(params):
    at = run_page(PAGE, params=params)
    assert not at.exception
    in_url = params.get("view") if params.get("view") in view.SECTIONS else "graph"
    net = at.radio(key="backprop.net").value if in_url in view.NETWORK_SECTIONS else None
    if net is not None:
        assert net == (params["net"] if params.get("net") in view.NETWORKS else "beans")
    if params.get("view") in (None, "nope"):
        assert at.radio(key="backprop.view").value == "graph"
        assert at.query_params["step"] in ("0", ["0"])
    if net == "beans" and "x" in params:
        assert at.slider(key="backprop.x").value == view.BEANS_X
        assert at.slider(key="backprop.w11_1").value == view.BEANS_DEFAULT[0]
        assert at.radio(key="backprop.y").value == 1
    if net == "mlp":
        assert at.slider(key="backprop.n0").value == 2 and at.slider(key="backprop.m").value == 3
        assert at.selectbox(key="backprop.act").value == "tanh"
        assert at.slider(key="backprop.ex").value == 1
    if params.get("view") == "train":
        assert at.select_slider(key="backprop.tlr").value == 3.0
        assert at.select_slider(key="backprop.epochs").value == 5000
    if params.get("view") == "symmetry":
        assert at.radio(key="backprop.sinit").value == "constant" and at.slider(key="backprop.sunits").value == 3
        assert at.radio(key="backprop.ginit").value == "normal" and at.number_input(key="backprop.gseed").value == 0


def test_the_remaining_controls_change_what_they_should():
    at = run_page(PAGE, params={"view": "chain", "net": "beans"})
    at.session_state["backprop.wsel"] = "b2_1"  # a selectbox with a format_func: set through its state
    at.run()
    g = graph_of(beans())
    assert latex(at)[-1].endswith(f"= {fmt.latex_num(g.grad('b2_1'))}") and at.query_params["wsel"] in ("b2_1", ["b2_1"])
    at = run_page(PAGE, params={"view": "symmetry"})
    at.radio(key="backprop.sinit").set_value("zeros").run()
    same = G.beans_symmetry("zeros", 3, view.SYMMETRY_STEPS)
    drawn = np.arange(0, view.SYMMETRY_STEPS + 1, view.SYMMETRY_DRAW_EVERY)
    np.testing.assert_array_equal(array(trace(spec_with(at, "same:0"), meta="same:0")["y"]), same.W1[drawn, 0, 0])
    at = run_page(PAGE, params={"net": "mlp", "m": "4", "step": "end"})
    at.slider(key="backprop.ex").set_value(3).run()
    g = graph_of(mlp(m=4))
    ids, custom = graph_nodes(at)
    np.testing.assert_allclose(dict(zip(ids, custom))["a1_1"], [g.value("a1_1", 2), g.grad("a1_1", 2)], rtol=1e-12)
    at.selectbox(key="backprop.act").set_value("relu").run()
    assert not at.exception and at.query_params["act"] in ("relu", ["relu"])
