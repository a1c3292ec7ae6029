"""Charts that redraw in place: a small custom component (``st.components.v2``) that hands each new figure to
``Plotly.react`` on the chart that is already on the page.

Why: ``st.plotly_chart`` gives every new figure a new element id (the spec is part of it), so the browser unmounts the
old chart and builds a new one with ``Plotly.newPlot`` — axes, legend, mode bar and every SVG node from scratch —
and first runs the whole spec through JSON text three times to apply Streamlit's theme. ``Plotly.react`` on the same
graph div diffs the new figure against the old and redraws what changed: measured in Chromium on this app's
figures, 2–5× less work per chart (``python -m benchmarks.settle`` has the page-level figures).

The figure is what ``theme.spec`` made (arrays as Plotly's typed arrays); the browser only draws it. Plotly.js is
served by Streamlit's static file serving (``server.enableStaticServing``, gzipped, cached by the browser) from
``static/`` — see :func:`ensure_plotly_js`; the Docker image puts it there at build time — and loaded once per
browser tab: plotly.js's cartesian bundle (every 2-D trace type), loaded by the tab on every page
(``explainer/tab.py``), draws every 2-D chart; its gl3d bundle, loaded when one is shown, the 3-D ones; the copy the
``plotly`` Python package ships (every trace type) any other (:func:`bundle_for`). Colours that follow Streamlit's
light / dark theme (text, grid lines) are taken from the page's CSS.
A click on a chart reaches Python as the clicked point's data coordinates (``on_click``) or name (``on_pick``, its
``customdata``); only ``Page.chart(on_select=…)`` (Streamlit's own selection events) would still be
``st.plotly_chart``.

Arrays that did not change are handed to ``Plotly.react`` as the same objects as before (Plotly compares data by
identity; a new object, even with equal content, makes it compute and draw the whole chart again): a change that
only moves something in the layout — the dashed λ line of Regularization · L1 vs L2, the marker lines of
Activations — is a redraw of a few ms instead of 10–40 (``tests/browser/test_chart_redraw.py`` checks that the
drawing is the same as a full redraw's).

A figure whose ``layout.meta.min_width`` (px) is set never draws narrower: in a narrower column it keeps that width
and scrolls sideways (the computational graph on a narrow window, whose boxes would otherwise cover each other).

A chart far below (or above) the visible part of the page is not redrawn while it is out of sight: the newest figure
waits until the chart comes within 200 px of the main area's visible part, so a change costs the work the student
sees (``python -m benchmarks.settle``: softmax & entropy · logits 147 → 112 ms, two of its three charts are below
the fold at 1440×1400).
"""

from __future__ import annotations

import functools
import logging
import math
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

_LOG = logging.getLogger(__name__)

NAME = "nnx_chart"
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
VENDOR_DIR = Path(__file__).resolve().parent.parent / "assets" / "vendor"
# plotly.js's own partial bundles (npm: plotly.js-<name>-dist-min, the same version as the plotly package's
# plotly.min.js; MIT: assets/vendor/LICENSE-plotly.js.txt), with the trace types each has. When a page is opened the
# browser runs the cartesian one in ~0.4 s, the full file in ~0.9 s (a third of its size). Every 2-D chart is drawn
# with the cartesian bundle, the 3-D surface of Gradient descent with the gl3d one.
CARTESIAN_JS = "plotly-cartesian-4.1.1.min.js"
GL3D_JS = "plotly-gl3d-4.1.1.min.js"
BUNDLES = {
    CARTESIAN_JS: frozenset({"bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour",
                             "image", "pie", "scatter", "scatterternary", "violin"}),
    GL3D_JS: frozenset({"cone", "isosurface", "mesh3d", "scatter", "scatter3d", "streamtube", "surface", "volume"}),
}

HTML = '<div class="nnx-chart" data-testid="nnx-chart"></div>'
CSS = ".nnx-chart { width: 100%; overflow: hidden; }"  # a phone hides the mode bar: theme.BASE_CSS

# Plotly.js, loaded once per document: by the tab's own component on every page (explainer/tab.py), or by the first
# chart if that comes first
LOADER_JS = r"""
function loadPlotly(src) {
  // one load per file and document (page switches keep it), shared by every chart and the tab (the browser caches
  // the file; Streamlit sends it gzipped). Each file defines ``window.Plotly``; the copy a file made is the one its
  // promise gives, whichever file ran last.
  const loads = window.__nnxPlotly || (window.__nnxPlotly = {});
  if (!loads[src]) {
    loads[src] = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = src;
      s.onload = () => resolve(window.Plotly);
      s.onerror = () => { delete loads[src]; reject(new Error(`could not load ${src}`)); };
      document.head.appendChild(s);
    });
  }
  return loads[src];
}

function staticUrl(page, file) {
  // the app's base path is the address without the page's own path segment
  let base = window.location.pathname;
  if (page && base.endsWith("/" + page)) base = base.slice(0, base.length - page.length);
  if (!base.endsWith("/")) base += "/";
  return base + "app/static/" + file;
}
"""

JS = LOADER_JS + r"""
const STATE = new WeakMap();

function rgba(color, alpha) {
  const m = /rgba?\(([^)]+)\)/.exec(color || "");
  const [r, g, b] = m ? m[1].split(",").map(Number) : [49, 51, 63];
  return `rgba(${r},${g},${b},${alpha})`;
}

function themed(fig, text) {
  // Streamlit's light or dark theme: text in the page's colour, grid lines a faint shade of it, no backgrounds
  const layout = fig.layout || {};
  const font = Object.assign({}, layout.font || {});
  if (!font.color) font.color = text;
  const axis = a => Object.assign({ gridcolor: rgba(text, 0.12), zerolinecolor: rgba(text, 0.35),
                                    linecolor: rgba(text, 0.35), tickcolor: rgba(text, 0.35) }, a);
  const out = Object.assign({}, layout, { font, paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
                                          autosize: true, width: undefined });
  for (const k of Object.keys(out)) if (/^[xy]axis\d*$/.test(k)) out[k] = axis(out[k]);
  if (out.scene) out.scene = Object.assign({}, out.scene, { xaxis: axis(out.scene.xaxis), yaxis: axis(out.scene.yaxis),
                                                            zaxis: axis(out.scene.zaxis) });
  return { data: fig.data || [], layout: out, frames: fig.frames };
}

// Plotly.react tells old data from new by identity: an array that is a new object counts as changed, and one changed
// array makes Plotly compute and draw the whole chart again. Every figure arrives here as new JSON (and Plotly decodes
// a typed-array spec into a new array each time it sees one), so even a figure whose only change is a marker line
// in its layout cost a full redraw. So the arrays of the traces are decoded here, and an array whose content is the
// same as in the figure drawn before is handed to Plotly as the very object it drew then: a change of layout only
// costs a few ms (an arrays-identical redraw of a contour: 40 → 5 ms), and any change of data still redraws all.
const DTYPES = { f8: Float64Array, f4: Float32Array, i4: Int32Array, u4: Uint32Array, i2: Int16Array,
                 u2: Uint16Array, i1: Int8Array, u1: Uint8Array };

function decode(spec) {
  // Plotly's typed-array JSON: base64 of the bytes, row-major; a 2-D array becomes rows of typed-array views
  const T = DTYPES[spec.dtype];
  const shape = spec.shape === undefined ? [] : String(spec.shape).split(",").map(Number);
  if (!T || shape.length > 2) return null;  // left to Plotly
  const bin = atob(spec.bdata);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  if (shape.length < 2) return new T(bytes.buffer);
  const [rows, cols] = shape, out = new Array(rows);
  for (let r = 0; r < rows; r++) out[r] = new T(bytes.buffer, r * cols * T.BYTES_PER_ELEMENT, cols);
  return out;
}

const flat = v => v === null || typeof v !== "object";

function sameArrays(value, drawn, kept) {
  // ``drawn``: content key → the array handed to Plotly for the figure before; ``kept`` collects this figure's
  if (value && typeof value === "object" && typeof value.dtype === "string" && typeof value.bdata === "string") {
    const key = `${value.dtype}|${value.shape ?? ""}|${value.bdata}`;
    const arr = drawn.get(key) || kept.get(key) || decode(value);  // equal arrays in one figure: one object
    if (!arr) return value;
    kept.set(key, arr);
    return arr;
  }
  if (Array.isArray(value)) {
    if (value.length && value.every(v => flat(v) || (Array.isArray(v) && v.every(flat)))) {
      const key = "[" + JSON.stringify(value);
      const arr = drawn.get(key) || kept.get(key) || value;
      kept.set(key, arr);
      return arr;
    }
    return value.map(v => sameArrays(v, drawn, kept));
  }
  if (value && typeof value === "object") {
    const out = {};
    for (const k of Object.keys(value)) out[k] = sameArrays(value[k], drawn, kept);
    return out;
  }
  return value;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (!data || !data.fig) return;
  let S = STATE.get(parentElement);
  if (!S) {
    const div = parentElement.querySelector(".nnx-chart");
    S = { div, drawn: false, pending: null, busy: false, width: 0 };
    STATE.set(parentElement, S);
    // the width comes from the observer (never read after a draw: that would force a layout of the page)
    new ResizeObserver(entries => {
      const w = Math.round(entries[0].contentRect.width);
      const was = S.width;
      S.width = w;
      if (S.drawn && w && was && w !== was) {
        if (S.visible) S.P.Plots.resize(S.div); else S.resizeLater = true;
      }
    }).observe(div);
    // a chart out of sight is redrawn when it comes near the viewport, not on every change while the student looks
    // elsewhere (its first drawing is never put off)
    S.visible = true;
    new IntersectionObserver(entries => {
      S.visible = entries[entries.length - 1].isIntersecting;
      if (S.visible && S.later) { S.pending = S.later; S.later = null; S.run(); }
      else if (S.visible && S.resizeLater) { S.resizeLater = false; S.P.Plots.resize(S.div); }
    }, { root: div.closest("[data-testid='stMain']"), rootMargin: "200px 0px" }).observe(div);  // the main area
    // scrolls, not the document: the margin must be that of the scrolling box
  }
  S.setTrigger = setTriggerValue;
  const h = (data.fig.layout || {}).height;
  if (h) S.div.style.minHeight = h + "px";
  // a figure that cannot be read narrower (layout.meta.min_width, px) keeps that width and scrolls sideways
  const mw = ((data.fig.layout || {}).meta || {}).min_width;
  S.div.style.minWidth = mw > 0 ? mw + "px" : "";
  parentElement.style.overflowX = mw > 0 ? "auto" : "";
  if (data.alt) { S.div.setAttribute("role", "img"); S.div.setAttribute("aria-label", data.alt); }
  if (S.drawn && !S.visible) { S.later = data; return; }  // drawn when it scrolls into view
  S.later = null;
  S.pending = data;
  if (!S.run) S.run = () => { if (!S.busy) draw(S); };
  S.run();
  return () => {};
}

async function draw(S) {
  S.busy = true;
  try {
    while (S.pending) {
      const d = S.pending;
      S.pending = null;
      // a rerun that left this chart's figure as it was costs no redraw (Plotly.react would recompute it:
      // typed arrays arrive as new objects)
      const color = getComputedStyle(S.div).color;
      const text = JSON.stringify([d.fig, d.config, color]);
      if (S.drawn && text === S.text) continue;
      S.text = text;
      if (S.P && S.js !== d.js) {
        // a figure that needs the other Plotly.js file (a 3-D trace came or went): drawn anew by that copy
        S.P.purge(S.div);
        S.P = null;
        S.drawn = false;
        S.arrays = null;
        S.clickBound = false;
      }
      if (!S.P) { S.P = await loadPlotly(staticUrl(d.page, d.js)); S.js = d.js; }
      const P = S.P;
      const fig = themed(d.fig, color);
      const kept = new Map();
      const traces = sameArrays(fig.data, S.arrays || new Map(), kept);
      S.arrays = kept;
      try {
        await P.react(S.div, { data: traces, layout: fig.layout, config: d.config || {}, frames: fig.frames || [] });
      } catch (err) {
        S.text = null;  // drawn again by the next figure, even an equal one
        throw err;
      }
      if (d.click && !S.clickBound) {
        // a click anywhere on the plot area reports the point under the cursor (x, y of the trace's data, and its
        // customdata when that is a name: a data-set thumbnail)
        S.clickBound = true;
        S.clicks = 0;
        S.div.on("plotly_click", ev => {
          const p = ev && ev.points && ev.points[0];
          if (p && typeof p.x === "number" && typeof p.y === "number") {
            const c = Array.isArray(p.customdata) ? p.customdata[0] : p.customdata;
            S.setTrigger("click", { x: p.x, y: p.y, n: ++S.clicks, pick: typeof c === "string" ? c : null });
          }
        });
      }
      S.drawn = true;
    }
  } finally {
    S.busy = false;
  }
}
"""


def plotly_js_name() -> str:
    """The file name under ``static/`` for the installed plotly package's Plotly.js, every trace type (versioned: a
    new version is a new name, so a browser never keeps an old copy)."""
    import plotly

    return f"plotly-{plotly.__version__}.min.js"


def bundle_for(fig: dict) -> str:
    """The Plotly.js file that draws ``fig``: the first of :data:`BUNDLES` that has all its trace types, else the
    plotly package's full file — always the full file with ``EXPLAINER_PLOTLY_PARTIAL=0`` in the environment
    (``python -m benchmarks.first_chart`` compares the two)."""
    if os.environ.get("EXPLAINER_PLOTLY_PARTIAL", "1") != "0":
        types = {trace.get("type", "scatter") for trace in fig.get("data") or ()}
        for name, traces in BUNDLES.items():
            if types <= traces:
                return name
    return plotly_js_name()


def ensure_plotly_js() -> str:
    """Put the Plotly.js files into ``static/`` if they are not there yet: the plotly package's ``plotly.min.js``
    (the same bytes ``fig.write_html(include_plotlyjs=True)`` embeds) and the partial bundles kept in
    ``assets/vendor/``. File copies, never a download. Returns the first one's name."""
    import plotly

    name = plotly_js_name()
    sources = {name: Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js",
               **{bundle: VENDOR_DIR / bundle for bundle in BUNDLES}}
    for file, source in sources.items():
        target = STATIC_DIR / file
        if not target.exists():
            STATIC_DIR.mkdir(exist_ok=True)
            tmp = target.with_suffix(f".{os.getpid()}.tmp")
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)  # atomic: two replicas starting together never serve half a file
    return name


@st.cache_resource(show_spinner=False, max_entries=1)
def ready() -> bool:
    """Whether Plotly.js is in ``static/`` (copied now if it can be). If not (a read-only file system without it),
    or with ``EXPLAINER_CHARTS=plotly_chart`` in the environment, ``Page.chart`` uses ``st.plotly_chart``: slower,
    the same charts."""
    if os.environ.get("EXPLAINER_CHARTS", "").lower() == "plotly_chart":
        return False  # forced, e.g. to compare the two ways of drawing (benchmarks)
    try:
        ensure_plotly_js()
    except OSError as err:
        _LOG.warning("charts drawn by st.plotly_chart: cannot put Plotly.js into %s (%s)", STATIC_DIR, err)
        return False
    return True


@st.cache_resource(show_spinner=False, max_entries=1)
def component():
    """Registered once per process (the component registry keeps it)."""
    # not isolated: Plotly.js puts its own style rules (mode bar, hover labels) into the document's head
    return st.components.v2.component(NAME, html=HTML, css=CSS, js=JS, isolate_styles=False)


def draw(fig: dict, *, key: str, page: str, config: dict, alt: str | None = None,
         on_click: Callable[[float, float], None] | None = None, on_pick: Callable[[str], None] | None = None) -> Any:
    """Mount (first run) or update (later runs, same ``key``) the chart with ``fig`` (a ``theme.spec`` dict).

    Called in the rerun a click starts: ``on_click(x, y)`` with the data coordinates of the point clicked;
    ``on_pick(name)`` with its ``customdata`` when that is a string (what a data-set thumbnail carries).
    """
    clicks = on_click is not None or on_pick is not None
    data = {"fig": fig, "config": config, "alt": alt, "page": page, "js": bundle_for(fig), "click": clicks}
    if not clicks:
        return component()(key=key, data=data)
    return component()(key=key, data=data, on_click_change=functools.partial(_clicked, key, on_click, on_pick))


def _clicked(key: str, on_click: Callable[[float, float], None] | None,
             on_pick: Callable[[str], None] | None = None) -> None:
    value = getattr(st.session_state.get(key), "click", None)
    if not isinstance(value, dict):
        return
    x, y, name = value.get("x"), value.get("y"), value.get("pick")
    if on_pick is not None and isinstance(name, str):
        on_pick(name)
    if on_click is not None and isinstance(x, (int, float)) and isinstance(y, (int, float)) \
            and math.isfinite(x) and math.isfinite(y):
        on_click(float(x), float(y))
