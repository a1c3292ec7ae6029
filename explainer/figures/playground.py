"""Figures of the Playground page: the output map with the data, the network with a map per neuron, loss curves,
confusion matrices and the data-set thumbnails. Pure builders: data in (all numbers from nncore), figure out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

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
    """Colour scale for :func:`nncore.lessons.playground.class_shade` values in [0, k): band c goes from a light tint
    (unsure) to class c's full colour (certain)."""
    scale = []
    for c, col in enumerate(class_colors(k)[:k]):
        lo, hi = c / k, (c + 1) / k
        scale += [[lo, _mix(col, 0.12)], [hi - 1e-9 if c < k - 1 else hi, _mix(col, 1.0)]]
    return scale


def value_scale() -> list:
    """Regression values: negative vermillion, 0 light, positive blue (use with zmid 0)."""
    return [[0.0, theme.NEGATIVE], [0.5, LIGHT], [1.0, theme.POSITIVE]]


def _figure(data: list, layout: dict, title: str | None = None, x: str | None = None,
            y: str | None = None) -> go.Figure:
    """A figure from plain dicts, built without Plotly's validation (these specs are fixed and tested, and are
    redrawn live: validation costs ~10× the build). The titles go straight into the layout — exactly what
    :func:`explainer.theme.style` sets (tested), without its ``update_layout`` pass (~1 ms per figure)."""
    if title is not None:
        layout["title"] = dict(layout.get("title", {}), text=title)
    for name, text in (("xaxis", x), ("yaxis", y)):
        if text is not None:
            axis = layout[name] = dict(layout.get(name, {}))
            axis["title"] = dict(axis.get("title", {}), text=text)
    return go.Figure(data=data, layout=layout, _validate=False)


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
    # z as float32: 7 significant digits are plenty for colours and a 3-decimal hover, and each live frame sends
    # half the bytes (40 KB instead of 80 KB for 100 × 100)
    data = [dict(type="heatmap", x=np.asarray(xs, dtype=float), y=np.asarray(ys, dtype=float),
                 z=np.asarray(z, dtype=np.float32), colorscale=scale, zmin=zmin, zmax=zmax, showscale=k < 3,
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
    # fixed margins, no automatic margins: redrawn several times a second, Plotly's margin computation (axis
    # labels, colour bar, legend pushing the margins) was the largest share of the browser's work per frame
    margin = dict(l=52, r=72 if k < 3 else 12, t=40 + (28 if show_test else 0), b=46, autoexpand=False)
    layout = dict(height=height, uirevision="map", showlegend=show_test, margin=margin,
                  xaxis=dict(range=[float(xs[0]), float(xs[-1])], zeroline=False, showgrid=False, constrain="domain",
                             automargin=False),
                  yaxis=dict(range=[float(ys[0]), float(ys[-1])], zeroline=False, showgrid=False, scaleanchor="x",
                             scaleratio=1, constrain="domain", automargin=False))
    return _figure(data, layout, title=title, x=x_axis, y=y_axis)


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
    return _figure(data, layout, title=title)  # up to ~60 heatmaps and ~400 links, redrawn live


def loss_curves(epochs: Sequence[int], train: Sequence[float], test: Sequence[float] | None, *, title: str = "",
                x_axis: str = "", y_axis: str = "", train_label: str = "train", test_label: str = "test",
                height: int = 260) -> go.Figure:
    """Train (``meta="train_loss"``) and test (``meta="test_loss"``) loss against the epoch."""
    mode = "lines+markers" if len(epochs) <= 20 else "lines"  # a single evaluation is still visible
    x = np.asarray(epochs, dtype=float)
    data = [dict(type="scatter", x=x, y=np.asarray(train, dtype=float), mode=mode, name=train_label,
                 meta="train_loss", line=dict(color=theme.color(0), width=2.5))]
    if test is not None and len(test):
        data.append(dict(type="scatter", x=x, y=np.asarray(test, dtype=float), mode=mode, name=test_label,
                         meta="test_loss", line=dict(color=theme.color(1), width=2.5, dash="dash")))
    layout = dict(height=height, uirevision="loss", margin=dict(l=10, r=10, t=60, b=10), hovermode="x unified",
                  yaxis=dict(rangemode="tozero"))
    return _figure(data, layout, title=title, x=x_axis, y=y_axis)


def confusion(C: np.ndarray, class_labels: Sequence[str], *, title: str = "", x_axis: str = "",
              y_axis: str = "", meta: str = "confusion", height: int = 260) -> go.Figure:
    """Confusion matrix C[i, j] (true class i, predicted class j) as an annotated heatmap."""
    C = np.asarray(C)
    labels = list(class_labels)
    data = [dict(type="heatmap", z=C, x=labels, y=labels, colorscale=theme.SEQUENTIAL, showscale=False, meta=meta,
                 text=C, texttemplate="%{text}",
                 hovertemplate=f"{y_axis}: %{{y}}<br>{x_axis}: %{{x}}<br>%{{z}}<extra></extra>")]
    layout = dict(height=height, margin=dict(l=10, r=10, t=50, b=10),
                  xaxis=dict(type="category", side="bottom"), yaxis=dict(type="category", autorange="reversed"))
    return _figure(data, layout, title=title, x=x_axis, y=y_axis)


def thumbnails(items: Sequence[tuple[str, str, np.ndarray, np.ndarray, int]], selected: str | None = None, *,
               cols: int = 3, cell: int = 92, title_px: int = 24, limit: float = 6.0) -> go.Figure:
    """The data sets as small pictures to click (TF Playground's thumbnails), ``cols`` per row.

    items are (name, label, X, y, k): k ≥ 2 colours the points by class, k = 0 by value (regression). Per data set:
    the points (``meta="thumb:<name>"``, not clickable) and one invisible square marker covering the whole picture
    (``meta="pick:<name>"``, customdata = the name): a click anywhere on a picture selects that point, and the
    page reads the data set's name from the selection. The selected one has a thick orange frame
    (shape ``frame:<name>``), the others a thin grey one; the labels are annotations above the pictures.
    """
    n = len(items)
    rows = max(1, -(-n // cols))
    margin = dict(l=2, r=2, t=2, b=2)
    height = rows * (cell + title_px) + margin["t"] + margin["b"]
    plot_h = height - margin["t"] - margin["b"]
    gap = 0.04
    width = (1.0 - gap * (cols - 1)) / cols
    data, shapes, annotations = [], [], []
    layout = dict(height=height, margin=margin, dragmode=False, clickmode="event+select", hovermode="closest",
                  showlegend=False, shapes=shapes, annotations=annotations)
    for i, (name, label, X, y, k) in enumerate(items):
        r, c = divmod(i, cols)
        suffix = "" if i == 0 else str(i + 1)
        x0 = c * (width + gap)
        top = 1.0 - (r * (cell + title_px) + title_px) / plot_h
        axis = dict(visible=False, range=[-limit, limit], fixedrange=True)
        layout[f"xaxis{suffix}"] = dict(axis, domain=[x0, x0 + width], anchor=f"y{suffix}")
        layout[f"yaxis{suffix}"] = dict(axis, domain=[max(top - cell / plot_h, 0.0), top], anchor=f"x{suffix}")
        if k >= 2:
            marker = dict(color=[class_colors(k)[int(v)] for v in y], size=3.5)
        else:
            # values near 0 are nearly white: a grey outline keeps every point visible
            marker = dict(color=np.asarray(y, dtype=float), colorscale=value_scale(), cmin=-1, cmax=1, size=4,
                          line=dict(color=theme.NEUTRAL, width=0.5))
        X = np.asarray(X, dtype=float)
        refs = dict(xaxis=f"x{suffix}", yaxis=f"y{suffix}")
        data.append(dict(type="scatter", x=X[:, 0], y=X[:, 1], mode="markers", marker=marker, hoverinfo="skip",
                         meta=f"thumb:{name}", unselected=dict(marker=dict(opacity=1)), **refs))
        data.append(dict(type="scatter", x=[0.0], y=[0.0], mode="markers", customdata=[name], meta=f"pick:{name}",
                         marker=dict(symbol="square", size=cell - 4, color="rgba(0,0,0,0)"),
                         selected=dict(marker=dict(opacity=0)), unselected=dict(marker=dict(opacity=0)),
                         hovertemplate=f"{label}<extra></extra>", **refs))
        chosen = name == selected
        shapes.append(dict(type="rect", xref=f"x{suffix} domain", yref=f"y{suffix} domain", x0=0, x1=1, y0=0, y1=1,
                           name=f"frame:{name}", layer="above",
                           line=dict(color=theme.OKABE_ITO["orange"] if chosen else theme.NEUTRAL,
                                     width=4 if chosen else 1)))
        annotations.append(dict(text=f"<b>{label}</b>" if chosen else label, x=x0 + width / 2, y=top, xref="paper",
                                yref="paper", xanchor="center", yanchor="bottom", showarrow=False,
                                font=dict(size=12)))
    return _figure(data, layout)
