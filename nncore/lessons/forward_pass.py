"""The forward pass taken apart: dot products term by term, a per-example loop against the vectorized pass,
the collapse of linear layers, edited matrices checked, and a training run recorded as snapshots.

Shapes follow :mod:`nncore.mlp` (rows are examples): X (m, n_0), ``weights[l]`` (n_l, n_{l+1}),
``biases[l]`` (n_{l+1},), ``Z[l]``, ``A[l]`` (m, n_l).

>>> from nncore import MLP
>>> net = MLP([2, 2, 1], hidden="linear", output="linear", init="zeros")
>>> net.set_params([[[1, -1], [1, 1]], [[2], [-1]]], [[0, 0], [0]])
>>> [(d.products.tolist(), d.z) for d in dot_products(net, net.forward([[2, 3]]), 1)]
[([2.0, 3.0], 5.0), ([-2.0, 3.0], 1.0)]
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from .._util import as_rng

from ..diagnostics import linear_collapse
from ..mlp import MLP, Trace
from ..softmax import softmax
from ..training import Trainer

__all__ = ["DotProduct", "dot_products", "contributions", "forward_loop", "Timing", "time_forward", "Collapse", "collapse",
           "MatrixCheck", "check_matrix", "random_net", "BEANS_PARAMS", "beans_net", "beans_params",
           "beans_random_start", "snap", "FitRecord", "fit_snapshots"]


# ----------------------------------------------------------------------------------------- dot products
@dataclass(frozen=True)
class DotProduct:
    """Unit ``unit`` (0-based) of layer ``layer`` (1 … L) for one example, term by term.

    ``z = Σ_i inputs[i] · weights[i] + bias`` where ``inputs`` is the row A[l−1][example] (n_{l−1},),
    ``weights`` the column W[l][:, unit] (n_{l−1},), ``products`` their elementwise product, and ``z`` the value
    Z[l][example, unit] the network computed (equal to ``products.sum() + bias`` up to rounding).
    """

    layer: int
    unit: int
    inputs: np.ndarray
    weights: np.ndarray
    products: np.ndarray
    bias: float
    z: float
    a: float  # the unit's activation A[l][example, unit]


def dot_products(net: MLP, trace: Trace, layer: int, example: int = 0) -> list[DotProduct]:
    """The dot product behind every unit of ``layer`` (1 … L) for row ``example`` of a forward ``trace``."""
    if not 1 <= int(layer) <= net.n_layers:
        raise ValueError(f"layer must be in 1 … {net.n_layers}, got {layer}")
    layer = int(layer)
    a_prev = trace.A[layer - 1][example]
    W, b = net.weights[layer - 1], net.biases[layer - 1]
    return [DotProduct(layer, j, a_prev.copy(), W[:, j].copy(), a_prev * W[:, j], float(b[j]),
                       float(trace.Z[layer][example, j]), float(trace.A[layer][example, j]))
            for j in range(W.shape[1])]


def contributions(net: MLP, trace: Trace, layer: int, unit: int = 0) -> np.ndarray:
    """Every term of unit ``unit``'s weighted sum for every example: A[l−1] ⊙ W[l][:, unit], shape (m, n_{l−1}).

    Row i summed plus the bias is Z[l][i, unit] (e.g. the beans output: v₁h₁ and v₂h₂ for each bean size).
    """
    if not 1 <= int(layer) <= net.n_layers:
        raise ValueError(f"layer must be in 1 … {net.n_layers}, got {layer}")
    return trace.A[int(layer) - 1] * net.weights[int(layer) - 1][:, unit]


# ----------------------------------------------------------------------------------------- vectorization
def forward_loop(net: MLP, X) -> np.ndarray:
    """The output of ``net`` computed one example at a time in a Python loop (what vectorization replaces).

    For each row x (1, n_0): a ← g_l(a · W[l] + b[l]) layer after layer. Returns (m, n_L), equal to
    ``net.forward(X).A[-1]`` up to rounding (no dropout).
    """
    X = net._check_X(X)
    out = np.empty((X.shape[0], net.layer_sizes[-1]))
    for i in range(X.shape[0]):
        a = X[i:i + 1]
        for act, W, b in zip(net.activations, net.weights, net.biases):
            z = a @ W + b
            a = softmax(z, axis=1) if act == "softmax" else act.f(z)
        out[i] = a[0]
    return out


@dataclass(frozen=True)
class Timing:
    """Seconds for one pass over m examples: the per-example loop and the vectorized pass (best of ``repeats``)."""

    m: int
    repeats: int
    loop_seconds: float
    vector_seconds: float
    max_difference: float  # max |loop output − vectorized output|: the same numbers, only faster

    @property
    def speedup(self) -> float:
        """loop_seconds / vector_seconds."""
        return self.loop_seconds / max(self.vector_seconds, 1e-12)

    @property
    def loop_ms(self) -> float:
        return self.loop_seconds * 1e3

    @property
    def vector_ms(self) -> float:
        return self.vector_seconds * 1e3

    @property
    def loop_per_example(self) -> float:
        return self.loop_seconds / self.m

    @property
    def vector_per_example(self) -> float:
        return self.vector_seconds / self.m


def _best_time(fn, repeats: int) -> tuple[float, np.ndarray]:
    best, out = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def time_forward(net: MLP, X, repeats: int = 3) -> Timing:
    """Time :func:`forward_loop` against the vectorized ``net.predict`` on the same X (best of ``repeats``).

    Live wall-clock time: noisy, and different on every machine; only the order of magnitude is the lesson.
    """
    X = net._check_X(X)
    repeats = max(1, int(repeats))
    t_loop, out_loop = _best_time(lambda: forward_loop(net, X), repeats)
    t_vec, out_vec = _best_time(lambda: net.predict(X), repeats)
    return Timing(X.shape[0], repeats, t_loop, t_vec, float(np.max(np.abs(out_loop - out_vec))))


# ----------------------------------------------------------------------------------------- collapse
@dataclass(frozen=True)
class Collapse:
    """A network's output next to the output of the single linear layer its weights collapse to.

    ``W = W₁ W₂ ⋯``, ``b = (b₁ W₂ + b₂) ⋯`` (:func:`nncore.linear_collapse`); ``single = X W + b``.
    Equal to ``deep`` when every activation is linear; different otherwise.
    """

    W: np.ndarray
    b: np.ndarray
    deep: np.ndarray
    single: np.ndarray
    max_difference: float


def collapse(net: MLP, X) -> Collapse:
    """Compare ``net`` on X with the one linear layer of its collapsed weights (activations ignored)."""
    X = net._check_X(X)
    W, b = linear_collapse(net.weights, net.biases)
    deep = net.forward(X).A[-1]
    single = X @ W + b
    return Collapse(W, b, deep, single, float(np.max(np.abs(deep - single))))


def random_net(layer_sizes, hidden="linear", output="linear", seed: int = 0) -> MLP:
    """An MLP with weights and biases drawn from N(0, 1) by a generator seeded with ``seed``.

    The same seed gives the same numbers whatever the activations, so a linear and a non-linear network can
    be compared weight for weight.
    """
    rng = np.random.default_rng(seed)
    net = MLP(layer_sizes, hidden=hidden, output=output, init="zeros")
    weights = [rng.standard_normal(W.shape) for W in net.weights]
    biases = [rng.standard_normal(b.shape) for b in net.biases]
    net.set_params(weights, biases)
    return net


# ----------------------------------------------------------------------------------------- edited matrices
@dataclass(frozen=True)
class MatrixCheck:
    """An edited table checked against the shape it must have.

    ``problem`` is None when ``array`` is usable, else "shape" (``got`` is the shape received), "empty",
    "not_finite" (a cell is empty, not a number, NaN or infinite) or "too_large" (|value| > ``limit``).
    """

    array: np.ndarray | None
    expected: tuple
    got: tuple
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def check_matrix(values, shape, limit: float | None = None) -> MatrixCheck:
    """Turn edited cell values (rows of numbers, None, or text) into a float array of exactly ``shape``."""
    expected = tuple(int(n) for n in shape)
    rows = [list(r) for r in values]
    got = (len(rows), max((len(r) for r in rows), default=0))
    if not rows or got[1] == 0:
        return MatrixCheck(None, expected, got, "empty")
    if got != expected or any(len(r) != got[1] for r in rows):
        return MatrixCheck(None, expected, got, "shape")
    out = np.empty(expected)
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            try:
                x = float(cell)
            except (TypeError, ValueError):
                return MatrixCheck(None, expected, got, "not_finite")
            if not np.isfinite(x):
                return MatrixCheck(None, expected, got, "not_finite")
            if limit is not None and abs(x) > limit:
                return MatrixCheck(None, expected, got, "too_large")
            out[i, j] = x
    return MatrixCheck(out, expected, got, None)


# ----------------------------------------------------------------------------------------- beans (seed 003)
#: The seven parameters of the 1-2-1 beans network, in the order of :func:`beans_params`:
#: hidden unit 1 (weight, bias), hidden unit 2 (weight, bias), output (weight from h1, weight from h2, bias).
BEANS_PARAMS = ("w1", "b1", "w2", "b2", "v1", "v2", "c")


def beans_net(params) -> MLP:
    """The 1-2-1 sigmoid network of seed 003 with its seven parameters (order: :data:`BEANS_PARAMS`).

    h₁ = σ(w₁x + b₁), h₂ = σ(w₂x + b₂), ŷ = σ(v₁h₁ + v₂h₂ + c).
    """
    p = np.asarray(params, dtype=np.float64).reshape(-1)
    if p.shape != (7,):
        raise ValueError(f"the beans network has 7 parameters, got {p.size}")
    w1, b1, w2, b2, v1, v2, c = p
    net = MLP([1, 2, 1], hidden="sigmoid", output="sigmoid", init="zeros")
    net.set_params([[[w1, w2]], [[v1], [v2]]], [[b1, b2], [c]])
    return net


def beans_params(net: MLP) -> tuple[float, ...]:
    """The seven parameters of a 1-2-1 network, in the order of :data:`BEANS_PARAMS`."""
    if net.layer_sizes != [1, 2, 1]:
        raise ValueError(f"need a 1-2-1 network, got {net.layer_sizes}")
    W1, W2 = net.weights
    b1, b2 = net.biases
    return tuple(float(v) for v in (W1[0, 0], b1[0], W1[0, 1], b1[1], W2[0, 0], W2[1, 0], b2[0]))


def beans_random_start(seed: int = 0) -> tuple[float, ...]:
    """Seven starting parameters drawn from U[0, 1), as the article's code does (one uniform draw each),
    from a Generator seeded by ``seed``."""
    return tuple(float(v) for v in as_rng(seed).random(7))


def snap(values, step: float, lo: float, hi: float) -> tuple[float, ...]:
    """Values rounded to the nearest multiple of ``step`` and clipped to [lo, hi] (to put them on sliders)."""
    v = np.clip(np.round(np.asarray(values, dtype=np.float64) / step) * step, lo, hi)
    decimals = max(0, int(np.ceil(-np.log10(step))) + 1)
    return tuple(float(round(x, decimals)) for x in v)


@dataclass(frozen=True)
class FitRecord:
    """A training run recorded every ``every`` epochs, evaluated on a display ``grid`` (g, n_0).

    ``epochs`` (k,), ``losses`` (k,) on the training data; ``hidden`` (k, g, n_1) the first hidden layer's
    activations, ``terms`` (k, g, n_{L−1}) the output unit's weighted terms A[L−1] ⊙ W[L][:, 0] (see
    :func:`contributions`), ``pre_output`` (k, g) their sum plus bias Z[L], ``output`` (k, g) its activation;
    ``params[i]`` the (weights, biases) copies at ``epochs[i]``. Index 0 is the start (epoch 0).
    """

    epochs: np.ndarray
    losses: np.ndarray
    hidden: np.ndarray
    terms: np.ndarray
    pre_output: np.ndarray
    output: np.ndarray
    params: list
    learning_rate: float
    diverged: str | None  # Trainer.divergence.message when training stopped early

    @property
    def final_net_params(self):
        return self.params[-1]


def fit_snapshots(net: MLP, X, Y, grid, epochs: int = 5000, every: int = 100, learning_rate: float = 3.0,
                  loss: str = "mse") -> FitRecord:
    """Train a copy of ``net`` by full-batch gradient descent and record it every ``every`` epochs.

    Full batch with rate η on the mean loss equals the per-example updates of seed 003 (rate 0.03, 100 beans)
    summed over one epoch: η = 0.03 × 100 = 3. ``net`` itself is not changed. The network must have one output
    unit.
    """
    epochs, every = int(epochs), max(1, int(every))
    if epochs < 1:
        raise ValueError(f"epochs must be ≥ 1, got {epochs}")
    work = net.copy()
    grid = work._check_X(grid)
    trainer = Trainer(work, X, Y, loss=loss, optimizer="sgd", learning_rate=learning_rate, classify=False)
    rec_epochs, losses, hidden, terms, pre, out, params = [], [], [], [], [], [], []

    def record(epoch: int) -> None:
        tr = work.forward(grid)
        rec_epochs.append(epoch)
        losses.append(work.loss(trainer.X, trainer.Y, loss))
        hidden.append(tr.A[1])
        terms.append(contributions(work, tr, work.n_layers))
        pre.append(tr.Z[-1][:, 0])
        out.append(tr.A[-1][:, 0])
        params.append(([W.copy() for W in work.weights], [b.copy() for b in work.biases]))

    record(0)
    while trainer.epoch < epochs:
        ran = trainer.run(min(every, epochs - trainer.epoch), eval_every=every)
        if trainer.diverged or ran == 0:
            break
        record(trainer.epoch)
    return FitRecord(np.array(rec_epochs), np.array(losses), np.array(hidden), np.array(terms), np.array(pre), np.array(out),
                     params, float(learning_rate), trainer.divergence.message if trainer.divergence else None)
