"""nncore.lessons.forward_pass: the worked example term by term, loop vs vectorized, collapse, edited matrices, beans fit."""

from __future__ import annotations

import warnings

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


def test_the_loop_and_the_vectorized_pass_take_turns():
    """Under a burst of load (a shared server, a busy laptop) the two sides of the comparison must be timed in
    turns, or the burst lands on one side only: the lesson then saw the vectorized pass "10× slower"."""
    calls = []
    best, outs = lab._best_times([lambda: calls.append("loop") or 1, lambda: calls.append("vector") or 2], 3)
    assert calls == ["loop", "vector"] * 3 and outs == [1, 2]
    assert all(0 <= b < 1 for b in best)


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


# --- worked example ----------------------------------------------------------------------------------------------
def test_worked_example_function():
    run = lab.worked_example([2, 3], W1, [0, 0], W2, [0])
    assert run.trace.A[1].tolist() == [[5.0, 1.0]] and run.k == 9.0  # i = 5, j = 1, k = 9
    assert lab.worked_example([1, 4], W1, [0, 0], W2, [0]).k == 7.0  # i = 5, j = 3, k = 10 − 3 = 7
    assert lab.worked_example([3, 1], W1, [0, 0], W2, [0], hidden="relu").k == 8.0


# --- shapes, parameters, the rank-1 bias ---------------------------------------------------------------------------
@pytest.mark.parametrize("sizes", [(4, 5, 3), (2, 8, 8, 1), (7, 1), (3, 4, 5, 6, 2)])
def test_parameter_counts(sizes):
    lesson = lab.shapes(sizes, 3)
    assert [p.W_shape for p in lesson.params] == list(zip(sizes[:-1], sizes[1:]))
    assert [p.b_shape for p in lesson.params] == [(n,) for n in sizes[1:]]  # nncore's biases are rank-1
    assert lesson.n_params == sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:])) == nncore.MLP(list(sizes)).n_params()
    assert lab.shapes((4, 5, 3), 1).n_params == 43


@pytest.mark.parametrize("m, case", [(64, "error"), (7, "error"), (5, "wrong_values"), (1, "wrong_shape")])
def test_rank_one_bias_in_both_conventions(m, case):
    r = lab.shapes((4, 5, 3), m).rank_one
    assert (r.b_shape, r.bT_shape, r.column_shape) == ((5,), (5,), (5, 1))  # b.T does not turn it into a column
    assert r.rows_shape == (m, 5) and r.rows_ok  # rows are examples: (m, 5) + (5,) adds b to every row
    assert r.course == case
    if case == "error":
        assert r.course_shape is None
        with pytest.raises(ValueError):
            np.zeros((5, m)) + np.zeros(5)
    elif case == "wrong_values":
        assert r.course_shape == (5, 5) and r.course_error > 0.1
    else:
        assert r.course_shape == (5, 5)  # (5, 1) + (5,) → (5, 5): a matrix instead of a column
    assert r.column_shape_out == (5, m) and r.column_ok  # the (n, 1) column is right in every case


def test_rank_one_wrong_values_are_b_added_to_the_examples():
    net = lab.random_net((4, 5, 3), hidden="relu", seed=0)
    X, _ = nncore.datasets.random_inputs(5, 4, seed=1)
    r = lab.rank_one(net, X)
    W, b = net.weights[0], net.biases[0]
    wrong = W.T @ X.T + b          # b[j] lands on example j
    right = W.T @ X.T + b[:, None]  # b[j] on neuron j
    assert r.course_error == pytest.approx(np.max(np.abs(wrong - right)))
    np.testing.assert_allclose(right.T, net.forward(X).Z[1])
    assert lab.rank_one(lab.random_net((4, 1, 3), seed=0), X).course == "ok"  # one neuron: a single number


def test_timing_run_and_collapse_run():
    timing = lab.timing_run(50, 7, repeats=1)
    assert timing.m == 50 and timing.max_difference < 1e-12
    X, net, result = lab.collapse_run("linear", 3)
    assert X.shape == (1, 4) and [W.shape for W in net.weights] == [(4, 5), (5, 3)]
    np.testing.assert_array_equal(X, nncore.datasets.random_inputs(1, 4, seed=1003)[0])
    assert result.max_difference < 1e-12
    assert lab.collapse_run("tanh", 3)[2].max_difference > 1e-3


# --- universal approximation ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def approximation():
    return lab.universal_approximation()


def test_error_shrinks_as_the_hidden_layer_grows(approximation):
    mse = [a.mse for a in approximation.fits]
    assert [a.width for a in approximation.fits] == [1, 2, 4, 8, 16]
    assert all(a > b for a, b in zip(mse, mse[1:]))  # strictly smaller with every doubling
    # the docstring's numbers: ≈ 0.41, 0.23, 0.055, 2e-4, 1e-4
    np.testing.assert_allclose(mse[:3], [0.41, 0.23, 0.055], rtol=0.05)
    assert 1e-4 < mse[3] < 3e-4 and 5e-5 < mse[4] < 2e-4
    gaps = [a.max_gap for a in approximation.fits]
    assert gaps[0] > 1 and gaps[-1] < 0.05
    assert [a.n_params for a in approximation.fits] == [3 * n + 1 for n in (1, 2, 4, 8, 16)]


def test_each_fit_is_its_network(approximation):
    x = approximation.x[:, None]
    np.testing.assert_array_equal(approximation.f, lab.bumps(approximation.x))
    for a in approximation.fits:
        net = nncore.MLP([1, a.width, 1], hidden="sigmoid", output="linear", init="zeros")
        net.set_params(a.weights, a.biases)
        np.testing.assert_array_equal(a.fit, net.forward(x).A[2][:, 0])
        np.testing.assert_allclose(a.terms.sum(axis=1) + a.bias, a.fit, rtol=1e-12, atol=1e-12)
        assert a.terms.shape == (x.shape[0], a.width)
        assert a.mse == pytest.approx(np.mean((a.fit - approximation.f) ** 2), rel=1e-12)
        assert a.max_gap == np.max(np.abs(approximation.f - a.fit))


def test_even_steps_start_is_the_least_squares_output_layer():
    x = np.linspace(-1, 1, 101)
    f = lab.bumps(x)
    weights, biases = lab._even_steps(4, x, f)
    np.testing.assert_allclose(-biases[0] / weights[0][0], [-0.75, -0.25, 0.25, 0.75])  # steps at the cell centres
    H = nncore.sigmoid(x[:, None] * weights[0][0] + biases[0])
    A = np.column_stack([H, np.ones_like(x)])
    residual = A @ np.append(weights[1][:, 0], biases[1]) - f
    np.testing.assert_allclose(A.T @ residual, 0.0, atol=1e-9)  # normal equations: the best output weights


# --- beans: the view, one neuron against the network, the fit --------------------------------------------------
BEANS = nncore.datasets.beans(100, seed=0)
GRID = np.linspace(0, 2, 41)[:, None]


def test_beans_view_of_the_hand_built_hill():
    p = (10.0, -4.3, 10.0, -12.9, 10.0, -10.0, -5.0)
    v = lab.beans_view(p, BEANS.X, BEANS.y, GRID)
    net = lab.beans_net(p)
    tr = net.forward(GRID)
    np.testing.assert_array_equal(v.output, tr.A[2][:, 0])
    np.testing.assert_array_equal(v.terms, lab.contributions(net, tr, 2))
    assert v.loss == net.loss(BEANS.X, BEANS.y, "mse") and v.accuracy == 1.0
    np.testing.assert_allclose(v.steps, [0.43, 1.29])  # −b/w
    assert v.term_rising.tolist() == [True, False] and v.shape == "hill" and v.between == pytest.approx((0.43, 1.29))


@pytest.mark.parametrize("params, shape", [
    ((-12.74, 5.59, -11.32, 14.36, -15.44, 15.26, -6.97), "hill"),  # a fit from a random start: both h fall
    ((10.0, -4.3, 10.0, -12.9, -10.0, 10.0, 0.0), "valley"),         # the hand-built one with v flipped
    ((10.0, -4.3, 10.0, -12.9, 10.0, 10.0, -5.0), "monotone"),        # both terms rise
    ((0.0, 0.0, 10.0, -12.9, 10.0, -10.0, -5.0), "monotone"),         # h₁ flat (w₁ = 0)
    ((1e-320, 0.0, 10.0, -12.9, 10.0, -10.0, -5.0), "monotone"),      # a link's w₁ = 1e-320: flat, no overflow
])
def test_beans_view_shapes(params, shape):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        v = lab.beans_view(params, BEANS.X, BEANS.y, GRID)
    assert v.shape == shape
    if shape != "monotone":
        assert v.between == (min(v.steps), max(v.steps))
    if abs(params[0]) < 1e-12:
        assert np.isnan(v.steps[0]) and v.term_flat[0]


def test_one_neuron_cannot_draw_the_hill():
    base = lab.beans_baseline(BEANS.X, BEANS.y, GRID)
    assert base.accuracy == 0.47 and base.majority == 0.62  # below always answering "not toxic"
    assert base.w == pytest.approx(-0.7913, abs=1e-4) and base.c == pytest.approx(0.4321, abs=1e-4)
    assert base.still_moving == 0.0 and base.epochs == 1000  # it has stopped: more epochs change nothing
    np.testing.assert_allclose(base.curve, nncore.sigmoid(base.w * GRID[:, 0] + base.c), rtol=1e-12)
    longer = lab.beans_baseline(BEANS.X, BEANS.y, GRID, epochs=5000)
    assert (longer.w, longer.c, longer.accuracy) == (base.w, base.c, base.accuracy)
    # the 1-2-1 network fitted from the first random start classifies all 100 right
    rec = lab.fit_snapshots(lab.beans_net(lab.beans_random_start(0)), BEANS.X, BEANS.y, GRID)
    assert lab.beans_net(lab.fitted_beans_params(rec)).accuracy(BEANS.X, BEANS.y) == 1.0


def test_fitted_params_are_the_last_snapshot_exactly():
    rec = lab.fit_snapshots(lab.beans_net(lab.beans_random_start(0)), BEANS.X, BEANS.y, GRID, epochs=300, every=100)
    p = lab.fitted_beans_params(rec)
    net = lab.beans_net(p)
    for W, V in zip(net.weights + net.biases, rec.params[-1][0] + rec.params[-1][1]):
        np.testing.assert_array_equal(W, V)
    assert net.loss(BEANS.X, BEANS.y, "mse") == rec.losses[-1]  # the metric equals the last frame's error


def test_random_start_is_not_rounded_and_clip_params():
    p = lab.beans_random_start(0)
    assert min(p) < 0.05 and min(p) > 0  # rounding to 0.1 would have made it 0
    assert lab.clip_params([1.0, -35.0, 31.0], -30, 30) == ((1.0, -30.0, 30.0), True)
    assert lab.clip_params(p, -30, 30) == (p, False)


def test_weight_shape_choices():
    choices = lab.weight_shape_choices((4, 5, 3), 2)
    assert choices == {"rows": (5, 3), "course": (3, 5), "first": (4, 5), "column": (3, 1)}
    assert lab.shapes((4, 5, 3), 1).params[1].W_shape == choices["rows"]  # nncore: rows are examples
