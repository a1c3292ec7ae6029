"""Edge cases that used to leak a RuntimeWarning (overflow, 0 · inf, inf − inf) out of nncore or pass bad
arguments silently: each repro runs with RuntimeWarning turned into an error and checks the exact outcome — a
ValueError with a plain-English reason, or the honest value."""
import math
import warnings
from contextlib import contextmanager

import numpy as np
import pytest

from nncore import datasets, diagnostics, gradcheck, information, losses, perceptron, regularization
from nncore.activations import get_activation


@contextmanager
def no_runtime_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        yield


# ------------------------------------------------------------------------------------------------ regularization
def test_penalties_with_huge_weights_are_zero_at_lambda_zero_and_inf_or_exact_otherwise():
    with no_runtime_warning():
        assert regularization.l2_penalty([[1e200]], 0.0) == 0.0
        assert regularization.l2_penalty([[1e200]], 1.0) == math.inf
        assert regularization.l2_penalty([[1e160]], 1e-300) == pytest.approx(0.5e20)  # Σw² overflows, λ/2·Σw² not
        assert regularization.l1_penalty([1e308, 1e308], 0.0) == 0.0  # was NaN (0 · inf)
        assert regularization.l1_penalty([1e308, 1e308], 0.25) == pytest.approx(5e307)
        assert regularization.l1_penalty([1e308, 1e308], 1.0) == math.inf
        assert regularization.l2_penalty([np.array([3.0, 4.0]), np.array([[1.0]])], 0.1) == 0.5 * 0.1 * 26.0


@pytest.mark.parametrize("call", [
    lambda lam: regularization.l2_grad([1.0], lam),
    lambda lam: regularization.l1_grad([1.0], lam),
    lambda lam: regularization.weight_decay_step([1.0], [1.0], 0.1, lam),
    lambda lam: regularization.l2_gradient_step([1.0], [1.0], 0.1, lam),
])
@pytest.mark.parametrize("lam", [float("nan"), -0.1, math.inf, "much"])
def test_grads_and_steps_reject_a_bad_lambda(call, lam):
    with no_runtime_warning(), pytest.raises(ValueError, match="regularization strength λ must be a non-negative"):
        call(lam)


@pytest.mark.parametrize("step", [regularization.weight_decay_step, regularization.l2_gradient_step])
@pytest.mark.parametrize("rate", [float("nan"), -0.1, math.inf])
def test_steps_reject_a_bad_learning_rate(step, rate):
    with no_runtime_warning(), pytest.raises(ValueError, match="learning rate η must be a non-negative"):
        step([1.0], [1.0], rate, 0.1)


@pytest.mark.parametrize("step", [regularization.weight_decay_step, regularization.l2_gradient_step])
def test_a_step_that_overflows_says_so(step):
    with no_runtime_warning(), pytest.raises(ValueError, match="the step overflows float64"):
        step([1e300], [1e300], 1e10, 1.0)


def test_steps_and_grads_keep_ordinary_results():
    with no_runtime_warning():
        np.testing.assert_array_equal(regularization.weight_decay_step([2.0], [1.0], 0.1, 0.5), [2.0 * 0.95 - 0.1])
        np.testing.assert_array_equal(regularization.l2_gradient_step([2.0], [1.0], 0.1, 0.5), [2.0 - 0.1 * 2.0])
        np.testing.assert_array_equal(regularization.l2_grad([2.0, -1.0], 0.5), [1.0, -0.5])
        np.testing.assert_array_equal(regularization.l1_grad([2.0, 0.0, -1.0], 0.5), [0.5, 0.0, -0.5])
        np.testing.assert_array_equal(regularization.l2_grad([1e300], 1e10), [math.inf])  # λw beyond float64


def test_soft_threshold_rejects_a_negative_threshold():
    with no_runtime_warning():
        with pytest.raises(ValueError, match="threshold t must be a non-negative number"):
            regularization.soft_threshold([1.0], -1.0)  # returned [2.0]
        np.testing.assert_array_equal(regularization.soft_threshold([1.0, -0.2, -3.0], 0.5), [0.5, 0.0, -2.5])


# ------------------------------------------------------------------------------------------------------ losses
@pytest.mark.parametrize("name", ["bce", "cross_entropy"])
@pytest.mark.parametrize("target", [1e308, -0.5, 1.5])
def test_log_losses_reject_targets_outside_0_1(name, target):
    loss = losses.LOSSES[name]
    with no_runtime_warning():
        for method in (loss.value, loss.grad, loss.per_example):
            with pytest.raises(ValueError, match=f"{name}: targets must be probabilities in \\[0, 1\\]"):
                method([[0.0]], [[target]])


@pytest.mark.parametrize("name", ["bce", "cross_entropy"])
def test_log_losses_reject_non_finite_inputs(name):
    loss = losses.LOSSES[name]
    with no_runtime_warning():
        with pytest.raises(ValueError, match="target contains NaN or infinite"):
            loss.value([[0.5]], [[math.inf]])
        with pytest.raises(ValueError, match="prediction contains NaN or infinite"):
            loss.grad([[math.nan]], [[1.0]])
        assert loss.value([[0.5]], [[1.0]]) == pytest.approx(math.log(2.0))


# ------------------------------------------------------------------------------------------------- activations
def test_leaky_relu_with_slope_zero_maps_infinities_without_nan():
    with no_runtime_warning():
        out = get_activation("leaky_relu", slope=0.0).f([math.inf, -math.inf, -2.0, 3.0])
        np.testing.assert_array_equal(out, [math.inf, 0.0, 0.0, 3.0])
        out = get_activation("leaky_relu", slope=0.1).f([math.inf, -math.inf, -2.0, 3.0])
        np.testing.assert_array_equal(out, [math.inf, -math.inf, -0.2, 3.0])


# ------------------------------------------------------------------------------------------------- information
def test_entropy_of_huge_weights_says_they_do_not_sum_to_1():
    with no_runtime_warning(), pytest.raises(ValueError, match="p must sum to 1, sums to inf"):
        information.entropy([1e308, 1e308])


# ------------------------------------------------------------------------------------------------- diagnostics
def test_histogram_shares_over_a_span_beyond_float64():
    with no_runtime_warning():
        centers, shares = diagnostics.histogram_shares([[-1e308, 1e308]], bins=2)
        np.testing.assert_array_equal(centers, [-5e307, 5e307])
        np.testing.assert_array_equal(shares, [[0.5, 0.5]])
        centers, shares = diagnostics.histogram_shares([[0.0, 1.7e308]], bins=2)  # edge sums overflowed
        np.testing.assert_allclose(centers, [4.25e307, 1.275e308], rtol=1e-15)
        np.testing.assert_array_equal(shares, [[0.5, 0.5]])
        centers, shares = diagnostics.histogram_shares([[0.0, 1.0, 2.0]], bins=2)
        np.testing.assert_array_equal(centers, [0.5, 1.5])


def test_linear_collapse_of_huge_weights_says_it_overflows():
    W = np.full((2, 2), 1e200)
    with no_runtime_warning(), pytest.raises(ValueError, match=r"collapsed layer overflows float64 at weights\[1\]"):
        diagnostics.linear_collapse([W, W], [np.zeros(2), np.zeros(2)])


# ---------------------------------------------------------------------------------------------------- datasets
@pytest.mark.parametrize("bounds", [(-1e308, 1e308), ((0.0, 1.0), (-1e308, 1e308))])
def test_grid_rejects_bounds_further_apart_than_float64(bounds):
    with no_runtime_warning(), pytest.raises(ValueError, match="bounds are too far apart"):
        datasets.grid(bounds, 2)


def test_grid_near_the_float64_limit_still_works():
    with no_runtime_warning():
        xx, _, _ = datasets.grid((-8e307, 8e307), 3)
        np.testing.assert_array_equal(xx[0], [-8e307, 0.0, 8e307])


@pytest.mark.parametrize("make, limit", [(datasets.curve_1d, r"\[0, 10.0\]"), (datasets.beans, r"\[0, 100.0\]")])
def test_noise_of_curve_and_beans_has_an_upper_limit(make, limit):
    with no_runtime_warning():
        with pytest.raises(ValueError, match=f"noise must be in {limit}"):
            make(10, noise=1e308)
        assert make(10, noise=float(limit[4:-2])).n_samples == 10  # the limit itself is allowed


@pytest.mark.parametrize("X, names, message", [
    ([[1e308, 1.0]], ["x1", "x1sq"], "feature x1² overflows float64"),
    ([[1e200, 1e200]], ["x1x2"], "feature x1·x2 overflows float64"),
    ([[math.inf, 1.0]], ["sinx1"], "X contains NaN or infinite values"),
    ([[math.nan, 1.0]], ["x2"], "X contains NaN or infinite values"),
])
def test_make_features_rejects_inputs_it_cannot_represent(X, names, message):
    with no_runtime_warning(), pytest.raises(ValueError, match=message):
        datasets.make_features(X, names)


def test_make_features_keeps_huge_finite_features():
    with no_runtime_warning():
        F = datasets.make_features([[1e308, -1e308]], ["x1", "x2"])
        np.testing.assert_array_equal(F, [[1e308, -1e308]])


# -------------------------------------------------------------------------------------------------- perceptron
def test_mp_neuron_and_perceptron_predict_say_when_the_sum_overflows():
    with no_runtime_warning():
        with pytest.raises(ValueError, match="weighted sum overflows float64"):
            perceptron.mp_neuron([1e200, 1e200], [1e200, 1e200], 0.0)
        with pytest.raises(ValueError, match="weighted sum overflows float64"):
            perceptron.mp_neuron([[1e200, 1e200]], [1e200, -1e200], 0.0)  # inf − inf was NaN, output 0
        with pytest.raises(ValueError, match=r"score w·x \+ b overflows float64"):
            perceptron.perceptron_predict([[1e200, 1e200]], [1e200, 1e200], 0.0)
        assert perceptron.mp_neuron([1e150, 1.0], [1e150, 1.0], 0.0) == (1e150 * 1e150, 1)


def test_perceptron_trainer_rejects_an_overflowing_start():
    with no_runtime_warning(), pytest.raises(ValueError, match=r"score w·x \+ b overflows float64"):
        perceptron.PerceptronTrainer([[1e200, 1e200]], [1.0], w0=[1e200, 1e200])


def test_perceptron_trainer_update_that_overflows_changes_nothing():
    with no_runtime_warning():
        t = perceptron.PerceptronTrainer([[1e300, 1.0], [1.0, 1e300]], [1.0, -1.0], learning_rate=1e10)
        with pytest.raises(ValueError, match="the update overflows float64"):
            t.step()
        t = perceptron.PerceptronTrainer([[1e300, 1.0], [-1.0, 1e300]], [1.0, -1.0])
        with pytest.raises(ValueError, match="after the update overflows float64"):
            t.run(10)
        assert t.n_updates == 0 and len(t.history) == 1 and t.b == 0.0
        np.testing.assert_array_equal(t.w, [0.0, 0.0])
        with pytest.raises(ValueError, match="after the update overflows float64"):  # the same point, again
            t.step()


# --------------------------------------------------------------------------------------------------- gradcheck
def test_relative_error_rejects_infinities_and_handles_huge_values():
    with no_runtime_warning():
        with pytest.raises(ValueError, match="relative_error needs finite gradients"):
            gradcheck.relative_error([math.inf], [math.inf])
        with pytest.raises(ValueError, match="relative_error needs finite gradients"):
            gradcheck.relative_error([1.0], [math.nan])
        np.testing.assert_array_equal(gradcheck.relative_error([1e308, 1.0], [-1e308, 1.0]), [1.0, 0.0])
        np.testing.assert_allclose(gradcheck.relative_error([1e308], [1.2e308]), [0.2 / 2.2], rtol=1e-15)
        np.testing.assert_array_equal(gradcheck.relative_error([1.0, 0.0], [3.0, 1e-10]), [0.5, 0.01])
