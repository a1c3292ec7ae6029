"""Functions to descend, for the gradient-descent page: the course's 1-D functions and 2-D loss surfaces.

1-D (``FUNCTIONS_1D``): a², a³, ln a, 3a and a quartic with two minima, each with f, f′, f″. :func:`descend_1d`
runs a ← a − α·f′(a) and says what happened ("converged", "running", "diverged", "left_domain", "oscillating");
:func:`classify_rate` predicts it for a quadratic from α·f″.

2-D (``SURFACES``): :class:`Surface` objects with ``f``, ``grad`` and ``hessian`` that accept one point W of
shape (2,) or a whole grid of shape (..., 2). Quadratic surfaces (bowl, saddle, linear-model MSE) are
:class:`QuadraticSurface` and also give their eigenvalues and the step sizes that the eigenvalues allow.

Surfaces evaluate under ``np.errstate(over="ignore", invalid="ignore")``: at absurd points (a diverged optimiser)
they return inf or NaN silently instead of warning, so the caller checks ``np.isfinite`` and says so in words.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Mapping

import numpy as np

from ._util import Registry

__all__ = [
    "Function1D",
    "FUNCTIONS_1D",
    "get_function_1d",
    "StopReason",
    "Descent1D",
    "descend_1d",
    "classify_rate",
    "DESCENT_STATUSES",
    "RATE_CLASSES",
    "Surface",
    "QuadraticSurface",
    "quadratic_bowl",
    "rosenbrock",
    "saddle",
    "himmelblau",
    "logistic_loss",
    "linear_mse",
    "standardize",
    "SURFACES",
]

Array = np.ndarray


# ==============================================================================================================
# 1-D functions


@dataclass(frozen=True, eq=False)
class Function1D:
    """A differentiable function of one variable a.

    Attributes
    ----------
    name : registry name
    domain : (lo, hi) — the open interval where f is defined (±inf for all of ℝ)
    plot_range : (lo, hi) — a good window to draw f
    default_start : a₀ for gradient descent
    latex, latex_df, latex_d2f : f(a), f′(a), f″(a) as LaTeX
    minima : local minimizers, ascending (empty when f has no minimum)
    global_minimum : the minimizer with the lowest f, or None
    """

    name: str
    _f: Callable[[Array], Array]
    _df: Callable[[Array], Array]
    _d2f: Callable[[Array], Array]
    domain: tuple[float, float]
    plot_range: tuple[float, float]
    default_start: float
    latex: str
    latex_df: str
    latex_d2f: str
    minima: tuple[float, ...] = ()
    global_minimum: float | None = None

    def in_domain(self, a: Any) -> Array | bool:
        """True where lo < a < hi."""
        arr = np.asarray(a, dtype=np.float64)
        inside = (arr > self.domain[0]) & (arr < self.domain[1])
        return bool(inside) if inside.ndim == 0 else inside

    def _eval(self, fn: Callable[[Array], Array], a: Any) -> Array | float:
        arr = np.asarray(a, dtype=np.float64)
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{self.name}: a contains NaN or infinite values")
        if not np.all(self.in_domain(arr)):
            raise ValueError(f"{self.name}: a is outside the domain {self.domain[0]} < a < {self.domain[1]} "
                             f"(f(a) = {self.latex} is not defined there)")
        with np.errstate(over="ignore", divide="ignore", under="ignore"):  # ±inf at a ≈ 1e-308: reported, not warned
            out = np.asarray(fn(arr), dtype=np.float64)
        return float(out) if out.ndim == 0 else out

    def f(self, a: Any) -> Array | float:
        """f(a); a scalar or array inside the domain (ValueError outside)."""
        return self._eval(self._f, a)

    def df(self, a: Any) -> Array | float:
        """f′(a), the slope."""
        return self._eval(self._df, a)

    def d2f(self, a: Any) -> Array | float:
        """f″(a), the curvature."""
        return self._eval(self._d2f, a)


def _quartic_stationary() -> tuple[tuple[float, ...], float]:
    # f′(a) = 4a³ − 6a + 1 has three real roots: minimum, maximum, minimum.
    roots = np.sort(np.roots([4.0, 0.0, -6.0, 1.0]).real)
    minima = (float(roots[0]), float(roots[2]))
    values = [m**4 - 3 * m**2 + m for m in minima]
    return minima, minima[int(np.argmin(values))]


_QUARTIC_MINIMA, _QUARTIC_GLOBAL = _quartic_stationary()
_INF = math.inf

#: The course's 1-D functions (lesson 002's derivative-as-slope examples, plus a quartic with two minima).
FUNCTIONS_1D: Mapping[str, Function1D] = Registry("1-D function", {
    "square": Function1D("square", lambda a: a**2, lambda a: 2.0 * a, lambda a: np.full_like(a, 2.0),
                         (-_INF, _INF), (-3.0, 3.0), 2.5, "a^2", "2a", "2", (0.0,), 0.0),
    "cube": Function1D("cube", lambda a: a**3, lambda a: 3.0 * a**2, lambda a: 6.0 * a,
                       (-_INF, _INF), (-2.0, 2.0), 1.5, "a^3", "3a^2", "6a"),
    "log": Function1D("log", np.log, lambda a: 1.0 / a, lambda a: -1.0 / a**2,
                      (0.0, _INF), (0.05, 4.0), 2.0, r"\ln a", r"\frac{1}{a}", r"-\frac{1}{a^2}"),
    "linear": Function1D("linear", lambda a: 3.0 * a, lambda a: np.full_like(a, 3.0),
                         lambda a: np.zeros_like(a), (-_INF, _INF), (-3.0, 3.0), 2.0, "3a", "3", "0"),
    "quartic": Function1D("quartic", lambda a: a**4 - 3.0 * a**2 + a, lambda a: 4.0 * a**3 - 6.0 * a + 1.0,
                          lambda a: 12.0 * a**2 - 6.0, (-_INF, _INF), (-2.2, 2.2), 2.0,
                          "a^4 - 3a^2 + a", "4a^3 - 6a + 1", "12a^2 - 6", _QUARTIC_MINIMA, _QUARTIC_GLOBAL),
})


def get_function_1d(fn: str | Function1D) -> Function1D:
    """A :class:`Function1D` from itself or its registry name (ValueError listing the names otherwise)."""
    if isinstance(fn, Function1D):
        return fn
    return FUNCTIONS_1D[fn]


#: Possible values of :attr:`Descent1D.status`.
DESCENT_STATUSES = ("converged", "running", "diverged", "left_domain", "oscillating")
#: Possible results of :func:`classify_rate`.
RATE_CLASSES = ("too_small", "good", "oscillating", "diverging")


@dataclass(frozen=True)
class StopReason:
    """Why a descent was declared diverged or stopped at the domain's edge.

    Attributes
    ----------
    kind : "bound" (|a| or |f(a)| passed the bound), "nonfinite" (the update overflowed), "growing" (the distance
        to the minimum grew on every recent step) or "domain" (a left the domain, e.g. a ≤ 0 for ln a)
    step : index k of the step a_k → a_{k+1} that failed (for "growing": the last step taken)
    value : the rejected a_{k+1} (for "growing": the last a) — never stored in the arrays
    error_ratio : measured |a_{k+1} − a*| / |a_k − a*| (step-size ratio when f has no minimum), or None
    alpha_f2 : α·f″ at the minimum a* (at a₀ when f has no minimum)
    bound : the bound used
    """

    kind: str
    step: int
    value: float
    error_ratio: float | None
    alpha_f2: float
    bound: float


@dataclass(frozen=True, eq=False)
class Descent1D:
    """The record of one gradient-descent run on a 1-D function.

    Attributes
    ----------
    function : name of the function
    learning_rate : α
    a, f, df : ndarray, shape (K + 1,) — a_k, f(a_k), f′(a_k) for k = 0..K (always finite; a failed step is not
        stored)
    status : one of ``DESCENT_STATUSES``
    converged : True when |f′(a_K)| ≤ tol was reached (an "oscillating" run may also have converged)
    steps_to_tol : the k at which |f′(a_k)| ≤ tol first held, or None
    estimated_steps_to_tol : when not converged but contracting (error ratio r < 1), the total number of steps
        the measured rate predicts: K + ⌈ln(tol/|f′(a_K)|) / ln r⌉; otherwise None
    error_ratio : measured |a_{k+1} − a*| / |a_k − a*| (median of the last five steps), a* the minimizer
        nearest a_K; for functions without a minimum the ratio of successive step sizes; None if < 1 step
    minimizer : a* used for the ratio, or None
    alpha_f2 : α·f″(a*) (α·f″(a₀) without a minimum); for f = ½λa² the error is multiplied by 1 − α·f″ per step
    reason : :class:`StopReason` for "diverged" and "left_domain", else None
    """

    function: str
    learning_rate: float
    a: Array
    f: Array
    df: Array
    status: str
    converged: bool
    steps_to_tol: int | None
    estimated_steps_to_tol: int | None
    error_ratio: float | None
    minimizer: float | None
    alpha_f2: float
    reason: StopReason | None

    @property
    def n_steps(self) -> int:
        """Number of steps taken, K."""
        return int(self.a.size - 1)


def _positive(value: Any, name: str) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a positive number, got {value!r}") from None
    if not math.isfinite(x) or x <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return x


def _ratios(points: list[float], centre: float | None) -> np.ndarray:
    """|e_{k+1}| / |e_k| for e = a − centre, or successive |Δa| ratios when centre is None."""
    arr = np.asarray(points, dtype=np.float64)
    e = np.abs(arr - centre) if centre is not None else np.abs(np.diff(arr))
    num, den = e[1:], e[:-1]
    ok = den > 1e-300
    return num[ok] / den[ok]


def _alternates(steps: np.ndarray, last: int = 10) -> bool:
    """The step Δa changed sign on every one of the last ``last`` consecutive pairs (at least 3 pairs)."""
    recent = steps[-(last + 1):]
    if recent.size < 4 or np.any(recent == 0):
        return False
    return bool(np.all(recent[1:] * recent[:-1] < 0))


def descend_1d(fn: str | Function1D, a0: float | None = None, learning_rate: float = 0.1, n_steps: int = 100,
               tol: float = 1e-8, bound: float = 1e6) -> Descent1D:
    """Gradient descent on a 1-D function: a_{k+1} = a_k − α·f′(a_k), at most ``n_steps`` steps.

    The run stops early when |f′(a_k)| ≤ tol (converged), when a step would leave the domain (status
    "left_domain", e.g. ln a at a ≤ 0), or when |a|, |f(a)| would exceed ``bound`` or be non-finite ("diverged").
    A rejected step is described in ``reason`` but never stored: the arrays stay finite.

    Status (first rule that applies):

    1. "left_domain" / "diverged" — the run hit the domain edge / the bound;
    2. "diverged" — f has a minimum and |a − a*| grew on each of the last (up to five, at least three) steps
       and overall (kind "growing": for f = a², α·f″ > 2);
    3. "oscillating" — the step Δa changed sign on each of the last (up to ten, at least three) pairs of steps;
       ``converged`` tells whether it still reached the tolerance (for a², 1 < α·f″ < 2 converges, α·f″ = 2 bounces
       between ±a₀ forever);
    4. "converged" — |f′| ≤ tol was reached;
    5. "running" — none of these within ``n_steps`` (too small α, or no minimum: 3a, ln a, a³).

    Parameters
    ----------
    fn : name in ``FUNCTIONS_1D`` or a :class:`Function1D`
    a0 : start (default ``fn.default_start``), finite, inside the domain, |a0| ≤ bound
    learning_rate : α > 0
    n_steps : int in 1..1_000_000
    tol : > 0 — tolerance on |f′(a)|
    bound : > 0 — divergence bound on |a| and |f(a)|

    Returns
    -------
    Descent1D
    """
    func = get_function_1d(fn)
    alpha = _positive(learning_rate, "learning_rate")
    tol = _positive(tol, "tol")
    bound = _positive(bound, "bound")
    if isinstance(n_steps, bool) or not isinstance(n_steps, (int, np.integer)) or not 1 <= n_steps <= 1_000_000:
        raise ValueError(f"n_steps must be an integer in 1..1000000, got {n_steps!r}")
    start = func.default_start if a0 is None else a0
    try:
        start = float(start)
    except (TypeError, ValueError):
        raise ValueError(f"a0 must be a number, got {a0!r}") from None
    if not math.isfinite(start) or abs(start) > bound or not func.in_domain(start):
        raise ValueError(f"a0 must be finite, |a0| ≤ {bound:g} and inside the domain "
                         f"{func.domain[0]} < a < {func.domain[1]} of {func.name}; got {a0!r}")
    if abs(func.f(start)) > bound:
        raise ValueError(f"|f(a0)| = {abs(func.f(start)):g} already exceeds the bound {bound:g}")

    a_list, f_list, g_list = [start], [func.f(start)], [func.df(start)]
    steps_to_tol = 0 if abs(g_list[0]) <= tol else None
    failed: tuple[str, int, float] | None = None  # (kind, step, rejected value)
    k = 0
    while steps_to_tol is None and k < n_steps:
        with np.errstate(over="ignore", invalid="ignore"):
            a_new = float(np.float64(a_list[-1]) - np.float64(alpha) * np.float64(g_list[-1]))
        if not math.isfinite(a_new):
            failed = ("nonfinite", k, a_new)
        elif not func.in_domain(a_new):
            failed = ("domain", k, a_new)
        elif abs(a_new) > bound or abs(func.f(a_new)) > bound:
            failed = ("bound", k, a_new)
        if failed:
            break
        a_list.append(a_new)
        f_list.append(func.f(a_new))
        g_list.append(func.df(a_new))
        k += 1
        if abs(g_list[-1]) <= tol:
            steps_to_tol = k

    a_last = a_list[-1]
    minimizer = min(func.minima, key=lambda m: abs(m - a_last)) if func.minima else None
    trail = a_list + ([failed[2]] if failed and math.isfinite(failed[2]) else [])
    ratios = _ratios(trail, minimizer)
    error_ratio = float(np.median(ratios[-5:])) if ratios.size else None
    with np.errstate(over="ignore", divide="ignore", under="ignore"):
        alpha_f2 = alpha * float(func._d2f(np.float64(minimizer if minimizer is not None else start)))

    steps = np.diff(np.asarray(a_list))
    reason = None
    if failed:
        status = "left_domain" if failed[0] == "domain" else "diverged"
        reason = StopReason(failed[0], failed[1], failed[2], error_ratio, alpha_f2, bound)
    elif minimizer is not None and ratios.size >= 3 and np.all(ratios[-5:] > 1.0) \
            and abs(a_last - minimizer) > abs(start - minimizer):
        status = "diverged"
        reason = StopReason("growing", k - 1, a_last, error_ratio, alpha_f2, bound)
    elif _alternates(steps):
        status = "oscillating"
    elif steps_to_tol is not None:
        status = "converged"
    else:
        status = "running"

    estimate = None
    if steps_to_tol is None and status in ("running", "oscillating") and error_ratio is not None \
            and 0.0 < error_ratio < 1.0 and abs(g_list[-1]) > 0:
        estimate = k + max(1, math.ceil(math.log(tol / abs(g_list[-1])) / math.log(error_ratio)))

    arrays = [np.asarray(v, dtype=np.float64) for v in (a_list, f_list, g_list)]
    for arr in arrays:
        arr.setflags(write=False)
    return Descent1D(func.name, alpha, *arrays, status=status, converged=steps_to_tol is not None,
                     steps_to_tol=steps_to_tol, estimated_steps_to_tol=estimate, error_ratio=error_ratio,
                     minimizer=minimizer, alpha_f2=alpha_f2, reason=reason)


def classify_rate(fn: str | Function1D, a0: float | None, learning_rate: float, slow_below: float = 0.1) -> str:
    """Predict gradient descent's behaviour from r = α·f″(a₀) (exact for a quadratic, local otherwise).

    For f = ½λa² (f″ = λ, minimum at 0), one step gives a_{k+1} = a_k − αλa_k = (1 − αλ)·a_k: the error is
    multiplied by 1 − r every step. Hence

    - r < ``slow_below``: "too_small" — monotone but each step removes less than ``slow_below`` of the error;
    - slow_below ≤ r ≤ 1: "good" — monotone convergence (r = 1 lands on the minimum in one step);
    - 1 < r ≤ 2: "oscillating" — the sign flips every step; it converges for r < 2, and at exactly r = 2
      (|1 − r| = 1) it bounces between ±a₀ forever, neither converging nor diverging;
    - r > 2: "diverging" — |1 − r| > 1, the error grows geometrically.

    Raises ValueError when f″(a₀) ≤ 0 (no curvature to compare with: 3a, ln a, a³ at a ≤ 0).
    """
    func = get_function_1d(fn)
    alpha = _positive(learning_rate, "learning_rate")
    slow_below = _positive(slow_below, "slow_below")
    if slow_below > 1:
        raise ValueError(f"slow_below must be in (0, 1], got {slow_below}")
    try:
        start = func.default_start if a0 is None else float(a0)
    except (TypeError, ValueError):
        raise ValueError(f"a0 must be a number, got {a0!r}") from None
    curvature = func.d2f(start)
    if curvature <= 0:
        raise ValueError(f"classify_rate needs positive curvature f″(a0) > 0; {func.name} has "
                         f"f″({start:g}) = {curvature:g}")
    r = alpha * curvature
    if r < slow_below:
        return "too_small"
    if r <= 1.0:
        return "good"
    if r <= 2.0:
        return "oscillating"
    return "diverging"


# ==============================================================================================================
# 2-D surfaces


def _points(W: Any) -> Array:
    arr = np.asarray(W, dtype=np.float64)
    if arr.ndim == 0 or arr.shape[-1] != 2:
        raise ValueError(f"W must have shape (2,) or (..., 2), got {arr.shape}")
    return arr


def _scalar_or_array(out: Array) -> Array | float:
    return float(out) if np.ndim(out) == 0 else out


class Surface:
    """A loss surface f(W) over two parameters W = (w₁, w₂).

    Methods accept one point of shape (2,) or any stack (..., 2) (e.g. a contour grid of shape (n, n, 2)):

    - ``f(W)`` → float or (...,)
    - ``grad(W)`` → (2,) or (..., 2): [∂f/∂w₁, ∂f/∂w₂]
    - ``hessian(W)`` → (2, 2) or (..., 2, 2)

    Attributes
    ----------
    name : registry name
    latex : the formula
    bounds : ((xmin, xmax), (ymin, ymax)) for plotting
    default_start : (2,) tuple, a start for descent inside ``bounds``
    minima : list of known minimizers, each a (2,) tuple (empty when there is none, e.g. the saddle)
    saddle_points : list of known saddle points
    param_names : names of the two parameters, e.g. ("w", "b")
    """

    def __init__(self, name: str, latex: str, f: Callable[[Array], Array], grad: Callable[[Array], Array],
                 hessian: Callable[[Array], Array], bounds: tuple[tuple[float, float], tuple[float, float]],
                 default_start: tuple[float, float], minima: list[tuple[float, float]] | None = None,
                 saddle_points: list[tuple[float, float]] | None = None,
                 param_names: tuple[str, str] = ("w1", "w2")):
        self.name = name
        self.latex = latex
        self._f, self._grad, self._hess = f, grad, hessian
        self.bounds = tuple((float(lo), float(hi)) for lo, hi in bounds)
        self.default_start = (float(default_start[0]), float(default_start[1]))
        self.minima = [tuple(float(v) for v in m) for m in (minima or [])]
        self.saddle_points = [tuple(float(v) for v in s) for s in (saddle_points or [])]
        self.param_names = tuple(param_names)

    def f(self, W: Any) -> Array | float:
        """Loss value(s): W (2,) → float, W (..., 2) → (...,)."""
        P = _points(W)
        with np.errstate(over="ignore", invalid="ignore"):
            return _scalar_or_array(self._f(P))

    def grad(self, W: Any) -> Array:
        """Gradient ∇f: W (..., 2) → (..., 2)."""
        P = _points(W)
        with np.errstate(over="ignore", invalid="ignore"):
            return self._grad(P)

    def hessian(self, W: Any) -> Array:
        """Hessian ∇²f: W (..., 2) → (..., 2, 2)."""
        P = _points(W)
        with np.errstate(over="ignore", invalid="ignore"):
            return self._hess(P)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r}: {self.latex})"


class QuadraticSurface(Surface):
    """f(W) = ½ Wᵀ H W + gᵀ W + c with a constant symmetric Hessian H (2, 2).

    Gradient descent W ← W − α(HW + g) shrinks the error along the eigenvector of eigenvalue λ by (1 − αλ) per
    step, so it converges iff α < 2/λmax, and the step 2/(λmin + λmax) makes the slowest and fastest direction
    contract equally fast (by (κ − 1)/(κ + 1), κ = λmax/λmin the condition number).
    """

    def __init__(self, name: str, latex: str, H: Any, g: Any = (0.0, 0.0), c: float = 0.0, *,
                 bounds: tuple[tuple[float, float], tuple[float, float]], default_start: tuple[float, float],
                 param_names: tuple[str, str] = ("w1", "w2")):
        H = np.asarray(H, dtype=np.float64)
        g = np.asarray(g, dtype=np.float64)
        if H.shape != (2, 2) or g.shape != (2,) or not np.all(np.isfinite(H)) or not np.all(np.isfinite(g)):
            raise ValueError(f"H must be a finite (2, 2) and g a finite (2,) array, got {H.shape} and {g.shape}")
        H = 0.5 * (H + H.T)
        H.setflags(write=False)
        g.setflags(write=False)
        self.H, self.g, self.c = H, g, float(c)
        lam = np.linalg.eigvalsh(H)
        minima, saddles = [], []
        if abs(lam[0] * lam[1]) > 0:
            stationary = tuple(np.linalg.solve(H, -g))
            (minima if lam[0] > 0 else saddles if lam[1] > 0 else []).append(stationary)

        def f(P: Array) -> Array:
            return 0.5 * np.einsum("...i,ij,...j->...", P, H, P) + P @ g + self.c

        def grad(P: Array) -> Array:
            return P @ H + g

        def hess(P: Array) -> Array:
            return np.broadcast_to(H, P.shape[:-1] + (2, 2)).copy()

        super().__init__(name, latex, f, grad, hess, bounds, default_start, minima, saddles, param_names)

    def eigenvalues(self) -> Array:
        """Eigenvalues of H, ascending: (λmin, λmax)."""
        return np.linalg.eigvalsh(self.H)

    def _require_positive_definite(self) -> tuple[float, float]:
        lo, hi = self.eigenvalues()
        if lo <= 0:
            raise ValueError(f"{self.name}: H is not positive definite (eigenvalues {lo:g}, {hi:g}); "
                             "gradient descent has no stable step here")
        return float(lo), float(hi)

    def condition_number(self) -> float:
        """κ = λmax / λmin (positive definite H only)."""
        lo, hi = self._require_positive_definite()
        return hi / lo

    def optimal_step(self) -> float:
        """α* = 2 / (λmin + λmax): the fixed step with the fastest worst-case convergence."""
        lo, hi = self._require_positive_definite()
        return 2.0 / (lo + hi)

    def max_stable_step(self) -> float:
        """2 / λmax: gradient descent converges for every start iff α < 2/λmax."""
        _, hi = self._require_positive_definite()
        return 2.0 / hi


def quadratic_bowl(condition: float = 10.0, scale: float = 1.0, angle: float = 0.0) -> QuadraticSurface:
    """An elliptic bowl f(W) = ½ Wᵀ H W with eigenvalues λmin = scale and λmax = scale·condition.

    H = R diag(λmin, λmax) Rᵀ with R the rotation by ``angle`` (radians): at angle 0 the flat direction is w₁ and the
    steep one w₂, f = ½(λmin w₁² + λmax w₂²). Minimum at (0, 0).

    Parameters
    ----------
    condition : κ ≥ 1; scale : > 0; angle : finite
    """
    kappa = _positive(condition, "condition")
    if kappa < 1:
        raise ValueError(f"condition must be ≥ 1 (it is λmax/λmin), got {condition!r}")
    lam = _positive(scale, "scale")
    theta = float(angle)
    if not math.isfinite(theta):
        raise ValueError(f"angle must be finite, got {angle!r}")
    R = np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]])
    H = R @ np.diag([lam, lam * kappa]) @ R.T
    latex = (r"\tfrac12\left(%g\,w_1^2 + %g\,w_2^2\right)" % (lam, lam * kappa) if theta == 0
             else r"\tfrac12 w^\top H w")
    return QuadraticSurface("quadratic_bowl", latex, H, bounds=((-3.0, 3.0), (-3.0, 3.0)),
                            default_start=(-2.5, 1.5))


def saddle() -> QuadraticSurface:
    """f(x, y) = x² − y²: a saddle at (0, 0) (H = diag(2, −2)); no minimum, f → −∞ along y."""
    return QuadraticSurface("saddle", "x^2 - y^2", np.diag([2.0, -2.0]), bounds=((-3.0, 3.0), (-3.0, 3.0)),
                            default_start=(-2.5, 0.01), param_names=("x", "y"))


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Surface:
    """Rosenbrock's banana valley f(x, y) = (a − x)² + b(y − x²)², minimum (a, a²) with f = 0.

    ∇f = (−2(a − x) − 4bx(y − x²), 2b(y − x²));
    ∇²f = [[2 − 4b(y − x²) + 8bx², −4bx], [−4bx, 2b]].
    """
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        raise ValueError(f"a and b must be numbers, got {a!r}, {b!r}") from None
    if not math.isfinite(a):
        raise ValueError(f"a must be finite, got {a!r}")
    b = _positive(b, "b")

    def f(P: Array) -> Array:
        x, y = P[..., 0], P[..., 1]
        return (a - x) ** 2 + b * (y - x**2) ** 2

    def grad(P: Array) -> Array:
        x, y = P[..., 0], P[..., 1]
        return np.stack([-2.0 * (a - x) - 4.0 * b * x * (y - x**2), 2.0 * b * (y - x**2)], axis=-1)

    def hess(P: Array) -> Array:
        x, y = P[..., 0], P[..., 1]
        hxx = 2.0 - 4.0 * b * (y - x**2) + 8.0 * b * x**2
        hxy = -4.0 * b * x
        hyy = np.full_like(x, 2.0 * b)
        return np.stack([np.stack([hxx, hxy], -1), np.stack([hxy, hyy], -1)], -2)

    half = max(2.0, 2.0 * abs(a))
    bounds = ((-half, half), (-1.0, max(3.0, a * a + 2.0)))
    latex = r"(%g - x)^2 + %g\,(y - x^2)^2" % (a, b)
    return Surface("rosenbrock", latex, f, grad, hess, bounds, (-1.2, 1.0), [(a, a * a)],
                   param_names=("x", "y"))


_HIMMELBLAU_MINIMA = ((3.0, 2.0), (-2.805118086952745, 3.131312518250573),
                      (-3.779310253377747, -3.2831859912861696), (3.5844283403304917, -1.8481265269644034))


def himmelblau() -> Surface:
    """Himmelblau's function f(x, y) = (x² + y − 11)² + (x + y² − 7)²: four minima with f = 0.

    ∇f = (4x(x² + y − 11) + 2(x + y² − 7), 2(x² + y − 11) + 4y(x + y² − 7));
    ∇²f = [[12x² + 4y − 42, 4x + 4y], [4x + 4y, 4x + 12y² − 26]].
    Which minimum gradient descent finds depends on the start.
    """
    def f(P: Array) -> Array:
        x, y = P[..., 0], P[..., 1]
        return (x**2 + y - 11.0) ** 2 + (x + y**2 - 7.0) ** 2

    def grad(P: Array) -> Array:
        x, y = P[..., 0], P[..., 1]
        u, v = x**2 + y - 11.0, x + y**2 - 7.0
        return np.stack([4.0 * x * u + 2.0 * v, 2.0 * u + 4.0 * y * v], axis=-1)

    def hess(P: Array) -> Array:
        x, y = P[..., 0], P[..., 1]
        hxx = 12.0 * x**2 + 4.0 * y - 42.0
        hxy = 4.0 * x + 4.0 * y
        hyy = 4.0 * x + 12.0 * y**2 - 26.0
        return np.stack([np.stack([hxx, hxy], -1), np.stack([hxy, hyy], -1)], -2)

    return Surface("himmelblau", r"(x^2 + y - 11)^2 + (x + y^2 - 7)^2", f, grad, hess,
                   ((-5.0, 5.0), (-5.0, 5.0)), (0.0, 0.0), list(_HIMMELBLAU_MINIMA), param_names=("x", "y"))


def _design(X: Any, y: Any, *, binary: bool) -> tuple[Array, Array, bool]:
    """Design matrix A (m, 2): [x, 1] for 1-feature data (params (w, b)), X itself for 2 features (w1, w2)."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2 or X.shape[1] not in (1, 2) or X.shape[0] == 0:
        raise ValueError(f"X must have shape (m,), (m, 1) or (m, 2) with m ≥ 1, got {X.shape}")
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"y has {y.shape[0]} values but X has {X.shape[0]} rows")
    if not np.all(np.isfinite(X)) or not np.all(np.isfinite(y)):
        raise ValueError("X and y must be finite")
    if binary and not np.all((y == 0) | (y == 1)):
        raise ValueError("logistic_loss needs labels y in {0, 1}")
    with_bias = X.shape[1] == 1
    A = np.column_stack([X[:, 0], np.ones(X.shape[0])]) if with_bias else X.copy()
    return A, y, with_bias


def _log_sigmoid_neg(z: Array) -> Array:
    """log(1 + e^z) = −log σ(−z), overflow-free."""
    return np.logaddexp(0.0, z)


def logistic_loss(X: Any, y: Any) -> Surface:
    """Mean log loss of logistic regression as a surface over its two parameters.

    - X of shape (m,) or (m, 1): W = (w, b), z = w·x + b;
    - X of shape (m, 2): W = (w1, w2), z = w1·x1 + w2·x2 (no bias).

    With A the design matrix (rows [x, 1] or [x1, x2]) and z = A W:
    L(W) = (1/m) Σ [log(1 + e^{z_i}) − y_i z_i]  (= −[y log σ(z) + (1 − y) log(1 − σ(z))]),
    ∇L = (1/m) Aᵀ(σ(z) − y),   ∇²L = (1/m) Aᵀ diag(σ(z)(1 − σ(z))) A.
    log(1 + e^z) is computed with ``logaddexp``: finite and warning-free at any |W| (e.g. 1e4).
    The minimizer (found by Newton's method) is listed in ``minima``; it is empty when the classes are
    linearly separable (then L → 0 only as |W| → ∞).
    """
    A, y, with_bias = _design(X, y, binary=True)
    m = A.shape[0]

    def z_of(P: Array) -> Array:
        return P @ A.T  # (..., m)

    def f(P: Array) -> Array:
        z = z_of(P)
        return np.mean(_log_sigmoid_neg(z) - y * z, axis=-1)

    def sigma(z: Array) -> Array:
        with np.errstate(under="ignore"):
            return np.exp(-_log_sigmoid_neg(-z))

    def grad(P: Array) -> Array:
        return (sigma(z_of(P)) - y) @ A / m

    def hess(P: Array) -> Array:
        z = z_of(P)
        with np.errstate(under="ignore"):
            s = np.exp(-_log_sigmoid_neg(z) - _log_sigmoid_neg(-z))  # σ(1 − σ) without cancellation
        return np.einsum("...i,ij,ik->...jk", s, A, A) / m

    minimizer = _newton_minimum(grad, hess)
    half = max(4.0, math.ceil(1.5 * float(np.max(np.abs(minimizer))))) if minimizer is not None else 10.0
    names = ("w", "b") if with_bias else ("w1", "w2")
    latex = (r"\frac1m\sum_i \log\left(1 + e^{w x_i + b}\right) - y_i (w x_i + b)" if with_bias
             else r"\frac1m\sum_i \log\left(1 + e^{w_1 x_{i1} + w_2 x_{i2}}\right) - y_i (w_1 x_{i1} + w_2 x_{i2})")
    return Surface("logistic_loss", latex, f, grad, hess, ((-half, half), (-half, half)),
                   (-0.6 * half, 0.6 * half), [] if minimizer is None else [tuple(minimizer)], param_names=names)


def _newton_minimum(grad: Callable[[Array], Array], hess: Callable[[Array], Array],
                    max_iter: int = 100, limit: float = 1e3) -> Array | None:
    """Newton's method from 0 for a convex surface; None when there is no finite minimizer.

    Convergence is judged by the Newton step H⁻¹g, not by |g|: on separable data the loss flattens out so |g| gets
    tiny while the Newton step stays of order 1/margin — W keeps marching off to infinity.
    """
    w = np.zeros(2)
    for _ in range(max_iter):
        g, H = grad(w), hess(w)
        if np.linalg.cond(H) > 1e12:
            return None
        step = np.linalg.solve(H, g)
        w = w - step
        if not np.all(np.isfinite(w)) or np.abs(w).max() > limit:
            return None
        if np.linalg.norm(step) <= 1e-10 * (1.0 + np.linalg.norm(w)):
            return w
    return None


def linear_mse(X: Any, y: Any) -> QuadraticSurface:
    """Mean squared error of a linear model as a surface over its two parameters.

    - X of shape (m,) or (m, 1): W = (w, b), ŷ = w·x + b;
    - X of shape (m, 2): W = (w1, w2), ŷ = w1·x1 + w2·x2 (no bias).

    With design matrix A (m, 2): MSE(W) = (1/m)‖A W − y‖² = ½ Wᵀ H W + gᵀ W + c with
    H = (2/m) AᵀA, g = −(2/m) Aᵀy, c = mean(y²). The contours are ellipses whose elongation is the condition
    number of H — large for raw features on different scales, near 1 after :func:`standardize`.
    ``default_start`` is (0, 0); ``bounds`` frame the contour through it.
    """
    A, y, with_bias = _design(X, y, binary=False)
    m = A.shape[0]
    H = 2.0 / m * A.T @ A
    g = -2.0 / m * A.T @ y
    c = float(np.mean(y**2))
    if np.linalg.matrix_rank(A) < 2:
        raise ValueError("the feature column is constant (or the two features are proportional), so the MSE "
                         "has a whole valley of minimizers; use data with at least two different x values")
    w_star = np.linalg.solve(H, -g)
    f_star = 0.5 * w_star @ H @ w_star + g @ w_star + c
    rise = c - f_star  # f(0) − f*: the contour through the start (0, 0)
    rise = rise if rise > 1e-12 else 1.0
    half = 1.2 * np.sqrt(2.0 * rise * np.diag(np.linalg.inv(H)))
    bounds = tuple((float(w_star[i] - half[i]), float(w_star[i] + half[i])) for i in range(2))
    names = ("w", "b") if with_bias else ("w1", "w2")
    latex = (r"\frac1m\sum_i (w x_i + b - y_i)^2" if with_bias
             else r"\frac1m\sum_i (w_1 x_{i1} + w_2 x_{i2} - y_i)^2")
    return QuadraticSurface("linear_mse", latex, H, g, c, bounds=bounds, default_start=(0.0, 0.0),
                            param_names=names)


def standardize(X: Any) -> tuple[Array, Array, Array]:
    """Feature scaling: X_std = (X − mean) / std per column (population std, ddof = 0).

    A constant column has std 0; its std is reported as 1 so that X_std is 0 there instead of 0/0.

    Parameters
    ----------
    X : (m,) or (m, n), finite, m ≥ 1

    Returns
    -------
    X_std (same shape as X), mean and std ((n,) for 2-D X, 0-d for 1-D X)
    """
    arr = np.asarray(X, dtype=np.float64)
    if arr.ndim not in (1, 2) or arr.shape[0] == 0:
        raise ValueError(f"X must have shape (m,) or (m, n) with m ≥ 1, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("X contains NaN or infinite values")
    mean = arr.mean(axis=0)
    std = arr.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return (arr - mean) / std, mean, std


#: name → constructor (``logistic_loss`` and ``linear_mse`` need data: ``SURFACES[name](X, y)``).
SURFACES: Mapping[str, Callable[..., Surface]] = Registry("surface", {
    "quadratic_bowl": quadratic_bowl,
    "rosenbrock": rosenbrock,
    "saddle": saddle,
    "himmelblau": himmelblau,
    "logistic_loss": logistic_loss,
    "linear_mse": linear_mse,
})
