"""Property-based tests (hypothesis) of nncore's public functions with hostile input.

Contract: for any input a student or a page can produce, a public function returns a finite result (NaN only
where the input itself was NaN, position by position, for element-wise maths) or raises ``ValueError`` whose
message names the problem — never another exception, never a RuntimeWarning (pyproject turns those into errors).

"Realistic" inputs (|x| ≤ 1e6, probabilities, moderate rates) must always give finite results. Inputs at the edge
of float64 (±1e308, ±inf) must not warn either: a finite value or a ValueError (these tests found the edge cases
fixed in nncore commit ebe2138).
"""

from __future__ import annotations

import math
import os
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nncore
from nncore import datasets, information, regularization, surfaces

CI = os.environ.get("CI", "").lower() == "true"  # deterministic examples in CI; explore locally
FAST = settings(max_examples=40, deadline=None, derandomize=CI, suppress_health_check=[HealthCheck.too_slow])
MODERATE = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
EDGE = np.array([-np.inf, -1e308, -1e3, -1.0, 0.0, 1.0, 1e3, 1e308, np.inf])


def arrays(elements=MODERATE, max_dims=2, max_side=6, min_side=0):
    return hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=max_dims, min_side=min_side,
                                                   max_side=max_side), elements=elements)


def call(fn, *args, **kwargs):
    """fn(*args) with every warning an error; a ValueError is returned (and must have a message), anything
    else propagates and fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return fn(*args, **kwargs)
        except ValueError as err:
            assert str(err).strip(), f"{fn.__name__}: ValueError without a message"
            return err


def finite(x) -> bool:
    return bool(np.all(np.isfinite(np.asarray(x, dtype=float))))


# ------------------------------------------------------------------------------------------ activations
ACTS = list(nncore.ACTIVATIONS)


@pytest.mark.parametrize("name", ACTS)
@FAST
@given(z=arrays())
def test_activation_moderate_inputs_are_finite(name, z):
    act = nncore.get_activation(name)
    for fn in (act.f, act.df):
        out = call(fn, z)
        assert not isinstance(out, ValueError), out
        assert np.shape(out) == z.shape and finite(out)




@pytest.mark.parametrize("name", ACTS)
def test_activation_edge_values_do_not_warn_or_invent_nan(name):
    act = nncore.get_activation(name)
    for fn in (act.f, act.df):
        out = call(fn, EDGE)
        if isinstance(out, ValueError):
            continue
        assert not np.any(np.isnan(out)), f"{name}: NaN from non-NaN input {EDGE} → {out}"




@pytest.mark.parametrize("name", ACTS)
def test_activation_nan_input_propagates_quietly(name):
    act = nncore.get_activation(name)
    z = np.array([np.nan, 0.5, -2.0])
    for fn in (act.f, act.df):
        out = call(fn, z)
        if isinstance(out, ValueError):
            continue
        assert np.all(np.isfinite(out[1:])), "NaN must stay where it was"


def test_unknown_activation_names_the_valid_ones():
    err = call(nncore.get_activation, "relu6")
    assert isinstance(err, ValueError) and "relu" in str(err) and "sigmoid" in str(err)


# ------------------------------------------------------------------------------------------ softmax family
@FAST
@given(z=arrays(st.floats(-1e4, 1e4), max_side=8, min_side=1),
       t=st.floats(1e-3, 1e3), shift=st.floats(-1e4, 1e4))
def test_softmax_is_a_distribution_and_shift_invariant(z, t, shift):
    p = call(nncore.softmax, z, temperature=t)
    assert finite(p) and np.all(p >= 0) and np.allclose(p.sum(axis=-1), 1.0)
    np.testing.assert_allclose(call(nncore.softmax, z + shift, temperature=t), p, atol=1e-9)
    log_p = call(nncore.log_softmax, z, temperature=t)
    assert finite(log_p) and np.all(log_p <= 1e-12)
    lse = call(nncore.logsumexp, z)
    assert finite(lse) and np.all(lse >= z.max(axis=-1) - 1e-9)


@pytest.mark.parametrize("t", [0.0, -1.0, float("nan"), float("inf"), -float("inf")])
def test_softmax_rejects_bad_temperature(t):
    assert isinstance(call(nncore.softmax, [1.0, 2.0], temperature=t), ValueError)


@pytest.mark.parametrize("z", [[np.nan, 1.0], [np.inf, 1.0], [[1.0, 2.0], [np.nan, 0.0]]])
def test_softmax_non_finite_logits_are_rejected_or_handled(z):
    out = call(nncore.softmax, z)
    assert isinstance(out, ValueError) or finite(out)


def test_softmax_empty_has_a_clear_message():
    err = call(nncore.softmax, [])
    assert isinstance(err, ValueError) and "empty" in str(err).lower()


@pytest.mark.parametrize("fn", [nncore.softmax, nncore.log_softmax, nncore.logsumexp])
def test_softmax_family_at_float_limits(fn):
    out = call(fn, [-1e308, 0.0, 1e308])
    assert isinstance(out, ValueError) or not np.any(np.isnan(out))
    out = call(nncore.softmax, [1.0, 2.0], temperature=1e-320)
    assert isinstance(out, ValueError) or finite(out)


# ------------------------------------------------------------------------------------------ losses
@pytest.mark.parametrize("name", ["mse", "bce"])
@FAST
@given(data=st.data())
def test_losses_on_probabilities(name, data):
    n = data.draw(st.integers(1, 6))
    p = data.draw(hnp.arrays(np.float64, (n, 1), elements=st.floats(0.0, 1.0)))  # 0 and 1 exactly included
    y = data.draw(hnp.arrays(np.float64, (n, 1), elements=st.sampled_from([0.0, 1.0])))
    loss = nncore.get_loss(name)
    value, grad = call(loss.value, p, y), call(loss.grad, p, y)
    assert finite(value) and value >= 0 and finite(grad) and np.shape(grad) == p.shape


@FAST
@given(z=arrays(st.floats(-1e6, 1e6), max_side=5, min_side=1, max_dims=1), data=st.data())
def test_losses_with_logits_are_finite(z, data):
    y = data.draw(hnp.arrays(np.float64, z.shape, elements=st.sampled_from([0.0, 1.0])))
    value, grad = call(nncore.bce_with_logits, z[:, None], y[:, None])
    assert finite(value) and value >= 0 and finite(grad)
    onehot = np.eye(z.size)[[0]]
    value, grad = call(nncore.cross_entropy_with_logits, z[None, :], onehot)
    assert finite(value) and value >= -1e-12 and finite(grad)


@pytest.mark.parametrize("name", list(nncore.LOSSES))
@pytest.mark.parametrize(("pred", "target"), [
    (np.array([[0.3, 0.2]]), np.array([[1.0]])),            # wrong shape
    (np.array([[np.nan]]), np.array([[1.0]])),              # NaN prediction
    (np.array([[0.5]]), np.array([[np.inf]])),              # inf target
])
def test_losses_reject_bad_input(name, pred, target):
    out = call(nncore.get_loss(name).value, pred, target)
    assert isinstance(out, ValueError), f"{name}({pred.tolist()}, {target.tolist()}) → {out}"


def test_losses_at_float_limits():
    big = np.array([[1e308]])
    for out in (call(nncore.get_loss("mse").value, big, -big),
                call(nncore.bce_with_logits, np.array([[1e308], [-1e308]]), np.array([[0.0], [1.0]])),
                call(nncore.cross_entropy_with_logits, np.array([[1e308, -1e308]]), np.array([[0.0, 1.0]])),
                call(nncore.get_loss("bce").value, big, np.array([[0.0]]))):
        assert isinstance(out, ValueError) or not np.any(np.isnan(np.asarray(out[0] if isinstance(out, tuple)
                                                                              else out, dtype=float)))


# ------------------------------------------------------------------------------------------ information
def probs(k_min=1, k_max=8):
    return st.lists(st.floats(0.0, 1.0), min_size=k_min, max_size=k_max).filter(lambda v: sum(v) > 1e-3).map(
        lambda v: np.asarray(v) / np.sum(v))


@FAST
@given(p=probs(), base=st.sampled_from([2.0, math.e, 10.0]), data=st.data())
def test_entropy_kl_cross_entropy_identities(p, base, data):
    q = data.draw(probs(p.size, p.size).filter(lambda q: np.all(q > 1e-12)))
    h = call(information.entropy, p, base=base)
    kl = call(information.kl_divergence, p, q, base=base)
    ce = call(information.cross_entropy_pq, p, q, base=base)
    assert finite([h, kl, ce])
    assert -1e-12 <= h <= math.log(p.size, base) + 1e-9
    assert kl >= -1e-12
    assert math.isclose(ce, h + kl, rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize(("fn", "args"), [
    (information.entropy, ([-0.5, 1.5],)),
    (information.entropy, ([np.nan, 1.0],)),
    (information.entropy, ([],)),
    (information.entropy, ([0.0, 0.0],)),
    (information.entropy, ([0.5, 0.5], 1.0)),
    (information.entropy, ([0.5, 0.5], 0.0)),
    (information.entropy, ([0.5, 0.5], -2.0)),
    (information.kl_divergence, ([0.5, 0.5], [1.0, 0.0, 0.0])),
    (information.cross_entropy_pq, ([0.5, 0.5], [np.inf, 0.0])),
    (information.self_information, ([-0.5],)),
    (information.normalize, ([0.0, 0.0],)),
    (information.normalize, ([-1.0, 2.0],)),
    (information.normalize, ([np.inf, 1.0],)),
])
def test_information_rejects_bad_distributions(fn, args):
    assert isinstance(call(fn, *args), ValueError)


def test_normalize_huge_weights():
    out = call(information.normalize, [1e308, 1e308])
    assert isinstance(out, ValueError) or np.allclose(out, 0.5)


# ------------------------------------------------------------------------------------------ regularization
@FAST
@given(w=arrays(), lam=st.floats(0.0, 10.0), lr=st.floats(0.0, 1.0))
def test_regularization_is_finite(w, lam, lr):
    assert finite(call(regularization.l1_penalty, [w], lam)) and finite(call(regularization.l2_penalty, [w], lam))
    assert finite(call(regularization.l1_grad, w, lam)) and finite(call(regularization.l2_grad, w, lam))
    assert finite(call(regularization.weight_decay_step, w, np.zeros_like(w), lr, lam))
    assert finite(call(regularization.soft_threshold, w, lam))


def test_negative_lambda_is_rejected():
    assert isinstance(call(regularization.l2_penalty, [np.ones(2)], -1.0), ValueError)
    assert isinstance(call(regularization.l1_penalty, [np.ones(2)], -1.0), ValueError)


@pytest.mark.parametrize(("fn", "args"), [
    (regularization.dropout_mask, ((3, 3), 1.0)),  # a drop rate of 1 drops everything: refused
    (regularization.dropout_mask, ((3, 3), -0.1)),
    (regularization.dropout_mask, ((3, 3), 2.0)),
    (regularization.dropout_mask, ((-3, 3), 0.5)),
    (regularization.apply_dropout, (np.ones((2, 2)), np.ones((2, 3)), 0.5)),
])
def test_regularization_rejects_bad_arguments(fn, args):
    assert isinstance(call(fn, *args), ValueError)


# ------------------------------------------------------------------------------------------ MLP
ACT_NAMES = ["sigmoid", "tanh", "relu", "leaky_relu", "linear", "elu", "softplus", "gelu", "swish"]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@settings(max_examples=30, deadline=None, derandomize=CI, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mlp_forward_backward_are_finite_with_matching_shapes(dtype, data):
    hidden = data.draw(st.lists(st.integers(1, 6), min_size=0, max_size=3))
    n_in, n_out = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 3))
    act = data.draw(st.sampled_from(ACT_NAMES))
    output, loss = data.draw(st.sampled_from([("sigmoid", "bce"), ("linear", "mse")]))
    net = nncore.MLP([n_in, *hidden, n_out], hidden=act, output=output, seed=data.draw(st.integers(0, 2**32 - 1)),
                     dtype=dtype)
    m = data.draw(st.integers(1, 8))
    X = data.draw(hnp.arrays(np.float64, (m, n_in), elements=st.floats(-1e3, 1e3)))
    Y = data.draw(hnp.arrays(np.float64, (m, n_out), elements=st.sampled_from([0.0, 1.0])))
    trace = call(net.forward, X)
    assert not isinstance(trace, ValueError), trace
    assert trace.A[-1].shape == (m, n_out) and all(finite(a) for a in trace.A)
    grads = call(net.backward, trace, Y, loss=loss)
    assert not isinstance(grads, ValueError), grads
    for dW, W, db, b in zip(grads.dW, net.weights, grads.db, net.biases):
        assert dW.shape == W.shape and db.shape == b.shape and finite(dW) and finite(db)
        assert dW.dtype == db.dtype == np.dtype(dtype)
    assert all(finite(g) for g in grads.dA + grads.dZ[1:])
    opt = nncore.make_optimizer("adam", 0.01)
    assert call(opt.step, net.params(), grads.params()) is None and all(finite(p) for p in net.params())


@pytest.mark.parametrize("sizes", [[], [2], [2, -1, 1], [2, 0, 1], [2, 2.5, 1], ["a", 1]])
def test_mlp_rejects_bad_layer_sizes(sizes):
    assert isinstance(call(nncore.MLP, sizes), ValueError)


@pytest.mark.parametrize("kwargs", [{"hidden": "nope"}, {"output": "nope"}, {"init": "nope"}])
def test_mlp_rejects_unknown_names(kwargs):
    assert isinstance(call(nncore.MLP, [2, 2, 1], **kwargs), ValueError)


def test_mlp_rejects_bad_data():
    net = nncore.MLP([2, 3, 1], seed=0)
    for X in (np.ones((4, 3)), np.array([[np.nan, 1.0]]), np.array([[np.inf, 1.0]])):
        assert isinstance(call(net.forward, X), ValueError)
    trace = net.forward(np.ones((4, 2)))
    assert isinstance(call(net.backward, trace, np.ones((4, 2))), ValueError)
    assert isinstance(call(net.backward, trace, np.ones((4, 1)), loss="nope"), ValueError)
    assert isinstance(call(net.backward, trace, np.full((4, 1), np.nan)), ValueError)


def test_mlp_has_a_size_limit():
    err = call(nncore.MLP, [2, 10**9, 1], init="zeros")
    assert isinstance(err, ValueError) and "too large" in str(err)


# ------------------------------------------------------------------------------------------ optimizers
OPTS = list(nncore.OPTIMIZERS)


@pytest.mark.parametrize("name", OPTS)
@FAST
@given(g=arrays(st.floats(-1e6, 1e6), max_dims=1, min_side=1), lr=st.floats(1e-6, 10.0),
       steps=st.integers(1, 5))
def test_optimizer_steps_are_finite(name, g, lr, steps):
    opt = nncore.make_optimizer(name, lr)
    params = [np.ones_like(g)]
    for _ in range(steps):
        assert call(opt.step, params, [g]) is None
    assert finite(params[0])


@pytest.mark.parametrize("name", OPTS)
@pytest.mark.parametrize("lr", [0.0, -1.0, float("nan"), float("inf")])
def test_optimizer_rejects_bad_learning_rates(name, lr):
    assert isinstance(call(nncore.make_optimizer, name, lr), ValueError)


@pytest.mark.parametrize("name", OPTS)
def test_optimizer_rejects_mismatched_gradients(name):
    opt = nncore.make_optimizer(name, 0.1)
    assert isinstance(call(opt.step, [np.ones(3)], [np.ones(4)]), ValueError)
    assert isinstance(call(opt.step, [np.ones(3)], []), ValueError)


@pytest.mark.parametrize("name", OPTS)
def test_optimizer_huge_gradient_does_not_warn(name):
    opt = nncore.make_optimizer(name, 0.1)
    params = [np.ones(3)]
    out = call(opt.step, params, [np.full(3, 1e308)])
    assert isinstance(out, ValueError) or not np.any(np.isnan(params[0]))


@pytest.mark.parametrize("name", OPTS)
def test_optimize_reports_divergence_without_warnings(name):
    path = call(nncore.optimize, lambda w: 1e10 * w, [1.0, 1.0], nncore.make_optimizer(name, 10.0), 200)
    assert not isinstance(path, ValueError) and isinstance(path.status, str)
    assert finite(path.points)


# ------------------------------------------------------------------------------------------ datasets
DATASET_NAMES = list(datasets.DATASETS)


@pytest.mark.parametrize("name", DATASET_NAMES)
@settings(max_examples=15, deadline=None, derandomize=CI, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(0, 400), noise=st.floats(0.0, 0.5), seed=st.integers(0, 2**32 - 1))
def test_dataset_generators(name, n, noise, seed):
    kw = {} if name == "linearly_separable" else {"noise": noise}  # the only generator without noise
    out = call(datasets.make, name, n, seed=seed, **kw)
    if isinstance(out, ValueError):
        assert n < 4, f"{name}(n={n}) refused: {out}"  # tiny sets may be refused, with a message
        return
    assert out.X.ndim == 2 and out.X.shape[0] == len(out.y) and finite(out.X) and finite(out.y)
    if out.task == "classification":
        assert set(np.unique(out.y)) <= set(range(out.n_classes))


@pytest.mark.parametrize("name", DATASET_NAMES)
@pytest.mark.parametrize("kwargs", [{"n_samples": -5}, {"n_samples": 10, "noise": float("nan")},
                                    {"n_samples": 10, "noise": -1.0}, {"n_samples": 10**9}])
def test_dataset_generators_reject_bad_arguments(name, kwargs):
    assert isinstance(call(datasets.make, name, **kwargs), ValueError)


@pytest.mark.parametrize(("fn", "args"), [
    (datasets.grid, ((-6.0, 6.0), 0)),
    (datasets.grid, ((-6.0, 6.0), -1)),
    (datasets.grid, ((np.nan, 1.0), 10)),
    (datasets.grid, ((-6.0, 6.0), 10**6)),
    (datasets.one_hot, ([-1, 0],)),
    (datasets.one_hot, ([0.5],)),
    (datasets.one_hot, ([3], 2)),
    (datasets.train_test_split, (np.ones((5, 2)), np.ones(5), 2.0)),
    (datasets.train_test_split, (np.ones((5, 2)), np.ones(4))),
    (datasets.validate_xy, (np.array([[np.nan, 1.0], [1.0, 2.0]]), np.array([0, 1]), "classification")),
    (datasets.make_features, (np.ones((3, 2)), ["nope"])),
    (datasets.beans, (-1,)),
    (datasets.beans, (10, float("inf"))),
])
def test_dataset_helpers_reject_bad_arguments(fn, args):
    assert isinstance(call(fn, *args), ValueError)


@FAST
@given(X=hnp.arrays(np.float64, st.tuples(st.integers(0, 20), st.just(2)), elements=st.floats(-6.0, 6.0)))
def test_features_in_the_playground_range_are_finite(X):
    out = call(datasets.make_features, X, list(datasets.FEATURES))
    assert finite(out) and out.shape == (X.shape[0], len(datasets.FEATURES))


# ------------------------------------------------------------------------------------------ surfaces
@pytest.mark.parametrize("name", list(surfaces.FUNCTIONS_1D))
@settings(max_examples=25, deadline=None, derandomize=CI, suppress_health_check=[HealthCheck.too_slow])
@given(lr=st.floats(1e-4, 1e3), data=st.data())
def test_descend_1d_never_warns(name, lr, data):
    fn = surfaces.get_function_1d(name)
    lo, hi = fn.domain
    lo, hi = max(lo, -1e3), min(hi, 1e3)
    if name == "log":
        lo = 1e-100  # below ~1e-154, a² underflows: see test_descend_log_near_zero
    a0 = data.draw(st.floats(lo, hi).filter(lambda a: lo < a < hi))
    out = call(surfaces.descend_1d, name, a0, lr, 100)
    if isinstance(out, ValueError):  # a start whose value is already past the divergence bound is refused
        assert "bound" in str(out), out
        return
    assert out.status in surfaces.DESCENT_STATUSES
    assert not np.any(np.isnan(out.a))


def test_descend_log_near_zero():
    out = call(surfaces.descend_1d, "log", 1e-308, 1.0, 100)
    assert isinstance(out, ValueError) or out.status in surfaces.DESCENT_STATUSES


@pytest.mark.parametrize("name", list(surfaces.FUNCTIONS_1D))
@pytest.mark.parametrize(("a0", "lr", "steps"), [(None, float("nan"), 10), (None, -1.0, 10), (float("inf"), 0.1, 10),
                                                 (float("nan"), 0.1, 10), (None, 0.1, -1)])
def test_descend_1d_rejects_bad_arguments(name, a0, lr, steps):
    assert isinstance(call(surfaces.descend_1d, name, a0, lr, steps), ValueError)


def _surface(name):
    if name == "logistic_loss":
        data = datasets.make("two_gaussians", 20, seed=0)
        return surfaces.logistic_loss(data.X, data.y)
    if name == "linear_mse":
        data = datasets.make("regress_plane", 20, seed=0)
        return surfaces.linear_mse(data.X[:, :1], data.y)
    return surfaces.SURFACES[name]()


@pytest.mark.parametrize("name", list(surfaces.SURFACES))
@settings(max_examples=25, deadline=None, derandomize=CI, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_surfaces_are_finite_near_their_bounds(name, data):
    s = _surface(name)
    (x0, x1), (y0, y1) = s.bounds
    w = np.array([data.draw(st.floats(x0 - 10 * abs(x0) - 1, x1 + 10 * abs(x1) + 1)),
                  data.draw(st.floats(y0 - 10 * abs(y0) - 1, y1 + 10 * abs(y1) + 1))])
    assert finite(call(s.f, w)) and finite(call(s.grad, w))
    assert isinstance(call(s.f, np.ones(3)), ValueError)


@pytest.mark.parametrize(("fn", "args"), [
    (surfaces.quadratic_bowl, (0.0,)), (surfaces.quadratic_bowl, (float("nan"),)),
    (surfaces.rosenbrock, (1.0, -1.0)),
    (surfaces.logistic_loss, (np.ones((3, 3)), np.ones(3))),
    (surfaces.linear_mse, (np.zeros((0, 1)), np.zeros(0))),
])
def test_surface_factories_reject_bad_arguments(fn, args):
    assert isinstance(call(fn, *args), ValueError)
