"""The playground in a real browser, doing what students did: play and pause (no more frames asked for at once),
train on an uploaded CSV and remove it, the learning-rate-10 task, the layout at 1440 × 900, on a projector
(1280 × 720, lecture mode) and on a phone (390 × 844), import feedback, the confusion matrices, early stopping,
hover values — and, while playing, never a frame with the map or the network missing."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest

import nncore
from explainer.i18n import translate
from nncore.lessons import playground as P
from tests.browser.conftest import wait_for_app
from tests.browser.views import kept_tab, wait_for_words

pytestmark = pytest.mark.browser

EPOCH = '[data-v="epoch"]'
# Counts, every 15 ms while playing, frames where the map or the network canvas has nothing painted at its centre.
WATCH_BLANK = """() => {
  window.__blank = {samples: 0, map: 0, net: 0};
  const root = document.querySelector('[data-testid="stBidiComponent"], .stBidiComponent') || document;
  const find = sel => { for (const el of document.querySelectorAll('*')) if (el.shadowRoot) {
      const c = el.shadowRoot.querySelector(sel); if (c) return c; } return document.querySelector(sel); };
  const blank = cv => { if (!cv || !cv.width || !cv.height) return true;
      const ctx = cv.getContext('2d'); const d = ctx.getImageData(0, 0, cv.width, cv.height).data;
      for (let i = 3; i < d.length; i += 4 * 97) if (d[i] !== 0) return false; return true; };
  window.__blankTimer = setInterval(() => { const map = find('canvas.map'), net = find('canvas.net');
      window.__blank.samples++; if (blank(map)) window.__blank.map++; if (blank(net)) window.__blank.net++; }, 15);
}"""
# Each change of the epoch counter after the click: [ms after it, the counter] (a MutationObserver in the page), and
# the counter at the click (the frame on screen when the button's click handler runs).
WATCH_EPOCH = """() => {
  const find = sel => { for (const el of document.querySelectorAll('*')) if (el.shadowRoot) {
      const c = el.shadowRoot.querySelector(sel); if (c) return c; } return null; };
  const el = find('[data-v="epoch"]');
  window.__afterClick = [];
  // the moment the click really happens (Playwright's own checks before it take a while); the page's listener on
  // the window runs before the button's own (capture), so the counter read here is the frame the click stops on
  window.addEventListener('click', () => { window.__clickedAt = performance.now(); window.__atClick = el.textContent; },
                          {capture: true, once: true});
  new MutationObserver(() => {
    const t = window.__clickedAt;
    if (t) window.__afterClick.push([Math.round(performance.now() - t), el.textContent]);
  }).observe(el, {childList: true, characterData: true, subtree: true});
}"""


def epoch(page) -> int:
    text = page.locator(EPOCH).inner_text().replace(",", "").strip()
    return int(text) if text.isdigit() else -1


def button(page, lang: str, key: str):
    return page.get_by_role("button", name=translate(lang, f"playground.{key}"), exact=True)


def open_page(page, server, lang="en", **params):
    page.goto(server.url("playground", lang=lang, **params))
    wait_for_app(page)
    page.locator(EPOCH).wait_for()
    page.wait_for_function("() => window.__pgLast !== undefined")


def last(page) -> dict:
    return page.evaluate("() => window.__pgLast")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_play_redraws_everything_every_frame_and_pause_stops_at_once(app, page, lang):
    sent = []  # every message the page sends to the server (its requests for frames among them)

    def watch(ws) -> None:
        ws.on("framesent", lambda payload: sent.append(len(payload)))

    page.on("websocket", watch)
    try:
        _play_and_pause(page, app, lang, sent)
    finally:
        page.remove_listener("websocket", watch)  # (the tab is kept for the next test)


def _play_and_pause(page, app, lang, sent) -> None:
    open_page(page, app, lang)
    assert epoch(page) == 0
    assert last(page)["loss_n"] == 1  # the loss curve starts at epoch 0: no empty chart with made-up axes
    page.evaluate(WATCH_BLANK)
    button(page, lang, "play").click()
    button(page, lang, "pause").wait_for()
    page.wait_for_timeout(3000)
    paints0, e0 = page.evaluate("() => window.__pgPaints"), epoch(page)
    page.wait_for_timeout(2000)
    paints1, e1 = page.evaluate("() => window.__pgPaints"), epoch(page)
    assert e1 - e0 >= 5 * (paints1 - paints0) * 0.8  # the default 5 epochs per frame, never fewer
    assert paints1 - paints0 >= 4  # frames keep coming (≥ 2 a second even on a loaded machine)
    blank = page.evaluate("() => window.__blank")
    assert blank["samples"] > 50 and blank["map"] == 0 and blank["net"] == 0  # never a missing chart
    page.evaluate(WATCH_EPOCH)
    button(page, lang, "pause").click()
    button(page, lang, "play").wait_for(timeout=2000)  # the label changes at once (the click is local)
    asked = len(sent)  # the Pause itself is among them: it is sent in the click
    page.wait_for_timeout(1500)
    # Pause stops on the frame on screen: the browser sends no request for frames after it, paints none of the
    # frames it still held or had asked for, and the server goes back to that frame's state (it had trained a few
    # frames further) — so the counter never moves after the click, and Step goes on from the frame seen.
    after, at_click = page.evaluate("() => [window.__afterClick, window.__atClick]")
    assert len(sent) == asked, f"{len(sent) - asked} messages sent after Pause; the counter after it: {after}"
    assert after == [], f"the epoch counter changed after Pause ([ms, epoch]), from {at_click}: {after}"
    paused = epoch(page)
    assert str(paused) == at_click.replace(",", "")
    page.wait_for_timeout(1500)
    assert epoch(page) == paused
    assert page.locator("[data-testid='stException']").count() == 0
    assert last(page)["playing"] is False and last(page)["epoch"] == at_click  # the server's answer, painted
    # paused, hovering the map reads the value under the cursor (exact, from the float map)
    box = page.locator("canvas.map").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tip = page.locator(".tip")
    tip.wait_for()
    assert "x₁" in tip.inner_text() and "≈" not in tip.inner_text()
    button(page, lang, "step").click()  # one epoch on from the frame that was on screen, not from the server's last
    page.wait_for_function(f"() => window.__pgLast.epoch === '{paused + 1:,}'", timeout=10_000)


def _csv(tmp_path, rows: int = 30):
    data = P.Playground(P.Config(dataset="two_gaussians")).data
    pick = np.concatenate([np.flatnonzero(data.y == c)[:rows // 2] for c in (0, 1)])  # both classes
    lines = ["x1,x2,label"] + [f"{x:.3f},{y:.3f},{int(c)}" for (x, y), c in zip(data.X[pick], data.y[pick])]
    path = tmp_path / "mine.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_training_on_an_uploaded_csv_runs_and_removing_it_goes_back(app, page, tmp_path):
    open_page(page, app)
    page.get_by_text(translate("en", "playground.upload.title")).click()
    page.locator("[data-testid='stFileUploader'] input[type=file]").first.set_input_files(str(_csv(tmp_path)))
    page.get_by_text("Using your data: 30 rows, 2 classes").wait_for(timeout=20_000)
    wait_for_app(page)
    in_use = page.get_by_text(translate("en", "playground.upload.in_use"))
    assert in_use.count() == 1  # by the data-set picker, which still names a generated set
    page.wait_for_function("() => window.__pgLast.n_train === 15")  # the map shows the uploaded points at once
    for _ in range(3):
        button(page, "en", "step").click()
        page.wait_for_timeout(300)
    page.wait_for_function("() => window.__pgLast.epoch === '3'", timeout=10_000)
    button(page, "en", "play").click()
    button(page, "en", "pause").wait_for()
    page.wait_for_function("() => parseInt(window.__pgLast.epoch) >= 30", timeout=15_000)
    assert last(page)["n_train"] == 15  # still the student's data: a rerun never swaps it back in or rebuilds
    button(page, "en", "pause").click()
    button(page, "en", "play").wait_for()
    # a bad file next says which data the playground now uses
    bad = tmp_path / "bad.csv"
    bad.write_text("x1,x2,label\n1,2,0\n3,oops,1\n")
    page.locator("[data-testid='stFileUploader'] input[type=file]").first.set_input_files(str(bad))
    page.get_by_text(translate("en", "playground.csv_error.non_numeric", row=2, column=2)).wait_for(timeout=20_000)
    wait_for_app(page)
    infos = page.locator("[data-testid='stAlertContentInfo']").all_inner_texts()
    assert any(translate("en", "playground.upload.generated") in i for i in infos), infos
    page.wait_for_function("() => window.__pgLast.n_train === 250", timeout=15_000)
    # remove the file, as the message says: no crash, generated data back, Play and Step still there
    page.locator("[data-testid='stFileChipDeleteBtn']").first.click()
    wait_for_app(page)
    page.wait_for_function("() => window.__pgLast.n_train === 250", timeout=15_000)
    assert page.locator("[data-testid='stException']").count() == 0
    assert in_use.count() == 0
    assert button(page, "en", "play").count() == 1 and button(page, "en", "step").count() == 1
    assert epoch(page) == 0
    # the upload box stays open, ready for the next file (it folded shut when its file was removed)
    assert page.locator("[data-testid='stFileUploader'] input[type=file]").count() == 1


def test_picking_one_column_twice_says_so_and_keeps_the_training(app, page, tmp_path):
    """A file with more columns than three: the student picks the columns. Picking one twice said "the file has 4
    columns, it needs 3" and dropped the run for the generated data; now it names the column and keeps the run."""
    src = _csv(tmp_path).read_text().splitlines()
    path = tmp_path / "four.csv"
    path.write_text("\n".join(["id," + src[0]] + [f"{i},{row}" for i, row in enumerate(src[1:])]) + "\n")
    open_page(page, app)
    page.get_by_text(translate("en", "playground.upload.title")).click()
    page.locator("[data-testid='stFileUploader'] input[type=file]").first.set_input_files(str(path))
    page.get_by_text("Using your data: 30 rows, 2 classes").wait_for(timeout=20_000)
    wait_for_app(page)
    for _ in range(3):
        button(page, "en", "step").click()
        page.wait_for_timeout(300)
    page.wait_for_function("() => window.__pgLast.epoch === '3'", timeout=10_000)
    # default picks: id, x1, label — pick x1 for x₂ too (the file's column 2)
    box = page.locator("[data-testid='stSelectbox']").filter(has_text=translate("en", "playground.upload.col1"))
    box.locator("input[role=combobox]").click()
    page.keyboard.press("ArrowDown")  # the list opens from the keyboard
    page.locator("[role=listbox] [role=option]").filter(has_text="id").first.click()
    page.get_by_text(translate("en", "playground.csv_error.same_column", column=1)).wait_for(timeout=20_000)
    wait_for_app(page)
    page.get_by_text(translate("en", "playground.upload.kept", rows=30)).wait_for()
    assert last(page)["n_train"] == 15 and epoch(page) == 3


def test_an_upload_with_values_too_large_to_draw_is_refused_with_its_row(app, page, tmp_path):
    """Values near 1e307 trained but left the map without points (float32 overflow) and its axis unreadable: the
    file is refused, the message names the row, and the generated data stays."""
    path = tmp_path / "huge.csv"
    path.write_text("x1,x2,label\n1,2,0\n3,-3e307,1\n5,6,1\n")
    open_page(page, app)
    page.get_by_text(translate("en", "playground.upload.title")).click()
    page.locator("[data-testid='stFileUploader'] input[type=file]").first.set_input_files(str(path))
    message = translate("en", "playground.csv_error.out_of_range", row=2, column=2)
    page.get_by_text(message).wait_for(timeout=20_000)
    wait_for_app(page)
    assert last(page)["n_train"] == 250  # the generated data, untouched
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_workbook_and_a_file_over_the_limit_are_explained_in_the_page_language(app, page, tmp_path):
    """A student on a Chinese page drops the Excel workbook they have. Streamlit refused it by its type (the
    uploader took .csv and .txt only) with a red chip whose only words were an English tooltip on hover,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet files are not allowed." — nothing on the page.
    Now the page says, in Chinese, that it is a workbook and how to save it as CSV, and keeps the generated data. A
    file over Streamlit's 5 MB is still refused in the browser: its chip's words are Chinese too."""
    book = tmp_path / "成绩.xlsx"
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>")
    open_page(page, app, lang="zh")
    page.get_by_text(translate("zh", "playground.upload.title")).click()
    chooser = page.locator("[data-testid='stFileUploader'] input[type=file]").first
    chooser.set_input_files(str(book))
    page.get_by_text(translate("zh", "playground.csv_error.spreadsheet")).wait_for(timeout=20_000)
    wait_for_app(page)
    assert last(page)["n_train"] == 250  # the generated data, untouched
    assert page.locator("[data-testid='stFileChipIconError']").count() == 0  # the file reached the app
    page.locator("[data-testid='stFileChipDeleteBtn']").first.click()
    wait_for_app(page)
    big = tmp_path / "big.csv"
    big.write_bytes(b"x1,x2,label\n" + b"1.25,2.5,0\n" * 600_000)  # 6.6 MB
    chooser.set_input_files(str(big))
    chip = page.locator("[data-testid='stFileChip']").filter(has_text="big.csv")
    icon = chip.locator("[data-testid='stFileChipIconError']")
    icon.wait_for(timeout=10_000)
    page.mouse.move(0, 0)
    icon.hover()  # its tooltip (a phone has none: the words are also read out, below)
    tip = page.locator("[data-testid='stTooltipErrorContent']")
    tip.wait_for(timeout=5_000)
    too_large = translate("zh", "common.streamlit.file_too_large", x="5.0MB")
    wait_for_words(page, "[data-testid=stTooltipErrorContent]", too_large)
    read_out = page.locator("[data-testid='stFileChips'] [role=alert]").inner_text()
    assert read_out.replace(" ", "") == (translate("zh", "common.streamlit.error") + too_large).replace(" ", "")
    assert "File must be" not in page.locator("body").inner_text()
    assert last(page)["n_train"] == 250
    # in the narrow settings column of a 1024 px window the chip kept 144 px: its remove button was out of sight
    page.set_viewport_size({"width": 1024, "height": 1000})
    page.wait_for_timeout(300)
    uploader = page.locator("[data-testid='stFileUploader']").first.bounding_box()
    remove = chip.locator("[data-testid='stFileChipDeleteBtn']").bounding_box()
    assert uploader["x"] < remove["x"] and remove["x"] + remove["width"] < uploader["x"] + uploader["width"], \
        (uploader, remove)


def test_a_regression_upload_with_targets_in_the_millions_trains_and_says_why_it_is_slow(app, page, tmp_path):
    """Prices in a file: the first squared error is above 10¹², which counted as a divergence before the first step
    ("the learning rate is too large", at any rate). Now the file trains, and the page says the values are large."""
    path = tmp_path / "prices.csv"
    path.write_text("x1,x2,price\n" + "".join(f"{i / 10 - 1:.1f},{(i % 7) / 7:.3f},{3_000_000 + 10_000 * i}\n"
                                                for i in range(21)))
    open_page(page, app, prob="regression", data="regress_plane", lr="0.00001")
    page.get_by_text(translate("en", "playground.upload.title")).click()
    page.locator("[data-testid='stFileUploader'] input[type=file]").first.set_input_files(str(path))
    page.get_by_text("Using your data: 21 rows").wait_for(timeout=20_000)
    wait_for_app(page)
    column = translate("en", "playground.upload.large_column", column=translate("en", "playground.upload.target"),
                       value="3.2 × 10⁶")
    assert column in page.locator("[data-testid='stAlertContentInfo']").all_inner_texts()[-1]
    for _ in range(3):
        button(page, "en", "step").click()
        page.wait_for_timeout(300)
    page.wait_for_function("() => window.__pgLast.epoch === '3'", timeout=10_000)
    wait_for_app(page)
    assert page.locator("[data-testid='stAlertContentError']").count() == 0  # no "training diverged"
    assert not button(page, "en", "play").is_disabled()


DIVERGE = [{"lr": "10"},                  # the task "learning rate 10": the loss explodes in the first epoch
           {"lr": "1", "batch": "30"}]     # a slower explosion: a curve of many epochs before it


@pytest.mark.parametrize("rates", DIVERGE, ids=["lr10", "lr1"])
def test_divergence_shows_the_epochs_that_ran_and_the_explosion(app, page, rates):
    open_page(page, app, prob="regression", data="regress_plane", net="4,2", a1="tanh", a2="tanh", **rates)
    button(page, "en", "play").click()
    page.locator("[data-testid='stAlertContentError']").wait_for(timeout=30_000)
    wait_for_app(page)
    page.wait_for_timeout(500)
    info = last(page)
    text = page.locator("[data-testid='stAlertContentError']").inner_text()
    shown = int(info["epoch"].replace(",", ""))
    assert info["diverged"] == shown + 1 and epoch(page) == shown
    assert f"epoch {shown + 1}" in text and f"epoch {shown}," in text  # one number per fact
    assert info["loss_last"] == shown and info["loss_n"] >= min(shown + 1, 2)  # the curve up to the last epoch
    if rates["lr"] == "1":
        assert shown >= 5 and info["loss_n"] >= 5
    assert button(page, "en", "play").is_disabled()
    # the reason is in sight under the disabled Play button, not only below the charts
    line = page.locator("[data-testid='pg-live'] .stopped")
    assert line.inner_text() == translate("en", "playground.stopped.line_diverged", epoch=shown + 1)
    assert line.bounding_box()["y"] + line.bounding_box()["height"] < page.viewport_size["height"]


VIEWS = [("desk", 1440, 900, {}), ("lecture", 1280, 720, {"lecture": "1"}), ("phone", 390, 844, {})]


@pytest.mark.parametrize("name,width,height,params", VIEWS, ids=[v[0] for v in VIEWS])
def test_play_and_what_it_changes_are_in_the_first_view(app, browser, name, width, height, params):
    tab = kept_tab(browser, app.tabs, width, height, phone=False)
    page = tab.page
    try:
        open_page(page, app, **params)
        play = button(page, "en", "play").bounding_box()
        count = page.locator(EPOCH).bounding_box()
        assert play["y"] + play["height"] <= height and count["y"] + count["height"] <= height
        net = page.locator("canvas.net").bounding_box()
        map_ = page.locator("canvas.map").bounding_box()
        if name == "desk":
            # everything Play changes: the counter, the network and the whole output map
            assert net["y"] + net["height"] <= height and map_["y"] + map_["height"] <= height
        elif name == "phone":
            assert map_["y"] < height * 0.5 and map_["width"] <= width  # the map right under the buttons
        else:
            assert net["y"] < height and map_["y"] < height
        # no label broken inside a word (the problem type used to wrap as "Classificatio / n")
        broken = page.evaluate("""() => Array.from(document.querySelectorAll(
            '[data-testid="stMain"] [data-testid="stWidgetLabel"] p, [data-testid="stMain"] [data-baseweb="select"] div'))
            .filter(el => el.offsetParent && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).textOverflow !== 'ellipsis')
            .map(el => el.innerText)""")
        assert not broken, broken
        assert page.locator("[data-testid='stException']").count() == 0
    finally:
        tab.close()


def test_confusion_matrices_titles_wrap_and_the_diagonal_is_framed(app, page):
    page.set_viewport_size({"width": 700, "height": 1400})
    open_page(page, app, "zh", data="blobs", k="4", net="6", a1="relu", lr="0.1")
    button(page, "zh", "step").click()
    page.wait_for_function("() => window.__pgLast.epoch === '1'")
    titles = page.locator(".cm .title")
    assert titles.count() == 2
    for i in range(2):
        clipped = titles.nth(i).evaluate("el => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1")
        assert not clipped
        assert "%" in titles.nth(i).inner_text()


def test_import_feedback_is_visible_where_the_student_looks(app, page, tmp_path):
    pg = P.Playground(P.Config(hidden=(3,), activations=("relu",)))
    pg.step(20)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(P.export_model(pg)))
    open_page(page, app)
    page.get_by_text(translate("en", "playground.export.title")).click()
    page.locator("[data-testid='stFileUploader'] input[type=file]").last.set_input_files(str(path))
    notice = page.get_by_text(translate("en", "playground.import_ok"))
    notice.wait_for(timeout=20_000)
    wait_for_app(page)
    notice.scroll_into_view_if_needed()
    box, live = notice.bounding_box(), page.locator(EPOCH).bounding_box()
    assert box["y"] < live["y"]  # right above the live view, not inside an expander that closes over it
    page.wait_for_function("() => window.__pgLast.epoch === '0'")
    assert page.get_by_role("button", name=translate("en", "playground.layers.add_short")).count() == 1


def test_early_stopping_stops_on_validation_and_says_so(app, page):
    open_page(page, app, data="spiral", noise="50", ratio="50", net="8,8,8", a1="relu", a2="relu", a3="relu",
              pat="50", speed="20")
    assert "validation" in page.locator(".side .cap").first.inner_text()
    button(page, "en", "play").click()
    page.get_by_text("Early stopping at epoch").wait_for(timeout=60_000)
    assert "validation loss" in page.get_by_text("Early stopping at epoch").inner_text()


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
def test_clicking_a_thumbnail_chooses_the_data_set(app, page, lang):
    page.goto(app.url("playground", lang=lang))
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot")
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    # drawn by the app's own chart component: Streamlit's st.plotly_chart would bring its own Plotly.js (~1 s of
    # script on every load of the page)
    assert page.evaluate("() => performance.getEntriesByType('resource').map(r => r.name)"
                         ".filter(n => /PlotlyChart|plotly-7/.test(n))") == []
    page.mouse.click(*page.evaluate(THUMB_XY, ["xor", 3.0, -3.0]))  # anywhere on the picture, not only on a point
    _settle(page)
    assert _query(page)["data"] == "xor"
    select = page.get_by_label(translate(lang, "playground.dataset"), exact=True)
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


def test_screenshots(app, page):
    """Screenshots in en (after some training) and zh (multiclass) into .pytest_cache/ for a visual check."""
    from tests.browser.conftest import ROOT

    out = ROOT / ".pytest_cache"
    out.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1440, "height": 900})
    open_page(page, app, "en", test="1")
    button(page, "en", "play").click()
    page.wait_for_timeout(3000)
    button(page, "en", "pause").click()
    page.wait_for_timeout(1000)
    page.screenshot(path=str(out / "screenshot-playground.png"))
    open_page(page, app, "zh", data="blobs", k="4", net="6", a1="relu", lr="0.1")
    button(page, "zh", "step").click()
    page.wait_for_timeout(1500)
    page.screenshot(path=str(out / "screenshot-playground-zh.png"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_display_popover_shows_the_large_map_choice_in_full(app, page, lang):
    """The "Display" popover's "large map shows" box has the popover's width: the neuron it names is readable, not
    cut to "The n…" (it sat in a third of the popover)."""
    open_page(page, app, lang, show="2:1")
    page.get_by_role("button", name=translate(lang, "playground.display_title")).click()
    select = page.get_by_label(translate(lang, "playground.show"))
    select.wait_for()
    assert select.input_value() == translate(lang, "playground.unit", layer=2, j=2)
    # the chosen text fits its box (an input scrolls its text when it is cut)
    assert select.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), select.evaluate(
        "e => [e.scrollWidth, e.clientWidth]")
    # and so does the longest choice (measured in the box's own font)
    longest = max(translate(lang, "playground.show_output"), translate(lang, "playground.unit", layer=2, j=4), key=len)
    need, room = select.evaluate("(e, text) => { const c = document.createElement('canvas').getContext('2d');"
                                 " c.font = getComputedStyle(e).font; return [c.measureText(text).width,"
                                 " e.clientWidth]; }", longest)
    assert need <= room, (longest, need, room)


def test_new_weights_puts_the_next_weight_seed_in_the_address_bar(app, page):
    """"New weights" runs inside the live view's fragment: its seed reaches the address bar at once (the URL is
    written once per run, and this fragment sends its own)."""
    open_page(page, app)
    assert "wseed=0" in page.url
    button(page, "en", "new_weights").click()
    page.wait_for_function("() => location.search.includes('wseed=1')", timeout=10_000)
    assert epoch(page) == 0


def test_the_loss_axis_labels_each_epoch_once(app, page):
    """Before training the axis ran 0 … 1 with a second "1" beside the last, read as "11" epochs; after 3 steps
    and after 40 its labels are distinct and end at the last epoch."""
    open_page(page, app)
    assert last(page)["loss_xlabels"] == ["0", "1"]
    for _ in range(3):
        button(page, "en", "step").click()
        page.wait_for_timeout(300)
    page.wait_for_function("() => window.__pgLast.epoch === '3'", timeout=10_000)
    assert last(page)["loss_xlabels"] == ["0", "3"]
    open_page(page, app, stop="40")
    button(page, "en", "play").click()
    page.wait_for_function("() => window.__pgLast.epoch === '40'", timeout=30_000)
    labels = last(page)["loss_xlabels"]
    assert labels == ["0", "20", "40"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_keyboard_reads_every_weight_and_bias_of_the_network(app, page, lang):
    """The network's weights and biases were read by hover or tap only. Tab from the last button to the network and
    the arrow keys go through them (for each neuron its incoming weights, then its bias); the tip and a live region
    for screen readers show each with nncore's value. A mouse click on the network shows no keyboard tip."""
    pg = P.Playground(P.Config())  # the page's defaults
    W, b = pg.net.weights, pg.net.biases
    inputs = [nncore.datasets.FEATURES[f].label for f in pg.config.features]
    neuron = lambda j: translate(lang, "playground.unit", layer=1, j=j)  # noqa: E731
    value = lambda v: f"{float(np.float32(v)):.4f}"  # noqa: E731
    open_page(page, app, lang)
    tip, said = page.locator(".tip"), page.locator(".sr")
    button(page, lang, "new_weights").focus()
    page.keyboard.press("Tab")
    tip.wait_for(timeout=5_000)
    expected = [f"{inputs[0]} → {neuron(1)}\nw = {value(W[0][0, 0])}"]
    expected += [f"{inputs[i]} → {neuron(1)}\nw = {value(W[0][i, 0])}" for i in range(1, W[0].shape[0])]
    expected += [f"{neuron(1)}\nb = {value(b[0][0])}", f"{inputs[0]} → {neuron(2)}\nw = {value(W[0][0, 1])}"]
    shown = [tip.inner_text()]
    for _ in expected[1:]:
        page.keyboard.press("ArrowRight")
        shown.append(tip.inner_text())
    assert shown == expected
    assert said.inner_text() == expected[-1].replace("\n", ": ")
    page.keyboard.press("ArrowLeft")
    assert tip.inner_text() == expected[-2]
    page.keyboard.press("End")  # the last: the output's bias
    assert tip.inner_text() == f"{translate(lang, 'playground.output_layer')}\nb = {value(b[-1][0])}"
    page.keyboard.press("Home")
    assert tip.inner_text() == expected[0]
    assert page.evaluate("() => document.activeElement.tagName") != "BODY"  # the arrows did not scroll or leave
    assert page.locator(".mark").is_visible()  # a ring on the one reached
    page.keyboard.press("Tab")  # on past the network: the tip and the ring go
    tip.wait_for(state="hidden", timeout=5_000)
    assert page.locator(".mark").is_hidden()
    box = page.locator("canvas.net").bounding_box()
    page.mouse.click(box["x"] + 2, box["y"] + box["height"] - 2)  # an empty corner: no value under the mouse
    page.wait_for_timeout(300)
    assert tip.is_hidden()


def test_the_classroom_link_keeps_the_lecturer_s_pick_when_its_box_is_folded(app, page):
    """The classroom box is filled in only while open (its link is a code block: folded, it made every load run
    Streamlit's code highlighter). A lecturer opens it, picks a control to hide, folds it and opens it again: the pick
    and the link are still there."""
    page.goto(app.url("playground", lang="en"))
    wait_for_app(page)
    assert page.evaluate("() => performance.getEntriesByType('resource').map(r => r.name)"
                         ".filter(n => n.includes('SyntaxHighlighter'))") == []  # nothing asked for it yet
    header = page.get_by_text(translate("en", "playground.classroom.title"), exact=True)
    header.scroll_into_view_if_needed()
    header.click()
    _settle(page)
    box = page.locator("[data-testid='stExpander']", has=header)
    box.get_by_role("combobox").click()
    page.get_by_role("option", name=translate("en", "playground.groups.noise"), exact=True).click()
    page.keyboard.press("Escape")
    _settle(page)
    link = box.locator("[data-testid='stCode']").inner_text()
    assert "hide=noise" in link and "/playground?" in link
    header.click()  # folded: its contents leave the page
    _settle(page)
    assert box.locator("[data-testid='stCode']").count() == 0
    header.click()
    _settle(page)
    assert box.locator("[data-testid='stCode']").inner_text() == link
    assert translate("en", "playground.groups.noise") in box.locator("[data-testid='stMultiSelect']").inner_text()
