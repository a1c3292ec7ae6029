"""Losses (per example) and costs (their mean), each with its gradient.

Every loss here returns the **cost**: the mean over examples, which is what gradient descent minimises.
``grad(y_pred, y)`` is ∂cost/∂y_pred, of the same shape as ``y_pred``.

- ``mse``: mean over all entries of (ŷ − y)² (the seeds' mean squared error).
- ``bce``: binary log loss −[y log ŷ + (1 − y) log(1 − ŷ)], mean over all entries; ŷ is clipped to
  [eps, 1 − eps] with eps the float64 machine epsilon. ``bce_with_logits`` takes the logit z instead of ŷ = σ(z)
  and is exact for any z (log σ(z) = −softplus(−z)).
- ``cross_entropy``: softmax cross-entropy −Σ_k y_k log ŷ_k, mean over examples (rows); y one-hot or soft.
  ``cross_entropy_with_logits`` takes the logits and uses log-softmax.

Predictions and targets must be finite; the targets of ``bce`` and ``cross_entropy`` must lie in [0, 1]
(a ValueError says so otherwise).
"""
from __future__ import annotations

import numpy as np

from ._util import Registry, as_array
from .activations import sigmoid
from .softmax import log_softmax, softmax

__all__ = ["Loss", "LOSSES", "get_loss", "bce_with_logits", "cross_entropy_with_logits", "EPS"]

EPS = float(np.finfo(np.float64).eps)


def _pair(y_pred, y, name: str) -> tuple[np.ndarray, np.ndarray]:
    y_pred = as_array(y_pred, f"{name} prediction")
    y = as_array(y, f"{name} target")
    if y_pred.ndim == 1:
        y_pred = y_pred[:, None]
    if y.ndim == 1:
        y = y[:, None]
    if y_pred.shape != y.shape:
        raise ValueError(f"{name}: prediction has shape {y_pred.shape} but target has shape {y.shape}; "
                         "they must match (one row per example, one column per output)")
    if y_pred.size == 0:
        raise ValueError(f"{name}: empty input")
    return y_pred, y


def _finite(value, name: str):
    """The loss value (or gradient) if it is finite; a ValueError saying so if float64 overflowed."""
    if not np.all(np.isfinite(value)):
        raise ValueError(f"{name}: the values are too large, the loss overflows float64")
    return value


def _probabilities(y_pred: np.ndarray, name: str, what: str = "predictions") -> np.ndarray:
    if np.any((y_pred < 0) | (y_pred > 1)):
        raise ValueError(f"{name}: {what} must be probabilities in [0, 1]")
    return y_pred


def _targets(y: np.ndarray, name: str) -> np.ndarray:
    """The log losses' targets: probabilities in [0, 1] (0/1 labels, one-hot or soft rows)."""
    return _probabilities(y, name, "targets")


class Loss:
    """A cost with its gradient. Subclasses set ``name`` and ``latex`` and implement ``value`` and ``grad``."""

    name = ""
    latex = ""

    def value(self, y_pred, y) -> float:
        raise NotImplementedError

    def grad(self, y_pred, y) -> np.ndarray:
        raise NotImplementedError

    def per_example(self, y_pred, y) -> np.ndarray:
        """The loss of each example (row), before averaging."""
        raise NotImplementedError

    def __call__(self, y_pred, y) -> float:
        return self.value(y_pred, y)

    def __repr__(self) -> str:
        return f"Loss({self.name})"


class MSE(Loss):
    name = "mse"
    latex = r"J = \frac{1}{N}\sum_{i}(\hat y_i - y_i)^2"

    def value(self, y_pred, y) -> float:
        y_pred, y = _pair(y_pred, y, "mse")
        with np.errstate(over="ignore", invalid="ignore"):
            return float(_finite(np.mean((y_pred - y) ** 2), "mse"))

    def grad(self, y_pred, y) -> np.ndarray:
        y_pred, y = _pair(y_pred, y, "mse")
        with np.errstate(over="ignore", invalid="ignore"):
            return _finite(2.0 * (y_pred - y) / y.size, "mse")

    def per_example(self, y_pred, y) -> np.ndarray:
        y_pred, y = _pair(y_pred, y, "mse")
        with np.errstate(over="ignore", invalid="ignore"):
            return _finite(np.mean((y_pred - y) ** 2, axis=1), "mse")


class BCE(Loss):
    name = "bce"
    latex = r"J = -\frac{1}{m}\sum_{i}\left[y_i \log \hat y_i + (1 - y_i)\log(1 - \hat y_i)\right]"

    def _clip(self, y_pred):
        return np.clip(y_pred, EPS, 1.0 - EPS)

    def per_example(self, y_pred, y) -> np.ndarray:
        y_pred, y = _pair(y_pred, y, "bce")
        p = self._clip(_probabilities(y_pred, "bce"))
        _targets(y, "bce")
        return np.mean(-(y * np.log(p) + (1.0 - y) * np.log1p(-p)), axis=1)

    def value(self, y_pred, y) -> float:
        return float(np.mean(self.per_example(y_pred, y)))

    def grad(self, y_pred, y) -> np.ndarray:
        y_pred, y = _pair(y_pred, y, "bce")
        return _bce_grad(_probabilities(y_pred, "bce"), _targets(y, "bce"), y.size)


class CrossEntropy(Loss):
    name = "cross_entropy"
    latex = r"J = -\frac{1}{m}\sum_{i}\sum_{k} y_{ik}\log \hat y_{ik}"

    def per_example(self, y_pred, y) -> np.ndarray:
        y_pred, y = _pair(y_pred, y, "cross_entropy")
        _targets(y, "cross_entropy")
        p = np.clip(y_pred, EPS, 1.0)
        return -np.sum(y * np.log(p), axis=1)

    def value(self, y_pred, y) -> float:
        return float(np.mean(self.per_example(y_pred, y)))

    def grad(self, y_pred, y) -> np.ndarray:
        y_pred, y = _pair(y_pred, y, "cross_entropy")
        return _cross_entropy_grad(y_pred, _targets(y, "cross_entropy"), y.shape[0])


# The gradients ∂J/∂ŷ without input checks, for arrays already checked (the MLP's backward pass). ``n`` is the
# normaliser of the mean (all entries for bce, the examples for cross-entropy), so they work on transposed arrays
# too; the dtype of ``y_pred`` is kept, and ``eps`` is that dtype's machine epsilon (float32: 1.2e-7).
def _bce_grad(y_pred: np.ndarray, y: np.ndarray, n: int, eps: float = EPS) -> np.ndarray:
    p = np.minimum(np.maximum(y_pred, eps), 1.0 - eps)  # np.clip(y_pred, eps, 1 − eps), without its overhead
    return (p - y) / (p * (1.0 - p)) / n


def _cross_entropy_grad(y_pred: np.ndarray, y: np.ndarray, n: int, eps: float = EPS) -> np.ndarray:
    p = np.minimum(np.maximum(y_pred, eps), 1.0)
    return -y / p / n


def _mse_grad(y_pred: np.ndarray, y: np.ndarray, n: int, eps: float = EPS) -> np.ndarray:
    return 2.0 * (y_pred - y) / n


#: name → :class:`Loss` (read-only).
LOSSES = Registry("loss", {"mse": MSE(), "bce": BCE(), "cross_entropy": CrossEntropy()})


def get_loss(name: str | Loss) -> Loss:
    """The loss ``name`` (a :class:`Loss` passes through); unknown names raise an error listing valid ones."""
    return name if isinstance(name, Loss) else LOSSES[name]


def bce_with_logits(z, y) -> tuple[float, np.ndarray]:
    """Binary log loss of ŷ = σ(z) from the logits z, and its gradient ∂J/∂z = (σ(z) − y) / N.

    Uses −[y log σ(z) + (1 − y) log(1 − σ(z))] = softplus(z) − y·z, exact for any finite z.
    """
    z, y = _pair(z, y, "bce_with_logits")
    with np.errstate(over="ignore", invalid="ignore"):
        value = float(_finite(np.mean(np.logaddexp(0.0, z) - y * z), "bce_with_logits"))
    return value, (sigmoid(z) - y) / y.size


def cross_entropy_with_logits(z, y) -> tuple[float, np.ndarray]:
    """Softmax cross-entropy from the logits (via log-softmax), and its gradient (softmax(z) − y) / m."""
    z, y = _pair(z, y, "cross_entropy_with_logits")
    with np.errstate(over="ignore", invalid="ignore"):
        value = float(_finite(np.mean(-np.sum(y * log_softmax(z, axis=1), axis=1)), "cross_entropy_with_logits"))
    return value, (softmax(z, axis=1) - y) / y.shape[0]
