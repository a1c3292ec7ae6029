"""nncore.lessons.gradient_descent: the numbers the Gradient-descent page shows, against the lesson's formulas."""
from __future__ import annotations

import math

import numpy as np
import pytest

import nncore
from nncore import datasets
from nncore.lessons import gradient_descent as lab
from nncore import surfaces as sf


def test_update_numbers_for_a_squared():
    # a = 2.5, f′(a) = 2a = 5, η = 0.1: a₁ = 2.5 − 0.1 × 5 = 2.0 (Article 2: w ← w − LR·g(w))
    u = lab.update_1d("square", 2.5, 0.1)
    assert (u.a, u.slope, u.change, u.a_next, u.f_next) == (2.5, 5.0, 0.5, 2.0, 4.0)
    assert u.f == 6.25


@pytest.mark.parametrize("fn,a0,lr", [("square", 2.5, 0.1), ("quartic", 2.0, 0.01), ("log", 2.0, 0.5),
                                      ("cube", 1.5, 0.1), ("linear", 2.0, 0.3)])
def test_update_equals_descend_1d_step_for_step(fn, a0, lr):
    run = sf.descend_1d(fn, a0, lr, n_steps=30)
    for k in range(run.n_steps):
        u = lab.update_1d(fn, float(run.a[k]), lr, k)
        assert u.a_next == run.a[k + 1]
        assert u.slope == run.df[k]


def test_update_leaving_the_domain_has_no_f():
    u = lab.update_1d("log", 0.1, 1.0)  # 0.1 − 1 × (1/0.1) = −9.9 < 0: ln is undefined there
    assert u.a_next == pytest.approx(-9.9) and u.f_next is None


def test_tangent_line_has_the_slope_f_prime():
    # f = 3a: the tangent is the line itself, slope 3 (Article 3: a = 2 → 2.001 moves f by 0.003)
    x, y = lab.tangent_line("linear", 2.0, 1.0)
    np.testing.assert_allclose(y, [3.0, 9.0])
    x, y = lab.tangent_line("square", 2.0, 0.5)
    assert (y[1] - y[0]) / (x[1] - x[0]) == pytest.approx(4.0)  # f′(2) = 2a = 4
    assert np.mean(y) == pytest.approx(4.0)  # touches f(2) = 4


def test_plot_window_contains_path_and_respects_domain():
    assert lab.plot_window("square") == (-3.0, 3.0)
    lo, hi = lab.plot_window("square", [2.5, -6.0, 7.2])
    assert lo < -6 and hi > 7.2
    lo, hi = lab.plot_window("log", [0.001, 5.0])
    assert lo == 0.05 and hi > 5.0  # never left of the plot range for ln a
    lo, hi = lab.plot_window("square", [1e9], max_width=100)
    assert hi == pytest.approx(-3 + 100)


def test_curve_1d_is_f_on_the_window():
    a, f = lab.curve_1d("cube", (-1.0, 1.0), 5)
    np.testing.assert_array_equal(a, [-1, -0.5, 0, 0.5, 1])
    np.testing.assert_array_equal(f, a**3)


def test_frame_indices():
    np.testing.assert_array_equal(lab.frame_indices(5, 60), [0, 1, 2, 3, 4])
    idx = lab.frame_indices(1000, 60)
    assert idx[0] == 0 and idx[-1] == 999 and len(idx) == 60 and np.all(np.diff(idx) > 0)
    assert lab.frame_indices(0).size == 0


def test_contour_grid_values_are_f_on_the_mesh():
    s = sf.rosenbrock()
    g = lab.contour_grid(s, 11, "log")
    assert g.values.shape == (11, 11)
    assert g.values[3, 7] == pytest.approx(s.f((g.xs[7], g.ys[3])))
    np.testing.assert_allclose(g.shown, np.log10(1 + g.values - g.values.min()))
    np.testing.assert_allclose(g.show(g.values), g.shown)
    lin = lab.contour_grid(sf.saddle(), 5)
    np.testing.assert_array_equal(lin.shown, lin.values)
    with pytest.raises(ValueError):
        lab.contour_grid(s, 5, "sqrt")


def test_square_bounds():
    assert lab.square_bounds(((0, 2), (0, 10))) == ((-4.0, 6.0), (0.0, 10.0))


def test_run_optimizers_equal_nncore_step_for_step():
    s = sf.quadratic_bowl(10)
    paths = lab.run_optimizers(s, (-2.5, 1.5), lab.OPTIMIZER_NAMES, 0.05, beta=0.8, n_steps=40)
    for name in lab.OPTIMIZER_NAMES:
        opt = nncore.make_optimizer(name, 0.05, **({"beta": 0.8} if name in ("momentum", "nesterov") else {}))
        w = np.array([-2.5, 1.5])
        for k in range(40):
            opt.step([w], [s.grad(w)])
            np.testing.assert_array_equal(paths[name].points[k + 1], w)
    # plain gradient descent by hand: w ← w − η(Hw)
    w = np.array([-2.5, 1.5])
    for k in range(3):
        w = w - 0.05 * (s.H @ w)
    np.testing.assert_allclose(paths["sgd"].points[3], w)


def test_optimal_and_max_stable_step_from_the_hessian_eigenvalues():
    for kappa in (1, 10, 50):
        s = sf.quadratic_bowl(kappa, angle=0.3)
        lam = np.linalg.eigvalsh(s.hessian(np.zeros(2)))
        rates = lab.bowl_rates(s)
        assert rates["optimal"] == pytest.approx(2 / (lam[0] + lam[1]))
        assert rates["max_stable"] == pytest.approx(2 / lam[1])
        assert rates["unstable"] == pytest.approx(1.1 * 2 / lam[1])
        # at η* both directions contract equally: |1 − η*λmin| = |1 − η*λmax| = (κ − 1)/(κ + 1)
        check = lab.quadratic_check(s, rates["optimal"])
        assert abs(check.factors[0]) == pytest.approx(abs(check.factors[1]))
        assert abs(check.factors[0]) == pytest.approx((kappa - 1) / (kappa + 1))


@pytest.mark.parametrize("kappa", [2, 10, 50])
def test_divergence_detected_at_the_predicted_threshold(kappa):
    """η < 2/λmax converges, η > 2/λmax diverges — the run says so, as the Hessian predicts."""
    s = sf.quadratic_bowl(kappa)
    edge = s.max_stable_step()
    below, above = 0.98 * edge, 1.02 * edge
    assert lab.quadratic_check(s, below).prediction == "converges"
    assert lab.quadratic_check(s, above).prediction == "diverges"
    assert lab.quadratic_check(s, edge).alpha_lmax == pytest.approx(2.0)
    f_min = 0.0
    for lr, expected in ((below, "converged"), (above, "diverged")):
        path = lab.run_optimizers(s, (-2.5, 1.5), ["sgd"], lr, n_steps=3000)["sgd"]
        verdict = lab.descent_verdict(path, f_min, 1e-6)
        assert verdict.status == expected, (kappa, lr, verdict)
        assert np.all(np.isfinite(path.points)) and np.all(np.isfinite(path.values))


def test_verdicts():
    s = sf.saddle()
    path = lab.run_optimizers(s, (-2.5, 0.01), ["sgd"], 0.05, n_steps=400)["sgd"]
    assert lab.descent_verdict(path, None, 1e-4).status == "escaping"
    b = sf.quadratic_bowl(10)
    slow = lab.run_optimizers(b, (-2.5, 1.5), ["sgd"], 1e-4, n_steps=50)["sgd"]
    v = lab.descent_verdict(slow, 0.0, 1e-4)
    assert v.status == "running" and v.steps_to_tol is None
    np.testing.assert_array_equal(lab.loss_gap([1.0, 0.5, 0.0], 0.0), [1.0, 0.5, 1e-16])
    np.testing.assert_array_equal(lab.loss_gap([-1.0, 2.0], None), [-1.0, 2.0])


def test_logistic_batch_gradient_is_the_course_formula():
    d = datasets.two_gaussians(50, 0.5, seed=2)
    s = sf.logistic_loss(d.X, d.y)
    w = np.array([0.3, -0.7])
    np.testing.assert_allclose(lab.logistic_batch_gradient(d.X, d.y, w), s.grad(w), rtol=1e-12)
    # one example: dz = a − y, dw = x·dz
    x, y = d.X[0], d.y[0]
    a = 1 / (1 + math.exp(-(x @ w)))
    np.testing.assert_allclose(lab.logistic_batch_gradient(d.X[:1], d.y[:1], w), x * (a - y))


def test_full_batch_run_equals_gradient_descent_on_the_surface():
    d = datasets.two_gaussians(100, 0.5, seed=0)
    run = lab.minibatch_descent(d.X, d.y, 100, 0.1, 15, (-3.0, -2.0))
    s = sf.logistic_loss(d.X, d.y)
    path = nncore.optimize(s.grad, (-3.0, -2.0), nncore.make_optimizer("sgd", 0.1), 15, f=s.f)
    np.testing.assert_allclose(run.points, path.points, rtol=1e-12)
    np.testing.assert_allclose(run.epoch_loss, path.values, rtol=1e-12)
    assert run.updates_per_epoch == 1


def test_minibatch_shapes_noise_and_progress():
    d = datasets.two_gaussians(100, 0.5, seed=0)
    sgd = lab.minibatch_descent(d.X, d.y, 1, 0.1, 3, (-3.0, -2.0), seed=0)
    mini = lab.minibatch_descent(d.X, d.y, 10, 0.1, 3, (-3.0, -2.0), seed=0)
    assert sgd.points.shape == (301, 2) and mini.points.shape == (31, 2)
    np.testing.assert_array_equal(mini.epoch_index, [0, 10, 20, 30])
    np.testing.assert_allclose(mini.values[mini.epoch_index], mini.epoch_loss)
    # small batches get low sooner (after one epoch) than the one step of full batch
    batch = lab.minibatch_descent(d.X, d.y, 100, 0.1, 3, (-3.0, -2.0))
    assert sgd.epoch_loss[1] < mini.epoch_loss[1] < batch.epoch_loss[1]
    # the same seed gives the same path
    np.testing.assert_array_equal(lab.minibatch_descent(d.X, d.y, 10, 0.1, 3, (-3.0, -2.0), seed=0).points,
                                  mini.points)
    with pytest.raises(ValueError):
        lab.minibatch_descent(d.X, d.y, 0, 0.1, 3)


def test_normalized_features_need_fewer_steps():
    """Article 3: normalized inputs make gradient descent converge faster."""
    for spread in (5, 10, 20):
        X, y = lab.scaling_data(100, spread, seed=0)
        np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-12)
        runs = lab.scaling_comparison(X, y, tol=1e-6, max_steps=2000)
        raw, norm = runs["raw"], runs["normalized"]
        assert raw.condition > spread**2 / 2 and norm.condition < 2
        assert norm.steps_to_tol is not None and norm.steps_to_tol <= 10
        assert raw.steps_to_tol is None or raw.steps_to_tol > 10 * norm.steps_to_tol
        # same model class (only rescaled), same best loss
        assert raw.f_min == pytest.approx(norm.f_min, rel=1e-9)
        assert raw.learning_rate == pytest.approx(sf.linear_mse(X, y).optimal_step())


# ----------------------------------------------------------------------------------------- the page's views
def test_step_view_is_step_k_of_the_run():
    run = sf.descend_1d("square", 2.5, 0.1, n_steps=1000, tol=1e-8)
    v = lab.step_view("square", run, 3, 200)
    assert v.k == 3 and list(v.path_a) == [2.5, 2.0, 1.6, 1.28]
    assert v.update.a == 1.28 and v.update.slope == 2.56 and v.update.a_next == run.a[4]  # a₄ = 1.28 − 0.1 × 2.56
    assert v.show_next and v.window == (-3.0, 3.0)
    assert (v.tangent_y[1] - v.tangent_y[0]) / (v.tangent_x[1] - v.tangent_x[0]) == pytest.approx(2.56)
    np.testing.assert_array_equal(v.curve_f, v.curve_a ** 2)
    assert lab.step_view("square", run, 10_000, 200).k == 90  # clamped to the steps the run took (90)
    assert lab.step_view("square", run, 150, 50).k == 50 and not lab.step_view("square", run, 150, 50).show_next
    wide = lab.step_view("square", sf.descend_1d("square", 2.5, 1.1, n_steps=1000), 10, 200)
    assert wide.window[0] < wide.path_a.min() and wide.window[1] > max(wide.path_a.max(), wide.update.a_next)


def test_fewest_steps_on_a_squared():
    """|1 − 2η| per step: η = 0.5 lands at once; 0.1 and 0.9 share the factor 0.8 and need the same 90 steps."""
    race = lab.fewest_steps("square", 2.5, (0.1, 0.5, 0.9))
    assert race[0.5] == (1, 0.0)
    assert race[0.1][0] == race[0.9][0] == 90
    assert race[0.1][1] == pytest.approx(0.8) and race[0.9][1] == pytest.approx(0.8)


def test_diverging_rates_on_the_kappa_10_bowl():
    s = sf.quadratic_bowl(10)
    assert tuple(s.eigenvalues()) == (1.0, 10.0) and s.max_stable_step() == pytest.approx(0.2)
    checks = lab.diverging_rates(s, (0.1, 0.2, 0.3))
    assert [c.prediction for c in checks.values()] == ["converges", "bounces", "diverges"]
    assert [c.alpha_lmax for c in checks.values()] == pytest.approx([1.0, 2.0, 3.0])
    for rate, expected in ((0.1, "converged"), (0.3, "diverged")):  # and the runs do it
        path = lab.run_optimizers(s, (-2.5, 1.5), ["sgd"], rate, n_steps=3000)["sgd"]
        assert lab.descent_verdict(path, 0.0, 1e-6).status == expected


def test_lowest_value():
    assert lab.lowest_value(sf.quadratic_bowl(10)) == 0.0
    assert lab.lowest_value(sf.himmelblau()) == pytest.approx(0.0, abs=1e-12)
    assert lab.lowest_value(sf.saddle()) is None


def test_batch_comparison_runs_the_three_sizes():
    d = datasets.two_gaussians(100, 0.5, seed=0)
    cmp = lab.batch_comparison(d.X, d.y, 10, 0.1, 3, (-3.0, -2.0), resolution=11)
    assert [cmp.runs[k].batch_size for k in ("batch", "minibatch", "stochastic")] == [100, 10, 1]
    np.testing.assert_array_equal(cmp.runs["minibatch"].points,
                                  lab.minibatch_descent(d.X, d.y, 10, 0.1, 3, (-3.0, -2.0)).points)
    s = sf.logistic_loss(d.X, d.y)
    assert cmp.minimum == pytest.approx(tuple(s.minima[0])) and cmp.f_min == pytest.approx(s.f(s.minima[0]))
    assert cmp.m == 100 and cmp.grid.values.shape == (11, 11)
    assert cmp.f_min < min(r.epoch_loss[-1] for r in cmp.runs.values())


def test_scaling_view_grids_are_square():
    sv = lab.scaling_view(20.0, resolution=11)
    for key in ("raw", "normalized"):
        g = sv.grids[key]
        assert g.xs[-1] - g.xs[0] == pytest.approx(g.ys[-1] - g.ys[0])
    assert sv.runs["raw"].steps_to_tol > 10 * sv.runs["normalized"].steps_to_tol
