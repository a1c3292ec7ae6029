"""nncore.lessons.forward_pass: the worked example term by term, loop vs vectorized, collapse, edited matrices, beans fit."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nncore
from nncore.lessons import forward_pass as lab

W1 = [[1, -1], [1, 1]]  # columns: node_0 = [1, 1], node_1 = [-1, 1] (seed 000)
W2 = [[2], [-1]]        # output = [2, -1]


def example_net(hidden="linear"):
    net = nncore.MLP([2, 2, 1], hidden=hidden, output="linear", init="zeros")
    net.set_params([W1, W2], [[0, 0], [0]])
    return net


@pytest.mark.parametrize("hidden", ["linear", "relu"])
def test_worked_example_5_1_9(hidden):
    net = example_net(hidden)
    trace = net.forward([[2, 3]])
    hidden_terms = lab.dot_products(net, trace, 1)
    # i = 2·1 + 3·1 = 5, j = 2·(−1) + 3·1 = 1
    assert [d.products.tolist() for d in hidden_terms] == [[2.0, 3.0], [-2.0, 3.0]]
    assert [d.z for d in hidden_terms] == [5.0, 1.0]
    assert [d.a for d in hidden_terms] == [5.0, 1.0]  # ReLU leaves positive values unchanged
    (out,) = lab.dot_products(net, trace, 2)
    assert out.inputs.tolist() == [5.0, 1.0] and out.weights.tolist() == [2.0, -1.0]
    assert out.products.tolist() == [10.0, -1.0] and out.z == 9.0  # k = 5·2 + 1·(−1) = 9


def test_relu_clips_a_negative_hidden_value():
    # family 3, accounts 1: j = 3·(−1) + 1·1 = −2 → ReLU gives 0, so k = 4·2 + 0·(−1) = 8 (linear: 8 + 2 = 10)
    lin, relu = example_net("linear"), example_net("relu")
    t_lin, t_relu = lin.forward([[3, 1]]), relu.forward([[3, 1]])
    assert lab.dot_products(relu, t_relu, 1)[1].z == -2.0
    assert lab.dot_products(relu, t_relu, 1)[1].a == 0.0
    assert t_relu.A[2][0, 0] == 8.0 and t_lin.A[2][0, 0] == 10.0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=2, max_size=4), st.integers(1, 6), st.integers(0, 10_000))
def test_dot_products_sum_to_nncore_z(sizes, m, seed):
    net = lab.random_net(sizes, hidden="tanh", seed=seed)
    X = np.random.default_rng(seed).standard_normal((m, sizes[0]))
    trace = net.forward(X)
    for layer in range(1, net.n_layers + 1):
        for example in range(m):
            terms = lab.dot_products(net, trace, layer, example)
            assert len(terms) == sizes[layer]
            for d in terms:
                assert d.z == trace.Z[layer][example, d.unit]
                assert d.a == trace.A[layer][example, d.unit]
                np.testing.assert_allclose(d.products.sum() + d.bias, d.z, rtol=1e-12, atol=1e-12)


def test_dot_products_rejects_bad_layer():
    net = example_net()
    with pytest.raises(ValueError):
        lab.dot_products(net, net.forward([[2, 3]]), 3)


@pytest.mark.parametrize("output", ["linear", "sigmoid", "softmax"])
def test_forward_loop_equals_vectorized(output):
    net = nncore.MLP([4, 5, 3], hidden="relu", output=output, seed=1)
    X = np.random.default_rng(0).standard_normal((50, 4))
    np.testing.assert_allclose(lab.forward_loop(net, X), net.forward(X).A[-1], rtol=1e-12, atol=1e-14)


def test_time_forward_structure():
    net = nncore.MLP([4, 5, 3], hidden="relu", output="linear", seed=0)
    X = np.random.default_rng(0).standard_normal((200, 4))
    timing = lab.time_forward(net, X, repeats=2)
    assert timing.m == 200 and timing.repeats == 2
    assert timing.loop_seconds > 0 and timing.vector_seconds > 0
    assert timing.speedup == pytest.approx(timing.loop_seconds / timing.vector_seconds)
    assert timing.loop_per_example == pytest.approx(timing.loop_seconds / 200)
    assert timing.max_difference < 1e-12  # the same numbers either way


def test_collapse_equal_for_linear_and_different_with_activation():
    X = np.random.default_rng(5).standard_normal((1, 4))  # seed 001: a 1×4 input, 4×5 and 5×3 weights
    linear = lab.random_net([4, 5, 3], hidden="linear", seed=3)
    relu = lab.random_net([4, 5, 3], hidden="tanh", seed=3)
    for W, V in zip(linear.weights + linear.biases, relu.weights + relu.biases):
        np.testing.assert_array_equal(W, V)  # same seed, same numbers
    c = lab.collapse(linear, X)
    assert c.W.shape == (4, 3) and c.b.shape == (3,)
    np.testing.assert_allclose(c.W, linear.weights[0] @ linear.weights[1])
    np.testing.assert_allclose(c.b, linear.biases[0] @ linear.weights[1] + linear.biases[1])
    np.testing.assert_allclose(c.deep, c.single, rtol=1e-12, atol=1e-12)
    assert c.max_difference < 1e-12
    d = lab.collapse(relu, X)
    np.testing.assert_array_equal(d.single, c.single)
    assert d.max_difference > 1e-3


def test_check_matrix():
    ok = lab.check_matrix([[1, "2"], [3.5, -1]], (2, 2))
    assert ok.ok and ok.array.tolist() == [[1, 2], [3.5, -1]]
    wrong = lab.check_matrix([[1, 2], [3, 4], [5, 6]], (2, 2))
    assert wrong.problem == "shape" and wrong.got == (3, 2) and wrong.expected == (2, 2)
    assert lab.check_matrix([[1, None], [3, 4]], (2, 2)).problem == "not_finite"
    assert lab.check_matrix([[1, "x"], [3, 4]], (2, 2)).problem == "not_finite"
    assert lab.check_matrix([[1, float("nan")], [3, 4]], (2, 2)).problem == "not_finite"
    assert lab.check_matrix([[1, float("inf")], [3, 4]], (2, 2)).problem == "not_finite"
    assert lab.check_matrix([], (2, 2)).problem == "empty"
    assert lab.check_matrix([[1, 2], [3]], (2, 2)).problem == "shape"


def test_beans_params_round_trip():
    p = (10.0, -5.0, 10.0, -13.0, 10.0, -10.0, -5.0)
    net = lab.beans_net(p)
    assert lab.beans_params(net) == p
    x = np.array([[0.2], [0.9], [1.8]])
    h1, h2 = nncore.sigmoid(10 * x - 5), nncore.sigmoid(10 * x - 13)
    expected = nncore.sigmoid(10 * h1 - 10 * h2 - 5)
    np.testing.assert_allclose(net.forward(x).A[-1], expected)
    # a hill: low for small and large beans, high in the middle
    y = net.forward(x).A[-1][:, 0]
    assert y[1] > 0.5 > max(y[0], y[2])
    with pytest.raises(ValueError):
        lab.beans_net([1, 2, 3])


def test_fit_snapshots_lowers_the_loss_and_records_nncore_states():
    data = nncore.datasets.beans(100, seed=0)
    start = lab.beans_net([0.6, 0.3, 0.8, 0.1, 0.5, 0.9, 0.2])  # a random-looking start as in the article
    grid = np.linspace(0, 2, 21)[:, None]
    fit = lab.fit_snapshots(start, data.X, data.y, grid, epochs=1000, every=100, learning_rate=3.0)
    assert fit.epochs.tolist() == list(range(0, 1001, 100))
    assert fit.losses[-1] < fit.losses[0] / 5
    assert fit.hidden.shape == (11, 21, 2) and fit.output.shape == (11, 21) and fit.pre_output.shape == (11, 21)
    assert lab.beans_params(start) == (0.6, 0.3, 0.8, 0.1, 0.5, 0.9, 0.2)  # the start net is not changed
    # each snapshot is exactly the network with the recorded parameters
    for i in (0, 5, 10):
        net = lab.beans_net([0.0] * 7)
        net.set_params(*fit.params[i])
        tr = net.forward(grid)
        np.testing.assert_array_equal(fit.output[i], tr.A[-1][:, 0])
        np.testing.assert_array_equal(fit.hidden[i], tr.A[1])
        np.testing.assert_array_equal(fit.terms[i], lab.contributions(net, tr, 2))
        np.testing.assert_array_equal(fit.pre_output[i], tr.Z[2][:, 0])
        assert fit.losses[i] == net.loss(data.X, data.y, "mse")
    # the same run as the trainer directly
    net = start.copy()
    nncore.Trainer(net, data.X, data.y, loss="mse", optimizer="sgd", learning_rate=3.0).run(1000)
    for W, V in zip(net.weights, fit.params[-1][0]):
        np.testing.assert_allclose(W, V, rtol=1e-12)


def test_check_matrix_limit():
    assert lab.check_matrix([[1e7]], (1, 1), limit=1e6).problem == "too_large"
    assert lab.check_matrix([[1e5]], (1, 1), limit=1e6).ok


def test_contributions_sum_to_z():
    net = lab.beans_net((10.0, -4.3, 10.0, -12.9, 10.0, -10.0, -5.0))
    grid = np.linspace(0, 2, 11)[:, None]
    tr = net.forward(grid)
    terms = lab.contributions(net, tr, 2)
    assert terms.shape == (11, 2)
    np.testing.assert_allclose(terms[:, 0], 10.0 * tr.A[1][:, 0])
    np.testing.assert_allclose(terms.sum(axis=1) - 5.0, tr.Z[2][:, 0])


def test_random_start_and_snap():
    p = lab.beans_random_start(3)
    assert len(p) == 7 and all(0 <= v < 1 for v in p)
    assert p == lab.beans_random_start(3)
    assert lab.snap([11.14, -16.25, 31.0, 0.04], 0.1, -20, 20) == (11.1, -16.2, 20.0, 0.0)
