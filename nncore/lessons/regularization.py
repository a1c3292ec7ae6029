"""Generalization: overfitting, bias–variance by resampling, L1/L2 paths and their geometry, dropout expectation.

Everything the Regularization page shows that is more than one call of :mod:`nncore.mlp`,
:mod:`nncore.training` or :mod:`nncore.regularization` lives here (NumPy only).

- :func:`train_mlps` trains K small regression MLPs (1 input, tanh hidden layers, linear output, MSE) **at once**,
  full batch with Adam, as batched matrix products over the K members. Each member is exactly what
  ``MLP(sizes, hidden="tanh", output="linear", seed=seed + k)`` trained by
  ``Trainer(net, X, Y, loss="mse", optimizer="adam", l2=λ, seed=seed + k)`` computes (tested), only K times
  cheaper in Python overhead — training many small networks stays fast.
- :func:`bias_variance`: for K training sets D_k drawn from y = f(x) + ε, ε ~ N(0, σ²), fit f̂_k and split the
  expected test error at every x (seed 001: error = bias + variance + noise)::

      E[(y − f̂(x))²] = (E f̂(x) − f(x))²  +  E[(f̂(x) − E f̂(x))²]  +  σ²
                        └──── bias² ────┘    └──── variance ─────┘    noise

  with E over the training sets (estimated by the mean over k) and over fresh noise.
- :func:`lasso_path` / :func:`ridge_path`: linear-model weights as λ grows for
  objective = MSE + λ Σ|w| (coordinate descent with :func:`nncore.regularization.soft_threshold`: exact zeros) and
  objective = MSE + λ/2 Σ w² (closed form: every weight shrinks, none becomes 0).
- :func:`constrained_minimum_l1` / :func:`constrained_minimum_l2`: the minimum of a 2-D quadratic loss inside the
  diamond |w₁| + |w₂| ≤ t or the circle w₁² + w₂² ≤ t² (where the smallest touching contour meets the region).
- :func:`dropout_expectation`: the mean of many dropout training passes against the test-time output.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import datasets
from .._util import as_array, as_rng
from ..init import init_layer
from ..regularization import apply_dropout, dropout_mask, l1_penalty, l2_penalty, soft_threshold

__all__ = ["EnsembleRun", "train_mlps", "CurveFit", "fit_curve", "patience_stop", "BiasVariance", "bias_variance",
           "RegressionData", "sparse_regression", "RegPath", "lasso", "lasso_path", "ridge", "ridge_path",
           "constrained_minimum_l1", "constrained_minimum_l2", "contour_grid", "DropoutExpectation",
           "dropout_expectation", "WeightDecayDemo", "weight_decay_demo", "ADAM_BETAS", "exact_zeros"]

def exact_zeros(w) -> int:
    """How many weights are exactly 0 — L1 produces them, L2 (almost surely) never does."""
    return int(np.count_nonzero(np.asarray(w, dtype=np.float64) == 0.0))


ADAM_BETAS = (0.9, 0.999, 1e-8)  # nncore.optimizers.Adam defaults
MAX_MEMBERS = 64
MAX_EPOCHS = 20_000


# ============================================================================================== many small MLPs
@dataclass(frozen=True)
class EnsembleRun:
    """K networks trained side by side. Index k is the member, e the epoch (epoch e is column e − 1).

    Attributes
    ----------
    layer_sizes : [1, h₁, …, 1]
    epochs : (E,) 1 … E
    train_loss : (K, E) MSE of member k on its own training set after epoch e (evaluation mode: no dropout)
    test_loss : (K, E) MSE on the test set, or None without one
    weight_norm : (K, E) ‖W‖ = √(Σ_l Σ W_l²) (biases excluded) after epoch e
    best_epoch : (K,) epoch of the lowest test loss (first one on ties), or None without test data
    grid_x : (G,) inputs the curves are drawn at; ``final`` (K, G) predictions after the last epoch;
    ``best`` (K, G) predictions with the weights of ``best_epoch`` (early stopping), or None
    snapshot_epochs : (S,) and ``snapshots`` (K, S, G): predictions every ``snapshot_every`` epochs
    weights, biases : the final parameters, ``weights[l]`` (K, n_l, n_{l+1}), ``biases[l]`` (K, n_{l+1})
    """

    layer_sizes: tuple
    epochs: np.ndarray
    train_loss: np.ndarray
    test_loss: np.ndarray | None
    weight_norm: np.ndarray
    best_epoch: np.ndarray | None
    grid_x: np.ndarray
    final: np.ndarray
    best: np.ndarray | None
    snapshot_epochs: np.ndarray
    snapshots: np.ndarray
    weights: tuple
    biases: tuple


def _per_member(value, K: int, name: str, lo: float, hi: float) -> np.ndarray:
    arr = np.broadcast_to(np.asarray(value, dtype=np.float64), (K,)).copy()
    if not np.all(np.isfinite(arr)) or np.any(arr < lo) or np.any(arr > hi):
        raise ValueError(f"{name} must be in [{lo}, {hi}], got {value}")
    return arr


def _forward(Ws, bs, A):
    """Batched forward pass in evaluation mode: A (K, m, 1) → output (K, m, 1); tanh hidden, linear output."""
    last = len(Ws) - 1
    for l, (W, b) in enumerate(zip(Ws, bs)):
        Z = np.matmul(A, W)
        Z += b[:, None, :]
        A = Z if l == last else np.tanh(Z)
    return A


def train_mlps(X, Y, hidden_sizes, *, epochs: int = 1000, learning_rate: float = 0.01, l2=0.0, keep_prob=1.0,
               X_test=None, Y_test=None, grid=None, snapshot_every: int | None = None,
               seed: int = 0, member_seeds=None) -> EnsembleRun:
    """Train K regression MLPs 1 → hidden_sizes → 1 (tanh, linear output, MSE) with full-batch Adam, side by side.

    Parameters
    ----------
    X, Y : (K, m, 1) each member's training inputs and targets; (m, 1) or (m,) is one set shared by all K = 1
        members (use ``np.broadcast_to`` for K members on the same set).
    hidden_sizes : units per hidden layer, e.g. (32, 32); () is a linear model ŷ = w x + b.
    l2 : λ per member (scalar or (K,)): objective = MSE + λ/2 Σ W² (biases not penalised).
    keep_prob : dropout keep probability p per member (inverted dropout on hidden units, 1 = none). Member k's
        masks come from ``np.random.default_rng(seed + k)``, drawn layer by layer as ``rng.random(a.shape) < p``.
    X_test, Y_test : (T, 1) one test set for every member (optional): test-loss curves and early stopping.
    grid : (G,) inputs at which the fitted curves are returned (default 201 points on [−1, 1]).
    seed : member k is initialised like ``MLP(..., init="xavier", seed=seed + k)``.
    member_seeds : (K,) ints replacing seed + k (e.g. the same seed twice: two members with the same start).

    Per epoch and member (the backward pass of :class:`nncore.MLP` for linear + MSE):
    dZ_L = 2(ŷ − y)/m,  dW_l = A_lᵀ dZ_{l+1} + λ W_l,  db_l = Σ_rows dZ_{l+1},
    dZ_l = (dZ_{l+1} W_lᵀ) ⊙ mask/p ⊙ (1 − tanh² Z_l); then one Adam step (nncore.optimizers.Adam).
    """
    X = as_array(X, "X")
    Y = as_array(Y, "Y")
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim == 2:
        X = X[None]
    Y = Y.reshape(X.shape[0], X.shape[1], 1) if Y.size == X.shape[0] * X.shape[1] else Y
    if X.ndim != 3 or X.shape[2] != 1 or Y.shape != X.shape:
        raise ValueError(f"X and Y must both have shape (K, m, 1), got {X.shape} and {Y.shape}")
    K, m = X.shape[0], X.shape[1]
    if not 1 <= K <= MAX_MEMBERS or m < 1:
        raise ValueError(f"need 1…{MAX_MEMBERS} members with at least one example, got K={K}, m={m}")
    epochs = int(epochs)
    if not 1 <= epochs <= MAX_EPOCHS:
        raise ValueError(f"epochs must be in 1…{MAX_EPOCHS}, got {epochs}")
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"learning rate must be a positive number, got {learning_rate}")
    lam = _per_member(l2, K, "l2", 0.0, 1e6)
    keep = _per_member(keep_prob, K, "keep_prob", 1e-6, 1.0)
    sizes = (1, *[int(h) for h in hidden_sizes], 1)
    if any(h < 1 for h in sizes):
        raise ValueError(f"hidden sizes must be positive, got {hidden_sizes}")
    L = len(sizes) - 1
    # initialisation: member k draws its layers from its own generator, exactly like MLP(seed=seed + k)
    seeds = [int(seed) + k for k in range(K)] if member_seeds is None else [int(s) for s in member_seeds]
    if len(seeds) != K:
        raise ValueError(f"member_seeds needs {K} seeds, got {len(seeds)}")
    Ws = [np.empty((K, a, b)) for a, b in zip(sizes[:-1], sizes[1:])]
    bs = [np.empty((K, b)) for b in sizes[1:]]
    for k in range(K):
        rng = as_rng(seeds[k])
        for l, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
            Ws[l][k], bs[l][k] = init_layer("xavier", a, b, rng, None)
    drop_rngs = [as_rng(s) for s in seeds]
    dropping = bool(np.any(keep < 1.0)) and L > 1
    has_test = X_test is not None and Y_test is not None
    if has_test:
        Xt = as_array(X_test, "X_test").reshape(-1, 1)
        Yt = as_array(Y_test, "Y_test").reshape(-1, 1)
        if Xt.shape != Yt.shape:
            raise ValueError("X_test and Y_test must have the same number of rows")
        Xt = np.broadcast_to(Xt, (K, *Xt.shape))
    gx = np.linspace(-1.0, 1.0, 201) if grid is None else as_array(grid, "grid").reshape(-1)
    G = np.broadcast_to(gx[:, None], (K, gx.size, 1))
    every = int(snapshot_every) if snapshot_every else 0

    b1, b2, eps = ADAM_BETAS
    params = [p for pair in zip(Ws, bs) for p in pair]
    m1 = [np.zeros_like(p) for p in params]
    m2 = [np.zeros_like(p) for p in params]
    train_loss = np.empty((K, epochs))
    test_loss = np.empty((K, epochs)) if has_test else None
    weight_norm = np.empty((K, epochs))
    best_val = np.full(K, np.inf)
    best_W = [W.copy() for W in Ws]
    best_b = [b.copy() for b in bs]
    best_epoch = np.zeros(K, dtype=int)
    snap_epochs, snaps = [], []
    scale = (1.0 / keep)[:, None, None]
    lam3 = lam[:, None, None]
    ones = np.ones((K, 1, m))
    cached = None  # (As, Zs) of the last evaluation pass = this epoch's forward pass when nothing is dropped
    with np.errstate(all="ignore"):
        for e in range(1, epochs + 1):
            # ---- forward (training mode)
            if cached is not None:
                As, Zs = cached
            else:
                As, Zs, masks = [X], [None], [None]
                for l in range(L):
                    Z = np.matmul(As[-1], Ws[l])
                    Z += bs[l][:, None, :]
                    if l == L - 1:
                        As.append(Z)
                    else:
                        H = np.tanh(Z)
                        Zs.append(H)  # keep the unmasked tanh for its derivative
                        if dropping:
                            mask = np.stack([drop_rngs[k].random((m, sizes[l + 1])) < keep[k] if keep[k] < 1.0
                                             else np.ones((m, sizes[l + 1]), bool) for k in range(K)])
                            H = H * mask * scale
                            masks.append(mask)
                        As.append(H)
            # ---- backward
            dZ = 2.0 * (As[-1] - Y) / m
            grads = [None] * (2 * L)
            for l in range(L - 1, -1, -1):
                gW = np.matmul(As[l].transpose(0, 2, 1), dZ)
                if lam.any():
                    gW += lam3 * Ws[l]
                grads[2 * l] = gW
                grads[2 * l + 1] = np.matmul(ones, dZ)[:, 0, :]
                if l > 0:
                    dA = np.matmul(dZ, Ws[l].transpose(0, 2, 1))
                    H = Zs[l]
                    if dropping:
                        dA = dA * masks[l] * scale
                    dZ = dA * (1.0 - H * H)
            # ---- Adam (the update of nncore.optimizers.Adam, per array)
            c1, c2 = 1.0 - b1 ** e, 1.0 - b2 ** e
            for p, g, mm, vv in zip(params, grads, m1, m2):
                mm *= b1
                mm += (1.0 - b1) * g
                vv *= b2
                vv += (1.0 - b2) * g * g
                p -= learning_rate * (mm / c1) / (np.sqrt(vv / c2) + eps)
            # ---- evaluation (no dropout)
            A, Zs_eval, As_eval = X, [None], [X]
            for l in range(L):
                Z = np.matmul(A, Ws[l])
                Z += bs[l][:, None, :]
                A = Z if l == L - 1 else np.tanh(Z)
                if l < L - 1:
                    Zs_eval.append(A)
                As_eval.append(A)
            cached = None if dropping else (As_eval, Zs_eval)
            train_loss[:, e - 1] = np.mean((A - Y) ** 2, axis=(1, 2))
            weight_norm[:, e - 1] = np.sqrt(sum(np.sum(W * W, axis=(1, 2)) for W in Ws))
            if has_test:
                tl = np.mean((_forward(Ws, bs, Xt) - Yt) ** 2, axis=(1, 2))
                test_loss[:, e - 1] = tl
                better = tl < best_val
                if better.any():
                    best_val = np.where(better, tl, best_val)
                    best_epoch[better] = e
                    for bW, W in zip(best_W, Ws):
                        bW[better] = W[better]
                    for bb, b in zip(best_b, bs):
                        bb[better] = b[better]
            if every and (e % every == 0 or e == epochs):
                snap_epochs.append(e)
                snaps.append(_forward(Ws, bs, G)[:, :, 0])
    if not (np.all(np.isfinite(train_loss))):
        raise FloatingPointError("training diverged (a loss became infinite or NaN); use a smaller learning rate")
    final = _forward(Ws, bs, G)[:, :, 0]
    best = _forward(best_W, best_b, G)[:, :, 0] if has_test else None
    snapshots = np.stack(snaps, axis=1) if snaps else np.empty((K, 0, gx.size))
    return EnsembleRun(sizes, np.arange(1, epochs + 1), train_loss, test_loss, weight_norm,
                       best_epoch if has_test else None, gx, final, best, np.array(snap_epochs, dtype=int),
                       snapshots, tuple(Ws), tuple(bs))


def patience_stop(test_loss, patience: int) -> tuple[int, int] | None:
    """Early stopping with ``patience``: the first epoch e at which the lowest test loss of the last ``patience``
    epochs is no lower than the best before them (as :meth:`nncore.Trainer.plateaued`), and the epoch whose
    weights are kept (the lowest test loss up to e). Returns (stop_epoch, kept_epoch), or None if it never
    triggers. ``test_loss[i]`` is epoch i + 1."""
    loss = as_array(test_loss, "test_loss").reshape(-1)
    patience = int(patience)
    if patience < 1:
        raise ValueError(f"patience must be ≥ 1, got {patience}")
    for n in range(patience + 1, loss.size + 1):
        if loss[n - patience:n].min() >= loss[:n - patience].min():
            return n, int(np.argmin(loss[:n])) + 1
    return None


# ============================================================================================== overfitting
@dataclass(frozen=True)
class CurveFit:
    """One noisy data set fitted twice: member 0 without regularization, member 1 (if any) with λ and dropout p.

    ``x_train``, ``y_train`` (m,), ``x_test``, ``y_test`` (T,), ``truth`` (G,) = f(grid), ``noise_var`` = σ²
    (the lowest test loss any model can expect), ``run`` the :class:`EnsembleRun`.
    """

    kind: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    truth: np.ndarray
    noise_var: float
    run: EnsembleRun
    l2: float
    keep_prob: float

    @property
    def regularized(self) -> bool:
        return self.run.train_loss.shape[0] > 1


def fit_curve(kind: str = "sin", n_points: int = 15, noise: float = 0.3, hidden_sizes=(32, 32),
              epochs: int = 1000, learning_rate: float = 0.01, l2: float = 0.0, keep_prob: float = 1.0,
              n_test: int = 100, grid_size: int = 151, snapshot_every: int | None = None,
              seed: int = 0) -> CurveFit:
    """Overfitting, seen: ``n_points`` noisy samples of a known curve (:func:`nncore.datasets.curve_1d`), a fresh
    test sample of ``n_test`` from the same curve and noise, and an MLP trained on the few points — once plain and,
    when ``l2`` > 0 or ``keep_prob`` < 1, once more with the regularization (same data, same initial weights)."""
    train = datasets.curve_1d(n_points, noise, kind, seed=seed)
    test = datasets.curve_1d(n_test, noise, kind, seed=seed + 10_000)
    regularize = l2 > 0 or keep_prob < 1
    K = 2 if regularize else 1
    X = np.broadcast_to(train.X, (K, *train.X.shape))
    Y = np.broadcast_to(train.y[:, None], (K, train.X.shape[0], 1))
    grid = np.linspace(*datasets.CURVE_DOMAIN, grid_size)
    # both members start from the same weights (same seed): the only difference is the regularization
    run = train_mlps(X, Y, hidden_sizes, epochs=epochs, learning_rate=learning_rate, l2=[0.0, l2][:K],
                     keep_prob=[1.0, keep_prob][:K], X_test=test.X, Y_test=test.y, grid=grid,
                     snapshot_every=snapshot_every, member_seeds=[seed] * K)
    return CurveFit(kind, train.X[:, 0].copy(), train.y.copy(), test.X[:, 0].copy(), test.y.copy(),
                    datasets.curve_truth(grid, kind), float(noise) ** 2, run, float(l2), float(keep_prob))


# ============================================================================================== bias–variance
@dataclass(frozen=True)
class BiasVariance:
    """The bias–variance–noise split of one model class, estimated from K refits.

    ``x`` (G,) test inputs, ``truth`` f(x), ``fits`` (K, G) f̂_k(x), ``mean_fit`` (G,) f̄(x) = mean_k f̂_k(x);
    ``bias2_x`` (f̄ − f)², ``variance_x`` mean_k (f̂_k − f̄)² per x; ``bias2``, ``variance`` their means over x;
    ``noise`` σ²; ``expected_error`` the measured mean of (y − f̂_k(x))² over k, x and ``n_noise`` fresh noisy
    targets y = f(x) + ε per x; ``error_stderr`` its standard error; ``train_error`` mean training MSE;
    ``train_sets`` (K, m) x and y of every training set.
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


def bias_variance(kind: str = "sin", n_points: int = 15, noise: float = 0.3, n_sets: int = 10, hidden_sizes=(2,),
                  epochs: int = 1000, learning_rate: float = 0.01, n_test: int = 101, n_noise: int = 100,
                  seed: int = 0) -> BiasVariance:
    """Draw ``n_sets`` training sets of ``n_points`` from y = f(x) + N(0, noise²) (seeds seed·1000 + k), fit one
    MLP per set (:func:`train_mlps`), and split the expected test error on ``n_test`` evenly spaced x into
    bias² + variance + noise (see the module docstring). For every x, (1/K) Σ_k (f̂_k − f)² = bias² + variance
    exactly; the measured error adds fresh noise, so it matches bias² + variance + σ² up to sampling error.
    """
    K = int(n_sets)
    if not 2 <= K <= MAX_MEMBERS:
        raise ValueError(f"need 2…{MAX_MEMBERS} training sets, got {n_sets}")
    sets = [datasets.curve_1d(n_points, noise, kind, seed=seed * 1000 + k) for k in range(K)]
    X = np.stack([d.X for d in sets])
    Y = np.stack([d.y[:, None] for d in sets])
    x = np.linspace(*datasets.CURVE_DOMAIN, int(n_test))
    run = train_mlps(X, Y, hidden_sizes, epochs=epochs, learning_rate=learning_rate, grid=x, seed=seed)
    fits = run.final
    truth = datasets.curve_truth(x, kind)
    mean_fit = fits.mean(axis=0)
    bias2_x = (mean_fit - truth) ** 2
    variance_x = np.mean((fits - mean_fit) ** 2, axis=0)
    eps = float(noise) * as_rng(seed + 777).standard_normal((int(n_noise), x.size))
    y_new = truth + eps                                          # (N, G) fresh noisy targets
    sq = (fits[:, None, :] - y_new[None, :, :]) ** 2             # (K, N, G)
    per_draw = sq.mean(axis=(0, 2))                              # one estimate per noise draw
    return BiasVariance(tuple(hidden_sizes), x, truth, fits, mean_fit, bias2_x, variance_x, float(bias2_x.mean()),
                        float(variance_x.mean()), float(noise) ** 2, float(sq.mean()),
                        float(per_draw.std(ddof=1) / np.sqrt(per_draw.size)), float(run.train_loss[:, -1].mean()),
                        X[:, :, 0].copy(), Y[:, :, 0].copy())


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
    """Minimise (1/m)‖Xw − y‖² + λ Σ|w_j| by coordinate descent. One coordinate at a time, with the residual
    r_j = y − Σ_{i≠j} x_i w_i:  w_j = S((2/m) x_jᵀ r_j, λ) / ((2/m) x_jᵀ x_j), S = soft threshold.
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
    """Minimise (1/m)‖Xw − y‖² + λ/2 Σ w²: the gradient (2/m)Xᵀ(Xw − y) + λw = 0 gives
    w = ((2/m)XᵀX + λI)⁻¹ (2/m)Xᵀy. For λ > 0 no weight is exactly 0 (unless (2/m)Xᵀy has a 0 there)."""
    X = as_array(X, "X", ndim=2)
    y = as_array(y, "y").reshape(-1)
    m, d = X.shape
    return np.linalg.solve(2.0 / m * X.T @ X + float(lam) * np.eye(d), 2.0 / m * X.T @ y)


@dataclass(frozen=True)
class RegPath:
    """Weights as λ grows: ``lams`` (L,), ``weights`` (L, d), ``n_zero`` (L,) count of weights exactly 0,
    ``objective`` (L,) MSE + penalty at the solution."""

    kind: str
    lams: np.ndarray
    weights: np.ndarray
    n_zero: np.ndarray
    mse: np.ndarray
    objective: np.ndarray


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
    return RegPath(kind, lams, W, np.sum(W == 0.0, axis=1), mse, obj)


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


# ============================================================================================== dropout
@dataclass(frozen=True)
class DropoutExpectation:
    """Activations ``a`` (n,), keep probability p, and for ``n_masks`` random masks the mean training output of
    inverted dropout (a ⊙ mask / p) and classic dropout (a ⊙ mask), next to the test-time outputs
    (inverted: a; classic: p·a). Both means approach their test output: E[mask] = p."""

    a: np.ndarray
    keep_prob: float
    n_masks: int
    train_mean_inverted: np.ndarray
    test_inverted: np.ndarray
    train_mean_classic: np.ndarray
    test_classic: np.ndarray
    kept_share: float


def dropout_expectation(a, keep_prob: float, n_masks: int = 1000, seed: int = 0) -> DropoutExpectation:
    """Average ``n_masks`` dropout passes of the activations ``a`` (masks from :func:`nncore.dropout_mask`)."""
    a = as_array(a, "activations").reshape(-1)
    masks = dropout_mask((int(n_masks), a.size), keep_prob, seed=seed)
    inv = apply_dropout(a, masks, keep_prob, "inverted", train=True).mean(axis=0)
    cla = apply_dropout(a, masks, keep_prob, "classic", train=True).mean(axis=0)
    return DropoutExpectation(a, float(keep_prob), int(n_masks), inv,
                              apply_dropout(a, None, keep_prob, "inverted", train=False), cla,
                              apply_dropout(a, None, keep_prob, "classic", train=False), float(masks.mean()))


# ============================================================================================== weight decay
@dataclass(frozen=True)
class WeightDecayDemo:
    """One SGD step on cost + λ/2‖W‖², computed three ways for the weights of layer ``layer`` (flattened):

    - ``decay``: w(1 − ηλ) − η ∂L/∂w (:func:`nncore.regularization.weight_decay_step`; ``factor`` = 1 − ηλ,
      ``shrunk`` = w(1 − ηλ), ``step`` = η ∂L/∂w),
    - ``l2_step``: w − η(∂L/∂w + λw) (:func:`nncore.regularization.l2_gradient_step`),
    - ``trainer``: what ``Trainer(net, l2=λ, optimizer="sgd")`` does in one full-batch epoch.
    ``max_diff_formula`` = max|decay − l2_step|, ``max_diff_trainer`` = max|decay − trainer|.
    """

    learning_rate: float
    lam: float
    w: np.ndarray
    grad: np.ndarray
    factor: float
    shrunk: np.ndarray
    step: np.ndarray
    decay: np.ndarray
    l2_step: np.ndarray
    trainer: np.ndarray
    max_diff_formula: float
    max_diff_trainer: float


def weight_decay_demo(learning_rate: float = 0.1, lam: float = 0.1, hidden: int = 4, layer: int = 0,
                      seed: int = 0) -> WeightDecayDemo:
    """A 1-``hidden``-1 tanh network on :func:`nncore.datasets.curve_1d` (15 points): ∂L/∂w from one backward
    pass of the plain MSE cost, then one weight-decay step three ways (see :class:`WeightDecayDemo`)."""
    from ..mlp import MLP
    from ..regularization import l2_gradient_step, weight_decay_step
    from ..training import Trainer

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
    factor = 1.0 - learning_rate * lam
    return WeightDecayDemo(float(learning_rate), float(lam), w.ravel(), g.ravel(), factor, (w * factor).ravel(),
                           (learning_rate * g).ravel(), decay.ravel(), l2.ravel(), after.ravel(),
                           float(np.max(np.abs(decay - l2))), float(np.max(np.abs(decay - after))))
