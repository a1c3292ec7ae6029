"""The one owner of the look: dict figures reach Streamlit as they are (no validation pass), with the template,
typed arrays, the title taken out for the page, and larger fonts in lecture mode."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import plotly.tools

from explainer import theme
from tests.helpers import decode


def _fig():
    return theme.figure([dict(type="scatter", x=np.arange(4.0), y=np.array([1, 2, 3, 4], np.int64), meta="s",
                              textfont=dict(size=12))],
                        dict(height=300, annotations=[dict(text="a", font=dict(size=13), showarrow=False)]),
                        title="Loss (log scale)", x="epoch", y="loss")


def test_figure_dict_is_valid_plotly():
    go.Figure(_fig())  # every property name and value valid


def test_spec_reaches_streamlit_unvalidated_and_whole():
    fig = _fig()
    shim, title = theme.spec(fig)
    assert title == "Loss (log scale)"
    # what st.plotly_chart 1.67 does with its argument: a BaseFigure is only asked for to_dict()
    sent = plotly.tools.return_figure_from_figure_or_data(shim, validate_figure=True)
    assert sent is shim.to_dict()
    out = decode(json.loads(pio.to_json(sent, validate=False)))
    np.testing.assert_array_equal(out["data"][0]["x"], np.arange(4.0))
    np.testing.assert_array_equal(out["data"][0]["y"], [1, 2, 3, 4])
    assert "title" not in out["layout"]  # drawn above the chart by Page.chart
    assert out["layout"]["xaxis"]["title"]["text"] == "epoch"
    # the look is the figure's own (the browser replaces layout.template with Streamlit's)
    assert "Noto Sans CJK SC" in out["layout"]["font"]["family"]
    assert out["layout"]["xaxis"]["automargin"] is True and out["layout"]["legend"]["orientation"] == "h"
    assert fig["layout"]["title"]["text"] == "Loss (log scale)"  # the builder's dict is not modified


def test_lecture_mode_enlarges_fonts_and_height():
    shim, _ = theme.spec(_fig(), lecture=True)
    d = shim.to_dict()
    assert d["layout"]["height"] == round(300 * theme.LECTURE_HEIGHT)
    assert d["data"][0]["textfont"]["size"] >= theme.LECTURE_FONT
    assert d["layout"]["annotations"][0]["font"]["size"] >= theme.LECTURE_FONT
    lay = d["layout"]
    assert lay["font"]["size"] >= theme.LECTURE_FONT
    assert lay["xaxis"]["tickfont"]["size"] >= theme.LECTURE_FONT
    assert lay["legend"]["font"]["size"] >= theme.LECTURE_FONT
    assert d["data"][0]["textfont"]["size"] == max(theme.LECTURE_FONT, round(12 * theme.LECTURE_SCALE))  # once
    # the template constants are never modified by scaling
    assert json.loads(theme.TEMPLATE_TEXT)["layout"]["font"]["size"] == 14


def test_lecture_mode_grows_a_marker_with_the_text_it_holds():
    """A node that holds its text (markers+text, "middle center") grows with its font; data points do not."""
    node = dict(type="scatter", x=[0.0], y=[0.0], mode="markers+text", text=["a = 0.9933"],
                textposition="middle center", textfont=dict(size=14), marker=dict(size=86))
    points = dict(type="scatter", x=[0.0], y=[0.0], mode="markers+text", text=["p"], textposition="top center",
                  marker=dict(size=8))
    d = theme.spec(theme.figure([node, points], dict(height=300)), lecture=True)[0].to_dict()
    assert d["data"][0]["marker"]["size"] == round(86 * theme.LECTURE_SCALE)
    assert d["data"][0]["marker"]["size"] / 86 >= d["data"][0]["textfont"]["size"] / 14  # as much as its text
    assert d["data"][1]["marker"]["size"] == 8
    assert theme.spec(theme.figure([node], dict(height=300)))[0].to_dict()["data"][0]["marker"]["size"] == 86


def test_go_figures_still_accepted():
    fig = go.Figure(go.Bar(x=["a"], y=[1.0]))
    fig.update_layout(title_text="T")
    shim, title = theme.spec(fig)
    assert title == "T" and shim.to_dict()["data"][0]["type"] == "bar"


def test_axes_grid_matches_make_subplots_domains():
    from plotly.subplots import make_subplots

    ref = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.06).to_dict()["layout"]
    ours = theme.axes_grid(2, 1, vspace=0.06, shared_x=True)
    for ax in ("xaxis", "yaxis", "xaxis2", "yaxis2"):
        np.testing.assert_allclose(ours[ax]["domain"], ref[ax]["domain"], atol=1e-9)
    assert ours["xaxis"]["showticklabels"] is False  # only the bottom row labels the shared axis
