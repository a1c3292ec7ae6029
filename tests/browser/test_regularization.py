"""The Regularization page in a real browser: a student moves the epoch slider with the keyboard, then follows a
"try this" link (the link must reset the epoch shown); the legends sit below the plots — never on the curves, the
axis titles or each other — at 390 px and in lecture mode, and the page never scrolls sideways."""

from __future__ import annotations

import re

import pytest

from explainer.i18n import translate
from tests.browser.conftest import wait_for_app

pytestmark = pytest.mark.browser

METRIC_LABEL = "[data-testid='stMetricLabel']"


def _labels(page) -> list[str]:
    return [t.strip() for t in page.locator(METRIC_LABEL).all_inner_texts()]


def test_keyboard_epoch_then_the_l2_task_shows_the_last_epoch(app, page):
    page.set_viewport_size({"width": 1400, "height": 2400})
    page.goto(app.url("regularization", lang="en", view="overfit"))
    wait_for_app(page)
    assert translate("en", "regularization.overfit.train_loss", epoch=1000) in _labels(page)
    slider = page.locator("[data-testid='stSlider']").filter(
        has_text=translate("en", "regularization.overfit.at")).locator("input[type='range']")
    slider.focus()
    page.keyboard.press("Home")  # the first step of a 1000-epoch run: epoch 10
    page.wait_for_url(re.compile(r"[?&]at=10(&|$)"), timeout=30_000)
    wait_for_app(page)
    assert translate("en", "regularization.overfit.train_loss", epoch=10) in _labels(page)
    page.keyboard.press("ArrowRight")  # one step on: epoch 20
    page.wait_for_url(re.compile(r"[?&]at=20(&|$)"), timeout=30_000)
    wait_for_app(page)
    assert translate("en", "regularization.overfit.train_loss", epoch=20) in _labels(page)

    page.get_by_text(translate("en", "regularization.try.l2")).click()
    page.wait_for_url(re.compile(r"l2=0\.003"), timeout=30_000)
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    labels = _labels(page)
    assert translate("en", "regularization.overfit.train_loss", epoch=1000) in labels
    assert translate("en", "regularization.overfit.train_loss", epoch=20) not in labels
    assert re.search(r"[?&]at=1000(&|$)", page.url)
    texts = page.locator("[data-testid='stMarkdownContainer']").all_inner_texts()
    assert any(t.startswith(translate("en", "regularization.overfit.row_reg", lam="0.003", p="")[:30]) for t in texts)


BOXES = """(el) => {
  const box = (q) => { const n = el.querySelector(q); if (!n) return null;
                       const r = n.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {plot: box('.nsewdrag'), legend: box('g.legend'), xtitle: box('.g-xtitle'), width: el.getBoundingClientRect().width};
}"""


def _overlap(a, b) -> bool:
    return a is not None and b is not None and a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("width, height, lecture, lang", [(390, 5200, False, "en"), (390, 5200, False, "zh"),
                                                          (1280, 3600, True, "en")])
def test_legends_never_cover_the_plot(app, page, width, height, lecture, lang):
    page.set_viewport_size({"width": width, "height": height})
    params = {"lang": lang, "view": "overfit", "l2": "0.003", "drop": "0.1"}
    if lecture:
        params["lecture"] = "1"
    page.goto(app.url("regularization", **params))
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    page.wait_for_timeout(1500)
    charts = page.locator(".js-plotly-plot")
    assert charts.count() == 2
    for i in range(charts.count()):
        charts.nth(i).scroll_into_view_if_needed()
        b = charts.nth(i).evaluate(BOXES)
        assert b["legend"] is not None and b["plot"] is not None
        assert not _overlap(b["legend"], b["plot"]), (i, b)
        assert not _overlap(b["legend"], b["xtitle"]), (i, b)
        assert b["legend"][1] >= b["plot"][3] - 1  # below the plotting area
        assert b["legend"][2] <= b["plot"][0] + b["width"] + 1  # inside the chart's width
    scroll = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll[0] <= scroll[1]
    assert page.locator("[data-testid='stException']").count() == 0
