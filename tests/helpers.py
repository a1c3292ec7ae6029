"""Helpers for AppTest page tests and for decoding Plotly specs into NumPy arrays.

``run_page("activations", lang="zh", params={"fns": "relu"})`` starts the app the way a student does in
Streamlit's legacy multipage mode: run ``app.py`` (Home) first, then ``switch_page`` to the page script
with the query params set — they reach the page exactly like a deep link's ``?lang=zh&fns=relu``.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import numpy as np
from streamlit.testing.v1 import AppTest

from explainer.pages import get_page

ROOT = Path(__file__).resolve().parent.parent


def require(module: str, why: str = ""):
    """Import ``module`` for a test; without it the test is skipped — except under ``CI=true``, where the README's
    test command has installed everything (requirements-dev.txt), so a missing module is a failure."""
    import importlib
    import os

    import pytest

    try:
        return importlib.import_module(module)
    except ImportError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{module} is missing under CI: {why or 'pip install -r requirements-dev.txt'}")
        pytest.skip(f"{module} is not installed ({why or 'pip install -r requirements-dev.txt'})")
APP = str(ROOT / "app.py")
TIMEOUT = 30


def run_page(page_id: str, lang: str | None = "en", params: dict[str, Any] | None = None,
             timeout: float = TIMEOUT) -> AppTest:
    """Run a page under AppTest with ``?lang=<lang>`` and ``params`` in the URL; returns the AppTest."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    url = {} if lang is None else {"lang": lang}
    url.update({k: str(v) for k, v in (params or {}).items()})
    info = get_page(page_id)
    if info.id == "home":
        for k, v in url.items():
            at.query_params[k] = v
        return at.run()
    if lang is not None:
        at.query_params["lang"] = lang
    at.run()  # Home first: legacy multipage mode needs the entry script to run once
    for k, v in url.items():
        at.query_params[k] = v
    return at.switch_page(info.script).run()


def switch(at: AppTest, page_id: str) -> AppTest:
    """Switch an AppTest session to another page (keeping the session, like a click in the sidebar)."""
    return at.switch_page(get_page(page_id).script).run()


def nav_labels(at: AppTest) -> list[str]:
    """Labels of the sidebar navigation links, in order."""
    return [el.proto.label for el in at.sidebar.get("page_link")]


# --------------------------------------------------------------------------- Plotly specs
def decode(obj: Any) -> Any:
    """Recursively turn Plotly 7's typed arrays ``{"dtype", "bdata"[, "shape"]}`` into NumPy arrays."""
    if isinstance(obj, dict):
        if "bdata" in obj and "dtype" in obj:
            arr = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=obj["dtype"])
            if "shape" in obj:
                shape = obj["shape"]
                shape = tuple(int(s) for s in shape.split(",")) if isinstance(shape, str) else tuple(shape)
                arr = arr.reshape(shape)
            return arr
        return {k: decode(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [decode(v) for v in obj]
    return obj


def charts(at: AppTest) -> list:
    """Every chart element on the page, in page order: ``explainer.charts`` components (what ``Page.chart`` draws)
    and ``st.plotly_chart`` elements (charts with Streamlit selections)."""
    return [el for el in at._tree if el.type == "plotly_chart"
            or (el.type == "bidi_component" and el.proto.component_name == "nnx_chart")]


def _raw(el) -> tuple[str, str | None]:
    """(the figure's JSON text, its accessible name) of a chart element."""
    if el.type == "plotly_chart":
        return el.proto.spec, el.proto.alt or None
    data = json.loads(el.proto.json)
    return json.dumps(data["fig"]), data.get("alt")


def click_chart(at: AppTest, key: str, x: Any, y: Any) -> AppTest:
    """What the browser sends when a student clicks the ``explainer.charts`` chart with ``key`` (its full key, e.g.
    ``"gradient_descent.chart.contour"``) at data coordinates (x, y): the component's ``click`` trigger."""
    (el,) = [el for el in charts(at) if el.type == "bidi_component" and el.proto.id.endswith(f"-{key}")]
    states = at._tree.get_widget_states()
    w = states.widgets.add()
    w.id = f"$$STREAMLIT_INTERNAL_KEY_{el.proto.id}__events"
    w.json_trigger_value = json.dumps([{"event": "click", "value": {"x": x, "y": y, "n": 1}}])
    return at._run(states)


def chart_texts(at: AppTest) -> list[str]:
    """Every chart's figure as the JSON text the browser gets, in page order."""
    return [_raw(el)[0] for el in charts(at)]


def chart_specs(at: AppTest) -> list[dict]:
    """Every chart on the page as a decoded figure dict (``data``, ``layout``), in page order.

    ``Page.chart`` draws a figure's title above the chart and gives it to the chart as its accessible name
    (``alt``); it is put back here as ``layout.title.text`` so tests read it where the builder wrote it."""
    specs = []
    for el in charts(at):
        text, alt = _raw(el)
        spec = decode(json.loads(text))
        if alt and "title" not in spec["layout"]:
            spec["layout"]["title"] = {"text": alt}
        specs.append(spec)
    return specs


def spec_size_kb(at: AppTest) -> list[float]:
    return [len(_raw(el)[0].encode()) / 1024 for el in charts(at)]


UNDERSCORE_PROPERTIES = {"error_x", "error_y", "error_z"}


def magic_underscores(obj: Any, path: str = "") -> list[str]:
    """Keys like ``line_width`` in a figure dict (graph_objects' shorthand, which a dict sent as JSON cannot use)."""
    found = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if isinstance(k, str) and "_" in k and k not in UNDERSCORE_PROPERTIES and path.rsplit(".", 1)[-1] != "meta":
                found.append(f"{path}.{k}")
            if k not in ("customdata", "meta", "text", "x", "y", "z"):
                found += magic_underscores(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            found += magic_underscores(v, f"{path}[{i}]")
    return found


def figure_dict(fig) -> dict:
    """A figure built in a unit test (a ``theme.figure`` dict or a ``go.Figure``), decoded the same way as a chart
    spec. A dict is first validated by Plotly (the app skips that to save time, so the tests must not)."""
    import plotly.graph_objects as go
    import plotly.io as pio

    from explainer import theme

    if isinstance(fig, dict):
        go.Figure(fig)  # raises on any invalid property name or value
        bad = magic_underscores(fig)
        assert not bad, f"'a_b' keys only work in graph_objects, plotly.js ignores them in a dict: {bad}"
        return decode(json.loads(pio.to_json(theme._encode(fig), validate=False)))
    return decode(json.loads(fig.to_json()))


def traces(spec: dict, **match: Any) -> list[dict]:
    """Traces of a decoded figure whose fields equal ``match`` (e.g. ``meta="f:sigmoid"``)."""
    return [tr for tr in spec["data"] if all(tr.get(k) == v for k, v in match.items())]


def trace(spec: dict, **match: Any) -> dict:
    found = traces(spec, **match)
    assert len(found) == 1, f"expected one trace matching {match}, found {len(found)}"
    return found[0]


def array(value: Any) -> np.ndarray:
    return np.asarray(value, dtype=float)
