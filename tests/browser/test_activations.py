"""Activations in Chromium: every section on a phone and a projector (nothing clipped, lecture text ≥ 18 px), the
saturation lanes' legend, no empty dead-unit chart for tanh, and the z probe moved by a real key press."""

from __future__ import annotations

import numpy as np
import pytest

import nncore
from explainer import fmt
from explainer.i18n import translate
from explainer.views import activations as view
from tests.browser.conftest import wait_for_app
from tests.browser.test_softmax_entropy import check_fits
from tests.browser import views

pytestmark = pytest.mark.browser

PAGE = "activations"


def open_view(browser, app, lang: str, width: int, height: int, **params):
    return views.open_view(browser, app, PAGE, width, height, lang=lang, **params)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_section_on_a_phone_and_a_projector(browser, app, lang):
    for width, height, extra in ((390, 844, {}), (1280, 720, {"lecture": "1"})):
        views.check_every_section(browser, app, PAGE, view.SECTIONS, width, height,
                                  lambda pg, _: check_fits(pg, lecture=bool(extra)), lang=lang, **extra)


def test_saturation_legend_and_no_empty_dead_unit_chart(browser, app):
    tab, pg = open_view(browser, app, "en", 1400, 2400)
    try:
        legend = pg.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot')[0]
                                 .querySelectorAll('.legendtext')).map(t => t.textContent)""")
        saturated = translate("en", "activations.compare.saturated")
        for name in view.DEFAULT_FUNCTIONS:
            assert f"{translate('en', f'activations.fn.{name}')}: {saturated}" in legend
    finally:
        tab.close()
    tab, pg = open_view(browser, app, "en", 1400, 2400, view="depth", act="tanh")
    try:
        metas = pg.evaluate("() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => gd._fullData[0].meta)")
        assert metas == ["hist", "grad_norm"]  # no dead-unit chart for tanh …
        assert pg.get_by_text(translate("en", "activations.depth.no_dead", fn="tanh")).count() == 1  # … a caption
    finally:
        tab.close()


def test_a_key_press_moves_the_probe(browser, app):
    """ArrowRight on the z probe (step 0.25): z 2 → 2.25; the metrics and the URL follow, the values are nncore's."""
    tab, pg = open_view(browser, app, "en", 1400, 1600, fns="sigmoid")
    try:
        probe = pg.locator('input[type=range][aria-label="%s"]' % translate("en", "activations.compare.probe"))
        probe.focus()
        probe.press("ArrowRight")
        pg.wait_for_function("() => location.search.includes('z=2.25')", timeout=20_000)
        wait_for_app(pg)
        values = pg.locator("[data-testid='stMetricValue']").all_inner_texts()
        sigmoid = nncore.ACTIVATIONS["sigmoid"]
        assert values[:2] == [fmt.num(sigmoid.f(2.25)), fmt.num(sigmoid.df(2.25))]
        shapes = pg.evaluate("""() => document.querySelectorAll('.js-plotly-plot')[0]._fullLayout.shapes
                                  .filter(s => s.name === 'probe').map(s => s.x0)""")
        np.testing.assert_allclose(shapes, [2.25, 2.25])
    finally:
        tab.close()
