"""Figures of the Neuron page (plain dicts, see ``theme.figure``): the M-P neuron diagram, the perceptron's plane and
error count, XOR in the input and hidden planes, a single neuron on 1-D data. Pure builders: data in, a dict out;
no maths."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from explainer import theme

CLASS_COLORS = {1: theme.POSITIVE, 0: theme.NEGATIVE}
CLASS_SYMBOLS = {1: "circle", 0: "x"}
REGION_SCALE = ((0.0, "rgba(213,94,0,0.22)"), (0.5, "rgba(242,242,242,0.0)"), (1.0, "rgba(0,114,178,0.22)"))
HIGHLIGHT = theme.OKABE_ITO["orange"]
MARK_COLOR = theme.OKABE_ITO["reddish_purple"]


def _point_traces(X: np.ndarray, y01: np.ndarray, class_names: Sequence[str], meta: str, *, axes=("x", "y"),
                  size: int = 13, showlegend: bool = True) -> list[dict]:
    """One scatter trace per class (1 first), ``meta`` = f"{meta}:{label}"; customdata = row index."""
    X, y01 = np.asarray(X, float), np.asarray(y01)
    out = []
    for label in (1, 0):
        idx = np.flatnonzero(y01 == label)
        out.append(dict(
            type="scatter", x=X[idx, 0], y=X[idx, 1], mode="markers", name=class_names[label], meta=f"{meta}:{label}",
            legendgroup=f"class{label}", showlegend=showlegend, customdata=idx, xaxis=axes[0], yaxis=axes[1],
            marker=dict(color=CLASS_COLORS[label], symbol=CLASS_SYMBOLS[label], size=size,
                        line=dict(width=2, color=CLASS_COLORS[label])),
            hovertemplate="#%{customdata}: (%{x:.4~g}, %{y:.4~g})<extra></extra>"))
    return out


# ------------------------------------------------------------------------------------------ M-P neuron
@dataclass(frozen=True)
class MPLabels:
    """Texts of the M-P diagram (translated by the page)."""

    dendrites: str
    body: str
    axon: str
    fires: str
    silent: str
    dendrites_role: str = ""  # a second line under each name: what that part does
    body_role: str = ""
    axon_role: str = ""


def mp_diagram(inputs: Sequence[float], weights: Sequence[float], threshold: float, weighted_sum: float,
               output: int, labels: MPLabels, *, number_text: Callable[[float], str] = str, title: str = "") -> dict:
    """Inputs → weighted edges → cell body (Σ, θ) → output, with the biological names above each part.

    Edge colour = sign of the weight (blue ≥ 0, vermillion < 0), width grows with |w|. The body node's customdata
    holds (Σ, θ); the output node's holds the output.
    """
    n = len(inputs)
    ys = np.linspace(1.0, -1.0, n) if n > 1 else np.zeros(1)
    data, notes = [], []
    for i, (w, yy) in enumerate(zip(weights, ys)):
        color = theme.POSITIVE if w >= 0 else theme.NEGATIVE
        data.append(dict(type="scatter", x=[0.0, 2.0], y=[yy, 0.0], mode="lines", meta=f"edge:{i + 1}",
                         showlegend=False, customdata=[w, w], line=dict(color=color, width=1.5 + 2.5 * abs(float(w))),
                         hovertemplate=f"w{i + 1} = %{{customdata:.4~g}}<extra></extra>"))
        # on the side of the edge away from it: above an edge that falls to the body, below one that rises
        below = yy < 0
        notes.append(dict(x=0.7, y=yy * 0.65 + (-0.1 if below else 0.1), xanchor="left",
                          yanchor="top" if below else "bottom", text=f"w<sub>{i + 1}</sub> = {number_text(w)}",
                          showarrow=False, font=dict(size=17, color=color), bgcolor="rgba(255,255,255,0.8)"))
    data.append(dict(type="scatter", x=[2.0, 3.6], y=[0.0, 0.0], mode="lines", meta="axon", showlegend=False,
                     line=dict(color=theme.NEUTRAL, width=3), hoverinfo="skip"))
    data.append(dict(
        type="scatter", x=np.zeros(n), y=ys, mode="markers+text", meta="inputs", showlegend=False,
        customdata=list(inputs), text=[f"x<sub>{i + 1}</sub> = {number_text(v)}" for i, v in enumerate(inputs)],
        textposition="middle left", textfont=dict(size=17), marker=dict(size=30, color=theme.OKABE_ITO["sky_blue"]),
        hovertemplate="%{text}<extra></extra>"))
    fired = int(output) == 1
    data.append(dict(
        type="scatter", x=[2.0], y=[0.0], mode="markers+text", meta="body", showlegend=False,
        customdata=[[weighted_sum, threshold]],
        text=[f"Σ = {number_text(weighted_sum)}<br>θ = {number_text(threshold)}"], textposition="bottom center",
        textfont=dict(size=16), marker=dict(size=70, color=theme.OKABE_ITO["bluish_green"], opacity=0.85),
        hovertemplate="Σ = %{customdata[0]:.4~g}, θ = %{customdata[1]:.4~g}<extra></extra>"))
    data.append(dict(
        type="scatter", x=[3.6], y=[0.0], mode="markers+text", meta="output", showlegend=False, customdata=[output],
        text=[f"y = {int(output)}<br>{labels.fires if fired else labels.silent}"], textposition="middle right",
        textfont=dict(size=17), marker=dict(size=36, color=HIGHLIGHT if fired else theme.NEUTRAL, symbol="circle"),
        hovertemplate="y = %{customdata}<extra></extra>"))
    # name and role on two short lines: three labels side by side fit a phone
    for x, name, role in ((0.0, labels.dendrites, labels.dendrites_role), (2.0, labels.body, labels.body_role),
                          (3.6, labels.axon, labels.axon_role)):
        text = f"<i>{name}</i><br>{role}" if role else f"<i>{name}</i>"
        notes.append(dict(x=x, y=1.35, yanchor="bottom", text=text, showarrow=False,
                          font=dict(size=13, color=theme.NEUTRAL)))
    layout = dict(annotations=notes, height=380, margin=dict(l=10, r=10, t=20, b=10),
                  xaxis=dict(visible=False, range=[-1.5, 5.0], fixedrange=True),
                  yaxis=dict(visible=False, range=[-1.4, 1.9], fixedrange=True))
    return theme.figure(data, layout, title=title)


# ------------------------------------------------------------------------------------------ perceptron
def perceptron_plane(X: np.ndarray, y01: np.ndarray, bounds: tuple[float, float], *, line=None, previous_line=None,
                     region: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
                     misclassified: np.ndarray | None = None, used: int | None = None,
                     class_names: Sequence[str] = ("0", "1"), line_label: str = "w·x + b = 0",
                     previous_label: str = "before", misclassified_label: str = "misclassified",
                     used_label: str = "used", x_axis: str = "x₁", y_axis: str = "x₂", title: str = "") -> dict:
    """The 2-D input plane: the perceptron's half-planes (``region`` = (xs, ys, predictions ±1)), the points by
    class, rings around misclassified points, a large ring on the point the last update ``used``, the decision
    line (meta "line") and the line before the update (meta "line:before", dashed)."""
    data = []
    if region is not None:
        xs, ys, pred = region
        data.append(dict(type="heatmap", x=xs, y=ys, z=pred, zmin=-1, zmax=1, colorscale=REGION_SCALE,
                         showscale=False, meta="region", hoverinfo="skip"))
    if previous_line is not None:
        data.append(dict(type="scatter", x=previous_line.x, y=previous_line.y, mode="lines", name=previous_label,
                         meta="line:before", line=dict(color=theme.NEUTRAL, width=2, dash="dash"), hoverinfo="skip"))
    if line is not None:
        data.append(dict(type="scatter", x=line.x, y=line.y, mode="lines", name=line_label, meta="line",
                         line=dict(color=MARK_COLOR, width=3.5), hoverinfo="skip"))
    data += _point_traces(X, y01, class_names, "points")
    X = np.asarray(X, float)
    if misclassified is not None and np.any(misclassified):
        idx = np.flatnonzero(misclassified)
        data.append(dict(type="scatter", x=X[idx, 0], y=X[idx, 1], mode="markers", name=misclassified_label,
                         meta="misclassified", customdata=idx,
                         marker=dict(size=24, symbol="circle-open", color=theme.NEGATIVE, line=dict(width=2)),
                         hovertemplate="#%{customdata}<extra></extra>"))
    if used is not None:
        data.append(dict(type="scatter", x=[X[used, 0]], y=[X[used, 1]], mode="markers", name=used_label,
                         meta="used", customdata=[used],
                         marker=dict(size=36, symbol="circle-open", color=HIGHLIGHT, line=dict(width=4)),
                         hovertemplate="#%{customdata}<extra></extra>"))
    layout = dict(height=480, xaxis=dict(range=list(bounds), constrain="domain"),
                  yaxis=dict(range=list(bounds), scaleanchor="x", scaleratio=1))  # legend above (the template's)
    return theme.figure(data, layout, title=title, x=x_axis, y=y_axis)


def error_counts(errors: np.ndarray, step: int, *, cycle: tuple[int, int] | None = None, x_axis: str = "",
                 y_axis: str = "", current_label: str = "now", cycle_label: str = "cycle", title: str = "") -> dict:
    """Misclassified points after each update (meta "errors"), the current step (meta "current") and, if a state
    came back, the first period of the cycle shaded (``cycle`` = (start, length))."""
    errors = np.asarray(errors)
    k = np.arange(errors.size)
    data = [dict(type="scatter", x=k, y=errors, mode="lines+markers", meta="errors", name=y_axis,
                 line=dict(color=theme.color(0), width=2), marker=dict(size=5),
                 hovertemplate="%{x}: %{y}<extra></extra>"),
            dict(type="scatter", x=[step], y=[errors[step]], mode="markers", meta="current", name=current_label,
                 marker=dict(size=14, color=HIGHLIGHT, line=dict(width=2, color=theme.NEUTRAL)),
                 hovertemplate="%{x}: %{y}<extra></extra>")]
    shapes, notes = [], []
    if cycle is not None:
        start, length = cycle
        shapes.append(dict(type="rect", xref="x", yref="y domain", x0=start, x1=start + length, y0=0, y1=1,
                           fillcolor=theme.OKABE_ITO["yellow"], opacity=0.25, line=dict(width=0), layer="below",
                           name="cycle"))
        notes.append(dict(x=start + length / 2, y=1, yref="y domain", text=cycle_label, showarrow=False,
                          yanchor="bottom"))
    yaxis = dict(rangemode="tozero")
    if errors.max(initial=0) <= 8:
        yaxis["dtick"] = 1
    # update numbers from 0 (a lone point sat in the middle of −1…1), with room for the first and last markers;
    # whole numbers while there are few
    last, pad = max(errors.size - 1, 1), max(0.3, 0.02 * errors.size)
    xaxis = dict(range=[-pad, last + pad])
    if errors.size <= 10:
        xaxis["dtick"] = 1
    layout = dict(height=280, showlegend=False, margin=dict(l=10, r=10, t=30, b=10), shapes=shapes,
                  annotations=notes, xaxis=xaxis, yaxis=yaxis)
    return theme.figure(data, layout, title=title, x=x_axis, y=y_axis)


# ------------------------------------------------------------------------------------------ XOR
LABEL_TEXT = "#1A1A1A"  # dark labels: the planes' shading is light in both themes
_HEAT = dict(type="heatmap", zmin=0, zmax=1, colorscale=theme.DIVERGING, zmid=0.5, opacity=0.55, showscale=False,
             zsmooth="fast", hovertemplate="(%{x:.2f}, %{y:.2f}) → %{z:.3f}<extra></extra>")


def _grid_trace(lines: np.ndarray, meta: str) -> dict:
    """A family of polylines (k, points, 2) as one trace, broken by NaN between the lines."""
    xs = np.concatenate([np.append(seg[:, 0], np.nan) for seg in lines])
    ys = np.concatenate([np.append(seg[:, 1], np.nan) for seg in lines])
    return dict(type="scatter", x=xs, y=ys, mode="lines", meta=meta, showlegend=False, hoverinfo="skip",
                line=dict(color=theme.NEUTRAL, width=1.3), opacity=0.9)


def _square_layout(x_range, y_range, x_title: str, y_title: str) -> dict:
    return dict(height=430,  # legend above the plot (the template's): it never meets the axis title
                xaxis=dict(range=list(x_range), title=dict(text=x_title), constrain="domain"),
                yaxis=dict(range=list(y_range), title=dict(text=y_title), scaleanchor="x", scaleratio=1))


def xor_input_plane(view, y01: np.ndarray, *, class_names: Sequence[str] = ("0", "1"),
                    axes: Sequence[str] = ("x₁", "x₂"), title: str = "") -> dict:
    """The input plane: the network's output as the decision region (meta "region"), the grid lines (meta
    "grid") and the 4 points (meta "input:<label>"). ``view`` is an ``nncore.lessons.neuron.XorView``."""
    data = [dict(x=view.xx[0], y=view.yy[:, 0], z=view.output, meta="region", **_HEAT),
            _grid_trace(view.grid_lines, "grid")]
    data += _point_traces(view.trace.A[0], y01, class_names, "input", size=15)
    layout = _square_layout((float(view.xx.min()), float(view.xx.max())), (float(view.yy.min()), float(view.yy.max())),
                            axes[0], axes[1])
    return theme.figure(data, layout, title=title)


def xor_hidden_plane(view, y01: np.ndarray, *, class_names: Sequence[str] = ("0", "1"), boundary_label: str = "",
                     point_names: Sequence[str] = (), axes: Sequence[str] = ("h₁", "h₂"), title: str = "") -> dict:
    """The hidden plane: the input plane's grid lines after the hidden layer (meta "warped"), the output unit's
    half-planes (meta "hidden_region") and straight boundary (meta "hidden_line"), and the 4 points at their hidden
    activations (meta "hidden:<label>").

    ``point_names`` (one per point, e.g. "(0, 1)") label the points (meta "hidden_names"): points that
    ``view.coinciding`` says land (almost) on the same spot get one joint label "(0, 0) + (1, 1)" and a ring
    around them (meta "coincide"), so none of the four is hidden. Nothing is moved: every point is drawn where the
    network puts it.
    """
    data = [dict(x=view.hidden_xx[0], y=view.hidden_yy[:, 0], z=view.hidden_output, meta="hidden_region", **_HEAT),
            _grid_trace(view.warped_lines, "warped")]
    if view.hidden_line is not None:
        data.append(dict(type="scatter", x=view.hidden_line.x, y=view.hidden_line.y, mode="lines", meta="hidden_line",
                         name=boundary_label, line=dict(color=MARK_COLOR, width=3.5), hoverinfo="skip"))
    H = np.asarray(view.trace.A[1], float)
    data += _point_traces(H, y01, class_names, "hidden", size=15)
    for i, j in view.coinciding:
        mid = (H[i] + H[j]) / 2
        data.append(dict(type="scatter", x=[mid[0]], y=[mid[1]], mode="markers", meta="coincide", showlegend=False,
                         customdata=[[i, j]], marker=dict(size=34, symbol="circle-open", color=HIGHLIGHT,
                                                          line=dict(width=3)), hoverinfo="skip", cliponaxis=False))
    if point_names:
        groups: list[list[int]] = [[i] for i in range(len(H))]  # points drawn at (almost) the same spot
        for i, j in view.coinciding:
            gi = next(g for g in groups if i in g)
            gj = next(g for g in groups if j in g)
            if gi is not gj:
                gi.extend(gj)
                groups.remove(gj)
        firsts = [min(g) for g in groups]
        texts = [" + ".join(point_names[k] for k in sorted(g)) for g in groups]
        # each label points into the plane: above a point in its lower half, below one in its upper half, to the
        # left of a point in its right half — never off the chart
        mid_x, mid_y = (float(np.mean(b)) for b in view.hidden_bounds)
        positions = [("top" if H[i, 1] < mid_y else "bottom") + (" left" if H[i, 0] > mid_x else " right")
                     for i in firsts]
        data.append(dict(type="scatter", x=H[firsts, 0], y=H[firsts, 1], mode="markers+text", meta="hidden_names",
                         text=texts, textposition=positions, textfont=dict(size=14, color=LABEL_TEXT),
                         marker=dict(size=26, color="rgba(0,0,0,0)"), showlegend=False, hoverinfo="skip",
                         cliponaxis=False))
    layout = _square_layout(view.hidden_bounds[0], view.hidden_bounds[1], axes[0], axes[1])
    return theme.figure(data, layout, title=title)


# ------------------------------------------------------------------------------------------ single neuron
def single_neuron_fit(x: np.ndarray, y: np.ndarray, grid_x: np.ndarray, grid_y: np.ndarray, *,
                      boundary: float | None = None, data_label: str = "data", fit_label: str = "fit",
                      boundary_label: str = "ŷ = 0.5", x_axis: str = "x", y_axis: str = "y", title: str = "") -> dict:
    """Data points (meta "data"), the neuron's output on a grid (meta "fit") and, for the sigmoid neuron, the
    point where ŷ = 0.5 (meta "boundary", a vertical dotted line)."""
    data = [dict(type="scatter", x=np.asarray(x, float).ravel(), y=np.asarray(y, float).ravel(), mode="markers",
                 name=data_label, meta="data", marker=dict(size=9, color=theme.color(0), opacity=0.8),
                 hovertemplate="(%{x:.4~g}, %{y:.4~g})<extra></extra>"),
            dict(type="scatter", x=np.asarray(grid_x, float).ravel(), y=np.asarray(grid_y, float).ravel(),
                 mode="lines", name=fit_label, meta="fit", line=dict(color=theme.color(1), width=3.5),
                 hovertemplate="ŷ(%{x:.3f}) = %{y:.4f}<extra></extra>")]
    shapes = []
    if boundary is not None:
        shapes.append(dict(type="line", xref="x", yref="y domain", x0=boundary, x1=boundary, y0=0, y1=1,
                           name="boundary", line=dict(color=theme.NEUTRAL, width=2, dash="dot")))
        data.append(dict(type="scatter", x=[boundary], y=[0.5], mode="markers", meta="boundary", name=boundary_label,
                         marker=dict(size=12, color=HIGHLIGHT, symbol="diamond"),
                         hovertemplate="x = %{x:.4f}<extra></extra>"))
    return theme.figure(data, dict(height=420, shapes=shapes), title=title, x=x_axis, y=y_axis)
