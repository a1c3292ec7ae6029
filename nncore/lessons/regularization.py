"""What the Regularization page computes: overfitting and early stopping on a validation set, bias–variance by
resampling, L1/L2 paths and their geometry, weight decay with SGD and with Adam, dropout (drop rates), and the
workflow of a deep-learning project (Article 5) walked through with numbers. Built on the engine (NumPy only).

Notation (Article 2, *Neural-network theory for deep learning*): the **loss** L(ŷ, y) of one example, the **cost**
J(w) = (1/m) Σᵢ L(ŷᵢ, yᵢ) (the mean over the training set) and the **objective** J(w) + λΩ(w) with the penalty
Ω_L1 = Σ|w| or Ω_L2 = ½ Σ w² (biases are not penalised); η is the learning rate.

- :func:`train_mlps` (from ``nncore.ensemble``, named here too as the page's sources show it) trains K small
  regression MLPs 1 → hidden → 1 (tanh, linear output, MSE) **at once**, each member exactly what ``MLP`` trained
  by ``Trainer`` computes (tested), and tracks **early stopping** on a validation set for several patiences and
  run lengths at once (:class:`EarlyStop`).
- :func:`bias_variance`: for K training sets D_k drawn from y = f(x) + ε, ε ~ N(0, σ²), fit f̂_k and split the
  expected test error at every x::

      E[(y − f̂(x))²] = (E f̂(x) − f(x))²  +  E[(f̂(x) − E f̂(x))²]  +  σ²
                        └──── bias² ────┘    └──── variance ─────┘    noise

  (Article 2 writes "error = bias + variance + noise"; the term that adds up is the *squared* bias.)
- :func:`lasso_path` / :func:`ridge_path`: a linear model's weights as λ grows, for J + λΣ|w| (exact zeros) and
  J + λ/2 Σ w² (every weight shrinks, none becomes 0); :func:`constraint_picture` the same as a constrained problem.
- :func:`weight_decay_demo` / :func:`decay_runs`: with SGD, one step on J + λ/2‖w‖² *is* w(1 − ηλ) − η∂J/∂w
  (weight decay); with Adam the two differ (AdamW decays the weights outside the adaptive step).
- Dropout is described by its **drop rate** p (as ``keras.layers.Dropout(rate)`` and ``torch.nn.Dropout(p)``):
  each hidden unit is switched off with probability p, kept with probability 1 − p (the engine's ``dropout`` is
  this drop rate too).
- :func:`workflow`: collect → analyse → choose a model → prepare → split → compile → fit → predict → evaluate →
  iterate, on one data set, with the numbers each step produces.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import datasets
from .._util import as_array, as_rng
from ..ensemble import MAX_MEMBERS, EarlyStop, EnsembleRun, snapshot_schedule, train_mlps
from ..mlp import MLP
from ..optimizers import Adam
from ..regularization import (apply_dropout, dropout_mask, l1_penalty, l2_gradient_step, l2_penalty, soft_threshold,
                              weight_decay_step)
from ..surfaces import linear_mse
from ..training import Trainer

__all__ = ["EarlyStop", "EnsembleRun", "train_mlps", "snapshot_schedule", "patience_stop",
           "EXAMPLE_VAL_LOSS", "Objective", "CurveFit", "fit_curve", "fit_members", "ResampledFits",
           "resampled_fits", "BiasVariance", "decompose", "bias_variance", "RegressionData", "sparse_regression",
           "RegPath", "lasso", "lasso_path", "ridge", "ridge_path", "WeightsAt", "weights_at", "first_to_zero",
           "exact_zeros", "constrained_minimum_l1", "constrained_minimum_l2", "contour_grid", "ConstraintPicture",
           "constraint_picture", "DropoutStep", "dropout_step", "DropoutExpectation", "dropout_expectation",
           "InvertedUnit", "expected_inverted_output", "dropout_effect", "WeightDecayDemo", "weight_decay_demo",
           "DecayRuns", "decay_runs", "WorkflowModel", "Workflow", "workflow"]



def exact_zeros(w) -> int:
    """How many weights are exactly 0 — L1 produces them, L2 (almost surely) never does."""
    return int(np.count_nonzero(np.asarray(w, dtype=np.float64) == 0.0))


def patience_stop(val_loss, patience: int) -> tuple[int, int] | None:
    """Early stopping with ``patience`` on a validation-loss curve: the first epoch n at which the lowest loss of
    the last ``patience`` epochs is no lower than the best before them (as :meth:`nncore.Trainer.plateaued`), and
    the epoch whose weights are kept (the lowest loss up to n, the first one on ties). Returns (stop, kept), or
    None if it never triggers. ``val_loss[i]`` is epoch i + 1."""
    loss = as_array(val_loss, "val_loss").reshape(-1)
    patience = int(patience)
    if patience < 1:
        raise ValueError(f"patience must be ≥ 1, got {patience}")
    for n in range(patience + 1, loss.size + 1):
        if loss[n - patience:n].min() >= loss[:n - patience].min():
            return n, int(np.argmin(loss[:n])) + 1
    return None


#: A short validation-loss curve (epochs 1–12) for the question "which weights does early stopping keep?".
EXAMPLE_VAL_LOSS = (0.50, 0.41, 0.36, 0.38, 0.37, 0.35, 0.36, 0.37, 0.39, 0.38, 0.40, 0.42)


# ============================================================================================== overfitting
@dataclass(frozen=True)
class Objective:
    """The objective J + λΩ of one network after ``epoch``: the cost J (training MSE), Ω = ½‖W‖², λ."""

    epoch: int
    cost: float
    omega: float
    lam: float

    @property
    def total(self) -> float:
        return self.cost + self.lam * self.omega


@dataclass(frozen=True)
class CurveFit:
    """One noisy data set fitted by K networks from the same initial weights; member k trained with
    ``members[k]`` = (λ of L2, dropout drop rate p). Member 0 of :func:`fit_curve` is the plain network.

    ``x_train``, ``y_train`` (m,), ``x_val``, ``y_val`` (V,), ``x_test``, ``y_test`` (T,): three separate samples
    of the same curve and noise; ``truth`` (G,) = f(grid); ``noise_var`` = σ² (the lowest test loss any model can
    expect); ``run`` the :class:`EnsembleRun`.
    """

    kind: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    truth: np.ndarray
    noise_var: float
    run: EnsembleRun
    members: tuple

    @property
    def regularized(self) -> bool:
        return len(self.members) > 1

    def early_stop(self, member: int, patience: int, limit: int) -> EarlyStop:
        """Early stopping of ``member`` on the validation loss (see :class:`EarlyStop`)."""
        return self.run.stops[(int(member), int(patience), int(limit))]

    def best_by_validation(self) -> int:
        """The member with the lowest validation loss after the last epoch (the one to choose; never the test)."""
        return int(np.argmin(self.run.val_loss[:, -1]))

    def objective(self, member: int, epoch: int) -> Objective:
        """J + λΩ after ``epoch`` (λ of the member's L2; Ω = ½‖W‖² from the stored weight norm)."""
        e = int(epoch)
        norm = float(self.run.weight_norm[member, e - 1])
        return Objective(e, float(self.run.train_loss[member, e - 1]), 0.5 * norm * norm,
                         float(self.members[member][0]))


N_VAL = 20
N_TEST = 200


def fit_members(kind: str = "sin", n_points: int = 15, noise: float = 0.3, hidden_sizes=(32, 32),
                epochs: int = 1000, learning_rate: float = 0.01, members: Sequence[tuple[float, float]] = ((0, 0),),
                n_val: int = N_VAL, n_test: int = N_TEST, grid_size: int = 151, snapshots: Sequence[int] = (),
                patiences: Sequence[int] = (), limits: Sequence[int] | None = None, seed: int = 0) -> CurveFit:
    """``n_points`` noisy training samples of a known curve (:func:`nncore.datasets.curve_1d`, seed ``seed``), a
    validation sample of ``n_val`` (seed + 20 000) and a test sample of ``n_test`` (seed + 10 000) from the same
    curve and noise; one MLP per (λ, p) of ``members``, all from the same initial weights (so the only difference
    is the regularization), trained with Adam on the training sample."""
    train = datasets.curve_1d(n_points, noise, kind, seed=seed)
    val = datasets.curve_1d(n_val, noise, kind, seed=seed + 20_000)
    test = datasets.curve_1d(n_test, noise, kind, seed=seed + 10_000)
    members = tuple((float(a), float(b)) for a, b in members)
    K = len(members)
    X = np.broadcast_to(train.X, (K, *train.X.shape))
    Y = np.broadcast_to(train.y[:, None], (K, train.X.shape[0], 1))
    grid = np.linspace(*datasets.CURVE_DOMAIN, grid_size)
    run = train_mlps(X, Y, hidden_sizes, epochs=epochs, learning_rate=learning_rate, l2=[a for a, _ in members],
                     drop=[b for _, b in members], X_val=val.X, Y_val=val.y, X_test=test.X, Y_test=test.y,
                     grid=grid, snapshots=snapshots, patiences=patiences, limits=limits, member_seeds=[seed] * K)
    return CurveFit(kind, train.X[:, 0].copy(), train.y.copy(), val.X[:, 0].copy(), val.y.copy(),
                    test.X[:, 0].copy(), test.y.copy(), datasets.curve_truth(grid, kind), float(noise) ** 2, run,
                    members)


def fit_curve(kind: str = "sin", n_points: int = 15, noise: float = 0.3, hidden_sizes=(32, 32),
              epochs: int = 1000, learning_rate: float = 0.01, l2: float = 0.0, drop: float = 0.0,
              **kw) -> CurveFit:
    """Overfitting, seen: :func:`fit_members` with the plain network (member 0) and, when ``l2`` > 0 or
    ``drop`` > 0, the same network regularized with L2 λ = ``l2`` and dropout drop rate ``drop`` (member 1)."""
    members = [(0.0, 0.0)]
    if l2 > 0 or drop > 0:
        members.append((float(l2), float(drop)))
    return fit_members(kind, n_points, noise, hidden_sizes, epochs, learning_rate, members, **kw)


# ============================================================================================== bias–variance
@dataclass(frozen=True)
class ResampledFits:
    """K networks of one architecture, each fitted to its own training set (seeds seed·1000 + k) of the same curve.

    ``x`` (G,) evenly spaced test inputs, ``truth`` f(x), ``fits`` (K, G) f̂_k(x), ``train_error`` (K,) each
    network's final training MSE, ``train_x``, ``train_y`` (K, m) the training sets. Member k does not depend on K,
    so the first k members of a run with K sets are the run with k sets.
    """

    kind: str
    noise: float
    hidden_sizes: tuple
    x: np.ndarray
    truth: np.ndarray
    fits: np.ndarray
    train_error: np.ndarray
    train_x: np.ndarray
    train_y: np.ndarray
    seed: int


def resampled_fits(kind: str = "sin", n_points: int = 15, noise: float = 0.3, n_sets: int = 10, hidden_sizes=(2,),
                   epochs: int = 1000, learning_rate: float = 0.01, n_test: int = 101, seed: int = 0) -> ResampledFits:
    """Draw ``n_sets`` training sets of ``n_points`` from y = f(x) + N(0, noise²) and fit one MLP to each
    (:func:`train_mlps`, member k initialised with seed + k)."""
    K = int(n_sets)
    if not 2 <= K <= MAX_MEMBERS:
        raise ValueError(f"need 2…{MAX_MEMBERS} training sets, got {n_sets}")
    sets = [datasets.curve_1d(n_points, noise, kind, seed=seed * 1000 + k) for k in range(K)]
    X = np.stack([d.X for d in sets])
    Y = np.stack([d.y[:, None] for d in sets])
    x = np.linspace(*datasets.CURVE_DOMAIN, int(n_test))
    run = train_mlps(X, Y, hidden_sizes, epochs=epochs, learning_rate=learning_rate, grid=x, seed=seed)
    return ResampledFits(kind, float(noise), tuple(int(h) for h in hidden_sizes), x, datasets.curve_truth(x, kind),
                         run.final, run.train_loss[:, -1].copy(), X[:, :, 0].copy(), Y[:, :, 0].copy(), int(seed))


@dataclass(frozen=True)
class BiasVariance:
    """The bias²–variance–noise split of one model class, estimated from K refits.

    ``x`` (G,) test inputs, ``truth`` f(x), ``fits`` (K, G) f̂_k(x), ``mean_fit`` (G,) f̄(x) = mean_k f̂_k(x);
    ``bias2_x`` (f̄ − f)², ``variance_x`` mean_k (f̂_k − f̄)² per x; ``bias2``, ``variance`` their means over x;
    ``noise`` σ²; ``expected_error`` the measured mean of (y − f̂_k(x))² over k, x and ``n_noise`` fresh noisy
    targets y = f(x) + ε per x; ``error_stderr`` its standard error; ``train_error`` mean training MSE;
    ``train_x``, ``train_y`` (K, m) the training sets.
    """

    hidden_sizes: tuple
    x: np.ndarray
    truth: np.ndarray
    fits: np.ndarray
    mean_fit: np.ndarray
    bias2_x: np.ndarray
    variance_x: np.ndarray
    bias2: float
    variance: float
    noise: float
    expected_error: float
    error_stderr: float
    train_error: float
    train_x: np.ndarray
    train_y: np.ndarray

    @property
    def total(self) -> float:
        """bias² + variance + noise (what the measured expected error should equal)."""
        return self.bias2 + self.variance + self.noise

    @property
    def margin(self) -> float:
        """± 2 standard errors of the measured expected error."""
        return 2.0 * self.error_stderr


def decompose(fits: ResampledFits, n_sets: int | None = None, n_noise: int = 100) -> BiasVariance:
    """Split the expected test error of the first ``n_sets`` fits (all by default) into bias² + variance + noise.
    For every x, (1/K) Σ_k (f̂_k − f)² = bias² + variance exactly; the measured error adds fresh noise
    (seed + 777), so it matches bias² + variance + σ² up to sampling error."""
    K = fits.fits.shape[0] if n_sets is None else int(n_sets)
    if not 2 <= K <= fits.fits.shape[0]:
        raise ValueError(f"need 2…{fits.fits.shape[0]} training sets, got {n_sets}")
    f = fits.fits[:K]
    mean_fit = f.mean(axis=0)
    bias2_x = (mean_fit - fits.truth) ** 2
    variance_x = np.mean((f - mean_fit) ** 2, axis=0)
    eps = fits.noise * as_rng(fits.seed + 777).standard_normal((int(n_noise), fits.x.size))
    y_new = fits.truth + eps                                   # (N, G) fresh noisy targets
    sq = (f[:, None, :] - y_new[None, :, :]) ** 2              # (K, N, G)
    per_draw = sq.mean(axis=(0, 2))                            # one estimate per noise draw
    return BiasVariance(fits.hidden_sizes, fits.x, fits.truth, f, mean_fit, bias2_x, variance_x,
                        float(bias2_x.mean()), float(variance_x.mean()), fits.noise ** 2, float(sq.mean()),
                        float(per_draw.std(ddof=1) / np.sqrt(per_draw.size)), float(fits.train_error[:K].mean()),
                        fits.train_x[:K], fits.train_y[:K])


def bias_variance(kind: str = "sin", n_points: int = 15, noise: float = 0.3, n_sets: int = 10, hidden_sizes=(2,),
                  epochs: int = 1000, learning_rate: float = 0.01, n_test: int = 101, n_noise: int = 100,
                  seed: int = 0) -> BiasVariance:
    """:func:`resampled_fits` then :func:`decompose`."""
    return decompose(resampled_fits(kind, n_points, noise, n_sets, hidden_sizes, epochs, learning_rate, n_test,
                                    seed), n_noise=n_noise)


# ============================================================================================== L1 / L2 paths
@dataclass(frozen=True)
class RegressionData:
    """A linear regression problem: standardised features X (m, d), centred y (m,), the true weights (d,)."""

    X: np.ndarray
    y: np.ndarray
    w_true: np.ndarray


def sparse_regression(n_samples: int = 60, w_true=(3.0, -2.0, 1.5, 0.0, 0.0, 0.0, 0.0, 0.0), noise: float = 1.0,
                      correlation: float = 0.3, seed: int = 0) -> RegressionData:
    """y = X w_true + N(0, noise²) with Gaussian features of pairwise correlation ``correlation``, then every column
    standardised (mean 0, std 1) and y centred, so no bias is needed. Most true weights are 0: L1 should find that."""
    w = as_array(w_true, "w_true").reshape(-1)
    d = w.size
    if not -1.0 / max(d - 1, 1) < correlation < 1.0:
        raise ValueError(f"correlation must be in (−1/(d−1), 1), got {correlation}")
    rng = as_rng(seed)
    cov = np.full((d, d), float(correlation)) + (1.0 - correlation) * np.eye(d)
    X = rng.standard_normal((int(n_samples), d)) @ np.linalg.cholesky(cov).T
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    y = X @ w + float(noise) * rng.standard_normal(int(n_samples))
    return RegressionData(X, y - y.mean(), w)


def lasso(X, y, lam: float, w0=None, tol: float = 1e-12, max_sweeps: int = 10_000) -> np.ndarray:
    """Minimise J + λΣ|w_j| with J = (1/m)‖Xw − y‖², by coordinate descent. One coordinate at a time, with the
    residual r_j = y − Σ_{i≠j} x_i w_i:  w_j = S((2/m) x_jᵀ r_j, λ) / ((2/m) x_jᵀ x_j), S = soft threshold.
    Every |(2/m) x_jᵀ r_j| ≤ λ gives w_j = 0 exactly."""
    X = as_array(X, "X", ndim=2)
    y = as_array(y, "y").reshape(-1)
    m, d = X.shape
    w = np.zeros(d) if w0 is None else as_array(w0, "w0").reshape(-1).copy()
    col = 2.0 / m * np.sum(X * X, axis=0)
    r = y - X @ w
    for _ in range(max_sweeps):
        biggest = 0.0
        for j in range(d):
            if col[j] == 0:
                continue
            old = w[j]
            rho = 2.0 / m * X[:, j] @ (r + X[:, j] * old)
            new = float(soft_threshold(rho, lam)) / col[j] + 0.0  # + 0.0: no "-0" on screen
            if new != old:
                r -= X[:, j] * (new - old)
                w[j] = new
                biggest = max(biggest, abs(new - old))
        if biggest <= tol:
            break
    return w


def ridge(X, y, lam: float) -> np.ndarray:
    """Minimise J + λ/2 Σ w² with J = (1/m)‖Xw − y‖²: the gradient (2/m)Xᵀ(Xw − y) + λw = 0 gives
    w = ((2/m)XᵀX + λI)⁻¹ (2/m)Xᵀy. For λ > 0 no weight is exactly 0 (unless (2/m)Xᵀy has a 0 there)."""
    X = as_array(X, "X", ndim=2)
    y = as_array(y, "y").reshape(-1)
    m, d = X.shape
    return np.linalg.solve(2.0 / m * X.T @ X + float(lam) * np.eye(d), 2.0 / m * X.T @ y)


@dataclass(frozen=True)
class RegPath:
    """Weights as λ grows: ``lams`` (L,), ``weights`` (L, d), ``n_zero`` (L,) count of weights exactly 0, ``mse``
    (L,) the cost J at the solution, ``objective`` (L,) J + λΩ; ``zero_from`` (d,) the smallest λ of the grid from
    which weight j stays exactly 0 (NaN if it never does)."""

    kind: str
    lams: np.ndarray
    weights: np.ndarray
    n_zero: np.ndarray
    mse: np.ndarray
    objective: np.ndarray
    zero_from: np.ndarray


def _path(kind: str, X, y, lams, solve, penalty) -> RegPath:
    lams = as_array(lams, "lams").reshape(-1)
    if np.any(lams < 0):
        raise ValueError("λ must be ≥ 0")
    W = []
    for lam in lams:
        W.append(solve(lam, W[-1] if W else None))
    W = np.array(W)
    mse = np.mean((X @ W.T - y[:, None]) ** 2, axis=0)
    obj = mse + np.array([penalty(w, lam) for w, lam in zip(W, lams)])
    zero = W == 0.0
    stays = np.flip(np.logical_and.accumulate(np.flip(zero, axis=0), axis=0), axis=0)  # zero from here to the end
    first = np.where(stays.any(axis=0), np.argmax(stays, axis=0), -1)
    zero_from = np.where(first >= 0, lams[np.maximum(first, 0)], np.nan)
    return RegPath(kind, lams, W, np.sum(zero, axis=1), mse, obj, zero_from)


def lasso_path(X, y, lams) -> RegPath:
    """:func:`lasso` for every λ in ``lams`` (warm-started from the previous λ)."""
    X = as_array(X, "X", ndim=2)
    y = as_array(y, "y").reshape(-1)
    return _path("l1", X, y, lams, lambda lam, w0: lasso(X, y, lam, w0), l1_penalty)


def ridge_path(X, y, lams) -> RegPath:
    """:func:`ridge` for every λ in ``lams``."""
    X = as_array(X, "X", ndim=2)
    y = as_array(y, "y").reshape(-1)
    return _path("l2", X, y, lams, lambda lam, w0: ridge(X, y, lam), l2_penalty)


@dataclass(frozen=True)
class WeightsAt:
    """The L1 (``l1``) and L2 (``l2``) solutions at one λ and how many of their weights are exactly 0."""

    lam: float
    l1: np.ndarray
    l2: np.ndarray

    @property
    def zeros_l1(self) -> int:
        return exact_zeros(self.l1)

    @property
    def zeros_l2(self) -> int:
        return exact_zeros(self.l2)


def weights_at(data: RegressionData, lam: float) -> WeightsAt:
    """:func:`lasso` and :func:`ridge` on ``data`` at ``lam``."""
    return WeightsAt(float(lam), lasso(data.X, data.y, lam), ridge(data.X, data.y, lam))


def first_to_zero(path: RegPath, among: Sequence[int] | None = None) -> int:
    """The index of the weight (of ``among``, default all) that becomes exactly 0 at the smallest λ of the path.
    Raises ValueError if none does or if two reach 0 at the same grid λ (the grid cannot tell them apart)."""
    idx = list(range(path.weights.shape[1])) if among is None else [int(j) for j in among]
    lams = path.zero_from[idx]
    if np.all(np.isnan(lams)):
        raise ValueError("no weight reaches 0 on this path")
    best = np.nanmin(lams)
    winners = [j for j, v in zip(idx, lams) if v == best]
    if len(winners) != 1:
        raise ValueError(f"weights {winners} reach 0 at the same λ = {best:g} of the grid")
    return winners[0]


# ============================================================================================== geometry
def _quadratic(H, g):
    H = as_array(H, "H")
    g = as_array(g, "g").reshape(-1)
    if H.shape != (2, 2) or g.shape != (2,):
        raise ValueError("H must be (2, 2) and g (2,)")
    return H, g


def constrained_minimum_l2(H, g, t: float) -> tuple[np.ndarray, float]:
    """argmin ½wᵀHw + gᵀw subject to ‖w‖₂ ≤ t (H positive definite). Returns (w, μ).

    If the unconstrained minimum w* = −H⁻¹g lies inside the circle, it is the answer (μ = 0). Otherwise the
    solution lies on the circle where the gradient is normal to it: (H + μI)w = −g with μ > 0 chosen by bisection
    so that ‖w‖ = t. μ is the Lagrange multiplier — the L2 penalty μ/2‖w‖² that gives the same solution."""
    H, g = _quadratic(H, g)
    t = float(t)
    if t <= 0:
        return np.zeros(2), float("inf")
    w = np.linalg.solve(H, -g)
    if np.linalg.norm(w) <= t:
        return w, 0.0
    lo, hi = 0.0, 1.0
    while np.linalg.norm(np.linalg.solve(H + hi * np.eye(2), -g)) > t:
        hi *= 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if np.linalg.norm(np.linalg.solve(H + mid * np.eye(2), -g)) > t:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-15 * max(hi, 1.0):
            break
    return np.linalg.solve(H + hi * np.eye(2), -g), hi


def constrained_minimum_l1(H, g, t: float) -> np.ndarray:
    """argmin ½wᵀHw + gᵀw subject to |w₁| + |w₂| ≤ t (H positive definite), exactly.

    If w* = −H⁻¹g is inside the diamond it is the answer. Otherwise the minimum is on the boundary: on each of the
    four edges a + s(b − a), s ∈ [0, 1], between neighbouring corners (±t, 0), (0, ±t) the loss is a parabola in s
    with its minimum at s = −(b − a)ᵀ(Ha + g) / ((b − a)ᵀH(b − a)), clipped to [0, 1]; the best edge wins.
    A clipped s lands on a corner — one weight exactly 0, which is why L1 gives sparse solutions."""
    H, g = _quadratic(H, g)
    t = float(t)
    if t <= 0:
        return np.zeros(2)
    w = np.linalg.solve(H, -g)
    if np.abs(w).sum() <= t:
        return w
    corners = [np.array(c) for c in ((t, 0.0), (0.0, t), (-t, 0.0), (0.0, -t))]
    best, best_f = None, np.inf
    for a, b in zip(corners, corners[1:] + corners[:1]):
        d = b - a
        s = float(np.clip(-(d @ (H @ a + g)) / (d @ H @ d), 0.0, 1.0))
        p = a + s * d if 0.0 < s < 1.0 else (a if s == 0.0 else b)
        f = 0.5 * p @ H @ p + g @ p
        if f < best_f:
            best, best_f = p, f
    return best


def contour_grid(f, bounds, resolution: int = 81) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The loss on a grid for a contour plot: xs (R,), ys (R,), Z (R, R) with Z[i, j] = f((xs[j], ys[i]))."""
    (x0, x1), (y0, y1) = bounds
    xs = np.linspace(x0, x1, int(resolution))
    ys = np.linspace(y0, y1, int(resolution))
    P = np.stack(np.meshgrid(xs, ys), axis=-1)
    return xs, ys, np.asarray(f(P), dtype=np.float64)


@dataclass(frozen=True)
class ConstraintPicture:
    """The MSE J of a 2-feature linear model (features of correlation ``correlation``) on a grid, its unconstrained
    minimum ``w_star`` and the minima inside the L1 diamond (``w_l1``) and the L2 circle (``w_l2``, multiplier
    ``mu``) of size ``t``; ``levels`` = (J(w_l1), J(w_l2)), the contours that touch the regions."""

    correlation: float
    t: float
    xs: np.ndarray
    ys: np.ndarray
    Z: np.ndarray
    w_star: np.ndarray
    w_l1: np.ndarray
    w_l2: np.ndarray
    mu: float
    levels: tuple

    @property
    def zeros_l1(self) -> int:
        return exact_zeros(self.w_l1)


def constraint_picture(correlation: float = 0.5, t: float = 1.0, w_true=(2.0, 0.5),
                       bounds=((-1.0, 3.0), (-1.5, 2.0)), resolution: int = 61) -> ConstraintPicture:
    """:func:`constrained_minimum_l1` and :func:`constrained_minimum_l2` on the MSE of 60 samples of
    y = 2x₁ + 0.5x₂ + N(0, 0.5²) (:func:`sparse_regression`, seed 1)."""
    data = sparse_regression(60, w_true, 0.5, correlation, seed=1)
    surface = linear_mse(data.X, data.y)
    xs, ys, Z = contour_grid(surface.f, bounds, resolution)
    s1 = constrained_minimum_l1(surface.H, surface.g, t)
    s2, mu = constrained_minimum_l2(surface.H, surface.g, t)
    return ConstraintPicture(float(correlation), float(t), xs, ys, Z, np.asarray(surface.minima[0], float), s1, s2,
                             float(mu), (float(surface.f(s1)), float(surface.f(s2))))


# ============================================================================================== dropout
DROP_SIZES = (1, 8, 8, 1)
DROP_X = 0.5


@dataclass(frozen=True)
class DropoutStep:
    """One training step and the test pass of a small 1-8-8-1 tanh network with dropout drop rate p.

    ``masks[l]`` (n_l,) bool: which units of layer l are kept in this step (None for the input and output layers);
    ``kept`` units kept per hidden layer; ``output_train`` the output in this step; ``output_test`` at test time;
    ``a`` (n₁,) the first hidden layer's activations without dropout.
    """

    drop: float
    mode: str
    step: int
    layer_sizes: tuple
    masks: tuple
    kept: tuple
    output_train: float
    output_test: float
    a: np.ndarray

    @property
    def keep(self) -> float:
        """The keep probability 1 − p."""
        return 1.0 - self.drop

    @property
    def n_hidden(self) -> int:
        return int(sum(self.layer_sizes[1:-1]))

    @property
    def n_kept(self) -> int:
        """Hidden units kept in this step, all hidden layers together."""
        return int(sum(self.kept))


def dropout_step(drop: float, mode: str = "inverted", step: int = 0, sizes=DROP_SIZES, x: float = DROP_X,
                 seed: int = 0) -> DropoutStep:
    """``MLP(sizes, hidden="tanh", output="linear", seed=seed)`` with drop rate ``drop``: the forward pass of training
    step ``step`` (mask generator seeded with ``step``) and the test pass at input ``x``."""
    net = MLP(list(sizes), hidden="tanh", output="linear", seed=seed, dropout=float(drop) if drop > 0 else None,
              dropout_mode=mode)
    train = net.forward([[x]], train=True, rng=int(step))
    test = net.forward([[x]], train=False)
    plain = MLP(list(sizes), hidden="tanh", output="linear", seed=seed)
    masks = [None]
    for l in range(1, len(sizes) - 1):
        mk = train.masks[l] if train.masks else None
        masks.append(np.ones(sizes[l], bool) if mk is None else np.asarray(mk[0], bool))
    masks.append(None)
    kept = tuple(int(np.sum(mk)) for mk in masks[1:-1])
    return DropoutStep(float(drop), mode, int(step), tuple(sizes), tuple(masks), kept, float(train.output[0, 0]),
                       float(test.output[0, 0]), plain.forward([[x]]).A[1][0].copy())


@dataclass(frozen=True)
class DropoutExpectation:
    """Activations ``a`` (n,), drop rate p, and for ``n_masks`` random masks m (each unit kept with probability
    1 − p) the mean training output of inverted dropout (a ⊙ m / (1 − p)) and classic dropout (a ⊙ m), next to the
    test-time outputs (inverted: a; classic: (1 − p)·a). Both means approach their test output: E[m] = 1 − p."""

    a: np.ndarray
    drop: float
    n_masks: int
    train_mean_inverted: np.ndarray
    test_inverted: np.ndarray
    train_mean_classic: np.ndarray
    test_classic: np.ndarray
    kept_share: float

    @property
    def keep(self) -> float:
        """The keep probability 1 − p."""
        return 1.0 - self.drop


def dropout_expectation(a, drop: float, n_masks: int = 1000, seed: int = 0) -> DropoutExpectation:
    """Average ``n_masks`` dropout passes of the activations ``a`` (masks from :func:`nncore.dropout_mask` with drop
    rate ``drop``)."""
    a = as_array(a, "activations").reshape(-1)
    drop = float(drop)
    masks = dropout_mask((int(n_masks), a.size), drop, seed=seed)
    inv = apply_dropout(a, masks, drop, "inverted", train=True).mean(axis=0)
    cla = apply_dropout(a, masks, drop, "classic", train=True).mean(axis=0)
    return DropoutExpectation(a, drop, int(n_masks), inv, apply_dropout(a, None, drop, "inverted", train=False),
                              cla, apply_dropout(a, None, drop, "classic", train=False), float(masks.mean()))


@dataclass(frozen=True)
class InvertedUnit:
    """One unit with activation ``a`` under inverted dropout with drop rate p: ``kept_output`` = a/(1 − p) in a
    training step where it is kept (probability 1 − p), 0 where it is dropped (probability p), and ``expected`` =
    (1 − p)·a/(1 − p) + p·0 = a, its test-time output."""

    a: float
    drop: float
    keep: float
    kept_output: float
    expected: float


def expected_inverted_output(a: float, drop: float) -> InvertedUnit:
    """E[m·a/(1 − p)] over m ~ Bernoulli(1 − p) (see :class:`InvertedUnit`)."""
    keep = 1.0 - float(drop)
    kept = float(apply_dropout(np.array([a]), np.array([1.0]), float(drop), "inverted", train=True)[0])
    return InvertedUnit(float(a), float(drop), keep, kept, keep * kept + float(drop) * 0.0)


def dropout_effect(drops: Sequence[float] = (0.1, 0.2, 0.3, 0.5), kind: str = "sin", n_points: int = 15,
                   noise: float = 0.3, hidden_sizes=(32, 32), epochs: int = 1000, learning_rate: float = 0.01,
                   seed: int = 0) -> CurveFit:
    """The same network on the same data from the same start, without dropout (member 0) and with each drop rate
    of ``drops`` (members 1…): :func:`fit_members`; ``run.test_loss[:, -1]`` are the final test losses."""
    members = [(0.0, 0.0)] + [(0.0, float(p)) for p in drops]
    return fit_members(kind, n_points, noise, hidden_sizes, epochs, learning_rate, members,
                       snapshots=snapshot_schedule((epochs,), 50), seed=seed)


# ============================================================================================== weight decay
@dataclass(frozen=True)
class WeightDecayDemo:
    """One step on J + λ/2‖W‖² for the weights of layer ``layer`` (flattened), computed several ways:

    - ``decay``: w(1 − ηλ) − η ∂J/∂w (:func:`nncore.regularization.weight_decay_step`; ``factor`` = 1 − ηλ),
    - ``l2_step``: w − η(∂J/∂w + λw) (:func:`nncore.regularization.l2_gradient_step`),
    - ``trainer``: what ``Trainer(net, l2=λ, optimizer="sgd")`` does in one full-batch epoch;
    - ``adam_l2``: one Adam step (from zero moments) on the gradient ∂J/∂w + λw,
    - ``adamw``: AdamW's step: w(1 − ηλ), then one Adam step on ∂J/∂w alone.
    ``max_diff_formula`` = max|decay − l2_step|, ``max_diff_trainer`` = max|decay − trainer|,
    ``max_diff_adam`` = max|adam_l2 − adamw|.
    """

    learning_rate: float
    lam: float
    w: np.ndarray
    grad: np.ndarray
    factor: float
    decay: np.ndarray
    l2_step: np.ndarray
    trainer: np.ndarray
    adam_l2: np.ndarray
    adamw: np.ndarray
    max_diff_formula: float
    max_diff_trainer: float
    max_diff_adam: float


def weight_decay_demo(learning_rate: float = 0.1, lam: float = 0.1, hidden: int = 4, layer: int = 0,
                      seed: int = 0) -> WeightDecayDemo:
    """A 1-``hidden``-1 tanh network on :func:`nncore.datasets.curve_1d` (15 points): ∂J/∂w from one backward
    pass of the plain MSE cost, then one step of weight decay several ways (see :class:`WeightDecayDemo`)."""
    data = datasets.curve_1d(15, 0.3, "sin", seed=seed)
    net = MLP([1, int(hidden), 1], hidden="tanh", output="linear", seed=seed)
    trace = net.forward(data.X)
    grads = net.backward(trace, data.y, loss="mse")
    w, g = net.weights[layer].copy(), grads.dW[layer]
    decay = weight_decay_step(w, g, learning_rate, lam)
    l2 = l2_gradient_step(w, g, learning_rate, lam)
    stepped = net.copy()
    Trainer(stepped, data.X, data.y, loss="mse", optimizer="sgd", learning_rate=learning_rate, l2=lam,
            seed=seed).run_epoch()
    after = stepped.weights[layer]
    adam_l2 = w.copy()
    Adam(learning_rate).step([adam_l2], [g + lam * w])
    adamw = w * (1.0 - learning_rate * lam)
    Adam(learning_rate).step([adamw], [g])
    return WeightDecayDemo(float(learning_rate), float(lam), w.ravel(), g.ravel(), 1.0 - learning_rate * lam,
                           decay.ravel(), l2.ravel(), after.ravel(), adam_l2.ravel(), adamw.ravel(),
                           float(np.max(np.abs(decay - l2))), float(np.max(np.abs(decay - after))),
                           float(np.max(np.abs(adam_l2 - adamw))))


@dataclass(frozen=True)
class DecayRuns:
    """The same network trained from the same start three ways with each optimizer (λ = ``lam``):

    ``sgd_norms`` (3, E): ‖W‖ per epoch with SGD (η = ``sgd_rate``) — no penalty, the L2 gradient λw, the decay
    factor (1 − ηλ); ``adam_norms`` (3, E): Adam (η = ``adam_rate``) — no penalty, L2 through the gradient, AdamW.
    ``sgd_diff``: the largest difference between any weight of the L2 and the decay run after the last epoch
    (rounding only); ``adam_diff``: the same for Adam with L2 against AdamW (a real difference).
    """

    lam: float
    sgd_rate: float
    adam_rate: float
    epochs: np.ndarray
    sgd_norms: np.ndarray
    adam_norms: np.ndarray
    sgd_diff: float
    adam_diff: float


def decay_runs(lam: float, epochs: int = 500, sgd_rate: float = 0.1, adam_rate: float = 0.01, hidden_sizes=(16, 16),
               n_points: int = 15, seed: int = 0) -> DecayRuns:
    """Two :func:`train_mlps` runs of three members each on 15 points of sin(πx) (noise 0.3), every member from
    the same initial weights: (none, ``l2=lam``, ``weight_decay=lam``) with SGD and then with Adam."""
    data = datasets.curve_1d(n_points, 0.3, "sin", seed=seed)
    X = np.broadcast_to(data.X, (3, *data.X.shape))
    Y = np.broadcast_to(data.y[:, None], (3, data.X.shape[0], 1))
    common = dict(epochs=epochs, l2=[0.0, lam, 0.0], weight_decay=[0.0, 0.0, lam], member_seeds=[seed] * 3)
    sgd = train_mlps(X, Y, hidden_sizes, learning_rate=sgd_rate, optimizer="sgd", **common)
    adam = train_mlps(X, Y, hidden_sizes, learning_rate=adam_rate, optimizer="adam", **common)

    def diff(run):
        return float(max(np.max(np.abs(W[1] - W[2])) for W in run.weights))

    return DecayRuns(float(lam), float(sgd_rate), float(adam_rate), sgd.epochs, sgd.weight_norm, adam.weight_norm,
                     diff(sgd), diff(adam))


# ============================================================================================== workflow
WORKFLOW_SCALE = (1.0, 100.0)   # feature 2 is recorded in units 100 times smaller: its numbers are 100 times larger
WORKFLOW_SPLIT = (0.6, 0.2, 0.2)
WORKFLOW_EPOCHS = 300
WORKFLOW_RATE = 0.05
WORKFLOW_NEW = ((-3.0, 150.0), (0.0, 150.0), (1.5, -50.0), (3.0, -100.0), (4.5, 50.0))  # unseen inputs to predict
MAP_RESOLUTION = 41
CHANCE_COST = float(np.log(2.0))  # the cross-entropy cost of a network that answers P = 0.5 for every input


@dataclass(frozen=True)
class WorkflowModel:
    """One model of the workflow: an MLP 2 → ``hidden`` → 1 (tanh, sigmoid output), compiled with the
    binary cross-entropy cost and Adam (η = ``learning_rate``), fitted for ``epochs`` full-batch epochs.

    ``initial_loss`` the cost on the training set before the first step; per epoch ``train_loss``, ``val_loss``,
    ``train_acc``, ``val_acc`` (E,); ``confusion`` (2, 2) on the validation set (row = true class, column =
    predicted); ``grid_prob`` (R, R) P(class 1) on the map grid; ``hidden_maps`` (h, R, R) each hidden unit's
    output on the grid; ``new_prob`` P(class 1) of the new inputs.
    """

    hidden: int
    layer_sizes: tuple
    n_params: int
    learning_rate: float
    initial_loss: float
    epochs: np.ndarray
    train_loss: np.ndarray
    val_loss: np.ndarray
    train_acc: np.ndarray
    val_acc: np.ndarray
    confusion: np.ndarray
    grid_prob: np.ndarray
    hidden_maps: np.ndarray
    new_prob: np.ndarray

    @property
    def layer_params(self) -> tuple:
        """Weights + biases of each layer: n_in·n_out + n_out."""
        return tuple(a * b + b for a, b in zip(self.layer_sizes[:-1], self.layer_sizes[1:]))

    @property
    def correct(self) -> int:
        """Validation examples classified right (the confusion matrix's diagonal)."""
        return int(np.trace(self.confusion))

    @property
    def n_val(self) -> int:
        return int(self.confusion.sum())

    @property
    def new_label(self) -> np.ndarray:
        """The predicted class of each new input: 1 where P(class 1) ≥ 0.5."""
        return (self.new_prob >= 0.5).astype(int)

    @property
    def final_val_loss(self) -> float:
        return float(self.val_loss[-1])

    @property
    def final_val_acc(self) -> float:
        return float(self.val_acc[-1])


@dataclass(frozen=True)
class Workflow:
    """A deep-learning project from data to a reported score (Article 5's workflow), every step's numbers.

    1 collect: ``X_raw`` (N, 2) in the units recorded, ``y`` (N,) classes 0/1.
    2 analyse: ``class_counts`` (2,), ``majority_share`` (the accuracy of always answering the larger class),
      per feature ``feature_min``, ``feature_max``, ``feature_mean``, ``feature_std`` (2,) over all N rows.
    3 choose a model / 6 compile / 7 fit: ``model_a`` (:class:`WorkflowModel`).
    4 prepare: ``normalise``; ``mu``, ``sigma`` (2,) from the **training rows only**; ``X`` (N, 2) the inputs the
      networks see (z = (x − μ)/σ, or the raw numbers without normalisation).
    5 split: ``split`` (N,) 0 = train, 1 = validation, 2 = test (a seeded shuffle); ``split_counts`` (3, 2)
      rows = split, columns = class.
    8 predict: ``new_raw`` (n, 2) unseen inputs, ``model_a.new_prob`` their P(class 1); ``grid_x1``, ``grid_x2``
      (R,) the map axes in recorded units.
    9 evaluate: ``model_a`` on the validation set (``final_val_loss``, ``final_val_acc``, ``confusion``).
    10 iterate: ``model_b`` trained the same way with ``hidden_b`` units; ``chosen`` ("a" or "b") has the lower
      validation loss; ``test_loss``, ``test_acc``: the chosen model on the test set — measured once, at the end.
    """

    n_samples: int
    noise: float
    X_raw: np.ndarray
    y: np.ndarray
    class_counts: np.ndarray
    majority_share: float
    feature_min: np.ndarray
    feature_max: np.ndarray
    feature_mean: np.ndarray
    feature_std: np.ndarray
    normalise: bool
    mu: np.ndarray
    sigma: np.ndarray
    X: np.ndarray
    split: np.ndarray
    split_counts: np.ndarray
    new_raw: np.ndarray
    grid_x1: np.ndarray
    grid_x2: np.ndarray
    model_a: WorkflowModel
    model_b: WorkflowModel
    chosen: str
    test_loss: float
    test_acc: float

    @property
    def split_sizes(self) -> np.ndarray:
        """Examples in the training, validation and test sets."""
        return self.split_counts.sum(axis=1)

    @property
    def prepared_min(self) -> np.ndarray:
        return self.X[self.split == 0].min(axis=0)

    @property
    def prepared_max(self) -> np.ndarray:
        return self.X[self.split == 0].max(axis=0)

    @property
    def chosen_model(self) -> WorkflowModel:
        return self.model_a if self.chosen == "a" else self.model_b


def _workflow_model(hidden: int, Xtr, ytr, Xva, yva, grid, new, seed: int) -> tuple[WorkflowModel, MLP]:
    net = MLP([2, int(hidden), 1], hidden="tanh", output="sigmoid", seed=seed)
    initial = net.loss(Xtr, ytr, "bce")
    trainer = Trainer(net, Xtr, ytr, loss="bce", optimizer="adam", learning_rate=WORKFLOW_RATE, X_test=Xva,
                      Y_test=yva, seed=seed)
    trainer.run(WORKFLOW_EPOCHS)
    h = trainer.history
    pred = net.predict_labels(Xva).reshape(-1)
    confusion = np.zeros((2, 2), dtype=int)
    np.add.at(confusion, (yva.astype(int), pred.astype(int)), 1)
    trace = net.forward(grid)
    R = MAP_RESOLUTION
    return WorkflowModel(int(hidden), tuple(net.layer_sizes), int(net.n_params()), WORKFLOW_RATE, float(initial),
                         np.asarray(h.epoch, dtype=int), np.asarray(h.train_loss), np.asarray(h.test_loss),
                         np.asarray(h.train_acc), np.asarray(h.test_acc), confusion,
                         trace.A[-1][:, 0].reshape(R, R), trace.A[1].T.reshape(int(hidden), R, R).copy(),
                         net.predict(new)[:, 0]), net


def workflow(n_samples: int = 400, noise: float = 0.3, hidden_a: int = 2, hidden_b: int = 8, normalise: bool = True,
             seed: int = 0) -> Workflow:
    """Walk one data set through Article 5's workflow (see :class:`Workflow` for what each step yields).

    The data are :func:`nncore.datasets.moons` (two interleaved half-moons, ``noise`` in moon units) with the
    second feature recorded in units 100 times smaller. Split 60 / 20 / 20 % by a seeded shuffle; normalisation
    statistics from the training rows only (computing them on all rows would let the test set leak into the
    model). Each model: ``Trainer(MLP([2, h, 1], hidden="tanh", output="sigmoid"), loss="bce", optimizer="adam",
    learning_rate=0.05)`` for 300 full-batch epochs. The winner is chosen on the validation loss; only it meets the
    test set.
    """
    data = datasets.moons(int(n_samples), float(noise), seed=seed)
    X_raw = data.X * np.array(WORKFLOW_SCALE)
    y = data.y.copy()
    N = y.size
    counts = np.bincount(y, minlength=2)
    order = as_rng(seed + 1).permutation(N)
    n_train = int(round(WORKFLOW_SPLIT[0] * N))
    n_val = int(round(WORKFLOW_SPLIT[1] * N))
    split = np.empty(N, dtype=int)
    split[order[:n_train]] = 0
    split[order[n_train:n_train + n_val]] = 1
    split[order[n_train + n_val:]] = 2
    split_counts = np.array([np.bincount(y[split == s], minlength=2) for s in range(3)])
    train = split == 0
    mu = X_raw[train].mean(axis=0)
    sigma = X_raw[train].std(axis=0)
    if normalise:
        def prepare(A):
            return (np.asarray(A, float) - mu) / sigma
    else:
        def prepare(A):
            return np.asarray(A, float)
    X = prepare(X_raw)
    lo, hi = datasets.PLAYGROUND_BOUNDS
    gx1 = np.linspace(lo, hi, MAP_RESOLUTION) * WORKFLOW_SCALE[0]
    gx2 = np.linspace(lo, hi, MAP_RESOLUTION) * WORKFLOW_SCALE[1]
    G1, G2 = np.meshgrid(gx1, gx2)
    grid = prepare(np.column_stack([G1.ravel(), G2.ravel()]))
    new_raw = np.array(WORKFLOW_NEW, dtype=float)
    new = prepare(new_raw)
    parts = (X[train], y[train], X[split == 1], y[split == 1], grid, new, seed)
    model_a, net_a = _workflow_model(hidden_a, *parts)
    model_b, net_b = _workflow_model(hidden_b, *parts)
    chosen = "a" if model_a.final_val_loss <= model_b.final_val_loss else "b"
    winner = net_a if chosen == "a" else net_b
    test = split == 2
    return Workflow(N, float(noise), X_raw, y, counts, float(counts.max() / N), X_raw.min(axis=0), X_raw.max(axis=0),
                    X_raw.mean(axis=0), X_raw.std(axis=0), bool(normalise), mu, sigma, X, split, split_counts,
                    new_raw, gx1, gx2, model_a, model_b, chosen, float(winner.loss(X[test], y[test], "bce")),
                    float(winner.accuracy(X[test], y[test])))
