"""Sections of the Softmax & entropy page: logits → probabilities, stability, cross-entropy, MSE vs log loss for a
sigmoid, information (entropy, cross-entropy, KL), a multiclass classifier; its "check yourself" questions.

Every number comes from :mod:`nncore.lessons.softmax_entropy`; this module lays out and formats."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import streamlit as st

from explainer import controls as ctl
from explainer import fmt
from explainer.checks import Question
from explainer.figures import softmax_entropy as figs
from explainer.figures.activations import mask_runs
from explainer.shell import Page
from nncore.lessons import softmax_entropy as lab

SECTIONS = ("logits", "stability", "cross_entropy", "mse_vs_ce", "information", "classifier")

# logits (shared by the first three sections; one URL list "logits" of up to MAX_CLASSES values)
MIN_CLASSES, MAX_CLASSES = 2, 6
DEFAULT_N = 4
DEFAULT_LOGITS = (2.0, 1.0, 0.1, -1.0, 0.5, -2.0)
LOGIT_RANGE = (-10.0, 10.0)
TEMPERATURES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0)
T_PATH = np.geomspace(0.01, 100.0, 161)  # the x axis of the temperature chart (a display grid)
OFFSETS = (-1000.0, -750.0, -100.0, 0.0, 100.0, 700.0, 710.0, 750.0, 1000.0)
# MSE vs log loss
Z_GRID = np.linspace(-10.0, 10.0, 401)
# information
MIN_OUTCOMES, MAX_OUTCOMES = 2, 6
DEFAULT_K = 4
DEFAULT_P = (4.0, 2.0, 1.0, 1.0, 1.0, 1.0)
DEFAULT_Q = (1.0, 2.0, 3.0, 2.0, 1.0, 1.0)  # KL(p‖q) ≠ KL(q‖p) for the default p
UNIFORM = (1.0, 1.0, 1.0, 1.0, 1.0, 1.0)
WEIGHT_RANGE = (0.0, 10.0)
UNITS = ("bits", "nats")
BASES = {"bits": 2.0, "nats": math.e}
PRESETS = {  # name → (p weights, q weights), six outcomes (only the first k are used)
    "uniform_q": (DEFAULT_P, UNIFORM),
    "equal": (DEFAULT_P, DEFAULT_P),
    "certain": ((10.0, 0.0, 0.0, 0.0, 0.0, 0.0), UNIFORM),
    "missing": (UNIFORM, (1.0, 1.0, 1.0, 0.0, 1.0, 1.0)),
}
# classifier
DATASETS = ("blobs", "spiral_k")
MODELS = ("softmax", "mlp")
HIDDEN_UNITS = 24
EPOCHS = (25, 50, 100, 200, 500, 1000)
RATES = (0.003, 0.01, 0.03, 0.1, 0.3)
RESOLUTION = 60


def class_labels(page: Page, k: int) -> list[str]:
    return [page.t("softmax_entropy.class_n", n=i + 1) for i in range(k)]


def outcome_labels(k: int) -> list[str]:
    return [f"x{i + 1}" for i in range(k)]


# ------------------------------------------------------------------------------------------ list-bound sliders
def _list_parser(lo: float, hi: float) -> callable:
    inner = ctl.floats(lo=lo, hi=hi)

    def parse(text: str) -> list[float]:
        values = inner(text)
        if not MIN_CLASSES <= len(values) <= MAX_CLASSES:
            raise ctl.Invalid(text)
        return values

    return parse


def _padded(values: Sequence[float], default: Sequence[float]) -> list[float]:
    return [float(v) for v in values] + [float(v) for v in default[len(values):]]


def list_sliders(page: Page, key: str, default: Sequence[float], n: int, labels: Sequence[str],
                 lo: float, hi: float, step: float, columns: int | None = None) -> np.ndarray:
    """n sliders that edit one URL list ``key`` (comma-separated, up to ``len(default)`` values).

    The list (from the URL when it changed from outside, else this session) is pushed into the sliders when it
    differs from what the sliders last wrote; after they render, their values are written back to the list.
    A shorter list is completed from ``default``; a malformed one gives ``default``. Returns the first n values.
    """
    c = page.controls
    given = c.get(key, list(default), parse=_list_parser(lo, hi))
    values = _padded(given, default)
    if len(given) != len(values):  # a short list from a link: the URL then carries the whole list
        c.set(key, values)
    synced_key = c.widget_key(f"{key}._synced")
    outside = st.session_state.get(synced_key) != values
    out = list(values)
    per_row = columns or n
    for start in range(0, n, per_row):  # row by row: stacked on a phone they keep their order x1, x2, x3, …
        cols = st.columns(per_row)
        for i in range(start, min(n, start + per_row)):
            wkey = c.widget_key(f"{key}.{i}")
            if outside or wkey not in st.session_state:
                st.session_state[wkey] = values[i]
            with cols[i - start]:
                out[i] = float(st.slider(labels[i], min_value=lo, max_value=hi, step=step, key=wkey))
    if out != values:
        c.set(key, out)
    st.session_state[synced_key] = out
    return np.array(out[:n])


def logits_ui(page: Page) -> np.ndarray:
    """The number of classes and one slider per logit (shared by the logits, stability and cross-entropy views)."""
    c, t = page.controls, page.t
    n = c.slider("n", t("softmax_entropy.logits.n"), MIN_CLASSES, MAX_CLASSES, DEFAULT_N)
    st.caption(t("softmax_entropy.logits.sliders"))
    labels = [f"z{fmt.subscript(i + 1)}" for i in range(n)]  # as the caption and the formulas write them
    return list_sliders(page, "logits", DEFAULT_LOGITS, n, labels, *LOGIT_RANGE, step=0.1)


def _fraction_latex(steps: lab.SoftmaxSteps, k: int) -> str:
    """p_k = e^{z_k/T − m} / Σ_j e^{z_j/T − m} with the numbers substituted."""
    powers = " + ".join(f"e^{{{fmt.latex_num(v, 2)}}}" for v in steps.shifted)
    terms = " + ".join(fmt.latex_num(v, 3) for v in steps.shifted_exp)
    return (rf"p_{k + 1} = \frac{{e^{{{fmt.latex_num(steps.shifted[k], 2)}}}}}{{{powers}}}"
            rf" = \frac{{{fmt.latex_num(steps.shifted_exp[k], 3)}}}{{{terms}}} = {fmt.latex_num(steps.probs[k])}")


def rounding_zero(x: float) -> str:
    """A value that is 0 up to floating-point rounding, shown as such (the exact value goes in the help)."""
    return "≈ 0" if abs(x) < 1e-12 else fmt.num(x, 3)


# ------------------------------------------------------------------------------------------ logits → probabilities
def logits_section(page: Page) -> None:
    c, t = page.controls, page.t
    z = logits_ui(page)
    col_t, col_c = st.columns(2)
    with col_t:
        temp = c.select_slider("T", t("softmax_entropy.logits.temperature"), TEMPERATURES, 1.0,
                               help=t("softmax_entropy.logits.temperature_help"))
    with col_c:
        shift = c.slider("c", t("softmax_entropy.logits.shift"), -10.0, 10.0, 0.0, step=0.5,
                         help=t("softmax_entropy.logits.shift_help"))
    labels = class_labels(page, z.size)
    steps = lab.softmax_steps(z, temperature=temp)
    base = lab.softmax_steps(z)
    series = [("probs", t("softmax_entropy.logits.at_t", T=fmt.num(temp, 2)), steps.probs)]
    if temp != 1.0:
        series.append(("probs_t1", t("softmax_entropy.logits.at_t", T="1"), base.probs))
    page.chart(figs.probability_bars(labels, series, title=t("softmax_entropy.logits.bars_title"),
                                     y_axis=t("softmax_entropy.probability")), key="fig_probs")
    page.formula(r"p_k = \mathrm{softmax}(z/T)_k = \frac{e^{z_k/T}}{\sum_j e^{z_j/T}}"
                 r" = \frac{e^{z_k/T - m}}{\sum_j e^{z_j/T - m}},\quad m = \max_j z_j/T")
    page.formula(_fraction_latex(steps, steps.top))

    path = lab.temperature_path(z, T_PATH)
    page.chart(figs.temperature_paths(path.temperatures, path.probs, labels, temp, float(path.uniform[0]),
                                      title=t("softmax_entropy.logits.path_title"),
                                      x_axis=t("softmax_entropy.logits.path_x"),
                                      y_axis=t("softmax_entropy.probability"),
                                      uniform_label=t("softmax_entropy.logits.uniform", k=z.size)), key="fig_path")
    st.caption(t("softmax_entropy.logits.path_caption"))

    st.markdown(f"**{t('softmax_entropy.logits.shift_heading')}**")
    a, b, diff = lab.shift_check(z, shift)
    page.chart(figs.probability_bars(labels, [("shift:0", "softmax(z)", a),
                                              ("shift:c", f"softmax(z + {fmt.num(shift, 1)})", b)],
                                     title=t("softmax_entropy.logits.shift_title"),
                                     y_axis=t("softmax_entropy.probability"), height=320), key="fig_shift")
    st.metric(t("softmax_entropy.logits.max_diff"), rounding_zero(diff), help=t("softmax_entropy.exact", x=fmt.exact(diff)))
    page.formula(rf"\frac{{e^{{z_k + c}}}}{{\sum_j e^{{z_j + c}}}} = \frac{{e^{{c}}\,e^{{z_k}}}}{{e^{{c}}\sum_j e^{{z_j}}}}"
                 rf" = \frac{{e^{{z_k}}}}{{\sum_j e^{{z_j}}}}, \qquad c = {fmt.latex_num(shift, 1)}")


# ------------------------------------------------------------------------------------------ stability
def stability_section(page: Page) -> lab.SoftmaxSteps:
    c, t = page.controls, page.t
    z = logits_ui(page)
    offset = c.select_slider("big", t("softmax_entropy.stability.offset"), OFFSETS, 1000.0,
                             format_func=lambda v: fmt.num(v, 0), help=t("softmax_entropy.stability.offset_help"))
    steps = lab.softmax_steps(z, offset=offset)
    labels = class_labels(page, z.size)
    page.chart(figs.naive_vs_stable(labels, steps.naive, [fmt.num(v, 3) for v in steps.naive], steps.probs,
                                    titles=(t("softmax_entropy.stability.naive_short"),
                                            t("softmax_entropy.stability.stable_short")),
                                    title=t("softmax_entropy.stability.chart_title"),
                                    y_axis=t("softmax_entropy.probability")), key="fig_stability")
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('softmax_entropy.stability.naive')}**")
        page.table(pd.DataFrame({
            "z": [fmt.num(v, 1) for v in steps.scaled],
            "e^z": [fmt.num(v, 4) for v in steps.naive_exp],
            "p": [fmt.num(v, 4) for v in steps.naive]}, index=labels), hide_index=False)
        st.markdown(t("softmax_entropy.stability.sums", s=fmt.num(steps.naive_sum), total=fmt.num(steps.naive_total)))
        if steps.naive_ok:
            st.success(t("softmax_entropy.stability.naive_ok"), icon=":material/check_circle:")
        else:
            st.error(t("softmax_entropy.stability.naive_bad"), icon=":material/error:")
    with right:
        st.markdown(f"**{t('softmax_entropy.stability.stable')}**")
        page.table(pd.DataFrame({
            "z − m": [fmt.num(v, 1) for v in steps.shifted],
            "e^(z − m)": [fmt.num(v, 4) for v in steps.shifted_exp],
            "p": [fmt.num(v, 4) for v in steps.probs]}, index=labels), hide_index=False)
        st.markdown(t("softmax_entropy.stability.sums", s=fmt.num(steps.shifted_sum), total=fmt.num(steps.total)))
        st.success(t("softmax_entropy.stability.stable_ok"), icon=":material/check_circle:")
    terms = " + ".join(fmt.latex_num(v, 3) for v in steps.shifted_exp)
    # two lines: on one, a projector at 150 % zoom cut it before its result
    page.formula(rf"\begin{{aligned}}\log\sum_j e^{{z_j}} &= m + \log\sum_j e^{{z_j - m}} \\"
                 rf" &= {fmt.latex_num(steps.max, 1)} + \log({terms}) = {fmt.latex_num(steps.lse)}\end{{aligned}}")
    return steps


# ------------------------------------------------------------------------------------------ cross-entropy
def cross_entropy_section(page: Page) -> lab.CrossEntropyView:
    c, t = page.controls, page.t
    z = logits_ui(page)
    n = z.size
    labels = class_labels(page, n)
    col1, col2 = st.columns(2)
    with col1:
        true_class = c.selectbox("y", t("softmax_entropy.ce.true_class"), tuple(range(n)), 0,
                                 format_func=lambda i: labels[i])
    with col2:
        eps = c.slider("eps", t("softmax_entropy.ce.smoothing"), 0.0, 0.5, 0.0, step=0.05,
                       help=t("softmax_entropy.ce.smoothing_help"))
    target = lab.smoothed_target(n, true_class, eps)
    view = lab.cross_entropy_view(z, target)
    m1, m2, m3 = st.columns(3)
    m1.metric(t("softmax_entropy.ce.loss"), fmt.num(view.loss))
    m2.metric(t("softmax_entropy.ce.p_true", cls=labels[true_class]), fmt.num(view.probs[true_class]))
    m3.metric(t("softmax_entropy.ce.grad_sum"), rounding_zero(view.grad_sum),
              help=t("softmax_entropy.exact", x=fmt.exact(view.grad_sum)))
    left, right = st.columns(2)
    with left:
        page.chart(figs.probability_bars(labels, [("probs", t("softmax_entropy.ce.prediction"), view.probs),
                                                  ("target", t("softmax_entropy.ce.target"), view.target)],
                                         title=t("softmax_entropy.ce.bars_title"),
                                         y_axis=t("softmax_entropy.probability")), key="fig_ce_probs")
    with right:
        page.chart(figs.gradient_bars(labels, view.grad, title=t("softmax_entropy.ce.grad_title"),
                                      y_axis="∂L/∂z = p − y"), key="fig_ce_grad")
    p_grid, nll = lab.nll_curve()
    points = [(f"point:{k}", labels[k], view.probs[k], view.neg_log[k]) for k in view.used]
    page.chart(figs.nll_curve(p_grid, nll, points, title=t("softmax_entropy.ce.curve_title"),
                              x_axis=t("softmax_entropy.ce.curve_x")), key="fig_nll")
    st.caption(t("softmax_entropy.ce.curve_caption"))
    if eps == 0:
        page.formula(rf"L = -\log p_{{{true_class + 1}}} = -\log {fmt.latex_num(view.probs[true_class])}"
                     rf" = {fmt.latex_num(view.loss)}")
    else:
        parts = " + ".join(fmt.latex_num(v, 3) for v in view.terms)
        page.formula(rf"L = -\sum_k y_k \log p_k = \sum_k y_k\,(-\log p_k) = {parts} = {fmt.latex_num(view.loss)}")
    page.formula(r"\frac{\partial L}{\partial z} = p - y = " + fmt.latex_matrix(view.probs[:, None], 3) + " - "
                 + fmt.latex_matrix(view.target[:, None], 3) + " = " + fmt.latex_matrix(view.grad[:, None], 3))
    return view


# ------------------------------------------------------------------------------------------ MSE vs log loss
def mse_vs_ce_section(page: Page) -> lab.SigmoidLosses:
    c, t = page.controls, page.t
    col1, col2 = st.columns([1, 3])
    with col1:
        label = c.radio("label", t("softmax_entropy.mse.label"), (1, 0), 1, format_func=lambda v: f"y = {v}")
    with col2:
        z0 = c.slider("z", t("softmax_entropy.mse.probe"), -10.0, 10.0, -6.0, step=0.25)
    curves = lab.sigmoid_losses(Z_GRID, label)
    at = lab.sigmoid_losses(np.array([z0]), label)
    shaded = mask_runs(Z_GRID, curves.wrong_saturated)
    page.chart(figs.sigmoid_loss_curves(
        Z_GRID, curves.mse, curves.mse_grad, curves.ce, curves.ce_grad, z0, shaded,
        labels=(t("softmax_entropy.mse.mse"), t("softmax_entropy.mse.ce")), title=t("softmax_entropy.mse.chart_title"),
        loss_axis=t("softmax_entropy.mse.loss_axis"), grad_axis="∂L/∂z", z_axis=t("softmax_entropy.mse.z_axis"),
        shaded_label=t("softmax_entropy.mse.shaded")), key="fig_mse_ce")
    cols = st.columns(3)
    cols[0].metric("ŷ = σ(z)", fmt.num(at.sigma[0]))
    cols[1].metric(t("softmax_entropy.mse.mse_grad"), fmt.num(at.mse_grad[0]))
    cols[2].metric(t("softmax_entropy.mse.ce_grad"), fmt.num(at.ce_grad[0]))
    s, y = at.sigma[0], float(label)
    sp = fmt.latex_num(s)
    page.formula(rf"\frac{{\partial}}{{\partial z}}\tfrac12(\sigma - y)^2 = (\sigma - y)\,\sigma(1 - \sigma)"
                 rf" = ({sp} - {fmt.latex_num(y, 0)}) \times {sp} \times (1 - {sp}) = {fmt.latex_num(at.mse_grad[0])}")
    page.formula(rf"\frac{{\partial}}{{\partial z}}\bigl(-[y\log\sigma + (1 - y)\log(1 - \sigma)]\bigr) = \sigma - y"
                 rf" = {sp} - {fmt.latex_num(y, 0)} = {fmt.latex_num(at.ce_grad[0])}")
    if at.wrong_saturated[0]:
        st.info(t("softmax_entropy.mse.wrong_saturated"), icon=":material/warning:")
    return at


# ------------------------------------------------------------------------------------------ information
def _preset_callback(page: Page, name: str):
    p, q = PRESETS[name]

    def apply() -> None:  # runs before the script: the list-bound sliders then take the new lists
        st.session_state[page.controls.widget_key("p")] = list(p)
        st.session_state[page.controls.widget_key("q")] = list(q)

    return apply


def _swap_callback(page: Page):
    def apply() -> None:
        c = page.controls
        pkey, qkey = c.widget_key("p"), c.widget_key("q")
        st.session_state[pkey], st.session_state[qkey] = (st.session_state.get(qkey, list(DEFAULT_Q)),
                                                          st.session_state.get(pkey, list(DEFAULT_P)))

    return apply


def information_section(page: Page) -> lab.Information | None:
    c, t = page.controls, page.t
    col1, col2 = st.columns([2, 1])
    with col1:
        k = c.slider("k", t("softmax_entropy.info.k"), MIN_OUTCOMES, MAX_OUTCOMES, DEFAULT_K)
    with col2:
        unit = c.radio("unit", t("softmax_entropy.info.unit"), UNITS, "bits",
                       format_func=lambda u: t(f"softmax_entropy.info.units.{u}"))
    st.caption(t("softmax_entropy.info.presets"))
    buttons = st.columns(len(PRESETS) + 1)
    for col, name in zip(buttons, PRESETS):
        col.button(t(f"softmax_entropy.info.preset.{name}"), on_click=_preset_callback(page, name),
                   key=f"softmax_entropy._preset.{name}", width="stretch")
    buttons[-1].button(t("softmax_entropy.info.preset.swap"), on_click=_swap_callback(page),
                       key="softmax_entropy._preset.swap", width="stretch", icon=":material/swap_horiz:")
    labels = outcome_labels(k)
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('softmax_entropy.info.p_weights')}**")
        pw = list_sliders(page, "p", DEFAULT_P, k, labels, *WEIGHT_RANGE, step=0.5, columns=3)
    with right:
        st.markdown(f"**{t('softmax_entropy.info.q_weights')}**")
        qw = list_sliders(page, "q", DEFAULT_Q, k, labels, *WEIGHT_RANGE, step=0.5, columns=3)
    if not (lab.is_distribution(pw) and lab.is_distribution(qw)):
        st.warning(t("softmax_entropy.info.all_zero"), icon=":material/warning:")
        return None
    info = lab.information(pw, qw, BASES[unit])
    u = t(f"softmax_entropy.info.short.{unit}")
    cols = st.columns(5)
    for col, label, value in zip(cols, ("H(p)", "H(q)", "H(p, q)", "KL(p‖q)", "KL(q‖p)"),
                                 (info.h_p, info.h_q, info.ce_pq, info.kl_pq, info.kl_qp)):
        col.metric(f"{label} [{u}]", fmt.num(value))
    page.chart(figs.distributions(labels, info.p, info.q, info.info_p, info.info_q,
                                  title=t("softmax_entropy.info.dist_title"), prob_axis=t("softmax_entropy.probability"),
                                  info_axis=t("softmax_entropy.info.info_axis", unit=u), unit=u), key="fig_dist")
    rows = [("pq", "H(p, q)", info.h_p, info.kl_pq, info.ce_pq), ("qp", "H(q, p)", info.h_q, info.kl_qp, info.ce_qp)]
    page.chart(figs.decomposition(rows, labels=(t("softmax_entropy.info.part_h"), t("softmax_entropy.info.part_kl"),
                                                t("softmax_entropy.info.part_ce")),
                                  title=t("softmax_entropy.info.decomp_title"), x_axis=u), key="fig_decomp")
    if math.isinf(info.kl_pq) or math.isinf(info.kl_qp):
        st.info(t("softmax_entropy.info.infinite"), icon=":material/all_inclusive:")
    log = r"\log_2" if unit == "bits" else r"\ln"
    hp = " + ".join(rf"{fmt.latex_num(pi, 3)} \times {fmt.latex_num(ii, 3)}"
                    for pi, ii in zip(info.p, info.info_p) if pi > 0)
    page.formula(rf"H(p) = \sum_i p_i\,(-{log} p_i) = {hp} = {fmt.latex_num(info.h_p)}")
    page.formula(rf"H(p, q) = -\sum_i p_i {log} q_i = {fmt.latex_num(info.ce_pq)} = H(p) + D_{{KL}}(p\|q)"
                 rf" = {fmt.latex_num(info.h_p)} + {fmt.latex_num(info.kl_pq)}")
    page.formula(rf"D_{{KL}}(p\|q) = {fmt.latex_num(info.kl_pq)} \ne D_{{KL}}(q\|p) = {fmt.latex_num(info.kl_qp)}"
                 if info.larger_kl != "equal" else rf"D_{{KL}}(p\|q) = D_{{KL}}(q\|p) = {fmt.latex_num(info.kl_pq)}")
    return info


# ------------------------------------------------------------------------------------------ classifier
@st.cache_data(max_entries=48, show_spinner=False)
def train(data: str, k: int, noise: float, model: str, epochs: int, rate: float, seed: int) -> lab.Classifier:
    """Training is the slow part: cached per setting (bounded)."""
    return lab.train_classifier(data, n_classes=k, noise=noise, hidden=HIDDEN_UNITS if model == "mlp" else 0,
                                epochs=epochs, learning_rate=rate, seed=seed, resolution=RESOLUTION)


def classifier_section(page: Page) -> lab.Classifier:
    c, t = page.controls, page.t
    col1, col2, col3 = st.columns(3)
    with col1:
        data = c.radio("data", t("softmax_entropy.clf.data"), DATASETS, "blobs",
                       format_func=lambda d: t(f"softmax_entropy.clf.datasets.{d}"))
        k = c.slider("classes", t("softmax_entropy.clf.classes"), 2, 5, 3)
    with col2:
        model = c.radio("model", t("softmax_entropy.clf.model"), MODELS, "softmax",
                        format_func=lambda m: t(f"softmax_entropy.clf.models.{m}"))
        noise = c.slider("noise", t("softmax_entropy.clf.noise"), 0.0, 0.5, 0.1, step=0.05)
    with col3:
        epochs = c.select_slider("epochs", t("softmax_entropy.clf.epochs"), EPOCHS, 200)
        rate = c.select_slider("lr", t("softmax_entropy.clf.rate"), RATES, 0.03)
        seed = c.number_input("seed", t("softmax_entropy.clf.seed"), 0, 999, 0, step=1)
    clf = train(data, k, noise, model, epochs, rate, seed)
    labels = class_labels(page, clf.n_classes)
    if clf.diverged_epoch is not None:
        st.warning(t("softmax_entropy.clf.diverged", epoch=clf.diverged_epoch), icon=":material/warning:")
    left, right = st.columns([3, 2])
    with left:
        page.chart(figs.decision_regions(clf.xs, clf.ys, clf.regions, clf.probs, clf.X, clf.y, labels,
                                         title=t("softmax_entropy.clf.regions_title"),
                                         hover_class=t("softmax_entropy.clf.predicted")), key="fig_regions")
        st.caption(t("softmax_entropy.clf.regions_caption"))
    with right:
        m1, m2 = st.columns(2)
        m1.metric(t("softmax_entropy.clf.accuracy"), fmt.percent(clf.final_accuracy))
        m2.metric(t("softmax_entropy.clf.final_loss"), fmt.num(clf.loss[-1]) if clf.loss.size else "–")
        page.chart(figs.training_curves(clf.epochs, clf.loss, clf.accuracy,
                                        labels=(t("softmax_entropy.clf.loss_label"),
                                                t("softmax_entropy.clf.acc_label")),
                                        title=t("softmax_entropy.clf.curve_title"),
                                        x_axis=t("softmax_entropy.clf.epoch")), key="fig_curve")
    return clf


# ------------------------------------------------------------------------------------------ check yourself
CHECK_LOGITS = (2.0, 1.0, 0.1)        # softmax_p: the probability of class 1
CHECK_COIN = ((1.0, 1.0), (1.0, 3.0))  # cross_entropy_bits: a fair coin p against q = (1/4, 3/4)
CHECK_KL = ((1.0, 1.0), (9.0, 1.0))    # kl_direction: a fair coin p against q = (0.9, 0.1)
CHECK_GRAD = ((1.0, 2.0, 0.0), 0)      # grad_true_class: logits and the true class


def _vector(values) -> str:
    """(0.5, 0.25, 2): a short vector as a question quotes it."""
    return "(" + ", ".join(format(float(v), "g") for v in values) + ")"


def checks() -> list[Question]:
    """The page's questions; every answer from nncore (through the lesson), none typed into a catalog."""
    z = np.array(CHECK_LOGITS)
    steps = lab.softmax_steps(z)
    coin = lab.information(*CHECK_COIN, base=2.0)
    kl = lab.information(*CHECK_KL, base=2.0)
    gz, gy = CHECK_GRAD
    grad = lab.cross_entropy_view(gz, lab.smoothed_target(len(gz), gy))
    logits_param = ",".join(ctl.encode(v) for v in CHECK_LOGITS)
    return [
        Question("softmax_p", answer=float(steps.probs[0]), tol=0.005,
                 show_me={"n": z.size, "logits": logits_param},
                 values={"z": _vector(z), "m": format(steps.max, "g"), "exps": ", ".join(fmt.num(v, 3) for v in steps.shifted_exp),
                         "e1": fmt.num(steps.shifted_exp[0], 3),
                         "total": fmt.num(steps.shifted_sum, 3), "p": fmt.num(steps.probs[0], 3)}),
        Question("cross_entropy_bits", answer=coin.ce_pq, tol=0.005,
                 show_me={"view": "information", "k": 2, "p": "1,1", "q": "1,3", "unit": "bits"},
                 values={"p": _vector(coin.p), "q": _vector(coin.q), "ce": fmt.num(coin.ce_pq),
                         "h": fmt.num(coin.h_p), "kl": fmt.num(coin.kl_pq)}),
        Question("kl_direction", answer=kl.larger_kl, options=("pq", "qp", "equal"),
                 show_me={"view": "information", "k": 2, "p": "1,1", "q": "9,1", "unit": "bits"},
                 values={"p": _vector(kl.p), "q": _vector(kl.q), "kl_pq": fmt.num(kl.kl_pq),
                         "kl_qp": fmt.num(kl.kl_qp)}),
        Question("grad_true_class", answer=float(grad.grad[gy]), tol=0.005,
                 show_me={"view": "cross_entropy", "n": len(gz), "logits": ",".join(ctl.encode(v) for v in gz),
                          "y": gy},
                 values={"z": _vector(gz), "cls": gy + 1, "sub": fmt.subscript(gy + 1), "p": fmt.num(grad.probs[gy], 3),
                         "g": fmt.num(grad.grad[gy], 3)}),
    ]
