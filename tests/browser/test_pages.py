"""Every built page, opened by deep link as the very first request of a freshly started server."""

from __future__ import annotations

import pytest

from explainer.i18n import translate
from explainer.pages import ROOT, built_pages
from tests.browser.conftest import wait_for_app

pytestmark = pytest.mark.browser

NAV = "[data-testid='stSidebar'] [data-testid='stPageLink']"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("info", built_pages(), ids=lambda p: p.id)
def test_deep_link_on_fresh_server(server, page, info, lang):
    page.goto(server.url(info.url_path, lang=lang))
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    labels = [text.split("\n")[-1].strip() for text in page.locator(NAV).all_inner_texts()]
    assert labels == [translate(lang, p.nav_key) for p in built_pages()]
    if info.has_charts:
        page.wait_for_selector(".js-plotly-plot", timeout=20_000)
    assert f"lang={lang}" in page.url


def test_try_this_link_reapplies_state(server, page):
    """A "try this" page_link to the same page reruns it with the link's params (Streamlit 1.67)."""
    page.goto(server.url("activations", lang="en"))
    wait_for_app(page)
    page.get_by_text(translate("en", "activations.try.sigmoid_deep")).click()
    page.wait_for_url("**view=depth**", timeout=20_000)
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot")
    assert "act=sigmoid" in page.url and "depth=10" in page.url
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text(translate("en", "activations.depth.grad_title")).count() >= 1


def test_curve_data_in_browser_equals_engine(server, page):
    import numpy as np

    import nncore
    from explainer.views.activations import Z_GRID

    page.goto(server.url("activations", lang="en", fns="sigmoid", z="0"))
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot")
    y = page.evaluate("() => Array.from(document.querySelector('.js-plotly-plot')._fullData[0].y)")
    np.testing.assert_allclose(y, nncore.ACTIVATIONS["sigmoid"].f(Z_GRID), rtol=0, atol=1e-15)


def test_screenshots(server, page):
    """Screenshots (en, and zh to check CJK rendering) into .pytest_cache/; with UPDATE_SCREENSHOTS=1 the en
    one also replaces the README's assets/screenshot-activations.png."""
    import os
    import shutil

    out = ROOT / ".pytest_cache"
    out.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 1900})
    page.goto(server.url("activations", lang="en"))
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot")
    page.wait_for_timeout(800)
    page.screenshot(path=str(out / "screenshot-activations.png"))
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        shutil.copy(out / "screenshot-activations.png", ROOT / "assets" / "screenshot-activations.png")
    page.goto(server.url("activations", lang="zh", view="depth", act="sigmoid", depth="10", init="normal", scale="1"))
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot")
    page.wait_for_timeout(800)
    page.screenshot(path=str(out / "screenshot-activations-zh.png"))


def test_try_this_link_listing_every_control_updates_the_address_bar(server, page):
    """When a link sets every control of a view, nothing differs from the URL the server sees — yet the browser's
    address bar must still show the link's params, so a reload or a copied address keeps the view."""
    page.goto(server.url("softmax_entropy", lang="en"))
    wait_for_app(page)
    page.get_by_text(translate("en", "softmax_entropy.try.saturated")).click()
    page.wait_for_url("**view=mse_vs_ce**", timeout=20_000)
    wait_for_app(page)
    assert "label=1" in page.url and "z=-8" in page.url
    page.reload()
    wait_for_app(page)
    assert "view=mse_vs_ce" in page.url
    assert page.locator("[data-testid='stException']").count() == 0
