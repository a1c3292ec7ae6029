"""Figures of the Activations page (plain dicts, see ``theme.figure``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

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


LANE = 0.07  # height of one saturation lane, as a share of the derivative panel


def activation_curves(z: np.ndarray, curves: Sequence[Curve], probe: float | None = None, *,
                      title: str = "", f_axis: str = "f(z)", df_axis: str = "f′(z)", z_axis: str = "z",
                      saturated_label: str = "saturated") -> dict:
    """Each activation (top) above its derivative (bottom) on a shared z axis, with linked hover.

    Where a curve saturates is drawn as a lane of its own colour along the bottom of the derivative panel (one lane
    per curve, so three functions never blur into one tint), with a legend entry "<label>: <saturated_label>" that
    toggles together with its curve. ``probe`` draws a vertical line through both panels.
    """
    data, shapes = [], []
    for i, c in enumerate(curves):
        col = theme.color(i)
        data.append(dict(type="scatter", x=z, y=c.f, name=c.label, meta=f"f:{c.name}", legendgroup=c.name,
                         line=dict(color=col, width=3), hovertemplate="%{y:.4f}", xaxis="x", yaxis="y"))
        data.append(dict(type="scatter", x=z, y=c.df, name=f"{c.label}′", meta=f"df:{c.name}", legendgroup=c.name,
                         showlegend=False, line=dict(color=col, width=2.5, dash="dash"), hovertemplate="%{y:.4f}",
                         xaxis="x2", yaxis="y2"))
        y0 = 0.01 + i * (LANE + 0.01)
        for a, b in mask_runs(z, c.saturated):
            shapes.append(dict(type="rect", xref="x2", yref="y2 domain", x0=a, x1=b, y0=y0, y1=y0 + LANE,
                               fillcolor=col, opacity=0.45, line=dict(width=0), layer="below", name=f"saturated:{c.name}"))
    if probe is not None:
        for xref, yref in (("x", "y domain"), ("x2", "y2 domain")):
            shapes.append(dict(type="line", xref=xref, yref=yref, x0=probe, x1=probe, y0=0, y1=1,
                               line=dict(color=theme.NEUTRAL, width=1.5, dash="dot"), name="probe"))
    layout = dict(shapes=shapes, hovermode="x unified", height=560,
                  **theme.axes_grid(2, 1, vspace=0.06, shared_x=True))
    layout["yaxis"]["title"] = {"text": f_axis}
    layout["yaxis2"]["title"] = {"text": df_axis}
    layout["xaxis2"]["title"] = {"text": z_axis}
    # the lanes explained in the legend: one entry per curve, in its colour (no data, toggles with the curve)
    for i, c in enumerate(curves):
        if c.saturated.any():
            data.append(dict(type="scatter", x=[None], y=[None], mode="markers", legendgroup=c.name,
                             name=f"{c.label}: {saturated_label}", meta=f"legend:saturated:{c.name}",
                             marker=dict(symbol="square", size=14, color=theme.color(i), opacity=0.6),
                             hoverinfo="skip", xaxis="x2", yaxis="y2"))
    return theme.figure(data, layout, title=title)


def output_comparison(units: Sequence[str], series: Sequence[tuple[str, str, np.ndarray]], *, title: str = "",
                      y_axis: str = "") -> dict:
    """Grouped bars: one group per output unit, one bar per (meta id, label, values) series."""
    data = [dict(type="bar", x=list(units), y=np.asarray(values, dtype=float).ravel(), name=label, meta=meta,
                 marker=dict(color=theme.color(i)), hovertemplate="%{y:.6f}")
            for i, (meta, label, values) in enumerate(series)]
    return theme.figure(data, dict(barmode="group", height=360, xaxis={}, yaxis={}), title=title, y=y_axis)


def layer_histograms(centers: np.ndarray, shares: np.ndarray, layer_labels: Sequence[str], *,
                     title: str = "", x_axis: str = "", share_label: str = "share") -> dict:
    """Heat map of per-layer activation histograms: row = layer, column = value bin, colour = share of values.

    ``centers`` and ``shares`` come from ``nncore.histogram_shares`` (each row of ``shares`` sums to 1).
    """
    heat = dict(type="heatmap", x=centers, y=list(layer_labels), z=shares, colorscale=theme.SEQUENTIAL, meta="hist",
                colorbar=dict(title=dict(text=share_label), tickformat=".0%"),
                hovertemplate="%{y}<br>%{x:.3f}: %{z:.1%}<extra></extra>")
    layout = dict(height=80 + 34 * len(layer_labels), yaxis=dict(autorange="reversed", type="category"))
    return theme.figure([heat], layout, title=title, x=x_axis)


def layer_bars(layer_labels: Sequence[str], values: np.ndarray, *, meta: str, title: str = "", y_axis: str = "",
               log_y: bool = False, percent: bool = False) -> dict:
    """One bar per layer (gradient norms on a log axis, or dead-unit shares as percentages)."""
    values = np.asarray(values, dtype=float)
    bar = dict(type="bar", x=list(layer_labels), y=values, meta=meta, marker=dict(color=theme.color(0)),
               hovertemplate="%{x}: %{y:.1%}<extra></extra>" if percent else "%{x}: %{y:.4g}<extra></extra>")
    yaxis: dict = {}
    if log_y:
        yaxis.update(type="log", exponentformat="power")
    if percent:
        yaxis.update(tickformat=".0%", range=[0, 1])
    return theme.figure([bar], dict(height=340, xaxis={}, yaxis=yaxis), title=title, y=y_axis)


def training_race(epochs: np.ndarray, series: Sequence[tuple[str, str, np.ndarray]], *, title: str = "",
                  x_axis: str = "", y_axis: str = "") -> dict:
    """Loss by epoch of the same network trained with different hidden activations: one line per (activation
    name, label, losses); trace meta ``race:<name>``, colours in the order given."""
    data = [dict(type="scatter", x=epochs, y=np.asarray(loss, dtype=float), name=label, meta=f"race:{name}",
                 mode="lines", line=dict(color=theme.color(i), width=3), hovertemplate="%{y:.4f}")
            for i, (name, label, loss) in enumerate(series)]
    layout = dict(height=340, hovermode="x unified", xaxis={}, yaxis=dict(rangemode="tozero"))
    return theme.figure(data, layout, title=title, x=x_axis, y=y_axis)
