"""Figures of the Softmax & entropy page. Pure builders: data in (numbers from nncore), a plain dict out
(``theme.figure``). Texts inside a figure (legends, subplot labels, bar labels) are kept short and placed so that
they fit a 390 px phone and lecture mode's larger fonts; the title is drawn above the chart by ``Page.chart``."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from explainer import fmt, theme

Series = tuple[str, str, np.ndarray]  # (meta id, legend label, values)

# bar labels never shrink below 12 px: a label that does not fit its bar is hidden (the hover still shows it)
BAR_TEXT = dict(uniformtext=dict(minsize=12, mode="hide"))


def _finite_or_zero(values: np.ndarray) -> np.ndarray:
    """Bars cannot be drawn at inf/NaN: draw them at 0 (their text says what they are)."""
    values = np.asarray(values, dtype=float)
    return np.where(np.isfinite(values), values, 0.0)


def _panel_label(text: str, yref: str) -> dict:
    """A subplot's label: left-aligned at the top of its panel (it wraps nowhere, so it stays short)."""
    return dict(text=f"<b>{text}</b>", xref="paper", x=0, xanchor="left", yref=yref, y=1, yanchor="bottom",
                showarrow=False, font=dict(size=14), name="panel_label")


def probability_bars(labels: Sequence[str], series: Sequence[Series], *, title: str = "", y_axis: str = "",
                     height: int = 360, y_max: float | None = 1.0) -> dict:
    """Grouped bars, one group per class, one bar per series; each bar labelled with its value."""
    show_text = len(labels) * len(series) <= 8  # more bars: the labels would collide (hover still shows them)
    data = []
    for i, (meta, label, values) in enumerate(series):
        values = np.asarray(values, dtype=float)
        bar = dict(type="bar", x=list(labels), y=_finite_or_zero(values), name=label, meta=meta,
                   marker=dict(color=theme.color(i)), customdata=values,
                   hovertemplate="%{x}: %{customdata:.6g}<extra>" + label + "</extra>")
        if show_text:
            bar.update(text=[fmt.num(v, 3) for v in values], textposition="outside", cliponaxis=False)
        data.append(bar)
    layout: dict = dict(barmode="group", height=height, showlegend=len(series) > 1, xaxis={}, yaxis={}, **BAR_TEXT)
    if y_max is not None:
        layout["yaxis"] = dict(range=[0, y_max * 1.15])
    return theme.figure(data, layout, title=title, y=y_axis)


def temperature_paths(temperatures: np.ndarray, probs: np.ndarray, labels: Sequence[str], current: float,
                      uniform: float, *, title: str = "", x_axis: str = "T", y_axis: str = "",
                      uniform_label: str = "1/k") -> dict:
    """Each class's probability as the temperature T runs over a log axis; the current T and the 1/k level."""
    data = [dict(type="scatter", x=temperatures, y=probs[:, i], name=label, meta=f"path:{i}", mode="lines",
                 line=dict(color=theme.color(i), width=3),
                 hovertemplate="T = %{x:.3g}: %{y:.4f}<extra>" + label + "</extra>")
            for i, label in enumerate(labels)]
    data.append(dict(type="scatter", x=[temperatures[0], temperatures[-1]], y=[uniform, uniform], mode="lines",
                     name=uniform_label, meta="uniform", line=dict(color=theme.NEUTRAL, dash="dot"),
                     hoverinfo="skip"))
    current_line = dict(type="line", xref="x", yref="y domain", x0=current, x1=current, y0=0, y1=1,
                        line=dict(color=theme.NEUTRAL, width=1.5, dash="dash"), name="current")
    # dtick 1: a label at each power of ten only (Plotly draws the digits between them smaller than the font)
    layout = dict(height=380, shapes=[current_line], xaxis=dict(type="log", exponentformat="power", dtick=1),
                  yaxis=dict(range=[0, 1.02]))
    return theme.figure(data, layout, title=title, x=x_axis, y=y_axis)


def naive_vs_stable(labels: Sequence[str], naive: np.ndarray, naive_text: Sequence[str], stable: np.ndarray, *,
                    titles: tuple[str, str] = ("", ""), title: str = "", y_axis: str = "") -> dict:
    """Two panels, one above the other (each as wide as the screen): the naive e^z/Σe^z (inf/NaN bars drawn at 0 and
    labelled) and the shifted softmax, on the same class axis."""
    naive = np.asarray(naive, dtype=float)
    stable = np.asarray(stable, dtype=float)
    data = [
        dict(type="bar", x=list(labels), y=_finite_or_zero(naive), text=list(naive_text), textposition="outside",
             cliponaxis=False, meta="naive", name=titles[0], marker=dict(color=theme.NEGATIVE),
             hovertemplate="%{x}: %{text}<extra></extra>", xaxis="x", yaxis="y"),
        dict(type="bar", x=list(labels), y=stable, text=[fmt.num(v, 3) for v in stable], textposition="outside",
             cliponaxis=False, meta="stable", name=titles[1], marker=dict(color=theme.POSITIVE),
             hovertemplate="%{x}: %{y:.6g}<extra></extra>", xaxis="x2", yaxis="y2"),
    ]
    layout = dict(height=480, showlegend=False, margin=dict(t=30), **BAR_TEXT,
                  **theme.axes_grid(2, 1, vspace=0.2, shared_x=True))
    for name in ("yaxis", "yaxis2"):
        layout[name].update(range=[0, 1.18], title={"text": y_axis})  # ticks end at 1, room for the labels
    layout["xaxis"]["showticklabels"] = True  # both panels name their classes
    layout["annotations"] = [_panel_label(titles[0], "y domain"), _panel_label(titles[1], "y2 domain")]
    return theme.figure(data, layout, title=title)


def nll_curve(p: np.ndarray, nll: np.ndarray, points: Sequence[tuple[str, str, float, float]], *, title: str = "",
              x_axis: str = "p", y_axis: str = "−log p", curve_label: str = "−log p") -> dict:
    """The curve −log p with one marker per (meta, label, p_k, −log p_k) point (the classes the target uses).
    A point's label sits on the side away from the nearer edge of the plot, so it never runs off it."""
    data = [dict(type="scatter", x=p, y=nll, mode="lines", name=curve_label, meta="nll",
                 line=dict(color=theme.NEUTRAL, width=2.5), hovertemplate="p = %{x:.3f}: %{y:.4f}<extra></extra>")]
    for i, (meta, label, px, py) in enumerate(points):
        data.append(dict(type="scatter", x=[px], y=[py], mode="markers+text", name=label, meta=meta, text=[label],
                         textposition="top left" if px > 0.5 else "top right", cliponaxis=False,
                         marker=dict(size=14, color=theme.color(i)),
                         hovertemplate="p = %{x:.4f}<br>−log p = %{y:.4f}<extra></extra>"))
    layout = dict(height=360, showlegend=False, xaxis=dict(range=[0, 1.02]), yaxis={})
    return theme.figure(data, layout, title=title, x=x_axis, y=y_axis)


def gradient_bars(labels: Sequence[str], grad: np.ndarray, *, title: str = "", y_axis: str = "") -> dict:
    """∂L/∂z_k per logit: positive bars (push the logit down) in the positive colour, negative in the other."""
    grad = np.asarray(grad, dtype=float)
    colors = [theme.POSITIVE if g >= 0 else theme.NEGATIVE for g in grad]
    bar = dict(type="bar", x=list(labels), y=grad, meta="grad", marker=dict(color=colors),
               text=[fmt.num(g, 3) for g in grad], textposition="outside", cliponaxis=False,
               hovertemplate="%{x}: %{y:.6f}<extra></extra>")
    return theme.figure([bar], dict(height=360, xaxis={}, yaxis=dict(range=[-1.2, 1.2]), **BAR_TEXT), title=title,
                        y=y_axis)


def sigmoid_loss_curves(z: np.ndarray, mse: np.ndarray, mse_grad: np.ndarray, ce: np.ndarray, ce_grad: np.ndarray,
                        probe: float, shaded: Sequence[tuple[float, float]] = (), *, labels: tuple[str, str],
                        title: str = "", loss_axis: str = "", grad_axis: str = "", z_axis: str = "z",
                        shaded_label: str = "") -> dict:
    """Loss (top) and ∂L/∂z (bottom) against the logit z for squared error and log loss, with a z probe."""
    data = []
    for i, (name, label, loss, grad) in enumerate((("mse", labels[0], mse, mse_grad), ("ce", labels[1], ce, ce_grad))):
        col = theme.color(i + 1 if i else 0)
        data.append(dict(type="scatter", x=z, y=loss, name=label, meta=f"loss:{name}", legendgroup=name,
                         line=dict(color=col, width=3), hovertemplate="%{y:.4f}", xaxis="x", yaxis="y"))
        data.append(dict(type="scatter", x=z, y=grad, name=label, meta=f"grad:{name}", legendgroup=name,
                         showlegend=False, line=dict(color=col, width=3, dash="dash"), hovertemplate="%{y:.4g}",
                         xaxis="x2", yaxis="y2"))
    shapes = []
    for a, b in shaded:
        for xref, yref in (("x", "y domain"), ("x2", "y2 domain")):
            shapes.append(dict(type="rect", xref=xref, yref=yref, x0=a, x1=b, y0=0, y1=1, fillcolor=theme.NEGATIVE,
                               opacity=theme.SATURATION_OPACITY, line=dict(width=0), layer="below",
                               name="wrong_saturated"))
    for xref, yref in (("x", "y domain"), ("x2", "y2 domain")):
        shapes.append(dict(type="line", xref=xref, yref=yref, x0=probe, x1=probe, y0=0, y1=1,
                           line=dict(color=theme.NEUTRAL, width=1.5, dash="dot"), name="probe"))
    if shaded:
        data.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=shaded_label, meta="legend:shaded",
                         marker=dict(symbol="square", size=14, color=theme.NEGATIVE, opacity=0.35),
                         hoverinfo="skip", xaxis="x", yaxis="y"))
    layout = dict(shapes=shapes, hovermode="x unified", height=560, **theme.axes_grid(2, 1, vspace=0.07,
                                                                                        shared_x=True))
    layout["yaxis"]["title"] = {"text": loss_axis}
    layout["yaxis2"]["title"] = {"text": grad_axis}
    layout["xaxis2"]["title"] = {"text": z_axis}
    return theme.figure(data, layout, title=title)


def distributions(labels: Sequence[str], p: np.ndarray, q: np.ndarray, info_p: np.ndarray, info_q: np.ndarray, *,
                  names: tuple[str, str] = ("p", "q"), title: str = "", prob_axis: str = "",
                  info_axis: str = "", unit: str = "") -> dict:
    """Top: p and q as grouped bars. Bottom: the self-information −log of each probability (∞ where it is 0; the
    bar is drawn at 0 and labelled ∞). ``unit`` goes into the hover (the axis title names it too)."""
    data = []
    for i, (name, probs, info) in enumerate(((names[0], p, info_p), (names[1], q, info_q))):
        col = theme.color(i)
        probs = np.asarray(probs, dtype=float)
        data.append(dict(type="bar", x=list(labels), y=probs, name=name, meta=f"prob:{'pq'[i]}",
                         marker=dict(color=col), legendgroup=name, text=[fmt.num(v, 2) for v in probs],
                         textposition="outside", cliponaxis=False, offsetgroup=name,
                         hovertemplate="%{x}: %{y:.4f}<extra>" + name + "</extra>", xaxis="x", yaxis="y"))
        info = np.asarray(info, dtype=float)
        data.append(dict(type="bar", x=list(labels), y=_finite_or_zero(info), name=name, meta=f"info:{'pq'[i]}",
                         marker=dict(color=col), legendgroup=name, showlegend=False, customdata=info,
                         text=[fmt.num(v, 2) for v in info], textposition="outside", cliponaxis=False,
                         offsetgroup=name, hovertemplate="%{x}: %{text} " + unit + "<extra>" + name + "</extra>",
                         xaxis="x2", yaxis="y2"))
    layout = dict(barmode="group", height=560, **BAR_TEXT, **theme.axes_grid(2, 1, vspace=0.12, shared_x=True))
    layout["yaxis"].update(title={"text": prob_axis}, range=[0, 1.15])
    layout["yaxis2"]["title"] = {"text": info_axis}
    finite = np.concatenate([np.asarray(info_p, float), np.asarray(info_q, float)])
    finite = finite[np.isfinite(finite)]
    layout["yaxis2"]["range"] = [0, (float(finite.max()) if finite.size else 1.0) * 1.2 + 1e-9]
    return theme.figure(data, layout, title=title)


def decomposition(rows: Sequence[tuple[str, str, float, float, float]], *, labels: tuple[str, str, str],
                  title: str = "", x_axis: str = "") -> dict:
    """Stacked horizontal bars: for each (meta, row label, H, KL, CE) the entropy part plus the KL part, and a
    marker at the cross-entropy computed on its own — the marker sits exactly at the end of the stack.
    An infinite KL (and cross-entropy) is drawn as a hatched part running off the end of the axis, labelled ∞.
    Keep the row labels short (``H(p, q)``): they take their width from the plot."""
    names = [r[1] for r in rows]
    h = np.array([r[2] for r in rows], dtype=float)
    kl = np.array([r[3] for r in rows], dtype=float)
    ce = np.array([r[4] for r in rows], dtype=float)
    finite = np.isfinite(ce)
    top = float(np.max(ce[finite])) if finite.any() else float(np.max(h))
    x_end = max(top, float(np.max(h))) * 1.4 + 1e-9  # the axis end (room for the "= …" labels); ∞ is drawn up to it
    kl_drawn = np.where(np.isfinite(kl), kl, x_end - h)  # drawing geometry only
    data = [
        dict(type="bar", y=names, x=h, orientation="h", name=labels[0], meta="part:entropy",
             marker=dict(color=theme.color(0)), text=[fmt.num(v, 3) for v in h], textposition="inside",
             insidetextanchor="middle", hovertemplate="%{x:.4f}<extra>" + labels[0] + "</extra>"),
        dict(type="bar", y=names, x=kl_drawn, orientation="h", name=labels[1], meta="part:kl",
             marker=dict(color=theme.color(1), pattern=dict(shape=["" if np.isfinite(v) else "/" for v in kl])),
             customdata=kl, text=[fmt.num(v, 3) for v in kl], textposition="inside", insidetextanchor="middle",
             hovertemplate="%{text}<extra>" + labels[1] + "</extra>"),
        dict(type="scatter", y=names, x=np.where(finite, ce, x_end), mode="markers+text", name=labels[2],
             meta="total:ce", customdata=ce, text=["= " + fmt.num(v, 3) for v in ce],
             textposition=["middle right" if f else "middle left" for f in finite], cliponaxis=False,
             marker=dict(symbol="line-ns", size=34, line=dict(width=3, color=theme.NEUTRAL)),
             hovertemplate="%{text}<extra>" + labels[2] + "</extra>"),
    ]
    layout = dict(barmode="stack", height=150 + 70 * len(rows), legend=dict(traceorder="normal"), **BAR_TEXT,
                  yaxis=dict(autorange="reversed"), xaxis=dict(range=[0, x_end]))
    return theme.figure(data, layout, title=title, x=x_axis)


def decision_regions(xs: np.ndarray, ys: np.ndarray, regions: np.ndarray, probs: np.ndarray, X: np.ndarray,
                     y: np.ndarray, class_labels: Sequence[str], *, title: str = "",
                     hover_class: str = "softmax") -> dict:
    """The plane coloured by the predicted class (argmax of the softmax), class probabilities on hover, and the
    training points on top. ``probs`` (res, res, k) goes to the browser as float32 (shape-encoded; plotly.js
    decodes 3-D typed arrays) for the hover; ``regions`` (res, res) ints."""
    k = len(class_labels)
    colours = [theme.color(c) for c in range(k)]
    scale = []  # a discrete colourscale: class c owns [c/k, (c+1)/k]
    for c, col in enumerate(colours):
        scale += [(c / k, col), ((c + 1) / k, col)]
    lines = "<br>".join(f"{class_labels[c]}: %{{customdata[{c}]:.3f}}" for c in range(k))
    data = [dict(type="heatmap", x=xs, y=ys, z=regions, zmin=-0.5, zmax=k - 0.5, colorscale=scale, opacity=0.35,
                 showscale=False, meta="regions", customdata=np.asarray(probs, dtype=np.float32),
                 hovertemplate="(%{x:.2f}, %{y:.2f})<br>" + hover_class + "<br>" + lines + "<extra></extra>")]
    for c in range(k):
        pts = X[y == c]
        data.append(dict(type="scatter", x=pts[:, 0], y=pts[:, 1], mode="markers", name=class_labels[c],
                         meta=f"points:{c}", marker=dict(color=colours[c], size=7, line=dict(width=1, color="white")),
                         hovertemplate="(%{x:.2f}, %{y:.2f})<extra>" + class_labels[c] + "</extra>"))
    layout = dict(height=520,
                  xaxis=dict(range=[float(xs[0]), float(xs[-1])], constrain="domain"),
                  yaxis=dict(range=[float(ys[0]), float(ys[-1])], scaleanchor="x", scaleratio=1, constrain="domain"))
    return theme.figure(data, layout, title=title, x="x₁", y="x₂")


def training_curves(epochs: np.ndarray, loss: np.ndarray, accuracy: np.ndarray, *, labels: tuple[str, str],
                    title: str = "", x_axis: str = "") -> dict:
    """Cross-entropy (left axis) and accuracy (right axis) by epoch."""
    data = [dict(type="scatter", x=epochs, y=loss, name=labels[0], meta="loss", mode="lines+markers",
                 line=dict(color=theme.color(0), width=3), yaxis="y"),
            dict(type="scatter", x=epochs, y=accuracy, name=labels[1], meta="accuracy", mode="lines+markers",
                 yaxis="y2", line=dict(color=theme.color(2), width=3, dash="dash"))]
    layout = dict(height=400, yaxis=dict(rangemode="tozero"),
                  yaxis2=dict(overlaying="y", side="right", range=[0, 1.05], tickformat=".0%", dtick=0.2,
                              showgrid=False))
    return theme.figure(data, layout, title=title, x=x_axis, y=labels[0])
