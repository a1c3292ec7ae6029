"""explainer.charts under AppTest: what Page.chart sends the browser, and its fallback to st.plotly_chart."""

from __future__ import annotations

import json

import numpy as np

import nncore
from explainer import charts
from explainer.views.activations import Z_GRID
from tests.helpers import array, chart_specs, charts as chart_elements, decode, run_page, trace


def test_page_chart_sends_the_figure_to_the_in_place_component():
    at = run_page("activations", params={"fns": "tanh"})
    (el,) = chart_elements(at)[:1]
    assert el.type == "bidi_component" and el.proto.component_name == charts.NAME
    data = json.loads(el.proto.json)
    assert data["page"] == "activations" and data["js"] == charts.plotly_js_name()
    assert data["config"]["displaylogo"] is False and data["click"] is False
    assert data["alt"]  # the title above the chart is its accessible name
    f = decode(data["fig"])
    np.testing.assert_array_equal(array(trace(f, meta="f:tanh")["y"]), nncore.ACTIVATIONS["tanh"].f(Z_GRID))
    assert (charts.STATIC_DIR / charts.plotly_js_name()).stat().st_size > 1_000_000  # Plotly.js, ready to serve


def test_explainer_charts_plotly_chart_falls_back_to_st_plotly_chart(monkeypatch):
    charts.ready.clear()
    monkeypatch.setenv("EXPLAINER_CHARTS", "plotly_chart")
    try:
        at = run_page("activations", params={"fns": "tanh"})
        assert not at.exception
        assert chart_elements(at) and {el.type for el in chart_elements(at)} == {"plotly_chart"}
        spec = chart_specs(at)[0]
        np.testing.assert_array_equal(array(trace(spec, meta="f:tanh")["y"]), nncore.ACTIVATIONS["tanh"].f(Z_GRID))
    finally:
        monkeypatch.delenv("EXPLAINER_CHARTS")
        charts.ready.clear()
    assert {el.type for el in chart_elements(run_page("activations"))} == {"bidi_component"}
