"""Gradient descent in Chromium: one step control (a student presses Step: the metric, the formula and the chart's dot
agree, and the 1-D chart has no Play of its own), a key press on the learning rate, a click on the contour plot that
moves the start point, the 3-D surface drawn by its own Plotly.js bundle only once asked for, and every section on a
projector in lecture mode and on a phone."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest

from explainer import fmt
from explainer.i18n import translate
from explainer.views import gradient_descent as view
from nncore import surfaces as sf
from tests.browser.conftest import ROOT, wait_for_app
from tests.browser import views

pytestmark = pytest.mark.browser

SCREENS = ROOT / ".pytest_cache" / "screens"

PAGE = "gradient_descent"
PLOT = ".js-plotly-plot"
CURRENT_JS = """() => { const gd = [...document.querySelectorAll('.js-plotly-plot')]
    .find(g => (g._fullData || []).some(t => t.meta === 'current'));
    const t = gd._fullData.find(t => t.meta === 'current');
    return {x: t.x[0], y: t.y[0], buttons: gd.querySelectorAll('.updatemenu-button').length,
            frames: (gd._transitionData && gd._transitionData._frames || []).length}; }"""


def metric_values(page) -> list[str]:
    return [m.strip() for m in page.locator("[data-testid='stMetricValue']").all_inner_texts()]


def test_pressing_step_moves_the_metric_the_formula_and_the_dot_together(app, page):
    page.set_viewport_size({"width": 1400, "height": 2200})
    page.goto(app.url(PAGE, lang="en", fn="square", a0_square="2.5", lr="0.3"))
    wait_for_app(page)
    page.wait_for_selector(PLOT)
    run = sf.descend_1d("square", 2.5, 0.3, n_steps=view.FULL_STEPS, tol=view.TOL_1D)
    state = page.evaluate(CURRENT_JS)
    assert state["buttons"] == 0 and state["frames"] == 0  # no Play in the chart: nothing can run ahead
    step = page.get_by_role("button", name=translate("en", "gradient_descent.one.step"), exact=True)
    for k in (1, 2, 3):
        step.click()
        page.wait_for_function(f"() => location.search.includes('k={k}')", timeout=20_000)
        wait_for_app(page)
        page.wait_for_timeout(300)
        values = metric_values(page)
        assert values[:2] == [str(k), fmt.num(run.a[k])]
        state = page.evaluate(CURRENT_JS)
        assert (state["x"], state["y"]) == pytest.approx((run.a[k], run.f[k]), rel=1e-12)
        tex = page.evaluate("() => [...document.querySelectorAll('annotation')].map(a => a.textContent)")
        assert any(f"a_{{{k + 1}}} = a_{{{k}}} - \\eta" in t for t in tex), tex  # the formula, at step k
    page.get_by_role("button", name=translate("en", "gradient_descent.one.back"), exact=True).click()
    page.wait_for_function("() => location.search.includes('k=2')", timeout=20_000)
    wait_for_app(page)
    assert metric_values(page)[:2] == ["2", fmt.num(run.a[2])]
    assert page.locator("[data-testid='stException']").count() == 0


def test_arrow_key_on_the_learning_rate_changes_the_run(app, page):
    """Keyboard: focus the η select-slider and press → (one key press, one rerun): 0.1 becomes 0.2 in the URL, the
    chart title and the regime message."""
    page.set_viewport_size({"width": 1400, "height": 2200})
    page.goto(app.url(PAGE, lang="en", fn="square"))
    wait_for_app(page)
    page.wait_for_selector(PLOT)
    handle = page.locator("[data-testid='stMain'] [data-testid='stSlider'] input[type=range]").nth(1)  # a₀, then η
    handle.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('lr=0.2')", timeout=20_000)
    wait_for_app(page)
    title = translate("en", "gradient_descent.one.chart_title", f=translate("en", "gradient_descent.fn.square"),
                      lr="0.2")
    assert page.get_by_text(title).count() == 1
    run = sf.descend_1d("square", 2.5, 0.2, n_steps=view.FULL_STEPS, tol=view.TOL_1D)
    assert page.get_by_text(f"after {run.steps_to_tol} steps").count() >= 1


def _pixel(page, x: float, y: float) -> tuple[float, float]:
    """Page coordinates of the data point (x, y) on the first Plotly chart (from Plotly's own axis maps)."""
    return tuple(page.evaluate(
        """([x, y]) => {
            const gd = document.querySelectorAll('.js-plotly-plot')[0];
            const fl = gd._fullLayout, r = gd.getBoundingClientRect();
            return [r.left + fl._size.l + fl.xaxis.l2p(x), r.top + fl._size.t + fl.yaxis.l2p(y)];
        }""", [x, y]))


def _start_trace(page) -> tuple[float, float]:
    return tuple(page.evaluate(
        """() => { const gd = document.querySelectorAll('.js-plotly-plot')[0];
                   const t = gd._fullData.find(d => d.meta === 'start'); return [t.x[0], t.y[0]]; }"""))


def test_click_on_contour_sets_start_point(app, page):
    page.goto(app.url(PAGE, lang="en", view="2d", surf="himmelblau", opts="sgd", n2="50"))
    wait_for_app(page)
    page.wait_for_selector(PLOT)
    page.wait_for_timeout(800)
    assert _start_trace(page) == (0.0, 0.0)  # Himmelblau's default start
    page.locator(PLOT).first.scroll_into_view_if_needed()
    px, py = _pixel(page, 2.0, -3.0)
    page.mouse.move(px, py)
    page.wait_for_timeout(300)
    page.mouse.click(px, py)
    # Streamlit rewrites the URL with history.replaceState (no navigation event): poll it
    page.wait_for_function("() => location.search.includes('start_himmelblau=2')", timeout=20_000)
    wait_for_app(page)
    page.wait_for_selector(PLOT)
    page.wait_for_timeout(800)
    query = parse_qs(urlparse(page.url).query)
    x, y = (float(v) for v in query["start_himmelblau"][0].split(","))
    assert (x, y) == pytest.approx((2.0, -3.0), abs=0.35)  # the contour's grid point under the cursor
    assert _start_trace(page) == pytest.approx((x, y))
    path_x = page.evaluate("""() => { const gd = document.querySelectorAll('.js-plotly-plot')[0];
        return gd._fullData.find(d => d.meta === 'path:sgd').x[0]; }""")
    assert path_x == pytest.approx(x)
    assert page.locator("[data-testid='stException']").count() == 0


def open_view(browser, app, width: int, height: int, **params):
    """This page on ``app`` in a tab of that size (views.open_view); 390 px wide means a phone (its browser says so
    in its User-Agent)."""
    return views.open_view(browser, app, PAGE, width, height, **params)


def test_every_section_fits_a_projector(browser, app):
    def check(pg, section: str) -> None:
        views.check_charts_fit(pg, lecture=True)
        pg.screenshot(path=str(SCREENS / f"lecture-gradient_descent-{section}-en.png"), full_page=True)

    SCREENS.mkdir(parents=True, exist_ok=True)
    views.check_every_section(browser, app, PAGE, view.SECTIONS, 1280, 720, check, lang="en", lecture="1")


def test_every_section_fits_a_phone(browser, app):
    def check(pg, section: str) -> None:
        views.check_charts_fit(pg, lecture=False)
        pg.screenshot(path=str(SCREENS / f"phone-gradient_descent-{section}-zh.png"), full_page=True)

    SCREENS.mkdir(parents=True, exist_ok=True)
    views.check_every_section(browser, app, PAGE, view.SECTIONS, 390, 844, check, lang="zh")


SURFACE_JS = """() => { const gd = [...document.querySelectorAll('.nnx-chart')]
    .find(g => (g._fullData || []).some(t => t.type === 'surface'));
    return gd ? Array.from(gd._fullData.find(t => t.type === 'surface').z, row => Array.from(row)) : null; }"""
SCRIPTS_JS = "() => [...document.scripts].map(s => s.src.split('/').pop()).filter(s => s.startsWith('plotly'))"


def test_the_3d_surface_loads_its_plotly_js_only_when_the_student_asks_for_it(app, page):
    """2-D charts are drawn by plotly.js's cartesian bundle (a third of the full file; explainer/charts.py), which
    has no 3-D traces: a click on "3-D surface" loads the gl3d bundle for that chart alone, draws the engine's surface
    with it, and the contour beside it stays drawn; off and on again loads nothing more."""
    from explainer import charts

    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(app.url(PAGE, lang="en", view="2d"))
    wait_for_app(page)
    page.wait_for_function("() => { const c = [...document.querySelectorAll('.nnx-chart')];"
                           " return c.length > 0 && c.every(d => !!d._fullLayout); }", timeout=30_000)
    assert page.evaluate(SCRIPTS_JS) == [charts.CARTESIAN_JS]
    toggle = page.get_by_text(translate("en", "gradient_descent.two.show3d"), exact=True)
    for _ in range(2):  # on (the gl3d bundle is loaded), off, on again (it is not loaded twice)
        toggle.click()
        page.wait_for_function(f"() => ({SURFACE_JS})() !== null", timeout=30_000)
        wait_for_app(page)
        assert page.evaluate(SCRIPTS_JS) == [charts.CARTESIAN_JS, charts.GL3D_JS]
        shown = view.surface_grid("quadratic_bowl", 10.0).shown
        np.testing.assert_allclose(np.array(page.evaluate(SURFACE_JS)), shown, rtol=1e-12, atol=0)
        contour = page.evaluate("() => [...document.querySelectorAll('.nnx-chart')].filter(g => g._fullLayout &&"
                                " g._fullData.some(t => t.type === 'contour') && g.querySelector('.contourlevel'))"
                                ".length")
        assert contour == 1, "the contour chart is no longer drawn"
        toggle.click()
        page.wait_for_function(f"() => ({SURFACE_JS})() === null", timeout=30_000)
        wait_for_app(page)
    assert errors == []
