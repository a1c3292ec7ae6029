"""A fully connected feed-forward network (multilayer perceptron) with a transparent forward and backward pass.

Shapes (rows are examples, as in seed 001's H = X W_h + b_h):

- X is (m, n_0); ``weights[l]`` is (n_l, n_{l+1}); ``biases[l]`` is (n_{l+1},); Y is (m, n_L).
- Layer l (1 … L) computes Z[l] = A[l−1] @ weights[l−1] + biases[l−1] and A[l] = g_l(Z[l]); A[0] = X.

The course convention of seed 002 (W[l]: (n[l], n[l−1]), Z[l]: (n[l], m)) is the transpose of every array here;
:meth:`MLP.course_view` gives it.

Backward pass (gradients of the cost J, the mean loss over the m examples)::

    dZ[L] = A[L] − Y  (÷ its normaliser)    for sigmoid + bce, softmax + cross_entropy, and
                                             2(A[L] − Y)/N for linear + mse: these pairs cancel g′ exactly
    dZ[L] = dA[L] ⊙ g′(Z[L])               otherwise (the general chain rule; e.g. sigmoid + mse)
    dW[l−1] = A[l−1]ᵀ dZ[l],   db[l−1] = Σ_rows dZ[l]
    dA[l−1] = dZ[l] W[l−1]ᵀ,   dZ[l−1] = dA[l−1] ⊙ g′(Z[l−1])

Regularisation adds λ₂·W (from λ₂/2·ΣW²) and λ₁·sign(W) (from λ₁·Σ|W|) to dW; biases are not penalised.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._util import as_array, as_rng
from .activations import Activation, get_activation
from .init import init_layer
from .losses import LOSSES, bce_with_logits, cross_entropy_with_logits, get_loss
from .softmax import softmax

__all__ = ["MLP", "Trace", "Gradients", "CourseView"]

OUTPUTS = ("sigmoid", "softmax", "linear")
DROPOUT_MODES = ("inverted", "classic")
#: (output, loss) pairs whose output derivative cancels: dZ[L] = (A[L] − Y) / normaliser exactly.
FUSED_PAIRS = frozenset({("sigmoid", "bce"), ("softmax", "cross_entropy"), ("linear", "mse")})


@dataclass
class Trace:
    """Everything one forward pass computed, per layer (index l = 0 … L).

    ``Z[0]`` is None (the input has no pre-activation); ``A[0]`` is X; ``A[-1]`` is the output.
    ``masks[l]`` is the dropout mask of hidden layer l (None where no dropout was applied) and
    ``scales[l]`` the factor the kept units were multiplied by.
    """

    Z: list
    A: list
    masks: list = field(default_factory=list)
    scales: list = field(default_factory=list)

    @property
    def output(self) -> np.ndarray:
        return self.A[-1]


@dataclass
class Gradients:
    """Gradients of the cost: ``dW[l]``, ``db[l]`` aligned with the weights; ``dZ[l]``, ``dA[l]`` with the trace."""

    dW: list
    db: list
    dZ: list
    dA: list

    def params(self) -> list:
        """[dW0, db0, dW1, db1, …] in the order of :meth:`MLP.params`."""
        return [g for pair in zip(self.dW, self.db) for g in pair]

    def norms(self) -> np.ndarray:
        """‖dW[l]‖ (Frobenius) per layer — how much gradient reaches each layer."""
        return np.array([np.sqrt(np.vdot(g, g)) for g in self.dW])


@dataclass
class CourseView:
    """A pass in the course convention of seed 002: one column per example.

    ``W[l]``: (n[l], n[l−1]); ``b[l]``: (n[l], 1); ``Z[l]``, ``A[l]``: (n[l], m); index 0 of W, b, Z is None.
    """

    W: list
    b: list
    Z: list
    A: list


class MLP:
    """A multilayer perceptron.

    Parameters
    ----------
    layer_sizes : [n_0, n_1, …, n_L], at least two entries (no hidden layer = logistic / softmax regression).
    hidden : activation name (or :class:`Activation`) for every hidden layer, or a list with one per hidden layer.
    output : "sigmoid", "softmax" or "linear" (or any other activation name).
    init : initialisation scheme (see :mod:`nncore.init`); ``init_scale`` overrides its scale.
    seed : int or ``np.random.Generator`` for the initial weights.
    dropout : keep probability p of hidden units during training (None or 1: no dropout).
    dropout_mode : "inverted" (kept units × 1/p while training, nothing at test time) or "classic"
        (units dropped while training, every output × p at test time, as seed 001 describes).

    Examples
    --------
    >>> net = MLP([2, 2, 1], hidden="linear", output="linear", init="zeros")
    >>> net.weights[0][:] = [[1, -1], [1, 1]]; net.weights[1][:] = [[2], [-1]]
    >>> trace = net.forward([[2, 3]])
    >>> trace.A[1], trace.A[2]
    (array([[5., 1.]]), array([[9.]]))
    """

    PREDICT_CHUNK = 2048
    MAX_UNITS = 100_000        # per layer
    MAX_WEIGHTS = 20_000_000   # in all: 160 MB of float64

    def __init__(self, layer_sizes, hidden="tanh", output="sigmoid", init: str = "xavier",
                 init_scale: float | None = None, seed=0, dropout: float | None = None,
                 dropout_mode: str = "inverted"):
        sizes = [int(n) for n in layer_sizes]
        if len(sizes) < 2 or any(n < 1 for n in sizes) or any(n != s for n, s in zip(sizes, layer_sizes)):
            raise ValueError(f"layer_sizes must be at least two positive integers, got {list(layer_sizes)}")
        if max(sizes) > self.MAX_UNITS or sum(a * b for a, b in zip(sizes[:-1], sizes[1:])) > self.MAX_WEIGHTS:
            raise ValueError(f"network too large: at most {self.MAX_UNITS} units per layer and "
                             f"{self.MAX_WEIGHTS:,} weights in all (this is a teaching engine), got {sizes}")
        self.layer_sizes = sizes
        n_hidden = len(sizes) - 2
        if isinstance(hidden, (list, tuple)):
            if len(hidden) != n_hidden:
                raise ValueError(f"got {len(hidden)} hidden activations for {n_hidden} hidden layers")
            names = list(hidden)
        else:
            names = [hidden] * n_hidden
        self.activations: list[Activation | str] = [get_activation(h) for h in names]
        if output == "softmax":
            if sizes[-1] < 2:
                raise ValueError("a softmax output needs at least 2 units")
            self.activations.append("softmax")
        else:
            self.activations.append(get_activation(output))
        self.output = output if isinstance(output, str) else output.name
        self.init = init
        self.init_scale = init_scale
        rng = as_rng(seed)
        self.weights, self.biases = [], []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            W, b = init_layer(init, n_in, n_out, rng, init_scale)
            self.weights.append(W)
            self.biases.append(b)
        self.set_dropout(dropout, dropout_mode)

    # ------------------------------------------------------------------ structure
    @property
    def n_layers(self) -> int:
        """L, the number of weight layers (hidden layers + output layer)."""
        return len(self.weights)

    @property
    def hidden_names(self) -> list[str]:
        return [a.name for a in self.activations[:-1]]

    def set_dropout(self, keep_prob: float | None, mode: str = "inverted") -> None:
        """Set the keep probability p of hidden units (None or 1 switches dropout off)."""
        if keep_prob is not None:
            keep_prob = float(keep_prob)
            if not (0.0 < keep_prob <= 1.0):
                raise ValueError(f"dropout keep probability must be in (0, 1], got {keep_prob}")
            if keep_prob == 1.0:
                keep_prob = None
        if mode not in DROPOUT_MODES:
            raise ValueError(f"dropout mode must be one of {DROPOUT_MODES}, got {mode!r}")
        self.dropout, self.dropout_mode = keep_prob, mode

    def params(self) -> list[np.ndarray]:
        """[W0, b0, W1, b1, …]: the arrays themselves (optimizers update them in place)."""
        return [p for pair in zip(self.weights, self.biases) for p in pair]

    def param_names(self) -> list[str]:
        """Names matching :meth:`params`, counting layers from 1: W1, b1, W2, b2, …"""
        return [f"{k}{l + 1}" for l in range(self.n_layers) for k in ("W", "b")]

    def n_params(self) -> int:
        return int(sum(p.size for p in self.params()))

    def copy(self) -> "MLP":
        """A deep copy (weights copied)."""
        new = object.__new__(MLP)
        new.__dict__.update(self.__dict__)
        new.layer_sizes = list(self.layer_sizes)
        new.activations = list(self.activations)
        new.weights = [W.copy() for W in self.weights]
        new.biases = [b.copy() for b in self.biases]
        return new

    def set_params(self, weights, biases) -> None:
        """Replace all weights and biases, checking every shape."""
        if len(weights) != self.n_layers or len(biases) != self.n_layers:
            raise ValueError(f"expected {self.n_layers} weight matrices and bias vectors")
        new_w, new_b = [], []
        for l, (W, b) in enumerate(zip(weights, biases)):
            W = as_array(W, f"weights[{l}]")
            b = as_array(b, f"biases[{l}]").reshape(-1)
            if W.shape != self.weights[l].shape:
                raise ValueError(f"weights[{l}] must have shape {self.weights[l].shape}, got {W.shape}")
            if b.shape != self.biases[l].shape:
                raise ValueError(f"biases[{l}] must have shape {self.biases[l].shape}, got {b.shape}")
            new_w.append(W.copy())
            new_b.append(b.copy())
        self.weights, self.biases = new_w, new_b

    # ------------------------------------------------------------------ checks
    def _check_X(self, X) -> np.ndarray:
        X = as_array(X, "X", ndim=2)
        if X.shape[1] != self.layer_sizes[0]:
            raise ValueError(f"X must have shape (m, {self.layer_sizes[0]}), got {X.shape}")
        if X.shape[0] == 0:
            raise ValueError("X has no examples (0 rows)")
        return X

    def _check_Y(self, Y, m: int) -> np.ndarray:
        Y = as_array(Y, "Y")
        n_out = self.layer_sizes[-1]
        if Y.ndim == 1 and n_out == 1:
            Y = Y[:, None]
        if Y.shape != (m, n_out):
            hint = " (one-hot rows for a softmax output)" if self.output == "softmax" else ""
            raise ValueError(f"Y must have shape ({m}, {n_out}){hint}, got {Y.shape}")
        return Y

    # ------------------------------------------------------------------ forward
    def _act(self, l: int, Z: np.ndarray) -> np.ndarray:
        act = self.activations[l]
        return softmax(Z, axis=1) if act == "softmax" else act.f(Z)

    def forward(self, X, train: bool = False, rng=None) -> Trace:
        """Run the network on X (m, n_0) and keep every layer's Z and A.

        With ``train=True`` and dropout set, hidden units are dropped with a fresh mask from ``rng``
        (a Generator or seed). With ``train=False`` and classic dropout, hidden outputs are multiplied by p.
        """
        X = self._check_X(X)
        return self._forward(X, train, rng)

    def _forward(self, X: np.ndarray, train: bool = False, rng=None) -> Trace:
        p = self.dropout
        if p is None:  # the hot path of training and of decision-boundary grids
            Z, A = [None], [X]
            for act, W, b in zip(self.activations, self.weights, self.biases):
                z = X @ W
                z += b
                X = softmax(z, axis=1) if act == "softmax" else act._f(z)
                Z.append(z)
                A.append(X)
            return Trace(Z, A)
        Z, A = [None], [X]
        masks, scales = [None], [1.0]
        drop = train
        if drop:
            rng = as_rng(rng)
        last = self.n_layers - 1
        for l, (W, b) in enumerate(zip(self.weights, self.biases)):
            z = A[-1] @ W
            z += b
            a = self._act(l, z)
            mask, scale = None, 1.0
            if l < last:
                if drop:
                    mask = rng.random(a.shape) < p
                    scale = 1.0 / p if self.dropout_mode == "inverted" else 1.0
                    a = a * mask * scale
                elif self.dropout_mode == "classic":
                    scale = p
                    a = a * p
            Z.append(z)
            A.append(a)
            masks.append(mask)
            scales.append(scale)
        return Trace(Z, A, masks, scales)

    def predict(self, X) -> np.ndarray:
        """The network's output for X (evaluation mode: no units dropped).

        Large inputs (a 100×100 decision-boundary grid) go through in chunks of 2048 rows: the intermediate
        arrays then stay in the CPU cache, which makes the whole pass about 1.5× faster than in one piece.
        """
        X = self._check_X(X)
        m = X.shape[0]
        if m <= 2 * self.PREDICT_CHUNK:
            return self._forward(X).A[-1]
        out = np.empty((m, self.layer_sizes[-1]))
        for start in range(0, m, self.PREDICT_CHUNK):
            stop = start + self.PREDICT_CHUNK
            out[start:stop] = self._forward(X[start:stop]).A[-1]
        return out

    def predict_labels(self, X) -> np.ndarray:
        """Class labels: output ≥ 0.5 for one sigmoid unit, argmax otherwise."""
        out = self.predict(X)
        if out.shape[1] == 1:
            return (out[:, 0] >= 0.5).astype(int)
        return np.argmax(out, axis=1)

    # ------------------------------------------------------------------ loss
    def _fused(self, loss_name: str) -> bool:
        return (self.output, loss_name) in FUSED_PAIRS

    def cost(self, trace: Trace, Y, loss: str = "bce") -> float:
        """The cost J (mean loss) of a forward pass. Sigmoid + bce and softmax + cross_entropy are computed
        from the logits Z[L] (exact even when the output saturates to 0 or 1)."""
        Y = self._check_Y(Y, trace.A[0].shape[0])
        return self._cost(trace, Y, get_loss(loss).name)

    def _cost(self, trace: Trace, Y: np.ndarray, name: str) -> float:
        if self.output == "sigmoid" and name == "bce":
            z = trace.Z[-1]  # softplus(z) − y·z, the log loss of σ(z) written without σ
            return float(np.mean(np.logaddexp(0.0, z) - Y * z))
        if self.output == "softmax" and name == "cross_entropy":
            return cross_entropy_with_logits(trace.Z[-1], Y)[0]
        return LOSSES[name].value(trace.A[-1], Y)

    def _evaluate(self, X: np.ndarray, Y: np.ndarray, loss_name: str, accuracy: bool,
                  trace: Trace | None = None) -> tuple[float, float | None]:
        """Cost and accuracy on (X, Y) from one forward pass (no validation: the trainer's hot path)."""
        trace = self._forward(X) if trace is None else trace
        cost = self._cost(trace, Y, loss_name)
        if not accuracy:
            return cost, None
        out = trace.A[-1]
        if out.shape[1] == 1:
            acc = float(np.mean((out >= 0.5) == (Y >= 0.5)))
        else:
            acc = float(np.mean(np.argmax(out, axis=1) == np.argmax(Y, axis=1)))
        return cost, acc

    def penalty(self, l1: float = 0.0, l2: float = 0.0) -> float:
        """λ₁ Σ|W| + λ₂/2 Σ W² over all weight matrices (biases are not penalised)."""
        total = 0.0
        if l1:
            total += l1 * sum(float(np.sum(np.abs(W))) for W in self.weights)
        if l2:
            total += 0.5 * l2 * sum(float(np.sum(W * W)) for W in self.weights)
        return total

    def loss(self, X, Y, loss: str = "bce") -> float:
        """The cost J on (X, Y) in evaluation mode."""
        X = self._check_X(X)
        return self.cost(self._forward(X), Y, loss)

    def objective(self, X, Y, loss: str = "bce", l1: float = 0.0, l2: float = 0.0) -> float:
        """Objective = cost + regularisation penalty (seed 001)."""
        return self.loss(X, Y, loss) + self.penalty(l1, l2)

    def accuracy(self, X, y) -> float:
        """Share of examples classified right; y as labels (m,) or as one-hot / 0-1 targets (m, n_out)."""
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] > 1:
            y = np.argmax(y, axis=1)
        return float(np.mean(self.predict_labels(X) == y.reshape(-1)))

    # ------------------------------------------------------------------ backward
    def backward(self, trace: Trace, Y, loss: str = "bce", l1: float = 0.0, l2: float = 0.0,
                 ignore_activation_derivative: bool = False) -> Gradients:
        """Gradients of the objective (cost + penalty) for every parameter, plus every layer's dZ and dA.

        ``ignore_activation_derivative=True`` deliberately forgets g′ in the hidden layers (dZ = dA): a *wrong*
        gradient, for showing what a failing gradient check looks like.
        """
        Y = self._check_Y(Y, trace.A[0].shape[0])
        return self._backward(trace, Y, get_loss(loss).name, l1, l2, ignore_activation_derivative)

    def _backward(self, trace: Trace, Y: np.ndarray, loss_name: str, l1: float = 0.0, l2: float = 0.0,
                  ignore_activation_derivative: bool = False, input_grad: bool = True) -> Gradients:
        L = self.n_layers
        Z, A = trace.Z, trace.A
        dZ: list = [None] * (L + 1)
        dA: list = [None] * (L + 1)
        out = A[L]
        lossobj = LOSSES[loss_name]
        if self._fused(loss_name):
            # the output's g′ cancels against the loss's derivative: dZ = (A − Y) / normaliser
            if loss_name == "mse":
                dZ[L] = 2.0 * (out - Y) / Y.size
            elif loss_name == "bce":
                dZ[L] = (out - Y) / Y.size
            else:
                dZ[L] = (out - Y) / Y.shape[0]
            if input_grad:  # for display only: training does not need ∂J/∂A[L]
                dA[L] = dZ[L] if loss_name == "mse" else lossobj.grad(out, Y)
        else:
            dA[L] = lossobj.grad(out, Y)
            act = self.activations[-1]
            if act == "softmax":  # Jacobian-vector product of softmax: a ⊙ (g − Σ_k g_k a_k)
                dZ[L] = out * (dA[L] - np.sum(dA[L] * out, axis=1, keepdims=True))
            else:
                dZ[L] = dA[L] * act.df(Z[L])
        dW: list = [None] * L
        db: list = [None] * L
        ones = np.ones(Y.shape[0])
        for l in range(L, 0, -1):
            W = self.weights[l - 1]
            g = A[l - 1].T @ dZ[l]
            if l2:
                g = g + l2 * W
            if l1:
                g = g + l1 * np.sign(W)
            dW[l - 1] = g
            db[l - 1] = ones @ dZ[l]  # Σ over examples, as a matmul (several times faster than .sum(0))
            if l == 1 and input_grad:
                dA[0] = dZ[1] @ W.T
            if l > 1:
                # dZ W^T; with one output unit it is an outer product, which broadcasting does faster than BLAS
                grad_a = dZ[l] * W[:, 0] if W.shape[1] == 1 else dZ[l] @ W.T
                dA[l - 1] = grad_a
                mask = trace.masks[l - 1] if trace.masks else None
                scale = trace.scales[l - 1] if trace.scales else 1.0
                if mask is not None:
                    grad_a = grad_a * mask * scale
                act = self.activations[l - 2]
                if ignore_activation_derivative:
                    dZ[l - 1] = grad_a
                elif act._df_from_output is not None and mask is None and scale == 1.0:
                    dZ[l - 1] = grad_a * act._df_from_output(A[l - 1])
                else:
                    dZ[l - 1] = grad_a * act._df(Z[l - 1])
        return Gradients(dW, db, dZ, dA)

    # ------------------------------------------------------------------ views and export
    def course_view(self, trace: Trace) -> CourseView:
        """The same pass in the course convention (transposes): W[l] (n[l], n[l−1]), Z[l], A[l] (n[l], m)."""
        W = [None] + [w.T.copy() for w in self.weights]
        b = [None] + [v.reshape(-1, 1).copy() for v in self.biases]
        Z = [None] + [z.T.copy() for z in trace.Z[1:]]
        A = [a.T.copy() for a in trace.A]
        return CourseView(W, b, Z, A)

    def to_dict(self) -> dict:
        """Configuration and weights as plain lists (JSON-ready); :meth:`from_dict` rebuilds it exactly."""
        return {
            "format": "nncore.MLP/1",
            "layer_sizes": list(self.layer_sizes),
            "hidden": self.hidden_names,
            "hidden_params": [a.params for a in self.activations[:-1]],
            "output": self.output,
            "init": self.init,
            "init_scale": self.init_scale,
            "dropout": self.dropout,
            "dropout_mode": self.dropout_mode,
            "weights": [W.tolist() for W in self.weights],
            "biases": [b.tolist() for b in self.biases],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "MLP":
        """Rebuild a network from :meth:`to_dict` output, validating every field."""
        if not isinstance(data, dict) or data.get("format") != "nncore.MLP/1":
            raise ValueError("not an nncore model (missing format 'nncore.MLP/1')")
        try:
            hidden = [get_activation(n, **(p or {})) for n, p in
                      zip(data["hidden"], data.get("hidden_params") or [{}] * len(data["hidden"]))]
            net = cls(data["layer_sizes"], hidden=hidden, output=data["output"], init="zeros",
                      dropout=data.get("dropout"), dropout_mode=data.get("dropout_mode", "inverted"))
            net.init, net.init_scale = data.get("init", "xavier"), data.get("init_scale")
            net.set_params(data["weights"], data["biases"])
        except (KeyError, TypeError) as exc:
            raise ValueError(f"model file is incomplete or malformed: {exc}") from None
        return net

    def __repr__(self) -> str:
        return (f"MLP({self.layer_sizes}, hidden={self.hidden_names}, output={self.output!r}, "
                f"init={self.init!r})")

