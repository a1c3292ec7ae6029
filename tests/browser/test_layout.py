"""Every page as a student on a phone and a lecturer on a projector sees it, in both languages, in Chromium.

- A 390 × 844 phone: the page never scrolls sideways, every chart fits its column, the menu starts folded away, no
  traceback; a screenshot of each page is kept in ``.pytest_cache/screens/`` (look at them).
- Lecture mode on a 1280 × 720 projector: the menu folded away, every chart text ≥ 18 px, no text inside a chart
  outside its box, and a QR code that decodes to the page's own URL.
- Nothing is fetched from another host (the app works offline in a lecture hall).
"""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import pytest

from explainer.pages import built_pages
from tests.browser.conftest import ROOT, wait_for_app
from tests.browser.views import CHART_TEXT_JS, LECTURE_MIN_FONT, OVERFLOW_JS, PHONE_UA, open_view
from tests.helpers import require

pytestmark = pytest.mark.browser

PAGES = [p.id for p in built_pages()]
SCREENS = ROOT / ".pytest_cache" / "screens"


def _open(browser, app, page_id: str, lang: str, width: int, height: int, phone: bool = False, **params):
    foreign: list[str] = []
    context, pg = open_view(browser, app, "" if page_id == "home" else page_id, width, height, phone=phone,
                            foreign=foreign, lang=lang, **params)
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
