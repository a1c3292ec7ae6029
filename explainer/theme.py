"""The one module that owns the look: palette, diverging colours, fonts and the Plotly template.

Charts go through ``style(fig, ...)`` and are drawn with ``st.plotly_chart(theme="streamlit")`` (see
``Page.chart``): the template sets no background or text colour, so Streamlit's light and dark themes
supply them, while our palette, fonts and hover formats stay.
"""

from __future__ import annotations

from types import MappingProxyType

import plotly.graph_objects as go
import plotly.io as pio

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
            margin=dict(l=10, r=10, t=86, b=10),
        )
    )


# Registering is idempotent (same name, same content); pio.templates is Plotly's own registry. Making it the
# default (process-wide configuration, the same for every session, set once at import) lets Plotly apply it
# while serialising, instead of validating and deep-copying the template into every figure (~3 ms each).
pio.templates[TEMPLATE_NAME] = _template()
pio.templates.default = TEMPLATE_NAME


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


PLOTLY_CONFIG = MappingProxyType(
    {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "nn-explainer"},
    }
)

# Lecture mode: larger type and compact controls. A constant; never built from user input.
LECTURE_CSS = """
<style>
[data-testid="stMain"] { font-size: 20px; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li { font-size: 1.2rem; }
[data-testid="stMain"] h1 { font-size: 2.8rem !important; }
[data-testid="stMain"] [data-testid="stMetricValue"],
[data-testid="stMain"] [data-testid="stMetricValue"] div,
[data-testid="stMain"] [data-testid="stMetricValue"] p { font-size: 2.6rem !important; line-height: 1.2; }
[data-testid="stMain"] [data-testid="stElementContainer"] { margin-bottom: -0.4rem; }
[data-testid="stMain"] .katex { font-size: 1.45em; }
</style>
"""
