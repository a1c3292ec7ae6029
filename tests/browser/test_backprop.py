"""Backprop in Chromium: every section on a 1280 × 720 projector in lecture mode (chart text ≥ 18 px, nothing outside
its chart, the graph's node boxes clear of each other) and on a 390 px phone; the graph stepped by real clicks."""

from __future__ import annotations

import numpy as np
import pytest

from explainer.i18n import translate
from explainer.views import backprop as view
from nncore.lessons import backprop as G
from tests.browser.conftest import wait_for_app
from tests.browser import views
from tests.browser.views import OVERFLOW_JS

pytestmark = pytest.mark.browser

PAGE = "backprop"
SCREENS = "screens"
# the graph's node boxes (annotation backgrounds) and their font sizes, in page pixels
NODE_BOXES_JS = """
() => {
  const gd = [...document.querySelectorAll('.js-plotly-plot')].find(g => (g._fullData || []).some(t => t.meta === 'nodes'));
  if (!gd) return null;
  const plot = gd.querySelector('.main-svg').getBoundingClientRect();
  const boxes = [];
  gd.querySelectorAll('g.annotation').forEach(a => {
    const bg = a.querySelector('rect.bg');
    const text = a.querySelector('text');
    if (!bg || !text) return;
    const r = bg.getBoundingClientRect();
    boxes.push({l: r.left, r: r.right, t: r.top, b: r.bottom, size: parseFloat(getComputedStyle(text).fontSize),
                text: text.textContent});
  });
  return {boxes, plot: {l: plot.left, r: plot.right, t: plot.top, b: plot.bottom}};
}
"""


def open_view(browser, app, width: int, height: int, **params):
    """This page on ``app`` in a tab of that size (views.open_view); 390 px wide means a phone (its browser says so
    in its User-Agent)."""
    return views.open_view(browser, app, PAGE, width, height, **params)


def overlaps(a: dict, b: dict) -> bool:
    return a["l"] < b["r"] - 1 and b["l"] < a["r"] - 1 and a["t"] < b["b"] - 1 and b["t"] < a["b"] - 1


@pytest.mark.parametrize("params", [{"step": "end"}, {"step": "end", "net": "mlp", "n0": "3", "n1": "3"},
                                    {"step": "end", "net": "logreg", "lang": "zh"}],
                         ids=["beans", "mlp-3-3", "logreg-zh"])
def test_lecture_mode_graph_labels_are_18px_and_fit(browser, app, params):
    """The issue: "the backprop graph's 12 px node labels can't be read from the back". In lecture mode every node
    label is 18 px, no two node boxes overlap and every box lies inside the chart."""
    tab, pg = open_view(browser, app, 1280, 720, lecture="1", **{"lang": "en", **params})
    try:
        found = pg.evaluate(NODE_BOXES_JS)
        assert found and found["boxes"]
        boxes = found["boxes"]
        assert {b["size"] for b in boxes} == {18.0}, sorted({b["size"] for b in boxes})
        clash = [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:] if overlaps(a, b)]
        assert not clash, clash[:5]
        plot = found["plot"]
        assert all(plot["l"] <= b["l"] and b["r"] <= plot["r"] and plot["t"] <= b["t"] and b["b"] <= plot["b"]
                   for b in boxes)
        assert pg.evaluate(OVERFLOW_JS) == []
        pg.screenshot(path=str(app_dir(app) / f"lecture-backprop-graph-{'-'.join(params.values())}.png"),
                      full_page=True)
    finally:
        tab.close()


def app_dir(app):
    from tests.browser.conftest import ROOT

    out = ROOT / ".pytest_cache" / SCREENS
    out.mkdir(parents=True, exist_ok=True)
    return out


def test_every_section_fits_a_projector(browser, app):
    views.check_every_section(browser, app, "backprop", view.SECTIONS, 1280, 720,
                              lambda pg, _: views.check_charts_fit(pg, lecture=True), lang="en", lecture="1")


def test_every_section_fits_a_phone(browser, app):
    def check(pg, section: str) -> None:
        views.check_charts_fit(pg, lecture=False)
        found = pg.evaluate(NODE_BOXES_JS)  # the graph, top to bottom on a phone: its boxes stay apart
        if found:
            boxes = found["boxes"]
            clash = [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:] if overlaps(a, b)]
            assert not clash, clash[:5]
        # every chart fits the phone's width: a swipe over a chart pans its data, so a chart that scrolled sideways
        # inside its box (the initialisation grid did) could not be scrolled into view
        wide = pg.evaluate("""() => [...document.querySelectorAll('.nnx-chart')]
            .map(d => [d.parentElement.scrollWidth, d.parentElement.clientWidth]).filter(([s, c]) => s > c + 1)""")
        assert wide == [], wide
        pg.screenshot(path=str(app_dir(app) / f"phone-backprop-{section}-zh.png"), full_page=True)

    views.check_every_section(browser, app, "backprop", view.SECTIONS, 390, 844, check, lang="zh", step="end")


@pytest.mark.parametrize("params", [{"net": "beans"}, {"net": "mlp", "n0": "3", "n1": "3"},
                                    {"net": "logreg", "lang": "zh"}], ids=["beans", "mlp-3-3", "logreg-zh"])
def test_a_narrow_window_scrolls_the_graph_instead_of_piling_its_boxes(browser, app, params):
    """A narrow desktop window (no phone User-Agent, so the graph stays left to right): at 390 px its boxes covered
    each other. The graph keeps the width its boxes need and scrolls sideways inside its own box; the page itself
    does not scroll sideways."""
    tab, pg = open_view(browser, app, 390, 844, phone=False, **{"lang": "en", "view": "graph", "step": "end",
                                                                **params})
    try:
        found = pg.evaluate(NODE_BOXES_JS)
        assert found and found["boxes"]
        boxes = found["boxes"]
        clash = [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:] if overlaps(a, b)]
        assert not clash, clash[:5]
        scroll = pg.evaluate("""() => { const gd = [...document.querySelectorAll('.js-plotly-plot')]
            .find(g => (g._fullData || []).some(t => t.meta === 'nodes'));
            let el = gd.parentElement; while (el && getComputedStyle(el).overflowX !== 'auto') el = el.parentElement;
            return el && [el.scrollWidth, el.clientWidth]; }""")
        assert scroll and scroll[0] > scroll[1] + 50, scroll  # wider than the column: it scrolls
        assert pg.evaluate(OVERFLOW_JS) == []
    finally:
        tab.close()
    tab, pg = open_view(browser, app, 1440, 900, **{"lang": "en", "view": "graph", "step": "end", **params})
    try:  # a laptop's column is wide enough: nothing scrolls
        assert pg.evaluate("""() => [...document.querySelectorAll('.nnx-chart')]
            .every(d => d.parentElement.scrollWidth <= d.parentElement.clientWidth + 1)""")
    finally:
        tab.close()


def test_clicking_step_runs_the_graph_one_stage_at_a_time(app, page):
    """A student presses Step, Step, then Run all: the step counter, the URL and the chart's gradients follow."""
    page.set_viewport_size({"width": 1400, "height": 2400})
    page.goto(app.url(PAGE, lang="en", net="logreg"))
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot")
    prob = G.logreg_problem(*view.LOGREG_DEFAULT, 1)
    g = G.build_graph(prob.net, prob.X, prob.Y, prob.loss)
    step = page.get_by_role("button", name=translate("en", "backprop.graph.btn_step"))
    for k in (1, 2):
        step.click()
        page.wait_for_function(f"() => location.search.includes('step={k}')", timeout=20_000)
        wait_for_app(page)
        assert page.get_by_text(f"Step {k} / {g.n_steps}").count() >= 1
    page.get_by_role("button", name=translate("en", "backprop.graph.btn_all")).click()
    page.wait_for_function(f"() => location.search.includes('step={g.n_steps}')", timeout=20_000)
    wait_for_app(page)
    page.wait_for_timeout(500)
    nodes = page.evaluate("""() => { const gd = [...document.querySelectorAll('.js-plotly-plot')]
        .find(g => (g._fullData || []).some(t => t.meta === 'nodes'));
        const t = gd._fullData.find(t => t.meta === 'nodes'); return [t.ids, t.customdata]; }""")
    shown = {name: row for name, row in zip(*nodes)}
    np.testing.assert_allclose(shown["z1_1"][1], g.grad("z1_1"), rtol=1e-12)  # dz = a − y
    np.testing.assert_allclose(shown["w1_2_1"][1], 2.0 * g.grad("z1_1"), rtol=1e-12)  # dw₂ = x₂·dz
    assert page.locator("[data-testid='stException']").count() == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_chain_rule_box_names_the_new_networks_parameter(app, page, lang):
    """Chain rule on the 2-layer network with w⁽¹⁾₁₁ chosen; a click on "(b) Logistic regression". Its first weight
    has the same name inside (``w1_1_1``) but is shown "w₁": the box went on showing "w⁽¹⁾₁₁", a text its list no
    longer held, while the formula was already for w₁. It now shows w₁."""
    page.goto(app.url(PAGE, lang=lang, view="chain", net="mlp", wsel="w1_1_1"))
    wait_for_app(page)
    box = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").filter(
        has_text=translate(lang, "backprop.chain.pick")).locator("input")
    assert box.input_value() == "w⁽¹⁾₁₁"
    page.get_by_text(translate(lang, "backprop.nets.logreg")).first.click()
    page.wait_for_function("() => location.search.includes('net=logreg')", timeout=20_000)
    wait_for_app(page)
    page.wait_for_function("(b) => b.value === 'w₁'", arg=box.element_handle(), timeout=10_000)
    assert "wsel=w1_1_1" in page.url  # the same parameter: a copied link opens this very view
    assert page.locator("[data-testid='stException']").count() == 0
