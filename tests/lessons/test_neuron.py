"""nncore.lessons.neuron: the decision line, the perceptron replay, XOR with a 2-2-1 network, one neuron as regression."""
from __future__ import annotations

import numpy as np
import pytest

import nncore
from nncore.lessons import neuron as nl
from nncore.datasets import linearly_separable, logic_gate, to_pm1
from nncore.perceptron import PerceptronTrainer


# --- decision line ---------------------------------------------------------------------------------------------
def test_decision_line_is_minus_w1x_plus_b_over_w2():
    line = nl.decision_line([3.0, 2.0], -4.0, (-0.5, 1.5))
    np.testing.assert_array_equal(line.x, [-0.5, 1.5])
    np.testing.assert_allclose(line.y, -(3.0 * line.x - 4.0) / 2.0)
    assert not line.vertical
    # both ends lie on w·x + b = 0
    np.testing.assert_allclose(3.0 * line.x + 2.0 * line.y - 4.0, 0.0, atol=1e-12)


def test_decision_line_vertical_and_missing():
    line = nl.decision_line([2.0, 0.0], -1.0, ((-1, 1), (-3, 3)))
    assert line.vertical
    np.testing.assert_array_equal(line.x, [0.5, 0.5])
    np.testing.assert_array_equal(line.y, [-3, 3])
    assert nl.decision_line([0.0, 0.0], 1.0, (0, 1)) is None
    with pytest.raises(ValueError):
        nl.decision_line([1.0, 2.0, 3.0], 0.0, (0, 1))
    with pytest.raises(ValueError):
        nl.decision_line([1.0, 2.0], 0.0, (1, 0))


# --- perceptron replay -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("gate, n", [("and", 18), ("or", 9), ("nand", 18)])
def test_replay_converges_on_separable_gates(gate, n):
    d = logic_gate(gate)
    replay = nl.perceptron_replay(d.X, to_pm1(d.y))
    assert replay.converged and replay.n_updates == n
    assert replay.errors[-1] == 0 and np.all(replay.errors[:-1] > 0)
    last = replay.state(10_000)  # past the end: the final state
    assert last.step == n and last.converged and last.next is None
    np.testing.assert_array_equal(nncore.perceptron.perceptron_predict(d.X, last.w, last.b), to_pm1(d.y))


def test_replay_cycles_on_xor():
    d = logic_gate("xor")
    replay = nl.perceptron_replay(d.X, to_pm1(d.y), max_updates=50)
    assert not replay.converged and replay.n_updates == 50
    assert (replay.cycle_start, replay.cycle_length) == (0, 4)
    assert np.all(replay.errors > 0)  # never a line with every point right
    assert not replay.state(3).cycle_seen and replay.state(4).cycle_seen
    w4, b4 = replay.history[4]
    np.testing.assert_array_equal(w4, [0, 0])  # back at the start
    assert b4 == 0
    np.testing.assert_array_equal(replay.errors[:8], [4, 2, 3, 2, 4, 2, 3, 2])


def test_replay_states_equal_the_trainer_stepped_by_hand():
    d = linearly_separable(30, seed=3, margin=0.5)
    y = to_pm1(d.y)
    replay = nl.perceptron_replay(d.X, y, learning_rate=0.5)
    trainer = PerceptronTrainer(d.X, y, learning_rate=0.5)
    for k in range(replay.n_updates + 1):
        state = replay.state(k)
        np.testing.assert_array_equal(state.w, trainer.w)
        assert state.b == trainer.b
        assert replay.errors[k] == trainer.n_errors() == state.misclassified.sum()
        np.testing.assert_array_equal(state.misclassified, trainer.margins() <= 0)
        update = trainer.step()
        if update is not None:
            assert state.next.index == update.index
            assert nl.update_margin(update) <= 0  # the rule only uses misclassified points
            assert replay.state(k + 1).last.index == update.index
    assert replay.state(0).last is None and replay.state(-3).step == 0


def test_learning_rate_only_scales_the_weights_from_zero():
    d = logic_gate("and")
    a = nl.perceptron_replay(d.X, to_pm1(d.y), learning_rate=1.0)
    b = nl.perceptron_replay(d.X, to_pm1(d.y), learning_rate=0.25)
    assert a.n_updates == b.n_updates == 18
    np.testing.assert_array_equal(a.errors, b.errors)
    np.testing.assert_array_equal(a.history[-1][0] * 0.25, b.history[-1][0])


# --- XOR with a hidden layer -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def xor_run():
    return nl.train_xor("tanh", 0)


def test_xor_network_reaches_100_percent(xor_run):
    last = xor_run.snapshot(1000)
    assert last.accuracy == 1.0 and last.loss < 0.01  # (log loss 0.0036 at epoch 1000)
    assert xor_run.snapshot(0).accuracy < 1.0
    assert [s.epoch for s in xor_run.snapshots] == list(nl.XOR_CHECKPOINTS)
    losses = [s.loss for s in xor_run.snapshots]
    assert losses[-1] < losses[0]


def test_xor_seed_1_ends_in_a_local_minimum():
    assert nl.train_xor("tanh", 1).snapshot(1000).accuracy < 1.0


def test_xor_snapshot_equals_a_fresh_training():
    net = nncore.MLP([2, 2, 1], hidden="tanh", output="sigmoid", init="xavier", seed=0)
    d = logic_gate("xor")
    trainer = nncore.Trainer(net, d.X, d.y[:, None].astype(float), loss="bce", optimizer="sgd", learning_rate=1.0)
    trainer.run(500)
    snap = nl.train_xor("tanh", 0).snapshot(500)
    for W, V in zip(net.weights, snap.weights):
        np.testing.assert_allclose(W, V, rtol=1e-12, atol=1e-12)


def test_xor_view_hidden_plane_is_the_hidden_layer(xor_run):
    net = xor_run.net(1000)
    view = nl.xor_view(net)
    d = logic_gate("xor")
    trace = net.forward(d.X)
    np.testing.assert_array_equal(view.trace.A[1], trace.A[1])
    np.testing.assert_array_equal(view.trace.A[2], trace.A[2])
    # warped lines = the grid lines pushed through the hidden layer
    np.testing.assert_allclose(view.warped_lines, net.forward(view.grid_lines.reshape(-1, 2)).A[1].reshape(
        view.grid_lines.shape))
    assert view.grid_lines.shape == (18, 41, 2)
    # in the hidden plane the output neuron's straight line separates the classes
    v, c = net.weights[1][:, 0], net.biases[1][0]
    side = trace.A[1] @ v + c
    np.testing.assert_array_equal(side >= 0, d.y == 1)
    line = view.hidden_line
    np.testing.assert_allclose(line.x * v[0] + line.y * v[1] + c, 0.0, atol=1e-9)
    # decision region in the input plane is the network's output on the grid
    np.testing.assert_array_equal(view.output.ravel(), net.predict(np.column_stack([view.xx.ravel(),
                                                                                     view.yy.ravel()]))[:, 0])
    np.testing.assert_array_equal(view.hidden_bounds, [[-1.1, 1.1], [-1.1, 1.1]])


# --- single neuron -----------------------------------------------------------------------------------------------
def test_single_neuron_data_is_reproducible_and_shaped():
    a = nl.single_neuron_data("regression", 40, 0.5, seed=4)
    b = nl.single_neuron_data("regression", 40, 0.5, seed=4)
    np.testing.assert_array_equal(a.X, b.X)
    assert a.X.shape == (40, 1) and np.all(np.diff(a.X[:, 0]) >= 0)
    labels = nl.single_neuron_data("classification", 40, 0.5, seed=4)
    np.testing.assert_array_equal(labels.y, (a.y > 0).astype(int))
    with pytest.raises(ValueError):
        nl.single_neuron_data("clustering")
    with pytest.raises(ValueError):
        nl.single_neuron_data(noise=float("nan"))


@pytest.mark.parametrize("noise", [-0.1, nl.MAX_NOISE * 1.01, 1e308])
def test_single_neuron_data_refuses_noise_outside_its_range_with_a_message(noise):
    """A noise of 1e308 overflowed the targets to inf with a RuntimeWarning; it is refused, naming the range."""
    with pytest.raises(ValueError, match=r"noise must be a number in \[0, 60\]"):
        nl.single_neuron_data(noise=noise)
    assert np.all(np.isfinite(nl.single_neuron_data(noise=nl.MAX_NOISE, seed=1).y))


def test_linear_neuron_is_least_squares_regression():
    d = nl.single_neuron_data("regression", 40, 0.5, seed=0)
    fit = nl.fit_single_neuron(d.X, d.y, "linear")
    slope, intercept = np.polyfit(d.X[:, 0], d.y, 1)
    np.testing.assert_allclose([fit.w, fit.b], [slope, intercept], rtol=1e-8)
    np.testing.assert_allclose(fit.least_squares, [slope, intercept], rtol=1e-10)
    np.testing.assert_allclose(fit.curve_y, fit.w * fit.curve_x + fit.b, rtol=1e-12)
    assert fit.boundary is None
    assert fit.cost == pytest.approx(np.mean((fit.w * d.X[:, 0] + fit.b - d.y) ** 2))


def test_sigmoid_neuron_is_logistic_regression():
    d = nl.single_neuron_data("classification", 40, 0.5, seed=0)
    fit = nl.fit_single_neuron(d.X, d.y, "sigmoid", curve_x=[-1.0, 0.0, 1.0])
    np.testing.assert_allclose(fit.curve_y, nncore.sigmoid(fit.w * np.array([-1.0, 0.0, 1.0]) + fit.b))
    assert fit.boundary == pytest.approx(-fit.b / fit.w)
    assert fit.w > 0 and fit.least_squares is None
    acc = np.mean((nncore.sigmoid(fit.w * d.X[:, 0] + fit.b) >= 0.5) == (d.y == 1))
    assert acc >= 0.9
    assert np.all(np.diff(fit.costs) <= 1e-12)  # gradient descent on a convex cost: never up
    with pytest.raises(ValueError):
        nl.fit_single_neuron(d.X, d.y, "relu")


# --- M-P truth table, perceptron data and plane ----------------------------------------------------------------
@pytest.mark.parametrize("weights, theta, outputs, gate", [
    ((1, 1), 2, [0, 0, 0, 1], "and"),      # weights (1, 1), θ = 2: AND
    ((1, 1), 1, [0, 1, 1, 1], "or"),       # θ = 1: OR
    ((-1, -1), -1, [1, 1, 1, 0], "nand"),  # inhibitory weights −1, −1, θ = −1: NAND
    ((1, -1), 0.5, [0, 0, 1, 0], None),    # fires only for (1, 0): no gate of the page
])
def test_mp_table(weights, theta, outputs, gate):
    table = nl.mp_table(weights, theta)
    np.testing.assert_array_equal(table.inputs, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(table.sums, table.inputs @ np.asarray(weights, float))
    assert table.outputs.tolist() == outputs and table.gate == gate


def test_gate_replay_counts():
    assert nl.gate_replay("and").n_updates == 18
    assert nl.gate_replay("or").n_updates == 9
    xor = nl.gate_replay("xor")
    assert (xor.cycle_start, xor.cycle_length) == (0, 4)  # the cycle is 4 updates, back at w = 0, b = 0
    w, b = xor.history[4]
    assert w.tolist() == [0, 0] and b == 0
    assert nl.gate_replay("and", learning_rate=0.25).n_updates == 18


def test_perceptron_data():
    assert nl.perceptron_data("xor").y.tolist() == [0, 1, 1, 0]
    assert nl.perceptron_data("separable", 3).X.shape == (nl.SEPARABLE_N, 2)
    with pytest.raises(ValueError):
        nl.perceptron_data("nor")


@pytest.mark.parametrize("step", [0, 1, 7, 18])
def test_perceptron_plane_is_the_rule_on_a_grid(step):
    replay = nl.gate_replay("and")
    state = replay.state(step)
    plane = nl.perceptron_plane(state, (-0.5, 1.5), 21)
    xx, yy = np.meshgrid(plane.xs, plane.ys)
    expected = nncore.perceptron.perceptron_predict(np.column_stack([xx.ravel(), yy.ravel()]), state.w, state.b)
    np.testing.assert_array_equal(plane.region.ravel(), expected)
    assert (plane.line is None) == (not np.any(state.w))
    if step == 0:
        assert plane.previous_line is None
    else:  # the line before the last update (none while that w was still 0)
        prev = nl.decision_line(state.last.w_before, state.last.b_before, (-0.5, 1.5))
        assert (prev is None) == (plane.previous_line is None) == (not np.any(state.last.w_before))


# --- XOR: gradient norm, flat region, coinciding points --------------------------------------------------------
def test_xor_gradient_norm_is_the_gradient_of_the_cost():
    run = nl.train_xor("tanh", 1)
    snap = run.snapshot(1000)
    net = run.net(1000)
    Y = run.y[:, None].astype(float)
    numeric = [nncore.numeric_gradient(lambda: net.loss(run.X, Y, "bce"), p, order=4) for p in net.params()]
    norm = np.sqrt(sum(np.vdot(g, g) for g in numeric))
    assert snap.grad_norm == pytest.approx(norm, rel=1e-6)


@pytest.mark.parametrize("seed", [1, 2, 3, 6])
def test_failed_tanh_runs_sit_on_a_flat_region(seed):
    run = nl.train_xor("tanh", seed)
    view = nl.xor_view(run.net(1000))
    out = nl.xor_outcome(run, 1000, view)
    assert out.kind == "flat"
    assert 0.347 < out.loss < 0.349  # cost ≈ 0.348 …
    assert 1e-3 < out.grad_norm < 2e-3 < nl.FLAT_GRADIENT  # … with a gradient norm ~1e-3
    assert run.snapshot(1000).accuracy == 0.5
    # two inputs with different labels land on the same spot of the hidden plane: no line can separate them
    assert len(out.mixed) == 1
    i, j = out.mixed[0]
    assert run.y[i] != run.y[j]
    # the cost of such a state: two points right, two at ŷ = 1/2 → (ln 2 + ln 2) / 4 ≈ 0.3466, nearly reached
    assert out.loss == pytest.approx(np.log(2) / 2, abs=2e-3)


@pytest.mark.parametrize("seed", [0, 4, 5, 7, 8, 9])
def test_solved_tanh_runs(seed):
    run = nl.train_xor("tanh", seed)
    view = nl.xor_view(run.net(1000))
    assert nl.xor_outcome(run, 1000, view).kind == "solved"
    assert nl.xor_outcome(run, 100, nl.xor_view(run.net(100))).kind in ("training", "solved")


def test_slow_sigmoid_run_is_not_called_flat():
    run = nl.train_xor("sigmoid", 5)
    out = nl.xor_outcome(run, 1000, nl.xor_view(run.net(1000)))
    assert out.kind == "slow" and out.grad_norm > nl.FLAT_GRADIENT and run.snapshot(1000).accuracy < 1


def test_seed_0_hidden_plane_puts_two_points_on_one_spot():
    """The walkthrough's "3 of 4 points": with tanh, seed 0, (0, 0) and (1, 1) (both XOR = 0) coincide."""
    run = nl.train_xor("tanh", 0)
    view = nl.xor_view(run.net(1000))
    H = view.trace.A[1]
    assert view.coinciding == ((0, 3),)
    assert np.hypot(*(H[0] - H[3])) < nl.COINCIDE_SHARE * 2.2
    np.testing.assert_allclose(H[0], [0.9446, -0.9338], atol=1e-4)
    np.testing.assert_allclose(H[3], [0.9549, -0.9485], atol=1e-4)
    assert run.y[0] == run.y[3] == 0


def test_neuron_output_is_sigma_of_wx_plus_b():
    d = nl.single_neuron_data("classification", noise=0.5, seed=0)
    fit = nl.fit_single_neuron(d.X, d.y, "sigmoid")
    z, y = nl.neuron_output(fit, 1.0)
    assert z == pytest.approx(fit.w + fit.b, rel=1e-12)
    assert y == pytest.approx(1 / (1 + np.exp(-z)), rel=1e-12)
    lin = nl.fit_single_neuron(*(lambda r: (r.X, r.y))(nl.single_neuron_data("regression")), "linear")
    assert nl.neuron_output(lin, 2.0)[1] == pytest.approx(2 * lin.w + lin.b, rel=1e-12)


def test_cycle_end():
    assert nl.gate_replay("xor").cycle_end == 4
    assert nl.gate_replay("and").cycle_end is None
