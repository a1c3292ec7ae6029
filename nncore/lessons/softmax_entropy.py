"""Classification taken apart: softmax step by step (naive vs shifted), temperature paths, cross-entropy with its
gradient, MSE vs log loss for a sigmoid output, information quantities of two distributions, and a trained
multiclass classifier's decision regions.

Shapes: logits ``z`` are 1-D (k,) — one example with k classes; a class grid is (res, res).

>>> steps = softmax_steps([1000.0, 999.0, 998.0])
>>> steps.naive_ok, bool(abs(steps.probs.sum() - 1) < 1e-12)
(False, True)
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import datasets
from .._util import as_array
from ..activations import ACTIVATIONS, sigmoid
from ..information import cross_entropy_pq, entropy, kl_divergence, normalize, self_information
from ..losses import cross_entropy_with_logits
from ..mlp import MLP
from ..softmax import log_softmax, logsumexp, naive_softmax, softmax
from ..training import Trainer

__all__ = ["SoftmaxSteps", "softmax_steps", "TemperaturePath", "temperature_path", "shift_check",
           "smoothed_target", "CrossEntropyView", "cross_entropy_view", "nll_curve", "SigmoidLosses",
           "sigmoid_losses", "Information", "is_distribution", "information", "Classifier", "train_classifier"]


def _logits(z) -> np.ndarray:
    z = as_array(z, "logits", ndim=1)
    if z.size < 2:
        raise ValueError(f"need at least 2 logits, got {z.size}")
    return z


# ----------------------------------------------------------------------------------------- softmax step by step
@dataclass(frozen=True)
class SoftmaxSteps:
    """softmax((z + offset) / T) computed twice, every intermediate kept (all arrays (k,)).

    Naive: ``naive_exp`` = e^{s} with s = (z + offset)/T, ``naive_sum`` = Σ e^{s}, ``naive`` = e^{s}/Σ (may hold
    inf or NaN; ``naive_ok`` False then). Shifted: m = max s, ``shifted`` = s − m, ``shifted_exp`` = e^{s−m}
    (largest is exactly 1, so nothing overflows), ``shifted_sum`` ∈ [1, k], ``probs`` = e^{s−m}/Σ e^{s−m}
    (= ``nncore.softmax``), ``lse`` = log Σ e^{s} = m + log Σ e^{s−m} (= ``nncore.logsumexp``),
    ``log_probs`` = s − lse (= ``nncore.log_softmax``); ``top`` = argmax_k probs (the first on a tie).
    """

    logits: np.ndarray
    offset: float
    temperature: float
    scaled: np.ndarray
    naive_exp: np.ndarray
    naive_sum: float
    naive: np.ndarray
    naive_ok: bool
    naive_total: float
    max: float
    shifted: np.ndarray
    shifted_exp: np.ndarray
    shifted_sum: float
    probs: np.ndarray
    total: float
    lse: float
    log_probs: np.ndarray
    top: int


def softmax_steps(z, temperature: float = 1.0, offset: float = 0.0) -> SoftmaxSteps:
    """Every step of softmax((z + offset)/T), naive (``nncore.naive_softmax``) and shifted (``nncore.softmax``)."""
    z = _logits(z)
    offset = float(offset)
    if not math.isfinite(offset):
        raise ValueError(f"offset must be finite, got {offset}")
    probs = softmax(z + offset, temperature=temperature)  # also validates T
    t = float(temperature)
    s = (z + offset) / t
    naive, ok = naive_softmax(s)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        naive_exp = np.exp(s)
        naive_sum = float(np.sum(naive_exp))
        naive_total = float(np.sum(naive))
    m = float(np.max(s))
    shifted = s - m
    shifted_exp = np.exp(shifted)
    return SoftmaxSteps(z, offset, t, s, naive_exp, naive_sum, naive, ok, naive_total, m, shifted, shifted_exp,
                        float(np.sum(shifted_exp)), probs, float(np.sum(probs)), float(logsumexp(s)),
                        log_softmax(z + offset, temperature=t), int(np.argmax(probs)))


@dataclass(frozen=True)
class TemperaturePath:
    """softmax(z/T) for each T of ``temperatures`` (n,): ``probs`` (n, k); the two limits: ``argmax`` (k,),
    the one-hot of the largest logit (ties share equally) reached as T → 0, and ``uniform`` (k,) = 1/k as T → ∞."""

    temperatures: np.ndarray
    probs: np.ndarray
    argmax: np.ndarray
    uniform: np.ndarray


def temperature_path(z, temperatures) -> TemperaturePath:
    z = _logits(z)
    ts = as_array(temperatures, "temperatures", ndim=1)
    probs = np.vstack([softmax(z, temperature=t) for t in ts])
    top = (z == np.max(z)).astype(np.float64)
    return TemperaturePath(ts, probs, top / top.sum(), np.full(z.size, 1.0 / z.size))


def shift_check(z, constant: float) -> tuple[np.ndarray, np.ndarray, float]:
    """softmax(z), softmax(z + c) and max_k |difference| (0 up to rounding: e^{z+c} = e^c·e^z, e^c cancels)."""
    z = _logits(z)
    a, b = softmax(z), softmax(z + float(constant))
    return a, b, float(np.max(np.abs(a - b)))


# ----------------------------------------------------------------------------------------- cross-entropy
def smoothed_target(n_classes: int, true_class: int, smoothing: float = 0.0) -> np.ndarray:
    """Target y (k,): one-hot of ``true_class`` mixed with the uniform distribution,
    y = (1 − ε)·onehot + ε/k (label smoothing; ε = 0 gives the hard one-hot target)."""
    k, c, eps = int(n_classes), int(true_class), float(smoothing)
    if k < 2 or not 0 <= c < k:
        raise ValueError(f"need n_classes ≥ 2 and 0 ≤ true_class < n_classes, got {k}, {c}")
    if not 0.0 <= eps <= 1.0:
        raise ValueError(f"smoothing must be in [0, 1], got {smoothing}")
    y = np.full(k, eps / k)
    y[c] += 1.0 - eps
    return y


@dataclass(frozen=True)
class CrossEntropyView:
    """Softmax cross-entropy of one example: ``probs`` = softmax(z), ``target`` y, ``loss`` = −Σ y_k log p_k
    (from ``nncore.cross_entropy_with_logits``), ``terms`` = −y_k log p_k per class (they sum to ``loss``),
    ``neg_log`` = −log p_k (the self-information of each class), ``grad`` = ∂L/∂z = p − y (k,) and ``grad_sum``
    = Σ_k (p_k − y_k) = 0 (both sum to 1: raising every logit together changes nothing); ``used`` = the classes
    the target gives a share (y_k > 0): the only terms of the loss, the points to mark on the curve −log p."""

    probs: np.ndarray
    target: np.ndarray
    loss: float
    terms: np.ndarray
    neg_log: np.ndarray
    grad: np.ndarray
    grad_sum: float
    used: tuple[int, ...]


def cross_entropy_view(z, y) -> CrossEntropyView:
    z = _logits(z)
    y = as_array(y, "target", ndim=1)
    if y.shape != z.shape:
        raise ValueError(f"target must have {z.size} entries, got {y.size}")
    loss, grad = cross_entropy_with_logits(z[None, :], y[None, :])  # m = 1: grad = softmax − y
    logp = log_softmax(z)
    terms = np.where(y > 0, -y * logp, 0.0)
    return CrossEntropyView(softmax(z), y, loss, terms, -logp, grad[0], float(np.sum(grad[0])),
                            tuple(int(k) for k in np.flatnonzero(y > 0)))


def nll_curve(n_points: int = 200, p_min: float = 1e-3) -> tuple[np.ndarray, np.ndarray]:
    """The curve −log p for p on a grid from ``p_min`` to 1 (nats): what the loss is when the true class gets p."""
    p = np.linspace(p_min, 1.0, int(n_points))
    return p, self_information(p)


# ----------------------------------------------------------------------------------------- MSE vs log loss
@dataclass(frozen=True)
class SigmoidLosses:
    """Loss and gradient w.r.t. the logit z of one sigmoid output ŷ = σ(z) with label y (arrays like z).

    - squared error (the course notes, Article 3): L = ½(σ(z) − y)², ∂L/∂z = (σ − y)·σ(1 − σ) — the factor
      σ′ = σ(1 − σ) is ~0 where σ saturates, so the gradient vanishes even when the prediction is completely wrong
      (y = 1, z = −8: σ = 0.000335, ∂L/∂z = −0.000335 with squared error, −0.999665 with log loss);
    - log loss: L = −[y log σ + (1 − y) log(1 − σ)] = softplus(z) − y·z, ∂L/∂z = σ − y — σ′ cancels.

    ``wrong_saturated`` marks z where σ is saturated (``sigmoid.saturation_mask``) on the wrong side of 0.5.
    """

    z: np.ndarray
    y: float
    sigma: np.ndarray
    mse: np.ndarray
    mse_grad: np.ndarray
    ce: np.ndarray
    ce_grad: np.ndarray
    wrong_saturated: np.ndarray


def sigmoid_losses(z, y: float) -> SigmoidLosses:
    z = as_array(z, "z")
    y = float(y)
    if y not in (0.0, 1.0):
        raise ValueError(f"label y must be 0 or 1, got {y}")
    s = sigmoid(z)
    ds = s * (1.0 - s)
    wrong = (s < 0.5) if y == 1.0 else (s > 0.5)
    return SigmoidLosses(z, y, s, 0.5 * (s - y) ** 2, (s - y) * ds, np.logaddexp(0.0, z) - y * z, s - y,
                         ACTIVATIONS["sigmoid"].saturation_mask(z) & wrong)


# ----------------------------------------------------------------------------------------- information
@dataclass(frozen=True)
class Information:
    """Two distributions p, q (k,) (normalised from non-negative weights) and, in ``base`` (2: bits, e: nats):
    self-information −log p_i and −log q_i (inf where the probability is 0), H(p), H(q), H(p, q), H(q, p),
    KL(p‖q), KL(q‖p). H(p, q) = H(p) + KL(p‖q) and H(q, p) = H(q) + KL(q‖p) hold to rounding (inf when the
    second distribution gives 0 to an event the first one does not).

    Worked example (a fair coin p = (½, ½) against q = (¼, ¾), bits): H(p) = 1, KL(p‖q) = ½·log₂2 + ½·log₂(2/3)
    = 0.2075, so H(p, q) = 1.2075 = ½·log₂4 + ½·log₂(4/3); KL(q‖p) = 0.1887 ≠ KL(p‖q)."""

    base: float
    p: np.ndarray
    q: np.ndarray
    info_p: np.ndarray
    info_q: np.ndarray
    h_p: float
    h_q: float
    ce_pq: float
    ce_qp: float
    kl_pq: float
    kl_qp: float

    @property
    def larger_kl(self) -> str:
        """Which direction of the KL divergence is larger: "pq" (KL(p‖q)), "qp" or "equal" (to 1e-12)."""
        if abs(self.kl_pq - self.kl_qp) <= 1e-12 or self.kl_pq == self.kl_qp:
            return "equal"
        return "pq" if self.kl_pq > self.kl_qp else "qp"


def is_distribution(weights) -> bool:
    """Whether non-negative ``weights`` can be normalised into a distribution (at least one is positive)."""
    w = np.asarray(weights, dtype=float)
    return bool(w.size and np.all(w >= 0) and np.any(w > 0))


def information(p_weights, q_weights, base: float = 2.0) -> Information:
    p, q = normalize(p_weights), normalize(q_weights)
    if p.shape != q.shape:
        raise ValueError(f"p and q must have the same number of outcomes, got {p.size} and {q.size}")
    return Information(float(base), p, q, self_information(p, base), self_information(q, base),
                       entropy(p, base), entropy(q, base), cross_entropy_pq(p, q, base), cross_entropy_pq(q, p, base),
                       kl_divergence(p, q, base), kl_divergence(q, p, base))


# ----------------------------------------------------------------------------------------- classifier
@dataclass(frozen=True)
class Classifier:
    """A softmax classifier trained on 2-D data, and its decision regions.

    ``X`` (m, 2), ``y`` (m,); ``xs``, ``ys`` (res,) grid axes; ``probs`` (res, res, k) — softmax output at grid
    point (ys[i], xs[j]); ``regions`` (res, res) — its argmax class; ``epochs``, ``loss``, ``accuracy`` — the
    training history (one entry per evaluation); ``final_accuracy`` on the training data; ``diverged_epoch`` —
    the epoch at which training diverged (the weights of the last good epoch were kept) or None.
    """

    X: np.ndarray
    y: np.ndarray
    n_classes: int
    xs: np.ndarray
    ys: np.ndarray
    probs: np.ndarray
    regions: np.ndarray
    epochs: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray
    final_accuracy: float
    diverged_epoch: int | None


def train_classifier(data: str = "blobs", n_classes: int = 3, noise: float = 0.0, hidden: int = 0,
                     epochs: int = 200, learning_rate: float = 0.05, n_samples: int = 300, seed: int = 0,
                     resolution: int = 60, n_records: int = 25) -> Classifier:
    """Train softmax regression (``hidden=0``: MLP [2, k]) or an MLP [2, hidden, k] with tanh on
    ``datasets.blobs`` / ``datasets.spiral_k`` with Adam on the cross-entropy (full batch), then evaluate the
    softmax output on a ``resolution``² grid over [−6, 6]². ``n_records`` evaluations are kept for the curve."""
    if data not in ("blobs", "spiral_k"):
        raise ValueError(f"data must be 'blobs' or 'spiral_k', got {data!r}")
    ds = datasets.make(data, n_samples, noise, seed=seed, n_classes=n_classes)
    k = ds.n_classes
    sizes = [2, k] if hidden == 0 else [2, int(hidden), k]
    net = MLP(sizes, hidden="tanh", output="softmax", init="xavier", seed=seed)
    trainer = Trainer(net, ds.X, datasets.one_hot(ds.y, k), loss="cross_entropy", optimizer="adam",
                      learning_rate=learning_rate, seed=seed)
    trainer.run(int(epochs), eval_every=max(1, int(epochs) // max(1, int(n_records))))
    h = trainer.history
    xx, yy, points = datasets.grid(resolution=resolution)
    probs = net.predict(points).reshape(resolution, resolution, k)
    acc = float(np.mean(net.predict_labels(ds.X) == ds.y))
    return Classifier(ds.X, ds.y, k, xx[0].copy(), yy[:, 0].copy(), probs, np.argmax(probs, axis=2),
                      np.asarray(h.epoch, float), np.asarray(h.train_loss, float),
                      np.asarray(h.train_acc, float), acc,
                      None if trainer.divergence is None else int(trainer.divergence.epoch))
