"""Forward-pass page in Chromium: the editable tables (full headers at 1440 px, on a projector at 1280×720 and on a
390 px phone; no empty extra row; a deleted row gets its message and the table can be put back) and the beans fit
(the metric and the chart's note give the same epoch's error, the sliders keep the exact fitted values)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from explainer.i18n import translate
from explainer.views import forward_pass as view
from nncore.lessons import forward_pass as lab
from tests.browser.conftest import wait_for_app
from tests.browser.views import kept_tab

pytestmark = pytest.mark.browser

EDITOR = "[data-testid=stDataFrameResizable]"
HEADER_FONT = "14px 'Source Sans Pro', 'Source Sans 3', sans-serif"
HEADER_PAD = 30  # glide's cell padding on both sides and the column-type icon


def _tables(pg) -> list[dict]:
    """Per editor: the header texts, the rows the grid says it has (header included), the room it has and the
    width the header texts need (measured with the grid's header font), and whether it scrolls sideways."""
    return pg.evaluate(
        """([font, pad]) => {
            const ctx = document.createElement('canvas').getContext('2d'); ctx.font = font;
            return Array.from(document.querySelectorAll('[data-testid=stDataFrameResizable]')).map(e => {
                const grid = e.querySelector('table[role=grid]');
                const heads = Array.from(grid.querySelectorAll('th')).map(th => th.textContent);
                const cells = Array.from(grid.querySelectorAll('td')).map(td => td.textContent);
                const texts = heads.concat(cells.filter(c => isNaN(parseFloat(c))));
                const need = heads.reduce((s, h, i) => s + Math.max(ctx.measureText(h).width,
                    ...cells.filter((c, j) => j % heads.length === i).map(c => ctx.measureText(c).width)) + pad, 0);
                const sc = e.querySelector('.dvn-scroller');
                return {heads, rows: +grid.getAttribute('aria-rowcount'), room: sc.clientWidth, need,
                        scrolls: sc.scrollWidth > sc.clientWidth + 1};
            });
        }""", [HEADER_FONT, HEADER_PAD])


def _wait_for_editors(pg) -> None:
    """Every editor drawn with its grid (glide builds the accessible table a moment after the element appears)."""
    pg.wait_for_selector(EDITOR)
    pg.wait_for_function("() => { const e = [...document.querySelectorAll('[data-testid=stDataFrameResizable]')];"
                         " return e.length && e.every(x => x.querySelector('table[role=grid]')); }", timeout=30_000)
    pg.wait_for_timeout(300)


def _no_page_overflow(pg) -> bool:
    return pg.evaluate("() => { const m = document.querySelector('[data-testid=stMain]');"
                       " return m.scrollWidth <= m.clientWidth + 1 && document.documentElement.scrollWidth <= window.innerWidth + 1; }")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_editors_show_full_headers_and_no_extra_row(app, browser, lang):
    """At 1440×900, in lecture mode at 1280×720 and on a 390×844 phone: every header fits its table, no table
    scrolls sideways, and each table has exactly its rows (1, 2, 1, 2, 1 data rows: no empty row to add one)."""
    family = translate(lang, "forward_pass.example.family")
    for width, height, lecture in ((1440, 900, False), (1280, 720, True), (390, 844, False)):
        tab = kept_tab(browser, app.tabs, width, height, phone=False)
        pg = tab.page
        params = {"lang": lang, **({"lecture": "1"} if lecture else {})}
        pg.goto(app.url("forward_pass", **params))
        wait_for_app(pg)
        _wait_for_editors(pg)
        tables = _tables(pg)
        assert [t["rows"] - 1 for t in tables] == [1, 1, 2, 2, 1], (width, tables)  # x, b1, W1, W2, b2 (DOM order)
        assert tables[0]["heads"] == [family, translate(lang, "forward_pass.example.accounts")]
        for t in tables:
            assert not t["scrolls"], (width, t)
            assert t["need"] <= t["room"], (width, t)  # every header (and row name) has its full width
        assert _no_page_overflow(pg), width
        assert pg.locator("[data-testid='stException']").count() == 0
        tab.close()


def test_delete_a_row_then_put_the_table_back(app, page):
    """A real click on W[1]'s row marker and the Delete key: the wrong-shape message, the last valid weights still
    used (k = 9); "Put the table back" restores the table."""
    page.goto(app.url("forward_pass", lang="en", step=str(view.N_STEPS)))
    wait_for_app(page)
    _wait_for_editors(page)
    success = translate("en", "forward_pass.example.result", k="9")
    assert page.get_by_text(success).count() == 1
    w1 = page.locator(EDITOR).nth(2)  # DOM order: x, b1, W[1], W[2], b2
    w1.scroll_into_view_if_needed()
    box = w1.bounding_box()
    page.mouse.click(box["x"] + 14, box["y"] + 35 + 35 + 17)  # the row marker of W[1]'s second row
    page.wait_for_timeout(300)
    page.keyboard.press("Delete")
    page.wait_for_timeout(500)
    wait_for_app(page)
    message = translate("en", "forward_pass.example.bad_shape", name="W[1]", rows=2, cols=2, got_rows=1, got_cols=2)
    page.get_by_text(message).wait_for(timeout=15_000)
    assert page.get_by_text(success).count() == 1  # the last valid weights: still k = 9
    assert "w1=1%2C-1%2C1%2C1" in page.url or "w1=1,-1,1,1" in page.url
    page.get_by_role("button", name=translate("en", "forward_pass.example.restore")).click()
    page.wait_for_timeout(500)
    wait_for_app(page)
    page.get_by_text(message).wait_for(state="detached", timeout=15_000)
    assert _tables(page)[2]["rows"] == 3
    assert page.locator("[data-testid='stException']").count() == 0


def test_fit_metric_equals_the_charts_note_and_sliders_stay_exact(app, page):
    start = view.BEANS_RANDOM
    page.goto(app.url("forward_pass", lang="en", view="beans",
                         **{k: repr(v) for k, v in zip(view.BEANS_KEYS, start)}))
    wait_for_app(page)
    page.get_by_role("button", name=translate("en", "forward_pass.beans.fit", epochs=view.FIT_EPOCHS)).click()
    page.wait_for_function("() => document.querySelector('.js-plotly-plot') && "
                           "document.querySelector('.js-plotly-plot')._fullLayout.sliders.length > 0", timeout=30_000)
    wait_for_app(page)
    page.wait_for_timeout(1500)  # a slider that snapped its value would rerun the page here
    wait_for_app(page)
    rec = view.fit_beans(start)
    shown = f"{rec.losses[-1]:.4f}"
    metric = page.locator("[data-testid=stMetricValue]").first.inner_text().strip()
    note = page.evaluate("() => document.querySelector('.js-plotly-plot')._fullLayout.annotations.map(a => a.text)")
    assert metric == shown
    assert note == [translate("en", "forward_pass.beans.frame_note", epoch=view.FIT_EPOCHS, loss=shown)]
    query = parse_qs(urlparse(page.url).query)
    end = lab.fitted_beans_params(rec)
    assert tuple(float(query[k][0]) for k in view.BEANS_KEYS) == end  # exact, not rounded to the 0.1 step
    texts = " ".join(page.locator("[data-testid=stMain]").all_inner_texts())
    assert len(set(re.findall(r"squared error (0\.\d{4})", texts + " " + note[0]))) == 1
    assert page.locator("[data-testid='stException']").count() == 0


NODE_GEOMETRY_JS = """() => {
    // per node of the network diagram: its circle and text boxes; per weight label: its text box
    const gd = [...document.querySelectorAll('.js-plotly-plot')]
        .find(g => (g._fullData || []).some(t => String(t.meta).startsWith('nodes:')));
    const traces = gd.querySelectorAll('.scatterlayer .trace');
    const box = e => { const r = e.getBoundingClientRect(); return {l: r.left, r: r.right, t: r.top, b: r.bottom}; };
    const nodes = [], labels = [];
    const order = gd._fullData.map(t => String(t.meta).split(':')[0]);
    gd._fullData.forEach((t, i) => {
        const meta = String(t.meta);
        if (meta.startsWith('nodes:')) {
            const circles = traces[i].querySelectorAll('path.point'), texts = traces[i].querySelectorAll('g.textpoint text');
            circles.forEach((c, k) => nodes.push({circle: box(c), text: box(texts[k]), label: texts[k].textContent}));
        } else if (meta.startsWith('weights:')) {
            traces[i].querySelectorAll('g.textpoint text').forEach(e => labels.push({box: box(e), text: e.textContent}));
        }
    });
    return {nodes, labels, labelsLast: order.lastIndexOf('nodes') < order.indexOf('weights')};
}"""


def _overlap(a: dict, b: dict) -> bool:
    return a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]


def _inside_circle(rect: dict, circle: dict) -> bool:
    """Whether a text box's centre lies inside a node's circle (the circle inscribed in its marker's box)."""
    cx, cy, r = (circle["l"] + circle["r"]) / 2, (circle["t"] + circle["b"]) / 2, (circle["r"] - circle["l"]) / 2
    return ((rect["l"] + rect["r"]) / 2 - cx) ** 2 + ((rect["t"] + rect["b"]) / 2 - cy) ** 2 < r ** 2


def test_worked_example_values_fit_their_nodes_and_weights_stay_visible(app, browser):
    """The worked example after the last step (sigmoid: a = 0.9933 …), at 1440×900, on a projector in lecture mode
    (1280×720, larger text) and at 390 px: every node's name and value fit inside its circle, and every weight
    written on an edge stays readable: drawn over the nodes, centred outside every circle, clear of every node's
    text."""
    for width, height, lecture in ((1440, 900, False), (1280, 720, True), (390, 844, False)):
        tab = kept_tab(browser, app.tabs, width, height, phone=False)
        pg = tab.page
        params = {"lang": "en", "view": "example", "act": "sigmoid", "step": str(view.N_STEPS),
                  **({"lecture": "1"} if lecture else {})}
        pg.goto(app.url("forward_pass", **params))
        wait_for_app(pg)
        pg.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot')]"
                             ".some(g => (g._fullData || []).some(t => String(t.meta).startsWith('nodes:')))",
                             timeout=30_000)
        geo = pg.evaluate(NODE_GEOMETRY_JS)
        assert len(geo["nodes"]) == sum(view.SIZES) and any("0.9933" in n["label"] for n in geo["nodes"]), geo
        for n in geo["nodes"]:
            c, tx = n["circle"], n["text"]
            assert c["l"] < tx["l"] and tx["r"] < c["r"] and c["t"] < tx["t"] and tx["b"] < c["b"], (width, n)
        assert len(geo["labels"]) == sum(a * b for a, b in zip(view.SIZES, view.SIZES[1:]))
        assert geo["labelsLast"]
        for lab_ in geo["labels"]:
            assert not any(_inside_circle(lab_["box"], n["circle"]) for n in geo["nodes"]), (width, lab_)
            assert not any(_overlap(lab_["box"], n["text"]) for n in geo["nodes"]), (width, lab_)
        tab.close()


def test_a_tables_tool_bar_shows_while_the_keyboard_is_on_it(app, page):
    """Tab from the top of the worked example walked through each table's four tool-bar buttons (columns,
    download, search, full screen) while the bar stayed transparent: 20 stops the student could not see."""
    page.goto(app.url("forward_pass", lang="en", view="example"))
    wait_for_app(page)
    _wait_for_editors(page)
    button = page.locator("[data-testid='stMain'] [data-testid='stElementToolbar'] button").first
    bar = page.locator("[data-testid='stMain'] [data-testid='stElementToolbar']").first
    page.mouse.move(0, 0)
    assert float(bar.evaluate("e => getComputedStyle(e).opacity")) < 0.1  # hidden until wanted
    button.focus()
    page.wait_for_timeout(400)  # Streamlit fades it in and out
    assert bar.evaluate("e => getComputedStyle(e).opacity") == "1"
