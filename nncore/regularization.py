"""Regularisation: penalties on the weights, weight decay and dropout (objective = cost + penalty, Article 2).

- L2: penalty λ/2 · Σ w², gradient λ·w. One SGD step on cost + L2 penalty is *weight decay*:
  w ← w − η(∂L/∂w + λw) = w(1 − ηλ) − η ∂L/∂w.
- L1: penalty λ · Σ |w|, (sub)gradient λ·sign(w) (0 at w = 0). Its proximal step (soft thresholding)
  sets small weights to exactly zero, which is why L1 gives sparse weights.
- Dropout with drop rate p (as in Keras and PyTorch): each unit is switched off with probability p and kept with
  probability 1 − p. *Inverted* dropout scales kept units by 1/(1 − p) during training so nothing changes at test
  time; the *classic* form (Article 2) leaves training outputs unscaled and multiplies every output by 1 − p at
  test time (the article writes "× p" because its p = 0.5). Both keep the expected output equal to the test output.
Biases are never penalised.
"""
from __future__ import annotations

import numpy as np

from ._util import as_array, as_rng, non_negative

__all__ = ["l1_penalty", "l2_penalty", "l1_grad", "l2_grad", "weight_decay_step", "l2_gradient_step",
           "soft_threshold", "dropout_mask", "apply_dropout"]


def _strength(lam: float) -> float:
    return non_negative(lam, "regularization strength λ")


def _rate(learning_rate: float) -> float:
    return non_negative(learning_rate, "learning rate η")


def _finite_step(w: np.ndarray) -> np.ndarray:
    """The stepped weights, or a ValueError if float64 overflowed (computed under ``np.errstate``)."""
    if not np.all(np.isfinite(w)):
        raise ValueError("the step overflows float64: the weights, gradient, η or λ are too large")
    return w


def _penalty_sum(arrays, lam: float, squared: bool) -> float:
    """λ · Σ w² (``squared``) or λ · Σ |w| over the arrays. λ = 0 gives 0. When the sum exceeds float64 (|w| above
    ~1e154 for w²) it is taken from w / s with s = max |w|: λ · s² · Σ (w / s)² — inf only when the penalty is."""
    term = np.square if squared else np.abs
    ws = [as_array(w, "weights") for w in arrays]
    with np.errstate(over="ignore"):
        total = sum(float(np.sum(term(w))) for w in ws)
    if np.isfinite(total):
        return lam * total
    if lam == 0.0:
        return 0.0
    s = max(float(np.max(np.abs(w), initial=0.0)) for w in ws)
    factor = lam * s * s if squared else lam * s  # Python floats: an overflow gives inf, never a warning
    return factor * sum(float(np.sum(term(w / s))) for w in ws)


def l2_penalty(weights, lam: float) -> float:
    """λ/2 · Σ w² over a list of weight arrays (or one array); 0 for λ = 0, inf when it exceeds float64."""
    arrays = weights if isinstance(weights, (list, tuple)) else [weights]
    return _penalty_sum(arrays, 0.5 * _strength(lam), True)


def l1_penalty(weights, lam: float) -> float:
    """λ · Σ |w| over a list of weight arrays (or one array); 0 for λ = 0, inf when it exceeds float64."""
    arrays = weights if isinstance(weights, (list, tuple)) else [weights]
    return _penalty_sum(arrays, _strength(lam), False)


def l2_grad(w, lam: float) -> np.ndarray:
    """∂(λ/2 Σ w²)/∂w = λ w (±inf where λw exceeds float64)."""
    lam = _strength(lam)
    w = as_array(w, "weights")
    with np.errstate(over="ignore"):
        return lam * w


def l1_grad(w, lam: float) -> np.ndarray:
    """A subgradient of λ Σ |w|: λ sign(w) (0 at w = 0)."""
    return _strength(lam) * np.sign(as_array(w, "weights"))


def weight_decay_step(w, grad_loss, learning_rate: float, lam: float) -> np.ndarray:
    """w(1 − ηλ) − η ∂L/∂w: shrink the weight by a constant factor, then take the plain gradient step.
    η, λ ≥ 0; a step that overflows float64 raises a ValueError."""
    learning_rate, lam = _rate(learning_rate), _strength(lam)
    w = as_array(w, "weights")
    g = as_array(grad_loss, "gradient")
    with np.errstate(over="ignore", invalid="ignore"):
        return _finite_step(w * (1.0 - learning_rate * lam) - learning_rate * g)


def l2_gradient_step(w, grad_loss, learning_rate: float, lam: float) -> np.ndarray:
    """w − η(∂L/∂w + λw): the SGD step on loss + λ/2‖w‖² (equal to :func:`weight_decay_step`).
    η, λ ≥ 0; a step that overflows float64 raises a ValueError."""
    learning_rate, lam = _rate(learning_rate), _strength(lam)
    w = as_array(w, "weights")
    g = as_array(grad_loss, "gradient")
    with np.errstate(over="ignore", invalid="ignore"):
        return _finite_step(w - learning_rate * (g + lam * w))


def soft_threshold(w, threshold: float) -> np.ndarray:
    """sign(w) · max(|w| − t, 0) with t ≥ 0: the L1 proximal step; every |w| ≤ t becomes exactly 0."""
    w = as_array(w, "weights")
    return np.sign(w) * np.maximum(np.abs(w) - non_negative(threshold, "threshold t"), 0.0)


def dropout_mask(shape, rate: float, seed=0) -> np.ndarray:
    """A 0/1 mask of ``shape`` where each entry is 0 (dropped) with probability ``rate`` and 1 (kept) with
    probability 1 − rate."""
    p = float(rate)
    if not (0.0 <= p < 1.0):
        raise ValueError(f"drop rate must be in [0, 1), got {rate}")
    return (as_rng(seed).random(shape) < 1.0 - p).astype(np.float64)


def apply_dropout(a, mask, rate: float, mode: str = "inverted", train: bool = True) -> np.ndarray:
    """Dropout with drop rate p on activations ``a`` with ``mask``; q = 1 − p is the keep probability.

    train, inverted: a ⊙ mask / q;  train, classic: a ⊙ mask;  test, inverted: a;  test, classic: q · a.
    """
    a = as_array(a, "activations")
    p = float(rate)
    if not (0.0 <= p < 1.0):
        raise ValueError(f"drop rate must be in [0, 1), got {rate}")
    if mode not in ("inverted", "classic"):
        raise ValueError(f"mode must be 'inverted' or 'classic', got {mode!r}")
    keep = 1.0 - p
    if train:
        return a * mask / keep if mode == "inverted" else a * mask
    return a if mode == "inverted" else a * keep
