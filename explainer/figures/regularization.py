"""Figures of the Regularization page: pure builders (data in, a plain dict out, see ``theme.figure``), no maths.

Every trace has a ``meta`` id so tests can find it: "truth", "train", "val", "test", "fit:<id>", "loss:<split>:<id>",
"kept:<id>", "kept_test:<id>", "noise_floor", "fits", "mean_fit", "bar:<part>", "measured", "path:<kind>:<j>",
"at:<series>", "contours", "touch:<kind>", "l1_region", "l2_region", "w_star", "sol:l1", "sol:l2", "norm:<id>",
"nodes:<layer>", "dropped:<layer>", "edges", "exp:<series>", "effect", "class:<c>", "count:<c>", "split:<c>",
"curve:<model>:<split>", "prob", "new", "unit:<j>".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from explainer import theme

# Line styles for the three data splits (colour = network, dash = split), everywhere on the page.
SPLIT_DASH = {"train": "dash", "val": "solid", "test": "dot"}
# Eight weight paths: colour and dash together tell every weight apart (no colour is used twice with one dash).
PATH_STYLES = (
    (theme.OKABE_ITO["blue"], "solid"), (theme.OKABE_ITO["vermillion"], "solid"),
    (theme.OKABE_ITO["bluish_green"], "solid"), (theme.OKABE_ITO["orange"], "dash"),
    (theme.OKABE_ITO["reddish_purple"], "dash"), (theme.OKABE_ITO["sky_blue"], "dash"),
    (theme.OKABE_ITO["blue"], "dot"), (theme.OKABE_ITO["vermillion"], "dot"),
)
LEGEND_BELOW = dict(orientation="h", yref="container", yanchor="bottom", y=0, xanchor="left", x=0, traceorder="normal")


@dataclass(frozen=True)
class Series:
    """One line: ``meta`` id, legend ``label``, values ``y`` (at ``x``, or at the figure's x), colour index into
    the palette, dash style, and an optional legend group."""

    meta: str
    label: str
    y: np.ndarray
    color: int = 0
    dash: str = "solid"
    x: np.ndarray | None = None
    group: str | None = None


@dataclass(frozen=True)
class Marker:
    """One marked point: ``meta``, legend ``label`` (None: no legend entry), position, colour index, symbol."""

    meta: str
    label: str | None
    x: float
    y: float
    color: int = 0
    symbol: str = "star"
    group: str | None = None


def _line(x, s: Series, width: float = 2.5, **kw) -> dict:
    tr = dict(type="scatter", x=np.asarray(x if s.x is None else s.x), y=np.asarray(s.y, dtype=float),
              mode="lines", name=s.label, meta=s.meta, line=dict(color=theme.color(s.color), width=width, dash=s.dash),
              **kw)
    if s.group:
        tr["legendgroup"] = s.group
    return tr


@dataclass(frozen=True)
class Key:
    """A compact legend for many lines: colour = ``groups`` (id, label, colour index), dash = ``dashes`` (dash,
    label). The lines themselves then stay out of the legend (their full names still show on hover)."""

    groups: tuple
    dashes: tuple


def _key_traces(key: Key) -> list[dict]:
    out = [dict(type="scatter", x=[None], y=[None], mode="lines", name=label, meta=f"key:{gid}", legendgroup=gid,
                hoverinfo="skip", line=dict(color=theme.color(col), width=3)) for gid, label, col in key.groups]
    out += [dict(type="scatter", x=[None], y=[None], mode="lines", name=label, meta=f"key:{dash}", hoverinfo="skip",
                 line=dict(color=theme.NEUTRAL, width=2.5, dash=dash)) for dash, label in key.dashes]
    return out


def _marker(m: Marker, hover: str) -> dict:
    size = 17 if m.symbol == "star" else 11
    tr = dict(type="scatter", x=[m.x], y=[m.y], mode="markers", name=m.label or "", meta=m.meta,
              showlegend=m.label is not None,
              marker=dict(symbol=m.symbol, size=size, color=theme.color(m.color), line=dict(width=1.5, color="white")),
              hovertemplate=hover)
    if m.group:
        tr["legendgroup"] = m.group
    return tr


# ------------------------------------------------------------------------------------------ overfitting
def fitted_curves(grid: np.ndarray, truth: np.ndarray, fits: Sequence[Series], points: Sequence[tuple], *,
                  labels: dict, title: str = "", x_axis: str = "x", y_axis: str = "y") -> dict:
    """The true curve, the data points and the fitted network curves.

    ``points`` are (split, x, y) with split "train", "val" or "test" (drawn as orange circles, sky-blue diamonds and
    faint grey dots); ``labels`` holds the legend texts "truth", "train", "val", "test"."""
    data = []
    style = {"test": dict(size=5, color=theme.NEUTRAL, opacity=0.45),
             "val": dict(size=9, symbol="diamond", color=theme.OKABE_ITO["sky_blue"], line=dict(width=1, color="white")),
             "train": dict(size=10, color=theme.OKABE_ITO["orange"], line=dict(width=1.5, color="white"))}
    for split, x, y in sorted(points, key=lambda p: ("test", "val", "train").index(p[0])):
        if split == "test":
            data.append(dict(type="scatter", x=np.asarray(x, float), y=np.asarray(y, float), mode="markers",
                             name=labels[split], meta=split, hoverinfo="skip", marker=style[split]))
    data.append(dict(type="scatter", x=np.asarray(grid), y=np.asarray(truth, float), mode="lines",
                     name=labels["truth"], meta="truth", line=dict(color=theme.NEUTRAL, width=2, dash="dash")))
    data += [_line(grid, s, width=3) for s in fits]
    for split, x, y in points:
        if split != "test":
            data.append(dict(type="scatter", x=np.asarray(x, float), y=np.asarray(y, float), mode="markers",
                             name=labels[split], meta=split, marker=style[split]))
    layout = dict(height=500, hovermode="closest", yaxis=dict(range=[-2.2, 2.2]), legend=LEGEND_BELOW)
    return theme.figure(data, layout, title=title, x=x_axis, y=y_axis)


def loss_curves(epochs: np.ndarray, curves: Sequence[Series], *, markers: Sequence[Marker] = (),
                stops: Sequence[tuple[str, int, int]] = (), noise_floor: float | None = None, noise_label: str = "",
                current: int | None = None, key: Key | None = None, title: str = "", x_axis: str = "",
                y_axis: str = "") -> dict:
    """Loss per epoch (log y). ``markers`` mark points (the kept weights on the validation curve, their test loss);
    ``stops`` (name, epoch, colour) draw a vertical line where training stopped; ``noise_floor`` draws σ² (the
    lowest expected test loss); ``current`` the epoch shown in the fitted-curve chart; ``key`` a compact legend
    (colour = network, dash = data set) instead of one entry per line."""
    data = [_line(epochs, s, width=2.2, hovertemplate="%{x}: %{y:.4f}", showlegend=key is None) for s in curves]
    if key is not None:
        data += _key_traces(key)
    # stars last: drawn on top of a diamond at the same epoch
    data += [_marker(m, "%{x}: %{y:.4f}<extra></extra>") for m in sorted(markers, key=lambda m: m.symbol == "star")]
    if noise_floor is not None and noise_floor > 0:
        data.append(dict(type="scatter", x=[float(epochs[0]), float(epochs[-1])], y=[noise_floor, noise_floor],
                         mode="lines", name=noise_label, meta="noise_floor", hoverinfo="skip",
                         line=dict(color=theme.NEUTRAL, width=1.5, dash="longdash")))  # dot = the test set
    shapes = [dict(type="line", xref="x", yref="y domain", x0=epoch, x1=epoch, y0=0, y1=1, name=name,
                   line=dict(color=theme.color(col), width=1.5, dash="dashdot")) for name, epoch, col in stops]
    if current is not None:
        shapes.append(dict(type="line", xref="x", yref="y domain", x0=current, x1=current, y0=0, y1=1,
                           name="current", line=dict(color=theme.NEUTRAL, width=1.5, dash="dash")))
    layout = dict(height=500, shapes=shapes, hovermode="x unified", legend=LEGEND_BELOW,
                  yaxis=dict(type="log", exponentformat="power", dtick="D2"))
    return theme.figure(data, layout, title=title, x=x_axis, y=y_axis)


# ------------------------------------------------------------------------------------------ bias–variance
def resampled_fits(x: np.ndarray, truth: np.ndarray, fits: np.ndarray, mean_fit: np.ndarray, *, labels: dict,
                   color: int = 0, title: str = "", x_axis: str = "x", y_axis: str = "y") -> dict:
    """All K fitted curves drawn faintly (one trace, NaN-separated), their mean and the truth."""
    fits = np.asarray(fits, dtype=float)
    K, G = fits.shape
    xs = np.concatenate([np.append(x, np.nan) for _ in range(K)])
    ys = np.concatenate([np.append(f, np.nan) for f in fits])
    data = [
        dict(type="scatter", x=xs, y=ys, mode="lines", name=labels["fits"], meta="fits", hoverinfo="skip",
             line=dict(color=theme.color(color), width=1), opacity=0.35, connectgaps=False),
        dict(type="scatter", x=np.asarray(x), y=np.asarray(truth, float), mode="lines", name=labels["truth"],
             meta="truth", line=dict(color=theme.NEUTRAL, width=2.5, dash="dash")),
        dict(type="scatter", x=np.asarray(x), y=np.asarray(mean_fit, float), mode="lines", name=labels["mean"],
             meta="mean_fit", line=dict(color=theme.color(color), width=3.5)),
    ]
    return theme.figure(data, dict(height=380, yaxis=dict(range=[-2.2, 2.2])), title=title, x=x_axis, y=y_axis)


def decomposition(models: Sequence[str], bias2: Sequence[float], variance: Sequence[float], noise: Sequence[float],
                  measured: Sequence[float], stderr: Sequence[float], *, labels: dict, title: str = "",
                  y_axis: str = "") -> dict:
    """Per model: stacked bias² + variance + noise next to the measured expected test error (± 2 standard
    errors)."""
    parts = (("bias2", bias2, theme.OKABE_ITO["vermillion"]), ("variance", variance, theme.OKABE_ITO["blue"]),
             ("noise", noise, theme.NEUTRAL))
    data = [dict(type="bar", x=list(models), y=np.asarray(values, float), name=labels[key], meta=f"bar:{key}",
                 marker=dict(color=col), offsetgroup="sum", hovertemplate="%{y:.4f}") for key, values, col in parts]
    data.append(dict(type="bar", x=list(models), y=np.asarray(measured, float), name=labels["measured"],
                     meta="measured", offsetgroup="measured", hovertemplate="%{y:.4f}",
                     marker=dict(color="rgba(0,0,0,0)", line=dict(color=theme.OKABE_ITO["bluish_green"], width=3)),
                     error_y=dict(type="data", array=2 * np.asarray(stderr, float), visible=True)))
    return theme.figure(data, dict(barmode="stack", height=380), title=title, y=y_axis)


# ------------------------------------------------------------------------------------------ L1 / L2
def weight_paths(lams: np.ndarray, weights: np.ndarray, *, kind: str, names: Sequence[str], lam_now: float | None,
                 title: str = "", x_axis: str = "λ", y_axis: str = "w") -> dict:
    """One line per weight against λ (log x), each with its own colour-and-dash pair (``PATH_STYLES``) and a legend
    entry; a vertical line at the chosen λ."""
    weights = np.asarray(weights, dtype=float)
    data = []
    for j in range(weights.shape[1]):
        col, dash = PATH_STYLES[j % len(PATH_STYLES)]
        data.append(dict(type="scatter", x=np.asarray(lams), y=weights[:, j], mode="lines", name=names[j],
                         meta=f"path:{kind}:{j}", legendgroup=names[j], line=dict(color=col, width=2.6, dash=dash),
                         hovertemplate=f"{names[j]}: %{{y:.4f}}<extra>λ = %{{x:.3g}}</extra>"))
    shapes = [dict(type="line", xref="x", yref="y domain", x0=lam_now, x1=lam_now, y0=0, y1=1, name="lam",
                   line=dict(color=theme.NEUTRAL, width=1.5, dash="dash"))] if lam_now else []
    layout = dict(height=420, shapes=shapes, legend=LEGEND_BELOW, xaxis=dict(type="log", exponentformat="power"))
    return theme.figure(data, layout, title=title, x=x_axis, y=y_axis)


def weights_at(names: Sequence[str], series: Sequence[tuple[str, str, np.ndarray]], *, title: str = "",
               y_axis: str = "") -> dict:
    """Grouped bars of the weights at one λ, one bar per (meta, label, weights) series."""
    data = [dict(type="bar", x=list(names), y=np.asarray(w, float), name=label, meta=meta,
                 marker=dict(color=theme.color(i)), hovertemplate="%{x}: %{y:.6g}<extra></extra>")
            for i, (meta, label, w) in enumerate(series)]
    return theme.figure(data, dict(barmode="group", height=340), title=title, y=y_axis)


def constraint_geometry(xs: np.ndarray, ys: np.ndarray, Z: np.ndarray, t: float, w_star, w_l1, w_l2,
                        levels: tuple[float, float], *, labels: dict, title: str = "") -> dict:
    """Loss contours, the L1 diamond |w₁| + |w₂| ≤ t and the L2 circle ‖w‖ ≤ t, the unconstrained minimum and
    where each constrained solution lands; the contour through each solution touches its region there."""
    red, blue = theme.OKABE_ITO["vermillion"], theme.OKABE_ITO["blue"]
    data = [dict(type="contour", x=np.asarray(xs), y=np.asarray(ys), z=np.asarray(Z), meta="contours",
                 colorscale=theme.SEQUENTIAL, showscale=False, ncontours=18, contours=dict(coloring="lines"),
                 line=dict(width=1), opacity=0.7, hovertemplate="w₁=%{x:.2f}, w₂=%{y:.2f}<br>J=%{z:.4f}<extra></extra>")]
    for meta, level, col in (("touch:l1", levels[0], red), ("touch:l2", levels[1], blue)):
        data.append(dict(type="contour", x=np.asarray(xs), y=np.asarray(ys), z=np.asarray(Z), meta=meta,
                         showscale=False, hoverinfo="skip", showlegend=False,
                         contours=dict(coloring="none", start=level, end=level, size=1.0),
                         line=dict(color=col, width=2, dash="dot")))
    data.append(dict(type="scatter", x=[t, 0, -t, 0, t], y=[0, t, 0, -t, 0], mode="lines", fill="toself",
                     name=labels["l1"], meta="l1_region", line=dict(color=red, width=2.5),
                     fillcolor="rgba(213,94,0,0.12)", hoverinfo="skip"))
    angle = np.linspace(0.0, 2.0 * np.pi, 121)
    data.append(dict(type="scatter", x=t * np.cos(angle), y=t * np.sin(angle), mode="lines", fill="toself",
                     name=labels["l2"], meta="l2_region", line=dict(color=blue, width=2.5),
                     fillcolor="rgba(0,114,178,0.10)", hoverinfo="skip"))
    for meta, w, symbol, col, label in (("w_star", w_star, "x", theme.NEUTRAL, labels["w_star"]),
                                        ("sol:l1", w_l1, "diamond", red, labels["sol_l1"]),
                                        ("sol:l2", w_l2, "circle", blue, labels["sol_l2"])):
        data.append(dict(type="scatter", x=[float(w[0])], y=[float(w[1])], mode="markers", name=label, meta=meta,
                         marker=dict(symbol=symbol, size=14, color=col, line=dict(width=1.5, color="white")),
                         hovertemplate="(%{x:.4f}, %{y:.4f})<extra></extra>"))
    layout = dict(height=520, legend=LEGEND_BELOW,
                  xaxis=dict(range=[float(xs[0]), float(xs[-1])], zeroline=True, zerolinewidth=1.5, constrain="domain"),
                  yaxis=dict(range=[float(ys[0]), float(ys[-1])], scaleanchor="x", scaleratio=1, zerolinewidth=1.5,
                             constrain="domain"))
    return theme.figure(data, layout, title=title, x="w₁", y="w₂")


# ------------------------------------------------------------------------------------------ weight decay
def norm_curves(epochs: np.ndarray, curves: Sequence[Series], *, title: str = "", x_axis: str = "",
                y_axis: str = "") -> dict:
    """‖W‖ per epoch, one line per run."""
    data = [_line(epochs, s, hovertemplate="%{x}: %{y:.6f}") for s in curves]
    return theme.figure(data, dict(height=360, hovermode="x unified", legend=LEGEND_BELOW), title=title, x=x_axis,
                        y=y_axis)


# ------------------------------------------------------------------------------------------ dropout
def dropout_network(layer_sizes: Sequence[int], kept: Sequence[np.ndarray | None], *, labels: dict,
                    title: str = "") -> dict:
    """The network with this step's dropout: ``kept[l]`` is the 0/1 mask of layer l (None: every unit is there,
    e.g. the input and output layers). Dropped units are grey crosses; their edges disappear."""
    n_layers = len(layer_sizes)
    tallest = max(layer_sizes)
    pos = [[(float(l), (n - 1) / 2.0 - i) for i in range(n)] for l, n in enumerate(layer_sizes)]
    alive = [np.ones(n, bool) if k is None else np.asarray(k, bool).reshape(-1) for n, k in zip(layer_sizes, kept)]
    ex, ey = [], []
    for l in range(n_layers - 1):
        for i, (x0, y0) in enumerate(pos[l]):
            for j, (x1, y1) in enumerate(pos[l + 1]):
                if alive[l][i] and alive[l + 1][j]:
                    ex += [x0, x1, None]
                    ey += [y0, y1, None]
    data = [dict(type="scatter", x=ex, y=ey, mode="lines", meta="edges", showlegend=False, hoverinfo="skip",
                 line=dict(color=theme.NEUTRAL, width=1), opacity=0.55)]
    first_dropped = next((i for i, a in enumerate(alive) if (~a).any()), None)
    for l, col in enumerate(pos):
        on = alive[l]
        xs = np.array([p[0] for p in col])
        ys = np.array([p[1] for p in col])
        data.append(dict(type="scatter", x=xs[on], y=ys[on], mode="markers", meta=f"nodes:{l}", name=labels["kept"],
                         legendgroup="kept", showlegend=l == 1, hoverinfo="skip",
                         marker=dict(size=24, color=theme.POSITIVE, line=dict(width=2, color="white"))))
        if (~on).any():
            data.append(dict(type="scatter", x=xs[~on], y=ys[~on], mode="markers", meta=f"dropped:{l}",
                             name=labels["dropped"], legendgroup="dropped", showlegend=l == first_dropped,
                             hoverinfo="skip", marker=dict(size=22, symbol="x", color=theme.NEUTRAL, opacity=0.8)))
    layout = dict(height=360, xaxis=dict(visible=False, range=[-0.4, n_layers - 0.6]),
                  yaxis=dict(visible=False, range=[-(tallest / 2.0 + 0.3), tallest / 2.0 + 0.3]))
    return theme.figure(data, layout, title=title)


def expectation_bars(units: Sequence[str], series: Sequence[tuple[str, str, np.ndarray, int, str]], *,
                     title: str = "", y_axis: str = "") -> dict:
    """Grouped bars per unit: (meta, label, values, colour index, pattern) — training means next to test outputs."""
    data = [dict(type="bar", x=list(units), y=np.asarray(values, float), name=label, meta=meta,
                 marker=dict(color=theme.color(col), pattern=dict(shape=pattern)),
                 hovertemplate="%{x}: %{y:.4f}<extra></extra>") for meta, label, values, col, pattern in series]
    return theme.figure(data, dict(barmode="group", height=420, legend=LEGEND_BELOW), title=title, y=y_axis)


def effect_bars(labels: Sequence[str], values: Sequence[float], *, highlight: int | None = None, title: str = "",
                y_axis: str = "") -> dict:
    """One bar per setting (e.g. the final test loss of each drop rate); ``highlight`` the chosen one."""
    colors = [theme.color(2) if i == highlight else theme.NEUTRAL for i in range(len(labels))]
    bar = dict(type="bar", x=list(labels), y=np.asarray(values, float), meta="effect", marker=dict(color=colors),
               text=[f"{v:.4f}" for v in values], textposition="outside", cliponaxis=False,
               hovertemplate="%{x}: %{y:.4f}<extra></extra>")
    return theme.figure([bar], dict(height=340, xaxis=dict(type="category"), yaxis=dict(rangemode="tozero")),
                        title=title, y=y_axis)


# ------------------------------------------------------------------------------------------ workflow
def class_scatter(X: np.ndarray, y: np.ndarray, *, labels: Sequence[str], split: np.ndarray | None = None,
                  split_symbols: Sequence[str] = ("circle", "diamond", "x"), split_labels: Sequence[str] = (),
                  title: str = "", x_axis: str = "", y_axis: str = "") -> dict:
    """The data set's points coloured by class; with ``split`` (0/1/2 per row) also shaped by split."""
    X = np.asarray(X, float)
    y = np.asarray(y)
    data = []
    for c, label in enumerate(labels):
        if split is None:
            idx = y == c
            data.append(dict(type="scatter", x=X[idx, 0], y=X[idx, 1], mode="markers", name=label, meta=f"class:{c}",
                             marker=dict(size=7, color=theme.color(c), opacity=0.8),
                             hovertemplate="(%{x:.3g}, %{y:.3g})<extra></extra>"))
            continue
        for s, (symbol, slabel) in enumerate(zip(split_symbols, split_labels)):
            idx = (y == c) & (np.asarray(split) == s)
            data.append(dict(type="scatter", x=X[idx, 0], y=X[idx, 1], mode="markers", name=f"{label} · {slabel}",
                             meta=f"class:{c}:{s}", marker=dict(size=7, symbol=symbol, color=theme.color(c),
                                                                 opacity=0.8),
                             hovertemplate="(%{x:.3g}, %{y:.3g})<extra></extra>"))
    return theme.figure(data, dict(height=420, legend=LEGEND_BELOW), title=title, x=x_axis, y=y_axis)


def grouped_counts(groups: Sequence[str], counts: np.ndarray, *, labels: Sequence[str], meta: str = "count",
                   title: str = "", y_axis: str = "") -> dict:
    """Stacked bars: one bar per group (e.g. a split), one segment per class; ``counts`` (groups, classes)."""
    counts = np.asarray(counts)
    data = [dict(type="bar", x=list(groups), y=counts[:, c], name=label, meta=f"{meta}:{c}",
                 marker=dict(color=theme.color(c)), text=[str(int(v)) for v in counts[:, c]],
                 textposition="inside", hovertemplate="%{x}: %{y}<extra></extra>") for c, label in enumerate(labels)]
    return theme.figure(data, dict(barmode="stack", height=340, legend=LEGEND_BELOW), title=title, y=y_axis)


def learning_curves(epochs: np.ndarray, curves: Sequence[Series], *, markers: Sequence[Marker] = (),
                    key: Key | None = None, log_y: bool = False, title: str = "", x_axis: str = "",
                    y_axis: str = "") -> dict:
    """Cost per epoch for one or two models (colour = model, dash = split; ``key``: a compact legend)."""
    data = [_line(epochs, s, width=2.4, hovertemplate="%{x}: %{y:.4f}", showlegend=key is None) for s in curves]
    if key is not None:
        data += _key_traces(key)
    data += [_marker(m, "%{x}: %{y:.4f}<extra></extra>") for m in markers]
    layout = dict(height=380, hovermode="x unified", legend=LEGEND_BELOW)
    if log_y:
        layout["yaxis"] = dict(type="log", exponentformat="power")
    return theme.figure(data, layout, title=title, x=x_axis, y=y_axis)


def probability_map(x1: np.ndarray, x2: np.ndarray, prob: np.ndarray, X: np.ndarray, y: np.ndarray, *,
                    labels: Sequence[str], new: np.ndarray | None = None, new_label: str = "",
                    prob_label: str = "P", title: str = "", x_axis: str = "", y_axis: str = "") -> dict:
    """P(class 1) over the input plane (heat map, 0.5 contour) with the points of ``X`` coloured by class and the
    ``new`` inputs as black-edged stars."""
    data = [dict(type="heatmap", x=np.asarray(x1), y=np.asarray(x2), z=np.asarray(prob), meta="prob", zmin=0, zmax=1,
                 colorscale=[[0, theme.color(0)], [0.5, "#F2F2F2"], [1, theme.color(1)]], opacity=0.65,
                 colorbar=dict(title=dict(text=prob_label), thickness=12),
                 hovertemplate="(%{x:.3g}, %{y:.3g}): %{z:.3f}<extra></extra>"),
            dict(type="contour", x=np.asarray(x1), y=np.asarray(x2), z=np.asarray(prob), meta="boundary",
                 showscale=False, showlegend=False, hoverinfo="skip",
                 contours=dict(coloring="none", start=0.5, end=0.5, size=1),
                 line=dict(color="black", width=2))]
    X = np.asarray(X, float)
    for c, label in enumerate(labels):
        idx = np.asarray(y) == c
        data.append(dict(type="scatter", x=X[idx, 0], y=X[idx, 1], mode="markers", name=label, meta=f"class:{c}",
                         marker=dict(size=6, color=theme.color(c), line=dict(width=0.5, color="white")),
                         hoverinfo="skip"))
    if new is not None:
        new = np.asarray(new, float)
        data.append(dict(type="scatter", x=new[:, 0], y=new[:, 1], mode="markers+text", name=new_label, meta="new",
                         text=[str(i + 1) for i in range(len(new))], textposition="top center",
                         textfont=dict(size=14), marker=dict(size=15, symbol="star", color=theme.OKABE_ITO["yellow"],
                                                             line=dict(width=1.5, color="black")),
                         hovertemplate="(%{x:.3g}, %{y:.3g})<extra></extra>"))
    layout = dict(height=460, legend=LEGEND_BELOW, xaxis=dict(range=[float(x1[0]), float(x1[-1])]),
                  yaxis=dict(range=[float(x2[0]), float(x2[-1])]))
    return theme.figure(data, layout, title=title, x=x_axis, y=y_axis)


def unit_maps(x1: np.ndarray, x2: np.ndarray, maps: np.ndarray, *, names: Sequence[str], title: str = "",
              cols: int = 4) -> dict:
    """Small multiples: each hidden unit's output over the input plane (diverging colours, −1 … 1)."""
    maps = np.asarray(maps, float)
    n = maps.shape[0]
    cols = max(1, min(cols, n))
    rows = -(-n // cols)
    layout = dict(height=150 + 170 * rows, **theme.axes_grid(rows, cols, hspace=0.04, vspace=0.12))
    data, annotations = [], []
    for j in range(n):
        ax = "" if j == 0 else str(j + 1)
        data.append(dict(type="heatmap", x=np.asarray(x1), y=np.asarray(x2), z=maps[j], meta=f"unit:{j}",
                         zmin=-1, zmax=1, colorscale=[list(c) for c in theme.DIVERGING], showscale=j == 0,
                         colorbar=dict(thickness=10, len=0.8), xaxis=f"x{ax}", yaxis=f"y{ax}",
                         hovertemplate=f"{names[j]}: %{{z:.3f}}<extra></extra>"))
        layout[f"xaxis{ax}"].update(showticklabels=False, ticks="")
        layout[f"yaxis{ax}"].update(showticklabels=False, ticks="")
        annotations.append(dict(text=names[j], xref=f"x{ax} domain", yref=f"y{ax} domain", x=0.5, y=1.0,
                                xanchor="center", yanchor="bottom", showarrow=False, font=dict(size=13)))
    layout["annotations"] = annotations
    return theme.figure(data, layout, title=title)
