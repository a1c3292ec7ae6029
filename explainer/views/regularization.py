"""Sections of the Regularization page: overfitting and early stopping, bias–variance, L1 vs L2, weight decay,
dropout. Training runs are cached per setting (bounded); every number comes from nncore."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

import nncore
from explainer import controls as ctl
from explainer import fmt
from explainer.figures import regularization as figs
from explainer.shell import Page
from nncore.lessons import regularization as gen

SECTIONS = ("overfit", "bias_variance", "l1_l2", "weight_decay", "dropout")
CURVES = tuple(nncore.datasets.CURVE_KINDS)
POINTS = (8, 10, 12, 15, 20, 30, 50)
NOISES = (0.0, 0.1, 0.2, 0.3, 0.5, 0.8)
WIDTHS = (2, 4, 8, 16, 32)
LAYERS = (1, 2)
EPOCHS = (200, 500, 1000, 2000)
SNAPSHOTS = 100  # fitted curves stored per run (the epoch slider moves through them without retraining)
LEARNING_RATE = 0.01  # Adam, full batch
L2_RATES = (0.0, 1e-4, 3e-4, 0.001, 0.003, 0.01, 0.03)
KEEPS = (1.0, 0.9, 0.8, 0.7, 0.5)
PATIENCES = (10, 25, 50, 100, 200)
MAX_SEED = 9999
# bias–variance
SETS = (5, 10, 20)
SIMPLE = (0, 1, 2, 3)       # hidden units of the simple model (0: a straight line ŷ = wx + b)
COMPLEX = (8, 16, 32)       # units in each of the complex model's two hidden layers
BV_EPOCHS = 1000
# L1 / L2
PATH_LAMS = np.geomspace(1e-3, 10.0, 61)  # the x axis of the paths (a display grid; weights from nncore)
LAMS = (0.001, 0.01, 0.03, 0.1, 0.3, 0.5, 1.0, 2.0, 5.0)
CORRELATIONS = (-0.5, 0.0, 0.5, 0.8)
GEO_W_TRUE = (2.0, 0.5)
GEO_BOUNDS = ((-1.0, 3.0), (-1.5, 2.0))
# weight decay
RATES = (0.01, 0.05, 0.1, 0.5, 1.0)
DECAYS = (0.001, 0.01, 0.05, 0.1, 0.5)
# dropout
DROP_SIZES = (1, 8, 8, 1)
DROP_X = 0.5
DROP_KEEPS = (0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 1.0)
MODES = ("inverted", "classic")
N_MASKS = 2000


def _seed(page: Page, key: str) -> int:
    return page.controls.get(key, 0, parse=ctl.number(0, MAX_SEED, integer=True))


def _next_seed(page: Page, key: str) -> None:
    """Button callback: a new random draw (the seed lives in the URL, so the view stays shareable)."""
    wkey = page.controls.widget_key(key)
    page.controls.set(key, (int(st.session_state.get(wkey, 0)) + 1) % (MAX_SEED + 1))


def _clamp(page: Page, key: str, hi: int, default: int) -> None:
    """Keep a slider's remembered value inside a range that just shrank (the epoch slider after fewer epochs)."""
    wkey = page.controls.widget_key(key)
    if wkey in st.session_state and not 0 < st.session_state[wkey] <= hi:
        st.session_state[wkey] = default


# ------------------------------------------------------------------------------------------ cached engine runs
@st.cache_data(max_entries=32, show_spinner=False)
def fit(kind: str, n: int, noise: float, width: int, layers: int, epochs: int, l2: float, keep: float,
        seed: int) -> gen.CurveFit:
    """Training is the slow part (0.1–1 s): cached per setting, bounded."""
    return gen.fit_curve(kind, n, noise, (width,) * layers, epochs, LEARNING_RATE, l2=l2, keep_prob=keep,
                         snapshot_every=epochs // SNAPSHOTS, seed=seed)


@st.cache_data(max_entries=24, show_spinner=False)
def resample(kind: str, n: int, noise: float, k: int, hidden: tuple, seed: int) -> gen.BiasVariance:
    return gen.bias_variance(kind, n, noise, k, hidden, BV_EPOCHS, LEARNING_RATE, seed=seed)


@st.cache_data(max_entries=4, show_spinner=False)
def paths() -> tuple:
    data = gen.sparse_regression()
    return data, gen.lasso_path(data.X, data.y, PATH_LAMS), gen.ridge_path(data.X, data.y, PATH_LAMS)


def geometry(correlation: float) -> tuple:
    """The 2-feature problem of the geometric picture (cheap: a 2×2 quadratic and a 61×61 grid, not cached —
    a QuadraticSurface holds closures and cannot be pickled by st.cache_data)."""
    data = gen.sparse_regression(60, GEO_W_TRUE, 0.5, correlation, seed=1)
    surface = nncore.surfaces.linear_mse(data.X, data.y)
    xs, ys, Z = gen.contour_grid(surface.f, GEO_BOUNDS, 61)
    return surface, xs, ys, Z


def _split_label(page: Page, split: str, which: str) -> str:
    return page.t("regularization.overfit.curve_label", split=page.t(f"regularization.overfit.{split}"),
                  model=page.t(f"regularization.overfit.{which}"))


# ------------------------------------------------------------------------------------------ overfitting
def overfit_section(page: Page) -> gen.CurveFit:
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
        epochs = c.select_slider("epochs", t("regularization.overfit.epochs"), EPOCHS, 1000)
    with col3:
        l2 = c.select_slider("l2", t("regularization.overfit.l2"), L2_RATES, 0.0,
                             format_func=lambda v: fmt.num(v, 4).rstrip("0").rstrip(".") if v else "0",
                             help=t("regularization.overfit.l2_help"))
        keep = c.select_slider("keep", t("regularization.overfit.keep"), KEEPS, 1.0,
                               help=t("regularization.overfit.keep_help"))
        patience = c.select_slider("patience", t("regularization.overfit.patience"), PATIENCES, 50,
                                   help=t("regularization.overfit.patience_help"))
    seed = _seed(page, "seed")
    st.button(t("regularization.new_data"), icon=":material/casino:", on_click=_next_seed, args=(page, "seed"),
              help=t("regularization.new_data_help"))
    result = fit(kind, n, noise, width, layers, epochs, l2, keep, seed)
    run = result.run
    every = epochs // SNAPSHOTS
    _clamp(page, "at", epochs, epochs)
    at = c.slider("at", t("regularization.overfit.at"), every, epochs, epochs, step=every,
                  help=t("regularization.overfit.at_help"))
    snap = at // every - 1
    members = ["plain", "reg"][:run.train_loss.shape[0]]

    cols = st.columns(4)
    cols[0].metric(t("regularization.overfit.train_loss", epoch=at), fmt.num(run.train_loss[0, at - 1]))
    cols[1].metric(t("regularization.overfit.test_loss", epoch=at), fmt.num(run.test_loss[0, at - 1]))
    cols[2].metric(t("regularization.overfit.best_epoch"), str(int(run.best_epoch[0])))
    cols[3].metric(t("regularization.overfit.best_loss"), fmt.num(run.test_loss[0, run.best_epoch[0] - 1]))
    if result.regularized:
        cols = st.columns(4)
        cols[0].metric(t("regularization.overfit.train_loss_reg", epoch=at), fmt.num(run.train_loss[1, at - 1]))
        cols[1].metric(t("regularization.overfit.test_loss_reg", epoch=at), fmt.num(run.test_loss[1, at - 1]))
        cols[2].metric(t("regularization.overfit.best_epoch_reg"), str(int(run.best_epoch[1])))
        cols[3].metric(t("regularization.overfit.best_loss_reg"), fmt.num(run.test_loss[1, run.best_epoch[1] - 1]))

    fits = [figs.Series("fit:plain", t("regularization.overfit.fit_plain", epoch=at), run.snapshots[0, snap], 0)]
    if result.regularized:
        fits.append(figs.Series("fit:reg", t("regularization.overfit.fit_reg", epoch=at), run.snapshots[1, snap], 2))
    fits.append(figs.Series("fit:best", t("regularization.overfit.fit_best", epoch=int(run.best_epoch[0])),
                            run.best[0], 0, "dot"))
    labels = {k: t(f"regularization.legend.{k}") for k in ("truth", "train", "test")}
    left, right = st.columns(2)
    with left:
        page.chart(figs.fitted_curves(run.grid_x, result.truth, fits, result.x_train, result.y_train, result.x_test,
                                      result.y_test, labels=labels, title=t("regularization.overfit.fit_title"),
                                      x_axis="x", y_axis="y"), key="fit")
    curves, best = [], []
    for k, which in enumerate(members):
        curves.append(figs.Series(f"loss:train:{which}", _split_label(page, "train", which), run.train_loss[k],
                                  2 * k, "dash"))
        curves.append(figs.Series(f"loss:test:{which}", _split_label(page, "test", which), run.test_loss[k],
                                  2 * k))
        e = int(run.best_epoch[k])
        best.append((f"best:{which}", t("regularization.overfit.best_marker", epoch=e), e, run.test_loss[k, e - 1],
                     2 * k))
    with right:
        page.chart(figs.loss_curves(run.epochs, curves, best=best, noise_floor=result.noise_var,
                                    noise_label=t("regularization.overfit.noise_floor"), current=at,
                                    title=t("regularization.overfit.loss_title"),
                                    x_axis=t("regularization.epoch"), y_axis=t("regularization.mse")), key="loss")
    stop = gen.patience_stop(run.test_loss[0], patience)
    if stop is None:
        st.caption(t("regularization.overfit.caption_never", best=int(run.best_epoch[0]), patience=patience))
    else:
        st.caption(t("regularization.overfit.caption", best=int(run.best_epoch[0]), patience=patience,
                     stop=stop[0], kept=stop[1]))
    if result.regularized:
        W = [w[1] for w in run.weights]
        cost = run.train_loss[1, -1]
        penalty = nncore.l2_penalty(W, l2)
        page.formula(rf"J = \underbrace{{\mathrm{{MSE}}_\text{{train}}}}_{{\text{{{t('regularization.tex.cost')}}}}} + "
                     rf"\underbrace{{\tfrac{{\lambda}}{{2}}\textstyle\sum w^2}}_{{\text{{{t('regularization.tex.reg')}}}}} = "
                     rf"{fmt.latex_num(cost)} + \tfrac{{{fmt.latex_num(l2, 4)}}}{{2}}\cdot"
                     rf"{fmt.latex_num(run.weight_norm[1, -1] ** 2)} = {fmt.latex_num(cost + penalty)}")
    else:
        page.formula(rf"J = \underbrace{{\mathrm{{MSE}}_\text{{train}}}}_{{\text{{{t('regularization.tex.cost')}}}}} + "
                     rf"\underbrace{{\lambda\,\Omega(w)}}_{{\text{{{t('regularization.tex.reg')}}}}}")
    return result


# ------------------------------------------------------------------------------------------ bias–variance
def bias_variance_section(page: Page) -> tuple[gen.BiasVariance, gen.BiasVariance]:
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
    results = [resample(kind, n, noise, k, hidden, seed) for _, hidden in models]
    names = [t("regularization.bv.model_simple", arch=_arch(page, simple, 1)),
             t("regularization.bv.model_complex", arch=_arch(page, complex_, 2))]
    labels = {"fits": t("regularization.bv.fits", k=k), "truth": t("regularization.legend.truth"),
              "mean": t("regularization.bv.mean")}
    for col, (key, _), name, r, colour in zip(st.columns(2), models, names, results, (0, 1)):
        with col:
            page.chart(figs.resampled_fits(r.x, r.truth, r.fits, r.mean_fit, labels=labels, color=colour,
                                           title=name, x_axis="x", y_axis="y"), key=f"bv_{key}")
            m = st.columns(4)
            m[0].metric(t("regularization.bv.bias2"), fmt.num(r.bias2))
            m[1].metric(t("regularization.bv.variance"), fmt.num(r.variance))
            m[2].metric(t("regularization.bv.noise"), fmt.num(r.noise))
            m[3].metric(t("regularization.bv.measured"), fmt.num(r.expected_error))
            page.formula(rf"{fmt.latex_num(r.bias2)} + {fmt.latex_num(r.variance)} + {fmt.latex_num(r.noise)}"
                         rf" = {fmt.latex_num(r.total)} \approx {fmt.latex_num(r.expected_error)}"
                         rf" \pm {fmt.latex_num(2 * r.error_stderr)}")
    bar_labels = {key: t(f"regularization.bv.{key}") for key in ("bias2", "variance", "noise", "measured")}
    page.chart(figs.decomposition(names, [r.bias2 for r in results], [r.variance for r in results],
                                  [r.noise for r in results], [r.expected_error for r in results],
                                  [r.error_stderr for r in results], labels=bar_labels,
                                  title=t("regularization.bv.bars_title"), y_axis=t("regularization.mse")),
               key="bv_bars")
    page.formula(r"\mathbb{E}\big[(y - \hat f(x))^2\big] = \underbrace{\big(\mathbb{E}\hat f(x) - f(x)\big)^2}"
                 rf"_{{\text{{{t('regularization.tex.bias')}}}^2}} + "
                 r"\underbrace{\mathbb{E}\big[(\hat f(x) - \mathbb{E}\hat f(x))^2\big]}"
                 rf"_{{\text{{{t('regularization.tex.variance')}}}}} + "
                 rf"\underbrace{{\sigma^2}}_{{\text{{{t('regularization.tex.noise')}}}}}")
    st.caption(t("regularization.bv.caption", k=k, train_simple=fmt.num(results[0].train_error),
                 train_complex=fmt.num(results[1].train_error)))
    return results[0], results[1]


def _arch(page: Page, units: int, layers: int) -> str:
    if units == 0:
        return page.t("regularization.bv.line")
    return " – ".join(["1", *[str(units)] * layers, "1"])


# ------------------------------------------------------------------------------------------ L1 vs L2
def l1_l2_section(page: Page) -> dict:
    c, t = page.controls, page.t
    data, p1, p2 = paths()
    lam = c.select_slider("lam", t("regularization.l1l2.lam"), LAMS, 0.3, help=t("regularization.l1l2.lam_help"))
    w1 = gen.lasso(data.X, data.y, lam)
    w2 = gen.ridge(data.X, data.y, lam)
    names = [f"w{j + 1}" for j in range(data.X.shape[1])]
    zeros1, zeros2 = gen.exact_zeros(w1), gen.exact_zeros(w2)
    m = st.columns(3)
    m[0].metric(t("regularization.l1l2.zeros_l1", lam=fmt.num(lam, 3)), f"{zeros1} / {len(names)}")
    m[1].metric(t("regularization.l1l2.zeros_l2", lam=fmt.num(lam, 3)), f"{zeros2} / {len(names)}")
    m[2].metric(t("regularization.l1l2.true_zeros"), f"{gen.exact_zeros(data.w_true)} / {len(names)}")
    left, right = st.columns(2)
    with left:
        page.chart(figs.weight_paths(p1.lams, p1.weights, kind="l1", names=names, lam_now=lam,
                                     title=t("regularization.l1l2.path_l1"), x_axis="λ",
                                     y_axis=t("regularization.l1l2.weight")), key="path_l1")
    with right:
        page.chart(figs.weight_paths(p2.lams, p2.weights, kind="l2", names=names, lam_now=lam,
                                     title=t("regularization.l1l2.path_l2"), x_axis="λ",
                                     y_axis=t("regularization.l1l2.weight")), key="path_l2")
    page.chart(figs.weights_at(names, [("at:l1", "L1", w1), ("at:l2", "L2", w2),
                                       ("at:true", t("regularization.l1l2.true_w"), data.w_true)],
                               title=t("regularization.l1l2.bars_title", lam=fmt.num(lam, 3)),
                               y_axis=t("regularization.l1l2.weight")), key="weights_at")
    page.formula(r"J_{L1} = \mathrm{MSE} + \lambda\textstyle\sum_j |w_j|, \qquad "
                 r"J_{L2} = \mathrm{MSE} + \tfrac{\lambda}{2}\textstyle\sum_j w_j^2")
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
    surface, xs, ys, Z = geometry(corr)
    w_star = np.asarray(surface.minima[0])
    s1 = gen.constrained_minimum_l1(surface.H, surface.g, radius)
    s2, mu = gen.constrained_minimum_l2(surface.H, surface.g, radius)
    geo_labels = {"l1": t("regularization.l1l2.l1_region", t=fmt.num(radius, 1)),
                  "l2": t("regularization.l1l2.l2_region", t=fmt.num(radius, 1)),
                  "w_star": t("regularization.l1l2.w_star"), "sol_l1": t("regularization.l1l2.sol_l1"),
                  "sol_l2": t("regularization.l1l2.sol_l2")}
    page.chart(figs.constraint_geometry(xs, ys, Z, radius, w_star, s1, s2, (surface.f(s1), surface.f(s2)),
                                        labels=geo_labels, title=t("regularization.l1l2.geo_title")), key="geo")
    vec = lambda w: rf"({fmt.latex_num(w[0])},\ {fmt.latex_num(w[1])})"  # noqa: E731 (formatting only)
    page.formula(rf"w^* = {vec(w_star)},\quad w_{{L1}} = {vec(s1)},\quad w_{{L2}} = {vec(s2)}")
    st.caption(t("regularization.l1l2.geo_caption", mu=fmt.num(mu, 4) if np.isfinite(mu) else "∞",
                 zeros=gen.exact_zeros(s1)))
    return {"w1": w1, "w2": w2, "s1": s1, "s2": s2, "mu": mu}


# ------------------------------------------------------------------------------------------ weight decay
def weight_decay_section(page: Page) -> gen.WeightDecayDemo:
    c, t = page.controls, page.t
    col1, col2 = st.columns(2)
    with col1:
        lr = c.select_slider("lr", t("regularization.wd.lr"), RATES, 0.1)
    with col2:
        lam = c.select_slider("wd", t("regularization.wd.lam"), DECAYS, 0.1)
    demo = gen.weight_decay_demo(lr, lam)
    i = 0
    page.formula(rf"w \leftarrow w(1 - \eta\lambda) - \eta\frac{{\partial L}}{{\partial w}} = "
                 rf"{fmt.latex_num(demo.w[i], 6, True)} \times {fmt.latex_num(demo.factor, 6, True)} - "
                 rf"{fmt.latex_num(lr, 4)} \times {fmt.latex_num(demo.grad[i], 6, True)} = "
                 rf"{fmt.latex_num(demo.decay[i], 6)}")
    page.formula(rf"w - \eta\Big(\frac{{\partial L}}{{\partial w}} + \lambda w\Big) = "
                 rf"{fmt.latex_num(demo.w[i], 6, True)} - {fmt.latex_num(lr, 4)} \times "
                 rf"\big({fmt.latex_num(demo.grad[i], 6, True)} + {fmt.latex_num(lam, 4)} \times "
                 rf"{fmt.latex_num(demo.w[i], 6, True)}\big) = {fmt.latex_num(demo.l2_step[i], 6)}")
    table = pd.DataFrame({
        "w": [fmt.num(v, 6) for v in demo.w],
        "∂L/∂w": [fmt.num(v, 6) for v in demo.grad],
        t("regularization.wd.col_decay"): [fmt.num(v, 6) for v in demo.decay],
        t("regularization.wd.col_l2"): [fmt.num(v, 6) for v in demo.l2_step],
        t("regularization.wd.col_trainer"): [fmt.num(v, 6) for v in demo.trainer],
    }, index=[f"w{j + 1}" for j in range(demo.w.size)])
    st.dataframe(table, width="stretch")
    st.caption(t("regularization.wd.caption", diff=fmt.num(demo.max_diff_formula, 3),
                 trainer=fmt.num(demo.max_diff_trainer, 3), factor=fmt.num(demo.factor, 4)))
    result = fit("sin", 15, 0.3, 16, 2, 500, lam, 1.0, 0)
    run = result.run
    page.chart(figs.norm_curves(run.epochs, [
        figs.Series("norm:plain", t("regularization.wd.norm_plain"), run.weight_norm[0], 0),
        figs.Series("norm:reg", t("regularization.wd.norm_reg", lam=fmt.num(lam, 3)), run.weight_norm[1], 2)],
        title=t("regularization.wd.norm_title"), x_axis=t("regularization.epoch"), y_axis="‖W‖"), key="norms")
    return demo


# ------------------------------------------------------------------------------------------ dropout
def dropout_section(page: Page) -> dict:
    c, t = page.controls, page.t
    col1, col2 = st.columns(2)
    with col1:
        p = c.select_slider("p", t("regularization.drop.p"), DROP_KEEPS, 0.5, help=t("regularization.drop.p_help"))
    with col2:
        mode = c.radio("mode", t("regularization.drop.mode"), MODES, "inverted",
                       format_func=lambda m: t(f"regularization.drop.modes.{m}"))
    step = _seed(page, "step")
    st.button(t("regularization.drop.next"), icon=":material/skip_next:", on_click=_next_seed, args=(page, "step"),
              help=t("regularization.drop.next_help"))
    net = nncore.MLP(list(DROP_SIZES), hidden="tanh", output="linear", seed=0, dropout=p, dropout_mode=mode)
    train = net.forward([[DROP_X]], train=True, rng=step)
    test = net.forward([[DROP_X]], train=False)
    masks = [None] + [None if mk is None else mk[0] for mk in train.masks[1:-1]] + [None]
    kept = [int(np.sum(mk)) for mk in masks[1:-1]]
    m = st.columns(4)
    m[0].metric(t("regularization.drop.step"), str(step))
    m[1].metric(t("regularization.drop.kept"), " + ".join(str(k) for k in kept) + f" / {sum(DROP_SIZES[1:-1])}")
    m[2].metric(t("regularization.drop.out_train"), fmt.num(train.output[0, 0]))
    m[3].metric(t("regularization.drop.out_test"), fmt.num(test.output[0, 0]))
    left, right = st.columns(2)
    with left:
        page.chart(figs.dropout_network(DROP_SIZES, masks, labels={"kept": t("regularization.drop.kept_units"),
                                                                    "dropped": t("regularization.drop.dropped_units")},
                                        title=t("regularization.drop.net_title", step=step, p=fmt.num(p, 1))),
                   key="net")
    plain = nncore.MLP(list(DROP_SIZES), hidden="tanh", output="linear", seed=0)
    a = plain.forward([[DROP_X]]).A[1][0]
    exp = gen.dropout_expectation(a, p, N_MASKS, seed=step)
    units = [f"h{j + 1}" for j in range(a.size)]
    with right:
        page.chart(figs.expectation_bars(units, [
            ("exp:a", t("regularization.drop.exp_a"), a, 5, ""),
            ("exp:inv_train", t("regularization.drop.exp_inv_train", n=N_MASKS), exp.train_mean_inverted, 0, "/"),
            ("exp:cla_train", t("regularization.drop.exp_cla_train", n=N_MASKS), exp.train_mean_classic, 1, "/"),
            ("exp:cla_test", t("regularization.drop.exp_cla_test"), exp.test_classic, 1, ""),
        ], title=t("regularization.drop.exp_title"), y_axis=t("regularization.drop.activation")), key="expect")
    page.formula(rf"\text{{{t('regularization.tex.inverted')}}}\; \mathbb{{E}}\Big[\frac{{m\,a}}{{p}}\Big] = "
                 rf"\frac{{p\,a}}{{p}} = a \qquad \text{{{t('regularization.tex.classic')}}}\; \mathbb{{E}}[m\,a] = "
                 rf"p\,a \;\Rightarrow\; \text{{{t('regularization.tex.test')}}}\; p\,a")
    st.caption(t("regularization.drop.exp_caption", share=fmt.percent(exp.kept_share), p=fmt.num(p, 1)))
    st.subheader(t("regularization.drop.effect_header"))
    keep = p if p < 1.0 else 0.5  # p = 1 is no dropout: compare with p = 0.5 instead
    result = fit("sin", 15, 0.3, 32, 2, 1000, 0.0, keep, 0)
    run = result.run
    curves = []
    for k, which in enumerate(("plain", "reg")):
        curves.append(figs.Series(f"loss:train:{which}", _split_label(page, "train", which), run.train_loss[k],
                                  2 * k, "dash"))
        curves.append(figs.Series(f"loss:test:{which}", _split_label(page, "test", which), run.test_loss[k],
                                  2 * k))
    best = [(f"best:{w}", t("regularization.overfit.best_marker", epoch=int(run.best_epoch[k])),
             int(run.best_epoch[k]), run.test_loss[k, run.best_epoch[k] - 1], 2 * k)
            for k, w in enumerate(("plain", "reg"))]
    page.chart(figs.loss_curves(run.epochs, curves, best=best, noise_floor=result.noise_var,
                                noise_label=t("regularization.overfit.noise_floor"),
                                title=t("regularization.drop.effect_title", p=fmt.num(keep, 1)),
                                x_axis=t("regularization.epoch"), y_axis=t("regularization.mse")), key="drop_loss")
    st.caption(t("regularization.drop.effect_caption", plain=fmt.num(run.test_loss[0, -1]),
                 reg=fmt.num(run.test_loss[1, -1]), p=fmt.num(keep, 1)))
    return {"masks": masks, "train": train, "test": test, "exp": exp, "fit": result}
