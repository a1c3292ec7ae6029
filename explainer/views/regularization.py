"""Sections of the Regularization page: overfitting and early stopping, bias–variance, L1 vs L2, weight decay,
dropout, the workflow of a project; its questions.

Every number comes from :mod:`nncore.lessons.regularization`; this module lays out and formats. Training runs are
cached per setting (bounded) and trained once to the longest run the page offers: the epoch count, the epoch shown
and the patience are read from one cached run, so moving them never trains again.
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
import pandas as pd
import streamlit as st

from explainer import controls as ctl
from explainer import fmt
from explainer.checks import Question
from explainer.figures import regularization as figs
from explainer.shell import Page
from nncore import datasets
from nncore.lessons import regularization as lesson

SECTIONS = ("overfit", "bias_variance", "l1_l2", "weight_decay", "dropout", "workflow")
CURVES = tuple(datasets.CURVE_KINDS)
POINTS = (8, 10, 12, 15, 20, 30, 50)
NOISES = (0.0, 0.1, 0.2, 0.3, 0.5, 0.8)
WIDTHS = (2, 4, 8, 16, 32)
LAYERS = (1, 2)
EPOCHS = (100, 200, 500, 1000)
MAX_EPOCHS = max(EPOCHS)
PER_RUN = 100  # the epoch slider's steps per run: E // 100 epochs each
SNAPSHOTS = lesson.snapshot_schedule(EPOCHS, PER_RUN)
LEARNING_RATE = 0.01  # Adam, full batch
L2_RATES = (0.0, 1e-4, 3e-4, 0.001, 0.003, 0.01, 0.03)
DROPS = (0.0, 0.1, 0.2, 0.3, 0.5)
PATIENCES = (10, 25, 50, 100, 200)
MAX_SEED = 9999
# bias–variance
SETS = (5, 10, 20)
SIMPLE = (0, 1, 2, 3)       # hidden units of the simple model (0: a straight line ŷ = wx + b)
COMPLEX = (8, 16, 32)       # units in each of the complex model's two hidden layers
BV_EPOCHS = 500
BV_RATE = 0.02
# L1 / L2
PATH_LAMS = np.geomspace(1e-3, 10.0, 61)  # the x axis of the paths (a display grid; weights from nncore)
PATH_LAMS.setflags(write=False)
LAMS = (0.001, 0.01, 0.03, 0.1, 0.3, 0.5, 1.0, 2.0, 5.0)
CORRELATIONS = (-0.5, 0.0, 0.5, 0.8)
TRUE_FEATURES = (0, 1, 2)   # the weights that are not 0 in the truth
# weight decay
RATES = (0.01, 0.05, 0.1, 0.5, 1.0)
DECAYS = (0.001, 0.01, 0.05, 0.1, 0.5)
DECAY_EPOCHS = 500
# dropout
DROP_RATES = DROPS  # the same drop rates as the overfitting section (its dropout copy is the same network)
MODES = ("inverted", "classic")
N_MASKS = 2000
EFFECT_EPOCHS = 1000
# workflow
WF_SAMPLES = (200, 400, 800)
WF_NOISES = (0.1, 0.2, 0.3, 0.4)
WF_HIDDEN = (1, 2, 4, 8, 16, 32)
WF_STEPS = tuple(range(1, 11))
WF_N, WF_NOISE, WF_HIDDEN_A, WF_HIDDEN_B = 400, 0.2, 2, 8  # the default project (also the question's)
CLASS_IDS = (0, 1)


def _seed(page: Page, key: str) -> int:
    return page.controls.get(key, 0, parse=ctl.number(0, MAX_SEED, integer=True))


def _next_seed(page: Page, key: str) -> None:
    """Button callback: a new random draw (the seed lives in the URL, so the view stays shareable)."""
    wkey = page.controls.widget_key(key)
    page.controls.set(key, (int(st.session_state.get(wkey, 0)) + 1) % (MAX_SEED + 1))


def _keep_valid(page: Page, key: str, options: tuple, default) -> None:
    """A remembered value that the control no longer offers (the epoch shown after fewer epochs) goes back to the
    default before the widget is drawn."""
    wkey = page.controls.widget_key(key)
    if wkey in st.session_state and st.session_state[wkey] not in options:
        st.session_state[wkey] = default


def _lam_label(v: float) -> str:
    return fmt.num(v, 4).rstrip("0").rstrip(".") if v else "0"


# ------------------------------------------------------------------------------------------ cached engine runs
@st.cache_data(max_entries=12, show_spinner=False)  # ~0.4 MB an entry
def fit(kind: str, n: int, noise: float, width: int, layers: int, l2: float, drop: float, seed: int) -> lesson.CurveFit:
    """The plain and (if any) the regularized network, trained once for the longest run (~0.1 s cold)."""
    return lesson.fit_curve(kind, n, noise, (width,) * layers, MAX_EPOCHS, LEARNING_RATE, l2=l2, drop=drop,
                            snapshots=SNAPSHOTS, patiences=PATIENCES, limits=EPOCHS, seed=seed)


@st.cache_data(max_entries=24, show_spinner=False)
def resample(kind: str, n: int, noise: float, k: int, hidden: tuple, seed: int) -> lesson.ResampledFits:
    return lesson.resampled_fits(kind, n, noise, k, hidden, BV_EPOCHS, BV_RATE, seed=seed)


@st.cache_data(max_entries=2, show_spinner=False)
def paths() -> tuple:
    data = lesson.sparse_regression()
    return data, lesson.lasso_path(data.X, data.y, PATH_LAMS), lesson.ridge_path(data.X, data.y, PATH_LAMS)


@st.cache_data(max_entries=64, show_spinner=False)
def picture(corr: float, t: float) -> lesson.ConstraintPicture:
    return lesson.constraint_picture(corr, t)


@st.cache_data(max_entries=8, show_spinner=False)
def decay(lam: float) -> lesson.DecayRuns:
    return lesson.decay_runs(lam, DECAY_EPOCHS)


@st.cache_data(max_entries=1, show_spinner=False)
def effect() -> lesson.CurveFit:
    """Every drop rate of the section at once (one batched run, shared by every student)."""
    return lesson.dropout_effect(tuple(p for p in DROP_RATES if p > 0), epochs=EFFECT_EPOCHS)


@st.cache_data(max_entries=12, show_spinner=False)  # ~0.2 MB an entry
def project(n: int, noise: float, hidden_a: int, hidden_b: int, normalise: bool, seed: int) -> lesson.Workflow:
    return lesson.workflow(n, noise, hidden_a, hidden_b, normalise, seed)


def _split_label(page: Page, split: str, which: str) -> str:
    return page.t("regularization.overfit.curve_label", split=page.t(f"regularization.splits.{split}"),
                  model=page.t(f"regularization.overfit.{which}"))


def _key(page: Page, groups, splits=("train", "val", "test")) -> figs.Key:
    """The compact legend: one entry per network (colour) and per data set (dash)."""
    return figs.Key(tuple(groups), tuple((figs.SPLIT_DASH[s], page.t(f"regularization.splits.{s}")) for s in splits))


def stop_sentence(page: Page, stop: lesson.EarlyStop, which: str) -> str:
    """The early-stopping caption of one network: the same epochs as its markers, legend and metrics."""
    values = dict(model=page.t(f"regularization.overfit.name_{which}"), patience=stop.patience, kept=stop.kept,
                  limit=stop.limit, test=fmt.num(stop.test_loss))
    if stop.stop is None:
        return page.t("regularization.overfit.caption_never", **values)
    return page.t("regularization.overfit.caption", stop=stop.stop, **values)


# ------------------------------------------------------------------------------------------ overfitting
def overfit_section(page: Page) -> lesson.CurveFit:
    """Train / validation / test curves, early stopping on the validation loss, L2 and dropout copies."""
    c, t = page.controls, page.t
    col1, col2, col3 = st.columns(3)
    with col1:
        kind = c.selectbox("curve", t("regularization.curve"), CURVES, "sin",
                           format_func=lambda k: t(f"regularization.curves.{k}"))
        n = c.select_slider("n", t("regularization.n_points"), POINTS, 15)
        noise = c.select_slider("noise", t("regularization.noise"), NOISES, 0.3, help=t("regularization.noise_help"))
    with col2:
        width = c.select_slider("width", t("regularization.overfit.width"), WIDTHS, 32)
        layers = c.radio("layers", t("regularization.overfit.layers"), LAYERS, 2)
        epochs = c.select_slider("epochs", t("regularization.overfit.epochs"), EPOCHS, MAX_EPOCHS)
    with col3:
        l2 = c.select_slider("l2", t("regularization.overfit.l2"), L2_RATES, 0.0, format_func=_lam_label,
                             help=t("regularization.overfit.l2_help"))
        drop = c.select_slider("drop", t("regularization.overfit.drop"), DROPS, 0.0,
                               help=t("regularization.overfit.drop_help"))
        patience = c.select_slider("patience", t("regularization.overfit.patience"), PATIENCES, 100,
                                   help=t("regularization.overfit.patience_help"))
    seed = _seed(page, "seed")
    st.button(t("regularization.new_data"), icon=":material/casino:", on_click=_next_seed, args=(page, "seed"),
              help=t("regularization.new_data_help"))
    with st.spinner(t("regularization.training")):
        result = fit(kind, n, noise, width, layers, l2, drop, seed)
    run = result.run
    every = epochs // PER_RUN
    shown = tuple(range(every, epochs + 1, every))
    _keep_valid(page, "at", shown, epochs)
    at = c.select_slider("at", t("regularization.overfit.at"), shown, epochs, help=t("regularization.overfit.at_help"))
    snap = run.snapshot_index(at)
    members = ["plain", "reg"][:len(result.members)]
    stops = [result.early_stop(k, patience, epochs) for k in range(len(members))]

    for k, (which, stop) in enumerate(zip(members, stops)):
        if result.regularized:
            l2_k, drop_k = result.members[k]
            st.markdown(f"**{t(f'regularization.overfit.row_{which}', lam=_lam_label(l2_k), p=fmt.num(drop_k, 1))}**")
        cols = st.columns(5)
        cols[0].metric(t("regularization.overfit.train_loss", epoch=at), fmt.num(run.train_loss[k, at - 1]))
        cols[1].metric(t("regularization.overfit.val_loss", epoch=at), fmt.num(run.val_loss[k, at - 1]))
        cols[2].metric(t("regularization.overfit.stopped_at"),
                       str(stop.stop) if stop.stop is not None else t("regularization.overfit.no_stop", limit=epochs))
        cols[3].metric(t("regularization.overfit.kept_epoch"), str(stop.kept))
        cols[4].metric(t("regularization.overfit.kept_test"), fmt.num(stop.test_loss))

    fits = [figs.Series("fit:plain", t("regularization.overfit.fit_plain", epoch=at), run.snapshots[0, snap], 0)]
    if result.regularized:
        fits.append(figs.Series("fit:reg", t("regularization.overfit.fit_reg", epoch=at), run.snapshots[1, snap], 2))
    fits.append(figs.Series("fit:kept", t("regularization.overfit.fit_kept", epoch=stops[0].kept), stops[0].fit, 0,
                            "dot"))
    labels = {k: t(f"regularization.legend.{k}") for k in ("truth", "train", "val", "test")}
    points = [("train", result.x_train, result.y_train), ("val", result.x_val, result.y_val),
              ("test", result.x_test, result.y_test)]
    curves, markers, lines = [], [], []
    n_snaps = run.snapshot_count(epochs)
    for k, (which, stop) in enumerate(zip(members, stops)):
        col = 2 * k
        for split, y, x in (("train", run.train_loss[k, :epochs], None), ("val", run.val_loss[k, :epochs], None),
                            ("test", run.test_loss[k, :n_snaps], run.snapshot_epochs[:n_snaps])):
            curves.append(figs.Series(f"loss:{split}:{which}", _split_label(page, split, which), y, col,
                                      figs.SPLIT_DASH[split], x=x, group=which))
        markers.append(figs.Marker(f"kept:{which}", t("regularization.overfit.kept_marker", epoch=stop.kept),
                                   stop.kept, stop.val_loss, col, "star", which))
        markers.append(figs.Marker(f"kept_test:{which}", None, stop.kept, stop.test_loss, col, "diamond", which))
        if stop.stop is not None:
            lines.append((f"stop:{which}", stop.stop, col))
    left, right = st.columns(2)
    with left:
        page.chart(figs.fitted_curves(run.grid_x, result.truth, fits, points, labels=labels,
                                      title=t("regularization.overfit.fit_title"), x_axis="x", y_axis="y"),
                   key="fig_fit")
    with right:
        key = _key(page, [(w, t(f"regularization.overfit.{w}"), 2 * k) for k, w in enumerate(members)])
        page.chart(figs.loss_curves(run.epochs[:epochs], curves, markers=markers, stops=lines,
                                    noise_floor=result.noise_var, noise_label=t("regularization.overfit.noise_floor"),
                                    current=at, key=key, title=t("regularization.overfit.loss_title"),
                                    x_axis=t("regularization.epoch"), y_axis=t("regularization.mse")),
                   key="fig_loss")
    for which, stop in zip(members, stops):
        st.caption(stop_sentence(page, stop, which))
    st.caption(t("regularization.overfit.sets", train=len(result.x_train), val=len(result.x_val),
                 test=len(result.x_test)))
    if result.regularized and result.members[1][0] > 0:
        obj = result.objective(1, at)
        cost, after = t("regularization.tex.cost"), t("regularization.tex.after_epoch", epoch=at)
        page.formula(rf"J + \lambda\Omega = \underbrace{{{fmt.latex_num(obj.cost)}}}_{{J\ \text{{{cost}}}}}"
                     rf" + {fmt.latex_num(obj.lam, 4)} \times \underbrace{{{fmt.latex_num(obj.omega)}}}"
                     rf"_{{\Omega = \frac12\|W\|^2}} = {fmt.latex_num(obj.total)}\quad(\text{{{after}}})")
    else:
        objective, cost = t("regularization.tex.objective"), t("regularization.tex.cost")
        page.formula(rf"\underbrace{{J(w) + \lambda\,\Omega(w)}}_{{\text{{{objective}}}}},\quad "
                     rf"J = \underbrace{{\tfrac1m\textstyle\sum_i L(\hat y_i, y_i)}}_{{\text{{{cost}}}}}")
    return result


# ------------------------------------------------------------------------------------------ bias–variance
def bias_variance_section(page: Page) -> tuple[lesson.BiasVariance, lesson.BiasVariance]:
    c, t = page.controls, page.t
    col1, col2, col3 = st.columns(3)
    with col1:
        kind = c.selectbox("bcurve", t("regularization.curve"), CURVES, "sin",
                           format_func=lambda k: t(f"regularization.curves.{k}"))
        k = c.select_slider("k", t("regularization.bv.k"), SETS, 10, help=t("regularization.bv.k_help"))
    with col2:
        n = c.select_slider("bn", t("regularization.n_points"), POINTS, 15)
        noise = c.select_slider("bnoise", t("regularization.noise"), NOISES, 0.3, help=t("regularization.noise_help"))
    with col3:
        simple = c.select_slider("simple", t("regularization.bv.simple"), SIMPLE, 1,
                                 format_func=lambda h: t("regularization.bv.line") if h == 0 else str(h))
        complex_ = c.select_slider("complex", t("regularization.bv.complex"), COMPLEX, 16)
    seed = _seed(page, "bseed")
    st.button(t("regularization.new_data"), icon=":material/casino:", on_click=_next_seed, args=(page, "bseed"),
              key="regularization._bv_new", help=t("regularization.new_data_help"))
    models = (("simple", (simple,) if simple else ()), ("complex", (complex_, complex_)))
    with st.spinner(t("regularization.training")):
        results = [lesson.decompose(resample(kind, n, noise, k, hidden, seed)) for _, hidden in models]
    names = [t("regularization.bv.model_simple", arch=_arch(page, simple, 1)),
             t("regularization.bv.model_complex", arch=_arch(page, complex_, 2))]
    labels = {"fits": t("regularization.bv.fits", k=k), "truth": t("regularization.legend.truth"),
              "mean": t("regularization.bv.mean")}
    for col, (key, _), name, r, colour in zip(st.columns(2), models, names, results, (0, 1)):
        with col:
            page.chart(figs.resampled_fits(r.x, r.truth, r.fits, r.mean_fit, labels=labels, color=colour,
                                           title=name, x_axis="x", y_axis="y"), key=f"fig_bv_{key}")
            m = st.columns(4)
            m[0].metric(t("regularization.bv.bias2"), fmt.num(r.bias2))
            m[1].metric(t("regularization.bv.variance"), fmt.num(r.variance))
            m[2].metric(t("regularization.bv.noise"), fmt.num(r.noise))
            m[3].metric(t("regularization.bv.measured"), fmt.num(r.expected_error))
            page.formula(rf"{fmt.latex_num(r.bias2)} + {fmt.latex_num(r.variance)} + {fmt.latex_num(r.noise)}"
                         rf" = {fmt.latex_num(r.total)} \approx {fmt.latex_num(r.expected_error)}"
                         rf" \pm {fmt.latex_num(r.margin)}")
    bar_labels = {key: t(f"regularization.bv.{key}") for key in ("bias2", "variance", "noise", "measured")}
    page.chart(figs.decomposition(names, [r.bias2 for r in results], [r.variance for r in results],
                                  [r.noise for r in results], [r.expected_error for r in results],
                                  [r.error_stderr for r in results], labels=bar_labels,
                                  title=t("regularization.bv.bars_title"), y_axis=t("regularization.mse")),
               key="fig_bv_bars")
    page.formula(r"\mathbb{E}\big[(y - \hat f(x))^2\big] = \underbrace{\big(\mathbb{E}\hat f(x) - f(x)\big)^2}"
                 rf"_{{\text{{{t('regularization.tex.bias2')}}}}} + "
                 r"\underbrace{\mathbb{E}\big[(\hat f(x) - \mathbb{E}\hat f(x))^2\big]}"
                 rf"_{{\text{{{t('regularization.tex.variance')}}}}} + "
                 rf"\underbrace{{\sigma^2}}_{{\text{{{t('regularization.tex.noise')}}}}}")
    st.caption(t("regularization.bv.caption", k=k, train_simple=fmt.num(results[0].train_error),
                 train_complex=fmt.num(results[1].train_error), test_simple=fmt.num(results[0].expected_error),
                 test_complex=fmt.num(results[1].expected_error)))
    return results[0], results[1]


def _arch(page: Page, units: int, layers: int) -> str:
    if units == 0:
        return page.t("regularization.bv.line")
    return " – ".join(["1", *[str(units)] * layers, "1"])


# ------------------------------------------------------------------------------------------ L1 vs L2
def weight_names(d: int) -> list[str]:
    return [f"w{j + 1}" for j in range(d)]


def l1_l2_section(page: Page) -> dict:
    c, t = page.controls, page.t
    data, p1, p2 = paths()
    lam = c.select_slider("lam", t("regularization.l1l2.lam"), LAMS, 0.3, help=t("regularization.l1l2.lam_help"))
    at = lesson.weights_at(data, lam)
    w1, w2 = at.l1, at.l2
    names = weight_names(data.X.shape[1])
    zeros1, zeros2 = at.zeros_l1, at.zeros_l2
    m = st.columns(3)
    m[0].metric(t("regularization.l1l2.zeros_l1", lam=fmt.num(lam, 3)), f"{zeros1} / {len(names)}")
    m[1].metric(t("regularization.l1l2.zeros_l2", lam=fmt.num(lam, 3)), f"{zeros2} / {len(names)}")
    m[2].metric(t("regularization.l1l2.true_zeros"), f"{lesson.exact_zeros(data.w_true)} / {len(names)}")
    left, right = st.columns(2)
    with left:
        page.chart(figs.weight_paths(p1.lams, p1.weights, kind="l1", names=names, lam_now=lam,
                                     title=t("regularization.l1l2.path_l1"), x_axis="λ",
                                     y_axis=t("regularization.l1l2.weight")), key="fig_path_l1")
    with right:
        page.chart(figs.weight_paths(p2.lams, p2.weights, kind="l2", names=names, lam_now=lam,
                                     title=t("regularization.l1l2.path_l2"), x_axis="λ",
                                     y_axis=t("regularization.l1l2.weight")), key="fig_path_l2")
    page.chart(figs.weights_at(names, [("at:l1", "L1", w1), ("at:l2", "L2", w2),
                                       ("at:true", t("regularization.l1l2.true_w"), data.w_true)],
                               title=t("regularization.l1l2.bars_title", lam=fmt.num(lam, 3)),
                               y_axis=t("regularization.l1l2.weight")), key="fig_weights_at")
    page.formula(r"J + \lambda\,\Omega_{L1} = J + \lambda\textstyle\sum_j |w_j|, \qquad "
                 r"J + \lambda\,\Omega_{L2} = J + \tfrac{\lambda}{2}\textstyle\sum_j w_j^2, \qquad "
                 r"J = \tfrac1m\|Xw - y\|^2")
    st.caption(t("regularization.l1l2.path_caption"))

    st.subheader(t("regularization.l1l2.geo_header"))
    page.lesson("regularization.lesson.geometry")
    col1, col2 = st.columns(2)
    with col1:
        radius = c.slider("t", t("regularization.l1l2.radius"), 0.1, 3.0, 1.0, step=0.1,
                          help=t("regularization.l1l2.radius_help"))
    with col2:
        corr = c.select_slider("corr", t("regularization.l1l2.corr"), CORRELATIONS, 0.5,
                               help=t("regularization.l1l2.corr_help"))
    pic = picture(corr, radius)
    geo_labels = {"l1": t("regularization.l1l2.l1_region", t=fmt.num(radius, 1)),
                  "l2": t("regularization.l1l2.l2_region", t=fmt.num(radius, 1)),
                  "w_star": t("regularization.l1l2.w_star"), "sol_l1": t("regularization.l1l2.sol_l1"),
                  "sol_l2": t("regularization.l1l2.sol_l2")}
    page.chart(figs.constraint_geometry(pic.xs, pic.ys, pic.Z, radius, pic.w_star, pic.w_l1, pic.w_l2, pic.levels,
                                        labels=geo_labels, title=t("regularization.l1l2.geo_title")), key="fig_geo")

    def vec(w):
        return rf"({fmt.latex_num(w[0])},\ {fmt.latex_num(w[1])})"

    page.formula(rf"w^* = {vec(pic.w_star)},\quad w_{{L1}} = {vec(pic.w_l1)},\quad w_{{L2}} = {vec(pic.w_l2)}")
    st.caption(t("regularization.l1l2.geo_caption", mu=fmt.num(pic.mu, 4) if np.isfinite(pic.mu) else "∞",
                 zeros=pic.zeros_l1))
    return {"w1": w1, "w2": w2, "picture": pic}


# ------------------------------------------------------------------------------------------ weight decay
def weight_decay_section(page: Page) -> lesson.WeightDecayDemo:
    c, t = page.controls, page.t
    col1, col2 = st.columns(2)
    with col1:
        lr = c.select_slider("lr", t("regularization.wd.lr"), RATES, 0.1)
    with col2:
        lam = c.select_slider("wd", t("regularization.wd.lam"), DECAYS, 0.1)
    demo = lesson.weight_decay_demo(lr, lam)
    i = 0
    page.formula(rf"w \leftarrow w(1 - \eta\lambda) - \eta\frac{{\partial J}}{{\partial w}} = "
                 rf"{fmt.latex_num(demo.w[i], 6, True)} \times {fmt.latex_num(demo.factor, 6, True)} - "
                 rf"{fmt.latex_num(lr, 4)} \times {fmt.latex_num(demo.grad[i], 6, True)} = "
                 rf"{fmt.latex_num(demo.decay[i], 6)}")
    page.formula(rf"w - \eta\Big(\frac{{\partial J}}{{\partial w}} + \lambda w\Big) = "
                 rf"{fmt.latex_num(demo.w[i], 6, True)} - {fmt.latex_num(lr, 4)} \times "
                 rf"\big({fmt.latex_num(demo.grad[i], 6, True)} + {fmt.latex_num(lam, 4)} \times "
                 rf"{fmt.latex_num(demo.w[i], 6, True)}\big) = {fmt.latex_num(demo.l2_step[i], 6)}")
    table = pd.DataFrame({
        "w": [fmt.num(v, 6) for v in demo.w],
        "∂J/∂w": [fmt.num(v, 6) for v in demo.grad],
        t("regularization.wd.col_decay"): [fmt.num(v, 6) for v in demo.decay],
        t("regularization.wd.col_l2"): [fmt.num(v, 6) for v in demo.l2_step],
        t("regularization.wd.col_trainer"): [fmt.num(v, 6) for v in demo.trainer],
        t("regularization.wd.col_adam_l2"): [fmt.num(v, 6) for v in demo.adam_l2],
        t("regularization.wd.col_adamw"): [fmt.num(v, 6) for v in demo.adamw],
    }, index=weight_names(demo.w.size))
    page.table(table, hide_index=False)
    st.caption(t("regularization.wd.caption", diff=fmt.num(demo.max_diff_formula, 3),
                 trainer=fmt.num(demo.max_diff_trainer, 3), factor=fmt.num(demo.factor, 4),
                 adam=fmt.num(demo.max_diff_adam, 4)))
    with st.spinner(t("regularization.training")):
        runs = decay(lam)
    kinds = ("none", "l2", "decay")
    left, right = st.columns(2)
    for col, opt, norms, rate in ((left, "sgd", runs.sgd_norms, runs.sgd_rate),
                                  (right, "adam", runs.adam_norms, runs.adam_rate)):
        series = [figs.Series(f"norm:{opt}:{k}", t(f"regularization.wd.norm_{opt}_{k}", lam=fmt.num(lam, 3)),
                              norms[j], (0, 2, 1)[j], ("solid", "solid", "dash")[j]) for j, k in enumerate(kinds)]
        with col:
            page.chart(figs.norm_curves(runs.epochs, series, title=t(f"regularization.wd.norm_title_{opt}",
                                                                     eta=fmt.num(rate, 3)),
                                        x_axis=t("regularization.epoch"), y_axis="‖W‖"), key=f"fig_norms_{opt}")
    st.caption(t("regularization.wd.runs_caption", epochs=len(runs.epochs), sgd=fmt.num(runs.sgd_diff, 3),
                 adam=fmt.num(runs.adam_diff, 4), adam_l2=fmt.num(runs.adam_norms[1, -1], 4),
                 adamw=fmt.num(runs.adam_norms[2, -1], 4)))
    return demo


# ------------------------------------------------------------------------------------------ dropout
def dropout_section(page: Page) -> dict:
    c, t = page.controls, page.t
    col1, col2 = st.columns(2)
    with col1:
        p = c.select_slider("rate", t("regularization.drop.p"), DROP_RATES, 0.5, help=t("regularization.drop.p_help"))
    with col2:
        mode = c.radio("mode", t("regularization.drop.mode"), MODES, "inverted",
                       format_func=lambda m: t(f"regularization.drop.modes.{m}"))
    step = _seed(page, "step")
    st.button(t("regularization.drop.next"), icon=":material/skip_next:", on_click=_next_seed, args=(page, "step"),
              help=t("regularization.drop.next_help"))
    ds = lesson.dropout_step(p, mode, step)
    m = st.columns(4)
    m[0].metric(t("regularization.drop.step"), str(step))
    m[1].metric(t("regularization.drop.kept"), f"{ds.n_kept} / {ds.n_hidden}")  # "6 / 16", not "3 + 3 / 16"
    m[2].metric(t("regularization.drop.out_train"), fmt.num(ds.output_train))
    m[3].metric(t("regularization.drop.out_test"), fmt.num(ds.output_test))
    exp = lesson.dropout_expectation(ds.a, p, N_MASKS, seed=step)
    units = [f"h{j + 1}" for j in range(ds.a.size)]
    left, right = st.columns(2)
    with left:
        page.chart(figs.dropout_network(ds.layer_sizes, ds.masks,
                                        labels={"kept": t("regularization.drop.kept_units"),
                                                "dropped": t("regularization.drop.dropped_units")},
                                        title=t("regularization.drop.net_title", step=step, p=fmt.num(p, 1))),
                   key="fig_net")
    with right:
        page.chart(figs.expectation_bars(units, [
            ("exp:a", t("regularization.drop.exp_a"), ds.a, 5, ""),
            ("exp:inv_train", t("regularization.drop.exp_inv_train", n=N_MASKS), exp.train_mean_inverted, 0, "/"),
            ("exp:cla_train", t("regularization.drop.exp_cla_train", n=N_MASKS), exp.train_mean_classic, 1, "/"),
            ("exp:cla_test", t("regularization.drop.exp_cla_test"), exp.test_classic, 1, ""),
        ], title=t("regularization.drop.exp_title"), y_axis=t("regularization.drop.activation")), key="fig_expect")
    page.formula(rf"m \sim \text{{Bernoulli}}(1-p):\quad \text{{{t('regularization.tex.inverted')}}}\; "
                 rf"\mathbb{{E}}\Big[\frac{{m\,a}}{{1-p}}\Big] = \frac{{(1-p)\,a}}{{1-p}} = a \qquad "
                 rf"\text{{{t('regularization.tex.classic')}}}\; \mathbb{{E}}[m\,a] = (1-p)\,a \;\Rightarrow\; "
                 rf"\text{{{t('regularization.tex.test')}}}\; (1-p)\,a")
    st.caption(t("regularization.drop.exp_caption", share=fmt.percent(exp.kept_share), keep=fmt.num(exp.keep, 1),
                 p=fmt.num(p, 1)))

    st.subheader(t("regularization.drop.effect_header"))
    with st.spinner(t("regularization.training")):
        result = effect()
    run = result.run
    rates = [d for _, d in result.members]
    chosen = rates.index(p)
    shown = [(0, "plain", 0)] + ([(chosen, "reg", 2)] if chosen else [])
    curves = [figs.Series(f"loss:{split}:{which}", _split_label(page, split, which), losses[k], col,
                          figs.SPLIT_DASH[split], group=which)
              for k, which, col in shown for split, losses in (("train", run.train_loss), ("val", run.val_loss))]
    key = _key(page, [(w, t(f"regularization.overfit.{w}"), col) for _, w, col in shown], ("train", "val"))
    page.chart(figs.loss_curves(run.epochs, curves, noise_floor=result.noise_var, key=key,
                                noise_label=t("regularization.overfit.noise_floor"),
                                title=t("regularization.drop.effect_title", p=fmt.num(p, 1)),
                                x_axis=t("regularization.epoch"), y_axis=t("regularization.mse")), key="fig_drop_loss")
    final_val = run.val_loss[:, -1]
    best = result.best_by_validation()
    page.chart(figs.effect_bars([fmt.num(r, 1) for r in rates], final_val, highlight=chosen,
                                title=t("regularization.drop.bars_title", epochs=EFFECT_EPOCHS),
                                y_axis=t("regularization.drop.bars_y")), key="fig_drop_bars")
    st.caption(t("regularization.drop.effect_caption", epochs=EFFECT_EPOCHS, plain=fmt.num(final_val[0]),
                 p=fmt.num(p, 1), reg=fmt.num(final_val[chosen]), best_p=fmt.num(rates[best], 1),
                 best=fmt.num(final_val[best]), best_test=fmt.num(run.test_loss[best, -1])))
    return {"step": ds, "exp": exp, "effect": result}


# ------------------------------------------------------------------------------------------ workflow
def workflow_section(page: Page) -> lesson.Workflow:
    """Article 5's workflow on one data set, one step at a time, with the numbers each step produces."""
    c, t = page.controls, page.t
    col1, col2, col3 = st.columns(3)
    with col1:
        n = c.select_slider("wn", t("regularization.wf.n"), WF_SAMPLES, WF_N)
        noise = c.select_slider("wnoise", t("regularization.wf.noise"), WF_NOISES, WF_NOISE,
                                help=t("regularization.wf.noise_help"))
    with col2:
        hidden_a = c.select_slider("wh", t("regularization.wf.hidden_a"), WF_HIDDEN, WF_HIDDEN_A)
        hidden_b = c.select_slider("wh2", t("regularization.wf.hidden_b"), WF_HIDDEN, WF_HIDDEN_B)
    with col3:
        normalise = c.toggle("wnorm", t("regularization.wf.normalise"), True, help=t("regularization.wf.normalise_help"))
        seed = _seed(page, "wseed")
        st.button(t("regularization.new_data"), icon=":material/casino:", on_click=_next_seed, args=(page, "wseed"),
                  key="regularization._wf_new", help=t("regularization.new_data_help"))
    with st.spinner(t("regularization.training")):
        w = project(n, noise, hidden_a, hidden_b, normalise, seed)
    step = c.radio("wstep", t("regularization.wf.step"), WF_STEPS, 1,
                   format_func=lambda s: t("regularization.wf.step_label", n=s, name=t(f"regularization.wf.names.s{s}")))
    st.subheader(t("regularization.wf.step_label", n=step, name=t(f"regularization.wf.names.s{step}")))
    STEPS[step](page, w)
    return w


def _classes(page: Page) -> list[str]:
    return [page.t(f"regularization.wf.class{c}") for c in CLASS_IDS]


def _feature_table(page: Page, rows: dict) -> None:
    t = page.t
    page.table(pd.DataFrame(rows, index=[t("regularization.wf.feature", j=1), t("regularization.wf.feature", j=2)]),
               hide_index=False)


def _step_collect(page: Page, w: lesson.Workflow) -> None:
    t = page.t
    st.markdown(t("regularization.wf.text.s1", n=w.n_samples, noise=fmt.num(w.noise, 1)))
    page.chart(figs.class_scatter(w.X_raw, w.y, labels=_classes(page), title=t("regularization.wf.raw_title"),
                                  x_axis=t("regularization.wf.feature", j=1), y_axis=t("regularization.wf.feature", j=2)),
               key="fig_wf_raw")
    head = pd.DataFrame({t("regularization.wf.feature", j=1): [fmt.num(v, 3) for v in w.X_raw[:5, 0]],
                         t("regularization.wf.feature", j=2): [fmt.num(v, 1) for v in w.X_raw[:5, 1]],
                         t("regularization.wf.label"): [int(v) for v in w.y[:5]]})
    page.table(head, width="stretch", hide_index=True)


def _step_analyse(page: Page, w: lesson.Workflow) -> None:
    t = page.t
    st.markdown(t("regularization.wf.text.s2", c0=int(w.class_counts[0]), c1=int(w.class_counts[1]),
                  baseline=fmt.percent(w.majority_share), lo=fmt.num(w.feature_min[1], 1),
                  hi=fmt.num(w.feature_max[1], 1), lo1=fmt.num(w.feature_min[0], 2), hi1=fmt.num(w.feature_max[0], 2)))
    left, right = st.columns(2)
    with left:
        page.chart(figs.grouped_counts([t("regularization.wf.all")], w.class_counts[None, :], labels=_classes(page),
                                       title=t("regularization.wf.balance_title"), y_axis=t("regularization.wf.count")),
                   key="fig_wf_balance")
    with right:
        _feature_table(page, {t("regularization.wf.min"): [fmt.num(v, 3) for v in w.feature_min],
                              t("regularization.wf.max"): [fmt.num(v, 3) for v in w.feature_max],
                              t("regularization.wf.mean"): [fmt.num(v, 3) for v in w.feature_mean],
                              t("regularization.wf.std"): [fmt.num(v, 3) for v in w.feature_std]})


def _step_choose(page: Page, w: lesson.Workflow) -> None:
    t = page.t
    a = w.model_a
    st.markdown(t("regularization.wf.text.s3", h=a.hidden, params=a.n_params,
                  arch=" → ".join(str(s) for s in a.layer_sizes)))
    layers = pd.DataFrame({t("regularization.wf.layer"): [t("regularization.wf.layer_hidden"),
                                                          t("regularization.wf.layer_output")],
                           t("regularization.wf.units"): list(a.layer_sizes[1:]),
                           t("regularization.wf.activation"): ["tanh", "sigmoid"],
                           t("regularization.wf.params"): list(a.layer_params)})
    page.table(layers, width="stretch", hide_index=True)


def _step_prepare(page: Page, w: lesson.Workflow) -> None:
    t = page.t
    key = "s4" if w.normalise else "s4_raw"
    st.markdown(t(f"regularization.wf.text.{key}", mu1=fmt.num(w.mu[0], 3), mu2=fmt.num(w.mu[1], 2),
                  s1=fmt.num(w.sigma[0], 3), s2=fmt.num(w.sigma[1], 2)))
    _feature_table(page, {"μ": [fmt.num(v, 3) for v in w.mu], "σ": [fmt.num(v, 3) for v in w.sigma],
                          t("regularization.wf.min_after"): [fmt.num(v, 3) for v in w.prepared_min],
                          t("regularization.wf.max_after"): [fmt.num(v, 3) for v in w.prepared_max]})
    page.chart(figs.class_scatter(w.X, w.y, labels=_classes(page), title=t("regularization.wf.prepared_title"),
                                  x_axis=t("regularization.wf.input", j=1), y_axis=t("regularization.wf.input", j=2)),
               key="fig_wf_prepared")


def _split_names(page: Page) -> list[str]:
    return [page.t(f"regularization.splits.{s}") for s in ("train", "val", "test")]


def _step_split(page: Page, w: lesson.Workflow) -> None:
    t = page.t
    sizes = w.split_sizes
    st.markdown(t("regularization.wf.text.s5", train=int(sizes[0]), val=int(sizes[1]), test=int(sizes[2])))
    page.chart(figs.grouped_counts(_split_names(page), w.split_counts, labels=_classes(page), meta="split",
                                   title=t("regularization.wf.split_title"), y_axis=t("regularization.wf.count")),
               key="fig_wf_split")


def _step_compile(page: Page, w: lesson.Workflow) -> None:
    t = page.t
    a = w.model_a
    st.markdown(t("regularization.wf.text.s6", eta=fmt.num(a.learning_rate, 2), initial=fmt.num(a.initial_loss),
                  ln2=fmt.num(lesson.CHANCE_COST)))
    page.formula(r"J(w) = -\frac1m\sum_{i=1}^m \big[y_i \ln \hat y_i + (1 - y_i)\ln(1 - \hat y_i)\big],\qquad "
                 rf"J(w_0) = {fmt.latex_num(a.initial_loss)}")


def _curves(page: Page, model: lesson.WorkflowModel, which: str, col: int) -> list[figs.Series]:
    name = page.t("regularization.wf.model_name", which=which.upper(), h=model.hidden)
    return [figs.Series(f"curve:{which}:{split}", page.t("regularization.overfit.curve_label",
                                                         split=page.t(f"regularization.splits.{split}"), model=name),
                        model.train_loss if split == "train" else model.val_loss, col, figs.SPLIT_DASH[split],
                        group=which) for split in ("train", "val")]


def _step_fit(page: Page, w: lesson.Workflow) -> None:
    t = page.t
    a = w.model_a
    st.markdown(t("regularization.wf.text.s7", epochs=int(a.epochs[-1]), train=fmt.num(a.train_loss[-1]),
                  val=fmt.num(a.val_loss[-1]), train_acc=fmt.percent(a.train_acc[-1]),
                  val_acc=fmt.percent(a.val_acc[-1])))
    key = _key(page, [("a", t("regularization.wf.model_name", which="A", h=a.hidden), 0)], ("train", "val"))
    page.chart(figs.learning_curves(a.epochs, _curves(page, a, "a", 0), key=key, title=t("regularization.wf.fit_title"),
                                    x_axis=t("regularization.epoch"), y_axis=t("regularization.wf.cost")),
               key="fig_wf_fit")


def _step_predict(page: Page, w: lesson.Workflow) -> None:
    t = page.t
    a = w.model_a
    st.markdown(t("regularization.wf.text.s8", n=len(w.new_raw)))
    table = pd.DataFrame({t("regularization.wf.feature", j=1): [fmt.num(v, 2) for v in w.new_raw[:, 0]],
                          t("regularization.wf.feature", j=2): [fmt.num(v, 1) for v in w.new_raw[:, 1]],
                          t("regularization.wf.prob"): [fmt.num(v, 3) for v in a.new_prob],
                          t("regularization.wf.predicted"): [t(f"regularization.wf.class{v}") for v in a.new_label]},
                         index=[str(i + 1) for i in range(len(w.new_raw))])
    page.table(table, hide_index=False)
    train = w.split == 0
    page.chart(figs.probability_map(w.grid_x1, w.grid_x2, a.grid_prob, w.X_raw[train], w.y[train],
                                    labels=_classes(page), new=w.new_raw, new_label=t("regularization.wf.new"),
                                    prob_label=t("regularization.wf.prob_short"), title=t("regularization.wf.map_title"),
                                    x_axis=t("regularization.wf.feature", j=1),
                                    y_axis=t("regularization.wf.feature", j=2)), key="fig_wf_map")
    st.markdown(t("regularization.wf.units_text", h=a.hidden))
    page.chart(figs.unit_maps(w.grid_x1, w.grid_x2, a.hidden_maps,
                              names=[t("regularization.wf.unit", j=j + 1) for j in range(a.hidden)],
                              title=t("regularization.wf.units_title")), key="fig_wf_units")


def _confusion(page: Page, matrix: np.ndarray) -> None:
    t = page.t
    classes = _classes(page)
    page.table(pd.DataFrame(matrix, index=[t("regularization.wf.true", c=c) for c in classes],
                            columns=[t("regularization.wf.pred", c=c) for c in classes]), hide_index=False)


def _step_evaluate(page: Page, w: lesson.Workflow) -> None:
    t = page.t
    a = w.model_a
    st.markdown(t("regularization.wf.text.s9", val_acc=fmt.percent(a.final_val_acc), val=fmt.num(a.final_val_loss),
                  baseline=fmt.percent(w.majority_share), right=a.correct, total=a.n_val))
    _confusion(page, a.confusion)


def _step_iterate(page: Page, w: lesson.Workflow) -> None:
    t = page.t
    a, b = w.model_a, w.model_b
    st.markdown(t("regularization.wf.text.s10", ha=a.hidden, hb=b.hidden))
    key = _key(page, [("a", t("regularization.wf.model_name", which="A", h=a.hidden), 0),
                      ("b", t("regularization.wf.model_name", which="B", h=b.hidden), 2)], ("train", "val"))
    page.chart(figs.learning_curves(a.epochs, _curves(page, a, "a", 0) + _curves(page, b, "b", 2), key=key,
                                    title=t("regularization.wf.iterate_title"), x_axis=t("regularization.epoch"),
                                    y_axis=t("regularization.wf.cost")), key="fig_wf_iterate")
    rows = {t("regularization.wf.setting"): [t("regularization.wf.model_name", which="A", h=a.hidden),
                                             t("regularization.wf.model_name", which="B", h=b.hidden)],
            t("regularization.wf.train_cost"): [fmt.num(m.train_loss[-1]) for m in (a, b)],
            t("regularization.wf.val_cost"): [fmt.num(m.final_val_loss) for m in (a, b)],
            t("regularization.wf.val_acc"): [fmt.percent(m.final_val_acc) for m in (a, b)]}
    page.table(pd.DataFrame(rows), width="stretch", hide_index=True)
    chosen = w.chosen_model
    st.success(t("regularization.wf.text.s10_result", which=w.chosen.upper(), h=chosen.hidden,
                 val=fmt.num(chosen.final_val_loss), test=fmt.num(w.test_loss), test_acc=fmt.percent(w.test_acc)),
               icon=":material/flag:")


STEPS = MappingProxyType({1: _step_collect, 2: _step_analyse, 3: _step_choose, 4: _step_prepare, 5: _step_split,
                          6: _step_compile, 7: _step_fit, 8: _step_predict, 9: _step_evaluate, 10: _step_iterate})


# ------------------------------------------------------------------------------------------ check yourself
EXAMPLE_PATIENCE = 3
EXPECTED_A, EXPECTED_P = 0.6, 0.2


def checks() -> list[Question]:
    """The page's questions; every answer from nncore (cached runs, so the list stays cheap)."""
    stop, kept = lesson.patience_stop(lesson.EXAMPLE_VAL_LOSS, EXAMPLE_PATIENCE)
    losses = ", ".join(fmt.num(v, 2) for v in lesson.EXAMPLE_VAL_LOSS)
    data, p1, _ = paths()
    names = weight_names(data.X.shape[1])
    first = lesson.first_to_zero(p1, TRUE_FEATURES)
    w = project(WF_N, WF_NOISE, WF_HIDDEN_A, WF_HIDDEN_B, True, 0)
    unit = lesson.expected_inverted_output(EXPECTED_A, EXPECTED_P)
    return [
        Question("kept_epoch", answer=float(kept), tol=0,  # a worked list: no live section shows it, so no "show me"
                 values={"losses": losses, "patience": EXAMPLE_PATIENCE, "stop": stop, "kept": kept,
                         "best": fmt.num(lesson.EXAMPLE_VAL_LOSS[kept - 1], 2)}),
        Question("report_test", answer=w.chosen, options=("a", "b"),
                 show_me={"view": "workflow", "wstep": 10},
                 values={"ha": w.model_a.hidden, "hb": w.model_b.hidden, "va": fmt.num(w.model_a.final_val_loss),
                         "vb": fmt.num(w.model_b.final_val_loss), "chosen": w.chosen.upper(),
                         "test": fmt.num(w.test_loss)}),
        Question("l1_first_zero", answer=names[first], options=tuple(names[j] for j in TRUE_FEATURES),
                 show_me={"view": "l1_l2"},
                 values={**{f"w{j + 1}": fmt.num(data.w_true[j], 1) for j in TRUE_FEATURES},
                         "lam": fmt.num(p1.zero_from[first], 3), "first": names[first]}),
        Question("dropout_expected", answer=unit.expected, tol=0.005,
                 show_me={"view": "dropout", "rate": EXPECTED_P, "mode": "inverted"},
                 values={"a": fmt.num(unit.a, 1), "p": fmt.num(unit.drop, 1), "keep": fmt.num(unit.keep, 1),
                         "kept": fmt.num(unit.kept_output, 2), "e": fmt.num(unit.expected, 2)}),
    ]
