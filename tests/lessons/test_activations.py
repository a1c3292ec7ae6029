"""nncore.lessons.activations: what the Activations page states — σ′ = σ(1 − σ), linear layers collapse to one
matrix, gradients vanish through deep saturated stacks."""

from __future__ import annotations

import numpy as np

import nncore
from nncore.lessons import activations as lesson


def test_sigmoid_derivative_is_sigma_times_one_minus_sigma():
    act = lesson.activation("sigmoid")
    z = np.linspace(-6, 6, 49)
    np.testing.assert_allclose(act.df(z), act.f(z) * (1 - act.f(z)), rtol=1e-12)
    assert act.df(0.0) == 0.25


def test_leaky_slope_is_passed_through():
    assert lesson.activation("leaky_relu", 0.2).df(-1.0) == 0.2
    assert lesson.activation("relu", 0.2).df(-1.0) == 0.0  # the slope only concerns leaky ReLU


def test_linear_layers_collapse_and_tanh_does_not():
    for seed in range(5):
        run = lesson.collapse(seed)
        assert run.W.shape == (4, 3) and run.b.shape == (3,)
        np.testing.assert_allclose(run.deep_linear, run.collapsed, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(run.collapsed, run.x @ run.W + run.b, rtol=1e-12, atol=1e-12)
        assert not np.allclose(run.deep_tanh, run.collapsed)


def test_depth_run_matches_the_engine_and_vanishes_with_saturated_sigmoid():
    run = lesson.depth_run("sigmoid", 10, 30, "normal", 1.0, 0)
    net = nncore.MLP([30] * 11 + [1], hidden="sigmoid", output="sigmoid", init="normal", init_scale=1.0, seed=0)
    X, Y = lesson.probe_batch(0, 200, 30)
    trace = net.forward(X)
    stats = nncore.layer_stats(net, trace, net.backward(trace, Y, loss="bce"))
    assert [s.grad_norm for s in run.stats] == [s.grad_norm for s in stats]
    assert run.stats[0].grad_norm < run.stats[-1].grad_norm / 10
    np.testing.assert_allclose(run.shares.sum(axis=1), 1.0)
    assert run.shares.shape == (10, 40)


def test_he_init_keeps_relu_gradients_alive():
    he = lesson.depth_run("relu", 10, 50, "he", 1.0, 0).stats[0].grad_norm
    tiny = lesson.depth_run("relu", 10, 50, "normal", 0.01, 0).stats[0].grad_norm
    assert he > 1e6 * tiny
