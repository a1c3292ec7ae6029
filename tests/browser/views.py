"""What the browser tests share: open a page as a student or a lecturer would, and the checks of what it shows.

``open_view(browser, app, "softmax_entropy", 390, 844, lang="zh")`` opens the link in a tab of that size (a phone at
≤ 400 px: a mobile User-Agent and touch), waits for the app, scrolls the main area through once and back (a chart out
of sight is redrawn when it comes near the view) and waits until every chart is drawn. The JavaScript constants
return what a test asserts on.

The tab is kept for the next view of the same size on the same server, as a student opens one link after another in
one tab: each link is still a new page load and a new Streamlit session, but Chromium keeps Streamlit's scripts
compiled and cached, which halved the time of a view (7.8 → 4.4 s for softmax & entropy on a phone, measured with the
machine idle).
"""

from __future__ import annotations

import warnings
from urllib.parse import urlsplit

from tests.browser.conftest import wait_for_app

LECTURE_MIN_FONT = 18  # px: the smallest chart text on a projector
PHONE_UA = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/17.0 Mobile/15E148 Safari/604.1")

# The main area scrolls inside its own container; walk it down once, as a student scrolls through the page (a chart
# out of sight takes a new figure only when it comes near the view), then back to the top, and wait until every
# chart has been drawn. A step waits two animation frames (the charts' IntersectionObserver has then been told), not
# a fixed time: a fixed 120 ms a step made the walk 1–2 s of every page load on a phone.
SCROLL_THROUGH_JS = """
async () => {
  const frame = () => new Promise(r => { requestAnimationFrame(() => requestAnimationFrame(r)); setTimeout(r, 100); });
  const main = document.querySelector('[data-testid="stMain"]');
  const box = main && main.scrollHeight > main.clientHeight ? main : document.scrollingElement;
  for (let y = 0; y < box.scrollHeight; y += Math.max(200, box.clientHeight * 0.8)) {
    box.scrollTop = y;
    await frame();
  }
  box.scrollTop = 0;
  await frame();
  const until = performance.now() + 10000;
  while (performance.now() < until && [...document.querySelectorAll('.nnx-chart')].some(d => !d._fullLayout))
    await new Promise(r => setTimeout(r, 50));
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
    // a chart with a minimum width scrolls sideways inside its own box (explainer.charts): that box must fit
    let el = gd, box = null;
    for (let i = 0; i < 4 && el && !box; i++, el = el.parentElement)
      if (el !== gd && /auto|scroll/.test(getComputedStyle(el).overflowX)) box = el;
    const inner = box || gd;
    let outer = inner.parentElement;  // (an element without a box of its own has width 0: look past it)
    while (outer && outer.getBoundingClientRect().width === 0) outer = outer.parentElement;
    const w = inner.getBoundingClientRect().width, parent = outer.getBoundingClientRect().width;
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


class Tab:
    """What ``open_view`` returns in place of a browser context: ``close()`` ends the view (the page leaves for
    about:blank, which closes its Streamlit session) and keeps the tab for the next one; a tab that cannot leave is
    closed with its context."""

    def __init__(self, pool: dict, key: tuple, context) -> None:
        self.pool, self.key, self.context = pool, key, context
        self.page = context.new_page()
        self.listener = None

    def close(self) -> None:
        if self.listener is not None:
            self.page.remove_listener("request", self.listener)
            self.listener = None
        try:
            self.page.goto("about:blank", timeout=10_000)
        except Exception:  # noqa: BLE001 — a tab that hangs is not reused
            self.context.close()
        else:
            self.pool[self.key] = self


def kept_tab(browser, app, width: int, height: int, phone: bool) -> Tab:
    """A tab of that size for ``app``: the one kept from an earlier view, or a new one."""
    key = (id(browser), width, height, phone)
    if key in app.tabs:
        return app.tabs.pop(key)
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US", device_scale_factor=1,
                                  is_mobile=phone, has_touch=phone, **({"user_agent": PHONE_UA} if phone else {}))
    return Tab(app.tabs, key, context)


def open_view(browser, app, path: str, width: int, height: int, *, phone: bool | None = None, scroll: bool = True,
              foreign: list | None = None, **params):
    """(tab, page) showing ``path`` on ``app`` with ``params`` in the URL; ``tab.close()`` when done. ``phone``
    defaults to width ≤ 400. Requests to any host but this machine are appended to ``foreign`` when it is given."""
    phone = width <= 400 if phone is None else phone
    view = kept_tab(browser, app, width, height, phone)
    pg = view.page
    if foreign is not None:
        view.listener = lambda r: foreign.append(r.url) if urlsplit(r.url).hostname not in (None, "127.0.0.1",
                                                                                            "localhost") else None
        pg.on("request", view.listener)
    try:
        pg.goto(app.url(path, **params))
        wait_for_app(pg)
        if scroll:
            pg.evaluate(SCROLL_THROUGH_JS)
            wait_for_app(pg)
        pg.wait_for_timeout(400)
    except BaseException:
        view.context.close()  # a view that did not open is not kept
        raise
    return view, pg


def keep_screenshot(pg, path, timeout: float = 90_000) -> None:
    """Save a screenshot for people to look at (the test's own assertions come before it). Chromium has, twice in
    full runs on a busy machine, never delivered the frame for one (softmax & entropy on a phone, 30 s and 90 s; its
    scripts still answered); that is reported as a warning, not as the page's failure."""
    try:
        pg.screenshot(path=str(path), timeout=timeout)
    except Exception as err:  # noqa: BLE001 — playwright's TimeoutError
        if "Timeout" not in type(err).__name__:
            raise
        warnings.warn(f"no screenshot {path}: {str(err).splitlines()[0]}", stacklevel=2)
