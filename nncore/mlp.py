"""A fully connected feed-forward network (multilayer perceptron) with a transparent forward and backward pass.

Shapes (rows are examples, as in Article 2's H = X W_h + b_h):

- X is (m, n_0); ``weights[l]`` is (n_l, n_{l+1}); ``biases[l]`` is (n_{l+1},); Y is (m, n_L).
- Layer l (1 … L) computes Z[l] = A[l−1] @ weights[l−1] + biases[l−1] and A[l] = g_l(Z[l]); A[0] = X.

The course convention of Article 3 (W[l]: (n[l], n[l−1]), Z[l]: (n[l], m)) is the transpose of every array here;
:meth:`MLP.course_view` gives it.

Backward pass (gradients of the cost J, the mean loss over the m examples)::

    dZ[L] = A[L] − Y  (÷ its normaliser)    for sigmoid + bce, softmax + cross_entropy, and
                                             2(A[L] − Y)/N for linear + mse: these pairs cancel g′ exactly
    dZ[L] = dA[L] ⊙ g′(Z[L])               otherwise (the general chain rule; e.g. sigmoid + mse)
    dW[l−1] = A[l−1]ᵀ dZ[l],   db[l−1] = Σ_rows dZ[l]
    dA[l−1] = dZ[l] W[l−1]ᵀ,   dZ[l−1] = dA[l−1] ⊙ g′(Z[l−1])

Regularisation adds λ₂·W (from λ₂/2·ΣW²) and λ₁·sign(W) (from λ₁·Σ|W|) to dW; biases are not penalised.

Speed (the playground trains while students watch): the passes compute each layer's transpose, one column per
example (Zᵀ = Wᵀ Aᵀ + b, the course convention), so that with 500 examples and 8 units every elementwise step —
activation, g′ — runs along rows of 500 numbers instead of 500 rows of 8. ``Z[l]``, ``A[l]``, ``dZ[l]`` and ``dA[l]``
are the (m, n) transposed views of those arrays: the same numbers in the shapes above. The network keeps all its
weights and biases in one flat array, layer by layer as the block [W; b] (``weights[l]`` and ``biases[l]`` are views
of it), so that Wᵀa + b is one product [W; b]ᵀ [a; 1] — the bias is the weight of an input that is always 1 — and
[dW; db] = [a; 1] dZᵀ likewise; one SGD step is then one operation on the flat array. ``dtype="float32"`` makes a
network whose weights and passes are float32 (half the memory, tanh 3× cheaper); float64 is the default, and every
lesson that shows exact numbers uses it.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass, field

import numpy as np

from ._util import ParamList, as_array, as_rng, float_dtype
from .activations import Activation, get_activation
from .init import init_layer
from .losses import LOSSES, _bce_grad, _cross_entropy_grad, _mse_grad, cross_entropy_with_logits, get_loss

__all__ = ["MLP", "Trace", "Gradients", "CourseView"]

OUTPUTS = ("sigmoid", "softmax", "linear")
DROPOUT_MODES = ("inverted", "classic")
#: (output, loss) pairs whose output derivative cancels: dZ[L] = (A[L] − Y) / normaliser exactly.
FUSED_PAIRS = frozenset({("sigmoid", "bce"), ("softmax", "cross_entropy"), ("linear", "mse")})
#: ∂J/∂A[L] without input checks (the arrays are checked already), for a loss name; see :mod:`nncore.losses`.
_LOSS_GRADS = {"bce": _bce_grad, "cross_entropy": _cross_entropy_grad, "mse": _mse_grad}
_F64 = np.dtype(np.float64)
#: machine epsilon per dtype (the clip of the log loss's ŷ)
_EPS = {_F64: float(np.finfo(np.float64).eps), np.dtype(np.float32): float(np.finfo(np.float32).eps)}


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

    def __getstate__(self) -> dict:  # the private [A; 1] arrays (_ext) are views that a copy would not keep
        state = dict(self.__dict__)
        state.pop("_ext", None)
        return state


@dataclass
class Gradients:
    """Gradients of the cost: ``dW[l]``, ``db[l]`` aligned with the weights; ``dZ[l]``, ``dA[l]`` with the trace."""

    dW: list
    db: list
    dZ: list
    dA: list

    def params(self) -> list:
        """[dW0, db0, dW1, db1, …] in the order of :meth:`MLP.params`."""
        items = [g for pair in zip(self.dW, self.db) for g in pair]
        flat = self.__dict__.get("_flat")  # set by MLP.backward: the gradients are views of one flat array
        if (flat is not None and len(self.dW) == len(flat[1]) and len(self.db) == len(flat[2])
                and all(map(operator.is_, self.dW, flat[1])) and all(map(operator.is_, self.db, flat[2]))):
            return ParamList(items, flat[0], flat[3])
        return items

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_flat", None)
        return state

    def norms(self) -> np.ndarray:
        """‖dW[l]‖ (Frobenius) per layer — how much gradient reaches each layer (float64)."""
        return _norms(self.dW)


def _norms(arrays) -> np.ndarray:
    """Frobenius norms in float64 (a float32 array is widened first, so its squares cannot overflow)."""
    wide = (g if g.dtype == _F64 else g.astype(_F64) for g in arrays)
    return np.sqrt([np.vdot(g, g) for g in wide], dtype=_F64)


@dataclass
class CourseView:
    """A pass in the course convention of Article 3: one column per example.

    ``W[l]``: (n[l], n[l−1]); ``b[l]``: (n[l], 1); ``Z[l]``, ``A[l]``: (n[l], m); index 0 of W, b, Z is None.
    """

    W: list
    b: list
    Z: list
    A: list


def _softmax_columns(z: np.ndarray, strict: bool = True) -> np.ndarray:
    """softmax over axis 0 (one column per example), shifted by each column's max as :func:`nncore.softmax` does.

    ``strict``: non-finite logits raise ValueError (as :func:`nncore.softmax` does) instead of giving NaN.
    """
    top = z.max(axis=0)
    if strict and not np.isfinite(top).all():
        raise ValueError("logits contains NaN or infinite values")
    e = z - top
    np.exp(e, out=e)
    e /= e.sum(axis=0)
    return e


class _Packed:
    """An MLP's parameters in one flat array: ``blocks[l]`` = [W; b] of layer l (a view of ``flat``), ``blocks_T``
    their transposes, ``weights`` / ``biases`` the views W and b that the MLP's lists held when it was packed,
    ``shapes`` the blocks' shapes, ``layout`` the shapes of [W0, b0, W1, b1, …], ``starts`` where each of those
    begins in ``flat``."""

    __slots__ = ("flat", "blocks", "blocks_T", "weights", "biases", "shapes", "layout", "starts")

    def __init__(self, flat: np.ndarray, blocks: list):
        self.flat, self.blocks = flat, blocks
        self.blocks_T = [P.T for P in blocks]
        self.weights = tuple(P[:-1] for P in blocks)
        self.biases = tuple(P[-1] for P in blocks)
        self.shapes = [P.shape for P in blocks]
        self.layout = tuple(p.shape for pair in zip(self.weights, self.biases) for p in pair)
        self.starts = np.cumsum([0] + [int(np.prod(shape)) for shape in self.layout[:-1]])

    def squares(self, flat: np.ndarray) -> np.ndarray:
        """Σ x² of each piece [W0, b0, W1, b1, …] of a flat array laid out like the parameters, in float64."""
        return np.add.reduceat(np.square(flat, dtype=_F64), self.starts)


def _layer_blocks(flat: np.ndarray, shapes) -> list:
    """Consecutive views of ``flat`` with the given 2-D shapes."""
    blocks, start = [], 0
    for rows, cols in shapes:
        blocks.append(flat[start:start + rows * cols].reshape(rows, cols))
        start += rows * cols
    return blocks


def _with_ones(X: np.ndarray) -> np.ndarray:
    """[Xᵀ; 1]: one column per example, and a last row of ones (the input that the bias multiplies)."""
    a = np.empty((X.shape[1] + 1, X.shape[0]), dtype=X.dtype)
    a[:-1] = X.T
    a[-1] = 1.0
    return a


class MLP:
    """A multilayer perceptron.

    Parameters
    ----------
    layer_sizes : [n_0, n_1, …, n_L], at least two entries (no hidden layer = logistic / softmax regression).
    hidden : activation name (or :class:`Activation`) for every hidden layer, or a list with one per hidden layer.
    output : "sigmoid", "softmax" or "linear" (or any other activation name).
    init : initialisation scheme (see :mod:`nncore.init`); ``init_scale`` overrides its scale.
    seed : int or ``np.random.Generator`` for the initial weights.
    dropout : drop rate p of hidden units during training — each is switched off with probability p, as in Keras and
        PyTorch (None or 0: no dropout).
    dropout_mode : "inverted" (kept units × 1/(1 − p) while training, nothing at test time) or "classic" (units
        dropped while training, every output × (1 − p) at test time; Article 2 says "× p" because its p = 0.5).
    dtype : "float64" (default) or "float32": the weights, and every array a pass computes (inputs are converted).
        The float32 network starts from the float64 one's weights rounded to float32; costs stay float64.

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
                 dropout_mode: str = "inverted", dtype=np.float64):
        sizes = [int(n) for n in layer_sizes]
        if len(sizes) < 2 or any(n < 1 for n in sizes) or any(n != s for n, s in zip(sizes, layer_sizes)):
            raise ValueError(f"layer_sizes must be at least two positive integers, got {list(layer_sizes)}")
        if max(sizes) > self.MAX_UNITS or sum(a * b for a, b in zip(sizes[:-1], sizes[1:])) > self.MAX_WEIGHTS:
            raise ValueError(f"network too large: at most {self.MAX_UNITS} units per layer and "
                             f"{self.MAX_WEIGHTS:,} weights in all (this is a teaching engine), got {sizes}")
        self.dtype = float_dtype(dtype)
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
        self._pack()
        if self.dtype != _F64 and not np.isfinite(self._packed.flat).all():
            raise ValueError(f"initial weights beyond the float32 range (|w| > 3.4e38): init_scale {init_scale} "
                             "is too large for a float32 network")
        self.set_dropout(dropout, dropout_mode)

    # ------------------------------------------------------------------ structure
    @property
    def n_layers(self) -> int:
        """L, the number of weight layers (hidden layers + output layer)."""
        return len(self.weights)

    @property
    def hidden_names(self) -> list[str]:
        return [a.name for a in self.activations[:-1]]

    def set_dropout(self, rate: float | None, mode: str = "inverted") -> None:
        """Set the drop rate p of hidden units: each is switched off with probability p (None or 0: no dropout)."""
        if rate is not None:
            rate = float(rate)
            if not (0.0 <= rate < 1.0):
                raise ValueError(f"dropout rate must be in [0, 1), got {rate}")
            if rate == 0.0:
                rate = None
        if mode not in DROPOUT_MODES:
            raise ValueError(f"dropout mode must be one of {DROPOUT_MODES}, got {mode!r}")
        self.dropout, self.dropout_mode = rate, mode

    def params(self) -> list[np.ndarray]:
        """[W0, b0, W1, b1, …]: the arrays themselves (optimizers update them in place)."""
        items = [p for pair in zip(self.weights, self.biases) for p in pair]
        packed = self._current()
        return items if packed is None else ParamList(items, packed.flat, packed.layout)

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
        new._pack()
        return new

    def astype(self, dtype) -> "MLP":
        """A copy of the network in ``dtype`` ("float64" or "float32"): weights converted, everything else the same.
        (float32 → float64 is exact; float64 → float32 rounds every weight to the nearest float32.)"""
        new = self.copy()
        new.dtype = float_dtype(dtype)
        with np.errstate(over="ignore"):  # a float64 weight beyond float32's range becomes inf: say so below
            new.weights = [W.astype(new.dtype) for W in self.weights]
            new.biases = [b.astype(new.dtype) for b in self.biases]
        new._pack()
        if not np.isfinite(new._packed.flat).all():
            raise ValueError("weights beyond the float32 range (|w| > 3.4e38)")
        return new

    def set_params(self, weights, biases) -> None:
        """Replace all weights and biases, checking every shape (values are converted to the network's dtype)."""
        if len(weights) != self.n_layers or len(biases) != self.n_layers:
            raise ValueError(f"expected {self.n_layers} weight matrices and bias vectors")
        new_w, new_b = [], []
        for l, (W, b) in enumerate(zip(weights, biases)):
            W = as_array(W, f"weights[{l}]", dtype=self.dtype)
            b = as_array(b, f"biases[{l}]", dtype=self.dtype).reshape(-1)
            if W.shape != self.weights[l].shape:
                raise ValueError(f"weights[{l}] must have shape {self.weights[l].shape}, got {W.shape}")
            if b.shape != self.biases[l].shape:
                raise ValueError(f"biases[{l}] must have shape {self.biases[l].shape}, got {b.shape}")
            new_w.append(W)
            new_b.append(b)
        self.weights, self.biases = new_w, new_b
        self._pack()  # copies them

    def _pack(self) -> None:
        """Copy every weight and bias into one flat array, layer l as the block [W; b] ((n_l + 1) × n_{l+1}), and
        make ``weights[l]``, ``biases[l]`` views of it. (Arrays put into the lists later are used as they are: the
        passes then take the general route, :meth:`_current` returns None.)"""
        shapes = [(W.shape[0] + 1, W.shape[1]) for W in self.weights]
        flat = np.empty(sum(r * c for r, c in shapes), dtype=self.dtype)
        blocks = _layer_blocks(flat, shapes)
        with np.errstate(over="ignore"):  # float64 → float32 beyond its range gives inf (MLP.__init__ says so)
            for P, W, b in zip(blocks, self.weights, self.biases):
                P[:-1] = W
                P[-1] = b
        self._packed = packed = _Packed(flat, blocks)
        self.weights, self.biases = list(packed.weights), list(packed.biases)

    def _current(self) -> _Packed | None:
        """The packed parameters, if ``weights`` and ``biases`` still hold exactly the views :meth:`_pack` made."""
        packed = self._packed
        W, b = self.weights, self.biases
        if (len(W) == len(packed.weights) and len(b) == len(packed.biases)
                and all(map(operator.is_, W, packed.weights)) and all(map(operator.is_, b, packed.biases))):
            return packed
        return None

    def __getstate__(self) -> dict:  # views do not survive a copy: pack the copied arrays again on the way in
        state = dict(self.__dict__)
        state.pop("_packed", None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.__dict__.setdefault("dtype", np.dtype(np.float64))
        self._pack()

    # ------------------------------------------------------------------ checks
    def _check_X(self, X) -> np.ndarray:
        X = as_array(X, "X", ndim=2, dtype=self.dtype)
        if X.shape[1] != self.layer_sizes[0]:
            raise ValueError(f"X must have shape (m, {self.layer_sizes[0]}), got {X.shape}")
        if X.shape[0] == 0:
            raise ValueError("X has no examples (0 rows)")
        return X

    def _check_Y(self, Y, m: int) -> np.ndarray:
        Y = as_array(Y, "Y", dtype=self.dtype)
        n_out = self.layer_sizes[-1]
        if Y.ndim == 1 and n_out == 1:
            Y = Y[:, None]
        if Y.shape != (m, n_out):
            hint = " (one-hot rows for a softmax output)" if self.output == "softmax" else ""
            raise ValueError(f"Y must have shape ({m}, {n_out}){hint}, got {Y.shape}")
        return Y

    # ------------------------------------------------------------------ forward
    def forward(self, X, train: bool = False, rng=None) -> Trace:
        """Run the network on X (m, n_0) and keep every layer's Z and A.

        With ``train=True`` and dropout set, hidden units are dropped (probability p, the drop rate) with a fresh mask
        from ``rng`` (a Generator or seed). With ``train=False`` and classic dropout, hidden outputs are multiplied by
        the keep probability 1 − p.
        """
        X = self._check_X(X)
        with np.errstate(over="ignore", invalid="ignore"):  # weights too large give inf / NaN, which the cost rejects
            return self._forward(X, train, rng)

    def _forward(self, X: np.ndarray, train: bool = False, rng=None, strict: bool = True,
                 inputs: np.ndarray | None = None) -> Trace:
        """The forward pass on checked X. ``strict=False`` (the trainer, under ``np.errstate``) lets non-finite
        logits through as NaN, for the divergence check to catch, instead of raising; ``inputs`` is [Xᵀ; 1] if the
        caller has it already."""
        if self.dropout is not None:
            return self._forward_dropout(X, train, rng, strict)
        packed = self._current()
        if packed is None:
            return self._forward_general(X, strict)
        # The hot path of training and of decision-boundary grids, one column per example: each layer computes
        # z = [W; b]ᵀ [a; 1] = Wᵀa + b and writes g(z) into the first rows of the next layer's [a; 1].
        a = _with_ones(X) if inputs is None else inputs
        Z, A, ext = [None], [X], [a]
        acts, blocks_T = self.activations, packed.blocks_T
        last = len(acts) - 1
        for l in range(last):
            z = np.dot(blocks_T[l], a)
            a = np.empty((z.shape[0] + 1, z.shape[1]), dtype=z.dtype)
            a[-1] = 1.0
            out = a[:-1]
            if acts[l]._f_into is not None:
                acts[l]._f_into(z, out)
            else:
                out[...] = acts[l]._f(z)
            ext.append(a)
            Z.append(z.T)
            A.append(out.T)
        z = np.dot(blocks_T[last], a)
        Z.append(z.T)
        A.append((_softmax_columns(z, strict) if acts[last] == "softmax" else acts[last]._f(z)).T)
        trace = Trace(Z, A)
        trace._ext = (ext, tuple(A))  # the [a; 1] arrays, for the backward pass
        return trace

    def _forward_general(self, X: np.ndarray, strict: bool) -> Trace:
        """The forward pass with weights that are not the network's own block (someone put other arrays into
        ``weights`` or ``biases``): zᵀ = Wᵀ aᵀ + b layer by layer."""
        Z, A = [None], [X]
        a = X.T
        for act, W, b in zip(self.activations, self.weights, self.biases):
            z = np.dot(W.T, a)
            z += b[:, None]
            a = _softmax_columns(z, strict) if act == "softmax" else act._f(z)
            Z.append(z.T)
            A.append(a.T)
        return Trace(Z, A)

    def _forward_dropout(self, X: np.ndarray, train: bool, rng, strict: bool) -> Trace:
        keep = 1.0 - self.dropout  # the keep probability
        Z, A = [None], [X]
        masks, scales = [None], [1.0]
        if train:
            rng = as_rng(rng)
        last = self.n_layers - 1
        a = X.T
        for l, (act, W, b) in enumerate(zip(self.activations, self.weights, self.biases)):
            z = np.dot(W.T, a)
            z += b[:, None]
            a = _softmax_columns(z, strict) if act == "softmax" else act._f(z)
            mask, scale = None, 1.0
            if l < last:
                if train:
                    mask = rng.random((a.shape[1], a.shape[0])) < keep  # (m, n): one row of draws per example
                    scale = 1.0 / keep if self.dropout_mode == "inverted" else 1.0
                    a = a * mask.T * scale
                elif self.dropout_mode == "classic":
                    scale = keep
                    a = a * keep
            Z.append(z.T)
            A.append(a.T)
            masks.append(mask)
            scales.append(scale)
        return Trace(Z, A, masks, scales)

    def predict(self, X) -> np.ndarray:
        """The network's output for X (evaluation mode: no units dropped).

        Large inputs (a 100×100 decision-boundary grid) go through in chunks of 2048 rows (4096 in float32): the
        intermediate arrays then stay in the CPU cache, which makes the whole pass 4× faster than in one piece.
        """
        X = self._check_X(X)
        with np.errstate(over="ignore", invalid="ignore"):  # weights too large: inf / NaN out, never a warning
            return self._predict(X)

    def _predict(self, X: np.ndarray) -> np.ndarray:
        m, chunk = X.shape[0], self.PREDICT_CHUNK * (8 // self.dtype.itemsize)
        if m <= 2 * chunk:
            return self._forward(X).A[-1]
        out = np.empty((m, self.layer_sizes[-1]), dtype=self.dtype)
        for start in range(0, m, chunk):
            stop = start + chunk
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
        with np.errstate(over="ignore", invalid="ignore"):  # a non-finite cost raises a ValueError (strict) instead
            return self._cost(trace, Y, get_loss(loss).name)

    def _cost(self, trace: Trace, Y: np.ndarray, name: str, strict: bool = True) -> float:
        """The cost, always in float64. ``strict=False`` (the trainer, under ``np.errstate``): no input checks,
        a non-finite cost comes back as NaN or inf instead of raising."""
        return self._cost_columns(trace.Z[-1].T, trace.A[-1].T, Y.T, name, strict)

    def _cost_columns(self, z: np.ndarray, out: np.ndarray, Y: np.ndarray, name: str, strict: bool = True) -> float:
        """:meth:`_cost` from the output layer's z and a and the targets, one column per example."""
        if self.output == "sigmoid" and name == "bce":
            # softplus(z) − y·z, the log loss of σ(z) written without σ; softplus(z) = max(z, 0) + log(1 + e^(−|z|))
            # as np.logaddexp(0, z) computes it, here with NumPy's vectorised exp and log1p (1.5× faster)
            loss = np.abs(z, dtype=_F64)
            np.negative(loss, out=loss)
            np.exp(loss, out=loss)
            np.log1p(loss, out=loss)
            loss += np.maximum(z, 0.0, dtype=_F64)
            loss -= np.multiply(Y, z, dtype=_F64)
            cost = float(np.add.reduce(loss, axis=None) / loss.size)  # np.mean, without its overhead
            if strict and not np.isfinite(cost):
                raise ValueError("the cost is not finite: the output layer's z holds inf or NaN (weights or inputs "
                                 "too large)")
            return cost
        if self.output == "softmax" and name == "cross_entropy":
            if strict:
                return cross_entropy_with_logits(z.T, Y.T)[0]
            z = z.astype(_F64)  # log-softmax over the classes of each column, as log_softmax computes it
            top = z.max(axis=0)
            log_p = z - (top + np.log(np.add.reduce(np.exp(z - top), axis=0)))
            return float(np.mean(-np.add.reduce(Y * log_p, axis=0)))
        if name == "mse" and not strict:
            if out.dtype != _F64:
                out = out.astype(_F64)
            return float(np.mean((out - Y) ** 2))
        return LOSSES[name].value(out.T, Y.T)

    @staticmethod
    def _accuracy_columns(out: np.ndarray, Y: np.ndarray, labels: np.ndarray | None = None) -> float:
        """Share of columns (examples) classified right: output ≥ 0.5 for one unit, argmax otherwise. ``labels``:
        the true classes if known (Y ≥ 0.5, or argmax Y)."""
        if labels is None:
            labels = (Y >= 0.5) if Y.shape[0] == 1 else np.argmax(Y, axis=0)
        right = (out >= 0.5) == labels if out.shape[0] == 1 else np.argmax(out, axis=0) == labels
        return np.count_nonzero(right) / right.size

    def _evaluate(self, X: np.ndarray, Y: np.ndarray, loss_name: str, accuracy: bool,
                  trace: Trace | None = None, strict: bool = True) -> tuple[float, float | None]:
        """Cost and accuracy on (X, Y) from one forward pass (no validation: the trainer's hot path)."""
        trace = self._forward(X, strict=strict) if trace is None else trace
        z, out, Y = trace.Z[-1].T, trace.A[-1].T, Y.T
        cost = self._cost_columns(z, out, Y, loss_name, strict)
        return cost, (self._accuracy_columns(out, Y) if accuracy else None)

    def penalty(self, l1: float = 0.0, l2: float = 0.0) -> float:
        """λ₁ Σ|W| + λ₂/2 Σ W² over all weight matrices (biases are not penalised)."""
        total = 0.0
        if l1:
            total += l1 * sum(float(np.sum(np.abs(W), dtype=_F64)) for W in self.weights)
        if l2:
            total += 0.5 * l2 * sum(float(np.sum(np.square(W, dtype=_F64))) for W in self.weights)
        return total

    def loss(self, X, Y, loss: str = "bce") -> float:
        """The cost J on (X, Y) in evaluation mode."""
        X = self._check_X(X)
        with np.errstate(over="ignore", invalid="ignore"):  # inf / NaN reach the cost, which rejects them
            trace = self._forward(X)
        return self.cost(trace, Y, loss)

    def objective(self, X, Y, loss: str = "bce", l1: float = 0.0, l2: float = 0.0) -> float:
        """Objective = cost + regularisation penalty (Article 2)."""
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
        # Transposed like the forward pass: d below is dZ[l]ᵀ, one column per example.
        L = self.n_layers
        Z, A = trace.Z, trace.A
        dZ: list = [None] * (L + 1)
        dA: list = [None] * (L + 1)
        out, YT = A[L].T, Y.T
        m = Y.shape[0]
        eps = _EPS.get(out.dtype, _EPS[_F64])
        if (self.output, loss_name) in FUSED_PAIRS:
            # the output's g′ cancels against the loss's derivative: dZ = (A − Y) / normaliser
            d = out - YT
            if loss_name == "mse":
                d *= 2.0
                d /= Y.size
            else:
                d /= Y.size if loss_name == "bce" else m
            if input_grad:  # for display only: training does not need ∂J/∂A[L]
                dA[L] = d.T if loss_name == "mse" else _LOSS_GRADS[loss_name](out, YT, Y.size if loss_name == "bce"
                                                                              else m, eps).T
        else:
            if loss_name == "bce":  # checks that the outputs are probabilities, as the log loss needs
                g = LOSSES["bce"].grad(A[L], Y).astype(out.dtype, copy=False).T
            else:
                g = _LOSS_GRADS[loss_name](out, YT, Y.size if loss_name == "mse" else m, eps)
            dA[L] = g.T
            act = self.activations[-1]
            if act == "softmax":  # Jacobian-vector product of softmax: a ⊙ (g − Σ_k g_k a_k)
                d = out * (g - np.sum(g * out, axis=0))
            elif act._df_from_output is not None:  # σ′ = σ(1 − σ), tanh′ = 1 − tanh² from the output
                d = g * act._df_from_output(out)
            else:
                d = g * act._df(Z[L].T)
        dZ[L] = d.T
        dW: list = [None] * L
        db: list = [None] * L
        # With the forward pass's [a; 1] arrays and the network's own block, [dW; db] = [a; 1] dZᵀ is one product,
        # written into one flat gradient array laid out like the parameters.
        ext, packed = trace.__dict__.get("_ext"), self._current()
        if packed is not None and ext is not None and len(ext[1]) == len(A) and all(map(operator.is_, A, ext[1])):
            inputs = ext[0]
            dt = d.dtype if d.dtype == inputs[0].dtype else np.result_type(d.dtype, inputs[0].dtype)
            flat = np.empty(packed.flat.size, dtype=dt)
            grad_blocks = _layer_blocks(flat, packed.shapes)
        else:
            inputs = flat = None
        for l in range(L, 0, -1):
            W = self.weights[l - 1]
            n_in, n_out = W.shape
            # Sums over the examples. Where a layer has one unit on either side, one dot product per unit (vecdot:
            # the same operations for every unit), so that units that start equal (zero or constant initialisation)
            # get bit-for-bit equal gradients, which BLAS's matrix-vector kernels do not promise (they sum some rows
            # in another order than others).
            if inputs is not None:
                a1, g = inputs[l - 1], grad_blocks[l - 1]  # [a; 1] and [dW; db]
                if n_out == 1:
                    np.vecdot(a1, d[0], out=g[:, 0])
                elif n_in == 1:
                    np.vecdot(d, a1[0], out=g[0])
                    np.add.reduce(d, axis=1, out=g[1])
                else:
                    np.dot(a1, d.T, out=g)
                a, g, gb = a1[:-1], g[:-1], g[-1]
            else:
                a = A[l - 1].T
                if n_out == 1:
                    g = np.vecdot(a, d[0])[:, None]
                elif n_in == 1:
                    g = np.vecdot(d, a[0])[None, :]
                else:
                    g = np.dot(a, d.T)
                gb = np.add.reduce(d, axis=1)
            if l2:
                g += l2 * W
            if l1:
                g += l1 * np.sign(W)
            dW[l - 1] = g
            db[l - 1] = gb
            if l == 1:
                if input_grad:
                    dA[0] = np.dot(W, d).T
                break
            grad_a = np.dot(W, d)  # W dZᵀ (with one output unit an outer product: one multiplication per entry)
            dA[l - 1] = grad_a.T
            mask = trace.masks[l - 1] if trace.masks else None
            scale = trace.scales[l - 1] if trace.scales else 1.0
            if mask is not None:
                grad_a = grad_a * mask.T * scale
            act = self.activations[l - 2]
            if ignore_activation_derivative:
                d = grad_a
            elif act._df_from_output is not None and mask is None and scale == 1.0:
                d = grad_a * act._df_from_output(a)
            else:
                d = grad_a * act._df(Z[l - 1].T)
            dZ[l - 1] = d.T
        grads = Gradients(dW, db, dZ, dA)
        if flat is not None:
            grads._flat = (flat, tuple(dW), tuple(db), packed.layout)
        return grads

    # ------------------------------------------------------------------ the trainer's kernel
    def _fast_trainable(self, loss_name: str) -> bool:
        """True when :meth:`_train_forward` / :meth:`_train_backward` can train this network with this loss: its
        own parameter block, no dropout, and an output/loss pair that needs no check of the outputs (the log loss
        of a non-sigmoid output checks that they are probabilities: that goes the general way)."""
        return (self.dropout is None and self._current() is not None
                and ((self.output, loss_name) in FUSED_PAIRS or loss_name != "bce"))

    def _train_forward(self, ws: "_Workspace") -> None:
        """The forward pass of :meth:`_forward` into a workspace: ``ws.ext[0]`` = [Xᵀ; 1] (filled by the caller)
        → ``ws.ext[l]`` = [a_l; 1], ``ws.z[l]``, ``ws.out``. Nothing is checked: the trainer's hot path."""
        acts, blocks_T = self.activations, self._packed.blocks_T
        a = ws.ext[0]
        last = len(blocks_T) - 1
        for l in range(last):
            z = ws.z[l]
            np.dot(blocks_T[l], a, out=z)
            act = acts[l]
            if act._f_into is not None:
                act._f_into(z, ws.act[l + 1])
            else:
                ws.act[l + 1][...] = act._f(z)
            a = ws.ext[l + 1]
        z = ws.z[last]
        np.dot(blocks_T[last], a, out=z)
        act = acts[last]
        if act == "softmax":
            ws.out = _softmax_columns(z, strict=False)
        elif act._f_into is not None:
            act._f_into(z, ws.out)
        else:
            ws.out[...] = act._f(z)

    def _train_backward(self, ws: "_Workspace", Y: np.ndarray, loss_name: str, l1: float = 0.0,
                        l2: float = 0.0) -> None:
        """:meth:`_backward` after :meth:`_train_forward`, the same operations: the objective's gradient goes into
        ``ws.grad`` (flat, laid out like the parameters; ``ws.grads`` lists its views). Y is (n_L, m)."""
        acts, weights = self.activations, self.weights
        out, d = ws.out, ws.d[-1]
        np.subtract(out, Y, out=d)
        if (self.output, loss_name) in FUSED_PAIRS:  # dZ = (A − Y) / normaliser
            if loss_name == "mse":
                d *= 2.0
                d /= d.size
            else:
                d /= d.size if loss_name == "bce" else d.shape[1]
        else:
            g = _LOSS_GRADS[loss_name](out, Y, d.size if loss_name == "mse" else d.shape[1],
                                       _EPS.get(out.dtype, _EPS[_F64]))
            act = acts[-1]
            if act == "softmax":
                np.multiply(out, g - np.add.reduce(g * out, axis=0), out=d)
            elif act._df_from_output is not None:
                np.multiply(g, act._df_from_output(out), out=d)
            else:
                np.multiply(g, act._df(ws.z[-1]), out=d)
        for l in range(len(weights) - 1, -1, -1):
            W, a1, g = weights[l], ws.ext[l], ws.grad_blocks[l]
            n_in, n_out = W.shape
            if n_out == 1:  # as in _backward: one dot product per unit
                np.vecdot(a1, d[0], out=ws.gcol[l])
            elif n_in == 1:
                np.vecdot(d, a1[0], out=g[0])
                np.add.reduce(d, axis=1, out=g[1])
            else:
                np.dot(a1, d.T, out=g)
            if l2:
                ws.gW[l] += l2 * W
            if l1:
                ws.gW[l] += l1 * np.sign(W)
            if l == 0:
                break
            grad_a = ws.d[l - 1]
            np.dot(W, d, out=grad_a)
            act = acts[l - 1]
            if act._df_from_output is not None:
                grad_a *= act._df_from_output(ws.act[l])
            else:
                grad_a *= act._df(ws.z[l - 1])
            d = grad_a

    # ------------------------------------------------------------------ views and export
    def course_view(self, trace: Trace) -> CourseView:
        """The same pass in the course convention (transposes): W[l] (n[l], n[l−1]), Z[l], A[l] (n[l], m)."""
        W = [None] + [w.T.copy() for w in self.weights]
        b = [None] + [v.reshape(-1, 1).copy() for v in self.biases]
        Z = [None] + [z.T.copy() for z in trace.Z[1:]]
        A = [a.T.copy() for a in trace.A]
        return CourseView(W, b, Z, A)

    def to_dict(self) -> dict:
        """Configuration and weights as plain lists (JSON-ready); :meth:`from_dict` rebuilds it exactly.
        A float32 network also says ``"dtype": "float32"`` (float64, the default, is not written)."""
        extra = {} if self.dtype == _F64 else {"dtype": self.dtype.name}
        return {
            "format": "nncore.MLP/1",
            "layer_sizes": list(self.layer_sizes),
            "hidden": self.hidden_names,
            "hidden_params": [a.params for a in self.activations[:-1]],
            "output": self.output,
            "init": self.init,
            "init_scale": self.init_scale,
            "dropout_rate": self.dropout,
            "dropout_mode": self.dropout_mode,
            "weights": [W.tolist() for W in self.weights],
            "biases": [b.tolist() for b in self.biases],
            **extra,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "MLP":
        """Rebuild a network from :meth:`to_dict` output, validating every field."""
        if not isinstance(data, dict) or data.get("format") != "nncore.MLP/1":
            raise ValueError("not an nncore model (missing format 'nncore.MLP/1')")
        try:
            hidden = [get_activation(n, **(p or {})) for n, p in
                      zip(data["hidden"], data.get("hidden_params") or [{}] * len(data["hidden"]))]
            rate = data.get("dropout_rate")
            if rate is None and data.get("dropout") is not None:  # files written before: "dropout" = keep probability
                rate = 1.0 - float(data["dropout"])
            net = cls(data["layer_sizes"], hidden=hidden, output=data["output"], init="zeros",
                      dropout=rate, dropout_mode=data.get("dropout_mode", "inverted"),
                      dtype=data.get("dtype", "float64"))
            net.init, net.init_scale = data.get("init", "xavier"), data.get("init_scale")
            net.set_params(data["weights"], data["biases"])
        except (KeyError, TypeError) as exc:
            raise ValueError(f"model file is incomplete or malformed: {exc}") from None
        return net

    def __repr__(self) -> str:
        dtype = "" if self.dtype == _F64 else f", dtype={self.dtype.name!r}"
        return (f"MLP({self.layer_sizes}, hidden={self.hidden_names}, output={self.output!r}, "
                f"init={self.init!r}{dtype})")


class _Workspace:
    """The arrays of one training pass on m examples (one column each), made once and reused from batch to batch
    and epoch to epoch. A :class:`~nncore.training.Trainer` owns its workspaces; nothing in them is handed out."""

    def __init__(self, net: MLP, m: int):
        dt, sizes = net.dtype, net.layer_sizes
        self.m = m
        self.ext = [np.empty((n + 1, m), dtype=dt) for n in sizes[:-1]]  # [a_l; 1], l = 0 … L−1 (a_0 = Xᵀ)
        for a in self.ext:
            a[-1] = 1.0
        self.act = [a[:-1] for a in self.ext]
        self.z = [np.empty((n, m), dtype=dt) for n in sizes[1:]]
        self.d = [np.empty((n, m), dtype=dt) for n in sizes[1:]]  # dZ_l ᵀ
        self.out = np.empty((sizes[-1], m), dtype=dt)
        self.Y = np.empty((sizes[-1], m), dtype=dt)  # the batch's targets
        shapes = net._packed.shapes
        self.grad = np.empty(sum(r * c for r, c in shapes), dtype=dt)
        self.grad_blocks = _layer_blocks(self.grad, shapes)
        self.gW = [g[:-1] for g in self.grad_blocks]
        self.gb = [g[-1] for g in self.grad_blocks]
        self.gcol = [g[:, 0] for g in self.grad_blocks]
        self.grads = ParamList([x for pair in zip(self.gW, self.gb) for x in pair], self.grad, net._packed.layout)

        self.labels = None  # the true classes, when Y is the data's

    def set_data(self, X: np.ndarray, Y: np.ndarray) -> None:
        """Hold a whole data set: [Xᵀ; 1], Yᵀ and the classes (Y ≥ 0.5 for one output, argmax otherwise)."""
        self.act[0][...] = X.T
        self.Y[...] = Y.T
        self.labels = (self.Y >= 0.5) if self.Y.shape[0] == 1 else np.argmax(self.Y, axis=0)

    def norms(self, packed: _Packed) -> np.ndarray:
        """‖dW[l]‖ of the gradient in the workspace, as :meth:`Gradients.norms`."""
        return np.sqrt(packed.squares(self.grad)[0::2])
