"""Sections of the Activations page: compare, why non-linear, saturation through depth."""

from __future__ import annotations

import numpy as np
import streamlit as st

import nncore
from explainer import fmt
from explainer.figures import activations as figs
from explainer.shell import Page

# what the page offers (names are nncore registry names)
ALL_FUNCTIONS = tuple(nncore.ACTIVATIONS)
DEFAULT_FUNCTIONS = ("sigmoid", "tanh", "relu")
MAX_COMPARE = 3
Z_GRID = np.linspace(-6.0, 6.0, 481)  # the x axis of the comparison (a display grid; every value from nncore)
LEAKY_SLOPES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5)
DEPTH_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "gelu", "swish", "linear")
INITS = ("normal", "uniform", "xavier", "xavier_uniform", "he")
INIT_SCALES = (0.01, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0)
N_SAMPLES = 200
COLLAPSE_SIZES = (4, 5, 5, 3)  # seed 001: a 1×4 input, 4×5 and 5×3 weights (one more hidden layer)
SECTIONS = ("compare", "nonlinear", "depth")


def activation(name: str, slope: float) -> nncore.Activation:
    return nncore.get_activation(name, slope=slope) if name == "leaky_relu" else nncore.get_activation(name)


def random_batch(seed: int, m: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The probe batch: m random inputs of n features and 0/1 labels, from nncore's seeded generator."""
    return nncore.datasets.random_inputs(m, n, seed=seed + 1000)


def fn_label(page: Page, name: str) -> str:
    return page.t(f"activations.fn.{name}")


# ------------------------------------------------------------------------------------------ compare
def compare_section(page: Page) -> list:
    """Up to three activations with their derivatives, saturation zones and a z probe."""
    c, t = page.controls, page.t
    col_fns, col_slope = st.columns([3, 1])
    with col_fns:
        names = c.multiselect("fns", t("activations.compare.choose"), ALL_FUNCTIONS, list(DEFAULT_FUNCTIONS),
                              max_selections=MAX_COMPARE, format_func=lambda n: fn_label(page, n))
    with col_slope:
        slope = c.select_slider("slope", t("activations.compare.slope"), LEAKY_SLOPES, 0.01,
                                help=t("activations.compare.slope_help"))
    z0 = c.slider("z", t("activations.compare.probe"), -6.0, 6.0, 2.0, step=0.25)
    if not names:
        st.info(t("common.no_selection"))
        return []
    acts = [activation(n, slope) for n in names]
    curves = [figs.Curve(a.name, fn_label(page, a.name), a.f(Z_GRID), a.df(Z_GRID), a.saturation_mask(Z_GRID))
              for a in acts]
    for col, a in zip(st.columns(len(acts)), acts):
        with col:
            st.metric(f"{fn_label(page, a.name)}  f({fmt.num(z0, 2)})", fmt.num(a.f(z0)))
            st.metric(f"f′({fmt.num(z0, 2)})", fmt.num(a.df(z0)))
    fig = figs.activation_curves(
        Z_GRID, curves, probe=z0, title=t("activations.compare.chart_title"), f_axis=t("activations.compare.f_axis"),
        df_axis=t("activations.compare.df_axis"), z_axis="z", saturated_label=t("activations.compare.saturated"))
    page.chart(fig, key="curves")
    st.caption(t("activations.compare.caption"))
    for a in acts:
        page.formula(a.latex + r"\qquad " + a.dlatex)
        page.formula(worked_derivative(a, z0))
    return acts


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
    x, _ = random_batch(seed, 1, COLLAPSE_SIZES[0])
    linear_net = nncore.MLP(COLLAPSE_SIZES, hidden="linear", output="linear", init="normal", init_scale=1.0,
                            seed=seed)
    tanh_net = nncore.MLP(COLLAPSE_SIZES, hidden="tanh", output="linear", init="normal", init_scale=1.0, seed=seed)
    W_total, b_total = nncore.linear_collapse(linear_net.weights, linear_net.biases)
    one_layer = nncore.MLP([COLLAPSE_SIZES[0], COLLAPSE_SIZES[-1]], output="linear", init="zeros")
    one_layer.set_params([W_total], [b_total])
    deep_linear = linear_net.forward(x).A[-1]
    deep_tanh = tanh_net.forward(x).A[-1]
    collapsed = one_layer.forward(x).A[-1]

    page.formula(r"x = " + fmt.latex_matrix(x, 3))
    page.formula(r"W = W_1 W_2 W_3 = " + fmt.latex_matrix(W_total, 3))
    cols = st.columns(3)
    for col, key, values in zip(cols, ("deep_linear", "collapsed", "deep_tanh"), (deep_linear, collapsed, deep_tanh)):
        with col:
            st.markdown(f"**{t(f'activations.nonlinear.{key}')}**")
            st.latex(fmt.latex_matrix(values, 6))
    units = [f"o{i + 1}" for i in range(COLLAPSE_SIZES[-1])]
    fig = figs.output_comparison(
        units,
        [("deep_linear", t("activations.nonlinear.deep_linear"), deep_linear),
         ("collapsed", t("activations.nonlinear.collapsed"), collapsed),
         ("deep_tanh", t("activations.nonlinear.deep_tanh"), deep_tanh)],
        title=t("activations.nonlinear.chart_title"), y_axis=t("activations.nonlinear.y_axis"))
    page.chart(fig, key="collapse")
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

    sizes = [width] * (depth + 1) + [1]
    net = nncore.MLP(sizes, hidden=act_name, output="sigmoid", init=init, init_scale=scale, seed=seed)
    X, Y = random_batch(seed, N_SAMPLES, width)
    trace = net.forward(X)
    grads = net.backward(trace, Y, loss="bce")
    stats = nncore.layer_stats(net, trace, grads)
    hidden = stats[:-1]
    labels = [t("activations.depth.layer", n=s.layer) for s in stats]

    centers, shares = nncore.histogram_shares([trace.A[s.layer] for s in hidden], bins=40)
    fig = figs.layer_histograms(centers, shares, labels[:-1],
                                title=t("activations.depth.hist_title"), x_axis=t("activations.depth.hist_x"),
                                share_label=t("activations.depth.share"))
    page.chart(fig, key="hist")
    left, right = st.columns(2)
    with left:
        page.chart(figs.layer_bars(labels, [s.grad_norm for s in stats], meta="grad_norm", log_y=True,
                                   title=t("activations.depth.grad_title"), y_axis=t("activations.depth.grad_y")),
                   key="grad")
    with right:
        page.chart(figs.layer_bars(labels[:-1], [s.dead_share for s in hidden], meta="dead_share", percent=True,
                                   title=t("activations.depth.dead_title"), y_axis=t("activations.depth.dead_y")),
                   key="dead")
    first, last = stats[0], stats[-1]
    st.caption(t("activations.depth.summary", first=fmt.num(first.grad_norm), last=fmt.num(last.grad_norm),
                 sat=fmt.percent(hidden[-1].saturated_share)))
