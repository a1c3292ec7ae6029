"""Figures of the Forward-pass page: the network diagram of the step-through, timing bars, output comparison,
and the beans network (static and animated). Pure builders: data in, ``go.Figure`` out, no maths."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explainer import theme

HIGHLIGHT = theme.OKABE_ITO["orange"]
NODE_FILL = "#F2F2F2"  # opaque, so edges do not run through the numbers; dark text reads on it in both themes
NODE_TEXT = "#1A1A1A"
DIM = 0.18  # opacity of edges not yet reached


# ------------------------------------------------------------------------------------------ network diagram
@dataclass(frozen=True)
class NodeState:
    """What a node shows: its label, its value text (empty: not computed yet) and its hover lines."""

    label: str
    value: str
    hover: str
    lit: bool = False  # the node the current step computes


def node_positions(layer_sizes: Sequence[int]) -> list[list[tuple[float, float]]]:
    """(x, y) of every node: layer l at x = l, units spread evenly around y = 0 (unit 0 at the top)."""
    out = []
    for l, n in enumerate(layer_sizes):
        out.append([(float(l), (n - 1) / 2 - i) for i in range(n)])
    return out


def network_diagram(layer_sizes: Sequence[int], weights: Sequence[np.ndarray], nodes: Sequence[Sequence[NodeState]],
                    *, active_layer: int | None = None, reached_layer: int = 0, layer_names: Sequence[str] = (),
                    weight_label: str = "w", number_text: Callable[[float], str] = str,
                    title: str = "") -> go.Figure:
    """The network as nodes and edges; edge colour by the weight's sign, width by |w|, hover gives the exact w.

    ``weights[l]`` is the (n_l, n_{l+1}) matrix between layer l and l+1. Edges into layers 1 … ``reached_layer``
    are drawn solid; the edges into ``active_layer`` (the step shown now) are drawn thicker and the nodes with
    ``lit`` get an orange ring. ``number_text`` formats the weights written on the edges. Edge traces have ``meta`` "edge:<layer>:<i>:<j>" (layer = 1 for weights[0]),
    node traces "nodes:<layer>", the edge-weight labels "weights:<layer>".
    """
    pos = node_positions(layer_sizes)
    biggest = max((float(np.max(np.abs(W))) for W in weights if np.size(W)), default=1.0) or 1.0
    data = []  # one list and one Figure(...) call: adding traces one by one is several times slower
    for l, W in enumerate(weights, start=1):
        W = np.asarray(W, dtype=float)
        reached = l <= reached_layer
        active = l == active_layer
        lx, ly, ltext, lhover = [], [], [], []
        for i in range(W.shape[0]):
            for j in range(W.shape[1]):
                (x0, y0), (x1, y1) = pos[l - 1][i], pos[l][j]
                w = W[i, j]
                width = 1.0 + 7.0 * abs(w) / biggest
                color = theme.POSITIVE if w > 0 else theme.NEGATIVE if w < 0 else theme.NEUTRAL
                data.append(go.Scatter(
                    x=[x0, x1], y=[y0, y1], mode="lines", meta=f"edge:{l}:{i}:{j}", showlegend=False,
                    line=dict(color=color, width=width * (1.5 if active else 1.0)),
                    opacity=1.0 if active else 0.55 if reached else DIM, hoverinfo="skip",
                    customdata=[w, w]))
                # weight label a third of the way along the edge (away from where edges cross)
                lx.append(x0 + (x1 - x0) * 0.28)
                ly.append(y0 + (y1 - y0) * 0.28)
                ltext.append(w)
                lhover.append(f"{weight_label}<sub>{i + 1}{j + 1}</sub><sup>[{l}]</sup>")
        data.append(go.Scatter(
            x=lx, y=ly, mode="markers+text", meta=f"weights:{l}", showlegend=False,
            marker=dict(size=18, color="rgba(255,255,255,0)"), customdata=np.array(ltext),
            text=[f"<b>{number_text(v)}</b>" for v in ltext], textposition="top center",
            textfont=dict(size=15, color=[theme.POSITIVE if v > 0 else theme.NEGATIVE if v < 0 else theme.NEUTRAL
                                          for v in ltext]),
            hovertext=lhover, hovertemplate="%{hovertext} = %{customdata:.10~g}<extra></extra>",
            opacity=1.0 if reached or active else 0.5))
    for l, layer in enumerate(nodes):
        data.append(go.Scatter(
            x=[p[0] for p in pos[l]], y=[p[1] for p in pos[l]], mode="markers+text", meta=f"nodes:{l}",
            showlegend=False,
            marker=dict(size=74, color=NODE_FILL,
                        line=dict(color=[HIGHLIGHT if n.lit else theme.NEUTRAL for n in layer],
                                  width=[5 if n.lit else 1.5 for n in layer])),
            text=[f"<b>{n.label}</b><br>{n.value}" if n.value else f"<b>{n.label}</b>" for n in layer],
            textposition="middle center", textfont=dict(size=16, color=NODE_TEXT),
            hovertext=[n.hover for n in layer], hovertemplate="%{hovertext}<extra></extra>"))
    top = (max(layer_sizes) - 1) / 2
    annotations = [dict(x=float(l), y=top + 0.75, text=name, showarrow=False, font=dict(size=14))
                   for l, name in enumerate(layer_names)]
    layout = dict(template=theme.TEMPLATE_NAME, title=dict(text=title), height=240 + 110 * max(layer_sizes),
                  annotations=annotations, hovermode="closest", margin=dict(l=10, r=10, t=60, b=10),
                  xaxis=dict(visible=False, range=[-0.45, len(layer_sizes) - 0.55]),
                  yaxis=dict(visible=False, range=[-top - 0.6, top + 1.0]))
    return go.Figure(data=data, layout=layout)


# ------------------------------------------------------------------------------------------ vectorization
def timing_bars(labels: Sequence[str], seconds: Sequence[float], *, title: str = "", x_axis: str = "") -> go.Figure:
    """Horizontal bars of measured times (seconds, log axis): the per-example loop against the vectorized pass."""
    values = np.asarray(seconds, dtype=float)
    fig = go.Figure(go.Bar(y=list(labels), x=values, orientation="h", meta="timing",
                           marker_color=[theme.NEGATIVE, theme.POSITIVE][:len(values)],
                           texttemplate="%{x:.3s}s", textposition="auto",
                           hovertemplate="%{y}: %{x:.4~g} s<extra></extra>"))
    fig.update_layout(height=240)
    fig.update_xaxes(type="log", exponentformat="power")
    fig.update_yaxes(autorange="reversed")
    return theme.style(fig, title=title, x=x_axis)


# ------------------------------------------------------------------------------------------ collapse
def output_comparison(units: Sequence[str], series: Sequence[tuple[str, str, np.ndarray]], *, title: str = "",
                      y_axis: str = "") -> go.Figure:
    """Grouped bars: one group per output unit, one bar per (meta id, label, values) series."""
    fig = go.Figure()
    for i, (meta, label, values) in enumerate(series):
        fig.add_trace(go.Bar(x=list(units), y=np.asarray(values, dtype=float).ravel(), name=label, meta=meta,
                             marker_color=theme.color(i), hovertemplate="%{y:.10~g}<extra></extra>"))
    fig.update_layout(barmode="group", height=340)
    return theme.style(fig, title=title, y=y_axis)


# ------------------------------------------------------------------------------------------ beans
@dataclass(frozen=True)
class BeansLabels:
    """Translated texts of the beans figure."""

    title: str = ""
    x_axis: str = "x"
    hidden_axis: str = "h"
    sum_axis: str = "z"
    output_axis: str = "ŷ"
    h1: str = "h1"
    h2: str = "h2"
    term1: str = "v1·h1"
    term2: str = "v2·h2"
    weighted_sum: str = "z"
    output: str = "ŷ"
    beans: str = "beans"
    play: str = "Play"
    pause: str = "Pause"
    epoch: str = "epoch"


def _beans_layout(labels: BeansLabels) -> go.Figure:
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.07, row_heights=[0.3, 0.3, 0.4])
    fig.update_yaxes(title_text=labels.hidden_axis, range=[-0.05, 1.05], row=1, col=1)
    fig.update_yaxes(title_text=labels.sum_axis, row=2, col=1)
    fig.update_yaxes(title_text=labels.output_axis, range=[-0.08, 1.08], row=3, col=1)
    fig.update_xaxes(title_text=labels.x_axis, row=3, col=1)
    return fig


def _beans_curves(x, hidden, pre_output, output, terms=None, labels: BeansLabels = BeansLabels()) -> list:
    """The curve traces in the order (row, trace): h1, h2 | [v1h1, v2h2,] z | ŷ."""
    x = np.asarray(x, dtype=float).ravel()
    hidden = np.asarray(hidden, dtype=float)
    traces = [
        (1, go.Scatter(x=x, y=hidden[:, 0], name=labels.h1, meta="h1", line=dict(color=theme.color(0), width=3))),
        (1, go.Scatter(x=x, y=hidden[:, 1], name=labels.h2, meta="h2", line=dict(color=theme.color(1), width=3))),
    ]
    if terms is not None:
        terms = np.asarray(terms, dtype=float)
        traces += [
            (2, go.Scatter(x=x, y=terms[:, 0], name=labels.term1, meta="term1",
                           line=dict(color=theme.color(0), width=2, dash="dot"))),
            (2, go.Scatter(x=x, y=terms[:, 1], name=labels.term2, meta="term2",
                           line=dict(color=theme.color(1), width=2, dash="dot"))),
        ]
    traces += [
        (2, go.Scatter(x=x, y=np.asarray(pre_output, dtype=float).ravel(), name=labels.weighted_sum, meta="z_out",
                       line=dict(color=theme.color(4), width=3))),
        (3, go.Scatter(x=x, y=np.asarray(output, dtype=float).ravel(), name=labels.output, meta="output",
                       line=dict(color=theme.color(2), width=4))),
    ]
    return traces


def _add(fig: go.Figure, traces: list) -> None:
    for row, tr in traces:
        tr.update(hovertemplate="x = %{x:.3f}<br>%{fullData.name} = %{y:.6~g}<extra></extra>")
        fig.add_trace(tr, row=row, col=1)


def _add_beans(fig: go.Figure, X, y, labels: BeansLabels) -> None:
    fig.add_trace(go.Scatter(x=np.asarray(X, dtype=float).ravel(), y=np.asarray(y, dtype=float).ravel(),
                             mode="markers", name=labels.beans, meta="beans",
                             marker=dict(size=7, color=theme.NEUTRAL, opacity=0.75),
                             hovertemplate="x = %{x:.3f}, y = %{y:.0f}<extra></extra>"), row=3, col=1)


def beans_network(x, hidden, pre_output, output, terms, X, y, *, labels: BeansLabels = BeansLabels()) -> go.Figure:
    """Top: each hidden neuron's curve h₁(x), h₂(x). Middle: its weighted terms v₁h₁, v₂h₂ and their sum
    z = v₁h₁ + v₂h₂ + c. Bottom: ŷ = σ(z), the hill, over the beans (X, y)."""
    fig = _beans_layout(labels)
    _add(fig, _beans_curves(x, hidden, pre_output, output, terms, labels))
    _add_beans(fig, X, y, labels)
    fig.update_layout(height=700, hovermode="x unified")
    return theme.style(fig, title=labels.title)


def beans_animation(x, hidden, terms, pre_output, output, epochs, X, y, frame_titles: Sequence[str], *,
                    labels: BeansLabels = BeansLabels(), frame_ms: int = 120) -> go.Figure:
    """The fit as a Plotly animation: frame k shows ``hidden[k]``, ``terms[k]``, ``pre_output[k]``, ``output[k]``
    (snapshots the engine recorded at ``epochs[k]``); played in the browser with a play button and an epoch slider.

    Frames are named by their epoch; each frame updates the six curve traces (meta h1, h2, term1, term2, z_out,
    output). The figure opens on the last frame.
    """
    hidden, terms, pre_output, output = (np.asarray(a, dtype=float) for a in (hidden, terms, pre_output, output))
    last = len(epochs) - 1
    fig = _beans_layout(labels)
    _add(fig, _beans_curves(x, hidden[last], pre_output[last], output[last], terms[last], labels))
    _add_beans(fig, X, y, labels)
    frames = []
    for k, epoch in enumerate(epochs):
        frames.append(go.Frame(
            name=str(int(epoch)), traces=[0, 1, 2, 3, 4, 5],
            data=[go.Scatter(y=hidden[k][:, 0]), go.Scatter(y=hidden[k][:, 1]), go.Scatter(y=terms[k][:, 0]),
                  go.Scatter(y=terms[k][:, 1]), go.Scatter(y=pre_output[k]), go.Scatter(y=output[k])],
            layout=dict(title_text=frame_titles[k])))
    fig.frames = frames
    play = dict(frame=dict(duration=frame_ms, redraw=True), fromcurrent=True, transition=dict(duration=0),
                mode="immediate")
    fig.update_layout(
        height=720, hovermode="x unified", title_text=frame_titles[last],
        updatemenus=[dict(type="buttons", direction="left", x=0.0, y=-0.13, xanchor="left", yanchor="top",
                          showactive=False, pad=dict(t=0, r=10),
                          buttons=[dict(label="▶ " + labels.play, method="animate", args=[None, play]),
                                   dict(label="⏸ " + labels.pause, method="animate",
                                        args=[[None], dict(frame=dict(duration=0, redraw=False), mode="immediate",
                                                           transition=dict(duration=0))])])],
        sliders=[dict(active=last, x=0.22, len=0.78, y=-0.11, yanchor="top", pad=dict(t=0),
                      currentvalue=dict(prefix=labels.epoch + " "),
                      steps=[dict(label=str(int(e)), method="animate",
                                  args=[[str(int(e))], dict(frame=dict(duration=0, redraw=True), mode="immediate",
                                                            transition=dict(duration=0))]) for e in epochs])],
        margin=dict(b=150))
    theme.style(fig)
    return fig
