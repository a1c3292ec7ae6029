"""nncore.lessons.regularization: the numbers the Regularization page states."""

from __future__ import annotations

import numpy as np
import pytest

import nncore
from nncore.datasets import curve_1d
from nncore.lessons import regularization as lesson

EPOCHS = (100, 200, 500, 1000)
PATIENCES = (10, 25, 50, 100, 200)


# ---------------------------------------- many small MLPs side by side (nncore.ensemble: tests/engine/test_ensemble.py)
def test_a_member_does_not_depend_on_the_members_beside_it():
    """The plain network's numbers are the same whether it trains alone, beside an L2 copy or a dropout copy (one
    number per fact: turning L2 on must not move the blue curves)."""
    kw = dict(snapshots=(50, 300), patiences=(25,), limits=(300,))
    alone = lesson.fit_members("sin", 12, 0.3, (16, 16), 300, members=[(0, 0)], **kw)
    for members in ([(0, 0), (0.003, 0.0)], [(0, 0), (0.0, 0.3)], [(0, 0), (0, 0.1), (0.01, 0.2)]):
        other = lesson.fit_members("sin", 12, 0.3, (16, 16), 300, members=members, **kw)
        for name in ("train_loss", "val_loss", "weight_norm", "snapshots", "test_loss"):
            np.testing.assert_array_equal(getattr(other.run, name)[0], getattr(alone.run, name)[0])
        s, t = other.early_stop(0, 25, 300), alone.early_stop(0, 25, 300)
        assert (s.stop, s.kept, s.val_loss, s.test_loss) == (t.stop, t.kept, t.val_loss, t.test_loss)
        np.testing.assert_array_equal(s.fit, t.fit)


# ------------------------------------------------------------------ overfitting and early stopping
@pytest.fixture(scope="module")
def default_fit():
    """The page's default view: 15 points of sin(πx), noise 0.3, 1-32-32-1, 1000 epochs, plain + L2 0.003."""
    return lesson.fit_curve("sin", 15, 0.3, (32, 32), 1000, 0.01, l2=0.003,
                            snapshots=lesson.snapshot_schedule(EPOCHS), patiences=PATIENCES, limits=EPOCHS)


def test_three_separate_samples(default_fit):
    f = default_fit
    assert (f.x_train.size, f.x_val.size, f.x_test.size) == (15, lesson.N_VAL, lesson.N_TEST) == (15, 20, 200)
    assert not set(f.x_train) & set(f.x_val) and not set(f.x_val) & set(f.x_test)
    np.testing.assert_array_equal(f.y_val, curve_1d(20, 0.3, "sin", seed=20_000).y)
    np.testing.assert_array_equal(f.y_test, curve_1d(200, 0.3, "sin", seed=10_000).y)


def test_overfitting_validation_loss_turns_up_training_loss_keeps_falling(default_fit):
    run = default_fit.run
    assert run.val_loss[0, -1] > 1.2 * run.val_loss[0].min()
    assert run.train_loss[0, -1] < default_fit.noise_var / 4
    # L2 fits less of the noise: higher training loss, smaller weights, lower validation and test loss at the end
    assert run.train_loss[1, -1] > run.train_loss[0, -1]
    assert run.weight_norm[1, -1] < run.weight_norm[0, -1]
    assert run.val_loss[1, -1] < run.val_loss[0, -1] and run.test_loss[1, -1] < run.test_loss[0, -1]


@pytest.mark.parametrize("patience", PATIENCES)
@pytest.mark.parametrize("limit", EPOCHS)
def test_early_stopping_follows_the_patience_rule_on_the_validation_loss(default_fit, patience, limit):
    for k in (0, 1):
        s = default_fit.early_stop(k, patience, limit)
        rule = lesson.patience_stop(default_fit.run.val_loss[k, :limit], patience)
        if rule is None:
            assert s.stop is None
            assert s.kept == int(np.argmin(default_fit.run.val_loss[k, :limit])) + 1
        else:
            assert (s.stop, s.kept) == rule and s.stop == s.kept + patience
        assert s.val_loss == default_fit.run.val_loss[k, s.kept - 1]
        assert s.epochs_run == (limit if s.stop is None else s.stop)


def test_the_kept_weights_are_those_of_the_kept_epoch_and_their_test_loss_is_measured_on_them(default_fit):
    s = default_fit.early_stop(0, 50, 1000)
    assert (s.stop, s.kept) == (77, 27)  # patience 50 stops at an early plateau …
    s100 = default_fit.early_stop(0, 100, 1000)
    assert (s100.stop, s100.kept) == (293, 193)  # … patience 100 waits for the real minimum
    assert s100.test_loss < s.test_loss
    short = lesson.fit_curve("sin", 15, 0.3, (32, 32), s100.kept, 0.01, l2=0.003)
    np.testing.assert_array_equal(short.run.final[0], s100.fit)
    test = curve_1d(200, 0.3, "sin", seed=10_000)
    net_out = lesson.train_mlps(curve_1d(15, 0.3, "sin", seed=0).X, curve_1d(15, 0.3, "sin", seed=0).y, (32, 32),
                                epochs=s100.kept, grid=test.X[:, 0]).final[0]
    assert s100.test_loss == pytest.approx(np.mean((net_out - test.y) ** 2), rel=1e-12)


def test_one_run_sliced_equals_a_shorter_run(default_fit):
    run = default_fit.run
    short = lesson.fit_curve("sin", 15, 0.3, (32, 32), 200, 0.01, l2=0.003)
    np.testing.assert_array_equal(run.train_loss[:, :200], short.run.train_loss)
    np.testing.assert_array_equal(run.val_loss[:, :200], short.run.val_loss)
    np.testing.assert_array_equal(run.snapshots[:, run.snapshot_index(200)], short.run.final)
    assert run.snapshot_count(200) == int(np.sum(run.snapshot_epochs <= 200))


def test_objective_is_cost_plus_lambda_half_squared_norm(default_fit):
    obj = default_fit.objective(1, 400)
    assert obj.cost == default_fit.run.train_loss[1, 399] and obj.lam == 0.003
    assert obj.omega == pytest.approx(0.5 * default_fit.run.weight_norm[1, 399] ** 2)
    assert obj.total == pytest.approx(obj.cost + 0.003 * obj.omega)


def test_patience_stop_matches_trainer_plateaued():
    loss = [5, 4, 3, 3.5, 3.2, 3.1, 2.0, 2.5, 2.6, 2.7]
    assert lesson.patience_stop(loss, 3) == (6, 3)   # epochs 4–6 never beat epoch 3's 3.0
    assert lesson.patience_stop(loss, 2) == (5, 3)
    assert lesson.patience_stop(loss, 4) is None      # epoch 7 improves in time
    assert lesson.patience_stop([5, 4, 3, 2, 2.5, 2.6, 2.7], 3) == (7, 4)
    trainer = nncore.Trainer(nncore.MLP([1, 1], output="linear"), [[0.0]], [0.0], loss="mse",
                             X_test=[[0.0]], Y_test=[0.0])
    for patience in (2, 3):
        first = None
        for n in range(1, len(loss) + 1):
            trainer.history.test_loss = loss[:n]
            if first is None and trainer.plateaued(patience):
                first = n
        assert first == lesson.patience_stop(loss, patience)[0]


def test_the_example_of_the_question():
    # 0.36 at epoch 3, then 0.35 at epoch 6 — within patience 3 — then three epochs without a new minimum
    assert lesson.patience_stop(lesson.EXAMPLE_VAL_LOSS, 3) == (9, 6)
    assert lesson.patience_stop(lesson.EXAMPLE_VAL_LOSS, 2) == (5, 3)


# ------------------------------------------------------------------ bias–variance
@pytest.mark.parametrize("hidden", [(), (2,), (16, 16)])
def test_bias2_plus_variance_plus_noise_is_the_expected_test_error(hidden):
    bv = lesson.bias_variance("sin", 15, 0.3, 8, hidden, epochs=300, seed=1)
    np.testing.assert_allclose(np.mean((bv.fits - bv.truth) ** 2, axis=0), bv.bias2_x + bv.variance_x, rtol=1e-10)
    assert bv.noise == pytest.approx(0.09)
    assert bv.total == pytest.approx(bv.bias2 + bv.variance + bv.noise)
    assert abs(bv.expected_error - bv.total) < 4 * bv.error_stderr + 1e-3
    assert bv.margin == 2 * bv.error_stderr
    assert bv.fits.shape == (8, 101) and bv.train_x.shape == (8, 15)


def test_the_first_k_fits_of_a_bigger_run_are_the_run_with_k_sets():
    big = lesson.resampled_fits("sin", 15, 0.3, 10, (4,), 200, 0.02)
    small = lesson.resampled_fits("sin", 15, 0.3, 5, (4,), 200, 0.02)
    np.testing.assert_array_equal(big.fits[:5], small.fits)
    a, b = lesson.decompose(big, 5), lesson.decompose(small)
    assert (a.bias2, a.variance, a.expected_error) == (b.bias2, b.variance, b.expected_error)


def test_simple_model_has_more_bias_complex_model_more_variance():
    simple = lesson.bias_variance("sin", 15, 0.3, 10, (), epochs=500, learning_rate=0.02, seed=0)
    complex_ = lesson.bias_variance("sin", 15, 0.3, 10, (16, 16), epochs=500, learning_rate=0.02, seed=0)
    assert simple.bias2 > 5 * complex_.bias2
    assert complex_.variance > simple.variance
    assert complex_.train_error < simple.train_error


# ------------------------------------------------------------------ L1 / L2
def test_l1_gives_exact_zeros_l2_none():
    data = lesson.sparse_regression()
    lams = np.geomspace(1e-3, 10, 31)
    p1, p2 = lesson.lasso_path(data.X, data.y, lams), lesson.ridge_path(data.X, data.y, lams)
    assert p1.n_zero[0] == 0 and p1.n_zero[-1] == 8
    assert np.all(np.diff(p1.n_zero) >= 0)
    assert np.all(p2.n_zero == 0) and np.all(np.isnan(p2.zero_from))
    assert np.all(np.diff(np.abs(p2.weights).sum(axis=1)) < 0)
    at = lesson.weights_at(data, 0.3)
    assert np.all(at.l1[:3] != 0) and at.zeros_l1 >= 3 and at.zeros_l2 == 0
    np.testing.assert_array_equal(at.l1, lesson.lasso(data.X, data.y, 0.3))


def test_the_weakest_true_feature_reaches_zero_first():
    data = lesson.sparse_regression()
    p1 = lesson.lasso_path(data.X, data.y, np.geomspace(1e-3, 10.0, 61))
    first = lesson.first_to_zero(p1, (0, 1, 2))
    assert first == 2  # w3 (true 1.5) before w2 (−2) and w1 (3)
    lam = p1.zero_from[2]
    assert lam < p1.zero_from[1] < p1.zero_from[0]
    i = int(np.searchsorted(p1.lams, lam))
    assert np.all(p1.weights[i:, 2] == 0.0) and p1.weights[i - 1, 2] != 0.0
    assert lesson.lasso(data.X, data.y, lam)[2] == 0.0


def test_lasso_is_optimal_subgradient_condition_and_ridge_gradient_is_zero():
    data = lesson.sparse_regression(seed=2)
    m = data.X.shape[0]
    lam = 0.5
    w = lesson.lasso(data.X, data.y, lam)
    grad = 2.0 / m * data.X.T @ (data.X @ w - data.y)
    nz = w != 0
    np.testing.assert_allclose(grad[nz], -lam * np.sign(w[nz]), atol=1e-9)
    assert np.all(np.abs(grad[~nz]) <= lam + 1e-9)
    v = lesson.ridge(data.X, data.y, lam)
    np.testing.assert_allclose(2.0 / m * data.X.T @ (data.X @ v - data.y) + lam * v, 0.0, atol=1e-12)


def test_l1_constrained_solution_lands_on_a_corner_l2_on_the_circle():
    pic = lesson.constraint_picture(0.5, 1.0)
    np.testing.assert_array_equal(pic.w_l1, [1.0, 0.0])
    assert pic.zeros_l1 == 1
    d = lesson.sparse_regression(60, (2.0, 0.5), 0.5, 0.5, seed=1)
    s = nncore.surfaces.linear_mse(d.X, d.y)
    assert np.linalg.norm(pic.w_l2) == pytest.approx(1.0, abs=1e-9) and pic.mu > 0
    np.testing.assert_allclose((s.H + pic.mu * np.eye(2)) @ pic.w_l2, -s.g, atol=1e-9)
    angles = np.linspace(0, 2 * np.pi, 20001)
    assert s.f(pic.w_l2) <= s.f(np.stack([np.cos(angles), np.sin(angles)], axis=1)).min() + 1e-9
    assert pic.levels == (pytest.approx(float(s.f(pic.w_l1))), pytest.approx(float(s.f(pic.w_l2))))
    assert pic.Z[3, 7] == pytest.approx(s.f(np.array([pic.xs[7], pic.ys[3]])))
    big = lesson.constraint_picture(0.5, 10.0)
    np.testing.assert_allclose(big.w_l1, s.minima[0])
    np.testing.assert_allclose(big.w_l2, s.minima[0])


# ------------------------------------------------------------------ weight decay
@pytest.mark.parametrize("lr, lam", [(0.1, 0.1), (1.0, 0.1), (0.05, 0.5)])
def test_weight_decay_step_equals_l2_gradient_step_and_trainer_with_sgd(lr, lam):
    d = lesson.weight_decay_demo(lr, lam)
    np.testing.assert_allclose(d.decay, d.l2_step, atol=1e-15)
    np.testing.assert_allclose(d.decay, d.trainer, atol=1e-15)
    np.testing.assert_allclose(d.decay, d.w * (1 - lr * lam) - lr * d.grad, atol=1e-15)
    assert d.factor == pytest.approx(1 - lr * lam)
    assert d.max_diff_formula < 1e-15 and d.max_diff_trainer < 1e-15


@pytest.mark.parametrize("lr, lam", [(0.1, 0.1), (0.05, 0.5)])
def test_with_adam_l2_is_not_weight_decay(lr, lam):
    d = lesson.weight_decay_demo(lr, lam)
    # Adam's first step from zero moments: η·g/(|g| + ε) — about ±η whatever the size of g
    g = d.grad + lam * d.w
    np.testing.assert_allclose(d.adam_l2, d.w - lr * g / (np.abs(g) + 1e-8), rtol=1e-12)
    np.testing.assert_allclose(d.adamw, d.w * (1 - lr * lam) - lr * d.grad / (np.abs(d.grad) + 1e-8), rtol=1e-12)
    assert d.max_diff_adam > 1e-4


def test_decay_runs_sgd_same_rule_adam_two_rules():
    r = lesson.decay_runs(0.1, epochs=300)
    assert r.sgd_diff < 1e-12
    np.testing.assert_allclose(r.sgd_norms[1], r.sgd_norms[2], rtol=0, atol=1e-12)
    assert r.adam_diff > 0.1 and abs(r.adam_norms[1, -1] - r.adam_norms[2, -1]) > 0.1
    assert r.sgd_norms[1, -1] < r.sgd_norms[0, -1] and r.adam_norms[2, -1] < r.adam_norms[0, -1]
    assert r.sgd_rate == 0.1 and r.adam_rate == 0.01 and r.epochs.size == 300


# ------------------------------------------------------------------ dropout
@pytest.mark.parametrize("p", [0.5, 0.2])
def test_dropout_keeps_the_expected_value_in_both_forms(p):
    a = np.array([0.3, -1.2, 0.05, 2.0, -0.7])
    e = lesson.dropout_expectation(a, p, n_masks=200_000, seed=0)
    assert e.keep == 1 - p and e.kept_share == pytest.approx(1 - p, abs=0.005)  # p is the drop rate
    np.testing.assert_allclose(e.test_inverted, a)
    np.testing.assert_allclose(e.test_classic, (1 - p) * a)
    np.testing.assert_allclose(e.train_mean_inverted, e.test_inverted, atol=0.02)  # E[a·m/(1 − p)] = a
    np.testing.assert_allclose(e.train_mean_classic, e.test_classic, atol=0.02)    # E[a·m] = (1 − p)·a


def test_expected_output_of_an_inverted_dropout_unit():
    u = lesson.expected_inverted_output(0.6, 0.2)
    assert u.kept_output == pytest.approx(0.75) and u.keep == pytest.approx(0.8)
    assert u.expected == pytest.approx(0.6)


@pytest.mark.parametrize("drop, mode", [(0.5, "inverted"), (0.2, "classic"), (0.0, "inverted")])
def test_dropout_step_is_the_engine_network_with_keep_probability_one_minus_p(drop, mode):
    s = lesson.dropout_step(drop, mode, step=4)
    net = nncore.MLP([1, 8, 8, 1], hidden="tanh", output="linear", seed=0, dropout=drop if drop else None,
                     dropout_mode=mode)
    tr = net.forward([[0.5]], train=True, rng=4)
    assert s.output_train == tr.output[0, 0]
    assert s.output_test == net.forward([[0.5]]).output[0, 0]
    if drop:
        assert s.kept == tuple(int(np.sum(m)) for m in tr.masks[1:-1])
    else:
        assert s.kept == (8, 8)
    assert s.n_hidden == 16 and s.keep == 1 - drop and s.n_kept == sum(s.kept)
    if mode == "classic" and drop:  # the test pass multiplies every hidden output by the keep probability
        plain = nncore.MLP([1, 8, 8, 1], hidden="tanh", output="linear", seed=0)
        np.testing.assert_allclose(net.forward([[0.5]]).A[1][0], (1 - drop) * plain.forward([[0.5]]).A[1][0])


def test_dropout_effect_members_are_drop_rates():
    f = lesson.dropout_effect((0.1, 0.5), epochs=100)
    assert f.members == ((0.0, 0.0), (0.0, 0.1), (0.0, 0.5))
    assert f.best_by_validation() == int(np.argmin(f.run.val_loss[:, -1]))
    assert f.run.test_loss.shape[0] == 3 and f.run.snapshot_epochs[-1] == 100


# ------------------------------------------------------------------ the workflow
@pytest.fixture(scope="module")
def project():
    return lesson.workflow(400, 0.2, 2, 8, True, seed=0)


def test_collect_analyse_split(project):
    w = project
    assert w.X_raw.shape == (400, 2) and w.class_counts.tolist() == [200, 200] and w.majority_share == 0.5
    raw = nncore.datasets.moons(400, 0.2, seed=0).X
    np.testing.assert_array_equal(w.X_raw, raw * np.array([1.0, 100.0]))  # feature 2 in units 100× smaller
    np.testing.assert_array_equal(w.feature_max, w.X_raw.max(axis=0))
    assert w.split_sizes.tolist() == [240, 80, 80]
    assert w.split_counts.sum() == 400 and w.split_counts.tolist() == [
        np.bincount(w.y[w.split == s], minlength=2).tolist() for s in range(3)]


def test_prepare_uses_training_statistics_only(project):
    w = project
    train = w.split == 0
    np.testing.assert_allclose(w.mu, w.X_raw[train].mean(axis=0))
    np.testing.assert_allclose(w.sigma, w.X_raw[train].std(axis=0))
    assert not np.allclose(w.mu, w.X_raw.mean(axis=0))
    np.testing.assert_allclose(w.X[train].mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(w.X[train].std(axis=0), 1.0)
    raw = lesson.workflow(400, 0.2, 2, 8, False, seed=0)
    np.testing.assert_array_equal(raw.X, raw.X_raw)


def test_compile_fit_evaluate_are_the_engines_numbers(project):
    w = project
    a = w.model_a
    assert a.layer_sizes == (2, 2, 1) and a.n_params == 9 and a.layer_params == (6, 3)
    assert abs(a.initial_loss - lesson.CHANCE_COST) < 0.1 and lesson.CHANCE_COST == pytest.approx(np.log(2))
    train, val = w.split == 0, w.split == 1
    net = nncore.MLP([2, 2, 1], hidden="tanh", output="sigmoid", seed=0)
    trainer = nncore.Trainer(net, w.X[train], w.y[train], loss="bce", optimizer="adam", learning_rate=0.05,
                             X_test=w.X[val], Y_test=w.y[val], seed=0)
    trainer.run(300)
    np.testing.assert_array_equal(a.val_loss, trainer.history.test_loss)
    assert a.final_val_acc == net.accuracy(w.X[val], w.y[val])
    assert a.confusion.sum() == a.n_val == 80 and a.correct / a.n_val == pytest.approx(a.final_val_acc)
    np.testing.assert_allclose(a.new_prob, net.predict((w.new_raw - w.mu) / w.sigma)[:, 0])
    assert a.new_label.tolist() == (a.new_prob >= 0.5).astype(int).tolist()
    assert a.hidden_maps.shape == (2, lesson.MAP_RESOLUTION, lesson.MAP_RESOLUTION)
    assert np.all(np.abs(a.hidden_maps) <= 1) and np.all((a.grid_prob >= 0) & (a.grid_prob <= 1))


def test_iterate_chooses_on_validation_and_tests_once(project):
    w = project
    assert w.chosen == ("a" if w.model_a.final_val_loss <= w.model_b.final_val_loss else "b") == "b"
    test = w.split == 2
    net = nncore.MLP([2, 8, 1], hidden="tanh", output="sigmoid", seed=0)
    nncore.Trainer(net, w.X[w.split == 0], w.y[w.split == 0], loss="bce", optimizer="adam", learning_rate=0.05,
                   seed=0).run(300)
    assert w.test_loss == pytest.approx(net.loss(w.X[test], w.y[test], "bce"), rel=1e-12)
    assert w.test_acc == net.accuracy(w.X[test], w.y[test])
    assert w.chosen_model is w.model_b


def test_bad_arguments_raise_clear_errors():
    with pytest.raises(ValueError, match="training sets"):
        lesson.resampled_fits(n_sets=1)
    with pytest.raises(ValueError, match="patience"):
        lesson.patience_stop([1, 2], 0)
    with pytest.raises(ValueError, match="snapshot"):
        lesson.fit_curve(epochs=20).run.snapshot_index(7)


def test_the_dropout_sections_networks_are_the_overfitting_sections_networks():
    """The same network, data and start on two sections gives the same numbers (one number per fact)."""
    effect = lesson.dropout_effect((0.1, 0.3), epochs=300)
    for k, p in enumerate((0.1, 0.3), start=1):
        copy = lesson.fit_curve("sin", 15, 0.3, (32, 32), 300, 0.01, drop=p)
        np.testing.assert_array_equal(effect.run.val_loss[k], copy.run.val_loss[1])
        np.testing.assert_array_equal(effect.run.val_loss[0], copy.run.val_loss[0])
