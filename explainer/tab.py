"""What the app changes in the student's browser tab beyond the page: the document's language, the keyboard focus
when a button disables itself, the scroll after a "try this" link, accessible names and Streamlit's own words, and
the history; and it loads Plotly.js before the first chart needs it.

A tiny component (no layout of its own, drawn on every run in the sidebar):

- **The document's language.** Streamlit's page says ``<html lang="en">`` whatever the app shows; a screen reader
  then reads a Chinese page with an English voice. The component sets it to the page's language
  (``i18n.HTML_LANG``) on every run, a language switch included.
- **The keyboard focus stays in its row** when a button disables itself on being pressed (it fell to the top of
  the page): it moves to the nearest enabled button beside it. When lecture mode, switched on by keyboard, folds
  the menu away, the focus goes to the button that opens the menu, and from there into the menu.
- **A popover's contents follow its button for the keyboard.** Streamlit draws them at the end of the page: Tab
  from "Copy link" went on through the page. Opened by keyboard, the focus moves into the popover; Tab past its end
  folds it and returns to its button.
- **Enter in a "check yourself" answer box shows the feedback**, which appeared below the window.
- **A "try this" or "show me" link shows what it changed.** Followed from the bottom of the page, it left the
  window at the bottom of the new view, far below the controls it set. Once that run has finished, the window
  scrolls to the section chooser (with the focus on the section's choice), or to the top of a page without
  sections.
- **Names and words in the page's language.** A Streamlit button's label is its accessible name: the playground's
  "＋" and "－" were read out as just that. They are named by what they do (``BUTTON_NAMES``). And Streamlit writes
  its own controls' words in English on every page: "Skip to main content" (the first Tab press shows it),
  "Decrement", "Help for …", "Open", "Copy to clipboard", the file uploader's "Upload", "… per file" and "File must
  be … or smaller.", the dialog after a mistyped link ("Page not found … Running the app's main page."), the
  "Connecting" status and "Connection error" dialog while the connection is lost, and the main menu. On a
  Chinese page they are translated from the catalog (``common.streamlit``), and back in English after a switch;
  Plotly's mode bar gets its words the same way through its own ``locale`` config (``theme.plotly_config``). A
  choice's text is never touched (a student's CSV column may be called "Close"), nor a file's name. A tab that has
  only shown English pages does no search.
- **Plotly.js is loaded on every page**, one without charts included. Charts load it when the first one arrives,
  and running it takes the browser a long task (~0.4 s for the cartesian bundle 2-D charts use, ~0.9 s for the full
  file of the plotly package on this machine): a student who went from Home to a page waited for it after the click
  before any chart was drawn. Loaded on Home while the student reads, it is there when they click (``python -m
  benchmarks.first_chart``). It is loaded once per document: page switches keep it.
- **One history entry per page opened** (Back leaves a page in one press). A page's first run writes its controls'
  values into the URL (so the address bar is a link to the view). Streamlit adds a history entry for every URL its
  script writes, so opening a page made two: the link (``/activations?lang=en``) and the same page with its
  defaults filled in (``/activations?lang=en&view=compare&…``). Back from there went to the same page, and leaving
  it took two presses. Now a new history entry whose address is the current one with parameters **only added**
  (same path, every parameter there kept with its value) replaces the current entry instead, and so does any entry
  for the same page between a page switch and the student's next key or click. On a slow laptop the new page's
  first run may write its parameters before Streamlit has moved the address to the new page; after a click on a link
  to another page, such a write goes under the new page's path (it made an entry under the old path). Everything a
  student changes — a control's value, a section, a page, a reset — changes or removes a parameter, and still gets
  its own entry (Back undoes it). Arrow keys pressed one after another on one control (→ → → on a slider, no pause
  over 2 s, no click between) are one change: the first makes the entry, the next ones replace it (each key was its own
  entry, and undoing a slide by keyboard took a Back press per step).
  On a tab's first page this script loads only once the page has been drawn (1–2 s after its run under load), after
  its run wrote the defaults as an entry of its own. Back from that entry lands on the link's own (the same view) and
  goes on back at once, so a freshly opened link also leaves in one press (Chromium: the Navigation API tells which
  entry is which; elsewhere it still takes two).
"""

from __future__ import annotations

import os

import streamlit as st

from explainer import charts
from explainer.i18n import HTML_LANG, library_texts, translate

NAME = "nnx_tab"
# Buttons whose label cannot be their accessible name: widget key prefix → the name's catalog key ({i}: the number
# that ends the key, plus one)
BUTTON_NAMES = (("playground._plus", "playground.layers.more"), ("playground._minus", "playground.layers.fewer"))
TASK_KEY = "_tab.task"  # how many "try this" links this session followed (each one scrolls to its section once)

JS = charts.LOADER_JS + r"""
function guardHistory() {
  if (window.__nnxHistory) return;  // once per tab: page switches keep the same document
  window.__nnxHistory = true;
  const push = window.history.pushState.bind(window.history);
  const onlyAdds = (url, base = window.location.href) => {
    const next = new URL(url, window.location.href), now = new URL(base);
    if (next.origin !== now.origin || next.pathname !== now.pathname || next.hash !== now.hash) return false;
    for (const [k, v] of now.searchParams) if (!next.searchParams.getAll(k).includes(v)) return false;
    return true;
  };
  // The tab's first page: its first run wrote the defaults as an entry of its own before this script was there (it
  // loads once the page has been drawn), so Back went from the link with its defaults to the link itself — the same
  // view — and leaving took two presses. When Back lands there from that entry, it goes on back at once. (Taking the
  // entry out now would need a step back, which the app answers with a rerun while the student starts to work.)
  // Needs the Navigation API (Chromium); elsewhere leaving still takes two presses.
  const nav = window.navigation, loaded = performance.getEntriesByType("navigation")[0];
  const now = nav && nav.currentEntry, link = now && now.index > 0 && nav.entries()[now.index - 1];
  if (loaded && link && link.sameDocument && link.url === loaded.name && now.url !== link.url
      && onlyAdds(now.url, link.url)) {
    const filled = now.key;
    nav.addEventListener("currententrychange", (e) => {
      if (e.navigationType === "traverse" && e.from && e.from.key === filled && nav.currentEntry.key === link.key) {
        window.history.back();
      }
    });
  }
  // After a page switch, the page's own writes until the student's next key or click belong to the switch (Streamlit
  // may push the link with the old page's params first, and the new page's run then changes them)
  let switched = false, pending = null;
  for (const type of ["pointerdown", "keydown"]) {
    document.addEventListener(type, () => { switched = false; pending = null; }, true);
  }
  // Keys pressed one after another on one control (→ → → on a slider) are one change for Back: the first write of
  // its parameter makes an entry, the next ones replace it while the student goes on pressing keys on that control
  // with no pause over BURST_PAUSE_MS. A click, another control, a pause, or Back ends the run of keys.
  // (Only keys that step a value: Enter on "Next step" pressed three times is three changes, as three clicks are.)
  const BURST_PAUSE_MS = 2000, STEP_KEYS = /^(Arrow(Left|Right|Up|Down)|Page(Up|Down)|Home|End)$/;
  let keyOn = null, keyAt = -Infinity, burst = null;  // burst: {on, param} of the entry the keys are changing
  document.addEventListener("keydown", (e) => {
    if (!STEP_KEYS.test(e.key)) { burst = null; keyOn = null; return; }
    const on = (e.target instanceof Element && e.target.closest('[data-testid="stElementContainer"]')) || e.target;
    if (on !== keyOn || e.timeStamp - keyAt > BURST_PAUSE_MS) burst = null;
    keyOn = on;
    keyAt = e.timeStamp;
  }, true);
  const noBurst = () => { burst = null; keyOn = null; };
  document.addEventListener("pointerdown", noBurst, true);
  window.addEventListener("popstate", noBurst);
  const onlyChanged = (url) => {  // the one parameter whose value alone differs from the current address, or null
    const next = new URL(url, window.location.href), now = new URL(window.location.href);
    if (next.origin !== now.origin || next.pathname !== now.pathname || next.hash !== now.hash) return null;
    const keys = new Set([...now.searchParams.keys(), ...next.searchParams.keys()]);
    const changed = [...keys].filter((k) => next.searchParams.getAll(k).join("\u0000")
                                            !== now.searchParams.getAll(k).join("\u0000"));
    return changed.length === 1 && now.searchParams.has(changed[0]) && next.searchParams.has(changed[0])
      ? changed[0] : null;
  };
  // A click on a link to another page: Streamlit moves the address to the new page only once it has drawn that
  // page's menu, and on a slow laptop the new page's first run may write its parameters before that — under the old
  // page's path, as an entry of its own (Back then showed the old page with the new page's parameters). Until the
  // path has changed, such a write goes to the page being opened.
  document.addEventListener("click", (e) => {
    const a = e.target instanceof Element && e.target.closest("a[href]");
    if (!a || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey || a.target === "_blank") return;
    const to = new URL(a.href, window.location.href);
    if (to.origin === window.location.origin && to.pathname !== window.location.pathname) pending = to.pathname;
  }, true);
  window.history.pushState = function (state, title, url) {
    if (url != null) {
      const next = new URL(url, window.location.href);
      if (pending && next.pathname === window.location.pathname) {
        next.pathname = pending;
        url = next.pathname + next.search + next.hash;
      }
      pending = null;
      const samePath = next.pathname === window.location.pathname;
      if ((samePath && switched) || onlyAdds(url)) return window.history.replaceState(state, title, url);
      if (!samePath) switched = true;
      const param = keyOn && onlyChanged(url);
      if (param && burst && burst.on === keyOn && burst.param === param) {
        return window.history.replaceState(state, title, url);
      }
      burst = param ? { on: keyOn, param } : null;
    }
    return push(state, title, url);
  };
}

function keepFocus() {
  // A button that disables itself when pressed ("Next step" at the last step, "Run 10" once converged, "Reset" at
  // the start) dropped the keyboard focus to the page's top (<body>). It goes to the nearest enabled button of the
  // same row instead (left first: "Back" after the last "Next step").
  if (window.__nnxFocus) return;
  window.__nnxFocus = true;
  let last = null;
  document.addEventListener("focusin", (e) => { last = e.target; });
  new MutationObserver(() => {
    if (!last) return;
    const now = document.activeElement;
    // lecture mode switched on by keyboard folds the menu away, the switch with it: the focus goes to the button
    // that opens the menu again
    const side = document.querySelector('[data-testid="stSidebar"]');
    if (last.dataset.testid === "stExpandSidebarButton" && side && side.getAttribute("data-collapsed") === "false"
        && (!now || now === document.body)) {  // the menu opened again: into it, at its first link
      const first = side.querySelector('[data-testid="stSidebarUserContent"] a[href]');
      if (first) first.focus({ preventScroll: true });
      return;
    }
    const menu = last.closest('[data-testid="stSidebar"]');
    if (menu && menu.getAttribute("data-collapsed") === "true" && (!now || now === document.body || menu.contains(now))) {
      const open = document.querySelector('[data-testid="stExpandSidebarButton"] button, button[data-testid="stExpandSidebarButton"]');
      if (open) { last = open; open.focus({ preventScroll: true }); }
      return;
    }
    // (the browser moves the focus off a disabled button only at its next rendering: it may still be there)
    if (!last.disabled || (now && now !== document.body && now !== last)) return;
    const row = last.closest('[data-testid="stHorizontalBlock"]');
    if (!row) return;
    const buttons = [...row.querySelectorAll("button")], i = buttons.indexOf(last);
    for (let d = 1; d < buttons.length; d++) {
      for (const j of [i - d, i + d]) {
        const b = buttons[j];
        if (b && !b.disabled) { b.focus({ preventScroll: true }); return; }
      }
    }
  }).observe(document.body, { attributes: true, attributeFilter: ["disabled", "data-collapsed"], subtree: true });
}

function popoverFocus() {
  // A popover ("Copy link", the playground's "Display") draws its contents at the end of the page, not after its
  // button: Tab from the button went on through the page, and its contents were reached only after every other
  // control. Opened by keyboard (a click with no mouse press: Enter, Space, a screen reader), the focus moves into
  // it; Tab past its end folds it and returns to the button, Shift+Tab before its start returns to the button.
  if (window.__nnxPopover) return;
  window.__nnxPopover = true;
  const BODY = '[data-testid="stPopoverBody"]', BUTTON = '[data-testid="stPopoverButton"]';
  const stops = (box) => [...box.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
    .filter((e) => !e.disabled && e.tabIndex >= 0 && e.getClientRects().length);
  let opener = null;
  document.addEventListener("click", (e) => {
    const button = e.target.closest && e.target.closest(BUTTON);
    if (!button || e.detail !== 0) return;
    opener = button;
    const t0 = performance.now();
    const into = () => {
      const box = button.getAttribute("aria-expanded") === "true" && document.querySelector(BODY);
      const first = box && stops(box)[0];
      if (first) { if (document.activeElement === button) first.focus(); return; }
      if (performance.now() - t0 < 2000) requestAnimationFrame(into);
    };
    requestAnimationFrame(into);
  }, true);
  document.addEventListener("keydown", (e) => {
    const box = e.key === "Tab" && e.target.closest && e.target.closest(BODY);
    const button = opener && opener.isConnected ? opener : document.querySelector(`${BUTTON}[aria-expanded="true"]`);
    if (!box || !button) return;
    const list = stops(box);
    if (e.target !== (e.shiftKey ? list[0] : list[list.length - 1])) return;
    e.preventDefault();
    button.focus();
    if (!e.shiftKey) button.click();  // folded: the next Tab goes on through the page
  }, true);
}

function formFeedback() {
  // "Check yourself": Enter in an answer box submits the question, and its feedback appears under the form — below
  // the window when the box was near its bottom edge, and the student saw nothing happen. Once that run has
  // finished, the feedback is scrolled into sight (as little as needed).
  if (window.__nnxForm) return;
  window.__nnxForm = true;
  // On a busy machine the run may begin seconds after the key press, so this watches for the run (up to 10 s) and
  // scrolls each time it finds the feedback with no run going, until it has seen that run finish.
  const feedback = (form) => {
    let el = form;
    while (el && !el.nextElementSibling && !el.matches('[data-testid="stMain"]')) el = el.parentElement;
    const next = el && el.nextElementSibling;
    return next && next.querySelector('[data-testid="stAlert"]') ? next : null;
  };
  const after = (form) => {
    const t0 = performance.now();
    const before = feedback(form)?.querySelector('[data-testid="stAlert"]');
    let ran = false;
    const go = () => {
      const app = document.querySelector('[data-testid="stApp"]');
      const running = app && app.getAttribute("data-test-script-state") === "running";
      ran = ran || running;
      const shown = !running && feedback(form);
      if (shown) shown.scrollIntoView({ block: "nearest" });
      // done: the run was seen to finish, or a new feedback came (a run too quick to be seen), or 10 s
      const fresh = shown && shown.querySelector('[data-testid="stAlert"]') !== before;
      if (!((ran && !running) || fresh) && performance.now() - t0 < 10000) setTimeout(go, 50);
    };
    setTimeout(go, 50);
  };
  document.addEventListener("keydown", (e) => {
    const form = e.key === "Enter" && e.target.closest && e.target.closest('[data-testid="stForm"]');
    if (form && e.target.matches("input")) after(form);
  }, true);
}

function showSection() {
  // once this run has finished (the page below has its new height): the section chooser at the top of the window,
  // the focus on its choice
  afterRun(() => {
    // the section chooser is the page's "view" control (its container has the class st-key-<page>-view)
    const keyed = [...document.querySelectorAll('[data-testid="stMain"] [class*="st-key-"]')]
      .find((e) => [...e.classList].some((c) => /^st-key-[a-z_]+-view$/.test(c)));
    const chooser = keyed && keyed.querySelector('[data-testid="stRadio"]');
    if (!chooser) {  // a page without sections (the playground): its top, and the focus there (it stayed on the
      const main = document.querySelector('[data-testid="stMain"]');  // link, far below: Tab went back down)
      if (main) { main.scrollTo({ top: 0 }); main.focus({ preventScroll: true }); }
      return;
    }
    chooser.scrollIntoView({ block: "start" });
    const on = chooser.querySelector("input:checked") || chooser.querySelector("input");
    if (on) on.focus({ preventScroll: true });
    // the choice the link made may be checked only a moment after the run (the focus was on the one before): for a
    // second, the focus follows the checked choice while it has not left the chooser
    const until = performance.now() + 1500;
    const follow = () => {
      const now = chooser.querySelector("input:checked"), at = document.activeElement;
      if (now && now !== at && (at === document.body || chooser.contains(at))) {
        chooser.scrollIntoView({ block: "start" });
        now.focus({ preventScroll: true });
      }
      if (performance.now() < until && chooser.isConnected) setTimeout(follow, 100);
    };
    setTimeout(follow, 100);
  });
}

function afterRun(fn) {
  // ``fn`` once the app's run has finished (for at most 10 s)
  const t0 = performance.now();
  const go = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const running = app && app.getAttribute("data-test-script-state") === "running";
    if (running && performance.now() - t0 < 10000) { setTimeout(go, 50); return; }
    fn();
  };
  setTimeout(go, 50);
}

function relabel(data) {
  // Accessible names a Streamlit button cannot be given (its label is its name: the playground's "＋" and "－"), and
  // Streamlit's own words in the page's language ("Decrement", "Help for …", the uploader's text, on a Chinese page;
  // back in English after a switch): set after every change of the page, once per frame at most
  const texts = data.words || {}, target = data.lang_code || "en";
  const rx = (s) => new RegExp("^" + s.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace("{x}", "(.+)") + "$");
  const words = [];  // [English or Chinese text (a RegExp where it has {x}), the page's text]
  for (const [lang, list] of Object.entries(texts)) {
    if (lang === target || !texts[target]) continue;
    list.forEach((s, i) => {
      const to = texts[target][i];
      if (s !== to) words.push([s.includes("{x}") ? rx(s) : s, to]);
    });
  }
  // a tab that has only ever shown English pages has nothing to translate: the page costs no search
  if (target !== "en") window.__nnxForeign = true;
  window.__nnxWords = { names: data.names || {}, words: window.__nnxForeign ? words : [], noResults: data.no_results };
  if (!window.__nnxRelabel) {
    window.__nnxRelabel = true;
    let queued = false;
    // only new elements and changed names matter: the playground's numbers change as text 48 times a second
    const matters = (r) => r.type === "attributes" || [...r.addedNodes].some((n) => n.nodeType === 1);
    new MutationObserver((records) => {
      if (queued || !records.some(matters)) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; applyWords(); });
    }).observe(document.body, { childList: true, subtree: true, attributes: true,
                                attributeFilter: ["aria-label", "placeholder"] });
  }
  applyWords();
}

function translated(text, words) {
  for (const [from, to] of words) {
    if (typeof from === "string") { if (text === from) return to; continue; }
    const m = from.exec(text);
    if (m) return to.replace("{x}", m[1]);
  }
  return null;
}

function applyWords() {
  const W = window.__nnxWords;
  if (!W) return;
  for (const [key, name] of Object.entries(W.names)) {  // key: a widget key's class prefix; {i}: its number + 1
    for (const box of document.querySelectorAll(`[class*="st-key-${key}"]`)) {
      const cls = [...box.classList].find((c) => c.startsWith(`st-key-${key}`));
      const m = /(\d+)$/.exec(cls || "");
      if (!m) continue;
      const text = name.replace("{i}", String(Number(m[1]) + 1));
      for (const button of box.querySelectorAll("button"))  // (Streamlit keeps a hidden copy of a button with help)
        if (button.getAttribute("aria-label") !== text) button.setAttribute("aria-label", text);
    }
  }
  if (!W.words.length) return;
  for (const el of document.querySelectorAll("[aria-label], [placeholder]")) {
    if (el.closest('[role="option"]')) continue;  // a choice's own words
    for (const attr of ["aria-label", "placeholder"]) {
      const v = el.getAttribute(attr);
      const ours = v && translated(v, W.words);
      if (ours && ours !== v) el.setAttribute(attr, ours);
    }
  }
  // visible text: the skip link, the file uploader's button and instructions, a refused file's "File must be … or
  // smaller." (its chip's tooltip and the text read out; never the file's own name), Streamlit's dialogs ("Page not
  // found", "Connection error", "Record a screencast"), the status in the corner ("Connecting"), the main menu
  // ("Print"), an input's "Press Enter to submit form", and a select box's "No results" (only that in a menu: its
  // options are the app's or a student's words — a CSV column may well be called "Close")
  const menus = '[data-baseweb="popover"], [role="listbox"]';
  const empty = new Set(W.words.filter(([, to]) => to === W.noResults).map(([from]) => from));
  const boxes = ['[data-testid="stSkipToContent"]', '[data-testid="stFileUploaderDropzone"]',
                 '[data-testid="stFileChips"]', '[data-testid="stTooltipErrorContent"]', '[data-testid="stDialog"]',
                 '[data-testid="stStatusWidget"]', '[data-testid="stMainMenuPopover"]',
                 '[data-testid="InputInstructions"]', menus].join(", ");
  for (const box of document.querySelectorAll(boxes)) {
    const menu = box.matches(menus);
    const walk = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
      const text = node.nodeValue.trim();
      if (!text || node.parentElement.closest('[data-testid="stFileChipName"]')) continue;  // a student's file name
      if (menu && (!empty.has(text) || node.parentElement.closest('[role="option"]'))) continue;
      const ours = translated(text, W.words);
      if (ours && ours !== text) node.nodeValue = ours;
    }
  }
}

export default function (component) {
  guardHistory();
  keepFocus();
  popoverFocus();
  formFeedback();
  const data = component.data || {};
  if (data.lang && document.documentElement.lang !== data.lang) document.documentElement.lang = data.lang;
  if (data.task && data.task !== window.__nnxTask) { window.__nnxTask = data.task; showSection(); }
  relabel(data);
  // Plotly.js is loaded on every page, those without a chart included (a failed load is tried again by a chart)
  if (data.plotly) loadPlotly(staticUrl(data.page, data.plotly)).catch(() => {});
}
"""


@st.cache_resource(show_spinner=False, max_entries=1)
def _component():
    """Registered once per process (the component registry keeps it)."""
    return st.components.v2.component(NAME, html="", js=JS)


def task_followed() -> None:
    """A "try this" / "show me" link was followed in this run: the window scrolls to the section it opened."""
    st.session_state[TASK_KEY] = st.session_state.get(TASK_KEY, 0) + 1


def sync(lang: str, page: str) -> None:
    """Mount or update the component for a page in ``lang`` whose address ends in ``page`` (once per run, in the
    sidebar: it takes no room)."""
    names = {key.replace(".", "-"): translate(lang, msg, i="{i}") for key, msg in BUTTON_NAMES}
    _component()(key=NAME, data={"lang": HTML_LANG[lang], "lang_code": lang, "task": st.session_state.get(TASK_KEY, 0),
                                 "names": names, "words": dict(library_texts("streamlit")),
                                 "no_results": translate(lang, "common.streamlit.no_results"),
                                 "plotly": _plotly_early(), "page": page})


def _plotly_early() -> str | None:
    """The Plotly.js file 2-D charts are drawn with, for the tab to load on a page without charts; None with
    ``EXPLAINER_PLOTLY_EARLY=0`` in the environment (``python -m benchmarks.first_chart`` compares the two) or when
    charts are not ours."""
    if os.environ.get("EXPLAINER_PLOTLY_EARLY", "1") == "0" or not charts.ready():
        return None
    return charts.bundle_for({})
