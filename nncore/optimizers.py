"""Gradient-descent optimizers behind one interface: ``optimizer.step(params, grads)`` updates arrays in place.

With g the gradient, α the learning rate (state starts at zero, t counts steps from 1):

=========  ==========================================================================================
sgd        w ← w − α g                                                         (Article 2: w ← w − LR·g(w))
momentum   v ← β v − α g;  w ← w + v
nesterov   v ← β v − α g;  w ← w + β v − α g   (Nesterov's look-ahead, written with the gradient at w)
rmsprop    s ← ρ s + (1 − ρ) g²;  w ← w − α g / (√s + ε)
adam       m ← β₁ m + (1 − β₁) g;  v ← β₂ v + (1 − β₂) g²;  m̂ = m/(1 − β₁ᵗ);  v̂ = v/(1 − β₂ᵗ);
           w ← w − α m̂ / (√v̂ + ε)
adagrad    G ← G + g²;  w ← w − α g / (√G + ε)
=========  ==========================================================================================

``learning_rate`` may be changed between steps (the playground does, without resetting training).
"""
from __future__ import annotations

import operator
from dataclasses import dataclass

import numpy as np

from ._util import Registry, as_array, flat_pair

__all__ = ["Optimizer", "SGD", "Momentum", "Nesterov", "RMSProp", "Adam", "AdaGrad", "OPTIMIZERS",
           "make_optimizer", "StepDecay", "optimize", "Path"]


_FLAT = -1  # slot index of the whole flat block (see Optimizer._flat_slot)


class Optimizer:
    """Base class. ``step(params, grads)`` updates every array of ``params`` in place and counts the step."""

    name = ""

    def __init__(self, learning_rate: float = 0.01):
        self.learning_rate = learning_rate
        self.t = 0
        self._state: dict = {}
        self._flat_params = None  # during a flat step: the parameter list (how the flat state is cut)

    @property
    def learning_rate(self) -> float:
        return self._lr

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        value = float(value)
        if not np.isfinite(value) or value <= 0:
            raise ValueError(f"learning rate must be a positive number, got {value}")
        self._lr = value

    def reset(self) -> None:
        """Forget the accumulated state (velocities, moment estimates, step count)."""
        self.t = 0
        self._state = {}

    def _slot(self, key: str, i: int, like: np.ndarray) -> np.ndarray:
        if i == _FLAT:
            return self._flat_slot(key, like)
        slots = self._state.setdefault(key, {})
        if i not in slots or slots[i].shape != like.shape:
            slots[i] = np.zeros_like(like)
        return slots[i]

    def _flat_slot(self, key: str, flat: np.ndarray) -> np.ndarray:
        """The state ``key`` of all parameters as one array like ``flat``, cut into the per-array slots (views):
        a step array by array later carries on from the same numbers, and the other way round."""
        slots, params = self._state.setdefault(key, {}), self._flat_params
        whole, pieces = slots.get(_FLAT), slots.get("pieces")
        if (whole is not None and whole.shape == flat.shape and whole.dtype == flat.dtype
                and len(pieces) == len(params) and pieces[0].base is whole
                and all(map(operator.is_, (slots.get(i) for i in range(len(params))), pieces))):
            return whole
        whole, cut, start = np.zeros_like(flat), [], 0
        for i, p in enumerate(params):
            piece = whole[start:start + p.size].reshape(p.shape)
            old = slots.get(i)
            if old is not None and old.shape == p.shape:
                piece[...] = old
            slots[i] = piece
            cut.append(piece)
            start += p.size
        slots[_FLAT], slots["pieces"] = whole, tuple(cut)
        return whole

    def step(self, params: list, grads: list) -> None:
        if len(params) != len(grads):
            raise ValueError(f"{len(params)} parameter arrays but {len(grads)} gradients")
        self.t += 1
        # An MLP's parameters and gradients are views of one flat array each: the update rule runs once on those
        # (the same arithmetic for every entry, state kept flat too); any other arrays one by one.
        pair = flat_pair(params, grads)
        # g² of a gradient near 1e308 overflows to inf; the step it gives (g/√inf = 0) is still right, so no warning.
        # A step that makes a parameter non-finite is the caller's to detect (Trainer and optimize() do).
        with np.errstate(over="ignore", invalid="ignore"):
            if pair is not None:
                self._flat_params = params
                try:
                    self._update(_FLAT, *pair)
                finally:
                    self._flat_params = None
            else:
                for i, (p, g) in enumerate(zip(params, grads)):
                    self._update(i, p, g)

    def _update(self, i: int, p: np.ndarray, g: np.ndarray) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self.learning_rate:g})"


class SGD(Optimizer):
    name = "sgd"

    def step(self, params: list, grads: list) -> None:
        if len(params) != len(grads):
            raise ValueError(f"{len(params)} parameter arrays but {len(grads)} gradients")
        self.t += 1
        lr = self._lr
        # An MLP's parameters and gradients are views of one flat array each: w ← w − α g on those in one step
        # (the same subtraction for every entry); any other arrays one by one.
        pair = flat_pair(params, grads)
        with np.errstate(all="ignore"):  # a diverging run overflows here; the trainer detects and explains it
            for p, g in ((pair,) if pair is not None else zip(params, grads)):
                p -= lr * g


class Momentum(Optimizer):
    name = "momentum"

    def __init__(self, learning_rate: float = 0.01, beta: float = 0.9):
        super().__init__(learning_rate)
        self.beta = _unit_interval(beta, "beta")

    def _update(self, i, p, g):
        v = self._slot("v", i, p)
        v *= self.beta
        v -= self.learning_rate * g
        p += v


class Nesterov(Momentum):
    name = "nesterov"

    def _update(self, i, p, g):
        v = self._slot("v", i, p)
        v *= self.beta
        v -= self.learning_rate * g
        p += self.beta * v - self.learning_rate * g


class RMSProp(Optimizer):
    name = "rmsprop"

    def __init__(self, learning_rate: float = 0.01, rho: float = 0.9, eps: float = 1e-8):
        super().__init__(learning_rate)
        self.rho, self.eps = _unit_interval(rho, "rho"), float(eps)

    def _update(self, i, p, g):
        s = self._slot("s", i, p)
        s *= self.rho
        s += (1.0 - self.rho) * g * g
        p -= self.learning_rate * g / (np.sqrt(s) + self.eps)


class Adam(Optimizer):
    name = "adam"

    def __init__(self, learning_rate: float = 0.001, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8):
        super().__init__(learning_rate)
        self.beta1, self.beta2 = _unit_interval(beta1, "beta1"), _unit_interval(beta2, "beta2")
        self.eps = float(eps)

    def _update(self, i, p, g):
        m = self._slot("m", i, p)
        v = self._slot("v", i, p)
        m *= self.beta1
        m += (1.0 - self.beta1) * g
        v *= self.beta2
        v += (1.0 - self.beta2) * g * g
        m_hat = m / (1.0 - self.beta1 ** self.t)
        v_hat = v / (1.0 - self.beta2 ** self.t)
        p -= self.learning_rate * m_hat / (np.sqrt(v_hat) + self.eps)


class AdaGrad(Optimizer):
    name = "adagrad"

    def __init__(self, learning_rate: float = 0.01, eps: float = 1e-8):
        super().__init__(learning_rate)
        self.eps = float(eps)

    def _update(self, i, p, g):
        G = self._slot("G", i, p)
        G += g * g
        p -= self.learning_rate * g / (np.sqrt(G) + self.eps)


def _unit_interval(x: float, name: str) -> float:
    x = float(x)
    if not (0.0 <= x < 1.0):
        raise ValueError(f"{name} must be in [0, 1), got {x}")
    return x


#: name → optimizer class (read-only).
OPTIMIZERS = Registry("optimizer", {c.name: c for c in (SGD, Momentum, Nesterov, RMSProp, Adam, AdaGrad)})


def make_optimizer(name: str, learning_rate: float, **hyper) -> Optimizer:
    """Build the optimizer ``name`` (e.g. ``make_optimizer("momentum", 0.1, beta=0.9)``)."""
    cls = OPTIMIZERS[name]
    try:
        return cls(learning_rate, **hyper)
    except TypeError:
        raise ValueError(f"optimizer {name!r} does not take {sorted(hyper)}") from None


@dataclass(frozen=True)
class StepDecay:
    """Learning-rate step decay: α_epoch = α₀ · factor^⌊epoch / every⌋."""

    every: int = 100
    factor: float = 0.5

    def __post_init__(self):
        if int(self.every) < 1 or not (0.0 < float(self.factor) <= 1.0):
            raise ValueError("step decay needs every ≥ 1 and 0 < factor ≤ 1")

    def rate(self, base_rate: float, epoch: int) -> float:
        return float(base_rate) * float(self.factor) ** (int(epoch) // int(self.every))


@dataclass
class Path:
    """A descent path: ``points`` (n+1, d) including the start, ``values`` f at each point (when f was given),
    ``status`` "converged" | "max_steps" | "diverged", ``steps`` taken, ``diverged_at`` (step index or None)."""

    points: np.ndarray
    values: np.ndarray | None
    status: str
    steps: int
    diverged_at: int | None = None

    def steps_to(self, tol: float, f_min: float = 0.0) -> int | None:
        """First step at which f − f_min ≤ tol (None if never)."""
        if self.values is None:
            return None
        hit = np.nonzero(self.values - f_min <= tol)[0]
        return int(hit[0]) if hit.size else None


def optimize(grad_fn, start, optimizer: Optimizer, n_steps: int, f=None, grad_tol: float = 1e-10,
             bound: float = 1e6) -> Path:
    """Run ``optimizer`` from ``start`` on a function given by its gradient; the path of every iterate.

    Stops early when ‖g‖ < ``grad_tol`` ("converged") or when an iterate leaves the ball of radius ``bound`` or
    stops being finite ("diverged", that point is not kept) — so a path never holds NaN or inf.
    """
    w = as_array(start, "start", ndim=1).copy()
    if int(n_steps) < 0:
        raise ValueError("n_steps must be ≥ 0")
    points = [w.copy()]
    values = [float(f(w))] if f is not None else None
    status, diverged_at = "max_steps", None
    with np.errstate(all="ignore"):
        for k in range(int(n_steps)):
            g = np.asarray(grad_fn(w), dtype=np.float64)
            if not np.all(np.isfinite(g)):
                status, diverged_at = "diverged", k
                break
            if np.sqrt(np.sum(g * g)) < grad_tol:
                status = "converged"
                break
            optimizer.step([w], [g])
            fw = float(f(w)) if f is not None else 0.0
            if not (np.all(np.isfinite(w)) and np.max(np.abs(w)) <= bound and np.isfinite(fw)):
                status, diverged_at = "diverged", k + 1
                break
            points.append(w.copy())
            if values is not None:
                values.append(fw)
    return Path(np.array(points), None if values is None else np.array(values), status,
                len(points) - 1, diverged_at)
