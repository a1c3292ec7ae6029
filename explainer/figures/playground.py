"""Figures of the Playground page drawn with Plotly: the data-set thumbnails. Pure builders: data in (every number
from nncore), a plain dict out (``theme.figure``). The live view (network, output map, loss curves, confusion
matrices) is painted by the page's canvas component from nncore's frame, not by Plotly."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from explainer import theme

CLASS_COLORS = (theme.NEGATIVE, theme.POSITIVE, theme.OKABE_ITO["bluish_green"], theme.OKABE_ITO["orange"],
                theme.OKABE_ITO["reddish_purple"])
LIGHT = "#F7F7F7"


def class_colors(k: int) -> tuple[str, ...]:
    """Colours of classes 0 … k−1 (binary: class 0 vermillion, class 1 blue, as TF's orange/blue; the live view's
    canvas uses the same five colours)."""
    return CLASS_COLORS[:max(k, 2)]


def value_scale() -> list:
    """Regression values: negative vermillion, 0 light, positive blue (use with cmin −1, cmax 1)."""
    return [[0.0, theme.NEGATIVE], [0.5, LIGHT], [1.0, theme.POSITIVE]]


def thumbnails(items: Sequence[tuple[str, str, np.ndarray, np.ndarray, int]], selected: str | None = None, *,
               cols: int = 3, cell: int = 92, title_px: int = 24, limit: float = 6.0) -> dict:
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
    return theme.figure(data, layout)
