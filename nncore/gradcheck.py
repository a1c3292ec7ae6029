"""Gradient checking: compare backprop's gradient with central differences, parameter by parameter.

numeric ∂J/∂θ ≈ (J(θ + h) − J(θ − h)) / 2h (the textbook central difference); ``order=4`` uses the five-point
stencil (J(θ−2h) − 8J(θ−h) + 8J(θ+h) − J(θ+2h)) / 12h, whose error is small enough to check gradients to 1e-6
relative even where they are tiny. relative error = |a − n| / max(|a| + |n|, 1e-8). An entry passes when its relative error is below ``tol``
(1e-6) or, for gradients that are zero up to rounding, when |a − n| < ``atol`` (1e-9).
A correct backward pass gives relative errors around 1e-8 or smaller; a wrong one, errors near 1.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .losses import get_loss
from .mlp import MLP, Gradients

__all__ = ["GradCheck", "gradient_check", "relative_error", "numeric_gradient"]


def relative_error(analytic, numeric) -> np.ndarray:
    """|a − n| / max(|a| + |n|, 1e-8), elementwise (the floor keeps two near-zero values from failing).

    Both must be finite (a ValueError otherwise: the relative error of inf or NaN means nothing). Values whose
    |a| + |n| exceeds float64 give the same ratio, computed from a/2 and n/2.
    """
    a = np.asarray(analytic, dtype=np.float64)
    n = np.asarray(numeric, dtype=np.float64)
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(n))):
        raise ValueError("relative_error needs finite gradients: the analytic or numeric one holds inf or NaN")
    with np.errstate(over="ignore"):
        total = np.abs(a) + np.abs(n)
    if np.any(np.isinf(total)):  # beyond 1.8e308: halve everything (and the floor), the ratio stays the same
        a, n = a / 2, n / 2
        return np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), 0.5e-8)
    return np.abs(a - n) / np.maximum(total, 1e-8)


def numeric_gradient(f, x: np.ndarray, h: float = 1e-5, order: int = 2) -> np.ndarray:
    """Central differences of the scalar function ``f()`` with respect to every entry of the array ``x``
    (``x`` is perturbed in place and restored); ``order`` 2 (two points) or 4 (five-point stencil)."""
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        def at(delta):
            x[i] = old + delta
            return f()
        if order == 4:
            grad[i] = (at(-2 * h) - 8 * at(-h) + 8 * at(h) - at(2 * h)) / (12 * h)
        else:
            grad[i] = (at(h) - at(-h)) / (2 * h)
        x[i] = old
    return grad


@dataclass
class GradCheck:
    """One row per parameter entry: ``names`` ("W1[0,1]"), ``analytic``, ``numeric``, ``rel_error`` arrays."""

    names: list
    analytic: np.ndarray
    numeric: np.ndarray
    rel_error: np.ndarray
    tol: float
    atol: float = 1e-9

    @property
    def abs_error(self) -> np.ndarray:
        return np.abs(self.analytic - self.numeric)

    @property
    def ok(self) -> np.ndarray:
        """Per-entry pass/fail: relative error below ``tol``, or absolute error below ``atol``."""
        return (self.rel_error < self.tol) | (self.abs_error < self.atol)

    @property
    def max_rel_error(self) -> float:
        """The largest relative error among entries that are not zero up to rounding."""
        rel = np.where(self.abs_error < self.atol, 0.0, self.rel_error)
        return float(np.max(rel)) if rel.size else 0.0

    @property
    def n_failed(self) -> int:
        """How many entries fail the check."""
        return int(np.sum(~self.ok))

    @property
    def passed(self) -> bool:
        return bool(np.all(self.ok))


def gradient_check(net: MLP, X, Y, loss: str = "bce", l1: float = 0.0, l2: float = 0.0,
                   grads: Gradients | None = None, h: float = 1e-4, tol: float = 1e-6,
                   order: int = 4) -> GradCheck:
    """Check ``grads`` (default: ``net.backward`` on (X, Y)) against central differences of the objective.

    Pass deliberately wrong ``grads`` (e.g. from ``backward(..., ignore_activation_derivative=True)``) to see a
    failing check. Dropout is not used (the objective must be deterministic). ``l1`` > 0 is only differentiable
    away from w = 0. A float32 network is checked as its float64 copy (its weights widened exactly).
    """
    loss = get_loss(loss).name
    if net.dtype != np.float64:  # central differences need float64: check the same network, widened (exactly)
        net = net.astype(np.float64)
    X = net._check_X(X)
    Y = net._check_Y(Y, X.shape[0])
    if grads is None:
        grads = net.backward(net._forward(X), Y, loss, l1=l1, l2=l2)

    def objective() -> float:
        return net.cost(net._forward(X), Y, loss) + net.penalty(l1, l2)

    names, analytic, numeric = [], [], []
    for name, p, g in zip(net.param_names(), net.params(), grads.params()):
        num = numeric_gradient(objective, p, h, order)
        for idx in np.ndindex(p.shape):
            names.append(f"{name}[{','.join(map(str, idx))}]")
        analytic.append(np.asarray(g).ravel())
        numeric.append(num.ravel())
    a = np.concatenate(analytic)
    n = np.concatenate(numeric)
    return GradCheck(names, a, n, relative_error(a, n), tol)
