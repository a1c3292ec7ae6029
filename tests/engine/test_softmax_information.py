"""Softmax family, losses and information: the identities the lessons state."""
import math

import numpy as np
import pytest

import nncore


def test_softmax_sums_to_one_and_is_shift_invariant():
    z = np.array([[1.0, 2.0, 3.0], [-5.0, 0.0, 5.0]])
    p = nncore.softmax(z)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(nncore.softmax(z + 1000.0), p, atol=1e-15)
    np.testing.assert_allclose(p[0], np.exp([1, 2, 3]) / np.exp([1, 2, 3]).sum())


def test_softmax_finite_at_plus_minus_1e3_while_naive_breaks():
    z = np.array([1000.0, 999.0, -1000.0])
    p = nncore.softmax(z)
    assert np.all(np.isfinite(p))
    np.testing.assert_allclose(p[:2], [1 / (1 + math.exp(-1)), math.exp(-1) / (1 + math.exp(-1))])
    naive, ok = nncore.naive_softmax(z)
    assert not ok and np.isnan(naive).any()
    np.testing.assert_allclose(nncore.log_softmax(z)[2], -2000.0 - math.log1p(math.exp(-1)))
    assert nncore.logsumexp(z) == pytest.approx(1000.0 + math.log1p(math.exp(-1)))


def test_temperature_limits_and_validation():
    z = np.array([1.0, 3.0, 2.0])
    np.testing.assert_allclose(nncore.softmax(z, temperature=1e-4), [0, 1, 0], atol=1e-12)
    np.testing.assert_allclose(nncore.softmax(z, temperature=1e6), [1 / 3] * 3, atol=1e-5)
    for bad in (0, -1, float("nan")):
        with pytest.raises(ValueError, match="temperature"):
            nncore.softmax(z, temperature=bad)


def test_cross_entropy_is_entropy_plus_kl():
    rng = np.random.default_rng(1)
    for base in (2, math.e):
        for _ in range(50):
            p = rng.dirichlet(np.ones(5))
            q = rng.dirichlet(np.ones(5))
            h, kl = nncore.entropy(p, base), nncore.kl_divergence(p, q, base)
            assert abs(nncore.cross_entropy_pq(p, q, base) - (h + kl)) < 1e-12
            assert kl >= 0


def test_information_conventions():
    assert nncore.entropy([0.5, 0.5], base=2) == pytest.approx(1.0)
    assert nncore.entropy([1.0, 0.0]) == 0.0  # 0 log 0 = 0
    assert nncore.kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert nncore.cross_entropy_pq([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert nncore.kl_divergence([1.0, 0.0], [0.5, 0.5], base=2) == pytest.approx(1.0)
    np.testing.assert_allclose(nncore.self_information([0.5, 0.25, 1.0], base=2), [1, 2, 0])
    with pytest.raises(ValueError, match="sum to 1"):
        nncore.entropy([0.5, 0.4])


@pytest.mark.parametrize("name", ["mse", "bce", "cross_entropy"])
def test_loss_gradients_match_central_differences(name):
    rng = np.random.default_rng(0)
    loss = nncore.LOSSES[name]
    if name == "cross_entropy":
        y_pred = nncore.softmax(rng.normal(size=(4, 3)))
        y = np.eye(3)[[0, 2, 1, 1]]
    else:
        y_pred = rng.uniform(0.1, 0.9, size=(4, 2))
        y = rng.integers(0, 2, size=(4, 2)).astype(float)
    grad = loss.grad(y_pred, y)
    num = nncore.numeric_gradient(lambda: loss.value(y_pred, y), y_pred, h=1e-6)
    np.testing.assert_allclose(grad, num, rtol=1e-6, atol=1e-9)


def test_losses_match_the_seed_formulas():
    y_hat, y = np.array([0.73]), np.array([1.0])
    assert nncore.LOSSES["bce"].value(y_hat, y) == pytest.approx(-math.log(0.73))
    assert nncore.LOSSES["mse"].value([[1.0, 3.0]], [[0.0, 1.0]]) == pytest.approx(2.5)
    value, g = nncore.bce_with_logits([[1000.0], [-1000.0]], [[0.0], [1.0]])
    assert value == pytest.approx(1000.0) and np.all(np.isfinite(g))
    v2, g2 = nncore.cross_entropy_with_logits([[2.0, 1.0, 0.1]], [[1.0, 0.0, 0.0]])
    assert v2 == pytest.approx(-math.log(nncore.softmax([2.0, 1.0, 0.1])[0]))
    np.testing.assert_allclose(g2, nncore.softmax([[2.0, 1.0, 0.1]]) - [[1, 0, 0]])


def test_loss_shape_mismatch_names_shapes():
    with pytest.raises(ValueError, match=r"\(3, 1\).*\(2, 1\)"):
        nncore.LOSSES["mse"].value(np.zeros(3), np.zeros(2))
