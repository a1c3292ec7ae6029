"""The engine's fast paths compute what the plain formulas say.

The MLP keeps its parameters in one flat block ([W; b] per layer), computes one column per example, and the Trainer
trains in reused workspaces; a float32 network is available. These tests pin that every route gives the same
numbers: packed vs. arrays put in by hand, Trainer vs. the notebook loop, flat vs. array-by-array SGD steps, a
pickled copy, float32 vs. float64 (to a stated tolerance) — and that the gradients still equal central differences.
"""
import copy
import itertools
import pickle
import warnings

import numpy as np
import pytest

import nncore
from nncore import MLP, Trainer, gradient_check
from nncore._util import ParamList

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "gelu", "swish", "linear"]
PAIRS = [("sigmoid", "bce", 1), ("sigmoid", "mse", 1), ("softmax", "cross_entropy", 3), ("softmax", "mse", 3),
         ("linear", "mse", 2), ("sigmoid", "bce", 2)]
#: float32 against float64 on the same (rounded) weights: relative to the largest entry of the float64 array
F32_RTOL = 2e-5


def data(n_in, n_out, output, m, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, n_in))
    if output == "softmax":
        Y = np.eye(n_out)[rng.integers(0, n_out, m)]
    elif output == "sigmoid":
        Y = rng.integers(0, 2, (m, n_out)).astype(float)
    else:
        Y = rng.normal(size=(m, n_out))
    return X, Y


def unpacked(net):
    """The same network with its weights as separate arrays (not views of its flat block): the general route."""
    other = net.copy()
    other.weights = [W.copy() for W in other.weights]
    other.biases = [b.copy() for b in other.biases]
    assert other._current() is None and type(other.params()) is list
    return other


def close(a, b, rtol=1e-12):
    """Equal up to rtol of the largest entry (rounding differences of sums taken in another order)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    assert a.shape == b.shape
    scale = max(float(np.max(np.abs(b))), 1e-300) if b.size else 1.0
    np.testing.assert_allclose(a, b, rtol=0, atol=rtol * scale)


@pytest.mark.parametrize("hidden,pair", list(itertools.product(HIDDEN, PAIRS)))
def test_packed_and_general_routes_agree_and_match_central_differences(hidden, pair):
    output, loss, n_out = pair
    net = MLP([3, 4, 3, n_out], hidden=hidden, output=output, seed=2)
    X, Y = data(3, n_out, output, 6)
    trace, other_trace = net.forward(X), unpacked(net).forward(X)
    grads = net.backward(trace, Y, loss, l1=0.01, l2=0.02)
    other = unpacked(net).backward(other_trace, Y, loss, l1=0.01, l2=0.02)
    for a, b in zip(trace.A + trace.Z[1:], other_trace.A + other_trace.Z[1:]):
        close(a, b)
    for a, b in zip(grads.params() + grads.dZ[1:] + grads.dA, other.params() + other.dZ[1:] + other.dA):
        close(a, b)
    assert type(grads.params()) is ParamList and all(g.dtype == np.float64 for g in grads.params())
    check = gradient_check(net, X, Y, loss, l1=0.01 if hidden not in ("relu", "leaky_relu") else 0.0, l2=0.02)
    assert check.passed, (check.max_rel_error, check.names[int(np.argmax(check.rel_error))])


@pytest.mark.parametrize("output,loss,n_out", PAIRS)
@pytest.mark.parametrize("batch_size", [None, 7])
def test_trainer_equals_the_notebook_loop_bit_for_bit(output, loss, n_out, batch_size):
    """Trainer.run trains in its own arrays; the result is exactly that of forward → backward → step."""
    X, Y = data(2, n_out, output, 40, seed=1)
    net = MLP([2, 5, 4, n_out], hidden="tanh", output=output, seed=3)
    trainer = Trainer(net.copy(), X, Y, loss, "sgd", learning_rate=0.1, batch_size=batch_size, seed=9, l2=0.01)
    trainer.run(30, eval_every=7)
    opt, rng = nncore.make_optimizer("sgd", 0.1), np.random.default_rng(9)
    for _ in range(30):
        order = np.arange(40) if batch_size is None else rng.permutation(40)
        for start in range(0, 40, batch_size or 40):
            idx = order[start:start + (batch_size or 40)]
            grads = net.backward(net.forward(X[idx]), Y[idx], loss, l2=0.01)
            opt.step(net.params(), grads.params())
    for p, q in zip(trainer.net.params(), net.params()):
        np.testing.assert_array_equal(p, q)
    assert trainer.history.epoch == [7, 14, 21, 28, 30]
    assert trainer.history.train_loss[-1] == pytest.approx(net.loss(X, Y, loss), rel=1e-14)  # sums in another order


@pytest.mark.parametrize("batch_size", [None, 10])
@pytest.mark.parametrize("opt", ["sgd", "momentum", "adam"])
def test_trainer_fast_and_general_routes_agree(batch_size, opt):
    X, Y = data(2, 1, "sigmoid", 60, seed=4)
    a = Trainer(MLP([2, 8, 8, 1], seed=1), X, Y, "bce", opt, learning_rate=0.05, batch_size=batch_size, seed=2)
    b = Trainer(unpacked(MLP([2, 8, 8, 1], seed=1)), X, Y, "bce", opt, learning_rate=0.05, batch_size=batch_size,
                seed=2)
    a.run(40, eval_every=5)
    b.run(40, eval_every=5)
    for p, q in zip(a.net.params(), b.net.params()):
        close(p, q, 1e-11)
    close(a.history.train_loss, b.history.train_loss, 1e-12)
    close(np.array(a.history.grad_norms), np.array(b.history.grad_norms), 1e-10)
    assert a.history.epoch == b.history.epoch and a.history.train_acc == b.history.train_acc


def test_flat_sgd_step_is_the_array_by_array_step():
    net = MLP([2, 6, 3], output="softmax", seed=0)
    X, Y = data(2, 3, "softmax", 9)
    grads = net.backward(net.forward(X), Y, "cross_entropy")
    params, gparams = net.params(), grads.params()
    assert type(params) is ParamList and type(gparams) is ParamList
    expected = [p - 0.3 * g for p, g in zip(params, gparams)]
    nncore.make_optimizer("sgd", 0.3).step(params, gparams)
    for p, e in zip(net.params(), expected):
        np.testing.assert_array_equal(p, e)
    # a list that was changed after it was made is updated array by array
    params = net.params()
    params[0] = params[0].copy()
    nncore.make_optimizer("sgd", 0.3).step(params, gparams)
    assert not np.array_equal(params[0], net.weights[0])


@pytest.mark.parametrize("name", list(nncore.OPTIMIZERS))
def test_every_optimizer_steps_the_flat_block_like_array_by_array(name):
    """The same steps on the flat block (MLP parameters) and on copies array by array, mixing the two routes and
    a deepcopy of the optimizer on the way (the playground does that), give the same numbers exactly."""
    net = MLP([2, 5, 2], output="softmax", seed=1)
    X, Y = data(2, 2, "softmax", 12)
    plain = [p.copy() for p in net.params()]
    opt_flat, opt_plain = nncore.make_optimizer(name, 0.05), nncore.make_optimizer(name, 0.05)
    for k in range(8):
        grads = net.backward(net.forward(X), Y, "cross_entropy")
        if k == 4:
            opt_flat = copy.deepcopy(opt_flat)
        if k == 5:  # one step array by array on the network too
            opt_flat.step(list(net.params()), list(grads.params()))
        else:
            params, gparams = net.params(), grads.params()
            assert type(params) is ParamList and type(gparams) is ParamList
            opt_flat.step(params, gparams)
        opt_plain.step(plain, [g.copy() for g in grads.params()])
        for p, q in zip(net.params(), plain):
            np.testing.assert_array_equal(p, q)
        # (the plain copies follow the network: next gradients are taken at the same weights)


def test_weights_are_views_of_one_block_and_edits_by_hand_are_used():
    net = MLP([2, 3, 1], hidden="linear", output="linear", init="zeros")
    assert all(W.base is net._packed.flat for W in net.weights)
    net.weights[0][:] = [[1, -1, 0], [1, 1, 0]]            # in place: the block sees it
    net.weights[1][:] = [[2], [-1], [0]]
    assert net.forward([[2, 3]]).A[2].tolist() == [[9.0]]
    net.weights[1] = np.array([[1.0], [1.0], [5.0]])       # a new array: the general route uses it
    net.biases[1] = np.array([0.5])
    assert net._current() is None and type(net.params()) is list
    assert net.forward([[2, 3]]).A[2].tolist() == [[6.5]]
    trainer = Trainer(net, [[2, 3]], [[1.0]], "mse", "sgd", learning_rate=0.01)
    trainer.run(3)  # trains the arrays that are there
    assert net.weights[1][0, 0] != 1.0 and net.weights[0][0, 0] != 1.0


@pytest.mark.parametrize("how", ["deepcopy", "copy", "copy.copy"])  # (an MLP holds lambdas: no pickle)
def test_copies_are_packed_again_and_train_like_the_original(how):
    net = MLP([2, 5, 1], seed=3)
    X, Y = data(2, 1, "sigmoid", 20)
    Trainer(net, X, Y, "bce", "sgd", learning_rate=0.2).run(5)
    clone = {"deepcopy": copy.deepcopy, "copy": MLP.copy, "copy.copy": copy.copy}[how](net)
    assert clone._current() is not None and clone.weights[0].base is clone._packed.flat
    for p, q in zip(clone.params(), net.params()):
        np.testing.assert_array_equal(p, q)
        assert not np.shares_memory(p, q)
    a, b = Trainer(net, X, Y, "bce", "sgd", learning_rate=0.2), Trainer(clone, X, Y, "bce", "sgd", learning_rate=0.2)
    a.run(10)
    b.run(10)
    for p, q in zip(clone.params(), net.params()):
        np.testing.assert_array_equal(p, q)
    np.testing.assert_array_equal(clone.predict(X), net.predict(X))
    trace = net.forward(X)
    assert pickle.loads(pickle.dumps(trace)).A[1].tolist() == trace.A[1].tolist()
    assert type(pickle.loads(pickle.dumps(net.params()))) is list


def test_views_in_trace_and_gradients_hold_the_textbook_shapes():
    net = MLP([4, 5, 3], output="softmax", seed=1)
    X, Y = data(4, 3, "softmax", 7)
    trace = net.forward(X)
    grads = net.backward(trace, Y, "cross_entropy")
    assert [a.shape for a in trace.A] == [(7, 4), (7, 5), (7, 3)]
    assert [z.shape for z in trace.Z[1:]] == [(7, 5), (7, 3)]
    assert [g.shape for g in grads.dZ[1:]] == [(7, 5), (7, 3)] and [g.shape for g in grads.dA] == [(7, 4), (7, 5),
                                                                                                  (7, 3)]
    np.testing.assert_allclose(trace.Z[1], X @ net.weights[0] + net.biases[0], rtol=1e-14)
    np.testing.assert_allclose(grads.dW[1], trace.A[1].T @ grads.dZ[2], rtol=1e-13)
    np.testing.assert_allclose(grads.db[0], grads.dZ[1].sum(axis=0), rtol=1e-13, atol=1e-17)
    np.testing.assert_allclose(trace.A[2].sum(axis=1), 1.0)
    assert net.predict(np.zeros((5000, 4))).shape == (5000, 3)  # in chunks


@pytest.mark.parametrize("units,n_in", [(2, 1), (3, 1), (4, 1), (8, 1), (2, 2), (3, 2), (4, 2), (8, 2), (3, 3)])
@pytest.mark.parametrize("init", ["zeros", "constant"])
@pytest.mark.parametrize("batch_size", [None, 10])
def test_symmetric_start_keeps_units_bit_for_bit_equal(units, n_in, init, batch_size):
    """Units that start equal get equal gradients, exactly: sums over the examples are one dot product per unit."""
    X, Y = data(n_in, 1, "sigmoid", 100, seed=units)
    net = MLP([n_in, units, 1], hidden="tanh", init=init)
    Trainer(net, X, Y, "mse", "sgd", learning_rate=1.0, batch_size=batch_size).run(20)
    W1, b1, W2 = net.weights[0], net.biases[0], net.weights[1]
    assert np.all(W1 == W1[:, :1]) and np.all(b1 == b1[0]) and np.all(W2 == W2[0])
    if init == "constant":
        assert not np.all(W1 == 0.5)  # it did train


# ------------------------------------------------------------------------------------------ float32
def test_float32_network_and_its_checks():
    net = MLP([2, 8, 8, 1], seed=0, dtype="float32")
    ref = MLP([2, 8, 8, 1], seed=0)
    assert net.dtype == np.float32 and all(p.dtype == np.float32 for p in net.params())
    for p, q in zip(net.params(), ref.params()):
        np.testing.assert_array_equal(p, q.astype(np.float32))  # the float64 start, rounded
    X, Y = data(2, 1, "sigmoid", 50)
    trace = net.forward(X)
    assert all(a.dtype == np.float32 for a in trace.A) and trace.A[0].dtype == np.float32
    assert net.predict(X).dtype == np.float32 and isinstance(net.loss(X, Y), float)
    with pytest.raises(ValueError, match="float32 range"):
        net.forward([[1e39, 0.0]])
    with pytest.raises(ValueError, match="NaN"):
        net.forward([[np.nan, 0.0]])
    with pytest.raises(ValueError, match="float32 range"):
        net.set_params([np.full((2, 8), 1e300), *net.weights[1:]], net.biases)
    with pytest.raises(ValueError, match="float64 or float32"):
        MLP([2, 1], dtype="float16")
    assert "float32" in repr(net) and "dtype" not in repr(ref)
    clone = MLP.from_dict(net.to_dict())
    assert clone.dtype == np.float32 and "dtype" not in ref.to_dict()
    np.testing.assert_array_equal(clone.predict(X), net.predict(X))
    wide = net.astype("float64")
    assert wide.dtype == np.float64 and net.dtype == np.float32 and wide._current() is not None
    for p, q in zip(wide.params(), net.params()):
        np.testing.assert_array_equal(p, q)  # widening is exact
    assert gradient_check(net, X, Y, "bce").passed  # checked as that float64 copy
    with pytest.raises(ValueError, match="float32 range"):
        MLP([2, 1], init="constant", init_scale=1e300).astype("float32")
    with pytest.raises(ValueError, match="float32 range"):
        MLP([2, 1], init="constant", init_scale=1e300, dtype="float32")


@pytest.mark.parametrize("hidden,pair", list(itertools.product(["tanh", "relu", "sigmoid", "gelu"], PAIRS)))
def test_float32_matches_float64_on_the_same_weights(hidden, pair):
    output, loss, n_out = pair
    ref = MLP([2, 8, 8, n_out], hidden=hidden, output=output, seed=5)
    net = MLP([2, 8, 8, n_out], hidden=hidden, output=output, seed=5, dtype="float32")
    ref.set_params(net.weights, net.biases)  # float64 network on exactly the float32 weights
    X, Y = data(2, n_out, output, 100, seed=2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t32, t64 = net.forward(X), ref.forward(X)
        g32, g64 = net.backward(t32, Y, loss, l2=0.01), ref.backward(t64, Y, loss, l2=0.01)
    for a, b in zip(t32.A[1:], t64.A[1:]):
        assert a.dtype == np.float32
        close(a, b, F32_RTOL)
    for a, b in zip(g32.params(), g64.params()):
        assert a.dtype == np.float32
        close(a, b, F32_RTOL)
    assert abs(net.cost(t32, Y, loss) - ref.cost(t64, Y, loss)) <= F32_RTOL * ref.cost(t64, Y, loss)


def test_float32_training_follows_float64():
    """The playground workload, 300 epochs: the float32 run stays on the float64 run's path."""
    d = nncore.datasets.make("circle", n_samples=500, noise=0.1, seed=0)
    runs = {}
    for dtype in ("float64", "float32"):
        net = MLP([2, 8, 8, 1], seed=0, dtype=dtype)
        trainer = Trainer(net, d.X, d.y[:, None], "bce", "sgd", learning_rate=0.3, batch_size=None)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            trainer.run(300, eval_every=10)
        runs[dtype] = (trainer.history, net)
    (h64, n64), (h32, n32) = runs["float64"], runs["float32"]
    assert h32.epoch == h64.epoch
    np.testing.assert_allclose(h32.train_loss, h64.train_loss, rtol=1e-4)
    assert max(abs(a - b) for a, b in zip(h32.train_acc, h64.train_acc)) <= 0.004  # at most 2 of 500 points
    assert all(n.dtype == np.float64 for n in h32.weight_norms + h32.grad_norms)
    _, _, grid = nncore.datasets.grid((-6, 6), 100)
    np.testing.assert_allclose(n32.predict(grid), n64.predict(grid), atol=1e-3)


def test_float32_divergence_is_caught_without_warnings():
    net = MLP([2, 8, 1], hidden="relu", output="linear", seed=0, dtype="float32")
    X = np.random.default_rng(0).normal(size=(50, 2)) * 10
    Y = X @ np.array([[3.0], [-2.0]])
    trainer = Trainer(net, X, Y, "mse", "sgd", learning_rate=5.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trainer.run(200, eval_every=3)
    assert trainer.diverged and all(np.all(np.isfinite(p)) for p in net.params())
    assert all(np.isfinite(v) for v in trainer.history.train_loss)
