"""The Backprop page: both languages, steps driven to the end, every shown number equal to nncore's backward pass
and the numeric check, URL restore, bad params."""

from __future__ import annotations

import numpy as np
import pytest

import nncore
from explainer.i18n import LANGS, translate
from explainer.views import backprop as view
from nncore.lessons import backprop as G
from tests.helpers import array, chart_specs, run_page, trace


def beans_problem():
    w11, b1, w12, b2, v1, v2, c = view.BEANS_DEFAULT
    net = nncore.MLP([1, 2, 1], hidden="sigmoid", output="sigmoid", init="zeros")
    net.set_params([[[w11, w12]], [[v1], [v2]]], [[b1, b2], [c]])
    return net, np.array([[view.BEANS_X]]), np.array([[1.0]])


def mlp_problem(n0=2, n1=2, act="tanh", m=3, seed=0):
    X, Y = nncore.datasets.random_inputs(m, n0, seed=seed + 500)
    return nncore.MLP([n0, n1, 1], hidden=act, output="sigmoid", init="xavier", seed=seed), X, Y


def graph_nodes(at):
    spec = [s for s in chart_specs(at) if any(tr.get("meta") == "nodes" for tr in s["data"])][0]
    nodes = trace(spec, meta="nodes")
    return list(nodes["ids"]), array(nodes["customdata"])


def click(at, name):
    at.button(key=f"backprop.btn_{name}").click().run()
    assert not at.exception
    return at


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("net", view.NETWORKS)
def test_steps_driven_to_the_end_show_nncore_gradients(lang, net):
    at = run_page("backprop", lang=lang, params={"net": net})
    assert not at.exception
    assert at.title[0].value == translate(lang, "backprop.title")
    ids, custom = graph_nodes(at)
    assert np.isnan(custom[:, 1]).all()  # step 0: no gradient yet
    click(at, "step")
    assert at.query_params["step"] in ("1", ["1"])
    click(at, "all")
    ids, custom = graph_nodes(at)
    prob_net, X, Y = {"beans": beans_problem, "mlp": mlp_problem,
                      "logreg": lambda: (G_logreg(), np.array([[1.0, 2.0]]), np.array([[1.0]]))}[net]()
    loss = "mse" if net == "beans" else "bce"
    g = G.build_graph(prob_net, X, Y, loss)
    assert at.query_params["step"] in (str(g.n_steps), [str(g.n_steps)])
    grads = prob_net.backward(prob_net.forward(X), Y, loss)
    check = nncore.gradient_check(prob_net, X, Y, loss)
    shown = {name: custom[i] for i, name in enumerate(ids)}
    expected = np.concatenate([np.ravel(v) for v in grads.params()])
    np.testing.assert_allclose([shown[p][1] for p in g.params()], expected, rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose([shown[p][1] for p in g.params()], check.numeric, rtol=1e-6, atol=1e-9)
    tr = prob_net.forward(X)
    np.testing.assert_allclose(shown[f"a{prob_net.n_layers}_1"][0], tr.A[-1][0, 0], rtol=1e-13)
    assert [s.value for s in at.success] == [translate(lang, "backprop.graph.done", cost=at.success[0].value.split(
        " ")[-1].rstrip("。.") if lang == "en" else at.success[0].value.split("代价为 ")[-1].rstrip("。"))]
    click(at, "back")
    assert at.query_params["step"] in (str(g.n_steps - 1), [str(g.n_steps - 1)])
    click(at, "reset")
    assert at.query_params["step"] in ("0", ["0"])


def G_logreg():
    net = nncore.MLP([2, 1], output="sigmoid", init="zeros")
    x1, x2, w1, w2, b = view.LOGREG_DEFAULT
    net.set_params([[[w1], [w2]]], [[b]])
    return net


def test_logistic_regression_step_shows_dz_equals_a_minus_y():
    at = run_page("backprop", params={"net": "logreg", "step": view.LOGREG_DZ_STEP})
    latex = [el.value for el in at.latex]
    assert any(r"\frac{\partial L}{\partial z}" in v and "= -0.2689" in v for v in latex)
    assert any("(a - y) = (0.7311 - 1.0000) = -0.2689" in v for v in latex)


def test_forward_step_shows_the_sum_with_numbers():
    at = run_page("backprop", params={"net": "logreg", "step": 2})
    assert any(r"z = w_{1}x_{1} + w_{2}x_{2} + b = 0.5000 + 0.5000 + 0.0000 = 1.0000" in el.value for el in at.latex)


def test_chain_rule_explorer_product_equals_the_gradient():
    at = run_page("backprop", lang="zh", params={"net": "beans", "view": "chain", "wsel": "w1_1_1"})
    assert not at.exception
    net, X, Y = beans_problem()
    g = G.build_graph(net, X, Y, "mse")
    path = g.chain("w1_1_1")
    grad = net.backward(net.forward(X), Y, "mse").dW[0][0, 0]
    latex = [el.value.strip("$\n") for el in at.latex]
    last = [v for v in latex if v.startswith("= ") and r"\times" in v][-1]
    assert last.endswith(f"= {grad:.4f}") and last.count(r"\times") == len(path.factors) - 1
    assert r"\frac{\partial L}{\partial w^{[1]}_{11}} = \frac{\partial L}{\partial a^{[2]}}" in latex[0]
    spec = [s for s in chart_specs(at) if any(tr.get("meta") == "edges:path" for tr in s["data"])][0]
    assert len(trace(spec, meta="edges:path")["x"]) == 3 * (len(path.nodes) - 1)


def test_six_equations_tables_match_the_engine():
    at = run_page("backprop", params={"net": "mlp", "view": "equations", "n0": 2, "n1": 3, "m": 4})
    assert not at.exception
    net, X, Y = mlp_problem(2, 3, "tanh", 4)
    eq = G.six_equations(net, X, Y)
    frames = [df.value for df in at.dataframe]
    assert len(frames) == 12
    for k, key in enumerate(("dZ2", "dW2", "db2", "dZ1", "dW1", "db1")):
        course, engine = frames[2 * k], frames[2 * k + 1]
        np.testing.assert_allclose(course.to_numpy(dtype=float), eq.course[key], atol=5e-5)
        np.testing.assert_allclose(engine.to_numpy(dtype=float), np.atleast_2d(eq.engine[key]), atol=5e-5)
    at2 = run_page("backprop", params={"net": "beans", "view": "equations"})
    assert [i.value for i in at2.info] == [translate("en", "backprop.equations.need_mlp")]


@pytest.mark.parametrize("net", ["beans", "mlp"])
def test_gradient_check_passes_and_the_broken_derivative_fails(net):
    at = run_page("backprop", params={"net": net, "view": "check"})
    assert at.success and not at.error
    table = at.dataframe[0].value
    assert set(table.iloc[:, 4]) == {"✓"}
    at.toggle(key="backprop.broken").set_value(True).run()
    assert at.error and not at.success
    table = at.dataframe[0].value
    prob = beans_problem() if net == "beans" else mlp_problem()
    n_first = prob[0].weights[0].size + prob[0].biases[0].size
    marks = list(table.iloc[:, 4])
    assert "✗" in marks[:n_first] and set(marks[n_first:]) == {"✓"}  # only the first layer's gradients break
    assert at.query_params["broken"] in ("1", ["1"])


def test_one_update_table_and_new_cost_equal_nncore():
    at = run_page("backprop", params={"net": "beans", "view": "update", "lr": 0.5})
    net, X, Y = beans_problem()
    upd = G.gradient_step(net, X, Y, "mse", 0.5)
    table = at.dataframe[0].value
    np.testing.assert_allclose(table.iloc[:, 4].astype(float), upd.new, atol=5e-5)
    assert at.metric[1].value == f"{upd.cost_after:.6f}"
    assert at.success
    at2 = run_page("backprop", params={"net": "mlp", "view": "update", "lr": 100})
    assert at2.warning and not at2.exception


def test_training_section_shows_the_recorded_run():
    at = run_page("backprop", lang="zh", params={"view": "train", "epochs": 1000, "tlr": 3})
    assert not at.exception
    spec = chart_specs(at)[0]
    assert len(spec["frames"]) == 11  # epochs 0, 100, …, 1000
    data = nncore.datasets.beans(100, seed=0)
    net = nncore.MLP([1, 2, 1], hidden="sigmoid", output="sigmoid", init="uniform", seed=0)
    rec = G.train_snapshots(net, data.X, data.y, "mse", 3.0, 1000, 100, view.GRID)
    np.testing.assert_allclose(array(trace(spec, meta="cost")["y"]), rec.costs)
    np.testing.assert_allclose(array(trace(spec, meta="fit")["y"]), rec.fits[-1])


def test_symmetry_section_units_stay_identical():
    at = run_page("backprop", params={"view": "symmetry", "sinit": "zeros", "sunits": 3})
    assert not at.exception
    spec = chart_specs(at)[0]
    lines = [array(trace(spec, meta=f"same:{j}")["y"]) for j in range(3)]
    assert all(np.array_equal(lines[0], l) for l in lines[1:])
    rand = [array(trace(spec, meta=f"random:{j}")["y"]) for j in range(3)]
    assert not np.array_equal(rand[0], rand[1])
    assert at.metric[0].value == "0.0000"


def test_shared_link_restores_network_inputs_and_step():
    params = {"net": "logreg", "x1": 1.5, "x2": -0.5, "w1": 2, "w2": 1, "b": -0.25, "y": 0, "step": 9}
    at = run_page("backprop", lang="zh", params=params)
    assert at.radio(key="backprop.net").value == "logreg"
    assert at.slider(key="backprop.x1").value == 1.5
    assert at.slider(key="backprop.b").value == -0.25
    assert at.radio(key="backprop.y").value == 0
    assert at.query_params["step"] in ("9", ["9"])
    net = nncore.MLP([2, 1], output="sigmoid", init="zeros")
    net.set_params([[[2.0], [1.0]]], [[-0.25]])
    g = G.build_graph(net, [[1.5, -0.5]], [[0.0]], "bce")
    ids, custom = graph_nodes(at)
    shown = dict(zip(ids, custom))
    reached = g.backward_order[:9 - len(g.forward_stages)]
    for name in reached:
        np.testing.assert_allclose(shown[name][1], g.grad(name), rtol=1e-12)
    assert all(np.isnan(shown[n][1]) for n in g.backward_order[len(reached):])
    at2 = run_page("backprop", params={"net": "mlp", "n0": 3, "n1": 3, "m": 5, "act": "relu", "seed": 7,
                                       "step": "end", "ex": 2})
    assert at2.slider(key="backprop.n0").value == 3 and at2.selectbox(key="backprop.act").value == "relu"
    assert at2.slider(key="backprop.ex").value == 2
    net, X, Y = mlp_problem(3, 3, "relu", 5, 7)
    g = G.build_graph(net, X, Y, "bce")
    ids, custom = graph_nodes(at2)
    shown = dict(zip(ids, custom))
    np.testing.assert_allclose(shown["z1_1"], [g.value("z1_1", 1), g.grad("z1_1", 1)], rtol=1e-12)


GARBAGE = [
    {"net": "resnet", "step": "-3", "view": "nope"},
    {"net": "beans", "step": "9999", "x": "nan", "w11_1": "1e9", "y": "2"},
    {"net": "mlp", "n0": "0", "n1": "abc", "m": "100", "act": "softmax", "seed": "-1", "step": "1.5", "ex": "9"},
    {"net": "logreg", "x1": "inf", "lr": "7", "view": "update", "wsel": "zzz"},
    {"view": "chain", "wsel": "w9_9_9", "step": ""},
    {"view": "train", "tlr": "1e9", "epochs": "12", "tseed": "x"},
    {"view": "symmetry", "sinit": "he", "sunits": "40"},
]


@pytest.mark.parametrize("params", GARBAGE)
def test_bad_params_fall_back_to_defaults(params):
    at = run_page("backprop", params=params)
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
