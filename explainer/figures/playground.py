"""Figures of the Playground page: the output map with the data, the network with a map per neuron, loss curves,
confusion matrices and the data-set thumbnails. Pure builders: data in (all numbers from nncore), figure out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explainer import theme

CLASS_COLORS = (theme.NEGATIVE, theme.POSITIVE, theme.OKABE_ITO["bluish_green"], theme.OKABE_ITO["orange"],
                theme.OKABE_ITO["reddish_purple"])
LIGHT = "#F7F7F7"
UNIT = 1.0  # side of a neuron's square in network coordinates
COL_GAP, ROW_GAP = 2.4, 1.35


def class_colors(k: int) -> tuple[str, ...]:
    """Colours of classes 0 … k−1 (binary: class 0 vermillion, class 1 blue, as TF's orange/blue)."""
    return CLASS_COLORS[:max(k, 2)]


def _mix(hex_color: str, share: float) -> str:
    """``share`` of the colour on a light background, as an rgb() string (a colour tint, for the scales)."""
    c = hex_color.lstrip("#")
    rgb = [int(c[i:i + 2], 16) for i in (0, 2, 4)]
    bg = [int(LIGHT[i:i + 2], 16) for i in (1, 3, 5)]
    return "rgb({},{},{})".format(*(round(b + (v - b) * share) for v, b in zip(rgb, bg)))


def binary_scale() -> list:
    """P(class 1) from 0 (class 0's colour) through a light 0.5 to 1 (class 1's colour)."""
    return [[0.0, theme.NEGATIVE], [0.5, LIGHT], [1.0, theme.POSITIVE]]


def banded_scale(k: int) -> list:
    """Colour scale for :func:`nncore.playground.class_shade` values in [0, k): band c goes from a light tint
    (unsure) to class c's full colour (certain)."""
    scale = []
    for c, col in enumerate(class_colors(k)[:k]):
        lo, hi = c / k, (c + 1) / k
        scale += [[lo, _mix(col, 0.12)], [hi - 1e-9 if c < k - 1 else hi, _mix(col, 1.0)]]
    return scale


def value_scale() -> list:
    """Regression values: negative vermillion, 0 light, positive blue (use with zmid 0)."""
    return [[0.0, theme.NEGATIVE], [0.5, LIGHT], [1.0, theme.POSITIVE]]


@dataclass(frozen=True)
class Points:
    """Data points to draw: X (m, 2) and labels y (class index) or values (regression)."""

    X: np.ndarray
    y: np.ndarray


def output_map(xs: np.ndarray, ys: np.ndarray, z: np.ndarray, *, k: int, train: Points, test: Points | None = None,
               zrange: tuple[float, float] = (-1.0, 1.0), title: str = "", x_axis: str = "x₁", y_axis: str = "x₂",
               value_label: str = "", train_label: str = "train", test_label: str = "test",
               height: int = 460) -> go.Figure:
    """The network's output over the input square as a heatmap (``meta="map"``) with the training points
    (``meta="train"``, white outline) and optionally the test points (``meta="test"``, dark outline).

    ``k`` = 2: z is P(class 1) ∈ [0, 1]; k ≥ 3: z from ``class_shade`` ∈ [0, k); k = 0: regression values, coloured
    on ``zrange`` around 0.
    """
    if k >= 3:
        scale, zmin, zmax = banded_scale(k), 0.0, float(k)
    elif k == 2:
        scale, zmin, zmax = binary_scale(), 0.0, 1.0
    else:
        scale, zmin, zmax = value_scale(), zrange[0], zrange[1]
    data = [dict(type="heatmap", x=np.asarray(xs, dtype=float), y=np.asarray(ys, dtype=float),
                 z=np.asarray(z, dtype=float), colorscale=scale, zmin=zmin, zmax=zmax, showscale=k < 3,
                 meta="map", opacity=0.85, zsmooth=False,
                 colorbar=dict(thickness=10, len=0.8, title=dict(text=value_label, side="right")),
                 hovertemplate="x₁ %{x:.2f}, x₂ %{y:.2f}<br>%{z:.3f}<extra></extra>")]
    show_test = test is not None and len(test.X) > 0
    for pts, meta, label, outline in ((train, "train", train_label, "white"), (test, "test", test_label, "#222222")):
        if pts is None or len(pts.X) == 0:
            continue
        if k >= 2:
            colors = [class_colors(k)[int(c)] for c in pts.y]
            marker = dict(color=colors, size=6.5, line=dict(color=outline, width=1.2))
        else:
            marker = dict(color=np.asarray(pts.y, dtype=float), colorscale=value_scale(), cmin=zrange[0],
                          cmax=zrange[1], size=6.5, line=dict(color=outline, width=1.2))
        data.append(dict(type="scatter", x=np.asarray(pts.X[:, 0], dtype=float), y=np.asarray(pts.X[:, 1], dtype=float),
                         mode="markers", marker=marker, meta=meta, name=label,
                         customdata=np.asarray(pts.y), hovertemplate=f"{label}: %{{customdata}}<extra></extra>"))
    layout = dict(height=height, uirevision="map", showlegend=show_test, margin=dict(l=10, r=10, t=40, b=10),
                  xaxis=dict(range=[float(xs[0]), float(xs[-1])], zeroline=False, showgrid=False, constrain="domain"),
                  yaxis=dict(range=[float(ys[0]), float(ys[-1])], zeroline=False, showgrid=False, scaleanchor="x",
                             scaleratio=1, constrain="domain"))
    # built without Plotly's validation (the spec is fixed above and tested): ~10× faster, it is redrawn live
    fig = go.Figure(data=data, layout=layout, _validate=False)
    return theme.style(fig, title=title, x=x_axis, y=y_axis)


@dataclass(frozen=True)
class Unit:
    """One neuron in the drawing: layer l (0 = inputs), index j, label, its map and its bias (None for inputs)."""

    layer: int
    index: int
    label: str
    map: np.ndarray
    bias: float | None


def unit_positions(sizes: Sequence[int]) -> list[list[tuple[float, float]]]:
    """Centre (x, y) of every unit: layer l at x = l·COL_GAP; each column centred on y = 0, unit 0 on top."""
    return [[(l * COL_GAP, ((n - 1) / 2 - j) * ROW_GAP) for j in range(n)] for l, n in enumerate(sizes)]


def network(units: Sequence[Sequence[Unit]], links: Sequence[np.ndarray], *, link_mode: str = "weight",
            selected: tuple[int, int] | None = None, layer_titles: Sequence[str] = (), title: str = "",
            link_label: str = "w", bias_label: str = "b", map_range: tuple[float, float] = (-1.0, 1.0)) -> go.Figure:
    """The network drawn as TF Playground does: a small heatmap per neuron (its output over the input square),
    links between consecutive layers coloured by sign and sized by magnitude of ``links[l]`` (the weights
    W[l] (n_l, n_{l+1}) or their gradients, ``link_mode``), a bias square at each neuron's lower left.

    Traces: one heatmap per unit (``meta="unit:l:j"``), ``meta="links"`` (hover points at the link midpoints;
    customdata = the values, in row-major order of each W[l], layer by layer), ``meta="biases"``,
    ``meta="units"`` (clickable centres, customdata "l:j"). Links are layout shapes named ``"link:l:i:j"``.
    """
    sizes = [len(col) for col in units]
    pos = unit_positions(sizes)
    half = UNIT / 2
    data = []
    scale = value_scale()
    for col, col_pos in zip(units, pos):
        for u, (x, y) in zip(col, col_pos):
            res = u.map.shape[0]
            d = UNIT / res
            # float32 is plenty for a 25×25 thumbnail's colours and halves what each frame sends
            data.append(dict(type="heatmap", z=np.asarray(u.map, dtype=np.float32), x0=x - half + d / 2, dx=d,
                             y0=y - half + d / 2, dy=d, colorscale=scale, zmin=map_range[0], zmax=map_range[1],
                             zsmooth=False, showscale=False, hoverinfo="skip", meta=f"unit:{u.layer}:{u.index}"))
    shapes, mid_x, mid_y, values, hover = [], [], [], [], []
    peak = max((float(np.max(np.abs(W))) for W in links if np.size(W)), default=0.0) or 1.0
    for l, W in enumerate(links):
        W = np.asarray(W, dtype=float)
        for i in range(W.shape[0]):
            x0, y0 = pos[l][i]
            for j in range(W.shape[1]):
                x1, y1 = pos[l + 1][j]
                v = float(W[i, j])
                share = abs(v) / peak
                shapes.append(dict(type="line", x0=x0 + half, y0=y0, x1=x1 - half, y1=y1, layer="below",
                                   line=dict(color=theme.POSITIVE if v >= 0 else theme.NEGATIVE,
                                             width=0.6 + 6.0 * share), opacity=0.35 + 0.6 * share,
                                   name=f"link:{l}:{i}:{j}"))
                mid_x.append((x0 + half + x1 - half) / 2)
                mid_y.append((y0 + y1) / 2)
                values.append(v)
                hover.append(f"{units[l][i].label} → {units[l + 1][j].label}")
    if values:
        data.append(dict(type="scatter", x=mid_x, y=mid_y, mode="markers", meta="links", customdata=values,
                         text=hover, marker=dict(size=9, color="rgba(0,0,0,0)"), showlegend=False,
                         hovertemplate=f"%{{text}}<br>{link_label} = %{{customdata:.4f}}<extra></extra>"))
    bx, by, bv, bt = [], [], [], []
    for col, col_pos in zip(units[1:], pos[1:]):
        for u, (x, y) in zip(col, col_pos):
            bx.append(x - half - 0.12)
            by.append(y - half + 0.12)
            bv.append(u.bias)
            bt.append(u.label)
    data.append(dict(type="scatter", x=bx, y=by, mode="markers", meta="biases", customdata=bv, text=bt,
                     showlegend=False, marker=dict(symbol="square", size=9, color=bv, colorscale=scale, cmin=-1,
                                                   cmax=1, line=dict(color=theme.NEUTRAL, width=1)),
                     hovertemplate=f"%{{text}}<br>{bias_label} = %{{customdata:.4f}}<extra></extra>"))
    cx = [x for col in pos for x, _ in col]
    cy = [y for col in pos for _, y in col]
    ids = [f"{u.layer}:{u.index}" for col in units for u in col]
    labels = [u.label for col in units for u in col]
    data.append(dict(type="scatter", x=cx, y=cy, mode="markers", meta="units", customdata=ids, text=labels,
                     showlegend=False, marker=dict(size=34, symbol="square", color="rgba(0,0,0,0)"),
                     hovertemplate="%{text}<extra></extra>"))
    if selected is not None:
        l, j = selected
        if 0 <= l < len(pos) and 0 <= j < len(pos[l]):
            x, y = pos[l][j]
            shapes.append(dict(type="rect", x0=x - half - 0.08, x1=x + half + 0.08, y0=y - half - 0.08,
                               y1=y + half + 0.08, line=dict(color=theme.OKABE_ITO["orange"], width=3),
                               name="selected"))
    annotations = [dict(x=l * COL_GAP, y=max(cy) + half + 0.15, text=text, showarrow=False, yanchor="bottom",
                        font=dict(size=12)) for l, text in enumerate(layer_titles)]
    annotations += [dict(x=x - half - 0.2, y=y, text=u.label, showarrow=False, xanchor="right", font=dict(size=12))
                    for u, (x, y) in zip(units[0], pos[0])]
    tallest = max(sizes)
    layout = dict(shapes=shapes, annotations=annotations, height=int(110 + 62 * tallest), showlegend=False,
                  uirevision="network", margin=dict(l=10, r=10, t=50, b=10), dragmode=False, clickmode="event+select",
                  xaxis=dict(visible=False, range=[-1.9, (len(sizes) - 1) * COL_GAP + 0.9], fixedrange=True),
                  yaxis=dict(visible=False, range=[min(cy) - 0.9, max(cy) + 1.0], fixedrange=True))
    # built without Plotly's validation (fixed, tested spec; up to ~60 heatmaps and ~400 links redrawn live)
    fig = go.Figure(data=data, layout=layout, _validate=False)
    return theme.style(fig, title=title)


def loss_curves(epochs: Sequence[int], train: Sequence[float], test: Sequence[float] | None, *, title: str = "",
                x_axis: str = "", y_axis: str = "", train_label: str = "train", test_label: str = "test",
                height: int = 260) -> go.Figure:
    """Train (``meta="train_loss"``) and test (``meta="test_loss"``) loss against the epoch."""
    mode = "lines+markers" if len(epochs) <= 20 else "lines"  # a single evaluation is still visible
    fig = go.Figure(go.Scatter(x=list(epochs), y=list(train), mode=mode, name=train_label, meta="train_loss",
                               line=dict(color=theme.color(0), width=2.5)))
    if test is not None and len(test):
        fig.add_trace(go.Scatter(x=list(epochs), y=list(test), mode=mode, name=test_label, meta="test_loss",
                                 line=dict(color=theme.color(1), width=2.5, dash="dash")))
    fig.update_layout(height=height, uirevision="loss", margin=dict(l=10, r=10, t=60, b=10), hovermode="x unified")
    fig.update_yaxes(rangemode="tozero")
    return theme.style(fig, title=title, x=x_axis, y=y_axis)


def confusion(C: np.ndarray, class_labels: Sequence[str], *, title: str = "", x_axis: str = "",
              y_axis: str = "", meta: str = "confusion", height: int = 260) -> go.Figure:
    """Confusion matrix C[i, j] (true class i, predicted class j) as an annotated heatmap."""
    C = np.asarray(C)
    fig = go.Figure(go.Heatmap(z=C, x=list(class_labels), y=list(class_labels), colorscale=theme.SEQUENTIAL,
                               showscale=False, meta=meta, text=C, texttemplate="%{text}",
                               hovertemplate=f"{y_axis}: %{{y}}<br>{x_axis}: %{{x}}<br>%{{z}}<extra></extra>"))
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=50, b=10))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", side="bottom")
    return theme.style(fig, title=title, x=x_axis, y=y_axis)


def thumbnails(items: Sequence[tuple[str, str, np.ndarray, np.ndarray, int]], selected: str | None = None,
               height: int = 150) -> go.Figure:
    """One small scatter per data set: items are (name, label, X, y, k); ``meta="thumb:<name>"``; the selected
    one is framed. Clicking a point selects that data set (the page reads ``customdata`` = its name)."""
    n = len(items)
    fig = make_subplots(rows=1, cols=n, horizontal_spacing=0.02, subplot_titles=[label for _, label, *_ in items])
    for c, (name, _, X, y, k) in enumerate(items, start=1):
        if k >= 2:
            marker = dict(color=np.array(class_colors(k))[np.asarray(y, dtype=np.int64)], size=3)
        else:
            marker = dict(color=y, colorscale=value_scale(), cmin=-1, cmax=1, size=3)
        fig.add_trace(go.Scatter(x=X[:, 0], y=X[:, 1], mode="markers", marker=marker, meta=f"thumb:{name}",
                                 customdata=[name] * len(X), hoverinfo="skip", showlegend=False), row=1, col=c)
    fig.update_xaxes(visible=False, range=[-6.2, 6.2], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-6.2, 6.2], fixedrange=True)
    shapes = []
    for c, (name, *_) in enumerate(items, start=1):
        xref = "x domain" if c == 1 else f"x{c} domain"
        yref = "y domain" if c == 1 else f"y{c} domain"
        chosen = name == selected
        shapes.append(dict(type="rect", xref=xref, yref=yref, x0=0, x1=1, y0=0, y1=1, name=f"frame:{name}",
                           line=dict(color=theme.OKABE_ITO["orange"] if chosen else theme.NEUTRAL,
                                     width=3.5 if chosen else 1)))
    fig.update_layout(shapes=shapes, height=height, margin=dict(l=4, r=4, t=28, b=4), dragmode=False,
                      clickmode="event+select")
    fig.update_annotations(font_size=12)
    return theme.style(fig)
