"""What the gradient-descent page draws, computed: tangent lines, contour grids, optimizer runs, mini-batch paths.

Built on :mod:`nncore.surfaces` (the functions and loss surfaces) and :mod:`nncore.optimizers` (the update rules);
nothing here re-implements an update rule except the mini-batch gradient of logistic regression, which is the
course's dw = x·(a − y) averaged over a batch.

The learning rate is η throughout (the page's notation).

- 1-D: :func:`curve_1d`, :func:`plot_window`, :func:`tangent_line`, :func:`update_1d` (a_{k+1} = a_k − η·f′(a_k)
  with its numbers), :func:`step_view` (everything the chart and the formula show at step k, from one run),
  :func:`frame_indices` (which steps an animation shows), :func:`fewest_steps` (which η reaches the tolerance first).
- 2-D: :func:`contour_grid`, :func:`run_optimizers`, :func:`descent_verdict`,
  :func:`loss_gap`, :func:`lowest_value`, :func:`quadratic_check`, :func:`bowl_rates` (η·λmax against 2) and
  :func:`diverging_rates` (which of some rates diverge on a bowl).
- Data: :func:`minibatch_descent` (batch / mini-batch / stochastic paths of logistic regression in (w1, w2) with
  the loss per epoch), :func:`batch_comparison` (the three side by side), :func:`scaling_data`,
  :func:`scaling_comparison` (raw vs normalized inputs) and :func:`scaling_view` (with their contour grids).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from .. import datasets
from .. import surfaces as sf
from ..optimizers import Path, make_optimizer, optimize
from .._util import as_rng

__all__ = [
    "curve_1d", "plot_window", "tangent_line", "Update1D", "update_1d", "StepView", "step_view", "frame_indices",
    "fewest_steps", "lowest_value", "diverging_rates", "BatchComparison", "batch_comparison", "ScalingView",
    "scaling_view",
    "ContourGrid", "contour_grid", "square_bounds", "OPTIMIZER_NAMES", "optimizer_hyper", "run_optimizers",
    "Verdict", "descent_verdict", "loss_gap", "QuadraticCheck", "quadratic_check", "bowl_rates",
    "logistic_batch_gradient", "MinibatchRun", "minibatch_descent", "scaling_data", "ScalingRun",
    "scaling_comparison",
]

Array = np.ndarray


# ==============================================================================================================
# 1-D

def plot_window(fn: str | sf.Function1D, points: Any = (), max_width: float = 1e4) -> tuple[float, float]:
    """The a-interval to draw: ``fn.plot_range`` widened to contain ``points`` (a descent's a_k).

    The window is widened by 5 % of its width on each side it grew, kept inside the domain (for ln a the left end
    stays at plot_range's left end) and at most ``max_width`` wide around the plot range.
    """
    func = sf.get_function_1d(fn)
    lo, hi = func.plot_range
    pts = np.asarray(points, dtype=np.float64).ravel()
    pts = pts[np.isfinite(pts)]
    if pts.size:
        new_lo, new_hi = min(lo, float(pts.min())), max(hi, float(pts.max()))
        pad = 0.05 * (new_hi - new_lo)
        if new_lo < lo:
            lo = max(new_lo - pad, func.plot_range[1] - max_width)
        if new_hi > hi:
            hi = min(new_hi + pad, func.plot_range[0] + max_width)
        if func.domain[0] > -math.inf:
            lo = max(lo, func.plot_range[0])
    return float(lo), float(hi)


def curve_1d(fn: str | sf.Function1D, window: tuple[float, float] | None = None,
             n: int = 241) -> tuple[Array, Array]:
    """``n`` points a evenly spaced over ``window`` (default ``fn.plot_range``) and f(a): shapes (n,), (n,)."""
    func = sf.get_function_1d(fn)
    lo, hi = window if window is not None else func.plot_range
    a = np.linspace(lo, hi, int(n))
    return a, np.asarray(func.f(a), dtype=np.float64)


def tangent_line(fn: str | sf.Function1D, a0: float, half_width: float) -> tuple[Array, Array]:
    """The tangent at a0 as a segment: a = a0 ± half_width, y = f(a0) + f′(a0)·(a − a0). Shapes (2,), (2,)."""
    func = sf.get_function_1d(fn)
    a = np.array([a0 - half_width, a0 + half_width], dtype=np.float64)
    return a, func.f(a0) + func.df(a0) * (a - a0)


@dataclass(frozen=True)
class Update1D:
    """One gradient-descent update a_next = a − η·f′(a), with every number of the formula.

    ``change`` = η·f′(a) (what is subtracted); ``a_next`` is computed exactly as :func:`nncore.surfaces.descend_1d`
    does (float64), so it equals the run's a_{k+1}. ``f_next`` is None when a_next leaves the domain or overflows.
    """

    k: int
    a: float
    f: float
    slope: float
    learning_rate: float
    change: float
    a_next: float
    f_next: float | None


def update_1d(fn: str | sf.Function1D, a: float, learning_rate: float, k: int = 0) -> Update1D:
    """The update a_{k+1} = a_k − η·f′(a_k) at a_k = ``a`` (Article 2: w ← w − LR·g(w))."""
    func = sf.get_function_1d(fn)
    slope = float(func.df(a))
    with np.errstate(over="ignore", invalid="ignore"):
        change = float(np.float64(learning_rate) * np.float64(slope))
        a_next = float(np.float64(a) - np.float64(learning_rate) * np.float64(slope))
    f_next = None
    if math.isfinite(a_next) and func.in_domain(a_next):
        with np.errstate(over="ignore"):
            value = float(func.f(a_next))
        f_next = value if math.isfinite(value) else None
    return Update1D(int(k), float(a), float(func.f(a)), slope, float(learning_rate), change, a_next, f_next)


@dataclass(frozen=True)
class StepView:
    """What the 1-D chart and formula show at step k of a run: the path a_0..a_k, the update from a_k (its numbers),
    the tangent at a_k, and the window and curve to draw (wide enough for the path and the next point)."""

    k: int
    path_a: Array        # (k + 1,)
    path_f: Array        # (k + 1,)
    update: Update1D     # a_{k+1} = a_k − η·f′(a_k)
    show_next: bool      # the next point exists (inside the domain, finite) and k is below the step limit
    window: tuple[float, float]
    curve_a: Array       # (n,)
    curve_f: Array       # (n,)
    tangent_x: Array     # (2,)
    tangent_y: Array     # (2,)


def step_view(fn: str | sf.Function1D, run: sf.Descent1D, k: int, max_k: int, max_width_factor: float = 50.0,
              tangent_share: float = 0.12) -> StepView:
    """The view of ``run`` (from :func:`nncore.surfaces.descend_1d`) at step ``k``, clamped to the steps the run took
    and to ``max_k``. The window holds a_0..a_k and a_{k+1} (at most ``max_width_factor`` plot ranges wide); the
    tangent is drawn over ``tangent_share`` of the window's width on each side of a_k."""
    func = sf.get_function_1d(fn)
    k = int(min(max(int(k), 0), run.n_steps, int(max_k)))
    a_k = float(run.a[k])
    upd = update_1d(func, a_k, run.learning_rate, k)
    show_next = upd.f_next is not None and k < max_k
    lo, hi = func.plot_range
    window = plot_window(func, list(run.a[:k + 1]) + ([upd.a_next] if show_next else []),
                         max_width=max_width_factor * (hi - lo))
    curve_a, curve_f = curve_1d(func, window)
    tx, ty = tangent_line(func, a_k, tangent_share * (window[1] - window[0]))
    return StepView(k, run.a[:k + 1].copy(), run.f[:k + 1].copy(), upd, show_next, window, curve_a, curve_f, tx, ty)


def fewest_steps(fn: str | sf.Function1D, a0: float, rates: Sequence[float], n_steps: int = 1000,
                 tol: float = 1e-8) -> dict[float, tuple[int | None, float]]:
    """For each learning rate: (steps from ``a0`` until |f′(a)| ≤ ``tol``, or None if not within ``n_steps``; the
    factor |1 − η·f″(a*)| by which a step multiplies the distance to the minimum near it). On a² (f″ = 2) η = 0.5
    makes the factor 0 and lands on the minimum in one step; η = 0.1 and η = 0.9 share the factor 0.8 and the
    number of steps."""
    out = {}
    for r in rates:
        run = sf.descend_1d(fn, a0, float(r), n_steps=int(n_steps), tol=tol)
        out[float(r)] = (run.steps_to_tol, abs(1.0 - run.alpha_f2))
    return out


def frame_indices(n_points: int, max_frames: int = 60) -> Array:
    """Indices 0..n_points − 1 an animation shows: all of them, or ``max_frames`` evenly spread ones (first and last
    included, ascending, no repeats)."""
    n = int(n_points)
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    if n <= max_frames:
        return np.arange(n)
    return np.unique(np.round(np.linspace(0, n - 1, int(max_frames))).astype(np.int64))


# ==============================================================================================================
# 2-D surfaces

@dataclass(frozen=True)
class ContourGrid:
    """f on a mesh for a contour plot.

    xs (nx,), ys (ny,); values (ny, nx) with values[i, j] = f(xs[j], ys[i]); shown (ny, nx) — the values to colour:
    ``values`` itself (scale "linear") or log10(1 + f − min f) (scale "log", for surfaces whose valleys are
    thousands of times lower than their walls: Rosenbrock, Himmelblau, a steep bowl).
    """

    xs: Array
    ys: Array
    values: Array
    shown: Array
    scale: str
    offset: float = 0.0  # min f on the grid (subtracted by the "log" scale)

    def show(self, values: Any) -> Array:
        """The colour-scale transform applied to other f values (a path's losses, for the 3-D view)."""
        v = np.asarray(values, dtype=np.float64)
        return np.log10(1.0 + np.maximum(v - self.offset, 0.0)) if self.scale == "log" else v.copy()


def contour_grid(surface: sf.Surface, resolution: int = 61, scale: str = "linear",
                 bounds: Any = None) -> ContourGrid:
    """Evaluate ``surface.f`` on a ``resolution`` × ``resolution`` mesh over ``bounds`` (default surface.bounds)."""
    if scale not in ("linear", "log"):
        raise ValueError(f"scale must be 'linear' or 'log', got {scale!r}")
    xx, yy, pts = datasets.grid(surface.bounds if bounds is None else bounds, int(resolution))
    values = np.asarray(surface.f(pts.reshape(xx.shape + (2,))), dtype=np.float64)
    offset = float(np.nanmin(values))
    shown = np.log10(1.0 + values - offset) if scale == "log" else values
    return ContourGrid(xx[0].copy(), yy[:, 0].copy(), values, shown, scale, offset)


def square_bounds(bounds: Any) -> tuple[tuple[float, float], tuple[float, float]]:
    """The square around the centre of ``bounds`` ((xlo, xhi), (ylo, yhi)) whose side is the longer side: with equal
    axis scales an elongated valley then looks elongated."""
    (x0, x1), (y0, y1) = bounds
    half = max(x1 - x0, y1 - y0) / 2.0
    cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0
    return (cx - half, cx + half), (cy - half, cy + half)


#: The page's optimizers (nncore names); "sgd" with the full gradient is plain gradient descent.
OPTIMIZER_NAMES = ("sgd", "momentum", "nesterov", "rmsprop", "adam")


def optimizer_hyper(name: str, beta: float = 0.9) -> dict:
    """Hyper-parameters passed to :func:`nncore.make_optimizer`: β for momentum and Nesterov, defaults otherwise."""
    return {"beta": float(beta)} if name in ("momentum", "nesterov") else {}


def run_optimizers(surface: sf.Surface, start: Any, names: Sequence[str], learning_rate: float,
                   beta: float = 0.9, n_steps: int = 100, bound: float = 1e6) -> dict[str, Path]:
    """Each optimizer from the same start with the same η: ``{name: nncore.optimize(...)}`` (paths never hold
    NaN/inf; a run that overflows or leaves the ball of radius ``bound`` stops with status "diverged")."""
    return {name: optimize(surface.grad, start, make_optimizer(name, learning_rate, **optimizer_hyper(name, beta)),
                           int(n_steps), f=surface.f, bound=bound)
            for name in names}


def loss_gap(values: Any, f_min: float | None) -> Array:
    """f − f* for a log-scale loss curve (f itself when f* is unknown); exact zeros become 1e-16 so that a log
    axis can show them."""
    v = np.asarray(values, dtype=np.float64)
    if f_min is None:
        return v.copy()
    return np.maximum(v - f_min, 1e-16)


@dataclass(frozen=True)
class Verdict:
    """What a 2-D run did: status "converged" (f − f* ≤ tol), "diverged" (overflow / left the bound, or the loss
    grew on each of the last ``window`` steps and ended above the start), "escaping" (no minimum (``f_min`` None)
    and the loss keeps falling or the path left the bound downhill: the saddle), or "running" (still on its way). ``steps_to_tol`` is the first step with f − f* ≤ tol."""

    status: str
    steps_to_tol: int | None
    final_value: float
    growth: float | None  # f(last) / f(first) − 1 for a "diverged" run that grew, else None


def descent_verdict(path: Path, f_min: float | None, tol: float, window: int = 5) -> Verdict:
    """Classify a path from :func:`nncore.optimize` (see :class:`Verdict`)."""
    values = np.asarray(path.values, dtype=np.float64)
    final = float(values[-1])
    steps = path.steps_to(tol, f_min) if f_min is not None else None
    if path.status == "diverged":
        return Verdict("escaping" if f_min is None else "diverged", steps, final, None)
    if values.size > window:
        rising = np.all(np.diff(values[-(window + 1):]) > 0)
        if rising and final > values[0]:
            base = values[0] - (f_min if f_min is not None else 0.0)
            growth = (final - values[0]) / base if base > 0 else None
            return Verdict("diverged", steps, final, growth)
    if steps is not None:
        return Verdict("converged", steps, final, None)
    if f_min is None:
        return Verdict("escaping", None, final, None)
    return Verdict("running", None, final, None)


@dataclass(frozen=True)
class QuadraticCheck:
    """Gradient descent on f = ½ wᵀHw + gᵀw + c with step η: along the eigenvector of λ the error is multiplied
    by 1 − ηλ per step. ``alpha_lmax`` = η·λmax; ``factors`` = (1 − ηλmin, 1 − ηλmax); ``prediction``
    "converges" (η·λmax < 2), "bounces" (= 2: the steep direction flips sign forever) or "diverges" (> 2)."""

    lambdas: tuple[float, float]
    alpha_lmax: float
    factors: tuple[float, float]
    prediction: str


def quadratic_check(surface: sf.QuadraticSurface, learning_rate: float) -> QuadraticCheck:
    """Predict gradient descent on a quadratic surface from the Hessian's eigenvalues (see :class:`QuadraticCheck`)."""
    lo, hi = (float(v) for v in surface.eigenvalues())
    alpha = float(learning_rate)
    r = alpha * hi
    prediction = "converges" if r < 2.0 else "bounces" if r == 2.0 else "diverges"
    return QuadraticCheck((lo, hi), r, (1.0 - alpha * lo, 1.0 - alpha * hi), prediction)


def bowl_rates(surface: sf.QuadraticSurface, unstable_factor: float = 1.1) -> dict[str, float]:
    """The bowl's special step sizes: ``optimal`` 2/(λmin + λmax), ``max_stable`` 2/λmax, and ``unstable`` =
    ``unstable_factor`` × 2/λmax (just past the edge, so the steep direction diverges)."""
    return {"optimal": surface.optimal_step(), "max_stable": surface.max_stable_step(),
            "unstable": float(unstable_factor) * surface.max_stable_step()}


def diverging_rates(surface: sf.QuadraticSurface, rates: Sequence[float]) -> dict[float, QuadraticCheck]:
    """For each learning rate, what plain gradient descent does on the quadratic ``surface`` (:func:`quadratic_check`:
    ``prediction`` "converges" for η·λmax < 2, "bounces" at η = 2/λmax exactly, "diverges" above)."""
    return {float(r): quadratic_check(surface, float(r)) for r in rates}


def lowest_value(surface: sf.Surface) -> float | None:
    """f* = the lowest f over the surface's known minima (None for a surface without a minimum: the saddle)."""
    values = [float(surface.f(np.asarray(m, dtype=np.float64))) for m in surface.minima]
    return min(values) if values else None


# ==============================================================================================================
# batch vs mini-batch vs stochastic

def logistic_batch_gradient(X: Any, y: Any, w: Any) -> Array:
    """Gradient of the mean log loss of z = X w (no bias) on one batch: (1/b) Xᵀ(σ(Xw) − y).

    Shapes: X (b, 2), y (b,), w (2,) → (2,). The course's dz = a − y, dw = x·dz, averaged over the batch.
    σ is computed as exp(−log(1 + e^{−z})) (``logaddexp``), finite for any z.
    """
    X = np.asarray(X, dtype=np.float64)
    z = X @ np.asarray(w, dtype=np.float64)
    with np.errstate(under="ignore"):
        a = np.exp(-np.logaddexp(0.0, -z))
    return (a - np.asarray(y, dtype=np.float64)) @ X / X.shape[0]


@dataclass(frozen=True)
class MinibatchRun:
    """A run of (mini-batch) gradient descent on logistic regression.

    points : (U + 1, 2) — w after every update (U = epochs × updates_per_epoch), starting with the start
    epoch_index : (epochs + 1,) — row of ``points`` at the end of each epoch (0 for the start)
    epoch_loss : (epochs + 1,) — the full-data mean log loss at those points
    values : (U + 1,) — the full-data mean log loss after every update
    batch_size, updates_per_epoch : ints (the last batch of an epoch may be smaller)
    """

    points: Array
    epoch_index: Array
    epoch_loss: Array
    values: Array
    batch_size: int
    updates_per_epoch: int


def minibatch_descent(X: Any, y: Any, batch_size: int, learning_rate: float, epochs: int,
                      start: Any = (0.0, 0.0), seed: int = 0) -> MinibatchRun:
    """Logistic regression in (w1, w2) trained by SGD on batches of ``batch_size`` examples.

    Each epoch shuffles the m examples (a generator seeded by ``seed``) and walks through them in batches;
    each batch makes one update w ← w − η·∇L_batch(w) with nncore's SGD. batch_size = m is batch gradient
    descent (one update per epoch, no randomness), 1 is stochastic gradient descent.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    m = X.shape[0]
    if X.ndim != 2 or X.shape[1] != 2 or y.shape[0] != m or m == 0:
        raise ValueError(f"X must be (m, 2) and y (m,), got {X.shape} and {y.shape}")
    b = int(batch_size)
    if not 1 <= b <= m:
        raise ValueError(f"batch_size must be in 1..{m}, got {batch_size!r}")
    if int(epochs) < 1:
        raise ValueError(f"epochs must be ≥ 1, got {epochs!r}")
    surface = sf.logistic_loss(X, y)
    rng = as_rng(seed)
    opt = make_optimizer("sgd", learning_rate)
    w = np.asarray(start, dtype=np.float64).copy()
    points, epoch_index, epoch_loss = [w.copy()], [0], [float(surface.f(w))]
    for _ in range(int(epochs)):
        order = rng.permutation(m) if b < m else np.arange(m)
        for lo in range(0, m, b):
            idx = order[lo:lo + b]
            opt.step([w], [logistic_batch_gradient(X[idx], y[idx], w)])
            points.append(w.copy())
        epoch_index.append(len(points) - 1)
        epoch_loss.append(float(surface.f(w)))
    points = np.array(points)
    return MinibatchRun(points, np.array(epoch_index), np.array(epoch_loss), np.asarray(surface.f(points)), b,
                        math.ceil(m / b))


# ==============================================================================================================
# feature scaling

def scaling_data(n_samples: int = 100, spread: float = 10.0, seed: int = 0) -> tuple[Array, Array]:
    """Two features on different scales for a linear model ŷ = w1·x1 + w2·x2 (no bias).

    x1 ~ N(0, spread²) (a quantity measured in small units), x2 ~ N(0, 1), and
    y = x1/spread − 2·x2 + N(0, 0.3²). Columns and y are centred exactly (mean 0), so
    :func:`nncore.surfaces.standardize` only rescales: raw and normalized problems fit the same model with the
    same best loss. Returns X (m, 2), y (m,).
    """
    rng = as_rng(seed)
    m = int(n_samples)
    z = rng.standard_normal((m, 2))
    X = np.column_stack([float(spread) * z[:, 0], z[:, 1]])
    y = 1.0 * z[:, 0] - 2.0 * z[:, 1] + 0.3 * rng.standard_normal(m)
    return X - X.mean(axis=0), y - y.mean()


@dataclass(frozen=True)
class ScalingRun:
    """Gradient descent with the best fixed step 2/(λmin + λmax) on one version of the problem."""

    condition: float
    learning_rate: float
    f_min: float
    path: Path
    steps_to_tol: int | None


def scaling_comparison(X: Any, y: Any, tol: float = 1e-6, max_steps: int = 3000,
                       start: Any = (0.0, 0.0)) -> dict[str, ScalingRun]:
    """MSE of ŷ = Xw on raw inputs and on standardized inputs (Article 3: normalized inputs make gradient descent
    converge faster): ``{"raw": ScalingRun, "normalized": ScalingRun}``, each with its condition number κ, its
    own best step η* = 2/(λmin + λmax), the path of GD and the steps until MSE − MSE* ≤ ``tol``."""
    out = {}
    for key, features in (("raw", np.asarray(X, dtype=np.float64)), ("normalized", sf.standardize(X)[0])):
        surface = sf.linear_mse(features, y)
        alpha = surface.optimal_step()
        f_min = float(surface.f(np.asarray(surface.minima[0])))
        path = optimize(surface.grad, start, make_optimizer("sgd", alpha), int(max_steps), f=surface.f,
                        grad_tol=1e-12)
        out[key] = ScalingRun(surface.condition_number(), alpha, f_min, path, path.steps_to(tol, f_min))
    return out


@dataclass(frozen=True)
class BatchComparison:
    """Batch, mini-batch and stochastic gradient descent on the same logistic regression (no bias) from the same
    start with the same η: ``runs`` by kind ("batch", "minibatch", "stochastic"), the loss surface's contour ``grid``,
    its ``minimum`` (w1, w2) and lowest loss ``f_min``, and the number of examples ``m``."""

    runs: dict
    grid: ContourGrid
    minimum: tuple
    f_min: float
    m: int


def batch_comparison(X: Any, y: Any, batch_size: int, learning_rate: float, epochs: int, start: Any,
                     resolution: int = 61, seed: int = 0) -> BatchComparison:
    """Run :func:`minibatch_descent` with the whole data set, ``batch_size`` and 1 example per update."""
    X = np.asarray(X, dtype=np.float64)
    m = X.shape[0]
    sizes = {"batch": m, "minibatch": int(batch_size), "stochastic": 1}
    runs = {k: minibatch_descent(X, y, b, learning_rate, epochs, start, seed=seed) for k, b in sizes.items()}
    surface = sf.logistic_loss(X, y)
    minimum = tuple(float(v) for v in surface.minima[0])
    return BatchComparison(runs, contour_grid(surface, resolution), minimum, float(surface.f(np.array(minimum))), m)


@dataclass(frozen=True)
class ScalingView:
    """:func:`scaling_comparison` with what its two contour plots need: ``grids`` and ``minima`` by key ("raw",
    "normalized"), each grid a square around the surface's bounds (equal axis scales show the true shape)."""

    runs: dict
    grids: dict
    minima: dict


def scaling_view(spread: float, n_samples: int = 100, seed: int = 0, tol: float = 1e-6, max_steps: int = 2000,
                 resolution: int = 61) -> ScalingView:
    """The feature-scaling comparison for inputs x₁ of the given ``spread`` (x₂ has spread 1)."""
    X, y = scaling_data(n_samples, spread, seed=seed)
    runs = scaling_comparison(X, y, tol=tol, max_steps=max_steps)
    grids, minima = {}, {}
    for key, features in (("raw", X), ("normalized", sf.standardize(X)[0])):
        surface = sf.linear_mse(features, y)
        grids[key] = contour_grid(surface, resolution, "log", bounds=square_bounds(surface.bounds))
        minima[key] = surface.minima
    return ScalingView(runs, grids, minima)
