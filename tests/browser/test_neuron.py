"""Neuron page in Chromium: the XOR hidden plane shows all four points (two that coincide are ringed and named
together), a real key press on the epoch slider changes the numbers, and a click on "Step" makes one perceptron
update."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from explainer.i18n import translate
from nncore.lessons import neuron as lesson
from tests.browser.conftest import wait_for_app
from tests.browser.views import kept_tab

pytestmark = pytest.mark.browser

PLOT = ".js-plotly-plot"


def _full_data(page, meta: str) -> dict:
    return page.evaluate("""(meta) => { for (const gd of document.querySelectorAll('.js-plotly-plot')) {
        const t = gd._fullData.find(d => d.meta === meta); if (t) return {x: Array.from(t.x), y: Array.from(t.y),
        text: t.text ? Array.from([].concat(t.text)) : null, visible: t.visible}; } return null; }""", meta)


def _metric(page, label: str) -> str:
    box = page.locator("[data-testid=stMetric]").filter(has_text=label).first
    return box.locator("[data-testid=stMetricValue]").inner_text().strip()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_xor_hidden_plane_shows_all_four_points(app, browser, lang):
    """Seed 0 (tanh): (0, 0) and (1, 1) land on almost the same point; in the browser they are ringed and labelled
    together, at nncore's coordinates, on a phone as on a laptop."""
    run = lesson.train_xor("tanh", 0)
    hidden = run.net(1000).forward(run.X).A[1]
    for width, height in ((1440, 900), (390, 844)):
        tab = kept_tab(browser, app.tabs, width, height, phone=False)
        pg = tab.page
        pg.goto(app.url("neuron", lang=lang, view="xor"))
        wait_for_app(pg)
        pg.locator(PLOT).first.scroll_into_view_if_needed()
        pg.wait_for_function("() => document.querySelector('.js-plotly-plot') && "
                             "document.querySelector('.js-plotly-plot')._fullData.length > 0", timeout=20_000)
        names = _full_data(pg, "hidden_names")
        assert names is not None and "(0, 0) + (1, 1)" in names["text"] and len(names["text"]) == 3
        ring = _full_data(pg, "coincide")
        assert ring["x"] == pytest.approx([(hidden[0, 0] + hidden[3, 0]) / 2])
        zeros = _full_data(pg, "hidden:0")  # both class-0 points are drawn, where the network puts them
        assert sorted(zip(zeros["x"], zeros["y"])) == pytest.approx(sorted(map(tuple, hidden[[0, 3]])))
        caption = translate(lang, "neuron.xor.coincide_same", a="(0, 0)", b="(1, 1)", pa="(0.9446, -0.9338)",
                            pb="(0.9549, -0.9485)")
        assert pg.get_by_text(caption, exact=False).count() == 1
        assert pg.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
        tab.close()


def test_arrow_key_on_the_epoch_slider_changes_cost_and_gradient(app, page):
    page.goto(app.url("neuron", lang="en", view="xor", xseed="1"))
    wait_for_app(page)
    assert _metric(page, translate("en", "neuron.xor.loss")) == "0.3481"
    thumb = page.locator("[data-testid=stSlider] input[type=range]").first
    thumb.focus()
    page.keyboard.press("ArrowLeft")  # 1000 → 500 epochs
    page.wait_for_function("() => location.search.includes('epoch=500')", timeout=20_000)
    wait_for_app(page)
    snap = lesson.train_xor("tanh", 1).snapshot(500)
    assert _metric(page, translate("en", "neuron.xor.loss")) == f"{snap.loss:.4f}"
    assert _metric(page, translate("en", "neuron.xor.grad_norm")) == f"{snap.grad_norm:.4f}"
    assert page.get_by_text(translate("en", "neuron.xor.training")).count() == 1  # not the last epoch: no verdict
    assert page.locator("[data-testid='stException']").count() == 0


def test_step_button_makes_one_update(app, page):
    page.goto(app.url("neuron", lang="en", view="perceptron", data="xor"))
    wait_for_app(page)
    updates = translate("en", "neuron.perceptron.updates")
    assert _metric(page, updates) == "0"
    step = page.get_by_role("button", name=translate("en", "neuron.perceptron.btn_step"))
    for n in range(1, 5):
        step.click()
        page.wait_for_function(f"() => location.search.includes('step={n}')", timeout=20_000)
        wait_for_app(page)
    assert _metric(page, updates) == "4"
    cycle = lesson.gate_replay("xor").cycle_length
    warning = translate("en", "neuron.perceptron.cycling_start", end=cycle, length=cycle).split("**")[-1].strip()
    assert page.get_by_text(warning, exact=False).count() == 1  # "… so the same 4 updates repeat forever …"
    assert parse_qs(urlparse(page.url).query)["step"] == ["4"]
    assert page.locator("[data-testid='stException']").count() == 0
