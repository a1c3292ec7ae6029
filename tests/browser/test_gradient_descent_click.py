"""Gradient-descent page in Chromium: a click on the contour plot moves the start point (URL and chart)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import wait_for_app

pytestmark = pytest.mark.browser

PLOT = ".js-plotly-plot"


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


def test_click_on_contour_sets_start_point(server, page):
    page.goto(server.url("gradient_descent", lang="en", view="2d", surf="himmelblau", opts="sgd", n2="50"))
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
    assert (x, y) == pytest.approx((2.0, -3.0), abs=0.35)  # snapped to the click lattice (spacing 1/3)
    assert _start_trace(page) == pytest.approx((x, y))
    path_x = page.evaluate("""() => { const gd = document.querySelectorAll('.js-plotly-plot')[0];
        return gd._fullData.find(d => d.meta === 'path:sgd').x[0]; }""")
    assert path_x == pytest.approx(x)
    assert page.locator("[data-testid='stException']").count() == 0
