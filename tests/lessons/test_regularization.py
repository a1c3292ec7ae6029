"""nncore.lessons.regularization: the numbers the Regularization page states."""

from __future__ import annotations

import numpy as np
import pytest

import nncore
from nncore.lessons import regularization as gen
from nncore.datasets import curve_1d


# ------------------------------------------------------------------ many small MLPs = nncore.MLP + Trainer
@pytest.mark.parametrize("hidden, l2, keep", [((16,), 0.0, 1.0), ((8, 8), 0.01, 1.0), ((8, 8), 0.0, 0.7)])
def test_batched_training_equals_mlp_and_trainer(hidden, l2, keep):
    data, test = curve_1d(15, 0.3, "sin", seed=0), curve_1d(50, 0.3, "sin", seed=1)
    net = nncore.MLP([1, *hidden, 1], hidden="tanh", output="linear", seed=3, dropout=keep if keep < 1 else None)
    trainer = nncore.Trainer(net, data.X, data.y, loss="mse", optimizer="adam", learning_rate=0.01, l2=l2,
                             X_test=test.X, Y_test=test.y, seed=3)
    trainer.run(200)
    run = gen.train_mlps(data.X, data.y, hidden, epochs=200, learning_rate=0.01, l2=l2, keep_prob=keep,
                         X_test=test.X, Y_test=test.y, seed=3)
    np.testing.assert_allclose(run.train_loss[0], trainer.history.train_loss, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(run.test_loss[0], trainer.history.test_loss, rtol=1e-10, atol=1e-13)
    for W, V in zip(run.weights, net.weights):
        np.testing.assert_allclose(W[0], V, rtol=1e-9, atol=1e-12)
    assert run.best_epoch[0] == trainer.history.best_test_epoch()
    np.testing.assert_allclose(run.final[0], net.predict(run.grid_x[:, None])[:, 0], rtol=1e-9, atol=1e-12)


def test_members_are_independent_networks():
    sets = [curve_1d(12, 0.2, "cubic", seed=s) for s in (5, 6)]
    X = np.stack([d.X for d in sets])
    Y = np.stack([d.y[:, None] for d in sets])
    run = gen.train_mlps(X, Y, (4,), epochs=50, seed=10)
    for k, d in enumerate(sets):
        alone = gen.train_mlps(d.X, d.y, (4,), epochs=50, seed=10 + k)
        np.testing.assert_allclose(run.train_loss[k], alone.train_loss[0], rtol=1e-10)


def test_early_stopping_epoch_is_argmin_of_test_loss_and_best_fit_uses_its_weights():
    f = gen.fit_curve("sin", 10, 0.3, (32, 32), 600, snapshot_every=6, seed=0)
    run = f.run
    assert run.best_epoch[0] == int(np.argmin(run.test_loss[0])) + 1
    # overfitting: the test loss at the end is above its minimum, the training loss far below the noise floor
    assert run.test_loss[0, -1] > run.test_loss[0].min() * 1.2
    assert run.train_loss[0, -1] < f.noise_var / 2
    # the snapshot at epoch e is the fit after e epochs
    assert run.snapshot_epochs[-1] == 600 and run.snapshots.shape == (1, 100, f.truth.size)
    np.testing.assert_allclose(run.snapshots[0, -1], run.final[0])
    short = gen.fit_curve("sin", 10, 0.3, (32, 32), int(run.best_epoch[0]), seed=0)
    np.testing.assert_allclose(short.run.final[0], run.best[0], rtol=1e-9, atol=1e-12)


def test_regularized_member_starts_from_the_same_weights_and_overfits_less():
    f = gen.fit_curve("sin", 15, 0.3, (32, 32), 1000, l2=0.003, seed=0)
    assert f.regularized and f.run.train_loss.shape == (2, 1000)
    assert f.run.test_loss[1, -1] < f.run.test_loss[0, -1]
    assert f.run.weight_norm[1, -1] < f.run.weight_norm[0, -1]
    assert f.run.train_loss[1, -1] > f.run.train_loss[0, -1]  # it fits less of the noise


def test_patience_stop_matches_trainer_plateaued():
    loss = [5, 4, 3, 3.5, 3.2, 3.1, 2.0, 2.5, 2.6, 2.7]
    assert gen.patience_stop(loss, 3) == (6, 3)   # epochs 4–6 never beat epoch 3's 3.0
    assert gen.patience_stop(loss, 2) == (5, 3)
    assert gen.patience_stop(loss, 4) is None      # epoch 7 improves in time
    assert gen.patience_stop([5, 4, 3, 2, 2.5, 2.6, 2.7], 3) == (7, 4)
    # the first epoch at which Trainer.plateaued says stop
    trainer = nncore.Trainer(nncore.MLP([1, 1], output="linear"), [[0.0]], [0.0], loss="mse",
                             X_test=[[0.0]], Y_test=[0.0])
    for patience in (2, 3):
        first = None
        for n in range(1, len(loss) + 1):
            trainer.history.test_loss = loss[:n]
            if first is None and trainer.plateaued(patience):
                first = n
        assert first == gen.patience_stop(loss, patience)[0]


# ------------------------------------------------------------------ bias–variance
@pytest.mark.parametrize("hidden", [(), (2,), (16, 16)])
def test_bias2_plus_variance_plus_noise_is_the_expected_test_error(hidden):
    bv = gen.bias_variance("sin", 15, 0.3, 8, hidden, epochs=300, seed=1)
    # exact identity per x: mean_k (f_k − f)² = bias² + variance
    np.testing.assert_allclose(np.mean((bv.fits - bv.truth) ** 2, axis=0), bv.bias2_x + bv.variance_x, rtol=1e-10)
    assert bv.noise == pytest.approx(0.09)
    assert bv.total == pytest.approx(bv.bias2 + bv.variance + bv.noise)
    # the measured error (fresh noise) agrees within sampling tolerance
    assert abs(bv.expected_error - bv.total) < 4 * bv.error_stderr + 1e-3
    assert bv.fits.shape == (8, 101) and bv.train_x.shape == (8, 15)


def test_simple_model_has_more_bias_complex_model_more_variance():
    simple = gen.bias_variance("sin", 15, 0.3, 10, (), epochs=500, seed=0)
    complex_ = gen.bias_variance("sin", 15, 0.3, 10, (16, 16), epochs=1000, seed=0)
    assert simple.bias2 > 5 * complex_.bias2
    assert complex_.variance > simple.variance
    assert complex_.train_error < simple.train_error


# ------------------------------------------------------------------ L1 / L2
def test_l1_gives_exact_zeros_l2_none():
    data = gen.sparse_regression()
    lams = np.geomspace(1e-3, 10, 31)
    p1, p2 = gen.lasso_path(data.X, data.y, lams), gen.ridge_path(data.X, data.y, lams)
    assert p1.n_zero[0] == 0 and p1.n_zero[-1] == 8        # nothing at tiny λ, everything at λ = 10
    assert np.all(np.diff(p1.n_zero) >= 0)
    assert np.all(p2.n_zero == 0)                          # L2 shrinks, never zeroes
    norms = np.abs(p2.weights).sum(axis=1)
    assert np.all(np.diff(norms) < 0)
    # at λ = 0.3 L1 keeps the three true features and drops irrelevant ones
    w = gen.lasso(data.X, data.y, 0.3)
    assert np.all(w[:3] != 0) and np.sum(w == 0.0) >= 3


def test_lasso_is_optimal_subgradient_condition_and_ridge_gradient_is_zero():
    data = gen.sparse_regression(seed=2)
    m = data.X.shape[0]
    lam = 0.5
    w = gen.lasso(data.X, data.y, lam)
    grad = 2.0 / m * data.X.T @ (data.X @ w - data.y)
    nz = w != 0
    np.testing.assert_allclose(grad[nz], -lam * np.sign(w[nz]), atol=1e-9)
    assert np.all(np.abs(grad[~nz]) <= lam + 1e-9)
    v = gen.ridge(data.X, data.y, lam)
    np.testing.assert_allclose(2.0 / m * data.X.T @ (data.X @ v - data.y) + lam * v, 0.0, atol=1e-12)


def _bowl():
    d = gen.sparse_regression(60, (2.0, 0.5), 0.5, 0.5, seed=1)
    return nncore.surfaces.linear_mse(d.X, d.y)


def test_l1_constrained_solution_lands_on_a_corner_l2_on_the_circle():
    s = _bowl()
    w1 = gen.constrained_minimum_l1(s.H, s.g, 1.0)
    np.testing.assert_array_equal(w1, [1.0, 0.0])          # the corner (t, 0): w₂ exactly 0
    w2, mu = gen.constrained_minimum_l2(s.H, s.g, 1.0)
    assert np.linalg.norm(w2) == pytest.approx(1.0, abs=1e-9) and np.all(w2 != 0) and mu > 0
    # the L2-constrained solution is the penalised (ridge) solution with λ = μ
    np.testing.assert_allclose((s.H + mu * np.eye(2)) @ w2, -s.g, atol=1e-9)
    # brute force over the boundary agrees
    angles = np.linspace(0, 2 * np.pi, 20001)
    circle = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    assert s.f(w2) <= s.f(circle).min() + 1e-9
    u = np.linspace(0, 1, 5001)[:, None]
    corners = np.array([[1, 0], [0, 1], [-1, 0], [0, -1], [1, 0]], float)
    edges = np.concatenate([a + u * (b - a) for a, b in zip(corners[:-1], corners[1:])])
    assert s.f(w1) <= s.f(edges).min() + 1e-12
    # a big region contains w*: both answers are the unconstrained minimum
    big = gen.constrained_minimum_l1(s.H, s.g, 10.0)
    np.testing.assert_allclose(big, s.minima[0])
    np.testing.assert_allclose(gen.constrained_minimum_l2(s.H, s.g, 10.0)[0], s.minima[0])


def test_contour_grid_is_the_surface():
    s = _bowl()
    xs, ys, Z = gen.contour_grid(s.f, ((-1, 3), (-1.5, 2)), 11)
    assert Z.shape == (11, 11)
    assert Z[3, 7] == pytest.approx(s.f(np.array([xs[7], ys[3]])))


# ------------------------------------------------------------------ weight decay and dropout
@pytest.mark.parametrize("lr, lam", [(0.1, 0.1), (1.0, 0.1), (0.05, 0.5)])
def test_weight_decay_step_equals_l2_gradient_step_and_trainer(lr, lam):
    d = gen.weight_decay_demo(lr, lam)
    np.testing.assert_allclose(d.decay, d.l2_step, atol=1e-15)
    np.testing.assert_allclose(d.decay, d.trainer, atol=1e-15)
    np.testing.assert_allclose(d.decay, d.w * (1 - lr * lam) - lr * d.grad, atol=1e-15)
    assert d.factor == pytest.approx(1 - lr * lam)
    assert d.max_diff_formula < 1e-14 and d.max_diff_trainer < 1e-14


@pytest.mark.parametrize("p", [0.5, 0.8])
def test_dropout_keeps_the_expected_value_in_both_forms(p):
    a = np.array([0.3, -1.2, 0.05, 2.0, -0.7])
    e = gen.dropout_expectation(a, p, n_masks=200_000, seed=0)
    assert e.kept_share == pytest.approx(p, abs=0.005)
    np.testing.assert_allclose(e.test_inverted, a)
    np.testing.assert_allclose(e.test_classic, p * a)
    np.testing.assert_allclose(e.train_mean_inverted, e.test_inverted, atol=0.02)  # E[a·m/p] = a
    np.testing.assert_allclose(e.train_mean_classic, e.test_classic, atol=0.02)    # E[a·m] = p·a


def test_bad_arguments_raise_clear_errors():
    with pytest.raises(ValueError, match="epochs"):
        gen.train_mlps(np.zeros((3, 1)), np.zeros(3), (2,), epochs=0)
    with pytest.raises(ValueError, match="keep_prob"):
        gen.train_mlps(np.zeros((3, 1)), np.zeros(3), (2,), keep_prob=0.0)
    with pytest.raises(ValueError, match="training sets"):
        gen.bias_variance(n_sets=1)
    with pytest.raises(ValueError, match="patience"):
        gen.patience_stop([1, 2], 0)
