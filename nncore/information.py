"""Information theory of discrete distributions: self-information, entropy, cross-entropy, KL divergence.

``base`` is 2 (bits) or e (nats, the default). Conventions:

- 0 · log 0 = 0 (an impossible event contributes nothing);
- where q = 0 but p > 0, cross-entropy and KL are +inf (q says the event cannot happen, yet it does).

The identity H(p, q) = H(p) + KL(p‖q) holds to rounding error.
"""
from __future__ import annotations

import math

import numpy as np

from ._util import as_array

__all__ = ["self_information", "entropy", "cross_entropy_pq", "kl_divergence", "normalize"]


def _log_base(base: float) -> float:
    if base == "e":
        base = math.e
    b = float(base)
    if not np.isfinite(b) or b <= 0 or b == 1:
        raise ValueError(f"base must be 2 or e (a positive number other than 1), got {base}")
    return math.log(b)


def _distribution(p, name: str) -> np.ndarray:
    p = as_array(p, name, ndim=1)
    if p.size == 0:
        raise ValueError(f"{name} is empty")
    if np.any(p < 0):
        raise ValueError(f"{name} has negative probabilities")
    with np.errstate(over="ignore"):  # huge entries sum to inf, which the check below rejects
        total = float(np.sum(p))
    if abs(total - 1.0) > 1e-9:
        raise ValueError(f"{name} must sum to 1, sums to {total:.6g}")
    return p


def normalize(weights) -> np.ndarray:
    """Scale non-negative weights so they sum to 1 (what a slider panel of probabilities needs)."""
    w = as_array(weights, "weights", ndim=1)
    if w.size == 0 or np.any(w < 0) or not np.any(w > 0):
        raise ValueError("weights must be non-negative with a positive sum")
    w = w / np.max(w)  # scale first: the sum of huge weights would overflow
    return w / np.sum(w)


def _xlogy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """x · log y with 0 · log y = 0 (also for y = 0) and x · log 0 = −inf for x > 0; no warnings."""
    out = np.zeros(x.shape)
    pos = x > 0
    with np.errstate(divide="ignore"):
        out[pos] = x[pos] * np.log(y[pos])
    return out


def self_information(p, base: float = math.e) -> np.ndarray:
    """I(x) = −log p(x) for each probability (inf for p = 0: an impossible event is infinitely surprising)."""
    p = as_array(p, "p")
    if np.any((p < 0) | (p > 1)):
        raise ValueError("probabilities must lie in [0, 1]")
    with np.errstate(divide="ignore"):
        return -np.log(p) / _log_base(base)


def entropy(p, base: float = math.e) -> float:
    """H(p) = −Σ p log p, the expected self-information."""
    p = _distribution(p, "p")
    return float(-np.sum(_xlogy(p, p)) / _log_base(base))


def _two(p, q):
    p = _distribution(p, "p")
    q = _distribution(q, "q")
    if p.shape != q.shape:
        raise ValueError(f"p and q must have the same number of outcomes, got {p.size} and {q.size}")
    return p, q


def cross_entropy_pq(p, q, base: float = math.e) -> float:
    """H(p, q) = −Σ p log q: the average code length when events follow p but the code was built for q."""
    p, q = _two(p, q)
    return float(-np.sum(_xlogy(p, q)) / _log_base(base))


def kl_divergence(p, q, base: float = math.e) -> float:
    """KL(p‖q) = Σ p (log p − log q) ≥ 0, zero only when p = q; not symmetric in p and q."""
    p, q = _two(p, q)
    value = np.sum(_xlogy(p, p)) - np.sum(_xlogy(p, q))
    return float(value / _log_base(base))
