"""What the Forward-pass page computes: the worked example of Article 1 term by term, shapes in both conventions
(and the rank-1 bias they hide), a per-example loop against the vectorized pass, the collapse of linear layers,
universal approximation by one hidden layer, the beans network of Article 4 (fitted, and against one neuron),
edited matrices checked, and a training run recorded as snapshots.

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

from .. import datasets
from .._util import as_rng
from ..activations import sigmoid
from ..diagnostics import ShapeRow, linear_collapse, shape_table
from ..mlp import MLP, Trace
from ..softmax import softmax
from ..training import Trainer

__all__ = ["EXAMPLE_SIZES", "WorkedExample", "worked_example", "DotProduct", "dot_products", "contributions",
           "ShapeLesson", "LayerParams", "RankOne", "shapes", "rank_one", "weight_shape_choices",
           "forward_loop", "Timing", "time_forward", "timing_run", "Collapse", "collapse", "collapse_run",
           "MatrixCheck", "check_matrix", "random_net",
           "UA_WIDTHS", "bumps", "Approximation", "ApproximationRun", "universal_approximation",
           "BEANS_PARAMS", "beans_net", "beans_params", "beans_random_start", "snap", "BeansView", "beans_view",
           "BeansBaseline", "beans_baseline", "FitRecord", "fit_snapshots", "fitted_beans_params", "clip_params"]


# ----------------------------------------------------------------------------------------- worked example
EXAMPLE_SIZES = (2, 2, 1)  # Article 1: two inputs, hidden neurons i and j, output k


@dataclass(frozen=True)
class WorkedExample:
    """The 2-2-1 network of Article 1's worked example on one input row: ``net`` and its forward ``trace``
    (``trace.A[1]`` = [i, j], ``trace.A[2]`` = [k])."""

    net: MLP
    trace: Trace

    @property
    def k(self) -> float:
        return float(self.trace.A[-1][0, 0])


def worked_example(x, w1, b1, w2, b2, hidden: str = "linear") -> WorkedExample:
    """MLP([2, 2, 1], hidden, output linear) with W[1] = ``w1`` (2, 2), b[1] = ``b1`` (2,), W[2] = ``w2`` (2, 1),
    b[2] = ``b2`` (1,), run on the row ``x`` (1, 2).

    Article 1: x = (2, 3), W[1] = [[1, −1], [1, 1]] (columns node_0 = [1, 1], node_1 = [−1, 1]), W[2] = [[2], [−1]],
    no biases: i = 2·1 + 3·1 = 5, j = 2·(−1) + 3·1 = 1, k = 5·2 + 1·(−1) = 9 (the same with ReLU).
    """
    net = MLP(list(EXAMPLE_SIZES), hidden=hidden, output="linear", init="zeros")
    net.set_params([w1, w2], [b1, b2])
    return WorkedExample(net, net.forward(np.asarray(x, dtype=np.float64).reshape(1, -1)))


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


# ----------------------------------------------------------------------------------------- shapes
@dataclass(frozen=True)
class LayerParams:
    """The parameters of layer l (1 … L) as nncore stores them: W[l] (n[l−1], n[l]) and b[l] (n[l],)."""

    layer: int
    W_shape: tuple
    b_shape: tuple

    @property
    def count(self) -> int:
        """n[l−1]·n[l] weights + n[l] biases."""
        return int(np.prod(self.W_shape)) + int(np.prod(self.b_shape))


@dataclass(frozen=True)
class RankOne:
    """What NumPy does with nncore's bias b = b[1], a rank-1 array of shape (n,) (Article 3 warns about these).

    ``b_shape`` (n,), ``bT_shape`` the shape of b.T (still (n,): a rank-1 array has no row or column to swap),
    ``column_shape`` (n, 1) of b.reshape(n, 1), the course's column.
    Rows are examples: Z = X W + b, (m, n) + (n,) → ``rows_shape`` (m, n), equal to adding b to each row
    (``rows_ok``). Columns are examples: W X + b with the rank-1 b, (n, m) + (n,): NumPy lines b up with the
    *last* axis (the m examples), so ``course`` is "error" (m ≠ n, m ≠ 1: the shapes do not broadcast),
    "wrong_values" (m = n: it runs, but adds b[j] to example j instead of to neuron j; ``course_error`` is the
    largest difference from the right Z), "wrong_shape" (m = 1: (n, 1) + (n,) gives an (n, n) matrix) or "ok"
    (n = 1). With the (n, 1) column, ``column_shape_out`` is (n, m) and the values are right (``column_ok``).
    """

    n: int
    m: int
    b_shape: tuple
    bT_shape: tuple
    column_shape: tuple
    rows_shape: tuple
    rows_ok: bool
    course: str
    course_shape: tuple | None
    course_error: float | None
    column_shape_out: tuple
    column_ok: bool


def rank_one(net: MLP, X) -> RankOne:
    """Add nncore's first bias to the first layer's products in both conventions (see :class:`RankOne`)."""
    X = net._check_X(X)
    trace = net.forward(X)
    W, b = net.weights[0], net.biases[0]
    n, m = W.shape[1], X.shape[0]
    rows = X @ W + b
    right = trace.Z[1].T  # (n, m): the course's Z[1]
    WX = W.T @ X.T        # (n, m)
    try:
        shape = np.broadcast_shapes(WX.shape, b.shape)
    except ValueError:
        course, shape, error = "error", None, None
    else:
        out = WX + b
        if out.shape != right.shape:
            course, error = "wrong_shape", None
        else:
            error = float(np.max(np.abs(out - right)))
            course = "ok" if np.allclose(out, right, rtol=1e-12, atol=1e-12) else "wrong_values"
    column = WX + b.reshape(n, 1)
    return RankOne(n, m, b.shape, b.T.shape, b.reshape(n, 1).shape, rows.shape,
                   bool(np.allclose(rows, trace.Z[1], rtol=1e-12, atol=1e-12)), course, shape, error, column.shape,
                   bool(np.allclose(column, right, rtol=1e-12, atol=1e-12)))


@dataclass(frozen=True)
class ShapeLesson:
    """Shapes of a network with ``sizes`` [n_0, …, n_L] on a batch of m examples.

    ``rows``: :func:`nncore.shape_table` (both conventions); ``params`` the learned parameters per layer and
    ``n_params`` their total (Σ n[l−1]·n[l] + n[l], = ``MLP.n_params()``); ``rank_one`` what the rank-1 bias does.
    """

    sizes: tuple
    m: int
    rows: list[ShapeRow]
    params: tuple[LayerParams, ...]
    n_params: int
    rank_one: RankOne


def shapes(sizes, m: int, seed: int = 0) -> ShapeLesson:
    """The shape lesson for layer sizes ``sizes`` and batch size ``m`` (weights, biases and inputs drawn from
    ``seed``)."""
    sizes = tuple(int(n) for n in sizes)
    net = random_net(sizes, hidden="relu", seed=seed)  # N(0, 1) biases: a misplaced bias shows in the numbers
    X, _ = datasets.random_inputs(int(m), sizes[0], seed=seed + 1)
    params = tuple(LayerParams(l + 1, W.shape, b.shape) for l, (W, b) in enumerate(zip(net.weights, net.biases)))
    return ShapeLesson(sizes, int(m), shape_table(sizes, m), params, net.n_params(), rank_one(net, X))


def weight_shape_choices(sizes, layer: int) -> dict[str, tuple]:
    """Candidate shapes of W[layer] for a question, by what they would mean: "rows" (n[l−1], n[l]) — nncore's,
    rows are examples —, "course" (n[l], n[l−1]) — the course's transpose —, "first" the shape of W[1], "column"
    (n[l], 1) — a bias column."""
    n = [int(v) for v in sizes]
    return {"rows": (n[layer - 1], n[layer]), "course": (n[layer], n[layer - 1]), "first": (n[0], n[1]),
            "column": (n[layer], 1)}


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


def _best_times(fns, repeats: int) -> tuple[list[float], list]:
    """Best wall-clock time of each of ``fns`` over ``repeats`` rounds, the functions taking turns within a round:
    a burst of load on a shared machine then slows both sides, not only the one that happened to run during it."""
    best, outs = [float("inf")] * len(fns), [None] * len(fns)
    for _ in range(repeats):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            outs[i] = fn()
            best[i] = min(best[i], time.perf_counter() - t0)
    return best, outs


def time_forward(net: MLP, X, repeats: int = 3) -> Timing:
    """Time :func:`forward_loop` against the vectorized ``net.predict`` on the same X (best of ``repeats``, the two
    taking turns).

    Live wall-clock time: noisy, and different on every machine; only the order of magnitude is the lesson.
    """
    X = net._check_X(X)
    repeats = max(1, int(repeats))
    (t_loop, t_vec), (out_loop, out_vec) = _best_times([lambda: forward_loop(net, X), lambda: net.predict(X)], repeats)
    return Timing(X.shape[0], repeats, t_loop, t_vec, float(np.max(np.abs(out_loop - out_vec))))


VEC_INPUTS, VEC_OUTPUTS = 4, 3


def timing_run(m: int, width: int, repeats: int = 3) -> Timing:
    """Time the loop against the vectorized pass of MLP([4, width, 3], ReLU, He init, seed 0) on m random inputs."""
    net = MLP([VEC_INPUTS, int(width), VEC_OUTPUTS], hidden="relu", output="linear", init="he", seed=0)
    X, _ = datasets.random_inputs(int(m), VEC_INPUTS, seed=1)
    return time_forward(net, X, repeats=repeats)


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


COLLAPSE_SIZES = (4, 5, 3)  # Article 2: a 1×4 input, 4×5 and 5×3 weights


def collapse_run(hidden: str = "linear", seed: int = 0) -> tuple[np.ndarray, MLP, Collapse]:
    """Article 2's 4-5-3 network with N(0, 1) weights and biases from ``seed`` (:func:`random_net`) on one random
    input row X (1, 4) (seed + 1000), compared with its collapsed single layer: (X, net, :class:`Collapse`)."""
    net = random_net(COLLAPSE_SIZES, hidden=hidden, seed=seed)
    X, _ = datasets.random_inputs(1, COLLAPSE_SIZES[0], seed=seed + 1000)
    return X, net, collapse(net, X)


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


# ----------------------------------------------------------------------------------------- universal approximation
UA_WIDTHS = (1, 2, 4, 8, 16)
UA_DOMAIN = (-1.0, 1.0)


def bumps(x) -> np.ndarray:
    """The target curve of the universal-approximation section: f(x) = sin(2πx)·(1 − x/2) on [−1, 1], two hills
    and two valleys of different heights."""
    x = np.asarray(x, dtype=np.float64)
    return np.sin(2.0 * np.pi * x) * (1.0 - 0.5 * x)


@dataclass(frozen=True)
class Approximation:
    """One hidden layer of ``width`` sigmoid units fitted to the target: ŷ = Σ_k v_k·σ(w_k x + b_k) + c.

    ``fit`` (g,) ŷ on the grid; ``terms`` (g, width) each unit's contribution v_k·h_k(x); ``bias`` c;
    ``mse`` the mean squared error on the grid, ``max_gap`` max |f(x) − ŷ(x)|; ``n_params`` = 3·width + 1;
    ``weights``, ``biases`` the trained network's parameters (nncore's shapes).
    """

    width: int
    fit: np.ndarray
    terms: np.ndarray
    bias: float
    mse: float
    max_gap: float
    n_params: int
    weights: tuple
    biases: tuple


@dataclass(frozen=True)
class ApproximationRun:
    """The target ``f`` (g,) on the grid ``x`` (g,) and one :class:`Approximation` per width; how they were trained."""

    x: np.ndarray
    f: np.ndarray
    fits: tuple[Approximation, ...]
    epochs: int
    learning_rate: float

    def at(self, width: int) -> Approximation:
        for a in self.fits:
            if a.width == width:
                return a
        raise ValueError(f"no fit with {width} hidden units; widths: {[a.width for a in self.fits]}")


def _even_steps(width: int, x: np.ndarray, f: np.ndarray) -> tuple[list, list]:
    """A start for MLP([1, width, 1], sigmoid, linear): unit k a sigmoid step at the centre of the k-th of ``width``
    equal cells of the domain (slope 2·width, so neighbouring steps overlap), and the output weights and bias that
    fit f best with those steps (least squares)."""
    lo, hi = UA_DOMAIN
    centres = lo + (hi - lo) * (np.arange(width) + 0.5) / width
    w = np.full(width, 2.0 * width)
    b = -w * centres
    H = sigmoid(x[:, None] * w + b)
    A = np.column_stack([H, np.ones(x.size)])
    coef = np.linalg.lstsq(A, f, rcond=None)[0]
    return [w[None, :], coef[:-1, None]], [b, coef[-1:]]


def universal_approximation(widths=UA_WIDTHS, n_points: int = 101, epochs: int = 300,
                            learning_rate: float = 0.01) -> ApproximationRun:
    """Fit :func:`bumps` on ``n_points`` evenly spaced x in [−1, 1] with one hidden layer of each width.

    Each network MLP([1, n, 1], hidden sigmoid, output linear) starts from n sigmoid steps spread evenly over the
    interval with the least-squares output weights (:func:`_even_steps`), then all 3n + 1 parameters are trained
    together by full-batch Adam on the squared error for ``epochs`` epochs. The error shrinks as the layer grows
    (mean squared error ≈ 0.41, 0.23, 0.055, 2e-4, 1e-4 for 1, 2, 4, 8, 16 units), as the universal approximation
    theorem says it can. Five widths × 300 epochs cost about 80 ms.
    """
    x = np.linspace(*UA_DOMAIN, int(n_points))
    f = bumps(x)
    fits = []
    for width in widths:
        width = int(width)
        net = MLP([1, width, 1], hidden="sigmoid", output="linear", init="zeros")
        net.set_params(*_even_steps(width, x, f))
        Trainer(net, x[:, None], f[:, None], loss="mse", optimizer="adam", learning_rate=learning_rate,
                classify=False).run(int(epochs), eval_every=int(epochs))
        trace = net.forward(x[:, None])
        fit = trace.A[2][:, 0]
        fits.append(Approximation(width, fit, contributions(net, trace, 2), float(net.biases[1][0]),
                                  net.loss(x[:, None], f[:, None], "mse"), float(np.max(np.abs(f - fit))),
                                  net.n_params(), tuple(W.copy() for W in net.weights),
                                  tuple(b.copy() for b in net.biases)))
    return ApproximationRun(x, f, tuple(fits), int(epochs), float(learning_rate))


# ----------------------------------------------------------------------------------------- beans (Article 4)
#: The seven parameters of the 1-2-1 beans network, in the order of :func:`beans_params`:
#: hidden unit 1 (weight, bias), hidden unit 2 (weight, bias), output (weight from h1, weight from h2, bias).
BEANS_PARAMS = ("w1", "b1", "w2", "b2", "v1", "v2", "c")


def beans_net(params) -> MLP:
    """The 1-2-1 sigmoid network of Article 4 with its seven parameters (order: :data:`BEANS_PARAMS`).

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
    """Seven starting parameters drawn from U[0, 1), as Article 4's code does (one uniform draw each), from a
    Generator seeded by ``seed``; exactly as drawn (never rounded: 0.1 steps would turn draws below 0.05 into 0)."""
    return tuple(float(v) for v in as_rng(seed).random(7))


def clip_params(values, lo: float, hi: float) -> tuple[tuple[float, ...], bool]:
    """``values`` clipped to [lo, hi] (to put them on sliders) and whether any value had to move."""
    v = np.asarray(values, dtype=np.float64)
    clipped = np.clip(v, lo, hi)
    return tuple(float(x) for x in clipped), bool(np.any(clipped != v))


def snap(values, step: float, lo: float, hi: float) -> tuple[float, ...]:
    """Values rounded to the nearest multiple of ``step`` and clipped to [lo, hi] (to put them on sliders)."""
    v = np.clip(np.round(np.asarray(values, dtype=np.float64) / step) * step, lo, hi)
    decimals = max(0, int(np.ceil(-np.log10(step))) + 1)
    return tuple(float(round(x, decimals)) for x in v)


@dataclass(frozen=True)
class BeansView:
    """The beans network with ``params`` on a display ``grid`` (g, 1) and on the beans (X, y).

    ``hidden`` (g, 2) h₁, h₂; ``terms`` (g, 2) v₁h₁, v₂h₂; ``pre_output`` (g,) z = v₁h₁ + v₂h₂ + c; ``output``
    (g,) ŷ = σ(z); ``loss`` the mean squared error and ``accuracy`` the share of beans with (ŷ ≥ 0.5) = y.

    How the two terms make (or fail to make) a hill: ``steps`` (2,) where each hidden unit's step sits, x = −b/w
    (NaN when w = 0); term k = v_k·σ(w_k x + b_k) rises with x where v_k·w_k > 0 (``term_rising``) and is flat
    where v_k·w_k = 0 (``term_flat``). ``shape`` is "hill" when one term rises and the other falls at a larger x
    (z climbs, then drops back), "valley" when the falling step comes first, "monotone" otherwise (both terms move
    z the same way, or one is flat: ŷ cannot rise and fall again); ``between`` (lo, hi) the two step positions of
    a hill or a valley, in order (None for "monotone").
    """

    params: tuple
    hidden: np.ndarray
    terms: np.ndarray
    pre_output: np.ndarray
    output: np.ndarray
    loss: float
    accuracy: float
    steps: np.ndarray
    term_rising: np.ndarray
    term_flat: np.ndarray
    shape: str
    between: tuple | None


def beans_view(params, X, y, grid) -> BeansView:
    """Forward the grid and the beans through :func:`beans_net` (``params``) — see :class:`BeansView`."""
    net = beans_net(params)
    trace = net.forward(grid)
    w1, b1, w2, b2, v1, v2, _ = (float(p) for p in params)
    w, b, v = np.array([w1, w2]), np.array([b1, b2]), np.array([v1, v2])
    steps = np.full(2, np.nan)
    sloped = np.abs(w) > 1e-12  # a weight of 1e-320 (a link can carry it) is flat: −b/w would overflow to ±inf
    steps[sloped] = -b[sloped] / w[sloped]
    slope = v * w
    flat, rising = (slope == 0.0) | ~sloped, slope > 0.0
    shape, between = "monotone", None
    if not flat.any() and rising[0] != rising[1]:
        up, down = (0, 1) if rising[0] else (1, 0)
        shape = "hill" if steps[up] < steps[down] else "valley"
        between = (float(steps.min()), float(steps.max()))
    return BeansView(tuple(float(p) for p in params), trace.A[1], contributions(net, trace, 2), trace.Z[2][:, 0],
                     trace.A[2][:, 0], net.loss(X, y, "mse"), net.accuracy(X, y), steps, rising, flat, shape,
                     between)


@dataclass(frozen=True)
class BeansBaseline:
    """Article 4's claim, measured: one sigmoid neuron ŷ = σ(w·x + c), fitted to the beans by gradient descent on
    the squared error, against always answering "not toxic" and the 1-2-1 network.

    ``w``, ``c`` the fitted neuron, ``curve`` (g,) its ŷ on the grid, ``accuracy`` and ``loss`` on the beans;
    ``majority`` the share of non-toxic beans (the accuracy of always answering 0); ``epochs`` trained, and
    ``still_moving`` the largest change of w or c over the last 100 of them (on the beans: 0, it has stopped).
    """

    w: float
    c: float
    curve: np.ndarray
    accuracy: float
    loss: float
    majority: float
    epochs: int
    still_moving: float


def beans_baseline(X, y, grid, epochs: int = 1000, learning_rate: float = 3.0) -> BeansBaseline:
    """Fit MLP([1, 1], sigmoid) from w = c = 0 with full-batch gradient descent (η = 3, squared error, as the 1-2-1
    network is fitted). On the 100 beans it stops at w ≈ −0.79, c ≈ 0.43 — toxic below x ≈ 0.55 — and classifies
    47 % of them right, fewer than the 62 % of always answering "not toxic" (the 1-2-1 network reaches 100 %).
    """
    y = np.asarray(y).reshape(-1)
    net = MLP([1, 1], output="sigmoid", init="zeros")
    trainer = Trainer(net, X, y, loss="mse", optimizer="sgd", learning_rate=learning_rate, classify=False)
    trainer.run(int(epochs) - 100, eval_every=int(epochs))
    before = np.array([net.weights[0][0, 0], net.biases[0][0]])
    trainer.run(100, eval_every=100)
    after = np.array([net.weights[0][0, 0], net.biases[0][0]])
    return BeansBaseline(float(after[0]), float(after[1]), net.predict(grid)[:, 0], net.accuracy(X, y),
                         net.loss(X, y, "mse"), float(np.mean(y == 0)), int(epochs),
                         float(np.max(np.abs(after - before))))


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

    One full-batch step with rate η on the mean loss moves each weight by η/m times the summed per-example
    gradients; Article 4 updates after every bean with rate 0.03, so one of its epochs moves the weights by about
    0.03 times the same sum (about: its later beans see weights already moved by the earlier ones). Hence η ≈
    0.03 × 100 = 3 for the 100 beans. ``net`` itself is not changed. The network must have one output unit.
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


def fitted_beans_params(record: FitRecord) -> tuple[float, ...]:
    """The seven parameters (order :data:`BEANS_PARAMS`) of a 1-2-1 fit's last snapshot."""
    (W1, W2), (b1, b2) = record.params[-1]
    return tuple(float(v) for v in (W1[0, 0], b1[0], W1[0, 1], b1[1], W2[0, 0], W2[1, 0], b2[0]))
