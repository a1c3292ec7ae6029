"""Live training in a real browser: Play advances the epoch counter and redraws the map; Pause stops all of it."""

from __future__ import annotations

import pytest

from benchmarks.playground import EPOCH_JS, WATCH_JS
from explainer.i18n import translate
from tests.browser.conftest import wait_for_app

pytestmark = pytest.mark.browser

MAP_Z = """() => { for (const gd of document.querySelectorAll('.js-plotly-plot')) {
  const tr = gd._fullData && gd._fullData[0];
  if (tr && tr.meta === 'map') return [tr.z[50][50], tr.z[20][70], tr.z[80][30]]; } return null; }"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_play_advances_and_pause_stops(server, page, lang):
    page.goto(server.url("playground", lang=lang))
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot")
    assert page.evaluate(EPOCH_JS) == 0
    before = page.evaluate(MAP_Z)
    page.evaluate(WATCH_JS)
    page.get_by_role("button", name=translate(lang, "playground.play")).click()
    page.wait_for_timeout(4000)
    playing_epoch = page.evaluate(EPOCH_JS)
    assert playing_epoch >= 60  # several frames of 30 epochs in 4 s
    assert page.evaluate("() => window.__frames.length") >= 3
    assert page.evaluate(MAP_Z) != before  # the boundary changed
    page.get_by_role("button", name=translate(lang, "playground.pause")).click()
    # the Play button is back once the pause has been applied (slower on a loaded machine); then let the last
    # in-flight frame land before reading the counter
    page.get_by_role("button", name=translate(lang, "playground.play")).wait_for(timeout=20_000)
    page.wait_for_timeout(1000)
    wait_for_app(page)
    paused = page.evaluate(EPOCH_JS)
    page.wait_for_timeout(2500)
    assert page.evaluate(EPOCH_JS) == paused  # no more epochs: the fragment stopped ticking
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_role("button", name=translate(lang, "playground.play")).count() == 1


# Page coordinates of a point (x, y) of a thumbnail, in that thumbnail's data coordinates.
THUMB_XY = """([name, x, y]) => {
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    const tr = (gd._fullData || []).find(t => t.meta === 'pick:' + name);
    if (!tr) continue;
    const xa = gd._fullLayout[tr.xaxis.replace('x', 'xaxis')], ya = gd._fullLayout[tr.yaxis.replace('y', 'yaxis')];
    const r = gd.getBoundingClientRect();
    return [r.left + xa._offset + xa.l2p(x), r.top + ya._offset + ya.l2p(y)];
  }
  return null; }"""


def _query(page) -> dict:
    from urllib.parse import parse_qs, urlparse

    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def _settle(page) -> None:
    page.wait_for_timeout(600)
    wait_for_app(page)
    page.wait_for_timeout(300)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_clicking_a_thumbnail_chooses_the_data_set(server, page, lang):
    page.goto(server.url("playground", lang=lang))
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot")
    page.mouse.click(*page.evaluate(THUMB_XY, ["xor", 3.0, -3.0]))  # anywhere on the picture, not only on a point
    _settle(page)
    assert _query(page)["data"] == "xor"
    select = page.get_by_label(translate(lang, "playground.dataset"))
    box = page.locator("[data-testid='stSelectbox']", has=select)
    assert translate(lang, "playground.datasets.xor") in (box.inner_text() + select.input_value())
    # the keyboard way (the selectbox) back to the circle, then the same picture again selects it again
    select.click()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    _settle(page)
    assert _query(page)["data"] == "circle"
    page.mouse.click(*page.evaluate(THUMB_XY, ["xor", -2.0, 2.0]))
    _settle(page)
    assert _query(page)["data"] == "xor"
    page.mouse.click(*page.evaluate(THUMB_XY, ["spiral", 0.0, 0.0]))
    _settle(page)
    assert _query(page)["data"] == "spiral"
    assert page.locator("[data-testid='stException']").count() == 0


def test_screenshots(server, page):
    """Screenshots in en (after some training) and zh (multiclass) into .pytest_cache/ for a visual check."""
    from tests.browser.conftest import ROOT

    out = ROOT / ".pytest_cache"
    out.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1500, "height": 2000})
    page.goto(server.url("playground", lang="en", test="1"))
    wait_for_app(page)
    page.get_by_role("button", name="Play").click()
    page.wait_for_timeout(3000)
    page.get_by_role("button", name="Pause").click()
    page.wait_for_timeout(1500)
    wait_for_app(page)
    page.screenshot(path=str(out / "screenshot-playground.png"))
    page.goto(server.url("playground", lang="zh", data="blobs", k="4", net="6", a1="relu", lr="0.1"))
    wait_for_app(page)
    page.get_by_role("button", name=translate("zh", "playground.step")).click()
    page.wait_for_timeout(1500)
    wait_for_app(page)
    page.screenshot(path=str(out / "screenshot-playground-zh.png"))
