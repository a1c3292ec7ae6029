"""Figures of the Backprop page: the computational graph, the training run (animated), symmetry, gradient check."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explainer import theme

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


def graph_layout(specs: Sequence[NodeSpec], layer_sizes: Sequence[int]) -> dict[str, tuple[float, float]]:
    """Positions (column, row) for every node: layers left to right, each unit's products and bias around its sum,
    nodes of one column pushed apart to at least :data:`GAP` (row grows downwards)."""
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
            pos[n] = (float(col), r + shift)
    return pos


def computational_graph(boxes: Sequence[NodeBox], edges: Sequence[tuple[str, str]],
                        highlight: Sequence[tuple[str, str]] = (), *, title: str = "",
                        legend: Mapping[str, str] | None = None) -> go.Figure:
    """Nodes as labelled boxes (annotations) over hoverable markers, edges parent → child as lines.

    The node trace (meta "nodes") carries ``customdata`` = [value, grad] per node (NaN where not shown) so tests can
    read exactly what is displayed; ``highlight`` edges (meta "edges:path") are drawn thick in vermillion.
    """
    at = {b.name: b for b in boxes}

    def segments(pairs):
        xs, ys = [], []
        for p, c in pairs:
            xs += [at[p].x, at[c].x, None]
            ys += [at[p].y, at[c].y, None]
        return xs, ys

    fig = go.Figure()
    xs, ys = segments(edges)
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", meta="edges", line=dict(color=theme.NEUTRAL, width=1.2),
                             hoverinfo="skip", showlegend=False))
    hx, hy = segments(highlight)
    fig.add_trace(go.Scatter(x=hx, y=hy, mode="lines", meta="edges:path", line=dict(color=PATH, width=4),
                             opacity=0.75, hoverinfo="skip", showlegend=False))
    custom = np.array([[np.nan if b.value is None else b.value, np.nan if b.grad is None else b.grad]
                       for b in boxes], dtype=float)
    fig.add_trace(go.Scatter(
        x=[b.x for b in boxes], y=[b.y for b in boxes], mode="markers", meta="nodes",
        ids=[b.name for b in boxes], customdata=custom, hovertext=[b.hover for b in boxes],
        hovertemplate="%{hovertext}<extra></extra>", showlegend=False,
        marker=dict(size=58, symbol="square", color="rgba(0,0,0,0)")))
    annotations = [dict(x=b.x, y=b.y, xref="x", yref="y", text=b.text, showarrow=False, align="center",
                        font=dict(size=12, color=TEXT if b.state != "pending" else MUTED),
                        bgcolor=BOX[b.state], bordercolor=CURRENT if b.current else "#6E6E6E",
                        borderwidth=3 if b.current else 1, borderpad=3, name=f"node:{b.name}")
                   for b in boxes]
    if legend:  # a key to the box colours (no data)
        for i, (state, text) in enumerate(legend.items()):
            fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=text, meta=f"legend:{state}",
                                     marker=dict(symbol="square", size=14, color=BOX[state],
                                                 line=dict(color="#6E6E6E", width=1)), hoverinfo="skip"))
    n_cols = max(b.x for b in boxes) + 1
    rows = [b.y for b in boxes]
    height = int(150 + 66 * (max(rows) - min(rows) + 1))
    fig.update_layout(annotations=annotations, height=max(height, 380), hovermode="closest",
                      hoverlabel=dict(align="left"))
    fig.update_xaxes(visible=False, range=[-0.6, n_cols - 0.4])
    fig.update_yaxes(visible=False, autorange="reversed")
    return theme.style(fig, title=title)


def training_run(X: np.ndarray, y: np.ndarray, grid: np.ndarray, epochs: np.ndarray, costs: np.ndarray,
                 fits: np.ndarray, *, title: str = "", data_label: str = "", fit_label: str = "",
                 cost_label: str = "", x_axis: str = "", y_axis: str = "", epoch_axis: str = "",
                 cost_axis: str = "", play: str = "▶", epoch_prefix: str = "") -> go.Figure:
    """The beans (left) with the network's fitted curve, and the cost curve (right), animated over the recorded
    snapshots (Plotly frames, played in the browser). The figure starts at the last snapshot."""
    fig = make_subplots(rows=1, cols=2, column_widths=[0.58, 0.42], horizontal_spacing=0.09)
    last = len(epochs) - 1
    fig.add_trace(go.Scatter(x=X, y=y, mode="markers", name=data_label, meta="beans",
                             marker=dict(color=theme.NEUTRAL, size=7, opacity=0.8),
                             hovertemplate="%{x:.3f}: %{y}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=grid, y=fits[last], mode="lines", name=fit_label, meta="fit",
                             line=dict(color=theme.color(0), width=3), hovertemplate="%{y:.4f}<extra></extra>"),
                  row=1, col=1)
    fig.add_trace(go.Scatter(x=epochs, y=costs, mode="lines", name=cost_label, meta="cost",
                             line=dict(color=theme.color(1), width=2.5),
                             hovertemplate="%{x}: %{y:.5f}<extra></extra>"), row=1, col=2)
    fig.add_trace(go.Scatter(x=[epochs[last]], y=[costs[last]], mode="markers", meta="cost:now", showlegend=False,
                             marker=dict(color=theme.color(1), size=11), hoverinfo="skip"), row=1, col=2)
    frames = [go.Frame(name=str(int(e)), traces=[1, 3],
                       data=[go.Scatter(x=grid, y=fits[k]), go.Scatter(x=[e], y=[costs[k]])])
              for k, e in enumerate(epochs)]
    fig.frames = frames
    steps = [dict(method="animate", label=str(int(e)),
                  args=[[str(int(e))], dict(mode="immediate", frame=dict(duration=0, redraw=False),
                                            transition=dict(duration=0))]) for e in epochs]
    fig.update_layout(
        height=460,
        updatemenus=[dict(type="buttons", showactive=False, x=0, y=-0.2, xanchor="left", yanchor="top",
                          buttons=[dict(label=play, method="animate",
                                        args=[None, dict(frame=dict(duration=60, redraw=False), fromcurrent=False,
                                                         transition=dict(duration=0), mode="immediate")])])],
        sliders=[dict(active=last, steps=steps, x=0.08, y=-0.12, len=0.9, xanchor="left", yanchor="top",
                      currentvalue=dict(prefix=epoch_prefix), pad=dict(t=20))],
        margin=dict(b=120))
    theme.style(fig, title=title)
    fig.update_xaxes(title_text=x_axis, row=1, col=1)
    fig.update_yaxes(title_text=y_axis, range=[-0.1, 1.1], row=1, col=1)
    fig.update_xaxes(title_text=epoch_axis, row=1, col=2)
    fig.update_yaxes(title_text=cost_axis, rangemode="tozero", row=1, col=2)
    return fig


def symmetry(steps: np.ndarray, panels: Sequence[tuple[str, str, np.ndarray]], *, title: str = "",
             unit_label: str = "unit {j}", x_axis: str = "", y_axis: str = "") -> go.Figure:
    """Side-by-side panels (meta id, panel title, values (s, n_units)): one line per hidden unit. With a symmetric
    start the lines lie on top of each other (drawn with different dashes so all of them stay visible)."""
    fig = make_subplots(rows=1, cols=len(panels), subplot_titles=[p[1] for p in panels], shared_yaxes=False,
                        horizontal_spacing=0.08)
    dashes = ("solid", "dash", "dot", "dashdot")
    for c, (meta, _, values) in enumerate(panels, start=1):
        values = np.asarray(values, dtype=float)
        for j in range(values.shape[1]):
            fig.add_trace(go.Scatter(x=steps, y=values[:, j], mode="lines", meta=f"{meta}:{j}",
                                     name=unit_label.format(j=j + 1), legendgroup=str(j), showlegend=c == 1,
                                     line=dict(color=theme.color(j), width=3.5 - 0.8 * j, dash=dashes[j % 4]),
                                     hovertemplate="%{x}: %{y:.5f}<extra></extra>"), row=1, col=c)
        fig.update_xaxes(title_text=x_axis, row=1, col=c)
    fig.update_yaxes(title_text=y_axis, row=1, col=1)
    theme.style(fig, title=title)
    fig.update_layout(height=410, margin=dict(t=120), legend=dict(y=1.16))  # legend above the panel titles
    return fig


def relative_errors(names: Sequence[str], errors: np.ndarray, ok: np.ndarray, tol: float, *, title: str = "",
                    y_axis: str = "", tol_label: str = "") -> go.Figure:
    """Relative error of every parameter entry on a log axis; bars that fail the check in vermillion."""
    errors = np.maximum(np.asarray(errors, dtype=float), 1e-16)  # a log axis cannot show an exact 0
    colors = [theme.POSITIVE if k else theme.NEGATIVE for k in ok]
    fig = go.Figure(go.Bar(x=list(names), y=errors, meta="rel_error", marker_color=colors,
                           hovertemplate="%{x}: %{y:.2e}<extra></extra>"))
    fig.add_hline(y=tol, line=dict(color=theme.NEUTRAL, dash="dash"), annotation_text=tol_label,
                  annotation_position="top left", name="tol")
    fig.update_yaxes(type="log", exponentformat="power", range=[-16.5, 0.5])
    fig.update_layout(height=330)
    return theme.style(fig, title=title, y=y_axis)
