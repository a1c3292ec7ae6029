"""Figures of the Regularization page: pure builders (data in, ``go.Figure`` out), no maths.

Every trace has a ``meta`` id so tests can find it: "truth", "train", "test", "fit:<id>", "loss:<split>:<id>",
"best:<id>", "fits", "mean_fit", "bar:<part>", "measured", "path:<kind>:<j>", "contours", "l1_region",
"l2_region", "w_star", "sol:l1", "sol:l2", "norm:<id>", "nodes:<layer>", "dropped:<layer>", "edges", "exp:<series>".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from explainer import theme


@dataclass(frozen=True)
class Series:
    """One line: ``meta`` id, legend ``label``, values, colour index into the palette, dash style."""

    meta: str
    label: str
    y: np.ndarray
    color: int = 0
    dash: str = "solid"


def _line(x, s: Series, width: float = 2.5, **kw) -> go.Scatter:
    return go.Scatter(x=x, y=np.asarray(s.y, dtype=float), mode="lines", name=s.label, meta=s.meta,
                      line=dict(color=theme.color(s.color), width=width, dash=s.dash), **kw)


# ------------------------------------------------------------------------------------------ overfitting
def fitted_curves(grid: np.ndarray, truth: np.ndarray, fits: Sequence[Series], x_train, y_train, x_test=None,
                  y_test=None, *, labels: dict, title: str = "", x_axis: str = "x", y_axis: str = "y") -> go.Figure:
    """The true curve, the noisy training points (and faint test points) and the fitted network curves.

    ``labels`` holds the legend texts "truth", "train", "test"."""
    fig = go.Figure()
    if x_test is not None:
        fig.add_trace(go.Scatter(x=np.asarray(x_test, float), y=np.asarray(y_test, float), mode="markers",
                                 name=labels["test"], meta="test", hoverinfo="skip",
                                 marker=dict(size=5, color=theme.NEUTRAL, opacity=0.45)))
    fig.add_trace(go.Scatter(x=grid, y=np.asarray(truth, float), mode="lines", name=labels["truth"], meta="truth",
                             line=dict(color=theme.NEUTRAL, width=2, dash="dash")))
    for s in fits:
        fig.add_trace(_line(grid, s, width=3))
    fig.add_trace(go.Scatter(x=np.asarray(x_train, float), y=np.asarray(y_train, float), mode="markers",
                             name=labels["train"], meta="train",
                             marker=dict(size=10, color=theme.OKABE_ITO["orange"], line=dict(width=1.5,
                                                                                           color="white"))))
    fig.update_layout(height=420, hovermode="closest")
    fig.update_yaxes(range=[-2.2, 2.2])
    return theme.style(fig, title=title, x=x_axis, y=y_axis)


def loss_curves(epochs: np.ndarray, curves: Sequence[Series], *, best: Sequence[tuple[str, str, int, float, int]] = (),
                noise_floor: float | None = None, noise_label: str = "", current: int | None = None,
                title: str = "", x_axis: str = "", y_axis: str = "") -> go.Figure:
    """Train and test loss per epoch (log y). ``best`` marks early-stopping points as (meta, label, epoch, loss,
    colour); ``noise_floor`` draws σ² (the lowest expected test loss); ``current`` the epoch shown in the fit."""
    fig = go.Figure()
    for s in curves:
        fig.add_trace(_line(epochs, s, width=2.2, hovertemplate="%{x}: %{y:.4f}"))
    for meta, label, epoch, value, col in best:
        fig.add_trace(go.Scatter(x=[epoch], y=[value], mode="markers", name=label, meta=meta,
                                 marker=dict(symbol="star", size=16, color=theme.color(col),
                                             line=dict(width=1, color="white")),
                                 hovertemplate="%{x}: %{y:.4f}<extra></extra>"))
    shapes = []
    if noise_floor is not None and noise_floor > 0:
        fig.add_trace(go.Scatter(x=[epochs[0], epochs[-1]], y=[noise_floor, noise_floor], mode="lines",
                                 name=noise_label, meta="noise_floor",
                                 line=dict(color=theme.NEUTRAL, width=1.5, dash="dot"), hoverinfo="skip"))
    if current is not None:
        shapes.append(dict(type="line", xref="x", yref="y domain", x0=current, x1=current, y0=0, y1=1,
                           line=dict(color=theme.NEUTRAL, width=1.5, dash="dash"), name="current"))
    fig.update_layout(height=420, shapes=shapes, hovermode="x unified")
    fig.update_yaxes(type="log", exponentformat="power")
    return theme.style(fig, title=title, x=x_axis, y=y_axis)


# ------------------------------------------------------------------------------------------ bias–variance
def resampled_fits(x: np.ndarray, truth: np.ndarray, fits: np.ndarray, mean_fit: np.ndarray, *, labels: dict,
                   color: int = 0, title: str = "", x_axis: str = "x", y_axis: str = "y") -> go.Figure:
    """All K fitted curves drawn faintly (one trace, NaN-separated), their mean and the truth."""
    fits = np.asarray(fits, dtype=float)
    K, G = fits.shape
    xs = np.concatenate([np.append(x, np.nan) for _ in range(K)])
    ys = np.concatenate([np.append(f, np.nan) for f in fits])
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=labels["fits"], meta="fits", hoverinfo="skip",
                             line=dict(color=theme.color(color), width=1), opacity=0.35, connectgaps=False))
    fig.add_trace(go.Scatter(x=x, y=np.asarray(truth, float), mode="lines", name=labels["truth"], meta="truth",
                             line=dict(color=theme.NEUTRAL, width=2.5, dash="dash")))
    fig.add_trace(go.Scatter(x=x, y=np.asarray(mean_fit, float), mode="lines", name=labels["mean"],
                             meta="mean_fit", line=dict(color=theme.color(color), width=3.5)))
    fig.update_layout(height=380)
    fig.update_yaxes(range=[-2.2, 2.2])
    return theme.style(fig, title=title, x=x_axis, y=y_axis)


def decomposition(models: Sequence[str], bias2: Sequence[float], variance: Sequence[float], noise: Sequence[float],
                  measured: Sequence[float], stderr: Sequence[float], *, labels: dict, title: str = "",
                  y_axis: str = "") -> go.Figure:
    """Per model: stacked bias² + variance + noise next to the measured expected test error (± 2 standard
    errors)."""
    fig = go.Figure()
    parts = (("bias2", bias2, theme.OKABE_ITO["vermillion"]), ("variance", variance, theme.OKABE_ITO["blue"]),
             ("noise", noise, theme.NEUTRAL))
    for key, values, col in parts:
        fig.add_trace(go.Bar(x=list(models), y=np.asarray(values, float), name=labels[key], meta=f"bar:{key}",
                             marker_color=col, offsetgroup="sum", hovertemplate="%{y:.4f}"))
    fig.add_trace(go.Bar(x=list(models), y=np.asarray(measured, float), name=labels["measured"], meta="measured",
                         marker=dict(color="rgba(0,0,0,0)", line=dict(color=theme.OKABE_ITO["bluish_green"],
                                                                      width=3)),
                         offsetgroup="measured",
                         error_y=dict(type="data", array=2 * np.asarray(stderr, float), visible=True),
                         hovertemplate="%{y:.4f}"))
    fig.update_layout(barmode="stack", height=380)
    return theme.style(fig, title=title, y=y_axis)


# ------------------------------------------------------------------------------------------ L1 / L2
def weight_paths(lams: np.ndarray, weights: np.ndarray, *, kind: str, names: Sequence[str], lam_now: float | None,
                 title: str = "", x_axis: str = "λ", y_axis: str = "w") -> go.Figure:
    """One line per weight against λ (log x); a vertical line at the chosen λ."""
    weights = np.asarray(weights, dtype=float)
    fig = go.Figure()
    for j in range(weights.shape[1]):
        fig.add_trace(go.Scatter(x=lams, y=weights[:, j], mode="lines", name=names[j], meta=f"path:{kind}:{j}",
                                 line=dict(color=theme.color(j), width=2.4), hovertemplate="λ=%{x:.3g}: %{y:.4f}"))
    shapes = [dict(type="line", xref="x", yref="y domain", x0=lam_now, x1=lam_now, y0=0, y1=1,
                   line=dict(color=theme.NEUTRAL, width=1.5, dash="dash"), name="lam")] if lam_now else []
    fig.update_layout(height=380, shapes=shapes, showlegend=False)
    fig.update_xaxes(type="log", exponentformat="power")
    return theme.style(fig, title=title, x=x_axis, y=y_axis)


def weights_at(names: Sequence[str], series: Sequence[tuple[str, str, np.ndarray]], *, title: str = "",
               y_axis: str = "") -> go.Figure:
    """Grouped bars of the weights at one λ, one bar per (meta, label, weights) series."""
    fig = go.Figure()
    for i, (meta, label, w) in enumerate(series):
        fig.add_trace(go.Bar(x=list(names), y=np.asarray(w, float), name=label, meta=meta,
                             marker_color=theme.color(i), hovertemplate="%{x}: %{y:.6g}<extra></extra>"))
    fig.update_layout(barmode="group", height=340)
    return theme.style(fig, title=title, y=y_axis)


def constraint_geometry(xs: np.ndarray, ys: np.ndarray, Z: np.ndarray, t: float, w_star, w_l1, w_l2,
                        levels: tuple[float, float], *, labels: dict, title: str = "") -> go.Figure:
    """Loss contours, the L1 diamond |w₁| + |w₂| ≤ t and the L2 circle ‖w‖ ≤ t, the unconstrained minimum and
    where each constrained solution lands; the contour through each solution touches its region there."""
    fig = go.Figure()
    fig.add_trace(go.Contour(x=xs, y=ys, z=Z, meta="contours", colorscale=theme.SEQUENTIAL, showscale=False,
                             ncontours=18, contours=dict(coloring="lines"), line=dict(width=1), opacity=0.7,
                             hovertemplate="w₁=%{x:.2f}, w₂=%{y:.2f}<br>MSE=%{z:.4f}<extra></extra>"))
    for meta, level, col in (("touch:l1", levels[0], theme.OKABE_ITO["vermillion"]),
                             ("touch:l2", levels[1], theme.OKABE_ITO["blue"])):
        fig.add_trace(go.Contour(x=xs, y=ys, z=Z, meta=meta, showscale=False, hoverinfo="skip",
                                 contours=dict(coloring="none", start=level, end=level, size=1.0),
                                 line=dict(color=col, width=2, dash="dot"), showlegend=False))
    fig.add_trace(go.Scatter(x=[t, 0, -t, 0, t], y=[0, t, 0, -t, 0], mode="lines", fill="toself",
                             name=labels["l1"], meta="l1_region", line=dict(color=theme.OKABE_ITO["vermillion"],
                                                                            width=2.5),
                             fillcolor="rgba(213,94,0,0.12)", hoverinfo="skip"))
    angle = np.linspace(0.0, 2.0 * np.pi, 121)
    fig.add_trace(go.Scatter(x=t * np.cos(angle), y=t * np.sin(angle), mode="lines", fill="toself",
                             name=labels["l2"], meta="l2_region", line=dict(color=theme.OKABE_ITO["blue"], width=2.5),
                             fillcolor="rgba(0,114,178,0.10)", hoverinfo="skip"))
    for meta, w, symbol, col, label in (("w_star", w_star, "x", theme.NEUTRAL, labels["w_star"]),
                                        ("sol:l1", w_l1, "diamond", theme.OKABE_ITO["vermillion"], labels["sol_l1"]),
                                        ("sol:l2", w_l2, "circle", theme.OKABE_ITO["blue"], labels["sol_l2"])):
        fig.add_trace(go.Scatter(x=[float(w[0])], y=[float(w[1])], mode="markers", name=label, meta=meta,
                                 marker=dict(symbol=symbol, size=14, color=col, line=dict(width=1.5, color="white")),
                                 hovertemplate="(%{x:.4f}, %{y:.4f})<extra></extra>"))
    fig.update_layout(height=520)
    fig.update_xaxes(range=[float(xs[0]), float(xs[-1])], zeroline=True, zerolinewidth=1.5, constrain="domain")
    fig.update_yaxes(range=[float(ys[0]), float(ys[-1])], scaleanchor="x", scaleratio=1, zerolinewidth=1.5,
                     constrain="domain")
    return theme.style(fig, title=title, x="w₁", y="w₂")


# ------------------------------------------------------------------------------------------ weight decay
def norm_curves(epochs: np.ndarray, curves: Sequence[Series], *, title: str = "", x_axis: str = "",
                y_axis: str = "") -> go.Figure:
    fig = go.Figure([_line(epochs, s, hovertemplate="%{x}: %{y:.4f}") for s in curves])
    fig.update_layout(height=340, hovermode="x unified")
    return theme.style(fig, title=title, x=x_axis, y=y_axis)


# ------------------------------------------------------------------------------------------ dropout
def dropout_network(layer_sizes: Sequence[int], kept: Sequence[np.ndarray | None], *, labels: dict,
                    title: str = "") -> go.Figure:
    """The network with this step's dropout: ``kept[l]`` is the 0/1 mask of layer l (None: every unit is there,
    e.g. the input and output layers). Dropped units are grey crosses; their edges disappear."""
    n_layers = len(layer_sizes)
    tallest = max(layer_sizes)
    pos = [[(float(l), (n - 1) / 2.0 - i) for i in range(n)] for l, n in enumerate(layer_sizes)]
    alive = [np.ones(n, bool) if k is None else np.asarray(k, bool).reshape(-1) for n, k in zip(layer_sizes, kept)]
    ex, ey = [], []
    for l in range(n_layers - 1):
        for i, (x0, y0) in enumerate(pos[l]):
            for j, (x1, y1) in enumerate(pos[l + 1]):
                if alive[l][i] and alive[l + 1][j]:
                    ex += [x0, x1, None]
                    ey += [y0, y1, None]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=ex, y=ey, mode="lines", meta="edges", showlegend=False, hoverinfo="skip",
                             line=dict(color=theme.NEUTRAL, width=1), opacity=0.55))
    for l, col in enumerate(pos):
        on = alive[l]
        xs = np.array([p[0] for p in col])
        ys = np.array([p[1] for p in col])
        fig.add_trace(go.Scatter(x=xs[on], y=ys[on], mode="markers", meta=f"nodes:{l}",
                                 name=labels["kept"], legendgroup="kept", showlegend=l == 1,
                                 marker=dict(size=24, color=theme.POSITIVE, line=dict(width=2, color="white")),
                                 hoverinfo="skip"))
        if (~on).any():
            fig.add_trace(go.Scatter(x=xs[~on], y=ys[~on], mode="markers", meta=f"dropped:{l}",
                                     name=labels["dropped"], legendgroup="dropped",
                                     showlegend=l == next(i for i, a in enumerate(alive) if (~a).any()),
                                     marker=dict(size=22, symbol="x", color=theme.NEUTRAL, opacity=0.8),
                                     hoverinfo="skip"))
    fig.update_layout(height=360)
    fig.update_xaxes(visible=False, range=[-0.4, n_layers - 0.6])
    fig.update_yaxes(visible=False, range=[-(tallest / 2.0 + 0.3), tallest / 2.0 + 0.3])
    return theme.style(fig, title=title)


def expectation_bars(units: Sequence[str], series: Sequence[tuple[str, str, np.ndarray, int, str]], *,
                     title: str = "", y_axis: str = "") -> go.Figure:
    """Grouped bars per unit: (meta, label, values, colour index, pattern) — training means next to test outputs."""
    fig = go.Figure()
    for meta, label, values, col, pattern in series:
        fig.add_trace(go.Bar(x=list(units), y=np.asarray(values, float), name=label, meta=meta,
                             marker=dict(color=theme.color(col), pattern_shape=pattern),
                             hovertemplate="%{x}: %{y:.4f}<extra></extra>"))
    fig.update_layout(barmode="group", height=420,
                      legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0))
    theme.style(fig, title=title, y=y_axis)
    fig.update_layout(legend=dict(yanchor="top", y=-0.12), margin=dict(t=50))
    return fig
