"""Every page as a student on a phone and a lecturer on a projector sees it, in both languages, in Chromium.

- A 390 × 844 phone: the page never scrolls sideways, every chart fits its column, the menu starts folded away, no
  traceback; a screenshot of each page is kept in ``.pytest_cache/screens/`` (look at them).
- Lecture mode on a 1280 × 720 projector: the menu folded away, every chart text ≥ 18 px, no text inside a chart
  outside its box, and a QR code that decodes to the page's own URL.
- Nothing is fetched from another host (the app works offline in a lecture hall).
"""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from explainer.pages import built_pages
from tests.browser.conftest import ROOT, Server, wait_for_app
from tests.helpers import require

pytestmark = pytest.mark.browser

PAGES = [p.id for p in built_pages()]
SCREENS = ROOT / ".pytest_cache" / "screens"
LECTURE_MIN_FONT = 18

# The main area scrolls inside its own container; walk it down so Streamlit renders every chart (it renders a chart
# only once it is in view), then back to the top.
SCROLL_THROUGH_JS = """
async () => {
  const main = document.querySelector('[data-testid="stMain"]');
  const box = main && main.scrollHeight > main.clientHeight ? main : document.scrollingElement;
  for (let y = 0; y < box.scrollHeight; y += Math.max(200, box.clientHeight * 0.8)) {
    box.scrollTop = y;
    await new Promise(r => setTimeout(r, 120));
  }
  box.scrollTop = 0;
}
"""
OVERFLOW_JS = """
() => {
  const out = [];
  const main = document.querySelector('[data-testid="stMain"]');
  for (const el of [document.scrollingElement, main]) {
    if (el && el.scrollWidth > el.clientWidth + 1) out.push(`${el.tagName}.${el.dataset.testid || ''}: scrollWidth ${el.scrollWidth} > ${el.clientWidth}`);
  }
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    const w = gd.getBoundingClientRect().width, parent = gd.parentElement.getBoundingClientRect().width;
    if (w > parent + 1) out.push(`chart ${w} px wide in a ${parent} px column`);
  }
  return out;
}
"""
CHART_TEXT_JS = """
() => {
  const sizes = [], outside = [];
  for (const svg of document.querySelectorAll('.js-plotly-plot .main-svg')) {
    const box = svg.getBoundingClientRect();
    if (!box.width) continue;
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (!r.width || !t.textContent.trim()) continue;
      sizes.push([parseFloat(getComputedStyle(t).fontSize), t.textContent.slice(0, 40)]);
      if (r.left < box.left - 2 || r.right > box.right + 2 || r.top < box.top - 2 || r.bottom > box.bottom + 2)
        outside.push(t.textContent.slice(0, 60));
    }
  }
  return {sizes, outside};
}
"""


@pytest.fixture(scope="module")
def app(browser):
    srv = Server()
    yield srv
    srv.stop()


PHONE_UA = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/17.0 Mobile/15E148 Safari/604.1")


def _open(browser, app, page_id: str, lang: str, width: int, height: int, phone: bool = False, **params):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US",
                                  device_scale_factor=1, is_mobile=phone, has_touch=phone,
                                  **({"user_agent": PHONE_UA} if phone else {}))
    pg = context.new_page()
    foreign: list[str] = []
    pg.on("request", lambda r: foreign.append(r.url) if urlsplit(r.url).hostname not in (None, "127.0.0.1",
                                                                                          "localhost") else None)
    path = "" if page_id == "home" else page_id
    pg.goto(app.url(path, lang=lang, **params))
    wait_for_app(pg)
    pg.evaluate(SCROLL_THROUGH_JS)
    wait_for_app(pg)
    pg.wait_for_timeout(500)
    return context, pg, foreign


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page_id", PAGES)
def test_phone(browser, app, page_id, lang):
    context, pg, foreign = _open(browser, app, page_id, lang, 390, 844, phone=True)
    try:
        assert pg.locator("[data-testid='stException']").count() == 0
        assert pg.evaluate(OVERFLOW_JS) == []
        sidebar = pg.locator("[data-testid='stSidebar']")
        assert sidebar.count() == 0 or sidebar.get_attribute("aria-expanded") != "true", "menu open over the page"
        assert foreign == [], f"fetched from another host: {foreign[:3]}"
        SCREENS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(SCREENS / f"phone-{page_id}-{lang}.png"))
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page_id", PAGES)
def test_lecture_mode_on_a_projector(browser, app, page_id, lang):
    zxingcpp = require("zxingcpp")
    from PIL import Image

    context, pg, foreign = _open(browser, app, page_id, lang, 1280, 720, lecture="1")
    try:
        assert pg.locator("[data-testid='stException']").count() == 0
        assert pg.evaluate(OVERFLOW_JS) == []
        sidebar = pg.locator("[data-testid='stSidebar']")
        assert sidebar.count() == 0 or sidebar.get_attribute("aria-expanded") != "true", "menu open in lecture mode"
        text = pg.evaluate(CHART_TEXT_JS)
        small = sorted({(size, label) for size, label in text["sizes"] if size < LECTURE_MIN_FONT})
        assert not small, f"chart text below {LECTURE_MIN_FONT} px: {small[:8]}"
        assert not text["outside"], f"chart text outside its chart: {text['outside'][:8]}"
        # the QR code next to the title: a student who scans it lands in this very view on their own screen
        qr = pg.locator("[data-testid='stMain'] [data-testid='stImage'] img").first
        qr.scroll_into_view_if_needed()
        decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())).convert("L"))]
        assert len(decoded) == 1
        got, here = urlsplit(decoded[0]), urlsplit(pg.url)
        assert (got.netloc, got.path.rstrip("/")) == (here.netloc, here.path.rstrip("/"))
        assert parse_qs(got.query)["lang"] == [lang] and "lecture" not in parse_qs(got.query)
        student = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                      user_agent=PHONE_UA)
        try:
            phone = student.new_page()
            phone.goto(decoded[0])
            wait_for_app(phone)
            wait_for_app(phone)
            lecturer = {k: v for k, v in parse_qs(here.query).items() if k != "lecture"}
            assert parse_qs(urlsplit(phone.url).query) == lecturer, "the scanned link opens another view"
        finally:
            student.close()
        assert foreign == [], f"fetched from another host: {foreign[:3]}"
        SCREENS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(SCREENS / f"lecture-{page_id}-{lang}.png"))
    finally:
        context.close()
