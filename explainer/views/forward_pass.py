"""Sections of the Forward-pass page: the worked example step by step, shapes (parameters, hyperparameters and the
rank-1 bias), vectorization, collapse, universal approximation, the beans; its questions.

Every number comes from :mod:`nncore.lessons.forward_pass`; this module lays out and formats.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

import nncore
from explainer import controls, fmt
from explainer.checks import Question
from explainer.figures import forward_pass as figs
from explainer.shell import Page
from nncore.lessons import forward_pass as lab

SECTIONS = ("example", "shapes", "vectorize", "collapse", "universal", "beans")
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


def tuple_text(shape: tuple) -> str:
    """A shape as NumPy prints it: (5,), (5, 1)."""
    return f"({shape[0]},)" if len(shape) == 1 else "(" + ", ".join(str(n) for n in shape) + ")"


# ------------------------------------------------------------------------------------------ worked example
SIZES = lab.EXAMPLE_SIZES  # Article 1: two inputs, hidden neurons i and j, output k
N_STEPS = 3 * (len(SIZES) - 1)  # per layer: dot products, Z = A·W + b, activation
HIDDEN_ACTIVATIONS = ("linear", "relu", "sigmoid", "tanh")
UNIT_NAMES = (("x_1", "x_2"), ("i", "j"), ("k",))  # the article's names of the nodes


@dataclass(frozen=True)
class MatrixSpec:
    """One editable matrix of the worked example: URL key, shape, default (row-major), its symbol, and whether a
    student may delete rows (a matrix may lose a row and get the wrong shape; a one-row vector may not)."""

    key: str
    shape: tuple
    default: tuple
    symbol: str  # shown in messages (not user text)
    rows_deletable: bool


MATRICES = (
    MatrixSpec("x", (1, 2), (2.0, 3.0), "x", False),
    MatrixSpec("w1", (2, 2), (1.0, -1.0, 1.0, 1.0), "W[1]", True),  # columns node_0 = [1, 1], node_1 = [−1, 1]
    MatrixSpec("b1", (1, 2), (0.0, 0.0), "b[1]", False),
    MatrixSpec("w2", (2, 1), (2.0, -1.0), "W[2]", True),  # output = [2, −1]
    MatrixSpec("b2", (1, 1), (0.0,), "b[2]", False),
)
DEFAULTS = {spec.key: np.asarray(spec.default, dtype=float).reshape(spec.shape) for spec in MATRICES}


def run_example(values: dict, hidden: str) -> lab.WorkedExample:
    return lab.worked_example(values["x"], values["w1"], values["b1"].ravel(), values["w2"], values["b2"].ravel(),
                              hidden)


def _labels(page: Page, spec: MatrixSpec) -> tuple[list[str] | None, list[str]]:
    """(row names or None for a one-row vector, column names) of a matrix's table."""
    t = page.t
    inputs = [t("forward_pass.example.family"), t("forward_pass.example.accounts")]
    hidden = [t("forward_pass.example.node_i"), t("forward_pass.example.node_j")]
    out = [t("forward_pass.example.node_k")]
    return {"x": (None, inputs), "w1": (inputs, hidden), "b1": (None, hidden), "w2": (hidden, out),
            "b2": (None, out)}[spec.key]


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


def _put_back(generation_key: str) -> None:
    """"Put the table back": a new table (a new widget key) that starts from the last valid values; the browser
    drops the old table together with its edits."""
    st.session_state[generation_key] = st.session_state.get(generation_key, 0) + 1


def edited_values(page: Page) -> dict[str, np.ndarray]:
    """The worked example's inputs and weights: URL (last valid) values, replaced by valid edits in the tables.

    An edit of the wrong shape (a deleted row) or with a non-number gets a message naming the expected shape, and a
    button that puts the table back; the last valid values stay in use (and in the URL).
    """
    c, t = page.controls, page.t
    values = {}
    for spec in MATRICES:
        size = spec.shape[0] * spec.shape[1]
        flat = c.get(spec.key, list(spec.default), parse=controls.floats(length=size, lo=-LIMIT, hi=LIMIT))
        values[spec.key] = np.asarray(flat, dtype=float).reshape(spec.shape)
    st.caption(t("forward_pass.example.edit_hint"))
    columns = st.columns([1, 1.2, 0.9])
    placement = {"x": columns[0], "b1": columns[0], "w1": columns[1], "w2": columns[2], "b2": columns[2]}
    for spec in MATRICES:
        rows, cols = _labels(page, spec)
        with placement[spec.key]:
            st.markdown(f"**{t(f'forward_pass.example.matrix_{spec.key}')}**")
            # row names in a read-only text column (a RangeIndex lets the student delete rows)
            frame = {ROW_COLUMN: rows} if rows is not None else {}
            frame.update({name: values[spec.key][:, j] for j, name in enumerate(cols)})
            # the key names the values the table starts from: when they change (a valid edit, a link, a reset)
            # the table starts afresh instead of re-applying old edits on top of the new values; "put the table
            # back" counts up the generation for the same effect with unchanged values
            generation_key = c.widget_key(f"ed_{spec.key}_generation")
            generation = st.session_state.get(generation_key, 0)
            key = c.widget_key(f"ed_{spec.key}:{controls.encode(values[spec.key].ravel().tolist())}:{generation}")
            config = {name: st.column_config.NumberColumn(name) for name in cols}
            if rows is not None:
                config[ROW_COLUMN] = st.column_config.TextColumn("", disabled=True)
            edited = st.data_editor(pd.DataFrame(frame), key=key, hide_index=True, width="stretch",
                                    num_rows="delete" if spec.rows_deletable else "fixed", column_config=config)
            check = lab.check_matrix(edited[cols].to_numpy(dtype=object).tolist(), spec.shape, limit=LIMIT)
            if not check.ok:
                st.error(_problem_message(page, spec, check), icon=":material/error:")
                st.button(t("forward_pass.example.restore"), key=c.widget_key(f"btn_restore_{spec.key}"),
                          icon=":material/undo:", on_click=_put_back, args=(generation_key,))
            elif not np.array_equal(check.array, values[spec.key]):
                values[spec.key] = check.array
                c.set(spec.key, [float(v) for v in check.array.ravel()])
    return values


def step_of(step: int) -> tuple[int, int]:
    """Step 1 … N_STEPS → (layer 1 … L, phase 0 dot products | 1 matrix form | 2 activation)."""
    return (step - 1) // 3 + 1, (step - 1) % 3


def node_states(page: Page, trace: nncore.Trace, step: int) -> list[list[figs.NodeState]]:
    t = page.t
    inputs = [f"x{fmt.subscript(i + 1)}" for i in range(SIZES[0])]  # x₁, x₂ as in the lesson (UNIT_NAMES: LaTeX)
    layers = [[figs.NodeState(inputs[i], short(trace.A[0][0, i]), f"{inputs[i]} = {fmt.num(trace.A[0][0, i], 6)}")
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
    """Article 1's worked example, editable, stepped through layer by layer with the network diagram."""
    c, t = page.controls, page.t
    hidden = c.selectbox("act", t("forward_pass.example.activation"), HIDDEN_ACTIVATIONS, "linear",
                         format_func=lambda n: t(f"forward_pass.fn.{n}"))
    values = edited_values(page)
    run = run_example(values, hidden)
    net, trace = run.net, run.trace
    step = c.get("step", 0, parse=controls.number(0, N_STEPS, integer=True))

    st.subheader(t("forward_pass.example.step_title"))
    _step_buttons(page, step)
    left, right = st.columns([1.1, 1])
    with left:
        layer_names = [t("forward_pass.example.input_layer"), t("forward_pass.example.hidden_layer"),
                       t("forward_pass.example.output_layer")]
        fig = figs.network_diagram(SIZES, net.weights, node_states(page, trace, step),
                                   active_layer=step_of(step)[0] if step else None,
                                   reached_layer=step_of(step)[0] if step else 0, layer_names=layer_names,
                                   number_text=short, title=t("forward_pass.example.chart_title"))
        page.chart(fig, key="fig_network")
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
            st.success(t("forward_pass.example.result", k=short(run.k)))


# ------------------------------------------------------------------------------------------ shapes
DEFAULT_SIZES = (4, 5, 3, 3, 2)  # Article 2: a 1×4 input, 4×5 and 5×3 weights
MAX_LAYERS = 4


@st.cache_data(max_entries=64, show_spinner=False)
def shape_lesson(sizes: tuple, m: int) -> lab.ShapeLesson:
    return lab.shapes(sizes, m)


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


def _params_frame(page: Page, lesson: lab.ShapeLesson) -> pd.DataFrame:
    t = page.t
    return pd.DataFrame({
        t("forward_pass.shapes.col_param"): [f"W[{p.layer}], b[{p.layer}]" for p in lesson.params],
        t("forward_pass.shapes.col_W"): [shape_text(p.W_shape) for p in lesson.params],
        t("forward_pass.shapes.col_b_nncore"): [tuple_text(p.b_shape) for p in lesson.params],
        t("forward_pass.shapes.col_count"): [f"{p.W_shape[0]}·{p.W_shape[1]} + {p.b_shape[0]} = {p.count}"
                                             for p in lesson.params],
    })


def _rank_one(page: Page, r: lab.RankOne) -> None:
    """What NumPy does with nncore's rank-1 bias, with the shapes of this network."""
    t = page.t
    n, m = r.n, r.m
    course = ("ValueError" if r.course == "error" else tuple_text(r.course_shape))
    rows = [("b.shape", tuple_text(r.b_shape)), ("b.T.shape", tuple_text(r.bT_shape)),
            (f"b.reshape({n}, 1).shape", tuple_text(r.column_shape)),
            ("(X @ W + b).shape", tuple_text(r.rows_shape)), ("(W.T @ X.T + b).shape", course),
            (f"(W.T @ X.T + b.reshape({n}, 1)).shape", tuple_text(r.column_shape_out))]
    pad = max(len(code) for code, _ in rows) + 2
    lines = ["b = net.biases[0]"] + [f"{code.ljust(pad)}# {result}" for code, result in rows]
    st.code("\n".join(lines), language="python")
    st.markdown(t("forward_pass.shapes.rank1_rows", n=n, m=m))
    key = f"forward_pass.shapes.rank1_{r.course}"
    st.markdown(t(key, n=n, m=m, err=fmt.num(r.course_error or 0.0, 3)))
    st.markdown(t("forward_pass.shapes.rank1_column", n=n, m=m))


def shapes_section(page: Page) -> None:
    c, t = page.controls, page.t
    top = st.columns([1, 1])
    with top[0]:
        n_layers = c.slider("layers", t("forward_pass.shapes.n_layers"), 1, MAX_LAYERS, 2)
    with top[1]:
        m = c.slider("m", t("forward_pass.shapes.m"), 1, 64, 1, help=t("forward_pass.shapes.m_help"))
    sizes = []
    for l, col in enumerate(st.columns(n_layers + 1)):
        with col:
            label = t("forward_pass.shapes.n_input") if l == 0 else t("forward_pass.shapes.n_layer", l=fmt.subscript(l))
            sizes.append(c.slider(f"n{l}", label, 1, 10, DEFAULT_SIZES[l]))
    lesson = shape_lesson(tuple(sizes), m)
    rows = lesson.rows
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

    st.subheader(t("forward_pass.shapes.params_title"))
    st.table(_params_frame(page, lesson))
    st.markdown(t("forward_pass.shapes.params_text", n=lesson.n_params, L=len(sizes) - 1,
                  sizes="-".join(str(n) for n in sizes), m=m))
    st.subheader(t("forward_pass.shapes.rank1_title"))
    _rank_one(page, lesson.rank_one)


# ------------------------------------------------------------------------------------------ vectorization
BATCH_SIZES = (10, 100, 1000, 10000)
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
        store[key] = lab.timing_run(m, width, repeats=TIMING_REPEATS)
        while len(store) > MAX_TIMINGS:
            store.pop(next(iter(store)))
    return store[key]


def vectorize_section(page: Page) -> None:
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
    fig = figs.timing_bars([t("forward_pass.vectorize.loop_short"), t("forward_pass.vectorize.vector_short")],
                           [timing.loop_seconds, timing.vector_seconds],
                           title=t("forward_pass.vectorize.chart_title", m=m), x_axis=t("forward_pass.vectorize.x_axis"))
    page.chart(fig, key="fig_timing")
    st.caption(t("forward_pass.vectorize.caption", repeats=timing.repeats, diff=fmt.num(timing.max_difference, 2)))
    st.button(t("forward_pass.vectorize.again"), key=c.widget_key("btn_again"), icon=":material/timer:",
              on_click=_measure_again)
    for col, key, latex in zip(st.columns(2), ("loop", "vector"),
                               (r"z^{(i)} = x^{(i)} W + b,\quad i = 1, \dots, m", r"Z = X W + b")):
        with col:
            st.markdown(f"**{t(f'forward_pass.vectorize.{key}')}**")
            page.formula(latex)


# ------------------------------------------------------------------------------------------ collapse
COLLAPSE_ACTIVATIONS = ("linear", "relu", "tanh", "sigmoid")
COLLAPSE_SIZES = lab.COLLAPSE_SIZES


def collapse_section(page: Page) -> None:
    c, t = page.controls, page.t
    left, right = st.columns(2)
    with left:
        act = c.selectbox("cact", t("forward_pass.collapse.activation"), COLLAPSE_ACTIVATIONS, "linear",
                          format_func=lambda n: t(f"forward_pass.fn.{n}"))
    with right:
        seed = c.number_input("cseed", t("forward_pass.collapse.seed"), 0, 999, 0, step=1)
    X, net, result = lab.collapse_run(act, seed)
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
    page.chart(fig, key="fig_collapse")


# ------------------------------------------------------------------------------------------ universal approximation
UA_WIDTHS = lab.UA_WIDTHS


@st.cache_data(max_entries=1, show_spinner=False)
def approximation_run() -> lab.ApproximationRun:
    """Every width at once (about 80 ms, the same for every student): a width change is then only drawing."""
    return lab.universal_approximation()


def universal_section(page: Page) -> None:
    """One hidden layer of 1, 2, 4, 8, 16 sigmoid units fitted to a bumpy curve: the fit and its error per width."""
    c, t = page.controls, page.t
    left, right = st.columns([2, 1])
    with left:
        width = c.select_slider("units", t("forward_pass.universal.width"), UA_WIDTHS, UA_WIDTHS[0])
    with right:
        show_terms = c.toggle("terms", t("forward_pass.universal.show_terms"), True,
                              help=t("forward_pass.universal.show_terms_help"))
    with st.spinner(t("forward_pass.universal.training")):
        run = approximation_run()
    fit = run.at(width)
    cols = st.columns(3)
    cols[0].metric(t("forward_pass.universal.params"), str(fit.n_params))
    cols[1].metric(t("forward_pass.universal.mse"), fmt.num(fit.mse, 6))
    cols[2].metric(t("forward_pass.universal.max_gap"), fmt.num(fit.max_gap, 3))
    fig = figs.approximation(run.x, run.f, fit.fit, fit.terms if show_terms else None,
                             target_label=t("forward_pass.universal.target"),
                             fit_label=t("forward_pass.universal.fit", n=width),
                             term_label=t("forward_pass.universal.term"), x_axis="x",
                             title=t("forward_pass.universal.chart_title", n=width))
    page.chart(fig, key="fig_universal")
    page.formula(rf"\hat y(x) = \sum_{{k=1}}^{{{width}}} v_k\,\sigma(w_k x + b_k) + c")
    errors = figs.approximation_errors(UA_WIDTHS, [a.mse for a in run.fits], width,
                                       x_axis=t("forward_pass.universal.errors_x"),
                                       y_axis=t("forward_pass.universal.errors_y"),
                                       title=t("forward_pass.universal.errors_title"))
    page.chart(errors, key="fig_universal_errors")
    st.caption(t("forward_pass.universal.caption", epochs=run.epochs, rate=fmt.num(run.learning_rate, 2),
                 points=run.x.size, first=fmt.num(run.fits[0].mse, 6), last=fmt.num(run.fits[-1].mse, 6),
                 n_last=run.fits[-1].width))


# ------------------------------------------------------------------------------------------ beans
BEANS_KEYS = ("bw1", "bb1", "bw2", "bb2", "bv1", "bv2", "bc")  # URL keys, order of lab.BEANS_PARAMS
BEANS_DEFAULT = (10.0, -4.3, 10.0, -12.9, 10.0, -10.0, -5.0)  # a hill built by hand: rises at 0.43, falls at 1.29
BEANS_RANGE, BEANS_STEP = 30.0, 0.1
BEANS_GRID = np.linspace(0.0, 2.0, 41)[:, None]  # display grid of bean sizes (every value on it from nncore)
FIT_EPOCHS, FIT_EVERY, FIT_RATE = 5000, 100, 3.0  # Article 4: 5000 epochs, drawn every 100; η ≈ 0.03 × 100 beans
BEANS_RANDOM = lab.beans_random_start(0)  # the first "random start": seven U[0, 1) draws, exactly as drawn
FIT_KEY = "forward_pass.fit"
RANDOM_KEY = "forward_pass.random_seed"
CLIPPED_KEY = "forward_pass.fit_clipped"


def beans_data():
    return nncore.datasets.beans(100, seed=0)


@st.cache_data(max_entries=16, show_spinner=False)
def fit_beans(start: tuple) -> lab.FitRecord:
    data = beans_data()
    return lab.fit_snapshots(lab.beans_net(start), data.X, data.y, BEANS_GRID, epochs=FIT_EPOCHS, every=FIT_EVERY,
                             learning_rate=FIT_RATE, loss="mse")


@st.cache_data(max_entries=1, show_spinner=False)
def beans_baseline() -> lab.BeansBaseline:
    data = beans_data()
    return lab.beans_baseline(data.X, data.y, BEANS_GRID)


@st.cache_data(max_entries=64, show_spinner=False)
def beans_state(params: tuple) -> lab.BeansView:
    data = beans_data()
    return lab.beans_view(params, data.X, data.y, BEANS_GRID)


def _set_beans_sliders(page: Page, values) -> None:
    for key, v in zip(BEANS_KEYS, values):
        st.session_state[page.controls.widget_key(key)] = float(v)


def _random_start(page: Page) -> None:
    seed = st.session_state.get(RANDOM_KEY, 0)
    st.session_state[RANDOM_KEY] = seed + 1
    _set_beans_sliders(page, lab.beans_random_start(seed))
    st.session_state.pop(FIT_KEY, None)
    st.session_state.pop(CLIPPED_KEY, None)


def _fit(page: Page) -> None:
    start = tuple(float(st.session_state.get(page.controls.widget_key(k), d)) for k, d in zip(BEANS_KEYS,
                                                                                               BEANS_DEFAULT))
    record = fit_beans(start)
    end = lab.fitted_beans_params(record)
    shown, clipped = lab.clip_params(end, -BEANS_RANGE, BEANS_RANGE)
    st.session_state[FIT_KEY] = {"start": start, "end": end, "record": record}
    st.session_state[CLIPPED_KEY] = clipped
    _set_beans_sliders(page, shown)


def beans_labels(page: Page, title: str) -> figs.BeansLabels:
    t = page.t
    return figs.BeansLabels(
        title=title, x_axis=t("forward_pass.beans.x_axis"), hidden_axis=t("forward_pass.beans.hidden_axis"),
        sum_axis=t("forward_pass.beans.sum_axis"), output_axis=t("forward_pass.beans.output_axis"),
        h1=t("forward_pass.beans.h1"), h2=t("forward_pass.beans.h2"), term1=t("forward_pass.beans.term1"),
        term2=t("forward_pass.beans.term2"), weighted_sum=t("forward_pass.beans.weighted_sum"),
        output=t("forward_pass.beans.output"), single=t("forward_pass.beans.single_curve"),
        beans=t("forward_pass.beans.beans"), play=t("forward_pass.beans.play"), pause=t("forward_pass.beans.pause"),
        epoch=t("forward_pass.beans.epoch"))


def _steps_text(page: Page, view: lab.BeansView) -> str:
    """Where the two weighted steps v·h sit on this network and what their sum makes (numbers from nncore)."""
    t = page.t
    parts = []
    for k, sub in enumerate("₁₂"):
        if view.term_flat[k]:
            parts.append(t("forward_pass.beans.term_flat", k=sub))
        else:
            direction = t("forward_pass.beans.rises" if view.term_rising[k] else "forward_pass.beans.falls")
            parts.append(t("forward_pass.beans.term_at", k=sub, dir=direction, x=fmt.num(view.steps[k], 2)))
    lo, hi = (fmt.num(x, 2) for x in view.between) if view.between else ("", "")
    shape = t(f"forward_pass.beans.shape_{view.shape}", a=lo, b=hi)
    return t("forward_pass.beans.terms_sentence", first=parts[0], second=parts[1], shape=shape)


def beans_section(page: Page) -> None:
    c, t = page.controls, page.t
    params = []
    groups = (("group_h1", BEANS_KEYS[0:2]), ("group_h2", BEANS_KEYS[2:4]), ("group_out", BEANS_KEYS[4:7]))
    defaults = dict(zip(BEANS_KEYS, BEANS_DEFAULT))
    for col, (group, keys) in zip(st.columns(3), groups):
        with col:
            st.markdown(f"**{t(f'forward_pass.beans.{group}')}**")
            for key in keys:
                params.append(c.slider(key, t(f"forward_pass.beans.p_{key}"), -BEANS_RANGE, BEANS_RANGE,
                                       defaults[key], step=BEANS_STEP, on_grid=False))  # a fit's values too
    params = tuple(float(p) for p in params)
    b1, b2 = st.columns(2)
    with b1:
        st.button(t("forward_pass.beans.fit", epochs=FIT_EPOCHS), key=c.widget_key("btn_fit"), type="primary",
                  icon=":material/model_training:", on_click=_fit, args=(page,), width="stretch")
    with b2:
        st.button(t("forward_pass.beans.random"), key=c.widget_key("btn_random"), icon=":material/casino:",
                  on_click=_random_start, args=(page,), width="stretch")

    data = beans_data()
    view = beans_state(params)
    base = beans_baseline()
    m1, m2 = st.columns(2)
    m1.metric(t("forward_pass.beans.loss"), fmt.num(view.loss))
    m2.metric(t("forward_pass.beans.accuracy"), fmt.percent(view.accuracy, 0))
    st.markdown(f"**{t('forward_pass.beans.compare_title')}**")
    k1, k2, k3 = st.columns(3)
    k1.metric(t("forward_pass.beans.acc_single"), fmt.percent(base.accuracy, 0))
    k2.metric(t("forward_pass.beans.acc_majority"), fmt.percent(base.majority, 0))
    k3.metric(t("forward_pass.beans.acc_network"), fmt.percent(view.accuracy, 0))
    st.caption(t("forward_pass.beans.compare_caption", w=fmt.num(base.w, 2), c=fmt.num(base.c, 2),
                 epochs=base.epochs, single=fmt.percent(base.accuracy, 0), majority=fmt.percent(base.majority, 0)))

    fit = st.session_state.get(FIT_KEY)
    if fit is not None and tuple(fit["end"]) != params:
        st.session_state.pop(FIT_KEY, None)  # the sliders moved on (or were clipped): the fit no longer shows them
        fit = None
    if st.session_state.pop(CLIPPED_KEY, False):
        st.warning(t("forward_pass.beans.clipped", limit=fmt.num(BEANS_RANGE, 0)))
    if fit is not None:
        rec = fit["record"]
        figures = fit.setdefault("figures", {})  # built once per language: 51 frames
        if page.lang not in figures:
            notes = [t("forward_pass.beans.frame_note", epoch=int(e), loss=fmt.num(v)) for e, v in
                     zip(rec.epochs, rec.losses)]
            figures[page.lang] = figs.beans_animation(
                BEANS_GRID, rec.hidden, rec.terms, rec.pre_output, rec.output, rec.epochs, data.X, data.y, notes,
                single=base.curve, labels=beans_labels(page, t("forward_pass.beans.fit_title", epochs=FIT_EPOCHS)))
        page.chart(figures[page.lang], key="fig_beans_fit")
        st.caption(t("forward_pass.beans.fit_caption", epochs=int(rec.epochs[-1]), start=fmt.num(rec.losses[0]),
                     end=fmt.num(rec.losses[-1]), rate=fmt.num(rec.learning_rate, 0)))
        if rec.diverged:
            st.error(t("forward_pass.beans.diverged"))
    else:
        fig = figs.beans_network(BEANS_GRID, view.hidden, view.pre_output, view.output, view.terms, data.X, data.y,
                                 single=base.curve, labels=beans_labels(page, t("forward_pass.beans.chart_title")))
        page.chart(fig, key="fig_beans")
        st.caption(t("forward_pass.beans.caption"))
    st.markdown(_steps_text(page, view))
    w1, b1_, w2, b2_, v1, v2, cc = (latex_short(p, True) for p in params)
    page.formula(rf"\hat y = \sigma\big(v_1\,\sigma(w_1 x + b_1) + v_2\,\sigma(w_2 x + b_2) + c\big) = "
                 rf"\sigma\big({v1}\,\sigma({w1}x + {b1_}) + {v2}\,\sigma({w2}x + {b2_}) + {cc}\big)")


# ------------------------------------------------------------------------------------------ check yourself
CHECK_X = (1.0, 4.0)  # the worked example with other inputs
CHECK_SIZES = (4, 5, 3)  # Article 2's network


def checks() -> list[Question]:
    """The page's questions; every answer from nncore."""
    run = lab.worked_example(CHECK_X, DEFAULTS["w1"], DEFAULTS["b1"].ravel(), DEFAULTS["w2"], DEFAULTS["b2"].ravel())
    i, j = run.trace.A[1][0]
    lesson = shape_lesson(CHECK_SIZES, 1)
    w2 = lesson.params[1].W_shape  # nncore's W[2]
    candidates = lab.weight_shape_choices(CHECK_SIZES, 2)
    answer = next(k for k, shape in candidates.items() if shape == w2)
    sizes_text = "-".join(str(n) for n in CHECK_SIZES)
    counts = " + ".join(f"({p.W_shape[0]}·{p.W_shape[1]} + {p.b_shape[0]})" for p in lesson.params)
    shape_params = {"view": "shapes", "layers": len(CHECK_SIZES) - 1,
                    **{f"n{l}": n for l, n in enumerate(CHECK_SIZES)}}
    return [
        Question("k_other_input", answer=run.k, tol=0,
                 show_me={"x": ",".join(short(v) for v in CHECK_X), "step": N_STEPS},
                 values={"x1": short(CHECK_X[0]), "x2": short(CHECK_X[1]), "i": short(i), "j": short(j),
                         "k": short(run.k)}),
        Question("w2_shape", answer=answer, options=tuple(candidates), show_me=shape_params,
                 values={"sizes": sizes_text, "shape": shape_text(w2), "course": shape_text(candidates["course"])}),
        Question("n_params", answer=float(lesson.n_params), tol=0, show_me=shape_params,
                 values={"sizes": sizes_text, "counts": counts, "n": lesson.n_params}),
    ]
