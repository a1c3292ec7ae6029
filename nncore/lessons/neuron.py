"""What the Neuron page computes: the M-P neuron's truth table, the perceptron's decision line and a perceptron run
replayed step by step, XOR solved by a 2-2-1 network (input plane, hidden plane, the space warped between them, and
why some starts stay on a flat region of the cost), and a single neuron as linear or logistic regression on 1-D data.

Built on :mod:`nncore.perceptron` (M-P neuron, perceptron rule), :mod:`nncore.mlp` and :mod:`nncore.training`.

>>> line = decision_line([1.0, 2.0], -2.0, (-1.0, 3.0))
>>> line.x.tolist(), line.y.tolist()          # x2 = −(w1·x1 + b)/w2
([-1.0, 3.0], [1.5, -0.5])
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from .. import datasets
from ..mlp import MLP, Trace
from ..perceptron import PerceptronTrainer, Update, mp_neuron, perceptron_predict
from ..training import Trainer
from .._util import as_array, as_rng

__all__ = [
    "MP_INPUTS", "MPTable", "mp_table",
    "DecisionLine", "decision_line", "PerceptronState", "PerceptronReplay", "perceptron_replay", "update_margin",
    "PERCEPTRON_DATA", "perceptron_data", "gate_replay", "PerceptronPlane", "perceptron_plane",
    "XOR_CHECKPOINTS", "XorSnapshot", "XorRun", "train_xor", "XorView", "xor_view", "XorOutcome", "xor_outcome",
    "MAX_NOISE", "single_neuron_data", "NeuronFit", "fit_single_neuron", "neuron_output",
]

Array = np.ndarray


def _bounds(bounds: Any) -> Array:
    b = np.asarray(bounds, dtype=np.float64)
    if b.shape == (2,):
        b = np.vstack([b, b])
    if b.shape != (2, 2) or not np.all(np.isfinite(b)) or np.any(b[:, 0] >= b[:, 1]):
        raise ValueError(f"bounds must be (lo, hi) or ((x1lo, x1hi), (x2lo, x2hi)) with lo < hi, got {bounds!r}")
    return b


# ==============================================================================================================
# the M-P neuron's truth table
MP_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])  # the rows of a two-input truth table


@dataclass(frozen=True)
class MPTable:
    """An M-P neuron (weights, threshold θ) on the four inputs of {0, 1}²: ``inputs`` (4, 2) in the order (0,0),
    (0,1), (1,0), (1,1); ``sums`` (4,) s = w·x; ``outputs`` (4,) 1 where s ≥ θ; ``gate`` the logic gate with that
    truth table ("and", "or", "nand", "xor") or None."""

    inputs: Array
    sums: Array
    outputs: Array
    gate: str | None


def mp_table(weights: Any, threshold: float) -> MPTable:
    """The truth table of the M-P neuron (see :func:`nncore.perceptron.mp_neuron`) and the gate it computes."""
    sums, outputs = mp_neuron(MP_INPUTS, weights, threshold)
    row = tuple(int(o) for o in outputs)
    gate = next((g for g, table in datasets.LOGIC_GATES.items() if table == row), None)
    return MPTable(MP_INPUTS.copy(), sums, outputs, gate)


# ==============================================================================================================
# decision line
@dataclass(frozen=True)
class DecisionLine:
    """The line w1·x1 + w2·x2 + b = 0 as two points to draw (``x``, ``y``: shape (2,)).

    ``vertical`` is True when w2 = 0 (the line is x1 = −b/w1).
    """

    x: Array
    y: Array
    vertical: bool = False


def decision_line(w: Any, b: float, bounds: Any) -> DecisionLine | None:
    """The perceptron's boundary w·x + b = 0 across ``bounds`` (the x1 range of the plot).

    x2 = −(w1·x1 + b) / w2 at x1 = x1_lo and x1_hi; when w2 = 0 the vertical line x1 = −b / w1 over the x2 range;
    None when w = 0 (no line: every point gets the same sign).

    Parameters
    ----------
    w : (2,) weights; b : bias; bounds : (lo, hi) or ((x1lo, x1hi), (x2lo, x2hi)).
    """
    w = as_array(w, "w").reshape(-1)
    if w.shape != (2,):
        raise ValueError(f"w must have shape (2,), got {w.shape}")
    b = float(b)
    box = _bounds(bounds)
    if w[1] != 0.0:
        xs = box[0].copy()
        return DecisionLine(xs, -(w[0] * xs + b) / w[1])
    if w[0] != 0.0:
        x0 = -b / w[0]
        return DecisionLine(np.array([x0, x0]), box[1].copy(), vertical=True)
    return None


# ==============================================================================================================
# perceptron replay
@dataclass(frozen=True)
class PerceptronState:
    """The perceptron after ``step`` updates of a :class:`PerceptronReplay`.

    w (n,), b: the weights then; ``predictions`` (m,) sign(w·x + b) ∈ {−1, +1}; ``misclassified`` (m,) bool,
    y·(w·x + b) ≤ 0 (the rule's test); ``last`` the update that led here (None at step 0); ``next`` the update the
    rule makes from here (None when nothing is misclassified, or the replay stopped); ``converged``: nothing is
    misclassified; ``cycle_seen``: a state has already come back by this step (XOR).
    """

    step: int
    w: Array
    b: float
    predictions: Array
    misclassified: Array
    last: Update | None
    next: Update | None
    converged: bool
    cycle_seen: bool


@dataclass(frozen=True, eq=False)
class PerceptronReplay:
    """A perceptron run recorded once so any step can be shown again (a shared link replays the same run).

    ``history[k]`` = (w, b) after k updates (k = 0 … n_updates); ``updates[k]`` the (k+1)-th update;
    ``errors`` (n_updates + 1,) misclassified points at each state; ``converged`` at the end of the run;
    ``cycle_start`` / ``cycle_length`` from :class:`PerceptronTrainer` (None when no state came back).
    """

    X: Array
    y: Array
    learning_rate: float
    history: tuple
    updates: tuple
    errors: Array
    converged: bool
    cycle_start: int | None
    cycle_length: int | None

    @property
    def n_updates(self) -> int:
        return len(self.updates)

    @property
    def cycle_end(self) -> int | None:
        """The update after which the weights are back to an earlier state: cycle_start + cycle_length (XOR: 4)."""
        return None if self.cycle_start is None else self.cycle_start + self.cycle_length

    def clamp(self, step: int) -> int:
        """``step`` limited to 0 … n_updates (a converged run has no later state)."""
        return int(min(max(int(step), 0), self.n_updates))

    def state(self, step: int) -> PerceptronState:
        k = self.clamp(step)
        w, b = self.history[k]
        score = self.X @ w + b
        predictions = np.where(score >= 0, 1, -1).astype(np.int64)
        misclassified = self.y * score <= 0
        cycle_seen = self.cycle_start is not None and self.cycle_start + self.cycle_length <= k
        return PerceptronState(k, np.array(w), float(b), predictions, misclassified,
                               self.updates[k - 1] if k > 0 else None,
                               self.updates[k] if k < self.n_updates else None,
                               not bool(misclassified.any()), bool(cycle_seen))


def update_margin(update: Update) -> float:
    """y·(w·x + b) of the point an update used, before the update (≤ 0: that is why it was used)."""
    return float(update.y * (update.w_before @ update.x + update.b_before))


def perceptron_replay(X: Any, y_pm1: Any, learning_rate: float = 1.0, max_updates: int = 200) -> PerceptronReplay:
    """Run :class:`PerceptronTrainer` (w₀ = 0, b₀ = 0, cyclic scan) for up to ``max_updates`` updates and keep
    every state. errors[k] = #{i : y_i·(w_k·x_i + b_k) ≤ 0}.

    X (m, n), y_pm1 (m,) in {−1, +1}.
    """
    trainer = PerceptronTrainer(X, y_pm1, learning_rate=learning_rate)
    trainer.run(int(max_updates))
    W = np.array([w for w, _ in trainer.history])  # (K, n)
    B = np.array([b for _, b in trainer.history])  # (K,)
    margins = trainer.y[None, :] * (W @ trainer.X.T + B[:, None])  # (K, m)
    errors = np.count_nonzero(margins <= 0, axis=1).astype(np.int64)
    return PerceptronReplay(trainer.X, trainer.y, trainer.learning_rate, tuple(trainer.history),
                            tuple(trainer.updates), errors, trainer.converged, trainer.cycle_start,
                            trainer.cycle_length)


PERCEPTRON_DATA = ("and", "or", "nand", "xor", "separable")
SEPARABLE_N, SEPARABLE_MARGIN = 30, 0.5


def perceptron_data(data: str, seed: int = 0) -> datasets.Dataset:
    """The perceptron's training set: a logic gate's truth table ("and", "or", "nand", "xor") or a random linearly
    separable set of :data:`SEPARABLE_N` points ("separable", drawn from ``seed`` with margin 0.5)."""
    if data == "separable":
        return datasets.linearly_separable(SEPARABLE_N, seed=seed, margin=SEPARABLE_MARGIN)
    if data not in PERCEPTRON_DATA:
        raise ValueError(f"data must be one of {PERCEPTRON_DATA}, got {data!r}")
    return datasets.logic_gate(data)


def gate_replay(gate: str, learning_rate: float = 1.0, max_updates: int = 200) -> PerceptronReplay:
    """The perceptron rule on a logic gate's truth table (labels 0/1 → ±1), from w = 0, b = 0.

    AND converges after 18 updates, OR after 9; on XOR the weights come back to the start after 4 updates.
    """
    d = datasets.logic_gate(gate)
    return perceptron_replay(d.X, datasets.to_pm1(d.y), learning_rate, max_updates)


@dataclass(frozen=True)
class PerceptronPlane:
    """What the perceptron's plane shows after some step: ``xs`` (r,), ``ys`` (r,) a grid over the bounds and
    ``region`` (r, r) the prediction sign(w·x + b) ∈ {−1, +1} on it; ``line`` the decision line (None while w = 0);
    ``previous_line`` the line before the last update (None at step 0)."""

    xs: Array
    ys: Array
    region: Array
    line: DecisionLine | None
    previous_line: DecisionLine | None


def perceptron_plane(state: PerceptronState, bounds: Any, resolution: int = 81) -> PerceptronPlane:
    """The half-planes and lines of a replay's ``state`` over ``bounds`` ((lo, hi), the same for x1 and x2)."""
    xx, yy, points = datasets.grid(bounds, resolution)
    region = perceptron_predict(points, state.w, state.b).reshape(xx.shape)
    last = state.last
    before = decision_line(last.w_before, last.b_before, bounds) if last is not None else None
    return PerceptronPlane(xx[0].copy(), yy[:, 0].copy(), region, decision_line(state.w, state.b, bounds), before)


# ==============================================================================================================
# XOR with a hidden layer
XOR_CHECKPOINTS = (0, 25, 50, 100, 200, 500, 1000)
#: A run that has not solved XOR and whose gradient norm is below this sits on a flat region of the cost
#: (a plateau or a local minimum): gradient descent barely moves the weights any more.
FLAT_GRADIENT = 0.01
#: Two of the four points "coincide" in the hidden plane when they are closer than this share of its width.
COINCIDE_SHARE = 0.05


@dataclass(frozen=True)
class XorSnapshot:
    """The 2-2-1 network after ``epoch`` epochs: its parameters, cost J (log loss), accuracy on the 4 points and
    ``grad_norm`` = ‖∇J‖, the Euclidean norm of the gradient of the cost over all nine parameters."""

    epoch: int
    weights: tuple
    biases: tuple
    loss: float
    accuracy: float
    grad_norm: float


@dataclass(frozen=True, eq=False)
class XorRun:
    """A recorded training run of a 2-2-1 network on XOR; ``snapshots`` at :data:`XOR_CHECKPOINTS`."""

    hidden: str
    seed: int
    learning_rate: float
    X: Array
    y: Array
    snapshots: tuple

    def snapshot(self, epoch: int) -> XorSnapshot:
        for s in self.snapshots:
            if s.epoch == epoch:
                return s
        raise ValueError(f"no snapshot at epoch {epoch}; available: {[s.epoch for s in self.snapshots]}")

    def net(self, epoch: int) -> MLP:
        """The network as it was after ``epoch`` epochs."""
        s = self.snapshot(epoch)
        net = MLP([2, 2, 1], hidden=self.hidden, output="sigmoid", init="zeros")
        net.set_params(s.weights, s.biases)
        return net


def train_xor(hidden: str = "tanh", seed: int = 0, learning_rate: float = 1.0,
              checkpoints: Sequence[int] = XOR_CHECKPOINTS) -> XorRun:
    """Train MLP([2, 2, 1], hidden, output sigmoid, Xavier init from ``seed``) on the XOR truth table with
    full-batch gradient descent on the log loss (bce), keeping the parameters at each checkpoint epoch.

    Some seeds end on a flat region of the cost (tanh, seeds 1, 2, 3, 6: cost ≈ 0.348, ‖∇J‖ ≈ 0.0013 after 1000
    epochs, accuracy 50 %): XOR with only two hidden units is a hard problem for gradient descent, and another seed
    usually solves it. 1000 epochs cost about 20 ms.
    """
    gate = datasets.logic_gate("xor")
    net = MLP([2, 2, 1], hidden=hidden, output="sigmoid", init="xavier", seed=seed)
    Y = gate.y[:, None].astype(np.float64)
    trainer = Trainer(net, gate.X, Y, loss="bce", optimizer="sgd", learning_rate=learning_rate, seed=seed)
    snaps = []
    for epoch in sorted({int(c) for c in checkpoints}):
        if epoch > trainer.epoch:
            trainer.run(epoch - trainer.epoch, eval_every=epoch)
        grads = net.backward(net.forward(gate.X), Y, loss="bce")
        grad_norm = float(np.sqrt(sum(np.vdot(g, g) for g in grads.params())))
        snaps.append(XorSnapshot(epoch, tuple(W.copy() for W in net.weights), tuple(b.copy() for b in net.biases),
                                 net.loss(gate.X, Y, "bce"), net.accuracy(gate.X, gate.y), grad_norm))
    return XorRun(net.hidden_names[0], int(seed), float(learning_rate), gate.X, gate.y, tuple(snaps))


@dataclass(frozen=True, eq=False)
class XorView:
    """Everything the XOR figures draw for one network.

    trace : forward pass of the 4 points (``A[1]`` (4, 2) = their hidden-plane coordinates, ``A[2]`` (4, 1) outputs)
    xx, yy, output : (res, res) input grid and the network's output on it (decision region, 0.5 = boundary)
    grid_lines : (2·n_lines, line_points, 2) input-plane lines x1 = c and x2 = c
    warped_lines : the same lines mapped through the hidden layer, (2·n_lines, line_points, 2) hidden coordinates
    hidden_xx, hidden_yy, hidden_output : the output unit σ(v·h + c) on a grid of the hidden plane
    hidden_line : the output unit's boundary v·h + c = 0 in the hidden plane (None if v = 0)
    hidden_bounds : (2, 2) the hidden plane's extent
    coinciding : pairs (i, j), i < j, of the 4 points whose hidden coordinates ``trace.A[1]`` are closer than
        :data:`COINCIDE_SHARE` of the hidden plane's width: drawn there, one would hide the other
    """

    trace: Trace
    xx: Array
    yy: Array
    output: Array
    grid_lines: Array
    warped_lines: Array
    hidden_xx: Array
    hidden_yy: Array
    hidden_output: Array
    hidden_line: DecisionLine | None
    hidden_bounds: Array
    coinciding: tuple = ()


def xor_view(net: MLP, bounds: Any = (-0.5, 1.5), resolution: int = 61, n_lines: int = 9,
             line_points: int = 41) -> XorView:
    """Forward the 4 XOR points, a decision grid and a family of grid lines through a 2-2-1 ``net``.

    The hidden plane's extent is the activation's range when it is bounded (tanh: [−1, 1]², sigmoid: [0, 1]²,
    padded by 10 %), else the box around the warped lines.
    """
    gate = datasets.logic_gate("xor")
    trace = net.forward(gate.X)
    xx, yy, points = datasets.grid(bounds, resolution)
    output = net.predict(points)[:, 0].reshape(xx.shape)
    box = _bounds(bounds)
    c = np.linspace(box[0, 0], box[0, 1], n_lines)
    s = np.linspace(box[1, 0], box[1, 1], line_points)
    verticals = np.stack([np.column_stack([np.full_like(s, ci), s]) for ci in c])       # x1 = c
    cy = np.linspace(box[1, 0], box[1, 1], n_lines)
    sx = np.linspace(box[0, 0], box[0, 1], line_points)
    horizontals = np.stack([np.column_stack([sx, np.full_like(sx, ci)]) for ci in cy])  # x2 = c
    lines = np.concatenate([verticals, horizontals])  # (2·n_lines, line_points, 2)
    warped = net.forward(lines.reshape(-1, 2)).A[1].reshape(lines.shape)
    name = net.hidden_names[0]
    if name == "tanh":
        hb = np.array([[-1.1, 1.1], [-1.1, 1.1]])
    elif name == "sigmoid":
        hb = np.array([[-0.1, 1.1], [-0.1, 1.1]])
    else:
        lo, hi = warped.reshape(-1, 2).min(axis=0), warped.reshape(-1, 2).max(axis=0)
        pad = 0.1 * np.maximum(hi - lo, 1e-6)
        hb = np.column_stack([lo - pad, hi + pad])
    out_layer = MLP([2, 1], output="sigmoid", init="zeros")
    out_layer.set_params([net.weights[1]], [net.biases[1]])
    hxx, hyy, hpoints = datasets.grid(hb, resolution)
    hidden_output = out_layer.predict(hpoints)[:, 0].reshape(hxx.shape)
    line = decision_line(net.weights[1][:, 0], float(net.biases[1][0]), hb)
    H = trace.A[1]
    near = COINCIDE_SHARE * float(hb[0, 1] - hb[0, 0])
    pairs = tuple((i, j) for i in range(len(H)) for j in range(i + 1, len(H))
                  if float(np.hypot(*(H[i] - H[j]))) < near)
    return XorView(trace, xx, yy, output, lines, warped, hxx, hyy, hidden_output, line, hb, pairs)


@dataclass(frozen=True)
class XorOutcome:
    """How a run stands after ``epoch`` epochs.

    ``kind``: "solved" (all four points right), "training" (not solved, and more epochs can still be shown),
    "flat" (not solved after the last epoch, and ‖∇J‖ < :data:`FLAT_GRADIENT`: a flat region of the cost, a plateau
    or a local minimum) or "slow" (not solved after the last epoch, but the gradient is still large: still
    descending). ``loss`` and ``grad_norm`` are the snapshot's; ``mixed`` lists the coinciding pairs of hidden points
    whose XOR labels differ (no straight line in the hidden plane can separate those two).
    """

    kind: str
    loss: float
    grad_norm: float
    mixed: tuple


def xor_outcome(run: XorRun, epoch: int, view: XorView) -> XorOutcome:
    """Classify the snapshot at ``epoch`` of ``run`` (see :class:`XorOutcome`); ``view`` is its :func:`xor_view`."""
    snap = run.snapshot(epoch)
    mixed = tuple((i, j) for i, j in view.coinciding if run.y[i] != run.y[j])
    if snap.accuracy == 1.0:
        kind = "solved"
    elif epoch < max(s.epoch for s in run.snapshots):
        kind = "training"
    elif snap.grad_norm < FLAT_GRADIENT:
        kind = "flat"
    else:
        kind = "slow"
    return XorOutcome(kind, snap.loss, snap.grad_norm, mixed)


# ==============================================================================================================
# a single neuron: linear regression and logistic regression
TRUE_SLOPE, TRUE_INTERCEPT = 1.5, 0.5


#: single_neuron_data's largest noise: a standard deviation ten times the line's whole rise over x ∈ [−2, 2] (the
#: page's slider stops at 1.5); far beyond, the targets would overflow to inf
MAX_NOISE = 60.0


def single_neuron_data(task: str = "regression", n_samples: int = 40, noise: float = 0.5,
                       seed: int = 2) -> datasets.Dataset:
    """1-D data for one neuron: x ~ U(−2, 2) sorted; t = 1.5·x + 0.5 + N(0, noise²).

    task "regression": y = t (real targets); "classification": y = 1 when t > 0 else 0 (noise blurs the border).
    Returns a Dataset with X (m, 1) and y (m,); ``info`` holds the true slope and intercept.
    """
    if task not in ("regression", "classification"):
        raise ValueError(f"task must be 'regression' or 'classification', got {task!r}")
    noise = float(noise)
    if not np.isfinite(noise) or not 0 <= noise <= MAX_NOISE:
        raise ValueError(f"noise must be a number in [0, {MAX_NOISE:g}], got {noise!r}")
    rng = as_rng(seed)
    x = np.sort(rng.uniform(-2.0, 2.0, int(n_samples)))
    t = TRUE_SLOPE * x + TRUE_INTERCEPT + noise * rng.standard_normal(x.size)
    info = {"slope": TRUE_SLOPE, "intercept": TRUE_INTERCEPT, "noise": noise}
    if task == "regression":
        return datasets.Dataset(x[:, None], t, "regression", 0, "single_neuron", info)
    return datasets.Dataset(x[:, None], (t > 0).astype(np.int64), "classification", 2, "single_neuron", info)


@dataclass(frozen=True, eq=False)
class NeuronFit:
    """One neuron ŷ = g(w·x + b) fitted by gradient descent.

    activation "linear" (loss mse: linear regression) or "sigmoid" (loss bce: logistic regression);
    w, b the fitted parameters; ``cost`` J at the end; ``costs`` J every 10 epochs (and after the last); ``curve_x`` (k,) and
    ``curve_y`` (k,) the fitted neuron's output on a display grid; ``least_squares`` (w, b) of the closed-form
    linear regression (``numpy.linalg.lstsq``), for the linear neuron only; ``boundary`` the x where
    w·x + b = 0 (ŷ = 0.5), for the sigmoid neuron only (None if w = 0).
    """

    activation: str
    w: float
    b: float
    cost: float
    costs: Array
    curve_x: Array
    curve_y: Array
    least_squares: tuple | None
    boundary: float | None


def fit_single_neuron(X: Any, y: Any, activation: str = "linear", epochs: int = 300,
                      learning_rate: float | None = None, curve_x: Any = None) -> NeuronFit:
    """Fit MLP([1, 1], output=activation) from w = b = 0 with full-batch gradient descent.

    "linear" minimises the mean squared error (η = 0.1 by default), "sigmoid" the log loss (η = 1 by default).
    X (m, 1), y (m,); ``curve_x`` (k,) the x values to evaluate the fitted neuron on (default: 201 points across
    the data's range).
    """
    if activation not in ("linear", "sigmoid"):
        raise ValueError(f"activation must be 'linear' or 'sigmoid', got {activation!r}")
    X = as_array(X, "X", ndim=2)
    Y = as_array(y, "y").reshape(-1, 1)
    if X.shape[1] != 1 or Y.shape[0] != X.shape[0]:
        raise ValueError(f"X must be (m, 1) and y (m,), got {X.shape} and {np.shape(y)}")
    loss = "mse" if activation == "linear" else "bce"
    lr = learning_rate if learning_rate is not None else (0.1 if activation == "linear" else 1.0)
    net = MLP([1, 1], output=activation, init="zeros")
    trainer = Trainer(net, X, Y, loss=loss, optimizer="sgd", learning_rate=lr, classify=False)
    trainer.run(int(epochs), eval_every=10)
    w, b = float(net.weights[0][0, 0]), float(net.biases[0][0])
    xs = (np.linspace(X.min(), X.max(), 201) if curve_x is None else as_array(curve_x, "curve_x")).reshape(-1)
    curve_y = net.predict(xs[:, None])[:, 0]
    lsq = None
    boundary = None
    if activation == "linear":
        A = np.column_stack([X[:, 0], np.ones(X.shape[0])])
        coef = np.linalg.lstsq(A, Y[:, 0], rcond=None)[0]
        lsq = (float(coef[0]), float(coef[1]))
    elif w != 0.0:
        boundary = -b / w
    return NeuronFit(activation, w, b, net.loss(X, Y, loss), np.array(trainer.history.train_loss), xs, curve_y,
                     lsq, boundary)


def neuron_output(fit: NeuronFit, x: float) -> tuple[float, float]:
    """The fitted neuron at one input ``x``: (z, ŷ) with z = w·x + b and ŷ = g(z) (g linear or sigmoid, as fitted)."""
    net = MLP([1, 1], output=fit.activation, init="zeros")
    net.set_params([[[fit.w]]], [[fit.b]])
    trace = net.forward([[float(x)]])
    return float(trace.Z[1][0, 0]), float(trace.A[1][0, 0])
