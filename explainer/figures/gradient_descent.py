"""Figures of the Gradient-descent page: pure builders (data in, ``go.Figure`` out), no maths.

Animations use Plotly frames: every frame's data is passed in (computed by nncore), the browser plays them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from explainer import theme


class FramedFigure(go.Figure):
    """A ``go.Figure`` whose animation frames are kept as plain dicts and added only when it is serialised.

    Plotly builds and validates a graph object for every trace of every frame (≈ 0.5 ms each: 60 frames × 5 dots
    would cost 150 ms per rerun). Frames here only move markers along data that is already in the figure, so they
    go straight into ``to_dict()`` (which ``st.plotly_chart`` and ``plotly.io.to_json`` use).
    """

    def set_frames(self, frames: list[dict]) -> None:
        self._raw_frames = frames

    def to_dict(self) -> dict:
        out = super().to_dict()
        frames = getattr(self, "_raw_frames", None)
        if frames:
            out["frames"] = frames
        return out


def _scatter_frame(name: str, traces: list[int], points: list[tuple]) -> dict:
    return {"name": name, "traces": traces,
            "data": [{"type": "scatter", "x": x, "y": y} for x, y in points]}


@dataclass(frozen=True)
class PathSeries:
    """One descent path on a surface: ``x``, ``y`` (n,), the loss ``values`` (n,), drawn in series colour ``color``."""

    name: str  # meta id "path:<name>"
    label: str
    x: np.ndarray
    y: np.ndarray
    values: np.ndarray
    color: int = 0


@dataclass(frozen=True)
class Frames1D:
    """Precomputed frames of a 1-D descent: frame j shows the path up to step ``steps[j]`` and the tangent there."""

    steps: np.ndarray  # (F,) step indices k
    a: np.ndarray  # (n,) the whole run a_0..a_K
    f: np.ndarray  # (n,)
    tangent_x: np.ndarray  # (F, 2)
    tangent_y: np.ndarray  # (F, 2)


def _play_menu(play: str, pause: str, duration: int) -> list[dict]:
    return [dict(type="buttons", direction="left", x=0.0, y=-0.12, xanchor="left", yanchor="top", showactive=False,
                 buttons=[dict(label=play, method="animate",
                               args=[None, dict(frame=dict(duration=duration, redraw=False),
                                                transition=dict(duration=0), fromcurrent=True, mode="immediate")]),
                          dict(label=pause, method="animate",
                               args=[[None], dict(frame=dict(duration=0, redraw=False), mode="immediate")])])]


def descent_1d(curve_a: np.ndarray, curve_f: np.ndarray, path_a: np.ndarray, path_f: np.ndarray, *,
               tangent_x: np.ndarray, tangent_y: np.ndarray, next_point: tuple[float, float] | None = None,
               frames: Frames1D | None = None, window: tuple[float, float] | None = None, title: str = "",
               a_axis: str = "a", f_axis: str = "f(a)", curve_label: str = "f(a)", path_label: str = "path",
               tangent_label: str = "tangent", current_label: str = "a_k", next_label: str = "a_k+1",
               play: str = "Play", pause: str = "Pause") -> go.Figure:
    """The curve f, the descent path up to the current step, the tangent at a_k and the next point a_{k+1}.

    With ``frames`` a Play button replays the run in the browser (traces "path", "tangent", "current").
    """
    fig = FramedFigure()
    fig.add_trace(go.Scatter(x=curve_a, y=curve_f, name=curve_label, meta="curve", mode="lines",
                             line=dict(color=theme.NEUTRAL, width=3), hovertemplate="a = %{x:.4g}<br>f = %{y:.4g}"
                             "<extra></extra>"))
    fig.add_trace(go.Scatter(x=path_a, y=path_f, name=path_label, meta="path", mode="lines+markers",
                             line=dict(color=theme.color(0), width=1.5), marker=dict(size=7, color=theme.color(0)),
                             hovertemplate="a = %{x:.6g}<br>f = %{y:.6g}<extra></extra>"))
    fig.add_trace(go.Scatter(x=tangent_x, y=tangent_y, name=tangent_label, meta="tangent", mode="lines",
                             line=dict(color=theme.color(1), width=2.5, dash="dash"), hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=[path_a[-1]], y=[path_f[-1]], name=current_label, meta="current", mode="markers",
                             marker=dict(size=16, color=theme.color(1), line=dict(width=2, color="white")),
                             hovertemplate="a = %{x:.6g}<br>f = %{y:.6g}<extra></extra>"))
    if next_point is not None:
        fig.add_trace(go.Scatter(x=[next_point[0]], y=[next_point[1]], name=next_label, meta="next", mode="markers",
                                 marker=dict(size=14, color=theme.color(2), symbol="circle-open",
                                             line=dict(width=3)),
                                 hovertemplate="a = %{x:.6g}<br>f = %{y:.6g}<extra></extra>"))
    if frames is not None and len(frames.steps) > 1:
        fig.set_frames([_scatter_frame(str(int(k)), [1, 2, 3], [
            (frames.a[:k + 1], frames.f[:k + 1]), (frames.tangent_x[j], frames.tangent_y[j]),
            ([float(frames.a[k])], [float(frames.f[k])])]) for j, k in enumerate(frames.steps)])
        fig.update_layout(updatemenus=_play_menu(play, pause, 350))
    lo = float(np.min(curve_f))
    hi = float(np.max(curve_f))
    pad = 0.08 * (hi - lo if hi > lo else 1.0)
    fig.update_yaxes(range=[lo - pad, hi + pad])
    if window is not None:
        fig.update_xaxes(range=list(window))
    fig.update_layout(height=470, hovermode="closest", margin=dict(b=70))
    return theme.style(fig, title=title, x=a_axis, y=f_axis)


def contour(xs: np.ndarray, ys: np.ndarray, shown: np.ndarray, values: np.ndarray, paths: Sequence[PathSeries], *,
            start: tuple[float, float] | None = None, minima: Sequence[tuple[float, float]] = (),
            click_points: np.ndarray | None = None, frame_steps: np.ndarray | None = None, title: str = "",
            x_axis: str = "w1", y_axis: str = "w2", start_label: str = "start", minimum_label: str = "minimum",
            click_hint: str = "", colorbar_label: str = "f", equal_aspect: bool = False, play: str = "Play",
            pause: str = "Pause", height: int = 560, markers: bool = True) -> go.Figure:
    """Contour of a loss surface with descent paths.

    ``shown`` (ny, nx) is coloured, ``values`` (raw f) is shown on hover. ``click_points`` (n, 2) adds an invisible
    scatter layer (meta "click") so a click anywhere on the plot selects a point (Streamlit ``on_select``).
    With ``frame_steps`` a Play button moves a dot ("head:<name>") along each path in the browser.
    """
    fig = FramedFigure()
    fig.add_trace(go.Contour(x=xs, y=ys, z=shown, customdata=values, meta="contour", colorscale=theme.SEQUENTIAL,
                             ncontours=24, contours=dict(coloring="heatmap", showlines=True),
                             line=dict(width=0.5, color="rgba(255,255,255,0.35)"),
                             colorbar=dict(title=dict(text=colorbar_label), thickness=14),
                             hovertemplate=f"{x_axis} = %{{x:.3f}}<br>{y_axis} = %{{y:.3f}}<br>f = %{{customdata:.4g}}"
                                           "<extra></extra>"))
    if click_points is not None:
        fig.add_trace(go.Scatter(x=click_points[:, 0], y=click_points[:, 1], mode="markers", meta="click",
                                 showlegend=False, marker=dict(size=14, color="rgba(255,255,255,0.004)"),
                                 selected=dict(marker=dict(opacity=1)), unselected=dict(marker=dict(opacity=1)),
                                 hovertemplate=f"{click_hint}<br>({{x}}, {{y}})".replace("{x}", "%{x:.2f}")
                                 .replace("{y}", "%{y:.2f}") + "<extra></extra>"))
    for p in paths:
        col = theme.color(p.color)
        mode = "lines+markers" if markers and len(p.x) <= 300 else "lines"
        fig.add_trace(go.Scatter(x=p.x, y=p.y, name=p.label, meta=f"path:{p.name}", mode=mode,
                                 line=dict(color=col, width=2.5), marker=dict(size=5, color=col),
                                 customdata=p.values, selected=dict(marker=dict(opacity=1)),
                                 unselected=dict(marker=dict(opacity=1)),
                                 hovertemplate=f"{p.label}<br>({{x}}, {{y}})".replace("{x}", "%{x:.4g}")
                                 .replace("{y}", "%{y:.4g}") + "<br>f = %{customdata:.4g}<extra></extra>"))
    if minima:
        mins = np.asarray(minima, dtype=float)
        fig.add_trace(go.Scatter(x=mins[:, 0], y=mins[:, 1], mode="markers", name=minimum_label, meta="minima",
                                 marker=dict(symbol="x", size=13, color="white", line=dict(width=2, color="black")),
                                 hovertemplate="(%{x:.4g}, %{y:.4g})<extra></extra>"))
    if start is not None:
        fig.add_trace(go.Scatter(x=[start[0]], y=[start[1]], mode="markers", name=start_label, meta="start",
                                 marker=dict(symbol="star", size=18, color=theme.OKABE_ITO["yellow"],
                                             line=dict(width=1.5, color="black")),
                                 hovertemplate="(%{x:.4g}, %{y:.4g})<extra></extra>"))
    if frame_steps is not None and len(frame_steps) > 1 and paths:
        first = len(fig.data)
        for p in paths:
            fig.add_trace(go.Scatter(x=[p.x[0]], y=[p.y[0]], mode="markers", meta=f"head:{p.name}", showlegend=False,
                                     marker=dict(size=15, color=theme.color(p.color), line=dict(width=2, color="white")),
                                     hoverinfo="skip"))
        heads = list(range(first, first + len(paths)))
        fig.set_frames([_scatter_frame(str(int(k)), heads, [
            ([float(p.x[min(int(k), len(p.x) - 1)])], [float(p.y[min(int(k), len(p.y) - 1)])]) for p in paths])
            for k in frame_steps])
        fig.update_layout(updatemenus=_play_menu(play, pause, 120))
    fig.update_xaxes(range=[float(xs[0]), float(xs[-1])], showgrid=False, zeroline=False)
    fig.update_yaxes(range=[float(ys[0]), float(ys[-1])], showgrid=False, zeroline=False)
    if equal_aspect:
        fig.update_yaxes(scaleanchor="x", scaleratio=1)
    fig.update_layout(height=height, hovermode="closest", clickmode="event+select", dragmode="pan",
                      margin=dict(b=70))
    return theme.style(fig, title=title, x=x_axis, y=y_axis)


def surface_3d(xs: np.ndarray, ys: np.ndarray, shown: np.ndarray, paths: Sequence[PathSeries],
               path_z: Sequence[np.ndarray], *, title: str = "", x_axis: str = "w1", y_axis: str = "w2",
               z_axis: str = "f") -> go.Figure:
    """The surface in 3-D with each path lifted onto it (``path_z[i]`` on the same scale as ``shown``)."""
    fig = go.Figure(go.Surface(x=xs, y=ys, z=shown, colorscale=theme.SEQUENTIAL, showscale=False, opacity=0.9,
                               meta="surface", hoverinfo="skip"))
    for p, z in zip(paths, path_z):
        fig.add_trace(go.Scatter3d(x=p.x, y=p.y, z=z, name=p.label, meta=f"path3d:{p.name}", mode="lines",
                                   line=dict(color=theme.color(p.color), width=6)))
    fig.update_layout(height=560, scene=dict(xaxis_title=x_axis, yaxis_title=y_axis, zaxis_title=z_axis,
                                             camera=dict(eye=dict(x=1.4, y=-1.5, z=1.1))))
    return theme.style(fig, title=title)


def loss_curves(series: Sequence[tuple[str, str, np.ndarray, np.ndarray, int]], *, title: str = "",
                x_axis: str = "step", y_axis: str = "loss", log_y: bool = False, markers: bool = False,
                tol: float | None = None, tol_label: str = "") -> go.Figure:
    """Loss against step (or epoch): one line per (meta id, label, x, y, colour index); optional tolerance line."""
    fig = go.Figure()
    for meta, label, x, y, col in series:
        fig.add_trace(go.Scatter(x=x, y=y, name=label, meta=f"loss:{meta}", mode="lines+markers" if markers else "lines",
                                 line=dict(color=theme.color(col), width=2.5), hovertemplate="%{x}: %{y:.4g}"))
    layout: dict = dict(height=380, hovermode="x unified")
    if tol is not None:  # a plain shape + annotation (add_hline is slow)
        layout["shapes"] = [dict(type="line", xref="paper", x0=0, x1=1, yref="y", y0=tol, y1=tol, name="tol",
                                 line=dict(color=theme.NEUTRAL, dash="dot"))]
        layout["annotations"] = [dict(xref="paper", x=1, yref="y", y=np.log10(tol) if log_y else tol,
                                      text=tol_label, showarrow=False, xanchor="right", yanchor="top")]
    if log_y:
        layout["yaxis"] = dict(type="log", exponentformat="power")
    fig.update_layout(**layout)
    return theme.style(fig, title=title, x=x_axis, y=y_axis)
