"""What a pass through a network looks like layer by layer: saturation, dead units, gradient flow, shapes,
and the single linear map a network without activations collapses to."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._util import as_array
from .mlp import MLP, Gradients, Trace

__all__ = ["LayerStats", "layer_stats", "histogram_shares", "linear_collapse", "shape_table", "ShapeRow"]


@dataclass(frozen=True)
class LayerStats:
    """Statistics of layer ``layer`` (1 … L) for one batch."""

    layer: int
    activation: str
    mean: float
    std: float
    saturated_share: float  # share of (example, unit) entries with |g′(z)| < rel · peak |g′|
    dead_share: float       # share of units whose output is 0 for every example (dead ReLUs)
    grad_norm: float        # ‖dW[l]‖ from the backward pass (nan when no gradients given)
    weight_norm: float      # ‖W[l]‖


def layer_stats(net: MLP, trace: Trace, grads: Gradients | None = None, rel: float = 0.05) -> list[LayerStats]:
    """Per-layer statistics of a forward (and backward) pass — the saturation-through-depth picture."""
    out = []
    for l in range(1, net.n_layers + 1):
        act = net.activations[l - 1]
        a, z = trace.A[l], trace.Z[l]
        if act == "softmax":
            name, saturated = "softmax", float("nan")
        else:
            name, saturated = act.name, float(np.mean(act.saturation_mask(z, rel)))
        dead = float(np.mean(np.all(a == 0.0, axis=0)))
        g = float(np.sqrt(np.sum(grads.dW[l - 1] ** 2))) if grads is not None else float("nan")
        W = net.weights[l - 1]
        out.append(LayerStats(l, name, float(np.mean(a)), float(np.std(a)), saturated, dead, g,
                              float(np.sqrt(np.sum(W * W)))))
    return out


def linear_collapse(weights, biases) -> tuple[np.ndarray, np.ndarray]:
    """The one linear layer equal to a stack of linear layers (Article 2).

    With H = X W₁ + b₁ and O = H W₂ + b₂:  O = X (W₁ W₂) + (b₁ W₂ + b₂). Repeated for any depth.
    """
    if len(weights) != len(biases) or not weights:
        raise ValueError("need the same positive number of weight matrices and bias vectors")
    W = as_array(weights[0], "weights[0]", ndim=2)
    b = as_array(biases[0], "biases[0]").reshape(-1)
    for l, (Wl, bl) in enumerate(zip(weights[1:], biases[1:]), start=1):
        Wl = as_array(Wl, f"weights[{l}]", ndim=2)
        if Wl.shape[0] != W.shape[1]:
            raise ValueError(f"weights[{l}] must have {W.shape[1]} rows, got shape {Wl.shape}")
        bl = as_array(bl, f"biases[{l}]").reshape(-1)
        with np.errstate(over="ignore", invalid="ignore"):  # checked below
            W = W @ Wl
            b = b @ Wl + bl
        if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
            raise ValueError(f"the collapsed layer overflows float64 at weights[{l}]: the weights or biases are "
                             "too large to multiply out")
    return W, b


@dataclass(frozen=True)
class ShapeRow:
    """Shapes of one layer's arrays in both conventions (rows-as-examples and the course's columns)."""

    layer: int
    W: tuple
    b: tuple
    Z: tuple
    A: tuple
    W_course: tuple
    b_course: tuple
    Z_course: tuple
    A_course: tuple


def shape_table(layer_sizes, m: int) -> list[ShapeRow]:
    """Shapes for layer sizes [n_0, …, n_L] and batch size m. Row 0 is the input (X = A[0])."""
    sizes = [int(n) for n in layer_sizes]
    if len(sizes) < 2 or any(n < 1 for n in sizes) or int(m) < 1:
        raise ValueError("need at least two positive layer sizes and m ≥ 1")
    m = int(m)
    rows = [ShapeRow(0, (), (), (), (m, sizes[0]), (), (), (), (sizes[0], m))]
    for l in range(1, len(sizes)):
        n_prev, n = sizes[l - 1], sizes[l]
        rows.append(ShapeRow(l, (n_prev, n), (n,), (m, n), (m, n), (n, n_prev), (n, 1), (n, m), (n, m)))
    return rows


_HALF_MAX = float(np.finfo(np.float64).max) / 2


def histogram_shares(samples, bins: int = 40) -> tuple[np.ndarray, np.ndarray]:
    """Histograms of several sets of values on one common set of bins.

    Returns ``(centers, shares)``: ``centers`` (bins,) are the bin centres over [min, max] of all values together,
    ``shares[i]`` (bins,) the fraction of ``samples[i]`` in each bin (each row sums to 1).
    """
    flat = [as_array(v, f"samples[{i}]").ravel() for i, v in enumerate(samples)]
    if not flat or any(v.size == 0 for v in flat):
        raise ValueError("histogram_shares needs at least one non-empty set of values")
    bins = int(bins)
    if bins < 1:
        raise ValueError(f"bins must be ≥ 1, got {bins}")
    lo = min(float(v.min()) for v in flat)
    hi = max(float(v.max()) for v in flat)
    if hi - lo < 1e-12:
        lo, hi = lo - 0.5, hi + 0.5
    if max(-lo, hi) > _HALF_MAX:  # hi − lo or a sum of two edges would overflow: bin the halves, double the centres
        centers, shares = histogram_shares([v / 2 for v in flat], bins)
        return centers * 2, shares
    edges = np.linspace(lo, hi, bins + 1)
    shares = np.array([np.histogram(v, bins=edges)[0] / v.size for v in flat])
    return (edges[:-1] + edges[1:]) / 2, shares
