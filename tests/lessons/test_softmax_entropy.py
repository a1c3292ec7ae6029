"""nncore.lessons.softmax_entropy: the numbers the Softmax & entropy page states."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nncore
from nncore.lessons import softmax_entropy as lab

logit_lists = st.lists(st.floats(-10, 10, allow_nan=False), min_size=2, max_size=6)


def test_softmax_steps_small_logits_naive_equals_stable():
    s = lab.softmax_steps([2.0, 1.0, 0.1])
    assert s.naive_ok
    np.testing.assert_allclose(s.naive, s.probs, rtol=1e-15)
    np.testing.assert_allclose(s.probs, np.exp([2, 1, 0.1]) / np.exp([2, 1, 0.1]).sum())
    assert s.max == 2.0 and s.shifted_exp.max() == 1.0
    assert s.lse == pytest.approx(math.log(np.exp([2, 1, 0.1]).sum()))
    np.testing.assert_allclose(s.log_probs, np.log(s.probs))


@pytest.mark.parametrize("offset", [1000.0, -1000.0])
def test_naive_breaks_at_large_logits_stable_is_right(offset):
    s = lab.softmax_steps([2.0, 1.0, 0.1], offset=offset)
    assert not s.naive_ok and np.isnan(s.naive).all()
    assert (np.isinf(s.naive_exp).all() and s.naive_sum == math.inf) if offset > 0 else s.naive_sum == 0.0
    np.testing.assert_allclose(s.probs, nncore.softmax([2.0, 1.0, 0.1]), rtol=1e-12)
    assert s.total == pytest.approx(1.0) and np.isfinite(s.shifted_exp).all()
    assert s.lse == pytest.approx(offset + math.log(np.exp([2, 1, 0.1]).sum()))


def test_temperature_divides_the_logits_and_rejects_bad_values():
    s = lab.softmax_steps([2.0, 1.0], temperature=0.5)
    np.testing.assert_allclose(s.scaled, [4.0, 2.0])
    for bad in (0.0, -1.0, math.nan):
        with pytest.raises(ValueError):
            lab.softmax_steps([1.0, 2.0], temperature=bad)


def test_temperature_limits():
    z = [1.0, 3.0, 2.0, -1.0]
    path = lab.temperature_path(z, [0.01, 1.0, 1e4])
    np.testing.assert_allclose(path.probs[0], [0, 1, 0, 0], atol=1e-40)  # T → 0: argmax
    np.testing.assert_allclose(path.probs[0], path.argmax, atol=1e-40)
    np.testing.assert_allclose(path.probs[2], path.uniform, atol=1e-3)  # T → ∞: uniform 1/k
    np.testing.assert_allclose(path.uniform, 0.25)
    np.testing.assert_allclose(path.probs[1], nncore.softmax(z))
    # ties share the argmax limit
    np.testing.assert_allclose(lab.temperature_path([2.0, 2.0, 0.0], [1e-3]).argmax, [0.5, 0.5, 0])


@settings(max_examples=60, deadline=None)
@given(logit_lists, st.floats(-500, 500, allow_nan=False))
def test_shift_invariance(z, c):
    a, b, diff = lab.shift_check(z, c)
    np.testing.assert_allclose(a, b, atol=1e-12)
    assert diff <= 1e-12


def test_smoothed_target():
    np.testing.assert_allclose(lab.smoothed_target(4, 2), [0, 0, 1, 0])
    y = lab.smoothed_target(4, 0, 0.2)
    np.testing.assert_allclose(y, [0.85, 0.05, 0.05, 0.05])
    assert y.sum() == pytest.approx(1.0)
    with pytest.raises(ValueError):
        lab.smoothed_target(3, 3)


def test_cross_entropy_view_loss_is_minus_log_p_and_gradient_is_p_minus_y():
    z = np.array([2.0, 1.0, 0.1])
    v = lab.cross_entropy_view(z, [1.0, 0.0, 0.0])
    p = nncore.softmax(z)
    assert v.loss == pytest.approx(-math.log(p[0]))  # 0.4170
    assert v.loss == pytest.approx(0.41703, abs=1e-5)
    np.testing.assert_allclose(v.grad, p - [1, 0, 0])
    assert v.grad.sum() == pytest.approx(0.0, abs=1e-15)
    np.testing.assert_allclose(v.terms, [v.loss, 0, 0])
    soft = lab.smoothed_target(3, 0, 0.3)
    w = lab.cross_entropy_view(z, soft)
    assert w.terms.sum() == pytest.approx(w.loss)
    assert w.loss == pytest.approx(nncore.cross_entropy_pq(soft, p))
    np.testing.assert_allclose(w.grad, p - soft)


def test_nll_curve_is_self_information():
    p, nll = lab.nll_curve(50)
    assert p[0] == 1e-3 and p[-1] == 1.0 and nll[-1] == 0.0
    np.testing.assert_allclose(nll, -np.log(p))


def test_sigmoid_losses_match_nncore_losses():
    z = np.linspace(-8, 8, 33)
    for y in (0.0, 1.0):
        s = lab.sigmoid_losses(z, y)
        yy = np.full((z.size, 1), y)
        np.testing.assert_allclose(s.mse, 0.5 * nncore.LOSSES["mse"].per_example(s.sigma[:, None], yy))
        np.testing.assert_allclose(s.ce, nncore.LOSSES["bce"].per_example(s.sigma[:, None], yy), rtol=1e-9,
                                   atol=1e-12)
        for i in (0, 10, 32):
            value, grad = nncore.bce_with_logits([z[i]], [y])
            assert s.ce[i] == pytest.approx(value) and s.ce_grad[i] == pytest.approx(grad[0, 0])
        # chain rule: dMSE/dz = (σ − y)·σ′
        np.testing.assert_allclose(s.mse_grad, (s.sigma - y) * nncore.ACTIVATIONS["sigmoid"].df(z))


def test_mse_gradient_vanishes_on_the_wrong_saturated_side_ce_does_not():
    s = lab.sigmoid_losses(np.array([-8.0, 0.0, 8.0]), 1.0)
    # z = −8, y = 1: the prediction σ = 0.0003 is completely wrong
    assert abs(s.mse_grad[0]) < 1e-3
    assert s.ce_grad[0] == pytest.approx(-0.99966, abs=1e-5)
    assert s.wrong_saturated.tolist() == [True, False, False]
    assert s.mse[0] > s.mse[2] and s.ce[0] > 7.9
    s0 = lab.sigmoid_losses(np.array([8.0]), 0.0)
    assert s0.wrong_saturated[0] and abs(s0.mse_grad[0]) < 1e-3 and s0.ce_grad[0] > 0.999
    with pytest.raises(ValueError):
        lab.sigmoid_losses([0.0], 0.5)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.01, 10), min_size=2, max_size=6), st.data(), st.sampled_from([2.0, math.e]))
def test_cross_entropy_is_entropy_plus_kl(pw, data, base):
    qw = data.draw(st.lists(st.floats(0.01, 10), min_size=len(pw), max_size=len(pw)))
    info = lab.information(pw, qw, base)
    assert info.ce_pq == pytest.approx(info.h_p + info.kl_pq, rel=1e-9, abs=1e-12)
    assert info.ce_qp == pytest.approx(info.h_q + info.kl_qp, rel=1e-9, abs=1e-12)
    assert info.kl_pq >= -1e-12 and info.kl_qp >= -1e-12
    np.testing.assert_allclose(info.p, np.asarray(pw) / np.sum(pw))
    assert info.h_p == pytest.approx(float(np.sum(info.p * info.info_p)))


def test_information_units_asymmetry_and_infinity():
    info = lab.information([1, 1], [1, 3], base=2)
    assert info.h_p == pytest.approx(1.0)  # a fair coin: 1 bit
    nats = lab.information([1, 1], [1, 3], base=math.e)
    assert nats.h_p == pytest.approx(math.log(2))
    assert info.kl_pq != pytest.approx(info.kl_qp)  # KL is not symmetric
    assert info.kl_pq == pytest.approx(0.5 * math.log2(0.5 / 0.25) + 0.5 * math.log2(0.5 / 0.75))
    miss = lab.information([1, 1, 1], [1, 1, 0], base=2)
    assert miss.kl_pq == math.inf and miss.ce_pq == math.inf and math.isfinite(miss.kl_qp)
    assert miss.info_q[2] == math.inf
    with pytest.raises(ValueError):
        lab.information([0, 0], [1, 1])


def test_classifier_reaches_high_accuracy_on_separable_blobs():
    clf = lab.train_classifier("blobs", n_classes=3, noise=0.0, hidden=0, epochs=200, resolution=30)
    assert clf.final_accuracy >= 0.97
    assert clf.probs.shape == (30, 30, 3) and clf.regions.shape == (30, 30)
    np.testing.assert_allclose(clf.probs.sum(axis=2), 1.0)
    assert clf.loss[-1] < clf.loss[0] and clf.epochs[-1] == 200 and clf.diverged_epoch is None
    # the regions are the argmax of the probabilities, the probabilities are the network's softmax output
    np.testing.assert_array_equal(clf.regions, np.argmax(clf.probs, axis=2))
    assert clf.xs[0] == -6.0 and clf.xs[-1] == 6.0 and clf.ys[0] == -6.0


def test_mlp_classifier_learns_a_spiral_better_than_softmax_regression():
    linear = lab.train_classifier("spiral_k", n_classes=3, hidden=0, epochs=300, resolution=10)
    mlp = lab.train_classifier("spiral_k", n_classes=3, hidden=24, epochs=1000, learning_rate=0.03, resolution=10)
    assert mlp.final_accuracy > linear.final_accuracy + 0.2


# ------------------------------------------------------------------------------------------ the worked numbers
def test_worked_example_fair_coin_cross_entropy_is_1_2075_bits():
    """The page's worked example: p = (½, ½), q = (¼, ¾): H(p, q) = 1.2075 = H(p) 1 + KL(p‖q) 0.2075 bits."""
    info = lab.information([1, 1], [1, 3], base=2)
    assert f"{info.ce_pq:.4f}" == "1.2075" and f"{info.h_p:.4f}" == "1.0000" and f"{info.kl_pq:.4f}" == "0.2075"
    assert info.ce_pq == pytest.approx(0.5 * math.log2(4) + 0.5 * math.log2(4 / 3), rel=1e-15)
    assert info.ce_pq == pytest.approx(info.h_p + info.kl_pq, rel=1e-15)
    assert f"{info.kl_qp:.4f}" == "0.1887" and info.larger_kl == "pq"


def test_worked_example_saturated_sigmoid_gradients():
    """y = 1, z = −8: squared error's gradient −0.0003, log loss's −0.9997 (what the page shows, 4 decimals)."""
    s = lab.sigmoid_losses(np.array([-8.0]), 1.0)
    assert f"{s.mse_grad[0]:.4f}" == "-0.0003" and f"{s.ce_grad[0]:.4f}" == "-0.9997"
    sigma = 1 / (1 + math.exp(8))
    assert s.mse_grad[0] == pytest.approx((sigma - 1) * sigma * (1 - sigma), rel=1e-12)
    assert s.ce_grad[0] == pytest.approx(sigma - 1, rel=1e-12)


def test_worked_example_naive_softmax_is_nan_at_1000():
    s = lab.softmax_steps([2.0, 1.0, 0.1, -1.0], offset=1000.0)  # the page's default logits and offset
    assert np.isnan(s.naive).all() and not s.naive_ok and math.isnan(s.naive_total)
    assert s.naive_exp[0] == math.inf  # e^1002 overflows (float64 ends near e^709.78)
    np.testing.assert_allclose(s.probs, nncore.softmax([2.0, 1.0, 0.1, -1.0]), rtol=1e-12)
    assert s.shifted_exp[0] == 1.0 and s.top == 0


def test_top_used_classes_and_distributions():
    assert lab.softmax_steps([0.0, 3.0, 1.0]).top == 1
    assert lab.softmax_steps([5.0, 5.0]).top == 0  # a tie: the first
    assert lab.cross_entropy_view([1.0, 2.0, 0.0], [0.0, 0.0, 1.0]).used == (2,)
    assert lab.cross_entropy_view([1.0, 2.0, 0.0], lab.smoothed_target(3, 0, 0.3)).used == (0, 1, 2)
    assert lab.is_distribution([0, 0, 1]) and not lab.is_distribution([0, 0]) and not lab.is_distribution([])
    assert not lab.is_distribution([-1, 2])
    assert lab.information([1, 2], [1, 2]).larger_kl == "equal"
    assert lab.information([1, 1], [9, 1]).larger_kl == "pq"
    assert lab.information([9, 1], [1, 1]).larger_kl == "qp"


def test_gradient_of_the_true_class_is_p_minus_one():
    v = lab.cross_entropy_view([1.0, 2.0, 0.0], lab.smoothed_target(3, 0))
    p = np.exp([1.0, 2.0, 0.0]) / np.exp([1.0, 2.0, 0.0]).sum()
    assert v.grad[0] == pytest.approx(p[0] - 1, rel=1e-12) and f"{v.grad[0]:.4f}" == "-0.7553"
    # central differences of the loss agree with p − y
    h = 1e-6
    for k in range(3):
        e = np.eye(3)[k] * h
        up = lab.cross_entropy_view(np.array([1.0, 2.0, 0.0]) + e, v.target).loss
        down = lab.cross_entropy_view(np.array([1.0, 2.0, 0.0]) - e, v.target).loss
        assert (up - down) / (2 * h) == pytest.approx(v.grad[k], abs=1e-8)
