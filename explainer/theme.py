"""The one module that owns the look: palette, diverging colours, fonts and the Plotly template.

Figure builders return plain dicts (``figure(data, layout)``): building ``plotly.graph_objects`` validates every
property and cost more than the maths. ``Page.chart`` draws them through ``spec()`` with ``explainer.charts``
(redrawn in place; ``st.plotly_chart(theme="streamlit")`` for charts with Streamlit selections): the template sets no
background or text colour, so Streamlit's light and dark themes supply them, while our palette, fonts and hover
formats stay. In lecture mode ``for_lecture()`` enlarges every font and the
chart's height. Chart titles are drawn by ``Page.chart`` above the chart as page text, so they wrap at any width.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from plotly.basedatatypes import BaseFigure

from explainer.i18n import HTML_LANG, library_words, resolve_lang

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
OKABE_ITO = MappingProxyType(
    {
        "black": "#000000",
        "orange": "#E69F00",
        "sky_blue": "#56B4E9",
        "bluish_green": "#009E73",
        "yellow": "#F0E442",
        "blue": "#0072B2",
        "vermillion": "#D55E00",
        "reddish_purple": "#CC79A7",
        "grey": "#999999",
    }
)
# Series colours in order (black left out: invisible on the dark theme).
SERIES = (
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["orange"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["yellow"],
)
NEGATIVE = OKABE_ITO["vermillion"]  # negative weights / values
POSITIVE = OKABE_ITO["blue"]  # positive weights / values
NEUTRAL = OKABE_ITO["grey"]
# Diverging scale for signed quantities (weights, gradients): vermillion < 0 < blue; use zmid=0.
DIVERGING = ((0.0, NEGATIVE), (0.5, "#F2F2F2"), (1.0, POSITIVE))
# Sequential scale for shares / densities (readable in both themes).
SEQUENTIAL = "Cividis"
SATURATION_OPACITY = 0.13  # shading of saturation zones

FONT_FAMILY = (
    '"Source Sans Pro", "Source Sans 3", "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", '
    '"Microsoft YaHei", "Hiragino Sans GB", sans-serif'
)
HOVER_FORMAT = ".4~g"  # exact-enough values in hovers, no trailing zeros
TEMPLATE_NAME = "nnx"


def _template() -> go.layout.Template:
    return go.layout.Template(
        layout=dict(
            font=dict(family=FONT_FAMILY, size=14),
            title=dict(font=dict(size=17), x=0.0, xanchor="left", xref="paper", y=0.995, yanchor="top", yref="container"),
            colorway=list(SERIES),
            paper_bgcolor="rgba(0,0,0,0)",
            plot_bgcolor="rgba(0,0,0,0)",
            hoverlabel=dict(font=dict(family=FONT_FAMILY, size=13)),
            xaxis=dict(hoverformat=HOVER_FORMAT, zeroline=True, automargin=True),
            yaxis=dict(hoverformat=HOVER_FORMAT, zeroline=True, automargin=True),
            legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
            margin=dict(l=10, r=10, t=MARGIN_TOP, b=10),
        )
    )


MARGIN_TOP = 36  # room for a one-row legend above the plot; titles are drawn above the chart by Page.chart


# Registering is idempotent (same name, same content); pio.templates is Plotly's own registry. Making it the
# default (process-wide configuration, the same for every session, set once at import) lets Plotly apply it
# while serialising, instead of validating and deep-copying the template into every figure (~3 ms each).
pio.templates[TEMPLATE_NAME] = _template()
pio.templates.default = TEMPLATE_NAME
# The template as JSON text, put into every dict figure by spec() (text: an immutable constant).
TEMPLATE_TEXT = json.dumps(pio.templates[TEMPLATE_NAME].to_plotly_json())


def color(i: int) -> str:
    """The i-th series colour (cycles)."""
    return SERIES[i % len(SERIES)]


def style(fig: go.Figure, title: str | None = None, x: str | None = None, y: str | None = None) -> go.Figure:
    """Optional title / axis titles (the "nnx" template is Plotly's default); returns ``fig`` for chaining."""
    layout = {}
    if title is not None:
        layout["title_text"] = title
    if x is not None:
        layout["xaxis_title"] = x
    if y is not None:
        layout["yaxis_title"] = y
    if layout:
        fig.update_layout(**layout)
    return fig


# ------------------------------------------------------------------------------------------ dict figures
def figure(data: Sequence[Mapping[str, Any]] = (), layout: Mapping[str, Any] | None = None, *, title: str | None = None,
           x: str | None = None, y: str | None = None) -> dict:
    """A figure as a plain dict: ``{"data": [trace dicts], "layout": {...}}`` (every trace dict names its ``type``).

    ``title`` is shown above the chart by ``Page.chart``; ``x`` / ``y`` are the axis titles.
    """
    lay = dict(layout or {})
    if title is not None:
        lay["title"] = {"text": title}
    if x is not None:
        lay.setdefault("xaxis", {})["title"] = {"text": x}
    if y is not None:
        lay.setdefault("yaxis", {})["title"] = {"text": y}
    return {"data": list(data), "layout": lay}


def axes_grid(rows: int = 1, cols: int = 1, *, hspace: float = 0.08, vspace: float = 0.08, shared_x: bool = False,
              shared_y: bool = False) -> dict:
    """Layout entries for a rows × cols grid of subplots (what ``make_subplots`` computes, without validation).

    Subplot (r, c), counted from 1 at the top left, uses axes ``x{n}``/``y{n}`` with n = (r − 1)·cols + c
    (n = 1 is written ``x``/``y``). ``shared_x`` links every x axis to the first (one zoom for all).
    """
    out: dict[str, dict] = {}
    width = (1.0 - hspace * (cols - 1)) / cols
    height = (1.0 - vspace * (rows - 1)) / rows
    for r in range(rows):
        for c in range(cols):
            n = r * cols + c + 1
            sx = sy = "" if n == 1 else str(n)
            x0 = c * (width + hspace)
            y1 = 1.0 - r * (height + vspace)
            xa = {"domain": [x0, min(x0 + width, 1.0)], "anchor": f"y{sy}"}
            ya = {"domain": [max(y1 - height, 0.0), y1], "anchor": f"x{sx}"}
            if shared_x:
                if n > 1:
                    xa["matches"] = "x"
                if r < rows - 1:
                    xa["showticklabels"] = False
            if shared_y and n > 1:
                ya["matches"] = "y"
            out[f"xaxis{sx}"], out[f"yaxis{sy}"] = xa, ya
    return out


def _typed(value: np.ndarray) -> Any:
    """A NumPy array as Plotly's typed-array JSON (``{"dtype", "bdata"[, "shape"]}``, as Plotly 7 writes it)."""
    if value.dtype.kind == "f":
        arr = np.ascontiguousarray(value, dtype=np.float32 if value.dtype == np.float32 else np.float64)
    elif value.dtype.kind in "iu":
        arr = np.ascontiguousarray(value, dtype=value.dtype if value.dtype.itemsize <= 4 else np.int32)
        if value.dtype.itemsize > 4 and (value.size and (value.max() > 2**31 - 1 or value.min() < -(2**31))):
            arr = np.ascontiguousarray(value, dtype=np.float64)
    else:
        return value.tolist()
    out = {"dtype": arr.dtype.str.lstrip("<|="), "bdata": base64.b64encode(arr.tobytes()).decode("ascii")}
    if arr.ndim > 1:
        out["shape"] = ",".join(str(n) for n in arr.shape)
    return out


def _encode(obj: Any) -> Any:
    """Copy of a figure dict with NumPy arrays as typed arrays and NumPy scalars as Python numbers."""
    if isinstance(obj, Mapping):
        return {k: _encode(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_encode(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return _typed(obj)
    if isinstance(obj, np.generic):
        return obj.item()
    return obj


class _Spec(BaseFigure):
    """A ready figure dict that ``st.plotly_chart`` takes as it is.

    Given a dict, Streamlit 1.67 validates it by building a ``go.Figure`` from it (``return_figure_from_figure_or_
    data(..., validate_figure=True)``), which is the cost we avoid; given a ``BaseFigure`` it only calls
    ``to_dict()``. Nothing else of BaseFigure is used (its ``__init__`` is deliberately not run). Checked by
    tests/unit/test_theme.py against the installed Streamlit.
    """

    def __init__(self, spec: dict):  # noqa: D107 - BaseFigure.__init__ skipped on purpose
        self._nnx_spec = spec

    def to_dict(self) -> dict:
        return self._nnx_spec


def spec(fig: go.Figure | Mapping[str, Any], *, lecture: bool = False) -> tuple[BaseFigure, str | None]:
    """(what to hand to ``st.plotly_chart``, the title to draw above it): arrays typed, the title taken out of the
    figure, fonts and height enlarged in lecture mode, the look (``_apply_look``) written into the layout.
    ``fig`` is not modified."""
    if isinstance(fig, BaseFigure):
        fig = fig.to_plotly_json()
    data = [_encode(tr) for tr in fig.get("data", ())]
    layout = _encode(fig.get("layout", {}))
    title = layout.pop("title", None)
    text = title.get("text") if isinstance(title, Mapping) else title
    out = {"data": data, "layout": layout}
    if "frames" in fig:
        out["frames"] = _encode(fig["frames"])
    if lecture:
        for_lecture(out)  # the builder's own font sizes and height, before the look's defaults come in
    _apply_look(layout, lecture)
    return _Spec(out), (str(text) if text else None)


def _merge_defaults(target: dict, defaults: Mapping[str, Any]) -> None:
    """Fill ``target`` with ``defaults`` where it has no value of its own (nested dicts merged, never replaced)."""
    for key, value in defaults.items():
        if isinstance(value, Mapping):
            own = target.get(key)
            if own is None:
                target[key] = json.loads(json.dumps(value))
            elif isinstance(own, dict):
                _merge_defaults(own, value)
        else:
            target.setdefault(key, value)


def _apply_look(layout: dict, lecture: bool) -> None:
    """Write the template's look into the layout itself. With ``theme="streamlit"`` the browser replaces
    ``layout.template`` by Streamlit's own (seen in Chromium: Source Sans 12 px), so the font family with its CJK
    fallbacks, sizes, legend, margins and axis defaults must be the figure's own values; what a builder set wins."""
    look = json.loads(LECTURE_TEMPLATE_TEXT if lecture else TEMPLATE_TEXT)["layout"]
    axis = look.get("xaxis", {})
    for key in ("xaxis", "yaxis"):  # the first pair always (a figure may name only one of them)
        layout.setdefault(key, {})
    for key in list(layout):
        if key.startswith(("xaxis", "yaxis")) and isinstance(layout[key], dict):
            _merge_defaults(layout[key], axis)
            if lecture and layout[key].get("type") == "log" and layout[key].get("dtick") in (None, "D1", "D2"):
                layout[key]["dtick"] = 1  # powers of ten only: Plotly writes the digits between at 0.75 × size
    for key in ("font", "hoverlabel", "legend", "margin", "colorway"):
        if key in look:
            _merge_defaults(layout, {key: look[key]})


# ------------------------------------------------------------------------------------------ lecture mode
LECTURE_FONT = 18          # smallest chart text on a projector (px)
LECTURE_SCALE = 18 / 13    # explicit font sizes in figures grow by this much (at least to LECTURE_FONT)
LECTURE_HEIGHT = 1.25      # charts get taller
LECTURE_MIN_WIDTH = 1.2    # a minimum width grows less than the text (measured: the backprop graphs' 18 px boxes stay
#                            apart at 1.2 × the normal minimum, and still fit a 1280 px projector without scrolling)


def _lecture_template() -> dict:
    t = json.loads(TEMPLATE_TEXT)
    lay = t.setdefault("layout", {})
    lay["font"] = {**lay.get("font", {}), "size": 20}
    lay["hoverlabel"] = {"font": {"family": FONT_FAMILY, "size": 18}}
    for ax in ("xaxis", "yaxis"):
        lay[ax] = {**lay.get(ax, {}), "tickfont": {"size": LECTURE_FONT}, "title": {"font": {"size": 20}}}
    lay["legend"] = {**lay.get("legend", {}), "font": {"size": LECTURE_FONT}}
    lay["margin"] = {**lay.get("margin", {}), "t": 48}
    return t


def _scale_fonts(obj: Any) -> None:
    if isinstance(obj, dict):
        for key, value in obj.items():
            if (key == "font" or key.endswith("font")) and isinstance(value, dict) and isinstance(value.get("size"),
                                                                                               (int, float)):
                value["size"] = max(LECTURE_FONT, round(value["size"] * LECTURE_SCALE))
            else:
                _scale_fonts(value)
    elif isinstance(obj, list):
        for v in obj:
            _scale_fonts(v)


def for_lecture(fig: dict) -> dict:
    """Enlarge a figure dict in place for a projector: every explicit font ≥ LECTURE_FONT px, a marker that holds its
    text (``textposition`` "middle center") × LECTURE_SCALE, the height × 1.25, a minimum width
    (``layout.meta.min_width``, see ``explainer.charts``) × LECTURE_MIN_WIDTH."""
    _scale_fonts(fig["data"])
    _scale_fonts(fig["layout"])
    for trace in fig["data"]:  # a marker that holds its own text (a network's node) grows with the text
        marker = trace.get("marker")
        if (trace.get("textposition") == "middle center" and "text" in str(trace.get("mode", ""))
                and isinstance(marker, dict) and isinstance(marker.get("size"), (int, float))):
            marker["size"] = round(marker["size"] * LECTURE_SCALE)
    uniform = fig["layout"].get("uniformtext")
    if isinstance(uniform, dict) and isinstance(uniform.get("minsize"), (int, float)):
        uniform["minsize"] = max(LECTURE_FONT, round(uniform["minsize"] * LECTURE_SCALE))
    height = fig["layout"].get("height")
    if isinstance(height, (int, float)):
        fig["layout"]["height"] = round(height * LECTURE_HEIGHT)
    meta = fig["layout"].get("meta")
    if isinstance(meta, dict) and isinstance(meta.get("min_width"), (int, float)):
        meta["min_width"] = round(meta["min_width"] * LECTURE_MIN_WIDTH)
    return fig


LECTURE_TEMPLATE_TEXT = json.dumps(_lecture_template())


PLOTLY_CONFIG = MappingProxyType(
    {
        "displaylogo": False,
        "showSendToCloud": False,  # Plotly 7's "Share chart..." uploads to Plotly Cloud; our link is "Copy link"
        # box and lasso select do nothing on these charts, and each was one more Tab stop (half of a section's)
        "modeBarButtonsToRemove": ["select2d", "lasso2d"],
        "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "nn-explainer"},
    }
)


def plotly_config(lang: str) -> dict:
    """:data:`PLOTLY_CONFIG` for a page in ``lang``: on a Chinese page Plotly's own words (its mode bar's tooltips,
    "Double-click to zoom back out") in Chinese, from the catalog (``common.plotly``)."""
    config = dict(PLOTLY_CONFIG)
    words = library_words(lang, "plotly")
    if words:
        tag = HTML_LANG[resolve_lang(lang)]
        config["locale"] = tag
        config["locales"] = {tag: {"dictionary": dict(words)}}
    return config


# Every page: "try this" links wrap instead of being clipped; wide formulas scroll inside themselves instead of
# widening the page (a phone); Plotly's mode bar stays out of the way on a narrow screen. A constant; never built
# from user input.
BASE_CSS = """
<style>
[data-testid="stPageLink-NavLink"] { height: auto; align-items: flex-start; }
[data-testid="stPageLink-NavLink"] > span:last-child,
[data-testid="stPageLink-NavLink"] > span:last-child * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; height: auto;
}
[data-testid="stMain"] .katex-display { overflow-x: auto; overflow-y: hidden; padding: 0.2em 0; }
/* a formula wider than its column shows a shadow on the side where more of it is (the result, often): the white
   covers scroll with the text and hide the shadow once that end is reached */
[data-testid="stMain"] .katex-display {
  background:
    linear-gradient(to right, #fff 40%, rgba(255,255,255,0)) left center / 28px 100% no-repeat local,
    linear-gradient(to left, #fff 40%, rgba(255,255,255,0)) right center / 28px 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, rgba(0,0,0,0.32), rgba(0,0,0,0)) left center / 14px 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, rgba(0,0,0,0.32), rgba(0,0,0,0)) right center / 14px 100% no-repeat
      scroll;
}
[data-testid="stMain"] [data-testid="stMarkdownContainer"] { overflow-wrap: anywhere; }
/* a title breaks only between words: "Softmax 与交叉熵" broke inside 交叉熵 on a phone */
[data-testid="stMain"] h1 { word-break: keep-all; }
[data-testid="stImage"] img { image-rendering: pixelated; }  /* QR codes stay sharp when scaled */
/* a file's chip fits a narrow column (the playground's settings below 1280 px): it kept 144 px, and the button that
   removes the file was cut off or out of sight; the name is shortened instead */
[data-testid="stFileChip"], [data-testid="stFileChip"] > * { min-width: 0; }
/* the large QR code fits the window, its address under it: a code cut off at the bottom cannot be scanned */
[role="dialog"] [data-testid="stFullScreenFrame"] > div { margin-inline: auto; }
[role="dialog"] [data-testid="stImageContainer"] { align-items: center; }
[role="dialog"] [data-testid="stImageContainer"] img { width: min(100vw - 5rem, 100dvh - 240px) !important; }
[role="dialog"] [data-testid="stImageCaption"] { width: auto !important; }
/* a folded sidebar is out of the Tab order (it held 16 invisible stops), hidden once it has slid out */
[data-testid="stSidebar"][data-collapsed="true"] {
  visibility: hidden; transition: transform 0.3s, min-width 0.3s, max-width 0.3s, visibility 0s linear 0.3s;
}
[data-testid="stSidebar"][data-collapsed="true"] * { visibility: hidden !important; transition: visibility 0s linear 0.3s; }
/* keyboard focus is visible (≥ 3:1 against the page) on page links, select boxes, radio choices and switches:
   Streamlit gives a focused radio or switch only a pale background (1.15:1) */
[data-testid="stPageLink-NavLink"]:focus-visible { outline: 2px solid #0072B2; outline-offset: 1px; }
[data-testid="stSelectbox"] [role="group"]:has(input:focus-visible) { outline: 2px solid #0072B2; outline-offset: 1px; }
[data-testid="stRadio"] label:has(input:focus-visible),
[data-testid="stCheckbox"] label:has(input:focus-visible) { outline: 2px solid #0072B2; outline-offset: 2px; border-radius: 4px; }
/* a table's tool bar (columns, download, search, full screen) shows while one of its buttons has the keyboard
   focus: it stayed transparent, and Tab walked through its four buttons unseen */
[data-testid="stElementToolbar"]:focus-within { opacity: 1; }
/* "Copy link": the link's copy button is always there (the text above the box points to it); it used to fade in on
   focus, and a quick Tab from the link passed it, out of the popover */
[data-testid="stPopoverBody"] [data-testid="stCode"] > div:has([data-testid="stElementToolbarButton"]) {
  opacity: 1; visibility: visible; transition: none;
}
/* a "try this" link scrolls the section chooser to the top (explainer/tab.py): below Streamlit's header, not under it */
[data-testid="stMain"] [data-testid="stRadio"] { scroll-margin-top: 4.5rem; }
/* the menu's divider and its empty top band (it holds only the button that folds the menu) take less height:
   "Copy link" and "QR code" fit a 1280 × 720 screen without scrolling the menu */
[data-testid="stSidebar"] hr { margin: 0.75rem 0; }
[data-testid="stSidebarHeader"] { height: 2.5rem; margin-bottom: 0; }
@media (max-width: 640px) {
  [data-testid="stMain"] .modebar-container { display: none; }
  [data-testid="stMain"] .katex { font-size: 1.0em; }
}
</style>
"""

# Lecture mode (a projector, often 1280 × 720): larger prose, captions, labels and metrics; charts get their larger
# fonts from theme.for_lecture. A constant; never built from user input.
LECTURE_CSS = """
<style>
[data-testid="stMain"] { font-size: 20px; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li { font-size: 1.2rem; }
[data-testid="stMain"] [data-testid="stCaptionContainer"],
[data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: 1.1rem !important; }
[data-testid="stMain"] [data-testid="stWidgetLabel"] p { font-size: 1.1rem; }
/* what a select box, a slider or a number or text field holds, as large as its label (they stayed at 13–14 px) */
[data-testid="stMain"] [data-testid="stSelectbox"] input[role="combobox"],
[data-testid="stMain"] [data-testid="stNumberInputField"],
[data-testid="stMain"] [data-testid="stTextInputRootElement"] input,
[data-testid="stMain"] [data-testid="stSliderThumbValue"] { font-size: 1.1rem; }
[data-testid="stMain"] h1 { font-size: 2.6rem !important; }
[data-testid="stMain"] [data-testid="stMetricValue"],
[data-testid="stMain"] [data-testid="stMetricValue"] div,
[data-testid="stMain"] [data-testid="stMetricValue"] p { font-size: 2.4rem !important; line-height: 1.2; }
[data-testid="stMain"] [data-testid="stMetricLabel"] p { font-size: 1.1rem !important; }
[data-testid="stMain"] [data-testid="stElementContainer"] { margin-bottom: -0.4rem; }
[data-testid="stMain"] .katex { font-size: 1.45em; }
[data-testid="stMain"] .block-container { padding-left: 2rem; padding-right: 2rem; padding-top: 4rem; }
[data-testid="stMain"] [data-testid="stImageCaption"] {
  font-size: 0.75rem !important; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical;
  overflow: hidden; word-break: break-all;
}
</style>
"""
