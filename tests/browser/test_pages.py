"""Every page in Chromium as a student uses it: deep links (each page once as the very first request of a freshly
started server), "try this" links, Back, the keyboard, language switches, charts redrawn in place, check answers."""

from __future__ import annotations

import io
import os
import re
import signal
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from explainer.i18n import library_texts, translate
from explainer.pages import ROOT, built_pages
from tests.browser.conftest import wait_for_app
from tests.browser.views import SCROLL_THROUGH_JS, kept_tab, wait_for_words
from tests.helpers import require

pytestmark = pytest.mark.browser

NAV = "[data-testid='stSidebar'] [data-testid='stPageLink']"


# Each page is the first request of a new server once, the languages taking turns (every page is opened by deep link
# in both languages on a running server by test_layout).
FIRST_REQUESTS = [(info, ("en", "zh")[i % 2]) for i, info in enumerate(built_pages())]


@pytest.mark.parametrize("info, lang", FIRST_REQUESTS, ids=[f"{info.id}-{lang}" for info, lang in FIRST_REQUESTS])
def test_deep_link_on_fresh_server(server, page, info, lang):
    page.goto(server.url(info.url_path, lang=lang))
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    labels = [text.split("\n")[-1].strip() for text in page.locator(NAV).all_inner_texts()]
    assert labels == [translate(lang, p.nav_key) for p in built_pages()]
    if info.has_charts:
        page.wait_for_selector(".js-plotly-plot", timeout=20_000)
    assert f"lang={lang}" in page.url


def test_try_this_link_reapplies_state(app, page):
    """A "try this" page_link to the same page reruns it with the link's params (Streamlit 1.67)."""
    page.goto(app.url("activations", lang="en"))
    wait_for_app(page)
    page.get_by_text(translate("en", "activations.try.sigmoid_deep")).click()
    page.wait_for_url("**view=depth**", timeout=20_000)
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot")
    assert "act=sigmoid" in page.url and "depth=10" in page.url
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text(translate("en", "activations.depth.grad_title")).count() >= 1


def test_curve_data_in_browser_equals_engine(app, page):
    import numpy as np

    import nncore
    from explainer import charts
    from explainer.views.activations import Z_GRID

    page.goto(app.url("activations", lang="en", fns="sigmoid", z="0"))
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot")
    y = page.evaluate("() => Array.from(document.querySelector('.js-plotly-plot')._fullData[0].y)")
    np.testing.assert_allclose(y, nncore.ACTIVATIONS["sigmoid"].f(Z_GRID), rtol=0, atol=1e-15)


def test_screenshots(app, page):
    """Screenshots (en, and zh to check CJK rendering) into .pytest_cache/; with UPDATE_SCREENSHOTS=1 the en
    one also replaces the README's assets/screenshot-activations.png."""
    import os
    import shutil

    out = ROOT / ".pytest_cache"
    out.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 1900})
    page.goto(app.url("activations", lang="en"))
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot")
    page.wait_for_timeout(800)
    page.screenshot(path=str(out / "screenshot-activations.png"))
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        shutil.copy(out / "screenshot-activations.png", ROOT / "assets" / "screenshot-activations.png")
    page.goto(app.url("activations", lang="zh", view="depth", act="sigmoid", depth="10", init="normal", scale="1"))
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot")
    page.wait_for_timeout(800)
    page.screenshot(path=str(out / "screenshot-activations-zh.png"))


def test_try_this_link_listing_every_control_updates_the_address_bar(app, page):
    """When a link sets every control of a view, nothing differs from the URL the server sees — yet the browser's
    address bar must still show the link's params, so a reload or a copied address keeps the view."""
    page.goto(app.url("softmax_entropy", lang="en"))
    wait_for_app(page)
    page.get_by_text(translate("en", "softmax_entropy.try.saturated")).click()
    page.wait_for_url("**view=mse_vs_ce**", timeout=20_000)
    wait_for_app(page)
    assert "label=1" in page.url and "z=-8" in page.url
    page.reload()
    wait_for_app(page)
    assert "view=mse_vs_ce" in page.url
    assert page.locator("[data-testid='stException']").count() == 0


SLIDER = "[data-testid='stMain'] [data-testid='stSlider'] input[type='range']:visible"


@pytest.mark.parametrize("info", [p for p in built_pages() if p.id not in ("home", "playground")],
                         ids=lambda p: p.id)
def test_a_section_control_reruns_its_section_and_keeps_link_and_qr_current(app, browser, info):
    """A key press on a section's slider reruns that section (a fragment): the lesson text above it is not
    redrawn, no error appears, and the address bar, "copy link" and the lecture-mode QR caption follow the change."""
    tab = kept_tab(browser, app.tabs, 1400, 1000, phone=False)
    try:
        pg = tab.page
        import importlib

        for section in importlib.import_module(f"explainer.views.{info.id}").SECTIONS:  # the first with a slider
            pg.goto(app.url(info.url_path, lang="en", lecture="1", view=section))
            wait_for_app(pg)
            sliders = pg.locator(SLIDER)
            if sliders.count():
                break
        assert sliders.count(), f"{info.id}: no section has a slider"
        title = pg.locator("[data-testid='stMain'] h1").first
        pg.evaluate("el => { el.dataset.mark = 'before'; }", title.element_handle())
        before_url = pg.url
        before_qr = pg.locator("[data-testid='stImageCaption']").first.inner_text()
        sliders.first.focus()
        at_max = pg.evaluate("el => Number(el.value) >= Number(el.max)", sliders.first.element_handle())
        pg.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
        pg.wait_for_function("u => location.href !== u", arg=before_url, timeout=20_000)
        wait_for_app(pg)
        pg.wait_for_timeout(300)
        assert pg.locator("[data-testid='stException']").count() == 0
        assert title.get_attribute("data-mark") == "before", "the whole page was redrawn, not the section"
        changed = {k for k in parse_qs(urlsplit(pg.url).query)
                   if parse_qs(urlsplit(pg.url).query)[k] != parse_qs(urlsplit(before_url).query).get(k)}
        assert changed, "the URL did not follow the slider"
        after_qr = pg.locator("[data-testid='stImageCaption']").first.inner_text()
        assert after_qr != before_qr  # (the QR leaves out controls at their defaults: compare, not search)
        pg.locator("[data-testid='stSidebarCollapsedControl'] button, [data-testid='stExpandSidebarButton']").first.click()
        pg.get_by_text(translate("en", "common.copy_link")).click()
        link = pg.locator("[data-testid='stPopoverBody'] code").first.inner_text()
        assert parse_qs(urlsplit(link).query) == parse_qs(urlsplit(pg.url).query)
    finally:
        tab.close()


def step_slider(page, label_key: str, then_in_url: str) -> None:
    """A student's key press → on the main area's slider labelled ``label_key``; waits for the URL and the rerun."""
    slider = page.locator("[data-testid='stMain'] [data-testid='stSlider']").filter(
        has_text=translate("en", label_key)).locator("input[type='range']")
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => location.search.includes({then_in_url!r})", timeout=20_000)
    wait_for_app(page)


def test_a_chart_out_of_sight_is_redrawn_when_it_scrolls_into_view(app, page):
    """explainer.charts puts off redrawing a chart far below the visible part of the page (work a student waits
    for and does not see) until it comes near the viewport; then it shows the engine's new numbers."""
    import numpy as np

    from explainer.views.softmax_entropy import DEFAULT_LOGITS, DEFAULT_N
    from nncore.lessons import softmax_entropy as lab

    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(app.url("softmax_entropy", lang="en", view="logits", c="0"))
    wait_for_app(page)
    title = translate("en", "softmax_entropy.logits.shift_title")
    chart = page.locator(f".nnx-chart[aria-label='{title}']")
    chart.wait_for(state="attached", timeout=20_000)
    page.wait_for_function("(t) => { const d = document.querySelector(`.nnx-chart[aria-label='${t}']`);"
                           " return d && d._fullData && d._fullData.length > 1; }", arg=title, timeout=20_000)
    names = "(t) => document.querySelector(`.nnx-chart[aria-label='${t}']`)._fullData.map(d => d.name)"
    assert page.evaluate(names, title)[1] == "softmax(z + 0.0)"
    page.locator("[data-testid='stMain']").evaluate("m => m.scrollTo(0, 0)")
    below = "(t) => document.querySelector(`.nnx-chart[aria-label='${t}']`).getBoundingClientRect().top - innerHeight"
    assert page.evaluate(below, title) > 400, "the shift chart is meant to be out of sight for this test"
    step_slider(page, "softmax_entropy.logits.shift", "c=0.5")
    page.wait_for_timeout(500)
    if page.evaluate(below, title) > 300:  # still out of sight: not redrawn yet
        assert page.evaluate(names, title)[1] == "softmax(z + 0.0)"
    chart.scroll_into_view_if_needed()
    page.wait_for_function(f"(t) => ({names})(t)[1] === 'softmax(z + 0.5)'", arg=title, timeout=10_000)
    y = page.evaluate("(t) => Array.from(document.querySelector(`.nnx-chart[aria-label='${t}']`)._fullData[1].y)",
                      title)
    _, shifted, _ = lab.shift_check(np.array(DEFAULT_LOGITS[:DEFAULT_N]), 0.5)
    np.testing.assert_allclose(y, shifted, rtol=0, atol=1e-15)
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_chart_is_redrawn_in_place(app, page):
    """explainer.charts: a slider step updates the chart that is on the page (the same graph element, the new
    figure from the engine), it never tears it down; Plotly.js comes from the app's own static files."""
    import numpy as np

    import nncore
    from explainer import charts
    from explainer.views.activations import Z_GRID

    page.goto(app.url("activations", lang="en", fns="tanh", z="0"))
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot")
    page.wait_for_timeout(500)
    scripts = page.evaluate("() => Array.from(document.scripts).map(s => s.src).filter(s => s.includes('plotly'))")
    assert len(scripts) == 1 and scripts[0].endswith(f"/app/static/{charts.CARTESIAN_JS}"), scripts  # the 2-D bundle
    shapes = "() => JSON.stringify(document.querySelector('.js-plotly-plot')._fullLayout.shapes.map(s => [s.x0, s.x1]))"
    before = page.evaluate(shapes)
    page.evaluate("() => { document.querySelector('.js-plotly-plot').__kept = true; }")
    step_slider(page, "activations.compare.probe", "z=0.25")
    page.wait_for_function(f"() => ({shapes})() !== {before!r}", timeout=20_000)  # the probe moved
    assert page.evaluate("() => document.querySelector('.js-plotly-plot').__kept === true"), "the chart was rebuilt"
    y = page.evaluate("() => Array.from(document.querySelector('.js-plotly-plot')._fullData[0].y)")
    np.testing.assert_allclose(y, nncore.ACTIVATIONS["tanh"].f(Z_GRID), rtol=0, atol=1e-15)
    assert page.locator("[data-testid='stException']").count() == 0


CHOSEN_JS = """() => {
    // per radio group of the main area: the chosen option's text ('' when none is chosen);
    // per select box: the text it shows
    const main = document.querySelector('[data-testid=stMain]');
    const radios = [...main.querySelectorAll('[data-testid=stRadio]')].map(r => {
        const on = r.querySelector('input[type=radio]:checked');
        return on ? on.closest('label').innerText.trim() : '';
    });
    const boxes = [...main.querySelectorAll('[data-testid=stSelectbox] input[role=combobox]')].map(i => i.value);
    return {radios, boxes};
}"""


@pytest.mark.parametrize("path, params, radio, box", [
    ("backprop", {"view": "chain"}, "backprop.sections.chain", None),
    ("forward_pass", {"view": "example"}, "forward_pass.sections.example", "forward_pass.fn.linear"),
    ("neuron", {}, "neuron.sections.mp", None),
])
def test_switching_language_mid_lesson_shows_the_same_choices_in_the_new_language(app, page, path, params, radio,
                                                                                  box):
    """A lecturer switches the language in the sidebar: every radio keeps its choice (it showed none chosen, and a
    check question lost the student's answer) and every select box shows its choice in the new language (it kept the
    old language's text)."""
    page.goto(app.url(path, lang="en", **params))
    wait_for_app(page)
    form = page.locator("[data-testid='stForm']").filter(has=page.locator("[data-testid='stRadio']")).first
    if form.count():  # answer a check-yourself question first
        form.locator("label:has(input[type=radio])").first.click()
        form.locator("button").last.click()
        wait_for_app(page)
    before = page.evaluate(CHOSEN_JS)
    assert translate("en", radio) in before["radios"]
    assert page.evaluate("() => document.documentElement.lang") == "en"
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox'] input[role=combobox]").click()
    page.locator("[role=listbox] [role=option]").filter(has_text="简体中文").first.click()
    page.wait_for_function("() => location.search.includes('lang=zh')")
    wait_for_app(page)
    page.wait_for_timeout(500)
    # a screen reader reads the page with a Chinese voice (Streamlit's page said lang="en" whatever it showed)
    page.wait_for_function("() => document.documentElement.lang === 'zh-CN'", timeout=5000)
    after = page.evaluate(CHOSEN_JS)
    assert len(after["radios"]) == len(before["radios"]), after
    assert [bool(r) for r in after["radios"]] == [bool(r) for r in before["radios"]], (before, after)
    assert translate("zh", radio) in after["radios"], after
    if box is not None:
        assert translate("en", box) in before["boxes"] and translate("zh", box) in after["boxes"], after


# Streamlit's and Plotly's own words a Chinese page showed in English: what the skip link, the number inputs' steps,
# the help buttons, the select boxes, the menu and the charts' mode bars are called or say
LIBRARY_WORDS_JS = """() => ({
  skip: document.querySelector('[data-testid="stSkipToContent"]').textContent,
  labels: [...document.querySelectorAll('[data-testid="stApp"] [aria-label]')].map(e => e.getAttribute('aria-label'))
    .concat([...document.querySelectorAll('[data-testid="stApp"] [placeholder]')].map(e => e.placeholder)),
  modebar: [...document.querySelectorAll('.modebar-btn')].map(b => b.dataset.title),
})"""


def _english_left(words: dict) -> list[str]:
    """Streamlit's and Plotly's English words still found: every one the catalog translates, and any name that reads
    as an English phrase ("Copy to clipboard" on a code block and a select box's "Choose an option" were left in
    English while this check knew only a list written out by hand)."""
    english = [w for library in ("streamlit", "plotly") for w in library_texts(library)["en"]]
    patterns = [re.compile("^" + re.escape(w).replace(re.escape("{x}"), ".+") + "$") for w in english]
    patterns.append(re.compile(r"^[A-Z][a-z]+( [a-z]+)+$"))  # (our own names there: "Leaky ReLU", "x₁" …)
    found = [words["skip"]] + words["labels"] + words["modebar"]
    return sorted({w for w in found if w and any(p.match(w) for p in patterns)})


def test_a_chinese_page_has_no_english_from_streamlit_or_plotly_and_a_switch_back_restores_it(app, page):
    """A Chinese page read out "Decrement", "Help for 学习率", "Open" and "Skip to main content" (shown on the first
    Tab press), and its charts' mode bars said "Zoom in" and "Download plot as a PNG" on hover. They are in Chinese
    now (the catalog's ``common.streamlit`` and ``common.plotly``), and in English again after a switch to English."""
    page.goto(app.url("activations", lang="zh"))
    wait_for_app(page)
    page.locator(".js-plotly-plot").first.hover()
    page.wait_for_selector(".modebar-btn", state="attached")
    page.wait_for_timeout(300)
    zh = page.evaluate(LIBRARY_WORDS_JS)
    assert _english_left(zh) == [], _english_left(zh)
    assert zh["skip"] == translate("zh", "common.streamlit.skip")
    assert translate("zh", "common.plotly.download_png") in zh["modebar"], zh["modebar"]
    assert translate("zh", "common.plotly.zoom_in") in zh["modebar"], zh["modebar"]
    assert translate("zh", "common.streamlit.help_for", x=translate("zh", "common.lecture_mode")) in zh["labels"]
    # typing an answer to a check question: Streamlit's hint under the box ("Press Enter to submit form")
    answer = page.locator("[data-testid='stForm'] input[type=number]").first
    answer.scroll_into_view_if_needed()
    answer.fill("1")
    hint = page.locator("[data-testid='stForm'] [data-testid='InputInstructions']").first
    hint.wait_for(timeout=5000)
    page.wait_for_timeout(300)
    assert hint.inner_text().strip() == translate("zh", "common.streamlit.enter_submit")
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox'] input[role=combobox]").click()
    page.locator("[role=listbox] [role=option]").filter(has_text="English").first.click()
    page.wait_for_function("() => location.search.includes('lang=en')")
    wait_for_app(page)
    page.evaluate(SCROLL_THROUGH_JS)  # (a chart out of sight is redrawn when it comes into view)
    page.wait_for_timeout(500)
    en = page.evaluate(LIBRARY_WORDS_JS)
    assert en["skip"] == "Skip to main content"
    assert "Download plot as a PNG" in en["modebar"] and "Zoom in" in en["modebar"], en["modebar"]
    assert f"Help for {translate('en', 'common.lecture_mode')}" in en["labels"]
    assert not [w for w in en["labels"] + en["modebar"] if re.search(r"[\u4e00-\u9fff]", w or "")], en


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_playground_neuron_buttons_are_named_by_what_they_do(app, page, lang):
    """The ＋ and － above each hidden layer were read out as "＋" and "－" (their tooltip is not read). Each is now
    named by its action and layer, and pressing one by that name adds the neuron."""
    page.goto(app.url("playground", lang=lang, net="4,2"))
    wait_for_app(page)
    for i in (1, 2):
        for which in ("more", "fewer"):
            name = translate(lang, f"playground.layers.{which}", i=i)
            page.get_by_role("button", name=name, exact=True).wait_for(timeout=5000)
    page.get_by_role("button", name=translate(lang, "playground.layers.more", i=2), exact=True).click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('net') === '4,3'", timeout=20_000)
    wait_for_app(page)
    page.get_by_role("button", name=translate(lang, "playground.layers.fewer", i=2), exact=True).wait_for(timeout=5000)


def test_charts_offer_no_upload_to_an_outside_service(app, page):
    """Plotly 7 adds "Share chart..." (upload to Plotly Cloud) to every mode bar: a lecturer took it for the app's
    own sharing. The mode bar keeps the download button and offers no upload."""
    page.goto(app.url("activations", lang="en"))
    wait_for_app(page)
    chart = page.locator(".js-plotly-plot").first
    chart.hover()
    page.wait_for_selector(".modebar-btn[data-title^='Download plot']", state="attached")
    titles = page.evaluate("() => [...document.querySelectorAll('.modebar-btn')].map(b => b.dataset.title)")
    assert titles and not [t for t in titles if "Share" in t or "Cloud" in t], titles


HISTORY_LOG_JS = """
window.__historyLog = [];
for (const kind of ["pushState", "replaceState"]) {
  const real = history[kind].bind(history);
  history[kind] = (state, title, url) => {
    window.__historyLog.push([kind, Math.round(performance.now()), String(url), !!window.__nnxHistory]);
    return real(state, title, url);
  };
}
for (const type of ["pointerdown", "keydown", "popstate"])
  window.addEventListener(type, () => window.__historyLog.push([type, Math.round(performance.now())]), true);
"""


def _history_log(page) -> str:
    """What made each history entry, one line each (a string: pytest would cut a list's repr short)."""
    return "\n".join(map(str, page.evaluate("() => window.__historyLog")))


def _wait_for_quiet_history(page, quiet_ms: int = 1000, timeout_ms: int = 20_000) -> None:
    """Until the app is idle and no history entry was written or replaced for ``quiet_ms``."""
    last, since, waited = None, 0, 0
    while waited < timeout_ms and since < quiet_ms:
        now = page.evaluate("() => [window.__historyLog.length, history.length, document.querySelector("
                            "'[data-testid=stApp]')?.getAttribute('data-test-script-state')]")
        since = since + 100 if now == last and now[2] == "notRunning" else 0
        last = now
        page.wait_for_timeout(100)
        waited += 100


def test_back_leaves_a_page_in_one_press_and_undoes_one_change(app, fresh_page):
    """Every URL write of a run goes out as one message, so the browser's history gets one entry per run that
    changed the URL. A page's first run wrote one entry per control (5 to 12 Back presses to leave a page); then one
    for the link and one for the run that wrote the page's defaults into it (two presses). Now the run that only adds
    the defaults replaces the link's entry (explainer/tab.py): a page switch is one entry, and each change a
    student makes is still one (Back undoes it) — keys pressed one after another on one control are one change
    (three → were three Back presses)."""
    page = fresh_page  # a clean history, and the log script added to it alone
    page.add_init_script(HISTORY_LOG_JS)  # what made each entry, for the message of a failure
    page.goto(app.url("neuron", lang="en"))
    wait_for_app(page)
    # the tab's script (explainer/tab.py) loads after the first page has been drawn, 1–2 s after its run under load:
    # a first load's run writes the defaults as its own entry (the tab's start, the link, the link with defaults)
    page.wait_for_function("() => window.__nnxHistory === true", timeout=30_000)
    _wait_for_quiet_history(page)  # the student clicks once the page has settled (no late run writing the URL)
    loaded = page.evaluate("() => history.length")
    assert loaded <= 3, loaded
    page.locator(NAV).filter(has_text=translate("en", "activations.title")).first.click()
    page.wait_for_url("**/activations**")
    wait_for_app(page)
    page.wait_for_timeout(500)
    assert page.evaluate("() => history.length") == loaded + 1, _history_log(page)
    assert parse_qs(urlsplit(page.evaluate("() => location.href")).query)["z"] == ["2"]  # the defaults are in it
    # a change of a control: its own entry, and Back undoes it
    sliders = page.locator("[data-testid='stMain'] [data-testid='stSlider'] input[type='range']")
    slider = sliders.nth([sliders.nth(i).input_value() for i in range(sliders.count())].index("2"))  # z
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => new URL(location.href).searchParams.get('z') === '2.25'")
    wait_for_app(page)
    page.wait_for_timeout(500)
    assert page.evaluate("() => history.length") == loaded + 2, _history_log(page)
    # after a pause, keys pressed one after another on the slider are one change: one entry, one Back
    page.wait_for_timeout(2100)  # tab.py's BURST_PAUSE_MS
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("() => new URL(location.href).searchParams.get('z') === '3'")
    wait_for_app(page)
    page.wait_for_timeout(500)
    assert page.evaluate("() => history.length") == loaded + 3, _history_log(page)
    page.go_back()
    page.wait_for_function("() => new URL(location.href).searchParams.get('z') === '2.25'")
    wait_for_app(page)
    assert slider.input_value() == "2.25"
    page.go_back()
    page.wait_for_function("() => new URL(location.href).searchParams.get('z') === '2'")
    wait_for_app(page)
    assert slider.input_value() == "2"
    page.go_back()
    page.wait_for_timeout(300)
    wait_for_app(page)
    assert "/neuron" in urlsplit(page.url).path, page.url
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_page_switch_is_one_entry_when_the_new_page_writes_before_the_address_moves(app, fresh_page):
    """On a slow laptop the new page's first run may write its parameters before Streamlit has moved the address to
    the new page: they went in under the old page's path as an entry of its own, and Back showed the neuron page with
    the activations page's parameters (CI's failure at stop 30; a processor slowed down 12–20 times in DevTools did
    it about every other time). Here that order is made certain: the click reaches the tab's script but not
    Streamlit, and the write comes as Streamlit sent it then (the old path, the new page's parameters)."""
    page = fresh_page  # a clean history, and the log script added to it alone
    page.add_init_script(HISTORY_LOG_JS)
    page.goto(app.url("neuron", lang="en"))
    wait_for_app(page)
    page.wait_for_function("() => window.__nnxHistory === true", timeout=30_000)
    _wait_for_quiet_history(page)
    loaded = page.evaluate("() => history.length")
    link = page.locator(NAV).filter(has_text=translate("en", "activations.title")).first.locator("a[href]")
    page.evaluate("""(link) => {
      const hold = (e) => { e.preventDefault(); e.stopPropagation(); };  // Streamlit listens at the app's root
      document.body.addEventListener("click", hold, true);
      link.click();
      document.body.removeEventListener("click", hold, true);
      history.pushState({}, "", location.pathname + "?lang=en&view=compare&z=2");
    }""", link.element_handle())
    assert page.evaluate("() => [location.pathname, location.search, history.length]") == [
        "/activations", "?lang=en&view=compare&z=2", loaded + 1], _history_log(page)
    before = page.evaluate("() => navigation.entries()[navigation.currentEntry.index - 1].url")
    assert urlsplit(before).path == "/neuron" and parse_qs(urlsplit(before).query)["view"] == ["mp"], before


def test_a_freshly_opened_link_leaves_in_one_back_press(app, fresh_page):
    """A student follows a link (from the course page, a QR code) and presses Back: the course page again, in one
    press. The page's first run writes its defaults into the URL as an entry of its own, before the tab's script is
    there to fold it into the link's entry: it took two presses (the first one showed the same view again)."""
    page = fresh_page  # a clean history, and the log script added to it alone
    page.goto("data:text/html,<title>course</title><p>course page</p>")
    page.add_init_script(HISTORY_LOG_JS)
    page.goto(app.url("activations", lang="en", view="compare"))
    wait_for_app(page)
    page.wait_for_function("() => window.__nnxHistory === true", timeout=30_000)
    _wait_for_quiet_history(page)
    params = parse_qs(urlsplit(page.url).query)
    assert params["view"] == ["compare"] and "z" in params, page.url  # the address bar links to the whole view
    log = page.evaluate("() => window.__historyLog")
    page.go_back()
    try:
        page.wait_for_url("data:text/html**", timeout=10_000)
    except Exception as err:  # noqa: BLE001 — say where Back went instead
        raise AssertionError(f"Back went to {page.url}; history before: {log}") from err


def test_keyboard_skips_the_folded_sidebar_and_finds_it_when_opened(app, browser):
    """Lecture mode folds the sidebar: Tab no longer walks through its 16 invisible controls (Enter there changed
    the page, the language or reset it). Opened, its links are there and show where the focus is."""
    tab = kept_tab(browser, app.tabs, 1280, 720, phone=False)
    pg = tab.page
    pg.goto(app.url("neuron", lang="en", lecture="1"))
    wait_for_app(pg)
    pg.wait_for_timeout(500)
    in_sidebar = []
    for _ in range(5):
        pg.keyboard.press("Tab")
        in_sidebar.append(pg.evaluate("() => !!document.activeElement.closest('[data-testid=stSidebar]')"))
    assert not any(in_sidebar)
    pg.locator("[data-testid=stExpandSidebarButton]").first.click()
    links = pg.locator(f"{NAV} a")
    links.nth(1).wait_for(state="visible")
    links.nth(1).focus()
    pg.keyboard.press("Shift+Tab")  # by keyboard to the first link: :focus-visible applies
    active = pg.evaluate("() => [document.activeElement.dataset.testid, getComputedStyle(document.activeElement)"
                         ".outlineStyle, !!document.activeElement.closest('[data-testid=stSidebar]')]")
    assert active == ["stPageLink-NavLink", "solid", True], active
    tab.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_keyboard_student_sees_where_the_focus_is_and_reaches_copy_link(app, browser, lang):
    """At 1280 × 720 (a lecturer's laptop) the menu's "Copy link" and "QR code" are on screen without scrolling the
    menu ("Copy link" sat at the bottom edge, cut off); a radio choice focused by keyboard gets an outline (Streamlit's pale background was
    1.15:1 against the page); the charts' mode bars offer no box or lasso select (they did nothing and were half
    of a section's Tab stops)."""
    tab = kept_tab(browser, app.tabs, 1280, 720, phone=False)
    pg = tab.page
    pg.goto(app.url("neuron", lang=lang))
    wait_for_app(pg)
    pg.wait_for_timeout(500)
    copy = pg.locator("[data-testid='stSidebar'] [data-testid='stPopover'] button").first
    box = copy.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 720, box
    assert copy.inner_text().strip().endswith(translate(lang, "common.copy_link")) or \
        translate(lang, "common.copy_link") in copy.inner_text()
    qr = pg.locator("[data-testid='stSidebar'] button").filter(has_text=translate(lang, "common.qr_large")).first
    box = qr.bounding_box()  # and the large QR code's button under it
    assert box is not None and box["y"] + box["height"] <= 720, box
    radio = pg.locator("[data-testid='stMain'] [data-testid='stRadio'] input[type=radio]")
    radio.first.focus()
    pg.keyboard.press("Shift+Tab")
    pg.keyboard.press("Tab")  # by keyboard: :focus-visible applies
    outline = pg.evaluate("() => { const l = document.activeElement.closest('label');"
                          " return l ? [getComputedStyle(l).outlineStyle, getComputedStyle(l).outlineWidth] : null; }")
    assert outline == ["solid", "2px"], outline
    pg.locator(".js-plotly-plot").first.hover()
    pg.wait_for_selector(".modebar-btn", state="attached")
    titles = pg.evaluate("() => [...document.querySelectorAll('.modebar-btn')].map(b => b.dataset.title)")
    assert titles and not [t for t in titles if "Select" in t], titles
    tab.close()


FOCUS_JS = ("() => { const a = document.activeElement; return [a.dataset.testid || a.tagName,"
            " !!a.closest('[data-testid=stPopoverBody]'), !!document.querySelector('[data-testid=stPopoverBody]')]; }")


@pytest.mark.parametrize("page_id, lang, title", [("neuron", "en", "common.copy_link"),
                                                  ("playground", "zh", "playground.display_title")])
def test_a_popover_opened_by_keyboard_takes_the_focus_and_gives_it_back(app, page, page_id, lang, title):
    """Streamlit draws a popover's contents at the end of the page: Tab from "Copy link" went on through the page,
    and the link, its copy button and "QR code" came only after every other control. Opened by keyboard, the focus
    is in the popover; Tab walks its controls; Tab past the last folds it with the focus back on its button;
    Shift+Tab before the first returns to the button."""
    page.goto(app.url(page_id, lang=lang))
    wait_for_app(page)
    page.wait_for_function("() => window.__nnxPopover === true", timeout=30_000)
    button = page.locator("[data-testid='stPopoverButton']").filter(has_text=translate(lang, title)).first
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => !!document.activeElement.closest('[data-testid=stPopoverBody]')", timeout=10_000)
    seen = [page.evaluate(FOCUS_JS)]
    while seen[-1][1] and len(seen) < 10:
        page.keyboard.press("Tab")
        seen.append(page.evaluate(FOCUS_JS))
    *inside, after = seen
    assert len(inside) >= 2 and all(open_ for _, _, open_ in inside), seen
    if page_id == "neuron":  # the link, then its copy button (the large QR code has its own button, beside it)
        assert [name for name, _, _ in inside] == ["stCode", "stBaseButton-elementToolbar"], seen
    page.wait_for_function("() => !document.querySelector('[data-testid=stPopoverBody]')", timeout=10_000)
    assert after[:2] == ["stPopoverButton", False] and page.evaluate(FOCUS_JS) == ["stPopoverButton", False, False]
    page.keyboard.press("Enter")
    page.wait_for_function("() => !!document.activeElement.closest('[data-testid=stPopoverBody]')", timeout=10_000)
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUS_JS) == ["stPopoverButton", False, True]


@pytest.mark.parametrize("lang, size, lecture", [("en", (1280, 720), None), ("zh", (1920, 1080), "1")])
def test_the_large_qr_code_opens_and_closes_by_keyboard_and_fits_the_window(app, browser, lang, size, lecture):
    """"QR code" (sidebar) shows the view's code as large as the window allows, whole, with its address under it —
    it was cut off at the bottom of a 720-pixel window (a code without its lower corner cannot be scanned). It sat
    inside the "Copy link" popover, which stayed open under it: Escape folded the popover first, a second one
    closed the code, and the keyboard focus fell to the page's top. One Escape now closes it, back on its button."""
    zxingcpp, Image = require("zxingcpp"), require("PIL.Image")
    tab = kept_tab(browser, app.tabs, size[0], size[1], phone=False)
    pg = tab.page
    try:
        pg.goto(app.url("neuron", lang=lang, w1="-2", **({"lecture": lecture} if lecture else {})))
        wait_for_app(pg)
        if pg.locator("[data-testid='stSidebar']").get_attribute("data-collapsed") == "true":
            pg.locator("[data-testid='stExpandSidebarButton']").first.click()
        button = pg.locator("[data-testid='stSidebar'] button").filter(has_text=translate(lang, "common.qr_large"))
        button.first.focus()
        pg.keyboard.press("Enter")
        dialog = pg.locator("[role='dialog']").filter(has_text=translate(lang, "common.qr_title"))
        image = dialog.locator("[data-testid='stImage'] img")
        image.wait_for(timeout=30_000)
        pg.wait_for_timeout(500)
        box = pg.evaluate("() => { const r = document.querySelector('[role=dialog] [data-testid=stImageCaption]')"
                          ".getBoundingClientRect(); return [r.bottom, innerHeight]; }")
        assert box[0] <= box[1], f"the code's address ends at {box[0]:.0f} px, below the window ({box[1]} px)"
        width = image.bounding_box()["width"]
        assert width >= min(size[0], size[1]) * 0.45, width  # as large as the window allows, not a thumbnail
        decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(image.screenshot())).convert("L"))]
        assert len(decoded) == 1 and parse_qs(urlsplit(decoded[0]).query)["w1"] == ["-2"], decoded
        pg.keyboard.press("Escape")
        dialog.wait_for(state="detached", timeout=10_000)
        pg.wait_for_timeout(300)
        assert pg.evaluate("() => document.activeElement.innerText") == button.first.inner_text()
    finally:
        tab.close()


def test_the_keyboard_focus_stays_in_the_row_when_a_button_disables_itself(app, page):
    """Forward pass · worked example: Enter on "All steps" disables it (and "Next step"); the focus fell to the top of
    the page. It goes to the nearest enabled button of the row, "Back", and Enter there steps back."""
    page.goto(app.url("forward_pass", lang="en", view="example"))
    wait_for_app(page)
    row = page.locator("[data-testid='stMain'] [data-testid='stHorizontalBlock']").filter(
        has_text=translate("en", "forward_pass.example.btn_all")).last
    every = row.locator("button").filter(has_text=translate("en", "forward_pass.example.btn_all"))
    every.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("(b) => b.disabled", arg=every.element_handle())
    wait_for_app(page)
    page.wait_for_timeout(300)
    tag, text = page.evaluate("() => [document.activeElement.tagName, document.activeElement.innerText]")
    assert tag == "BUTTON" and text.endswith(translate("en", "forward_pass.example.btn_prev")), (tag, text[:80])
    page.keyboard.press("Enter")  # one step back: "Next step" and "All steps" are enabled again
    page.wait_for_function("(b) => !b.disabled", arg=every.element_handle())


def test_lecture_mode_switched_on_by_keyboard_leaves_the_focus_on_the_menu_button(app, browser):
    """Space on the menu's lecture-mode switch folds the menu away, the switch with it: the focus fell to the top of
    the page. It goes to the button that opens the menu; Enter there opens it with the focus on its first link."""
    tab = kept_tab(browser, app.tabs, 1280, 720, phone=False)
    pg = tab.page
    pg.goto(app.url("neuron", lang="en"))
    wait_for_app(pg)
    pg.locator("[data-testid='stSidebar'] [data-testid='stCheckbox'] input").first.focus()
    pg.keyboard.press("Space")
    pg.wait_for_function("() => document.activeElement.dataset.testid === 'stExpandSidebarButton'", timeout=10_000)
    wait_for_app(pg)
    assert pg.locator("[data-testid='stSidebar']").get_attribute("data-collapsed") == "true"
    pg.keyboard.press("Enter")
    pg.wait_for_function("() => document.activeElement.dataset.testid === 'stPageLink-NavLink'", timeout=10_000)
    tab.close()


@pytest.mark.parametrize("page_id, n", [("activations", 2), ("neuron", 5), ("playground", 0)])
def test_a_try_this_link_shows_the_view_it_opened(app, page, page_id, n):
    """"Try this" sits at the bottom of a page; the view it opens changes the controls far above. The window stayed
    at the bottom of the new view (the student saw nothing change); it now shows the section chooser, with the
    link's section chosen (a page without sections: its top). Followed by keyboard, the focus is there too: on the
    chosen section (it was at times on the one before), or at the top of the playground (it stayed on the link,
    far below, and the next Tab went back down)."""
    page.goto(app.url(page_id, lang="en"))
    wait_for_app(page)
    page.wait_for_function("() => window.__nnxPopover === true", timeout=30_000)  # the tab's script is there
    link = page.locator("[data-testid='stMain'] [data-testid='stPageLink'] a").nth(n)
    link.scroll_into_view_if_needed()
    href = link.get_attribute("href")
    view = parse_qs(urlsplit(href).query).get("view", [None])[0]
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => !location.search.includes('task=')")
    wait_for_app(page)
    page.wait_for_timeout(1800)
    if view is None:
        assert page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop") == 0
        assert page.evaluate("() => document.activeElement.dataset.testid") == "stMain"
        return
    chooser = page.locator(f"[data-testid='stMain'] .st-key-{page_id}-view [data-testid='stRadio']")
    top = chooser.bounding_box()["y"]
    assert 40 <= top <= 200, top  # below Streamlit's header, at the top of the window
    chosen = chooser.locator("label[data-selected='true']").inner_text()
    assert chosen == translate("en", f"{page_id}.sections.{view}"), chosen
    focused = page.evaluate("() => [document.activeElement.checked,"
                            " document.activeElement.closest('label')?.innerText]")
    assert focused == [True, chosen], focused


@pytest.mark.parametrize("stall", [0.0, 2.0], ids=["idle", "busy-server"])
def test_enter_in_a_check_answer_box_shows_its_feedback(app, page, stall):
    """A keyboard student types an answer and presses Enter with the box at the window's bottom edge: the form was
    submitted, but its feedback appeared below the window and nothing seemed to happen. It is scrolled into sight —
    also when a busy server starts the run seconds after the key press (the server is paused 2 s here: the tab's
    script had given up waiting for the run after 1 s, a failure seen on CI)."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(app.url("neuron", lang="en"))
    wait_for_app(page)
    page.wait_for_function("() => window.__nnxForm === true", timeout=30_000)
    box = page.locator("[data-testid='stMain'] [data-testid='stForm'] input[type=number]").first
    box.evaluate("e => e.scrollIntoView({block: 'end'})")
    box.focus()
    page.keyboard.type("3")
    if stall:
        os.kill(app.proc.pid, signal.SIGSTOP)
    try:
        page.keyboard.press("Enter")
        time.sleep(stall)
    finally:
        if stall:
            os.kill(app.proc.pid, signal.SIGCONT)
    feedback = page.locator("[data-testid='stMain'] [data-testid='stAlert']").filter(
        has_text=translate("en", "common.check.wrong"))
    feedback.wait_for(timeout=20_000)
    wait_for_app(page)
    page.wait_for_timeout(500)
    top, bottom, height = feedback.evaluate("e => { const r = e.getBoundingClientRect();"
                                            " return [r.top, r.bottom, innerHeight]; }")
    assert 0 <= top and bottom <= height + 1, (top, bottom, height)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_damaged_link_opens_its_page_with_the_defaults_and_says_so(app, page, lang):
    """A link whose values no control can take (a typo, a value out of range, a cut-off copy) opens the page with
    those controls at their defaults, written back to the address bar, and a toast names them."""
    page.goto(app.url("neuron", lang=lang, view="mp", w1="999", x1="NaN"))
    wait_for_app(page)
    toast = page.locator("[data-testid='stToast']")
    toast.wait_for(timeout=20_000)
    assert translate(lang, "common.link_ignored", params="x1, w1") in toast.inner_text()
    page.wait_for_function("() => new URL(location.href).searchParams.get('w1') === '1'", timeout=10_000)
    assert page.locator("[data-testid='stException']").count() == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_link_to_a_page_that_does_not_exist_opens_home_and_says_so_in_the_page_language(app, page, lang):
    """A mistyped page name (``/softmax`` for ``/softmax_entropy``) opens Home with Streamlit's dialog, which said
    "Page not found … Running the app's main page." in English on a Chinese page too."""
    page.goto(app.url("softmax", lang=lang))
    wait_for_app(page)
    dialog = page.locator("[data-testid='stDialog'] [role=dialog]")
    dialog.wait_for(timeout=20_000)
    title = translate(lang, "common.streamlit.page_not_found")
    wait_for_words(page, "[data-testid=stDialog] h2", title)
    assert dialog.inner_text().split("\n")[-1].strip() == translate(lang, "common.streamlit.page_not_found_body")
    assert urlsplit(page.url).path in ("", "/") and parse_qs(urlsplit(page.url).query)["lang"] == [lang]
    names = page.locator("[data-testid='stDialog'] button").evaluate_all("bs => bs.map(b => b.ariaLabel)")
    assert sorted(names) == sorted(translate(lang, f"common.streamlit.{k}") for k in ("close", "dismiss")), names
    dialog.locator("button:visible").click()  # its close button
    dialog.wait_for(state="detached", timeout=5_000)


def test_streamlit_s_menu_and_its_screencast_dialog_are_in_the_page_language(app, page):
    """The menu in the corner said "Print", "Record screen" and "Made with Streamlit v…" on a Chinese page, and its
    screencast dialog was all English."""
    page.goto(app.url("neuron", lang="zh"))
    wait_for_app(page)
    page.locator("[data-testid='stMainMenu'] button").click()
    menu = page.locator("[data-testid='stMainMenuPopover']")
    menu.wait_for()
    zh = {k: translate("zh", f"common.streamlit.{k}") for k in ("print", "record_screen", "made_with")}
    wait_for_words(page, "[data-testid=stMainMenuPopover]", zh["print"], exact=False)
    lines = [line.strip() for line in menu.inner_text().split("\n") if line.strip()]
    assert lines[:2] == [zh["print"], zh["record_screen"]] and lines[2].startswith(zh["made_with"]), lines
    page.locator("[data-testid='stMainMenuItem-recordScreencast']").click()
    dialog = page.locator("[data-testid='stDialog'] [role=dialog]")
    wait_for_words(page, "[data-testid=stDialog] h2", translate("zh", "common.streamlit.record_title"))
    text = dialog.inner_text()
    for key in ("record_title", "record_what", "record_audio", "record_esc", "record_start"):
        assert translate("zh", f"common.streamlit.{key}") in text, (key, text)
    assert not re.search(r"[A-Za-z]{3,} [a-z]{2,}", text), text  # no English phrase left
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached", timeout=5_000)


def test_a_lost_connection_is_announced_in_the_page_language(server, page):
    """When the server goes away (a replica restarts, the Wi-Fi drops), Streamlit shows "Connecting" in the corner
    and, after a few seconds, a "Connection error" dialog — in English on a Chinese page. Both are in Chinese now."""
    page.goto(server.url("neuron", lang="zh"))
    wait_for_app(page)
    server.proc.terminate()
    server.proc.wait(timeout=10)
    status = page.locator("[data-testid='stStatusWidget']")
    wait_for_words(page, "[data-testid=stStatusWidget]", translate("zh", "common.streamlit.connecting"))
    title = translate("zh", "common.streamlit.connection_error")
    wait_for_words(page, "[data-testid=stDialog] h2", title, timeout=30_000)
    body = page.locator("[data-testid='stDialog'] [role=dialog]").inner_text()
    assert translate("zh", "common.streamlit.not_responding") in body, body
    assert status.inner_text().strip() == translate("zh", "common.streamlit.connecting")


def test_show_the_source_fills_in_when_the_student_opens_it(app, page):
    """"Show the source" is sent only while open (explainer.shell.Page.show_source): a click on its header opens it
    with the page's nncore code, highlighted, the page as it was; folding it leaves the page without it."""
    page.goto(app.url("gradient_descent", lang="en", view="1d", lr="0.3"))
    wait_for_app(page)
    box = page.locator("[data-testid='stExpander']").filter(has_text=translate("en", "common.show_source")).last
    assert box.locator("[data-testid='stCode']").count() == 0
    box.locator("summary").click()
    code = box.locator("[data-testid='stCode']").first
    code.wait_for(timeout=20_000)
    wait_for_app(page)
    assert "def " in code.inner_text() and code.locator("span.token").count() > 10  # highlighted
    assert parse_qs(urlsplit(page.url).query)["lr"] == ["0.3"]  # the view unchanged
    box.locator("summary").click()
    code.wait_for(state="detached", timeout=20_000)
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
