"""Figures of the Softmax & entropy page. Pure builders: data in (numbers from nncore), ``go.Figure`` out."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explainer import fmt, theme

Series = tuple[str, str, np.ndarray]  # (meta id, legend label, values)


def _finite_or_zero(values: np.ndarray) -> np.ndarray:
    """Bars cannot be drawn at inf/NaN: draw them at 0 (their text says what they are)."""
    values = np.asarray(values, dtype=float)
    return np.where(np.isfinite(values), values, 0.0)


def probability_bars(labels: Sequence[str], series: Sequence[Series], *, title: str = "", y_axis: str = "",
                     height: int = 360, y_max: float | None = 1.0) -> go.Figure:
    """Grouped bars, one group per class, one bar per series; each bar labelled with its value."""
    fig = go.Figure()
    show_text = len(labels) * len(series) <= 8  # more bars: the labels would collide (hover still shows them)
    for i, (meta, label, values) in enumerate(series):
        values = np.asarray(values, dtype=float)
        fig.add_trace(go.Bar(x=list(labels), y=_finite_or_zero(values), name=label, meta=meta,
                             marker_color=theme.color(i), text=[fmt.num(v, 3) for v in values] if show_text else None,
                             textposition="outside", cliponaxis=False, customdata=values,
                             hovertemplate="%{x}: %{customdata:.6g}<extra>" + label + "</extra>"))
    fig.update_layout(barmode="group", height=height, showlegend=len(series) > 1)
    if len(series) == 1:
        fig.update_layout(margin=dict(t=50))
    if y_max is not None:
        fig.update_yaxes(range=[0, y_max * 1.12])
    return theme.style(fig, title=title, y=y_axis)


def temperature_paths(temperatures: np.ndarray, probs: np.ndarray, labels: Sequence[str], current: float,
                      uniform: float, *, title: str = "", x_axis: str = "T", y_axis: str = "",
                      uniform_label: str = "1/k") -> go.Figure:
    """Each class's probability as the temperature T runs over a log axis; the current T and the 1/k level."""
    fig = go.Figure()
    for i, label in enumerate(labels):
        fig.add_trace(go.Scatter(x=temperatures, y=probs[:, i], name=label, meta=f"path:{i}", mode="lines",
                                 line=dict(color=theme.color(i), width=3),
                                 hovertemplate="T = %{x:.3g}: %{y:.4f}<extra>" + label + "</extra>"))
    fig.add_trace(go.Scatter(x=[temperatures[0], temperatures[-1]], y=[uniform, uniform], mode="lines",
                             name=uniform_label, meta="uniform", line=dict(color=theme.NEUTRAL, dash="dot"),
                             hoverinfo="skip"))
    fig.update_layout(height=360, shapes=[dict(type="line", xref="x", yref="y domain", x0=current, x1=current,
                                               y0=0, y1=1, line=dict(color=theme.NEUTRAL, width=1.5, dash="dash"),
                                               name="current")])
    fig.update_xaxes(type="log", exponentformat="power")
    fig.update_yaxes(range=[0, 1.02])
    return theme.style(fig, title=title, x=x_axis, y=y_axis)


def naive_vs_stable(labels: Sequence[str], naive: np.ndarray, naive_text: Sequence[str], stable: np.ndarray, *,
                    titles: tuple[str, str] = ("", ""), title: str = "", y_axis: str = "") -> go.Figure:
    """Two panels: the naive e^z/Σe^z (inf/NaN bars drawn at 0 and labelled) and the shifted softmax."""
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, subplot_titles=titles, horizontal_spacing=0.06)
    naive = np.asarray(naive, dtype=float)
    fig.add_trace(go.Bar(x=list(labels), y=_finite_or_zero(naive), text=list(naive_text), textposition="outside",
                         cliponaxis=False, meta="naive", name=titles[0], marker_color=theme.NEGATIVE,
                         hovertemplate="%{x}: %{text}<extra></extra>"), row=1, col=1)
    stable = np.asarray(stable, dtype=float)
    fig.add_trace(go.Bar(x=list(labels), y=stable, text=[fmt.num(v, 3) for v in stable], textposition="outside",
                         cliponaxis=False, meta="stable", name=titles[1], marker_color=theme.POSITIVE,
                         hovertemplate="%{x}: %{y:.6g}<extra></extra>"), row=1, col=2)
    fig.update_layout(height=360, showlegend=False)
    fig.update_yaxes(range=[0, 1.15])
    theme.style(fig, title=title)
    fig.update_yaxes(title_text=y_axis, row=1, col=1)
    return fig


def nll_curve(p: np.ndarray, nll: np.ndarray, points: Sequence[tuple[str, str, float, float]], *, title: str = "",
              x_axis: str = "p", y_axis: str = "−log p", curve_label: str = "−log p") -> go.Figure:
    """The curve −log p with one marker per (meta, label, p_k, −log p_k) point (the classes the target uses)."""
    fig = go.Figure(go.Scatter(x=p, y=nll, mode="lines", name=curve_label, meta="nll",
                               line=dict(color=theme.NEUTRAL, width=2.5),
                               hovertemplate="p = %{x:.3f}: %{y:.4f}<extra></extra>"))
    for i, (meta, label, px, py) in enumerate(points):
        fig.add_trace(go.Scatter(x=[px], y=[py], mode="markers+text", name=label, meta=meta, text=[label],
                                 textposition="top right", marker=dict(size=14, color=theme.color(i)),
                                 hovertemplate="p = %{x:.4f}<br>−log p = %{y:.4f}<extra></extra>"))
    fig.update_layout(height=360, showlegend=False)
    fig.update_xaxes(range=[0, 1.02])
    return theme.style(fig, title=title, x=x_axis, y=y_axis)


def gradient_bars(labels: Sequence[str], grad: np.ndarray, *, title: str = "", y_axis: str = "") -> go.Figure:
    """∂L/∂z_k per logit: positive bars (push the logit down) in the positive colour, negative in the other."""
    grad = np.asarray(grad, dtype=float)
    colors = [theme.POSITIVE if g >= 0 else theme.NEGATIVE for g in grad]
    fig = go.Figure(go.Bar(x=list(labels), y=grad, meta="grad", marker_color=colors,
                           text=[fmt.num(g, 3) for g in grad], textposition="outside", cliponaxis=False,
                           hovertemplate="%{x}: %{y:.6f}<extra></extra>"))
    fig.update_layout(height=360)
    fig.update_yaxes(range=[-1.15, 1.15])
    return theme.style(fig, title=title, y=y_axis)


def sigmoid_loss_curves(z: np.ndarray, mse: np.ndarray, mse_grad: np.ndarray, ce: np.ndarray, ce_grad: np.ndarray,
                        probe: float, shaded: Sequence[tuple[float, float]] = (), *, labels: tuple[str, str],
                        title: str = "", loss_axis: str = "", grad_axis: str = "", z_axis: str = "z",
                        shaded_label: str = "") -> go.Figure:
    """Loss (top) and ∂L/∂z (bottom) against the logit z for squared error and log loss, with a z probe."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.07)
    for i, (name, label, loss, grad) in enumerate((("mse", labels[0], mse, mse_grad), ("ce", labels[1], ce, ce_grad))):
        col = theme.color(i + 1 if i else 0)
        fig.add_trace(go.Scatter(x=z, y=loss, name=label, meta=f"loss:{name}", legendgroup=name,
                                 line=dict(color=col, width=3), hovertemplate="%{y:.4f}"), row=1, col=1)
        fig.add_trace(go.Scatter(x=z, y=grad, name=label, meta=f"grad:{name}", legendgroup=name, showlegend=False,
                                 line=dict(color=col, width=3, dash="dash"), hovertemplate="%{y:.4g}"), row=2, col=1)
    shapes = []
    for a, b in shaded:
        for yref in ("y domain", "y2 domain"):
            shapes.append(dict(type="rect", xref="x", yref=yref, x0=a, x1=b, y0=0, y1=1, fillcolor=theme.NEGATIVE,
                               opacity=theme.SATURATION_OPACITY, line_width=0, layer="below", name="wrong_saturated"))
    for yref in ("y domain", "y2 domain"):
        shapes.append(dict(type="line", xref="x", yref=yref, x0=probe, x1=probe, y0=0, y1=1,
                           line=dict(color=theme.NEUTRAL, width=1.5, dash="dot"), name="probe"))
    if shaded:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=shaded_label, meta="legend:shaded",
                                 marker=dict(symbol="square", size=14, color=theme.NEGATIVE, opacity=0.35),
                                 hoverinfo="skip"), row=1, col=1)
    fig.update_layout(shapes=shapes, hovermode="x unified", height=560)
    theme.style(fig, title=title)
    fig.update_yaxes(title_text=loss_axis, row=1, col=1)
    fig.update_yaxes(title_text=grad_axis, row=2, col=1)
    fig.update_xaxes(title_text=z_axis, row=2, col=1)
    return fig


def distributions(labels: Sequence[str], p: np.ndarray, q: np.ndarray, info_p: np.ndarray, info_q: np.ndarray, *,
                  names: tuple[str, str] = ("p", "q"), title: str = "", prob_axis: str = "",
                  info_axis: str = "", unit: str = "") -> go.Figure:
    """Top: p and q as grouped bars. Bottom: the self-information −log of each probability (∞ where it is 0)."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12)
    for i, (name, probs, info) in enumerate(((names[0], p, info_p), (names[1], q, info_q))):
        col = theme.color(i)
        fig.add_trace(go.Bar(x=list(labels), y=probs, name=name, meta=f"prob:{'pq'[i]}", marker_color=col,
                             legendgroup=name, text=[fmt.num(v, 3) for v in probs], textposition="outside",
                             cliponaxis=False, hovertemplate="%{x}: %{y:.4f}<extra>" + name + "</extra>"),
                      row=1, col=1)
        info = np.asarray(info, dtype=float)
        fig.add_trace(go.Bar(x=list(labels), y=_finite_or_zero(info), name=name, meta=f"info:{'pq'[i]}",
                             marker_color=col, legendgroup=name, showlegend=False, customdata=info,
                             text=[fmt.num(v, 3) + f" {unit}" for v in info], textposition="outside",
                             cliponaxis=False, hovertemplate="%{x}: %{text}<extra>" + name + "</extra>"),
                      row=2, col=1)
    fig.update_layout(barmode="group", height=560)
    theme.style(fig, title=title)
    fig.update_yaxes(title_text=prob_axis, range=[0, 1.15], row=1, col=1)
    fig.update_yaxes(title_text=info_axis, row=2, col=1)
    return fig


def decomposition(rows: Sequence[tuple[str, str, float, float, float]], *, labels: tuple[str, str, str],
                  title: str = "", x_axis: str = "") -> go.Figure:
    """Stacked horizontal bars: for each (meta, row label, H, KL, CE) the entropy part plus the KL part, and a
    marker at the cross-entropy computed on its own — the marker sits exactly at the end of the stack.
    An infinite KL (and cross-entropy) is drawn as a hatched part running off the end of the axis, labelled ∞."""
    names = [r[1] for r in rows]
    h = np.array([r[2] for r in rows], dtype=float)
    kl = np.array([r[3] for r in rows], dtype=float)
    ce = np.array([r[4] for r in rows], dtype=float)
    finite = np.isfinite(ce)
    top = float(np.max(ce[finite])) if finite.any() else float(np.max(h))
    x_end = max(top, float(np.max(h))) * 1.25 + 1e-9  # the axis end; an infinite part is drawn up to it
    kl_drawn = np.where(np.isfinite(kl), kl, x_end - h)  # drawing geometry only
    fig = go.Figure()
    fig.add_trace(go.Bar(y=names, x=h, orientation="h", name=labels[0], meta="part:entropy",
                         marker_color=theme.color(0), text=[fmt.num(v, 3) for v in h], textposition="inside",
                         insidetextanchor="middle", hovertemplate="%{x:.4f}<extra>" + labels[0] + "</extra>"))
    fig.add_trace(go.Bar(y=names, x=kl_drawn, orientation="h", name=labels[1], meta="part:kl",
                         marker=dict(color=theme.color(1), pattern=dict(shape=["" if np.isfinite(v) else "/"
                                                                               for v in kl])),
                         customdata=kl, text=[fmt.num(v, 3) for v in kl], textposition="auto",
                         hovertemplate="%{text}<extra>" + labels[1] + "</extra>"))
    fig.add_trace(go.Scatter(y=names, x=np.where(finite, ce, x_end), mode="markers+text", name=labels[2],
                             meta="total:ce", customdata=ce, text=["= " + fmt.num(v, 3) for v in ce],
                             textposition="middle right", cliponaxis=False,
                             marker=dict(symbol="line-ns", size=34, line=dict(width=3, color=theme.NEUTRAL)),
                             hovertemplate="%{text}<extra>" + labels[2] + "</extra>"))
    fig.update_layout(barmode="stack", height=130 + 70 * len(rows), legend=dict(traceorder="normal"),
                      margin=dict(r=70))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(range=[0, x_end])
    return theme.style(fig, title=title, x=x_axis)


def decision_regions(xs: np.ndarray, ys: np.ndarray, regions: np.ndarray, probs: np.ndarray, X: np.ndarray,
                     y: np.ndarray, class_labels: Sequence[str], *, title: str = "",
                     hover_class: str = "softmax") -> go.Figure:
    """The plane coloured by the predicted class (argmax of the softmax), class probabilities on hover, and the
    training points on top. ``probs`` (res, res, k) goes to the browser as float32 (shape-encoded; plotly.js
    decodes 3-D typed arrays) for the hover; ``regions`` (res, res) ints."""
    k = len(class_labels)
    colours = [theme.color(c) for c in range(k)]
    # a discrete colourscale: class c owns [c/k, (c+1)/k]
    scale = []
    for c, col in enumerate(colours):
        scale += [(c / k, col), ((c + 1) / k, col)]
    lines = "<br>".join(f"{class_labels[c]}: %{{customdata[{c}]:.3f}}" for c in range(k))
    fig = go.Figure(go.Heatmap(x=xs, y=ys, z=regions, zmin=-0.5, zmax=k - 0.5, colorscale=scale, opacity=0.35,
                               showscale=False, meta="regions", customdata=np.asarray(probs, dtype=np.float32),
                               hovertemplate="(%{x:.2f}, %{y:.2f})<br>" + hover_class + "<br>" + lines
                               + "<extra></extra>"))
    for c in range(k):
        pts = X[y == c]
        fig.add_trace(go.Scatter(x=pts[:, 0], y=pts[:, 1], mode="markers", name=class_labels[c], meta=f"points:{c}",
                                 marker=dict(color=colours[c], size=7, line=dict(width=1, color="white")),
                                 hovertemplate="(%{x:.2f}, %{y:.2f})<extra>" + class_labels[c] + "</extra>"))
    fig.update_layout(height=560)
    fig.update_xaxes(range=[xs[0], xs[-1]], constrain="domain")
    fig.update_yaxes(range=[ys[0], ys[-1]], scaleanchor="x", scaleratio=1)
    return theme.style(fig, title=title, x="x₁", y="x₂")


def training_curves(epochs: np.ndarray, loss: np.ndarray, accuracy: np.ndarray, *, labels: tuple[str, str],
                    title: str = "", x_axis: str = "") -> go.Figure:
    """Cross-entropy (left axis) and accuracy (right axis) by epoch."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=epochs, y=loss, name=labels[0], meta="loss", mode="lines+markers",
                             line=dict(color=theme.color(0), width=3)))
    fig.add_trace(go.Scatter(x=epochs, y=accuracy, name=labels[1], meta="accuracy", mode="lines+markers", yaxis="y2",
                             line=dict(color=theme.color(2), width=3, dash="dash")))
    fig.update_layout(height=420, yaxis2=dict(overlaying="y", side="right", range=[0, 1.05], tickformat=".0%",
                                              dtick=0.2, showgrid=False))
    fig.update_yaxes(rangemode="tozero", selector=dict(overlaying=None))
    return theme.style(fig, title=title, x=x_axis, y=labels[0])
