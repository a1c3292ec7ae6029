"""Page benchmark: median AppTest rerun time after a widget change, and the largest chart spec.

    python -m benchmarks.pages            # every built page
    python -m benchmarks.pages activations

For each built page: open it under AppTest, then make 20 widget changes (cycling through the page's
sliders, select sliders, selectboxes, radios, toggles and number inputs, each set to another valid value)
and time each rerun. Targets: median ≤ 60 ms, largest chart spec ≤ 400 KB.
"""

from __future__ import annotations

import statistics
import sys
import time

import logging

from explainer.pages import built_pages
from tests.helpers import run_page, spec_size_kb

CHANGES = 20
TARGET_MS = 60.0
TARGET_KB = 400.0


CHANGEABLE = ("slider", "number_input", "toggle")


def _change(at, step: int) -> bool:
    """Change the step-th changeable widget of the page (cycling); False if the page has none.

    Sliders jump between their ends (the heaviest settings are included), number inputs step up, toggles flip.
    (Selectboxes, radios and select sliders are left alone: with a format_func AppTest only sees their labels.)
    """
    widgets = [(kind, w) for kind in CHANGEABLE for w in at.get(kind)
               if w.key and not w.key.startswith("_shell")]
    if not widgets:
        return False
    kind, w = widgets[step % len(widgets)]
    if kind == "slider":
        w.set_value(w.max if w.value != w.max else w.min)
    elif kind == "number_input":
        w.increment()
    else:
        w.set_value(not w.value)
    return True


def bench(page_id: str, params: dict | None = None) -> dict:
    at = run_page(page_id, params=params)
    assert not at.exception, at.exception
    sizes = spec_size_kb(at)
    times = []
    for step in range(CHANGES):
        _change(at, step)
        t0 = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - t0) * 1000)
        assert not at.exception, at.exception
        sizes += spec_size_kb(at)
    label = page_id + ("" if not params else "?" + "&".join(f"{k}={v}" for k, v in params.items()))
    return {"page": label, "median_ms": statistics.median(times), "max_ms": max(times),
            "largest_chart_kb": max(sizes, default=0.0)}


# Pages whose sections are chosen by the URL-bound section radio: benchmark each section (the view module lists
# them; tests/engine/test_layers.py checks the list equals the page script's Section table).
def _sections() -> dict[str, list[dict]]:
    import importlib

    # importing a view outside a server: Streamlit warns once per cached function that there is no runtime
    for name in ("streamlit.runtime.caching.cache_data_api", "streamlit.runtime.caching.cache_resource_api"):
        logging.getLogger(name).setLevel(logging.ERROR)
    out = {}
    for info in built_pages():
        if info.id == "home":
            continue
        names = getattr(importlib.import_module(f"explainer.views.{info.id}"), "SECTIONS", ())
        if names:
            out[info.id] = [{"view": name} for name in names]
    return out


SECTIONS = _sections()


def main(argv: list[str]) -> int:
    # AppTest runs scripts outside a server: Streamlit warns about the missing ScriptRunContext on every cached
    # call made while a page is imported. Harmless here; keep the table readable.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage())
    ids = argv or [p.id for p in built_pages()]
    print(f"{'page':<26} {'median rerun':>13} {'max rerun':>10} {'largest chart':>14}")
    over = False
    for r in (bench(page_id, params) for page_id in ids for params in SECTIONS.get(page_id, [None])):
        flag = " (over target)" if r["median_ms"] > TARGET_MS or r["largest_chart_kb"] > TARGET_KB else ""
        over = over or bool(flag)
        print(f"{r['page']:<26} {r['median_ms']:>10.1f} ms {r['max_ms']:>7.1f} ms {r['largest_chart_kb']:>10.1f} KB{flag}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
