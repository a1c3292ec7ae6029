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


def test_relu_kink_uses_a_convention_shown_from_nncore():
    """ReLU has no derivative at 0; nncore uses the left slope (0), the course notes (Article 3) use 1."""
    relu = lesson.activation("relu")
    assert lesson.kink_derivative(relu) == relu.df(0.0) == 0.0
    assert lesson.kink_derivative(lesson.activation("leaky_relu", 0.1)) == 0.1
    assert relu.df(-1e-9) == 0.0 and relu.df(1e-9) == 1.0  # left and right slopes: any value between would do
    for name in ("sigmoid", "tanh", "elu", "linear"):
        assert lesson.kink_derivative(lesson.activation(name)) is None


def test_tanh_hidden_units_train_the_same_network_faster_than_sigmoid():
    """The measurement behind the page's claim: same data, same initial weights, same epochs."""
    race = lesson.hidden_race()
    assert race.sizes == (2, 8, 1) and race.epochs[0] == 1 and race.epochs[-1] == 300
    final = race.final
    assert f"{final['sigmoid']:.3f}" == "0.390" and f"{final['tanh']:.3f}" == "0.072"
    assert final["tanh"] < final["sigmoid"] / 5
    # the premise: both runs start from the same weights (the initialiser does not depend on the activation)
    a = nncore.MLP([2, 8, 1], hidden="sigmoid", output="sigmoid", init="xavier", seed=0)
    b = nncore.MLP([2, 8, 1], hidden="tanh", output="sigmoid", init="xavier", seed=0)
    assert all(np.array_equal(wa, wb) for wa, wb in zip(a.weights, b.weights))
    # the page shows the engine's own training run
    ds = nncore.datasets.make("circle", 200, 0.0, seed=0)
    trainer = nncore.Trainer(b, ds.X, ds.y, loss="bce", optimizer="sgd", learning_rate=0.5, seed=0)
    trainer.run(300)
    np.testing.assert_array_equal(race.loss["tanh"], trainer.history.train_loss)
    # not a lucky seed
    for seed in range(1, 4):
        other = lesson.hidden_race(epochs=150, seed=seed).final
        assert other["tanh"] < other["sigmoid"], seed


def test_tiny_weights_collapse_sigmoid_to_one_half_and_tanh_relu_to_zero():
    sig = lesson.depth_run("sigmoid", 10, 50, "normal", 0.01, 0)
    assert abs(sig.stats[-2].mean - 0.5) < 0.01  # σ(0) = 0.5, not 0
    assert sig.signal[-1] < 1e-12  # the same output for every input
    for act in ("tanh", "relu"):
        run = lesson.depth_run(act, 10, 50, "normal", 0.01, 0)
        assert abs(run.stats[-2].mean) < 1e-9 and run.signal[-1] < 1e-9
    healthy = lesson.depth_run("relu", 10, 50, "he", 1.0, 0)
    assert healthy.signal[-1] > 0.1 and healthy.signal.shape == (10,)


def test_depth_lesson_sigmoid_vanishes_fourfold_a_layer_and_large_tanh_weights_grow_the_gradient():
    """What the "saturation through depth" lesson and its tasks state, at the page's width of 50: sigmoid with
    Xavier weights shrinks the gradient about fourfold a layer (10 layers: 0.25¹⁰ ≈ 10⁻⁶, within a factor of 10);
    tanh with normal init × 1 saturates most units, yet layer 1's gradient is hundreds of times the output's; tiny
    weights make the gradient and the signal vanish."""
    xavier = lesson.depth_run("sigmoid", 10, 50, "xavier", 1.0, 0).stats
    ratio = xavier[0].grad_norm / xavier[-1].grad_norm
    assert 0.25 ** 10 / 10 < ratio < 0.25 ** 10 * 10
    large = lesson.depth_run("tanh", 10, 50, "normal", 1.0, 0)
    assert large.stats[-2].saturated_share > 0.5  # the last hidden layer: the histogram piles up at ±1
    assert large.stats[0].grad_norm > 100 * large.stats[-1].grad_norm
    tiny = lesson.depth_run("tanh", 10, 50, "normal", 0.01, 0)
    assert tiny.stats[0].grad_norm < 1e-9 and tiny.signal[-1] < 1e-9
