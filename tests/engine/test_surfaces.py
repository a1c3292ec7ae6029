"""nncore.surfaces: derivatives against central differences, and gradient descent behaving as the lesson says."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nncore import surfaces as sf
from nncore.datasets import beans, two_gaussians

RNG_SEED = 1234


def _data_surfaces():
    b = beans(60, seed=0)
    g = two_gaussians(80, 0.5, seed=1)
    raw_x = np.array([[600.0], [850.0], [1200.0], [1500.0], [2100.0]])
    price = np.array([150.0, 200.0, 260.0, 310.0, 420.0])
    return {
        "logistic_1feature": sf.logistic_loss(b.X, b.y),
        "logistic_2features": sf.logistic_loss(g.X, g.y),
        "mse_1feature": sf.linear_mse(sf.standardize(raw_x)[0], price / 100),
        "mse_2features": sf.linear_mse(g.X, g.X @ [0.5, -1.0]),
    }


def all_surfaces():
    out = {
        "bowl": sf.quadratic_bowl(10.0, 1.0),
        "bowl_rotated": sf.quadratic_bowl(25.0, 0.5, angle=0.7),
        "rosenbrock": sf.rosenbrock(),
        "saddle": sf.saddle(),
        "himmelblau": sf.himmelblau(),
    }
    out.update(_data_surfaces())
    return out


SURFACES = all_surfaces()


def _random_points(surface, n=8):
    (x0, x1), (y0, y1) = surface.bounds
    rng = np.random.default_rng(RNG_SEED)
    return np.column_stack([rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)])


def _numeric_grad(fun, W, h=1e-5):
    out = []
    for i in range(2):
        e = np.zeros(2)
        e[i] = h
        out.append((np.asarray(fun(W + e)) - np.asarray(fun(W - e))) / (2 * h))
    return np.stack(out, axis=-1)


def _rel_err(a, b):
    return np.max(np.abs(a - b) / np.maximum(1.0, np.abs(a) + np.abs(b)))


# --- 2-D surfaces ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(SURFACES))
def test_grad_matches_central_differences(name):
    s = SURFACES[name]
    for W in _random_points(s):
        assert _rel_err(s.grad(W), _numeric_grad(s.f, W)) < 1e-6


@pytest.mark.parametrize("name", list(SURFACES))
def test_hessian_matches_central_differences_of_grad(name):
    s = SURFACES[name]
    for W in _random_points(s):
        numeric = _numeric_grad(s.grad, W)  # numeric[j, i] = ∂g_j/∂w_i
        assert _rel_err(s.hessian(W), numeric) < 1e-6
        np.testing.assert_allclose(s.hessian(W), s.hessian(W).T)


@pytest.mark.parametrize("name", list(SURFACES))
def test_vectorised_over_grids(name):
    s = SURFACES[name]
    P = _random_points(s, 12).reshape(3, 4, 2)
    assert s.f(P).shape == (3, 4)
    assert s.grad(P).shape == (3, 4, 2)
    assert s.hessian(P).shape == (3, 4, 2, 2)
    np.testing.assert_allclose(s.f(P)[1, 2], s.f(P[1, 2]))
    np.testing.assert_allclose(s.grad(P)[2, 3], s.grad(P[2, 3]))
    assert isinstance(s.f(P[0, 0]), float)
    lo_x, hi_x = s.bounds[0]
    lo_y, hi_y = s.bounds[1]
    assert lo_x < s.default_start[0] < hi_x and lo_y < s.default_start[1] < hi_y


@pytest.mark.parametrize("name", list(SURFACES))
def test_minima_have_zero_gradient(name):
    s = SURFACES[name]
    for m in s.minima:
        assert np.linalg.norm(s.grad(np.array(m))) < 1e-8
        assert np.all(np.linalg.eigvalsh(s.hessian(np.array(m))) > 0)


def test_bad_point_shape():
    with pytest.raises(ValueError, match=r"\(2,\) or \(\.\.\., 2\)"):
        sf.himmelblau().f(np.zeros(3))


def test_known_values():
    assert sf.rosenbrock().f([1.0, 1.0]) == 0.0 and sf.rosenbrock().f([0.0, 0.0]) == 1.0
    assert len(sf.himmelblau().minima) == 4
    for m in sf.himmelblau().minima:
        assert sf.himmelblau().f(m) < 1e-20
    s = sf.saddle()
    assert s.minima == [] and s.saddle_points == [(0.0, 0.0)]
    assert s.f([1.0, 2.0]) == 1.0 - 4.0


@pytest.mark.parametrize("condition, scale", [(10.0, 1.0), (100.0, 0.3), (1.0, 2.0)])
def test_quadratic_bowl_eigenvalues_and_steps(condition, scale):
    s = sf.quadratic_bowl(condition, scale, angle=0.3)
    lo, hi = s.eigenvalues()
    assert lo == pytest.approx(scale) and hi == pytest.approx(scale * condition)
    assert s.condition_number() == pytest.approx(condition)
    assert s.optimal_step() == pytest.approx(2 / (scale + scale * condition))
    assert s.max_stable_step() == pytest.approx(2 / (scale * condition))
    np.testing.assert_allclose(s.minima, [(0.0, 0.0)], atol=1e-12)


def test_gd_on_the_bowl_is_stable_exactly_below_two_over_lambda_max():
    s = sf.quadratic_bowl(10.0, 1.0)
    W0 = np.array(s.default_start)

    def run(alpha, n=400):
        W = W0.copy()
        for _ in range(n):
            W = W - alpha * s.grad(W)
        return np.linalg.norm(W)

    assert run(0.99 * s.max_stable_step()) < 1e-3
    assert run(1.01 * s.max_stable_step()) > 1e3
    # the optimal step contracts both directions by (κ − 1)/(κ + 1) = 9/11 per step
    W = W0 - s.optimal_step() * s.grad(W0)
    np.testing.assert_allclose(np.abs(W / W0), [9 / 11, 9 / 11])


def test_saddle_has_no_stable_step():
    with pytest.raises(ValueError, match="not positive definite"):
        sf.saddle().max_stable_step()


@pytest.mark.parametrize("kwargs", [dict(condition=0.5), dict(scale=0.0), dict(condition=float("inf"))])
def test_bowl_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        sf.quadratic_bowl(**kwargs)


def test_logistic_loss_finite_and_silent_for_huge_weights():
    b = beans(100, seed=2)
    s = sf.logistic_loss(b.X, b.y)
    W = np.array([[1e4, 1e4], [-1e4, 1e4], [1e4, -1e4], [-1e4, -1e4], [0.0, 1e4]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values, grads, hess = s.f(W), s.grad(W), s.hessian(W)
    assert np.all(np.isfinite(values)) and np.all(np.isfinite(grads)) and np.all(np.isfinite(hess))
    assert np.all(values >= 0)
    assert s.f([0.0, 0.0]) == pytest.approx(np.log(2))  # σ(0) = ½ for every example


def test_logistic_loss_two_feature_variant_has_no_bias():
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.5]])
    y = np.array([1, 0, 1, 0])
    s = sf.logistic_loss(X, y)
    assert s.param_names == ("w1", "w2")
    w = np.array([0.3, -0.7])
    z = X @ w
    p = 1 / (1 + np.exp(-z))
    expected = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert s.f(w) == pytest.approx(expected, rel=1e-12)
    assert sf.logistic_loss(X[:, :1], y).param_names == ("w", "b")


def test_logistic_loss_separable_has_no_finite_minimum():
    s = sf.logistic_loss(np.array([0.0, 1.0, 2.0, 3.0]), np.array([0, 0, 1, 1]))
    assert s.minima == []
    with pytest.raises(ValueError, match=r"\{0, 1\}"):
        sf.logistic_loss(np.array([0.0, 1.0]), np.array([0, 2]))


def test_linear_mse_matches_direct_formula_and_least_squares():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 10, 40)
    y = 3.0 * x - 2.0 + rng.normal(0, 0.5, 40)
    s = sf.linear_mse(x, y)
    W = np.array([1.5, 0.5])
    assert s.f(W) == pytest.approx(np.mean((1.5 * x + 0.5 - y) ** 2))
    w_ls = np.polyfit(x, y, 1)
    np.testing.assert_allclose(s.minima[0], w_ls, rtol=1e-8)
    (x0, x1), (y0, y1) = s.bounds
    assert x0 < 0 < x1 and y0 < 0 < y1  # the start (0, 0) is on the plot
    with pytest.raises(ValueError, match="constant"):
        sf.linear_mse(np.ones(5), np.arange(5.0))


def test_standardizing_features_fixes_the_condition_number():
    sizes = np.linspace(500, 2500, 30)
    price = 0.1 * sizes + 20
    raw = sf.linear_mse(sizes, price)
    X_std, mean, std = sf.standardize(sizes)
    scaled = sf.linear_mse(X_std, price)
    assert raw.condition_number() > 1e6
    assert scaled.condition_number() == pytest.approx(1.0)  # H = 2·I for standardized x
    np.testing.assert_allclose(X_std.mean(), 0, atol=1e-12)
    np.testing.assert_allclose(X_std.std(), 1)
    assert mean == pytest.approx(1500) and std == pytest.approx(sizes.std())


def test_standardize_constant_column_does_not_divide_by_zero():
    X = np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]])
    X_std, mean, std = sf.standardize(X)
    np.testing.assert_array_equal(std, [np.std([1, 2, 3]), 1.0])
    np.testing.assert_array_equal(X_std[:, 1], 0.0)


def test_surfaces_registry():
    assert set(sf.SURFACES) == {"quadratic_bowl", "rosenbrock", "saddle", "himmelblau", "logistic_loss",
                                "linear_mse"}
    with pytest.raises(ValueError, match="valid names"):
        sf.SURFACES["sphere"]


def test_diverged_points_do_not_warn():
    s = sf.rosenbrock()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not np.isfinite(s.f([1e200, 1e200]))


# --- 1-D functions ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(sf.FUNCTIONS_1D))
def test_1d_derivatives_match_central_differences(name):
    fn = sf.FUNCTIONS_1D[name]
    lo, hi = fn.plot_range
    a = np.linspace(lo + 0.1, hi - 0.1, 15)
    h = 1e-6
    np.testing.assert_allclose(fn.df(a), (fn.f(a + h) - fn.f(a - h)) / (2 * h), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(fn.d2f(a), (fn.df(a + h) - fn.df(a - h)) / (2 * h), rtol=1e-6, atol=1e-6)
    for m in fn.minima:
        assert abs(fn.df(m)) < 1e-10 and fn.d2f(m) > 0


def test_lesson_slopes():
    # lesson 002: slope of 3a is 3 everywhere; of a² at a = 2 is 4; of a³ at a = 2 is 12; of ln a at a = 2 is ½
    F = sf.FUNCTIONS_1D
    assert F["linear"].df(7.0) == 3.0
    assert F["square"].df(2.0) == 4.0
    assert F["cube"].df(2.0) == 12.0
    assert F["log"].df(2.0) == 0.5


def test_quartic_has_a_local_and_a_global_minimum():
    q = sf.FUNCTIONS_1D["quartic"]
    assert len(q.minima) == 2
    local, glob = sorted(q.minima, key=q.f, reverse=True)
    assert q.global_minimum == glob and q.f(glob) < q.f(local)
    # starting on the right, gradient descent gets stuck in the local minimum
    run = sf.descend_1d("quartic", 2.0, 0.01, n_steps=2000)
    assert run.converged and run.a[-1] == pytest.approx(local, abs=1e-6)
    run = sf.descend_1d("quartic", -2.0, 0.01, n_steps=2000)
    assert run.a[-1] == pytest.approx(glob, abs=1e-6)


def test_log_domain():
    with pytest.raises(ValueError, match="domain"):
        sf.FUNCTIONS_1D["log"].f(-1.0)


# --- descend_1d (the learning-rate lesson on f = a²) -----------------------------------------------------------

def test_descend_small_rate_converges_monotonically():
    run = sf.descend_1d("square", 2.5, 0.1)
    assert run.status == "converged" and run.converged
    assert abs(run.df[-1]) <= 1e-8 and run.steps_to_tol == run.n_steps
    assert np.all(np.diff(run.a) < 0) and np.all(run.a > 0)
    assert run.error_ratio == pytest.approx(0.8)  # 1 − α·f″ = 1 − 0.1·2
    np.testing.assert_allclose(run.a, 2.5 * 0.8 ** np.arange(run.a.size))


def test_descend_oscillates_but_converges_for_alpha_09():
    run = sf.descend_1d("square", 2.5, 0.9)
    assert run.status == "oscillating" and run.converged
    assert np.all(run.a[1:] * run.a[:-1] < 0)  # sign flips every step
    assert run.error_ratio == pytest.approx(0.8)  # |1 − 0.9·2|


def test_descend_diverges_for_alpha_11_and_stays_finite():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = sf.descend_1d("square", 2.5, 1.1, n_steps=10_000)
    assert run.status == "diverged" and not run.converged
    for arr in (run.a, run.f, run.df):
        assert np.all(np.isfinite(arr))
    assert np.all(np.abs(run.a) <= 1e6) and np.all(np.abs(run.f) <= 1e6)
    assert run.reason.kind == "bound" and abs(run.reason.value) > 1e3
    assert run.reason.error_ratio == pytest.approx(1.2)
    assert run.reason.alpha_f2 == pytest.approx(2.2)
    assert run.n_steps < 10_000  # stopped as soon as it left the bound


def test_descend_diverges_by_growth_before_reaching_the_bound():
    run = sf.descend_1d("square", 2.5, 1.1, n_steps=10)
    assert run.status == "diverged" and run.reason.kind == "growing"


def test_descend_too_small_rate_is_slow_and_estimated():
    run = sf.descend_1d("square", 2.5, 1e-4, n_steps=100)
    assert run.status == "running" and not run.converged and run.steps_to_tol is None
    # |f′| = 5·(1 − 2e-4)^k ≤ 1e-8  ⇔  k ≥ ln(2e-9)/ln(0.9998) ≈ 100 172
    expected = np.ceil(np.log(1e-8 / 5.0) / np.log(1 - 2e-4))
    assert abs(run.estimated_steps_to_tol - expected) <= 2
    assert sf.classify_rate("square", 2.5, 1e-4) == "too_small"


@pytest.mark.parametrize("eps", [1e-3, 1e-2])
def test_divergence_threshold_is_exactly_alpha_f2_equal_2(eps):
    below = sf.descend_1d("square", 1.0, (1 - eps) * 1.0, n_steps=300)
    above = sf.descend_1d("square", 1.0, (1 + eps) * 1.0, n_steps=300)
    at = sf.descend_1d("square", 1.0, 1.0, n_steps=300)
    assert below.status == "oscillating" and below.error_ratio < 1 and abs(below.a[-1]) < 1
    assert above.status == "diverged" and above.error_ratio > 1
    assert at.status == "oscillating" and at.error_ratio == 1.0 and not at.converged
    np.testing.assert_array_equal(np.abs(at.a), 1.0)  # bounces between ±a0 forever
    assert sf.classify_rate("square", 1.0, 1 - eps) == "oscillating"
    assert sf.classify_rate("square", 1.0, 1.0) == "oscillating"
    assert sf.classify_rate("square", 1.0, 1 + eps) == "diverging"


def test_classify_rate_regions():
    # f = a², f″ = 2: r = 2α
    assert [sf.classify_rate("square", 1.0, a) for a in (0.01, 0.1, 0.5, 0.6, 0.99, 1.5)] == \
        ["too_small", "good", "good", "oscillating", "oscillating", "diverging"]
    with pytest.raises(ValueError, match="curvature"):
        sf.classify_rate("linear", 1.0, 0.1)
    with pytest.raises(ValueError):
        sf.classify_rate("square", 1.0, -0.1)


def test_one_step_to_the_minimum_when_alpha_f2_is_1():
    run = sf.descend_1d("square", 2.5, 0.5)
    assert run.status == "converged" and run.steps_to_tol == 1 and run.a[1] == 0.0


def test_log_leaves_its_domain():
    run = sf.descend_1d("log", 2.0, 0.5)
    assert run.status == "left_domain" and run.reason.kind == "domain" and run.reason.value <= 0
    assert np.all(run.a > 0)


def test_functions_without_minimum_keep_running():
    run = sf.descend_1d("linear", 2.0, 0.1, n_steps=50)
    assert run.status == "running" and run.n_steps == 50
    np.testing.assert_allclose(np.diff(run.a), -0.3)  # constant slope → constant step
    assert sf.descend_1d("cube", -1.0, 0.1).status == "diverged"


@pytest.mark.parametrize("kwargs", [dict(learning_rate=0), dict(learning_rate=-1), dict(n_steps=0),
                                    dict(tol=0), dict(a0=float("nan")), dict(fn="exp")])
def test_descend_bad_arguments(kwargs):
    args = dict(fn="square", a0=1.0, learning_rate=0.1)
    args.update(kwargs)
    with pytest.raises(ValueError):
        sf.descend_1d(**args)
    with pytest.raises(ValueError, match="domain"):
        sf.descend_1d("log", -1.0, 0.1)


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(sorted(sf.FUNCTIONS_1D)), lr=st.floats(1e-4, 50.0), n=st.integers(1, 300),
       a0=st.floats(0.05, 3.0))
def test_descend_arrays_always_finite_and_bounded(name, lr, n, a0):
    run = sf.descend_1d(name, a0, lr, n_steps=n)
    assert run.status in sf.DESCENT_STATUSES
    assert run.a.shape == run.f.shape == run.df.shape == (run.n_steps + 1,)
    assert run.n_steps <= n
    for arr in (run.a, run.f, run.df):
        assert np.all(np.isfinite(arr))
    assert np.all(np.abs(run.a) <= 1e6) and np.all(np.abs(run.f) <= 1e6)
    assert (run.reason is not None) == (run.status in ("left_domain", "diverged"))


@settings(max_examples=40, deadline=None)
@given(w=st.floats(-1e4, 1e4), b=st.floats(-1e4, 1e4), seed=st.integers(0, 1000))
def test_logistic_loss_finite_everywhere(w, b, seed):
    d = beans(30, seed=seed)
    s = sf.logistic_loss(d.X, d.y)
    assert np.isfinite(s.f([w, b])) and np.all(np.isfinite(s.grad([w, b])))
    assert np.all(np.isfinite(s.hessian([w, b])))
