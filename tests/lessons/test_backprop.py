"""nncore.lessons.backprop: the node-level computational graph equals the MLP's forward and backward pass and central
differences; every gradient is the sum over the node's children (the input x of the beans network has two); path
products equal the gradients; the six equations match; the batched beans training equals nncore's Trainer; Gaussian
initialisation follows the 3σ rule; symmetric starts stay symmetric.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nncore
from nncore.lessons import backprop as G


def beans(params=(2.0, -1.0, -1.5, 2.5, 1.5, 1.0, -1.0)):
    w11, b1, w12, b2, v1, v2, c = params
    net = nncore.MLP([1, 2, 1], hidden="sigmoid", output="sigmoid", init="zeros")
    net.set_params([[[w11, w12]], [[v1], [v2]]], [[b1, b2], [c]])
    return net


def logreg(w1=0.5, w2=0.25, b=0.0):
    net = nncore.MLP([2, 1], output="sigmoid", init="zeros")
    net.set_params([[[w1], [w2]]], [[b]])
    return net


def mlp(n0=2, n1=3, act="tanh", m=4, seed=0):
    X, Y = nncore.datasets.random_inputs(m, n0, seed=seed + 500)
    return nncore.MLP([n0, n1, 1], hidden=act, output="sigmoid", init="xavier", seed=seed), X, Y


CASES = [
    ("beans", beans(), np.array([[1.0]]), np.array([[1.0]]), "mse"),
    ("logreg", logreg(), np.array([[1.0, 2.0]]), np.array([[1.0]]), "bce"),
    ("mlp_tanh", *mlp(), "bce"),
    ("mlp_relu", *mlp(3, 3, "relu", 5, 2), "bce"),
    ("beans_batch", beans(), nncore.datasets.beans(6, seed=1).X, nncore.datasets.beans(6, seed=1).y, "mse"),
]


def param_array(net, node):
    """The MLP entry behind a parameter node: w^[l]_ij = weights[l-1][i, j], b^[l]_j = biases[l-1][j]."""
    if node.kind == "weight":
        return net.weights[node.layer - 1], (node.source, node.unit)
    return net.biases[node.layer - 1], (node.unit,)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_node_values_equal_the_mlp_trace(case):
    _, net, X, Y, loss = case
    g = G.build_graph(net, X, Y, loss)
    tr = net.forward(X)
    for nd in g.nodes.values():
        if nd.kind == "sum":
            np.testing.assert_allclose(nd.value, tr.Z[nd.layer][:, nd.unit], rtol=1e-13, atol=1e-15)
        elif nd.kind == "activation":
            np.testing.assert_allclose(nd.value, tr.A[nd.layer][:, nd.unit], rtol=1e-13, atol=1e-15)
        elif nd.kind == "input":
            np.testing.assert_array_equal(nd.value, tr.A[0][:, nd.source])
        elif nd.kind == "product":
            np.testing.assert_allclose(nd.value, tr.A[nd.layer - 1][:, nd.source] * net.weights[nd.layer - 1][
                nd.source, nd.unit], rtol=1e-15)
        elif nd.kind in ("weight", "bias"):
            arr, idx = param_array(net, nd)
            assert float(nd.value) == arr[idx]
    np.testing.assert_allclose(g.cost, net.cost(tr, Y, loss), rtol=1e-12)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_every_gradient_equals_backward_and_central_differences(case):
    _, net, X, Y, loss = case
    g = G.build_graph(net, X, Y, loss)
    tr = net.forward(X)
    grads = net.backward(tr, Y, loss)
    # the order of Graph.params() is the order of MLP.params() flattened (the gradient check's order)
    graph_grads = np.array([g.grad(p) for p in g.params()])
    np.testing.assert_allclose(graph_grads, np.concatenate([np.ravel(x) for x in grads.params()]), rtol=1e-10,
                               atol=1e-14)
    check = nncore.gradient_check(net, X, Y, loss)
    assert check.passed
    np.testing.assert_allclose(graph_grads, check.numeric, rtol=1e-6, atol=1e-9)
    assert np.all(nncore.relative_error(graph_grads, check.numeric)[np.abs(graph_grads) > 1e-9] < 1e-6)
    # per-example node gradients are the engine's dZ and dA (which include J's 1/m)
    for nd in g.nodes.values():
        if nd.kind == "sum":
            np.testing.assert_allclose(g.grads[nd.name], grads.dZ[nd.layer][:, nd.unit], rtol=1e-9, atol=1e-15)
        elif nd.kind == "activation" and nd.layer < net.n_layers:
            np.testing.assert_allclose(g.grads[nd.name], grads.dA[nd.layer][:, nd.unit], rtol=1e-9, atol=1e-15)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_path_products_equal_the_gradients(case):
    _, net, X, Y, loss = case
    g = G.build_graph(net, X, Y, loss)
    for p in g.params():
        path = g.chain(p)
        assert path.nodes[0] == g.root and path.nodes[-1] == p
        assert len(path.factors) == len(path.nodes) - 1
        np.testing.assert_allclose(path.total, g.grad(p), rtol=1e-12, atol=1e-16)
        # the product so far at the node just above p is its gradient
        np.testing.assert_allclose(np.prod(np.stack(path.factors[:-1]), axis=0), g.grads[path.nodes[-2]],
                                   rtol=1e-12, atol=1e-16)


def test_article_4_chain_for_w11_1():
    """dE/dw11_1 = dE/da · da/dz · dz/da1 · da1/dz1 · dz1/dw11_1, with e = (y − a)² (Article 4), by hand."""
    net, x, y = beans(), 1.0, 1.0
    g = G.build_graph(net, [[x]], [[y]], "mse")
    a1, a = g.value("a1_1"), g.value("a2_1")
    by_hand = -2 * (y - a) * a * (1 - a) * net.weights[1][0, 0] * a1 * (1 - a1) * x
    np.testing.assert_allclose(g.grad("w1_1_1"), by_hand, rtol=1e-12)
    path = g.chain("w1_1_1")
    assert path.nodes == ("loss", "a2_1", "z2_1", "p2_1_1", "a1_1", "z1_1", "p1_1_1", "w1_1_1")
    np.testing.assert_allclose([f[0] for f in path.factors],
                               [-2 * (y - a), a * (1 - a), 1.0, net.weights[1][0, 0], a1 * (1 - a1), 1.0, x],
                               rtol=1e-12)
    assert g["w1_1_1"].label == "w⁽¹⁾₁₁" and g["w1_1_1"].tex == "w^{[1]}_{11}"


def test_logistic_regression_dz_is_a_minus_y():
    """Article 3: z = w1x1 + w2x2 + b = 1, a = σ(1) = 0.7311, dz = a − y = −0.2689, dw = x·dz, db = dz."""
    g = G.build_graph(logreg(), [[1.0, 2.0]], [[1.0]], "bce")
    assert g.value("z1_1") == 1.0
    np.testing.assert_allclose(g.value("a1_1"), 0.7310585786, rtol=1e-9)
    np.testing.assert_allclose(g.grad("z1_1"), g.value("a1_1") - 1.0, rtol=1e-12)
    np.testing.assert_allclose(g.grad("z1_1"), -0.2689414214, rtol=1e-9)
    np.testing.assert_allclose(g.grad("w1_1_1"), 1.0 * g.grad("z1_1"), rtol=1e-12)
    np.testing.assert_allclose(g.grad("w1_2_1"), 2.0 * g.grad("z1_1"), rtol=1e-12)
    np.testing.assert_allclose(g.grad("b1_1"), g.grad("z1_1"), rtol=1e-12)
    assert [g[p].label for p in g.params()] == ["w₁", "w₂", "b"]
    # 4 forward stages (w·x, z, a, L); backward: L, a, z: step 7 shows dz (the page's LOGREG_DZ_STEP)
    assert len(g.forward_stages) == 4 and g.backward_order[:3] == ["loss", "a1_1", "z1_1"]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_backward_order_visits_children_first_and_every_node_once(case):
    _, net, X, Y, loss = case
    g = G.build_graph(net, X, Y, loss)
    order = g.backward_order
    assert order[0] == g.root
    assert sorted(order) == sorted(n for n, nd in g.nodes.items() if nd.kind != "target")
    inputs = [n for n in order if g[n].kind == "input"]
    assert order[-len(inputs):] == inputs  # the inputs come last: training does not need them
    seen = set()
    for name in order:
        assert all(c in seen for c in g.children[name]), name
        seen.add(name)
    stages = [n for s in g.forward_stages for n in s]
    assert sorted(stages) == sorted(n for n, nd in g.nodes.items()
                                    if nd.kind in ("product", "sum", "activation", "loss", "cost"))
    assert g.n_steps == len(g.forward_stages) + len(order)


def test_the_input_of_the_beans_network_sums_over_its_two_children():
    """∂L/∂x = Σ over the children c of x of ∂L/∂c · ∂c/∂x: x feeds w⁽¹⁾₁₁·x and w⁽¹⁾₁₂·x."""
    net = beans()
    g = G.build_graph(net, [[1.0]], [[1.0]], "mse")
    kids = g.children["x1"]
    assert kids == ("p1_1_1", "p1_1_2")
    terms = [g.grad(c) * g.local(c, "x1") for c in kids]
    assert g.local("p1_1_1", "x1") == net.weights[0][0, 0] and g.local("p1_1_2", "x1") == net.weights[0][0, 1]
    np.testing.assert_allclose(g.grad("x1"), sum(terms), rtol=1e-15)
    grads = net.backward(net.forward([[1.0]]), [[1.0]], "mse")
    np.testing.assert_allclose(g.grad("x1"), grads.dA[0][0, 0], rtol=1e-12)  # the engine's ∂J/∂X
    paths = g.paths("x1")
    assert len(paths) == 2 and all(p.nodes[0] == "loss" and p.nodes[-1] == "x1" for p in paths)
    np.testing.assert_allclose([p.products[0] for p in paths], terms, rtol=1e-12)
    with pytest.raises(ValueError):
        g.chain("x1")  # two paths: the gradient is their sum
    assert g.backward_order[-1] == "x1" and g.layer_sizes == [1, 2, 1]


def test_inputs_of_a_batch_sum_over_n1_children_per_example():
    net, X, Y = mlp(2, 3, "tanh", 4, 0)
    g = G.build_graph(net, X, Y, "bce")
    grads = net.backward(net.forward(X), Y, "bce")
    for i in range(2):
        assert len(g.children[f"x{i + 1}"]) == 3
        paths = g.paths(f"x{i + 1}")
        np.testing.assert_allclose(sum(p.products for p in paths), grads.dA[0][:, i], rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(g.grads[f"x{i + 1}"], grads.dA[0][:, i], rtol=1e-10, atol=1e-15)


def test_mini_batch_cost_is_the_mean_and_parameters_sum_over_examples():
    net, X, Y = mlp(m=4)
    g = G.build_graph(net, X, Y, "bce")
    assert g.root == "J" and g.m == 4
    np.testing.assert_allclose(g.cost, np.mean(g["loss"].value), rtol=1e-15)
    np.testing.assert_allclose(g.grads["loss"], 0.25)
    path = g.chain("w1_1_1")
    np.testing.assert_allclose(path.products.sum(), g.grad("w1_1_1"), rtol=1e-12)
    assert path.products.shape == (4,)


def test_rejects_unsupported_networks():
    with pytest.raises(ValueError):
        G.build_graph(nncore.MLP([2, 2], output="softmax"), [[1, 2]], [[1, 0]], "cross_entropy")
    with pytest.raises(ValueError):
        G.build_graph(nncore.MLP([2, 1]), [[1, 2]], [[1]], "cross_entropy")


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-3, 3), min_size=7, max_size=7), st.floats(0, 2), st.sampled_from([0.0, 1.0]))
def test_beans_graph_gradients_match_backward_for_any_parameters(params, x, y):
    net = beans(params)
    g = G.build_graph(net, [[x]], [[y]], "mse")
    grads = net.backward(net.forward([[x]]), [[y]], "mse")
    np.testing.assert_allclose([g.grad(p) for p in g.params()], np.concatenate([np.ravel(v) for v in grads.params()]),
                               rtol=1e-9, atol=1e-15)


# ----------------------------------------------------------------------------------------- six equations
@pytest.mark.parametrize("act", ["tanh", "relu"])
def test_six_equations_course_equals_engine_transposed(act):
    net, X, Y = mlp(2, 3, act, 5, 1)
    eq = G.six_equations(net, X, Y)
    m = 5
    for key in ("dW1", "dW2"):
        np.testing.assert_allclose(eq.course[key], eq.engine[key].T, rtol=1e-12, atol=1e-15)
    for key in ("db1", "db2"):
        np.testing.assert_allclose(eq.course[key][:, 0], eq.engine[key], rtol=1e-12, atol=1e-15)
    for key in ("dZ1", "dZ2"):
        np.testing.assert_allclose(eq.course[key] / m, eq.engine[key].T, rtol=1e-12, atol=1e-15)
    assert eq.course["dZ2"].shape == (1, 5) and eq.course["dW1"].shape == (3, 2) and eq.course["db1"].shape == (3, 1)
    np.testing.assert_allclose(eq.course["dZ2"], eq.inputs["A2"] - eq.inputs["Y"])
    # and they equal the graph's gradients
    g = G.build_graph(net, X, Y, "bce")
    np.testing.assert_allclose([[g.grad(f"w1_{i + 1}_{j + 1}") for i in range(2)] for j in range(3)],
                               eq.course["dW1"], rtol=1e-10)
    with pytest.raises(ValueError):
        G.six_equations(logreg(), [[1, 2]], [[1]])


# ----------------------------------------------------------------------------------------- update, training
def test_gradient_step_moves_against_the_gradient():
    net, X, Y = beans(), [[1.0]], [[1.0]]
    before = [p.copy() for p in net.params()]
    upd = G.gradient_step(net, X, Y, "mse", 0.5)
    np.testing.assert_allclose(upd.new, upd.old - 0.5 * upd.grad, rtol=1e-15)
    np.testing.assert_allclose(upd.change, -0.5 * upd.grad, rtol=1e-12, atol=1e-17)
    assert all(np.array_equal(a, b) for a, b in zip(before, net.params()))  # net untouched
    assert upd.improved and upd.cost_after < upd.cost_before
    np.testing.assert_allclose(upd.cost_after, upd.net.loss(X, Y, "mse"))
    assert upd.names[0] == "W1[0,0]" and len(upd.names) == 7


def test_gradient_step_with_a_huge_rate_overshoots():
    net, X, Y = mlp(2, 2, "tanh", 3, 0)  # the page's network (c) with its defaults
    assert G.gradient_step(net, X, Y, "bce", 3.0).improved
    upd = G.gradient_step(net, X, Y, "bce", 100.0)
    assert upd.finite and not upd.improved and upd.cost_change > 0
    np.testing.assert_allclose(upd.cost_before, 0.6790758383, rtol=1e-9)


RATES = (0.3, 1.0, 3.0, 10.0, 30.0)
EPOCHS = (100, 500, 1000, 2000, 5000)


def trainer_run(seed, rate, epochs, grid):
    """The same run through nncore's Trainer (full batch, plain gradient descent): cost and fit after ``epochs``."""
    data = nncore.datasets.beans(100, seed=seed)
    net = nncore.MLP([1, 2, 1], hidden="sigmoid", output="sigmoid", init="uniform", seed=seed)
    if epochs:
        nncore.Trainer(net, data.X, data.y, loss="mse", learning_rate=rate, classify=False).run(epochs,
                                                                                               eval_every=epochs)
    return net.loss(data.X, data.y, "mse"), net.predict(grid[:, None])[:, 0]


def test_snapshot_schedule_serves_every_length():
    snaps = G.snapshot_epochs(EPOCHS)
    assert G.snapshot_every(5000) == 100 and G.snapshot_every(1000) == 100  # Article 4: redraw every 100 epochs
    assert G.snapshot_every(500) == 10 and G.snapshot_every(100) == 2
    for e in EPOCHS:
        want = np.arange(0, e + 1, G.snapshot_every(e))
        assert np.isin(want, snaps).all()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_beans_training_equals_the_trainer_for_every_rate(seed):
    """One loop trains every rate; each run is what nncore's Trainer computes, epoch for epoch (η ≤ 3)."""
    grid = np.linspace(0, 2, 11)
    run = G.beans_training(seed, RATES, 5000, G.snapshot_epochs(EPOCHS), grid)
    assert run.costs.shape == (5, len(G.snapshot_epochs(EPOCHS))) and run.fits.shape[2] == 11
    for rate in (0.3, 1.0, 3.0):
        for epochs in (0, 200, 5000):
            cost, fit = trainer_run(seed, rate, epochs, grid)
            k = int(np.flatnonzero(run.epochs == epochs)[0])
            r = RATES.index(rate)
            np.testing.assert_allclose(run.costs[r, k], cost, rtol=1e-9)
            np.testing.assert_allclose(run.fits[r, k], fit, rtol=1e-9, atol=1e-12)
    assert np.all(run.diverged_at == -1)


def test_large_rates_match_the_trainer_until_rounding_takes_over():
    """At η = 30 the run is chaotic: it equals the Trainer for the first epochs, then two correct float64
    implementations part (rounding differences grow); the cost still ends low."""
    grid = np.linspace(0, 2, 5)
    run = G.beans_training(0, (30.0,), 40, np.arange(0, 41, 10), grid)
    cost, fit = trainer_run(0, 30.0, 40, grid)
    np.testing.assert_allclose(run.costs[0, -1], cost, rtol=1e-9)


def test_beans_training_learns_the_hill_and_records_slices():
    run = G.beans_training(0, RATES, 5000, G.snapshot_epochs(EPOCHS))
    rec = run.record(3.0, 5000)
    assert list(rec.epochs[:3]) == [0, 100, 200] and rec.epochs[-1] == 5000 and len(rec.epochs) == 51
    assert rec.costs[-1] < rec.costs[0] / 5  # the hill is learned
    short = run.record(3.0, 100)
    assert list(short.epochs[:3]) == [0, 2, 4] and short.epochs[-1] == 100 and len(short.epochs) == 51
    np.testing.assert_array_equal(short.costs[:2], rec.costs[:1].tolist() + [run.costs[2, 1]])
    slow = run.record(0.3, 5000)
    assert slow.costs[-1] > 5 * rec.costs[-1]  # η = 0.3: 5000 epochs are not enough
    assert run.X.shape == (100,) and set(np.unique(run.y)) == {0.0, 1.0}
    with pytest.raises(ValueError):
        run.record(3.0, 250)  # not recorded


def test_beans_training_never_leaves_the_finite_numbers():
    """Sigmoid units and the squared error keep the cost in [0, 1]: even an absurd η saturates the units (their
    gradients vanish) instead of overflowing, so no run of the page stops early."""
    run = G.beans_training(0, (1e300, 3.0), 200, np.arange(0, 201, 4))
    assert np.all(run.diverged_at == -1) and np.all((run.costs >= 0) & (run.costs <= 1))


# ----------------------------------------------------------------------------------------- symmetry
@pytest.mark.parametrize("init", ["zeros", "constant"])
def test_symmetric_start_keeps_hidden_units_identical(init):
    data = nncore.datasets.beans(100, seed=0)
    net = nncore.MLP([1, 3, 1], hidden="sigmoid", output="sigmoid", init=init)
    rec = G.symmetry_run(net, data.X, data.y, "mse", 3.0, 100)
    assert rec.W1.shape == (101, 1, 3) and rec.dW1.shape == (100, 1, 3)
    # weights and gradients of every unit equal unit 1's at every step, exactly
    assert np.all(rec.W1 == rec.W1[:, :, :1]) and np.all(rec.dW1 == rec.dW1[:, :, :1])
    assert np.all(rec.W2 == rec.W2[:, :1]) and np.all(rec.dW2 == rec.dW2[:, :1])
    assert rec.max_spread == 0.0
    assert rec.costs[-1] < rec.costs[0]  # it does learn, as one unit
    if init == "zeros":  # W2 = 0 at the start: no gradient reaches W1 in the first step
        assert np.all(rec.dW1[0] == 0)


@pytest.mark.parametrize("units", [2, 3, 4])
@pytest.mark.parametrize("init", ["zeros", "constant"])
def test_the_pages_symmetric_starts_stay_exactly_symmetric(init, units):
    rec = G.beans_symmetry(init, units, 1000)
    assert rec.max_spread == 0.0 and np.all(rec.weight_spread == 0) and np.all(rec.grad_spread == 0)


def test_article_3_small_random_start_breaks_the_symmetry():
    """randn × 0.01: the units differ by less than 0.01 at first; training pulls them apart."""
    rec = G.beans_symmetry("normal", 3, 1000)
    assert 0 < rec.weight_spread[0] < 0.01
    assert rec.weight_spread[-1] > 1.0 and rec.max_spread == pytest.approx(rec.weight_spread.max())
    data = nncore.datasets.beans(100, seed=0)
    net = nncore.MLP([1, 3, 1], hidden="sigmoid", output="sigmoid", init="normal", seed=0)
    np.testing.assert_array_equal(rec.W1[0], net.weights[0])  # the engine's initialiser
    # the recorded steps are gradient descent with the engine's gradients
    g = net.backward(net.forward(data.X), data.y, "mse")
    np.testing.assert_allclose(rec.dW1[0], g.dW[0], rtol=1e-12)
    np.testing.assert_allclose(rec.W1[1], net.weights[0] - 3.0 * g.dW[0], rtol=1e-12)


# ----------------------------------------------------------------------------------------- initialisation
def test_normal_shares_are_the_3_sigma_rule():
    assert [round(G.normal_share(k), 4) for k in (1, 2, 3)] == [0.6827, 0.9545, 0.9973]  # Article 2: 99.73 %


@pytest.mark.parametrize("scheme,sigma", [("normal", 0.01), ("xavier", np.sqrt(2 / 650)), ("he", np.sqrt(2 / 250))])
def test_gaussian_init_measures_the_3_sigma_rule(scheme, sigma):
    gi = G.gaussian_init(scheme, 0)
    assert gi.count == 100_000 and gi.sigma == pytest.approx(sigma)
    W, _ = nncore.init_layer(scheme, 250, 400, np.random.default_rng(0))
    assert gi.std == pytest.approx(np.std(W)) and abs(gi.std / sigma - 1) < 0.01
    # measured shares within kσ equal the normal distribution's to within sampling error (100 000 draws)
    for k, (share, normal) in enumerate(zip(gi.within, gi.normal), start=1):
        assert share == np.mean(np.abs(W) <= k * sigma)
        assert abs(share - normal) < 4 * np.sqrt(normal * (1 - normal) / gi.count)
    assert gi.within[2] > 0.996
    np.testing.assert_allclose(gi.shares.sum(), np.mean(np.abs(W) <= 4 * sigma))
    np.testing.assert_allclose(gi.expected.sum(), G.normal_share(4), rtol=1e-12)
    np.testing.assert_allclose(gi.edges[[0, -1]], [-4 * sigma, 4 * sigma])
    assert gi.largest == np.max(np.abs(W))


def test_n_gradients_counts_weights_and_biases():
    assert G.n_gradients((2, 2, 1)) == 9 == nncore.MLP([2, 2, 1]).n_params()
    assert G.n_gradients((1, 2, 1)) == 7


# ----------------------------------------------------------------------------------------- the page's networks
def test_problems_are_the_pages_networks():
    b = G.beans_problem(1.0, 1, *(2.0, -1.0, -1.5, 2.5, 1.5, 1.0, -1.0))
    assert b.loss == "mse" and b.X.shape == (1, 1) and b.net.weights[0].tolist() == [[2.0, -1.5]]
    assert b.net.biases[1].tolist() == [-1.0]
    lg = G.logreg_problem(1.0, 2.0, 0.5, 0.25, 0.0, 1)
    g = G.build_graph(lg.net, lg.X, lg.Y, lg.loss)
    assert g.value("z1_1") == 1.0  # z = 0.5·1 + 0.25·2 + 0
    m = G.mlp_problem(2, 3, "relu", 4, 7)
    assert m.X.shape == (4, 2) and m.net.layer_sizes == [2, 3, 1] and m.loss == "bce"


@pytest.mark.parametrize("case", CASES[:3], ids=[c[0] for c in CASES[:3]])
def test_gradient_check_of_the_page_measures_tiny_errors(case):
    """The size the page quotes is measured: far below the tolerance 1e-6 for a correct backward pass."""
    _, net, X, Y, loss = case
    check = G.check_gradients(G.Problem("x", net, np.asarray(X, float), np.asarray(Y, float).reshape(-1, 1), loss))
    largest = G.largest_relative_error(check)
    assert check.passed and largest == check.rel_error[check.analytic != 0].max() and 0 < largest < 1e-9
    print(f"{case[0]}: largest relative error {largest:.1e}")


def test_largest_relative_error_leaves_out_exact_zeros():
    """A ReLU network with a dead unit: its gradients are exactly 0 and their central differences ~1e-13."""
    check = G.check_gradients(G.mlp_problem(3, 2, "relu", 2, 0))
    dead = check.analytic == 0
    assert dead.any() and check.rel_error[dead].max() > 1e-6  # 1e-13 / the 1e-8 floor
    assert G.largest_relative_error(check) == check.rel_error[~dead].max() < 1e-8


def test_broken_check_fails_in_the_first_layer_only():
    check = G.check_gradients(G.beans_problem(1.0, 1, 2.0, -1.0, -1.5, 2.5, 1.5, 1.0, -1.0), broken=True)
    assert not check.passed
    assert list(check.ok) == [False, False, False, False, True, True, True]  # W1 (2), b1 (2) fail; W2, b2 pass
