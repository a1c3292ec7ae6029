"""What the Activations page computes: curves and derivatives, why layers need a non-linearity, saturation through
depth, and the answers of its "check yourself" questions. Built on the engine only."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import datasets
from ..activations import Activation, get_activation
from ..diagnostics import LayerStats, histogram_shares, layer_stats, linear_collapse
from ..mlp import MLP

COLLAPSE_SIZES = (4, 5, 5, 3)  # Article 2: a 1×4 input, 4×5 and 5×3 weights (here with one more hidden layer)


def activation(name: str, slope: float = 0.01) -> Activation:
    """The registry's activation ``name``; ``slope`` is leaky ReLU's slope for z < 0 (ignored by the others)."""
    return get_activation(name, slope=slope) if name == "leaky_relu" else get_activation(name)


def probe_batch(seed: int, m: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """m random inputs of n features and 0/1 labels from nncore's seeded generator (the page's probe batch)."""
    return datasets.random_inputs(m, n, seed=seed + 1000)


@dataclass(frozen=True)
class Collapse:
    """The same input through a deep linear network, through its single collapsed matrix, and through the same
    weights with tanh between the layers. ``W``, ``b``: the collapsed layer (W = W₁W₂W₃, b = (b₁W₂ + b₂)W₃ + b₃)."""

    x: np.ndarray          # (1, 4)
    W: np.ndarray          # (4, 3)
    b: np.ndarray          # (3,)
    deep_linear: np.ndarray
    collapsed: np.ndarray
    deep_tanh: np.ndarray


def collapse(seed: int, sizes: tuple[int, ...] = COLLAPSE_SIZES) -> Collapse:
    """Stacked linear layers equal one matrix; with tanh between them they do not (weights N(0, 1), ``seed``)."""
    x, _ = probe_batch(seed, 1, sizes[0])
    linear_net = MLP(sizes, hidden="linear", output="linear", init="normal", init_scale=1.0, seed=seed)
    tanh_net = MLP(sizes, hidden="tanh", output="linear", init="normal", init_scale=1.0, seed=seed)
    W, b = linear_collapse(linear_net.weights, linear_net.biases)
    one_layer = MLP([sizes[0], sizes[-1]], output="linear", init="zeros")
    one_layer.set_params([W], [b])
    return Collapse(x, W, b, linear_net.forward(x).A[-1], one_layer.forward(x).A[-1], tanh_net.forward(x).A[-1])


@dataclass(frozen=True)
class DepthRun:
    """One forward and one backward pass of a deep stack on a random batch: per-layer statistics (``stats[-1]`` is
    the output layer) and the histograms of every hidden layer's activations (``centers``, ``shares``: rows sum to 1).
    """

    stats: list[LayerStats]
    centers: np.ndarray
    shares: np.ndarray


def depth_run(act: str, depth: int, width: int, init: str, scale: float, seed: int, n_samples: int = 200) -> DepthRun:
    """``depth`` hidden layers of ``width`` units with activation ``act`` and a sigmoid output, initialised by
    ``init`` × ``scale``; one pass forward and back (log loss) on ``n_samples`` random inputs."""
    sizes = [width] * (depth + 1) + [1]
    net = MLP(sizes, hidden=act, output="sigmoid", init=init, init_scale=scale, seed=seed)
    X, Y = probe_batch(seed, n_samples, width)
    trace = net.forward(X)
    grads = net.backward(trace, Y, loss="bce")
    stats = layer_stats(net, trace, grads)
    centers, shares = histogram_shares([trace.A[s.layer] for s in stats[:-1]], bins=40)
    return DepthRun(stats, centers, shares)
