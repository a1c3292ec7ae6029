"""nncore.ensemble: K small networks trained at once are, member by member, exactly ``nncore.MLP`` trained by
``nncore.Trainer`` (every loss, weight and prediction), independent of each other, and refuse bad arguments."""

from __future__ import annotations

import numpy as np
import pytest

import nncore
from nncore import ensemble
from nncore.datasets import curve_1d

EPOCHS = (100, 200, 500, 1000)  # the Regularization page's run lengths


@pytest.mark.parametrize("hidden, l2, drop, optimizer", [((16,), 0.0, 0.0, "adam"), ((8, 8), 0.01, 0.0, "adam"),
                                                          ((8, 8), 0.0, 0.3, "adam"), ((8, 8), 0.01, 0.0, "sgd"),
                                                          ((), 0.0, 0.0, "adam")])
def test_batched_training_equals_mlp_and_trainer(hidden, l2, drop, optimizer):
    data, val = curve_1d(15, 0.3, "sin", seed=0), curve_1d(50, 0.3, "sin", seed=1)
    net = nncore.MLP([1, *hidden, 1], hidden="tanh", output="linear", seed=3, dropout=drop if drop else None)
    trainer = nncore.Trainer(net, data.X, data.y, loss="mse", optimizer=optimizer, learning_rate=0.01, l2=l2,
                             X_test=val.X, Y_test=val.y, seed=3)
    trainer.run(200)
    run = ensemble.train_mlps(data.X, data.y, hidden, epochs=200, learning_rate=0.01, optimizer=optimizer, l2=l2,
                            drop=drop, X_val=val.X, Y_val=val.y, X_test=val.X, Y_test=val.y, snapshots=range(1, 201),
                            seed=3)
    np.testing.assert_allclose(run.train_loss[0], trainer.history.train_loss, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(run.val_loss[0], trainer.history.test_loss, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(run.test_loss[0], trainer.history.test_loss, rtol=1e-10, atol=1e-13)
    for W, V in zip(run.weights, net.weights):
        np.testing.assert_allclose(W[0], V, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(run.final[0], net.predict(run.grid_x[:, None])[:, 0], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(run.weight_norm[0, -1], np.sqrt(sum(np.sum(W * W) for W in net.weights)), rtol=1e-12)


def test_decoupled_weight_decay_with_sgd_is_the_l2_gradient():
    data = curve_1d(15, 0.3, "sin", seed=0)
    X = np.broadcast_to(data.X, (2, 15, 1))
    Y = np.broadcast_to(data.y[:, None], (2, 15, 1))
    run = ensemble.train_mlps(X, Y, (8,), epochs=100, learning_rate=0.1, optimizer="sgd", l2=[0.05, 0.0],
                            weight_decay=[0.0, 0.05], member_seeds=[1, 1])
    for W in run.weights:
        np.testing.assert_allclose(W[0], W[1], rtol=0, atol=1e-14)


def test_members_are_independent_networks():
    sets = [curve_1d(12, 0.2, "cubic", seed=s) for s in (5, 6)]
    X = np.stack([d.X for d in sets])
    Y = np.stack([d.y[:, None] for d in sets])
    run = ensemble.train_mlps(X, Y, (4,), epochs=50, seed=10)
    for k, d in enumerate(sets):
        alone = ensemble.train_mlps(d.X, d.y, (4,), epochs=50, seed=10 + k)
        np.testing.assert_array_equal(run.train_loss[k], alone.train_loss[0])


def test_snapshot_schedule_gives_every_slider_step():
    sched = ensemble.snapshot_schedule(EPOCHS, 100)
    for E in EPOCHS:
        assert set(range(E // 100, E + 1, E // 100)) <= set(sched)
    assert sched == tuple(sorted(set(sched)))


def test_bad_arguments_raise_clear_errors():
    with pytest.raises(ValueError, match="epochs"):
        ensemble.train_mlps(np.zeros((3, 1)), np.zeros(3), (2,), epochs=0)
    with pytest.raises(ValueError, match="drop rate"):
        ensemble.train_mlps(np.zeros((3, 1)), np.zeros(3), (2,), drop=1.0)
    with pytest.raises(ValueError, match="optimizer"):
        ensemble.train_mlps(np.zeros((3, 1)), np.zeros(3), (2,), optimizer="rmsprop")
