"""Home in Chromium: readable on a phone and on a projector in both languages (the intro beside the lecture-mode QR
code), and a click on the learning path opens the page in the same language."""

from __future__ import annotations

import pytest

from explainer.i18n import translate
from tests.browser.conftest import wait_for_app
from tests.browser.views import OVERFLOW_JS, open_view

pytestmark = pytest.mark.browser

# every block of the main column lies inside it (nothing runs off the right edge of a phone)
BLOCKS_JS = """
() => {
  const main = document.querySelector('[data-testid="stMainBlockContainer"]').getBoundingClientRect();
  const out = [];
  for (const el of document.querySelectorAll('[data-testid="stMain"] [data-testid="stMarkdownContainer"] li, ' +
                                             '[data-testid="stMain"] [data-testid="stPageLink"], ' +
                                             '[data-testid="stMain"] [data-testid="stCaptionContainer"]')) {
    const r = el.getBoundingClientRect();
    if (r.width && (r.right > main.right + 1 || r.left < main.left - 1)) out.push(el.textContent.slice(0, 50));
  }
  return out;
}
"""


def open_home(browser, app, lang: str, width: int, height: int, **params):
    return open_view(browser, app, "", width, height, scroll=False, lang=lang, **params)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_home_on_a_phone_and_on_a_projector(browser, app, lang):
    tab, pg = open_home(browser, app, lang, 390, 844)
    try:
        assert pg.evaluate(OVERFLOW_JS) == [] and pg.evaluate(BLOCKS_JS) == []
        items = pg.locator("[data-testid='stMain'] [data-testid='stMarkdownContainer'] li").all_inner_texts()
        article = {"en": "Article {n}", "zh": "文章 {n}"}[lang]
        assert [i for i in items if i.startswith(article.format(n=1))], items  # the sources, numbered as cited
    finally:
        tab.close()
    tab, pg = open_home(browser, app, lang, 1280, 720, lecture="1")
    try:
        assert pg.evaluate(OVERFLOW_JS) == [] and pg.evaluate(BLOCKS_JS) == []
        qr = pg.locator("[data-testid='stMain'] [data-testid='stImage'] img").first.bounding_box()
        intro = pg.get_by_text(translate(lang, "home.intro").strip().split("**")[0].strip()[:20]).first.bounding_box()
        assert intro["y"] < qr["y"] + qr["height"], "the intro sits beside the QR code, not below it"
        assert intro["x"] + intro["width"] <= qr["x"] + 1
    finally:
        tab.close()


def test_a_click_on_the_learning_path_keeps_the_language(browser, app):
    tab, pg = open_home(browser, app, "zh", 1400, 1600)
    try:
        label = translate("zh", "common.nav.activations")
        pg.locator("[data-testid='stMain'] [data-testid='stPageLink']").filter(has_text=label).first.click()
        pg.wait_for_url("**/activations**", timeout=20_000)
        wait_for_app(pg)
        assert "lang=zh" in pg.url
        assert pg.locator("h1").first.inner_text().strip() == translate("zh", "activations.title")
        errors = pg.locator("[data-testid='stException']").all_inner_texts()
        assert errors == [], errors[0][:2000] if errors else ""
    finally:
        tab.close()


def test_plotly_is_loaded_on_home_so_the_next_pages_charts_need_not_wait_for_it(browser, app):
    """Home has no chart. Plotly.js was loaded by a page's first chart, and running it takes the browser ~1 s: a
    student who clicked a page on Home waited that second before any chart was drawn (python -m
    benchmarks.first_chart: 1.9 s → 0.5 s from the click). The tab loads it on Home while the student reads; the
    next page's charts use that copy (page switches keep the document)."""
    tab, pg = open_home(browser, app, "en", 1400, 1000)
    try:
        pg.wait_for_function("() => typeof window.Plotly === 'object' && !!window.Plotly.react", timeout=30_000)
        assert pg.locator(".nnx-chart").count() == 0
        pg.evaluate("() => { window.Plotly.__nnxHome = true; }")  # the copy Home loaded
        pg.locator("[data-testid='stSidebar'] a").filter(has_text=translate("en", "neuron.title")).first.click()
        pg.wait_for_url("**/neuron**", timeout=20_000)
        wait_for_app(pg)
        pg.wait_for_function("() => { const c = [...document.querySelectorAll('.nnx-chart')];"
                             " return c.length > 0 && c.every(d => !!d._fullLayout); }", timeout=30_000)
        assert pg.evaluate("() => window.Plotly.__nnxHome === true")
        assert pg.locator("script[src*='plotly']").count() == 1
    finally:
        tab.close()
