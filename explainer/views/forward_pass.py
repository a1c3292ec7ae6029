"""Sections of the Forward-pass page: the worked example step by step, shapes, vectorization, collapse, beans."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

import nncore
from explainer import controls, fmt
from explainer.figures import forward_pass as figs
from explainer.shell import Page
from nncore.lessons import forward_pass as lab

SECTIONS = ("example", "shapes", "vectorize", "collapse", "beans")
ROW_COLUMN = "_row"  # the editors' read-only column of row names
LIMIT = 1e6  # edited values beyond ±LIMIT are refused (a message, the last valid values kept)


# ------------------------------------------------------------------------------------------ formatting
def short(x: float, digits: int = 4) -> str:
    """``fmt.num`` without trailing zeros: 2.0000 → 2, 0.5000 → 0.5 (the worked example reads 2·1 + 3·1 = 5)."""
    text = fmt.num(x, digits)
    if "e" not in text and "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def latex_short(x: float, paren: bool = False) -> str:
    text = short(x)
    if "e" in text:
        return fmt.latex_num(x, paren_negative=paren)
    return f"({text})" if paren and text.startswith("-") else text


def latex_short_matrix(a) -> str:
    a = np.atleast_2d(np.asarray(a, dtype=float))
    rows = [" & ".join(latex_short(v) for v in row) for row in a]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


def shape_text(shape: tuple) -> str:
    return f"({shape[0]},)" if len(shape) == 1 else " × ".join(str(n) for n in shape)


# ------------------------------------------------------------------------------------------ worked example
SIZES = (2, 2, 1)  # seed 000: two inputs, hidden neurons i and j, output k
N_STEPS = 3 * (len(SIZES) - 1)  # per layer: dot products, Z = A·W + b, activation
HIDDEN_ACTIVATIONS = ("linear", "relu", "sigmoid", "tanh")
UNIT_NAMES = (("x_1", "x_2"), ("i", "j"), ("k",))  # the article's names of the nodes


@dataclass(frozen=True)
class MatrixSpec:
    """One editable matrix of the worked example: URL key, shape, default (row-major) and its symbol."""

    key: str
    shape: tuple
    default: tuple
    symbol: str  # shown in messages (not user text)


MATRICES = (
    MatrixSpec("x", (1, 2), (2.0, 3.0), "x"),
    MatrixSpec("w1", (2, 2), (1.0, -1.0, 1.0, 1.0), "W[1]"),  # columns node_0 = [1, 1], node_1 = [−1, 1]
    MatrixSpec("b1", (1, 2), (0.0, 0.0), "b[1]"),
    MatrixSpec("w2", (2, 1), (2.0, -1.0), "W[2]"),  # output = [2, −1]
    MatrixSpec("b2", (1, 1), (0.0,), "b[2]"),
)


def example_net(values: dict, hidden: str) -> nncore.MLP:
    net = nncore.MLP(list(SIZES), hidden=hidden, output="linear", init="zeros")
    net.set_params([values["w1"], values["w2"]], [values["b1"], values["b2"]])
    return net


def _labels(page: Page, spec: MatrixSpec) -> tuple[list[str], list[str]]:
    t = page.t
    inputs = [t("forward_pass.example.family"), t("forward_pass.example.accounts")]
    hidden = [t("forward_pass.example.node_i"), t("forward_pass.example.node_j")]
    out = [t("forward_pass.example.node_k")]
    return {
        "x": (["x"], inputs),
        "w1": (inputs, hidden),
        "b1": (["b"], hidden),
        "w2": (hidden, out),
        "b2": (["b"], out),
    }[spec.key]


def _problem_message(page: Page, spec: MatrixSpec, check: lab.MatrixCheck) -> str:
    rows, cols = spec.shape
    common = dict(name=spec.symbol, rows=rows, cols=cols)
    if check.problem == "shape":
        return page.t("forward_pass.example.bad_shape", got_rows=check.got[0], got_cols=check.got[1], **common)
    if check.problem == "too_large":
        return page.t("forward_pass.example.too_large", **common)
    if check.problem == "empty":
        return page.t("forward_pass.example.empty", **common)
    return page.t("forward_pass.example.not_number", **common)


def edited_values(page: Page) -> dict[str, np.ndarray]:
    """The worked example's inputs and weights: URL (last valid) values, replaced by valid edits in the tables.

    An edit of the wrong shape or with a non-number gets a message naming the expected shape; the last valid
    values stay in use (and in the URL).
    """
    c, t = page.controls, page.t
    values = {}
    for spec in MATRICES:
        size = spec.shape[0] * spec.shape[1]
        flat = c.get(spec.key, list(spec.default), parse=controls.floats(length=size, lo=-LIMIT, hi=LIMIT))
        values[spec.key] = np.asarray(flat, dtype=float).reshape(spec.shape)
    st.caption(t("forward_pass.example.edit_hint"))
    problems = []
    columns = st.columns([1.15, 1.15, 0.8])
    placement = {"x": columns[0], "b1": columns[0], "w1": columns[1], "w2": columns[2], "b2": columns[2]}
    for spec in MATRICES:
        rows, cols = _labels(page, spec)
        with placement[spec.key]:
            st.markdown(f"**{t(f'forward_pass.example.matrix_{spec.key}')}**")
            # row names in a read-only text column (a RangeIndex lets the student add rows)
            df = pd.DataFrame({ROW_COLUMN: rows, **{name: values[spec.key][:, j] for j, name in enumerate(cols)}})
            # the key names the values the table starts from: when they change (a valid edit, a link, a reset)
            # the table starts afresh instead of re-applying old edits on top of the new values
            key = c.widget_key(f"ed_{spec.key}:{controls.encode(values[spec.key].ravel().tolist())}")
            edited = st.data_editor(df, key=key, num_rows="dynamic", width="stretch", hide_index=True,
                                    column_config={ROW_COLUMN: st.column_config.TextColumn("", disabled=True, width=100),
                                                   **{name: st.column_config.NumberColumn(name, width=86)
                                                      for name in cols}})
        check = lab.check_matrix(edited.iloc[:, 1:].to_numpy(dtype=object).tolist(), spec.shape, limit=LIMIT)
        if not check.ok:
            problems.append(_problem_message(page, spec, check))
        elif not np.array_equal(check.array, values[spec.key]):
            values[spec.key] = check.array
            c.set(spec.key, [float(v) for v in check.array.ravel()])
    for message in problems:
        st.error(message, icon=":material/error:")
    return values


def step_of(step: int) -> tuple[int, int]:
    """Step 1 … N_STEPS → (layer 1 … L, phase 0 dot products | 1 matrix form | 2 activation)."""
    return (step - 1) // 3 + 1, (step - 1) % 3


def node_states(page: Page, net: nncore.MLP, trace: nncore.Trace, step: int) -> list[list[figs.NodeState]]:
    t = page.t
    layers = [[figs.NodeState(UNIT_NAMES[0][i].replace("_", ""), short(trace.A[0][0, i]),
                              f"{UNIT_NAMES[0][i].replace('_', '')} = {fmt.num(trace.A[0][0, i], 6)}")
               for i in range(SIZES[0])]]
    active = step_of(step)[0] if step else None
    for l in range(1, len(SIZES)):
        z_done, a_done = step >= 3 * (l - 1) + 1, step >= 3 * (l - 1) + 3
        states = []
        for j in range(SIZES[l]):
            name = UNIT_NAMES[l][j]
            z, a = trace.Z[l][0, j], trace.A[l][0, j]
            value = f"a = {short(a)}" if a_done else f"z = {short(z)}" if z_done else ""
            hover = (f"z = {fmt.num(z, 6)}<br>a = {fmt.num(a, 6)}" if a_done
                     else f"z = {fmt.num(z, 6)}" if z_done else t("forward_pass.example.not_yet"))
            states.append(figs.NodeState(name, value, f"<b>{name}</b><br>{hover}", lit=(l == active)))
        layers.append(states)
    return layers


def _g_latex(act_name: str) -> str:
    return {"relu": r"\mathrm{ReLU}", "sigmoid": r"\sigma", "tanh": r"\tanh"}.get(act_name, "g")


def step_latex(net: nncore.MLP, trace: nncore.Trace, step: int) -> list[str]:
    """The formulas of one step with the numbers written out (every number from nncore's trace)."""
    layer, phase = step_of(step)
    act = net.activations[layer - 1]
    if phase == 0:
        lines = []
        for d in lab.dot_products(net, trace, layer):
            terms = " + ".join(rf"{latex_short(a, True)} \cdot {latex_short(w, True)}"
                               for a, w in zip(d.inputs, d.weights))
            if d.bias != 0:
                terms += " + " + latex_short(d.bias, True)
            lines.append(rf"z_{{{UNIT_NAMES[layer][d.unit]}}} = {terms} = {latex_short(d.z)}")
        return lines
    if phase == 1:
        return [rf"Z^{{[{layer}]}} = A^{{[{layer - 1}]}}\,W^{{[{layer}]}} + b^{{[{layer}]}}",
                "= " + latex_short_matrix(trace.A[layer - 1]) + latex_short_matrix(net.weights[layer - 1]) + " + "
                + latex_short_matrix(net.biases[layer - 1]) + " = " + latex_short_matrix(trace.Z[layer])]
    if act.name == "linear":
        return [rf"A^{{[{layer}]}} = g\left(Z^{{[{layer}]}}\right) = Z^{{[{layer}]}} = "
                + latex_short_matrix(trace.A[layer])]
    g = _g_latex(act.name)
    return [rf"A^{{[{layer}]}} = {g}\left(Z^{{[{layer}]}}\right) = {g}\left(" + latex_short_matrix(trace.Z[layer])
            + r"\right) = " + latex_short_matrix(trace.A[layer])]


def _step_buttons(page: Page, step: int) -> None:
    c, t = page.controls, page.t
    cols = st.columns(4)
    specs = [("start", 0, step == 0, ":material/first_page:"), ("prev", max(step - 1, 0), step == 0,
             ":material/chevron_left:"), ("next", min(step + 1, N_STEPS), step == N_STEPS, ":material/chevron_right:"),
             ("all", N_STEPS, step == N_STEPS, ":material/last_page:")]
    for col, (name, target, disabled, icon) in zip(cols, specs):
        with col:
            st.button(t(f"forward_pass.example.btn_{name}"), key=c.widget_key(f"btn_{name}"), icon=icon,
                      on_click=c.set, args=("step", target), disabled=disabled, width="stretch")


def example_section(page: Page) -> None:
    """The worked example of seed 000, editable, stepped through layer by layer with the network diagram."""
    c, t = page.controls, page.t
    hidden = c.selectbox("act", t("forward_pass.example.activation"), HIDDEN_ACTIVATIONS, "linear",
                         format_func=lambda n: t(f"forward_pass.fn.{n}"))
    values = edited_values(page)
    net = example_net(values, hidden)
    trace = net.forward(values["x"])
    step = c.get("step", 0, parse=controls.number(0, N_STEPS, integer=True))

    st.subheader(t("forward_pass.example.step_title"))
    _step_buttons(page, step)
    left, right = st.columns([1.1, 1])
    with left:
        layer_names = [t("forward_pass.example.input_layer"), t("forward_pass.example.hidden_layer"),
                       t("forward_pass.example.output_layer")]
        fig = figs.network_diagram(SIZES, net.weights, node_states(page, net, trace, step),
                                   active_layer=step_of(step)[0] if step else None,
                                   reached_layer=step_of(step)[0] if step else 0, layer_names=layer_names,
                                   number_text=short, title=t("forward_pass.example.chart_title"))
        page.chart(fig, key="network")
        st.caption(t("forward_pass.example.chart_caption"))
    with right:
        st.markdown(t("forward_pass.example.progress", step=step, total=N_STEPS))
        if step == 0:
            st.info(t("forward_pass.example.start_hint"))
            page.formula(r"x = " + latex_short_matrix(trace.A[0]))
        for s in range(1, step + 1):
            layer, phase = step_of(s)
            marker = "▶ " if s == step else ""
            st.markdown(marker + t(f"forward_pass.example.phase_{phase}", layer=layer))
            for line in step_latex(net, trace, s):
                page.formula(line)
        if step == N_STEPS:
            st.success(t("forward_pass.example.result", k=short(trace.A[-1][0, 0])))


# ------------------------------------------------------------------------------------------ shapes
DEFAULT_SIZES = (4, 5, 3, 3, 2)  # seed 001: a 1×4 input, 4×5 and 5×3 weights
MAX_LAYERS = 4


def shape_frames(page: Page, rows: list) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The shape table of nncore.shape_table in the two conventions, as display tables."""
    t = page.t
    idx = [t("forward_pass.shapes.layer", l=r.layer) for r in rows[1:]]
    examples = pd.DataFrame({
        t("forward_pass.shapes.col_in"): [shape_text(rows[r.layer - 1].A) for r in rows[1:]],
        t("forward_pass.shapes.col_W"): [shape_text(r.W) for r in rows[1:]],
        t("forward_pass.shapes.col_b"): [f"{shape_text(r.b)} → {shape_text(r.Z)}" for r in rows[1:]],
        t("forward_pass.shapes.col_Z"): [shape_text(r.Z) for r in rows[1:]],
        t("forward_pass.shapes.col_A"): [shape_text(r.A) for r in rows[1:]],
    }, index=idx)
    course = pd.DataFrame({
        t("forward_pass.shapes.col_W"): [shape_text(r.W_course) for r in rows[1:]],
        t("forward_pass.shapes.col_in"): [shape_text(rows[r.layer - 1].A_course) for r in rows[1:]],
        t("forward_pass.shapes.col_b"): [f"{shape_text(r.b_course)} → {shape_text(r.Z_course)}" for r in rows[1:]],
        t("forward_pass.shapes.col_Z"): [shape_text(r.Z_course) for r in rows[1:]],
        t("forward_pass.shapes.col_A"): [shape_text(r.A_course) for r in rows[1:]],
    }, index=idx)
    return examples, course


def shapes_section(page: Page) -> list:
    c, t = page.controls, page.t
    top = st.columns([1, 1])
    with top[0]:
        n_layers = c.slider("layers", t("forward_pass.shapes.n_layers"), 1, MAX_LAYERS, 2)
    with top[1]:
        m = c.slider("m", t("forward_pass.shapes.m"), 1, 64, 1, help=t("forward_pass.shapes.m_help"))
    sizes = []
    for l, col in enumerate(st.columns(n_layers + 1)):
        with col:
            label = t("forward_pass.shapes.n_input") if l == 0 else t("forward_pass.shapes.n_layer", l=l)
            sizes.append(c.slider(f"n{l}", label, 1, 10, DEFAULT_SIZES[l]))
    rows = nncore.shape_table(sizes, m)
    examples, course = shape_frames(page, rows)
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('forward_pass.shapes.rows_title')}**")
        st.table(examples)
        r1 = rows[1]
        page.formula(rf"\underbrace{{Z^{{[1]}}}}_{{{r1.Z[0]}\times {r1.Z[1]}}} = "
                     rf"\underbrace{{X}}_{{{rows[0].A[0]}\times {rows[0].A[1]}}}\;"
                     rf"\underbrace{{W^{{[1]}}}}_{{{r1.W[0]}\times {r1.W[1]}}} + "
                     rf"\underbrace{{b^{{[1]}}}}_{{({r1.b[0]},)\;\to\;{r1.Z[0]}\times {r1.Z[1]}}}")
        st.caption(t("forward_pass.shapes.rows_broadcast", m=m, n=r1.b[0]))
    with right:
        st.markdown(f"**{t('forward_pass.shapes.course_title')}**")
        st.table(course)
        page.formula(rf"\underbrace{{Z^{{[1]}}}}_{{{r1.Z_course[0]}\times {r1.Z_course[1]}}} = "
                     rf"\underbrace{{W^{{[1]}}}}_{{{r1.W_course[0]}\times {r1.W_course[1]}}}\;"
                     rf"\underbrace{{X}}_{{{rows[0].A_course[0]}\times {rows[0].A_course[1]}}} + "
                     rf"\underbrace{{b^{{[1]}}}}_{{{r1.b_course[0]}\times 1\;\to\;{r1.Z_course[0]}\times {r1.Z_course[1]}}}")
        st.caption(t("forward_pass.shapes.course_broadcast", m=m, n=r1.b_course[0]))
    return rows


# ------------------------------------------------------------------------------------------ vectorization
BATCH_SIZES = (10, 100, 1000, 10000)
VEC_INPUTS, VEC_OUTPUTS = 4, 3
TIMING_REPEATS = 3
TIMINGS_KEY = "forward_pass.timings"  # {(m, width, run): Timing}, at most MAX_TIMINGS (per session)
RUN_KEY = "forward_pass.timing_run"
MAX_TIMINGS = 8


def _measure_again() -> None:
    st.session_state[RUN_KEY] = st.session_state.get(RUN_KEY, 0) + 1


def timing_for(m: int, width: int) -> lab.Timing:
    """Time the loop against the vectorized pass for these settings (measured once per setting and session)."""
    store = st.session_state.setdefault(TIMINGS_KEY, {})
    key = (m, width, st.session_state.get(RUN_KEY, 0))
    if key not in store:
        net = nncore.MLP([VEC_INPUTS, width, VEC_OUTPUTS], hidden="relu", output="linear", init="he", seed=0)
        X, _ = nncore.datasets.random_inputs(m, VEC_INPUTS, seed=1)
        store[key] = lab.time_forward(net, X, repeats=TIMING_REPEATS)
        while len(store) > MAX_TIMINGS:
            store.pop(next(iter(store)))
    return store[key]


def vectorize_section(page: Page) -> lab.Timing:
    c, t = page.controls, page.t
    left, right = st.columns(2)
    with left:
        m = c.select_slider("vm", t("forward_pass.vectorize.m"), BATCH_SIZES, 1000)
    with right:
        width = c.slider("vw", t("forward_pass.vectorize.width"), 2, 200, 5)
    timing = timing_for(m, width)
    cols = st.columns(3)
    cols[0].metric(t("forward_pass.vectorize.loop"), f"{fmt.num(timing.loop_ms, 3)} ms")
    cols[1].metric(t("forward_pass.vectorize.vector"), f"{fmt.num(timing.vector_ms, 3)} ms")
    cols[2].metric(t("forward_pass.vectorize.speedup"), f"× {fmt.num(timing.speedup, 1)}")
    fig = figs.timing_bars([t("forward_pass.vectorize.loop"), t("forward_pass.vectorize.vector")],
                           [timing.loop_seconds, timing.vector_seconds],
                           title=t("forward_pass.vectorize.chart_title", m=m), x_axis=t("forward_pass.vectorize.x_axis"))
    page.chart(fig, key="timing")
    st.caption(t("forward_pass.vectorize.caption", repeats=timing.repeats, diff=fmt.num(timing.max_difference, 2)))
    st.button(t("forward_pass.vectorize.again"), key=c.widget_key("btn_again"), icon=":material/timer:",
              on_click=_measure_again)
    for col, key, latex in zip(st.columns(2), ("loop", "vector"),
                               (r"z^{(i)} = x^{(i)} W + b,\quad i = 1, \dots, m", r"Z = X W + b")):
        with col:
            st.markdown(f"**{t(f'forward_pass.vectorize.{key}')}**")
            page.formula(latex)
    return timing


# ------------------------------------------------------------------------------------------ collapse
COLLAPSE_SIZES = (4, 5, 3)  # seed 001
COLLAPSE_ACTIVATIONS = ("linear", "relu", "tanh", "sigmoid")


def collapse_section(page: Page) -> lab.Collapse:
    c, t = page.controls, page.t
    left, right = st.columns(2)
    with left:
        act = c.selectbox("cact", t("forward_pass.collapse.activation"), COLLAPSE_ACTIVATIONS, "linear",
                          format_func=lambda n: t(f"forward_pass.fn.{n}"))
    with right:
        seed = c.number_input("cseed", t("forward_pass.collapse.seed"), 0, 999, 0, step=1)
    net = lab.random_net(COLLAPSE_SIZES, hidden=act, seed=seed)
    X, _ = nncore.datasets.random_inputs(1, COLLAPSE_SIZES[0], seed=seed + 1000)
    result = lab.collapse(net, X)
    page.formula(r"X = " + fmt.latex_matrix(X, 2) + r",\quad W_1 = " + fmt.latex_matrix(net.weights[0], 2))
    page.formula(r"W_2 = " + fmt.latex_matrix(net.weights[1], 2) + r",\quad W = W_1 W_2 = "
                 + fmt.latex_matrix(result.W, 2))
    page.formula(r"b = b_1 W_2 + b_2 = " + fmt.latex_matrix(result.b, 3))
    cols = st.columns(2)
    with cols[0]:
        st.markdown(f"**{t('forward_pass.collapse.deep', act=t(f'forward_pass.fn.{act}'))}**")
        st.latex(fmt.latex_matrix(result.deep, 6))
    with cols[1]:
        st.markdown(f"**{t('forward_pass.collapse.single')}**")
        st.latex(fmt.latex_matrix(result.single, 6))
    if result.max_difference < 1e-9:
        st.success(t("forward_pass.collapse.equal", diff=fmt.num(result.max_difference, 2)))
    else:
        st.info(t("forward_pass.collapse.differ", diff=fmt.num(result.max_difference, 4)))
    fig = figs.output_comparison(
        ["o₁", "o₂", "o₃"],
        [("deep", t("forward_pass.collapse.deep", act=t(f"forward_pass.fn.{act}")), result.deep),
         ("single", t("forward_pass.collapse.single"), result.single)],
        title=t("forward_pass.collapse.chart_title"), y_axis=t("forward_pass.collapse.y_axis"))
    page.chart(fig, key="collapse")
    return result


# ------------------------------------------------------------------------------------------ beans
BEANS_KEYS = ("bw1", "bb1", "bw2", "bb2", "bv1", "bv2", "bc")  # URL keys, order of lab.BEANS_PARAMS
BEANS_DEFAULT = (10.0, -4.3, 10.0, -12.9, 10.0, -10.0, -5.0)  # a hill built by hand: rises at 0.43, falls at 1.29
BEANS_RANGE, BEANS_STEP = 20.0, 0.1
BEANS_GRID = np.linspace(0.0, 2.0, 41)[:, None]  # display grid of bean sizes (every value on it from nncore)
FIT_EPOCHS, FIT_EVERY, FIT_RATE = 5000, 100, 3.0  # seed 003: 5000 epochs, drawn every 100, 0.03 × 100 beans
BEANS_RANDOM = lab.snap(lab.beans_random_start(0), BEANS_STEP, -BEANS_RANGE, BEANS_RANGE)  # as the article starts
FIT_KEY = "forward_pass.fit"
RANDOM_KEY = "forward_pass.random_seed"


def beans_data():
    return nncore.datasets.beans(100, seed=0)


@st.cache_data(max_entries=16, show_spinner=False)
def fit_beans(start: tuple) -> lab.FitRecord:
    data = beans_data()
    return lab.fit_snapshots(lab.beans_net(start), data.X, data.y, BEANS_GRID, epochs=FIT_EPOCHS, every=FIT_EVERY,
                             learning_rate=FIT_RATE, loss="mse")


def _set_beans_sliders(page: Page, values) -> None:
    for key, v in zip(BEANS_KEYS, values):
        st.session_state[page.controls.widget_key(key)] = float(v)


def _random_start(page: Page) -> None:
    seed = st.session_state.get(RANDOM_KEY, 0)
    st.session_state[RANDOM_KEY] = seed + 1
    _set_beans_sliders(page, lab.snap(lab.beans_random_start(seed), BEANS_STEP, -BEANS_RANGE, BEANS_RANGE))
    st.session_state.pop(FIT_KEY, None)


def _fit(page: Page) -> None:
    start = tuple(float(st.session_state.get(page.controls.widget_key(k), d)) for k, d in zip(BEANS_KEYS,
                                                                                               BEANS_DEFAULT))
    record = fit_beans(start)
    end = lab.snap(lab.beans_params(_net_from(record.params[-1])), BEANS_STEP, -BEANS_RANGE, BEANS_RANGE)
    st.session_state[FIT_KEY] = {"start": start, "end": end, "record": record}
    _set_beans_sliders(page, end)


def _net_from(params) -> nncore.MLP:
    net = nncore.MLP([1, 2, 1], hidden="sigmoid", output="sigmoid", init="zeros")
    net.set_params(*params)
    return net


def beans_labels(page: Page, title: str) -> figs.BeansLabels:
    t = page.t
    return figs.BeansLabels(
        title=title, x_axis=t("forward_pass.beans.x_axis"), hidden_axis=t("forward_pass.beans.hidden_axis"),
        sum_axis=t("forward_pass.beans.sum_axis"), output_axis=t("forward_pass.beans.output_axis"),
        h1=t("forward_pass.beans.h1"), h2=t("forward_pass.beans.h2"), term1=t("forward_pass.beans.term1"),
        term2=t("forward_pass.beans.term2"), weighted_sum=t("forward_pass.beans.weighted_sum"),
        output=t("forward_pass.beans.output"), beans=t("forward_pass.beans.beans"), play=t("forward_pass.beans.play"),
        pause=t("forward_pass.beans.pause"), epoch=t("forward_pass.beans.epoch"))


def beans_section(page: Page) -> dict:
    c, t = page.controls, page.t
    params = []
    groups = (("group_h1", BEANS_KEYS[0:2]), ("group_h2", BEANS_KEYS[2:4]), ("group_out", BEANS_KEYS[4:7]))
    defaults = dict(zip(BEANS_KEYS, BEANS_DEFAULT))
    for col, (group, keys) in zip(st.columns(3), groups):
        with col:
            st.markdown(f"**{t(f'forward_pass.beans.{group}')}**")
            for key in keys:
                params.append(c.slider(key, t(f"forward_pass.beans.p_{key}"), -BEANS_RANGE, BEANS_RANGE,
                                       defaults[key], step=BEANS_STEP))
    params = tuple(params)
    b1, b2 = st.columns(2)
    with b1:
        st.button(t("forward_pass.beans.fit", epochs=FIT_EPOCHS), key=c.widget_key("btn_fit"), type="primary",
                  icon=":material/model_training:", on_click=_fit, args=(page,), width="stretch")
    with b2:
        st.button(t("forward_pass.beans.random"), key=c.widget_key("btn_random"), icon=":material/casino:",
                  on_click=_random_start, args=(page,), width="stretch")

    data = beans_data()
    net = lab.beans_net(params)
    trace = net.forward(BEANS_GRID)
    loss = net.loss(data.X, data.y, "mse")
    acc = net.accuracy(data.X, data.y)
    m1, m2 = st.columns(2)
    m1.metric(t("forward_pass.beans.loss"), fmt.num(loss))
    m2.metric(t("forward_pass.beans.accuracy"), fmt.percent(acc))

    fit = st.session_state.get(FIT_KEY)
    if fit is not None and tuple(fit["end"]) != params:
        st.session_state.pop(FIT_KEY, None)  # the sliders moved on: the recorded fit no longer shows this view
        fit = None
    if fit is not None:
        rec = fit["record"]
        figures = fit.setdefault("figures", {})  # built once per language: 51 frames take ~0.1 s to build
        if page.lang not in figures:
            titles = [t("forward_pass.beans.frame_title", epoch=int(e), loss=fmt.num(v)) for e, v in
                      zip(rec.epochs, rec.losses)]
            figures[page.lang] = figs.beans_animation(BEANS_GRID, rec.hidden, rec.terms, rec.pre_output, rec.output,
                                                      rec.epochs, data.X, data.y, titles,
                                                      labels=beans_labels(page, ""))
        page.chart(figures[page.lang], key="beans_fit")
        st.caption(t("forward_pass.beans.fit_caption", epochs=int(rec.epochs[-1]), start=fmt.num(rec.losses[0]),
                     end=fmt.num(rec.losses[-1]), rate=fmt.num(rec.learning_rate, 1)))
        if rec.diverged:
            st.error(t("forward_pass.beans.diverged"))
    else:
        fig = figs.beans_network(BEANS_GRID, trace.A[1], trace.Z[2][:, 0], trace.A[2][:, 0],
                                 lab.contributions(net, trace, 2), data.X, data.y,
                                 labels=beans_labels(page, t("forward_pass.beans.chart_title")))
        page.chart(fig, key="beans")
        st.caption(t("forward_pass.beans.caption"))
    w1, b1_, w2, b2_, v1, v2, cc = (latex_short(p, True) for p in params)
    page.formula(rf"\hat y = \sigma\big(v_1\,\sigma(w_1 x + b_1) + v_2\,\sigma(w_2 x + b_2) + c\big) = "
                 rf"\sigma\big({v1}\,\sigma({w1}x + {b1_}) + {v2}\,\sigma({w2}x + {b2_}) + {cc}\big)")
    return {"params": params, "net": net, "loss": loss, "fit": fit}
