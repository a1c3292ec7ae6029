"""Figures of the Activations page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explainer import theme


@dataclass(frozen=True)
class Curve:
    """One activation drawn on a grid z: values ``f``, derivative ``df`` and its saturated points."""

    name: str  # registry name, used in trace ``meta`` ("f:<name>", "df:<name>")
    label: str  # shown in the legend
    f: np.ndarray
    df: np.ndarray
    saturated: np.ndarray  # bool, same shape as z


def mask_runs(z: np.ndarray, mask: np.ndarray) -> list[tuple[float, float]]:
    """The [z_start, z_end] intervals where ``mask`` is True on the grid ``z`` (consecutive runs)."""
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return []
    padded = np.concatenate(([False], mask, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return [(float(z[a]), float(z[b - 1])) for a, b in zip(edges[::2], edges[1::2])]


def activation_curves(z: np.ndarray, curves: Sequence[Curve], probe: float | None = None, *,
                      title: str = "", f_axis: str = "f(z)", df_axis: str = "f′(z)", z_axis: str = "z",
                      saturated_label: str = "saturated") -> go.Figure:
    """Each activation (top) above its derivative (bottom) on a shared z axis, with linked hover.

    Saturation zones of each curve are shaded in its colour across both rows; ``probe`` draws a vertical line.
    """
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.06)
    shapes = []
    for i, c in enumerate(curves):
        col = theme.color(i)
        fig.add_trace(go.Scatter(x=z, y=c.f, name=c.label, meta=f"f:{c.name}", legendgroup=c.name,
                                 line=dict(color=col, width=3), hovertemplate="%{y:.4f}"), row=1, col=1)
        fig.add_trace(go.Scatter(x=z, y=c.df, name=f"{c.label}′", meta=f"df:{c.name}", legendgroup=c.name,
                                 showlegend=False, line=dict(color=col, width=2.5, dash="dash"),
                                 hovertemplate="%{y:.4f}"), row=2, col=1)
        for a, b in mask_runs(z, c.saturated):
            for yref in ("y domain", "y2 domain"):
                shapes.append(dict(type="rect", xref="x", yref=yref, x0=a, x1=b, y0=0, y1=1, fillcolor=col,
                                   opacity=theme.SATURATION_OPACITY, line_width=0, layer="below",
                                   name=f"saturated:{c.name}"))
    if probe is not None:
        for yref in ("y domain", "y2 domain"):
            shapes.append(dict(type="line", xref="x", yref=yref, x0=probe, x1=probe, y0=0, y1=1,
                               line=dict(color=theme.NEUTRAL, width=1.5, dash="dot"), name="probe"))
    if any(c.saturated.any() for c in curves):
        # a legend entry explaining the shading (no data)
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=saturated_label, meta="legend:saturated",
                                 marker=dict(symbol="square", size=14, color=theme.NEUTRAL, opacity=0.4),
                                 hoverinfo="skip"), row=1, col=1)
    fig.update_layout(shapes=shapes, hovermode="x unified", height=560)
    theme.style(fig, title=title)
    fig.update_yaxes(title_text=f_axis, row=1, col=1)
    fig.update_yaxes(title_text=df_axis, row=2, col=1)
    fig.update_xaxes(title_text=z_axis, row=2, col=1)
    return fig


def output_comparison(units: Sequence[str], series: Sequence[tuple[str, str, np.ndarray]], *, title: str = "",
                      y_axis: str = "") -> go.Figure:
    """Grouped bars: one group per output unit, one bar per (meta id, label, values) series."""
    fig = go.Figure()
    for i, (meta, label, values) in enumerate(series):
        fig.add_trace(go.Bar(x=list(units), y=np.asarray(values, dtype=float).ravel(), name=label, meta=meta,
                             marker_color=theme.color(i), hovertemplate="%{y:.6f}"))
    fig.update_layout(barmode="group", height=360)
    return theme.style(fig, title=title, y=y_axis)


def layer_histograms(centers: np.ndarray, shares: np.ndarray, layer_labels: Sequence[str], *,
                     title: str = "", x_axis: str = "", share_label: str = "share") -> go.Figure:
    """Heat map of per-layer activation histograms: row = layer, column = value bin, colour = share of values.

    ``centers`` and ``shares`` come from ``nncore.histogram_shares`` (each row of ``shares`` sums to 1).
    """
    fig = go.Figure(go.Heatmap(x=centers, y=list(layer_labels), z=shares, colorscale=theme.SEQUENTIAL, meta="hist",
                               colorbar=dict(title=dict(text=share_label), tickformat=".0%"),
                               hovertemplate="%{y}<br>%{x:.3f}: %{z:.1%}<extra></extra>"))
    fig.update_layout(height=80 + 34 * len(layer_labels))
    fig.update_yaxes(autorange="reversed", type="category")
    return theme.style(fig, title=title, x=x_axis)


def layer_bars(layer_labels: Sequence[str], values: np.ndarray, *, meta: str, title: str = "", y_axis: str = "",
               log_y: bool = False, percent: bool = False) -> go.Figure:
    """One bar per layer (gradient norms on a log axis, or dead-unit shares as percentages)."""
    values = np.asarray(values, dtype=float)
    fig = go.Figure(go.Bar(x=list(layer_labels), y=values, meta=meta, marker_color=theme.color(0),
                           hovertemplate="%{x}: %{y:.1%}<extra></extra>" if percent
                           else "%{x}: %{y:.4g}<extra></extra>"))
    fig.update_layout(height=340)
    if log_y:
        fig.update_yaxes(type="log", exponentformat="power")
    if percent:
        fig.update_yaxes(tickformat=".0%", range=[0, 1])
    return theme.style(fig, title=title, y=y_axis)
