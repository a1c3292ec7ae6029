"""Sections of the Gradient-descent page: 1-D descent (one step control), 2-D surfaces and optimizers, batch size,
feature scaling; its "check yourself" questions. The learning rate is η everywhere.

Every number comes from :mod:`nncore.lessons.gradient_descent` (and :mod:`nncore.surfaces` it builds on); this
module lays out and formats.
"""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

import nncore
from explainer import controls, fmt
from explainer.checks import Question
from explainer.figures import gradient_descent as figs
from explainer.shell import Page
from nncore import surfaces as sf
from nncore.lessons import gradient_descent as lab

SECTIONS = ("1d", "2d", "batch", "scaling")

# learning rates: a 1-2-5 log grid from 1e-4 to 3, plus the values around the thresholds η·f″ = 1, 2
LR_GRID = (1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0, 1.1, 1.5,
           2.0, 3.0)

# ---- 1-D
FUNCTIONS = tuple(sf.FUNCTIONS_1D)  # square, cube, log, linear, quartic
MAX_K = 200  # the step counter of "step" / "run 10 steps"
RUN_N = 10
FULL_STEPS = 1000  # the run that decides the regime (converges, slow, oscillates, diverges); ~30 ms of CPU
TOL_1D = 1e-8  # |f′(a)| ≤ tol counts as arrived (descend_1d's default)

# ---- 2-D
SURFACE_NAMES = ("quadratic_bowl", "rosenbrock", "saddle", "himmelblau", "logistic_loss")
LOG_SCALE = ("quadratic_bowl", "rosenbrock", "himmelblau")  # valleys far below the walls: colour log10(1 + f − min)
KAPPAS = (1, 2, 5, 10, 20, 50, 100)
BETAS = (0.0, 0.5, 0.8, 0.9, 0.95, 0.99)
TOLS = (1e-2, 1e-3, 1e-4, 1e-6, 1e-8)
DEFAULT_OPTIMIZERS = ("sgd", "momentum", "adam")
DEFAULT_LR = {"quadratic_bowl": 0.1, "rosenbrock": 0.001, "saddle": 0.05, "himmelblau": 0.01, "logistic_loss": 0.5}
GRID_RES = 61
MAX_FRAMES = 60
BEANS_SEED = 0  # the logistic-regression surface: Article 4's beans, 100 of them, parameters (w, b)

# ---- batch vs mini-batch vs stochastic (two Gaussian clouds, parameters (w1, w2), no bias)
GAUSS = dict(n_samples=100, noise=0.5, seed=0)
BATCH_SIZES = (2, 5, 10, 20, 50)
BATCH_START = (-3.0, -2.0)

# ---- feature scaling
SPREADS = (1, 2, 5, 10, 20, 50)
SCALING_TOL = 1e-6
SCALING_MAX_STEPS = 2000


def lr_label(x: float) -> str:
    return f"{x:g}"


# ============================================================================================ cached engine calls
# nncore Surface objects hold closures (not picklable): cached functions take the surface's parameters and
# return plain results (arrays, dataclasses), rebuilding the surface inside.

def build_surface(name: str, kappa: float = 10.0) -> sf.Surface:
    if name == "quadratic_bowl":
        return sf.quadratic_bowl(float(kappa))
    if name == "logistic_loss":
        beans = nncore.datasets.beans(100, seed=BEANS_SEED)
        return sf.logistic_loss(beans.X, beans.y)
    return sf.SURFACES[name]()


@st.cache_data(max_entries=64, show_spinner=False)
def descent_run(fn: str, a0: float, lr: float) -> sf.Descent1D:
    return sf.descend_1d(fn, a0, lr, n_steps=FULL_STEPS, tol=TOL_1D)


@st.cache_data(max_entries=32, show_spinner=False)
def surface_grid(name: str, kappa: float) -> lab.ContourGrid:
    return lab.contour_grid(build_surface(name, kappa), GRID_RES, "log" if name in LOG_SCALE else "linear")


@st.cache_data(max_entries=48, show_spinner=False)
def optimizer_paths(name: str, kappa: float, start: tuple[float, float], names: tuple[str, ...], lr: float,
                    beta: float, n_steps: int) -> dict:
    return lab.run_optimizers(build_surface(name, kappa), start, names, lr, beta=beta, n_steps=n_steps)


@st.cache_data(max_entries=64, show_spinner=False)
def batch_view(batch_size: int, lr: float, epochs: int) -> lab.BatchComparison:
    d = nncore.datasets.two_gaussians(**GAUSS)
    return lab.batch_comparison(d.X, d.y, batch_size, lr, epochs, BATCH_START, GRID_RES)


@st.cache_data(max_entries=16, show_spinner=False)
def scaling_view(spread: float) -> lab.ScalingView:
    return lab.scaling_view(spread, tol=SCALING_TOL, max_steps=SCALING_MAX_STEPS, resolution=GRID_RES)


# ============================================================================================ 1-D
def _set_k(page: Page, value: int) -> None:
    page.controls.set("k", max(0, min(MAX_K, int(value))))


def one_d_section(page: Page) -> None:
    """f(a), its tangent at a_k, the update a ← a − η·f′(a) with numbers. One step control (the URL's k): the
    buttons move it, and the metrics, the formula and the chart all show step k."""
    c, t = page.controls, page.t
    col1, col2, col3 = st.columns([1.2, 1, 1.6])
    with col1:
        fn = c.selectbox("fn", t("gradient_descent.one.function"), FUNCTIONS, "square",
                         format_func=lambda n: t(f"gradient_descent.fn.{n}"))
    func = sf.FUNCTIONS_1D[fn]
    lo, hi = func.plot_range
    with col2:
        a0 = c.slider(f"a0_{fn}", t("gradient_descent.one.start"), float(lo), float(hi), float(func.default_start),
                      step=0.05)
    with col3:
        lr = c.select_slider("lr", t("gradient_descent.lr"), LR_GRID, 0.1, format_func=lr_label,
                             help=t("gradient_descent.lr_help"))
    k_req = c.get("k", 0, controls.number(0, MAX_K, integer=True))
    run = descent_run(fn, float(a0), float(lr))
    view = lab.step_view(fn, run, k_req, MAX_K)
    k, upd = view.k, view.update

    done = k >= run.n_steps or k >= MAX_K
    buttons = (("back", k - 1, k == 0, ":material/skip_previous:"), ("step", k + 1, done, ":material/skip_next:"),
               ("run", k + RUN_N, done, ":material/fast_forward:"), ("reset", 0, k == 0, ":material/replay:"))
    for col, (name, target, disabled, icon) in zip(st.columns(4), buttons):
        col.button(t(f"gradient_descent.one.{name}", n=RUN_N), icon=icon, on_click=_set_k, args=(page, target),
                   disabled=disabled, width="stretch", key=f"{page.id}._btn_{name}")

    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("gradient_descent.one.step_k"), str(k))
    m2.metric(f"a{fmt.subscript(k)}", fmt.num(upd.a))
    m3.metric(t("gradient_descent.one.slope", k=fmt.subscript(k)), fmt.num(upd.slope))
    m4.metric(f"f(a{fmt.subscript(k)})", fmt.num(upd.f))

    fig = figs.descent_1d(
        view.curve_a, view.curve_f, view.path_a, view.path_f, tangent_x=view.tangent_x, tangent_y=view.tangent_y,
        next_point=(upd.a_next, upd.f_next) if view.show_next else None, window=view.window,
        title=t("gradient_descent.one.chart_title", f=t(f"gradient_descent.fn.{fn}"), lr=lr_label(lr)),
        a_axis="a", f_axis="f(a)", curve_label=t(f"gradient_descent.fn.{fn}"),
        path_label=t("gradient_descent.one.path"), tangent_label=t("gradient_descent.one.tangent"),
        current_label=f"a{fmt.subscript(k)}", next_label=f"a{fmt.subscript(k + 1)}")
    page.chart(fig, key="fig_curve1d")
    st.caption(t("gradient_descent.one.caption", k=k, k1=k + 1))

    page.formula(rf"f(a) = {func.latex}, \qquad f'(a) = {func.latex_df}, \qquad f''(a) = {func.latex_d2f}")
    page.formula(update_latex(upd))
    regime_message(page, fn, run)


def update_latex(upd: lab.Update1D) -> str:
    """a_{k+1} = a_k − η·f′(a_k) with the numbers (all from nncore)."""
    k = upd.k
    return (rf"a_{{{k + 1}}} = a_{{{k}}} - \eta\, f'(a_{{{k}}}) = {fmt.latex_num(upd.a)} - "
            rf"{fmt.latex_product([upd.learning_rate, upd.slope])} = {fmt.latex_num(upd.a_next)}")


def regime_message(page: Page, fn: str, run: sf.Descent1D) -> None:
    """Say in words what this learning rate does (from descend_1d's status, never from a NaN chart)."""
    t = page.t
    func = sf.FUNCTIONS_1D[fn]
    r = fmt.num(run.alpha_f2, 3)
    if run.status == "left_domain":
        st.error(t("gradient_descent.regime.left_domain", step=run.reason.step + 1, a=fmt.num(run.reason.value)))
    elif run.status == "diverged" and not func.minima:
        st.error(t("gradient_descent.regime.no_minimum_runaway", step=run.reason.step + 1))
    elif run.status == "diverged":
        st.error(t("gradient_descent.regime.diverged", r=r, ratio=fmt.num(run.error_ratio or 0.0, 3),
                   step=run.reason.step + 1))
    elif run.status == "oscillating":
        if run.converged:
            st.warning(t("gradient_descent.regime.oscillating", r=r, steps=run.steps_to_tol))
        else:
            st.warning(t("gradient_descent.regime.bouncing", r=r))
    elif run.status == "converged":
        msg = ("gradient_descent.regime.converged_one" if run.steps_to_tol == 1 else "gradient_descent.regime.converged"
               if run.steps_to_tol <= 200 else "gradient_descent.regime.slow_done")
        st.success(t(msg, r=r, steps=run.steps_to_tol))
    elif not func.minima:
        st.info(t(f"gradient_descent.regime.no_minimum.{fn}", steps=run.n_steps))
    else:
        est = run.estimated_steps_to_tol
        st.warning(t("gradient_descent.regime.slow", r=r, steps=run.n_steps,
                     estimate=f"{est:,}" if est is not None else "∞"))


# ============================================================================================ 2-D
def _start_parser(surface: sf.Surface):
    (x0, x1), (y0, y1) = surface.bounds

    def parse(text: str) -> list[float]:
        x, y = controls.floats(2)(text)
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            raise controls.Invalid(text)
        return [x, y]

    return parse


def _on_click(page: Page, key: str, bounds, x: float, y: float) -> None:
    """The contour was clicked at (x, y) (a point of the contour's grid, or of a path): it becomes the start."""
    (x0, x1), (y0, y1) = bounds
    if x0 <= x <= x1 and y0 <= y <= y1:
        page.controls.set(key, [round(x, 4), round(y, 4)])


def start_inputs(page: Page, name: str, surface: sf.Surface, start) -> None:
    """The keyboard's way to the start point (a click on the contour is the mouse's): one number per coordinate,
    showing the start however it was set (a click, a link, a typed number)."""
    cols = st.columns(4)
    for i, (col, (lo, hi)) in enumerate(zip(cols, surface.bounds)):
        wkey = page.controls.widget_key(f"{start_key(name)}.{i}")
        st.session_state[wkey] = float(start[i])
        col.number_input(page.t("gradient_descent.two.start_coord", name=surface.param_names[i]), min_value=float(lo),
                         max_value=float(hi), step=0.1, format="%.3f", key=wkey,
                         on_change=_typed_start, args=(page, name, i, list(start)))


def _typed_start(page: Page, name: str, i: int, start: list[float]) -> None:
    value = st.session_state.get(page.controls.widget_key(f"{start_key(name)}.{i}"))
    if value is not None:
        start[i] = round(float(value), 4)
        page.controls.set(start_key(name), start)


def lr_key(surface_name: str) -> str:
    """Each surface keeps its own learning rate (a good η for the bowl diverges on Rosenbrock)."""
    return f"lr_{surface_name}"


def start_key(surface_name: str) -> str:
    """Each surface keeps its own start point (URL: ``start_<surface>=x,y``)."""
    return f"start_{surface_name}"


def _set_bowl_lr(page: Page, value: float) -> None:
    st.session_state[page.controls.widget_key(lr_key("quadratic_bowl"))] = value


def surfaces_section(page: Page) -> None:
    """Contours of a surface with every chosen optimizer's path from the same start (click to move it), the loss
    curves and a table of results; for the bowl, the Hessian's prediction."""
    c, t = page.controls, page.t
    col1, col2, col3 = st.columns([1.2, 1, 1])
    with col1:
        name = c.selectbox("surf", t("gradient_descent.two.surface"), SURFACE_NAMES, "quadratic_bowl",
                           format_func=lambda n: t(f"gradient_descent.surf.{n}"))
    with col2:
        kappa = (c.select_slider("kappa", t("gradient_descent.two.kappa"), KAPPAS, 10,
                                 help=t("gradient_descent.two.kappa_help")) if name == "quadratic_bowl" else 10)
    surface = build_surface(name, kappa)
    rates = lab.bowl_rates(surface) if name == "quadratic_bowl" else {}
    options = tuple(sorted(set(LR_GRID) | set(rates.values())))
    with col3:
        lr = c.select_slider(lr_key(name), t("gradient_descent.lr"), options, DEFAULT_LR[name],
                             format_func=lambda x: fmt.num(x, 4).rstrip("0").rstrip(".") if x not in LR_GRID
                             else lr_label(x), help=t("gradient_descent.lr_help"))
    col4, col5, col6, col7 = st.columns([2, 1, 1, 1])
    with col4:
        names = c.multiselect("opts", t("gradient_descent.two.optimizers"), lab.OPTIMIZER_NAMES,
                              list(DEFAULT_OPTIMIZERS), format_func=lambda n: t(f"gradient_descent.opt.{n}"),
                              placeholder=t("common.choose"))
    with col5:
        beta = c.select_slider("beta", t("gradient_descent.two.beta"), BETAS, 0.9,
                               help=t("gradient_descent.two.beta_help"))
    with col6:
        n_steps = c.slider("n2", t("gradient_descent.two.steps"), 10, 500, 150, step=10)
    with col7:
        tol = c.select_slider("tol", t("gradient_descent.two.tol"), TOLS, 1e-4, format_func=lr_label)
        show3d = c.toggle("s3d", t("gradient_descent.two.show3d"), False)

    start = c.get(start_key(name), list(surface.default_start), _start_parser(surface))

    if name == "quadratic_bowl":
        bowl_panel(page, surface, lr, rates)
    if not names:
        st.info(t("common.no_selection"))
        return
    paths = optimizer_paths(name, float(kappa), tuple(start), tuple(names), float(lr), float(beta), int(n_steps))
    grid = surface_grid(name, float(kappa))
    f_min = lab.lowest_value(surface)
    series = [figs.PathSeries(n, t(f"gradient_descent.opt.{n}"), p.points[:, 0], p.points[:, 1], p.values,
                              lab.OPTIMIZER_NAMES.index(n)) for n, p in paths.items()]
    longest = max(len(p.points) for p in paths.values())
    pn = surface.param_names
    fig = figs.contour(grid.xs, grid.ys, grid.shown, grid.values, series, start=tuple(start), minima=surface.minima,
                       frame_steps=lab.frame_indices(longest, MAX_FRAMES),
                       title=t("gradient_descent.two.contour_title", surface=t(f"gradient_descent.surf.{name}")),
                       x_axis=pn[0], y_axis=pn[1], start_label=t("gradient_descent.two.start"),
                       minimum_label=t("gradient_descent.two.minimum"), click_hint=t("gradient_descent.two.click_hint"),
                       colorbar_label=t(f"gradient_descent.two.colour_{grid.scale}"), play=t("gradient_descent.play"),
                       pause=t("gradient_descent.pause"))
    page.chart(fig, key="contour", on_click=functools.partial(_on_click, page, start_key(name), surface.bounds))
    st.caption(t("gradient_descent.two.click_caption", x=fmt.num(start[0], 3), y=fmt.num(start[1], 3)))
    start_inputs(page, name, surface, start)
    names_tex = [f"{n[0]}_{n[1:]}" if len(n) > 1 else n for n in pn]
    page.formula(rf"f({names_tex[0]}, {names_tex[1]}) = {surface.latex}")
    if show3d:
        page.chart(figs.surface_3d(grid.xs, grid.ys, grid.shown, series, [grid.show(s.values) for s in series],
                                   title=t("gradient_descent.two.surface3d_title"), x_axis=pn[0], y_axis=pn[1],
                                   z_axis=t(f"gradient_descent.two.colour_{grid.scale}")), key="surface3d")

    verdicts = {n: lab.descent_verdict(p, f_min, tol) for n, p in paths.items()}
    log_y = f_min is not None
    curves = [(n, t(f"gradient_descent.opt.{n}"), list(range(len(p.values))), lab.loss_gap(p.values, f_min),
               lab.OPTIMIZER_NAMES.index(n)) for n, p in paths.items()]
    page.chart(figs.loss_curves(curves, title=t("gradient_descent.two.loss_title"),
                                x_axis=t("gradient_descent.two.step_axis"),
                                y_axis=t("gradient_descent.two.gap_axis") if log_y else "f", log_y=log_y,
                                tol=tol if log_y else None, tol_label=t("gradient_descent.two.tol_line")),
               key="loss2d")
    page.table(optimizer_table(page, paths, verdicts), hide_index=True, width="stretch")
    for n, v in verdicts.items():
        if v.status == "diverged":
            divergence_message(page, n, surface, lr, paths[n], name)
    if name == "saddle":
        st.info(t("gradient_descent.two.saddle_note"))


def optimizer_table(page: Page, paths: dict, verdicts: dict) -> pd.DataFrame:
    t = page.t
    rows = []
    for n, p in paths.items():
        v = verdicts[n]
        rows.append({
            t("gradient_descent.table.optimizer"): t(f"gradient_descent.opt.{n}"),
            t("gradient_descent.table.verdict"): t(f"gradient_descent.verdict.{v.status}"),
            t("gradient_descent.table.steps_to_tol"): "—" if v.steps_to_tol is None else str(v.steps_to_tol),
            t("gradient_descent.table.steps"): str(p.steps),
            t("gradient_descent.table.final_loss"): fmt.num(v.final_value, 6),
            t("gradient_descent.table.final_point"): f"({fmt.num(p.points[-1, 0], 4)}, {fmt.num(p.points[-1, 1], 4)})",
        })
    return pd.DataFrame(rows)


def divergence_message(page: Page, name: str, surface: sf.Surface, lr: float, path, surf_name: str) -> None:
    t = page.t
    opt = t(f"gradient_descent.opt.{name}")
    if isinstance(surface, sf.QuadraticSurface) and surf_name == "quadratic_bowl" and name == "sgd":
        check = lab.quadratic_check(surface, lr)
        st.error(t("gradient_descent.two.diverged_bowl", opt=opt, r=fmt.num(check.alpha_lmax, 3),
                   factor=fmt.num(check.factors[1], 3)))
    elif path.status == "diverged":
        st.error(t("gradient_descent.two.diverged_overflow", opt=opt, step=path.diverged_at))
    else:
        st.error(t("gradient_descent.two.diverged_growing", opt=opt))


def bowl_panel(page: Page, surface: sf.QuadraticSurface, lr: float, rates: dict) -> None:
    """Eigenvalues of the Hessian, the best and the largest stable step, offered as buttons."""
    t = page.t
    lam_min, lam_max = surface.eigenvalues()
    check = lab.quadratic_check(surface, lr)
    page.formula(
        rf"H = {fmt.latex_matrix(surface.H, 3)},\quad \lambda_{{\min}} = {fmt.latex_num(lam_min, 3)},\ "
        rf"\lambda_{{\max}} = {fmt.latex_num(lam_max, 3)},\quad "
        rf"\eta^* = \frac{{2}}{{\lambda_{{\min}} + \lambda_{{\max}}}} = {fmt.latex_num(rates['optimal'])},\quad "
        rf"\frac{{2}}{{\lambda_{{\max}}}} = {fmt.latex_num(rates['max_stable'])}")
    page.formula(rf"\eta\,\lambda_{{\max}} = {fmt.latex_product([lr, lam_max], 4)} = "
                 rf"{fmt.latex_num(check.alpha_lmax, 4)}\ "
                 + (r"< 2" if check.prediction == "converges" else r"= 2" if check.prediction == "bounces" else r"> 2"))
    cols = st.columns(3)
    for col, key in zip(cols, ("optimal", "max_stable", "unstable")):
        col.button(t(f"gradient_descent.two.use_{key}", value=fmt.num(rates[key], 4)), on_click=_set_bowl_lr,
                   args=(page, rates[key]), width="stretch", key=f"{page.id}._btn_{key}")
    st.caption(t(f"gradient_descent.two.predict_{check.prediction}", r=fmt.num(check.alpha_lmax, 3)))


# ============================================================================================ batch size
def batch_section(page: Page) -> None:
    """Batch, mini-batch and stochastic gradient descent from the same start with the same η: paths and losses."""
    c, t = page.controls, page.t
    col1, col2, col3 = st.columns(3)
    with col1:
        bs = c.select_slider("bs", t("gradient_descent.batch.size"), BATCH_SIZES, 10,
                             help=t("gradient_descent.batch.size_help"))
    with col2:
        lr = c.select_slider("lr3", t("gradient_descent.lr"), LR_GRID, 0.1, format_func=lr_label)
    with col3:
        epochs = c.slider("ep", t("gradient_descent.batch.epochs"), 1, 30, 10)
    cmp = batch_view(int(bs), float(lr), int(epochs))
    runs, grid = cmp.runs, cmp.grid
    kinds = ("batch", "minibatch", "stochastic")
    labels = {k: t(f"gradient_descent.batch.{k}", b=runs[k].batch_size) for k in kinds}
    series = [figs.PathSeries(k, labels[k], runs[k].points[:, 0], runs[k].points[:, 1], runs[k].values, i)
              for i, k in enumerate(kinds)]
    left, right = st.columns([1.15, 1])
    with left:
        page.chart(figs.contour(grid.xs, grid.ys, grid.shown, grid.values, series, start=BATCH_START,
                                minima=[cmp.minimum], title=t("gradient_descent.batch.paths_title"), x_axis="w1",
                                y_axis="w2", start_label=t("gradient_descent.two.start"),
                                minimum_label=t("gradient_descent.two.minimum"),
                                colorbar_label=t("gradient_descent.batch.loss_axis"), markers=False, height=520),
                   key="fig_batch_paths")
    with right:
        curves = [(k, labels[k], list(range(epochs + 1)), runs[k].epoch_loss, i) for i, k in enumerate(kinds)]
        page.chart(figs.loss_curves(curves, title=t("gradient_descent.batch.loss_title"),
                                    x_axis=t("gradient_descent.batch.epoch_axis"),
                                    y_axis=t("gradient_descent.batch.loss_axis"), markers=True), key="fig_batch_loss")
    rows = [{t("gradient_descent.table.method"): labels[k],
             t("gradient_descent.table.batch_size"): str(runs[k].batch_size),
             t("gradient_descent.table.updates_per_epoch"): str(runs[k].updates_per_epoch),
             t("gradient_descent.table.updates"): str(len(runs[k].points) - 1),
             t("gradient_descent.table.final_loss"): fmt.num(runs[k].epoch_loss[-1], 4)} for k in kinds]
    page.table(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption(t("gradient_descent.batch.caption", m=cmp.m, f_min=fmt.num(cmp.f_min, 4)))


# ============================================================================================ feature scaling
def scaling_section(page: Page) -> None:
    """The same linear regression on raw and on normalized inputs, each with its own best fixed step."""
    c, t = page.controls, page.t
    spread = c.select_slider("spread", t("gradient_descent.scale.spread"), SPREADS, 10,
                             help=t("gradient_descent.scale.spread_help"))
    sv = scaling_view(float(spread))
    runs = sv.runs
    cols = st.columns(2)
    for col, key in zip(cols, ("raw", "normalized")):
        run, grid = runs[key], sv.grids[key]
        with col:
            series = [figs.PathSeries("sgd", t("gradient_descent.opt.sgd"), run.path.points[:, 0],
                                      run.path.points[:, 1], run.path.values, 0)]
            page.chart(figs.contour(grid.xs, grid.ys, grid.shown, grid.values, series, start=(0.0, 0.0),
                                    minima=sv.minima[key], title=t(f"gradient_descent.scale.{key}_title"),
                                    x_axis="w1", y_axis="w2", start_label=t("gradient_descent.two.start"),
                                    minimum_label=t("gradient_descent.two.minimum"),
                                    colorbar_label=t("gradient_descent.two.colour_log"), equal_aspect=True,
                                    height=470), key=f"fig_scale_{key}")
            m1, m2, m3 = st.columns(3)
            m1.metric(t("gradient_descent.scale.kappa"), fmt.num(run.condition, 1))
            m2.metric(t("gradient_descent.scale.eta"), fmt.num(run.learning_rate, 4))
            m3.metric(t("gradient_descent.scale.steps"),
                      str(run.steps_to_tol) if run.steps_to_tol is not None else f"> {SCALING_MAX_STEPS}")
    st.caption(t("gradient_descent.scale.caption", tol=lr_label(SCALING_TOL)))
    page.formula(r"x_j \leftarrow \frac{x_j - \mu_j}{\sigma_j}, \qquad \kappa = \frac{\lambda_{\max}}{\lambda_{\min}}: "
                 + fmt.latex_num(runs["raw"].condition, 1) + r" \;\to\; " + fmt.latex_num(runs["normalized"].condition, 2))


# ============================================================================================ try this
def bowl_tries() -> tuple:
    """The 2-D tasks; the bowl's rates come from its Hessian (nncore), not typed."""
    bowl50 = lab.bowl_rates(sf.quadratic_bowl(50))
    return (
        ("gradient_descent.try.bowl_optimal",
         {"surf": "quadratic_bowl", "kappa": 50, "lr_quadratic_bowl": bowl50["optimal"], "opts": "sgd,momentum"}),
        ("gradient_descent.try.bowl_diverges",
         {"surf": "quadratic_bowl", "kappa": 50, "lr_quadratic_bowl": bowl50["unstable"], "opts": "sgd"}),
        ("gradient_descent.try.rosenbrock",
         {"surf": "rosenbrock", "lr_rosenbrock": 0.002, "opts": "sgd,momentum,adam", "n2": 500}),
        ("gradient_descent.try.himmelblau", {"surf": "himmelblau", "opts": "sgd,nesterov,rmsprop"}),
        ("gradient_descent.try.saddle",
         {"surf": "saddle", "opts": "sgd,adam", "n2": 40, "start_saddle": "-2.5,0.01"}),
    )


# ============================================================================================ check yourself
CHECK_KAPPA = 10
CHECK_BOWL_RATES = (0.1, 0.2, 0.3)      # below, at and above 2/λmax = 0.2 of the κ = 10 bowl (λmax = 10)
STEP_A0, STEP_LR = 1.5, 0.3             # one step on a² from a₀ = 1.5
RACE_A0, RACE_RATES = 2.5, (0.1, 0.5, 0.9)  # which η reaches |f′(a)| ≤ 10⁻⁸ first on a²
OPTION_IDS = ("a", "b", "c")


def checks() -> list[Question]:
    """The page's questions; every answer from nncore (the lesson), computed now."""
    bowl = sf.quadratic_bowl(CHECK_KAPPA)
    lam_min, lam_max = bowl.eigenvalues()
    verdicts = lab.diverging_rates(bowl, CHECK_BOWL_RATES)
    diverging = [oid for oid, r in zip(OPTION_IDS, CHECK_BOWL_RATES) if verdicts[r].prediction == "diverges"]
    step = lab.update_1d("square", STEP_A0, STEP_LR)
    race = lab.fewest_steps("square", RACE_A0, RACE_RATES, FULL_STEPS, TOL_1D)
    steps = [race[r][0] if race[r][0] is not None else FULL_STEPS + 1 for r in RACE_RATES]
    best = OPTION_IDS[steps.index(min(steps))]
    rates = dict(zip(OPTION_IDS, (lr_label(r) for r in CHECK_BOWL_RATES)))
    return [
        Question("bowl_diverges", answer=diverging[0] if len(diverging) == 1 else "", options=OPTION_IDS,
                 show_me={"view": "2d", "surf": "quadratic_bowl", "kappa": CHECK_KAPPA,
                          "lr_quadratic_bowl": CHECK_BOWL_RATES[OPTION_IDS.index(diverging[0])], "opts": "sgd"},
                 values={**rates, "lmax": lr_label(lam_max), "lmin": lr_label(lam_min),
                         "edge": lr_label(bowl.max_stable_step()),
                         "products": ", ".join(f"{lr_label(r)} × {lr_label(lam_max)} = "
                                               f"{lr_label(verdicts[r].alpha_lmax)}" for r in CHECK_BOWL_RATES)}),
        Question("loss_after_step", answer=step.f_next, tol=0.005,
                 show_me={"fn": "square", "a0_square": STEP_A0, "lr": STEP_LR, "k": 1},
                 values={"a0": fmt.num(STEP_A0, 2), "lr": lr_label(STEP_LR), "slope": fmt.num(step.slope),
                         "a1": fmt.num(step.a_next), "f1": fmt.num(step.f_next)}),
        Question("fewest_steps", answer=best, options=OPTION_IDS,
                 show_me={"fn": "square", "a0_square": RACE_A0, "lr": RACE_RATES[OPTION_IDS.index(best)]},
                 values={**dict(zip(OPTION_IDS, (lr_label(r) for r in RACE_RATES))), "a0": fmt.num(RACE_A0, 2),
                         "tol": fmt.sci(TOL_1D), **{f"steps_{o}": str(s) for o, s in zip(OPTION_IDS, steps)},
                         **{f"factor_{o}": fmt.num(race[r][1], 2) for o, r in zip(OPTION_IDS, RACE_RATES)}}),
    ]
