"""Many small networks trained at once: K regression MLPs 1 → hidden → 1 (tanh hidden layers, linear output, MSE,
full batch) side by side in a few NumPy operations per epoch, with early stopping on a validation set followed for
several patiences and run lengths at once.

All parameters of member k live in one row of a (K, P) array, so an optimizer step is a handful of elementwise
operations whatever the depth, and the forward and backward passes are batched matrix products over the K members.
Each member is exactly what ``MLP(sizes, hidden="tanh", output="linear", seed=s)`` trained by
``Trainer(net, X, Y, loss="mse", optimizer=…, l2=λ, seed=s)`` computes (``tests/engine/test_ensemble.py``).
The Regularization page draws its overfitting, bias–variance, dropout and weight-decay pictures from such runs
(``nncore.lessons.regularization``).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ._util import as_array, as_rng
from .init import init_layer

__all__ = ["ADAM_BETAS", "MAX_MEMBERS", "MAX_EPOCHS", "OPTIMIZERS", "EarlyStop", "EnsembleRun", "train_mlps",
           "snapshot_schedule"]

ADAM_BETAS = (0.9, 0.999, 1e-8)  # nncore.optimizers.Adam defaults
MAX_MEMBERS = 64
MAX_EPOCHS = 20_000
OPTIMIZERS = ("adam", "sgd")


@dataclass(frozen=True)
class EarlyStop:
    """Early stopping of one network on its **validation** loss, with ``patience``, in a run of ``limit`` epochs.

    Training stops at the first epoch ``stop`` at which the validation loss has not reached a new minimum for
    ``patience`` epochs (``stop`` = ``kept`` + ``patience``), or runs to ``limit`` (``stop`` None). The weights kept
    are those of ``kept``, the epoch of the lowest validation loss up to the stop. ``test_loss`` is the loss of
    those weights on the test set: the one number reported as the expected error on new data, measured once.
    ``fit`` (G,): the kept network's predictions on the run's grid.
    """

    patience: int
    limit: int
    stop: int | None
    kept: int
    val_loss: float
    test_loss: float
    fit: np.ndarray

    @property
    def epochs_run(self) -> int:
        return self.limit if self.stop is None else self.stop


@dataclass(frozen=True)
class EnsembleRun:
    """K networks trained side by side. Index k is the member, e the epoch (epoch e is column e − 1).

    Attributes
    ----------
    layer_sizes : [1, h₁, …, 1]
    epochs : (E,) 1 … E
    train_loss : (K, E) cost J (MSE) of member k on its training set after epoch e (evaluation mode: no dropout)
    val_loss : (K, E) MSE on the validation set after every epoch, or None without one
    weight_norm : (K, E) ‖W‖ = √(Σ_l Σ W_l²) (biases excluded) after epoch e
    grid_x : (G,) inputs the curves are drawn at; ``final`` (K, G) predictions after the last epoch
    snapshot_epochs : (S,) and ``snapshots`` (K, S, G): predictions after those epochs
    test_loss : (K, S) MSE on the test set at the snapshot epochs (the test set is only looked at there, and for
        the kept weights of early stopping), or None without one
    weights, biases : the final parameters, ``weights[l]`` (K, n_l, n_{l+1}), ``biases[l]`` (K, n_{l+1})
    stops : {(k, patience, limit): EarlyStop} for every patience and run length asked for (empty without validation)
    """

    layer_sizes: tuple
    epochs: np.ndarray
    train_loss: np.ndarray
    val_loss: np.ndarray | None
    weight_norm: np.ndarray
    grid_x: np.ndarray
    final: np.ndarray
    snapshot_epochs: np.ndarray
    snapshots: np.ndarray
    test_loss: np.ndarray | None
    weights: tuple
    biases: tuple
    stops: Mapping

    def snapshot_count(self, epochs: int) -> int:
        """How many snapshots were taken within the first ``epochs`` epochs."""
        return int(np.searchsorted(self.snapshot_epochs, int(epochs), side="right"))

    def snapshot_index(self, epoch: int) -> int:
        """Index of ``epoch`` in :attr:`snapshot_epochs` (ValueError if no snapshot was taken then)."""
        i = int(np.searchsorted(self.snapshot_epochs, int(epoch)))
        if i >= self.snapshot_epochs.size or self.snapshot_epochs[i] != int(epoch):
            raise ValueError(f"no snapshot after epoch {epoch}")
        return i


def _per_member(value, K: int, name: str, lo: float, hi: float) -> np.ndarray:
    arr = np.broadcast_to(np.asarray(value, dtype=np.float64), (K,)).copy()
    if not np.all(np.isfinite(arr)) or np.any(arr < lo) or np.any(arr > hi):
        raise ValueError(f"{name} must be in [{lo}, {hi}], got {value}")
    return arr


def _rows(x, K: int, name: str) -> np.ndarray:
    """(T, 1) inputs or targets shared by every member, as a (K, T, 1) broadcast view."""
    arr = as_array(x, name).reshape(-1, 1)
    return np.broadcast_to(arr, (K, *arr.shape))


def _affine(A, W, b):
    """A W + b for every member: A (K, r, n), W (K, n, n'), b (K, n'). With one input (n = 1) the product is an
    outer product, which broadcasting computes faster than a batched BLAS call (and to the same bits)."""
    Z = A * W if W.shape[1] == 1 else np.matmul(A, W)
    Z += b[:, None, :]
    return Z


def _forward(Ws, bs, A):
    """Batched forward pass in evaluation mode: A (K, r, 1) → every layer's output (tanh hidden, linear output)."""
    last = len(Ws) - 1
    As = [A]
    for l, (W, b) in enumerate(zip(Ws, bs)):
        Z = _affine(As[-1], W, b)
        As.append(Z if l == last else np.tanh(Z, out=Z))
    return As


def snapshot_schedule(epoch_options: Sequence[int], per_run: int = 100) -> tuple[int, ...]:
    """The epochs at which to store the fitted curve so that a run cut at any length E of ``epoch_options`` has
    one every E // ``per_run`` epochs (the steps of the page's epoch slider)."""
    out: set[int] = set()
    for E in epoch_options:
        every = max(1, int(E) // per_run)
        out.update(range(every, int(E) + 1, every))
    return tuple(sorted(out))


def train_mlps(X, Y, hidden_sizes, *, epochs: int = 1000, learning_rate: float = 0.01, optimizer: str = "adam",
               l2=0.0, weight_decay=0.0, drop=0.0, X_val=None, Y_val=None, X_test=None, Y_test=None, grid=None,
               snapshots: Sequence[int] = (), patiences: Sequence[int] = (), limits: Sequence[int] | None = None,
               seed: int = 0, member_seeds=None) -> EnsembleRun:
    """Train K regression MLPs 1 → hidden_sizes → 1 (tanh, linear output, MSE), full batch, side by side.

    Parameters
    ----------
    X, Y : (K, m, 1) each member's training inputs and targets; (m, 1) or (m,) is one set for K = 1
        (use ``np.broadcast_to`` for K members on the same set).
    hidden_sizes : units per hidden layer, e.g. (32, 32); () is a linear model ŷ = w x + b.
    optimizer : "adam" (nncore.optimizers.Adam) or "sgd" (w ← w − η g).
    l2 : λ per member (scalar or (K,)), added to the gradient: objective J + λ/2 Σ W² (biases not penalised).
    weight_decay : λ per member, *decoupled*: W ← W(1 − ηλ) before each optimizer step (AdamW's rule; with SGD
        it equals ``l2`` up to rounding).
    drop : dropout **drop rate** p per member (inverted dropout on hidden units, 0 = none): a unit is kept with
        probability 1 − p, drawn as ``rng.random(shape) < 1 − p`` from ``np.random.default_rng(seed_k)``, and a
        kept unit is divided by 1 − p.
    X_val, Y_val : (V, 1) one validation set for every member: a validation loss after every epoch, and early
        stopping for each of ``patiences`` in runs cut at each of ``limits`` (default: ``epochs``).
    X_test, Y_test : (T, 1) one test set: its loss at the ``snapshots`` epochs and for the kept weights.
    grid : (G,) inputs at which the fitted curves are returned (default 201 points on [−1, 1]).
    seed : member k is initialised like ``MLP(..., init="xavier", seed=seed + k)``;
        ``member_seeds`` (K,) replaces seed + k (the same seed twice: two members with the same start).

    Per epoch and member (the backward pass of :class:`nncore.MLP` for a linear output with MSE):
    dZ_L = 2(ŷ − y)/m,  ∂W_l = A_lᵀ dZ_{l+1} + λ W_l,  ∂b_l = Σ_rows dZ_{l+1},
    dZ_l = (dZ_{l+1} W_lᵀ) ⊙ mask/(1 − p) ⊙ (1 − tanh² Z_l); then one optimizer step.
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
    lr = float(learning_rate)
    if not (np.isfinite(lr) and lr > 0):
        raise ValueError(f"learning rate must be a positive number, got {learning_rate}")
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {OPTIMIZERS}, got {optimizer!r}")
    lam = _per_member(l2, K, "l2", 0.0, 1e6)
    wd = _per_member(weight_decay, K, "weight_decay", 0.0, 1e6)
    drop = _per_member(drop, K, "drop rate", 0.0, 1.0 - 1e-6)
    keep = 1.0 - drop
    sizes = (1, *[int(h) for h in hidden_sizes], 1)
    if any(h < 1 for h in sizes):
        raise ValueError(f"hidden sizes must be positive, got {hidden_sizes}")
    L = len(sizes) - 1
    seeds = [int(seed) + k for k in range(K)] if member_seeds is None else [int(s) for s in member_seeds]
    if len(seeds) != K:
        raise ValueError(f"member_seeds needs {K} seeds, got {len(seeds)}")

    # ---- all parameters of member k in theta[k]: [W_0 (row-major), b_0, W_1, b_1, …]; views for every array
    offsets, P = [], 0
    for a, b in zip(sizes[:-1], sizes[1:]):
        offsets.append((P, a, b, P + a * b))
        P += a * b + b
    theta = np.empty((K, P))

    def views(flat):
        return ([flat[:, o:o + a * b].reshape(K, a, b) for o, a, b, _ in offsets],
                [flat[:, ob:ob + b] for _, _, b, ob in offsets])

    Ws, bs = views(theta)
    for k in range(K):  # member k draws its layers from its own generator, exactly like MLP(seed=seeds[k])
        rng = as_rng(seeds[k])
        for l, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
            Ws[l][k], bs[l][k] = init_layer("xavier", a, b, rng, None)
    grad = np.zeros((K, P))
    gWs, gbs = views(grad)
    gbs3 = [g[:, None, :] for g in gbs]
    ones = np.ones((K, 1, m))
    is_weight = np.zeros(P)
    for o, a, b, _ in offsets:
        is_weight[o:o + a * b] = 1.0
    lam_vec = lam[:, None] * is_weight if lam.any() else None
    decay = 1.0 - lr * wd[:, None] * is_weight if wd.any() else None
    dropping = bool(np.any(drop > 0)) and L > 1
    drop_rngs = [as_rng(s) for s in seeds]
    dropping_members = [k for k in range(K) if drop[k] > 0]
    mask_bufs = [np.ones((K, m, h), bool) for h in sizes[1:-1]]  # rows of members without dropout stay all ones
    bounds = np.cumsum([0] + [m * h for h in sizes[1:-1]])
    mask_slices = list(zip(bounds[:-1], bounds[1:]))
    n_mask = int(bounds[-1])
    scale = (1.0 / keep)[:, None, None]

    # ---- the rows evaluated after every epoch (train + validation) and at snapshots (grid + test)
    has_val = X_val is not None and Y_val is not None
    has_test = X_test is not None and Y_test is not None
    V = 0
    XE = X
    if has_val:
        Xv, Yv = _rows(X_val, K, "X_val"), _rows(Y_val, K, "Y_val")
        if Xv.shape != Yv.shape:
            raise ValueError("X_val and Y_val must have the same number of rows")
        V = Xv.shape[1]
        XE = np.concatenate([X, Xv], axis=1)
    gx = np.linspace(-1.0, 1.0, 201) if grid is None else as_array(grid, "grid").reshape(-1)
    G = gx.size
    XS = np.broadcast_to(gx[:, None], (K, G, 1))
    if has_test:
        Xt, Yt = _rows(X_test, K, "X_test"), _rows(Y_test, K, "Y_test")
        if Xt.shape != Yt.shape:
            raise ValueError("X_test and Y_test must have the same number of rows")
        XS = np.concatenate([XS, Xt], axis=1)
    snap_set = {int(e) for e in snapshots if 1 <= int(e) <= epochs} | {epochs}
    patiences = np.array(sorted({int(p) for p in patiences}), dtype=int) if has_val else np.zeros(0, int)
    if np.any(patiences < 1):
        raise ValueError("patience must be ≥ 1")
    limit_set = {int(e) for e in (limits if limits is not None else (epochs,)) if 1 <= int(e) <= epochs}

    def at_snapshot(Wv, bv):
        """(grid predictions (K, G), test loss (K,) or None) of the parameters (Wv, bv)."""
        out = _forward(Wv, bv, XS)[-1][:, :, 0]
        test = np.mean((out[:, G:] - Yt[:, :, 0]) ** 2, axis=1) if has_test else None
        return out[:, :G].copy(), test

    b1, b2, eps = ADAM_BETAS
    m1 = np.zeros((K, P)) if optimizer == "adam" else None
    m2 = np.zeros((K, P)) if optimizer == "adam" else None
    tmp, den = np.empty((K, P)), np.empty((K, P))
    train_loss = np.empty((K, epochs))
    val_loss = np.empty((K, epochs)) if has_val else None
    weight_norm = np.empty((K, epochs))
    snap_epochs, snaps, snap_test = [], [], []
    # early stopping: the last strict minimum of the validation loss per member and a copy of its weights
    best_val = np.full(K, np.inf)
    record = np.zeros(K, dtype=int)
    theta_best = theta.copy()
    Wb, bb = views(theta_best)
    triggered = np.zeros((K, patiences.size), dtype=bool)
    stop_at: dict = {}   # (k, patience) -> (stop, kept)
    kept_at: dict = {}   # (k, limit) -> kept
    kept_fit: dict = {}  # (k, epoch) -> (fit (G,), test loss)

    def remember_best(members):
        need = [k for k in members if (k, int(record[k])) not in kept_fit]
        if need:
            fits, test = at_snapshot(Wb, bb)
            for k in need:
                kept_fit[(k, int(record[k]))] = (fits[k], float(test[k]) if test is not None else float("nan"))

    reuse = None
    with np.errstate(all="ignore"):
        for e in range(1, epochs + 1):
            # ---- forward (training mode): a fresh dropout mask per member and hidden layer (all ones for a member
            # without dropout). With validation rows it is always its own pass over the training rows, so that a
            # member's numbers do not depend on which other members train beside it (BLAS rounds a 15-row and a
            # 35-row product differently).
            A_in, H_raw, masks, A = [X], [None], [None], X
            for l in range(L if reuse is None else 0):
                Z = _affine(A, Ws[l], bs[l])
                if l == L - 1:
                    A = Z
                    break
                H = np.tanh(Z, out=Z)
                H_raw.append(H)  # the unmasked tanh, for its derivative
                if dropping:
                    if l == 0:  # this epoch's masks of every hidden layer: one draw per member, split by layer
                        for k in dropping_members:  # (the same numbers as one draw per layer, layer by layer)
                            u = drop_rngs[k].random(n_mask)
                            for (a, b), mk in zip(mask_slices, mask_bufs):
                                np.less(u[a:b].reshape(m, -1), keep[k], out=mk[k])
                    mask = mask_bufs[l]
                    masks.append(mask)
                    A = H * mask * scale
                else:
                    A = H
                A_in.append(A)
            out = A
            if reuse is not None:  # without dropout or validation rows, last epoch's evaluation is this forward
                A_in, out = reuse[:-1], reuse[-1]
                H_raw = A_in
            # ---- backward
            dZ = 2.0 * (out - Y) / m
            for l in range(L - 1, -1, -1):
                np.matmul(A_in[l].transpose(0, 2, 1), dZ, out=gWs[l])
                np.matmul(ones, dZ, out=gbs3[l])  # Σ over examples, per member (as MLP.backward: ones @ dZ)
                if l > 0:
                    W = Ws[l]  # dZ Wᵀ; with one output unit an outer product (as MLP.backward does it)
                    dA = dZ * W[:, None, :, 0] if W.shape[2] == 1 else np.matmul(dZ, W.transpose(0, 2, 1))
                    if dropping:
                        dA = dA * masks[l] * scale
                    H = H_raw[l]
                    dZ = dA * (1.0 - H * H)
            if lam_vec is not None:
                np.multiply(lam_vec, theta, out=tmp)
                grad += tmp
            # ---- optimizer step on the flat parameters: the updates of nncore.optimizers.SGD / Adam, elementwise,
            # in place (a temporary per operation would cost more than the arithmetic)
            if decay is not None:
                theta *= decay
            if optimizer == "adam":
                c1, c2 = 1.0 - b1 ** e, 1.0 - b2 ** e
                m1 *= b1
                np.multiply(grad, 1.0 - b1, out=tmp)
                m1 += tmp
                m2 *= b2
                np.multiply(grad, 1.0 - b2, out=tmp)
                tmp *= grad
                m2 += tmp
                np.divide(m2, c2, out=den)
                np.sqrt(den, out=den)
                den += eps
                np.divide(m1, c1, out=tmp)
                tmp *= lr
                tmp /= den                        # η m̂ / (√v̂ + ε)
                theta -= tmp
            else:
                np.multiply(grad, lr, out=tmp)
                theta -= tmp
            # ---- evaluation (no dropout) on train + validation rows; its training rows are next epoch's forward
            As = _forward(Ws, bs, XE)
            out = As[-1]
            reuse = As if XE is X and not dropping else None
            train_loss[:, e - 1] = np.mean((out[:, :m] - Y) ** 2, axis=(1, 2))
            np.multiply(theta, theta, out=tmp)
            tmp *= is_weight
            weight_norm[:, e - 1] = np.sqrt(np.sum(tmp, axis=1))
            if has_val:
                vl = np.mean((out[:, m:] - Yv) ** 2, axis=(1, 2))
                val_loss[:, e - 1] = vl
                better = vl < best_val
                if better.any():
                    best_val[better] = vl[better]
                    record[better] = e
                    theta_best[better] = theta[better]
                if patiences.size:
                    hit = ((e - record)[:, None] == patiences[None, :]) & ~triggered
                    if hit.any():
                        ks, ps = np.nonzero(hit)
                        remember_best(set(ks.tolist()))
                        for k, j in zip(ks.tolist(), ps.tolist()):
                            triggered[k, j] = True
                            stop_at[(k, int(patiences[j]))] = (e, int(record[k]))
                if e in limit_set:
                    remember_best(range(K))
                    for k in range(K):
                        kept_at[(k, e)] = int(record[k])
            if e in snap_set:
                fits, test = at_snapshot(Ws, bs)
                snap_epochs.append(e)
                snaps.append(fits)
                if test is not None:
                    snap_test.append(test)
    if not np.all(np.isfinite(train_loss)):
        raise FloatingPointError("training diverged (a loss became infinite or NaN); use a smaller learning rate")
    stops = {}
    for k in range(K):
        for limit in sorted(limit_set):
            for p in patiences.tolist():
                stop, kept = stop_at.get((k, p), (None, None))
                if stop is None or stop > limit:
                    stop, kept = None, kept_at[(k, limit)]
                fit, test = kept_fit[(k, kept)]
                stops[(k, p, limit)] = EarlyStop(p, limit, stop, kept, float(val_loss[k, kept - 1]), test, fit)
    snapshots_arr = np.stack(snaps, axis=1)
    return EnsembleRun(sizes, np.arange(1, epochs + 1), train_loss, val_loss, weight_norm, gx,
                       snapshots_arr[:, -1].copy(), np.array(snap_epochs, dtype=int), snapshots_arr,
                       np.stack(snap_test, axis=1) if snap_test else None,
                       tuple(W.copy() for W in Ws), tuple(b.copy() for b in bs), stops)
