"""Sections of the Activations page: compare, why non-linear, saturation through depth; its questions.

Every number comes from :mod:`nncore.lessons.activations`; this module lays out and formats.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

import nncore
from explainer import fmt
from explainer.checks import Question
from explainer.figures import activations as figs
from explainer.shell import Page
from nncore.lessons import activations as lesson

# what the page offers (names are nncore registry names)
ALL_FUNCTIONS = tuple(nncore.ACTIVATIONS)
DEFAULT_FUNCTIONS = ("sigmoid", "tanh", "relu")
MAX_COMPARE = 3
Z_GRID = np.linspace(-6.0, 6.0, 481)  # the x axis of the comparison (a display grid; every value from nncore)
LEAKY_SLOPES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5)
DEPTH_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "gelu", "swish", "linear")
CAN_DIE = ("relu",)  # activations whose unit can output 0 for every input (the dead-unit chart)
INITS = ("normal", "uniform", "xavier", "xavier_uniform", "he")
INIT_SCALES = (0.01, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0)
N_SAMPLES = 200
SECTIONS = ("compare", "nonlinear", "depth")


def fn_label(page: Page, name: str) -> str:
    return page.t(f"activations.fn.{name}")


# ------------------------------------------------------------------------------------------ compare
def compare_section(page: Page) -> None:
    """Up to three activations with their derivatives, saturation zones and a z probe."""
    c, t = page.controls, page.t
    col_fns, col_slope = st.columns([3, 1])
    with col_fns:
        names = c.multiselect("fns", t("activations.compare.choose"), ALL_FUNCTIONS, list(DEFAULT_FUNCTIONS),
                              max_selections=MAX_COMPARE, format_func=lambda n: fn_label(page, n),
                              placeholder=t("common.choose"))
    with col_slope:
        slope = c.select_slider("slope", t("activations.compare.slope"), LEAKY_SLOPES, 0.01,
                                help=t("activations.compare.slope_help"))
    z0 = c.slider("z", t("activations.compare.probe"), -6.0, 6.0, 2.0, step=0.25)
    if not names:
        st.info(t("common.no_selection"))
        return
    acts = [lesson.activation(n, slope) for n in names]
    curves = [figs.Curve(a.name, fn_label(page, a.name), a.f(Z_GRID), a.df(Z_GRID), a.saturation_mask(Z_GRID))
              for a in acts]
    for col, a in zip(st.columns(len(acts)), acts):
        with col:
            st.metric(f"{fn_label(page, a.name)}  f({fmt.num(z0, 2)})", fmt.num(a.f(z0)))
            st.metric(f"f′({fmt.num(z0, 2)})", fmt.num(a.df(z0)))
    fig = figs.activation_curves(
        Z_GRID, curves, probe=z0, title=t("activations.compare.chart_title"), f_axis=t("activations.compare.f_axis"),
        df_axis=t("activations.compare.df_axis"), z_axis="z", saturated_label=t("activations.compare.saturated"))
    page.chart(fig, key="fig_curves")
    st.caption(t("activations.compare.caption"))
    for a in acts:
        page.formula(a.latex + r"\qquad " + a.dlatex)
        page.formula(worked_derivative(a, z0))
        kink = lesson.kink_derivative(a)
        if kink is not None:  # the value nncore uses at the kink, next to the formula
            st.caption(t("activations.compare.kink", fn=fn_label(page, a.name), value=format(kink, "g")))
    race_section(page)


@st.cache_data(max_entries=1, show_spinner=False)
def hidden_race() -> lesson.HiddenRace:
    """The sigmoid-vs-tanh training run: the same for everyone, computed once (~35 ms)."""
    return lesson.hidden_race()


def race_section(page: Page) -> None:
    """The measurement behind "tanh trains hidden layers better than sigmoid": loss by epoch of both."""
    t = page.t
    race = hidden_race()
    series = [(name, fn_label(page, name), loss) for name, loss in race.loss.items()]
    page.chart(figs.training_race(race.epochs, series,
                                  title=t("activations.compare.race_title", sizes="-".join(map(str, race.sizes)),
                                          epochs=int(race.epochs[-1])),
                                  x_axis=t("activations.compare.race_x"), y_axis=t("activations.compare.race_y")),
               key="fig_race")
    final = race.final
    st.caption(t("activations.compare.race_caption", epochs=int(race.epochs[-1]), lr=fmt.num(race.learning_rate, 1),
                 sigmoid=fmt.num(final["sigmoid"], 3), tanh=fmt.num(final["tanh"], 3),
                 acc_sigmoid=fmt.percent(race.accuracy["sigmoid"]), acc_tanh=fmt.percent(race.accuracy["tanh"])))


def worked_derivative(act: nncore.Activation, z0: float) -> str:
    """The derivative at z0 with the numbers substituted (values from nncore, formatting only)."""
    z, f, df = fmt.num(z0, 2), fmt.num(act.f(z0)), fmt.num(act.df(z0))
    if act.name == "sigmoid":
        return rf"\sigma'({z}) = \sigma({z})\,(1 - \sigma({z})) = {f} \times (1 - {f}) = {df}"
    if act.name == "tanh":
        f_paren = fmt.latex_num(act.f(z0), paren_negative=True)
        return rf"\tanh'({z}) = 1 - \tanh^2({z}) = 1 - {f_paren}^2 = {df}"
    return rf"f({z}) = {fmt.latex_num(act.f(z0))}, \qquad f'({z}) = {fmt.latex_num(act.df(z0))}"


# ------------------------------------------------------------------------------------------ why non-linear
def nonlinear_section(page: Page) -> None:
    """Linear layers collapse to one matrix; with tanh they do not."""
    c, t = page.controls, page.t
    seed = c.number_input("seed", t("activations.nonlinear.seed"), 0, 999, 0, step=1)
    run = lesson.collapse(seed)
    page.formula(r"x = " + fmt.latex_matrix(run.x, 3))
    page.formula(r"W = W_1 W_2 W_3 = " + fmt.latex_matrix(run.W, 3))
    outputs = (("deep_linear", run.deep_linear), ("collapsed", run.collapsed), ("deep_tanh", run.deep_tanh))
    for col, (key, values) in zip(st.columns(3), outputs):
        with col:
            st.markdown(f"**{t(f'activations.nonlinear.{key}')}**")
            st.latex(fmt.latex_matrix(values, 6))
    units = [f"o{i + 1}" for i in range(run.deep_linear.shape[1])]
    fig = figs.output_comparison(units, [(key, t(f"activations.nonlinear.{key}"), values) for key, values in outputs],
                                 title=t("activations.nonlinear.chart_title"), y_axis=t("activations.nonlinear.y_axis"))
    page.chart(fig, key="fig_collapse")
    st.caption(t("activations.nonlinear.caption"))


# ------------------------------------------------------------------------------------------ depth
def depth_section(page: Page) -> None:
    """Saturation and vanishing gradients through a deep stack of layers."""
    c, t = page.controls, page.t
    col1, col2, col3 = st.columns(3)
    with col1:
        depth = c.slider("depth", t("activations.depth.depth"), 1, 12, 6)
        width = c.slider("width", t("activations.depth.width"), 2, 100, 50)
    with col2:
        act_name = c.selectbox("act", t("activations.depth.activation"), DEPTH_ACTIVATIONS, "tanh",
                               format_func=lambda n: fn_label(page, n))
        init = c.selectbox("init", t("activations.depth.init"), INITS, "xavier",
                           format_func=lambda n: t(f"activations.init.{n}"))
    with col3:
        scale = c.select_slider("scale", t("activations.depth.scale"), INIT_SCALES, 1.0,
                                help=t("activations.depth.scale_help"))
        seed = c.number_input("dseed", t("activations.depth.seed"), 0, 999, 0, step=1)

    run = lesson.depth_run(act_name, depth, width, init, scale, seed, N_SAMPLES)
    stats, hidden = run.stats, run.stats[:-1]
    labels = [t("activations.depth.layer", n=s.layer) for s in stats]
    page.chart(figs.layer_histograms(run.centers, run.shares, labels[:-1], title=t("activations.depth.hist_title"),
                                     x_axis=t("activations.depth.hist_x"), share_label=t("activations.depth.share")),
               key="fig_hist")
    grad_fig = figs.layer_bars(labels, [s.grad_norm for s in stats], meta="grad_norm", log_y=True,
                               title=t("activations.depth.grad_title"), y_axis=t("activations.depth.grad_y"))
    if act_name in CAN_DIE:
        left, right = st.columns(2)
        with left:
            page.chart(grad_fig, key="fig_grad")
        with right:
            page.chart(figs.layer_bars(labels[:-1], [s.dead_share for s in hidden], meta="dead_share", percent=True,
                                       title=t("activations.depth.dead_title"), y_axis=t("activations.depth.dead_y")),
                       key="fig_dead")
    else:
        page.chart(grad_fig, key="fig_grad")
        st.caption(t("activations.depth.no_dead", fn=fn_label(page, act_name)))
    st.caption(t("activations.depth.summary", first=fmt.num(stats[0].grad_norm), last=fmt.num(stats[-1].grad_norm),
                 sat=fmt.percent(hidden[-1].saturated_share), n=hidden[-1].layer, mean=fmt.num(hidden[-1].mean),
                 signal=fmt.num(run.signal[-1])))


# ------------------------------------------------------------------------------------------ check yourself
NO_GRADIENT_AT = -3.0
NO_GRADIENT_OPTIONS = ("sigmoid", "tanh", "relu", "leaky_relu")
RELU_INITS = (("normal", 0.01), ("xavier", 1.0), ("he", 1.0))
RELU_DEPTH = 10
TINY = ("sigmoid", 10, "normal", 0.01)  # sigmoid_tiny: activation, depth, init, scale


def checks() -> list[Question]:
    """The page's questions; every answer from nncore."""
    sigmoid = lesson.activation("sigmoid")
    zero_grad = [n for n in NO_GRADIENT_OPTIONS if lesson.activation(n).df(NO_GRADIENT_AT) == 0.0]
    slopes = {n: fmt.num(lesson.activation(n).df(NO_GRADIENT_AT)) for n in NO_GRADIENT_OPTIONS}
    norms = {init: lesson.depth_run("relu", RELU_DEPTH, 50, init, scale, 0, N_SAMPLES).stats[0].grad_norm
             for init, scale in RELU_INITS}
    best = max(norms, key=norms.get)
    act, depth, init, scale = TINY
    tiny = lesson.depth_run(act, depth, 50, init, scale, 0, N_SAMPLES)
    return [
        Question("sigma_prime_0", answer=float(sigmoid.df(0.0)), tol=0.005,
                 show_me={"fns": "sigmoid", "z": 0}),
        Question("no_gradient", answer=zero_grad[0] if len(zero_grad) == 1 else "", options=NO_GRADIENT_OPTIONS,
                 show_me={"fns": "relu,leaky_relu,sigmoid", "z": NO_GRADIENT_AT}, values=slopes),
        Question("relu_init", answer=best, options=tuple(init for init, _ in RELU_INITS),
                 show_me={"view": "depth", "act": "relu", "depth": RELU_DEPTH, "init": best,
                          "scale": dict(RELU_INITS)[best]},
                 values={init: fmt.num(v) for init, v in norms.items()}),
        Question("sigmoid_tiny", answer=tiny.stats[-2].mean, tol=0.01,
                 show_me={"view": "depth", "act": act, "depth": depth, "init": init, "scale": scale},
                 values={"depth": depth, "scale": format(scale, "g"), "mean": fmt.num(tiny.stats[-2].mean),
                         "signal": fmt.num(tiny.signal[-1])}),
    ]
