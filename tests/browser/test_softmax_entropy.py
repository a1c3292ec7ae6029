"""Softmax & entropy in Chromium: every section on a 390 px phone and on a 1280 × 720 projector in lecture mode
(titles above the charts, nothing inside a chart outside its box, no sideways scrolling, lecture text ≥ 18 px), and
controls driven by a real key press and a real click."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest

import nncore
from explainer.i18n import translate
from explainer.views import softmax_entropy as view
from tests.browser.conftest import wait_for_app
from tests.browser import views

pytestmark = pytest.mark.browser

PAGE = "softmax_entropy"
# a chart's title is page text above it: its box must lie inside the main column (it wraps instead of clipping)
TITLES_JS = """
() => {
  const main = document.querySelector('[data-testid="stMain"]').getBoundingClientRect();
  const out = [];
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    const block = gd.closest('[data-testid="stElementContainer"]');
    let prev = block && block.previousElementSibling;
    const title = prev && prev.querySelector('[data-testid="stMarkdownContainer"] strong');
    if (!title) { out.push({missing: true}); continue; }
    const r = title.getBoundingClientRect();
    out.push({text: title.textContent, left: r.left, right: r.right, main_right: main.right,
              clipped: title.scrollWidth > title.clientWidth + 1});
  }
  return out;
}
"""


def open_view(browser, app, lang: str, width: int, height: int, **params):
    return views.open_view(browser, app, PAGE, width, height, lang=lang, **params)


def check_fits(pg, lecture: bool) -> None:
    text = views.check_charts_fit(pg, lecture=lecture)
    assert text["sizes"], "no chart rendered"
    if not lecture:
        assert min(size for size, _ in text["sizes"]) >= 12
    titles = pg.evaluate(TITLES_JS)
    assert titles and all(not t.get("missing") for t in titles), titles
    assert all(not t["clipped"] and t["right"] <= t["main_right"] + 1 for t in titles), titles


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_section_on_a_phone(browser, app, lang):
    views.check_every_section(browser, app, PAGE, view.SECTIONS, 390, 844,
                              lambda pg, _: check_fits(pg, lecture=False), lang=lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_section_on_a_projector_in_lecture_mode(browser, app, lang):
    views.check_every_section(browser, app, PAGE, view.SECTIONS, 1280, 720,
                              lambda pg, _: check_fits(pg, lecture=True), lang=lang, lecture="1")


def test_a_key_press_on_the_temperature_changes_the_bars(browser, app):
    """One ArrowLeft on the temperature slider: T 1 → 0.5, the URL follows and the bars in the browser are
    nncore's softmax(z / 0.5)."""
    tab, pg = open_view(browser, app, "en", 1400, 1600)
    try:
        slider = pg.locator('input[type=range][aria-label="%s"]' % translate("en", "softmax_entropy.logits.temperature"))
        slider.focus()
        slider.press("ArrowLeft")
        pg.wait_for_function("() => location.search.includes('T=0.5')", timeout=20_000)
        wait_for_app(pg)
        pg.wait_for_timeout(800)
        bars = pg.evaluate("""() => { for (const gd of document.querySelectorAll('.js-plotly-plot')) {
            const t = gd._fullData.find(d => d.meta === 'probs'); if (t) return Array.from(t.y); } }""")
        z = np.array(view.DEFAULT_LOGITS[:view.DEFAULT_N])
        np.testing.assert_allclose(bars, nncore.softmax(z, temperature=0.5), rtol=1e-12)
        assert parse_qs(urlsplit(pg.url).query)["T"] == ["0.5"]
        assert pg.locator("[data-testid='stException']").count() == 0
    finally:
        tab.close()


def test_a_click_on_a_preset_makes_the_kl_divergence_infinite(browser, app):
    tab, pg = open_view(browser, app, "zh", 1400, 2000, view="information")
    try:
        pg.get_by_role("button", name=translate("zh", "softmax_entropy.info.preset.missing")).click()
        pg.wait_for_function("() => location.search.includes('q=1%2C1%2C1%2C0') || location.search.includes('q=1,1,1,0')",
                             timeout=20_000)
        wait_for_app(pg)
        assert pg.get_by_text(translate("zh", "softmax_entropy.info.infinite")).count() == 1
        assert pg.locator("[data-testid='stMetricValue']").filter(has_text="∞").count() >= 1
    finally:
        tab.close()
