"""Every page as a student on a phone and a lecturer on a projector sees it, in both languages, in Chromium.

- A 390 × 844 phone: the page never scrolls sideways, every chart fits its column, the menu starts folded away, no
  traceback; a screenshot of each page is kept in ``.pytest_cache/screens/`` (look at them).
- Lecture mode on a 1280 × 720 projector: the menu folded away, every chart text ≥ 18 px, no text inside a chart
  outside its box, and a QR code that decodes to the page's own URL.
- Nothing is fetched from another host (the app works offline in a lecture hall).
"""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from explainer.i18n import translate
from explainer.pages import built_pages
from tests.browser.conftest import ROOT, wait_for_app
from tests.browser.views import CHART_TEXT_JS, LECTURE_MIN_FONT, OVERFLOW_JS, keep_screenshot, kept_tab, open_view
from tests.helpers import require

pytestmark = pytest.mark.browser

PAGES = [p.id for p in built_pages()]
SCREENS = ROOT / ".pytest_cache" / "screens"


# Where the page title's lines break inside a word (a break not after a space): [text before the break, …].
TITLE_BREAKS_JS = """() => {
  const h = document.querySelector('[data-testid="stMain"] h1'); if (!h) return [];
  const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT); const chars = [];
  while (walker.nextNode()) { const n = walker.currentNode;
    for (let i = 0; i < n.data.length; i++) { const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
      const box = r.getBoundingClientRect(); chars.push([n.data[i], box.width > 0 ? box.top : null]); } }
  const bad = []; let top = null;
  for (let i = 0; i < chars.length; i++) {
    const [c, t] = chars[i]; if (t === null || c.trim() === "") continue;
    if (top !== null && t > top + 4 && chars[i - 1][0].trim() !== "") bad.push(chars.slice(0, i).map(c => c[0]).join(""));
    top = t;
  }
  return bad;
}"""


def _open(browser, app, page_id: str, lang: str, width: int, height: int, phone: bool = False, **params):
    foreign: list[str] = []
    tab, pg = open_view(browser, app, "" if page_id == "home" else page_id, width, height, phone=phone,
                        foreign=foreign, lang=lang, **params)
    return tab, pg, foreign


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page_id", PAGES)
def test_phone(browser, app, page_id, lang):
    tab, pg, foreign = _open(browser, app, page_id, lang, 390, 844, phone=True)
    try:
        assert pg.locator("[data-testid='stException']").count() == 0
        assert pg.evaluate(OVERFLOW_JS) == []
        sidebar = pg.locator("[data-testid='stSidebar']")
        assert sidebar.count() == 0 or sidebar.get_attribute("aria-expanded") != "true", "menu open over the page"
        assert foreign == [], f"fetched from another host: {foreign[:3]}"
        assert pg.evaluate(TITLE_BREAKS_JS) == [], "the title breaks inside a word"
        SCREENS.mkdir(parents=True, exist_ok=True)
        keep_screenshot(pg, SCREENS / f"phone-{page_id}-{lang}.png")
    finally:
        tab.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page_id", PAGES)
def test_lecture_mode_on_a_projector(browser, app, page_id, lang):
    zxingcpp = require("zxingcpp")
    from PIL import Image

    tab, pg, foreign = _open(browser, app, page_id, lang, 1280, 720, lecture="1")
    try:
        assert pg.locator("[data-testid='stException']").count() == 0
        assert pg.evaluate(OVERFLOW_JS) == []
        sidebar = pg.locator("[data-testid='stSidebar']")
        assert sidebar.count() == 0 or sidebar.get_attribute("aria-expanded") != "true", "menu open in lecture mode"
        text = pg.evaluate(CHART_TEXT_JS)
        small = sorted({(size, label) for size, label in text["sizes"] if size < LECTURE_MIN_FONT})
        assert not small, f"chart text below {LECTURE_MIN_FONT} px: {small[:8]}"
        assert not text["outside"], f"chart text outside its chart: {text['outside'][:8]}"
        # what the select boxes, sliders, number and text fields hold is as large as their labels
        sizes = pg.evaluate("""() => [...document.querySelectorAll("[data-testid='stMain'] :is("
            + "[data-testid='stSelectbox'] input[role=combobox], [data-testid='stSliderThumbValue'],"
            + " [data-testid='stNumberInput'] input, [data-testid='stTextInput'] input)")]
            .map(e => parseFloat(getComputedStyle(e).fontSize))""")
        assert all(size >= 17.5 for size in sizes), sizes
        # the QR code next to the title: a student who scans it lands in this very view on their own screen
        qr = pg.locator("[data-testid='stMain'] [data-testid='stImage'] img").first
        qr.scroll_into_view_if_needed()
        assert qr.get_attribute("alt") == translate(lang, "common.qr_alt")  # a screen reader says what it is
        decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())).convert("L"))]
        assert len(decoded) == 1
        got, here = urlsplit(decoded[0]), urlsplit(pg.url)
        assert (got.netloc, got.path.rstrip("/")) == (here.netloc, here.path.rstrip("/"))
        assert parse_qs(got.query)["lang"] == [lang] and "lecture" not in parse_qs(got.query)
        student = kept_tab(browser, app.tabs, 390, 844, phone=True)
        try:
            phone = student.page
            phone.goto(decoded[0])
            wait_for_app(phone)
            wait_for_app(phone)
            lecturer = {k: v for k, v in parse_qs(here.query).items() if k != "lecture"}
            assert parse_qs(urlsplit(phone.url).query) == lecturer, "the scanned link opens another view"
        finally:
            student.close()
        assert foreign == [], f"fetched from another host: {foreign[:3]}"
        SCREENS.mkdir(parents=True, exist_ok=True)
        keep_screenshot(pg, SCREENS / f"lecture-{page_id}-{lang}.png")
    finally:
        tab.close()


# Text boxes inside each chart (axis titles, tick labels, buttons of a Plotly menu) that cover one another.
TEXT_OVERLAP_JS = """
() => {
  const out = [];
  for (const chart of document.querySelectorAll("[data-testid='nnx-chart']")) {
    const els = new Set(chart.querySelectorAll("text[class$='title'], .xtick text, .ytick text, "
                                               + ".updatemenu-button"));
    const boxes = [...els].map(el => [el.textContent.trim(), el.getBoundingClientRect(), el.closest(".xtick, .ytick")])
      .filter(([t, r]) => t && r.width > 0);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [ta, a, ka] = boxes[i], [tb, b, kb] = boxes[j];
      if (ka && kb && ka.classList.contains("xtick") !== kb.classList.contains("xtick")) continue;  // at a corner
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 2 && h > 2) out.push(`${ta} × ${tb}`);
    }
  }
  return out;
}
"""


@pytest.mark.parametrize("page_id, view", [("gradient_descent", "2d"), ("backprop", "symmetry")])
def test_phone_chart_titles_ticks_and_buttons_do_not_cover_each_other(browser, app, page_id, view):
    """On a phone the contour's "w1" sat on its Pause button, and the symmetry grid's two axis titles and the right
    panel's tick labels ran into each other (its panels were ~117 px wide; the grid now scrolls sideways)."""
    tab, pg, _ = _open(browser, app, page_id, "en", 390, 844, phone=True, view=view)
    try:
        for chart in pg.locator("[data-testid='nnx-chart']").all():
            chart.scroll_into_view_if_needed()
            pg.wait_for_timeout(300)
        pg.wait_for_function("() => [...document.querySelectorAll(\"[data-testid='nnx-chart']\")]"
                             ".every(c => c.querySelector('.main-svg'))", timeout=20_000)
        assert pg.evaluate(TEXT_OVERLAP_JS) == []
    finally:
        tab.close()


def test_a_formula_wider_than_a_phone_shows_that_it_scrolls(browser, app):
    """The M-P neuron's sum ends with "⇒ y = 1" off the right edge of a phone: its box scrolls, and a shadow on the
    side where more of it is says so (the white covers move with the text)."""
    tab, pg, _ = _open(browser, app, "neuron", "en", 390, 844, phone=True, view="mp")
    try:
        box = pg.locator("[data-testid='stMain'] .katex-display").first
        box.scroll_into_view_if_needed()
        style = box.evaluate("k => [k.scrollWidth > k.clientWidth, getComputedStyle(k).overflowX,"
                             " getComputedStyle(k).backgroundImage, getComputedStyle(k).backgroundAttachment]")
        wide, overflow, images, attachment = style
        assert wide and overflow == "auto"
        assert images.count("radial-gradient") == 2 and attachment.split(", ")[:2] == ["local", "local"]
    finally:
        tab.close()


def test_lecture_mode_playground_shows_its_live_view_beside_the_qr_code(browser, app):
    """On a 1280 × 720 projector the playground's title and QR code took ~45 % of the height before Play: the live
    view now sits beside the QR code, so Play, the network and the map are on the first screen."""
    tab, pg, _ = _open(browser, app, "playground", "zh", 1280, 720, lecture="1")
    try:
        pg.wait_for_selector("[data-testid='pg-live'] canvas.map")
        live = pg.locator("[data-testid='pg-live']").bounding_box()
        qr_box = pg.locator("[data-testid='stMain'] [data-testid='stImage']").first.bounding_box()
        assert live["y"] < 200, live
        assert live["x"] + live["width"] <= qr_box["x"], (live, qr_box)  # beside it, not under it
        map_box = pg.locator("[data-testid='pg-live'] canvas.map").bounding_box()
        assert map_box["y"] + map_box["height"] <= 720, map_box
    finally:
        tab.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page_id, view, caption", [
    ("activations", "compare", "activations.compare.caption"),
    ("softmax_entropy", "classifier", "softmax_entropy.clf.regions_caption"),
    ("playground", None, "playground.binary_caption"),
])
def test_on_a_phone_a_tap_reads_what_the_caption_says_a_hover_reads(browser, app, page_id, view, caption, lang):
    """A phone has no hover: the captions said "hover over the chart" only. They now say "or tap", and a tap does
    show the values (Plotly's label; the playground's own tip on its map)."""
    tab, pg = open_view(browser, app, page_id, 390, 844, lang=lang, scroll=False,
                        **({"view": view} if view else {}))
    try:
        text = translate(lang, caption)
        assert ("tap" in text) if lang == "en" else ("轻点" in text), text
        pg.get_by_text(text[:12]).first.wait_for(timeout=20_000)  # on screen under its chart
        if page_id == "playground":
            target = pg.locator("canvas.map")
        else:
            chart = pg.locator(".js-plotly-plot").first
            chart.scroll_into_view_if_needed()
            pg.wait_for_timeout(500)
            target = chart.locator(".nsewdrag").first
        target.scroll_into_view_if_needed()
        box = target.bounding_box()
        pg.touchscreen.tap(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.5)
        if page_id == "playground":
            pg.locator(".tip").wait_for(timeout=10_000)
            shown = pg.locator(".tip").inner_text()
        else:  # a label, or the unified one of a chart of several curves
            pg.wait_for_function("() => [...document.querySelectorAll('.hoverlayer')].some(h => h.textContent)",
                                 timeout=10_000)
            shown = pg.evaluate("() => [...document.querySelectorAll('.hoverlayer')].map(h => h.textContent).join()")
        assert re.search(r"\d\.\d", shown), shown
    finally:
        tab.close()
