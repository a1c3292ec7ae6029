"""Sections of the Neuron page: the M-P neuron, the perceptron learning rule step by step, XOR with a hidden layer,
a single neuron as linear or logistic regression; its questions.

Every number comes from :mod:`nncore.lessons.neuron`; this module lays out and formats.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from explainer import controls, fmt
from explainer.checks import Question
from explainer.figures import neuron as figs
from explainer.shell import Page
from nncore import datasets
from nncore.lessons import neuron as lesson
from nncore.perceptron import mp_neuron

SECTIONS = ("mp", "perceptron", "xor", "regression")

# perceptron
DATASETS = lesson.PERCEPTRON_DATA
ETAS = (0.25, 0.5, 1.0, 2.0)  # powers of two: every weight stays exact, so a repeated state is seen exactly
RUN_SIZES = (5, 10, 20, 50)
MAX_STEPS = 200  # the replay is capped: XOR never stops on its own
GATE_BOUNDS, SEPARABLE_BOUNDS = (-0.5, 1.5), (-6.5, 6.5)
REGION_RES = 81

# XOR network
XOR_HIDDEN = ("tanh", "sigmoid")
XOR_SEEDS = tuple(range(10))  # enough to meet both outcomes; one run (1000 epochs, ~20 ms) per seed, cached

# single neuron
CURVE_X = np.linspace(-2.2, 2.2, 221)  # display grid; the neuron's output on it comes from nncore


def short(x: float, digits: int = 4) -> str:
    """``fmt.num`` without trailing zeros: 2.0000 → 2, 0.5000 → 0.5."""
    text = fmt.num(x, digits)
    if "e" not in text and "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def vec(values) -> str:
    """(a, b) with short numbers, for LaTeX."""
    return "(" + ", ".join(short(v) for v in np.asarray(values, float).ravel()) + ")"


def signed(x: float) -> str:
    """"+ 2" or "- 2": a term after another in a sum."""
    text = short(x)
    return f"- {text[1:]}" if text.startswith("-") else f"+ {text}"


def paren(x: float) -> str:
    text = short(x)
    return f"({text})" if text.startswith("-") else text


def point_name(x) -> str:
    """An input of the truth table as text: (0, 1)."""
    return "(" + ", ".join(str(int(v)) for v in np.asarray(x).ravel()) + ")"


# ------------------------------------------------------------------------------------------ M-P neuron
def mp_section(page: Page) -> None:
    """The McCulloch–Pitts neuron: inputs, weights and threshold on sliders; sum, output and truth table."""
    c, t = page.controls, page.t
    left, right = st.columns([1, 1.5])
    with left:
        x1 = c.slider("x1", t("neuron.mp.x1"), 0, 1, 1)
        x2 = c.slider("x2", t("neuron.mp.x2"), 0, 1, 1)
        w1 = c.slider("w1", t("neuron.mp.w1"), -2.0, 2.0, 1.0, step=0.5)
        w2 = c.slider("w2", t("neuron.mp.w2"), -2.0, 2.0, 1.0, step=0.5)
        theta = c.slider("theta", t("neuron.mp.theta"), -3.0, 3.0, 2.0, step=0.5, help=t("neuron.mp.theta_help"))
    weights = [w1, w2]
    s, out = mp_neuron([x1, x2], weights, theta)
    with right:
        labels = figs.MPLabels(t("neuron.mp.dendrites"), t("neuron.mp.body"), t("neuron.mp.axon"),
                               t("neuron.mp.fires"), t("neuron.mp.silent"), t("neuron.mp.dendrites_role"),
                               t("neuron.mp.body_role"), t("neuron.mp.axon_role"))
        page.chart(figs.mp_diagram([x1, x2], weights, theta, s, out, labels, number_text=short,
                                   title=t("neuron.mp.chart_title")), key="fig_mp")
        cols = st.columns(3)
        cols[0].metric(t("neuron.mp.sum"), short(s))
        cols[1].metric(t("neuron.mp.threshold"), short(theta))
        cols[2].metric(t("neuron.mp.output"), str(out))
    relation = r"\geq" if out == 1 else "<"
    page.formula(rf"s = w_1 x_1 + w_2 x_2 = {paren(w1)} \times {x1} + {paren(w2)} \times {x2} = {short(s)}"
                 rf"\;{relation}\;\theta = {short(theta)} \;\Rightarrow\; y = {out}")

    table = lesson.mp_table(weights, theta)
    st.markdown(f"**{t('neuron.mp.table_title')}**")
    frame = pd.DataFrame({"x₁": table.inputs[:, 0].astype(int), "x₂": table.inputs[:, 1].astype(int),
                          t("neuron.mp.sum"): [short(v) for v in table.sums], "y": table.outputs})
    page.table(frame, hide_index=True, width="content")
    if table.gate is not None:
        st.success(t("neuron.mp.is_gate", gate=t(f"neuron.data.{table.gate}")))
    else:
        st.info(t("neuron.mp.no_gate"))


# ------------------------------------------------------------------------------------------ perceptron
@st.cache_data(max_entries=64, show_spinner=False)
def perceptron_run(data: str, seed: int, eta: float) -> tuple[datasets.Dataset, lesson.PerceptronReplay]:
    """The data set and the perceptron's replay (w₀ = 0, b₀ = 0, cyclic scan, at most MAX_STEPS updates)."""
    ds = lesson.perceptron_data(data, seed)
    return ds, lesson.perceptron_replay(ds.X, datasets.to_pm1(ds.y), eta, MAX_STEPS)


def gate_replay(gate: str, eta: float = 1.0) -> lesson.PerceptronReplay:
    """The replay on a logic gate (cached with the section's own runs)."""
    return perceptron_run(gate, 0, eta)[1]


def _keep_or_reset_step(page: Page, setup: tuple) -> None:
    """A new data set (or η, or seed) starts the rule again at step 0 — unless the URL itself brought a step
    (a shared link or a "try this" link: then that step is the one to show)."""
    c, ss = page.controls, st.session_state
    key = c.widget_key("_setup")
    previous, ss[key] = ss.get(key), setup
    if previous is None or previous == setup:
        return
    current = ss.get(c.widget_key("step"))
    if current is not None and controls.url_get("step") == controls.encode(current):
        c.set("step", 0)


def _step_buttons(page: Page, step: int, cap: int, n_run: int) -> None:
    c, t = page.controls, page.t
    cols = st.columns(3)
    specs = [("btn_step", t("neuron.perceptron.btn_step"), min(step + 1, cap), step >= cap, ":material/skip_next:"),
             ("btn_run", t("neuron.perceptron.btn_run", n=n_run), min(step + n_run, cap), step >= cap,
              ":material/fast_forward:"),
             ("btn_reset", t("neuron.perceptron.btn_reset"), 0, step == 0, ":material/restart_alt:")]
    for col, (key, label, target, disabled, icon) in zip(cols, specs):
        with col:
            st.button(label, key=c.widget_key(key), icon=icon, on_click=c.set, args=("step", target),
                      disabled=disabled, width="stretch")


def perceptron_formula(w, b: float) -> str:
    """f(x) = sign(w₁x₁ + w₂x₂ + b) with the current numbers."""
    return (rf"f(\mathbf{{x}}) = \operatorname{{sign}}(\mathbf{{w}}\cdot\mathbf{{x}} + b) = "
            rf"\operatorname{{sign}}({short(w[0])}\,x_1 {signed(w[1])}\,x_2 {signed(b)})")


def update_formulas(update, eta: float) -> list[str]:
    """w ← w + η·y·x and b ← b + η·y with the numbers of one nncore update."""
    return [rf"\mathbf{{w}} \leftarrow \mathbf{{w}} + \eta\,y\,\mathbf{{x}} = {vec(update.w_before)} + "
            rf"{short(eta)} \times {paren(update.y)} \times {vec(update.x)} = {vec(update.w_after)}",
            rf"b \leftarrow b + \eta\,y = {short(update.b_before)} + {short(eta)} \times {paren(update.y)} = "
            rf"{short(update.b_after)}"]


def perceptron_section(page: Page) -> None:
    """The perceptron on 2-D data, trained one update at a time; the step lives in the URL."""
    c, t = page.controls, page.t
    col1, col2, col3 = st.columns(3)
    with col1:
        data = c.selectbox("data", t("neuron.perceptron.data"), DATASETS, "and",
                           format_func=lambda d: t(f"neuron.data.{d}"))
    with col2:
        eta = c.select_slider("eta", t("neuron.perceptron.eta"), ETAS, 1.0, help=t("neuron.perceptron.eta_help"))
    with col3:
        n_run = c.select_slider("n", t("neuron.perceptron.n_run"), RUN_SIZES, 10)
        seed = c.number_input("pseed", t("neuron.perceptron.seed"), 0, 999, 0, step=1) if data == "separable" else 0
    ds, replay = perceptron_run(data, seed, eta)
    _keep_or_reset_step(page, (data, seed, eta))
    step = c.get("step", 0, parse=controls.number(0, MAX_STEPS, integer=True))
    if replay.clamp(step) != step:  # past convergence: the last state is the answer
        step = replay.clamp(step)
        c.set("step", step)
    state = replay.state(step)
    cap = replay.n_updates

    _step_buttons(page, step, cap, n_run)
    bounds = SEPARABLE_BOUNDS if data == "separable" else GATE_BOUNDS
    plane = lesson.perceptron_plane(state, bounds, REGION_RES)
    last = state.last
    class_names = (t("neuron.perceptron.class_neg"), t("neuron.perceptron.class_pos"))
    left, right = st.columns([1.15, 1])
    with left:
        fig = figs.perceptron_plane(
            ds.X, ds.y, bounds, line=plane.line, previous_line=plane.previous_line,
            region=(plane.xs, plane.ys, plane.region), misclassified=state.misclassified,
            used=None if last is None else last.index, class_names=class_names,
            line_label=t("neuron.perceptron.line"), previous_label=t("neuron.perceptron.line_before"),
            misclassified_label=t("neuron.perceptron.misclassified"), used_label=t("neuron.perceptron.used_point"),
            title=t("neuron.perceptron.chart_title", data=t(f"neuron.data.{data}"), step=step))
        page.chart(fig, key="fig_plane")
    with right:
        cols = st.columns(2)
        cols[0].metric(t("neuron.perceptron.updates"), str(step))
        cols[1].metric(t("neuron.perceptron.errors"), str(int(replay.errors[step])))
        cols = st.columns(2)
        cols[0].metric("w₁, w₂", f"{short(state.w[0])}, {short(state.w[1])}")
        cols[1].metric("b", short(state.b))
        page.formula(perceptron_formula(state.w, state.b))
        if last is None:
            st.info(t("neuron.perceptron.start_hint"))
        else:
            st.markdown(t("neuron.perceptron.used", i=last.index, x=vec(last.x), y=short(last.y),
                          margin=short(lesson.update_margin(last)), epoch=last.epoch))
            for line_tex in update_formulas(last, eta):
                page.formula(line_tex)
        _status(page, replay, state)
    err_fig = figs.error_counts(
        replay.errors[: step + 1], step,
        cycle=(replay.cycle_start, replay.cycle_length) if state.cycle_seen else None,
        x_axis=t("neuron.perceptron.errors_x"), y_axis=t("neuron.perceptron.errors_y"),
        current_label=t("neuron.perceptron.now"), cycle_label=t("neuron.perceptron.cycle_label"),
        title=t("neuron.perceptron.errors_title"))
    page.chart(err_fig, key="fig_errors")
    if step:
        with st.expander(t("neuron.perceptron.history_title", n=step)):
            rows = [{t("neuron.perceptron.col_update"): k + 1, t("neuron.perceptron.col_pass"): u.epoch,
                     t("neuron.perceptron.col_point"): u.index, "x": vec(u.x), "y": short(u.y),
                     "w": vec(u.w_after), "b": short(u.b_after)} for k, u in enumerate(replay.updates[:step])]
            page.table(pd.DataFrame(rows), hide_index=True)


def _status(page: Page, replay, state) -> None:
    t = page.t
    if state.converged:
        st.success(t("neuron.perceptron.converged", n=replay.n_updates,
                     passes=replay.updates[-1].epoch if replay.updates else 0))
    elif state.cycle_seen and replay.cycle_start == 0:
        st.warning(t("neuron.perceptron.cycling_start", end=replay.cycle_length, length=replay.cycle_length))
    elif state.cycle_seen:
        st.warning(t("neuron.perceptron.cycling", start=replay.cycle_start, end=replay.cycle_end,
                     length=replay.cycle_length))
    elif state.step == replay.n_updates:
        st.info(t("neuron.perceptron.capped", n=replay.n_updates))
    if state.next is not None and not state.cycle_seen:
        st.caption(t("neuron.perceptron.next", i=state.next.index))


# ------------------------------------------------------------------------------------------ XOR network
@st.cache_data(max_entries=32, show_spinner=False)
def xor_run(hidden: str, seed: int) -> lesson.XorRun:
    return lesson.train_xor(hidden, seed)


@st.cache_data(max_entries=64, show_spinner=False)
def xor_picture(hidden: str, seed: int, epoch: int) -> tuple[lesson.XorView, lesson.XorOutcome]:
    run = xor_run(hidden, seed)
    view = lesson.xor_view(run.net(epoch))
    return view, lesson.xor_outcome(run, epoch, view)


def _coincide_text(page: Page, run: lesson.XorRun, view: lesson.XorView) -> str:
    """One sentence per pair of points that land on (almost) the same spot of the hidden plane."""
    H, t = view.trace.A[1], page.t
    out = []
    for i, j in view.coinciding:
        key = "neuron.xor.coincide_same" if run.y[i] == run.y[j] else "neuron.xor.coincide_mixed"
        out.append(t(key, a=point_name(run.X[i]), b=point_name(run.X[j]), pa=vec(H[i]), pb=vec(H[j])))
    return " ".join(out)


def xor_section(page: Page) -> None:
    """A 2-2-1 network trained on XOR: the input plane, the hidden plane, the space warped between them."""
    c, t = page.controls, page.t
    col1, col2, col3 = st.columns(3)
    with col1:
        hidden = c.selectbox("hidden", t("neuron.xor.hidden"), XOR_HIDDEN, "tanh",
                             format_func=lambda n: t(f"neuron.fn.{n}"))
    with col2:
        seed = c.selectbox("xseed", t("neuron.xor.seed"), XOR_SEEDS, 0)
    with col3:
        epoch = c.select_slider("epoch", t("neuron.xor.epoch"), lesson.XOR_CHECKPOINTS, lesson.XOR_CHECKPOINTS[-1])
    run = xor_run(hidden, seed)
    snap = run.snapshot(epoch)
    view, outcome = xor_picture(hidden, seed, epoch)
    class_names = (t("neuron.xor.class0"), t("neuron.xor.class1"))
    st.markdown(f"**{t('neuron.xor.chart_title', epoch=epoch)}**")
    left, right = st.columns(2)  # side by side on a laptop, one above the other on a phone
    with left:
        page.chart(figs.xor_input_plane(view, run.y, class_names=class_names, title=t("neuron.xor.input_plane")),
                   key="fig_xor_input")
    with right:
        page.chart(figs.xor_hidden_plane(view, run.y, class_names=class_names, boundary_label=t("neuron.xor.boundary"),
                                         point_names=[point_name(x) for x in run.X],
                                         title=t("neuron.xor.hidden_plane")), key="fig_xor_hidden")
    st.caption(" ".join(filter(None, [t("neuron.xor.caption"), _coincide_text(page, run, view)])))
    cols = st.columns(4)
    cols[0].metric(t("neuron.xor.epochs"), str(epoch))
    cols[1].metric(t("neuron.xor.loss"), fmt.num(snap.loss))
    cols[2].metric(t("neuron.xor.grad_norm"), fmt.num(snap.grad_norm), help=t("neuron.xor.grad_norm_help"))
    cols[3].metric(t("neuron.xor.accuracy"), fmt.percent(snap.accuracy, 0))
    if outcome.kind == "solved":
        st.success(t("neuron.xor.solved"))
    elif outcome.kind == "training":
        st.info(t("neuron.xor.training"))
    elif outcome.kind == "flat":
        st.warning(t("neuron.xor.flat", epochs=epoch, loss=fmt.num(outcome.loss), grad=fmt.num(outcome.grad_norm),
                     flat=fmt.num(lesson.FLAT_GRADIENT, 2)))
    else:
        st.info(t("neuron.xor.slow", epochs=epoch, loss=fmt.num(outcome.loss), grad=fmt.num(outcome.grad_norm)))
    trace = view.trace
    table = pd.DataFrame({"x₁": run.X[:, 0].astype(int), "x₂": run.X[:, 1].astype(int), "XOR": run.y,
                          "h₁": trace.A[1][:, 0], "h₂": trace.A[1][:, 1], "ŷ": trace.A[2][:, 0]})
    page.table(table, hide_index=True, width="content",
                 column_config={k: st.column_config.NumberColumn(format="%.4f") for k in ("h₁", "h₂", "ŷ")})
    g = r"\tanh" if hidden == "tanh" else r"\sigma"
    W1, b1 = snap.weights[0], snap.biases[0]
    W2, b2 = snap.weights[1], snap.biases[1]
    page.formula(rf"\mathbf{{h}} = {g}(\mathbf{{x}} W_1 + b_1),\quad W_1 = {fmt.latex_matrix(W1, 3)},\;"
                 rf"b_1 = {fmt.latex_matrix(b1, 3)}")
    page.formula(rf"\hat y = \sigma(\mathbf{{h}}\,W_2 + b_2),\quad W_2 = {fmt.latex_matrix(W2, 3)},\;"
                 rf"b_2 = {fmt.latex_matrix(b2, 3)}")


# ------------------------------------------------------------------------------------------ single neuron
@st.cache_data(max_entries=64, show_spinner=False)
def neuron_fit(logistic: bool, noise: float, seed: int) -> tuple[datasets.Dataset, lesson.NeuronFit]:
    task = "classification" if logistic else "regression"
    ds = lesson.single_neuron_data(task, noise=noise, seed=seed)
    return ds, lesson.fit_single_neuron(ds.X, ds.y, "sigmoid" if logistic else "linear", curve_x=CURVE_X)


def regression_section(page: Page) -> None:
    """One neuron on 1-D data: linear activation = linear regression, sigmoid = logistic regression."""
    c, t = page.controls, page.t
    col1, col2, col3 = st.columns(3)
    with col1:
        logistic = c.toggle("logistic", t("neuron.regression.logistic"), False,
                            help=t("neuron.regression.logistic_help"))
    with col2:
        noise = c.slider("noise", t("neuron.regression.noise"), 0.0, 1.5, 0.5, step=0.1)
    with col3:
        seed = c.number_input("rseed", t("neuron.regression.seed"), 0, 999, 0, step=1)
    ds, fit = neuron_fit(logistic, noise, seed)
    kind = "logistic" if logistic else "linear"
    fig = figs.single_neuron_fit(ds.X, ds.y, fit.curve_x, fit.curve_y, boundary=fit.boundary,
                                 data_label=t("neuron.regression.data"), fit_label=t(f"neuron.regression.fit_{kind}"),
                                 boundary_label=t("neuron.regression.boundary_label"), x_axis="x",
                                 y_axis=t(f"neuron.regression.y_{kind}"),
                                 title=t(f"neuron.regression.chart_{kind}"))
    page.chart(fig, key="fig_fit")
    cols = st.columns(3)
    cols[0].metric("w", fmt.num(fit.w))
    cols[1].metric("b", fmt.num(fit.b))
    cols[2].metric(t(f"neuron.regression.cost_{kind}"), fmt.num(fit.cost))
    if logistic:
        page.formula(rf"\hat y = \sigma(w x + b) = \sigma({fmt.latex_num(fit.w)}\,x + "
                     rf"{fmt.latex_num(fit.b, paren_negative=True)})")
        page.formula(r"L(\hat y, y) = -\big(y \log \hat y + (1 - y)\log(1 - \hat y)\big)")
        if fit.boundary is not None:
            st.caption(t("neuron.regression.boundary", x=fmt.num(fit.boundary)))
    else:
        page.formula(rf"\hat y = w x + b = {fmt.latex_num(fit.w)}\,x + {fmt.latex_num(fit.b, paren_negative=True)}")
        page.formula(r"J(w, b) = \frac{1}{m}\sum_{i=1}^{m} (\hat y_i - y_i)^2")
        st.caption(t("neuron.regression.least_squares", w=fmt.num(fit.least_squares[0]),
                     b=fmt.num(fit.least_squares[1])))


# ------------------------------------------------------------------------------------------ try this
def converged_step(gate: str) -> int:
    """The step at which the perceptron has converged on ``gate`` (from nncore: AND 18, OR 9)."""
    return gate_replay(gate).n_updates


def cycle_step() -> int:
    """The step at which the weights on XOR first come back to an earlier state (from nncore: 4)."""
    return gate_replay("xor").cycle_end


# ------------------------------------------------------------------------------------------ check yourself
MP_CASE = {"x1": 1, "x2": 0, "w1": 1.0, "w2": 1.0, "theta": 2.0}  # the AND neuron with one input on
LOGISTIC_AT = 1.0


def checks() -> list[Question]:
    """The page's questions; every answer from nncore (the replays and the fit are cached)."""
    s, out = mp_neuron([MP_CASE["x1"], MP_CASE["x2"]], [MP_CASE["w1"], MP_CASE["w2"]], MP_CASE["theta"])
    and_replay, xor_replay = gate_replay("and"), gate_replay("xor")
    _, fit = neuron_fit(True, 0.5, 0)
    z, y_hat = lesson.neuron_output(fit, LOGISTIC_AT)
    return [
        Question("mp_output", answer="fires" if out else "silent", options=("silent", "fires"), show_me=MP_CASE,
                 values={"x1": MP_CASE["x1"], "x2": MP_CASE["x2"], "theta": short(MP_CASE["theta"]), "s": short(s),
                         "rel": "≥" if out else "<", "y": out}),
        Question("and_updates", answer=float(and_replay.n_updates), tol=0,
                 show_me={"view": "perceptron", "data": "and", "step": and_replay.n_updates},
                 values={"n": and_replay.n_updates, "passes": and_replay.updates[-1].epoch}),
        Question("xor_cycle", answer=float(xor_replay.cycle_length), tol=0,
                 show_me={"view": "perceptron", "data": "xor", "step": cycle_step()},
                 values={"n": xor_replay.cycle_length}),
        Question("logistic_output", answer=y_hat, tol=0.01, show_me={"view": "regression", "logistic": True},
                 values={"w": fmt.num(fit.w, 3), "b": fmt.num(fit.b, 3), "x": short(LOGISTIC_AT),
                         "z": fmt.num(z, 3), "y": fmt.num(y_hat, 3)}),
    ]
