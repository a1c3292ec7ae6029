"""Datasets of the lessons: beans, logic gates, TF-Playground 2-D sets, 1-D curves, and helpers around them.

Every generator returns a :class:`Dataset` and takes a ``seed`` (an int or a ``np.random.Generator``); nothing here
touches NumPy's global random state, so the same arguments always give the same numbers.

Shapes: ``X`` is ``(m, n_features)`` float64; ``y`` is ``(m,)`` — int64 labels ``0 .. n_classes − 1`` for
classification, float64 targets for regression.

The 2-D sets follow tensorflow/playground ``src/dataset.ts``: points on the square [−6, 6]², ``noise`` in [0, 0.5],
TF's positive label +1 is ``1`` here and its −1 is ``0``. Gaussian draws are truncated to the square (redrawn when
they fall outside) so that every point lies inside the plotted area. Points are returned class by class
(not shuffled); :func:`train_test_split` shuffles.
"""
from __future__ import annotations

import inspect
import math
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Mapping

import numpy as np

from ._util import Registry, as_rng

__all__ = [
    "random_inputs",
    "Dataset",
    "Feature",
    "beans",
    "logic_gate",
    "LOGIC_GATES",
    "to_pm1",
    "linearly_separable",
    "circle",
    "xor",
    "two_gaussians",
    "spiral",
    "moons",
    "blobs",
    "spiral_k",
    "regress_plane",
    "regress_gaussian",
    "curve_1d",
    "curve_truth",
    "large_columns",
    "CURVE_KINDS",
    "CURVE_DOMAIN",
    "DATASETS",
    "make",
    "train_test_split",
    "FEATURES",
    "make_features",
    "one_hot",
    "grid",
    "validate_xy",
    "PLAYGROUND_BOUNDS",
    "MAX_PLAYGROUND_NOISE",
]

Seed = int | np.random.Generator

#: Half-width of the TF-Playground square: every 2-D point lies in [−6, 6]².
PLAYGROUND_BOUNDS = (-6.0, 6.0)
#: TF Playground's noise slider goes from 0 to 50 %.
MAX_PLAYGROUND_NOISE = 0.5
# beans: noise 100 jitters yᵢ by up to ±1, more than the whole toxic band (0.8, 1.4) is wide;
# curve_1d: a noise standard deviation of 10 is ten times the curve's amplitude (the app's sliders stop below 1)
_MAX_BEANS_NOISE = 100.0
_MAX_CURVE_NOISE = 10.0
_TASKS = ("classification", "regression")


@dataclass(frozen=True, eq=False)  # arrays have no single truth value: compare by identity
class Dataset:
    """A labelled data set.

    Attributes
    ----------
    X : ndarray, shape (m, n_features), float64 (read-only)
    y : ndarray, shape (m,) — int64 labels 0 .. n_classes − 1 (classification) or float64 targets (regression)
        (read-only)
    task : "classification" or "regression"
    n_classes : int — number of classes; 0 for regression
    name : str — generator name (e.g. "circle")
    info : mapping — extra facts about how it was made (e.g. the true separating line, the curve kind)
    """

    X: np.ndarray
    y: np.ndarray
    task: str
    n_classes: int
    name: str
    info: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        if self.task not in _TASKS:
            raise ValueError(f"task must be one of {_TASKS}, got {self.task!r}")
        X = np.array(self.X, dtype=np.float64)
        if X.ndim != 2:
            raise ValueError(f"X must be 2-D (m, n_features), got shape {X.shape}")
        dtype = np.int64 if self.task == "classification" else np.float64
        y = np.array(self.y, dtype=dtype).reshape(-1)
        if y.shape[0] != X.shape[0]:
            raise ValueError(f"y has {y.shape[0]} entries but X has {X.shape[0]} rows")
        if self.task == "classification":
            raw = np.asarray(self.y, dtype=np.float64).reshape(-1)
            if np.any(raw != y) or (y.size and (y.min() < 0 or y.max() >= self.n_classes)):
                raise ValueError(f"classification labels must be integers 0..{int(self.n_classes) - 1}")
        X.setflags(write=False)
        y.setflags(write=False)
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "y", y)
        object.__setattr__(self, "n_classes", int(self.n_classes))
        object.__setattr__(self, "info", MappingProxyType(dict(self.info)))

    def __reduce__(self):  # a mappingproxy cannot be pickled (st.cache_data pickles return values)
        return (Dataset, (self.X, self.y, self.task, self.n_classes, self.name, dict(self.info)))

    @property
    def n_samples(self) -> int:
        """Number of examples m."""
        return int(self.X.shape[0])

    @property
    def n_features(self) -> int:
        """Number of input features."""
        return int(self.X.shape[1])


# --------------------------------------------------------------------------------------------------------------
# argument checks


def _check_count(n: Any, name: str = "n_samples", minimum: int = 1, maximum: int = 1_000_000) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise ValueError(f"{name} must be an integer, got {n!r}")
    if not minimum <= n <= maximum:
        raise ValueError(f"{name} must be between {minimum} and {maximum}, got {n}")
    return int(n)


def _check_noise(noise: Any, maximum: float | None = MAX_PLAYGROUND_NOISE) -> float:
    try:
        value = float(noise)
    except (TypeError, ValueError):
        raise ValueError(f"noise must be a number, got {noise!r}") from None
    if not math.isfinite(value) or value < 0 or (maximum is not None and value > maximum):
        valid = "≥ 0" if maximum is None else f"in [0, {maximum}]"
        raise ValueError(f"noise must be {valid}, got {noise!r}")
    return value


def _check_n_classes(k: Any, lo: int = 2, hi: int = 5) -> int:
    return _check_count(k, "n_classes", lo, hi)


def _truncated_normal(rng: np.random.Generator, mean: np.ndarray, std: float,
                      lo: float = PLAYGROUND_BOUNDS[0], hi: float = PLAYGROUND_BOUNDS[1]) -> np.ndarray:
    """Normal draws around ``mean`` (any shape), redrawn until every value lies in [lo, hi]."""
    mean = np.asarray(mean, dtype=np.float64)
    out = mean + std * rng.standard_normal(mean.shape)
    bad = (out < lo) | (out > hi)
    while np.any(bad):  # each round keeps ≥ ~16 % of the bad draws inside for any std; ends fast
        out[bad] = mean[bad] + std * rng.standard_normal(int(bad.sum()))
        bad = (out < lo) | (out > hi)
    return out


def _split_counts(n_samples: int, n_classes: int) -> list[int]:
    """Class sizes as equal as possible: the first ``n mod k`` classes get one extra example."""
    base, extra = divmod(n_samples, n_classes)
    return [base + (1 if c < extra else 0) for c in range(n_classes)]


# --------------------------------------------------------------------------------------------------------------
# the lessons' own data


def beans(n_samples: int = 100, noise: float = 1.0, seed: Seed = 0) -> Dataset:
    """The "beans" toxicity data of lesson 003: toxic only for middle-sized beans (a hill).

    ``x = 2·U(0, 1)`` sorted; ``yᵢ = 0.7·x + noise·(0.5 − U)/50 + 0.5``; label 1 when ``0.8 < yᵢ < 1.4``.
    With ``noise = 1`` this is the article's generator; with ``noise = 0`` the label is 1 exactly when
    0.3/0.7 < x < 0.9/0.7.

    Parameters
    ----------
    n_samples : int ≥ 1
    noise : float in [0, 100] — scales the article's (0.5 − U)/50 jitter (100: up to ±1, more than the toxic
        band's width).
    seed : int or Generator

    Returns
    -------
    Dataset with X (m, 1) sorted in [0, 2) and y (m,) in {0, 1}.
    """
    n = _check_count(n_samples)
    noise = _check_noise(noise, maximum=_MAX_BEANS_NOISE)
    rng = as_rng(seed)
    xs = np.sort(rng.random(n) * 2.0)
    jitter = noise * (0.5 - rng.random(n)) / 50.0
    yi = 0.7 * xs + jitter + 0.5
    y = ((yi > 0.8) & (yi < 1.4)).astype(np.int64)
    return Dataset(xs[:, None], y, "classification", 2, "beans", {"noise": noise})


_GATE_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
#: Truth tables on the inputs (0,0), (0,1), (1,0), (1,1).
LOGIC_GATES: Mapping[str, tuple[int, int, int, int]] = MappingProxyType({
    "and": (0, 0, 0, 1),
    "or": (0, 1, 1, 1),
    "nand": (1, 1, 1, 0),
    "xor": (0, 1, 1, 0),
})


def logic_gate(name: str) -> Dataset:
    """A logic gate's truth table: X = the four points of {0, 1}² (rows (0,0), (0,1), (1,0), (1,1)), y in {0, 1}.

    "and", "or", "nand" are linearly separable; "xor" is not (Minsky & Papert 1969).
    """
    key = name.lower() if isinstance(name, str) else name
    if key not in LOGIC_GATES:
        raise ValueError(f"unknown logic gate {name!r}; valid names: {', '.join(LOGIC_GATES)}")
    return Dataset(_GATE_INPUTS, LOGIC_GATES[key], "classification", 2, key)


def to_pm1(y: Any) -> np.ndarray:
    """Map labels {0, 1} to the perceptron's {−1, +1}: ``2y − 1``. Returns float64 (m,)."""
    arr = np.asarray(y, dtype=np.float64).reshape(-1)
    if not np.all((arr == 0) | (arr == 1)):
        raise ValueError(f"to_pm1 expects labels in {{0, 1}}, got values {np.unique(arr)[:10].tolist()}")
    return 2.0 * arr - 1.0


def linearly_separable(n_samples: int = 40, seed: Seed = 0, margin: float = 1.0) -> Dataset:
    """A random 2-D set that a line separates with a gap (for the perceptron demo).

    A unit normal u (random angle) and an offset c ∈ [−2, 2] define the line u·x + c = 0; points are drawn
    uniformly in [−6, 6]² and kept when their signed distance d = u·x + c satisfies d ≥ margin (label 1) or
    d ≤ −margin (label 0). Classes are balanced; rows are shuffled.

    Parameters
    ----------
    n_samples : int ≥ 2
    seed : int or Generator
    margin : float in [0, 3] — every point is at least this far from the true line.

    Returns
    -------
    Dataset with X (m, 2), y (m,) in {0, 1}; ``info`` holds the true line ``normal`` (2,), ``offset``, ``margin``.
    """
    n = _check_count(n_samples, minimum=2)
    try:
        margin = float(margin)
    except (TypeError, ValueError):
        raise ValueError(f"margin must be a number, got {margin!r}") from None
    if not 0.0 <= margin <= 3.0:
        raise ValueError(f"margin must be in [0, 3], got {margin}")
    rng = as_rng(seed)
    angle = rng.uniform(0.0, 2.0 * np.pi)
    normal = np.array([np.cos(angle), np.sin(angle)])
    offset = float(rng.uniform(-2.0, 2.0))
    n_neg, n_pos = _split_counts(n, 2)[::-1]
    chunks: dict[int, list[np.ndarray]] = {0: [], 1: []}
    need = {0: n_neg, 1: n_pos}
    while need[0] > 0 or need[1] > 0:
        cand = rng.uniform(-6.0, 6.0, size=(4 * n + 16, 2))
        dist = cand @ normal + offset
        for label, keep in ((1, dist >= margin), (0, dist <= -margin)):
            take = cand[keep][: need[label]]
            chunks[label].append(take)
            need[label] -= len(take)
    X = np.vstack(chunks[0] + chunks[1])
    y = np.concatenate([np.zeros(n_neg, np.int64), np.ones(n_pos, np.int64)])
    order = rng.permutation(n)
    info = {"normal": tuple(normal.tolist()), "offset": offset, "margin": margin}
    return Dataset(X[order], y[order], "classification", 2, "linearly_separable", info)


# --------------------------------------------------------------------------------------------------------------
# TF-Playground sets (src/dataset.ts)


def circle(n_samples: int = 200, noise: float = 0.0, seed: Seed = 0) -> Dataset:
    """TF Playground "circle": class 1 inside radius 2.5, class 0 on the ring 3.5 ≤ r ≤ 5.

    Points are placed at r ~ U(0, 2.5) (class 1) or U(3.5, 5) (class 0), angle ~ U(0, 2π); the label is then
    ``1 if ‖p + ε‖ < 2.5 else 0`` with ε ~ U(−5, 5)²·noise, so noise flips labels near the boundary
    while the points stay where they are (as in TF).

    Returns X (m, 2) in [−5, 5]², y (m,) in {0, 1}; the first ⌈m/2⌉ rows are the inner draws.
    """
    n = _check_count(n_samples, minimum=2)
    noise = _check_noise(noise)
    rng = as_rng(seed)
    radius = 5.0
    n_in, n_out = _split_counts(n, 2)
    r = np.concatenate([rng.uniform(0, radius * 0.5, n_in), rng.uniform(radius * 0.7, radius, n_out)])
    angle = rng.uniform(0, 2 * np.pi, n)
    X = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
    shifted = X + rng.uniform(-radius, radius, (n, 2)) * noise
    y = (np.hypot(shifted[:, 0], shifted[:, 1]) < radius * 0.5).astype(np.int64)
    return Dataset(X, y, "classification", 2, "circle", {"noise": noise})


def xor(n_samples: int = 200, noise: float = 0.0, seed: Seed = 0) -> Dataset:
    """TF Playground "exclusive or": label 1 when x1·x2 ≥ 0 (quadrants I and III), else 0.

    x1, x2 ~ U(−5, 5), each pushed 0.3 away from the axes (padding); the label uses the point shifted by
    ε ~ U(−5, 5)²·noise. Returns X (m, 2) in [−5.3, 5.3]², y (m,) in {0, 1}.
    """
    n = _check_count(n_samples, minimum=2)
    noise = _check_noise(noise)
    rng = as_rng(seed)
    X = rng.uniform(-5.0, 5.0, (n, 2))
    X += np.where(X > 0, 0.3, -0.3)
    shifted = X + rng.uniform(-5.0, 5.0, (n, 2)) * noise
    y = (shifted[:, 0] * shifted[:, 1] >= 0).astype(np.int64)
    return Dataset(X, y, "classification", 2, "xor", {"noise": noise})


def _gauss_std(noise: float) -> float:
    # TF: variance = linear map of noise [0, 0.5] → [0.5, 4]
    return math.sqrt(0.5 + 7.0 * noise)


def two_gaussians(n_samples: int = 200, noise: float = 0.0, seed: Seed = 0) -> Dataset:
    """TF Playground "Gaussian": class 1 around (2, 2), class 0 around (−2, −2).

    Each coordinate ~ N(centre, σ²) with variance σ² = 0.5 + 7·noise (0.5 at noise 0, 4 at noise 0.5),
    truncated to [−6, 6]. Returns X (m, 2), y (m,) in {0, 1}; the first ⌈m/2⌉ rows are class 1.
    """
    n = _check_count(n_samples, minimum=2)
    noise = _check_noise(noise)
    rng = as_rng(seed)
    n_pos, n_neg = _split_counts(n, 2)
    centres = np.vstack([np.tile([2.0, 2.0], (n_pos, 1)), np.tile([-2.0, -2.0], (n_neg, 1))])
    X = _truncated_normal(rng, centres, _gauss_std(noise))
    y = np.concatenate([np.ones(n_pos, np.int64), np.zeros(n_neg, np.int64)])
    return Dataset(X, y, "classification", 2, "two_gaussians", {"noise": noise})


def _spiral_arms(rng: np.random.Generator, counts: list[int], phases: list[float], noise: float) -> np.ndarray:
    arms = []
    for n_arm, phase in zip(counts, phases):
        i = np.arange(n_arm, dtype=np.float64)
        frac = i / n_arm
        r = frac * 5.0
        t = 1.75 * frac * 2.0 * np.pi + phase
        pts = np.column_stack([r * np.sin(t), r * np.cos(t)])
        arms.append(pts + rng.uniform(-1.0, 1.0, (n_arm, 2)) * noise)
    return np.vstack(arms)


def spiral(n_samples: int = 200, noise: float = 0.0, seed: Seed = 0) -> Dataset:
    """TF Playground "spiral": two interleaved arms, class 1 at phase 0 and class 0 at phase π.

    Arm point i of n: r = 5·i/n, t = 1.75·2π·i/n + phase, p = (r sin t, r cos t) + U(−1, 1)²·noise.
    Returns X (m, 2) in [−5.5, 5.5]², y (m,) in {0, 1}; the first ⌈m/2⌉ rows are class 1.
    """
    n = _check_count(n_samples, minimum=2)
    noise = _check_noise(noise)
    rng = as_rng(seed)
    n_pos, n_neg = _split_counts(n, 2)
    X = _spiral_arms(rng, [n_pos, n_neg], [0.0, np.pi], noise)
    y = np.concatenate([np.ones(n_pos, np.int64), np.zeros(n_neg, np.int64)])
    return Dataset(X, y, "classification", 2, "spiral", {"noise": noise})


def spiral_k(n_samples: int = 300, n_classes: int = 3, noise: float = 0.0, seed: Seed = 0) -> Dataset:
    """k interleaved spiral arms (TF's spiral generalised): arm c has phase 2π·c/k and label c.

    Parameters
    ----------
    n_samples : int ≥ n_classes
    n_classes : int in 2..5
    noise : float in [0, 0.5] — uniform jitter U(−1, 1)²·noise.

    Returns X (m, 2) in [−5.5, 5.5]², y (m,) in 0..k−1, rows grouped by class.
    """
    k = _check_n_classes(n_classes)
    n = _check_count(n_samples, minimum=k)
    noise = _check_noise(noise)
    rng = as_rng(seed)
    counts = _split_counts(n, k)
    X = _spiral_arms(rng, counts, [2.0 * np.pi * c / k for c in range(k)], noise)
    y = np.repeat(np.arange(k, dtype=np.int64), counts)
    return Dataset(X, y, "classification", k, "spiral_k", {"noise": noise})


def moons(n_samples: int = 200, noise: float = 0.0, seed: Seed = 0) -> Dataset:
    """Two interleaving half-moons (scikit-learn's ``make_moons``) scaled by 3 and centred on the square.

    Class 0: (cos t, sin t); class 1: (1 − cos t, 0.5 − sin t), t ~ U(0, π); then p ← 3·(p − (0.5, 0.25)),
    plus N(0, (3·noise)²) per coordinate (noise in moon units, as in scikit-learn), truncated to [−6, 6].
    Returns X (m, 2), y (m,) in {0, 1}; the first ⌈m/2⌉ rows are class 0.
    """
    n = _check_count(n_samples, minimum=2)
    noise = _check_noise(noise)
    rng = as_rng(seed)
    n0, n1 = _split_counts(n, 2)
    t0 = rng.uniform(0.0, np.pi, n0)
    t1 = rng.uniform(0.0, np.pi, n1)
    outer = np.column_stack([np.cos(t0), np.sin(t0)])
    inner = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    scale = 3.0
    X = scale * (np.vstack([outer, inner]) - np.array([0.5, 0.25]))
    if noise > 0:
        X = _truncated_normal(rng, X, scale * noise)
    y = np.concatenate([np.zeros(n0, np.int64), np.ones(n1, np.int64)])
    return Dataset(X, y, "classification", 2, "moons", {"noise": noise})


def blobs(n_samples: int = 300, n_classes: int = 3, noise: float = 0.0, seed: Seed = 0) -> Dataset:
    """k Gaussian blobs with centres evenly spaced on a circle of radius 3.5 (first centre at angle π/2).

    Each coordinate ~ N(centre, σ²), σ² = 0.5 + 7·noise (TF's Gaussian variance), truncated to [−6, 6].

    Parameters
    ----------
    n_samples : int ≥ n_classes
    n_classes : int in 2..5
    noise : float in [0, 0.5]

    Returns X (m, 2), y (m,) in 0..k−1, rows grouped by class; ``info["centres"]`` (k, 2).
    """
    k = _check_n_classes(n_classes)
    n = _check_count(n_samples, minimum=k)
    noise = _check_noise(noise)
    rng = as_rng(seed)
    counts = _split_counts(n, k)
    angles = np.pi / 2 + 2.0 * np.pi * np.arange(k) / k
    centres = 3.5 * np.column_stack([np.cos(angles), np.sin(angles)])
    X = _truncated_normal(rng, np.repeat(centres, counts, axis=0), _gauss_std(noise))
    y = np.repeat(np.arange(k, dtype=np.int64), counts)
    info = {"noise": noise, "centres": tuple(map(tuple, centres.tolist()))}
    return Dataset(X, y, "classification", k, "blobs", info)


def regress_plane(n_samples: int = 200, noise: float = 0.0, seed: Seed = 0) -> Dataset:
    """TF Playground "plane" regression: target = (x1 + x2)/10 evaluated at the jittered point.

    x ~ U(−6, 6)², target = ((x1 + ε1) + (x2 + ε2)) / 10 with ε ~ U(−6, 6)²·noise (TF maps x1 + x2 ∈ [−10, 10]
    linearly onto [−1, 1]). At noise 0 the target lies in [−1.2, 1.2]; noise widens that to [−1.92, 1.92].
    """
    n = _check_count(n_samples)
    noise = _check_noise(noise)
    rng = as_rng(seed)
    X = rng.uniform(-6.0, 6.0, (n, 2))
    shifted = X + rng.uniform(-6.0, 6.0, (n, 2)) * noise
    y = (shifted[:, 0] + shifted[:, 1]) / 10.0
    return Dataset(X, y, "regression", 0, "regress_plane", {"noise": noise})


_REGRESS_GAUSSIANS = ((-4.0, 2.5, 1.0), (0.0, 2.5, -1.0), (4.0, 2.5, 1.0),
                      (-4.0, -2.5, -1.0), (0.0, -2.5, 1.0), (4.0, -2.5, -1.0))


def _multi_gaussian_target(P: np.ndarray) -> np.ndarray:
    """TF's label: among six bumps sign·max(0, 1 − dist/2), keep the one largest in absolute value."""
    best = np.zeros(P.shape[0])
    for cx, cy, sign in _REGRESS_GAUSSIANS:
        value = sign * np.clip(1.0 - np.hypot(P[:, 0] - cx, P[:, 1] - cy) / 2.0, 0.0, 1.0)
        best = np.where(np.abs(value) > np.abs(best), value, best)
    return best


def regress_gaussian(n_samples: int = 200, noise: float = 0.0, seed: Seed = 0) -> Dataset:
    """TF Playground "multi-Gaussian" regression: six ±1 cones at (±4 or 0, ±2.5), value in [−1, 1].

    x ~ U(−6, 6)²; target = the bump sign·clamp(1 − ‖x + ε − c‖/2, 0, 1) of largest magnitude,
    ε ~ U(−6, 6)²·noise.
    """
    n = _check_count(n_samples)
    noise = _check_noise(noise)
    rng = as_rng(seed)
    X = rng.uniform(-6.0, 6.0, (n, 2))
    shifted = X + rng.uniform(-6.0, 6.0, (n, 2)) * noise
    return Dataset(X, _multi_gaussian_target(shifted), "regression", 0, "regress_gaussian", {"noise": noise})


# --------------------------------------------------------------------------------------------------------------
# 1-D curves for the bias/variance page

#: All curves live on x ∈ [−1, 1].
CURVE_DOMAIN = (-1.0, 1.0)
_CURVES: Mapping[str, Callable[[np.ndarray], np.ndarray]] = MappingProxyType({
    "sin": lambda x: np.sin(np.pi * x),
    "cubic": lambda x: 4.0 * x**3 - 3.0 * x,  # Chebyshev T3: spans exactly [−1, 1] on [−1, 1]
    "step": lambda x: np.where(x >= 0.0, 1.0, -1.0),
})
CURVE_KINDS = tuple(_CURVES)


def curve_truth(x: Any, kind: str = "sin") -> np.ndarray:
    """The true function of a 1-D curve, evaluated at ``x`` (any shape, float64 out).

    - "sin":   f(x) = sin(πx)
    - "cubic": f(x) = 4x³ − 3x
    - "step":  f(x) = 1 for x ≥ 0, −1 for x < 0

    All three range over [−1, 1] on the domain [−1, 1].
    """
    if kind not in _CURVES:
        raise ValueError(f"unknown curve kind {kind!r}; valid kinds: {', '.join(CURVE_KINDS)}")
    xs = np.asarray(x, dtype=np.float64)
    if not np.all(np.isfinite(xs)):
        raise ValueError("x contains NaN or infinite values")
    return np.asarray(_CURVES[kind](xs), dtype=np.float64)


def curve_1d(n_samples: int = 30, noise: float = 0.3, kind: str = "sin", seed: Seed = 0) -> Dataset:
    """Noisy samples of a known curve: x ~ U(−1, 1) sorted, y = f(x) + N(0, noise²).

    Parameters
    ----------
    n_samples : int ≥ 1
    noise : float in [0, 10] — standard deviation of the Gaussian noise (the irreducible error is noise²); 10 is
        ten times the curve's amplitude.
    kind : "sin" | "cubic" | "step" (see :func:`curve_truth`)

    Returns
    -------
    Dataset (regression) with X (m, 1) sorted and y (m,) float; ``info`` holds kind and noise.
    """
    if kind not in _CURVES:
        raise ValueError(f"unknown curve kind {kind!r}; valid kinds: {', '.join(CURVE_KINDS)}")
    n = _check_count(n_samples)
    noise = _check_noise(noise, maximum=_MAX_CURVE_NOISE)
    rng = as_rng(seed)
    x = np.sort(rng.uniform(*CURVE_DOMAIN, n))
    y = curve_truth(x, kind) + noise * rng.standard_normal(n)
    return Dataset(x[:, None], y, "regression", 0, "curve_1d", {"kind": kind, "noise": noise})


# --------------------------------------------------------------------------------------------------------------
# registry


#: name → generator. Every generator takes ``n_samples`` and ``seed``; all but ``linearly_separable`` take ``noise``.
DATASETS: Mapping[str, Callable[..., Dataset]] = Registry("dataset", {
    "beans": beans,
    "linearly_separable": linearly_separable,
    "circle": circle,
    "xor": xor,
    "two_gaussians": two_gaussians,
    "spiral": spiral,
    "moons": moons,
    "blobs": blobs,
    "spiral_k": spiral_k,
    "regress_plane": regress_plane,
    "regress_gaussian": regress_gaussian,
    "curve_1d": curve_1d,
})


def random_inputs(n_samples: int, n_features: int, seed: Seed = 0) -> tuple[np.ndarray, np.ndarray]:
    """Random inputs X ~ N(0, 1) of shape (n_samples, n_features) and random labels Y ∈ {0, 1} of shape
    (n_samples, 1) — the probe batch for looking at activations and gradients layer by layer."""
    m = _check_count(n_samples)
    n = _check_count(n_features, "n_features")
    rng = as_rng(seed)
    return rng.standard_normal((m, n)), rng.integers(0, 2, size=(m, 1)).astype(np.float64)


def make(name: str, n_samples: int = 200, noise: float | None = None, seed: Seed = 0, **kw: Any) -> Dataset:
    """Build a data set by registry name: ``make("circle", 200, 0.1, seed=3)``.

    ``noise=None`` keeps the generator's default. Extra keywords (``n_classes``, ``kind``, ``margin``) go to the
    generator; a keyword it does not take raises ValueError listing the ones it does.
    """
    generator = DATASETS[name]
    params = inspect.signature(generator).parameters
    kwargs = dict(kw, n_samples=n_samples, seed=seed)
    if noise is not None:
        kwargs["noise"] = noise
    unknown = sorted(set(kwargs) - set(params))
    if unknown:
        raise ValueError(f"dataset {name!r} does not take {', '.join(unknown)}; "
                         f"valid arguments: {', '.join(params)}")
    return generator(**kwargs)


# --------------------------------------------------------------------------------------------------------------
# helpers


def train_test_split(X: Any, y: Any, train_ratio: float = 0.8,
                     seed: Seed = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle the rows with ``seed`` and split them: ``round(train_ratio·m)`` rows (at least 1, at most m − 1)
    go to training.

    Parameters
    ----------
    X : (m, ...) array; y : (m,) array; m ≥ 2
    train_ratio : float in (0, 1)

    Returns
    -------
    X_train, X_test, y_train, y_test (same dtypes as the inputs' ``np.asarray``).
    """
    X = np.asarray(X)
    y = np.asarray(y)
    if X.ndim == 0 or y.ndim == 0 or X.shape[0] != y.shape[0]:
        raise ValueError(f"X and y must have the same number of rows, got shapes {X.shape} and {y.shape}")
    m = X.shape[0]
    if m < 2:
        raise ValueError(f"need at least 2 examples to split into train and test, got {m}")
    try:
        ratio = float(train_ratio)
    except (TypeError, ValueError):
        raise ValueError(f"train_ratio must be a number in (0, 1), got {train_ratio!r}") from None
    if not 0.0 < ratio < 1.0:
        raise ValueError(f"train_ratio must be in (0, 1), got {train_ratio!r}")
    n_train = min(max(int(round(ratio * m)), 1), m - 1)
    order = as_rng(seed).permutation(m)
    train, test = order[:n_train], order[n_train:]
    return X[train], X[test], y[train], y[test]


@dataclass(frozen=True)
class Feature:
    """An input feature of the TF-Playground network: ``fn`` maps X (m, 2) to a column (m,)."""

    id: str
    label: str
    latex: str
    fn: Callable[[np.ndarray], np.ndarray]


#: TF Playground's seven input features, by id (in TF's order).
FEATURES: Mapping[str, Feature] = Registry("feature", {
    "x1": Feature("x1", "x1", r"x_1", lambda X: X[:, 0]),
    "x2": Feature("x2", "x2", r"x_2", lambda X: X[:, 1]),
    "x1sq": Feature("x1sq", "x1²", r"x_1^2", lambda X: X[:, 0] ** 2),
    "x2sq": Feature("x2sq", "x2²", r"x_2^2", lambda X: X[:, 1] ** 2),
    "x1x2": Feature("x1x2", "x1·x2", r"x_1 x_2", lambda X: X[:, 0] * X[:, 1]),
    "sinx1": Feature("sinx1", "sin x1", r"\sin x_1", lambda X: np.sin(X[:, 0])),
    "sinx2": Feature("sinx2", "sin x2", r"\sin x_2", lambda X: np.sin(X[:, 1])),
})


def make_features(X: Any, names: Any) -> np.ndarray:
    """Stack the chosen input features as columns: X (m, 2) → (m, len(names)), in the order of ``names``.

    X must be finite, and so must every feature (x1² overflows float64 for |x1| > 1.3e154): a ValueError otherwise.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (m, 2) (columns x1, x2), got {X.shape}")
    if not np.all(np.isfinite(X)):
        raise ValueError("X contains NaN or infinite values")
    if isinstance(names, str):
        names = [names]
    names = list(names)
    if not names:
        raise ValueError(f"choose at least one feature; valid ids: {', '.join(FEATURES)}")
    if len(set(names)) != len(names):
        raise ValueError(f"feature ids must not repeat, got {names}")
    with np.errstate(over="ignore"):  # checked below
        F = np.column_stack([FEATURES[name].fn(X) for name in names]).astype(np.float64)
    if not np.all(np.isfinite(F)):
        bad = names[int(np.argwhere(~np.isfinite(F))[0, 1])]
        raise ValueError(f"feature {FEATURES[bad].label} overflows float64: the inputs are too large")
    return F


def one_hot(y: Any, n_classes: int | None = None) -> np.ndarray:
    """One-hot rows: Y[i, y_i] = 1. y (m,) integer labels in 0..n_classes−1 → Y (m, n_classes) float64.

    ``n_classes=None`` uses max(y) + 1.
    """
    arr = np.asarray(y)
    if arr.ndim != 1:
        raise ValueError(f"y must be 1-D (m,), got shape {arr.shape}")
    try:
        labels = arr.astype(np.float64)
    except (TypeError, ValueError):
        raise ValueError("y must hold integer labels") from None
    if not np.all(np.isfinite(labels)) or np.any(labels != np.round(labels)) or np.any(labels < 0):
        raise ValueError("y must hold integer labels ≥ 0")
    labels = labels.astype(np.int64)
    k = int(labels.max()) + 1 if n_classes is None and labels.size else n_classes
    k = _check_count(k if k is not None else 1, "n_classes", 1, 10_000)
    if labels.size and labels.max() >= k:
        raise ValueError(f"labels must be < n_classes = {k}, got max label {labels.max()}")
    out = np.zeros((labels.size, k))
    out[np.arange(labels.size), labels] = 1.0
    return out


def grid(bounds: Any = PLAYGROUND_BOUNDS, resolution: int = 100) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A square grid for decision-boundary heatmaps.

    Parameters
    ----------
    bounds : (lo, hi) for both axes, or ((xlo, xhi), (ylo, yhi)); finite, lo < hi, hi − lo within float64
    resolution : int in 2..2000 — points per axis

    Returns
    -------
    xx, yy : (res, res) — ``xx[i, j]`` is the j-th x value, ``yy[i, j]`` the i-th y value (``np.meshgrid``)
    points : (res², 2) — ``column_stack(xx.ravel(), yy.ravel())``, ready for a model's forward pass.
    """
    res = _check_count(resolution, "resolution", 2, 2000)
    try:
        b = np.asarray(bounds, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"bounds must be (lo, hi) or ((xlo, xhi), (ylo, yhi)), got {bounds!r}") from None
    if b.shape == (2,):
        b = np.vstack([b, b])
    if b.shape != (2, 2) or not np.all(np.isfinite(b)) or np.any(b[:, 0] >= b[:, 1]):
        raise ValueError(f"bounds must be (lo, hi) or ((xlo, xhi), (ylo, yhi)) with lo < hi, got {bounds!r}")
    with np.errstate(over="ignore"):
        span = b[:, 1] - b[:, 0]
    if not np.all(np.isfinite(span)):
        raise ValueError(f"bounds are too far apart: hi − lo must stay below 1.8e308 (float64), got {bounds!r}")
    xs = np.linspace(b[0, 0], b[0, 1], res)
    ys = np.linspace(b[1, 0], b[1, 1], res)
    xx, yy = np.meshgrid(xs, ys)
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()])


def validate_xy(X: Any, y: Any, task: str, max_rows: int = 10_000) -> Dataset:
    """Check user-supplied data and return it as a :class:`Dataset` named "user".

    Checks, each with its own ValueError: ``task`` is "classification" or "regression"; X is numeric, 2-D
    (m, n_features), non-empty, at most ``max_rows`` rows, finite; y is numeric, 1-D (or (m, 1)), length m,
    finite; for classification the labels are integer-like with 2 to 5 distinct values.

    Classification labels are renumbered 0..k−1 in sorted order (e.g. {−1, 1} → {0, 1});
    ``info["classes"]`` keeps the original values.
    """
    if task not in _TASKS:
        raise ValueError(f"task must be one of {_TASKS}, got {task!r}")
    max_rows = _check_count(max_rows, "max_rows", 1, 10_000_000)
    try:
        X_arr = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("X must contain only numbers (found text or empty cells)") from None
    if X_arr.ndim != 2:
        raise ValueError(f"X must be a 2-D table (rows × feature columns), got shape {X_arr.shape}")
    if X_arr.shape[0] == 0 or X_arr.shape[1] == 0:
        raise ValueError(f"X is empty (shape {X_arr.shape}); need at least one row and one feature column")
    if X_arr.shape[0] > max_rows:
        raise ValueError(f"X has {X_arr.shape[0]} rows; at most {max_rows} are allowed")
    if not np.all(np.isfinite(X_arr)):
        bad_row = int(np.argwhere(~np.isfinite(X_arr))[0, 0])
        raise ValueError(f"X contains missing, NaN or infinite values (first in row {bad_row})")
    try:
        y_arr = np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("y must contain only numbers (found text or empty cells)") from None
    if y_arr.ndim == 2 and y_arr.shape[1] == 1:
        y_arr = y_arr[:, 0]
    if y_arr.ndim != 1:
        raise ValueError(f"y must be one column of labels, got shape {y_arr.shape}")
    if y_arr.shape[0] != X_arr.shape[0]:
        raise ValueError(f"y has {y_arr.shape[0]} values but X has {X_arr.shape[0]} rows; they must match")
    if not np.all(np.isfinite(y_arr)):
        bad_row = int(np.argwhere(~np.isfinite(y_arr))[0, 0])
        raise ValueError(f"y contains missing, NaN or infinite values (first in row {bad_row})")
    if task == "regression":
        return Dataset(X_arr, y_arr, "regression", 0, "user")
    if np.any(y_arr != np.round(y_arr)):
        raise ValueError("classification labels must be whole numbers (e.g. 0, 1, 2), found fractional values")
    classes, labels = np.unique(y_arr, return_inverse=True)
    if not 2 <= classes.size <= 5:
        raise ValueError(f"classification needs 2 to 5 distinct labels, found {classes.size}")
    info = {"classes": tuple(int(c) for c in classes)}
    return Dataset(X_arr, labels.reshape(-1), "classification", int(classes.size), "user", info)


def large_columns(data: Dataset, limit: float = 100.0) -> list[tuple[int, float]]:
    """The columns of ``data`` whose largest |value| exceeds ``limit``: (column, largest |value|) pairs, the
    features first (0, 1, …), then the regression target as column ``n_features``; class labels are not counted.

    Networks learn best from numbers near −1 … 1 (normalising the inputs speeds up gradient descent): a feature in
    the thousands saturates a tanh unit before training starts, and a target in the millions makes the first loss
    ~10¹². A user's file can hold such columns; the playground says which.

    >>> d = validate_xy([[1.0, 2000.0], [0.0, 5.0]], [3e6, 1.0], "regression")
    >>> large_columns(d)
    [(1, 2000.0), (2, 3000000.0)]
    """
    columns = [data.X[:, j] for j in range(data.X.shape[1])]
    if data.task == "regression":
        columns.append(data.y)
    largest = [float(np.max(np.abs(c))) if c.size else 0.0 for c in columns]
    return [(j, v) for j, v in enumerate(largest) if v > limit]

