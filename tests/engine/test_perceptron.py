"""nncore.perceptron: the M-P neuron's truth tables and the perceptron's convergence (and XOR's endless cycle)."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nncore.datasets import linearly_separable, logic_gate, to_pm1
from nncore.perceptron import PerceptronTrainer, Update, mp_neuron, perceptron_predict

INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])


# --- McCulloch–Pitts -------------------------------------------------------------------------------------------

def test_mp_neuron_and_gate():
    s, out = mp_neuron(INPUTS, [1, 1], 2)
    np.testing.assert_array_equal(s, [0, 1, 1, 2])
    np.testing.assert_array_equal(out, [0, 0, 0, 1])  # AND: fires only when both inputs are on


def test_mp_neuron_or_and_inhibition():
    np.testing.assert_array_equal(mp_neuron(INPUTS, [1, 1], 1)[1], [0, 1, 1, 1])  # OR
    np.testing.assert_array_equal(mp_neuron(INPUTS, [-1, -1], -1)[1], [1, 1, 1, 0])  # NAND with inhibitory inputs
    np.testing.assert_array_equal(mp_neuron([[0], [1]], [-1], 0)[1], [1, 0])  # NOT


def test_mp_neuron_single_input_and_threshold_is_inclusive():
    s, out = mp_neuron([1, 1], [1, 1], 2)
    assert (s, out) == (2.0, 1)
    assert mp_neuron([1, 0], [1, 1], 2) == (1.0, 0)


@pytest.mark.parametrize("args", [([[1, 0]], [1, 1, 1], 1), ([[1, 0]], [1, 1], np.nan), ([[np.inf, 0]], [1, 1], 1),
                                  (np.zeros((0, 2)), [1, 1], 1)])
def test_mp_neuron_bad_arguments(args):
    with pytest.raises(ValueError):
        mp_neuron(*args)


# --- perceptron ------------------------------------------------------------------------------------------------

def test_perceptron_predict_sign_of_zero_is_plus_one():
    np.testing.assert_array_equal(perceptron_predict(INPUTS, [1, 1], -1), [-1, 1, 1, 1])
    assert perceptron_predict([0, 0], [0, 0], 0) == 1


# updates needed from w = 0, b = 0 with η = 1, scanning the rows cyclically
EXPECTED_UPDATES = {"and": 18, "or": 9, "nand": 18}


@pytest.mark.parametrize("gate", ["and", "or", "nand"])
def test_perceptron_learns_linearly_separable_gates(gate):
    d = logic_gate(gate)
    y = to_pm1(d.y)
    trainer = PerceptronTrainer(d.X, y)
    updates = trainer.run(1000)
    assert trainer.converged and trainer.n_errors() == 0
    assert trainer.n_updates == len(updates) == EXPECTED_UPDATES[gate]
    np.testing.assert_array_equal(perceptron_predict(d.X, trainer.w, trainer.b), y)
    assert np.all(trainer.margins() > 0)
    assert not trainer.cycle_detected
    assert trainer.step() is None and trainer.n_updates == EXPECTED_UPDATES[gate]  # nothing left to fix
    assert len(trainer.history) == trainer.n_updates + 1


def test_perceptron_never_learns_xor_and_detects_the_cycle():
    d = logic_gate("xor")
    trainer = PerceptronTrainer(d.X, to_pm1(d.y))
    trainer.run(500)
    assert trainer.n_updates == 500 and not trainer.converged
    assert trainer.cycle_detected and trainer.cycle_length >= 1
    w_start, b_start = trainer.history[trainer.cycle_start]
    w_again, b_again = trainer.history[trainer.cycle_start + trainer.cycle_length]
    np.testing.assert_array_equal(w_start, w_again)
    assert b_start == b_again
    for w, b in trainer.history:  # no state on the way classifies all four points
        assert np.any(to_pm1(d.y) * (d.X @ w + b) <= 0)


def test_run_can_stop_at_the_cycle():
    d = logic_gate("xor")
    trainer = PerceptronTrainer(d.X, to_pm1(d.y))
    trainer.run(10_000, stop_on_cycle=True)
    assert trainer.cycle_detected and trainer.n_updates < 100


def _check_update_rule(trainer: PerceptronTrainer, updates: list[Update]):
    eta = trainer.learning_rate
    for k, u in enumerate(updates):
        np.testing.assert_array_equal(u.w_after, u.w_before + eta * u.y * u.x)
        assert u.b_after == u.b_before + eta * u.y
        np.testing.assert_array_equal(u.x, trainer.X[u.index])
        assert u.y == trainer.y[u.index]
        assert u.y * (u.x @ u.w_before + u.b_before) <= 0  # only misclassified points trigger an update
        np.testing.assert_array_equal(trainer.history[k + 1][0], u.w_after)
        if k:
            np.testing.assert_array_equal(u.w_before, updates[k - 1].w_after)
    epochs = [u.epoch for u in updates]
    assert epochs == sorted(epochs) and epochs[0] >= 1


@pytest.mark.parametrize("order", ["cyclic", "random"])
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_perceptron_converges_on_random_separable_sets(order, seed):
    d = linearly_separable(50, seed=seed, margin=0.5)
    trainer = PerceptronTrainer(d.X, to_pm1(d.y), learning_rate=0.5, order=order, seed=seed)
    updates = trainer.run(100_000)
    assert trainer.converged
    # Novikoff: at most (R/γ)² updates, R = max ‖(x, 1)‖, γ = the margin of the true line in (w, b) space
    normal, offset = np.array(d.info["normal"]), d.info["offset"]
    R = np.max(np.linalg.norm(np.column_stack([d.X, np.ones(len(d.X))]), axis=1))
    gamma = d.info["margin"] / np.linalg.norm(np.append(normal, offset))
    assert trainer.n_updates <= (R / gamma) ** 2
    _check_update_rule(trainer, updates)


def test_cyclic_scan_continues_after_the_last_update():
    d = logic_gate("or")
    trainer = PerceptronTrainer(d.X, to_pm1(d.y))
    first = trainer.step()
    assert first.index == 0 and first.epoch == 1  # (0,0) is wrong at w = 0, b = 0 (margin 0 counts as wrong)
    second = trainer.step()
    assert second.index > first.index


def test_random_order_is_reproducible_by_seed():
    d = linearly_separable(30, seed=9)
    runs = [PerceptronTrainer(d.X, to_pm1(d.y), order="random", seed=s).run(50) for s in (4, 4, 5)]
    assert [u.index for u in runs[0]] == [u.index for u in runs[1]]
    assert [u.index for u in runs[0]] != [u.index for u in runs[2]]


def test_initial_weights_and_learning_rate():
    d = logic_gate("and")
    trainer = PerceptronTrainer(d.X, to_pm1(d.y), learning_rate=0.1, w0=[0.5, -0.5], b0=0.2)
    np.testing.assert_array_equal(trainer.history[0][0], [0.5, -0.5])
    updates = trainer.run(1000)
    assert trainer.converged
    _check_update_rule(trainer, updates)


@pytest.mark.parametrize("kwargs", [dict(y_pm1=[0, 1, 1, 0]), dict(y_pm1=[1, -1]), dict(learning_rate=0),
                                    dict(order="shuffled"), dict(w0=[1, 2, 3]), dict(b0=np.nan)])
def test_perceptron_bad_arguments(kwargs):
    args = dict(X=INPUTS, y_pm1=[-1, 1, 1, 1])
    args.update(kwargs)
    with pytest.raises(ValueError):
        PerceptronTrainer(**args)
    with pytest.raises(ValueError):
        PerceptronTrainer(INPUTS, [-1, 1, 1, 1]).run(-1)


@settings(max_examples=30, deadline=None)
@given(m=st.integers(1, 40), n=st.integers(1, 4), seed=st.integers(0, 10**6), steps=st.integers(0, 60))
def test_perceptron_on_random_integer_data_keeps_its_invariants(m, n, seed, steps):
    rng = np.random.default_rng(seed)
    X = rng.integers(-3, 4, (m, n)).astype(float)
    y = rng.choice([-1.0, 1.0], m)
    trainer = PerceptronTrainer(X, y, order="random" if seed % 2 else "cyclic", seed=seed)
    updates = trainer.run(steps)
    assert len(trainer.history) == trainer.n_updates + 1 == len(updates) + 1
    assert all(np.all(np.isfinite(w)) and np.isfinite(b) for w, b in trainer.history)
    if updates:
        _check_update_rule(trainer, updates)
    if len(updates) < steps:
        assert trainer.converged
    pred = perceptron_predict(X, trainer.w, trainer.b)
    assert pred.shape == (m,) and set(np.unique(pred)) <= {-1, 1}
