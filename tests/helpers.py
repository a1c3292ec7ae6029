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


def chart_specs(at: AppTest) -> list[dict]:
    """Every Plotly chart on the page as a decoded figure dict (``data``, ``layout``)."""
    return [decode(json.loads(el.proto.spec)) for el in at.get("plotly_chart")]


def spec_size_kb(at: AppTest) -> list[float]:
    return [len(el.proto.spec.encode()) / 1024 for el in at.get("plotly_chart")]


def figure_dict(fig) -> dict:
    """A figure built in a unit test, decoded the same way as a chart spec."""
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
