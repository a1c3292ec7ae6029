"""Optimizers against their textbook formulas; training: XOR, divergence, history, pause/resume."""
import warnings

import numpy as np
import pytest

import nncore
from nncore import MLP, Trainer, make_optimizer

G1, G2 = np.array([0.5, -2.0]), np.array([0.25, 1.0])
W0 = np.array([1.0, 1.0])


def two_steps(name, **hyper):
    opt = make_optimizer(name, 0.1, **hyper)
    w = W0.copy()
    opt.step([w], [G1])
    w1 = w.copy()
    opt.step([w], [G2])
    return w1, w.copy()


def test_sgd():
    w1, w2 = two_steps("sgd")
    np.testing.assert_allclose(w1, W0 - 0.1 * G1)
    np.testing.assert_allclose(w2, W0 - 0.1 * G1 - 0.1 * G2)


def test_sgd_overflow_is_silent():
    """A diverging run overflows in the update; the trainer detects that (no RuntimeWarning escapes nncore)."""
    w = np.array([1e308])
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        make_optimizer("sgd", 1.0).step([w], [np.array([-1e308])])
    assert np.isinf(w[0])


def test_momentum():
    w1, w2 = two_steps("momentum", beta=0.9)
    v1 = -0.1 * G1
    v2 = 0.9 * v1 - 0.1 * G2
    np.testing.assert_allclose(w1, W0 + v1)
    np.testing.assert_allclose(w2, W0 + v1 + v2)


def test_nesterov():
    w1, w2 = two_steps("nesterov", beta=0.9)
    v1 = -0.1 * G1
    v2 = 0.9 * v1 - 0.1 * G2
    np.testing.assert_allclose(w1, W0 + 0.9 * v1 - 0.1 * G1)
    np.testing.assert_allclose(w2, w1 + 0.9 * v2 - 0.1 * G2)


def test_rmsprop():
    w1, w2 = two_steps("rmsprop", rho=0.9, eps=1e-8)
    s1 = 0.1 * G1 ** 2
    s2 = 0.9 * s1 + 0.1 * G2 ** 2
    np.testing.assert_allclose(w1, W0 - 0.1 * G1 / (np.sqrt(s1) + 1e-8))
    np.testing.assert_allclose(w2, w1 - 0.1 * G2 / (np.sqrt(s2) + 1e-8))


def test_adam():
    w1, w2 = two_steps("adam", beta1=0.9, beta2=0.999, eps=1e-8)
    m1, v1 = 0.1 * G1, 0.001 * G1 ** 2
    np.testing.assert_allclose(w1, W0 - 0.1 * (m1 / 0.1) / (np.sqrt(v1 / 0.001) + 1e-8))
    m2, v2 = 0.9 * m1 + 0.1 * G2, 0.999 * v1 + 0.001 * G2 ** 2
    mh, vh = m2 / (1 - 0.9 ** 2), v2 / (1 - 0.999 ** 2)
    np.testing.assert_allclose(w2, w1 - 0.1 * mh / (np.sqrt(vh) + 1e-8))


def test_adagrad():
    w1, w2 = two_steps("adagrad", eps=1e-8)
    np.testing.assert_allclose(w1, W0 - 0.1 * G1 / (np.abs(G1) + 1e-8))
    np.testing.assert_allclose(w2, w1 - 0.1 * G2 / (np.sqrt(G1 ** 2 + G2 ** 2) + 1e-8))


def test_bad_optimizer_arguments():
    with pytest.raises(ValueError, match="valid names"):
        make_optimizer("sgdd", 0.1)
    with pytest.raises(ValueError, match="learning rate"):
        make_optimizer("sgd", -1)
    with pytest.raises(ValueError):
        make_optimizer("momentum", 0.1, beta=1.5)


def test_optimize_path_on_a_quadratic_and_divergence_threshold():
    lam = 4.0  # f = ½·4·w², GD multiplies w by (1 − 4α): stable iff α < 2/4
    grad = lambda w: lam * w
    f = lambda w: 0.5 * lam * float(w @ w)
    ok = nncore.optimize(grad, [1.0], make_optimizer("sgd", 0.49), 2000, f=f)
    assert ok.status in ("converged", "max_steps") and abs(ok.points[-1, 0]) < 1e-6
    bad = nncore.optimize(grad, [1.0], make_optimizer("sgd", 0.51), 2000, f=f)
    assert bad.status == "diverged" and np.all(np.isfinite(bad.points))
    np.testing.assert_allclose(ok.points[1], [1 - 4 * 0.49])


def test_step_decay():
    d = nncore.StepDecay(every=10, factor=0.5)
    assert d.rate(0.8, 9) == 0.8 and d.rate(0.8, 10) == 0.4 and d.rate(0.8, 25) == 0.2


XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
XOR_Y = np.array([[0], [1], [1], [0]], dtype=float)


def test_mlp_reaches_100_percent_on_xor():
    net = MLP([2, 4, 1], hidden="tanh", output="sigmoid", seed=0)
    trainer = Trainer(net, XOR_X, XOR_Y, "bce", "adam", learning_rate=0.05)
    trainer.run(1000)
    assert net.accuracy(XOR_X, XOR_Y) == 1.0
    assert trainer.history.train_loss[-1] < 0.05 < trainer.history.train_loss[0]


@pytest.mark.parametrize("batch_size", [None, 1, 2])
def test_pause_and_resume_equals_one_run(batch_size):
    def make():
        return Trainer(MLP([2, 3, 1], seed=1), XOR_X, XOR_Y, "bce", "momentum", learning_rate=0.3,
                       batch_size=batch_size, seed=4)
    a, b = make(), make()
    a.run(30)
    for _ in range(3):
        b.run(10)
    assert a.epoch == b.epoch == 30
    for p, q in zip(a.net.params(), b.net.params()):
        np.testing.assert_array_equal(p, q)


@pytest.mark.parametrize("batch_size, optimizer, dropout", [(None, "momentum", None), (2, "adam", None),
                                                             (1, "rmsprop", 0.3)])
def test_rewind_to_a_checkpoint_then_training_again_repeats_the_same_epochs(batch_size, optimizer, dropout):
    # the playground's Pause goes back to the frame the student sees: the state then must be the state that was,
    # and training on from it the same epochs, number for number (shuffles and dropout masks from the generator)
    t = Trainer(MLP([2, 3, 1], seed=1, dropout=dropout), XOR_X, XOR_Y, "bce", optimizer, learning_rate=0.1,
                batch_size=batch_size, seed=4, X_test=XOR_X, Y_test=XOR_Y)
    t.run(10, eval_every=5)
    cp = t.checkpoint()
    at = [p.copy() for p in t.net.params()]
    t.run(15, eval_every=5)
    first = ([p.copy() for p in t.net.params()], list(t.history.train_loss), t.epoch)
    t.run(20, eval_every=5)
    t.rewind(cp)
    assert t.epoch == 10 and t.history.epoch == [5, 10] and len(t.history.test_loss) == 2
    for p, q in zip(t.net.params(), at):
        np.testing.assert_array_equal(p, q)
    t.run(15, eval_every=5)
    assert t.epoch == first[2] and t.history.train_loss == first[1]
    for p, q in zip(t.net.params(), first[0]):
        np.testing.assert_array_equal(p, q)
    t.rewind(cp)  # a checkpoint can be used again (the trainer never changes it)
    assert t.epoch == 10


def test_rewind_refuses_a_checkpoint_from_the_future_or_another_network():
    t = Trainer(MLP([2, 3, 1], seed=1), XOR_X, XOR_Y, "bce", "sgd", learning_rate=0.1)
    t.run(5)
    cp = t.checkpoint()
    with pytest.raises(ValueError, match="past"):
        Trainer(MLP([2, 3, 1], seed=1), XOR_X, XOR_Y, "bce", "sgd").rewind(cp)
    with pytest.raises(ValueError, match="fit"):
        other = Trainer(MLP([2, 4, 1], seed=1), XOR_X, XOR_Y, "bce", "sgd")
        other.run(5)
        other.rewind(cp)


def test_divergence_is_detected_explained_and_nothing_nan_kept():
    net = MLP([2, 8, 1], hidden="relu", output="linear", seed=0)
    X = np.random.default_rng(0).normal(size=(50, 2)) * 10
    Y = X @ np.array([[3.0], [-2.0]])
    trainer = Trainer(net, X, Y, "mse", "sgd", learning_rate=5.0)
    trainer.run(200)
    assert trainer.diverged and trainer.divergence.epoch <= 200
    assert "learning rate" in trainer.divergence.message
    assert all(np.all(np.isfinite(p)) for p in net.params())
    assert all(np.isfinite(v) for v in trainer.history.train_loss)
    assert trainer.run(5) == 0  # stays stopped


def test_targets_in_the_millions_are_a_scale_not_a_divergence():
    """A squared error of ~10¹³ before any step (targets ~3·10⁶) is not an explosion: with a small rate training
    goes on and the loss falls; with a huge rate it still diverges, against a limit scaled to the targets."""
    X = np.random.default_rng(1).uniform(-1, 1, size=(40, 2))
    Y = 3e6 + 1e5 * X[:, :1]
    assert nncore.training.loss_limit(Y) == pytest.approx(1e6 * np.mean(Y ** 2))
    assert nncore.training.loss_limit(np.ones((3, 1))) == 1e12  # ordinary data keep 10¹²
    trainer = Trainer(MLP([2, 4, 1], hidden="tanh", output="linear", seed=0), X, Y, "mse", "sgd",
                      learning_rate=1e-3)
    trainer.run(100)
    losses = trainer.history.train_loss
    assert not trainer.diverged and losses[0] > 1e12 and losses[-1] < 0.5 * losses[0]
    wild = Trainer(MLP([2, 4, 1], hidden="tanh", output="linear", seed=0), X, Y, "mse", "sgd", learning_rate=10.0)
    wild.run(50)
    assert wild.diverged and wild.divergence.limit == wild.loss_limit


def test_test_data_given_after_some_epochs():
    """Epochs before the test data have no test loss (None): the best test epoch and the plateau skip them."""
    X = np.random.default_rng(2).normal(size=(30, 2))
    Y = (X[:, :1] > 0).astype(float)
    trainer = Trainer(MLP([2, 3, 1], output="sigmoid", seed=0), X, Y, "bce", "sgd", learning_rate=0.1)
    trainer.run(3)
    trainer.set_test_data(X, Y)
    trainer.run(3)
    h = trainer.history
    assert h.test_loss[:3] == [None] * 3 and None not in h.test_loss[3:]
    tests = h.test_loss[3:]
    assert h.best_test_epoch() == h.epoch[3 + int(np.argmin(tests))]
    assert trainer.plateaued(2) == (min(tests[-2:]) >= min(tests[:-2]))


def test_history_records_everything_and_early_stopping():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    Y = (X[:, :1] > 0).astype(float)
    trainer = Trainer(MLP([2, 4, 1], seed=0), X[:30], Y[:30], "bce", "sgd", learning_rate=0.5,
                      X_test=X[30:], Y_test=Y[30:], l2=0.01)
    ran = trainer.run(300, patience=5)
    h = trainer.history
    assert len(h) == ran == trainer.epoch
    assert len(h.grad_norms[0]) == 2 and len(h.weight_norms[0]) == 2
    assert h.train_acc[-1] > 0.9 and h.test_loss[-1] is not None
    assert h.best_test_epoch() == h.epoch[int(np.argmin(h.test_loss))]


def test_eval_every_records_only_evaluated_epochs_and_trains_the_same():
    def make():
        return Trainer(MLP([2, 3, 1], seed=1), XOR_X, XOR_Y, "bce", "sgd", learning_rate=0.3, seed=4)
    a, b = make(), make()
    a.run(25)
    b.run(25, eval_every=10)
    assert b.history.epoch == [10, 20, 25]
    for p, q in zip(a.net.params(), b.net.params()):
        np.testing.assert_array_equal(p, q)
    assert b.history.train_loss[-1] == a.history.train_loss[-1]


def test_divergence_between_evaluations_restores_the_last_good_weights():
    net = MLP([2, 8, 1], hidden="relu", output="linear", seed=0)
    X = np.random.default_rng(0).normal(size=(50, 2)) * 10
    Y = X @ np.array([[3.0], [-2.0]])
    trainer = Trainer(net, X, Y, "mse", "sgd", learning_rate=1e-4)
    trainer.run(10, eval_every=5)
    good = [p.copy() for p in net.params()]
    trainer.set_learning_rate(50.0)
    trainer.run(100, eval_every=20)
    assert trainer.diverged and trainer.epoch == 10
    for p, q in zip(net.params(), good):
        np.testing.assert_array_equal(p, q)
    assert trainer.history.epoch == [5, 10]


def test_weights_changed_between_runs_are_what_divergence_restores():
    net = MLP([2, 4, 1], hidden="tanh", output="linear", seed=0)
    X = np.random.default_rng(1).normal(size=(20, 2)) * 10
    Y = X[:, :1] * 5
    trainer = Trainer(net, X, Y, "mse", "sgd", learning_rate=1e-3)
    trainer.run(3)
    net.weights[0][:] = 0.5  # edited by hand between two runs
    edited = [p.copy() for p in net.params()]
    trainer.set_learning_rate(1e3)
    trainer.run(50, eval_every=7)
    assert trainer.diverged
    for p, q in zip(net.params(), edited):
        np.testing.assert_array_equal(p, q)
