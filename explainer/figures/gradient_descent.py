"""Figures of the Gradient-descent page. Pure builders: data in (every number from nncore), a plain dict out
(``theme.figure``); the title is drawn above the chart by ``Page.chart``.

The 1-D chart has no animation of its own: the page's one step control (the URL's k) decides what it shows, so the
metrics, the formula and the chart always agree. The 2-D contours keep a ▶ Play that moves a dot along every path in
the browser (frames of plain dicts, no server work); nothing else on the page follows a step there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from explainer import theme


@dataclass(frozen=True)
class PathSeries:
    """One descent path on a surface: ``x``, ``y`` (n,), the loss ``values`` (n,), drawn in series colour ``color``."""

    name: str  # meta id "path:<name>"
    label: str
    x: np.ndarray
    y: np.ndarray
    values: np.ndarray
    color: int = 0


def _play_menu(play: str, pause: str, duration: int) -> list[dict]:
    return [dict(type="buttons", direction="left", x=0.0, y=-0.2, xanchor="left", yanchor="top", showactive=False,
                 buttons=[dict(label=play, method="animate",
                               args=[None, dict(frame=dict(duration=duration, redraw=False),
                                                transition=dict(duration=0), fromcurrent=True, mode="immediate")]),
                          dict(label=pause, method="animate",
                               args=[[None], dict(frame=dict(duration=0, redraw=False), mode="immediate")])])]


def descent_1d(curve_a: np.ndarray, curve_f: np.ndarray, path_a: np.ndarray, path_f: np.ndarray, *,
               tangent_x: np.ndarray, tangent_y: np.ndarray, next_point: tuple[float, float] | None = None,
               window: tuple[float, float] | None = None, title: str = "", a_axis: str = "a", f_axis: str = "f(a)",
               curve_label: str = "f(a)", path_label: str = "path", tangent_label: str = "tangent",
               current_label: str = "a_k", next_label: str = "a_k+1") -> dict:
    """The curve f, the descent path up to the current step, the tangent at a_k and the next point a_{k+1} (a ring).
    No Play button: the page's step control is the only one."""
    data = [
        dict(type="scatter", x=curve_a, y=curve_f, name=curve_label, meta="curve", mode="lines",
             line=dict(color=theme.NEUTRAL, width=3), hovertemplate="a = %{x:.4g}<br>f = %{y:.4g}<extra></extra>"),
        dict(type="scatter", x=path_a, y=path_f, name=path_label, meta="path", mode="lines+markers",
             line=dict(color=theme.color(0), width=1.5), marker=dict(size=7, color=theme.color(0)),
             hovertemplate="a = %{x:.6g}<br>f = %{y:.6g}<extra></extra>"),
        dict(type="scatter", x=tangent_x, y=tangent_y, name=tangent_label, meta="tangent", mode="lines",
             line=dict(color=theme.color(1), width=2.5, dash="dash"), hoverinfo="skip"),
        dict(type="scatter", x=[path_a[-1]], y=[path_f[-1]], name=current_label, meta="current", mode="markers",
             marker=dict(size=16, color=theme.color(1), line=dict(width=2, color="white")),
             hovertemplate="a = %{x:.6g}<br>f = %{y:.6g}<extra></extra>"),
    ]
    if next_point is not None:
        data.append(dict(type="scatter", x=[next_point[0]], y=[next_point[1]], name=next_label, meta="next",
                         mode="markers", marker=dict(size=14, color=theme.color(2), symbol="circle-open",
                                                     line=dict(width=3)),
                         hovertemplate="a = %{x:.6g}<br>f = %{y:.6g}<extra></extra>"))
    lo, hi = float(np.min(curve_f)), float(np.max(curve_f))
    pad = 0.08 * (hi - lo if hi > lo else 1.0)
    layout = dict(height=440, hovermode="closest", yaxis=dict(range=[lo - pad, hi + pad]))
    if window is not None:
        layout["xaxis"] = dict(range=list(window))
    return theme.figure(data, layout, title=title, x=a_axis, y=f_axis)


def visible_steps(x: np.ndarray, y: np.ndarray, spans: tuple[float, float], gap: float = 0.004) -> np.ndarray:
    """Indices of the steps that get a dot: the first, the last, and every step at least ``gap`` of the plot's
    width or height (``spans``) away from the last dot drawn — about 2 px on a laptop, closer than a dot's own size.

    A path that has converged piles a hundred steps onto one spot; drawing each as its own SVG marker cost Plotly
    ~15 ms per change on Gradient descent · 2-D (three paths of 151 steps) and shows nothing more than one dot. The
    line still goes through every step, and hovering it reports every step."""
    px, py = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    sx, sy = (abs(s) if s else 1.0 for s in spans)
    keep, last = [], None
    for i in range(len(px)):
        if not (np.isfinite(px[i]) and np.isfinite(py[i])):
            continue
        if last is None or max(abs(px[i] - px[last]) / sx, abs(py[i] - py[last]) / sy) >= gap:
            keep.append(i)
            last = i
    if last is not None and last != len(px) - 1 and np.isfinite(px[-1]) and np.isfinite(py[-1]):
        keep.append(len(px) - 1)  # the step the path ends on, even when it is close to the dot before
    return np.asarray(keep, dtype=np.int64)


def contour(xs: np.ndarray, ys: np.ndarray, shown: np.ndarray, values: np.ndarray, paths: Sequence[PathSeries], *,
            start: tuple[float, float] | None = None, minima: Sequence[tuple[float, float]] = (),
            frame_steps: np.ndarray | None = None, title: str = "",
            x_axis: str = "w1", y_axis: str = "w2", start_label: str = "start", minimum_label: str = "minimum",
            click_hint: str = "", colorbar_label: str = "f", equal_aspect: bool = False, play: str = "Play",
            pause: str = "Pause", height: int = 560, markers: bool = True) -> dict:
    """Contour of a loss surface with descent paths.

    ``shown`` (ny, nx) is coloured, ``values`` (raw f) is shown on hover (``click_hint`` below it: a click on the
    plot reports the grid point under the cursor, see ``Page.chart(on_click=...)``).
    With ``frame_steps`` a Play button moves a dot ("head:<name>") along each path in the browser.
    """
    data = [dict(type="contour", x=xs, y=ys, z=shown, customdata=values, meta="contour", colorscale=theme.SEQUENTIAL,
                 ncontours=24, contours=dict(coloring="fill", showlines=True),  # bands: half the browser's work of "heatmap"
                 line=dict(width=0.5, color="rgba(255,255,255,0.35)"),
                 colorbar=dict(title=dict(text=colorbar_label, side="right"), thickness=12),
                 hovertemplate=f"{x_axis} = %{{x:.3f}}<br>{y_axis} = %{{y:.3f}}<br>f = %{{customdata:.4g}}"
                               + (f"<br>{click_hint}" if click_hint else "") + "<extra></extra>")]
    spans = (float(xs[-1] - xs[0]), float(ys[-1] - ys[0]))
    for p in paths:
        col = theme.color(p.color)
        dots = markers and len(p.x) <= 300
        data.append(dict(type="scatter", x=p.x, y=p.y, name=p.label, meta=f"path:{p.name}", mode="lines",
                         legendgroup=p.name, showlegend=not dots, line=dict(color=col, width=2.5), customdata=p.values,
                         hovertemplate=f"{p.label}<br>(%{{x:.4g}}, %{{y:.4g}})<br>f = %{{customdata:.4g}}"
                                       "<extra></extra>"))
        if dots:  # one dot per visible step, and the legend's line-and-dot entry for the two
            keep = visible_steps(p.x, p.y, spans)
            data.append(dict(type="scatter", x=np.asarray(p.x)[keep], y=np.asarray(p.y)[keep], mode="markers",
                             meta=f"steps:{p.name}", legendgroup=p.name, showlegend=False, hoverinfo="skip",
                             marker=dict(size=5, color=col)))
            data.append(dict(type="scatter", x=[None], y=[None], mode="lines+markers", name=p.label,
                             meta=f"legend:{p.name}", legendgroup=p.name, hoverinfo="skip",
                             line=dict(color=col, width=2.5), marker=dict(size=5, color=col)))
    if minima:
        mins = np.asarray(minima, dtype=float)
        data.append(dict(type="scatter", x=mins[:, 0], y=mins[:, 1], mode="markers", name=minimum_label, meta="minima",
                         marker=dict(symbol="x", size=13, color="white", line=dict(width=2, color="black")),
                         hovertemplate="(%{x:.4g}, %{y:.4g})<extra></extra>"))
    if start is not None:
        data.append(dict(type="scatter", x=[start[0]], y=[start[1]], mode="markers", name=start_label, meta="start",
                         marker=dict(symbol="star", size=18, color=theme.OKABE_ITO["yellow"],
                                     line=dict(width=1.5, color="black")),
                         hovertemplate="(%{x:.4g}, %{y:.4g})<extra></extra>"))
    layout: dict = dict(height=height, hovermode="closest", clickmode="event", dragmode="pan",
                        xaxis=dict(range=[float(xs[0]), float(xs[-1])], showgrid=False, zeroline=False),
                        yaxis=dict(range=[float(ys[0]), float(ys[-1])], showgrid=False, zeroline=False))
    frames = None
    if frame_steps is not None and len(frame_steps) > 1 and paths:
        first = len(data)
        for p in paths:
            data.append(dict(type="scatter", x=[p.x[0]], y=[p.y[0]], mode="markers", meta=f"head:{p.name}",
                             showlegend=False, marker=dict(size=15, color=theme.color(p.color),
                                                           line=dict(width=2, color="white")), hoverinfo="skip"))
        heads = list(range(first, first + len(paths)))
        frames = [dict(name=str(int(k)), traces=heads,
                       data=[dict(type="scatter", x=[float(p.x[min(int(k), len(p.x) - 1)])],
                                  y=[float(p.y[min(int(k), len(p.y) - 1)])]) for p in paths])
                  for k in frame_steps]
        layout["updatemenus"] = _play_menu(play, pause, 120)  # below the x axis title, even on a phone
        layout["margin"] = dict(b=100)
    if equal_aspect:
        layout["yaxis"].update(scaleanchor="x", scaleratio=1)
    fig = theme.figure(data, layout, title=title, x=x_axis, y=y_axis)
    if frames:
        fig["frames"] = frames
    return fig


def surface_3d(xs: np.ndarray, ys: np.ndarray, shown: np.ndarray, paths: Sequence[PathSeries],
               path_z: Sequence[np.ndarray], *, title: str = "", x_axis: str = "w1", y_axis: str = "w2",
               z_axis: str = "f") -> dict:
    """The surface in 3-D with each path lifted onto it (``path_z[i]`` on the same scale as ``shown``)."""
    data = [dict(type="surface", x=xs, y=ys, z=shown, colorscale=theme.SEQUENTIAL, showscale=False, opacity=0.9,
                 meta="surface", hoverinfo="skip")]
    for p, z in zip(paths, path_z):
        data.append(dict(type="scatter3d", x=p.x, y=p.y, z=z, name=p.label, meta=f"path3d:{p.name}", mode="lines",
                         line=dict(color=theme.color(p.color), width=6)))
    layout = dict(height=560, scene=dict(xaxis=dict(title=dict(text=x_axis)), yaxis=dict(title=dict(text=y_axis)),
                                         zaxis=dict(title=dict(text=z_axis)),
                                         camera=dict(eye=dict(x=1.4, y=-1.5, z=1.1))))
    return theme.figure(data, layout, title=title)


def loss_curves(series: Sequence[tuple[str, str, np.ndarray, np.ndarray, int]], *, title: str = "",
                x_axis: str = "step", y_axis: str = "loss", log_y: bool = False, markers: bool = False,
                tol: float | None = None, tol_label: str = "") -> dict:
    """Loss against step (or epoch): one line per (meta id, label, x, y, colour index); optional tolerance line
    (a legend entry, so its label never clips)."""
    data = [dict(type="scatter", x=x, y=y, name=label, meta=f"loss:{meta}", mode="lines+markers" if markers else "lines",
                 line=dict(color=theme.color(col), width=2.5), hovertemplate="%{x}: %{y:.4g}")
            for meta, label, x, y, col in series]
    layout: dict = dict(height=380, hovermode="x unified")
    if tol is not None:
        longest = max((len(s[2]) for s in series), default=1)
        data.append(dict(type="scatter", x=[0, max(longest - 1, 1)], y=[tol, tol], mode="lines", name=tol_label,
                         meta="tol", line=dict(color=theme.NEUTRAL, dash="dot", width=2), hoverinfo="skip"))
    if log_y:
        layout["yaxis"] = dict(type="log", exponentformat="power")
    return theme.figure(data, layout, title=title, x=x_axis, y=y_axis)
