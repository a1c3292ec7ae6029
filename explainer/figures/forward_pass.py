"""Figures of the Forward-pass page (plain dicts, see ``theme.figure``): the network diagram of the step-through,
timing bars, output comparison, universal approximation, and the beans network (static and animated). Pure
builders: data in, a dict out, no maths."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from explainer import theme

HIGHLIGHT = theme.OKABE_ITO["orange"]
NODE_FILL = "#F2F2F2"  # opaque, so edges do not run through the numbers; dark text reads on it in both themes
NODE_TEXT = "#1A1A1A"
NODE_SIZE = 86  # px: a node holds its name and a value as wide as "a = -0.9933" at NODE_FONT
NODE_FONT = 14
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
                    weight_label: str = "w", number_text: Callable[[float], str] = str, title: str = "") -> dict:
    """The network as nodes and edges; edge colour by the weight's sign, width by |w|, hover gives the exact w.

    ``weights[l]`` is the (n_l, n_{l+1}) matrix between layer l and l+1. Edges into layers 1 … ``reached_layer``
    are drawn solid; the edges into ``active_layer`` (the step shown now) are drawn thicker and the nodes with
    ``lit`` get an orange ring. ``number_text`` formats the weights written on the edges. Edge traces have ``meta``
    "edge:<layer>:<i>:<j>" (layer = 1 for weights[0]), node traces "nodes:<layer>", the edge-weight labels
    "weights:<layer>".
    """
    pos = node_positions(layer_sizes)
    biggest = max((float(np.max(np.abs(W))) for W in weights if np.size(W)), default=1.0) or 1.0
    data, labels = [], []  # the weights' labels are drawn last: a narrow chart puts one over a node's rim, not under
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
                data.append(dict(
                    type="scatter", x=[x0, x1], y=[y0, y1], mode="lines", meta=f"edge:{l}:{i}:{j}", showlegend=False,
                    line=dict(color=color, width=width * (1.5 if active else 1.0)),
                    opacity=1.0 if active else 0.55 if reached else DIM, hoverinfo="skip", customdata=[w, w]))
                # weight label 40 % along the edge: clear of the node, before the middle where edges cross
                lx.append(x0 + (x1 - x0) * 0.4)
                ly.append(y0 + (y1 - y0) * 0.4)
                ltext.append(w)
                lhover.append(f"{weight_label}<sub>{i + 1}{j + 1}</sub><sup>[{l}]</sup>")
        labels.append(dict(
            type="scatter", x=lx, y=ly, mode="markers+text", meta=f"weights:{l}", showlegend=False,
            marker=dict(size=18, color="rgba(255,255,255,0)"), customdata=np.array(ltext),
            text=[f"<b>{number_text(v)}</b>" for v in ltext], textposition="top center",
            textfont=dict(size=15, color=[theme.POSITIVE if v > 0 else theme.NEGATIVE if v < 0 else theme.NEUTRAL
                                          for v in ltext]),
            hovertext=lhover, hovertemplate="%{hovertext} = %{customdata:.10~g}<extra></extra>",
            opacity=1.0 if reached or active else 0.5))
    for l, layer in enumerate(nodes):
        data.append(dict(
            type="scatter", x=[p[0] for p in pos[l]], y=[p[1] for p in pos[l]], mode="markers+text",
            meta=f"nodes:{l}", showlegend=False,
            marker=dict(size=NODE_SIZE, color=NODE_FILL,
                        line=dict(color=[HIGHLIGHT if n.lit else theme.NEUTRAL for n in layer],
                                  width=[5 if n.lit else 1.5 for n in layer])),
            text=[f"<b>{n.label}</b><br>{n.value}" if n.value else f"<b>{n.label}</b>" for n in layer],
            textposition="middle center", textfont=dict(size=NODE_FONT, color=NODE_TEXT),
            hovertext=[n.hover for n in layer], hovertemplate="%{hovertext}<extra></extra>"))
    data += labels
    top = (max(layer_sizes) - 1) / 2
    annotations = [dict(x=float(l), y=top + 0.75, text=name, showarrow=False, font=dict(size=14))
                   for l, name in enumerate(layer_names)]
    layout = dict(height=240 + 110 * max(layer_sizes), annotations=annotations, hovermode="closest",
                  margin=dict(l=10, r=10, t=10, b=10),
                  xaxis=dict(visible=False, range=[-0.5, len(layer_sizes) - 0.5], fixedrange=True),
                  yaxis=dict(visible=False, range=[-top - 0.6, top + 1.0], fixedrange=True))
    return theme.figure(data, layout, title=title)


# ------------------------------------------------------------------------------------------ vectorization
def timing_bars(labels: Sequence[str], seconds: Sequence[float], *, title: str = "", x_axis: str = "") -> dict:
    """Horizontal bars of measured times (seconds, log axis): the per-example loop against the vectorized pass."""
    values = np.asarray(seconds, dtype=float)
    bar = dict(type="bar", y=list(labels), x=values, orientation="h", meta="timing",
               marker=dict(color=[theme.NEGATIVE, theme.POSITIVE][:len(values)]), texttemplate="%{x:.3s}s",
               textposition="auto", hovertemplate="%{y}: %{x:.4~g} s<extra></extra>")
    layout = dict(height=240, xaxis=dict(type="log", dtick=1, exponentformat="power"), yaxis=dict(autorange="reversed",
                                                                                          automargin=True))
    return theme.figure([bar], layout, title=title, x=x_axis)


# ------------------------------------------------------------------------------------------ collapse
def output_comparison(units: Sequence[str], series: Sequence[tuple[str, str, np.ndarray]], *, title: str = "",
                      y_axis: str = "") -> dict:
    """Grouped bars: one group per output unit, one bar per (meta id, label, values) series."""
    data = [dict(type="bar", x=list(units), y=np.asarray(values, dtype=float).ravel(), name=label, meta=meta,
                 marker=dict(color=theme.color(i)), hovertemplate="%{y:.10~g}<extra></extra>")
            for i, (meta, label, values) in enumerate(series)]
    return theme.figure(data, dict(barmode="group", height=340), title=title, y=y_axis)


# ------------------------------------------------------------------------------------------ universal approximation
def approximation(x: np.ndarray, target: np.ndarray, fit: np.ndarray, terms: np.ndarray | None = None, *,
                  target_label: str = "f(x)", fit_label: str = "ŷ(x)", term_label: str = "v·h",
                  x_axis: str = "x", y_axis: str = "", title: str = "") -> dict:
    """The target curve (meta "target"), the network's fit (meta "fit") and, if given, each hidden unit's
    contribution v_k·h_k(x) (``terms`` (g, n), meta "term:<k>", thin; one legend entry for all)."""
    x = np.asarray(x, dtype=float)
    data = []
    if terms is not None:
        terms = np.asarray(terms, dtype=float)
        for k in range(terms.shape[1]):
            data.append(dict(type="scatter", x=x, y=terms[:, k], mode="lines", meta=f"term:{k + 1}",
                             name=term_label, legendgroup="terms", showlegend=k == 0,
                             line=dict(color=theme.NEUTRAL, width=1.2), opacity=0.7,
                             hovertemplate=f"v<sub>{k + 1}</sub>h<sub>{k + 1}</sub>: %{{y:.4f}}<extra></extra>"))
    data.append(dict(type="scatter", x=x, y=np.asarray(target, dtype=float), mode="lines", meta="target",
                     name=target_label, line=dict(color=theme.color(0), width=6), opacity=0.45,
                     hovertemplate="f(%{x:.2f}) = %{y:.4f}<extra></extra>"))
    data.append(dict(type="scatter", x=x, y=np.asarray(fit, dtype=float), mode="lines", meta="fit",
                     name=fit_label, line=dict(color=theme.color(1), width=3),
                     hovertemplate="ŷ(%{x:.2f}) = %{y:.4f}<extra></extra>"))
    return theme.figure(data, dict(height=420, hovermode="x unified"), title=title, x=x_axis, y=y_axis)


def approximation_errors(widths: Sequence[int], mse: Sequence[float], current: int, *, x_axis: str = "",
                         y_axis: str = "", title: str = "") -> dict:
    """One bar per width (meta "mse", log axis): the fit's mean squared error; the chosen width in orange."""
    labels = [str(w) for w in widths]
    colors = [HIGHLIGHT if w == current else theme.color(0) for w in widths]
    bar = dict(type="bar", x=labels, y=np.asarray(mse, dtype=float), meta="mse", marker=dict(color=colors),
               texttemplate="%{y:.2~g}", textposition="outside", cliponaxis=False,
               hovertemplate="%{x}: %{y:.3~g}<extra></extra>")
    layout = dict(height=320, yaxis=dict(type="log", dtick=1, exponentformat="power"), xaxis=dict(type="category"))
    return theme.figure([bar], layout, title=title, x=x_axis, y=y_axis)


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
    single: str = "one neuron"
    beans: str = "beans"
    play: str = "Play"
    pause: str = "Pause"
    epoch: str = "epoch"


ROWS = ((0.72, 1.0), (0.40, 0.66), (0.0, 0.34))  # domains of the three panels (top to bottom)
HOVER = "x = %{x:.3f}<br>%{fullData.name} = %{y:.6~g}<extra></extra>"


def _beans_layout(labels: BeansLabels) -> dict:
    """Three panels on one x axis: hidden curves | weighted terms and their sum | ŷ over the beans."""
    layout: dict = {}
    for r, (lo, hi) in enumerate(ROWS, start=1):
        sx = "" if r == 1 else str(r)
        layout[f"xaxis{sx}"] = dict(anchor=f"y{sx}", domain=[0.0, 1.0], showticklabels=r == 3,
                                    **({"matches": "x"} if r > 1 else {}))
        layout[f"yaxis{sx}"] = dict(anchor=f"x{sx}", domain=[lo, hi])
    layout["yaxis"].update(title=dict(text=labels.hidden_axis), range=[-0.05, 1.05])
    layout["yaxis2"].update(title=dict(text=labels.sum_axis))
    layout["yaxis3"].update(title=dict(text=labels.output_axis), range=[-0.08, 1.08])
    layout["xaxis3"].update(title=dict(text=labels.x_axis))
    return layout


def _beans_curves(x, hidden, pre_output, output, terms, labels: BeansLabels) -> list[dict]:
    """The six curve traces, in this order: h1, h2 | v1h1, v2h2, z | ŷ."""
    x = np.asarray(x, dtype=float).ravel()
    hidden, terms = np.asarray(hidden, dtype=float), np.asarray(terms, dtype=float)
    spec = [(hidden[:, 0], labels.h1, "h1", "y", dict(color=theme.color(0), width=3)),
            (hidden[:, 1], labels.h2, "h2", "y", dict(color=theme.color(1), width=3)),
            (terms[:, 0], labels.term1, "term1", "y2", dict(color=theme.color(0), width=2, dash="dot")),
            (terms[:, 1], labels.term2, "term2", "y2", dict(color=theme.color(1), width=2, dash="dot")),
            (np.asarray(pre_output, dtype=float).ravel(), labels.weighted_sum, "z_out", "y2",
             dict(color=theme.color(4), width=3)),
            (np.asarray(output, dtype=float).ravel(), labels.output, "output", "y3",
             dict(color=theme.color(2), width=4))]
    return [dict(type="scatter", x=x, y=y, mode="lines", name=name, meta=meta, xaxis="x" + yaxis[1:], yaxis=yaxis,
                 line=line, hovertemplate=HOVER) for y, name, meta, yaxis, line in spec]


def _beans_extras(x, X, y, single, labels: BeansLabels) -> list[dict]:
    """The beans (meta "beans") and, if given, the fitted single neuron's ŷ (meta "single") in the bottom panel."""
    out = []
    if single is not None:
        out.append(dict(type="scatter", x=np.asarray(x, dtype=float).ravel(), y=np.asarray(single, dtype=float),
                        mode="lines", name=labels.single, meta="single", xaxis="x3", yaxis="y3",
                        line=dict(color=theme.NEUTRAL, width=2.5, dash="dash"), hovertemplate=HOVER))
    out.append(dict(type="scatter", x=np.asarray(X, dtype=float).ravel(), y=np.asarray(y, dtype=float).ravel(),
                    mode="markers", name=labels.beans, meta="beans", xaxis="x3", yaxis="y3",
                    marker=dict(size=7, color=theme.NEUTRAL, opacity=0.75),
                    hovertemplate="x = %{x:.3f}, y = %{y:.0f}<extra></extra>"))
    return out


def beans_network(x, hidden, pre_output, output, terms, X, y, *, single=None,
                  labels: BeansLabels = BeansLabels()) -> dict:
    """Top: each hidden neuron's curve h₁(x), h₂(x). Middle: its weighted terms v₁h₁, v₂h₂ and their sum
    z = v₁h₁ + v₂h₂ + c. Bottom: ŷ = σ(z), the hill, over the beans (X, y), and — if given — the fitted single
    neuron's ŷ (``single``, dashed), which cannot rise and fall again."""
    data = _beans_curves(x, hidden, pre_output, output, terms, labels) + _beans_extras(x, X, y, single, labels)
    layout = dict(height=700, hovermode="x unified", **_beans_layout(labels))
    return theme.figure(data, layout, title=labels.title)


def _frame_note(text: str) -> list[dict]:
    """The epoch and squared error of the frame on screen, top left of the bottom panel."""
    return [dict(x=0.0, y=ROWS[2][1], xref="paper", yref="paper", xanchor="left", yanchor="bottom", text=text,
                 showarrow=False)]


def beans_animation(x, hidden, terms, pre_output, output, epochs, X, y, frame_notes: Sequence[str], *,
                    single=None, labels: BeansLabels = BeansLabels(), frame_ms: int = 120) -> dict:
    """The fit as a Plotly animation: frame k shows ``hidden[k]``, ``terms[k]``, ``pre_output[k]``, ``output[k]``
    (snapshots the engine recorded at ``epochs[k]``) and ``frame_notes[k]`` (its epoch and squared error, as a note
    above the bottom panel); played in the browser with a play button and an epoch slider.

    Frames are named by their epoch; each frame updates the six curve traces (meta h1, h2, term1, term2, z_out,
    output). The figure opens on the last frame (its note is the last one).
    """
    hidden, terms, pre_output, output = (np.asarray(a, dtype=float) for a in (hidden, terms, pre_output, output))
    last = len(epochs) - 1
    data = (_beans_curves(x, hidden[last], pre_output[last], output[last], terms[last], labels)
            + _beans_extras(x, X, y, single, labels))
    frames = []
    for k, epoch in enumerate(epochs):
        ys = (hidden[k][:, 0], hidden[k][:, 1], terms[k][:, 0], terms[k][:, 1], pre_output[k], output[k])
        frames.append(dict(name=str(int(epoch)), traces=[0, 1, 2, 3, 4, 5],
                           data=[dict(type="scatter", y=v) for v in ys],
                           layout=dict(annotations=_frame_note(frame_notes[k]))))
    play = dict(frame=dict(duration=frame_ms, redraw=True), fromcurrent=True, transition=dict(duration=0),
                mode="immediate")
    # play / pause and the epoch slider well below the x axis title, on two rows (they fit a phone); the epoch on
    # screen is in the frame's note, so the slider shows no current value of its own
    layout = dict(
        height=760, hovermode="x unified", annotations=_frame_note(frame_notes[last]), **_beans_layout(labels),
        updatemenus=[dict(type="buttons", direction="left", x=0.0, y=-0.2, xanchor="left", yanchor="top",
                          showactive=False, pad=dict(t=0, r=10),
                          buttons=[dict(label="▶ " + labels.play, method="animate", args=[None, play]),
                                   dict(label="⏸ " + labels.pause, method="animate",
                                        args=[[None], dict(frame=dict(duration=0, redraw=False), mode="immediate",
                                                           transition=dict(duration=0))])])],
        sliders=[dict(active=last, x=0.0, len=1.0, y=-0.3, yanchor="top", pad=dict(t=0),
                      currentvalue=dict(visible=False),
                      steps=[dict(label=str(int(e)), method="animate",
                                  args=[[str(int(e))], dict(frame=dict(duration=0, redraw=True), mode="immediate",
                                                            transition=dict(duration=0))]) for e in epochs])],
        margin=dict(l=10, r=10, t=MARGIN_TOP, b=210))
    fig = theme.figure(data, layout, title=labels.title)
    fig["frames"] = frames
    return fig


MARGIN_TOP = 36
