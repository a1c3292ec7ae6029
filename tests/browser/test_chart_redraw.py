"""Charts redrawn in place (explainer/charts.py) draw exactly what a plain redraw would, and keep the arrays that did
not change as the same objects (that is what lets Plotly skip the work).

The first test opens the same section in two tabs. In one, every array handed to ``Plotly.react`` is first copied
(an init script wraps Plotly as it loads), which is how charts were redrawn before arrays were kept: every redraw
computes and draws the whole chart. A student then moves the section's first slider three steps with the keyboard
in both tabs, and every chart's SVG must be the same in both (element by element, attributes sorted, numbers to
0.1 px, Plotly's random ids named by position)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import wait_for_app
from tests.browser import views
from tests.browser.views import SCROLL_THROUGH_JS

pytestmark = pytest.mark.browser

# In the tab it is added to: Plotly.react receives copies of every array (no array is ever the one drawn before).
FRESH_ARRAYS_JS = """
(() => {
  const copy = x => ArrayBuffer.isView(x) ? x.slice() : Array.isArray(x) ? x.map(copy)
    : (x && typeof x === "object") ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, copy(y)])) : x;
  let plotly;
  Object.defineProperty(window, "Plotly", { configurable: true, get: () => plotly, set: (P) => {
    if (P && P.react && !P.__nnxFresh) {
      const react = P.react;
      P.react = function (gd, fig, ...rest) { return react.call(this, gd, fig && fig.data ? {...fig, data: copy(fig.data)} : fig, ...rest); };
      P.__nnxFresh = true;
    }
    plotly = P;
  }});
})();
"""

# Every chart's SVG as lines: tag and sorted attributes (style declarations sorted, numbers to 0.1), leaf text.
MARKUP_JS = """
() => [...document.querySelectorAll(".nnx-chart.js-plotly-plot")].map(gd => {
  const round = v => v.replace(/-?\\d+\\.\\d+(e-?\\d+)?/g, x => String(Math.round(parseFloat(x) * 10) / 10));
  const ids = [gd._fullLayout._uid, ...gd._fullData.map(t => t.uid)].filter(Boolean);
  const lines = [];
  for (const svg of gd.querySelectorAll(".main-svg")) for (const el of [svg, ...svg.querySelectorAll("*")]) {
    const attrs = [...el.attributes].map(a => `${a.name}=${round(a.name === "style"
      ? a.value.split(";").map(x => x.trim()).filter(Boolean).sort().join(";") : a.value)}`).sort();
    let line = `${el.tagName}[${attrs.join(" ")}]` + (el.children.length ? "" : el.textContent);
    ids.forEach((id, k) => { line = line.split(id).join(`ID${k}`); });
    lines.push(line);
  }
  return lines;
})
"""

SECTIONS = [("activations", "compare"), ("regularization", "l1_l2"), ("gradient_descent", "2d"),
            ("softmax_entropy", "logits")]


def _settle(pg) -> None:
    """Until the script has finished and the page has not changed for 500 ms (``views.settle``)."""
    pg.wait_for_timeout(100)
    assert views.settle(pg, quiet=500, limit=30_000) < 30_000, "the page never settled"


def _open_and_step(pg, url: str, steps: int) -> list[list[str]]:
    pg.goto(url)
    wait_for_app(pg)
    pg.evaluate(SCROLL_THROUGH_JS)  # every chart drawn once
    _settle(pg)
    slider = pg.locator("[data-testid='stMain'] [data-testid='stSlider'] input[type='range']").first
    slider.scroll_into_view_if_needed()
    for _ in range(steps):
        url, value = pg.url, slider.input_value()
        slider.focus()
        pg.keyboard.press("ArrowRight")
        if slider.input_value() != value:  # (not at its end already): its run has written the URL
            pg.wait_for_function("u => location.href !== u", arg=url, timeout=30_000)
        _settle(pg)
    pg.evaluate(SCROLL_THROUGH_JS)  # charts out of sight are redrawn when they come near
    _settle(pg)
    return pg.evaluate(MARKUP_JS)


@pytest.mark.parametrize("page_id,view", SECTIONS)
def test_a_chart_redrawn_with_kept_arrays_looks_like_a_full_redraw(browser, app, page, page_id, view):
    fresh_context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    fresh_context.add_init_script(FRESH_ARRAYS_JS)
    try:
        fresh = fresh_context.new_page()
        url = app.url(page_id, lang="en", view=view)
        kept = _open_and_step(page, url, 3)
        full = _open_and_step(fresh, url, 3)
        assert fresh.evaluate("() => window.Plotly.__nnxFresh === true")  # the wrapper was in place
        assert page.evaluate("() => !window.Plotly.__nnxFresh")
    finally:
        fresh_context.close()
    assert kept and len(kept) == len(full)
    for i, (a, b) in enumerate(zip(kept, full)):
        first = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), None)
        assert a == b, f"chart {i} differs at element {first}: {a[first] if first is not None else len(a)} | " \
                       f"{b[first] if first is not None else len(b)}"


def test_a_layout_only_change_keeps_the_arrays_so_plotly_redraws_little(app, page):
    """Regularization · L1 vs L2: a step of λ moves the dashed λ line on the two weight-path charts and nothing else
    on them; their traces are handed to Plotly as the same arrays, the line moves."""
    page.goto(app.url("regularization", lang="en", view="l1_l2"))
    wait_for_app(page)
    _settle(page)
    chart = "document.querySelectorAll('.nnx-chart.js-plotly-plot')[0]"
    before = page.evaluate(f"() => {{ const gd = {chart}; window.__arrays = gd.data.map(t => [t.x, t.y]);"
                           f" return gd.layout.shapes[0].x0; }}")
    slider = page.locator("[data-testid='stMain'] [data-testid='stSlider'] input[type='range']").first
    url = page.url
    slider.focus()
    page.keyboard.press("ArrowRight")
    # the run that follows has written λ into the URL (on a busy machine it starts late: the page looked settled
    # before it, and the line had not moved yet)
    page.wait_for_function("u => location.href !== u", arg=url, timeout=30_000)
    _settle(page)
    after = page.evaluate(f"() => {chart}.layout.shapes[0].x0")
    assert after > before  # λ went up a step: the line moved right
    same = page.evaluate(f"() => {chart}.data.map((t, i) => t.x === window.__arrays[i][0]"
                         f" && t.y === window.__arrays[i][1])")
    assert same and all(same)
    assert page.evaluate(f"() => ArrayBuffer.isView({chart}.data[0].y)")  # decoded once, as a typed array
