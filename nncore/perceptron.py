"""The first artificial neurons: the McCulloch–Pitts threshold unit (1943) and Rosenblatt's perceptron (1958).

Sign convention (shared with ``nncore.activations``): a unit fires when its weighted sum *reaches* the threshold,
so the perceptron predicts f(x) = sign(w·x + b) with sign(0) = +1. Training is stricter: a point counts as
misclassified when y·(w·x + b) ≤ 0, so at convergence no training point lies on the boundary line and every
prediction is correct under either sign convention.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ._util import as_rng

__all__ = ["mp_neuron", "perceptron_predict", "Update", "PerceptronTrainer"]

Array = np.ndarray


def _matrix(X: Any, name: str = "X") -> Array:
    arr = np.asarray(X, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} must be a non-empty 2-D array (m examples, n inputs), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


def _weights(w: Any, n: int, name: str = "weights") -> Array:
    arr = np.asarray(w, dtype=np.float64)
    if arr.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},) — one weight per input — got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


def _finite_scalar(value: Any, name: str) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not np.isfinite(x):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return x


def _weighted_sums(X: Array, w: Array, b: float | None, what: str) -> Array:
    """X·w (+ b) for finite X, w, b; a ValueError (never inf, NaN or a RuntimeWarning) when float64 overflows."""
    with np.errstate(over="ignore", invalid="ignore"):
        s = X @ w if b is None else X @ w + b
    if not np.all(np.isfinite(s)):
        raise ValueError(f"the {what} overflows float64: inputs × weights are too large (|w·x| beyond 1.8e308)")
    return s


def mp_neuron(x: Any, weights: Any, threshold: float) -> tuple[Array | float, Array | int]:
    """McCulloch–Pitts neuron (1943): output 1 when the weighted sum reaches the threshold, else 0.

    s = Σ_j w_j x_j,   output = 1 if s ≥ θ else 0.

    Inputs are usually 0/1 and weights ±1 (negative = inhibitory), but any finite real numbers are accepted
    (a weighted sum beyond float64 raises a ValueError).
    E.g. AND: weights (1, 1), θ = 2; OR: weights (1, 1), θ = 1.

    Parameters
    ----------
    x : (n,) one input, or (m, n) one input per row
    weights : (n,)
    threshold : θ

    Returns
    -------
    weighted_sum : float or (m,) float64
    output : int or (m,) int64 in {0, 1}
    """
    arr = np.asarray(x, dtype=np.float64)
    single = arr.ndim == 1
    X = _matrix(arr[None, :] if single else arr, "x")
    w = _weights(weights, X.shape[1])
    theta = _finite_scalar(threshold, "threshold")
    s = _weighted_sums(X, w, None, "weighted sum")
    out = (s >= theta).astype(np.int64)
    if single:
        return float(s[0]), int(out[0])
    return s, out


def perceptron_predict(X: Any, w: Any, b: float) -> Array:
    """Perceptron prediction f(x) = sign(w·x + b) ∈ {−1, +1}, with sign(0) = +1.

    X (m, n) (or (n,) for one point) → (m,) int64 (or an int). A score w·x + b beyond float64 raises a ValueError.
    """
    arr = np.asarray(X, dtype=np.float64)
    single = arr.ndim == 1
    M = _matrix(arr[None, :] if single else arr)
    score = _weighted_sums(M, _weights(w, M.shape[1], "w"), _finite_scalar(b, "b"), "score w·x + b")
    out = np.where(score >= 0, 1, -1).astype(np.int64)
    return int(out[0]) if single else out


@dataclass(frozen=True, eq=False)
class Update:
    """One perceptron update on a misclassified point: w_after = w_before + η·y·x, b_after = b_before + η·y.

    Attributes
    ----------
    epoch : 1-based pass over the data in which the update happened
    index : row of X that was misclassified
    x : (n,) that row; y : its label ±1
    w_before, w_after : (n,); b_before, b_after : float
    """

    epoch: int
    index: int
    x: Array
    y: float
    w_before: Array
    b_before: float
    w_after: Array
    b_after: float


def _frozen(a: Array) -> Array:
    out = np.array(a, dtype=np.float64)
    out.setflags(write=False)
    return out


class PerceptronTrainer:
    """Rosenblatt's perceptron learning rule, one update at a time (for step-by-step animation).

    Repeatedly find a misclassified point (y·(w·x + b) ≤ 0) and move the line towards it:
    w ← w + η·y·x,  b ← b + η·y.
    On linearly separable data this stops after finitely many updates (Novikoff: at most (R/γ)² with R the
    largest ‖(x, 1)‖ and γ the margin, for w₀ = 0, b₀ = 0). On data that no line separates (XOR) it never
    stops; with integer-valued data and η = 1 the weights stay on a bounded integer lattice, so some (w, b)
    must come back — ``cycle_detected`` turns True then.

    Parameters
    ----------
    X : (m, n) inputs
    y_pm1 : (m,) labels in {−1, +1} (``nncore.datasets.to_pm1`` converts 0/1 labels)
    learning_rate : η > 0
    w0 : (n,) initial weights (default zeros); b0 : initial bias
    order : "cyclic" — scan rows 0, 1, …, m−1, 0, 1, … continuing after the last update;
            "random" — each pass scans a fresh permutation drawn from ``seed``
    seed : int or Generator (used by order="random" only)

    Attributes
    ----------
    w, b : current weights (copy) and bias
    history : list of (w, b) states, starting with (w0, b0); one more per update
    updates : list of :class:`Update`
    n_updates : number of updates so far
    converged : no training point is misclassified at the current (w, b)
    cycle_detected : some (w, b) has occurred twice (exact float equality)
    cycle_start, cycle_length : first history index of the repeated state and the period, once detected
    """

    ORDERS = ("cyclic", "random")

    def __init__(self, X: Any, y_pm1: Any, learning_rate: float = 1.0, w0: Any = None, b0: float = 0.0,
                 order: str = "cyclic", seed: int | np.random.Generator = 0):
        self.X = _matrix(X)
        m, n = self.X.shape
        y = np.asarray(y_pm1, dtype=np.float64).reshape(-1)
        if y.shape != (m,):
            raise ValueError(f"y_pm1 must have one label per row of X ({m}), got shape {np.shape(y_pm1)}")
        if not np.all((y == 1) | (y == -1)):
            raise ValueError("y_pm1 must hold labels −1 or +1 (convert 0/1 labels with nncore.datasets.to_pm1)")
        self.y = y
        self.learning_rate = _finite_scalar(learning_rate, "learning_rate")
        if self.learning_rate <= 0:
            raise ValueError(f"learning_rate must be > 0, got {learning_rate!r}")
        if order not in self.ORDERS:
            raise ValueError(f"order must be one of {self.ORDERS}, got {order!r}")
        self.order = order
        self._rng = as_rng(seed)
        self._w = np.zeros(n) if w0 is None else _weights(w0, n, "w0").copy()
        self._b = _finite_scalar(b0, "b0")
        self._scan = self._new_scan()
        self._pos = 0  # next position in the current pass
        self._epoch = 1
        self.history: list[tuple[Array, float]] = [(_frozen(self._w), self._b)]
        self.updates: list[Update] = []
        self._seen: dict[tuple[float, ...], int] = {self._key(): 0}
        self.cycle_start: int | None = None
        self.cycle_length: int | None = None
        self.margins()  # X·w0 + b0 beyond float64 raises a ValueError here, not at the first step

    # --- state -------------------------------------------------------------------------------------------------

    @property
    def w(self) -> Array:
        return self._w.copy()

    @property
    def b(self) -> float:
        return self._b

    @property
    def n_updates(self) -> int:
        return len(self.updates)

    @property
    def cycle_detected(self) -> bool:
        return self.cycle_start is not None

    def margins(self) -> Array:
        """y_i·(w·x_i + b) for every row (m,); ≤ 0 means misclassified."""
        return self.y * _weighted_sums(self.X, self._w, self._b, "score w·x + b")

    def n_errors(self) -> int:
        """Number of misclassified training points at the current (w, b)."""
        return int(np.count_nonzero(self.margins() <= 0))

    @property
    def converged(self) -> bool:
        return self.n_errors() == 0

    def _key(self) -> tuple[float, ...]:
        return tuple(self._w.tolist()) + (self._b,)

    def _new_scan(self) -> Array:
        m = self.X.shape[0]
        return np.arange(m) if self.order == "cyclic" else self._rng.permutation(m)

    # --- learning ------------------------------------------------------------------------------------------------

    def step(self) -> Update | None:
        """Apply the rule to the next misclassified point in scan order; None (and no change) when converged."""
        margins = self.margins()
        if np.all(margins > 0):
            return None
        scan, pos, epoch = self._scan, self._pos, self._epoch  # kept only once the update is known to fit float64
        while True:  # a misclassified point exists, so this finds one within two passes
            if pos == len(scan):
                scan, pos, epoch = self._new_scan(), 0, epoch + 1
            i = int(scan[pos])
            pos += 1
            if margins[i] <= 0:
                break
        x, y, eta = self.X[i], self.y[i], self.learning_rate
        with np.errstate(over="ignore", invalid="ignore"):
            w_after, b_after = self._w + eta * y * x, self._b + eta * y
        if not (np.all(np.isfinite(w_after)) and np.isfinite(b_after)):
            raise ValueError("the update overflows float64: the learning rate or the inputs are too large")
        _weighted_sums(self.X, w_after, b_after, "score w·x + b after the update")  # raises before any change
        self._scan, self._pos, self._epoch = scan, pos, epoch
        w_before, b_before = self._w.copy(), self._b
        self._w, self._b = w_after, b_after
        update = Update(self._epoch, i, _frozen(x), float(y), _frozen(w_before), b_before,
                        _frozen(self._w), self._b)
        self.updates.append(update)
        self.history.append((_frozen(self._w), self._b))
        key = self._key()
        if key in self._seen:
            if self.cycle_start is None:
                self.cycle_start = self._seen[key]
                self.cycle_length = len(self.history) - 1 - self._seen[key]
        else:
            self._seen[key] = len(self.history) - 1
        return update

    def run(self, max_updates: int = 1000, stop_on_cycle: bool = False) -> list[Update]:
        """Call :meth:`step` until convergence or ``max_updates`` updates (or a detected cycle, if asked).

        Returns the updates made by this call.
        """
        if isinstance(max_updates, bool) or not isinstance(max_updates, (int, np.integer)) or max_updates < 0:
            raise ValueError(f"max_updates must be an integer ≥ 0, got {max_updates!r}")
        made: list[Update] = []
        for _ in range(int(max_updates)):
            if stop_on_cycle and self.cycle_detected:
                break
            update = self.step()
            if update is None:
                break
            made.append(update)
        return made
