"""The MLP: the seed's worked example, backprop against central differences, shapes, conventions."""
import itertools

import numpy as np
import pytest

import nncore
import nncore.lessons.regularization  # exact_zeros, used below (not imported by nncore itself)
from nncore import MLP, gradient_check


def worked_example(hidden):
    net = MLP([2, 2, 1], hidden=hidden, output="linear", init="zeros")
    # seed 000: node_0 = [1, 1], node_1 = [-1, 1], output = [2, -1]; columns are the receiving units
    net.set_params([[[1, -1], [1, 1]], [[2], [-1]]], [[0, 0], [0]])
    return net


def test_worked_example_without_activation_gives_5_1_9():
    trace = worked_example("linear").forward([[2, 3]])
    assert trace.A[0].tolist() == [[2.0, 3.0]]
    assert trace.Z[1].tolist() == [[5.0, 1.0]]   # i = 2·1 + 3·1 = 5, j = 2·(−1) + 3·1 = 1
    assert trace.A[2].tolist() == [[9.0]]        # k = 5·2 + 1·(−1) = 9


def test_worked_example_with_relu_is_the_same_here():
    trace = worked_example("relu").forward([[2, 3]])
    assert trace.A[1].tolist() == [[5.0, 1.0]] and trace.A[2].tolist() == [[9.0]]
    # with inputs where node_1 is negative, ReLU clips it: (3, 2) → j = −1 → 0, k = 5·2 = 10
    trace = worked_example("relu").forward([[3, 2]])
    assert trace.A[1].tolist() == [[5.0, 0.0]] and trace.A[2].tolist() == [[10.0]]


def test_course_view_is_the_transpose_with_column_examples():
    net = MLP([4, 5, 3], seed=1)
    X = np.random.default_rng(0).normal(size=(7, 4))
    trace = net.forward(X)
    view = net.course_view(trace)
    assert view.W[1].shape == (5, 4) and view.b[1].shape == (5, 1)
    assert view.Z[1].shape == (5, 7) and view.A[2].shape == (3, 7) and view.A[0].shape == (4, 7)
    np.testing.assert_allclose(view.Z[1], view.W[1] @ X.T + view.b[1])


def test_wrong_shapes_name_expected_and_actual():
    net = MLP([2, 3, 1])
    with pytest.raises(ValueError, match=r"\(m, 2\).*\(4, 3\)"):
        net.forward(np.zeros((4, 3)))
    trace = net.forward(np.zeros((4, 2)))
    with pytest.raises(ValueError, match=r"\(4, 1\).*\(4, 2\)"):
        net.backward(trace, np.zeros((4, 2)))
    with pytest.raises(ValueError, match="shape"):
        net.set_params([np.zeros((3, 3)), np.zeros((3, 1))], net.biases)
    with pytest.raises(ValueError, match="NaN"):
        net.forward([[np.nan, 1.0]])
    with pytest.raises(ValueError):
        MLP([2, 0, 1])


HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "gelu", "swish", "linear"]
PAIRS = [("sigmoid", "bce", 1), ("sigmoid", "mse", 1), ("softmax", "cross_entropy", 3), ("softmax", "mse", 3),
         ("linear", "mse", 2), ("sigmoid", "bce", 2)]


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


@pytest.mark.parametrize("hidden,pair", list(itertools.product(HIDDEN, PAIRS)))
def test_gradient_check_every_activation_and_output_loss_pair(hidden, pair):
    output, loss, n_out = pair
    net = MLP([3, 4, 3, n_out], hidden=hidden, output=output, init="xavier", seed=2)
    X, Y = data(3, n_out, output, 5)
    check = gradient_check(net, X, Y, loss)
    assert check.passed, (check.max_rel_error, check.names[int(np.argmax(check.rel_error))])


@pytest.mark.parametrize("init", ["normal", "uniform", "xavier", "xavier_uniform", "he", "constant"])
@pytest.mark.parametrize("reg", [(0.0, 0.0), (0.0, 0.3), (0.05, 0.0), (0.05, 0.1)])
def test_gradient_check_inits_and_regularization(init, reg):
    l1, l2 = reg
    net = MLP([2, 3, 1], hidden="tanh", output="sigmoid", init=init, init_scale=None if init != "normal" else 0.5,
              seed=3)
    X, Y = data(2, 1, "sigmoid", 4, seed=1)
    assert gradient_check(net, X, Y, "bce", l1=l1, l2=l2).passed


@pytest.mark.parametrize("sizes", [[2, 1], [3, 2], [1, 2, 1], [2, 5, 4, 3, 1], [4, 3, 3, 3, 3, 2]])
@pytest.mark.parametrize("m", [1, 6])
def test_gradient_check_depths_single_example_and_batch(sizes, m):
    output = "softmax" if sizes[-1] > 1 else "sigmoid"
    loss = "cross_entropy" if output == "softmax" else "bce"
    net = MLP(sizes, hidden="tanh", output=output, seed=4)
    X, Y = data(sizes[0], sizes[-1], output, m, seed=2)
    assert gradient_check(net, X, Y, loss).passed


def test_beans_network_sigmoid_mse_uses_the_general_chain_rule():
    # seed 003's 1-2-1 sigmoid network with squared error: dE/da = 2(a − y), da/dz = a(1 − a), ...
    net = MLP([1, 2, 1], hidden="sigmoid", output="sigmoid", init="uniform", seed=0)
    X, Y = np.array([[0.7]]), np.array([[1.0]])
    trace = net.forward(X)
    grads = net.backward(trace, Y, loss="mse")
    a, a1 = trace.A[2][0, 0], trace.A[1][0]
    dz = 2 * (a - 1.0) * a * (1 - a)
    np.testing.assert_allclose(grads.dW[1][:, 0], dz * a1)
    w2 = net.weights[1][:, 0]
    np.testing.assert_allclose(grads.dW[0][0], dz * w2 * a1 * (1 - a1) * 0.7)
    assert gradient_check(net, X, Y, "mse").passed


def test_broken_derivative_fails_the_check():
    net = MLP([2, 3, 1], hidden="tanh", seed=1)
    X, Y = data(2, 1, "sigmoid", 4)
    broken = net.backward(net.forward(X), Y, "bce", ignore_activation_derivative=True)
    check = gradient_check(net, X, Y, "bce", grads=broken)
    assert not check.passed and check.max_rel_error > 1e-3
    assert check.ok[-4:].all()  # output layer (W2, b2) is still right; only the hidden layer is wrong


def test_export_import_round_trips_exactly():
    net = MLP([2, 4, 3], hidden=["leaky_relu"], output="softmax", seed=5, dropout=0.2)
    net.activations[0] = nncore.get_activation("leaky_relu", slope=0.2)
    clone = MLP.from_dict(net.to_dict())
    X = np.random.default_rng(0).normal(size=(10, 2))
    assert np.array_equal(clone.predict(X), net.predict(X))
    assert clone.dropout == 0.2 and clone.activations[0].params == {"slope": 0.2}
    with pytest.raises(ValueError):
        MLP.from_dict({"format": "other"})


def test_zero_init_keeps_hidden_units_identical():
    net = MLP([2, 3, 1], hidden="tanh", init="constant", seed=0)
    X, Y = data(2, 1, "sigmoid", 8)
    trainer = nncore.Trainer(net, X, Y, "bce", "sgd", learning_rate=0.5)
    trainer.run(20)
    W = net.weights[0]
    assert np.allclose(W, W[:, :1]) and np.allclose(net.weights[1], net.weights[1][0])


def test_dropout_forms_agree_in_expectation():
    net = MLP([3, 50, 1], hidden="relu", output="linear", seed=0, dropout=0.5)
    X = np.random.default_rng(1).normal(size=(4, 3))
    rng = np.random.default_rng(7)
    for mode in ("inverted", "classic"):
        net.set_dropout(0.5, mode)
        test_out = net.predict(X)
        train_mean = np.mean([net.forward(X, train=True, rng=rng).A[-1] for _ in range(4000)], axis=0)
        # inverted: kept units × 1/p in training, nothing at test time; classic: unscaled in training,
        # every hidden output × p at test time. Either way E[train output] = test output.
        np.testing.assert_allclose(train_mean, test_out, rtol=0.05, atol=0.02)
    net.set_dropout(0.5, "classic")
    no_drop = MLP([3, 50, 1], hidden="relu", output="linear", seed=0)
    assert not np.allclose(net.predict(X), no_drop.predict(X))  # classic really scales at test time


def test_layer_stats_and_linear_collapse():
    net = MLP([3, 4, 4, 2], hidden="linear", output="linear", seed=0)
    X = np.random.default_rng(2).normal(size=(6, 3))
    W, b = nncore.linear_collapse(net.weights, net.biases)
    np.testing.assert_allclose(X @ W + b, net.predict(X), atol=1e-12)
    relu = MLP([3, 4, 1], hidden="relu", seed=0)
    relu.biases[0][:] = -100.0  # every unit dead
    trace = relu.forward(X)
    stats = nncore.layer_stats(relu, trace, relu.backward(trace, np.ones((6, 1))))
    assert stats[0].dead_share == 1.0 and stats[0].grad_norm == 0.0


def test_shape_table_both_conventions():
    rows = nncore.shape_table([4, 5, 3], m=1)
    assert rows[1].W == (4, 5) and rows[2].W == (5, 3) and rows[2].A == (1, 3)
    assert rows[1].W_course == (5, 4) and rows[1].b_course == (5, 1) and rows[2].Z_course == (3, 1)


def test_histogram_shares_rows_sum_to_one_on_common_bins():
    rng = np.random.default_rng(0)
    a, b = rng.uniform(-1, 1, 200), rng.uniform(0, 1, 100)
    centers, shares = nncore.histogram_shares([a, b], bins=10)
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
    edges = np.linspace(min(a.min(), b.min()), max(a.max(), b.max()), 11)
    np.testing.assert_allclose(shares[1], np.histogram(b, bins=edges)[0] / 100)
    np.testing.assert_allclose(centers, (edges[:-1] + edges[1:]) / 2)
    with pytest.raises(ValueError):
        nncore.histogram_shares([np.array([])])


def test_random_inputs_seeded():
    X, Y = nncore.datasets.random_inputs(50, 3, seed=1)
    X2, _ = nncore.datasets.random_inputs(50, 3, seed=1)
    assert X.shape == (50, 3) and Y.shape == (50, 1) and set(np.unique(Y)) <= {0.0, 1.0}
    np.testing.assert_array_equal(X, X2)


def test_gradcheck_counts_failures_and_exact_zeros():
    net = MLP([2, 3, 1], hidden="tanh", seed=1)
    X, Y = data(2, 1, "sigmoid", 4)
    broken = net.backward(net.forward(X), Y, "bce", ignore_activation_derivative=True)
    check = gradient_check(net, X, Y, "bce", grads=broken)
    assert check.n_failed == int(np.sum(~check.ok)) > 0
    assert gradient_check(net, X, Y, "bce").n_failed == 0
    assert nncore.lessons.regularization.exact_zeros([0.0, 1e-300, -0.0, 2.0]) == 2


def test_dropout_takes_the_drop_rate_as_keras_and_pytorch_do():
    """p is the probability of dropping a unit: about p of the hidden units are 0 in a training pass, inverted
    dropout scales the others by 1/(1 − p), classic dropout multiplies by 1 − p at test time."""
    net = MLP([3, 400, 1], hidden="sigmoid", output="linear", seed=0, dropout=0.3)  # sigmoid is never 0 itself
    X = np.abs(np.random.default_rng(1).normal(size=(50, 3))) + 1.0
    plain = net.forward(X).A[1]
    trace = net.forward(X, train=True, rng=0)
    dropped = np.mean(trace.A[1] == 0.0)
    assert abs(dropped - 0.3) < 0.02
    kept = trace.A[1] != 0.0
    np.testing.assert_allclose(trace.A[1][kept], plain[kept] / 0.7, rtol=1e-12)
    net.set_dropout(0.3, "classic")
    np.testing.assert_allclose(net.forward(X).A[1], 0.7 * plain, rtol=1e-12)
    with pytest.raises(ValueError):
        net.set_dropout(1.0)
    net.set_dropout(0.0)
    assert net.dropout is None


def test_model_files_with_the_old_keep_probability_still_load():
    net = MLP([2, 3, 1], hidden="tanh", output="sigmoid", seed=0, dropout=0.25)
    data = net.to_dict()
    assert data["dropout_rate"] == 0.25 and "dropout" not in data
    old = {k: v for k, v in data.items() if k != "dropout_rate"} | {"dropout": 0.75}  # written as keep probability
    assert MLP.from_dict(old).dropout == pytest.approx(0.25)


def test_weights_too_large_give_a_clear_error_not_nan_or_a_warning():
    """Weights of 1e200: the forward pass overflows silently (inf / NaN in the trace), and the cost says so instead
    of returning NaN (the sigmoid + log-loss path returned NaN; softmax and MSE raised)."""
    import warnings

    for hidden in ("linear", "relu"):
        net = MLP([1, 2, 1], hidden=hidden, output="sigmoid", init="zeros")
        net.set_params([[[1e200, -1e200]], [[1e200], [1e200]]], [[0, 0], [0]])
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            trace = net.forward([[1e200]])
            net.predict([[1e200]])
            with pytest.raises(ValueError, match="not finite"):
                net.cost(trace, [[1.0]], "bce")
            with pytest.raises(ValueError, match="not finite"):
                net.loss([[1e200]], [[1.0]], "bce")
