"""Sections of the Backprop page: the computational graph stepped through, the chain rule along every path, the six
vectorized equations, the gradient check, one update, training on the beans, initialisation (the 3σ rule and the
symmetry of equal starts); its "check yourself" questions.

Every number comes from :mod:`nncore.lessons.backprop`; this module lays out and formats.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from explainer import controls, fmt
from explainer.checks import Question
from explainer.figures import backprop as figs
from explainer.shell import Page
from nncore.lessons import backprop as G

NETWORKS = ("beans", "logreg", "mlp")
SECTIONS = ("graph", "chain", "equations", "check", "update", "train", "symmetry")
NETWORK_SECTIONS = SECTIONS[:5]  # each starts with the network chooser; train and symmetry use the 100 beans

# (a) Article 4's beans network: URL keys are the article's variable names
BEANS_KEYS = ("w11_1", "b1_1", "w12_1", "b2_1", "w11_2", "w21_2", "b1_2")
BEANS_DEFAULT = (2.0, -1.0, -1.5, 2.5, 1.5, 1.0, -1.0)
BEANS_X = 1.0
# (b) Article 3's logistic regression: z = w1 x1 + w2 x2 + b = 1 → a = σ(1) = 0.73, dz = a − y = −0.27
LOGREG_KEYS = ("x1", "x2", "w1", "w2", "b")
LOGREG_DEFAULT = (1.0, 2.0, 0.5, 0.25, 0.0)
PARAM_RANGE = (-5.0, 5.0, 0.05)
LOGREG_DZ_STEP = 7  # 4 forward stages (w·x, z, a, L), then ∂L/∂L, ∂L/∂a, ∂L/∂z: the step that shows dz = a − y
# (c) a 2-layer network on a mini-batch
MLP_HIDDEN = ("tanh", "relu")
MAX_BATCH = 8
# one update, training, initialisation
RATES = (0.01, 0.03, 0.1, 0.3, 0.5, 1.0, 3.0, 10.0, 30.0, 100.0, 1000.0)
TRAIN_RATES = (0.3, 1.0, 3.0, 10.0, 30.0)
TRAIN_EPOCHS = (100, 500, 1000, 2000, 5000)
TRAIN_SNAPSHOTS = G.snapshot_epochs(TRAIN_EPOCHS)  # one run of 5000 epochs serves every length
TRAIN_GRID = np.linspace(0.0, 2.0, 81)  # where the fitted curve is drawn (values from nncore)
N_BEANS = 100
GAUSSIAN_SCHEMES = G.GAUSSIAN_SCHEMES
SYMMETRIC_INITS = ("zeros", "constant")
RANDOM_INIT = "normal"  # Article 3: W = np.random.randn(…) × 0.01
SYMMETRY_STEPS = 1000
SYMMETRY_DRAW_EVERY = 4  # 251 points per line: the chart stays small (~80 KB) and the curves smooth
SYMMETRY_RATE = 3.0
FN_TEX = {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\mathrm{ReLU}", "linear": r"\mathrm{id}"}
DERIV_TEX = {"sigmoid": "{a}(1 - {a})", "tanh": "1 - {a}^2", "relu": r"\mathrm{{ReLU}}'({z})", "linear": "1"}


# ------------------------------------------------------------------------------------------ formatting
def n(x: float, paren: bool = False) -> str:
    return fmt.latex_num(x, paren_negative=paren)


def d(num: str, den: str) -> str:
    return rf"\frac{{\partial {num}}}{{\partial {den}}}"


def step_parser(total: int):
    """Parse the step index: an integer 0 … total, or "end" for the last step (used by "try this" links)."""
    number = controls.number(0, total, integer=True)

    def parse(text: str) -> int:
        return total if text.strip() == "end" else number(text)

    return parse


# ------------------------------------------------------------------------------------------ the network
def beans_controls(page: Page) -> G.Problem:
    """Row by row (a phone stacks the columns and keeps this order): the bean and hidden layer, then the label and
    the output layer."""
    c, t = page.controls, page.t
    top, bottom = st.columns(5), st.columns(5)
    with top[0]:
        x = c.slider("x", t("backprop.inputs.bean_size"), 0.0, 2.0, BEANS_X, step=0.05)
    with bottom[0]:
        y = c.radio("y", t("backprop.inputs.target"), (0, 1), 1)
    values = []
    for col, key, default in zip(top[1:] + bottom[1:4], BEANS_KEYS, BEANS_DEFAULT):
        with col:
            values.append(c.slider(key, key, *PARAM_RANGE[:2], default, step=PARAM_RANGE[2]))
    return G.beans_problem(x, y, *values)


def logreg_controls(page: Page) -> G.Problem:
    c, t = page.controls, page.t
    cols = st.columns(6)
    vals = []
    for col, key, default in zip(cols, LOGREG_KEYS, LOGREG_DEFAULT):
        with col:
            vals.append(c.slider(key, key, *PARAM_RANGE[:2], default, step=PARAM_RANGE[2]))
    with cols[5]:
        y = c.radio("y", t("backprop.inputs.target"), (0, 1), 1)
    return G.logreg_problem(*vals, y)


def mlp_controls(page: Page) -> G.Problem:
    c, t = page.controls, page.t
    cols = st.columns(5)
    with cols[0]:
        n0 = c.slider("n0", t("backprop.inputs.n0"), 1, 3, 2)
    with cols[1]:
        n1 = c.slider("n1", t("backprop.inputs.n1"), 1, 3, 2)
    with cols[2]:
        act = c.selectbox("act", t("backprop.inputs.hidden"), MLP_HIDDEN, "tanh",
                          format_func=lambda a: t(f"backprop.fn.{a}"))
    with cols[3]:
        m = c.slider("m", t("backprop.inputs.batch"), 2, MAX_BATCH, 3)
    with cols[4]:
        seed = c.number_input("seed", t("backprop.inputs.seed"), 0, 999, 0, step=1)
    return G.mlp_problem(n0, n1, act, m, seed)


def problem(page: Page) -> G.Problem:
    """The network radio and the inputs of the chosen network (all in the URL); the first part of every network
    section."""
    c, t = page.controls, page.t
    key = c.radio("net", t("backprop.network"), NETWORKS, "beans", format_func=lambda k: t(f"backprop.nets.{k}"))
    page.lesson(f"backprop.lesson.net_{key}")
    with st.expander(t("backprop.inputs.title"), expanded=not page.lecture):
        return {"beans": beans_controls, "logreg": logreg_controls, "mlp": mlp_controls}[key](page)


def problem_graph(page: Page) -> tuple[G.Problem, G.Graph]:
    prob = problem(page)
    return prob, G.build_graph(prob.net, prob.X, prob.Y, prob.loss)


# ------------------------------------------------------------------------------------------ graph texts
def local_tex(graph: G.Graph, child: str, parent: str) -> str:
    """The local derivative ∂child/∂parent in symbols (how the child's op differentiates)."""
    c = graph[child]
    if c.op == "mul":
        other = [p for p in c.parents if p != parent][0]
        return graph[other].tex
    if c.op == "add":
        return "1"
    if c.op in DERIV_TEX:
        return DERIV_TEX[c.op].format(a=c.tex, z=graph[parent].tex)
    if c.op == "square_error":
        return rf"2({graph[parent].tex} - y)"
    if c.op == "log_loss":
        a = graph[parent].tex
        return rf"\frac{{{a} - y}}{{{a}(1 - {a})}}"
    return rf"\frac{{1}}{{{graph.m}}}"  # mean


def forward_tex(graph: G.Graph, name: str, k: int) -> str:
    """How one node's forward value is computed, with the numbers of example k."""
    node, v = graph[name], graph.value
    if node.op == "mul":
        w, a = node.parents
        return (rf"{graph[w].tex}\,{graph[a].tex} = {n(v(w, k))} \times {n(v(a, k), True)} = {n(v(name, k))}")
    if node.op == "add":
        terms = " + ".join(graph[p].tex if graph[p].kind == "bias" else rf"{graph[p].tex}" for p in node.parents)
        nums = " + ".join(n(v(p, k), True) for p in node.parents)
        return rf"{node.tex} = {terms} = {nums} = {n(v(name, k))}"
    if node.op in FN_TEX:
        z = node.parents[0]
        return rf"{node.tex} = {FN_TEX[node.op]}({graph[z].tex}) = {FN_TEX[node.op]}({n(v(z, k))}) = {n(v(name, k))}"
    if node.op == "square_error":
        a = node.parents[0]
        return rf"{node.tex} = ({graph[a].tex} - y)^2 = ({n(v(a, k))} - {n(v('y', k))})^2 = {n(v(name, k))}"
    if node.op == "log_loss":
        a = node.parents[0]
        ya, av = n(v("y", k)), n(v(a, k))
        return (rf"{node.tex} = -[y\log {graph[a].tex} + (1 - y)\log(1 - {graph[a].tex})] = "
                rf"-[{ya}\log {av} + (1 - {ya})\log(1 - {av})] = {n(v(name, k))}")
    values = " + ".join(n(x) for x in graph[node.parents[0]].value)
    return rf"J = \frac{{1}}{{m}}\sum_i \ell^{{(i)}} = \frac{{1}}{{{graph.m}}}({values}) = {n(graph.cost)}"


def backward_tex(graph: G.Graph, name: str, k: int) -> list[str]:
    """How ∂R/∂node is computed (R the root), with the numbers of example k (parameters: summed over examples).

    The general rule is a sum over the node's children; a node with several children (an input feeding one product
    per hidden unit) shows every term."""
    node, R = graph[name], graph[graph.root].tex
    if name == graph.root:
        return [rf"{d(R, R)} = 1"]
    kids = graph.children[name]
    lhs = d(R, node.tex)
    if len(kids) > 1:
        general = rf"{lhs} = \sum_{{c\,\in\,\mathrm{{children}}}} {d(R, 'c')}\,{d('c', node.tex)}"
        sym = " + ".join(rf"{d(R, graph[c].tex)} \cdot {local_tex(graph, c, name)}" for c in kids)
        nums = " + ".join(rf"{n(graph.grad(c, k), True)} \times {n(graph.local(c, name, k), True)}" for c in kids)
        return [general, rf"= {sym}", rf"= {nums} = {n(graph.grad(name, k))}"]
    (child,) = kids
    sym = rf"{d(R, graph[child].tex)} \cdot {local_tex(graph, child, name)}"
    if node.per_example or graph.m == 1:
        lines = [rf"{lhs} = {sym} = {n(graph.grad(child, k), True)} \times {n(graph.local(child, name, k), True)}"
                 rf" = {n(graph.grad(name, k))}"]
    else:
        terms = " + ".join(rf"{n(graph.grad(child, i), True)} \times {n(graph.local(child, name, i), True)}"
                           for i in range(graph.m))
        ci = "{" + graph[child].tex + "}^{(i)}"
        lines = [rf"{lhs} = \sum_{{i=1}}^{{{graph.m}}} {d(R, ci)}\,{d(ci, node.tex)} = {n(graph.grad(name))}",
                 rf"= {terms} = {n(graph.grad(name))}"]
    if (node.kind == "sum" and graph.loss == "bce" and graph.children[child] == ("loss",)
            and graph[child].op == "sigmoid"):
        # sigmoid + log loss: the two local derivatives cancel to a − y (Article 3's dz = a − y)
        a, scale = graph[child].tex, "" if graph.m == 1 else rf"\frac{{1}}{{{graph.m}}}"
        lines.append(rf"= {scale}({a} - y) = {scale}({n(graph.value(child, k))} - {n(graph.value('y', k))})"
                     rf" = {n(graph.grad(name, k))}")
    return lines


def stage_of(graph: G.Graph, step: int) -> tuple[str, list[str]]:
    """("forward", node names) for steps 1 … F, ("backward", [node]) after, ("start", []) at 0."""
    F = len(graph.forward_stages)
    if step == 0:
        return "start", []
    if step <= F:
        return "forward", list(graph.forward_stages[step - 1])
    return "backward", [graph.backward_order[step - F - 1]]


def on_phone() -> bool:
    """A phone's browser (its User-Agent says "Mobile"): the graph is drawn top to bottom, which fits a narrow screen."""
    try:
        agent = st.context.headers.get("User-Agent") or ""
    except Exception:  # noqa: BLE001 - no request context (bare mode)
        agent = ""
    return "Mobile" in agent


def boxes(page: Page, graph: G.Graph, step: int, k: int, vertical: bool = False) -> list[figs.NodeBox]:
    """The drawn nodes at ``step``: values computed so far, gradients reached so far (example k)."""
    t = page.t
    F = len(graph.forward_stages)
    computed = {nm for s in graph.forward_stages[:min(step, F)] for nm in s}
    reached = set(graph.backward_order[:max(step - F, 0)])
    phase, current = stage_of(graph, step)
    specs = [figs.NodeSpec(nm, nd.kind, nd.layer, nd.unit, nd.source, nd.parents) for nm, nd in graph.nodes.items()]
    pos = figs.graph_layout(specs, graph.layer_sizes, vertical=vertical)
    R = graph[graph.root].label
    out = []
    for nm, nd in graph.nodes.items():
        given = nd.kind in ("input", "target", "weight", "bias")
        shown = given or nm in computed
        value = graph.value(nm, k) if shown else None
        grad = graph.grad(nm, k) if nm in reached else None
        state = ("grad" if grad is not None else "param" if nd.kind in ("weight", "bias")
                 else "given" if given else "forward" if shown else "pending")
        # a phone's narrow boxes: a product is written "×" (its factors are the two edges into it; the hover names
        # them) and numbers get three decimals
        digits = 3 if vertical else 4
        label = "×" if vertical and nd.kind == "product" else nd.label
        text = f"<b>{label}</b><br>{fmt.num(value, digits) if shown else '?'}"
        if grad is not None:
            text += f"<br>∂ {fmt.num(grad, digits)}"
        hover = [f"<b>{nd.label}</b> · {t(f'backprop.kinds.{nd.kind}')}",
                 f"{t('backprop.hover.value')}: {fmt.num(value) if shown else '?'}"]
        if shown and nd.parents:
            locals_ = ", ".join(f"∂{nd.label}/∂{graph[p].label} = {fmt.num(graph.local(nm, p, k))}"
                                for p in nd.parents if graph[p].kind != "target")
            hover.append(f"{t('backprop.hover.local')}: {locals_}")
        kids = graph.children[nm]
        if grad is not None and len(kids) > 1:
            terms = " + ".join(f"{fmt.num(graph.grad(c, k))} × {fmt.num(graph.local(c, nm, k))}" for c in kids)
            hover.append(f"{t('backprop.hover.sum')}: ∂{R}/∂{nd.label} = Σ ∂{R}/∂c × ∂c/∂{nd.label} = {terms} = "
                         f"{fmt.num(grad)}")
        elif grad is not None and nm != graph.root:
            (child,) = kids
            if nd.per_example or graph.m == 1:
                hover.append(f"{t('backprop.hover.product')}: ∂{R}/∂{nd.label} = ∂{R}/∂{graph[child].label} × "
                             f"∂{graph[child].label}/∂{nd.label} = {fmt.num(graph.grad(child, k))} × "
                             f"{fmt.num(graph.local(child, nm, k))} = {fmt.num(grad)}")
            else:
                hover.append(f"{t('backprop.hover.product')}: ∂{R}/∂{nd.label} = "
                             f"Σᵢ ∂{R}/∂{graph[child].label} × ∂{graph[child].label}/∂{nd.label} = {fmt.num(grad)}")
        x, y = pos[nm]
        out.append(figs.NodeBox(nm, x, y, text, "<br>".join(hover), state, nm in current, value, grad))
    return out


def edges(graph: G.Graph) -> list[tuple[str, str]]:
    return [(p, nm) for nm, nd in graph.nodes.items() for p in nd.parents]


def graph_figure(page: Page, graph: G.Graph, step: int, k: int, highlight=()) -> dict:
    t = page.t
    legend = {s: t(f"backprop.graph.legend_{s}") for s in ("given", "param", "forward", "grad", "pending")}
    vertical = on_phone()
    return figs.computational_graph(boxes(page, graph, step, k, vertical=vertical), edges(graph), highlight,
                                    title=t("backprop.graph.chart_title"), legend=legend, compact=vertical)


def example_control(page: Page, graph: G.Graph) -> int:
    """For a mini-batch: which example the graph shows (0-based)."""
    if graph.m == 1:
        return 0
    ex = page.controls.slider("ex", page.t("backprop.graph.example"), 1, graph.m, 1)
    return ex - 1


# ------------------------------------------------------------------------------------------ graph section
def _step_buttons(page: Page, step: int, total: int) -> None:
    c, t = page.controls, page.t
    specs = [("reset", 0, step == 0, ":material/first_page:"),
             ("back", max(step - 1, 0), step == 0, ":material/chevron_left:"),
             ("step", min(step + 1, total), step == total, ":material/chevron_right:"),
             ("all", total, step == total, ":material/last_page:")]
    for col, (name, target, disabled, icon) in zip(st.columns(4), specs):
        with col:
            st.button(t(f"backprop.graph.btn_{name}"), key=c.widget_key(f"btn_{name}"), icon=icon,
                      on_click=c.set, args=("step", target), disabled=disabled, width="stretch")


def graph_section(page: Page) -> None:
    """The computational graph, stepped forward stage by stage and backward node by node."""
    c, t = page.controls, page.t
    _, graph = problem_graph(page)
    total = graph.n_steps
    step = c.get("step", 0, parse=step_parser(total))
    if step > total:  # the network got smaller since the step was set
        step = total
        c.set("step", step)
    k = example_control(page, graph)
    _step_buttons(page, step, total)
    phase, current = stage_of(graph, step)
    F = len(graph.forward_stages)
    progress = (t("backprop.graph.at_start") if phase == "start" else
                t("backprop.graph.at_forward", step=step, total=F) if phase == "forward" else
                t("backprop.graph.at_backward", step=step - F, total=total - F))
    st.markdown(f"**{t('backprop.graph.step', step=step, total=total)}** — {progress}")
    if phase == "forward":
        for nm in current:
            page.formula(forward_tex(graph, nm, k))
    elif phase == "backward":
        for line in backward_tex(graph, current[0], k):
            page.formula(line)
        kids = graph.children[current[0]]
        if len(kids) > 1:
            st.info(t("backprop.graph.sum_rule", node=graph[current[0]].label, n=len(kids),
                      children=", ".join(graph[c_].label for c_ in kids)))
    else:
        st.info(t("backprop.graph.start_hint"))
    if step == total:
        st.success(t("backprop.graph.done", cost=fmt.num(graph.cost)))
    page.chart(graph_figure(page, graph, step, k), key="fig_graph")
    st.caption(t("backprop.graph.caption") + ("" if graph.m == 1 else " " + t("backprop.graph.caption_batch",
                                                                              k=k + 1, m=graph.m)))


# ------------------------------------------------------------------------------------------ chain rule
def chain_section(page: Page) -> None:
    """Pick a parameter or an input: every path from the loss down to it and the product of the local derivatives
    along each; the gradient is their sum."""
    c, t = page.controls, page.t
    _, graph = problem_graph(page)
    names = graph.params() + [nm for nm, nd in graph.nodes.items() if nd.kind == "input"]
    name = c.selectbox("wsel", t("backprop.chain.pick"), names, names[0], format_func=lambda p: graph[p].label)
    k = example_control(page, graph)
    paths = graph.paths(name)
    R = graph[graph.root].tex
    node = graph[name]
    highlight = []
    for i, path in enumerate(paths):
        pairs = list(zip(path.nodes[:-1], path.nodes[1:]))
        highlight += [(b, a) for a, b in pairs]
        symbols = r" \cdot ".join(d(graph[a].tex, graph[b].tex) for a, b in pairs)
        locals_ = r" \cdot ".join(local_tex(graph, a, b) for a, b in pairs)
        if len(paths) > 1:
            st.markdown(f"**{t('backprop.chain.path', i=i + 1, n=len(paths))}**")
            page.formula(rf"{symbols} = {locals_}")
            page.formula("= " + fmt.latex_product([f[k] for f in path.factors]) + f" = {n(path.products[k])}")
            continue
        page.formula(rf"{d(R, node.tex)} = {symbols}")
        page.formula(rf"= {locals_}")
        if graph.m == 1 or node.per_example:
            page.formula("= " + fmt.latex_product([f[k] for f in path.factors]) + f" = {n(path.products[k])}")
        else:
            rows = {t("backprop.chain.example"): list(range(1, graph.m + 1))}
            for a, b, f in zip(path.nodes[:-1], path.nodes[1:], path.factors):
                rows[f"∂{graph[a].label}/∂{graph[b].label}"] = [fmt.num(v) for v in f]
            rows[t("backprop.chain.product")] = [fmt.num(v) for v in path.products]
            page.table(pd.DataFrame(rows), hide_index=True)
            page.formula("= " + " + ".join(n(v, True) for v in path.products) + f" = {n(path.total)}")
    if len(paths) > 1:
        terms = " + ".join(n(p.products[k], True) for p in paths)
        page.formula(rf"{d(R, node.tex)} = {terms} = {n(graph.grad(name, k))}")
        st.info(t("backprop.chain.several", node=node.label, n=len(paths)))
    st.caption(t("backprop.chain.caption"))
    page.chart(graph_figure(page, graph, graph.n_steps, k, highlight=highlight), key="fig_chain")


# ------------------------------------------------------------------------------------------ six equations
def matrix_table(a: np.ndarray, rows: str, cols: str) -> pd.DataFrame:
    a = np.atleast_2d(np.asarray(a, dtype=float))
    return pd.DataFrame([[fmt.num(v) for v in row] for row in a],
                        index=[f"{rows}{i + 1}" for i in range(a.shape[0])],
                        columns=[f"{cols}{j + 1}" for j in range(a.shape[1])])


EQUATIONS = (  # key, course LaTeX, engine LaTeX, (course row/column labels), (engine labels)
    ("dZ2", r"dZ^{[2]} = A^{[2]} - Y", r"dZ_2 = (A_2 - Y)/m", ("u", "ex"), ("ex", "u")),
    ("dW2", r"dW^{[2]} = \tfrac{1}{m}\, dZ^{[2]} A^{[1]T}", r"dW_2 = A_1^{T} dZ_2", ("u", "h"), ("h", "u")),
    ("db2", r"db^{[2]} = \tfrac{1}{m}\sum_{\text{cols}} dZ^{[2]}", r"db_2 = \sum_{\text{rows}} dZ_2", ("u", "-"),
     ("-", "u")),
    ("dZ1", r"dZ^{[1]} = W^{[2]T} dZ^{[2]} \odot g'^{[1]}(Z^{[1]})", r"dZ_1 = dZ_2 W_2^{T} \odot g'(Z_1)",
     ("h", "ex"), ("ex", "h")),
    ("dW1", r"dW^{[1]} = \tfrac{1}{m}\, dZ^{[1]} X^{T}", r"dW_1 = X^{T} dZ_1", ("h", "x"), ("x", "h")),
    ("db1", r"db^{[1]} = \tfrac{1}{m}\sum_{\text{cols}} dZ^{[1]}", r"db_1 = \sum_{\text{rows}} dZ_1", ("h", "-"),
     ("-", "h")),
)


def shape_tex(a: np.ndarray) -> str:
    a = np.asarray(a)
    return r"(" + (r" \times ".join(str(s) for s in a.shape) if a.ndim == 2 else f"{a.shape[0]},") + ")"


def equations_section(page: Page) -> None:
    """The six equations of Article 3 with shapes and numbers, course convention next to the engine's."""
    t = page.t
    prob = problem(page)
    if prob.key != "mlp":
        st.info(t("backprop.equations.need_mlp"))
        return
    eq = G.six_equations(prob.net, prob.X, prob.Y)
    labels = {"u": "o", "ex": t("backprop.equations.ex"), "h": "h", "x": "x", "-": ""}
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('backprop.equations.course')}**")
    with right:
        st.markdown(f"**{t('backprop.equations.engine')}**")
    for key, course_tex, engine_tex, clab, elab in EQUATIONS:
        left, right = st.columns(2)
        with left:
            page.formula(course_tex + r"\quad " + shape_tex(eq.course[key]))
            page.table(matrix_table(eq.course[key], labels[clab[0]], labels[clab[1]]), hide_index=False)
        with right:
            page.formula(engine_tex + r"\quad " + shape_tex(eq.engine[key]))
            table = eq.engine[key] if eq.engine[key].ndim == 2 else eq.engine[key][None, :]
            page.table(matrix_table(table, labels[elab[0]], labels[elab[1]]), hide_index=False)
    st.caption(t("backprop.equations.caption", m=eq.m))


# ------------------------------------------------------------------------------------------ gradient check
def check_section(page: Page) -> None:
    """Analytic vs central-difference gradient of every parameter; a toggle breaks the backward pass."""
    c, t = page.controls, page.t
    prob, graph = problem_graph(page)
    broken = c.toggle("broken", t("backprop.check.broken"), False, help=t("backprop.check.broken_help"))
    if broken and prob.net.n_layers == 1:
        st.info(t("backprop.check.no_hidden"))
    check = G.check_gradients(prob, broken)
    labels = [graph[p].label for p in graph.params()]
    table = pd.DataFrame({
        t("backprop.check.param"): labels,
        t("backprop.check.analytic"): [fmt.num(v, 8) for v in check.analytic],
        t("backprop.check.numeric"): [fmt.num(v, 8) for v in check.numeric],
        t("backprop.check.rel_error"): [f"{v:.1e}" for v in check.rel_error],
        t("backprop.check.ok"): ["✓" if ok else "✗" for ok in check.ok],
    })
    largest = G.largest_relative_error(check)
    if check.passed:
        st.success(t("backprop.check.passed", err=fmt.sci(largest, 1), tol=fmt.sci(check.tol, 1)))
    else:
        st.error(t("backprop.check.failed", n=check.n_failed, total=len(check.ok)))
    page.table(table, hide_index=True)
    page.formula(r"\frac{\partial J}{\partial \theta} \approx \frac{J(\theta - 2h) - 8J(\theta - h) + "
                 r"8J(\theta + h) - J(\theta + 2h)}{12h},\quad \text{rel} = "
                 rf"\frac{{|a - n|}}{{\max(|a| + |n|, 10^{{-8}})}} < {sci_tex(check.tol)}")
    page.chart(figs.relative_errors(labels, check.rel_error, check.ok, check.tol,
                                    title=t("backprop.check.chart_title"), y_axis=t("backprop.check.rel_error"),
                                    tol_label=t("backprop.check.tol", tol=fmt.sci(check.tol, 1))), key="fig_check")
    st.caption(t("backprop.check.caption", err=fmt.sci(largest, 1)) if check.passed
               else t("backprop.check.caption_failed", err=fmt.num(largest, 2), tol=fmt.sci(check.tol, 1)))


def sci_tex(x: float) -> str:
    """10^{-6} for a power of ten, else m \\times 10^{e} (formatting only)."""
    mant, exp = f"{x:.1e}".split("e")
    return rf"10^{{{int(exp)}}}" if float(mant) == 1.0 else rf"{mant} \times 10^{{{int(exp)}}}"


# ------------------------------------------------------------------------------------------ one update
def update_section(page: Page) -> None:
    """One gradient-descent step θ ← θ − η ∂J/∂θ: every parameter's change and the new cost."""
    c, t = page.controls, page.t
    prob, graph = problem_graph(page)
    rate = c.select_slider("lr", t("backprop.update.rate"), RATES, 0.5, help=t("backprop.update.rate_help"))
    upd = G.gradient_step(prob.net, prob.X, prob.Y, prob.loss, rate)
    page.formula(rf"\theta \leftarrow \theta - \eta\,\frac{{\partial J}}{{\partial \theta}},\quad \eta = {n(rate)}")
    table = pd.DataFrame({
        t("backprop.check.param"): [graph[p].label for p in graph.params()],
        t("backprop.update.old"): [fmt.num(v) for v in upd.old],
        t("backprop.update.grad"): [fmt.num(v) for v in upd.grad],
        t("backprop.update.change"): [fmt.num(v) for v in upd.change],
        t("backprop.update.new"): [fmt.num(v) for v in upd.new],
    })
    page.table(table, hide_index=True)
    cols = st.columns(3)
    cols[0].metric(t("backprop.update.cost_before"), fmt.num(upd.cost_before, 6))
    cols[1].metric(t("backprop.update.cost_after"), fmt.num(upd.cost_after, 6),
                   delta=fmt.num(upd.cost_change, 6) if upd.finite else None, delta_color="inverse")
    if not upd.finite:
        st.error(t("backprop.update.diverged", rate=fmt.num(rate, 2)))
    elif upd.improved:
        st.success(t("backprop.update.improved"))
    else:
        st.warning(t("backprop.update.overshoot", rate=fmt.num(rate, 2)))
    first = graph.params()[0]
    page.formula(rf"{graph[first].tex} \leftarrow {n(upd.old[0])} - {n(rate)} \times {n(upd.grad[0], True)}"
                 rf" = {n(upd.new[0])}")


# ------------------------------------------------------------------------------------------ training
@st.cache_data(max_entries=6, show_spinner=False)  # ~0.45 MB an entry
def training(seed: int) -> G.BeansTraining:
    """Every learning rate of the page trained from the same start in one run (a rate or a length changes nothing
    to compute); ~150 ms of CPU per new seed."""
    return G.beans_training(seed, TRAIN_RATES, max(TRAIN_EPOCHS), TRAIN_SNAPSHOTS, TRAIN_GRID, N_BEANS)


TRAIN_LABELS = ("chart_title", "beans", "fit", "cost", "x_axis", "y_axis", "epoch_axis", "cost_axis", "play",
                "epoch_prefix")


def train_section(page: Page) -> None:
    """Article 4: the 1-2-1 sigmoid network trained on 100 beans, redrawn every 100 epochs."""
    c, t = page.controls, page.t
    cols = st.columns(3)
    with cols[0]:
        rate = c.select_slider("tlr", t("backprop.train.rate"), TRAIN_RATES, 3.0, help=t("backprop.train.rate_help"))
    with cols[1]:
        epochs = c.select_slider("epochs", t("backprop.train.epochs"), TRAIN_EPOCHS, 5000)
    with cols[2]:
        seed = c.number_input("tseed", t("backprop.train.seed"), 0, 999, 0, step=1)
    with st.spinner(t("backprop.train.running")):
        rec = training(int(seed)).record(rate, epochs)
    run = training(int(seed))
    if rec.diverged_at is not None:
        st.error(t("backprop.train.diverged", epoch=rec.diverged_at, rate=fmt.num(rate, 2)))
    kw = dict(zip(("title", "data_label", "fit_label", "cost_label", "x_axis", "y_axis", "epoch_axis", "cost_axis",
                   "play", "epoch_prefix"), (t(f"backprop.train.{k}") for k in TRAIN_LABELS)))
    page.chart(figs.training_run(run.X, run.y, rec.grid, rec.epochs, rec.costs, rec.fits, **kw), key="fig_train")
    cols = st.columns(2)
    cols[0].metric(t("backprop.train.cost_start"), fmt.num(rec.costs[0], 5))
    cols[1].metric(t("backprop.train.cost_end", epoch=int(rec.epochs[-1])), fmt.num(rec.costs[-1], 5))
    st.caption(t("backprop.train.caption", every=G.snapshot_every(epochs)))


# ------------------------------------------------------------------------------------------ initialisation
@st.cache_data(max_entries=16, show_spinner=False)
def gaussian(scheme: str, seed: int) -> G.GaussianInit:
    return G.gaussian_init(scheme, seed)


@st.cache_data(max_entries=12, show_spinner=False)
def symmetry(init: str, units: int) -> G.SymmetryRecord:
    """A 1-units-1 sigmoid network on the 100 beans from the start ``init`` (one run: ~50 ms of CPU)."""
    return G.beans_symmetry(init, units, SYMMETRY_STEPS, SYMMETRY_RATE, N_BEANS)


def symmetry_section(page: Page) -> None:
    """Gaussian initialisation and the 3σ rule; zero or equal initial weights keep every hidden unit identical,
    Article 3's small random weights break the symmetry."""
    c, t = page.controls, page.t
    cols = st.columns(2)
    with cols[0]:
        scheme = c.radio("ginit", t("backprop.init.scheme"), GAUSSIAN_SCHEMES, "normal",
                         format_func=lambda s: t(f"backprop.init.schemes.{s}"))
    with cols[1]:
        gseed = c.number_input("gseed", t("backprop.init.seed"), 0, 999, 0, step=1)
    gi = gaussian(scheme, int(gseed))
    page.formula(rf"w \sim \mathcal{{N}}(0, \sigma^2),\quad \sigma = {n(gi.sigma)},\quad "
                 rf"3\sigma = {n(3 * gi.sigma)}")
    page.chart(figs.init_histogram(gi.edges, gi.shares, gi.expected, gi.sigma, gi.within,
                                   title=t("backprop.init.hist_title", count=f"{gi.count:,}", n_in=gi.n_in,
                                           n_out=gi.n_out),
                                   x_axis=t("backprop.init.x_axis"), y_axis=t("backprop.init.y_axis"),
                                   band_label=t("backprop.init.band"), expected_label=t("backprop.init.expected")),
               key="fig_init")
    cols = st.columns(3)
    for k, col in enumerate(cols, start=1):
        col.metric(t("backprop.init.within", k=k), fmt.percent(gi.within[k - 1], 2),
                   help=t("backprop.init.within_help", share=fmt.percent(gi.normal[k - 1], 2)))
    st.caption(t("backprop.init.caption", std=fmt.num(gi.std, 5), sigma=fmt.num(gi.sigma, 5),
                 largest=fmt.num(gi.largest / gi.sigma, 2)))

    st.subheader(t("backprop.symmetry.heading"))
    page.lesson("backprop.lesson.symmetry")
    cols = st.columns(2)
    with cols[0]:
        init = c.radio("sinit", t("backprop.symmetry.init"), SYMMETRIC_INITS, "constant",
                       format_func=lambda i: t(f"backprop.symmetry.inits.{i}"))
    with cols[1]:
        units = c.slider("sunits", t("backprop.symmetry.units"), 2, 4, 3)
    same, rand = symmetry(init, units), symmetry(RANDOM_INIT, units)
    steps = np.arange(0, SYMMETRY_STEPS + 1, SYMMETRY_DRAW_EVERY)  # the recorded steps drawn (smooth at any width)
    panels = [("same", t(f"backprop.symmetry.panels.{init}"), same.W1[steps, 0, :], same.dW1[steps[:-1], 0, :]),
              ("random", t("backprop.symmetry.panels.random"), rand.W1[steps, 0, :], rand.dW1[steps[:-1], 0, :])]
    page.chart(figs.symmetry(steps, panels, title=t("backprop.symmetry.chart_title"),
                             unit_label=t("backprop.symmetry.unit"), x_axis=t("backprop.symmetry.step_axis"),
                             weight_axis="w⁽¹⁾₁ⱼ", grad_axis="∂J/∂w⁽¹⁾₁ⱼ", stacked=on_phone()),  # a phone: one column
               key="fig_symmetry")
    cols = st.columns(2)
    cols[0].metric(t("backprop.symmetry.spread_same"), fmt.num(same.max_spread))
    cols[1].metric(t("backprop.symmetry.spread_random"), fmt.num(rand.max_spread))
    st.caption(t("backprop.symmetry.caption", steps=SYMMETRY_STEPS, start=fmt.num(rand.weight_spread[0], 4),
                 end=fmt.num(rand.weight_spread[-1], 3)))


# ------------------------------------------------------------------------------------------ check yourself
LOGREG_Y = 1
CHAIN_PARAM = "w2_1_1"  # the beans network's w⁽²⁾₁₁: a path of four local derivatives
COUNT_SIZES = (2, 2, 1)


def checks() -> list[Question]:
    """The page's questions; every answer from nncore (the lesson), computed now."""
    logreg = G.logreg_problem(*LOGREG_DEFAULT, LOGREG_Y)
    lg = G.build_graph(logreg.net, logreg.X, logreg.Y, logreg.loss)
    beans = G.beans_problem(BEANS_X, 1, *BEANS_DEFAULT)
    bg = G.build_graph(beans.net, beans.X, beans.Y, beans.loss)
    path = bg.chain(CHAIN_PARAM)
    factors = [float(f[0]) for f in path.factors]

    def d(node: str) -> str:  # a product node is bracketed: ∂(w·a), not ∂w·a
        label = bg[node].label
        return f"∂({label})" if any(op in label for op in "·•+×") else f"∂{label}"

    labels = [f"{d(a)}/{d(b)}" for a, b in zip(path.nodes[:-1], path.nodes[1:])]
    chain_text = "; ".join(f"{lab} = {fmt.num(v)}" for lab, v in zip(labels, factors))
    gi = gaussian("normal", 0)
    sizes = "-".join(map(str, COUNT_SIZES))
    return [
        Question("dz", answer=lg.grad("z1_1"), tol=0.001,
                 show_me={"net": "logreg", "step": LOGREG_DZ_STEP},
                 values={"a": fmt.num(lg.value("a1_1")), "y": LOGREG_Y, "z": fmt.num(lg.value("z1_1")),
                         "dz": fmt.num(lg.grad("z1_1"))}),
        Question("chain", answer=path.total, tol=0.001,
                 show_me={"view": "chain", "net": "beans", "wsel": CHAIN_PARAM},
                 values={"param": bg[CHAIN_PARAM].label, "factors": chain_text, "grad": fmt.num(path.total),
                         "n": len(factors)}),
        Question("count", answer=G.n_gradients(COUNT_SIZES), tol=0,
                 show_me={"view": "check", "net": "mlp", "n0": COUNT_SIZES[0], "n1": COUNT_SIZES[1]},
                 values={"sizes": sizes, "n": G.n_gradients(COUNT_SIZES),
                         "terms": " + ".join(f"{a}·{b} + {b}" for a, b in zip(COUNT_SIZES, COUNT_SIZES[1:]))}),
        Question("three_sigma", answer=round(100 * gi.within[2], 2), tol=0.1,
                 show_me={"view": "symmetry", "ginit": "normal"},
                 values={"sigma": fmt.num(gi.sigma, 2), "three": fmt.num(3 * gi.sigma, 2),
                         "count": f"{gi.count:,}", "share": fmt.percent(gi.within[2], 2),
                         "normal": fmt.percent(gi.normal[2], 2)}),
    ]
