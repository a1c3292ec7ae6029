"""The scalar computational graph of a small network: every input, weight, product, sum, activation and loss
is one node with its forward value, its local derivatives and, after the backward pass, ∂J/∂node.

Built from an :class:`~nncore.mlp.MLP` with **one output unit** (the beans 1-2-1 network of Article 4, the
two-feature logistic regression and the 2-layer networks of Article 3) and a batch X (m, n_0), Y (m, 1):

- per-example nodes hold one value per example, shape (m,): inputs x_i, products w·a, sums z, activations a,
  the target y and the per-example loss ℓ;
- parameters (weights w^[l]_ij from input i to unit j of layer l, biases b^[l]_j) are shared, shape ();
- the cost J = (1/m) Σ ℓ is the root (for m = 1 the loss node itself is the root: J = ℓ).

Each node keeps ``local[k]`` = ∂node/∂parents[k] (micrograd's idea: the derivative sits next to the forward).
The backward pass visits nodes in reverse topological order with ∂J/∂J = 1 and, for every node,
∂J/∂parent += ∂J/∂node · ∂node/∂parent (summed over examples when the parent is a shared parameter). So every
node ends with the general rule ∂J/∂v = Σ over the children c of v of ∂J/∂c · ∂c/∂v: one term for most nodes of
these networks, n⁽¹⁾ terms for an input x_i (it feeds one product per hidden unit).

Losses per example: squared error ℓ = (a − y)² with ∂ℓ/∂a = 2(a − y) (Article 4's e = (y − a)²), or log loss
ℓ = −[y log a + (1 − y) log(1 − a)] with ∂ℓ/∂a = (a − y) / (a(1 − a)) (a clipped to [eps, 1 − eps]).
These are the mean-loss costs ``"mse"`` and ``"bce"`` of :mod:`nncore.losses`, so every gradient here equals
:meth:`MLP.backward`.

The module also holds the page's other computations: its three networks (:func:`beans_problem`,
:func:`logreg_problem`, :func:`mlp_problem`), the gradient check of a (possibly broken) backward pass, the six
vectorized equations of Article 3 in both conventions, one gradient-descent update, the beans network trained for
several learning rates at once (:func:`beans_training`), Gaussian initialisation and the 3σ rule
(:func:`gaussian_init`) and the symmetry experiment.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import datasets
from ..gradcheck import GradCheck, gradient_check
from ..init import init_layer
from ..losses import EPS, get_loss
from ..mlp import MLP, Gradients

__all__ = ["Node", "Graph", "ChainPath", "build_graph", "Problem", "beans_problem", "logreg_problem", "mlp_problem",
           "check_gradients", "largest_relative_error", "SixEquations", "six_equations", "Update", "gradient_step", "TrainRecord",
           "BeansTraining", "beans_training", "snapshot_epochs", "GaussianInit", "gaussian_init",
           "normal_share", "init_sigma", "SymmetryRecord", "symmetry_run", "beans_symmetry", "n_gradients"]

KINDS = ("input", "target", "weight", "bias", "product", "sum", "activation", "loss", "cost")
DATA_KINDS = ("input", "target")  # given: their values are data, not computed
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
    per example (m,); ``total`` = Σ products, the path's share of ∂J/∂node for a shared parameter (it sums over the
    m examples). For a per-example node (an input) ``products[i]`` is the path's share of example i's gradient.
    """

    nodes: tuple
    factors: tuple
    products: np.ndarray
    total: float


@dataclass
class Graph:
    """Nodes in forward (topological) order, ∂J/∂node for every node, and the order the page steps through.

    ``forward_stages``: tuples of node names computed together (products, sums, activations of each layer, then the
    loss, then the cost). ``backward_order``: every node but the target from the root down, each after all its
    children (so its gradient is complete when it is visited); the inputs come last: training does not need ∂J/∂x,
    but an input with several children shows the sum over children.
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

    @property
    def layer_sizes(self) -> list:
        """Units per layer, read off the nodes: [n⁽⁰⁾ inputs, n⁽¹⁾, …, 1]."""
        sizes = [sum(1 for nd in self.nodes.values() if nd.kind == "input")]
        layer = 1
        while units := sum(1 for nd in self.nodes.values() if nd.kind == "activation" and nd.layer == layer):
            sizes.append(units)
            layer += 1
        return sizes

    def chain(self, name: str) -> ChainPath:
        """The chain rule from the root to ``name`` along its single path (raises if there are several: use
        :meth:`paths`)."""
        found = self.paths(name)
        if len(found) != 1:
            raise ValueError(f"{name} reaches the loss along {len(found)} paths; its gradient is the sum over them")
        return found[0]

    def paths(self, name: str) -> tuple:
        """Every path from the root down to ``name``, each with the chain rule along it. The gradient is the sum of
        their totals: ∂J/∂v = Σ over children c of ∂J/∂c · ∂c/∂v, unrolled down to v (an input x_i of a network with
        n⁽¹⁾ hidden units has n⁽¹⁾ paths, every parameter here has one)."""
        found = []
        stack = [(name,)]
        while stack:
            path = stack.pop()
            if path[-1] == self.root:
                found.append(tuple(reversed(path)))
            else:
                stack += [path + (c,) for c in reversed(self.children[path[-1]])]
        return tuple(self._path(p) for p in found)

    def _path(self, path: tuple) -> ChainPath:
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

    group = {"activation": 0, "sum": 1, "product": 2, "weight": 2, "bias": 3, "input": 4}

    def back_key(name: str):
        n = nodes[name]
        if n.kind in ("cost", "loss"):
            return (-(L + 2) if n.kind == "cost" else -(L + 1), 0, 0, 0, 0)
        if n.kind == "input":  # after every node of layer 1 (their gradients are complete by then)
            return (0, 0, group["input"], n.source, 0)
        return (-n.layer, n.unit, group[n.kind], n.source, int(n.kind == "weight"))

    order = sorted((n for n in nodes if nodes[n].kind != "target"), key=back_key)
    return Graph(nodes, root, m, loss, children, grads, stages, order)


# ----------------------------------------------------------------------------------------- the page's networks
@dataclass(frozen=True)
class Problem:
    """A network with its batch and its cost: what the graph, chain-rule, equations, check and update sections take
    apart. ``key`` is "beans", "logreg" or "mlp"; X is (m, n⁽⁰⁾), Y is (m, 1); ``loss`` "mse" or "bce"."""

    key: str
    net: MLP
    X: np.ndarray
    Y: np.ndarray
    loss: str


def beans_problem(x: float, y: float, w11: float, b1: float, w12: float, b2: float, v1: float, v2: float,
                  c: float) -> Problem:
    """Article 4's beans network 1-2-1 (sigmoid hidden and output units) on one bean of size ``x`` with label ``y``,
    cost the squared error (a − y)². Parameters by the article's names: w11_1 = ``w11``, b1_1 = ``b1`` (hidden unit
    1), w12_1 = ``w12``, b2_1 = ``b2`` (hidden unit 2), w11_2 = ``v1``, w21_2 = ``v2``, b1_2 = ``c`` (the output)."""
    net = MLP([1, 2, 1], hidden="sigmoid", output="sigmoid", init="zeros")
    net.set_params([[[w11, w12]], [[v1], [v2]]], [[b1, b2], [c]])
    return Problem("beans", net, np.array([[float(x)]]), np.array([[float(y)]]), "mse")


def logreg_problem(x1: float, x2: float, w1: float, w2: float, b: float, y: float) -> Problem:
    """Article 3's logistic regression with two features: z = w₁x₁ + w₂x₂ + b, a = σ(z), log loss of one example
    (x = (1, 2), w = (0.5, 0.25), b = 0 give z = 1, a = σ(1) = 0.7311 and, for y = 1, dz = a − y = −0.2689)."""
    net = MLP([2, 1], output="sigmoid", init="zeros")
    net.set_params([[[w1], [w2]]], [[b]])
    return Problem("logreg", net, np.array([[float(x1), float(x2)]]), np.array([[float(y)]]), "bce")


def mlp_problem(n0: int, n1: int, hidden: str, m: int, seed: int) -> Problem:
    """A 2-layer network n⁽⁰⁾-n⁽¹⁾-1 (``hidden`` units, sigmoid output, Xavier weights from ``seed``) on a batch of
    ``m`` random examples (inputs N(0, 1), labels 0/1, from seed + 500), cost the mean log loss."""
    X, Y = datasets.random_inputs(m, n0, seed=seed + 500)
    net = MLP([n0, n1, 1], hidden=hidden, output="sigmoid", init="xavier", seed=seed)
    return Problem("mlp", net, X, Y, "bce")


def n_gradients(layer_sizes) -> int:
    """How many gradients backprop computes for a network of ``layer_sizes``: one per weight and bias,
    Σ_l n⁽ˡ⁻¹⁾·n⁽ˡ⁾ + n⁽ˡ⁾ (2-2-1: 2·2 + 2 + 2·1 + 1 = 9)."""
    return MLP(list(layer_sizes), init="zeros").n_params()


def largest_relative_error(check: GradCheck) -> float:
    """The largest relative error |a − n| / max(|a| + |n|, 1e-8) over the parameter entries whose backprop gradient a
    is not exactly 0: what "backprop agrees with the central difference to …" quotes. (A dead ReLU unit passes
    exactly 0, and its central difference is a rounding residue of ~1e-13, which has no relative error to speak of;
    :attr:`GradCheck.max_rel_error` leaves out every entry whose absolute error is below 1e-9, which for these small
    networks is all of them.)"""
    rel = check.rel_error[check.analytic != 0]
    return float(np.max(rel)) if rel.size else 0.0


def check_gradients(problem: Problem, broken: bool = False) -> GradCheck:
    """Backprop's gradient of every parameter against central differences of the cost (nncore's gradient check).
    With ``broken`` the backward pass forgets the hidden activation's derivative (dZ = dA instead of dA ⊙ g′(Z)): a
    classic bug, which the check then catches in the first layer."""
    net, X, Y = problem.net, problem.X, problem.Y
    grads = net.backward(net.forward(X), Y, problem.loss, ignore_activation_derivative=broken)
    return gradient_check(net, X, Y, problem.loss, grads=grads)


# ----------------------------------------------------------------------------------------- six equations
@dataclass(frozen=True)
class SixEquations:
    """The six backprop equations of Article 3 for a 2-layer network (sigmoid output, log loss) in both conventions.

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
    trace = net.forward(X)
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


def snapshot_epochs(epoch_options) -> np.ndarray:
    """Every epoch a training chart may show, for each length in ``epoch_options``: a run of E epochs is drawn every
    ``snapshot_every(E)`` epochs, so one run of max(E) epochs recorded at the union of these serves every length."""
    out = {0}
    for epochs in epoch_options:
        every = snapshot_every(epochs)
        out.update(range(0, int(epochs) + 1, every))
        out.add(int(epochs))
    return np.array(sorted(out))


def snapshot_every(epochs: int) -> int:
    """How often a run of ``epochs`` epochs is drawn: every 100 epochs (Article 4's plot refresh) from 1000 epochs
    on, else 50 snapshots (every 2 epochs of 100, every 10 of 500)."""
    return 100 if epochs >= 1000 else max(int(epochs) // 50, 1)


@dataclass(frozen=True)
class BeansTraining:
    """The beans network 1-2-1 trained by full-batch gradient descent once per learning rate, from the same start.

    ``rates`` (R,); ``epochs`` (S,) the recorded epochs (0 = the start); ``costs`` (R, S) the mean squared error on
    the beans; ``fits`` (R, S, g) the network's output on ``grid`` (g,); ``diverged_at`` (R,) the first recorded epoch
    whose cost was not finite (−1 if none; the records from there on are NaN). ``X`` (m,), ``y`` (m,) the beans.
    """

    rates: np.ndarray
    epochs: np.ndarray
    costs: np.ndarray
    fits: np.ndarray
    grid: np.ndarray
    diverged_at: np.ndarray
    X: np.ndarray
    y: np.ndarray

    def record(self, rate: float, epochs: int) -> TrainRecord:
        """The run with learning rate ``rate`` cut at ``epochs``, drawn every ``snapshot_every(epochs)`` epochs (the
        snapshots must have been recorded, see :func:`snapshot_epochs`)."""
        r = int(np.flatnonzero(self.rates == float(rate))[0])
        every = snapshot_every(epochs)
        want = np.union1d(np.arange(0, int(epochs) + 1, every), [int(epochs)])
        idx = np.searchsorted(self.epochs, want)
        if np.any(idx >= self.epochs.size) or np.any(self.epochs[np.minimum(idx, self.epochs.size - 1)] != want):
            raise ValueError(f"epochs {epochs} were not recorded")
        diverged = int(self.diverged_at[r])
        if 0 <= diverged <= epochs:
            keep = self.epochs[idx] < diverged
            idx = idx[keep]
        return TrainRecord(self.epochs[idx].copy(), self.costs[r, idx].copy(), self.fits[r, idx].copy(),
                           self.grid.copy(), float(rate), diverged if 0 <= diverged <= epochs else None)


def beans_training(seed: int, rates, epochs: int = 5000, record=None, grid=None, n_beans: int = 100) -> BeansTraining:
    """Train Article 4's beans network 1-2-1 (sigmoid units, squared error, initial weights and biases U[0, 1) as in
    the article, drawn from ``np.random.default_rng(seed)``; ``n_beans`` beans from the same seed) by full-batch gradient
    descent for ``epochs`` epochs, **once for every learning rate in** ``rates``, and record the cost and the fitted
    curve at the epochs ``record`` (default every 100).

    The R runs share one loop: the parameters carry a leading axis of length R, so one epoch is one set of NumPy
    operations for all rates (the same maths as :meth:`MLP.backward` for this network, per rate):

        Z⁽¹⁾ = x w⁽¹⁾ + b⁽¹⁾ (m, 2), A⁽¹⁾ = σ(Z⁽¹⁾), a = σ(A⁽¹⁾ w⁽²⁾ + b⁽²⁾) (m,)
        dz = 2(a − y)/m · a(1 − a);  dw⁽²⁾ = A⁽¹⁾ᵀ dz, db⁽²⁾ = Σ dz
        dZ⁽¹⁾ = dz w⁽²⁾ᵀ ⊙ A⁽¹⁾(1 − A⁽¹⁾);  dw⁽¹⁾ = xᵀ dZ⁽¹⁾, db⁽¹⁾ = Σ dZ⁽¹⁾;  θ ← θ − η dθ
    """
    rates = np.asarray(rates, dtype=np.float64).ravel()
    if rates.size == 0 or not np.all(np.isfinite(rates)) or np.any(rates <= 0):
        raise ValueError("rates must be positive finite numbers")
    epochs = int(epochs)
    if epochs < 0:
        raise ValueError(f"epochs must be ≥ 0, got {epochs}")
    record = np.arange(0, epochs + 1, 100) if record is None else np.asarray(record, dtype=np.int64)
    record = np.union1d(record[(record >= 0) & (record <= epochs)], [0, epochs])
    grid = np.linspace(0.0, 2.0, 101) if grid is None else np.asarray(grid, dtype=np.float64).ravel()
    data = datasets.beans(n_beans, seed=seed)
    net = MLP([1, 2, 1], hidden="sigmoid", output="sigmoid", init="uniform", seed=seed)
    R, m = rates.size, data.n_samples
    x, y = data.X, data.y.astype(np.float64)               # (m, 1), (m,)
    w1 = np.tile(net.weights[0], (R, 1, 1))              # (R, 1, 2)   input → hidden
    b1 = np.tile(net.biases[0], (R, 1, 1))               # (R, 1, 2)
    w2 = np.tile(net.weights[1], (R, 1, 1))              # (R, 2, 1)   hidden → output
    b2 = np.full((R, 1), float(net.biases[1][0]))        # (R, 1)
    eta, ones, xT, G = rates[:, None, None], np.ones(m), x.T, grid[:, None]
    costs = np.full((R, record.size), np.nan)
    fits = np.full((R, record.size, grid.size), np.nan)
    diverged = np.full(R, -1)
    slot = 0
    # sums over the beans are matrix products (a reduction along an axis costs ~20× more for arrays this small)
    with np.errstate(all="ignore"):
        for epoch in range(epochs + 1):
            A1 = _sigmoid(x @ w1 + b1)                      # (R, m, 2)
            a = _sigmoid((A1 @ w2)[:, :, 0] + b2)           # (R, m)
            err = a - y
            if epoch == record[slot]:
                cost = (err * err) @ ones / m
                bad = ~np.isfinite(cost) & (diverged < 0)
                diverged[bad] = epoch
                live = diverged < 0
                costs[live, slot] = cost[live]
                fits[live, slot] = _sigmoid((_sigmoid(G @ w1 + b1) @ w2)[:, :, 0] + b2)[live]
                slot += 1
            if epoch == epochs:
                break
            dz = (2.0 / m) * err * a * (1.0 - a)            # (R, m)    ∂J/∂z⁽²⁾
            dZ1 = (dz[:, :, None] @ w2.transpose(0, 2, 1)) * A1 * (1.0 - A1)   # (R, m, 2)
            w2 -= eta * (dz[:, None, :] @ A1).transpose(0, 2, 1)
            b2 -= eta[:, 0] * (dz @ ones)[:, None]
            w1 -= eta * (xT @ dZ1)
            b1 -= eta * (ones @ dZ1)[:, None, :]
    return BeansTraining(rates, record, costs, fits, grid, diverged, x[:, 0].copy(), y.copy())


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^(−z)) in the fewest NumPy operations (the training loop's hot path; e^(−z) = inf gives 0,
    quietly, under the caller's errstate)."""
    return 1.0 / (1.0 + np.exp(-z))


# ----------------------------------------------------------------------------------------- initialisation
def normal_share(k: float) -> float:
    """The share of a normal distribution within k standard deviations of its mean: erf(k/√2)
    (k = 1, 2, 3: 68.27 %, 95.45 %, 99.73 % — the 3σ rule of Article 2)."""
    return math.erf(float(k) / math.sqrt(2.0))


GAUSSIAN_SCHEMES = ("normal", "xavier", "he")


def init_sigma(scheme: str, n_in: int, n_out: int, scale: float | None = None) -> float:
    """The standard deviation σ of nncore's Gaussian initialisers (see :mod:`nncore.init`): "normal" N(0, 1) ×
    scale (default 0.01, Article 3's randn × 0.01), "xavier" √(2/(n_in + n_out)) × scale, "he" √(2/n_in) × scale
    (scale default 1)."""
    if scheme == "normal":
        return 0.01 if scale is None else float(scale)
    base = {"xavier": math.sqrt(2.0 / (n_in + n_out)), "he": math.sqrt(2.0 / n_in)}[scheme]
    return base * (1.0 if scale is None else float(scale))


@dataclass(frozen=True)
class GaussianInit:
    """The weights of one n_in × n_out layer from a Gaussian initialiser, against the 3σ rule.

    ``sigma`` the scheme's σ; ``std`` the measured standard deviation; ``within[k − 1]`` the measured share of
    weights with |w| ≤ kσ (k = 1, 2, 3) and ``normal[k − 1]`` the normal distribution's share erf(k/√2);
    ``edges`` (B + 1,) and ``shares`` (B,) the histogram over ±4σ (share of all weights per bin), ``expected`` (B,)
    the share N(0, σ²) puts in each bin; ``largest`` max |w|.
    """

    scheme: str
    n_in: int
    n_out: int
    sigma: float
    std: float
    within: tuple
    normal: tuple
    edges: np.ndarray
    shares: np.ndarray
    expected: np.ndarray
    largest: float

    @property
    def count(self) -> int:
        return self.n_in * self.n_out


def gaussian_init(scheme: str = "normal", seed: int = 0, n_in: int = 250, n_out: int = 400, scale: float | None = None,
                  bins: int = 64) -> GaussianInit:
    """Draw one layer's weights W (n_in, n_out) with nncore's initialiser ``scheme`` (seeded) and measure how they
    spread: the shares within ±σ, ±2σ, ±3σ and a histogram over ±4σ."""
    if scheme not in GAUSSIAN_SCHEMES:
        raise ValueError(f"scheme must be one of {GAUSSIAN_SCHEMES}, got {scheme!r}")
    W, _ = init_layer(scheme, n_in, n_out, np.random.default_rng(seed), scale)
    w = W.ravel()
    sigma = init_sigma(scheme, n_in, n_out, scale)
    size = np.abs(w)
    within = tuple(float(np.mean(size <= k * sigma)) for k in (1, 2, 3))
    edges = np.linspace(-4.0 * sigma, 4.0 * sigma, int(bins) + 1)
    counts, _ = np.histogram(w, bins=edges)
    cdf = np.array([0.5 * (1.0 + math.erf(e / (sigma * math.sqrt(2.0)))) for e in edges])
    return GaussianInit(scheme, int(n_in), int(n_out), sigma, float(np.std(w)), within,
                        tuple(normal_share(k) for k in (1, 2, 3)), edges, counts / w.size, np.diff(cdf),
                        float(size.max()))


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


def symmetry_run(net: MLP, X, Y, loss: str = "mse", learning_rate: float = 3.0, steps: int = 200) -> SymmetryRecord:
    """Train a copy of the 2-layer ``net`` (one output) for ``steps`` full-batch steps and record every hidden unit's
    weights and gradients: with zero or equal initial weights every unit gets the same gradient at every step, so
    the units stay identical (Article 3: random initialisation breaks the symmetry)."""
    if net.n_layers != 2 or net.layer_sizes[-1] != 1:
        raise ValueError("the symmetry run needs a 2-layer network with one output unit")
    X = net._check_X(X)
    Y = net._check_Y(Y, X.shape[0])
    loss, rate, steps = get_loss(loss).name, float(learning_rate), int(steps)
    work = net.copy()
    n0, n1 = net.layer_sizes[0], net.layer_sizes[1]
    W1, b1, W2 = np.empty((steps + 1, n0, n1)), np.empty((steps + 1, n1)), np.empty((steps + 1, n1))
    dW1, db1, dW2 = np.empty((steps, n0, n1)), np.empty((steps, n1)), np.empty((steps, n1))
    costs = np.empty(steps + 1)
    params = work.params()
    with np.errstate(all="ignore"):
        for k in range(steps + 1):
            trace = work.forward(X)
            costs[k] = work.cost(trace, Y, loss)
            W1[k], b1[k], W2[k] = work.weights[0], work.biases[0], work.weights[1][:, 0]
            if k == steps:
                break
            g = work.backward(trace, Y, loss)
            dW1[k], db1[k], dW2[k] = g.dW[0], g.db[0], g.dW[1][:, 0]
            for p, d in zip(params, g.params()):
                p -= rate * d
    return SymmetryRecord(W1, b1, W2, dW1, db1, dW2, costs, _spreads(W1, b1, W2), _spreads(dW1, db1, dW2))


def beans_symmetry(init: str, units: int, steps: int = 1000, learning_rate: float = 3.0, n_beans: int = 100,
                   seed: int = 0) -> SymmetryRecord:
    """The symmetry experiment on the beans: a 1-``units``-1 sigmoid network started by nncore's initialiser ``init``
    ("zeros", "constant" 0.5: symmetric; "normal": Article 3's randn × 0.01) trained on ``n_beans`` beans."""
    data = datasets.beans(n_beans, seed=seed)
    net = MLP([1, int(units), 1], hidden="sigmoid", output="sigmoid", init=init, seed=seed)
    return symmetry_run(net, data.X, data.y, "mse", learning_rate, steps)


def _spreads(W1: np.ndarray, b1: np.ndarray, W2: np.ndarray) -> np.ndarray:
    """Per step: max over units j of |θ_j − θ_1| for the hidden unit parameters (W1[:, :, j], b1[:, j], W2[:, j])."""
    cols = np.concatenate([W1, b1[:, None, :], W2[:, None, :]], axis=1)  # (s, n0 + 2, n1)
    if cols.shape[0] == 0:
        return np.zeros(0)
    return np.max(np.abs(cols - cols[:, :, :1]), axis=(1, 2))
