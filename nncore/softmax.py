"""Softmax, log-softmax and log-sum-exp, stable for any finite logits (shift by the maximum first)."""
from __future__ import annotations

import numpy as np

from ._util import as_array

__all__ = ["softmax", "log_softmax", "logsumexp", "naive_softmax"]


def _check_temperature(temperature: float) -> float:
    t = float(temperature)
    if not np.isfinite(t) or t <= 0:
        raise ValueError(f"temperature must be a positive finite number, got {temperature}")
    return t


def _logits(z, temperature: float = 1.0) -> np.ndarray:
    z = as_array(z, "logits")
    if z.size == 0:
        raise ValueError("logits are empty: give at least one class score")
    with np.errstate(over="ignore"):
        z = z / temperature
    if not np.all(np.isfinite(z)):
        raise ValueError(f"logits / temperature overflow float64 (temperature {temperature:g} is too small "
                         "for these logits)")
    return z


def _shifted(z: np.ndarray, axis: int) -> np.ndarray:
    """z − max z. Entries more than ~1.8e308 below the max underflow to −inf, whose exp is exactly 0."""
    with np.errstate(over="ignore"):
        return z - np.max(z, axis=axis, keepdims=True)


def logsumexp(z, axis: int = -1, keepdims: bool = False) -> np.ndarray:
    """log Σ_k e^{z_k} = m + log Σ_k e^{z_k − m} with m = max_k z_k, so no exp ever overflows."""
    z = _logits(z)
    m = np.max(z, axis=axis, keepdims=True)
    out = m + np.log(np.sum(np.exp(_shifted(z, axis)), axis=axis, keepdims=True))
    return out if keepdims else np.squeeze(out, axis=axis)


def softmax(z, temperature: float = 1.0, axis: int = -1) -> np.ndarray:
    """softmax(z / T)_k = e^{z_k/T} / Σ_j e^{z_j/T}, computed after subtracting the max (shift-invariant).

    As T → 0 the result tends to the one-hot argmax; as T → ∞ to the uniform distribution.
    ``temperature`` must be > 0 (``ValueError`` otherwise). Shape is preserved; rows sum to 1 along ``axis``.
    """
    z = _logits(z, _check_temperature(temperature))
    e = np.exp(_shifted(z, axis))
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(z, temperature: float = 1.0, axis: int = -1) -> np.ndarray:
    """log softmax(z/T) = z/T − logsumexp(z/T): exact where log(softmax) would give log 0 = −inf."""
    z = _logits(z, _check_temperature(temperature))
    with np.errstate(over="ignore"):  # a class ~1e308 below the best has log-probability −inf, exactly
        return z - logsumexp(z, axis=axis, keepdims=True)


def naive_softmax(z, axis: int = -1) -> tuple[np.ndarray, bool]:
    """The textbook e^{z_k} / Σ e^{z_j} *without* the max shift — for showing why the shift matters.

    Returns ``(values, ok)``: with logits like 1000, e^1000 overflows to inf and inf/inf gives NaN; ``ok`` is
    False then. Computed under ``np.errstate`` so no warning escapes.
    """
    z = as_array(z, "logits")
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        e = np.exp(z)
        values = e / np.sum(e, axis=axis, keepdims=True)
    return values, bool(np.all(np.isfinite(values)))
