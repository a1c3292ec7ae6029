"""Figures of the Backprop page: the computational graph, the gradient check, the training run (animated in the
browser), Gaussian initialisation and symmetry. Pure builders: data in (every number from nncore), a plain dict out
(``theme.figure``). Texts inside a figure are short and sized so that lecture mode (fonts ×18/13, at least 18 px)
and a 390 px phone still fit them; the title is drawn above the chart by ``Page.chart``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from explainer import fmt, theme

# box colours of a node (light boxes with dark text read the same in the light and dark themes)
BOX = {
    "pending": "#EFEFEF",     # not computed yet
    "given": "#DCEBF7",       # inputs and the target
    "param": "#FCEBC7",       # weights and biases
    "forward": "#FFFFFF",     # computed by the forward pass
    "grad": "#DDF2E8",        # its gradient ∂J/∂node is known
}
TEXT = "#1F1F1F"
MUTED = "#8A8A8A"
CURRENT = theme.OKABE_ITO["vermillion"]
PATH = theme.OKABE_ITO["vermillion"]
GAP = 1.0  # vertical distance between two nodes of a column
NODE_FONT = 13  # px of a node's text (lecture mode: 18 px); every size below is chosen so that lecture mode fits
COLUMN_PX = 86   # px per node spacing across: the widest box (a product, "w⁽²⁾₂₁ • a⁽¹⁾₁") and a gap; a chart
#                 narrower than this scrolls sideways (explainer.charts) instead of drawing its boxes over each other
COMPACT_COLUMN_PX = 70  # the same for a phone's top-to-bottom graph, whose products are written "×"
ROW_PX = 74     # px per row of nodes: three lines of 18 px text in lecture mode (× 1.25 there) keep clear of the next
PANEL_FONT = 14


@dataclass(frozen=True)
class NodeSpec:
    """What the layout needs of a node: its structure only (no values)."""

    name: str
    kind: str
    layer: int
    unit: int
    source: int
    parents: tuple


@dataclass(frozen=True)
class NodeBox:
    """One drawn node: position, the text in its box, its hover text and state (a key of :data:`BOX`)."""

    name: str
    x: float
    y: float
    text: str
    hover: str
    state: str
    current: bool = False
    value: float | None = None  # the forward value shown (None while pending)
    grad: float | None = None   # ∂J/∂node shown (None before the backward pass reaches it)


def _column(spec: NodeSpec, n_layers: int) -> int:
    """Four columns per layer l: activations of layer l − 1 (the inputs for l = 1), the layer's parameters, its
    products, its sums; then the output activation, the target and loss, the cost."""
    base = 4 * (spec.layer - 1)
    if spec.kind == "input":
        return 0
    if spec.kind in ("weight", "bias"):
        return base + 1
    if spec.kind == "product":
        return base + 2
    if spec.kind == "sum":
        return base + 3
    if spec.kind == "activation":
        return 4 * spec.layer
    if spec.kind == "target":
        return 4 * n_layers
    return 4 * n_layers + (1 if spec.kind == "loss" else 2)


def graph_layout(specs: Sequence[NodeSpec], layer_sizes: Sequence[int],
                 vertical: bool = False) -> dict[str, tuple[float, float]]:
    """Positions (x, y) for every node: layers left to right (x = column, y = row, growing downwards), each unit's
    products and bias around its sum, nodes of one column pushed apart to at least :data:`GAP`. ``vertical`` turns
    the graph a quarter: layers top to bottom (x = row, y = column), which is what fits a phone's narrow screen."""
    L = len(layer_sizes) - 1
    by_name = {s.name: s for s in specs}
    centre: dict[tuple[int, int], float] = {}
    for l in range(1, L + 1):
        n, fan_in = layer_sizes[l], layer_sizes[l - 1]
        step = (fan_in + 1) * GAP
        for j in range(n):
            centre[(l, j)] = (j - (n - 1) / 2) * step
    want: dict[str, float] = {}
    for s in specs:
        if s.kind in ("product", "weight"):
            fan_in = layer_sizes[s.layer - 1]
            want[s.name] = centre[(s.layer, s.unit)] + (s.source - (fan_in - 1) / 2 - 0.5) * GAP
        elif s.kind == "bias":
            fan_in = layer_sizes[s.layer - 1]
            want[s.name] = centre[(s.layer, s.unit)] + (fan_in / 2) * GAP
        elif s.kind in ("sum", "activation"):
            want[s.name] = centre[(s.layer, s.unit)]
        elif s.kind == "target":
            want[s.name] = centre[(L, 0)] + GAP
        elif s.kind in ("loss", "cost"):
            want[s.name] = centre[(L, 0)]
    for s in specs:  # inputs: at the mean of the products they feed
        if s.kind == "input":
            rows = [want[c.name] for c in specs if c.kind == "product" and c.layer == 1 and c.source == s.source]
            want[s.name] = float(np.mean(rows)) if rows else 0.0
    columns: dict[int, list[str]] = {}
    for s in specs:
        columns.setdefault(_column(s, L), []).append(s.name)
    pos = {}
    for col, names in columns.items():
        names = sorted(names, key=lambda n: (want[n], by_name[n].kind != "activation"))
        rows: list[float] = []
        for n in names:
            rows.append(want[n] if not rows else max(want[n], rows[-1] + GAP))
        shift = float(np.mean([want[n] for n in names]) - np.mean(rows))
        for n, r in zip(names, rows):
            pos[n] = (r + shift, float(col)) if vertical else (float(col), r + shift)
    return pos


def computational_graph(boxes: Sequence[NodeBox], edges: Sequence[tuple[str, str]],
                        highlight: Sequence[tuple[str, str]] = (), *, title: str = "",
                        legend: Mapping[str, str] | None = None, compact: bool = False) -> dict:
    """Nodes as labelled boxes (annotations, explicit font size) over hoverable markers, edges parent → child as lines.
    ``compact`` (a phone) writes the boxes in the smallest size, 12 px.

    The node trace (meta "nodes") carries ``customdata`` = [value, grad] per node (NaN where not shown) so tests can
    read exactly what is displayed; ``highlight`` edges (meta "edges:path") are drawn thick in vermillion. The height
    grows with the number of rows (:data:`ROW_PX` per row) so that lecture mode's 18 px labels never overlap; the
    width never goes below :data:`COLUMN_PX` per node spacing (``layout.meta.min_width``: a narrow window scrolls the
    chart sideways).
    """
    at = {b.name: b for b in boxes}

    def segments(pairs):
        xs, ys = [], []
        for p, c in pairs:
            xs += [at[p].x, at[c].x, None]
            ys += [at[p].y, at[c].y, None]
        return xs, ys

    xs, ys = segments(edges)
    hx, hy = segments(highlight)
    custom = np.array([[np.nan if b.value is None else b.value, np.nan if b.grad is None else b.grad]
                       for b in boxes], dtype=float)
    data = [
        dict(type="scatter", x=xs, y=ys, mode="lines", meta="edges", line=dict(color=theme.NEUTRAL, width=1.2),
             hoverinfo="skip", showlegend=False),
        dict(type="scatter", x=hx, y=hy, mode="lines", meta="edges:path", line=dict(color=PATH, width=4),
             opacity=0.75, hoverinfo="skip", showlegend=False),
        dict(type="scatter", x=[b.x for b in boxes], y=[b.y for b in boxes], mode="markers", meta="nodes",
             ids=[b.name for b in boxes], customdata=custom, hovertext=[b.hover for b in boxes],
             hovertemplate="%{hovertext}<extra></extra>", showlegend=False,
             marker=dict(size=40, symbol="square", color="rgba(0,0,0,0)")),
    ]
    annotations = [dict(x=b.x, y=b.y, xref="x", yref="y", text=b.text, showarrow=False, align="center",
                        font=dict(size=12 if compact else NODE_FONT, color=TEXT if b.state != "pending" else MUTED),
                        bgcolor=BOX[b.state], bordercolor=CURRENT if b.current else "#6E6E6E",
                        borderwidth=3 if b.current else 1, borderpad=2, name=f"node:{b.name}")
                   for b in boxes]
    for state, text in (legend or {}).items():  # a key to the box colours (no data)
        data.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=text, meta=f"legend:{state}",
                         marker=dict(symbol="square", size=14, color=BOX[state], line=dict(color="#6E6E6E", width=1)),
                         hoverinfo="skip"))
    xs = [b.x for b in boxes]
    rows = [b.y for b in boxes]
    height = int(110 + ROW_PX * (max(rows) - min(rows) + 1))
    span = max(xs) - min(xs) + 1.2  # the x range below, in node spacings; any narrower, the boxes would overlap
    min_width = round((COMPACT_COLUMN_PX if compact else COLUMN_PX) * span)
    layout = dict(annotations=annotations, height=max(height, 360), hovermode="closest", meta=dict(min_width=min_width),
                  hoverlabel=dict(align="left"), legend=dict(font=dict(size=13)),
                  xaxis=dict(visible=False, range=[min(xs) - 0.6, max(xs) + 0.6], fixedrange=True),
                  yaxis=dict(visible=False, autorange="reversed", fixedrange=True),
                  margin=dict(l=4, r=4, b=4))
    return theme.figure(data, layout, title=title)


def relative_errors(names: Sequence[str], errors: np.ndarray, ok: np.ndarray, tol: float, *, title: str = "",
                    y_axis: str = "", tol_label: str = "") -> dict:
    """Relative error of every parameter entry on a log axis; bars that fail the check in vermillion; the tolerance
    as a dashed line (its label in the legend, where it never clips)."""
    errors = np.maximum(np.asarray(errors, dtype=float), 1e-16)  # a log axis cannot show an exact 0
    colors = [theme.POSITIVE if k else theme.NEGATIVE for k in ok]
    data = [dict(type="bar", x=list(names), y=errors, meta="rel_error", marker=dict(color=colors),
                 showlegend=False, hovertemplate="%{x}: %{y:.2e}<extra></extra>"),
            dict(type="scatter", x=[names[0], names[-1]] if len(names) else [], y=[tol, tol], mode="lines",
                 meta="tol", name=tol_label, line=dict(color=theme.NEUTRAL, dash="dash", width=2),
                 hoverinfo="skip")]
    layout = dict(height=330, showlegend=bool(tol_label), xaxis=dict(type="category"),
                  yaxis=dict(type="log", exponentformat="power", range=[-16.5, 0.5], dtick=2))
    return theme.figure(data, layout, title=title, y=y_axis)


def training_run(X: np.ndarray, y: np.ndarray, grid: np.ndarray, epochs: np.ndarray, costs: np.ndarray,
                 fits: np.ndarray, *, title: str = "", data_label: str = "", fit_label: str = "",
                 cost_label: str = "", x_axis: str = "", y_axis: str = "", epoch_axis: str = "",
                 cost_axis: str = "", play: str = "▶", epoch_prefix: str = "") -> dict:
    """The beans with the network's fitted curve (top) and the cost curve (bottom), animated over the recorded
    snapshots (Plotly frames of plain dicts, played in the browser: no server work). Starts at the last snapshot."""
    last = len(epochs) - 1
    data = [
        dict(type="scatter", x=X, y=y, mode="markers", name=data_label, meta="beans",
             marker=dict(color=theme.NEUTRAL, size=7, opacity=0.8), hovertemplate="%{x:.3f}: %{y}<extra></extra>",
             xaxis="x", yaxis="y"),
        dict(type="scatter", x=grid, y=fits[last], mode="lines", name=fit_label, meta="fit",
             line=dict(color=theme.color(0), width=3), hovertemplate="%{y:.4f}<extra></extra>", xaxis="x", yaxis="y"),
        dict(type="scatter", x=epochs, y=costs, mode="lines", name=cost_label, meta="cost",
             line=dict(color=theme.color(1), width=2.5), hovertemplate="%{x}: %{y:.5f}<extra></extra>",
             xaxis="x2", yaxis="y2"),
        dict(type="scatter", x=[epochs[last]], y=[costs[last]], mode="markers", meta="cost:now", showlegend=False,
             marker=dict(color=theme.color(1), size=11), hoverinfo="skip", xaxis="x2", yaxis="y2"),
    ]
    frames = [dict(name=str(int(e)), traces=[1, 3],
                   data=[dict(type="scatter", x=grid, y=fits[k]), dict(type="scatter", x=[e], y=[costs[k]])])
              for k, e in enumerate(epochs)]
    steps = [dict(method="animate", label=str(int(e)),
                  args=[[str(int(e))], dict(mode="immediate", frame=dict(duration=0, redraw=False),
                                            transition=dict(duration=0))]) for e in epochs]
    grid_axes = theme.axes_grid(2, 1, vspace=0.16)
    grid_axes["xaxis"]["title"] = {"text": x_axis}
    grid_axes["yaxis"].update(title={"text": y_axis}, range=[-0.1, 1.1])
    grid_axes["xaxis2"]["title"] = {"text": epoch_axis}
    grid_axes["yaxis2"].update(title={"text": cost_axis}, rangemode="tozero")
    layout = dict(
        height=640, margin=dict(b=130),
        updatemenus=[dict(type="buttons", showactive=False, x=0, y=-0.1, xanchor="left", yanchor="top",
                          buttons=[dict(label=play, method="animate",
                                        args=[None, dict(frame=dict(duration=60, redraw=False), fromcurrent=False,
                                                         transition=dict(duration=0), mode="immediate")])])],
        # one tick per snapshot: their labels would pile up (51 of them), so only the current epoch is written
        sliders=[dict(active=last, steps=steps, x=0, y=-0.17, len=1.0, xanchor="left", yanchor="top",
                      font=dict(color="rgba(0,0,0,0)"), currentvalue=dict(prefix=epoch_prefix, font=dict(size=14, color=theme.NEUTRAL)),
                      pad=dict(t=10))],
        **grid_axes)
    return {**theme.figure(data, layout, title=title), "frames": frames}


def init_histogram(edges: np.ndarray, shares: np.ndarray, expected: np.ndarray, sigma: float,
                   within: Sequence[float], *, title: str = "", x_axis: str = "", y_axis: str = "",
                   band_label: str = "±{k}σ: {share}", expected_label: str = "N(0, σ²)") -> dict:
    """Histogram of initial weights (share of all weights per bin) with the bands ±σ, ±2σ, ±3σ shaded behind it and
    the normal distribution's share per bin as a line; each band's legend entry quotes its measured share
    (``within[k − 1]``)."""
    centers = (edges[:-1] + edges[1:]) / 2
    width = float(edges[1] - edges[0])
    data = [dict(type="bar", x=centers, y=shares, width=width, meta="hist", name=y_axis, showlegend=False,
                 marker=dict(color=theme.color(0), line=dict(width=0)),
                 hovertemplate="%{x:.4g}: %{y:.2%}<extra></extra>"),
            dict(type="scatter", x=centers, y=expected, mode="lines", meta="normal", name=expected_label,
                 line=dict(color=theme.NEUTRAL, width=2.5), hovertemplate="%{x:.4g}: %{y:.2%}<extra></extra>")]
    shapes = []
    band_colours = (theme.OKABE_ITO["orange"], theme.OKABE_ITO["sky_blue"], theme.OKABE_ITO["reddish_purple"])
    for k in (3, 2, 1):  # widest first, so the narrower bands lie on top
        shapes.append(dict(type="rect", xref="x", yref="y domain", x0=-k * sigma, x1=k * sigma, y0=0, y1=1,
                           fillcolor=band_colours[k - 1], opacity=0.16, line=dict(width=0), layer="below",
                           name=f"band:{k}"))
    for k in (1, 2, 3):
        data.append(dict(type="scatter", x=[None], y=[None], mode="markers", meta=f"legend:band:{k}",
                         name=band_label.format(k=k, share=fmt.percent(within[k - 1], 2)),
                         marker=dict(symbol="square", size=14, color=band_colours[k - 1], opacity=0.5),
                         hoverinfo="skip"))
    layout = dict(height=400, shapes=shapes, bargap=0, legend=dict(traceorder="normal"),
                  yaxis=dict(tickformat=".1%", rangemode="tozero"), xaxis=dict(exponentformat="power"))
    return theme.figure(data, layout, title=title, x=x_axis, y=y_axis)


SYMMETRY_PANEL_PX = 260  # the narrowest panel of the symmetry grid: its axis title and tick labels fit


def symmetry(steps: np.ndarray, panels: Sequence[tuple[str, str, np.ndarray, np.ndarray]], *, title: str = "",
             unit_label: str = "unit {j}", x_axis: str = "", weight_axis: str = "", grad_axis: str = "",
             stacked: bool = False) -> dict:
    """A grid of panels: one column per start (meta id, column label, weights (s, n) at ``steps`` (s,), gradients
    (s − 1, n) at ``steps[:-1]``), the weights in the top row and their gradients below; one line per hidden unit.
    With a symmetric start the lines lie on top of each other (drawn with different dashes so every one stays
    visible). ``stacked`` (a phone): one column, each start's weights above its gradients, the starts one below the
    other — two columns side by side did not fit a phone's width, and a swipe over the chart panned its data instead
    of scrolling it into view."""
    cols = len(panels)
    if stacked:
        # subplot n of start c: its weights 2c + 1, its gradients 2c + 2
        layout: dict = dict(height=300 * 2 * cols, **theme.axes_grid(2 * cols, 1, vspace=0.07 / cols * 2))
    else:
        # never narrower than SYMMETRY_PANEL_PX a panel: on a narrow window the grid scrolls sideways instead of
        # printing the two axis titles over each other and the right panel's tick labels into the left one
        layout = dict(height=600, meta=dict(min_width=SYMMETRY_PANEL_PX * cols),
                      **theme.axes_grid(2, cols, hspace=0.14, vspace=0.14, shared_x=False))
    dashes = ("solid", "dash", "dot", "dashdot")
    data, notes = [], []
    for c, (meta, label, weights, grads) in enumerate(panels):
        for row, (values, kind, x) in enumerate(((weights, "w", steps), (grads, "g", steps[:-1]))):
            n = 2 * c + row + 1 if stacked else row * cols + c + 1
            ax = "" if n == 1 else str(n)
            values = np.asarray(values, dtype=float)
            for j in range(values.shape[1]):
                data.append(dict(type="scatter", x=x, y=values[:, j], mode="lines",
                                 meta=f"{meta}:{j}" if kind == "w" else f"{meta}:grad:{j}",
                                 name=unit_label.format(j=j + 1), legendgroup=str(j), showlegend=n == 1,
                                 line=dict(color=theme.color(j), width=3.5 - 0.8 * j, dash=dashes[j % 4]),
                                 hovertemplate="%{x}: %{y:.5f}<extra></extra>", xaxis=f"x{ax}", yaxis=f"y{ax}"))
            if stacked or c == 0:  # side by side, the left column's axis titles serve the row
                layout[f"yaxis{ax}"]["title"] = {"text": weight_axis if kind == "w" else grad_axis}
            if row == 1 and (not stacked or c == cols - 1):
                layout[f"xaxis{ax}"]["title"] = {"text": x_axis}
        top = "" if (2 * c + 1 if stacked else c + 1) == 1 else str(2 * c + 1 if stacked else c + 1)
        notes.append(dict(text=f"<b>{label}</b>", xref=f"x{top} domain", x=0, xanchor="left", yref=f"y{top} domain",
                          y=1.0, yanchor="bottom", showarrow=False, font=dict(size=PANEL_FONT), name="panel_label"))
    layout["annotations"] = notes
    layout["legend"] = dict(orientation="h", yanchor="bottom", y=1.0 + (0.03 if stacked else 0.08), xanchor="left",
                            x=0)
    layout["margin"] = dict(t=70)
    return theme.figure(data, layout, title=title)
