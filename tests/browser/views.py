"""What the browser tests share: open a page as a student or a lecturer would, and the checks of what it shows.

``open_view(browser, app, "softmax_entropy", 390, 844, lang="zh")`` opens the link in a tab of that size (a phone at
≤ 400 px: a mobile User-Agent and touch), waits for the app, scrolls the main area through once and back (a chart out
of sight is redrawn when it comes near the view) and waits until the page has settled (``settle``: the script
finished and nothing changed for 250 ms, in place of fixed waits). ``choose_section`` then shows another section
with a click in the page's section chooser, as a student does, instead of loading the page again. The JavaScript
constants return what a test asserts on.

The tab is kept for the next view of the same size (the session's pool, ``conftest.tabs``), as a student opens one
link after another in one tab: each link is still a new page load and a new Streamlit session, but Chromium keeps
Streamlit's scripts compiled and cached, which halved the time of a view (7.8 → 4.4 s for softmax & entropy on a
phone, measured with the machine idle; a load in a kept tab 1.8–2.3 s, in a new tab 3.6–3.8 s, on 2026-12-02).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

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

# The page has settled: its script has finished, nothing is loading and the page has not changed for ``quiet`` ms
# (every element drawn, the tab's own scripts done). Waits at most ``limit`` ms; returns how long it waited.
SETTLE_JS = """
async ([quiet, limit]) => {
  const t0 = performance.now();
  let last = t0;
  const watch = new MutationObserver(() => { last = performance.now(); });
  watch.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  const done = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app && app.getAttribute('data-test-connection-state') === 'CONNECTED'
      && app.getAttribute('data-test-script-state') === 'notRunning'
      && !document.querySelector('[data-testid="stSkeleton"]');
  };
  while (performance.now() - t0 < limit && !(done() && performance.now() - last >= quiet))
    await new Promise(r => setTimeout(r, 25));
  watch.disconnect();
  return performance.now() - t0;
}
"""


def settle(pg, quiet: int = 250, limit: int = 10_000) -> float:
    """Wait until the page has settled (``SETTLE_JS``): ms waited."""
    return pg.evaluate(SETTLE_JS, [quiet, limit])


def wait_for_words(pg, selector: str, words: str, *, exact: bool = True, timeout: int = 10_000) -> None:
    """Wait until the first element matching ``selector`` reads ``words`` (its text, trimmed; ``exact=False``: holds
    them) — Streamlit's own words are translated in the frame after they appear (``explainer/tab.py``)."""
    pg.wait_for_function("""([sel, words, exact]) => {
      const text = document.querySelector(sel)?.innerText.trim();
      return text !== undefined && (exact ? text === words : text.includes(words));
    }""", arg=[selector, words, exact], timeout=timeout)


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
    about:blank, which closes its Streamlit session; what the app stored in the browser is cleared and the tab gets
    its size back) and keeps the tab for the next one; a tab that cannot leave is closed with its context."""

    def __init__(self, pool: dict, key: tuple, context) -> None:
        self.pool, self.key, self.context = pool, key, context
        self.page = context.new_page()
        self.listener = None

    def close(self) -> None:
        if self.listener is not None:
            self.page.remove_listener("request", self.listener)
            self.listener = None
        try:
            self.page.evaluate("() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }")
            self.page.goto("about:blank", timeout=10_000)
            _, width, height, _ = self.key
            if self.page.viewport_size != {"width": width, "height": height}:
                self.page.set_viewport_size({"width": width, "height": height})
        except Exception:  # noqa: BLE001 — a tab that hangs is not reused
            self.context.close()
        else:
            if self.key in self.pool:  # (two tabs of one size were open at once: one is enough)
                self.context.close()
            else:
                self.pool[self.key] = self


def kept_tab(browser, pool: dict, width: int, height: int, phone: bool) -> Tab:
    """A tab of that size from ``pool`` (the server's ``tabs``, or the session's): the one kept from an earlier view,
    or a new one."""
    key = (id(browser), width, height, phone)
    if key in pool:
        return pool.pop(key)
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US", device_scale_factor=1,
                                  is_mobile=phone, has_touch=phone, **({"user_agent": PHONE_UA} if phone else {}))
    return Tab(pool, key, context)


def open_view(browser, app, path: str, width: int, height: int, *, phone: bool | None = None, scroll: bool = True,
              foreign: list | None = None, **params):
    """(tab, page) showing ``path`` on ``app`` with ``params`` in the URL; ``tab.close()`` when done. ``phone``
    defaults to width ≤ 400. Requests to any host but this machine are appended to ``foreign`` when it is given."""
    phone = width <= 400 if phone is None else phone
    view = kept_tab(browser, app.tabs, width, height, phone)
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
        settle(pg)
    except BaseException:
        view.context.close()  # a view that did not open is not kept
        raise
    return view, pg


def choose_section(pg, page_id: str, sections: list[str], section: str) -> None:
    """Show ``section`` of the page open in ``pg`` as a student does: a click on its choice in the section chooser
    (one of ``sections``, the page's ``SECTIONS`` in the chooser's order); then walk through it like ``open_view``."""
    if parse_qs(urlsplit(pg.url).query).get("view") == [section]:
        return
    url = pg.url
    pg.locator(f'.st-key-{page_id}-view [data-testid="stRadioOption"]').nth(sections.index(section)).click()
    pg.wait_for_function("([u, v]) => location.href !== u && new URLSearchParams(location.search).get('view') === v",
                         arg=[url, section], timeout=20_000)
    wait_for_app(pg)
    pg.evaluate(SCROLL_THROUGH_JS)
    settle(pg)


@contextmanager
def showing(what: str) -> Iterator[None]:
    """A failed check inside says which view it was in (a loop over sections checks several in one test)."""
    try:
        yield
    except AssertionError as err:
        raise AssertionError(f"{what}: {err}") from err


def check_charts_fit(pg, *, lecture: bool) -> dict:
    """No traceback, no sideways scrolling, no chart text outside its chart; in lecture mode no chart text below
    ``LECTURE_MIN_FONT``. Returns the chart texts (``CHART_TEXT_JS``)."""
    assert pg.locator("[data-testid='stException']").count() == 0
    assert pg.evaluate(OVERFLOW_JS) == []
    text = pg.evaluate(CHART_TEXT_JS)
    assert not text["outside"], f"chart text outside its chart: {text['outside'][:8]}"
    if lecture:
        small = sorted({(size, label) for size, label in text["sizes"] if size < LECTURE_MIN_FONT})
        assert not small, f"chart text below {LECTURE_MIN_FONT} px: {small[:8]}"
    return text


def check_every_section(browser, app, page_id: str, sections: list[str], width: int, height: int, check,
                        **params) -> None:
    """Open the page's first section in a tab of that size, then each of ``sections`` in turn by a click in its
    chooser (``choose_section``), and run ``check(page, section)`` on each; a failed check names the section."""
    tab, pg = open_view(browser, app, page_id, width, height, view=sections[0], **params)
    try:
        for section in sections:
            choose_section(pg, page_id, sections, section)
            with showing(f"{section} at {width} × {height}"):
                check(pg, section)
    finally:
        tab.close()


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
