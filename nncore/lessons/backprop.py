"""The scalar computational graph of a small network: every input, weight, product, sum, activation and loss
is one node with its forward value, its local derivatives and, after the backward pass, ∂J/∂node.

Built from an :class:`~nncore.mlp.MLP` with **one output unit** (the beans 1-2-1 network of seed 003, the
two-feature logistic regression and the 2-layer networks of seed 002) and a batch X (m, n_0), Y (m, 1):

- per-example nodes hold one value per example, shape (m,): inputs x_i, products w·a, sums z, activations a,
  the target y and the per-example loss ℓ;
- parameters (weights w^[l]_ij from input i to unit j of layer l, biases b^[l]_j) are shared, shape ();
- the cost J = (1/m) Σ ℓ is the root (for m = 1 the loss node itself is the root: J = ℓ).

Each node keeps ``local[k]`` = ∂node/∂parents[k] (micrograd's idea: the derivative sits next to the forward).
The backward pass visits nodes in reverse topological order with ∂J/∂J = 1 and, for every node,
∂J/∂parent += ∂J/∂node · ∂node/∂parent (summed over examples when the parent is a shared parameter).

Losses per example: squared error ℓ = (a − y)² with ∂ℓ/∂a = 2(a − y) (seed 003's e = (y − a)²), or log loss
ℓ = −[y log a + (1 − y) log(1 − a)] with ∂ℓ/∂a = (a − y) / (a(1 − a)) (a clipped to [eps, 1 − eps]).
These are the mean-loss costs ``"mse"`` and ``"bce"`` of :mod:`nncore.losses`, so every gradient here equals
:meth:`MLP.backward`.

The module also holds the page's other backprop computations: the six vectorized equations of seed 002 in both
conventions, one gradient-descent update, a recorded training run and the symmetry experiment.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..losses import EPS, get_loss
from ..mlp import MLP, Gradients

__all__ = ["Node", "Graph", "ChainPath", "build_graph", "SixEquations", "six_equations", "Update",
           "gradient_step", "TrainRecord", "train_snapshots", "SymmetryRecord", "symmetry_run"]

KINDS = ("input", "target", "weight", "bias", "product", "sum", "activation", "loss", "cost")
DATA_KINDS = ("input", "target")  # given, not differentiated on the page
PARAM_KINDS = ("weight", "bias")

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUP = str.maketrans("0123456789()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")


@dataclass(frozen=True)
class Node:
    """One node of the graph.

    ``value`` has shape (m,) for per-example nodes and () for parameters and the cost; ``local[k]`` is
    ∂value/∂parents[k] (broadcastable to ``value``). ``layer`` is 0 for inputs, l for the nodes of layer l and
    L + 1 for the loss and cost; ``unit`` is j and ``source`` is i (input index of a weight or product; −1 if none).
    ``label`` is plain text (w⁽¹⁾₁₁), ``tex`` the same name in LaTeX (w^{[1]}_{11}).
    """

    name: str
    kind: str
    op: str
    parents: tuple
    value: np.ndarray
    local: tuple
    layer: int
    unit: int
    source: int
    label: str
    tex: str

    @property
    def per_example(self) -> bool:
        return self.value.ndim == 1


@dataclass(frozen=True)
class ChainPath:
    """The path from the root down to one node and the chain rule along it.

    ``nodes`` root first; ``factors[k]`` = ∂nodes[k]/∂nodes[k+1] per example (m,); ``products`` their product
    per example (m,); ``total`` = Σ products = ∂J/∂node (a shared parameter sums over the m examples).
    """

    nodes: tuple
    factors: tuple
    products: np.ndarray
    total: float


@dataclass
class Graph:
    """Nodes in forward (topological) order, ∂J/∂node for every node, and the order the page steps through.

    ``forward_stages``: tuples of node names computed together (products, sums, activations of each layer, then the
    loss, then the cost). ``backward_order``: every non-data node from the root down, each after all its children
    (so its gradient is complete when it is visited).
    """

    nodes: dict
    root: str
    m: int
    loss: str
    children: dict
    grads: dict
    forward_stages: list
    backward_order: list

    def __getitem__(self, name: str) -> Node:
        return self.nodes[name]

    @property
    def n_steps(self) -> int:
        """Forward stages + backward nodes: the number of steps of the page's step controls."""
        return len(self.forward_stages) + len(self.backward_order)

    @property
    def cost(self) -> float:
        return float(np.sum(self.nodes[self.root].value)) if self.m == 1 else float(self.nodes[self.root].value)

    def value(self, name: str, example: int = 0) -> float:
        """The forward value of a node (for per-example nodes: of row ``example``)."""
        v = self.nodes[name].value
        return float(v[example]) if v.ndim else float(v)

    def grad(self, name: str, example: int = 0) -> float:
        """∂J/∂node (for per-example nodes: of row ``example``, which includes J's 1/m)."""
        g = self.grads[name]
        return float(g[example]) if g.ndim else float(g)

    def local(self, child: str, parent: str, example: int = 0) -> float:
        """∂child/∂parent (of row ``example``)."""
        node = self.nodes[child]
        d = node.local[node.parents.index(parent)]
        d = np.broadcast_to(d, np.broadcast_shapes(node.value.shape, d.shape, self.nodes[parent].value.shape))
        return float(d[example]) if d.ndim else float(d)

    def params(self) -> list:
        """Parameter node names in the order of ``MLP.params()`` flattened: W1 row-major, b1, W2, b2, …"""
        names = [n for n, node in self.nodes.items() if node.kind in PARAM_KINDS]
        return sorted(names, key=lambda n: (self.nodes[n].layer, self.nodes[n].kind == "bias",
                                            self.nodes[n].source, self.nodes[n].unit))

    def chain(self, name: str) -> ChainPath:
        """The chain rule from the root to ``name`` along its single path (raises if there are several)."""
        path = [name]
        while path[-1] != self.root:
            kids = self.children[path[-1]]
            if len(kids) != 1:
                raise ValueError(f"{name} reaches the loss along {len(kids)} paths from {path[-1]}; "
                                 "its gradient is the sum over them")
            path.append(kids[0])
        path.reverse()
        shape = (self.m,)
        factors = tuple(np.broadcast_to(self.nodes[c].local[self.nodes[c].parents.index(p)], shape).astype(float)
                        for c, p in zip(path[:-1], path[1:]))
        products = np.prod(np.stack(factors), axis=0) if factors else np.ones(shape)
        return ChainPath(tuple(path), factors, products, float(np.sum(products)))


def _labels(kind: str, n_layers: int, layer: int, i: int = 0, j: int = 0, n_units: int = 1) -> tuple[str, str]:
    """Plain-text and LaTeX names: w⁽ˡ⁾ᵢⱼ for networks with hidden layers, w₁, w₂, b, z, a for one layer."""
    one = n_layers == 1
    sup = "" if one else f"({layer})".translate(_SUP)
    tsup = "" if one else f"^{{[{layer}]}}"
    unit = "" if n_units == 1 else str(j + 1)
    if kind == "weight":
        idx = str(i + 1) if one else f"{i + 1}{j + 1}"
        return f"w{sup}{idx.translate(_SUB)}", f"w{tsup}_{{{idx}}}"
    if kind == "bias":
        return f"b{sup}{unit.translate(_SUB)}", f"b{tsup}" + (f"_{{{unit}}}" if unit else "")
    if kind in ("sum", "activation"):
        s = "z" if kind == "sum" else "a"
        return f"{s}{sup}{unit.translate(_SUB)}", f"{s}{tsup}" + (f"_{{{unit}}}" if unit else "")
    raise ValueError(kind)


def build_graph(net: MLP, X, Y, loss: str = "bce") -> Graph:
    """The computational graph of ``net`` (one output unit) on the batch (X, Y) for the cost ``loss``
    ("mse": squared error, or "bce": log loss), with the forward values and the complete backward pass.

    X is (m, n_0), Y is (m, 1) or (m,). Node values equal ``net.forward(X)`` (Z[l][:, j], A[l][:, j]);
    the gradient of parameter w^[l]_ij equals ``net.backward(...).dW[l − 1][i, j]``.
    """
    loss = get_loss(loss).name
    if loss not in ("mse", "bce"):
        raise ValueError(f"the graph supports the losses 'mse' and 'bce', got {loss!r}")
    if net.layer_sizes[-1] != 1 or net.output == "softmax":
        raise ValueError("the graph is built for networks with one (non-softmax) output unit")
    X = net._check_X(X)
    m = X.shape[0]
    Y = net._check_Y(Y, m)[:, 0]
    L = net.n_layers
    nodes: dict = {}

    def add(name, kind, op, parents, value, local, layer, unit=0, source=-1, label="", tex=""):
        nodes[name] = Node(name, kind, op, tuple(parents), np.asarray(value, dtype=np.float64),
                           tuple(np.asarray(d, dtype=np.float64) for d in local), layer, unit, source, label, tex)

    prev = []
    for i in range(net.layer_sizes[0]):
        add(f"x{i + 1}", "input", "input", (), X[:, i], (), 0, 0, i, f"x{str(i + 1).translate(_SUB)}",
            f"x_{{{i + 1}}}")
        prev.append(f"x{i + 1}")
    stages = []
    for l in range(1, L + 1):
        W, b, act = net.weights[l - 1], net.biases[l - 1], net.activations[l - 1]
        n_out = W.shape[1]
        products, sums, acts = [], [], []
        for j in range(n_out):
            terms = []
            for i, a_name in enumerate(prev):
                w_label, w_tex = _labels("weight", L, l, i, j)
                w_name = f"w{l}_{i + 1}_{j + 1}"
                add(w_name, "weight", "param", (), W[i, j], (), l, j, i, w_label, w_tex)
                a = nodes[a_name].value
                p_name = f"p{l}_{i + 1}_{j + 1}"
                add(p_name, "product", "mul", (w_name, a_name), W[i, j] * a, (a, np.full_like(a, W[i, j])),
                    l, j, i, f"{w_label}·{nodes[a_name].label}", f"{w_tex}{nodes[a_name].tex}")
                terms.append(p_name)
            b_label, b_tex = _labels("bias", L, l, j=j, n_units=n_out)
            add(f"b{l}_{j + 1}", "bias", "param", (), b[j], (), l, j, -1, b_label, b_tex)
            # z = Σ_i w_ij a_i + b_j, summed in the order of the matmul (products first, then the bias)
            z = np.sum(np.stack([nodes[t].value for t in terms]), axis=0) + b[j]
            z_label, z_tex = _labels("sum", L, l, j=j, n_units=n_out)
            add(f"z{l}_{j + 1}", "sum", "add", (*terms, f"b{l}_{j + 1}"), z,
                (np.ones(m),) * len(terms) + (np.ones(m),), l, j, -1, z_label, z_tex)
            a_label, a_tex = _labels("activation", L, l, j=j, n_units=n_out)
            add(f"a{l}_{j + 1}", "activation", act.name, (f"z{l}_{j + 1}",), act.f(z), (act.df(z),), l, j, -1,
                a_label, a_tex)
            products += terms
            sums.append(f"z{l}_{j + 1}")
            acts.append(f"a{l}_{j + 1}")
        stages += [tuple(products), tuple(sums), tuple(acts)]
        prev = acts
    out = nodes[prev[0]].value
    add("y", "target", "input", (), Y, (), L + 1, 0, -1, "y", "y")
    if loss == "mse":
        value, d_out, d_y = (out - Y) ** 2, 2.0 * (out - Y), -2.0 * (out - Y)
        label, tex = ("L", "L") if m == 1 else ("ℓ", r"\ell")
    else:
        p = np.clip(out, EPS, 1.0 - EPS)
        value = -(Y * np.log(p) + (1.0 - Y) * np.log1p(-p))
        d_out, d_y = (p - Y) / (p * (1.0 - p)), np.log1p(-p) - np.log(p)
        label, tex = ("L", "L") if m == 1 else ("ℓ", r"\ell")
    add("loss", "loss", "square_error" if loss == "mse" else "log_loss", (prev[0], "y"), value, (d_out, d_y),
        L + 1, 0, -1, label, tex)
    stages.append(("loss",))
    root = "loss"
    if m > 1:
        add("J", "cost", "mean", ("loss",), np.mean(value), (np.full(m, 1.0 / m),), L + 2, 0, -1, "J", "J")
        stages.append(("J",))
        root = "J"

    children: dict = {n: [] for n in nodes}
    for name, node in nodes.items():
        for p in node.parents:
            children[p].append(name)
    children = {n: tuple(c) for n, c in children.items()}

    # backward: reverse topological order (nodes were added parents first)
    grads = {root: np.ones_like(nodes[root].value)}
    for name in reversed(list(nodes)):
        node = nodes[name]
        g = grads.setdefault(name, np.zeros_like(node.value))
        for parent, d in zip(node.parents, node.local):
            contrib = g * d
            if nodes[parent].value.ndim == 0:
                contrib = np.sum(contrib)  # a shared parameter collects the contributions of all examples
            grads[parent] = grads.get(parent, np.zeros_like(nodes[parent].value)) + contrib

    group = {"activation": 0, "sum": 1, "product": 2, "weight": 2, "bias": 3}

    def back_key(name: str):
        n = nodes[name]
        if n.kind in ("cost", "loss"):
            return (-(L + 2) if n.kind == "cost" else -(L + 1), 0, 0, 0, 0)
        return (-n.layer, n.unit, group[n.kind], n.source, int(n.kind == "weight"))

    order = sorted((n for n in nodes if nodes[n].kind not in DATA_KINDS), key=back_key)
    return Graph(nodes, root, m, loss, children, grads, stages, order)


# ----------------------------------------------------------------------------------------- six equations
@dataclass(frozen=True)
class SixEquations:
    """The six backprop equations of seed 002 for a 2-layer network (sigmoid output, log loss) in both conventions.

    ``course`` (columns = examples, W[l]: (n[l], n[l−1])): dZ2 = A2 − Y (n2, m); dW2 = dZ2 A1ᵀ / m (n2, n1);
    db2 = Σ_cols dZ2 / m (n2, 1); dZ1 = W2ᵀ dZ2 ⊙ g′(Z1) (n1, m); dW1 = dZ1 Xᵀ / m (n1, n0); db1 (n1, 1).
    ``engine`` (rows = examples, W[l]: (n[l−1], n[l]), as :meth:`MLP.backward`): dZ2 = (A2 − Y) / m (m, n2);
    dW2 = A1ᵀ dZ2 (n1, n2); db2 = Σ_rows dZ2 (n2,); dZ1 = dZ2 W2ᵀ ⊙ g′(Z1) (m, n1); dW1 = Xᵀ dZ1; db1.
    Each is a dict with keys dZ2, dW2, db2, dZ1, dW1, db1; ``inputs`` holds the arrays they use (course shapes:
    X, A1, A2, Y, W2, Z1, gprime1). The engine's dZ is the course's dZ / m, transposed.
    """

    course: dict
    engine: dict
    inputs: dict
    m: int


def six_equations(net: MLP, X, Y) -> SixEquations:
    """Compute the six equations with the course's formulas (from :meth:`MLP.course_view`) and take the engine's
    from :meth:`MLP.backward` (loss "bce")."""
    if net.n_layers != 2 or net.output != "sigmoid":
        raise ValueError("the six equations are for a 2-layer network with a sigmoid output")
    X = net._check_X(X)
    m = X.shape[0]
    Yr = net._check_Y(Y, m)
    trace = net.forward(X)
    cv = net.course_view(trace)
    Yc = Yr.T
    gprime1 = net.activations[0].df(cv.Z[1])
    dZ2 = cv.A[2] - Yc
    dW2 = dZ2 @ cv.A[1].T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (cv.W[2].T @ dZ2) * gprime1
    dW1 = dZ1 @ cv.A[0].T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    g = net.backward(trace, Yr, "bce")
    engine = {"dZ2": g.dZ[2], "dW2": g.dW[1], "db2": g.db[1], "dZ1": g.dZ[1], "dW1": g.dW[0], "db1": g.db[0]}
    course = {"dZ2": dZ2, "dW2": dW2, "db2": db2, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    inputs = {"X": cv.A[0], "A1": cv.A[1], "A2": cv.A[2], "Y": Yc, "W2": cv.W[2], "Z1": cv.Z[1], "gprime1": gprime1}
    return SixEquations(course, engine, inputs, m)


# ----------------------------------------------------------------------------------------- one update
@dataclass(frozen=True)
class Update:
    """One gradient-descent step θ ← θ − η ∂J/∂θ on every parameter entry (order of ``MLP.params()`` flattened).

    ``old``, ``grad``, ``change`` (= −η·grad), ``new`` are (n_params,) arrays; ``cost_before`` / ``cost_after`` the
    cost on the same batch; ``finite`` is False when the step produced an infinite or NaN cost.
    """

    names: list
    old: np.ndarray
    grad: np.ndarray
    change: np.ndarray
    new: np.ndarray
    cost_before: float
    cost_after: float
    learning_rate: float
    net: MLP

    @property
    def finite(self) -> bool:
        return bool(np.isfinite(self.cost_after) and np.all(np.isfinite(self.new)))

    @property
    def improved(self) -> bool:
        """True when the step lowered the cost (a too large rate overshoots and raises it)."""
        return bool(self.finite and self.cost_after < self.cost_before)

    @property
    def cost_change(self) -> float:
        return float(self.cost_after - self.cost_before)


def gradient_step(net: MLP, X, Y, loss: str, learning_rate: float, grads: Gradients | None = None) -> Update:
    """Apply one gradient-descent step to a copy of ``net`` (``net`` is not changed); the copy is ``Update.net``."""
    X = net._check_X(X)
    Y = net._check_Y(Y, X.shape[0])
    rate = float(learning_rate)
    trace = net.forward(X)
    grads = net.backward(trace, Y, loss) if grads is None else grads
    new_net = net.copy()
    with np.errstate(all="ignore"):
        for p, g in zip(new_net.params(), grads.params()):
            p -= rate * g
        after = _finite_cost(new_net, X, Y, loss)
    old = np.concatenate([p.ravel() for p in net.params()])
    new = np.concatenate([p.ravel() for p in new_net.params()])
    grad = np.concatenate([np.asarray(g).ravel() for g in grads.params()])
    names = [f"{n}[{','.join(map(str, idx))}]" for n, p in zip(net.param_names(), net.params())
             for idx in np.ndindex(p.shape)]
    return Update(names, old, grad, new - old, new, net.cost(trace, Y, loss), float(after), rate, new_net)


def _finite_cost(net: MLP, X: np.ndarray, Y: np.ndarray, loss: str) -> float:
    """The cost, or NaN once a parameter or the output is no longer finite (a diverged step)."""
    if not all(np.all(np.isfinite(p)) for p in net.params()):
        return float("nan")
    trace = net._forward(X)
    if not np.all(np.isfinite(trace.A[-1])):
        return float("nan")
    return net.cost(trace, Y, loss)


# ----------------------------------------------------------------------------------------- training record
@dataclass(frozen=True)
class TrainRecord:
    """A full-batch gradient-descent run recorded every ``every`` epochs (index 0 = the start).

    ``epochs`` (k,), ``costs`` (k,) on the training data, ``fits`` (k, g) the network's output on the display
    ``grid`` (g, 1); ``diverged_at`` is the epoch where the cost stopped being finite (None if it never did; the
    record then ends at the last finite snapshot).
    """

    epochs: np.ndarray
    costs: np.ndarray
    fits: np.ndarray
    grid: np.ndarray
    learning_rate: float
    diverged_at: int | None


def train_snapshots(net: MLP, X, Y, loss: str = "mse", learning_rate: float = 3.0, epochs: int = 5000,
                    every: int = 100, grid=None) -> TrainRecord:
    """Train a copy of ``net`` by full-batch gradient descent (θ ← θ − η ∂J/∂θ) for ``epochs`` epochs and record
    the cost and the fitted curve every ``every`` epochs.

    Seed 003 updates after every bean with rate 0.03; one full-batch step with η on the mean loss moves the weights
    like the sum of those 100 small steps when they change little within an epoch, so η = 0.03 × 100 = 3.
    """
    X = net._check_X(X)
    Y = net._check_Y(Y, X.shape[0])
    grid = X if grid is None else net._check_X(grid)
    epochs, every, rate = int(epochs), max(1, int(every)), float(learning_rate)
    if epochs < 0:
        raise ValueError(f"epochs must be ≥ 0, got {epochs}")
    loss = get_loss(loss).name
    work = net.copy()
    params = work.params()
    rec_epochs, costs, fits = [0], [work.cost(work._forward(X), Y, loss)], [work._forward(grid).A[-1][:, 0]]
    diverged = None
    with np.errstate(all="ignore"):
        for epoch in range(1, epochs + 1):
            trace = work._forward(X)
            grads = work._backward(trace, Y, loss, input_grad=False)
            for p, g in zip(params, grads.params()):
                p -= rate * g
            if epoch % every == 0 or epoch == epochs:
                cost = _finite_cost(work, X, Y, loss)
                if not np.isfinite(cost):
                    diverged = epoch
                    break
                rec_epochs.append(epoch)
                costs.append(cost)
                fits.append(work._forward(grid).A[-1][:, 0])
    return TrainRecord(np.array(rec_epochs), np.array(costs), np.array(fits), grid[:, 0].copy(), rate, diverged)


# ----------------------------------------------------------------------------------------- symmetry
@dataclass(frozen=True)
class SymmetryRecord:
    """Hidden-layer parameters and gradients of a 2-layer network at every step of full-batch gradient descent.

    ``W1`` (s + 1, n0, n1) and ``W2`` (s + 1, n1) the weights before each step and after the last; ``dW1``
    (s, n0, n1) and ``dW2`` (s, n1) the gradients each step used; ``costs`` (s + 1,). ``weight_spread`` (s + 1,)
    and ``grad_spread`` (s,) are the largest difference between any hidden unit's parameters (column j of W1, b1[j],
    W2[j]) and unit 1's: exactly 0 when the units are identical.
    """

    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    dW1: np.ndarray
    db1: np.ndarray
    dW2: np.ndarray
    costs: np.ndarray
    weight_spread: np.ndarray
    grad_spread: np.ndarray

    @property
    def max_spread(self) -> float:
        """The largest difference between two hidden units' weights or gradients over the whole run."""
        return float(max(np.max(self.weight_spread), np.max(self.grad_spread, initial=0.0)))


def _spread(W1: np.ndarray, b1: np.ndarray, W2: np.ndarray) -> float:
    """max over units j of |θ_j − θ_1| for the hidden unit parameters (W1[:, j], b1[j], W2[j])."""
    cols = np.vstack([W1, b1[None, :], W2[None, :]])
    return float(np.max(np.abs(cols - cols[:, :1])))


def symmetry_run(net: MLP, X, Y, loss: str = "mse", learning_rate: float = 3.0, steps: int = 200) -> SymmetryRecord:
    """Train a copy of the 2-layer ``net`` (one output) for ``steps`` full-batch steps and record every hidden unit's
    weights and gradients: with zero or equal initial weights every unit gets the same gradient at every step, so
    the units stay identical (seed 002: random initialisation breaks the symmetry)."""
    if net.n_layers != 2 or net.layer_sizes[-1] != 1:
        raise ValueError("the symmetry run needs a 2-layer network with one output unit")
    X = net._check_X(X)
    Y = net._check_Y(Y, X.shape[0])
    loss, rate, steps = get_loss(loss).name, float(learning_rate), int(steps)
    work = net.copy()
    W1, b1, W2, dW1, db1, dW2, costs, ws, gs = [], [], [], [], [], [], [], [], []

    def snap():
        W1.append(work.weights[0].copy())
        b1.append(work.biases[0].copy())
        W2.append(work.weights[1][:, 0].copy())
        costs.append(work.cost(work._forward(X), Y, loss))
        ws.append(_spread(W1[-1], b1[-1], W2[-1]))

    snap()
    with np.errstate(all="ignore"):
        for _ in range(steps):
            g = work._backward(work._forward(X), Y, loss, input_grad=False)
            dW1.append(g.dW[0].copy())
            db1.append(g.db[0].copy())
            dW2.append(g.dW[1][:, 0].copy())
            gs.append(_spread(dW1[-1], db1[-1], dW2[-1]))
            for p, d in zip(work.params(), g.params()):
                p -= rate * d
            snap()
    n0, n1 = net.layer_sizes[0], net.layer_sizes[1]
    return SymmetryRecord(np.array(W1), np.array(b1), np.array(W2),
                          np.array(dW1).reshape(-1, n0, n1), np.array(db1).reshape(-1, n1),
                          np.array(dW2).reshape(-1, n1), np.array(costs), np.array(ws), np.array(gs))
