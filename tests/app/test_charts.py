"""explainer.charts under AppTest: what Page.chart sends the browser, and its fallback to st.plotly_chart."""

from __future__ import annotations

import json
import re
from pathlib import Path

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
    assert data["page"] == "activations" and data["js"] == charts.CARTESIAN_JS
    assert data["config"]["displaylogo"] is False and data["click"] is False
    assert data["alt"]  # the title above the chart is its accessible name
    f = decode(data["fig"])
    np.testing.assert_array_equal(array(trace(f, meta="f:tanh")["y"]), nncore.ACTIVATIONS["tanh"].f(Z_GRID))
    for name in (*charts.BUNDLES, charts.plotly_js_name()):  # the Plotly.js files, ready to serve
        assert (charts.STATIC_DIR / name).stat().st_size > 1_000_000


def _registered_traces(path) -> set[str]:
    return set(re.findall(r'moduleType:"trace",name:"(\w+)"', path.read_text(encoding="utf-8")))


def test_the_partial_bundles_are_the_plotly_package_s_version_and_have_every_trace_type_they_are_chosen_for():
    """Charts are drawn by plotly.js's partial bundles kept in assets/vendor (the plotly package's full file only for
    a trace type neither has): they must be the same plotly.js version as the package's (a new plotly package needs
    new bundles), and ``bundle_for`` may only send a figure to a bundle that registers every trace type of it."""
    import plotly

    full = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
    version = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", full.read_text(encoding="utf-8")[:400]).group(1)
    for name, traces in charts.BUNDLES.items():
        kind = re.fullmatch(r"plotly-(\w+)-(\d+\.\d+\.\d+)\.min\.js", name)
        assert kind and kind.group(2) == version, name
        head = (charts.VENDOR_DIR / name).read_text(encoding="utf-8")[:400]
        assert f"plotly.js ({kind.group(1)} - minified) v{version}" in head, head
        assert _registered_traces(charts.VENDOR_DIR / name) == traces
    assert (charts.VENDOR_DIR / "LICENSE-plotly.js.txt").read_text().startswith("MIT License")
    assert charts.bundle_for({"data": [{"type": "contour"}, {"x": [1]}]}) == charts.CARTESIAN_JS
    assert charts.bundle_for({"data": [{"type": "surface"}, {"type": "scatter3d"}]}) == charts.GL3D_JS
    assert charts.bundle_for({"data": [{"type": "surface"}, {"type": "bar"}]}) == charts.plotly_js_name()


def test_only_a_3d_chart_is_drawn_by_the_gl3d_bundle():
    """Every chart of Gradient descent · two weights with its 3-D surface shown: the surface names the gl3d bundle,
    every other chart the cartesian one; the tab preloads the cartesian bundle."""
    at = run_page("gradient_descent", params={"view": "2d", "s3d": "1"})
    assert not at.exception
    by_js: dict[str, set[str]] = {}
    for el in chart_elements(at):
        data = json.loads(el.proto.json)
        types = {t.get("type", "scatter") for t in data["fig"]["data"]}
        by_js.setdefault(data["js"], set()).update(types)
    assert by_js.keys() == {charts.CARTESIAN_JS, charts.GL3D_JS}
    assert by_js[charts.GL3D_JS] == {"surface", "scatter3d"}
    assert by_js[charts.CARTESIAN_JS] <= charts.BUNDLES[charts.CARTESIAN_JS]
    (tab,) = [el for el in at.get("bidi_component") if el.proto.component_name == "nnx_tab"]
    assert json.loads(tab.proto.json)["plotly"] == charts.CARTESIAN_JS


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
