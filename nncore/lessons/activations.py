"""What the Activations page computes: curves and derivatives (and the convention at ReLU's kink), the same small
network trained with a sigmoid and with a tanh hidden layer, why layers need a non-linearity, saturation through
depth, and the answers of its "check yourself" questions. Built on the engine only."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import datasets
from ..activations import Activation, get_activation
from ..diagnostics import LayerStats, histogram_shares, layer_stats, linear_collapse
from ..mlp import MLP
from ..training import Trainer

COLLAPSE_SIZES = (4, 5, 5, 3)  # Article 2: a 1×4 input, 4×5 and 5×3 weights (here with one more hidden layer)
KINKED = ("relu", "leaky_relu")  # no derivative at z = 0: the value used there is a convention


def activation(name: str, slope: float = 0.01) -> Activation:
    """The registry's activation ``name``; ``slope`` is leaky ReLU's slope for z < 0 (ignored by the others)."""
    return get_activation(name, slope=slope) if name == "leaky_relu" else get_activation(name)


def kink_derivative(act: Activation) -> float | None:
    """The value ``act`` uses for f′(0) where f has a kink at 0 and no derivative (ReLU, leaky ReLU), else None.

    Any value between the left slope and the right slope would do (a subgradient); nncore takes the left one
    (ReLU′(0) = 0, leaky ReLU′(0) = slope), the course notes of Article 3 take the right one (g′(z) = 1 for z ≥ 0).
    Training hardly notices: z is exactly 0 almost never.
    """
    return float(act.df(0.0)) if act.name in KINKED else None


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
    the output layer), the histograms of every hidden layer's activations (``centers``, ``shares``: rows sum to 1)
    and ``signal`` (depth,): per hidden layer, how much a unit's output differs from one input to the next (its
    standard deviation over the batch, averaged over the units). A signal near 0 means the layer sends the same
    numbers whatever the input — with tiny weights sigmoid units all send σ(0) = 0.5, tanh and ReLU units 0.
    """

    stats: list[LayerStats]
    centers: np.ndarray
    shares: np.ndarray
    signal: np.ndarray


def depth_run(act: str, depth: int, width: int, init: str, scale: float, seed: int, n_samples: int = 200) -> DepthRun:
    """``depth`` hidden layers of ``width`` units with activation ``act`` and a sigmoid output, initialised by
    ``init`` × ``scale``; one pass forward and back (log loss) on ``n_samples`` random inputs."""
    sizes = [width] * (depth + 1) + [1]
    net = MLP(sizes, hidden=act, output="sigmoid", init=init, init_scale=scale, seed=seed)
    X, Y = probe_batch(seed, n_samples, width)
    trace = net.forward(X)
    grads = net.backward(trace, Y, loss="bce")
    stats = layer_stats(net, trace, grads)
    hidden = [trace.A[s.layer] for s in stats[:-1]]
    centers, shares = histogram_shares(hidden, bins=40)
    signal = np.array([float(np.mean(np.std(A, axis=0))) for A in hidden])
    return DepthRun(stats, centers, shares, signal)


@dataclass(frozen=True)
class HiddenRace:
    """The same network trained twice, once per hidden activation: ``epochs`` (E,) and, per activation name,
    ``loss[name]`` (E,) — the training cost (log loss) after each epoch — and ``accuracy[name]`` at the end."""

    data: str
    sizes: tuple[int, ...]
    learning_rate: float
    epochs: np.ndarray
    loss: dict[str, np.ndarray]
    accuracy: dict[str, float]

    @property
    def final(self) -> dict[str, float]:
        return {name: float(curve[-1]) for name, curve in self.loss.items()}


def hidden_race(acts: tuple[str, ...] = ("sigmoid", "tanh"), data: str = "circle", sizes: tuple[int, ...] = (2, 8, 1),
                epochs: int = 300, learning_rate: float = 0.5, n_samples: int = 200, seed: int = 0) -> HiddenRace:
    """Train an MLP ``sizes`` (sigmoid output, log loss, full-batch gradient descent at ``learning_rate``) on
    ``datasets.make(data)`` once for each hidden activation in ``acts``: same data, same initial weights (Xavier,
    ``seed``), same epochs. Shapes: X (n_samples, 2), y (n_samples,); one loss value per epoch.

    What it shows (seed 0, the circle): after 300 epochs the cost is 0.39 with sigmoid and 0.07 with tanh hidden
    units: tanh is zero-centred and its slope at 0 is 1, four times sigmoid's 0.25.
    """
    ds = datasets.make(data, n_samples, 0.0, seed=seed)
    loss, accuracy = {}, {}
    for act in acts:
        net = MLP(list(sizes), hidden=act, output="sigmoid", init="xavier", seed=seed)
        trainer = Trainer(net, ds.X, ds.y, loss="bce", optimizer="sgd", learning_rate=learning_rate, seed=seed)
        trainer.run(int(epochs))
        loss[act] = np.asarray(trainer.history.train_loss, dtype=float)
        accuracy[act] = float(trainer.history.train_acc[-1])
        epoch_axis = np.asarray(trainer.history.epoch, dtype=float)
    return HiddenRace(data, tuple(sizes), float(learning_rate), epoch_axis, loss, accuracy)
